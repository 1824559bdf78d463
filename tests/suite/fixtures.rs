//! Golden `<main>` fragments of fixture sites, and the behaviour each fixture pins down.

use crate::support::{build, fixture, main_of, page};

#[test]
fn qa_forms_are_all_recognised() {
    let out = build(&fixture("qa-forms"));
    // 3 list items, 2 paragraph pairs, <details>, 2 bold questions in a list, 4 bold
    // question paragraphs, 2 question headings, 2 front-matter headings.
    assert_eq!(out.counts.questions, 16, "{:?}", out.counts);
    let list = main_of(&out, "questions.html");
    assert!(
        list.contains("href=\"qa.html#q-why-doesnt-threading-speed-up-cpu-bound-code\""),
        "{list}"
    );
    assert!(list.contains("href=\"faq.html#what-is-pep-8\""), "{list}");
    let main = main_of(&out, "qa.html");
    assert!(main.contains("id=\"q-why-doesnt-threading-speed-up-cpu-bound-code\""));
    assert!(main.contains("id=\"q-what-does-yield-do\""), "<details>");
    assert!(
        main.contains("<h2 id=\"q-explain-the-gil\" class=\"question-heading\">"),
        "{main}"
    );
    assert!(main.contains("class=\"question\""));
    assert!(
        main.contains("<em>consistent hashing</em>"),
        "inline Markdown in answers"
    );
    assert!(
        !list.contains("What is bold but not a question"),
        "bold prose is not a question"
    );
    // A list item that asks in bold with its answer under it, code included.
    assert!(
        list.contains("href=\"qa.html#q-what-does-enumerate-return\""),
        "{list}"
    );
    assert!(list.contains("href=\"qa.html#q-can-a-set-hold-a-list\""));
    assert!(main.contains("id=\"q-what-does-enumerate-return\""));
    assert!(main.contains("its items must be hashable"));
    // Bold question paragraphs, two or more between headings: the answer runs to the
    // next question or a rule.
    assert!(
        list.contains("href=\"qa.html#q-1-what-does-zip-stop-at\""),
        "{list}"
    );
    assert!(list.contains("href=\"qa.html#q-2-how-do-you-read-a-file-line-by-line\""));
    let second = &main[main.find("id=\"q-2-how-do-you-read").unwrap()..];
    let second = &second[..second.find("</section>").unwrap()];
    assert!(second.contains("it closes the file at the end"), "{second}");
    assert!(second.contains("<div class=\"code-nested\""), "{second}");
    assert!(!second.contains("Closing words"), "{second}");
    // A list or a fence right under the bold line (no blank line) is the answer too.
    assert!(list.contains("href=\"qa.html#q-3-what-do-json-values-become-in-python\""));
    assert!(list.contains("href=\"qa.html#q-4-how-do-you-time-a-snippet\""));
    let fourth = &main[main.find("id=\"q-4-how-do-you-time").unwrap()..];
    assert!(fourth[..fourth.find("</section>").unwrap()].contains("timeit"));
    // Bold questions with no answers, and a list that only partly asks, stay lists.
    for not_asked in [
        "Which book first?",
        "Is this asked?",
        "Can you explain slots without notes?",
    ] {
        assert!(!list.contains(not_asked), "{not_asked}");
        assert!(main.contains(not_asked), "{not_asked} is still shown");
    }
    insta::assert_snapshot!("qa_forms_main", main);
    insta::assert_snapshot!("qa_forms_faq", main_of(&out, "faq.html"));
}

#[test]
fn code_blocks_have_captions_ids_and_attributes() {
    let out = build(&fixture("code-blocks"));
    assert_eq!(out.counts.examples, 5);
    let main = main_of(&out, "examples.html");
    assert!(main.contains("Thread-Safe Counter"));
    let html = main_of(&out, "examples-2.html");
    assert!(
        html.contains("id=\"ex-thread-safe-counter\""),
        "caption → id"
    );
    assert!(html.contains("id=\"ex-ranges\""), "title= → id");
    assert!(html.contains("class=\"code linenos\""));
    assert_eq!(
        html.matches("class=\"line hl\"").count(),
        3,
        "hl_lines=\"2 4-5\""
    );
    assert!(
        html.contains("&lt;script&gt;alert(1)&lt;/script&gt;"),
        "code is escaped"
    );
    assert!(
        !html.contains("<h1 id=\"a-comment"),
        "# in code is not a heading"
    );
    assert!(
        out.warnings
            .iter()
            .any(|w| w.message.contains("brainfudge") && w.location.line == 24),
        "{:?}",
        out.warnings
    );
    insta::assert_snapshot!("code_blocks_main", html);
}

#[test]
fn multi_file_site_orders_links_and_groups() {
    let out = build(&fixture("multi-file"));
    assert_eq!(
        out.counts.pages, 3,
        "draft excluded, index.md is the home page"
    );
    let home = page(&out, "index.html");
    let order: Vec<usize> = ["first.html", "basics.html", "advanced/deep.html"]
        .iter()
        .map(|u| home.find(&format!("href=\"{u}\"")).expect(u))
        .collect();
    assert!(
        order.windows(2).all(|w| w[0] < w[1]),
        "order: front matter, then name, folders last"
    );
    assert!(
        home.contains("href=\"advanced/deep.html#inner-workings\""),
        "md links rewritten on the home page"
    );
    assert!(
        !home.contains("Table of Contents"),
        "the hand-written TOC is replaced"
    );
    let deep = page(&out, "advanced/deep.html");
    assert!(
        deep.contains("href=\"../basics.html#first-steps\""),
        "relative link from a sub-folder"
    );
    assert!(
        deep.contains("href=\"../assets/quire.css\""),
        "assets relative from a sub-folder"
    );
    assert!(deep.contains("<li class=\"nav-group\">advanced</li>"));
    let basics = page(&out, "basics.html");
    assert!(basics.contains("<meta name=\"description\" content=\"What everyone should know.\">"));
    assert!(basics.contains("https://git.example/me/docs/edit/main/content/basics.md"));
    assert!(
        basics.contains(
            "<meta property=\"og:url\" content=\"https://example.test/docs/basics.html\">"
        )
    );
    let sitemap = page(&out, "sitemap.xml");
    assert!(sitemap.contains("<loc>https://example.test/docs/advanced/deep.html</loc>"));
    assert!(page(&out, "robots.txt").contains("Sitemap: https://example.test/docs/sitemap.xml"));
    assert!(
        page(&out, "404.html").contains("href=\"/docs/assets/quire.css\""),
        "404 works at any depth"
    );
    insta::assert_snapshot!("multi_file_basics", main_of(&out, "basics.html"));
}

#[test]
fn ids_are_github_slugs_numbered_over_the_file_and_links_follow_them() {
    let out = build(&fixture("ids-and-links"));
    assert_eq!(out.counts.pages, 2, "the TOC chapter is dropped");
    let first = page(&out, "first-chapter.html");
    // Repeats are numbered over the whole file, as on GitHub, whatever page they land on.
    assert!(first.contains("id=\"shared\"") && first.contains("id=\"shared-1\""));
    assert!(first.contains("id=\"my-id\""));
    assert!(first.contains("href=\"#my-id\""));
    let second = page(&out, "second-chapter.html");
    assert!(second.contains("id=\"并发与-gil\""));
    assert!(second.contains("id=\"études-café\""));
    assert!(second.contains("id=\"shared-2\"") && !second.contains("id=\"shared\""));
    assert!(
        second.contains("Goes where GitHub goes: <a href=\"first-chapter.html#shared\">"),
        "`#shared` is the first heading of that name in the file"
    );
    assert!(first.contains("href=\"#shared\""), "same-page target wins");
    let home = page(&out, "index.html");
    assert!(home.contains("href=\"second-chapter.html#second-chapter\""));
    assert!(
        home.contains("href=\"second-chapter.html#%E5%B9%B6%E5%8F%91%E4%B8%8E-gil\""),
        "non-ASCII fragments are percent-encoded"
    );
    assert!(
        second.contains("<del>struck</del>")
            && second.contains("<table>")
            && second.contains("type=\"checkbox\"")
    );
    assert!(second.contains("footnote-definition"));
    insta::assert_snapshot!("ids_second_chapter", main_of(&out, "second-chapter.html"));
}

#[test]
fn callouts_in_both_forms() {
    let out = build(&fixture("callouts"));
    let main = main_of(&out, "callouts.html");
    for class in [
        "callout-note",
        "callout-warning",
        "callout-tip",
        "callout-danger",
    ] {
        assert!(main.contains(class), "{class} in {main}");
    }
    assert!(main.contains("<p class=\"callout-title\">Watch out</p>"));
    assert!(!main.contains(":::"), "{main}");
    insta::assert_snapshot!("callouts_main", main);
}

/// Counts of a built fixture: (pages, questions, examples).
fn shape(out: &quire::Output) -> (usize, usize, usize) {
    (out.counts.pages, out.counts.questions, out.counts.examples)
}

#[test]
fn github_readme_gives_one_page_per_topic_with_its_questions() {
    let out = build(&fixture("github-readme"));
    assert_eq!(shape(&out), (3, 6, 3), "{:?}", out.counts);
    assert_eq!(out.warnings.len(), 1, "{:?}", out.warnings);
    assert!(
        out.warnings[0].to_string().contains("`#4-lifetimes`"),
        "{:?}",
        out.warnings
    );
    let home = page(&out, "index.html");
    assert!(
        !home.contains("#-1-introduction"),
        "the hand-written table of contents is replaced"
    );
    let main = main_of(&out, "2-ownership.html");
    assert!(
        main.contains(">2. Ownership</h1>"),
        "a `#` kept in the heading text is not part of the title: {main}"
    );
    assert_eq!(main.matches("class=\"question-heading\"").count(), 2);
    // `#### Example` under a question belongs to its answer: no section of its own.
    assert!(main.contains("<h3 id=\"example\">Example</h3>"), "{main}");
    assert!(!main.contains("toc-level-3"), "{main}");
    let sidebar = page(&out, "2-ownership.html");
    assert!(
        sidebar.contains("aria-current=\"page\">2. Ownership</a>"),
        "a numbered topic is not numbered twice in the sidebar: {sidebar}"
    );
    let questions = page(&out, "questions.html");
    assert!(
        questions.contains("-moved\">What happens to a value when it is moved?</a>"),
        "the `Q.` label is dropped from the prompt"
    );
    insta::assert_snapshot!("github_readme_ownership", main);
}

#[test]
fn numbered_question_headings_are_one_page_of_questions() {
    let out = build(&fixture("numbered-questions"));
    // `3. Compare …` and `4. Interfaces` are questions because their numbered siblings are.
    assert_eq!(shape(&out), (1, 5, 2), "{:?}", out.counts);
    let main = main_of(&out, "go-essentials.html");
    assert_eq!(
        main.matches("class=\"question-heading\"").count(),
        5,
        "{main}"
    );
    assert!(main.contains("<em>key features</em>"));
    // The headings number themselves: the table of contents adds no second number.
    assert!(main.contains("<ol class=\"self-numbered\">"), "{main}");
    assert!(page(&out, "index.html").contains("Five questions that come up"));
    insta::assert_snapshot!("numbered_questions_main", main);
}

#[test]
fn a_lone_readme_is_a_whole_guide() {
    let out = build(&fixture("lone-readme"));
    // `### Variables` is a section, not a question: nothing about it asks.
    assert_eq!(shape(&out), (2, 3, 2), "{:?}", out.counts);
    let home = page(&out, "index.html");
    assert!(
        home.contains("<title>Shell Scripting Notes</title>"),
        "the `#` title is the site's"
    );
    assert!(
        home.contains("Notes for anyone preparing"),
        "the intro is the home page's"
    );
    assert!(home.contains("href=\"basics.html\"") && home.contains("href=\"scripting.html\""));
    let scripting = main_of(&out, "scripting.html");
    assert!(!scripting.contains("self-numbered"), "{scripting}");
    insta::assert_snapshot!("lone_readme_scripting", scripting);
}

#[test]
fn questions_and_code_inside_list_items_are_found() {
    let out = build(&fixture("nested-lists"));
    assert_eq!(shape(&out), (2, 5, 3), "{:?}", out.counts);
    let main = main_of(&out, "core-language.html");
    assert!(
        main.contains("<h2 id=\"explain-closures\" class=\"question-heading\">"),
        "{main}"
    );
    assert!(
        main.contains("id=\"ex-explain-closures\""),
        "code under the question is an example"
    );
    assert!(
        main.contains("<hl-k>function</hl-k>"),
        "and it is highlighted"
    );
    let async_page = main_of(&out, "asynchronous-code.html");
    assert!(
        async_page.contains("<li>Promise callbacks are microtasks.</li>"),
        "{async_page}"
    );
    insta::assert_snapshot!("nested_lists_core", main);
}

#[test]
fn a_readme_numbering_its_questions_in_a_list_gets_a_page_of_them() {
    // `1. ### What is …` items under a `### Table of Contents`, a `### Coding Exercise`, and
    // the file's only `##` heading at its end: the questions are a page named after the
    // book (not the home page), and a `## Key Points` inside an item stays in its answer.
    let out = build(&fixture("readme-question-list"));
    assert_eq!(shape(&out), (3, 5, 4), "{:?}", out.counts);
    let home = main_of(&out, "index.html");
    assert!(!home.contains("What is a closure"), "{home}");
    assert!(
        !home.contains("Table of Contents"),
        "the hand-made contents go: {home}"
    );
    for page in ["coding-exercise.html", "disclaimer.html"] {
        assert!(out.files.contains_key(page), "{:?}", out.files.keys());
    }
    let main = main_of(&out, "browser-scripting-questions-answers.html");
    assert!(
        main.contains("<h3 id=\"key-points\">Key Points</h3>"),
        "a heading inside an item sits under its question: {main}"
    );
    assert!(!out.files.contains_key("key-points.html"));
    insta::assert_snapshot!("readme_question_list", main);
}

#[test]
fn a_chinese_guide_splits_at_its_topics() {
    let out = build(&fixture("chinese"));
    // `1. ArrayList 和 LinkedList 的区别` has no `？` but asks, among numbered questions.
    assert_eq!(shape(&out), (2, 5, 2), "{:?}", out.counts);
    let questions = page(&out, "questions.html");
    assert!(
        questions.contains("\">什么是 JVM？</a>"),
        "the number label is dropped from the prompt: {questions}"
    );
    insta::assert_snapshot!("chinese_collections", main_of(&out, "二集合.html"));
}

#[test]
fn readme_plays_index_in_a_folder_of_several_files() {
    let site = crate::support::temp_site(&[
        (
            "content/README.md",
            "# Guide\n\nWelcome to the guide.\n\n## Start\n\nRead [the loops](basics/loops.md).\n",
        ),
        ("content/other.md", "# Other\n\nA page.\n"),
        (
            "content/basics/loops.md",
            "# Loops\n\nBack to [the basics](README.md).\n",
        ),
        (
            "content/basics/README.md",
            "# Basics\n\nEverything about the basics.\n\n## Details\n\nAll of it, on one page.\n",
        ),
    ]);
    let out = build(site.path());
    assert_eq!(out.counts.pages, 3, "README at the top is the home page");
    let home = page(&out, "index.html");
    assert!(
        home.contains("Welcome to the guide.")
            && home.contains("Read <a href=\"basics/loops.html\">")
    );
    let basics = main_of(&out, "basics/index.html");
    assert!(
        basics.contains("All of it, on one page."),
        "a folder's README is shown in full: {basics}"
    );
    assert!(page(&out, "basics/loops.html").contains("href=\"../basics/index.html\""));
    assert!(
        home.find("href=\"basics/index.html\"") < home.find("href=\"basics/loops.html\""),
        "a folder's README comes first in it"
    );
}

#[test]
fn pages_kept_in_several_languages_build_the_sites_own() {
    // A folder per question with a file per language (Docusaurus-style collections), and a
    // README with a translation beside it.
    let site = crate::support::temp_site(&[
        ("content/README.md", "# Guide\n\nWelcome.\n"),
        ("content/README.zh-CN.md", "# 指南\n\n欢迎。\n"),
        (
            "content/closures/en-US.md",
            "# What is a closure?\n\nA function with its scope. ![scope](scope.png)\n",
        ),
        (
            "content/closures/pt-BR.md",
            "# O que é um closure?\n\nUma função.\n",
        ),
        ("content/closures/zh-CN.md", "# 什么是闭包？\n\n函数。\n"),
        ("content/closures/scope.png", "png"),
        (
            "content/hoisting/en-US.md",
            "# What is hoisting?\n\nDeclarations first.\n",
        ),
        (
            "content/hoisting/zh-CN.md",
            "# 什么是变量提升？\n\n声明先行。\n",
        ),
    ]);
    let out = build(site.path());
    assert_eq!(out.counts.pages, 2, "{:?}", out.files.keys());
    let closures = main_of(&out, "closures/index.html");
    assert!(
        closures.contains("A function with its scope."),
        "{closures}"
    );
    assert!(
        closures.contains("src=\"../closures/scope.png\"")
            && out.files.contains_key("closures/scope.png"),
        "its folder's image: {closures}"
    );
    assert!(
        !out.files
            .keys()
            .any(|k| k.contains("zh-") || k.contains("pt-"))
    );
    assert!(page(&out, "index.html").contains("Welcome."));
    let [warning] = &out.warnings[..] else {
        panic!("{:?}", out.warnings);
    };
    assert!(
        warning.message.contains("left out 4 pages") && warning.message.contains("zh-CN (3)"),
        "{}",
        warning.message
    );
    assert_eq!(warning.location.file, "content/README.zh-CN.md");
}

#[test]
fn a_readme_of_details_questions_with_a_home_file_and_topic_folders() {
    let root = fixture("details-readme");
    let out = build(&root);
    // The home README's own questions count: they are on the home page, not a chapter.
    assert_eq!(shape(&out), (1, 6, 0), "{:?}", out.counts);
    let home = main_of(&out, "index.html");
    for id in ["shell", "networking", "how-can-i-add-a-drill"] {
        assert!(home.contains(&format!("<h2 id=\"{id}\"")), "{id}: {home}");
    }
    assert!(
        home.contains("href=\"#shell\""),
        "the HTML table links its own sections"
    );
    assert!(home.contains("href=\"topics/cloud/index.html#storage\""));
    // `</b></details>` closes the answer where GitHub closes it, even at the end of a
    // paragraph or a list item; the bold wrapper around the answer is not kept.
    assert!(
        !home.contains("details&gt;") && !home.contains("</details>"),
        "{home}"
    );
    assert!(
        !home.contains("<br><b>") && !home.contains("</b></p>"),
        "{home}"
    );
    assert!(
        home.contains("the last non-zero status.</li>\n</ul></div>"),
        "{home}"
    );
    let cloud = main_of(&out, "topics/cloud/index.html");
    assert!(cloud.contains("src=\"../../img/layers.png\""), "{cloud}");
    assert!(
        cloud.contains("href=\"#storage\""),
        "the case is corrected: {cloud}"
    );
    assert!(cloud.contains("href=\"../../index.html#shell\""), "{cloud}");
    insta::assert_snapshot!("details_readme_home", home);
    // `check` reports exactly the planted broken link, and the case slip as a warning.
    let opts = quire::Options {
        root,
        broken_links: Some(quire::config::BrokenLinks::Error),
        ..Default::default()
    };
    let found: Vec<String> = quire::check(&opts)
        .expect("check runs")
        .iter()
        .map(ToString::to_string)
        .collect();
    assert_eq!(found.len(), 2, "{found:#?}");
    assert!(
        found[0].starts_with("content/README.md:40:33: error: broken link `#wish-list`"),
        "{found:#?}"
    );
    assert!(
        found[1].starts_with("content/topics/cloud/README.md:4:3: warning: link `#Storage`"),
        "{found:#?}"
    );
}

#[test]
fn mdx_and_markdown_files_are_pages_like_md() {
    let site = crate::support::temp_site(&[
        (
            "content/index.mdx",
            "# Notes\n\nSee [setup](setup.mdx#install).\n",
        ),
        ("content/setup.mdx", "# Setup\n\n## Install\n\nRun it.\n"),
        ("content/extra.markdown", "# Extra\n\nMore.\n"),
    ]);
    let out = build(site.path());
    assert_eq!(out.counts.pages, 2, "{:?}", out.counts);
    assert!(page(&out, "index.html").contains("href=\"setup.html#install\""));
    assert!(main_of(&out, "extra.html").contains("More."));
}

/// `quire check` on every fixture reports exactly what the fixture plants: the lines of its
/// `check.txt` (no file: nothing at all). Each line is compared on its location, severity
/// and the start of its message. Python syntax errors are left to the Python check's own
/// tests: their wording and columns are the interpreter's and change between versions.
#[test]
fn check_reports_exactly_what_each_fixture_plants() {
    const FAIL_ON_PURPOSE: &[&str] = &["permalinks-renamed"];
    let short = |line: &str| -> String {
        let (head, message) = match line.find(": error: ").or_else(|| line.find(": warning: ")) {
            Some(at) => {
                let sep = at + line[at + 2..].find(": ").expect("severity") + 4;
                (&line[..sep], &line[sep..])
            }
            None => (line, ""),
        };
        format!("{head}{}", message.chars().take(48).collect::<String>())
    };
    let mut checked = 0;
    for entry in std::fs::read_dir(crate::support::repo_root().join("tests/fixtures")).unwrap() {
        let dir = entry.unwrap().path();
        let name = dir.file_name().unwrap().to_string_lossy().into_owned();
        if !dir.join("content").is_dir() || FAIL_ON_PURPOSE.contains(&name.as_str()) {
            continue;
        }
        let opts = quire::Options {
            root: dir.clone(),
            broken_links: Some(quire::config::BrokenLinks::Error),
            ..Default::default()
        };
        let found: Vec<String> = quire::check(&opts)
            .unwrap_or_else(|e| panic!("check of {name}: {e}"))
            .iter()
            .map(ToString::to_string)
            .filter(|l| !l.contains("Python syntax error"))
            .map(|l| short(&l))
            .collect();
        let planted: Vec<String> = std::fs::read_to_string(dir.join("check.txt"))
            .unwrap_or_default()
            .lines()
            .filter(|l| !l.trim().is_empty())
            .map(short)
            .collect();
        assert_eq!(found, planted, "fixture `{name}`");
        checked += 1;
    }
    assert!(checked >= 20, "only {checked} fixtures checked");
}
