//! Portfolio quality, reproducible at any past date: repayments allocated in a stated order,
//! arrears ageing, and portfolio at risk.
//!
//! **PAR30 / PAR90** = the outstanding principal of the loans with an instalment past due by
//! more than 30 / 90 days ÷ the gross outstanding principal, both as at the date. Rescheduled
//! loans stay in both (counted, and reported apart); a loan written off on or before the date
//! is in neither. An instalment is past due when it fell due before the date and the
//! repayments made on or before the date do not cover everything due up to and including it
//! (principal and interest, oldest first): its days past due count from its due date. Ratios are exact and shown rounded half away from
//! zero to two decimals (see `governance::ratio`).

use jiff::civil::Date;
use serde::Serialize;

use super::loan::Instalment;

/// What a repayment pays, in the order it is applied.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
pub struct Allocation {
    pub fees: i64,
    pub interest: i64,
    pub principal: i64,
}

/// What is owed when a repayment comes: fees and interest due now, and all the principal
/// still outstanding (what is not yet due is a prepayment).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Owed {
    pub fees: i64,
    pub interest: i64,
    pub outstanding_principal: i64,
}

/// A repayment larger than everything owed.
#[derive(Debug, Clone, Copy, PartialEq, Eq, thiserror::Error)]
#[error("the repayment is more than the {owed} (minor units) owed on the loan: fees, interest due and all the principal")]
pub struct Overpaid {
    pub owed: i64,
}

/// Applies `amount` (minor units, above zero) to fees, then interest, then principal; what
/// goes beyond the principal due is a prepayment of principal.
pub fn allocate(amount: i64, owed: Owed) -> Result<Allocation, Overpaid> {
    let total = owed.fees + owed.interest + owed.outstanding_principal;
    if amount > total {
        return Err(Overpaid { owed: total });
    }
    let fees = amount.min(owed.fees);
    let interest = (amount - fees).min(owed.interest);
    Ok(Allocation {
        fees,
        interest,
        principal: amount - fees - interest,
    })
}

/// A loan as its ledger shows it.
#[derive(Debug, Clone)]
pub struct Loan {
    pub principal: i64,
    pub schedule: Vec<Instalment>,
    /// Repayments: (date, allocation).
    pub repayments: Vec<(Date, Allocation)>,
    pub rescheduled: bool,
    pub written_off: Option<Date>,
}

/// A loan as at a date.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
pub struct Standing {
    /// Principal not yet repaid.
    pub outstanding: i64,
    /// Days since the oldest instalment not fully paid fell due; 0 when none is.
    pub days_past_due: i64,
    /// Principal and interest fallen due before the date and not paid.
    pub arrears: i64,
}

/// `loan` as at the end of `day`, or `None` once written off.
pub fn standing(loan: &Loan, day: Date) -> Option<Standing> {
    if loan.written_off.is_some_and(|w| w <= day) {
        return None;
    }
    let paid: Vec<&Allocation> = loan
        .repayments
        .iter()
        .filter(|(d, _)| *d <= day)
        .map(|(_, a)| a)
        .collect();
    let principal_paid: i64 = paid.iter().map(|a| a.principal).sum();
    let mut covered: i64 = paid.iter().map(|a| a.principal + a.interest).sum();
    let (mut due, mut oldest_unpaid) = (0i64, None);
    // An instalment falling due on `day` itself is not past due yet.
    for i in loan.schedule.iter().filter(|i| i.due_date < day) {
        let owed = i.principal.minor() + i.interest.minor();
        due += owed;
        if covered >= owed {
            covered -= owed;
        } else {
            covered = 0;
            oldest_unpaid.get_or_insert(i.due_date);
        }
    }
    let paid_total: i64 = paid.iter().map(|a| a.principal + a.interest).sum();
    Some(Standing {
        outstanding: loan.principal - principal_paid,
        days_past_due: oldest_unpaid.map_or(0, |d: Date| (day - d).get_days().into()),
        arrears: (due - paid_total).max(0),
    })
}

/// The ageing buckets of arrears, by days past due.
pub const BUCKETS: [(&str, i64, i64); 6] = [
    ("current", 0, 0),
    ("1-30", 1, 30),
    ("31-60", 31, 60),
    ("61-90", 61, 90),
    ("91-180", 91, 180),
    ("over-180", 181, i64::MAX),
];

/// A portfolio as at a date.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Quality {
    pub loans: usize,
    pub gross_outstanding: i64,
    /// Outstanding principal per ageing bucket ([`BUCKETS`], in order).
    pub ageing: Vec<(&'static str, i64)>,
    pub par30: String,
    pub par90: String,
    /// Of the gross outstanding, what rescheduled loans owe.
    pub rescheduled_outstanding: i64,
}

/// The quality of `loans` as at `day`.
pub fn quality(loans: &[Loan], day: Date) -> Quality {
    let mut q = Quality {
        loans: 0,
        gross_outstanding: 0,
        ageing: BUCKETS.iter().map(|b| (b.0, 0)).collect(),
        par30: String::new(),
        par90: String::new(),
        rescheduled_outstanding: 0,
    };
    let (mut at_risk_30, mut at_risk_90) = (0i64, 0i64);
    for (loan, s) in loans.iter().filter_map(|l| Some((l, standing(l, day)?))) {
        if s.outstanding <= 0 {
            continue;
        }
        q.loans += 1;
        q.gross_outstanding += s.outstanding;
        if loan.rescheduled {
            q.rescheduled_outstanding += s.outstanding;
        }
        if let Some(b) = BUCKETS
            .iter()
            .position(|(_, from, to)| (*from..=*to).contains(&s.days_past_due))
        {
            q.ageing[b].1 += s.outstanding;
        }
        if s.days_past_due > 30 {
            at_risk_30 += s.outstanding;
        }
        if s.days_past_due > 90 {
            at_risk_90 += s.outstanding;
        }
    }
    let pct = |part: i64| {
        crate::governance::ratio::percent_of(part as u64, q.gross_outstanding.max(1) as u64)
    };
    q.par30 = pct(at_risk_30);
    q.par90 = pct(at_risk_90);
    q
}

#[cfg(test)]
mod tests {
    use super::super::loan::{schedule, Method, Rate, Terms};
    use super::*;
    use crate::{Currency, Money};
    use proptest::prelude::*;

    fn d(s: &str) -> Date {
        s.parse().unwrap()
    }

    fn loan(principal: i64) -> Loan {
        let s = schedule(&Terms {
            principal: Money::new(principal, Currency::NPR),
            annual_rate: Rate::parse_percent("12").unwrap(),
            instalments: 12,
            per_year: 12,
            method: Method::Flat,
            start: d("2026-01-01"),
        })
        .unwrap();
        Loan {
            principal,
            schedule: s.instalments,
            repayments: vec![],
            rescheduled: false,
            written_off: None,
        }
    }

    /// Pays instalments `1..=k` on their due dates.
    fn paid_until(mut l: Loan, k: usize) -> Loan {
        for i in &l.schedule[..k] {
            l.repayments.push((
                i.due_date,
                Allocation {
                    fees: 0,
                    interest: i.interest.minor(),
                    principal: i.principal.minor(),
                },
            ));
        }
        l
    }

    #[test]
    fn a_repayment_goes_to_fees_then_interest_then_principal_and_never_beyond() {
        let owed = Owed {
            fees: 50,
            interest: 200,
            outstanding_principal: 1_000,
        };
        assert_eq!(
            allocate(120, owed),
            Ok(Allocation {
                fees: 50,
                interest: 70,
                principal: 0
            })
        );
        assert_eq!(
            allocate(1_250, owed),
            Ok(Allocation {
                fees: 50,
                interest: 200,
                principal: 1_000
            })
        );
        assert_eq!(allocate(1_251, owed), Err(Overpaid { owed: 1_250 }));
    }

    #[test]
    fn par_counts_whole_loans_past_30_and_90_days_as_at_any_date() {
        // Three loans of NPR 12,000.00 from 2026-01-01, monthly: one paid up, one that
        // stopped after two instalments, one that stopped after five and was rescheduled.
        let good = paid_until(loan(1_200_000), 6);
        let late = paid_until(loan(1_200_000), 2);
        let mut slow = paid_until(loan(1_200_000), 5);
        slow.rescheduled = true;
        let mut gone = paid_until(loan(1_200_000), 1);
        gone.written_off = Some(d("2026-05-15"));
        let all = [good, late, slow, gone];
        // 2026-07-15: instalment 3 of `late` fell due on 04-01 (105 days); `slow` owes since
        // 07-01 (14 days).
        let q = quality(&all, d("2026-07-15"));
        assert_eq!(q.loans, 3);
        assert_eq!(q.gross_outstanding, 600_000 + 1_000_000 + 700_000);
        assert_eq!(q.par30, "43.48"); // 1,000,000 / 2,300,000
        assert_eq!(q.par90, "43.48");
        assert_eq!(q.rescheduled_outstanding, 700_000);
        assert_eq!(q.ageing[1], ("1-30", 700_000));
        assert_eq!(q.ageing[4], ("91-180", 1_000_000));
        // The same portfolio as it stood on 2026-04-20, from the same rows: `late` 19 days past
        // due, and the loan written off later still counted, 50 days past due:
        // 1,100,000 of 900,000 + 1,000,000 + 900,000 + 1,100,000 at risk.
        let q = quality(&all, d("2026-04-20"));
        assert_eq!(q.loans, 4);
        assert_eq!(q.gross_outstanding, 3_900_000);
        assert_eq!(q.par30, "28.21");
        assert_eq!(q.par90, "0.00");
        // On an instalment's due date it is not yet past due.
        let s = standing(&all[1], d("2026-04-01")).unwrap();
        assert_eq!((s.days_past_due, s.arrears), (0, 0));
        let s = standing(&all[1], d("2026-04-02")).unwrap();
        assert_eq!((s.days_past_due, s.arrears), (1, 112_000));
    }

    proptest! {
        #[test]
        fn buckets_add_up_to_the_gross_and_par90_never_exceeds_par30(
            stops in prop::collection::vec(0usize..=12, 1..12),
            day in 0i64..500,
        ) {
            let loans: Vec<Loan> = stops.iter().map(|k| paid_until(loan(1_000_000), *k)).collect();
            let at = d("2026-01-01").checked_add(jiff::Span::new().days(day)).unwrap();
            let q = quality(&loans, at);
            prop_assert_eq!(q.ageing.iter().map(|b| b.1).sum::<i64>(), q.gross_outstanding);
            let p = |s: &str| s.parse::<f64>().unwrap();
            prop_assert!(p(&q.par90) <= p(&q.par30));
            for l in &loans {
                let s = standing(l, at).unwrap();
                prop_assert!(s.outstanding >= 0 && s.arrears >= 0);
                prop_assert_eq!(s.days_past_due > 0, s.arrears > 0);
            }
        }
    }
}
