//! The one place a build decides what it takes from the last one. A chapter or share page
//! is reused under one key, [`previous::page_key`] (its content fingerprint and the fragment
//! script it carries), from one of two stores: the last build of a [`super::Session`] in
//! memory (`serve`), or the pages the last `quire build` wrote to the same folder, listed in
//! `.quire-cache/pages.json` ([`previous`]). Either way the output is byte-identical to a
//! full build.

use std::collections::HashMap;
use std::sync::Arc;

use super::Output;
use super::fingerprint::Fingerprints;
use crate::error::Result;
use crate::output::{self, Body, File, Staging};
use crate::previous::{self, PreviousPages, Recorder};
use crate::render::Pages;
use crate::{history, unchanged};

/// The last build of a session, kept for the next one.
pub(crate) struct LastBuild {
    pub(crate) output: Arc<Output>,
    pub(crate) prints: Fingerprints,
    /// Chapter and share page url → the key it was made under.
    pub(crate) keys: HashMap<String, u128>,
}

/// Where the pages a build may reuse are.
#[derive(Clone, Copy)]
pub(crate) enum Store<'a> {
    /// Nothing to reuse: every page is rendered.
    Nothing,
    /// The last build of the session, in memory; `listing_unchanged` when the site-wide
    /// pages show what they showed then.
    Memory {
        last: &'a LastBuild,
        listing_unchanged: bool,
    },
    /// What the last build wrote to the output folder (pages are linked from there).
    Disk(&'a PreviousPages),
}

impl<'a> Store<'a> {
    /// The store of this build: the session's last build when it was made under the same
    /// navigation, templates and configuration, else the last build of the same output
    /// folder under the same, else nothing.
    pub(crate) fn choose(
        last: Option<&'a LastBuild>,
        disk: Option<&'a PreviousPages>,
        prints: &Fingerprints,
    ) -> Self {
        match (last, disk) {
            (Some(last), _) if last.prints.same_frame(prints) => Store::Memory {
                last,
                listing_unchanged: last.prints.same_listing(prints),
            },
            (_, Some(p)) => p
                .under_frame(prints.frame())
                .map_or(Store::Nothing, Store::Disk),
            _ => Store::Nothing,
        }
    }
}

/// This build's page decisions: what is reused, where pages go, and the record of the keys
/// they were made under (for the next build).
pub(crate) struct PageReuse<'a> {
    /// This build's fingerprint of every chapter and share page, by url.
    pub(crate) current: &'a HashMap<String, u128>,
    pub(crate) store: Store<'a>,
    /// A build that writes puts pages into the staging folder as they are made.
    pub(crate) staging: Option<&'a Staging>,
    pub(crate) recorder: &'a Recorder,
}

impl PageReuse<'_> {
    /// The key `path` is made under in this build (not a chapter or share page: none).
    fn key(&self, path: &str, script: Option<&str>) -> Option<u128> {
        let fingerprint = *self.current.get(path)?;
        Some(previous::page_key(fingerprint, script))
    }

    /// The file as this build holds it: written now when the build writes, else in memory.
    fn hold(&self, path: &str, bytes: Body) -> Result<File> {
        output::keep(self.staging, path.to_string(), bytes).map(|(_, file)| file)
    }
}

impl Pages for PageReuse<'_> {
    fn kept(&self, path: &str, script: Option<&str>) -> Result<Option<File>> {
        let Some(key) = self.key(path, script) else {
            return Ok(None);
        };
        match self.store {
            Store::Nothing => Ok(None),
            Store::Memory { last, .. } => {
                let bytes = (last.keys.get(path) == Some(&key))
                    .then(|| last.output.files.get(path))
                    .flatten();
                let Some(bytes) = bytes else {
                    return Ok(None);
                };
                self.recorder.record(path, key, 0);
                self.hold(path, Arc::clone(bytes)).map(Some)
            }
            Store::Disk(previous) => {
                let Some(staging) = self.staging else {
                    return Ok(None);
                };
                let Some(hash) = previous.bytes_hash(path, key) else {
                    return Ok(None);
                };
                // The file there may have been edited or removed since: checked first.
                if !staging.keep_previous(path, hash)? {
                    return Ok(None);
                }
                self.recorder.record(path, key, hash);
                Ok(Some(File::Written))
            }
        }
    }

    fn made(&self, path: &str, script: Option<&str>, bytes: Body) -> Result<File> {
        if let Some(key) = self.key(path, script) {
            // Only a record on disk checks bytes (a page edited by hand in the output).
            let hash = match self.store {
                Store::Memory { .. } => 0,
                _ => previous::bytes_hash(&bytes),
            };
            self.recorder.record(path, key, hash);
        }
        self.hold(path, bytes)
    }

    fn listed(&self, path: &str) -> Option<Body> {
        match self.store {
            Store::Memory {
                last,
                listing_unchanged: true,
            } => last.output.files.get(path).cloned(),
            _ => None,
        }
    }

    fn listed_under(&self, dir: &str) -> Vec<(String, Body)> {
        let Store::Memory {
            last,
            listing_unchanged: true,
        } = self.store
        else {
            return Vec::new();
        };
        last.output
            .files
            .range::<str, _>((std::ops::Bound::Included(dir), std::ops::Bound::Unbounded))
            .take_while(|(k, _)| k.starts_with(dir))
            .map(|(k, v)| (k.clone(), Arc::clone(v)))
            .collect()
    }
}

/// The record of this build for the next one to find nothing changed ([`unchanged`]); none
/// with `--no-cache`, or when the pages show git dates (they depend on the history too).
pub(super) fn unchanged_target<'a>(
    opts: &super::Options,
    config: &crate::config::Config,
    out: &'a std::path::Path,
) -> Option<unchanged::Target<'a>> {
    let git_dates = opts.git_dates && config.last_updated && history::in_repository(&opts.root);
    if opts.no_cache || git_dates {
        return None;
    }
    // Every option that changes what the build makes or reports.
    let options = format!(
        "{:?} {:?} {} {}",
        opts.base_url, opts.broken_links, opts.accept_permalink_changes, opts.git_dates
    );
    Some(unchanged::Target::new(&opts.root, out, options))
}

/// The report of a build that found nothing changed since the last one.
pub(super) fn unchanged_report(
    out_dir: std::path::PathBuf,
    summary: unchanged::Summary,
    start: std::time::Instant,
) -> super::BuildReport {
    let elapsed = start.elapsed();
    let timings = super::Timings {
        stages: vec![("unchanged", elapsed)],
        rss: vec![super::timings::resident_bytes()],
        overlap: std::time::Duration::ZERO,
    };
    super::BuildReport {
        out_dir,
        pages: summary.pages,
        counts: summary.counts,
        warnings: summary.warnings,
        timings,
        permalinks_updated: false,
        unchanged: true,
        elapsed,
    }
}
