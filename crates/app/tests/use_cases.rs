//! The permission decisions of the use cases, tried without HTTP: the same answers the API's
//! matrix expects (`crates/web/tests/api/matrix.rs`), straight from the layer that decides.

use bayanihan_app::networks::{self, NetworkApplication, NetworkMemberPatch, NewNetworkMember};
use bayanihan_app::organizations::{self, MemberPatch, NewMember};
use bayanihan_app::AppError;
use bayanihan_domain::person::MembershipRole::*;
use bayanihan_store::testing::TempSqlite;

use bayanihan_store::testing::fixtures::{org, subject as person};

fn refused<T: std::fmt::Debug>(r: Result<T, AppError>) -> bool {
    matches!(r, Err(AppError::NotPermitted(_)))
}

#[tokio::test]
async fn members_and_links_are_decided_by_the_use_cases() {
    let db = TempSqlite::new().await;
    let store = &db.store;
    let council = org(store, "Council", "network").await;
    let chapter = org(store, "Chapter", "network").await;
    let o = org(store, "Org", "consumer_cooperative").await;
    let invited = org(store, "Invited", "association").await;
    let since = "2025-01-01".parse().unwrap();
    store
        .add_network_member(council, chapter, since)
        .await
        .unwrap();
    store.add_network_member(chapter, o, since).await.unwrap();

    let admin = person(store, "admin@people.example", &[(o, &[Admin])]).await;
    let coordinator = person(
        store,
        "coord@people.example",
        &[(o, &[Member, Coordinator])],
    )
    .await;
    let member = person(store, "member@people.example", &[(o, &[Member])]).await;
    let steward = person(store, "steward@people.example", &[(chapter, &[Admin])]).await;
    let council_steward = person(store, "council@people.example", &[(council, &[Admin])]).await;
    let invited_admin = person(store, "invited@people.example", &[(invited, &[Admin])]).await;

    // Adding a plain member: coordinators and admins; never stewards or plain members.
    let new = |n: &str| NewMember {
        email: format!("{n}@people.example"),
        name: Some("New".into()),
        roles: vec!["member".into()],
        stakeholder: None,
        since: None,
    };
    for (who, ok) in [
        (&admin, true),
        (&coordinator, true),
        (&member, false),
        (&steward, false),
        (&council_steward, false),
    ] {
        let r =
            organizations::add_member(store, Some(who), o, &new(&who.person_id.to_string())).await;
        assert_eq!(r.is_ok(), ok, "{r:?}");
        if !ok {
            assert!(refused(r));
        }
    }
    // Appointing an admin: only admins; a steward cannot appoint itself or anyone.
    let promote = MemberPatch {
        roles: Some(vec!["admin".into()]),
        stakeholder: None,
    };
    for who in [&steward, &council_steward, &coordinator] {
        assert!(refused(
            organizations::change_member(store, Some(who), o, member.person_id, &promote).await
        ));
    }
    // The last admin cannot leave.
    assert!(matches!(
        organizations::remove_member(store, Some(&admin), o, admin.person_id).await,
        Err(AppError::Conflict(bayanihan_domain::Conflict::LastAdmin))
    ));
    // Nobody signed in: unauthenticated, before anything else.
    assert!(matches!(
        organizations::members(store, None, o).await,
        Err(AppError::Unauthenticated)
    ));

    // Links: the chapter invites; the invited organization's admin accepts; the inviter cannot.
    let invite = NewNetworkMember {
        member_id: invited,
        since: None,
    };
    assert!(refused(
        networks::invite(store, Some(&council_steward), chapter, &invite).await
    ));
    let link = networks::invite(store, Some(&steward), chapter, &invite)
        .await
        .unwrap();
    assert_eq!(link.status.id(), "invited");
    let accept = NetworkMemberPatch {
        status: "active".into(),
        until: None,
    };
    assert!(refused(
        networks::change(store, Some(&steward), chapter, invited, &accept).await
    ));
    assert!(refused(
        networks::change(store, Some(&member), chapter, invited, &accept).await
    ));
    let link = networks::change(store, Some(&invited_admin), chapter, invited, &accept)
        .await
        .unwrap();
    assert_eq!(link.status.id(), "active");
    // Applying is for the organization's own admins.
    let apply = NetworkApplication {
        network_id: council,
        since: None,
    };
    assert!(refused(
        networks::apply(store, Some(&steward), o, &apply).await
    ));
    let applied = networks::apply(store, Some(&admin), o, &apply)
        .await
        .unwrap();
    assert_eq!(applied.status.id(), "applied");
}
