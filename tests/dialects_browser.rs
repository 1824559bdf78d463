//! Browser checks of MDX tabs: the `docusaurus` fixture is built with the real binary and
//! its tabs checked in headless Chromium (`tests/browser/dialects.mjs`): ARIA roles and
//! states, keyboard, groupId, axe-core after switching, without JavaScript, in print.
//!
//! Needs `/usr/bin/chromium`, `java` and `tests/browser/node_modules` (`bash .ci/run`
//! installs them); set `QUIRE_SKIP_BROWSER=1` to skip deliberately.

use std::process::Command;

mod browser_support;
use browser_support::{copy_tree, loud, output_text, repo, require_tools, skip_requested};

#[test]
fn other_dialects_pass_browser_checks() {
    if skip_requested("QUIRE_SKIP_BROWSER=1: the dialect browser checks were SKIPPED") {
        return;
    }
    require_tools(
        "the dialect browser checks",
        &["playwright-core", "axe-core", "vnu-jar"],
        true,
    );
    let tmp = tempfile::tempdir().expect("temp dir");
    // Built from a copy: a build writes permalinks.lock beside the sources.
    let root = tmp.path().join("docusaurus-src");
    copy_tree(&repo().join("tests/fixtures/docusaurus"), &root);
    let site = tmp.path().join("docusaurus");
    let result = Command::new(env!("CARGO_BIN_EXE_quire"))
        .args(["build", "--root"])
        .arg(&root)
        .arg("--out")
        .arg(&site)
        .output()
        .expect("run quire");
    assert!(result.status.success(), "build: {}", output_text(&result));
    let result = Command::new("node")
        .arg(repo().join("tests/browser/dialects.mjs"))
        .arg(&site)
        .output()
        .expect("run node");
    loud(&String::from_utf8_lossy(&result.stdout));
    assert!(
        result.status.success(),
        "dialect browser checks failed: {}",
        output_text(&result)
    );
}
