//! Every fixture site under `tests/fixtures/` built with the real `quire` binary and checked
//! in headless Chromium (`tests/browser/fixtures.mjs`): the Nu HTML checker, axe-core in
//! light and dark, and no sideways scroll at 360 px. The fixtures reproduce the shapes of
//! real guides (GitHub READMEs, Docusaurus, MkDocs, questions in lists, other languages), so
//! their pages must be as valid and accessible as the bundled guide's.
//!
//! Needs `/usr/bin/chromium`, `java` and `tests/browser/node_modules` (`bash .ci/run`
//! installs them); set `QUIRE_SKIP_BROWSER=1` to skip deliberately.

use std::path::PathBuf;
use std::process::Command;

mod browser_support;
use browser_support::{copy_tree, loud, output_text, repo, require_tools, skip_requested};

/// Fixtures that are not meant to build: each fails on purpose to test an error.
const FAIL_ON_PURPOSE: &[&str] = &["permalinks-renamed"];

/// The fixture sites that build, by name.
fn fixture_sites() -> Vec<(String, PathBuf)> {
    let mut sites: Vec<(String, PathBuf)> = std::fs::read_dir(repo().join("tests/fixtures"))
        .expect("read tests/fixtures")
        .filter_map(|e| {
            let e = e.ok()?;
            let name = e.file_name().to_string_lossy().into_owned();
            let is_site = e.path().join("content").is_dir();
            (is_site && !FAIL_ON_PURPOSE.contains(&name.as_str())).then(|| (name, e.path()))
        })
        .collect();
    sites.sort();
    sites
}

#[test]
fn fixture_sites_are_valid_html_and_accessible() {
    if skip_requested("QUIRE_SKIP_BROWSER=1: the fixture-site browser checks were SKIPPED") {
        return;
    }
    require_tools(
        "the fixture-site browser checks",
        &["playwright-core", "axe-core", "vnu-jar"],
        true,
    );
    let tmp = tempfile::tempdir().expect("temp dir");
    let mut outs = Vec::new();
    for (name, path) in fixture_sites() {
        // A copy, so the build's permalinks.lock and cache never land in the repository.
        let root = tmp.path().join("src").join(&name);
        copy_tree(&path, &root);
        let out = tmp.path().join("out").join(&name);
        let result = Command::new(env!("CARGO_BIN_EXE_quire"))
            .args(["build", "--quiet", "--root"])
            .arg(&root)
            .arg("--out")
            .arg(&out)
            .output()
            .expect("start quire");
        assert!(
            result.status.success(),
            "fixture `{name}` did not build\n{}",
            output_text(&result)
        );
        outs.push(out);
    }
    assert!(outs.len() >= 7, "only {} fixture sites found", outs.len());
    let result = Command::new("node")
        .arg(repo().join("tests/browser/fixtures.mjs"))
        .args(&outs)
        .output()
        .expect("start node");
    loud(&String::from_utf8_lossy(&result.stdout));
    assert!(
        result.status.success(),
        "fixture sites failed the browser checks\n{}",
        output_text(&result)
    );
}
