//! The permission matrix: every role on every endpoint gets exactly what it should, and a
//! member of one organization can read nothing private of another.
//!
//! Roles, all relative to organization O inside network N:
//! public (no credentials), outsider (admin of another organization X), member, treasurer,
//! coordinator and admin of O, steward (admin of N), and self (the member whose profile and
//! demographics are at stake).

use bayanihan_domain::person::MembershipRole::{self, *};
use reqwest::Method;
use serde_json::{json, Value};
use uuid::Uuid;

use crate::support::{spawn_app, TestApp};

const ROLES: [&str; 8] = [
    "public",
    "outsider",
    "member",
    "treasurer",
    "coordinator",
    "admin",
    "steward",
    "self",
];

struct Fixture {
    network: Uuid,
    org: Uuid,
    target: Uuid,
    tokens: Vec<Option<String>>,
    /// Per role: a plain member of O to remove, and an organization to take into N.
    victims: Vec<Uuid>,
    candidates: Vec<Uuid>,
    /// Per role: a network O is not linked with, to apply to.
    other_networks: Vec<Uuid>,
}

async fn fixture(app: &TestApp) -> Fixture {
    let network = app.org("Network", "network").await;
    let org = app.org("Org", "producer_cooperative").await;
    let other = app.org("Other", "consumer_cooperative").await;
    app.store
        .add_network_member(network, org, "2025-01-01".parse().unwrap())
        .await
        .unwrap();
    let memberships: [&[(Uuid, &[MembershipRole])]; 7] = [
        &[(other, &[Admin])],
        &[(org, &[Member])],
        &[(org, &[Member, Treasurer])],
        &[(org, &[Member, Coordinator])],
        &[(org, &[Admin])],
        &[(network, &[Admin])],
        &[(org, &[Member])],
    ];
    let mut tokens = vec![None];
    let mut target = Uuid::nil();
    for (i, m) in memberships.iter().enumerate() {
        let (id, token) = app
            .person(&format!("{}@example.org", ROLES[i + 1]), m)
            .await;
        tokens.push(Some(token));
        if ROLES[i + 1] == "self" {
            target = id;
        }
    }
    app.store
        .set_demographics(
            target,
            Some(&bayanihan_domain::Demographics {
                gender: Some(bayanihan_domain::Gender::Woman),
                birth_year: Some(1980),
                ..Default::default()
            }),
        )
        .await
        .unwrap();
    let mut victims = Vec::new();
    let mut candidates = Vec::new();
    let mut other_networks = Vec::new();
    for role in ROLES {
        other_networks.push(app.org(&format!("Network {role}"), "network").await);
        victims.push(
            app.person(&format!("victim-{role}@example.org"), &[(org, &[Member])])
                .await
                .0,
        );
        candidates.push(app.org(&format!("Candidate {role}"), "association").await);
    }
    Fixture {
        network,
        org,
        target,
        tokens,
        victims,
        candidates,
        other_networks,
    }
}

type Build = fn(&Fixture, usize) -> (Method, String, Option<Value>);

#[rustfmt::skip]
fn matrix() -> Vec<(&'static str, Build, [u16; 8])> {
    //                                                       public outsider member treasurer coordinator admin steward self
    vec![
        ("list organizations", |_, _| (Method::GET, "/api/v1/organizations".into(), None),
            [200, 200, 200, 200, 200, 200, 200, 200]),
        ("read organization", |f, _| (Method::GET, format!("/api/v1/organizations/{}", f.org), None),
            [200, 200, 200, 200, 200, 200, 200, 200]),
        ("create organization", |_, r| (Method::POST, "/api/v1/organizations".into(),
            Some(json!({"name": format!("New {r}"), "kind": "association", "country": "PH", "currency": "PHP", "time_zone": "Asia/Manila"}))),
            [401, 201, 201, 201, 201, 201, 201, 201]),
        ("update organization", |f, _| (Method::PATCH, format!("/api/v1/organizations/{}", f.org), Some(json!({"region": "Benguet"}))),
            [401, 403, 403, 403, 403, 200, 403, 403]),
        ("list members", |f, _| (Method::GET, format!("/api/v1/organizations/{}/members", f.org), None),
            [401, 403, 200, 200, 200, 200, 403, 200]),
        ("add a member", |f, r| (Method::POST, format!("/api/v1/organizations/{}/members", f.org),
            Some(json!({"email": format!("new-member-{r}@example.org"), "name": "New", "roles": ["member"]}))),
            [401, 403, 403, 403, 201, 201, 403, 403]),
        ("add a coordinator", |f, r| (Method::POST, format!("/api/v1/organizations/{}/members", f.org),
            Some(json!({"email": format!("new-coord-{r}@example.org"), "name": "New", "roles": ["coordinator"]}))),
            [401, 403, 403, 403, 403, 201, 403, 403]),
        ("change a member", |f, _| (Method::PATCH, format!("/api/v1/organizations/{}/members/{}", f.org, f.target),
            Some(json!({"stakeholder": "consumer"}))),
            [401, 403, 403, 403, 200, 200, 403, 403]),
        ("promote a member", |f, r| (Method::PATCH, format!("/api/v1/organizations/{}/members/{}", f.org, f.victims[r]),
            Some(json!({"roles": ["member", "treasurer"]}))),
            [401, 403, 403, 403, 403, 200, 403, 403]),
        ("remove a member", |f, r| (Method::DELETE, format!("/api/v1/organizations/{}/members/{}", f.org, f.victims[r]), None),
            [401, 403, 403, 403, 204, 204, 403, 403]),
        ("list networks", |f, _| (Method::GET, format!("/api/v1/organizations/{}/networks", f.org), None),
            [200, 200, 200, 200, 200, 200, 200, 200]),
        ("invite into network", |f, r| (Method::POST, format!("/api/v1/networks/{}/members", f.network),
            Some(json!({"member_id": f.candidates[r]}))),
            [401, 403, 403, 403, 403, 403, 201, 403]),
        ("apply to a network", |f, r| (Method::POST, format!("/api/v1/organizations/{}/networks", f.org),
            Some(json!({"network_id": f.other_networks[r]}))),
            [401, 403, 403, 403, 403, 201, 403, 403]),
        // Either side of an active link may confirm it (a no-op); nobody else may touch it.
        ("confirm a network membership", |f, _| (Method::PATCH, format!("/api/v1/networks/{}/members/{}", f.network, f.org),
            Some(json!({"status": "active"}))),
            [401, 403, 403, 403, 403, 200, 200, 403]),
        ("read a person", |f, _| (Method::GET, format!("/api/v1/people/{}", f.target), None),
            [401, 403, 200, 200, 200, 200, 403, 200]),
        ("share demographics", |f, _| (Method::PUT, format!("/api/v1/people/{}/demographics", f.target),
            Some(json!({"gender": "woman", "birth_year": 1980}))),
            [401, 403, 403, 403, 403, 403, 403, 200]),
        ("withdraw demographics", |f, _| (Method::DELETE, format!("/api/v1/people/{}/demographics", f.target), None),
            [401, 403, 403, 403, 403, 403, 403, 204]),
        ("me", |_, _| (Method::GET, "/api/v1/me".into(), None),
            [401, 200, 200, 200, 200, 200, 200, 200]),
        ("make a token", |_, _| (Method::POST, "/api/v1/tokens".into(), Some(json!({"name": "t"}))),
            [401, 201, 201, 201, 201, 201, 201, 201]),
        ("vocabularies", |_, _| (Method::GET, "/api/v1/vocabularies".into(), None),
            [200, 200, 200, 200, 200, 200, 200, 200]),
        ("a network's impact report", |f, _| (Method::GET, format!("/api/v1/reports/tbl?scope=network:{}&period=2026", f.network), None),
            [401, 200, 200, 200, 200, 200, 200, 200]),
        ("an organization's impact report", |f, _| (Method::GET, format!("/api/v1/reports/tbl?scope=organization:{}&period=2026", f.org), None),
            [401, 403, 200, 200, 200, 200, 200, 200]),
        ("declare jobs", |f, _| (Method::POST, format!("/api/v1/organizations/{}/jobs", f.org),
            Some(json!({"fte": "1.5", "valid_from": "2026-01-01", "valid_to": "2026-12-31"}))),
            [401, 403, 403, 403, 403, 201, 403, 403]),
        ("propose a clearing round", |f, _| (Method::POST, format!("/api/v1/networks/{}/clearing-rounds", f.network),
            Some(json!({"currency": "PHP"}))),
            [401, 403, 403, 403, 403, 403, 201, 403]),
        ("list clearing rounds", |f, _| (Method::GET, format!("/api/v1/networks/{}/clearing-rounds", f.network), None),
            [401, 403, 403, 403, 403, 403, 200, 403]),
    ]
}

async fn call(
    app: &TestApp,
    token: &Option<String>,
    method: Method,
    path: &str,
    body: Option<Value>,
) -> (u16, Value) {
    let mut req = app.http.request(method, app.url(path));
    if let Some(t) = token {
        req = req.bearer_auth(t);
    }
    if let Some(b) = body {
        req = req.json(&b);
    }
    let res = req.send().await.unwrap();
    let status = res.status().as_u16();
    let text = res.text().await.unwrap();
    (status, serde_json::from_str(&text).unwrap_or(Value::Null))
}

#[tokio::test]
async fn every_role_on_every_endpoint() {
    let app = spawn_app().await;
    let f = fixture(&app).await;
    let mut failures = Vec::new();
    for (name, build, expected) in matrix() {
        for (r, role) in ROLES.iter().enumerate() {
            let (method, path, body) = build(&f, r);
            let (status, _) = call(&app, &f.tokens[r], method.clone(), &path, body).await;
            if status != expected[r] {
                failures.push(format!(
                    "{name} as {role}: expected {}, got {status} ({method} {path})",
                    expected[r]
                ));
            }
        }
    }
    assert!(
        failures.is_empty(),
        "permission matrix mismatches:\n{}",
        failures.join("\n")
    );
}

#[tokio::test]
async fn demographics_are_shown_only_to_the_person_and_their_admins() {
    let app = spawn_app().await;
    let f = fixture(&app).await;
    //                 public outsider member treasurer coordinator admin steward self
    let sees = [false, false, false, false, false, true, false, true];
    for (r, role) in ROLES.iter().enumerate() {
        let (status, body) = call(
            &app,
            &f.tokens[r],
            Method::GET,
            &format!("/api/v1/people/{}", f.target),
            None,
        )
        .await;
        let shown = status == 200 && body.get("demographics").is_some();
        assert_eq!(shown, sees[r], "{role}: {body}");
        if shown {
            assert_eq!(body["demographics"]["gender"], "woman");
        }
    }
}

#[tokio::test]
async fn an_outsider_reads_nothing_private() {
    let app = spawn_app().await;
    let f = fixture(&app).await;
    let outsider = &f.tokens[1];
    for path in [
        format!("/api/v1/organizations/{}/members", f.org),
        format!("/api/v1/people/{}", f.target),
        format!("/api/v1/people/{}", f.victims[2]),
    ] {
        let (status, body) = call(&app, outsider, Method::GET, &path, None).await;
        assert_eq!(status, 403, "{path}");
        let text = body.to_string();
        assert!(
            !text.contains("@example.org"),
            "no e-mail leaks in the refusal: {text}"
        );
    }
    // The public profile of the organization holds no people.
    let (_, body) = call(
        &app,
        outsider,
        Method::GET,
        &format!("/api/v1/organizations/{}", f.org),
        None,
    )
    .await;
    assert!(!body.to_string().contains("@example.org"));
}
