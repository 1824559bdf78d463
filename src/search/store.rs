//! The search memo of a small site kept between `quire build`s, in
//! `.quire-cache/search.bin` beside the highlight cache: the tokenized runs of documents,
//! their JSON rows and the last index, so that a rebuild after an edit patches the index
//! (as `quire serve` does) instead of tokenizing every page again.
//!
//! The file starts with a magic line, quire's version and a checksum of the payload (a
//! `bincode` encoding, the format syntect already uses for its grammars); a file that is
//! damaged, from another version or unreadable is ignored, never trusted.

use std::path::{Path, PathBuf};
use std::sync::Arc;

use serde::{Deserialize, Serialize};
use xxhash_rust::xxh3::xxh3_64;

use super::index::{Partial, SearchMemo};
use super::patch::LastIndex;
use super::shard::Rows;
use crate::error::{Error, Result};

const FILE: &str = "search.bin";
const MAGIC: &[u8] = b"QUIRE-SEARCH-MEMO-1\n";

#[derive(Serialize)]
struct Saved<'a> {
    runs: Vec<(u128, &'a Partial)>,
    rows: Vec<(u128, &'a Rows)>,
    last: Option<&'a LastIndex>,
}

#[derive(Deserialize)]
struct Loaded {
    runs: Vec<(u128, Partial)>,
    rows: Vec<(u128, Rows)>,
    last: Option<LastIndex>,
}

fn file(root: &Path) -> PathBuf {
    root.join(crate::cache::CACHE_DIR).join(FILE)
}

/// The header: magic, quire's version, then the payload's checksum.
fn header() -> Vec<u8> {
    let mut out = MAGIC.to_vec();
    out.extend_from_slice(env!("CARGO_PKG_VERSION").as_bytes());
    out.push(b'\n');
    out
}

/// The memo `encode` wrote, or None for anything else.
fn decode(bytes: &[u8]) -> Option<SearchMemo> {
    let rest = bytes.strip_prefix(header().as_slice())?;
    let (sum, payload) = rest.split_first_chunk::<8>()?;
    if u64::from_le_bytes(*sum) != xxh3_64(payload) {
        return None;
    }
    let loaded: Loaded = bincode::deserialize(payload).ok()?;
    let mut memo = SearchMemo::default();
    memo.runs = loaded
        .runs
        .into_iter()
        .map(|(k, p)| (k, Arc::new(p)))
        .collect();
    memo.rows = loaded
        .rows
        .into_iter()
        .map(|(k, r)| (k, Arc::new(r)))
        .collect();
    memo.last = loaded.last;
    Some(memo)
}

fn encode(memo: &SearchMemo) -> Option<Vec<u8>> {
    let saved = Saved {
        runs: memo.runs.iter().map(|(k, p)| (*k, p.as_ref())).collect(),
        rows: memo.rows.iter().map(|(k, r)| (*k, r.as_ref())).collect(),
        last: memo.last.as_ref(),
    };
    let payload = bincode::serialize(&saved).ok()?;
    let mut out = header();
    out.extend_from_slice(&xxh3_64(&payload).to_le_bytes());
    out.extend_from_slice(&payload);
    Some(out)
}

/// The memo the last build of the site at `root` kept (empty when there is none to trust).
pub fn load(root: &Path) -> SearchMemo {
    std::fs::read(file(root))
        .ok()
        .and_then(|bytes| decode(&bytes))
        .unwrap_or_default()
}

/// Keeps `memo` for the next build (atomically: temporary file, then rename).
pub fn save(memo: &SearchMemo, root: &Path) -> Result<()> {
    let Some(bytes) = encode(memo) else {
        return forget(root);
    };
    let path = file(root);
    let dir = root.join(crate::cache::CACHE_DIR);
    std::fs::create_dir_all(&dir).map_err(|e| Error::io(&dir, e))?;
    let tmp = dir.join(format!("{FILE}.tmp-{}", std::process::id()));
    std::fs::write(&tmp, bytes).map_err(|e| Error::io(&tmp, e))?;
    std::fs::rename(&tmp, &path).map_err(|e| Error::io(&path, e))
}

/// Drops a kept memo (a site grown too big to keep one).
pub fn forget(root: &Path) -> Result<()> {
    let path = file(root);
    match std::fs::remove_file(&path) {
        Err(e) if e.kind() != std::io::ErrorKind::NotFound => Err(Error::io(&path, e)),
        _ => Ok(()),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn memo_of(text: &str) -> SearchMemo {
        let mut memo = SearchMemo::default();
        super::super::search_files_memo(&super::super::tests::site(text), Some(&mut memo));
        memo
    }

    #[test]
    fn a_kept_memo_gives_the_same_index_after_an_edit() {
        let text = "# G\n\n## One\n\nAlpha beta.\n\n## Two\n\nGamma delta.\n";
        let bytes = encode(&memo_of(text)).expect("encoded");
        let mut memo = decode(&bytes).expect("decoded");
        let edited = text.replace("Gamma", "Gamma epsilon");
        let site = super::super::tests::site(&edited);
        assert_eq!(
            super::super::search_files_memo(&site, Some(&mut memo)),
            super::super::search_files(&site)
        );
        assert_eq!(memo.patches(), 1, "the kept index was patched");
    }

    #[test]
    fn a_damaged_or_foreign_memo_is_not_trusted() {
        let bytes = encode(&memo_of("# G\n\n## One\n\nAlpha.\n")).expect("encoded");
        let mut flipped = bytes.clone();
        let last = flipped.len() - 1;
        flipped[last] ^= 0xff;
        assert!(decode(&flipped).is_none());
        assert!(decode(&bytes[..bytes.len() - 3]).is_none());
        assert!(decode(b"garbage").is_none());
        assert!(decode(&[]).is_none());
        let mut other = bytes.clone();
        other[MAGIC.len()] ^= 1; // another version
        assert!(decode(&other).is_none());
        assert!(decode(&bytes).is_some());
    }
}
