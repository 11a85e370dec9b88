//! The audit log, people's data in their own hands, and the books' checkpoint, through the
//! API and the pages as an admin and a member use them.

use bayanihan_domain::person::MembershipRole::*;
use serde_json::{json, Value};

use crate::pages::{csrf, signed_in};
use crate::support::spawn_app;

#[tokio::test]
async fn an_admins_actions_are_logged_with_who_when_and_from_where() {
    let app = spawn_app().await;
    let org = app.org("Kapatiran", "producer_cooperative").await;
    let (admin, token) = app.person("admin@people.example", &[(org, &[Admin])]).await;
    let (_, member_token) = app
        .person("member@people.example", &[(org, &[Member])])
        .await;
    let res = app
        .send(
            Some(&token),
            "POST",
            &format!("/api/v1/organizations/{org}/members"),
            Some(json!({"email": "ana@people.example", "name": "Ana Reyes", "roles": ["member"]})),
        )
        .await;
    assert_eq!(res.status(), 201);
    let ana = res.json::<Value>().await.unwrap()["person_id"]
        .as_str()
        .unwrap()
        .to_string();
    let res = app
        .send(
            Some(&token),
            "PATCH",
            &format!("/api/v1/organizations/{org}/members/{ana}"),
            Some(json!({"roles": ["member", "treasurer"]})),
        )
        .await;
    assert_eq!(res.status(), 200);
    let res = app
        .send(
            Some(&token),
            "PATCH",
            &format!("/api/v1/organizations/{org}"),
            Some(json!({"region": "Benguet"})),
        )
        .await;
    assert_eq!(res.status(), 200);

    let log: Value = app
        .send(
            Some(&token),
            "GET",
            &format!("/api/v1/organizations/{org}/audit"),
            None,
        )
        .await
        .json()
        .await
        .unwrap();
    let actions: Vec<&str> = log
        .as_array()
        .unwrap()
        .iter()
        .map(|e| e["action"].as_str().unwrap())
        .collect();
    assert_eq!(
        actions,
        [
            "organization.updated",
            "membership.changed",
            "membership.added"
        ],
        "newest first"
    );
    for e in log.as_array().unwrap() {
        assert_eq!(e["actor"], json!(admin.to_string()));
        assert_eq!(e["client"], json!("127.0.0.1"));
        assert!(e["at"].as_i64().unwrap() > 0);
    }
    assert_eq!(log[0]["detail"]["fields"], json!(["region"]));
    assert_eq!(log[1]["detail"]["to"], json!("member,treasurer"));
    // Names stay out of what is logged (erasing a person needs no rewrite there); the reader
    // sees the subject's name as it is now.
    for e in log.as_array().unwrap() {
        assert!(!e["detail"].to_string().contains("Ana"), "{e}");
    }
    assert_eq!(log[1]["subject_name"], json!("Ana Reyes"));
    assert_eq!(log[0]["subject_name"], json!("Kapatiran"));
    // A member may not read it.
    let res = app
        .send(
            Some(&member_token),
            "GET",
            &format!("/api/v1/organizations/{org}/audit"),
            None,
        )
        .await;
    assert_eq!(res.status(), 403);
    let res = app
        .send(
            Some(&token),
            "GET",
            &format!("/api/v1/organizations/{org}/audit?limit=0"),
            None,
        )
        .await;
    assert_eq!(res.status(), 422);
}

#[tokio::test]
async fn a_member_downloads_their_data_and_an_admin_erases_it_on_request() {
    let app = spawn_app().await;
    let org = app.org("Malaya", "consumer_cooperative").await;
    let other = app.org("Elsewhere", "association").await;
    signed_in(&app, "admin@people.example", org, &[Admin]).await;
    let (ana, ana_token) = app.person("ana@people.example", &[(org, &[Member])]).await;
    app.store
        .set_demographics(
            ana,
            Some(&bayanihan_domain::Demographics {
                gender: Some(bayanihan_domain::Gender::Woman),
                birth_year: Some(1984),
                ..Default::default()
            }),
        )
        .await
        .unwrap();
    let (both, _) = app
        .person(
            "both@people.example",
            &[(org, &[Member]), (other, &[Member])],
        )
        .await;

    // Ana's own file: her address, her demographics, her membership; no secret.
    let res = app
        .send(Some(&ana_token), "GET", "/api/v1/me/data", None)
        .await;
    assert_eq!(res.status(), 200);
    assert!(res.headers()["content-disposition"]
        .to_str()
        .unwrap()
        .contains("attachment"));
    let data: Value = res.json().await.unwrap();
    assert_eq!(data["person"]["email"], json!("ana@people.example"));
    assert_eq!(data["demographics"]["birth_year"], json!(1984));
    assert_eq!(data["memberships"][0]["organization"], json!("Malaya"));
    assert!(
        !data.to_string().contains("token_hash") && !data.to_string().contains("password_hash")
    );

    // The page asks for a ticked "yes"; without it nothing happens.
    let page = app.text(&format!("/organizations/{org}/members")).await;
    assert!(
        page.contains(&format!("/members/{ana}/erase")),
        "the admin sees the erase form"
    );
    let post = |person: uuid::Uuid, confirm: bool| {
        let mut form = vec![
            ("csrf", csrf(&page)),
            ("once", uuid::Uuid::new_v4().to_string()),
        ];
        if confirm {
            form.push(("confirm", "1".into()));
        }
        app.http
            .post(app.url(&format!("/organizations/{org}/members/{person}/erase")))
            .form(&form)
            .send()
    };
    let name_of = |p: uuid::Uuid| {
        let store = app.store.clone();
        async move { store.person_export(p).await.unwrap()["person"]["email"].clone() }
    };
    let res = post(ana, false).await.unwrap();
    assert_eq!(res.status(), 422);
    assert_eq!(
        name_of(ana).await,
        json!("ana@people.example"),
        "nothing erased without the tick"
    );
    // Someone who also belongs elsewhere: this admin alone may not.
    let res = post(both, true).await.unwrap();
    assert_eq!(res.status(), 403);
    assert_eq!(name_of(both).await, json!("both@people.example"));

    // Ana joined just now: an admin may not erase someone so new (nobody adds a stranger and
    // wipes them); the operator can.
    let res = post(ana, true).await.unwrap();
    assert_eq!(res.status(), 409);
    assert!(res.text().await.unwrap().contains("less than 30 days"));
    assert_eq!(name_of(ana).await, json!("ana@people.example"));
    app.store.backdate_demo_memberships(0).await.unwrap();
    let res = post(ana, true).await.unwrap();
    assert_eq!(res.status(), 200);
    let after = app.store.person_export(ana).await.unwrap();
    assert_eq!(after["person"]["name"], json!("Erased person"));
    assert!(!after.to_string().contains("ana@people.example"));
    assert!(after.get("demographics").is_none());
    assert_eq!(after["memberships"], json!([]));
    // Her token died with her account.
    let res = app.send(Some(&ana_token), "GET", "/api/v1/me", None).await;
    assert_eq!(res.status(), 401);
    // The audit page tells the admins, in their language, without her name.
    let audit = app.text(&format!("/organizations/{org}/audit")).await;
    assert!(audit.contains("Personal data erased"), "{audit}");
}

#[tokio::test]
async fn members_download_the_signed_checkpoint_of_their_books() {
    let app = spawn_app().await;
    let org = app.org("Malaya", "consumer_cooperative").await;
    let farm = app.org("Farm", "producer_cooperative").await;
    let (_, token) = app
        .person("member@people.example", &[(org, &[Member])])
        .await;
    let (_, outsider) = app.person("out@people.example", &[(farm, &[Member])]).await;
    let path = format!("/api/v1/organizations/{org}/ledger/checkpoint");
    assert_eq!(
        app.send(Some(&token), "GET", &path, None).await.status(),
        404,
        "none signed yet"
    );
    owes(&app, org, farm).await;
    let key = bayanihan_app::ledger::SigningKey::from_bytes(&[9; 32]);
    assert_eq!(
        bayanihan_app::ledger::daily_checkpoint(&app.store, &key)
            .await
            .unwrap(),
        2
    );
    let res = app.send(Some(&token), "GET", &path, None).await;
    assert_eq!(res.status(), 200);
    let c: bayanihan_store::chain::SignedCheckpoint = res.json().await.unwrap();
    assert_eq!(c.checkpoint.organization, org);
    assert_eq!(c.checkpoint.seq, 2, "the obligation and its transaction");
    assert!(bayanihan_app::ledger::signature_holds(&c));
    // It verifies against the books, and an altered copy is caught.
    let v = bayanihan_app::ledger::verify(&app.store, std::slice::from_ref(&c))
        .await
        .unwrap();
    assert!(v.is_intact(), "{v:?}");
    let mut forged = c.clone();
    forged.checkpoint.seq = 1;
    let v = bayanihan_app::ledger::verify(&app.store, &[forged])
        .await
        .unwrap();
    assert!(!v.is_intact());
    assert_eq!(
        app.send(Some(&outsider), "GET", &path, None).await.status(),
        403
    );
    // The money page offers it.
    signed_in(&app, "admin@people.example", org, &[Admin]).await;
    let money = app.text(&format!("/organizations/{org}/money")).await;
    assert!(money.contains(&path), "{money}");
}

#[tokio::test]
async fn a_rotated_key_vouches_only_for_what_it_signed_before() {
    let app = spawn_app().await;
    let org = app.org("Malaya", "consumer_cooperative").await;
    let farm = app.org("Farm", "producer_cooperative").await;
    owes(&app, org, farm).await;
    let dir = bayanihan_store::testing::temp_dir("bayanihan-key");
    let path = dir.path().join("signing.key");
    // Tools never make a key; the server does.
    assert!(bayanihan_app::ledger::load_key(&path).is_err());
    assert!(bayanihan_app::ledger::rotate_key(&app.store, &path)
        .await
        .is_err());
    let old = bayanihan_app::ledger::load_or_create_key(&path).unwrap();
    assert_eq!(
        bayanihan_app::ledger::daily_checkpoint(&app.store, &old)
            .await
            .unwrap(),
        2
    );
    let kept = app.store.checkpoints(Some(org), 1).await.unwrap();
    bayanihan_app::ledger::rotate_key(&app.store, &path)
        .await
        .unwrap();
    let new = bayanihan_app::ledger::load_key(&path).unwrap();
    assert_ne!(old.to_bytes(), new.to_bytes());
    // What the old key signed before its retirement still verifies …
    assert!(bayanihan_app::ledger::verify(&app.store, &kept)
        .await
        .unwrap()
        .is_intact());
    // … but whoever holds it cannot vouch for anything later,
    let head = app
        .store
        .chain_heads()
        .await
        .unwrap()
        .into_iter()
        .find(|(o, _)| *o == org)
        .unwrap()
        .1;
    let late = bayanihan_app::ledger::sign(
        &old,
        bayanihan_domain::chain::Checkpoint {
            organization: org,
            seq: head.seq,
            hash: head.hash,
            taken_at: jiff::Timestamp::now().to_string(),
        },
    );
    let v = bayanihan_app::ledger::verify(&app.store, &[late])
        .await
        .unwrap();
    assert!(
        !v.is_intact() && v.bad_checkpoints[0].contains("retired"),
        "{v:?}"
    );
    // and a server still running with it signs nothing until restarted with the new one.
    assert_eq!(
        bayanihan_app::ledger::daily_checkpoint(&app.store, &old)
            .await
            .unwrap(),
        0
    );
    let keys = app.store.signing_keys().await.unwrap();
    assert_eq!(keys.iter().filter(|k| k.2.is_none()).count(), 1);
    assert!(keys
        .iter()
        .any(|k| k.0 == bayanihan_app::ledger::public_key(&new) && k.2.is_none()));
}

/// `org` owes `farm` ₱250.00: an obligation and its ledger transaction, sealed.
async fn owes(app: &crate::support::TestApp, org: uuid::Uuid, farm: uuid::Uuid) {
    app.store
        .record_obligation(
            org,
            farm,
            bayanihan_domain::Money::new(25_000, bayanihan_domain::Currency::PHP),
            "2026-12-01".parse().unwrap(),
        )
        .await
        .unwrap();
}
