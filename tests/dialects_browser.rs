//! Browser checks of MDX tabs: the `docusaurus` fixture is built with the real binary and
//! its tabs checked in headless Chromium (`tests/browser/dialects.mjs`): ARIA roles and
//! states, keyboard, groupId, axe-core after switching, without JavaScript, in print.
//!
//! Needs `/usr/bin/chromium`, `java` and `tests/browser/node_modules` (`bash .ci/run`
//! installs them); set `QUIRE_SKIP_BROWSER=1` to skip deliberately.

mod browser_support;
use browser_support::{build_fixture, require_tools, run_browser_script, skip_requested};

#[test]
fn other_dialects_pass_browser_checks() {
    if skip_requested("QUIRE_SKIP_BROWSER=1: the dialect browser checks were SKIPPED") {
        return;
    }
    require_tools(
        "the dialect browser checks",
        &["playwright-core", "axe-core", "vnu-jar"],
        true,
    );
    let tmp = tempfile::tempdir().expect("temp dir");
    let site = build_fixture(tmp.path(), "docusaurus", &[]);
    run_browser_script("dialects.mjs", &[site], "dialect browser checks");
}
