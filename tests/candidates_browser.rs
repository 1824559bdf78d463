//! Links for candidates in a real browser: builds a copy of the bundled guide and of the
//! `permalinks-aliased` fixture with the `quire` binary (in temporary folders, so the
//! repository's `permalinks.lock` is never written) and runs `tests/browser/candidates.mjs`
//! in headless Chromium: "Show answer" on a share page with mouse and keyboard, a study set
//! built on the questions page and opened from its URL, practice mode, and aliased old
//! pages and fragments landing on the renamed headings, hosted at a sub-path and from disk.
//!
//! Needs `node`, `/usr/bin/chromium` and `tests/browser/node_modules` (`bash .ci/run`
//! installs them). Without them this test FAILS; `QUIRE_SKIP_BROWSER=1` skips it on purpose.

use std::io::Write;
use std::path::{Path, PathBuf};
use std::process::{Command, Output};

const CHROMIUM: &str = "/usr/bin/chromium";

fn repo() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

fn text(out: &Output) -> String {
    format!(
        "--- stdout ---\n{}\n--- stderr ---\n{}",
        String::from_utf8_lossy(&out.stdout),
        String::from_utf8_lossy(&out.stderr)
    )
}

/// Writes past libtest's output capture.
fn loud(text: &str) {
    let mut err = std::io::stderr().lock();
    let _ = writeln!(err, "{text}");
}

fn missing_prerequisites() -> Vec<String> {
    let mut missing = Vec::new();
    for package in ["playwright-core", "axe-core"] {
        let p = repo()
            .join("tests/browser/node_modules")
            .join(package)
            .join("package.json");
        if !p.is_file() {
            missing.push(p.display().to_string());
        }
    }
    if !Path::new(CHROMIUM).is_file() {
        missing.push(CHROMIUM.to_string());
    }
    let node = Command::new("node").arg("--version").output();
    if !node.is_ok_and(|o| o.status.success()) {
        missing.push("node".to_string());
    }
    missing
}

/// Copies the site files of `src` (content/, site.toml, permalinks.lock) into `to`.
fn copy_site(src: &Path, to: &Path) {
    for entry in walkdir::WalkDir::new(src)
        .into_iter()
        .filter_map(Result::ok)
    {
        let rel = entry.path().strip_prefix(src).expect("inside");
        let first = rel.components().next().and_then(|c| c.as_os_str().to_str());
        if !matches!(first, Some("content" | "site.toml" | "permalinks.lock")) {
            continue;
        }
        let dest = to.join(rel);
        if entry.file_type().is_dir() {
            std::fs::create_dir_all(&dest).expect("mkdir");
        } else {
            std::fs::create_dir_all(dest.parent().expect("parent")).expect("mkdir");
            std::fs::copy(entry.path(), &dest).expect("copy");
        }
    }
}

fn build(root: &Path, out: &Path) {
    let result = Command::new(env!("CARGO_BIN_EXE_quire"))
        .args(["build", "--quiet", "--no-cache", "--root"])
        .arg(root)
        .arg("--out")
        .arg(out)
        .output()
        .expect("run quire");
    assert!(
        result.status.success(),
        "quire build --root {} failed:\n{}",
        root.display(),
        text(&result)
    );
}

#[test]
fn candidate_links_work_in_a_browser() {
    if std::env::var_os("QUIRE_SKIP_BROWSER").is_some_and(|v| v == "1") {
        loud("QUIRE_SKIP_BROWSER=1: the candidate browser checks were SKIPPED");
        return;
    }
    let missing = missing_prerequisites();
    assert!(
        missing.is_empty(),
        "the candidate browser checks cannot run, missing: {}.\n\
         Run `bash .ci/run` once, or `npm ci --prefix tests/browser --ignore-scripts` plus \
         `apt-get install chromium`. To skip them deliberately, set QUIRE_SKIP_BROWSER=1.",
        missing.join(", ")
    );
    let tmp = tempfile::tempdir().expect("tempdir");
    let guide = tmp.path().join("guide");
    let aliased = tmp.path().join("aliased");
    copy_site(&repo(), &guide);
    copy_site(&repo().join("tests/fixtures/permalinks-aliased"), &aliased);
    build(&guide, &guide.join("public"));
    build(&aliased, &aliased.join("public"));

    let runner = repo().join("tests/browser/candidates.mjs");
    let result = Command::new("node")
        .arg(&runner)
        .arg(guide.join("public"))
        .arg(aliased.join("public"))
        .current_dir(repo())
        .output()
        .expect("run node");
    loud(&String::from_utf8_lossy(&result.stdout));
    assert!(
        result.status.success(),
        "candidate browser checks failed (node {}):\n{}",
        runner.display(),
        text(&result)
    );
}
