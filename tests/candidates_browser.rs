//! Links for candidates in a real browser: builds a copy of the bundled guide and of the
//! `permalinks-aliased` fixture with the `quire` binary (in temporary folders, so the
//! repository's `permalinks.lock` is never written) and runs `tests/browser/candidates.mjs`
//! in headless Chromium: "Show answer" on a share page with mouse and keyboard, a study set
//! built on the questions page and opened from its URL, practice mode, and aliased old
//! pages and fragments landing on the renamed headings, hosted at a sub-path and from disk;
//! and a generated site with 600 questions, whose study sets load their items from several
//! data files.
//!
//! Needs `node`, `/usr/bin/chromium` and `tests/browser/node_modules` (`bash .ci/run`
//! installs them). Without them this test FAILS; `QUIRE_SKIP_BROWSER=1` skips it on purpose.

use std::path::Path;
use std::process::Command;

mod browser_support;
use browser_support::{loud, output_text as text, repo, require_tools, skip_requested};

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

/// A site with 6 chapters × 10 sections × 10 questions (every title unique), whose study
/// set data is spread over several files.
fn write_many_questions(root: &Path) {
    let mut book = String::from("# Many questions\n\n");
    for c in 1..=6 {
        book.push_str(&format!("## Chapter {c}\n\n"));
        for s in 1..=10 {
            book.push_str(&format!(
                "### Topic {c}.{s}\n\nSome prose about topic {c}.{s}.\n\n"
            ));
            for q in 1..=10 {
                book.push_str(&format!(
                    "{q}. **Q**: What is item {c}.{s}.{q} for?\n   **A**: Item {c}.{s}.{q} keeps \
                     the answer to question {q} of topic {c}.{s}, with some words to make it \
                     as long as a real answer. A real answer also explains why, gives an \
                     example and names the trade-off, so it runs to a few sentences like \
                     these, which the study data files carry in full.\n"
                ));
            }
            book.push('\n');
        }
    }
    std::fs::create_dir_all(root.join("content")).expect("mkdir");
    std::fs::write(root.join("content/book.md"), book).expect("write");
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
    if skip_requested("QUIRE_SKIP_BROWSER=1: the candidate browser checks were SKIPPED") {
        return;
    }
    require_tools(
        "the candidate browser checks",
        &["playwright-core", "axe-core"],
        false,
    );
    let tmp = tempfile::tempdir().expect("tempdir");
    let guide = tmp.path().join("guide");
    let aliased = tmp.path().join("aliased");
    copy_site(&repo(), &guide);
    copy_site(&repo().join("tests/fixtures/permalinks-aliased"), &aliased);
    let many = tmp.path().join("many");
    write_many_questions(&many);
    build(&guide, &guide.join("public"));
    build(&aliased, &aliased.join("public"));
    build(&many, &many.join("public"));

    let runner = repo().join("tests/browser/candidates.mjs");
    let result = Command::new("node")
        .arg(&runner)
        .arg(guide.join("public"))
        .arg(aliased.join("public"))
        .arg(many.join("public"))
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
