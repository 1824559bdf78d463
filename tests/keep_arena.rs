//! The kept arena of `quire serve` (src/keep.rs): what a session keeps between builds is
//! allocated apart from each build's temporaries. This test binary uses quire's own global
//! allocator, as the `quire` binary does, and asks jemalloc where each allocation lives.
#![cfg(all(target_os = "linux", target_env = "gnu"))]

use std::alloc::{GlobalAlloc, Layout};
use std::ffi::c_void;

use quire::keep::{Allocator, kept};

#[global_allocator]
static ALLOCATOR: Allocator = Allocator;

/// The index of the arena that holds `ptr` (jemalloc's `arenas.lookup`).
fn arena_of<T: ?Sized>(ptr: *const T) -> u32 {
    let mut ptr = ptr.cast::<c_void>();
    let mut index: u32 = u32::MAX;
    let mut len = std::mem::size_of::<u32>();
    // SAFETY: `arenas.lookup` reads a pointer and writes an `unsigned`.
    let rc = unsafe {
        tikv_jemalloc_sys::mallctl(
            c"arenas.lookup".as_ptr(),
            (&raw mut index).cast(),
            &raw mut len,
            (&raw mut ptr).cast(),
            std::mem::size_of::<*const c_void>(),
        )
    };
    assert_eq!(rc, 0, "arenas.lookup failed");
    index
}

#[test]
fn what_is_kept_lives_in_an_arena_of_its_own_on_every_thread() {
    let temporary: Vec<u8> = (0..100).collect();
    let kept_small: Vec<u8> = kept(|| vec![2u8; 100]);
    let kept_large: Vec<u8> = kept(|| vec![3u8; 1 << 20]);
    let arena = arena_of(kept_small.as_ptr());
    assert_ne!(
        arena_of(temporary.as_ptr()),
        arena,
        "a temporary is not kept"
    );
    assert_eq!(
        arena_of(kept_large.as_ptr()),
        arena,
        "a large value is kept too"
    );
    let other = std::thread::spawn(|| {
        let kept_there: String = kept(|| "kept on another thread".repeat(10));
        let not_there = "temporary on another thread".repeat(1 << 16);
        (arena_of(kept_there.as_ptr()), arena_of(not_there.as_ptr()))
    })
    .join()
    .unwrap();
    assert_eq!(other.0, arena, "one kept arena for every thread");
    assert_ne!(other.1, arena);
    // The values are intact.
    assert!(kept_small.iter().all(|&b| b == 2) && kept_large.iter().all(|&b| b == 3));
}

#[test]
fn a_kept_value_grows_shrinks_and_is_freed_in_its_arena() {
    let arena = arena_of(kept(|| Box::new(0u64)).as_ref());
    let mut grown: Vec<u32> = kept(|| {
        let mut v = Vec::new();
        for i in 0..100_000 {
            v.push(i);
        }
        v.truncate(10);
        v.shrink_to_fit();
        v
    });
    assert_eq!(arena_of(grown.as_ptr()), arena);
    assert_eq!(grown, (0..10).collect::<Vec<u32>>());
    // Grown later, outside `kept`: wherever jemalloc puts it, the contents are there.
    grown.extend(10..50_000);
    assert_eq!(grown.len(), 50_000);
    assert_eq!(grown[49_999], 49_999);
    drop(grown);
    // Zeroed and over-aligned allocations.
    let zeroed: Vec<u64> = kept(|| vec![0u64; 10_000]);
    assert!(zeroed.iter().all(|&x| x == 0));
    assert_eq!(arena_of(zeroed.as_ptr()), arena);
    for align in [32usize, 64, 4096, 1 << 16] {
        let layout = Layout::from_size_align(24, align).unwrap();
        kept(|| {
            // SAFETY: a non-zero size; freed below with the same layout.
            let p = unsafe { ALLOCATOR.alloc(layout) };
            assert!(
                !p.is_null() && (p as usize).is_multiple_of(align),
                "align {align}"
            );
            assert_eq!(arena_of(p), arena);
            // SAFETY: `p` was allocated above with `layout`; it grows to 100_000 bytes.
            let q = unsafe { ALLOCATOR.realloc(p, layout, 100_000) };
            assert!(
                !q.is_null() && (q as usize).is_multiple_of(align),
                "realloc align {align}"
            );
            let grown = Layout::from_size_align(100_000, align).unwrap();
            // SAFETY: `q` is live with layout `grown`.
            unsafe { ALLOCATOR.dealloc(q, grown) };
        });
    }
}

#[test]
fn a_panic_inside_kept_does_not_leave_the_thread_keeping() {
    let arena = arena_of(kept(|| Box::new(1u8)).as_ref());
    let caught = std::panic::catch_unwind(|| kept(|| panic!("inside kept")));
    assert!(caught.is_err());
    // Large: no thread cache holds it (a small one could be a kept region freed while
    // unwinding, cached by the thread and handed out again).
    let after = vec![0u8; 1 << 20];
    assert_ne!(arena_of(after.as_ptr()), arena);
}
