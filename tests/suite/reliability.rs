//! Nothing crashes, nothing is lost, every message points at the right line: one test per
//! defect found by probing quire as a careless author would.

use crate::errors::{GOOD, assert_fails_keeping_output, quire, stderr};
use crate::support::{main_of, temp_site, tree};

/// `build` fails with `expect` in its message (previous output untouched, see
/// [`assert_fails_keeping_output`]) and `check` reports the same without writing.
fn fails_in_build_and_check(edit: &[(&str, &str)], expect: &[&str]) {
    let err = assert_fails_keeping_output(edit, expect);
    assert!(!err.contains("overflow"), "{err}");
    let site = temp_site(&[("content/book.md", GOOD)]);
    for (rel, text) in edit {
        let path = site.path().join(rel);
        std::fs::create_dir_all(path.parent().unwrap()).unwrap();
        std::fs::write(path, text).unwrap();
    }
    let out = quire(&["check"], site.path());
    let err = stderr(&out);
    assert_eq!(out.status.code(), Some(1), "{err}");
    for e in expect {
        assert!(err.contains(e), "check: expected `{e}` in:\n{err}");
    }
    assert!(
        !err.contains("previous output"),
        "check writes nothing: {err}"
    );
    assert!(!site.path().join("public").exists());
}

// ------------------------------------------------------------------ 1. template recursion

#[test]
fn a_template_that_includes_itself_is_an_error_not_a_crash() {
    fails_in_build_and_check(
        &[("templates/page.html", "<p>\n{% include \"page.html\" %}\n")],
        &[
            "templates/page.html:2:1: error: page.html includes itself via page.html → page.html",
            "remove the include",
        ],
    );
}

#[test]
fn mutual_includes_are_an_error_not_a_crash() {
    fails_in_build_and_check(
        &[
            ("templates/page.html", "{% include \"part.html\" %}\n"),
            (
                "templates/part.html",
                "text\n{% if chapter %}{% include \"page.html\" %}{% endif %}\n",
            ),
        ],
        &[
            "templates/page.html:1:1: error: page.html includes itself via page.html → part.html → page.html",
        ],
    );
}

#[test]
fn a_circular_extends_is_an_error_at_its_line() {
    fails_in_build_and_check(
        &[
            (
                "templates/page.html",
                "{# a page #}\n{% extends \"layout.html\" %}\n",
            ),
            ("templates/layout.html", "{% extends \"page.html\" %}\n"),
        ],
        &[
            "templates/layout.html:1:1: error: layout.html extends itself via layout.html → page.html → layout.html",
        ],
    );
}

#[test]
fn a_macro_that_calls_itself_without_end_is_an_error_not_a_crash() {
    let macros = "{% macro down(n) %}\n<i>{{ self::down(n=n+1) }}</i>\n{% endmacro down %}\n";
    let page = "{% extends \"base.html\" %}\n{% import \"deep.html\" as deep %}\n{% block main %}{{ deep::down(n=1) }}{% endblock main %}\n";
    fails_in_build_and_check(
        &[
            ("templates/deep.html", macros),
            ("templates/page.html", page),
        ],
        &[
            "templates/deep.html:2:13: error:",
            "macro `down` in deep.html is nested more than 64 calls deep",
        ],
    );
}

#[test]
fn a_macro_that_calls_itself_a_few_times_still_renders() {
    let macros = "{% macro down(n) %}{% if n > 0 %}<i>{{ self::down(n=n-1) }}</i>{% endif %}{% endmacro down %}\n";
    let page = "{% extends \"base.html\" %}\n{% import \"deep.html\" as deep %}\n{% block main %}{{ deep::down(n=20) }}{% endblock main %}\n";
    let site = temp_site(&[
        ("content/book.md", GOOD),
        ("templates/deep.html", macros),
        ("templates/page.html", page),
    ]);
    let out = quire(&["build"], site.path());
    assert!(out.status.success(), "{}", stderr(&out));
    let html = std::fs::read_to_string(site.path().join("public/one.html")).unwrap();
    assert_eq!(html.matches("<i>").count(), 20, "{html}");
}

// ------------------------------------------------------------------ 2. killed builds

#[test]
fn a_killed_builds_temporary_folder_is_removed_by_the_next_build() {
    let site = temp_site(&[("content/book.md", GOOD)]);
    // A process that has ended: its pid names the leftovers of a killed build.
    let mut child = std::process::Command::new("true").spawn().unwrap();
    let dead = child.id();
    child.wait().unwrap();
    let alive = std::process::id();
    let leftovers = [
        format!(".public.quire-new-{dead}"),
        format!(".public.quire-old-{dead}"),
    ];
    let running = format!(".public.quire-new-{alive}");
    for dir in leftovers.iter().chain([&running]) {
        std::fs::create_dir_all(site.path().join(dir).join("q")).unwrap();
        std::fs::write(site.path().join(dir).join("q/page.html"), "half").unwrap();
    }
    let out = quire(&["build"], site.path());
    assert!(out.status.success(), "{}", stderr(&out));
    for dir in &leftovers {
        assert!(!site.path().join(dir).exists(), "{dir} is still there");
    }
    assert!(
        site.path().join(&running).exists(),
        "the folder of a build still running is left alone"
    );
}

#[test]
fn concurrent_builds_into_one_folder_still_give_one_complete_site() {
    let site = temp_site(&[("content/book.md", GOOD)]);
    let reference = temp_site(&[("content/book.md", GOOD)]);
    assert!(quire(&["build"], reference.path()).status.success());
    let expected = tree(&reference.path().join("public"));
    for _ in 0..3 {
        let builds: Vec<_> = (0..2)
            .map(|_| {
                std::process::Command::new(env!("CARGO_BIN_EXE_quire"))
                    .args(["build", "--quiet", "--root"])
                    .arg(site.path())
                    .spawn()
                    .unwrap()
            })
            .collect();
        let mut ok = 0;
        for mut b in builds {
            ok += usize::from(b.wait().unwrap().success());
        }
        assert!(ok >= 1, "at least one of two concurrent builds succeeds");
        assert_eq!(tree(&site.path().join("public")), expected);
    }
    let names: Vec<String> = std::fs::read_dir(site.path())
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .filter(|n| n.contains("quire-new") || n.contains("quire-old"))
        .collect();
    assert!(names.is_empty(), "left behind: {names:?}");
}

// ------------------------------------------------------------------ 4. captions

#[test]
fn a_bold_caption_before_a_titled_fence_stays_visible() {
    let text = "# Book\n\n## One\n\n**Example plain**:\n\n```python title=\"T\"\nx = 1\n```\n";
    let site = temp_site(&[("content/book.md", text)]);
    let out = crate::support::build(site.path());
    let main = main_of(&out, "one.html");
    assert!(
        main.contains("<strong>Example plain</strong>"),
        "the bold line is kept as text: {main}"
    );
    assert!(main.contains(">T<"), "title= is the caption: {main}");
}

// ------------------------------------------------------------------ 5. messages

#[test]
fn invalid_utf8_is_reported_at_its_line_and_column() {
    let site = temp_site(&[("content/book.md", GOOD)]);
    assert!(quire(&["build"], site.path()).status.success());
    let before = tree(&site.path().join("public"));
    let mut bytes = b"# Bad\n".to_vec();
    for i in 2..50 {
        bytes.extend(format!("line {i}\n").as_bytes());
    }
    bytes.extend(b"abc \xff here\n");
    std::fs::write(site.path().join("content/bad.md"), bytes).unwrap();
    let out = quire(&["build"], site.path());
    let err = stderr(&out);
    assert_eq!(out.status.code(), Some(1), "{err}");
    assert!(
        err.contains("content/bad.md:50:5: error: the file is not valid UTF-8"),
        "{err}"
    );
    assert_eq!(before, tree(&site.path().join("public")));
}

#[test]
fn an_undefined_template_variable_names_the_file_and_line() {
    let page = "{% extends \"base.html\" %}\n{% block main %}\n<h1>{{ chapter.title_html | safe }}</h1>\n<p>{{ chapter.subtitle }}</p>\n{% endblock main %}\n";
    fails_in_build_and_check(
        &[("templates/page.html", page)],
        &[
            "templates/page.html:4:7: error:",
            "Variable `chapter.subtitle` not found",
        ],
    );
}

#[test]
fn a_typo_in_the_sites_own_base_html_is_blamed_on_base_html() {
    let base = include_str!("../../templates/base.html");
    let line = base
        .lines()
        .position(|l| l.contains("{{ site.title }}"))
        .expect("base.html shows the site title")
        + 1;
    let typo = base.replacen("{{ site.title }}", "{{ site.titel }}", 1);
    let col = typo
        .lines()
        .nth(line - 1)
        .unwrap()
        .find("site.titel")
        .unwrap()
        + 1;
    fails_in_build_and_check(
        &[("templates/base.html", &typo)],
        &[
            &format!("templates/base.html:{line}:{col}: error:"),
            "site.titel",
        ],
    );
}

#[test]
fn a_title_table_in_site_toml_names_the_key_and_line() {
    fails_in_build_and_check(
        &[(
            "site.toml",
            "language = \"en\"\n\n[title]\ntext = \"Guide\"\n",
        )],
        &["site.toml:3:1: error: `title`: invalid type: map"],
    );
}

#[test]
fn check_never_speaks_of_the_previous_output() {
    let site = temp_site(&[
        ("content/book.md", GOOD),
        ("static/questions.html", "<p>mine</p>"),
    ]);
    let out = quire(&["check"], site.path());
    let err = stderr(&out);
    assert_eq!(out.status.code(), Some(1), "{err}");
    assert!(
        err.contains("static/questions.html:1:1: error: static/questions.html would replace"),
        "check finds what build finds: {err}"
    );
    assert!(!err.contains("previous output"), "{err}");
}

#[test]
fn a_content_file_clashing_with_a_share_page_is_a_content_error_naming_it() {
    let book = "# Book\n\n## One\n\n### Q: What is a?\n\nAn answer.\n";
    let site = temp_site(&[
        ("content/book.md", book),
        ("content/q/q-what-is-a.md", "# Clash\n\nText.\n"),
    ]);
    for command in ["build", "check"] {
        let out = quire(&[command], site.path());
        let err = stderr(&out);
        assert_eq!(out.status.code(), Some(1), "{command}: {err}");
        assert!(
            err.contains("content/q/q-what-is-a.md:1:1: error: this page's output q/q-what-is-a.html is also the share page of a question"),
            "{command}: {err}"
        );
    }
    assert!(!site.path().join("public").exists());
}

// ------------------------------------------------------------------ 6. skipped files

#[cfg(unix)]
#[test]
fn symlinks_inside_the_site_are_followed_and_the_rest_warned() {
    use std::os::unix::fs::symlink;
    let outside = tempfile::tempdir().unwrap();
    std::fs::write(outside.path().join("far.md"), "# Far\n\nText.\n").unwrap();
    let site = temp_site(&[
        ("content/book.md", GOOD),
        ("shared/near.md", "# Near\n\nShared text.\n"),
        ("shared/more/deep.md", "# Deep\n\nDeep text.\n"),
    ]);
    let content = site.path().join("content");
    symlink("../shared/near.md", content.join("near.md")).unwrap();
    symlink("../shared/more", content.join("more")).unwrap();
    symlink(outside.path().join("far.md"), content.join("far.md")).unwrap();
    symlink("nowhere.md", content.join("gone.md")).unwrap();
    symlink(".", content.join("loop")).unwrap();
    let out = quire(&["build"], site.path());
    let err = stderr(&out);
    assert!(out.status.success(), "{err}");
    let public = site.path().join("public");
    let near = std::fs::read_to_string(public.join("near.html")).unwrap();
    assert!(
        near.contains("Shared text."),
        "a link inside the site is followed"
    );
    assert!(public.join("more/deep.html").exists(), "{err}");
    for (file, why) in [
        ("content/far.md:1:1: warning:", "outside the site folder"),
        ("content/gone.md:1:1: warning:", "does not exist"),
        ("content/loop:1:1: warning:", "a loop"),
    ] {
        assert!(
            err.contains(file) && err.contains(why),
            "{file} {why}: {err}"
        );
    }
    assert!(!public.join("far.html").exists());
}

#[cfg(target_os = "linux")]
#[test]
fn file_names_that_are_not_utf8_are_warned_and_never_collide() {
    use std::ffi::OsStr;
    use std::os::unix::ffi::OsStrExt;
    let site = temp_site(&[("content/book.md", GOOD)]);
    let content = site.path().join("content");
    // Two names that a lossy conversion would both turn into "x�.md".
    for (bytes, text) in [
        (&b"x\xff.md"[..], "# First\n\nOne.\n"),
        (&b"x\xfe.md"[..], "# Second\n\nTwo.\n"),
    ] {
        if std::fs::write(content.join(OsStr::from_bytes(bytes)), text).is_err() {
            return; // a file system that refuses such names has nothing to test
        }
    }
    let out = quire(&["build"], site.path());
    let err = stderr(&out);
    assert!(out.status.success(), "{err}");
    assert!(
        err.contains("content/x%FF.md:1:1: warning: the file name is not valid UTF-8"),
        "{err}"
    );
    assert!(err.contains("content/x%FE.md:1:1: warning:"), "{err}");
    let html: String = tree(&site.path().join("public"))
        .into_iter()
        .filter(|(p, _)| p.ends_with(".html"))
        .map(|(_, b)| String::from_utf8_lossy(&b).into_owned())
        .collect();
    assert!(
        html.contains("One.") && html.contains("Two."),
        "both pages are built"
    );
}

// ------------------------------------------------------------------ found by the property tests

/// Runs `quire build` with its memory capped (1 GB of data), so that a runaway allocation
/// ends that process only, never the machine running the tests.
#[cfg(target_os = "linux")]
fn build_with_memory_cap(root: &std::path::Path) -> std::process::Output {
    std::process::Command::new("sh")
        .arg("-c")
        .arg("ulimit -d 1000000 && exec \"$0\" build --root \"$1\"")
        .arg(env!("CARGO_BIN_EXE_quire"))
        .arg(root)
        .output()
        .expect("run quire")
}

#[cfg(target_os = "linux")]
#[test]
fn a_jsx_tag_with_a_stray_slash_renders_as_text_instead_of_exhausting_memory() {
    // A line that looks like a component tag but has a `/` where an attribute belongs once
    // made the tag reader add empty attributes forever (24 GB in one property-test run).
    let block = "# Book\n\n## One\n\n<Foo / x>\n\nAfter.\n";
    let mdx = "import Tabs from '@theme/Tabs';\n\n# Other\n\nText <Bar / y> more.\n";
    let site = temp_site(&[("content/book.md", block), ("content/other.md", mdx)]);
    let out = build_with_memory_cap(site.path());
    let err = stderr(&out);
    assert!(out.status.success(), "{:?}: {err}", out.status);
    let read = |p: &str| std::fs::read_to_string(site.path().join("public").join(p)).unwrap();
    let one = read("book.html");
    assert!(
        one.contains("&lt;Foo / x&gt;") && one.contains("After."),
        "{one}"
    );
    let other = read("other.html");
    assert!(other.contains("Text &lt;Bar / y&gt; more."), "{other}");
}

// ------------------------------------------------------------------ slow inputs

/// Half a million `[` in a page's front matter (the YAML parser once took minutes over
/// 100,000 of them): refused at the first bracket too deep, with the way out.
#[test]
fn deeply_nested_front_matter_is_refused_at_its_bracket() {
    let deep = format!("---\ntitle: T\nx: {}\n---\n# Deep\n", "[".repeat(500_000));
    fails_in_build_and_check(
        &[("content/deep.md", &deep)],
        &[
            "content/deep.md:3:132: error: front matter: lists or maps (`[` or `{`) nested more than 128 deep; close the brackets, or quote the value if it is text",
        ],
    );
}

#[test]
fn a_deeply_nested_category_file_is_a_warning_and_the_folder_keeps_its_name() {
    let deep = format!("label: {}\n", "{a: ".repeat(200_000));
    let site = temp_site(&[
        ("content/book.md", GOOD),
        ("content/part/page.md", "# Page\n\nText.\n"),
        ("content/part/_category_.yml", &deep),
    ]);
    let out = quire(&["build"], site.path());
    let err = stderr(&out);
    assert!(out.status.success(), "{err}");
    assert!(
        err.contains(
            "content/part/_category_.yml:1:520: warning: category file not read (lists or maps"
        ),
        "{err}"
    );
}
