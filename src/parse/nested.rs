//! Guides written as numbered lists of headings (`1. ### What is X?` with the answer and its
//! code indented under it). Such a list is opened up: each item's heading and blocks become
//! top-level items, so the heading gets an id and can be a question, and the code under it is
//! an example like any other (highlighted, counted, linkable).

use pulldown_cmark::{Event, HeadingLevel, Tag, TagEnd};

use super::items::{Ev, Item};

/// Headings that were items of a numbered list (by their offset), with their number: the
/// list's numbers say the headings are a numbered series, as `## 3. …` headings do.
pub(super) type ListNumbers = std::collections::HashMap<usize, u64>;

/// `items` with every list whose items all open with a heading replaced by what it holds,
/// and the numbers such headings had in a numbered list.
pub(super) fn open_heading_lists(items: Vec<Item<'_>>) -> (Vec<Item<'_>>, ListNumbers) {
    let mut out = Vec::with_capacity(items.len());
    let mut numbers = ListNumbers::new();
    for item in items {
        match list_of_headings(&item) {
            Some(blocks) => {
                if let Some(Event::Start(Tag::List(Some(start)))) = item.first() {
                    let headings = blocks.iter().filter_map(Item::heading);
                    // Each item opens with its own heading; headings inside an item were
                    // put below it (see `nest_inner_headings`): the series is the top level.
                    let top = headings.clone().map(|h| h.level).min();
                    let own = headings.filter(|h| Some(h.level) == top);
                    numbers.extend(own.zip(*start..).map(|(h, n)| (h.offset, n)));
                }
                out.extend(blocks);
            }
            None => out.push(item),
        }
    }
    (out, numbers)
}

/// The blocks of every item of `list`, when `list` is a list whose items all open with a heading.
fn list_of_headings<'a>(list: &Item<'a>) -> Option<Vec<Item<'a>>> {
    if !matches!(list.first(), Some(Event::Start(Tag::List(_)))) {
        return None;
    }
    let mut blocks = Vec::new();
    for children in list_items(list.inner()) {
        if !matches!(
            children.first(),
            Some((Event::Start(Tag::Heading { .. }), _))
        ) {
            return None;
        }
        let mut item = child_blocks(children);
        nest_inner_headings(&mut item);
        blocks.extend(item);
    }
    (!blocks.is_empty()).then_some(blocks)
}

/// A heading inside an item sits under the item's own heading (GitHub shows it inside the
/// list item): one that would outrank it (`## Key points` under `2. ### What is a
/// closure`) is put one level below it, so that it neither ends the question nor starts a
/// chapter of its own.
fn nest_inner_headings(blocks: &mut [Item<'_>]) {
    let Some((first, rest)) = blocks.split_first_mut() else {
        return;
    };
    let Some(own) = first.heading().map(|h| h.level) else {
        return;
    };
    let below = HeadingLevel::try_from(usize::from(own) + 1).unwrap_or(HeadingLevel::H6);
    for block in rest {
        let outranks = block.heading().is_some_and(|h| h.level <= own);
        if !outranks {
            continue;
        }
        for (event, _) in &mut block.events {
            match event {
                Event::Start(Tag::Heading { level, .. }) | Event::End(TagEnd::Heading(level)) => {
                    *level = below;
                }
                _ => {}
            }
        }
    }
}

/// The children of each item of a list (the events inside `Start(Item)` … `End(Item)`).
fn list_items<'e, 'a>(inner: &'e [Ev<'a>]) -> Vec<&'e [Ev<'a>]> {
    let mut out = Vec::new();
    let (mut depth, mut start) = (0usize, 0usize);
    for (i, (event, _)) in inner.iter().enumerate() {
        match event {
            Event::Start(_) => {
                if depth == 0 {
                    start = i + 1;
                }
                depth += 1;
            }
            Event::End(_) => {
                depth = depth.saturating_sub(1);
                if depth == 0 {
                    out.push(&inner[start..i]);
                }
            }
            _ => {}
        }
    }
    out
}

/// The children of one list item as balanced blocks. A tight item holds its text without a
/// paragraph around it; such runs of inline events are wrapped in one.
fn child_blocks<'a>(children: &[Ev<'a>]) -> Vec<Item<'a>> {
    let mut blocks: Vec<Item<'a>> = Vec::new();
    let mut block: Vec<Ev<'a>> = Vec::new();
    let mut inline: Vec<Ev<'a>> = Vec::new();
    let mut depth = 0usize;
    for (event, range) in children {
        if depth == 0 && !starts_block(event) {
            inline.push((event.clone(), range.clone()));
            continue;
        }
        flush_inline(&mut inline, &mut blocks);
        match event {
            Event::Start(_) => depth += 1,
            Event::End(_) => depth = depth.saturating_sub(1),
            _ => {}
        }
        block.push((event.clone(), range.clone()));
        if depth == 0 {
            blocks.push(Item {
                events: std::mem::take(&mut block),
            });
        }
    }
    flush_inline(&mut inline, &mut blocks);
    blocks
}

fn flush_inline<'a>(inline: &mut Vec<Ev<'a>>, blocks: &mut Vec<Item<'a>>) {
    if inline.is_empty() {
        return;
    }
    let start = inline.first().map_or(0..0, |(_, r)| r.clone());
    let end = inline.last().map_or(0..0, |(_, r)| r.clone());
    let mut events = Vec::with_capacity(inline.len() + 2);
    events.push((Event::Start(Tag::Paragraph), start));
    events.append(inline);
    events.push((Event::End(TagEnd::Paragraph), end));
    blocks.push(Item { events });
}

/// Whether an event at the top of a list item opens a block (rather than being inline text).
fn starts_block(event: &Event<'_>) -> bool {
    match event {
        Event::Start(tag) => !matches!(
            tag,
            Tag::Emphasis
                | Tag::Strong
                | Tag::Strikethrough
                | Tag::Link { .. }
                | Tag::Image { .. }
                | Tag::Superscript
                | Tag::Subscript
        ),
        Event::Rule => true,
        _ => false,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::parse::items::split_items;

    fn shape(md: &str) -> Vec<String> {
        open_heading_lists(split_items(md))
            .0
            .iter()
            .map(|it| match (it.heading(), it.first()) {
                (Some(h), _) => format!("h{} {}", h.level, h.text()),
                (None, Some(Event::Start(Tag::CodeBlock(_)))) => "code".into(),
                (None, Some(Event::Start(Tag::Paragraph))) => "p".into(),
                (None, Some(Event::Start(Tag::List(_)))) => "list".into(),
                (None, other) => format!("{other:?}"),
            })
            .collect()
    }

    #[test]
    fn a_numbered_list_of_question_headings_opens_up() {
        let md = "1. ### What is X?\n\n   X is a thing.\n\n   ```python\n   x = 1\n   ```\n\n   - a\n   - b\n\n2. ### Why Y?\n   Because.\n";
        assert_eq!(
            shape(md),
            ["h3 What is X?", "p", "code", "list", "h3 Why Y?", "p"]
        );
    }

    #[test]
    fn a_heading_inside_an_item_stays_under_the_item_heading() {
        let md = "1. ### What is a closure\n\n   It keeps its scope.\n\n   ## Key points\n\n   - one\n\n   #### Detail\n\n   text\n\n2. ### What is currying\n\n   Chaining.\n";
        assert_eq!(
            shape(md),
            [
                "h3 What is a closure",
                "p",
                "h4 Key points",
                "list",
                "h4 Detail",
                "p",
                "h3 What is currying",
                "p"
            ]
        );
    }

    #[test]
    fn ordinary_lists_stay_lists() {
        assert_eq!(shape("1. one\n2. two\n"), ["list"]);
        assert_eq!(shape("1. ### Heading\n2. plain\n"), ["list"]);
    }

    #[test]
    fn a_tight_item_with_emphasis_is_one_paragraph() {
        let (items, _) = open_heading_lists(split_items("- ## Q?\n  *so* it is\n"));
        assert_eq!(items.len(), 2);
        assert!(items[1].is_paragraph());
        assert_eq!(
            crate::parse::items::plain_text(&items[1].events),
            "so it is"
        );
    }
}
