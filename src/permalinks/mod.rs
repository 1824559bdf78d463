//! Links that never break.
//!
//! `build` records each public anchor (page + id of pages, sections, questions and code
//! examples) in `permalinks.lock` at the site root, a sorted text file committed with the
//! content: one `page.html#id kind` per line, and one `old.html#old-id -> new.html#new-id`
//! per alias kept there. When a later build no longer has an anchor that the lock lists,
//! the build fails naming the old id, the new heading or question closest by its text
//! (file:line) and how to keep it: an alias. From the aliases quire writes redirects: an old
//! page becomes a small HTML page that forwards (keeping its `#fragment`), and an old
//! `#fragment` of a page that still exists is forwarded by a tiny script in that page.
//! `quire build --accept-permalink-changes` drops what is gone from the lock instead;
//! `serve` (drafting) only warns ([`LockUse`]).
//!
//! Stages: [`read_lock_text`] → [`plan`] (checks, resolves aliases, the next lock) → [`apply`]
//! (redirect pages and scripts into the output) → [`write_lock`] (only after a good build).
//!
//! `lock.rs` holds the file format; `redirect.rs` the pages and scripts written from aliases;
//! `memo.rs` keeps a session's last plan ([`plan_of`]).

mod lock;
mod memo;
mod redirect;

use lock::lock_location;
pub(crate) use lock::{
    Address, Kind, LOCK_FILE, Lock, lock_text, read_lock_text, show, write_lock,
};
pub(crate) use memo::{PlanMemo, plan_of};
pub(crate) use redirect::{apply, fragment_script, inject_head, redirect_html, script_json};

use std::collections::{BTreeMap, BTreeSet};

use crate::diag::{Diagnostic, Location};
use crate::model::{Block, Site};

/// How a command holds the lock.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum LockUse {
    /// `build` and `check`: a lost permalink or a bad alias line is an error.
    Enforce,
    /// `build --accept-permalink-changes`: what is gone (and alias lines that no longer
    /// apply) is dropped from the lock.
    Accept,
    /// `serve`: drafting; the same problems are warnings, and the site is built anyway.
    Warn,
}

/// An anchor of the current content.
#[derive(Debug, Clone)]
pub(crate) struct Anchor {
    pub kind: Kind,
    /// Written as a heading (so a heading alias can keep it).
    pub heading: bool,
    /// What a reader sees: the heading, the question, the example's caption (or its
    /// section's title).
    pub text: String,
    pub location: Location,
}

/// Every public anchor of the site.
pub(crate) fn site_anchors(site: &Site) -> BTreeMap<Address, Anchor> {
    let mut out = BTreeMap::new();
    visit_anchors(site, |url, id, kind, heading, text, location| {
        out.insert(
            (url.to_string(), id.to_string()),
            Anchor {
                kind,
                heading,
                text: text.to_string(),
                location: location.clone(),
            },
        );
    });
    out
}

/// Calls `add` with every public anchor of the site: its page url, id, kind, whether it is
/// a heading, its text and where it is written.
pub(crate) fn visit_anchors(
    site: &Site,
    mut add: impl FnMut(&str, &str, Kind, bool, &str, &Location),
) {
    for page in &site.pages {
        let (url, title) = (page.url.as_str(), page.title.as_str());
        add(url, &page.id, Kind::Page, true, title, &page.location);
        let blocks = std::iter::once((title, &page.lead))
            .chain(page.sections.iter().map(|s| (s.title.as_str(), &s.blocks)));
        for section in &page.sections {
            let kind = match section.question {
                Some(_) => Kind::Question,
                None => Kind::Section,
            };
            add(
                url,
                &section.id,
                kind,
                true,
                &section.title,
                &section.location,
            );
        }
        for (scope, block) in blocks.flat_map(|(t, b)| b.iter().map(move |b| (t, b))) {
            match block {
                Block::Question(q) => add(
                    url,
                    &q.id,
                    Kind::Question,
                    false,
                    &q.prompt_text,
                    &q.location,
                ),
                Block::Code(c) => {
                    let text = c.caption.as_deref().unwrap_or(scope);
                    add(url, &c.id, Kind::Example, false, text, &c.location)
                }
                Block::Prose(_) => {}
            }
        }
    }
}

/// An old address that an alias sends to a current anchor.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct Move {
    pub from: Address,
    pub to: Address,
    /// The alias that asks for it.
    pub location: Location,
}

/// A page that no longer exists, kept as a redirect.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub(crate) struct RedirectPage {
    /// Where the page itself (and any fragment not listed below) goes.
    pub default: Option<Address>,
    /// Old fragment → new address.
    pub fragments: BTreeMap<String, Address>,
}

/// What the permalink stage decided: the next lock and the redirects to write.
#[derive(Debug, Clone, Default)]
pub(crate) struct Plan {
    /// The lock file text this build records.
    pub lock: String,
    /// Every old address an alias keeps, and where it now leads.
    pub moves: Vec<Move>,
    /// Old page url → its redirect.
    pub redirect_pages: BTreeMap<String, RedirectPage>,
    /// Current page url → old fragment → new address (forwarded by a script in the page).
    pub fragment_maps: BTreeMap<String, BTreeMap<String, Address>>,
}

/// Resolves the aliases of `site` and of the lock against `lock`, checks that every locked
/// anchor still leads somewhere, and computes the next lock. How problems are reported (or
/// dropped) depends on `lock_use`.
pub(crate) fn plan(site: &Site, lock: Option<&Lock>, lock_use: LockUse) -> (Plan, Vec<Diagnostic>) {
    let current = site_anchors(site);
    let empty = Lock::default();
    let lock = lock.unwrap_or(&empty);
    let mut diags = Vec::new();
    let page_urls: BTreeSet<&str> = site.pages.iter().map(|p| p.url.as_str()).collect();
    let mut claims = resolve_aliases(site, lock, &current, &mut diags);
    let lock_aliases = resolve_lock_aliases(lock, &current, &page_urls, &mut claims, &mut diags);
    derive_example_claims(&mut claims, lock, &current);
    let (redirect_pages, fragment_maps) = redirects(&claims, lock, &page_urls, &current);
    let kept = |addr: &Address, kind: Kind| {
        current.contains_key(addr)
            || claims.contains_key(addr)
            || redirect_pages.get(&addr.0).is_some_and(|r| {
                addr.1.is_empty()
                    || kind == Kind::Page
                    || r.default
                        .as_ref()
                        .is_some_and(|d| current.contains_key(&(d.0.clone(), addr.1.clone())))
            })
    };
    let mut next: BTreeMap<Address, Kind> = current
        .iter()
        .map(|(a, anchor)| (a.clone(), anchor.kind))
        .collect();
    for (addr, &(kind, line)) in &lock.entries {
        if lock_aliases.contains_key(addr) {
            // Its alias line records it.
            continue;
        }
        if kept(addr, kind) {
            next.entry(addr.clone()).or_insert(kind);
            continue;
        }
        // An example named after a section that is gone too follows that section's alias;
        // the section's message is enough.
        let parent_gone = named_after(addr).iter().any(|parent| {
            lock.entries
                .get(parent)
                .is_some_and(|&(k, _)| !kept(parent, k))
        });
        if lock_use != LockUse::Accept && !parent_gone {
            diags.push(gone_diagnostic(addr, kind, line, lock, &current));
        }
    }
    for (from, _) in claims.iter() {
        if !lock_aliases.contains_key(from) {
            next.entry(from.clone()).or_insert(Kind::Alias);
        }
    }
    let moves = claims
        .into_iter()
        .map(|(from, (to, location))| Move { from, to, location })
        .collect();
    let plan = Plan {
        lock: lock_text(&next, &lock_aliases),
        moves,
        redirect_pages,
        fragment_maps,
    };
    (plan, settle(diags, lock_use))
}

/// The problems as `lock_use` reports them: errors for `build` and `check`, warnings for
/// `serve`; `--accept-permalink-changes` drops the lock's own problems (its bad lines and
/// alias lines that no longer apply leave the lock) but not the content's.
pub(crate) fn settle(diags: Vec<Diagnostic>, lock_use: LockUse) -> Vec<Diagnostic> {
    match lock_use {
        LockUse::Enforce => diags,
        LockUse::Accept => diags
            .into_iter()
            .filter(|d| d.location.file != LOCK_FILE)
            .collect(),
        LockUse::Warn => diags
            .into_iter()
            .map(|d| {
                let message = match d.is_error() {
                    true => format!("{} (`quire build` stops on this)", d.message),
                    false => d.message,
                };
                Diagnostic::warning(d.location, message)
            })
            .collect(),
    }
}

/// The alias lines of the lock become claims like the aliases in the content. A line whose
/// old address exists again, whose target is gone, or whose old address another alias
/// sends elsewhere is a problem at its line and is not kept. Returns the lines kept.
fn resolve_lock_aliases(
    lock: &Lock,
    current: &BTreeMap<Address, Anchor>,
    page_urls: &BTreeSet<&str>,
    claims: &mut Claims,
    diags: &mut Vec<Diagnostic>,
) -> BTreeMap<Address, Address> {
    let exists = |a: &Address| {
        current.contains_key(a) || (a.1.is_empty() && page_urls.contains(a.0.as_str()))
    };
    let mut kept = BTreeMap::new();
    for (from, (to, line)) in &lock.aliases {
        let line_text = format!("{} -> {}", show(from), show(to));
        let problem = if exists(from) {
            Some(format!(
                "`{}` exists again, so `{line_text}` is not needed; remove this line",
                show(from)
            ))
        } else if !exists(to) {
            Some(format!(
                "`{line_text}` leads to `{}`, which is not an anchor of this site; point it at a current one",
                show(to)
            ))
        } else {
            match claims.get(from) {
                Some((other, loc)) if other != to => Some(format!(
                    "`{}` is already an alias of `{}` ({loc}); an old address can lead to one place only: remove this line or that alias",
                    show(from),
                    show(other)
                )),
                _ => None,
            }
        };
        match problem {
            Some(message) => diags.push(Diagnostic::error(
                lock_location(*line),
                format!("{message}, or run `quire build --accept-permalink-changes` to drop it"),
            )),
            None => {
                claims
                    .entry(from.clone())
                    .or_insert_with(|| (to.clone(), lock_location(*line)));
                kept.insert(from.clone(), to.clone());
            }
        }
    }
    kept
}

/// The sections an example id may be named after: `ex-<section>`, or `ex-<section>-<n>`
/// for the next ones (an example without a caption takes the id of its section).
fn named_after(addr: &Address) -> Vec<Address> {
    let Some(rest) = addr.1.strip_prefix("ex-") else {
        return Vec::new();
    };
    let mut out = vec![(addr.0.clone(), rest.to_string())];
    if let Some((base, n)) = rest.rsplit_once('-')
        && !n.is_empty()
        && n.chars().all(|c| c.is_ascii_digit())
    {
        out.push((addr.0.clone(), base.to_string()));
    }
    out
}

/// Examples without a caption are named after their section (`ex-<section>`): when an alias
/// moves the section, its locked examples that are gone follow it to `ex-<new section>`.
fn derive_example_claims(claims: &mut Claims, lock: &Lock, current: &BTreeMap<Address, Anchor>) {
    let mut derived = Vec::new();
    for addr in lock.entries.keys() {
        if current.contains_key(addr) || claims.contains_key(addr) {
            continue;
        }
        let parents = named_after(addr);
        let Some((parent, (to, location))) = parents
            .iter()
            .find_map(|p| claims.get(p).map(|claim| (p, claim)))
        else {
            continue;
        };
        let suffix = &addr.1["ex-".len() + parent.1.len()..];
        let new = (to.0.clone(), format!("ex-{}{suffix}", to.1));
        if current.contains_key(&new) {
            derived.push((addr.clone(), (new, location.clone())));
        }
    }
    claims.extend(derived);
}

type Claims = BTreeMap<Address, (Address, Location)>;

/// Old address → (new address, alias location), for every alias of every page.
fn resolve_aliases(
    site: &Site,
    lock: &Lock,
    current: &BTreeMap<Address, Anchor>,
    diags: &mut Vec<Diagnostic>,
) -> Claims {
    let mut claims: Claims = BTreeMap::new();
    for page in &site.pages {
        for alias in &page.aliases {
            let to = (page.url.clone(), alias.target.clone());
            let at = |msg: String| Diagnostic::error(alias.location.clone(), msg);
            if !current.contains_key(&to) {
                diags.push(at(format!(
                    "alias `{}` leads to `{}`, which is not an id of {}",
                    alias.old, alias.target, page.url
                )));
                continue;
            }
            for from in old_addresses(&alias.old, &to, lock, current) {
                if current.contains_key(&from)
                    || (from.1.is_empty() && site.pages.iter().any(|p| p.url == from.0))
                {
                    diags.push(at(format!(
                        "alias `{}`: `{}` still exists, so it cannot be an alias; remove the alias or rename that id",
                        alias.old,
                        show(&from)
                    )));
                    continue;
                }
                if let Some((other, loc)) = claims.get(&from) {
                    if *other != to {
                        diags.push(at(format!(
                            "alias `{}`: `{}` is already an alias of `{}` ({loc}); an old address can lead to one place only",
                            alias.old,
                            show(&from),
                            show(other)
                        )));
                    }
                    continue;
                }
                claims.insert(from, (to.clone(), alias.location.clone()));
            }
        }
    }
    claims
}

/// The old addresses an alias names: `page.html#id` and `page.html` as written; a bare id
/// names the locked anchors with that id that are gone (on the alias's own page if it had
/// one there, else on any page), or the same id on the alias's page when the lock has none.
fn old_addresses(
    old: &str,
    to: &Address,
    lock: &Lock,
    current: &BTreeMap<Address, Anchor>,
) -> Vec<Address> {
    if let Some((url, id)) = old.split_once('#') {
        let url = if url.is_empty() { &to.0 } else { url };
        return vec![(url.to_string(), id.to_string())];
    }
    if old.ends_with(".html") {
        return vec![(old.to_string(), String::new())];
    }
    let gone: Vec<&Address> = lock
        .entries
        .keys()
        .filter(|a| a.1 == old && !current.contains_key(*a))
        .collect();
    match gone.iter().find(|a| a.0 == to.0) {
        Some(same_page) => vec![(*same_page).clone()],
        None if !gone.is_empty() => gone.into_iter().cloned().collect(),
        None => vec![(to.0.clone(), old.to_string())],
    }
}

type FragmentMaps = BTreeMap<String, BTreeMap<String, Address>>;

/// Redirect pages (old pages that are gone) and fragment maps (old ids of current pages).
fn redirects(
    claims: &Claims,
    lock: &Lock,
    page_urls: &BTreeSet<&str>,
    current: &BTreeMap<Address, Anchor>,
) -> (BTreeMap<String, RedirectPage>, FragmentMaps) {
    let mut pages: BTreeMap<String, RedirectPage> = BTreeMap::new();
    let mut fragments: FragmentMaps = BTreeMap::new();
    for (from, (to, _)) in claims {
        let (url, id) = from;
        if page_urls.contains(url.as_str()) {
            fragments
                .entry(url.clone())
                .or_default()
                .insert(id.clone(), to.clone());
            continue;
        }
        let page = pages.entry(url.clone()).or_default();
        let is_page_itself = id.is_empty()
            || lock
                .entries
                .get(from)
                .is_some_and(|(kind, _)| *kind == Kind::Page);
        if is_page_itself {
            page.default = Some(to.clone());
        }
        if !id.is_empty() {
            page.fragments.insert(id.clone(), to.clone());
        }
    }
    for page in pages.values_mut() {
        if page.default.is_none() {
            page.default = page.fragments.values().next().cloned();
        }
        // An old page that leads to a page's own heading leads to the page itself.
        if let Some(d) = page.default.as_mut()
            && current.get(&*d).is_some_and(|a| a.kind == Kind::Page)
        {
            d.1.clear();
        }
    }
    (pages, fragments)
}

/// The problem of a locked anchor that is gone: at the new anchor closest by text, with
/// the aliases that keep it.
fn gone_diagnostic(
    addr: &Address,
    kind: Kind,
    line: u32,
    lock: &Lock,
    current: &BTreeMap<Address, Anchor>,
) -> Diagnostic {
    let old_id = if addr.1.is_empty() {
        addr.0.as_str()
    } else {
        addr.1.as_str()
    };
    let what = format!(
        "the {} `{}` (permalinks.lock:{line}) no longer exists",
        kind.as_str(),
        show(addr)
    );
    let fix_accept = "or run `quire build --accept-permalink-changes` to drop it from the lock";
    let Some((new, anchor)) = closest(addr, kind, lock, current) else {
        return Diagnostic::error(
            lock_location(line),
            format!("{what}; nothing similar was found; {fix_accept}"),
        );
    };
    let new_id = &new.1;
    let lock_line = format!("`{} -> {}`", show(addr), show(new));
    let alias = if anchor.heading {
        format!(
            "add the line {lock_line} to permalinks.lock, an alias to this heading, `{{#{new_id} aliases=\"{old_id}\"}}`, or to the front matter, `aliases = [\"{old_id} -> {new_id}\"]`,"
        )
    } else {
        format!(
            "add the line {lock_line} to permalinks.lock, or `aliases = [\"{old_id} -> {new_id}\"]` to this file's front matter,"
        )
    };
    Diagnostic::error(
        anchor.location.clone(),
        format!(
            "{what}; the closest new {} is `{}` here. To keep old links working, {alias} {fix_accept}",
            anchor.kind.as_str(),
            show(new)
        ),
    )
}

/// The current anchor whose text reads most like the old id (an id is its old heading's
/// text, slugged): new anchors (not in the lock) of the same kind first, then any new
/// anchor, then any anchor of the same kind.
fn closest<'c>(
    addr: &Address,
    kind: Kind,
    lock: &Lock,
    current: &'c BTreeMap<Address, Anchor>,
) -> Option<(&'c Address, &'c Anchor)> {
    let old = words_of_id(if addr.1.is_empty() { &addr.0 } else { &addr.1 });
    let same_kind = |a: &Anchor| a.kind == kind || kind == Kind::Alias;
    let is_new = |a: &Address| !lock.entries.contains_key(a);
    let score = |a: &Address, anchor: &Anchor| {
        let page_bonus = if a.0 == addr.0 { 0.05 } else { 0.0 };
        let text = match anchor.text.trim() {
            "" => words_of_id(&a.1),
            t => t.to_lowercase(),
        };
        strsim::sorensen_dice(&old, &text) + page_bonus
    };
    let best = |filter: &dyn Fn(&Address, &Anchor) -> bool| {
        current
            .iter()
            .filter(|(a, anchor)| filter(a, anchor))
            .max_by(|x, y| {
                score(x.0, x.1)
                    .total_cmp(&score(y.0, y.1))
                    .then(y.0.cmp(x.0))
            })
    };
    best(&|a, anchor| is_new(a) && same_kind(anchor))
        .or_else(|| best(&|a, _| is_new(a)))
        .or_else(|| best(&|_, anchor| same_kind(anchor)))
}

/// The words an id was made from: `q-why-is-it-slow` → `why is it slow`.
fn words_of_id(id: &str) -> String {
    let id = id.trim_end_matches(".html");
    let id = id
        .strip_prefix("q-")
        .or_else(|| id.strip_prefix("ex-"))
        .unwrap_or(id);
    id.split(['-', '_', '/'])
        .filter(|w| !w.is_empty())
        .collect::<Vec<_>>()
        .join(" ")
}

#[cfg(test)]
mod tests {
    use super::*;

    fn addr(url: &str, id: &str) -> Address {
        (url.to_string(), id.to_string())
    }

    #[test]
    fn bare_aliases_prefer_the_same_page() {
        let mut lock = Lock::default();
        lock.entries
            .insert(addr("a.html", "old"), (Kind::Section, 1));
        lock.entries
            .insert(addr("b.html", "old"), (Kind::Section, 2));
        let current = BTreeMap::new();
        let to = addr("b.html", "new");
        assert_eq!(
            old_addresses("old", &to, &lock, &current),
            [addr("b.html", "old")]
        );
        let elsewhere = addr("c.html", "new");
        assert_eq!(old_addresses("old", &elsewhere, &lock, &current).len(), 2);
        assert_eq!(
            old_addresses("never", &to, &lock, &current),
            [addr("b.html", "never")]
        );
        assert_eq!(
            old_addresses("x.html#y", &to, &lock, &current),
            [addr("x.html", "y")]
        );
        assert_eq!(
            old_addresses("x.html", &to, &lock, &current),
            [addr("x.html", "")]
        );
    }

    #[test]
    fn ids_are_read_as_the_words_they_were_made_from() {
        assert_eq!(words_of_id("q-why-is-it-slow"), "why is it slow");
        assert_eq!(words_of_id("ex-gil_impact"), "gil impact");
        assert_eq!(words_of_id("-1-introduction"), "1 introduction");
        assert_eq!(words_of_id("old/page.html"), "old page");
    }

    #[test]
    fn serve_warns_where_build_stops_and_accept_drops_only_the_locks_problems() {
        let at = |file: &str| Location {
            file: file.into(),
            line: 3,
            col: 1,
        };
        let diags = vec![
            Diagnostic::error(at("content/a.md"), "gone"),
            Diagnostic::error(at(LOCK_FILE), "bad line"),
        ];
        assert_eq!(settle(diags.clone(), LockUse::Enforce), diags);
        let warned = settle(diags.clone(), LockUse::Warn);
        assert!(warned.iter().all(|d| !d.is_error()));
        assert_eq!(warned[0].message, "gone (`quire build` stops on this)");
        let accepted = settle(diags, LockUse::Accept);
        assert_eq!(accepted.len(), 1);
        assert_eq!(accepted[0].location.file, "content/a.md");
    }

    #[test]
    fn examples_are_named_after_their_section() {
        assert_eq!(
            named_after(&addr("a.html", "ex-part")),
            [addr("a.html", "part")]
        );
        assert_eq!(
            named_after(&addr("a.html", "ex-part-2")),
            [addr("a.html", "part-2"), addr("a.html", "part")]
        );
        assert_eq!(
            named_after(&addr("a.html", "ex-a-b")),
            [addr("a.html", "a-b")]
        );
        assert!(named_after(&addr("a.html", "part")).is_empty());
    }
}
