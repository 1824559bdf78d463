//! Links that never break.
//!
//! Every build records each public anchor (page + id of pages, sections, questions and code
//! examples) in `permalinks.lock` at the site root, a sorted text file committed with the
//! content: one `page.html#id kind` per line. When a later build no longer has an anchor
//! that the lock lists, the build fails naming the old id, the closest new heading or
//! question (file:line) and how to keep it: an alias. From the aliases quire writes
//! redirects: an old page becomes a small HTML page that forwards (keeping its `#fragment`),
//! and an old `#fragment` of a page that still exists is forwarded by a tiny script in that
//! page. `quire build --accept-permalink-changes` drops what is gone from the lock instead.
//!
//! Stages: [`read_lock`] → [`plan`] (checks, resolves aliases, the next lock) → [`apply`]
//! (redirect pages and scripts into the output) → [`write_lock`] (only after a good build).

use std::collections::{BTreeMap, BTreeSet};
use std::path::Path;

use crate::diag::{Diagnostic, Location};
use crate::error::{Error, Result};
use crate::model::{Block, Site};
use crate::parse::{html_escape, relative};
use crate::render::Files;

/// The lock file's name, at the site root.
pub const LOCK_FILE: &str = "permalinks.lock";

const HEADER: &str = "\
# permalinks.lock: every public anchor of this site, recorded by `quire build`.
# Commit it with the content. A build fails when an anchor listed here disappears:
# keep it with an alias (`## New title {#new-id aliases=\"old-id\"}`, or front matter
# `aliases = [\"old-id -> new-id\"]`), or drop it with `quire build --accept-permalink-changes`.
";

/// What an anchor is.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Kind {
    Page,
    Section,
    Question,
    Example,
    /// An old address kept working by an alias (not an anchor of the current content).
    Alias,
}

impl Kind {
    pub fn as_str(self) -> &'static str {
        match self {
            Kind::Page => "page",
            Kind::Section => "section",
            Kind::Question => "question",
            Kind::Example => "example",
            Kind::Alias => "alias",
        }
    }

    fn parse(s: &str) -> Option<Kind> {
        Some(match s {
            "page" => Kind::Page,
            "section" => Kind::Section,
            "question" => Kind::Question,
            "example" => Kind::Example,
            "alias" => Kind::Alias,
            _ => return None,
        })
    }
}

/// `(page url, id)`; an empty id stands for the page itself (a page-level alias).
pub type Address = (String, String);

/// An anchor of the current content.
#[derive(Debug, Clone)]
pub struct Anchor {
    pub kind: Kind,
    /// Written as a heading (so a heading alias can keep it).
    pub heading: bool,
    pub location: Location,
}

/// Every public anchor of the site.
pub fn site_anchors(site: &Site) -> BTreeMap<Address, Anchor> {
    let mut out = BTreeMap::new();
    let mut add = |url: &str, id: &str, kind, heading, location: &Location| {
        out.insert(
            (url.to_string(), id.to_string()),
            Anchor {
                kind,
                heading,
                location: location.clone(),
            },
        );
    };
    for page in &site.pages {
        add(&page.url, &page.id, Kind::Page, true, &page.location);
        let blocks = page
            .lead
            .iter()
            .chain(page.sections.iter().flat_map(|s| &s.blocks));
        for section in &page.sections {
            let kind = match section.question {
                Some(_) => Kind::Question,
                None => Kind::Section,
            };
            add(&page.url, &section.id, kind, true, &section.location);
        }
        for block in blocks {
            match block {
                Block::Question(q) => add(&page.url, &q.id, Kind::Question, false, &q.location),
                Block::Code(c) => add(&page.url, &c.id, Kind::Example, false, &c.location),
                Block::Prose(_) => {}
            }
        }
    }
    out
}

/// The recorded anchors: address → (kind, line in the lock file).
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Lock {
    pub entries: BTreeMap<Address, (Kind, u32)>,
}

/// Reads `permalinks.lock` under `root` (None when there is none). Malformed lines are
/// reported as diagnostics at `permalinks.lock:line` and left out.
pub fn read_lock(root: &Path) -> Result<(Option<Lock>, Vec<Diagnostic>)> {
    let path = root.join(LOCK_FILE);
    match std::fs::read_to_string(&path) {
        Ok(text) => {
            let (lock, diags) = parse_lock(&text);
            Ok((Some(lock), diags))
        }
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => Ok((None, Vec::new())),
        Err(e) => Err(Error::io(path, e)),
    }
}

/// Parses lock text: `page.html#id kind` (or `page.html kind`) per line, `#` comments.
pub fn parse_lock(text: &str) -> (Lock, Vec<Diagnostic>) {
    let mut lock = Lock::default();
    let mut diags = Vec::new();
    for (n, line) in text.lines().enumerate() {
        let n = n as u32 + 1;
        let line = line.trim();
        if line.is_empty() || line.starts_with('#') {
            continue;
        }
        let parsed = line
            .rsplit_once(char::is_whitespace)
            .and_then(|(addr, kind)| {
                let kind = Kind::parse(kind.trim())?;
                let addr = addr.trim();
                let (url, id) = addr.split_once('#').unwrap_or((addr, ""));
                (!url.is_empty() && !url.contains(char::is_whitespace))
                    .then(|| ((url.to_string(), id.to_string()), kind))
            });
        match parsed {
            Some((addr, kind)) => {
                lock.entries.insert(addr, (kind, n));
            }
            None => diags.push(Diagnostic::error(
                lock_location(n),
                format!(
                    "expected `page.html#id kind` (kind: page, section, question, example or alias), found `{line}`; fix the line or rebuild with --accept-permalink-changes"
                ),
            )),
        }
    }
    (lock, diags)
}

fn lock_location(line: u32) -> Location {
    Location {
        file: LOCK_FILE.into(),
        line,
        col: 1,
    }
}

/// The lock file text for `entries`: header, then one sorted line per address.
pub fn lock_text(entries: &BTreeMap<Address, Kind>) -> String {
    let mut out = String::from(HEADER);
    for ((url, id), kind) in entries {
        out.push_str(url);
        if !id.is_empty() {
            out.push('#');
            out.push_str(id);
        }
        out.push(' ');
        out.push_str(kind.as_str());
        out.push('\n');
    }
    out
}

/// An old address that an alias sends to a current anchor.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Move {
    pub from: Address,
    pub to: Address,
    /// The alias that asks for it.
    pub location: Location,
}

/// A page that no longer exists, kept as a redirect.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct RedirectPage {
    /// Where the page itself (and any fragment not listed below) goes.
    pub default: Option<Address>,
    /// Old fragment → new address.
    pub fragments: BTreeMap<String, Address>,
}

/// What the permalink stage decided: the next lock and the redirects to write.
#[derive(Debug, Clone, Default)]
pub struct Plan {
    /// The lock file text this build records.
    pub lock: String,
    /// Every old address an alias keeps, and where it now leads.
    pub moves: Vec<Move>,
    /// Old page url → its redirect.
    pub redirect_pages: BTreeMap<String, RedirectPage>,
    /// Current page url → old fragment → new address (forwarded by a script in the page).
    pub fragment_maps: BTreeMap<String, BTreeMap<String, Address>>,
}

/// Resolves the aliases of `site` against `lock`, checks that every locked anchor still
/// leads somewhere, and computes the next lock. With `accept`, anchors that are gone are
/// dropped from the lock instead of being errors.
pub fn plan(site: &Site, lock: Option<&Lock>, accept: bool) -> (Plan, Vec<Diagnostic>) {
    let current = site_anchors(site);
    let empty = Lock::default();
    let lock = lock.unwrap_or(&empty);
    let mut diags = Vec::new();
    let mut claims = resolve_aliases(site, lock, &current, &mut diags);
    derive_example_claims(&mut claims, lock, &current);
    let page_urls: BTreeSet<&str> = site.pages.iter().map(|p| p.url.as_str()).collect();
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
        if kept(addr, kind) {
            next.entry(addr.clone()).or_insert(kind);
            continue;
        }
        // An example named after a section that is gone too follows that section's alias;
        // the section's error is enough.
        let parent_gone = named_after(addr).iter().any(|parent| {
            lock.entries
                .get(parent)
                .is_some_and(|&(k, _)| !kept(parent, k))
        });
        if !accept && !parent_gone {
            diags.push(gone_diagnostic(addr, kind, line, lock, &current));
        }
    }
    for (from, _) in claims.iter() {
        next.entry(from.clone()).or_insert(Kind::Alias);
    }
    let moves = claims
        .into_iter()
        .map(|(from, (to, location))| Move { from, to, location })
        .collect();
    let plan = Plan {
        lock: lock_text(&next),
        moves,
        redirect_pages,
        fragment_maps,
    };
    (plan, diags)
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

fn show(addr: &Address) -> String {
    if addr.1.is_empty() {
        addr.0.clone()
    } else {
        format!("{}#{}", addr.0, addr.1)
    }
}

/// The error for a locked anchor that is gone: at the closest new anchor, with the fix.
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
    let alias = if anchor.heading {
        format!(
            "add an alias to this heading, `{{#{new_id} aliases=\"{old_id}\"}}`, or to the front matter, `aliases = [\"{old_id} -> {new_id}\"]`,"
        )
    } else {
        format!("add `aliases = [\"{old_id} -> {new_id}\"]` to this file's front matter")
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

/// The current anchor most like `addr`: new anchors (not in the lock) of the same kind
/// first, then any new anchor, then any anchor of the same kind.
fn closest<'c>(
    addr: &Address,
    kind: Kind,
    lock: &Lock,
    current: &'c BTreeMap<Address, Anchor>,
) -> Option<(&'c Address, &'c Anchor)> {
    let old = if addr.1.is_empty() { &addr.0 } else { &addr.1 };
    let same_kind = |a: &Anchor| a.kind == kind || kind == Kind::Alias;
    let is_new = |a: &Address| !lock.entries.contains_key(a);
    let score = |a: &Address| {
        let page_bonus = if a.0 == addr.0 { 0.05 } else { 0.0 };
        strsim::normalized_levenshtein(old, &a.1) + page_bonus
    };
    let best = |filter: &dyn Fn(&Address, &Anchor) -> bool| {
        current
            .iter()
            .filter(|(a, anchor)| filter(a, anchor))
            .max_by(|x, y| score(x.0).total_cmp(&score(y.0)).then(y.0.cmp(x.0)))
    };
    best(&|a, anchor| is_new(a) && same_kind(anchor))
        .or_else(|| best(&|a, _| is_new(a)))
        .or_else(|| best(&|_, anchor| same_kind(anchor)))
}

/// Writes the redirects of `plan` into `files`: a redirect page for every old page, and a
/// fragment-forwarding script in every current page that has old ids. An old page that
/// collides with a generated file is an error naming both.
pub fn apply(plan: &Plan, site: &Site, files: &mut Files) -> Result<()> {
    let titles: BTreeMap<&str, &str> = site
        .pages
        .iter()
        .map(|p| (p.url.as_str(), p.title.as_str()))
        .collect();
    for (url, page) in &plan.redirect_pages {
        if files.contains_key(url) {
            return Err(Error::Usage(format!(
                "an alias keeps the old page {url}, but {url} is also generated by this build; remove the alias or rename the page"
            )));
        }
        let title = page
            .default
            .as_ref()
            .and_then(|d| titles.get(d.0.as_str()).copied())
            .unwrap_or(&site.title);
        let html = redirect_html(url, page, title, &site.config.language);
        files.insert(url.clone(), html.into_bytes());
    }
    for page in &site.pages {
        if let Some(bytes) = files.get_mut(&page.url) {
            remove_marked_script(bytes);
        }
    }
    for (url, map) in &plan.fragment_maps {
        if let Some(bytes) = files.get_mut(url) {
            let targets: BTreeMap<&str, String> = map
                .iter()
                .map(|(old, to)| (old.as_str(), href(url, to)))
                .collect();
            let script = format!(
                "<script {MARK}>(function(){{var m={};function go(){{var h=location.hash.slice(1);try{{h=decodeURIComponent(h)}}catch(e){{}}if(Object.prototype.hasOwnProperty.call(m,h))location.replace(m[h])}}go();addEventListener(\"hashchange\",go)}})();</script>\n",
                script_json(&targets)
            );
            inject_head(bytes, &script);
        }
    }
    Ok(())
}

/// Marks the fragment-forwarding script, so that a page reused by an incremental build gets
/// the current one and never two.
const MARK: &str = "data-quire-aliases";

fn remove_marked_script(page: &mut Vec<u8>) {
    let open = format!("<script {MARK}>");
    let head_end = find(page, b"</head>").unwrap_or(page.len());
    let Some(start) = find(&page[..head_end], open.as_bytes()) else {
        return;
    };
    if let Some(len) = find(&page[start..], b"</script>\n") {
        page.drain(start..start + len + b"</script>\n".len());
    }
}

fn find(haystack: &[u8], needle: &[u8]) -> Option<usize> {
    haystack.windows(needle.len()).position(|w| w == needle)
}

/// Relative link from page `from` to `to`.
pub fn href(from: &str, to: &Address) -> String {
    let page = if to.0 == from {
        String::new()
    } else {
        relative(from, &to.0)
    };
    if to.1.is_empty() {
        if page.is_empty() { "#".into() } else { page }
    } else {
        format!("{page}#{}", to.1)
    }
}

/// A standalone page that forwards to `page.default`, mapping known fragments and keeping
/// any other one; `<meta refresh>` and a plain link when scripts are off.
pub fn redirect_html(url: &str, page: &RedirectPage, title: &str, language: &str) -> String {
    let default = page
        .default
        .as_ref()
        .map_or_else(|| relative(url, "index.html"), |d| href(url, d));
    let default_page = default.split('#').next().unwrap_or_default().to_string();
    let targets: BTreeMap<&str, String> = page
        .fragments
        .iter()
        .map(|(old, to)| (old.as_str(), href(url, to)))
        .collect();
    let script = format!(
        "(function(){{var m={},h=location.hash.slice(1);try{{h=decodeURIComponent(h)}}catch(e){{}}location.replace(Object.prototype.hasOwnProperty.call(m,h)?m[h]:h?{}+location.hash:{})}})();",
        script_json(&targets),
        script_json(&default_page),
        script_json(&default),
    );
    let (t, d) = (html_escape(title), html_escape(&default));
    format!(
        "<!DOCTYPE html>\n<html lang=\"{lang}\">\n<head>\n<meta charset=\"utf-8\">\n<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n<title>Moved: {t}</title>\n<meta name=\"robots\" content=\"noindex\">\n<script>{script}</script>\n<meta http-equiv=\"refresh\" content=\"0; url={d}\">\n<link rel=\"canonical\" href=\"{d}\">\n</head>\n<body>\n<main>\n<h1>This page has moved</h1>\n<p>It is now <a href=\"{d}\">{t}</a>.</p>\n</main>\n</body>\n</html>\n",
        lang = html_escape(language),
    )
}

/// JSON for an inline `<script>`: `</` can not end the script early.
pub fn script_json<T: serde::Serialize + ?Sized>(value: &T) -> String {
    serde_json::to_string(value)
        .unwrap_or_else(|_| "null".into())
        .replace("</", "<\\/")
}

/// Inserts `html` before `</head>` (or at the start when a template has none).
pub fn inject_head(page: &mut Vec<u8>, html: &str) {
    let at = page
        .windows(7)
        .position(|w| w.eq_ignore_ascii_case(b"</head>"))
        .unwrap_or(0);
    page.splice(at..at, html.bytes());
}

/// Writes `text` to `root/permalinks.lock` when it differs from what is there (atomically:
/// a temporary sibling, then a rename). Returns whether it wrote.
pub fn write_lock(root: &Path, text: &str) -> Result<bool> {
    let path = root.join(LOCK_FILE);
    if std::fs::read_to_string(&path).is_ok_and(|old| old == text) {
        return Ok(false);
    }
    let tmp = root.join(format!(".{LOCK_FILE}.{}.tmp", std::process::id()));
    std::fs::write(&tmp, text).map_err(|e| Error::io(&tmp, e))?;
    std::fs::rename(&tmp, &path).map_err(|e| {
        let _ = std::fs::remove_file(&tmp);
        Error::io(&path, e)
    })?;
    Ok(true)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn addr(url: &str, id: &str) -> Address {
        (url.to_string(), id.to_string())
    }

    #[test]
    fn lock_text_round_trips_sorted() {
        let mut entries = BTreeMap::new();
        entries.insert(addr("b.html", "x"), Kind::Section);
        entries.insert(addr("a.html", "a"), Kind::Page);
        entries.insert(addr("old.html", ""), Kind::Alias);
        let text = lock_text(&entries);
        let body: Vec<&str> = text.lines().filter(|l| !l.starts_with('#')).collect();
        assert_eq!(
            body,
            ["a.html#a page", "b.html#x section", "old.html alias"]
        );
        let (lock, diags) = parse_lock(&text);
        assert!(diags.is_empty(), "{diags:?}");
        let back: BTreeMap<Address, Kind> =
            lock.entries.into_iter().map(|(a, (k, _))| (a, k)).collect();
        assert_eq!(back, entries);
    }

    #[test]
    fn bad_lock_lines_name_their_line() {
        let (lock, diags) = parse_lock("# c\na.html#x page\nnonsense\nb.html#y colour\n");
        assert_eq!(lock.entries.len(), 1);
        assert_eq!(lock.entries[&addr("a.html", "x")], (Kind::Page, 2));
        let lines: Vec<u32> = diags.iter().map(|d| d.location.line).collect();
        assert_eq!(lines, [3, 4]);
        assert!(
            diags[0]
                .to_string()
                .starts_with("permalinks.lock:3:1: error")
        );
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

    #[test]
    fn hrefs_are_relative() {
        assert_eq!(href("a.html", &addr("a.html", "x")), "#x");
        assert_eq!(href("a.html", &addr("b.html", "x")), "b.html#x");
        assert_eq!(href("q/a.html", &addr("b.html", "")), "../b.html");
        assert_eq!(script_json("</script>"), "\"<\\/script>\"");
    }

    #[test]
    fn scripts_go_before_the_head_closes() {
        let mut page = b"<html><head><title>x</title></head><body></body></html>".to_vec();
        inject_head(&mut page, "<script>1</script>");
        let text = String::from_utf8(page).unwrap();
        assert!(
            text.contains("<title>x</title><script>1</script></head>"),
            "{text}"
        );
    }
}
