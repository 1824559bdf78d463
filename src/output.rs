//! Writing the site: into a temporary sibling folder, swapped in only when complete, so a
//! failed build leaves the previous output byte-for-byte as it was. quire only ever
//! replaces a folder it created (marked by [`MARKER`]). A build whose every file the
//! previous output already holds, and nothing more, writes nothing at all: the staging
//! folder is made only once a file differs.

use std::collections::{BTreeMap, HashMap, HashSet};
use std::path::{Path, PathBuf};
use std::sync::Mutex;

use rayon::prelude::*;

use crate::error::{Error, Result};

/// The bytes of one output file, shared (not copied) between successive builds of `serve`,
/// its snapshots, and the pages a rebuild reuses.
pub(crate) type Body = std::sync::Arc<Vec<u8>>;

/// A site in memory: site-relative path → bytes.
pub(crate) type Files = BTreeMap<String, Body>;

/// One file of a build.
#[derive(Debug, Clone)]
pub(crate) enum File {
    /// Made and held in memory ([`Staging::finish`] writes it when the build writes).
    Bytes(Body),
    /// Already in the staging folder: written as it was made, or taken from the previous
    /// output unchanged. Only its name is kept (it counts in summaries and clash checks).
    Written,
}

impl From<Body> for File {
    fn from(bytes: Body) -> Self {
        File::Bytes(bytes)
    }
}

impl From<Vec<u8>> for File {
    fn from(bytes: Vec<u8>) -> Self {
        File::Bytes(bytes.into())
    }
}

/// The files of a build, by site-relative path.
pub(crate) type BuildFiles = BTreeMap<String, File>;

/// A build's files as a site in memory. A build that does not write (no staging) holds
/// every file's bytes; the files a writing build has written are not in memory to give.
///
/// `serve` holds these until a later build replaces them, so they are copied apart from the
/// build's temporaries ([`crate::keep`]), each file made by this build at its exact size (a
/// page grown by doubling carries up to as much again unused: 30 MiB of 70 at 100x). A file
/// shared with the last build or a session memo is already kept.
pub(crate) fn in_memory(made: BuildFiles) -> Files {
    crate::keep::kept(|| {
        made.into_iter()
            .filter_map(|(path, file)| match file {
                File::Bytes(bytes) => {
                    let bytes = if std::sync::Arc::strong_count(&bytes) == 1 {
                        std::sync::Arc::new(bytes.as_slice().to_vec())
                    } else {
                        bytes
                    };
                    Some((path.as_str().to_owned(), bytes))
                }
                File::Written => None,
            })
            .collect()
    })
}

/// File quire leaves in every output folder it creates.
pub(crate) const MARKER: &str = ".quire-output";

/// What [`MARKER`] says.
const MARKER_TEXT: &[u8] = b"This folder is written by quire build and replaced on every build.\n";

/// The hash of the bytes of every file a build put into its output ([`Staging::finish`]),
/// by site-relative path.
pub(crate) type Hashes = HashMap<String, u128>;

/// Refuses output folders that would destroy something: the site root, `content/` (or a
/// folder holding them), or a non-empty folder quire did not create.
pub(crate) fn check_output_dir(root: &Path, out: &Path) -> Result<()> {
    let unsafe_out = |reason: &str| {
        Err(Error::UnsafeOutput {
            path: out.to_path_buf(),
            reason: reason.to_string(),
        })
    };
    let root_abs = absolute(root);
    let out_abs = absolute(out);
    if out_abs == root_abs || root_abs.starts_with(&out_abs) {
        return unsafe_out("it is the site root or holds it; choose a sub-folder such as public/");
    }
    for protected in ["content", "templates", "static"] {
        let p = root_abs.join(protected);
        if out_abs.starts_with(&p) {
            return unsafe_out(&format!(
                "it is inside {protected}/; choose a folder such as public/"
            ));
        }
    }
    if out_abs.is_file() {
        return unsafe_out("it is a file");
    }
    if out_abs.is_dir() && !out_abs.join(MARKER).exists() {
        let non_empty = std::fs::read_dir(&out_abs)
            .map_err(|e| Error::io(&out_abs, e))?
            .next()
            .is_some();
        if non_empty {
            return unsafe_out(
                "it is a non-empty folder quire did not create; empty it or choose another --out",
            );
        }
    }
    Ok(())
}

/// `path` made absolute and normalised lexically (no filesystem access needed).
pub(crate) fn absolute(path: &Path) -> PathBuf {
    let base = if path.is_absolute() {
        PathBuf::new()
    } else {
        std::env::current_dir().unwrap_or_default()
    };
    let mut out = PathBuf::new();
    for comp in base.join(path).components() {
        match comp {
            std::path::Component::ParentDir => {
                out.pop();
            }
            std::path::Component::CurDir => {}
            c => out.push(c),
        }
    }
    out
}

/// What a build knows of the previous output's files without reading them: the hash of
/// the bytes of a file whose metadata is as the last build recorded it.
pub(crate) trait Vouch: Send + Sync {
    /// The hash of the bytes of `path` (the previous output's `rel`), when known.
    fn hash(&self, rel: &str, path: &Path) -> Option<u128>;
}

/// A build's output while it is being written: a temporary sibling folder of the output.
/// Files can be put into it as soon as they are made (so a large site is never held in
/// memory whole); [`Staging::finish`] writes the rest and swaps it in. Dropped unfinished
/// (a failed build), it is removed and the previous output is untouched.
pub(crate) struct Staging {
    tmp: PathBuf,
    out: PathBuf,
    old: PathBuf,
    /// The output being replaced, when it is quire's: its unchanged files are linked.
    previous: Option<PathBuf>,
    made: Mutex<Made>,
    finished: bool,
    /// Hashes of the previous output's files known without reading them.
    vouched: Option<Box<dyn Vouch>>,
}

/// What a [`Staging`] has done so far.
#[derive(Default)]
struct Made {
    /// Folders created in the staging folder.
    dirs: HashSet<PathBuf>,
    /// Every file put, written or not.
    files: HashSet<String>,
    /// Whether the staging folder exists: not until a file differs from the previous output.
    started: bool,
    /// Files the previous output holds as they are, not linked yet (before `started`).
    unchanged: Vec<String>,
    /// The hash of every file put, of the bytes it holds.
    hashes: Hashes,
}

impl Staging {
    pub(crate) fn new(out: &Path) -> Result<Staging> {
        let out = absolute(out);
        let parent = out
            .parent()
            .map(Path::to_path_buf)
            .unwrap_or_else(|| PathBuf::from("."));
        std::fs::create_dir_all(&parent).map_err(|e| Error::io(&parent, e))?;
        let name = out
            .file_name()
            .map(|n| n.to_string_lossy().into_owned())
            .unwrap_or_else(|| "public".into());
        let tmp = parent.join(format!(".{name}.quire-new-{}", std::process::id()));
        let old = parent.join(format!(".{name}.quire-old-{}", std::process::id()));
        // Temporary folders of builds that were killed are removed; live ones are left.
        remove_stale(&parent, &name);
        let previous = out.join(MARKER).is_file().then(|| out.clone());
        Ok(Staging {
            tmp,
            out,
            old,
            previous,
            made: Mutex::default(),
            finished: false,
            vouched: None,
        })
    }

    /// Takes the previous output's files whose hashes `vouched` knows without reading them.
    pub(crate) fn vouched_by(mut self, vouched: Option<Box<dyn Vouch>>) -> Self {
        self.vouched = vouched;
        self
    }

    /// Whether the previous output's `rel` (at `prev`) holds bytes of the hash `hash`
    /// (`bytes`, when the caller has them): from the record of its metadata, else read.
    fn previous_holds(&self, rel: &str, prev: &Path, hash: u128, bytes: Option<&[u8]>) -> bool {
        if let Some(known) = self.vouched.as_ref().and_then(|v| v.hash(rel, prev)) {
            return known == hash;
        }
        match bytes {
            Some(bytes) => same_bytes(prev, bytes),
            None => std::fs::read(prev).is_ok_and(|b| crate::previous::bytes_hash(&b) == hash),
        }
    }

    /// Writes one file now (from any thread); [`Staging::finish`] will not write it again.
    pub(crate) fn put(&self, rel: &str, bytes: &[u8]) -> Result<()> {
        let hash = crate::previous::bytes_hash(bytes);
        self.lock().hashes.insert(rel.to_string(), hash);
        // A file the previous output holds byte for byte is hard-linked: no data written,
        // no inode allocated (a large site rebuilt every few seconds would otherwise make
        // the file system search for free inodes among the ones just deleted).
        if let Some(prev) = self.previous.as_ref().map(|p| p.join(rel))
            && self.previous_holds(rel, &prev, hash, Some(bytes))
            && self.unchanged(rel)?
        {
            return Ok(());
        }
        let path = self.claim(rel)?;
        std::fs::write(&path, bytes).map_err(|e| Error::io(&path, e))
    }

    /// Takes the previous output's `rel` as this build's: linked now when the staging folder
    /// exists, else noted for later. False when linking failed (the file is to be written).
    fn unchanged(&self, rel: &str) -> Result<bool> {
        let mut made = self.lock();
        made.files.insert(rel.to_string());
        if !made.started {
            made.unchanged.push(rel.to_string());
            return Ok(true);
        }
        drop(made);
        let path = self.claim(rel)?;
        let prev = self.out.join(rel);
        Ok(std::fs::hard_link(&prev, &path).is_ok())
    }

    fn lock(&self) -> std::sync::MutexGuard<'_, Made> {
        self.made.lock().unwrap_or_else(|e| e.into_inner())
    }

    /// Takes the previous output's `rel` when its bytes hash to `hash` (what this build
    /// would write): true when it did, false when the file is gone or differs.
    pub(crate) fn keep_previous(&self, rel: &str, hash: u128) -> Result<bool> {
        let Some(prev) = self.previous.as_ref().map(|p| p.join(rel)) else {
            return Ok(false);
        };
        if !self.previous_holds(rel, &prev, hash, None) {
            return Ok(false);
        }
        self.lock().hashes.insert(rel.to_string(), hash);
        if !self.unchanged(rel)? {
            // Not linked: copied, as long as it still holds those bytes.
            let bytes = std::fs::read(&prev).map_err(|e| Error::io(&prev, e))?;
            if crate::previous::bytes_hash(&bytes) != hash {
                return Ok(false);
            }
            let path = self.claim(rel)?;
            std::fs::write(&path, &bytes).map_err(|e| Error::io(&path, e))?;
        }
        Ok(true)
    }

    /// Records `rel` as written by now and makes its folder: its path in the staging folder.
    fn claim(&self, rel: &str) -> Result<PathBuf> {
        // New folders are created under the lock, so no thread writes into one before it
        // exists; there are few folders, so this rarely waits.
        let mut made = self.lock();
        made.files.insert(rel.to_string());
        if !made.started {
            // The first file that differs: the staging folder starts, with the unchanged
            // files noted so far.
            let _ = std::fs::remove_dir_all(&self.tmp);
            std::fs::create_dir_all(&self.tmp).map_err(|e| Error::io(&self.tmp, e))?;
            made.started = true;
            for kept in std::mem::take(&mut made.unchanged) {
                let path = self.folder_of(&mut made, &kept)?;
                if std::fs::hard_link(self.out.join(&kept), &path).is_err() {
                    std::fs::copy(self.out.join(&kept), &path).map_err(|e| Error::io(&path, e))?;
                }
            }
        }
        self.folder_of(&mut made, rel)
    }

    /// `rel`'s path in the staging folder, its folder made.
    fn folder_of(&self, made: &mut Made, rel: &str) -> Result<PathBuf> {
        let path = self.tmp.join(rel);
        if let Some(dir) = path.parent()
            && !made.dirs.contains(dir)
        {
            std::fs::create_dir_all(dir).map_err(|e| Error::io(dir, e))?;
            made.dirs.insert(dir.to_path_buf());
        }
        Ok(path)
    }

    /// Writes the files of `files` not put already, marks the folder as quire's, and swaps
    /// it in place of the output: the hash of every file it put (the marker's too when it
    /// wrote it).
    pub(crate) fn finish(mut self, files: &BuildFiles) -> Result<Hashes> {
        let put = std::mem::take(&mut self.lock().files);
        let rest: Vec<(&String, &Body)> = files
            .iter()
            .filter_map(|(k, f)| match f {
                File::Bytes(bytes) if !put.contains(k) => Some((k, bytes)),
                _ => None,
            })
            .collect();
        rest.par_iter()
            .try_for_each(|(rel, bytes)| self.put(rel, bytes))?;
        let started = self.lock().started;
        if !started {
            if self.previous_is(files) {
                // Every file is the previous output's, and it holds nothing else.
                self.finished = true;
                return Ok(std::mem::take(&mut self.lock().hashes));
            }
            // Files are gone since the last build: start the staging folder to drop them.
            self.claim(MARKER)?;
        }
        let marker = self.tmp.join(MARKER);
        std::fs::write(&marker, MARKER_TEXT).map_err(|e| Error::io(&marker, e))?;
        swap(&self.tmp, &self.out, &self.old)?;
        self.finished = true;
        let mut hashes = std::mem::take(&mut self.lock().hashes);
        hashes.insert(MARKER.to_string(), crate::previous::bytes_hash(MARKER_TEXT));
        Ok(hashes)
    }
}

impl Staging {
    /// True when the previous output holds exactly the files (and the folders) of `files`
    /// and its marker.
    fn previous_is(&self, files: &BuildFiles) -> bool {
        let Some(prev) = &self.previous else {
            return false;
        };
        let mut found = Vec::with_capacity(files.len() + 1);
        let mut dirs = HashSet::new();
        if !list_tree(prev, "", &mut found, &mut dirs) {
            return false;
        }
        let wanted_dirs: HashSet<&str> = files
            .keys()
            .filter_map(|k| k.rsplit_once('/').map(|(dir, _)| dir))
            .flat_map(|dir| dir.match_indices('/').map(|(i, _)| &dir[..i]).chain([dir]))
            .collect();
        found.len() == files.len() + 1
            && found
                .iter()
                .all(|f| f == MARKER || files.contains_key(f.as_str()))
            && dirs.len() == wanted_dirs.len()
            && dirs.iter().all(|d| wanted_dirs.contains(d.as_str()))
    }
}

/// Every file under `dir` as a path relative to it (`/`-separated), and every folder;
/// false when a folder cannot be read or holds something that is neither.
fn list_tree(dir: &Path, rel: &str, files: &mut Vec<String>, dirs: &mut HashSet<String>) -> bool {
    let Ok(entries) = std::fs::read_dir(dir) else {
        return false;
    };
    for entry in entries {
        let Ok(entry) = entry else {
            return false;
        };
        let name = entry.file_name().to_string_lossy().into_owned();
        let path = if rel.is_empty() {
            name
        } else {
            format!("{rel}/{name}")
        };
        match entry.file_type() {
            Ok(t) if t.is_dir() => {
                if !list_tree(&entry.path(), &path, files, dirs) {
                    return false;
                }
                dirs.insert(path);
            }
            Ok(t) if t.is_file() => files.push(path),
            _ => return false,
        }
    }
    true
}

/// A generated file as an entry of the build's file map: with `staging` it is written now
/// (and kept as [`File::Written`]).
pub(crate) fn keep(staging: Option<&Staging>, path: String, bytes: Body) -> Result<(String, File)> {
    match staging {
        Some(staging) => {
            staging.put(&path, &bytes)?;
            Ok((path, File::Written))
        }
        None => Ok((path, File::Bytes(bytes))),
    }
}

/// True when the regular file `path` holds exactly `bytes`.
fn same_bytes(path: &Path, bytes: &[u8]) -> bool {
    std::fs::symlink_metadata(path).is_ok_and(|m| m.is_file() && m.len() == bytes.len() as u64)
        && std::fs::read(path).is_ok_and(|b| b == bytes)
}

impl Drop for Staging {
    fn drop(&mut self) {
        if !self.finished {
            let _ = std::fs::remove_dir_all(&self.tmp);
        }
    }
}

/// Removes the staging folders of earlier builds of `out` that were killed (a build that
/// writes does so as it starts: see [`Staging::new`]).
pub(crate) fn remove_stale_builds(out: &Path) {
    if let (Some(parent), Some(name)) = (out.parent(), out.file_name()) {
        remove_stale(parent, &name.to_string_lossy());
    }
}

/// Removes the staging folders of builds of `name` that were killed (their process is gone):
/// a killed build cannot clean up after itself. A folder whose process is still running is
/// another build at work on the same output, and is left alone.
fn remove_stale(parent: &Path, name: &str) {
    let Ok(entries) = std::fs::read_dir(parent) else {
        return;
    };
    let prefixes = [format!(".{name}.quire-new-"), format!(".{name}.quire-old-")];
    for entry in entries.flatten() {
        let file_name = entry.file_name();
        let Some(file_name) = file_name.to_str() else {
            continue;
        };
        let pid = prefixes
            .iter()
            .find_map(|p| file_name.strip_prefix(p.as_str()))
            .and_then(|pid| pid.parse::<u32>().ok());
        if let Some(pid) = pid
            && pid != std::process::id()
            && !process_alive(pid)
        {
            remove_tree(&entry.path());
        }
    }
}

/// Whether a process `pid` exists (on doubt: yes, so that nothing in use is removed).
#[cfg(unix)]
fn process_alive(pid: u32) -> bool {
    let Ok(pid) = libc::pid_t::try_from(pid) else {
        return true;
    };
    // SAFETY: signal 0 only checks that the process exists; nothing is sent.
    let r = unsafe { libc::kill(pid, 0) };
    r == 0 || std::io::Error::last_os_error().raw_os_error() != Some(libc::ESRCH)
}

#[cfg(not(unix))]
fn process_alive(_pid: u32) -> bool {
    true
}

fn swap(tmp: &Path, out: &Path, old: &Path) -> Result<()> {
    let had_old = out.exists();
    if had_old {
        std::fs::rename(out, old).map_err(|e| Error::io(out, e))?;
    }
    if let Err(e) = std::fs::rename(tmp, out) {
        if had_old {
            let _ = std::fs::rename(old, out);
        }
        return Err(Error::io(out, e));
    }
    if had_old {
        remove_tree(old);
    }
    Ok(())
}

/// Removes the previous output, its entries in parallel (a big site's old output holds
/// thousands of files). Best effort: what is left is only clutter, named as quire's.
fn remove_tree(dir: &Path) {
    if let Ok(entries) = std::fs::read_dir(dir) {
        let entries: Vec<_> = entries.flatten().collect();
        entries.par_iter().for_each(|entry| {
            let path = entry.path();
            match entry.file_type() {
                Ok(t) if t.is_dir() => remove_tree(&path),
                _ => {
                    let _ = std::fs::remove_file(&path);
                }
            }
        });
    }
    let _ = std::fs::remove_dir(dir);
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Writes `files` to `out` atomically, as a build does.
    fn write_output(out: &Path, files: &BuildFiles) -> Result<()> {
        Staging::new(out)?.finish(files).map(drop)
    }

    #[test]
    fn refuses_dangerous_folders() {
        let dir = tempfile::tempdir().unwrap();
        let root = dir.path();
        std::fs::create_dir_all(root.join("content")).unwrap();
        assert!(check_output_dir(root, root).is_err());
        assert!(check_output_dir(root, &root.join("content")).is_err());
        assert!(check_output_dir(root, &root.join("content/x")).is_err());
        assert!(check_output_dir(root, &root.join("public")).is_ok());
        std::fs::create_dir_all(root.join("docs")).unwrap();
        std::fs::write(root.join("docs/keep.txt"), "mine").unwrap();
        let err = check_output_dir(root, &root.join("docs"))
            .unwrap_err()
            .to_string();
        assert!(err.contains("did not create"), "{err}");
    }

    #[test]
    fn writes_and_replaces_atomically() {
        let dir = tempfile::tempdir().unwrap();
        let out = dir.path().join("public");
        let mut files = BuildFiles::new();
        files.insert("a/b.html".to_string(), b"one".to_vec().into());
        write_output(&out, &files).unwrap();
        assert_eq!(std::fs::read(out.join("a/b.html")).unwrap(), b"one");
        assert!(out.join(MARKER).exists());
        files.clear();
        files.insert("c.html".to_string(), b"two".to_vec().into());
        write_output(&out, &files).unwrap();
        assert!(!out.join("a/b.html").exists());
        assert_eq!(std::fs::read(out.join("c.html")).unwrap(), b"two");
        let leftovers: Vec<_> = std::fs::read_dir(dir.path()).unwrap().collect();
        assert_eq!(leftovers.len(), 1);
    }

    #[test]
    fn a_rebuild_links_unchanged_files_and_rewrites_changed_ones() {
        let dir = tempfile::tempdir().unwrap();
        let out = dir.path().join("public");
        let files = |pairs: &[(&str, &str)]| -> BuildFiles {
            pairs
                .iter()
                .map(|(k, v)| (k.to_string(), v.as_bytes().to_vec().into()))
                .collect()
        };
        write_output(
            &out,
            &files(&[("a.html", "same"), ("b.html", "old!"), ("q/c.html", "c")]),
        )
        .unwrap();
        // A file changed by hand since (same length): never taken as unchanged.
        std::fs::write(out.join("q/c.html"), "x").unwrap();
        let staging = Staging::new(&out).unwrap();
        staging.put("q/c.html", b"c").unwrap();
        staging
            .finish(&files(&[
                ("a.html", "same"),
                ("b.html", "new!"),
                ("q/c.html", ""),
            ]))
            .unwrap();
        assert_eq!(std::fs::read(out.join("a.html")).unwrap(), b"same");
        assert_eq!(std::fs::read(out.join("b.html")).unwrap(), b"new!");
        assert_eq!(std::fs::read(out.join("q/c.html")).unwrap(), b"c");
        let leftovers: Vec<_> = std::fs::read_dir(dir.path()).unwrap().collect();
        assert_eq!(leftovers.len(), 1, "no staging or old folder left behind");
    }

    #[test]
    fn a_rebuild_with_nothing_changed_leaves_the_output_folder_alone() {
        use std::os::unix::fs::MetadataExt;
        let dir = tempfile::tempdir().unwrap();
        let out = dir.path().join("public");
        let files = |pairs: &[(&str, &str)]| -> BuildFiles {
            pairs
                .iter()
                .map(|(k, v)| (k.to_string(), v.as_bytes().to_vec().into()))
                .collect()
        };
        let site = files(&[("a.html", "same"), ("q/c.html", "c")]);
        write_output(&out, &site).unwrap();
        let inode = |p: &str| std::fs::metadata(out.join(p)).unwrap().ino();
        let (a, c, folder) = (inode("a.html"), inode("q/c.html"), inode(""));
        let staging = Staging::new(&out).unwrap();
        staging.put("q/c.html", b"c").unwrap();
        staging.finish(&site).unwrap();
        assert_eq!(
            (inode("a.html"), inode("q/c.html"), inode("")),
            (a, c, folder),
            "the same files, not new links in a new folder"
        );
        // A file fewer, or a folder the build no longer makes: the output follows.
        std::fs::create_dir(out.join("empty")).unwrap();
        write_output(&out, &site).unwrap();
        assert!(!out.join("empty").exists());
        write_output(&out, &files(&[("a.html", "same")])).unwrap();
        assert!(!out.join("q").exists());
        assert_eq!(std::fs::read(out.join("a.html")).unwrap(), b"same");
        let leftovers: Vec<_> = std::fs::read_dir(dir.path()).unwrap().collect();
        assert_eq!(leftovers.len(), 1, "no staging or old folder left behind");
    }

    /// Vouches for one file's hash, whatever the file holds.
    struct VouchFor(&'static str, &'static [u8]);

    impl Vouch for VouchFor {
        fn hash(&self, rel: &str, _path: &Path) -> Option<u128> {
            (rel == self.0).then(|| crate::previous::bytes_hash(self.1))
        }
    }

    #[test]
    fn a_file_vouched_for_is_not_read_back() {
        let dir = tempfile::tempdir().unwrap();
        let out = dir.path().join("public");
        let site = |a: &str, b: &str| -> BuildFiles {
            [("a.html", a), ("b.html", b)]
                .iter()
                .map(|(k, v)| (k.to_string(), v.as_bytes().to_vec().into()))
                .collect()
        };
        write_output(&out, &site("old a", "old b")).unwrap();
        // The record says a.html holds "new a" (it does not: were it read, it would be
        // written again); b.html is not vouched for, so it is read, found old, and written.
        let vouched = Some(Box::new(VouchFor("a.html", b"new a")) as Box<dyn Vouch>);
        let staging = Staging::new(&out).unwrap().vouched_by(vouched);
        assert!(
            staging
                .keep_previous("a.html", crate::previous::bytes_hash(b"new a"))
                .unwrap()
        );
        staging.finish(&site("new a", "new b")).unwrap();
        assert_eq!(std::fs::read(out.join("a.html")).unwrap(), b"old a");
        assert_eq!(std::fs::read(out.join("b.html")).unwrap(), b"new b");
        // Not vouched for and changed: read back, found different, made again.
        let staging = Staging::new(&out).unwrap();
        let hash = crate::previous::bytes_hash(b"new a");
        assert!(!staging.keep_previous("a.html", hash).unwrap());
    }

    #[test]
    fn an_unfinished_staging_leaves_the_previous_output_as_it_was() {
        let dir = tempfile::tempdir().unwrap();
        let out = dir.path().join("public");
        let mut files = BuildFiles::new();
        files.insert("a.html".to_string(), b"one".to_vec().into());
        write_output(&out, &files).unwrap();
        {
            let staging = Staging::new(&out).unwrap();
            staging.put("a.html", b"two").unwrap();
            staging.put("b/c.html", b"three").unwrap();
            // Dropped without finish: a failed build.
        }
        assert_eq!(std::fs::read(out.join("a.html")).unwrap(), b"one");
        assert!(!out.join("b").exists());
        let leftovers: Vec<_> = std::fs::read_dir(dir.path()).unwrap().collect();
        assert_eq!(leftovers.len(), 1);
    }
}
