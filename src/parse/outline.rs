//! Pass one: which items of which file make which page. A single book file is split at its
//! top-level headings that are not questions (the topics); questions at that level stay on
//! the topic page before them, and a file whose top-level headings are all questions is one
//! page of questions. Otherwise each file is a page. A "Table of Contents" that only links
//! to the file's own headings is dropped: the generated navigation replaces it.

use std::collections::HashSet;
use std::sync::Arc;

use pulldown_cmark::{Event, Tag, TagEnd};

use super::dialect::{Rewritten, document_items};
use super::heading_ids::{HeadingIds, heading_ids};
use super::items::{HeadingInfo, Item};
use super::nested::open_heading_lists;
use super::questions::{HeadingLine, question_offsets};
use crate::source::Document;

/// The items that make one page, before ids and blocks are worked out.
#[derive(Debug)]
pub(super) struct RawPage<'a> {
    /// The page's own heading, when it has one.
    pub heading: Option<HeadingInfo<'a>>,
    /// Title from front matter (wins over the heading).
    pub front_title: Option<String>,
    /// Items after the page heading.
    pub items: Vec<Item<'a>>,
    /// Byte offset of the page heading in the body.
    pub offset: usize,
    /// Cut from a larger file at a top-level heading.
    pub chapter: bool,
    /// The ids of every heading of the whole file (shared by its pages).
    pub heading_ids: Arc<HeadingIds>,
    /// Source level just above the page's first sections (its own heading's level).
    pub base_level: u8,
    /// Offsets of the page's headings that are questions.
    pub questions: HashSet<usize>,
}

/// What one file contributes.
#[derive(Debug, Default)]
pub(super) struct FileOutline<'a> {
    /// The file's `#` title, when split into chapters.
    pub book_title: Option<String>,
    /// Items before the first chapter (home page introduction).
    pub intro: Vec<Item<'a>>,
    pub pages: Vec<RawPage<'a>>,
}

/// The items of a file (lists of headings opened up) and which of its headings are questions.
fn read_items<'a>(
    doc: &Document<'a>,
    rewritten: Option<&Rewritten>,
    question_headings: bool,
) -> FileItems<'a> {
    let (items, list_numbers) = open_heading_lists(document_items(doc, rewritten));
    let ids = Arc::new(heading_ids(&items));
    let headings: Vec<HeadingInfo<'a>> = items.iter().filter_map(Item::heading).collect();
    let questions = if doc.front.questions {
        // Every heading but a `#` title that opens the file.
        let skip = usize::from(headings.first().is_some_and(|h| h.level == 1));
        headings.iter().skip(skip).map(|h| h.offset).collect()
    } else if question_headings {
        // A heading that was an item of a numbered list counts as numbered, as if it began
        // with its number (`1. ### What is …` reads like `### 1. What is …`).
        let titles: Vec<String> = headings
            .iter()
            .map(|h| match list_numbers.get(&h.offset) {
                Some(n) => format!("{n}. {}", h.text()),
                None => h.text(),
            })
            .collect();
        let lines: Vec<HeadingLine<'_>> = headings
            .iter()
            .zip(&titles)
            .map(|(h, title)| HeadingLine {
                level: h.level,
                title,
                offset: h.offset,
            })
            .collect();
        question_offsets(&lines)
    } else {
        HashSet::new()
    };
    FileItems {
        items,
        ids,
        questions,
    }
}

/// A file's items with what is known of its headings.
struct FileItems<'a> {
    items: Vec<Item<'a>>,
    /// The id of every heading of the file (shared by its pages).
    ids: Arc<HeadingIds>,
    /// Offsets of the headings that are questions.
    questions: HashSet<usize>,
}

/// Splits a document into chapters at its top-level headings that are not questions.
pub(super) fn outline_chapters<'a>(
    doc: &Document<'a>,
    rewritten: Option<&Rewritten>,
    question_headings: bool,
) -> FileOutline<'a> {
    let FileItems {
        items,
        ids,
        questions,
    } = read_items(doc, rewritten, question_headings);
    let is_question = |h: &HeadingInfo<'_>| questions.contains(&h.offset);
    // A first heading at level 1 that is not a question is the book's title.
    let title_at = items
        .iter()
        .position(|i| i.heading().is_some())
        .filter(|&p| {
            items[p]
                .heading()
                .is_some_and(|h| h.level == 1 && !is_question(&h))
        });
    let top = items
        .iter()
        .enumerate()
        .filter(|(i, _)| Some(*i) != title_at)
        .filter_map(|(_, it)| it.heading())
        .map(|h| h.level)
        .min();
    let lead = lead_level(&items, title_at, top, &is_question);
    let mut outline = FileOutline::default();
    let mut current: Option<RawPage<'a>> = None;
    for (i, item) in items.into_iter().enumerate() {
        let in_lead = lead.is_some_and(|(end, _)| i < end);
        let level = match lead {
            Some((_, level)) if in_lead => Some(level),
            _ => top,
        };
        let heading = item.heading().filter(|h| Some(h.level) == level);
        match heading {
            _ if Some(i) == title_at => outline.book_title = item.heading().map(|h| h.text()),
            // A table of contents before a lead's questions belongs to the introduction
            // (where it is dropped): the questions after it are not its chapter.
            Some(h) if in_lead && current.is_none() && is_toc_title(&h) => {
                outline.intro.push(item);
            }
            Some(h) if !is_question(&h) => {
                outline.pages.extend(current.take());
                current = Some(RawPage {
                    offset: h.offset,
                    chapter: true,
                    base_level: h.level,
                    heading_ids: ids.clone(),
                    heading: Some(h),
                    front_title: None,
                    items: Vec::new(),
                    questions: HashSet::new(),
                });
            }
            Some(h) if current.is_none() => {
                // Questions before any topic: a page of questions named after the book.
                let title = outline
                    .book_title
                    .clone()
                    .or_else(|| doc.front.title.clone());
                current = Some(RawPage {
                    offset: h.offset,
                    chapter: true,
                    base_level: h.level.saturating_sub(1),
                    heading_ids: ids.clone(),
                    heading: None,
                    front_title: Some(title.unwrap_or_else(|| "Questions".into())),
                    items: vec![item],
                    questions: HashSet::new(),
                });
            }
            _ => match current.as_mut() {
                Some(page) => page.items.push(item),
                None => outline.intro.push(item),
            },
        }
    }
    outline.pages.extend(current);
    outline.pages.retain(|p| !is_toc(p));
    drop_toc_section(&mut outline.intro);
    trim_rules(&mut outline.intro);
    for page in &mut outline.pages {
        trim_rules(&mut page.items);
        page.questions = questions_on(&page.items, &questions);
    }
    outline
}

/// Where a file's lead ends and the level it is split at, when the part before its first
/// top-level heading holds questions: many READMEs number their questions at `###` and end
/// with a `## Disclaimer`; their questions are then a page of their own, not the home page.
fn lead_level(
    items: &[Item<'_>],
    title_at: Option<usize>,
    top: Option<u8>,
    is_question: &impl Fn(&HeadingInfo<'_>) -> bool,
) -> Option<(usize, u8)> {
    let headings = || {
        items
            .iter()
            .enumerate()
            .filter(|(i, _)| Some(*i) != title_at)
            .filter_map(|(i, it)| it.heading().map(|h| (i, h)))
    };
    let end = headings()
        .find(|(_, h)| Some(h.level) == top)
        .map(|(i, _)| i)?;
    let lead = || headings().take_while(|(i, _)| *i < end).map(|(_, h)| h);
    if !lead().any(|h| is_question(&h)) {
        return None;
    }
    lead().map(|h| h.level).min().map(|level| (end, level))
}

/// The whole document as one page; its first heading (if it opens the file) is the title.
pub(super) fn outline_single<'a>(
    doc: &Document<'a>,
    rewritten: Option<&Rewritten>,
    question_headings: bool,
) -> RawPage<'a> {
    let FileItems {
        mut items,
        ids,
        questions,
    } = read_items(doc, rewritten, question_headings);
    let heading = match items.first().and_then(Item::heading) {
        Some(h) if doc.front.title.is_none() || h.level == 1 => {
            items.remove(0);
            Some(h)
        }
        _ => None,
    };
    trim_rules(&mut items);
    RawPage {
        offset: heading.as_ref().map_or(0, |h| h.offset),
        chapter: false,
        heading_ids: ids,
        base_level: heading.as_ref().map_or(1, |h| h.level),
        questions: questions_on(&items, &questions),
        heading,
        front_title: doc.front.title.clone(),
        items,
    }
}

/// The offsets in `questions` of headings among `items` (each page keeps only its own).
fn questions_on(items: &[Item<'_>], questions: &HashSet<usize>) -> HashSet<usize> {
    items
        .iter()
        .filter_map(Item::heading)
        .map(|h| h.offset)
        .filter(|o| questions.contains(o))
        .collect()
}

/// Thematic breaks at the end of a page separate chapters in the source; they are dropped.
fn trim_rules(items: &mut Vec<Item<'_>>) {
    while items.last().is_some_and(Item::is_rule) {
        items.pop();
    }
    while items.first().is_some_and(Item::is_rule) {
        items.remove(0);
    }
}

/// A chapter titled like a table of contents whose body is only lists of `#` links.
fn is_toc(page: &RawPage<'_>) -> bool {
    page.heading
        .as_ref()
        .is_some_and(|h| is_toc_title(h) && only_link_lists(&page.items))
}

fn is_toc_title(h: &HeadingInfo<'_>) -> bool {
    let title = h.text().to_lowercase();
    matches!(
        title.trim(),
        "table of contents" | "contents" | "toc" | "目录"
    )
}

/// Drops a hand-written table of contents (a heading titled like one, then only lists of
/// links, up to the next heading of its level or above) from a page's items: the
/// generated navigation replaces it.
pub(super) fn drop_toc_section(items: &mut Vec<Item<'_>>) {
    let Some((at, level)) = items
        .iter()
        .enumerate()
        .find_map(|(i, it)| it.heading().filter(is_toc_title).map(|h| (i, h.level)))
    else {
        return;
    };
    let end = items[at + 1..]
        .iter()
        .position(|it| it.heading().is_some_and(|h| h.level <= level))
        .map_or(items.len(), |n| at + 1 + n);
    if only_link_lists(&items[at + 1..end]) {
        items.drain(at..end);
    }
}

/// Whether `items` are only lists (or tables) of links within the site, around rules.
fn only_link_lists(items: &[Item<'_>]) -> bool {
    let mut any_link = false;
    // Rules and spacers (`<br/>`) around the list do not make it anything else.
    let spacer = |i: &Item<'_>| {
        i.is_rule()
            || i.html_text()
                .is_some_and(|h| super::draft::strip_tags(&h).is_empty())
    };
    for item in items.iter().filter(|i| !spacer(i)) {
        if !matches!(
            item.first(),
            Some(Event::Start(Tag::List(_) | Tag::Table(_)))
        ) {
            return false;
        }
        for (event, _) in &item.events {
            match event {
                Event::Start(Tag::Link { dest_url, .. }) => {
                    if !(dest_url.starts_with('#') || is_local_markdown(dest_url)) {
                        return false;
                    }
                    any_link = true;
                }
                Event::Start(
                    Tag::List(_)
                    | Tag::Item
                    | Tag::Paragraph
                    | Tag::Table(_)
                    | Tag::TableHead
                    | Tag::TableRow
                    | Tag::TableCell
                    | Tag::Strong
                    | Tag::Emphasis,
                )
                | Event::End(
                    TagEnd::List(_)
                    | TagEnd::Item
                    | TagEnd::Paragraph
                    | TagEnd::Link
                    | TagEnd::Table
                    | TagEnd::TableHead
                    | TagEnd::TableRow
                    | TagEnd::TableCell
                    | TagEnd::Strong
                    | TagEnd::Emphasis,
                )
                | Event::Text(_)
                | Event::Code(_)
                | Event::SoftBreak => {}
                _ => return false,
            }
        }
    }
    any_link
}

fn is_local_markdown(dest: &str) -> bool {
    !dest.contains(':')
        && dest
            .split('#')
            .next()
            .is_some_and(|p| crate::source::markdown_stem(p).is_some())
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::source::{SourceFile, read_document};

    fn outline(text: &str) -> (Option<String>, usize, Vec<String>) {
        let src = SourceFile {
            path: "content/g.md".into(),
            rel: "g.md".into(),
            text: text.into(),
        };
        let doc = read_document(&src).unwrap();
        let o = outline_chapters(&doc, None, true);
        let titles = o
            .pages
            .iter()
            .map(|p| p.heading.as_ref().unwrap().text())
            .collect();
        (o.book_title, o.intro.len(), titles)
    }

    #[test]
    fn splits_at_chapters_and_drops_the_toc() {
        let text = "# Book\n\nIntro.\n\n## Table of Contents\n1. [A](#a)\n2. [B](#b)\n\n---\n\n## A\n\n### A1\n\ntext\n\n---\n\n## B\n";
        let (title, intro, pages) = outline(text);
        assert_eq!(title.as_deref(), Some("Book"));
        assert_eq!(intro, 1);
        assert_eq!(pages, ["A", "B"]);
    }

    #[test]
    fn a_contents_chapter_with_prose_is_kept() {
        let text = "# Book\n\n## Contents\n\nThis chapter explains [A](#a) at length.\n\n## A\n";
        let (_, _, pages) = outline(text);
        assert_eq!(pages, ["Contents", "A"]);
    }
}
