//! Loans to self-help groups on SQLite and a real PostgreSQL: a federation's loan to a group
//! becomes obligations that its repayments pay, on-lending stays within what was borrowed, a
//! repayment never pays what a clearing round settled, and refusals write nothing.

use bayanihan_domain::finance::book::{
    MeetingInput, MemberLineInput, NewLoanInput, Numbers, Rules, WithdrawalRule,
};
use bayanihan_domain::finance::borrowing::{BorrowingInput, BorrowingRepaymentInput};
use bayanihan_domain::person::MembershipRole;
use bayanihan_domain::Currency;
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

async fn federation_lends_a_group_and_is_repaid(store: &Store) {
    let today = day("2026-12-01");
    let group = fixtures::org(store, "Jyoti", "self_help_group").await;
    let federation = fixtures::org(store, "Cluster federation", "network").await;
    let stranger = fixtures::org(store, "A bank elsewhere", "credit_cooperative").await;
    store
        .add_network_member(federation, group, day("2025-01-01"))
        .await
        .unwrap();
    let mut members = Vec::new();
    for i in 0..3 {
        let p = fixtures::person(store, &format!("m{i}@jyoti.example")).await;
        fixtures::member(store, p, group, &[MembershipRole::Member], None).await;
        members.push(p);
    }
    let keeper = members[0];
    store
        .set_book_rules(
            group,
            &Rules {
                currency: Currency::NPR,
                compulsory_saving: 10_000,
                withdrawal_rule: WithdrawalRule::Voluntary,
                min_members: 2,
                max_members: 20,
            },
        )
        .await
        .unwrap();
    let loan = |lender: Option<Uuid>| BorrowingInput {
        lender_id: lender,
        lender_name: Some("Janata Bank".into()),
        received_on: "2026-02-01".into(),
        principal: "60000.00".into(),
        annual_rate: "12".into(),
        instalments: 6,
        per_year: Some(12),
        method: None,
    };
    // A lender that shares no network with the group is refused, and nothing is written.
    let e = store
        .record_borrowing(group, keeper, &loan(Some(stranger)), Numbers::Plain, today)
        .await
        .unwrap_err();
    assert_eq!(field(e), "lender_id");
    assert!(store.borrowings(group, today).await.unwrap().is_empty());
    assert!(store
        .obligations(Some(group), false)
        .await
        .unwrap()
        .is_empty());

    let b = store
        .record_borrowing(
            group,
            keeper,
            &loan(Some(federation)),
            Numbers::Plain,
            today,
        )
        .await
        .unwrap();
    let v = store.borrowing(b, today).await.unwrap();
    assert_eq!(v.lender_name, "Cluster federation", "the platform's name");
    assert_eq!(v.schedule.len(), 6);
    let owed: i64 = v.schedule.iter().map(|i| i.principal + i.interest).sum();
    let obligations = store.obligations(Some(group), true).await.unwrap();
    assert_eq!(obligations.len(), 6, "one obligation per instalment");
    assert_eq!(
        obligations.iter().map(|o| o.amount.minor()).sum::<i64>(),
        owed
    );
    assert!(obligations.iter().all(|o| o.creditor_id == federation));
    let t = store.book_totals(group, today).await.unwrap();
    assert_eq!((t.cash, t.borrowed), (6_000_000, 6_000_000));

    // On-lending: 40,000 to one member from the loan; 20,000.01 more would pass it.
    let meeting = |on: &str, amount: &str, who: Uuid| MeetingInput {
        held_on: on.into(),
        minutes: None,
        members: vec![MemberLineInput {
            person_id: who,
            present: true,
            ..Default::default()
        }],
        loans: vec![NewLoanInput {
            person_id: who,
            principal: amount.into(),
            annual_rate: "18".into(),
            instalments: 10,
            per_year: None,
            method: None,
            funded_by: Some(b),
        }],
    };
    store
        .record_meeting(
            group,
            keeper,
            &meeting("2026-02-05", "40000.00", members[1]),
            Numbers::Plain,
            today,
        )
        .await
        .unwrap();
    let e = store
        .record_meeting(
            group,
            keeper,
            &meeting("2026-02-20", "20000.01", members[2]),
            Numbers::Plain,
            today,
        )
        .await
        .unwrap_err();
    assert_eq!(field(e), "loans[0].principal");
    assert_eq!(store.borrowing(b, today).await.unwrap().on_lent, 4_000_000);

    // The first instalment, repaid on its day, pays its obligation.
    let first = &v.schedule[0];
    let due = first.principal + first.interest;
    let repay = |on: &str, amount: i64| BorrowingRepaymentInput {
        paid_on: on.into(),
        amount: format!("{}.{:02}", amount / 100, amount % 100),
    };
    store
        .repay_borrowing(
            group,
            b,
            keeper,
            &repay("2026-03-01", due),
            Numbers::Plain,
            today,
        )
        .await
        .unwrap();
    let v2 = store.borrowing(b, today).await.unwrap();
    assert_eq!(v2.schedule[0].obligation_open, Some(0));
    assert_eq!(v2.principal_paid, first.principal);
    assert_eq!(v2.interest_paid, first.interest);
    assert_eq!(store.obligations(Some(group), true).await.unwrap().len(), 5);
    // As at the day before, nothing was paid; on 2 May the loan is 31 days
    // past due on its second instalment.
    let before = store.borrowing(b, day("2026-02-28")).await.unwrap();
    assert_eq!(before.principal_paid, 0);
    let late = store.borrowing(b, day("2026-05-02")).await.unwrap();
    assert_eq!(late.standing.days_past_due, 31);
    let p = store
        .lender_portfolio(federation, day("2026-05-02"))
        .await
        .unwrap();
    assert_eq!(p.loans.len(), 1);
    assert_eq!(p.by_currency.len(), 1);
    assert_eq!(p.by_currency[0].quality.par30, "100.00");
    assert_eq!(
        p.by_currency[0].on_lent.loans, 1,
        "the member's loan it funds"
    );

    // Too much, or before the loan came: refused, nothing written.
    let e = store
        .repay_borrowing(
            group,
            b,
            keeper,
            &repay("2026-04-01", owed),
            Numbers::Plain,
            today,
        )
        .await
        .unwrap_err();
    assert_eq!(field(e), "amount");
    let e = store
        .repay_borrowing(
            group,
            b,
            keeper,
            &repay("2026-01-01", 100),
            Numbers::Plain,
            today,
        )
        .await
        .unwrap_err();
    assert_eq!(field(e), "paid_on");
    assert_eq!(store.obligations(Some(group), true).await.unwrap().len(), 5);

    let t = store.book_totals(group, today).await.unwrap();
    assert_eq!(t.corpus + t.borrowed, t.cash + t.loans_outstanding, "{t:?}");
    assert_eq!(t.borrowing_interest, first.interest);

    // The impact report counts the group's savings and credit, and publishes neither about
    // fewer members than the threshold.
    let r = store
        .tbl_report(
            bayanihan_store::impact::ReportScope::Organization(group),
            &bayanihan_domain::impact::period::Period::parse("2026-02").unwrap(),
            bayanihan_domain::impact::report::Threshold::default(),
        )
        .await
        .unwrap();
    let fig = |id: &str| {
        r.sections[0]
            .values
            .iter()
            .find(|v| v.indicator == id)
            .map(|v| v.current.clone())
    };
    assert_eq!(fig("savings_mobilised"), Some(Some("<5".into())));
    assert_eq!(fig("credit_to_members"), Some(Some("<5".into())));
    assert_eq!(
        fig("portfolio_at_risk_30"),
        Some(None),
        "one loan is too few to show"
    );
}

async fn a_loan_in_arrears_is_rescheduled_and_the_past_stays(store: &Store) {
    let group = fixtures::org(store, "Ilaw", "self_help_group").await;
    let keeper = fixtures::person(store, "keeper@ilaw.example").await;
    let borrower = fixtures::person(store, "elena@ilaw.example").await;
    for p in [keeper, borrower] {
        fixtures::member(store, p, group, &[MembershipRole::Member], None).await;
    }
    store
        .set_book_rules(
            group,
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
    let today = day("2026-12-01");
    let line = |who: Uuid, repayment: Option<String>| MemberLineInput {
        person_id: who,
        present: true,
        repayment,
        ..Default::default()
    };
    let mut jan = MeetingInput {
        held_on: "2026-01-10".into(),
        minutes: None,
        members: vec![line(keeper, None), line(borrower, None)],
        loans: vec![NewLoanInput {
            person_id: borrower,
            principal: "150.00".into(),
            annual_rate: "24".into(),
            instalments: 4,
            per_year: None,
            method: Some("flat".into()),
            funded_by: None,
        }],
    };
    store
        .record_meeting(group, keeper, &jan, Numbers::Plain, today)
        .await
        .unwrap();
    let loan = store
        .book_loans(group, Some(borrower), today)
        .await
        .unwrap()
        .remove(0);
    let first = loan.schedule[0].total();
    jan.held_on = "2026-02-10".into();
    jan.loans.clear();
    jan.members[1].repayment = Some(first.to_decimal_string());
    store
        .record_meeting(group, keeper, &jan, Numbers::Plain, today)
        .await
        .unwrap();
    // Nothing more: by mid-May she is more than 30 days late.
    let may = store
        .portfolio_quality(&[group], day("2026-05-15"))
        .await
        .unwrap();
    assert_eq!(may.par30, "100.00");
    let input = |on: &str| bayanihan_domain::finance::book::RescheduleInput {
        on: on.into(),
        instalments: 6,
        per_year: None,
    };
    // Not before her last repayment.
    let e = store
        .reschedule_loan(group, loan.id, &input("2026-02-01"), today)
        .await
        .unwrap_err();
    assert_eq!(field(e), "on");
    store
        .reschedule_loan(group, loan.id, &input("2026-05-20"), today)
        .await
        .unwrap();
    // From that day the loan is current and counted apart as rescheduled; before it, the
    // book stays as it was.
    let june = store
        .portfolio_quality(&[group], day("2026-06-01"))
        .await
        .unwrap();
    assert_eq!(june.par30, "0.00");
    assert_eq!(june.rescheduled_outstanding, june.gross_outstanding);
    let again = store
        .portfolio_quality(&[group], day("2026-05-15"))
        .await
        .unwrap();
    assert_eq!(again, may, "the past stays");
    let l = store
        .book_loans(group, Some(borrower), day("2026-06-01"))
        .await
        .unwrap()
        .remove(0);
    assert_eq!(l.rescheduled_on, Some(day("2026-05-20")));
    assert_eq!(
        l.schedule.iter().map(|i| i.principal.minor()).sum::<i64>(),
        15_000
    );
    // Her next meeting's repayment pays the first new instalment.
    jan.held_on = "2026-06-20".into();
    jan.members[1].repayment = Some(l.schedule[1].total().to_decimal_string());
    store
        .record_meeting(group, keeper, &jan, Numbers::Plain, today)
        .await
        .unwrap();
    let l = store
        .book_loans(group, Some(borrower), day("2026-06-25"))
        .await
        .unwrap()
        .remove(0);
    assert_eq!(l.standing.unwrap().days_past_due, 0);
    assert_eq!(l.standing.unwrap().arrears, 0);
}

bayanihan_store::engine_stories!(
    federation_lends_a_group_and_is_repaid,
    a_loan_in_arrears_is_rescheduled_and_the_past_stays,
);
