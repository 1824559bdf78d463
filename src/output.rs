//! Writing the site: into a temporary sibling folder, swapped in only when complete, so a
//! failed build leaves the previous output byte-for-byte as it was. quire only ever
//! replaces a folder it created (marked by [`MARKER`]).

use std::path::{Path, PathBuf};

use rayon::prelude::*;

use crate::error::{Error, Result};

/// File quire leaves in every output folder it creates.
pub const MARKER: &str = ".quire-output";

/// Refuses output folders that would destroy something: the site root, `content/` (or a
/// folder holding them), or a non-empty folder quire did not create.
pub fn check_output_dir(root: &Path, out: &Path) -> Result<()> {
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
fn absolute(path: &Path) -> PathBuf {
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

/// Writes `files` to `out` atomically: build a sibling, then swap.
pub fn write_output(out: &Path, files: &crate::render::Files) -> Result<()> {
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
    let _ = std::fs::remove_dir_all(&tmp);
    let result = write_tree(&tmp, files).and_then(|()| swap(&tmp, &out, &old));
    if result.is_err() {
        let _ = std::fs::remove_dir_all(&tmp);
    }
    result
}

fn write_tree(dir: &Path, files: &crate::render::Files) -> Result<()> {
    let mut dirs: Vec<PathBuf> = files
        .keys()
        .filter_map(|k| Path::new(k).parent().map(|p| dir.join(p)))
        .collect();
    dirs.sort();
    dirs.dedup();
    std::fs::create_dir_all(dir).map_err(|e| Error::io(dir, e))?;
    for d in &dirs {
        std::fs::create_dir_all(d).map_err(|e| Error::io(d, e))?;
    }
    files.par_iter().try_for_each(|(rel, bytes)| {
        let path = dir.join(rel);
        std::fs::write(&path, bytes.as_slice()).map_err(|e| Error::io(&path, e))
    })?;
    let marker = dir.join(MARKER);
    std::fs::write(
        &marker,
        b"This folder is written by quire build and replaced on every build.\n",
    )
    .map_err(|e| Error::io(&marker, e))
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
        let _ = std::fs::remove_dir_all(old);
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

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
        let mut files = crate::render::Files::new();
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
}
