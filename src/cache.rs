//! The highlight cache: highlighted code kept between builds, keyed by its content.
//!
//! Key: a 128-bit hash of (quire version, highlighter scheme and syntect version, language,
//! code). The cache lives in `.quire-cache/highlight.bin` next to the site (never inside the
//! output, safe to delete). Every record carries a checksum of its payload: a corrupt,
//! truncated or stale file is detected and ignored, never trusted. A build rewrites the file
//! with exactly the entries it used, so it does not grow without bound.

use std::collections::HashMap;
use std::io::Write;
use std::path::{Path, PathBuf};

use xxhash_rust::xxh3::{xxh3_64, xxh3_128};

use crate::error::{Error, Result};
use crate::highlight;

/// Folder of the cache, relative to the site root.
pub(crate) const CACHE_DIR: &str = ".quire-cache";
const FILE: &str = "highlight.bin";
const MAGIC: &[u8] = b"QUIRE-HIGHLIGHT-CACHE-1\n";

/// Highlighted lines of code blocks, by content key.
#[derive(Debug, Default, Clone)]
pub struct HighlightCache {
    entries: HashMap<u128, String>,
    /// Entries were added or dropped since the cache was loaded (or made).
    changed: bool,
}

/// Lines joined with `\n`: the payload stored per code block.
pub(crate) type Lines = Vec<String>;

impl HighlightCache {
    /// The content key of a code block.
    pub fn key(language: &str, code: &str) -> u128 {
        let mut buf = Vec::with_capacity(code.len() + language.len() + 64);
        for part in [
            env!("CARGO_PKG_VERSION"),
            highlight::scheme_version(),
            language,
        ] {
            buf.extend_from_slice(part.as_bytes());
            buf.push(0);
        }
        buf.extend_from_slice(code.as_bytes());
        xxh3_128(&buf)
    }

    pub fn get(&self, key: u128) -> Option<Lines> {
        let joined = self.entries.get(&key)?;
        Some(if joined.is_empty() {
            Vec::new()
        } else {
            joined.split('\n').map(String::from).collect()
        })
    }

    /// The lines of a block joined with `\n`, without copying.
    pub fn get_joined(&self, key: u128) -> Option<&str> {
        self.entries.get(&key).map(String::as_str)
    }

    pub fn contains(&self, key: u128) -> bool {
        self.entries.contains_key(&key)
    }

    pub fn insert(&mut self, key: u128, lines: &[String]) {
        self.entries.insert(key, lines.join("\n"));
        self.changed = true;
    }

    pub fn len(&self) -> usize {
        self.entries.len()
    }

    pub fn is_empty(&self) -> bool {
        self.entries.is_empty()
    }

    /// Keeps only the entries whose keys are in `used`.
    pub fn retain_keys(&mut self, used: &std::collections::HashSet<u128>) {
        let before = self.entries.len();
        self.entries.retain(|k, _| used.contains(k));
        self.changed |= self.entries.len() != before;
    }

    /// Reads the cache of the site at `root`; a missing or damaged file gives an empty or
    /// partial cache (damaged records are skipped).
    pub fn load(root: &Path) -> Self {
        match std::fs::read(cache_file(root)) {
            Ok(bytes) => Self::decode(&bytes),
            Err(_) => Self::default(),
        }
    }

    /// Writes the cache atomically (temporary file, then rename), unless it is the one that
    /// was loaded and the file is still there.
    pub fn save(&self, root: &Path) -> Result<()> {
        if !self.changed && cache_file(root).is_file() {
            return Ok(());
        }
        let dir = root.join(CACHE_DIR);
        std::fs::create_dir_all(&dir).map_err(|e| Error::io(&dir, e))?;
        let tmp = dir.join(format!("{FILE}.tmp-{}", std::process::id()));
        let path = cache_file(root);
        let mut file =
            std::io::BufWriter::new(std::fs::File::create(&tmp).map_err(|e| Error::io(&tmp, e))?);
        file.write_all(&self.encode())
            .map_err(|e| Error::io(&tmp, e))?;
        file.flush().map_err(|e| Error::io(&tmp, e))?;
        drop(file);
        std::fs::rename(&tmp, &path).map_err(|e| Error::io(&path, e))?;
        let readme = dir.join("README");
        if !readme.exists() {
            let text = "Highlighted code (highlight.bin), the pages of the last build \
                        (pages.json) and its files' metadata (last-build.json), kept between \
                        quire builds. Safe to delete; never published.\n";
            std::fs::write(&readme, text).map_err(|e| Error::io(&readme, e))?;
        }
        Ok(())
    }

    /// Record format: key (16 bytes LE), payload length (4), payload checksum (8), payload.
    fn encode(&self) -> Vec<u8> {
        let mut keys: Vec<&u128> = self.entries.keys().collect();
        keys.sort();
        let size: usize = self.entries.values().map(|v| v.len() + 28).sum();
        let mut out = Vec::with_capacity(MAGIC.len() + size);
        out.extend_from_slice(MAGIC);
        for key in keys {
            let payload = self.entries[key].as_bytes();
            out.extend_from_slice(&key.to_le_bytes());
            out.extend_from_slice(&(payload.len() as u32).to_le_bytes());
            out.extend_from_slice(&xxh3_64(payload).to_le_bytes());
            out.extend_from_slice(payload);
        }
        out
    }

    fn decode(bytes: &[u8]) -> Self {
        let mut cache = Self::default();
        let Some(mut rest) = bytes.strip_prefix(MAGIC) else {
            return cache;
        };
        while rest.len() >= 28 {
            let key = u128::from_le_bytes(rest[..16].try_into().unwrap_or_default());
            let len = u32::from_le_bytes(rest[16..20].try_into().unwrap_or_default()) as usize;
            let sum = u64::from_le_bytes(rest[20..28].try_into().unwrap_or_default());
            let Some(payload) = rest.get(28..28 + len) else {
                break;
            };
            rest = &rest[28 + len..];
            match std::str::from_utf8(payload) {
                Ok(text) if xxh3_64(payload) == sum => {
                    cache.entries.insert(key, text.to_string());
                }
                // A damaged record is dropped, and the file written again without it.
                _ => cache.changed = true,
            }
        }
        cache.changed |= !rest.is_empty();
        cache
    }
}

fn cache_file(root: &Path) -> PathBuf {
    root.join(CACHE_DIR).join(FILE)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn sample() -> HighlightCache {
        let mut c = HighlightCache::default();
        c.insert(
            HighlightCache::key("python", "a = 1"),
            &["a = <span>1</span>".to_string()],
        );
        c.insert(
            HighlightCache::key("python", "b\nc"),
            &["b".to_string(), "c".to_string()],
        );
        c.insert(HighlightCache::key("text", ""), &[]);
        c
    }

    #[test]
    fn round_trips() {
        let c = sample();
        let back = HighlightCache::decode(&c.encode());
        assert_eq!(back.len(), 3);
        assert_eq!(
            back.get(HighlightCache::key("python", "b\nc")).unwrap(),
            ["b", "c"]
        );
        assert_eq!(
            back.get(HighlightCache::key("text", "")).unwrap(),
            Vec::<String>::new()
        );
    }

    #[test]
    fn keys_depend_on_language_and_code() {
        assert_ne!(
            HighlightCache::key("python", "x"),
            HighlightCache::key("bash", "x")
        );
        assert_ne!(
            HighlightCache::key("python", "x"),
            HighlightCache::key("python", "y")
        );
    }

    #[test]
    fn corrupt_records_are_ignored() {
        let mut bytes = sample().encode();
        // Flip a byte inside the first non-empty payload: that record fails its checksum.
        let mut at = MAGIC.len();
        loop {
            let len = u32::from_le_bytes(bytes[at + 16..at + 20].try_into().unwrap()) as usize;
            if len > 0 {
                break;
            }
            at += 28;
        }
        bytes[at + 28] ^= 0xff;
        let back = HighlightCache::decode(&bytes);
        assert_eq!(back.len(), 2);
        // Truncation drops the tail, never panics.
        let cut = HighlightCache::decode(&bytes[..bytes.len() - 3]);
        assert!(cut.len() <= 2);
        // Another format or garbage: empty.
        assert!(HighlightCache::decode(b"garbage").is_empty());
        assert!(HighlightCache::decode(&[]).is_empty());
    }
}
