//! Code from files: `{{#include path}}` inside a fenced example, spelled as mdBook spells
//! it; also in a fence nested in a list item or a block quote (shown as written there,
//! like any nested fence). `path` is relative to the Markdown file and must stay inside the site folder; a
//! suffix picks lines (`:5` one line, `:5:10`, `:5:` to the end, `::10` up to line 10) or a
//! named part between `ANCHOR: name` and `ANCHOR_END: name` lines (in any comment style).
//! Anchor lines themselves are never shown. Reading happens once per build, before render.

use std::path::{Path, PathBuf};

use pulldown_cmark::{Event, Tag, TagEnd};

use super::draft::{Draft, DraftPage, Part};
use super::items::Ev;
use crate::diag::{Diagnostic, Location};
use crate::highlight;
use crate::model::CodeBlock;
use crate::source::Document;

const OPEN: &str = "{{#include ";
const CLOSE: &str = "}}";

/// Expands the includes of every example of `drafts`, the pages of `doc`; a file, line
/// range or anchor that is missing is an error at the directive's `file:line:col`.
pub(crate) fn expand_includes(
    drafts: &mut [DraftPage<'_>],
    doc: &Document<'_>,
    root: &Path,
    diags: &mut Vec<Diagnostic>,
) {
    for page in drafts {
        let blocks = page
            .lead
            .iter_mut()
            .chain(page.sections.iter_mut().flat_map(|s| s.blocks.iter_mut()));
        for block in blocks {
            match block {
                Draft::Code(code) if code.code.contains(OPEN) => expand_block(code, root, diags),
                Draft::Code(_) => {}
                Draft::Prose(events) => expand_nested(events, doc, root, diags),
                Draft::Question(q) => {
                    for part in [&mut q.prompt, &mut q.answer] {
                        if let Part::Events(events) = part {
                            expand_nested(events, doc, root, diags);
                        }
                    }
                }
            }
        }
    }
}

/// The directives in fences nested in list items and block quotes, which stay part of the
/// prose: pulldown-cmark gives such a fence's lines without the container's indentation or
/// `>`, each with its place in the file.
fn expand_nested(
    events: &mut [Ev<'_>],
    doc: &Document<'_>,
    root: &Path,
    diags: &mut Vec<Diagnostic>,
) {
    let mut in_code = false;
    for (event, range) in events.iter_mut() {
        match event {
            Event::Start(Tag::CodeBlock(_)) => in_code = true,
            Event::End(TagEnd::CodeBlock) => in_code = false,
            Event::Text(text) if in_code && text.contains(OPEN) => {
                let locate = |offset: usize| doc.location(range.start + offset);
                let (expanded, _) = expand_text(text, &doc.source.path, root, locate, diags);
                *text = expanded.into();
            }
            _ => {}
        }
    }
}

/// One example: each directive replaced by the lines it names. The first included file
/// names an example that has no caption, and gives it a language when the fence has none.
fn expand_block(block: &mut CodeBlock, root: &Path, diags: &mut Vec<Diagnostic>) {
    let locate = |offset: usize| directive_location(block, offset);
    let (out, first_file) = expand_text(&block.code, &block.location.file, root, locate, diags);
    block.code = out;
    if let Some(file) = first_file {
        let name = file.rsplit('/').next().unwrap_or(&file).to_string();
        if block.language == "text"
            && let Some((_, ext)) = name.rsplit_once('.')
        {
            let language = highlight::normalize_language(ext);
            if highlight::is_known(&language) {
                block.language = language;
            }
        }
        block.caption.get_or_insert(name);
    }
}

/// `code` with each directive replaced by the lines it names, and the first file included;
/// a directive that names nothing stays as written, with an error where `locate` puts its
/// byte offset in `code`.
fn expand_text(
    code: &str,
    markdown_file: &str,
    root: &Path,
    locate: impl Fn(usize) -> Location,
    diags: &mut Vec<Diagnostic>,
) -> (String, Option<String>) {
    let mut out = String::with_capacity(code.len());
    let mut rest = code;
    let mut first_file: Option<String> = None;
    while let Some(at) = rest.find(OPEN) {
        let Some(len) = rest[at..].find(CLOSE) else {
            break;
        };
        out.push_str(&rest[..at]);
        let spec = rest[at + OPEN.len()..at + len].trim();
        match included_text(spec, markdown_file, root) {
            Ok(text) => {
                out.push_str(text.strip_suffix('\n').unwrap_or(&text));
                first_file.get_or_insert_with(|| file_part(spec).to_string());
            }
            Err(message) => {
                diags.push(Diagnostic::error(
                    locate(code.len() - rest.len() + at),
                    message,
                ));
                out.push_str(&rest[at..at + len + CLOSE.len()]);
            }
        }
        rest = &rest[at + len + CLOSE.len()..];
    }
    out.push_str(rest);
    (out, first_file)
}

/// Where the directive at byte `offset` of the block's code is in the Markdown file (the
/// code starts on the line after the fence, at the fence's column).
fn directive_location(block: &CodeBlock, offset: usize) -> Location {
    let before = &block.code[..offset];
    let line_start = before.rfind('\n').map_or(0, |i| i + 1);
    let lines = u32::try_from(before.matches('\n').count()).unwrap_or(u32::MAX);
    let col = u32::try_from(before[line_start..].chars().count()).unwrap_or(u32::MAX);
    Location {
        file: block.location.file.clone(),
        line: block.location.line.saturating_add(1).saturating_add(lines),
        col: block.location.col.saturating_add(col),
    }
}

/// `path` of `path:5:10` / `path:name` (a Windows drive letter is not a suffix: paths are
/// relative with `/`).
fn file_part(spec: &str) -> &str {
    spec.split_once(':').map_or(spec, |(file, _)| file)
}

/// The text a directive names, or the reason it names nothing.
fn included_text(spec: &str, markdown_file: &str, root: &Path) -> Result<String, String> {
    let (file, selector) = spec.split_once(':').unwrap_or((spec, ""));
    if file.is_empty() {
        return Err("`{{#include}}` names no file; write `{{#include path/to/file.py}}`".into());
    }
    let path = resolve(file, markdown_file, root)?;
    let text = std::fs::read_to_string(&path).map_err(|e| {
        format!("cannot include `{file}`: {e}; the path is relative to this Markdown file")
    })?;
    select(&text, selector).map_err(|why| format!("cannot include `{spec}`: {why}"))
}

/// The included file on disk: relative to the Markdown file, inside the site folder.
pub(crate) fn resolve(file: &str, markdown_file: &str, root: &Path) -> Result<PathBuf, String> {
    let dir = Path::new(markdown_file).parent().unwrap_or(Path::new(""));
    let path = root.join(dir).join(file);
    let real = path.canonicalize().map_err(|e| {
        format!("cannot include `{file}`: {e}; the path is relative to this Markdown file")
    })?;
    let site = root.canonicalize().unwrap_or_else(|_| root.to_path_buf());
    if !real.starts_with(&site) {
        return Err(format!(
            "cannot include `{file}`: it is outside the site folder; keep included files in the site"
        ));
    }
    Ok(real)
}

/// The lines `selector` names (`""` all, `5`, `5:10`, `5:`, `:10`, or an anchor name).
fn select(text: &str, selector: &str) -> Result<String, String> {
    let lines: Vec<&str> = text.lines().collect();
    let selector = selector.trim();
    if selector.is_empty() {
        return Ok(join(lines.iter().copied()));
    }
    if selector.chars().all(|c| c.is_ascii_digit() || c == ':') {
        let (first, last) = line_range(selector)?;
        let last = last.unwrap_or(lines.len());
        if first > lines.len() || last > lines.len() {
            return Err(format!(
                "lines {first}–{last} asked for, but the file has {} lines",
                lines.len()
            ));
        }
        if first > last {
            return Err(format!("the range starts ({first}) after it ends ({last})"));
        }
        return Ok(join(lines[first - 1..last].iter().copied()));
    }
    anchored(&lines, selector)
}

/// `5` → (5, Some(5)); `5:10`; `5:` → (5, None); `:10` → (1, Some(10)).
fn line_range(selector: &str) -> Result<(usize, Option<usize>), String> {
    let number = |s: &str| -> Result<Option<usize>, String> {
        match s {
            "" => Ok(None),
            n => match n.parse::<usize>() {
                Ok(0) | Err(_) => Err(format!("`{n}` is not a line number (lines count from 1)")),
                Ok(n) => Ok(Some(n)),
            },
        }
    };
    match selector.split_once(':') {
        None => {
            let n = number(selector)?;
            Ok((n.unwrap_or(1), n))
        }
        Some((a, b)) => Ok((number(a)?.unwrap_or(1), number(b)?)),
    }
}

/// The lines between `ANCHOR: name` and `ANCHOR_END: name`.
fn anchored(lines: &[&str], name: &str) -> Result<String, String> {
    let start = lines
        .iter()
        .position(|l| marker(l, "ANCHOR:") == Some(name))
        .ok_or_else(|| format!("no line `ANCHOR: {name}` in the file"))?;
    let len = lines[start + 1..]
        .iter()
        .position(|l| marker(l, "ANCHOR_END:") == Some(name))
        .ok_or_else(|| format!("`ANCHOR: {name}` has no `ANCHOR_END: {name}` after it"))?;
    Ok(join(lines[start + 1..start + 1 + len].iter().copied()))
}

/// The name after `ANCHOR:` / `ANCHOR_END:` on a line, if the line is such a marker.
fn marker<'l>(line: &'l str, key: &str) -> Option<&'l str> {
    let at = line.find(key)?;
    let name = line[at + key.len()..].trim_start();
    let end = name
        .find(|c: char| !(c.is_alphanumeric() || c == '_' || c == '-'))
        .unwrap_or(name.len());
    Some(&name[..end])
}

/// Lines joined, anchor markers left out (they are for the author, not the reader).
fn join<'l>(lines: impl Iterator<Item = &'l str>) -> String {
    let mut out = String::new();
    for line in
        lines.filter(|l| marker(l, "ANCHOR:").is_none() && marker(l, "ANCHOR_END:").is_none())
    {
        out.push_str(line);
        out.push('\n');
    }
    out
}

/// The files that `{{#include}}` directives in `markdown` name, for `serve` to watch.
pub(crate) fn included_files(markdown: &str, markdown_file: &str, root: &Path) -> Vec<PathBuf> {
    let mut files = Vec::new();
    let mut rest = markdown;
    while let Some(at) = rest.find(OPEN) {
        let tail = &rest[at + OPEN.len()..];
        let Some(end) = tail.find(CLOSE) else { break };
        if let Ok(path) = resolve(file_part(tail[..end].trim()), markdown_file, root) {
            files.push(path);
        }
        rest = &tail[end..];
    }
    files
}

#[cfg(test)]
mod tests {
    use super::*;

    const FILE: &str =
        "import heapq\n# ANCHOR: push\nheapq.heappush(h, 3)\n# ANCHOR_END: push\nprint(h)\n";

    #[test]
    fn line_ranges_as_mdbook_spells_them() {
        assert_eq!(
            select(FILE, "").unwrap(),
            "import heapq\nheapq.heappush(h, 3)\nprint(h)\n"
        );
        assert_eq!(select(FILE, "1").unwrap(), "import heapq\n");
        assert_eq!(
            select(FILE, "3:5").unwrap(),
            "heapq.heappush(h, 3)\nprint(h)\n"
        );
        assert_eq!(select(FILE, "5:").unwrap(), "print(h)\n");
        assert_eq!(select(FILE, ":1").unwrap(), "import heapq\n");
        assert!(
            select(FILE, "4:9")
                .unwrap_err()
                .contains("the file has 5 lines")
        );
        assert!(select(FILE, "0").unwrap_err().contains("count from 1"));
        assert!(select(FILE, "4:2").unwrap_err().contains("after it ends"));
    }

    #[test]
    fn anchors_pick_a_named_part() {
        assert_eq!(select(FILE, "push").unwrap(), "heapq.heappush(h, 3)\n");
        assert!(
            select(FILE, "pop")
                .unwrap_err()
                .contains("no line `ANCHOR: pop`")
        );
        let open = "// ANCHOR: a\nx\n";
        assert!(
            select(open, "a")
                .unwrap_err()
                .contains("no `ANCHOR_END: a`")
        );
        // `ANCHOR: ab` is not `ANCHOR: a`.
        assert!(select("# ANCHOR: ab\ny\n# ANCHOR_END: ab\n", "a").is_err());
    }
}
