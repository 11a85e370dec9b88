//! Figures of this process's work on the database, for `/metrics`: how many cycles it closed
//! and how long each took, the clearing rounds it applied, and the order lines waiting for
//! the group-commit writer. Counted in memory: each process its own.

use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::Mutex;

/// Upper bounds of a [`Histogram`]'s buckets, in seconds: from a millisecond (a request) to
/// a minute (a large close on a small server).
pub const BUCKETS: [f64; 14] = [
    0.001, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1.0, 2.5, 5.0, 10.0, 30.0, 60.0,
];

/// Durations counted into [`BUCKETS`]: counts per bucket (not cumulative), sum and count.
#[derive(Debug, Clone, Default)]
pub struct Histogram {
    pub buckets: [u64; BUCKETS.len()],
    pub sum: f64,
    pub count: u64,
}

impl Histogram {
    pub fn observe(&mut self, seconds: f64) {
        if let Some(i) = BUCKETS.iter().position(|b| seconds <= *b) {
            self.buckets[i] += 1;
        }
        self.sum += seconds;
        self.count += 1;
    }
}

/// What the store counts as it works (shared by every handle of one store).
#[derive(Debug, Default)]
pub(crate) struct Counters {
    pub closes: Mutex<Histogram>,
    pub clearing_rounds: AtomicU64,
}

impl Counters {
    pub fn closed(&self, seconds: f64) {
        self.closes
            .lock()
            .unwrap_or_else(|e| e.into_inner())
            .observe(seconds);
    }

    pub fn cleared(&self) {
        self.clearing_rounds.fetch_add(1, Ordering::Relaxed);
    }
}

/// A snapshot of the store's figures ([`crate::Store::metrics`]).
#[derive(Debug, Clone, Default)]
pub struct StoreMetrics {
    /// Cycles closed, and how long each close took.
    pub closes: Histogram,
    pub clearing_rounds_applied: u64,
    /// Order lines queued for the group-commit writer, not yet in a batch.
    pub placement_queue_depth: u64,
}

impl crate::Store {
    /// This process's figures so far.
    pub fn metrics(&self) -> StoreMetrics {
        StoreMetrics {
            closes: self
                .counters
                .closes
                .lock()
                .unwrap_or_else(|e| e.into_inner())
                .clone(),
            clearing_rounds_applied: self.counters.clearing_rounds.load(Ordering::Relaxed),
            placement_queue_depth: self
                .writers
                .placer
                .get()
                .map_or(0, |q| (q.max_capacity() - q.capacity()) as u64),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn each_duration_lands_in_the_first_bucket_that_holds_it() {
        let mut h = Histogram::default();
        for s in [0.0005, 0.001, 0.003, 0.2, 90.0] {
            h.observe(s);
        }
        assert_eq!(h.buckets[0], 2, "0.0005 and 0.001 (bounds are inclusive)");
        assert_eq!(h.buckets[1], 1);
        assert_eq!(h.buckets[6], 1, "0.2 ≤ 0.25");
        assert_eq!(
            h.buckets.iter().sum::<u64>(),
            4,
            "90 s is past every bucket"
        );
        assert_eq!(h.count, 5);
    }
}
