//! Group commit: many writers' requests in one write transaction, one fsync.
//!
//! On order day many members place lines at once; at an assembly's close many cast their
//! ballots. Each acknowledged write must be durable (SQLite `synchronous=FULL`: one fsync per
//! commit), and one fsync per request — with every writer queuing for SQLite's one write lock —
//! would cap the network at the disk's commit rate. So requests of a kind are queued to one
//! writer task, which takes every request waiting, applies them in a single write transaction,
//! commits once, and only then answers each. A request's own refusal does not touch the others
//! in the batch: each kind checks everything before its first write. Should the database refuse
//! a statement of the batch, each request is tried again alone, so one bad request cannot sink
//! its neighbours; any other failure of the whole batch is every request's answer.

use std::sync::OnceLock;

use futures_util::future::BoxFuture;
use tokio::sync::{mpsc, oneshot};

use crate::{Store, StoreError};

/// Most requests committed together.
const MAX_BATCH: usize = 512;

pub(crate) struct Request<I, O> {
    item: I,
    reply: oneshot::Sender<Result<O, StoreError>>,
}

pub(crate) type Queue<I, O> = mpsc::Sender<Request<I, O>>;

/// Applies a batch in one write transaction: `Err` only for a failure of the whole batch;
/// each request's own refusal is in its slot, one slot per request.
pub(crate) type Apply<I, O> =
    for<'a> fn(&'a Store, &'a [I]) -> BoxFuture<'a, Result<Vec<Result<O, StoreError>>, StoreError>>;

/// Queues `item` to the writer of its kind (started on first use) and waits for its answer,
/// which comes once the batch holding it is committed.
pub(crate) async fn submit<I: Send + Sync + 'static, O: Send + 'static>(
    store: &Store,
    queue: &OnceLock<Queue<I, O>>,
    apply: Apply<I, O>,
    item: I,
) -> Result<O, StoreError> {
    let queue = queue.get_or_init(|| {
        let (tx, rx) = mpsc::channel(4096);
        // The writer holds a store without writers of its own, so dropping the last handle
        // of this store ends it.
        tokio::spawn(run(store.without_writers(), rx, apply));
        tx
    });
    let stopped = || StoreError::Config("the group-commit writer has stopped".into());
    let (reply, answer) = oneshot::channel();
    queue
        .send(Request { item, reply })
        .await
        .map_err(|_| stopped())?;
    answer.await.map_err(|_| stopped())?
}

/// Whether a batch's failure may be one request's doing (a statement the database refused
/// for its data), so that each request is worth trying alone.
fn splits(e: &StoreError) -> bool {
    !e.is_retryable()
        && matches!(
            e,
            // A native SQLite writer's refused statement comes as `Native`; a commit that
            // SQLite refuses leaves nothing written, so trying each alone cannot write twice.
            StoreError::Database(sqlx::Error::Database(_))
                | StoreError::Corrupt(_)
                | StoreError::Native(..)
        )
}

/// The same failure for another request of the batch (a database error is not `Clone`): an
/// unreachable database stays one, so that each client hears "try again later".
fn copy(e: &StoreError) -> StoreError {
    use sqlx::Error as E;
    match e {
        StoreError::Database(E::PoolTimedOut) => StoreError::Database(E::PoolTimedOut),
        StoreError::Database(E::PoolClosed) => StoreError::Database(E::PoolClosed),
        StoreError::Database(E::Io(io)) => {
            StoreError::Database(E::Io(std::io::Error::new(io.kind(), io.to_string())))
        }
        e => StoreError::Native(e.to_string(), e.is_retryable()),
    }
}

async fn run<I: Send + Sync, O: Send>(
    store: Store,
    mut rx: mpsc::Receiver<Request<I, O>>,
    apply: Apply<I, O>,
) {
    while let Some(first) = rx.recv().await {
        let mut items = vec![first.item];
        let mut replies = vec![first.reply];
        while items.len() < MAX_BATCH {
            match rx.try_recv() {
                Ok(r) => {
                    items.push(r.item);
                    replies.push(r.reply);
                }
                Err(_) => break,
            }
        }
        let results = match apply(&store, &items).await {
            Ok(results) => results,
            Err(e) if items.len() == 1 => vec![Err(e)],
            // Contention that outlasted the retries, a lost connection, a commit whose outcome
            // is unknown: trying each request again alone would only repeat it (or, after a
            // commit that did land, write it twice). Every request hears of it.
            Err(e) if !splits(&e) => items.iter().map(|_| Err(copy(&e))).collect(),
            Err(_) => {
                let mut results = Vec::with_capacity(items.len());
                for item in &items {
                    results.push(match apply(&store, std::slice::from_ref(item)).await {
                        Ok(mut one) => one.pop().unwrap_or(Err(StoreError::Config(
                            "a batch of one answered nothing".into(),
                        ))),
                        Err(e) => Err(e),
                    });
                }
                results
            }
        };
        for (reply, result) in replies.into_iter().zip(results) {
            let _ = reply.send(result);
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn only_a_refused_statement_splits_a_batch_and_busy_stays_busy() {
        assert!(splits(&StoreError::Corrupt("a line".into())));
        for whole in [
            StoreError::Database(sqlx::Error::PoolTimedOut),
            StoreError::Database(sqlx::Error::Io(std::io::Error::other("reset"))),
            StoreError::Native("locked".into(), true),
            StoreError::Config("x".into()),
        ] {
            assert!(!splits(&whole), "{whole:?}");
        }
        assert!(matches!(
            copy(&StoreError::Database(sqlx::Error::PoolTimedOut)),
            StoreError::Database(sqlx::Error::PoolTimedOut)
        ));
        match copy(&StoreError::Database(sqlx::Error::Io(std::io::Error::new(
            std::io::ErrorKind::ConnectionReset,
            "reset",
        )))) {
            StoreError::Database(sqlx::Error::Io(io)) => {
                assert_eq!(io.kind(), std::io::ErrorKind::ConnectionReset)
            }
            other => panic!("{other:?}"),
        }
        assert!(matches!(
            copy(&StoreError::Native("locked".into(), true)),
            StoreError::Native(_, true)
        ));
    }
}
