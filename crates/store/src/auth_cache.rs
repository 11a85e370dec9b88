//! Who is calling, remembered for a few seconds: every scripted request presents its API
//! token, and reading the token's person with their memberships and stewardship is a query
//! of its own — on order day, as costly as placing the line.
//!
//! Two rules keep the cache from granting what the database no longer does:
//! - **In this process**, every committed write transaction that may change who may do what
//!   moves an epoch on, and an entry read before that write is not used again. Only the hot
//!   writes that cannot change it (order lines, ballots) leave the epoch alone.
//! - **In other processes** sharing the database (several `bayanihan serve` behind one load
//!   balancer), nothing is told: an entry is used for at most [`FRESH_FOR`], so a revoked
//!   token, an ended session or a removed role stops working everywhere within 5 seconds.
//!
//! Unknown tokens are not remembered: someone trying random tokens fills nothing.

use std::collections::HashMap;
use std::hash::Hash;
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::Mutex;
use std::time::{Duration, Instant};

use bayanihan_domain::access::Subject;
use uuid::Uuid;

use crate::auth::SessionInfo;

/// How long an entry is used without asking the database again. Under the 5 seconds
/// promised, with room for the request that read it.
pub(crate) const FRESH_FOR: Duration = Duration::from_secs(4);

/// Entries kept per table; past it, stale ones are dropped, and if none is stale, all.
const MAX_ENTRIES: usize = 50_000;

#[derive(Debug, Default)]
pub(crate) struct AuthCache {
    epoch: AtomicU64,
    /// API token digest → its subject.
    pub tokens: Table<String, Subject>,
    /// Person → their subject (signed in through a session).
    pub people: Table<Uuid, Subject>,
    /// Session digest → the session and when it expires (µs).
    pub sessions: Table<String, (SessionInfo, i64)>,
}

impl AuthCache {
    /// The epoch to read under: take it before the query whose answer is put.
    pub fn epoch(&self) -> u64 {
        self.epoch.load(Ordering::SeqCst)
    }

    /// A write that may change who may do what has committed: forget everything read before.
    pub fn changed(&self) {
        self.epoch.fetch_add(1, Ordering::SeqCst);
    }
}

#[derive(Debug)]
struct Entry<V> {
    value: V,
    epoch: u64,
    at: Instant,
}

#[derive(Debug)]
pub(crate) struct Table<K, V>(Mutex<HashMap<K, Entry<V>>>);

impl<K, V> Default for Table<K, V> {
    fn default() -> Self {
        Table(Mutex::new(HashMap::new()))
    }
}

impl<K: Hash + Eq, V: Clone> Table<K, V> {
    /// The remembered value of `key`, if it was read in the current epoch and is fresh.
    pub fn get<Q>(&self, key: &Q, epoch: u64) -> Option<V>
    where
        K: std::borrow::Borrow<Q>,
        Q: Hash + Eq + ?Sized,
    {
        let map = self.0.lock().unwrap_or_else(|e| e.into_inner());
        map.get(key)
            .filter(|e| e.epoch == epoch && e.at.elapsed() < FRESH_FOR)
            .map(|e| e.value.clone())
    }

    /// Remembers `value`, read from the database under `epoch`.
    pub fn put(&self, key: K, value: V, epoch: u64) {
        let mut map = self.0.lock().unwrap_or_else(|e| e.into_inner());
        if map.len() >= MAX_ENTRIES {
            map.retain(|_, e| e.at.elapsed() < FRESH_FOR);
            if map.len() >= MAX_ENTRIES {
                map.clear();
            }
        }
        map.insert(
            key,
            Entry {
                value,
                epoch,
                at: Instant::now(),
            },
        );
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn an_entry_serves_its_epoch_only_and_only_while_fresh() {
        let t: Table<String, u32> = Table::default();
        t.put("a".into(), 1, 7);
        assert_eq!(t.get("a", 7), Some(1));
        assert_eq!(t.get("a", 8), None, "a write since the read");
        assert_eq!(t.get("b", 7), None);
        // Aged past FRESH_FOR.
        t.0.lock().unwrap().get_mut("a").unwrap().at = Instant::now() - FRESH_FOR;
        assert_eq!(t.get("a", 7), None);
    }

    #[test]
    fn a_full_table_drops_stale_entries_first() {
        let t: Table<u32, u32> = Table::default();
        for k in 0..MAX_ENTRIES as u32 {
            t.put(k, k, 0);
        }
        t.0.lock().unwrap().get_mut(&0).unwrap().at = Instant::now() - FRESH_FOR;
        t.put(u32::MAX, 1, 0);
        assert_eq!(t.get(&0, 0), None);
        assert_eq!(t.get(&1, 0), Some(1), "fresh entries stay");
        assert_eq!(t.0.lock().unwrap().len(), MAX_ENTRIES);
    }
}
