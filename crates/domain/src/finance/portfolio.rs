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

/// What one loan adds to a portfolio's figures on a day: the sums [`quality`] makes, before
/// the ratios. Shares add up (and subtract), so a portfolio's figures on any day are the sum of
/// its loans' [`History::changes`] up to that day.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize)]
pub struct Share {
    /// Loans outstanding (0 or 1 for one loan).
    pub loans: i64,
    pub gross: i64,
    /// Outstanding principal per ageing bucket ([`BUCKETS`], in order).
    pub ageing: [i64; 6],
    pub rescheduled: i64,
}

impl Share {
    pub fn is_zero(&self) -> bool {
        *self == Share::default()
    }

    pub fn add(&mut self, o: &Share) {
        self.loans += o.loans;
        self.gross += o.gross;
        for (a, b) in self.ageing.iter_mut().zip(o.ageing) {
            *a += b;
        }
        self.rescheduled += o.rescheduled;
    }

    pub fn minus(&self, o: &Share) -> Share {
        let mut d = *self;
        d.loans -= o.loans;
        d.gross -= o.gross;
        for (a, b) in d.ageing.iter_mut().zip(o.ageing) {
            *a -= b;
        }
        d.rescheduled -= o.rescheduled;
        d
    }

    /// Outstanding principal more than 30 days past due (the buckets from 31–60 on).
    pub fn at_risk_30(&self) -> i64 {
        self.ageing[2..].iter().sum()
    }

    /// Outstanding principal more than 90 days past due (the buckets from 91–180 on).
    pub fn at_risk_90(&self) -> i64 {
        self.ageing[4..].iter().sum()
    }

    /// The portfolio's quality from its summed shares.
    pub fn quality(&self) -> Quality {
        let pct = |part: i64| {
            crate::governance::ratio::percent_of(part.max(0) as u64, self.gross.max(1) as u64)
        };
        Quality {
            loans: self.loans.max(0) as usize,
            gross_outstanding: self.gross,
            ageing: BUCKETS.iter().map(|b| b.0).zip(self.ageing).collect(),
            par30: pct(self.at_risk_30()),
            par90: pct(self.at_risk_90()),
            rescheduled_outstanding: self.rescheduled,
        }
    }
}

/// `loan`'s share of its portfolio's figures on `day`: nothing once written off or repaid.
pub fn share(loan: &Loan, day: Date) -> Share {
    let Some(s) = standing(loan, day) else {
        return Share::default();
    };
    if s.outstanding <= 0 {
        return Share::default();
    }
    let mut out = Share {
        loans: 1,
        gross: s.outstanding,
        ..Share::default()
    };
    let b = BUCKETS
        .iter()
        .position(|(_, from, to)| (*from..=*to).contains(&s.days_past_due))
        .expect("the buckets cover every day past due");
    out.ageing[b] = s.outstanding;
    if loan.rescheduled {
        out.rescheduled = s.outstanding;
    }
    out
}

/// The quality of `loans` as at `day`.
pub fn quality(loans: &[Loan], day: Date) -> Quality {
    let mut total = Share::default();
    for l in loans {
        total.add(&share(l, day));
    }
    total.quality()
}

/// One row of a loan's schedule with the days it held: from `set_on` (from the start when
/// `None`) to the day before `replaced_on` (for good when `None`). A rescheduled loan keeps
/// its old rows, so its past reads as it stood.
#[derive(Debug, Clone)]
pub struct ScheduleRow {
    pub instalment: Instalment,
    pub set_on: Option<Date>,
    pub replaced_on: Option<Date>,
}

/// Everything the ledger knows of a loan, over its whole life.
#[derive(Debug, Clone)]
pub struct History {
    pub principal: i64,
    pub disbursed_on: Date,
    /// Every schedule row the loan ever had, in instalment order.
    pub rows: Vec<ScheduleRow>,
    /// Repayments: (date, allocation).
    pub repayments: Vec<(Date, Allocation)>,
    pub rescheduled_on: Option<Date>,
    pub written_off_on: Option<Date>,
}

/// The days after a due date on which an unpaid instalment moves to the next ageing bucket.
const CROSSINGS: [i64; 5] = [1, 31, 61, 91, 181];

impl History {
    /// The loan as the book reads it at the end of `day`; `None` before it was made.
    pub fn as_at(&self, day: Date) -> Option<Loan> {
        if day < self.disbursed_on {
            return None;
        }
        Some(Loan {
            principal: self.principal,
            schedule: self
                .rows
                .iter()
                .filter(|r| r.set_on.is_none_or(|s| s <= day))
                .filter(|r| r.replaced_on.is_none_or(|s| s > day))
                .map(|r| r.instalment.clone())
                .collect(),
            repayments: self
                .repayments
                .iter()
                .filter(|(d, _)| *d <= day)
                .copied()
                .collect(),
            rescheduled: self.rescheduled_on.is_some_and(|d| d <= day),
            written_off: self.written_off_on.filter(|d| *d <= day),
        })
    }

    /// The loan's share of its portfolio's figures on `day`.
    pub fn share_on(&self, day: Date) -> Share {
        self.as_at(day)
            .map_or_else(Share::default, |l| share(&l, day))
    }

    /// How the loan's share changes over its life: `(day, change)`, oldest first, only the
    /// days it changes. Summed up to any day, the changes give [`History::share_on`] that
    /// day, so a portfolio's figures on any past day are one sum over stored changes.
    ///
    /// A share can only change on a day something happens to the loan: made, repaid, written
    /// off, rescheduled (and its schedule rows replaced), or an instalment moving into the
    /// next ageing bucket (1, 31, 61, 91 and 181 days after it fell due, counted whether it is
    /// paid by then or not). Between those days the standing's every input is the same and
    /// the oldest unpaid instalment stays within one bucket, so the share is evaluated on
    /// each of those days alone.
    pub fn changes(&self) -> Vec<(Date, Share)> {
        let mut days = vec![self.disbursed_on];
        days.extend(self.repayments.iter().map(|(d, _)| *d));
        days.extend(self.rescheduled_on);
        days.extend(self.written_off_on);
        for r in &self.rows {
            days.extend(r.set_on);
            days.extend(r.replaced_on);
            days.extend(CROSSINGS.iter().filter_map(|n| {
                r.instalment
                    .due_date
                    .checked_add(jiff::Span::new().days(*n))
                    .ok()
            }));
        }
        days.retain(|d| *d >= self.disbursed_on);
        days.sort_unstable();
        days.dedup();
        let mut before = Share::default();
        let mut out = Vec::new();
        for day in days {
            let now = self.share_on(day);
            let change = now.minus(&before);
            if !change.is_zero() {
                out.push((day, change));
            }
            before = now;
        }
        out
    }
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

    fn history(
        stop: usize,
        late: i64,
        resched: Option<(i64, usize)>,
        write_off: Option<i64>,
    ) -> History {
        let base = loan(1_200_000);
        let start = d("2026-01-01");
        let day = |n: i64| start.checked_add(jiff::Span::new().days(n)).unwrap();
        let mut rows: Vec<ScheduleRow> = base
            .schedule
            .iter()
            .map(|i| ScheduleRow {
                instalment: i.clone(),
                set_on: None,
                replaced_on: None,
            })
            .collect();
        // Pays instalments 1..=stop, each `late` days after it fell due.
        let mut repayments: Vec<(Date, Allocation)> = base.schedule[..stop]
            .iter()
            .map(|i| {
                (
                    i.due_date
                        .checked_add(jiff::Span::new().days(late))
                        .unwrap(),
                    Allocation {
                        fees: 0,
                        interest: i.interest.minor(),
                        principal: i.principal.minor(),
                    },
                )
            })
            .collect();
        let mut rescheduled_on = None;
        if let Some((on, extra)) = resched {
            let on = day(on);
            for r in &mut rows {
                r.replaced_on = Some(on);
            }
            // What is left, spread over `extra + 1` new monthly instalments from a month on.
            let paid: i64 = repayments
                .iter()
                .filter(|(d, _)| *d <= on)
                .map(|(_, a)| a.principal)
                .sum();
            let left = 1_200_000 - paid;
            let n = extra as i64 + 1;
            for k in 0..n {
                let part = if k == n - 1 {
                    left - left / n * (n - 1)
                } else {
                    left / n
                };
                rows.push(ScheduleRow {
                    instalment: Instalment {
                        number: 13 + k as u32,
                        due_date: on.checked_add(jiff::Span::new().months(k + 1)).unwrap(),
                        principal: crate::Money::new(part, crate::Currency::NPR),
                        interest: crate::Money::new(0, crate::Currency::NPR),
                        balance: crate::Money::new(0, crate::Currency::NPR),
                    },
                    set_on: Some(on),
                    replaced_on: None,
                });
            }
            // One more payment after the reschedule.
            repayments.push((
                on.checked_add(jiff::Span::new().days(40)).unwrap(),
                Allocation {
                    fees: 0,
                    interest: 0,
                    principal: left / n,
                },
            ));
            rescheduled_on = Some(on);
        }
        History {
            principal: 1_200_000,
            disbursed_on: start,
            rows,
            repayments,
            rescheduled_on,
            written_off_on: write_off.map(day),
        }
    }

    #[test]
    fn a_history_reads_as_the_loan_did_on_each_day() {
        let h = history(3, 0, Some((150, 3)), None);
        // Before the reschedule, the old schedule: instalment 4 (due 05-01) unpaid.
        let before = h.as_at(d("2026-05-20")).unwrap();
        assert_eq!(before.schedule.len(), 12);
        assert!(!before.rescheduled);
        assert_eq!(
            standing(&before, d("2026-05-20")).unwrap().days_past_due,
            19
        );
        let after = h.as_at(d("2026-06-20")).unwrap();
        assert_eq!(after.schedule.len(), 4);
        assert!(after.rescheduled);
        assert_eq!(h.share_on(d("2026-06-20")).rescheduled, 900_000);
        assert!(h.as_at(d("2025-12-31")).is_none());
        // Written off: no share from that day.
        let gone = history(2, 0, None, Some(99));
        assert_eq!(gone.share_on(d("2026-04-10")), Share::default());
        assert_eq!(gone.share_on(d("2026-04-09")).loans, 1);
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

        #[test]
        fn the_changes_up_to_any_day_sum_to_the_share_on_that_day(
            stop in 0usize..=12,
            late in 0i64..200,
            resched in prop::option::of((31i64..400, 0usize..6)),
            write_off in prop::option::of(0i64..700),
            days in prop::collection::vec(-10i64..900, 1..20),
        ) {
            let h = history(stop, late, resched, write_off);
            let changes = h.changes();
            prop_assert!(changes.windows(2).all(|w| w[0].0 < w[1].0));
            for n in days {
                let day = d("2026-01-01").checked_add(jiff::Span::new().days(n)).unwrap();
                let mut sum = Share::default();
                for (_, c) in changes.iter().filter(|(c, _)| *c <= day) {
                    sum.add(c);
                }
                prop_assert_eq!(sum, h.share_on(day), "on {}", day);
            }
        }
    }
}
