//! Pass three: each draft page made final, its prose rendered to HTML with every link
//! resolved through the anchor table of the whole site.

use super::draft::{Draft, DraftPage, Part, strip_tags};
use super::html::HtmlWriter;
use super::items::{Item, plain_text};
use super::links::{LinkFrom, LinkTable};
use super::{dialect, emoji, questions};
use crate::diag::Diagnostic;
use crate::model::{Block, Page, Prose, Question, Section};
use crate::source::Document;

/// The HTML of the items before the first chapter, for the home page.
pub(super) fn intro_html(
    doc: &Document<'_>,
    items: &[Item<'_>],
    table: &LinkTable,
    diags: &mut Vec<Diagnostic>,
) -> String {
    let writer = HtmlWriter {
        table,
        doc,
        from: LinkFrom {
            file: &doc.source.rel,
            page: None,
            url: "index.html",
        },
    };
    let events: Vec<_> = items
        .iter()
        .flat_map(|it| it.events.iter().cloned())
        .collect();
    writer.render(&events, diags)
}

/// One page made final: its prose rendered to HTML with every link resolved through
/// `table` (`index` and `url` are where the page is in it).
pub(super) fn finish_page(
    doc: &Document<'_>,
    draft: &DraftPage<'_>,
    index: usize,
    url: &str,
    table: &LinkTable,
    diags: &mut Vec<Diagnostic>,
) -> Page {
    let writer = HtmlWriter {
        table,
        doc,
        from: LinkFrom {
            file: &doc.source.rel,
            page: Some(index),
            url,
        },
    };
    let title_html = if draft.heading.is_empty() {
        crate::html::escape(&draft.title)
    } else {
        writer.render(&draft.heading, diags)
    };
    let mut lead = finish_blocks(&writer, &draft.lead, diags);
    let mut sections: Vec<Section> = draft
        .sections
        .iter()
        .map(|s| {
            let blocks = finish_blocks(&writer, &s.blocks, diags);
            let question = s
                .is_question
                .then(|| heading_question(s.id.clone(), &s.title, &blocks, s.location.clone()));
            Section {
                id: s.id.clone(),
                level: s.level,
                title: emoji::with_emoji(&s.title),
                title_html: writer.render(&s.heading, diags),
                blocks,
                question,
                location: s.location.clone(),
            }
        })
        .collect();
    dialect::fill_inline_toc(&mut lead, &mut sections);
    let group = doc
        .source
        .rel
        .rsplit_once('/')
        .map(|(dir, _)| dir.to_string());
    Page {
        source: doc.source.path.clone(),
        url: url.to_string(),
        id: draft.id.clone(),
        title: emoji::with_emoji(&draft.title),
        title_html,
        description: doc.front.description.clone(),
        nav_title: doc.front.nav_title.clone().filter(|_| !draft.chapter),
        extra: doc.front.extra.clone(),
        group,
        lead,
        sections,
        aliases: draft.aliases.clone(),
        location: draft.location.clone(),
        home: false,
        updated: None,
    }
}

fn heading_question(
    id: String,
    title: &str,
    blocks: &[Block],
    location: crate::diag::Location,
) -> Question {
    let prompt_text = questions::question_text(title);
    let (mut answer_html, mut answer_text) = (String::new(), String::new());
    for block in blocks {
        match block {
            Block::Prose(p) => {
                answer_html.push_str(&p.html);
                answer_text.push_str(&p.text);
                answer_text.push(' ');
            }
            Block::Code(c) => {
                answer_html.push_str(&format!(
                    "<pre><code>{}</code></pre>",
                    crate::html::escape(&c.code)
                ));
                answer_text.push_str(&c.code);
                answer_text.push(' ');
            }
            Block::Question(q) => answer_html.push_str(&q.answer_html),
        }
    }
    Question {
        id,
        prompt_html: crate::html::escape(&prompt_text),
        prompt_text,
        answer_html: headings_as_labels(&answer_html),
        answer_text: answer_text.trim().to_string(),
        location,
    }
}

/// An answer shown away from its page (share page, practice) sits under a prompt of its
/// own level, so its sub-headings (`#### Example`) become bold labels: no skipped heading
/// levels and no ids repeated across answers.
fn headings_as_labels(html: &str) -> String {
    let mut out = String::with_capacity(html.len());
    let mut rest = html;
    while let Some(at) = rest.find('<') {
        out.push_str(&rest[..at]);
        let tail = &rest[at..];
        let b = tail.as_bytes();
        let is_open = b.len() > 3
            && b[1] == b'h'
            && (b'1'..=b'6').contains(&b[2])
            && matches!(b[3], b' ' | b'>');
        let is_close = b.len() > 4
            && b[1] == b'/'
            && b[2] == b'h'
            && (b'1'..=b'6').contains(&b[3])
            && b[4] == b'>';
        match tail.find('>') {
            Some(end) if is_open => {
                out.push_str("<p class=\"answer-heading\"><strong>");
                rest = &tail[end + 1..];
            }
            Some(_) if is_close => {
                out.push_str("</strong></p>");
                rest = &tail[5..];
            }
            _ => {
                out.push('<');
                rest = &tail[1..];
            }
        }
    }
    out.push_str(rest);
    out
}

fn finish_blocks(
    writer: &HtmlWriter<'_, '_, '_>,
    drafts: &[Draft<'_>],
    diags: &mut Vec<Diagnostic>,
) -> Vec<Block> {
    drafts
        .iter()
        .map(|d| match d {
            Draft::Prose(events) => Block::Prose(Prose {
                html: writer.render(events, diags),
                text: plain_text(events),
            }),
            Draft::Code(c) => Block::Code(c.clone()),
            Draft::Question(q) => {
                let (prompt_html, prompt_text) = part_html(writer, &q.prompt, diags, true);
                let (answer_html, answer_text) = part_html(writer, &q.answer, diags, false);
                Block::Question(Question {
                    id: q.id.clone(),
                    prompt_html,
                    prompt_text,
                    answer_html,
                    answer_text,
                    location: q.location.clone(),
                })
            }
        })
        .collect()
}

fn part_html(
    writer: &HtmlWriter<'_, '_, '_>,
    part: &Part<'_>,
    diags: &mut Vec<Diagnostic>,
    _inline: bool,
) -> (String, String) {
    match part {
        Part::Events(events) => (
            writer.render(events, diags).trim().to_string(),
            plain_text(events),
        ),
        Part::Html(html) => (html.clone(), strip_tags(html)),
    }
}

#[cfg(test)]
mod tests {
    #[test]
    fn answer_headings_become_labels() {
        assert_eq!(
            super::headings_as_labels("<p>a</p>\n<h3 id=\"example\">Ex <em>1</em></h3>\n<hr>"),
            "<p>a</p>\n<p class=\"answer-heading\"><strong>Ex <em>1</em></strong></p>\n<hr>"
        );
    }
}
