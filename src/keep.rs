//! What a `serve` session keeps between builds, allocated apart from what each build frees.
//!
//! A rebuild allocates its temporaries (events, strings, postings being merged) and, among
//! them, what the session keeps until a later build replaces it: each file's parse, the
//! search memo, the served files. Sharing pages, the kept values pin pages the temporaries
//! left almost empty, and the server's memory creeps although what it holds does not grow:
//! under `bench/soak.py` (100x, an edit, breakage or fix every second) jemalloc's active
//! pages rose from 135 to 158 MiB while the bytes in use stayed at 126-130 MiB, and the
//! resident size grew 152 -> 169 MiB (+11 %) whatever the arena, cache or extent options.
//!
//! [`kept`] runs a closure whose allocations go to an arena of their own (the `quire`
//! binary's allocator, [`Allocator`], on Linux): the session copies what it keeps there,
//! so the build's own arenas are left with temporaries only, and their pages are given
//! back whole when the build ends. Elsewhere (other allocators, tests) [`kept`] only runs
//! the closure.

use std::cell::Cell;

thread_local! {
    /// This thread allocates into the kept arena ([`kept`]).
    static KEEPING: Cell<bool> = const { Cell::new(false) };
}

/// Runs `f` with this thread's allocations going to the arena of kept values; values that
/// outlive the build are copied under it (see the module docs).
pub fn kept<T>(f: impl FnOnce() -> T) -> T {
    /// Puts the flag back, also when `f` panics.
    struct Restore(bool);
    impl Drop for Restore {
        fn drop(&mut self) {
            KEEPING.with(|k| k.set(self.0));
        }
    }
    let _restore = Restore(KEEPING.with(|k| k.replace(true)));
    f()
}

/// True while this thread runs under [`kept`].
#[inline]
fn keeping() -> bool {
    // A const-initialised flag with no destructor: reading it never allocates, and it is
    // there for the whole life of the thread.
    KEEPING.try_with(Cell::get).unwrap_or(false)
}

#[cfg(all(target_os = "linux", target_env = "gnu"))]
pub use jemalloc::Allocator;

#[cfg(all(target_os = "linux", target_env = "gnu"))]
mod jemalloc {
    use std::alloc::{GlobalAlloc, Layout};
    use std::ffi::c_void;
    use std::sync::atomic::{AtomicU32, Ordering};

    use tikv_jemalloc_sys as ffi;
    use tikv_jemallocator::Jemalloc;

    /// jemalloc, with a second arena for what [`super::kept`] allocates.
    pub struct Allocator;

    /// The kept arena's index plus one; 0 before it is made, `u32::MAX` if it could not be.
    static ARENA: AtomicU32 = AtomicU32::new(0);

    /// The flags of an allocation in the kept arena, made on first use; None: allocate as
    /// usual.
    #[inline]
    fn kept_flags(layout: Layout) -> Option<i32> {
        if !super::keeping() {
            return None;
        }
        let arena = match ARENA.load(Ordering::Acquire) {
            0 => make_arena(),
            u32::MAX => return None,
            n => n - 1,
        };
        // Not through this thread's cache: what it holds would be handed to the build's
        // temporaries (and the cache's regions to kept values).
        let mut flags = ffi::MALLOCX_ARENA(arena as usize) | ffi::MALLOCX_TCACHE_NONE;
        // As `tikv_jemallocator` does: alignment beyond what every allocation has.
        if layout.align() > 16 || layout.align() > layout.size() {
            flags |= ffi::MALLOCX_ALIGN(layout.align());
        }
        Some(flags)
    }

    #[cold]
    fn make_arena() -> u32 {
        let mut index: u32 = 0;
        let mut len = std::mem::size_of::<u32>();
        // SAFETY: `arenas.create` writes the new arena's index, a `unsigned`, to `index`.
        let made = unsafe {
            ffi::mallctl(
                c"arenas.create".as_ptr(),
                (&raw mut index).cast::<c_void>(),
                &raw mut len,
                std::ptr::null_mut(),
                0,
            )
        } == 0;
        let value = if made { index + 1 } else { u32::MAX };
        // Two threads may both make one; the first recorded is used.
        match ARENA.compare_exchange(0, value, Ordering::AcqRel, Ordering::Acquire) {
            Ok(_) if made => index,
            Ok(_) => u32::MAX,
            Err(won) if won != u32::MAX => won - 1,
            Err(_) => u32::MAX,
        }
    }

    // SAFETY: every call is jemalloc's own (`mallocx`, `rallocx`) or `Jemalloc`'s; a region
    // of either arena is freed and resized by jemalloc, which knows its arena.
    unsafe impl GlobalAlloc for Allocator {
        #[inline]
        unsafe fn alloc(&self, layout: Layout) -> *mut u8 {
            match kept_flags(layout) {
                // SAFETY: a non-zero size (GlobalAlloc's contract) and valid flags.
                Some(flags) => unsafe { ffi::mallocx(layout.size(), flags) }.cast(),
                // SAFETY: the caller's contract, passed on.
                None => unsafe { Jemalloc.alloc(layout) },
            }
        }

        #[inline]
        unsafe fn alloc_zeroed(&self, layout: Layout) -> *mut u8 {
            match kept_flags(layout) {
                // SAFETY: as in `alloc`.
                Some(flags) => {
                    unsafe { ffi::mallocx(layout.size(), flags | ffi::MALLOCX_ZERO) }.cast()
                }
                // SAFETY: the caller's contract, passed on.
                None => unsafe { Jemalloc.alloc_zeroed(layout) },
            }
        }

        #[inline]
        unsafe fn dealloc(&self, ptr: *mut u8, layout: Layout) {
            // SAFETY: the caller's contract, passed on; jemalloc frees a region of any arena.
            unsafe { Jemalloc.dealloc(ptr, layout) }
        }

        #[inline]
        unsafe fn realloc(&self, ptr: *mut u8, layout: Layout, new_size: usize) -> *mut u8 {
            let flags = if super::keeping() {
                Layout::from_size_align(new_size, layout.align())
                    .ok()
                    .and_then(kept_flags)
            } else {
                None
            };
            match flags {
                // SAFETY: `ptr` is a live region of this allocator, `new_size` non-zero.
                Some(flags) => unsafe { ffi::rallocx(ptr.cast(), new_size, flags) }.cast(),
                // SAFETY: the caller's contract, passed on.
                None => unsafe { Jemalloc.realloc(ptr, layout, new_size) },
            }
        }
    }
}
