//! Pass two: the items of a page become sections and draft blocks (prose still as events,
//! so links can be resolved once every page's ids are known), and every heading, question
//! and code example gets its id.

use pulldown_cmark::{Event, Tag, TagEnd};

use std::collections::HashSet;

use super::code::{caption_of, parse_fence_info};
use super::heading_ids::{HeadingIds, heading_text};
use super::items::{Ev, HeadingInfo, Item, plain_text};
use super::outline::RawPage;
use super::qa::{
    answer_paragraph, bold_answer, bold_prompt, paragraph_inline, qa_in_inline, qa_in_list_item,
    split_details,
};
use crate::diag::{Diagnostic, Location};
use crate::highlight;
use crate::model::{Alias, CodeBlock};
use crate::slug::{IdAllocator, heading_slug, slugify, slugify_short};
use crate::source::Document;

/// The paragraphs that ask in bold (`**1. What is a closure?**`, [`bold_prompt`]) with an
/// answer under them, where at least two do so between the same two headings (interview
/// READMEs list their questions this way); each is a question whose answer runs to the
/// next one ([`answer_end`]). A lone bold question stays prose: a bold line among prose.
fn bold_questions(items: &[Item<'_>]) -> HashSet<usize> {
    let asks = |item: &Item<'_>| {
        item.is_paragraph()
            && paragraph_inline(&item.events)
                .and_then(bold_prompt)
                .is_some()
    };
    let candidates: HashSet<usize> = (0..items.len()).filter(|&i| asks(&items[i])).collect();
    let answered = |i: usize| {
        let inline_answer = paragraph_inline(&items[i].events)
            .and_then(bold_prompt)
            .is_some_and(|(_, answer)| !answer.is_empty());
        inline_answer || answer_end(items, i, &candidates) > i + 1
    };
    let mut out = HashSet::new();
    let mut run: Vec<usize> = Vec::new();
    for i in 0..=items.len() {
        let boundary = items.get(i).is_none_or(Item::is_heading);
        if boundary {
            if run.len() >= 2 {
                out.extend(run.drain(..));
            }
            run.clear();
        } else if candidates.contains(&i) && answered(i) {
            run.push(i);
        }
    }
    out
}

/// Where the answer of the bold question at `i` ends: at the next question of `asks`, the
/// next heading, rule or `:::` callout line, or the end of the page.
fn answer_end(items: &[Item<'_>], i: usize, asks: &HashSet<usize>) -> usize {
    (i + 1..items.len())
        .find(|&j| {
            let item = &items[j];
            asks.contains(&j)
                || item.is_heading()
                || item.is_rule()
                || paragraph_inline(&item.events).is_some_and(|inline| {
                    matches!(inline.first(), Some((Event::Text(t), _)) if t.trim_start().starts_with(":::"))
                })
        })
        .unwrap_or(items.len())
}

/// Prompt or answer content: Markdown events, or raw HTML from a `<details>` block.
#[derive(Debug, Clone)]
pub(super) enum Part<'a> {
    Events(Vec<Ev<'a>>),
    Html(String),
}

/// Tags with no text around an answer (`<br><b>` after `</summary>`, `</b>` before
/// `</details>`, as many READMEs wrap answers): GitHub shows them as bold, quire drops them
/// so the answer's paragraphs and lists stay valid HTML.
fn is_decoration(html: &str) -> bool {
    let mut rest = html.trim();
    while let Some(tag) = rest.strip_prefix('<') {
        let Some(end) = tag.find('>') else {
            return false;
        };
        let name = tag[..end]
            .trim_start_matches('/')
            .trim_end_matches('/')
            .trim();
        if !matches!(
            name.to_ascii_lowercase().as_str(),
            "br" | "b" | "strong" | "p" | "i" | "em"
        ) {
            return false;
        }
        rest = tag[end + 1..].trim_start();
    }
    rest.is_empty()
}

/// The item that closes a `<details>` opened earlier: an HTML block holding `</details>`, or
/// any other block with it as inline HTML (`text` then `</b></details>` on the next line of
/// a paragraph or a list item). Returns the events that still belong to the answer and the
/// HTML before `</details>`.
fn details_close<'a>(item: &Item<'a>) -> Option<(Vec<Ev<'a>>, String)> {
    let close_at = |html: &str| html.to_ascii_lowercase().find("</details>");
    if let Some(html) = item.html_text() {
        return close_at(&html).map(|at| (Vec::new(), html[..at].to_string()));
    }
    let k = item.events.iter().position(|(e, _)| match e {
        Event::InlineHtml(t) => close_at(t).is_some(),
        _ => false,
    })?;
    let mut kept = item.events.clone();
    let (_, range) = kept.remove(k);
    let mut start = k;
    // Decoration just before it (`</b>` and line breaks) goes with it.
    while start > 0 {
        match &kept[start - 1].0 {
            Event::InlineHtml(t) if is_decoration(t) => {}
            Event::SoftBreak | Event::HardBreak => {}
            Event::Text(t) if t.trim().is_empty() => {}
            _ => break,
        }
        start -= 1;
    }
    kept.drain(start..k);
    if let Event::InlineHtml(t) = &item.events[k].0 {
        let before = &t[..close_at(t).unwrap_or(0)];
        if !is_decoration(before) {
            kept.insert(start, (Event::InlineHtml(before.to_string().into()), range));
        }
    }
    // A paragraph left empty is dropped.
    let empty = kept.len() == 2 && item.is_paragraph();
    Some((if empty { Vec::new() } else { kept }, String::new()))
}

/// A block whose prose is still Markdown events.
#[derive(Debug, Clone)]
pub(super) enum Draft<'a> {
    Prose(Vec<Ev<'a>>),
    Code(CodeBlock),
    Question(DraftQuestion<'a>),
}

#[derive(Debug, Clone)]
pub(super) struct DraftQuestion<'a> {
    pub id: String,
    pub prompt: Part<'a>,
    pub answer: Part<'a>,
    pub location: Location,
}

#[derive(Debug)]
pub(super) struct DraftSection<'a> {
    pub id: String,
    pub level: u8,
    pub heading: Vec<Ev<'a>>,
    pub title: String,
    pub is_question: bool,
    pub blocks: Vec<Draft<'a>>,
    pub location: Location,
}

#[derive(Debug)]
pub(super) struct DraftPage<'a> {
    /// Cut from a larger file at its `##` heading (its url is its id).
    pub chapter: bool,
    pub id: String,
    pub title: String,
    pub heading: Vec<Ev<'a>>,
    pub lead: Vec<Draft<'a>>,
    pub sections: Vec<DraftSection<'a>>,
    /// Old ids kept working (heading `aliases=` attributes and front matter `aliases`).
    pub aliases: Vec<Alias>,
    /// Ids of headings inside answers (link targets, not sections).
    pub inner_ids: Vec<String>,
    pub location: Location,
}

impl DraftPage<'_> {
    /// Every id on the page: the page's own, sections, questions, examples.
    pub(super) fn ids(&self) -> Vec<&str> {
        let mut ids = vec![self.id.as_str()];
        ids.extend(self.lead.iter().filter_map(block_id));
        for s in &self.sections {
            ids.push(&s.id);
            ids.extend(s.blocks.iter().filter_map(block_id));
        }
        ids.extend(self.inner_ids.iter().map(String::as_str));
        ids
    }
}

fn block_id<'b>(block: &'b Draft<'_>) -> Option<&'b str> {
    match block {
        Draft::Prose(_) => None,
        Draft::Code(c) => Some(&c.id),
        Draft::Question(q) => Some(&q.id),
    }
}

/// The source level just above the page's sections: its own heading's, or, when the
/// sections skip levels below it (`# Title` then `### Topic`, common in READMEs), one above
/// the highest of them, so the output has no gap in its heading levels.
fn section_base(raw: &RawPage<'_>) -> u8 {
    let highest = raw
        .items
        .iter()
        .filter_map(Item::heading)
        .map(|h| h.level)
        .min();
    match highest {
        Some(level) if level > raw.base_level + 1 => level - 1,
        _ => raw.base_level,
    }
}

/// Builds the draft of one page.
pub(super) struct PageDrafter<'d, 'a> {
    doc: &'d Document<'a>,
    /// Offsets of the page's headings that are questions.
    questions: &'d HashSet<usize>,
    ids: IdAllocator,
    /// The ids of the file's headings (numbered over the whole file, as GitHub does).
    heading_ids: &'d HeadingIds,
    diags: &'d mut Vec<Diagnostic>,
    /// Level of the page's own heading in the source (sections are shifted below it).
    base_level: u8,
    /// `:::` callouts opened and not yet closed.
    open_callouts: usize,
    /// Aliases of the page's headings, in source order.
    aliases: Vec<Alias>,
    /// Source level of the question heading whose answer is being read: headings below it
    /// belong to the answer.
    answer_level: Option<u8>,
    /// Ids of the headings inside answers.
    inner_ids: Vec<String>,
}

impl<'d, 'a> PageDrafter<'d, 'a> {
    pub(super) fn new(
        doc: &'d Document<'a>,
        raw: &'d RawPage<'a>,
        diags: &'d mut Vec<Diagnostic>,
    ) -> Self {
        let (heading, items) = (raw.heading.as_ref(), &raw.items);
        let mut ids = IdAllocator::default();
        let headings = heading
            .cloned()
            .into_iter()
            .chain(items.iter().filter_map(Item::heading));
        for h in headings {
            if let Some(id) = &h.explicit_id
                && !ids.claim(id)
            {
                diags.push(Diagnostic::error(
                    doc.location(h.offset),
                    format!(
                        "duplicate id `{id}` on this page; give one of the headings another {{#id}}"
                    ),
                ));
            }
        }
        // The page's other headings (nested ones too) keep their file-wide ids; questions
        // and examples are named around them.
        for (_, range) in items
            .iter()
            .flat_map(|i| &i.events)
            .filter(|(e, _)| matches!(e, Event::Start(Tag::Heading { .. })))
        {
            if let Some(id) = raw.heading_ids.get(&range.start) {
                ids.claim(id);
            }
        }
        Self {
            doc,
            questions: &raw.questions,
            ids,
            heading_ids: &raw.heading_ids,
            diags,
            base_level: section_base(raw),
            open_callouts: 0,
            aliases: Vec::new(),
            answer_level: None,
            inner_ids: Vec::new(),
        }
    }

    /// Allocates the page's own id: explicit, else its heading's (unless front matter gives
    /// the page another title), else the slug of the title, else `fallback`.
    pub(super) fn page_id(
        &mut self,
        heading: Option<&HeadingInfo<'a>>,
        titled: bool,
        title: &str,
        fallback: &str,
    ) -> String {
        let file_wide = heading
            .filter(|_| !titled)
            .and_then(|h| self.heading_ids.get(&h.offset));
        let id = match (heading.and_then(|h| h.explicit_id.clone()), file_wide) {
            (Some(id), _) => id,
            (None, Some(id)) if self.ids.claim(id) => id.clone(),
            _ => self.ids.heading(&heading_slug(title), fallback),
        };
        if let Some(h) = heading {
            self.record_aliases(h, &id);
        }
        id
    }

    /// The aliases found on the page's headings so far (taken once, when the page is done).
    pub(super) fn take_aliases(&mut self) -> Vec<Alias> {
        std::mem::take(&mut self.aliases)
    }

    pub(super) fn take_inner_ids(&mut self) -> Vec<String> {
        std::mem::take(&mut self.inner_ids)
    }

    fn record_aliases(&mut self, h: &HeadingInfo<'a>, id: &str) {
        let location = self.doc.location(h.offset);
        self.aliases.extend(h.aliases.iter().map(|old| Alias {
            old: old.clone(),
            target: id.to_string(),
            location: location.clone(),
        }));
    }

    /// Turns the items of a page into lead blocks and sections.
    pub(super) fn draft_items(
        &mut self,
        items: &[Item<'a>],
        page_id: &str,
    ) -> (Vec<Draft<'a>>, Vec<DraftSection<'a>>) {
        let mut lead = Vec::new();
        let mut sections: Vec<DraftSection<'a>> = Vec::new();
        let mut caption: Option<String> = None;
        let bold_asks = bold_questions(items);
        let mut i = 0;
        while i < items.len() {
            let item = &items[i];
            let scope = sections
                .last()
                .map_or(page_id.to_string(), |s| s.id.clone());
            let blocks = match sections.last_mut() {
                Some(s) => &mut s.blocks,
                None => &mut lead,
            };
            if let Some(h) = item.heading() {
                caption = None;
                i += 1;
                let is_question = self.questions.contains(&h.offset);
                if !is_question && self.answer_level.is_some_and(|l| h.level > l) {
                    push_prose(blocks, self.answer_heading(h));
                    continue;
                }
                self.answer_level = is_question.then_some(h.level);
                sections.push(self.section(h, is_question));
                continue;
            }
            if let Some((question, end)) = self.bold_question(items, i, &bold_asks) {
                blocks.push(question);
                caption = None;
                i = end;
                continue;
            }
            if let Some(events) = self.container_fence(item) {
                push_prose(blocks, events);
                i += 1;
                continue;
            }
            if item.is_code() && crate::diagrams::is_diagram(item.fence_info().unwrap_or_default())
            {
                let html = crate::diagrams::diagram_html(&fence_text(item));
                push_prose(
                    blocks,
                    vec![(Event::Html(html.into()), item.start()..item.start())],
                );
                i += 1;
                continue;
            }
            if item.is_code() {
                blocks.push(Draft::Code(self.code_block(item, caption.take(), &scope)));
                i += 1;
                continue;
            }
            if item.is_paragraph()
                && items.get(i + 1).is_some_and(untitled_code)
                && let Some(cap) = caption_of(&item.events)
            {
                // The bold line introducing the example becomes its caption (unless the
                // fence has a `title=`: that is the caption, and the line stays as text).
                caption = Some(cap);
                i += 1;
                continue;
            }
            i += self.draft_block(items, i, blocks);
        }
        if self.open_callouts > 0 {
            let location = items
                .last()
                .map_or_else(Location::default, |it| self.doc.location(it.start()));
            self.diags.push(Diagnostic::warning(
                location,
                "a `:::` callout is not closed on this page; add a line with `:::`",
            ));
            let close: Vec<Ev<'a>> = (0..self.open_callouts)
                .map(|_| (Event::Html("</div>\n".into()), 0..0))
                .collect();
            match sections.last_mut() {
                Some(s) => push_prose(&mut s.blocks, close),
                None => push_prose(&mut lead, close),
            }
            self.open_callouts = 0;
        }
        (lead, sections)
    }

    /// The question a bold question paragraph at `i` asks (see [`bold_questions`]), and the
    /// index of the item after its answer.
    fn bold_question(
        &mut self,
        items: &[Item<'a>],
        i: usize,
        asks: &HashSet<usize>,
    ) -> Option<(Draft<'a>, usize)> {
        if !asks.contains(&i) {
            return None;
        }
        let item = &items[i];
        let (prompt, inline_answer) = paragraph_inline(&item.events).and_then(bold_prompt)?;
        let end = answer_end(items, i, asks);
        let under: Vec<Ev<'a>> = items[i + 1..end]
            .iter()
            .flat_map(|it| it.events.iter().cloned())
            .collect();
        let answer = bold_answer(inline_answer, &under);
        let location = self.doc.location(item.start());
        let question = self.question(
            Part::Events(prompt.to_vec()),
            Part::Events(answer),
            location,
        );
        Some((question, end))
    }

    /// `:::note [Title]` … `:::` callouts (a paragraph that opens or closes one, or both).
    fn container_fence(&mut self, item: &Item<'a>) -> Option<Vec<Ev<'a>>> {
        let inline = paragraph_inline(&item.events)?;
        let Some((Event::Text(first), range)) = inline.first() else {
            return None;
        };
        let line = first.trim();
        let rest_start = inline
            .iter()
            .position(|(e, _)| matches!(e, Event::SoftBreak))
            .map_or(inline.len(), |p| p + 1);
        let mut body: Vec<Ev<'a>> = inline[rest_start..].to_vec();
        let mut out: Vec<Ev<'a>> = Vec::new();
        if line == ":::" {
            if self.open_callouts == 0 {
                return None;
            }
            self.open_callouts -= 1;
            out.push((Event::Html("</div>\n".into()), range.clone()));
        } else if let Some(spec) = line.strip_prefix(":::") {
            let (kind, title) = spec.trim().split_once(' ').unwrap_or((spec.trim(), ""));
            let kind = slugify(kind);
            if kind.is_empty() {
                return None;
            }
            let label = if title.trim().is_empty() {
                capitalize(&kind)
            } else {
                title.trim().to_string()
            };
            out.push((
                Event::Html(super::html::callout_html(&kind, &crate::html::escape(&label)).into()),
                range.clone(),
            ));
            self.open_callouts += 1;
        } else {
            return None;
        }
        let closes = matches!(body.last(), Some((Event::Text(t), _)) if t.trim() == ":::");
        if closes {
            body.pop();
            if matches!(body.last(), Some((Event::SoftBreak, _))) {
                body.pop();
            }
        }
        if !body.is_empty() {
            out.push((Event::Start(pulldown_cmark::Tag::Paragraph), range.clone()));
            out.extend(body);
            out.push((Event::End(TagEnd::Paragraph), range.clone()));
        }
        if closes && self.open_callouts > 0 {
            self.open_callouts -= 1;
            out.push((Event::Html("</div>\n".into()), range.clone()));
        }
        Some(out)
    }

    /// Drafts the non-heading, non-code item at `i`; returns how many items it used.
    fn draft_block(&mut self, items: &[Item<'a>], i: usize, blocks: &mut Vec<Draft<'a>>) -> usize {
        let item = &items[i];
        let location = self.doc.location(item.start());
        if let Some(inline) = paragraph_inline(&item.events)
            && let Some(found) = qa_in_inline(inline)
        {
            let (answer, used) = match found.answer {
                Some(a) => (a, 1),
                None => match items.get(i + 1).and_then(|n| answer_paragraph(&n.events)) {
                    Some(a) => (a, 2),
                    None => (Vec::new(), 1),
                },
            };
            blocks.push(self.question(Part::Events(found.prompt), Part::Events(answer), location));
            return used;
        }
        if let Some(Event::Start(Tag::List(_))) = item.first()
            && let Some(questions) = self.list_questions(item)
        {
            blocks.extend(questions);
            return 1;
        }
        if let Some(html) = item.html_text()
            && html
                .trim_start()
                .to_ascii_lowercase()
                .starts_with("<details")
        {
            return self.details(items, i, html, blocks);
        }
        push_prose(blocks, item.events.clone());
        1
    }

    /// Every item of a list being a question, the list's questions.
    fn list_questions(&mut self, list: &Item<'a>) -> Option<Vec<Draft<'a>>> {
        let mut found = Vec::new();
        let inner = list.inner();
        let (mut depth, mut start) = (0, 0);
        for (idx, (event, _)) in inner.iter().enumerate() {
            match event {
                Event::Start(Tag::Item) => {
                    if depth == 0 {
                        start = idx;
                    }
                    depth += 1;
                }
                Event::End(TagEnd::Item) => {
                    depth -= 1;
                    if depth == 0 {
                        let qa = qa_in_list_item(&inner[start + 1..idx])?;
                        found.push((qa, inner[start].1.start));
                    }
                }
                _ => {}
            }
        }
        if found.is_empty() {
            return None;
        }
        Some(
            found
                .into_iter()
                .map(|(qa, offset)| {
                    let location = self.doc.location(offset);
                    self.question(
                        Part::Events(qa.prompt),
                        Part::Events(qa.answer.unwrap_or_default()),
                        location,
                    )
                })
                .collect(),
        )
    }

    /// `<details><summary>…</summary> … </details>`, in one HTML block or around Markdown.
    fn details(
        &mut self,
        items: &[Item<'a>],
        i: usize,
        html: String,
        blocks: &mut Vec<Draft<'a>>,
    ) -> usize {
        let location = self.doc.location(items[i].start());
        if html.to_ascii_lowercase().contains("</details>") {
            match split_details(&html) {
                Some((prompt, answer)) => {
                    blocks.push(self.question(Part::Html(prompt), Part::Html(answer), location));
                }
                None => push_prose(blocks, items[i].events.clone()),
            }
            return 1;
        }
        let close = items[i + 1..]
            .iter()
            .position(|it| details_close(it).is_some());
        match (close, split_details(&format!("{html}</details>"))) {
            (Some(n), Some((prompt, answer_head))) => {
                let mut answer: Vec<Ev<'a>> = Vec::new();
                if !is_decoration(&answer_head) {
                    answer.push((Event::Html(answer_head.into()), 0..0));
                }
                for it in &items[i + 1..i + 1 + n] {
                    answer.extend(it.events.iter().cloned());
                }
                if let Some((kept, tail)) = details_close(&items[i + 1 + n]) {
                    answer.extend(kept);
                    if !is_decoration(&tail) {
                        answer.push((Event::Html(tail.into()), 0..0));
                    }
                }
                blocks.push(self.question(Part::Html(prompt), Part::Events(answer), location));
                n + 2
            }
            _ => {
                push_prose(blocks, items[i].events.clone());
                1
            }
        }
    }

    fn question(&mut self, prompt: Part<'a>, answer: Part<'a>, location: Location) -> Draft<'a> {
        let text = match &prompt {
            Part::Events(e) => plain_text(e),
            Part::Html(h) => strip_tags(h),
        };
        let id = self
            .ids
            .allocate(&format!("q-{}", slugify_short(&text, 60)), "q");
        Draft::Question(DraftQuestion {
            id,
            prompt,
            answer,
            location,
        })
    }

    fn section(&mut self, h: HeadingInfo<'a>, is_question: bool) -> DraftSection<'a> {
        let title = h.text();
        let id = self.heading_id(&h);
        let level = self.output_level(&h);
        DraftSection {
            id,
            level,
            title,
            is_question,
            location: self.doc.location(h.offset),
            heading: h.inline,
            blocks: Vec::new(),
        }
    }

    fn heading_id(&mut self, h: &HeadingInfo<'a>) -> String {
        let id = h
            .explicit_id
            .clone()
            .or_else(|| self.heading_ids.get(&h.offset).cloned())
            .unwrap_or_else(|| {
                self.ids
                    .heading(&heading_slug(&heading_text(&h.inline)), "section")
            });
        self.record_aliases(h, &id);
        id
    }

    /// The heading's level in the output page (the page title is the only `h1`).
    fn output_level(&self, h: &HeadingInfo<'a>) -> u8 {
        (h.level.saturating_sub(self.base_level) + 1).clamp(2, 6)
    }

    /// A heading inside an answer (`#### Example` under `### Q. …?`): part of the answer's
    /// prose, with its id, so links to it still land.
    fn answer_heading(&mut self, h: HeadingInfo<'a>) -> Vec<Ev<'a>> {
        let id = self.heading_id(&h);
        self.inner_ids.push(id.clone());
        let level = pulldown_cmark::HeadingLevel::try_from(usize::from(self.output_level(&h)))
            .unwrap_or(pulldown_cmark::HeadingLevel::H6);
        let range = h.offset..h.offset;
        let mut events = vec![(
            Event::Start(Tag::Heading {
                level,
                id: Some(id.into()),
                classes: vec![],
                attrs: vec![],
            }),
            range.clone(),
        )];
        events.extend(h.inline);
        events.push((Event::End(TagEnd::Heading(level)), range));
        events
    }

    fn code_block(&mut self, item: &Item<'a>, caption: Option<String>, scope: &str) -> CodeBlock {
        let location = self.doc.location(item.start());
        let info = parse_fence_info(item.fence_info().unwrap_or(""));
        let language = highlight::normalize_language(&info.language);
        if !highlight::is_known(&language) {
            self.diags.push(Diagnostic::warning(
                location.clone(),
                format!(
                    "unknown language `{}`: shown as plain text; {}",
                    info.language,
                    highlight::unknown_language_hint(&language)
                ),
            ));
        }
        for attr in &info.unknown {
            self.diags.push(Diagnostic::warning(
                location.clone(),
                format!("unknown code block attribute `{attr}`; known: title=\"…\", hl_lines=\"2 4-6\", linenos, no-check"),
            ));
        }
        let code = fence_text(item);
        let caption = info.title.clone().or(caption);
        let base = caption
            .as_deref()
            .map_or_else(|| scope.to_string(), slugify);
        let id = self.ids.allocate(&format!("ex-{base}"), "ex");
        CodeBlock {
            id,
            language,
            code,
            caption,
            hl_lines: info.hl_lines,
            linenos: info.linenos,
            no_check: info.no_check,
            location,
        }
    }
}

/// The text of a fenced block, without its last line break.
fn fence_text(item: &Item<'_>) -> String {
    let mut code: String = item
        .inner()
        .iter()
        .filter_map(|(e, _)| match e {
            Event::Text(t) => Some(t.as_ref()),
            _ => None,
        })
        .collect();
    if code.ends_with('\n') {
        code.pop();
    }
    code
}

fn push_prose<'a>(blocks: &mut Vec<Draft<'a>>, events: Vec<Ev<'a>>) {
    if let Some(Draft::Prose(prev)) = blocks.last_mut() {
        prev.extend(events);
    } else {
        blocks.push(Draft::Prose(events));
    }
}

fn capitalize(s: &str) -> String {
    let mut c = s.chars();
    c.next().map_or_else(String::new, |f| {
        f.to_uppercase().collect::<String>() + c.as_str()
    })
}

/// Text of an HTML fragment (tags removed, entities left).
pub fn strip_tags(html: &str) -> String {
    let mut out = String::with_capacity(html.len());
    let mut in_tag = false;
    for c in html.chars() {
        match c {
            '<' => in_tag = true,
            '>' if in_tag => in_tag = false,
            c if !in_tag => out.push(c),
            _ => {}
        }
    }
    super::items::collapse_spaces(&out)
}

/// A fenced code block without a `title=` of its own.
fn untitled_code(item: &Item<'_>) -> bool {
    item.is_code()
        && !crate::diagrams::is_diagram(item.fence_info().unwrap_or_default())
        && parse_fence_info(item.fence_info().unwrap_or(""))
            .title
            .is_none()
}
