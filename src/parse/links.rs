//! The anchor table (which page holds which id) and link resolution: links written against
//! a source file (`#x`, `other.md#x`) are rewritten to the page that now holds the target;
//! a link that points nowhere is an error with the closest existing id as a suggestion.
//!
//! `#`, `#top` and links to a table of contents that the generated navigation replaced
//! go to the top of the page they land on, as they do on GitHub.

use crate::diag::closest;
use crate::html::relative;
use std::collections::{HashMap, HashSet};

/// Where a page lives and which ids it has.
#[derive(Debug, Default)]
pub(super) struct PageAnchors {
    pub url: String,
    pub ids: HashSet<String>,
}

/// Every page's anchors, by source file.
#[derive(Debug, Default)]
pub(super) struct LinkTable {
    pub pages: Vec<PageAnchors>,
    /// Source path relative to `content/` → its pages, in order.
    pub files: HashMap<String, Vec<usize>>,
    /// Non-Markdown files under `content/` (relative to `content/`).
    pub assets: HashSet<String>,
    /// Files whose front matter could not be read: links to them are not reported again
    /// (the front matter error already stops the build).
    pub unreadable: HashSet<String>,
    /// Whether a broken link is an error or a warning.
    pub broken_links: crate::config::BrokenLinks,
}

/// A resolved link: its new address (None: as written) and a warning to give, if any.
#[derive(Debug)]
pub(super) struct Resolved {
    pub(super) url: Option<String>,
    pub(super) note: Option<String>,
}

impl Resolved {
    /// The link stays as the author wrote it.
    const AS_WRITTEN: Self = Self {
        url: None,
        note: None,
    };

    fn to(url: String) -> Self {
        Self {
            url: Some(url),
            note: None,
        }
    }
}

/// Where a link is written: the source file (relative to `content/`) and the output page url.
pub(super) struct LinkFrom<'a> {
    pub file: &'a str,
    pub page: Option<usize>,
    pub url: &'a str,
}

impl LinkTable {
    /// Resolves `dest` written in `from`; Ok(None) leaves the link as it is.
    #[cfg(test)]
    pub(super) fn resolve(
        &self,
        from: &LinkFrom<'_>,
        dest: &str,
    ) -> Result<Option<String>, String> {
        self.resolve_as(from, dest, "link").map(|r| r.url)
    }

    /// [`resolve`](Self::resolve) for an image or other embedded file: its problems say
    /// `noun` (`image`) and a fragment-only address is not a file.
    pub(super) fn resolve_as(
        &self,
        from: &LinkFrom<'_>,
        dest: &str,
        noun: &str,
    ) -> Result<Resolved, String> {
        self.resolve_link(from, dest).map_err(|e| {
            format!(
                "broken {noun} {}",
                e.strip_prefix("broken link ").unwrap_or(&e)
            )
        })
    }

    fn resolve_link(&self, from: &LinkFrom<'_>, dest: &str) -> Result<Resolved, String> {
        // Browsers drop the spaces and line breaks around an address (`src="\n https://…"`).
        let dest = dest.trim_matches(|c: char| c.is_ascii_whitespace());
        if dest.is_empty() || is_external(dest) {
            return Ok(Resolved::AS_WRITTEN);
        }
        let (path, fragment) = match dest.split_once('#') {
            Some((p, f)) => (p, Some(f)),
            None => (dest, None),
        };
        let fragment = fragment.map(percent_decode);
        let fragment = fragment.as_deref();
        if path.is_empty() {
            let fragment = fragment.unwrap_or_default();
            if is_top(fragment) {
                // `#` already goes to the top; `#top` does when no element has that id.
                return Ok(if fragment.is_empty() {
                    Resolved::AS_WRITTEN
                } else {
                    Resolved::to("#top".into())
                });
            }
            return match self.fragment_link(from, from.file, from.page, fragment, dest) {
                Some(found) => Ok(found),
                None if is_toc_id(fragment) => Ok(Resolved::to("#top".into())),
                None => Err(self.missing_fragment(from.file, fragment)),
            };
        }
        let path = percent_decode(path);
        let target = join_rel(from.file, &path)
            .ok_or_else(|| format!("broken link `{dest}`: it leaves content/"))?;
        if crate::source::markdown_stem(&target).is_some() {
            return self.resolve_file(from, &target, fragment, dest);
        }
        if self.assets.contains(&target) {
            return Ok(Resolved::to(
                relative(from.url, &target)
                    + &fragment.map(|f| format!("#{f}")).unwrap_or_default(),
            ));
        }
        Err(format!(
            "broken link `{dest}`: no file content/{target}; fix the path or add the file"
        ))
    }

    fn resolve_file(
        &self,
        from: &LinkFrom<'_>,
        target: &str,
        fragment: Option<&str>,
        dest: &str,
    ) -> Result<Resolved, String> {
        let Some(pages) = self.files.get(target) else {
            if self.unreadable.contains(target) {
                return Ok(Resolved::AS_WRITTEN);
            }
            let known: Vec<&str> = self.files.keys().map(String::as_str).collect();
            let hint = closest(target, known.iter().copied())
                .map(|c| format!("; did you mean `{c}`?"))
                .unwrap_or_default();
            return Err(format!(
                "broken link `{dest}`: no page comes from content/{target}{hint}"
            ));
        };
        let first = relative(from.url, &self.pages[pages[0]].url);
        match fragment.filter(|f| !is_top(f)) {
            None => Ok(Resolved::to(first)),
            Some(f) => match self.fragment_link(from, target, None, f, dest) {
                Some(found) => Ok(found),
                None if is_toc_id(f) => Ok(Resolved::to(first)),
                None => Err(self.missing_fragment(target, f)),
            },
        }
    }

    /// The link to the id `fragment` of `file`. A fragment that names an id only in other
    /// letter case (`#Agile` for `## Agile`) is linked to that id with a warning: GitHub
    /// finds the heading anyway, a browser does not.
    fn fragment_link(
        &self,
        from: &LinkFrom<'_>,
        file: &str,
        current: Option<usize>,
        fragment: &str,
        dest: &str,
    ) -> Option<Resolved> {
        if let Some(page) = self.find_in_file(file, current, fragment) {
            return Some(Resolved::to(self.page_link(from.url, page, fragment)));
        }
        let lower = fragment.to_lowercase();
        let (page, id) = self.files.get(file)?.iter().find_map(|&p| {
            let id = self.pages[p]
                .ids
                .iter()
                .find(|id| id.to_lowercase() == lower)?;
            Some((p, id))
        })?;
        Some(Resolved {
            url: Some(self.page_link(from.url, page, id)),
            note: Some(format!(
                "link `{dest}` names `#{id}` in other letter case: GitHub forgives it, a \
                 browser does not; write `#{id}` (it is linked so here)"
            )),
        })
    }

    /// The page of `file` that holds `id`: the current page first, then in reading order.
    fn find_in_file(&self, file: &str, current: Option<usize>, id: &str) -> Option<usize> {
        if let Some(c) = current
            && self.pages[c].ids.contains(id)
        {
            return Some(c);
        }
        self.files
            .get(file)?
            .iter()
            .copied()
            .find(|&p| self.pages[p].ids.contains(id))
    }

    fn page_link(&self, from_url: &str, page: usize, fragment: &str) -> String {
        let url = &self.pages[page].url;
        if url == from_url {
            format!("#{fragment}")
        } else {
            format!("{}#{fragment}", relative(from_url, url))
        }
    }

    fn missing_fragment(&self, file: &str, fragment: &str) -> String {
        let ids = self
            .files
            .get(file)
            .into_iter()
            .flatten()
            .flat_map(|&p| self.pages[p].ids.iter().map(String::as_str));
        let hint = closest(fragment, ids)
            .map(|c| format!("; did you mean `#{c}`?"))
            .unwrap_or_default();
        format!(
            "broken link `#{fragment}`: no heading, question or example in content/{file} has this id{hint}"
        )
    }
}

/// `#` and `#top`: the top of the page (HTML's own meaning of both).
fn is_top(fragment: &str) -> bool {
    fragment.is_empty() || fragment.eq_ignore_ascii_case("top")
}

/// The id of a "Table of Contents" heading (the titles whose section `outline` drops),
/// possibly numbered as a repeat (`contents-1`).
fn is_toc_id(fragment: &str) -> bool {
    let lower = fragment.to_ascii_lowercase();
    let base = lower.trim_end_matches(|c: char| c.is_ascii_digit());
    let base = if base.len() < lower.len() {
        base.strip_suffix('-').unwrap_or(base)
    } else {
        base
    };
    matches!(base, "table-of-contents" | "contents" | "toc")
}

fn is_external(dest: &str) -> bool {
    dest.starts_with("//")
        || dest.starts_with('/')
        || dest.split_once(':').is_some_and(|(scheme, _)| {
            !scheme.is_empty()
                && scheme
                    .chars()
                    .all(|c| c.is_ascii_alphanumeric() || "+.-".contains(c))
        })
}

/// Joins a link path to the directory of `from_file` (both relative to `content/`).
fn join_rel(from_file: &str, path: &str) -> Option<String> {
    let mut parts: Vec<&str> = from_file.split('/').collect();
    parts.pop();
    for seg in path.split('/') {
        match seg {
            "" | "." => {}
            ".." => {
                parts.pop()?;
            }
            s => parts.push(s),
        }
    }
    Some(parts.join("/"))
}

fn percent_decode(s: &str) -> String {
    let bytes = s.as_bytes();
    let mut out = Vec::with_capacity(bytes.len());
    let mut i = 0;
    while i < bytes.len() {
        if bytes[i] == b'%'
            && let Some(v) = s
                .get(i + 1..i + 3)
                .and_then(|h| u8::from_str_radix(h, 16).ok())
        {
            out.push(v);
            i += 3;
            continue;
        }
        out.push(bytes[i]);
        i += 1;
    }
    String::from_utf8_lossy(&out).into_owned()
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A link written on the first page of `guide.md`.
    fn from_gil() -> LinkFrom<'static> {
        LinkFrom {
            file: "guide.md",
            page: Some(0),
            url: "gil.html",
        }
    }

    fn table() -> LinkTable {
        let page = |url: &str, ids: &[&str]| PageAnchors {
            url: url.into(),
            ids: ids.iter().map(|s| s.to_string()).collect(),
        };
        LinkTable {
            pages: vec![
                page("gil.html", &["gil", "threads", "intro"]),
                page("async.html", &["async", "gather", "intro"]),
                page("sub/other.html", &["other", "x"]),
            ],
            files: HashMap::from([
                ("guide.md".into(), vec![0, 1]),
                ("sub/other.md".into(), vec![2]),
            ]),
            assets: HashSet::from(["img/a.png".to_string()]),
            unreadable: HashSet::new(),
            broken_links: Default::default(),
        }
    }

    #[test]
    fn spaces_and_line_breaks_around_an_address_are_dropped() {
        let t = table();
        let from = from_gil();
        assert_eq!(
            t.resolve(&from, "\n https://example.test/a.png ").unwrap(),
            None
        );
        assert_eq!(
            t.resolve(&from, " #gather\n").unwrap().as_deref(),
            Some("async.html#gather")
        );
    }

    #[test]
    fn a_fragment_in_other_letter_case_is_linked_with_a_warning() {
        let t = table();
        let from = from_gil();
        let r = t.resolve_as(&from, "#Gather", "link").unwrap();
        assert_eq!(r.url.as_deref(), Some("async.html#gather"));
        assert!(r.note.unwrap().contains("write `#gather`"));
        let r = t.resolve_as(&from, "sub/other.md#X", "link").unwrap();
        assert_eq!(r.url.as_deref(), Some("sub/other.html#x"));
        // An exact match gives no warning; no match at all is still broken.
        assert!(t.resolve_as(&from, "#gil", "link").unwrap().note.is_none());
        assert!(t.resolve_as(&from, "#Nothing", "link").is_err());
    }

    #[test]
    fn fragments_go_to_the_page_that_holds_them() {
        let t = table();
        let from = from_gil();
        assert_eq!(
            t.resolve(&from, "#threads").unwrap().as_deref(),
            Some("#threads")
        );
        assert_eq!(
            t.resolve(&from, "#gather").unwrap().as_deref(),
            Some("async.html#gather")
        );
        // A duplicate id prefers the current page.
        let from2 = LinkFrom {
            file: "guide.md",
            page: Some(1),
            url: "async.html",
        };
        assert_eq!(
            t.resolve(&from2, "#intro").unwrap().as_deref(),
            Some("#intro")
        );
    }

    #[test]
    fn other_files_and_sub_folders() {
        let t = table();
        let from = from_gil();
        assert_eq!(
            t.resolve(&from, "sub/other.md#x").unwrap().as_deref(),
            Some("sub/other.html#x")
        );
        let back = LinkFrom {
            file: "sub/other.md",
            page: Some(2),
            url: "sub/other.html",
        };
        assert_eq!(
            t.resolve(&back, "../guide.md#gather").unwrap().as_deref(),
            Some("../async.html#gather")
        );
        assert_eq!(
            t.resolve(&back, "../img/a.png").unwrap().as_deref(),
            Some("../img/a.png")
        );
        assert_eq!(t.resolve(&from, "https://python.org").unwrap(), None);
        assert_eq!(t.resolve(&from, "mailto:a@b.c").unwrap(), None);
    }

    #[test]
    fn top_and_dropped_table_of_contents_go_to_the_top_of_the_page() {
        let t = table();
        let from = LinkFrom {
            file: "guide.md",
            page: Some(1),
            url: "async.html",
        };
        let resolve = |dest: &str| t.resolve(&from, dest).unwrap();
        assert_eq!(resolve("#"), None);
        assert_eq!(resolve("#top").as_deref(), Some("#top"));
        assert_eq!(resolve("#table-of-contents").as_deref(), Some("#top"));
        assert_eq!(resolve("#Contents").as_deref(), Some("#top"));
        assert_eq!(resolve("#toc-1").as_deref(), Some("#top"));
        assert_eq!(
            resolve("sub/other.md#top").as_deref(),
            Some("sub/other.html")
        );
        assert_eq!(
            resolve("sub/other.md#table-of-contents").as_deref(),
            Some("sub/other.html")
        );
        assert!(t.resolve(&from, "#contents-of-box").is_err());
        assert!(t.resolve(&from, "#tocx").is_err());
    }

    #[test]
    fn images_are_broken_images() {
        let t = table();
        let from = from_gil();
        let err = t.resolve_as(&from, "img/b.png", "image").unwrap_err();
        assert!(
            err.starts_with("broken image `img/b.png`: no file content/img/b.png"),
            "{err}"
        );
        assert_eq!(
            t.resolve_as(&from, "img/a.png", "image")
                .unwrap()
                .url
                .as_deref(),
            Some("img/a.png")
        );
    }

    #[test]
    fn broken_links_suggest_the_closest_id() {
        let t = table();
        let from = from_gil();
        let err = t.resolve(&from, "#thread").unwrap_err();
        assert!(err.contains("did you mean `#threads`"), "{err}");
        let err = t.resolve(&from, "sub/othr.md").unwrap_err();
        assert!(err.contains("sub/other.md"), "{err}");
        assert!(t.resolve(&from, "nope.png").is_err());
    }
}
