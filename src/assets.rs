//! Default templates and static files, embedded in the binary, and a site's overrides.
//!
//! Adding a default is one line in [`DEFAULT_TEMPLATES`] or [`DEFAULT_STATIC`]. A file of the
//! same name in the site's own `templates/` or `static/` folder replaces the default.

use std::collections::BTreeMap;
use std::path::Path;

use walkdir::WalkDir;

use crate::error::{Error, Result};

/// Default Tera templates: `(name, source)`.
pub(crate) const DEFAULT_TEMPLATES: &[(&str, &str)] = &[
    ("base.html", include_str!("../templates/base.html")),
    ("macros.html", include_str!("../templates/macros.html")),
    ("index.html", include_str!("../templates/index.html")),
    ("page.html", include_str!("../templates/page.html")),
    (
        "questions.html",
        include_str!("../templates/questions.html"),
    ),
    ("examples.html", include_str!("../templates/examples.html")),
    ("search.html", include_str!("../templates/search.html")),
    ("404.html", include_str!("../templates/404.html")),
    ("question.html", include_str!("../templates/question.html")),
    ("study.html", include_str!("../templates/study.html")),
    ("print.html", include_str!("../templates/print.html")),
];

/// Default static files: `(output path, bytes)`.
pub(crate) const DEFAULT_STATIC: &[(&str, &[u8])] = &[
    (
        "assets/quire.css",
        include_bytes!("../static/assets/quire.css"),
    ),
    (
        "assets/quire.js",
        include_bytes!("../static/assets/quire.js"),
    ),
    (
        "assets/search.js",
        include_bytes!("../static/assets/search.js"),
    ),
    (
        "assets/practice.js",
        include_bytes!("../static/assets/practice.js"),
    ),
    ("favicon.svg", include_bytes!("../static/favicon.svg")),
];

/// A template's source and where it came from (for error messages).
#[derive(Debug, Clone)]
pub(crate) struct TemplateSource {
    pub name: String,
    pub origin: String,
    pub text: String,
}

/// The templates to use: defaults, replaced by `root/templates/*` of the same name.
pub(crate) fn load_templates(root: &Path) -> Result<Vec<TemplateSource>> {
    let mut map: BTreeMap<String, TemplateSource> = DEFAULT_TEMPLATES
        .iter()
        .map(|(name, text)| {
            let t = TemplateSource {
                name: name.to_string(),
                origin: format!("templates/{name} (built-in)"),
                text: text.to_string(),
            };
            (name.to_string(), t)
        })
        .collect();
    let own = read_tree(&root.join("templates"), Dotfiles::Skip)?;
    // A site's template can extend or include a default by its name under `quire/`
    // (`{% extends "quire/base.html" %}`) and replace just one block.
    if !own.is_empty() {
        for (name, text) in DEFAULT_TEMPLATES {
            let name = format!("quire/{name}");
            let t = TemplateSource {
                name: name.clone(),
                origin: format!("templates/{name} (built-in)"),
                text: text.to_string(),
            };
            map.insert(name, t);
        }
    }
    for (rel, bytes) in own {
        let text = String::from_utf8(bytes).map_err(|e| {
            let file = format!("templates/{rel}");
            Error::Template(crate::source::utf8_error(
                &file,
                e.as_bytes(),
                e.utf8_error(),
            ))
        })?;
        map.insert(
            rel.clone(),
            TemplateSource {
                name: rel.clone(),
                origin: format!("templates/{rel}"),
                text,
            },
        );
    }
    Ok(map.into_values().collect())
}

/// Static files to copy: defaults, replaced or extended by `root/static/**`.
pub(crate) fn load_static(root: &Path) -> Result<BTreeMap<String, Vec<u8>>> {
    let mut map: BTreeMap<String, Vec<u8>> = DEFAULT_STATIC
        .iter()
        .map(|(p, b)| (p.to_string(), b.to_vec()))
        .collect();
    map.extend(read_tree(&root.join("static"), Dotfiles::Publish)?);
    Ok(map)
}

/// What [`read_tree`] does with files and folders whose name starts with a dot.
#[derive(Clone, Copy, PartialEq, Eq)]
enum Dotfiles {
    Skip,
    /// Kept: hosts read `static/.nojekyll`, `static/.well-known/…`, `static/.htaccess`.
    /// Only editor and system leftovers are dropped.
    Publish,
}

/// Files no site means to publish, whatever the folder.
fn is_leftover(name: &str) -> bool {
    name == ".DS_Store"
        || name == ".git"
        || name.starts_with(".#")
        || name.ends_with('~')
        || [".swp", ".swo", ".swx"]
            .iter()
            .any(|ext| name.ends_with(ext))
}

/// Every file under `dir` (sorted), keyed by its `/`-separated path relative to `dir`.
fn read_tree(dir: &Path, dotfiles: Dotfiles) -> Result<Vec<(String, Vec<u8>)>> {
    if !dir.is_dir() {
        return Ok(Vec::new());
    }
    let mut out = Vec::new();
    for entry in WalkDir::new(dir).sort_by_file_name() {
        let entry = entry.map_err(|e| Error::io(dir, std::io::Error::other(e.to_string())))?;
        if !entry.file_type().is_file() {
            continue;
        }
        let rel = entry.path().strip_prefix(dir).unwrap_or(entry.path());
        let rel: Vec<_> = rel
            .components()
            .map(|c| c.as_os_str().to_string_lossy().into_owned())
            .collect();
        let hidden = |c: &String| c.starts_with('.') && dotfiles == Dotfiles::Skip;
        if rel.iter().any(|c| hidden(c) || is_leftover(c)) {
            continue;
        }
        let bytes = std::fs::read(entry.path()).map_err(|e| Error::io(entry.path(), e))?;
        out.push((rel.join("/"), bytes));
    }
    Ok(out)
}
