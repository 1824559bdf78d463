//! Browser checks of `print.html` (`tests/browser/print.mjs`): the `print` fixture is built
//! with the real binary, opened from disk in headless Chromium and printed: chapters in
//! order, a page break before each, answers shown, screen controls hidden, links within the
//! page, a PDF page per chapter at least.
//!
//! Needs `/usr/bin/chromium` and `tests/browser/node_modules` (`bash .ci/run` installs
//! them); set `QUIRE_SKIP_BROWSER=1` to skip deliberately.

use std::process::Command;

mod browser_support;
use browser_support::{copy_tree, loud, output_text, repo, require_tools, skip_requested};

#[test]
fn the_guide_prints_from_print_html() {
    if skip_requested("QUIRE_SKIP_BROWSER=1: the print browser checks were SKIPPED") {
        return;
    }
    require_tools("the print browser checks", &["playwright-core"], false);
    let tmp = tempfile::tempdir().expect("temp dir");
    // Built from a copy: a build writes permalinks.lock beside the sources.
    let root = tmp.path().join("print-src");
    copy_tree(&repo().join("tests/fixtures/print"), &root);
    let site = tmp.path().join("print");
    let result = Command::new(env!("CARGO_BIN_EXE_quire"))
        .args(["build", "--quiet", "--root"])
        .arg(&root)
        .arg("--out")
        .arg(&site)
        .output()
        .expect("run quire");
    assert!(result.status.success(), "build: {}", output_text(&result));
    let result = Command::new("node")
        .arg(repo().join("tests/browser/print.mjs"))
        .arg(&site)
        .output()
        .expect("run node");
    loud(&String::from_utf8_lossy(&result.stdout));
    assert!(
        result.status.success(),
        "print browser checks failed: {}",
        output_text(&result)
    );
}
