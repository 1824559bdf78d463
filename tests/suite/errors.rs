//! Bad input: every error names file:line:col and the fix, exits 1 (content) or 2 (usage),
//! and leaves the previous output byte-for-byte as it was.

use std::path::Path;
use std::process::{Command, Output};

use crate::support::{temp_site, tree as snapshot};

pub(crate) const GOOD: &str =
    "# Book\n\n## One\n\n### Part\n\nSee [two](#two).\n\n## Two\n\nText.\n";

pub(crate) fn quire(args: &[&str], root: &Path) -> Output {
    Command::new(env!("CARGO_BIN_EXE_quire"))
        .args(args)
        .arg("--root")
        .arg(root)
        .output()
        .expect("run quire")
}

pub(crate) fn stderr(out: &Output) -> String {
    String::from_utf8_lossy(&out.stderr).into_owned()
}

/// Builds a good site, breaks it with `edit`, and checks the failed build's message and
/// that `public/` is unchanged.
pub(crate) fn assert_fails_keeping_output(edit: &[(&str, &str)], expect: &[&str]) -> String {
    let site = temp_site(&[("content/book.md", GOOD)]);
    let ok = quire(&["build"], site.path());
    assert!(ok.status.success(), "{}", stderr(&ok));
    let before = snapshot(&site.path().join("public"));
    for (rel, text) in edit {
        let path = site.path().join(rel);
        std::fs::create_dir_all(path.parent().unwrap()).unwrap();
        std::fs::write(path, text).unwrap();
    }
    let out = quire(&["build"], site.path());
    let err = stderr(&out);
    assert_eq!(out.status.code(), Some(1), "{err}");
    for e in expect {
        assert!(err.contains(e), "expected `{e}` in:\n{err}");
    }
    assert!(!err.contains("panicked"), "{err}");
    assert_eq!(
        before,
        snapshot(&site.path().join("public")),
        "previous output changed"
    );
    err
}

#[test]
fn broken_fragment_names_line_and_suggests() {
    let err = assert_fails_keeping_output(
        &[(
            "content/book.md",
            &GOOD.replace("[two](#two)", "[two](#tow)"),
        )],
        &[
            "content/book.md:7:5: error: broken link `#tow`",
            "did you mean `#two`?",
        ],
    );
    assert!(err.contains("previous output was left as it was"), "{err}");
}

#[test]
fn broken_file_link() {
    assert_fails_keeping_output(
        &[(
            "content/book.md",
            &GOOD.replace("[two](#two)", "[x](missing.md)"),
        )],
        &[
            "content/book.md:7:5:",
            "no page comes from content/missing.md",
        ],
    );
}

#[test]
fn duplicate_explicit_id() {
    let text = "# B\n\n## One\n\n### A {#same}\n\n### B {#same}\n";
    assert_fails_keeping_output(
        &[("content/book.md", text)],
        &["content/book.md:7:1:", "duplicate id `same`"],
    );
}

#[test]
fn bad_site_toml() {
    assert_fails_keeping_output(
        &[("site.toml", "title = \"x\"\nbase_url = 42\n")],
        &["site.toml:2:12:", "base_url"],
    );
    assert_fails_keeping_output(
        &[("site.toml", "titel = \"x\"\n")],
        &[
            "site.toml:1:1:",
            "unknown key `titel`",
            "did you mean `title`?",
        ],
    );
}

#[test]
fn bad_front_matter() {
    let text = "+++\ntitle = \"A\"\norder = \"first\"\n+++\n\n# A\n";
    assert_fails_keeping_output(
        &[("content/a.md", text)],
        &["content/a.md:3:9:", "front matter"],
    );
}

#[test]
fn template_error_names_the_template_and_line() {
    let tpl = "{% extends \"base.html\" %}\n{% block main %}\n{{ chapter.title_html | nosuchfilter }}\n{% endblock main %}\n";
    let err =
        assert_fails_keeping_output(&[("templates/page.html", tpl)], &["templates/page.html"]);
    assert!(err.contains("nosuchfilter"), "{err}");
    let syntax = "{% extends \"base.html\" %}\n{% block main %}\n{{ oops \n{% endblock main %}\n";
    assert_fails_keeping_output(
        &[("templates/page.html", syntax)],
        &["templates/page.html:4:1"],
    );
}

#[test]
fn unknown_language_is_a_warning_with_line() {
    let site = temp_site(&[("content/book.md", "# B\n\n## One\n\n```klingon\nx\n```\n")]);
    let out = quire(&["build"], site.path());
    assert!(out.status.success());
    assert!(
        stderr(&out).contains("content/book.md:5:1: warning: unknown language `klingon`"),
        "{}",
        stderr(&out)
    );
}

#[test]
fn unsafe_output_folders_are_refused() {
    let site = temp_site(&[("content/book.md", GOOD), ("mine/keep.txt", "precious")]);
    for out_dir in [".", "content", "mine"] {
        let out = Command::new(env!("CARGO_BIN_EXE_quire"))
            .args(["build", "--out"])
            .arg(site.path().join(out_dir))
            .arg("--root")
            .arg(site.path())
            .output()
            .unwrap();
        assert_eq!(
            out.status.code(),
            Some(1),
            "--out {out_dir}: {}",
            stderr(&out)
        );
        assert!(
            stderr(&out).contains("refusing to write the site into"),
            "{}",
            stderr(&out)
        );
    }
    assert_eq!(
        std::fs::read_to_string(site.path().join("mine/keep.txt")).unwrap(),
        "precious"
    );
    assert!(site.path().join("content/book.md").exists());
}

#[test]
fn check_lists_every_problem_sorted_without_writing() {
    let text = "# B\n\n## One\n\n[a](#nope)\n\n```klingon\nx\n```\n\n## Two\n\n[b](#nada)\n";
    let site = temp_site(&[("content/book.md", text)]);
    let out = quire(&["check"], site.path());
    let err = stderr(&out);
    assert_eq!(out.status.code(), Some(1), "{err}");
    let lines: Vec<&str> = err.lines().filter(|l| l.starts_with("content/")).collect();
    assert_eq!(lines.len(), 3, "{err}");
    assert!(lines[0].starts_with("content/book.md:5:1: error"), "{err}");
    assert!(
        lines[1].starts_with("content/book.md:7:1: warning"),
        "{err}"
    );
    assert!(lines[2].starts_with("content/book.md:13:1: error"), "{err}");
    assert!(!site.path().join("public").exists(), "check never writes");
}

#[test]
fn usage_errors_exit_2_and_help_works() {
    let out = Command::new(env!("CARGO_BIN_EXE_quire"))
        .arg("--bogus")
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(2));
    let help = Command::new(env!("CARGO_BIN_EXE_quire"))
        .arg("--help")
        .output()
        .unwrap();
    assert!(help.status.success());
    let version = Command::new(env!("CARGO_BIN_EXE_quire"))
        .arg("--version")
        .output()
        .unwrap();
    assert!(String::from_utf8_lossy(&version.stdout).starts_with("quire "));
    let empty = tempfile::tempdir().unwrap();
    let out = quire(&["build"], empty.path());
    assert_eq!(out.status.code(), Some(2), "no content/ is a usage error");
}

#[test]
fn an_empty_site_toml_and_a_folder_with_only_content_work() {
    let site = temp_site(&[("content/book.md", GOOD), ("site.toml", "")]);
    let out = quire(&["build"], site.path());
    assert!(out.status.success(), "{}", stderr(&out));
    assert!(site.path().join("public/index.html").exists());
    assert!(
        site.path().join("public/assets/quire.css").exists(),
        "embedded defaults"
    );
}

#[test]
fn a_sites_own_templates_and_static_files_override_the_defaults() {
    let page = "{% extends \"base.html\" %}\n{% block main %}<p class=\"custom\">{{ chapter.title_html | safe }}</p>{% endblock main %}\n";
    let site = temp_site(&[
        ("content/book.md", GOOD),
        ("templates/page.html", page),
        ("static/assets/quire.css", "body{color:red}"),
        ("static/extra.txt", "extra"),
    ]);
    let out = quire(&["build"], site.path());
    assert!(out.status.success(), "{}", stderr(&out));
    let one = std::fs::read_to_string(site.path().join("public/one.html")).unwrap();
    assert!(one.contains("<p class=\"custom\">One</p>"), "{one}");
    assert!(
        one.contains("class=\"skip-link\""),
        "the default base.html still applies"
    );
    let css = std::fs::read_to_string(site.path().join("public/assets/quire.css")).unwrap();
    assert_eq!(css, "body{color:red}");
    assert!(site.path().join("public/extra.txt").exists());
}

#[test]
fn a_static_file_that_collides_with_a_generated_one_is_an_error() {
    let site = temp_site(&[
        ("content/book.md", GOOD),
        ("static/questions.html", "<p>mine</p>"),
    ]);
    let out = quire(&["build"], site.path());
    assert_eq!(out.status.code(), Some(1), "{}", stderr(&out));
    assert!(stderr(&out).contains("static/questions.html:1:1: error: static/questions.html would replace the generated questions.html"), "{}", stderr(&out));
}

#[test]
fn an_empty_guide_or_a_title_alone_builds_without_panicking() {
    for text in ["", "# Only a title\n", "just text\n"] {
        let site = temp_site(&[("content/book.md", text)]);
        let out = quire(&["build"], site.path());
        assert!(out.status.success(), "{text:?}: {}", stderr(&out));
        assert!(!stderr(&out).contains("panicked"), "{}", stderr(&out));
        assert!(site.path().join("public/index.html").exists());
    }
}
