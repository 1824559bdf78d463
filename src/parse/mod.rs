//! Markdown → [`Site`](crate::model::Site).
//!
//! 1. `outline`: which items of which file make which page (split a book at `##`).
//! 2. `draft`: sections, code examples and questions, with their ids.
//! 3. `links`: the anchor table of every page, then prose is rendered to HTML with every
//!    link resolved (`html`).

mod aliases;
mod code;
mod dialect;
mod draft;
mod emoji;
mod folders;
mod heading_ids;
mod html;
mod include;
mod items;
mod links;
mod math;
mod nested;
mod outline;
mod qa;
mod questions;
mod rawhtml;
mod share_keys;

pub use draft::strip_tags;
pub(crate) use include::included_files;

use std::collections::HashSet;

use rayon::prelude::*;

use dialect::Rewritten;
use draft::{Draft, DraftPage, PageDrafter, Part};
use folders::Folders;
use html::HtmlWriter;
use items::{Item, plain_text};
use links::{LinkFrom, LinkTable, PageAnchors};
use outline::{FileOutline, RawPage, outline_chapters, outline_single};

use crate::config::{Config, Split};
use crate::diag::Diagnostic;
use crate::model::{Block, Page, Prose, Question, Section, Site};
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
    let mut diags = Vec::new();
    let (docs, unreadable) = read_documents(sources, &mut diags);
    let rewrites = read_dialects(&docs, &mut diags);
    let folders = Folders::read(&docs, &sources.assets, &mut diags);
    let home = home_file(&docs);
    let SiteOutline {
        book_title,
        intro,
        pages: raw_pages,
    } = outline_site(&docs, &rewrites, &folders, &config, home);
    let mut drafts = draft_pages(&docs, &raw_pages, &mut diags);
    include::expand_includes(&mut drafts, &docs, &sources.root, &mut diags);
    aliases::attach_front_aliases(&mut drafts, &docs, &mut diags);
    let urls = assign_urls(&drafts, &docs, home);
    let mut table = link_table(&drafts, &docs, &urls, sources);
    table.unreadable = unreadable;
    table.broken_links = config.broken_links;
    let pages = finish_pages(&docs, &drafts, &urls, &table, home, &mut diags);
    let pages = with_folder_groups(pages, &folders);
    let (intro_html, intro_source) = match &intro {
        Some((doc, items)) => (
            intro_html(&docs[*doc], items, &table, &mut diags),
            Some(docs[*doc].source.path.clone()),
        ),
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
    (
        Site {
            config,
            title,
            intro_html,
            intro_source,
            intro_updated: None,
            pages,
            assets,
            share,
        },
        diags,
    )
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

/// The body of each document rewritten from another dialect (see [`dialect`]), when it uses
/// one; the rewrites' warnings go to `diags`, in file order.
fn read_dialects(docs: &[Document<'_>], diags: &mut Vec<Diagnostic>) -> Vec<Option<Rewritten>> {
    let read: Vec<_> = docs
        .par_iter()
        .map(|doc| {
            let (rewritten, warnings) = dialect::rewrite_dialects(doc.body);
            let warnings: Vec<Diagnostic> = warnings
                .into_iter()
                .map(|(offset, message)| Diagnostic::warning(doc.location(offset), message))
                .collect();
            (rewritten, warnings)
        })
        .collect();
    read.into_iter()
        .map(|(rewritten, warnings)| {
            diags.extend(warnings);
            rewritten
        })
        .collect()
}

/// What the files' outlines make of the site, in reading order.
struct SiteOutline<'a> {
    /// The title the content gives the site (its first `#` heading or front matter title).
    book_title: Option<String>,
    /// The document and items before the first chapter, shown on the home page.
    intro: Option<(usize, Vec<Item<'a>>)>,
    pages: Vec<RawPage<'a>>,
}

/// Outlines each file (its Markdown parsed) in parallel, then assembles the outlines in
/// reading order.
fn outline_site<'a>(
    docs: &[Document<'a>],
    rewrites: &[Option<Rewritten>],
    folders: &Folders,
    config: &Config,
    home: Option<&str>,
) -> SiteOutline<'a> {
    let split_all = match config.split {
        Split::Auto => docs.len() == 1,
        Split::Chapters => true,
        Split::None => false,
    };
    let is_home = |doc: &Document<'_>| home == Some(doc.source.rel.as_str());
    let question_headings = config.question_headings;
    let outlines: Vec<Outlined<'_>> = ordered(docs, folders)
        .into_par_iter()
        .map(|(i, doc)| {
            let rewritten = rewrites[i].as_ref();
            let split = doc.front.split.map_or(split_all, |s| s == Split::Chapters);
            if is_home(doc) {
                Outlined::Single(outline_home(i, doc, rewritten, question_headings))
            } else if split {
                Outlined::Chapters(outline_chapters(i, doc, rewritten, question_headings))
            } else {
                Outlined::Single(outline_single(i, doc, rewritten, question_headings))
            }
        })
        .collect();
    let mut site = SiteOutline {
        book_title: None,
        intro: None,
        pages: Vec::new(),
    };
    for (outlined, (i, doc)) in outlines.into_iter().zip(ordered(docs, folders)) {
        match outlined {
            Outlined::Chapters(outline) => {
                let FileOutline {
                    book_title: t,
                    intro: items,
                    pages,
                } = outline;
                if home.is_none() && site.intro.is_none() {
                    site.book_title = site.book_title.or(doc.front.title.clone()).or(t);
                    site.intro = Some((i, items));
                }
                site.pages.extend(pages);
            }
            Outlined::Single(page) => {
                if is_home(doc) {
                    site.book_title = doc.front.title.clone().or_else(|| {
                        page.heading
                            .as_ref()
                            .map(|h| without_hashes(&h.text()).to_string())
                    });
                }
                site.pages.push(page);
            }
        }
    }
    site
}

/// Every page drafted in parallel, each with its own diagnostics, which are then appended
/// in page order.
fn draft_pages<'a>(
    docs: &[Document<'a>],
    raw_pages: &[RawPage<'a>],
    diags: &mut Vec<Diagnostic>,
) -> Vec<DraftPage<'a>> {
    let (drafts, page_diags): (Vec<DraftPage<'_>>, Vec<Vec<Diagnostic>>) = raw_pages
        .par_iter()
        .map(|raw| {
            let mut d = Vec::new();
            let draft = draft_page(&docs[raw.doc], raw, &mut d);
            (draft, d)
        })
        .unzip();
    diags.extend(page_diags.into_iter().flatten());
    drafts
}

/// Every page finished (its prose rendered with links resolved through `table`) in
/// parallel, its diagnostics appended in page order.
fn finish_pages(
    docs: &[Document<'_>],
    drafts: &[DraftPage<'_>],
    urls: &[String],
    table: &LinkTable,
    home: Option<&str>,
    diags: &mut Vec<Diagnostic>,
) -> Vec<Page> {
    let (pages, page_diags): (Vec<Page>, Vec<Vec<Diagnostic>>) = drafts
        .par_iter()
        .zip(urls)
        .enumerate()
        .map(|(i, (draft, url))| {
            let mut d = Vec::new();
            let mut page = finish_page(&docs[draft.doc], draft, i, url, table, &mut d);
            page.home = home == Some(docs[draft.doc].source.rel.as_str());
            (page, d)
        })
        .unzip();
    diags.extend(page_diags.into_iter().flatten());
    pages
}

/// The HTML of the items before the first chapter, for the home page.
fn intro_html(
    doc: &Document<'_>,
    items: &[Item<'_>],
    table: &LinkTable,
    diags: &mut Vec<Diagnostic>,
) -> String {
    let writer = HtmlWriter {
        table,
        doc,
        from: LinkFrom {
            file: &doc.source.rel,
            page: None,
            url: "index.html",
        },
    };
    let events: Vec<_> = items
        .iter()
        .flat_map(|it| it.events.iter().cloned())
        .collect();
    writer.render(&events, diags)
}

/// One file's outline: a book split into chapters, or a page of its own.
enum Outlined<'a> {
    Chapters(FileOutline<'a>),
    Single(RawPage<'a>),
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

/// Each page's navigation group is its folder's title (the folder path until now).
fn with_folder_groups(mut pages: Vec<Page>, folders: &Folders) -> Vec<Page> {
    for page in &mut pages {
        if let Some(dir) = &page.group {
            page.group = Some(folders.group_title(dir));
        }
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
    i: usize,
    doc: &Document<'a>,
    rewritten: Option<&Rewritten>,
    question_headings: bool,
) -> RawPage<'a> {
    let mut page = outline_single(i, doc, rewritten, question_headings);
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
        doc: raw.doc,
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
fn assign_urls(drafts: &[DraftPage<'_>], docs: &[Document<'_>], home: Option<&str>) -> Vec<String> {
    let mut taken: HashSet<String> = RESERVED.iter().map(|s| s.to_string()).collect();
    drafts
        .iter()
        .map(|d| {
            let doc = &docs[d.doc];
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

fn link_table(
    drafts: &[DraftPage<'_>],
    docs: &[Document<'_>],
    urls: &[String],
    sources: &Sources,
) -> LinkTable {
    let mut table = LinkTable::default();
    for (i, (d, url)) in drafts.iter().zip(urls).enumerate() {
        table.pages.push(PageAnchors {
            url: url.clone(),
            ids: d.ids().into_iter().map(String::from).collect(),
        });
        table
            .files
            .entry(docs[d.doc].source.rel.clone())
            .or_default()
            .push(i);
    }
    table.assets = sources.assets.iter().map(|a| a.rel.clone()).collect();
    table
}

fn finish_page(
    doc: &Document<'_>,
    draft: &DraftPage<'_>,
    index: usize,
    url: &str,
    table: &LinkTable,
    diags: &mut Vec<Diagnostic>,
) -> Page {
    let writer = HtmlWriter {
        table,
        doc,
        from: LinkFrom {
            file: &doc.source.rel,
            page: Some(index),
            url,
        },
    };
    let title_html = if draft.heading.is_empty() {
        crate::html::escape(&draft.title)
    } else {
        writer.render(&draft.heading, diags)
    };
    let mut lead = finish_blocks(&writer, &draft.lead, diags);
    let mut sections: Vec<Section> = draft
        .sections
        .iter()
        .map(|s| {
            let blocks = finish_blocks(&writer, &s.blocks, diags);
            let question = s
                .is_question
                .then(|| heading_question(s.id.clone(), &s.title, &blocks, s.location.clone()));
            Section {
                id: s.id.clone(),
                level: s.level,
                title: emoji::with_emoji(&s.title),
                title_html: writer.render(&s.heading, diags),
                blocks,
                question,
                location: s.location.clone(),
            }
        })
        .collect();
    dialect::fill_inline_toc(&mut lead, &mut sections);
    let group = doc
        .source
        .rel
        .rsplit_once('/')
        .map(|(dir, _)| dir.to_string());
    Page {
        source: doc.source.path.clone(),
        url: url.to_string(),
        id: draft.id.clone(),
        title: emoji::with_emoji(&draft.title),
        title_html,
        description: doc.front.description.clone(),
        nav_title: doc.front.nav_title.clone().filter(|_| !draft.chapter),
        extra: doc.front.extra.clone(),
        group,
        lead,
        sections,
        aliases: draft.aliases.clone(),
        location: draft.location.clone(),
        home: false,
        updated: None,
    }
}

fn heading_question(
    id: String,
    title: &str,
    blocks: &[Block],
    location: crate::diag::Location,
) -> Question {
    let prompt_text = questions::question_text(title);
    let (mut answer_html, mut answer_text) = (String::new(), String::new());
    for block in blocks {
        match block {
            Block::Prose(p) => {
                answer_html.push_str(&p.html);
                answer_text.push_str(&p.text);
                answer_text.push(' ');
            }
            Block::Code(c) => {
                answer_html.push_str(&format!(
                    "<pre><code>{}</code></pre>",
                    crate::html::escape(&c.code)
                ));
                answer_text.push_str(&c.code);
                answer_text.push(' ');
            }
            Block::Question(q) => answer_html.push_str(&q.answer_html),
        }
    }
    Question {
        id,
        prompt_html: crate::html::escape(&prompt_text),
        prompt_text,
        answer_html: headings_as_labels(&answer_html),
        answer_text: answer_text.trim().to_string(),
        location,
    }
}

/// An answer shown away from its page (share page, practice) sits under a prompt of its
/// own level, so its sub-headings (`#### Example`) become bold labels: no skipped heading
/// levels and no ids repeated across answers.
fn headings_as_labels(html: &str) -> String {
    let mut out = String::with_capacity(html.len());
    let mut rest = html;
    while let Some(at) = rest.find('<') {
        out.push_str(&rest[..at]);
        let tail = &rest[at..];
        let b = tail.as_bytes();
        let is_open = b.len() > 3
            && b[1] == b'h'
            && (b'1'..=b'6').contains(&b[2])
            && matches!(b[3], b' ' | b'>');
        let is_close = b.len() > 4
            && b[1] == b'/'
            && b[2] == b'h'
            && (b'1'..=b'6').contains(&b[3])
            && b[4] == b'>';
        match tail.find('>') {
            Some(end) if is_open => {
                out.push_str("<p class=\"answer-heading\"><strong>");
                rest = &tail[end + 1..];
            }
            Some(_) if is_close => {
                out.push_str("</strong></p>");
                rest = &tail[5..];
            }
            _ => {
                out.push('<');
                rest = &tail[1..];
            }
        }
    }
    out.push_str(rest);
    out
}

fn finish_blocks(
    writer: &HtmlWriter<'_, '_, '_>,
    drafts: &[Draft<'_>],
    diags: &mut Vec<Diagnostic>,
) -> Vec<Block> {
    drafts
        .iter()
        .map(|d| match d {
            Draft::Prose(events) => Block::Prose(Prose {
                html: writer.render(events, diags),
                text: plain_text(events),
            }),
            Draft::Code(c) => Block::Code(c.clone()),
            Draft::Question(q) => {
                let (prompt_html, prompt_text) = part_html(writer, &q.prompt, diags, true);
                let (answer_html, answer_text) = part_html(writer, &q.answer, diags, false);
                Block::Question(Question {
                    id: q.id.clone(),
                    prompt_html,
                    prompt_text,
                    answer_html,
                    answer_text,
                    location: q.location.clone(),
                })
            }
        })
        .collect()
}

fn part_html(
    writer: &HtmlWriter<'_, '_, '_>,
    part: &Part<'_>,
    diags: &mut Vec<Diagnostic>,
    _inline: bool,
) -> (String, String) {
    match part {
        Part::Events(events) => (
            writer.render(events, diags).trim().to_string(),
            plain_text(events),
        ),
        Part::Html(html) => (html.clone(), strip_tags(html)),
    }
}

#[cfg(test)]
mod tests {
    #[test]
    fn answer_headings_become_labels() {
        assert_eq!(
            super::headings_as_labels("<p>a</p>\n<h3 id=\"example\">Ex <em>1</em></h3>\n<hr>"),
            "<p>a</p>\n<p class=\"answer-heading\"><strong>Ex <em>1</em></strong></p>\n<hr>"
        );
    }
}
