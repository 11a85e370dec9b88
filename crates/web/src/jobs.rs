//! Long imports run beside the request that started them: the page answers at once with a
//! job's address, and the job's page shows how far it is (it reloads itself every two seconds,
//! no script needed) until the report is there.
//!
//! Jobs live in this process's memory only. That loses nothing acknowledged: an import is
//! one transaction, so a job cut off by a restart wrote nothing, and its page says it is gone.

use std::collections::HashMap;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use uuid::Uuid;

/// How long a finished job is kept to be read (and applied, after a dry run).
const KEEP: Duration = Duration::from_secs(3600);
/// The most jobs kept at once; the oldest finished ones go first.
const MAX_JOBS: usize = 32;

/// A directory import's job.
pub struct Job {
    /// Who started it: the only one who may see it.
    pub person: Uuid,
    pub network: Uuid,
    /// Whether it writes (else a dry run).
    pub apply: bool,
    /// The sheets, kept so that a checked dry run can be applied without sending them again.
    pub files: bayanihan_app::import::DirectoryFiles,
    pub done: AtomicUsize,
    pub total: AtomicUsize,
    pub result: Mutex<Option<Result<bayanihan_app::import::DirectoryReport, String>>>,
    pub started: Instant,
}

/// The jobs of this process.
#[derive(Default, Clone)]
pub struct Jobs {
    inner: Arc<Mutex<HashMap<Uuid, Arc<Job>>>>,
}

impl Jobs {
    /// Keeps a new job and returns its id; `None` when the server has as many as it keeps
    /// (each holds its sheets in memory) and none of them has finished, or the person has a
    /// job running already.
    pub fn add(&self, job: Job) -> Option<(Uuid, Arc<Job>)> {
        let id = Uuid::new_v4();
        let job = Arc::new(job);
        let mut map = self.inner.lock().unwrap_or_else(|e| e.into_inner());
        // A job whose task died without a result is dropped with the finished ones.
        map.retain(|_, j| j.started.elapsed() < KEEP);
        if map.values().any(|j| j.person == job.person && !finished(j)) {
            return None;
        }
        while map.len() >= MAX_JOBS {
            let oldest = map
                .iter()
                .filter(|(_, j)| finished(j))
                .min_by_key(|(_, j)| j.started)
                .map(|(id, _)| *id);
            match oldest {
                Some(o) => {
                    map.remove(&o);
                }
                None => return None,
            }
        }
        map.insert(id, job.clone());
        Some((id, job))
    }

    /// A job, when it exists and belongs to `person`.
    pub fn get(&self, id: Uuid, person: Uuid) -> Option<Arc<Job>> {
        let map = self.inner.lock().unwrap_or_else(|e| e.into_inner());
        map.get(&id).filter(|j| j.person == person).cloned()
    }
}

fn finished(j: &Job) -> bool {
    j.result.lock().map(|r| r.is_some()).unwrap_or(true)
}

impl Job {
    pub fn progress(&self) -> (usize, usize) {
        (
            self.done.load(Ordering::Relaxed),
            self.total.load(Ordering::Relaxed),
        )
    }
}
