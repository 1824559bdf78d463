//! What a session keeps of the exports between builds (`serve`): the JSON of each
//! question and example by the hash of what it is made from, and each file's bytes by the
//! hash of its header and items. A rebuild serialises only the items an edit changed; the
//! files are the same as a build from nothing, which the tests check.

use std::collections::HashMap;
use std::sync::Arc;

use crate::output::Body;

/// JSON of exported items kept between builds (`serve`), by the hash of what each
/// item is made from: a rebuild serialises only the questions and examples that changed.
#[derive(Default)]
pub(crate) struct ExportsMemo {
    items: HashMap<u128, Arc<str>>,
    /// Each file's bytes by name, with the hash of its header and item keys.
    files: HashMap<&'static str, (u128, Body)>,
}

/// The items of the last build, when there is one to reuse.
pub(super) type Items<'m> = Option<&'m HashMap<u128, Arc<str>>>;

/// One file as a build made it: its name, [`file_key`], bytes and items.
pub(super) type Made = (&'static str, u128, Body, Vec<(u128, Arc<str>)>);

impl ExportsMemo {
    /// Each item's JSON of the last build, by [`key_of`] its inputs.
    pub(super) fn items(&self) -> &HashMap<u128, Arc<str>> {
        &self.items
    }

    /// The last build's bytes of file `name`, if they were made from what hashes to `key`.
    pub(super) fn file(&self, name: &str, key: u128) -> Option<Body> {
        self.files
            .get(name)
            .filter(|(k, _)| *k == key)
            .map(|(_, body)| Arc::clone(body))
    }

    /// Keeps this build's items and files for the next build, in place of the last's (an
    /// item no longer exported is forgotten).
    pub(super) fn keep(&mut self, files: &[Made]) {
        crate::keep::kept(|| self.keep_all(files));
    }

    fn keep_all(&mut self, files: &[Made]) {
        self.items = files
            .iter()
            .flat_map(|(_, _, _, items)| items.iter().cloned())
            .collect();
        self.files = files
            .iter()
            .map(|(name, key, body, _)| (*name, (*key, Arc::clone(body))))
            .collect();
    }
}

/// The hash of an item's inputs.
pub(super) fn key_of(parts: &[&str]) -> u128 {
    let mut h = xxhash_rust::xxh3::Xxh3::new();
    for part in parts {
        h.update(part.as_bytes());
        h.update(&[0xff]);
    }
    h.digest128()
}

/// What a file is made of: its header and the keys of its items, in order.
pub(super) fn file_key(header: &[u8], items: &[(u128, Arc<str>)]) -> u128 {
    let mut h = xxhash_rust::xxh3::Xxh3::new();
    h.update(header);
    for (key, _) in items {
        h.update(&key.to_le_bytes());
    }
    h.digest128()
}
