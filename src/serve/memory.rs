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
//!
//! The `quire` binary on Linux uses jemalloc instead (see `src/main.rs`): what each rebuild
//! keeps among what it frees left glibc's heap fragmented however often it was trimmed,
//! and what a session keeps is allocated in an arena of its own (`crate::keep`).
//! jemalloc is also the C code's `malloc` there, so these calls only concern programs that
//! embed the library with glibc's allocator.

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

#[cfg(test)]
mod tests {
    use crate::build::{Options, Session};

    /// Every file a served build holds, with the ones holding unused capacity named.
    fn slack(session: &mut Session) -> Vec<String> {
        let output = session.build().unwrap();
        assert!(output.files.len() > 10, "{:?}", output.files.keys());
        output
            .files
            .iter()
            .filter(|(_, bytes)| bytes.capacity() != bytes.len())
            .map(|(path, bytes)| format!("{path}: {} of {}", bytes.len(), bytes.capacity()))
            .collect()
    }

    #[test]
    fn a_served_build_holds_its_files_without_unused_capacity() {
        let dir = tempfile::tempdir().unwrap();
        let content = dir.path().join("content");
        std::fs::create_dir_all(&content).unwrap();
        std::fs::write(dir.path().join("site.toml"), "question_headings = true\n").unwrap();
        let chapter = |n: usize, extra: &str| {
            let mut text = format!("# Chapter {n}\n\n{extra}\n");
            for q in 0..30 {
                text.push_str(&format!(
                    "## Part {q}\n\n### Why does step {q} of chapter {n} matter? {{#c{n}-q{q}}}\n\n\
                     Because the lantern counts {q} pebbles.\n\n```python\nx_{q} = {n} * {q}\n```\n\n"
                ));
            }
            text
        };
        for n in 0..4 {
            std::fs::write(content.join(format!("{n}-ch.md")), chapter(n, "")).unwrap();
        }
        let mut session = Session::new(Options {
            root: dir.path().to_path_buf(),
            ..Default::default()
        });
        assert_eq!(slack(&mut session), Vec::<String>::new(), "first build");
        std::fs::write(content.join("1-ch.md"), chapter(1, "A new paragraph.")).unwrap();
        assert_eq!(slack(&mut session), Vec::<String>::new(), "rebuild");
    }
}
