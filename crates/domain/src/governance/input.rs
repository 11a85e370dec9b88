//! The files `bayanihan decision tally` and `bayanihan patronage` read, so that a network can
//! try its rules before adopting them with the very functions the platform runs. Formats:
//! `docs/schemas/decision-tally.schema.json` and `docs/schemas/patronage.schema.json`.

use std::collections::BTreeMap;

use serde::{Deserialize, Serialize};

use super::patronage::{divide, Division};
use super::{
    parse_percent, Ballot, Chamber, ChamberLimits, Choice, DecisionKind, Preset, Rules, Threshold,
    MAX_WEIGHT, PROPOSAL_OPTIONS,
};
use crate::validate::Collector;
use crate::{Currency, Invalid, Money};

/// At most this many ballots in a file.
pub const MAX_BALLOTS: usize = 10_000_000;

/// A number as JSON gives it, or as text: read exactly from its digits, never as a float.
#[derive(Debug, Clone, Deserialize)]
#[serde(untagged)]
enum Decimal {
    Number(serde_json::Number),
    Text(String),
}

impl Decimal {
    fn text(&self) -> String {
        match self {
            Decimal::Number(n) => n.to_string(),
            Decimal::Text(s) => s.clone(),
        }
    }
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct RawChamber {
    weight_percent: Option<Decimal>,
    eligible: u64,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct RawBallot {
    chamber: String,
    choice: Option<Choice>,
    ranking: Option<Vec<String>>,
    weight: Option<u64>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct RawTally {
    kind: String,
    options: Option<Vec<String>>,
    chambers: BTreeMap<String, RawChamber>,
    preset: Option<String>,
    quorum_percent: Option<Decimal>,
    threshold: Option<String>,
    multiple: Option<bool>,
    max_score: Option<u32>,
    dots: Option<u32>,
    ballots: Vec<RawBallot>,
}

fn json_error(e: serde_json::Error) -> Invalid {
    Invalid::field(
        "input",
        format!(
            "not the expected JSON (line {}, column {}): {e}",
            e.line(),
            e.column()
        ),
    )
}

/// Reads a tally file: the rules and the ballots, every problem named by its place
/// (`chambers.workers.weight_percent`, `ballots[12].choice`).
pub fn read_tally(text: &str) -> Result<(Rules, Vec<Ballot>), Invalid> {
    let raw: RawTally = serde_json::from_str(text).map_err(json_error)?;
    let mut c = Collector::new();
    let kind = c.take("kind", DecisionKind::parse(&raw.kind));
    let threshold = match &raw.threshold {
        Some(t) => c.take("threshold", Threshold::parse(t)),
        None => Some(Threshold::Simple),
    };
    let limits = match &raw.preset {
        Some(p) => c.take("preset", Preset::parse(p)).map(ChamberLimits::of),
        None => Some(ChamberLimits::ANY),
    };
    let quorum_bp = match &raw.quorum_percent {
        Some(q) => c.take("quorum_percent", parse_percent(&q.text())),
        None => Some(0),
    };
    let lone = raw.chambers.len() == 1;
    let mut chambers = Vec::with_capacity(raw.chambers.len());
    for (name, ch) in &raw.chambers {
        let weight_bp = match &ch.weight_percent {
            Some(w) => c.take(
                &format!("chambers.{name}.weight_percent"),
                parse_percent(&w.text()),
            ),
            // One chamber without a weight: one member, one vote.
            None if lone => Some(10_000),
            None => {
                c.push(
                    format!("chambers.{name}.weight_percent"),
                    "give every chamber its weight",
                );
                None
            }
        };
        chambers.push(Chamber {
            name: name.clone(),
            weight_bp: weight_bp.unwrap_or(0),
            eligible: ch.eligible,
        });
    }
    let (Some(kind), Some(threshold), Some(limits), Some(quorum_bp)) =
        (kind, threshold, limits, quorum_bp)
    else {
        return Err(c.finish().expect_err("errors were recorded"));
    };
    let options = match (&raw.options, kind) {
        (Some(o), _) => o.clone(),
        (None, DecisionKind::Proposal) => PROPOSAL_OPTIONS.iter().map(|s| s.to_string()).collect(),
        (None, _) => Vec::new(),
    };
    let rules = Rules {
        kind,
        options,
        multiple: raw.multiple.unwrap_or(false),
        max_score: raw.max_score.unwrap_or(5),
        dots: raw.dots.unwrap_or(8),
        chambers,
        quorum_bp,
        threshold,
    };
    rules.check_into(&mut c, limits);
    if raw.ballots.len() > MAX_BALLOTS {
        c.push(
            "ballots",
            format!("at most {MAX_BALLOTS} ballots in a file"),
        );
    }
    let mut ballots = Vec::with_capacity(raw.ballots.len());
    let mut cast = vec![0u64; rules.chambers.len()];
    for (i, b) in raw.ballots.iter().enumerate() {
        let Some(chamber) = rules.chambers.iter().position(|ch| ch.name == b.chamber) else {
            c.push(
                format!("ballots[{i}].chamber"),
                format!("\"{}\" is not one of the chambers", b.chamber),
            );
            continue;
        };
        let weight = b.weight.unwrap_or(1);
        if !(1..=MAX_WEIGHT).contains(&weight) {
            c.push(
                format!("ballots[{i}].weight"),
                format!("a ballot weighs 1 to {MAX_WEIGHT}"),
            );
            continue;
        }
        match rules.mark(b.choice.as_ref(), b.ranking.as_deref()) {
            Ok(marks) => {
                cast[chamber] += 1;
                ballots.push(Ballot {
                    chamber,
                    weight,
                    marks,
                })
            }
            Err(reason) => {
                let field = if b.ranking.is_some() {
                    "ranking"
                } else {
                    "choice"
                };
                c.push(format!("ballots[{i}].{field}"), reason);
            }
        }
    }
    for (ch, n) in rules.chambers.iter().zip(&cast) {
        if *n > ch.eligible {
            c.push(
                format!("chambers.{}.eligible", ch.name),
                format!(
                    "{n} ballots in a chamber of {} eligible voters",
                    ch.eligible
                ),
            );
        }
    }
    c.finish()?;
    Ok((rules, ballots))
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct RawPatronage {
    currency: String,
    surplus: Decimal,
    reserve_percent: Decimal,
    patronage: BTreeMap<String, Decimal>,
}

/// A surplus divided, as `bayanihan patronage` prints it: amounts as decimal strings in the
/// currency.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct PatronageOut {
    pub currency: String,
    pub surplus: String,
    pub reserve_percent: String,
    pub reserve: String,
    pub refunds: super::tally::Ordered<String>,
}

/// Reads a patronage file and divides its surplus.
pub fn patronage(text: &str) -> Result<PatronageOut, Invalid> {
    let raw: RawPatronage = serde_json::from_str(text).map_err(json_error)?;
    let mut c = Collector::new();
    let currency = c.take("currency", Currency::parse(&raw.currency));
    let bp = c.take(
        "reserve_percent",
        parse_percent(&raw.reserve_percent.text()),
    );
    let Some(cur) = currency else {
        return Err(c.finish().expect_err("errors were recorded"));
    };
    let surplus = c.take("surplus", Money::parse_plain(&raw.surplus.text(), cur));
    let mut members = Vec::with_capacity(raw.patronage.len());
    for (k, v) in &raw.patronage {
        if let Some(m) = c.take(
            &format!("patronage.{k}"),
            Money::parse_plain(&v.text(), cur),
        ) {
            if m.is_negative() {
                c.push(
                    format!("patronage.{k}"),
                    "a member's trade cannot be negative",
                );
            }
            members.push((k.clone(), m));
        }
    }
    if raw.patronage.is_empty() {
        c.push("patronage", "name at least one member and their trade");
    }
    c.finish()?;
    let (Some(surplus), Some(bp)) = (surplus, bp) else {
        unreachable!("errors were returned above")
    };
    let Division { reserve, refunds } = divide(surplus, bp, &members).map_err(|e| {
        let field = match e {
            super::patronage::PatronageError::NoSurplus => "surplus",
            _ => "patronage",
        };
        Invalid::field(field, e.to_string())
    })?;
    Ok(PatronageOut {
        currency: cur.code().to_string(),
        surplus: surplus.to_decimal_string(),
        reserve_percent: super::percent_string(bp),
        reserve: reserve.to_decimal_string(),
        refunds: super::tally::Ordered(
            refunds
                .into_iter()
                .map(|(k, m)| (k, m.to_decimal_string()))
                .collect(),
        ),
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::governance::tally::tally;
    use crate::governance::Outcome;

    fn fields(e: Invalid) -> Vec<String> {
        e.errors.into_iter().map(|e| e.field).collect()
    }

    #[test]
    fn a_tally_file_is_read_and_counted() {
        let (r, b) = read_tally(
            r#"{"kind": "proposal", "preset": "scic", "threshold": "consensus", "quorum_percent": 10,
                "chambers": {"producers": {"weight_percent": 40, "eligible": 5},
                             "workers": {"weight_percent": 30, "eligible": 5},
                             "consumers": {"weight_percent": "20", "eligible": 5},
                             "supporters": {"weight_percent": 10.0, "eligible": 5}},
                "ballots": [{"chamber": "producers", "choice": "agree"},
                            {"chamber": "consumers", "choice": "block"}]}"#,
        )
        .unwrap();
        assert_eq!(r.chambers.len(), 4);
        // Two ballots of twenty: 10 %, the quorum exactly; one block stops it.
        assert_eq!(tally(&r, &b).outcome, Outcome::Blocked);
    }

    #[test]
    fn one_chamber_without_a_weight_is_one_member_one_vote() {
        let (r, _) = read_tally(
            r#"{"kind": "poll", "options": ["a", "b"], "chambers": {"all": {"eligible": 3}},
                "ballots": [{"chamber": "all", "choice": "a"}]}"#,
        )
        .unwrap();
        assert_eq!(r.chambers[0].weight_bp, 10_000);
    }

    #[test]
    fn every_problem_is_named_by_its_place() {
        let e = read_tally(
            r#"{"kind": "proposal", "preset": "scic",
                "chambers": {"a": {"weight_percent": 60, "eligible": 1},
                             "b": {"weight_percent": 30, "eligible": 1},
                             "c": {"weight_percent": 5, "eligible": 1}},
                "ballots": [{"chamber": "a", "choice": "block"},
                            {"chamber": "d", "choice": "agree"},
                            {"chamber": "b", "choice": "agree"},
                            {"chamber": "b", "choice": "agree", "weight": 0},
                            {"chamber": "b", "choice": "agree"}]}"#,
        )
        .unwrap_err();
        assert_eq!(
            fields(e),
            [
                "chambers.a.weight_percent",
                "chambers.c.weight_percent",
                "chambers",
                "ballots[0].choice",
                "ballots[1].chamber",
                "ballots[3].weight",
                "chambers.b.eligible"
            ]
        );
        assert_eq!(fields(read_tally("{").unwrap_err()), ["input"]);
        assert_eq!(
            fields(read_tally(r#"{"kind": "vote", "chambers": {}, "ballots": []}"#).unwrap_err()),
            ["kind"]
        );
    }

    #[test]
    fn a_patronage_file_is_divided_to_the_last_centavo() {
        let out = patronage(
            r#"{"currency": "PHP", "surplus": "100000.01", "reserve_percent": 57.5,
                "patronage": {"kapatiran": "300000", "likha": "150000.00", "himali": 150000}}"#,
        )
        .unwrap();
        assert_eq!(out.reserve, "57500.01");
        // 42,500.00 split 1:2:1 over himali, kapatiran, likha (keys ascending).
        assert_eq!(
            out.refunds.0,
            [
                ("himali".to_string(), "10625.00".to_string()),
                ("kapatiran".to_string(), "21250.00".to_string()),
                ("likha".to_string(), "10625.00".to_string())
            ]
        );
        let e = patronage(r#"{"currency": "PHP", "surplus": "1.001", "reserve_percent": 120, "patronage": {"a": "-1"}}"#)
            .unwrap_err();
        assert_eq!(fields(e), ["reserve_percent", "surplus", "patronage.a"]);
        let e = patronage(r#"{"currency": "PHP", "surplus": "10", "reserve_percent": 0, "patronage": {"a": "0"}}"#)
            .unwrap_err();
        assert_eq!(fields(e), ["patronage"]);
    }
}
