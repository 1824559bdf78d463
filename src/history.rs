//! Last-updated dates from git: the committer date of the last commit that changed each
//! page's Markdown file (the date Docusaurus shows; an amended or rebased commit carries
//! its new date). One `git log` reads the whole site, newest commit first, and stops as
//! soon as every file has its date, so a long history costs little. A file with changes
//! not yet committed keeps its last commit's date (the output depends on the history
//! alone, so two builds of one commit agree); a file git does not track has no date; a
//! site outside a repository, or a machine without git, has no dates and no error.

use std::collections::{HashMap, HashSet};
use std::io::{BufRead, BufReader};
use std::path::Path;
use std::process::{Command, Stdio};

use crate::diag::{Diagnostic, Location};

/// Committer time (Unix seconds) of the last commit of each file, by path from the site
/// root (`content/guide.md`).
#[derive(Debug, Default)]
pub(crate) struct Dates {
    dates: HashMap<String, i64>,
    /// Files first seen in a commit whose parents a shallow clone cut off: their last
    /// change may be older than that commit, so they get no date (see [`Dates::warning`]).
    cut_off: Vec<String>,
}

impl Dates {
    /// The date of `path` (from the site root), if git knows one.
    pub(crate) fn get(&self, path: &str) -> Option<i64> {
        self.dates.get(path).copied()
    }

    /// A warning when a shallow clone hid some files' last change.
    pub(crate) fn warning(&self) -> Option<Diagnostic> {
        let first = self.cut_off.first()?;
        let location = Location {
            file: first.clone(),
            line: 1,
            col: 1,
        };
        let message = format!(
            "no last-updated date for {} file{}: the repository is a shallow clone and their \
             last change is older than its history; fetch the whole history (actions/checkout: \
             `fetch-depth: 0`) or set `last_updated = false` in site.toml",
            self.cut_off.len(),
            if self.cut_off.len() == 1 { "" } else { "s" }
        );
        Some(Diagnostic::warning(location, message))
    }
}

/// The dates of the site's Markdown files, being read.
pub(crate) struct Reading(std::thread::JoinHandle<Dates>);

impl Reading {
    /// The dates, once git is done (none if reading failed).
    pub(crate) fn finish(self) -> Dates {
        self.0.join().unwrap_or_default()
    }
}

/// Starts reading the dates of the site's Markdown files. git runs, and its output is read,
/// on a thread of its own, while the content is parsed: waiting on git never holds up one
/// of the threads that parse.
pub(crate) fn read_site_dates(root: &Path, sources: &crate::source::Sources) -> Reading {
    let root = root.to_path_buf();
    let wanted: Vec<String> = sources.files.iter().map(|f| f.path.clone()).collect();
    Reading(std::thread::spawn(move || {
        let wanted = wanted.iter().map(String::as_str).collect();
        read_dates(&root, &wanted)
    }))
}

/// Gives every page (and the home page's introduction) the date of its file; the warning
/// of a shallow clone, if any.
pub(crate) fn stamp(site: &mut crate::model::Site, dates: &Dates) -> Option<Diagnostic> {
    for page in &mut site.pages {
        page.updated = dates.get(&page.source);
    }
    site.intro_updated = site.intro_source.as_deref().and_then(|s| dates.get(s));
    dates.warning()
}

/// The dates of the files `wanted` (paths from `root`), from one `git log` run in `root`.
/// Git missing, `root` outside a repository, or any failure of git: no dates.
pub(crate) fn read_dates(root: &Path, wanted: &HashSet<&str>) -> Dates {
    if !in_repository(root) {
        return Dates::default();
    }
    let spawned = Command::new("git")
        .arg("-C")
        .arg(root)
        // -z: names exactly as stored (no quoting of non-ASCII); --relative: names from
        // `root`, which need not be the top of the repository.
        .args(["log", "--format=%x1e%ct%x1f%D", "--name-only", "-z"])
        // --no-renames: a renamed file's date is its rename's either way, and git skips
        // looking for renames.
        .args(["--relative", "--no-renames", "--no-color", "--", "."])
        .stdin(Stdio::null())
        .stdout(Stdio::piped())
        .stderr(Stdio::null())
        .spawn();
    let Ok(mut child) = spawned else {
        return Dates::default();
    };
    let dates = child
        .stdout
        .take()
        .map(|out| parse_log(BufReader::new(out), wanted))
        .unwrap_or_default();
    // Once every file has its date the rest of the history is not needed: git is stopped
    // (its exit status is then of no interest; a repository git cannot read gives no
    // output, hence no dates).
    let _ = child.kill();
    let _ = child.wait();
    dates
}

/// Whether git could find a repository for `root`: a `.git` folder (or the `.git` file of
/// a worktree or submodule) in it or a folder above it, or `GIT_DIR` set. Outside one, git
/// is not started at all: starting it only to fail costs a small build more than the rest.
pub(crate) fn in_repository(root: &Path) -> bool {
    if std::env::var_os("GIT_DIR").is_some() {
        return true;
    }
    let Ok(root) = std::path::absolute(root) else {
        return true;
    };
    root.ancestors().any(|dir| dir.join(".git").exists())
}

/// Reads `git log --format=%x1e%ct%x1f%D --name-only -z` output: each commit is
/// `\x1e<time>\x1f<decorations>\0`, then `\n` and its file names, each ending in `\0`.
fn parse_log(mut log: impl BufRead, wanted: &HashSet<&str>) -> Dates {
    let mut dates = HashMap::new();
    let mut cut_off = HashSet::new();
    let mut missing = wanted.len();
    let mut commit: Option<(i64, bool)> = None;
    let mut field = Vec::new();
    while missing > 0 && log.read_until(0, &mut field).unwrap_or(0) > 0 {
        let text = String::from_utf8_lossy(field.strip_suffix(&[0]).unwrap_or(&field));
        if let Some(header) = text.strip_prefix('\u{1e}') {
            let (time, decorations) = header.split_once('\u{1f}').unwrap_or((header, ""));
            // A commit whose parents a shallow clone cut off is decorated `grafted`.
            let grafted = decorations.split(", ").any(|d| d == "grafted");
            commit = time.trim().parse().ok().map(|t| (t, grafted));
        } else if let Some((time, grafted)) = commit {
            let name = text.trim_start_matches('\n');
            if wanted.contains(name) && !dates.contains_key(name) && !cut_off.contains(name) {
                missing -= 1;
                if grafted {
                    cut_off.insert(name.to_string());
                } else {
                    dates.insert(name.to_string(), time);
                }
            }
        }
        field.clear();
    }
    let mut cut_off: Vec<String> = cut_off.into_iter().collect();
    cut_off.sort();
    Dates { dates, cut_off }
}

/// `2024-03-05`: the day (UTC) of a Unix time, as `<time datetime>` and the page show it.
pub(crate) fn day(time: i64) -> String {
    let t = utc(time);
    format!("{:04}-{:02}-{:02}", t.year(), u8::from(t.month()), t.day())
}

/// `2024-03-05T14:07:00Z`: RFC 3339 in UTC, as Atom's `<updated>` and sitemaps want it.
pub(crate) fn timestamp(time: i64) -> String {
    let t = utc(time);
    format!(
        "{}T{:02}:{:02}:{:02}Z",
        day(time),
        t.hour(),
        t.minute(),
        t.second()
    )
}

fn utc(secs: i64) -> time::OffsetDateTime {
    time::OffsetDateTime::from_unix_timestamp(secs).unwrap_or(time::OffsetDateTime::UNIX_EPOCH)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn parse(log: &str, wanted: &[&str]) -> Dates {
        parse_log(log.as_bytes(), &wanted.iter().copied().collect())
    }

    #[test]
    fn a_repository_is_found_in_the_root_or_above_it() {
        let dir = tempfile::tempdir().unwrap();
        let site = dir.path().join("docs/site");
        std::fs::create_dir_all(&site).unwrap();
        if std::env::var_os("GIT_DIR").is_none()
            && !dir.path().ancestors().any(|d| d.join(".git").exists())
        {
            assert!(!in_repository(&site), "no .git anywhere above");
        }
        // A worktree's or submodule's `.git` is a file.
        std::fs::write(dir.path().join("docs/.git"), "gitdir: elsewhere\n").unwrap();
        assert!(in_repository(&site));
        std::fs::remove_file(dir.path().join("docs/.git")).unwrap();
        std::fs::create_dir(site.join(".git")).unwrap();
        assert!(in_repository(&site));
    }

    #[test]
    fn the_newest_commit_of_each_file_gives_its_date() {
        let log = "\u{1e}200\u{1f}HEAD -> main\0\ncontent/a.md\0\u{1e}100\u{1f}\0\ncontent/a.md\0content/b b.md\0";
        let dates = parse(log, &["content/a.md", "content/b b.md", "content/new.md"]);
        assert_eq!(dates.get("content/a.md"), Some(200));
        assert_eq!(dates.get("content/b b.md"), Some(100));
        assert_eq!(dates.get("content/new.md"), None);
        assert!(dates.warning().is_none());
    }

    #[test]
    fn reading_stops_once_every_file_has_a_date() {
        // A later (older) commit would be a malformed record: it is never read.
        let log = "\u{1e}300\u{1f}\0\ncontent/a.md\0\u{1e}not a time";
        let dates = parse(log, &["content/a.md"]);
        assert_eq!(dates.get("content/a.md"), Some(300));
    }

    #[test]
    fn files_a_shallow_clone_cut_off_have_no_date_and_a_warning() {
        let log = "\u{1e}300\u{1f}HEAD -> main\0\ncontent/a.md\0\u{1e}200\u{1f}grafted\0\ncontent/a.md\0content/b.md\0";
        let dates = parse(log, &["content/a.md", "content/b.md"]);
        assert_eq!(dates.get("content/a.md"), Some(300));
        assert_eq!(dates.get("content/b.md"), None);
        let warning = dates.warning().expect("a warning").to_string();
        assert!(
            warning.starts_with("content/b.md:1:1: warning: no last-updated date for 1 file:"),
            "{warning}"
        );
        assert!(warning.contains("fetch-depth: 0"), "{warning}");
    }

    #[test]
    fn dates_are_utc_days_and_rfc3339_times() {
        // 2024-02-03T23:30:00-05:00 is the 4th in UTC.
        assert_eq!(day(1_707_021_000), "2024-02-04");
        assert_eq!(timestamp(1_707_021_000), "2024-02-04T04:30:00Z");
        assert_eq!(timestamp(0), "1970-01-01T00:00:00Z");
    }
}
