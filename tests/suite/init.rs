//! `quire init`: the new site builds at once, a folder with a site is refused untouched, and
//! the GitHub Pages workflow passes actionlint.

use std::process::Command;

use crate::support::{build, tree};

fn quire() -> Command {
    Command::new(env!("CARGO_BIN_EXE_quire"))
}

#[test]
fn fresh_folder_builds_with_questions_and_examples() {
    let dir = tempfile::tempdir().unwrap();
    let site = dir.path().join("my guide");
    let out = quire()
        .args(["init", "--github-pages"])
        .arg(&site)
        .output()
        .unwrap();
    let stdout = String::from_utf8_lossy(&out.stdout);
    assert!(
        out.status.success(),
        "{stdout}\n{}",
        String::from_utf8_lossy(&out.stderr)
    );
    assert!(
        stdout.contains("cd '"),
        "next steps name the folder: {stdout}"
    );
    assert!(stdout.contains("quire serve"), "{stdout}");
    for file in [
        "site.toml",
        "content/index.md",
        ".gitignore",
        ".github/workflows/pages.yml",
    ] {
        assert!(site.join(file).is_file(), "{file} written");
    }
    let gitignore = std::fs::read_to_string(site.join(".gitignore")).unwrap();
    assert!(gitignore.lines().any(|l| l == "public/"), "{gitignore}");
    assert!(
        gitignore.lines().any(|l| l == ".quire-cache/"),
        "{gitignore}"
    );

    let output = build(&site);
    assert!(output.counts.questions >= 1, "{:?}", output.counts);
    assert!(output.counts.examples >= 1, "{:?}", output.counts);
    assert!(output.warnings.is_empty(), "{:?}", output.warnings);
    let chapter = crate::support::page(&output, "basics.html");
    assert!(chapter.contains("callout-tip"), "the sample has a callout");
    assert!(
        chapter.contains("<figcaption"),
        "the sample's example has a caption"
    );
}

#[test]
fn site_toml_lists_every_key() {
    let keys = serde_json::to_value(quire::config::Config::default()).unwrap();
    let text = std::fs::read_to_string(crate::support::repo_root().join("init/site.toml")).unwrap();
    for key in keys.as_object().unwrap().keys() {
        let present = text.lines().any(|l| {
            let l = l.trim_start_matches(['#', ' ']);
            l.strip_prefix(key.as_str())
                .is_some_and(|rest| rest.trim_start().starts_with('=') || rest.starts_with(']'))
                || l.strip_prefix('[')
                    .and_then(|l| l.strip_prefix(key.as_str()))
                    == Some("]")
        });
        assert!(present, "init/site.toml has no line for `{key}`");
    }
    quire::config::parse_config(&text, "site.toml").expect("the sample site.toml is valid");
}

/// Runs `quire init` in a folder that holds `files` and checks it changed nothing.
fn assert_refused(files: &[(&str, &str)]) {
    let dir = crate::support::temp_site(files);
    let before = tree(dir.path());
    let out = quire()
        .args(["init", "--github-pages"])
        .arg(dir.path())
        .output()
        .unwrap();
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert_eq!(out.status.code(), Some(1), "{stderr}");
    assert!(
        stderr.contains("already exists") && stderr.contains("nothing was changed"),
        "{stderr}"
    );
    assert_eq!(tree(dir.path()), before, "init changed a folder it refused");
}

#[test]
fn a_folder_with_a_site_is_refused_untouched() {
    assert_refused(&[
        ("content/a.md", "# Mine\n\nMy words.\n"),
        (".gitignore", "target/\n"),
    ]);
    assert_refused(&[("site.toml", "title = \"Mine\"\n"), ("notes.md", "x")]);
    assert_refused(&[(".github/workflows/pages.yml", "name: mine\n")]);
}

#[test]
fn an_existing_gitignore_is_kept_and_extended() {
    let dir = crate::support::temp_site(&[(".gitignore", "target/\n"), ("README.md", "mine\n")]);
    let out = quire().arg("init").arg(dir.path()).output().unwrap();
    assert!(out.status.success());
    let text = std::fs::read_to_string(dir.path().join(".gitignore")).unwrap();
    assert!(text.starts_with("target/\n"), "{text}");
    assert!(
        text.contains("\npublic/\n") && text.contains("\n.quire-cache/\n"),
        "{text}"
    );
    assert_eq!(
        std::fs::read_to_string(dir.path().join("README.md")).unwrap(),
        "mine\n"
    );
    assert!(
        !dir.path().join(".github").exists(),
        "no workflow without --github-pages"
    );
}

#[test]
fn pages_workflow_passes_actionlint() {
    let Ok(version) = Command::new("actionlint").arg("--version").output() else {
        eprintln!("skipped: actionlint is not installed (bash .ci/run installs it with pip)");
        return;
    };
    assert!(version.status.success());
    let dir = tempfile::tempdir().unwrap();
    let (rel, text) = quire::init::PAGES_WORKFLOW;
    let path = dir.path().join(rel);
    std::fs::create_dir_all(path.parent().unwrap()).unwrap();
    std::fs::write(&path, text).unwrap();
    let out = Command::new("actionlint").arg(&path).output().unwrap();
    assert!(
        out.status.success(),
        "actionlint:\n{}{}",
        String::from_utf8_lossy(&out.stdout),
        String::from_utf8_lossy(&out.stderr)
    );
    // The checker is not vacuous: a workflow with a mistake fails it.
    std::fs::write(&path, text.replace("needs: build", "needs: biuld")).unwrap();
    let out = Command::new("actionlint").arg(&path).output().unwrap();
    assert!(
        !out.status.success(),
        "actionlint accepted a job needing a missing job"
    );
}
