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
    /// The file's text, as read (UTF-8).
    pub text: String,
}

/// A non-Markdown file under `content/` (an image, say), copied to the output as is.
#[derive(Debug, Clone)]
pub struct ContentAsset {
    /// Path relative to `content/`, which is also its path in the output.
    pub rel: String,
    /// The file's bytes, as read.
    pub bytes: Vec<u8>,
}

/// Everything read from `content/`.
#[derive(Debug, Default)]
pub struct Sources {
    /// The site folder (what `{{#include}}` paths may not leave).
    pub root: std::path::PathBuf,
    /// The Markdown files, sorted by path.
    pub files: Vec<SourceFile>,
    /// Every other file, sorted by path.
    pub assets: Vec<ContentAsset>,
}

/// A source file with its front matter separated from the Markdown body.
#[derive(Debug)]
pub struct Document<'a> {
    /// The file the document was read from.
    pub source: &'a SourceFile,
    /// Its front matter (defaults when it has none).
    pub front: FrontMatter,
    /// The Markdown after the front matter.
    pub body: &'a str,
    /// Byte offset of `body` in the file, so locations point into the file.
    pub body_offset: usize,
    /// Line starts of the whole file, for locations.
    pub lines: LineIndex,
    /// Warnings about the front matter (unknown keys), once each.
    pub warnings: Vec<Diagnostic>,
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

/// Walks `root/content` in sorted order and reads every file; the diagnostics are files that
/// could not be used (not UTF-8, a link leaving the site, a name that is not UTF-8).
///
/// Symbolic links are followed when they point inside the site folder (a chapter shared
/// between two guides, say); a link that leaves the site, dangles or loops is reported.
pub fn walk_sources(root: &Path) -> Result<(Sources, Vec<Diagnostic>)> {
    let content = root.join("content");
    if !content.is_dir() {
        return Err(Error::Usage(format!(
            "{}: no content/ folder here; create content/ with your Markdown files, or pass --root",
            root.display()
        )));
    }
    let site = std::fs::canonicalize(root).map_err(|e| Error::io(root, e))?;
    let mut walk = Walk {
        site,
        sources: Sources {
            root: root.to_path_buf(),
            ..Sources::default()
        },
        problems: Vec::new(),
        seen: std::collections::HashMap::new(),
        open_dirs: Vec::new(),
        pending: Vec::new(),
    };
    walk.dir(&content, "")?;
    walk.read_pending()?;
    Ok((walk.sources, walk.problems))
}

/// The state of one walk of `content/`.
struct Walk {
    /// The site folder, with links resolved: links may point anywhere under it.
    site: std::path::PathBuf,
    sources: Sources,
    problems: Vec<Diagnostic>,
    /// Output names taken so far → the file on disk that took it (two names that are not
    /// UTF-8 could otherwise come out the same).
    seen: std::collections::HashMap<String, std::path::PathBuf>,
    /// Folders being walked (resolved): a link back to one of them would never end.
    open_dirs: Vec<std::path::PathBuf>,
    /// Files found and not yet read (they are read together, in parallel), each with its
    /// name and how many problems came before it.
    pending: Vec<(std::path::PathBuf, String, usize)>,
}

impl Walk {
    /// Walks the folder `dir`, whose entries are named `prefix` + their name.
    fn dir(&mut self, dir: &Path, prefix: &str) -> Result<()> {
        let real = std::fs::canonicalize(dir).map_err(|e| Error::io(dir, e))?;
        self.open_dirs.push(real);
        let walker = WalkDir::new(dir)
            .min_depth(1)
            .max_depth(1)
            .sort_by_file_name();
        for entry in walker {
            let entry = entry.map_err(|e| {
                let path = e
                    .path()
                    .map_or_else(|| dir.to_path_buf(), Path::to_path_buf);
                Error::io(path, std::io::Error::other(e.to_string()))
            })?;
            let name = entry.file_name();
            if is_hidden(name) {
                continue;
            }
            let Some(rel) = self.name(prefix, name, entry.path()) else {
                continue;
            };
            let ty = entry.file_type();
            if ty.is_symlink() {
                self.link(entry.path(), &rel)?;
            } else if ty.is_dir() {
                self.dir(entry.path(), &format!("{rel}/"))?;
            } else if ty.is_file() {
                self.file(entry.path(), rel)?;
            }
        }
        self.open_dirs.pop();
        Ok(())
    }

    /// The `/`-separated name of an entry; a name that is not UTF-8 is warned about and
    /// spelled with `%XX` for its bad bytes, and a name already taken is skipped.
    fn name(&mut self, prefix: &str, name: &std::ffi::OsStr, path: &Path) -> Option<String> {
        let rel = format!("{prefix}{}", file_name(name));
        if name.to_str().is_none() {
            self.warn(
                &rel,
                "the file name is not valid UTF-8 (shown with %XX for the bad bytes); rename it",
            );
        }
        if let Some(first) = self.seen.get(&rel) {
            let message = format!(
                "skipped: this name is already taken by {}; rename one of the two",
                first.display()
            );
            self.warn(&rel, &message);
            return None;
        }
        self.seen.insert(rel.clone(), path.to_path_buf());
        Some(rel)
    }

    /// Follows a link that stays inside the site; reports any other.
    fn link(&mut self, path: &Path, rel: &str) -> Result<()> {
        let target = match std::fs::canonicalize(path) {
            Ok(t) => t,
            Err(_) => {
                self.warn(rel, "skipped: a link to a file that does not exist");
                return Ok(());
            }
        };
        if !target.starts_with(&self.site) {
            let message = format!(
                "skipped: a link to {}, outside the site folder; copy the file into the site, \
                 or link to a file inside it",
                target.display()
            );
            self.warn(rel, &message);
        } else if target.is_dir() {
            if self.open_dirs.iter().any(|d| d.starts_with(&target)) {
                self.warn(rel, "skipped: a link to a folder that contains it (a loop)");
            } else {
                self.dir(&target, &format!("{rel}/"))?;
            }
        } else if target.is_file() {
            self.file(&target, rel.to_string())?;
        }
        Ok(())
    }

    fn file(&mut self, path: &Path, rel: String) -> Result<()> {
        self.pending
            .push((path.to_path_buf(), rel, self.problems.len()));
        Ok(())
    }

    /// Reads the files found (in parallel: thousands of small files), keeping them, and
    /// their problems among the others, in the order they were found.
    fn read_pending(&mut self) -> Result<()> {
        use rayon::prelude::*;
        let read: Vec<(String, std::io::Result<Vec<u8>>, usize, std::path::PathBuf)> =
            std::mem::take(&mut self.pending)
                .into_par_iter()
                .map(|(path, rel, slot)| (rel, std::fs::read(&path), slot, path))
                .collect();
        let mut bad = Vec::new();
        for (rel, bytes, slot, path) in read {
            let bytes = bytes.map_err(|e| Error::io(&path, e))?;
            if markdown_stem(&rel).is_none() {
                self.sources.assets.push(ContentAsset { rel, bytes });
                continue;
            }
            let path = format!("content/{rel}");
            match String::from_utf8(bytes) {
                Ok(text) => self.sources.files.push(SourceFile { path, rel, text }),
                Err(e) => bad.push((slot, utf8_error(&path, e.as_bytes(), e.utf8_error()))),
            }
        }
        // From the last: each goes before the problems found after its file.
        for (slot, d) in bad.into_iter().rev() {
            self.problems.insert(slot, d);
        }
        Ok(())
    }

    fn warn(&mut self, rel: &str, message: &str) {
        let location = Location {
            file: format!("content/{rel}"),
            line: 1,
            col: 1,
        };
        self.problems.push(Diagnostic::warning(location, message));
    }
}

/// The error for a file that is not valid UTF-8, at the first bad byte.
pub fn utf8_error(file: &str, bytes: &[u8], e: std::str::Utf8Error) -> Diagnostic {
    let good = e.valid_up_to();
    let text = std::str::from_utf8(&bytes[..good]).unwrap_or_default();
    let (line, col) = LineIndex::new(text).line_col(text, good);
    let location = Location {
        file: file.to_string(),
        line,
        col,
    };
    let message = format!(
        "the file is not valid UTF-8 (byte 0x{:02X} here); save it as UTF-8",
        bytes[good]
    );
    Diagnostic::error(location, message)
}

/// A file name as text: bytes that are not UTF-8 are written `%XX`.
fn file_name(name: &std::ffi::OsStr) -> String {
    if let Some(s) = name.to_str() {
        return s.to_string();
    }
    #[cfg(unix)]
    {
        use std::os::unix::ffi::OsStrExt;
        let mut out = String::new();
        for chunk in name.as_bytes().utf8_chunks() {
            out.push_str(chunk.valid());
            for b in chunk.invalid() {
                out.push_str(&format!("%{b:02X}"));
            }
        }
        out
    }
    #[cfg(not(unix))]
    name.to_string_lossy().into_owned()
}

fn is_hidden(name: &std::ffi::OsStr) -> bool {
    name.to_str()
        .is_some_and(|n| n.starts_with('.') && n.len() > 1)
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
        });
    }
    Ok(Document {
        source,
        front: FrontMatter::default(),
        body: &text[bom..],
        body_offset: bom,
        lines,
        warnings: Vec::new(),
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

/// A Markdown file's path without its extension: `.md`, the `.mdx` of Docusaurus or the
/// `.markdown` of MkDocs and Jekyll. None for any other file (an asset).
pub(crate) fn markdown_stem(path: &str) -> Option<&str> {
    [".md", ".mdx", ".markdown"]
        .iter()
        .find_map(|ext| path.strip_suffix(ext))
        .filter(|stem| !stem.is_empty() && !stem.ends_with('/'))
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
