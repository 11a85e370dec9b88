//! # Bayanihan store
//!
//! Persistence for Bayanihan: **one set of SQL queries** that runs on SQLite (the embedded
//! default, one file beside the binary) and on PostgreSQL (larger networks), through sqlx's
//! `Any` driver. Both accept `$1…$N` placeholders, so each query is written once.
//!
//! Rules that keep the PostgreSQL side portable to CockroachDB and YugabyteDB:
//! - every write transaction runs at SERIALIZABLE and is retried on SQLSTATE 40001;
//! - no advisory locks, no LISTEN/NOTIFY, no sequences: ids are UUID v4 made here;
//! - only plain types (TEXT, BIGINT, DOUBLE PRECISION, BYTEA; flags as BIGINT 0/1).
//!
//! Modules in layers (no circle; `scripts/check-layers` checks): `rows` (decoding columns),
//! `stmt` (statements both engines run), `ledger` (a transaction's statements); the areas —
//! organizations and people, sessions, `trade` (cycles, offers, lines, documents, payments),
//! `group_commit` (one writer task per kind of request: lines in `placing`, ballots in
//! `governance`), `impact` (rollups kept as cycles close, and reports), `clearing` (clearing
//! rounds), `seasons`; `close` (one close, on the SQLite-native or the portable
//! engine); `testing` (throwaway databases, fixtures and bulk loaders, feature `testing`).
//! It returns the domain's records and conflicts, and writes no sentence for people.
//!
//! On SQLite: WAL journal, `synchronous=FULL` (an acknowledged write survives a power cut),
//! a busy timeout, foreign keys on, and `BEGIN IMMEDIATE` for writes so two writers queue
//! instead of failing half-way.

#[macro_use]
mod tx;
mod auth;
mod auth_cache;
pub mod backup;
mod book_par;
pub mod books;
pub mod borrowings;
pub mod chain;
pub mod clearing;
mod close;
pub mod directory;
mod error;
mod failover;
pub mod governance;
mod group_commit;
pub mod idempotency;
pub mod impact;
pub mod import;
pub mod investments;
mod ledger;
pub mod metrics;
mod migrate;
mod native;
mod organizations;
mod people;
mod placing;
pub mod privacy;
pub mod publishing;
mod rows;
pub mod seasons;
mod stmt;
/// Throwaway databases for the tests of this and other crates, and bulk loaders for the
/// benchmark tool (feature `testing`).
#[cfg(feature = "testing")]
pub mod testing;
mod throttle;
pub mod trade;

pub use auth::{AccessLink, AccessPurpose, ApiTokenInfo, SessionInfo};
pub use error::StoreError;
pub use failover::redacted_url;
pub use metrics::StoreMetrics;
pub use migrate::{latest_version, Pending};
pub use organizations::{OrganizationFilter, Page};
pub use people::{today_utc, NewMembership, PersonCredentials};
pub use sqlx::Error as SqlxError;

use std::str::FromStr;
use std::time::Duration;

use sqlx::any::{AnyConnectOptions, AnyPoolOptions};
use sqlx::{AnyPool, ConnectOptions, Executor};

/// Which database engine is behind a [`Store`].
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Backend {
    Sqlite,
    Postgres,
}

/// The database behind Bayanihan. Cheap to clone: it holds a connection pool.
#[derive(Clone, Debug)]
pub struct Store {
    pool: AnyPool,
    backend: Backend,
    /// The SQLite database file (or shared in-memory URI), for native bulk work.
    sqlite_file: Option<String>,
    /// The queues of the group-commit writers, each started on first use.
    writers: std::sync::Arc<Writers>,
    /// Who is calling, remembered for a few seconds (`auth_cache`); shared by every handle.
    auth: std::sync::Arc<auth_cache::AuthCache>,
    /// What this process has done, for `/metrics` (`metrics`).
    counters: std::sync::Arc<metrics::Counters>,
    /// The URL it was opened with (tests open a second, independent handle from it).
    url: std::sync::Arc<str>,
    /// The PostgreSQL servers the URL lists, when it lists several (`failover`): kept by
    /// every handle, so the watcher stops when the last handle goes.
    hosts: Option<std::sync::Arc<failover::Hosts>>,
    /// A read replica for reports and exports (`--read-database`), when one is given.
    read_pool: Option<AnyPool>,
    /// Lines a statement of the portable close writes (`close::portable`); tests lower it to
    /// cross the limit with a cycle of a few thousand lines.
    close_rows: usize,
}

/// The group-commit writers' queues (see `group_commit`).
#[derive(Debug, Default)]
struct Writers {
    /// Order lines.
    placer: std::sync::OnceLock<placing::Placer>,
    /// Ballots.
    caster: std::sync::OnceLock<governance::Caster>,
    /// The order-line writer's native SQLite connection (see `placing`), kept between batches
    /// with its prepared statements.
    placer_conn: std::sync::Arc<std::sync::Mutex<Option<rusqlite::Connection>>>,
}

/// How long a pooled connection may sit unused before it is asked whether it is still alive
/// when taken again. Half a second, as HikariCP does by default: under load every connection
/// is taken again within milliseconds and goes unasked; after a pause, or a server restarted
/// while the pool sat idle, each is asked and a dead one replaced unseen.
pub const PING_AFTER_IDLE: Duration = Duration::from_millis(500);

/// Microseconds since the Unix epoch, the one time representation in the database.
pub fn now_micros() -> i64 {
    jiff::Timestamp::now().as_microsecond()
}

impl Store {
    /// Connects to `sqlite:PATH` (created when missing), `sqlite::memory:` (a throwaway
    /// database) or `postgres://…`. A PostgreSQL URL may list several servers in libpq's
    /// form (`postgres://user@host1:5432,host2:5432/db`): the store writes to whichever is the
    /// writable primary, waiting up to 30 s for one, and follows a failover (`failover`).
    ///
    /// Does not migrate: call [`Store::migrate`] (the CLI does at start-up).
    pub async fn connect(url: &str) -> Result<Store, StoreError> {
        Store::open(url, false).await
    }

    /// The same store, with reports and exports read from `url`: a read replica of its
    /// database (a PostgreSQL standby, or a copy of the SQLite file, which must exist). Its
    /// connections are read-only; on PostgreSQL their transactions run at REPEATABLE READ,
    /// the strongest a standby allows. A replica lags its primary a little: what was just
    /// written may show a moment later. Permission checks still read the primary.
    pub async fn with_read_database(mut self, url: &str) -> Result<Store, StoreError> {
        let kind = if url.starts_with("sqlite:") {
            Backend::Sqlite
        } else {
            Backend::Postgres
        };
        if kind != self.backend {
            return Err(StoreError::Config(format!(
                "the read database must be of the same kind as the database (got \"{}\")",
                failover::redacted_url(url)
            )));
        }
        let replica = Store::open(url, true).await?;
        self.read_pool = Some(replica.pool.clone());
        Ok(self)
    }

    /// The handle reports and exports read through: the read replica when one was given,
    /// this store otherwise. Never write through it.
    pub fn reads(&self) -> Store {
        match &self.read_pool {
            Some(p) => Store {
                pool: p.clone(),
                ..self.without_writers()
            },
            None => self.clone(),
        }
    }

    async fn open(url: &str, replica: bool) -> Result<Store, StoreError> {
        sqlx::any::install_default_drivers();
        let given: std::sync::Arc<str> = url.into();
        let (backend, url) = if let Some(rest) = url.strip_prefix("sqlite:") {
            let rest = rest.trim_start_matches("//");
            let sep = if rest.contains('?') { '&' } else { '?' };
            let url = if rest.starts_with(":memory:") {
                // One private in-memory database shared by the pool's connections (sqlx's own
                // `:memory:` would give each connection of an `Any` pool a database of its own).
                format!(
                    "sqlite:file:bayanihan-{}?mode=memory&cache=shared",
                    uuid::Uuid::new_v4().simple()
                )
            } else if rest.contains("mode=") {
                format!("sqlite://{rest}")
            } else if replica {
                // A replica is read, never made: a mistyped path is an error, not an empty
                // database whose reports would fail table by table.
                format!("sqlite://{rest}{sep}mode=ro")
            } else {
                format!("sqlite://{rest}{sep}mode=rwc")
            };
            (Backend::Sqlite, url)
        } else if url.starts_with("postgres://") || url.starts_with("postgresql://") {
            (Backend::Postgres, url.to_string())
        } else {
            return Err(StoreError::Config(format!(
                "database URL must start with sqlite: or postgres:// (got \"{url}\")"
            )));
        };
        let options_for = |url: &str| {
            Ok::<_, StoreError>(
                AnyConnectOptions::from_str(url)
                    .map_err(|e| StoreError::Config(format!("bad database URL: {e}")))?
                    .log_statements(tracing::log::LevelFilter::Trace)
                    .log_slow_statements(
                        tracing::log::LevelFilter::Warn,
                        Duration::from_millis(500),
                    ),
            )
        };
        let hosts = match backend {
            Backend::Postgres => {
                let urls = failover::expand(&url)?;
                if replica && urls.len() > 1 {
                    return Err(StoreError::Config(
                        "a read database is one server: give one host in its URL".into(),
                    ));
                }
                if urls.len() > 1 {
                    let primary =
                        failover::wait_for_primary(&urls, Duration::from_secs(30)).await?;
                    Some(std::sync::Arc::new(failover::Hosts::new(urls, primary)))
                } else {
                    None
                }
            }
            Backend::Sqlite => None,
        };
        let options = match &hosts {
            Some(h) => options_for(&h.urls[h.current()])?,
            None => options_for(&url)?,
        };
        let pool_options = AnyPoolOptions::new()
            .max_connections(match backend {
                // Readers run beside the single writer under WAL.
                Backend::Sqlite => 8,
                Backend::Postgres => 16,
            })
            // A connection being made keeps trying the server it began with until this
            // timeout (sqlx reads the pool's options once per attempt to connect), so with
            // several servers it is short: after a failover a waiting request gives up within
            // seconds (503, try again) instead of waiting half a minute on the dead server.
            .acquire_timeout(if hosts.is_some() {
                failover::ACQUIRE_WITHIN
            } else {
                Duration::from_secs(30)
            })
            .after_connect(move |conn, _meta| {
                Box::pin(async move {
                    match backend {
                        Backend::Sqlite if replica => {
                            conn.execute(
                                "PRAGMA busy_timeout = 10000; PRAGMA query_only = ON; \
                                 PRAGMA cache_size = -65536; PRAGMA temp_store = MEMORY;",
                            )
                            .await?;
                        }
                        Backend::Sqlite => {
                            conn.execute(
                                "PRAGMA journal_mode = WAL; PRAGMA synchronous = FULL; \
                                 PRAGMA busy_timeout = 10000; PRAGMA foreign_keys = ON; \
                                 PRAGMA cache_size = -65536; PRAGMA temp_store = MEMORY;",
                            )
                            .await?;
                        }
                        // A standby refuses SERIALIZABLE; reports need no more than one
                        // snapshot.
                        Backend::Postgres if replica => {
                            conn.execute(
                                "SET SESSION CHARACTERISTICS AS TRANSACTION \
                                 ISOLATION LEVEL REPEATABLE READ, READ ONLY",
                            )
                            .await?;
                        }
                        Backend::Postgres => {
                            conn.execute(
                                "SET SESSION CHARACTERISTICS AS TRANSACTION ISOLATION LEVEL SERIALIZABLE",
                            )
                            .await?;
                        }
                    }
                    Ok(())
                })
            });
        // sqlx pings every connection it hands out: a round trip to PostgreSQL, a hop to the
        // SQLite worker thread, before every transaction. (It pings each one given back as
        // well, off the request's path.) Only a connection that sat idle is asked now; one
        // used moments ago is alive, or fails its next statement, answered "try again" (503)
        // like any lost connection. After a failover, a connection made before it may lead
        // to the old server and is dropped (with several servers only).
        let switched = hosts.as_ref().map(|h| h.switched());
        let pool_options =
            pool_options
                .test_before_acquire(false)
                .before_acquire(move |conn, meta| {
                    let stale = switched
                        .as_ref()
                        .is_some_and(|s| failover::from_before_switch(s, meta.age));
                    Box::pin(async move {
                        if stale {
                            return Ok(false);
                        }
                        if meta.idle_for >= PING_AFTER_IDLE {
                            // An error here drops the connection and the pool takes another.
                            sqlx::Connection::ping(conn).await?;
                        }
                        Ok(true)
                    })
                });
        let pool = pool_options.connect_with(options).await?;
        if let Some(h) = &hosts {
            failover::watch(std::sync::Arc::downgrade(h), pool.clone(), options_for);
        }
        let sqlite_file = match backend {
            Backend::Sqlite => Some(
                url.trim_start_matches("sqlite://")
                    .trim_start_matches("sqlite:")
                    .split('?')
                    .next()
                    .map(|f| {
                        if url.contains("mode=memory") {
                            format!("{f}?mode=memory&cache=shared")
                        } else {
                            f.to_string()
                        }
                    })
                    .unwrap_or_default(),
            ),
            Backend::Postgres => None,
        };
        Ok(Store {
            pool,
            backend,
            sqlite_file,
            writers: Default::default(),
            auth: Default::default(),
            counters: Default::default(),
            url: given,
            hosts,
            read_pool: None,
            close_rows: close::PORTABLE_ROWS,
        })
    }

    /// The same database, without group-commit writers of its own (for a writer task itself).
    pub(crate) fn without_writers(&self) -> Store {
        Store {
            pool: self.pool.clone(),
            backend: self.backend,
            sqlite_file: self.sqlite_file.clone(),
            writers: Default::default(),
            auth: self.auth.clone(),
            counters: self.counters.clone(),
            url: self.url.clone(),
            hosts: self.hosts.clone(),
            read_pool: self.read_pool.clone(),
            close_rows: self.close_rows,
        }
    }

    pub fn backend(&self) -> Backend {
        self.backend
    }

    /// Applies the migrations this version knows and the database lacks.
    pub async fn migrate(&self) -> Result<usize, StoreError> {
        migrate::run(self).await
    }

    /// The migrations this database lacks, with their statements; changes nothing.
    pub async fn pending_migrations(&self) -> Result<Vec<Pending>, StoreError> {
        migrate::pending(self).await
    }

    /// The schema version of the database (0 when it has none).
    pub async fn schema_version(&self) -> Result<i64, StoreError> {
        let mut conn = self.pool.acquire().await?;
        if !backup::tables_present(&mut conn, self.backend)
            .await?
            .iter()
            .any(|t| t == "schema_migrations")
        {
            return Ok(0);
        }
        let v: Option<i64> = sqlx::query_scalar("SELECT MAX(version) FROM schema_migrations")
            .fetch_one(&mut *conn)
            .await?;
        Ok(v.unwrap_or(0))
    }

    /// Cheap liveness check for `/healthz`.
    pub async fn ping(&self) -> Result<(), StoreError> {
        let one: i64 = sqlx::query_scalar("SELECT CAST(1 AS BIGINT)")
            .fetch_one(&self.pool)
            .await?;
        debug_assert_eq!(one, 1);
        Ok(())
    }

    /// Closes every connection; pending writes have finished when this returns.
    pub async fn close(&self) {
        self.pool.close().await;
    }

    /// Reads a setting of the installation.
    pub async fn setting(&self, key: &str) -> Result<Option<String>, StoreError> {
        Ok(
            sqlx::query_scalar("SELECT value FROM settings WHERE key = $1")
                .bind(key)
                .fetch_optional(&self.pool)
                .await?,
        )
    }

    /// Writes a setting of the installation.
    pub async fn set_setting(&self, key: &str, value: &str) -> Result<(), StoreError> {
        write_tx!(self, tx, {
            sqlx::query(
                "INSERT INTO settings (key, value) VALUES ($1, $2) \
                 ON CONFLICT (key) DO UPDATE SET value = $2",
            )
            .bind(key)
            .bind(value)
            .execute(&mut *tx)
            .await?;
            Ok(())
        })
    }
}

/// An organization's kind id, read inside the caller's transaction; `None` when there is no
/// such organization.
pub(crate) async fn kind_of(
    tx: &mut sqlx::AnyConnection,
    id: uuid::Uuid,
) -> Result<Option<String>, StoreError> {
    Ok(
        sqlx::query_scalar("SELECT kind FROM organizations WHERE id = $1")
            .bind(id.to_string())
            .fetch_optional(&mut *tx)
            .await?,
    )
}
