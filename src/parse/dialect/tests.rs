use super::*;
use crate::config::Config;
use crate::diag::Diagnostic;
use crate::model::{Block, Page};
use crate::parse::parse_text;

/// The prose HTML of a one-page site made of `text`, and its diagnostics.
fn render(text: &str) -> (String, Vec<Diagnostic>, Page) {
    let text = format!("+++\nsplit = \"none\"\n+++\n{text}");
    let (site, diags) = parse_text("page.md", &text, Config::default());
    let page = site.pages.into_iter().next().expect("one page");
    let mut html = String::new();
    let blocks = page
        .lead
        .iter()
        .chain(page.sections.iter().flat_map(|s| &s.blocks));
    for b in blocks {
        match b {
            Block::Prose(p) => html.push_str(&p.html),
            Block::Code(c) => html.push_str(&format!("[code {}]", c.language)),
            Block::Question(q) => html.push_str(&format!("[question {}]", q.prompt_text)),
        }
    }
    (html, diags, page)
}

fn squash(html: &str) -> String {
    html.split_whitespace().collect::<Vec<_>>().join(" ")
}

#[test]
fn mkdocs_admonition_with_an_indented_body() {
    let (html, diags, _) = render(
        "# T\n\n!!! note \"Keep in mind\"\n    First *paragraph*.\n\n    Second one.\n\n        indented code\n\nAfter.\n",
    );
    assert!(diags.is_empty(), "{diags:?}");
    assert_eq!(
        squash(&html),
        squash(
            "<div class=\"callout callout-note\" role=\"note\"><p class=\"callout-title\">Keep in mind</p>\n<p>First <em>paragraph</em>.</p>\n<p>Second one.</p>\n[code text]</div>\n<p>After.</p>"
        )
    );
}

#[test]
fn collapsible_mkdocs_admonitions_are_details_and_nest() {
    let (html, _, _) = render(
        "# T\n\n??? tip \"More\"\n    Hidden.\n\n    !!! warning\n        Inner.\n\n???+ example\n    Open.\n",
    );
    let h = squash(&html);
    assert!(h.contains("<div class=\"callout callout-tip callout-collapsible\" role=\"note\"><details><summary class=\"callout-title\">More</summary> <p>Hidden.</p> <div class=\"callout callout-warning\" role=\"note\"><p class=\"callout-title\">Warning</p> <p>Inner.</p> </div> </details></div>"), "{h}");
    assert!(h.contains("<details open><summary class=\"callout-title\">Example</summary> <p>Open.</p> </details></div>"), "{h}");
}

#[test]
fn a_collapsible_admonition_is_not_a_question() {
    let (_, _, page) = render("# T\n\n??? question \"Why?\"\n    Because.\n");
    assert_eq!(
        page.lead
            .iter()
            .filter(|b| matches!(b, Block::Question(_)))
            .count(),
        0
    );
}

#[test]
fn docusaurus_admonitions_every_type_and_nested_with_more_colons() {
    let (html, diags, _) = render(
        "# T\n\n::::info Outer title\nOuter text.\n\n:::danger\nInner text.\n:::\n\nStill outer.\n::::\n\nOutside.\n",
    );
    assert!(diags.is_empty(), "{diags:?}");
    let h = squash(&html);
    assert_eq!(
        h,
        squash(
            "<div class=\"callout callout-note callout-info\" role=\"note\"><p class=\"callout-title\">Outer title</p>\n<p>Outer text.</p>\n<div class=\"callout callout-danger\" role=\"note\"><p class=\"callout-title\">Danger</p>\n<p>Inner text.</p>\n</div>\n<p>Still outer.</p>\n</div>\n<p>Outside.</p>"
        )
    );
}

#[test]
fn an_unclosed_colon_admonition_is_closed_with_a_warning_at_its_line() {
    let (html, diags, _) = render("# T\n\n:::caution\nNever closed.\n");
    assert_eq!(html.matches("<div").count(), html.matches("</div>").count());
    assert_eq!(diags.len(), 1, "{diags:?}");
    assert_eq!(diags[0].location.line, 6, "{}", diags[0]);
    assert!(diags[0].message.contains("add a line with `:::`"));
}

#[test]
fn admonition_markers_inside_code_are_code() {
    let (html, _, _) =
        render("# T\n\n```text\n!!! note\n:::tip\n<Tabs>\nimport x from 'y';\n```\n");
    assert_eq!(html, "[code text]");
}

#[test]
fn mdx_imports_are_dropped_with_one_warning() {
    let (html, diags, _) = render(
        "import Tabs from '@theme/Tabs';\nimport TabItem from '@theme/TabItem';\n\nexport const meta = {\n  a: 1,\n};\n\n# T\n\nText.\n",
    );
    assert_eq!(squash(&html), "<p>Text.</p>");
    assert_eq!(diags.len(), 1, "{diags:?}");
    assert_eq!((diags[0].location.line, diags[0].location.col), (4, 1));
    assert!(diags[0].message.contains("import"));
}

#[test]
fn tabs_become_panels_with_labels() {
    let (html, diags, page) = render(
        "import Tabs from '@theme/Tabs';\nimport TabItem from '@theme/TabItem';\n\n# T\n\n<Tabs groupId=\"lang\">\n  <TabItem value=\"py\" label=\"Python\" default>\n    Run it:\n\n    ```python\n    print(1)\n    ```\n  </TabItem>\n  <TabItem value=\"js\" label=\"JavaScript\">\n\n  Plain *text*.\n\n  </TabItem>\n</Tabs>\n",
    );
    assert_eq!(diags.len(), 1, "only the import warning: {diags:?}");
    assert_eq!(
        squash(&html),
        squash(
            "<div class=\"tabs\" data-group=\"lang\">\n<div class=\"tab-panel\" data-value=\"py\" data-default>\n<p class=\"tab-label\">Python</p>\n<p>Run it:</p>\n[code python]</div>\n<div class=\"tab-panel\" data-value=\"js\">\n<p class=\"tab-label\">JavaScript</p>\n<p>Plain <em>text</em>.</p>\n</div>\n</div>\n"
        )
    );
    let code = page.lead.iter().find_map(|b| match b {
        Block::Code(c) => Some(c),
        _ => None,
    });
    let code = code.expect("the tab's code is an example");
    assert_eq!(code.code, "print(1)");
    assert_eq!(code.location.line, 13, "located in the file as written");
}

#[test]
fn toc_inline_becomes_the_table_of_contents() {
    let (html, diags, _) = render(
        "# T\n\n<TOCInline\n  toc={toc}\n/>\n\n## One\n\n### One A\n\n#### Deep\n\n## Two\n",
    );
    assert!(diags.is_empty(), "{diags:?}");
    assert_eq!(
        html,
        "<nav class=\"page-toc toc-inline\" aria-label=\"Table of contents\"><p class=\"toc-title\">On this page</p><ol><li class=\"toc-level-2\"><a href=\"#one\">One</a></li><li class=\"toc-level-3\"><a href=\"#one-a\">One A</a></li><li class=\"toc-level-2\"><a href=\"#two\">Two</a></li></ol></nav>\n"
    );
}

#[test]
fn unknown_components_show_their_content_with_one_warning_each() {
    let (html, diags, _) = render(
        "import X from './x';\n\n# T\n\n<BrowserWindow url=\"http://localhost\">\n\nInside the window.\n\n</BrowserWindow>\n\nSome <Highlight color=\"red\">bright</Highlight> words and <Highlight>more</Highlight>.\n\n<DocCardList />\n",
    );
    assert_eq!(
        squash(&html),
        "<p>Inside the window.</p> <p>Some bright words and more.</p>"
    );
    let names: Vec<&str> = diags
        .iter()
        .filter(|d| d.message.contains("component"))
        .map(|d| d.message.split('`').nth(1).unwrap_or(""))
        .collect();
    assert_eq!(
        names,
        ["<BrowserWindow>", "<Highlight>", "<DocCardList>"],
        "{diags:?}"
    );
}

#[test]
fn plain_markdown_is_not_rewritten() {
    let body = "# T\n\nSee `<Tabs>` and List<String> here; import the module from PyPI.\n\n:::\n";
    assert!(rewrite_dialects(body).0.is_none());
    let (html, diags, _) = render(body);
    assert!(diags.is_empty(), "{diags:?}");
    assert!(html.contains("<code>&lt;Tabs&gt;</code>"), "{html}");
}

#[test]
fn emoji_shortcodes_render_outside_code_and_ids_keep_github_form() {
    let (html, _, page) =
        render("# T\n\n## :rocket: Launch\n\nGo :tada: `:tada:`\n\n```text\n:tada:\n```\n");
    assert!(html.contains("<p>Go 🎉 <code>:tada:</code></p>"), "{html}");
    let s = &page.sections[0];
    assert_eq!(
        s.id, "rocket-launch",
        "GitHub makes the anchor from the shortcode"
    );
    assert_eq!(s.title, "🚀 Launch");
    assert!(s.title_html.contains("🚀"), "{}", s.title_html);
}
