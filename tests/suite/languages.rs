//! Code-block languages as a user meets them: `quire languages`, highlighting of names that
//! real guides use, the unknown-language warning, and the bundled guide's code unchanged.

use std::path::Path;
use std::process::{Command, Output};

use crate::support::{build, page, repo_root, temp_site};

fn quire(args: &[&str], root: &Path) -> Output {
    Command::new(env!("CARGO_BIN_EXE_quire"))
        .args(args)
        .current_dir(root)
        .output()
        .expect("run quire")
}

/// The names real guides write that quire highlights (beyond Python and the like).
const NAMES: [&str; 13] = [
    "toml",
    "tsx",
    "kotlin",
    "swift",
    "dockerfile",
    "scss",
    "graphql",
    "protobuf",
    "elixir",
    "nginx",
    "powershell",
    "ini",
    "console",
];

#[test]
fn quire_languages_lists_every_name_with_its_aliases() {
    let dir = tempfile::tempdir().expect("temp dir");
    let out = quire(&["languages"], dir.path());
    assert!(out.status.success());
    let stdout = String::from_utf8_lossy(&out.stdout);
    let line = |name: &str| {
        stdout
            .lines()
            .find(|l| l.split_whitespace().next() == Some(name))
            .unwrap_or_else(|| panic!("no line for {name} in:\n{stdout}"))
            .to_string()
    };
    for name in NAMES
        .iter()
        .chain(&["python", "bash", "typescript", "text"])
    {
        line(name);
    }
    assert!(line("python").contains("Python: ") && line("python").contains(" py,"));
    assert!(line("kotlin").contains("kt"), "{}", line("kotlin"));
    assert!(line("powershell").contains("ps1"), "{}", line("powershell"));
    assert!(
        line("console").contains("shell-session"),
        "{}",
        line("console")
    );
    assert!(out.stderr.is_empty());
}

#[test]
fn every_name_highlights_in_a_built_site_without_warnings() {
    let samples = [
        "[server]\nport = 8080",
        "const A = () => <div className=\"a\" />;",
        "fun main() = println(\"hi\")",
        "let s: String = \"hi\"",
        "FROM alpine:3\nRUN echo hi",
        ".a { color: #fff; }",
        "query Q { user { name } }",
        "message M { int32 x = 1; }",
        "defmodule M do\nend",
        "server {\n  listen 80;\n}",
        "Get-ChildItem -Path .",
        "[core]\neditor = vim",
        "$ echo \"hi\"\nhi",
    ];
    let mut md = String::from("# Languages\n\n## All of them\n\n");
    for (name, code) in NAMES.iter().zip(samples) {
        md.push_str(&format!("```{name}\n{code}\n```\n\n"));
    }
    let site = temp_site(&[("content/book.md", &md)]);
    let out = quire(&["build"], site.path());
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    assert!(
        !String::from_utf8_lossy(&out.stderr).contains("unknown language"),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let html: String = std::fs::read_dir(site.path().join("public"))
        .expect("public/ built")
        .filter_map(|e| std::fs::read_to_string(e.ok()?.path()).ok())
        .collect();
    for name in NAMES {
        let start = html
            .find(&format!("<code class=\"language-{name}\">"))
            .unwrap_or_else(|| panic!("no {name} block"));
        let end = start + html[start..].find("</code>").expect("end of code");
        assert!(
            html[start..end].contains("<hl-"),
            "{name} is plain: {}",
            &html[start..end]
        );
    }
}

#[test]
fn an_unknown_language_warning_names_the_closest_known_names() {
    let site = temp_site(&[(
        "content/book.md",
        "# B\n\n## One\n\n```kotln\nval x = 1\n```\n",
    )]);
    let out = quire(&["build"], site.path());
    assert!(out.status.success());
    let stderr = String::from_utf8_lossy(&out.stderr);
    let warning = stderr
        .lines()
        .find(|l| l.contains("unknown language `kotln`"))
        .unwrap_or_else(|| panic!("no warning in:\n{stderr}"));
    assert!(
        warning.starts_with("content/book.md:5:1: warning: unknown language `kotln`: shown as plain text; closest known names: kotlin, "),
        "{warning}"
    );
    assert!(
        warning.contains("`quire languages` lists them all"),
        "{warning}"
    );
    assert_eq!(warning.matches(", ").count(), 2, "three names: {warning}");
}

/// Every code block of the bundled guide as rendered: language, line count and a hash of
/// its HTML, sorted (so page renames do not matter). Highlighting changes show up here.
#[test]
fn the_bundled_guides_code_is_highlighted_as_before() {
    let out = build(&repo_root());
    let mut blocks = Vec::new();
    for path in out.files.keys().filter(|p| p.ends_with(".html")) {
        let html = page(&out, path);
        for piece in html.split("<code class=\"language-").skip(1) {
            let (lang, rest) = piece.split_once("\">").expect("code tag");
            let code = &rest[..rest.find("</code>").expect("end of code")];
            let hash = xxhash_rust::xxh3::xxh3_64(code.as_bytes());
            blocks.push(format!("{lang} {} {hash:016x}", code.lines().count()));
        }
    }
    blocks.sort();
    blocks.dedup();
    insta::assert_snapshot!("guide_code", blocks.join("\n"));
}
