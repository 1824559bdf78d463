//! `site.toml`: the site's configuration. Every key is optional; an empty or missing file
//! gives the defaults. Unknown keys and wrong types are errors naming `site.toml:line:col`;
//! every unknown key is reported at once, each with the known key it is closest to, and
//! alongside the content's problems (see [`read_config`]).

use std::path::Path;

use serde::Deserialize;

use crate::diag::{Diagnostic, LineIndex, Location};
use crate::error::{Error, Result};

/// How Markdown files become pages.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Deserialize, serde::Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Split {
    /// One file alone in `content/` is split into chapters; several files are a page each.
    #[default]
    Auto,
    /// Split every file at its top-level topics.
    Chapters,
    /// Every file is one page.
    None,
}

/// What a broken link (or missing image) is: an error that stops `build`, or a warning.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Deserialize, serde::Serialize)]
#[serde(rename_all = "lowercase")]
pub enum BrokenLinks {
    #[default]
    /// Stops `build` (the default: a published site has no dead links).
    Error,
    #[serde(alias = "warning")]
    /// Reported, and the site is written anyway (while drafting).
    Warn,
}

impl std::str::FromStr for BrokenLinks {
    type Err = String;
    fn from_str(s: &str) -> std::result::Result<Self, String> {
        match s {
            "error" => Ok(BrokenLinks::Error),
            "warn" | "warning" => Ok(BrokenLinks::Warn),
            _ => Err(format!("`{s}` is not a policy; use `error` or `warn`")),
        }
    }
}

impl BrokenLinks {
    /// The severity of a broken link under this policy.
    pub fn severity(self) -> crate::diag::Severity {
        match self {
            BrokenLinks::Error => crate::diag::Severity::Error,
            BrokenLinks::Warn => crate::diag::Severity::Warning,
        }
    }
}

/// Whether `build` keeps `permalinks.lock` (see README, "Links that never break").
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Deserialize, serde::Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Permalinks {
    /// `build` checks every anchor the lock lists and records new ones.
    #[default]
    Lock,
    /// No lock is read or written (aliases in the content still make redirects).
    Off,
}

/// The resolved configuration of a site.
#[derive(Debug, Clone, Deserialize, serde::Serialize)]
// Unknown keys are found by `unknown_keys` (all of them, with suggestions), not by serde,
// which stops at the first.
#[serde(default)]
pub struct Config {
    /// Site title; defaults to the single file's `#` heading, else "Documentation".
    pub title: Option<String>,
    /// Meta description of the home page (and of pages without their own).
    pub description: Option<String>,
    /// Language of the content (`<html lang>`).
    pub language: String,
    /// Author, shown in the footer and meta tags.
    pub author: Option<String>,
    /// Public URL of the site, e.g. `https://user.github.io/guide/`. Enables sitemap.xml and
    /// absolute Open Graph URLs. Links inside the site stay relative either way.
    pub base_url: Option<String>,
    /// Output folder, relative to the site root.
    pub output_dir: String,
    /// Repository URL, linked from the header.
    pub repository: Option<String>,
    /// "Edit this page" URL; `{path}` is replaced by the source path relative to the site root.
    /// Defaults to `<repository>/edit/main/{path}` when `repository` is set.
    pub edit_url: Option<String>,
    /// How files are split into pages.
    pub split: Split,
    /// Headings that are questions (`Q. …`, `12. …?`, ending in `?`) become interview questions.
    pub question_headings: bool,
    /// `"error"` (the default) stops the build on a broken link; `"warn"` builds anyway.
    pub broken_links: BrokenLinks,
    /// `permalinks.lock`: `"lock"` (the default) or `"off"`.
    pub permalinks: Permalinks,
    /// Pages show when they last changed, from git (when the site is in a repository).
    pub last_updated: bool,

    // ---- Look and language of the interface (see `brand` and `i18n`) ----
    /// Image shown in the header (a path from `static/`); its alt text is the title.
    pub logo: Option<String>,
    /// The site's icon (a path from `static/`); the default is `favicon.svg`.
    pub favicon: Option<String>,
    /// Colour of links, buttons and focus rings (contrast-checked in both themes).
    pub accent: Option<crate::brand::Accent>,
    /// Stylesheets from `static/`, linked on every page after the default one.
    pub extra_css: Vec<String>,
    /// Scripts from `static/`, loaded on every page after the default ones.
    pub extra_js: Vec<String>,
    /// Footer text, in Markdown.
    pub footer: Option<String>,
    /// Extra header links.
    pub nav: Vec<crate::brand::NavLink>,
    /// Interface text replacing the built-in text of `language`, by key.
    pub ui: crate::i18n::UiTable,
}

impl Default for Config {
    fn default() -> Self {
        Self {
            title: None,
            description: None,
            language: "en".into(),
            author: None,
            base_url: None,
            output_dir: "public".into(),
            repository: None,
            edit_url: None,
            split: Split::Auto,
            question_headings: true,
            broken_links: BrokenLinks::Error,
            permalinks: Permalinks::Lock,
            last_updated: true,
            logo: None,
            favicon: None,
            accent: None,
            extra_css: Vec::new(),
            extra_js: Vec::new(),
            footer: None,
            nav: Vec::new(),
            ui: crate::i18n::UiTable::new(),
        }
    }
}

impl Config {
    /// The edit URL of a source file, when the site names a repository.
    pub fn edit_url_for(&self, source_path: &str) -> Option<String> {
        let template = match (&self.edit_url, &self.repository) {
            (Some(t), _) => t.clone(),
            (None, Some(repo)) => format!("{}/edit/main/{{path}}", repo.trim_end_matches('/')),
            (None, None) => return None,
        };
        Some(template.replace("{path}", source_path))
    }

    /// `base_url` with exactly one trailing slash.
    pub fn base_url_dir(&self) -> Option<String> {
        self.base_url
            .as_deref()
            .filter(|u| !u.is_empty())
            .map(|u| format!("{}/", u.trim_end_matches('/')))
    }
}

/// Reads `site.toml` under `root`; a missing file gives the defaults. Unknown keys are
/// ignored here: [`read_config`] reports them.
pub fn load_config(root: &Path) -> Result<Config> {
    read_config(root).map(|(config, _)| config)
}

/// Reads `site.toml` under `root`: the configuration, and one error per unknown key (the
/// known keys still apply, so the rest of the site can be checked in the same round).
pub fn read_config(root: &Path) -> Result<(Config, Vec<Diagnostic>)> {
    let path = root.join("site.toml");
    match std::fs::read_to_string(&path) {
        Ok(text) => {
            let config = parse_config(&text, "site.toml")?;
            let named = [
                ("logo", config.logo.as_slice()),
                ("favicon", config.favicon.as_slice()),
                ("extra_css", config.extra_css.as_slice()),
                ("extra_js", config.extra_js.as_slice()),
            ];
            crate::brand::check_files(root, &named, &text, "site.toml")?;
            Ok((config, unknown_keys(&text, "site.toml")))
        }
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => Ok((Config::default(), Vec::new())),
        Err(e) => Err(Error::io(path, e)),
    }
}

/// One error per top-level key that is not a setting, each with the closest setting.
pub fn unknown_keys(text: &str, file: &str) -> Vec<Diagnostic> {
    let Ok(table) = toml::de::DeTable::parse(text) else {
        return Vec::new(); // a syntax error is reported by `parse_config`
    };
    let known = serde_aux::serde_introspection::serde_introspect::<Config>();
    let lines = LineIndex::new(text);
    let mut unknown: Vec<Diagnostic> = table
        .get_ref()
        .keys()
        .filter(|key| !known.contains(&key.get_ref().as_ref()))
        .map(|key| {
            let name = key.get_ref().as_ref();
            let (line, col) = lines.line_col(text, key.span().start);
            let hint = crate::diag::closest(name, known.iter().copied())
                .map(|k| format!("did you mean `{k}`? "))
                .unwrap_or_default();
            Diagnostic::error(
                Location {
                    file: file.to_string(),
                    line,
                    col,
                },
                format!(
                    "unknown key `{name}` in {file}; {hint}remove it or fix its spelling (see README.md, \"site.toml\")"
                ),
            )
        })
        .collect();
    unknown.sort_by(|a, b| a.location.cmp(&b.location));
    unknown
}

/// Parses configuration text; errors carry `file:line:col`. Unknown keys are ignored
/// (see [`unknown_keys`]).
pub fn parse_config(text: &str, file: &str) -> Result<Config> {
    let config: Config = toml::from_str(text).map_err(|e| {
        let offset = e.span().map_or(0, |s| s.start);
        let (line, col) = LineIndex::new(text).line_col(text, offset);
        let location = Location {
            file: file.to_string(),
            line,
            col,
        };
        Error::Config(Diagnostic::error(
            location,
            toml_message(&e, key_at(text, offset)),
        ))
    })?;
    validate(&config, file)?;
    if let Some(accent) = &config.accent {
        crate::brand::accent_pair(accent, text, file)?;
    }
    Ok(config)
}

/// The `key` of the `key = value` line holding `offset`, if any.
fn key_at(text: &str, offset: usize) -> Option<&str> {
    let start = text[..offset.min(text.len())]
        .rfind('\n')
        .map_or(0, |i| i + 1);
    let line = text[start..].lines().next()?;
    // A table header `[name]` where a plain value was expected.
    if let Some(header) = line.trim().strip_prefix('[') {
        let key = header.trim_matches(|c| c == '[' || c == ']').trim();
        return (!key.is_empty()).then_some(key);
    }
    let key = line.split_once('=')?.0.trim();
    (!key.is_empty() && !key.starts_with('#')).then_some(key)
}

fn toml_message(e: &toml::de::Error, key: Option<&str>) -> String {
    let msg = e.message().trim().to_string();
    let msg = match key {
        Some(k) if !msg.contains("unknown field") => format!("`{k}`: {msg}"),
        _ => msg,
    };
    if msg.contains("unknown field") {
        format!("{msg}; remove the key or fix its spelling (see README.md, \"site.toml\")")
    } else {
        msg
    }
}

fn validate(config: &Config, file: &str) -> Result<()> {
    let at = |message: String| {
        Err(Error::Config(Diagnostic::error(
            Location {
                file: file.to_string(),
                line: 1,
                col: 1,
            },
            message,
        )))
    };
    if let Some(url) = config.base_url.as_deref().filter(|u| !u.is_empty())
        && !(url.starts_with("http://") || url.starts_with("https://") || url.starts_with('/'))
    {
        return at(format!(
            "base_url `{url}` must start with http://, https:// or /, e.g. https://user.github.io/guide/"
        ));
    }
    if config.output_dir.trim().is_empty() {
        return at("output_dir must not be empty; the default is \"public\"".into());
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn empty_file_gives_defaults() {
        let c = parse_config("", "site.toml").unwrap();
        assert_eq!(c.output_dir, "public");
        assert_eq!(c.language, "en");
        assert!(c.question_headings);
    }

    #[test]
    fn every_unknown_key_is_named_with_a_suggestion() {
        let text = "title = \"x\"\n\ntitel = \"y\"\n  languag = \"en\"\nzzzzzzzzzzzz = 1\n";
        let c = parse_config(text, "site.toml").unwrap();
        assert_eq!(c.title.as_deref(), Some("x"));
        let msgs: Vec<String> = unknown_keys(text, "site.toml")
            .iter()
            .map(ToString::to_string)
            .collect();
        assert_eq!(msgs.len(), 3, "{msgs:?}");
        assert!(
            msgs[0].starts_with("site.toml:3:1: error: unknown key `titel`"),
            "{msgs:?}"
        );
        assert!(msgs[0].contains("did you mean `title`?"), "{msgs:?}");
        assert!(
            msgs[1].starts_with("site.toml:4:3: error: unknown key `languag`"),
            "{msgs:?}"
        );
        assert!(msgs[1].contains("did you mean `language`?"), "{msgs:?}");
        assert!(!msgs[2].contains("did you mean"), "{msgs:?}");
        assert!(unknown_keys("broken_links = \"warn\"", "site.toml").is_empty());
    }

    #[test]
    fn broken_links_policy() {
        assert_eq!(
            parse_config("", "site.toml").unwrap().broken_links,
            BrokenLinks::Error
        );
        let c = parse_config("broken_links = \"warn\"", "site.toml").unwrap();
        assert_eq!(c.broken_links, BrokenLinks::Warn);
        let err = parse_config("broken_links = \"maybe\"", "site.toml").unwrap_err();
        assert!(err.to_string().starts_with("site.toml:1:16:"), "{err}");
        assert_eq!("warn".parse::<BrokenLinks>(), Ok(BrokenLinks::Warn));
        assert!("loud".parse::<BrokenLinks>().is_err());
    }

    #[test]
    fn wrong_type_names_line_and_column() {
        let err = parse_config("language = \"en\"\nsplit = 3\n", "site.toml").unwrap_err();
        assert!(err.to_string().starts_with("site.toml:2:9:"), "{err}");
    }

    #[test]
    fn edit_url_defaults_from_repository() {
        let c = parse_config(
            "repository = \"https://git.example/me/guide/\"",
            "site.toml",
        )
        .unwrap();
        assert_eq!(
            c.edit_url_for("content/a.md").as_deref(),
            Some("https://git.example/me/guide/edit/main/content/a.md")
        );
    }

    #[test]
    fn the_permalink_lock_can_be_turned_off() {
        assert_eq!(
            parse_config("", "site.toml").unwrap().permalinks,
            Permalinks::Lock
        );
        let c = parse_config("permalinks = \"off\"", "site.toml").unwrap();
        assert_eq!(c.permalinks, Permalinks::Off);
        let err = parse_config("permalinks = \"of\"", "site.toml").unwrap_err();
        assert!(err.to_string().starts_with("site.toml:1:14:"), "{err}");
    }

    #[test]
    fn base_url_must_be_a_url() {
        assert!(parse_config("base_url = \"example.com\"", "site.toml").is_err());
        let c = parse_config("base_url = \"https://x.io/guide\"", "site.toml").unwrap();
        assert_eq!(c.base_url_dir().as_deref(), Some("https://x.io/guide/"));
    }
}
