//! Decisions over HTTP, the way an attacker would try them: weights that do not add up, a
//! block where it does not count, a second ballot, a ballot after the close, a voter outside
//! the electorate, one proxy too many, a meeting's ballot without its witness — each a 4xx
//! naming the reason with nothing written; another organization's ids get nowhere; and an
//! anonymous decision's ballots cannot be tied to anyone through the API.

use bayanihan_domain::person::MembershipRole::*;
use serde_json::{json, Value};

use crate::support::{fields, problem, spawn_app, TestApp};

async fn body(app: &TestApp, token: &str, org: uuid::Uuid, json: Value) -> reqwest::Response {
    app.send(
        Some(token),
        "POST",
        &format!("/api/v1/organizations/{org}/bodies"),
        Some(json),
    )
    .await
}

fn in_hours(h: i64) -> String {
    (jiff::Timestamp::now() + jiff::SignedDuration::from_hours(h)).to_string()
}

#[tokio::test]
async fn bad_ballots_are_refused_naming_the_reason_and_nothing_is_written() {
    let app = spawn_app().await;
    let coop = app.org("Coop", "consumer_cooperative").await;
    let other = app.org("Other", "consumer_cooperative").await;
    let (_, admin) = app
        .person("admin@coop.example", &[(coop, &[Admin, Member])])
        .await;
    let (ana_id, ana) = app.person("ana@coop.example", &[(coop, &[Member])]).await;
    let (ben_id, ben) = app.person("ben@coop.example", &[(coop, &[Member])]).await;
    let (cy_id, cy) = app.person("cy@coop.example", &[(coop, &[Member])]).await;
    let (_, stranger) = app
        .person("x@other.example", &[(other, &[Admin, Coordinator])])
        .await;

    // Weights that do not add up, a chamber that is no stake, too many proxies: 422, each named.
    let p = problem(
        body(
            &app,
            &admin,
            coop,
            json!({"name": "Assembly", "electorate": "members", "proxy_limit": 99,
                   "chambers": {"producer": "50", "consumer": "30", "farmers": "20"}}),
        )
        .await,
        422,
    )
    .await;
    assert_eq!(
        fields(&p),
        ["chambers.farmers", "chambers", "proxy_limit"],
        "{p}"
    );
    // Another organization's admin sets up nothing here.
    let res = body(
        &app,
        &stranger,
        coop,
        json!({"name": "Assembly", "electorate": "members"}),
    )
    .await;
    assert_eq!(res.status(), 403);
    let b: Value = body(
        &app,
        &admin,
        coop,
        json!({"name": "General assembly", "electorate": "members", "proxy_limit": 1}),
    )
    .await
    .json()
    .await
    .unwrap();
    assert_eq!(b["electorate"], json!([4]), "{b}");
    let body_id = b["body"]["id"].as_str().unwrap().to_string();

    // A decision of this body opened by another organization's coordinator: 403.
    let decision = json!({"body_id": body_id, "title": "Buy a rice mill", "kind": "proposal",
                          "closes_at": in_hours(24)});
    let res = app
        .send(
            Some(&stranger),
            "POST",
            "/api/v1/decisions",
            Some(decision.clone()),
        )
        .await;
    assert_eq!(res.status(), 403);
    // A price list of a cycle this organization does not run: 422 naming the cycle.
    let p = problem(
        app.send(
            Some(&admin),
            "POST",
            "/api/v1/decisions",
            Some(json!({"body_id": body_id, "title": "Prices of week 10", "kind": "proposal",
                        "closes_at": in_hours(24),
                        "action": {"kind": "approve_price_list", "cycle_id": uuid::Uuid::new_v4()}})),
        )
        .await,
        422,
    )
    .await;
    assert_eq!(fields(&p), ["action.cycle_id"], "{p}");
    let d: Value = app
        .send(Some(&admin), "POST", "/api/v1/decisions", Some(decision))
        .await
        .json()
        .await
        .unwrap();
    let id = d["id"].as_str().unwrap().to_string();
    let ballots = format!("/api/v1/decisions/{id}/ballots");
    let cast = |token: &str, v: Value| {
        let (token, path) = (token.to_string(), ballots.clone());
        let app = &app;
        async move { app.send(Some(&token), "POST", &path, Some(v)).await }
    };

    // A block where the threshold is not consensus: 422 naming the choice.
    let p = problem(cast(&ana, json!({"choice": "block"})).await, 422).await;
    assert_eq!(fields(&p), ["choice"]);
    assert!(p["errors"][0]["reason"]
        .as_str()
        .unwrap()
        .contains("consensus"));
    // An option that is not one.
    let p = problem(cast(&ana, json!({"choice": "maybe"})).await, 422).await;
    assert_eq!(fields(&p), ["choice"]);
    // A meeting's ballot from a plain member: 403; from the admin without meeting and
    // witness: 422 naming both.
    let paper = json!({"choice": "agree", "mode": "paper", "voter_id": cy_id});
    assert_eq!(cast(&ana, paper.clone()).await.status(), 403);
    let p = problem(cast(&admin, paper).await, 422).await;
    assert_eq!(fields(&p), ["meeting", "witness"]);
    // Someone else's ballot without their proxy: 422 naming the voter.
    let p = problem(
        cast(&ana, json!({"choice": "agree", "voter_id": ben_id})).await,
        422,
    )
    .await;
    assert_eq!(fields(&p), ["voter_id"]);
    // A stranger to the organization: 403.
    assert_eq!(
        cast(&stranger, json!({"choice": "agree"})).await.status(),
        403
    );
    // Nothing of the refused was written.
    let v: Value = app
        .send(Some(&ana), "GET", &format!("/api/v1/decisions/{id}"), None)
        .await
        .json()
        .await
        .unwrap();
    assert_eq!(v["decision"]["ballots"], 0);

    // Proxies: Ben gives his to Ana, who may hold one; Cy's then finds her full.
    let proxies = format!("/api/v1/decisions/{id}/proxies");
    let res = app
        .send(
            Some(&ben),
            "POST",
            &proxies,
            Some(json!({"holder_id": ana_id})),
        )
        .await;
    assert_eq!(res.status(), 204);
    let p = problem(
        app.send(
            Some(&cy),
            "POST",
            &proxies,
            Some(json!({"holder_id": ana_id})),
        )
        .await,
        422,
    )
    .await;
    assert_eq!(fields(&p), ["holder_id"]);
    // Ana votes for herself and for Ben; twice is a 409.
    assert_eq!(cast(&ana, json!({"choice": "agree"})).await.status(), 204);
    assert_eq!(
        cast(&ana, json!({"choice": "disagree", "voter_id": ben_id}))
            .await
            .status(),
        204
    );
    let p = problem(cast(&ana, json!({"choice": "disagree"})).await, 409).await;
    assert!(p["detail"].as_str().unwrap().contains("once"), "{p}");
    // A member who joined after the vote opened is not in its electorate.
    let (_, late) = app.person("late@coop.example", &[(coop, &[Member])]).await;
    let p = problem(cast(&late, json!({"choice": "agree"})).await, 422).await;
    assert_eq!(fields(&p), ["voter_id"]);
    // Ballots are shown once the decision has closed.
    assert_eq!(
        app.send(Some(&ana), "GET", &ballots, None).await.status(),
        409
    );
    let v: Value = app
        .send(Some(&cy), "GET", &format!("/api/v1/decisions/{id}"), None)
        .await
        .json()
        .await
        .unwrap();
    assert_eq!(v["decision"]["ballots"], 2);
    assert!(v["decision"]["tally"].is_null(), "no results while open");
    // Cy's home lists the open vote; Ana's no longer does.
    let open: Value = app
        .send(Some(&cy), "GET", "/api/v1/me/decisions", None)
        .await
        .json()
        .await
        .unwrap();
    assert_eq!(open.as_array().unwrap().len(), 1);
    let open: Value = app
        .send(Some(&ana), "GET", "/api/v1/me/decisions", None)
        .await
        .json()
        .await
        .unwrap();
    assert_eq!(open, json!([]));
}

#[tokio::test]
async fn an_anonymous_decisions_ballots_name_nobody() {
    let app = spawn_app().await;
    let coop = app.org("Coop", "consumer_cooperative").await;
    let (admin_id, admin) = app
        .person("admin@coop.example", &[(coop, &[Admin, Member])])
        .await;
    let (ana_id, ana) = app.person("ana@coop.example", &[(coop, &[Member])]).await;
    let b: Value = body(
        &app,
        &admin,
        coop,
        json!({"name": "General assembly", "electorate": "members"}),
    )
    .await
    .json()
    .await
    .unwrap();
    let body_id = uuid::Uuid::parse_str(b["body"]["id"].as_str().unwrap()).unwrap();
    // Opened a while ago through the store (the API opens decisions from now on), then voted
    // in through the API.
    let now = jiff::Timestamp::now();
    let d = app
        .store
        .open_decision(
            &bayanihan_domain::governance::decision::DecisionDraft {
                body_id,
                title: "Who keeps the books".into(),
                details: String::new(),
                rules: bayanihan_domain::governance::Rules::new(
                    bayanihan_domain::governance::DecisionKind::RankedChoice,
                    vec!["Ana".into(), "Ben".into(), "Cy".into()],
                    vec![],
                    bayanihan_domain::governance::Threshold::Simple,
                ),
                anonymous: true,
                action: None,
                opens_at: now,
                closes_at: now + jiff::SignedDuration::from_secs(3),
            },
            admin_id,
            now.as_microsecond(),
        )
        .await
        .unwrap();
    let ballots = format!("/api/v1/decisions/{}/ballots", d.id);
    for (token, ranking) in [(&ana, json!(["Ben", "Cy"])), (&admin, json!(["Cy"]))] {
        let res = app
            .send(
                Some(token),
                "POST",
                &ballots,
                Some(json!({"ranking": ranking, "reason": "steady hands"})),
            )
            .await;
        assert_eq!(res.status(), 204);
    }
    tokio::time::sleep(std::time::Duration::from_secs(4)).await;
    // Read after its time: closed by the reader, counted.
    let v: Value = app
        .send(
            Some(&ana),
            "GET",
            &format!("/api/v1/decisions/{}", d.id),
            None,
        )
        .await
        .json()
        .await
        .unwrap();
    assert_eq!(v["decision"]["tally"]["ballots"], 2, "{v}");
    let text = app
        .send(Some(&ana), "GET", &ballots, None)
        .await
        .text()
        .await
        .unwrap();
    let list: Value = serde_json::from_str(&text).unwrap();
    assert_eq!(list.as_array().unwrap().len(), 2);
    for id in [ana_id, admin_id] {
        assert!(!text.contains(&id.to_string()), "{text}");
    }
    assert!(list
        .as_array()
        .unwrap()
        .iter()
        .all(|b| b["voter_id"].is_null() && b["voter_name"].is_null() && b["mode"].is_null()));
    // Nor the log.
    let log = app
        .send(
            Some(&ana),
            "GET",
            &format!("/api/v1/organizations/{coop}/decisions"),
            None,
        )
        .await
        .text()
        .await
        .unwrap();
    assert!(!log.contains(&ana_id.to_string()));
    // A ballot after the close: 409.
    let res = app
        .send(
            Some(&ana),
            "POST",
            &ballots,
            Some(json!({"ranking": ["Ana"]})),
        )
        .await;
    assert_eq!(res.status(), 409);
}
