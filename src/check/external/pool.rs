//! Bounded concurrency for the checker: a few worker threads (at most `total`) take links
//! from one queue, each holding a slot of the host it is asking; a host has at most
//! `per_host` slots. A worker takes the first queued link whose host has a free slot, so one
//! slow host does not hold up the others. A job that is redirected to another host gives up
//! its slot before it waits for one there: a worker never holds two, so none can deadlock.

use std::collections::{HashMap, VecDeque};
use std::sync::{Condvar, Mutex, MutexGuard, PoisonError};

/// How many requests may run at once.
#[derive(Debug, Clone, Copy)]
pub struct Limits {
    /// In total.
    pub total: usize,
    /// To one host.
    pub per_host: usize,
}

struct State<J> {
    queue: VecDeque<(usize, String, J)>,
    busy: HashMap<String, usize>,
}

struct Pool<J> {
    state: Mutex<State<J>>,
    freed: Condvar,
    per_host: usize,
}

impl<J> Pool<J> {
    fn lock(&self) -> MutexGuard<'_, State<J>> {
        self.state.lock().unwrap_or_else(PoisonError::into_inner)
    }

    /// The next job whose host has a free slot, with that slot; `None` when the queue is empty.
    fn next(&self) -> Option<(usize, J, Slot<'_, J>)> {
        let mut state = self.lock();
        loop {
            if state.queue.is_empty() {
                return None;
            }
            let free = state.queue.iter().position(|(_, host, _)| {
                state.busy.get(host).copied().unwrap_or(0) < self.per_host
            });
            if let Some((index, host, job)) = free.and_then(|i| state.queue.remove(i)) {
                *state.busy.entry(host.clone()).or_default() += 1;
                return Some((index, job, Slot { pool: self, host }));
            }
            state = self
                .freed
                .wait(state)
                .unwrap_or_else(PoisonError::into_inner);
        }
    }

    fn acquire(&self, host: &str) {
        let mut state = self.lock();
        while state.busy.get(host).copied().unwrap_or(0) >= self.per_host {
            state = self
                .freed
                .wait(state)
                .unwrap_or_else(PoisonError::into_inner);
        }
        *state.busy.entry(host.to_string()).or_default() += 1;
    }

    fn release(&self, host: &str) {
        let mut state = self.lock();
        if let Some(n) = state.busy.get_mut(host) {
            *n = n.saturating_sub(1);
        }
        drop(state);
        self.freed.notify_all();
    }
}

/// A worker's hold on one host's slot, given back when dropped.
pub struct Slot<'a, J> {
    pool: &'a Pool<J>,
    host: String,
}

impl<J> Slot<'_, J> {
    /// Moves the hold to `host` (after a redirect there), waiting for a free slot.
    pub fn move_to(&mut self, host: &str) {
        if self.host != host {
            self.pool.release(&self.host);
            self.pool.acquire(host);
            self.host = host.to_string();
        }
    }
}

impl<J> Drop for Slot<'_, J> {
    fn drop(&mut self) {
        self.pool.release(&self.host);
    }
}

/// Runs `work` on every job (with its host) within `limits`; the results in the jobs' order.
pub fn run_all<J: Send, R: Send>(
    jobs: Vec<(String, J)>,
    limits: Limits,
    work: impl Fn(J, &mut Slot<'_, J>) -> R + Sync,
) -> Vec<R> {
    let count = jobs.len();
    let pool = Pool {
        state: Mutex::new(State {
            queue: jobs
                .into_iter()
                .enumerate()
                .map(|(i, (host, job))| (i, host, job))
                .collect(),
            busy: HashMap::new(),
        }),
        freed: Condvar::new(),
        per_host: limits.per_host.max(1),
    };
    let results: Mutex<Vec<Option<R>>> = Mutex::new((0..count).map(|_| None).collect());
    let workers = limits.total.max(1).min(count);
    std::thread::scope(|scope| {
        for _ in 0..workers {
            scope.spawn(|| {
                while let Some((index, job, mut slot)) = pool.next() {
                    let result = work(job, &mut slot);
                    drop(slot);
                    let mut results = results.lock().unwrap_or_else(PoisonError::into_inner);
                    results[index] = Some(result);
                }
            });
        }
    });
    results
        .into_inner()
        .unwrap_or_else(PoisonError::into_inner)
        .into_iter()
        .flatten()
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::sync::atomic::{AtomicUsize, Ordering};
    use std::time::Duration;

    #[test]
    fn no_more_than_the_limits_run_at_once() {
        let hosts = ["a", "b", "c", "d", "e", "f"];
        let jobs: Vec<(String, usize)> = (0..36)
            .map(|i| (hosts[i % hosts.len()].to_string(), i))
            .collect();
        let running = AtomicUsize::new(0);
        let most = AtomicUsize::new(0);
        let per_host: Vec<AtomicUsize> = hosts.iter().map(|_| AtomicUsize::new(0)).collect();
        let most_per_host = AtomicUsize::new(0);
        let limits = Limits {
            total: 8,
            per_host: 2,
        };
        let done = run_all(jobs, limits, |i, _slot| {
            let now = running.fetch_add(1, Ordering::SeqCst) + 1;
            most.fetch_max(now, Ordering::SeqCst);
            let host = &per_host[i % hosts.len()];
            let on_host = host.fetch_add(1, Ordering::SeqCst) + 1;
            most_per_host.fetch_max(on_host, Ordering::SeqCst);
            std::thread::sleep(Duration::from_millis(20));
            host.fetch_sub(1, Ordering::SeqCst);
            running.fetch_sub(1, Ordering::SeqCst);
            i
        });
        assert_eq!(done, (0..36).collect::<Vec<_>>());
        assert!(most.load(Ordering::SeqCst) <= 8);
        assert!(most_per_host.load(Ordering::SeqCst) <= 2);
        // The work ran concurrently at all.
        assert!(most.load(Ordering::SeqCst) > 2);
    }

    #[test]
    fn a_redirect_to_a_busy_host_waits_without_deadlock() {
        // Every job moves to the other host: each worker holds one slot at a time.
        let jobs: Vec<(String, usize)> = (0..12)
            .map(|i| (if i % 2 == 0 { "x" } else { "y" }.to_string(), i))
            .collect();
        let limits = Limits {
            total: 8,
            per_host: 1,
        };
        let done = run_all(jobs, limits, |i, slot| {
            std::thread::sleep(Duration::from_millis(5));
            slot.move_to(if i % 2 == 0 { "y" } else { "x" });
            std::thread::sleep(Duration::from_millis(5));
            i
        });
        assert_eq!(done.len(), 12);
    }
}
