//! What each page is made from, hashed: a rebuild compares these with the last build's to
//! know what it may reuse (see [`super::reuse`]).

use std::collections::HashMap;

use rayon::prelude::*;
use xxhash_rust::xxh3::Xxh3;

use crate::assets::TemplateSource;
use crate::model::{Block, Page, Site};
use crate::render::{share_fingerprints, study_aliases_hash};

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
    /// ([`listing_fingerprint`]) with its share keys, and the study aliases.
    listing: u128,
}

impl Fingerprints {
    /// `moves`: the renamed anchors an alias keeps (see [`crate::permalinks::Plan`]).
    /// With `memo` and which pages the parse took whole from the last build (`kept`),
    /// those pages' content is not hashed again.
    pub(super) fn of(
        site: &Site,
        templates: &[TemplateSource],
        moves: &[crate::permalinks::Move],
        memo: Option<(&mut PrintMemo, &[bool])>,
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
        let cores = PrintMemo::cores(memo, site);
        let pages: Vec<(String, u128, u128)> = site
            .pages
            .par_iter()
            .zip(cores)
            .map(|(p, (core, listed))| {
                let keys = keys.get(p.url.as_str()).map_or(0, Xxh3::digest128);
                let mut h = Xxh3::new();
                h.update(&core.to_le_bytes());
                // The page shows its folder's title and its last-updated date (a commit
                // changes it, not the file).
                put_opt(&mut h, p.group.as_deref());
                h.update(format!("{:?}", p.updated).as_bytes());
                h.update(&keys.to_le_bytes());
                let mut l = Xxh3::new();
                l.update(&listed.to_le_bytes());
                put_opt(&mut l, p.group.as_deref());
                l.update(&keys.to_le_bytes());
                (p.url.clone(), h.digest128(), l.digest128())
            })
            .collect();
        let mut listing = Xxh3::new();
        listing.update(&frame.to_le_bytes());
        listing.update(site.intro_html.as_bytes());
        // The home page shows when the guide last changed.
        listing.update(format!("{:?}", site.newest_update()).as_bytes());
        // The home file's page is shown in full on the home page, a listed page.
        if site.home_and_chapters().0.is_some() {
            listing.update(&pages[0].1.to_le_bytes());
        }
        listing.update(&study_aliases_hash(site, moves).to_le_bytes());
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

/// What each page's content hashed to in the last build of a session, by url (without its
/// folder's title and its date, which are added after).
#[derive(Debug, Default)]
pub(super) struct PrintMemo {
    pages: HashMap<String, (u128, u128)>,
}

impl PrintMemo {
    /// [`page_fingerprint`] and [`listing_fingerprint`] of every page; with a memo, taken
    /// from there for the pages the parse took whole (`kept`: by page, in order), and the
    /// memo then holds this build's.
    fn cores(memo: Option<(&mut PrintMemo, &[bool])>, site: &Site) -> Vec<(u128, u128)> {
        let (memo, kept) = match memo {
            Some((m, kept)) => (Some(m), kept),
            None => (None, &[][..]),
        };
        let last = memo.as_deref();
        let cores: Vec<(u128, u128)> = site
            .pages
            .par_iter()
            .enumerate()
            .map(|(i, p)| {
                let known = last
                    .filter(|_| kept.get(i) == Some(&true))
                    .and_then(|m| m.pages.get(&p.url).copied());
                known.unwrap_or_else(|| (page_fingerprint(p), listing_fingerprint(p)))
            })
            .collect();
        if let Some(memo) = memo {
            // Kept until the next build: apart from this one's temporaries (`crate::keep`).
            memo.pages = crate::keep::kept(|| {
                site.pages
                    .iter()
                    .zip(&cores)
                    .map(|(p, c)| (p.url.clone(), *c))
                    .collect()
            });
        }
        cores
    }
}

fn put_opt(h: &mut Xxh3, s: Option<&str>) {
    h.update(s.unwrap_or("\u{0}").as_bytes());
    h.update(&[0xff]);
}

/// A hash of everything of a page that the site-wide pages show: the home page (title, url,
/// group (added by [`Fingerprints::of`]), counts), the questions and study pages (every question in full, every section's
/// id and titles, in order) and the examples page (ids, captions, languages, line counts).
/// Prose and the code itself are left out, so the usual edit (a paragraph, a line of code)
/// leaves it as it was. Anything a site-wide template shows from a page belongs here.
pub(crate) fn listing_fingerprint(page: &Page) -> u128 {
    let mut h = xxhash_rust::xxh3::Xxh3::new();
    let mut put = |s: &str| {
        h.update(s.as_bytes());
        h.update(&[0xff]);
    };
    for s in [&page.url, &page.id, &page.title, &page.title_html] {
        put(s);
    }
    let blocks = |blocks: &[Block], put: &mut dyn FnMut(&str)| {
        for block in blocks {
            match block {
                Block::Prose(_) => {}
                Block::Code(c) => {
                    for s in [&c.id, &c.language] {
                        put(s);
                    }
                    put(c.caption.as_deref().unwrap_or("\u{0}"));
                    put(&c.code.lines().count().to_string());
                }
                Block::Question(q) => question(q, put),
            }
        }
    };
    fn question(q: &crate::model::Question, put: &mut dyn FnMut(&str)) {
        for s in [
            &q.id,
            &q.prompt_html,
            &q.prompt_text,
            &q.answer_html,
            &q.answer_text,
        ] {
            put(s);
        }
    }
    put("\u{1}lead");
    blocks(&page.lead, &mut put);
    for section in &page.sections {
        put("\u{1}section");
        for s in [&section.id, &section.title, &section.title_html] {
            put(s);
        }
        put(&section.level.to_string());
        if let Some(q) = &section.question {
            question(q, &mut put);
        }
        blocks(&section.blocks, &mut put);
    }
    h.digest128()
}

/// A hash of everything in a page that its HTML depends on (not its source line numbers),
/// but its folder's title and date (added by [`Fingerprints::of`]).
fn page_fingerprint(page: &Page) -> u128 {
    let mut h = xxhash_rust::xxh3::Xxh3::new();
    let mut put = |s: &str| {
        h.update(s.as_bytes());
        h.update(&[0xff]);
    };
    for s in [
        &page.source,
        &page.url,
        &page.id,
        &page.title,
        &page.title_html,
    ] {
        put(s);
    }
    put(page.description.as_deref().unwrap_or("\u{0}"));
    put(&serde_json::to_string(&page.extra).unwrap_or_default());
    for alias in &page.aliases {
        put(&alias.old);
        put(&alias.target);
    }
    let blocks = |blocks: &[Block], put: &mut dyn FnMut(&str)| {
        for block in blocks {
            match block {
                Block::Prose(p) => put(&p.html),
                Block::Code(c) => {
                    for s in [&c.id, &c.language, &c.code] {
                        put(s);
                    }
                    put(c.caption.as_deref().unwrap_or("\u{0}"));
                    put(&format!("{:?}{}", c.hl_lines, c.linenos));
                }
                Block::Question(q) => {
                    for s in [&q.id, &q.prompt_html, &q.answer_html] {
                        put(s);
                    }
                }
            }
        }
    };
    blocks(&page.lead, &mut put);
    for s in &page.sections {
        put(&s.id);
        put(&s.title_html);
        put(&format!("{}{}", s.level, s.question.is_some()));
        blocks(&s.blocks, &mut put);
    }
    h.digest128()
}
