//! Front matter: quire's own keys, and the keys Docusaurus, Hugo, Jekyll (Just the Docs) and
//! MkDocs write, so that their pages build as they are. A key of theirs with a quire meaning
//! takes that meaning (order, navigation label, slug, aliases, draft, description); their
//! other keys are accepted silently; any other key is a warning. Every key that is not
//! quire's own reaches templates as `page.extra`.

use std::collections::BTreeMap;

use serde::Deserialize;

use crate::config::Split;

/// Front matter fields a page may set.
#[derive(Debug, Clone, Default)]
pub struct FrontMatter {
    /// The page's title, in place of its first heading.
    pub title: Option<String>,
    /// Position among the files of its folder (lower first; fractions allowed).
    pub order: Option<f64>,
    /// The page's output name (`<slug>.html`), in place of one made from its title.
    pub slug: Option<String>,
    /// Left out of the site (and of links: a link to it is broken).
    pub draft: bool,
    /// The page's summary for search engines and link previews.
    pub description: Option<String>,
    /// Whether this file is cut into chapters at its `##` headings (overrides `site.toml`).
    pub split: Option<Split>,
    /// Every heading of the file is an interview question.
    pub questions: bool,
    /// Old ids or pages kept working: `"old-id -> new-id"` or `"old-page.html"`.
    pub aliases: Vec<String>,
    /// The page's label in navigation, when shorter than its title.
    pub nav_title: Option<String>,
    /// Every key that is not quire's own, for templates (`page.extra`).
    pub extra: BTreeMap<String, serde_json::Value>,
}

/// quire's own keys.
const QUIRE_KEYS: &[&str] = &[
    "title",
    "order",
    "slug",
    "draft",
    "description",
    "split",
    "questions",
    "aliases",
    "nav_title",
];

/// Keys of other documentation tools, accepted without a warning (those with a quire
/// meaning are read into [`Raw`]).
const OTHER_TOOLS_KEYS: &[&str] = &[
    // Docusaurus
    "id",
    "sidebar_label",
    "sidebar_position",
    "sidebar_class_name",
    "sidebar_key",
    "sidebar_custom_props",
    "displayed_sidebar",
    "hide_title",
    "hide_table_of_contents",
    "toc_min_heading_level",
    "toc_max_heading_level",
    "pagination_next",
    "pagination_prev",
    "pagination_label",
    "parse_number_prefixes",
    "custom_edit_url",
    "keywords",
    "image",
    "tags",
    "unlisted",
    "last_update",
    "format",
    // Hugo
    "weight",
    "date",
    "lastmod",
    "publishDate",
    "expiryDate",
    "summary",
    "linkTitle",
    "type",
    "layout",
    "url",
    "categories",
    "series",
    "toc",
    "menu",
    "params",
    "headless",
    "cascade",
    "outputs",
    "resources",
    "markup",
    "isCJKLanguage",
    "translationKey",
    "build",
    "sitemap",
    "images",
    "author",
    "authors",
    // Jekyll and Just the Docs
    "nav_order",
    "permalink",
    "parent",
    "grand_parent",
    "has_children",
    "has_toc",
    "nav_exclude",
    "search_exclude",
    "child_nav_order",
    "published",
    "excerpt",
    "last_modified_date",
    "redirect_from",
    "redirect_to",
    // MkDocs (Material)
    "hide",
    "template",
    "status",
    "search",
    "icon",
    "subtitle",
    "comments",
];

/// The keys read by name; every other key is ignored here and looked at by [`extra_keys`].
#[derive(Debug, Default, Deserialize)]
#[serde(default)]
struct Raw {
    title: Option<String>,
    order: Option<f64>,
    slug: Option<String>,
    draft: Option<bool>,
    description: Option<String>,
    split: Option<Split>,
    questions: bool,
    aliases: Vec<String>,
    nav_title: Option<String>,
    // Other tools' names for the same things.
    sidebar_position: Option<f64>,
    weight: Option<f64>,
    nav_order: Option<f64>,
    sidebar_label: Option<String>,
    #[serde(rename = "linkTitle")]
    link_title: Option<String>,
    id: Option<String>,
    permalink: Option<String>,
    summary: Option<String>,
    published: Option<bool>,
    redirect_from: Vec<String>,
}

impl Raw {
    fn resolve(self, extra: BTreeMap<String, serde_json::Value>) -> FrontMatter {
        let slug = self
            .slug
            .as_deref()
            .and_then(last_segment)
            .or_else(|| self.permalink.as_deref().and_then(last_segment))
            .or_else(|| self.id.as_deref().and_then(last_segment));
        let aliases = self
            .aliases
            .iter()
            .chain(&self.redirect_from)
            .map(|a| path_alias(a))
            .collect();
        FrontMatter {
            title: self.title,
            order: self
                .order
                .or(self.sidebar_position)
                .or(self.weight)
                .or(self.nav_order),
            slug,
            draft: self.draft.unwrap_or(false) || self.published == Some(false),
            description: self.description.or(self.summary),
            split: self.split,
            questions: self.questions,
            aliases,
            nav_title: self.nav_title.or(self.sidebar_label).or(self.link_title),
            extra,
        }
    }
}

/// The last segment of a Docusaurus slug or Jekyll permalink (`/docs/intro/` → `intro`).
/// Permalink patterns (`/:title/`) and the site root (`/`) give none.
fn last_segment(path: &str) -> Option<String> {
    if path.contains(':') {
        return None;
    }
    let seg = path.trim_end_matches('/').rsplit('/').next()?;
    let seg = seg.strip_suffix(".html").unwrap_or(seg);
    (!seg.is_empty()).then(|| seg.to_string())
}

/// A Hugo or jekyll-redirect-from alias (`/old/path/`) as a quire old page (`old/path.html`);
/// quire's own forms (`old-id -> new-id`, `old.html`) are kept as written.
fn path_alias(alias: &str) -> String {
    match alias.strip_prefix('/') {
        Some(path) if !alias.contains("->") => {
            let path = path.trim_end_matches('/');
            if path.ends_with(".html") || path.is_empty() {
                path.to_string()
            } else {
                format!("{path}.html")
            }
        }
        _ => alias.to_string(),
    }
}

/// A front matter problem: byte offset in the front matter text and the message.
pub(crate) type FrontProblem = (usize, String);

/// Parses front matter text (TOML or YAML). `Ok` carries the warnings (unknown keys, once
/// each); `Err` the first error (a known key of the wrong type, broken syntax).
pub(crate) fn parse_front_matter(
    inner: &str,
    is_toml: bool,
) -> Result<(FrontMatter, Vec<FrontProblem>), FrontProblem> {
    if inner.trim().is_empty() {
        return Ok((FrontMatter::default(), Vec::new()));
    }
    let (raw, keys): (Raw, Vec<(String, serde_json::Value)>) = if is_toml {
        let raw = toml::from_str(inner).map_err(|e| {
            let offset = e.span().map_or(0, |s| s.start);
            (offset, format!("front matter: {}", e.message().trim()))
        })?;
        let table: toml::Table = toml::from_str(inner).unwrap_or_default();
        let keys = table.into_iter().map(|(k, v)| (k, toml_json(v))).collect();
        (raw, keys)
    } else {
        crate::yaml_guard::check(inner)
            .map_err(|(offset, msg)| (offset, format!("front matter: {msg}")))?;
        let raw = serde_yaml_ng::from_str(inner).map_err(|e| {
            let offset = e.location().map_or(0, |l| l.index());
            (
                offset,
                format!("front matter: {}", without_position(&e.to_string())),
            )
        })?;
        let map: serde_yaml_ng::Mapping = serde_yaml_ng::from_str(inner).unwrap_or_default();
        let keys = map
            .into_iter()
            .filter_map(|(k, v)| Some((k.as_str()?.to_string(), yaml_json(v))))
            .collect();
        (raw, keys)
    };
    let mut warnings = Vec::new();
    let mut extra = BTreeMap::new();
    for (key, value) in keys {
        if QUIRE_KEYS.contains(&key.as_str()) {
            continue;
        }
        if !OTHER_TOOLS_KEYS.contains(&key.as_str()) {
            warnings.push((key_offset(inner, &key), unknown_key_message(&key)));
        }
        extra.insert(key, value);
    }
    Ok((raw.resolve(extra), warnings))
}

/// A YAML message without its ` at line L column C`: those count from the front matter's
/// first line, and the diagnostic already names the place in the file.
fn without_position(message: &str) -> String {
    let Some(start) = message.find(" at line ") else {
        return message.to_string();
    };
    let rest = &message[start + " at line ".len()..];
    let digits = |s: &str| s.len() - s.trim_start_matches(|c: char| c.is_ascii_digit()).len();
    let line_len = digits(rest);
    let Some(after) = rest[line_len..].strip_prefix(" column ") else {
        return message.to_string();
    };
    let col_len = digits(after);
    if line_len == 0 || col_len == 0 {
        return message.to_string();
    }
    format!("{}{}", &message[..start], &after[col_len..])
}

fn unknown_key_message(key: &str) -> String {
    let hint = QUIRE_KEYS
        .iter()
        .map(|k| (strsim::jaro_winkler(k, key), k))
        .filter(|(score, _)| *score > 0.85)
        .max_by(|a, b| a.0.total_cmp(&b.0))
        .map_or_else(String::new, |(_, k)| format!("did you mean `{k}`? "));
    format!(
        "unknown front matter key `{key}`: {hint}kept for templates as `page.extra.{key}`; quire's keys are {}",
        QUIRE_KEYS.join(", ")
    )
}

/// Offset of the line that sets `key` (0 when it cannot be found).
fn key_offset(inner: &str, key: &str) -> usize {
    let mut pos = 0;
    for line in inner.split_inclusive('\n') {
        let bare = line.trim_start_matches(['"', '\'']);
        if let Some(rest) = bare.strip_prefix(key) {
            let rest = rest.trim_start_matches(['"', '\'']).trim_start();
            if rest.starts_with(':') || rest.starts_with('=') {
                return pos;
            }
        }
        pos += line.len();
    }
    0
}

fn toml_json(value: toml::Value) -> serde_json::Value {
    use serde_json::Value as J;
    match value {
        toml::Value::String(s) => J::String(s),
        toml::Value::Integer(i) => J::from(i),
        toml::Value::Float(f) => J::from(f),
        toml::Value::Boolean(b) => J::Bool(b),
        toml::Value::Datetime(d) => J::String(d.to_string()),
        toml::Value::Array(a) => J::Array(a.into_iter().map(toml_json).collect()),
        toml::Value::Table(t) => J::Object(t.into_iter().map(|(k, v)| (k, toml_json(v))).collect()),
    }
}

fn yaml_json(value: serde_yaml_ng::Value) -> serde_json::Value {
    serde_json::to_value(value).unwrap_or(serde_json::Value::Null)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn yaml(text: &str) -> (FrontMatter, Vec<FrontProblem>) {
        parse_front_matter(text, false).unwrap()
    }

    #[test]
    fn docusaurus_keys_take_quire_meanings() {
        let (f, w) = yaml(
            "id: setup\nsidebar_label: Setup\nsidebar_position: 2.5\nhide_title: true\ntags: [a, b]\nkeywords: [x]\n",
        );
        assert!(w.is_empty(), "{w:?}");
        assert_eq!(f.order, Some(2.5));
        assert_eq!(f.nav_title.as_deref(), Some("Setup"));
        assert_eq!(f.slug.as_deref(), Some("setup"));
        assert_eq!(f.extra["tags"], serde_json::json!(["a", "b"]));
    }

    #[test]
    fn slug_wins_over_id_and_paths_give_their_last_segment() {
        let (f, _) = yaml("id: a\nslug: /guide/first-steps/\n");
        assert_eq!(f.slug.as_deref(), Some("first-steps"));
        let (f, _) = yaml("slug: /\n");
        assert_eq!(f.slug, None, "the site root is not a page slug");
        let (f, _) = yaml("permalink: /docs/intro.html\nnav_order: 3\nparent: Basics\n");
        assert_eq!((f.slug.as_deref(), f.order), (Some("intro"), Some(3.0)));
        let (f, _) = yaml("permalink: /:title/\n");
        assert_eq!(f.slug, None);
    }

    #[test]
    fn hugo_keys_in_toml() {
        let text = "title = \"T\"\nweight = 4\ndate = 2024-01-02\nlastmod = 2024-02-03T10:00:00Z\nsummary = \"Short.\"\ndraft = true\naliases = [\"/old/path/\", \"older.html\"]\nlinkTitle = \"Short T\"\n";
        let (f, w) = parse_front_matter(text, true).unwrap();
        assert!(w.is_empty(), "{w:?}");
        assert_eq!(f.order, Some(4.0));
        assert!(f.draft);
        assert_eq!(f.description.as_deref(), Some("Short."));
        assert_eq!(f.aliases, ["old/path.html", "older.html"]);
        assert_eq!(f.nav_title.as_deref(), Some("Short T"));
        assert_eq!(f.extra["date"], serde_json::json!("2024-01-02"));
    }

    #[test]
    fn quire_keys_win_over_other_tools() {
        let (f, _) = yaml("order: 1\nweight: 9\ndescription: Mine\nsummary: Theirs\n");
        assert_eq!(f.order, Some(1.0));
        assert_eq!(f.description.as_deref(), Some("Mine"));
    }

    #[test]
    fn jekyll_published_false_is_a_draft_and_mkdocs_hide_is_silent() {
        let (f, w) = yaml("published: false\nhide:\n  - navigation\n  - toc\n");
        assert!(f.draft);
        assert!(w.is_empty());
    }

    #[test]
    fn unknown_keys_warn_once_each_at_their_line_and_reach_extra() {
        let text = "title: T\nseo_title: Better\nlevel: 3\ntittle: typo\n";
        let (f, w) = yaml(text);
        assert_eq!(w.len(), 3, "{w:?}");
        assert_eq!(&text[w[0].0..w[0].0 + 9], "seo_title");
        assert!(w[0].1.contains("page.extra.seo_title"), "{}", w[0].1);
        assert_eq!(&text[w[1].0..w[1].0 + 5], "level");
        assert!(w[2].1.contains("did you mean `title`?"), "{}", w[2].1);
        assert_eq!(f.extra["level"], serde_json::json!(3));
        assert!(!f.extra.contains_key("title"));
    }

    #[test]
    fn yaml_messages_leave_the_place_to_the_diagnostic() {
        let e = parse_front_matter("title: T\nx: [1,\n", false).unwrap_err();
        assert!(!e.1.contains(" at line "), "{}", e.1);
        assert_eq!(
            without_position("invalid type: map, expected a string at line 3 column 7"),
            "invalid type: map, expected a string"
        );
        assert_eq!(
            without_position(
                "did not find expected node content at line 2 column 1, while parsing a flow node"
            ),
            "did not find expected node content, while parsing a flow node"
        );
        assert_eq!(without_position("key at line x"), "key at line x");
    }

    #[test]
    fn a_known_key_of_the_wrong_type_is_an_error() {
        let e = parse_front_matter("sidebar_position: first\n", false).unwrap_err();
        assert!(e.1.contains("sidebar_position"), "{}", e.1);
    }
}
