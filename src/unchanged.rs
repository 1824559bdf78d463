//! A build with nothing to do. When every file of the site folder is as the last build of
//! the same output folder found it (same size, modification and change times, inode), the
//! quire binary and the build's options are the same, and the output folder holds exactly
//! the files that build left there, untouched, then the output already is what a build would
//! make: `quire build` reports the last build's summary and writes nothing. A deploy that
//! rebuilds an unchanged site, or a build run twice, costs a look at the files' metadata.
//!
//! The record is `.quire-cache/last-build.json`, written after a build that succeeded. A
//! file changed within the file system's clock tick of being looked at could keep its
//! times, so the record notes every file whose times are not older than the moment it was
//! looked at ("racy", as git's index calls it): a racy input makes the record unusable, a
//! racy output is read back and compared with the hash of the bytes the build put there.
//! A site whose pages show git dates is never taken as unchanged (its output depends on the
//! history too).

use std::io::Write;
use std::path::{Path, PathBuf};

use serde::{Deserialize, Serialize};

use crate::cache::CACHE_DIR;
use crate::diag::{Diagnostic, Location};
use crate::error::{Error, Result};
use crate::model::Counts;
use crate::output::Hashes;

const FILE: &str = "last-build.json";

const DIR: u8 = b'd';
const REGULAR: u8 = b'f';
const LINK: u8 = b'l';

/// What a file's metadata says about its content: kind, size, modification and change
/// times (nanoseconds), inode and device. Writing a file, replacing it, or setting its
/// times back all change at least one of them (the change time cannot be set).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
struct Stamp(u8, u64, i64, i64, u64, u64);

impl Stamp {
    /// The stamp of an entry (a folder's stamp is only its kind: its own times change with
    /// every entry, and the entries are compared instead). None for other kinds of entry.
    #[cfg(unix)]
    fn of(meta: &std::fs::Metadata) -> Option<Stamp> {
        use std::os::unix::fs::MetadataExt;
        let t = meta.file_type();
        let kind = if t.is_dir() {
            return Some(Stamp(DIR, 0, 0, 0, 0, 0));
        } else if t.is_file() {
            REGULAR
        } else if t.is_symlink() {
            LINK
        } else {
            return None;
        };
        let ns = |s: i64, n: i64| s.saturating_mul(1_000_000_000).saturating_add(n);
        Some(Stamp(
            kind,
            meta.size(),
            ns(meta.mtime(), meta.mtime_nsec()),
            ns(meta.ctime(), meta.ctime_nsec()),
            meta.ino(),
            meta.dev(),
        ))
    }

    /// Elsewhere the metadata does not tell enough: nothing is taken as unchanged.
    #[cfg(not(unix))]
    fn of(_meta: &std::fs::Metadata) -> Option<Stamp> {
        None
    }

    /// Changed at or after `reference` (a time of the file system's clock): a later change
    /// within the same clock tick could leave the stamp as it is.
    fn racy(&self, reference: i64) -> bool {
        self.0 != DIR && self.2.max(self.3) >= reference
    }
}

/// Entries of a folder tree by `/`-separated path, sorted.
type Tree = Vec<(String, Stamp)>;

/// Every entry under `dir` (links not followed), sorted; `skip(rel, path)` leaves an entry
/// out with everything under it. None when something cannot be read or named.
fn walk(dir: &Path, skip: &dyn Fn(&str, &Path) -> bool) -> Option<Tree> {
    let mut tree = Vec::new();
    walk_into(dir, "", skip, &mut tree)?;
    tree.sort_unstable_by(|a, b| a.0.cmp(&b.0));
    Some(tree)
}

fn walk_into(
    dir: &Path,
    rel: &str,
    skip: &dyn Fn(&str, &Path) -> bool,
    tree: &mut Tree,
) -> Option<()> {
    for entry in std::fs::read_dir(dir).ok()? {
        let entry = entry.ok()?;
        let name = entry.file_name().into_string().ok()?;
        let path = entry.path();
        let rel = if rel.is_empty() {
            name
        } else {
            format!("{rel}/{name}")
        };
        if skip(&rel, &path) {
            continue;
        }
        let stamp = Stamp::of(&entry.metadata().ok()?)?;
        if stamp.0 == DIR {
            walk_into(&path, &rel, skip, tree)?;
        }
        tree.push((rel, stamp));
    }
    Some(())
}

/// The record of the last build of one site into one output folder.
#[derive(Serialize, Deserialize)]
struct Record {
    version: String,
    /// The quire binary that made it; none when its inputs were not stamped (the record
    /// then only vouches for output files).
    exe: Option<Stamp>,
    /// The options that change what a build makes or reports.
    options: String,
    /// The output folder (absolute).
    out: String,
    /// Every file of the site folder but the output and the caches, before the build.
    inputs: Tree,
    /// Every entry of the output folder after the build: its stamp, the hash of the bytes
    /// the build put there (hex, empty when unknown) and whether it is racy.
    outputs: Vec<(String, Stamp, String, bool)>,
    /// What the build reported.
    pages: usize,
    counts: (usize, usize, usize, usize),
    warnings: Vec<(String, u32, u32, String)>,
}

/// What a build reports, replayed by a build with nothing to do.
#[derive(Debug)]
pub(crate) struct Summary {
    /// HTML pages written.
    pub(crate) pages: usize,
    pub(crate) counts: Counts,
    pub(crate) warnings: Vec<Diagnostic>,
}

/// One build of a site into an output folder, under options that change what it makes.
pub(crate) struct Target<'a> {
    root: PathBuf,
    out: &'a Path,
    options: String,
}

impl<'a> Target<'a> {
    /// `out` absolute; `options` names every option that changes the output or the report.
    pub(crate) fn new(root: &Path, out: &'a Path, options: String) -> Self {
        Target {
            root: crate::output::absolute(root),
            out,
            options,
        }
    }

    /// What the last build of this output tells this one: nothing changed since (the same
    /// binary and options, every input file as it was, the output folder exactly as that
    /// build left it), or which output files it still vouches for.
    pub(crate) fn last(&self) -> Last {
        let record = std::fs::read_to_string(self.record_path())
            .ok()
            .and_then(|text| serde_json::from_str::<Record>(&text).ok())
            .filter(|r| r.out == self.out.to_string_lossy());
        let Some(record) = record else {
            return Last::Changed(Vouched::default());
        };
        let same = record.version == env!("CARGO_PKG_VERSION")
            && record.options == self.options
            && record.exe.is_some()
            && record.exe == exe_stamp();
        if same
            && self.inputs().as_ref() == Some(&record.inputs)
            && self.output_intact(&record.outputs)
        {
            return Last::Unchanged(summary(record));
        }
        Last::Changed(Vouched::of(record.outputs))
    }

    /// Every entry of the output folder matches the record: racy files are read back.
    fn output_intact(&self, recorded: &[(String, Stamp, String, bool)]) -> bool {
        let Some(found) = walk(self.out, &|_, _| false) else {
            return false;
        };
        found.len() == recorded.len()
            && found.iter().zip(recorded).all(|((path, stamp), r)| {
                *path == r.0 && *stamp == r.1 && (!r.3 || self.holds(path, &r.2))
            })
    }

    /// The output file `rel` holds bytes of the hash `hex`.
    fn holds(&self, rel: &str, hex: &str) -> bool {
        std::fs::read(self.out.join(rel))
            .is_ok_and(|bytes| format!("{:032x}", crate::previous::bytes_hash(&bytes)) == hex)
    }

    /// Every input file as it is now: the site folder but the output folder, the caches,
    /// git's folders and the staging folders of builds.
    fn inputs(&self) -> Option<Tree> {
        walk(&self.root, &|rel, path| {
            let name = rel.rsplit('/').next().unwrap_or(rel);
            rel == CACHE_DIR
                || name == ".git"
                || name.contains(".quire-new-")
                || name.contains(".quire-old-")
                || path == self.out
        })
    }

    fn record_path(&self) -> PathBuf {
        self.root.join(CACHE_DIR).join(FILE)
    }

    /// Starts the record of a build that is about to read its inputs (their stamps are
    /// taken now, unless one changed too recently to be told from a later change, or a
    /// link leads out of what is stamped). None when the cache folder cannot be written.
    pub(crate) fn record(&self) -> Option<Recording<'_>> {
        // Any older record goes first: it can only describe another state of the site.
        let _ = std::fs::remove_file(self.record_path());
        let dir = self.root.join(CACHE_DIR);
        std::fs::create_dir_all(&dir).ok()?;
        let tmp = dir.join(format!("{FILE}.tmp-{}", std::process::id()));
        let clock = Clock::start(&tmp)?;
        // Inputs that cannot be vouched for still leave a record of the output (the next
        // build then reads back fewer files), but not one of an unchanged site.
        let inputs = self.inputs().filter(|inputs| {
            !inputs.iter().any(|(_, s)| s.racy(clock.reference)) && self.links_stay_in(inputs)
        });
        Some(Recording {
            target: self,
            tmp,
            exe: exe_stamp(),
            inputs,
            clock,
        })
    }

    /// Every link among the inputs leads to a file or folder that is itself an input.
    fn links_stay_in(&self, inputs: &Tree) -> bool {
        let Ok(site) = std::fs::canonicalize(&self.root) else {
            return false;
        };
        let out = std::fs::canonicalize(self.out).ok();
        inputs.iter().filter(|(_, s)| s.0 == LINK).all(|(rel, _)| {
            let Ok(target) = std::fs::canonicalize(self.root.join(rel)) else {
                return false;
            };
            let Ok(inside) = target.strip_prefix(&site) else {
                return false;
            };
            !inside.starts_with(CACHE_DIR)
                && !inside.components().any(|c| c.as_os_str() == ".git")
                && !out.as_ref().is_some_and(|o| target.starts_with(o))
        })
    }
}

/// What the last build reported.
fn summary(record: Record) -> Summary {
    let (pages, sections, questions, examples) = record.counts;
    let warnings = record
        .warnings
        .into_iter()
        .map(|(file, line, col, message)| {
            Diagnostic::warning(Location { file, line, col }, message)
        })
        .collect();
    Summary {
        pages: record.pages,
        counts: Counts {
            pages,
            sections,
            questions,
            examples,
        },
        warnings,
    }
}

/// What the last build of an output tells the next one.
pub(crate) enum Last {
    /// Nothing changed since: what that build reported.
    Unchanged(Summary),
    /// Something changed, or there is no record: the output files it still vouches for.
    Changed(Vouched),
}

/// The output files of the last build whose bytes are known from their metadata: the
/// hash of what the build put there, for each file not racy then and whose stamp is the
/// same now (not read back).
#[derive(Default)]
pub(crate) struct Vouched(std::collections::HashMap<String, (Stamp, u128)>);

impl Vouched {
    fn of(outputs: Vec<(String, Stamp, String, bool)>) -> Self {
        let known = outputs.into_iter().filter_map(|(path, stamp, hash, racy)| {
            let hash = u128::from_str_radix(&hash, 16).ok().filter(|_| !racy)?;
            Some((path, (stamp, hash)))
        });
        Vouched(known.collect())
    }
}

impl crate::output::Vouch for Vouched {
    fn hash(&self, rel: &str, path: &Path) -> Option<u128> {
        let (stamp, hash) = self.0.get(rel)?;
        let now = Stamp::of(&std::fs::symlink_metadata(path).ok()?)?;
        (now == *stamp).then_some(*hash)
    }
}

/// The stamp of the running quire binary: a rebuilt binary is another renderer.
fn exe_stamp() -> Option<Stamp> {
    let exe = std::env::current_exe().ok()?;
    Stamp::of(&std::fs::metadata(exe).ok()?)
}

/// A file in the cache folder whose times tell the file system's clock.
struct Clock {
    file: std::fs::File,
    /// When the inputs were stamped, by the file system's clock.
    reference: i64,
}

impl Clock {
    fn start(path: &Path) -> Option<Clock> {
        let file = std::fs::File::create(path).ok()?;
        let reference = Self::read(&file)?;
        Some(Clock { file, reference })
    }

    /// The file system's time now: the file is written to, then its times read.
    fn tick(&mut self) -> Option<i64> {
        self.file.write_all(b"\n").ok()?;
        Self::read(&self.file)
    }

    fn read(file: &std::fs::File) -> Option<i64> {
        let stamp = Stamp::of(&file.metadata().ok()?)?;
        Some(stamp.2.max(stamp.3))
    }
}

/// The record of a build under way: its inputs as they were before it read them.
pub(crate) struct Recording<'a> {
    target: &'a Target<'a>,
    tmp: PathBuf,
    exe: Option<Stamp>,
    inputs: Option<Tree>,
    clock: Clock,
}

impl Recording<'_> {
    /// Writes the record once the build has written its output: `hashes` of the files it
    /// put there, `summary` of what it reported. Nothing is recorded when a file of the
    /// output cannot be vouched for.
    pub(crate) fn save(mut self, hashes: &Hashes, summary: &Summary) -> Result<()> {
        let (exe, inputs) = match (self.exe, self.inputs.take()) {
            (Some(exe), Some(inputs)) => (Some(exe), inputs),
            _ => (None, Vec::new()),
        };
        let Some(reference) = self.clock.tick() else {
            return Ok(());
        };
        let Some(found) = walk(self.target.out, &|_, _| false) else {
            return Ok(());
        };
        let mut outputs = Vec::with_capacity(found.len());
        for (path, stamp) in found {
            let hash = hashes.get(&path).map(|h| format!("{h:032x}"));
            let racy = stamp.racy(reference);
            if racy && hash.is_none() {
                return Ok(());
            }
            outputs.push((path, stamp, hash.unwrap_or_default(), racy));
        }
        let c = summary.counts;
        let record = Record {
            version: env!("CARGO_PKG_VERSION").to_string(),
            exe,
            options: self.target.options.clone(),
            out: self.target.out.to_string_lossy().into_owned(),
            inputs,
            outputs,
            pages: summary.pages,
            counts: (c.pages, c.sections, c.questions, c.examples),
            warnings: summary
                .warnings
                .iter()
                .map(|d| {
                    let l = &d.location;
                    (l.file.clone(), l.line, l.col, d.message.clone())
                })
                .collect(),
        };
        let text = serde_json::to_string(&record).unwrap_or_default();
        std::fs::write(&self.tmp, text).map_err(|e| Error::io(&self.tmp, e))?;
        let path = self.target.record_path();
        std::fs::rename(&self.tmp, &path).map_err(|e| Error::io(&path, e))
    }
}

impl Drop for Recording<'_> {
    fn drop(&mut self) {
        // Saved, the file is gone already; otherwise it is no record.
        let _ = std::fs::remove_file(&self.tmp);
    }
}
