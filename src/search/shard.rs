//! The index as small script files under `search/`, so a query loads only what it needs.
//!
//! Browsers refuse `fetch` of `file://` URLs, so every file is a script that hands its data
//! to `quireSearch.add(name, data)` (defined by `assets/search.js`):
//!
//! - `meta.js`: document count and kinds, average field lengths, the first term of every term
//!   shard, the first document id of every document chunk.
//! - `t<i>.js`: a contiguous range of the sorted dictionary (Pagefind-style): `[term,
//!   postings]` or `[term, postings, stem]`. A query word loads the one shard whose range
//!   holds it (prefix and typo matches look at the same shard and its neighbours).
//! - `d<i>.js`: `[kind, url, title, crumb, text]` of a run of documents, `text` the snippet
//!   text with its white space collapsed (what `search.js` cuts snippets from); `url` and
//!   `crumb` are written against the row before (see [`doc_chunk_json`]). One file per
//!   run rather than one for the rows and one for the text: a result loads one file, so the
//!   files can be fewer and bigger for the same download.
//!
//! Files are cut by bytes (tens of KB): a build into a fresh folder pays for every file it
//! creates, a query for every byte it loads.
//!
//! Postings are a string of base-64 variable-length numbers ([`encode_number`]): per document
//! `doc-id delta, field count`, then per field `field * 64 + length code, term frequency,
//! positions (at most MAX_POSITIONS, delta-coded)`.

use std::collections::HashMap;
use std::sync::Arc;

use rayon::prelude::*;
use serde::Serialize;

use crate::output::Body;

use super::index::{Document, InvertedIndex, TermEntry};

/// Target raw size of one term shard; a single term with longer postings gets its own shard.
pub const TERM_SHARD_BYTES: usize = 18 * 1024;
/// Target raw size of one document chunk.
pub const DOC_CHUNK_BYTES: usize = 18 * 1024;
/// Positions kept per (term, document, field) for proximity; the frequency stays exact.
pub const MAX_POSITIONS: usize = 64;

/// The 64 digits of the posting encoding: values 0–31 end a number, 32–63 continue it.
const DIGITS: &[u8; 64] = b"0123456789abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ-_";

/// Appends `n` as little-endian groups of five bits, one digit each.
pub fn encode_number(out: &mut String, mut n: u32) {
    loop {
        let low = (n & 31) as usize;
        n >>= 5;
        if n == 0 {
            out.push(DIGITS[low] as char);
            return;
        }
        out.push(DIGITS[low + 32] as char);
    }
}

/// Decodes a posting string back to numbers (for tests and tools).
pub fn decode_numbers(s: &str) -> Vec<u32> {
    let mut out = Vec::new();
    let (mut value, mut shift) = (0u32, 0u32);
    for b in s.bytes() {
        let Some(d) = DIGITS.iter().position(|&x| x == b) else {
            continue;
        };
        let d = d as u32;
        value |= (d & 31) << shift;
        if d < 32 {
            out.push(value);
            value = 0;
            shift = 0;
        } else {
            shift += 5;
        }
    }
    out
}

/// A field's word count as a code of 0–63: exact below 16, then log-scale
/// (`16 + round(4 ln(len / 16))`, about 28 % steps, up to ~2.0e6 words).
pub fn length_code(len: u32) -> u32 {
    if len < 16 {
        return len;
    }
    (16 + ((f64::from(len) / 16.0).ln() * 4.0).round() as u32).min(63)
}

/// The postings of one term, encoded.
pub fn encode_postings(entry: &TermEntry) -> String {
    let mut out = String::with_capacity(entry.hits.len() * 6 + entry.positions.len() * 2);
    let mut prev = 0;
    for hits in entry.by_doc() {
        let doc = hits[0].doc;
        encode_number(&mut out, doc - prev);
        prev = doc;
        encode_number(&mut out, hits.len() as u32);
        for hit in hits {
            encode_number(
                &mut out,
                u32::from(hit.field) * 64 + length_code(hit.field_len),
            );
            encode_number(&mut out, hit.count);
            let mut last = 0;
            for &pos in entry.positions_of(hit).iter().take(MAX_POSITIONS) {
                encode_number(&mut out, pos - last);
                last = pos;
            }
        }
    }
    out
}

#[derive(Serialize)]
struct Meta<'a> {
    v: u32,
    n: usize,
    /// Positions kept per field (see [`MAX_POSITIONS`]).
    p: usize,
    stem: bool,
    fields: &'a [&'a str],
    /// The kind of every document, one digit each.
    k: String,
    avg: Vec<f64>,
    /// First term of each term shard `t<i>.js`.
    t: Vec<&'a str>,
    /// First document id of each `d<i>.js`.
    d: Vec<usize>,
}

/// The files of the index: `(path under the site root, bytes)`, in a deterministic order.
pub fn index_files(
    index: &InvertedIndex,
    docs: &[Document],
    stemming: bool,
) -> Vec<(String, Body)> {
    let rows = Rows::of(docs);
    index_files_with(index, docs, &rows.borrow(), stemming)
}

/// The JSON rows of the document chunks (`d*.js`), one per document.
#[derive(Clone)]
pub struct Rows {
    /// One JSON array per document: kind, address, title, breadcrumb, snippet text.
    pub docs: Vec<String>,
}

impl Rows {
    /// The rows of `docs`, made in parallel.
    pub fn of(docs: &[Document]) -> Rows {
        Rows {
            docs: docs
                .par_iter()
                .map(|d| {
                    let text = collapse_space(&d.text);
                    json(&(d.kind as u8, &d.url, &d.title, &d.crumb, text))
                })
                .collect(),
        }
    }

    /// The rows as string slices, as the file writer takes them.
    pub fn borrow(&self) -> Vec<&str> {
        self.docs.iter().map(String::as_str).collect()
    }
}

/// `text` with runs of white space as one space and none at either end: what `search.js`
/// makes of it before cutting a snippet (`replace(/\s+/g, " ").trim()`), so the file need
/// not carry the indentation of code. White space as JavaScript's `\s` knows it.
pub fn collapse_space(text: &str) -> String {
    let js_space = |c: char| {
        matches!(
            c,
            '\t' | '\n' | '\u{b}' | '\u{c}' | '\r' | ' ' | '\u{a0}' | '\u{1680}' | '\u{2000}'
                ..='\u{200a}'
                    | '\u{2028}'
                    | '\u{2029}'
                    | '\u{202f}'
                    | '\u{205f}'
                    | '\u{3000}'
                    | '\u{feff}'
        )
    };
    let mut out = String::with_capacity(text.len());
    for word in text.split(js_space).filter(|w| !w.is_empty()) {
        if !out.is_empty() {
            out.push(' ');
        }
        out.push_str(word);
    }
    out
}

/// [`index_files`] with the documents' rows made already (see [`Rows`]).
pub fn index_files_with(
    index: &InvertedIndex,
    docs: &[Document],
    rows: &[&str],
    stemming: bool,
) -> Vec<(String, Body)> {
    let entries: Vec<String> = index.terms.par_iter().map(term_json).collect();
    index_files_entries(index, &entries, docs, rows, stemming, None)
        .into_iter()
        .map(|(name, body, _)| (name, body))
        .collect()
}

/// The files of the last build by name, with the hash of what each was made of: a file made
/// of the same rows again is that file ([`index_files_entries`]).
pub type LastFiles = HashMap<String, (u128, Body)>;

/// [`index_files_with`] with each term's entry encoded already ([`term_json`]). With `last`,
/// a file whose rows hash as those of the same file there is taken from it instead of
/// joined again (after a small edit, most of a big index); each file comes with that hash
/// (0 without `last`: nothing to compare with).
pub fn index_files_entries(
    index: &InvertedIndex,
    entries: &[String],
    docs: &[Document],
    doc_rows: &[&str],
    stemming: bool,
    last: Option<&LastFiles>,
) -> Vec<(String, Body, u128)> {
    let entry_rows: Vec<&str> = entries.iter().map(String::as_str).collect();
    let sizes: Vec<usize> = entries.iter().map(String::len).collect();
    let term_ranges = term_shards(&sizes);
    // A site with no indexable text has no terms: an empty shard, never an index panic.
    let first_terms: Vec<&str> = term_ranges
        .iter()
        .map(|r| index.terms.get(r.start).map_or("", |t| t.term.as_str()))
        .collect();
    let doc_starts = chunk_starts(doc_rows, DOC_CHUNK_BYTES);
    let mut chunks: Vec<Chunk<'_>> = term_ranges
        .iter()
        .enumerate()
        .map(|(i, r)| (format!("t{i}"), &entry_rows[r.clone()], None))
        .collect();
    for (i, &start) in doc_starts.iter().enumerate() {
        let end = doc_starts.get(i + 1).copied().unwrap_or(doc_rows.len());
        chunks.push((
            format!("d{i}"),
            &doc_rows[start..end],
            Some(&docs[start..end]),
        ));
    }
    let mut files: Vec<(String, Body, u128)> = chunks
        .par_iter()
        .map(|(name, rows, chunk_docs)| {
            let key = last.map_or(0, |_| rows_key(rows));
            let path = format!("search/{name}.js");
            let body = match last.and_then(|l| l.get(&path)) {
                Some((k, body)) if *k == key => Arc::clone(body),
                _ => match chunk_docs {
                    Some(docs) => script(name, &doc_chunk_json(docs, rows)).into(),
                    None => script(name, &format!("[{}]", rows.join(","))).into(),
                },
            };
            (path, body, key)
        })
        .collect();
    let meta = Meta {
        v: 3,
        n: index.docs,
        p: MAX_POSITIONS,
        stem: stemming,
        fields: &super::index::FIELDS,
        k: docs
            .iter()
            .map(|d| char::from(b'0' + d.kind as u8))
            .collect(),
        avg: index
            .avg_field_len
            .iter()
            .map(|a| (a * 100.0).round() / 100.0)
            .collect(),
        t: first_terms,
        d: doc_starts,
    };
    files.push((
        "search/meta.js".to_string(),
        script("meta", &json(&meta)).into(),
        0,
    ));
    files
}

/// A file of the index: its name, its rows, and for a document chunk its documents.
type Chunk<'a> = (String, &'a [&'a str], Option<&'a [Document]>);

/// The rows of a document chunk, each written against the row before it in the same file
/// (`search.js` expands them as they load): an address on the same page as the row before
/// is only its `#fragment`; a crumb is `0` when it is the crumb before and `1` when it is
/// the row before's own place (its crumb › its title). Consecutive documents share a page
/// and most of a crumb, so this takes about an eighth off the files.
fn doc_chunk_json(docs: &[Document], rows: &[&str]) -> String {
    let mut out = String::with_capacity(rows.iter().map(|r| r.len() + 1).sum());
    out.push('[');
    let mut prev: Option<&Document> = None;
    for (i, (d, row)) in docs.iter().zip(rows).enumerate() {
        if i > 0 {
            out.push(',');
        }
        let url = match prev {
            Some(p) => same_page_fragment(&d.url, &p.url).unwrap_or(&d.url),
            None => &d.url,
        };
        let crumb = match prev {
            Some(p) if d.crumb == p.crumb => "0".to_string(),
            Some(p) if d.crumb == place_of(p) => "1".to_string(),
            _ => json(&d.crumb),
        };
        // The snippet text, the bulk of the row, is taken as [`Rows`] serialised it.
        let title = json(&d.title);
        let head = format!(
            "[{},{},{title},{},",
            d.kind as u8,
            json(&d.url),
            json(&d.crumb)
        );
        let text = match row
            .strip_prefix(head.as_str())
            .and_then(|rest| rest.strip_suffix(']'))
        {
            Some(text) => std::borrow::Cow::Borrowed(text),
            None => json(&collapse_space(&d.text)).into(),
        };
        out.push_str(&format!(
            "[{},{},{title},{crumb},{text}]",
            d.kind as u8,
            json(url)
        ));
        prev = Some(d);
    }
    out.push(']');
    out
}

/// `url`'s `#fragment` when it is on the page of `prev` (both `page#fragment`).
fn same_page_fragment<'u>(url: &'u str, prev: &str) -> Option<&'u str> {
    let (page, _) = url.split_once('#')?;
    let (prev_page, _) = prev.split_once('#')?;
    (page == prev_page).then(|| &url[page.len()..])
}

/// Where a document's children are: its crumb, then its title.
fn place_of(d: &Document) -> String {
    if d.crumb.is_empty() {
        d.title.clone()
    } else {
        format!("{} › {}", d.crumb, d.title)
    }
}

/// The hash of the rows of a file (its name and wrapping are fixed by its place).
fn rows_key(rows: &[&str]) -> u128 {
    let mut h = xxhash_rust::xxh3::Xxh3::new();
    for row in rows {
        h.update(&(row.len() as u64).to_le_bytes());
        h.update(row.as_bytes());
    }
    h.digest128()
}

/// Consecutive ranges of the dictionary (given each entry's encoded size), each about
/// [`TERM_SHARD_BYTES`]; together they cover every entry exactly once.
pub fn term_shards(sizes: &[usize]) -> Vec<std::ops::Range<usize>> {
    let mut out = Vec::new();
    let (mut start, mut size) = (0, 0);
    for (i, entry) in sizes.iter().enumerate() {
        size += entry + 1;
        if size >= TERM_SHARD_BYTES {
            out.push(start..i + 1);
            start = i + 1;
            size = 0;
        }
    }
    if start < sizes.len() || out.is_empty() {
        out.push(start..sizes.len());
    }
    out
}

/// One dictionary entry as JSON: `[term, postings]` or `[term, postings, stem]`.
pub fn term_json(entry: &TermEntry) -> String {
    let postings = encode_postings(entry);
    match &entry.stem {
        Some(stem) => json(&(&entry.term, postings, stem)),
        None => json(&(&entry.term, postings)),
    }
}

/// Index of the first row of each chunk of about `target` bytes.
fn chunk_starts(rows: &[&str], target: usize) -> Vec<usize> {
    let mut starts = vec![0];
    let mut size = 0;
    for (i, row) in rows.iter().enumerate() {
        if size > 0 && size + row.len() > target {
            starts.push(i);
            size = 0;
        }
        size += row.len() + 1;
    }
    starts
}

fn script(name: &str, data: &str) -> Vec<u8> {
    // Sized exactly: a served index file is kept as made, and `format!` would leave up to
    // half of it as unused capacity that a long-running `serve` ends up holding resident.
    let (head, tail) = ("quireSearch.add(\"", "\",");
    let mut out = Vec::with_capacity(head.len() + name.len() + tail.len() + data.len() + 3);
    for part in [head, name, tail, data, ");\n"] {
        out.extend_from_slice(part.as_bytes());
    }
    out
}

fn json<T: Serialize + ?Sized>(value: &T) -> String {
    // Serialising plain data (strings, numbers, tuples) into a String cannot fail.
    serde_json::to_string(value).unwrap_or_default()
}
