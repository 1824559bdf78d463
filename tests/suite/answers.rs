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

#[test]
fn examples_include_code_from_files() {
    let out = build(&fixture("include"));
    assert_eq!(out.counts.examples, 3, "{:?}", out.counts);
    assert!(out.warnings.is_empty(), "{:?}", out.warnings);
    let main = main_of(&out, "heaps.html");
    assert!(!main.contains("{{#include"), "{main}");
    assert!(
        !main.contains("ANCHOR"),
        "anchor lines are not shown: {main}"
    );
    assert!(main.contains("read the issue"), "{main}");
    assert!(
        main.contains("<hl-f>print</hl-f>") || main.contains(">print<"),
        "the whole file: {main}"
    );
    assert!(
        main.contains("Pushing keeps the order"),
        "bold caption: {main}"
    );
    assert!(
        main.contains("heap.py"),
        "a file names an untitled example: {main}"
    );
    assert!(main.contains("lru.py"), "{main}");
    assert!(main.contains("lru_cache"), "lines 3–4: {main}");
    assert!(!main.contains("functools"), "line 1 left out: {main}");
    let examples = crate::support::page(&out, "examples.json");
    assert!(
        examples.contains("\"language\": \"python\"")
            || examples.contains("\"language\":\"python\""),
        "a fence without a language takes the file's: {examples}"
    );
    insta::assert_snapshot!("include_main", main);
}

#[test]
fn a_missing_include_is_an_error_at_its_line() {
    let md = "# Page\n\n## Code\n\n```python\n{{#include nowhere.py}}\n```\n\n   ```python\n   x = 1\n   {{#include part.py:5:9}}\n   ```\n\n```python\n{{#include part.py:nope}}\n```\n";
    let site = crate::support::temp_site(&[
        ("content/page.md", md),
        ("content/part.py", "a = 1\nb = 2\n"),
        ("outside.txt", ""),
    ]);
    let opts = quire::Options {
        root: site.path().to_path_buf(),
        ..Default::default()
    };
    let err = quire::build_site(&opts).expect_err("a missing include fails the build");
    let found: Vec<String> = err
        .diagnostics()
        .iter()
        .filter(|d| d.is_error())
        .map(|d| d.to_string())
        .collect();
    let expect = [
        ("content/page.md:6:1", "cannot include `nowhere.py`"),
        ("content/page.md:11:4", "the file has 2 lines"),
        ("content/page.md:15:1", "no line `ANCHOR: nope`"),
    ];
    assert_eq!(found.len(), expect.len(), "{found:#?}");
    for ((at, what), got) in expect.iter().zip(&found) {
        assert!(
            got.starts_with(at) && got.contains(what),
            "{got} (want {at}: {what})"
        );
    }
}

#[test]
fn includes_work_in_list_items_and_block_quotes() {
    let out = build(&fixture("include"));
    let main = main_of(&out, "steps.html");
    assert!(!main.contains("{{#include"), "{main}");
    // The included code is highlighted: its text is what the file holds.
    let text = text_of(&main);
    assert!(
        text.contains("heapq.heappush(tasks, (1, \"read the issue\"))"),
        "an anchor, in a numbered item: {main}"
    );
    assert!(
        text.contains("print(heapq.heappop(tasks))"),
        "one line, in a nested bullet: {main}"
    );
    assert!(
        main.contains("<blockquote>") && text.contains("@lru_cache(maxsize=128)"),
        "a line, in a quote: {main}"
    );
    assert!(!main.contains("ANCHOR"), "{main}");
    insta::assert_snapshot!("include_nested_main", main);
}

#[test]
fn a_missing_include_in_a_list_or_quote_is_an_error_at_its_line() {
    let md = "# Page\n\n## Steps\n\n1. Run it:\n\n   ```python\n   {{#include gone.py}}\n   ```\n\n> Quoted:\n>\n> ```\n> {{#include part.py:7}}\n> ```\n";
    let site =
        crate::support::temp_site(&[("content/page.md", md), ("content/part.py", "a = 1\n")]);
    let opts = quire::Options {
        root: site.path().to_path_buf(),
        ..Default::default()
    };
    let err = quire::build_site(&opts).expect_err("a missing include fails the build");
    let found: Vec<String> = err.diagnostics().iter().map(|d| d.to_string()).collect();
    assert_eq!(found.len(), 2, "{found:#?}");
    assert!(
        found[0].starts_with("content/page.md:8:4: error: cannot include `gone.py`"),
        "{found:#?}"
    );
    assert!(
        found[1].starts_with("content/page.md:14:3: error: cannot include `part.py:7`"),
        "{found:#?}"
    );
}

#[test]
fn an_include_may_not_leave_the_site() {
    let site = crate::support::temp_site(&[(
        "content/page.md",
        "# Page\n\n## Code\n\n```\n{{#include ../../../../../../etc/hostname}}\n```\n",
    )]);
    let opts = quire::Options {
        root: site.path().to_path_buf(),
        ..Default::default()
    };
    let err = quire::build_site(&opts).expect_err("outside the site");
    let text: Vec<String> = err.diagnostics().iter().map(|d| d.to_string()).collect();
    assert!(
        text.iter().any(|t| t.starts_with("content/page.md:6:1")
            && (t.contains("outside the site folder") || t.contains("cannot include"))),
        "{text:#?}"
    );
}

#[test]
fn mermaid_blocks_become_diagrams_with_their_source() {
    let out = build(&fixture("diagrams"));
    assert!(out.warnings.is_empty(), "{:?}", out.warnings);
    assert_eq!(out.counts.examples, 1, "a diagram is not a code example");
    let main = main_of(&out, "design.html");
    assert!(main.contains("<figure class=\"diagram\">"), "{main}");
    assert!(
        main.contains("LB --&gt; App1[App server]"),
        "the source stays, escaped: {main}"
    );
    assert!(
        main.contains("Reading through the cache") && main.contains("ex-reading-through-the-cache"),
        "the bold line still captions the code after the diagram: {main}"
    );
    for file in [
        "assets/diagrams.js",
        "assets/mermaid/mermaid.min.js",
        "assets/mermaid/LICENSE.txt",
    ] {
        assert!(out.files.contains_key(file), "{file} is written");
    }
    let license = crate::support::page(&out, "assets/mermaid/LICENSE.txt");
    assert!(license.contains("MIT"), "{license}");
    insta::assert_snapshot!("diagrams_main", main);
}

#[test]
fn a_site_without_diagrams_gets_no_diagram_files() {
    let out = build(&fixture("math"));
    assert!(
        !out.files
            .keys()
            .any(|k| k.contains("mermaid") || k.contains("diagrams.js")),
        "{:?}",
        out.files.keys().collect::<Vec<_>>()
    );
}

#[test]
fn print_page_holds_every_chapter_with_links_inside_it() {
    let out = build(&fixture("print"));
    let main = main_of(&out, "print.html");
    let order: Vec<usize> = [
        "<h1 id=\"basics\">Basics</h1>",
        "<h1 id=\"deep-dive\">Deep dive</h1>",
    ]
    .iter()
    .map(|h| main.find(h).unwrap_or_else(|| panic!("{h} in {main}")))
    .collect();
    assert!(order[0] < order[1], "chapters in reading order");
    assert_eq!(main.matches("class=\"print-chapter\"").count(), 3, "{main}");
    // Both pages have a `## Summary`: the second one's id is prefixed.
    assert!(main.contains("id=\"summary\""), "{main}");
    assert!(main.contains("id=\"advanced-deep--summary\""), "{main}");
    assert!(
        main.contains("href=\"#advanced-deep--summary\""),
        "link to the other chapter's heading: {main}"
    );
    assert!(
        main.contains("href=\"#basics\""),
        "link to a chapter: {main}"
    );
    assert!(
        main.contains("href=\"#what-is-a-list-comprehension\""),
        "{main}"
    );
    assert!(main.contains("href=\"#ex-squares\""), "{main}");
    assert!(
        !main.contains(".md"),
        "no link left to a Markdown file: {main}"
    );
    assert!(
        main.contains("It yields one item at a time"),
        "answers shown: {main}"
    );
    for page in [
        "index.html",
        "basics.html",
        "advanced/deep.html",
        "questions.html",
    ] {
        let html = crate::support::page(&out, page);
        assert!(html.contains("print.html\""), "{page} links to print.html");
    }
    assert!(crate::support::page(&out, "advanced/deep.html").contains("href=\"../print.html\""));
    insta::assert_snapshot!("print_main", main);
}

/// The text of some HTML: tags left out (entities stay as written).
fn text_of(html: &str) -> String {
    let mut text = String::new();
    let mut in_tag = false;
    for c in html.chars() {
        match c {
            '<' => in_tag = true,
            '>' if in_tag => in_tag = false,
            c if !in_tag => text.push(c),
            _ => {}
        }
    }
    text
}
