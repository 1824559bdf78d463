//! HTML for the blocks of a page: prose as rendered, code examples as figures with a copy
//! button, questions as their own linkable sections.

use std::fmt::Write;

use crate::cache::HighlightCache;
use crate::highlight;
use crate::model::ShareLinks;
use crate::model::{Block, CodeBlock, Page, Question, Section};

/// The interface words of a page body, in the site's language (HTML-escaped).
pub(crate) struct Labels {
    share: String,
    copy: String,
    copy_code: String,
    question: String,
    permalink: String,
    copy_link: String,
    q_mark: String,
    a_mark: String,
    language_example: String,
    /// The English titles the parser gives callouts without one, and this language's.
    callouts: Vec<(String, String)>,
}

impl Labels {
    pub(crate) fn new(ui: &crate::i18n::Ui) -> Labels {
        let e = |key: &str| crate::html::escape(ui.get(key));
        let callouts = if ui.lang == "en" {
            Vec::new()
        } else {
            ["Note", "Tip", "Important", "Warning", "Caution"]
                .iter()
                .map(|en| {
                    let title = |t: &str| format!("<p class=\"callout-title\">{t}</p>");
                    (title(en), title(&e(&en.to_ascii_lowercase())))
                })
                .collect()
        };
        Labels {
            share: e("share"),
            copy: e("copy"),
            copy_code: e("copy_code"),
            question: e("question"),
            permalink: e("permalink"),
            copy_link: e("copy_link"),
            q_mark: e("q_mark"),
            a_mark: e("a_mark"),
            language_example: ui.get("language_example").to_string(),
            callouts,
        }
    }

    /// Prose with the parser's English callout titles in the site's language.
    fn prose<'p>(&self, html: &'p str) -> std::borrow::Cow<'p, str> {
        let mut out = std::borrow::Cow::Borrowed(html);
        for (en, own) in &self.callouts {
            if out.contains(en.as_str()) {
                out = std::borrow::Cow::Owned(out.replace(en.as_str(), own));
            }
        }
        out
    }
}

/// The link to a question's share page, by question id.
type ShareHref<'s> = dyn Fn(&str) -> Option<String> + 's;

/// Writes a code block's figure.
type CodeWriter<'w> = dyn FnMut(&CodeBlock, &mut String) + 'w;

/// The code blocks of a page, in reading order.
pub(crate) fn page_code_blocks(page: &Page) -> impl Iterator<Item = &CodeBlock> {
    let blocks = page
        .lead
        .iter()
        .chain(page.sections.iter().flat_map(|s| &s.blocks));
    blocks.filter_map(|b| match b {
        Block::Code(c) => Some(c),
        _ => None,
    })
}

/// The highlighted lines of a code block (plain escaped lines for unknown languages).
pub(crate) fn highlight_block(c: &CodeBlock) -> Vec<String> {
    highlight::highlight_lines(&c.language, &c.code)
        .unwrap_or_else(|| highlight::plain_lines(&c.code))
}

/// The body of a page: lead blocks, then every section with its heading. `code` holds the
/// highlighted code ([`super::code::CodeToHighlight::highlight`] filled it; a block it lacks is highlighted
/// here); `share` gives each question a link to its share page.
pub(crate) fn page_body(
    page: &Page,
    code: &HighlightCache,
    share: &ShareLinks,
    labels: &Labels,
) -> String {
    let mut out = String::with_capacity(16 * 1024);
    let code = &mut |c: &CodeBlock, out: &mut String| match code
        .get_joined(HighlightCache::key(&c.language, &c.code))
    {
        Some(joined) => code_html(out, c, joined, labels),
        None => code_html(out, c, &highlight_block(c).join("\n"), labels),
    };
    let share = |id: &str| super::share::share_href(share, &page.url, &page.url, id);
    blocks_html(&mut out, &page.lead, code, &share, labels);
    for section in &page.sections {
        section_html(&mut out, section, code, &share, labels);
    }
    out
}

fn section_html(
    out: &mut String,
    s: &Section,
    code: &mut CodeWriter<'_>,
    share: &ShareHref<'_>,
    labels: &Labels,
) {
    let level = s.level;
    let class = if s.question.is_some() {
        " class=\"question-heading\""
    } else {
        ""
    };
    let _ = writeln!(
        out,
        "<h{level} id=\"{id}\"{class}><a class=\"anchor\" href=\"#{id}\" aria-hidden=\"true\" tabindex=\"-1\">#</a>{title}</h{level}>",
        id = s.id,
        title = s.title_html
    );
    if let Some(href) = s.question.as_ref().and_then(|q| share(&q.id)) {
        let _ = writeln!(
            out,
            "<p class=\"q-tools q-tools-heading\"><a class=\"q-share\" href=\"{href}\">{}</a></p>",
            labels.share
        );
    }
    blocks_html(out, &s.blocks, code, share, labels);
}

fn blocks_html(
    out: &mut String,
    blocks: &[Block],
    code: &mut CodeWriter<'_>,
    share: &ShareHref<'_>,
    labels: &Labels,
) {
    for block in blocks {
        match block {
            Block::Prose(p) => out.push_str(&labels.prose(&p.html)),
            Block::Code(c) => code(c, out),
            Block::Question(q) => question_html(out, q, share(&q.id).as_deref(), labels),
        }
    }
}

/// A code example: caption, language, copy button and highlighted lines.
/// A code example's figure; `lines` is its highlighted HTML, lines joined with `\n`.
pub(crate) fn code_html(out: &mut String, c: &CodeBlock, lines: &str, labels: &Labels) {
    let label = c.caption.as_deref().map_or_else(
        || {
            crate::html::escape(&crate::i18n::fill(
                &labels.language_example,
                &[("language", &c.language)],
            ))
        },
        crate::html::escape,
    );
    let _ = write!(out, "<figure class=\"code-example\" id=\"{}\">", c.id);
    let _ = write!(
        out,
        "<figcaption><a class=\"caption-link\" href=\"#{}\">{}</a>",
        c.id, label
    );
    if c.language != "text" {
        let _ = write!(
            out,
            "<span class=\"lang\">{}</span>",
            crate::html::escape(&c.language)
        );
    }
    let _ = write!(
        out,
        "<button class=\"copy-code\" type=\"button\" aria-label=\"{}\">{}</button></figcaption>",
        crate::i18n::fill(&labels.copy_code, &[("title", &label)]),
        labels.copy
    );
    let pre_class = if c.linenos { "code linenos" } else { "code" };
    let _ = write!(
        out,
        "<pre class=\"{pre_class}\" tabindex=\"0\"><code class=\"language-{}\">",
        crate::html::escape(&c.language)
    );
    // Lines get their own element only where they need one (highlighted lines, numbers).
    let wrap = c.linenos || !c.hl_lines.is_empty();
    let lines = if c.code.is_empty() { None } else { Some(lines) };
    for (i, line) in lines.into_iter().flat_map(|l| l.split('\n')).enumerate() {
        if i > 0 {
            out.push('\n');
        }
        if !wrap {
            out.push_str(line);
            continue;
        }
        let n = i as u32 + 1;
        let hl = c.hl_lines.iter().any(|&(a, b)| (a..=b).contains(&n));
        out.push_str(if hl {
            "<span class=\"line hl\">"
        } else {
            "<span class=\"line\">"
        });
        out.push_str(line);
        out.push_str("</span>");
    }
    out.push_str("</code></pre></figure>\n");
}

/// A question with its answer, a permalink, a link to its share page and a copy-link button
/// (which copies the address of the question it sits in).
pub(crate) fn question_html(out: &mut String, q: &Question, share: Option<&str>, labels: &Labels) {
    let share = share.map_or_else(String::new, |href| {
        format!("<a class=\"q-share\" href=\"{href}\">{}</a> ", labels.share)
    });
    let _ = writeln!(
        out,
        "<section class=\"question\" id=\"{id}\" aria-label=\"{question}\">\
<div class=\"q-prompt\"><span class=\"q-label\" aria-hidden=\"true\">{q_mark}</span><div class=\"q-text\">{prompt}</div></div>\
<div class=\"q-answer\"><span class=\"q-label\" aria-hidden=\"true\">{a_mark}</span><div class=\"q-text\">{answer}</div></div>\
<p class=\"q-tools\"><a class=\"q-permalink\" href=\"#{id}\">{permalink}</a> {share}\
<button class=\"copy-link\" type=\"button\">{copy_link}</button></p></section>",
        id = q.id,
        prompt = q.prompt_html,
        answer = q.answer_html,
        question = labels.question,
        q_mark = labels.q_mark,
        a_mark = labels.a_mark,
        permalink = labels.permalink,
        copy_link = labels.copy_link,
    );
}
