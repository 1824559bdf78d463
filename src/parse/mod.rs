//! Markdown → [`Site`](crate::model::Site).
//!
//! 1. `outline`: which items of which file make which page (split a book at `##`).
//! 2. `draft`: sections, code examples and questions, with their ids (`files`: one file's
//!    steps 1 and 2, which depend on that file alone).
//! 3. `links`: the anchor table of every page, then (`finish`) prose is rendered to HTML
//!    with every link resolved (`html`).
//!
//! `memo` keeps each file's result between the builds of a session, so that an edit parses
//! only the file it changed.

mod aliases;
mod code;
mod dialect;
mod draft;
mod emoji;
mod files;
mod finish;
mod folders;
mod heading_ids;
mod html;
mod include;
mod items;
mod links;
mod math;
mod memo;
mod nested;
mod outline;
mod qa;
mod questions;
mod rawhtml;
mod share_keys;

pub use draft::strip_tags;
pub(crate) use include::included_files;
pub use memo::ParseMemo;

use std::collections::{HashMap, HashSet};

use rayon::prelude::*;

use dialect::Rewritten;
use draft::{DraftPage, PageDrafter};
use files::FileState;
use folders::Folders;
use items::Item;
use links::{LinkTable, PageAnchors};
use memo::{Shape, Sketch};
use outline::{RawPage, outline_single};

use crate::config::Config;
use crate::diag::Diagnostic;
use crate::model::{Page, Site};
use crate::slug::{slugify, tidy_dashes};
use crate::source::{Document, Sources, read_document};

/// Output names that pages may not take.
const RESERVED: &[&str] = &[
    "index",
    "questions",
    "examples",
    "search",
    "404",
    "study",
    "print",
];

/// The site of one Markdown file `content/<name>` holding `text` (for tests).
#[cfg(test)]
pub fn parse_text(name: &str, text: &str, config: Config) -> (Site, Vec<Diagnostic>) {
    let sources = Sources {
        root: Default::default(),
        files: vec![crate::source::SourceFile {
            path: format!("content/{name}"),
            rel: name.into(),
            text: text.into(),
        }],
        assets: Vec::new(),
    };
    parse_site(config, &sources)
}

/// Parses every source into the site model. Errors and warnings are returned alongside: the
/// caller decides whether errors stop it (`build`) or are only listed (`check`).
///
/// Diagnostics come in the order of the steps, each step's in file or page order, so that
/// they do not depend on the number of threads.
pub fn parse_site(config: Config, sources: &Sources) -> (Site, Vec<Diagnostic>) {
    parse_site_memo(config, sources, &mut ParseMemo::none())
}

/// [`parse_site`] taking what `memo` kept of the last parse of the same site: a file whose
/// text (and the site around it) did not change is not parsed again, and its pages are
/// taken whole while every page's anchors are as they were. The site and diagnostics are
/// the same as [`parse_site`]'s. The build gives the pages back ([`ParseMemo::keep`]).
pub fn parse_site_memo(
    config: Config,
    sources: &Sources,
    memo: &mut ParseMemo,
) -> (Site, Vec<Diagnostic>) {
    let mut diags = Vec::new();
    let (docs, unreadable) = read_documents(sources, &mut diags);
    let mut folder_diags = Vec::new();
    let folders = Folders::read(&docs, &sources.assets, &mut folder_diags);
    let home = home_file(&docs);
    let ctx = files::FileContext::of(&config, docs.len(), home, &sources.root);
    let context = memo::context_key(&config, home, ctx.split_all);
    let (last, last_table) = memo.take(context);
    let (keys, mut files) = files::kept_or_drafted(&docs, &ctx, context, last);
    let order = ordered(&docs, &folders);
    let (book_title, intro_doc) = title_and_intro(&order, &files, home);
    let (urls, mut table, table_key) = anchor_table(&order, &files, &docs, home, sources);
    table.unreadable = unreadable;
    table.broken_links = config.broken_links;
    let table_key = memo::table_key(table_key, &table);
    // A kept file's pages resolved their links against the last table: with another one
    // (an anchor added, moved or gone) the file is drafted again and its pages finished.
    files.par_iter_mut().enumerate().for_each(|(i, file)| {
        let stale = match file {
            FileState::Kept(f) => {
                Some(table_key) != last_table || (intro_doc == Some(i) && f.intro.is_none())
            }
            FileState::Fresh(_) => false,
        };
        if stale {
            *file = FileState::Fresh(files::draft_file(&docs[i], &ctx));
        }
    });
    let finished = files::finish_files(&mut files, &docs, &order, &urls, &table, home);
    let intro = intro_doc.map(|i| files::intro_of(&files[i], &docs[i], &table));
    diags.extend(files::diagnostics(
        &files,
        &order,
        folder_diags,
        intro.as_ref(),
    ));
    let intro_at = intro_doc.zip(intro.as_ref());
    let drafted = files.iter().filter(|f| f.is_fresh()).count();
    let (pages, recorded) = files::settle(files, finished, &order, &keys, intro_at);
    memo.record(context, table_key, recorded, drafted);
    let intro = intro.zip(intro_doc).map(|((html, _), i)| (html, &docs[i]));
    let site = assemble_site(config, sources, &folders, pages, intro, book_title);
    (site, diags)
}

/// Every page's url and the anchor table (without the site-wide parts), with the hash of
/// the pages' part of it ([`memo::pages_key`]).
fn anchor_table(
    order: &[(usize, &Document<'_>)],
    files: &[FileState<'_>],
    docs: &[Document<'_>],
    home: Option<&str>,
    sources: &Sources,
) -> (Vec<String>, LinkTable, u128) {
    let placed: Vec<(usize, &Sketch)> = order
        .iter()
        .flat_map(|&(i, _)| files[i].sketches().iter().map(move |s| (i, s)))
        .collect();
    let urls = assign_urls(&placed, docs, home);
    let table = link_table(&placed, docs, &urls, sources);
    let key = memo::pages_key(&placed, docs, &urls);
    (urls, table, key)
}

/// The site made of its finished pages; `intro`: the home page's introduction and the
/// document it is from.
fn assemble_site(
    config: Config,
    sources: &Sources,
    folders: &Folders,
    pages: Vec<Page>,
    intro: Option<(String, &Document<'_>)>,
    book_title: Option<String>,
) -> Site {
    let pages = with_folder_groups(pages, folders);
    let (intro_html, intro_source) = match intro {
        Some((html, doc)) => (html, Some(doc.source.path.clone())),
        None => (String::new(), None),
    };
    let title = config
        .title
        .clone()
        .or(book_title)
        .unwrap_or_else(|| "Documentation".into());
    let assets = sources
        .assets
        .iter()
        .filter(|a| !folders::is_category_file(&a.rel))
        .map(|a| (a.rel.clone(), a.bytes.clone()))
        .collect();
    let share = share_keys::share_keys(&pages);
    Site {
        config,
        title,
        intro_html,
        intro_source,
        intro_updated: None,
        pages,
        assets,
        share,
    }
}

/// Every source that is not a draft, with its front matter split off; a file that cannot be
/// read so is a diagnostic, and its name is kept (links to it are not "missing"). The front
/// matter's warnings follow the errors.
fn read_documents<'a>(
    sources: &'a Sources,
    diags: &mut Vec<Diagnostic>,
) -> (Vec<Document<'a>>, HashSet<String>) {
    let read: Vec<_> = sources.files.par_iter().map(read_document).collect();
    let mut unreadable = HashSet::new();
    let docs: Vec<Document<'_>> = read
        .into_iter()
        .zip(&sources.files)
        .filter_map(|(r, file)| {
            r.map_err(|d| {
                diags.push(d);
                unreadable.insert(file.rel.clone());
            })
            .ok()
        })
        .filter(|d| !d.front.draft)
        .collect();
    diags.extend(docs.iter().flat_map(|d| d.warnings.iter().cloned()));
    (docs, unreadable)
}

/// The site's title as its content gives it (the first book's `#` heading or front matter
/// title, or the home file's), and the file whose text before its first chapter is the
/// home page's introduction.
fn title_and_intro(
    order: &[(usize, &Document<'_>)],
    files: &[FileState<'_>],
    home: Option<&str>,
) -> (Option<String>, Option<usize>) {
    let (mut title, mut intro) = (None, None);
    for &(i, doc) in order {
        match files[i].shape() {
            Shape::Book(t) => {
                if home.is_none() && intro.is_none() {
                    title = title.or(doc.front.title.clone()).or(t.clone());
                    intro = Some(i);
                }
            }
            Shape::Single(heading) => {
                if home == Some(doc.source.rel.as_str()) {
                    title = doc.front.title.clone().or(heading.clone());
                }
            }
        }
    }
    (title, intro)
}

/// Rank of a folder's index file (`index.md` before `_index.md` before `README.md`, GitHub's
/// convention), or None for any other file.
fn index_rank(rel: &str) -> Option<u8> {
    let name = rel.rsplit('/').next().unwrap_or(rel);
    let stem = crate::source::markdown_stem(name)?;
    match stem.to_ascii_lowercase().as_str() {
        "index" => Some(0),
        "_index" => Some(1),
        "readme" => Some(2),
        _ => None,
    }
}

/// The file at the top of `content/` that is the home page (its content in full is the home
/// page's introduction). A lone file is a whole guide, split like any book, whatever its name.
fn home_file<'d>(docs: &'d [Document<'_>]) -> Option<&'d str> {
    if docs.len() < 2 {
        return None;
    }
    docs.iter()
        .map(|d| d.source.rel.as_str())
        .filter(|rel| !rel.contains('/'))
        .filter_map(|rel| index_rank(rel).map(|r| (r, rel)))
        .min()
        .map(|(_, rel)| rel)
}

/// Documents in reading order: top-level files first, then by folder (its position, then
/// name); within a folder its index file (`index.md`, `README.md`) first, then by front
/// matter `order`, then file name.
fn ordered<'d, 'a>(docs: &'d [Document<'a>], folders: &Folders) -> Vec<(usize, &'d Document<'a>)> {
    let mut v: Vec<_> = docs.iter().enumerate().collect();
    let dir = |d: &Document<'_>| {
        let rel = &d.source.rel;
        rel.rsplit_once('/').map_or("", |(dir, _)| dir).to_string()
    };
    v.sort_by(|(_, a), (_, b)| {
        let order = |d: &Document<'_>| d.front.order.unwrap_or(f64::MAX);
        let index = |d: &Document<'_>| index_rank(&d.source.rel).unwrap_or(u8::MAX);
        folders
            .compare(&dir(a), &dir(b))
            .then_with(|| index(a).cmp(&index(b)))
            .then_with(|| order(a).total_cmp(&order(b)))
            .then_with(|| a.source.rel.cmp(&b.source.rel))
    });
    v
}

/// Each page's navigation group is its folder's title (the folder path until now). A
/// folder whose one page is its own index page, with no other title (a `_category_.json`
/// label, say), is that page rather than a group (a heading over one link, as a folder per
/// question made): the page stands among its parent folder's pages.
fn with_folder_groups(mut pages: Vec<Page>, folders: &Folders) -> Vec<Page> {
    let mut counts: HashMap<String, usize> = HashMap::new();
    for dir in pages.iter().filter_map(|p| p.group.as_ref()) {
        *counts.entry(dir.clone()).or_default() += 1;
    }
    for page in &mut pages {
        let Some(dir) = page.group.take() else {
            continue;
        };
        let mut group = Some(dir.as_str());
        let folder_page = page.url == format!("{dir}/index.html");
        let titled_apart = folders.own_title(&dir).is_some_and(|t| t != page.title);
        if counts.get(&dir) == Some(&1) && folder_page && !titled_apart {
            // The nearest folder above that holds pages of its own, if any.
            group = None;
            let mut above = dir.as_str();
            while let Some((parent, _)) = above.rsplit_once('/') {
                if counts.contains_key(parent) {
                    group = Some(parent);
                    break;
                }
                above = parent;
            }
        }
        page.group = group.map(|g| folders.group_title(g));
    }
    pages
}

impl<'a> RawPage<'a> {
    /// The page heading as an item again (a home file's first heading when it is not its title).
    fn heading_item(&self) -> Option<Item<'a>> {
        let h = self.heading.as_ref()?;
        let level = pulldown_cmark::HeadingLevel::try_from(h.level as usize).ok()?;
        let mut events = vec![(
            pulldown_cmark::Event::Start(pulldown_cmark::Tag::Heading {
                level,
                id: None,
                classes: vec![],
                attrs: vec![],
            }),
            h.offset..h.offset,
        )];
        events.extend(h.inline.iter().cloned());
        events.push((
            pulldown_cmark::Event::End(pulldown_cmark::TagEnd::Heading(level)),
            h.offset..h.offset,
        ));
        Some(Item { events })
    }
}

/// The home file is one page (the home page's content in full): its `#` heading is the
/// site's title, any other first heading is its first section.
fn outline_home<'a>(
    doc: &Document<'a>,
    rewritten: Option<&Rewritten>,
    question_headings: bool,
) -> RawPage<'a> {
    let mut page = outline_single(doc, rewritten, question_headings);
    outline::drop_toc_section(&mut page.items);
    if page.heading.as_ref().is_some_and(|h| h.level != 1) {
        if let Some(item) = page.heading_item() {
            page.items.insert(0, item);
        }
        page.heading = None;
        page.base_level = 1;
        page.offset = 0;
    }
    page
}

fn draft_page<'a>(
    doc: &Document<'a>,
    raw: &RawPage<'a>,
    diags: &mut Vec<Diagnostic>,
) -> DraftPage<'a> {
    let mut drafter = PageDrafter::new(doc, raw, diags);
    let stem = doc.source.rel.rsplit('/').next().unwrap_or("page");
    let stem = crate::source::markdown_stem(stem).unwrap_or(stem);
    let heading_text = raw.heading.as_ref().map(|h| h.text());
    let title = raw
        .front_title
        .clone()
        .or_else(|| {
            heading_text
                .as_deref()
                .map(|t| without_hashes(t).to_string())
        })
        .unwrap_or_else(|| stem.to_string());
    let id = drafter.page_id(
        raw.heading.as_ref(),
        raw.front_title.is_some(),
        &title,
        "top",
    );
    let (lead, sections) = drafter.draft_items(&raw.items, &id);
    DraftPage {
        chapter: raw.chapter,
        id,
        title,
        heading: raw
            .heading
            .as_ref()
            .map(|h| heading_without_hashes(h.inline.clone()))
            .unwrap_or_default(),
        lead,
        sections,
        aliases: drafter.take_aliases(),
        inner_ids: drafter.take_inner_ids(),
        location: doc.location(raw.offset),
    }
}

/// A topic written `## # 1. Introduction` (a `#` kept as text, common in READMEs) is titled
/// `1. Introduction`.
fn without_hashes(title: &str) -> &str {
    let rest = title.trim_start_matches('#').trim_start();
    if rest.is_empty() || rest.len() == title.len() {
        title
    } else {
        rest
    }
}

fn heading_without_hashes(mut inline: Vec<items::Ev<'_>>) -> Vec<items::Ev<'_>> {
    if let Some((pulldown_cmark::Event::Text(t), _)) = inline.first_mut() {
        let rest = without_hashes(t);
        if rest.len() != t.len() {
            *t = rest.to_string().into();
        }
    }
    inline
}

/// Output paths: chapters of a split file take their heading id, whole files their slug or
/// file name (inside their folder). Unique across the site; reserved names get a suffix.
fn assign_urls(
    placed: &[(usize, &Sketch)],
    docs: &[Document<'_>],
    home: Option<&str>,
) -> Vec<String> {
    let mut taken: HashSet<String> = RESERVED.iter().map(|s| s.to_string()).collect();
    placed
        .iter()
        .map(|&(i, d)| {
            let doc = &docs[i];
            let rel = &doc.source.rel;
            if home == Some(rel.as_str()) {
                return "index.html".to_string();
            }
            let (dir, stem) = match rel.rsplit_once('/') {
                Some((dir, file)) => (format!("{dir}/"), file),
                None => (String::new(), rel.as_str()),
            };
            let stem = crate::source::markdown_stem(stem).unwrap_or(stem);
            let whole_file = !d.chapter;
            let base = match (&doc.front.slug, whole_file) {
                (Some(s), true) => slugify(s),
                // A sub-folder's README.md is that folder's index page, as on GitHub.
                (None, true) if !dir.is_empty() && index_rank(rel) == Some(2) => "index".into(),
                (None, true) => slugify(stem),
                _ => tidy_dashes(&d.id),
            };
            let base = if base.is_empty() {
                "page".to_string()
            } else {
                base
            };
            let mut candidate = format!("{dir}{base}");
            let mut n = 2;
            while !taken.insert(candidate.clone()) {
                candidate = format!("{dir}{base}-{n}");
                n += 1;
            }
            format!("{candidate}.html")
        })
        .collect()
}

/// Which page holds which anchor, and which pages each file made.
fn link_table(
    placed: &[(usize, &Sketch)],
    docs: &[Document<'_>],
    urls: &[String],
    sources: &Sources,
) -> LinkTable {
    let mut table = LinkTable::default();
    for (i, (&(doc, sketch), url)) in placed.iter().zip(urls).enumerate() {
        table.pages.push(PageAnchors {
            url: url.clone(),
            ids: sketch.ids.iter().cloned().collect(),
        });
        table
            .files
            .entry(docs[doc].source.rel.clone())
            .or_default()
            .push(i);
    }
    table.assets = sources.assets.iter().map(|a| a.rel.clone()).collect();
    table
}
