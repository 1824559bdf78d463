//! Links as authors write them: raw HTML `<a href>` / `<img src>`, back-to-top links,
//! images beside the content, and the broken-link policy (`broken_links`, `--broken-links`).

use std::path::Path;
use std::process::{Command, Output};

use quire::config::BrokenLinks;

use crate::support::{fixture, main_of, page, temp_site};

fn quire(args: &[&str], root: &Path) -> Output {
    Command::new(env!("CARGO_BIN_EXE_quire"))
        .args(args)
        .arg("--root")
        .arg(root)
        .output()
        .expect("run quire")
}

fn stderr(out: &Output) -> String {
    String::from_utf8_lossy(&out.stderr).into_owned()
}

/// The raw-links fixture, built (its site.toml says `broken_links = "warn"`).
fn build_warn() -> quire::Output {
    let opts = quire::Options {
        root: fixture("raw-links"),
        ..Default::default()
    };
    let out = quire::build_site(&opts).expect("builds with broken links as warnings");
    assert_eq!(out.warnings.len(), PLANTED.len(), "{:#?}", out.warnings);
    out
}

/// Exactly the broken links planted in `tests/fixtures/raw-links`, in `check` order.
const PLANTED: [&str; 5] = [
    "content/guide.md:24:71: error: broken link `#bert`",
    "content/guide.md:31:28: error: broken link `#gate-ordr`",
    "content/guide.md:35:1: error: broken image `charts/missing.png`",
    "content/guide.md:37:6: error: broken image `gone.svg`",
    "content/guide.md:39:23: error: broken link `#no-such-place`",
];

#[test]
fn raw_html_links_are_resolved_like_markdown_links() {
    let out = build_warn();
    let tides = page(&out, "tides.html");
    assert!(
        tides.contains("<a href=\"extra/locks.html#gate-order\">lock rules</a>"),
        "inline HTML link to another file's heading"
    );
    assert!(
        tides.contains("<a href=\"berths.html#berths\">berths</a>"),
        "a fragment on another page of the split file"
    );
    let locks = page(&out, "extra/locks.html");
    assert!(locks.contains("<a href=\"../berths.html#berths\">Back to berths</a>"));
    assert!(locks.contains("<img src=\"../extra/basin.svg\" alt=\"basin\">"));
    let home = page(&out, "index.html");
    assert!(
        home.contains("<img\n    src=\"crane.svg\" alt=\"a crane over a quay\">"),
        "a tag over several lines keeps its shape"
    );
    insta::assert_snapshot!("raw_links_tides", main_of(&out, "tides.html"));
}

#[test]
fn back_to_top_links_stay_on_the_page_they_are_on() {
    let out = build_warn();
    let berths = page(&out, "berths.html");
    assert!(
        berths.contains("<div align=\"right\"><a href=\"#top\">↥ back to top</a></div>"),
        "the dropped table of contents: the top of this page"
    );
    let tides = page(&out, "tides.html");
    assert!(tides.contains("<a href=\"#\">top</a> · <a href=\"#top\">top again</a>"));
    let locks = page(&out, "extra/locks.html");
    assert!(
        locks.contains("<a href=\"../berths.html\">contents</a>"),
        "another file's dropped table of contents: the page it lands on"
    );
    assert!(!berths.contains("table-of-contents"));
}

#[test]
fn images_beside_the_content_are_copied_and_linked() {
    let out = build_warn();
    assert!(out.files.contains_key("crane.svg"));
    assert!(out.files.contains_key("extra/basin.svg"));
    assert!(page(&out, "berths.html").contains("<img src=\"crane.svg\" alt=\"quay\" />"));
}

#[test]
fn links_in_githubs_form_resolve_to_another_file() {
    let out = build_warn();
    assert!(
        page(&out, "extra/locks.html").contains("id=\"sluices--weirs\""),
        "`Sluices & weirs` has GitHub's id"
    );
    assert!(
        page(&out, "berths.html")
            .contains("<a href=\"extra/locks.html#sluices--weirs\">sluices</a>")
    );
}

#[test]
fn check_reports_exactly_the_planted_broken_links() {
    let opts = quire::Options {
        root: fixture("raw-links"),
        broken_links: Some(BrokenLinks::Error),
        ..Default::default()
    };
    let diags = quire::check(&opts).expect("check runs");
    let found: Vec<String> = diags.iter().map(ToString::to_string).collect();
    assert_eq!(found.len(), PLANTED.len(), "{found:#?}");
    for (line, planted) in found.iter().zip(PLANTED) {
        assert!(line.starts_with(planted), "{line}\n  expected {planted}");
    }
    let out = quire(&["check", "--broken-links", "error"], &fixture("raw-links"));
    assert_eq!(out.status.code(), Some(1));
    let err = stderr(&out);
    assert!(
        err.trim_end().ends_with("--broken-links warn"),
        "the summary ends with the command that builds anyway:\n{err}"
    );
    assert!(
        err.contains("to build anyway: quire build --root "),
        "{err}"
    );
}

#[test]
fn broken_links_warn_builds_from_the_flag_or_site_toml() {
    let site = temp_site(&[(
        "content/book.md",
        "# B\n\n## One\n\nSee [x](#nowhere) and ![p](p.png).\n",
    )]);
    let failed = quire(&["build"], site.path());
    assert_eq!(failed.status.code(), Some(1));
    let err = stderr(&failed);
    assert_eq!(
        err.lines().last(),
        Some(
            format!(
                "to build anyway: quire build --root {} --broken-links warn",
                site.path().display()
            )
            .as_str()
        ),
        "{err}"
    );
    assert!(!site.path().join("public").exists());

    let check = quire(&["check", "--broken-links", "warn"], site.path());
    assert!(check.status.success(), "{}", stderr(&check));
    assert!(
        stderr(&check).contains("0 errors, 2 warnings"),
        "{}",
        stderr(&check)
    );

    let built = quire(&["build", "--broken-links", "warn"], site.path());
    assert!(built.status.success(), "{}", stderr(&built));
    let err = stderr(&built);
    assert!(
        err.contains("content/book.md:5:5: warning: broken link `#nowhere`"),
        "{err}"
    );
    assert!(
        err.contains("content/book.md:5:23: warning: broken image `p.png`"),
        "{err}"
    );
    assert!(site.path().join("public/one.html").exists());

    std::fs::write(site.path().join("site.toml"), "broken_links = \"warn\"\n").unwrap();
    let built = quire(&["build"], site.path());
    assert!(built.status.success(), "{}", stderr(&built));
    let strict = quire(&["build", "--broken-links", "error"], site.path());
    assert_eq!(
        strict.status.code(),
        Some(1),
        "the flag wins over site.toml"
    );
    let bad = quire(&["build", "--broken-links", "loud"], site.path());
    assert_eq!(bad.status.code(), Some(2));
    assert!(
        stderr(&bad).contains("use `error` or `warn`"),
        "{}",
        stderr(&bad)
    );
}

#[test]
fn every_problem_is_reported_in_one_round_and_once() {
    let toml = "title = \"T\"\ntitel = \"x\"\nlangauge = \"en\"\nbroken_link = \"warn\"\n";
    let bad_front = "+++\norder = \"first\"\n+++\n# Other\n\nText.\n";
    let template = "{% extends \"base.html\" %}\n{% block main %}{{ chapter.title_html | nosuchfilter }}{% endblock main %}\n";
    let site = temp_site(&[
        ("site.toml", toml),
        (
            "content/book.md",
            "# B\n\n## One\n\n### Q\n\nSee [x](#nowhere) and [o](other.md).\n",
        ),
        ("content/other.md", bad_front),
        ("templates/page.html", template),
    ]);
    for command in ["build", "check"] {
        let out = quire(&[command], site.path());
        assert_eq!(out.status.code(), Some(1));
        let err = stderr(&out);
        for expected in [
            "site.toml:2:1: error: unknown key `titel` in site.toml; did you mean `title`?",
            "site.toml:3:1: error: unknown key `langauge` in site.toml; did you mean `language`?",
            "site.toml:4:1: error: unknown key `broken_link` in site.toml; did you mean `broken_links`?",
            "content/other.md:2:9:",
            "content/book.md:7:5: error: broken link `#nowhere`",
            "templates/page.html",
        ] {
            assert!(
                err.contains(expected),
                "{command}: expected `{expected}` in\n{err}"
            );
        }
        assert!(
            !err.contains("other.md)"),
            "a link to a file with bad front matter is not reported again:\n{err}"
        );
        let mut lines: Vec<&str> = err.lines().collect();
        let all = lines.len();
        lines.sort();
        lines.dedup();
        assert_eq!(lines.len(), all, "no message twice:\n{err}");
        assert!(
            !err.contains("to build anyway"),
            "other errors remain, so no flag builds it:\n{err}"
        );
    }
}
