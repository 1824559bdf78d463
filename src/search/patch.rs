//! Patching the last index after a small edit (`quire serve`).
//!
//! Document ids are positions in reading order, so an edit that keeps every page's number of
//! documents keeps every id. Then only the terms of the edited runs (pages) have different
//! postings: for each such term the hits of the run's documents are cut out and the run's
//! new hits put in their place, terms left with no hit are dropped, new terms are inserted in
//! dictionary order, and only the changed terms are encoded again. The result equals a full
//! merge ([`super::index::invert`]), which tests compare byte for byte.

use std::collections::HashMap;
use std::ops::Range;
use std::sync::Arc;

use rayon::prelude::*;

use super::index::{
    FieldHit, InvertedIndex, Partial, PostingsRef, TermEntry, average_lengths, run_ranges, stem_of,
    term_order,
};
use super::shard::term_json;

/// A patch is tried when at most one run in this many changed (and always for one run);
/// a bigger edit, or one that touches every page (a template, site.toml), merges in full.
const MAX_CHANGED_SHARE: usize = 8;

/// The index of the last build, with what a patch needs to know about it.
pub(super) struct LastIndex {
    /// Whether its terms were stemmed (the site's language).
    stemming: bool,
    /// Where each run of documents started, and the hash of each run's fields.
    starts: Vec<usize>,
    keys: Vec<u128>,
    pub index: InvertedIndex,
    /// The JSON entry of each term of `index` (same order).
    pub entries: Vec<String>,
}

impl LastIndex {
    pub(super) fn new(
        stemming: bool,
        starts: Vec<usize>,
        keys: Vec<u128>,
        index: InvertedIndex,
    ) -> Self {
        // Kept by a session until a term changes: apart from the build's temporaries.
        let entries = index
            .terms
            .par_iter()
            .map(|t| crate::keep::kept(|| term_json(t)))
            .collect();
        LastIndex {
            stemming,
            starts,
            keys,
            index,
            entries,
        }
    }
}

/// `last` brought up to date with the runs `parts` (keyed `keys`, starting at `starts`, over
/// `docs` documents); `old_parts` holds the last build's runs by key. None when the edit is
/// not a patch's to make (documents added or removed, too many runs changed): the caller
/// merges in full.
pub(super) fn patch(
    mut last: LastIndex,
    starts: &[usize],
    docs: usize,
    keys: &[u128],
    parts: &[Arc<Partial>],
    old_parts: &HashMap<u128, Arc<Partial>>,
    stemming: bool,
) -> Option<LastIndex> {
    if last.stemming != stemming
        || last.starts != starts
        || last.index.docs != docs
        || last.keys.len() != keys.len()
    {
        return None;
    }
    let changed: Vec<usize> = (0..keys.len())
        .filter(|&i| last.keys[i] != keys[i])
        .collect();
    if changed.len() * MAX_CHANGED_SHARE > keys.len().max(MAX_CHANGED_SHARE) {
        return None;
    }
    let ranges = run_ranges(starts, docs);
    let terms = &mut last.index.terms;
    // Indexes of patched terms of the dictionary; terms new to it, by name.
    let mut dirty: Vec<usize> = Vec::new();
    let mut added: HashMap<String, TermEntry> = HashMap::new();
    for &run in &changed {
        let old = old_parts.get(&last.keys[run])?;
        let new: HashMap<&str, PostingsRef<'_>> = parts[run].terms().collect();
        let mut touched: Vec<&str> = old.terms().map(|(t, _)| t).collect();
        touched.extend(new.keys().copied());
        touched.sort_unstable();
        touched.dedup();
        for term in touched {
            let postings = new.get(term).copied();
            if let Ok(at) = terms.binary_search_by(|t| term_order(&t.term, term)) {
                replace_run(&mut terms[at], &ranges[run], postings);
                dirty.push(at);
            } else if let Some(entry) = added.get_mut(term) {
                replace_run(entry, &ranges[run], postings);
            } else if let Some(p) = postings {
                let mut entry = TermEntry {
                    term: term.to_string(),
                    stem: stem_of(term, stemming),
                    hits: Vec::new(),
                    positions: Vec::new(),
                };
                replace_run(&mut entry, &ranges[run], Some(p));
                added.insert(term.to_string(), entry);
            }
        }
    }
    dirty.sort_unstable();
    dirty.dedup();
    let encoded: Vec<String> = dirty
        .par_iter()
        .map(|&at| crate::keep::kept(|| term_json(&terms[at])))
        .collect();
    for (&at, entry) in dirty.iter().zip(encoded) {
        last.entries[at] = entry;
    }
    let mut added: Vec<TermEntry> = added.into_values().filter(|e| !e.hits.is_empty()).collect();
    let emptied = dirty.iter().any(|&at| terms[at].hits.is_empty());
    if !added.is_empty() || emptied {
        added.sort_unstable_by(|a, b| term_order(&a.term, &b.term));
        let added_entries: Vec<String> = added
            .par_iter()
            .map(|t| crate::keep::kept(|| term_json(t)))
            .collect();
        let kept = std::mem::take(terms)
            .into_iter()
            .zip(std::mem::take(&mut last.entries))
            .filter(|(t, _)| !t.hits.is_empty());
        let (merged_terms, merged_entries) =
            merge_sorted(kept, added.into_iter().zip(added_entries));
        last.index.terms = merged_terms;
        last.entries = merged_entries;
    }
    last.index.avg_field_len = average_lengths(parts);
    last.keys = keys.to_vec();
    Some(last)
}

/// Two runs of (term, entry) pairs, each in dictionary order, merged into one.
fn merge_sorted(
    a: impl Iterator<Item = (TermEntry, String)>,
    b: impl Iterator<Item = (TermEntry, String)>,
) -> (Vec<TermEntry>, Vec<String>) {
    let (mut terms, mut entries) = (Vec::new(), Vec::new());
    let mut a = a.peekable();
    let mut b = b.peekable();
    loop {
        let take_a = match (a.peek(), b.peek()) {
            (Some(x), Some(y)) => term_order(&x.0.term, &y.0.term).is_lt(),
            (Some(_), None) => true,
            (None, Some(_)) => false,
            (None, None) => break,
        };
        let next = if take_a { a.next() } else { b.next() };
        if let Some((term, entry)) = next {
            terms.push(term);
            entries.push(entry);
        }
    }
    (terms, entries)
}

/// Replaces the hits (and their positions) of the documents `run` in `entry` by `postings`
/// (the run's own, document ids counting from the run's first; None: the term left the run).
/// Hits are in document order and each hit's positions follow the previous hit's, so both
/// are one contiguous slice; the hits after it move by the change in positions.
fn replace_run(entry: &mut TermEntry, run: &Range<usize>, postings: Option<PostingsRef<'_>>) {
    let (first, end) = (run.start as u32, run.end as u32);
    let lo = entry.hits.partition_point(|h| h.doc < first);
    let hi = entry.hits.partition_point(|h| h.doc < end);
    let pos_lo = entry
        .hits
        .get(lo)
        .map_or(entry.positions.len() as u32, |h| h.start);
    let pos_hi = if hi > lo {
        entry.hits[hi - 1].start + entry.hits[hi - 1].count
    } else {
        pos_lo
    };
    let (hits, positions): (Vec<FieldHit>, &[u32]) = match postings {
        Some(p) => (
            p.hits
                .iter()
                .map(|h| FieldHit {
                    doc: h.doc + first,
                    start: h.start + pos_lo,
                    ..*h
                })
                .collect(),
            p.positions,
        ),
        None => (Vec::new(), &[]),
    };
    let added = hits.len();
    let grown = positions.len() as i64 - i64::from(pos_hi - pos_lo);
    entry
        .positions
        .splice(pos_lo as usize..pos_hi as usize, positions.iter().copied());
    entry.hits.splice(lo..hi, hits);
    for h in &mut entry.hits[lo + added..] {
        h.start = (i64::from(h.start) + grown) as u32;
    }
}
