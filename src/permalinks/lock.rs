//! `permalinks.lock`: its format (sorted text, one `page.html#id kind` per line, then one
//! `old.html#old-id -> new.html#new-id` per alias written there, `#` comments), reading it
//! with a diagnostic per malformed line, and writing it atomically.

use std::collections::BTreeMap;
use std::path::Path;

use crate::diag::{Diagnostic, Location};
use crate::error::{Error, Result};

/// The lock file's name, at the site root.
pub(crate) const LOCK_FILE: &str = "permalinks.lock";

const HEADER: &str = "\
# permalinks.lock: every public anchor of this site, recorded by `quire build`.
# Commit it with the content. A build fails when an anchor listed here disappears:
# keep it with an alias, here (a line `old.html#old-id -> new.html#new-id`), on the
# heading (`## New title {#new-id aliases=\"old-id\"}`) or in front matter
# (`aliases = [\"old-id -> new-id\"]`), or drop it with `quire build --accept-permalink-changes`.
";

/// What an anchor is.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub(crate) enum Kind {
    Page,
    Section,
    Question,
    Example,
    /// An old address kept working by an alias (not an anchor of the current content).
    Alias,
}

impl Kind {
    pub(crate) fn as_str(self) -> &'static str {
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
pub(crate) type Address = (String, String);

/// The recorded anchors: address → (kind, line in the lock file); and the aliases written
/// in the lock: old address → (where it leads now, line).
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub(crate) struct Lock {
    pub entries: BTreeMap<Address, (Kind, u32)>,
    pub aliases: BTreeMap<Address, (Address, u32)>,
}

/// The text of `permalinks.lock` under `root` (None when there is none); [`parse_lock`]
/// reads it.
pub(crate) fn read_lock_text(root: &Path) -> Result<Option<String>> {
    let path = root.join(LOCK_FILE);
    match std::fs::read_to_string(&path) {
        Ok(text) => Ok(Some(text)),
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => Ok(None),
        Err(e) => Err(Error::io(path, e)),
    }
}

/// Parses lock text: `page.html#id kind` (or `page.html kind`) and
/// `old.html#old-id -> new.html#new-id` per line, `#` comments.
pub(crate) fn parse_lock(text: &str) -> (Lock, Vec<Diagnostic>) {
    let mut lock = Lock::default();
    let mut diags = Vec::new();
    for (n, line) in text.lines().enumerate() {
        let n = n as u32 + 1;
        let line = line.trim();
        if line.is_empty() || line.starts_with('#') {
            continue;
        }
        if let Some((from, to)) = line.split_once("->") {
            match (page_address(from), page_address(to)) {
                (Some(from), Some(to)) => {
                    lock.aliases.insert(from, (to, n));
                }
                _ => diags.push(Diagnostic::error(
                    lock_location(n),
                    format!(
                        "expected an alias `old.html#old-id -> new.html#new-id`, found `{line}`; fix the line or remove it"
                    ),
                )),
            }
            continue;
        }
        let parsed = line
            .rsplit_once(char::is_whitespace)
            .and_then(|(addr, kind)| Some((address(addr)?, Kind::parse(kind.trim())?)));
        match parsed {
            Some((addr, kind)) => {
                lock.entries.insert(addr, (kind, n));
            }
            None => diags.push(Diagnostic::error(
                lock_location(n),
                format!(
                    "expected `page.html#id kind` (kind: page, section, question, example or alias) or `old.html#old-id -> new.html#new-id`, found `{line}`; fix the line or rebuild with --accept-permalink-changes"
                ),
            )),
        }
    }
    (lock, diags)
}

/// An alias's side: an address whose page is named (`page.html`), not a bare id.
fn page_address(text: &str) -> Option<Address> {
    address(text).filter(|(url, _)| url.ends_with(".html"))
}

/// `page.html#id` or `page.html` (a page itself): no spaces, a page always named.
fn address(text: &str) -> Option<Address> {
    let text = text.trim();
    let (url, id) = text.split_once('#').unwrap_or((text, ""));
    (!url.is_empty() && !text.contains(char::is_whitespace))
        .then(|| (url.to_string(), id.to_string()))
}

pub(super) fn lock_location(line: u32) -> Location {
    Location {
        file: LOCK_FILE.into(),
        line,
        col: 1,
    }
}

/// The lock file text: header, one sorted line per anchor, then one per alias.
pub(crate) fn lock_text(
    entries: &BTreeMap<Address, Kind>,
    aliases: &BTreeMap<Address, Address>,
) -> String {
    let mut out = String::from(HEADER);
    for (addr, kind) in entries {
        out.push_str(&show(addr));
        out.push(' ');
        out.push_str(kind.as_str());
        out.push('\n');
    }
    for (from, to) in aliases {
        out.push_str(&format!("{} -> {}\n", show(from), show(to)));
    }
    out
}

/// `page.html#id`, or `page.html` for the page itself.
pub(crate) fn show(addr: &Address) -> String {
    if addr.1.is_empty() {
        addr.0.clone()
    } else {
        format!("{}#{}", addr.0, addr.1)
    }
}

/// Writes `text` to `root/permalinks.lock` when it differs from what is there (atomically:
/// a temporary sibling, then a rename). Returns whether it wrote.
pub(crate) fn write_lock(root: &Path, text: &str) -> Result<bool> {
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
        let mut aliases = BTreeMap::new();
        aliases.insert(addr("b.html", "y"), addr("b.html", "x"));
        aliases.insert(addr("gone.html", ""), addr("a.html", ""));
        let text = lock_text(&entries, &aliases);
        let body: Vec<&str> = text.lines().filter(|l| !l.starts_with('#')).collect();
        assert_eq!(
            body,
            [
                "a.html#a page",
                "b.html#x section",
                "old.html alias",
                "b.html#y -> b.html#x",
                "gone.html -> a.html"
            ]
        );
        let (lock, diags) = parse_lock(&text);
        assert!(diags.is_empty(), "{diags:?}");
        let back: BTreeMap<Address, Kind> =
            lock.entries.into_iter().map(|(a, (k, _))| (a, k)).collect();
        assert_eq!(back, entries);
        let back: BTreeMap<Address, Address> = lock
            .aliases
            .into_iter()
            .map(|(a, (to, _))| (a, to))
            .collect();
        assert_eq!(back, aliases);
    }

    #[test]
    fn alias_lines_are_read_with_their_line() {
        let (lock, diags) = parse_lock("# c\nold.html#a  ->  new.html#b\n\nx.html -> y.html#top\n");
        assert!(diags.is_empty(), "{diags:?}");
        assert_eq!(
            lock.aliases[&addr("old.html", "a")],
            (addr("new.html", "b"), 2)
        );
        assert_eq!(
            lock.aliases[&addr("x.html", "")],
            (addr("y.html", "top"), 4)
        );
        let (lock, diags) =
            parse_lock("old-id -> new.html#b\nold.html#a -> \nold.html#x y -> z.html\n");
        assert!(lock.aliases.is_empty());
        let lines: Vec<u32> = diags.iter().map(|d| d.location.line).collect();
        assert_eq!(lines, [1, 2, 3]);
        assert!(
            diags[0]
                .message
                .contains("old.html#old-id -> new.html#new-id")
        );
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
}
