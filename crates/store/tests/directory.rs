//! A network's directory from spreadsheets, on SQLite and PostgreSQL: all or nothing, the
//! same sheets again change nothing, the dry run writes nothing, and an organization with
//! admins of its own keeps what is its own.

use std::collections::HashSet;

use bayanihan_domain::import::directory;
use bayanihan_store::directory::DirectorySheets;
use bayanihan_store::import::RowAction::{self, *};
use bayanihan_store::testing::fixtures;
use bayanihan_store::Store;

const ORGS: &str = "key,name,kind,country,currency,time_zone,region,lat,lon,qualifiers\n\
    PH-1,Bukid ng Pag-asa,producer_cooperative,PH,PHP,Asia/Manila,Benguet,16.4,120.6,organic\n\
    PH-2,Barangay Malaya,consumer_cooperative,PH,PHP,Asia/Manila,Metro Manila,,,\n";
const PEOPLE: &str = "email,name,organization,role\n\
    bea@bukid.example,Bea Cruz,PH-1,admin\n\
    bea@bukid.example,Bea Cruz,PH-2,\n\
    carlo@malaya.example,Carlo Reyes,PH-2,coordinator\n";
const PRODUCTS: &str = "organization,name,category,unit,unit_mass_kg\nPH-1,Red rice,rice,bag,5\nPH-2,Soap,handicrafts,bar,0.1\n";

/// The sheets read; an empty text is a sheet not given.
fn sheets(orgs: &str, people: &str, products: &str) -> DirectorySheets {
    DirectorySheets {
        organizations: if orgs.is_empty() {
            vec![]
        } else {
            directory::organizations(orgs).unwrap()
        },
        people: if people.is_empty() {
            vec![]
        } else {
            directory::people(people).unwrap()
        },
        products: if products.is_empty() {
            vec![]
        } else {
            directory::products(products).unwrap()
        },
        offers: vec![],
    }
}

fn actions(rows: &[(usize, RowAction)]) -> Vec<RowAction> {
    rows.iter().map(|(_, a)| *a).collect()
}

async fn count(store: &Store, table: &str) -> i64 {
    store.count_rows(table).await.unwrap()
}

async fn a_directory_imports_once_and_then_changes_nothing(store: &Store) {
    let network = fixtures::org(store, "Network", "network").await;
    let today = "2026-12-01".parse().unwrap();
    let none = HashSet::new();
    let s = sheets(ORGS, PEOPLE, PRODUCTS);
    let before = (
        count(store, "organizations").await,
        count(store, "people").await,
    );
    // The dry run plans and writes nothing.
    let plan = store
        .import_directory(network, &s, &none, today, false, &|_, _| {})
        .await
        .unwrap();
    assert_eq!(actions(&plan.organizations), [Added, Added]);
    assert_eq!(actions(&plan.people), [Added, Joined, Added]);
    assert_eq!(actions(&plan.products), [Added, Added]);
    assert_eq!(
        (
            count(store, "organizations").await,
            count(store, "people").await
        ),
        before
    );
    // Applied: what the plan said, with progress heard to the end.
    let heard = std::sync::Mutex::new(Vec::new());
    let done = store
        .import_directory(network, &s, &none, today, true, &|d, t| {
            heard.lock().unwrap().push((d, t))
        })
        .await
        .unwrap();
    assert_eq!(done, plan);
    assert_eq!(heard.lock().unwrap().last(), Some(&(7, 7)));
    let keys = store.import_keys(network).await.unwrap();
    let (bukid, malaya) = (keys["PH-1"], keys["PH-2"]);
    let org = store.organization(bukid).await.unwrap();
    assert_eq!(org.name, "Bukid ng Pag-asa");
    assert_eq!(org.region.as_deref(), Some("Benguet"));
    let links = store.network_memberships_of(bukid).await.unwrap();
    assert_eq!(links.len(), 1);
    assert_eq!(links[0].network_id, network);
    assert_eq!(
        links[0].status,
        bayanihan_domain::NetworkMembershipStatus::Active
    );
    assert_eq!(store.members_of(malaya).await.unwrap().len(), 2);
    assert_eq!(store.products_of(bukid).await.unwrap()[0].name, "Red rice");
    // Again: nothing changes. Bukid has an admin of its own now, so its rows are kept.
    let again = store
        .import_directory(network, &s, &none, today, true, &|_, _| {})
        .await
        .unwrap();
    assert_eq!(actions(&again.organizations), [Kept, Unchanged]);
    assert_eq!(actions(&again.people), [Kept, Unchanged, Unchanged]);
    assert_eq!(actions(&again.products), [Kept, Unchanged]);
    // A changed row of an organization the network still holds is updated; Bukid's is kept
    // unless its own admin imports.
    let changed = sheets(
        &ORGS
            .replace("Barangay Malaya", "Barangay Malaya Co-op")
            .replace("Benguet,", "Ifugao,"),
        "",
        "",
    );
    let third = store
        .import_directory(network, &changed, &none, today, true, &|_, _| {})
        .await
        .unwrap();
    assert_eq!(actions(&third.organizations), [Kept, Updated]);
    assert_eq!(
        store.organization(malaya).await.unwrap().name,
        "Barangay Malaya Co-op"
    );
    assert_eq!(
        store.organization(bukid).await.unwrap().region.as_deref(),
        Some("Benguet")
    );
    let admin: HashSet<_> = [bukid].into_iter().collect();
    let by_admin = store
        .import_directory(network, &changed, &admin, today, true, &|_, _| {})
        .await
        .unwrap();
    assert_eq!(actions(&by_admin.organizations), [Updated, Unchanged]);
    assert_eq!(
        store.organization(bukid).await.unwrap().region.as_deref(),
        Some("Ifugao")
    );
}

/// A key no sheet and no earlier import gave is refused before anything is written.
async fn an_unknown_key_writes_nothing(store: &Store) {
    let network = fixtures::org(store, "Network", "network").await;
    let s = sheets(ORGS, "email,name,organization\nx@y.example,X,PH-404\n", "");
    let before = count(store, "organizations").await;
    let r = store
        .import_directory(
            network,
            &s,
            &HashSet::new(),
            "2026-12-01".parse().unwrap(),
            true,
            &|_, _| {},
        )
        .await;
    assert!(r.is_err());
    assert_eq!(count(store, "organizations").await, before);
    assert!(store.import_keys(network).await.unwrap().is_empty());
}

/// A network fills only what its own imports made and still holds: not an organization
/// another network made (even one inside it, with no admin of its own), nor one that left it.
async fn only_what_the_network_made_and_holds_is_written(store: &Store) {
    let network = fixtures::org(store, "Network", "network").await;
    let today = "2026-12-01".parse().unwrap();
    let none = HashSet::new();
    // No people sheet: neither organization gets an admin of its own.
    let s = sheets(ORGS, "", PRODUCTS);
    store
        .import_directory(network, &s, &none, today, true, &|_, _| {})
        .await
        .unwrap();
    let keys = store.import_keys(network).await.unwrap();
    let (bukid, malaya) = (keys["PH-1"], keys["PH-2"]);
    // Another network's own organization, admin-less, is a member of ours too: by its id our
    // sheets name it, and keep it.
    let other = fixtures::org(store, "Other network", "network").await;
    let theirs = fixtures::org(store, "Their farm", "producer_cooperative").await;
    for n in [other, network] {
        store.add_network_member(n, theirs, today).await.unwrap();
    }
    let grant = format!(
        "email,name,organization,role
me@x.example,Me,{theirs},admin
"
    );
    let r = store
        .import_directory(
            network,
            &sheets("", &grant, ""),
            &none,
            today,
            true,
            &|_, _| {},
        )
        .await
        .unwrap();
    assert_eq!(actions(&r.people), [Kept]);
    assert!(store.members_of(theirs).await.unwrap().is_empty());
    // Malaya left: its key still names it, and it is kept — not made again, not written.
    store
        .set_network_membership_status(
            network,
            malaya,
            bayanihan_domain::NetworkMembershipStatus::Ended,
            Some(today),
        )
        .await
        .unwrap();
    let orgs_before = count(store, "organizations").await;
    let renamed = sheets(
        &ORGS.replace("Barangay Malaya", "Malaya renamed"),
        "email,name,organization,role
me@x.example,Me,PH-2,admin
",
        "",
    );
    let r = store
        .import_directory(network, &renamed, &none, today, true, &|_, _| {})
        .await
        .unwrap();
    assert_eq!(actions(&r.organizations), [Unchanged, Kept]);
    assert_eq!(actions(&r.people), [Kept]);
    assert_eq!(count(store, "organizations").await, orgs_before);
    assert_eq!(
        store.organization(malaya).await.unwrap().name,
        "Barangay Malaya"
    );
    assert!(store.members_of(malaya).await.unwrap().is_empty());
    // Bukid, made here and still inside, takes its first admin from the sheet.
    let first = "email,name,organization,role
bea@bukid.example,Bea Cruz,PH-1,admin
";
    let r = store
        .import_directory(
            network,
            &sheets("", first, ""),
            &none,
            today,
            true,
            &|_, _| {},
        )
        .await
        .unwrap();
    assert_eq!(actions(&r.people), [Added]);
    assert_eq!(store.members_of(bukid).await.unwrap().len(), 1);
}

bayanihan_store::engine_stories!(
    a_directory_imports_once_and_then_changes_nothing,
    only_what_the_network_made_and_holds_is_written,
    an_unknown_key_writes_nothing,
);
