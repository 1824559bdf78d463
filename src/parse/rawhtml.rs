//! Links written in raw HTML (`<a href>`, `<img src>` in HTML blocks and inline HTML), so
//! that they are checked and rewritten like Markdown links.
//!
//! Tags are found with html5gum, a WHATWG-conformant tokenizer: authors write HTML in every
//! shape (unquoted and single-quoted values, upper-case names, entities, tags over several
//! lines, `<script>` text), which a hand-written scan would get wrong. Only the value of a
//! link attribute is replaced; every other byte of the author's HTML is kept as written.

use std::borrow::Cow;
use std::ops::Range;

use html5gum::emitters::default::DefaultEmitter;
use html5gum::{Token, Tokenizer};

/// The attributes that hold a link, by element.
const LINK_ATTRIBUTES: &[(&[u8], &[u8])] = &[
    (b"a", b"href"),
    (b"area", b"href"),
    (b"img", b"src"),
    (b"source", b"src"),
    (b"video", b"src"),
    (b"audio", b"src"),
];

/// One link attribute as written.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(super) struct RawLink {
    /// The element's name (`a`, `img`, …), lower-cased.
    pub element: String,
    /// The URL with character references decoded (`a&amp;b` is `a&b`).
    pub url: String,
    /// Byte range of the value as written, quotes included.
    pub value: Range<usize>,
    /// Byte offset of the attribute (its name), for locations.
    pub at: usize,
}

impl RawLink {
    /// An image or other embedded file, as opposed to a link a reader follows.
    pub(super) fn is_embed(&self) -> bool {
        self.element != "a" && self.element != "area"
    }
}

/// Every link attribute of `html`, in order.
pub(super) fn raw_links(html: &str) -> Vec<RawLink> {
    // Most HTML authors write (`<br>`, `<details>`, `<kbd>`) holds no link: skip tokenizing.
    if !might_hold_links(html) {
        return Vec::new();
    }
    let mut emitter = DefaultEmitter::<usize>::new_with_span();
    // `<script>` and `<style>` hold text, not tags.
    emitter.naively_switch_states(true);
    let mut links = Vec::new();
    for token in Tokenizer::new_with_emitter(html, emitter).flatten() {
        let Token::StartTag(tag) = token else {
            continue;
        };
        for (element, attribute) in LINK_ATTRIBUTES {
            if tag.name.as_slice() != *element {
                continue;
            }
            let Some(attr) = tag.attributes.get(*attribute) else {
                continue;
            };
            let Some(value) = html
                .get(attr.span.start..attr.span.end)
                .and_then(value_range)
            else {
                continue;
            };
            links.push(RawLink {
                element: String::from_utf8_lossy(element).into_owned(),
                url: String::from_utf8_lossy(&attr.value).into_owned(),
                value: attr.span.start + value.start..attr.span.start + value.end,
                at: attr.span.start,
            });
        }
    }
    links.sort_by_key(|l| l.at);
    links
}

/// `html` with each link's value replaced where `new_url` gives one (quoted and escaped).
pub(super) fn rewrite_links<'h>(
    html: &'h str,
    links: &[RawLink],
    mut new_url: impl FnMut(&RawLink) -> Option<String>,
) -> Cow<'h, str> {
    let mut out = String::new();
    let mut copied = 0;
    for link in links {
        let Some(url) = new_url(link) else { continue };
        out.push_str(&html[copied..link.value.start]);
        out.push('"');
        out.push_str(&crate::html::escape(&url));
        out.push('"');
        copied = link.value.end;
    }
    if copied == 0 {
        return Cow::Borrowed(html);
    }
    out.push_str(&html[copied..]);
    Cow::Owned(out)
}

fn might_hold_links(html: &str) -> bool {
    let bytes = html.as_bytes();
    [b"href".as_slice(), b"src"].iter().any(|needle| {
        bytes
            .windows(needle.len())
            .any(|w| w.eq_ignore_ascii_case(needle))
    })
}

/// The range of the value (with its quotes) in one attribute as written: `name = "value"`,
/// `name='value'` or `name=value`. The tokenizer has already found where the attribute
/// starts and ends; this only separates the name from the value.
fn value_range(attribute: &str) -> Option<Range<usize>> {
    let eq = attribute.find('=')?;
    let rest = &attribute[eq + 1..];
    let start = eq + 1 + (rest.len() - rest.trim_start().len());
    let value = &attribute[start..];
    match value.chars().next()? {
        q @ ('"' | '\'') => {
            let close = value[1..].find(q).map_or(value.len(), |i| i + 2);
            Some(start..start + close)
        }
        _ => {
            let end = value
                .find(|c: char| c.is_ascii_whitespace() || c == '>')
                .unwrap_or(value.len());
            Some(start..start + end)
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn urls(html: &str) -> Vec<(String, String)> {
        raw_links(html)
            .into_iter()
            .map(|l| (l.element, l.url))
            .collect()
    }

    #[test]
    fn finds_links_in_every_way_authors_write_attributes() {
        let html = "<div align=\"right\"><a href=\"#\">up</a> <IMG\n  SRC='img/a.png' alt=x>\
            <a href=#top>t</a><a class=x href = \"b.md#c&amp;d\">b</a><a name=\"n\">n</a></div>";
        assert_eq!(
            urls(html),
            [
                ("a".into(), "#".into()),
                ("img".into(), "img/a.png".into()),
                ("a".into(), "#top".into()),
                ("a".into(), "b.md#c&d".into()),
            ]
        );
    }

    #[test]
    fn script_and_comments_hold_no_links() {
        let html = "<script>var s = '<a href=\"x.md\">';</script><!-- <img src=\"y.png\"> -->";
        assert!(urls(html).is_empty());
    }

    #[test]
    fn rewriting_changes_only_the_values() {
        let html = "<p align=center><a href=#top>t</a> <img\n src='a b.png' alt=\"x\"/> \
            <a title=\"k\" href=\"other.md#x\">o</a></p>";
        let links = raw_links(html);
        let out = rewrite_links(html, &links, |l| match l.url.as_str() {
            "#top" => None,
            "a b.png" => Some("../a b.png".into()),
            "other.md#x" => Some("other.html#x&y\"".into()),
            _ => unreachable!(),
        });
        assert_eq!(
            out,
            "<p align=center><a href=#top>t</a> <img\n src=\"../a b.png\" alt=\"x\"/> \
            <a title=\"k\" href=\"other.html#x&amp;y&quot;\">o</a></p>"
        );
    }

    #[test]
    fn unchanged_html_is_borrowed() {
        let html = "<a href=\"https://example.org\">x</a>";
        let links = raw_links(html);
        assert!(matches!(
            rewrite_links(html, &links, |_| None),
            Cow::Borrowed(_)
        ));
        assert!(raw_links("<br><kbd>Ctrl</kbd>").is_empty());
    }

    #[test]
    fn unfinished_tags_do_not_panic() {
        for html in ["<a href=\"x", "<a href=", "<img src", "<a href='#'", "<"] {
            let links = raw_links(html);
            let _ = rewrite_links(html, &links, |_| Some("y".into()));
        }
    }

    #[test]
    fn offsets_point_at_the_attribute() {
        let html = "<p>x <img src=\"missing.png\"></p>";
        let link = &raw_links(html)[0];
        assert_eq!(&html[link.at..link.at + 3], "src");
        assert!(link.is_embed());
    }
}
