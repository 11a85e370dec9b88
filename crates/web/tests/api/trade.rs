//! A whole cycle over HTTP, with each step done by the role allowed to do it, and refused to
//! those who are not.

use bayanihan_domain::person::MembershipRole::*;
use serde_json::{json, Value};
use uuid::Uuid;

use crate::support::{problem, spawn_app, TestApp};

async fn post(app: &TestApp, token: &str, path: &str, body: Value) -> reqwest::Response {
    app.http
        .post(app.url(path))
        .bearer_auth(token)
        .json(&body)
        .send()
        .await
        .unwrap()
}

async fn get(app: &TestApp, token: &str, path: &str) -> reqwest::Response {
    app.http
        .get(app.url(path))
        .bearer_auth(token)
        .send()
        .await
        .unwrap()
}

#[tokio::test]
async fn a_cycle_from_catalogue_to_payment() {
    let app = spawn_app().await;
    let hub = app.org("Likha Hub", "social_enterprise").await;
    let farm = app.org("Kapatiran", "producer_cooperative").await;
    let group = app.org("Malaya Group", "consumer_cooperative").await;
    let (_, hub_coord) = app
        .person("coord@example.org", &[(hub, &[Coordinator])])
        .await;
    let (_, farm_admin) = app.person("farm@example.org", &[(farm, &[Admin])]).await;
    let (_, group_coord) = app
        .person("gc@example.org", &[(group, &[Coordinator, Member])])
        .await;
    let (jun, member) = app.person("jun@example.org", &[(group, &[Member])]).await;
    let (ana, member2) = app.person("ana@example.org", &[(group, &[Member])]).await;
    let (_, treasurer) = app
        .person("t@example.org", &[(group, &[Member, Treasurer])])
        .await;

    // Producer admins manage their products; others may not.
    let product = json!({"name": "Brown rice", "category": "rice", "unit": "bag of 5 kg", "unit_mass_kg": 5,
                         "qualifiers": ["organic"], "origin": {"lat": 15.58, "lon": 121.08}});
    problem(
        post(
            &app,
            &member,
            &format!("/api/v1/organizations/{farm}/products"),
            product.clone(),
        )
        .await,
        403,
    )
    .await;
    let res = post(
        &app,
        &farm_admin,
        &format!("/api/v1/organizations/{farm}/products"),
        product,
    )
    .await;
    assert_eq!(res.status(), 201);
    let rice: Value = res.json().await.unwrap();

    // The hub's coordinators open cycles.
    let now = jiff::Timestamp::now();
    let cycle_body = json!({
        "hub_id": hub, "name": "Week 10", "policy": "pro_rata",
        "opens_at": (now - jiff::SignedDuration::from_hours(1)).to_string(),
        "closes_at": (now + jiff::SignedDuration::from_hours(48)).to_string(),
        "delivery_date": "2026-12-05",
        "pickup_points": [{"name": "Barangay hall", "organization_id": group, "lat": 14.676, "lon": 121.0437}],
        "producers": [farm], "consumer_groups": [{"organization_id": group}]
    });
    problem(
        post(&app, &farm_admin, "/api/v1/cycles", cycle_body.clone()).await,
        403,
    )
    .await;
    let mut bad = cycle_body.clone();
    bad["policy"] = json!("lottery");
    bad["delivery_date"] = json!("soon");
    let p = problem(post(&app, &hub_coord, "/api/v1/cycles", bad).await, 422).await;
    assert_eq!(crate::support::fields(&p), ["policy", "delivery_date"]);
    let res = post(&app, &hub_coord, "/api/v1/cycles", cycle_body).await;
    assert_eq!(res.status(), 201);
    let cycle: Value = res.json().await.unwrap();
    let cid = cycle["id"].as_str().unwrap().to_string();
    assert_eq!(cycle["currency"], "PHP");

    // The producer offers 10 bags: ₱200 to the farm, 12.5 % coordination to the hub, ₱15 transport.
    let offer_body = json!({"product_id": rice["id"], "quantity": 10, "producer_price": "200.00",
        "fees": [{"kind": "coordination", "percent": "12.5", "recipient": hub},
                 {"kind": "transport", "per_unit": "15", "recipient": hub}],
        "transport_mode": "truck_small"});
    problem(
        post(
            &app,
            &member,
            &format!("/api/v1/cycles/{cid}/offers"),
            offer_body.clone(),
        )
        .await,
        403,
    )
    .await;
    let res = post(
        &app,
        &farm_admin,
        &format!("/api/v1/cycles/{cid}/offers"),
        offer_body,
    )
    .await;
    assert_eq!(res.status(), 201);
    let offer: Value = res.json().await.unwrap();
    assert_eq!(offer["unit_breakdown"]["total"]["minor"], 24_000);
    assert_eq!(offer["transport"]["distance_basis"], "great_circle_x1.3");
    let shop: Value = app
        .http
        .get(app.url(&format!("/api/v1/cycles/{cid}/offers")))
        .send()
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    assert_eq!(
        shop[0]["unit_breakdown"]["components"][0]["part"],
        "producer"
    );

    // Members order for themselves; a coordinator for a member without a phone; outsiders not.
    let line = |qty: u64, person: Option<Uuid>| {
        let mut b = json!({"offer_id": offer["id"], "consumer_group_id": group, "quantity": qty});
        if let Some(p) = person {
            b["person_id"] = json!(p);
        }
        b
    };
    let lines = format!("/api/v1/cycles/{cid}/lines");
    assert_eq!(
        post(&app, &member, &lines, line(8, None)).await.status(),
        201
    );
    problem(post(&app, &member, &lines, line(1, Some(ana))).await, 403).await;
    problem(post(&app, &farm_admin, &lines, line(1, None)).await, 403).await;
    problem(post(&app, &member, &lines, line(0, None)).await, 422).await;
    let res = post(&app, &group_coord, &lines, line(12, Some(ana))).await;
    assert_eq!(res.status(), 201);
    let ana_line: Value = res.json().await.unwrap();
    let mine: Value = get(&app, &member, &lines).await.json().await.unwrap();
    assert_eq!(mine.as_array().unwrap().len(), 1);
    assert_eq!(mine[0]["person_id"], jun.to_string());
    problem(
        get(&app, &member, &format!("{lines}?group={group}")).await,
        403,
    )
    .await;
    let whole: Value = get(&app, &group_coord, &format!("{lines}?group={group}"))
        .await
        .json()
        .await
        .unwrap();
    assert_eq!(whole.as_array().unwrap().len(), 2);
    // Ana's line belongs to Ana: another member cannot change it, she can.
    let ana_path = format!("/api/v1/lines/{}", ana_line["id"].as_str().unwrap());
    let res = app
        .http
        .patch(app.url(&ana_path))
        .bearer_auth(&member)
        .json(&json!({"quantity": 1}))
        .send()
        .await
        .unwrap();
    problem(res, 403).await;
    let res = app
        .http
        .patch(app.url(&ana_path))
        .bearer_auth(&member2)
        .json(&json!({"quantity": 12}))
        .send()
        .await
        .unwrap();
    assert_eq!(res.status(), 200);

    // Only the hub closes; twice is harmless.
    problem(
        post(
            &app,
            &group_coord,
            &format!("/api/v1/cycles/{cid}/close"),
            json!({}),
        )
        .await,
        403,
    )
    .await;
    let summary: Value = post(
        &app,
        &hub_coord,
        &format!("/api/v1/cycles/{cid}/close"),
        json!({}),
    )
    .await
    .json()
    .await
    .unwrap();
    assert_eq!(summary["closed_now"], true);
    assert_eq!(summary["units_requested"], 20);
    assert_eq!(summary["units_allocated"], 10);
    let again: Value = post(
        &app,
        &hub_coord,
        &format!("/api/v1/cycles/{cid}/close"),
        json!({}),
    )
    .await
    .json()
    .await
    .unwrap();
    assert_eq!(again["closed_now"], false);
    problem(post(&app, &member, &lines, line(1, None)).await, 409).await;

    // Pro rata: 8 and 12 of 20 asked, 10 available → 4 and 6.
    let mine: Value = get(&app, &member, &lines).await.json().await.unwrap();
    assert_eq!(mine[0]["allocated"], 4);
    assert!(
        mine[0]["reason"].as_str().unwrap().contains("proportion"),
        "{mine}"
    );
    // The invoice: 10 bags × ₱240 = ₱2 400, each line's breakdown adding up.
    let inv: Value = get(
        &app,
        &member,
        &format!("/api/v1/cycles/{cid}/invoices/{group}"),
    )
    .await
    .json()
    .await
    .unwrap();
    assert_eq!(inv["total"]["minor"], 240_000);
    for l in inv["lines"].as_array().unwrap() {
        let sum: i64 = l["breakdown"]["components"]
            .as_array()
            .unwrap()
            .iter()
            .map(|c| c["amount"]["minor"].as_i64().unwrap())
            .sum();
        assert_eq!(sum, l["breakdown"]["total"]["minor"].as_i64().unwrap());
    }
    problem(
        get(
            &app,
            &farm_admin,
            &format!("/api/v1/cycles/{cid}/invoices/{group}"),
        )
        .await,
        403,
    )
    .await;
    let packing: Value = get(&app, &hub_coord, &format!("/api/v1/cycles/{cid}/packing"))
        .await
        .json()
        .await
        .unwrap();
    assert_eq!(packing[0]["units"], 10);
    let farm_rows: Value = get(
        &app,
        &farm_admin,
        &format!("/api/v1/cycles/{cid}/packing?by=producer"),
    )
    .await
    .json()
    .await
    .unwrap();
    assert_eq!(farm_rows.as_array().unwrap().len(), 1);
    // The farm's statement, line by line: 4 + 6 bags at ₱200.
    let st: Value = get(
        &app,
        &farm_admin,
        &format!("/api/v1/cycles/{cid}/statements/{farm}"),
    )
    .await
    .json()
    .await
    .unwrap();
    assert_eq!(st["total"]["minor"], 200_000);
    assert_eq!(st["items"].as_array().unwrap().len(), 2);
    assert!(st["items"]
        .as_array()
        .unwrap()
        .iter()
        .all(|i| i["part"] == "producer"));
    // The hub's fee statement: 12.5 % coordination and ₱15 transport on 10 bags = ₱400.
    let fees: Value = get(
        &app,
        &hub_coord,
        &format!("/api/v1/cycles/{cid}/statements/{hub}"),
    )
    .await
    .json()
    .await
    .unwrap();
    assert_eq!(fees["total"]["minor"], 40_000);
    problem(
        get(
            &app,
            &member,
            &format!("/api/v1/cycles/{cid}/statements/{farm}"),
        )
        .await,
        403,
    )
    .await;
    // Supplier totals: the farm sees its own offer's, a consumer member sees none.
    let totals: Value = get(
        &app,
        &farm_admin,
        &format!("/api/v1/cycles/{cid}/supplier-totals"),
    )
    .await
    .json()
    .await
    .unwrap();
    assert_eq!(totals[0]["units"], 10);
    assert_eq!(totals[0]["producer_amount"]["minor"], 200_000);
    let none: Value = get(
        &app,
        &member,
        &format!("/api/v1/cycles/{cid}/supplier-totals"),
    )
    .await
    .json()
    .await
    .unwrap();
    assert!(none.as_array().unwrap().is_empty());
    let none: Value = get(&app, &member, &format!("/api/v1/cycles/{cid}/packing"))
        .await
        .json()
        .await
        .unwrap();
    assert!(none.as_array().unwrap().is_empty());

    // The group owes the hub ₱2 400; its treasurer records a mobile-money payment.
    let owed: Value = get(
        &app,
        &member,
        &format!("/api/v1/organizations/{group}/obligations"),
    )
    .await
    .json()
    .await
    .unwrap();
    let invoice_ob = owed
        .as_array()
        .unwrap()
        .iter()
        .find(|o| o["debtor_id"] == group.to_string())
        .unwrap()
        .clone();
    assert_eq!(invoice_ob["amount"]["minor"], 240_000);
    let pay = format!(
        "/api/v1/obligations/{}/payments",
        invoice_ob["id"].as_str().unwrap()
    );
    problem(
        post(
            &app,
            &member,
            &pay,
            json!({"amount": "100", "method": "cash"}),
        )
        .await,
        403,
    )
    .await;
    problem(
        post(
            &app,
            &treasurer,
            &pay,
            json!({"amount": "abc", "method": "barter"}),
        )
        .await,
        422,
    )
    .await;
    problem(
        post(
            &app,
            &treasurer,
            &pay,
            json!({"amount": "2400.01", "method": "cash"}),
        )
        .await,
        409,
    )
    .await;
    let res = post(
        &app,
        &treasurer,
        &pay,
        json!({"amount": "2400", "method": "mobile_money", "reference": "GC-1"}),
    )
    .await;
    assert_eq!(res.status(), 201);
    assert_eq!(
        res.json::<Value>().await.unwrap()["outstanding"]["minor"],
        0
    );
    let bal: Value = get(
        &app,
        &hub_coord,
        &format!("/api/v1/organizations/{hub}/balances"),
    )
    .await
    .json()
    .await
    .unwrap();
    let cash = bal
        .as_array()
        .unwrap()
        .iter()
        .find(|b| b["kind"] == "cash")
        .unwrap();
    assert_eq!(cash["amount"]["minor"], 240_000);
    problem(
        get(
            &app,
            &farm_admin,
            &format!("/api/v1/organizations/{group}/balances"),
        )
        .await,
        403,
    )
    .await;
}

/// Many members racing over HTTP for scarce stock under first_come: nothing oversold, every
/// acknowledged line stored, every refusal a 409 saying how much is left.
#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn first_come_race_over_http() {
    let app = spawn_app().await;
    let hub = app.org("Hub", "social_enterprise").await;
    let group = app.org("Group", "consumer_cooperative").await;
    let (_, coord) = app
        .person("coord@example.org", &[(hub, &[Coordinator, Admin])])
        .await;
    let product: Value = post(
        &app,
        &coord,
        &format!("/api/v1/organizations/{hub}/products"),
        json!({"name": "Eggs", "category": "eggs", "unit": "tray", "unit_mass_kg": 1.8}),
    )
    .await
    .json()
    .await
    .unwrap();
    let now = jiff::Timestamp::now();
    let cycle: Value = post(&app, &coord, "/api/v1/cycles", json!({
        "hub_id": hub, "name": "Race", "policy": "first_come",
        "opens_at": (now - jiff::SignedDuration::from_hours(1)).to_string(),
        "closes_at": (now + jiff::SignedDuration::from_hours(1)).to_string(),
        "delivery_date": "2026-12-05", "producers": [hub], "consumer_groups": [{"organization_id": group}]
    })).await.json().await.unwrap();
    let cid = cycle["id"].as_str().unwrap().to_string();
    let offer: Value = post(
        &app,
        &coord,
        &format!("/api/v1/cycles/{cid}/offers"),
        json!({"product_id": product["id"], "quantity": 10, "producer_price": "180"}),
    )
    .await
    .json()
    .await
    .unwrap();
    let mut members = Vec::new();
    for i in 0..24 {
        members.push(
            app.person(&format!("m{i}@example.org"), &[(group, &[Member])])
                .await
                .1,
        );
    }
    let mut tasks = Vec::new();
    for token in members {
        let (http, url, offer_id) = (
            app.http.clone(),
            app.url(&format!("/api/v1/cycles/{cid}/lines")),
            offer["id"].clone(),
        );
        tasks.push(tokio::spawn(async move {
            let res = http
                .post(url)
                .bearer_auth(token)
                .json(&json!({"offer_id": offer_id, "consumer_group_id": group, "quantity": 1}))
                .send()
                .await
                .unwrap();
            let status = res.status().as_u16();
            (status, res.json::<Value>().await.unwrap())
        }));
    }
    let mut acknowledged = Vec::new();
    for t in tasks {
        let (status, body) = t.await.unwrap();
        match status {
            201 => acknowledged.push(body["id"].as_str().unwrap().to_string()),
            409 => assert!(body["detail"].as_str().unwrap().contains("left"), "{body}"),
            other => panic!("unexpected {other}: {body}"),
        }
    }
    assert_eq!(acknowledged.len(), 10, "exactly the stock is sold");
    let lines = app
        .store
        .lines(cid.parse().unwrap(), None, None)
        .await
        .unwrap();
    let stored: std::collections::HashSet<String> =
        lines.iter().map(|l| l.id.to_string()).collect();
    assert!(acknowledged.iter().all(|id| stored.contains(id)));
    assert_eq!(lines.len(), 10);
}
