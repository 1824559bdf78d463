//! A build of a site that did not change since the last build into the same folder writes
//! nothing and says so; any change of content, templates, static files, configuration,
//! files it includes, options or the quire binary builds again, and an output folder changed by hand is
//! repaired. Every output is compared with a build from nothing.

use std::path::{Path, PathBuf};
use std::process::Command;

use crate::support::{temp_site, tree};

const SAME: &str = "nothing changed since the last build";

/// A small site with its own template, a static file and a broken link (a warning).
fn site() -> tempfile::TempDir {
    let page = std::fs::read_to_string(crate::support::repo_root().join("templates/page.html"))
        .expect("built-in page template");
    temp_site(&[
        (
            "site.toml",
            "title = \"Field notes\"\nbroken_links = \"warn\"\n",
        ),
        (
            "content/01-tides.md",
            "# Tides\n\nThe sea rises twice a day. See [the lost chart](nowhere.md).\n\n## Neap tides\n\nSmaller ranges.\n",
        ),
        (
            "content/02-winds.md",
            "# Winds\n\nAir moves from high to low pressure.\n\n```python\n{{#include ../examples/gust.py}}\n```\n",
        ),
        ("examples/gust.py", "print(\"gust\")\n"),
        ("templates/page.html", &page),
        ("static/notes.css", "body { margin: 0; }\n"),
    ])
}

/// Runs `quire build` (`exe`, by default the one under test) with `args`: stdout and stderr.
fn run(exe: Option<&Path>, root: &Path, out: &Path, args: &[&str]) -> (String, String) {
    let exe = exe.map_or_else(
        || PathBuf::from(env!("CARGO_BIN_EXE_quire")),
        Path::to_path_buf,
    );
    let result = Command::new(exe)
        .arg("build")
        .arg("--root")
        .arg(root)
        .arg("--out")
        .arg(out)
        .args(args)
        .output()
        .expect("quire runs");
    let stderr = String::from_utf8_lossy(&result.stderr).into_owned();
    assert!(result.status.success(), "{stderr}");
    (String::from_utf8_lossy(&result.stdout).into_owned(), stderr)
}

/// Waits until the file system's clock has moved past the last change of every file under
/// `dir`: a build vouches only for files last changed before its own clock tick (a change
/// within the tick could leave a file's times as they are).
fn settle(dir: &Path) {
    let newest = walkdir::WalkDir::new(dir)
        .into_iter()
        .filter_map(Result::ok)
        .filter_map(|e| e.metadata().ok())
        .map(|m| changed(&m))
        .max()
        .unwrap_or_default();
    let probe = tempfile::NamedTempFile::new_in(dir).expect("probe");
    while changed(&probe.as_file().metadata().expect("probe")) <= newest {
        std::thread::sleep(std::time::Duration::from_millis(1));
        std::fs::write(probe.path(), b".").expect("probe");
    }
}

fn changed(meta: &std::fs::Metadata) -> (i64, i64) {
    use std::os::unix::fs::MetadataExt;
    (meta.ctime(), meta.ctime_nsec()).max((meta.mtime(), meta.mtime_nsec()))
}

/// The site built from nothing (no cache, a new folder).
fn cold(root: &Path) -> Vec<(String, Vec<u8>)> {
    let dir = tempfile::tempdir().expect("tempdir");
    let out = dir.path().join("cold");
    run(None, root, &out, &["--no-cache"]);
    tree(&out)
}

/// Builds after a change: a full build equal to one from nothing; the next build (after one
/// more when this one updated `permalinks.lock`, itself an input) finds nothing changed.
fn rebuilds(root: &Path, out: &Path, what: &str) {
    settle(root);
    let (stdout, _) = run(None, root, out, &[]);
    assert!(!stdout.contains(SAME), "{what}: {stdout}");
    assert!(tree(out) == cold(root), "{what}: differs from a cold build");
    if stdout.contains("updated permalinks.lock") {
        settle(root);
        let (stdout, _) = run(None, root, out, &[]);
        assert!(!stdout.contains(SAME), "{what}, lock updated: {stdout}");
    }
    let (stdout, _) = run(None, root, out, &[]);
    assert!(stdout.contains(SAME), "{what}, then nothing: {stdout}");
    assert!(tree(out) == cold(root), "{what}: output changed");
}

#[test]
fn an_unchanged_site_is_not_built_again_and_every_change_is() {
    let site = site();
    let root = site.path();
    // The output inside the site folder (the default), as most sites have it.
    let out = root.join("public");
    rebuilds(root, &out, "first build");
    let (full, full_warnings) = {
        std::fs::remove_dir_all(root.join(".quire-cache")).expect("cache");
        settle(root);
        run(None, root, &out, &[])
    };
    let inode = |p: &str| {
        use std::os::unix::fs::MetadataExt;
        let m = std::fs::metadata(out.join(p)).expect("output file");
        (m.ino(), m.mtime(), m.mtime_nsec())
    };
    let before = inode("01-tides.html");
    let (again, warnings) = run(None, root, &out, &[]);
    assert!(again.contains(SAME), "{again}");
    assert_eq!(inode("01-tides.html"), before, "nothing written");
    assert!(warnings.contains("nowhere.md"), "{warnings}");
    assert_eq!(warnings, full_warnings, "the same warnings");
    let counts = |s: &str| s.split(" in ").next().unwrap_or_default().to_string();
    assert_eq!(counts(&again), counts(&full), "the same summary");

    let edit = |rel: &str, from: &str, to: &str| {
        let path = root.join(rel);
        let text = std::fs::read_to_string(&path).expect("readable");
        assert!(text.contains(from), "{rel}: {from}");
        std::fs::write(&path, text.replacen(from, to, 1)).expect("write");
    };
    edit("content/02-winds.md", "low pressure", "lower pressure");
    rebuilds(root, &out, "content");
    edit("templates/page.html", "<article", "<!-- notes --><article");
    rebuilds(root, &out, "template");
    edit("static/notes.css", "0", "1px");
    rebuilds(root, &out, "static file");
    edit("site.toml", "Field notes", "Sea notes");
    rebuilds(root, &out, "site.toml");
    std::fs::write(
        root.join("content/03-currents.md"),
        "# Currents\n\nRivers in the sea.\n",
    )
    .expect("write");
    rebuilds(root, &out, "a new page");
    // A page removed (with the lock that keeps its address).
    std::fs::remove_file(root.join("content/03-currents.md")).expect("remove");
    std::fs::remove_file(root.join("permalinks.lock")).expect("remove");
    rebuilds(root, &out, "a page removed");
    edit("examples/gust.py", "gust", "squall");
    rebuilds(root, &out, "an included file outside content/");
    let winds = std::fs::read_to_string(out.join("02-winds.html")).expect("page");
    assert!(winds.contains("squall"), "the included file's new text");
}

#[test]
fn an_output_changed_by_hand_is_repaired() {
    let site = site();
    let root = site.path();
    let outs = tempfile::tempdir().expect("tempdir");
    let out = outs.path().join("public");
    rebuilds(root, &out, "first build");
    // The same number of bytes, other bytes.
    let page = out.join("02-winds.html");
    let bytes = std::fs::read(&page).expect("page");
    std::fs::write(&page, bytes.to_ascii_uppercase()).expect("tamper");
    rebuilds(root, &out, "a page edited by hand");
    // Edited by hand while its content changed elsewhere: the record of its bytes no
    // longer holds, so it is not taken from the previous output.
    let page = out.join("01-tides.html");
    let bytes = std::fs::read(&page).expect("page");
    std::fs::write(&page, bytes.to_ascii_uppercase()).expect("tamper");
    let winds = root.join("content/02-winds.md");
    let text = std::fs::read_to_string(&winds).expect("readable");
    std::fs::write(&winds, text.replace("high", "higher")).expect("write");
    rebuilds(root, &out, "a page edited by hand and the content edited");
    // The same, with no time for the file system's clock to move between the edits and
    // the build (the record of the output then holds, but not that of the inputs).
    let bytes = std::fs::read(&page).expect("page");
    std::fs::write(&page, bytes.to_ascii_uppercase()).expect("tamper");
    let text = std::fs::read_to_string(&winds).expect("readable");
    std::fs::write(&winds, text.replace("higher", "high")).expect("write");
    let (stdout, _) = run(None, root, &out, &[]);
    assert!(!stdout.contains(SAME), "{stdout}");
    assert!(
        tree(&out) == cold(root),
        "edited at once: differs from a cold build"
    );
    // Whether that build could vouch for its inputs depends on the clock: either way, two
    // builds later nothing is to be done.
    settle(root);
    run(None, root, &out, &[]);
    let (stdout, _) = run(None, root, &out, &[]);
    assert!(stdout.contains(SAME), "{stdout}");
    assert!(tree(&out) == cold(root));
    std::fs::remove_file(out.join("notes.css")).expect("remove");
    rebuilds(root, &out, "a file removed by hand");
    std::fs::write(out.join("stray.html"), "left here").expect("write");
    rebuilds(root, &out, "a file added by hand");
    std::fs::create_dir(out.join("empty")).expect("mkdir");
    rebuilds(root, &out, "a folder added by hand");
    std::fs::remove_dir_all(&out).expect("remove");
    rebuilds(root, &out, "the output removed");
}

#[test]
fn other_options_or_another_quire_build_again() {
    let site = site();
    let root = site.path();
    let outs = tempfile::tempdir().expect("tempdir");
    let out = outs.path().join("public");
    rebuilds(root, &out, "first build");
    let (stdout, _) = run(
        None,
        root,
        &out,
        &["--base-url", "https://example.org/notes/"],
    );
    assert!(!stdout.contains(SAME), "{stdout}");
    let (stdout, _) = run(
        None,
        root,
        &out,
        &["--base-url", "https://example.org/notes/"],
    );
    assert!(stdout.contains(SAME), "{stdout}");
    let (stdout, _) = run(None, root, &out, &[]);
    assert!(!stdout.contains(SAME), "{stdout}");
    assert!(tree(&out) == cold(root));
    // Into another folder: that folder's build is not the last one's.
    let elsewhere = outs.path().join("elsewhere");
    let (stdout, _) = run(None, root, &elsewhere, &[]);
    assert!(!stdout.contains(SAME), "{stdout}");
    // A copy of the binary is another file: another quire, as far as the record knows.
    let copy = outs.path().join("quire-copy");
    std::fs::copy(env!("CARGO_BIN_EXE_quire"), &copy).expect("copy");
    let (stdout, _) = run(Some(&copy), root, &elsewhere, &[]);
    assert!(!stdout.contains(SAME), "{stdout}");
    let (stdout, _) = run(Some(&copy), root, &elsewhere, &[]);
    assert!(stdout.contains(SAME), "{stdout}");
    let (stdout, _) = run(None, root, &elsewhere, &[]);
    assert!(!stdout.contains(SAME), "{stdout}");
    assert!(tree(&elsewhere) == cold(root));
    // --no-cache never takes the output as it is.
    let (stdout, _) = run(None, root, &elsewhere, &["--no-cache"]);
    assert!(!stdout.contains(SAME), "{stdout}");
}

#[test]
fn a_site_whose_pages_show_git_dates_always_builds() {
    let site = site();
    let root = site.path();
    let git = |args: &[&str]| {
        let ok = Command::new("git")
            .current_dir(root)
            .args([
                "-c",
                "user.name=Notes",
                "-c",
                "user.email=notes@example.org",
            ])
            .args(["-c", "commit.gpgsign=false"])
            .args(args)
            .env("GIT_CONFIG_GLOBAL", "/dev/null")
            .env("GIT_CONFIG_NOSYSTEM", "1")
            .status()
            .expect("git runs");
        assert!(ok.success(), "git {args:?}");
    };
    git(&["init", "-q"]);
    git(&["add", "."]);
    git(&["commit", "-qm", "Notes"]);
    let outs = tempfile::tempdir().expect("tempdir");
    let out = outs.path().join("public");
    for _ in 0..3 {
        settle(root);
        let (stdout, _) = run(None, root, &out, &[]);
        assert!(!stdout.contains(SAME), "{stdout}");
    }
}
