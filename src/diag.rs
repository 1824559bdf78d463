//! Diagnostics: what a user sees about their content, always as `file:line:col: message`.
//!
//! A [`Diagnostic`] is data, separate from [`crate::Error`]: `build` fails on errors and
//! prints warnings; `check` collects every diagnostic, sorted by file and line.

use std::fmt;

/// A position in a source file. `line` and `col` are 1-based; `col` counts characters.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Hash, Default, serde::Serialize)]
pub struct Location {
    /// Path relative to the site root, with `/` separators (e.g. `content/guide.md`).
    pub file: String,
    /// 1-based line.
    pub line: u32,
    /// 1-based column, in characters.
    pub col: u32,
}

impl fmt::Display for Location {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}:{}:{}", self.file, self.line, self.col)
    }
}

/// How the messages of broken links and missing images begin (see `parse::links`).
pub const BROKEN_LINK_PREFIXES: &[&str] = &["broken link ", "broken image "];

/// How bad a diagnostic is.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Severity {
    /// Stops `build`; `check` exits non-zero.
    Error,
    /// Printed; the site is still written.
    Warning,
}

/// One problem found in the content, templates or configuration.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Diagnostic {
    /// Whether it stops a build.
    pub severity: Severity,
    /// Where it is, as written in the source (not in a rewritten form of it).
    pub location: Location,
    /// What is wrong and, where there is one, the fix.
    pub message: String,
}

impl Diagnostic {
    /// A problem that stops `build`.
    pub fn error(location: Location, message: impl Into<String>) -> Self {
        Self {
            severity: Severity::Error,
            location,
            message: message.into(),
        }
    }
    /// A problem worth telling that does not stop `build`.
    pub fn warning(location: Location, message: impl Into<String>) -> Self {
        Self {
            severity: Severity::Warning,
            location,
            message: message.into(),
        }
    }
    /// Whether this diagnostic stops a build.
    pub fn is_error(&self) -> bool {
        self.severity == Severity::Error
    }
    /// A link or image that points nowhere (what `broken_links = "warn"` lets through).
    pub fn is_broken_link(&self) -> bool {
        BROKEN_LINK_PREFIXES
            .iter()
            .any(|p| self.message.starts_with(p))
    }
}

impl fmt::Display for Diagnostic {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let kind = match self.severity {
            Severity::Error => "error",
            Severity::Warning => "warning",
        };
        write!(f, "{}: {kind}: {}", self.location, self.message)
    }
}

/// Sorts diagnostics by file, line, column, then severity and text (the order `check`
/// prints), and drops repeats: a heading rendered in two places reports its link once.
pub fn sort_diagnostics(diags: &mut Vec<Diagnostic>) {
    diags.sort_by(|a, b| {
        (&a.location, a.severity, &a.message).cmp(&(&b.location, b.severity, &b.message))
    });
    diags.dedup();
}

/// Maps byte offsets of one text to 1-based line and column numbers.
#[derive(Debug, Clone)]
pub struct LineIndex {
    starts: Vec<usize>,
}

impl LineIndex {
    /// The index of `text`'s line starts (one pass; lookups are binary searches).
    pub fn new(text: &str) -> Self {
        let mut starts = vec![0];
        starts.extend(text.match_indices('\n').map(|(i, _)| i + 1));
        Self { starts }
    }

    /// Line and column (both 1-based, column in characters) of byte `offset` in `text`.
    pub fn line_col(&self, text: &str, offset: usize) -> (u32, u32) {
        let offset = offset.min(text.len());
        let line = self.starts.partition_point(|&s| s <= offset) - 1;
        let start = self.starts[line];
        let col = text
            .get(start..offset)
            .map_or(offset - start, |s| s.chars().count());
        (line as u32 + 1, col as u32 + 1)
    }
}

/// The candidate closest to `wanted` by edit distance, if reasonably close.
pub(crate) fn closest<'c>(
    wanted: &str,
    candidates: impl Iterator<Item = &'c str>,
) -> Option<&'c str> {
    candidates
        .map(|c| (strsim::levenshtein(wanted, c), c))
        .filter(|(d, c)| *d <= wanted.len().max(c.len()) / 2 + 1)
        .min()
        .map(|(_, c)| c)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn offsets_map_to_lines_and_char_columns() {
        let text = "ab\ncdé\nx";
        let idx = LineIndex::new(text);
        assert_eq!(idx.line_col(text, 0), (1, 1));
        assert_eq!(idx.line_col(text, 3), (2, 1));
        assert_eq!(idx.line_col(text, 7), (2, 4)); // after the two-byte é
        assert_eq!(idx.line_col(text, 8), (3, 1));
        assert_eq!(idx.line_col(text, 100), (3, 2));
    }

    #[test]
    fn display_is_file_line_col() {
        let d = Diagnostic::error(
            Location {
                file: "content/a.md".into(),
                line: 3,
                col: 7,
            },
            "broken link",
        );
        assert_eq!(d.to_string(), "content/a.md:3:7: error: broken link");
    }
}
