//! What the headless-Chromium test crates share: where Chromium is, the repository, how a
//! failed process is shown, and the check that the browser tools are installed (a missing
//! tool fails the test; `QUIRE_SKIP_BROWSER=1` skips it on purpose).

// Each test crate that includes this module uses a part of it.
#![allow(dead_code)]

use std::io::Write;
use std::path::{Path, PathBuf};
use std::process::{Command, Output};

pub(crate) const CHROMIUM: &str = "/usr/bin/chromium";

pub(crate) fn repo() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

/// A process's stdout and stderr, for an assertion message.
pub(crate) fn output_text(out: &Output) -> String {
    format!(
        "--- stdout ---\n{}\n--- stderr ---\n{}",
        String::from_utf8_lossy(&out.stdout),
        String::from_utf8_lossy(&out.stderr)
    )
}

/// Writes straight to the process's stderr, past libtest's output capture.
pub(crate) fn loud(text: &str) {
    let mut err = std::io::stderr().lock();
    let _ = writeln!(err, "{text}");
    let _ = err.flush();
}

/// True when `QUIRE_SKIP_BROWSER=1` asks to skip the browser checks; says so with `notice`.
pub(crate) fn skip_requested(notice: &str) -> bool {
    let skip = std::env::var_os("QUIRE_SKIP_BROWSER").is_some_and(|v| v == "1");
    if skip {
        loud(notice);
    }
    skip
}

/// Fails `what` unless node, Chromium, the npm `packages` under `tests/browser/node_modules`
/// and, with `java`, a Java runtime are all there.
pub(crate) fn require_tools(what: &str, packages: &[&str], java: bool) {
    let mut missing = Vec::new();
    let modules = repo().join("tests/browser/node_modules");
    for package in packages {
        let manifest = modules.join(package).join("package.json");
        if !manifest.is_file() {
            missing.push(manifest.display().to_string());
        }
    }
    if !Path::new(CHROMIUM).is_file() {
        missing.push(CHROMIUM.to_string());
    }
    let runs = |program: &str, arg: &str| {
        Command::new(program)
            .arg(arg)
            .output()
            .is_ok_and(|o| o.status.success())
    };
    if java && !runs("java", "-version") {
        missing.push("java (a JRE, for the Nu HTML checker)".to_string());
    }
    if !runs("node", "--version") {
        missing.push("node".to_string());
    }
    assert!(
        missing.is_empty(),
        "{what} cannot run, missing: {}.\n\
         Run `bash .ci/run` once (it installs chromium, java and the npm packages), or \
         `npm ci --prefix tests/browser --ignore-scripts` plus `apt-get install chromium`.\n\
         To skip the browser checks deliberately, set QUIRE_SKIP_BROWSER=1.",
        missing.join(", ")
    );
}

/// Copies the folder `from` to `to`, recursively (a fixture is built from a copy, so a build
/// never writes its lock or cache into the repository).
pub(crate) fn copy_tree(from: &Path, to: &Path) {
    std::fs::create_dir_all(to).expect("create dir");
    for entry in std::fs::read_dir(from).expect("read dir") {
        let entry = entry.expect("dir entry");
        let target = to.join(entry.file_name());
        if entry.file_type().expect("file type").is_dir() {
            copy_tree(&entry.path(), &target);
        } else {
            std::fs::copy(entry.path(), &target).expect("copy file");
        }
    }
}

/// Builds the fixture `tests/fixtures/<name>` with the real binary into `<tmp>/<name>` and
/// returns that folder. The build reads a copy (a build writes permalinks.lock beside the
/// sources). `args` come before `--root` (`--quiet`, …).
pub(crate) fn build_fixture(tmp: &Path, name: &str, args: &[&str]) -> PathBuf {
    let root = tmp.join(format!("{name}-src"));
    copy_tree(&repo().join("tests/fixtures").join(name), &root);
    let site = tmp.join(name);
    let result = Command::new(env!("CARGO_BIN_EXE_quire"))
        .arg("build")
        .args(args)
        .arg("--root")
        .arg(&root)
        .arg("--out")
        .arg(&site)
        .output()
        .expect("run quire");
    assert!(result.status.success(), "build: {}", output_text(&result));
    site
}

/// Runs `tests/browser/<script>` with node on `sites`, shows its report, and fails with
/// "`what` failed" and the output unless every check passed.
pub(crate) fn run_browser_script(script: &str, sites: &[PathBuf], what: &str) {
    let result = Command::new("node")
        .arg(repo().join("tests/browser").join(script))
        .args(sites)
        .output()
        .expect("run node");
    loud(&String::from_utf8_lossy(&result.stdout));
    assert!(
        result.status.success(),
        "{what} failed: {}",
        output_text(&result)
    );
}
