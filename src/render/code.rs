//! Which of a site's code blocks to highlight, and highlighting them before the pages are
//! rendered.

use rayon::prelude::*;

use crate::cache::HighlightCache;
use crate::model::{CodeBlock, Site};
use crate::progress::Progress;

use super::{highlight_block, page_code_blocks};

/// Code highlighted during this build, for the cache: (key, lines).
type FreshLines = (u128, Vec<String>);

/// The code blocks of a site that a highlight cache does not hold yet, longest first (see
/// [`CodeToHighlight::highlight`]), and the key of every block the site has.
pub(crate) struct CodeToHighlight<'s> {
    todo: Vec<(u128, &'s CodeBlock)>,
    used: std::collections::HashSet<u128>,
    /// Bytes of code in `todo`, and in the whole site.
    todo_bytes: usize,
    all_bytes: usize,
}

/// What of `site`'s code `cache` lacks.
pub(crate) fn code_to_highlight<'s>(site: &'s Site, cache: &HighlightCache) -> CodeToHighlight<'s> {
    let mut used = std::collections::HashSet::new();
    let mut all_bytes = 0;
    let mut todo: Vec<(u128, &CodeBlock)> = site
        .pages
        .iter()
        .flat_map(page_code_blocks)
        .filter_map(|c| {
            let key = HighlightCache::key(&c.language, &c.code);
            all_bytes += c.code.len();
            (used.insert(key) && !cache.contains(key)).then_some((key, c))
        })
        .collect();
    todo.sort_unstable_by(|a, b| b.1.code.len().cmp(&a.1.code.len()).then(a.0.cmp(&b.0)));
    let todo_bytes = todo.iter().map(|(_, c)| c.code.len()).sum();
    CodeToHighlight {
        todo,
        used,
        todo_bytes,
        all_bytes,
    }
}

impl CodeToHighlight<'_> {
    /// Whether most of the site's code is still to highlight (a first build, a new grammar
    /// set): highlighting is then most of the build.
    pub(crate) fn is_most(&self) -> bool {
        self.todo_bytes * 2 > self.all_bytes
    }

    /// Highlights the blocks (in parallel); afterwards `cache` holds exactly the blocks of
    /// the site.
    ///
    /// The work is shared out block by block, longest first: a block is highlighted line
    /// after line (each line starts in the state the last one left), so one long block on
    /// one thread bounds the stage, and splitting by page left a core idle while a big
    /// chapter finished. A block that appears twice is highlighted once.
    pub(crate) fn highlight(self, cache: &mut HighlightCache, progress: &Progress) {
        progress.start("highlighting", self.todo.len());
        let fresh: Vec<FreshLines> = self
            .todo
            .par_iter()
            .with_max_len(1)
            .map(|&(key, c)| {
                let lines = highlight_block(c);
                progress.step();
                (key, lines)
            })
            .collect();
        cache.retain_keys(&self.used);
        // Kept by a session until the code changes: apart from the build's temporaries.
        crate::keep::kept(|| {
            for (key, lines) in fresh {
                cache.insert(key, &lines);
            }
        });
        // The per-thread line memos have done their work; their memory is better used later.
        rayon::broadcast(|_| crate::highlight::forget_lines());
        crate::highlight::forget_lines();
    }
}

#[cfg(test)]
mod tests {
    use super::code_to_highlight;
    use crate::cache::HighlightCache;
    use crate::progress::Progress;

    fn parsed(markdown: &str) -> crate::model::Site {
        let config = crate::config::Config::default();
        let (site, diags) = crate::parse::parse_text("guide.md", markdown, config);
        assert!(diags.iter().all(|d| !d.is_error()), "{diags:?}");
        site
    }

    #[test]
    fn a_first_build_highlights_everything_once_and_an_edit_little() {
        let guide = "# Guide\n\n## A\n\n```python\nx = 1\ny = 2\nz = x + y\n```\n\n## B\n\n```python\nx = 1\ny = 2\nz = x + y\n```\n\n```rust\nfn main() {}\n```\n";
        let site = parsed(guide);
        let mut cache = HighlightCache::default();
        let first = code_to_highlight(&site, &cache);
        assert!(first.is_most());
        // The same block twice is highlighted once.
        assert_eq!(first.todo.len(), 2);
        first.highlight(&mut cache, &Progress::default());
        let again = code_to_highlight(&site, &cache);
        assert!(again.todo.is_empty() && !again.is_most());
        // The short block changed: a little of the code, not most of it.
        let edited = parsed(&guide.replace("fn main() {}", "fn main() { run() }"));
        let edit = code_to_highlight(&edited, &cache);
        assert_eq!(edit.todo.len(), 1);
        assert!(!edit.is_most());
        // No code at all: nothing to highlight is never "most".
        assert!(!code_to_highlight(&site_without_code(), &cache).is_most());
    }

    fn site_without_code() -> crate::model::Site {
        parsed("# Guide\n\n## A\n\nText only.\n")
    }
}
