//! Community investment on SQLite and a real PostgreSQL: an offer, commitments in the
//! investors' currencies at their recorded rates, concurrent investors that never pass the
//! target, the money received, repayments split and refused when too large, positions and
//! liabilities that add up.

use bayanihan_domain::finance::book::Numbers;
use bayanihan_domain::finance::investment::{CommitmentInput, Offer, OfferInput};
use bayanihan_domain::{Conflict, Money};
use bayanihan_store::testing::fixtures;
use bayanihan_store::{Store, StoreError};
use jiff::civil::Date;

fn day(s: &str) -> Date {
    s.parse().unwrap()
}

fn offer() -> Offer {
    Offer::parse(
        &OfferInput {
            purpose: Some("A rice mill for the federation".into()),
            currency: Some("PHP".into()),
            target: Some("100000.00".into()),
            min_ticket: Some("1000.00".into()),
            return_rate: Some("4".into()),
            term_months: Some(24),
            per_year: Some(4),
            closes_on: Some("2026-06-30".into()),
            repayments_start: Some("2026-07-01".into()),
        },
        Numbers::Plain,
        day("2026-01-01"),
    )
    .unwrap()
}

fn yen(amount: &str) -> CommitmentInput {
    CommitmentInput {
        amount: Some(amount.into()),
        currency: Some("JPY".into()),
        fx_rate: Some("0.3871".into()),
        fx_source: Some("BSP reference rate".into()),
    }
}

async fn investors_commit_and_are_repaid(store: &Store) {
    let org = fixtures::org(store, "Kapatiran", "producer_cooperative").await;
    let admin = fixtures::person(store, "admin@kapatiran.example").await;
    let id = store
        .open_investment_offer(org, admin, &offer())
        .await
        .unwrap();
    // ¥100,000 at 0.3871 is ₱38,710.00 exactly.
    let maria = fixtures::person(store, "maria@overseas.example").await;
    let c = store
        .commit_investment(id, maria, &yen("100000"), Numbers::Plain, day("2026-02-01"))
        .await
        .unwrap();
    assert_eq!(
        store.investment_offer(id).await.unwrap().committed,
        3_871_000
    );

    // Sixteen investors race for the ₱61,290.00 left, ₱5,000.00 each: twelve fit, and the
    // target is never passed.
    let mut tasks = Vec::new();
    for i in 0..16 {
        let store = store.clone();
        tasks.push(tokio::spawn(async move {
            let p = fixtures::person(&store, &format!("w{i}@overseas.example")).await;
            store
                .commit_investment(
                    id,
                    p,
                    &CommitmentInput {
                        amount: Some("5000.00".into()),
                        currency: Some("PHP".into()),
                        ..Default::default()
                    },
                    Numbers::Plain,
                    day("2026-02-02"),
                )
                .await
        }));
    }
    let mut ok = 0;
    for t in tasks {
        match t.await.unwrap() {
            Ok(_) => ok += 1,
            Err(StoreError::Conflict(Conflict::TargetReached { .. })) => {}
            Err(e) => panic!("{e:?}"),
        }
    }
    assert_eq!(ok, 12);
    let o = store.investment_offer(id).await.unwrap();
    assert_eq!(o.committed, 3_871_000 + 12 * 500_000);
    assert!(o.committed <= o.offer.target);

    // No repayment before the money is received; then repayments split return first.
    let repay = |amount: i64, on: &str| {
        store.repay_investor(
            c,
            admin,
            day(on),
            Money::new(amount, bayanihan_domain::Currency::PHP),
        )
    };
    assert!(matches!(
        repay(100, "2026-10-01").await,
        Err(StoreError::Conflict(Conflict::NotPaidIn))
    ));
    store
        .receive_investment(c, admin, day("2026-02-10"))
        .await
        .unwrap();
    assert!(matches!(
        store.receive_investment(c, admin, day("2026-02-11")).await,
        Err(StoreError::Conflict(Conflict::AlreadyReceived))
    ));
    let (_, v) = store
        .investment_commitment(c, day("2026-10-01"))
        .await
        .unwrap();
    let due = v.position.next_due.unwrap();
    assert_eq!(due.date, day("2026-10-01"));
    repay(due.amount.minor(), "2026-10-01").await.unwrap();
    let (_, v) = store
        .investment_commitment(c, day("2026-10-01"))
        .await
        .unwrap();
    let p = &v.position;
    assert_eq!(v.repayments.len(), 1);
    assert_eq!(p.overdue.minor(), 0);
    assert_eq!(
        p.committed.minor(),
        p.awaiting.minor() + p.principal_repaid.minor() + p.principal_outstanding.minor()
    );
    // Far more than is owed: refused, nothing written.
    let e = repay(100_000_000, "2026-10-02").await.unwrap_err();
    assert!(
        matches!(e, StoreError::Invalid(ref i) if i.errors[0].field == "amount"),
        "{e:?}"
    );
    let (list, l) = store
        .offer_liabilities(id, day("2026-10-02"))
        .await
        .unwrap();
    assert_eq!(list.len(), 13);
    assert_eq!(l.len(), 1);
    assert_eq!(l[0].committed.minor(), o.committed);
    assert_eq!(l[0].received.minor(), 3_871_000);
    // As at a day before anything was repaid, nothing was.
    let (_, v) = store
        .investment_commitment(c, day("2026-09-30"))
        .await
        .unwrap();
    assert_eq!(v.position.principal_repaid.minor(), 0);
    assert_eq!(
        store
            .investor_positions(maria, day("2026-10-02"))
            .await
            .unwrap()
            .len(),
        1
    );
    // Closed: no more commitments.
    store.close_investment_offer(id).await.unwrap();
    let late = fixtures::person(store, "late@overseas.example").await;
    assert!(matches!(
        store
            .commit_investment(id, late, &yen("3000"), Numbers::Plain, day("2026-03-01"))
            .await,
        Err(StoreError::Conflict(Conflict::InvestmentClosed))
    ));
}

bayanihan_store::engine_stories!(investors_commit_and_are_repaid,);
