//! What a session keeps of the search index between builds (`serve`): the postings and
//! rows of each run of documents (a page's), by the hash of what they are made from, and
//! the last index and files. A rebuild makes again only what an edit changed; the files
//! are the same as a build from nothing ([`super::search_files`]), which tests check.

use std::collections::HashMap;
use std::sync::Arc;

use rayon::prelude::*;

use super::index::{Document, FastMap, InvertedIndex, Partial, merge, partial, run_ranges};
use super::patch::{LastIndex, patch};
use super::shard::{LastFiles, Rows, index_files_entries};
use crate::output::Body;

/// Postings of runs of documents kept between builds (`serve`), by the hash of the runs'
/// fields: a rebuild tokenizes only the runs whose text changed. With the last index kept
/// too, an edit that leaves every page's number of documents as it was (the usual edit: a
/// paragraph, an answer, a line of code) patches the postings of the terms of the changed
/// runs instead of merging every run again ([`super::patch`]).
#[derive(Default)]
pub struct SearchMemo {
    runs: HashMap<u128, Arc<Partial>>,
    stems: FastMap<String, Option<String>>,
    rows: HashMap<u128, Arc<Rows>>,
    last: Option<LastIndex>,
    /// The files of the last call, reused where made of the same rows.
    files: LastFiles,
    /// How many builds patched the last index (for tests and `--timings` readers).
    patches: usize,
}

impl SearchMemo {
    /// The index files of `docs` (runs of documents from `starts`), made again only where
    /// the last call's runs, rows or files do not serve.
    pub(super) fn files(
        &mut self,
        docs: &[Document],
        starts: &[usize],
        stemming: bool,
    ) -> Vec<(String, Body)> {
        let runs = self.rows(docs, starts);
        let rows: Vec<&str> = runs
            .iter()
            .flat_map(|r| r.docs.iter().map(String::as_str))
            .collect();
        let last = std::mem::take(&mut self.files);
        let (index, entries) = self.index(docs, starts, stemming);
        let mut files = index_files_entries(index, entries, docs, &rows, stemming, Some(&last));
        // Kept until a later build: apart from this one's temporaries (`crate::keep`); a
        // file taken from the last build already is.
        crate::keep::kept(|| {
            for (path, body, _) in &mut files {
                if !last.get(path).is_some_and(|(_, b)| Arc::ptr_eq(b, body)) {
                    *body = Arc::new(body.as_slice().to_vec());
                }
            }
            self.files = files
                .iter()
                .map(|(path, body, key)| (path.clone(), (*key, Arc::clone(body))))
                .collect();
        });
        files
            .into_iter()
            .map(|(path, body, _)| (path, body))
            .collect()
    }

    /// How many calls of [`SearchMemo::index`] patched the last index instead of merging.
    pub fn patches(&self) -> usize {
        self.patches
    }

    /// The index of `docs` (runs of documents from `starts`) and the JSON entry of each of
    /// its terms ([`super::shard::term_json`]): patched from the last call's when the runs
    /// line up and few changed, merged again otherwise. The same as [`super::index::invert`] either way.
    pub fn index(
        &mut self,
        docs: &[Document],
        starts: &[usize],
        stemming: bool,
    ) -> (&InvertedIndex, &[String]) {
        let ranges = run_ranges(starts, docs.len());
        let keys: Vec<u128> = ranges
            .par_iter()
            .map(|r| run_key(&docs[r.clone()]))
            .collect();
        let parts: Vec<Arc<Partial>> = ranges
            .par_iter()
            .zip(&keys)
            .map(|(r, key)| {
                self.runs.get(key).cloned().unwrap_or_else(|| {
                    let made = partial(&docs[r.clone()]);
                    // Kept until the page changes: apart from the build's temporaries.
                    crate::keep::kept(|| Arc::new(made.clone()))
                })
            })
            .collect();
        // The last index is kept (`crate::keep`): it is patched where it is.
        let last = self.last.take().and_then(|last| {
            crate::keep::kept(|| {
                patch(
                    last,
                    starts,
                    docs.len(),
                    &keys,
                    &parts,
                    &self.runs,
                    stemming,
                )
            })
        });
        let last = match last {
            Some(last) => {
                self.patches += 1;
                last
            }
            None => {
                let index = merge(&ranges, &parts, docs.len(), stemming, Some(&self.stems));
                // Kept until the next merge: copied apart from the build's temporaries
                // (`crate::keep`), term by term, so that the copy costs little memory.
                crate::keep::kept(|| {
                    // Each term copied into the kept arena as its original is freed: the
                    // clone is the point.
                    #[allow(clippy::map_clone)]
                    let terms = index.terms.into_iter().map(|t| t.clone()).collect();
                    let index = InvertedIndex { terms, ..index };
                    self.stems = index
                        .terms
                        .iter()
                        .map(|t| (t.term.clone(), t.stem.clone()))
                        .collect();
                    LastIndex::new(stemming, starts.to_vec(), keys.clone(), index)
                })
            }
        };
        self.runs = crate::keep::kept(|| keys.into_iter().zip(parts).collect());
        let last = self.last.insert(last);
        (&last.index, &last.entries)
    }

    /// The JSON rows of every document, made again only for the runs of documents (from
    /// `starts`) whose kind, address, title, breadcrumb or snippet text changed.
    pub fn rows(&mut self, docs: &[Document], starts: &[usize]) -> Vec<Arc<Rows>> {
        let previous = &self.rows;
        let made: Vec<(u128, Arc<Rows>)> = run_ranges(starts, docs.len())
            .into_par_iter()
            .map(|r| {
                let chunk = &docs[r];
                let mut h = xxhash_rust::xxh3::Xxh3::new();
                for d in chunk {
                    for s in [&d.url, &d.title, &d.crumb, &d.text] {
                        h.update(s.as_bytes());
                        h.update(&[0xff]);
                    }
                    h.update(&[d.kind as u8, 0xfe]);
                }
                let key = h.digest128();
                let rows = previous.get(&key).cloned().unwrap_or_else(|| {
                    let made = Rows::of(chunk);
                    // Kept until the page changes: apart from the build's temporaries.
                    crate::keep::kept(|| Arc::new(made.clone()))
                });
                (key, rows)
            })
            .collect();
        let rows = made.iter().map(|(_, r)| Arc::clone(r)).collect();
        self.rows = crate::keep::kept(|| made.into_iter().collect());
        rows
    }
}

/// What a run's postings depend on: the fields of its documents.
fn run_key(docs: &[Document]) -> u128 {
    let mut h = xxhash_rust::xxh3::Xxh3::new();
    for doc in docs {
        for field in &doc.fields {
            h.update(field.as_bytes());
            h.update(&[0xff]);
        }
        h.update(&[0xfe]);
    }
    h.digest128()
}
