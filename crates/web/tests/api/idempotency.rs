//! `Idempotency-Key`: a write resent with the same key (a retry after a timeout on 3G, a
//! double tap) gets the first answer back, and acts once.

use bayanihan_domain::person::MembershipRole::*;
use serde_json::{json, Value};

use crate::support::{problem, spawn_app};

#[tokio::test]
async fn a_resent_write_acts_once_and_answers_the_same() {
    let app = spawn_app().await;
    let hub = app.org("Hub", "consumer_cooperative").await;
    let farm = app.org("Farm", "producer_cooperative").await;
    let (cycle, offer) = crate::pages::cycle(&app, hub, farm, hub, 100).await;
    let (_, token) = app.person("ana@example.org", &[(hub, &[Member])]).await;
    let (_, other) = app.person("ben@example.org", &[(hub, &[Member])]).await;
    let lines = format!("/api/v1/cycles/{cycle}/lines");
    let send = |token: &str, key: Option<&str>, quantity: u64| {
        let mut req = app
            .http
            .post(app.url(&lines))
            .bearer_auth(token)
            .json(&json!({"offer_id": offer, "consumer_group_id": hub, "quantity": quantity}));
        if let Some(k) = key {
            req = req.header("Idempotency-Key", k);
        }
        req.send()
    };
    let count = || async { app.store.lines(cycle, Some(hub), None).await.unwrap().len() };

    let first = send(&token, Some("order-1"), 2).await.unwrap();
    assert_eq!(first.status(), 201);
    assert!(first.headers().get("idempotent-replayed").is_none());
    let first: Value = first.json().await.unwrap();
    let again = send(&token, Some("order-1"), 2).await.unwrap();
    assert_eq!(again.status(), 201);
    assert_eq!(again.headers()["idempotent-replayed"], "true");
    assert_eq!(again.headers()["content-type"], "application/json");
    let again: Value = again.json().await.unwrap();
    assert_eq!(again, first, "the first answer, to the byte");
    assert_eq!(count().await, 1, "one line, however often it is sent");

    // The same key on another request is refused, naming the header; nothing is written.
    let other_body = problem(send(&token, Some("order-1"), 3).await.unwrap(), 422).await;
    assert!(
        other_body.to_string().contains("Idempotency-Key"),
        "{other_body}"
    );
    assert_eq!(count().await, 1);
    // Keys are each person's own: another member's "order-1" is a new request.
    assert_eq!(
        send(&other, Some("order-1"), 2).await.unwrap().status(),
        201
    );
    assert_eq!(count().await, 2);
    // A key that cannot be a key is a 422; without a key, every send acts.
    problem(send(&token, Some("has space"), 1).await.unwrap(), 422).await;
    assert_eq!(send(&token, None, 1).await.unwrap().status(), 201);
    assert_eq!(send(&token, None, 1).await.unwrap().status(), 201);
    assert_eq!(count().await, 4);
    // A refusal is an answer too: resent, it is refused the same way without acting.
    let refused = send(&token, Some("too-many"), 1_000).await.unwrap();
    assert_eq!(refused.status(), 409);
    let refused_again = send(&token, Some("too-many"), 1_000).await.unwrap();
    assert_eq!(refused_again.status(), 409);
    assert_eq!(refused_again.headers()["idempotent-replayed"], "true");
}
