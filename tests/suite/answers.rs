//! Richer answers: formulas, code from files, diagrams, the whole guide on one page, and
//! what changed (last-updated dates, the feed, the sitemap).

use crate::support::{build, fixture, main_of};

#[test]
fn formulas_render_to_mathml_at_build_time() {
    let out = build(&fixture("math"));
    let main = main_of(&out, "complexity.html");
    assert_eq!(main.matches("<math").count(), 4, "{main}");
    assert!(main.contains("<math display=\"block\""), "{main}");
    assert!(main.contains("<mfrac>"), "{main}");
    assert!(
        main.contains("costs $5 a month and the team plan $12"),
        "dollar amounts stay prose: {main}"
    );
    assert!(main.contains("<code>echo $HOME</code>"), "{main}");
    assert!(
        main.contains("<code class=\"math-source\">$\\fracc{a}{b}$</code>"),
        "a broken formula is shown as written: {main}"
    );
    let warning = out
        .warnings
        .iter()
        .find(|w| w.message.contains("formula not rendered"))
        .expect("a warning for the broken formula");
    let at = (warning.location.line, warning.location.col);
    assert_eq!(
        (warning.location.file.as_str(), at),
        ("content/complexity.md", (23, 11)),
        "{warning}"
    );
    assert_eq!(out.warnings.len(), 1, "{:?}", out.warnings);
    insta::assert_snapshot!("math_main", main);
}

#[test]
fn search_indexes_the_formula_source() {
    let out = build(&fixture("math"));
    let index: String = out
        .files
        .iter()
        .filter(|(k, _)| k.starts_with("search/"))
        .map(|(_, v)| String::from_utf8_lossy(v).into_owned())
        .collect();
    assert!(index.contains("log n"), "formula text is searchable");
    assert!(!index.contains("<math"), "no markup in the index");
}
