//! Browser tests: build the bundled guide with the real `quire` binary and
//! check the result in headless Chromium (`tests/browser/run.mjs`): the Nu
//! HTML checker, axe-core in light and dark, 360 px layout, keyboard use,
//! the copy button, the theme toggle, links, and a site served under a
//! sub-path. Three builds: the guide as is, the guide with
//! `--base-url https://example.test/guide/`, and a copy of the project whose
//! first ```python fence gets `linenos` (copied code must not hold numbers).
//!
//! Needs `/usr/bin/chromium`, `java` and `tests/browser/node_modules`, which
//! `bash .ci/run` installs. Without them this test FAILS; set
//! `QUIRE_SKIP_BROWSER=1` to skip it deliberately.

use std::path::Path;
use std::process::Command;

mod browser_support;
use browser_support::{
    copy_tree, loud, output_text, repo as repo_root, require_tools, skip_requested,
};

const SKIP_NOTICE: &str = "
!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!
!!! QUIRE_SKIP_BROWSER=1: the browser checks (tests/browser.rs) were SKIPPED !!!
!!! The built site was NOT checked in Chromium. Unset it to run them.        !!!
!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!
";

/// Runs `quire build --root <repo> --out <out>` plus `extra` arguments.
fn build_site(root: &Path, out: &Path, extra: &[&str]) {
    let result = Command::new(env!("CARGO_BIN_EXE_quire"))
        .arg("build")
        .arg("--root")
        .arg(root)
        .arg("--out")
        .arg(out)
        .args(extra)
        .output()
        .expect("failed to start the quire binary");
    assert!(
        result.status.success(),
        "`quire build --root {} --out {} {}` exited with {}\n{}",
        root.display(),
        out.display(),
        extra.join(" "),
        result.status,
        output_text(&result)
    );
    assert!(
        out.join("index.html").is_file(),
        "`quire build` exited 0 but wrote no {}",
        out.join("index.html").display()
    );
}

/// A copy of the project's site sources (site.toml, content/, templates/,
/// static/) in `dest` whose first ```python fence has the `linenos` attribute.
fn linenos_variant(root: &Path, dest: &Path) {
    copy_tree(&root.join("content"), &dest.join("content"));
    for dir in ["templates", "static"] {
        if root.join(dir).is_dir() {
            copy_tree(&root.join(dir), &dest.join(dir));
        }
    }
    if root.join("site.toml").is_file() {
        std::fs::copy(root.join("site.toml"), dest.join("site.toml")).expect("copy site.toml");
    }
    let guide = dest.join("content/python-interview-guide.md");
    let text = std::fs::read_to_string(&guide).expect("read the guide");
    let fence = "\n```python\n";
    assert!(
        text.contains(fence),
        "no ```python fence in {}",
        guide.display()
    );
    let text = text.replacen(fence, "\n```python linenos\n", 1);
    std::fs::write(&guide, text).expect("write the linenos guide");
}

#[test]
fn site_passes_browser_checks() {
    if skip_requested(SKIP_NOTICE) {
        return;
    }

    let root = repo_root();
    require_tools(
        "the browser checks",
        &["playwright-core", "axe-core", "vnu-jar"],
        true,
    );

    let tmp = tempfile::tempdir().expect("failed to create a temp dir");
    let site = tmp.path().join("site");
    let subpath_site = tmp.path().join("subpath-site");
    build_site(&root, &site, &[]);
    build_site(
        &root,
        &subpath_site,
        &["--base-url", "https://example.test/guide/"],
    );

    let linenos_root = tmp.path().join("linenos-root");
    let linenos_site = tmp.path().join("linenos-site");
    linenos_variant(&root, &linenos_root);
    build_site(&linenos_root, &linenos_site, &[]);

    let runner = root.join("tests/browser/run.mjs");
    let result = Command::new("node")
        .arg(&runner)
        .arg(&site)
        .arg(&subpath_site)
        .arg(&linenos_site)
        .current_dir(&root)
        // Every check runs here; QUIRE_CHECKS is for running run.mjs by hand.
        .env_remove("QUIRE_CHECKS")
        .output()
        .expect("failed to start node");
    // Show the per-check PASS/FAIL report in the log even when the test passes.
    loud(&String::from_utf8_lossy(&result.stdout));
    let failures: Vec<&str> = std::str::from_utf8(&result.stdout)
        .unwrap_or("")
        .lines()
        .filter(|l| l.starts_with("FAIL"))
        .collect();
    assert!(
        result.status.success(),
        "browser checks failed (node {} exited with {}); the full report is above.\n{}\n--- node stderr ---\n{}",
        runner.display(),
        result.status,
        failures.join("\n"),
        String::from_utf8_lossy(&result.stderr)
    );
}
