//! Whether the service can do its work, for monitors and load balancers.

use bayanihan_store::Store;

use crate::AppResult;

/// The database answers.
pub async fn ping(store: &Store) -> AppResult<()> {
    Ok(store.ping().await?)
}
