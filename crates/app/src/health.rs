//! Whether the service can do its work, and what it has done, for monitors and load
//! balancers.

use bayanihan_store::Store;

use crate::AppResult;

/// The database answers.
pub async fn ping(store: &Store) -> AppResult<()> {
    Ok(store.ping().await?)
}

/// What this process's store has done (closes, clearing rounds, the placement queue), for
/// `/metrics`.
pub fn store_metrics(store: &Store) -> bayanihan_store::StoreMetrics {
    store.metrics()
}
