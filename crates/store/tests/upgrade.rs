//! Upgrades keep data: the previous release's demo database (schema 10, made by that
//! release's binary; see tests/fixtures/README.md) is migrated by this code on SQLite, and on
//! PostgreSQL after a logical copy at its own schema version. Every row is still there, the old
//! books are sealed into hash chains that verify, and migrating again changes nothing.

use std::collections::BTreeMap;
use std::io::Read;

use bayanihan_store::testing::{temp_dir, PgCluster, TempDir};
use bayanihan_store::Store;

const FIXTURE: &str = "tests/fixtures/release-e896f5c-demo.db.gz";
const FIXTURE_VERSION: i64 = 10;

/// The fixture unpacked into a folder of its own, as a `sqlite:` URL.
fn unpack() -> (TempDir, String) {
    let dir = temp_dir("bayanihan-upgrade");
    let mut bytes = Vec::new();
    flate2::read::GzDecoder::new(std::fs::File::open(FIXTURE).unwrap())
        .read_to_end(&mut bytes)
        .unwrap();
    let path = dir.path().join("previous.db");
    std::fs::write(&path, bytes).unwrap();
    let url = format!("sqlite:{}", path.display());
    (dir, url)
}

/// Rows per table and a few sums, from the logical export (what a backup carries).
async fn census(store: &Store) -> BTreeMap<String, u64> {
    let mut buf = Vec::new();
    store.export_logical(&mut buf).await.unwrap();
    let mut out = BTreeMap::new();
    let mut table = String::new();
    for line in String::from_utf8(buf).unwrap().lines() {
        let v: serde_json::Value = serde_json::from_str(line).unwrap();
        if let Some(t) = v["table"].as_str() {
            table = t.to_string();
            out.insert(table.clone(), 0);
        } else if v.is_array() {
            *out.get_mut(&table).unwrap() += 1;
        }
    }
    out
}

async fn check_upgrade(store: &Store) {
    assert_eq!(store.schema_version().await.unwrap(), FIXTURE_VERSION);
    let pending = store.pending_migrations().await.unwrap();
    assert_eq!(
        pending.iter().map(|m| m.version).collect::<Vec<_>>(),
        (FIXTURE_VERSION + 1..=bayanihan_store::latest_version()).collect::<Vec<_>>()
    );
    let before = census(store).await;
    assert!(
        before["organizations"] >= 15 && before["obligations"] > 50,
        "{before:?}"
    );
    let totals_before = store.ledger_totals().await.unwrap();

    let applied = store.migrate().await.unwrap();
    assert_eq!(
        applied as i64,
        bayanihan_store::latest_version() - FIXTURE_VERSION
    );
    let after = census(store).await;
    for (table, rows) in &before {
        assert_eq!(after.get(table), Some(rows), "{table} kept every row");
    }
    assert_eq!(store.ledger_totals().await.unwrap(), totals_before);
    // Every obligation and ledger transaction of the old books is sealed, and verifies.
    let report = store.verify_ledger(&[]).await.unwrap();
    assert!(report.is_intact(), "{report:?}");
    let sealed: i64 = report.chains.iter().map(|c| c.entries).sum();
    assert!(
        sealed as u64 >= 2 * before["obligations"],
        "{sealed} entries"
    );
    // Forward-only and idempotent: nothing left to run, running again changes nothing.
    assert!(store.pending_migrations().await.unwrap().is_empty());
    assert_eq!(store.migrate().await.unwrap(), 0);
    assert_eq!(census(store).await, after);
    // And the upgraded database works on: a new payment is sealed onto the old chains.
    let o = store
        .obligations(None, true)
        .await
        .unwrap()
        .into_iter()
        .next()
        .unwrap();
    store
        .record_payment(&bayanihan_domain::trade::records::PaymentDraft {
            obligation_id: o.id,
            amount_minor: 1,
            method: bayanihan_domain::trade::records::PaymentMethod::Cash,
            reference: None,
            paid_on: "2026-12-01".parse().unwrap(),
            recorded_by: None,
        })
        .await
        .unwrap();
    assert!(store.verify_ledger(&[]).await.unwrap().is_intact());
}

#[tokio::test]
async fn the_previous_release_s_sqlite_database_migrates_with_its_data() {
    let (_dir, url) = unpack();
    let store = Store::connect(&url).await.unwrap();
    check_upgrade(&store).await;
    store.close().await;
}

#[tokio::test]
async fn the_previous_release_s_data_migrates_on_postgresql() {
    let (dir, url) = unpack();
    // The old database, copied as it is (schema 10) into an empty PostgreSQL database.
    let old = Store::connect(&url).await.unwrap();
    let file = dir.path().join("previous.jsonl");
    old.export_logical(&mut std::fs::File::create(&file).unwrap())
        .await
        .unwrap();
    old.close().await;
    let pg = PgCluster::shared().empty_store().await;
    let copied = pg
        .import_logical(&mut std::io::BufReader::new(
            std::fs::File::open(&file).unwrap(),
        ))
        .await
        .unwrap();
    assert_eq!(copied.schema_version, FIXTURE_VERSION);
    check_upgrade(&pg).await;
    pg.close().await;
}

/// `migrate --dry-run` lists what would run, statement by statement, and runs none of it.
#[tokio::test]
async fn a_dry_run_changes_nothing() {
    let (_dir, url) = unpack();
    let store = Store::connect(&url).await.unwrap();
    let pending = store.pending_migrations().await.unwrap();
    assert!(pending[0]
        .statements
        .iter()
        .any(|s| s.starts_with("CREATE TABLE IF NOT EXISTS ledger_chain")));
    assert_eq!(store.schema_version().await.unwrap(), FIXTURE_VERSION);
    assert_eq!(store.pending_migrations().await.unwrap(), pending);
    store.close().await;
}
