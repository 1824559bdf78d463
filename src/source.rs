//! Reading the content: a sorted walk of `content/` and front matter (TOML `+++` or YAML `---`).

use std::path::Path;

use walkdir::WalkDir;

use crate::diag::{Diagnostic, LineIndex, Location};
use crate::error::{Error, Result};
pub use crate::front_matter::FrontMatter;
use crate::front_matter::parse_front_matter;

/// One Markdown file as read from disk.
#[derive(Debug, Clone)]
pub struct SourceFile {
    /// Path relative to the site root with `/` separators, e.g. `content/guide.md`.
    pub path: String,
    /// Path relative to `content/`, e.g. `guide.md` or `basics/intro.md`.
    pub rel: String,
    pub text: String,
}

/// A non-Markdown file under `content/` (an image, say), copied to the output as is.
#[derive(Debug, Clone)]
pub struct ContentAsset {
    pub rel: String,
    pub bytes: Vec<u8>,
}

/// Everything read from `content/`.
#[derive(Debug, Default)]
pub struct Sources {
    pub files: Vec<SourceFile>,
    pub assets: Vec<ContentAsset>,
}

/// A source file with its front matter separated from the Markdown body.
#[derive(Debug)]
pub struct Document<'a> {
    pub source: &'a SourceFile,
    pub front: FrontMatter,
    /// The Markdown after the front matter.
    pub body: &'a str,
    /// Byte offset of `body` in the file, so locations point into the file.
    pub body_offset: usize,
    pub lines: LineIndex,
    /// Warnings about the front matter (unknown keys), once each.
    pub warnings: Vec<Diagnostic>,
    /// The body rewritten from another dialect (MkDocs, Docusaurus, MDX), when it uses one.
    pub dialect: Option<crate::parse::Rewritten>,
}

impl Document<'_> {
    /// Location of a byte offset of the body.
    pub fn location(&self, body_offset: usize) -> Location {
        let (line, col) = self
            .lines
            .line_col(&self.source.text, self.body_offset + body_offset);
        Location {
            file: self.source.path.clone(),
            line,
            col,
        }
    }
}

/// Walks `root/content` in sorted order and reads every file.
pub fn walk_sources(root: &Path) -> Result<Sources> {
    let content = root.join("content");
    if !content.is_dir() {
        return Err(Error::Usage(format!(
            "{}: no content/ folder here; create content/ with your Markdown files, or pass --root",
            root.display()
        )));
    }
    let mut sources = Sources::default();
    let walker = WalkDir::new(&content).sort_by_file_name().into_iter();
    for entry in walker.filter_entry(|e| !is_hidden(e.file_name())) {
        let entry = entry.map_err(|e| {
            let path = e
                .path()
                .map(Path::to_path_buf)
                .unwrap_or_else(|| content.clone());
            Error::io(path, std::io::Error::other(e.to_string()))
        })?;
        if !entry.file_type().is_file() {
            continue;
        }
        let rel = rel_path(entry.path(), &content);
        let bytes = std::fs::read(entry.path()).map_err(|e| Error::io(entry.path(), e))?;
        if rel.ends_with(".md") {
            let text = String::from_utf8(bytes).map_err(|_| {
                Error::Content(vec![Diagnostic::error(
                    Location {
                        file: format!("content/{rel}"),
                        line: 1,
                        col: 1,
                    },
                    "file is not valid UTF-8; save it as UTF-8",
                )])
            })?;
            sources.files.push(SourceFile {
                path: format!("content/{rel}"),
                rel,
                text,
            });
        } else {
            sources.assets.push(ContentAsset { rel, bytes });
        }
    }
    Ok(sources)
}

fn is_hidden(name: &std::ffi::OsStr) -> bool {
    name.to_str()
        .is_some_and(|n| n.starts_with('.') && n.len() > 1)
}

fn rel_path(path: &Path, base: &Path) -> String {
    let rel = path.strip_prefix(base).unwrap_or(path);
    rel.components()
        .map(|c| c.as_os_str().to_string_lossy())
        .collect::<Vec<_>>()
        .join("/")
}

/// Splits off and parses the front matter of `source`.
pub fn read_document(source: &SourceFile) -> Result<Document<'_>, Diagnostic> {
    let text = source.text.as_str();
    let lines = LineIndex::new(text);
    let text_no_bom = text.strip_prefix('\u{feff}').unwrap_or(text);
    let bom = text.len() - text_no_bom.len();
    for (fence, is_toml) in [("+++", true), ("---", false)] {
        let Some((inner_start, inner, body_offset)) = fenced(text_no_bom, fence) else {
            continue;
        };
        let inner_start = inner_start + bom;
        let at = |offset: usize| {
            let (line, col) = lines.line_col(text, inner_start + offset);
            Location {
                file: source.path.clone(),
                line,
                col,
            }
        };
        let (front, problems) = parse_front_matter(inner, is_toml)
            .map_err(|(offset, msg)| Diagnostic::error(at(offset), msg))?;
        let warnings = problems
            .into_iter()
            .map(|(offset, msg)| Diagnostic::warning(at(offset), msg))
            .collect();
        let body_offset = body_offset + bom;
        return Ok(Document {
            source,
            front,
            body: &text[body_offset..],
            body_offset,
            lines,
            warnings,
            dialect: None,
        });
    }
    Ok(Document {
        source,
        front: FrontMatter::default(),
        body: &text[bom..],
        body_offset: bom,
        lines,
        warnings: Vec::new(),
        dialect: None,
    })
}

/// `(start of inner text, inner text, start of body)` when `text` opens with a `fence` line.
fn fenced<'t>(text: &'t str, fence: &str) -> Option<(usize, &'t str, usize)> {
    let first = text.lines().next()?;
    if first.trim_end() != fence {
        return None;
    }
    let inner_start = text.find('\n')? + 1;
    let mut pos = inner_start;
    for line in text[inner_start..].split_inclusive('\n') {
        if line.trim_end() == fence {
            return Some((inner_start, &text[inner_start..pos], pos + line.len()));
        }
        pos += line.len();
    }
    None
}

#[cfg(test)]
mod tests {
    use super::*;

    fn src(text: &str) -> SourceFile {
        SourceFile {
            path: "content/a.md".into(),
            rel: "a.md".into(),
            text: text.into(),
        }
    }

    #[test]
    fn toml_front_matter() {
        let s = src("+++\ntitle = \"A\"\norder = 2\n+++\n# Body\n");
        let d = read_document(&s).unwrap();
        assert_eq!(d.front.title.as_deref(), Some("A"));
        assert_eq!(d.front.order, Some(2.0));
        assert_eq!(d.body, "# Body\n");
        assert_eq!(d.location(0).line, 5);
    }

    #[test]
    fn yaml_front_matter() {
        let s = src("---\ntitle: B\ndraft: true\n---\ntext\n");
        let d = read_document(&s).unwrap();
        assert_eq!(d.front.title.as_deref(), Some("B"));
        assert!(d.front.draft);
    }

    #[test]
    fn a_thematic_break_later_is_not_front_matter() {
        let s = src("# T\n\n---\n\nx\n");
        let d = read_document(&s).unwrap();
        assert!(d.front.title.is_none());
        assert_eq!(d.body_offset, 0);
    }

    #[test]
    fn bad_front_matter_names_the_line() {
        let s = src("+++\ntitle = \"A\"\norder = \"two\"\n+++\n");
        let e = read_document(&s).unwrap_err();
        assert_eq!((e.location.line, e.location.col), (3, 9), "{e}");
        let s = src("---\ntitle: B\norder: [1]\n---\n");
        let e = read_document(&s).unwrap_err();
        assert_eq!(e.location.line, 3, "{e}");
    }

    #[test]
    fn unknown_keys_are_warnings_at_their_line() {
        let s = src("---\ntitle: B\nbogus: 1\n---\n");
        let d = read_document(&s).unwrap();
        assert_eq!(d.warnings.len(), 1);
        let w = &d.warnings[0];
        assert_eq!((w.location.line, w.location.col), (3, 1), "{w}");
        assert!(w.message.contains("bogus"), "{w}");
    }
}
