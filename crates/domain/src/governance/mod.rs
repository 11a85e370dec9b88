//! Self-governance: decisions counted by rules that are checked, not hoped for.
//!
//! A decision is taken by an electorate split into **chambers** (a multi-stakeholder
//! cooperative's producers, workers, consumers, supporters; or one chamber, `all`, for one
//! member one vote). Its [`Rules`] say what is asked ([`DecisionKind`], Loomio's well-tried
//! set), the **quorum** (a percentage of the electorate that must take part) and the
//! **threshold** a result must reach. Each chamber's result counts with its weight; a
//! network may weight a member organization's ballot by its size.
//!
//! - [`tally`] counts ballots into raw and weighted results, with instant runoff for ranked
//!   choice; the same function serves the platform and `bayanihan decision tally`.
//! - [`patronage`] divides a surplus into an indivisible reserve and refunds in proportion to
//!   each member's trade, to the last minor unit.
//!
//! Percentages travel as decimals with at most two places (`57.5`), held as basis points.

pub mod decision;
pub mod input;
pub mod patronage;
pub(crate) mod ratio;
pub mod tally;

pub use ratio::Ratio;

use serde::{Deserialize, Serialize};

use crate::parse::ParseError;
use crate::validate::Collector;
use crate::vocab::vocabulary;
use crate::Invalid;

/// At most this many options in a decision (Loomio's limit is lower).
pub const MAX_OPTIONS: usize = 100;
/// At most this many chambers.
pub const MAX_CHAMBERS: usize = 20;
/// A score is at most this; dots per voter at most [`MAX_DOTS`].
pub const MAX_SCORE: u32 = 100;
pub const MAX_DOTS: u32 = 1000;
/// A ballot's weight (a member organization's size) is at most this.
pub const MAX_WEIGHT: u64 = 1_000_000_000;
/// A chamber holds at most this many eligible voters.
pub const MAX_ELIGIBLE: u64 = 1_000_000_000;

vocabulary!(
    /// What a decision asks.
    DecisionKind, "decision kind", {
        Proposal => "proposal", "Proposal";
        Poll => "poll", "Poll";
        Score => "score", "Score";
        RankedChoice => "ranked_choice", "Ranked choice";
        DotVote => "dot_vote", "Dot vote";
        MeetingTime => "meeting_time", "Meeting time";
    }
);

vocabulary!(
    /// What a result must reach to pass.
    Threshold, "threshold", {
        Simple => "simple", "More than half";
        TwoThirds => "two_thirds", "Two thirds";
        Consensus => "consensus", "Consensus: no block";
    }
);

vocabulary!(
    /// How a decision came out.
    Outcome, "outcome", {
        Passed => "passed", "Passed";
        Rejected => "rejected", "Rejected";
        Blocked => "blocked", "Blocked";
        NoQuorum => "no_quorum", "No quorum";
    }
);

vocabulary!(
    /// A proposal's answers. `consent` and `objection` are the consent form's names for
    /// agreement and a block.
    Stance, "stance", {
        Agree => "agree", "Agree";
        Abstain => "abstain", "Abstain";
        Disagree => "disagree", "Disagree";
        Block => "block", "Block";
        Consent => "consent", "Consent";
        Objection => "objection", "Objection";
    }
);

impl Stance {
    /// The stance it counts as: consent is agreement, an objection a block.
    pub fn counts_as(self) -> Stance {
        match self {
            Stance::Consent => Stance::Agree,
            Stance::Objection => Stance::Block,
            s => s,
        }
    }
}

/// A proposal's options: agree, abstain, disagree, block.
pub const PROPOSAL_OPTIONS: [&str; 4] = ["agree", "abstain", "disagree", "block"];
/// The consent form's options: consent, abstain, objection (any objection stops it).
pub const CONSENT_OPTIONS: [&str; 3] = ["consent", "abstain", "objection"];

/// Reads a percentage with at most two decimals, 0 to 100, as basis points (`57.5` → 5750).
pub fn parse_percent(s: &str) -> Result<u32, ParseError> {
    let t = s.trim();
    let bad = || {
        ParseError::new(format!(
            "\"{t}\" is not a percentage from 0 to 100 with at most two decimals"
        ))
    };
    let (whole, frac) = t.split_once('.').unwrap_or((t, ""));
    if whole.is_empty()
        || whole.len() > 3
        || frac.len() > 2
        || !whole.bytes().all(|b| b.is_ascii_digit())
        || !frac.bytes().all(|b| b.is_ascii_digit())
        || (t.contains('.') && frac.is_empty())
    {
        return Err(bad());
    }
    let w: u32 = whole.parse().map_err(|_| bad())?;
    let f: u32 = format!("{frac:0<2}").parse().map_err(|_| bad())?;
    let bp = w * 100 + f;
    if bp > 10_000 {
        return Err(bad());
    }
    Ok(bp)
}

/// Basis points as a percentage with two decimals: 5750 → `"57.50"`.
pub fn percent_string(bp: u32) -> String {
    format!("{}.{:02}", bp / 100, bp % 100)
}

/// A group of the electorate whose result counts with a weight of its own.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Chamber {
    pub name: String,
    /// Its weight in basis points; the chambers' weights add up to 10 000 (100 %).
    pub weight_bp: u32,
    /// How many may vote in it, fixed when the vote opens.
    pub eligible: u64,
}

vocabulary!(
    /// Ready-made chamber rules.
    Preset, "preset", {
        OneMemberOneVote => "one_member_one_vote", "One member, one vote";
        Scic => "scic", "SCIC: at least three chambers, each 10 % to 50 %";
    }
);

/// Bounds every chamber's weight must keep.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub struct ChamberLimits {
    pub min_chambers: usize,
    pub max_chambers: usize,
    /// Floor and cap of one chamber's weight, in basis points.
    pub floor_bp: u32,
    pub cap_bp: u32,
}

impl ChamberLimits {
    /// No bounds beyond the weights adding up to 100 %.
    pub const ANY: ChamberLimits = ChamberLimits {
        min_chambers: 1,
        max_chambers: MAX_CHAMBERS,
        floor_bp: 0,
        cap_bp: 10_000,
    };

    pub fn of(preset: Preset) -> ChamberLimits {
        match preset {
            Preset::OneMemberOneVote => ChamberLimits {
                min_chambers: 1,
                max_chambers: 1,
                floor_bp: 10_000,
                cap_bp: 10_000,
            },
            // The French SCIC: at least three voting colleges, none holding a majority alone
            // (at most 50 %), each at least 10 %.
            Preset::Scic => ChamberLimits {
                min_chambers: 3,
                max_chambers: MAX_CHAMBERS,
                floor_bp: 1_000,
                cap_bp: 5_000,
            },
        }
    }
}

/// Checks chambers against `limits`: names unique and non-empty, weights adding up to
/// exactly 100 %, each within the floor and the cap. Errors go under `field`
/// (`chambers.producers.weight_percent`).
pub fn check_chambers(c: &mut Collector, field: &str, chambers: &[Chamber], limits: ChamberLimits) {
    if chambers.len() < limits.min_chambers || chambers.len() > limits.max_chambers {
        c.push(
            field,
            if limits.min_chambers == limits.max_chambers {
                format!(
                    "these rules take exactly {} chamber(s), not {}",
                    limits.min_chambers,
                    chambers.len()
                )
            } else {
                format!(
                    "these rules take {} to {} chambers, not {}",
                    limits.min_chambers,
                    limits.max_chambers,
                    chambers.len()
                )
            },
        );
    }
    let mut seen = std::collections::HashSet::new();
    for ch in chambers {
        let f = format!("{field}.{}", ch.name);
        if ch.name.trim().is_empty() || ch.name.chars().count() > 60 {
            c.push(
                format!("{field}.name"),
                "a chamber needs a name of 1 to 60 characters",
            );
        }
        if !seen.insert(ch.name.as_str()) {
            c.push(&f, format!("the chamber \"{}\" is named twice", ch.name));
        }
        if ch.weight_bp < limits.floor_bp || ch.weight_bp > limits.cap_bp {
            c.push(
                format!("{f}.weight_percent"),
                format!(
                    "{} % is outside what these rules allow one chamber ({} % to {} %)",
                    percent_string(ch.weight_bp),
                    percent_string(limits.floor_bp),
                    percent_string(limits.cap_bp)
                ),
            );
        }
        if ch.eligible > MAX_ELIGIBLE {
            c.push(
                format!("{f}.eligible"),
                format!("at most {MAX_ELIGIBLE} voters in a chamber"),
            );
        }
    }
    let sum: u32 = chambers.iter().map(|c| c.weight_bp).sum();
    if !chambers.is_empty() && sum != 10_000 {
        c.push(
            field,
            format!(
                "the chambers' weights add up to {} %, not 100 %",
                percent_string(sum)
            ),
        );
    }
}

/// How a decision is counted, fixed when it opens.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Rules {
    pub kind: DecisionKind,
    /// What may be chosen. A proposal's are [`PROPOSAL_OPTIONS`] or [`CONSENT_OPTIONS`].
    pub options: Vec<String>,
    /// A poll: several options may be chosen.
    pub multiple: bool,
    /// A score: each option scored 0 to this.
    pub max_score: u32,
    /// A dot vote: dots each voter spreads.
    pub dots: u32,
    pub chambers: Vec<Chamber>,
    /// Share of the electorate that must take part, in basis points.
    pub quorum_bp: u32,
    pub threshold: Threshold,
}

/// What a voter gives: one option, several, or points per option (a score, dots).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(untagged)]
pub enum Choice {
    One(String),
    Several(Vec<String>),
    Points(std::collections::BTreeMap<String, u64>),
}

/// A ballot as counted: points per option (by index), or a ranking.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Marks {
    Points(Vec<(usize, u64)>),
    Ranking(Vec<usize>),
}

/// A ballot: its chamber (by index), its weight (1, or a member organization's size) and
/// its marks.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Ballot {
    pub chamber: usize,
    pub weight: u64,
    pub marks: Marks,
}

impl Rules {
    /// Rules with Loomio's defaults for the rest: one option per poll, scores 0 to 5, eight
    /// dots, no quorum.
    pub fn new(
        kind: DecisionKind,
        options: Vec<String>,
        chambers: Vec<Chamber>,
        threshold: Threshold,
    ) -> Rules {
        Rules {
            kind,
            options,
            multiple: false,
            max_score: 5,
            dots: 8,
            chambers,
            quorum_bp: 0,
            threshold,
        }
    }

    /// Checks rules as a whole, every problem at once. `limits` are the chambers' bounds.
    pub fn check(&self, limits: ChamberLimits) -> Result<(), Invalid> {
        let mut c = Collector::new();
        self.check_into(&mut c, limits);
        c.finish()
    }

    pub fn check_into(&self, c: &mut Collector, limits: ChamberLimits) {
        match self.kind {
            DecisionKind::Proposal => {
                let given: Vec<&str> = self.options.iter().map(String::as_str).collect();
                if given != PROPOSAL_OPTIONS && given != CONSENT_OPTIONS {
                    c.push(
                        "options",
                        "a proposal's options are agree, abstain, disagree, block (or consent, abstain, objection)",
                    );
                }
                if given == CONSENT_OPTIONS && self.threshold != Threshold::Consensus {
                    c.push(
                        "threshold",
                        "a consent decision passes by consensus: any objection stops it",
                    );
                }
            }
            _ => {
                if self.options.len() < 2 || self.options.len() > MAX_OPTIONS {
                    c.push("options", format!("give 2 to {MAX_OPTIONS} options"));
                }
                let mut seen = std::collections::HashSet::new();
                for (i, o) in self.options.iter().enumerate() {
                    if o.trim().is_empty() || o.chars().count() > 200 {
                        c.push(format!("options[{i}]"), "an option is 1 to 200 characters");
                    } else if let Err(e) = crate::text::check(o, crate::text::Shape::Line, 200) {
                        // Shown in pages, CSV and terminals: no control or direction characters.
                        c.push(format!("options[{i}]"), e.to_string());
                    } else if !seen.insert(o.as_str()) {
                        c.push(format!("options[{i}]"), format!("\"{o}\" is given twice"));
                    }
                }
                if self.threshold == Threshold::Consensus {
                    c.push(
                        "threshold",
                        "consensus (no block) applies to proposals only",
                    );
                }
            }
        }
        if self.kind == DecisionKind::Score && !(1..=MAX_SCORE).contains(&self.max_score) {
            c.push("max_score", format!("a score goes up to 1 … {MAX_SCORE}"));
        }
        if self.kind == DecisionKind::DotVote && !(1..=MAX_DOTS).contains(&self.dots) {
            c.push("dots", format!("each voter has 1 to {MAX_DOTS} dots"));
        }
        if self.quorum_bp > 10_000 {
            c.push("quorum_percent", "a quorum is 0 to 100 %");
        }
        check_chambers(c, "chambers", &self.chambers, limits);
    }

    fn option(&self, name: &str) -> Result<usize, String> {
        self.options.iter().position(|o| o == name).ok_or_else(|| {
            format!(
                "\"{name}\" is not an option of this decision; use one of: {}",
                self.options.join(", ")
            )
        })
    }

    /// The stance a proposal's option counts as.
    pub fn stance(&self, option: usize) -> Option<Stance> {
        (self.kind == DecisionKind::Proposal)
            .then(|| {
                Stance::parse(&self.options[option])
                    .ok()
                    .map(Stance::counts_as)
            })
            .flatten()
    }

    /// Reads what a voter gives into the marks counted, or says why it cannot be counted.
    pub fn mark(
        &self,
        choice: Option<&Choice>,
        ranking: Option<&[String]>,
    ) -> Result<Marks, String> {
        if self.kind == DecisionKind::RankedChoice {
            let Some(ranking) = ranking else {
                return Err(
                    "a ranked-choice ballot is a ranking of the options, most wanted first".into(),
                );
            };
            if ranking.is_empty() {
                return Err("rank at least one option".into());
            }
            let mut out = Vec::with_capacity(ranking.len());
            for r in ranking {
                let i = self.option(r)?;
                if out.contains(&i) {
                    return Err(format!("\"{r}\" is ranked twice"));
                }
                out.push(i);
            }
            return Ok(Marks::Ranking(out));
        }
        if ranking.is_some() {
            return Err("only a ranked-choice ballot is a ranking; give a choice".into());
        }
        let Some(choice) = choice else {
            return Err("a ballot needs a choice".into());
        };
        match (self.kind, choice) {
            (DecisionKind::Proposal, Choice::One(s)) => {
                let i = self.option(s)?;
                if self.stance(i) == Some(Stance::Block) && self.threshold != Threshold::Consensus {
                    return Err(format!(
                        "a {s} counts only in a consensus vote; this one passes by a {} threshold",
                        self.threshold.label().to_lowercase()
                    ));
                }
                Ok(Marks::Points(vec![(i, 1)]))
            }
            (DecisionKind::Poll, Choice::One(s)) => Ok(Marks::Points(vec![(self.option(s)?, 1)])),
            (DecisionKind::Poll | DecisionKind::MeetingTime, Choice::Several(v)) => {
                if v.is_empty() {
                    return Err("choose at least one option".into());
                }
                if self.kind == DecisionKind::Poll && !self.multiple && v.len() > 1 {
                    return Err("this poll takes one option".into());
                }
                let mut out: Vec<(usize, u64)> = Vec::with_capacity(v.len());
                for s in v {
                    let i = self.option(s)?;
                    if out.iter().any(|(j, _)| *j == i) {
                        return Err(format!("\"{s}\" is chosen twice"));
                    }
                    out.push((i, 1));
                }
                Ok(Marks::Points(out))
            }
            (DecisionKind::MeetingTime, Choice::One(s)) => {
                Ok(Marks::Points(vec![(self.option(s)?, 1)]))
            }
            (DecisionKind::Score | DecisionKind::DotVote, Choice::Points(m)) => {
                let mut out = Vec::with_capacity(m.len());
                let mut total: u64 = 0;
                for (s, &n) in m {
                    let i = self.option(s)?;
                    if self.kind == DecisionKind::Score && n > u64::from(self.max_score) {
                        return Err(format!(
                            "\"{s}\" scored {n}; scores go from 0 to {}",
                            self.max_score
                        ));
                    }
                    total = total.saturating_add(n);
                    if n > 0 {
                        out.push((i, n));
                    }
                }
                if self.kind == DecisionKind::DotVote && total > u64::from(self.dots) {
                    return Err(format!("{total} dots given; each voter has {}", self.dots));
                }
                if m.is_empty() {
                    return Err("give points to at least one option".into());
                }
                out.sort_unstable();
                Ok(Marks::Points(out))
            }
            (DecisionKind::Score | DecisionKind::DotVote, _) => {
                Err("give points per option: {\"option\": points}".into())
            }
            (DecisionKind::Proposal, _) => Err("a proposal takes one answer".into()),
            (DecisionKind::Poll, Choice::Points(_))
            | (DecisionKind::MeetingTime, Choice::Points(_)) => {
                Err("choose options by name; points are for scores and dot votes".into())
            }
            (DecisionKind::RankedChoice, _) => unreachable!("handled above"),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn percentages_are_read_exactly_or_refused() {
        assert_eq!(parse_percent("57.5"), Ok(5750));
        assert_eq!(parse_percent("40"), Ok(4000));
        assert_eq!(parse_percent("33.33"), Ok(3333));
        assert_eq!(parse_percent("100.00"), Ok(10_000));
        for bad in ["", "-1", "100.01", "1.234", "1.", ".5", "1e2", "a", "1000"] {
            assert!(parse_percent(bad).is_err(), "{bad}");
        }
    }

    fn chamber(name: &str, pct: u32) -> Chamber {
        Chamber {
            name: name.into(),
            weight_bp: pct * 100,
            eligible: 10,
        }
    }

    fn errors(chambers: &[Chamber], limits: ChamberLimits) -> Vec<String> {
        let mut c = Collector::new();
        check_chambers(&mut c, "chambers", chambers, limits);
        c.finish()
            .err()
            .map(|i| i.errors.into_iter().map(|e| e.field).collect())
            .unwrap_or_default()
    }

    #[test]
    fn weights_add_up_and_keep_the_presets_bounds() {
        let scic = ChamberLimits::of(Preset::Scic);
        let good = [
            chamber("producers", 40),
            chamber("workers", 30),
            chamber("consumers", 20),
            chamber("supporters", 10),
        ];
        assert!(errors(&good, scic).is_empty());
        // 99 %: refused as a whole.
        let short = [chamber("a", 40), chamber("b", 30), chamber("c", 29)];
        assert_eq!(errors(&short, ChamberLimits::ANY), ["chambers"]);
        // A chamber with a majority alone, one under the floor, and too few chambers.
        assert_eq!(
            errors(&[chamber("a", 51), chamber("b", 49)], scic),
            ["chambers", "chambers.a.weight_percent"]
        );
        assert_eq!(
            errors(&[chamber("a", 50), chamber("b", 45), chamber("c", 5)], scic),
            ["chambers.c.weight_percent"]
        );
        // One member, one vote: one chamber holding everything.
        let omov = ChamberLimits::of(Preset::OneMemberOneVote);
        assert!(errors(&[chamber("all", 100)], omov).is_empty());
        assert_eq!(errors(&good, omov)[0], "chambers");
        assert_eq!(
            errors(&[chamber("a", 50), chamber("a", 50)], ChamberLimits::ANY),
            ["chambers.a"]
        );
    }

    fn rules(kind: DecisionKind, options: &[&str], threshold: Threshold) -> Rules {
        let options = options.iter().map(|s| s.to_string()).collect();
        Rules::new(kind, options, vec![chamber("all", 100)], threshold)
    }

    #[test]
    fn a_ballot_is_read_by_its_decisions_kind() {
        let p = rules(DecisionKind::Proposal, &PROPOSAL_OPTIONS, Threshold::Simple);
        assert_eq!(
            p.mark(Some(&Choice::One("agree".into())), None),
            Ok(Marks::Points(vec![(0, 1)]))
        );
        // A block in a vote that is not by consensus: refused, saying why.
        let e = p
            .mark(Some(&Choice::One("block".into())), None)
            .unwrap_err();
        assert!(e.contains("consensus"), "{e}");
        assert!(p.mark(Some(&Choice::One("maybe".into())), None).is_err());
        let c = rules(
            DecisionKind::Proposal,
            &PROPOSAL_OPTIONS,
            Threshold::Consensus,
        );
        assert!(c.mark(Some(&Choice::One("block".into())), None).is_ok());

        let dots = rules(DecisionKind::DotVote, &["a", "b"], Threshold::Simple);
        let pts = |v: &[(&str, u64)]| {
            Choice::Points(v.iter().map(|(k, n)| (k.to_string(), *n)).collect())
        };
        assert_eq!(
            dots.mark(Some(&pts(&[("a", 5), ("b", 3)])), None),
            Ok(Marks::Points(vec![(0, 5), (1, 3)]))
        );
        assert!(dots
            .mark(Some(&pts(&[("a", 5), ("b", 4)])), None)
            .unwrap_err()
            .contains("9 dots"));
        let score = rules(DecisionKind::Score, &["a", "b"], Threshold::Simple);
        assert!(score.mark(Some(&pts(&[("a", 6)])), None).is_err());

        let poll = rules(DecisionKind::Poll, &["a", "b", "c"], Threshold::Simple);
        assert!(poll
            .mark(Some(&Choice::Several(vec!["a".into(), "b".into()])), None)
            .is_err());
        let mut multi = poll.clone();
        multi.multiple = true;
        assert!(multi
            .mark(Some(&Choice::Several(vec!["a".into(), "a".into()])), None)
            .is_err());

        let rc = rules(
            DecisionKind::RankedChoice,
            &["a", "b", "c"],
            Threshold::Simple,
        );
        assert_eq!(
            rc.mark(None, Some(&["c".into(), "a".into()])),
            Ok(Marks::Ranking(vec![2, 0]))
        );
        assert!(rc.mark(None, Some(&["c".into(), "c".into()])).is_err());
        assert!(rc.mark(Some(&Choice::One("a".into())), None).is_err());
    }

    #[test]
    fn rules_are_checked_as_a_whole() {
        let mut r = rules(DecisionKind::Poll, &["a"], Threshold::Consensus);
        r.quorum_bp = 10_001;
        r.chambers[0].weight_bp = 9_000;
        let fields: Vec<String> = r
            .check(ChamberLimits::ANY)
            .unwrap_err()
            .errors
            .into_iter()
            .map(|e| e.field)
            .collect();
        assert_eq!(
            fields,
            ["options", "threshold", "quorum_percent", "chambers"]
        );
        let consent = rules(DecisionKind::Proposal, &CONSENT_OPTIONS, Threshold::Simple);
        assert!(consent.check(ChamberLimits::ANY).is_err());
    }
}
