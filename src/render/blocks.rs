//! HTML for the blocks of a page: prose as rendered, code examples as figures with a copy
//! button, questions as their own linkable sections.

use std::fmt::Write;

use crate::highlight;
use crate::model::{Block, CodeBlock, Page, Question, Section};
use crate::parse::html_escape;

/// The body of a page: lead blocks, then every section with its heading.
pub fn page_body(page: &Page) -> String {
    let mut out = String::with_capacity(4096);
    blocks_html(&mut out, &page.lead);
    for section in &page.sections {
        section_html(&mut out, section);
    }
    out
}

fn section_html(out: &mut String, s: &Section) {
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
    blocks_html(out, &s.blocks);
}

fn blocks_html(out: &mut String, blocks: &[Block]) {
    for block in blocks {
        match block {
            Block::Prose(p) => out.push_str(&p.html),
            Block::Code(c) => code_html(out, c),
            Block::Question(q) => question_html(out, q),
        }
    }
}

/// A code example: caption, language, copy button and highlighted lines.
pub fn code_html(out: &mut String, c: &CodeBlock) {
    let lines = highlight::highlight_lines(&c.language, &c.code)
        .unwrap_or_else(|| highlight::plain_lines(&c.code));
    let label = c
        .caption
        .as_deref()
        .map_or_else(|| format!("{} example", c.language), html_escape);
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
            html_escape(&c.language)
        );
    }
    let _ = write!(
        out,
        "<button class=\"copy-code\" type=\"button\" aria-label=\"Copy code: {label}\">Copy</button></figcaption>"
    );
    let pre_class = if c.linenos { "code linenos" } else { "code" };
    let _ = write!(
        out,
        "<pre class=\"{pre_class}\" tabindex=\"0\"><code class=\"language-{}\">",
        html_escape(&c.language)
    );
    for (i, line) in lines.iter().enumerate() {
        let n = i as u32 + 1;
        let hl = c.hl_lines.iter().any(|&(a, b)| (a..=b).contains(&n));
        if i > 0 {
            out.push('\n');
        }
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

/// A question with its answer, a permalink and a copy-link button.
pub fn question_html(out: &mut String, q: &Question) {
    let _ = writeln!(
        out,
        "<section class=\"question\" id=\"{id}\" aria-label=\"Question\">\
<div class=\"q-prompt\"><span class=\"q-label\" aria-hidden=\"true\">Q</span><div class=\"q-text\">{prompt}</div></div>\
<div class=\"q-answer\"><span class=\"q-label\" aria-hidden=\"true\">A</span><div class=\"q-text\">{answer}</div></div>\
<p class=\"q-tools\"><a class=\"q-permalink\" href=\"#{id}\">Permalink</a> \
<button class=\"copy-link\" type=\"button\" data-fragment=\"{id}\">Copy link</button></p></section>",
        id = q.id,
        prompt = q.prompt_html,
        answer = q.answer_html,
    );
}
