//! Search documents from the site model, and the inverted index over them.
//!
//! A document is one place a reader can land on: a page's top, a section, an interview
//! question or a code example, each with its breadcrumb and kind. Its text is split into
//! weighted fields (the weights themselves live in `search.js`, where ranking runs).

use std::collections::HashMap;
use std::hash::{BuildHasherDefault, Hasher};
use std::sync::Arc;

use rayon::prelude::*;

use crate::model::{Block, Page, Question, Section, Site};

use super::tokenize::{scan, stem};

/// The fields of a document, in the order `search.js` weighs them.
pub const FIELDS: [&str; 5] = ["title", "headings", "question", "text", "code"];
/// Index of the page or section title in [`FIELDS`].
pub const TITLE: usize = 0;
/// Index of the headings above a document in [`FIELDS`].
pub const HEADINGS: usize = 1;
/// Index of a question's prompt in [`FIELDS`].
pub const QUESTION: usize = 2;
/// Index of the prose in [`FIELDS`].
pub const TEXT: usize = 3;
/// Index of the code in [`FIELDS`].
pub const CODE: usize = 4;

/// What a document is; shown on each result.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub enum Kind {
    /// The top of a page (its text before the first section).
    Page = 0,
    /// A section under a heading.
    Section = 1,
    /// An interview question with its answer.
    Question = 2,
    /// A code example.
    Example = 3,
}

/// One search result target.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Document {
    /// What it is, shown beside the result.
    pub kind: Kind,
    /// Site-relative URL with the anchor, e.g. `async-programming.html#q-…`.
    pub url: String,
    /// The result's title: the heading, question or example caption.
    pub title: String,
    /// Where it is: `Chapter › Section`.
    pub crumb: String,
    /// Indexed text per field ([`FIELDS`]).
    pub fields: [String; 5],
    /// The text snippets are cut from.
    pub text: String,
}

/// Every document of the site, in reading order (the order gives the document ids).
pub fn collect_documents(site: &Site) -> Vec<Document> {
    collect_page_documents(site).0
}

/// [`collect_documents`], and where each page's documents start.
pub fn collect_page_documents(site: &Site) -> (Vec<Document>, Vec<usize>) {
    // Each page's documents are made apart (in parallel), then put in reading order.
    let by_page: Vec<Vec<Document>> = site
        .pages
        .par_iter()
        .map(|page| {
            let mut docs = Vec::new();
            page_documents(page, &mut docs);
            docs
        })
        .collect();
    let mut docs = Vec::with_capacity(by_page.iter().map(Vec::len).sum());
    let mut starts = Vec::with_capacity(site.pages.len());
    for page_docs in by_page {
        starts.push(docs.len());
        docs.extend(page_docs);
    }
    (docs, starts)
}

fn page_documents(page: &Page, docs: &mut Vec<Document>) {
    let lead = prose_text(&page.lead);
    let mut fields = empty_fields();
    fields[TITLE] = page.title.clone();
    fields[TEXT] = lead.clone();
    let url = |anchor: &str| format!("{}#{anchor}", page.url);
    docs.push(Document {
        kind: Kind::Page,
        url: url(&page.id),
        title: page.title.clone(),
        crumb: String::new(),
        fields,
        text: lead,
    });
    block_documents(&page.lead, &page.title, &url, docs);
    // Titles of the enclosing sections, by level, for breadcrumbs and the headings field.
    let mut open: Vec<(u8, &str)> = Vec::new();
    for section in &page.sections {
        open.retain(|&(level, _)| level < section.level);
        let parents: Vec<&str> = std::iter::once(page.title.as_str())
            .chain(open.iter().map(|&(_, t)| t))
            .collect();
        let crumb = parents.join(" › ");
        docs.push(section_document(section, &parents, crumb, url(&section.id)));
        let here = format!("{} › {}", parents.join(" › "), section.title);
        block_documents(&section.blocks, &here, &url, docs);
        open.push((section.level, &section.title));
    }
}

fn section_document(section: &Section, parents: &[&str], crumb: String, url: String) -> Document {
    let mut fields = empty_fields();
    fields[TITLE] = section.title.clone();
    fields[HEADINGS] = parents.join("\n");
    let body = prose_text(&section.blocks);
    match &section.question {
        Some(q) => {
            fields[QUESTION] = q.prompt_text.clone();
            fields[TEXT] = q.answer_text.clone();
            Document {
                kind: Kind::Question,
                url,
                title: section.title.clone(),
                crumb,
                fields,
                text: q.answer_text.clone(),
            }
        }
        None => {
            fields[TEXT] = body.clone();
            Document {
                kind: Kind::Section,
                url,
                title: section.title.clone(),
                crumb,
                fields,
                text: body,
            }
        }
    }
}

fn block_documents(
    blocks: &[Block],
    crumb: &str,
    url: &dyn Fn(&str) -> String,
    docs: &mut Vec<Document>,
) {
    let headings = crumb.replace(" › ", "\n");
    for block in blocks {
        match block {
            Block::Prose(_) => {}
            Block::Question(q) => docs.push(question_document(q, crumb, &headings, url(&q.id))),
            Block::Code(c) => {
                let title = c
                    .caption
                    .clone()
                    .unwrap_or_else(|| format!("{} example", c.language));
                let mut fields = empty_fields();
                fields[TITLE] = c.caption.clone().unwrap_or_default();
                fields[HEADINGS] = headings.clone();
                fields[CODE] = c.code.clone();
                docs.push(Document {
                    kind: Kind::Example,
                    url: url(&c.id),
                    title,
                    crumb: crumb.to_string(),
                    fields,
                    text: c.code.clone(),
                });
            }
        }
    }
}

fn question_document(q: &Question, crumb: &str, headings: &str, url: String) -> Document {
    let mut fields = empty_fields();
    fields[HEADINGS] = headings.to_string();
    fields[QUESTION] = q.prompt_text.clone();
    fields[TEXT] = q.answer_text.clone();
    Document {
        kind: Kind::Question,
        url,
        title: q.prompt_text.clone(),
        crumb: crumb.to_string(),
        fields,
        text: q.answer_text.clone(),
    }
}

fn empty_fields() -> [String; 5] {
    Default::default()
}

/// The plain text of a section's own blocks: prose, question prompts and answers, and code
/// captions (the code itself is the example's document).
fn prose_text(blocks: &[Block]) -> String {
    let mut parts: Vec<&str> = Vec::new();
    for block in blocks {
        match block {
            Block::Prose(p) => parts.push(&p.text),
            Block::Question(q) => parts.extend([q.prompt_text.as_str(), q.answer_text.as_str()]),
            Block::Code(c) => parts.extend(c.caption.as_deref()),
        }
    }
    parts
        .iter()
        .map(|s| s.trim())
        .filter(|s| !s.is_empty())
        .collect::<Vec<_>>()
        .join("\n")
}

/// Where a term occurs in one field of one document.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct FieldHit {
    /// The document's id (its position in reading order).
    pub doc: u32,
    /// The field, an index in [`FIELDS`].
    pub field: u8,
    /// Word count of the field in this document (for length normalisation).
    pub field_len: u32,
    /// This hit's word positions: `TermEntry::positions[start..start + count]`, ascending.
    pub start: u32,
    /// How many positions the hit has (term frequency in the field).
    pub count: u32,
}

/// One entry of the dictionary. Flat on purpose: two allocations per term however many
/// documents hold it (a 100× site has ~400,000 hits).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct TermEntry {
    /// The term as the tokenizer made it (lower case).
    pub term: String,
    /// Its English stem when that differs from the term.
    pub stem: Option<String>,
    /// By ascending document, then field.
    pub hits: Vec<FieldHit>,
    /// Word positions of every hit, back to back (each hit says where its own are).
    pub positions: Vec<u32>,
}

impl TermEntry {
    /// The word positions of `hit` (one of this entry's hits).
    pub fn positions_of(&self, hit: &FieldHit) -> &[u32] {
        &self.positions[hit.start as usize..(hit.start + hit.count) as usize]
    }

    /// The hits grouped by document, in document order.
    pub fn by_doc(&self) -> impl Iterator<Item = &[FieldHit]> {
        self.hits.chunk_by(|a, b| a.doc == b.doc)
    }
}

/// The postings of one term while indexing.
#[derive(Default)]
pub(super) struct Postings {
    pub(super) hits: Vec<FieldHit>,
    pub(super) positions: Vec<u32>,
}

/// The postings of one term of a [`Partial`], borrowed: each hit's `start` counts from the
/// first of these positions.
#[derive(Clone, Copy)]
pub(super) struct PostingsRef<'a> {
    pub(super) hits: &'a [FieldHit],
    pub(super) positions: &'a [u32],
}

/// The inverted index: the dictionary sorted by UTF-16 code units (the order JavaScript
/// compares strings in), and the average word count of each field over the documents that
/// have it.
#[derive(Debug, Clone, PartialEq)]
pub struct InvertedIndex {
    /// The dictionary, sorted as JavaScript compares strings.
    pub terms: Vec<TermEntry>,
    /// Average word count of each field over the documents that have it (for BM25F).
    pub avg_field_len: [f64; 5],
    /// How many documents there are.
    pub docs: usize,
}

/// The postings of a run of consecutive documents, built on one thread. Document ids
/// count from the run's first document.
#[derive(Clone)]
pub struct Partial {
    /// Postings by term, in [`BUCKETS`] groups by the term's hash ([`bucket`]), so that runs
    /// are merged bucket by bucket in parallel.
    pub(super) buckets: Vec<FlatPostings>,
    /// Word count of each field of each document of the run (0 when empty).
    pub(super) lens: Vec<[u32; 5]>,
}

impl Partial {
    /// Every term of the run, with its postings (document ids from the run's first).
    pub(super) fn terms(&self) -> impl Iterator<Item = (&str, PostingsRef<'_>)> {
        self.buckets.iter().flat_map(FlatPostings::iter)
    }
}

/// The terms of one bucket of a run and their postings, back to back in four allocations
/// however many terms there are. A session keeps one [`Partial`] per page: with a `String`
/// and two `Vec`s per term, the partials of a 1,000x site took most of the search memo.
#[derive(Default, Clone)]
pub(super) struct FlatPostings {
    /// The terms, back to back.
    text: String,
    /// Per term, where its term, hits and positions end in `text`, `hits` and `positions`.
    ends: Vec<[u32; 3]>,
    hits: Vec<FieldHit>,
    positions: Vec<u32>,
}

impl FlatPostings {
    fn push(&mut self, term: &str, postings: &Postings) {
        self.text.push_str(term);
        self.hits.extend_from_slice(&postings.hits);
        self.positions.extend_from_slice(&postings.positions);
        self.ends.push([
            self.text.len() as u32,
            self.hits.len() as u32,
            self.positions.len() as u32,
        ]);
    }

    fn shrink_to_fit(&mut self) {
        self.text.shrink_to_fit();
        self.ends.shrink_to_fit();
        self.hits.shrink_to_fit();
        self.positions.shrink_to_fit();
    }

    /// Every term with its postings, in the order they were pushed.
    pub(super) fn iter(&self) -> impl Iterator<Item = (&str, PostingsRef<'_>)> {
        let mut from = [0u32; 3];
        self.ends.iter().map(move |&end| {
            let [t, h, p] = from.map(|x| x as usize);
            from = end;
            let [te, he, pe] = end.map(|x| x as usize);
            (
                &self.text[t..te],
                PostingsRef {
                    hits: &self.hits[h..he],
                    positions: &self.positions[p..pe],
                },
            )
        })
    }
}

/// The ranges of documents that start at each of `starts`.
pub(super) fn run_ranges(starts: &[usize], len: usize) -> Vec<std::ops::Range<usize>> {
    starts
        .iter()
        .enumerate()
        .map(|(i, &s)| s..starts.get(i + 1).copied().unwrap_or(len))
        .collect()
}

/// The postings of one run of documents (ids from the run's first).
pub(super) fn partial(docs: &[Document]) -> Partial {
    let mut map: FastMap<String, Postings> = FastMap::default();
    let mut lens = Vec::with_capacity(docs.len());
    for (k, doc) in docs.iter().enumerate() {
        let id = k as u32;
        let mut len = [0u32; 5];
        for (field, text) in doc.fields.iter().enumerate() {
            len[field] = scan(text, |pos, term| {
                let postings = match map.get_mut(term) {
                    Some(p) => p,
                    None => map.entry(term.to_string()).or_default(),
                };
                add_position(postings, id, field as u8, pos);
            });
        }
        lens.push(len);
    }
    // A field's length is known once it has been scanned.
    let mut buckets: Vec<FlatPostings> = (0..BUCKETS).map(|_| FlatPostings::default()).collect();
    for (term, mut postings) in map {
        for hit in &mut postings.hits {
            hit.field_len = lens[hit.doc as usize][usize::from(hit.field)];
        }
        buckets[bucket(&term)].push(&term, &postings);
    }
    // A session keeps every page's postings: their room to grow would be a good part of them.
    for bucket in &mut buckets {
        bucket.shrink_to_fit();
    }
    Partial { buckets, lens }
}

/// How many groups the dictionary is merged in (a constant: the index does not depend on
/// the number of threads).
const BUCKETS: usize = 16;

pub(super) fn bucket(term: &str) -> usize {
    let mut h = Fnv::default();
    h.write(term.as_bytes());
    (h.finish() % BUCKETS as u64) as usize
}

/// Adds one occurrence; the positions of the last hit stay contiguous because a field is
/// scanned to its end before the next one starts.
fn add_position(postings: &mut Postings, doc: u32, field: u8, pos: u32) {
    match postings.hits.last_mut() {
        Some(h) if h.doc == doc && h.field == field => {
            if postings.positions.last() != Some(&pos) {
                postings.positions.push(pos);
                h.count += 1;
            }
        }
        _ => {
            let start = postings.positions.len() as u32;
            postings.positions.push(pos);
            postings.hits.push(FieldHit {
                doc,
                field,
                field_len: 0,
                start,
                count: 1,
            });
        }
    }
}

/// FNV-1a: a fast hasher for the short term strings of the indexer (no DoS concern: the
/// input is the site's own content, and nothing depends on the iteration order).
#[derive(Default, Clone, Copy)]
pub(super) struct Fnv(u64);

impl Hasher for Fnv {
    fn finish(&self) -> u64 {
        self.0
    }

    fn write(&mut self, bytes: &[u8]) {
        let mut h = if self.0 == 0 {
            0xcbf2_9ce4_8422_2325
        } else {
            self.0
        };
        for &b in bytes {
            h = (h ^ u64::from(b)).wrapping_mul(0x0100_0000_01b3);
        }
        self.0 = h;
    }
}

pub(super) type FastMap<K, V> = HashMap<K, V, BuildHasherDefault<Fnv>>;

/// Tokenizes every field of every document into the inverted index. Runs of documents are
/// indexed in parallel and merged in id order, so the result does not depend on threads.
pub fn invert(docs: &[Document], stemming: bool) -> InvertedIndex {
    let run = docs
        .len()
        .div_ceil(rayon::current_num_threads() * 4)
        .max(32);
    let starts: Vec<usize> = (0..docs.len()).step_by(run).collect();
    invert_runs(docs, &starts, stemming)
}

/// [`invert`] over the runs of documents starting at `starts` (ascending, the first 0). The
/// index is the same for any runs.
pub fn invert_runs(docs: &[Document], starts: &[usize], stemming: bool) -> InvertedIndex {
    let ranges = run_ranges(starts, docs.len());
    let parts: Vec<Arc<Partial>> = ranges
        .par_iter()
        .map(|r| Arc::new(partial(&docs[r.clone()])))
        .collect();
    merge(&ranges, &parts, docs.len(), stemming, None)
}

/// The average word count of each field over the documents that have it.
pub(super) fn average_lengths(parts: &[Arc<Partial>]) -> [f64; 5] {
    let mut totals = [0u64; 5];
    let mut counts = [0u64; 5];
    for part in parts {
        for len in &part.lens {
            for (field, &n) in len.iter().enumerate() {
                totals[field] += u64::from(n);
                counts[field] += u64::from(n > 0);
            }
        }
    }
    std::array::from_fn(|f| {
        if counts[f] == 0 {
            1.0
        } else {
            totals[f] as f64 / counts[f] as f64
        }
    })
}

/// A term's English stem when stemming is on and it differs from the term.
pub(super) fn stem_of(term: &str, stemming: bool) -> Option<String> {
    if !stemming {
        return None;
    }
    let stemmed = stem(term);
    (stemmed != term).then(|| stemmed.into_owned())
}

/// Compares terms in UTF-16 code units, the order JavaScript compares strings in.
///
/// That is the order of their UTF-8 bytes except where a character from U+E000 to U+FFFF
/// (lead byte 0xEE or 0xEF) meets one above U+FFFF (lead byte 0xF0 to 0xF4): only when the
/// first differing byte is one of those are the strings compared as UTF-16.
pub(super) fn term_order(a: &str, b: &str) -> std::cmp::Ordering {
    let (x, y) = (a.as_bytes(), b.as_bytes());
    match x.iter().zip(y).position(|(p, q)| p != q) {
        None => x.len().cmp(&y.len()),
        Some(i) if x[i] < 0xEE && y[i] < 0xEE => x[i].cmp(&y[i]),
        Some(_) => a.encode_utf16().cmp(b.encode_utf16()),
    }
}

/// Merges the postings of the runs (`parts[i]` holds the documents `ranges[i]`) into one
/// dictionary; `stems` are stems known from an earlier merge.
pub(super) fn merge(
    ranges: &[std::ops::Range<usize>],
    parts: &[Arc<Partial>],
    docs: usize,
    stemming: bool,
    stems: Option<&FastMap<String, Option<String>>>,
) -> InvertedIndex {
    // Each bucket gathers its terms from every run, in document order.
    let merged: Vec<FastMap<String, Postings>> = (0..BUCKETS)
        .into_par_iter()
        .map(|b| {
            let mut map: FastMap<String, Postings> = FastMap::default();
            for (range, part) in ranges.iter().zip(parts) {
                let first = range.start as u32;
                for (term, postings) in part.buckets[b].iter() {
                    let p = match map.get_mut(term) {
                        Some(p) => p,
                        None => map.entry(term.to_string()).or_default(),
                    };
                    let shift = p.positions.len() as u32;
                    p.hits.extend(postings.hits.iter().map(|h| FieldHit {
                        doc: h.doc + first,
                        start: h.start + shift,
                        ..*h
                    }));
                    p.positions.extend_from_slice(postings.positions);
                }
            }
            map
        })
        .collect();
    let stem_known = |term: &str| -> Option<String> {
        match stems.and_then(|s| s.get(term)) {
            Some(known) if stemming => known.clone(),
            _ => stem_of(term, stemming),
        }
    };
    let mut terms: Vec<TermEntry> = merged
        .into_par_iter()
        .flat_map_iter(|map| map.into_iter())
        .map(|(term, postings)| TermEntry {
            stem: stem_known(&term),
            term,
            hits: postings.hits,
            positions: postings.positions,
        })
        .collect();
    // Terms are unique, so an unstable sort is deterministic.
    terms.par_sort_unstable_by(|a, b| term_order(&a.term, &b.term));
    InvertedIndex {
        terms,
        avg_field_len: average_lengths(parts),
        docs,
    }
}
