//! The interface in the guide's language: for each built-in language, no page of a built site
//! shows an English interface string (in text or in aria-label, title, placeholder, alt),
//! the scripts take their text from `assets/ui.js`, `[ui]` overrides a text by key, an
//! unknown key is a warning naming the closest, and right-to-left languages get `dir="rtl"`.

use std::collections::BTreeSet;

use crate::support::{build, fixture, page, temp_site};

/// The literal pieces of every English interface text (between `{slots}`) that are phrases
/// or capitalised words of three letters or more: what must not show in another language.
fn english_pieces() -> BTreeSet<String> {
    let en = quire::i18n::Ui::new("en", &Default::default());
    let mut pieces = BTreeSet::new();
    for text in en.text.values() {
        let forms: Vec<&String> = match text {
            quire::i18n::Text::Plain(s) => vec![s],
            quire::i18n::Text::Plural(f) => f.values().collect(),
        };
        for form in forms {
            for piece in form.split(['{', '}']).step_by(2) {
                let piece = piece.trim_matches(|c: char| !c.is_alphanumeric());
                // Lone lowercase words ("hidden") are also code values in the scripts.
                let phrase = piece.contains(' ') || piece.starts_with(char::is_uppercase);
                if phrase && piece.chars().filter(|c| c.is_alphabetic()).count() >= 3 {
                    pieces.insert(piece.to_string());
                }
            }
        }
    }
    pieces
}

/// The text a reader sees or hears: text between tags (scripts and styles left out) and the
/// values of `aria-label`, `title`, `placeholder`, `alt` and `content`.
fn visible_text(html: &str) -> String {
    let mut out = String::new();
    let mut rest = html;
    while let Some(lt) = rest.find('<') {
        out.push_str(&rest[..lt]);
        out.push('\n');
        let tag_end = rest[lt..].find('>').map_or(rest.len(), |i| lt + i + 1);
        let tag = &rest[lt..tag_end];
        for attr in [
            "aria-label=\"",
            "title=\"",
            "placeholder=\"",
            "alt=\"",
            "content=\"",
        ] {
            for part in tag.split(&format!(" {attr}")).skip(1) {
                out.push_str(part.split('"').next().unwrap_or(""));
                out.push('\n');
            }
        }
        rest = &rest[tag_end..];
        for raw in ["script", "style"] {
            if tag.starts_with(&format!("<{raw}")) {
                let close = format!("</{raw}>");
                rest = rest.find(&close).map_or("", |i| &rest[i + close.len()..]);
            }
        }
    }
    out.push_str(rest);
    out
}

/// A site in `lang` whose content is in Russian (no English words in it).
fn site_in(lang: &str) -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap();
    let from = fixture("interface-ru");
    for entry in walkdir::WalkDir::new(&from)
        .into_iter()
        .filter_map(Result::ok)
    {
        let rel = entry.path().strip_prefix(&from).unwrap();
        let to = dir.path().join(rel);
        if entry.file_type().is_dir() {
            std::fs::create_dir_all(&to).unwrap();
        } else {
            std::fs::copy(entry.path(), &to).unwrap();
        }
    }
    let toml = std::fs::read_to_string(dir.path().join("site.toml")).unwrap();
    std::fs::write(
        dir.path().join("site.toml"),
        toml.replace("language = \"ru\"", &format!("language = \"{lang}\"")),
    )
    .unwrap();
    dir
}

#[test]
fn no_english_interface_text_in_any_built_in_language() {
    let english = english_pieces();
    assert!(english.contains("Show answer") && english.contains("On this page"));
    for (lang, _) in quire::i18n::BUILT_IN.iter().filter(|(l, _)| *l != "en") {
        let ui = quire::i18n::Ui::new(lang, &Default::default());
        // Words a language shares with English ("Questions" in French) are its own.
        let own: String = serde_json::to_string(&ui.text).unwrap();
        let site = site_in(lang);
        let out = build(site.path());
        let mut checked = 0;
        for (path, bytes) in out.files.iter().filter(|(p, _)| p.ends_with(".html")) {
            let text = visible_text(std::str::from_utf8(bytes).unwrap());
            for piece in english.iter().filter(|p| !own.contains(p.as_str())) {
                assert!(
                    !text.contains(piece.as_str()),
                    "{lang}: {path} shows the English `{piece}`"
                );
            }
            checked += 1;
        }
        assert!(checked >= 10, "{lang}: {checked} pages");
        let ui_js = page(&out, "assets/ui.js");
        assert!(ui_js.contains(&format!("\"lang\":\"{lang}\"")), "{lang}");
        assert!(
            ui_js.contains(ui.get("show_answer")),
            "{lang}: ui.js has the texts"
        );
    }
}

#[test]
fn the_scripts_hold_no_english_interface_text() {
    let english = english_pieces();
    for js in ["quire.js", "search.js", "practice.js"] {
        let path = crate::support::repo_root().join("static/assets").join(js);
        let code = std::fs::read_to_string(path).unwrap();
        // Only what a script writes: its string literals, comments left out.
        let literals: Vec<&str> = code
            .lines()
            .filter(|l| !l.trim_start().starts_with("//"))
            .flat_map(|l| l.split('"').skip(1).step_by(2))
            .collect();
        for piece in &english {
            assert!(
                !literals.iter().any(|l| l.contains(piece.as_str())),
                "{js} writes the English `{piece}` itself"
            );
        }
    }
}

#[test]
fn ui_overrides_replace_texts_and_unknown_keys_are_warned_about() {
    let site = temp_site(&[
        (
            "content/book.md",
            "# G\n\n## One\n\n**Q**: Why?\n\n**A**: So.\n",
        ),
        (
            "site.toml",
            "language = \"de\"\n\n[ui]\nshow_answer = \"Lösung zeigen\"\nshare = \"Weitergeben\"\non_this_pag = \"x\"\n",
        ),
    ]);
    let out = build(site.path());
    let share = out
        .files
        .keys()
        .find(|k| k.starts_with("q/"))
        .unwrap()
        .clone();
    assert!(page(&out, &share).contains(">Lösung zeigen</button>"));
    assert!(page(&out, "one.html").contains(">Weitergeben</a>"));
    assert!(page(&out, "assets/ui.js").contains("Lösung zeigen"));
    let warnings: Vec<String> = out.warnings.iter().map(ToString::to_string).collect();
    assert_eq!(warnings.len(), 1, "{warnings:?}");
    assert!(
        warnings[0].starts_with("site.toml:6:1:") && warnings[0].contains("`on_this_page`"),
        "{warnings:?}"
    );
}

#[test]
fn plural_forms_follow_the_language_on_pages() {
    let out = build(&fixture("interface-ru"));
    let home = page(&out, "index.html");
    // 2 chapters, 4 sections (Транспорт, Адресация, Шифрование + …), 4 questions.
    assert!(home.contains("2 главы"), "{home}");
    assert!(home.contains("4 вопроса для собеседования"), "{home}");
    let chapter = page(&out, "osnovy.html");
    assert!(
        chapter.contains("<p class=\"callout-title\">Примечание</p>"),
        "callout title"
    );
    assert!(chapter.contains(">Копировать</button>"));
}

#[test]
fn right_to_left_languages_get_dir_rtl() {
    let out = build(&fixture("interface-ar"));
    for path in ["index.html", "asasiyat.html", "questions.html", "404.html"] {
        assert!(
            page(&out, path).starts_with("<!DOCTYPE html>\n<html lang=\"ar\" dir=\"rtl\">"),
            "{path}"
        );
    }
    let ru = build(&fixture("interface-ru"));
    assert!(!page(&ru, "index.html").contains("dir=\"rtl\""));
}
