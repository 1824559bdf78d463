//! Giving memory back to the system, so that a `serve` left running for hours under load
//! stays near the size of one build.
//!
//! Builds run on many threads, and glibc keeps what each thread freed for later use, in one
//! arena per thread (up to eight per core). Without a trim after each build the server grew
//! from 208 to 366 MiB under `bench/soak.py` (100x the guide, edits every few seconds under
//! `wrk -c50`). What the trim alone left: the fifty connection threads took arenas of their
//! own (up to sixteen on two cores), and a response still sending the previous build when
//! the trim ran freed its pages only afterwards, a whole edit before the next trim. The rest
//! is not a leak: 40 edits without load grow the server from 179 to 190 MiB, flat after 25
//! (what a session keeps to rebuild quickly).

use std::time::Duration;

/// How long after a build the memory freed late is given back: by then the responses that
/// were sending the previous build have mostly been written.
pub(super) const LATE_RELEASE: Duration = Duration::from_secs(2);

/// Caps glibc's arenas at one per core and one more: the build's threads keep their own,
/// the connection threads share (they allocate little: answers are the build's bytes).
pub(super) fn limit_arenas() {
    #[cfg(all(target_os = "linux", target_env = "gnu"))]
    {
        let cores = std::thread::available_parallelism().map_or(1, std::num::NonZero::get);
        let arenas = i32::try_from(cores + 1).unwrap_or(i32::MAX);
        // SAFETY: mallopt only sets a tuning value of the allocator; it is thread-safe.
        unsafe {
            libc::mallopt(libc::M_ARENA_MAX, arenas);
        }
    }
}

/// Gives the heap pages that are free in every arena back to the system.
pub(super) fn release_freed() {
    #[cfg(all(target_os = "linux", target_env = "gnu"))]
    // SAFETY: malloc_trim only returns free heap pages to the system; it is thread-safe.
    unsafe {
        libc::malloc_trim(0);
    }
}
