//! Property tests over whole sites: random Markdown, front matter, `site.toml` and templates,
//! built over a good previous build. Whatever the input, `build` and `check` never panic or
//! abort, every diagnostic names a file of the site and a line inside it, and a failed
//! build leaves the previous output exactly as it was.

use std::path::Path;

use proptest::prelude::*;

use crate::support::tree;

const GOOD: &str = "# Book\n\n## One\n\n### Part\n\nText.\n\n## Two\n\n### Q: Why?\n\nBecause.\n";

fn markdown() -> impl Strategy<Value = String> {
    let piece = prop_oneof![
        Just("# Title\n".to_string()),
        Just("## Chapter\n".to_string()),
        Just("### Section {#same}\n".to_string()),
        Just("### Q: What is it?\n\nIt is.\n".to_string()),
        Just("**Example plain**:\n".to_string()),
        Just("```python title=\"T\"\nx = (\n```\n".to_string()),
        Just("```klingon\n".to_string()),
        Just("```\n".to_string()),
        Just("[a](#nope) [b](b.md) [c](sub/c.md#x)\n".to_string()),
        Just(":::note\n".to_string()),
        Just(":::\n".to_string()),
        Just("<details><summary>q</summary>\n".to_string()),
        Just("\n".to_string()),
        "\\PC{0,30}\n",
        // MDX: an `import` line turns on inline components; tags well and badly formed.
        Just("import Tabs from '@theme/Tabs';\n".to_string()),
        Just("<Tabs>\n<TabItem value=\"a\" label=\"A\">\n".to_string()),
        Just("</TabItem>\n</Tabs>\n".to_string()),
        "<[A-Z][a-z]{1,4}( [a-z]{1,3}(=(\"[a-z]*\"|\\{[a-z]*\\}))?| /| =|  \\{\\.\\.\\.p\\})*( />|>)?\n",
        // Markdown's own punctuation, where parsers have their edge cases.
        "[<>/{}=\"' A-Za-z0-9:\\[\\]()#*_`|!$~^-]{0,30}\n",
        // Nested lists and quotes, tables, footnotes.
        "(> |- |1\\. |  ){1,8}[a-z]{0,6}\n",
        "\\|[a-z ]{0,5}\\|[a-z ]{0,5}\\|\n\\|---\\|:-:\\|\n",
        Just("Note[^1] and :smile:.\n\n[^1]: The note.\n".to_string()),
        // Code inside list items and quotes (highlighted as part of the prose).
        "(1\\. |- |> ){1,3}```(python|py title=\"T\"|klingon|mermaid|)\n(   |> )?[a-z(\"]{0,8}\n(   |> )?```\n",
    ];
    proptest::collection::vec(piece, 0..14).prop_map(|v| v.concat())
}

fn front_matter() -> impl Strategy<Value = String> {
    prop_oneof![
        Just(String::new()),
        Just("+++\ntitle = \"A\"\norder = 2\n+++\n".to_string()),
        Just("+++\norder = \"two\"\n+++\n".to_string()),
        Just("---\ntitle: [unclosed\n---\n".to_string()),
        Just("---\ndraft: true\n---\n".to_string()),
        Just("---\nslug: q/q-what-is-it\n---\n".to_string()),
        Just("+++\naliases = [\"one -> two\"]\n+++\n".to_string()),
        "(\\+\\+\\+|---)\n[a-z]{1,6} ?[=:] ?\\PC{0,12}\n(\\+\\+\\+|---)\n",
        yaml_value().prop_map(|v| format!("---\ntitle: T\nx: {v}\n---\n")),
        Just(format!("---\nx: {}\n---\n", "[".repeat(300))),
    ]
}

/// YAML's punctuation: lists and maps opened and closed, quotes, comments, block scalars.
fn yaml_value() -> impl Strategy<Value = String> {
    "([\\[\\]{},:\"'#|>& a-z-]|\n  ){0,60}"
}

fn site_toml() -> impl Strategy<Value = String> {
    let line = prop_oneof![
        Just("title = \"Guide\"\n".to_string()),
        Just("title = 1\n".to_string()),
        Just("[title]\nx = 1\n".to_string()),
        Just("base_url = \"https://example.org/guide/\"\n".to_string()),
        Just("base_url = 42\n".to_string()),
        Just("language = \"de\"\n".to_string()),
        Just("split = \"chapters\"\n".to_string()),
        Just("split = \"sometimes\"\n".to_string()),
        Just("titel = \"typo\"\n".to_string()),
        "[a-z_]{1,8} = \"\\PC{0,10}\"\n",
        "\\PC{0,20}\n",
    ];
    proptest::collection::vec(line, 0..4).prop_map(|v| v.concat())
}

fn template() -> impl Strategy<Value = String> {
    let piece = prop_oneof![
        Just("{% include \"page.html\" %}".to_string()),
        Just("{% include \"part.html\" %}".to_string()),
        Just("{% extends \"base.html\" %}".to_string()),
        Just("{% extends \"page.html\" %}".to_string()),
        Just("{% block main %}".to_string()),
        Just("{% endblock main %}".to_string()),
        Just("{{ chapter.title_html | safe }}".to_string()),
        Just("{{ nope.missing }}".to_string()),
        Just("{{ site.title | nosuchfilter }}".to_string()),
        Just("{% macro m(n) %}{{ self::m(n=n) }}{% endmacro m %}".to_string()),
        Just("{{ self::m(n=1) }}".to_string()),
        Just("{% if chapter %}".to_string()),
        Just("{% endif %}".to_string()),
        Just("{{ oops ".to_string()),
        Just("\n".to_string()),
        "[^{}%#]{0,12}",
    ];
    proptest::collection::vec(piece, 0..8).prop_map(|v| v.concat())
}

fn site() -> impl Strategy<Value = Vec<(String, String)>> {
    (
        (front_matter(), markdown()),
        proptest::option::of((front_matter(), markdown())),
        proptest::option::of(site_toml()),
        proptest::option::of(template()),
        proptest::option::of(template()),
        proptest::option::of(yaml_value()),
    )
        .prop_map(|(a, b, toml, page, part, category)| {
            let mut files = vec![("content/book.md".to_string(), a.0 + &a.1)];
            if let Some(b) = b {
                files.push(("content/sub/c.md".to_string(), b.0 + &b.1));
            }
            if let Some(t) = toml {
                files.push(("site.toml".to_string(), t));
            }
            if let Some(t) = page {
                files.push(("templates/page.html".to_string(), t));
            }
            if let Some(t) = part {
                files.push(("templates/part.html".to_string(), t));
            }
            if let Some(label) = category {
                files.push((
                    "content/sub/_category_.yml".to_string(),
                    format!("label: {label}\n"),
                ));
            }
            files
        })
}

/// Every diagnostic names a file of the site (or a built-in template, saying so) and a line
/// and column inside it.
fn assert_located(root: &Path, diags: &[quire::Diagnostic]) -> Result<(), TestCaseError> {
    for d in diags {
        let file = root.join(&d.location.file);
        let builtin = d.message.contains("(in the built-in template");
        prop_assert!(file.is_file() || builtin, "{d}: no such file in the site");
        prop_assert!(d.location.line >= 1 && d.location.col >= 1, "{d}");
        if let Ok(text) = std::fs::read(&file) {
            let lines = text.split(|&b| b == b'\n').count();
            prop_assert!(
                d.location.line as usize <= lines,
                "{d}: the file has {lines} lines"
            );
        }
    }
    Ok(())
}

/// `PROPTEST_CASES` runs more cases than CI's 64 (a hunt, with `PROPTEST_RNG_SEED` to
/// repeat one).
fn cases() -> u32 {
    std::env::var("PROPTEST_CASES")
        .ok()
        .and_then(|n| n.parse().ok())
        .unwrap_or(64)
}

proptest! {
    // Each case builds twice and checks once (a few tens of milliseconds): 64 cases keep the
    // suite quick. A new random seed every run, so CI keeps exploring; a failure prints its
    // shrunk input and proptest records it in proptest-regressions/.
    #![proptest_config(ProptestConfig {
        cases: cases(),
        ..ProptestConfig::default()
    })]

    #[test]
    fn random_sites_never_crash_errors_are_located_and_output_is_kept(files in site()) {
        // An input that aborts the process (memory exhausted) is never shrunk or printed:
        // with QUIRE_PROPS_LAST_CASE set, each case's files are written there first.
        if let Ok(path) = std::env::var("QUIRE_PROPS_LAST_CASE") {
            std::fs::write(&path, format!("{files:#?}")).unwrap();
        }
        let dir = tempfile::tempdir().unwrap();
        let root = dir.path();
        std::fs::create_dir_all(root.join("content")).unwrap();
        std::fs::write(root.join("content/book.md"), GOOD).unwrap();
        let opts = quire::Options { root: root.to_path_buf(), no_cache: true, ..Default::default() };
        quire::build(&opts).expect("the good site builds");
        let before = tree(&root.join("public"));
        for (rel, text) in &files {
            let path = root.join(rel);
            std::fs::create_dir_all(path.parent().unwrap()).unwrap();
            std::fs::write(path, text).unwrap();
        }
        match quire::build(&opts) {
            Ok(report) => assert_located(root, &report.warnings)?,
            Err(e) => {
                let diags = e.diagnostics();
                prop_assert!(!diags.is_empty(), "an error without a location: {e}");
                assert_located(root, &diags)?;
                prop_assert!(before == tree(&root.join("public")), "the previous output changed");
            }
        }
        match quire::check(&opts) {
            Ok(diags) => assert_located(root, &diags)?,
            Err(e) => prop_assert!(false, "check stopped instead of reporting: {e}"),
        }
    }
}
