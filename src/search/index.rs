//! Search documents from the site model, and the inverted index over them.
//!
//! A document is one place a reader can land on: a page's top, a section, an interview
//! question or a code example, each with its breadcrumb and kind. Its text is split into
//! weighted fields (the weights themselves live in `search.js`, where ranking runs).

use std::collections::HashMap;

use rayon::prelude::*;

use crate::model::{Block, Page, Question, Section, Site};

use super::tokenize::{stem, words};

/// The fields of a document, in the order `search.js` weighs them.
pub const FIELDS: [&str; 5] = ["title", "headings", "question", "text", "code"];
pub const TITLE: usize = 0;
pub const HEADINGS: usize = 1;
pub const QUESTION: usize = 2;
pub const TEXT: usize = 3;
pub const CODE: usize = 4;

/// What a document is; shown on each result.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub enum Kind {
    Page = 0,
    Section = 1,
    Question = 2,
    Example = 3,
}

/// One search result target.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Document {
    pub kind: Kind,
    /// Site-relative URL with the anchor, e.g. `async-programming.html#q-…`.
    pub url: String,
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
    let mut docs = Vec::new();
    for page in &site.pages {
        page_documents(page, &mut docs);
    }
    docs
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
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct FieldHit {
    pub field: u8,
    /// Word count of the field in this document (for length normalisation).
    pub field_len: u32,
    /// Word positions in the field, ascending.
    pub positions: Vec<u32>,
}

/// Every document a term occurs in.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Posting {
    pub doc: u32,
    pub hits: Vec<FieldHit>,
}

/// One entry of the dictionary.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct TermEntry {
    pub term: String,
    /// Its English stem when that differs from the term.
    pub stem: Option<String>,
    /// By ascending document id.
    pub postings: Vec<Posting>,
}

/// The inverted index: the dictionary sorted by UTF-16 code units (the order JavaScript
/// compares strings in), and the average word count of each field over the documents that
/// have it.
#[derive(Debug, Clone, PartialEq)]
pub struct InvertedIndex {
    pub terms: Vec<TermEntry>,
    pub avg_field_len: [f64; 5],
    pub docs: usize,
}

/// One document's terms: `(term, hit)` for every field a term occurs in, in field order.
struct DocTerms {
    hits: Vec<(String, FieldHit)>,
    /// Word count of each field (0 when empty).
    lens: [u32; 5],
}

fn doc_terms(doc: &Document) -> DocTerms {
    let mut hits = Vec::new();
    let mut lens = [0u32; 5];
    for (field, text) in doc.fields.iter().enumerate() {
        let words = words(text);
        let len = words.len() as u32;
        lens[field] = len;
        let mut local: HashMap<String, Vec<u32>> = HashMap::new();
        for (pos, word) in words.into_iter().enumerate() {
            for term in word.terms {
                local.entry(term).or_default().push(pos as u32);
            }
        }
        let mut local: Vec<(String, Vec<u32>)> = local.into_iter().collect();
        local.sort_unstable_by(|a, b| a.0.cmp(&b.0));
        hits.extend(local.into_iter().map(|(term, positions)| {
            let hit = FieldHit {
                field: field as u8,
                field_len: len,
                positions,
            };
            (term, hit)
        }));
    }
    DocTerms { hits, lens }
}

/// Tokenizes every field of every document into the inverted index. Documents are
/// tokenized in parallel and merged in id order, so the result does not depend on threads.
pub fn invert(docs: &[Document], stemming: bool) -> InvertedIndex {
    let per_doc: Vec<DocTerms> = docs.par_iter().map(doc_terms).collect();
    let mut map: HashMap<String, Vec<Posting>> = HashMap::new();
    let mut totals = [0u64; 5];
    let mut counts = [0u64; 5];
    for (id, doc) in per_doc.into_iter().enumerate() {
        let id = id as u32;
        for (field, &len) in doc.lens.iter().enumerate() {
            totals[field] += u64::from(len);
            counts[field] += u64::from(len > 0);
        }
        for (term, hit) in doc.hits {
            let postings = match map.get_mut(&term) {
                Some(p) => p,
                None => map.entry(term).or_default(),
            };
            match postings.last_mut() {
                Some(p) if p.doc == id => p.hits.push(hit),
                _ => postings.push(Posting {
                    doc: id,
                    hits: vec![hit],
                }),
            }
        }
    }
    let mut terms: Vec<TermEntry> = map
        .into_par_iter()
        .map(|(term, postings)| {
            let stemmed = if stemming {
                stem(&term).into_owned()
            } else {
                term.clone()
            };
            TermEntry {
                stem: (stemmed != term).then_some(stemmed),
                term,
                postings,
            }
        })
        .collect();
    // Terms are unique, so an unstable sort is deterministic.
    terms.par_sort_unstable_by(|a, b| a.term.encode_utf16().cmp(b.term.encode_utf16()));
    let avg_field_len = std::array::from_fn(|f| {
        if counts[f] == 0 {
            1.0
        } else {
            totals[f] as f64 / counts[f] as f64
        }
    });
    InvertedIndex {
        terms,
        avg_field_len,
        docs: docs.len(),
    }
}
