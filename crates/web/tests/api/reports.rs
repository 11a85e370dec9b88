//! Impact reports over HTTP: JSON and CSV say the same, bad input is named, private scopes are
//! refused to outsiders, and the page draws its charts without script.

use std::collections::BTreeMap;

use bayanihan_domain::person::MembershipRole::*;
use bayanihan_store::trade::NewLine;
use serde_json::{json, Value};

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
    let (_, farm_admin) = app.person("farm@example.org", &[(farm, &[Admin])]).await;
    let (c, offer) = cycle(&app, hub, farm, group, 50).await;
    let post = |token: &str, path: String, body: Value| {
        app.http
            .post(app.url(&path))
            .bearer_auth(token)
            .json(&body)
            .send()
    };
    // The market price of a bag is ₱160: entered by the producer before the close.
    let product = app.store.offer(offer).await.unwrap().product.id;
    let prices = format!("/api/v1/products/{product}/reference-prices");
    let good = json!({"price": "160.00", "currency": "PHP", "valid_from": "2026-12-01",
                      "valid_to": "2026-12-31", "source": "Municipal market survey"});
    problem(
        post(&outsider, prices.clone(), good.clone()).await.unwrap(),
        403,
    )
    .await;
    let p = problem(
        post(
            &farm_admin,
            prices.clone(),
            json!({"price": "-1", "currency": "PHP", "valid_from": "2026-12-31",
                                                 "valid_to": "2026-12-01"}),
        )
        .await
        .unwrap(),
        422,
    )
    .await;
    assert_eq!(fields(&p), ["price", "valid_to", "source"]);
    assert_eq!(post(&farm_admin, prices, good).await.unwrap().status(), 201);
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
    // Packaging comes back only after delivery.
    let returns = format!("/api/v1/offers/{offer}/packaging-returns");
    problem(
        post(&coord, returns.clone(), json!({"units": 2}))
            .await
            .unwrap(),
        409,
    )
    .await;
    app.store.close_cycle(c).await.unwrap();
    problem(
        post(&coord, returns.clone(), json!({"units": 0}))
            .await
            .unwrap(),
        422,
    )
    .await;
    problem(
        post(&outsider, returns.clone(), json!({"units": 2}))
            .await
            .unwrap(),
        403,
    )
    .await;
    assert_eq!(
        post(&coord, returns, json!({"units": 2}))
            .await
            .unwrap()
            .status(),
        204
    );
    // Jobs: 3.5 FTE of women at the farm this December.
    let jobs = format!("/api/v1/organizations/{farm}/jobs");
    let p = problem(
        post(
            &farm_admin,
            jobs.clone(),
            json!({"fte": "3.555", "gender": "woman"}),
        )
        .await
        .unwrap(),
        422,
    )
    .await;
    assert_eq!(fields(&p), ["fte", "valid_from", "valid_to"]);
    problem(
        post(&coord, jobs.clone(), json!({"fte": "1"}))
            .await
            .unwrap(),
        403,
    )
    .await;
    let res = post(&farm_admin, jobs, json!({"fte": "3.5", "gender": "woman", "valid_from": "2026-12-01", "valid_to": "2026-12-31"}))
        .await
        .unwrap();
    assert_eq!(res.status(), 201);
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
    // (1,400 − 7 × 160) ÷ 1,120 = 25 % over the market.
    assert_eq!(value("price_premium"), "25.00");
    let farm_report: Value = get(
        &farm_admin,
        "scope=organization:".to_string() + &farm.to_string() + "&period=2026-12",
    )
    .await
    .unwrap()
    .json()
    .await
    .unwrap();
    let jobs = farm_report["sections"][0]["values"]
        .as_array()
        .unwrap()
        .iter()
        .find(|v| v["indicator"] == "jobs_fte" && v["key"] == "woman")
        .unwrap()["current"]
        .clone();
    assert_eq!(jobs, "3.50");
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

    // The coordinator records packaging brought back from the cycle's page.
    let manage = app.text(&format!("/cycles/{c}/manage")).await;
    assert!(manage.contains(&format!("/reports/tbl?scope=cycle:{c}")));
    let csrf = manage
        .split("name=\"csrf\" value=\"")
        .nth(1)
        .and_then(|r| r.split('"').next())
        .unwrap()
        .to_string();
    let res = app
        .http
        .post(app.url(&format!("/cycles/{c}/returns")))
        .form(&[
            ("csrf", csrf.as_str()),
            ("offer", &offer.to_string()),
            ("units", "3"),
        ])
        .send()
        .await
        .unwrap();
    assert!(res.url().as_str().ends_with("returned=1"), "{}", res.url());
    assert!(res.text().await.unwrap().contains("role=\"status\""));
    let res = app
        .http
        .post(app.url(&format!("/cycles/{c}/returns")))
        .form(&[
            ("csrf", csrf.as_str()),
            ("offer", &offer.to_string()),
            ("units", "none"),
        ])
        .send()
        .await
        .unwrap();
    assert_eq!(res.status(), 422);
    let after: Value = get(&coord, q.clone()).await.unwrap().json().await.unwrap();
    let returned = after["sections"][0]["values"]
        .as_array()
        .unwrap()
        .iter()
        .find(|v| v["indicator"] == "packaging_returned")
        .unwrap()["current"]
        .clone();
    // 2 + 3 returned, no single-use packaging: 100 %.
    assert_eq!(returned, "100.00");
}

#[tokio::test]
async fn a_bad_report_period_says_what_is_read_and_scopes_are_listed_once() {
    let app = crate::support::spawn_app().await;
    let network = app.org("Sinag Network", "network").await;
    crate::pages::signed_in(
        &app,
        "steward@example.org",
        network,
        &[bayanihan_domain::person::MembershipRole::Admin],
    )
    .await;
    let page = app.text("/reports/tbl").await;
    assert_eq!(
        page.matches("Sinag Network</option>").count(),
        1,
        "the network once, not again as an organization"
    );
    let res = app
        .http
        .get(app.url(&format!(
            "/reports/tbl?scope=network:{network}&period=2026-13"
        )))
        .send()
        .await
        .unwrap();
    assert_eq!(res.status(), 422);
    assert!(res
        .text()
        .await
        .unwrap()
        .contains("The period cannot be read. Write a year (2026)"));
}
