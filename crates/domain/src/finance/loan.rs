//! Loan repayment schedules, exact to the minor unit.
//!
//! A loan of principal `P` at an annual rate, repaid in `n` instalments, `per_year` of them a
//! year, from a start date (the first falls due one period after it). The periodic rate is
//! `r = annual / 100 / per_year`, kept as an exact fraction: nothing here touches a float.
//!
//! **Declining balance** (equal instalments): the instalment is `P·r / (1 − (1 + r)^−n)`,
//! computed exactly and rounded half away from zero to the minor unit (`P / n` when `r` is 0).
//! Each period's interest is the balance times `r`, rounded half away from zero; the rest of
//! the instalment repays principal; the last instalment repays whatever balance is left (so
//! the principal parts add up to `P` exactly) with that period's interest.
//!
//! **Flat**: the total interest is `P·r·n` rounded half away from zero; principal and interest
//! are each spread evenly (rounded down) and the last instalment takes both remainders.
//!
//! In both, the principal parts add up to `P` and the interest parts to the total interest,
//! exactly (property-tested below).

use jiff::civil::Date;
use num_bigint::BigUint;
use serde::Serialize;

use crate::parse::ParseError;
use crate::vocab::vocabulary;
use crate::{Currency, Money};

vocabulary!(
    /// How interest is charged.
    Method, "interest method", {
        Declining => "declining", "Declining balance (equal instalments)";
        Flat => "flat", "Flat rate";
    }
);

/// Most instalments a schedule has (a hundred years of monthly ones).
pub const MAX_INSTALMENTS: u32 = 1_200;
/// The periodicities a schedule may have: instalments a year.
pub const PER_YEAR: [u32; 8] = [1, 2, 3, 4, 6, 12, 26, 52];
/// The highest annual rate, in percent.
pub const MAX_RATE_PERCENT: u32 = 100;

/// An annual interest rate: `num / den` of one (`12.5 %` is `125 / 1000`).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Rate {
    num: u64,
    den: u64,
}

impl Rate {
    /// A percentage with at most four decimals, from 0 to [`MAX_RATE_PERCENT`].
    pub fn parse_percent(s: &str) -> Result<Rate, ParseError> {
        let t = s.trim();
        let bad = || {
            ParseError::new(format!(
                "\"{t}\" is not a yearly rate in percent from 0 to {MAX_RATE_PERCENT} with at most four decimals, such as 12 or 18.5"
            ))
        };
        let (whole, frac) = t.split_once('.').unwrap_or((t, ""));
        if whole.is_empty()
            || (whole.len() > 2 && whole != "100")
            || frac.len() > 4
            || (t.contains('.') && frac.is_empty())
            || !whole
                .bytes()
                .chain(frac.bytes())
                .all(|b| b.is_ascii_digit())
        {
            return Err(bad());
        }
        let scale = 10u64.pow(frac.len() as u32);
        let num = whole.parse::<u64>().map_err(|_| bad())? * scale
            + if frac.is_empty() {
                0
            } else {
                frac.parse::<u64>().map_err(|_| bad())?
            };
        if num > u64::from(MAX_RATE_PERCENT) * scale {
            return Err(bad());
        }
        Ok(Rate {
            num,
            den: scale * 100,
        })
    }

    /// No interest at all.
    pub const ZERO: Rate = Rate { num: 0, den: 100 };

    /// Whether the rate is zero.
    pub fn is_zero(&self) -> bool {
        self.num == 0
    }

    /// Whether the rate is above `percent` %, exactly.
    pub fn exceeds_percent(&self, percent: u32) -> bool {
        u128::from(self.num) * 100 > u128::from(percent) * u128::from(self.den)
    }

    /// The rate as a percentage, e.g. `12.5`.
    pub fn percent(&self) -> String {
        let scale = self.den / 100;
        let (whole, frac) = (self.num / scale, self.num % scale);
        if frac == 0 {
            whole.to_string()
        } else {
            let digits = scale.ilog10() as usize;
            let f = format!("{frac:0digits$}");
            format!("{whole}.{}", f.trim_end_matches('0'))
        }
    }
}

/// What a schedule is made from.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Terms {
    pub principal: Money,
    pub annual_rate: Rate,
    pub instalments: u32,
    pub per_year: u32,
    pub method: Method,
    pub start: Date,
}

/// One instalment: what falls due, and the principal still owed after it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Instalment {
    pub number: u32,
    pub due_date: Date,
    pub principal: Money,
    pub interest: Money,
    pub balance: Money,
}

impl Instalment {
    pub fn total(&self) -> Money {
        Money::new(
            self.principal.minor() + self.interest.minor(),
            self.principal.currency(),
        )
    }
}

/// A loan's repayment schedule.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Schedule {
    pub instalments: Vec<Instalment>,
    pub total_interest: Money,
}

/// Why terms make no schedule, naming the term.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("{field}: {reason}")]
pub struct TermsError {
    pub field: &'static str,
    pub reason: String,
}

fn refuse(field: &'static str, reason: impl Into<String>) -> TermsError {
    TermsError {
        field,
        reason: reason.into(),
    }
}

/// The largest amount a schedule holds, in minor units (as offers and payments).
const MAX_MINOR: i64 = 1_000_000_000_000_000;

/// `a / b` rounded half away from zero (both non-negative), as minor units.
fn round_div(a: &BigUint, b: &BigUint) -> Result<i64, TermsError> {
    let q = (a * 2u32 + b) / (b * 2u32);
    i64::try_from(&q)
        .ok()
        .filter(|v| *v <= MAX_MINOR)
        .ok_or_else(|| refuse("principal", "the amounts of this loan are too large"))
}

/// The due date of instalment `k` (1-based): `k` periods after the start.
fn due_date(start: Date, per_year: u32, k: u32) -> Result<Date, TermsError> {
    let span = if 12 % per_year == 0 {
        jiff::Span::new().months(i64::from(12 / per_year) * i64::from(k))
    } else {
        jiff::Span::new().days(i64::from(364 / per_year) * i64::from(k))
    };
    start.checked_add(span).map_err(|_| {
        refuse(
            "instalments",
            "the last instalment falls beyond the calendar",
        )
    })
}

/// Instalment `k`'s (principal, interest), given the balance before it.
type Parts = dyn Fn(u32, i64) -> Result<(i64, i64), TermsError>;

/// The schedule of `t`.
pub fn schedule(t: &Terms) -> Result<Schedule, TermsError> {
    let cur: Currency = t.principal.currency();
    if t.principal.minor() <= 0 {
        return Err(refuse("principal", "a loan's principal is above zero"));
    }
    if t.principal.minor() > MAX_MINOR {
        return Err(refuse(
            "principal",
            "the amounts of this loan are too large",
        ));
    }
    if !(1..=MAX_INSTALMENTS).contains(&t.instalments) {
        return Err(refuse(
            "instalments",
            format!("from 1 to {MAX_INSTALMENTS} instalments"),
        ));
    }
    if !PER_YEAR.contains(&t.per_year) {
        return Err(refuse(
            "per_year",
            format!(
                "instalments a year are one of {}",
                PER_YEAR.map(|p| p.to_string()).join(", ")
            ),
        ));
    }
    let n = t.instalments;
    let p = BigUint::from(t.principal.minor() as u64);
    // The periodic rate num / den.
    let num = BigUint::from(t.annual_rate.num);
    let den = BigUint::from(t.annual_rate.den) * t.per_year;
    let money = |m: i64| Money::new(m, cur);
    // Each instalment's part of principal, given the balance before it, and its interest.
    let parts: Box<Parts> = match t.method {
        Method::Declining => {
            let instalment = if t.annual_rate.num == 0 {
                round_div(&p, &BigUint::from(n))?
            } else {
                // P·r / (1 − (1 + r)^−n) = P·num·(den+num)^n / (den·((den+num)^n − den^n)).
                let grown = (&den + &num).pow(n);
                let base = den.pow(n);
                round_div(&(&p * &num * &grown), &(&den * (&grown - &base)))?
            };
            let (num, den) = (num.clone(), den.clone());
            Box::new(move |k, balance| {
                let interest = round_div(&(BigUint::from(balance as u64) * &num), &den)?;
                let principal = if k == n {
                    balance
                } else {
                    (instalment - interest).clamp(0, balance)
                };
                Ok((principal, interest))
            })
        }
        Method::Flat => {
            let total = round_div(&(&p * &num * n), &den)?;
            let (each_p, each_i) = (t.principal.minor() / i64::from(n), total / i64::from(n));
            Box::new(move |k, balance| {
                Ok(if k == n {
                    (balance, total - each_i * i64::from(n - 1))
                } else {
                    (each_p, each_i)
                })
            })
        }
    };
    let mut out = Vec::with_capacity(n as usize);
    let mut balance = t.principal.minor();
    let mut total_interest = 0i64;
    for k in 1..=n {
        let (principal, interest) = parts(k, balance)?;
        balance -= principal;
        total_interest += interest;
        out.push(Instalment {
            number: k,
            due_date: due_date(t.start, t.per_year, k)?,
            principal: money(principal),
            interest: money(interest),
            balance: money(balance),
        });
    }
    Ok(Schedule {
        instalments: out,
        total_interest: money(total_interest),
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    fn terms(principal: &str, cur: &str, rate: &str, n: u32, per_year: u32, m: Method) -> Terms {
        Terms {
            principal: Money::parse_plain(principal, Currency::parse(cur).unwrap()).unwrap(),
            annual_rate: Rate::parse_percent(rate).unwrap(),
            instalments: n,
            per_year,
            method: m,
            start: "2026-01-01".parse().unwrap(),
        }
    }

    #[test]
    fn a_declining_balance_loan_of_50000_rupees_at_12_percent_over_a_year() {
        let s = schedule(&terms("50000.00", "INR", "12", 12, 12, Method::Declining)).unwrap();
        // 50,000 × 0.01 / (1 − 1.01^−12) = 4,442.4394… → 4,442.44.
        let first = &s.instalments[0];
        assert_eq!(first.due_date.to_string(), "2026-02-01");
        assert_eq!(first.interest.to_decimal_string(), "500.00");
        assert_eq!(first.principal.to_decimal_string(), "3942.44");
        assert_eq!(first.balance.to_decimal_string(), "46057.56");
        for i in &s.instalments[..11] {
            assert_eq!(i.total().to_decimal_string(), "4442.44", "{i:?}");
        }
        let last = s.instalments.last().unwrap();
        assert_eq!(last.due_date.to_string(), "2027-01-01");
        assert_eq!(last.balance.minor(), 0);
        // The last instalment absorbs the rounding: within a few centavos of the others.
        assert!((last.total().minor() - 444_244).abs() <= 12, "{last:?}");
        assert_eq!(s.total_interest.to_decimal_string(), "3309.27");
    }

    #[test]
    fn a_flat_loan_spreads_principal_and_interest_and_the_last_takes_the_remainders() {
        let s = schedule(&terms("10000", "PHP", "24", 3, 12, Method::Flat)).unwrap();
        // 10,000 × 2 % × 3 = 600.00 interest; 3,333.33 + 3,333.33 + 3,333.34 principal.
        assert_eq!(s.total_interest.to_decimal_string(), "600.00");
        let parts: Vec<(String, String)> = s
            .instalments
            .iter()
            .map(|i| {
                (
                    i.principal.to_decimal_string(),
                    i.interest.to_decimal_string(),
                )
            })
            .collect();
        assert_eq!(
            parts,
            [
                ("3333.33".to_string(), "200.00".to_string()),
                ("3333.33".into(), "200.00".into()),
                ("3333.34".into(), "200.00".into())
            ]
        );
    }

    #[test]
    fn weekly_fortnightly_and_zero_rate_schedules() {
        let s = schedule(&terms("1000", "NPR", "0", 4, 52, Method::Declining)).unwrap();
        let dates: Vec<String> = s
            .instalments
            .iter()
            .map(|i| i.due_date.to_string())
            .collect();
        assert_eq!(
            dates,
            ["2026-01-08", "2026-01-15", "2026-01-22", "2026-01-29"]
        );
        assert!(s.instalments.iter().all(|i| i.interest.minor() == 0));
        assert_eq!(s.total_interest.minor(), 0);
        let s = schedule(&terms("1000", "JPY", "10", 3, 26, Method::Declining)).unwrap();
        assert_eq!(s.instalments[0].due_date.to_string(), "2026-01-15");
        assert_eq!(
            s.instalments
                .iter()
                .map(|i| i.principal.minor())
                .sum::<i64>(),
            1000
        );
    }

    #[test]
    fn bad_terms_name_the_term() {
        let ok = terms("1000", "PHP", "12", 12, 12, Method::Flat);
        let field = |t: Terms| schedule(&t).unwrap_err().field;
        assert_eq!(
            field(Terms {
                instalments: 0,
                ..ok.clone()
            }),
            "instalments"
        );
        assert_eq!(
            field(Terms {
                instalments: 1201,
                ..ok.clone()
            }),
            "instalments"
        );
        assert_eq!(
            field(Terms {
                per_year: 5,
                ..ok.clone()
            }),
            "per_year"
        );
        assert_eq!(
            field(Terms {
                principal: Money::new(0, Currency::PHP),
                ..ok.clone()
            }),
            "principal"
        );
        for bad in ["", "-1", "101", "12.", "1.23456", "12,5", "x"] {
            assert!(Rate::parse_percent(bad).is_err(), "{bad}");
        }
        assert_eq!(Rate::parse_percent("18.5").unwrap().percent(), "18.5");
        assert_eq!(Rate::parse_percent("100").unwrap().percent(), "100");
    }

    proptest! {
        #[test]
        fn schedules_repay_the_principal_exactly_and_their_interest_adds_up(
            principal in 1i64..1_000_000_000,
            rate_bp in 0u64..=10_000,
            n in 1u32..=120,
            per_year in prop::sample::select(PER_YEAR.to_vec()),
            flat in any::<bool>(),
        ) {
            let t = Terms {
                principal: Money::new(principal, Currency::PHP),
                annual_rate: Rate::parse_percent(&format!("{}.{:02}", rate_bp / 100, rate_bp % 100)).unwrap(),
                instalments: n,
                per_year,
                method: if flat { Method::Flat } else { Method::Declining },
                start: "2026-01-31".parse().unwrap(),
            };
            let s = schedule(&t).unwrap();
            prop_assert_eq!(s.instalments.len(), n as usize);
            let principal_sum: i64 = s.instalments.iter().map(|i| i.principal.minor()).sum();
            let interest_sum: i64 = s.instalments.iter().map(|i| i.interest.minor()).sum();
            prop_assert_eq!(principal_sum, principal);
            prop_assert_eq!(interest_sum, s.total_interest.minor());
            prop_assert_eq!(s.instalments.last().unwrap().balance.minor(), 0);
            let mut before = principal;
            let mut due = t.start;
            for i in &s.instalments {
                prop_assert!(i.principal.minor() >= 0 && i.interest.minor() >= 0);
                prop_assert_eq!(i.balance.minor(), before - i.principal.minor());
                prop_assert!(i.due_date > due);
                before = i.balance.minor();
                due = i.due_date;
            }
            if !flat && n > 1 {
                // Equal instalments but the last.
                let first = s.instalments[0].total();
                prop_assert!(s.instalments[..n as usize - 1].iter().all(|i| i.total() == first || i.principal.minor() == 0 || i.balance.minor() == 0));
            }
        }
    }
}
