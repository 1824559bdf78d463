//! A folder's title and position: from the front matter of its `index.md` / `README.md` /
//! `_index.md` (Hugo), or from a Docusaurus `_category_.json` / `_category_.yml` (`label`,
//! `position`). Folders without either keep their name and sort by it.

use std::cmp::Ordering;
use std::collections::HashMap;

use serde::Deserialize;

use crate::diag::{Diagnostic, Location};
use crate::source::{ContentAsset, Document};

/// Names of a Docusaurus category file.
const CATEGORY_FILES: &[&str] = &["_category_.json", "_category_.yml", "_category_.yaml"];

/// Whether a file stands for its folder (`index.md`, `_index.md`, `README.md`, any
/// Markdown extension).
fn is_index_file(name: &str) -> bool {
    crate::source::markdown_stem(name).is_some_and(|stem| {
        matches!(
            stem.to_ascii_lowercase().as_str(),
            "index" | "_index" | "readme"
        )
    })
}

#[derive(Debug, Default, Clone)]
struct FolderMeta {
    title: Option<String>,
    order: Option<f64>,
}

/// What is known about each folder of `content/`, by its path (`basics`, `basics/more`).
#[derive(Debug, Default)]
pub(super) struct Folders {
    meta: HashMap<String, FolderMeta>,
}

#[derive(Debug, Default, Deserialize)]
#[serde(default)]
struct Category {
    label: Option<String>,
    position: Option<f64>,
}

/// A Docusaurus category file: read for the folder, not copied to the site.
pub(super) fn is_category_file(rel: &str) -> bool {
    let name = rel.rsplit('/').next().unwrap_or(rel);
    CATEGORY_FILES.contains(&name)
}

impl Folders {
    /// Reads the folder index files among `docs` and the category files among `assets`.
    /// An unreadable category file is a warning; the folder then keeps its name.
    pub(super) fn read(
        docs: &[Document<'_>],
        assets: &[ContentAsset],
        diags: &mut Vec<Diagnostic>,
    ) -> Self {
        let mut meta: HashMap<String, FolderMeta> = HashMap::new();
        for asset in assets.iter().filter(|a| is_category_file(&a.rel)) {
            let Some((dir, _)) = asset.rel.rsplit_once('/') else {
                continue;
            };
            match parse_category(&asset.rel, &asset.bytes) {
                Ok(c) => {
                    let m = meta.entry(dir.to_string()).or_default();
                    m.title = m.title.take().or(c.label);
                    m.order = m.order.or(c.position);
                }
                Err(d) => diags.push(d),
            }
        }
        for doc in docs {
            let Some((dir, name)) = doc.source.rel.rsplit_once('/') else {
                continue;
            };
            if !is_index_file(name) {
                continue;
            }
            let front = &doc.front;
            let m = meta.entry(dir.to_string()).or_default();
            // The index file's front matter wins over a category file.
            m.title = front
                .nav_title
                .clone()
                .or(front.title.clone())
                .or(m.title.take());
            m.order = front.order.or(m.order);
        }
        Self { meta }
    }

    /// Reading order of two folders (`""` is the top level, which comes first): folder by
    /// folder from the top, by position, then name.
    pub(super) fn compare(&self, a: &str, b: &str) -> Ordering {
        let (ka, kb) = (self.key(a), self.key(b));
        for (x, y) in ka.iter().zip(&kb) {
            let o = x.0.total_cmp(&y.0).then_with(|| x.1.cmp(y.1));
            if o != Ordering::Equal {
                return o;
            }
        }
        ka.len().cmp(&kb.len())
    }

    fn key<'d>(&self, dir: &'d str) -> Vec<(f64, &'d str)> {
        if dir.is_empty() {
            return Vec::new();
        }
        let mut key = Vec::new();
        let mut end = 0;
        for name in dir.split('/') {
            end += name.len();
            let order = self.meta.get(&dir[..end]).and_then(|m| m.order);
            key.push((order.unwrap_or(f64::MAX), name));
            end += 1;
        }
        key
    }

    /// The title of the folder `dir` itself (its category file's label, or its index page's
    /// title), if it has one.
    pub(super) fn own_title(&self, dir: &str) -> Option<&str> {
        self.meta.get(dir).and_then(|m| m.title.as_deref())
    }

    /// The navigation group of a folder: each level's title (else its name), joined by ` / `.
    pub(super) fn group_title(&self, dir: &str) -> String {
        let mut path = String::new();
        let mut labels = Vec::new();
        for name in dir.split('/') {
            if !path.is_empty() {
                path.push('/');
            }
            path.push_str(name);
            let title = self.meta.get(&path).and_then(|m| m.title.clone());
            labels.push(title.unwrap_or_else(|| name.to_string()));
        }
        labels.join(" / ")
    }
}

fn parse_category(rel: &str, bytes: &[u8]) -> Result<Category, Diagnostic> {
    let at = |line: usize, col: usize| Location {
        file: format!("content/{rel}"),
        line: line as u32,
        col: col as u32,
    };
    let problem = |loc: Location, e: &dyn std::fmt::Display| {
        Diagnostic::warning(
            loc,
            format!("category file not read ({e}); the folder keeps its name"),
        )
    };
    if rel.ends_with(".json") {
        serde_json::from_slice(bytes).map_err(|e| problem(at(e.line(), e.column()), &e))
    } else {
        let text = String::from_utf8_lossy(bytes);
        crate::yaml_guard::check(&text).map_err(|(offset, msg)| {
            let (line, col) = crate::diag::LineIndex::new(&text).line_col(&text, offset);
            problem(at(line as usize, col as usize), &msg)
        })?;
        serde_yaml_ng::from_slice(bytes).map_err(|e| {
            let (line, col) = e.location().map_or((1, 1), |l| (l.line(), l.column()));
            problem(at(line, col), &e)
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::source::{SourceFile, read_document};

    fn asset(rel: &str, text: &str) -> ContentAsset {
        ContentAsset {
            rel: rel.into(),
            bytes: text.as_bytes().to_vec(),
        }
    }

    #[test]
    fn titles_and_positions_from_category_files_and_index_front_matter() {
        let index = SourceFile {
            path: "content/zz/_index.md".into(),
            rel: "zz/_index.md".into(),
            text: "+++\ntitle = \"Last but first\"\nweight = 1\n+++\n".into(),
        };
        let docs = vec![read_document(&index).unwrap()];
        let assets = [
            asset(
                "aa/_category_.json",
                r#"{"label": "Basics", "position": 2, "link": {"type": "generated-index"}}"#,
            ),
            asset("aa/bb/_category_.yml", "label: Inner\nposition: 1\n"),
            asset("broken/_category_.json", "{\"label\": }"),
        ];
        let mut diags = Vec::new();
        let f = Folders::read(&docs, &assets, &mut diags);
        assert_eq!(diags.len(), 1, "{diags:?}");
        assert_eq!(diags[0].location.file, "content/broken/_category_.json");
        assert_eq!(f.group_title("aa"), "Basics");
        assert_eq!(f.group_title("aa/bb"), "Basics / Inner");
        assert_eq!(f.group_title("zz"), "Last but first");
        assert_eq!(f.group_title("plain"), "plain");
        let mut dirs = vec!["plain", "aa/bb", "aa", "", "zz"];
        dirs.sort_by(|a, b| f.compare(a, b));
        assert_eq!(dirs, ["", "zz", "aa", "aa/bb", "plain"]);
    }

    #[test]
    fn category_files_are_recognised_anywhere() {
        assert!(is_category_file("a/b/_category_.json"));
        assert!(!is_category_file("a/category.json"));
    }
}
