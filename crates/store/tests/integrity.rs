//! Books that cannot be quietly changed, backups that restore, upgrades that keep data: each
//! claim against SQLite and a real PostgreSQL. Every tamper case is its own test, done the
//! way an intruder with the database's password would do it (plain SQL).

use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::{Arc, Mutex};

use bayanihan_domain::chain::{Break, Checkpoint, EntryKind};
use bayanihan_domain::trade::records::{PaymentDraft, PaymentMethod};
use bayanihan_domain::{Currency, Money};
use bayanihan_store::testing::{fixtures, TempDir};
use bayanihan_store::{Backend, Store};
use uuid::Uuid;

fn php(minor: i64) -> Money {
    Money::new(minor, Currency::parse("PHP").unwrap())
}

fn day(s: &str) -> jiff::civil::Date {
    s.parse().unwrap()
}

/// A small set of books: A owes B, B owes C; two payments on A's debt, the first reversed.
struct Books {
    a: Uuid,
    b: Uuid,
    c: Uuid,
    paid: Uuid,
    last_payment: Uuid,
}

async fn pay(store: &Store, obligation: Uuid, minor: i64, on: &str) -> Uuid {
    store
        .record_payment(&PaymentDraft {
            obligation_id: obligation,
            amount_minor: minor,
            method: PaymentMethod::Cash,
            reference: Some("receipt 12".into()),
            paid_on: day(on),
            recorded_by: None,
        })
        .await
        .unwrap();
    // Oldest first: the last is the one just recorded.
    store
        .payments_on(obligation)
        .await
        .unwrap()
        .last()
        .unwrap()
        .id
}

async fn books(store: &Store) -> Books {
    let a = fixtures::org(store, "Alpha", "consumer_cooperative").await;
    let b = fixtures::org(store, "Beta", "social_enterprise").await;
    let c = fixtures::org(store, "Gamma", "producer_cooperative").await;
    let ab = store
        .record_obligation(a, b, php(50_000), day("2026-11-01"))
        .await
        .unwrap();
    store
        .record_obligation(b, c, php(30_000), day("2026-11-02"))
        .await
        .unwrap();
    let paid = pay(store, ab, 10_000, "2026-11-03").await;
    store
        .reverse_payment(
            paid,
            Uuid::new_v4(),
            Uuid::new_v4(),
            None,
            day("2026-11-04"),
        )
        .await
        .unwrap();
    let last_payment = pay(store, ab, 20_000, "2026-11-05").await;
    Books {
        a,
        b,
        c,
        paid,
        last_payment,
    }
}

fn problem_of(r: &bayanihan_store::chain::LedgerReport, org: Uuid) -> Option<Break> {
    r.chains
        .iter()
        .find(|c| c.organization == org)
        .and_then(|c| c.problem.clone())
}

/// The ledger transaction sealed right after `payment` in `org`'s chain.
async fn transaction_after(store: &Store, org: Uuid, entry: Uuid) -> Uuid {
    let r = store.verify_ledger(&[]).await.unwrap();
    assert!(r.is_intact());
    let rows = store.chain_rows(org).await.unwrap();
    let i = rows.iter().position(|r| r.entry == entry).expect("sealed");
    assert_eq!(rows[i + 1].kind, EntryKind::Transaction);
    rows[i + 1].entry
}

async fn every_record_is_sealed_and_verifies(store: &Store) {
    let bk = books(store).await;
    let r = store.verify_ledger(&[]).await.unwrap();
    assert!(r.is_intact(), "{r:?}");
    let count = |org| {
        r.chains
            .iter()
            .find(|c| c.organization == org)
            .unwrap()
            .entries
    };
    // A: its obligation, three payments (one a reversal) and a transaction each.
    assert_eq!(count(bk.a), 8);
    assert_eq!(count(bk.b), 10);
    assert_eq!(count(bk.c), 2);
}

async fn a_balanced_change_of_amount_is_caught(store: &Store) {
    let bk = books(store).await;
    let t = transaction_after(store, bk.a, bk.last_payment).await;
    // Both sides moved by the same amount: the transaction still balances.
    store
        .bulk_sql(&format!(
            "UPDATE ledger_postings SET amount = amount + 5000 WHERE transaction_id = '{t}' AND amount > 0; \
             UPDATE ledger_postings SET amount = amount - 5000 WHERE transaction_id = '{t}' AND amount < 0;"
        ))
        .await
        .unwrap();
    let r = store.verify_ledger(&[]).await.unwrap();
    assert!(!r.is_intact());
    assert!(
        matches!(problem_of(&r, bk.a), Some(Break::Changed { kind: EntryKind::Transaction, id, .. }) if id == t),
        "{r:?}"
    );
    assert_eq!(
        problem_of(&r, bk.c),
        None,
        "an unconcerned chain stays whole"
    );
}

async fn a_changed_date_is_caught(store: &Store) {
    let bk = books(store).await;
    store
        .bulk_sql(&format!(
            "UPDATE payments SET paid_on = '2026-10-30' WHERE id = '{}'",
            bk.last_payment
        ))
        .await
        .unwrap();
    let r = store.verify_ledger(&[]).await.unwrap();
    for org in [bk.a, bk.b] {
        assert!(
            matches!(problem_of(&r, org), Some(Break::Changed { kind: EntryKind::Payment, id, .. }) if id == bk.last_payment),
            "{r:?}"
        );
    }
}

async fn a_changed_memo_or_reference_is_not_a_break(store: &Store) {
    // Free text is outside the hashed bytes (so erasing a name never breaks a chain).
    let bk = books(store).await;
    store
        .bulk_sql(&format!(
            "UPDATE payments SET reference = 'receipt 13' WHERE id = '{}'; UPDATE ledger_transactions SET memo = 'x'",
            bk.last_payment
        ))
        .await
        .unwrap();
    assert!(store.verify_ledger(&[]).await.unwrap().is_intact());
}

async fn a_deleted_entry_is_caught(store: &Store) {
    let bk = books(store).await;
    let t = transaction_after(store, bk.a, bk.paid).await;
    store
        .bulk_sql(&format!(
            "DELETE FROM ledger_postings WHERE transaction_id = '{t}'; DELETE FROM ledger_transactions WHERE id = '{t}';"
        ))
        .await
        .unwrap();
    let r = store.verify_ledger(&[]).await.unwrap();
    assert!(
        matches!(problem_of(&r, bk.a), Some(Break::Deleted { id, .. }) if id == t),
        "{r:?}"
    );
}

async fn a_deleted_chain_row_is_caught(store: &Store) {
    // The intruder removes the record and its chain row: the numbers then jump.
    let bk = books(store).await;
    let t = transaction_after(store, bk.a, bk.paid).await;
    store
        .bulk_sql(&format!(
            "DELETE FROM ledger_postings WHERE transaction_id = '{t}'; DELETE FROM ledger_chain WHERE entry_id = '{t}'; \
             DELETE FROM ledger_transactions WHERE id = '{t}';"
        ))
        .await
        .unwrap();
    let r = store.verify_ledger(&[]).await.unwrap();
    assert!(
        matches!(problem_of(&r, bk.a), Some(Break::Gap { .. })),
        "{r:?}"
    );
}

async fn a_deleted_last_transaction_is_caught_against_a_checkpoint(store: &Store) {
    let bk = books(store).await;
    let heads = store.chain_heads().await.unwrap();
    let (_, head) = heads.iter().find(|(o, _)| *o == bk.c).unwrap().clone();
    let kept = Checkpoint {
        organization: bk.c,
        seq: head.seq,
        hash: head.hash.clone(),
        taken_at: "2026-11-06T00:00:00Z".into(),
    };
    assert!(store
        .verify_ledger(std::slice::from_ref(&kept))
        .await
        .unwrap()
        .is_intact());
    // C's last entry is the transaction of B's obligation to it: gone, with its chain rows.
    let rows = store.chain_rows(bk.c).await.unwrap();
    let last = rows.last().unwrap().entry;
    store
        .bulk_sql(&format!(
            "DELETE FROM ledger_postings WHERE transaction_id = '{last}'; DELETE FROM ledger_chain WHERE entry_id = '{last}'; \
             DELETE FROM ledger_transactions WHERE id = '{last}';"
        ))
        .await
        .unwrap();
    // B's chain still names it in the middle, so B's chain breaks too; C's shortened chain is
    // consistent in itself and only the checkpoint shows what is missing.
    let r = store.verify_ledger(&[]).await.unwrap();
    assert_eq!(problem_of(&r, bk.c), None);
    let r = store.verify_ledger(&[kept]).await.unwrap();
    assert!(
        matches!(problem_of(&r, bk.c), Some(Break::Truncated { len, seq, .. }) if len == head.seq - 1 && seq == head.seq),
        "{r:?}"
    );
    let _ = bk.b;
}

async fn a_record_added_around_the_ledger_is_named(store: &Store) {
    let bk = books(store).await;
    let id = Uuid::new_v4();
    store
        .bulk_sql(&format!(
            "INSERT INTO obligations (id, debtor_id, creditor_id, currency, amount, due_date, cycle_id, memo, created_at) \
             VALUES ('{id}', '{}', '{}', 'PHP', 999, '2026-12-01', NULL, 'slipped in', 1)",
            bk.a, bk.b
        ))
        .await
        .unwrap();
    let r = store.verify_ledger(&[]).await.unwrap();
    assert_eq!(
        r.outside,
        vec![Break::Unsealed {
            kind: EntryKind::Obligation,
            id
        }]
    );
}

/// An intruder who knows the chain's rules appends a payment with correctly computed chain
/// entries: the chains verify, but the balances recomputed from the obligations and payments no
/// longer match the ledger's, and verify says which accounts.
async fn a_forged_payment_with_its_chain_rows_is_caught_by_the_balances(store: &Store) {
    use bayanihan_domain::chain::{Entry, Head};
    let bk = books(store).await;
    let obligation = store
        .obligations(Some(bk.a), false)
        .await
        .unwrap()
        .into_iter()
        .find(|o| o.debtor_id == bk.a)
        .unwrap();
    let forged = Entry::Payment {
        id: Uuid::new_v4(),
        obligation: obligation.id,
        debtor: bk.a,
        creditor: bk.b,
        currency: "PHP".into(),
        amount: 20_000,
        method: "cash".into(),
        paid_on: "2026-11-06".into(),
        reverses: None,
        created_at: 1_800_000_000_000_000,
    };
    let mut sql = format!(
        "INSERT INTO payments (id, obligation_id, amount, method, reference, paid_on, recorded_by, created_at) \
         VALUES ('{}', '{}', 20000, 'cash', NULL, '2026-11-06', NULL, 1800000000000000);",
        forged.id(),
        obligation.id
    );
    for org in [bk.a, bk.b] {
        let last = store.chain_rows(org).await.unwrap().pop().unwrap();
        let head = Head {
            seq: last.seq,
            hash: last.hash,
        }
        .append(org, &forged);
        sql.push_str(&format!(
            "INSERT INTO ledger_chain (organization_id, seq, entry_kind, entry_id, hash, created_at) \
             VALUES ('{org}', {}, 'payment', '{}', '{}', 1800000000000000);",
            head.seq,
            forged.id(),
            head.hash
        ));
    }
    store.bulk_sql(&sql).await.unwrap();
    let r = store.verify_ledger(&[]).await.unwrap();
    assert!(
        r.chains.iter().all(|c| c.problem.is_none()),
        "the forged entries chain correctly: {r:?}"
    );
    assert!(!r.is_intact());
    let accounts: Vec<String> = r
        .balances
        .iter()
        .map(|b| match b {
            Break::Balance {
                organization,
                account,
                ..
            } => format!(
                "{}:{account}",
                if *organization == bk.a { "a" } else { "b" }
            ),
            other => other.to_string(),
        })
        .collect();
    assert_eq!(accounts, {
        let mut v = vec!["a:cash", "a:payable", "b:cash", "b:receivable"];
        if bk.a > bk.b {
            v = vec!["b:cash", "b:receivable", "a:cash", "a:payable"];
        }
        v
    });
}

/// Entries logged in the same microsecond are neither skipped nor repeated when the log is read
/// page by page: the cursor is the last entry's time and id.
async fn the_audit_log_pages_through_entries_of_one_microsecond(store: &Store) {
    let org = fixtures::org(store, "Alpha", "consumer_cooperative").await;
    let mut sql = String::new();
    for _ in 0..5 {
        sql.push_str(&format!(
            "INSERT INTO audit_log (id, organization_id, actor_id, action, subject_id, detail, client, at) \
             VALUES ('{}', '{org}', NULL, 'organization.updated', NULL, '{{}}', NULL, 1000);",
            Uuid::new_v4()
        ));
    }
    store.bulk_sql(&sql).await.unwrap();
    let mut seen = Vec::new();
    let mut cursor = (i64::MAX, None);
    loop {
        let page = store.audit_log(org, cursor, 2).await.unwrap();
        let Some(last) = page.last() else { break };
        cursor = (last.at, Some(last.id));
        seen.extend(page.iter().map(|r| r.id));
    }
    let mut once = seen.clone();
    once.sort();
    once.dedup();
    assert_eq!((seen.len(), once.len()), (5, 5), "{seen:?}");
}

/// A database of the same engine with no schema, and the folder holding it (SQLite).
async fn empty_like(store: &Store) -> (Store, Option<TempDir>) {
    match store.backend() {
        Backend::Sqlite => {
            let dir = bayanihan_store::testing::temp_dir("bayanihan-restore");
            let s = Store::connect(&format!(
                "sqlite:{}",
                dir.path().join("restored.db").display()
            ))
            .await
            .unwrap();
            (s, Some(dir))
        }
        Backend::Postgres => (
            bayanihan_store::testing::PgCluster::shared()
                .empty_store()
                .await,
            None,
        ),
    }
}

/// Payments are recorded without pause while the backup runs; the restored copy holds every
/// payment acknowledged before the backup began, nothing that was never acknowledged, and its
/// chains verify.
async fn a_backup_taken_under_load_restores_every_acknowledged_write(store: &Store) {
    let a = fixtures::org(store, "Alpha", "consumer_cooperative").await;
    let b = fixtures::org(store, "Beta", "social_enterprise").await;
    let debt = store
        .record_obligation(a, b, php(1_000_000_000_000), day("2026-11-01"))
        .await
        .unwrap();
    let acked: Arc<Mutex<Vec<(usize, i64)>>> = Arc::default();
    let stop = Arc::new(AtomicBool::new(false));
    let mut writers = Vec::new();
    for w in 0..3 {
        let (store, acked, stop) = (store.clone(), acked.clone(), stop.clone());
        writers.push(tokio::spawn(async move {
            let mut n = 0i64;
            while !stop.load(Ordering::Relaxed) {
                n += 1;
                // Each payment's amount names its writer and number, so it can be found.
                let minor = n * 3 + w as i64 + 1;
                store
                    .record_payment(&PaymentDraft {
                        obligation_id: debt,
                        amount_minor: minor,
                        method: PaymentMethod::BankTransfer,
                        reference: None,
                        paid_on: day("2026-11-02"),
                        recorded_by: None,
                    })
                    .await
                    .unwrap();
                acked.lock().unwrap().push((w, minor));
            }
        }));
    }
    tokio::time::sleep(std::time::Duration::from_millis(300)).await;
    let before: Vec<(usize, i64)> = acked.lock().unwrap().clone();
    assert!(!before.is_empty(), "the load was running");
    let dir = bayanihan_store::testing::temp_dir("bayanihan-backup");
    let file = dir.path().join("backup");
    let summary = store.backup(&file).await.unwrap();
    tokio::time::sleep(std::time::Duration::from_millis(100)).await;
    stop.store(true, Ordering::Relaxed);
    for w in writers {
        w.await.unwrap();
    }
    let all: Vec<(usize, i64)> = acked.lock().unwrap().clone();
    assert!(all.len() > before.len(), "writes went on during the backup");

    let (target, _keep) = empty_like(store).await;
    let restored = target.restore(&file).await.unwrap();
    assert_eq!(restored.rows, summary.rows);
    let report = target.verify_ledger(&[]).await.unwrap();
    assert!(report.is_intact(), "{report:?}");
    let amounts: Vec<i64> = target
        .payments_on(debt)
        .await
        .unwrap()
        .iter()
        .map(|p| p.amount.minor())
        .collect();
    for (_, minor) in &before {
        assert!(
            amounts.contains(minor),
            "payment {minor} was acknowledged before the backup began"
        );
    }
    for m in &amounts {
        assert!(
            all.iter().any(|(_, a)| a == m),
            "payment {m} was never acknowledged"
        );
    }
    // The copy is a whole database: it takes new writes and seals them.
    pay(&target, debt, 1, "2026-11-03").await;
    assert!(target.verify_ledger(&[]).await.unwrap().is_intact());
    target.close().await;
}

async fn a_restore_refuses_a_used_database_and_a_cut_file(store: &Store) {
    books(store).await;
    let dir = bayanihan_store::testing::temp_dir("bayanihan-backup");
    let file = dir.path().join("backup.jsonl");
    let mut f = std::fs::File::create(&file).unwrap();
    store.export_logical(&mut f).await.unwrap();
    drop(f);
    // Into itself (not empty): refused, nothing changed.
    let err = store.restore(&file).await.unwrap_err().to_string();
    assert!(err.contains("not empty"), "{err}");
    // A file cut short: refused, and the target keeps nothing of it.
    let text = std::fs::read_to_string(&file).unwrap();
    let cut = dir.path().join("cut.jsonl");
    std::fs::write(&cut, &text[..text.len() * 2 / 3]).unwrap();
    let (target, _keep) = empty_like(store).await;
    let err = target.restore(&cut).await.unwrap_err().to_string();
    assert!(
        err.contains("incomplete") || err.contains("damaged"),
        "{err}"
    );
    assert_eq!(
        target.schema_version().await.unwrap(),
        0,
        "nothing half-restored, not even the schema"
    );
    // So the whole file, given next, restores into the same database.
    target.restore(&file).await.unwrap();
    assert!(target.verify_ledger(&[]).await.unwrap().is_intact());
    target.close().await;
}

bayanihan_store::engine_stories!(
    every_record_is_sealed_and_verifies,
    a_balanced_change_of_amount_is_caught,
    a_changed_date_is_caught,
    a_changed_memo_or_reference_is_not_a_break,
    a_deleted_entry_is_caught,
    a_deleted_chain_row_is_caught,
    a_deleted_last_transaction_is_caught_against_a_checkpoint,
    a_record_added_around_the_ledger_is_named,
    a_forged_payment_with_its_chain_rows_is_caught_by_the_balances,
    the_audit_log_pages_through_entries_of_one_microsecond,
    a_backup_taken_under_load_restores_every_acknowledged_write,
    a_restore_refuses_a_used_database_and_a_cut_file,
);

/// Every SQLite connection — each of the pool's and the close's native one — waits for the
/// disk before a commit returns (`synchronous=FULL`, level 2), so nothing acknowledged is lost
/// to a power cut.
#[tokio::test]
async fn every_sqlite_connection_is_synchronous_full() {
    let t = bayanihan_store::testing::TempSqlite::new().await;
    let (pool, native) = t.store.synchronous_levels().await.unwrap();
    assert_eq!(pool.len(), 8);
    assert!(pool.iter().all(|l| *l == 2), "{pool:?}");
    assert_eq!(native, Some(2));
    t.store.close().await;
}

/// A SQLite file is outside input too: a column name made to smuggle SQL in is refused before
/// it reaches a statement, and the target stays empty.
#[tokio::test]
async fn a_crafted_sqlite_backup_is_refused() {
    let dir = bayanihan_store::testing::temp_dir("bayanihan-crafted");
    let file = dir.path().join("crafted.db");
    let victim = dir.path().join("written-by-the-attack.db");
    {
        let c = rusqlite::Connection::open(&file).unwrap();
        c.execute_batch(&format!(
            "CREATE TABLE schema_migrations (version BIGINT PRIMARY KEY, name TEXT NOT NULL, applied_at BIGINT NOT NULL);
             INSERT INTO schema_migrations VALUES (1, '0001_foundation', 0);
             CREATE TABLE organizations (id TEXT, \"x FROM organizations; ATTACH '{}' AS p; CREATE TABLE p.t (a); --\" TEXT);
             INSERT INTO organizations VALUES ('a', 'b');",
            victim.display()
        ))
        .unwrap();
    }
    let target_dir = bayanihan_store::testing::temp_dir("bayanihan-crafted-target");
    let target = Store::connect(&format!(
        "sqlite:{}",
        target_dir.path().join("t.db").display()
    ))
    .await
    .unwrap();
    let err = target.restore(&file).await.unwrap_err().to_string();
    assert!(err.contains("is not a column or table name"), "{err}");
    assert!(!victim.exists(), "no statement of the file ran");
    assert_eq!(target.schema_version().await.unwrap(), 0);
    target.close().await;
}
