//! Exports of the content for other tools: `questions.json` and `examples.json` (written by
//! every build, at the site root) and an Anki deck as tab-separated text (`quire export
//! anki`). The JSON shapes are documented in the README ("Exports") and checked by the tests;
//! fields are only ever added, and `version` changes if one changes meaning.
//!
//! HTML fields hold links relative to the site root (where the JSON files are); `url` and
//! `share_url` are site-relative, `permalink` is absolute when the site has a `base_url`.

use std::sync::Arc;

use rayon::prelude::*;
use serde::Serialize;

use crate::html::{is_relative_url, map_links, rebase_links};
use crate::model::ShareLinks;
use crate::model::Site;
use crate::output::Body;
use crate::slug::share_path;
use crate::slug::slugify;

mod memo;

pub(crate) use memo::ExportsMemo;
use memo::{Items, file_key, key_of};

/// The files every build writes.
pub(crate) const QUESTIONS_JSON: &str = "questions.json";
pub(crate) const EXAMPLES_JSON: &str = "examples.json";

/// Version of the export formats.
pub(crate) const FORMAT_VERSION: u32 = 1;

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

/// One list element's JSON on one line, from the memo when its inputs are unchanged.
fn item<T: Serialize>(key: u128, memo: Items<'_>, make: impl FnOnce() -> T) -> (u128, Arc<str>) {
    if let Some(json) = memo.and_then(|m| m.get(&key)) {
        return (key, Arc::clone(json));
    }
    let json = serde_json::to_string(&make()).unwrap_or_default();
    // Kept by a session until the item changes: apart from the build's temporaries.
    (key, crate::keep::kept(|| Arc::from(json)))
}

/// The file: `header` is the compact JSON of the file with its list empty (it ends in
/// `[]}`); the items go in its place, one per line, so that the file carries no indentation
/// and a diff of two builds still shows which items changed.
fn splice(header: Vec<u8>, items: &[(u128, Arc<str>)]) -> Vec<u8> {
    let mut out = header;
    // Sized exactly: `serve` holds the file as made for as long as it runs. Each item adds
    // its separator, the last "\n]}" replaces "]}", and a newline ends the file.
    let items_len: usize = items.iter().map(|(_, json)| json.len() + 2).sum();
    out.shrink_to_fit();
    out.reserve_exact(if items.is_empty() { 1 } else { items_len + 1 });
    if !items.is_empty() {
        let cut = out.len() - "]}".len();
        out.truncate(cut);
        for (i, (_, json)) in items.iter().enumerate() {
            out.extend_from_slice(if i > 0 { b",\n" } else { b"\n" });
            out.extend_from_slice(json.as_bytes());
        }
        out.extend_from_slice(b"\n]}");
    }
    out.push(b'\n');
    out
}

/// The header and the items of `questions.json` (see [`splice`]).
fn questions_items(
    site: &Site,
    links: &ShareLinks,
    memo: Items<'_>,
) -> (Vec<u8>, Vec<(u128, Arc<str>)>) {
    let base = site.config.base_url_dir();
    let items: Vec<(u128, Arc<str>)> = site
        .questions()
        .par_iter()
        .map(|&(page, section, q)| {
            let key = links.question(&page.url, &q.id).unwrap_or(&q.id);
            let line = q.location.line.to_string();
            let inputs = [
                "q",
                &q.id,
                &page.url,
                key,
                &page.title,
                section.map_or("\u{0}", |s| s.title.as_str()),
                section.map_or("\u{0}", |s| s.id.as_str()),
                &q.prompt_text,
                &q.prompt_html,
                &q.answer_text,
                &q.answer_html,
                &q.location.file,
                &line,
                base.as_deref().unwrap_or("\u{0}"),
            ];
            item(key_of(&inputs), memo, || {
                let url = format!("{}#{}", page.url, q.id);
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
        })
        .collect();
    let file = QuestionsFile {
        format: "quire-questions",
        version: FORMAT_VERSION,
        site: &site.title,
        base_url: base,
        count: items.len(),
        questions: Vec::new(),
    };
    let header = serde_json::to_vec(&file).unwrap_or_default();
    (header, items)
}

/// The header and the items of `examples.json` (see [`splice`]).
fn examples_items(site: &Site, memo: Items<'_>) -> (Vec<u8>, Vec<(u128, Arc<str>)>) {
    let base = site.config.base_url_dir();
    let items: Vec<(u128, Arc<str>)> = site
        .examples()
        .par_iter()
        .map(|&(page, section, c)| {
            let line = c.location.line.to_string();
            let inputs = [
                "x",
                &c.id,
                &page.url,
                c.caption.as_deref().unwrap_or("\u{0}"),
                &c.language,
                &c.code,
                &page.title,
                section.map_or("\u{0}", |s| s.title.as_str()),
                section.map_or("\u{0}", |s| s.id.as_str()),
                &c.location.file,
                &line,
                base.as_deref().unwrap_or("\u{0}"),
            ];
            item(key_of(&inputs), memo, || {
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
        })
        .collect();
    let file = ExamplesFile {
        format: "quire-examples",
        version: FORMAT_VERSION,
        site: &site.title,
        base_url: base,
        count: items.len(),
        examples: Vec::new(),
    };
    let header = serde_json::to_vec(&file).unwrap_or_default();
    (header, items)
}

/// `questions.json` and `examples.json`: `(site-relative path, bytes)`; with a `memo`,
/// items whose inputs did not change since the last call are not serialised again.
pub(crate) fn export_files(site: &Site, memo: Option<&mut ExportsMemo>) -> [(String, Body); 2] {
    let links = &site.share;
    let previous = memo.as_ref().map(|m| m.items());
    let parts = [
        (QUESTIONS_JSON, questions_items(site, links, previous)),
        (EXAMPLES_JSON, examples_items(site, previous)),
    ];
    // A file whose header and items are those of the last build is that build's bytes.
    let files = parts.map(|(name, (header, items))| {
        let key = file_key(&header, &items);
        let body = memo
            .as_ref()
            .and_then(|m| m.file(name, key))
            .unwrap_or_else(|| crate::keep::kept(|| Arc::new(splice(header, &items))));
        (name, key, body, items)
    });
    if let Some(memo) = memo {
        memo.keep(&files);
    }
    files.map(|(name, _, body, _)| (name.to_string(), body))
}

/// An Anki import file: one note per question. Columns: GUID (stable, so a re-import updates
/// the notes instead of adding copies), Front (question HTML), Back (answer HTML and a link
/// to the guide), Permalink, Tags (`<site>` and `<site>::<chapter>`). Anki reads the
/// `#`-headers (Anki 2.1.55 or later) and maps the columns by name.
pub(crate) fn anki_tsv(site: &Site) -> String {
    let links = &site.share;
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
            crate::html::escape(&link),
            crate::html::escape(&page.title)
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

#[cfg(test)]
mod splice_tests {
    use super::*;

    #[derive(Serialize, Clone)]
    struct Item {
        x: String,
        y: Vec<u32>,
        z: Option<&'static str>,
        empty: Vec<u32>,
    }

    #[derive(Serialize)]
    struct File {
        format: &'static str,
        count: usize,
        list: Vec<Item>,
    }

    #[test]
    fn spliced_items_are_the_whole_file_one_item_per_line() {
        let items = [
            Item {
                x: "a \"quoted\"\nline".into(),
                y: vec![1, 2],
                z: None,
                empty: Vec::new(),
            },
            Item {
                x: "ü".into(),
                y: Vec::new(),
                z: Some("z"),
                empty: Vec::new(),
            },
        ];
        for n in [0, 1, 2] {
            let list = items[..n].to_vec();
            let whole = serde_json::to_value(File {
                format: "f",
                count: n,
                list: list.clone(),
            })
            .unwrap();
            let header = serde_json::to_vec(&File {
                format: "f",
                count: n,
                list: Vec::new(),
            })
            .unwrap();
            let parts: Vec<_> = list
                .into_iter()
                .enumerate()
                .map(|(i, it)| item(i as u128, None, || it))
                .collect();
            let text = String::from_utf8(splice(header, &parts)).unwrap();
            let parsed: serde_json::Value = serde_json::from_str(&text).unwrap();
            assert_eq!(parsed, whole, "{n} items");
            assert!(text.ends_with("}\n"));
            // The header line, then one line per item, then the list's end.
            let lines: Vec<&str> = text.lines().collect();
            assert_eq!(lines.len(), if n == 0 { 1 } else { n + 2 }, "{text}");
            for (line, part) in lines.iter().skip(1).zip(&parts) {
                assert_eq!(line.trim_end_matches(','), &*part.1);
            }
        }
    }

    #[test]
    fn a_memo_gives_the_same_files() {
        let text = std::fs::read_to_string(
            std::path::Path::new(env!("CARGO_MANIFEST_DIR"))
                .join("content/python-interview-guide.md"),
        )
        .unwrap();
        let site = |text: &str| {
            crate::parse::parse_text("guide.md", text, crate::config::Config::default()).0
        };
        let mut memo = ExportsMemo::default();
        let first = site(&text);
        assert_eq!(
            export_files(&first, Some(&mut memo)),
            export_files(&first, None)
        );
        let text = text.replacen("GIL", "Global Interpreter Lock", 3);
        let edited = site(&text);
        let rebuilt = export_files(&edited, Some(&mut memo));
        assert_eq!(rebuilt, export_files(&edited, None));
        // A prose edit that changes no question and no example keeps both files' bytes;
        // a changed answer makes questions.json again and keeps examples.json.
        let prose = site(&text.replacen("This comprehensive guide", "This guide", 1));
        let again = export_files(&prose, Some(&mut memo));
        assert_eq!(again, export_files(&prose, None));
        assert!(Arc::ptr_eq(&again[0].1, &rebuilt[0].1));
        assert!(Arc::ptr_eq(&again[1].1, &rebuilt[1].1));
        let answer = site(&text.replacen("only one thread", "one thread only", 1));
        let changed = export_files(&answer, Some(&mut memo));
        assert_eq!(changed, export_files(&answer, None));
        assert!(!Arc::ptr_eq(&changed[0].1, &again[0].1));
        assert!(Arc::ptr_eq(&changed[1].1, &again[1].1));
    }
}
