//! Every list the pages show, as CSV: behind its page's permission, escaped against formula
//! injection, readable back by a CSV reader.

use crate::pages::{cycle, signed_in};
use crate::support::{spawn_app, TestApp};
use bayanihan_domain::person::MembershipRole::*;

async fn get(app: &TestApp, path: &str) -> (u16, String, String) {
    let res = app.http.get(app.url(path)).send().await.unwrap();
    let status = res.status().as_u16();
    let ct = res
        .headers()
        .get("content-type")
        .and_then(|v| v.to_str().ok())
        .unwrap_or("")
        .to_string();
    (status, ct, res.text().await.unwrap())
}

/// The records of a CSV answer (its header first).
fn rows(text: &str) -> Vec<Vec<String>> {
    assert!(text.starts_with('\u{feff}'), "no byte-order mark");
    let mut r = csv::ReaderBuilder::new()
        .has_headers(false)
        .from_reader(text.trim_start_matches('\u{feff}').as_bytes());
    r.records()
        .map(|r| r.unwrap().iter().map(str::to_string).collect())
        .collect()
}

#[tokio::test]
async fn the_money_lists_download_for_the_organization_and_no_one_else() {
    let app = spawn_app().await;
    let hub = app.org("Hub", "consumer_cooperative").await;
    let farm = app.org("Farm", "producer_cooperative").await;
    let group = app.org("Group", "consumer_cooperative").await;
    let (c, offer) = cycle(&app, hub, farm, group, 10).await;
    app.store
        .place_line(
            c,
            &bayanihan_store::trade::NewLine {
                offer_id: offer,
                consumer_group_id: group,
                person_id: None,
                pickup_point_id: None,
                quantity: 2,
                tier: None,
            },
        )
        .await
        .unwrap();
    app.store.close_cycle(c).await.unwrap();
    // Anonymous: sent to the sign-in page (the client follows the redirect), no data.
    let (_, ct, body) = get(&app, &format!("/organizations/{group}/obligations.csv")).await;
    assert!(ct.starts_with("text/html"), "{ct}");
    assert!(!body.contains("Hub"));
    signed_in(&app, "treasurer@group.example", group, &[Member, Treasurer]).await;
    let (status, ct, body) = get(&app, &format!("/organizations/{group}/obligations.csv")).await;
    assert_eq!(status, 200);
    assert!(ct.starts_with("text/csv"));
    let r = rows(&body);
    assert_eq!(
        r[0][..6],
        [
            "obligation",
            "debtor",
            "creditor",
            "currency",
            "amount",
            "outstanding"
        ]
    );
    assert_eq!(r.len(), 2);
    assert_eq!(
        (r[1][1].as_str(), r[1][2].as_str(), r[1][3].as_str()),
        ("Group", "Hub", "PHP")
    );
    let owed: f64 = r[1][4].parse().unwrap();
    assert!(owed > 400.0, "{owed}");
    let (_, _, body) = get(&app, &format!("/organizations/{group}/ledger.csv")).await;
    let r = rows(&body);
    assert_eq!(
        r[0],
        ["transaction", "at", "memo", "account", "currency", "amount"]
    );
    // The group's posting of the close: what it owes, as its payable.
    assert_eq!(r.len(), 2, "{r:?}");
    assert_eq!((r[1][3].as_str(), r[1][4].as_str()), ("payable", "PHP"));
    assert_eq!(r[1][5].parse::<f64>().unwrap(), -owed);
    let (status, _, body) = get(&app, &format!("/organizations/{group}/payments.csv")).await;
    assert_eq!(status, 200);
    assert_eq!(rows(&body)[0][0], "payment");
    let (status, _, body) = get(&app, &format!("/organizations/{group}/members.csv")).await;
    assert_eq!(status, 200);
    assert_eq!(rows(&body)[1][2], "member;treasurer");
    // Another organization's money and people: refused, nothing in the answer.
    for list in ["obligations", "payments", "ledger", "members"] {
        let (status, _, body) = get(&app, &format!("/organizations/{farm}/{list}.csv")).await;
        assert_eq!(status, 403, "{list}");
        assert!(!body.contains("Group,"), "{list}");
    }
    // The cycle's lines: the hub's coordinators only.
    let (status, _, _) = get(&app, &format!("/cycles/{c}/lines.csv")).await;
    assert_eq!(status, 403);
    signed_in(&app, "coordinator@hub.example", hub, &[Coordinator]).await;
    let (status, _, body) = get(&app, &format!("/cycles/{c}/lines.csv")).await;
    assert_eq!(status, 200);
    let r = rows(&body);
    assert_eq!(r[1][1], "Group");
    assert_eq!(r[1][2], "Brown <rice>");
    assert_eq!((r[1][4].as_str(), r[1][5].as_str()), ("2", "2"));
    // Its invoices and statements, as the manage page lists them.
    let (status, _, body) = get(&app, &format!("/cycles/{c}/documents.csv")).await;
    assert_eq!(status, 200);
    let r = rows(&body);
    assert_eq!(
        r[0],
        [
            "number",
            "kind",
            "organization",
            "organization_id",
            "issued_on",
            "due_date",
            "currency",
            "total"
        ]
    );
    let invoice = r
        .iter()
        .find(|d| d[1] == "invoice")
        .expect("the group's invoice");
    assert!(invoice[0].starts_with("INV-"), "{invoice:?}");
    assert_eq!((invoice[2].as_str(), invoice[6].as_str()), ("Group", "PHP"));
    assert_eq!(invoice[7].parse::<f64>().unwrap(), owed);
    assert!(
        r.iter()
            .any(|d| d[1] == "producer_statement" && d[2] == "Farm"),
        "{r:?}"
    );
}

#[tokio::test]
async fn the_directory_and_products_download_for_anyone_with_formulas_defused() {
    let app = spawn_app().await;
    app.org("=HYPERLINK(\"http://evil.example\",\"x\")", "association")
        .await;
    app.org("Plain, Co-op", "worker_cooperative").await;
    let (status, _, body) = get(&app, "/organizations.csv").await;
    assert_eq!(status, 200);
    let r = rows(&body);
    assert_eq!(r[0], bayanihan_app::exports::DIRECTORY_COLUMNS);
    let names: Vec<&str> = r[1..].iter().map(|l| l[1].as_str()).collect();
    assert!(
        names.contains(&"'=HYPERLINK(\"http://evil.example\",\"x\")"),
        "{names:?}"
    );
    assert!(names.contains(&"Plain, Co-op"));
    assert!(
        !body.contains("\n=") && !body.contains(",="),
        "a cell starts a formula"
    );
    // Filters apply as on the page.
    let (_, _, body) = get(&app, "/organizations.csv?kind=worker_cooperative").await;
    assert_eq!(rows(&body).len(), 2);
    let (status, _, _) = get(&app, "/organizations.csv?kind=nonsense").await;
    assert_eq!(status, 422);
    let farm = app.org("Farm", "producer_cooperative").await;
    cycle(&app, farm, farm, farm, 1).await;
    let (status, _, body) = get(&app, &format!("/organizations/{farm}/products.csv")).await;
    assert_eq!(status, 200);
    let r = rows(&body);
    assert_eq!(r[1][..4], ["Brown <rice>", "rice", "bag of 5 kg", "5"]);
}
