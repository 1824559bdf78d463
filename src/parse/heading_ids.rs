//! The heading ids of one source file, as GitHub gives them: numbered in source order over
//! the whole file, whatever pages it is split into, so that `#x` links written against the
//! file on GitHub land on the same heading. Explicit `{#id}`s are reserved first: they win.

use std::collections::HashMap;

use pulldown_cmark::{Event, Tag, TagEnd};

use super::items::{Ev, Item};
use crate::slug::{IdAllocator, heading_slug};

/// Heading byte offset (in the document body) → its id.
pub(super) type HeadingIds = HashMap<usize, String>;

/// The id of every heading among `items` (nested ones too: GitHub gives them ids).
pub(super) fn heading_ids(items: &[Item<'_>]) -> HeadingIds {
    let headings: Vec<(usize, Option<&str>, &[Ev<'_>])> = items
        .iter()
        .flat_map(|item| headings_in(&item.events))
        .collect();
    let mut ids = IdAllocator::default();
    for (_, explicit, _) in &headings {
        if let Some(id) = explicit {
            ids.claim(id);
        }
    }
    headings
        .into_iter()
        .map(|(offset, explicit, inline)| {
            let id = match explicit {
                Some(id) => id.to_string(),
                None => ids.heading(&heading_slug(&heading_text(inline)), "section"),
            };
            (offset, id)
        })
        .collect()
}

/// Every heading in `events`: offset, explicit id, inline events.
fn headings_in<'e, 'a>(
    events: &'e [Ev<'a>],
) -> impl Iterator<Item = (usize, Option<&'e str>, &'e [Ev<'a>])> {
    events
        .iter()
        .enumerate()
        .filter_map(move |(start, (event, range))| {
            let Event::Start(Tag::Heading { id, .. }) = event else {
                return None;
            };
            let len = events[start..]
                .iter()
                .position(|(e, _)| matches!(e, Event::End(TagEnd::Heading(_))))?;
            Some((range.start, id.as_deref(), &events[start + 1..start + len]))
        })
}

/// The heading's text as a browser shows it (what GitHub slugs): text and code, nothing
/// trimmed or collapsed inside; image descriptions are not text.
pub(super) fn heading_text(inline: &[Ev<'_>]) -> String {
    let mut out = String::new();
    let mut in_image = 0usize;
    for (event, _) in inline {
        match event {
            Event::Start(Tag::Image { .. }) => in_image += 1,
            Event::End(TagEnd::Image) => in_image = in_image.saturating_sub(1),
            Event::Text(t) | Event::Code(t) if in_image == 0 => out.push_str(t),
            Event::SoftBreak | Event::HardBreak => out.push('\n'),
            _ => {}
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::super::items::split_items;
    use super::*;

    fn ids(markdown: &str) -> Vec<String> {
        let items = split_items(markdown);
        let map = heading_ids(&items);
        let mut v: Vec<(usize, String)> = map.into_iter().collect();
        v.sort();
        v.into_iter().map(|(_, id)| id).collect()
    }

    #[test]
    fn numbered_over_the_whole_file() {
        let md = "# Guide\n\n## Basics\n\n### Intro\n\n## More\n\n### Intro\n\n## Basics\n";
        assert_eq!(
            ids(md),
            ["guide", "basics", "intro", "more", "intro-1", "basics-1"]
        );
    }

    #[test]
    fn github_forms() {
        let md = "## # 1. Introduction\n\n## Closures & scope\n\n## The `yield` keyword ![x](y.png)\n\n## <kbd>Ctrl</kbd> keys\n";
        assert_eq!(
            ids(md),
            [
                "-1-introduction",
                "closures--scope",
                "the-yield-keyword-",
                "ctrl-keys"
            ]
        );
    }

    #[test]
    fn explicit_ids_win_and_nested_headings_count() {
        let md = "## Setup\n\n- ### Setup\n\n## Other {#setup-1}\n\n## Setup\n";
        assert_eq!(ids(md), ["setup", "setup-2", "setup-1", "setup-3"]);
    }
}
