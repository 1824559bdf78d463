//! Pages for candidates and interviewers: a share page per question (`q/<key>.html`: the
//! question, its answer behind a "Show answer" button, context, previous/next), the
//! study-set page (`study.html`, whose items are chosen in the URL), and the practice-mode
//! and study-set data of the questions page.
//!
//! The share keys themselves are given when parsing ([`crate::parse`]) and kept in the model.

use std::collections::HashMap;

use rayon::prelude::*;
use serde::Serialize;

use super::templates::Templates;
use super::{Base, Link, PageCtx, summary};
use crate::error::{Error, Result};
use crate::html::{rebase_links, relative};
use crate::model::{Page, Question, Section, ShareLinks, Site};
use crate::output::BuildFiles;
use crate::slug::share_path;

/// The study-set page.
pub(crate) const STUDY_PAGE: &str = "study.html";

/// Relative link from the page `from` to the share page of question `id` of page `page`.
pub(crate) fn share_href(links: &ShareLinks, from: &str, page: &str, id: &str) -> Option<String> {
    links
        .question(page, id)
        .map(|key| relative(from, &share_path(key)))
}

#[derive(Serialize)]
struct WithExtra<'a, T> {
    #[serde(flatten)]
    page: PageCtx<'a>,
    #[serde(flatten)]
    extra: T,
}

/// One question as the share page shows it.
#[derive(Serialize)]
struct ShareCtx<'a> {
    key: &'a str,
    prompt_html: String,
    prompt_text: &'a str,
    answer_html: String,
    chapter: Link<'a>,
    section: Option<Link<'a>>,
    /// The question on its chapter page.
    context_url: String,
    prev: Option<Link<'a>>,
    next: Option<Link<'a>>,
    number: usize,
    total: usize,
}

#[derive(Serialize)]
struct ShareExtra<'a> {
    share: ShareCtx<'a>,
}

type Entry<'a> = (&'a Page, Option<&'a Section>, &'a Question, &'a str);

/// Every question with its share key, in reading order.
fn entries<'a>(site: &'a Site, links: &'a ShareLinks) -> Vec<Entry<'a>> {
    site.questions()
        .into_iter()
        .filter_map(|(page, section, q)| {
            links
                .question(&page.url, &q.id)
                .map(|key| (page, section, q, key))
        })
        .collect()
}

/// `q/<key>.html` for every question.
pub(super) fn candidate_pages(
    base: &Base<'_>,
    tera: &Templates,
) -> Result<Vec<(String, crate::output::File)>> {
    let all = entries(base.site, base.share);
    let paths: Vec<String> = all.iter().map(|e| share_path(e.3)).collect();
    all.par_iter()
        .enumerate()
        .map(|(i, entry)| {
            if let Some(kept) = base.pages.kept(&paths[i], None)? {
                return Ok((paths[i].clone(), kept));
            }
            let html = share_page(base, tera, &all, i, &paths[i], entry)?;
            Ok((
                paths[i].clone(),
                base.pages.made(&paths[i], None, html.into())?,
            ))
        })
        .collect()
}

/// Adds the share pages to `files`: an error if one would replace a page made before.
pub(super) fn add_candidate_pages(
    base: &Base<'_>,
    pages: Vec<(String, crate::output::File)>,
    files: &mut BuildFiles,
) -> Result<()> {
    for (path, html) in pages {
        if files.contains_key(&path) {
            return Err(clash(base.site, &path));
        }
        files.insert(path, html);
    }
    Ok(())
}

/// Adds `study.html` and its data files to `files`: an error if one would replace a file
/// made before.
pub(super) fn add_study_files(
    study: Vec<(String, crate::output::Body)>,
    files: &mut BuildFiles,
) -> Result<()> {
    for (path, body) in study {
        if files.contains_key(&path) {
            return Err(Error::Usage(format!(
                "the study data file {path} would replace a file of the same name; rename it"
            )));
        }
        files.insert(path, body.into());
    }
    Ok(())
}

/// A page whose output name is taken by a share page: a content error at the page's file.
fn clash(site: &Site, path: &str) -> Error {
    let page = site.pages.iter().find(|p| p.url == path);
    let location = page.map_or_else(
        || crate::diag::Location {
            file: "content".into(),
            line: 1,
            col: 1,
        },
        |p| p.location.clone(),
    );
    let message = format!(
        "this page's output {path} is also the share page of a question; rename the file or \
         give it another `slug` in its front matter (share pages are q/q-<question id>.html)"
    );
    Error::Content(vec![crate::diag::Diagnostic::error(location, message)])
}

/// Share page url → fingerprint of everything the page shows (besides the navigation,
/// templates and configuration, which [`crate::build::Session`] compares as a whole).
pub(crate) fn share_fingerprints(site: &Site, links: &ShareLinks) -> Vec<(String, u128)> {
    let all = entries(site, links);
    (0..all.len())
        .into_par_iter()
        .map(|i| (share_path(all[i].3), share_fingerprint(&all, i)))
        .collect()
}

fn share_fingerprint(all: &[Entry<'_>], i: usize) -> u128 {
    let mut h = xxhash_rust::xxh3::Xxh3::new();
    let mut put = |s: &str| {
        h.update(s.as_bytes());
        h.update(&[0xff]);
    };
    put(&format!("{i}/{}", all.len()));
    let (page, section, q, key) = all[i];
    for s in [
        key,
        &q.id,
        &q.prompt_html,
        &q.prompt_text,
        &q.answer_html,
        &page.url,
        &page.title,
    ] {
        put(s);
    }
    put(section.map_or("\u{0}", |s| s.title.as_str()));
    put(section.map_or("\u{0}", |s| s.id.as_str()));
    for j in [i.checked_sub(1), Some(i + 1)].into_iter().flatten() {
        if let Some((_, _, other, key)) = all.get(j) {
            put(key);
            put(&other.prompt_text);
        }
    }
    h.digest128()
}

fn share_page(
    base: &Base<'_>,
    tera: &Templates,
    all: &[Entry<'_>],
    i: usize,
    url: &str,
    entry: &Entry<'_>,
) -> Result<Vec<u8>> {
    let (page, section, q, key) = *entry;
    let site = base.site;
    let title = format!("{} · {}", q.prompt_text, site.title);
    // The question only: a link preview must never give the answer away.
    let description = summary(&base.ui.fill(
        "share_description",
        &[
            ("chapter", &page.title),
            ("title", &site.title),
            ("question", &q.prompt_text),
        ],
    ));
    let neighbour = |j: usize| {
        all.get(j).map(|(_, _, other, key)| Link {
            title: &other.prompt_text,
            url: format!("{key}.html"),
        })
    };
    let share = ShareCtx {
        key,
        prompt_html: rebase_links(&q.prompt_html, &page.url, url),
        prompt_text: &q.prompt_text,
        answer_html: rebase_links(&q.answer_html, &page.url, url),
        chapter: Link {
            title: &page.title,
            url: relative(url, &page.url),
        },
        section: section.map(|s| Link {
            title: &s.title,
            url: format!("{}#{}", relative(url, &page.url), s.id),
        }),
        context_url: format!("{}#{}", relative(url, &page.url), q.id),
        prev: i.checked_sub(1).and_then(neighbour),
        next: neighbour(i + 1),
        number: i + 1,
        total: all.len(),
    };
    let ctx = WithExtra {
        page: base.blank(url, title, description),
        extra: ShareExtra { share },
    };
    super::render_template(tera, "question.html", &ctx)
}

/// A question or a section as the study-set page and the questions page know it.
#[derive(Serialize)]
struct StudyItem<'a> {
    key: &'a str,
    /// `question` or `section`.
    kind: &'static str,
    /// Question prompt or section title.
    title_html: String,
    title_text: &'a str,
    chapter: &'a str,
    section: Option<&'a str>,
    /// Where it is on its chapter page.
    url: String,
    share_url: Option<String>,
    answer_html: String,
    /// A section's questions (their keys).
    questions: Vec<&'a str>,
}

#[derive(Serialize)]
struct StudyExtra {
    /// How many data files (`study/<n>.js`) the items are spread over.
    study_shards: usize,
    /// Old ids of questions and sections → their keys now, for links to older sets (JSON
    /// for a `<script>` element; None when nothing was renamed).
    study_aliases: Option<String>,
}

/// Every question and section, for the study page (`from` = the page that shows them).
fn study_items<'a>(site: &'a Site, links: &'a ShareLinks, from: &str) -> Vec<StudyItem<'a>> {
    let mut items: Vec<StudyItem<'a>> = entries(site, links)
        .into_iter()
        .map(|(page, section, q, key)| StudyItem {
            key,
            kind: "question",
            title_html: rebase_links(&q.prompt_html, &page.url, from),
            title_text: &q.prompt_text,
            chapter: &page.title,
            section: section.map(|s| s.title.as_str()),
            url: format!("{}#{}", relative(from, &page.url), q.id),
            share_url: Some(relative(from, &share_path(key))),
            answer_html: rebase_links(&q.answer_html, &page.url, from),
            questions: Vec::new(),
        })
        .collect();
    for page in &site.pages {
        for s in &page.sections {
            let Some(key) = links.section(&page.url, &s.id) else {
                continue;
            };
            let questions = section_questions(s)
                .filter_map(|q| links.question(&page.url, &q.id))
                .collect();
            items.push(StudyItem {
                key,
                kind: "section",
                title_html: rebase_links(&s.title_html, &page.url, from),
                title_text: &s.title,
                chapter: &page.title,
                section: None,
                url: format!("{}#{}", relative(from, &page.url), s.id),
                share_url: None,
                answer_html: String::new(),
                questions,
            });
        }
    }
    items
}

fn section_questions(s: &Section) -> impl Iterator<Item = &Question> {
    s.blocks.iter().filter_map(|b| match b {
        crate::model::Block::Question(q) => Some(q),
        _ => None,
    })
}

/// The folder of the study page's data files.
const STUDY_DATA_DIR: &str = "study/";

/// About this many bytes of items per study data file: a set of a few items loads a few
/// small files, whatever the size of the site.
const STUDY_SHARD_BYTES: usize = 64 * 1024;

/// A study item as its data file holds it: `[kind, title, chapter, section, url, share url,
/// answer]` for a question, `[kind, title, chapter, url, [[share url, prompt]...]]` for a
/// section (its questions' prompts, so that it needs no other file).
fn study_entry(item: &StudyItem<'_>, prompts: &HashMap<&str, (&str, &str)>) -> String {
    let value = match item.kind {
        "question" => serde_json::json!([
            "q",
            item.title_html,
            item.chapter,
            item.section,
            item.url,
            item.share_url,
            item.answer_html,
        ]),
        _ => {
            let questions: Vec<(&str, &str)> = item
                .questions
                .iter()
                .filter_map(|k| prompts.get(k).copied())
                .collect();
            serde_json::json!(["s", item.title_html, item.chapter, item.url, questions])
        }
    };
    format!(
        "{}:{}",
        serde_json::to_string(item.key).unwrap_or_default(),
        value
    )
}

/// The data file a study item key is in, of `shards`: FNV-1a over the key's UTF-16 code
/// units (what practice.js computes from the key in the address).
fn study_shard(key: &str, shards: usize) -> usize {
    let mut h: u32 = 0x811c_9dc5;
    for unit in key.encode_utf16() {
        h ^= u32::from(unit);
        h = h.wrapping_mul(0x0100_0193);
    }
    h as usize % shards.max(1)
}

/// The study page's items spread over data files (`study/<n>.js`, each a `quireStudy(n,
/// {key: item, ...})` call that works from disk and at a sub-path), so that the page and
/// what a set loads stay small however many questions the site has. Returns the number of
/// files and the files.
fn study_data(site: &Site, links: &ShareLinks) -> (usize, Vec<(String, crate::output::Body)>) {
    let items = study_items(site, links, STUDY_PAGE);
    let prompts: HashMap<&str, (&str, &str)> = items
        .iter()
        .filter_map(|i| {
            let share = i.share_url.as_deref()?;
            Some((i.key, (share, i.title_html.as_str())))
        })
        .collect();
    let entries: Vec<String> = items.par_iter().map(|i| study_entry(i, &prompts)).collect();
    let total: usize = entries.iter().map(|e| e.len() + 1).sum();
    let shards = total.div_ceil(STUDY_SHARD_BYTES).max(1);
    let mut grouped: Vec<Vec<&str>> = vec![Vec::new(); shards];
    for (item, entry) in items.iter().zip(&entries) {
        grouped[study_shard(item.key, shards)].push(entry);
    }
    let files = grouped
        .into_iter()
        .enumerate()
        .map(|(n, group)| {
            let js = format!("quireStudy({n},{{{}}});\n", group.join(","));
            (format!("{STUDY_DATA_DIR}{n}.js"), js.into_bytes().into())
        })
        .collect();
    (shards, files)
}

/// `study.html` and its data files (reused whole when nothing they show changed).
pub(super) fn study_page(
    base: &Base<'_>,
    tera: &Templates,
) -> Result<Vec<(String, crate::output::Body)>> {
    if let Some(page) = base.pages.listed(STUDY_PAGE) {
        let mut files = vec![(STUDY_PAGE.to_string(), page)];
        files.extend(base.pages.listed_under(STUDY_DATA_DIR));
        return Ok(files);
    }
    let site = base.site;
    let page = base.blank(
        STUDY_PAGE,
        format!("{} · {}", base.ui.get("study_set"), site.title),
        base.ui.fill("study_description", &[("title", &site.title)]),
    );
    let moves = base.plan.map_or(&[][..], |plan| &plan.moves[..]);
    let (shards, mut files) = study_data(site, base.share);
    let html = super::render_template(
        tera,
        "study.html",
        &WithExtra {
            page,
            extra: StudyExtra {
                study_shards: shards,
                study_aliases: study_aliases_json(site, moves),
            },
        },
    )?;
    files.push((STUDY_PAGE.to_string(), html.into()));
    Ok(files)
}

/// The questions page's practice and study-set data.
#[derive(Serialize)]
struct PracticeGroup<'a> {
    /// Chapter number (1-based), for the chapter filter.
    n: usize,
    title: &'a str,
    url: &'a str,
    /// The id the page has always given the chapter's heading.
    anchor: String,
    sections: Vec<StudyItem<'a>>,
    questions: Vec<StudyItem<'a>>,
}

#[derive(Serialize)]
struct PracticeExtra<'a> {
    practice: Vec<PracticeGroup<'a>>,
}

/// `questions.html`: the usual question groups plus practice mode and study-set picking;
/// reused as it was when nothing it shows changed.
pub(super) fn render_questions(base: &Base<'_>, tera: &Templates) -> Result<crate::output::Body> {
    let from = "questions.html";
    base.render_listed(tera, from, from, || WithExtra {
        page: base.questions(),
        extra: PracticeExtra {
            practice: practice_groups(base, from),
        },
    })
}

/// The chapters that have questions or sections, each with them, for the questions page.
fn practice_groups<'a>(base: &Base<'a>, from: &str) -> Vec<PracticeGroup<'a>> {
    let site = base.site;
    let mut groups: Vec<PracticeGroup<'_>> = site
        .pages
        .iter()
        .enumerate()
        .map(|(i, page)| PracticeGroup {
            n: i + 1,
            title: &page.title,
            url: &page.url,
            anchor: page.url.replace(".html", "").replace('/', "-"),
            sections: Vec::new(),
            questions: Vec::new(),
        })
        .collect();
    let index = site.page_index();
    for item in study_items(site, base.share, from) {
        let page_url = item.url.split('#').next().unwrap_or_default();
        let Some(group) = index.get(page_url).and_then(|&i| groups.get_mut(i)) else {
            continue;
        };
        match item.kind {
            "question" => group.questions.push(item),
            _ => group.sections.push(item),
        }
    }
    groups.retain(|g| !g.questions.is_empty() || !g.sections.is_empty());
    groups
}

/// For questions that an alias keeps (`moves`): the old share page `q/<old-id>.html` forwards
/// to the new one. (`study.html` learns the old keys when it is rendered, so that a study
/// set made before the rename still finds its items: [`study_aliases_json`].)
pub(crate) fn add_alias_pages(
    site: &Site,
    moves: &[crate::permalinks::Move],
    files: &mut BuildFiles,
) -> Result<()> {
    use crate::permalinks::{RedirectPage, redirect_html};
    let links = &site.share;
    for m in moves {
        let (old_id, (to_url, to_id)) = (&m.from.1, &m.to);
        let question = links.question(to_url, to_id);
        let Some(new_key) = question.or_else(|| links.section(to_url, to_id)) else {
            continue;
        };
        if old_id.is_empty() || old_id == new_key {
            continue;
        }
        let old_path = share_path(&crate::slug::safe_key(old_id));
        if question.is_none() || files.contains_key(&old_path) {
            continue;
        }
        let page = RedirectPage {
            default: Some((share_path(new_key), String::new())),
            fragments: Default::default(),
        };
        let title = site
            .questions()
            .into_iter()
            .find(|(p, _, q)| p.url == *to_url && q.id == *to_id)
            .map_or(site.title.as_str(), |(_, _, q)| q.prompt_text.as_str());
        let html = redirect_html(&old_path, &page, title, &site.config.language);
        files.insert(old_path, html.into_bytes().into());
    }
    Ok(())
}

/// The old id → new key of every question and section an alias keeps (`moves`), as JSON
/// for the study page's `<script type="application/json">` (None when there is none).
fn study_aliases_json(site: &Site, moves: &[crate::permalinks::Move]) -> Option<String> {
    let links = &site.share;
    let mut aliases: std::collections::BTreeMap<&str, &str> = Default::default();
    for m in moves {
        let (old_id, (to_url, to_id)) = (&m.from.1, &m.to);
        let Some(new_key) = links
            .question(to_url, to_id)
            .or_else(|| links.section(to_url, to_id))
        else {
            continue;
        };
        if !old_id.is_empty() && old_id != new_key {
            aliases.insert(old_id, new_key);
        }
    }
    (!aliases.is_empty()).then(|| crate::permalinks::script_json(&aliases))
}

/// A hash of [`study_aliases_json`], for the incremental listing key.
pub(crate) fn study_aliases_hash(site: &Site, moves: &[crate::permalinks::Move]) -> u128 {
    let json = study_aliases_json(site, moves).unwrap_or_default();
    xxhash_rust::xxh3::xxh3_128(json.as_bytes())
}
