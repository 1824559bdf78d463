//! The id rules. Ids are part of the public URL contract: they depend on the text only.
//!
//! A slug keeps every Unicode letter and digit (lowercased), so Chinese or accented
//! headings keep their letters; whitespace and dashes become single `-`; punctuation is
//! dropped. This matches the ids GitHub gives headings, so links written against the
//! Markdown file keep working.

use std::collections::HashSet;

/// Unicode-aware slug of `text`.
pub fn slugify(text: &str) -> String {
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

/// Slug of at most `max_chars` characters, cut at a word boundary when possible.
pub fn slugify_short(text: &str, max_chars: usize) -> String {
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

/// Hands out ids unique within one page: the first `x`, then `x-2`, `x-3`, ...
#[derive(Debug, Default)]
pub struct IdAllocator {
    taken: HashSet<String>,
}

impl IdAllocator {
    /// An allocator that already knows the explicit ids of the page.
    pub fn with_reserved<I: IntoIterator<Item = String>>(reserved: I) -> Self {
        Self {
            taken: reserved.into_iter().collect(),
        }
    }

    /// A fresh id based on `base` (never empty: falls back to `fallback`).
    pub fn allocate(&mut self, base: &str, fallback: &str) -> String {
        let base = if base.is_empty() { fallback } else { base };
        if self.taken.insert(base.to_string()) {
            return base.to_string();
        }
        (2..)
            .map(|n| format!("{base}-{n}"))
            .find(|candidate| self.taken.insert(candidate.clone()))
            .unwrap_or_default()
    }

    /// Records an explicit id; false when it was taken already.
    pub fn claim(&mut self, id: &str) -> bool {
        self.taken.insert(id.to_string())
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    #[test]
    fn github_style_slugs() {
        assert_eq!(slugify("GIL and Concurrency"), "gil-and-concurrency");
        assert_eq!(
            slugify("Understanding the Global Interpreter Lock (GIL)"),
            "understanding-the-global-interpreter-lock-gil"
        );
        assert_eq!(slugify("What's `__slots__`?"), "whats-__slots__");
        assert_eq!(slugify("Async  --  Iterators"), "async-iterators");
    }

    #[test]
    fn unicode_letters_are_kept() {
        assert_eq!(slugify("并发与 GIL"), "并发与-gil");
        assert_eq!(slugify("Études Café"), "études-café");
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
        let mut ids = IdAllocator::with_reserved(["intro".to_string()]);
        assert_eq!(ids.allocate("intro", "x"), "intro-2");
        assert_eq!(ids.allocate("intro", "x"), "intro-3");
        assert_eq!(ids.allocate("", "section"), "section");
        assert!(!ids.claim("intro"));
    }

    proptest! {
        #[test]
        fn slugs_are_idempotent(s in "\\PC{0,40}") {
            let once = slugify(&s);
            prop_assert_eq!(slugify(&once), once.clone());
        }

        #[test]
        fn allocated_ids_are_unique(words in proptest::collection::vec("[a-c]{0,2}", 0..30)) {
            let mut ids = IdAllocator::default();
            let mut seen = std::collections::HashSet::new();
            for w in words {
                prop_assert!(seen.insert(ids.allocate(&slugify(&w), "s")));
            }
        }
    }
}
