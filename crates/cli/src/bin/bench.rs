//! `bayanihan-bench`: the benchmarks of docs/benchmarks.md, as a tool.
//!
//! ```sh
//! cargo run --release --features bench --bin bayanihan-bench -- close      # 1,000,000-line close + reports
//! cargo run --release --features bench --bin bayanihan-bench -- place      # first_come over HTTP, 64 clients, 10 s
//! cargo run --release --features bench --bin bayanihan-bench -- directory  # 100,000 organizations from CSV, and their map
//! cargo run --release --features bench --bin bayanihan-bench -- map        # the map of 100,000 organizations, 5 times
//! cargo run --release --features bench --bin bayanihan-bench -- season     # 10,000 shares × 26 deliveries vs plain cycles
//! cargo run --release --features bench --bin bayanihan-bench -- vote       # 100,000 eligible in 5 chambers: cast over HTTP, tally
//! ```
//!
//! Each prints its figures as JSON lines. Databases live in a temporary folder on the same disk
//! as the system's temp dir (set TMPDIR to measure another disk).

use std::time::{Duration, Instant};

/// The allocator this build runs with (feature `mimalloc`), reported beside the figures.
#[cfg(feature = "mimalloc")]
#[global_allocator]
static GLOBAL: mimalloc::MiMalloc = mimalloc::MiMalloc;
#[cfg(feature = "mimalloc")]
const ALLOCATOR: &str = "mimalloc";
#[cfg(not(feature = "mimalloc"))]
const ALLOCATOR: &str = "system";

use bayanihan_domain::trade::allocation::{self, Policy, Request};
use bayanihan_domain::trade::catalog::{ProductDraft, ProductInput};
use bayanihan_domain::trade::pricing::{Fee, FeeBasis, FeeKind};
use bayanihan_domain::{Currency, OrganizationDraft, OrganizationInput};
use bayanihan_store::trade::{CycleDraft, OfferDraft, Participant};
use bayanihan_store::Store;
use clap::{Parser, Subcommand};
use serde_json::json;
use uuid::Uuid;

#[path = "../bench/tbl.rs"]
mod tbl;

#[path = "../bench/directory.rs"]
mod directory;

#[path = "../bench/season.rs"]
mod season;

#[path = "../bench/vote.rs"]
mod vote;

#[path = "../bench/par.rs"]
mod par;

#[derive(Parser)]
#[command(
    name = "bayanihan-bench",
    about = "Bayanihan's benchmarks (see docs/benchmarks.md)"
)]
struct Cli {
    #[command(subcommand)]
    command: Command,
}

#[derive(Subcommand)]
enum Command {
    /// Close a cycle of many lines persisted to SQLite; then supplier totals and packing lists.
    Close {
        /// Household orders.
        #[arg(long, default_value_t = 50_000)]
        households: u64,
        /// Lines per household order.
        #[arg(long, default_value_t = 20)]
        lines_per_household: u64,
        #[arg(long, default_value_t = 10_000)]
        offers: u64,
        /// Consumer groups the households order through.
        #[arg(long, default_value_t = 500)]
        groups: u64,
        /// The database: a SQLite file, or PostgreSQL started by the bench itself (durable).
        #[arg(long, value_enum, default_value_t = Engine::Sqlite)]
        engine: Engine,
    },
    /// Place lines over HTTP under first_come for --seconds: concurrent clients, most offers
    /// plentiful, one in ten scarce (they sell out and refuse), beside plain SQLite's durable
    /// single-row commits measured on the same disk in the same run.
    Place {
        #[arg(long, default_value_t = 64)]
        clients: usize,
        /// How long the clients place lines.
        #[arg(long, default_value_t = 10.0)]
        seconds: f64,
        /// Offers in the cycle; every tenth holds only 100 units.
        #[arg(long, default_value_t = 50)]
        offers: u64,
        /// The database: a SQLite file, or PostgreSQL started by the bench itself (durable).
        #[arg(long, value_enum, default_value_t = Engine::Sqlite)]
        engine: Engine,
    },
    /// A network's directory from CSV (organizations and three memberships each): dry run,
    /// apply, again, export, beside sqlite3's own .import; then the map of them all.
    Directory {
        #[arg(long, default_value_t = 100_000)]
        orgs: usize,
    },
    /// The public map of N published, approved organizations (set up with plain SQL), drawn
    /// --runs times.
    Map {
        #[arg(long, default_value_t = 100_000)]
        orgs: usize,
        #[arg(long, default_value_t = 5)]
        runs: usize,
    },
    /// A season of N shares with 26 deliveries: each delivery's lines made, closed and repaid
    /// in kind, beside a plain cycle of the same lines loaded and closed.
    Season {
        #[arg(long, default_value_t = 10_000)]
        shares: usize,
        #[arg(long, default_value_t = 50)]
        groups: usize,
        /// Deliveries measured (each beside a plain cycle).
        #[arg(long, default_value_t = 7)]
        runs: usize,
    },
    /// A vote of N eligible members in five weighted chambers: ballots recorded concurrently
    /// over HTTP (beside the order-placement figure of the same run), then tallied and closed.
    Vote {
        #[arg(long, default_value_t = 100_000)]
        eligible: usize,
        /// Ballots cast (the rest stay away).
        #[arg(long, default_value_t = 60_000)]
        ballots: usize,
        #[arg(long, default_value_t = 64)]
        clients: usize,
        /// Times the tally alone is measured.
        #[arg(long, default_value_t = 5)]
        runs: usize,
    },
    /// A year of a network's trade closed cycle by cycle, then its triple-bottom-line report;
    /// writes the report and the raw delivered lines (for DuckDB) to --out.
    Tbl {
        /// Delivered lines in the year (about).
        #[arg(long, default_value_t = 10_000_000)]
        lines: u64,
        /// Hubs in each of the five chapters (each serves 20 consumer groups).
        #[arg(long, default_value_t = 2)]
        hubs: u64,
        #[arg(long, default_value_t = 52)]
        weeks: u64,
        #[arg(long, default_value_t = 20_000)]
        households: u64,
        #[arg(long)]
        out: std::path::PathBuf,
        /// Times the report is made (each is timed).
        #[arg(long, default_value_t = 5)]
        runs: usize,
        /// The database: a SQLite file, or PostgreSQL started by the bench itself (durable).
        #[arg(long, value_enum, default_value_t = Engine::Sqlite)]
        engine: Engine,
    },
    /// A federation of self-help groups' books; its PAR30 as at past dates from the loans'
    /// stored changes; writes the figures and the raw loan rows (for DuckDB) to --out.
    Par {
        #[arg(long, default_value_t = 5_000)]
        groups: usize,
        #[arg(long, default_value_t = 15)]
        members: usize,
        /// Monthly meetings of each group.
        #[arg(long, default_value_t = 60)]
        months: usize,
        #[arg(long)]
        out: std::path::PathBuf,
        /// Times each date is read (each is timed).
        #[arg(long, default_value_t = 5)]
        runs: usize,
        /// Dates also read loan by loan from the rows (slow), which must agree.
        #[arg(long, default_value_t = 0)]
        check_rows: usize,
    },
}

type Fallible<T> = Result<T, Box<dyn std::error::Error + Send + Sync>>;

fn peak_rss_mib() -> f64 {
    std::fs::read_to_string("/proc/self/status")
        .ok()
        .and_then(|s| {
            s.lines()
                .find(|l| l.starts_with("VmHWM:"))
                .map(|l| l.to_string())
        })
        .and_then(|l| {
            l.split_whitespace()
                .nth(1)
                .and_then(|kb| kb.parse::<f64>().ok())
        })
        .map_or(0.0, |kb| kb / 1024.0)
}

fn org(name: &str, kind: &str) -> OrganizationDraft {
    OrganizationDraft::parse(&OrganizationInput {
        name: Some(name.into()),
        kind: Some(kind.into()),
        country: Some("PH".into()),
        currency: Some("PHP".into()),
        time_zone: Some("Asia/Manila".into()),
        ..Default::default()
    })
    .expect("valid organization")
}

/// A hub, producers, consumer groups and an open cycle with `offers` offers.
async fn setup(
    store: &Store,
    offers: u64,
    groups: u64,
    pickups: u64,
    policy: Policy,
    quantity: impl Fn(u64) -> u64,
) -> Fallible<(bayanihan_store::trade::Cycle, Vec<Uuid>, Vec<Uuid>)> {
    let hub = store
        .create_organization(&org("Bench Hub", "social_enterprise"), None)
        .await?
        .id;
    let mut producers = Vec::new();
    for p in 0..20 {
        producers.push(
            store
                .create_organization(&org(&format!("Producer {p}"), "producer_cooperative"), None)
                .await?
                .id,
        );
    }
    let mut group_ids = Vec::new();
    for g in 0..groups {
        group_ids.push(
            store
                .create_organization(&org(&format!("Group {g}"), "consumer_cooperative"), None)
                .await?
                .id,
        );
    }
    let now = jiff::Timestamp::now();
    let cycle = store
        .create_cycle(&CycleDraft {
            hub_id: hub,
            name: "Bench".into(),
            currency: Currency::PHP,
            policy,
            opens_at: now - jiff::SignedDuration::from_hours(1),
            closes_at: now + jiff::SignedDuration::from_hours(24),
            delivery_date: "2026-12-31".parse()?,
            payment_terms_days: 14,
            pickup_points: (0..pickups)
                .map(|i| bayanihan_store::trade::PickupPointDraft {
                    name: format!("Pickup {i:03}"),
                    organization_id: hub,
                    location: None,
                })
                .collect(),
            producers: producers.clone(),
            consumer_groups: group_ids
                .iter()
                .map(|g| Participant {
                    organization_id: *g,
                    tier: 0,
                })
                .collect(),
        })
        .await?;
    let mut products = Vec::new();
    for (i, p) in producers.iter().enumerate() {
        let d = ProductDraft::parse(&ProductInput {
            name: Some(format!("Product {i}")),
            category: Some("vegetables".into()),
            unit: Some("bunch".into()),
            unit_mass_kg: Some(0.5),
            ..Default::default()
        })
        .map_err(|e| e.to_string())?;
        products.push(store.create_product(*p, &d).await?.id);
    }
    let mut offer_ids = Vec::new();
    for o in 0..offers {
        let offer = store
            .create_offer(
                cycle.id,
                &OfferDraft {
                    product_id: products[(o % products.len() as u64) as usize],
                    quantity: quantity(o),
                    producer_price_minor: 5_000 + (o as i64 % 97) * 10,
                    fees: vec![
                        Fee {
                            kind: FeeKind::Coordination,
                            basis: FeeBasis::Percent {
                                basis_points: 1_250,
                            },
                            recipient: hub,
                        },
                        Fee {
                            kind: FeeKind::Transport,
                            basis: FeeBasis::PerUnit { minor: 300 },
                            recipient: hub,
                        },
                    ],
                    transport: None,
                },
            )
            .await?;
        offer_ids.push(offer.id);
    }
    Ok((cycle, offer_ids, group_ids))
}

async fn close(
    households: u64,
    per: u64,
    offers: u64,
    groups: u64,
    engine: Engine,
) -> Fallible<()> {
    let dir = bayanihan_store::testing::temp_dir("bayanihan-bench-close");
    let db = BenchDb::open(engine, dir.path()).await?;
    let store = db.store.clone();
    let lines_total = households * per;
    // Each offer gets lines_total / offers lines of 1–3 units (mean 2); a third of the offers
    // are oversubscribed (supply 60 % of demand), the rest have 50 % spare.
    let per_offer = lines_total / offers;
    let demand = |o: u64| (0..per_offer).map(|i| 1 + (o + i) % 3).sum::<u64>();
    let (cycle, offer_ids, group_ids) = setup(&store, offers, groups, 50, Policy::ProRata, |o| {
        if o % 3 == 0 {
            demand(o) * 6 / 10
        } else {
            demand(o) * 3 / 2
        }
    })
    .await?;
    let pickups: Vec<Uuid> = cycle.pickup_points.iter().map(|p| p.id).collect();
    let cycle = cycle.id;
    let mut lines = Vec::with_capacity(lines_total as usize);
    for h in 0..households {
        let group = group_ids[(h % groups) as usize];
        for k in 0..per {
            let n = h * per + k;
            let o = n % offers;
            let i = n / offers;
            let pickup = pickups[((h % groups) % pickups.len() as u64) as usize];
            lines.push((
                Uuid::new_v4(),
                offer_ids[o as usize],
                group,
                1 + (o + i) % 3,
                0u32,
                Some(pickup),
                None,
            ));
        }
    }
    let t = Instant::now();
    store.bulk_load_lines(cycle, &lines).await?;
    eprintln!(
        "loaded {} lines in {:.1} s",
        lines.len(),
        t.elapsed().as_secs_f64()
    );

    // Allocation alone, on the same shape of data, in memory.
    let mut by_offer: Vec<Vec<Request>> = vec![Vec::new(); offers as usize];
    for (n, (id, _, _, q, tier, _, _)) in lines.iter().enumerate() {
        by_offer[n % offers as usize].push(Request {
            line: *id,
            requested: *q,
            tier: *tier,
            seq: n as u64,
        });
    }
    let supplies: Vec<u64> = (0..offers)
        .map(|o| {
            if o % 3 == 0 {
                demand(o) * 6 / 10
            } else {
                demand(o) * 3 / 2
            }
        })
        .collect();
    let t = Instant::now();
    let mut allocated = 0u64;
    for (o, reqs) in by_offer.iter().enumerate() {
        allocated += allocation::allocate(Policy::ProRata, supplies[o], reqs, 42)
            .iter()
            .map(|a| a.allocated)
            .sum::<u64>();
    }
    let allocation_s = t.elapsed().as_secs_f64();
    drop(by_offer);
    drop(lines);

    let t = Instant::now();
    let summary = store.close_cycle(cycle).await?;
    let close_s = t.elapsed().as_secs_f64();
    assert_eq!(
        summary.units_allocated, allocated,
        "the close allocates as the pure function does"
    );
    let t = Instant::now();
    let supplier = store.supplier_totals(cycle).await?;
    let supplier_s = t.elapsed().as_secs_f64();
    let t = Instant::now();
    let packing = store
        .packing(
            cycle,
            Some(pickups[0]),
            bayanihan_store::trade::PackingBy::Group,
        )
        .await?;
    let packing_s = t.elapsed().as_secs_f64();
    println!(
        "{}",
        json!({
            "benchmark": "close",
            "engine": engine.name(),
            "lines": summary.lines,
            "offers": offers,
            "units_requested": summary.units_requested,
            "units_allocated": summary.units_allocated,
            "close_seconds": close_s,
            "allocation_seconds": allocation_s,
            "supplier_totals_seconds": supplier_s,
            "supplier_totals_rows": supplier.len(),
            "packing_list_seconds": packing_s,
            "packing_list_rows": packing.len(),
            "packing_list_of": "one pickup point of 50, by consumer group and product",
            "peak_rss_mib": peak_rss_mib(),
        })
    );
    store.close().await;
    Ok(())
}

/// The web server on a free local port, for benchmarks that go through HTTP.
struct Served {
    addr: std::net::SocketAddr,
    stop: tokio::sync::oneshot::Sender<()>,
    task: tokio::task::JoinHandle<std::io::Result<()>>,
}

impl Served {
    async fn start(store: &Store) -> Fallible<Served> {
        let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await?;
        let addr = listener.local_addr()?;
        let state =
            bayanihan_web::AppState::new(store.clone(), bayanihan_web::WebConfig::default());
        let (stop, stopped) = tokio::sync::oneshot::channel::<()>();
        let task = tokio::spawn(bayanihan_web::serve(listener, state, async move {
            let _ = stopped.await;
        }));
        Ok(Served { addr, stop, task })
    }

    async fn stop(self) {
        let _ = self.stop.send(());
        let _ = self.task.await;
    }
}

/// `n` people of `org` with `role`, each signed in: their bearer tokens.
async fn signed_in(
    store: &Store,
    org: uuid::Uuid,
    role: bayanihan_domain::MembershipRole,
    prefix: &str,
    n: usize,
) -> Fallible<Vec<String>> {
    let mut tokens = Vec::new();
    for c in 0..n {
        let p = store
            .create_person(
                &bayanihan_domain::Email::parse(&format!("{prefix}{c}@bench.example"))?,
                &bayanihan_domain::PersonName::parse("Bench person")?,
                None,
            )
            .await?;
        store
            .add_membership(&bayanihan_store::NewMembership {
                person_id: p,
                organization_id: org,
                roles: vec![role],
                stakeholder: None,
                since: "2025-01-01".parse()?,
            })
            .await?;
        tokens.push(
            bayanihan_app::account::issue_token(store, p, "bench")
                .await
                .map_err(|e| e.to_string())?
                .token,
        );
    }
    Ok(tokens)
}

async fn place(clients: usize, seconds: f64, offers: u64, engine: Engine) -> Fallible<()> {
    println!("{}", place_figures(clients, seconds, offers, engine).await?);
    Ok(())
}

/// Which database a benchmark runs on.
#[derive(Clone, Copy, Debug, PartialEq, Eq, clap::ValueEnum)]
enum Engine {
    Sqlite,
    Postgres,
}

impl Engine {
    fn name(self) -> &'static str {
        match self {
            Engine::Sqlite => "sqlite",
            Engine::Postgres => "postgres",
        }
    }
}

/// A benchmark's database: a SQLite file in the bench's folder, or a fresh database in a
/// PostgreSQL cluster the bench starts itself, durable (fsync and synchronous commit on) and
/// stopped when this is dropped.
struct BenchDb {
    store: Store,
    url: String,
    _cluster: Option<bayanihan_store::testing::PgCluster>,
}

impl BenchDb {
    async fn open(engine: Engine, dir: &std::path::Path) -> Fallible<BenchDb> {
        let (url, cluster) = match engine {
            Engine::Sqlite => (format!("sqlite:{}", dir.join("bench.db").display()), None),
            Engine::Postgres => {
                let cluster =
                    tokio::task::spawn_blocking(bayanihan_store::testing::PgCluster::start_durable)
                        .await?;
                (cluster.fresh_url().await, Some(cluster))
            }
        };
        let store = Store::connect(&url).await?;
        store.migrate().await?;
        Ok(BenchDb {
            store,
            url,
            _cluster: cluster,
        })
    }
}

/// PostgreSQL's own rate of single-row commits (`pgbench`, outside our stack): `clients`
/// sessions each committing one INSERT after another for `seconds`.
async fn pgbench_rate(db: &BenchDb, clients: u32, seconds: u32) -> Fallible<f64> {
    db.store
        .bulk_sql("CREATE TABLE IF NOT EXISTS bench_raw (id TEXT PRIMARY KEY, n BIGINT NOT NULL)")
        .await?;
    let dir = bayanihan_store::testing::temp_dir("bayanihan-pgbench");
    let script = dir.path().join("insert.sql");
    std::fs::write(
        &script,
        "INSERT INTO bench_raw (id, n) VALUES (md5(random()::text || clock_timestamp()::text), 1);\n",
    )?;
    let pgbench = bayanihan_store::testing::pg_tool("pgbench").ok_or("pgbench is missing")?;
    let out = std::process::Command::new(pgbench)
        .args([
            "-n",
            "-c",
            &clients.to_string(),
            "-j",
            &clients.min(2).to_string(),
        ])
        .args(["-T", &seconds.to_string(), "-f"])
        .arg(&script)
        .arg(&db.url)
        .output()?;
    let text = String::from_utf8_lossy(&out.stdout);
    let tps = text
        .lines()
        .find_map(|l| l.strip_prefix("tps = "))
        .and_then(|l| l.split_whitespace().next())
        .ok_or_else(|| {
            format!(
                "no rate from pgbench: {text}{}",
                String::from_utf8_lossy(&out.stderr)
            )
        })?;
    Ok(tps.parse()?)
}

/// Units of a scarce offer in the placement benchmark; every other offer never runs out.
const SCARCE_STOCK: u64 = 100;

/// Plain SQLite outside our stack: Python's `sqlite3`, WAL, `synchronous=FULL`, one INSERT
/// per transaction (autocommit), back to back for `seconds`; prints commits per second.
const PLAIN_SQLITE: &str = r#"
import sqlite3, sys, time, uuid
db = sqlite3.connect(sys.argv[1], isolation_level=None)
db.execute("PRAGMA journal_mode=WAL")
db.execute("PRAGMA synchronous=FULL")
sync = db.execute("PRAGMA synchronous").fetchone()[0]
db.execute("CREATE TABLE t (id TEXT PRIMARY KEY, n INTEGER NOT NULL)")
n, start = 0, time.monotonic()
while time.monotonic() - start < float(sys.argv[2]):
    db.execute("INSERT INTO t (id, n) VALUES (?, ?)", (str(uuid.uuid4()), n))
    n += 1
print(n / (time.monotonic() - start), sync)
"#;

/// SQLite's names for `PRAGMA synchronous` values.
fn synchronous_name(n: i64) -> &'static str {
    match n {
        0 => "OFF",
        1 => "NORMAL",
        2 => "FULL",
        3 => "EXTRA",
        _ => "unknown",
    }
}

/// Plain SQLite's durable single-row commits per second in a new database `file` (see
/// [`PLAIN_SQLITE`]), and the `synchronous` setting it ran with.
fn plain_sqlite_rate(file: &std::path::Path, seconds: f64) -> Fallible<(f64, &'static str)> {
    let out = std::process::Command::new("python3")
        .arg("-c")
        .arg(PLAIN_SQLITE)
        .arg(file)
        .arg(seconds.to_string())
        .output()?;
    if !out.status.success() {
        return Err(format!(
            "python3's sqlite3 baseline failed: {}",
            String::from_utf8_lossy(&out.stderr)
        )
        .into());
    }
    let text = String::from_utf8(out.stdout)?;
    let mut words = text.split_whitespace();
    let rate: f64 = words.next().ok_or("no rate from python3")?.parse()?;
    let sync: i64 = words.next().ok_or("no setting from python3")?.parse()?;
    Ok((rate, synchronous_name(sync)))
}

/// What the placement clients saw: every request's latency, and how many were acknowledged,
/// refused (409) and failed, over how many seconds.
type Seen = (Vec<Duration>, u64, u64, u64, f64);

/// The placement clients, `tokens.len()` of them, each placing one unit after another at
/// `url` for `length`. They run on a thread and a single-threaded runtime of their own, as
/// a load generator would from another machine: sharing the server's runtime, their tasks
/// took the server's workers and every answer crossed threads twice. The thread is named
/// `bench-clients`, so a profile tells their cost from the server's.
fn load_clients(
    tokens: Vec<String>,
    url: String,
    offer_ids: Vec<Uuid>,
    group: Uuid,
    length: Duration,
) -> Fallible<Seen> {
    let clients = tokens.len();
    std::thread::Builder::new()
        .name("bench-clients".into())
        .spawn(move || -> Fallible<Seen> {
            let rt = tokio::runtime::Builder::new_current_thread()
                .enable_all()
                .build()?;
            rt.block_on(async move {
                let http = reqwest::Client::builder()
                    .pool_max_idle_per_host(clients)
                    .build()?;
                let start = Instant::now();
                let deadline = start + length;
                let mut tasks = Vec::new();
                for (c, token) in tokens.into_iter().enumerate() {
                    let (http, url, offer_ids) = (http.clone(), url.clone(), offer_ids.clone());
                    tasks.push(tokio::spawn(async move {
                        let mut lat = Vec::new();
                        let (mut ok, mut refused, mut failed) = (0u64, 0u64, 0u64);
                        let mut i = 0;
                        while Instant::now() < deadline {
                            let offer = offer_ids[(c * 7 + i) % offer_ids.len()];
                            i += 1;
                            let t = Instant::now();
                            let res = http
                                .post(&url)
                                .bearer_auth(&token)
                                .json(&json!({"offer_id": offer, "consumer_group_id": group, "quantity": 1}))
                                .send()
                                .await;
                            lat.push(t.elapsed());
                            match res.map(|r| r.status().as_u16()) {
                                Ok(201) => ok += 1,
                                Ok(409) => refused += 1,
                                _ => failed += 1,
                            }
                        }
                        (lat, ok, refused, failed)
                    }));
                }
                let mut lat: Vec<Duration> = Vec::new();
                let (mut ok, mut refused, mut failed) = (0, 0, 0);
                for t in tasks {
                    let (l, o, r, f) = t.await?;
                    lat.extend(l);
                    ok += o;
                    refused += r;
                    failed += f;
                }
                Ok((lat, ok, refused, failed, start.elapsed().as_secs_f64()))
            })
        })?
        .join()
        .map_err(|_| "the placement clients' thread panicked")?
}

/// The order-placement benchmark's figures, for `place` and beside other figures.
async fn place_figures(
    clients: usize,
    seconds: f64,
    offers: u64,
    engine: Engine,
) -> Fallible<serde_json::Value> {
    let dir = bayanihan_store::testing::temp_dir("bayanihan-bench-place");
    let db = BenchDb::open(engine, dir.path()).await?;
    let store = db.store.clone();
    // The peers, on the same disk, just before.
    let (mut plain, mut raw_rate) = (None, None);
    let (mut pg_one, mut pg_many) = (None, None);
    let synchronous = match engine {
        Engine::Sqlite => {
            // The weakest setting of any connection that may write a line: the pool's and
            // the placement writer's native one.
            let (levels, native) = store.synchronous_levels().await?;
            plain = Some(plain_sqlite_rate(
                &dir.path().join("plain-before.db"),
                seconds.min(5.0),
            )?);
            raw_rate = Some(store.durable_commit_rate(3.0).await?);
            synchronous_name(levels.into_iter().chain(native).min().unwrap_or(-1)).to_string()
        }
        Engine::Postgres => {
            pg_one = Some(pgbench_rate(&db, 1, 5).await?);
            pg_many = Some(pgbench_rate(&db, clients as u32, 5).await?);
            format!(
                "fsync={}, synchronous_commit={}",
                store.pg_setting("fsync").await?,
                store.pg_setting("synchronous_commit").await?
            )
        }
    };
    let (cycle, offer_ids, groups) = setup(&store, offers, 1, 0, Policy::FirstCome, |i| {
        if i % 10 == 9 {
            SCARCE_STOCK
        } else {
            10_000_000
        }
    })
    .await?;
    let cycle = cycle.id;
    let group = groups[0];
    let tokens = signed_in(
        &store,
        group,
        bayanihan_domain::MembershipRole::Member,
        "client",
        clients,
    )
    .await?;
    let server = Served::start(&store).await?;
    let addr = server.addr;
    let url = format!("http://{addr}/api/v1/cycles/{cycle}/lines");
    let (mut lat, ok, refused, failed, elapsed) = tokio::task::spawn_blocking(move || {
        load_clients(
            tokens,
            url,
            offer_ids,
            group,
            Duration::from_secs_f64(seconds),
        )
    })
    .await??;
    server.stop().await;
    // The peer once more, just after: on a shared machine one 5 s sample of a single
    // session's commits swings by half between minutes, and the placement ran between the
    // two samples. The ratio is taken against their mean.
    let (mut plain_after, mut pg_one_after) = (None, None);
    match engine {
        Engine::Sqlite => {
            let file = dir.path().join("plain-after.db");
            plain_after = Some(plain_sqlite_rate(&file, seconds.min(5.0))?.0)
        }
        Engine::Postgres => pg_one_after = Some(pgbench_rate(&db, 1, 5).await?),
    }
    let mean = |a: Option<f64>, b: Option<f64>| a.zip(b).map(|(a, b)| (a + b) / 2.0);
    let plain_mean = mean(plain.map(|p| p.0), plain_after);
    let pg_one_mean = mean(pg_one, pg_one_after);
    lat.sort();
    let pct =
        |p: f64| lat[((lat.len() as f64 * p) as usize).min(lat.len() - 1)].as_secs_f64() * 1000.0;
    let stored = store.lines(cycle, None, None).await?;
    let mut oversold = 0u64;
    for o in store.offers(cycle).await? {
        let sold: u64 = stored
            .iter()
            .filter(|l| l.offer_id == o.id)
            .map(|l| l.quantity)
            .sum();
        oversold += sold.saturating_sub(o.quantity);
    }
    let figures = json!({
        "benchmark": "place",
        "clients": clients,
        "requests": lat.len(),
        "acknowledged": ok,
        "refused_409": refused,
        "failed": failed,
        "stored_lines": stored.len(),
        "oversold_units": oversold,
        "seconds": elapsed,
        "acknowledged_per_second": ok as f64 / elapsed,
        "requests_per_second": lat.len() as f64 / elapsed,
        "latency_ms_p50": pct(0.50),
        "latency_ms_p99": pct(0.99),
        "engine": engine.name(),
        "raw_sqlite_durable_commits_per_second": raw_rate,
        "synchronous": synchronous,
        "plain_sqlite_python_commits_per_second": plain_mean,
        "plain_sqlite_python_commits_per_second_before": plain.map(|p| p.0),
        "plain_sqlite_python_commits_per_second_after": plain_after,
        "plain_sqlite_synchronous": plain.map(|p| p.1),
        "acknowledged_vs_plain_sqlite": plain_mean.map(|r| ok as f64 / elapsed / r),
        "postgres_single_row_commits_per_second_1_client": pg_one_mean,
        "postgres_single_row_commits_per_second_1_client_before": pg_one,
        "postgres_single_row_commits_per_second_1_client_after": pg_one_after,
        "postgres_single_row_commits_per_second_clients": pg_many,
        "acknowledged_vs_postgres_1_client": pg_one_mean.map(|r| ok as f64 / elapsed / r),
        "allocator": ALLOCATOR,
        "peak_rss_mib": peak_rss_mib(),
    });
    store.close().await;
    Ok(figures)
}

fn main() -> Fallible<()> {
    let cli = Cli::parse();
    tracing_subscriber::fmt()
        .with_env_filter(tracing_subscriber::EnvFilter::try_new(
            std::env::var("BAYANIHAN_LOG").unwrap_or_else(|_| "warn".into()),
        )?)
        .with_writer(std::io::stderr)
        .init();
    let rt = tokio::runtime::Builder::new_multi_thread()
        .enable_all()
        .build()?;
    rt.block_on(async {
        match cli.command {
            Command::Close {
                households,
                lines_per_household,
                offers,
                groups,
                engine,
            } => close(households, lines_per_household, offers, groups, engine).await,
            Command::Place {
                clients,
                seconds,
                offers,
                engine,
            } => place(clients, seconds, offers, engine).await,
            Command::Directory { orgs } => directory::run(orgs).await,
            Command::Map { orgs, runs } => directory::map_only(orgs, runs).await,
            Command::Season {
                shares,
                groups,
                runs,
            } => season::run(shares, groups, runs).await,
            Command::Vote {
                eligible,
                ballots,
                clients,
                runs,
            } => vote::run(eligible, ballots, clients, runs).await,
            Command::Tbl {
                lines,
                hubs,
                weeks,
                households,
                out,
                runs,
                engine,
            } => {
                let dir = bayanihan_store::testing::temp_dir("bayanihan-bench-tbl");
                let db = BenchDb::open(engine, dir.path()).await?;
                let r =
                    tbl::run(db.store.clone(), lines, hubs, weeks, households, &out, runs).await;
                drop(db);
                r
            }
            Command::Par {
                groups,
                members,
                months,
                out,
                runs,
                check_rows,
            } => par::run(groups, members, months, &out, runs, check_rows).await,
        }
    })
}
