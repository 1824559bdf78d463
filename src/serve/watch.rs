//! Watching the site's sources with `notify` and grouping an editor's save burst into one
//! rebuild.
//!
//! Watched: `content/`, `templates/` and `static/` (recursively), `site.toml` and
//! `permalinks.lock` (its aliases make redirects). The root itself is watched
//! non-recursively, which sees `site.toml` replaced by an editor's atomic save and a `templates/` or `static/` folder created after `serve` started (it is then
//! watched too). Editor droppings (`.swp`, `~`, `.#…`, vim's `4913`) and reads are ignored.

use std::collections::BTreeSet;
use std::path::{Path, PathBuf};
use std::sync::mpsc::{Receiver, RecvTimeoutError, channel};
use std::time::{Duration, Instant};

use notify::event::{AccessKind, AccessMode, ModifyKind};
use notify::{Event, EventKind, RecommendedWatcher, RecursiveMode, Watcher};

use crate::error::{Error, Result};

/// The folders watched recursively.
pub const WATCHED_DIRS: [&str; 3] = ["content", "templates", "static"];

/// Debounce timing: a rebuild starts once no change has arrived for `quiet`, or `max_wait`
/// after the first change of a burst that never goes quiet.
#[derive(Debug, Clone, Copy)]
pub struct Debounce {
    /// How long no change must arrive before a rebuild starts.
    pub quiet: Duration,
    /// The longest a rebuild waits after the first change of a burst.
    pub max_wait: Duration,
}

impl Default for Debounce {
    fn default() -> Self {
        Debounce {
            quiet: Duration::from_millis(20),
            max_wait: Duration::from_millis(300),
        }
    }
}

/// A running watcher of one site root.
pub struct SourceWatcher {
    root: PathBuf,
    watcher: RecommendedWatcher,
    events: Receiver<notify::Result<Event>>,
    watched: BTreeSet<PathBuf>,
    /// Files that examples include from outside the watched folders (`{{#include}}`), and
    /// the folders watched (not recursively) to see them change.
    included: BTreeSet<PathBuf>,
    included_dirs: BTreeSet<PathBuf>,
}

impl SourceWatcher {
    /// Starts watching `content/`, `templates/`, `static/` and `site.toml` of `root`.
    pub fn new(root: &Path) -> Result<Self> {
        let root = root.canonicalize().map_err(|e| Error::io(root, e))?;
        let (tx, events) = channel();
        let watcher = notify::recommended_watcher(move |event| {
            let _ = tx.send(event);
        })
        .map_err(|e| watch_error(&root, e))?;
        let mut w = SourceWatcher {
            root,
            watcher,
            events,
            watched: BTreeSet::new(),
            included: BTreeSet::new(),
            included_dirs: BTreeSet::new(),
        };
        w.watcher
            .watch(&w.root, RecursiveMode::NonRecursive)
            .map_err(|e| watch_error(&w.root, e))?;
        w.watch_new_dirs();
        w.watch_included();
        Ok(w)
    }

    /// Watches the files that `{{#include}}` directives name outside the watched folders
    /// (read again whenever a Markdown file changes: the list may have changed with it).
    fn watch_included(&mut self) {
        self.included = included_files(&self.root)
            .into_iter()
            .filter(|p| relevant(&self.root, p).is_none())
            .collect();
        for dir in self.included.iter().filter_map(|p| p.parent()) {
            if !self.included_dirs.contains(dir)
                && self.watcher.watch(dir, RecursiveMode::NonRecursive).is_ok()
            {
                self.included_dirs.insert(dir.to_path_buf());
            }
        }
    }

    fn watch_new_dirs(&mut self) {
        for dir in WATCHED_DIRS.map(|d| self.root.join(d)) {
            if dir.is_dir()
                && !self.watched.contains(&dir)
                && self.watcher.watch(&dir, RecursiveMode::Recursive).is_ok()
            {
                self.watched.insert(dir);
            }
        }
        self.watched.retain(|d| d.is_dir());
    }

    /// Waits up to `poll` for a change, then for the burst to go quiet; returns the changed
    /// paths (relative to the root), or an empty list when nothing relevant happened.
    pub fn next_change(&mut self, poll: Duration, debounce: Debounce) -> Vec<String> {
        let mut changed = BTreeSet::new();
        let first = match self.events.recv_timeout(poll) {
            Ok(event) => event,
            Err(RecvTimeoutError::Timeout | RecvTimeoutError::Disconnected) => return Vec::new(),
        };
        self.note(first, &mut changed);
        if changed.is_empty() {
            return Vec::new();
        }
        let started = Instant::now();
        loop {
            let left = debounce.max_wait.saturating_sub(started.elapsed());
            match self.events.recv_timeout(debounce.quiet.min(left)) {
                Ok(event) if !left.is_zero() => self.note(event, &mut changed),
                _ => break,
            }
        }
        self.watch_new_dirs();
        if changed.iter().any(|p| p.ends_with(".md")) {
            self.watch_included();
        }
        changed.into_iter().collect()
    }

    fn note(&mut self, event: notify::Result<Event>, changed: &mut BTreeSet<String>) {
        let Ok(event) = event else {
            // The watcher lost events (queue overflow): rebuild to be safe.
            changed.insert("(watcher overflow)".into());
            return;
        };
        if let EventKind::Access(kind) = event.kind
            && kind != AccessKind::Close(AccessMode::Write)
        {
            return;
        }
        for path in &event.paths {
            if let Some(rel) = relevant(&self.root, path) {
                changed.insert(rel);
            } else if self.included.contains(path)
                && let Ok(rel) = path.strip_prefix(&self.root)
            {
                changed.insert(rel.to_string_lossy().replace('\\', "/"));
            }
            // A watched folder removed or replaced (a branch switch): watch the new one.
            if matches!(
                event.kind,
                EventKind::Remove(_) | EventKind::Modify(ModifyKind::Name(_))
            ) {
                self.watched.remove(path);
            }
        }
    }
}

/// The path relative to the root when a change to it matters to the build.
pub fn relevant(root: &Path, path: &Path) -> Option<String> {
    let rel = path.strip_prefix(root).ok()?;
    let rel_text = rel.to_string_lossy().replace('\\', "/");
    let name = rel.file_name()?.to_string_lossy();
    if is_editor_temp(&name) {
        return None;
    }
    let top = rel.components().next()?.as_os_str().to_string_lossy();
    let watched_file = rel_text == "site.toml" || rel_text == crate::permalinks::LOCK_FILE;
    (watched_file || WATCHED_DIRS.contains(&top.as_ref())).then_some(rel_text)
}

/// Every file that a `{{#include}}` in a Markdown file of `content/` names.
fn included_files(root: &Path) -> Vec<PathBuf> {
    walkdir::WalkDir::new(root.join("content"))
        .sort_by_file_name()
        .into_iter()
        .filter_map(Result::ok)
        .filter(|e| e.path().extension().is_some_and(|x| x == "md"))
        .flat_map(|e| {
            let text = std::fs::read_to_string(e.path()).unwrap_or_default();
            let rel = e.path().strip_prefix(root).unwrap_or(e.path());
            crate::parse::included_files(&text, &rel.to_string_lossy(), root)
        })
        .collect()
}

fn is_editor_temp(name: &str) -> bool {
    name.ends_with('~')
        || name.starts_with(".#")
        || name == "4913"
        || [".swp", ".swx", ".swo", ".tmp", ".kate-swp"]
            .iter()
            .any(|ext| name.ends_with(ext))
        || (name.starts_with('#') && name.ends_with('#'))
}

fn watch_error(root: &Path, e: notify::Error) -> Error {
    Error::Usage(format!("cannot watch {} for changes: {e}", root.display()))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn only_sources_are_relevant() {
        let root = Path::new("/site");
        let rel = |p: &str| relevant(root, &root.join(p));
        assert_eq!(rel("content/a.md").as_deref(), Some("content/a.md"));
        assert_eq!(
            rel("templates/page.html").as_deref(),
            Some("templates/page.html")
        );
        assert_eq!(
            rel("static/assets/x.css").as_deref(),
            Some("static/assets/x.css")
        );
        assert_eq!(rel("site.toml").as_deref(), Some("site.toml"));
        assert_eq!(rel("permalinks.lock").as_deref(), Some("permalinks.lock"));
        assert_eq!(rel(".permalinks.lock.12.tmp"), None);
        assert_eq!(rel("content").as_deref(), Some("content"));
        assert_eq!(rel("public/index.html"), None);
        assert_eq!(rel("target/x"), None);
        assert_eq!(rel("README.md"), None);
        assert_eq!(rel("content/.a.md.swp"), None);
        assert_eq!(rel("content/a.md~"), None);
        assert_eq!(rel("content/4913"), None);
        assert_eq!(relevant(root, Path::new("/elsewhere/content/a.md")), None);
    }
}
