//! Seasons over HTTP: a hub publishes one, members sign up and pledge, bad input gets a 422
//! naming the field with nothing written, a pledge is seen by its member alone, another
//! organization's ids get nowhere, a season's offer takes no orders — and the pages work
//! without script.

use bayanihan_domain::person::MembershipRole::*;
use serde_json::{json, Value};

use crate::support::{fields, problem, spawn_app};

#[tokio::test]
async fn a_season_from_publication_to_a_private_pledge() {
    let app = spawn_app().await;
    let farm = app.org("Farm", "producer_cooperative").await;
    let group = app.org("Group", "consumer_cooperative").await;
    let other = app.org("Other", "consumer_cooperative").await;
    let (_, farmer) = app
        .person("farmer@people.example", &[(farm, &[Admin])])
        .await;
    let (ana_id, ana) = app
        .person("ana@people.example", &[(group, &[Member])])
        .await;
    let (_, ben) = app
        .person("ben@people.example", &[(group, &[Member])])
        .await;
    let (_, treasurer) = app
        .person("t@people.example", &[(group, &[Member, Treasurer])])
        .await;
    let (_, stranger) = app.person("x@people.example", &[(other, &[Admin])]).await;
    let (_, coordinator) = app
        .person("c@people.example", &[(group, &[Member, Coordinator])])
        .await;
    let product: Value = app
        .send(
            Some(&farmer),
            "POST",
            &format!("/api/v1/organizations/{farm}/products"),
            Some(json!({"name": "Rice", "category": "rice", "unit": "kg", "unit_mass_kg": 1})),
        )
        .await
        .json()
        .await
        .unwrap();
    let now = jiff::Timestamp::now();
    let time = |d: i64| {
        now.checked_add(jiff::SignedDuration::from_hours(24 * d))
            .unwrap()
            .to_string()
    };
    let day = |d: i64| time(d)[..10].to_string();
    let mut body = json!({
        "hub_id": farm, "producer_id": farm, "name": "Wet season",
        "starts_on": day(-5), "ends_on": day(120), "first_delivery": day(30), "every_days": 14,
        "signup_opens_at": time(-1), "signup_closes_at": time(10),
        "budget": "3000", "absence_rule": "credit", "shortfall_rule": "reserve", "reserve": "500",
        "instalments": [{"due_on": day(10), "percent": 60}, {"due_on": day(40), "percent": 40}],
        "share_kinds": [{"name": "Family", "product_id": product["id"], "units_per_delivery": 5, "unit_price": "50"}],
        "pickup_points": [{"name": "Hall", "organization_id": group, "capacity": 1}],
        "consumer_groups": [group]
    });
    // Bad input: every field named, nothing written.
    let mut bad = body.clone();
    bad["budget"] = json!("-1");
    bad["instalments"][0]["percent"] = json!(50);
    bad["pickup_points"][0]["capacity"] = json!(0);
    let p = problem(
        app.send(Some(&farmer), "POST", "/api/v1/seasons", Some(bad))
            .await,
        422,
    )
    .await;
    let f = fields(&p);
    for want in ["budget", "instalments", "pickup_points[0].capacity"] {
        assert!(f.contains(&want.to_string()), "{want} in {f:?}");
    }
    // Someone else's farm cannot be committed to a season.
    problem(
        app.send(
            Some(&stranger),
            "POST",
            "/api/v1/seasons",
            Some(body.clone()),
        )
        .await,
        403,
    )
    .await;
    body["name"] = json!("Wet season");
    let res = app
        .send(Some(&farmer), "POST", "/api/v1/seasons", Some(body))
        .await;
    assert_eq!(res.status(), 201);
    let season: Value = res.json().await.unwrap();
    let id = season["id"].as_str().unwrap().to_string();
    let kind = season["share_kinds"][0]["id"].clone();
    let pickup = season["pickup_points"][0]["id"].clone();
    assert_eq!(season["deliveries"].as_array().unwrap().len(), 7);

    // Ana takes the only place; Ben is refused unless he waits; a stranger's group is no way in.
    let sign = |waitlist: bool| json!({"consumer_group_id": group, "share_kind_id": kind, "pickup_id": pickup, "waitlist": waitlist});
    let shares = format!("/api/v1/seasons/{id}/shares");
    let a: Value = app
        .send(Some(&ana), "POST", &shares, Some(sign(false)))
        .await
        .json()
        .await
        .unwrap();
    assert_eq!(a["status"], "active");
    let p = problem(
        app.send(Some(&ben), "POST", &shares, Some(sign(false)))
            .await,
        422,
    )
    .await;
    assert_eq!(fields(&p), ["pickup_id"]);
    let b: Value = app
        .send(Some(&ben), "POST", &shares, Some(sign(true)))
        .await
        .json()
        .await
        .unwrap();
    assert_eq!(
        (b["status"].as_str(), b["waiting_position"].as_i64()),
        (Some("waiting"), Some(1))
    );
    problem(
        app.send(Some(&stranger), "POST", &shares, Some(sign(false)))
            .await,
        403,
    )
    .await;

    // Ana pledges; a pledge of letters is refused naming the field.
    let pledge = format!("/api/v1/shares/{}/pledge", a["id"].as_str().unwrap());
    let p = problem(
        app.send(Some(&ana), "POST", &pledge, Some(json!({"pledge": "lots"})))
            .await,
        422,
    )
    .await;
    assert_eq!(fields(&p), ["pledge"]);
    let res = app
        .send(
            Some(&ana),
            "POST",
            &pledge,
            Some(json!({"pledge": "2500.00"})),
        )
        .await;
    assert_eq!(res.status(), 200);
    // Ben cannot pledge for Ana; the stranger cannot see the season.
    problem(
        app.send(Some(&ben), "POST", &pledge, Some(json!({"pledge": "1.00"})))
            .await,
        403,
    )
    .await;
    problem(
        app.send(
            Some(&stranger),
            "GET",
            &format!("/api/v1/seasons/{id}"),
            None,
        )
        .await,
        403,
    )
    .await;
    // Ana sees her pledge; Ben sees only the aggregate; the farm too.
    let seen = |token: String| {
        let app = &app;
        let id = id.clone();
        async move {
            let v: Value = app
                .send(Some(&token), "GET", &format!("/api/v1/seasons/{id}"), None)
                .await
                .json()
                .await
                .unwrap();
            v
        }
    };
    let by_ana = seen(ana.clone()).await;
    assert_eq!(by_ana["my_shares"][0]["pledge"]["minor"], 250_000);
    // One pledge in: its sum would be hers, so it is withheld from everyone.
    assert!(by_ana["progress"]["pledged"].is_null());
    assert_eq!(by_ana["progress"]["pledges"], 1);
    for token in [ben.clone(), farmer.clone()] {
        let v = seen(token).await;
        assert!(
            !v.to_string().contains("\"pledge\":{"),
            "a pledge leaked: {v}"
        );
        assert_eq!(v["progress"]["pledges"], 1);
    }
    let st: Value = app
        .send(
            Some(&farmer),
            "GET",
            &format!("/api/v1/seasons/{id}/statement"),
            None,
        )
        .await
        .json()
        .await
        .unwrap();
    assert!(
        st["shares"].as_array().unwrap().is_empty(),
        "no member's row for the farm"
    );
    assert_eq!(st["groups"][0]["due"]["minor"], 250_000);

    // The treasurer pays 60 %; more than is left is refused naming the amount.
    let adv = format!("/api/v1/seasons/{id}/advances");
    let res = app
        .send(
            Some(&treasurer),
            "POST",
            &adv,
            Some(json!({"consumer_group_id": group, "amount": "1500.00", "method": "cash"})),
        )
        .await;
    assert_eq!(res.status(), 201);
    let p = problem(
        app.send(
            Some(&treasurer),
            "POST",
            &adv,
            Some(json!({"consumer_group_id": group, "amount": "1000.01", "method": "cash"})),
        )
        .await,
        422,
    )
    .await;
    assert_eq!(fields(&p), ["amount"]);
    problem(
        app.send(
            Some(&ana),
            "POST",
            &adv,
            Some(json!({"consumer_group_id": group, "amount": "1.00", "method": "cash"})),
        )
        .await,
        403,
    )
    .await;
    // The group's coordinator acts on Ana's share (an absence) but is not shown her pledge.
    let by_coordinator: Value = app
        .send(
            Some(&coordinator),
            "POST",
            &format!("/api/v1/shares/{}/absences", a["id"].as_str().unwrap()),
            Some(json!({"delivery": 2})),
        )
        .await
        .json()
        .await
        .unwrap();
    assert_eq!(by_coordinator["absences"], json!([2]));
    assert!(by_coordinator["pledge"].is_null(), "{by_coordinator}");
    // An absence from a delivery that does not exist: 422, naming it.
    let p = problem(
        app.send(
            Some(&ana),
            "POST",
            &format!("/api/v1/shares/{}/absences", a["id"].as_str().unwrap()),
            Some(json!({"delivery": 99})),
        )
        .await,
        422,
    )
    .await;
    assert_eq!(fields(&p), ["delivery"]);
    // Lines are made once absences close, not before.
    let p = problem(
        app.send(
            Some(&farmer),
            "POST",
            &format!("/api/v1/seasons/{id}/deliveries"),
            Some(json!({"delivery": 0})),
        )
        .await,
        422,
    )
    .await;
    assert_eq!(fields(&p), ["delivery"]);

    // The season page works without script: Ana's share, her pledge, the progress bar.
    let (browser, _) =
        crate::page_posts::browser(&app, "ana2@people.example", &[(group, &[Member])]).await;
    let html = browser
        .get(app.url(&format!("/seasons/{id}")))
        .send()
        .await
        .unwrap()
        .text()
        .await
        .unwrap();
    // One pledge: no sum, no bar — the counts only.
    assert!(html.contains("withheld until 3 pledges"), "{html}");
    assert!(!html.contains("<progress"), "{html}");
    assert!(
        html.contains("action=\"/seasons/"),
        "a sign-up form for a member without a share"
    );
    assert!(
        !html.contains("2,500.00"),
        "someone else's pledge on the page"
    );
    let _ = ana_id;
}

#[tokio::test]
async fn a_seasons_offer_takes_no_orders() {
    let app = spawn_app().await;
    let farm = app.org("Farm", "producer_cooperative").await;
    let group = app.org("Group", "consumer_cooperative").await;
    let (member, token) = app.person("m@people.example", &[(group, &[Member])]).await;
    let (cycle, offer) = crate::pages::cycle(&app, farm, farm, group, 10).await;
    let product = app.store.offer(offer).await.unwrap().product.id;
    let s =
        crate::matrix::season_from_now(&app, farm, farm, product, group, (-30, -20, 0, 40)).await;
    let _ = cycle;
    let season_cycle = app
        .store
        .make_delivery(s.id, 0, bayanihan_store::now_micros())
        .await
        .unwrap();
    let season_offer = app.store.offers(season_cycle).await.unwrap()[0].id;
    let p = problem(
        app.send(
            Some(&token),
            "POST",
            &format!("/api/v1/cycles/{season_cycle}/lines"),
            Some(json!({"offer_id": season_offer, "consumer_group_id": group, "person_id": member, "quantity": 1})),
        )
        .await,
        422,
    )
    .await;
    assert_eq!(fields(&p), ["offer_id"]);
    // It says so, and no sale list carries it: not the DFC sale session, not the shop.
    let offers: Value = app
        .send(
            None,
            "GET",
            &format!("/api/v1/cycles/{season_cycle}/offers"),
            None,
        )
        .await
        .json()
        .await
        .unwrap();
    assert_eq!(offers[0]["prepaid"], true, "{offers}");
    let doc: Value = app
        .send(
            None,
            "GET",
            &format!("/api/v1/dfc/sale-sessions/{season_cycle}"),
            None,
        )
        .await
        .json()
        .await
        .unwrap();
    let nodes = bayanihan_domain::interop::dfc::read(&doc).unwrap();
    assert!(nodes
        .iter()
        .any(|n| n.is("SaleSession") && n.all("lists").is_empty()));
    let shop = app
        .send(
            Some(&token),
            "GET",
            &format!("/cycles/{season_cycle}"),
            None,
        )
        .await
        .text()
        .await
        .unwrap();
    assert!(!shop.contains(&season_offer.to_string()), "{shop}");
}
