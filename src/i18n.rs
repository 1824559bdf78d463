//! The interface in the guide's language: built-in text for each language in `i18n/<lang>.toml`
//! (embedded), replaced key by key by the site's `[ui]` table, given to templates as `ui` and
//! to scripts as `assets/ui.js`.
//!
//! A text is a string with `{name}` slots, or, for a count, a table of plural forms (`one`,
//! `few`, `many`, `other`: the CLDR categories, chosen by [`plural_category`] here and by
//! `Intl.PluralRules` in the browser).

use std::collections::BTreeMap;
use std::sync::OnceLock;

use serde::{Deserialize, Serialize};

use crate::diag::{Diagnostic, LineIndex, Location};

/// Built-in interface text: `(language, TOML)`. English holds every key.
pub const BUILT_IN: &[(&str, &str)] = &[
    ("en", include_str!("../i18n/en.toml")),
    ("ar", include_str!("../i18n/ar.toml")),
    ("de", include_str!("../i18n/de.toml")),
    ("es", include_str!("../i18n/es.toml")),
    ("fr", include_str!("../i18n/fr.toml")),
    ("ja", include_str!("../i18n/ja.toml")),
    ("pt", include_str!("../i18n/pt.toml")),
    ("ru", include_str!("../i18n/ru.toml")),
    ("zh", include_str!("../i18n/zh.toml")),
];

/// Languages written right to left: their pages get `dir="rtl"`.
const RTL: &[&str] = &["ar", "he", "fa", "ur", "yi", "ps", "sd", "ug", "dv"];

/// One interface text.
#[derive(Debug, Clone, PartialEq, Eq, Deserialize, Serialize)]
#[serde(untagged)]
pub enum Text {
    /// The same text whatever the count.
    Plain(String),
    /// Forms of a count by plural category (`other` is required).
    Plural(BTreeMap<String, String>),
}

/// Interface texts by key.
pub type UiTable = BTreeMap<String, Text>;

/// The interface of one site: its texts and the language that picks plural forms.
#[derive(Debug, Clone, Serialize)]
pub struct Ui {
    /// The built-in language used (`pt-BR` → `pt`; unknown → `en`).
    pub lang: String,
    /// `ltr` or `rtl`.
    pub dir: &'static str,
    /// Every interface text by key: the built-in language's, with the site's own on top.
    pub text: UiTable,
}

fn built_in() -> &'static BTreeMap<&'static str, UiTable> {
    static TABLES: OnceLock<BTreeMap<&'static str, UiTable>> = OnceLock::new();
    TABLES.get_or_init(|| {
        BUILT_IN
            .iter()
            .map(|(lang, text)| {
                // The tables are part of the binary and tested; a broken one is a bug.
                let table: UiTable = toml::from_str(text).unwrap_or_default();
                (*lang, table)
            })
            .collect()
    })
}

/// The primary subtag of a language tag, lowercased (`pt-BR` → `pt`).
pub fn primary(language: &str) -> String {
    language
        .split(['-', '_'])
        .next()
        .unwrap_or("")
        .to_ascii_lowercase()
}

impl Ui {
    /// The interface for `language`: English, overlaid with the built-in language's texts,
    /// overlaid with `overrides`. Unknown override keys are left out (see [`unknown_keys`]).
    pub fn new(language: &str, overrides: &UiTable) -> Ui {
        let tables = built_in();
        let lang = primary(language);
        let mut text = tables.get("en").cloned().unwrap_or_default();
        if let Some(own) = tables.get(lang.as_str()) {
            text.extend(own.iter().map(|(k, v)| (k.clone(), v.clone())));
        }
        for (key, value) in overrides {
            if text.contains_key(key) {
                text.insert(key.clone(), value.clone());
            }
        }
        let dir = if RTL.contains(&lang.as_str()) {
            "rtl"
        } else {
            "ltr"
        };
        Ui { lang, dir, text }
    }

    /// The plain text of `key` (a plural text gives its `other` form).
    pub fn get<'a>(&'a self, key: &'a str) -> &'a str {
        match self.text.get(key) {
            Some(Text::Plain(s)) => s,
            Some(Text::Plural(forms)) => forms.get("other").map_or(key, String::as_str),
            None => key,
        }
    }

    /// `key` with its `{name}` slots filled.
    pub fn fill(&self, key: &str, args: &[(&str, &str)]) -> String {
        fill(self.get(key), args)
    }

    /// The form of `key` for the count `n`, with `{n}` filled.
    pub fn count(&self, key: &str, n: u64) -> String {
        match self.text.get(key) {
            Some(text) => count_text(text, &self.lang, n),
            None => key.to_string(),
        }
    }

    /// `assets/ui.js`: the texts for the scripts, as `window.quireUI`.
    pub fn script(&self) -> String {
        let data = serde_json::json!({ "lang": self.lang, "t": self.text });
        format!("window.quireUI={data};\n{}", include_str!("../i18n/ui.js"))
    }
}

/// `template` with every `{name}` of `args` replaced.
pub fn fill(template: &str, args: &[(&str, &str)]) -> String {
    let mut out = template.to_string();
    for (name, value) in args {
        out = out.replace(&format!("{{{name}}}"), value);
    }
    out
}

/// The form of `text` for `n` in `lang`, with `{n}` filled.
pub fn count_text(text: &Text, lang: &str, n: u64) -> String {
    let form = match text {
        Text::Plain(s) => s.as_str(),
        Text::Plural(forms) => forms
            .get(plural_category(lang, n))
            .or_else(|| forms.get("other"))
            .map_or("", String::as_str),
    };
    form.replace("{n}", &n.to_string())
}

/// The CLDR plural category of the whole number `n` in `lang` (the rules for integers of the
/// built-in languages; others count as English).
pub fn plural_category(lang: &str, n: u64) -> &'static str {
    match lang {
        "zh" | "ja" | "ko" | "vi" | "th" | "id" | "ms" => "other",
        "fr" | "pt" => {
            if n <= 1 {
                "one"
            } else {
                "other"
            }
        }
        "ru" | "uk" | "be" => {
            let (d, h) = (n % 10, n % 100);
            if d == 1 && h != 11 {
                "one"
            } else if (2..=4).contains(&d) && !(12..=14).contains(&h) {
                "few"
            } else {
                "many"
            }
        }
        _ => {
            if n == 1 {
                "one"
            } else {
                "other"
            }
        }
    }
}

/// A warning for each key of `overrides` that is no interface text, naming the closest
/// key; located at the key in `site.toml`.
pub fn unknown_keys(overrides: &UiTable, config_text: &str, file: &str) -> Vec<Diagnostic> {
    let english = built_in().get("en").cloned().unwrap_or_default();
    overrides
        .keys()
        .filter(|k| !english.contains_key(*k))
        .map(|key| {
            let closest = english
                .keys()
                .map(|k| (strsim::jaro_winkler(k, key), k))
                .max_by(|a, b| a.0.total_cmp(&b.0))
                .map(|(_, k)| k.as_str())
                .unwrap_or("");
            Diagnostic::warning(
                key_location(config_text, file, key),
                format!(
                    "[ui] has no text `{key}`; did you mean `{closest}`? (the keys are those of \
                     i18n/en.toml in quire's repository)"
                ),
            )
        })
        .collect()
}

/// Where `key` is written as a key (`key =`) in the config text, else 1:1.
fn key_location(text: &str, file: &str, key: &str) -> Location {
    let mut offset = 0;
    let mut found = 0;
    for line in text.split_inclusive('\n') {
        let trimmed = line.trim_start();
        let rest = trimmed
            .strip_prefix(key)
            .or_else(|| trimmed.strip_prefix(&format!("\"{key}\"")));
        if rest.is_some_and(|r| r.trim_start().starts_with('=')) {
            found = offset + (line.len() - trimmed.len());
            break;
        }
        offset += line.len();
    }
    let (line, col) = LineIndex::new(text).line_col(text, found);
    Location {
        file: file.to_string(),
        line,
        col,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_language_has_every_english_key_and_no_other() {
        let tables = built_in();
        let en = &tables["en"];
        assert!(en.len() > 100, "{}", en.len());
        for (lang, table) in tables {
            for key in en.keys() {
                assert!(table.contains_key(key), "{lang} lacks `{key}`");
            }
            for (key, text) in table {
                assert!(en.contains_key(key), "{lang} has unknown key `{key}`");
                if let Text::Plural(forms) = text {
                    assert!(forms.contains_key("other"), "{lang} `{key}` has no `other`");
                }
            }
        }
        assert_eq!(tables.len(), BUILT_IN.len(), "every table parses");
    }

    #[test]
    fn plural_forms_follow_the_language() {
        let ru = Ui::new("ru", &UiTable::new());
        assert_eq!(ru.count("questions_count", 1), "1 вопрос");
        assert_eq!(ru.count("questions_count", 3), "3 вопроса");
        assert_eq!(ru.count("questions_count", 11), "11 вопросов");
        assert_eq!(ru.count("questions_count", 21), "21 вопрос");
        let en = Ui::new("en-GB", &UiTable::new());
        assert_eq!(en.count("questions_count", 1), "1 question");
        assert_eq!(en.count("questions_count", 0), "0 questions");
        assert_eq!(
            Ui::new("zh-Hans", &UiTable::new()).count("questions_count", 1),
            "1 个问题"
        );
    }

    #[test]
    fn overrides_replace_known_keys_and_unknown_ones_are_named() {
        let mut overrides = UiTable::new();
        overrides.insert("show_answer".into(), Text::Plain("Reveal".into()));
        overrides.insert("show_answr".into(), Text::Plain("x".into()));
        let ui = Ui::new("de", &overrides);
        assert_eq!(ui.get("show_answer"), "Reveal");
        assert_eq!(ui.get("hide_answer"), "Antwort verbergen");
        assert!(!ui.text.contains_key("show_answr"));
        let text = "language = \"de\"\n[ui]\nshow_answer = \"Reveal\"\nshow_answr = \"x\"\n";
        let warnings = unknown_keys(&overrides, text, "site.toml");
        assert_eq!(warnings.len(), 1);
        let w = warnings[0].to_string();
        assert!(w.starts_with("site.toml:4:1:"), "{w}");
        assert!(w.contains("`show_answer`"), "{w}");
    }

    #[test]
    fn right_to_left_languages_are_marked() {
        assert_eq!(Ui::new("ar", &UiTable::new()).dir, "rtl");
        assert_eq!(Ui::new("he-IL", &UiTable::new()).dir, "rtl");
        assert_eq!(Ui::new("ru", &UiTable::new()).dir, "ltr");
    }
}
