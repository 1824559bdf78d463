//! The interface in another language, in a real browser: the `interface-ru` fixture built by
//! the `quire` binary and driven in headless Chromium (`tests/browser/interface.mjs`):
//! practice mode, a study set built on the questions page and opened, and search, each
//! showing Russian text and none of the English interface text.
//!
//! Needs `node`, `/usr/bin/chromium` and `tests/browser/node_modules` (`bash .ci/run`
//! installs them); `QUIRE_SKIP_BROWSER=1` skips it on purpose.

use std::process::Command;

mod browser_support;
use browser_support::{loud, output_text, repo, require_tools, skip_requested};

#[test]
fn practice_study_set_and_search_in_russian() {
    if skip_requested("QUIRE_SKIP_BROWSER=1: the interface browser checks were SKIPPED") {
        return;
    }
    require_tools("the interface browser checks", &["playwright-core"], false);
    let tmp = tempfile::tempdir().expect("temp dir");
    let root = tmp.path().join("site");
    for entry in walkdir::WalkDir::new(repo().join("tests/fixtures/interface-ru")) {
        let entry = entry.expect("walk");
        let rel = entry
            .path()
            .strip_prefix(repo().join("tests/fixtures/interface-ru"))
            .expect("inside");
        if entry.file_type().is_dir() {
            std::fs::create_dir_all(root.join(rel)).expect("mkdir");
        } else {
            std::fs::copy(entry.path(), root.join(rel)).expect("copy");
        }
    }
    let out = tmp.path().join("out");
    let built = Command::new(env!("CARGO_BIN_EXE_quire"))
        .args(["build", "--quiet", "--root"])
        .arg(&root)
        .arg("--out")
        .arg(&out)
        .output()
        .expect("run quire");
    assert!(built.status.success(), "{}", output_text(&built));
    let result = Command::new("node")
        .arg(repo().join("tests/browser/interface.mjs"))
        .arg(&out)
        .output()
        .expect("start node");
    loud(&String::from_utf8_lossy(&result.stdout));
    assert!(
        result.status.success(),
        "the Russian interface failed in Chromium\n{}",
        output_text(&result)
    );
}
