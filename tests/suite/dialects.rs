//! Sites written for other tools (Docusaurus, MkDocs) build as their authors meant them:
//! their front matter, admonitions, MDX and tabs.

use crate::support::{build, fixture, main_of, page, temp_site};

/// Warnings as `file:line: first words`, in the order the build reports them.
fn warning_lines(out: &quire::Output) -> Vec<String> {
    let mut w: Vec<String> = out
        .warnings
        .iter()
        .map(|d| {
            let head: String = d.message.split(':').next().unwrap_or("").to_string();
            format!("{}:{}: {head}", d.location.file, d.location.line)
        })
        .collect();
    w.sort();
    w
}

#[test]
#[allow(clippy::too_many_lines)]
fn docusaurus_docs_build_as_written() {
    let out = build(&fixture("docusaurus"));
    let c = &out.counts;
    assert_eq!((c.pages, c.questions, c.examples), (4, 2, 2), "{c:?}");
    assert_eq!(
        warning_lines(&out),
        [
            "content/intro.md:10: unknown front matter key `seo_title`",
            "content/intro.md:13: MDX `import`/`export` lines are left out",
            "content/languages/first-steps.md:29: MDX component `<Highlight>` is not known to quire",
            "content/languages/first-steps.md:7: MDX `import`/`export` lines are left out",
            "content/languages/setup.md:5: unknown front matter key `difficulty`",
            "content/languages/setup.md:8: MDX `import`/`export` lines are left out",
        ]
    );
    // Order: sidebar_position within a folder, _category_ position between folders.
    let home = page(&out, "index.html");
    let at = |url: &str| home.find(&format!("href=\"{url}\"")).expect(url);
    let order = [
        "start-here.html",
        "languages/first-steps.html",
        "languages/setup.html",
        "appendix/glossary.html",
    ]
    .map(at);
    assert!(order.windows(2).all(|w| w[0] < w[1]), "{order:?}");
    let setup = page(&out, "languages/setup.html");
    assert!(setup.contains("<li class=\"nav-group\">Language guides</li>"));
    assert!(setup.contains("<li class=\"nav-group\">Appendix</li>"));
    assert!(
        setup.contains("<span>1.</span> Welcome</a>"),
        "sidebar_label"
    );
    assert!(setup.contains("<span>3.</span> Playground</a>"));
    assert!(
        !out.files.keys().any(|k| k.contains("_category_")),
        "read, not copied"
    );
    for url in [
        "start-here.html",
        "languages/setup.html",
        "languages/first-steps.html",
    ] {
        let main = main_of(&out, url);
        for raw in [
            "import ",
            "export const",
            "<Tabs",
            "<TabItem",
            "<TOCInline",
            ":::",
            "<Highlight",
        ] {
            assert!(!main.contains(raw), "{raw} left in {url}: {main}");
        }
    }
    let intro = main_of(&out, "start-here.html");
    assert_eq!(
        intro.matches("class=\"page-toc").count(),
        1,
        "TOCInline is the table of contents"
    );
    assert!(intro.contains("interviews 🚀."));
    let steps = main_of(&out, "languages/first-steps.html");
    assert!(
        steps.contains("<p class=\"callout-title\">Short answers first</p>"),
        "{steps}"
    );
    assert!(steps.contains("calls 👍."));
    assert!(
        steps.contains("<p>Highlighted words keep their text.</p>"),
        "{steps}"
    );
    insta::assert_snapshot!("docusaurus_intro_main", intro);
    insta::assert_snapshot!(
        "docusaurus_setup_main",
        main_of(&out, "languages/setup.html")
    );
    insta::assert_snapshot!("docusaurus_first_steps_main", steps);
    insta::assert_snapshot!(
        "docusaurus_glossary_main",
        main_of(&out, "appendix/glossary.html")
    );
}

#[test]
fn mkdocs_docs_build_as_written() {
    let out = build(&fixture("mkdocs"));
    let c = &out.counts;
    assert_eq!((c.pages, c.questions, c.examples), (2, 2, 1), "{c:?}");
    assert!(out.warnings.is_empty(), "{:?}", out.warnings);
    let home = page(&out, "index.html");
    assert!(
        home.find("href=\"queues.html\"") < home.find("href=\"caching.html\""),
        "Hugo weight orders pages"
    );
    let caching = main_of(&out, "caching.html");
    assert_eq!(caching.matches("<details").count(), 2);
    assert_eq!(caching.matches("<details open>").count(), 1);
    assert!(!caching.contains("!!!") && !caching.contains("???"));
    insta::assert_snapshot!("mkdocs_caching_main", caching);
    insta::assert_snapshot!("mkdocs_queues_main", main_of(&out, "queues.html"));
}

#[test]
fn templates_see_front_matter_of_other_tools_as_page_extra() {
    let tpl = "{% extends \"base.html\" %}\n{% block main %}<p class=\"level\">{{ page.extra.level | default(value=\"none\") }}</p><p class=\"tags\">{{ page.extra.tags | join(sep=\",\") }}</p>{% endblock main %}\n";
    let site = temp_site(&[
        ("site.toml", "title = \"X\"\n"),
        ("templates/page.html", tpl),
        (
            "content/a.md",
            "---\nlevel: senior\ntags: [x, y]\n---\n# A\n",
        ),
        ("content/b.md", "---\ntags: []\n---\n# B\n"),
    ]);
    let out = build(site.path());
    assert!(
        page(&out, "a.html").contains("<p class=\"level\">senior</p><p class=\"tags\">x,y</p>")
    );
    assert!(page(&out, "b.html").contains("<p class=\"level\">none</p>"));
    assert_eq!(
        out.warnings.len(),
        1,
        "`level` is unknown, `tags` is Docusaurus': {:?}",
        out.warnings
    );
}

#[test]
fn a_broken_category_file_is_a_warning_and_the_folder_keeps_its_name() {
    let site = temp_site(&[
        ("content/top.md", "# Top\n"),
        ("content/deep/_category_.json", "{ \"label\": \"Deep\", }\n"),
        ("content/deep/page.md", "# Page\n"),
    ]);
    let out = build(site.path());
    assert_eq!(out.warnings.len(), 1, "{:?}", out.warnings);
    assert!(
        out.warnings[0]
            .to_string()
            .starts_with("content/deep/_category_.json:1:"),
        "{}",
        out.warnings[0]
    );
    assert!(page(&out, "deep/page.html").contains("<li class=\"nav-group\">deep</li>"));
}

/// MDX pages give HTML elements JSX attributes (`className`, `style={{…}}`, `width={320}`):
/// they become the HTML the author meant, and a value only JavaScript can compute is left
/// out with a warning at its line. Code keeps the text as written.
#[test]
fn jsx_attributes_on_html_elements_become_html_attributes() {
    let site = temp_site(&[
        ("content/intro.md", "# Intro\n\nHello.\n"),
        (
            "content/page.mdx",
            "# Page\n\n\
         <div className=\"intro\" style={{textAlign: 'center', marginTop: 8}}>\n\n\
         Welcome.\n\n\
         </div>\n\n\
         <img src={useBaseUrl('/img/a.png')} alt=\"Map\" title={translate('Map')} width={320} />\n\n\
         Write `<p className=\"x\">` in React.\n\n\
         ```jsx\n<p className=\"y\" style={{color: 'red'}}>Hi</p>\n```\n",
        ),
    ]);
    let out = build(site.path());
    let main = main_of(&out, "page.html");
    assert!(
        main.contains("<div class=\"intro\" style=\"text-align:center;margin-top:8px\">"),
        "{main}"
    );
    assert!(
        main.contains("<img src=\"img/a.png\" alt=\"Map\" width=\"320\" />"),
        "{main}"
    );
    assert!(
        main.contains("<code>&lt;p className=\"x\"&gt;</code>"),
        "a code span stays: {main}"
    );
    let mut text = String::new();
    let mut in_tag = false;
    for c in main.chars() {
        match c {
            '<' => in_tag = true,
            '>' if in_tag => in_tag = false,
            c if !in_tag => text.push(c),
            _ => {}
        }
    }
    assert!(
        text.contains("&lt;p className=\"y\" style={{color: 'red'}}&gt;Hi&lt;/p&gt;"),
        "the fence stays as written: {text}"
    );
    assert_eq!(
        warning_lines(&out),
        [
            "content/page.mdx:9: the JSX attribute `title={…}` is computed by JavaScript, so quire leaves it out; write a literal value (`title=\"…\"`) to keep it"
        ]
    );
}

/// GitHub guides write answers as list items, quotes and `<details>` blocks with their code
/// indented under them: that code is highlighted like an example's (in a box the script
/// gives a copy button), a fence with no language stays plain, and the text is the same.
#[test]
fn fences_inside_lists_quotes_and_details_are_highlighted() {
    let site = temp_site(&[(
        "content/guide.md",
        "# Guide\n\n## Answers\n\n\
         1. **What is a decorator?**\n\n   A wrapper.\n\n   ```python\n   def deco(f):\n       return f\n   ```\n\n\
         2. Quoted:\n\n   > ```py title=\"x\"\n   > import os\n   > ```\n\n\
         <details>\n<summary>Show answer</summary>\n\n```python\nprint(\"hidden\")\n```\n\n</details>\n\n\
         - Plain:\n\n  ```\n  no language <b>\n  ```\n",
    )]);
    let out = build(site.path());
    let main = main_of(&out, "answers.html");
    for (code, html) in [
        (
            "deco",
            "<div class=\"code-nested\" data-lang=\"python\"><pre class=\"code\" tabindex=\"0\">\
             <code class=\"language-python\"><hl-k>def</hl-k> <hl-f>deco</hl-f>",
        ),
        (
            "quote",
            "<code class=\"language-python\"><hl-k>import</hl-k> os</code>",
        ),
        (
            "details",
            "<code class=\"language-python\"><hl-f>print</hl-f>(<hl-s>\"hidden\"</hl-s>)</code>",
        ),
        ("plain", "<pre><code>no language &lt;b&gt;\n</code></pre>"),
    ] {
        assert!(main.contains(html), "{code}: {main}");
    }
    assert_eq!(main.matches("class=\"code-nested\"").count(), 3, "{main}");
    assert!(out.warnings.is_empty(), "{:?}", out.warnings);
}
