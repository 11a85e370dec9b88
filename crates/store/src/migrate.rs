//! Schema migrations, applied in order, each in its own transaction. The SQL is portable, so
//! one file serves SQLite and PostgreSQL.
//!
//! A small migrator of our own instead of sqlx's: sqlx's PostgreSQL migrator takes an advisory
//! lock, which CockroachDB lacks. Concurrent migrators are safe anyway: each migration and
//! its `schema_migrations` row commit together, and a second runner's insert of the same
//! version conflicts and rolls its copy back.

use sqlx::Executor;

use crate::{now_micros, Backend, Store, StoreError};

struct Migration {
    version: i64,
    name: &'static str,
    sqlite: &'static str,
    postgres: &'static str,
}

/// A migration whose SQL is portable: one file, `migrations/NNNN_name.sql`, for both engines;
/// or, where an engine needs its own text (a storage setting only PostgreSQL has), two files,
/// `NNNN_name.sqlite.sql` and `NNNN_name.postgres.sql`.
macro_rules! migration {
    ($version:literal, $file:literal) => {
        Migration {
            version: $version,
            name: $file,
            sqlite: include_str!(concat!("../migrations/", $file, ".sql")),
            postgres: include_str!(concat!("../migrations/", $file, ".sql")),
        }
    };
    ($version:literal, $file:literal, per_engine) => {
        Migration {
            version: $version,
            name: $file,
            sqlite: include_str!(concat!("../migrations/", $file, ".sqlite.sql")),
            postgres: include_str!(concat!("../migrations/", $file, ".postgres.sql")),
        }
    };
}

const MIGRATIONS: &[Migration] = &[
    migration!(1, "0001_foundation"),
    migration!(2, "0002_trade"),
    migration!(3, "0003_rollups"),
    migration!(4, "0004_impact"),
    migration!(5, "0005_clearing"),
    migration!(6, "0006_sign_in_throttle"),
    migration!(7, "0007_idempotency"),
    migration!(8, "0008_documents_and_reversals"),
    migration!(9, "0009_catalogue"),
    migration!(10, "0010_access_links"),
    migration!(11, "0011_integrity"),
    migration!(12, "0012_publishing"),
    migration!(13, "0013_recognised_networks"),
    migration!(14, "0014_seasons"),
    migration!(15, "0015_governance"),
    migration!(16, "0016_price_lists"),
    migration!(17, "0017_shg_books"),
    migration!(18, "0019_shg_borrowings"),
    migration!(19, "0020_investment"),
    migration!(20, "0021_book_par"),
    migration!(21, "0022_order_lines_room", per_engine),
];

/// The newest schema version this build knows.
pub fn latest_version() -> i64 {
    MIGRATIONS.last().map_or(0, |m| m.version)
}

pub(crate) async fn run(store: &Store) -> Result<usize, StoreError> {
    run_list(store, MIGRATIONS.iter()).await
}

async fn run_list<'a>(
    store: &Store,
    migrations: impl Iterator<Item = &'a Migration>,
) -> Result<usize, StoreError> {
    store
        .pool
        .execute(
            "CREATE TABLE IF NOT EXISTS schema_migrations (\
               version BIGINT PRIMARY KEY, name TEXT NOT NULL, applied_at BIGINT NOT NULL)",
        )
        .await?;
    let mut applied = 0;
    for m in migrations {
        let done = write_tx!(store, tx, {
            let exists: Option<i64> =
                sqlx::query_scalar("SELECT version FROM schema_migrations WHERE version = $1")
                    .bind(m.version)
                    .fetch_optional(&mut *tx)
                    .await?;
            if exists.is_some() {
                return Ok(false);
            }
            let sql = match store.backend {
                Backend::Sqlite => m.sqlite,
                Backend::Postgres => m.postgres,
            };
            apply(&mut tx, m, sql).await?;
            if m.version == CHAIN_VERSION {
                // Records from before the chain existed are sealed in the same transaction,
                // oldest first: the chain tables never exist without them sealed.
                let sealed = crate::chain::seal_all_unsealed(&mut tx, now_micros()).await?;
                tracing::info!(sealed, "sealed the existing books into hash chains");
            }
            if m.version == PAR_VERSION {
                // The derived portfolio tables never exist without the books' loans in them.
                let loans = crate::book_par::rebuild_all(&mut tx).await?;
                tracing::info!(
                    loans,
                    "built the portfolio's changes from the existing books"
                );
            }
            Ok(true)
        })?;
        applied += usize::from(done);
    }
    Ok(applied)
}

/// Runs one migration's SQL and records it, inside the caller's transaction.
async fn apply(conn: &mut sqlx::AnyConnection, m: &Migration, sql: &str) -> Result<(), StoreError> {
    sqlx::raw_sql(sql).execute(&mut *conn).await?;
    sqlx::query("INSERT INTO schema_migrations (version, name, applied_at) VALUES ($1, $2, $3)")
        .bind(m.version)
        .bind(m.name)
        .bind(now_micros())
        .execute(&mut *conn)
        .await?;
    tracing::info!(version = m.version, name = m.name, "applied migration");
    Ok(())
}

/// Builds the schema up to `version` inside the caller's transaction, on an empty database (a
/// restore: the backup's rows follow in the same transaction, chains included, so nothing is
/// sealed here).
pub(crate) async fn build_in(
    conn: &mut sqlx::AnyConnection,
    backend: Backend,
    version: i64,
) -> Result<(), StoreError> {
    sqlx::raw_sql(
        "CREATE TABLE schema_migrations (version BIGINT PRIMARY KEY, name TEXT NOT NULL, applied_at BIGINT NOT NULL)",
    )
    .execute(&mut *conn)
    .await?;
    for m in MIGRATIONS.iter().filter(|m| m.version <= version) {
        let sql = match backend {
            Backend::Sqlite => m.sqlite,
            Backend::Postgres => m.postgres,
        };
        apply(conn, m, sql).await?;
    }
    Ok(())
}

/// The migration that introduced the portfolio's stored changes (`book_par`).
const PAR_VERSION: i64 = 20;

/// The migration that introduced the ledger's hash chains.
const CHAIN_VERSION: i64 = 11;

/// A migration this database lacks: what `migrate --dry-run` lists.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Pending {
    pub version: i64,
    pub name: &'static str,
    /// The statements it would run, each on one line.
    pub statements: Vec<String>,
}

/// The migrations the database lacks, changing nothing.
pub(crate) async fn pending(store: &Store) -> Result<Vec<Pending>, StoreError> {
    // A fresh database has no table yet: everything is pending.
    let done: Vec<i64> = if store.schema_version().await? == 0 {
        Vec::new()
    } else {
        sqlx::query_scalar("SELECT version FROM schema_migrations")
            .fetch_all(&store.pool)
            .await?
    };
    Ok(MIGRATIONS
        .iter()
        .filter(|m| !done.contains(&m.version))
        .map(|m| Pending {
            version: m.version,
            name: m.name,
            statements: statements(match store.backend {
                Backend::Sqlite => m.sqlite,
                Backend::Postgres => m.postgres,
            }),
        })
        .collect())
}

/// The statements of a migration file, comments dropped, each folded onto one line.
fn statements(sql: &str) -> Vec<String> {
    let code: String = sql
        .lines()
        .map(|l| l.split("--").next().unwrap_or(""))
        .collect::<Vec<_>>()
        .join(" ");
    code.split(';')
        .map(|s| s.split_whitespace().collect::<Vec<_>>().join(" "))
        .filter(|s| !s.is_empty())
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A migration that fails half-way leaves nothing of itself (each runs in one transaction
    /// with its version row), and the ones before it stay applied.
    #[tokio::test]
    async fn a_failing_migration_leaves_nothing_half_done() {
        let store = Store::connect("sqlite::memory:").await.unwrap();
        let good = Migration {
            version: 1,
            name: "good",
            sqlite: "CREATE TABLE a (x BIGINT)",
            postgres: "CREATE TABLE a (x BIGINT)",
        };
        let bad = Migration {
            version: 2,
            name: "bad",
            sqlite: "CREATE TABLE b (x BIGINT); INSERT INTO a VALUES (1); THIS IS NOT SQL",
            postgres: "",
        };
        assert!(run_list(&store, [&good, &bad].into_iter()).await.is_err());
        let versions: Vec<i64> = sqlx::query_scalar("SELECT version FROM schema_migrations")
            .fetch_all(&store.pool)
            .await
            .unwrap();
        assert_eq!(versions, [1]);
        let b: Option<String> =
            sqlx::query_scalar("SELECT name FROM sqlite_master WHERE name = 'b'")
                .fetch_optional(&store.pool)
                .await
                .unwrap();
        assert_eq!(b, None, "the half of the failed migration was rolled back");
        let rows: i64 = sqlx::query_scalar("SELECT COUNT(*) FROM a")
            .fetch_one(&store.pool)
            .await
            .unwrap();
        assert_eq!(rows, 0);
        // Run again, the good one is not repeated.
        assert_eq!(run_list(&store, [&good].into_iter()).await.unwrap(), 0);
    }

    #[test]
    fn statements_are_listed_one_a_line_without_comments() {
        assert_eq!(
            statements(
                "-- a comment\nCREATE TABLE a (\n  x BIGINT -- why\n);\nCREATE INDEX i ON a (x);\n"
            ),
            ["CREATE TABLE a ( x BIGINT )", "CREATE INDEX i ON a (x)"]
        );
    }
}
