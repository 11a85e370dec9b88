//! Write transactions with retry.

use sqlx::{Any, Transaction};

use crate::{Backend, Store, StoreError};

/// How many times a write transaction is attempted before its error is returned.
pub(crate) const MAX_ATTEMPTS: u32 = 10;

impl Store {
    /// Opens a write transaction: `BEGIN IMMEDIATE` on SQLite (take the write lock now, so a
    /// read-then-write never fails half-way), SERIALIZABLE on PostgreSQL.
    pub(crate) async fn begin_write(&self) -> Result<Transaction<'static, Any>, StoreError> {
        let stmt = match self.backend {
            Backend::Sqlite => "BEGIN IMMEDIATE",
            Backend::Postgres => "BEGIN ISOLATION LEVEL SERIALIZABLE",
        };
        Ok(self.pool.begin_with(stmt).await?)
    }

    /// A write that may change who may do what has committed: this process reads sign-ins
    /// and memberships afresh (other processes do within `auth_cache::FRESH_FOR`).
    pub(crate) fn access_changed(&self) {
        self.auth.changed();
    }
}

/// Backoff before attempt `n` (1-based) of a retried transaction: 2, 4, 8 … ms, capped, with
/// jitter from the clock so that racing clients spread out.
pub(crate) async fn backoff(attempt: u32) {
    let base = 2u64 << attempt.min(7);
    let jitter = u64::from(jiff::Timestamp::now().subsec_nanosecond().unsigned_abs()) % base.max(1);
    tokio::time::sleep(std::time::Duration::from_millis(base + jitter)).await;
}

/// Runs `$body` (which may use `$tx`, and must evaluate to `Result<T, StoreError>`) inside a
/// write transaction, commits it, and retries the whole of it on a serialization failure.
/// A macro rather than a closure so that the body may borrow the caller's arguments.
///
/// Every committed write is taken to possibly change who may do what (`auth_cache`), except
/// under `write_tx!(keeps_access; …)`, for the hot writes that cannot (order lines, ballots).
macro_rules! write_tx {
    ($store:expr, $tx:ident, $body:block) => {{
        let r = write_tx!(keeps_access; $store, $tx, $body);
        if r.is_ok() {
            $store.access_changed();
        }
        r
    }};
    (keeps_access; $store:expr, $tx:ident, $body:block) => {{
        let mut attempt: u32 = 0;
        loop {
            attempt += 1;
            let result: Result<_, $crate::StoreError> = async {
                #[allow(unused_mut)]
                let mut $tx = $store.begin_write().await?;
                let r: Result<_, $crate::StoreError> = async { $body }.await;
                match r {
                    Ok(value) => {
                        $tx.commit().await?;
                        Ok(value)
                    }
                    Err(e) => {
                        // Rolled back now, not when the connection next leaves the pool:
                        // until then a failed write would hold SQLite's write lock (and, on
                        // a shared in-memory database, its schema lock) against the next one.
                        let _ = $tx.rollback().await;
                        Err(e)
                    }
                }
            }
            .await;
            match result {
                Err(e) if e.is_retryable() && attempt < $crate::tx::MAX_ATTEMPTS => {
                    tracing::debug!(attempt, error = %e, "retrying write transaction");
                    $crate::tx::backoff(attempt).await;
                }
                other => break other,
            }
        }
    }};
}
