//! Client-side search: documents from the model, a code-aware tokenizer, and an inverted
//! index split into small script files that `assets/search.js` loads on demand.
//!
//! 1. [`index::collect_documents`]: every page top, section, question and code example
//!    becomes a document with its URL anchor, breadcrumb, kind and weighted fields. The
//!    model is indexed directly; rendered HTML is never parsed.
//! 2. [`index::invert`]: [`tokenize`] every field into a sorted dictionary with postings
//!    (document, field, field length, positions) and each term's English stem.
//! 3. [`shard::index_files`]: the dictionary cut into ranges by term (Pagefind-style) plus
//!    chunks of document rows with their snippet text, each a `<script>`-loadable file, so
//!    the browser fetches only the shards a query's words fall in, from disk or any sub-path.
//!
//! Ranking (BM25F, proximity and phrase bonus, prefix and typo matching) runs in the
//! browser, in `search.js`: it is tested through the browser query set
//! (`tests/browser/search.mjs`).

pub mod index;
mod memo;
mod patch;
pub mod shard;
pub mod tokenize;

use crate::model::Site;
use crate::output::Body;

pub use memo::SearchMemo;

/// The search index files of `site`: `(site-relative path, bytes)`, deterministic.
pub fn search_files(site: &Site) -> Vec<(String, Body)> {
    search_files_memo(site, None)
}

/// [`search_files`] reusing the tokenized pages of the last call with the same `memo`
/// (pages whose text did not change are not tokenized again, files made of the same rows
/// are the same files). Same output.
pub fn search_files_memo(site: &Site, memo: Option<&mut SearchMemo>) -> Vec<(String, Body)> {
    let stemming = site.config.language.to_ascii_lowercase().starts_with("en");
    let (docs, starts) = index::collect_page_documents(site);
    match memo {
        Some(memo) => memo.files(&docs, &starts, stemming),
        None => shard::index_files(&index::invert(&docs, stemming), &docs, stemming),
    }
}

#[cfg(test)]
mod tests;
