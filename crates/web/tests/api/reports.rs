//! Impact reports over HTTP: JSON and CSV say the same, bad input is named, private scopes are
//! refused to outsiders, and the page draws its charts without script.

use std::collections::BTreeMap;

use bayanihan_domain::person::MembershipRole::*;
use bayanihan_store::trade::NewLine;
use serde_json::Value;

use crate::pages::{cycle, signed_in};
use crate::support::{fields, problem, spawn_app};

#[tokio::test]
async fn reports_agree_across_formats_and_keep_private_scopes_private() {
    let app = spawn_app().await;
    let hub = app.org("Likha Hub", "social_enterprise").await;
    let farm = app.org("Kapatiran", "producer_cooperative").await;
    let group = app.org("Malaya Group", "consumer_cooperative").await;
    let other = app.org("Elsewhere", "consumer_cooperative").await;
    let (_, coord) = app
        .person("coord@example.org", &[(hub, &[Coordinator])])
        .await;
    let (_, outsider) = app.person("out@example.org", &[(other, &[Admin])]).await;
    let (c, offer) = cycle(&app, hub, farm, group, 50).await;
    for q in [3, 4] {
        app.store
            .place_line(
                c,
                &NewLine {
                    offer_id: offer,
                    consumer_group_id: group,
                    person_id: None,
                    pickup_point_id: None,
                    quantity: q,
                    tier: None,
                },
            )
            .await
            .unwrap();
    }
    app.store.close_cycle(c).await.unwrap();
    let get = |token: &str, q: String| {
        let req = app.http.get(app.url(&format!("/api/v1/reports/tbl?{q}")));
        let req = if token.is_empty() {
            req
        } else {
            req.bearer_auth(token)
        };
        req.send()
    };
    let q = format!("scope=cycle:{c}&period=2026-12");
    let json: Value = get(&coord, q.clone()).await.unwrap().json().await.unwrap();
    let total = &json["sections"][0];
    assert_eq!(total["key"], "total");
    let value = |ind: &str| {
        total["values"]
            .as_array()
            .unwrap()
            .iter()
            .find(|v| v["indicator"] == ind && v["key"].is_null())
            .unwrap()["current"]
            .clone()
    };
    // 7 bags × ₱200 = ₱1,400 of 7 × ₱240 = ₱1,680: 83.33 %.
    assert_eq!(value("value_paid_to_producers"), "1400.00");
    assert_eq!(value("producer_share"), "83.33");
    assert_eq!(json["previous_period"]["label"], "2026-11");

    // The CSV has one row per figure of the JSON, with the same values.
    let res = get(&coord, format!("{q}&format=csv")).await.unwrap();
    assert!(res.headers()["content-type"]
        .to_str()
        .unwrap()
        .starts_with("text/csv"));
    let csv = res.text().await.unwrap();
    let mut rows = csv.lines();
    assert_eq!(
        rows.next(),
        Some("section,indicator,key,currency,unit,current,previous")
    );
    let from_csv: BTreeMap<String, (String, String)> = rows
        .map(|r| {
            let c: Vec<&str> = r.split(',').collect();
            assert_eq!(c.len(), 7, "{r}");
            (
                format!("{}|{}|{}|{}", c[0], c[1], c[2], c[3]),
                (c[5].to_string(), c[6].to_string()),
            )
        })
        .collect();
    let mut from_json = BTreeMap::new();
    for s in json["sections"].as_array().unwrap() {
        for v in s["values"].as_array().unwrap() {
            let text = |x: &Value| x.as_str().unwrap_or("").to_string();
            from_json.insert(
                format!(
                    "{}|{}|{}|{}",
                    text(&s["key"]),
                    text(&v["indicator"]),
                    text(&v["key"]),
                    text(&v["currency"])
                ),
                (text(&v["current"]), text(&v["previous"])),
            );
        }
    }
    assert!(from_json.len() > 30);
    assert_eq!(from_csv, from_json);

    // Bad input names the field; thresholds are never below five.
    let p = problem(
        get(&coord, format!("scope=cycle:{c}&period=soon&threshold=4"))
            .await
            .unwrap(),
        422,
    )
    .await;
    assert_eq!(fields(&p), ["period", "threshold"]);
    let p = problem(
        get(&coord, "scope=planet:earth&period=2026".into())
            .await
            .unwrap(),
        422,
    )
    .await;
    assert_eq!(fields(&p), ["scope"]);
    // Sign-in is required; a cycle's and an organization's reports are their members' only.
    problem(get("", q.clone()).await.unwrap(), 401).await;
    problem(get(&outsider, q.clone()).await.unwrap(), 403).await;
    problem(
        get(&outsider, format!("scope=organization:{hub}&period=2026"))
            .await
            .unwrap(),
        403,
    )
    .await;
    // A value chain across the installation is aggregated: anyone signed in may read it.
    let chain: Value = get(&outsider, "scope=value-chain:rice&period=2026".into())
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    assert_eq!(chain["scope"]["kind"], "value_chain");

    // The page: charts drawn as SVG, figures in a table, links to CSV and JSON.
    signed_in(&app, "steward@example.org", hub, &[Coordinator]).await;
    let page = app
        .text(&format!("/reports/tbl?scope=cycle:{c}&period=2026-12"))
        .await;
    assert!(page.contains("<svg class=\"chart\""), "{page}");
    assert!(page.contains("format=csv"));
    assert!(page.contains("83.33 %"));
    assert!(!page.contains("<script"));
    let bad = app.text("/reports/tbl?scope=cycle:nope&period=2026").await;
    assert!(bad.contains("role=\"alert\""), "{bad}");
}
