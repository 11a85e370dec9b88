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

/// SQLite numbers `$name` parameters by first appearance, so `$2 … $1` would bind backwards;
/// this maps `$1…$N` to SQLite's own indexes, as sqlx does.
fn indexes(stmt: &rusqlite::Statement<'_>, n: usize) -> Result<Vec<usize>, StoreError> {
    (1..=n)
        .map(|i| {
            stmt.parameter_index(&format!("${i}"))?.ok_or_else(|| {
                StoreError::Native(format!("statement has no parameter ${i}"), false)
            })
        })
        .collect()
}

pub(crate) fn bind(stmt: &mut rusqlite::Statement<'_>, params: &[Param]) -> Result<(), StoreError> {
    let idx = indexes(stmt, params.len())?;
    for (p, &i) in params.iter().zip(&idx) {
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
    // As on the pool's connections: a commit is on disk before it is acknowledged.
    conn.execute_batch(
        "PRAGMA synchronous = FULL; PRAGMA foreign_keys = ON; PRAGMA cache_size = -65536;",
    )?;
    Ok(conn)
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
