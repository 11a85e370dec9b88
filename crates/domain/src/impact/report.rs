//! Triple-bottom-line reports: the indicators of a scope and period, beside the period before,
//! broken down by country, by value chain and over time.
//!
//! A report is built from rollup rows (one per day, currency, value chain and producer country)
//! and is the same whether it is read as JSON, CSV or a page: every format is a rendering of
//! [`Report`]. Figures are exact decimal strings made from integer sums:
//! - percentages have two decimals, rounded half away from zero;
//! - money has the currency's own decimals (JPY none, PHP two);
//! - food kilometres have one decimal, transport emissions are kg with three decimals (whole
//!   grams), FTE have two decimals; all rounded half away from zero;
//! - money is never added across currencies: money figures come one per currency;
//! - counts of people below the suppression threshold read `<N`, and so does any money figure
//!   about such a group of people.

use std::collections::BTreeMap;

use jiff::civil::Date;
use serde::Serialize;

use super::emissions::{self, EmissionFactor};
use super::period::Period;
use super::rollup::{Group, Rollup};
use crate::country::CountryCode;
use crate::currency::Currency;
use crate::person::Gender;
use crate::trade::catalog::{Category, TransportMode};
use crate::trade::pricing::FeeKind;

/// The smallest count of people a published figure may show; below it the figure reads "<N".
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
pub struct Threshold(u64);

impl Threshold {
    /// The least a network may choose.
    pub const MIN: u64 = 5;

    /// A threshold of `n` (at least 5: it may be raised, never lowered).
    pub fn new(n: u64) -> Result<Threshold, crate::parse::ParseError> {
        if n < Self::MIN {
            return Err(crate::parse::ParseError::new(format!(
                "the suppression threshold may not be below {}",
                Self::MIN
            )));
        }
        Ok(Threshold(n))
    }

    pub fn get(self) -> u64 {
        self.0
    }

    /// A count of people as it may be published: the number, or `<N` when fewer than N.
    pub fn show(self, count: u64) -> String {
        if count < self.0 {
            format!("<{}", self.0)
        } else {
            count.to_string()
        }
    }

    /// Whether a figure about `count` people may be published.
    pub fn allows(self, count: u64) -> bool {
        count >= self.0
    }
}

impl Default for Threshold {
    fn default() -> Self {
        Threshold(Self::MIN)
    }
}

/// The rollup of one day's deliveries in one currency, value chain and producer country.
#[derive(Debug, Clone, PartialEq)]
pub struct RollupRow {
    pub day: Date,
    pub currency: Currency,
    pub category: Category,
    pub country: CountryCode,
    pub rollup: Rollup,
}

/// Jobs an organization declared for a span of time.
#[derive(Debug, Clone, PartialEq)]
pub struct JobDeclaration {
    pub from: Date,
    pub to: Date,
    pub gender: Option<Gender>,
    /// Full-time equivalents × 100.
    pub fte_hundredths: i64,
}

/// Set-off made by clearing, on a day, in a currency.
#[derive(Debug, Clone, PartialEq)]
pub struct SetOff {
    pub day: Date,
    pub currency: Currency,
    pub minor: i128,
}

/// A season's money and harvest in the scope, on a day: an advance paid (`prefinance`), or a
/// delivery settled (`planned`, `shortfall`, and the part of the shortfall the season's rule
/// leaves to the members: all of it under `members`, none under `reserve` or `refund`).
#[derive(Debug, Clone, PartialEq)]
pub struct SeasonFlow {
    pub day: Date,
    pub currency: Currency,
    pub prefinance: i128,
    pub planned: i128,
    pub shortfall: i128,
    pub borne_by_consumers: i128,
}

/// A self-help group's book in the scope, on a day: one member's savings deposited (`saved`)
/// or a loan made to her (`lent`), in the book's currency; `women_led` when the group's members
/// who declared a gender are women by a majority, and at least the threshold of them declared
/// (a group whose members said too little is not counted as women-led).
#[derive(Debug, Clone, PartialEq)]
pub struct BookFlow {
    pub day: Date,
    pub currency: Currency,
    pub person: uuid::Uuid,
    pub saved: i128,
    pub lent: i128,
    pub women_led: bool,
}

/// The loans of the scope's self-help groups in one currency, as at the last day of the
/// period and of the one before: how many, and PAR30 (see `finance::portfolio`).
#[derive(Debug, Clone, PartialEq)]
pub struct PortfolioAt {
    pub currency: Currency,
    pub current: (usize, String),
    pub previous: (usize, String),
}

/// One chamber of a decision closed on `day`: how many could vote, how many did.
#[derive(Debug, Clone, PartialEq)]
pub struct Turnout {
    pub day: Date,
    /// `all`, or a stakeholder category.
    pub chamber: String,
    pub eligible: u64,
    pub ballots: u64,
}

/// What a report is about.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Scope {
    /// `network`, `organization`, `cycle` or `value_chain`.
    pub kind: String,
    pub id: String,
    pub name: String,
}

/// Everything a report is made from.
#[derive(Debug, Clone)]
pub struct Inputs<'a> {
    pub scope: Scope,
    pub period: Period,
    /// Rows of both the period and the one before (others are ignored).
    pub rows: &'a [RollupRow],
    /// Jobs declared by the organizations of the scope; `None` where jobs do not apply.
    pub jobs: Option<&'a [JobDeclaration]>,
    /// Set-off by clearing within the scope; `None` where clearing does not apply.
    pub set_off: Option<&'a [SetOff]>,
    /// Seasons' advances and deliveries within the scope; `None` where seasons do not apply.
    pub seasons: Option<&'a [SeasonFlow]>,
    /// Decisions of the scope's organizations closed in the periods, by chamber; `None` where
    /// governance does not apply.
    pub votes: Option<&'a [Turnout]>,
    /// Self-help groups' savings and loans in the periods; `None` where books do not apply.
    pub books: Option<&'a [BookFlow]>,
    /// Their portfolio's quality at the periods' ends; `None` where books do not apply.
    pub portfolio: Option<&'a [PortfolioAt]>,
    pub threshold: Threshold,
}

/// One figure, now and in the period before.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Value {
    /// The catalogue id (`money_flow` is the breakdown behind "where the money goes").
    pub indicator: &'static str,
    /// What part of the indicator: a fee kind, a group, a gender, a transport mode.
    pub key: Option<String>,
    pub currency: Option<Currency>,
    pub unit: &'static str,
    /// `None` when there is nothing to measure.
    pub current: Option<String>,
    pub previous: Option<String>,
}

/// A block of figures: the whole scope, one country, one value chain, or one slice of time.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Section {
    /// `total`, `country:PH`, `value_chain:rice`, `trend:2026-03`.
    pub key: String,
    pub values: Vec<Value>,
}

/// The emission factors behind the transport figures.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct FactorsUsed {
    pub source: String,
    pub year: u16,
    pub scope: String,
    pub unit: String,
    pub factors: Vec<EmissionFactor>,
}

/// A whole report.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Report {
    pub scope: Scope,
    pub period: Period,
    pub previous_period: Period,
    pub suppression_threshold: u64,
    pub catalogue_version: u32,
    pub emission_factors: FactorsUsed,
    pub sections: Vec<Section>,
}

type Totals = BTreeMap<Currency, Rollup>;

fn totals<'a>(rows: impl Iterator<Item = &'a RollupRow>) -> Totals {
    let mut t = Totals::new();
    for r in rows {
        t.entry(r.currency).or_default().merge(&r.rollup);
    }
    t
}

/// `n ÷ d` rounded half away from zero (`d > 0`).
fn div_round(n: i128, d: i128) -> i128 {
    let q = (2 * n.abs() + d) / (2 * d);
    if n < 0 {
        -q
    } else {
        q
    }
}

/// An integer of hundredths (or thousandths…) as a decimal string.
fn decimal(v: i128, decimals: u32) -> String {
    let sign = if v < 0 { "-" } else { "" };
    let v = v.unsigned_abs();
    if decimals == 0 {
        return format!("{sign}{v}");
    }
    let p = 10u128.pow(decimals);
    format!("{sign}{}.{:0w$}", v / p, v % p, w = decimals as usize)
}

fn percent(part: i128, whole: i128) -> Option<String> {
    (whole > 0).then(|| decimal(div_round(part * 10_000, whole), 2))
}

fn money(minor: i128, c: Currency) -> String {
    decimal(minor, u32::from(c.exponent()))
}

/// A factor in kg CO2e per tonne-km × 10⁵ (the table has five decimals at most).
fn factor_e5(mode: TransportMode) -> Option<i128> {
    emissions::factor(mode).map(|f| (f.value * 100_000.0).round() as i128)
}

/// Grams of CO2e of a leg: Σ(g × m) × factor × 10⁵ ÷ 10¹¹, rounded.
fn grams(mode: TransportMode, mass_metres: i128) -> i128 {
    factor_e5(mode).map_or(0, |f| div_round(mass_metres * f, 100_000_000_000))
}

/// FTE × 100 averaged over `period`: each declaration weighs by the days it shares with it.
fn fte(jobs: &[JobDeclaration], period: &Period, gender: Option<Option<Gender>>) -> Option<i128> {
    let mut sum: i128 = 0;
    let mut any = false;
    for j in jobs {
        if gender.is_some_and(|g| g != j.gender) {
            continue;
        }
        let from = j.from.max(period.from);
        let to = j.to.min(period.to);
        if to < from {
            continue;
        }
        any = true;
        let shared = i128::from((to - from).get_days()) + 1;
        sum += i128::from(j.fte_hundredths) * shared;
    }
    any.then(|| div_round(sum, i128::from(period.days())))
}

struct Ctx<'a> {
    threshold: Threshold,
    jobs: Option<&'a [JobDeclaration]>,
    set_off: Option<&'a [SetOff]>,
    seasons: Option<&'a [SeasonFlow]>,
    votes: Option<&'a [Turnout]>,
    books: Option<&'a [BookFlow]>,
    portfolio: Option<&'a [PortfolioAt]>,
    period: Option<(&'a Period, &'a Period)>,
}

/// The figures of one section.
fn values(cur: &Totals, prev: &Totals, ctx: &Ctx<'_>) -> Vec<Value> {
    let mut out = Vec::new();
    let currencies: Vec<Currency> = {
        let mut c: Vec<Currency> = cur.keys().chain(prev.keys()).copied().collect();
        if let (Some(set_off), Some((p, q))) = (ctx.set_off, ctx.period) {
            c.extend(
                set_off
                    .iter()
                    .filter(|s| p.contains(s.day) || q.contains(s.day))
                    .map(|s| s.currency),
            );
        }
        if let (Some(seasons), Some((p, q))) = (ctx.seasons, ctx.period) {
            c.extend(
                seasons
                    .iter()
                    .filter(|s| p.contains(s.day) || q.contains(s.day))
                    .map(|s| s.currency),
            );
        }
        if let (Some(books), Some((p, q))) = (ctx.books, ctx.period) {
            c.extend(
                books
                    .iter()
                    .filter(|s| p.contains(s.day) || q.contains(s.day))
                    .map(|s| s.currency),
            );
        }
        if let Some(portfolio) = ctx.portfolio {
            c.extend(portfolio.iter().map(|x| x.currency));
        }
        c.sort_by_key(|c| c.code());
        c.dedup();
        c
    };
    let empty = Rollup::default();
    let mut cleared = Vec::new();
    let mut push =
        |indicator, key: Option<String>, currency, unit, f: &dyn Fn(&Rollup) -> Option<String>| {
            let (c, p) = match currency {
                Some(cy) => (
                    cur.get(&cy).unwrap_or(&empty),
                    prev.get(&cy).unwrap_or(&empty),
                ),
                None => unreachable!("per-currency figures only"),
            };
            out.push(Value {
                indicator,
                key,
                currency,
                unit,
                current: f(c),
                previous: f(p),
            });
        };
    for &cy in &currencies {
        let c = Some(cy);
        push("producer_share", None, c, "percent", &|r| {
            percent(r.producer_minor, r.total_minor)
        });
        push("value_paid_to_producers", None, c, "money", &|r| {
            (r.lines > 0).then(|| money(r.producer_minor, cy))
        });
        push("price_premium", None, c, "percent", &|r| {
            percent(
                r.referenced_producer_minor - r.reference_minor,
                r.reference_minor,
            )
        });
        push("solidarity_fund", None, c, "money", &|r| {
            (r.lines > 0).then(|| money(r.solidarity_fund_minor(), cy))
        });
        push("local_retention", None, c, "percent", &|r| {
            percent(r.local_total_minor, r.total_minor)
        });
        push("certified_share", None, c, "percent", &|r| {
            percent(r.certified_total_minor, r.total_minor)
        });
        push("money_flow", Some("producer".into()), c, "money", &|r| {
            (r.lines > 0).then(|| money(r.producer_minor, cy))
        });
        for kind in FeeKind::ALL {
            let used = |t: &Totals| {
                t.get(&cy)
                    .is_some_and(|r| r.fees.get(kind).is_some_and(|v| *v != 0))
            };
            if used(cur) || used(prev) {
                push("money_flow", Some(kind.id().into()), c, "money", &|r| {
                    (r.lines > 0).then(|| money(r.fees.get(kind).copied().unwrap_or(0), cy))
                });
            }
        }
        let t = ctx.threshold;
        for g in Group::ALL {
            push("payments_by_group", Some(g.id().into()), c, "money", &|r| {
                let people = r.group_people.get(g).map_or(0, |s| s.len());
                if r.lines == 0 {
                    None
                } else if t.allows(people) {
                    Some(money(r.paid_to_group.get(g).copied().unwrap_or(0), cy))
                } else {
                    Some(t.show(people))
                }
            });
        }
        if let (Some(set_off), Some((p, q))) = (ctx.set_off, ctx.period) {
            let sum = |per: &Period| {
                money(
                    set_off
                        .iter()
                        .filter(|s| s.currency == cy && per.contains(s.day))
                        .map(|s| s.minor)
                        .sum(),
                    cy,
                )
            };
            cleared.push(Value {
                indicator: "liquidity_saved",
                key: None,
                currency: c,
                unit: "money",
                current: Some(sum(p)),
                previous: Some(sum(q)),
            });
        }
        if let (Some(seasons), Some((p, q))) = (ctx.seasons, ctx.period) {
            let sum = |per: &Period, f: fn(&SeasonFlow) -> i128| -> i128 {
                seasons
                    .iter()
                    .filter(|s| s.currency == cy && per.contains(s.day))
                    .map(f)
                    .sum()
            };
            cleared.push(Value {
                indicator: "prefinance_provided",
                key: None,
                currency: c,
                unit: "money",
                current: Some(money(sum(p, |s| s.prefinance), cy)),
                previous: Some(money(sum(q, |s| s.prefinance), cy)),
            });
            cleared.push(Value {
                indicator: "harvest_shortfall",
                key: None,
                currency: c,
                unit: "percent",
                current: percent(sum(p, |s| s.shortfall), sum(p, |s| s.planned)),
                previous: percent(sum(q, |s| s.shortfall), sum(q, |s| s.planned)),
            });
            cleared.push(Value {
                indicator: "shortfall_borne_by_consumers",
                key: None,
                currency: c,
                unit: "percent",
                current: percent(sum(p, |s| s.borne_by_consumers), sum(p, |s| s.shortfall)),
                previous: percent(sum(q, |s| s.borne_by_consumers), sum(q, |s| s.shortfall)),
            });
        }
        if let (Some(books), Some((p, q))) = (ctx.books, ctx.period) {
            // A sum about fewer people than the threshold is not published: it would tell
            // what one member saved or borrowed.
            let shown = |per: &Period, f: &dyn Fn(&BookFlow) -> i128| -> Option<String> {
                let mine: Vec<&BookFlow> = books
                    .iter()
                    .filter(|s| s.currency == cy && per.contains(s.day) && f(s) > 0)
                    .collect();
                let people: std::collections::BTreeSet<uuid::Uuid> =
                    mine.iter().map(|s| s.person).collect();
                let people = people.len() as u64;
                if people == 0 {
                    None
                } else if ctx.threshold.allows(people) {
                    Some(money(mine.iter().map(|s| f(s)).sum(), cy))
                } else {
                    Some(ctx.threshold.show(people))
                }
            };
            type Part<'f> = &'f dyn Fn(&BookFlow) -> i128;
            let figures: [(&'static str, Part); 3] = [
                ("savings_mobilised", &|s| s.saved),
                ("credit_to_members", &|s| s.lent),
                ("credit_to_women_led_groups", &|s| {
                    if s.women_led {
                        s.lent
                    } else {
                        0
                    }
                }),
            ];
            for (indicator, f) in figures {
                cleared.push(Value {
                    indicator,
                    key: None,
                    currency: c,
                    unit: "money",
                    current: shown(p, f),
                    previous: shown(q, f),
                });
            }
        }
        if let (Some(portfolio), Some(_)) = (ctx.portfolio, ctx.period) {
            if let Some(x) = portfolio.iter().find(|x| x.currency == cy) {
                // PAR over fewer loans than the threshold would point at one member's arrears.
                let shown = |(loans, par): &(usize, String)| {
                    (*loans > 0 && ctx.threshold.allows(*loans as u64)).then(|| par.clone())
                };
                cleared.push(Value {
                    indicator: "portfolio_at_risk_30",
                    key: None,
                    currency: c,
                    unit: "percent",
                    current: shown(&x.current),
                    previous: shown(&x.previous),
                });
            }
        }
    }
    out.append(&mut cleared);
    // Figures that do not depend on the currency are taken over all of them.
    let all = |t: &Totals| {
        let mut r = Rollup::default();
        for x in t.values() {
            r.merge(x);
        }
        r
    };
    let (c, p) = (all(cur), all(prev));
    let mut plain =
        |indicator, key: Option<String>, unit, f: &dyn Fn(&Rollup) -> Option<String>| {
            out.push(Value {
                indicator,
                key,
                currency: None,
                unit,
                current: f(&c),
                previous: f(&p),
            })
        };
    plain("food_km", None, "km", &|r| {
        let (mass, mm) = r
            .transport
            .values()
            .fold((0, 0), |(a, b), l| (a + l.mass_g, b + l.mass_metres));
        // Σ(g × m) ÷ Σ g is metres; one decimal of a km is 100 m.
        (mass > 0).then(|| decimal(div_round(mm, mass * 100), 1))
    });
    plain("transport_emissions", None, "kg CO2e", &|r| {
        (r.lines > 0).then(|| {
            decimal(
                r.transport
                    .iter()
                    .map(|(m, l)| grams(*m, l.mass_metres))
                    .sum(),
                3,
            )
        })
    });
    let modes: Vec<TransportMode> = {
        let mut m: Vec<_> = c
            .transport
            .keys()
            .chain(p.transport.keys())
            .copied()
            .collect();
        m.sort();
        m.dedup();
        m
    };
    for mode in modes {
        plain(
            "transport_emissions",
            Some(mode.id().into()),
            "kg CO2e",
            &|r| {
                r.transport
                    .get(&mode)
                    .map(|l| decimal(grams(mode, l.mass_metres), 3))
            },
        );
    }
    plain("packaging_returned", None, "percent", &|r| {
        percent(
            i128::from(r.returned_units),
            i128::from(r.returned_units + r.single_use_units),
        )
    });
    plain("producers_reached", None, "count", &|r| {
        Some(r.producers.len().to_string())
    });
    let t = ctx.threshold;
    plain("households_reached", None, "count", &|r| {
        Some(t.show(r.households.len()))
    });
    for g in Group::ALL {
        plain(
            "payments_by_group",
            Some(format!("{}.people", g.id())),
            "count",
            &|r| Some(t.show(r.group_people.get(g).map_or(0, |s| s.len()))),
        );
    }
    if let (Some(jobs), Some((now, before))) = (ctx.jobs, ctx.period) {
        let keys: [(Option<String>, Option<Option<Gender>>); 1] = [(None, None)];
        let genders = Gender::ALL
            .iter()
            .map(|g| (Some(g.id().to_string()), Some(Some(*g))));
        for (key, gender) in keys
            .into_iter()
            .chain(genders)
            .chain([(Some("not_said".to_string()), Some(None))])
        {
            let (a, b) = (fte(jobs, now, gender), fte(jobs, before, gender));
            if key.is_some() && a.is_none() && b.is_none() {
                continue;
            }
            out.push(Value {
                indicator: "jobs_fte",
                key,
                currency: None,
                unit: "FTE",
                current: a.map(|v| decimal(v, 2)),
                previous: b.map(|v| decimal(v, 2)),
            });
        }
    }
    match (ctx.votes, ctx.period) {
        (Some(votes), Some((now, before))) => {
            // Ballots ÷ eligible voters over the decisions closed in the period; per
            // stakeholder chamber too, shown only where the chamber's electorate reaches the
            // suppression threshold (a small chamber's turnout would tell who stayed away).
            let sum = |p: &Period, chamber: Option<&str>| -> (i128, i128) {
                votes
                    .iter()
                    .filter(|v| p.contains(v.day) && chamber.is_none_or(|c| v.chamber == c))
                    .fold((0, 0), |(b, e), v| {
                        (b + i128::from(v.ballots), e + i128::from(v.eligible))
                    })
            };
            let shown = |(b, e): (i128, i128), suppress: bool| {
                if suppress && e < i128::from(ctx.threshold.get()) {
                    None
                } else {
                    percent(b, e)
                }
            };
            out.push(Value {
                indicator: "voting_turnout",
                key: None,
                currency: None,
                unit: "percent",
                current: shown(sum(now, None), false),
                previous: shown(sum(before, None), false),
            });
            let mut chambers: Vec<&str> = votes
                .iter()
                .filter(|v| v.chamber != "all" && (now.contains(v.day) || before.contains(v.day)))
                .map(|v| v.chamber.as_str())
                .collect();
            chambers.sort_unstable();
            chambers.dedup();
            for c in chambers {
                let (a, b) = (
                    shown(sum(now, Some(c)), true),
                    shown(sum(before, Some(c)), true),
                );
                if a.is_none() && b.is_none() {
                    continue;
                }
                out.push(Value {
                    indicator: "voting_turnout",
                    key: Some(c.to_string()),
                    currency: None,
                    unit: "percent",
                    current: a,
                    previous: b,
                });
            }
        }
        _ => out.push(Value {
            indicator: "voting_turnout",
            key: None,
            currency: None,
            unit: "percent",
            current: None,
            previous: None,
        }),
    }
    out
}

/// Builds the report.
pub fn build(i: &Inputs<'_>) -> Report {
    let previous = i.period.previous();
    let now: Vec<&RollupRow> = i.rows.iter().filter(|r| i.period.contains(r.day)).collect();
    let before: Vec<&RollupRow> = i.rows.iter().filter(|r| previous.contains(r.day)).collect();
    let total_ctx = Ctx {
        threshold: i.threshold,
        jobs: i.jobs,
        set_off: i.set_off,
        seasons: i.seasons,
        votes: i.votes,
        books: i.books,
        portfolio: i.portfolio,
        period: Some((&i.period, &previous)),
    };
    let part_ctx = Ctx {
        threshold: i.threshold,
        jobs: None,
        set_off: None,
        seasons: None,
        votes: None,
        books: None,
        portfolio: None,
        period: None,
    };
    let mut sections = vec![Section {
        key: "total".into(),
        values: values(
            &totals(now.iter().copied()),
            &totals(before.iter().copied()),
            &total_ctx,
        ),
    }];
    let mut countries: Vec<CountryCode> = now.iter().chain(&before).map(|r| r.country).collect();
    countries.sort_by_key(|c| c.code());
    countries.dedup();
    for country in countries {
        let pick =
            |rows: &[&RollupRow]| totals(rows.iter().copied().filter(|r| r.country == country));
        sections.push(Section {
            key: format!("country:{}", country.code()),
            values: values(&pick(&now), &pick(&before), &part_ctx),
        });
    }
    let mut chains: Vec<Category> = now.iter().chain(&before).map(|r| r.category).collect();
    chains.sort();
    chains.dedup();
    for chain in chains {
        let pick =
            |rows: &[&RollupRow]| totals(rows.iter().copied().filter(|r| r.category == chain));
        sections.push(Section {
            key: format!("value_chain:{}", chain.id()),
            values: values(&pick(&now), &pick(&before), &part_ctx),
        });
    }
    for b in i.period.buckets() {
        let cur = totals(
            now.iter()
                .copied()
                .filter(|r| b.from <= r.day && r.day <= b.to),
        );
        let mut vals = values(&cur, &Totals::new(), &part_ctx);
        for v in &mut vals {
            v.previous = None;
        }
        sections.push(Section {
            key: format!("trend:{}", b.label),
            values: vals,
        });
    }
    let table = emissions::table();
    let used: Vec<EmissionFactor> = table
        .factors
        .iter()
        .filter(|f| {
            i.rows
                .iter()
                .any(|r| r.rollup.transport.keys().any(|m| m.id() == f.mode))
        })
        .cloned()
        .collect();
    Report {
        scope: i.scope.clone(),
        period: i.period.clone(),
        previous_period: previous,
        suppression_threshold: i.threshold.get(),
        catalogue_version: super::catalogue::version(),
        emission_factors: FactorsUsed {
            source: table.source.clone(),
            year: table.year,
            scope: table.scope.clone(),
            unit: table.unit.clone(),
            factors: used,
        },
        sections,
    }
}

impl Report {
    /// One value of the total section.
    pub fn total(
        &self,
        indicator: &str,
        key: Option<&str>,
        currency: Option<Currency>,
    ) -> Option<&Value> {
        self.sections.first().and_then(|s| {
            s.values.iter().find(|v| {
                v.indicator == indicator && v.key.as_deref() == key && v.currency == currency
            })
        })
    }

    /// The report as CSV: one row per figure, `section,indicator,key,currency,unit,current,previous`.
    pub fn to_csv(&self) -> String {
        fn field(out: &mut String, s: &str) {
            if s.contains([',', '"', '\n', '\r']) {
                out.push('"');
                out.push_str(&s.replace('"', "\"\""));
                out.push('"');
            } else {
                out.push_str(s);
            }
        }
        let mut out = String::from("section,indicator,key,currency,unit,current,previous\n");
        for s in &self.sections {
            for v in &s.values {
                let cols = [
                    s.key.as_str(),
                    v.indicator,
                    v.key.as_deref().unwrap_or(""),
                    v.currency.map_or("", |c| c.code()),
                    v.unit,
                    v.current.as_deref().unwrap_or(""),
                    v.previous.as_deref().unwrap_or(""),
                ];
                for (n, c) in cols.iter().enumerate() {
                    if n > 0 {
                        out.push(',');
                    }
                    field(&mut out, c);
                }
                out.push('\n');
            }
        }
        out
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::impact::rollup::{metres, DeliveredLine, ProducerMembers};
    use crate::trade::catalog::Packaging;

    fn d(s: &str) -> Date {
        s.parse().unwrap()
    }

    fn row(day: &str, country: &str, category: Category, lines: &[DeliveredLine<'_>]) -> RollupRow {
        let mut rollup = Rollup::default();
        for l in lines {
            rollup.add(l);
        }
        RollupRow {
            day: d(day),
            currency: Currency::PHP,
            category,
            country: CountryCode::parse(country).unwrap(),
            rollup,
        }
    }

    fn value<'a>(
        r: &'a Report,
        section: &str,
        indicator: &str,
        key: Option<&str>,
        cy: Option<Currency>,
    ) -> (&'a str, &'a str) {
        let v = r
            .sections
            .iter()
            .find(|s| s.key == section)
            .unwrap_or_else(|| panic!("no section {section}"))
            .values
            .iter()
            .find(|v| v.indicator == indicator && v.key.as_deref() == key && v.currency == cy)
            .unwrap_or_else(|| panic!("no {indicator} {key:?} in {section}"));
        (
            v.current.as_deref().unwrap_or("—"),
            v.previous.as_deref().unwrap_or("—"),
        )
    }

    /// A hand-checked data set: March 2026 beside February.
    ///
    /// March, rice from farm 1 (5 opted-in members: women 10,11,12,13,14; youth 14), two
    /// households (7 and 8):
    /// - A: 4 bags of 5 kg, ₱800 to the farm, ₱1,000 paid (₱40 solidarity fund, ₱160
    ///   transport), local, organic, 134 km by small truck, returnable sacks, reference ₱180 a bag;
    /// - B: 6 bags, ₱1,200 of ₱1,500 (₱60 fund, ₱240 transport), not local, not certified, no
    ///   leg, single-use bags, no reference price.
    ///
    /// March, vegetables from farm 2 (no opted-in members), household 9:
    /// - C: 10 bunches of 500 g, ₱500 of ₱550 (₱50 coordination), local, PGS, 20.4 km by van.
    ///
    /// February: rice A' = A only. Returns: 2 sacks came back in March.
    #[test]
    fn every_indicator_on_a_hand_checked_set() {
        let m1 = ProducerMembers {
            opted_in: 5,
            groups: BTreeMap::from([
                (Group::Women, vec![10, 11, 12, 13, 14]),
                (Group::Youth, vec![14]),
            ]),
        };
        let none = ProducerMembers::default();
        let fa = [
            (FeeKind::SolidarityFund, 4_000),
            (FeeKind::Transport, 16_000),
        ];
        let fb = [
            (FeeKind::SolidarityFund, 6_000),
            (FeeKind::Transport, 24_000),
        ];
        let fc = [(FeeKind::Coordination, 5_000)];
        let a = DeliveredLine {
            producer: 1,
            household: Some(7),
            units: 4,
            unit_mass_g: 5_000,
            producer_minor: 80_000,
            total_minor: 100_000,
            fees: &fa,
            local: true,
            certified: true,
            transport: Some((TransportMode::TruckSmall, metres(134.0))),
            packaging: Some(Packaging::Returnable),
            reference_unit_minor: Some(18_000),
            members: &m1,
        };
        let b = DeliveredLine {
            household: Some(8),
            units: 6,
            producer_minor: 120_000,
            total_minor: 150_000,
            fees: &fb,
            local: false,
            certified: false,
            transport: None,
            packaging: Some(Packaging::SingleUse),
            reference_unit_minor: None,
            ..a.clone()
        };
        let c = DeliveredLine {
            producer: 2,
            household: Some(9),
            units: 10,
            unit_mass_g: 500,
            producer_minor: 50_000,
            total_minor: 55_000,
            fees: &fc,
            local: true,
            certified: true,
            transport: Some((TransportMode::Van, metres(20.4))),
            packaging: None,
            reference_unit_minor: None,
            members: &none,
        };
        let mut march_rice = row("2026-03-07", "PH", Category::Rice, &[a.clone(), b]);
        march_rice.rollup.returned_units = 2;
        let rows = vec![
            march_rice,
            row("2026-03-14", "PH", Category::Vegetables, &[c]),
            row("2026-02-28", "PH", Category::Rice, &[a]),
            // Outside both periods: ignored.
            row("2026-01-31", "PH", Category::Rice, &[]),
        ];
        let jobs = [
            // 2.50 FTE of women all year; 1.00 FTE of men from 16 March.
            JobDeclaration {
                from: d("2026-01-01"),
                to: d("2026-12-31"),
                gender: Some(Gender::Woman),
                fte_hundredths: 250,
            },
            JobDeclaration {
                from: d("2026-03-16"),
                to: d("2026-12-31"),
                gender: Some(Gender::Man),
                fte_hundredths: 100,
            },
        ];
        let set_off = [SetOff {
            day: d("2026-03-20"),
            currency: Currency::PHP,
            minor: 12_345,
        }];
        // A season: ₱300 advanced in February, ₱500 in March; in March deliveries planned at
        // ₱400 of which ₱40 not delivered, ₱30 of it left to the members by the rule.
        let flow = |day, prefinance, planned, shortfall, borne| SeasonFlow {
            day: d(day),
            currency: Currency::PHP,
            prefinance,
            planned,
            shortfall,
            borne_by_consumers: borne,
        };
        let seasons = [
            flow("2026-02-10", 30_000, 0, 0, 0),
            flow("2026-03-02", 50_000, 0, 0, 0),
            flow("2026-03-14", 0, 30_000, 3_000, 3_000),
            flow("2026-03-28", 0, 10_000, 1_000, 0),
        ];
        // Decisions: in March, 8 of 10 producers and 3 of 4 workers voted (the workers' chamber
        // is under the threshold of 5: its turnout is withheld); in February 5 of 20.
        let turnout = |day, chamber: &str, eligible, ballots| Turnout {
            day: d(day),
            chamber: chamber.into(),
            eligible,
            ballots,
        };
        let votes = [
            turnout("2026-03-05", "producer", 10, 8),
            turnout("2026-03-05", "worker", 4, 3),
            turnout("2026-02-05", "all", 20, 5),
        ];
        let books: Vec<BookFlow> = (0..6u128)
            .map(|n| BookFlow {
                day: "2026-03-10".parse().unwrap(),
                currency: Currency::PHP,
                person: uuid::Uuid::from_u128(n + 1),
                saved: 10_000,
                lent: if n < 5 { 100_000 } else { 0 },
                women_led: n < 3,
            })
            .chain((0..2u128).map(|n| BookFlow {
                day: "2026-02-10".parse().unwrap(),
                currency: Currency::PHP,
                person: uuid::Uuid::from_u128(n + 1),
                saved: 10_000,
                lent: 0,
                women_led: true,
            }))
            .collect();
        let r = build(&Inputs {
            scope: Scope {
                kind: "network".into(),
                id: "n".into(),
                name: "Test".into(),
            },
            period: Period::parse("2026-03").unwrap(),
            rows: &rows,
            jobs: Some(&jobs),
            set_off: Some(&set_off),
            seasons: Some(&seasons),
            votes: Some(&votes),
            books: Some(&books),
            portfolio: Some(&[PortfolioAt {
                currency: Currency::PHP,
                current: (6, "12.50".into()),
                previous: (3, "0.00".into()),
            }]),
            threshold: Threshold::default(),
        });
        let php = Some(Currency::PHP);
        let t = |ind, key, cy| value(&r, "total", ind, key, cy);
        // Six members saved ₱100 in March; two in February, too few to publish.
        assert_eq!(t("savings_mobilised", None, php), ("600.00", "<5"));
        // Five borrowed ₱1,000 in March, three of them in women-led groups: too few to say.
        assert_eq!(t("credit_to_members", None, php).0, "5000.00");
        assert_eq!(t("credit_to_women_led_groups", None, php).0, "<5");
        // PAR30 over six loans is shown; over three it would point at someone.
        let par = r.sections[0]
            .values
            .iter()
            .find(|v| v.indicator == "portfolio_at_risk_30")
            .unwrap();
        assert_eq!(
            (par.current.as_deref(), par.previous.as_deref()),
            (Some("12.50"), None)
        );
        // Producer share: (800 + 1,200 + 500) ÷ (1,000 + 1,500 + 550) = 2,500 ÷ 3,050 = 81.967…
        // → 81.97 %; February: 800 ÷ 1,000 = 80.00 %.
        assert_eq!(t("producer_share", None, php), ("81.97", "80.00"));
        // Turnout: 11 of 14 = 78.57 %; February 5 of 20 = 25 %; producers 80 %; workers withheld.
        assert_eq!(t("voting_turnout", None, None), ("78.57", "25.00"));
        assert_eq!(t("voting_turnout", Some("producer"), None).0, "80.00");
        assert!(r.sections[0]
            .values
            .iter()
            .all(|v| v.key.as_deref() != Some("worker")));
        // Seasons: ₱500 pre-financed in March (₱300 in February); 10 % of the planned value
        // not delivered, three quarters of that left to the members; nothing in February.
        assert_eq!(t("prefinance_provided", None, php), ("500.00", "300.00"));
        let shortfall = value(&r, "total", "harvest_shortfall", None, php);
        assert_eq!(shortfall.0, "10.00");
        let borne = value(&r, "total", "shortfall_borne_by_consumers", None, php);
        assert_eq!(borne.0, "75.00");
        assert_eq!(
            t("value_paid_to_producers", None, php),
            ("2500.00", "800.00")
        );
        // Premium over line A only: (800 − 4 × 180) ÷ 720 = 80 ÷ 720 = 11.11 %.
        assert_eq!(t("price_premium", None, php), ("11.11", "11.11"));
        // Fund 40 + 60 = ₱100.
        assert_eq!(t("solidarity_fund", None, php), ("100.00", "40.00"));
        // Local: (1,000 + 550) ÷ 3,050 = 50.819… → 50.82 %.
        assert_eq!(t("local_retention", None, php), ("50.82", "100.00"));
        assert_eq!(t("certified_share", None, php), ("50.82", "100.00"));
        // Where the money goes: producer 2,500, transport 160 + 240, fund 100, coordination 50.
        assert_eq!(t("money_flow", Some("producer"), php).0, "2500.00");
        assert_eq!(t("money_flow", Some("transport"), php).0, "400.00");
        assert_eq!(
            t("money_flow", Some("coordination"), php),
            ("50.00", "0.00")
        );
        // Women: all five opted-in members: (800 + 1,200) × 5 ÷ 5 = ₱2,000; youth is one person.
        assert_eq!(
            t("payments_by_group", Some("women"), php),
            ("2000.00", "800.00")
        );
        assert_eq!(t("payments_by_group", Some("youth"), php), ("<5", "<5"));
        assert_eq!(
            t("payments_by_group", Some("women.people"), None),
            ("5", "5")
        );
        assert_eq!(t("liquidity_saved", None, php), ("123.45", "0.00"));
        // Food km: (20,000 g × 134,000 m + 5,000 g × 20,400 m) ÷ 25,000 g = 111,280 m → 111.3 km.
        assert_eq!(t("food_km", None, None), ("111.3", "134.0"));
        // Small truck: 20 kg × 134 km = 2.68 t·km × 0.52761 = 1.414 kg (1,413.99 g → 1,414 g);
        // van: 5 kg × 20.4 km = 0.102 t·km × 0.6313 = 0.0644 kg (64.39 g → 64 g); total 1.478.
        assert_eq!(
            t("transport_emissions", Some("truck_small"), None).0,
            "1.414"
        );
        assert_eq!(t("transport_emissions", Some("van"), None).0, "0.064");
        assert_eq!(t("transport_emissions", None, None), ("1.478", "1.414"));
        // Packaging: 2 returned ÷ (2 + 6 single-use) = 25 %; none returned in February.
        assert_eq!(t("packaging_returned", None, None), ("25.00", "—"));
        assert_eq!(t("producers_reached", None, None), ("2", "1"));
        // Three households: fewer than five, suppressed.
        assert_eq!(t("households_reached", None, None), ("<5", "<5"));
        // Jobs: women 2.50 all month; men 1.00 × 16 of 31 days = 0.516… → 0.52; total 3.02.
        assert_eq!(t("jobs_fte", None, None), ("3.02", "2.50"));
        assert_eq!(t("jobs_fte", Some("man"), None), ("0.52", "—"));
        // Breakdowns.
        assert_eq!(
            value(&r, "value_chain:vegetables", "producer_share", None, php).0,
            "90.91"
        );
        assert_eq!(
            value(&r, "country:PH", "value_paid_to_producers", None, php).0,
            "2500.00"
        );
        assert_eq!(
            value(&r, "trend:2026-03-08", "value_paid_to_producers", None, php).0,
            "500.00"
        );
        assert_eq!(r.emission_factors.factors.len(), 2);
    }

    #[test]
    fn households_show_from_the_threshold_on() {
        let none = ProducerMembers::default();
        let line = |h: u32| DeliveredLine {
            producer: 1,
            household: Some(h),
            units: 1,
            unit_mass_g: 1,
            producer_minor: 1,
            total_minor: 1,
            fees: &[],
            local: false,
            certified: false,
            transport: None,
            packaging: None,
            reference_unit_minor: None,
            members: &none,
        };
        let count = |n: u32, threshold: u64| {
            let lines: Vec<_> = (0..n).map(line).collect();
            let rows = [row("2026-05-01", "NP", Category::Tea, &lines)];
            let r = build(&Inputs {
                scope: Scope {
                    kind: "organization".into(),
                    id: "o".into(),
                    name: "O".into(),
                },
                period: Period::parse("2026").unwrap(),
                rows: &rows,
                jobs: None,
                set_off: None,
                seasons: None,
                votes: None,
                books: None,
                portfolio: None,
                threshold: Threshold::new(threshold).unwrap(),
            });
            r.total("households_reached", None, None)
                .unwrap()
                .current
                .clone()
                .unwrap()
        };
        assert_eq!(count(4, 5), "<5");
        assert_eq!(count(5, 5), "5");
        assert_eq!(count(9, 10), "<10");
        assert_eq!(count(10, 10), "10");
    }

    /// The documented JSON schema names every indicator a report can hold, and every field.
    #[test]
    fn the_report_schema_matches_the_catalogue_and_the_struct() {
        let schema: serde_json::Value = serde_json::from_str(include_str!(
            "../../../../docs/schemas/tbl-report.schema.json"
        ))
        .unwrap();
        let mut ids: Vec<String> = crate::impact::catalogue::indicators()
            .iter()
            .map(|i| i.id.clone())
            .collect();
        ids.push("money_flow".into());
        let listed: Vec<String> = schema["$defs"]["value"]["properties"]["indicator"]["enum"]
            .as_array()
            .unwrap()
            .iter()
            .map(|v| v.as_str().unwrap().to_string())
            .collect();
        assert_eq!(listed, ids);
        let r = build(&Inputs {
            scope: Scope {
                kind: "network".into(),
                id: "n".into(),
                name: "N".into(),
            },
            period: Period::parse("2026").unwrap(),
            rows: &[],
            jobs: Some(&[]),
            set_off: Some(&[]),
            seasons: Some(&[]),
            votes: Some(&[]),
            books: None,
            portfolio: None,
            threshold: Threshold::default(),
        });
        let json = serde_json::to_value(&r).unwrap();
        let keys = |v: &serde_json::Value| -> Vec<String> {
            let mut k: Vec<String> = v.as_object().unwrap().keys().cloned().collect();
            k.sort();
            k
        };
        let required = |v: &serde_json::Value| -> Vec<String> {
            let mut k: Vec<String> = v["required"]
                .as_array()
                .unwrap()
                .iter()
                .map(|s| s.as_str().unwrap().to_string())
                .collect();
            k.sort();
            k
        };
        assert_eq!(keys(&json), required(&schema));
        assert_eq!(keys(&json["period"]), required(&schema["$defs"]["period"]));
        let value = &json["sections"][0]["values"][0];
        assert_eq!(keys(value), required(&schema["$defs"]["value"]));
        for v in json["sections"][0]["values"].as_array().unwrap() {
            assert!(listed.contains(&v["indicator"].as_str().unwrap().to_string()));
        }
    }

    #[test]
    fn thresholds_are_never_below_five() {
        assert!(Threshold::new(4).is_err());
        assert_eq!(Threshold::default().show(4), "<5");
    }

    #[test]
    fn every_factor_has_at_most_five_decimals() {
        for f in &emissions::table().factors {
            let e5 = f.value * 100_000.0;
            assert!((e5 - e5.round()).abs() < 1e-6, "{}: {}", f.mode, f.value);
        }
    }

    #[test]
    fn rounding_is_half_away_from_zero() {
        assert_eq!(div_round(5, 10), 1);
        assert_eq!(div_round(4, 10), 0);
        assert_eq!(div_round(-5, 10), -1);
        assert_eq!(decimal(-105, 2), "-1.05");
        assert_eq!(decimal(7, 3), "0.007");
        assert_eq!(money(1_200, Currency::JPY), "1200");
    }
}
