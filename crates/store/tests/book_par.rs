//! Portfolio quality from the loans' stored changes (`Store::portfolio_quality`) against the
//! same figures read loan by loan from the book's rows (`portfolio_quality_from_rows`), on
//! every day of a year and a half of three groups' books written through the real write path:
//! random repayments (late, partial, early, none), a meeting entered months late from the
//! paper book, a reschedule and a write-off. Then rebuilt from scratch: the same figures
//! again. SQLite and PostgreSQL.

use bayanihan_domain::finance::book::{
    MeetingInput, MemberLineInput, NewLoanInput, Numbers, RescheduleInput, Rules, WithdrawalRule,
};
use bayanihan_domain::person::MembershipRole;
use bayanihan_domain::{Currency, Money};
use bayanihan_store::testing::{fixtures, Lcg};
use bayanihan_store::Store;
use jiff::civil::Date;
use jiff::Span;
use uuid::Uuid;

fn day(s: &str) -> Date {
    s.parse().unwrap()
}

struct Group {
    org: Uuid,
    keeper: Uuid,
    members: Vec<Uuid>,
}

async fn group(store: &Store, n: usize) -> Group {
    let org = fixtures::org(store, &format!("Group {n}"), "self_help_group").await;
    let mut members = Vec::new();
    for i in 0..8 {
        let p = fixtures::person(store, &format!("m{i}@g{n}.example")).await;
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
                currency: Currency::NPR,
                compulsory_saving: 50_000,
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

/// One meeting of `g` on `on`, entered when the book reaches `now` (later than `on` for a
/// meeting entered from the paper book): everyone saves; members with a loan repay at random
/// (nothing, part, the instalment, or more, never beyond the principal left by `now`); some
/// without one borrow.
async fn meeting(store: &Store, g: &Group, on: Date, now: Date, rng: &mut Lcg, today: Date) {
    let loans = store.book_loans(g.org, None, now).await.unwrap();
    let cash = store
        .book_totals(g.org, on)
        .await
        .unwrap()
        .cash
        .min(store.book_totals(g.org, now).await.unwrap().cash);
    let mut input = MeetingInput {
        held_on: on.to_string(),
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
    };
    let mut lendable = cash;
    for (i, p) in g.members.iter().enumerate() {
        let open: Vec<_> = loans
            .iter()
            .filter(|l| l.person_id == *p && l.standing.is_some_and(|s| s.outstanding > 0))
            .collect();
        if let Some(l) = open.first() {
            let left = l.principal - l.principal_paid;
            let instalment = l.schedule[0].total().minor();
            let pay = match rng.below(6) {
                0 | 1 => 0,
                2 => instalment / 2,
                3 => instalment * 2,
                _ => instalment,
            }
            .min(left);
            if pay > 0 {
                input.members[i].repayment =
                    Some(Money::new(pay, Currency::NPR).to_decimal_string());
            }
        } else if rng.below(3) == 0 {
            let principal = 100_000 * (1 + rng.below(5) as i64);
            if principal <= lendable {
                lendable -= principal;
                input.loans.push(NewLoanInput {
                    person_id: *p,
                    principal: Money::new(principal, Currency::NPR).to_decimal_string(),
                    annual_rate: "18".into(),
                    instalments: 3 + rng.below(8) as u32,
                    per_year: Some(12),
                    method: Some(
                        if rng.below(2) == 0 {
                            "flat"
                        } else {
                            "declining"
                        }
                        .into(),
                    ),
                    funded_by: None,
                });
            }
        }
    }
    store
        .record_meeting(g.org, g.keeper, &input, Numbers::Plain, today)
        .await
        .unwrap();
}

/// Both readings, on every day from `from` to `to`, for each group and for all of them.
async fn same_every_day(store: &Store, groups: &[Uuid], from: Date, to: Date) -> usize {
    let mut d = from;
    let mut at_risk = 0;
    while d <= to {
        for orgs in groups.iter().map(std::slice::from_ref).chain([groups]) {
            let stored = store.portfolio_quality(orgs, d).await.unwrap();
            let rows = store.portfolio_quality_from_rows(orgs, d).await.unwrap();
            assert_eq!(stored, rows, "{orgs:?} on {d}");
            if orgs.len() > 1 && stored.par30 != "0.00" {
                at_risk += 1;
            }
        }
        d = d.checked_add(Span::new().days(1)).unwrap();
    }
    at_risk
}

async fn the_stored_changes_give_the_books_figures_on_every_day(store: &Store) {
    let today = day("2027-12-31");
    let mut rng = Lcg(17);
    let mut groups = Vec::new();
    for n in 0..3 {
        groups.push(group(store, n).await);
    }
    let months: Vec<Date> = (0..16)
        .map(|m| {
            day("2026-01-05")
                .checked_add(Span::new().months(m))
                .unwrap()
        })
        .collect();
    for (m, on) in months.iter().enumerate() {
        for g in &groups {
            // Group 1's June meeting is entered last, from the paper book.
            if m == 5 && g.org == groups[1].org {
                continue;
            }
            meeting(store, g, *on, *on, &mut rng, today).await;
        }
    }
    let last = *months.last().unwrap();
    meeting(store, &groups[1], months[5], last, &mut rng, today).await;
    // A late loan of group 0 is rescheduled on its group's last meeting day; another of group
    // 2 is written off.
    let late = |org: Uuid, on: Date| async move {
        store
            .book_loans(org, None, on)
            .await
            .unwrap()
            .into_iter()
            .filter(|l| {
                l.standing
                    .is_some_and(|s| s.days_past_due > 30 && s.outstanding > 0)
            })
            .collect::<Vec<_>>()
    };
    let late0 = late(groups[0].org, last).await;
    assert!(!late0.is_empty(), "the books have late loans");
    let on = late0[0]
        .repayments
        .last()
        .map_or(last, |(d, _)| (*d).max(last));
    store
        .reschedule_loan(
            groups[0].org,
            late0[0].id,
            &RescheduleInput {
                on: on.to_string(),
                instalments: 6,
                per_year: None,
            },
            today,
        )
        .await
        .unwrap();
    let late2 = late(groups[2].org, last).await;
    assert!(!late2.is_empty(), "the books have late loans");
    store
        .write_off_loan(groups[2].org, late2[0].id, groups[2].keeper, last)
        .await
        .unwrap();
    let ids: Vec<Uuid> = groups.iter().map(|g| g.org).collect();
    let (from, to) = (day("2025-12-25"), day("2027-09-30"));
    let at_risk = same_every_day(store, &ids, from, to).await;
    assert!(at_risk > 100, "PAR30 above zero on {at_risk} days only");
    let q = store.portfolio_quality(&ids, last).await.unwrap();
    assert!(q.rescheduled_outstanding > 0, "{q:?}");
    // Built again from the rows alone: the same figures.
    let loans = store.rebuild_portfolio_changes().await.unwrap();
    assert_eq!(loans as i64, store.count_rows("shg_loans").await.unwrap());
    let mut d = from;
    while d <= to {
        assert_eq!(
            store.portfolio_quality(&ids, d).await.unwrap(),
            store.portfolio_quality_from_rows(&ids, d).await.unwrap(),
            "rebuilt, on {d}"
        );
        d = d.checked_add(Span::new().days(7)).unwrap();
    }
}

bayanihan_store::engine_stories!(the_stored_changes_give_the_books_figures_on_every_day);
