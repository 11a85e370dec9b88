//! Every POST route of the pages, table-tested like the API's matrix: without the form's CSRF
//! token → 403, as a role that may not → 403, and in both cases nothing written (every table
//! compared before and after). The table is checked against the router's source, so a new
//! POST page without a row fails here.

use std::collections::BTreeSet;

use bayanihan_domain::person::MembershipRole::{self, *};
use bayanihan_domain::{Currency, Money};
use bayanihan_store::trade::NewLine;
use uuid::Uuid;

use crate::pages::csrf;
use crate::support::{spawn_app, TestApp};

/// A browser signed in as a new person with `memberships`: its own cookie jar, and the
/// session's form token.
pub(crate) async fn browser(
    app: &TestApp,
    email: &str,
    memberships: &[(Uuid, &[MembershipRole])],
) -> (reqwest::Client, String) {
    let person = app
        .person_with_password(email, "a long enough password")
        .await;
    app.join(person, memberships).await;
    let http = reqwest::Client::builder()
        .cookie_store(true)
        .redirect(reqwest::redirect::Policy::none())
        .build()
        .unwrap();
    let form = http
        .get(app.url("/signin"))
        .send()
        .await
        .unwrap()
        .text()
        .await
        .unwrap();
    let res = http
        .post(app.url("/signin"))
        .form(&[
            ("csrf", csrf(&form).as_str()),
            ("email", email),
            ("password", "a long enough password"),
        ])
        .send()
        .await
        .unwrap();
    assert!(res.status().is_redirection(), "signed in as {email}");
    let home = http
        .get(app.url("/home"))
        .send()
        .await
        .unwrap()
        .text()
        .await
        .unwrap();
    (http, csrf(&home))
}

/// The POST routes of the pages, read from the router's source.
fn post_routes() -> BTreeSet<String> {
    let source = include_str!("../../src/pages/mod.rs");
    let router = &source[source.find("pub fn router()").expect("the router")..];
    router
        .split(".route(")
        .skip(1)
        .filter(|chunk| chunk.contains("post("))
        .filter_map(|chunk| chunk.split('"').nth(1).map(str::to_string))
        .collect()
}

#[tokio::test]
async fn every_post_page_refuses_forged_and_unauthorized_forms_and_survives_any_body() {
    let app = spawn_app().await;
    let network = app.org("Network", "network").await;
    let org = app.org("Org", "consumer_cooperative").await;
    let farm = app.org("Farm", "producer_cooperative").await;
    let outside = app.org("Outside", "association").await;
    for o in [org, farm] {
        app.store
            .add_network_member(network, o, "2025-01-01".parse().unwrap())
            .await
            .unwrap();
    }
    let (member, member_csrf) = browser(&app, "member@people.example", &[(org, &[Member])]).await;
    let member_id = app
        .store
        .person_id_by_email(&bayanihan_domain::Email::parse("member@people.example").unwrap())
        .await
        .unwrap()
        .unwrap();
    let (coordinator, coordinator_csrf) = browser(
        &app,
        "coord@people.example",
        &[(org, &[Member, Coordinator])],
    )
    .await;
    let (admin, admin_csrf) = browser(&app, "admin@people.example", &[(org, &[Admin])]).await;
    let (farmer, farmer_csrf) = browser(&app, "farmer@people.example", &[(farm, &[Admin])]).await;
    let (steward, steward_csrf) =
        browser(&app, "steward@people.example", &[(network, &[Admin])]).await;
    let (outsider, outsider_csrf) =
        browser(&app, "outsider@people.example", &[(outside, &[Admin])]).await;

    let (open_cycle, open_offer) = crate::pages::cycle(&app, org, farm, org, 100).await;
    let line = app
        .store
        .place_line(
            open_cycle,
            &NewLine {
                offer_id: open_offer,
                consumer_group_id: org,
                person_id: Some(member_id),
                pickup_point_id: None,
                quantity: 1,
                tier: None,
            },
        )
        .await
        .unwrap();
    let product = app.store.offer(open_offer).await.unwrap().product.id;
    let php = |v| Money::new(v, Currency::PHP);
    let due = "2026-03-01".parse().unwrap();
    let ob = app
        .store
        .record_obligation(org, farm, php(10_000), due)
        .await
        .unwrap();
    app.store
        .record_obligation(farm, org, php(4_000), due)
        .await
        .unwrap();
    let payment = app
        .store
        .paid_obligation(org, farm, php(3_000), 1_000, due)
        .await
        .unwrap();
    let round = app
        .store
        .propose_clearing(network, Currency::PHP, None)
        .await
        .unwrap()
        .id;
    let victim = app
        .person("victim@people.example", &[(org, &[Member])])
        .await
        .0;
    let erasable = app
        .person("erasable@people.example", &[(org, &[Member])])
        .await
        .0;
    // A season of O for the farm's product, signing up now; the member holds a share.
    let season =
        crate::matrix::season_from_now(&app, org, farm, product, org, (-1, 10, 30, 90)).await;
    let share = crate::matrix::share_of(&app, &season, org, member_id).await;
    let (kind, pickup) = (season.share_kinds[0].id, season.pickup_points[0].id);
    let season = season.id;
    // O's general assembly and an open proposal of it.
    let gov_body = app
        .store
        .create_body(
            org,
            &serde_json::from_value::<bayanihan_domain::governance::decision::BodyInput>(
                serde_json::json!({"name": "General assembly", "electorate": "members", "proxy_limit": 1}),
            )
            .unwrap()
            .parse()
            .unwrap(),
        )
        .await
        .unwrap()
        .id;
    let now = jiff::Timestamp::now();
    let decision = app
        .store
        .open_decision(
            &bayanihan_domain::governance::decision::DecisionDraft {
                body_id: gov_body,
                title: "Buy a rice mill".into(),
                details: String::new(),
                rules: bayanihan_domain::governance::Rules::new(
                    bayanihan_domain::governance::DecisionKind::Proposal,
                    bayanihan_domain::governance::PROPOSAL_OPTIONS
                        .iter()
                        .map(|s| s.to_string())
                        .collect(),
                    vec![],
                    bayanihan_domain::governance::Threshold::Simple,
                ),
                anonymous: false,
                action: None,
                opens_at: now,
                closes_at: now + jiff::SignedDuration::from_hours(24),
            },
            member_id,
            now.as_microsecond(),
        )
        .await
        .unwrap()
        .id;
    let coordinator_id = app
        .store
        .person_id_by_email(&bayanihan_domain::Email::parse("coord@people.example").unwrap())
        .await
        .unwrap()
        .unwrap();
    app.store.backdate_demo_memberships(0).await.unwrap();

    type Who<'a> = (&'a reqwest::Client, &'a str);
    type Fields = Vec<(&'static str, String)>;
    // (route as in the router, the path to post to, the fields, who may, who may not).
    // O keeps a book with one loan received, for its repayment form.
    app.store
        .set_book_rules(
            org,
            &bayanihan_domain::finance::book::Rules {
                currency: Currency::PHP,
                compulsory_saving: 1_000,
                withdrawal_rule: bayanihan_domain::finance::book::WithdrawalRule::Voluntary,
                min_members: 2,
                max_members: 100,
            },
        )
        .await
        .unwrap();
    let borrowing = app
        .store
        .record_borrowing(
            org,
            member_id,
            &serde_json::from_value(
                serde_json::json!({"lender_name": "Bank", "received_on": "2025-01-06",
                "principal": "1000.00", "annual_rate": "12", "instalments": 12}),
            )
            .unwrap(),
            bayanihan_domain::finance::book::Numbers::Plain,
            "2026-01-01".parse().unwrap(),
        )
        .await
        .unwrap();
    // O's investment offer, and the member's commitment to it.
    let offer = app
        .store
        .open_investment_offer(
            org,
            member_id,
            &bayanihan_domain::finance::investment::Offer::parse(
                &serde_json::from_value(serde_json::json!({"purpose": "A mill", "currency": "PHP",
                    "target": "1000.00", "min_ticket": "1.00", "term_months": 12, "per_year": 4,
                    "closes_on": "2099-12-31"}))
                .unwrap(),
                bayanihan_domain::finance::book::Numbers::Plain,
                "2026-01-01".parse().unwrap(),
            )
            .unwrap(),
        )
        .await
        .unwrap();
    let commitment = app
        .store
        .commit_investment(
            offer,
            member_id,
            &serde_json::from_value(serde_json::json!({"amount": "10.00", "currency": "PHP"}))
                .unwrap(),
            bayanihan_domain::finance::book::Numbers::Plain,
            "2026-01-01".parse().unwrap(),
        )
        .await
        .unwrap();
    let rows: Vec<(&str, String, Fields, Who, Option<Who>)> = vec![
        (
            "/signin",
            "/signin".into(),
            vec![
                ("email", "member@people.example".into()),
                ("password", "a long enough password".into()),
            ],
            (&outsider, &outsider_csrf),
            None,
        ),
        (
            "/signout",
            "/signout".into(),
            vec![],
            (&member, &member_csrf),
            None,
        ),
        (
            "/lang",
            "/lang".into(),
            vec![("lang", "fil".into()), ("back", "/".into())],
            (&member, &member_csrf),
            None,
        ),
        (
            "/organizations/{id}/links",
            format!("/organizations/{org}/links"),
            vec![
                ("network", network.to_string()),
                ("member", org.to_string()),
                ("to", "ended".into()),
                ("confirm", "1".into()),
            ],
            (&admin, &admin_csrf),
            Some((&member, &member_csrf)),
        ),
        (
            "/organizations/{id}/publish",
            format!("/organizations/{org}/publish"),
            vec![
                ("website", "https://org.coop.example".into()),
                ("gender_counts", "1".into()),
            ],
            (&admin, &admin_csrf),
            Some((&member, &member_csrf)),
        ),
        (
            "/organizations/{id}/listing",
            format!("/organizations/{network}/listing"),
            vec![("member", farm.to_string()), ("approve", "1".into())],
            (&steward, &steward_csrf),
            Some((&farmer, &farmer_csrf)),
        ),
        (
            "/organizations/{id}/unpublish",
            format!("/organizations/{org}/unpublish"),
            vec![("confirm", "1".into())],
            (&admin, &admin_csrf),
            Some((&member, &member_csrf)),
        ),
        (
            "/cycles/{id}/order",
            format!("/cycles/{open_cycle}/order"),
            vec![
                ("offer_id", open_offer.to_string()),
                ("group_id", org.to_string()),
                ("quantity", "1".into()),
            ],
            (&member, &member_csrf),
            Some((&outsider, &outsider_csrf)),
        ),
        (
            "/lines/{id}/cancel",
            format!("/lines/{}/cancel", line.id),
            vec![],
            (&member, &member_csrf),
            Some((&outsider, &outsider_csrf)),
        ),
        (
            "/lines/{id}/quantity",
            format!("/lines/{}/quantity", line.id),
            vec![("quantity", "2".into())],
            (&member, &member_csrf),
            Some((&outsider, &outsider_csrf)),
        ),
        (
            "/cycles/{id}/close",
            format!("/cycles/{open_cycle}/close"),
            vec![],
            (&coordinator, &coordinator_csrf),
            Some((&member, &member_csrf)),
        ),
        (
            "/cycles/{id}/clone",
            format!("/cycles/{open_cycle}/clone"),
            vec![],
            (&coordinator, &coordinator_csrf),
            Some((&member, &member_csrf)),
        ),
        (
            "/obligations/{id}/pay",
            format!("/obligations/{ob}/pay"),
            vec![
                ("org", org.to_string()),
                ("amount", "1.00".into()),
                ("method", "cash".into()),
                ("reference", String::new()),
                ("confirm", "1".into()),
            ],
            (&admin, &admin_csrf),
            Some((&member, &member_csrf)),
        ),
        (
            "/cycles/{id}/offers",
            format!("/cycles/{open_cycle}/offers"),
            vec![
                ("product", product.to_string()),
                ("quantity", "5".into()),
                ("producer_price", "10".into()),
            ],
            (&coordinator, &coordinator_csrf),
            Some((&member, &member_csrf)),
        ),
        (
            "/cycles/{id}/edit",
            format!("/cycles/{open_cycle}/edit"),
            vec![
                ("name", "Renamed".into()),
                ("opens", "2026-01-01T08:00".into()),
                ("closes", "2030-01-01T08:00".into()),
                ("delivery", "2030-01-02".into()),
            ],
            (&coordinator, &coordinator_csrf),
            Some((&member, &member_csrf)),
        ),
        (
            "/offers/{id}",
            format!("/offers/{open_offer}"),
            vec![("quantity", "100".into()), ("producer_price", "10".into())],
            (&coordinator, &coordinator_csrf),
            Some((&member, &member_csrf)),
        ),
        (
            "/offers/{id}/withdraw",
            format!("/offers/{open_offer}/withdraw"),
            vec![("confirm", "1".into())],
            (&coordinator, &coordinator_csrf),
            Some((&member, &member_csrf)),
        ),
        (
            "/organizations/{id}/products",
            format!("/organizations/{farm}/products"),
            vec![
                ("name", "Ube jam".into()),
                ("category", "processed_food".into()),
                ("unit", "jar".into()),
                ("unit_mass_kg", "0,35".into()),
            ],
            (&farmer, &farmer_csrf),
            Some((&admin, &admin_csrf)),
        ),
        (
            "/products/{id}",
            format!("/products/{product}"),
            vec![
                ("name", "Ube jam".into()),
                ("category", "processed_food".into()),
                ("unit", "jar".into()),
                ("unit_mass_kg", "0.35".into()),
            ],
            (&farmer, &farmer_csrf),
            Some((&admin, &admin_csrf)),
        ),
        // Sent as multipart/form-data with a photo (see below).
        (
            "/products/{id}/photo",
            format!("/products/{product}/photo"),
            vec![],
            (&farmer, &farmer_csrf),
            Some((&admin, &admin_csrf)),
        ),
        (
            "/products/{id}/photo/remove",
            format!("/products/{product}/photo/remove"),
            vec![("confirm", "1".into())],
            (&farmer, &farmer_csrf),
            Some((&admin, &admin_csrf)),
        ),
        (
            "/organizations/{id}/members/{person}/access",
            format!("/organizations/{org}/members/{member_id}/access"),
            vec![],
            (&admin, &admin_csrf),
            Some((&member, &member_csrf)),
        ),
        (
            "/join/{code}",
            "/join/0000000000000000".to_string(),
            vec![("password", "a long enough password".into())],
            (&member, &member_csrf),
            None,
        ),
        (
            "/forgot",
            "/forgot".to_string(),
            vec![("email", "member@people.example".into())],
            (&member, &member_csrf),
            None,
        ),
        (
            "/organizations/{id}/import",
            format!("/organizations/{org}/import"),
            vec![
                ("kind", "members".into()),
                ("text", "email,name\nnew@people.example,New\n".into()),
                ("apply", "1".into()),
                ("confirm", "1".into()),
            ],
            (&admin, &admin_csrf),
            Some((&member, &member_csrf)),
        ),
        (
            "/organizations/{id}/directory-import",
            format!("/organizations/{network}/directory-import"),
            vec![(
                "organizations",
                "key,name,kind,country,currency,time_zone\nK1,New,association,PH,PHP,Asia/Manila\n"
                    .into(),
            )],
            (&steward, &steward_csrf),
            Some((&admin, &admin_csrf)),
        ),
        (
            "/imports/{id}/apply",
            format!("/imports/{}/apply", uuid::Uuid::new_v4()),
            vec![("confirm", "1".into())],
            (&steward, &steward_csrf),
            // Someone else's import is no one's to see: 404, not 403 (tried by the job tests).
            None,
        ),
        (
            "/organizations/{id}/payment-instructions",
            format!("/organizations/{org}/payment-instructions"),
            vec![("instructions", "GCash 0917 000 0000".into())],
            (&admin, &admin_csrf),
            Some((&member, &member_csrf)),
        ),
        (
            "/payments/{id}/reverse",
            format!("/payments/{payment}/reverse"),
            vec![("org", org.to_string()), ("confirm", "1".into())],
            (&admin, &admin_csrf),
            Some((&member, &member_csrf)),
        ),
        (
            "/organizations/{id}/members/add",
            format!("/organizations/{org}/members/add"),
            vec![
                ("email", "new@people.example".into()),
                ("name", "New".into()),
                ("role", "member".into()),
                ("stakeholder", String::new()),
            ],
            (&admin, &admin_csrf),
            Some((&member, &member_csrf)),
        ),
        (
            "/organizations/{id}/members/{person}/remove",
            format!("/organizations/{org}/members/{victim}/remove"),
            vec![("confirm", "1".into())],
            (&admin, &admin_csrf),
            Some((&member, &member_csrf)),
        ),
        (
            "/organizations/{id}/members/{person}/erase",
            format!("/organizations/{org}/members/{erasable}/erase"),
            vec![("confirm", "1".into())],
            (&admin, &admin_csrf),
            Some((&member, &member_csrf)),
        ),
        (
            "/cycles/new",
            "/cycles/new".into(),
            vec![
                ("hub", org.to_string()),
                ("name", "Week 99".into()),
                ("policy", "pro_rata".into()),
                ("opens", "2026-01-01T08:00".into()),
                ("closes", "2026-01-02T08:00".into()),
                ("delivery", "2026-01-03".into()),
                ("producer", farm.to_string()),
                ("group", org.to_string()),
            ],
            (&coordinator, &coordinator_csrf),
            Some((&member, &member_csrf)),
        ),
        (
            "/cycles/{id}/returns",
            format!("/cycles/{open_cycle}/returns"),
            vec![("offer", open_offer.to_string()), ("units", "1".into())],
            (&coordinator, &coordinator_csrf),
            Some((&member, &member_csrf)),
        ),
        (
            "/organizations/{id}/jobs",
            format!("/organizations/{org}/jobs"),
            vec![
                ("fte", "1.5".into()),
                ("gender", String::new()),
                ("valid_from", "2026-01-01".into()),
                ("valid_to", "2026-12-31".into()),
            ],
            (&admin, &admin_csrf),
            Some((&member, &member_csrf)),
        ),
        (
            "/organizations/{id}/reference-prices",
            format!("/organizations/{farm}/reference-prices"),
            vec![
                ("product", product.to_string()),
                ("price", "180".into()),
                ("region", String::new()),
                ("valid_from", "2026-01-01".into()),
                ("valid_to", "2026-12-31".into()),
                ("source", "survey".into()),
            ],
            (&farmer, &farmer_csrf),
            Some((&admin, &admin_csrf)),
        ),
        (
            "/networks/{id}/clearing",
            format!("/networks/{network}/clearing"),
            vec![("currency", "PHP".into())],
            (&steward, &steward_csrf),
            Some((&admin, &admin_csrf)),
        ),
        (
            "/clearing-rounds/{id}/apply",
            format!("/clearing-rounds/{round}/apply"),
            vec![("confirm", "1".into())],
            (&steward, &steward_csrf),
            Some((&admin, &admin_csrf)),
        ),
        (
            "/clearing-rounds/{id}/discard",
            format!("/clearing-rounds/{round}/discard"),
            vec![("confirm", "1".into())],
            (&steward, &steward_csrf),
            Some((&admin, &admin_csrf)),
        ),
        // Seasons: a share is its holder's and its group's coordinators'; the season the hub's.
        (
            "/seasons/new",
            "/seasons/new".into(),
            vec![
                ("hub", org.to_string()),
                ("name", "Dry season".into()),
                ("budget", "100".into()),
            ],
            (&coordinator, &coordinator_csrf),
            Some((&member, &member_csrf)),
        ),
        (
            "/seasons/{id}/shares",
            format!("/seasons/{season}/shares"),
            vec![
                ("consumer_group_id", org.to_string()),
                ("share_kind_id", kind.to_string()),
                ("pickup_id", pickup.to_string()),
            ],
            (&coordinator, &coordinator_csrf),
            Some((&outsider, &outsider_csrf)),
        ),
        (
            "/shares/{id}/pledge",
            format!("/shares/{share}/pledge"),
            vec![("pledge", "1500.00".into())],
            (&member, &member_csrf),
            Some((&farmer, &farmer_csrf)),
        ),
        (
            "/shares/{id}/absence",
            format!("/shares/{share}/absence"),
            vec![("delivery", "1".into())],
            (&member, &member_csrf),
            Some((&outsider, &outsider_csrf)),
        ),
        (
            "/shares/{id}/cancel",
            format!("/shares/{share}/cancel"),
            vec![("confirm", "1".into())],
            (&member, &member_csrf),
            Some((&steward, &steward_csrf)),
        ),
        (
            "/seasons/{id}/advances",
            format!("/seasons/{season}/advances"),
            vec![
                ("consumer_group_id", org.to_string()),
                ("amount", "1.00".into()),
                ("method", "cash".into()),
                ("confirm", "1".into()),
            ],
            (&admin, &admin_csrf),
            Some((&member, &member_csrf)),
        ),
        (
            "/seasons/{id}/deliveries",
            format!("/seasons/{season}/deliveries"),
            vec![("delivery", "0".into()), ("confirm", "1".into())],
            (&coordinator, &coordinator_csrf),
            Some((&member, &member_csrf)),
        ),
        (
            "/seasons/{id}/harvest",
            format!("/seasons/{season}/harvest"),
            vec![
                ("delivery", "0".into()),
                ("share_kind_id", kind.to_string()),
                ("units", "1".into()),
                ("confirm", "1".into()),
            ],
            (&coordinator, &coordinator_csrf),
            Some((&member, &member_csrf)),
        ),
        (
            "/seasons/{id}/settle",
            format!("/seasons/{season}/settle"),
            vec![("confirm", "1".into())],
            (&coordinator, &coordinator_csrf),
            Some((&member, &member_csrf)),
        ),
        (
            "/organizations/{id}/wallets",
            format!("/organizations/{org}/wallets"),
            vec![
                ("person_id", member_id.to_string()),
                ("kind", "top_up".into()),
                ("amount", "10.00".into()),
                ("confirm", "1".into()),
            ],
            (&coordinator, &coordinator_csrf),
            Some((&member, &member_csrf)),
        ),
        // Governance: bodies are O's admins', decisions its coordinators'; a ballot or a
        // proxy is a member's own.
        (
            "/organizations/{id}/bodies",
            format!("/organizations/{org}/bodies"),
            vec![("name", "Board".into()), ("electorate", "members".into())],
            (&admin, &admin_csrf),
            Some((&member, &member_csrf)),
        ),
        (
            "/networks/{id}/members/{member}/stakeholder",
            format!("/networks/{network}/members/{org}/stakeholder"),
            vec![("stakeholder", "consumer".into())],
            (&steward, &steward_csrf),
            Some((&admin, &admin_csrf)),
        ),
        (
            "/organizations/{id}/decisions/new",
            format!("/organizations/{org}/decisions/new"),
            vec![
                ("body_id", gov_body.to_string()),
                ("title", "Pickup day".into()),
                ("kind", "poll".into()),
                ("options", "Saturday\nSunday".into()),
                ("threshold", "simple".into()),
                ("closes", "2099-01-01T08:00".into()),
            ],
            (&coordinator, &coordinator_csrf),
            Some((&member, &member_csrf)),
        ),
        (
            "/decisions/{id}/vote",
            format!("/decisions/{decision}/vote"),
            vec![("choice", "agree".into()), ("confirm", "1".into())],
            (&member, &member_csrf),
            Some((&outsider, &outsider_csrf)),
        ),
        (
            "/decisions/{id}/proxy",
            format!("/decisions/{decision}/proxy"),
            vec![
                ("holder_id", coordinator_id.to_string()),
                ("confirm", "1".into()),
            ],
            (&member, &member_csrf),
            Some((&outsider, &outsider_csrf)),
        ),
        // A book: its rules are O's admins', its meetings its bookkeepers'.
        (
            "/organizations/{id}/book/rules",
            format!("/organizations/{org}/book/rules"),
            vec![("compulsory_saving", "100.00".into())],
            (&admin, &admin_csrf),
            Some((&coordinator, &coordinator_csrf)),
        ),
        (
            "/organizations/{id}/book/meeting",
            format!("/organizations/{org}/book/meeting"),
            vec![
                ("held_on", "2026-01-10".into()),
                (format!("present_{member_id}").leak(), "1".into()),
                ("confirm", "1".into()),
            ],
            (&coordinator, &coordinator_csrf),
            Some((&member, &member_csrf)),
        ),
        (
            "/organizations/{id}/book/borrowing",
            format!("/organizations/{org}/book/borrowing"),
            vec![
                ("lender_name", "Bank".into()),
                ("received_on", "2026-01-02".into()),
                ("principal", "100.00".into()),
                ("annual_rate", "12".into()),
                ("instalments", "6".into()),
                ("confirm", "1".into()),
            ],
            (&coordinator, &coordinator_csrf),
            Some((&member, &member_csrf)),
        ),
        (
            "/book-borrowings/{id}/repayments",
            format!("/book-borrowings/{borrowing}/repayments"),
            vec![
                ("paid_on", "2026-01-02".into()),
                ("amount", "10.00".into()),
                ("confirm", "1".into()),
            ],
            (&coordinator, &coordinator_csrf),
            Some((&member, &member_csrf)),
        ),
        // Community investment: O's admins open and close offers, its treasurers and admins
        // record receipts and repayments; anyone signed in commits.
        (
            "/organizations/{id}/investment",
            format!("/organizations/{org}/investment"),
            vec![
                ("purpose", "A van".into()),
                ("currency", "PHP".into()),
                ("target", "100.00".into()),
                ("min_ticket", "1.00".into()),
                ("term_months", "12".into()),
                ("per_year", "4".into()),
                ("closes_on", "2099-12-31".into()),
                ("confirm", "1".into()),
            ],
            (&admin, &admin_csrf),
            Some((&coordinator, &coordinator_csrf)),
        ),
        (
            "/investment-offers/{id}/commit",
            format!("/investment-offers/{offer}/commit"),
            vec![
                ("amount", "5.00".into()),
                ("currency", "PHP".into()),
                ("confirm", "1".into()),
            ],
            (&outsider, &outsider_csrf),
            None,
        ),
        (
            "/investment-offers/{id}/close",
            format!("/investment-offers/{offer}/close"),
            vec![("confirm", "1".into())],
            (&admin, &admin_csrf),
            Some((&coordinator, &coordinator_csrf)),
        ),
        (
            "/investment-commitments/{id}/receipt",
            format!("/investment-commitments/{commitment}/receipt"),
            vec![
                ("received_on", "2026-01-02".into()),
                ("confirm", "1".into()),
            ],
            (&admin, &admin_csrf),
            Some((&member, &member_csrf)),
        ),
        (
            "/investment-commitments/{id}/repayments",
            format!("/investment-commitments/{commitment}/repayments"),
            vec![
                ("paid_on", "2026-01-03".into()),
                ("amount", "1.00".into()),
                ("confirm", "1".into()),
            ],
            (&admin, &admin_csrf),
            Some((&member, &member_csrf)),
        ),
        (
            "/organizations/{id}/book/loans/{loan_id}/reschedule",
            format!("/organizations/{org}/book/loans/{borrowing}/reschedule"),
            vec![
                ("on", "2026-01-02".into()),
                ("instalments", "6".into()),
                ("confirm", "1".into()),
            ],
            (&admin, &admin_csrf),
            Some((&coordinator, &coordinator_csrf)),
        ),
        (
            "/organizations/{id}/linkage/shares",
            format!("/organizations/{org}/linkage/shares"),
            vec![
                ("email", "member@people.example".into()),
                ("confirm", "1".into()),
            ],
            (&admin, &admin_csrf),
            Some((&coordinator, &coordinator_csrf)),
        ),
        (
            "/organizations/{id}/wallet-credit-limit",
            format!("/organizations/{org}/wallet-credit-limit"),
            vec![("credit_limit", "100.00".into())],
            (&admin, &admin_csrf),
            Some((&coordinator, &coordinator_csrf)),
        ),
    ];

    let covered: BTreeSet<String> = rows.iter().map(|r| r.0.to_string()).collect();
    assert_eq!(covered, post_routes(), "every POST page route has a row");

    let mut failures = Vec::new();
    for (route, path, fields, allowed, wrong) in &rows {
        let mut attempts: Vec<(&str, &reqwest::Client, String)> = vec![(
            "without the form token",
            allowed.0,
            "not-the-token".to_string(),
        )];
        if let Some((client, token)) = wrong {
            attempts.push(("as a role that may not", client, token.to_string()));
        }
        for (what, client, token) in attempts {
            let mut form = fields.clone();
            form.push(("csrf", token));
            let before = app.db.snapshot();
            let req = client.post(app.url(path));
            let req = if path.ends_with("/photo") || path.ends_with("import") {
                let mut parts = reqwest::multipart::Form::new().part(
                    "photo",
                    reqwest::multipart::Part::bytes(crate::support::png(64, 48))
                        .file_name("photo.png")
                        .mime_str("image/png")
                        .unwrap(),
                );
                for (k, v) in form {
                    parts = parts.text(k, v);
                }
                req.multipart(parts)
            } else {
                req.form(&form)
            };
            let res = req.send().await.unwrap();
            let status = res.status().as_u16();
            if status != 403 {
                let text = res.text().await.unwrap_or_default();
                failures.push(format!(
                    "{route} {what}: expected 403, got {status}: {}",
                    text.chars().take(160).collect::<String>()
                ));
            }
            if app.db.snapshot() != before {
                failures.push(format!("{route} {what}: the database changed"));
            }
        }
    }
    assert!(failures.is_empty(), "{}", failures.join("\n"));

    // Fuzzing the form bodies: each route, as the role that may post it and with its token,
    // gets arbitrary fields and values (and sometimes bytes that are no form at all). Every
    // answer is a page, never a server error, and the server keeps serving.
    {
        use proptest::strategy::{Strategy, ValueTree};
        let mut runner = proptest::test_runner::TestRunner::deterministic();
        let field = proptest::sample::select(vec![
            "quantity",
            "offer_id",
            "group_id",
            "amount",
            "method",
            "org",
            "email",
            "name",
            "role",
            "stakeholder",
            "hub",
            "opens",
            "closes",
            "delivery",
            "producer",
            "group",
            "units",
            "offer",
            "fte",
            "gender",
            "valid_from",
            "valid_to",
            "product",
            "price",
            "source",
            "currency",
            "network",
            "member",
            "choice",
            "choices",
            "points_a",
            "rank_1",
            "voter_id",
            "mode",
            "meeting",
            "witness",
            "holder_id",
            "body_id",
            "kind",
            "options",
            "weight_producer",
            "to",
            "confirm",
            "lang",
            "back",
            "password",
            "x",
        ]);
        let value = proptest::prop_oneof![
            "\\PC{0,24}",
            "[0-9.,-]{0,12}",
            proptest::strategy::Just(open_offer.to_string()),
            proptest::strategy::Just(org.to_string()),
            proptest::strategy::Just("\u{0}\u{1b}[31m\u{202e}".to_string()),
        ];
        let bodies = proptest::collection::vec((field, value), 0..8);
        // (Signing out would end the session the other routes post with.)
        for (route, path, _, allowed, _) in rows.iter().filter(|r| r.0 != "/signout") {
            for n in 0..12 {
                let pairs = bodies.new_tree(&mut runner).unwrap().current();
                let mut form = form_urlencoded::Serializer::new(String::new());
                form.append_pair("csrf", allowed.1);
                for (k, v) in &pairs {
                    form.append_pair(k, v);
                }
                let body = if n % 6 == 5 {
                    "%%%&&==\u{0}".to_string()
                } else {
                    form.finish()
                };
                let res = allowed
                    .0
                    .post(app.url(path))
                    .header("content-type", "application/x-www-form-urlencoded")
                    .body(body.clone())
                    .send()
                    .await
                    .unwrap_or_else(|e| panic!("{route}: no answer to {body:?}: {e}"));
                assert!(
                    res.status().as_u16() < 500,
                    "{route}: {} for {body:?}",
                    res.status()
                );
            }
        }
    }
}
