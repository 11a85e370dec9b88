//! Several `bayanihan serve` processes on one database, as behind a load balancer.
//! - Each remembers who is calling for a few seconds (`store::auth_cache`); nothing tells one
//!   process what another wrote. So a token revoked, or a role removed, elsewhere must stop
//!   working in every process within 5 seconds — and in the process that made the change, at
//!   once.
//! - On one PostgreSQL database two processes behave as one: a session begun on one works on
//!   the other, the sign-in throttle counts across both, scarce stock is never oversold, and a
//!   cycle asked of both to close closes once.

mod support;

use std::time::{Duration, Instant};

use bayanihan_store::Store;
use serde_json::json;
use support::{demo, open_cycle, start, token};
use uuid::Uuid;

/// The promise: a change made anywhere holds in every process within this.
const WITHIN: Duration = Duration::from_secs(5);

/// Asks `url` with `token` until the answer is `status`, for at most `limit`: how long it took.
async fn until_status(
    http: &reqwest::Client,
    url: &str,
    token: &str,
    status: u16,
    limit: Duration,
) -> Option<Duration> {
    let start = Instant::now();
    while start.elapsed() < limit {
        let r = http.get(url).bearer_auth(token).send().await.unwrap();
        if r.status().as_u16() == status {
            return Some(start.elapsed());
        }
        tokio::time::sleep(Duration::from_millis(100)).await;
    }
    None
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_revoked_token_and_a_removed_role_stop_working_in_every_process() {
    let (_dir, db) = demo();
    let jun = token(&db, "jun@demo.bayanihan.example");
    let rosa = token(&db, "rosa@demo.bayanihan.example");
    let (_a, a) = start(&db).await;
    let (_b, b) = start(&db).await;
    let http = reqwest::Client::new();

    // Both processes know both callers (and now remember them).
    for base in [&a, &b] {
        for t in [&jun, &rosa] {
            let r = http
                .get(format!("{base}/api/v1/me"))
                .bearer_auth(t)
                .send()
                .await
                .unwrap();
            assert_eq!(r.status(), 200);
        }
    }

    // Jun revokes his own token through process A: A refuses it at once.
    let tokens: serde_json::Value = http
        .get(format!("{a}/api/v1/tokens"))
        .bearer_auth(&jun)
        .send()
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    let id = tokens.as_array().unwrap().last().unwrap()["id"]
        .as_str()
        .unwrap()
        .to_string();
    let r = http
        .delete(format!("{a}/api/v1/tokens/{id}"))
        .bearer_auth(&jun)
        .send()
        .await
        .unwrap();
    assert!(r.status().is_success(), "{}", r.status());
    let r = http
        .get(format!("{a}/api/v1/me"))
        .bearer_auth(&jun)
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), 401, "refused at once where it was revoked");
    // Process B learns it within 5 seconds, without being told.
    let took = until_status(&http, &format!("{b}/api/v1/me"), &jun, 401, WITHIN * 2).await;
    assert!(
        took.is_some_and(|t| t <= WITHIN),
        "process B refused the revoked token after {took:?}"
    );

    // Rosa's membership of her consumer group is removed by a third process (this one):
    // both servers refuse her lines there within 5 seconds.
    let store = Store::connect(&db).await.unwrap();
    let rosa_id = store
        .person_id_by_email(&bayanihan_domain::Email::parse("rosa@demo.bayanihan.example").unwrap())
        .await
        .unwrap()
        .expect("rosa");
    let cycle = open_cycle(&store).await;
    let groups: Vec<Uuid> = cycle
        .consumer_groups
        .iter()
        .map(|g| g.organization_id)
        .collect();
    let memberships = store.memberships_of_person(rosa_id).await.unwrap();
    let group = *groups
        .iter()
        .find(|g| memberships.iter().any(|m| m.organization_id == **g))
        .expect("rosa orders through a group of the cycle");
    let offer = store.offers(cycle.id).await.unwrap()[0].id;
    let place = |base: &str| {
        http.post(format!("{base}/api/v1/cycles/{}/lines", cycle.id))
            .bearer_auth(&rosa)
            .json(&json!({"offer_id": offer, "consumer_group_id": group, "quantity": 1}))
            .send()
    };
    for base in [&a, &b] {
        assert_eq!(place(base).await.unwrap().status(), 201, "{base}");
    }
    store.remove_membership(group, rosa_id).await.unwrap();
    let removed = Instant::now();
    let mut refused = [None, None];
    while removed.elapsed() < WITHIN * 2 && refused.iter().any(Option::is_none) {
        for (i, base) in [&a, &b].into_iter().enumerate() {
            if refused[i].is_none() && place(base).await.unwrap().status() == 403 {
                refused[i] = Some(removed.elapsed());
            }
        }
        tokio::time::sleep(Duration::from_millis(100)).await;
    }
    for (name, took) in ["A", "B"].iter().zip(refused) {
        assert!(
            took.is_some_and(|t| t <= WITHIN),
            "process {name} refused the removed member's line after {took:?}"
        );
    }
    store.close().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn two_processes_on_one_postgresql_database_behave_as_one() {
    let (db, _dir) = support::demo_on_postgres();
    let (_a, a) = start(&db).await;
    let (_b, b) = start(&db).await;
    let http = reqwest::Client::new();
    let email = "rosa@demo.bayanihan.example";

    // A session begun through A works through B.
    let r = http
        .post(format!("{a}/api/v1/auth/login"))
        .json(&json!({"email": email, "password": "bayanihan-demo"}))
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), 200);
    let cookie = r.headers()["set-cookie"]
        .to_str()
        .unwrap()
        .split(';')
        .next()
        .unwrap()
        .to_string();
    let r = http
        .get(format!("{b}/api/v1/me"))
        .header("cookie", &cookie)
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), 200, "B knows A's session");

    // The sign-in throttle counts across both: 6 wrong passwords, A and B in turn (5 are
    // free, the sixth makes the next wait a second), and the seventh attempt waits on either;
    // counted apart, each process would have seen only 3.
    let login = |base: &str| {
        http.post(format!("{base}/api/v1/auth/login"))
            .json(&json!({"email": "jun@demo.bayanihan.example", "password": "not-his-password"}))
            .send()
    };
    for i in 0..6 {
        let base = if i % 2 == 0 { &a } else { &b };
        assert_eq!(login(base).await.unwrap().status(), 401, "attempt {i}");
    }
    for base in [&a, &b] {
        assert_eq!(login(base).await.unwrap().status(), 429, "{base}");
    }

    // Placement never oversells across processes: one offer of the open cycle made scarce
    // (first come, first served, 40 units left), 16 clients through A and B in turn.
    let store = Store::connect(&db).await.unwrap();
    let cycle = open_cycle(&store).await;
    let group = cycle.consumer_groups[0].organization_id;
    let offer = store.offers(cycle.id).await.unwrap()[0].clone();
    // A fixture, not a way into the product.
    store
        .bulk_sql(&format!(
            "UPDATE cycles SET policy = 'first_come' WHERE id = '{}'; \
             UPDATE offers SET quantity = reserved + 40 WHERE id = '{}'",
            cycle.id, offer.id
        ))
        .await
        .unwrap();
    let tokens = [
        token(&db, "jun@demo.bayanihan.example"),
        token(&db, "rosa@demo.bayanihan.example"),
    ];
    let mut clients = Vec::new();
    for c in 0..16 {
        let (http, base, t) = (
            http.clone(),
            if c % 2 == 0 { a.clone() } else { b.clone() },
            tokens[c % 2].clone(),
        );
        let url = format!("{base}/api/v1/cycles/{}/lines", cycle.id);
        clients.push(tokio::spawn(async move {
            let (mut placed, mut refused) = (0u64, 0u64);
            while refused < 3 {
                let r = http
                    .post(&url)
                    .bearer_auth(&t)
                    .json(&json!({"offer_id": offer.id, "consumer_group_id": group, "quantity": 1}))
                    .send()
                    .await
                    .unwrap();
                match r.status().as_u16() {
                    201 => placed += 1,
                    409 => refused += 1,
                    other => panic!("{other}: {}", r.text().await.unwrap()),
                }
            }
            placed
        }));
    }
    let mut placed = 0;
    for c in clients {
        placed += c.await.unwrap();
    }
    assert_eq!(placed, 40, "every unit sold, none twice");
    let after = store.offer(offer.id).await.unwrap();
    assert_eq!(after.reserved, after.quantity);

    // The cycle closes once, asked of both at the same moment.
    let hub = token(&db, "marites@demo.bayanihan.example");
    let close = |base: String| {
        let (http, hub) = (http.clone(), hub.clone());
        let url = format!("{base}/api/v1/cycles/{}/close", cycle.id);
        tokio::spawn(async move {
            let r = http.post(url).bearer_auth(hub).send().await.unwrap();
            assert_eq!(r.status(), 200);
            r.json::<serde_json::Value>().await.unwrap()
        })
    };
    let (x, y) = (close(a.clone()), close(b.clone()));
    let (x, y) = (x.await.unwrap(), y.await.unwrap());
    let now: Vec<bool> = [&x, &y]
        .iter()
        .map(|s| s["closed_now"].as_bool().unwrap())
        .collect();
    assert_eq!(
        now.iter().filter(|n| **n).count(),
        1,
        "one close did the work: {x} {y}"
    );
    assert_eq!(x["invoices"], y["invoices"]);
    assert!(store.verify_ledger(&[]).await.unwrap().is_intact());
    store.close().await;
}
