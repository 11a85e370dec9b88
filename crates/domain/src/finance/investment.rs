//! Community investment: an organization opens an offer — a purpose, a target, a minimum
//! ticket, a capped return or none, a term, a currency — and investors commit to it, overseas
//! workers among them in the currency they earn, at an exchange rate recorded when they commit.
//! The organization repays the principal with the return on a schedule; investors see their
//! position, the organization its liabilities. No money moves here: receipts and repayments
//! are recorded, as everywhere else.
//!
//! # Rounding
//!
//! All amounts are whole minor units; nothing touches a float.
//!
//! - **Exchange** ([`FxRate::convert`]): an amount of `m` minor units of a currency with `a`
//!   decimals, at a rate of `num / 10^s` units of the other currency (with `b` decimals) for
//!   one unit, is `m · num · 10^b / (10^s · 10^a)` minor units of the other, computed exactly
//!   and rounded once, **half away from zero**, to its minor unit. So ¥10,000 at 0.3871 is
//!   ₱3,871.00 exactly, and ₱0.15 at 1 is ¥0.15 → ¥0 while ₱0.50 at 1 is ¥1.
//! - **Return** ([`schedule`]): a simple (flat) return on the sum invested, the norm for
//!   community shares and bonds: `amount × annual rate × term_months / 12`, rounded half away
//!   from zero once, by [`loan::schedule`] with [`Method::Flat`]; principal and return are
//!   each spread evenly (rounded down) and the last instalment takes both remainders, so the
//!   principal parts add up to the amount and the return parts to the total, exactly.
//! - **Repayments** ([`record_repayment`], [`position`]) are applied, in the order they were
//!   made, first to the return fallen due and unpaid, then to the principal outstanding, and
//!   only then to the return not yet due (an early, complete pay-off owes the investor the
//!   return as agreed). More than the principal outstanding plus the return still scheduled
//!   is refused.

use std::collections::BTreeMap;
use std::fmt;

use jiff::civil::Date;
use serde::{Deserialize, Serialize, Serializer};

use super::book::{Numbers, MAX_AMOUNT};
use super::loan::{self, Instalment, Method, Rate, Terms, MAX_INSTALMENTS, PER_YEAR};
use super::portfolio::{allocate, Owed};
use crate::money::MoneyError;
use crate::parse::{quote, ParseError};
use crate::text::Shape;
use crate::validate::Collector;
use crate::{Conflict, Currency, Invalid, Money};

/// The longest purpose of an offer.
pub const MAX_PURPOSE: usize = 500;
/// The highest yearly return an offer may promise, in percent: community investment pays a
/// capped return (and often none), never a speculative one.
pub const MAX_RETURN_PERCENT: u32 = 20;
/// The longest term, in months (thirty years).
pub const MAX_TERM_MONTHS: u32 = 360;
/// The longest note on where an exchange rate came from.
pub const MAX_FX_SOURCE: usize = 200;
/// Most decimals an exchange rate is written with.
pub const MAX_FX_DECIMALS: u32 = 10;
/// The largest exchange rate, in units of one currency for one of the other: more than any
/// pair of currencies in use (a Kuwaiti dinar buys about 300,000 Lebanese pounds), small
/// enough that a rate typed the wrong way round is caught more often than not.
pub const MAX_FX_RATE: u64 = 10_000_000;

/// An offer as sent: amounts are decimals in major units of the offer's currency.
#[derive(Debug, Clone, Default, Deserialize, Serialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(deny_unknown_fields)]
pub struct OfferInput {
    /// What the money is for, 1 to 500 characters.
    #[cfg_attr(feature = "openapi", schema(schema_with = crate::openapi::opt_paragraph_2000))]
    pub purpose: Option<String>,
    /// The ISO 4217 code of the offer's currency, in which it is repaid.
    #[cfg_attr(feature = "openapi", schema(schema_with = crate::openapi::opt_currency))]
    pub currency: Option<String>,
    /// How much the organization raises at most.
    #[cfg_attr(feature = "openapi", schema(schema_with = crate::openapi::opt_amount))]
    pub target: Option<String>,
    /// The smallest commitment taken.
    #[cfg_attr(feature = "openapi", schema(schema_with = crate::openapi::opt_amount))]
    pub min_ticket: Option<String>,
    /// The yearly return in percent, at most [`MAX_RETURN_PERCENT`]; absent, empty or 0: none.
    pub return_rate: Option<String>,
    #[serde(default, deserialize_with = "crate::parse::whole::option")]
    #[cfg_attr(feature = "openapi", schema(minimum = 1, maximum = 360))]
    pub term_months: Option<u32>,
    /// Repayments a year, one of [`PER_YEAR`].
    #[serde(default, deserialize_with = "crate::parse::whole::option")]
    #[cfg_attr(feature = "openapi", schema(minimum = 1, maximum = 52))]
    pub per_year: Option<u32>,
    /// The last day commitments are taken (YYYY-MM-DD).
    #[cfg_attr(feature = "openapi", schema(schema_with = crate::openapi::opt_date))]
    pub closes_on: Option<String>,
    /// The day the repayment periods count from (the first falls due one period later); the
    /// closing day when left out.
    #[cfg_attr(feature = "openapi", schema(schema_with = crate::openapi::opt_date))]
    pub repayments_start: Option<String>,
}

/// An offer, checked.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Offer {
    pub purpose: String,
    pub currency: Currency,
    pub target: Money,
    pub min_ticket: Money,
    /// `None`: no return, the principal only is repaid.
    #[serde(serialize_with = "percent")]
    pub return_rate: Option<Rate>,
    pub term_months: u32,
    pub per_year: u32,
    pub closes_on: Date,
    pub repayments_start: Date,
}

fn percent<S: Serializer>(r: &Option<Rate>, s: S) -> Result<S::Ok, S::Error> {
    match r {
        Some(r) => s.serialize_some(&r.percent()),
        None => s.serialize_none(),
    }
}

/// Whole months a period of `per_year` repayments a year fits into: a term is a multiple.
fn months_step(per_year: u32) -> u32 {
    fn gcd(a: u32, b: u32) -> u32 {
        if b == 0 {
            a
        } else {
            gcd(b, a % b)
        }
    }
    12 / gcd(12, per_year)
}

/// An amount above zero and at most [`MAX_AMOUNT`] minor units, as `numbers` says amounts are
/// written; `None` when missing or refused (the reason recorded under `field`).
fn positive_amount(
    c: &mut Collector,
    field: &str,
    s: Option<&str>,
    cur: Currency,
    numbers: Numbers,
) -> Option<Money> {
    let Some(s) = s.filter(|s| !s.trim().is_empty()) else {
        c.push(field, "is required");
        return None;
    };
    let parsed = match numbers {
        Numbers::Plain => Money::parse_plain(s, cur),
        Numbers::Written => Money::parse_decimal(s, cur),
    };
    match parsed {
        Err(e) => {
            c.push(field, e.reason());
            None
        }
        Ok(m) if m.minor() <= 0 => {
            c.push(field, "must be more than zero");
            None
        }
        Ok(m) if m.minor() > MAX_AMOUNT => {
            c.push(
                field,
                format!("may be at most {}", Money::new(MAX_AMOUNT, cur)),
            );
            None
        }
        Ok(m) => Some(m),
    }
}

/// A required currency code.
fn currency(c: &mut Collector, field: &str, s: Option<&str>) -> Option<Currency> {
    match s.filter(|s| !s.trim().is_empty()) {
        None => {
            c.push(field, "is required");
            None
        }
        Some(s) => c.take(field, Currency::parse(s)),
    }
}

impl Offer {
    /// Checks an offer sent on `today` (the organization's date). Every problem is reported
    /// with its field; no offer is made of an input with one.
    pub fn parse(input: &OfferInput, numbers: Numbers, today: Date) -> Result<Offer, Invalid> {
        let mut c = Collector::new();
        let purpose = c.required_text(
            "purpose",
            input.purpose.as_deref(),
            Shape::Paragraph,
            MAX_PURPOSE,
        );
        let cur = currency(&mut c, "currency", input.currency.as_deref());
        // Amounts are read in the currency's decimals: without one, nothing more to say.
        let (target, min_ticket) = match cur {
            Some(cur) => (
                positive_amount(&mut c, "target", input.target.as_deref(), cur, numbers),
                positive_amount(
                    &mut c,
                    "min_ticket",
                    input.min_ticket.as_deref(),
                    cur,
                    numbers,
                ),
            ),
            None => (None, None),
        };
        if let (Some(t), Some(m)) = (target, min_ticket) {
            if m.minor() > t.minor() {
                c.push(
                    "min_ticket",
                    format!("may not be more than the target ({t})"),
                );
            }
        }
        let return_rate = match input.return_rate.as_deref() {
            None => Some(None),
            Some(s) if s.trim().is_empty() => Some(None),
            Some(s) if numbers == Numbers::Plain && s.trim() != s => {
                c.push("return_rate", "a rate in plain digits, such as 5 or 4.5");
                None
            }
            Some(s) => match Rate::parse_percent(s) {
                Ok(r) if r.exceeds_percent(MAX_RETURN_PERCENT) => {
                    c.push(
                        "return_rate",
                        format!(
                            "{} % is above the cap: a community investment returns at most {MAX_RETURN_PERCENT} % a year",
                            r.percent()
                        ),
                    );
                    None
                }
                Ok(r) if r.is_zero() => Some(None),
                Ok(r) => Some(Some(r)),
                Err(e) => {
                    c.push("return_rate", e.reason());
                    None
                }
            },
        };
        let term_months = match input.term_months {
            None => {
                c.push("term_months", "is required");
                None
            }
            Some(t) if !(1..=MAX_TERM_MONTHS).contains(&t) => {
                c.push(
                    "term_months",
                    format!("a term is from 1 to {MAX_TERM_MONTHS} months"),
                );
                None
            }
            Some(t) => Some(t),
        };
        let per_year = match input.per_year {
            None => {
                c.push("per_year", "is required");
                None
            }
            Some(p) if !PER_YEAR.contains(&p) => {
                c.push(
                    "per_year",
                    format!(
                        "repayments a year are one of {}",
                        PER_YEAR.map(|p| p.to_string()).join(", ")
                    ),
                );
                None
            }
            Some(p) => Some(p),
        };
        if let (Some(t), Some(p)) = (term_months, per_year) {
            let step = months_step(p);
            if !t.is_multiple_of(step) {
                c.push(
                    "term_months",
                    format!(
                        "{t} months is not a whole number of periods at {p} repayments a year: use a multiple of {step} months"
                    ),
                );
            } else if t * p / 12 > MAX_INSTALMENTS {
                c.push(
                    "term_months",
                    format!(
                        "{t} months at {p} repayments a year make {} repayments, more than {MAX_INSTALMENTS}",
                        t * p / 12
                    ),
                );
            }
        }
        let closes_on = match input.closes_on.as_deref().filter(|s| !s.trim().is_empty()) {
            None => {
                c.push("closes_on", "is required");
                None
            }
            Some(s) => match c.optional_date("closes_on", Some(s)) {
                Some(d) if d < today => {
                    c.push(
                        "closes_on",
                        format!("{d} is before today ({today}): an offer closes on a day to come"),
                    );
                    None
                }
                d => d,
            },
        };
        let start = c.optional_date(
            "repayments_start",
            input
                .repayments_start
                .as_deref()
                .filter(|s| !s.trim().is_empty()),
        );
        if let (Some(s), Some(close)) = (start, closes_on) {
            if s < close {
                c.push(
                    "repayments_start",
                    format!("{s} is before the offer closes ({close}): repayments count from when the money is in"),
                );
            }
        }
        c.finish()?;
        let closes_on = closes_on.expect("checked above");
        let offer = Offer {
            purpose: purpose.expect("checked above"),
            currency: cur.expect("checked above"),
            target: target.expect("checked above"),
            min_ticket: min_ticket.expect("checked above"),
            return_rate: return_rate.expect("checked above"),
            term_months: term_months.expect("checked above"),
            per_year: per_year.expect("checked above"),
            closes_on,
            repayments_start: start.unwrap_or(closes_on),
        };
        // The schedule of the whole target: its last date is in the calendar, and so are those
        // of every commitment, which is at most the target.
        schedule(&offer, offer.target, offer.repayments_start).map_err(|e| {
            Invalid::field(
                "repayments_start",
                e.errors.first().map_or(String::new(), |e| e.reason.clone()),
            )
        })?;
        Ok(offer)
    }

    /// How many repayments a commitment gets: `term_months × per_year / 12`.
    pub fn instalments(&self) -> u32 {
        self.term_months * self.per_year / 12
    }

    fn terms(&self, principal: Money, start: Date) -> Terms {
        Terms {
            principal,
            annual_rate: self.return_rate.unwrap_or(Rate::ZERO),
            instalments: self.instalments(),
            per_year: self.per_year,
            method: Method::Flat,
            start,
        }
    }
}

/// The repayments of a commitment of `amount` (the offer's currency, above zero, at most the
/// target) to an offer: the principal and a flat return, `offer.instalments()` of them, the
/// first one period after `start` (usually `offer.repayments_start`). Refused, naming
/// `amount` or `start`, for an amount out of range or a last date beyond the calendar.
pub fn schedule(offer: &Offer, amount: Money, start: Date) -> Result<Vec<Instalment>, Invalid> {
    if amount.currency() != offer.currency {
        return Err(Invalid::field(
            "amount",
            format!(
                "is in {}; the offer is in {}",
                amount.currency(),
                offer.currency
            ),
        ));
    }
    if amount.minor() <= 0 || amount.minor() > offer.target.minor() {
        return Err(Invalid::field(
            "amount",
            format!("is from more than zero to the target ({})", offer.target),
        ));
    }
    loan::schedule(&offer.terms(amount, start))
        .map(|s| s.instalments)
        .map_err(|e| {
            let field = if e.field == "instalments" {
                "start"
            } else {
                "amount"
            };
            Invalid::field(field, e.reason)
        })
}

/// An exchange rate, exactly as recorded: so many units of the offer's currency for one unit
/// of the investor's. Held as `num / 10^scale` in its shortest form (`0.38710` is `0.3871`),
/// which is how it is shown back.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub struct FxRate {
    num: u64,
    scale: u32,
}

impl FxRate {
    /// One for one: an amount in the offer's own currency.
    pub const ONE: FxRate = FxRate { num: 1, scale: 0 };

    /// A rate written as a decimal (`0.3871`), above zero, at most [`MAX_FX_RATE`], with at
    /// most [`MAX_FX_DECIMALS`] decimals; surrounding spaces ignored.
    pub fn parse(s: &str) -> Result<FxRate, ParseError> {
        let t = s.trim();
        let bad = || {
            ParseError::new(format!(
                "{} is not an exchange rate: expected a number above zero with at most {MAX_FX_DECIMALS} decimals, such as 0.3871",
                quote(t)
            ))
        };
        let too_large = || {
            ParseError::new(format!(
                "{} is more than {MAX_FX_RATE} for one: check that the rate is the offer's currency for one unit of the investor's, not the other way round",
                quote(t)
            ))
        };
        let (whole, frac) = t.split_once('.').unwrap_or((t, ""));
        if whole.is_empty()
            || (t.contains('.') && frac.is_empty())
            || frac.len() > MAX_FX_DECIMALS as usize
            || !whole
                .bytes()
                .chain(frac.bytes())
                .all(|b| b.is_ascii_digit())
        {
            return Err(bad());
        }
        let digits = whole.trim_start_matches('0');
        // Eight digits bound the whole part far above the largest rate, and `num` inside u64.
        if digits.len() > 8 {
            return Err(too_large());
        }
        let read = |d: &str| {
            if d.is_empty() {
                Ok(0)
            } else {
                d.parse::<u64>()
            }
        };
        let mut scale = frac.len() as u32;
        let mut num =
            read(digits).map_err(|_| bad())? * 10u64.pow(scale) + read(frac).map_err(|_| bad())?;
        if num == 0 {
            return Err(ParseError::new(format!(
                "{} is not an exchange rate: it must be above zero",
                quote(t)
            )));
        }
        if num > MAX_FX_RATE * 10u64.pow(scale) {
            return Err(too_large());
        }
        while scale > 0 && num.is_multiple_of(10) {
            num /= 10;
            scale -= 1;
        }
        Ok(FxRate { num, scale })
    }

    /// Whether the rate is exactly one.
    pub fn is_one(&self) -> bool {
        *self == FxRate::ONE
    }

    /// `amount` in `to`, at this rate: `m · num · 10^b / (10^scale · 10^a)` minor units
    /// (`a`, `b` the two currencies' decimals), exact, then rounded half away from zero to
    /// `to`'s minor unit. Refused ([`MoneyError::Overflow`]) only when the result does not fit
    /// an amount.
    pub fn convert(&self, amount: Money, to: Currency) -> Result<Money, MoneyError> {
        let from_places = u32::from(amount.currency().exponent());
        let to_places = u32::from(to.exponent());
        // |m| < 2^63, num ≤ 10^18, 10^b ≤ 10^4: the numerator overflows i128 only when the
        // quotient (numerator / at most 10^14) is far beyond i64 anyway.
        let n = i128::from(amount.minor())
            .checked_mul(i128::from(self.num))
            .and_then(|v| v.checked_mul(10i128.pow(to_places)))
            .ok_or(MoneyError::Overflow)?;
        let d = 10i128.pow(self.scale + from_places);
        let (q, r) = (n.abs() / d, n.abs() % d);
        let q = if r >= d - r { q + 1 } else { q };
        let q = if n < 0 { -q } else { q };
        i64::try_from(q)
            .map(|m| Money::new(m, to))
            .map_err(|_| MoneyError::Overflow)
    }
}

impl fmt::Display for FxRate {
    /// The decimal it was written as, in its shortest form: `0.3871`, `57.5`, `1`.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        if self.scale == 0 {
            return write!(f, "{}", self.num);
        }
        let p = 10u64.pow(self.scale);
        let width = self.scale as usize;
        write!(f, "{}.{:0width$}", self.num / p, self.num % p)
    }
}

impl Serialize for FxRate {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.collect_str(self)
    }
}

/// A commitment as sent by the investor (or by whoever records it for them).
#[derive(Debug, Clone, Default, Deserialize, Serialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(deny_unknown_fields)]
pub struct CommitmentInput {
    /// In major units of `currency`: what the investor sends.
    #[cfg_attr(feature = "openapi", schema(schema_with = crate::openapi::opt_amount))]
    pub amount: Option<String>,
    /// The investor's currency (their remittance currency), which may be the offer's.
    #[cfg_attr(feature = "openapi", schema(schema_with = crate::openapi::opt_currency))]
    pub currency: Option<String>,
    /// Units of the offer's currency for one of the investor's, when it is not the offer's
    /// (then 1, which may be left out).
    pub fx_rate: Option<String>,
    /// Where the rate comes from, e.g. "BSP reference rate 2026-06-01".
    #[cfg_attr(feature = "openapi", schema(schema_with = crate::openapi::opt_line_200))]
    pub fx_source: Option<String>,
}

/// A commitment, checked: what the store records.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Commitment {
    /// What the investor sends, in their currency.
    pub remitted: Money,
    /// The rate recorded when they committed; repayments are in the offer's currency and
    /// never converted back at another rate here.
    pub fx: FxRate,
    /// Empty when none was said.
    pub fx_source: String,
    /// `remitted` converted at `fx`: what counts towards the target and is repaid.
    pub amount: Money,
}

/// Why a commitment or a repayment is refused: the input (422, naming fields), or what is
/// recorded (409).
#[derive(Debug, Clone, PartialEq, thiserror::Error)]
pub enum Refusal {
    #[error(transparent)]
    Invalid(#[from] Invalid),
    #[error(transparent)]
    Conflict(#[from] Conflict),
}

/// Checks a commitment to `offer` made on `today`, given the sum already committed to it (minor
/// units of the offer's currency) and whether the organization closed it early.
///
/// Refused: a closed offer ([`Conflict::InvestmentClosed`]) before anything else is read; the
/// fields (`amount`, `currency`, `fx_rate`, `fx_source`); an amount that converts to less than
/// the minimum ticket (`amount`) — unless it is exactly what is left of the target, so an offer
/// can be filled to the last unit; and an amount beyond what is left of the target
/// ([`Conflict::TargetReached`]). The last is a conflict, not a field error, because what is
/// left depends on the other investors' commitments, recorded or arriving at the same moment:
/// the store checks it again under its lock, and the same amount may pass a minute earlier.
pub fn commit(
    offer: &Offer,
    already_committed: i64,
    closed: bool,
    input: &CommitmentInput,
    numbers: Numbers,
    today: Date,
) -> Result<Commitment, Refusal> {
    if closed || today > offer.closes_on {
        return Err(Conflict::InvestmentClosed.into());
    }
    let mut c = Collector::new();
    let cur = currency(&mut c, "currency", input.currency.as_deref());
    let remitted = cur
        .and_then(|cur| positive_amount(&mut c, "amount", input.amount.as_deref(), cur, numbers));
    let fx_text = input.fx_rate.as_deref().filter(|s| !s.trim().is_empty());
    let fx = match (cur, fx_text) {
        (_, Some(s)) if numbers == Numbers::Plain && s.trim() != s => {
            c.push("fx_rate", "a rate in plain digits, such as 0.3871");
            None
        }
        (Some(cur), None) if cur == offer.currency => Some(FxRate::ONE),
        (Some(cur), None) => {
            c.push(
                "fx_rate",
                format!(
                    "is required: how many {} one {cur} was worth when the commitment was made",
                    offer.currency
                ),
            );
            None
        }
        (None, None) => None,
        (cur, Some(s)) => match FxRate::parse(s) {
            Ok(r) if cur == Some(offer.currency) && !r.is_one() => {
                c.push(
                    "fx_rate",
                    format!(
                        "must be 1: the amount is in the offer's own currency, {}",
                        offer.currency
                    ),
                );
                None
            }
            Ok(r) => Some(r),
            Err(e) => {
                c.push("fx_rate", e.reason());
                None
            }
        },
    };
    let fx_source = c
        .optional_text(
            "fx_source",
            input.fx_source.as_deref(),
            Shape::Line,
            MAX_FX_SOURCE,
        )
        .unwrap_or_default();
    c.finish()?;
    let (Some(remitted), Some(fx)) = (remitted, fx) else {
        unreachable!("a missing amount or rate was recorded as an error above")
    };
    let left = Money::new(
        (offer.target.minor() - already_committed.max(0)).max(0),
        offer.currency,
    );
    // Beyond i64 is beyond any target.
    let amount = fx
        .convert(remitted, offer.currency)
        .map_err(|_| Conflict::TargetReached { left })?;
    if amount.minor() < offer.min_ticket.minor() && amount != left {
        return Err(Invalid::field(
            "amount",
            if fx.is_one() {
                format!("is below the minimum of {}", offer.min_ticket)
            } else {
                format!(
                    "is {amount} at {fx}, below the minimum of {}",
                    offer.min_ticket
                )
            },
        )
        .into());
    }
    if amount.minor() > left.minor() {
        return Err(Conflict::TargetReached { left }.into());
    }
    Ok(Commitment {
        remitted,
        fx,
        fx_source,
        amount,
    })
}

/// A commitment and what was recorded of it: the money received from the investor and the
/// repayments made to them.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Holding {
    pub commitment: Commitment,
    /// The day the organization recorded the whole amount as received; `None` while it waits.
    pub received_on: Option<Date>,
    /// Repayments to the investor: (day, minor units of the offer's currency).
    pub repayments: Vec<(Date, i64)>,
}

/// A repayment, split.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
pub struct RepaymentParts {
    /// Paid to the return: what fell due first, then (on an early pay-off) what was to come.
    pub to_return: Money,
    pub to_principal: Money,
}

/// What falls due next.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
pub struct Due {
    pub date: Date,
    pub amount: Money,
}

/// An investor's commitment as at a date. Amounts in the offer's currency but `remitted`.
/// Always `committed = awaiting + principal_repaid + principal_outstanding`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Position {
    pub committed: Money,
    /// What the investor sends, in their currency, at `fx`.
    pub remitted: Money,
    pub fx: FxRate,
    pub received_on: Option<Date>,
    /// `committed` once received, else zero.
    pub paid_in: Money,
    /// Committed and not yet received.
    pub awaiting: Money,
    pub principal_repaid: Money,
    /// Received and not yet repaid: what the organization owes.
    pub principal_outstanding: Money,
    /// The return the schedule promises over the whole term.
    pub return_total: Money,
    pub return_paid: Money,
    /// The return scheduled from the date to a year later (the date included, the day a year
    /// on not), less what was paid of it in advance.
    pub return_next_12_months: Money,
    /// The first instalment, due on the date or later, not yet covered; what of it is left.
    pub next_due: Option<Due>,
    /// Principal and return fallen due before the date and not paid.
    pub overdue: Money,
}

/// The money of a holding replayed up to a day.
struct Replayed {
    schedule: Vec<Instalment>,
    received: bool,
    principal_repaid: i64,
    return_paid: i64,
    return_total: i64,
}

/// Splits `amount` paid on `on`: the return due and unpaid, then the principal outstanding,
/// then the return not yet due. `Err` with everything still owed when it is more.
fn split(r: &Replayed, principal_out: i64, on: Date, amount: i64) -> Result<(i64, i64), i64> {
    let return_due: i64 = r
        .schedule
        .iter()
        .filter(|i| i.due_date <= on)
        .map(|i| i.interest.minor())
        .sum();
    let due_unpaid = (return_due - r.return_paid).max(0);
    let ahead = r.return_total - r.return_paid - due_unpaid;
    // Fees carry nothing; "principal" takes the principal and then the return ahead.
    let a = allocate(
        amount,
        Owed {
            fees: 0,
            interest: due_unpaid,
            outstanding_principal: principal_out + ahead,
        },
    )
    .map_err(|o| o.owed)?;
    let principal = a.principal.min(principal_out);
    Ok((a.interest + a.principal - principal, principal))
}

fn replay(offer: &Offer, h: &Holding, day: Date) -> Result<Replayed, Invalid> {
    let amount = h.commitment.amount;
    let schedule = schedule(offer, amount, offer.repayments_start)?;
    let received_on = h.received_on.filter(|d| *d <= day);
    let mut r = Replayed {
        return_total: schedule.iter().map(|i| i.interest.minor()).sum(),
        schedule,
        received: received_on.is_some(),
        principal_repaid: 0,
        return_paid: 0,
    };
    let mut repayments: Vec<&(Date, i64)> = h.repayments.iter().filter(|p| p.0 <= day).collect();
    repayments.sort_by_key(|p| p.0);
    for &&(on, paid) in &repayments {
        if received_on.is_none_or(|d| on < d) {
            return Err(Invalid::field(
                "repayments",
                format!(
                    "the repayment of {on} is recorded before the investor's money was received"
                ),
            ));
        }
        let (to_return, to_principal) = split(&r, amount.minor() - r.principal_repaid, on, paid)
            .map_err(|owed| {
                Invalid::field(
                    "repayments",
                    format!(
                        "the repayment of {on} is more than was owed then ({})",
                        Money::new(owed, offer.currency)
                    ),
                )
            })?;
        r.return_paid += to_return;
        r.principal_repaid += to_principal;
    }
    Ok(r)
}

/// `h`'s position as at the end of `day`: only what was received and repaid by then counts, so
/// any past position is reproduced from the same records. Refused, naming `repayments`, when
/// the records are not consistent (a repayment before the money came, or beyond what was owed).
pub fn position(offer: &Offer, h: &Holding, day: Date) -> Result<Position, Invalid> {
    let r = replay(offer, h, day)?;
    let cur = offer.currency;
    let money = |m: i64| Money::new(m, cur);
    let committed = h.commitment.amount.minor();
    let paid_in = if r.received { committed } else { 0 };
    let principal_outstanding = paid_in - r.principal_repaid;
    // Nothing falls due to an investor whose money has not come.
    let (mut overdue, mut next_due, mut next_year) = (0i64, None, 0i64);
    if r.received {
        let covered = r.principal_repaid + r.return_paid;
        let year_on = day
            .checked_add(jiff::Span::new().years(1))
            .unwrap_or(Date::MAX);
        let mut cumulative = 0i64;
        let mut return_due_before = 0i64;
        for i in &r.schedule {
            let total = i.total().minor();
            cumulative += total;
            if i.due_date < day {
                overdue += total;
                return_due_before += i.interest.minor();
            } else {
                if next_due.is_none() && cumulative > covered {
                    next_due = Some(Due {
                        date: i.due_date,
                        amount: money((cumulative - covered).min(total)),
                    });
                }
                if i.due_date < year_on {
                    next_year += i.interest.minor();
                }
            }
        }
        overdue = (overdue - covered).max(0);
        let return_ahead = (r.return_paid - return_due_before).max(0);
        next_year = (next_year - return_ahead).max(0);
    }
    Ok(Position {
        committed: h.commitment.amount,
        remitted: h.commitment.remitted,
        fx: h.commitment.fx,
        received_on: h.received_on.filter(|d| *d <= day),
        paid_in: money(paid_in),
        awaiting: money(committed - paid_in),
        principal_repaid: money(r.principal_repaid),
        principal_outstanding: money(principal_outstanding),
        return_total: money(r.return_total),
        return_paid: money(r.return_paid),
        return_next_12_months: money(next_year),
        next_due,
        overdue: money(overdue),
    })
}

/// Checks a repayment of `amount` to the investor of `h`, made on `on`, and splits it (see the
/// module's rounding section for the order).
///
/// Refused: an amount not above zero, in another currency, or more than the principal
/// outstanding and the return still scheduled (`amount`, saying how much is owed); a day
/// before the investor's money was received or before the last repayment recorded
/// (`paid_on`: repayments are recorded in the order they were made, so no split shown changes
/// afterwards); and any repayment while the money has not been received at all
/// ([`Conflict::NotPaidIn`]) — a clash with what is recorded, settled by recording the receipt
/// first, not by changing the repayment.
pub fn record_repayment(
    offer: &Offer,
    h: &Holding,
    on: Date,
    amount: Money,
) -> Result<RepaymentParts, Refusal> {
    if amount.currency() != offer.currency {
        return Err(Invalid::field(
            "amount",
            format!(
                "is in {}: repayments are in the offer's currency, {}",
                amount.currency(),
                offer.currency
            ),
        )
        .into());
    }
    if amount.minor() <= 0 {
        return Err(Invalid::field("amount", "must be more than zero").into());
    }
    let Some(received) = h.received_on else {
        return Err(Conflict::NotPaidIn.into());
    };
    if on < received {
        return Err(Invalid::field(
            "paid_on",
            format!("{on} is before the investor's money was received ({received})"),
        )
        .into());
    }
    if let Some(last) = h.repayments.iter().map(|p| p.0).max() {
        if on < last {
            return Err(Invalid::field(
                "paid_on",
                format!("{on} is before the last repayment recorded ({last}): record repayments in the order they were made"),
            )
            .into());
        }
    }
    let r = replay(offer, h, on)?;
    let principal_out = h.commitment.amount.minor() - r.principal_repaid;
    let (to_return, to_principal) =
        split(&r, principal_out, on, amount.minor()).map_err(|owed| {
            Invalid::field(
                "amount",
                format!(
                    "is more than is still owed to the investor: {}",
                    Money::new(owed, offer.currency)
                ),
            )
        })?;
    Ok(RepaymentParts {
        to_return: Money::new(to_return, offer.currency),
        to_principal: Money::new(to_principal, offer.currency),
    })
}

/// What an organization owes its investors in one currency, as at a date: the sums of its
/// commitments' positions.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Liabilities {
    pub currency: Currency,
    pub commitments: usize,
    pub committed: Money,
    pub received: Money,
    pub awaiting: Money,
    pub principal_repaid: Money,
    pub principal_outstanding: Money,
    pub return_paid: Money,
    pub return_next_12_months: Money,
    pub overdue: Money,
}

/// The organization's liabilities from its commitments' positions (all as at one date), one
/// line per currency, by currency code. Refused only when a sum does not fit an amount.
pub fn liabilities(positions: &[Position]) -> Result<Vec<Liabilities>, MoneyError> {
    let mut by: BTreeMap<Currency, Liabilities> = BTreeMap::new();
    for p in positions {
        let cur = p.committed.currency();
        let zero = Money::zero(cur);
        let l = by.entry(cur).or_insert(Liabilities {
            currency: cur,
            commitments: 0,
            committed: zero,
            received: zero,
            awaiting: zero,
            principal_repaid: zero,
            principal_outstanding: zero,
            return_paid: zero,
            return_next_12_months: zero,
            overdue: zero,
        });
        l.commitments += 1;
        l.committed = l.committed.checked_add(p.committed)?;
        l.received = l.received.checked_add(p.paid_in)?;
        l.awaiting = l.awaiting.checked_add(p.awaiting)?;
        l.principal_repaid = l.principal_repaid.checked_add(p.principal_repaid)?;
        l.principal_outstanding = l
            .principal_outstanding
            .checked_add(p.principal_outstanding)?;
        l.return_paid = l.return_paid.checked_add(p.return_paid)?;
        l.return_next_12_months = l
            .return_next_12_months
            .checked_add(p.return_next_12_months)?;
        l.overdue = l.overdue.checked_add(p.overdue)?;
    }
    Ok(by.into_values().collect())
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    fn d(s: &str) -> Date {
        s.parse().unwrap()
    }
    fn cur(code: &str) -> Currency {
        Currency::parse(code).unwrap()
    }
    fn m(s: &str, code: &str) -> Money {
        Money::parse_plain(s, cur(code)).unwrap()
    }
    fn today() -> Date {
        d("2026-06-01")
    }

    /// A cooperative's ₱500,000 for a rice mill: 6 % a year over two years, paid quarterly.
    fn offer_input() -> OfferInput {
        OfferInput {
            purpose: Some("  A rice mill for the Ilaw farmers' cooperative  ".into()),
            currency: Some("PHP".into()),
            target: Some("500000".into()),
            min_ticket: Some("5000".into()),
            return_rate: Some("6".into()),
            term_months: Some(24),
            per_year: Some(4),
            closes_on: Some("2026-06-30".into()),
            repayments_start: Some("2026-07-01".into()),
        }
    }
    fn offer() -> Offer {
        Offer::parse(&offer_input(), Numbers::Plain, today()).unwrap()
    }
    fn fields(input: OfferInput) -> Vec<String> {
        match Offer::parse(&input, Numbers::Plain, today()) {
            Ok(_) => vec![],
            Err(e) => e.errors.into_iter().map(|e| e.field).collect(),
        }
    }

    #[test]
    fn an_offer_is_read_into_typed_values() {
        let o = offer();
        assert_eq!(o.purpose, "A rice mill for the Ilaw farmers' cooperative");
        assert_eq!(o.target, m("500000.00", "PHP"));
        assert_eq!(o.min_ticket.minor(), 500_000);
        assert_eq!(o.return_rate.unwrap().percent(), "6");
        assert_eq!(o.instalments(), 8);
        assert_eq!(o.repayments_start, d("2026-07-01"));
        // No return, no start: the principal only, counted from the closing day.
        let o = Offer::parse(
            &OfferInput {
                return_rate: Some("".into()),
                repayments_start: None,
                per_year: Some(1),
                term_months: Some(36),
                ..offer_input()
            },
            Numbers::Plain,
            today(),
        )
        .unwrap();
        assert_eq!(o.return_rate, None);
        assert_eq!(o.repayments_start, d("2026-06-30"));
        assert_eq!(o.instalments(), 3);
        let zero = OfferInput {
            return_rate: Some("0".into()),
            ..offer_input()
        };
        assert_eq!(
            Offer::parse(&zero, Numbers::Plain, today())
                .unwrap()
                .return_rate,
            None
        );
        // A person's form may write thousands separators; a program may not.
        let written = OfferInput {
            target: Some("500,000.00".into()),
            ..offer_input()
        };
        assert!(Offer::parse(&written, Numbers::Written, today()).is_ok());
        assert_eq!(fields(written), ["target"]);
    }

    #[test]
    fn each_bad_field_of_an_offer_is_named() {
        let with = |f: fn(&mut OfferInput)| {
            let mut i = offer_input();
            f(&mut i);
            fields(i)
        };
        assert_eq!(with(|i| i.purpose = None), ["purpose"]);
        assert_eq!(with(|i| i.purpose = Some("   ".into())), ["purpose"]);
        assert_eq!(with(|i| i.purpose = Some("x".repeat(501))), ["purpose"]);
        assert_eq!(with(|i| i.currency = None), ["currency"]);
        assert_eq!(with(|i| i.currency = Some("XYZ".into())), ["currency"]);
        assert_eq!(with(|i| i.target = Some("0".into())), ["target"]);
        assert_eq!(with(|i| i.target = Some("-5".into())), ["target"]);
        assert_eq!(with(|i| i.target = Some("1.234".into())), ["target"]);
        assert_eq!(with(|i| i.target = Some("100000000001".into())), ["target"]);
        assert_eq!(with(|i| i.target = None), ["target"]);
        assert_eq!(with(|i| i.min_ticket = Some("0".into())), ["min_ticket"]);
        assert_eq!(
            with(|i| i.min_ticket = Some("500000.01".into())),
            ["min_ticket"]
        );
        assert_eq!(
            with(|i| i.return_rate = Some("20.01".into())),
            ["return_rate"]
        );
        assert_eq!(with(|i| i.return_rate = Some("6 ".into())), ["return_rate"]);
        assert_eq!(
            with(|i| i.return_rate = Some("six".into())),
            ["return_rate"]
        );
        assert_eq!(with(|i| i.term_months = None), ["term_months"]);
        assert_eq!(with(|i| i.term_months = Some(0)), ["term_months"]);
        assert_eq!(with(|i| i.term_months = Some(361)), ["term_months"]);
        // Quarterly repayments need a term of whole quarters.
        assert_eq!(with(|i| i.term_months = Some(25)), ["term_months"]);
        // Weekly over thirty years would be 1,560 repayments.
        assert_eq!(
            with(|i| {
                i.per_year = Some(52);
                i.term_months = Some(360)
            }),
            ["term_months"]
        );
        assert_eq!(with(|i| i.per_year = Some(5)), ["per_year"]);
        assert_eq!(with(|i| i.per_year = None), ["per_year"]);
        assert_eq!(with(|i| i.closes_on = None), ["closes_on"]);
        assert_eq!(
            with(|i| i.closes_on = Some("30/06/2026".into())),
            ["closes_on"]
        );
        assert_eq!(
            with(|i| i.closes_on = Some("2026-05-31".into())),
            ["closes_on"]
        );
        assert_eq!(
            with(|i| i.repayments_start = Some("2026-06-29".into())),
            ["repayments_start"]
        );
        assert_eq!(
            with(|i| i.repayments_start = Some("2026-13-01".into())),
            ["repayments_start"]
        );
        // The last repayment beyond the calendar.
        assert_eq!(
            with(|i| {
                i.closes_on = Some("9998-06-30".into());
                i.repayments_start = None
            }),
            ["repayments_start"]
        );
        // Everything at once, in one answer.
        assert_eq!(
            fields(OfferInput::default()),
            [
                "purpose",
                "currency",
                "term_months",
                "per_year",
                "closes_on"
            ]
        );
        assert_eq!(
            with(|i| {
                i.target = Some("x".into());
                i.return_rate = Some("50".into());
                i.per_year = Some(7)
            }),
            ["target", "return_rate", "per_year"]
        );
        // Today is a closing day like any other.
        assert!(with(|i| i.closes_on = Some("2026-06-01".into())).is_empty());
        assert!(with(|i| i.return_rate = Some("20".into())).is_empty());
    }

    fn fx(s: &str) -> FxRate {
        FxRate::parse(s).unwrap()
    }
    fn conv(amount: &str, from: &str, rate: &str, to: &str) -> String {
        fx(rate)
            .convert(m(amount, from), cur(to))
            .unwrap()
            .to_string()
    }

    #[test]
    fn rates_are_read_exactly_and_shown_back_as_written() {
        assert_eq!(fx("0.3871").to_string(), "0.3871");
        assert_eq!(fx("0.38710").to_string(), "0.3871");
        assert_eq!(fx(" 57.5 ").to_string(), "57.5");
        assert_eq!(fx("0.0000000001").to_string(), "0.0000000001");
        assert_eq!(fx("10000000").to_string(), "10000000");
        assert!(fx("1.000").is_one());
        assert_eq!(fx("0.50"), fx("0.5"));
        for bad in [
            "",
            "0",
            "0.000",
            "-1",
            "1,5",
            "1.",
            ".5",
            "1e3",
            "0.00000000001",
            "10000000.0000000001",
            "123456789",
            "x",
        ] {
            assert!(FxRate::parse(bad).is_err(), "{bad:?}");
        }
        assert_eq!(serde_json::to_string(&fx("0.3871")).unwrap(), "\"0.3871\"");
    }

    #[test]
    fn conversion_crosses_exponents_exactly_and_rounds_half_away_from_zero() {
        // JPY (no decimals) to PHP (two).
        assert_eq!(conv("10000", "JPY", "0.3871", "PHP"), "PHP 3871.00");
        assert_eq!(conv("1", "JPY", "0.3871", "PHP"), "PHP 0.39");
        assert_eq!(conv("1", "JPY", "0.385", "PHP"), "PHP 0.39");
        assert_eq!(conv("1", "JPY", "0.3849", "PHP"), "PHP 0.38");
        // PHP to JPY: 1,000.00 × 2.5834 = 2,583.4 → 2,583; halves go up, not to even.
        assert_eq!(conv("1000.00", "PHP", "2.5834", "JPY"), "JPY 2583");
        assert_eq!(conv("0.50", "PHP", "1", "JPY"), "JPY 1");
        assert_eq!(conv("0.49", "PHP", "1", "JPY"), "JPY 0");
        assert_eq!(conv("2.50", "PHP", "1", "JPY"), "JPY 3");
        assert_eq!(conv("-2.50", "PHP", "1", "JPY"), "JPY -3");
        // MYR to NPR, both with two decimals.
        assert_eq!(conv("1000.00", "MYR", "28.6537", "NPR"), "NPR 28653.70");
        assert_eq!(conv("0.01", "MYR", "0.5", "NPR"), "NPR 0.01");
        assert_eq!(conv("0.01", "MYR", "0.4999", "NPR"), "NPR 0.00");
        // IDR to PHP: Rp 12.50 × 0.0036 = ₱0.045 → ₱0.05; Rp 12.49 → ₱0.044964 → ₱0.04.
        assert_eq!(conv("1000000.00", "IDR", "0.0036", "PHP"), "PHP 3600.00");
        assert_eq!(conv("12.50", "IDR", "0.0036", "PHP"), "PHP 0.05");
        assert_eq!(conv("12.49", "IDR", "0.0036", "PHP"), "PHP 0.04");
        // Three decimals (BHD) to none (JPY): 1.000 × 400.5 = 400.5 → 401.
        assert_eq!(conv("1.000", "BHD", "400.5", "JPY"), "JPY 401");
        // Too large for any amount: refused, never wrapped.
        assert_eq!(
            fx("10000000").convert(Money::new(i64::MAX, Currency::JPY), Currency::PHP),
            Err(MoneyError::Overflow)
        );
    }

    fn commitment(amount: &str, currency: &str, rate: Option<&str>) -> CommitmentInput {
        CommitmentInput {
            amount: Some(amount.into()),
            currency: Some(currency.into()),
            fx_rate: rate.map(Into::into),
            fx_source: Some("BSP reference rate 2026-06-01".into()),
        }
    }
    fn try_commit(already: i64, input: &CommitmentInput) -> Result<Commitment, Refusal> {
        commit(&offer(), already, false, input, Numbers::Plain, today())
    }
    fn invalid_fields(r: Result<Commitment, Refusal>) -> Vec<String> {
        match r {
            Err(Refusal::Invalid(i)) => i.errors.into_iter().map(|e| e.field).collect(),
            other => panic!("not invalid: {other:?}"),
        }
    }

    #[test]
    fn an_overseas_worker_commits_in_yen_at_a_recorded_rate() {
        let c = try_commit(0, &commitment("50000", "JPY", Some("0.3871"))).unwrap();
        assert_eq!(c.remitted, m("50000", "JPY"));
        assert_eq!(c.amount, m("19355.00", "PHP"));
        assert_eq!(c.fx.to_string(), "0.3871");
        assert_eq!(c.fx_source, "BSP reference rate 2026-06-01");
        // In pesos, no rate is needed; 1 may be said.
        let c = try_commit(0, &commitment("10000", "PHP", None)).unwrap();
        assert_eq!((c.amount, c.fx), (m("10000.00", "PHP"), FxRate::ONE));
        assert!(try_commit(0, &commitment("10000", "PHP", Some("1.00"))).is_ok());
    }

    #[test]
    fn a_commitment_names_each_bad_field() {
        let f = |i: CommitmentInput| invalid_fields(try_commit(0, &i));
        assert_eq!(f(commitment("50000", "JPY", None)), ["fx_rate"]);
        assert_eq!(f(commitment("50000", "PHP", Some("1.2"))), ["fx_rate"]);
        assert_eq!(f(commitment("50000", "JPY", Some("-0.3"))), ["fx_rate"]);
        assert_eq!(f(commitment("50000", "JPY", Some(" 0.3871"))), ["fx_rate"]);
        assert_eq!(f(commitment("50000.5", "JPY", Some("0.3871"))), ["amount"]);
        assert_eq!(f(commitment("0", "PHP", None)), ["amount"]);
        assert_eq!(f(commitment("", "PHP", None)), ["amount"]);
        assert_eq!(f(commitment("5000", "PHX", Some("1"))), ["currency"]);
        assert_eq!(
            f(CommitmentInput {
                fx_source: Some("x".repeat(201)),
                ..commitment("5000", "PHP", None)
            }),
            ["fx_source"]
        );
        assert_eq!(
            f(CommitmentInput::default()),
            ["currency"],
            "without a currency the amount cannot be read"
        );
    }

    #[test]
    fn below_the_minimum_ticket_is_refused_in_the_offers_currency() {
        // ¥10,000 at 0.3871 is ₱3,871.00, under the ₱5,000.00 minimum.
        let e = try_commit(0, &commitment("10000", "JPY", Some("0.3871"))).unwrap_err();
        let Refusal::Invalid(i) = e else {
            panic!("{e:?}")
        };
        assert_eq!(i.errors[0].field, "amount");
        assert!(
            i.errors[0].reason.contains("PHP 3871.00")
                && i.errors[0].reason.contains("PHP 5000.00"),
            "{}",
            i.errors[0].reason
        );
        assert_eq!(
            invalid_fields(try_commit(0, &commitment("4999.99", "PHP", None))),
            ["amount"]
        );
        assert!(try_commit(0, &commitment("5000", "PHP", None)).is_ok());
        // The last ₱2,000 of the target may be taken although under the minimum.
        assert!(try_commit(49_800_000, &commitment("2000", "PHP", None)).is_ok());
        assert!(try_commit(49_800_000, &commitment("1999.99", "PHP", None)).is_err());
    }

    #[test]
    fn beyond_the_target_and_after_closing_are_conflicts() {
        let left = |l: &str| {
            Err(Refusal::Conflict(Conflict::TargetReached {
                left: m(l, "PHP"),
            }))
        };
        assert_eq!(
            try_commit(49_000_000, &commitment("10000.01", "PHP", None)),
            left("10000.00")
        );
        assert!(try_commit(49_000_000, &commitment("10000", "PHP", None)).is_ok());
        assert_eq!(
            try_commit(50_000_000, &commitment("5000", "PHP", None)),
            left("0.00")
        );
        // ¥100,000,000 at 0.3871 is ₱38.71 million.
        assert_eq!(
            try_commit(0, &commitment("100000000", "JPY", Some("0.3871"))),
            left("500000.00")
        );
        let closed = Err(Refusal::Conflict(Conflict::InvestmentClosed));
        let input = commitment("5000", "PHP", None);
        assert_eq!(
            commit(&offer(), 0, true, &input, Numbers::Plain, today()),
            closed
        );
        assert_eq!(
            commit(&offer(), 0, false, &input, Numbers::Plain, d("2026-07-01")),
            closed
        );
        // Closed first: nothing of the input is read.
        assert_eq!(
            commit(
                &offer(),
                0,
                true,
                &CommitmentInput::default(),
                Numbers::Plain,
                today()
            ),
            closed
        );
        assert!(commit(&offer(), 0, false, &input, Numbers::Plain, d("2026-06-30")).is_ok());
    }

    #[test]
    fn a_commitment_is_repaid_quarterly_with_a_flat_return() {
        let o = offer();
        let s = schedule(&o, m("100000.00", "PHP"), o.repayments_start).unwrap();
        assert_eq!(s.len(), 8);
        // 100,000 × 6 % × 2 years = 12,000: 1,500 a quarter with 12,500 of principal.
        assert!(s
            .iter()
            .all(|i| i.principal == m("12500.00", "PHP") && i.interest == m("1500.00", "PHP")));
        assert_eq!(s[0].due_date, d("2026-10-01"));
        assert_eq!(s[7].due_date, d("2028-07-01"));
        let none = Offer {
            return_rate: None,
            ..o.clone()
        };
        let s = schedule(&none, m("100.00", "PHP"), o.repayments_start).unwrap();
        assert!(s.iter().all(|i| i.interest.is_zero()));
        let field = |r: Result<Vec<Instalment>, Invalid>| r.unwrap_err().errors[0].field.clone();
        assert_eq!(
            field(schedule(&o, m("100", "JPY"), o.repayments_start)),
            "amount"
        );
        assert_eq!(
            field(schedule(&o, m("0", "PHP"), o.repayments_start)),
            "amount"
        );
        assert_eq!(
            field(schedule(&o, m("500000.01", "PHP"), o.repayments_start)),
            "amount"
        );
        assert_eq!(field(schedule(&o, m("1", "PHP"), d("9998-01-01"))), "start");
    }

    fn holding(received: Option<&str>, repayments: &[(&str, i64)]) -> Holding {
        Holding {
            commitment: Commitment {
                remitted: m("100000.00", "PHP"),
                fx: FxRate::ONE,
                fx_source: String::new(),
                amount: m("100000.00", "PHP"),
            },
            received_on: received.map(d),
            repayments: repayments.iter().map(|(s, a)| (d(s), *a)).collect(),
        }
    }

    #[test]
    fn positions_follow_receipts_and_repayments_as_at_any_date() {
        let o = offer();
        let php = |s: &str| m(s, "PHP");
        // Committed, not received: nothing is owed, nothing can be repaid.
        let h = holding(None, &[]);
        let p = position(&o, &h, d("2026-11-01")).unwrap();
        assert_eq!((p.awaiting, p.paid_in), (php("100000.00"), php("0.00")));
        assert_eq!((p.overdue, p.next_due), (php("0.00"), None));
        assert_eq!(
            record_repayment(&o, &h, d("2026-10-01"), php("14000.00")),
            Err(Refusal::Conflict(Conflict::NotPaidIn))
        );
        // Received on 1 July.
        let h = holding(Some("2026-07-01"), &[]);
        let p = position(&o, &h, d("2026-09-01")).unwrap();
        assert_eq!(p.principal_outstanding, php("100000.00"));
        assert_eq!(p.return_total, php("12000.00"));
        assert_eq!(
            p.next_due,
            Some(Due {
                date: d("2026-10-01"),
                amount: php("14000.00")
            })
        );
        assert_eq!(p.return_next_12_months, php("6000.00"));
        // Before it came, the same holding shows nothing received.
        assert_eq!(
            position(&o, &h, d("2026-06-30")).unwrap().paid_in,
            php("0.00")
        );
        // The first instalment unpaid: overdue the day after it fell due, not on it.
        assert_eq!(
            position(&o, &h, d("2026-10-01")).unwrap().overdue,
            php("0.00")
        );
        assert_eq!(
            position(&o, &h, d("2026-10-02")).unwrap().overdue,
            php("14000.00")
        );
        // ₱5,000 paid on 15 October: the ₱1,500 of return due, then ₱3,500 of principal.
        let parts = record_repayment(&o, &h, d("2026-10-15"), php("5000.00")).unwrap();
        assert_eq!(
            (parts.to_return, parts.to_principal),
            (php("1500.00"), php("3500.00"))
        );
        let h = holding(Some("2026-07-01"), &[("2026-10-15", 500_000)]);
        let p = position(&o, &h, d("2026-10-15")).unwrap();
        assert_eq!(p.overdue, php("9000.00"));
        assert_eq!(p.principal_outstanding, php("96500.00"));
        assert_eq!(p.next_due.unwrap().date, d("2027-01-01"));
        // Refused: a date before the last repayment or before the money came, nothing, another
        // currency, and more than the principal and all the return still to come.
        let field = |r: Result<RepaymentParts, Refusal>| match r {
            Err(Refusal::Invalid(i)) => i.errors[0].field.clone(),
            other => panic!("{other:?}"),
        };
        assert_eq!(
            field(record_repayment(&o, &h, d("2026-10-14"), php("1.00"))),
            "paid_on"
        );
        assert_eq!(
            field(record_repayment(
                &o,
                &holding(Some("2026-07-01"), &[]),
                d("2026-06-30"),
                php("1.00")
            )),
            "paid_on"
        );
        assert_eq!(
            field(record_repayment(&o, &h, d("2026-11-01"), php("0.00"))),
            "amount"
        );
        assert_eq!(
            field(record_repayment(&o, &h, d("2026-11-01"), m("1", "JPY"))),
            "amount"
        );
        let over = record_repayment(&o, &h, d("2026-11-01"), php("107000.01"));
        let Err(Refusal::Invalid(i)) = over else {
            panic!("{over:?}")
        };
        assert!(i.errors[0].reason.contains("PHP 107000.00"), "{i:?}");
        // Paying everything off early: the principal, then the return as agreed.
        let parts = record_repayment(&o, &h, d("2026-11-01"), php("107000.00")).unwrap();
        assert_eq!(
            (parts.to_return, parts.to_principal),
            (php("10500.00"), php("96500.00"))
        );
        let h = holding(
            Some("2026-07-01"),
            &[("2026-10-15", 500_000), ("2026-11-01", 10_700_000)],
        );
        let p = position(&o, &h, d("2026-12-01")).unwrap();
        assert_eq!(p.principal_outstanding, php("0.00"));
        assert_eq!(p.return_paid, php("12000.00"));
        assert_eq!((p.overdue, p.next_due), (php("0.00"), None));
        assert_eq!(p.return_next_12_months, php("0.00"));
        // Records that do not hold together are refused, naming them.
        let bad = holding(Some("2026-07-01"), &[("2026-06-01", 100)]);
        assert_eq!(
            position(&o, &bad, d("2026-12-01")).unwrap_err().errors[0].field,
            "repayments"
        );
    }

    #[test]
    fn liabilities_add_up_positions_per_currency() {
        let o = offer();
        let on = d("2026-10-15");
        let a = position(
            &o,
            &holding(Some("2026-07-01"), &[("2026-10-15", 500_000)]),
            on,
        )
        .unwrap();
        let b = position(&o, &holding(None, &[]), on).unwrap();
        let yen = Offer {
            currency: Currency::JPY,
            target: m("1000000", "JPY"),
            min_ticket: m("1000", "JPY"),
            ..o.clone()
        };
        let c = position(
            &yen,
            &Holding {
                commitment: Commitment {
                    remitted: m("50000", "JPY"),
                    fx: FxRate::ONE,
                    fx_source: String::new(),
                    amount: m("50000", "JPY"),
                },
                received_on: Some(d("2026-07-01")),
                repayments: vec![],
            },
            on,
        )
        .unwrap();
        let l = liabilities(&[a, b, c]).unwrap();
        assert_eq!(l.len(), 2);
        assert_eq!(l[0].currency, Currency::JPY);
        assert_eq!(l[0].principal_outstanding, m("50000", "JPY"));
        let php = &l[1];
        assert_eq!(php.commitments, 2);
        assert_eq!(php.committed, m("200000.00", "PHP"));
        assert_eq!(php.received, m("100000.00", "PHP"));
        assert_eq!(php.awaiting, m("100000.00", "PHP"));
        assert_eq!(php.principal_outstanding, m("96500.00", "PHP"));
        assert_eq!(php.overdue, m("9000.00", "PHP"));
        // 2027-01-01, 04-01, 07-01, 10-01: four quarters of ₱1,500.
        assert_eq!(php.return_next_12_months, m("6000.00", "PHP"));
    }

    fn any_rate() -> impl Strategy<Value = FxRate> {
        (0u64..100_000, 0u64..10_000_000_000, 0u32..=10).prop_filter_map(
            "a rate above zero",
            |(whole, frac, places)| {
                let frac = frac % 10u64.pow(places);
                let s = if places == 0 {
                    whole.to_string()
                } else {
                    format!("{whole}.{frac:0w$}", w = places as usize)
                };
                FxRate::parse(&s).ok()
            },
        )
    }
    fn any_currency() -> impl Strategy<Value = Currency> {
        prop::sample::select(
            ["JPY", "PHP", "IDR", "MYR", "NPR", "BHD", "CLF", "USD"]
                .map(cur)
                .to_vec(),
        )
    }

    proptest! {
        #[test]
        fn conversion_is_monotone_and_within_half_a_minor_unit(
            // Within 10^9 minor units, a rate below 10^5 and four more decimals fit an amount.
            a in -1_000_000_000i64..1_000_000_000,
            b in -1_000_000_000i64..1_000_000_000,
            rate in any_rate(),
            from in any_currency(),
            to in any_currency(),
        ) {
            let (lo, hi) = (a.min(b), a.max(b));
            let x = rate.convert(Money::new(lo, from), to).unwrap();
            let y = rate.convert(Money::new(hi, from), to).unwrap();
            prop_assert!(x.minor() <= y.minor());
            prop_assert_eq!(x.currency(), to);
            // |result · 10^(s+a) − m · num · 10^b| ≤ 10^(s+a) / 2.
            let d = 10i128.pow(rate.scale + u32::from(from.exponent()));
            let exact = i128::from(lo) * i128::from(rate.num) * 10i128.pow(u32::from(to.exponent()));
            prop_assert!((i128::from(x.minor()) * d - exact).abs() * 2 <= d);
            // Symmetric about zero.
            prop_assert_eq!(rate.convert(Money::new(-lo, from), to).unwrap().minor(), -x.minor());
        }

        #[test]
        fn at_one_for_one_conversion_is_exact(
            a in -1_000_000_000_000i64..1_000_000_000_000,
            from in any_currency(),
            to in any_currency(),
        ) {
            let money = Money::new(a, from);
            prop_assert_eq!(FxRate::ONE.convert(money, from).unwrap(), money);
            let there = FxRate::ONE.convert(money, to).unwrap();
            if to.exponent() >= from.exponent() {
                // Into as many decimals or more: nothing is lost, and it comes back.
                prop_assert_eq!(FxRate::ONE.convert(there, from).unwrap(), money);
            }
        }

        #[test]
        fn commitments_are_repaid_exactly(
            amount in 1i64..=50_000_000,
            rate_bp in 0u32..=2_000,
            per_year in prop::sample::select(PER_YEAR.to_vec()),
            periods in 1u32..=40,
        ) {
            let term = months_step(per_year) * periods;
            prop_assume!(term <= MAX_TERM_MONTHS && term * per_year / 12 <= MAX_INSTALMENTS);
            let input = OfferInput {
                return_rate: Some(format!("{}.{:02}", rate_bp / 100, rate_bp % 100)),
                term_months: Some(term),
                per_year: Some(per_year),
                ..offer_input()
            };
            let o = Offer::parse(&input, Numbers::Plain, today()).unwrap();
            let s = schedule(&o, Money::new(amount, Currency::PHP), o.repayments_start).unwrap();
            prop_assert_eq!(s.len() as u32, o.instalments());
            prop_assert_eq!(s.iter().map(|i| i.principal.minor()).sum::<i64>(), amount);
            // amount × rate_bp / 10,000 × term / 12, rounded half away from zero.
            let exact = (2 * i128::from(amount) * i128::from(rate_bp) * i128::from(term) + 120_000)
                / 240_000;
            prop_assert_eq!(i128::from(s.iter().map(|i| i.interest.minor()).sum::<i64>()), exact);
        }

        #[test]
        fn positions_keep_committed_equal_to_awaiting_repaid_and_outstanding(
            amount in 500_000i64..=50_000_000,
            received_day in 0i64..60,
            payments in prop::collection::vec((0i64..120, 0i64..3_000_000), 0..12),
            at in 0i64..1_200,
        ) {
            let o = offer();
            let start = d("2026-06-20");
            let plus = |n: i64| start.checked_add(jiff::Span::new().days(n)).unwrap();
            let mut h = Holding {
                commitment: Commitment {
                    remitted: Money::new(amount, Currency::PHP),
                    fx: FxRate::ONE,
                    fx_source: String::new(),
                    amount: Money::new(amount, Currency::PHP),
                },
                received_on: Some(plus(received_day)),
                repayments: vec![],
            };
            let mut day = plus(received_day);
            let mut paid = 0i64;
            for (gap, want) in payments {
                day = day.checked_add(jiff::Span::new().days(gap)).unwrap();
                let owed = {
                    let p = position(&o, &h, day).unwrap();
                    p.principal_outstanding.minor() + p.return_total.minor() - p.return_paid.minor()
                };
                match record_repayment(&o, &h, day, Money::new(want.min(owed).max(1), Currency::PHP)) {
                    Ok(parts) => {
                        prop_assert!(parts.to_return.minor() >= 0 && parts.to_principal.minor() >= 0);
                        let total = parts.to_return.minor() + parts.to_principal.minor();
                        prop_assert_eq!(total, want.min(owed).max(1));
                        h.repayments.push((day, total));
                        paid += total;
                    }
                    Err(e) => {
                        // Only when nothing is owed any more.
                        prop_assert_eq!(owed, 0, "{:?}", e);
                    }
                }
            }
            let p = position(&o, &h, plus(at)).unwrap();
            prop_assert_eq!(
                p.committed.minor(),
                p.awaiting.minor() + p.principal_repaid.minor() + p.principal_outstanding.minor()
            );
            prop_assert!(p.principal_outstanding.minor() >= 0 && p.overdue.minor() >= 0);
            prop_assert!(p.return_paid.minor() <= p.return_total.minor());
            let at_end = position(&o, &h, Date::MAX).unwrap();
            prop_assert_eq!(at_end.principal_repaid.minor() + at_end.return_paid.minor(), paid);
            if let Some(next) = p.next_due {
                prop_assert!(next.date >= plus(at) && next.amount.minor() > 0);
            }
        }
    }
}
