//! Failover, for real (issue 18): a pg_auto_failover formation of Debian's packages — a
//! monitor, a primary and a synchronous secondary, all on this machine, started by
//! `scripts/pg-formation` — under order placement through `bayanihan serve`, given both
//! servers in one URL. The primary is killed with SIGKILL; the server must find the promoted
//! secondary by itself and carry on, with every acknowledged line on it. The time without
//! service is printed (docs/benchmarks.md keeps the figures).

mod support;

use std::path::{Path, PathBuf};
use std::process::Command;
use std::time::{Duration, Instant};

use bayanihan_domain::impact::report::Threshold;
use bayanihan_store::Store;
use serde_json::json;
use support::{open_cycle, start_with, token};
use uuid::Uuid;

fn formation_script() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../../scripts/pg-formation")
}

/// The formation, stopped and removed when dropped (on failure too).
struct Formation {
    dir: PathBuf,
    url: String,
    ports: [String; 2],
}

impl Formation {
    fn start() -> Formation {
        let dir = std::env::temp_dir().join(format!("bayanihan-formation-{}", Uuid::new_v4()));
        let out = Command::new(formation_script())
            .args(["start"])
            .arg(&dir)
            .output()
            .expect("run scripts/pg-formation");
        let mut f = Formation {
            dir,
            url: String::new(),
            ports: Default::default(),
        };
        assert!(
            out.status.success(),
            "the formation did not start: {}{}",
            String::from_utf8_lossy(&out.stdout),
            String::from_utf8_lossy(&out.stderr)
        );
        let env = String::from_utf8(out.stdout).unwrap();
        let get = |k: &str| {
            env.lines()
                .find_map(|l| l.strip_prefix(&format!("{k}=")))
                .unwrap_or_else(|| panic!("{k} in {env}"))
                .to_string()
        };
        f.url = get("DATABASE_URL");
        f.ports = [get("NODE1_PORT"), get("NODE2_PORT")];
        f
    }

    fn run(&self, cmd: &str) -> String {
        let out = Command::new(formation_script())
            .arg(cmd)
            .arg(&self.dir)
            .output()
            .unwrap();
        assert!(
            out.status.success(),
            "{cmd}: {}",
            String::from_utf8_lossy(&out.stderr)
        );
        String::from_utf8(out.stdout).unwrap().trim().to_string()
    }

    /// The URL of one node alone.
    fn node_url(&self, port: &str) -> String {
        format!("postgres://postgres@127.0.0.1:{port}/bayanihan?sslmode=disable")
    }
}

impl Drop for Formation {
    fn drop(&mut self) {
        let _ = Command::new(formation_script())
            .arg("stop")
            .arg(&self.dir)
            .output();
    }
}

/// What one client saw: each acknowledged line with when it was asked for and when it was
/// acknowledged, and when each refusal came.
#[derive(Default)]
struct Seen {
    acknowledged: Vec<(Instant, Instant, Uuid)>,
    unavailable: Vec<Instant>,
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_primary_killed_under_order_placement_the_server_carries_on_with_the_secondary_and_loses_nothing(
) {
    let formation = Formation::start();
    let db = formation.url.clone();
    let dir = bayanihan_store::testing::temp_dir("bayanihan-failover");
    support::stdout_of(
        support::bin()
            .args(["demo", "--no-serve", "--database", &db, "--data-dir"])
            .arg(dir.path()),
    );
    let store = Store::connect(&db).await.unwrap();
    let cycle = open_cycle(&store).await;
    let group = cycle.consumer_groups[0].organization_id;
    let offer = store.offers(cycle.id).await.unwrap()[0].clone();
    // Reports are read from the secondary, a hot standby (`--read-database`).
    let standby = formation.node_url(&formation.ports[1]);
    let (_server, base) = start_with(&db, &["--read-database", &standby]).await;
    let member = token(&db, "jun@demo.bayanihan.example");
    let hub = token(&db, "marites@demo.bayanihan.example");
    let http = reqwest::Client::builder()
        .timeout(Duration::from_secs(10))
        .build()
        .unwrap();
    let report = |http: reqwest::Client| {
        let url = format!(
            "{base}/api/v1/reports/tbl?scope=organization:{}&period=2026",
            cycle.hub_id
        );
        let hub = hub.clone();
        async move {
            let r = http.get(url).bearer_auth(hub).send().await.unwrap();
            assert_eq!(r.status(), 200, "{}", r.text().await.unwrap());
            r.json::<serde_json::Value>().await.unwrap()
        }
    };
    let from_standby = report(http.clone()).await;
    let direct = store
        .tbl_report(
            bayanihan_store::impact::ReportScope::Organization(cycle.hub_id),
            &bayanihan_domain::impact::period::Period::year(2026),
            Threshold::new(Threshold::MIN).unwrap(),
        )
        .await
        .unwrap();
    assert_eq!(
        from_standby,
        serde_json::to_value(&direct).unwrap(),
        "the standby's report is the primary's"
    );

    // Eight clients order one unit at a time, as fast as they are answered; a client that
    // cannot reach the database is told so (503) and tries again.
    let stop_at = std::sync::Arc::new(std::sync::Mutex::new(None::<Instant>));
    let mut clients = Vec::new();
    for _ in 0..8 {
        let (http, t, stop_at) = (http.clone(), member.clone(), stop_at.clone());
        let url = format!("{base}/api/v1/cycles/{}/lines", cycle.id);
        clients.push(tokio::spawn(async move {
            let mut seen = Seen::default();
            loop {
                if stop_at.lock().unwrap().is_some_and(|s| Instant::now() > s) {
                    return seen;
                }
                let sent = Instant::now();
                let r = http
                    .post(&url)
                    .bearer_auth(&t)
                    .json(&json!({"offer_id": offer.id, "consumer_group_id": group, "quantity": 1}))
                    .send()
                    .await;
                match r {
                    Ok(r) if r.status() == 201 => {
                        let line: serde_json::Value = r.json().await.unwrap();
                        let id = line["id"].as_str().unwrap().parse().unwrap();
                        seen.acknowledged.push((sent, Instant::now(), id));
                    }
                    Ok(r) if r.status() == 503 => {
                        let problem: serde_json::Value = r.json().await.unwrap();
                        assert_eq!(
                            problem["type"].as_str().map(|t| t.ends_with("unavailable")),
                            Some(true),
                            "{problem}"
                        );
                        seen.unavailable.push(Instant::now());
                        tokio::time::sleep(Duration::from_millis(100)).await;
                    }
                    Ok(r) => panic!("{}: {}", r.status(), r.text().await.unwrap()),
                    Err(e) => panic!("the server itself must keep answering: {e}"),
                }
            }
        }));
    }

    tokio::time::sleep(Duration::from_secs(3)).await;
    let killed = formation.run("kill-primary");
    // The primary is dead from here on (the script returns once it has sent SIGKILL).
    let killed_at = Instant::now();
    *stop_at.lock().unwrap() = Some(killed_at + Duration::from_secs(20));
    let mut seen = Seen::default();
    for c in clients {
        let s = c.await.unwrap();
        seen.acknowledged.extend(s.acknowledged);
        seen.unavailable.extend(s.unavailable);
    }
    let before = seen
        .acknowledged
        .iter()
        .filter(|(sent, _, _)| *sent < killed_at)
        .count();
    // Service is back when a line asked for after the kill is acknowledged.
    let back = seen
        .acknowledged
        .iter()
        .filter(|(sent, _, _)| *sent > killed_at)
        .map(|(_, acked, _)| *acked)
        .min()
        .expect("the server carried on after the primary was killed");
    let after = seen.acknowledged.len() - before;
    let refused_after = seen
        .unavailable
        .iter()
        .filter(|at| **at > killed_at)
        .count();
    // The figure docs/benchmarks.md keeps.
    eprintln!(
        "failover: {killed} killed; {before} lines acknowledged before, {after} after; \
         {refused_after} answers of 503 meanwhile; time without service {:.2} s \
         (from the kill to the first line asked for and acknowledged after it)",
        back.duration_since(killed_at).as_secs_f64()
    );
    assert!(after > 0);

    // Every acknowledged line is on the new primary: ask it alone, not through the store
    // that followed it.
    let survivor = &formation.ports[if killed == "node1" { 1 } else { 0 }];
    let new_primary = Store::connect(&formation.node_url(survivor)).await.unwrap();
    let stored: std::collections::HashSet<Uuid> = new_primary
        .lines(cycle.id, None, None)
        .await
        .unwrap()
        .into_iter()
        .map(|l| l.id)
        .collect();
    let lost: Vec<&Uuid> = seen
        .acknowledged
        .iter()
        .map(|(_, _, id)| id)
        .filter(|id| !stored.contains(id))
        .collect();
    assert!(
        lost.is_empty(),
        "{} of {} acknowledged lines lost",
        lost.len(),
        seen.acknowledged.len()
    );
    // And the reservations still add up.
    let o = new_primary.offer(offer.id).await.unwrap();
    let reserved: u64 = new_primary
        .lines(cycle.id, None, None)
        .await
        .unwrap()
        .iter()
        .filter(|l| l.offer_id == offer.id)
        .map(|l| l.quantity)
        .sum();
    assert_eq!(o.reserved, reserved);
    new_primary.close().await;
    store.close().await;
}
