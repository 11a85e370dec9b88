//! No input leaves a cycle broken: amounts are range-checked when an offer is written, fee
//! recipients must exist and take part, offers can be withdrawn while the cycle is open, and a
//! report period past the calendar is a 422, not a dropped connection.

use bayanihan_domain::person::MembershipRole::*;
use serde_json::{json, Value};
use uuid::Uuid;

use crate::support::{fields, problem, spawn_app, TestApp};

async fn send(
    app: &TestApp,
    token: &str,
    method: &str,
    path: &str,
    body: Option<Value>,
) -> reqwest::Response {
    app.send(Some(token), method, path, body).await
}

#[tokio::test]
async fn offers_that_could_not_be_priced_are_refused_and_nothing_is_saved() {
    let app = spawn_app().await;
    let hub = app.org("Hub", "social_enterprise").await;
    let farm = app.org("Farm", "producer_cooperative").await;
    let group = app.org("Group", "consumer_cooperative").await;
    let stranger_org = app.org("Elsewhere", "association").await;
    let (_, farm_admin) = app.person("farm@example.org", &[(farm, &[Admin])]).await;
    let (cycle, existing) = crate::pages::cycle(&app, hub, farm, group, 10).await;
    let product = app.store.offer(existing).await.unwrap().product.id;
    let offers = format!("/api/v1/cycles/{cycle}/offers");
    let before = app.text(&offers).await;

    let offer = |price: &str, fees: Value| json!({"product_id": product, "quantity": 10, "producer_price": price, "fees": fees});
    let cases = [
        // The attack: a fee whose arithmetic overflows i64 at the largest line.
        (
            offer(
                "200.00",
                json!([{"kind": "transport", "per_unit": "90000000000000000.00", "recipient": hub}]),
            ),
            "fees[0]",
        ),
        (offer("92233720368547758.07", json!([])), "producer_price"),
        (
            offer(
                "200.00",
                json!([{"kind": "tax", "per_unit": "1", "recipient": Uuid::nil()}]),
            ),
            "fees[0].recipient",
        ),
        (
            offer(
                "200.00",
                json!([{"kind": "tax", "per_unit": "1", "recipient": hub},
                       {"kind": "coordination", "percent": "5", "recipient": Uuid::new_v4()}]),
            ),
            "fees[1].recipient",
        ),
        (
            offer(
                "200.00",
                json!([{"kind": "coordination", "percent": "5", "recipient": stranger_org}]),
            ),
            "fees[0].recipient",
        ),
    ];
    for (body, field) in cases {
        let p = problem(
            send(&app, &farm_admin, "POST", &offers, Some(body)).await,
            422,
        )
        .await;
        assert_eq!(fields(&p), [field], "{p}");
    }
    // Nothing was saved, and the cycle still reads for everyone.
    assert_eq!(app.text(&offers).await, before);
    let res = app
        .http
        .get(app.url(&format!("/cycles/{cycle}")))
        .send()
        .await
        .unwrap();
    assert_eq!(res.status(), 200);

    // A recipient in the hub's network is fine.
    let net = app.org("Network", "network").await;
    let fund = app.org("Solidarity Fund", "association").await;
    for o in [hub, fund] {
        app.store
            .add_network_member(net, o, "2024-01-01".parse().unwrap())
            .await
            .unwrap();
    }
    for recipient in [fund, net] {
        let body = offer(
            "200.00",
            json!([{"kind": "solidarity_fund", "percent": "2", "recipient": recipient}]),
        );
        let res = send(&app, &farm_admin, "POST", &offers, Some(body)).await;
        assert_eq!(res.status(), 201, "{}", res.text().await.unwrap());
    }
}

#[tokio::test]
async fn an_offer_is_withdrawn_with_its_lines_while_the_cycle_is_open() {
    let app = spawn_app().await;
    let hub = app.org("Hub", "social_enterprise").await;
    let farm = app.org("Farm", "producer_cooperative").await;
    let group = app.org("Group", "consumer_cooperative").await;
    let other_farm = app.org("Other farm", "producer_cooperative").await;
    let (_, farm_admin) = app.person("farm@example.org", &[(farm, &[Admin])]).await;
    let (_, other_admin) = app
        .person("other@example.org", &[(other_farm, &[Admin])])
        .await;
    let (_, hub_coord) = app
        .person("hub@example.org", &[(hub, &[Coordinator])])
        .await;
    let (_, member) = app.person("m@example.org", &[(group, &[Member])]).await;
    let (cycle, offer) = crate::pages::cycle(&app, hub, farm, group, 10).await;
    let res = send(
        &app,
        &member,
        "POST",
        &format!("/api/v1/cycles/{cycle}/lines"),
        Some(json!({"offer_id": offer, "consumer_group_id": group, "quantity": 2})),
    )
    .await;
    assert_eq!(res.status(), 201);
    let path = format!("/api/v1/offers/{offer}");
    for token in [&member, &other_admin] {
        problem(send(&app, token, "DELETE", &path, None).await, 403).await;
    }
    assert!(app.store.offer(offer).await.is_ok());
    let res = send(&app, &farm_admin, "DELETE", &path, None).await;
    assert_eq!(res.status(), 200);
    let body: Value = res.json().await.unwrap();
    assert_eq!(body["lines_cancelled"], 1);
    assert!(app.store.lines(cycle, None, None).await.unwrap().is_empty());
    problem(send(&app, &farm_admin, "DELETE", &path, None).await, 404).await;

    // Once the cycle is closed, offers stay.
    let (cycle2, offer2) = crate::pages::cycle(&app, hub, farm, group, 10).await;
    let res = send(
        &app,
        &hub_coord,
        "POST",
        &format!("/api/v1/cycles/{cycle2}/close"),
        None,
    )
    .await;
    assert!(res.status().is_success(), "{}", res.status());
    problem(
        send(
            &app,
            &hub_coord,
            "DELETE",
            &format!("/api/v1/offers/{offer2}"),
            None,
        )
        .await,
        409,
    )
    .await;
}

#[tokio::test]
async fn report_periods_past_the_calendar_are_a_422_naming_the_period() {
    let app = spawn_app().await;
    let net = app.org("Network", "network").await;
    let (_, token) = app.person("x@example.org", &[]).await;
    for period in [
        "2026-01-01..9999-12-31",
        "9999-12-01..9999-12-31",
        "0001-01-01..0001-01-31",
    ] {
        let path = format!("/api/v1/reports/tbl?scope=network:{net}&period={period}");
        let p = problem(send(&app, &token, "GET", &path, None).await, 422).await;
        assert_eq!(fields(&p), ["period"], "{period}: {p}");
    }
    // The page says it in words, with a 422, and the server keeps serving.
    crate::pages::signed_in(&app, "reader@example.org", net, &[Member]).await;
    let res = app
        .http
        .get(app.url(&format!(
            "/reports/tbl?scope=network:{net}&period=2026-01-01..9999-12-31"
        )))
        .send()
        .await
        .unwrap();
    assert_eq!(res.status(), 422);
    assert!(res.text().await.unwrap().contains("period"));
    assert_eq!(
        app.http
            .get(app.url("/healthz"))
            .send()
            .await
            .unwrap()
            .status(),
        200
    );
}
