//! The shape of the code that docs/architecture.md promises: top-level modules point one
//! way (no module imports one that imports it back, directly or around a circle), every
//! `crate::` path names a module (nothing reaches into `lib.rs`), and no source file is
//! over 800 lines before its tests.

use std::collections::{BTreeMap, BTreeSet};
use std::path::Path;

use crate::support::repo_root;

/// The code of a file without its unit tests and without comment lines.
fn code_of(path: &Path) -> String {
    let text = std::fs::read_to_string(path).expect("readable source");
    let code = text.split("#[cfg(test)]\nmod tests").next().unwrap_or("");
    code.lines()
        .filter(|l| !l.trim_start().starts_with("//"))
        .collect::<Vec<_>>()
        .join("\n")
}

/// Every top-level module of `src/` with the files that make it.
fn modules() -> BTreeMap<String, Vec<std::path::PathBuf>> {
    let src = repo_root().join("src");
    let mut out = BTreeMap::new();
    for entry in std::fs::read_dir(&src).expect("src/") {
        let path = entry.expect("entry").path();
        let name = path.file_stem().unwrap().to_string_lossy().into_owned();
        if path.is_dir() {
            let files = walkdir::WalkDir::new(&path)
                .into_iter()
                .filter_map(Result::ok)
                .filter(|e| e.path().extension().is_some_and(|x| x == "rs"))
                .map(|e| e.into_path())
                .collect();
            out.insert(name, files);
        } else if name != "lib" && name != "main" {
            out.entry(name).or_insert_with(Vec::new).push(path);
        }
    }
    out
}

/// The `crate::` names a piece of code uses (`crate::a::b` and `use crate::{a, b::c}`).
fn crate_names(code: &str) -> BTreeSet<String> {
    names_after(code, "crate::")
}

/// The names a piece of code uses after `prefix` (`prefix` then `a::b`, or `{a, b::c}`).
fn names_after(code: &str, prefix: &str) -> BTreeSet<String> {
    let mut names = BTreeSet::new();
    for (i, _) in code.match_indices(prefix) {
        let rest = &code[i + prefix.len()..];
        if let Some(group) = rest.strip_prefix('{') {
            let group = &group[..group.find('}').unwrap_or(group.len())];
            for item in group.split(',') {
                let item = item.trim();
                let head = item.split("::").next().unwrap_or("").trim();
                if !head.is_empty() {
                    names.insert(head.to_string());
                }
            }
        } else {
            let name: String = rest
                .chars()
                .take_while(|c| c.is_alphanumeric() || *c == '_')
                .collect();
            names.insert(name);
        }
    }
    names
}

#[test]
fn top_level_modules_point_one_way() {
    let modules = modules();
    let mut edges: BTreeMap<&str, BTreeSet<String>> = BTreeMap::new();
    for (name, files) in &modules {
        for file in files {
            let used = crate_names(&code_of(file));
            for other in used {
                assert!(
                    modules.contains_key(&other) || other == "self",
                    "{} uses crate::{other}, which is not a module (nothing imports lib.rs)",
                    file.display()
                );
                if &other != name && modules.contains_key(&other) {
                    edges.entry(name).or_default().insert(other);
                }
            }
        }
    }
    let reaches = |from: &str, to: &str| {
        let mut seen = BTreeSet::new();
        let mut todo = vec![from.to_string()];
        while let Some(m) = todo.pop() {
            for next in edges.get(m.as_str()).into_iter().flatten() {
                if next == to {
                    return true;
                }
                if seen.insert(next.clone()) {
                    todo.push(next.clone());
                }
            }
        }
        false
    };
    let mut cycles: BTreeSet<Vec<&str>> = BTreeSet::new();
    for a in modules.keys() {
        let mut members: Vec<&str> = modules
            .keys()
            .map(String::as_str)
            .filter(|b| b == a || (reaches(a, b) && reaches(b, a)))
            .collect();
        members.sort();
        if members.len() > 1 {
            cycles.insert(members);
        }
    }
    assert_eq!(
        cycles,
        BTreeSet::new(),
        "modules that import each other (around a circle)"
    );
}

/// The modules of `src/search/` in the order they build on each other: each may use only
/// those before it (`patch` edits an index, `memo` keeps what a session reuses).
const SEARCH_CHAIN: &[&str] = &["tokenize", "index", "shard", "patch", "memo"];

#[test]
fn search_modules_form_a_one_way_chain() {
    let dir = repo_root().join("src/search");
    let mut seen = BTreeSet::new();
    for entry in std::fs::read_dir(&dir).expect("src/search/") {
        let path = entry.expect("entry").path();
        let name = path.file_stem().unwrap().to_string_lossy().into_owned();
        if name == "mod" || name == "tests" {
            continue;
        }
        let place = SEARCH_CHAIN.iter().position(|m| *m == name);
        let place = place.unwrap_or_else(|| {
            panic!("src/search/{name}.rs has no place in SEARCH_CHAIN: put it where it belongs")
        });
        seen.insert(name.clone());
        let code = code_of(&path);
        let used = names_after(&code, "super::").into_iter().chain(
            names_after(&code, "crate::search::")
                .into_iter()
                .filter(|n| !n.is_empty()),
        );
        for other in used {
            if let Some(at) = SEARCH_CHAIN.iter().position(|m| *m == other) {
                assert!(
                    at < place,
                    "search::{name} uses search::{other}, which comes after it in {SEARCH_CHAIN:?}"
                );
            }
        }
    }
    assert_eq!(
        seen,
        SEARCH_CHAIN.iter().map(|m| m.to_string()).collect(),
        "every module of the chain exists"
    );
}

#[test]
fn no_source_file_is_over_800_lines_before_its_tests() {
    for files in modules().values() {
        for file in files {
            let text = std::fs::read_to_string(file).expect("readable source");
            let code = text.split("#[cfg(test)]\nmod tests").next().unwrap_or("");
            let lines = code.lines().count();
            assert!(
                lines <= 800,
                "{} has {lines} lines before its tests",
                file.display()
            );
        }
    }
}
