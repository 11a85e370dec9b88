//! Bank linkage as policy data: a self-help group's Panchasutra indicators (regular meetings,
//! regular savings, internal lending, timely repayment, books up to date) scored and graded by
//! a [`Policy`] read from JSON, its eligibility, and the next loan dose — each figure with how
//! it was computed, for the bank officer's file.
//!
//! The shipped preset (`data/linkage-nabard.json`, [`Policy::nabard`]) is written from
//! guidance as it is quoted, not from a circular: it says so in its `caution`, and a network
//! changes the data, not the code.

use std::collections::BTreeMap;

use jiff::civil::Date;
use serde::{Deserialize, Serialize};

use crate::vocab::vocabulary;
use crate::{Currency, Money};

vocabulary!(
    /// What a group's meeting records measure over the policy's window.
    Indicator, "linkage indicator", {
        MeetingsHeld => "meetings_held", "Meetings held of those due";
        SavingsRegular => "savings_regular", "Savings deposits made of those due";
        InternalLending => "internal_lending", "Members with an internal loan";
        RepaymentOnTime => "repayment_on_time", "Instalments repaid on time of those due";
        BooksUpToDate => "books_up_to_date", "Meetings recorded within a week";
    }
);

/// A linkage policy.
#[derive(Debug, Clone, PartialEq, Eq, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Policy {
    pub name: String,
    pub caution: String,
    pub min_months_active: u32,
    pub qualifying_score: u32,
    /// Highest first.
    pub grades: Vec<GradeBand>,
    pub parameters: Vec<Parameter>,
    /// The first dose, the second, …; the last repeats.
    pub doses: Vec<Dose>,
}

#[derive(Debug, Clone, PartialEq, Eq, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct GradeBand {
    pub grade: String,
    pub min_score: u32,
}

#[derive(Debug, Clone, PartialEq, Eq, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Parameter {
    pub indicator: Indicator,
    /// Highest first: the first level reached gives its points.
    pub levels: Vec<Level>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Level {
    pub min_percent: u32,
    pub points: u32,
}

#[derive(Debug, Clone, PartialEq, Eq, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Dose {
    /// The dose is at least this many times the group's corpus (0: the floor alone).
    pub multiple_of_corpus: u32,
    /// And at least this, in major units of `currency`.
    pub floor: String,
    pub currency: String,
}

impl Policy {
    /// The shipped NABARD-style preset.
    pub fn nabard() -> Policy {
        Policy::parse(include_str!("../../data/linkage-nabard.json"))
            .expect("the shipped linkage preset is valid")
    }

    /// A policy from JSON, checked: grades highest first ending at 0, levels highest first,
    /// percentages up to 100, at least one dose with a floor in its currency.
    pub fn parse(json: &str) -> Result<Policy, String> {
        let p: Policy = serde_json::from_str(json).map_err(|e| e.to_string())?;
        if p.grades.is_empty()
            || p.grades.last().map(|g| g.min_score) != Some(0)
            || p.grades
                .windows(2)
                .any(|w| w[0].min_score <= w[1].min_score)
        {
            return Err("grades: highest first, the last from 0".into());
        }
        for par in &p.parameters {
            if par.levels.is_empty()
                || par.levels.iter().any(|l| l.min_percent > 100)
                || par
                    .levels
                    .windows(2)
                    .any(|w| w[0].min_percent <= w[1].min_percent)
            {
                return Err(format!(
                    "parameters.{}: levels highest first, each up to 100 %",
                    par.indicator.id()
                ));
            }
        }
        if p.doses.is_empty() {
            return Err("doses: at least one".into());
        }
        for d in &p.doses {
            let cur = Currency::parse(&d.currency).map_err(|e| format!("doses: {e}"))?;
            Money::parse_plain(&d.floor, cur).map_err(|e| format!("doses: {e}"))?;
        }
        Ok(p)
    }

    /// The most points a group can score.
    pub fn max_score(&self) -> u32 {
        self.parameters
            .iter()
            .map(|p| p.levels.iter().map(|l| l.points).max().unwrap_or(0))
            .sum()
    }
}

/// What a group's records show over the policy's window.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Record {
    pub months_active: u32,
    /// Indicator → (part, whole), e.g. meetings held of meetings due.
    pub indicators: BTreeMap<Indicator, (u64, u64)>,
    /// Savings, revolving fund, grants and retained interest.
    pub corpus: Money,
    /// Bank loan doses the group has had.
    pub doses_taken: u32,
    /// A bank instalment repaid late or not at all: the next dose waits.
    pub irregular_repayment: bool,
}

/// One parameter's score, with how it was reached.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Scored {
    pub indicator: &'static str,
    pub part: u64,
    pub whole: u64,
    pub percent: String,
    pub points: u32,
    pub max_points: u32,
}

/// The next dose and how it was sized.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct NextDose {
    pub number: u32,
    pub multiple_of_corpus: u32,
    pub corpus: Money,
    pub floor: Money,
    pub amount: Money,
}

/// A group assessed under a policy.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Assessment {
    pub scores: Vec<Scored>,
    pub score: u32,
    pub max_score: u32,
    pub grade: String,
    pub eligible: bool,
    /// Why not eligible, or why no dose now.
    pub reasons: Vec<String>,
    pub next_dose: Option<NextDose>,
}

/// Assesses `r` under `p`.
pub fn assess(p: &Policy, r: &Record) -> Assessment {
    let mut scores = Vec::new();
    for par in &p.parameters {
        let (part, whole) = r.indicators.get(&par.indicator).copied().unwrap_or((0, 0));
        // part / whole ≥ min / 100, compared exactly.
        let reached = |l: &Level| {
            whole > 0 && u128::from(part) * 100 >= u128::from(l.min_percent) * u128::from(whole)
        };
        let points = par
            .levels
            .iter()
            .find(|l| reached(l))
            .map_or(0, |l| l.points);
        scores.push(Scored {
            indicator: par.indicator.id(),
            part,
            whole,
            percent: if whole == 0 {
                "—".into()
            } else {
                crate::governance::ratio::percent_of(part, whole)
            },
            points,
            max_points: par.levels.iter().map(|l| l.points).max().unwrap_or(0),
        });
    }
    let score: u32 = scores.iter().map(|s| s.points).sum();
    let grade = p
        .grades
        .iter()
        .find(|g| score >= g.min_score)
        .map(|g| g.grade.clone())
        .unwrap_or_default();
    let mut reasons = Vec::new();
    if r.months_active < p.min_months_active {
        reasons.push(format!(
            "active {} month(s) by its own books; the policy asks {}",
            r.months_active, p.min_months_active
        ));
    }
    if score < p.qualifying_score {
        reasons.push(format!(
            "scored {score}; the policy asks {}",
            p.qualifying_score
        ));
    }
    let eligible = reasons.is_empty();
    if r.irregular_repayment {
        reasons.push("a bank instalment was repaid late or not at all: the next dose waits until it is regular".into());
    }
    let next_dose = (eligible && !r.irregular_repayment)
        .then(|| {
            let i = (r.doses_taken as usize).min(p.doses.len() - 1);
            let d = &p.doses[i];
            let cur = Currency::parse(&d.currency).ok()?;
            if cur != r.corpus.currency() {
                return None;
            }
            let floor = Money::parse_plain(&d.floor, cur).ok()?;
            let multiple = r
                .corpus
                .checked_mul_int(i64::from(d.multiple_of_corpus))
                .ok()?;
            Some(NextDose {
                number: r.doses_taken + 1,
                multiple_of_corpus: d.multiple_of_corpus,
                corpus: r.corpus,
                floor,
                amount: if multiple.minor() > floor.minor() {
                    multiple
                } else {
                    floor
                },
            })
        })
        .flatten();
    if eligible && !r.irregular_repayment && next_dose.is_none() {
        reasons.push(format!(
            "the policy's doses are in {}, the group's corpus in {}",
            p.doses[0].currency,
            r.corpus.currency().code()
        ));
    }
    Assessment {
        scores,
        score,
        max_score: p.max_score(),
        grade,
        eligible,
        reasons,
        next_dose,
    }
}

/// A meeting as its group's book shows it, for the linkage record.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct MeetingFacts {
    pub held_on: Date,
    /// The day it was entered (UTC): within a week of the meeting keeps the books up to date.
    pub entered_on: Date,
    /// Members who made their compulsory saving, of the members the group had.
    pub deposits: u64,
    pub members: u64,
}

/// A loan to a member as the book shows it: instalments (due date, principal + interest) and
/// repayments (date, principal + interest).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct LoanFacts {
    pub person: uuid::Uuid,
    pub disbursed_on: Date,
    pub instalments: Vec<(Date, i64)>,
    pub repayments: Vec<(Date, i64)>,
}

/// What a group's book holds, for its linkage record.
#[derive(Debug, Clone)]
pub struct BookHistory {
    pub members: u64,
    pub meetings: Vec<MeetingFacts>,
    pub loans: Vec<LoanFacts>,
    pub corpus: Money,
}

/// The months a linkage record looks back over.
pub const WINDOW_MONTHS: i64 = 12;
/// A meeting recorded within this many days of being held keeps the books up to date.
pub const BOOKS_DAYS: i64 = 7;

fn months_between(a: Date, b: Date) -> i64 {
    let m = (i64::from(b.year()) - i64::from(a.year())) * 12 + i64::from(b.month())
        - i64::from(a.month());
    if b.day() < a.day() {
        m - 1
    } else {
        m
    }
}

/// The linkage record of a group that meets monthly, from its book, as at `as_at`, over the
/// last [`WINDOW_MONTHS`] (or since its first meeting, when later):
/// - meetings held of the months due;
/// - compulsory deposits made of the members present in the books of those meetings;
/// - members with an internal loan made in the window, of the members now;
/// - instalments falling due in the window that the repayments made by their due date cover
///   (everything due up to them, oldest first), of those due;
/// - meetings entered within [`BOOKS_DAYS`] days, of those held.
///
/// Bank doses are not kept in the book yet: none taken, none irregular.
pub fn record_from_book(h: &BookHistory, as_at: Date) -> Record {
    let first = h
        .meetings
        .iter()
        .map(|m| m.held_on)
        .filter(|d| *d <= as_at)
        .min();
    let window_start = as_at
        .checked_sub(jiff::Span::new().months(WINDOW_MONTHS))
        .unwrap_or(as_at);
    let start = first.map_or(as_at, |f| f.max(window_start));
    let in_window = |d: Date| d >= start && d <= as_at;
    let meetings: Vec<&MeetingFacts> = h.meetings.iter().filter(|m| in_window(m.held_on)).collect();
    let held = meetings.len() as u64;
    let due = if first.is_some() {
        (months_between(start, as_at) + 1).clamp(1, WINDOW_MONTHS) as u64
    } else {
        0
    };
    let deposits: u64 = meetings.iter().map(|m| m.deposits).sum();
    let members_at: u64 = meetings.iter().map(|m| m.members).sum();
    let borrowers: std::collections::BTreeSet<uuid::Uuid> = h
        .loans
        .iter()
        .filter(|l| in_window(l.disbursed_on))
        .map(|l| l.person)
        .collect();
    let (mut on_time, mut instalments_due) = (0u64, 0u64);
    for l in &h.loans {
        let mut owed = 0i64;
        for (due_on, amount) in &l.instalments {
            owed += amount;
            if *due_on > as_at {
                break;
            }
            if *due_on < start {
                continue;
            }
            instalments_due += 1;
            let paid: i64 = l
                .repayments
                .iter()
                .filter(|(d, _)| d <= due_on)
                .map(|(_, a)| a)
                .sum();
            if paid >= owed {
                on_time += 1;
            }
        }
    }
    let up_to_date = meetings
        .iter()
        .filter(|m| (m.entered_on - m.held_on).get_days() <= BOOKS_DAYS as i32)
        .count() as u64;
    let mut indicators = BTreeMap::new();
    indicators.insert(Indicator::MeetingsHeld, (held.min(due), due));
    indicators.insert(
        Indicator::SavingsRegular,
        (deposits.min(members_at), members_at),
    );
    indicators.insert(
        Indicator::InternalLending,
        ((borrowers.len() as u64).min(h.members), h.members),
    );
    indicators.insert(Indicator::RepaymentOnTime, (on_time, instalments_due));
    indicators.insert(Indicator::BooksUpToDate, (up_to_date, held));
    Record {
        months_active: first.map_or(0, |f| months_between(f, as_at).max(0) as u32),
        indicators,
        corpus: h.corpus,
        doses_taken: 0,
        irregular_repayment: false,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn record(pct: [(u64, u64); 5], months: u32, corpus: i64) -> Record {
        Record {
            months_active: months,
            indicators: Indicator::ALL.iter().copied().zip(pct).collect(),
            corpus: Money::new(corpus, Currency::parse("INR").unwrap()),
            doses_taken: 0,
            irregular_repayment: false,
        }
    }

    #[test]
    fn the_preset_reads_and_scores_out_of_100() {
        let p = Policy::nabard();
        assert_eq!(p.max_score(), 100);
        assert!(p.caution.contains("check every figure"));
    }

    #[test]
    fn a_regular_group_is_graded_and_its_first_dose_is_six_times_its_corpus_or_the_floor() {
        let p = Policy::nabard();
        // 12 of 12 meetings, 170 of 180 deposits (94.44 %), 8 of 15 members borrowing,
        // 30 of 30 instalments on time, 11 of 12 meetings recorded within a week (91.67 %).
        let r = record(
            [(12, 12), (170, 180), (8, 15), (30, 30), (11, 12)],
            8,
            4_000_000,
        );
        let a = assess(&p, &r);
        assert_eq!(a.score, 100);
        assert_eq!(a.grade, "A");
        assert!(a.eligible, "{:?}", a.reasons);
        assert_eq!(a.scores[1].percent, "94.44");
        // ₹40,000 × 6 = ₹2,40,000, above the ₹1,50,000 floor.
        let d = a.next_dose.unwrap();
        assert_eq!((d.number, d.amount.minor()), (1, 24_000_000));
        // A small corpus gets the floor.
        let a = assess(
            &p,
            &record(
                [(12, 12), (170, 180), (8, 15), (30, 30), (11, 12)],
                8,
                1_000_000,
            ),
        );
        assert_eq!(a.next_dose.unwrap().amount.minor(), 15_000_000);
    }

    #[test]
    fn a_young_weak_or_irregular_group_gets_no_dose_and_is_told_why() {
        let p = Policy::nabard();
        // Exactly at the 75 % levels: 12 points each, 60 in all: grade C.
        let weak = record(
            [(9, 12), (135, 180), (4, 16), (24, 30), (9, 12)],
            8,
            4_000_000,
        );
        let a = assess(&p, &weak);
        assert_eq!(
            (a.score, a.grade.as_str(), a.eligible),
            (12 * 4 + 12, "C", false)
        );
        assert!(a.reasons[0].contains("scored 60"), "{:?}", a.reasons);
        let young = record([(6, 6), (90, 90), (8, 15), (10, 10), (6, 6)], 4, 4_000_000);
        let a = assess(&p, &young);
        assert!(!a.eligible && a.reasons[0].contains("4 month(s)"));
        let mut irregular = record(
            [(12, 12), (170, 180), (8, 15), (30, 30), (11, 12)],
            20,
            4_000_000,
        );
        irregular.irregular_repayment = true;
        irregular.doses_taken = 1;
        let a = assess(&p, &irregular);
        assert!(a.eligible && a.next_dose.is_none());
        assert!(a.reasons[0].contains("late"));
        irregular.irregular_repayment = false;
        // The second dose: 8 × ₹40,000 = ₹3,20,000 over the ₹3,00,000 floor.
        assert_eq!(
            assess(&p, &irregular).next_dose.unwrap().amount.minor(),
            32_000_000
        );
    }

    #[test]
    fn a_policy_out_of_order_is_refused() {
        let p = include_str!("../../data/linkage-nabard.json");
        assert!(Policy::parse(&p.replace("\"min_score\": 86", "\"min_score\": 70")).is_err());
        assert!(Policy::parse(&p.replace(
            "\"min_percent\": 90, \"points\": 20}, {\"min_percent\": 75",
            "\"min_percent\": 70, \"points\": 20}, {\"min_percent\": 75"
        ))
        .is_err());
        assert!(Policy::parse(&p.replace("meetings_held", "meetings")).is_err());
        assert!(Policy::parse(&p.replace("\"150000\"", "\"1,50,000\"")).is_err());
    }

    #[test]
    fn a_year_of_books_makes_the_record() {
        let d = |s: &str| s.parse::<Date>().unwrap();
        let a = uuid::Uuid::new_v4();
        // Monthly meetings from 2026-01-10, the March one missed and the May one entered a
        // fortnight late; ten members, nine saving at each.
        let meetings: Vec<MeetingFacts> = (1..=11)
            .filter(|m| *m != 3)
            .map(|m| {
                let held = jiff::civil::date(2026, m, 10);
                MeetingFacts {
                    held_on: held,
                    entered_on: if m == 5 {
                        jiff::civil::date(2026, 5, 24)
                    } else {
                        held
                    },
                    deposits: 9,
                    members: 10,
                }
            })
            .collect();
        // One loan: four instalments of 100 from February, the third paid late.
        let loan = LoanFacts {
            person: a,
            disbursed_on: d("2026-01-10"),
            instalments: (2..=5)
                .map(|m| (jiff::civil::date(2026, m, 10), 100))
                .collect(),
            repayments: vec![
                (d("2026-02-10"), 100),
                (d("2026-03-10"), 100),
                (d("2026-04-20"), 100),
                (d("2026-05-10"), 100),
            ],
        };
        let h = BookHistory {
            members: 10,
            meetings,
            loans: vec![loan],
            corpus: Money::new(1_000_000, Currency::PHP),
        };
        let r = record_from_book(&h, d("2026-11-30"));
        assert_eq!(r.months_active, 10);
        assert_eq!(r.indicators[&Indicator::MeetingsHeld], (10, 11));
        assert_eq!(r.indicators[&Indicator::SavingsRegular], (90, 100));
        assert_eq!(r.indicators[&Indicator::InternalLending], (1, 10));
        assert_eq!(r.indicators[&Indicator::RepaymentOnTime], (3, 4));
        assert_eq!(r.indicators[&Indicator::BooksUpToDate], (9, 10));
        // Before any meeting, nothing is due and the group is not active.
        let r = record_from_book(&h, d("2025-12-01"));
        assert_eq!(
            (r.months_active, r.indicators[&Indicator::MeetingsHeld]),
            (0, (0, 0))
        );
    }
}
