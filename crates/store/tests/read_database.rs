//! A read database (`serve --read-database`): reads through `Store::reads` come from it, every
//! other read and every write from the database itself, and nothing is written through it.
//! A copy of a SQLite file stands in for a replica that lags; the PostgreSQL standby is
//! tried for real in the CLI's failover test.

use bayanihan_store::testing::{fixtures, temp_dir, TempSqlite};
use bayanihan_store::OrganizationFilter;

#[tokio::test]
async fn reads_come_from_the_read_database_and_nothing_is_written_there() {
    let primary = TempSqlite::new().await;
    let first = fixtures::org(&primary.store, "Bukid ng Pag-asa", "producer_cooperative").await;
    let dir = temp_dir("bayanihan-replica");
    let copy = dir.path().join("replica.db");
    // A fixture, not a way into the product: a consistent copy as of now.
    primary
        .store
        .bulk_sql(&format!("VACUUM INTO '{}'", copy.display()))
        .await
        .unwrap();
    let second = fixtures::org(&primary.store, "Barangay Malaya", "consumer_cooperative").await;

    let store = primary
        .store
        .clone()
        .with_read_database(&format!("sqlite:{}", copy.display()))
        .await
        .unwrap();
    let ids = |orgs: Vec<bayanihan_domain::Organization>| {
        orgs.into_iter().map(|o| o.id).collect::<Vec<_>>()
    };
    let all = OrganizationFilter::default();
    // The replica lags: it has the first organization only; the store itself has both.
    assert_eq!(
        ids(store.reads().all_organizations(&all).await.unwrap()),
        vec![first]
    );
    let mut both = ids(store.all_organizations(&all).await.unwrap());
    both.sort();
    let mut want = vec![first, second];
    want.sort();
    assert_eq!(both, want);

    // A write through the read handle is refused by the replica, not carried out.
    let refused = store.reads().bulk_sql("DELETE FROM organizations").await;
    assert!(refused.is_err(), "the read database is read-only");
    assert_eq!(
        store.reads().all_organizations(&all).await.unwrap().len(),
        1
    );
    store.close().await;
}

#[tokio::test]
async fn a_read_database_of_another_kind_missing_or_listing_several_servers_is_refused() {
    let primary = TempSqlite::new().await;
    let e = primary
        .store
        .clone()
        .with_read_database("postgres://u@127.0.0.1:1/db")
        .await
        .unwrap_err()
        .to_string();
    assert!(e.contains("same kind"), "{e}");
    // A mistyped replica path is refused, not made into an empty database.
    let dir = temp_dir("bayanihan-replica");
    let missing = dir.path().join("no-such.db");
    assert!(primary
        .store
        .clone()
        .with_read_database(&format!("sqlite:{}", missing.display()))
        .await
        .is_err());
    assert!(!missing.exists());
    primary.store.close().await;

    let pg = bayanihan_store::testing::PgCluster::shared()
        .fresh_store()
        .await;
    let e = pg
        .clone()
        .with_read_database("postgres://u@a:1,b:2/db")
        .await
        .unwrap_err()
        .to_string();
    assert!(e.contains("one server"), "{e}");
    pg.close().await;
}
