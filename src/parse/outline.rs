//! Pass one: which items of which file make which page. A single book file is split at
//! its `##` chapters; otherwise each file is a page. A "Table of Contents" that only
//! links to the file's own headings is dropped: the generated navigation replaces it.

use pulldown_cmark::{Event, Tag, TagEnd};

use std::sync::Arc;

use super::dialect::document_items;
use super::heading_ids::{HeadingIds, heading_ids};
use super::items::{HeadingInfo, Item};
use crate::source::Document;

/// The items that make one page, before ids and blocks are worked out.
#[derive(Debug)]
pub struct RawPage<'a> {
    /// Index of the source document.
    pub doc: usize,
    /// The page's own heading, when it has one.
    pub heading: Option<HeadingInfo<'a>>,
    /// Title from front matter (wins over the heading).
    pub front_title: Option<String>,
    /// Items after the page heading.
    pub items: Vec<Item<'a>>,
    /// Byte offset of the page heading in the body.
    pub offset: usize,
    /// Cut from a larger file at a `##` heading.
    pub chapter: bool,
    /// The ids of every heading of the whole file (shared by its pages).
    pub heading_ids: Arc<HeadingIds>,
}

/// What one file contributes.
#[derive(Debug, Default)]
pub struct FileOutline<'a> {
    /// The file's `#` title, when split into chapters.
    pub book_title: Option<String>,
    /// Items before the first chapter (home page introduction).
    pub intro: Vec<Item<'a>>,
    pub pages: Vec<RawPage<'a>>,
}

/// Splits a document into chapters at its `##` headings.
pub fn outline_chapters<'a>(doc_index: usize, doc: &Document<'a>) -> FileOutline<'a> {
    let mut outline = FileOutline::default();
    let items = document_items(doc);
    let ids = Arc::new(heading_ids(&items));
    let mut items = items.into_iter().peekable();
    // Everything up to the first `##` heading is the title and the introduction.
    while let Some(item) = items.next_if(|i| i.heading().is_none_or(|h| h.level != 2)) {
        match item.heading() {
            Some(h) if h.level == 1 && outline.book_title.is_none() => {
                outline.book_title = Some(h.text());
            }
            _ => outline.intro.push(item),
        }
    }
    let mut current: Option<RawPage<'a>> = None;
    for item in items {
        if let Some(h) = item.heading().filter(|h| h.level <= 2) {
            outline.pages.extend(current.take());
            current = Some(RawPage {
                doc: doc_index,
                offset: h.offset,
                chapter: true,
                heading_ids: ids.clone(),
                heading: Some(h),
                front_title: None,
                items: Vec::new(),
            });
        } else if let Some(page) = current.as_mut() {
            page.items.push(item);
        }
    }
    outline.pages.extend(current);
    outline.pages.retain(|p| !is_toc(p));
    trim_rules(&mut outline.intro);
    for page in &mut outline.pages {
        trim_rules(&mut page.items);
    }
    outline
}

/// The whole document as one page; its first heading (if it opens the file) is the title.
pub fn outline_single<'a>(doc_index: usize, doc: &Document<'a>) -> RawPage<'a> {
    let mut items = document_items(doc);
    let heading_ids = Arc::new(heading_ids(&items));
    let heading = match items.first().and_then(Item::heading) {
        Some(h) if doc.front.title.is_none() || h.level == 1 => {
            items.remove(0);
            Some(h)
        }
        _ => None,
    };
    trim_rules(&mut items);
    RawPage {
        doc: doc_index,
        offset: heading.as_ref().map_or(0, |h| h.offset),
        chapter: false,
        heading_ids,
        heading,
        front_title: doc.front.title.clone(),
        items,
    }
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
    let Some(h) = &page.heading else { return false };
    let title = h.text().to_lowercase();
    if !matches!(title.trim(), "table of contents" | "contents" | "toc") {
        return false;
    }
    let mut any_link = false;
    for item in page.items.iter().filter(|i| !i.is_rule()) {
        if !matches!(item.first(), Some(Event::Start(Tag::List(_)))) {
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
                Event::Start(Tag::List(_) | Tag::Item | Tag::Paragraph)
                | Event::End(TagEnd::List(_) | TagEnd::Item | TagEnd::Paragraph | TagEnd::Link)
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
    !dest.contains(':') && dest.split('#').next().is_some_and(|p| p.ends_with(".md"))
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
        let o = outline_chapters(0, &doc);
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
