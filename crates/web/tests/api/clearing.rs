//! Clearing rounds over HTTP: stewards propose, apply and discard; organizations see their own
//! effect only; a stale round is refused; the pages work without script.

use bayanihan_domain::person::MembershipRole::*;
use bayanihan_domain::{Currency, Money};
use serde_json::{json, Value};

use crate::pages::signed_in;
use crate::support::{problem, spawn_app};

#[tokio::test]
async fn stewards_run_rounds_and_organizations_see_their_own_effect() {
    let app = spawn_app().await;
    let net = app.org("Network", "network").await;
    let a = app.org("A", "producer_cooperative").await;
    let b = app.org("B", "social_enterprise").await;
    let c = app.org("C", "consumer_cooperative").await;
    for o in [a, b, c] {
        app.store
            .add_network_member(net, o, "2024-01-01".parse().unwrap())
            .await
            .unwrap();
    }
    let php = |v| Money::new(v, Currency::PHP);
    let due = "2026-03-01".parse().unwrap();
    // A owes B 100, B owes C 60, C owes A 40: a cycle of 40.
    let ab = app
        .store
        .record_obligation(a, b, php(100), due)
        .await
        .unwrap();
    app.store
        .record_obligation(b, c, php(60), due)
        .await
        .unwrap();
    app.store
        .record_obligation(c, a, php(40), due)
        .await
        .unwrap();
    let (_, steward) = app.person("steward@example.org", &[(net, &[Admin])]).await;
    let (_, a_admin) = app.person("a@example.org", &[(a, &[Admin])]).await;
    let (_, stranger) = app.person("x@example.org", &[]).await;
    let call = |method: &str, token: &str, path: &str, body: Option<Value>| {
        let mut req = app
            .http
            .request(method.parse().unwrap(), app.url(path))
            .bearer_auth(token);
        if let Some(b) = body {
            req = req.json(&b);
        }
        req.send()
    };
    let rounds = format!("/api/v1/networks/{net}/clearing-rounds");
    problem(
        call("POST", &a_admin, &rounds, Some(json!({"currency": "PHP"})))
            .await
            .unwrap(),
        403,
    )
    .await;
    let p = problem(
        call("POST", &steward, &rounds, Some(json!({"currency": "PESO"})))
            .await
            .unwrap(),
        422,
    )
    .await;
    assert_eq!(crate::support::fields(&p), ["currency"]);
    let res = call("POST", &steward, &rounds, Some(json!({"currency": "PHP"})))
        .await
        .unwrap();
    assert_eq!(res.status(), 201);
    let v: Value = res.json().await.unwrap();
    assert_eq!(v["round"]["status"], "proposed");
    assert_eq!(v["round"]["cleared"]["minor"], 120);
    assert_eq!(v["effects"].as_array().unwrap().len(), 3);
    let id = v["round"]["id"].as_str().unwrap().to_string();
    let round = format!("/api/v1/clearing-rounds/{id}");

    // An organization sees its own effect only; strangers see nothing.
    let mine: Value = call("GET", &a_admin, &round, None)
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    let effects = mine["effects"].as_array().unwrap();
    assert_eq!(effects.len(), 1);
    assert_eq!(effects[0]["organization_id"], a.to_string());
    assert_eq!(effects[0]["owes_before"]["minor"], 100);
    assert_eq!(effects[0]["owes_after"]["minor"], 60);
    assert_eq!(effects[0]["liquidity_saved"]["minor"], 40);
    assert_eq!(mine["set_offs"].as_array().unwrap().len(), 2);
    problem(call("GET", &stranger, &round, None).await.unwrap(), 403).await;
    problem(
        call("POST", &a_admin, &format!("{round}/apply"), None)
            .await
            .unwrap(),
        403,
    )
    .await;
    problem(call("GET", &a_admin, &rounds, None).await.unwrap(), 403).await;

    // Applied: the obligations carry the set-off; applying twice is refused.
    let applied: Value = call("POST", &steward, &format!("{round}/apply"), None)
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    assert_eq!(applied["round"]["status"], "applied");
    assert_eq!(app.store.obligation(ab).await.unwrap().outstanding, php(60));
    problem(
        call("POST", &steward, &format!("{round}/apply"), None)
            .await
            .unwrap(),
        409,
    )
    .await;
    // A's money page lists the round with what it saved A.
    let money = call("GET", &a_admin, &format!("/organizations/{a}/money"), None)
        .await
        .unwrap()
        .text()
        .await
        .unwrap();
    assert!(money.contains(&format!("/clearing-rounds/{id}")), "{money}");
    assert!(money.contains("₱0.40"), "{money}");

    // A payment after a proposal makes it stale.
    app.store
        .record_obligation(c, a, php(10), due)
        .await
        .unwrap();
    let v: Value = call("POST", &steward, &rounds, Some(json!({"currency": "PHP"})))
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    let second = format!(
        "/api/v1/clearing-rounds/{}",
        v["round"]["id"].as_str().unwrap()
    );
    app.store
        .record_payment(&bayanihan_store::trade::PaymentDraft {
            obligation_id: ab,
            amount_minor: 1,
            method: bayanihan_domain::trade::records::PaymentMethod::Cash,
            reference: None,
            paid_on: due,
            recorded_by: None,
        })
        .await
        .unwrap();
    let p = problem(
        call("POST", &steward, &format!("{second}/apply"), None)
            .await
            .unwrap(),
        409,
    )
    .await;
    assert!(p["detail"].as_str().unwrap().contains("stale"), "{p}");
    let listed: Value = call("GET", &steward, &rounds, None)
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    let statuses: Vec<&str> = listed
        .as_array()
        .unwrap()
        .iter()
        .map(|r| r["status"].as_str().unwrap())
        .collect();
    assert_eq!(statuses, ["stale", "applied"]);

    // The pages: the steward proposes and applies a round with plain forms.
    signed_in(&app, "page-steward@example.org", net, &[Admin]).await;
    let page = app.text(&format!("/networks/{net}/clearing")).await;
    let csrf = page
        .split("name=\"csrf\" value=\"")
        .nth(2)
        .and_then(|r| r.split('"').next())
        .unwrap()
        .to_string();
    let res = app
        .http
        .post(app.url(&format!("/networks/{net}/clearing")))
        .form(&[("csrf", csrf.as_str()), ("currency", "PHP")])
        .send()
        .await
        .unwrap();
    assert_eq!(res.status(), 200);
    let round_page = res.text().await.unwrap();
    assert!(round_page.contains("/apply"), "{round_page}");
    assert!(!round_page.contains("<script"));
    let round_id = res_round_id(&round_page);
    let res = app
        .http
        .post(app.url(&format!("/clearing-rounds/{round_id}/apply")))
        .form(&[("csrf", csrf.as_str())])
        .send()
        .await
        .unwrap();
    // Applying cannot be undone: without the ticked box the steward is asked to confirm.
    assert_eq!(res.status(), 422);
    assert!(res.text().await.unwrap().contains("Please confirm"));
    let res = app
        .http
        .post(app.url(&format!("/clearing-rounds/{round_id}/apply")))
        .form(&[("csrf", csrf.as_str()), ("confirm", "1")])
        .send()
        .await
        .unwrap();
    assert_eq!(res.status(), 200);
    assert!(res.text().await.unwrap().contains("role=\"status\""));
}

/// The round id in a round page's apply form.
fn res_round_id(page: &str) -> String {
    page.split("/clearing-rounds/")
        .nth(1)
        .unwrap()
        .chars()
        .take_while(|c| c.is_ascii_hexdigit() || *c == '-')
        .collect()
}
