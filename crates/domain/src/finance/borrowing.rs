//! A self-help group's borrowing: a loan from a bank or a federation to the group, on-lent to
//! its members, repaid on a schedule — the "bank–self-help-group linkage" of the seed.
//!
//! In the group's book (see `book`), a loan received brings cash in and puts what the group
//! owes on `bank_loan` (negative: owed); a repayment pays the interest due first, then
//! principal (anything beyond what is due is a prepayment, the schedule's interest staying as
//! agreed, as for members' loans), the interest going to `bank_interest` (what borrowing cost
//! the group — it comes out of the corpus). So cash + loans to members = corpus + borrowing
//! still owed, at every moment (property-tested in `book`).
//!
//! A member's loan may say which borrowing funds it (on-lending): the sum on-lent from one
//! borrowing never passes what was borrowed, so a lender can read the quality of the member
//! loans its money made beside the group's repayments to it.
//!
//! When the lender is an organization on the platform, every instalment is also an obligation
//! of the group to the lender (principal + interest, due on its date), which a clearing round
//! may net against what the lender owes the group; the store keeps the two in step.

use jiff::civil::Date;
use serde::{Deserialize, Serialize};
use uuid::Uuid;

use super::book::{BookAccount, Entry, EntryKind, Numbers, Posting, Rules, DEFAULT_PER_YEAR};
use super::loan::{self, Instalment, Method, Rate, Terms};
use super::portfolio::{allocate, Allocation, Owed};
use crate::validate::Collector;
use crate::{Invalid, Money};

/// The longest lender's name.
pub const MAX_LENDER_NAME: usize = 200;

/// A loan to the group, as the bookkeeper sends it.
#[derive(Debug, Clone, Default, Deserialize, Serialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(deny_unknown_fields)]
pub struct BorrowingInput {
    /// The lender when it is an organization on the platform (a federation, a cooperative
    /// bank) sharing a network with the group: each instalment then becomes an obligation to
    /// it that clearing rounds can net.
    pub lender_id: Option<Uuid>,
    /// The lender's name when it is not on the platform (a bank's branch).
    #[cfg_attr(feature = "openapi", schema(schema_with = crate::openapi::opt_name_200))]
    pub lender_name: Option<String>,
    /// The day the money reached the group (YYYY-MM-DD).
    #[cfg_attr(feature = "openapi", schema(schema_with = crate::openapi::date))]
    pub received_on: String,
    #[cfg_attr(feature = "openapi", schema(schema_with = crate::openapi::positive_amount))]
    pub principal: String,
    /// Yearly rate in percent, e.g. "12".
    #[cfg_attr(feature = "openapi", schema(schema_with = crate::openapi::rate_percent))]
    pub annual_rate: String,
    #[serde(deserialize_with = "crate::parse::whole::deserialize")]
    #[cfg_attr(feature = "openapi", schema(minimum = 1, maximum = 1200))]
    pub instalments: u32,
    /// Instalments a year; 12 when left out.
    #[serde(default, deserialize_with = "crate::parse::whole::option")]
    #[cfg_attr(feature = "openapi", schema(minimum = 1, maximum = 52))]
    pub per_year: Option<u32>,
    /// `declining` (default) or `flat`.
    #[cfg_attr(feature = "openapi", schema(schema_with = crate::openapi::opt_loan_method))]
    pub method: Option<String>,
}

/// A loan to the group, checked: what the store writes.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct NewBorrowing {
    pub id: Uuid,
    pub lender_id: Option<Uuid>,
    pub lender_name: String,
    pub terms: Terms,
    pub schedule: Vec<Instalment>,
    pub entry: Entry,
}

/// A loan to the group as its book holds it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Borrowing {
    pub id: Uuid,
    pub received_on: Date,
    pub principal: i64,
    pub schedule: Vec<Instalment>,
    pub principal_paid: i64,
    pub interest_paid: i64,
    /// Principal of the members' loans it funds.
    pub on_lent: i64,
}

impl Borrowing {
    /// Principal the group still owes.
    pub fn outstanding(&self) -> i64 {
        self.principal - self.principal_paid
    }
    /// What may still be on-lent from it.
    pub fn available(&self) -> i64 {
        (self.principal - self.on_lent).max(0)
    }
    /// What is owed on `day`: the scheduled interest due by then less the interest paid, and
    /// all the principal outstanding.
    pub fn owed(&self, day: Date) -> Owed {
        let interest_due: i64 = self
            .schedule
            .iter()
            .filter(|i| i.due_date <= day)
            .map(|i| i.interest.minor())
            .sum();
        Owed {
            fees: 0,
            interest: (interest_due - self.interest_paid).max(0),
            outstanding_principal: self.outstanding(),
        }
    }
}

fn post(account: BookAccount, amount: i64, borrowing: Uuid) -> Posting {
    Posting {
        account,
        person: None,
        loan: None,
        borrowing: Some(borrowing),
        amount,
    }
}

/// Checks a loan to the group and makes the entry of the money received. `lender_name` is
/// the name of the organization `input.lender_id` names, when it does (the caller looked it
/// up); otherwise the name sent is required.
pub fn plan_borrowing(
    input: &BorrowingInput,
    numbers: Numbers,
    rules: &Rules,
    lender_name: Option<&str>,
    today: Date,
) -> Result<NewBorrowing, Invalid> {
    let mut c = Collector::new();
    let cur = rules.currency;
    let received_on = parse_day(&mut c, "received_on", &input.received_on, today);
    let name = match lender_name {
        Some(n) => Some(n.to_string()),
        None => c.required_text(
            "lender_name",
            input.lender_name.as_deref(),
            crate::text::Shape::Line,
            MAX_LENDER_NAME,
        ),
    };
    let principal = super::book::amount(
        &mut c,
        "principal".into(),
        Some(&input.principal),
        cur,
        numbers,
    );
    if principal == Some(0) {
        c.push("principal", "must be more than zero");
    }
    let rate = Rate::parse_percent(&input.annual_rate)
        .map_err(|e| c.push("annual_rate", e.reason().to_string()))
        .ok();
    let method = match input
        .method
        .as_deref()
        .map(str::trim)
        .filter(|m| !m.is_empty())
    {
        None => Some(Method::Declining),
        Some(m) => Method::parse(m)
            .map_err(|e| c.push("method", e.reason().to_string()))
            .ok(),
    };
    let mut planned = None;
    if let (Some(p), Some(rate), Some(method), Some(start)) =
        (principal.filter(|p| *p > 0), rate, method, received_on)
    {
        let terms = Terms {
            principal: Money::new(p, cur),
            annual_rate: rate,
            instalments: input.instalments,
            per_year: input.per_year.unwrap_or(DEFAULT_PER_YEAR),
            method,
            start,
        };
        match loan::schedule(&terms) {
            Ok(s) => planned = Some((terms, s.instalments)),
            Err(e) => c.push(e.field, e.reason),
        }
    }
    c.finish()?;
    let (terms, schedule) = planned.expect("checked above");
    let id = Uuid::new_v4();
    let p = terms.principal.minor();
    Ok(NewBorrowing {
        id,
        lender_id: input.lender_id,
        lender_name: name.expect("checked above"),
        schedule,
        entry: Entry::new(
            EntryKind::BorrowingReceived,
            None,
            None,
            vec![
                post(BookAccount::Cash, p, id),
                post(BookAccount::BankLoan, -p, id),
            ],
        ),
        terms,
    })
}

fn parse_day(c: &mut Collector, field: &str, s: &str, today: Date) -> Option<Date> {
    match s.trim().parse::<Date>() {
        Ok(d) if d > today => {
            c.push(field, format!("{d} is after today ({today})"));
            None
        }
        Ok(d) => Some(d),
        Err(_) => {
            c.push(field, format!("\"{s}\" is not a date such as 2026-03-01"));
            None
        }
    }
}

/// A repayment of a loan to the group, as sent.
#[derive(Debug, Clone, Deserialize, Serialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(deny_unknown_fields)]
pub struct BorrowingRepaymentInput {
    /// The day it was paid (YYYY-MM-DD).
    #[cfg_attr(feature = "openapi", schema(schema_with = crate::openapi::date))]
    pub paid_on: String,
    #[cfg_attr(feature = "openapi", schema(schema_with = crate::openapi::positive_amount))]
    pub amount: String,
}

/// A repayment, checked: its allocation and the book's entry.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct BorrowingRepayment {
    pub paid_on: Date,
    pub allocation: Allocation,
    pub entry: Entry,
}

/// Checks a repayment of `b` from the group's `cash` (as at the day paid): interest due
/// first, then principal; never more than is owed nor than the cash holds, never before the
/// money was received.
pub fn plan_repayment(
    input: &BorrowingRepaymentInput,
    numbers: Numbers,
    rules: &Rules,
    b: &Borrowing,
    cash: i64,
    today: Date,
) -> Result<BorrowingRepayment, Invalid> {
    let mut c = Collector::new();
    let cur = rules.currency;
    let paid_on = parse_day(&mut c, "paid_on", &input.paid_on, today);
    if let Some(d) = paid_on.filter(|d| *d < b.received_on) {
        c.push(
            "paid_on",
            format!("{d} is before the loan was received ({})", b.received_on),
        );
    }
    let amount = super::book::amount(&mut c, "amount".into(), Some(&input.amount), cur, numbers);
    if amount == Some(0) {
        c.push("amount", "must be more than zero");
    }
    c.finish()?;
    let (paid_on, amount) = (paid_on.expect("checked"), amount.expect("checked"));
    let owed = b.owed(paid_on);
    let allocation = allocate(amount, owed).map_err(|e| {
        Invalid::field(
            "amount",
            format!(
                "more than the group owes on this loan ({}: interest due and all the principal)",
                Money::new(e.owed, cur)
            ),
        )
    })?;
    if amount > cash {
        return Err(Invalid::field(
            "amount",
            format!(
                "more than the group's cash ({})",
                Money::new(cash.max(0), cur)
            ),
        ));
    }
    let mut postings = vec![post(BookAccount::Cash, -amount, b.id)];
    if allocation.interest > 0 {
        postings.push(post(BookAccount::BankInterest, allocation.interest, b.id));
    }
    if allocation.principal > 0 {
        postings.push(post(BookAccount::BankLoan, allocation.principal, b.id));
    }
    Ok(BorrowingRepayment {
        paid_on,
        allocation,
        entry: Entry::new(EntryKind::BorrowingRepaid, None, None, postings),
    })
}

#[cfg(test)]
mod tests {
    use super::super::book::{Totals, WithdrawalRule};
    use super::*;
    use crate::Currency;

    fn rules() -> Rules {
        Rules {
            currency: Currency::NPR,
            compulsory_saving: 10_000,
            withdrawal_rule: WithdrawalRule::Voluntary,
            min_members: 10,
            max_members: 20,
        }
    }
    fn day(s: &str) -> Date {
        s.parse().unwrap()
    }
    fn input() -> BorrowingInput {
        BorrowingInput {
            lender_name: Some("Janata Bank, Dhulikhel branch".into()),
            received_on: "2026-02-01".into(),
            principal: "120000.00".into(),
            annual_rate: "12".into(),
            instalments: 12,
            ..Default::default()
        }
    }
    fn held(n: &NewBorrowing) -> Borrowing {
        Borrowing {
            id: n.id,
            received_on: n.terms.start,
            principal: n.terms.principal.minor(),
            schedule: n.schedule.clone(),
            principal_paid: 0,
            interest_paid: 0,
            on_lent: 0,
        }
    }

    #[test]
    fn a_loan_received_and_repaid_keeps_the_book_balanced() {
        let today = day("2026-12-01");
        let n = plan_borrowing(&input(), Numbers::Plain, &rules(), None, today).unwrap();
        assert_eq!(n.lender_name, "Janata Bank, Dhulikhel branch");
        assert_eq!(n.schedule.len(), 12);
        assert_eq!(n.entry.cash(), 12_000_000);
        let mut b = held(&n);
        // The first instalment, paid on its day: its interest (1 % of the balance) first.
        let first = &n.schedule[0];
        let due = first.principal.minor() + first.interest.minor();
        let r = plan_repayment(
            &BorrowingRepaymentInput {
                paid_on: first.due_date.to_string(),
                amount: Money::new(due, Currency::NPR).to_decimal_string(),
            },
            Numbers::Plain,
            &rules(),
            &b,
            20_000_000,
            today,
        )
        .unwrap();
        assert_eq!(r.allocation.interest, 120_000);
        assert_eq!(r.allocation.principal, first.principal.minor());
        b.principal_paid += r.allocation.principal;
        b.interest_paid += r.allocation.interest;
        let sums: Vec<(BookAccount, i64)> = n
            .entry
            .postings
            .iter()
            .chain(&r.entry.postings)
            .map(|p| (p.account, p.amount))
            .collect();
        let t = Totals::from_sums(sums);
        assert_eq!(t.borrowed, b.outstanding());
        assert_eq!(t.borrowing_interest, 120_000);
        assert_eq!(t.corpus + t.borrowed, t.cash + t.loans_outstanding);
    }

    #[test]
    fn bad_loans_and_repayments_are_refused_naming_the_field() {
        let today = day("2026-12-01");
        let e = plan_borrowing(
            &BorrowingInput {
                lender_name: None,
                received_on: "2027-01-01".into(),
                principal: "0".into(),
                annual_rate: "300".into(),
                ..input()
            },
            Numbers::Plain,
            &rules(),
            None,
            today,
        )
        .unwrap_err();
        let fields: Vec<&str> = e.errors.iter().map(|p| p.field.as_str()).collect();
        for f in ["lender_name", "received_on", "principal", "annual_rate"] {
            assert!(fields.contains(&f), "{f} in {fields:?}");
        }
        let n = plan_borrowing(&input(), Numbers::Plain, &rules(), None, today).unwrap();
        let b = held(&n);
        let repay = |on: &str, amount: &str, cash: i64| {
            plan_repayment(
                &BorrowingRepaymentInput {
                    paid_on: on.into(),
                    amount: amount.into(),
                },
                Numbers::Plain,
                &rules(),
                &b,
                cash,
                today,
            )
        };
        let field = |r: Result<BorrowingRepayment, Invalid>| r.unwrap_err().errors[0].field.clone();
        assert_eq!(field(repay("2026-01-15", "100.00", 1_000_000)), "paid_on");
        // More than the principal and the interest due by then.
        assert_eq!(field(repay("2026-03-01", "121200.01", i64::MAX)), "amount");
        // All of it on the first due date is exactly principal + the first month's interest.
        assert!(repay("2026-03-01", "121200.00", i64::MAX).is_ok());
        assert_eq!(field(repay("2026-03-01", "500.00", 100)), "amount");
    }
}

#[cfg(test)]
mod on_lending {
    use std::collections::{BTreeMap, BTreeSet};

    use super::super::book::{plan_meeting, MeetingInput, NewLoanInput, State, WithdrawalRule};
    use super::*;
    use crate::Currency;

    #[test]
    fn a_group_on_lends_no_more_than_it_borrowed() {
        let rules = Rules {
            currency: Currency::NPR,
            compulsory_saving: 10_000,
            withdrawal_rule: WithdrawalRule::Voluntary,
            min_members: 2,
            max_members: 20,
        };
        let (a, b) = (Uuid::new_v4(), Uuid::new_v4());
        let bank = Uuid::new_v4();
        let state = State {
            cash: 10_000_000,
            savings: BTreeMap::new(),
            loans: vec![],
            borrowings: vec![Borrowing {
                id: bank,
                received_on: "2026-02-01".parse().unwrap(),
                principal: 5_000_000,
                schedule: vec![],
                principal_paid: 0,
                interest_paid: 0,
                on_lent: 2_000_000,
            }],
        };
        let lend = |who: Uuid, amount: &str, from: Option<Uuid>| NewLoanInput {
            person_id: who,
            principal: amount.into(),
            annual_rate: "18".into(),
            instalments: 10,
            per_year: None,
            method: None,
            funded_by: from,
        };
        let meeting = |loans| MeetingInput {
            held_on: "2026-03-01".into(),
            minutes: None,
            members: vec![],
            loans,
        };
        let plan = |loans| {
            plan_meeting(
                &meeting(loans),
                Numbers::Plain,
                &rules,
                &BTreeSet::from([a, b]),
                &state,
                "2026-12-01".parse().unwrap(),
            )
        };
        // 30,000 is left of 50,000 once 20,000 went out: two loans of 15,000 take it all…
        let m = plan(vec![
            lend(a, "15000.00", Some(bank)),
            lend(b, "15000.00", Some(bank)),
        ])
        .unwrap();
        assert!(m.loans.iter().all(|l| l.funded_by == Some(bank)));
        // …and one more rupee is refused, naming the loan that passes it.
        let e = plan(vec![
            lend(a, "15000.00", Some(bank)),
            lend(b, "15000.01", Some(bank)),
        ])
        .unwrap_err();
        assert_eq!(e.errors[0].field, "loans[1].principal");
        let e = plan(vec![lend(a, "100.00", Some(Uuid::new_v4()))]).unwrap_err();
        assert_eq!(e.errors[0].field, "loans[0].funded_by");
    }
}
