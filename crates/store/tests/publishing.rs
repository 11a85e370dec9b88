//! Being seen outside the platform, on SQLite and a real PostgreSQL: a publication and its
//! index outbox change together, the map shows only what was published *and* approved,
//! the territorial view keeps a region's trade apart, and gender counts come only from
//! opted-in demographics.

use bayanihan_domain::{Currency, Demographics, Gender, Money, OrgKind, Qualifier};
use bayanihan_store::publishing::MapFilter;
use bayanihan_store::testing::fixtures;
use bayanihan_store::Store;
use uuid::Uuid;

fn day(s: &str) -> jiff::civil::Date {
    s.parse().unwrap()
}

/// A network N with members A (organic producer, Benguet) and B (consumer group, Benguet),
/// and C (Metro Manila), each with a location.
async fn world(store: &Store) -> (Uuid, Uuid, Uuid, Uuid, Uuid) {
    let n = fixtures::org(store, "Network", "network").await;
    let mut ids = Vec::new();
    for (name, kind, region, q) in [
        (
            "A farm",
            "producer_cooperative",
            "Benguet",
            &["organic"][..],
        ),
        ("B group", "consumer_cooperative", "Benguet", &[][..]),
        ("C group", "consumer_cooperative", "Metro Manila", &[][..]),
    ] {
        let mut d = fixtures::org_draft(name, kind, "PH", q);
        d.region = Some(region.into());
        d.location = Some(bayanihan_domain::Location {
            lat: bayanihan_domain::Latitude::parse(16.4).unwrap(),
            lon: bayanihan_domain::Longitude::parse(120.6).unwrap(),
        });
        let o = store.create_organization(&d, None).await.unwrap().id;
        store
            .add_network_member(n, o, day("2025-01-01"))
            .await
            .unwrap();
        ids.push(o);
    }
    let steward = fixtures::person(store, "steward@people.example").await;
    assert!(store.recognise_network(n, true).await.unwrap());
    (n, ids[0], ids[1], ids[2], steward)
}

async fn publishing_fills_and_empties_the_outbox_with_it(store: &Store) {
    let (_, a, _, _, by) = world(store).await;
    assert!(store.publication(a).await.unwrap().is_none());
    assert!(store.murmurations_state(a).await.unwrap().is_none());
    let p = store
        .publish(a, Some("https://a.coop.example"), true, by)
        .await
        .unwrap();
    assert_eq!(p.website.as_deref(), Some("https://a.coop.example"));
    assert!(p.gender_counts);
    let now = bayanihan_store::now_micros();
    let due = store.murmurations_due(now + 1, 10).await.unwrap();
    assert_eq!(due.len(), 1);
    assert!(due[0].present);
    // A try that succeeds clears the work; a change of profile asks again.
    store
        .murmurations_tried(&due[0], true, Some("node-1"), "posted", None, now)
        .await
        .unwrap();
    assert!(store
        .murmurations_due(now + 2, 10)
        .await
        .unwrap()
        .is_empty());
    let st = store.murmurations_state(a).await.unwrap().unwrap();
    assert_eq!(st.node_id.as_deref(), Some("node-1"));
    assert!(!st.pending);
    let org = store.organization(a).await.unwrap();
    let mut draft = org.draft();
    draft.description = Some("Changed".into());
    store.update_organization(a, &draft).await.unwrap();
    assert_eq!(store.murmurations_due(i64::MAX, 10).await.unwrap().len(), 1);
    // Unpublishing asks for the node to go, and keeps the node id to delete.
    assert!(store.unpublish(a).await.unwrap());
    assert!(!store.unpublish(a).await.unwrap());
    let due = store.murmurations_due(i64::MAX, 10).await.unwrap();
    assert!(!due[0].present);
    assert_eq!(due[0].node_id.as_deref(), Some("node-1"));
    // A failed try waits until its retry time.
    store
        .murmurations_tried(&due[0], false, None, "503", Some("HTTP 503"), i64::MAX - 1)
        .await
        .unwrap();
    assert!(store
        .murmurations_due(i64::MAX - 2, 10)
        .await
        .unwrap()
        .is_empty());
    let st = store.murmurations_state(a).await.unwrap().unwrap();
    assert_eq!(st.last_error.as_deref(), Some("HTTP 503"));
    assert!(st.pending);
}

/// A try that read the row before the profile changed again marks neither that change done
/// nor pushes it back: the newer change stays due at once.
async fn a_change_during_a_try_is_not_lost(store: &Store) {
    let (_, a, _, _, by) = world(store).await;
    store.publish(a, None, false, by).await.unwrap();
    let task = store.murmurations_due(i64::MAX, 10).await.unwrap()[0].clone();
    // The change comes while the try is on its way (an earlier clock, as a long transaction
    // that began before the try would have).
    store
        .publish(a, Some("https://a.example"), false, by)
        .await
        .unwrap();
    store
        .murmurations_tried(&task, true, Some("n"), "posted", None, 0)
        .await
        .unwrap();
    assert_eq!(store.murmurations_due(i64::MAX, 10).await.unwrap().len(), 1);
    store
        .murmurations_tried(&task, false, None, "503", Some("away"), i64::MAX - 1)
        .await
        .unwrap();
    let now = bayanihan_store::now_micros();
    assert_eq!(store.murmurations_due(now + 1, 10).await.unwrap().len(), 1);
}

async fn the_map_shows_only_what_was_published_and_approved(store: &Store) {
    let (n, a, b, c, by) = world(store).await;
    let all = MapFilter::default();
    assert!(store.map_points(&all).await.unwrap().is_empty());
    // Published but not approved: nowhere on the map, yet in the feeds.
    store.publish(a, None, false, by).await.unwrap();
    assert!(store.map_points(&all).await.unwrap().is_empty());
    assert!(!store.is_listed(a).await.unwrap());
    assert_eq!(store.published_organizations().await.unwrap().len(), 1);
    // Approved but not published: still nowhere.
    assert!(store.approve_listing(n, b, true, by).await.unwrap());
    assert!(store.map_points(&all).await.unwrap().is_empty());
    // Both: on the map.
    assert!(store.approve_listing(n, a, true, by).await.unwrap());
    assert!(!store.approve_listing(n, a, true, by).await.unwrap());
    let pts = store.map_points(&all).await.unwrap();
    assert_eq!(
        pts.iter().map(|p| p.organization_id).collect::<Vec<_>>(),
        [a]
    );
    assert!(store.is_listed(a).await.unwrap());
    store.publish(b, None, false, by).await.unwrap();
    store.publish(c, None, false, by).await.unwrap();
    store.approve_listing(n, c, true, by).await.unwrap();
    assert_eq!(store.map_points(&all).await.unwrap().len(), 3);
    // Filters.
    let organic = MapFilter {
        qualifier: Some(Qualifier::Organic),
        ..Default::default()
    };
    assert_eq!(store.map_points(&organic).await.unwrap().len(), 1);
    let groups = MapFilter {
        kind: Some(OrgKind::ConsumerCooperative),
        network: Some(n),
        ..Default::default()
    };
    assert_eq!(store.map_points(&groups).await.unwrap().len(), 2);
    let other = fixtures::org(store, "Other network", "network").await;
    let elsewhere = MapFilter {
        network: Some(other),
        ..Default::default()
    };
    assert!(store.map_points(&elsewhere).await.unwrap().is_empty());
    // Withdrawn approval, ended link, unpublished: off the map.
    store.approve_listing(n, c, false, by).await.unwrap();
    store.unpublish(b).await.unwrap();
    assert_eq!(store.map_points(&all).await.unwrap().len(), 1);
    store
        .set_network_membership_status(
            n,
            a,
            bayanihan_domain::NetworkMembershipStatus::Ended,
            Some(day("2026-01-01")),
        )
        .await
        .unwrap();
    assert!(store.map_points(&all).await.unwrap().is_empty());
    // Only an active member can be approved.
    assert!(store.approve_listing(n, a, true, by).await.is_err());
    assert!(store.approve_listing(other, a, true, by).await.is_err());
}

/// Anyone may register a network and approve its own members: such approvals count on the
/// public map only once the network is recognised by the operator or linked inside one that is.
async fn approvals_count_only_from_recognised_networks(store: &Store) {
    let (n, a, _, _, by) = world(store).await;
    store.publish(a, None, false, by).await.unwrap();
    store.approve_listing(n, a, true, by).await.unwrap();
    let spam_net = fixtures::org(store, "Spam network", "network").await;
    let mut d = fixtures::org_draft("Spam shop", "social_enterprise", "PH", &[]);
    d.region = Some("Benguet".into());
    d.location = Some(bayanihan_domain::Location {
        lat: bayanihan_domain::Latitude::parse(14.6).unwrap(),
        lon: bayanihan_domain::Longitude::parse(121.0).unwrap(),
    });
    let spam = store.create_organization(&d, None).await.unwrap().id;
    store
        .add_network_member(spam_net, spam, day("2026-01-01"))
        .await
        .unwrap();
    store.publish(spam, None, false, by).await.unwrap();
    assert!(store
        .approve_listing(spam_net, spam, true, by)
        .await
        .unwrap());
    let on_map = |f: MapFilter| async move {
        store
            .map_points(&f)
            .await
            .unwrap()
            .into_iter()
            .map(|p| p.organization_id)
            .collect::<Vec<_>>()
    };
    let only = |net| MapFilter {
        network: Some(net),
        ..Default::default()
    };
    assert_eq!(on_map(MapFilter::default()).await, [a]);
    assert!(on_map(only(spam_net)).await.is_empty());
    assert!(!store.is_listed(spam).await.unwrap());
    assert!(!store.approvals_count(spam_net).await.unwrap());
    let named = || async {
        store
            .counted_networks()
            .await
            .unwrap()
            .into_iter()
            .map(|(id, _)| id)
            .collect::<Vec<_>>()
    };
    assert_eq!(
        named().await,
        [n],
        "the spam network is not offered on the map"
    );
    let ph = bayanihan_domain::CountryCode::parse("PH").unwrap();
    let counted = |t: Vec<bayanihan_store::publishing::Territory>| {
        t.iter()
            .flat_map(|t| t.organizations.iter().map(|(_, n)| *n))
            .sum::<u64>()
    };
    assert_eq!(counted(store.territories(ph).await.unwrap()), 1);
    // Linked inside a recognised network (its stewards accepted it): its approvals count,
    // on the whole map and on both networks' maps.
    store
        .add_network_member(n, spam_net, day("2026-01-02"))
        .await
        .unwrap();
    assert!(store.approvals_count(spam_net).await.unwrap());
    assert_eq!(named().await.len(), 2);
    assert_eq!(on_map(only(spam_net)).await, [spam]);
    let mut both = on_map(only(n)).await;
    both.sort();
    let mut want = vec![a, spam];
    want.sort();
    assert_eq!(both, want);
    assert_eq!(counted(store.territories(ph).await.unwrap()), 2);
    // A member organization may not turn itself into a network inside the recognised tree
    // (its links were accepted for an organization).
    let mut d = store.organization(a).await.unwrap().draft();
    d.kind = OrgKind::Network;
    assert!(matches!(
        store.update_organization(a, &d).await,
        Err(bayanihan_store::StoreError::Invalid(ref e)) if e.errors[0].field == "kind"
    ));
    assert_eq!(
        store.organization(a).await.unwrap().kind,
        OrgKind::ProducerCooperative
    );
    // The link ended: off again.
    store
        .set_network_membership_status(
            n,
            spam_net,
            bayanihan_domain::NetworkMembershipStatus::Ended,
            Some(day("2026-01-03")),
        )
        .await
        .unwrap();
    assert_eq!(on_map(MapFilter::default()).await, [a]);
    // Recognition withdrawn: the network's own members leave the map too.
    assert!(store.recognise_network(n, false).await.unwrap());
    assert!(!store.recognise_network(n, false).await.unwrap());
    assert!(on_map(MapFilter::default()).await.is_empty());
    assert_eq!(store.recognised_networks().await.unwrap().len(), 0);
    // Only networks are recognised.
    assert!(matches!(
        store.recognise_network(a, true).await,
        Err(bayanihan_store::StoreError::NotFound(_))
    ));
    assert!(matches!(
        store.recognise_network(Uuid::new_v4(), true).await,
        Err(bayanihan_store::StoreError::NotFound(_))
    ));
}

/// Past a few thousand organizations the map reads them in one pass instead of looking each
/// up (in chunks of 500 ids): the same rules hold either way (published, approved, filters).
async fn a_large_map_keeps_the_same_rules(store: &Store) {
    large_map(store, 4_000).await;
}

async fn a_map_of_several_chunks_keeps_the_same_rules(store: &Store) {
    large_map(store, 1_200).await;
}

async fn large_map(store: &Store, size: usize) {
    let (n, _, _, _, by) = world(store).await;
    // Every third not approved, every fifth not published.
    store
        .bulk_network_members(n, by, size, |i| bayanihan_store::testing::BulkMember {
            kind: if i % 2 == 0 {
                "producer_cooperative"
            } else {
                "consumer_cooperative"
            },
            lat: 16.4,
            lon: 120.6,
            approved: i % 3 != 0,
            published: i % 5 != 0,
        })
        .await
        .unwrap();
    let shown = (0..size).filter(|i| i % 3 != 0 && i % 5 != 0).count();
    let all = store.map_points(&MapFilter::default()).await.unwrap();
    assert!(shown > 500, "more than a chunk");
    assert_eq!(all.len(), shown);
    assert!(all.windows(2).all(|w| w[0].name <= w[1].name), "by name");
    let producers = MapFilter {
        kind: Some(OrgKind::ProducerCooperative),
        network: Some(n),
        ..Default::default()
    };
    let want = (0..size)
        .filter(|i| i % 2 == 0 && i % 3 != 0 && i % 5 != 0)
        .count();
    assert_eq!(store.map_points(&producers).await.unwrap().len(), want);
    // Recognition withdrawn: none.
    store.recognise_network(n, false).await.unwrap();
    assert!(store
        .map_points(&MapFilter::default())
        .await
        .unwrap()
        .is_empty());
}

async fn the_territorial_view_keeps_a_region_s_trade_apart(store: &Store) {
    let (n, a, b, c, by) = world(store).await;
    for o in [a, b, c] {
        store.publish(o, None, false, by).await.unwrap();
        store.approve_listing(n, o, true, by).await.unwrap();
    }
    let php = |v| Money::new(v, Currency::parse("PHP").unwrap());
    // B (Benguet) owes A (Benguet) 300; C (Metro Manila) owes A 100; B owes C 100.
    store
        .record_obligation(b, a, php(30_000), day("2026-02-01"))
        .await
        .unwrap();
    store
        .record_obligation(c, a, php(10_000), day("2026-02-01"))
        .await
        .unwrap();
    store
        .record_obligation(b, c, php(10_000), day("2026-02-01"))
        .await
        .unwrap();
    let ph = bayanihan_domain::CountryCode::parse("PH").unwrap();
    let t = store.territories(ph).await.unwrap();
    let benguet = t
        .iter()
        .find(|t| t.region.as_deref() == Some("Benguet"))
        .unwrap();
    assert_eq!(
        benguet.organizations,
        [
            (OrgKind::ProducerCooperative, 1),
            (OrgKind::ConsumerCooperative, 1)
        ]
        .into_iter()
        .collect::<std::collections::BTreeSet<_>>()
        .into_iter()
        .collect::<Vec<_>>()
    );
    assert_eq!(benguet.trade, [("PHP".to_string(), 30_000, 40_000, 1)]);
    let manila = t
        .iter()
        .find(|t| t.region.as_deref() == Some("Metro Manila"))
        .unwrap();
    assert_eq!(manila.trade, [("PHP".to_string(), 0, 10_000, 1)]);
}

async fn gender_counts_come_from_opted_in_demographics_only(store: &Store) {
    let (_, a, b, _, _) = world(store).await;
    for (i, g) in [Gender::Woman, Gender::Woman, Gender::Man, Gender::NonBinary]
        .into_iter()
        .enumerate()
    {
        let p = fixtures::person(store, &format!("p{i}@people.example")).await;
        fixtures::member(
            store,
            p,
            a,
            &[bayanihan_domain::MembershipRole::Member],
            None,
        )
        .await;
        let d = Demographics {
            gender: Some(g),
            ..Default::default()
        };
        store.set_demographics(p, Some(&d)).await.unwrap();
    }
    // A member who did not opt in counts nowhere.
    let quiet = fixtures::person(store, "quiet@people.example").await;
    fixtures::member(
        store,
        quiet,
        a,
        &[bayanihan_domain::MembershipRole::Member],
        None,
    )
    .await;
    assert_eq!(store.gender_counts(a).await.unwrap(), (2, 1));
    assert_eq!(store.gender_counts(b).await.unwrap(), (0, 0));
}

bayanihan_store::engine_stories!(
    publishing_fills_and_empties_the_outbox_with_it,
    a_change_during_a_try_is_not_lost,
    the_map_shows_only_what_was_published_and_approved,
    approvals_count_only_from_recognised_networks,
    a_large_map_keeps_the_same_rules,
    a_map_of_several_chunks_keeps_the_same_rules,
    the_territorial_view_keeps_a_region_s_trade_apart,
    gender_counts_come_from_opted_in_demographics_only,
);
