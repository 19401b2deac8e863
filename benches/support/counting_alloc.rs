//! A global allocator that can count heap bytes and their peak: the memory figure of
//! `cargo bench` and of `examples/phases.rs`, which include this file with `#[path]`.
//! It allocates with the `jslint` binary's allocator (mimalloc, unless the `mimalloc`
//! feature is off), so that what is timed is what the binary runs, baseline included.
//!
//! It counts only between [`start`] and [`stop`]. The timed runs happen with counting off,
//! so they pay one relaxed load per allocation, not two atomic read-modify-writes. Those
//! would fall on jslint's many small allocations and hardly on the baseline's.

use std::alloc::{GlobalAlloc, Layout};
use std::sync::atomic::{AtomicBool, AtomicIsize, Ordering::Relaxed};

struct Counting;

#[cfg(feature = "mimalloc")]
static INNER: mimalloc::MiMalloc = mimalloc::MiMalloc;
#[cfg(not(feature = "mimalloc"))]
static INNER: std::alloc::System = std::alloc::System;

static ON: AtomicBool = AtomicBool::new(false);
static LIVE: AtomicIsize = AtomicIsize::new(0);
static PEAK: AtomicIsize = AtomicIsize::new(0);

unsafe impl GlobalAlloc for Counting {
    unsafe fn alloc(&self, layout: Layout) -> *mut u8 {
        let p = unsafe { INNER.alloc(layout) };
        if !p.is_null() && ON.load(Relaxed) {
            let size = layout.size() as isize;
            let live = LIVE.fetch_add(size, Relaxed) + size;
            PEAK.fetch_max(live, Relaxed);
        }
        p
    }

    /// The allocator's own `realloc` (mimalloc grows a block in place where it can), counted
    /// as a new block allocated before the old one is freed: an upper bound for the peak.
    unsafe fn realloc(&self, p: *mut u8, layout: Layout, new_size: usize) -> *mut u8 {
        let q = unsafe { INNER.realloc(p, layout, new_size) };
        if !q.is_null() && ON.load(Relaxed) {
            let size = new_size as isize;
            let live = LIVE.fetch_add(size, Relaxed) + size;
            PEAK.fetch_max(live, Relaxed);
            LIVE.fetch_sub(layout.size() as isize, Relaxed);
        }
        q
    }

    unsafe fn dealloc(&self, p: *mut u8, layout: Layout) {
        unsafe { INNER.dealloc(p, layout) };
        if ON.load(Relaxed) {
            LIVE.fetch_sub(layout.size() as isize, Relaxed);
        }
    }
}

#[global_allocator]
static ALLOCATOR: Counting = Counting;

/// Starts counting from zero.
pub fn start() {
    LIVE.store(0, Relaxed);
    PEAK.store(0, Relaxed);
    ON.store(true, Relaxed);
}

/// The most heap bytes allocated and not yet freed at once since [`start`], so far. A block
/// allocated before `start` and freed since lowers the count, so the figure can only err low
/// by the size of such blocks; the measured code frees none of its caller's.
pub fn peak() -> usize {
    PEAK.load(Relaxed).max(0) as usize
}

/// Stops counting.
pub fn stop() {
    ON.store(false, Relaxed);
}
