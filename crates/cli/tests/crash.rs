//! Crash tests: the server is killed (SIGKILL) while members place lines and while a cycle
//! closes. After a restart every acknowledged line is there, no order is half-written, and the
//! cycle is either closed with all its documents or open with none of them.

mod support;

use std::process::Stdio;
use std::time::Duration;

use bayanihan_store::testing::TempDir;
use bayanihan_store::Store;
use serde_json::{json, Value};
use support::{bin, free_port, wait_until_up, Server};
use uuid::Uuid;

async fn start(db: &str) -> (Server, String) {
    let port = free_port();
    // Owned by the guard at once, so it is reaped on every path, a failed start included.
    let server = Server(
        bin()
            .args([
                "serve",
                "--database",
                db,
                "--listen",
                &format!("127.0.0.1:{port}"),
            ])
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .spawn()
            .unwrap(),
    );
    let base = format!("http://127.0.0.1:{port}");
    assert!(
        wait_until_up(&base, Duration::from_secs(20)).await,
        "server did not start"
    );
    (server, base)
}

fn token(db: &str, email: &str) -> String {
    let out = bin()
        .args(["token", "create", "--email", email, "--database", db])
        .output()
        .unwrap();
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    String::from_utf8(out.stdout).unwrap().trim().to_string()
}

/// The demo network in a fresh folder; returns (folder, database URL).
fn demo() -> (TempDir, String) {
    let dir = bayanihan_store::testing::temp_dir("bayanihan-crash");
    let out = bin()
        .args(["demo", "--no-serve", "--data-dir"])
        .arg(dir.path())
        .output()
        .unwrap();
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let db = format!("sqlite:{}", dir.path().join("bayanihan-demo.db").display());
    (dir, db)
}

async fn open_cycle(store: &Store) -> bayanihan_store::trade::Cycle {
    store
        .cycles(None)
        .await
        .unwrap()
        .into_iter()
        .find(|c| !c.is_closed())
        .expect("the demo's open cycle")
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn killed_while_members_order_loses_no_acknowledged_line() {
    let (_dir, db) = demo();
    let jun = token(&db, "jun@demo.bayanihan.example");
    let rosa = token(&db, "rosa@demo.bayanihan.example");
    let store = Store::connect(&db).await.unwrap();
    let cycle = open_cycle(&store).await;
    let group = cycle.consumer_groups[0].organization_id;
    let offers: Vec<Uuid> = store
        .offers(cycle.id)
        .await
        .unwrap()
        .iter()
        .map(|o| o.id)
        .collect();
    store.close().await;

    let (mut server, base) = start(&db).await;
    let http = reqwest::Client::new();
    let mut clients = Vec::new();
    for (c, t) in [jun, rosa].into_iter().cycle().take(16).enumerate() {
        let (http, base, offers) = (http.clone(), base.clone(), offers.clone());
        clients.push(tokio::spawn(async move {
            let mut acknowledged = Vec::new();
            for i in 0..10_000 {
                let body = json!({"offer_id": offers[(c + i) % offers.len()], "consumer_group_id": group, "quantity": 1});
                let res = http
                    .post(format!("{base}/api/v1/cycles/{}/lines", cycle.id))
                    .bearer_auth(&t)
                    .json(&body)
                    .send()
                    .await;
                match res {
                    Ok(r) if r.status() == 201 => {
                        let v: Value = r.json().await.unwrap_or(Value::Null);
                        if let Some(id) = v["id"].as_str() {
                            acknowledged.push(Uuid::parse_str(id).unwrap());
                        }
                    }
                    Ok(_) => {}
                    Err(_) => break, // the server is gone
                }
            }
            acknowledged
        }));
    }
    tokio::time::sleep(Duration::from_millis(700)).await;
    server.0.kill().unwrap(); // SIGKILL: no graceful shutdown, no flush
    let _ = server.0.wait();
    let mut acknowledged = Vec::new();
    for c in clients {
        acknowledged.extend(c.await.unwrap());
    }
    assert!(
        acknowledged.len() > 20,
        "the clients got going before the kill ({} lines)",
        acknowledged.len()
    );

    // Restart: every acknowledged line is there, and reservations match the lines exactly.
    let (_server, _base) = start(&db).await;
    let store = Store::connect(&db).await.unwrap();
    let stored = store.lines(cycle.id, None, None).await.unwrap();
    let ids: std::collections::HashSet<Uuid> = stored.iter().map(|l| l.id).collect();
    let lost: Vec<_> = acknowledged.iter().filter(|id| !ids.contains(id)).collect();
    assert!(lost.is_empty(), "{} acknowledged lines lost", lost.len());
    for o in store.offers(cycle.id).await.unwrap() {
        let sum: u64 = stored
            .iter()
            .filter(|l| l.offer_id == o.id)
            .map(|l| l.quantity)
            .sum();
        assert_eq!(
            o.reserved, sum,
            "no half-written line: reservations equal the lines"
        );
    }
    store.close().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn killed_while_closing_leaves_the_cycle_whole() {
    let (_dir, db) = demo();
    let hub = token(&db, "marites@demo.bayanihan.example");
    let store = Store::connect(&db).await.unwrap();
    let cycle = open_cycle(&store).await;
    let group = cycle.consumer_groups[0].organization_id;
    let offers: Vec<Uuid> = store
        .offers(cycle.id)
        .await
        .unwrap()
        .iter()
        .map(|o| o.id)
        .collect();
    // Enough lines that closing takes long enough to be interrupted.
    let lines: Vec<_> = (0..60_000u64)
        .map(|i| {
            (
                Uuid::new_v4(),
                offers[(i % 3) as usize],
                group,
                1 + i % 2,
                0,
                None,
                None,
            )
        })
        .collect();
    store.bulk_load_lines(cycle.id, &lines).await.unwrap();
    store.close().await;

    let (mut server, base) = start(&db).await;
    let http = reqwest::Client::new();
    let close = tokio::spawn({
        let (http, base) = (http.clone(), base.clone());
        async move {
            http.post(format!("{base}/api/v1/cycles/{}/close", cycle.id))
                .bearer_auth(&hub)
                .send()
                .await
        }
    });
    tokio::time::sleep(Duration::from_millis(250)).await;
    server.0.kill().unwrap();
    let _ = server.0.wait();
    let answered = matches!(close.await.unwrap(), Ok(r) if r.status() == 200);

    let store = Store::connect(&db).await.unwrap();
    let after = store.cycle(cycle.id).await.unwrap();
    let stored = store.lines(cycle.id, None, None).await.unwrap();
    let allocated = stored.iter().filter(|l| l.allocated.is_some()).count();
    let documents = store.documents(cycle.id, None).await.unwrap().len();
    let obligations = store
        .obligations(None, false)
        .await
        .unwrap()
        .iter()
        .filter(|o| o.cycle_id == Some(cycle.id))
        .count();
    eprintln!(
        "cycle closed before the kill: {} (answered: {answered})",
        after.is_closed()
    );
    if after.is_closed() {
        assert_eq!(
            allocated,
            stored.len(),
            "a closed cycle has every line allocated"
        );
        assert!(documents > 0 && obligations > 0);
    } else {
        assert!(!answered, "an acknowledged close must have happened");
        assert_eq!(
            (allocated, documents, obligations),
            (0, 0, 0),
            "an open cycle has nothing of a close"
        );
        // Closing again after the crash completes it.
        let summary = store.close_cycle(cycle.id).await.unwrap();
        assert!(summary.closed_now);
        assert_eq!(summary.lines as usize, stored.len());
    }
    for (_, total) in store.ledger_totals().await.unwrap() {
        assert_eq!(total, 0, "the ledger balances after the crash");
    }
    store.close().await;
}
