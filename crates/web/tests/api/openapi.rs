//! The OpenAPI document lists every route, every listed route exists, and the operational
//! basics (health, request ids, security headers) are in place.

use std::collections::BTreeSet;

use serde_json::Value;

use crate::support::spawn_app;

const ROUTES: &[(&str, &str)] = &[
    ("get", "/healthz"),
    ("get", "/api/v1/openapi.json"),
    ("post", "/api/v1/auth/login"),
    ("post", "/api/v1/auth/logout"),
    ("get", "/api/v1/me"),
    ("get", "/api/v1/tokens"),
    ("post", "/api/v1/tokens"),
    ("delete", "/api/v1/tokens/{id}"),
    ("get", "/api/v1/organizations"),
    ("post", "/api/v1/organizations"),
    ("get", "/api/v1/organizations/{id}"),
    ("patch", "/api/v1/organizations/{id}"),
    ("get", "/api/v1/organizations/{id}/members"),
    ("post", "/api/v1/organizations/{id}/members"),
    ("patch", "/api/v1/organizations/{id}/members/{person_id}"),
    ("delete", "/api/v1/organizations/{id}/members/{person_id}"),
    ("get", "/api/v1/organizations/{id}/networks"),
    ("post", "/api/v1/organizations/{id}/networks"),
    ("post", "/api/v1/networks/{id}/members"),
    ("patch", "/api/v1/networks/{id}/members/{member_id}"),
    ("get", "/api/v1/people/{id}"),
    ("put", "/api/v1/people/{id}/demographics"),
    ("delete", "/api/v1/people/{id}/demographics"),
    ("get", "/api/v1/vocabularies"),
    ("get", "/api/v1/organizations/{id}/products"),
    ("post", "/api/v1/organizations/{id}/products"),
    ("get", "/api/v1/cycles"),
    ("post", "/api/v1/cycles"),
    ("get", "/api/v1/cycles/{id}"),
    ("post", "/api/v1/cycles/{id}/clone"),
    ("patch", "/api/v1/cycles/{id}"),
    ("post", "/api/v1/cycles/{id}/close"),
    ("get", "/api/v1/cycles/{id}/offers"),
    ("post", "/api/v1/cycles/{id}/offers"),
    ("delete", "/api/v1/offers/{id}"),
    ("get", "/api/v1/cycles/{id}/lines"),
    ("post", "/api/v1/cycles/{id}/lines"),
    ("patch", "/api/v1/lines/{id}"),
    ("delete", "/api/v1/lines/{id}"),
    ("get", "/api/v1/cycles/{id}/documents"),
    ("get", "/api/v1/cycles/{id}/invoices/{group_id}"),
    ("get", "/api/v1/cycles/{id}/statements/{org_id}"),
    ("get", "/api/v1/cycles/{id}/packing"),
    ("get", "/api/v1/cycles/{id}/supplier-totals"),
    ("get", "/api/v1/organizations/{id}/obligations"),
    ("get", "/api/v1/organizations/{id}/balances"),
    ("post", "/api/v1/obligations/{id}/payments"),
    ("get", "/api/v1/obligations/{id}/payments"),
    ("post", "/api/v1/payments/{id}/reverse"),
    ("get", "/api/v1/organizations/{id}/ledger/checkpoint"),
    ("get", "/api/v1/organizations/{id}/audit"),
    ("get", "/api/v1/me/data"),
    ("post", "/api/v1/people/{id}/erase"),
    ("get", "/api/v1/products/{id}"),
    ("put", "/api/v1/offers/{id}"),
    ("put", "/api/v1/products/{id}"),
    ("get", "/api/v1/products/{id}/photo"),
    ("put", "/api/v1/products/{id}/photo"),
    ("delete", "/api/v1/products/{id}/photo"),
    ("get", "/api/v1/networks/{id}/obligations.csv"),
    ("get", "/api/v1/reports/tbl"),
    ("post", "/api/v1/products/{id}/reference-prices"),
    ("post", "/api/v1/organizations/{id}/jobs"),
    ("post", "/api/v1/offers/{id}/packaging-returns"),
    ("post", "/api/v1/organizations/{id}/bodies"),
    ("get", "/api/v1/organizations/{id}/bodies"),
    ("get", "/api/v1/bodies/{id}"),
    (
        "put",
        "/api/v1/networks/{id}/members/{member_id}/stakeholder",
    ),
    ("post", "/api/v1/decisions"),
    ("get", "/api/v1/organizations/{id}/decisions"),
    ("get", "/api/v1/decisions/{id}"),
    ("get", "/api/v1/decisions/{id}/ballots"),
    ("post", "/api/v1/decisions/{id}/ballots"),
    ("post", "/api/v1/decisions/{id}/proxies"),
    ("get", "/api/v1/me/decisions"),
    ("post", "/api/v1/seasons"),
    ("get", "/api/v1/seasons/{id}"),
    ("get", "/api/v1/organizations/{id}/seasons"),
    ("get", "/api/v1/me/shares"),
    ("post", "/api/v1/seasons/{id}/shares"),
    ("post", "/api/v1/shares/{id}/pledge"),
    ("post", "/api/v1/shares/{id}/absences"),
    ("post", "/api/v1/shares/{id}/cancel"),
    ("post", "/api/v1/seasons/{id}/advances"),
    ("post", "/api/v1/seasons/{id}/deliveries"),
    ("put", "/api/v1/seasons/{id}/harvest"),
    ("post", "/api/v1/seasons/{id}/settle"),
    ("get", "/api/v1/seasons/{id}/statement"),
    ("get", "/api/v1/organizations/{id}/wallets"),
    ("post", "/api/v1/organizations/{id}/wallets"),
    ("get", "/api/v1/organizations/{id}/wallets/{person_id}"),
    ("put", "/api/v1/organizations/{id}/wallet-credit-limit"),
    ("put", "/api/v1/organizations/{id}/book/rules"),
    ("get", "/api/v1/organizations/{id}/book"),
    ("post", "/api/v1/organizations/{id}/book/meetings"),
    ("get", "/api/v1/book-meetings/{id}"),
    (
        "get",
        "/api/v1/organizations/{id}/book/members/{person_id}/loans",
    ),
    ("post", "/api/v1/organizations/{id}/book/grants"),
    ("get", "/api/v1/organizations/{id}/linkage"),
    ("get", "/api/v1/organizations/{id}/linkage.csv"),
    ("post", "/api/v1/organizations/{id}/linkage/shares"),
    ("get", "/api/v1/networks/{id}/book-portfolio"),
    ("post", "/api/v1/organizations/{id}/book/borrowings"),
    ("get", "/api/v1/organizations/{id}/book/borrowings"),
    ("get", "/api/v1/book-borrowings/{id}"),
    (
        "post",
        "/api/v1/organizations/{id}/book/borrowings/{borrowing_id}/repayments",
    ),
    ("get", "/api/v1/organizations/{id}/lending"),
    (
        "post",
        "/api/v1/organizations/{id}/book/loans/{loan_id}/reschedule",
    ),
    ("post", "/api/v1/organizations/{id}/investment-offers"),
    ("get", "/api/v1/organizations/{id}/investment-offers"),
    ("get", "/api/v1/investment-offers/{id}"),
    ("post", "/api/v1/investment-offers/{id}/close"),
    ("post", "/api/v1/investment-offers/{id}/commitments"),
    ("get", "/api/v1/investment-commitments/{id}"),
    ("post", "/api/v1/investment-commitments/{id}/receipt"),
    ("post", "/api/v1/investment-commitments/{id}/repayments"),
    ("get", "/api/v1/me/investments"),
    (
        "post",
        "/api/v1/organizations/{id}/book/loans/{loan_id}/write-off",
    ),
    ("get", "/api/v1/networks/{id}/clearing-rounds"),
    ("post", "/api/v1/networks/{id}/clearing-rounds"),
    ("get", "/api/v1/clearing-rounds/{id}"),
    ("post", "/api/v1/clearing-rounds/{id}/apply"),
    ("post", "/api/v1/clearing-rounds/{id}/discard"),
    ("get", "/api/v1/organizations/{id}/publication"),
    ("put", "/api/v1/organizations/{id}/publication"),
    ("delete", "/api/v1/organizations/{id}/publication"),
    ("put", "/api/v1/networks/{id}/members/{member_id}/listing"),
    (
        "delete",
        "/api/v1/networks/{id}/members/{member_id}/listing",
    ),
    ("get", "/api/v1/map"),
    ("get", "/api/v1/organizations/{id}/murmurations"),
    ("get", "/api/v1/murmurations/nodes"),
    ("get", "/api/v1/organizations/{id}/essglobal"),
    ("get", "/api/v1/essglobal"),
    ("get", "/api/v1/dfc/enterprises/{id}"),
    ("get", "/api/v1/dfc/sale-sessions/{id}"),
    ("post", "/api/v1/dfc/enterprises/{id}/catalog-import"),
];

#[tokio::test]
async fn the_document_lists_exactly_the_routes_and_each_is_served() {
    let app = spawn_app().await;
    let doc: Value = app
        .http
        .get(app.url("/api/v1/openapi.json"))
        .send()
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    assert!(doc["openapi"].as_str().unwrap().starts_with("3."));
    let mut documented = BTreeSet::new();
    for (path, item) in doc["paths"].as_object().unwrap() {
        for method in item.as_object().unwrap().keys() {
            if ["get", "post", "put", "patch", "delete"].contains(&method.as_str()) {
                documented.insert((method.clone(), path.clone()));
            }
        }
    }
    let expected: BTreeSet<_> = ROUTES
        .iter()
        .map(|(m, p)| (m.to_string(), p.to_string()))
        .collect();
    assert_eq!(documented, expected);
    for (method, path) in &documented {
        let concrete = path
            .replace("{id}", &uuid::Uuid::new_v4().to_string())
            .replace("{person_id}", &uuid::Uuid::new_v4().to_string())
            .replace("{member_id}", &uuid::Uuid::new_v4().to_string())
            .replace("{group_id}", &uuid::Uuid::new_v4().to_string())
            .replace("{org_id}", &uuid::Uuid::new_v4().to_string());
        let req = app
            .http
            .request(method.to_uppercase().parse().unwrap(), app.url(&concrete));
        let res = req.send().await.unwrap();
        assert_ne!(
            res.status(),
            405,
            "{method} {path} is documented but not routed"
        );
        if res.status() == 404 {
            let body: Value = res.json().await.unwrap();
            assert!(
                !body["detail"].as_str().unwrap_or("").contains("API route"),
                "{method} {path} is documented but not routed"
            );
        }
    }
}

#[tokio::test]
async fn health_request_ids_and_security_headers() {
    let app = spawn_app().await;
    let res = app.http.get(app.url("/healthz")).send().await.unwrap();
    assert_eq!(res.status(), 200);
    let h = res.headers();
    assert_eq!(h.get("x-request-id").unwrap().to_str().unwrap().len(), 36);
    assert_eq!(h.get("x-content-type-options").unwrap(), "nosniff");
    assert!(h
        .get("content-security-policy")
        .unwrap()
        .to_str()
        .unwrap()
        .contains("frame-ancestors 'none'"));
    assert_eq!(res.json::<Value>().await.unwrap()["status"], "ok");
    // A request id sent by a proxy is kept, so logs can be followed across hops.
    let res = app
        .http
        .get(app.url("/healthz"))
        .header("x-request-id", "abc-123")
        .send()
        .await
        .unwrap();
    assert_eq!(res.headers().get("x-request-id").unwrap(), "abc-123");
    // The landing page and directory are served as HTML.
    let res = app.http.get(app.url("/")).send().await.unwrap();
    assert_eq!(res.status(), 200);
    assert!(res.text().await.unwrap().contains("solidarity economy"));
}

#[tokio::test]
async fn health_is_503_when_the_database_is_gone() {
    let app = spawn_app().await;
    app.store.close().await;
    let res = app.http.get(app.url("/healthz")).send().await.unwrap();
    crate::support::problem(res, 503).await;
}
