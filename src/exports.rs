//! Exports of the content for other tools: `questions.json` and `examples.json` (written by
//! every build, at the site root) and an Anki deck as tab-separated text (`quire export
//! anki`). The JSON shapes are documented in the README ("Exports") and checked by the tests;
//! fields are only ever added, and `version` changes if one changes meaning.
//!
//! HTML fields hold links relative to the site root (where the JSON files are); `url` and
//! `share_url` are site-relative, `permalink` is absolute when the site has a `base_url`.

use serde::Serialize;

use crate::model::Site;
use crate::render::{ShareLinks, is_relative_url, map_links, rebase_links, share_path};
use crate::slug::slugify;

/// The files every build writes.
pub const QUESTIONS_JSON: &str = "questions.json";
pub const EXAMPLES_JSON: &str = "examples.json";

/// Version of the export formats.
pub const FORMAT_VERSION: u32 = 1;

#[derive(Serialize)]
struct QuestionsFile<'a> {
    format: &'static str,
    version: u32,
    site: &'a str,
    base_url: Option<String>,
    count: usize,
    questions: Vec<QuestionExport<'a>>,
}

/// One question of `questions.json`.
#[derive(Serialize)]
struct QuestionExport<'a> {
    id: &'a str,
    url: String,
    permalink: Option<String>,
    share_url: String,
    chapter: &'a str,
    chapter_url: &'a str,
    section: Option<&'a str>,
    section_id: Option<&'a str>,
    question_text: &'a str,
    question_html: String,
    answer_text: &'a str,
    answer_html: String,
    /// `file:line` of the question in the Markdown.
    source: String,
}

#[derive(Serialize)]
struct ExamplesFile<'a> {
    format: &'static str,
    version: u32,
    site: &'a str,
    base_url: Option<String>,
    count: usize,
    examples: Vec<ExampleExport<'a>>,
}

/// One code example of `examples.json`.
#[derive(Serialize)]
struct ExampleExport<'a> {
    id: &'a str,
    url: String,
    permalink: Option<String>,
    caption: Option<&'a str>,
    language: &'a str,
    code: &'a str,
    lines: usize,
    chapter: &'a str,
    chapter_url: &'a str,
    section: Option<&'a str>,
    section_id: Option<&'a str>,
    source: String,
}

/// Absolute URL of a site-relative `url`, when the site has a base URL.
fn permalink(site: &Site, url: &str) -> Option<String> {
    site.config.base_url_dir().map(|b| format!("{b}{url}"))
}

/// `questions.json`: every question in reading order.
pub fn questions_json(site: &Site, links: &ShareLinks) -> Vec<u8> {
    let questions: Vec<QuestionExport<'_>> = site
        .questions()
        .into_iter()
        .map(|(page, section, q)| {
            let url = format!("{}#{}", page.url, q.id);
            let key = links.question(&page.url, &q.id).unwrap_or(&q.id);
            QuestionExport {
                id: &q.id,
                permalink: permalink(site, &url),
                url,
                share_url: share_path(key),
                chapter: &page.title,
                chapter_url: &page.url,
                section: section.map(|s| s.title.as_str()),
                section_id: section.map(|s| s.id.as_str()),
                question_text: &q.prompt_text,
                question_html: rebase_links(&q.prompt_html, &page.url, QUESTIONS_JSON),
                answer_text: &q.answer_text,
                answer_html: rebase_links(&q.answer_html, &page.url, QUESTIONS_JSON),
                source: format!("{}:{}", q.location.file, q.location.line),
            }
        })
        .collect();
    let file = QuestionsFile {
        format: "quire-questions",
        version: FORMAT_VERSION,
        site: &site.title,
        base_url: site.config.base_url_dir(),
        count: questions.len(),
        questions,
    };
    to_json(&file)
}

/// `examples.json`: every code example in reading order.
pub fn examples_json(site: &Site) -> Vec<u8> {
    let examples: Vec<ExampleExport<'_>> = site
        .examples()
        .into_iter()
        .map(|(page, section, c)| {
            let url = format!("{}#{}", page.url, c.id);
            ExampleExport {
                id: &c.id,
                permalink: permalink(site, &url),
                url,
                caption: c.caption.as_deref(),
                language: &c.language,
                code: &c.code,
                lines: c.code.lines().count(),
                chapter: &page.title,
                chapter_url: &page.url,
                section: section.map(|s| s.title.as_str()),
                section_id: section.map(|s| s.id.as_str()),
                source: format!("{}:{}", c.location.file, c.location.line),
            }
        })
        .collect();
    let file = ExamplesFile {
        format: "quire-examples",
        version: FORMAT_VERSION,
        site: &site.title,
        base_url: site.config.base_url_dir(),
        count: examples.len(),
        examples,
    };
    to_json(&file)
}

fn to_json<T: Serialize>(value: &T) -> Vec<u8> {
    let mut out = serde_json::to_vec_pretty(value).unwrap_or_default();
    out.push(b'\n');
    out
}

/// `questions.json` and `examples.json`: `(site-relative path, bytes)`.
pub fn export_files(site: &Site) -> [(String, Vec<u8>); 2] {
    let links = site.share_links();
    [
        (QUESTIONS_JSON.into(), questions_json(site, links)),
        (EXAMPLES_JSON.into(), examples_json(site)),
    ]
}

/// An Anki import file: one note per question. Columns: GUID (stable, so a re-import updates
/// the notes instead of adding copies), Front (question HTML), Back (answer HTML and a link
/// to the guide), Permalink, Tags (`<site>` and `<site>::<chapter>`). Anki reads the
/// `#`-headers (Anki 2.1.55 or later) and maps the columns by name.
pub fn anki_tsv(site: &Site) -> String {
    let links = site.share_links();
    let deck = match slugify(&site.title) {
        s if s.is_empty() => "quire".to_string(),
        s => s,
    };
    let base = site.config.base_url_dir();
    let absolute = |html: &str, page_url: &str| {
        let rooted = rebase_links(html, page_url, "index.html");
        match &base {
            Some(b) => map_links(&rooted, |u| {
                if is_relative_url(u) {
                    format!("{b}{u}")
                } else {
                    u.to_string()
                }
            }),
            None => rooted,
        }
    };
    let mut out = String::from(
        "#separator:tab\n#html:true\n#guid column:1\n#tags column:5\n#columns:GUID\tFront\tBack\tPermalink\tTags\n",
    );
    for (page, _, q) in site.questions() {
        let key = links.question(&page.url, &q.id).unwrap_or(&q.id);
        let url = format!("{}#{}", page.url, q.id);
        let link = permalink(site, &url).unwrap_or(url);
        let back = format!(
            "{}<p class=\"quire-source\"><a href=\"{}\">{}</a></p>",
            absolute(&q.answer_html, &page.url),
            crate::parse::html_escape(&link),
            crate::parse::html_escape(&page.title)
        );
        let chapter = page.url.trim_end_matches(".html").replace('/', "-");
        let fields = [
            format!("quire-{deck}-{key}"),
            absolute(&q.prompt_html, &page.url),
            back,
            link,
            format!("{deck} {deck}::{chapter}"),
        ];
        let line: Vec<String> = fields.iter().map(|f| anki_field(f)).collect();
        out.push_str(&line.join("\t"));
        out.push('\n');
    }
    out
}

/// A field quoted for Anki's importer: line breaks inside `<pre>` become `<br>`, others a
/// space; tabs an entity; the whole in double quotes with `"` doubled.
fn anki_field(html: &str) -> String {
    let mut out = String::with_capacity(html.len() + 8);
    let mut in_pre = false;
    let mut rest = html;
    while let Some(c) = rest.chars().next() {
        if rest.starts_with("<pre") {
            in_pre = true;
        } else if rest.starts_with("</pre") {
            in_pre = false;
        }
        match c {
            '\n' if in_pre => out.push_str("<br>"),
            '\n' | '\r' => out.push(' '),
            '\t' => out.push_str("&#9;"),
            '"' => out.push_str("\"\""),
            c => out.push(c),
        }
        rest = &rest[c.len_utf8()..];
    }
    format!("\"{}\"", out.trim_end())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn anki_fields_are_one_line_and_quoted() {
        assert_eq!(
            anki_field("<p>a \"b\"\tc</p>\n<pre><code>x\ny</code></pre>\n"),
            "\"<p>a \"\"b\"\"&#9;c</p> <pre><code>x<br>y</code></pre>\""
        );
    }
}
