//! What a session keeps of each file's parse between builds (`serve`): the file's outline
//! facts, its pages' ids and, once the build is done with them, its finished pages, under
//! the hash of the file's text and of the site around it. A rebuild parses again only the
//! files whose text changed, and finishes again (links resolved) only those, while the
//! anchor table of the whole site is the same; otherwise every file is parsed again. The
//! site is the same as a parse from nothing either way (see the tests of
//! `build::session`).

use std::collections::HashMap;

use xxhash_rust::xxh3::Xxh3;

use super::links::LinkTable;
use crate::config::Config;
use crate::diag::Diagnostic;
use crate::model::Page;
use crate::source::Document;

/// What the outline of a file tells the site: its title and whether it has an introduction.
#[derive(Debug, Clone)]
pub(super) enum Shape {
    /// Split into chapters: its `#` title (its text before the first chapter is the home
    /// page's introduction when it is the first book).
    Book(Option<String>),
    /// One page: the text of its heading (the site's title when it is the home file).
    Single(Option<String>),
}

/// What the rest of the site needs of one page before links are resolved.
#[derive(Debug, Clone)]
pub(super) struct Sketch {
    /// Cut from a larger file at its `##` heading (its url is its id).
    pub chapter: bool,
    /// The page's own id.
    pub id: String,
    /// Every id on the page (the anchor table's entry).
    pub ids: Vec<String>,
}

/// One file's diagnostics, by step (they are listed step by step, see [`super::parse_site`]).
#[derive(Debug, Clone, Default)]
pub(super) struct FileDiags {
    pub dialect: Vec<Diagnostic>,
    pub drafts: Vec<Diagnostic>,
    pub includes: Vec<Diagnostic>,
    pub aliases: Vec<Diagnostic>,
    pub finish: Vec<Diagnostic>,
}

/// One file as the last build parsed it.
#[derive(Debug, Clone)]
pub(super) struct FileParse {
    /// [`file_key`] of the file then.
    pub key: u128,
    pub shape: Shape,
    pub sketches: Vec<Sketch>,
    pub diags: FileDiags,
    /// The home page's introduction and its diagnostics, when the file gave it.
    pub intro: Option<(String, Vec<Diagnostic>)>,
    /// Its finished pages, given back after the build ([`ParseMemo::keep`]); empty until
    /// then, and for good when the build failed.
    pub pages: Vec<Page>,
}

impl FileParse {
    /// Its pages are here (the build that made them gave them back).
    pub(super) fn is_complete(&self) -> bool {
        self.pages.len() == self.sketches.len()
    }
}

/// One file of a parse, for the memo.
pub(super) struct FileRecord {
    /// Its path relative to `content/`.
    pub rel: String,
    /// What is kept of it (None: nothing, it is parsed every time).
    pub entry: Option<FileParse>,
    /// How many pages it made.
    pub pages: usize,
    /// Its pages are the last build's, taken whole.
    pub kept: bool,
}

/// Each file's parse kept between the builds of a session (see the module docs).
#[derive(Debug, Default)]
pub struct ParseMemo {
    /// [`context_key`] of the last parse.
    context: u128,
    /// [`table_key`] of the last parse (None before the first).
    table: Option<u128>,
    /// By path relative to `content/`.
    files: HashMap<String, FileParse>,
    /// The files of the last parse in reading order, with their number of pages: where the
    /// site's pages go back to.
    order: Vec<(String, usize)>,
    /// How many files the last parse parsed (the others were kept).
    drafted: usize,
    /// By page of the last parse, in reading order: taken whole from the build before.
    kept: Vec<bool>,
    /// Dropped after one parse ([`ParseMemo::none`]): nothing is recorded.
    discard: bool,
}

impl ParseMemo {
    /// A memo for one parse, read by no later one (`build`, `check`): it records nothing.
    pub(super) fn none() -> Self {
        ParseMemo {
            discard: true,
            ..Default::default()
        }
    }

    /// The files kept under `context` and the anchor table their pages were finished
    /// against; the memo is left empty until [`ParseMemo::record`].
    pub(super) fn take(&mut self, context: u128) -> (HashMap<String, FileParse>, Option<u128>) {
        let last = std::mem::take(self);
        self.discard = last.discard;
        if last.context == context {
            (last.files, last.table)
        } else {
            (HashMap::new(), None)
        }
    }

    /// Records this parse: its files in reading order, and how many it parsed.
    pub(super) fn record(
        &mut self,
        context: u128,
        table: u128,
        files: Vec<FileRecord>,
        drafted: usize,
    ) {
        self.context = context;
        self.drafted = drafted;
        self.table = Some(table);
        if self.discard {
            return;
        }
        // Kept until a later build: apart from this one's temporaries (see `crate::keep`);
        // a file taken whole from the last build already is.
        crate::keep::kept(|| {
            for FileRecord {
                rel,
                entry,
                pages,
                kept,
            } in files
            {
                let rel = rel.as_str().to_owned();
                if let Some(entry) = entry {
                    let entry = if kept { entry } else { entry.clone() };
                    self.files.insert(rel.clone(), entry);
                }
                self.kept.extend(std::iter::repeat_n(kept, pages));
                self.order.push((rel, pages));
            }
        });
    }

    /// By page of the last parse, in reading order: the page is the build before's, taken
    /// whole (the same content, at the same url).
    pub fn kept(&self) -> &[bool] {
        &self.kept
    }

    /// How many files the last parse parsed (the others it took from here).
    pub fn drafted(&self) -> usize {
        self.drafted
    }

    /// Takes back the pages of the site the last parse made, once the build is done with
    /// them (as they were parsed: the folder's title and the git date are set again by the
    /// next build).
    pub fn keep(&mut self, pages: Vec<Page>) {
        let total: usize = self.order.iter().map(|(_, n)| n).sum();
        if total != pages.len() {
            self.files.clear();
            return;
        }
        let mut pages = pages.into_iter();
        let mut kept = self.kept.iter();
        // Kept until a later build: apart from this one's temporaries (see `crate::keep`);
        // a page taken whole from the last build already is.
        crate::keep::kept(|| {
            for (rel, n) in &self.order {
                let chunk = pages.by_ref().take(*n);
                let chunk_kept = kept.by_ref().take(*n);
                let Some(file) = self.files.get_mut(rel) else {
                    chunk.for_each(drop);
                    continue;
                };
                let group = rel.rsplit_once('/').map(|(dir, _)| dir.to_string());
                file.pages = chunk
                    .zip(chunk_kept)
                    .map(|(page, &whole)| {
                        let mut page = if whole { page } else { page.clone() };
                        page.group = group.clone();
                        page.updated = None;
                        page
                    })
                    .collect();
            }
        });
    }
}

fn put(h: &mut Xxh3, s: &str) {
    h.update(s.as_bytes());
    h.update(&[0xff]);
}

/// What every file's parse depends on besides its own text: the configuration, the home
/// file and whether a lone file is split.
pub(super) fn context_key(config: &Config, home: Option<&str>, split_all: bool) -> u128 {
    let mut h = Xxh3::new();
    put(&mut h, &serde_json::to_string(config).unwrap_or_default());
    put(&mut h, home.unwrap_or("\u{0}"));
    put(&mut h, if split_all { "split" } else { "whole" });
    h.digest128()
}

/// The key a file's parse is kept under; None for a file that includes others (what it
/// includes is read from disk as it is parsed: it is parsed every time).
pub(super) fn file_key(context: u128, doc: &Document<'_>) -> Option<u128> {
    let text = &doc.source.text;
    if text.contains("{{#include") {
        return None;
    }
    let mut h = Xxh3::new();
    h.update(&context.to_le_bytes());
    put(&mut h, &doc.source.path);
    put(&mut h, &doc.source.rel);
    h.update(text.as_bytes());
    Some(h.digest128())
}

/// A hash of the pages' part of the anchor table: every page's file, url and ids in
/// reading order.
pub(super) fn pages_key(
    placed: &[(usize, &Sketch)],
    docs: &[Document<'_>],
    urls: &[String],
) -> u128 {
    let mut h = Xxh3::new();
    for (&(doc, sketch), url) in placed.iter().zip(urls) {
        put(&mut h, &docs[doc].source.rel);
        put(&mut h, url);
        for id in &sketch.ids {
            put(&mut h, id);
        }
        h.update(&[0xfe]);
    }
    h.digest128()
}

/// A hash of the anchor table: its pages' part (`pages`, see [`pages_key`]), the content
/// files, the files that could not be read and the broken-link policy.
pub(super) fn table_key(pages: u128, table: &LinkTable) -> u128 {
    let mut h = Xxh3::new();
    h.update(&pages.to_le_bytes());
    let mut sorted = |set: &std::collections::HashSet<String>| {
        let mut v: Vec<&String> = set.iter().collect();
        v.sort();
        for s in v {
            put(&mut h, s);
        }
        h.update(&[0xfe]);
    };
    sorted(&table.assets);
    sorted(&table.unreadable);
    put(&mut h, &format!("{:?}", table.broken_links));
    h.digest128()
}
