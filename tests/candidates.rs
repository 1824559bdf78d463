//! Links for candidates (issue 6): exports, the permalinks lock and aliases, share pages,
//! study sets, the Python syntax check and the Anki export. Sites that a test changes are
//! copied into temporary folders first: the repository's own `permalinks.lock` and fixtures
//! are never written.

use std::collections::{BTreeMap, HashSet};
use std::path::{Path, PathBuf};
use std::process::{Command, Output};

use serde_json::Value;

fn repo_root() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

fn fixture(name: &str) -> PathBuf {
    repo_root().join("tests/fixtures").join(name)
}

fn opts(root: &Path) -> quire::Options {
    quire::Options {
        root: root.to_path_buf(),
        no_cache: true,
        ..Default::default()
    }
}

fn build(root: &Path) -> quire::Output {
    match quire::build_site(&opts(root)) {
        Ok(out) => out,
        Err(e) => panic!(
            "build of {} failed: {e}\n{:#?}",
            root.display(),
            e.diagnostics()
        ),
    }
}

fn text<'a>(out: &'a quire::Output, path: &str) -> &'a str {
    let bytes = out
        .files
        .get(path)
        .unwrap_or_else(|| panic!("no {path} in the output"));
    std::str::from_utf8(bytes).expect("utf-8")
}

fn json(out: &quire::Output, path: &str) -> Value {
    serde_json::from_str(text(out, path)).unwrap_or_else(|e| panic!("{path}: {e}"))
}

/// The guide, as built from the repository (read-only: `build_site` never writes the lock).
fn guide() -> quire::Output {
    build(&repo_root())
}

/// A copy of `src` (content/, site.toml, permalinks.lock) in a temporary folder.
fn copy_site(src: &Path) -> tempfile::TempDir {
    let dir = tempfile::tempdir().expect("tempdir");
    for entry in walkdir::WalkDir::new(src)
        .into_iter()
        .filter_map(Result::ok)
    {
        let rel = entry.path().strip_prefix(src).expect("inside");
        let first = rel.components().next().map(|c| c.as_os_str().to_owned());
        let keep = matches!(
            first.as_ref().and_then(|f| f.to_str()),
            Some("content" | "site.toml" | "permalinks.lock" | "templates" | "static")
        );
        if !keep {
            continue;
        }
        let to = dir.path().join(rel);
        if entry.file_type().is_dir() {
            std::fs::create_dir_all(&to).expect("mkdir");
        } else {
            std::fs::create_dir_all(to.parent().expect("parent")).expect("mkdir");
            std::fs::copy(entry.path(), &to).expect("copy");
        }
    }
    dir
}

fn quire(args: &[&str], root: &Path) -> Output {
    Command::new(env!("CARGO_BIN_EXE_quire"))
        .args(args)
        .arg("--root")
        .arg(root)
        .output()
        .expect("run quire")
}

fn stderr(out: &Output) -> String {
    String::from_utf8_lossy(&out.stderr).into_owned()
}

fn read(path: &Path) -> String {
    std::fs::read_to_string(path).unwrap_or_else(|e| panic!("{}: {e}", path.display()))
}

// ---------------------------------------------------------------- exports

/// Checks that `v` is an object with exactly `fields`, each of the given JSON type
/// (`s` string, `n` number, `s?` string or null, `o` object, `a` array).
fn assert_shape(v: &Value, fields: &[(&str, &str)], what: &str) {
    let obj = v
        .as_object()
        .unwrap_or_else(|| panic!("{what} is not an object"));
    let keys: HashSet<&str> = obj.keys().map(String::as_str).collect();
    let wanted: HashSet<&str> = fields.iter().map(|(k, _)| *k).collect();
    assert_eq!(keys, wanted, "{what}: fields");
    for (key, kind) in fields {
        let f = &obj[*key];
        let ok = match *kind {
            "s" => f.is_string(),
            "s?" => f.is_string() || f.is_null(),
            "n" => f.is_u64(),
            "a" => f.is_array(),
            other => panic!("unknown kind {other}"),
        };
        assert!(ok, "{what}: `{key}` should be {kind}, is {f}");
    }
}

#[test]
#[allow(clippy::too_many_lines)]
fn exports_have_the_documented_shape_and_every_question_and_example_of_the_guide() {
    let out = guide();
    let guide_md = read(&repo_root().join("content/python-interview-guide.md"));
    let lines: Vec<&str> = guide_md.lines().collect();

    let q = json(&out, "questions.json");
    assert_shape(
        &q,
        &[
            ("format", "s"),
            ("version", "n"),
            ("site", "s"),
            ("base_url", "s?"),
            ("count", "n"),
            ("questions", "a"),
        ],
        "questions.json",
    );
    assert_eq!(q["format"], "quire-questions");
    assert_eq!(q["version"], 1);
    let questions = q["questions"].as_array().expect("array");
    assert_eq!(questions.len(), 18);
    assert_eq!(q["count"], 18);
    let mut ids = HashSet::new();
    for item in questions {
        assert_shape(
            item,
            &[
                ("id", "s"),
                ("url", "s"),
                ("permalink", "s?"),
                ("share_url", "s"),
                ("chapter", "s"),
                ("chapter_url", "s"),
                ("section", "s?"),
                ("section_id", "s?"),
                ("question_text", "s"),
                ("question_html", "s"),
                ("answer_text", "s"),
                ("answer_html", "s"),
                ("source", "s"),
            ],
            "a question",
        );
        let id = item["id"].as_str().unwrap_or_default();
        assert!(id.starts_with("q-") && ids.insert(id), "unique q- id: {id}");
        let (page, frag) = item["url"]
            .as_str()
            .and_then(|u| u.split_once('#'))
            .expect("url page#id");
        assert_eq!(frag, id);
        assert!(
            text(&out, page).contains(&format!("id=\"{id}\"")),
            "{page}#{id}"
        );
        let share = item["share_url"].as_str().unwrap_or_default();
        assert!(out.files.contains_key(share), "share page {share}");
        let source = item["source"].as_str().unwrap_or_default();
        let line: usize = source
            .strip_prefix("content/python-interview-guide.md:")
            .and_then(|n| n.parse().ok())
            .unwrap_or_else(|| panic!("source {source}"));
        let question = item["question_text"].as_str().unwrap_or_default();
        let first_words: String = question.chars().take(20).collect();
        assert!(
            lines[line - 1].replace('`', "").contains(&first_words),
            "{source} should hold `{question}`: {}",
            lines[line - 1]
        );
        assert!(!item["answer_text"].as_str().unwrap_or_default().is_empty());
    }

    let e = json(&out, "examples.json");
    assert_shape(
        &e,
        &[
            ("format", "s"),
            ("version", "n"),
            ("site", "s"),
            ("base_url", "s?"),
            ("count", "n"),
            ("examples", "a"),
        ],
        "examples.json",
    );
    assert_eq!(e["format"], "quire-examples");
    let examples = e["examples"].as_array().expect("array");
    assert_eq!(examples.len(), 21);
    for item in examples {
        assert_shape(
            item,
            &[
                ("id", "s"),
                ("url", "s"),
                ("permalink", "s?"),
                ("caption", "s?"),
                ("language", "s"),
                ("code", "s"),
                ("lines", "n"),
                ("chapter", "s"),
                ("chapter_url", "s"),
                ("section", "s?"),
                ("section_id", "s?"),
                ("source", "s"),
            ],
            "an example",
        );
        assert_eq!(item["language"], "python");
        let code = item["code"].as_str().unwrap_or_default();
        assert!(guide_md.contains(code), "code is the raw code of the fence");
        let line: usize = item["source"]
            .as_str()
            .and_then(|s| s.rsplit(':').next())
            .and_then(|n| n.parse().ok())
            .expect("source line");
        assert!(
            lines[line - 1].trim_start().starts_with("```"),
            "fence line"
        );
    }
}

#[test]
fn exports_carry_absolute_permalinks_with_a_base_url() {
    let mut o = opts(&repo_root());
    o.base_url = Some("https://example.test/guide".into());
    let out = quire::build_site(&o).expect("build");
    let q = json(&out, "questions.json");
    assert_eq!(q["base_url"], "https://example.test/guide/");
    let first = &q["questions"][0];
    let url = first["url"].as_str().unwrap_or_default();
    assert_eq!(
        first["permalink"],
        format!("https://example.test/guide/{url}")
    );
}

// ---------------------------------------------------------------- permalinks.lock

#[test]
fn the_repository_lock_is_up_to_date_and_lists_every_anchor() {
    let out = guide();
    let committed = read(&repo_root().join("permalinks.lock"));
    assert_eq!(
        committed, out.permalinks_lock,
        "permalinks.lock is out of date: run `cargo run -- build` and commit it"
    );
    let anchors = committed.lines().filter(|l| !l.starts_with('#')).count();
    // 6 chapters + 20 sections + 18 questions + 21 examples.
    assert_eq!(anchors, 65);
    let mut sorted: Vec<&str> = committed.lines().filter(|l| !l.starts_with('#')).collect();
    sorted.sort();
    let lines: Vec<&str> = committed.lines().filter(|l| !l.starts_with('#')).collect();
    assert_eq!(lines, sorted, "sorted");
}

#[test]
fn a_renamed_heading_without_an_alias_fails_with_the_old_id_the_new_line_and_the_fix() {
    let err = match quire::build_site(&opts(&fixture("permalinks-renamed"))) {
        Ok(_) => panic!("a renamed heading must fail the build"),
        Err(e) => e,
    };
    let diags = err.diagnostics();
    assert_eq!(diags.len(), 1, "{diags:#?}");
    let d = diags[0].to_string();
    assert!(
        d.starts_with("content/book.md:7:1: error: the section `one.html#part`"),
        "{d}"
    );
    assert!(d.contains("(permalinks.lock:7)"), "{d}");
    // Its example (`ex-part`, named after the section) follows the section: one error only.
    assert!(d.contains("`one.html#portion`"), "{d}");
    assert!(d.contains("{#portion aliases=\"part\"}"), "{d}");
    assert!(d.contains("--accept-permalink-changes"), "{d}");
}

#[test]
fn quire_check_reports_a_broken_permalink_too() {
    let diags = quire::check(&opts(&fixture("permalinks-renamed"))).expect("check runs");
    let errors: Vec<String> = diags
        .iter()
        .filter(|d| d.is_error())
        .map(ToString::to_string)
        .collect();
    assert_eq!(errors.len(), 1, "{errors:#?}");
    assert!(errors[0].contains("`one.html#part`"), "{}", errors[0]);
}

#[test]
fn aliases_keep_old_pages_fragments_and_share_links_working() {
    let out = build(&fixture("permalinks-aliased"));
    // The renamed chapter: its old page forwards, keeping any fragment.
    let old_page = text(&out, "two.html");
    assert!(old_page.contains("http-equiv=\"refresh\" content=\"0; url=deux.html\""));
    assert!(
        old_page.contains("\"deux.html\"+location.hash"),
        "{old_page}"
    );
    // Renamed section and reworded question: a script in the page forwards old fragments.
    let one = text(&out, "one.html");
    assert!(
        one.contains(r##"var m={"ex-part":"#ex-portion","part":"#portion","q-what-is-a-part":"#q-what-is-a-portion"}"##),
        "{one}"
    );
    assert_eq!(one.matches("data-quire-aliases").count(), 1);
    // The old share page forwards to the new one; old study-set keys still resolve.
    let old_share = text(&out, "q/q-what-is-a-part.html");
    assert!(
        old_share.contains("url=../q/q-what-is-a-portion.html"),
        "{old_share}"
    );
    assert!(
        text(&out, "study.html")
            .contains(r#"{"part":"portion","q-what-is-a-part":"q-what-is-a-portion"}"#)
    );
    // The next lock keeps the old anchors, so removing an alias later fails again.
    for line in [
        "one.html#part section",
        "one.html#portion section",
        "two.html#two page",
        "two.html#detail section",
        "deux.html#deux page",
        "one.html#q-what-is-a-part question",
        "one.html#ex-part example",
    ] {
        assert!(
            out.permalinks_lock.contains(line),
            "{line} in\n{}",
            out.permalinks_lock
        );
    }
}

#[test]
fn build_writes_the_lock_only_when_it_succeeds_and_accept_drops_what_is_gone() {
    let site = copy_site(&fixture("permalinks-renamed"));
    let lock_before = read(&site.path().join("permalinks.lock"));
    let out = quire(&["build"], site.path());
    assert_eq!(out.status.code(), Some(1), "{}", stderr(&out));
    assert!(
        stderr(&out).contains("content/book.md:7:1: error"),
        "{}",
        stderr(&out)
    );
    assert!(!site.path().join("public").exists(), "no output on failure");
    assert_eq!(read(&site.path().join("permalinks.lock")), lock_before);

    let out = quire(&["build", "--accept-permalink-changes"], site.path());
    assert!(out.status.success(), "{}", stderr(&out));
    let lock = read(&site.path().join("permalinks.lock"));
    assert!(!lock.contains("one.html#part "), "{lock}");
    assert!(lock.contains("one.html#portion section"), "{lock}");
    let again = quire(&["build"], site.path());
    assert!(again.status.success(), "{}", stderr(&again));
    assert!(
        !String::from_utf8_lossy(&again.stdout).contains("updated permalinks.lock"),
        "an unchanged site leaves the lock alone"
    );
}

/// The renamed fixture with `line` added to its lock, in a temporary folder.
fn renamed_with_lock_line(line: &str) -> tempfile::TempDir {
    let site = copy_site(&fixture("permalinks-renamed"));
    let lock = site.path().join("permalinks.lock");
    std::fs::write(&lock, format!("{}{line}\n", read(&lock))).expect("write");
    site
}

#[test]
fn an_alias_line_in_the_lock_keeps_a_renamed_heading_and_its_example() {
    let site = renamed_with_lock_line("one.html#part -> one.html#portion");
    let out = build(site.path());
    // The same redirects as a heading or front-matter alias: the old fragments forward, the
    // example named after the section follows it.
    let one = text(&out, "one.html");
    assert!(
        one.contains(r##"var m={"ex-part":"#ex-portion","part":"#portion"}"##),
        "{one}"
    );
    let lines: Vec<&str> = out.permalinks_lock.lines().collect();
    assert!(
        lines.contains(&"one.html#part -> one.html#portion"),
        "{lines:#?}"
    );
    assert!(
        !lines.contains(&"one.html#part section"),
        "the alias line records the old anchor"
    );
    assert!(lines.contains(&"one.html#ex-part example"), "{lines:#?}");
    assert!(lines.contains(&"one.html#portion section"), "{lines:#?}");
    // `build` keeps the line when it writes the lock.
    let built = quire(&["build"], site.path());
    assert!(built.status.success(), "{}", stderr(&built));
    let written = read(&site.path().join("permalinks.lock"));
    assert!(
        written.contains("\none.html#part -> one.html#portion\n"),
        "{written}"
    );
    assert!(
        written.contains(
            "# keep it with an alias, here (a line `old.html#old-id -> new.html#new-id`)"
        )
    );
}

#[test]
fn an_alias_line_that_leads_nowhere_is_an_error_at_its_line_until_accepted() {
    let site = renamed_with_lock_line("one.html#part -> one.html#no-such-id");
    let err = quire::build_site(&opts(site.path())).expect_err("a dangling alias line fails");
    let messages: Vec<String> = err.diagnostics().iter().map(ToString::to_string).collect();
    assert!(
        messages.iter().any(|m| m.starts_with("permalinks.lock:12:1: error: `one.html#part -> one.html#no-such-id` leads to `one.html#no-such-id`, which is not an anchor of this site")),
        "{messages:#?}"
    );
    // The heading it was meant to keep is reported too, with the line that would keep it.
    assert!(
        messages
            .iter()
            .any(|m| m
                .contains("add the line `one.html#part -> one.html#portion` to permalinks.lock")),
        "{messages:#?}"
    );
    let old = renamed_with_lock_line("one.html#portion -> one.html#part");
    let err = quire::build_site(&opts(old.path())).expect_err("an alias of a current id fails");
    let messages: Vec<String> = err.diagnostics().iter().map(ToString::to_string).collect();
    assert!(
        messages
            .iter()
            .any(|m| m.starts_with("permalinks.lock:12:1: error: `one.html#portion` exists again")),
        "{messages:#?}"
    );
    let accepted = quire(&["build", "--accept-permalink-changes"], site.path());
    assert!(accepted.status.success(), "{}", stderr(&accepted));
    let lock = read(&site.path().join("permalinks.lock"));
    assert!(
        !lock.contains("no-such-id") && !lock.contains("one.html#part "),
        "{lock}"
    );
}

#[test]
fn a_bad_lock_line_names_its_line_and_the_alias_form() {
    let site = renamed_with_lock_line("part -> portion");
    let diags = quire::check(&opts(site.path())).expect("check runs");
    let lock_errors: Vec<String> = diags
        .iter()
        .filter(|d| d.is_error() && d.location.file == "permalinks.lock")
        .map(ToString::to_string)
        .collect();
    assert_eq!(lock_errors.len(), 1, "{lock_errors:#?}");
    assert!(
        lock_errors[0].starts_with("permalinks.lock:12:1: error: expected an alias `old.html#old-id -> new.html#new-id`, found `part -> portion`"),
        "{}",
        lock_errors[0]
    );
}

#[test]
fn the_closest_new_heading_is_found_by_its_text_not_its_id() {
    let site = tempfile::tempdir().expect("tempdir");
    let write = |rel: &str, text: &str| {
        let path = site.path().join(rel);
        std::fs::create_dir_all(path.parent().expect("parent")).expect("mkdir");
        std::fs::write(path, text).expect("write");
    };
    // The heading was `Threads for CPU-bound work`; it is reworded and given a short
    // explicit id, beside a new heading whose id happens to look closer to the old one.
    write("site.toml", "split = \"none\"\n");
    write(
        "content/guide.md",
        "# Threads\n\nIntro.\n\n### Thread pools\n\nPools.\n\n### Threads for CPU-bound work, revisited {#t7}\n\nThe lock.\n",
    );
    write(
        "permalinks.lock",
        "guide.html#threads page\nguide.html#threads-for-cpu-bound-work section\n",
    );
    let err = quire::build_site(&opts(site.path())).expect_err("a lost permalink fails the build");
    let diags = err.diagnostics();
    assert_eq!(diags.len(), 1, "{diags:#?}");
    let d = diags[0].to_string();
    assert!(d.starts_with("content/guide.md:9:1: error:"), "{d}");
    assert!(
        d.contains("the closest new section is `guide.html#t7`"),
        "{d}"
    );
    assert!(
        d.contains("add the line `guide.html#threads-for-cpu-bound-work -> guide.html#t7` to permalinks.lock"),
        "{d}"
    );
}

#[test]
fn with_permalinks_off_no_lock_is_read_or_written() {
    let site = copy_site(&fixture("permalinks-renamed"));
    std::fs::write(site.path().join("site.toml"), "permalinks = \"off\"\n").expect("write");
    let lock_before = read(&site.path().join("permalinks.lock"));
    let out = quire(&["build"], site.path());
    assert!(
        out.status.success(),
        "the lost anchor is not checked: {}",
        stderr(&out)
    );
    assert!(!String::from_utf8_lossy(&out.stdout).contains("permalinks.lock"));
    assert_eq!(read(&site.path().join("permalinks.lock")), lock_before);
    let check = quire(&["check"], site.path());
    assert!(check.status.success(), "{}", stderr(&check));
    std::fs::remove_file(site.path().join("permalinks.lock")).expect("remove");
    let out = quire(&["build"], site.path());
    assert!(out.status.success(), "{}", stderr(&out));
    assert!(
        !site.path().join("permalinks.lock").exists(),
        "no lock is written"
    );
}

#[test]
fn a_failed_permalink_check_leaves_the_previous_output_untouched() {
    let site = copy_site(&fixture("permalinks-aliased"));
    let ok = quire(&["build"], site.path());
    assert!(ok.status.success(), "{}", stderr(&ok));
    let page = site.path().join("public/one.html");
    let before = read(&page);
    // Remove the heading's alias: the old id is in the lock now, so the build fails.
    let book = site.path().join("content/book.md");
    std::fs::write(&book, read(&book).replace(" aliases=\"part\"", "")).expect("write");
    let out = quire(&["build"], site.path());
    assert_eq!(out.status.code(), Some(1), "{}", stderr(&out));
    assert!(stderr(&out).contains("`one.html#part`"), "{}", stderr(&out));
    assert_eq!(read(&page), before);
}

#[test]
fn a_bad_alias_is_an_error_at_its_line() {
    let dir = tempfile::tempdir().expect("tempdir");
    let content = dir.path().join("content");
    std::fs::create_dir_all(&content).expect("mkdir");
    std::fs::write(
        content.join("book.md"),
        "+++\naliases = [\"old -> nowhere\"]\n+++\n# B\n\n## One\n\n### Part {aliases=\"one\"}\n",
    )
    .expect("write");
    let diags = quire::check(&opts(dir.path())).expect("check runs");
    let text: Vec<String> = diags.iter().map(ToString::to_string).collect();
    assert!(
        text.iter()
            .any(|d| d.starts_with("content/book.md:2:13: error: alias `old -> nowhere`")),
        "{text:#?}"
    );
    assert!(
        text.iter()
            .any(|d| d.starts_with("content/book.md:8:1: error: alias `one`")
                && d.contains("still exists")),
        "{text:#?}"
    );
}

// ---------------------------------------------------------------- share pages and study sets

/// The `<head>` of a page.
fn head(html: &str) -> &str {
    let end = html.find("</head>").expect("</head>");
    &html[..end]
}

/// Text of `<title>` and every `<meta content>`.
fn head_texts(html: &str) -> Vec<String> {
    let head = head(html);
    let mut out = Vec::new();
    if let Some(t) = head
        .split("<title>")
        .nth(1)
        .and_then(|t| t.split("</title>").next())
    {
        out.push(t.to_string());
    }
    for part in head.split("content=\"").skip(1) {
        out.push(part.split('"').next().unwrap_or_default().to_string());
    }
    out
}

fn unescape(s: &str) -> String {
    s.replace("&#39;", "'")
        .replace("&quot;", "\"")
        .replace("&lt;", "<")
        .replace("&gt;", ">")
        .replace("&amp;", "&")
}

#[test]
fn share_pages_show_the_question_and_never_the_answer_in_title_description_and_open_graph() {
    let mut o = opts(&repo_root());
    o.base_url = Some("https://example.test/guide/".into());
    let out = quire::build_site(&o).expect("build");
    let q = json(&out, "questions.json");
    let questions = q["questions"].as_array().expect("array");
    for item in questions {
        let share = item["share_url"].as_str().unwrap_or_default();
        let html = text(&out, share);
        let question = item["question_text"].as_str().unwrap_or_default();
        let answer = item["answer_text"].as_str().unwrap_or_default();
        let texts: Vec<String> = head_texts(html).iter().map(|t| unescape(t)).collect();
        let og_title = head(html)
            .split("property=\"og:title\" content=\"")
            .nth(1)
            .map(|s| unescape(s.split('"').next().unwrap_or_default()))
            .expect("og:title");
        assert!(
            og_title.starts_with(question),
            "{share}: og:title {og_title}"
        );
        assert!(head(html).contains("property=\"og:description\""));
        assert!(
            head(html).contains(&format!(
                "property=\"og:url\" content=\"https://example.test/guide/{share}\""
            )),
            "{share}"
        );
        // No run of five answer words appears in any head text.
        let words: Vec<&str> = answer.split_whitespace().collect();
        for text in &texts {
            for window in words.windows(5) {
                let phrase = window.join(" ");
                assert!(
                    !text.contains(&phrase) || question.contains(&phrase),
                    "{share}: head text `{text}` gives away the answer (`{phrase}`)"
                );
            }
        }
        // The answer is on the page, hidden behind an accessible button.
        assert!(html.contains(
            "<button type=\"button\" class=\"reveal needs-js\" aria-expanded=\"false\" aria-controls=\"answer\">Show answer</button>"
        ));
        assert!(html.contains("id=\"answer\" role=\"region\" aria-label=\"Answer\" hidden>"));
        // Links work one level down: to the chapter, section, and previous/next questions.
        let chapter = item["chapter_url"].as_str().unwrap_or_default();
        assert!(html.contains(&format!(
            "href=\"../{chapter}#{}\"",
            item["id"].as_str().unwrap_or_default()
        )));
        assert!(html.contains("href=\"../assets/quire.css\""));
    }
    let first = text(&out, questions[0]["share_url"].as_str().unwrap_or_default());
    assert!(first.contains("rel=\"next\"") && !first.contains("rel=\"prev\""));
}

#[test]
fn every_question_on_chapter_pages_and_the_questions_page_has_a_share_link_and_a_copy_button() {
    let out = guide();
    let q = json(&out, "questions.json");
    let questions_page = text(&out, "questions.html");
    for item in q["questions"].as_array().expect("array") {
        let share = item["share_url"].as_str().unwrap_or_default();
        let chapter = text(&out, item["chapter_url"].as_str().unwrap_or_default());
        assert!(
            chapter.contains(&format!("<a class=\"q-share\" href=\"{share}\">Share</a>")),
            "{share}"
        );
        // The share link is in the page; "Copy link" and the study-set box are added by the
        // script (checked in Chromium, tests/browser/candidates.mjs).
        assert!(questions_page.contains(&format!(
            "<p class=\"q-tools\"><a class=\"q-share\" href=\"{share}\">Share</a></p>"
        )));
    }
    assert_eq!(questions_page.matches("class=\"qp-item\"").count(), 18);
    // One tick box per section, for study sets.
    assert_eq!(questions_page.matches("class=\"study-pick").count(), 20);
    assert_eq!(
        questions_page.matches("class=\"practice-toggle\"").count(),
        1
    );
}

/// The items of the study data files (`study/<n>.js`, each `quireStudy(n,{...});`), by key,
/// with the number of the file each is in; and how many files there are.
fn study_data(out: &quire::Output) -> (BTreeMap<String, (usize, Value)>, usize) {
    let mut items = BTreeMap::new();
    let mut files = 0;
    for name in out.files.keys().filter_map(|k| k.strip_prefix("study/")) {
        let n: usize = name
            .strip_suffix(".js")
            .expect(".js")
            .parse()
            .expect("n.js");
        let js = text(out, &format!("study/{name}"));
        let prefix = format!("quireStudy({n},");
        let json = js
            .strip_prefix(&prefix)
            .and_then(|j| j.strip_suffix(");\n"))
            .unwrap_or_else(|| panic!("{name}: {js:.80}"));
        let map: serde_json::Map<String, Value> = serde_json::from_str(json).expect("json");
        for (key, value) in map {
            assert!(
                items.insert(key.clone(), (n, value)).is_none(),
                "{key} twice"
            );
        }
        files += 1;
    }
    (items, files)
}

/// FNV-1a over UTF-16 code units, as practice.js picks the data file of a key.
fn fnv_utf16(key: &str) -> u32 {
    key.encode_utf16().fold(0x811c_9dc5_u32, |h, unit| {
        (h ^ u32::from(unit)).wrapping_mul(0x0100_0193)
    })
}

#[test]
fn the_study_data_holds_every_question_and_section_once_in_the_file_its_key_names() {
    let out = guide();
    let study = text(&out, "study.html");
    assert!(study.contains("class=\"study-missing\" role=\"alert\" hidden"));
    assert!(
        !study.contains("Due to the GIL"),
        "no answer in the page itself"
    );
    let (items, files) = study_data(&out);
    assert!(study.contains(&format!("data-shards=\"{files}\"")));
    assert_eq!(items.len(), 18 + 20);
    for (key, (n, _)) in &items {
        assert_eq!(fnv_utf16(key) as usize % files, *n, "{key}");
    }
    let q = &items["q-why-doesnt-threading-improve-cpu-bound-tasks-in-python"].1;
    assert_eq!(q[0], "q");
    assert_eq!(
        q[5],
        "q/q-why-doesnt-threading-improve-cpu-bound-tasks-in-python.html"
    );
    assert!(q[6].as_str().unwrap().contains("Due to the GIL"), "{q}");
    assert_eq!(
        items["understanding-the-global-interpreter-lock-gil"].1[4],
        serde_json::json!([])
    );
    // A section carries its questions' share links and prompts.
    let section = &items["multiprocessing-and-ipc"].1;
    assert_eq!(section[0], "s");
    assert_eq!(
        section[4][0],
        serde_json::json!([
            "q/q-why-doesnt-threading-improve-cpu-bound-tasks-in-python.html",
            "Why doesn't threading improve CPU-bound tasks in Python?"
        ])
    );
}

#[test]
fn the_study_page_stays_small_however_many_questions_there_are() {
    // Data files hold about 64 KB of items each: 2,000 questions need several.
    let sizes: Vec<(usize, usize)> = [10, 2000]
        .iter()
        .map(|&n| {
            let dir = tempfile::tempdir().expect("tempdir");
            let content = dir.path().join("content");
            std::fs::create_dir_all(&content).expect("mkdir");
            let mut book = String::from("# B\n\n## One\n\n");
            for i in 0..n {
                book.push_str(&format!(
                    "{}. **Q**: What is thing {i}?\n   **A**: Thing {i} is an example thing.\n",
                    i + 1
                ));
            }
            std::fs::write(content.join("book.md"), book).expect("write");
            let out = build(dir.path());
            let (items, files) = study_data(&out);
            assert_eq!(items.len(), n, "every question");
            (text(&out, "study.html").len(), files)
        })
        .collect();
    let [(small, one), (big, many)] = sizes[..] else {
        unreachable!()
    };
    assert_eq!(one, 1);
    assert!(many > 1, "{many} data files for 2000 questions");
    assert!(
        big <= small + 2,
        "study.html: {small} bytes for 10 questions, {big} for 2000"
    );
}

#[test]
fn duplicate_question_ids_on_two_pages_get_distinct_share_pages() {
    let dir = tempfile::tempdir().expect("tempdir");
    let content = dir.path().join("content");
    std::fs::create_dir_all(&content).expect("mkdir");
    let q = "1. **Q**: What is X?\n   **A**: Y.\n";
    std::fs::write(
        content.join("book.md"),
        format!("# B\n\n## One\n\n{q}\n## Two\n\n{q}"),
    )
    .expect("write");
    let out = build(dir.path());
    assert!(text(&out, "one.html").contains("href=\"q/q-what-is-x.html\""));
    assert!(text(&out, "two.html").contains("href=\"q/q-what-is-x-2.html\""));
    assert!(text(&out, "q/q-what-is-x-2.html").contains("href=\"../two.html#q-what-is-x\""));
}

// ---------------------------------------------------------------- Python syntax check

#[test]
fn the_guides_python_examples_pass_the_syntax_check() {
    let diags = quire::check(&opts(&repo_root())).expect("check");
    assert!(diags.is_empty(), "{diags:#?}");
}

#[test]
fn a_python_syntax_error_is_reported_at_its_line_inside_the_fence() {
    let root = fixture("candidates-python");
    let check = quire(&["check"], &root);
    let err = stderr(&check);
    assert_eq!(check.status.code(), Some(1), "{err}");
    let python: Vec<&str> = err.lines().filter(|l| l.contains("Python")).collect();
    assert_eq!(
        python,
        [
            "content/book.md:16:13: error: Python syntax error: expected ':'; if the example is partial on purpose, mark it ```python no-check"
        ],
        "{err}"
    );
    // A build leaves the check to `quire check` (no interpreter start-up per build) and
    // still writes the site.
    let site = copy_site(&root);
    let out = quire(&["build"], site.path());
    assert!(out.status.success(), "{}", stderr(&out));
    assert!(
        !stderr(&out).contains("Python syntax error"),
        "{}",
        stderr(&out)
    );
}

#[test]
fn without_python_the_check_says_it_was_skipped() {
    let out = Command::new(env!("CARGO_BIN_EXE_quire"))
        .args(["check", "--root"])
        .arg(fixture("candidates-python"))
        .env("QUIRE_PYTHON", "/nonexistent/python3")
        .output()
        .expect("run quire");
    let err = stderr(&out);
    assert_eq!(out.status.code(), Some(0), "{err}");
    assert!(
        err.contains(
            "content/book.md:7:1: warning: the Python syntax check of 2 examples was skipped"
        ),
        "{err}"
    );
}

// ---------------------------------------------------------------- Anki

#[test]
fn anki_export_has_one_card_per_question_with_its_permalink() {
    let dir = tempfile::tempdir().expect("tempdir");
    let file = dir.path().join("guide.tsv");
    let out = Command::new(env!("CARGO_BIN_EXE_quire"))
        .args([
            "export",
            "anki",
            "--base-url",
            "https://example.test/guide/",
            "--out",
        ])
        .arg(&file)
        .arg("--root")
        .arg(repo_root())
        .output()
        .expect("run quire");
    assert!(out.status.success(), "{}", stderr(&out));
    assert!(stderr(&out).contains("wrote 18 cards"), "{}", stderr(&out));
    let tsv = read(&file);
    let (headers, cards): (Vec<&str>, Vec<&str>) = tsv.lines().partition(|l| l.starts_with('#'));
    assert!(headers.contains(&"#separator:tab") && headers.contains(&"#html:true"));
    assert!(headers.contains(&"#guid column:1"));
    assert_eq!(cards.len(), 18);
    let mut guids = HashSet::new();
    for card in cards {
        let fields: Vec<&str> = card.split('\t').collect();
        assert_eq!(fields.len(), 5, "{card}");
        assert!(
            fields
                .iter()
                .all(|f| f.starts_with('"') && f.ends_with('"'))
        );
        assert!(guids.insert(fields[0]), "unique guid");
        assert!(
            fields[3].starts_with("\"https://example.test/guide/"),
            "{}",
            fields[3]
        );
        assert!(
            fields[2].contains("https://example.test/guide/"),
            "back links to the guide"
        );
    }
    let stdout = quire(&["export", "anki", "--out", "-"], &repo_root());
    assert_eq!(
        String::from_utf8_lossy(&stdout.stdout).lines().count(),
        5 + 18
    );
}
