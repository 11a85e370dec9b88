//! The soak (issue 18): mixed load on the demo — members ordering, a treasurer paying, the
//! hub cloning and closing cycles, the chapter's steward running clearing rounds, reports read —
//! while the server is killed with SIGKILL at random moments and started again, on SQLite and
//! on PostgreSQL. Afterwards: nothing acknowledged is lost, no cycle is half-closed, and
//! `bayanihan verify` finds every ledger balanced and every chain whole.
//!
//! The test suite runs it for [`DEFAULT_SECONDS`] per engine; `scripts/bench-soak` runs it
//! longer (`BAYANIHAN_SOAK_SECONDS`) and docs/benchmarks.md keeps its figures.

mod support;

use std::collections::{HashMap, HashSet};
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use bayanihan_domain::clearing::RoundStatus;
use bayanihan_store::{OrganizationFilter, Store};
use serde_json::{json, Value};
use support::{open_cycle, start, token};
use uuid::Uuid;

const DEFAULT_SECONDS: u64 = 25;

fn soak_seconds() -> u64 {
    std::env::var("BAYANIHAN_SOAK_SECONDS")
        .ok()
        .and_then(|s| s.parse().ok())
        .unwrap_or(DEFAULT_SECONDS)
}

/// What the clients were told was done.
#[derive(Default, Debug)]
struct Acknowledged {
    lines: Vec<Uuid>,
    /// Payments of 1.00 acknowledged, by obligation.
    payments: HashMap<Uuid, u64>,
    cycles_cloned: Vec<Uuid>,
    cycles_closed: Vec<Uuid>,
    rounds_applied: Vec<Uuid>,
    /// What proposing and applying a round were answered, for the record.
    round_answers: std::collections::BTreeMap<String, u64>,
    reports: u64,
    /// Answers of 5xx other than 503 (must stay 0), with what was asked.
    server_errors: Vec<String>,
}

/// Where the server is now: it moves to a new port at each restart.
type Base = Arc<Mutex<String>>;

async fn org_id(store: &Store, name: &str) -> Uuid {
    let filter = OrganizationFilter {
        name: Some(name.into()),
        ..Default::default()
    };
    store.all_organizations(&filter).await.unwrap()[0].id
}

/// The clients' way to the server, wherever it is now.
#[derive(Clone)]
struct Api {
    http: reqwest::Client,
    base: Base,
    told: Arc<Mutex<Acknowledged>>,
}

impl Api {
    /// Sends a request; `None` when the server could not be reached or its answer was cut
    /// off (killed), which is never an acknowledgement.
    async fn call(
        &self,
        method: reqwest::Method,
        path: &str,
        token: &str,
        body: Option<Value>,
    ) -> Option<(u16, Value)> {
        let url = format!("{}{path}", self.base.lock().unwrap());
        let mut req = self.http.request(method.clone(), url).bearer_auth(token);
        if let Some(b) = body {
            req = req.json(&b);
        }
        let r = req.send().await.ok()?;
        let status = r.status().as_u16();
        let v = r.json::<Value>().await.ok()?;
        if status >= 500 && status != 503 {
            self.told
                .lock()
                .unwrap()
                .server_errors
                .push(format!("{method} {path}: {status} {v}"));
        }
        Some((status, v))
    }

    async fn post(&self, path: &str, token: &str, body: Option<Value>) -> Option<(u16, Value)> {
        self.call(reqwest::Method::POST, path, token, body).await
    }

    async fn get(&self, path: &str, token: &str) -> Option<(u16, Value)> {
        self.call(reqwest::Method::GET, path, token, None).await
    }
}

async fn soak(db: &str) {
    let seconds = soak_seconds();
    let store = Store::connect(db).await.unwrap();
    let cycle = open_cycle(&store).await;
    let group = cycle.consumer_groups[0].organization_id;
    let offers = support::offer_ids(&store, cycle.id).await;
    let malaya = org_id(&store, "Barangay Malaya").await;
    let chapter = org_id(&store, "Sinag Philippines").await;
    // Malaya's debts, each paid 1.00 at a time while anything is owed.
    let debts: Vec<Uuid> = store
        .obligations(Some(malaya), true)
        .await
        .unwrap()
        .iter()
        .filter(|o| o.debtor_id == malaya)
        .map(|o| o.id)
        .collect();
    assert!(!debts.is_empty(), "the demo leaves Malaya something to pay");
    let payments_before: HashMap<Uuid, usize> = count_payments(&store, malaya).await;
    store.close().await;

    let tokens = [
        token(db, "jun@demo.bayanihan.example"),
        token(db, "rosa@demo.bayanihan.example"),
    ];
    let hub = token(db, "marites@demo.bayanihan.example");
    let steward = token(db, "luz@demo.bayanihan.example");

    let (server, url) = start(db).await;
    let server = Arc::new(Mutex::new(server));
    let base: Base = Arc::new(Mutex::new(url));
    let told = Arc::new(Mutex::new(Acknowledged::default()));
    let until = Instant::now() + Duration::from_secs(seconds);
    let api = Api {
        http: reqwest::Client::builder()
            .timeout(Duration::from_secs(30))
            .build()
            .unwrap(),
        base: base.clone(),
        told: told.clone(),
    };
    let mut work = Vec::new();

    // Four members ordering one unit at a time.
    for c in 0..4usize {
        let (api, t, offers) = (api.clone(), tokens[c % 2].clone(), offers.clone());
        let path = format!("/api/v1/cycles/{}/lines", cycle.id);
        work.push(tokio::spawn(async move {
            let mut i = c;
            while Instant::now() < until {
                i += 1;
                let o = offers[i % offers.len()];
                let body = json!({"offer_id": o, "consumer_group_id": group, "quantity": 1});
                match api.post(&path, &t, Some(body)).await {
                    Some((201, v)) => {
                        let id = v["id"].as_str().unwrap().parse().unwrap();
                        api.told.lock().unwrap().lines.push(id)
                    }
                    Some(_) => {}
                    None => tokio::time::sleep(Duration::from_millis(50)).await,
                }
            }
        }));
    }
    // Rosa, Malaya's treasurer, paying its debts 1.00 at a time.
    {
        let (api, t) = (api.clone(), tokens[1].clone());
        work.push(tokio::spawn(async move {
            let mut i = 0;
            while Instant::now() < until {
                i += 1;
                let debt = debts[i % debts.len()];
                let body =
                    json!({"amount": "1.00", "method": "cash", "reference": format!("soak {i}")});
                let path = format!("/api/v1/obligations/{debt}/payments");
                if let Some((201, _)) = api.post(&path, &t, Some(body)).await {
                    *api.told.lock().unwrap().payments.entry(debt).or_default() += 1;
                }
                // A payment on a debt a proposed round would set off makes the round stale
                // (409 on applying it): paced, so rounds get applied between payments too.
                tokio::time::sleep(Duration::from_millis(150)).await;
            }
        }));
    }
    // The hub cloning its open cycle and closing the clone, and reading its report.
    {
        let (api, t) = (api.clone(), hub.clone());
        let hub_id = cycle.hub_id;
        let fixtures = Store::connect(db).await.unwrap();
        work.push(tokio::spawn(async move {
            let mut days = 0;
            while Instant::now() < until {
                days += 1;
                let path = format!("/api/v1/cycles/{}/clone", cycle.id);
                let body = json!({"days": 7 + days % 300});
                let Some((201, v)) = api.post(&path, &t, Some(body)).await else {
                    tokio::time::sleep(Duration::from_millis(100)).await;
                    continue;
                };
                let clone: Uuid = v["id"].as_str().unwrap().parse().unwrap();
                api.told.lock().unwrap().cycles_cloned.push(clone);
                // Lines for the clone to close over, put in directly (a fixture: the clone
                // opens for orders only days from now).
                let offers = fixtures.offers(clone).await.unwrap();
                let lines: Vec<_> = (0..200u64)
                    .map(|i| {
                        let o = &offers[i as usize % offers.len()];
                        (Uuid::new_v4(), o.id, group, 1 + i % 3, 0, None, None)
                    })
                    .collect();
                fixtures.bulk_load_lines(clone, &lines).await.unwrap();
                let path = format!("/api/v1/cycles/{clone}/close");
                if let Some((200, _)) = api.post(&path, &t, None).await {
                    api.told.lock().unwrap().cycles_closed.push(clone);
                }
                let path = format!("/api/v1/reports/tbl?scope=organization:{hub_id}&period=2026");
                if let Some((200, _)) = api.get(&path, &t).await {
                    api.told.lock().unwrap().reports += 1;
                }
            }
            fixtures.close().await;
        }));
    }
    // The chapter's steward proposing and applying clearing rounds.
    {
        let (api, t) = (api.clone(), steward.clone());
        work.push(tokio::spawn(async move {
            let note = |what: String| {
                *api.told
                    .lock()
                    .unwrap()
                    .round_answers
                    .entry(what)
                    .or_default() += 1
            };
            while Instant::now() < until {
                let path = format!("/api/v1/networks/{chapter}/clearing-rounds");
                match api.post(&path, &t, Some(json!({"currency": "PHP"}))).await {
                    Some((201, v)) => {
                        let round: Uuid = v["round"]["id"].as_str().unwrap().parse().unwrap();
                        let path = format!("/api/v1/clearing-rounds/{round}/apply");
                        match api.post(&path, &t, None).await {
                            Some((200, _)) => api.told.lock().unwrap().rounds_applied.push(round),
                            Some((status, v)) => note(format!("apply {status} {}", v["detail"])),
                            None => note("apply cut off".into()),
                        }
                    }
                    Some((status, v)) => note(format!("propose {status} {}", v["detail"])),
                    None => note("propose cut off".into()),
                }
                tokio::time::sleep(Duration::from_millis(300)).await;
            }
        }));
    }

    // The killer: SIGKILL after 1–3 s of load (a fixed sequence, so a run can be repeated),
    // then a new server on the same database.
    let mut kills = 0u32;
    let mut restart_s = Vec::new();
    let mut rng = 0x2545_f491_4f6c_dd1du64;
    while Instant::now() < until {
        rng ^= rng << 13;
        rng ^= rng >> 7;
        rng ^= rng << 17;
        tokio::time::sleep(Duration::from_millis(1000 + rng % 2000)).await;
        {
            let mut s = server.lock().unwrap();
            s.0.kill().unwrap();
            let _ = s.0.wait();
        }
        kills += 1;
        let t = Instant::now();
        let (s, url) = start(db).await;
        restart_s.push(t.elapsed().as_secs_f64());
        *server.lock().unwrap() = s;
        *base.lock().unwrap() = url;
    }
    for w in work {
        w.await.unwrap();
    }
    {
        // The last server stops before the books are checked.
        let mut s = server.lock().unwrap();
        let _ = s.0.kill();
        let _ = s.0.wait();
    }
    let told = std::mem::take(&mut *told.lock().unwrap());
    let restart_max = restart_s.iter().cloned().fold(0.0, f64::max);
    // The figures docs/benchmarks.md keeps.
    eprintln!(
        "soak {db_kind}: {seconds} s, {kills} kills; acknowledged: {} lines, {} payments, {} cycles \
         cloned and {} closed, {} clearing rounds applied (else {:?}), {} reports; restart at most \
         {restart_max:.2} s",
        told.lines.len(),
        told.payments.values().sum::<u64>(),
        told.cycles_cloned.len(),
        told.cycles_closed.len(),
        told.rounds_applied.len(),
        told.round_answers,
        told.reports,
        db_kind = if db.starts_with("sqlite") { "sqlite" } else { "postgres" },
    );
    assert!(told.server_errors.is_empty(), "{:?}", told.server_errors);
    assert!(kills >= 2, "the server was killed more than once");
    assert!(!told.lines.is_empty() && !told.cycles_closed.is_empty());

    let store = Store::connect(db).await.unwrap();
    // Every acknowledged line is there; reservations equal the lines.
    let stored = store.lines(cycle.id, None, None).await.unwrap();
    let ids: HashSet<Uuid> = stored.iter().map(|l| l.id).collect();
    let lost = told.lines.iter().filter(|id| !ids.contains(id)).count();
    assert_eq!(lost, 0, "acknowledged lines lost");
    for o in store.offers(cycle.id).await.unwrap() {
        let sum: u64 = stored
            .iter()
            .filter(|l| l.offer_id == o.id)
            .map(|l| l.quantity)
            .sum();
        assert_eq!(o.reserved, sum, "reservations equal the lines");
    }
    // Every acknowledged payment is there.
    let payments_after = count_payments(&store, malaya).await;
    for (debt, n) in &told.payments {
        let new = payments_after.get(debt).copied().unwrap_or(0)
            - payments_before.get(debt).copied().unwrap_or(0);
        assert!(
            new as u64 >= *n,
            "{n} payments on {debt} acknowledged, {new} stored"
        );
    }
    // Every acknowledged clone exists, every acknowledged close closed it over its lines;
    // and no cycle at all is half-closed.
    for id in &told.cycles_cloned {
        let c = store.cycle(*id).await;
        assert!(c.is_ok(), "acknowledged clone {id} lost: {c:?}");
    }
    for id in &told.cycles_closed {
        assert!(
            store.cycle(*id).await.unwrap().is_closed(),
            "acknowledged close of {id} lost"
        );
        let lines = store.lines(*id, None, None).await.unwrap();
        assert!(!lines.is_empty() && lines.iter().all(|l| l.allocated.is_some()));
    }
    let half = store.half_closed_cycles().await.unwrap();
    assert!(half.is_empty(), "half-closed: {half:?}");
    // Every acknowledged clearing round was applied.
    let rounds: HashMap<Uuid, RoundStatus> = store
        .clearing_rounds(chapter)
        .await
        .unwrap()
        .into_iter()
        .map(|r| (r.id, r.status))
        .collect();
    for id in &told.rounds_applied {
        assert_eq!(
            rounds.get(id),
            Some(&RoundStatus::Applied),
            "acknowledged round {id}"
        );
    }
    store.close().await;
    // Every ledger balanced, every chain whole.
    support::stdout_of(support::bin().args(["verify", "--database", db]));
}

async fn count_payments(store: &Store, org: Uuid) -> HashMap<Uuid, usize> {
    let mut out = HashMap::new();
    for p in store.payments_of(org, i64::MAX).await.unwrap() {
        *out.entry(p.obligation_id).or_default() += 1;
    }
    out
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn soak_on_sqlite_killed_at_random_loses_nothing_acknowledged() {
    let (_dir, db) = support::demo();
    soak(&db).await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn soak_on_postgresql_killed_at_random_loses_nothing_acknowledged() {
    let (db, _dir) = support::demo_on_postgres();
    soak(&db).await;
}
