//! Crash tests: the server is killed (SIGKILL) while members place lines and in the middle of
//! a cycle's close (after it began writing, before it committed: the test reads the server's
//! log to kill it there, and fails if the close ended first). After a restart every
//! acknowledged line is there, no order is half-written, the cycle is open with nothing of the
//! close, and the ledger's chains verify. Stopped with SIGTERM instead, it answers every
//! request it took and exits cleanly.

mod support;

use std::process::Stdio;
use std::time::Duration;

use bayanihan_store::Store;
use serde_json::{json, Value};
use support::{bin, demo, free_port, open_cycle, start, token, wait_until_up, Server};
use uuid::Uuid;

/// The server with its log read line by line: (server, base URL, the log's lines).
async fn start_logged(db: &str) -> (Server, String, std::sync::mpsc::Receiver<String>) {
    let port = free_port();
    let mut child = bin()
        .args([
            "serve",
            "--database",
            db,
            "--listen",
            &format!("127.0.0.1:{port}"),
            "--log",
            "info",
        ])
        .stdout(Stdio::null())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    let stderr = child.stderr.take().unwrap();
    let server = Server(child);
    let (tx, rx) = std::sync::mpsc::channel();
    std::thread::spawn(move || {
        use std::io::BufRead;
        for line in std::io::BufReader::new(stderr)
            .lines()
            .map_while(Result::ok)
        {
            if tx.send(line).is_err() {
                break;
            }
        }
    });
    let base = format!("http://127.0.0.1:{port}");
    assert!(
        wait_until_up(&base, Duration::from_secs(20)).await,
        "server did not start"
    );
    (server, base, rx)
}

/// What members ordering through the demo's open cycle were told: the lines acknowledged,
/// and the status of every answer.
struct Told {
    acknowledged: Vec<Uuid>,
    statuses: Vec<u16>,
}

/// The demo's open cycle with Jun and Rosa's tokens, one of their groups and its offers.
async fn ordering_set_up(db: &str) -> (Uuid, Uuid, Vec<Uuid>, [String; 2]) {
    let tokens = [
        token(db, "jun@demo.bayanihan.example"),
        token(db, "rosa@demo.bayanihan.example"),
    ];
    let store = Store::connect(db).await.unwrap();
    let cycle = open_cycle(&store).await;
    let group = cycle.consumer_groups[0].organization_id;
    let offers = support::offer_ids(&store, cycle.id).await;
    store.close().await;
    (cycle.id, group, offers, tokens)
}

/// 16 clients placing lines as fast as they are answered, until the server is gone.
fn order_load(
    base: &str,
    (cycle, group, offers, tokens): &(Uuid, Uuid, Vec<Uuid>, [String; 2]),
) -> Vec<tokio::task::JoinHandle<Told>> {
    let http = reqwest::Client::new();
    let mut clients = Vec::new();
    for (c, t) in tokens.iter().cycle().take(16).enumerate() {
        let (http, base, offers, t) = (http.clone(), base.to_string(), offers.clone(), t.clone());
        let (cycle, group) = (*cycle, *group);
        clients.push(tokio::spawn(async move {
            let mut told = Told {
                acknowledged: Vec::new(),
                statuses: Vec::new(),
            };
            for i in 0..10_000 {
                let body = json!({"offer_id": offers[(c + i) % offers.len()], "consumer_group_id": group, "quantity": 1});
                let res = http
                    .post(format!("{base}/api/v1/cycles/{cycle}/lines"))
                    .bearer_auth(&t)
                    .json(&body)
                    .send()
                    .await;
                match res {
                    Ok(r) => {
                        told.statuses.push(r.status().as_u16());
                        if r.status() == 201 {
                            let v: Value = r.json().await.unwrap_or(Value::Null);
                            if let Some(id) = v["id"].as_str() {
                                told.acknowledged.push(Uuid::parse_str(id).unwrap());
                            }
                        }
                    }
                    Err(_) => break, // the server is gone
                }
            }
            told
        }));
    }
    clients
}

/// Every line acknowledged is stored, and the offers' reservations equal the lines exactly.
async fn nothing_acknowledged_is_lost(db: &str, cycle: Uuid, acknowledged: &[Uuid]) {
    let store = Store::connect(db).await.unwrap();
    let stored = store.lines(cycle, None, None).await.unwrap();
    let ids: std::collections::HashSet<Uuid> = stored.iter().map(|l| l.id).collect();
    let lost: Vec<_> = acknowledged.iter().filter(|id| !ids.contains(id)).collect();
    assert!(lost.is_empty(), "{} acknowledged lines lost", lost.len());
    for o in store.offers(cycle).await.unwrap() {
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
async fn killed_while_members_order_loses_no_acknowledged_line() {
    let (_dir, db) = demo();
    let set_up = ordering_set_up(&db).await;
    let (mut server, base) = start(&db).await;
    let clients = order_load(&base, &set_up);
    tokio::time::sleep(Duration::from_millis(700)).await;
    server.0.kill().unwrap(); // SIGKILL: no graceful shutdown, no flush
    let _ = server.0.wait();
    let mut acknowledged = Vec::new();
    for c in clients {
        acknowledged.extend(c.await.unwrap().acknowledged);
    }
    assert!(
        acknowledged.len() > 20,
        "the clients got going before the kill ({} lines)",
        acknowledged.len()
    );
    // Restart: every acknowledged line is there, and reservations match the lines exactly.
    let (_server, _base) = start(&db).await;
    nothing_acknowledged_is_lost(&db, set_up.0, &acknowledged).await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn terminated_while_members_order_it_answers_what_it_took_and_stops_cleanly() {
    let (_dir, db) = demo();
    let set_up = ordering_set_up(&db).await;
    let (mut server, base) = start(&db).await;
    let clients = order_load(&base, &set_up);
    tokio::time::sleep(Duration::from_millis(700)).await;
    // SIGTERM, as systemd or a container runtime stops a service.
    let term = std::process::Command::new("kill")
        .args(["-TERM", &server.0.id().to_string()])
        .status()
        .unwrap();
    assert!(term.success());
    let deadline = std::time::Instant::now() + Duration::from_secs(20);
    let status = loop {
        if let Some(status) = server.0.try_wait().unwrap() {
            break status;
        }
        assert!(
            std::time::Instant::now() < deadline,
            "the server did not stop within 20 s of SIGTERM"
        );
        tokio::time::sleep(Duration::from_millis(20)).await;
    };
    assert!(status.success(), "stopped cleanly: {status:?}");
    let (mut acknowledged, mut statuses) = (Vec::new(), Vec::new());
    for c in clients {
        let told = c.await.unwrap();
        acknowledged.extend(told.acknowledged);
        statuses.extend(told.statuses);
    }
    assert!(
        acknowledged.len() > 20,
        "the clients got going before SIGTERM ({} lines)",
        acknowledged.len()
    );
    // Each request the server took was answered as usual: placed, or refused for its stock;
    // none failed for the stopping. Later ones found the door shut (a connection error).
    let odd: Vec<_> = statuses
        .iter()
        .filter(|s| !matches!(s, 201 | 409))
        .collect();
    assert!(odd.is_empty(), "answers other than 201/409: {odd:?}");
    nothing_acknowledged_is_lost(&db, set_up.0, &acknowledged).await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn killed_while_closing_leaves_the_cycle_whole() {
    let (_dir, db) = demo();
    let hub = token(&db, "marites@demo.bayanihan.example");
    let store = Store::connect(&db).await.unwrap();
    let cycle = open_cycle(&store).await;
    let group = cycle.consumer_groups[0].organization_id;
    let offers = support::offer_ids(&store, cycle.id).await;
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

    let (mut server, base, log) = start_logged(&db).await;
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
    // Killed in the middle of the close: once it has begun writing, before it commits.
    let mut seen = Vec::new();
    loop {
        let line = log
            .recv_timeout(Duration::from_secs(60))
            .expect("the close began writing within a minute");
        let writing = line.contains("closing cycle: writing");
        seen.push(line);
        if writing {
            break;
        }
    }
    server.0.kill().unwrap(); // SIGKILL: no graceful shutdown, no flush
    let _ = server.0.wait();
    seen.extend(log.try_iter());
    assert!(
        !seen.iter().any(|l| l.contains("closed cycle")),
        "the close finished before the kill, so this run proves nothing: {seen:?}"
    );
    let answered = matches!(close.await.unwrap(), Ok(r) if r.status() == 200);
    assert!(
        !answered,
        "a close killed before its commit was never acknowledged"
    );

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
    // The branch that ran: killed mid-close, the cycle is open with nothing of a close.
    assert!(
        !after.is_closed(),
        "the close was cut short: the cycle must still be open"
    );
    assert_eq!(
        (allocated, documents, obligations),
        (0, 0, 0),
        "an open cycle has nothing of a close"
    );
    assert!(
        store.verify_ledger(&[]).await.unwrap().is_intact(),
        "no half-sealed chain"
    );
    // Closing again after the crash completes it, and seals it.
    let summary = store.close_cycle(cycle.id).await.unwrap();
    assert!(summary.closed_now);
    assert_eq!(summary.lines as usize, stored.len());
    assert!(store.verify_ledger(&[]).await.unwrap().is_intact());
    for (_, total) in store.ledger_totals().await.unwrap() {
        assert_eq!(total, 0, "the ledger balances after the crash");
    }
    store.close().await;
}
