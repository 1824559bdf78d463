//! What changed: last-updated dates from git, `feed.xml` and `sitemap.xml`. The `history`
//! fixture is committed into a temporary repository with fixed dates, so that the dates
//! the pages show are known.

use std::path::{Path, PathBuf};
use std::process::Command;

use crate::support::{fixture, main_of, page};

/// Runs git in `dir` at the commit date `date` (author and committer), with no user or
/// system configuration.
fn git(dir: &Path, args: &[&str], date: &str) {
    let out = Command::new("git")
        .current_dir(dir)
        .args(["-c", "user.name=Drill Editors"])
        .args(["-c", "user.email=editors@drill.example.org"])
        .args([
            "-c",
            "commit.gpgsign=false",
            "-c",
            "init.defaultBranch=main",
        ])
        .args(args)
        .env("GIT_AUTHOR_DATE", date)
        .env("GIT_COMMITTER_DATE", date)
        .env("GIT_CONFIG_GLOBAL", "/dev/null")
        .env("GIT_CONFIG_NOSYSTEM", "1")
        .output()
        .expect("git runs");
    assert!(
        out.status.success(),
        "git {args:?}: {}",
        String::from_utf8_lossy(&out.stderr)
    );
}

fn copy_tree(from: &Path, to: &Path) {
    for entry in walkdir::WalkDir::new(from) {
        let entry = entry.expect("walk");
        let target = to.join(entry.path().strip_prefix(from).expect("under"));
        if entry.file_type().is_dir() {
            std::fs::create_dir_all(&target).expect("mkdir");
        } else {
            std::fs::copy(entry.path(), &target).expect("copy");
        }
    }
}

/// The `history` fixture as `docs/` of a repository: everything committed on 15 January
/// 2024, `graphs/bfs.md` changed on 10 March 2024 at 23:30 in New York (the 11th in UTC),
/// a file outside the site changed later; then `arrays.md` edited without a commit and
/// `graphs/dijkstra.md` added without a commit. Returns (temporary folder, site root).
fn history_repo() -> (tempfile::TempDir, PathBuf) {
    let tmp = tempfile::tempdir().expect("tempdir");
    let repo = tmp.path().join("repo");
    let site = repo.join("docs");
    copy_tree(&fixture("history"), &site);
    std::fs::write(repo.join("NOTES.md"), "Repository notes.\n").expect("write");
    git(&repo, &["init", "-q"], "2024-01-15T09:00:00Z");
    git(&repo, &["add", "."], "2024-01-15T09:00:00Z");
    git(
        &repo,
        &["commit", "-qm", "First draft"],
        "2024-01-15T09:00:00Z",
    );
    let bfs = site.join("content/graphs/bfs.md");
    let mut text = std::fs::read_to_string(&bfs).expect("read");
    text.push_str("\nThe first time the target leaves the queue, its distance is final.\n");
    std::fs::write(&bfs, text).expect("write");
    git(
        &repo,
        &["commit", "-qam", "BFS: when to stop"],
        "2024-03-10T23:30:00-05:00",
    );
    std::fs::write(repo.join("NOTES.md"), "More notes.\n").expect("write");
    git(&repo, &["commit", "-qam", "Notes"], "2024-04-02T08:00:00Z");
    let arrays = site.join("content/arrays.md");
    let mut text = std::fs::read_to_string(&arrays).expect("read");
    text.push_str("\nA draft paragraph nobody has committed yet.\n");
    std::fs::write(&arrays, text).expect("write");
    std::fs::write(
        site.join("content/graphs/dijkstra.md"),
        "# Dijkstra\n\n## Why can negative edges break Dijkstra's algorithm?\n\nA node is \
         final once it leaves the queue; a negative edge found later could still shorten \
         its path.\n",
    )
    .expect("write");
    (tmp, site)
}

fn opts(root: &Path) -> quire::Options {
    quire::Options {
        root: root.to_path_buf(),
        git_dates: true,
        ..Default::default()
    }
}

fn built(opts: &quire::Options) -> quire::Output {
    quire::build_site(opts).unwrap_or_else(|e| panic!("build: {e}\n{:#?}", e.diagnostics()))
}

/// The date a page shows (`None`: no last-updated line).
fn shown_date(out: &quire::Output, path: &str) -> Option<String> {
    let html = page(out, path);
    let at = html.find("<p class=\"last-updated\">")?;
    let rest = &html[at..];
    let time = &rest[rest.find("<time datetime=\"")? + 16..];
    let (attr, rest) = time.split_once("\">")?;
    let (text, _) = rest.split_once("</time>")?;
    assert_eq!(attr, text, "the page shows the date its datetime gives");
    Some(text.to_string())
}

#[test]
fn pages_show_when_their_file_last_changed_in_git() {
    let (_tmp, site) = history_repo();
    let out = built(&opts(&site));
    assert!(out.warnings.is_empty(), "{:?}", out.warnings);
    let date = |path| shown_date(&out, path);
    assert_eq!(
        date("graphs/bfs.html").as_deref(),
        Some("2024-03-11"),
        "UTC day"
    );
    assert_eq!(
        date("arrays.html").as_deref(),
        Some("2024-01-15"),
        "an edit not yet committed keeps the last commit's date"
    );
    assert_eq!(date("graphs/dfs.html").as_deref(), Some("2024-01-15"));
    assert_eq!(
        date("graphs/dijkstra.html"),
        None,
        "a file git does not track"
    );
    assert_eq!(
        date("index.html").as_deref(),
        Some("2024-03-11"),
        "the home page shows when the guide last changed"
    );
    assert_eq!(date("questions.html"), None);
    assert!(page(&out, "graphs/bfs.html").contains("Last updated: <time"));
    insta::assert_snapshot!("history_bfs_main", main_of(&out, "graphs/bfs.html"));
    insta::assert_snapshot!("history_home_main", main_of(&out, "index.html"));
}

#[test]
fn the_label_follows_the_interface_language() {
    let (_tmp, site) = history_repo();
    let toml = std::fs::read_to_string(site.join("site.toml")).expect("read");
    std::fs::write(site.join("site.toml"), format!("language = \"de\"\n{toml}")).expect("write");
    let out = built(&opts(&site));
    assert!(
        page(&out, "graphs/dfs.html").contains(
            "<p class=\"last-updated\">Zuletzt aktualisiert: <time datetime=\"2024-01-15\">"
        ),
        "{}",
        main_of(&out, "graphs/dfs.html")
    );
}

#[test]
fn site_toml_turns_the_dates_off() {
    let (_tmp, site) = history_repo();
    let toml = std::fs::read_to_string(site.join("site.toml")).expect("read");
    std::fs::write(
        site.join("site.toml"),
        format!("last_updated = false\n{toml}"),
    )
    .expect("write");
    let out = built(&opts(&site));
    for path in ["index.html", "arrays.html", "graphs/bfs.html"] {
        assert_eq!(shown_date(&out, path), None, "{path}");
    }
    assert!(!page(&out, "sitemap.xml").contains("<lastmod>"));
}

#[test]
fn a_site_outside_git_builds_with_no_date_and_no_error() {
    let tmp = tempfile::tempdir().expect("tempdir");
    copy_tree(&fixture("history"), tmp.path());
    let out = built(&opts(tmp.path()));
    assert!(out.warnings.is_empty(), "{:?}", out.warnings);
    for path in ["index.html", "arrays.html", "graphs/bfs.html"] {
        assert_eq!(shown_date(&out, path), None, "{path}");
    }
    assert!(!page(&out, "sitemap.xml").contains("<lastmod>"));
}

#[test]
fn without_a_git_program_the_site_builds_with_no_date() {
    let (tmp, site) = history_repo();
    let empty = tmp.path().join("no-programs");
    std::fs::create_dir(&empty).expect("mkdir");
    let out = tmp.path().join("public");
    let result = Command::new(env!("CARGO_BIN_EXE_quire"))
        .args(["build", "--quiet", "--root"])
        .arg(&site)
        .arg("--out")
        .arg(&out)
        .env("PATH", &empty)
        .output()
        .expect("run quire");
    assert!(
        result.status.success(),
        "{}",
        String::from_utf8_lossy(&result.stderr)
    );
    let bfs = std::fs::read_to_string(out.join("graphs/bfs.html")).expect("page");
    assert!(bfs.contains("<main"), "{bfs}");
    assert!(!bfs.contains("last-updated"), "{bfs}");
    // With git on the PATH, the command line reads the dates.
    let result = Command::new(env!("CARGO_BIN_EXE_quire"))
        .args(["build", "--quiet", "--root"])
        .arg(&site)
        .arg("--out")
        .arg(&out)
        .output()
        .expect("run quire");
    assert!(result.status.success());
    let bfs = std::fs::read_to_string(out.join("graphs/bfs.html")).expect("page");
    assert!(bfs.contains("<time datetime=\"2024-03-11\">"), "{bfs}");
}

#[test]
fn a_new_commit_date_reaches_pages_a_rebuild_would_reuse() {
    let (tmp, site) = history_repo();
    let out_dir = tmp.path().join("public");
    let written = quire::Options {
        out: Some(out_dir.clone()),
        ..opts(&site)
    };
    let mut session = quire::Session::new(opts(&site));
    quire::build(&written).expect("first build");
    let first = session.build().expect("first session build");
    assert_eq!(
        shown_date(&first, "arrays.html").as_deref(),
        Some("2024-01-15")
    );
    // The edit already built is committed: the files are the same, only the history moved.
    git(
        &site,
        &["commit", "-qam", "Arrays: a note"],
        "2024-06-01T10:00:00Z",
    );
    quire::build(&written).expect("second build");
    for path in ["arrays.html", "index.html"] {
        let html = std::fs::read_to_string(out_dir.join(path)).expect("page");
        assert!(
            html.contains("<time datetime=\"2024-06-01\">"),
            "{path} on disk: {html}"
        );
    }
    let again = session.build().expect("second session build");
    assert_eq!(
        shown_date(&again, "arrays.html").as_deref(),
        Some("2024-06-01")
    );
    assert_eq!(
        shown_date(&again, "index.html").as_deref(),
        Some("2024-06-01")
    );
    // The other files' dates did not move: their pages are as before.
    assert_eq!(
        shown_date(&again, "graphs/bfs.html").as_deref(),
        Some("2024-03-11")
    );
    assert_eq!(
        first.files.get("graphs/bfs.html"),
        again.files.get("graphs/bfs.html")
    );
    assert!(
        page(&again, "sitemap.xml").contains("arrays.html</loc><lastmod>2024-06-01T10:00:00Z"),
        "{}",
        page(&again, "sitemap.xml")
    );
}

#[test]
fn a_shallow_clone_gives_no_date_it_cannot_know_and_warns() {
    let (tmp, _site) = history_repo();
    let clone = tmp.path().join("clone");
    let source = format!("file://{}", tmp.path().join("repo").display());
    let clone_arg = clone.to_str().expect("utf-8 path");
    git(
        tmp.path(),
        &["clone", "-q", "--depth", "2", &source, clone_arg],
        "2024-04-02T08:00:00Z",
    );
    // The clone holds the notes' commit and, cut off from its parent, the BFS commit (in
    // which every file shows as added); a commit made in the clone dates its file.
    let site = clone.join("docs");
    let dfs = site.join("content/graphs/dfs.md");
    let mut text = std::fs::read_to_string(&dfs).expect("read");
    text.push_str("\nColour nodes white, grey and black to tell the edges apart.\n");
    std::fs::write(&dfs, text).expect("write");
    git(
        &site,
        &["commit", "-qam", "DFS: colours"],
        "2024-05-05T12:00:00Z",
    );
    let out = built(&opts(&site));
    assert_eq!(
        shown_date(&out, "graphs/dfs.html").as_deref(),
        Some("2024-05-05")
    );
    assert_eq!(shown_date(&out, "graphs/bfs.html"), None);
    assert_eq!(shown_date(&out, "arrays.html"), None);
    let warning = out
        .warnings
        .iter()
        .map(ToString::to_string)
        .find(|w| w.contains("shallow clone"))
        .expect("a warning about the shallow clone");
    assert!(
        warning.starts_with("content/arrays.md:1:1: warning: no last-updated date for 3 files"),
        "{warning}"
    );
    assert!(warning.contains("fetch-depth: 0"), "{warning}");
}

#[test]
fn the_sitemap_lists_share_pages_with_their_last_change() {
    let (_tmp, site) = history_repo();
    let out = built(&opts(&site));
    let sitemap = page(&out, "sitemap.xml");
    let base = "https://drill.example.org/algorithms/";
    for (path, lastmod) in [
        ("", Some("2024-03-11T04:30:00Z")),
        ("graphs/bfs.html", Some("2024-03-11T04:30:00Z")),
        ("arrays.html", Some("2024-01-15T09:00:00Z")),
        ("questions.html", Some("2024-03-11T04:30:00Z")),
        (
            "q/why-does-bfs-find-shortest-paths-in-unweighted-graphs.html",
            Some("2024-03-11T04:30:00Z"),
        ),
        (
            "q/how-do-you-reverse-an-array-in-place.html",
            Some("2024-01-15T09:00:00Z"),
        ),
        ("graphs/dijkstra.html", None),
        (
            "q/why-can-negative-edges-break-dijkstras-algorithm.html",
            None,
        ),
    ] {
        let want = match lastmod {
            Some(t) => format!("<url><loc>{base}{path}</loc><lastmod>{t}</lastmod></url>"),
            None => format!("<url><loc>{base}{path}</loc></url>"),
        };
        assert!(sitemap.contains(&want), "{want} in\n{sitemap}");
    }
    let share_pages = out.files.keys().filter(|k| k.starts_with("q/")).count();
    assert_eq!(
        sitemap.matches("<loc>").count(),
        3 + 4 + share_pages,
        "{sitemap}"
    );
}

/// Writes `feed.xml` of `out` to disk and checks it with `tests/data/atom_check.py`:
/// one line per entry, `updated id link title`.
fn checked_feed(out: &quire::Output, self_url: &str) -> Vec<String> {
    let dir = tempfile::tempdir().expect("tempdir");
    let path = dir.path().join("feed.xml");
    std::fs::write(&path, page(out, "feed.xml")).expect("write");
    let result = Command::new("python3")
        .arg(crate::support::repo_root().join("tests/data/atom_check.py"))
        .arg(&path)
        .arg(self_url)
        .output()
        .expect("python3 runs tests/data/atom_check.py");
    assert!(
        result.status.success(),
        "feed.xml is not valid Atom: {}\n{}",
        String::from_utf8_lossy(&result.stderr),
        page(out, "feed.xml")
    );
    String::from_utf8(result.stdout)
        .expect("utf-8")
        .lines()
        .map(str::to_string)
        .collect()
}

#[test]
fn the_atom_feed_lists_the_newest_questions_with_their_permalinks() {
    let (_tmp, site) = history_repo();
    let out = built(&opts(&site));
    let base = "https://drill.example.org/algorithms/";
    let entries = checked_feed(&out, &format!("{base}feed.xml"));
    let entry = |date: &str, key: &str, title: &str| {
        let url = format!("{base}q/{key}.html");
        format!("{date} {url} {url} {title}")
    };
    assert_eq!(
        entries,
        [
            entry(
                "2024-03-11T04:30:00Z",
                "why-does-bfs-find-shortest-paths-in-unweighted-graphs",
                "Why does BFS find shortest paths in unweighted graphs?"
            ),
            entry(
                "2024-01-15T09:00:00Z",
                "how-do-you-reverse-an-array-in-place",
                "How do you reverse an array in place?"
            ),
            entry(
                "2024-01-15T09:00:00Z",
                "when-is-a-sorted-array-better-than-a-hash-set",
                "When is a sorted array better than a hash set?"
            ),
            entry(
                "2024-01-15T09:00:00Z",
                "what-does-a-back-edge-in-dfs-tell-you",
                "What does a back edge in DFS tell you?"
            ),
            entry(
                "1970-01-01T00:00:00Z",
                "why-can-negative-edges-break-dijkstras-algorithm",
                "Why can negative edges break Dijkstra's algorithm?"
            ),
        ],
        "newest first; one date in reading order; an uncommitted file last"
    );
    let feed = page(&out, "feed.xml");
    assert!(
        feed.contains("<updated>2024-03-11T04:30:00Z</updated>\n  <author>"),
        "{feed}"
    );
    assert!(
        feed.contains("<author><name>Drill Editors</name></author>"),
        "{feed}"
    );
    for share in out.files.keys().filter(|k| k.starts_with("q/")) {
        assert!(
            feed.contains(&format!("{base}{share}")),
            "{share} in the feed"
        );
    }
    for (path, href) in [
        ("arrays.html", "feed.xml"),
        ("graphs/bfs.html", "../feed.xml"),
    ] {
        let link = format!(
            "<link rel=\"alternate\" type=\"application/atom+xml\" href=\"{href}\" title=\"Algorithms Drill\">"
        );
        assert!(page(&out, path).contains(&link), "{path} links the feed");
    }
}

#[test]
fn without_dates_the_feed_keeps_reading_order_and_caps_its_length() {
    let mut md = String::from("# Many\n\n");
    for i in 1..=60 {
        md.push_str(&format!("## Is {i} a question?\n\nYes, number {i} is.\n\n"));
    }
    let site = crate::support::temp_site(&[
        ("site.toml", "base_url = \"http://localhost:8000/many\"\n"),
        ("content/many.md", &md),
    ]);
    let out = built(&opts(site.path()));
    let entries = checked_feed(&out, "http://localhost:8000/many/feed.xml");
    assert_eq!(entries.len(), 50, "{entries:#?}");
    assert!(entries[0].ends_with(" Is 1 a question?"), "{}", entries[0]);
    assert!(
        entries[49].ends_with(" Is 50 a question?"),
        "{}",
        entries[49]
    );
    assert!(
        entries
            .iter()
            .all(|e| e.starts_with("1970-01-01T00:00:00Z "))
    );
}

#[test]
fn no_feed_without_a_base_url() {
    let (_tmp, site) = history_repo();
    let toml = std::fs::read_to_string(site.join("site.toml")).expect("read");
    let without: String = toml
        .lines()
        .filter(|l| !l.starts_with("base_url"))
        .map(|l| format!("{l}\n"))
        .collect();
    std::fs::write(site.join("site.toml"), without).expect("write");
    let out = built(&opts(&site));
    assert!(!out.files.contains_key("feed.xml"));
    assert!(!out.files.contains_key("sitemap.xml"));
    assert!(!page(&out, "arrays.html").contains("application/atom+xml"));
    assert_eq!(
        shown_date(&out, "arrays.html").as_deref(),
        Some("2024-01-15")
    );
}
