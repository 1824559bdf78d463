//! The bundled guide: counts, navigation, and that its own TOC links resolve.

use crate::support::{build, page, repo_root};

#[test]
fn bundled_guide_counts() {
    let out = build(&repo_root());
    assert_eq!(out.counts.pages, 6);
    assert_eq!(out.counts.sections, 20);
    assert_eq!(out.counts.questions, 18);
    assert_eq!(out.counts.examples, 21);
    assert!(out.warnings.is_empty(), "{:?}", out.warnings);
}

#[test]
fn the_sixth_chapter_is_in_the_navigation_and_every_toc_link_resolves() {
    let out = build(&repo_root());
    let home = page(&out, "index.html");
    assert!(
        home.contains("href=\"best-practices-and-real-world-scenarios.html\""),
        "generated nav lists chapter 6"
    );
    // Every link of the guide's own hand-written TOC resolves to a page that holds the id.
    let guide =
        std::fs::read_to_string(repo_root().join("content/python-interview-guide.md")).unwrap();
    let toc: Vec<&str> = guide
        .lines()
        .skip_while(|l| !l.starts_with("## Table of Contents"))
        .skip(1)
        .take_while(|l| !l.starts_with("---"))
        .collect();
    assert_eq!(toc.iter().filter(|l| l.contains("](#")).count(), 5);
    for line in toc.iter().filter(|l| l.contains("](#")) {
        let id = line.split("](#").nth(1).unwrap().trim_end_matches(')');
        let holder = out.files.iter().find(|(k, v)| {
            k.ends_with(".html") && String::from_utf8_lossy(v).contains(&format!("id=\"{id}\""))
        });
        assert!(holder.is_some(), "TOC link #{id} resolves to no page");
    }
}

#[test]
fn question_and_example_ids_come_from_their_text() {
    let out = build(&repo_root());
    let gil = page(&out, "gil-and-concurrency.html");
    assert!(gil.contains("id=\"q-why-doesnt-threading-improve-cpu-bound-tasks-in-python\""));
    assert!(gil.contains("id=\"ex-thread-safe-data-structures\""));
    assert!(gil.contains("id=\"ex-code-example-gil-impact\""));
    let last = page(&out, "best-practices-and-real-world-scenarios.html");
    assert!(last.contains("id=\"q-design-a-python-application-to-handle-millions-of\""));
}

#[test]
fn output_is_deterministic() {
    let a = build(&repo_root());
    let b = build(&repo_root());
    assert_eq!(a.files, b.files);
}

#[test]
fn build_output_has_no_dev_server_script_and_no_external_urls() {
    let out = build(&repo_root());
    for (path, bytes) in &out.files {
        if !path.ends_with(".html") {
            continue;
        }
        let html = String::from_utf8_lossy(bytes);
        for bad in [
            "src=\"http",
            "href=\"http://",
            "src=\"//",
            "@import",
            "fonts.googleapis",
        ] {
            assert!(!html.contains(bad), "{path} contains {bad}");
        }
    }
}

/// Every file of the bundled guide's build with a hash of its bytes, one `path hash` line
/// each: the build written to disk and the build in memory must agree, and any change to
/// any byte of the output shows in the snapshot (a change to the code's structure must
/// leave it as it is; a change to what the site shows updates it on purpose).
#[test]
fn the_guide_builds_byte_for_byte_as_recorded() {
    let dir = tempfile::tempdir().expect("tempdir");
    let out = dir.path().join("public");
    let opts = quire::Options {
        root: repo_root(),
        out: Some(out.clone()),
        no_cache: true,
        ..Default::default()
    };
    quire::build(&opts).expect("the guide builds");
    let listing = |files: Vec<(String, Vec<u8>)>| -> String {
        files
            .iter()
            .filter(|(path, _)| path != ".quire-output")
            .map(|(path, bytes)| format!("{path} {:032x}\n", xxhash_rust::xxh3::xxh3_128(bytes)))
            .collect()
    };
    let on_disk = listing(crate::support::tree(&out));
    let in_memory = listing(
        build(&repo_root())
            .files
            .iter()
            .map(|(path, bytes)| (path.clone(), bytes.to_vec()))
            .collect(),
    );
    assert_eq!(
        on_disk, in_memory,
        "the written build differs from the one in memory"
    );
    insta::assert_snapshot!("guide_output_hashes", on_disk);
}
