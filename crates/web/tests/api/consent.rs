//! Network membership needs the member's consent, and stewardship grants only what a network
//! needs. The attack that used to undo the permission model is replayed step by step: every
//! step is refused, and nothing of the victim's changes.

use bayanihan_domain::person::MembershipRole::*;
use bayanihan_domain::{Currency, Money};
use serde_json::{json, Value};
use uuid::Uuid;

use crate::support::{spawn_app, TestApp};

async fn call(
    app: &TestApp,
    token: &str,
    method: &str,
    path: &str,
    body: Option<Value>,
) -> (u16, Value) {
    let res = app.send(Some(token), method, path, body).await;
    let status = res.status().as_u16();
    let text = res.text().await.unwrap();
    (status, serde_json::from_str(&text).unwrap_or(Value::Null))
}

/// Everything of the victim's that the attack aimed at, as its own admin sees it.
async fn victim_state(app: &TestApp, admin: &str, victim: Uuid) -> Vec<Value> {
    let mut out = Vec::new();
    for path in [
        format!("/api/v1/organizations/{victim}"),
        format!("/api/v1/organizations/{victim}/members"),
        format!("/api/v1/organizations/{victim}/obligations"),
        format!("/api/v1/organizations/{victim}/balances"),
    ] {
        let (status, body) = call(app, admin, "GET", &path, None).await;
        assert_eq!(status, 200, "{path}: {body}");
        out.push(body);
    }
    out
}

/// The attack steps, each expected to be refused with 403: read the victim's people and their
/// demographics, its obligations and balances; change its profile; make oneself its admin;
/// record its payments.
async fn attack_steps(
    app: &TestApp,
    token: &str,
    victim: Uuid,
    victim_admin: Uuid,
    obligation: Uuid,
    who: &str,
) -> Vec<String> {
    let steps: Vec<(&str, String, Option<Value>)> = vec![
        (
            "GET",
            format!("/api/v1/organizations/{victim}/members"),
            None,
        ),
        ("GET", format!("/api/v1/people/{victim_admin}"), None),
        (
            "PATCH",
            format!("/api/v1/organizations/{victim}"),
            Some(json!({"region": "Taken"})),
        ),
        (
            "POST",
            format!("/api/v1/organizations/{victim}/members"),
            Some(json!({"email": format!("{who}@example.org"), "roles": ["admin"]})),
        ),
        (
            "POST",
            format!("/api/v1/obligations/{obligation}/payments"),
            Some(json!({"amount": "10.00", "method": "cash"})),
        ),
    ];
    let mut failures = Vec::new();
    for (method, path, body) in steps {
        let (status, b) = call(app, token, method, &path, body).await;
        if status != 403 {
            failures.push(format!("{who}: {method} {path} answered {status}: {b}"));
        }
    }
    failures
}

#[tokio::test]
async fn a_self_made_network_gains_nothing_over_an_organization_that_did_not_accept() {
    let app = spawn_app().await;
    let victim = app.org("Victim Co-op", "producer_cooperative").await;
    let buyer = app.org("Buyer", "consumer_cooperative").await;
    let (victim_admin_id, victim_admin) = app
        .person("victim-admin@example.org", &[(victim, &[Admin, Member])])
        .await;
    let (attacker_id, attacker) = app.person("attacker@example.org", &[]).await;
    let ob = app
        .store
        .record_obligation(
            buyer,
            victim,
            Money::new(50_000, Currency::PHP),
            "2026-03-01".parse().unwrap(),
        )
        .await
        .unwrap();
    let before = victim_state(&app, &victim_admin, victim).await;

    // 1. Anyone may make a network: they become its admin.
    let (status, net) = call(
        &app,
        &attacker,
        "POST",
        "/api/v1/organizations",
        Some(
            json!({"name": "Evil Network", "kind": "network", "country": "PH",
                    "currency": "PHP", "time_zone": "Asia/Manila"}),
        ),
    )
    .await;
    assert_eq!(status, 201, "{net}");
    let evil: Uuid = net["id"].as_str().unwrap().parse().unwrap();

    // 2. Its admin may invite the victim, but the invitation is only that.
    let (status, link) = call(
        &app,
        &attacker,
        "POST",
        &format!("/api/v1/networks/{evil}/members"),
        Some(json!({"member_id": victim})),
    )
    .await;
    assert_eq!(status, 201, "{link}");
    assert_eq!(link["status"], "invited");

    // 3. The attacker cannot accept on the victim's behalf, by either door.
    let (status, _) = call(
        &app,
        &attacker,
        "PATCH",
        &format!("/api/v1/networks/{evil}/members/{victim}"),
        Some(json!({"status": "active"})),
    )
    .await;
    assert_eq!(status, 403);
    let (status, _) = call(
        &app,
        &attacker,
        "POST",
        &format!("/api/v1/organizations/{victim}/networks"),
        Some(json!({"network_id": evil})),
    )
    .await;
    assert_eq!(status, 403);

    // 4. Every step of the old attack is refused, and obligations stay private.
    let mut failures = attack_steps(&app, &attacker, victim, victim_admin_id, ob, "attacker").await;
    for path in [
        format!("/api/v1/organizations/{victim}/obligations"),
        format!("/api/v1/organizations/{victim}/balances"),
    ] {
        let (status, _) = call(&app, &attacker, "GET", &path, None).await;
        if status != 403 {
            failures.push(format!("attacker: GET {path} answered {status}"));
        }
    }
    assert!(failures.is_empty(), "{}", failures.join("\n"));

    // 5. Nothing of the victim's changed, and the attacker is nobody there.
    assert_eq!(victim_state(&app, &victim_admin, victim).await, before);
    assert!(app
        .store
        .membership(victim, attacker_id)
        .await
        .unwrap()
        .is_none());

    // 6. The victim's admin declines; the link ends.
    let (status, link) = call(
        &app,
        &victim_admin,
        "PATCH",
        &format!("/api/v1/networks/{evil}/members/{victim}"),
        Some(json!({"status": "ended"})),
    )
    .await;
    assert_eq!(status, 200, "{link}");
    assert_eq!(link["status"], "ended");
}

#[tokio::test]
async fn an_accepted_link_lets_stewards_read_documents_and_nothing_more() {
    let app = spawn_app().await;
    let chapter_a = app.org("Chapter A", "network").await;
    let chapter_b = app.org("Chapter B", "network").await;
    let victim = app.org("B's Co-op", "producer_cooperative").await;
    let buyer = app.org("Buyer", "consumer_cooperative").await;
    app.store
        .add_network_member(chapter_b, victim, "2024-01-01".parse().unwrap())
        .await
        .unwrap();
    let (victim_admin_id, victim_admin) = app
        .person("b-admin@example.org", &[(victim, &[Admin, Member])])
        .await;
    let (_, steward_a) = app
        .person("steward-a@example.org", &[(chapter_a, &[Admin])])
        .await;
    let (_, steward_b) = app
        .person("steward-b@example.org", &[(chapter_b, &[Admin])])
        .await;
    let ob = app
        .store
        .record_obligation(
            buyer,
            victim,
            Money::new(50_000, Currency::PHP),
            "2026-03-01".parse().unwrap(),
        )
        .await
        .unwrap();
    let before = victim_state(&app, &victim_admin, victim).await;

    // A real steward of another chapter invites B's member: nothing is granted until it accepts.
    let (status, link) = call(
        &app,
        &steward_a,
        "POST",
        &format!("/api/v1/networks/{chapter_a}/members"),
        Some(json!({"member_id": victim})),
    )
    .await;
    assert_eq!((status, link["status"].as_str()), (201, Some("invited")));
    let obligations = format!("/api/v1/organizations/{victim}/obligations");
    assert_eq!(
        call(&app, &steward_a, "GET", &obligations, None).await.0,
        403
    );
    // Inviting twice is a conflict, not a second invitation.
    let (status, _) = call(
        &app,
        &steward_a,
        "POST",
        &format!("/api/v1/networks/{chapter_a}/members"),
        Some(json!({"member_id": victim})),
    )
    .await;
    assert_eq!(status, 409);

    // The member's admin accepts: now both stewards read its documents …
    let (status, link) = call(
        &app,
        &victim_admin,
        "PATCH",
        &format!("/api/v1/networks/{chapter_a}/members/{victim}"),
        Some(json!({"status": "active"})),
    )
    .await;
    assert_eq!(
        (status, link["status"].as_str()),
        (200, Some("active")),
        "{link}"
    );
    for steward in [&steward_a, &steward_b] {
        assert_eq!(call(&app, steward, "GET", &obligations, None).await.0, 200);
    }
    // … and neither reads its people, edits it, appoints admins or records its payments.
    let mut failures = Vec::new();
    for (who, token) in [("steward-a", &steward_a), ("steward-b", &steward_b)] {
        failures.extend(attack_steps(&app, token, victim, victim_admin_id, ob, who).await);
    }
    assert!(failures.is_empty(), "{}", failures.join("\n"));
    assert_eq!(victim_state(&app, &victim_admin, victim).await, before);

    // Only the network suspends; either side leaves.
    let member_path = format!("/api/v1/networks/{chapter_a}/members/{victim}");
    let (status, _) = call(
        &app,
        &victim_admin,
        "PATCH",
        &member_path,
        Some(json!({"status": "suspended"})),
    )
    .await;
    assert_eq!(status, 403);
    let (status, link) = call(
        &app,
        &victim_admin,
        "PATCH",
        &member_path,
        Some(json!({"status": "ended"})),
    )
    .await;
    assert_eq!((status, link["status"].as_str()), (200, Some("ended")));
    assert_eq!(
        call(&app, &steward_a, "GET", &obligations, None).await.0,
        403
    );
    // An ended link is not revived by a PATCH: it is asked for again.
    let (status, _) = call(
        &app,
        &steward_a,
        "PATCH",
        &member_path,
        Some(json!({"status": "active"})),
    )
    .await;
    assert_eq!(status, 409);
}

#[tokio::test]
async fn an_application_waits_for_the_network() {
    let app = spawn_app().await;
    let net = app.org("Network", "network").await;
    let coop = app.org("Co-op", "producer_cooperative").await;
    let (_, coop_admin) = app.person("coop@example.org", &[(coop, &[Admin])]).await;
    let (_, steward) = app.person("steward@example.org", &[(net, &[Admin])]).await;
    let (_, both) = app
        .person("both@example.org", &[(net, &[Admin]), (coop, &[Admin])])
        .await;
    let apply = format!("/api/v1/organizations/{coop}/networks");
    let (status, link) = call(
        &app,
        &coop_admin,
        "POST",
        &apply,
        Some(json!({"network_id": net})),
    )
    .await;
    assert_eq!((status, link["status"].as_str()), (201, Some("applied")));
    // The applicant cannot accept its own application.
    let member_path = format!("/api/v1/networks/{net}/members/{coop}");
    let (status, _) = call(
        &app,
        &coop_admin,
        "PATCH",
        &member_path,
        Some(json!({"status": "active"})),
    )
    .await;
    assert_eq!(status, 403);
    // Statuses that are set by inviting or applying are not set directly.
    let (status, body) = call(
        &app,
        &steward,
        "PATCH",
        &member_path,
        Some(json!({"status": "invited"})),
    )
    .await;
    assert_eq!(status, 422, "{body}");
    // The network's admin accepts by inviting (or by PATCH): active.
    let (status, link) = call(
        &app,
        &steward,
        "POST",
        &format!("/api/v1/networks/{net}/members"),
        Some(json!({"member_id": coop})),
    )
    .await;
    assert_eq!(
        (status, link["status"].as_str()),
        (201, Some("active")),
        "{link}"
    );
    // Ended by the network, then asked for again by someone who speaks for both: active at once.
    let (status, _) = call(
        &app,
        &steward,
        "PATCH",
        &member_path,
        Some(json!({"status": "ended"})),
    )
    .await;
    assert_eq!(status, 200);
    let (status, link) = call(
        &app,
        &both,
        "POST",
        &apply,
        Some(json!({"network_id": net})),
    )
    .await;
    assert_eq!(
        (status, link["status"].as_str()),
        (201, Some("active")),
        "{link}"
    );
    // A network with members cannot stop being one.
    let (status, body) = call(
        &app,
        &steward,
        "PATCH",
        &format!("/api/v1/organizations/{net}"),
        Some(json!({"kind": "association"})),
    )
    .await;
    assert_eq!(status, 422, "{body}");
    assert_eq!(crate::support::fields(&body), ["kind"]);
}

async fn link_status(app: &TestApp, net: Uuid, org: Uuid) -> Option<String> {
    app.store
        .network_memberships_of(org)
        .await
        .unwrap()
        .into_iter()
        .find(|m| m.network_id == net && m.member_id == org)
        .map(|m| m.status.id().to_string())
}

#[tokio::test]
async fn invitations_are_sent_and_answered_in_the_pages() {
    use crate::pages::{csrf, signed_in};
    let app = spawn_app().await;
    let net = app.org("Sinag Test", "network").await;
    let coop = app.org("Kapwa Co-op", "producer_cooperative").await;
    let page = format!("/organizations/{coop}");
    let post = |form: Vec<(&'static str, String)>| {
        app.http
            .post(app.url(&format!("{page}/links")))
            .form(&form)
            .send()
    };

    // The network's admin finds the co-op in the directory and invites it.
    signed_in(&app, "steward@example.org", net, &[Admin]).await;
    let html = app.text(&page).await;
    assert!(html.contains("Invite this organization into"), "{html}");
    let invite = |token: String| {
        vec![
            ("csrf", token),
            ("network", net.to_string()),
            ("member", coop.to_string()),
            ("to", "request".to_string()),
        ]
    };
    // A forged form (no valid token) is refused and writes nothing.
    let res = post(invite("forged".into())).await.unwrap();
    assert_eq!(res.status().as_u16(), 403);
    assert_eq!(link_status(&app, net, coop).await, None);
    let res = post(invite(csrf(&html))).await.unwrap();
    assert!(res.status().is_success(), "{}", res.status());
    assert_eq!(
        link_status(&app, net, coop).await.as_deref(),
        Some("invited")
    );
    // The steward cannot accept for the co-op.
    let html = app.text(&page).await;
    let accept = |token: String| {
        vec![
            ("csrf", token),
            ("network", net.to_string()),
            ("member", coop.to_string()),
            ("to", "active".to_string()),
        ]
    };
    let res = post(accept(csrf(&html))).await.unwrap();
    assert_eq!(res.status().as_u16(), 403);
    assert_eq!(
        link_status(&app, net, coop).await.as_deref(),
        Some("invited")
    );

    // The co-op's admin sees the invitation on its page and accepts it.
    signed_in(&app, "coop-admin@example.org", coop, &[Admin]).await;
    let html = app.text(&page).await;
    assert!(
        html.contains("invited, waiting for the organization"),
        "{html}"
    );
    assert!(html.contains(">Accept</button>"), "{html}");
    let res = post(accept(csrf(&html))).await.unwrap();
    assert!(res.status().is_success());
    assert_eq!(
        link_status(&app, net, coop).await.as_deref(),
        Some("active")
    );

    // Leaving takes a confirmation: without the box ticked nothing changes.
    let html = app.text(&page).await;
    assert!(html.contains("End the membership"), "{html}");
    let mut end = vec![
        ("csrf", csrf(&html)),
        ("network", net.to_string()),
        ("member", coop.to_string()),
        ("to", "ended".to_string()),
    ];
    let res = post(end.clone()).await.unwrap();
    assert_eq!(res.status().as_u16(), 422);
    assert_eq!(
        link_status(&app, net, coop).await.as_deref(),
        Some("active")
    );
    end.push(("confirm", "1".into()));
    let res = post(end).await.unwrap();
    assert!(res.status().is_success());
    assert_eq!(link_status(&app, net, coop).await.as_deref(), Some("ended"));
}
