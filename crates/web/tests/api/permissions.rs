//! Demographics and people across organizations (the permission matrix of every operation is
//! `matrix.rs`): a member of one organization can read nothing private of another.
//!
//! Roles, all relative to organization O inside network N:
//! public (no credentials), outsider (admin of another organization X), member, treasurer,
//! coordinator and admin of O, steward (admin of N), and self (the member whose profile and
//! demographics are at stake).

use bayanihan_domain::person::MembershipRole::{self, *};
use reqwest::Method;
use serde_json::Value;
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
    org: Uuid,
    target: Uuid,
    tokens: Vec<Option<String>>,
    /// Per role: a plain member of O.
    victims: Vec<Uuid>,
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
    for role in ROLES {
        victims.push(
            app.person(&format!("victim-{role}@example.org"), &[(org, &[Member])])
                .await
                .0,
        );
    }
    Fixture {
        org,
        target,
        tokens,
        victims,
    }
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
