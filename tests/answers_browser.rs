//! Browser checks of richer answers (`tests/browser/answers.mjs`): the `diagrams` fixture's
//! Mermaid diagram is drawn as an SVG in light and dark, over HTTP at a sub-path and from
//! disk, follows the theme toggle, keeps its source without JavaScript; the `math` fixture's
//! formulas render as MathML; no page asks another host for anything.
//!
//! Needs `/usr/bin/chromium` and `tests/browser/node_modules` (`bash .ci/run` installs
//! them); set `QUIRE_SKIP_BROWSER=1` to skip deliberately.

mod browser_support;
use browser_support::{build_fixture, require_tools, run_browser_script, skip_requested};

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
    let sites = ["diagrams", "math"].map(|name| build_fixture(tmp.path(), name, &["--quiet"]));
    run_browser_script("answers.mjs", &sites, "diagram and formula browser checks");
}
