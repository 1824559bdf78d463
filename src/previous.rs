//! What the last `quire build` wrote, so the next one renders only what changed: for every
//! chapter and share page, the fingerprint it was made from (its content, its share keys and
//! its fragment script, under the same navigation, templates and configuration) and a hash
//! of its bytes. A page whose fingerprint is unchanged is hard-linked from the previous
//! output, once the file there is checked to still hold those bytes (a file edited by hand
//! is rendered again).
//!
//! Kept in `.quire-cache/pages.json` beside the highlight cache: safe to delete, ignored by
//! `--no-cache`, and for one output folder only (the last one built).

use std::collections::HashMap;
use std::path::Path;
use std::sync::Mutex;

use serde::{Deserialize, Serialize};
use xxhash_rust::xxh3::Xxh3;

use crate::cache::CACHE_DIR;
use crate::error::{Error, Result};

const FILE: &str = "pages.json";

/// The pages of the previous build of one output folder.
#[derive(Debug, Default)]
pub(crate) struct PreviousPages {
    frame: u128,
    /// Url → (fingerprint, hash of the bytes written).
    pages: HashMap<String, (u128, u128)>,
}

#[derive(Serialize, Deserialize)]
struct Stored {
    /// quire's version: another version may render the same input differently.
    version: String,
    /// The output folder these pages were written to.
    out: String,
    frame: String,
    /// `[url, fingerprint, bytes hash]`, hashes in hex.
    pages: Vec<(String, String, String)>,
}

fn hex(n: u128) -> String {
    format!("{n:032x}")
}

fn unhex(s: &str) -> Option<u128> {
    u128::from_str_radix(s, 16).ok()
}

impl PreviousPages {
    /// What the last build of `out` recorded for the site at `root`; empty when there is no
    /// record, it is damaged, or it is for another output folder or quire version.
    pub(crate) fn load(root: &Path, out: &Path) -> Self {
        let Ok(text) = std::fs::read_to_string(root.join(CACHE_DIR).join(FILE)) else {
            return Self::default();
        };
        let Ok(stored) = serde_json::from_str::<Stored>(&text) else {
            return Self::default();
        };
        if stored.version != env!("CARGO_PKG_VERSION") || stored.out != out.to_string_lossy() {
            return Self::default();
        }
        let pages = stored
            .pages
            .iter()
            .filter_map(|(url, key, hash)| Some((url.clone(), (unhex(key)?, unhex(hash)?))))
            .collect();
        Self {
            frame: unhex(&stored.frame).unwrap_or_default(),
            pages,
        }
    }

    /// The same pages when they were made under `frame` (navigation, templates and
    /// configuration), else none.
    pub(crate) fn under_frame(&self, frame: u128) -> Option<&Self> {
        (self.frame == frame && !self.pages.is_empty()).then_some(self)
    }

    /// The hash of the bytes the previous build wrote for `url`, when it made them from the
    /// fingerprint `key`.
    pub(crate) fn bytes_hash(&self, url: &str, key: u128) -> Option<u128> {
        self.pages
            .get(url)
            .filter(|(k, _)| *k == key)
            .map(|(_, hash)| *hash)
    }
}

/// The fingerprint a page is recorded under: its content fingerprint and the fragment
/// script it carries.
pub(crate) fn page_key(fingerprint: u128, script: Option<&str>) -> u128 {
    let mut h = Xxh3::new();
    h.update(&fingerprint.to_le_bytes());
    h.update(script.unwrap_or("\u{0}").as_bytes());
    h.digest128()
}

/// The hash recorded for a page's bytes.
pub(crate) fn bytes_hash(bytes: &[u8]) -> u128 {
    xxhash_rust::xxh3::xxh3_128(bytes)
}

/// The pages of this build, collected from the threads that render them.
#[derive(Debug, Default)]
pub(crate) struct Recorder(Mutex<Vec<(String, u128, u128)>>);

impl Recorder {
    pub(crate) fn record(&self, url: &str, key: u128, hash: u128) {
        if let Ok(mut pages) = self.0.lock() {
            pages.push((url.to_string(), key, hash));
        }
    }

    /// The key each page was made under, by url (the record a session keeps in memory).
    pub(crate) fn into_keys(self) -> HashMap<String, u128> {
        let pages = self.0.into_inner().unwrap_or_else(|e| e.into_inner());
        pages.into_iter().map(|(url, key, _)| (url, key)).collect()
    }

    /// Writes the record of this build of `out` (made under `frame`) for the next one.
    pub(crate) fn save(self, root: &Path, out: &Path, frame: u128) -> Result<()> {
        let mut pages = self.0.into_inner().unwrap_or_else(|e| e.into_inner());
        pages.sort();
        let stored = Stored {
            version: env!("CARGO_PKG_VERSION").to_string(),
            out: out.to_string_lossy().into_owned(),
            frame: hex(frame),
            pages: pages
                .into_iter()
                .map(|(url, key, hash)| (url, hex(key), hex(hash)))
                .collect(),
        };
        let dir = root.join(CACHE_DIR);
        std::fs::create_dir_all(&dir).map_err(|e| Error::io(&dir, e))?;
        let path = dir.join(FILE);
        let tmp = dir.join(format!("{FILE}.tmp-{}", std::process::id()));
        let text = serde_json::to_string(&stored).unwrap_or_default();
        std::fs::write(&tmp, text).map_err(|e| Error::io(&tmp, e))?;
        std::fs::rename(&tmp, &path).map_err(|e| Error::io(&path, e))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_record_round_trips_for_its_own_output_only() {
        let dir = tempfile::tempdir().unwrap();
        let out = dir.path().join("public");
        let recorder = Recorder::default();
        recorder.record("a.html", 7, 42);
        recorder.save(dir.path(), &out, 3).unwrap();
        let loaded = PreviousPages::load(dir.path(), &out);
        let pages = loaded.under_frame(3).expect("same frame");
        assert_eq!(pages.bytes_hash("a.html", 7), Some(42));
        assert_eq!(pages.bytes_hash("a.html", 8), None, "another fingerprint");
        assert!(loaded.under_frame(4).is_none(), "another frame");
        let other = PreviousPages::load(dir.path(), &dir.path().join("elsewhere"));
        assert!(other.under_frame(3).is_none(), "another output folder");
        std::fs::write(dir.path().join(CACHE_DIR).join(FILE), "{not json").unwrap();
        assert!(
            PreviousPages::load(dir.path(), &out)
                .under_frame(3)
                .is_none()
        );
    }
}
