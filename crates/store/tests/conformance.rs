//! The store's conformance suite: the same stories against SQLite and a real PostgreSQL
//! (started by the test in a temporary folder, at SERIALIZABLE), so the one set of queries is
//! proven on both engines.

use std::collections::HashSet;

use bayanihan_domain::person::MembershipRole::{self, *};
use bayanihan_domain::{
    Demographics, Email, Gender, NetworkMembershipStatus, PersonName, Qualifier, Role,
    StakeholderCategory,
};
use bayanihan_store::testing::fixtures;
use bayanihan_store::{NewMembership, OrganizationFilter, Store, StoreError};
use uuid::Uuid;

use bayanihan_store::testing::fixtures::org_draft as draft;

fn date(s: &str) -> jiff::civil::Date {
    s.parse().unwrap()
}

/// A person named "Test Person".
async fn person(store: &Store, email: &str) -> Uuid {
    store
        .create_person(
            &Email::parse(email).unwrap(),
            &PersonName::parse("Test Person").unwrap(),
            None,
        )
        .await
        .unwrap()
}

/// A member counted among the producers.
async fn member(store: &Store, person: Uuid, org: Uuid, roles: &[MembershipRole]) {
    fixtures::member(
        store,
        person,
        org,
        roles,
        Some(StakeholderCategory::Producer),
    )
    .await;
}

async fn organizations_round_trip(store: &Store) {
    let d = draft(
        "Kapatiran",
        "producer_cooperative",
        "PH",
        &["organic", "fair-trade"],
    );
    let org = store.create_organization(&d, None).await.unwrap();
    let back = store.organization(org.id).await.unwrap();
    assert_eq!(back, org);
    assert_eq!(back.draft(), d, "every field survives the round trip");
    assert_eq!(
        back.qualifiers,
        vec![Qualifier::Organic, Qualifier::FairTrade]
    );

    let mut changed = d.clone();
    changed.name = "Kapatiran Farmers".into();
    changed.qualifiers = vec![Qualifier::Local];
    changed.location = None;
    let updated = store.update_organization(org.id, &changed).await.unwrap();
    assert_eq!(updated.draft(), changed);
    assert_eq!(updated.created_at, org.created_at);
    assert!(updated.updated_at >= org.updated_at);

    let missing = store.update_organization(Uuid::new_v4(), &changed).await;
    assert!(matches!(missing, Err(StoreError::NotFound(_))));
    assert!(matches!(
        store.organization(Uuid::new_v4()).await,
        Err(StoreError::NotFound(_))
    ));
    let by_name = store
        .organization_by_name("Kapatiran Farmers")
        .await
        .unwrap();
    assert_eq!(by_name.map(|o| o.id), Some(org.id));
    assert!(store
        .organization_by_name("Nobody")
        .await
        .unwrap()
        .is_none());
    let names = store
        .organization_names(&[org.id, Uuid::new_v4(), org.id])
        .await
        .unwrap();
    assert_eq!(
        names.len(),
        1,
        "unknown ids are left out, duplicates folded"
    );
    assert_eq!(names[&org.id], "Kapatiran Farmers");
}

async fn directory_filters_and_pages(store: &Store) {
    let council = store
        .create_organization(&draft("Council", "network", "PH", &[]), None)
        .await
        .unwrap();
    let chapter = store
        .create_organization(&draft("Chapter ID", "network", "ID", &[]), None)
        .await
        .unwrap();
    let a = store
        .create_organization(
            &draft("Alpha Coop", "producer_cooperative", "ID", &["organic"]),
            None,
        )
        .await
        .unwrap();
    let b = store
        .create_organization(&draft("Beta Group", "self_help_group", "PH", &[]), None)
        .await
        .unwrap();
    let c = store
        .create_organization(
            &draft("Gamma Coop", "producer_cooperative", "PH", &["organic"]),
            None,
        )
        .await
        .unwrap();
    store
        .add_network_member(council.id, chapter.id, date("2024-01-01"))
        .await
        .unwrap();
    store
        .add_network_member(chapter.id, a.id, date("2024-01-01"))
        .await
        .unwrap();
    store
        .add_network_member(council.id, b.id, date("2024-01-01"))
        .await
        .unwrap();

    let names = |p: &bayanihan_store::Page<bayanihan_domain::Organization>| {
        p.items.iter().map(|o| o.name.clone()).collect::<Vec<_>>()
    };
    let all = store
        .list_organizations(&OrganizationFilter::default(), 50, 0)
        .await
        .unwrap();
    assert_eq!(all.total, 5);
    assert_eq!(
        names(&all),
        [
            "Alpha Coop",
            "Beta Group",
            "Chapter ID",
            "Council",
            "Gamma Coop"
        ]
    );

    let f = OrganizationFilter {
        country: Some("PH".parse().unwrap()),
        ..Default::default()
    };
    assert_eq!(
        names(&store.list_organizations(&f, 50, 0).await.unwrap()),
        ["Beta Group", "Council", "Gamma Coop"]
    );
    let f = OrganizationFilter {
        kind: Some(bayanihan_domain::OrgKind::ProducerCooperative),
        qualifier: Some(Qualifier::Organic),
        ..Default::default()
    };
    assert_eq!(
        names(&store.list_organizations(&f, 50, 0).await.unwrap()),
        ["Alpha Coop", "Gamma Coop"]
    );
    // Network membership is transitive: Alpha is in the council through the chapter.
    let f = OrganizationFilter {
        network: Some(council.id),
        ..Default::default()
    };
    assert_eq!(
        names(&store.list_organizations(&f, 50, 0).await.unwrap()),
        ["Alpha Coop", "Beta Group", "Chapter ID"]
    );
    let f = OrganizationFilter {
        name: Some("COOP".into()),
        ..Default::default()
    };
    assert_eq!(
        names(&store.list_organizations(&f, 50, 0).await.unwrap()),
        ["Alpha Coop", "Gamma Coop"]
    );

    // Pages: disjoint, in order, same total.
    let p1 = store
        .list_organizations(&OrganizationFilter::default(), 2, 0)
        .await
        .unwrap();
    let p2 = store
        .list_organizations(&OrganizationFilter::default(), 2, 2)
        .await
        .unwrap();
    let p3 = store
        .list_organizations(&OrganizationFilter::default(), 2, 4)
        .await
        .unwrap();
    assert_eq!((p1.total, p2.total, p3.total), (5, 5, 5));
    assert_eq!([names(&p1), names(&p2), names(&p3)].concat(), names(&all));

    // Ending a membership takes the organization (and what is inside it) out of the network.
    let ended = store
        .set_network_membership_status(
            council.id,
            chapter.id,
            NetworkMembershipStatus::Ended,
            Some(date("2025-06-30")),
        )
        .await
        .unwrap();
    assert_eq!(ended.until, Some(date("2025-06-30")));
    let f = OrganizationFilter {
        network: Some(council.id),
        ..Default::default()
    };
    assert_eq!(
        names(&store.list_organizations(&f, 50, 0).await.unwrap()),
        ["Beta Group"]
    );
    let _ = c;
}

async fn networks_refuse_loops_and_duplicates(store: &Store) {
    let council = store
        .create_organization(&draft("Council", "network", "PH", &[]), None)
        .await
        .unwrap();
    let chapter = store
        .create_organization(&draft("Chapter", "network", "PH", &[]), None)
        .await
        .unwrap();
    let coop = store
        .create_organization(&draft("Coop", "producer_cooperative", "PH", &[]), None)
        .await
        .unwrap();
    store
        .add_network_member(council.id, chapter.id, date("2024-01-01"))
        .await
        .unwrap();
    let dup = store
        .add_network_member(council.id, chapter.id, date("2024-02-01"))
        .await;
    assert!(matches!(dup, Err(StoreError::Conflict(_))), "{dup:?}");
    let looped = store
        .add_network_member(chapter.id, council.id, date("2024-01-01"))
        .await;
    assert!(matches!(looped, Err(StoreError::Invalid(_))), "{looped:?}");
    let itself = store
        .add_network_member(chapter.id, chapter.id, date("2024-01-01"))
        .await;
    assert!(matches!(itself, Err(StoreError::Invalid(_))));
    let not_network = store
        .add_network_member(coop.id, chapter.id, date("2024-01-01"))
        .await;
    assert!(matches!(not_network, Err(StoreError::Invalid(_))));
    let unknown = store
        .add_network_member(council.id, Uuid::new_v4(), date("2024-01-01"))
        .await;
    assert!(matches!(unknown, Err(StoreError::Invalid(_))));
    // A network with members cannot stop being a network.
    let mut d = council.draft();
    d.kind = bayanihan_domain::OrgKind::Association;
    assert!(matches!(
        store.update_organization(council.id, &d).await,
        Err(StoreError::Invalid(_))
    ));
    assert_eq!(
        store.organization(council.id).await.unwrap().kind,
        bayanihan_domain::OrgKind::Network
    );
    // Ended, then re-joined.
    store
        .set_network_membership_status(
            council.id,
            chapter.id,
            NetworkMembershipStatus::Ended,
            Some(date("2024-12-31")),
        )
        .await
        .unwrap();
    let again = store
        .add_network_member(council.id, chapter.id, date("2025-01-01"))
        .await
        .unwrap();
    assert_eq!(again.status, NetworkMembershipStatus::Active);
    assert_eq!(again.until, None);
    assert_eq!(
        store
            .network_memberships_of(chapter.id)
            .await
            .unwrap()
            .len(),
        1
    );
}

async fn people_memberships_and_stewards(store: &Store) {
    let council = store
        .create_organization(&draft("Council", "network", "PH", &[]), None)
        .await
        .unwrap();
    let chapter = store
        .create_organization(&draft("Chapter", "network", "PH", &[]), None)
        .await
        .unwrap();
    let coop = store
        .create_organization(&draft("Coop", "producer_cooperative", "PH", &[]), None)
        .await
        .unwrap();
    let outside = store
        .create_organization(&draft("Outside", "association", "JP", &[]), None)
        .await
        .unwrap();
    store
        .add_network_member(council.id, chapter.id, date("2024-01-01"))
        .await
        .unwrap();
    store
        .add_network_member(chapter.id, coop.id, date("2024-01-01"))
        .await
        .unwrap();

    let steward = person(store, "steward@example.org").await;
    let dup = store
        .create_person(
            &Email::parse("STEWARD@example.org").unwrap(),
            &PersonName::parse("X").unwrap(),
            None,
        )
        .await;
    assert!(
        matches!(dup, Err(StoreError::Conflict(_))),
        "e-mails are unique regardless of case"
    );
    member(store, steward, council.id, &[Admin]).await;
    let s = store.subject(steward).await.unwrap();
    assert_eq!(
        s.role_in(coop.id),
        Role::Steward,
        "stewardship reaches through chapters"
    );
    assert_eq!(s.role_in(chapter.id), Role::Steward);
    assert_eq!(s.role_in(council.id), Role::Admin);
    assert_eq!(s.role_in(outside.id), Role::Public);
    // Administering a second network adds its members to the same person's stewardship.
    let other_net = store
        .create_organization(&draft("Other network", "network", "JP", &[]), None)
        .await
        .unwrap();
    store
        .add_network_member(other_net.id, outside.id, date("2024-01-01"))
        .await
        .unwrap();
    member(store, steward, other_net.id, &[Admin]).await;
    let s2 = store.subject(steward).await.unwrap();
    assert_eq!(s2.role_in(outside.id), Role::Steward);
    assert_eq!(s2.role_in(coop.id), Role::Steward);
    store
        .set_network_membership_status(
            other_net.id,
            outside.id,
            NetworkMembershipStatus::Ended,
            Some(date("2024-06-01")),
        )
        .await
        .unwrap();

    let farmer = person(store, "farmer@example.org").await;
    member(store, farmer, coop.id, &[Member]).await;
    let again = store
        .add_membership(&NewMembership {
            person_id: farmer,
            organization_id: coop.id,
            roles: vec![Member],
            stakeholder: None,
            since: date("2025-01-01"),
        })
        .await;
    assert!(matches!(again, Err(StoreError::Conflict(_))));
    let m = store
        .update_membership(
            coop.id,
            farmer,
            &[Member, Treasurer],
            Some(StakeholderCategory::Worker),
        )
        .await
        .unwrap();
    assert_eq!(m.roles, vec![Member, Treasurer]);
    assert_eq!(m.stakeholder, Some(StakeholderCategory::Worker));
    assert_eq!(m.organization_name, "Coop");
    let members = store.members_of(coop.id).await.unwrap();
    assert_eq!(members.len(), 1);
    assert_eq!(members[0].person_id, farmer);
    let p = store.person(farmer, false).await.unwrap();
    assert_eq!(p.email.as_str(), "farmer@example.org");
    assert_eq!(p.memberships, members);
    store.remove_membership(coop.id, farmer).await.unwrap();
    assert!(store.members_of(coop.id).await.unwrap().is_empty());
    assert!(matches!(
        store.remove_membership(coop.id, farmer).await,
        Err(StoreError::NotFound(_))
    ));

    // Ending the chapter's membership ends the council steward's reach into it.
    store
        .set_network_membership_status(
            council.id,
            chapter.id,
            NetworkMembershipStatus::Ended,
            Some(date("2025-01-01")),
        )
        .await
        .unwrap();
    let s = store.subject(steward).await.unwrap();
    assert_eq!(s.role_in(coop.id), Role::Public);
    assert_eq!(s.stewarded, HashSet::new());

    // The creator of an organization becomes its admin.
    let made = store
        .create_organization(&draft("Made", "association", "PH", &[]), Some(farmer))
        .await
        .unwrap();
    assert_eq!(
        store.subject(farmer).await.unwrap().role_in(made.id),
        Role::Admin
    );
}

/// A link into a network needs both sides: pending links grant no stewardship, the rule is
/// applied inside the transaction, and accepting starts the membership on the day it happens.
async fn network_links_need_both_sides(store: &Store) {
    use bayanihan_domain::network_links::Sides;
    let net = store
        .create_organization(&draft("Consent Network", "network", "PH", &[]), None)
        .await
        .unwrap();
    let coop = store
        .create_organization(
            &draft("Consent Coop", "producer_cooperative", "PH", &[]),
            None,
        )
        .await
        .unwrap();
    let steward = person(store, "consent-steward@example.org").await;
    member(store, steward, net.id, &[Admin]).await;
    let network_side = Sides {
        network: true,
        member: false,
    };
    let member_side = Sides {
        network: false,
        member: true,
    };
    let l = store
        .request_network_link(net.id, coop.id, date("2025-01-01"), network_side)
        .await
        .unwrap();
    assert_eq!(l.status, NetworkMembershipStatus::Invited);
    // Pending: no stewardship, and the directory's network filter does not list it.
    assert_eq!(
        store.subject(steward).await.unwrap().role_in(coop.id),
        Role::Public
    );
    let inside = store
        .list_organizations(
            &bayanihan_store::OrganizationFilter {
                network: Some(net.id),
                ..Default::default()
            },
            10,
            0,
        )
        .await
        .unwrap();
    assert_eq!(inside.total, 0);
    // The network cannot accept its own invitation.
    assert!(matches!(
        store
            .change_network_link(
                net.id,
                coop.id,
                NetworkMembershipStatus::Active,
                date("2025-02-01"),
                network_side
            )
            .await,
        Err(StoreError::Forbidden(_))
    ));
    let l = store
        .change_network_link(
            net.id,
            coop.id,
            NetworkMembershipStatus::Active,
            date("2025-02-01"),
            member_side,
        )
        .await
        .unwrap();
    assert_eq!(
        (l.status, l.since, l.until),
        (NetworkMembershipStatus::Active, date("2025-02-01"), None)
    );
    assert_eq!(
        store.subject(steward).await.unwrap().role_in(coop.id),
        Role::Steward
    );
    // Either side ends it; `until` records the day.
    let l = store
        .change_network_link(
            net.id,
            coop.id,
            NetworkMembershipStatus::Ended,
            date("2025-03-01"),
            member_side,
        )
        .await
        .unwrap();
    assert_eq!(
        (l.status, l.until),
        (NetworkMembershipStatus::Ended, Some(date("2025-03-01")))
    );
    assert_eq!(
        store.subject(steward).await.unwrap().role_in(coop.id),
        Role::Public
    );
    // An application after the end waits for the network, which accepts by inviting.
    let l = store
        .request_network_link(net.id, coop.id, date("2025-04-01"), member_side)
        .await
        .unwrap();
    assert_eq!(
        (l.status, l.until),
        (NetworkMembershipStatus::Applied, None)
    );
    let l = store
        .request_network_link(net.id, coop.id, date("2025-04-02"), network_side)
        .await
        .unwrap();
    assert_eq!(
        (l.status, l.since),
        (NetworkMembershipStatus::Active, date("2025-04-02"))
    );
    assert!(matches!(
        store
            .request_network_link(net.id, coop.id, date("2025-04-03"), member_side)
            .await,
        Err(StoreError::Conflict(_))
    ));
}

/// The sign-in throttle counts per key across calls (and so across processes), waits grow as
/// the domain's limit says, and success forgets the account's counters.
async fn sign_in_throttle_counts_and_forgets(store: &Store) {
    use bayanihan_domain::throttle::Limit;
    let tight = Limit {
        free: 1,
        cap_secs: 60,
    };
    let keys = vec![
        ("k-pair".to_string(), tight),
        (
            "k-addr".to_string(),
            Limit {
                free: 100,
                cap_secs: 60,
            },
        ),
    ];
    let names: Vec<String> = keys.iter().map(|k| k.0.clone()).collect();
    assert_eq!(store.sign_in_wait(&names).await.unwrap(), 0);
    store.sign_in_failed(&keys).await.unwrap();
    assert_eq!(
        store.sign_in_wait(&names).await.unwrap(),
        0,
        "one free failure"
    );
    store.sign_in_failed(&keys).await.unwrap();
    let w = store.sign_in_wait(&names).await.unwrap();
    assert!((1..=1).contains(&w), "{w}");
    store.sign_in_failed(&keys).await.unwrap();
    let w = store.sign_in_wait(&names).await.unwrap();
    assert!((1..=2).contains(&w), "{w}");
    assert_eq!(
        store.sign_in_wait(&["k-addr".to_string()]).await.unwrap(),
        0
    );
    store
        .sign_in_succeeded(&["k-pair".to_string()])
        .await
        .unwrap();
    assert_eq!(store.sign_in_wait(&names).await.unwrap(), 0);
}

async fn demographics_opt_in_and_out(store: &Store) {
    let p = person(store, "rosa@example.org").await;
    assert_eq!(store.demographics(p).await.unwrap(), None);
    let d = Demographics {
        gender: Some(Gender::Woman),
        birth_year: Some(1982),
        disability: Some(false),
        informal_sector: Some(true),
        overseas_worker: None,
    };
    store.set_demographics(p, Some(&d)).await.unwrap();
    assert_eq!(store.demographics(p).await.unwrap(), Some(d.clone()));
    assert_eq!(store.person(p, true).await.unwrap().demographics, Some(d));
    assert_eq!(store.person(p, false).await.unwrap().demographics, None);
    store.set_demographics(p, None).await.unwrap();
    assert_eq!(
        store.demographics(p).await.unwrap(),
        None,
        "opting out erases"
    );
    assert!(matches!(
        store.set_demographics(Uuid::new_v4(), None).await,
        Err(StoreError::NotFound(_))
    ));
}

async fn sessions_and_tokens(store: &Store) {
    let p = person(store, "jun@example.org").await;
    store
        .create_session("hash-live", p, "csrf-1", 3_600_000_000)
        .await
        .unwrap();
    store
        .create_session("hash-expired", p, "csrf-2", -1)
        .await
        .unwrap();
    let s = store.session("hash-live").await.unwrap().unwrap();
    assert_eq!((s.person_id, s.csrf_token.as_str()), (p, "csrf-1"));
    assert!(store.session("hash-expired").await.unwrap().is_none());
    assert!(store.session("nope").await.unwrap().is_none());
    store.delete_session("hash-live").await.unwrap();
    assert!(store.session("hash-live").await.unwrap().is_none());

    store
        .create_session("hash-2", p, "c", 3_600_000_000)
        .await
        .unwrap();
    store.set_password_hash(p, "$argon2id$new").await.unwrap();
    assert!(
        store.session("hash-2").await.unwrap().is_none(),
        "a new password ends sessions"
    );
    let creds = store
        .credentials(&Email::parse("jun@example.org").unwrap())
        .await
        .unwrap()
        .unwrap();
    assert_eq!(creds.password_hash.as_deref(), Some("$argon2id$new"));

    let t = store
        .create_api_token(p, "import", "token-hash")
        .await
        .unwrap();
    assert_eq!(
        store
            .subject_by_token("token-hash")
            .await
            .unwrap()
            .map(|s| s.person_id),
        Some(p)
    );
    let list = store.api_tokens(p).await.unwrap();
    assert_eq!(list.len(), 1);
    assert_eq!((list[0].id, list[0].name.as_str()), (t, "import"));
    let other = person(store, "other@example.org").await;
    assert!(matches!(
        store.revoke_api_token(other, t).await,
        Err(StoreError::NotFound(_))
    ));
    store.revoke_api_token(p, t).await.unwrap();
    assert!(store
        .subject_by_token("token-hash")
        .await
        .unwrap()
        .is_none());
    assert!(store.api_tokens(p).await.unwrap().is_empty());
}

async fn migrations_are_idempotent(store: &Store) {
    assert_eq!(store.migrate().await.unwrap(), 0);
    store.set_setting("demo", "1").await.unwrap();
    store.set_setting("demo", "2").await.unwrap();
    assert_eq!(store.setting("demo").await.unwrap().as_deref(), Some("2"));
    assert_eq!(store.setting("missing").await.unwrap(), None);
    store.ping().await.unwrap();
}

/// Many writers at once on the same rows: serialization failures (PostgreSQL) and lock waits
/// (SQLite) are retried, so every write lands exactly once.
async fn concurrent_writers_all_land(store: &Store) {
    let org = store
        .create_organization(&draft("Busy Coop", "producer_cooperative", "PH", &[]), None)
        .await
        .unwrap();
    let mut tasks = Vec::new();
    for i in 0..24 {
        let store = store.clone();
        let org = org.clone();
        tasks.push(tokio::spawn(async move {
            let p = store
                .create_person(
                    &Email::parse(&format!("p{i}@example.org")).unwrap(),
                    &PersonName::parse("P").unwrap(),
                    None,
                )
                .await?;
            store
                .add_membership(&NewMembership {
                    person_id: p,
                    organization_id: org.id,
                    roles: vec![Member],
                    stakeholder: None,
                    since: "2025-01-01".parse().unwrap(),
                })
                .await?;
            // Everyone rewrites the same organization row and the same setting.
            let mut d = org.draft();
            d.description = Some(format!("written by {i}"));
            store.update_organization(org.id, &d).await?;
            store.set_setting("last-writer", &i.to_string()).await?;
            Ok::<_, StoreError>(())
        }));
    }
    for t in tasks {
        t.await.unwrap().unwrap();
    }
    assert_eq!(store.members_of(org.id).await.unwrap().len(), 24);
    assert_eq!(store.count_people().await.unwrap(), 24);
    let last: i64 = store
        .setting("last-writer")
        .await
        .unwrap()
        .unwrap()
        .parse()
        .unwrap();
    assert!((0..24).contains(&last));
}

async fn product(
    store: &Store,
    org: Uuid,
    name: &str,
    category: &str,
    unit: &str,
    kg: f64,
) -> bayanihan_store::trade::Product {
    use bayanihan_domain::trade::catalog::{ProductDraft, ProductInput};
    let d = ProductDraft::parse(&ProductInput {
        name: Some(name.into()),
        category: Some(category.into()),
        unit: Some(unit.into()),
        unit_mass_kg: Some(kg),
        ..Default::default()
    })
    .unwrap();
    store.create_product(org, &d).await.unwrap()
}

/// A first_come cycle of `hub`, open from an hour ago for a day, delivering on 2026-03-07 with
/// 14 days to pay; `pickup` names a pickup point of the consumer group.
async fn first_come_cycle(
    store: &Store,
    name: &str,
    hub: Uuid,
    producer: Uuid,
    group: Uuid,
    pickup: Option<&str>,
) -> bayanihan_store::trade::Cycle {
    use bayanihan_store::trade::PickupPointDraft;
    let pickup_points = pickup
        .map(|name| PickupPointDraft {
            name: name.into(),
            organization_id: group,
            location: None,
        })
        .into_iter()
        .collect();
    cycle_of(
        store,
        name,
        hub,
        bayanihan_domain::trade::allocation::Policy::FirstCome,
        vec![producer],
        &[(group, 0)],
        pickup_points,
    )
    .await
}

/// A cycle of `hub` under `policy`, open from an hour ago for a day, delivering on 2026-03-07
/// with 14 days to pay; its consumer groups with their tiers.
async fn cycle_of(
    store: &Store,
    name: &str,
    hub: Uuid,
    policy: bayanihan_domain::trade::allocation::Policy,
    producers: Vec<Uuid>,
    groups: &[(Uuid, u32)],
    pickup_points: Vec<bayanihan_store::trade::PickupPointDraft>,
) -> bayanihan_store::trade::Cycle {
    use bayanihan_store::trade::{CycleDraft, Participant};
    let now = jiff::Timestamp::now();
    store
        .create_cycle(&CycleDraft {
            hub_id: hub,
            name: name.into(),
            currency: bayanihan_domain::Currency::PHP,
            policy,
            opens_at: now - jiff::SignedDuration::from_hours(1),
            closes_at: now + jiff::SignedDuration::from_hours(24),
            delivery_date: date("2026-03-07"),
            payment_terms_days: 14,
            pickup_points,
            producers,
            consumer_groups: groups
                .iter()
                .map(|(g, tier)| Participant {
                    organization_id: *g,
                    tier: *tier,
                })
                .collect(),
        })
        .await
        .unwrap()
}

/// A whole cycle: products, offers with fees, lines (first_come refuses overselling), close
/// (idempotent), obligations, a payment, and a ledger that balances.
async fn a_cycle_from_offer_to_payment(store: &Store) {
    use bayanihan_domain::trade::pricing::{Fee, FeeBasis, FeeKind};
    use bayanihan_store::trade::{NewLine, OfferDraft, PaymentDraft};

    let hub = store
        .create_organization(&draft("Hub", "social_enterprise", "PH", &[]), None)
        .await
        .unwrap();
    let farm = store
        .create_organization(&draft("Farm", "producer_cooperative", "PH", &[]), None)
        .await
        .unwrap();
    let group = store
        .create_organization(&draft("Group", "consumer_cooperative", "PH", &[]), None)
        .await
        .unwrap();
    let rice = product(store, farm.id, "Brown rice", "rice", "bag of 5 kg", 5.0).await;
    assert_eq!(
        store.products_of(farm.id).await.unwrap(),
        vec![rice.clone()]
    );
    let cycle = first_come_cycle(
        store,
        "Week 10",
        hub.id,
        farm.id,
        group.id,
        Some("Barangay hall"),
    )
    .await;
    assert_eq!(cycle.pickup_points.len(), 1);
    let offer = store
        .create_offer(
            cycle.id,
            &OfferDraft {
                product_id: rice.id,
                quantity: 5,
                producer_price_minor: 20_000,
                fees: vec![
                    Fee {
                        kind: FeeKind::Coordination,
                        basis: FeeBasis::Percent {
                            basis_points: 1_250,
                        },
                        recipient: hub.id,
                    },
                    Fee {
                        kind: FeeKind::Transport,
                        basis: FeeBasis::PerUnit { minor: 1_500 },
                        recipient: group.id,
                    },
                ],
                transport: None,
            },
        )
        .await
        .unwrap();
    assert_eq!(offer.unit_breakdown.total.minor(), 20_000 + 2_500 + 1_500);
    let line = |q| NewLine {
        offer_id: offer.id,
        consumer_group_id: group.id,
        person_id: None,
        pickup_point_id: Some(cycle.pickup_points[0].id),
        quantity: q,
        tier: None,
    };
    let a = store.place_line(cycle.id, &line(3)).await.unwrap();
    let refused = store.place_line(cycle.id, &line(3)).await;
    match refused {
        Err(StoreError::Conflict(c)) => assert_eq!(
            c,
            bayanihan_domain::Conflict::StockLeft { left: 2, asked: 3 }
        ),
        other => panic!("expected a conflict, got {other:?}"),
    }
    let b = store.place_line(cycle.id, &line(2)).await.unwrap();
    assert!(matches!(
        store.place_line(cycle.id, &line(1)).await,
        Err(StoreError::Conflict(_))
    ));
    // Cancelling frees the stock again; growing a line beyond it is refused.
    assert_eq!(store.change_line(b.id, 0).await.unwrap(), None);
    assert!(matches!(
        store.change_line(a.id, 6).await,
        Err(StoreError::Conflict(_))
    ));
    assert_eq!(
        store.change_line(a.id, 4).await.unwrap().unwrap().quantity,
        4
    );
    assert_eq!(store.offer(offer.id).await.unwrap().reserved, 4);

    // The preview settles what the close will, and writes nothing.
    let preview = store.settle_preview(cycle.id).await.unwrap().unwrap();
    assert_eq!(
        (
            preview.lines.len(),
            preview.lines.iter().map(|l| l.allocated).sum::<u64>(),
            preview.invoices.len()
        ),
        (1, 4, 1)
    );
    assert!(!store.cycle(cycle.id).await.unwrap().is_closed());
    let closes = store.metrics().closes.count;
    let first = store.close_cycle(cycle.id).await.unwrap();
    assert!(first.closed_now);
    assert_eq!(
        store.metrics().closes.count,
        closes + 1,
        "counted for /metrics"
    );
    assert_eq!(
        (first.lines, first.units_allocated, first.invoices),
        (1, 4, 1)
    );
    assert!(store.settle_preview(cycle.id).await.unwrap().is_none());
    let again = store.close_cycle(cycle.id).await.unwrap();
    assert!(!again.closed_now, "closing twice changes nothing");
    assert_eq!(store.metrics().closes.count, closes + 1, "nor counts twice");
    assert_eq!(
        (
            again.lines,
            again.units_allocated,
            again.invoices,
            again.obligations
        ),
        (1, 4, 1, first.obligations)
    );
    assert!(matches!(
        store.place_line(cycle.id, &line(1)).await,
        Err(StoreError::Conflict(_))
    ));
    let closed = store.line(a.id).await.unwrap();
    assert_eq!(closed.allocated, Some(4));
    // 4 × (200 + 25 + 15) = ₱960.00
    assert_eq!(closed.total.unwrap().minor(), 96_000);

    // Obligations: group → hub ₱960; hub → farm ₱800; hub → group ₱60 transport fee.
    let obligations = store.obligations(None, true).await.unwrap();
    let owed: std::collections::HashMap<(Uuid, Uuid), i64> = obligations
        .iter()
        .map(|o| ((o.debtor_id, o.creditor_id), o.amount.minor()))
        .collect();
    assert_eq!(owed[&(group.id, hub.id)], 96_000);
    assert_eq!(owed[&(hub.id, farm.id)], 80_000);
    assert_eq!(owed[&(hub.id, group.id)], 6_000);
    assert_eq!(owed.len(), 3);
    let docs = store.documents(cycle.id, None).await.unwrap();
    assert_eq!(
        docs.iter()
            .filter(|d| d.kind == bayanihan_domain::trade::records::DocumentKind::Invoice)
            .count(),
        1
    );
    // The hub numbers its documents at close, each series from 1 without a gap.
    let mut numbers: Vec<String> = docs.iter().filter_map(|d| d.number.clone()).collect();
    numbers.sort();
    assert_eq!(
        numbers,
        ["INV-000001", "ST-000001", "ST-000002", "ST-000003"],
        "one invoice, three statements (producer, two fee recipients)"
    );
    assert!(docs.iter().all(|d| d.issued_on.is_some()));
    let totals = store.supplier_totals(cycle.id).await.unwrap();
    assert_eq!(totals.len(), 1);
    assert_eq!(
        (
            totals[0].units,
            totals[0].producer_amount.minor(),
            totals[0].consumer_total.minor()
        ),
        (4, 80_000, 96_000)
    );
    let elsewhere = store
        .packing(
            cycle.id,
            Some(Uuid::new_v4()),
            bayanihan_store::trade::PackingBy::Group,
        )
        .await
        .unwrap();
    assert!(elsewhere.is_empty(), "another pickup point's list is empty");
    let packing = store
        .packing(
            cycle.id,
            Some(cycle.pickup_points[0].id),
            bayanihan_store::trade::PackingBy::Group,
        )
        .await
        .unwrap();
    assert_eq!(packing.len(), 1);
    assert_eq!(
        (packing[0].units, packing[0].consumer_group_id),
        (4, Some(group.id))
    );
    for by in bayanihan_store::trade::PackingBy::ALL {
        let rows = store.packing(cycle.id, None, *by).await.unwrap();
        assert_eq!(rows.iter().map(|r| r.units).sum::<u64>(), 4, "{by:?}");
    }

    let invoice = obligations
        .iter()
        .find(|o| o.debtor_id == group.id)
        .unwrap();
    let pay = |amount| PaymentDraft {
        obligation_id: invoice.id,
        amount_minor: amount,
        method: bayanihan_domain::trade::records::PaymentMethod::MobileMoney,
        reference: Some("GC-123".into()),
        paid_on: date("2026-03-10"),
        recorded_by: None,
    };
    assert_eq!(
        store
            .record_payment(&pay(50_000))
            .await
            .unwrap()
            .outstanding
            .minor(),
        46_000
    );
    assert!(matches!(
        store.record_payment(&pay(46_001)).await,
        Err(StoreError::Conflict(_))
    ));
    assert_eq!(
        store
            .record_payment(&pay(46_000))
            .await
            .unwrap()
            .outstanding
            .minor(),
        0
    );
    assert_eq!(
        store.obligations(Some(group.id), true).await.unwrap().len(),
        1,
        "only the transport fee is left"
    );
    for (_, total) in store.ledger_totals().await.unwrap() {
        assert_eq!(total, 0, "the ledger balances");
    }
    let hub_bal: std::collections::HashMap<String, i64> = store
        .balances(hub.id)
        .await
        .unwrap()
        .into_iter()
        .map(|b| (b.kind.id().to_string(), b.amount.minor()))
        .collect();
    assert_eq!(hub_bal["cash"], 96_000);
    assert_eq!(hub_bal["receivable"], 0);
    assert_eq!(hub_bal["payable"], -86_000);

    // A payment is corrected by its reversal: owed again, both in the history, the ledger
    // balanced; never twice, and a reversal is not reversed.
    let history = store.payments_on(invoice.id).await.unwrap();
    assert_eq!(
        history.iter().map(|p| p.amount.minor()).collect::<Vec<_>>(),
        [50_000, 46_000]
    );
    let reversal = store
        .reverse_payment(
            history[0].id,
            Uuid::new_v4(),
            Uuid::new_v4(),
            None,
            date("2026-03-11"),
        )
        .await
        .unwrap();
    assert_eq!(
        (reversal.amount.minor(), reversal.reverses),
        (-50_000, Some(history[0].id))
    );
    assert_eq!(
        store
            .obligation(invoice.id)
            .await
            .unwrap()
            .outstanding
            .minor(),
        50_000
    );
    let again = store
        .reverse_payment(
            history[0].id,
            Uuid::new_v4(),
            Uuid::new_v4(),
            None,
            date("2026-03-11"),
        )
        .await;
    assert!(
        matches!(
            again,
            Err(StoreError::Conflict(
                bayanihan_domain::Conflict::PaymentReversed
            ))
        ),
        "{again:?}"
    );
    let back = store
        .reverse_payment(
            reversal.id,
            Uuid::new_v4(),
            Uuid::new_v4(),
            None,
            date("2026-03-11"),
        )
        .await;
    assert!(
        matches!(
            back,
            Err(StoreError::Conflict(
                bayanihan_domain::Conflict::NotReversible
            ))
        ),
        "{back:?}"
    );
    let history = store.payments_on(invoice.id).await.unwrap();
    assert_eq!(history.len(), 3);
    assert_eq!(history[0].reversed_by, Some(reversal.id));
    assert_eq!(store.payments_of(hub.id, 10).await.unwrap().len(), 3);
    for (_, total) in store.ledger_totals().await.unwrap() {
        assert_eq!(total, 0, "the ledger balances after a reversal");
    }
    let cash = store
        .balances(hub.id)
        .await
        .unwrap()
        .into_iter()
        .find(|b| b.kind.id() == "cash")
        .unwrap();
    assert_eq!(cash.amount.minor(), 46_000);

    // A clone starts a week later, open, with the same offers and no lines.
    let next = store.clone_cycle(cycle.id, 7).await.unwrap();
    assert_eq!(next.delivery_date, date("2026-03-14"));
    assert_eq!(
        next.status,
        bayanihan_domain::trade::records::CycleStatus::Open
    );
    assert_eq!(store.offers(next.id).await.unwrap().len(), 1);
    assert!(store.lines(next.id, None, None).await.unwrap().is_empty());
    // Named for its dates; no two of a hub's cycles share a name, case and spacing aside.
    assert_eq!(next.name, "Week 11");
    let again = store.clone_cycle(cycle.id, 7).await.unwrap();
    assert_eq!(again.name, "Week 11 — 2026-03-14");
    let rename = |name: &str| bayanihan_store::trade::CycleChange {
        name: Some(name.into()),
        ..Default::default()
    };
    match store.update_cycle(again.id, &rename("  week   11 ")).await {
        Err(StoreError::Invalid(i)) => assert_eq!(i.errors[0].field, "name"),
        other => panic!("expected the name refused, got {other:?}"),
    }
    let renamed = store
        .update_cycle(again.id, &rename("Week 12"))
        .await
        .unwrap();
    assert_eq!(renamed.name, "Week 12");
    assert!(
        matches!(
            store.update_cycle(cycle.id, &rename("Week 99")).await,
            Err(StoreError::Conflict(_))
        ),
        "a closed cycle keeps its name"
    );
}

/// A first_come cycle of a hub with one consumer group and one offer of `quantity` units:
/// (the group, the cycle, the offer).
async fn scarce_offer(
    store: &Store,
    quantity: u64,
) -> (
    bayanihan_domain::Organization,
    bayanihan_store::trade::Cycle,
    bayanihan_store::trade::Offer,
) {
    use bayanihan_store::trade::OfferDraft;
    let hub = store
        .create_organization(&draft("Hub", "social_enterprise", "PH", &[]), None)
        .await
        .unwrap();
    let group = store
        .create_organization(&draft("Group", "consumer_cooperative", "PH", &[]), None)
        .await
        .unwrap();
    let product = product(store, hub.id, "Eggs", "eggs", "tray", 1.8).await;
    let cycle = first_come_cycle(store, "Race", hub.id, hub.id, group.id, None).await;
    let offer = store
        .create_offer(
            cycle.id,
            &OfferDraft {
                product_id: product.id,
                quantity,
                producer_price_minor: 100,
                fees: vec![],
                transport: None,
            },
        )
        .await
        .unwrap();
    (group, cycle, offer)
}

/// Many clients racing for scarce stock under first_come: nothing oversold, every
/// acknowledged line stored.
async fn first_come_never_oversells(store: &Store) {
    use bayanihan_store::trade::NewLine;
    let (group, cycle, offer) = scarce_offer(store, 25).await;
    let mut tasks = Vec::new();
    for i in 0..40u64 {
        let store = store.clone();
        tasks.push(tokio::spawn(async move {
            let l = NewLine {
                offer_id: offer.id,
                consumer_group_id: group.id,
                person_id: None,
                pickup_point_id: None,
                quantity: 1 + i % 3,
                tier: None,
            };
            store.place_line(cycle.id, &l).await
        }));
    }
    let mut acknowledged = Vec::new();
    for t in tasks {
        match t.await.unwrap() {
            Ok(line) => acknowledged.push(line),
            Err(StoreError::Conflict(_)) => {}
            Err(e) => panic!("unexpected error: {e}"),
        }
    }
    let stored = store.lines(cycle.id, None, None).await.unwrap();
    let sold: u64 = stored.iter().map(|l| l.quantity).sum();
    assert!(sold <= 25, "oversold: {sold}");
    assert!(
        sold >= 23,
        "stock left unsold while lines were refused: {sold}"
    );
    let ids: HashSet<Uuid> = stored.iter().map(|l| l.id).collect();
    assert!(
        acknowledged.iter().all(|l| ids.contains(&l.id)),
        "an acknowledged line is missing"
    );
    assert_eq!(acknowledged.len(), stored.len());
    assert_eq!(store.offer(offer.id).await.unwrap().reserved, sold);
}

/// Rollups follow closes on both engines: a network's report of the month holds the cycle's
/// figures, the rows equal a recomputation from the priced lines, and packaging returns and
/// declared jobs show up.
async fn impact_rollups_follow_closes(store: &Store) {
    use bayanihan_domain::impact::period::Period;
    use bayanihan_domain::impact::report::{Report, Threshold};
    use bayanihan_domain::impact::rollup::Rollup;
    use bayanihan_domain::trade::catalog::{
        ProductDraft, ProductInput, TransportLeg, TransportMode,
    };
    use bayanihan_domain::trade::pricing::{Fee, FeeBasis, FeeKind, Part};
    use bayanihan_domain::trade::records::price_lines;
    use bayanihan_domain::Currency;
    use bayanihan_store::impact::ReportScope;
    use bayanihan_store::trade::{NewLine, OfferDraft};

    let org = |name: &str, kind: &str| {
        let d = draft(name, kind, "PH", &[]);
        async move { store.create_organization(&d, None).await.unwrap() }
    };
    let council = org("Council", "network").await;
    let hub = org("Hub", "social_enterprise").await;
    let farm = org("Farm", "producer_cooperative").await;
    let group = org("Group", "consumer_cooperative").await;
    for o in [hub.id, farm.id, group.id] {
        store
            .add_network_member(council.id, o, date("2024-01-01"))
            .await
            .unwrap();
    }
    // Five women farmers shared their demographics; a sixth member did not.
    for i in 0..6 {
        let p = person(store, &format!("farmer{i}@example.org")).await;
        member(store, p, farm.id, &[Member]).await;
        if i < 5 {
            let d = Demographics {
                gender: Some(Gender::Woman),
                birth_year: Some(1990),
                ..Default::default()
            };
            store.set_demographics(p, Some(&d)).await.unwrap();
        }
    }
    let rice = store
        .create_product(
            farm.id,
            &ProductDraft::parse(&ProductInput {
                name: Some("Rice".into()),
                category: Some("rice".into()),
                unit: Some("bag of 5 kg".into()),
                unit_mass_kg: Some(5.0),
                packaging: Some("returnable".into()),
                ..Default::default()
            })
            .unwrap(),
        )
        .await
        .unwrap();
    store
        .add_reference_price(
            rice.id,
            None,
            date("2026-03-01"),
            date("2026-03-31"),
            Currency::PHP,
            18_000,
            "Test market",
        )
        .await
        .unwrap();
    let cycle = first_come_cycle(store, "Week 10", hub.id, farm.id, group.id, None).await;
    let offer = store
        .create_offer(
            cycle.id,
            &OfferDraft {
                product_id: rice.id,
                quantity: 100,
                producer_price_minor: 20_000,
                fees: vec![Fee {
                    kind: FeeKind::SolidarityFund,
                    basis: FeeBasis::PerUnit { minor: 500 },
                    recipient: hub.id,
                }],
                transport: Some(
                    TransportLeg::new(TransportMode::Van, Some(50.0), None, None).unwrap(),
                ),
            },
        )
        .await
        .unwrap();
    // Six households order 1 to 6 bags: 21 bags.
    for i in 0..6u64 {
        let h = person(store, &format!("household{i}@example.org")).await;
        store
            .place_line(
                cycle.id,
                &NewLine {
                    offer_id: offer.id,
                    consumer_group_id: group.id,
                    person_id: Some(h),
                    pickup_point_id: None,
                    quantity: i + 1,
                    tier: None,
                },
            )
            .await
            .unwrap();
    }
    store.close_cycle(cycle.id).await.unwrap();
    let march = &Period::parse("2026-03").unwrap();
    let rows = |scope| async move {
        store
            .rollup_rows(scope, date("2026-01-01"), date("2026-12-31"))
            .await
            .unwrap()
    };
    let cycle_rows = rows(ReportScope::Cycle(cycle.id)).await;
    // Closing again writes nothing more.
    store.close_cycle(cycle.id).await.unwrap();
    assert_eq!(
        rows(ReportScope::Cycle(cycle.id)).await.len(),
        cycle_rows.len()
    );

    // The rows equal a recomputation from the priced lines.
    let priced = price_lines(
        &store.offers(cycle.id).await.unwrap(),
        &store.lines(cycle.id, None, None).await.unwrap(),
    )
    .unwrap();
    let mut stored = Rollup::default();
    for r in &cycle_rows {
        stored.merge(&r.rollup);
    }
    let sum = |f: &dyn Fn(&bayanihan_domain::trade::pricing::Breakdown) -> i64| -> i128 {
        priced.iter().map(|(_, b)| i128::from(f(b))).sum()
    };
    assert_eq!(stored.lines, 6);
    assert_eq!(stored.units, 21);
    assert_eq!(stored.producer_minor, sum(&|b| b.producer_amount().minor()));
    assert_eq!(stored.total_minor, sum(&|b| b.total.minor()));
    assert_eq!(
        stored.fees[&FeeKind::SolidarityFund],
        sum(&|b| b
            .components
            .iter()
            .filter(|c| c.part == Part::Fee(FeeKind::SolidarityFund))
            .map(|c| c.amount.minor())
            .sum())
    );
    assert_eq!((stored.producers.len(), stored.households.len()), (1, 6));

    let report = |scope| async move {
        store
            .tbl_report(scope, march, Threshold::default())
            .await
            .unwrap()
    };
    let get = |r: &Report, ind: &str, key: Option<&str>, cy: Option<Currency>| {
        r.total(ind, key, cy)
            .and_then(|v| v.current.clone())
            .unwrap_or_default()
    };
    let php = Some(Currency::PHP);
    let net = report(ReportScope::Network(council.id)).await;
    // 21 bags × ₱200 = ₱4,200 to the farm of 21 × ₱205 = ₱4,305 paid: 97.56 %.
    assert_eq!(get(&net, "value_paid_to_producers", None, php), "4200.00");
    assert_eq!(get(&net, "producer_share", None, php), "97.56");
    assert_eq!(get(&net, "solidarity_fund", None, php), "105.00");
    // (4,200 − 21 × 180) ÷ 3,780 = 11.11 %.
    assert_eq!(get(&net, "price_premium", None, php), "11.11");
    assert_eq!(get(&net, "households_reached", None, None), "6");
    assert_eq!(get(&net, "producers_reached", None, None), "1");
    // All five opted-in members are women; none is young.
    assert_eq!(
        get(&net, "payments_by_group", Some("women"), php),
        "4200.00"
    );
    assert_eq!(
        get(&net, "payments_by_group", Some("women.people"), None),
        "5"
    );
    assert_eq!(get(&net, "payments_by_group", Some("youth"), php), "<5");
    // 105 kg × 50 km = 5.25 t·km × 0.6313 = 3.314 kg.
    assert_eq!(get(&net, "food_km", None, None), "50.0");
    assert_eq!(get(&net, "transport_emissions", None, None), "3.314");
    assert_eq!(get(&net, "local_retention", None, php), "100.00");
    // The cycle's own report says the same.
    let cyc = report(ReportScope::Cycle(cycle.id)).await;
    for ind in ["value_paid_to_producers", "producer_share", "price_premium"] {
        assert_eq!(
            get(&cyc, ind, None, php),
            get(&net, ind, None, php),
            "{ind}"
        );
    }
    assert_eq!(
        get(
            &report(ReportScope::ValueChain(
                bayanihan_domain::trade::catalog::Category::Rice
            ))
            .await,
            "value_paid_to_producers",
            None,
            php
        ),
        "4200.00"
    );

    // Packaging brought back and jobs declared.
    store
        .record_packaging_return(offer.id, 7, None)
        .await
        .unwrap();
    store
        .declare_jobs(
            farm.id,
            date("2026-01-01"),
            date("2026-12-31"),
            Some(Gender::Woman),
            350,
            None,
        )
        .await
        .unwrap();
    let net = report(ReportScope::Network(council.id)).await;
    assert_eq!(get(&net, "packaging_returned", None, None), "100.00");
    assert_eq!(get(&net, "jobs_fte", None, None), "3.50");

    // A rebuild from the stored lines gives the same figures, and takes up reference prices
    // entered after the close: a price of ₱200 for the farm's own region leaves no premium.
    let before = report(ReportScope::Network(council.id)).await;
    assert_eq!(store.rebuild_rollups(None).await.unwrap(), 1);
    assert_eq!(report(ReportScope::Network(council.id)).await, before);
    store
        .add_reference_price(
            rice.id,
            Some("Somewhere"),
            date("2026-03-01"),
            date("2026-03-31"),
            Currency::PHP,
            20_000,
            "Regional market",
        )
        .await
        .unwrap();
    assert_eq!(store.rebuild_rollups(Some(cycle.id)).await.unwrap(), 1);
    let after = report(ReportScope::Network(council.id)).await;
    assert_eq!(get(&after, "price_premium", None, php), "0.00");
    assert_eq!(get(&after, "packaging_returned", None, None), "100.00");
    assert_eq!(get(&after, "households_reached", None, None), "6");
    assert!(matches!(
        store.rebuild_rollups(Some(Uuid::new_v4())).await,
        Err(StoreError::NotFound(_))
    ));
    assert_eq!(
        get(
            &report(ReportScope::Organization(hub.id)).await,
            "jobs_fte",
            None,
            None
        ),
        ""
    );
    assert_eq!(
        get(
            &report(ReportScope::Organization(farm.id)).await,
            "jobs_fte",
            Some("woman"),
            None
        ),
        "3.50"
    );
}

/// Clearing rounds on both engines: proposed with each organization's effect, applied as
/// set-off payments and ledger transactions (the ledger balances, net positions unchanged),
/// stale when an obligation is paid after the proposal, and discarded.
async fn clearing_rounds_set_off_debt(store: &Store) {
    use bayanihan_domain::{Currency, Money};
    use bayanihan_store::clearing::{effects, RoundStatus};
    use bayanihan_store::trade::PaymentDraft;
    let org = |name: &str, kind: &str| {
        let d = draft(name, kind, "PH", &[]);
        async move { store.create_organization(&d, None).await.unwrap().id }
    };
    let net = org("Network", "network").await;
    let (a, b, c) = (
        org("A", "producer_cooperative").await,
        org("B", "social_enterprise").await,
        org("C", "consumer_cooperative").await,
    );
    let outside = org("Outside", "consumer_cooperative").await;
    for o in [a, b, c] {
        store
            .add_network_member(net, o, date("2024-01-01"))
            .await
            .unwrap();
    }
    let php = |v| Money::new(v, Currency::PHP);
    let owe = |d, c, v, due: &str| store.record_obligation(d, c, php(v), date(due));
    // A owes B 100, B owes C 80, C owes A 50, B owes A 30; and, not considered: a debt in yen,
    // and one to an organization outside the network.
    let ab = owe(a, b, 100, "2026-03-01").await.unwrap();
    let bc = owe(b, c, 80, "2026-03-02").await.unwrap();
    let ca = owe(c, a, 50, "2026-03-03").await.unwrap();
    let ba = owe(b, a, 30, "2026-03-04").await.unwrap();
    store
        .record_obligation(a, b, Money::new(500, Currency::JPY), date("2026-03-01"))
        .await
        .unwrap();
    store
        .record_obligation(c, outside, php(70), date("2026-03-01"))
        .await
        .unwrap();
    let net_position = |o| async move {
        store
            .balances(o)
            .await
            .unwrap()
            .iter()
            .filter(|b| b.amount.currency() == Currency::PHP)
            .map(|b| b.amount.minor())
            .sum::<i64>()
    };
    let before = [
        net_position(a).await,
        net_position(b).await,
        net_position(c).await,
    ];

    // Total 260; A must pay 20 net and B 10, C receive 30: at least A→B 20 and B→C 30 remain,
    // so 210 is set off (the cycle A→B→C→A by 50, and A↔B by 30 more).
    let round = store
        .propose_clearing(net, Currency::PHP, None)
        .await
        .unwrap();
    assert_eq!(round.status, RoundStatus::Proposed);
    assert_eq!(
        (round.obligations, round.total_debt, round.cleared),
        (4, php(260), php(210))
    );
    assert_eq!(round.net_internal_debt, php(30));
    let lines = store.clearing_set_offs(&round, None).await.unwrap();
    let off = |id| {
        lines
            .iter()
            .find(|l| l.obligation_id == id)
            .unwrap()
            .set_off
    };
    assert_eq!(
        (off(ab), off(bc), off(ca), off(ba)),
        (php(80), php(50), php(50), php(30))
    );
    let fx = effects(Currency::PHP, &lines);
    let of = |o| fx.iter().find(|e| e.organization_id == o).unwrap().clone();
    // A owed 100 and was owed 80; after: owes 20, is owed nothing; the same net −20.
    let ea = of(a);
    assert_eq!(
        (ea.owes_before, ea.owed_before, ea.owes_after, ea.owed_after),
        (php(100), php(80), php(20), php(0))
    );
    assert_eq!(ea.liquidity_saved, php(80));
    for e in &fx {
        assert_eq!(
            e.owed_before.minor() - e.owes_before.minor(),
            e.owed_after.minor() - e.owes_after.minor()
        );
    }
    // An organization sees only its own obligations.
    assert_eq!(
        store
            .clearing_set_offs(&round, Some(c))
            .await
            .unwrap()
            .len(),
        2
    );

    let rounds = store.metrics().clearing_rounds_applied;
    let applied = store.apply_clearing(round.id, None).await.unwrap();
    assert_eq!(applied.status, RoundStatus::Applied);
    assert_eq!(store.metrics().clearing_rounds_applied, rounds + 1);
    assert_eq!(store.obligation(ab).await.unwrap().outstanding, php(20));
    assert_eq!(store.obligation(ca).await.unwrap().outstanding, php(0));
    assert!(store
        .ledger_totals()
        .await
        .unwrap()
        .iter()
        .all(|(_, t)| *t == 0));
    assert_eq!(
        before,
        [
            net_position(a).await,
            net_position(b).await,
            net_position(c).await
        ]
    );
    assert!(matches!(
        store.apply_clearing(round.id, None).await,
        Err(StoreError::Conflict(_))
    ));
    assert_eq!(store.metrics().clearing_rounds_applied, rounds + 1);
    let saved: i64 = store
        .applied_set_offs(Some(net), None)
        .await
        .unwrap()
        .iter()
        .map(|s| s.2)
        .sum();
    assert_eq!(saved, 210);

    // A payment after a proposal makes it stale; applying it is refused.
    owe(c, a, 20, "2026-04-01").await.unwrap();
    let second = store
        .propose_clearing(net, Currency::PHP, None)
        .await
        .unwrap();
    // Left: A→B 20, B→C 30, and now C→A 20: the cycle clears 20 on each of its three debts.
    assert_eq!(second.cleared, php(60));
    store
        .record_payment(&PaymentDraft {
            obligation_id: ab,
            amount_minor: 5,
            method: bayanihan_domain::trade::records::PaymentMethod::Cash,
            reference: None,
            paid_on: date("2026-04-02"),
            recorded_by: None,
        })
        .await
        .unwrap();
    assert_eq!(
        store.clearing_round(second.id).await.unwrap().status,
        RoundStatus::Stale
    );
    assert!(matches!(
        store.apply_clearing(second.id, None).await,
        Err(StoreError::Conflict(bayanihan_domain::Conflict::RoundStale))
    ));
    let third = store
        .propose_clearing(net, Currency::PHP, None)
        .await
        .unwrap();
    assert_eq!(
        store.discard_clearing(third.id, None).await.unwrap().status,
        RoundStatus::Discarded
    );
    assert_eq!(store.clearing_rounds(net).await.unwrap().len(), 3);
    assert_eq!(store.clearing_rounds_of(a).await.unwrap().len(), 3);
    assert!(store.clearing_rounds_of(outside).await.unwrap().is_empty());
}

/// A spreadsheet comes in all at once and a second time changes nothing, on both engines.
async fn imports_apply_once(store: &Store) {
    use bayanihan_store::import::RowAction as A;
    let org = store
        .create_organization(&draft("Farm", "producer_cooperative", "PH", &[]), None)
        .await
        .unwrap();
    let members = bayanihan_domain::import::members(
        "email,name,role\nana@example.org,Ana,\npedro.santos,Pedro,coordinator\n",
    )
    .unwrap();
    let day = date("2026-03-01");
    let plan = store
        .import_members(org.id, &members, day, false)
        .await
        .unwrap();
    assert_eq!(plan, [(2, A::Added), (3, A::Added)]);
    assert!(
        store.members_of(org.id).await.unwrap().is_empty(),
        "a plan writes nothing"
    );
    store
        .import_members(org.id, &members, day, true)
        .await
        .unwrap();
    assert_eq!(store.members_of(org.id).await.unwrap().len(), 2);
    let again = store
        .import_members(org.id, &members, day, true)
        .await
        .unwrap();
    assert_eq!(again, [(2, A::Unchanged), (3, A::Unchanged)]);
    let products = bayanihan_domain::import::products(
        "name,category,unit,unit_mass_kg\nRice,rice,bag,5\nJam,processed_food,jar,0.3\n",
    )
    .unwrap();
    store
        .import_products(org.id, &products, true)
        .await
        .unwrap();
    let changed = bayanihan_domain::import::products(
        "name,category,unit,unit_mass_kg\nrice,rice,bag,10\nJam,processed_food,jar,0.3\n",
    )
    .unwrap();
    let plan = store.import_products(org.id, &changed, true).await.unwrap();
    assert_eq!(plan, [(2, A::Updated), (3, A::Unchanged)]);
    let all = store.products_of(org.id).await.unwrap();
    assert_eq!(all.len(), 2);
    assert!(all
        .iter()
        .any(|p| p.name == "rice" && p.unit_mass_g == 10_000));
}

async fn idempotency_keys_answer_once(store: &Store) {
    use bayanihan_store::idempotency::Claim;
    let (ana, ben) = (Uuid::new_v4(), Uuid::new_v4());
    assert_eq!(
        store.claim_idempotent(ana, "k1", "print-a").await.unwrap(),
        Claim::First
    );
    assert_eq!(
        store.claim_idempotent(ana, "k1", "print-a").await.unwrap(),
        Claim::InProgress
    );
    assert_eq!(
        store.claim_idempotent(ana, "k1", "print-b").await.unwrap(),
        Claim::Mismatch
    );
    // Keys are each owner's.
    assert_eq!(
        store.claim_idempotent(ben, "k1", "print-b").await.unwrap(),
        Claim::First
    );
    store
        .finish_idempotent(ana, "k1", 201, Some("application/json"), b"{\"id\":1}")
        .await
        .unwrap();
    assert_eq!(
        store.claim_idempotent(ana, "k1", "print-a").await.unwrap(),
        Claim::Answered {
            status: 201,
            content_type: Some("application/json".into()),
            body: b"{\"id\":1}".to_vec(),
        }
    );
    // A failed request lets its key go; an answered one keeps it.
    store.abandon_idempotent(ben, "k1").await.unwrap();
    assert_eq!(
        store.claim_idempotent(ben, "k1", "print-c").await.unwrap(),
        Claim::First
    );
    store.abandon_idempotent(ana, "k1").await.unwrap();
    assert!(matches!(
        store.claim_idempotent(ana, "k1", "print-a").await.unwrap(),
        Claim::Answered { status: 201, .. }
    ));
    // Twins at once: one is first, the others find it in progress.
    let mut twins = tokio::task::JoinSet::new();
    for _ in 0..6 {
        let store = store.clone();
        twins.spawn(async move { store.claim_idempotent(ana, "k2", "print-d").await });
    }
    let claims = twins.join_all().await;
    let firsts = claims
        .iter()
        .filter(|c| matches!(c, Ok(Claim::First)))
        .count();
    assert_eq!(firsts, 1, "{claims:?}");
    assert!(claims
        .iter()
        .all(|c| matches!(c, Ok(Claim::First | Claim::InProgress))));
}

/// `f` through two handles at the same moment: both outcomes.
async fn at_once<T, F, Fut>(a: &Store, b: &Store, f: F) -> [T; 2]
where
    F: Fn(Store) -> Fut,
    Fut: std::future::Future<Output = T> + Send + 'static,
    T: Send + 'static,
{
    let (x, y) = tokio::join!(tokio::spawn(f(a.clone())), tokio::spawn(f(b.clone())));
    [x.unwrap(), y.unwrap()]
}

/// One of two outcomes succeeded, and the other was refused as a conflict.
fn once<T: std::fmt::Debug>(outcomes: [Result<T, StoreError>; 2]) {
    assert_eq!(
        outcomes.iter().filter(|r| r.is_ok()).count(),
        1,
        "{outcomes:?}"
    );
    assert!(outcomes
        .iter()
        .any(|r| matches!(r, Err(StoreError::Conflict(_)))));
}

/// Two handles on one database, as two server processes behind a load balancer: placing and
/// changing lines on scarce stock, two closes of one cycle, two payments that together exceed
/// what is owed, two applies of one clearing round. Never oversold, never closed or applied
/// twice, never more paid than owed.
async fn two_handles_race_and_nothing_happens_twice(store: &Store) {
    use bayanihan_domain::{Currency, Money};
    use bayanihan_store::trade::{NewLine, PaymentDraft};
    let other = store.twin().await;
    let (group, cycle, offer) = scarce_offer(store, 30).await;
    let handles = [store.clone(), other.clone()];
    // 40 lines of 1–3 units through both handles, and each acknowledged line then grown by
    // one unit through the other handle: 30 units, never more.
    let mut tasks = Vec::new();
    for i in 0..40u64 {
        let (one, two) = (
            handles[i as usize % 2].clone(),
            handles[(i as usize + 1) % 2].clone(),
        );
        tasks.push(tokio::spawn(async move {
            let l = NewLine {
                offer_id: offer.id,
                consumer_group_id: group.id,
                person_id: None,
                pickup_point_id: None,
                quantity: 1 + i % 3,
                tier: None,
            };
            match one.place_line(cycle.id, &l).await {
                Ok(line) => match two.change_line(line.id, line.quantity + 1).await {
                    Ok(_) | Err(StoreError::Conflict(_)) => true,
                    Err(e) => panic!("changing: {e}"),
                },
                Err(StoreError::Conflict(_)) => false,
                Err(e) => panic!("placing: {e}"),
            }
        }));
    }
    for t in tasks {
        t.await.unwrap();
    }
    let stored = store.lines(cycle.id, None, None).await.unwrap();
    let sold: u64 = stored.iter().map(|l| l.quantity).sum();
    assert!(sold <= 30, "oversold across handles: {sold}");
    assert_eq!(store.offer(offer.id).await.unwrap().reserved, sold);

    // Both close it at once: one does the work, the other finds it done.
    let [x, y] = at_once(store, &other, move |s| async move {
        s.close_cycle(cycle.id).await.unwrap()
    })
    .await;
    assert_eq!(
        u8::from(x.closed_now) + u8::from(y.closed_now),
        1,
        "closed once: {x:?} {y:?}"
    );
    let invoice = store
        .obligations(Some(group.id), true)
        .await
        .unwrap()
        .into_iter()
        .find(|o| o.debtor_id == group.id)
        .expect("the group's invoice");
    assert_eq!(
        store.obligations(Some(group.id), true).await.unwrap().len(),
        1,
        "one invoice, not two"
    );

    // Two payments of 60 % each, one through each handle: one lands, the other is refused.
    let owed = invoice.outstanding.minor();
    let pay = PaymentDraft {
        obligation_id: invoice.id,
        amount_minor: owed * 6 / 10,
        method: bayanihan_domain::trade::records::PaymentMethod::MobileMoney,
        reference: None,
        paid_on: date("2026-03-10"),
        recorded_by: None,
    };
    once(
        at_once(store, &other, move |s| {
            let p = pay.clone();
            async move { s.record_payment(&p).await }
        })
        .await,
    );
    assert_eq!(
        store
            .obligation(invoice.id)
            .await
            .unwrap()
            .outstanding
            .minor(),
        owed - owed * 6 / 10
    );

    // A clearing round applied through both at once: once.
    let net = store
        .create_organization(&draft("Network", "network", "PH", &[]), None)
        .await
        .unwrap()
        .id;
    let mut members = Vec::new();
    for name in ["A", "B", "C"] {
        let o = store
            .create_organization(&draft(name, "producer_cooperative", "PH", &[]), None)
            .await
            .unwrap()
            .id;
        store
            .add_network_member(net, o, date("2024-01-01"))
            .await
            .unwrap();
        members.push(o);
    }
    let php = |v| Money::new(v, Currency::PHP);
    for (d, c) in [(0, 1), (1, 2), (2, 0)] {
        store
            .record_obligation(members[d], members[c], php(100), date("2026-03-01"))
            .await
            .unwrap();
    }
    let round = store
        .propose_clearing(net, Currency::PHP, None)
        .await
        .unwrap();
    assert_eq!(round.cleared, php(300));
    once(
        at_once(store, &other, move |s| async move {
            s.apply_clearing(round.id, None).await
        })
        .await,
    );
    for m in &members {
        assert!(store
            .obligations(Some(*m), true)
            .await
            .unwrap()
            .iter()
            .all(|o| o.outstanding.minor() == 0));
    }
    assert!(store.verify_ledger(&[]).await.unwrap().is_intact());
    other.close().await;
}

/// A tiered pro_rata cycle larger than every batch of the close (its portable close writes
/// 1,000 lines a statement here, so 4,800 lines take five; 48 offers; six groups in three
/// tiers; fees to the hub and per unit) is closed: every line is stored as `settle` decides
/// it, line by line, and every document with `settle`'s total, document by document.
async fn a_large_tiered_close_writes_what_settle_decides(store: &Store) {
    use bayanihan_domain::trade::allocation::Policy;
    use bayanihan_domain::trade::records::DocumentKind;
    use bayanihan_store::trade::OfferDraft;
    use std::collections::HashMap;

    let store = &store.clone().with_close_batch(1_000);
    let org = |name: &'static str, kind: &'static str| async move {
        store
            .create_organization(&draft(name, kind, "PH", &[]), None)
            .await
            .unwrap()
            .id
    };
    let hub = org("Hub", "social_enterprise").await;
    let mut farms = Vec::new();
    for name in ["Farm A", "Farm B", "Farm C"] {
        farms.push(org(name, "producer_cooperative").await);
    }
    let mut groups = Vec::new();
    for name in [
        "Group 1", "Group 2", "Group 3", "Group 4", "Group 5", "Group 6",
    ] {
        groups.push(org(name, "consumer_cooperative").await);
    }
    let tiers: Vec<(Uuid, u32)> = groups
        .iter()
        .enumerate()
        .map(|(i, g)| (*g, (i / 2) as u32))
        .collect();
    let cycle = cycle_of(
        store,
        "Large tiered week",
        hub,
        Policy::ProRata,
        farms.clone(),
        &tiers,
        vec![],
    )
    .await;
    // 48 offers, 16 a farm; a third of them short (supply 60 % of what is asked).
    const LINES: u64 = 4_800;
    const OFFERS: u64 = 48;
    let asked = |o: u64| (0..LINES / OFFERS).map(|i| 1 + (o + i) % 3).sum::<u64>();
    let mut offers = Vec::new();
    for o in 0..OFFERS {
        let farm = farms[(o % 3) as usize];
        let p = product(store, farm, &format!("Rice {o}"), "rice", "kg", 1.0).await;
        let offer = store
            .create_offer(
                cycle.id,
                &OfferDraft {
                    product_id: p.id,
                    quantity: if o % 3 == 0 {
                        asked(o) * 6 / 10
                    } else {
                        asked(o) + 5
                    },
                    producer_price_minor: 4_000 + 137 * o as i64,
                    fees: fixtures::hub_fees(hub, 1_250, 333),
                    transport: None,
                },
            )
            .await
            .unwrap();
        offers.push(offer.id);
    }
    let lines: Vec<_> = (0..LINES)
        .map(|n| {
            let g = (n % 6) as usize;
            (
                Uuid::new_v4(),
                offers[(n % OFFERS) as usize],
                groups[g],
                1 + (n % OFFERS + n / OFFERS) % 3,
                (g / 2) as u32,
                None,
                None,
            )
        })
        .collect();
    store.bulk_load_lines(cycle.id, &lines).await.unwrap();

    // What settle decides, from the stored cycle, before the close.
    let settled = store.settle_preview(cycle.id).await.unwrap().unwrap();
    let summary = store.close_cycle(cycle.id).await.unwrap();
    assert!(summary.closed_now);
    assert_eq!(summary.lines, LINES);
    assert!(
        settled.lines.iter().any(|l| l.allocated < l.requested),
        "some offers were short, so the tiers and pro_rata mattered"
    );

    let stored: HashMap<Uuid, bayanihan_store::trade::Line> = store
        .lines(cycle.id, None, None)
        .await
        .unwrap()
        .into_iter()
        .map(|l| (l.id, l))
        .collect();
    assert_eq!(stored.len(), settled.lines.len());
    for want in &settled.lines {
        let got = &stored[&want.line];
        assert_eq!(
            (got.allocated, got.reason.clone(), got.total),
            (
                Some(want.allocated),
                Some(want.reason.clone()),
                Some(want.breakdown.total)
            ),
            "line {}",
            want.line
        );
    }
    let mut want: Vec<(&str, Uuid, i64)> = settled
        .invoices
        .iter()
        .map(|i| {
            (
                DocumentKind::Invoice.id(),
                i.consumer_group,
                i.total.minor(),
            )
        })
        .chain(settled.producer_statements.iter().map(|s| {
            (
                DocumentKind::ProducerStatement.id(),
                s.recipient,
                s.total.minor(),
            )
        }))
        .chain(settled.fee_statements.iter().map(|s| {
            (
                DocumentKind::FeeStatement.id(),
                s.recipient,
                s.total.minor(),
            )
        }))
        .collect();
    let mut got: Vec<(&str, Uuid, i64)> = store
        .documents(cycle.id, None)
        .await
        .unwrap()
        .into_iter()
        .map(|d| (d.kind.id(), d.organization_id, d.total.minor()))
        .collect();
    want.sort();
    got.sort();
    assert_eq!(got, want);
    assert_eq!(
        got.len(),
        6 + 3 + 1,
        "an invoice a group, a statement a farm, the hub's fees"
    );
}

// Each story is a test of its own on each engine: `sqlite::<story>` and `postgres::<story>`,
// so one failure hides none of the others. The PostgreSQL stories share one cluster (a
// database each).
bayanihan_store::engine_stories!(
    organizations_round_trip,
    directory_filters_and_pages,
    networks_refuse_loops_and_duplicates,
    people_memberships_and_stewards,
    network_links_need_both_sides,
    sign_in_throttle_counts_and_forgets,
    demographics_opt_in_and_out,
    sessions_and_tokens,
    migrations_are_idempotent,
    concurrent_writers_all_land,
    a_cycle_from_offer_to_payment,
    first_come_never_oversells,
    impact_rollups_follow_closes,
    clearing_rounds_set_off_debt,
    idempotency_keys_answer_once,
    imports_apply_once,
    two_handles_race_and_nothing_happens_twice,
    a_large_tiered_close_writes_what_settle_decides,
);
