//! A self-help group's book over HTTP: its admin sets the rules, its bookkeeper enters
//! meetings; bad input gets a 4xx naming the field with nothing written; the same meeting
//! entered twice is a 409; a member sees her own accounts and the group's aggregates only, an
//! outsider nothing; and the pages work without script.

use bayanihan_domain::person::MembershipRole::*;
use serde_json::{json, Value};

use crate::support::{fields, problem, spawn_app};

#[tokio::test]
async fn a_group_keeps_its_book_and_refusals_write_nothing() {
    let app = spawn_app().await;
    let shg = app.org("Ilaw", "self_help_group").await;
    let coop = app.org("Coop", "consumer_cooperative").await;
    let (_, admin) = app
        .person("admin@shg.example", &[(shg, &[Member, Admin])])
        .await;
    let (_, keeper) = app
        .person("keeper@shg.example", &[(shg, &[Member, Treasurer])])
        .await;
    let (ana_id, ana) = app.person("ana@shg.example", &[(shg, &[Member])]).await;
    let (ben_id, _) = app.person("ben@shg.example", &[(shg, &[Member])]).await;
    let (stranger_id, stranger) = app.person("x@coop.example", &[(coop, &[Admin])]).await;
    let book = format!("/api/v1/organizations/{shg}/book");
    // Only a self-help group keeps a book; only its admins set the rules.
    let rules = json!({"compulsory_saving": "100.00"});
    let res = app
        .send(
            Some(&stranger),
            "PUT",
            &format!("/api/v1/organizations/{coop}/book/rules"),
            Some(rules.clone()),
        )
        .await;
    let p = problem(res, 409).await;
    assert!(
        p["detail"]
            .as_str()
            .unwrap()
            .contains("only a self-help group"),
        "{p}"
    );
    let res = app
        .send(
            Some(&keeper),
            "PUT",
            &format!("{book}/rules"),
            Some(rules.clone()),
        )
        .await;
    assert_eq!(res.status(), 403);
    let res = app
        .send(
            Some(&admin),
            "PUT",
            &format!("{book}/rules"),
            Some(json!({"compulsory_saving": "1,00"})),
        )
        .await;
    assert_eq!(fields(&problem(res, 422).await), ["compulsory_saving"]);
    let res = app
        .send(Some(&admin), "PUT", &format!("{book}/rules"), Some(rules))
        .await;
    assert_eq!(res.status(), 204);
    // A meeting: everyone saves, Ana borrows ₱300 of the ₱400 in the box.
    let meeting = |on: &str| {
        json!({"held_on": on, "minutes": "First meeting.", "members": [
            {"person_id": ana_id, "present": true},
            {"person_id": ben_id, "present": true, "voluntary": "100.00"},
        ], "loans": [{"person_id": ana_id, "principal": "300.00", "annual_rate": "24", "instalments": 3}]})
    };
    let res = app
        .send(
            Some(&ana),
            "POST",
            &format!("{book}/meetings"),
            Some(meeting("2026-01-10")),
        )
        .await;
    assert_eq!(res.status(), 403, "a member does not keep the book");
    let before: Value = app
        .send(Some(&keeper), "GET", &book, None)
        .await
        .json()
        .await
        .unwrap();
    // Refused, naming the field, nothing written: a date to come, a stranger, a loan beyond
    // the cash, an amount with a thousands separator (the API takes plain digits).
    let tomorrow = (jiff::Timestamp::now() + jiff::SignedDuration::from_hours(48)).to_string()
        [..10]
        .to_string();
    for (body, field) in [
        (meeting(&tomorrow), "held_on"),
        (
            json!({"held_on": "2026-01-10", "members": [{"person_id": stranger_id, "present": true}]}),
            "members[0].person_id",
        ),
        (
            json!({"held_on": "2026-01-10", "members": [{"person_id": ana_id, "present": true}],
                   "loans": [{"person_id": ana_id, "principal": "5000", "annual_rate": "24", "instalments": 3}]}),
            "loans[0].principal",
        ),
        (
            json!({"held_on": "2026-01-10", "members": [{"person_id": ana_id, "present": true, "voluntary": "1,000.00"}]}),
            "members[0].voluntary",
        ),
    ] {
        let res = app
            .send(
                Some(&keeper),
                "POST",
                &format!("{book}/meetings"),
                Some(body),
            )
            .await;
        assert_eq!(fields(&problem(res, 422).await), [field]);
    }
    let after: Value = app
        .send(Some(&keeper), "GET", &book, None)
        .await
        .json()
        .await
        .unwrap();
    assert_eq!(before["totals"], after["totals"]);
    let res = app
        .send(
            Some(&keeper),
            "POST",
            &format!("{book}/meetings"),
            Some(meeting("2026-01-10")),
        )
        .await;
    assert_eq!(res.status(), 201);
    let recorded: Value = res.json().await.unwrap();
    assert_eq!(recorded["attendance"], 2);
    let res = app
        .send(
            Some(&keeper),
            "POST",
            &format!("{book}/meetings"),
            Some(meeting("2026-01-10")),
        )
        .await;
    problem(res, 409).await;
    let b: Value = app
        .send(
            Some(&keeper),
            "GET",
            &format!("{book}?as_at=2026-01-31"),
            None,
        )
        .await
        .json()
        .await
        .unwrap();
    assert_eq!(b["totals"]["savings"], 20_000);
    assert_eq!(b["totals"]["voluntary"], 10_000);
    assert_eq!(b["totals"]["corpus"], 30_000);
    assert_eq!(b["totals"]["cash"], 0);
    assert_eq!(b["members"].as_array().unwrap().len(), 4);
    // Ana sees her own accounts and the aggregates; a stranger nothing of the group.
    let mine: Value = app
        .send(Some(&ana), "GET", &book, None)
        .await
        .json()
        .await
        .unwrap();
    assert_eq!(mine["members"].as_array().unwrap().len(), 1);
    assert_eq!(mine["members"][0]["person_id"], ana_id.to_string());
    assert_eq!(mine["totals"]["corpus"], 30_000);
    let res = app.send(Some(&stranger), "GET", &book, None).await;
    assert_eq!(res.status(), 403);
    let m = format!("/api/v1/book-meetings/{}", recorded["id"].as_str().unwrap());
    let res = app.send(Some(&stranger), "GET", &m, None).await;
    assert_eq!(res.status(), 404);
    let seen: Value = app
        .send(Some(&ana), "GET", &m, None)
        .await
        .json()
        .await
        .unwrap();
    assert_eq!(seen["lines"].as_array().unwrap().len(), 1);
    let loans: Value = app
        .send(
            Some(&ana),
            "GET",
            &format!("{book}/members/{ana_id}/loans"),
            None,
        )
        .await
        .json()
        .await
        .unwrap();
    assert_eq!(loans[0]["principal"], 30_000);
    assert_eq!(loans[0]["schedule"].as_array().unwrap().len(), 3);
    let res = app
        .send(
            Some(&ana),
            "GET",
            &format!("{book}/members/{ben_id}/loans"),
            None,
        )
        .await;
    assert_eq!(res.status(), 403);
    // The linkage file: the group's members read it; a bank officer only once an admin
    // shared it with him; he never reaches the book itself.
    let linkage = format!("/api/v1/organizations/{shg}/linkage");
    let f: Value = app
        .send(Some(&ana), "GET", &linkage, None)
        .await
        .json()
        .await
        .unwrap();
    assert_eq!(f["assessment"]["scores"].as_array().unwrap().len(), 5);
    assert!(f["caution"]
        .as_str()
        .unwrap()
        .contains("check every figure"));
    let (_, officer) = app.person("officer@bank.example", &[]).await;
    assert_eq!(
        app.send(Some(&officer), "GET", &linkage, None)
            .await
            .status(),
        403
    );
    let share = format!("{linkage}/shares");
    let res = app
        .send(
            Some(&keeper),
            "POST",
            &share,
            Some(json!({"email": "officer@bank.example"})),
        )
        .await;
    assert_eq!(res.status(), 403, "sharing is the admins'");
    let res = app
        .send(
            Some(&admin),
            "POST",
            &share,
            Some(json!({"email": "nobody@bank.example"})),
        )
        .await;
    assert_eq!(fields(&problem(res, 422).await), ["email"]);
    let res = app
        .send(
            Some(&admin),
            "POST",
            &share,
            Some(json!({"email": "officer@bank.example"})),
        )
        .await;
    assert_eq!(res.status(), 204);
    let res = app
        .send(
            Some(&officer),
            "GET",
            &format!("/api/v1/organizations/{shg}/linkage.csv"),
            None,
        )
        .await;
    assert_eq!(res.status(), 200);
    let csv = res.text().await.unwrap();
    assert!(
        csv.contains("meetings_held") && csv.contains("corpus"),
        "{csv}"
    );
    assert_eq!(
        app.send(Some(&officer), "GET", &book, None).await.status(),
        403
    );
    // Withdrawing more than Ben's voluntary savings: refused.
    let res = app
        .send(
            Some(&keeper),
            "POST",
            &format!("{book}/meetings"),
            Some(json!({"held_on": "2026-02-10",
            "members": [{"person_id": ben_id, "present": true, "withdrawal": "150.00"}]})),
        )
        .await;
    assert_eq!(fields(&problem(res, 422).await), ["members[0].withdrawal"]);
}

#[tokio::test]
async fn the_pages_keep_the_book_without_script() {
    let app = spawn_app().await;
    let shg = app.org("Ilaw", "self_help_group").await;
    let (_, admin) = app
        .person("admin@shg.example", &[(shg, &[Member, Admin])])
        .await;
    let res = app
        .send(
            Some(&admin),
            "PUT",
            &format!("/api/v1/organizations/{shg}/book/rules"),
            Some(json!({"compulsory_saving": "100.00"})),
        )
        .await;
    assert_eq!(res.status(), 204);
    let (http, csrf) =
        crate::page_posts::browser(&app, "rosa@shg.example", &[(shg, &[Member, Coordinator])])
            .await;
    let rosa = app
        .store
        .person_id_by_email(&bayanihan_domain::Email::parse("rosa@shg.example").unwrap())
        .await
        .unwrap()
        .unwrap();
    let form = http
        .get(app.url(&format!("/organizations/{shg}/book/meeting")))
        .send()
        .await
        .unwrap();
    assert_eq!(form.status(), 200);
    let html = form.text().await.unwrap();
    assert!(html.contains(&format!("present_{rosa}")));
    let once = html
        .split("name=\"once\" value=\"")
        .nth(1)
        .unwrap()
        .split('"')
        .next()
        .unwrap()
        .to_string();
    // A withdrawal beyond her savings: the form comes back with her figures and the reason.
    let post = |fields: Vec<(String, String)>| {
        let http = http.clone();
        let url = app.url(&format!("/organizations/{shg}/book/meeting"));
        async move { http.post(url).form(&fields).send().await.unwrap() }
    };
    let base = |once: &str| {
        vec![
            ("csrf".to_string(), csrf.clone()),
            ("once".into(), once.into()),
            ("held_on".into(), "2026-01-10".into()),
            (format!("member_{rosa}"), "1".into()),
            (format!("present_{rosa}"), "1".into()),
            ("confirm".into(), "1".into()),
        ]
    };
    let mut bad = base("first-try-token-000000000000");
    bad.push((format!("withdrawal_{rosa}"), "999".into()));
    let res = post(bad).await;
    assert_eq!(res.status(), 422);
    let text = res.text().await.unwrap();
    assert!(text.contains("value=\"999\""), "the figures are kept");
    let res = post(base(&once)).await;
    assert_eq!(res.status(), 303, "recorded, then shown");
    let page = http
        .get(app.url(&format!("/organizations/{shg}/book")))
        .send()
        .await
        .unwrap()
        .text()
        .await
        .unwrap();
    assert!(page.contains("₱100.00"), "her saving is in the book");
}

#[tokio::test]
async fn a_federation_reads_its_groups_portfolio_per_currency() {
    let app = spawn_app().await;
    let federation = app.org("Cluster federation", "network").await;
    let a = app.org("Group A", "self_help_group").await;
    let b = app.org("Group B", "self_help_group").await;
    let outside = app.org("Group C", "self_help_group").await;
    for g in [a, b] {
        app.store
            .add_network_member(federation, g, "2025-01-01".parse().unwrap())
            .await
            .unwrap();
    }
    let (_, steward) = app
        .person("steward@fed.example", &[(federation, &[Admin])])
        .await;
    let (_, member) = app.person("m@a.example", &[(a, &[Member])]).await;
    for g in [a, b, outside] {
        let (_, admin) = app
            .person(&format!("admin-{g}@shg.example"), &[(g, &[Member, Admin])])
            .await;
        let res = app
            .send(
                Some(&admin),
                "PUT",
                &format!("/api/v1/organizations/{g}/book/rules"),
                Some(json!({"compulsory_saving": "100.00"})),
            )
            .await;
        assert_eq!(res.status(), 204);
    }
    let url = format!("/api/v1/networks/{federation}/book-portfolio?as_at=2026-06-30");
    let p: Value = app
        .send(Some(&steward), "GET", &url, None)
        .await
        .json()
        .await
        .unwrap();
    let names: Vec<&str> = p["groups"]
        .as_array()
        .unwrap()
        .iter()
        .map(|g| g["name"].as_str().unwrap())
        .collect();
    assert_eq!(
        names,
        ["Group A", "Group B"],
        "only the federation's own groups"
    );
    assert_eq!(
        p["totals"].as_array().unwrap().len(),
        1,
        "one currency, one total"
    );
    assert_eq!(
        app.send(Some(&member), "GET", &url, None).await.status(),
        403
    );
    let res = app
        .send(
            Some(&steward),
            "GET",
            &format!("/api/v1/networks/{federation}/book-portfolio?as_at=June"),
            None,
        )
        .await;
    assert_eq!(fields(&problem(res, 422).await), ["as_at"]);
}
