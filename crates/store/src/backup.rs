//! Backups while serving, and restores into an empty database.
//!
//! Two forms:
//! - **SQLite file** (from a SQLite database): SQLite's online backup API copies every page in
//!   one step under a read transaction, so the copy is one consistent snapshot, and writers
//!   go on meanwhile (WAL: readers never block them). The copy is checked with
//!   `PRAGMA integrity_check`, synced, and renamed into place, so a half-written backup never
//!   carries the final name.
//! - **Logical export** (from either engine): JSON lines, read in one snapshot transaction
//!   (REPEATABLE READ, READ ONLY on PostgreSQL). The format is in `docs/operations.md`:
//!   a header line naming the schema version, then per table a line naming its columns and a
//!   line per row (`null`, integers, floats, strings, `{"base64": …}` for bytes), then an end
//!   line counting the rows, so a cut-off file is refused.
//!
//! A restore reads either form, builds the backup's schema version in the empty target,
//! inserts every row in one transaction (all or nothing), then migrates to this build's
//! version. A logical export also moves a network from SQLite to PostgreSQL.

use std::collections::HashMap;
use std::io::{BufRead, Write};
use std::path::Path;

use base64::Engine as _;
use futures_util::TryStreamExt;
use serde_json::{json, Value};
use sqlx::{AnyConnection, Row};

use crate::{Backend, Store, StoreError};

/// Every table a backup carries, parents before children (the order a restore inserts in),
/// each with the order its rows are read in where a row may name another of its table.
const TABLES: &[(&str, &str)] = &[
    ("organizations", ""),
    ("organization_roles", ""),
    ("organization_qualifiers", ""),
    ("network_memberships", ""),
    ("people", ""),
    ("demographics", ""),
    ("memberships", ""),
    ("sessions", ""),
    ("api_tokens", ""),
    ("settings", ""),
    ("products", ""),
    // Before the lines, which name the share they deliver.
    ("seasons", ""),
    ("season_groups", ""),
    ("season_share_kinds", ""),
    ("season_pickups", ""),
    ("season_shares", ""),
    ("cycles", ""),
    ("cycle_participants", ""),
    ("pickup_points", ""),
    ("offers", ""),
    ("order_lines", ""),
    ("cycle_documents", ""),
    ("obligations", ""),
    // A reversal names the payment it reverses: every payment before every reversal (a
    // reversal is never reversed), whatever the clock said.
    (
        "payments",
        " ORDER BY CASE WHEN reverses IS NULL THEN 0 ELSE 1 END, created_at",
    ),
    ("ledger_transactions", ""),
    ("ledger_postings", ""),
    ("cycle_offer_totals", ""),
    ("reference_prices", ""),
    ("job_declarations", ""),
    ("packaging_returns", ""),
    ("impact_entities", ""),
    ("impact_rollups", ""),
    ("clearing_rounds", ""),
    ("clearing_set_offs", ""),
    ("sign_in_throttle", ""),
    ("idempotency_keys", ""),
    ("document_series", ""),
    ("product_photos", ""),
    ("access_links", ""),
    ("ledger_chain", ""),
    ("signing_keys", ""),
    ("ledger_checkpoints", ""),
    ("audit_log", ""),
    ("publications", ""),
    ("murmurations_nodes", ""),
    ("import_keys", ""),
    ("recognised_networks", ""),
    ("season_rounds", ""),
    ("season_deliveries", ""),
    ("season_offers", ""),
    ("season_absences", ""),
    ("season_advances", ""),
    ("season_debts", ""),
    ("wallet_limits", ""),
    ("wallet_transactions", ""),
    ("wallet_postings", ""),
    ("wallet_cycles", ""),
    ("bodies", ""),
    ("decisions", ""),
    ("decision_electorate", ""),
    ("decision_voters", ""),
    ("ballots", ""),
    ("proxies", ""),
    ("member_capital", ""),
    ("shg_rules", ""),
    ("shg_meetings", ""),
    ("shg_meeting_lines", ""),
    ("shg_borrowings", ""),
    ("shg_borrowing_instalments", ""),
    ("shg_loans", ""),
    ("shg_instalments", ""),
    ("shg_entries", ""),
    ("shg_postings", ""),
    ("shg_loan_par", ""),
    ("shg_par_days", ""),
    ("shg_linkage_shares", ""),
    ("investment_offers", ""),
    ("investment_commitments", ""),
    ("investment_repayments", ""),
];

const FORMAT: &str = "bayanihan-backup";
const SQLITE_MAGIC: &[u8] = b"SQLite format 3\0";

/// How a column's values are read and bound.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum ColType {
    Int,
    Real,
    Text,
    Blob,
}

impl ColType {
    fn of(declared: &str) -> ColType {
        let t = declared.to_ascii_uppercase();
        if t.contains("INT") {
            ColType::Int
        } else if t.contains("DOUBLE") || t.contains("REAL") || t.contains("FLOAT") {
            ColType::Real
        } else if t.contains("BYTEA") || t.contains("BLOB") {
            ColType::Blob
        } else {
            ColType::Text
        }
    }
}

/// What a backup or restore did.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct BackupSummary {
    pub schema_version: i64,
    pub tables: usize,
    pub rows: u64,
}

fn bad(msg: impl Into<String>) -> StoreError {
    StoreError::Config(msg.into())
}

fn io(path: &Path, e: std::io::Error) -> StoreError {
    bad(format!("{}: {e}", path.display()))
}

/// Whether a name may be pasted into SQL as an identifier: lower-case letters, digits and `_`.
/// Names come from the database's catalog, and a backup file is outside input: a crafted
/// column name must never reach the SQL text.
fn identifier(name: &str) -> Result<&str, StoreError> {
    let ok = !name.is_empty()
        && name.len() <= 63
        && name.starts_with(|c: char| c.is_ascii_lowercase() || c == '_')
        && name
            .chars()
            .all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '_');
    if ok {
        Ok(name)
    } else {
        Err(bad(format!(
            "refused: {name:?} is not a column or table name this build would write"
        )))
    }
}

/// The tables of the database (none when it is empty).
pub(crate) async fn tables_present(
    conn: &mut AnyConnection,
    backend: Backend,
) -> Result<Vec<String>, StoreError> {
    let sql = match backend {
        Backend::Sqlite => {
            "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%'"
        }
        Backend::Postgres => {
            "SELECT CAST(table_name AS TEXT) FROM information_schema.tables \
             WHERE table_schema = current_schema() AND table_type = 'BASE TABLE'"
        }
    };
    Ok(sqlx::query_scalar(sql).fetch_all(&mut *conn).await?)
}

async fn columns(
    conn: &mut AnyConnection,
    backend: Backend,
    table: &str,
) -> Result<Vec<(String, ColType)>, StoreError> {
    let sql = match backend {
        Backend::Sqlite => "SELECT name, type FROM pragma_table_info($1) ORDER BY cid",
        Backend::Postgres => {
            "SELECT CAST(column_name AS TEXT), CAST(data_type AS TEXT) FROM information_schema.columns \
             WHERE table_schema = current_schema() AND table_name = $1 ORDER BY ordinal_position"
        }
    };
    sqlx::query(sql)
        .bind(table)
        .fetch_all(&mut *conn)
        .await?
        .iter()
        .map(|r| {
            let name: String = r.try_get(0)?;
            identifier(&name)?;
            Ok((name, ColType::of(&r.try_get::<String, _>(1)?)))
        })
        .collect()
}

fn cell(r: &sqlx::any::AnyRow, i: usize, t: ColType) -> Result<Value, StoreError> {
    Ok(match t {
        ColType::Int => r
            .try_get::<Option<i64>, _>(i)?
            .map_or(Value::Null, Value::from),
        ColType::Real => r
            .try_get::<Option<f64>, _>(i)?
            .map_or(Value::Null, Value::from),
        ColType::Text => r
            .try_get::<Option<String>, _>(i)?
            .map_or(Value::Null, Value::from),
        ColType::Blob => r.try_get::<Option<Vec<u8>>, _>(i)?.map_or(
            Value::Null,
            |b| json!({ "base64": base64::engine::general_purpose::STANDARD.encode(b) }),
        ),
    })
}

impl Store {
    /// Writes a logical export of the whole database to `out`, from one snapshot.
    pub async fn export_logical(
        &self,
        out: &mut (dyn Write + Send),
    ) -> Result<BackupSummary, StoreError> {
        let begin = match self.backend {
            Backend::Sqlite => "BEGIN",
            Backend::Postgres => "BEGIN ISOLATION LEVEL REPEATABLE READ, READ ONLY",
        };
        let mut tx = self.pool.begin_with(begin).await?;
        let w = |out: &mut (dyn Write + Send), v: &Value| -> Result<(), StoreError> {
            serde_json::to_writer(&mut *out, v).map_err(|e| bad(e.to_string()))?;
            out.write_all(b"\n")
                .map_err(|e| bad(format!("cannot write the backup: {e}")))
        };
        let version: i64 = sqlx::query_scalar(
            "SELECT CAST(COALESCE(MAX(version), 0) AS BIGINT) FROM schema_migrations",
        )
        .fetch_one(&mut *tx)
        .await?;
        let present = tables_present(&mut tx, self.backend).await?;
        if let Some(unknown) = present
            .iter()
            .find(|t| *t != "schema_migrations" && !TABLES.iter().any(|(n, _)| n == t))
        {
            return Err(bad(format!(
                "table {unknown} is not one this build backs up: use the Bayanihan version that made it"
            )));
        }
        w(
            out,
            &json!({
                "format": FORMAT,
                "version": 1,
                "schema_version": version,
                "engine": match self.backend { Backend::Sqlite => "sqlite", Backend::Postgres => "postgres" },
                "taken_at": jiff::Timestamp::now().to_string(),
            }),
        )?;
        let mut summary = BackupSummary {
            schema_version: version,
            tables: 0,
            rows: 0,
        };
        for (table, order) in TABLES
            .iter()
            .filter(|(t, _)| present.iter().any(|p| p == t))
        {
            let cols = columns(&mut tx, self.backend, table).await?;
            w(
                out,
                &json!({ "table": table, "columns": cols.iter().map(|(n, _)| n).collect::<Vec<_>>() }),
            )?;
            let sql = format!(
                "SELECT {} FROM {table}{order}",
                cols.iter()
                    .map(|(n, _)| n.as_str())
                    .collect::<Vec<_>>()
                    .join(", ")
            );
            let mut rows = sqlx::query(&sql).fetch(&mut *tx);
            while let Some(r) = rows.try_next().await? {
                let vals = cols
                    .iter()
                    .enumerate()
                    .map(|(i, (_, t))| cell(&r, i, *t))
                    .collect::<Result<Vec<_>, _>>()?;
                w(out, &Value::Array(vals))?;
                summary.rows += 1;
            }
            summary.tables += 1;
        }
        w(
            out,
            &json!({ "end": true, "tables": summary.tables, "rows": summary.rows }),
        )?;
        out.flush()
            .map_err(|e| bad(format!("cannot write the backup: {e}")))?;
        drop(tx);
        Ok(summary)
    }

    /// Backs up to `output`: a SQLite database is copied with SQLite's online backup API, a
    /// PostgreSQL one exported logically. Either way one consistent snapshot, taken while the
    /// server goes on serving; the file appears under its name only once complete.
    pub async fn backup(&self, output: &Path) -> Result<BackupSummary, StoreError> {
        let tmp = output.with_extension(format!("partial-{}", uuid::Uuid::new_v4().simple()));
        let result = match (&self.backend, &self.sqlite_file) {
            (Backend::Sqlite, Some(file)) if !file.contains("mode=memory") => {
                let (file, tmp2) = (file.clone(), tmp.clone());
                tokio::task::spawn_blocking(move || sqlite_backup(&file, &tmp2))
                    .await
                    .map_err(|e| bad(e.to_string()))
                    .and_then(|r| r)
            }
            _ => {
                let mut f = std::io::BufWriter::new(private_file(&tmp)?);
                self.export_logical(&mut f).await.and_then(|s| {
                    f.into_inner()
                        .map_err(|e| bad(e.to_string()))?
                        .sync_all()
                        .map_err(|e| io(&tmp, e))?;
                    Ok(s)
                })
            }
        };
        match result {
            Ok(summary) => {
                std::fs::rename(&tmp, output).map_err(|e| io(output, e))?;
                Ok(summary)
            }
            Err(e) => {
                let _ = std::fs::remove_file(&tmp);
                Err(e)
            }
        }
    }

    /// Restores `input` (a SQLite backup or a logical export) into this database, which must be
    /// empty: builds the backup's schema, inserts every row in one transaction, then migrates
    /// to this build's schema.
    pub async fn restore(&self, input: &Path) -> Result<BackupSummary, StoreError> {
        let mut head = [0u8; 16];
        {
            use std::io::Read;
            let mut f = std::fs::File::open(input).map_err(|e| io(input, e))?;
            let n = f.read(&mut head).map_err(|e| io(input, e))?;
            if n == 0 {
                return Err(bad(format!("{} is empty: not a backup", input.display())));
            }
        }
        let summary = if head == SQLITE_MAGIC {
            // Read from a copy (opening a database may write to it) through the logical form,
            // so one restore path serves both engines; the copies hold people's data, so they
            // go in a folder only this user may enter.
            let dir = private_dir()?;
            let copy = dir.join("backup.db");
            let tmp = dir.join("backup.jsonl");
            let result = async {
                std::fs::copy(input, &copy).map_err(|e| io(input, e))?;
                let from = Store::connect(&format!("sqlite:{}", copy.display())).await?;
                let exported = async {
                    let mut f = std::io::BufWriter::new(private_file(&tmp)?);
                    from.export_logical(&mut f).await
                }
                .await;
                from.close().await;
                exported?;
                let f = std::fs::File::open(&tmp).map_err(|e| io(&tmp, e))?;
                self.import_logical(&mut std::io::BufReader::new(f)).await
            }
            .await;
            let _ = std::fs::remove_dir_all(&dir);
            result?
        } else {
            let f = std::fs::File::open(input).map_err(|e| io(input, e))?;
            self.import_logical(&mut std::io::BufReader::new(f)).await?
        };
        self.migrate().await?;
        Ok(summary)
    }

    /// Reads a logical export into this empty database: the export's schema version is built
    /// and every row inserted in one transaction, so a failure leaves the database as empty as
    /// it was.
    pub async fn import_logical(
        &self,
        input: &mut (dyn BufRead + Send),
    ) -> Result<BackupSummary, StoreError> {
        {
            let mut conn = self.pool.acquire().await?;
            if !tables_present(&mut conn, self.backend).await?.is_empty() {
                return Err(bad(
                    "the database is not empty: restore only into a new, empty database (nothing was changed)",
                ));
            }
        }
        let mut lines = input.lines();
        let mut next = |what: &str| -> Result<Value, StoreError> {
            let line = lines
                .next()
                .ok_or_else(|| {
                    bad(format!(
                        "the backup ends before its {what}: it is incomplete"
                    ))
                })?
                .map_err(|e| bad(format!("cannot read the backup: {e}")))?;
            serde_json::from_str(&line)
                .map_err(|e| bad(format!("the backup is damaged ({what}): {e}")))
        };
        let header = next("header")?;
        if header["format"] != FORMAT || header["version"] != 1 {
            return Err(bad("this file is not a Bayanihan backup"));
        }
        let version = header["schema_version"]
            .as_i64()
            .ok_or_else(|| bad("the backup's header has no schema version"))?;
        if version > crate::latest_version() {
            return Err(bad(format!(
                "the backup is of schema version {version}, newer than this build knows ({}): restore it with a newer Bayanihan",
                crate::latest_version()
            )));
        }
        let mut summary = BackupSummary {
            schema_version: version,
            tables: 0,
            rows: 0,
        };
        let mut tx = self.begin_write().await?;
        crate::migrate::build_in(&mut tx, self.backend, version).await?;
        if self.backend == Backend::Sqlite {
            // Rows go in parents first; this only lets a table name itself in any order.
            sqlx::query("PRAGMA defer_foreign_keys = ON")
                .execute(&mut *tx)
                .await?;
        }
        let mut types: HashMap<String, ColType> = HashMap::new();
        let mut table: Option<(String, Vec<(String, ColType)>)> = None;
        let mut batch: Vec<Vec<Value>> = Vec::new();
        loop {
            let v = next("end line")?;
            if v.is_array() {
                let Some((_, cols)) = &table else {
                    return Err(bad("the backup is damaged: a row before any table"));
                };
                let row = v.as_array().cloned().unwrap_or_default();
                if row.len() != cols.len() {
                    return Err(bad(
                        "the backup is damaged: a row with the wrong number of values",
                    ));
                }
                batch.push(row);
                summary.rows += 1;
                if batch.len() * cols.len().max(1) >= 2000 {
                    let (name, cols) = table.as_ref().expect("checked above");
                    insert(&mut tx, name, cols, &std::mem::take(&mut batch)).await?;
                }
                continue;
            }
            if let Some((name, cols)) = &table {
                insert(&mut tx, name, cols, &std::mem::take(&mut batch)).await?;
            }
            if v["end"] == true {
                if v["rows"].as_u64() != Some(summary.rows) {
                    return Err(bad(
                        "the backup is damaged: its row count does not match its rows",
                    ));
                }
                break;
            }
            let name = v["table"]
                .as_str()
                .filter(|n| TABLES.iter().any(|(t, _)| t == n))
                .ok_or_else(|| {
                    bad(format!(
                        "the backup names a table this build does not know: {}",
                        v["table"]
                    ))
                })?
                .to_string();
            let known = columns(&mut tx, self.backend, &name).await?;
            types.clear();
            types.extend(known);
            let cols = v["columns"]
                .as_array()
                .ok_or_else(|| bad("the backup is damaged: a table without columns"))?
                .iter()
                .map(|c| {
                    let c = c.as_str().unwrap_or_default();
                    types
                        .get(c)
                        .map(|t| (c.to_string(), *t))
                        .ok_or_else(|| bad(format!("the backup has a column {name}.{c} that schema version {version} lacks")))
                })
                .collect::<Result<Vec<_>, _>>()?;
            summary.tables += 1;
            table = Some((name, cols));
        }
        tx.commit().await?;
        self.access_changed();
        Ok(summary)
    }
}

/// A new file only its owner may read (backups hold people's data).
fn private_file(path: &Path) -> Result<std::fs::File, StoreError> {
    let mut o = std::fs::OpenOptions::new();
    o.write(true).create(true).truncate(true);
    #[cfg(unix)]
    std::os::unix::fs::OpenOptionsExt::mode(&mut o, 0o600);
    o.open(path).map_err(|e| io(path, e))
}

/// A new folder under the temporary directory that only this user may enter.
fn private_dir() -> Result<std::path::PathBuf, StoreError> {
    let dir = std::env::temp_dir().join(format!(
        "bayanihan-restore-{}",
        uuid::Uuid::new_v4().simple()
    ));
    let mut b = std::fs::DirBuilder::new();
    #[cfg(unix)]
    std::os::unix::fs::DirBuilderExt::mode(&mut b, 0o700);
    b.create(&dir).map_err(|e| io(&dir, e))?;
    Ok(dir)
}

/// Inserts rows of one table in one multi-row statement.
async fn insert(
    tx: &mut sqlx::Transaction<'static, sqlx::Any>,
    table: &str,
    cols: &[(String, ColType)],
    rows: &[Vec<Value>],
) -> Result<(), StoreError> {
    if rows.is_empty() {
        return Ok(());
    }
    let mut sql = format!(
        "INSERT INTO {table} ({}) VALUES ",
        cols.iter()
            .map(|(n, _)| n.as_str())
            .collect::<Vec<_>>()
            .join(", ")
    );
    let mut n = 0;
    for (i, _) in rows.iter().enumerate() {
        if i > 0 {
            sql.push_str(", ");
        }
        sql.push('(');
        for j in 0..cols.len() {
            n += 1;
            if j > 0 {
                sql.push_str(", ");
            }
            sql.push_str(&format!("${n}"));
        }
        sql.push(')');
    }
    let mut q = sqlx::query(&sql);
    for row in rows {
        for (v, (name, t)) in row.iter().zip(cols) {
            let wrong = || bad(format!("the backup is damaged: {table}.{name} holds {v}"));
            q = match (t, v) {
                (ColType::Int, Value::Null) => q.bind(None::<i64>),
                (ColType::Int, v) => q.bind(v.as_i64().ok_or_else(wrong)?),
                (ColType::Real, Value::Null) => q.bind(None::<f64>),
                (ColType::Real, v) => q.bind(v.as_f64().ok_or_else(wrong)?),
                (ColType::Text, Value::Null) => q.bind(None::<String>),
                (ColType::Text, v) => q.bind(v.as_str().ok_or_else(wrong)?.to_string()),
                (ColType::Blob, Value::Null) => q.bind(None::<Vec<u8>>),
                (ColType::Blob, v) => q.bind(
                    v["base64"]
                        .as_str()
                        .and_then(|b| base64::engine::general_purpose::STANDARD.decode(b).ok())
                        .ok_or_else(wrong)?,
                ),
            };
        }
    }
    q.execute(&mut **tx).await?;
    Ok(())
}

/// Copies the SQLite database `file` to `tmp` with the online backup API, checks the copy and
/// syncs it to disk.
fn sqlite_backup(file: &str, tmp: &Path) -> Result<BackupSummary, StoreError> {
    let src = crate::native::open_native(file)?;
    drop(private_file(tmp)?);
    let mut dst = rusqlite::Connection::open(tmp)?;
    {
        let b = rusqlite::backup::Backup::new(&src, &mut dst)?;
        // Every page in one step: one read transaction, hence one snapshot, never restarted by
        // a concurrent writer.
        loop {
            match b.step(-1)? {
                rusqlite::backup::StepResult::Done => break,
                // A writer holds a lock the copy needs for a moment: wait, then go on.
                _ => std::thread::sleep(std::time::Duration::from_millis(20)),
            }
        }
    }
    let ok: String = dst.query_row("PRAGMA integrity_check", [], |r| r.get(0))?;
    if ok != "ok" {
        return Err(bad(format!("the copy failed its integrity check: {ok}")));
    }
    let mut summary = BackupSummary {
        schema_version: dst.query_row(
            "SELECT COALESCE(MAX(version), 0) FROM schema_migrations",
            [],
            |r| r.get(0),
        )?,
        tables: 0,
        rows: 0,
    };
    for (table, _) in TABLES {
        let present: i64 = dst.query_row(
            "SELECT COUNT(*) FROM sqlite_master WHERE type = 'table' AND name = ?1",
            [table],
            |r| r.get(0),
        )?;
        if present > 0 {
            let n: i64 =
                dst.query_row(&format!("SELECT COUNT(*) FROM {table}"), [], |r| r.get(0))?;
            summary.tables += 1;
            summary.rows += n as u64;
        }
    }
    // One file, no WAL beside it: the backup is complete in itself.
    dst.query_row("PRAGMA journal_mode = DELETE", [], |_| Ok(()))?;
    drop(dst);
    std::fs::File::open(tmp)
        .and_then(|f| f.sync_all())
        .map_err(|e| io(tmp, e))?;
    Ok(summary)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn declared_types_map_to_how_values_are_read() {
        assert_eq!(ColType::of("BIGINT"), ColType::Int);
        assert_eq!(ColType::of("bigint"), ColType::Int);
        assert_eq!(ColType::of("double precision"), ColType::Real);
        assert_eq!(ColType::of("BYTEA"), ColType::Blob);
        assert_eq!(ColType::of("bytea"), ColType::Blob);
        assert_eq!(ColType::of("TEXT"), ColType::Text);
    }
}
