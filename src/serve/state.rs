//! The server's shared state: the last good site (swapped whole), the current build errors,
//! and a version counter with a condvar that live-reload requests wait on.
//!
//! Versions: every finished build (good or failed) bumps `version`. A good build that
//! changed any file other than a stylesheet sets `page_gen` to its version, one that changed
//! a stylesheet sets `css_gen`. A page knows the `page_gen` and `css_gen` it was served
//! with, so it reloads, swaps stylesheets, or does nothing (a rebuild that changed nothing).

use std::collections::BTreeMap;
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::{Arc, Condvar, Mutex, MutexGuard};
use std::time::{Duration, Instant};

use rayon::prelude::*;
use xxhash_rust::xxh3::xxh3_128;

use super::http::{Body, Shared, content_type};
use super::reload;

/// One file as served.
#[derive(Debug)]
pub struct Entry {
    /// The bytes the build produced (the build's own, not a copy).
    pub bytes: Shared,
    /// Where the live-reload script goes (HTML only): before the last `</body>`.
    pub inject_at: Option<usize>,
    /// The validator for conditional requests: the hash of the bytes (and, for HTML, the
    /// generations and server process the injected script names).
    pub etag: String,
    /// The `Content-Type` header, from the file's extension.
    pub content_type: &'static str,
    /// xxh3-128 of the bytes the build produced: how builds are compared.
    hash: u128,
}

/// A complete, good build, as served.
#[derive(Debug)]
pub struct Snapshot {
    /// Path prefix the site is served under (`/`, or `/guide/` for a base_url with a sub-path).
    pub prefix: String,
    /// The version of the last build that changed a page (see the module docs).
    pub page_gen: u64,
    /// The version of the last build that changed a stylesheet.
    pub css_gen: u64,
    /// Every file of the build, by site-relative path.
    pub files: BTreeMap<String, Entry>,
    /// The `<script>` injected into this build's HTML (it carries the generations).
    pub script: Shared,
}

impl Snapshot {
    /// What is served for a file: HTML with the live-reload script, anything else as built.
    pub fn body(&self, entry: &Entry) -> Body {
        match entry.inject_at {
            Some(at) => Body::spliced(&entry.bytes, at, &self.script),
            None => entry.bytes.clone().into(),
        }
    }
}

/// What a live-reload client is told.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct LiveStatus {
    /// Identifies this server process: a page from another one reloads.
    pub instance: u64,
    /// Bumped by every finished build, good or failed.
    pub version: u64,
    /// The version of the last build that changed a page: a page served before it reloads.
    pub page_gen: u64,
    /// The version of the last build that changed a stylesheet: pages swap stylesheets.
    pub css_gen: u64,
    /// The messages of the last build, when it failed (`file:line:col: error: …`).
    pub errors: Arc<Vec<String>>,
    /// The warnings of the last good build (`file:line:col: warning: …`).
    pub warnings: Arc<Vec<String>>,
}

#[derive(Debug)]
struct Live {
    site: Option<Arc<Snapshot>>,
    version: u64,
    page_gen: u64,
    css_gen: u64,
    errors: Arc<Vec<String>>,
    warnings: Arc<Vec<String>>,
}

/// Everything the connection threads and the watcher share.
#[derive(Debug)]
pub struct ServeState {
    live: Mutex<Live>,
    changed: Condvar,
    stopping: AtomicBool,
    instance: u64,
}

/// What a good build changed compared with the one before it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Change {
    /// The same files, byte for byte: pages stay as they are.
    Nothing,
    /// Only stylesheets changed: pages swap them without reloading.
    StylesOnly,
    /// Anything else changed: pages reload.
    Pages,
}

impl ServeState {
    /// State with no site yet, for a new server process.
    pub fn new() -> Self {
        let instance = std::time::SystemTime::now()
            .duration_since(std::time::UNIX_EPOCH)
            .map_or(1, |d| d.as_nanos() as u64 ^ u64::from(std::process::id()));
        let live = Live {
            site: None,
            version: 0,
            page_gen: 0,
            css_gen: 0,
            errors: Arc::default(),
            warnings: Arc::default(),
        };
        ServeState {
            live: Mutex::new(live),
            changed: Condvar::new(),
            stopping: AtomicBool::new(false),
            instance,
        }
    }

    fn lock(&self) -> MutexGuard<'_, Live> {
        // A poisoned lock only means a thread panicked while holding it; the data is whole
        // (every update is a few field assignments), so keep serving.
        self.live.lock().unwrap_or_else(|e| e.into_inner())
    }

    /// The last good site (None until a build succeeds) and the current errors.
    pub fn current(&self) -> (Option<Arc<Snapshot>>, Arc<Vec<String>>) {
        let live = self.lock();
        (live.site.clone(), live.errors.clone())
    }

    /// Swaps in a good build with its warnings and clears the errors; returns what changed.
    /// The new site, its warnings and its generations become visible together, so a page
    /// told to reload gets the new build, and a client told the warnings cleared gets the
    /// build that cleared them. (Only the watcher thread publishes, one build at a time.)
    pub fn publish_site(
        &self,
        files: &crate::output::Files,
        prefix: String,
        warnings: Vec<String>,
    ) -> Change {
        let (previous, version, mut page_gen, mut css_gen) = {
            let live = self.lock();
            (
                live.site.clone(),
                live.version + 1,
                live.page_gen,
                live.css_gen,
            )
        };
        // A file the last build shared with this one (the same bytes, reused) keeps its hash.
        let hashes: BTreeMap<&str, u128> = files
            .par_iter()
            .map(|(k, v)| {
                let known = previous
                    .as_deref()
                    .and_then(|p| p.files.get(k))
                    .filter(|e| Arc::ptr_eq(&e.bytes, v));
                (k.as_str(), known.map_or_else(|| xxh3_128(v), |e| e.hash))
            })
            .collect();
        let change = classify(previous.as_deref(), &hashes, &prefix);
        match change {
            Change::Pages => page_gen = version,
            Change::StylesOnly => css_gen = version,
            Change::Nothing => {}
        }
        // Swapped in even when nothing changed: it holds this build's bytes, so the last
        // build's can be freed.
        // Held until the next good build: kept apart from the build's temporaries.
        let (snapshot, warnings) = crate::keep::kept(|| {
            let snapshot = make_snapshot(
                previous.as_deref(),
                files,
                &hashes,
                prefix,
                (page_gen, css_gen),
                self.instance,
            );
            (Arc::new(snapshot), Arc::new(warnings.clone()))
        });
        let mut live = self.lock();
        live.version = version;
        (live.page_gen, live.css_gen) = (page_gen, css_gen);
        live.site = Some(snapshot);
        live.errors = Arc::default();
        live.warnings = warnings;
        drop(live);
        self.changed.notify_all();
        change
    }

    /// Records a failed build; the last good site stays.
    pub fn publish_errors(&self, errors: Vec<String>) {
        let mut live = self.lock();
        live.version += 1;
        live.errors = Arc::new(errors);
        live.warnings = Arc::default();
        drop(live);
        self.changed.notify_all();
    }

    /// What a live-reload client is told now.
    pub fn status(&self) -> LiveStatus {
        let live = self.lock();
        self.status_of(&live)
    }

    fn status_of(&self, live: &Live) -> LiveStatus {
        LiveStatus {
            instance: self.instance,
            version: live.version,
            page_gen: live.page_gen,
            css_gen: live.css_gen,
            errors: live.errors.clone(),
            warnings: live.warnings.clone(),
        }
    }

    /// Waits until the version differs from `since`, the server stops, or `timeout` passes;
    /// then returns the status.
    pub fn wait_for_change(&self, since: u64, timeout: Duration) -> LiveStatus {
        let deadline = Instant::now() + timeout;
        let mut live = self.lock();
        while live.version == since && !self.is_stopping() {
            let left = deadline.saturating_duration_since(Instant::now());
            if left.is_zero() {
                break;
            }
            live = self
                .changed
                .wait_timeout(live, left)
                .unwrap_or_else(|e| e.into_inner())
                .0;
        }
        self.status_of(&live)
    }

    /// Tells every thread to stop and wakes the waiting long-polls.
    pub fn stop(&self) {
        self.stopping.store(true, Ordering::SeqCst);
        let _guard = self.lock();
        self.changed.notify_all();
    }

    /// Whether [`ServeState::stop`] was called.
    pub fn is_stopping(&self) -> bool {
        self.stopping.load(Ordering::SeqCst)
    }
}

impl Default for ServeState {
    fn default() -> Self {
        Self::new()
    }
}

fn classify(previous: Option<&Snapshot>, hashes: &BTreeMap<&str, u128>, prefix: &str) -> Change {
    let Some(previous) = previous else {
        return Change::Pages;
    };
    if previous.prefix != prefix
        || previous
            .files
            .keys()
            .any(|k| !hashes.contains_key(k.as_str()))
    {
        return Change::Pages;
    }
    let mut change = Change::Nothing;
    for (path, hash) in hashes {
        if previous.files.get(*path).is_some_and(|e| e.hash == *hash) {
            continue;
        }
        if !path.ends_with(".css") {
            return Change::Pages;
        }
        change = Change::StylesOnly;
    }
    change
}

/// The files as served: the build's own bytes (never copied; an unchanged page keeps where
/// its script goes). Nothing is injected here (that happens as a response is written).
fn make_snapshot(
    previous: Option<&Snapshot>,
    files: &crate::output::Files,
    hashes: &BTreeMap<&str, u128>,
    prefix: String,
    (page_gen, css_gen): (u64, u64),
    instance: u64,
) -> Snapshot {
    let script: Shared = Arc::new(reload::client_script(instance, page_gen, css_gen).into_bytes());
    let files = files
        .par_iter()
        .map(|(path, raw)| {
            crate::keep::kept(|| {
                let hash = hashes[path.as_str()];
                let content_type = content_type(path);
                let old = previous
                    .and_then(|p| p.files.get(path))
                    .filter(|e| e.hash == hash);
                let bytes = Arc::clone(raw);
                let html = content_type.starts_with("text/html");
                let inject_at = match old {
                    Some(old) => old.inject_at,
                    None => html.then(|| reload::injection_point(&bytes)),
                };
                let etag = if html {
                    format!("\"q{hash:032x}-{page_gen}-{css_gen}-{instance:x}\"")
                } else {
                    format!("\"q{hash:032x}\"")
                };
                (
                    path.clone(),
                    Entry {
                        bytes,
                        inject_at,
                        etag,
                        content_type,
                        hash,
                    },
                )
            })
        })
        .collect();
    Snapshot {
        prefix,
        page_gen,
        css_gen,
        files,
        script,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn files(pairs: &[(&str, &str)]) -> crate::output::Files {
        pairs
            .iter()
            .map(|(k, v)| (k.to_string(), v.as_bytes().to_vec().into()))
            .collect()
    }

    #[test]
    fn builds_are_classified_by_what_changed() {
        let state = ServeState::new();
        let base = [("index.html", "<body>a</body>"), ("a.css", "x")];
        assert_eq!(
            state.publish_site(&files(&base), "/".into(), Vec::new()),
            Change::Pages
        );
        assert_eq!(
            state.publish_site(&files(&base), "/".into(), Vec::new()),
            Change::Nothing
        );
        let css = [("index.html", "<body>a</body>"), ("a.css", "y")];
        assert_eq!(
            state.publish_site(&files(&css), "/".into(), Vec::new()),
            Change::StylesOnly
        );
        let s = state.status();
        assert_eq!((s.version, s.page_gen, s.css_gen), (3, 1, 3));
        state.publish_errors(vec!["content/a.md:1:1: error: x".into()]);
        assert_eq!(state.status().errors.len(), 1);
        assert!(state.current().0.is_some(), "the last good site stays");
        assert_eq!(
            state.publish_site(&files(&css[..1]), "/".into(), Vec::new()),
            Change::Pages,
            "a file was removed"
        );
        assert!(state.status().errors.is_empty());
    }

    #[test]
    fn the_site_is_served_from_the_builds_own_bytes() {
        let state = ServeState::new();
        let first = files(&[("index.html", "<body>a</body>"), ("a.css", "x")]);
        state.publish_site(&first, "/".into(), Vec::new());
        let shared = |built: &crate::output::Files| {
            let site = state.current().0.unwrap();
            built
                .iter()
                .all(|(k, v)| Arc::ptr_eq(&site.files[k].bytes, v))
        };
        assert!(shared(&first), "no copy of any file");
        // A rebuild that remade a file with the same bytes serves the new build's copy (the
        // old one is freed with the old build) and changes nothing for the browser.
        let mut second = first.clone();
        second.insert("a.css".into(), b"x".to_vec().into());
        assert_eq!(
            state.publish_site(&second, "/".into(), Vec::new()),
            Change::Nothing
        );
        assert!(shared(&second));
    }

    #[test]
    fn html_is_injected_and_others_are_not() {
        let state = ServeState::new();
        state.publish_site(
            &files(&[("index.html", "<body>a</body>"), ("a.css", "x")]),
            "/".into(),
            Vec::new(),
        );
        let site = state.current().0.unwrap();
        let html = String::from_utf8(site.body(&site.files["index.html"]).to_vec()).unwrap();
        assert!(
            html.contains("__quire") && html.ends_with("</body>"),
            "{html}"
        );
        assert_eq!(site.body(&site.files["a.css"]).to_vec(), b"x");
    }

    #[test]
    fn cleared_warnings_are_never_seen_with_the_build_that_had_them() {
        // A client told the warnings are gone must be served the build without them.
        let state = Arc::new(ServeState::new());
        let warned = files(&[("index.html", "<body>warned</body>")]);
        let clean = files(&[("index.html", "<body>clean</body>")]);
        let stop = Arc::new(AtomicBool::new(false));
        let observer = {
            let (state, stop) = (state.clone(), stop.clone());
            std::thread::spawn(move || {
                let mut mismatches = 0;
                while !stop.load(Ordering::SeqCst) {
                    let before = state.status();
                    let Some(site) = state.current().0 else {
                        continue;
                    };
                    if state.status().version != before.version {
                        continue; // a build was published meanwhile: not one moment
                    }
                    let page = site.files["index.html"].bytes.clone();
                    let is_clean = page.as_slice() == b"<body>clean</body>";
                    mismatches += usize::from(before.warnings.is_empty() != is_clean);
                }
                mismatches
            })
        };
        for _ in 0..2000 {
            state.publish_site(&warned, "/".into(), vec!["a.md:1:1: warning: w".into()]);
            state.publish_site(&clean, "/".into(), Vec::new());
        }
        stop.store(true, Ordering::SeqCst);
        assert_eq!(observer.join().unwrap(), 0);
    }

    #[test]
    fn waiting_returns_on_change_or_timeout() {
        let state = Arc::new(ServeState::new());
        let s = state.wait_for_change(0, Duration::from_millis(1));
        assert_eq!(s.version, 0);
        let waiter = {
            let state = state.clone();
            std::thread::spawn(move || state.wait_for_change(0, Duration::from_secs(30)).version)
        };
        state.publish_errors(vec![]);
        assert_eq!(waiter.join().unwrap(), 1);
    }
}
