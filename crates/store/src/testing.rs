//! Throwaway databases for tests: a temporary SQLite file, and a
//! real PostgreSQL cluster started on a free port in a temporary folder.
//!
//! `BAYANIHAN_TEST_POSTGRES_URL` (an admin URL of a running server) skips starting a cluster;
//! otherwise `initdb` and `pg_ctl` are looked up on the PATH and in
//! `/usr/lib/postgresql/*/bin`. When running as root (CI), the cluster runs as the `postgres`
//! user, since PostgreSQL refuses to run as root.

use std::path::{Path, PathBuf};
use std::process::Command;

use uuid::Uuid;

use crate::rows::Columns;
use crate::Store;

/// A fresh, migrated SQLite store in a temporary folder (removed on drop).
pub struct TempSqlite {
    pub store: Store,
    pub url: String,
    _dir: TempDir,
}

impl TempSqlite {
    pub async fn new() -> TempSqlite {
        let dir = temp_dir("bayanihan-sqlite");
        let url = format!("sqlite:{}", dir.path().join("test.db").display());
        let store = Store::connect(&url).await.expect("open sqlite");
        store.migrate().await.expect("migrate sqlite");
        TempSqlite {
            store,
            url,
            _dir: dir,
        }
    }
}

impl TempSqlite {
    /// Every row of every table, as text, for "nothing was written" checks: a refused request
    /// must leave this unchanged. Bookkeeping that reads update on their own (a token's
    /// `last_used_at`, the sign-in throttle) is left out.
    pub fn snapshot(&self) -> String {
        use std::fmt::Write;
        let path = self.url.trim_start_matches("sqlite:");
        let db =
            rusqlite::Connection::open_with_flags(path, rusqlite::OpenFlags::SQLITE_OPEN_READ_ONLY)
                .expect("open the test database read-only");
        let mut tables: Vec<String> = db
            .prepare("SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%' AND name <> 'sign_in_throttle' ORDER BY name")
            .and_then(|mut st| st.query_map([], |r| r.get(0))?.collect())
            .expect("list tables");
        tables.sort();
        let mut out = String::new();
        for t in tables {
            let mut st = db
                .prepare(&format!("SELECT * FROM \"{t}\""))
                .expect("select");
            let names: Vec<String> = st.column_names().iter().map(|c| c.to_string()).collect();
            let mut rows: Vec<String> = st
                .query_map([], |r| {
                    let mut line = String::new();
                    for (i, name) in names.iter().enumerate() {
                        if name == "last_used_at" {
                            continue;
                        }
                        let _ = write!(line, "{name}={:?};", r.get_ref(i)?);
                    }
                    Ok(line)
                })
                .and_then(|rows| rows.collect())
                .expect("read rows");
            rows.sort();
            let _ = writeln!(out, "## {t} ({} rows)", rows.len());
            for r in rows {
                let _ = writeln!(out, "{r}");
            }
        }
        out
    }
}

pub use tempfile::TempDir;

/// One test per story and engine: `engine_stories!(a, b)` makes `sqlite::a`, `postgres::a`, …,
/// each calling the story (`async fn a(store: &Store)`, in the calling module) on a fresh,
/// migrated database of its own — a temporary SQLite file, or a database of the shared
/// PostgreSQL cluster — so one failure hides none of the others.
#[macro_export]
macro_rules! engine_stories {
    ($($story:ident),* $(,)?) => {
        mod sqlite {
            $(
                #[tokio::test(flavor = "multi_thread", worker_threads = 4)]
                async fn $story() {
                    let t = $crate::testing::TempSqlite::new().await;
                    super::$story(&t.store).await;
                    t.store.close().await;
                }
            )*
        }
        mod postgres {
            $(
                #[tokio::test(flavor = "multi_thread", worker_threads = 4)]
                async fn $story() {
                    let store = $crate::testing::PgCluster::shared().fresh_store().await;
                    super::$story(&store).await;
                    store.close().await;
                }
            )*
        }
    };
}

/// A temporary folder named after `prefix`, removed on drop (tempfile's).
pub fn temp_dir(prefix: &str) -> TempDir {
    tempfile::Builder::new()
        .prefix(&format!("{prefix}-"))
        .tempdir()
        .expect("a temporary folder")
}

/// A PostgreSQL server for the duration of a test: started on demand, stopped on drop.
pub struct PgCluster {
    admin_url: String,
    owned: Option<(PathBuf, TempDir)>,
}

/// A PostgreSQL program (`pgbench`, `psql` …): on the PATH, else the newest Debian install's.
pub fn pg_tool(name: &str) -> Option<PathBuf> {
    find_pg_bin(name)
}

fn find_pg_bin(name: &str) -> Option<PathBuf> {
    if let Ok(path) = std::env::var("PATH") {
        for dir in std::env::split_paths(&path) {
            let p = dir.join(name);
            if p.is_file() {
                return Some(p);
            }
        }
    }
    let mut versions: Vec<PathBuf> = std::fs::read_dir("/usr/lib/postgresql")
        .ok()?
        .filter_map(|e| e.ok().map(|e| e.path().join("bin").join(name)))
        .filter(|p| p.is_file())
        .collect();
    versions.sort();
    versions.pop()
}

fn is_root() -> bool {
    Command::new("id")
        .arg("-u")
        .output()
        .map(|o| String::from_utf8_lossy(&o.stdout).trim() == "0")
        .unwrap_or(false)
}

/// Runs a PostgreSQL tool, as the `postgres` user when we are root.
fn pg_command(bin: &Path, as_postgres: bool) -> Command {
    if as_postgres {
        let mut c = Command::new("runuser");
        c.args(["-u", "postgres", "--"]).arg(bin);
        c
    } else {
        Command::new(bin)
    }
}

fn free_port() -> u16 {
    std::net::TcpListener::bind("127.0.0.1:0")
        .and_then(|l| l.local_addr())
        .map(|a| a.port())
        .expect("find a free port")
}

impl PgCluster {
    /// Starts a throwaway cluster (or uses `BAYANIHAN_TEST_POSTGRES_URL`). Panics with a
    /// message saying what to install when PostgreSQL is missing.
    pub fn start() -> PgCluster {
        if let Ok(url) = std::env::var("BAYANIHAN_TEST_POSTGRES_URL") {
            return PgCluster {
                admin_url: url,
                owned: None,
            };
        }
        // Tests need no durability: nothing survives them anyway.
        PgCluster::start_with(
            "-c fsync=off -c synchronous_commit=off -c full_page_writes=off -c max_connections=500",
        )
    }

    /// Starts a throwaway cluster that keeps what it acknowledges, as a production server does
    /// (`fsync`, `synchronous_commit`, `full_page_writes` on): for benchmarks.
    pub fn start_durable() -> PgCluster {
        PgCluster::start_with(
            "-c fsync=on -c synchronous_commit=on -c full_page_writes=on -c max_connections=500 \
             -c shared_buffers=1GB -c max_wal_size=8GB",
        )
    }

    /// The cluster's administrative URL (database `postgres`).
    pub fn admin_url(&self) -> &str {
        &self.admin_url
    }

    fn start_with(settings: &str) -> PgCluster {
        let initdb = find_pg_bin("initdb").expect(
            "PostgreSQL is needed for the conformance tests: install it (Debian: apt-get install postgresql) \
             or run scripts/test, which does; or set BAYANIHAN_TEST_POSTGRES_URL",
        );
        let pg_ctl = initdb.with_file_name("pg_ctl");
        let root = is_root();
        let dir = temp_dir("bayanihan-pg");
        let data = dir.path().join("data");
        if root {
            let ok = Command::new("chown")
                .args(["-R", "postgres:postgres"])
                .arg(dir.path())
                .status()
                .map(|s| s.success())
                .unwrap_or(false);
            assert!(
                ok,
                "could not hand {} to the postgres user",
                dir.path().display()
            );
        }
        let out = pg_command(&initdb, root)
            .args([
                "-A",
                "trust",
                "-U",
                "postgres",
                "--no-sync",
                "-E",
                "UTF8",
                "-D",
            ])
            .arg(&data)
            .output()
            .expect("run initdb");
        assert!(
            out.status.success(),
            "initdb failed: {}",
            String::from_utf8_lossy(&out.stderr)
        );
        let port = free_port();
        let opts = format!(
            "-p {port} -k {} -c listen_addresses=127.0.0.1 {settings}",
            dir.path().display()
        );
        let out = pg_command(&pg_ctl, root)
            .args(["-D"])
            .arg(&data)
            .args(["-o", &opts, "-l"])
            .arg(dir.path().join("log"))
            .args(["-w", "-t", "60", "start"])
            .output()
            .expect("run pg_ctl");
        assert!(
            out.status.success(),
            "pg_ctl start failed: {}{}",
            String::from_utf8_lossy(&out.stderr),
            std::fs::read_to_string(dir.path().join("log")).unwrap_or_default()
        );
        PgCluster {
            admin_url: format!("postgres://postgres@127.0.0.1:{port}/postgres"),
            owned: Some((pg_ctl, dir)),
        }
    }

    /// A fresh, migrated database in the cluster, as a store.
    pub async fn fresh_store(&self) -> Store {
        let store = self.empty_store().await;
        store.migrate().await.expect("migrate postgres");
        store
    }

    /// A fresh database in the cluster with no schema at all (a restore's target).
    pub async fn empty_store(&self) -> Store {
        Store::connect(&self.fresh_url().await)
            .await
            .expect("connect to test database")
    }

    /// The URL of a fresh, empty database in the cluster (for a process of its own).
    pub async fn fresh_url(&self) -> String {
        let name = format!("t_{}", Uuid::new_v4().simple());
        let admin = Store::connect(&self.admin_url)
            .await
            .expect("connect to postgres");
        sqlx::query(&format!("CREATE DATABASE {name}"))
            .execute(&admin.pool)
            .await
            .expect("create database");
        admin.close().await;
        let base = self
            .admin_url
            .rsplit_once('/')
            .map(|(b, _)| b)
            .unwrap_or(&self.admin_url);
        format!("{base}/{name}")
    }
}

impl PgCluster {
    /// One cluster for every test of this process (each takes a database of its own), started
    /// on first use and stopped when the process exits.
    pub fn shared() -> &'static PgCluster {
        static SHARED: std::sync::OnceLock<PgCluster> = std::sync::OnceLock::new();
        extern "C" fn stop_shared() {
            if let Some(c) = SHARED.get() {
                c.stop();
                // Nor is its folder dropped: remove it here.
                if let Some((_, dir)) = &c.owned {
                    let _ = std::fs::remove_dir_all(dir.path());
                }
            }
        }
        SHARED.get_or_init(|| {
            let cluster = PgCluster::start();
            // A static is never dropped: the test harness ends with `exit`, which runs this.
            // SAFETY: `atexit` takes a plain function pointer; `stop_shared` reads a
            // `OnceLock` that outlives it and only runs `pg_ctl stop`.
            unsafe {
                libc::atexit(stop_shared);
            }
            cluster
        })
    }

    fn stop(&self) {
        if let Some((pg_ctl, dir)) = &self.owned {
            let _ = pg_command(pg_ctl, is_root())
                .arg("-D")
                .arg(dir.path().join("data"))
                .args(["-m", "immediate", "-w", "stop"])
                .output();
        }
    }
}

impl Drop for PgCluster {
    fn drop(&mut self) {
        self.stop();
    }
}

/// One order line to load in bulk (benchmarks): id, offer, consumer group, quantity, tier,
/// pickup point, the person ordering.
pub type BulkLine = (Uuid, Uuid, Uuid, u64, u32, Option<Uuid>, Option<Uuid>);

impl Store {
    /// Loads many order lines at once, bypassing the per-line checks (benchmark set-up only).
    pub async fn bulk_load_lines(
        &self,
        cycle: Uuid,
        lines: &[BulkLine],
    ) -> Result<(), crate::StoreError> {
        if let Some(file) = self.sqlite_file.clone() {
            let lines = lines.to_vec();
            return tokio::task::spawn_blocking(move || bulk_load_sqlite(&file, cycle, &lines))
                .await
                .map_err(|e| crate::StoreError::Native(e.to_string(), false))?;
        }
        const ROWS: usize = 400;
        let now = crate::now_micros();
        for chunk in lines.chunks(ROWS) {
            let mut sql = String::from(
                "INSERT INTO order_lines (id, cycle_id, offer_id, consumer_group_id, person_id, pickup_point_id, quantity, tier, seq, \
                 allocated, reason, total_minor, created_at, updated_at) VALUES ",
            );
            for i in 0..chunk.len() {
                let b = i * 8;
                if i > 0 {
                    sql.push(',');
                }
                sql.push_str(&format!(
                    "(${}, $1, ${}, ${}, ${}, ${}, ${}, ${}, ${}, NULL, NULL, NULL, ${}, ${})",
                    b + 2,
                    b + 3,
                    b + 4,
                    b + 9,
                    b + 8,
                    b + 5,
                    b + 6,
                    b + 7,
                    b + 7,
                    b + 7
                ));
            }
            write_tx!(self, tx, {
                let mut q = sqlx::query(&sql).bind(cycle.to_string());
                for (n, (id, offer, group, qty, tier, pickup, person)) in chunk.iter().enumerate() {
                    q = q
                        .bind(id.to_string())
                        .bind(offer.to_string())
                        .bind(group.to_string())
                        .bind(*qty as i64)
                        .bind(i64::from(*tier))
                        .bind(now + n as i64)
                        .bind(pickup.map(|p| p.to_string()))
                        .bind(person.map(|p| p.to_string()));
                }
                q.execute(&mut *tx).await?;
                Ok(())
            })?;
        }
        write_tx!(self, tx, {
            sqlx::query(
                "UPDATE offers SET reserved = (SELECT COALESCE(SUM(l.quantity), 0) FROM order_lines l \
                 WHERE l.cycle_id = offers.cycle_id AND l.offer_id = offers.id) \
                 WHERE cycle_id = $1",
            )
            .bind(cycle.to_string())
            .execute(&mut *tx)
            .await?;
            Ok(())
        })
    }

    /// Records that `debtor` owes `creditor` `amount`, due on `due`, with its ledger transaction
    /// (test set-up: obligations otherwise come from closing cycles).
    pub async fn record_obligation(
        &self,
        debtor: Uuid,
        creditor: Uuid,
        amount: bayanihan_domain::Money,
        due: jiff::civil::Date,
    ) -> Result<Uuid, crate::StoreError> {
        use crate::ledger::transaction_statements;
        use crate::stmt::{Param, Stmt};
        let id = Uuid::new_v4();
        let now = crate::now_micros();
        let t = bayanihan_domain::ledger::Transaction::obligation(
            Uuid::new_v4(),
            "test obligation",
            debtor,
            creditor,
            amount,
        )
        .map_err(|e| crate::StoreError::Conflict(bayanihan_domain::Conflict::Ledger(e)))?;
        let mut stmts = vec![Stmt {
            sql: "INSERT INTO obligations (id, debtor_id, creditor_id, currency, amount, due_date, cycle_id, memo, created_at) \
                  VALUES ($1, $2, $3, $4, $5, $6, NULL, 'test obligation', $7)",
            params: vec![
                Param::Text(id.to_string()),
                Param::Text(debtor.to_string()),
                Param::Text(creditor.to_string()),
                Param::Text(amount.currency().code().into()),
                Param::Int(amount.minor()),
                Param::Text(due.to_string()),
                Param::Int(now),
            ],
        }];
        stmts.extend(transaction_statements(&t, None, now));
        let entries = [
            bayanihan_domain::chain::Entry::Obligation {
                id,
                debtor,
                creditor,
                currency: amount.currency().code().into(),
                amount: amount.minor(),
                due_date: due.to_string(),
                cycle: None,
                created_at: now,
            },
            crate::chain::transaction_entry(&t, None, now),
        ];
        write_tx!(self, tx, {
            crate::stmt::execute_statements(&mut tx, &stmts).await?;
            crate::chain::seal(&mut tx, &entries, now).await?;
            Ok(())
        })?;
        Ok(id)
    }

    /// An obligation of `amount` from `debtor` to `creditor` with a cash payment of `paid` on
    /// it, recorded by nobody in particular; returns the payment's id (to reverse in tests).
    pub async fn paid_obligation(
        &self,
        debtor: Uuid,
        creditor: Uuid,
        amount: bayanihan_domain::Money,
        paid: i64,
        due: jiff::civil::Date,
    ) -> Result<Uuid, crate::StoreError> {
        let obligation = self
            .record_obligation(debtor, creditor, amount, due)
            .await?;
        self.record_payment(&bayanihan_domain::trade::records::PaymentDraft {
            obligation_id: obligation,
            amount_minor: paid,
            method: bayanihan_domain::trade::records::PaymentMethod::Cash,
            reference: None,
            paid_on: due,
            recorded_by: None,
        })
        .await?;
        let payments = self.payments_on(obligation).await?;
        Ok(payments[0].id)
    }

    /// The isolation level a write transaction runs at (`write_tx!`), and the server's
    /// default for a session that sets nothing (PostgreSQL; `None` on SQLite, whose writes
    /// are serial).
    pub async fn write_isolation(&self) -> Result<Option<(String, String)>, crate::StoreError> {
        if self.backend != crate::Backend::Postgres {
            return Ok(None);
        }
        let inside: String = write_tx!(self, tx, {
            Ok(
                sqlx::query_scalar("SELECT current_setting('transaction_isolation')")
                    .fetch_one(&mut *tx)
                    .await?,
            )
        })?;
        // What the server gives a session that sets nothing (what `RESET` would restore).
        let default: String = sqlx::query_scalar(
            "SELECT reset_val FROM pg_settings WHERE name = 'default_transaction_isolation'",
        )
        .fetch_one(&self.pool)
        .await?;
        Ok(Some((inside, default)))
    }

    /// `PRAGMA synchronous` of every connection the pool can open (all held at once, so each
    /// is a different connection), then of a native connection like the close's: 2 is FULL.
    pub async fn synchronous_levels(&self) -> Result<(Vec<i64>, Option<i64>), crate::StoreError> {
        let mut held = Vec::new();
        let mut levels = Vec::new();
        for _ in 0..self.pool.options().get_max_connections() {
            let mut c = self.pool.acquire().await?;
            levels.push(
                sqlx::query_scalar::<_, i64>("PRAGMA synchronous")
                    .fetch_one(&mut *c)
                    .await?,
            );
            held.push(c);
        }
        drop(held);
        let native = match &self.sqlite_file {
            Some(f) => {
                let conn = crate::native::open_native(f)?;
                Some(conn.query_row("PRAGMA synchronous", [], |r| r.get(0))?)
            }
            None => None,
        };
        Ok((levels, native))
    }

    /// A PostgreSQL setting as the server runs with it (`fsync`, `synchronous_commit` …),
    /// for benchmarks to report what durability they ran with.
    pub async fn pg_setting(&self, name: &str) -> Result<String, crate::StoreError> {
        Ok(sqlx::query_scalar("SELECT current_setting($1)")
            .bind(name)
            .fetch_one(&self.pool)
            .await?)
    }

    /// Every cycle left half-closed, with what is wrong: closed with a line not allocated, or
    /// with lines delivered (not prepaid) and no invoice; open with a line allocated or a
    /// document. Empty when every
    /// close was all or nothing (crash and soak tests).
    pub async fn half_closed_cycles(&self) -> Result<Vec<(Uuid, &'static str)>, crate::StoreError> {
        const CHECKS: &[(&str, &str)] = &[
            (
                "closed with a line not allocated",
                "SELECT DISTINCT c.id FROM cycles c JOIN order_lines l ON l.cycle_id = c.id \
                 WHERE c.status = 'closed' AND l.allocated IS NULL",
            ),
            (
                // A season's offers are prepaid: invoiced to nobody.
                "closed with lines delivered and no invoice",
                "SELECT c.id FROM cycles c WHERE c.status = 'closed' \
                 AND EXISTS (SELECT 1 FROM order_lines l JOIN offers o ON o.id = l.offer_id \
                   WHERE l.cycle_id = c.id AND l.allocated > 0 AND o.prepaid = 0) \
                 AND NOT EXISTS (SELECT 1 FROM cycle_documents d WHERE d.cycle_id = c.id AND d.kind = 'invoice')",
            ),
            (
                "open with a line allocated",
                "SELECT DISTINCT c.id FROM cycles c JOIN order_lines l ON l.cycle_id = c.id \
                 WHERE c.status <> 'closed' AND l.allocated IS NOT NULL",
            ),
            (
                "open with a document",
                "SELECT DISTINCT c.id FROM cycles c JOIN cycle_documents d ON d.cycle_id = c.id \
                 WHERE c.status <> 'closed'",
            ),
        ];
        let mut out = Vec::new();
        for (what, sql) in CHECKS {
            let ids: Vec<String> = sqlx::query_scalar(sql).fetch_all(&self.pool).await?;
            for id in ids {
                out.push((crate::rows::uuid_text(&id)?, *what));
            }
        }
        Ok(out)
    }

    /// The number of rows of a table (tests and benchmarks; the name is checked).
    pub async fn count_rows(&self, table: &str) -> Result<i64, crate::StoreError> {
        assert!(table.bytes().all(|b| b.is_ascii_lowercase() || b == b'_'));
        Ok(sqlx::query_scalar(&format!("SELECT COUNT(*) FROM {table}"))
            .fetch_one(&self.pool)
            .await?)
    }

    /// `count` member organizations of `network` in bulk (map tests and benchmarks), with
    /// plain multi-row inserts of 1,000 rows a statement: organization `i` is named
    /// `Org {i:06}`, in Benguet, PH, and `row(i)` says the rest.
    pub async fn bulk_network_members(
        &self,
        network: Uuid,
        by: Uuid,
        count: usize,
        row: impl Fn(usize) -> BulkMember,
    ) -> Result<(), crate::StoreError> {
        for chunk in (0..count).collect::<Vec<_>>().chunks(1_000) {
            let (mut o, mut nm, mut p) = (Vec::new(), Vec::new(), Vec::new());
            for &i in chunk {
                let m = row(i);
                let id = Uuid::new_v4();
                o.push(format!(
                    "('{id}', 'Org {i:06}', '{}', 'PH', 'Benguet', {}, {}, 'PHP', 'Asia/Manila', '[]', 0, 0)",
                    m.kind, m.lat, m.lon
                ));
                nm.push(format!(
                    "('{}', '{network}', '{id}', '2025-01-01', 'active', 0, {}, '{by}')",
                    Uuid::new_v4(),
                    if m.approved { "0" } else { "NULL" }
                ));
                if m.published {
                    p.push(format!("('{id}', NULL, 0, '{by}', 0, 0)"));
                }
            }
            let mut sql = format!(
                "INSERT INTO organizations (id, name, kind, country, region, lat, lon, currency, time_zone, languages, created_at, updated_at) VALUES {}; \
                 INSERT INTO network_memberships (id, network_id, member_id, since, status, created_at, listing_approved_at, listing_approved_by) VALUES {};",
                o.join(","),
                nm.join(",")
            );
            if !p.is_empty() {
                sql.push_str(&format!(
                    " INSERT INTO publications (organization_id, website, gender_counts, published_by, published_at, updated_at) VALUES {};",
                    p.join(",")
                ));
            }
            self.bulk_sql(&sql).await?;
        }
        Ok(())
    }

    /// The same store, its portable close writing at most `rows` lines a statement: a test
    /// crosses that limit with a cycle of a few thousand lines.
    pub fn with_close_batch(mut self, rows: usize) -> Store {
        self.close_rows = rows;
        self
    }

    /// A second handle on the same database with nothing shared (its own pool, writers and
    /// caches), as another process would open it: for races between two processes. Not for
    /// `sqlite::memory:`, which would open another database.
    pub async fn twin(&self) -> Store {
        assert!(
            !self.url.contains(":memory:"),
            "a twin of a private database"
        );
        Store::connect(&self.url).await.expect("a second handle")
    }

    /// Runs SQL as it is (benchmark set-up only: bulk rows made by one statement).
    pub async fn bulk_sql(&self, sql: &str) -> Result<(), crate::StoreError> {
        sqlx::raw_sql(sql).execute(&self.pool).await?;
        self.access_changed();
        Ok(())
    }

    /// Reference prices valid on `day` in `currency` for any region, by product (benchmarks:
    /// what the close used, for products priced without a region).
    pub async fn reference_prices_on(
        &self,
        day: jiff::civil::Date,
        currency: bayanihan_domain::Currency,
    ) -> Result<std::collections::HashMap<Uuid, i64>, crate::StoreError> {
        use sqlx::Row;
        let rows = sqlx::query(
            "SELECT product_id, unit_price_minor FROM reference_prices WHERE region IS NULL \
             AND currency = $1 AND valid_from <= $2 AND valid_to >= $2 ORDER BY valid_from, created_at",
        )
        .bind(currency.code())
        .bind(day.to_string())
        .fetch_all(&self.pool)
        .await?;
        let mut out = std::collections::HashMap::new();
        for r in &rows {
            out.insert(r.uuid(0)?, r.try_get::<i64, _>(1)?);
        }
        Ok(out)
    }

    /// Durable single-row commits per second on this database for `seconds` (benchmarks: the
    /// baseline of what the disk allows, one fsync'd transaction at a time).
    pub async fn durable_commit_rate(&self, seconds: f64) -> Result<f64, crate::StoreError> {
        sqlx::query(
            "CREATE TABLE IF NOT EXISTS bench_commits (id TEXT PRIMARY KEY, n BIGINT NOT NULL)",
        )
        .execute(&self.pool)
        .await?;
        let start = std::time::Instant::now();
        let mut n = 0u64;
        while start.elapsed().as_secs_f64() < seconds {
            write_tx!(self, tx, {
                sqlx::query("INSERT INTO bench_commits (id, n) VALUES ($1, $2)")
                    .bind(Uuid::new_v4().to_string())
                    .bind(n as i64)
                    .execute(&mut *tx)
                    .await?;
                Ok(())
            })?;
            n += 1;
        }
        Ok(n as f64 / start.elapsed().as_secs_f64())
    }
}

/// Loads order lines through one native transaction (benchmark and crash-test set-up only).
fn bulk_load_sqlite(file: &str, cycle: Uuid, lines: &[BulkLine]) -> Result<(), crate::StoreError> {
    let mut conn = crate::native::open_native(file)?;
    conn.execute_batch("PRAGMA cache_size = -65536;")?;
    let tx = conn.transaction_with_behavior(rusqlite::TransactionBehavior::Immediate)?;
    let now = crate::now_micros();
    {
        let mut st = tx.prepare(
            "INSERT INTO order_lines (id, cycle_id, offer_id, consumer_group_id, person_id, pickup_point_id, quantity, tier, seq, \
             allocated, reason, total_minor, created_at, updated_at) VALUES (?1, ?2, ?3, ?4, ?9, ?5, ?6, ?7, ?8, NULL, NULL, NULL, ?8, ?8)",
        )?;
        let c = cycle.to_string();
        for (n, (id, offer, group, qty, tier, pickup, person)) in lines.iter().enumerate() {
            st.execute(rusqlite::params![
                id.to_string(),
                c,
                offer.to_string(),
                group.to_string(),
                pickup.map(|p| p.to_string()),
                *qty as i64,
                i64::from(*tier),
                now + n as i64,
                person.map(|p| p.to_string())
            ])?;
        }
    }
    tx.execute(
        "UPDATE offers SET reserved = (SELECT COALESCE(SUM(l.quantity), 0) FROM order_lines l \
         WHERE l.cycle_id = offers.cycle_id AND l.offer_id = offers.id) WHERE cycle_id = ?1",
        [cycle.to_string()],
    )?;
    tx.commit()?;
    Ok(())
}

/// The fixtures every test suite builds on (the store's conformance stories, the use cases',
/// the API's and the CLI's tests): organizations, people and memberships, made the one way.
pub mod fixtures {
    use bayanihan_domain::access::Subject;
    use bayanihan_domain::geo::LocationInput;
    use bayanihan_domain::person::MembershipRole;
    use bayanihan_domain::{
        Email, OrganizationDraft, OrganizationInput, PersonName, StakeholderCategory,
    };
    use uuid::Uuid;

    use crate::{NewMembership, Store};

    /// The least an organization needs: in the Philippines, in pesos, on Manila time.
    pub fn org_input(name: &str, kind: &str) -> OrganizationInput {
        OrganizationInput {
            name: Some(name.into()),
            kind: Some(kind.into()),
            country: Some("PH".into()),
            currency: Some("PHP".into()),
            time_zone: Some("Asia/Manila".into()),
            ..Default::default()
        }
    }

    /// A full profile: a producer cooperative of `country` with a location, languages and
    /// `qualifiers`.
    pub fn org_draft(
        name: &str,
        kind: &str,
        country: &str,
        qualifiers: &[&str],
    ) -> OrganizationDraft {
        OrganizationDraft::parse(&OrganizationInput {
            name: Some(name.into()),
            kind: Some(kind.into()),
            roles: Some(vec!["producer".into()]),
            legal_form: Some("Cooperative".into()),
            country: Some(country.into()),
            region: Some("Somewhere".into()),
            location: Some(LocationInput {
                lat: 10.25,
                lon: -120.5,
            }),
            currency: Some("PHP".into()),
            time_zone: Some("Asia/Manila".into()),
            languages: Some(vec!["fil".into(), "en".into()]),
            qualifiers: Some(qualifiers.iter().map(|q| q.to_string()).collect()),
            description: Some("Test organization".into()),
            payment_instructions: None,
        })
        .expect("a valid organization")
    }

    /// A hub's usual fees on an offer: a coordination share of the producer price (in basis
    /// points) and transport per unit (in minor units), both paid to `hub`.
    pub fn hub_fees(
        hub: Uuid,
        basis_points: u32,
        transport_minor: i64,
    ) -> Vec<bayanihan_domain::trade::pricing::Fee> {
        use bayanihan_domain::trade::pricing::{Fee, FeeBasis, FeeKind};
        vec![
            Fee {
                kind: FeeKind::Coordination,
                basis: FeeBasis::Percent { basis_points },
                recipient: hub,
            },
            Fee {
                kind: FeeKind::Transport,
                basis: FeeBasis::PerUnit {
                    minor: transport_minor,
                },
                recipient: hub,
            },
        ]
    }

    /// Registers an organization of [`org_input`]; returns its id.
    pub async fn org(store: &Store, name: &str, kind: &str) -> Uuid {
        let d = OrganizationDraft::parse(&org_input(name, kind)).expect("a valid organization");
        store
            .create_organization(&d, None)
            .await
            .expect("register the organization")
            .id
    }

    /// Rice of `farm`, sold by `unit` (`kg`, `bag`…) of `unit_mass_kg`; returns its id.
    pub async fn rice(store: &Store, farm: Uuid, unit: &str, unit_mass_kg: f64) -> Uuid {
        use bayanihan_domain::trade::catalog::{ProductDraft, ProductInput};
        store
            .create_product(
                farm,
                &ProductDraft::parse(&ProductInput {
                    name: Some("Rice".into()),
                    category: Some("rice".into()),
                    unit: Some(unit.into()),
                    unit_mass_kg: Some(unit_mass_kg),
                    ..Default::default()
                })
                .expect("a valid product"),
            )
            .await
            .expect("add the product")
            .id
    }

    /// Registers a person (named after the e-mail address, without a password).
    pub async fn person(store: &Store, email: &str) -> Uuid {
        store
            .create_person(
                &Email::parse(email).expect("a valid e-mail address"),
                &PersonName::parse(email).expect("a valid name"),
                None,
            )
            .await
            .expect("register the person")
    }

    /// Makes `person` a member of `org` with `roles`, since 2025-01-01.
    pub async fn member(
        store: &Store,
        person: Uuid,
        org: Uuid,
        roles: &[MembershipRole],
        stakeholder: Option<StakeholderCategory>,
    ) {
        store
            .add_membership(&NewMembership {
                person_id: person,
                organization_id: org,
                roles: roles.to_vec(),
                stakeholder,
                since: "2025-01-01".parse().expect("a date"),
            })
            .await
            .expect("add the membership");
    }

    /// A person with these memberships, as the caller the use cases see.
    pub async fn subject(
        store: &Store,
        email: &str,
        memberships: &[(Uuid, &[MembershipRole])],
    ) -> Subject {
        let id = person(store, email).await;
        for (o, roles) in memberships {
            member(store, id, *o, roles, None).await;
        }
        store.subject(id).await.expect("read the person back")
    }
}

/// One organization of [`Store::bulk_network_members`].
#[derive(Debug, Clone, Copy)]
pub struct BulkMember {
    pub kind: &'static str,
    pub lat: f64,
    pub lon: f64,
    /// Approved for the network's map.
    pub approved: bool,
    pub published: bool,
}

impl Store {
    /// Takes `shares` active shares of `season` at once — `(group, kind, pickup, pledge)` each,
    /// without a person — bypassing sign-up's checks (benchmark set-up only). Raises each pickup
    /// point's places taken (and its capacity, when they would not fit).
    pub async fn bulk_season_shares(
        &self,
        season: Uuid,
        shares: &[(Uuid, Uuid, Uuid, Option<i64>)],
    ) -> Result<(), crate::StoreError> {
        const ROWS: usize = 200;
        let now = crate::now_micros();
        for (c, chunk) in shares.chunks(ROWS).enumerate() {
            let mut sql = String::from(
                "INSERT INTO season_shares (id, season_id, share_kind_id, consumer_group_id, person_id, pickup_id, status, seq, \
                 pledge, pledged_at, created_at, updated_at) VALUES ",
            );
            for i in 0..chunk.len() {
                let b = i * 6;
                if i > 0 {
                    sql.push(',');
                }
                sql.push_str(&format!(
                    "(${}, $1, ${}, ${}, NULL, ${}, 'active', ${}, ${}, $2, $2, $2)",
                    b + 3,
                    b + 4,
                    b + 5,
                    b + 6,
                    b + 7,
                    b + 8
                ));
            }
            write_tx!(self, tx, {
                let mut q = sqlx::query(&sql).bind(season.to_string()).bind(now);
                for (n, (group, kind, pickup, pledge)) in chunk.iter().enumerate() {
                    q = q
                        .bind(Uuid::new_v4().to_string())
                        .bind(kind.to_string())
                        .bind(group.to_string())
                        .bind(pickup.to_string())
                        .bind((c * ROWS + n) as i64)
                        .bind(*pledge);
                }
                q.execute(&mut *tx).await?;
                Ok(())
            })?;
        }
        write_tx!(self, tx, {
            sqlx::query(
                "UPDATE season_pickups SET taken = (SELECT COUNT(*) FROM season_shares s \
                 WHERE s.pickup_id = season_pickups.id AND s.status = 'active') WHERE season_id = $1",
            )
            .bind(season.to_string())
            .execute(&mut *tx)
            .await?;
            sqlx::query("UPDATE season_pickups SET capacity = taken WHERE season_id = $1 AND capacity < taken")
                .bind(season.to_string())
                .execute(&mut *tx)
                .await?;
            Ok(())
        })
    }

    /// Makes `count` people members of `org` at once, each with the stakeholder category
    /// `stakes` cycles through (benchmark set-up only: no checks, no sessions). Returns them
    /// in order.
    pub async fn bulk_members(
        &self,
        org: Uuid,
        count: usize,
        stakes: &[bayanihan_domain::person::StakeholderCategory],
    ) -> Result<Vec<(Uuid, bayanihan_domain::person::StakeholderCategory)>, crate::StoreError> {
        let now = crate::now_micros();
        let each = match self.backend {
            crate::Backend::Sqlite => "json_each($1)",
            crate::Backend::Postgres => "jsonb_array_elements(CAST($1 AS JSONB))",
        };
        let people: Vec<(Uuid, bayanihan_domain::person::StakeholderCategory)> = (0..count)
            .map(|i| (Uuid::new_v4(), stakes[i % stakes.len()]))
            .collect();
        for chunk in people.chunks(10_000) {
            let rows = serde_json::to_string(
                &chunk
                    .iter()
                    .map(|(p, s)| {
                        serde_json::json!([p.to_string(), Uuid::new_v4().to_string(), s.id()])
                    })
                    .collect::<Vec<_>>(),
            )
            .map_err(|e| crate::rows::corrupt("members", e))?;
            write_tx!(self, tx, {
                sqlx::query(&format!(
                    "INSERT INTO people (id, email, name, created_at) \
                     SELECT value ->> 0, (value ->> 0) || '@bench.example', 'Member ' || (value ->> 0), $2 FROM {each}"
                ))
                .bind(&rows)
                .bind(now)
                .execute(&mut *tx)
                .await?;
                sqlx::query(&format!(
                    "INSERT INTO memberships (id, person_id, organization_id, roles, stakeholder, since, created_at) \
                     SELECT value ->> 1, value ->> 0, $3, 'member', value ->> 2, '2025-01-01', $2 FROM {each}"
                ))
                .bind(&rows)
                .bind(now)
                .bind(org.to_string())
                .execute(&mut *tx)
                .await?;
                Ok(())
            })?;
        }
        Ok(people)
    }
}

/// One self-help group's book for [`Store::bulk_books`] (benchmark set-up only): its members,
/// meetings, loans with their schedules, and repayments, written as the meeting path writes
/// them (each repayment an entry of cash, interest and loan postings; each loan a
/// disbursement). Savings are kept in the meeting lines only, without their postings: no
/// benchmark of the book reads them.
#[derive(Debug, Clone, Default)]
pub struct BulkBook {
    pub org: Uuid,
    pub name: String,
    pub members: Vec<Uuid>,
    pub meetings: Vec<BulkMeeting>,
    pub loans: Vec<BulkLoan>,
}

/// A meeting of a [`BulkBook`]: (id, day, lines: (member index, savings, repayment)).
pub type BulkMeeting = (Uuid, jiff::civil::Date, Vec<(usize, i64, i64)>);

/// A loan of a [`BulkBook`].
#[derive(Debug, Clone)]
pub struct BulkLoan {
    pub id: Uuid,
    pub member: usize,
    /// Index of the meeting that made it.
    pub meeting: usize,
    pub principal: i64,
    pub annual_rate: String,
    pub method: &'static str,
    /// (number, due, principal, interest).
    pub schedule: Vec<(u32, jiff::civil::Date, i64, i64)>,
    /// (meeting index, principal, interest).
    pub repayments: Vec<(usize, i64, i64)>,
    pub written_off_on: Option<jiff::civil::Date>,
}

impl Store {
    /// Writes `books` of groups in `currency`, members of `network`, through one native
    /// SQLite transaction (benchmark set-up only; SQLite only).
    pub async fn bulk_books(
        &self,
        network: Uuid,
        currency: bayanihan_domain::Currency,
        books: Vec<BulkBook>,
    ) -> Result<(), crate::StoreError> {
        let Some(file) = self.sqlite_file.clone() else {
            return Err(crate::StoreError::Native(
                "bulk books are loaded into SQLite only".into(),
                false,
            ));
        };
        tokio::task::spawn_blocking(move || bulk_books_sqlite(&file, network, currency, &books))
            .await
            .map_err(|e| crate::StoreError::Native(e.to_string(), false))?
    }
}

fn bulk_books_sqlite(
    file: &str,
    network: Uuid,
    currency: bayanihan_domain::Currency,
    books: &[BulkBook],
) -> Result<(), crate::StoreError> {
    use rusqlite::params;
    let mut conn = crate::native::open_native(file)?;
    conn.execute_batch("PRAGMA cache_size = -262144;")?;
    let tx = conn.transaction_with_behavior(rusqlite::TransactionBehavior::Immediate)?;
    let now = crate::now_micros();
    let cur = currency.code();
    {
        let mut org = tx.prepare(
            "INSERT INTO organizations (id, name, kind, country, region, lat, lon, currency, time_zone, languages, created_at, updated_at) \
             VALUES (?1, ?2, 'self_help_group', 'NP', 'Bagmati', NULL, NULL, ?3, 'Asia/Kathmandu', '[]', ?4, ?4)",
        )?;
        let mut membership = tx.prepare(
            "INSERT INTO network_memberships (id, network_id, member_id, since, status, created_at, listing_approved_at, listing_approved_by) \
             VALUES (?1, ?2, ?3, '2020-01-01', 'active', ?4, NULL, NULL)",
        )?;
        let mut person = tx.prepare(
            "INSERT INTO people (id, email, name, created_at) VALUES (?1, ?1 || '@bench.example', ?2, ?3)",
        )?;
        let mut meeting = tx.prepare(
            "INSERT INTO shg_meetings (id, organization_id, held_on, attendance, members, minutes, entered_by, entered_at) \
             VALUES (?1, ?2, ?3, ?4, ?4, '', ?5, ?6)",
        )?;
        let mut line = tx.prepare(
            "INSERT INTO shg_meeting_lines (meeting_id, person_id, present, savings, voluntary, repayment, fine, withdrawal) \
             VALUES (?1, ?2, 1, ?3, 0, ?4, 0, 0)",
        )?;
        let mut loan = tx.prepare(
            "INSERT INTO shg_loans (id, organization_id, person_id, meeting_id, disbursed_on, currency, principal, \
             annual_rate, instalments, per_year, method, written_off_on, funded_by) \
             VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, 12, ?10, ?11, NULL)",
        )?;
        let mut instalment = tx.prepare(
            "INSERT INTO shg_instalments (loan_id, number, due_on, principal, interest) VALUES (?1, ?2, ?3, ?4, ?5)",
        )?;
        let mut entry = tx.prepare(
            "INSERT INTO shg_entries (id, organization_id, meeting_id, occurred_on, kind, person_id, loan_id, recorded_by, created_at) \
             VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9)",
        )?;
        let mut posting = tx.prepare(
            "INSERT INTO shg_postings (entry_id, organization_id, occurred_on, account, person_id, loan_id, amount, borrowing_id) \
             VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, NULL)",
        )?;
        for b in books {
            let o = b.org.to_string();
            org.execute(params![o, b.name, cur, now])?;
            membership.execute(params![
                Uuid::new_v4().to_string(),
                network.to_string(),
                o,
                now
            ])?;
            let members: Vec<String> = b.members.iter().map(Uuid::to_string).collect();
            for (i, m) in members.iter().enumerate() {
                person.execute(params![m, format!("{} member {i}", b.name), now])?;
            }
            let keeper = &members[0];
            let meetings: Vec<(String, String)> = b
                .meetings
                .iter()
                .map(|(id, d, _)| (id.to_string(), d.to_string()))
                .collect();
            for ((id, day), (_, _, lines)) in meetings.iter().zip(&b.meetings) {
                meeting.execute(params![id, o, day, lines.len() as i64, keeper, now])?;
                for (m, savings, repayment) in lines {
                    line.execute(params![id, members[*m], savings, repayment])?;
                }
            }
            for l in &b.loans {
                let id = l.id.to_string();
                let (mid, day) = &meetings[l.meeting];
                let who = &members[l.member];
                loan.execute(params![
                    id,
                    o,
                    who,
                    mid,
                    day,
                    cur,
                    l.principal,
                    l.annual_rate,
                    l.schedule.len() as i64,
                    l.method,
                    l.written_off_on.map(|d| d.to_string()),
                ])?;
                for (n, due, p, i) in &l.schedule {
                    instalment.execute(params![id, i64::from(*n), due.to_string(), p, i])?;
                }
                let e = Uuid::new_v4().to_string();
                entry.execute(params![
                    e,
                    o,
                    mid,
                    day,
                    "disbursement",
                    who,
                    id,
                    keeper,
                    now
                ])?;
                posting.execute(params![e, o, day, "loan", who, id, l.principal])?;
                posting.execute(params![
                    e,
                    o,
                    day,
                    "cash",
                    None::<String>,
                    None::<String>,
                    -l.principal
                ])?;
                for (m, p, i) in &l.repayments {
                    let (mid, day) = &meetings[*m];
                    let e = Uuid::new_v4().to_string();
                    entry.execute(params![e, o, mid, day, "repayment", who, id, keeper, now])?;
                    posting.execute(params![
                        e,
                        o,
                        day,
                        "cash",
                        None::<String>,
                        None::<String>,
                        p + i
                    ])?;
                    if *i > 0 {
                        posting.execute(params![e, o, day, "interest", None::<String>, id, -i])?;
                    }
                    if *p > 0 {
                        posting.execute(params![e, o, day, "loan", who, id, -p])?;
                    }
                }
            }
        }
    }
    tx.commit()?;
    Ok(())
}

impl Store {
    /// Writes the rows of `sql` to `path` as CSV with a header (benchmarks: raw rows for
    /// DuckDB; SQLite only). NULL is an empty field; text is quoted.
    pub async fn export_csv(&self, sql: &str, path: &Path) -> Result<u64, crate::StoreError> {
        let Some(file) = self.sqlite_file.clone() else {
            return Err(crate::StoreError::Native(
                "rows are exported from SQLite only".into(),
                false,
            ));
        };
        let (sql, path) = (sql.to_string(), path.to_path_buf());
        tokio::task::spawn_blocking(move || -> Result<u64, crate::StoreError> {
            use std::io::Write;
            let io = |e: std::io::Error| crate::StoreError::Native(e.to_string(), false);
            let conn = crate::native::open_native(&file)?;
            let mut st = conn.prepare(&sql)?;
            let n = st.column_count();
            let mut w = std::io::BufWriter::new(std::fs::File::create(&path).map_err(io)?);
            let header: Vec<String> = st.column_names().iter().map(|c| c.to_string()).collect();
            writeln!(w, "{}", header.join(",")).map_err(io)?;
            let mut rows = st.query([])?;
            let mut count = 0;
            while let Some(r) = rows.next()? {
                for i in 0..n {
                    if i > 0 {
                        w.write_all(b",").map_err(io)?;
                    }
                    match r.get_ref(i)? {
                        rusqlite::types::ValueRef::Null => {}
                        rusqlite::types::ValueRef::Integer(x) => write!(w, "{x}").map_err(io)?,
                        rusqlite::types::ValueRef::Real(x) => write!(w, "{x}").map_err(io)?,
                        rusqlite::types::ValueRef::Text(t) => {
                            let t = String::from_utf8_lossy(t).replace('"', "\"\"");
                            write!(w, "\"{t}\"").map_err(io)?
                        }
                        rusqlite::types::ValueRef::Blob(_) => {
                            return Err(crate::StoreError::Native("a blob in a CSV".into(), false))
                        }
                    }
                }
                w.write_all(b"\n").map_err(io)?;
                count += 1;
            }
            w.flush().map_err(io)?;
            Ok(count)
        })
        .await
        .map_err(|e| crate::StoreError::Native(e.to_string(), false))?
    }
}

/// A small deterministic generator for tests and benchmarks (a 64-bit LCG, no seed from the
/// clock: the same data on every run, a failure replays).
pub struct Lcg(pub u64);

impl Lcg {
    /// In `0..n` (`n > 0`), from the state's high bits.
    pub fn below(&mut self, n: u64) -> u64 {
        self.0 = self
            .0
            .wrapping_mul(6_364_136_223_846_793_005)
            .wrapping_add(1_442_695_040_888_963_407);
        (self.0 >> 33) % n
    }
}
