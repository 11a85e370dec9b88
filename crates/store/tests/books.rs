//! Self-help groups' books on SQLite and a real PostgreSQL: a year of meetings kept balanced,
//! refusals that write nothing, one meeting a day under concurrent bookkeepers, and portfolio
//! quality read back as at past dates.

use bayanihan_domain::finance::book::{
    MeetingInput, MemberLineInput, NewLoanInput, Numbers, Rules, WithdrawalRule,
};
use bayanihan_domain::person::MembershipRole;
use bayanihan_domain::{Conflict, Currency, Money};
use bayanihan_store::testing::fixtures;
use bayanihan_store::{Store, StoreError};
use jiff::civil::Date;
use uuid::Uuid;

fn day(s: &str) -> Date {
    s.parse().unwrap()
}

fn field(e: StoreError) -> String {
    match e {
        StoreError::Invalid(i) => i.errors[0].field.clone(),
        other => panic!("expected a field error, got {other:?}"),
    }
}

struct Group {
    org: Uuid,
    keeper: Uuid,
    members: Vec<Uuid>,
}

/// A group of five in PHP saving ₱100 a meeting, voluntary savings only withdrawable.
async fn group(store: &Store) -> Group {
    let org = fixtures::org(store, "Ilaw", "self_help_group").await;
    let mut members = Vec::new();
    for i in 0..5 {
        let p = fixtures::person(store, &format!("m{i}@shg.example")).await;
        let roles: &[MembershipRole] = if i == 0 {
            &[MembershipRole::Member, MembershipRole::Treasurer]
        } else {
            &[MembershipRole::Member]
        };
        fixtures::member(store, p, org, roles, None).await;
        members.push(p);
    }
    store
        .set_book_rules(
            org,
            &Rules {
                currency: Currency::PHP,
                compulsory_saving: 10_000,
                withdrawal_rule: WithdrawalRule::Voluntary,
                min_members: 2,
                max_members: 20,
            },
        )
        .await
        .unwrap();
    Group {
        org,
        keeper: members[0],
        members,
    }
}

fn all_present(g: &Group, on: &str) -> MeetingInput {
    MeetingInput {
        held_on: on.into(),
        minutes: None,
        members: g
            .members
            .iter()
            .map(|p| MemberLineInput {
                person_id: *p,
                present: true,
                ..Default::default()
            })
            .collect(),
        loans: vec![],
    }
}

async fn balanced(store: &Store, g: &Group) {
    let t = store.book_totals(g.org, day("2099-01-01")).await.unwrap();
    assert_eq!(t.corpus + t.borrowed, t.cash + t.loans_outstanding, "{t:?}");
    assert!(t.cash >= 0);
}

async fn a_year_of_meetings_and_par_as_at_past_dates(store: &Store) {
    let g = group(store).await;
    let today = day("2026-12-31");
    // January: everyone saves ₱100; member 1 borrows ₱400 over 4 months at 24 %.
    let mut jan = all_present(&g, "2026-01-10");
    jan.loans.push(NewLoanInput {
        person_id: g.members[1],
        principal: "400.00".into(),
        annual_rate: "24".into(),
        instalments: 4,
        per_year: Some(12),
        method: None,
        funded_by: None,
    });
    store
        .record_meeting(g.org, g.keeper, &jan, Numbers::Plain, today)
        .await
        .unwrap();
    // February: member 1 pays the first instalment in full; March onwards nothing more.
    let loans = store
        .book_loans(g.org, Some(g.members[1]), today)
        .await
        .unwrap();
    let first = loans[0].schedule[0].total().minor();
    let mut feb = all_present(&g, "2026-02-10");
    feb.members[1].repayment = Some(Money::new(first, Currency::PHP).to_decimal_string());
    store
        .record_meeting(g.org, g.keeper, &feb, Numbers::Plain, today)
        .await
        .unwrap();
    for m in ["2026-03-10", "2026-04-10", "2026-05-10", "2026-06-10"] {
        store
            .record_meeting(g.org, g.keeper, &all_present(&g, m), Numbers::Plain, today)
            .await
            .unwrap();
    }
    balanced(store, &g).await;
    let t = store.book_totals(g.org, day("2026-06-30")).await.unwrap();
    assert_eq!(t.savings, 6 * 5 * 10_000);
    // As at 2026-02-15 the loan is current; on 2026-03-20 the March instalment is 10 days
    // late; by 2026-05-20 the oldest unpaid (due 2026-03-10) is 71 days late: PAR30, not PAR90.
    let q = store
        .portfolio_quality(&[g.org], day("2026-02-15"))
        .await
        .unwrap();
    assert_eq!(q.par30, "0.00");
    let q = store
        .portfolio_quality(&[g.org], day("2026-03-20"))
        .await
        .unwrap();
    assert_eq!(q.par30, "0.00");
    assert!(q.gross_outstanding > 0);
    let q = store
        .portfolio_quality(&[g.org], day("2026-05-20"))
        .await
        .unwrap();
    assert_eq!(q.par30, "100.00");
    assert_eq!(q.par90, "0.00");
    let q = store
        .portfolio_quality(&[g.org], day("2026-06-20"))
        .await
        .unwrap();
    assert_eq!(q.par90, "100.00");
    // Before the loan was made there was no portfolio at all.
    let q = store
        .portfolio_quality(&[g.org], day("2026-01-09"))
        .await
        .unwrap();
    assert_eq!(q.loans, 0);
    // The member in arrears shows it in the members' accounts.
    let accounts = store.book_members(g.org, day("2026-05-20")).await.unwrap();
    let late = accounts
        .iter()
        .find(|a| a.person_id == g.members[1])
        .unwrap();
    assert!(late.arrears > 0 && late.days_past_due == 71, "{late:?}");
    // Written off, the loan leaves the portfolio from that day on, and the book balances.
    let id = loans[0].id;
    store
        .write_off_loan(g.org, id, g.keeper, day("2026-07-01"))
        .await
        .unwrap();
    let q = store
        .portfolio_quality(&[g.org], day("2026-07-02"))
        .await
        .unwrap();
    assert_eq!(q.loans, 0);
    let q = store
        .portfolio_quality(&[g.org], day("2026-06-20"))
        .await
        .unwrap();
    assert_eq!(q.par90, "100.00", "the past stays as it was");
    balanced(store, &g).await;
}

async fn refusals_write_nothing_and_a_meeting_is_entered_once(store: &Store) {
    let g = group(store).await;
    let today = day("2026-03-01");
    let before = store.count_rows("shg_postings").await.unwrap();
    // A meeting after today; a withdrawal of compulsory savings; a loan beyond the cash.
    let future = all_present(&g, "2026-03-02");
    assert_eq!(
        field(
            store
                .record_meeting(g.org, g.keeper, &future, Numbers::Plain, today)
                .await
                .unwrap_err()
        ),
        "held_on"
    );
    let mut withdraw = all_present(&g, "2026-02-01");
    withdraw.members[2].withdrawal = Some("50.00".into());
    assert_eq!(
        field(
            store
                .record_meeting(g.org, g.keeper, &withdraw, Numbers::Plain, today)
                .await
                .unwrap_err()
        ),
        "members[2].withdrawal"
    );
    let mut lend = all_present(&g, "2026-02-01");
    lend.loans.push(NewLoanInput {
        person_id: g.members[3],
        principal: "600.00".into(),
        annual_rate: "12".into(),
        instalments: 6,
        per_year: None,
        method: Some("flat".into()),
        funded_by: None,
    });
    assert_eq!(
        field(
            store
                .record_meeting(g.org, g.keeper, &lend, Numbers::Plain, today)
                .await
                .unwrap_err()
        ),
        "loans[0].principal"
    );
    assert_eq!(store.count_rows("shg_postings").await.unwrap(), before);
    assert_eq!(store.count_rows("shg_meetings").await.unwrap(), 0);
    // Eight bookkeepers enter the same meeting at once: one is written, the others are told.
    let input = all_present(&g, "2026-02-01");
    let tries =
        (0..8).map(|_| store.record_meeting(g.org, g.keeper, &input, Numbers::Plain, today));
    let results = futures_util::future::join_all(tries).await;
    let ok = results.iter().filter(|r| r.is_ok()).count();
    assert_eq!(ok, 1, "{results:?}");
    for r in results.into_iter().filter(|r| r.is_err()) {
        assert!(
            matches!(r, Err(StoreError::Conflict(Conflict::MeetingRecorded))),
            "{r:?}"
        );
    }
    let t = store.book_totals(g.org, today).await.unwrap();
    assert_eq!(t.savings, 5 * 10_000, "saved once");
    balanced(store, &g).await;
}

bayanihan_store::engine_stories!(
    a_year_of_meetings_and_par_as_at_past_dates,
    refusals_write_nothing_and_a_meeting_is_entered_once,
);
