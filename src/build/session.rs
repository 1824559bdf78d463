//! Incremental rebuilds for `serve`: a [`Session`] keeps the highlight cache in memory and
//! the last build, and re-renders only the chapters whose content changed. When titles,
//! templates or configuration change (navigation appears on every page) every chapter is
//! rendered again. The output is byte-identical to a full build either way.

use std::collections::HashMap;
use std::sync::Arc;

use rayon::prelude::*;
use xxhash_rust::xxh3::Xxh3;

use super::{Options, Output, build_pipeline};
use crate::assets::TemplateSource;
use crate::cache::HighlightCache;
use crate::error::Result;
use crate::model::Site;
use crate::render::{listing_fingerprint, page_fingerprint, share_fingerprints};
use crate::search::index::SearchMemo;

/// What a build's chapters depended on.
#[derive(Debug, Clone, Default)]
pub(super) struct Fingerprints {
    /// Chapter and share page url → fingerprint of its content.
    pub pages: HashMap<String, u128>,
    /// Navigation (site title, every chapter's title, url and group), configuration and
    /// templates: everything every page shows.
    frame: u128,
    /// Everything the site-wide pages (home, questions, study set, examples) show: the
    /// frame, the home page's introduction, what each page lists
    /// ([`crate::render::listing_fingerprint`]) with its share keys, and the study aliases.
    listing: u128,
}

impl Fingerprints {
    /// `moves`: the renamed anchors an alias keeps (see [`crate::permalinks::Plan`]).
    pub(super) fn of(
        site: &Site,
        templates: &[TemplateSource],
        moves: &[crate::permalinks::Move],
    ) -> Self {
        let mut h = Xxh3::new();
        let mut put = |s: &str| {
            h.update(s.as_bytes());
            h.update(&[0xff]);
        };
        put(&site.title);
        put(&serde_json::to_string(&site.config).unwrap_or_default());
        for p in &site.pages {
            put(&p.title);
            put(p.nav_title.as_deref().unwrap_or("\u{0}"));
            put(&p.url);
            put(p.group.as_deref().unwrap_or("\u{0}"));
        }
        for t in templates {
            put(&t.name);
            put(&t.text);
        }
        let frame = h.digest128();
        // A chapter links to the share pages of its questions, whose keys depend on the ids
        // of every page (a repeated id takes the next free suffix): they count too.
        let links = &site.share;
        let mut keys: HashMap<&str, Xxh3> = HashMap::new();
        for (page, _, q) in site.questions() {
            let key = links.question(&page.url, &q.id).unwrap_or("\u{0}");
            keys.entry(&page.url).or_default().update(key.as_bytes());
        }
        for page in &site.pages {
            for s in &page.sections {
                let key = links.section(&page.url, &s.id).unwrap_or("\u{0}");
                keys.entry(&page.url).or_default().update(key.as_bytes());
            }
        }
        let pages: Vec<(String, u128, u128)> = site
            .pages
            .par_iter()
            .map(|p| {
                let keys = keys.get(p.url.as_str()).map_or(0, Xxh3::digest128);
                let mut h = Xxh3::new();
                h.update(&page_fingerprint(p).to_le_bytes());
                h.update(&keys.to_le_bytes());
                let mut l = Xxh3::new();
                l.update(&listing_fingerprint(p).to_le_bytes());
                l.update(&keys.to_le_bytes());
                (p.url.clone(), h.digest128(), l.digest128())
            })
            .collect();
        let mut listing = Xxh3::new();
        listing.update(&frame.to_le_bytes());
        listing.update(site.intro_html.as_bytes());
        // The home file's page is shown in full on the home page, a listed page.
        for (_, h, _) in pages.iter().filter(|(url, _, _)| url == "index.html") {
            listing.update(&h.to_le_bytes());
        }
        listing.update(&crate::render::study_aliases_hash(site, moves).to_le_bytes());
        for (_, _, l) in &pages {
            listing.update(&l.to_le_bytes());
        }
        let pages = pages
            .into_iter()
            .map(|(url, h, _)| (url, h))
            .chain(share_fingerprints(site, links))
            .collect();
        Self {
            pages,
            frame,
            listing: listing.digest128(),
        }
    }

    /// True when the site-wide pages show the same as in `other` (see `listing`).
    pub(super) fn same_listing(&self, other: &Fingerprints) -> bool {
        self.listing == other.listing
    }

    /// The hash of the navigation, templates and configuration.
    pub(super) fn frame(&self) -> u128 {
        self.frame
    }

    /// True when every page's navigation, templates and configuration are as in `other`.
    pub(super) fn same_frame(&self, other: &Fingerprints) -> bool {
        self.frame == other.frame
    }
}

/// Successive builds of one site, each reusing what the last one made.
#[derive(Default)]
pub struct Session {
    opts: Options,
    cache: HighlightCache,
    memos: Memos,
    last: Option<(Arc<Output>, Fingerprints)>,
}

/// Work kept between the builds of a session besides pages: tokenized search pages and
/// serialised export items.
#[derive(Default)]
pub(super) struct Memos {
    pub search: SearchMemo,
    pub exports: crate::exports::ExportsMemo,
}

impl Session {
    pub fn new(opts: Options) -> Self {
        Self {
            opts,
            ..Default::default()
        }
    }

    pub fn options(&self) -> &Options {
        &self.opts
    }

    /// Builds the site, reusing the previous build where nothing changed. A failed build
    /// keeps the previous one for the next attempt. This is drafting: a permalink the lock
    /// lists that is gone is a warning (`build` enforces the lock).
    pub fn build(&mut self) -> Result<Arc<Output>> {
        let previous = self
            .last
            .as_ref()
            .map(|(out, prints)| (out.as_ref(), prints));
        let (output, prints) = build_pipeline(
            &self.opts,
            &mut self.cache,
            previous,
            Some(&mut self.memos),
            None,
            crate::permalinks::LockUse::Warn,
        )?;
        let output = Arc::new(output.into_output());
        self.last = Some((Arc::clone(&output), prints));
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
