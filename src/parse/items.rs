//! Splits a Markdown event stream into top-level items (a heading, a paragraph, a list, a
//! fence, ...) and small helpers over inline events.

use std::ops::Range;

use pulldown_cmark::{Event, HeadingLevel, Options, Parser, Tag, TagEnd};

/// One event with its byte range in the document body.
pub(super) type Ev<'a> = (Event<'a>, Range<usize>);

/// A top-level block of the document, as its events (balanced Start/End).
#[derive(Debug, Clone)]
pub(super) struct Item<'a> {
    pub events: Vec<Ev<'a>>,
}

impl<'a> Item<'a> {
    pub(super) fn start(&self) -> usize {
        self.events.first().map_or(0, |(_, r)| r.start)
    }

    pub(super) fn first(&self) -> Option<&Event<'a>> {
        self.events.first().map(|(e, _)| e)
    }

    /// The events between the opening and closing tag.
    pub(super) fn inner(&self) -> &[Ev<'a>] {
        match self.events.len() {
            0 | 1 => &self.events,
            n => &self.events[1..n - 1],
        }
    }

    pub(super) fn heading(&self) -> Option<HeadingInfo<'a>> {
        match self.first()? {
            Event::Start(Tag::Heading {
                level, id, attrs, ..
            }) => Some(HeadingInfo {
                level: heading_level(*level),
                explicit_id: id.as_ref().map(|s| s.to_string()),
                aliases: heading_aliases(attrs),
                inline: self.inner().to_vec(),
                offset: self.start(),
            }),
            _ => None,
        }
    }

    pub(super) fn is_heading(&self) -> bool {
        matches!(self.first(), Some(Event::Start(Tag::Heading { .. })))
    }

    pub(super) fn is_paragraph(&self) -> bool {
        matches!(self.first(), Some(Event::Start(Tag::Paragraph)))
    }

    pub(super) fn is_rule(&self) -> bool {
        matches!(self.first(), Some(Event::Rule))
    }

    /// Info string of a fenced code block.
    pub(super) fn fence_info(&self) -> Option<&str> {
        match self.first()? {
            Event::Start(Tag::CodeBlock(pulldown_cmark::CodeBlockKind::Fenced(info))) => {
                Some(info.as_ref())
            }
            _ => None,
        }
    }

    pub(super) fn is_code(&self) -> bool {
        matches!(self.first(), Some(Event::Start(Tag::CodeBlock(_))))
    }

    /// The raw HTML text of an HTML block.
    pub(super) fn html_text(&self) -> Option<String> {
        match self.first()? {
            Event::Start(Tag::HtmlBlock) => Some(
                self.inner()
                    .iter()
                    .filter_map(|(e, _)| match e {
                        Event::Html(t) | Event::Text(t) => Some(t.as_ref()),
                        _ => None,
                    })
                    .collect(),
            ),
            _ => None,
        }
    }
}

/// A heading as found in the source.
#[derive(Debug, Clone)]
pub(super) struct HeadingInfo<'a> {
    pub level: u8,
    pub explicit_id: Option<String>,
    /// Old ids kept working: `{#new-id aliases="old-id,other-old"}`.
    pub aliases: Vec<String>,
    pub inline: Vec<Ev<'a>>,
    pub offset: usize,
}

/// The `aliases="a,b"` (or `alias=`) attribute of a heading; quotes are optional.
fn heading_aliases(
    attrs: &[(
        pulldown_cmark::CowStr<'_>,
        Option<pulldown_cmark::CowStr<'_>>,
    )],
) -> Vec<String> {
    attrs
        .iter()
        .filter(|(key, _)| matches!(key.as_ref(), "aliases" | "alias"))
        .filter_map(|(_, value)| value.as_deref())
        .flat_map(|v| v.trim_matches(['"', '\'']).split(','))
        .map(|a| a.trim().trim_start_matches('#').to_string())
        .filter(|a| !a.is_empty())
        .collect()
}

impl HeadingInfo<'_> {
    pub(super) fn text(&self) -> String {
        plain_text(&self.inline)
    }
}

pub(super) fn heading_level(level: HeadingLevel) -> u8 {
    level as u8
}

/// The Markdown extensions quire enables everywhere.
pub(super) fn markdown_options() -> Options {
    Options::ENABLE_TABLES
        | Options::ENABLE_FOOTNOTES
        | Options::ENABLE_STRIKETHROUGH
        | Options::ENABLE_TASKLISTS
        | Options::ENABLE_HEADING_ATTRIBUTES
        | Options::ENABLE_GFM
        | Options::ENABLE_MATH
}

/// Parses `body` and groups its events into top-level items.
pub(super) fn split_items(body: &str) -> Vec<Item<'_>> {
    let mut items = Vec::new();
    let mut current: Vec<Ev<'_>> = Vec::new();
    let mut depth = 0usize;
    for (event, range) in Parser::new_ext(body, markdown_options()).into_offset_iter() {
        match &event {
            Event::Start(_) => depth += 1,
            Event::End(_) => depth = depth.saturating_sub(1),
            _ => {}
        }
        current.push((event, range));
        if depth == 0 {
            items.push(Item {
                events: std::mem::take(&mut current),
            });
        }
    }
    if !current.is_empty() {
        items.push(Item { events: current });
    }
    items
}

/// Plain text of inline events: text and code spans, breaks as spaces.
pub(super) fn plain_text(events: &[Ev<'_>]) -> String {
    let mut out = String::new();
    let mut in_code = false;
    for (event, _) in events {
        match event {
            // Prose as the page shows it: GitHub emoji shortcodes become the emoji (code,
            // inline or fenced, stays as written), so search and exports match the page.
            Event::Text(t) if !in_code => match super::emoji::replace_shortcodes(t) {
                Some(text) => out.push_str(&text),
                None => out.push_str(t),
            },
            Event::Text(t) | Event::Code(t) | Event::InlineMath(t) | Event::DisplayMath(t) => {
                out.push_str(t)
            }
            Event::SoftBreak | Event::HardBreak => out.push(' '),
            Event::End(TagEnd::Paragraph | TagEnd::Item | TagEnd::Heading(_)) => out.push(' '),
            Event::Start(Tag::CodeBlock(_)) => {
                in_code = true;
                out.push('\n');
            }
            Event::End(TagEnd::CodeBlock) => {
                in_code = false;
                out.push('\n');
            }
            _ => {}
        }
    }
    collapse_spaces(&out)
}

/// Trims and collapses runs of whitespace to one space.
pub(super) fn collapse_spaces(s: &str) -> String {
    s.split_whitespace().collect::<Vec<_>>().join(" ")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn plain_text_shows_emoji_as_the_page_does_and_leaves_code_as_written() {
        let items = split_items("Ship it :rocket: `:rocket:` at 12:30:00\n\n```\n:rocket:\n```\n");
        let events: Vec<_> = items
            .iter()
            .flat_map(|i| i.events.iter().cloned())
            .collect();
        assert_eq!(
            plain_text(&events),
            "Ship it \u{1f680} :rocket: at 12:30:00 :rocket:"
        );
    }

    #[test]
    fn items_are_top_level_blocks() {
        let items = split_items("# T\n\npara\n\n- a\n- b\n\n```py\n# not a heading\n```\n\n---\n");
        assert_eq!(items.len(), 5);
        assert_eq!(items[0].heading().unwrap().level, 1);
        assert!(items[1].is_paragraph());
        assert_eq!(items[3].fence_info(), Some("py"));
        assert!(items[4].is_rule());
    }

    #[test]
    fn explicit_ids() {
        let items = split_items("## Hello {#hi}\n");
        let h = items[0].heading().unwrap();
        assert_eq!(h.explicit_id.as_deref(), Some("hi"));
        assert_eq!(h.text(), "Hello");
    }

    #[test]
    fn heading_aliases() {
        let items = split_items("## New {#new aliases=\"old,#older\"}\n\n## Bare {aliases=x}\n");
        let h = items[0].heading().unwrap();
        assert_eq!(h.explicit_id.as_deref(), Some("new"));
        assert_eq!(h.aliases, ["old", "older"]);
        assert_eq!(h.text(), "New");
        let bare = items[1].heading().unwrap();
        assert_eq!(
            (bare.explicit_id, bare.aliases),
            (None, vec!["x".to_string()])
        );
    }
}
