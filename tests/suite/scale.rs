//! Builds of a generated corpus 10× the guide: parallel output equals single-threaded output,
//! a warm build (highlight cache) equals a cold one, an incremental rebuild after an edit
//! equals a full build of the edited content, and a damaged cache is ignored.

use std::path::Path;
use std::process::Command;

use crate::support::{repo_root, tree};

fn corpus(dir: &Path, scale: u32) {
    std::fs::create_dir_all(dir.join("content")).unwrap();
    let status = Command::new("python3")
        .arg(repo_root().join("bench/gen_corpus.py"))
        .args(["--scale", &scale.to_string(), "--layout", "single", "-o"])
        .arg(dir.join("content/guide.md"))
        .status()
        .expect("python3 runs bench/gen_corpus.py");
    assert!(status.success());
}

fn quire(root: &Path, out: &Path, threads: Option<&str>) -> std::process::Output {
    let mut cmd = Command::new(env!("CARGO_BIN_EXE_quire"));
    cmd.args(["build", "--quiet", "--root"])
        .arg(root)
        .arg("--out")
        .arg(out);
    if let Some(n) = threads {
        cmd.env("RAYON_NUM_THREADS", n);
    }
    let out = cmd.output().unwrap();
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    out
}

#[test]
fn parallel_warm_and_cold_builds_are_byte_identical() {
    let site = tempfile::tempdir().unwrap();
    corpus(site.path(), 10);
    let outs = tempfile::tempdir().unwrap();
    let (one, cold, warm) = (
        outs.path().join("one"),
        outs.path().join("cold"),
        outs.path().join("warm"),
    );
    quire(site.path(), &one, Some("1"));
    std::fs::remove_dir_all(site.path().join(".quire-cache")).unwrap();
    quire(site.path(), &cold, None);
    assert!(site.path().join(".quire-cache/highlight.bin").exists());
    quire(site.path(), &warm, None);
    let reference = tree(&one);
    assert!(reference.len() > 60);
    assert!(
        reference == tree(&cold),
        "parallel build differs from RAYON_NUM_THREADS=1"
    );
    assert!(
        reference == tree(&warm),
        "warm build differs from cold build"
    );
    assert!(
        !tree(&cold).iter().any(|(p, _)| p.contains("quire-cache")),
        "the cache is never published"
    );
}

#[test]
fn a_damaged_cache_is_ignored() {
    let site = tempfile::tempdir().unwrap();
    corpus(site.path(), 1);
    let outs = tempfile::tempdir().unwrap();
    quire(site.path(), &outs.path().join("a"), None);
    let cache = site.path().join(".quire-cache/highlight.bin");
    let mut bytes = std::fs::read(&cache).unwrap();
    // Damage payload bytes in the middle and cut the tail.
    let mid = bytes.len() / 2;
    for b in &mut bytes[mid..mid + 64] {
        *b ^= 0x5a;
    }
    bytes.truncate(bytes.len() - 100);
    std::fs::write(&cache, bytes).unwrap();
    quire(site.path(), &outs.path().join("b"), None);
    assert!(
        tree(&outs.path().join("a")) == tree(&outs.path().join("b")),
        "damaged cache changed the output"
    );
    std::fs::write(&cache, b"not a cache at all").unwrap();
    quire(site.path(), &outs.path().join("c"), None);
    assert!(tree(&outs.path().join("a")) == tree(&outs.path().join("c")));
}

#[test]
fn an_incremental_rebuild_after_an_edit_equals_a_full_build() {
    let site = tempfile::tempdir().unwrap();
    corpus(site.path(), 10);
    let opts = quire::Options {
        root: site.path().to_path_buf(),
        ..Default::default()
    };
    let mut session = quire::Session::new(opts.clone());
    session.build().unwrap();
    let path = site.path().join("content/guide.md");
    let text = std::fs::read_to_string(&path).unwrap();
    // Edit prose in one chapter (shifting every later line), then rename a chapter.
    let at = text.find("\n## ").unwrap() + 1;
    let at = at + text[at..].find("\n\n").unwrap();
    let edited = format!("{}\n\nAn added paragraph.{}", &text[..at], &text[at..]);
    std::fs::write(&path, &edited).unwrap();
    let incremental = session.build().unwrap();
    assert!(incremental.files == quire::build_site(&opts).unwrap().files);
    // Edit an answer: its chapter and its share page change.
    let edited = edited.replacen("**A**: ", "**A**: Indeed, ", 1);
    std::fs::write(&path, &edited).unwrap();
    let incremental = session.build().unwrap();
    assert!(incremental.files == quire::build_site(&opts).unwrap().files);
    std::fs::write(
        &path,
        edited.replacen(
            "\n## Async Programming\n",
            "\n## Async Programming Renamed {#async-programming}\n",
            1,
        ),
    )
    .unwrap();
    let incremental = session.build().unwrap();
    assert!(incremental.files == quire::build_site(&opts).unwrap().files);
}

#[test]
fn a_rebuild_into_the_same_folder_after_edits_equals_a_full_build() {
    let site = tempfile::tempdir().unwrap();
    corpus(site.path(), 10);
    let outs = tempfile::tempdir().unwrap();
    let (out, full) = (outs.path().join("public"), outs.path().join("full"));
    quire(site.path(), &out, None);
    assert!(site.path().join(".quire-cache/pages.json").exists());
    let path = site.path().join("content/guide.md");
    let text = std::fs::read_to_string(&path).unwrap();
    let at = text.find("\n## ").unwrap() + 1;
    let at = at + text[at..].find("\n\n").unwrap();
    // Prose in one chapter, then an answer (a chapter and a share page), then a title (the
    // navigation of every page); a page edited by hand in the output is made again.
    let prose = format!("{}\n\nAn added paragraph.{}", &text[..at], &text[at..]);
    let answer = prose.replacen("**A**: ", "**A**: Indeed, ", 1);
    let title = answer.replacen(
        "\n## Async Programming\n",
        "\n## Async Programming Renamed {#async-programming}\n",
        1,
    );
    for (i, edit) in [prose, answer, title].iter().enumerate() {
        std::fs::write(&path, edit).unwrap();
        if i == 1 {
            let page = out.join("decorators-and-context-managers.html");
            let bytes = std::fs::read(&page).unwrap();
            std::fs::write(&page, bytes.to_ascii_uppercase()).unwrap();
        }
        quire(site.path(), &out, None);
        let _ = std::fs::remove_dir_all(&full);
        let mut cold = Command::new(env!("CARGO_BIN_EXE_quire"));
        cold.args(["build", "--quiet", "--no-cache", "--root"])
            .arg(site.path())
            .arg("--out")
            .arg(&full);
        assert!(cold.status().unwrap().success());
        assert!(
            tree(&out) == tree(&full),
            "edit {i}: rebuild differs from a full build"
        );
    }
}
