//! The same work on many items, on several threads, with the results handed back in the
//! items' order: `jslint check` on many files uses every core and still prints exactly what
//! a serial run prints.
//!
//! Standard library only: scoped worker threads take the next index from an atomic counter
//! and send `(index, result)` back over a channel; the calling thread keeps each result in
//! the slot of its index and hands on the longest finished prefix as soon as it grows. The
//! calling thread does no item's work itself, so it is free to report progress and to print
//! while the workers go on.

use std::num::NonZeroUsize;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::mpsc;

/// The stack of each worker: the size of the main thread's on Linux, so that whatever a
/// serial run can check, a worker can check too (the default for spawned threads is 2 MiB).
const WORKER_STACK: usize = 8 << 20;

/// How many threads to use when the user does not say: one per core.
pub fn default_threads() -> NonZeroUsize {
    std::thread::available_parallelism().unwrap_or(NonZeroUsize::MIN)
}

/// Runs `work` on every item, on up to `threads` threads. On the calling thread, `finished`
/// is called after each item with how many items are finished so far (in any order: a
/// progress count), and `emit` gets the results in the items' order, each as soon as it and
/// every result before it are there.
///
/// With one thread, or one item, everything runs on the calling thread, one item after
/// another. A panic in `work` reaches the caller once the other workers have stopped.
pub fn map_in_order<T, R>(
    items: &[T],
    threads: NonZeroUsize,
    work: impl Fn(&T) -> R + Sync,
    mut finished: impl FnMut(usize),
    mut emit: impl FnMut(R),
) where
    T: Sync,
    R: Send,
{
    let threads = threads.get().min(items.len());
    if threads <= 1 {
        for (n, item) in items.iter().enumerate() {
            let result = work(item);
            finished(n + 1);
            emit(result);
        }
        return;
    }
    let next = AtomicUsize::new(0);
    let (work, next) = (&work, &next);
    std::thread::scope(|scope| {
        // The receiver lives in this closure: if `emit` panics, it is dropped, and the
        // workers stop at their next send instead of checking the remaining items.
        let (sender, receiver) = mpsc::channel();
        for n in 0..threads {
            let sender = sender.clone();
            std::thread::Builder::new()
                .name(format!("jslint-worker-{n}"))
                .stack_size(WORKER_STACK)
                .spawn_scoped(scope, move || loop {
                    let i = next.fetch_add(1, Ordering::Relaxed);
                    let Some(item) = items.get(i) else { break };
                    if sender.send((i, work(item))).is_err() {
                        break;
                    }
                })
                .expect("the system starts a worker thread");
        }
        // The workers hold the only senders now: the loop below ends when the last one is
        // done, or has panicked.
        drop(sender);
        let mut slots: Vec<Option<R>> = items.iter().map(|_| None).collect();
        let mut emitted = 0;
        for (done, (i, result)) in receiver.iter().enumerate() {
            slots[i] = Some(result);
            finished(done + 1);
            while let Some(result) = slots.get_mut(emitted).and_then(Option::take) {
                emit(result);
                emitted += 1;
            }
        }
    });
}

#[cfg(test)]
mod tests {
    use super::*;

    use std::time::Duration;

    fn threads(n: usize) -> NonZeroUsize {
        NonZeroUsize::new(n).unwrap()
    }

    /// Squares, with the early items slowest, so that the workers finish out of order.
    fn run(items: &[u64], n: usize) -> (Vec<u64>, Vec<usize>) {
        let (mut results, mut counts) = (Vec::new(), Vec::new());
        map_in_order(
            items,
            threads(n),
            |&x| {
                std::thread::sleep(Duration::from_micros(500 * (items.len() as u64 - x)));
                x * x
            },
            |done| counts.push(done),
            |r| results.push(r),
        );
        (results, counts)
    }

    #[test]
    fn results_come_in_input_order_whatever_the_thread_count() {
        let items: Vec<u64> = (0..40).collect();
        let expected: Vec<u64> = items.iter().map(|x| x * x).collect();
        for n in [1, 2, 3, 4, 8, 64] {
            let (results, counts) = run(&items, n);
            assert_eq!(results, expected, "{n} thread(s)");
            assert_eq!(counts, (1..=40).collect::<Vec<_>>(), "{n} thread(s)");
        }
    }

    #[test]
    fn no_items_emit_nothing() {
        let (results, counts) = run(&[], 4);
        assert!(results.is_empty());
        assert!(counts.is_empty());
    }

    #[test]
    fn one_thread_works_on_the_calling_thread() {
        let caller = std::thread::current().id();
        let mut seen = Vec::new();
        map_in_order(
            &[1, 2, 3],
            threads(1),
            |_| std::thread::current().id(),
            |_| {},
            |id| seen.push(id),
        );
        assert_eq!(seen, vec![caller; 3]);
    }

    #[test]
    fn several_threads_share_the_work() {
        let mut seen = std::collections::HashSet::new();
        map_in_order(
            &[0u8; 16],
            threads(4),
            |_| {
                // Long enough that one worker cannot take every item alone.
                std::thread::sleep(Duration::from_millis(20));
                std::thread::current().id()
            },
            |_| {},
            |id| {
                seen.insert(id);
            },
        );
        assert!(seen.len() > 1, "{} worker(s) did all the work", seen.len());
        assert!(!seen.contains(&std::thread::current().id()));
    }

    #[test]
    fn a_panic_in_the_work_reaches_the_caller_after_the_results_before_it() {
        let mut emitted = Vec::new();
        let outcome = std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| {
            map_in_order(
                &[1, 2, 3, 4, 5, 6],
                threads(3),
                |&x| {
                    assert_ne!(x, 4, "item 4 fails");
                    x
                },
                |_| {},
                |x| emitted.push(x),
            );
        }));
        assert!(outcome.is_err(), "the panic is passed on");
        assert!([1, 2, 3].starts_with(&emitted), "{emitted:?}");
    }
}
