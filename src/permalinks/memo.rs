//! The plan of a session's last build (`serve`), kept under the hash of everything it was
//! made from: the lock file's text, every anchor of the site (with where it is written),
//! every alias and how the lock is held. An edit that moves no anchor (the usual one: a
//! paragraph, an answer, a line of code) takes it as it is instead of reading the lock and
//! comparing every anchor again; anything else plans from nothing.

use xxhash_rust::xxh3::Xxh3;

use super::lock::parse_lock;
use super::{LockUse, Plan, plan, settle, visit_anchors};
use crate::diag::{Diagnostic, Location};
use crate::model::Site;

/// The last plan and its problems, under [`plan_key`].
#[derive(Debug, Default)]
pub(crate) struct PlanMemo {
    last: Option<(u128, Plan, Vec<Diagnostic>)>,
}

/// The plan of `site` against the lock text `lock` (None: no lock file; `off`: the site
/// turns permalinks off) and its problems as `lock_use` reports them; with `memo`, the last
/// one when made from the same.
pub(crate) fn plan_of(
    site: &Site,
    lock: Option<&str>,
    lock_use: LockUse,
    off: bool,
    memo: Option<&mut PlanMemo>,
) -> (Plan, Vec<Diagnostic>) {
    let Some(memo) = memo else {
        return plan_from(site, lock, lock_use, off);
    };
    let key = plan_key(site, lock, lock_use, off);
    if let Some((k, plan, problems)) = &memo.last
        && *k == key
    {
        return (plan.clone(), problems.clone());
    }
    let made = plan_from(site, lock, lock_use, off);
    // Kept until a build plans again: apart from this one's temporaries (`crate::keep`).
    memo.last = crate::keep::kept(|| Some((key, made.0.clone(), made.1.clone())));
    made
}

fn plan_from(
    site: &Site,
    lock: Option<&str>,
    lock_use: LockUse,
    off: bool,
) -> (Plan, Vec<Diagnostic>) {
    if off {
        let (mut plan, problems) = plan(site, None, lock_use);
        plan.lock.clear();
        return (plan, problems);
    }
    let (lock, problems) = match lock {
        Some(text) => {
            let (lock, problems) = parse_lock(text);
            (Some(lock), problems)
        }
        None => (None, Vec::new()),
    };
    let (plan, gone) = plan(site, lock.as_ref(), lock_use);
    (plan, [settle(problems, lock_use), gone].concat())
}

/// A hash of everything [`plan_from`] reads.
fn plan_key(site: &Site, lock: Option<&str>, lock_use: LockUse, off: bool) -> u128 {
    let mut h = Xxh3::new();
    put(&mut h, &format!("{lock_use:?} {off}"));
    put(&mut h, lock.unwrap_or("\u{0}no lock"));
    visit_anchors(site, |url, id, kind, heading, text, location| {
        for s in [url, id, text] {
            put(&mut h, s);
        }
        h.update(&[kind as u8, u8::from(heading)]);
        located(&mut h, location);
    });
    for page in &site.pages {
        put(&mut h, "\u{1}aliases");
        put(&mut h, &page.url);
        for alias in &page.aliases {
            put(&mut h, &alias.old);
            put(&mut h, &alias.target);
            located(&mut h, &alias.location);
        }
    }
    h.digest128()
}

fn put(h: &mut Xxh3, s: &str) {
    h.update(s.as_bytes());
    h.update(&[0xff]);
}

fn located(h: &mut Xxh3, at: &Location) {
    put(h, &at.file);
    h.update(&at.line.to_le_bytes());
    h.update(&at.col.to_le_bytes());
}
