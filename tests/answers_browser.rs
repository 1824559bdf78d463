//! Browser checks of richer answers (`tests/browser/answers.mjs`): the `diagrams` fixture's
//! Mermaid diagram is drawn as an SVG in light and dark, over HTTP at a sub-path and from
//! disk, follows the theme toggle, keeps its source without JavaScript; the `math` fixture's
//! formulas render as MathML; no page asks another host for anything.
//!
//! Needs `/usr/bin/chromium` and `tests/browser/node_modules` (`bash .ci/run` installs
//! them); set `QUIRE_SKIP_BROWSER=1` to skip deliberately.

use std::process::Command;

mod browser_support;
use browser_support::{copy_tree, loud, output_text, repo, require_tools, skip_requested};

#[test]
fn diagrams_and_formulas_render_in_the_browser() {
    if skip_requested("QUIRE_SKIP_BROWSER=1: the diagram and formula browser checks were SKIPPED") {
        return;
    }
    require_tools(
        "the diagram and formula browser checks",
        &["playwright-core"],
        false,
    );
    let tmp = tempfile::tempdir().expect("temp dir");
    let mut sites = Vec::new();
    for name in ["diagrams", "math"] {
        // Built from a copy: a build writes permalinks.lock beside the sources.
        let root = tmp.path().join(format!("{name}-src"));
        copy_tree(&repo().join("tests/fixtures").join(name), &root);
        let site = tmp.path().join(name);
        let result = Command::new(env!("CARGO_BIN_EXE_quire"))
            .args(["build", "--quiet", "--root"])
            .arg(&root)
            .arg("--out")
            .arg(&site)
            .output()
            .expect("run quire");
        assert!(result.status.success(), "build: {}", output_text(&result));
        sites.push(site);
    }
    let result = Command::new("node")
        .arg(repo().join("tests/browser/answers.mjs"))
        .args(&sites)
        .output()
        .expect("run node");
    loud(&String::from_utf8_lossy(&result.stdout));
    assert!(
        result.status.success(),
        "diagram and formula browser checks failed: {}",
        output_text(&result)
    );
}
