//! Native SQLite connections (rusqlite, the same SQLite library sqlx links) for the work that
//! sqlx would make slow or cannot do: the close's fast path, the online backup API, bulk
//! loads. They run the same SQL text as the pool, `$1…$N` included, with the same settings.

use crate::stmt::Param;
use crate::StoreError;

impl From<rusqlite::Error> for StoreError {
    fn from(e: rusqlite::Error) -> Self {
        StoreError::Native(
            e.to_string(),
            matches!(
                e.sqlite_error_code(),
                Some(rusqlite::ErrorCode::DatabaseBusy | rusqlite::ErrorCode::DatabaseLocked)
            ),
        )
    }
}

/// The names of the first parameters, so that binding on a hot path makes no strings.
const NAMES: [&str; 16] = [
    "$1", "$2", "$3", "$4", "$5", "$6", "$7", "$8", "$9", "$10", "$11", "$12", "$13", "$14", "$15",
    "$16",
];

/// SQLite numbers `$name` parameters by first appearance, so `$2 … $1` would bind backwards;
/// this maps `$i` to SQLite's own index, as sqlx does.
fn index(stmt: &rusqlite::Statement<'_>, i: usize) -> Result<usize, StoreError> {
    let found = match NAMES.get(i - 1) {
        Some(name) => stmt.parameter_index(name)?,
        None => stmt.parameter_index(&format!("${i}"))?,
    };
    found.ok_or_else(|| StoreError::Native(format!("statement has no parameter ${i}"), false))
}

pub(crate) fn bind(stmt: &mut rusqlite::Statement<'_>, params: &[Param]) -> Result<(), StoreError> {
    for (n, p) in params.iter().enumerate() {
        let i = index(stmt, n + 1)?;
        match p {
            Param::Text(s) => stmt.raw_bind_parameter(i, s)?,
            Param::Int(n) => stmt.raw_bind_parameter(i, n)?,
            Param::Blob(b) => stmt.raw_bind_parameter(i, b)?,
            Param::Null => stmt.raw_bind_parameter(i, rusqlite::types::Null)?,
        }
    }
    Ok(())
}

/// A native connection to the same SQLite database the pool uses, waiting up to 30 s for
/// the write lock, with `synchronous=FULL` like every connection of the pool.
pub(crate) fn open_native(file: &str) -> Result<rusqlite::Connection, StoreError> {
    use rusqlite::OpenFlags;
    let conn = rusqlite::Connection::open_with_flags(
        file,
        OpenFlags::SQLITE_OPEN_READ_WRITE
            | OpenFlags::SQLITE_OPEN_URI
            | OpenFlags::SQLITE_OPEN_NO_MUTEX,
    )?;
    conn.busy_timeout(std::time::Duration::from_secs(30))?;
    // A batch's statements differ in how many rows or ids they carry (`placing`): room for
    // each size, so that none is prepared again and again.
    conn.set_prepared_statement_cache_capacity(256);
    // As on the pool's connections: a commit is on disk before it is acknowledged.
    conn.execute_batch(
        "PRAGMA synchronous = FULL; PRAGMA foreign_keys = ON; PRAGMA cache_size = -65536;",
    )?;
    Ok(conn)
}

/// Runs `work` in one write transaction (`BEGIN IMMEDIATE`) on `conn`, a native connection
/// to `file` kept by its caller (opened on first use), and commits; tried again, as
/// `write_tx!` does, while SQLite is busy. For a hot writer that keeps its connection and
/// its prepared statements.
pub(crate) fn write_native<T>(
    file: &str,
    conn: &mut Option<rusqlite::Connection>,
    mut work: impl FnMut(&rusqlite::Transaction<'_>) -> Result<T, StoreError>,
) -> Result<T, StoreError> {
    let mut attempt = 0;
    loop {
        attempt += 1;
        let result: Result<T, StoreError> = (|| {
            let c = match conn {
                Some(c) => c,
                None => conn.insert(open_native(file)?),
            };
            let tx = c.transaction_with_behavior(rusqlite::TransactionBehavior::Immediate)?;
            let value = work(&tx)?;
            tx.commit()?;
            Ok(value)
        })();
        match result {
            Err(e) if e.is_retryable() && attempt < crate::tx::MAX_ATTEMPTS => {
                tracing::debug!(attempt, error = %e, "retrying native write transaction");
                std::thread::sleep(std::time::Duration::from_millis(2 << attempt.min(7)));
            }
            Err(e) => {
                // A connection that failed otherwise is not trusted again.
                if !e.is_retryable() {
                    *conn = None;
                }
                break Err(e);
            }
            ok => break ok,
        }
    }
}

/// The rows of `sql` (its `$1…$N` bound to `params`) on a native SQLite connection, each
/// made into a `T` by `row`.
pub(crate) fn native_rows<T>(
    file: &str,
    sql: &str,
    params: &[Option<String>],
    row: impl Fn(&rusqlite::Row<'_>) -> Result<T, StoreError>,
) -> Result<Vec<T>, StoreError> {
    use crate::stmt::Param;
    let conn = open_native(file)?;
    let mut st = conn.prepare(sql)?;
    let params: Vec<Param> = params
        .iter()
        .map(|p| p.clone().map_or(Param::Null, Param::Text))
        .collect();
    bind(&mut st, &params)?;
    let mut rows = st.raw_query();
    let mut out = Vec::new();
    while let Some(r) = rows.next()? {
        out.push(row(r)?);
    }
    Ok(out)
}

impl crate::Store {
    /// The rows of `sql` (`$1…$N` bound to `params`), each made into a `T` by `native` on a
    /// native SQLite connection — 100,000 rows decode slowly through the portable layer — or
    /// by `portable` on PostgreSQL.
    pub(crate) async fn read_rows<T: Send + 'static>(
        &self,
        sql: String,
        params: Vec<Option<String>>,
        native: fn(&rusqlite::Row<'_>) -> Result<T, StoreError>,
        portable: fn(&sqlx::any::AnyRow) -> Result<T, StoreError>,
    ) -> Result<Vec<T>, StoreError> {
        match &self.sqlite_file {
            Some(file) => {
                let file = file.clone();
                tokio::task::spawn_blocking(move || native_rows(&file, &sql, &params, native))
                    .await
                    .map_err(|e| StoreError::Native(e.to_string(), false))?
            }
            None => {
                let mut q = sqlx::query(&sql);
                for p in params {
                    q = q.bind(p);
                }
                q.fetch_all(&self.pool)
                    .await?
                    .iter()
                    .map(portable)
                    .collect()
            }
        }
    }
}

/// A native SQLite write transaction as an [`Exec`]: the same SQL text, each statement
/// prepared once per connection and cached.
pub(crate) struct NativeTx<'c>(pub &'c rusqlite::Transaction<'c>);

impl crate::stmt::Exec for NativeTx<'_> {
    async fn execute(&mut self, sql: &str, params: &[Param]) -> Result<u64, StoreError> {
        let mut st = self.0.prepare_cached(sql)?;
        bind(&mut st, params)?;
        Ok(st.raw_execute()? as u64)
    }

    async fn rows(
        &mut self,
        sql: &str,
        params: &[Param],
        cols: &[crate::stmt::Col],
    ) -> Result<Vec<Vec<Param>>, StoreError> {
        let mut st = self.0.prepare_cached(sql)?;
        bind(&mut st, params)?;
        let mut rows = st.raw_query();
        let mut out = Vec::new();
        while let Some(row) = rows.next()? {
            let mut values = Vec::with_capacity(cols.len());
            for (i, c) in cols.iter().enumerate() {
                values.push(match c {
                    crate::stmt::Col::Text => row
                        .get::<_, Option<String>>(i)?
                        .map_or(Param::Null, Param::Text),
                    crate::stmt::Col::Int => row
                        .get::<_, Option<i64>>(i)?
                        .map_or(Param::Null, Param::Int),
                });
            }
            out.push(values);
        }
        Ok(out)
    }
}

/// The output of a future that never waits (one over [`NativeTx`]), polled once on this
/// thread.
pub(crate) fn run_now<F: std::future::Future>(f: F) -> F::Output {
    use std::task::{Context, Poll, Waker};
    let mut f = std::pin::pin!(f);
    match f.as_mut().poll(&mut Context::from_waker(Waker::noop())) {
        Poll::Ready(out) => out,
        // Only a future over a native transaction comes here, and it never waits.
        Poll::Pending => unreachable!("a native statement waited"),
    }
}
