//! Fence info strings (`python title="x" hl_lines="2 4-6" linenos`) and captions (the bold
//! line that introduces an example: `**Thread-Safe Data Structures**:`).

use pulldown_cmark::{Event, Tag, TagEnd};

use super::items::{Ev, collapse_spaces};

/// What a fence's info string says.
#[derive(Debug, Default, PartialEq, Eq)]
pub(super) struct FenceInfo {
    pub language: String,
    pub title: Option<String>,
    pub hl_lines: Vec<(u32, u32)>,
    pub linenos: bool,
    pub no_check: bool,
    /// Attributes quire does not know (reported as warnings).
    pub unknown: Vec<String>,
}

/// Parses an info string. Separators are spaces or commas; values may be quoted.
pub(super) fn parse_fence_info(info: &str) -> FenceInfo {
    let mut out = FenceInfo::default();
    let tokens = tokenize(info.trim());
    let mut iter = tokens.into_iter().peekable();
    if let Some(first) = iter.next_if(|t| !t.contains('=')) {
        out.language = first
            .trim_start_matches('{')
            .trim_start_matches('.')
            .trim_end_matches('}')
            .to_string();
    }
    while let Some(token) = iter.next() {
        let (key, value) = token
            .split_once('=')
            .map_or((token.as_str(), None), |(k, v)| (k, Some(v)));
        match (key, value) {
            ("title", Some(v)) => out.title = Some(v.to_string()),
            ("hl_lines", Some(v)) => {
                let mut spec = v.to_string();
                // Zola style: hl_lines=1 3-5 without quotes.
                while let Some(more) =
                    iter.next_if(|t| t.chars().all(|c| c.is_ascii_digit() || c == '-'))
                {
                    spec.push(' ');
                    spec.push_str(&more);
                }
                out.hl_lines = parse_ranges(&spec);
            }
            ("linenos", None) => out.linenos = true,
            ("no-check" | "no_check" | "nocheck", None) => out.no_check = true,
            _ => out.unknown.push(token.clone()),
        }
    }
    out
}

fn tokenize(s: &str) -> Vec<String> {
    let mut tokens = Vec::new();
    let mut cur = String::new();
    let mut quote: Option<char> = None;
    for c in s.chars() {
        match (quote, c) {
            (Some(q), c) if c == q => quote = None,
            (Some(_), c) => cur.push(c),
            (None, '"' | '\'') => quote = Some(c),
            (None, c) if c.is_whitespace() || c == ',' => {
                if !cur.is_empty() {
                    tokens.push(std::mem::take(&mut cur));
                }
            }
            (None, c) => cur.push(c),
        }
    }
    if !cur.is_empty() {
        tokens.push(cur);
    }
    tokens
}

/// `"2 4-6"` → `[(2,2),(4,6)]`; malformed parts are ignored.
pub(super) fn parse_ranges(spec: &str) -> Vec<(u32, u32)> {
    spec.split([' ', ','])
        .filter_map(|part| {
            let (a, b) = part.split_once('-').unwrap_or((part, part));
            let (a, b) = (a.trim().parse().ok()?, b.trim().parse().ok()?);
            (a >= 1 && b >= a).then_some((a, b))
        })
        .collect()
}

/// The caption of a paragraph that is only bold text, optionally followed by a colon:
/// `**Thread-Safe Data Structures**:` → "Thread-Safe Data Structures".
pub(super) fn caption_of(paragraph: &[Ev<'_>]) -> Option<String> {
    let inner = match paragraph {
        [
            (Event::Start(Tag::Paragraph), _),
            inner @ ..,
            (Event::End(TagEnd::Paragraph), _),
        ] => inner,
        _ => return None,
    };
    let (first, rest) = inner.split_first()?;
    if !matches!(first.0, Event::Start(Tag::Strong)) {
        return None;
    }
    let end = rest
        .iter()
        .position(|(e, _)| matches!(e, Event::End(TagEnd::Strong)))?;
    let trailing = &rest[end + 1..];
    let trailing_ok = trailing.iter().all(|(e, _)| match e {
        Event::Text(t) => t.trim().is_empty() || t.trim() == ":",
        _ => false,
    });
    if !trailing_ok {
        return None;
    }
    let text = super::items::plain_text(&rest[..end]);
    let text = collapse_spaces(text.trim().trim_end_matches(':'));
    (!text.is_empty() && !text.ends_with('?')).then_some(text)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::parse::items::split_items;

    #[test]
    fn info_strings() {
        let f = parse_fence_info(r#"python title="Thread pool" hl_lines="2 4-6" linenos"#);
        assert_eq!(f.language, "python");
        assert_eq!(f.title.as_deref(), Some("Thread pool"));
        assert_eq!(f.hl_lines, [(2, 2), (4, 6)]);
        assert!(f.linenos);
        let z = parse_fence_info("rust,linenos,hl_lines=1 3-5");
        assert_eq!(z.language, "rust");
        assert_eq!(z.hl_lines, [(1, 1), (3, 5)]);
        let n = parse_fence_info("python no-check wat");
        assert!(n.no_check);
        assert_eq!(n.unknown, ["wat"]);
        assert_eq!(parse_fence_info("").language, "");
    }

    #[test]
    fn bold_lines_are_captions() {
        let cap = |md: &str| caption_of(&split_items(md)[0].events);
        assert_eq!(
            cap("**Thread-Safe Data Structures**:").as_deref(),
            Some("Thread-Safe Data Structures")
        );
        assert_eq!(
            cap("**Code Example - GIL Impact**:").as_deref(),
            Some("Code Example - GIL Impact")
        );
        assert_eq!(
            cap("**Basic Decorators:**").as_deref(),
            Some("Basic Decorators")
        );
        assert_eq!(cap("**What is the GIL?**"), None);
        assert_eq!(cap("**Bold** and more text"), None);
        assert_eq!(cap("plain"), None);
    }
}
