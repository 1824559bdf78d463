//! Incremental rebuilds for `serve`: a [`Session`] keeps the highlight cache in memory and
//! the last build, and re-renders only the chapters whose content changed. When titles,
//! templates or configuration change (navigation appears on every page) every chapter is
//! rendered again. The output is byte-identical to a full build either way.

use std::sync::Arc;

use super::reuse::LastBuild;
use super::{Options, Output, build_pipeline};
use crate::cache::HighlightCache;
use crate::error::Result;
use crate::previous::Recorder;
use crate::search::SearchMemo;

/// Successive builds of one site, each reusing what the last one made.
#[derive(Default)]
pub struct Session {
    opts: Options,
    cache: HighlightCache,
    memos: Memos,
    last: Option<LastBuild>,
}

/// Work kept between the builds of a session besides pages: each file's parse and the
/// plan, tokenized search pages and serialised export items.
#[derive(Default)]
pub(super) struct Memos {
    pub planning: Planning,
    pub search: SearchMemo,
    pub exports: crate::exports::ExportsMemo,
}

/// What the parse and plan steps keep: each file's parse, the permalink plan and each
/// page's fingerprints.
#[derive(Default)]
pub(super) struct Planning {
    pub parse: crate::parse::ParseMemo,
    pub plan: crate::permalinks::PlanMemo,
    pub prints: super::fingerprint::PrintMemo,
}

impl Session {
    /// A session that has built nothing yet: its first build is a full one.
    pub fn new(opts: Options) -> Self {
        Self {
            opts,
            ..Default::default()
        }
    }

    /// What every build of this session is run with (the site folder, the output).
    pub fn options(&self) -> &Options {
        &self.opts
    }

    /// Builds the site, reusing the previous build where nothing changed. A failed build
    /// keeps the previous one for the next attempt. This is drafting: a permalink the lock
    /// lists that is gone is a warning (`build` enforces the lock).
    pub fn build(&mut self) -> Result<Arc<Output>> {
        let recorder = Recorder::default();
        let (built, prints) = build_pipeline(
            &self.opts,
            &mut self.cache,
            self.last.as_ref(),
            Some(&mut self.memos),
            None,
            &recorder,
            crate::permalinks::LockUse::Warn,
        )?;
        let output = built.into_output();
        let keys = recorder.into_keys();
        // Kept until the next build: apart from this one's temporaries (see `crate::keep`).
        let (output, prints, keys) =
            crate::keep::kept(|| (Arc::new(output), prints.clone(), keys.clone()));
        self.last = Some(LastBuild {
            output: Arc::clone(&output),
            prints,
            keys,
        });
        Ok(output)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Asserts both builds made the same files, naming the ones that differ.
    fn assert_same(incremental: &Output, full: &Output) {
        let differ: Vec<&String> = full
            .files
            .iter()
            .filter(|(path, bytes)| incremental.files.get(*path) != Some(*bytes))
            .map(|(path, _)| path)
            .chain(
                incremental
                    .files
                    .keys()
                    .filter(|p| !full.files.contains_key(*p)),
            )
            .collect();
        assert!(differ.is_empty(), "the rebuild differs in {differ:?}");
        let said = |o: &Output| o.warnings.iter().map(|d| d.to_string()).collect::<Vec<_>>();
        assert_eq!(
            said(incremental),
            said(full),
            "the rebuild's warnings differ"
        );
    }

    fn site_with(text: &str, dir: &std::path::Path) {
        std::fs::create_dir_all(dir.join("content")).unwrap();
        std::fs::write(dir.join("content/book.md"), text).unwrap();
    }

    /// Builds the book `first` in a session, then each of `edits` in turn: every rebuild
    /// must equal a full build. Returns the first build.
    fn check_rebuilds(dir: &std::path::Path, first: &str, edits: &[String]) -> Arc<Output> {
        site_with(first, dir);
        let opts = Options {
            root: dir.to_path_buf(),
            ..Default::default()
        };
        let mut session = Session::new(opts.clone());
        let built = session.build().unwrap();
        for edit in edits {
            site_with(edit, dir);
            let incremental = session.build().unwrap();
            let full = crate::build::build_site(&opts).unwrap();
            assert_same(&incremental, &full);
        }
        built
    }

    #[test]
    fn an_incremental_rebuild_equals_a_full_build() {
        let dir = tempfile::tempdir().unwrap();
        let a = "# B\n\n## One\n\nfirst\n\n```python\nx = 1\n```\n\n## Two\n\nsecond\n";
        // Edit one chapter (shifting the lines of the next), its code (the examples page
        // counts the lines), then a title (the navigation).
        let edits = [
            a.replace("first", "first\n\nmore\n"),
            a.replace("x = 1\n", "x = 1\ny = 2\n"),
            a.replace("## Two", "## Zwei"),
        ];
        check_rebuilds(dir.path(), a, &edits);
    }

    #[test]
    fn a_chapter_whose_share_keys_moved_is_rendered_again() {
        let dir = tempfile::tempdir().unwrap();
        std::fs::write(dir.path().join("site.toml"), "question_headings = true\n").unwrap();
        // Two chapters ask the same question: the second one's share key is `a-2`, until the
        // first one's is removed; the second chapter's own text never changes.
        let a = "# B\n\n## One\n\n### Why? {#a}\n\nBecause.\n\n## Two\n\n### Why? {#a}\n\nSo.\n";
        let edit = a.replace("### Why? {#a}\n\nBecause.\n", "Plain.\n");
        let first = check_rebuilds(dir.path(), a, std::slice::from_ref(&edit));
        assert!(String::from_utf8_lossy(&first.files["two.html"]).contains("q/a-2.html"));
        let full = crate::build::build_site(&Options {
            root: dir.path().to_path_buf(),
            ..Default::default()
        })
        .unwrap();
        assert!(String::from_utf8_lossy(&full.files["two.html"]).contains("q/a.html"));
    }

    #[test]
    fn a_rebuild_with_aliases_equals_a_full_build() {
        // Renamed anchors kept by aliases: the study page carries the old ids (they were once
        // added after rendering, and a rebuild that reused the page added them twice).
        let dir = tempfile::tempdir().unwrap();
        let fixture = std::path::Path::new(env!("CARGO_MANIFEST_DIR"))
            .join("tests/fixtures/permalinks-aliased");
        let book = std::fs::read_to_string(fixture.join("content/book.md")).unwrap();
        std::fs::copy(
            fixture.join("permalinks.lock"),
            dir.path().join("permalinks.lock"),
        )
        .unwrap();
        let edits = [
            book.replace("Text two.", "Text two, edited."),
            book.replace("A piece of a whole.", "A piece."),
        ];
        let first = check_rebuilds(dir.path(), &book, &edits);
        assert!(
            String::from_utf8_lossy(&first.files["study.html"]).contains("quire-study-aliases")
        );
    }

    /// Writes each `(path under the site, text)`; an empty text removes the file.
    fn write_files(dir: &std::path::Path, files: &[(&str, &str)]) {
        for (path, text) in files {
            let path = dir.join(path);
            if text.is_empty() {
                let _ = std::fs::remove_file(&path);
                continue;
            }
            std::fs::create_dir_all(path.parent().unwrap()).unwrap();
            std::fs::write(path, text).unwrap();
        }
    }

    /// A session over a site of several files: after each round of `edits`, the rebuild
    /// equals a full build (files and warnings) and parsed again as many files as said.
    fn check_file_edits(dir: &std::path::Path, edits: &[(&[(&str, &str)], usize)]) {
        let opts = Options {
            root: dir.to_path_buf(),
            ..Default::default()
        };
        let mut session = Session::new(opts.clone());
        session.build().unwrap();
        for (round, (files, parsed)) in edits.iter().enumerate() {
            write_files(dir, files);
            let incremental = session.build().unwrap();
            let full = crate::build::build_site(&opts).unwrap();
            assert_same(&incremental, &full);
            assert_eq!(
                session.memos.planning.parse.drafted(),
                *parsed,
                "files parsed again after edit {round}"
            );
        }
    }

    const LINKS: &str = "# Links\n\nSee [the pool](pool.md#the-pool), [case](pool.md#The-pool) and [ask](ask.md).\n\n## Uses\n\nText [up](#links) <span>raw</span>.\n";
    const POOL: &str = "---\ntitle: Pools\naliases: [\"old-pool -> the-pool\"]\n---\n# Pool\n\n## The pool\n\n```python\nx = 1\n```\n\n## Sizes\n\nSmall.\n";
    const ASK: &str = "# Ask\n\n### Why? {#why}\n\nBecause.\n\n:::note\nA note.\n:::\n";
    const INCLUDES: &str = "# Code\n\n```python\n{{#include ../../code/x.py}}\n```\n";

    fn many_files(dir: &std::path::Path) {
        std::fs::write(dir.join("site.toml"), "question_headings = true\n").unwrap();
        write_files(
            dir,
            &[
                (
                    "content/index.md",
                    "# Guide\n\nWelcome, see [pools](pool.md).\n",
                ),
                ("content/links.md", LINKS),
                ("content/pool.md", POOL),
                ("content/ask.md", ASK),
                ("content/part/code.md", INCLUDES),
                ("code/x.py", "print(1)\n"),
            ],
        );
    }

    #[test]
    fn an_edit_parses_only_its_file_and_the_rebuild_equals_a_full_build() {
        let dir = tempfile::tempdir().unwrap();
        many_files(dir.path());
        let pool_prose = POOL.replace("Small.", "Small, edited.");
        let pool_anchor = POOL.replace("## Sizes", "## Sizes {#sizes-2}");
        let ask_removed = ASK.replace("Because.", "Since.\n\n## Also\n\nMore.");
        // The file with an include is parsed every time (what it includes may change).
        check_file_edits(
            dir.path(),
            &[
                (&[("content/pool.md", &pool_prose)], 2),
                (&[("code/x.py", "print(2)\n")], 1),
                // A new anchor: every page's links are resolved again.
                (&[("content/pool.md", &pool_anchor)], 5),
                (&[("content/ask.md", &ask_removed)], 5),
                (&[("content/new.md", "# New\n\n[a](links.md#uses)\n")], 6),
                (&[("content/new.md", "")], 5),
                (&[("content/links.md", &LINKS.replace("Text", "Words"))], 2),
                (&[], 1),
            ],
        );
    }

    #[test]
    fn a_book_whose_introduction_moves_is_parsed_again() {
        // Without a home file, the first book's text before its first chapter is the home
        // page's; removing that book gives the introduction to the next one.
        let dir = tempfile::tempdir().unwrap();
        let a = "# A\n\nIntro of A.\n\n## One\n\nx\n";
        let b = "# B\n\nIntro of B.\n\n## Two\n\ny\n";
        std::fs::write(dir.path().join("site.toml"), "split = \"chapters\"\n").unwrap();
        write_files(dir.path(), &[("content/a.md", a), ("content/b.md", b)]);
        check_file_edits(
            dir.path(),
            &[
                (&[("content/a.md", &a.replace('x', "z"))], 1),
                (&[("content/a.md", "")], 1),
                (&[("content/a.md", a)], 2),
            ],
        );
    }

    #[test]
    fn a_failed_build_keeps_the_last_good_one_for_reuse() {
        let dir = tempfile::tempdir().unwrap();
        site_with("# B\n\n## One\n\nok\n", dir.path());
        let mut session = Session::new(Options {
            root: dir.path().to_path_buf(),
            ..Default::default()
        });
        session.build().unwrap();
        site_with("# B\n\n## One\n\n[x](#missing)\n", dir.path());
        assert!(session.build().is_err());
        site_with("# B\n\n## One\n\nfixed\n", dir.path());
        let out = session.build().unwrap();
        assert!(String::from_utf8_lossy(&out.files["one.html"]).contains("fixed"));
    }
}
