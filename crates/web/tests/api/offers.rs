//! The coordinators' view of an open cycle in the pages: offers put in with their fees,
//! changed and withdrawn (with a confirmation), what each offer would give now, and lines
//! changed from the same page.

use bayanihan_domain::person::MembershipRole::*;
use bayanihan_store::trade::NewLine;

use crate::pages::{csrf, cycle, signed_in};
use crate::support::spawn_app;

#[tokio::test]
async fn a_coordinator_runs_the_offers_of_an_open_cycle_in_the_pages() {
    let app = spawn_app().await;
    let hub = app.org("Likha Hub", "consumer_cooperative").await;
    let farm = app.org("Kapatiran", "producer_cooperative").await;
    // First come, first served: 10 bags.
    let (c, offer) = cycle(&app, hub, farm, hub, 10).await;
    let member = bayanihan_store::testing::fixtures::person(&app.store, "ana@example.org").await;
    app.join(member, &[(hub, &[Member])]).await;
    let line = app
        .store
        .place_line(
            c,
            &NewLine {
                offer_id: offer,
                consumer_group_id: hub,
                person_id: Some(member),
                pickup_point_id: None,
                quantity: 4,
                tier: None,
            },
        )
        .await
        .unwrap();
    signed_in(&app, "coord@example.org", hub, &[Coordinator]).await;
    let page = app.text(&format!("/cycles/{c}/manage")).await;
    assert!(
        page.contains("10 available, 4 asked so far — 4 given if it closed now"),
        "{page}"
    );
    assert!(
        page.contains("Someone") || page.contains("ana"),
        "the household is named"
    );
    // Ready-made messages for the group chat, with the cycle's link.
    assert!(page.contains("https://wa.me/?text="), "{page}");
    assert!(
        page.contains(&format!("%2Fcycles%2F{c}")),
        "the cycle's link is in the message"
    );
    assert!(page.contains("is%20open%20for%20orders%20until"));
    assert!(page.contains("Last%20call"));
    let token = csrf(&page);

    // A second product, put in with a percent fee to the hub and a fee per unit written with a
    // thousands separator.
    let jam = app
        .send(
            None,
            "GET",
            &format!("/api/v1/organizations/{farm}/products"),
            None,
        )
        .await
        .json::<serde_json::Value>()
        .await
        .unwrap()[0]["id"]
        .as_str()
        .unwrap()
        .to_string();
    let body = [
        ("csrf", token.as_str()),
        ("product", jam.as_str()),
        ("quantity", "20"),
        ("producer_price", "1,200.50"),
        ("fee_kind", "coordination"),
        ("fee_amount", "10"),
        ("fee_basis", "percent"),
        ("fee_recipient", &hub.to_string()),
        ("fee_kind", "transport"),
        ("fee_amount", "1,000"),
        ("fee_basis", "per_unit"),
        ("fee_recipient", &hub.to_string()),
        ("fee_kind", "packing"),
        ("fee_amount", ""),
        ("fee_basis", "per_unit"),
        ("fee_recipient", &hub.to_string()),
        ("transport_mode", ""),
        ("distance_km", ""),
    ];
    let res = app
        .http
        .post(app.url(&format!("/cycles/{c}/offers")))
        .form(&body)
        .send()
        .await
        .unwrap();
    assert_eq!(res.status(), 200);
    let text = res.text().await.unwrap();
    assert!(text.contains("The offer is added."), "{text}");
    let offers = app.store.offers(c).await.unwrap();
    let added = offers.iter().find(|o| o.id != offer).unwrap();
    assert_eq!(added.producer_price.minor(), 120_050);
    assert_eq!(added.fees.len(), 2, "the empty fee row is ignored");
    // 1,200.50 + 10 % (120.05) + 1,000 = 2,320.55
    assert_eq!(added.unit_breakdown.total.minor(), 232_055);

    // A bad price is refused, naming the field in words, the form kept.
    let mut bad = body.to_vec();
    bad[3] = ("producer_price", "twelve");
    let res = app
        .http
        .post(app.url(&format!("/cycles/{c}/offers")))
        .form(&bad)
        .send()
        .await
        .unwrap();
    assert_eq!(res.status(), 422);
    let text = res.text().await.unwrap();
    assert!(text.contains("Producer price per unit"), "{text}");
    assert!(text.contains("value=\"twelve\""));

    // Under first come the quantity may not go below what is ordered: 409, said plainly.
    let res = app
        .http
        .post(app.url(&format!("/offers/{offer}")))
        .form(&[
            ("csrf", token.as_str()),
            ("quantity", "3"),
            ("producer_price", "200"),
        ])
        .send()
        .await
        .unwrap();
    assert_eq!(res.status(), 409);
    assert!(res
        .text()
        .await
        .unwrap()
        .contains("4 unit(s) of this offer are ordered already"));
    let res = app
        .http
        .post(app.url(&format!("/offers/{offer}")))
        .form(&[
            ("csrf", token.as_str()),
            ("quantity", "6"),
            ("producer_price", "210"),
        ])
        .send()
        .await
        .unwrap();
    assert_eq!(res.status(), 200);
    let o = app.store.offer(offer).await.unwrap();
    assert_eq!(
        (o.quantity, o.producer_price.minor(), o.fees.len()),
        (6, 21_000, 0)
    );

    // The coordinator changes a member's line from the same page and comes back to it.
    let res = app
        .http
        .post(app.url(&format!("/lines/{}/quantity", line.id)))
        .form(&[
            ("csrf", token.as_str()),
            ("quantity", "5"),
            ("back", "manage"),
        ])
        .send()
        .await
        .unwrap();
    assert_eq!(res.status(), 200);
    assert!(res.url().path().ends_with("/manage"));
    assert!(res
        .text()
        .await
        .unwrap()
        .contains("6 available, 5 asked so far"));

    // Withdrawing takes the ticked "yes"; then the offer and its line are gone.
    let res = app
        .http
        .post(app.url(&format!("/offers/{offer}/withdraw")))
        .form(&[("csrf", token.as_str())])
        .send()
        .await
        .unwrap();
    assert_eq!(res.status(), 422);
    assert!(app.store.offer(offer).await.is_ok());
    let res = app
        .http
        .post(app.url(&format!("/offers/{offer}/withdraw")))
        .form(&[("csrf", token.as_str()), ("confirm", "1")])
        .send()
        .await
        .unwrap();
    assert_eq!(res.status(), 200);
    assert!(app.store.offer(offer).await.is_err());
    assert!(app.store.line(line.id).await.is_err());
}

#[tokio::test]
async fn a_member_sees_what_is_left_and_every_cycle_they_ordered_in() {
    let app = spawn_app().await;
    let hub = app.org("Likha Hub", "consumer_cooperative").await;
    let farm = app.org("Kapatiran", "producer_cooperative").await;
    let (c, offer) = cycle(&app, hub, farm, hub, 10).await;
    signed_in(&app, "ana@example.org", hub, &[Member]).await;
    let ana = app
        .store
        .person_id_by_email(&bayanihan_domain::Email::parse("ana@example.org").unwrap())
        .await
        .unwrap()
        .unwrap();
    app.store
        .place_line(
            c,
            &NewLine {
                offer_id: offer,
                consumer_group_id: hub,
                person_id: Some(ana),
                pickup_point_id: None,
                quantity: 4,
                tier: None,
            },
        )
        .await
        .unwrap();
    // First come: what is left, and the field refuses more before anything is sent.
    let shop = app.text(&format!("/cycles/{c}")).await;
    assert!(shop.contains("6 left — first come, first served"), "{shop}");
    assert!(shop.contains("max=\"6\""));
    let mine = app.text("/my-orders").await;
    let name = app.store.cycle(c).await.unwrap().name;
    assert!(mine.contains(&name));
    assert!(mine.contains("asked 4"));
    assert!(mine.contains("So far: ₱"), "{mine}");
    app.store.close_cycle(c).await.unwrap();
    let mine = app.text("/my-orders").await;
    assert!(mine.contains("asked 4, got 4:"), "{mine}");
    assert!(
        mine.contains("Your share of the group&#39;s invoice: ₱960.00 of ₱960.00"),
        "{mine}"
    );
    assert!(mine.contains("Invoice INV-000001"), "{mine}");
}

/// The one-time token of the shop's order form for `offer`.
fn once_of(shop: &str, offer: uuid::Uuid) -> String {
    let form = shop
        .split(&format!("name=\"offer_id\" value=\"{offer}\""))
        .next()
        .unwrap();
    form.rsplit("name=\"once\" value=\"")
        .next()
        .unwrap()
        .split('"')
        .next()
        .unwrap()
        .to_string()
}

#[tokio::test]
async fn a_form_sent_twice_acts_once() {
    let app = spawn_app().await;
    let hub = app.org("Likha Hub", "consumer_cooperative").await;
    let farm = app.org("Kapatiran", "producer_cooperative").await;
    let (c, offer) = cycle(&app, hub, farm, hub, 10).await;
    signed_in(&app, "ana@example.org", hub, &[Member]).await;
    let shop = app.text(&format!("/cycles/{c}")).await;
    // The order form's own one-time token.
    let once = once_of(&shop, offer);
    let body = [
        ("csrf", csrf(&shop)),
        ("once", once.clone()),
        ("offer_id", offer.to_string()),
        ("group_id", hub.to_string()),
        ("quantity", "2".into()),
    ];
    // A double tap: the same form twice at once, then once more after a timeout.
    let send = || {
        app.http
            .post(app.url(&format!("/cycles/{c}/order")))
            .form(&body)
            .send()
    };
    let (a, b) = tokio::join!(send(), send());
    assert_eq!(a.unwrap().status(), 200);
    assert_eq!(b.unwrap().status(), 200);
    let again = send().await.unwrap();
    assert_eq!(again.status(), 200);
    assert!(
        again.url().as_str().contains("#basket") || again.url().path().ends_with(&c.to_string())
    );
    let lines = app.store.lines(c, None, None).await.unwrap();
    assert_eq!(lines.len(), 1);
    assert_eq!(
        lines[0].quantity, 2,
        "not 4 or 6: the resends acted on nothing"
    );
    // A fresh form (a new token) orders again, as the member means it to.
    let shop = app.text(&format!("/cycles/{c}")).await;
    let fresh = once_of(&shop, offer);
    assert_ne!(fresh, once);
    let res = app
        .http
        .post(app.url(&format!("/cycles/{c}/order")))
        .form(&[
            ("csrf", csrf(&shop)),
            ("once", fresh),
            ("offer_id", offer.to_string()),
            ("group_id", hub.to_string()),
            ("quantity", "1".into()),
        ])
        .send()
        .await
        .unwrap();
    assert_eq!(res.status(), 200);
    assert_eq!(app.store.lines(c, None, None).await.unwrap()[0].quantity, 3);
}

#[tokio::test]
async fn a_hub_sets_how_to_pay_it_and_its_invoices_print_it() {
    let app = spawn_app().await;
    let hub = app.org("Likha Hub", "consumer_cooperative").await;
    let farm = app.org("Kapatiran", "producer_cooperative").await;
    let (c, offer) = cycle(&app, hub, farm, hub, 10).await;
    app.store
        .place_line(
            c,
            &NewLine {
                offer_id: offer,
                consumer_group_id: hub,
                person_id: None,
                pickup_point_id: None,
                quantity: 2,
                tier: None,
            },
        )
        .await
        .unwrap();
    app.store.close_cycle(c).await.unwrap();
    signed_in(&app, "admin@example.org", hub, &[Admin]).await;
    let page = app.text(&format!("/organizations/{hub}/money")).await;
    let res = app
        .http
        .post(app.url(&format!("/organizations/{hub}/payment-instructions")))
        .form(&[
            ("csrf", csrf(&page).as_str()),
            (
                "instructions",
                "GCash 0917 000 0000 (Likha Hub). Quote the invoice number.",
            ),
        ])
        .send()
        .await
        .unwrap();
    assert_eq!(res.status(), 200);
    assert!(res
        .text()
        .await
        .unwrap()
        .contains("The payment instructions are saved."));
    let invoice = app.text(&format!("/cycles/{c}/invoices/{hub}")).await;
    assert!(invoice.contains("How to pay"), "{invoice}");
    assert!(invoice.contains("GCash 0917 000 0000 (Likha Hub)"));
}

#[tokio::test]
async fn packing_lists_per_household_read_in_order_and_as_csv() {
    let app = spawn_app().await;
    let hub = app.org("Likha Hub", "consumer_cooperative").await;
    let farm = app.org("Kapatiran", "producer_cooperative").await;
    let (c, offer) = cycle(&app, hub, farm, hub, 100).await;
    for (name, quantity) in [("Household 10", 3), ("Household 2", 5)] {
        let p = app
            .store
            .create_person(
                &bayanihan_domain::Email::parse(&format!("{}@example.org", name.replace(' ', "")))
                    .unwrap(),
                &bayanihan_domain::PersonName::parse(name).unwrap(),
                None,
            )
            .await
            .unwrap();
        app.join(p, &[(hub, &[Member])]).await;
        app.store
            .place_line(
                c,
                &NewLine {
                    offer_id: offer,
                    consumer_group_id: hub,
                    person_id: Some(p),
                    pickup_point_id: None,
                    quantity,
                    tier: None,
                },
            )
            .await
            .unwrap();
    }
    app.store.close_cycle(c).await.unwrap();
    let (_, member) = app.person("m@example.org", &[(hub, &[Member])]).await;
    let refused = app
        .send(
            Some(&member),
            "GET",
            &format!("/api/v1/cycles/{c}/packing?by=household"),
            None,
        )
        .await;
    assert_eq!(
        refused.status(),
        403,
        "who ordered what is for the hub's coordinators"
    );
    signed_in(&app, "coord@example.org", hub, &[Coordinator]).await;
    let page = app.text(&format!("/cycles/{c}/packing?by=household")).await;
    let (two, ten) = (
        page.find("Household 2<").unwrap(),
        page.find("Household 10<").unwrap(),
    );
    assert!(two < ten, "Household 2 before Household 10");
    let csv = app
        .text(&format!("/cycles/{c}/packing?by=household&format=csv"))
        .await;
    let mut lines = csv.lines();
    assert!(lines.next().unwrap().contains(",Household,"), "{csv}");
    assert!(lines.next().unwrap().contains(",Household 2,"), "{csv}");
}
