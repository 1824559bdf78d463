//! Browser checks of `print.html` (`tests/browser/print.mjs`): the `print` fixture is built
//! with the real binary, opened from disk in headless Chromium and printed: chapters in
//! order, a page break before each, answers shown, screen controls hidden, links within the
//! page, a PDF page per chapter at least.
//!
//! Needs `/usr/bin/chromium` and `tests/browser/node_modules` (`bash .ci/run` installs
//! them); set `QUIRE_SKIP_BROWSER=1` to skip deliberately.

mod browser_support;
use browser_support::{build_fixture, require_tools, run_browser_script, skip_requested};

#[test]
fn the_guide_prints_from_print_html() {
    if skip_requested("QUIRE_SKIP_BROWSER=1: the print browser checks were SKIPPED") {
        return;
    }
    require_tools("the print browser checks", &["playwright-core"], false);
    let tmp = tempfile::tempdir().expect("temp dir");
    let site = build_fixture(tmp.path(), "print", &["--quiet"]);
    run_browser_script("print.mjs", &[site], "print browser checks");
}
