//! The server-rendered pages: sign-in with CSRF, the shop with its price breakdown, ordering
//! and cancelling without JavaScript, languages, escaping, and the page-weight budget.

use bayanihan_domain::person::MembershipRole::*;
use bayanihan_domain::trade::allocation::Policy;
use bayanihan_domain::trade::catalog::{ProductDraft, ProductInput};
use bayanihan_domain::trade::pricing::{Fee, FeeBasis, FeeKind};
use bayanihan_domain::Currency;
use bayanihan_store::trade::{CycleDraft, OfferDraft, Participant};
use uuid::Uuid;

use crate::support::{spawn_app, TestApp};

/// The value of the first hidden `csrf` field of a page.
pub(crate) fn csrf(html: &str) -> String {
    html.split("name=\"csrf\" value=\"")
        .nth(1)
        .and_then(|r| r.split('"').next())
        .expect("a csrf field")
        .to_string()
}

/// A cycle of the hub with one offer of rice (₱200 + 12.5 % coordination + ₱15 transport).
static WEEK: std::sync::atomic::AtomicU64 = std::sync::atomic::AtomicU64::new(0);

pub(crate) async fn cycle(
    app: &TestApp,
    hub: Uuid,
    farm: Uuid,
    group: Uuid,
    quantity: u64,
) -> (Uuid, Uuid) {
    let rice = app
        .store
        .create_product(
            farm,
            &ProductDraft::parse(&ProductInput {
                name: Some("Brown <rice>".into()),
                category: Some("rice".into()),
                unit: Some("bag of 5 kg".into()),
                unit_mass_kg: Some(5.0),
                ..Default::default()
            })
            .unwrap(),
        )
        .await
        .unwrap();
    let now = jiff::Timestamp::now();
    let c = app
        .store
        .create_cycle(&CycleDraft {
            hub_id: hub,
            // A hub's cycles have names of their own: the first is Week 10, the next Week 11…
            name: format!(
                "Week {}",
                10 + WEEK.fetch_add(1, std::sync::atomic::Ordering::Relaxed)
            ),
            currency: Currency::PHP,
            policy: Policy::FirstCome,
            opens_at: now - jiff::SignedDuration::from_hours(1),
            closes_at: now + jiff::SignedDuration::from_hours(24),
            delivery_date: "2026-12-05".parse().unwrap(),
            payment_terms_days: 14,
            pickup_points: vec![],
            producers: vec![farm],
            consumer_groups: vec![Participant {
                organization_id: group,
                tier: 0,
            }],
        })
        .await
        .unwrap();
    let offer = app
        .store
        .create_offer(
            c.id,
            &OfferDraft {
                product_id: rice.id,
                quantity,
                producer_price_minor: 20_000,
                fees: vec![
                    Fee {
                        kind: FeeKind::Coordination,
                        basis: FeeBasis::Percent {
                            basis_points: 1_250,
                        },
                        recipient: hub,
                    },
                    Fee {
                        kind: FeeKind::Transport,
                        basis: FeeBasis::PerUnit { minor: 1_500 },
                        recipient: hub,
                    },
                ],
                transport: None,
            },
        )
        .await
        .unwrap();
    (c.id, offer.id)
}

/// A new person with `roles` in `org`, signed in through the sign-in page on `app`'s client.
pub(crate) async fn signed_in(
    app: &TestApp,
    email: &str,
    org: Uuid,
    roles: &[bayanihan_domain::person::MembershipRole],
) {
    let person = app
        .person_with_password(email, "a long enough password")
        .await;
    app.store
        .add_membership(&bayanihan_store::NewMembership {
            person_id: person,
            organization_id: org,
            roles: roles.to_vec(),
            stakeholder: None,
            since: "2025-01-01".parse().unwrap(),
        })
        .await
        .unwrap();
    sign_in(app, email, "a long enough password").await;
}

pub(crate) async fn sign_in(app: &TestApp, email: &str, password: &str) -> reqwest::Response {
    let form = app.text("/signin").await;
    app.http
        .post(app.url("/signin"))
        .form(&[
            ("csrf", csrf(&form).as_str()),
            ("email", email),
            ("password", password),
        ])
        .send()
        .await
        .unwrap()
}

#[tokio::test]
async fn a_member_signs_in_orders_and_cancels_without_javascript() {
    let app = spawn_app().await;
    let hub = app.org("Likha Hub", "social_enterprise").await;
    let farm = app.org("Kapatiran", "producer_cooperative").await;
    let group = app.org("Malaya Group", "consumer_cooperative").await;
    let jun = app
        .person_with_password("jun@example.org", "a long passphrase")
        .await;
    app.store
        .add_membership(&bayanihan_store::NewMembership {
            person_id: jun,
            organization_id: group,
            roles: vec![Member],
            stakeholder: None,
            since: "2025-01-01".parse().unwrap(),
        })
        .await
        .unwrap();
    let (cid, offer) = cycle(&app, hub, farm, group, 10).await;

    // Visitors see the shop and where the money goes, but no order form.
    let shop = app.text(&format!("/cycles/{cid}")).await;
    assert!(shop.contains("Where your money goes"));
    assert!(
        shop.contains("Of ₱240.00 the producer gets ₱200.00."),
        "{shop}"
    );
    assert!(
        !shop.contains("<rice>") && shop.contains("Brown &#60;rice&#62;"),
        "names are escaped: {shop}"
    );
    assert!(!shop.contains("name=\"offer_id\""));

    // A wrong password keeps the e-mail in the form and says why.
    let res = sign_in(&app, "jun@example.org", "wrong").await;
    assert_eq!(res.status(), 401);
    let html = res.text().await.unwrap();
    assert!(html.contains("The e-mail address or the password is not right."));
    assert!(html.contains("value=\"jun@example.org\""));
    // A forged form (no token) is refused.
    let res = app
        .http
        .post(app.url("/signin"))
        .form(&[
            ("email", "jun@example.org"),
            ("password", "a long passphrase"),
        ])
        .send()
        .await
        .unwrap();
    assert_eq!(res.status(), 403);

    let res = sign_in(&app, "jun@example.org", "a long passphrase").await;
    assert!(res.status().is_success(), "{}", res.status());
    let home = res.text().await.unwrap();
    assert!(
        home.contains("Hello, jun@example.org") || home.contains("Hello, Someone"),
        "{home}"
    );

    let shop = app.text(&format!("/cycles/{cid}")).await;
    let token = csrf(&shop);
    // Too many: the shop comes back with the reason and the quantity kept.
    let res = app
        .http
        .post(app.url(&format!("/cycles/{cid}/order")))
        .form(&[
            ("csrf", token.as_str()),
            ("offer_id", &offer.to_string()),
            ("group_id", &group.to_string()),
            ("quantity", "11"),
        ])
        .send()
        .await
        .unwrap();
    assert_eq!(res.status(), 409);
    let html = res.text().await.unwrap();
    assert!(
        html.contains("Only 10 left. Please ask for fewer."),
        "{html}"
    );
    assert!(html.contains("value=\"11\""), "the quantity typed is kept");
    let res = app
        .http
        .post(app.url(&format!("/cycles/{cid}/order")))
        .form(&[
            ("csrf", token.as_str()),
            ("offer_id", &offer.to_string()),
            ("group_id", &group.to_string()),
            ("quantity", "3"),
        ])
        .send()
        .await
        .unwrap();
    assert!(res.status().is_success());
    assert!(res.text().await.unwrap().contains("Added to your order."));
    let mine = app.text(&format!("/cycles/{cid}/my-order")).await;
    assert!(mine.contains("₱720.00"), "3 × ₱240 {mine}");
    let line = app.store.lines(cid, None, Some(jun)).await.unwrap();
    assert_eq!(line.len(), 1);
    let res = app
        .http
        .post(app.url(&format!("/lines/{}/cancel", line[0].id)))
        .form(&[("csrf", csrf(&mine).as_str())])
        .send()
        .await
        .unwrap();
    assert!(res.status().is_success());
    assert!(app
        .store
        .lines(cid, None, Some(jun))
        .await
        .unwrap()
        .is_empty());

    // The language chosen is remembered for the person.
    let res = app
        .http
        .post(app.url("/lang"))
        .form(&[
            ("csrf", csrf(&mine).as_str()),
            ("lang", "fil"),
            ("back", "/organizations"),
        ])
        .send()
        .await
        .unwrap();
    let html = res.text().await.unwrap();
    assert!(
        html.contains("<html lang=\"fil\">") && html.contains("Direktoryo"),
        "{html}"
    );
    assert_eq!(
        app.store
            .person(jun, false)
            .await
            .unwrap()
            .language
            .as_deref(),
        Some("fil")
    );
}

#[tokio::test]
async fn closing_a_cycle_takes_a_confirmation_that_says_what_will_happen() {
    let app = spawn_app().await;
    let hub = app.org("Hub", "consumer_cooperative").await;
    let farm = app.org("Farm", "producer_cooperative").await;
    let (c, offer) = cycle(&app, hub, farm, hub, 10).await;
    app.store
        .place_line(
            c,
            &bayanihan_store::trade::NewLine {
                offer_id: offer,
                consumer_group_id: hub,
                person_id: None,
                pickup_point_id: None,
                quantity: 3,
                tier: None,
            },
        )
        .await
        .unwrap();
    signed_in(&app, "coordinator@example.org", hub, &[Coordinator]).await;
    // The manage page only leads to the confirmation: no form closes from it.
    let manage = app.text(&format!("/cycles/{c}/manage")).await;
    assert!(
        manage.contains(&format!("href=\"/cycles/{c}/close\"")),
        "{manage}"
    );
    assert!(!manage.contains(&format!("action=\"/cycles/{c}/close\"")));
    let confirm = app.text(&format!("/cycles/{c}/close")).await;
    for said in [
        "1 order line is allocated",
        "3 of the 3 units asked for are given",
        "1 invoice is issued, ₱",
        "cannot be undone",
    ] {
        assert!(confirm.contains(said), "{said}: {confirm}");
    }
    // A post without the confirmation leads back to it and closes nothing.
    let res = app
        .http
        .post(app.url(&format!("/cycles/{c}/close")))
        .form(&[("csrf", csrf(&confirm).as_str())])
        .send()
        .await
        .unwrap();
    assert!(res.url().path().ends_with("/close"), "{}", res.url());
    assert!(!app.store.cycle(c).await.unwrap().is_closed());
    // The confirmation's own button closes it.
    let res = app
        .http
        .post(app.url(&format!("/cycles/{c}/close")))
        .form(&[("csrf", csrf(&confirm).as_str()), ("confirm", "yes")])
        .send()
        .await
        .unwrap();
    assert!(res.url().as_str().ends_with("closed=1"), "{}", res.url());
    assert!(app.store.cycle(c).await.unwrap().is_closed());
    // Closed: the confirmation page has nothing left to confirm.
    let res = app
        .http
        .get(app.url(&format!("/cycles/{c}/close")))
        .send()
        .await
        .unwrap();
    assert!(res.url().path().ends_with("/manage"), "{}", res.url());
}

#[tokio::test]
async fn the_money_page_reads_like_a_statement_and_payments_take_a_confirmation() {
    let app = spawn_app().await;
    let hub = app.org("Hub Co-op", "consumer_cooperative").await;
    let farm = app.org("Farm", "producer_cooperative").await;
    let group = app.org("Barangay Malaya", "consumer_cooperative").await;
    let (c, offer) = cycle(&app, hub, farm, group, 10).await;
    app.store
        .place_line(
            c,
            &bayanihan_store::trade::NewLine {
                offer_id: offer,
                consumer_group_id: group,
                person_id: None,
                pickup_point_id: None,
                quantity: 1,
                tier: None,
            },
        )
        .await
        .unwrap();
    app.store.close_cycle(c).await.unwrap();
    signed_in(&app, "treasurer@example.org", group, &[Member, Treasurer]).await;
    let page = app.text(&format!("/organizations/{group}/money")).await;
    // Directions in words, the cycle named, the invoice linked, the amount field left empty.
    assert!(page.contains("You owe Hub Co-op ₱"), "{page}");
    let name = app.store.cycle(c).await.unwrap().name;
    assert!(page.contains(&format!("for {name}")), "{page}");
    assert!(page.contains("In all, you owe Hub Co-op ₱"), "{page}");
    assert!(
        page.contains(&format!("/cycles/{c}/invoices/{group}")),
        "{page}"
    );
    assert!(!page.contains(" → "));
    assert!(page.contains("placeholder=\""));
    let ob = app.store.obligations(Some(group), true).await.unwrap()[0].id;
    let pay = |confirm: bool| {
        let mut form = vec![
            ("csrf", csrf(&page)),
            ("org", group.to_string()),
            ("amount", "1.00".to_string()),
            ("method", "cash".to_string()),
            ("reference", String::new()),
        ];
        if confirm {
            form.push(("confirm", "1".to_string()));
        }
        app.http
            .post(app.url(&format!("/obligations/{ob}/pay")))
            .form(&form)
            .send()
    };
    let res = pay(false).await.unwrap();
    assert_eq!(res.status(), 422);
    assert!(res.text().await.unwrap().contains("Please confirm"));
    assert!(app.store.obligation(ob).await.unwrap().outstanding.minor() > 0);
    let before = app.store.obligation(ob).await.unwrap().outstanding;
    let res = pay(true).await.unwrap();
    assert!(res.url().as_str().ends_with("paid=1"), "{}", res.url());
    assert_eq!(
        app.store.obligation(ob).await.unwrap().outstanding.minor(),
        before.minor() - 100
    );
}

#[tokio::test]
async fn ordering_again_adds_to_the_line_and_the_basket_changes_it() {
    let app = spawn_app().await;
    let hub = app.org("Hub", "consumer_cooperative").await;
    let farm = app.org("Farm", "producer_cooperative").await;
    let (c, offer) = cycle(&app, hub, farm, hub, 50).await;
    signed_in(&app, "member@example.org", hub, &[Member]).await;
    let shop = app.text(&format!("/cycles/{c}")).await;
    assert!(
        !shop.contains("id=\"basket\""),
        "no basket before the first line"
    );
    let order = |quantity: &'static str| {
        let token = csrf(&shop);
        let app = &app;
        async move {
            app.http
                .post(app.url(&format!("/cycles/{c}/order")))
                .form(&[
                    ("csrf", token.as_str()),
                    ("offer_id", &offer.to_string()),
                    ("group_id", &hub.to_string()),
                    ("quantity", quantity),
                ])
                .send()
                .await
                .unwrap()
        }
    };
    order("2").await;
    let res = order("3").await;
    assert_eq!(res.status(), 200);
    let page = res.text().await.unwrap();
    let lines = app.store.lines(c, Some(hub), None).await.unwrap();
    assert_eq!(
        lines.len(),
        1,
        "one line per product, however often it is ordered"
    );
    assert_eq!(lines[0].quantity, 5);
    // The basket shows it with its total, and changes it.
    assert!(page.contains("id=\"basket\""), "{page}");
    assert!(page.contains("value=\"5\""), "{page}");
    let res = app
        .http
        .post(app.url(&format!("/lines/{}/quantity", lines[0].id)))
        .form(&[("csrf", csrf(&page).as_str()), ("quantity", "1")])
        .send()
        .await
        .unwrap();
    assert_eq!(res.status(), 200);
    assert_eq!(app.store.line(lines[0].id).await.unwrap().quantity, 1);
    // 0 takes it out; the basket goes with it.
    let page = res.text().await.unwrap();
    let res = app
        .http
        .post(app.url(&format!("/lines/{}/quantity", lines[0].id)))
        .form(&[("csrf", csrf(&page).as_str()), ("quantity", "0")])
        .send()
        .await
        .unwrap();
    assert!(!res.text().await.unwrap().contains("id=\"basket\""));
    assert!(app
        .store
        .lines(c, Some(hub), None)
        .await
        .unwrap()
        .is_empty());
}

#[tokio::test]
async fn visitors_get_the_language_their_browser_asks_for() {
    let app = spawn_app().await;
    for (accept, lang, word) in [
        ("ja,en;q=0.5", "ja", "団体"),
        ("fil-PH", "fil", "Direktoryo"),
        ("id", "id", "Direktori"),
        ("de", "en", "Directory"),
    ] {
        let html = app
            .http
            .get(app.url("/organizations"))
            .header("accept-language", accept)
            .send()
            .await
            .unwrap()
            .text()
            .await
            .unwrap();
        assert!(
            html.contains(&format!("<html lang=\"{lang}\">")),
            "{accept}"
        );
        assert!(html.contains(word), "{accept}: {word}");
    }
}

#[tokio::test]
async fn every_page_stays_within_50_kb_compressed() {
    let app = spawn_app().await;
    let hub = app.org("Hub", "social_enterprise").await;
    let farm = app.org("Farm", "producer_cooperative").await;
    let group = app.org("Group", "consumer_cooperative").await;
    for i in 0..60 {
        app.org(&format!("Organization {i}"), "association").await;
    }
    let (cid, _) = cycle(&app, hub, farm, group, 10).await;
    // reqwest here does not decompress, so the bytes counted are the bytes sent.
    let mut css = 0;
    for path in [
        "/static/base.css".to_string(),
        "/".into(),
        "/signin".into(),
        "/organizations".into(),
        format!("/organizations/{farm}"),
        format!("/cycles/{cid}"),
        "/map".into(),
        "/map?country=PH".into(),
        "/map/territories?country=PH".into(),
    ] {
        let res = app
            .http
            .get(app.url(&path))
            .header("accept-encoding", "gzip")
            .send()
            .await
            .unwrap();
        assert_eq!(res.status(), 200, "{path}");
        let gz = res
            .headers()
            .get("content-encoding")
            .is_some_and(|v| v == "gzip");
        let bytes = res.bytes().await.unwrap().len();
        if path.ends_with(".css") {
            css = bytes;
            continue;
        }
        assert!(gz || bytes < 1_000, "{path} is compressed");
        assert!(
            bytes + css < 50 * 1024,
            "{path}: {} bytes with its stylesheet",
            bytes + css
        );
    }
}

#[tokio::test]
async fn unknown_pages_and_bad_ids_are_friendly_404s() {
    let app = spawn_app().await;
    for path in [
        "/nowhere",
        "/organizations/not-an-id",
        &format!("/cycles/{}", Uuid::new_v4()),
    ] {
        let res = app.http.get(app.url(path)).send().await.unwrap();
        assert_eq!(res.status(), 404, "{path}");
        assert!(
            res.text().await.unwrap().contains("<h1>Not found</h1>"),
            "{path}"
        );
    }
}

#[tokio::test]
async fn form_errors_are_said_in_the_readers_language_with_the_input_kept() {
    let app = spawn_app().await;
    let hub = app.org("Hub", "social_enterprise").await;
    let farm = app.org("Farm", "producer_cooperative").await;
    let group = app.org("Group", "consumer_cooperative").await;
    let ana = app
        .person_with_password("ana@example.org", "a long passphrase")
        .await;
    app.store
        .add_membership(&bayanihan_store::NewMembership {
            person_id: ana,
            organization_id: group,
            roles: vec![Member, Coordinator],
            stakeholder: None,
            since: "2025-01-01".parse().unwrap(),
        })
        .await
        .unwrap();
    app.store
        .set_person_language(ana, Some("fil"))
        .await
        .unwrap();
    let (cid, offer) = cycle(&app, hub, farm, group, 10).await;
    assert!(sign_in(&app, "ana@example.org", "a long passphrase")
        .await
        .status()
        .is_success());

    // A quantity that is not a number: the field is named in Filipino, the input kept.
    let shop = app.text(&format!("/cycles/{cid}")).await;
    let res = app
        .http
        .post(app.url(&format!("/cycles/{cid}/order")))
        .form(&[
            ("csrf", csrf(&shop).as_str()),
            ("offer_id", &offer.to_string()),
            ("group_id", &group.to_string()),
            ("quantity", "lima"),
        ])
        .send()
        .await
        .unwrap();
    let html = res.text().await.unwrap();
    let expected = bayanihan_web::i18n::tr_args(
        bayanihan_web::i18n::Lang::Fil,
        "error-fields",
        &[(
            "fields",
            bayanihan_web::i18n::tr(bayanihan_web::i18n::Lang::Fil, "field-quantity").into(),
        )],
    );
    let english = bayanihan_web::i18n::tr_args(
        bayanihan_web::i18n::Lang::En,
        "error-fields",
        &[(
            "fields",
            bayanihan_web::i18n::tr(bayanihan_web::i18n::Lang::En, "field-quantity").into(),
        )],
    );
    assert_ne!(expected, english, "the Filipino message is a translation");
    assert!(html.contains(&expected), "{expected} in {html}");
    assert!(html.contains("<html lang=\"fil\">"));

    // Adding someone who is a member already: said in Filipino, the e-mail kept.
    let page = app.text(&format!("/organizations/{group}/members")).await;
    let res = app
        .http
        .post(app.url(&format!("/organizations/{group}/members/add")))
        .form(&[
            ("csrf", csrf(&page).as_str()),
            ("email", "ana@example.org"),
            ("name", ""),
            ("role", "member"),
            ("stakeholder", "consumer"),
        ])
        .send()
        .await
        .unwrap();
    assert_eq!(res.status(), 422);
    let html = res.text().await.unwrap();
    assert!(
        html.contains(&bayanihan_web::i18n::tr(
            bayanihan_web::i18n::Lang::Fil,
            "members-error-exists"
        )),
        "{html}"
    );
    assert!(html.contains("value=\"ana@example.org\""));
}
