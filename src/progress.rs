//! Build progress, shared between the build (which counts) and a reporter (which prints).
//! Counting is a few relaxed atomic adds per page; nothing is printed by the library.

use std::sync::Mutex;
use std::sync::atomic::{AtomicBool, AtomicUsize, Ordering};

/// How far a build is: the current stage and pages done out of total in it.
#[derive(Debug, Default)]
pub struct Progress {
    stage: Mutex<&'static str>,
    done: AtomicUsize,
    total: AtomicUsize,
    finished: AtomicBool,
}

impl Progress {
    /// Starts a stage of `total` steps.
    pub fn start(&self, stage: &'static str, total: usize) {
        if let Ok(mut s) = self.stage.lock() {
            *s = stage;
        }
        self.done.store(0, Ordering::Relaxed);
        self.total.store(total, Ordering::Relaxed);
    }

    /// One more step done.
    pub fn step(&self) {
        self.done.fetch_add(1, Ordering::Relaxed);
    }

    /// The build is over: a reporter stops drawing.
    pub fn finish(&self) {
        self.finished.store(true, Ordering::Relaxed);
    }

    /// Whether [`Progress::finish`] was called.
    pub fn is_finished(&self) -> bool {
        self.finished.load(Ordering::Relaxed)
    }

    /// `(stage, done, total)` now.
    pub fn snapshot(&self) -> (&'static str, usize, usize) {
        let stage = self.stage.lock().map(|s| *s).unwrap_or("");
        (
            stage,
            self.done.load(Ordering::Relaxed),
            self.total.load(Ordering::Relaxed),
        )
    }
}
