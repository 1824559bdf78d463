//! Shared helpers: build a fixture in memory, pull out a page's `<main>`.

use std::path::{Path, PathBuf};

pub(crate) fn repo_root() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

pub(crate) fn fixture(name: &str) -> PathBuf {
    repo_root().join("tests/fixtures").join(name)
}

pub(crate) fn build(root: &Path) -> quire::Output {
    let opts = quire::Options {
        root: root.to_path_buf(),
        ..Default::default()
    };
    match quire::build_site(&opts) {
        Ok(out) => out,
        Err(e) => panic!(
            "build of {} failed: {e}\n{:#?}",
            root.display(),
            e.diagnostics()
        ),
    }
}

pub(crate) fn page<'a>(out: &'a quire::Output, path: &str) -> &'a str {
    let bytes = out
        .files
        .get(path)
        .unwrap_or_else(|| panic!("no {path} in {:?}", out.files.keys().collect::<Vec<_>>()));
    std::str::from_utf8(bytes).expect("utf-8 page")
}

/// The `<main>` element's inner HTML of a page.
pub(crate) fn main_of(out: &quire::Output, path: &str) -> String {
    let html = page(out, path);
    let start = html.find("<main").expect("a <main>");
    let start = start + html[start..].find('>').expect("end of <main>") + 1;
    let end = html.rfind("</main>").expect("</main>");
    html[start..end].trim().to_string()
}

/// Writes a small site into a temporary folder: `(relative path, text)` pairs.
pub(crate) fn temp_site(files: &[(&str, &str)]) -> tempfile::TempDir {
    let dir = tempfile::tempdir().expect("tempdir");
    for (rel, text) in files {
        let path = dir.path().join(rel);
        std::fs::create_dir_all(path.parent().expect("parent")).expect("mkdir");
        std::fs::write(path, text).expect("write");
    }
    dir
}

/// Every file under `dir` with its bytes, sorted by path.
pub(crate) fn tree(dir: &Path) -> Vec<(String, Vec<u8>)> {
    let mut files: Vec<_> = walkdir::WalkDir::new(dir)
        .into_iter()
        .filter_map(Result::ok)
        .filter(|e| e.file_type().is_file())
        .map(|e| {
            let rel = e
                .path()
                .strip_prefix(dir)
                .expect("under dir")
                .display()
                .to_string();
            (rel, std::fs::read(e.path()).expect("readable"))
        })
        .collect();
    files.sort();
    files
}
