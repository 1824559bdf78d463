//! The id rules. Ids are part of the public URL contract: they depend on the text only.
//!
//! Heading ids are the ones GitHub gives headings ([`heading_slug`], repeats numbered by
//! [`IdAllocator::heading`]), so links written against a Markdown file on GitHub keep
//! working: lowercase; every character that is not a letter, mark, number, connector
//! punctuation (`_`), `-` or space is dropped; each space becomes `-`. Nothing is trimmed
//! or collapsed: `Closures & scope` is `closures--scope`.
//!
//! Other names (question `q-` and example `ex-` ids, page file names) use the compact
//! [`slugify`]: dashes collapsed and trimmed, so a URL never starts with `-`.

use std::collections::HashMap;
use std::collections::hash_map::Entry;

use unicode_general_category::{GeneralCategory, get_general_category};

/// The id GitHub gives a heading whose text is `text` (github-slugger's `slug`).
pub(crate) fn heading_slug(text: &str) -> String {
    text.to_lowercase()
        .chars()
        .filter_map(|c| match c {
            ' ' => Some('-'),
            c if kept_in_heading_ids(c) => Some(c),
            _ => None,
        })
        .collect()
}

/// Letters, marks, numbers other than `Other_Number`, connector punctuation and `-`; an
/// alphabetic character of another category (a circled letter) is kept too, as GitHub does.
/// Categories are Unicode 13's, as github-slugger's (and so Docusaurus's) are: a character
/// assigned later is dropped.
fn kept_in_heading_ids(c: char) -> bool {
    use GeneralCategory::*;
    let category = get_general_category(c);
    c == '-'
        || (c.is_alphabetic() && category != Unassigned)
        || matches!(
            category,
            UppercaseLetter
                | LowercaseLetter
                | TitlecaseLetter
                | ModifierLetter
                | OtherLetter
                | NonspacingMark
                | SpacingMark
                | EnclosingMark
                | DecimalNumber
                | LetterNumber
                | ConnectorPunctuation
        )
}

/// Compact Unicode-aware slug of `text`: letters and digits lowercased, whitespace and
/// dash runs become one `-`, other punctuation is dropped.
pub(crate) fn slugify(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    let mut pending_dash = false;
    for c in text.chars() {
        if c.is_alphanumeric() || c == '_' {
            if pending_dash && !out.is_empty() {
                out.push('-');
            }
            pending_dash = false;
            out.extend(c.to_lowercase());
        } else if c.is_whitespace() || c == '-' {
            pending_dash = true;
        }
    }
    out
}

/// `id` with runs of `-` collapsed and dashes trimmed from both ends (case kept): the file
/// name of a page named after a heading id.
pub(crate) fn tidy_dashes(id: &str) -> String {
    id.split('-')
        .filter(|part| !part.is_empty())
        .collect::<Vec<_>>()
        .join("-")
}

/// Slug of at most `max_chars` characters, cut at a word boundary when possible.
pub(crate) fn slugify_short(text: &str, max_chars: usize) -> String {
    let full = slugify(text);
    if full.chars().count() <= max_chars {
        return full;
    }
    let cut: String = full.chars().take(max_chars).collect();
    match cut.rfind('-') {
        Some(i) if i > max_chars / 2 => cut[..i].to_string(),
        _ => cut.trim_end_matches('-').to_string(),
    }
}

/// Hands out unique ids. Headings are numbered as GitHub numbers them (`x`, `x-1`, `x-2`,
/// ...); questions and examples as before (`x`, `x-2`, `x-3`, ...).
///
/// Each id remembers how far its repeats have been numbered, so a repeat never retries the
/// numbers already handed out: n identical names cost about as much as n distinct ones.
#[derive(Debug, Default)]
pub(crate) struct IdAllocator {
    /// Every id handed out or reserved → the last number tried for repeats of it.
    numbered: HashMap<String, u32>,
    /// Candidate ids looked up so far (the measure of the work done).
    probes: u64,
}

impl IdAllocator {
    /// The id of a heading whose slug is `slug` (`fallback` when empty), GitHub's way.
    pub(crate) fn heading(&mut self, slug: &str, fallback: &str) -> String {
        self.unique(if slug.is_empty() { fallback } else { slug }, 1)
    }

    /// A fresh id based on `base` (never empty: falls back to `fallback`), repeats from `-2`.
    pub(crate) fn allocate(&mut self, base: &str, fallback: &str) -> String {
        self.unique(if base.is_empty() { fallback } else { base }, 2)
    }

    /// Records an explicit id; false when it was taken already.
    pub(crate) fn claim(&mut self, id: &str) -> bool {
        match self.numbered.entry(id.to_string()) {
            Entry::Occupied(_) => false,
            Entry::Vacant(v) => {
                v.insert(0);
                true
            }
        }
    }

    /// How many candidate ids were looked up so far.
    #[cfg(test)]
    pub(crate) fn probes(&self) -> u64 {
        self.probes
    }

    /// `base` when free, else `base-n` for the first free n from `first` on, continuing
    /// from the last number tried for `base` (github-slugger's occurrence counter).
    fn unique(&mut self, base: &str, first: u32) -> String {
        self.probes += 1;
        let Some(&tried) = self.numbered.get(base) else {
            self.numbered.insert(base.to_string(), 0);
            return base.to_string();
        };
        let mut n = tried.max(first - 1);
        loop {
            n += 1;
            self.probes += 1;
            let candidate = format!("{base}-{n}");
            if let Entry::Vacant(v) = self.numbered.entry(candidate) {
                let id = v.key().clone();
                v.insert(0);
                self.numbered.insert(base.to_string(), n);
                return id;
            }
        }
    }
}

/// The share page of a key: `q/<key>.html`.
pub(crate) fn share_path(key: &str) -> String {
    format!("q/{key}.html")
}

/// A key usable as a file name: the id itself when it is a plain slug, else its slug.
pub(crate) fn safe_key(id: &str) -> String {
    let plain = !id.is_empty()
        && !id.starts_with('.')
        && id
            .chars()
            .all(|c| c.is_alphanumeric() || c == '-' || c == '_');
    if plain {
        return id.to_string();
    }
    match slugify(id) {
        s if s.is_empty() => "question".into(),
        s => s,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn keys_are_safe_file_names() {
        assert_eq!(safe_key("q-what-is-x"), "q-what-is-x");
        assert_eq!(safe_key("q-并发"), "q-并发");
        assert_eq!(safe_key("../../etc"), "etc");
        assert_eq!(safe_key("a/b"), "ab");
        assert_eq!(safe_key("///"), "question");
    }

    use proptest::prelude::*;

    #[derive(serde::Deserialize)]
    struct Fixture {
        name: String,
        input: String,
        expected: String,
    }

    /// github-slugger's public test set (tests/data/github-slugger, ISC licence): one page
    /// of headings in order, so repeats are numbered across the whole list.
    #[test]
    fn github_slugger_fixtures() {
        let text = include_str!("../tests/data/github-slugger/fixtures.json");
        let fixtures: Vec<Fixture> = serde_json::from_str(text).unwrap();
        assert!(fixtures.len() > 70);
        let mut ids = IdAllocator::default();
        let failures: Vec<String> = fixtures
            .iter()
            .filter_map(|f| {
                let got = ids.heading(&heading_slug(&f.input), "section");
                (got != f.expected).then(|| format!("{}: got {got:?}", f.name))
            })
            .collect();
        assert!(failures.is_empty(), "{failures:#?}");
    }

    #[test]
    fn github_heading_ids() {
        assert_eq!(heading_slug("# 1. Introduction"), "-1-introduction");
        assert_eq!(heading_slug("Closures & scope"), "closures--scope");
        assert_eq!(heading_slug("What's `__slots__`?"), "whats-__slots__");
        assert_eq!(heading_slug("并发与 GIL"), "并发与-gil");
        assert_eq!(heading_slug("ΟΔΟΣ"), "οδος");
    }

    #[test]
    fn compact_slugs() {
        assert_eq!(slugify("GIL and Concurrency"), "gil-and-concurrency");
        assert_eq!(slugify("What's `__slots__`?"), "whats-__slots__");
        assert_eq!(slugify("Async  --  Iterators"), "async-iterators");
        assert_eq!(slugify("Études Café"), "études-café");
        assert_eq!(tidy_dashes("-1-introduction"), "1-introduction");
        assert_eq!(tidy_dashes("Closures--Scope-"), "Closures-Scope");
    }

    #[test]
    fn short_slugs_cut_at_words() {
        assert_eq!(
            slugify_short("how do you share data between processes safely", 30),
            "how-do-you-share-data-between"
        );
    }

    #[test]
    fn allocator_suffixes_duplicates() {
        let mut ids = IdAllocator::default();
        assert!(ids.claim("intro"));
        assert_eq!(ids.allocate("intro", "x"), "intro-2");
        assert_eq!(ids.allocate("intro", "x"), "intro-3");
        assert_eq!(ids.allocate("", "section"), "section");
        assert!(!ids.claim("intro"));
        assert_eq!(ids.heading("part", "s"), "part");
        assert_eq!(ids.heading("part", "s"), "part-1");
        assert_eq!(ids.heading("", "s"), "s");
        assert_eq!(ids.heading("", "s"), "s-1");
    }

    /// The probes of `n` headings of the same text.
    fn probes_for_repeats(n: usize) -> u64 {
        let mut ids = IdAllocator::default();
        for _ in 0..n {
            ids.heading("same", "s");
        }
        ids.probes()
    }

    #[test]
    fn twenty_thousand_repeats_cost_about_as_much_as_distinct_headings() {
        let n = 20_000;
        let mut distinct = IdAllocator::default();
        for i in 0..n {
            distinct.heading(&format!("heading {i}"), "s");
        }
        let repeats = probes_for_repeats(n);
        // Each repeat looks up its base and one numbered candidate; retrying every number
        // from the start would be n²/2 = 200 million.
        assert_eq!(distinct.probes(), n as u64);
        assert!(repeats <= 2 * n as u64, "{repeats} probes");
    }

    proptest! {
        #[test]
        fn slugs_are_idempotent(s in "\\PC{0,40}") {
            let once = slugify(&s);
            prop_assert_eq!(slugify(&once), once.clone());
            let heading = heading_slug(&s);
            prop_assert_eq!(heading_slug(&heading), heading.clone());
        }

        #[test]
        fn allocated_ids_are_unique(words in proptest::collection::vec("[a-c]{0,2}(-[12])?", 0..40)) {
            let mut ids = IdAllocator::default();
            let mut seen = std::collections::HashSet::new();
            for (i, w) in words.iter().enumerate() {
                let id = if i % 3 == 0 {
                    ids.allocate(&slugify(w), "s")
                } else {
                    ids.heading(&heading_slug(w), "s")
                };
                prop_assert!(seen.insert(id));
            }
        }

        /// Any mix of names, repeats and names that look like numbered repeats (`a-1`):
        /// at most two lookups per id handed out, on average.
        #[test]
        fn allocation_is_linear(words in proptest::collection::vec("[ab]{1,2}(-[1-9])?", 1..400)) {
            let mut ids = IdAllocator::default();
            for w in &words {
                ids.heading(w, "s");
            }
            prop_assert!(ids.probes() <= 2 * words.len() as u64, "{} probes for {} ids", ids.probes(), words.len());
        }

        #[test]
        fn repeats_are_linear(n in 1usize..3000) {
            prop_assert!(probes_for_repeats(n) <= 2 * n as u64);
        }
    }
}
