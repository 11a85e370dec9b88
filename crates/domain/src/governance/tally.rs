//! Counting a decision's ballots: raw and weighted results, quorum, threshold, outcome.
//!
//! # How a result is counted
//!
//! Every ballot becomes **points** per option: 1 for the option chosen (a proposal, a poll,
//! each option of a several-option poll or a meeting time), the score, or the dots — times
//! the ballot's weight (1, or a member organization's size in a network). A proposal's
//! abstentions count for turnout, never for shares.
//!
//! - **Raw**: points per option over the whole electorate.
//! - **Per chamber**: a chamber's share of an option is its points for the option over all
//!   its points.
//! - **Weighted**: each option's weighted share is `Σ weight_c × share_c ÷ Σ weight_c`
//!   over the chambers that gave any points, so a chamber that stays away neither votes nor
//!   dilutes the others (its weight is shared among those that voted, in proportion).
//!   Computed exactly ([`Ratio`]); shown rounded half away from zero to two decimals.
//! - **Turnout** is ballots ÷ eligible voters (people or delegates, not weights); the quorum
//!   is met when turnout ≥ quorum, compared exactly.
//!
//! # Outcome
//!
//! Without quorum: `no_quorum`. Otherwise, for a **proposal**: `consensus` — any block (or
//! objection) makes it `blocked`, else it passes when agreement is more than half of the
//! weighted share; `simple` — agreement more than half; `two_thirds` — agreement at least two
//! thirds. For **polls, scores, dot votes and meeting times**, the option with the largest
//! weighted share wins (a tie: no winner, `rejected`); `two_thirds` also needs its share to be
//! at least two thirds. **Ranked choice** is an instant runoff: each round counts every ballot
//! for its highest-ranked option still standing; an option with more than half of the
//! weighted share wins; otherwise the option with the smallest weighted share (then the fewest
//! raw points, then the last listed) is eliminated. `two_thirds` needs the winner's last
//! share to be at least two thirds.

use serde::de::{Deserializer, MapAccess, Visitor};
use serde::ser::{SerializeMap, Serializer};
use serde::{Deserialize, Serialize};

use super::{
    percent_string, Ballot, DecisionKind, Marks, Outcome, Ratio, Rules, Stance, Threshold,
};

/// Values per name, serialized as a JSON object in the order given.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct Ordered<T>(pub Vec<(String, T)>);

impl<T: Serialize> Serialize for Ordered<T> {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        let mut m = s.serialize_map(Some(self.0.len()))?;
        for (k, v) in &self.0 {
            m.serialize_entry(k, v)?;
        }
        m.end()
    }
}

// Read back in the order written (a stored tally keeps its options' order).
impl<'de, T: Deserialize<'de>> Deserialize<'de> for Ordered<T> {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        struct V<T>(std::marker::PhantomData<T>);
        impl<'de, T: Deserialize<'de>> Visitor<'de> for V<T> {
            type Value = Ordered<T>;
            fn expecting(&self, f: &mut std::fmt::Formatter) -> std::fmt::Result {
                f.write_str("an object")
            }
            fn visit_map<A: MapAccess<'de>>(self, mut m: A) -> Result<Self::Value, A::Error> {
                let mut v = Vec::new();
                while let Some((k, x)) = m.next_entry()? {
                    v.push((k, x));
                }
                Ok(Ordered(v))
            }
        }
        d.deserialize_map(V(std::marker::PhantomData))
    }
}

impl<T> Ordered<T> {
    pub fn get(&self, name: &str) -> Option<&T> {
        self.0.iter().find(|(k, _)| k == name).map(|(_, v)| v)
    }
}

/// One chamber's part of a tally.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ChamberTally {
    pub weight_percent: String,
    pub eligible: u64,
    pub ballots: u64,
    /// Points per option.
    pub votes: Ordered<u64>,
    /// The chamber's share of each option (abstentions left out).
    pub percent: Ordered<String>,
}

/// One round of an instant runoff.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct RunoffRound {
    /// Raw points per option still standing.
    pub counts: Ordered<u64>,
    pub weighted_percent: Ordered<String>,
    /// The option eliminated after this round, if any.
    pub eliminated: Option<String>,
}

/// A decision's result.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Tally {
    pub kind: DecisionKind,
    pub outcome: Outcome,
    /// The winning option (polls, scores, dot votes, meeting times, ranked choice).
    pub winner: Option<String>,
    /// Points per option over the whole electorate, abstentions included.
    pub raw: Ordered<u64>,
    pub by_chamber: Ordered<ChamberTally>,
    /// Weighted share per option (abstentions left out), two decimals.
    pub weighted_percent: Ordered<String>,
    pub ballots: u64,
    pub eligible: u64,
    pub turnout_percent: String,
    pub quorum_met: bool,
    /// Ranked choice: each round of the runoff.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub rounds: Option<Vec<RunoffRound>>,
}

/// Weighted shares of each option from points per chamber per option, over the options that
/// count (`counts[o]`); `None` for an option that does not.
fn weighted(rules: &Rules, points: &[Vec<u128>], counts: &[bool]) -> Vec<Option<Ratio>> {
    let totals: Vec<u128> = points
        .iter()
        .map(|p| {
            p.iter()
                .zip(counts)
                .filter(|(_, c)| **c)
                .map(|(n, _)| n)
                .sum()
        })
        .collect();
    let voted: Vec<usize> = (0..points.len()).filter(|&c| totals[c] > 0).collect();
    let w_total: u64 = voted
        .iter()
        .map(|&c| u64::from(rules.chambers[c].weight_bp))
        .sum();
    (0..counts.len())
        .map(|o| {
            if !counts[o] {
                return None;
            }
            if voted.is_empty() || w_total == 0 {
                return Some(Ratio::zero());
            }
            // Σ_c w_c·p_co·Π_{d≠c} P_d  over  W·Π P_c.
            let mut den = num_bigint::BigUint::from(w_total);
            for &c in &voted {
                den *= totals[c];
            }
            let mut num = num_bigint::BigUint::ZERO;
            for &c in &voted {
                let mut term =
                    num_bigint::BigUint::from(rules.chambers[c].weight_bp) * points[c][o];
                for &d in &voted {
                    if d != c {
                        term *= totals[d];
                    }
                }
                num += term;
            }
            Some(Ratio::new(num, den))
        })
        .collect()
}

/// The single option with the largest share, if there is one and it is above zero.
fn top(shares: &[Option<Ratio>]) -> Option<usize> {
    let mut best: Option<usize> = None;
    let mut tie = false;
    for (o, s) in shares.iter().enumerate() {
        let Some(s) = s else { continue };
        match best {
            None => {
                best = Some(o);
                tie = false;
            }
            Some(b) => match s.cmp(shares[b].as_ref().expect("counted")) {
                std::cmp::Ordering::Greater => {
                    best = Some(o);
                    tie = false;
                }
                std::cmp::Ordering::Equal => tie = true,
                std::cmp::Ordering::Less => {}
            },
        }
    }
    best.filter(|&b| !tie && !shares[b].as_ref().is_some_and(Ratio::is_zero))
}

fn named<T: Clone>(rules: &Rules, values: &[T], keep: impl Fn(usize) -> bool) -> Ordered<T> {
    Ordered(
        values
            .iter()
            .enumerate()
            .filter(|(o, _)| keep(*o))
            .map(|(o, v)| (rules.options[o].clone(), v.clone()))
            .collect(),
    )
}

fn percents(rules: &Rules, shares: &[Option<Ratio>]) -> Ordered<String> {
    Ordered(
        shares
            .iter()
            .enumerate()
            .filter_map(|(o, s)| s.as_ref().map(|s| (rules.options[o].clone(), s.percent())))
            .collect(),
    )
}

fn clamp(n: u128) -> u64 {
    u64::try_from(n).unwrap_or(u64::MAX)
}

/// Counts `ballots` under `rules`. Ballots must have been read by [`Rules::mark`] and name
/// chambers of `rules` (their count per chamber is not checked against `eligible` here: the
/// caller fixed the electorate).
pub fn tally(rules: &Rules, ballots: &[Ballot]) -> Tally {
    let n_opt = rules.options.len();
    let n_ch = rules.chambers.len();
    let mut cast = vec![0u64; n_ch];
    for b in ballots {
        cast[b.chamber] += 1;
    }
    let eligible: u64 = rules.chambers.iter().map(|c| c.eligible).sum();
    let total_cast: u64 = cast.iter().sum();
    let quorum_met = u128::from(total_cast) * 10_000
        >= u128::from(rules.quorum_bp) * u128::from(eligible)
        && (eligible > 0 || rules.quorum_bp == 0);
    let counts: Vec<bool> = (0..n_opt)
        .map(|o| rules.stance(o) != Some(Stance::Abstain))
        .collect();

    // Points per chamber per option: first preferences for ranked choice.
    let first_round = |standing: &[bool]| {
        let mut points = vec![vec![0u128; n_opt]; n_ch];
        for b in ballots {
            match &b.marks {
                Marks::Points(v) => {
                    for &(o, n) in v {
                        points[b.chamber][o] += u128::from(n) * u128::from(b.weight);
                    }
                }
                Marks::Ranking(r) => {
                    if let Some(&o) = r.iter().find(|&&o| standing[o]) {
                        points[b.chamber][o] += u128::from(b.weight);
                    }
                }
            }
        }
        points
    };
    let all = vec![true; n_opt];
    let points = first_round(&all);
    let shares = weighted(rules, &points, &counts);
    let raw: Vec<u64> = (0..n_opt)
        .map(|o| clamp(points.iter().map(|p| p[o]).sum()))
        .collect();
    let by_chamber = Ordered(
        rules
            .chambers
            .iter()
            .enumerate()
            .map(|(c, ch)| {
                let total: u128 = points[c]
                    .iter()
                    .zip(&counts)
                    .filter(|(_, k)| **k)
                    .map(|(n, _)| n)
                    .sum();
                let pct: Vec<String> = points[c]
                    .iter()
                    .map(|&n| {
                        if total == 0 {
                            "0.00".into()
                        } else {
                            Ratio::new(n, total).percent()
                        }
                    })
                    .collect();
                (
                    ch.name.clone(),
                    ChamberTally {
                        weight_percent: percent_string(ch.weight_bp),
                        eligible: ch.eligible,
                        ballots: cast[c],
                        votes: named(
                            rules,
                            &points[c].iter().map(|&n| clamp(n)).collect::<Vec<_>>(),
                            |_| true,
                        ),
                        percent: named(rules, &pct, |o| counts[o]),
                    },
                )
            })
            .collect(),
    );

    let mut rounds = None;
    let (winner, decided) = match rules.kind {
        DecisionKind::Proposal => {
            let share_of = |s: Stance| -> Ratio {
                (0..n_opt)
                    .find(|&o| rules.stance(o) == Some(s))
                    .and_then(|o| shares[o].clone())
                    .unwrap_or_else(Ratio::zero)
            };
            let agree = share_of(Stance::Agree);
            let blocks: u64 = (0..n_opt)
                .filter(|&o| rules.stance(o) == Some(Stance::Block))
                .map(|o| raw[o])
                .sum();
            let outcome = match rules.threshold {
                Threshold::Consensus if blocks > 0 => Outcome::Blocked,
                Threshold::TwoThirds if agree.at_least(2, 3) => Outcome::Passed,
                Threshold::Simple | Threshold::Consensus if agree.more_than(1, 2) => {
                    Outcome::Passed
                }
                _ => Outcome::Rejected,
            };
            (None, outcome)
        }
        DecisionKind::RankedChoice => {
            let mut standing = vec![true; n_opt];
            let mut list = Vec::new();
            let mut winner = None;
            let mut last_share = Ratio::zero();
            loop {
                let pts = first_round(&standing);
                let sh = weighted(rules, &pts, &standing);
                let counts_now: Vec<u64> = (0..n_opt)
                    .map(|o| clamp(pts.iter().map(|p| p[o]).sum()))
                    .collect();
                let left: Vec<usize> = (0..n_opt).filter(|&o| standing[o]).collect();
                let majority = left
                    .iter()
                    .copied()
                    .find(|&o| sh[o].as_ref().is_some_and(|s| s.more_than(1, 2)));
                let last_one = (left.len() == 1
                    && !sh[left[0]].as_ref().is_some_and(Ratio::is_zero))
                .then(|| left[0]);
                let mut round = RunoffRound {
                    counts: named(rules, &counts_now, |o| standing[o]),
                    weighted_percent: percents(rules, &sh),
                    eliminated: None,
                };
                if let Some(w) = majority.or(last_one) {
                    winner = Some(w);
                    last_share = sh[w].clone().unwrap_or_else(Ratio::zero);
                    list.push(round);
                    break;
                }
                if left.len() <= 1 || sh.iter().flatten().all(Ratio::is_zero) {
                    list.push(round);
                    break;
                }
                // The weakest: smallest weighted share, then fewest raw points, then last listed.
                let out = *left
                    .iter()
                    .min_by(|&&a, &&b| {
                        sh[a]
                            .cmp(&sh[b])
                            .then(counts_now[a].cmp(&counts_now[b]))
                            .then(b.cmp(&a))
                    })
                    .expect("options are left");
                standing[out] = false;
                round.eliminated = Some(rules.options[out].clone());
                list.push(round);
            }
            rounds = Some(list);
            let outcome = match (winner, rules.threshold) {
                (Some(_), Threshold::TwoThirds) if !last_share.at_least(2, 3) => Outcome::Rejected,
                (Some(_), _) => Outcome::Passed,
                (None, _) => Outcome::Rejected,
            };
            (winner, outcome)
        }
        _ => {
            let w = top(&shares);
            let outcome = match (w, rules.threshold) {
                (Some(w), Threshold::TwoThirds)
                    if !shares[w].as_ref().is_some_and(|s| s.at_least(2, 3)) =>
                {
                    Outcome::Rejected
                }
                (Some(_), _) => Outcome::Passed,
                (None, _) => Outcome::Rejected,
            };
            (w, outcome)
        }
    };
    Tally {
        kind: rules.kind,
        outcome: if quorum_met {
            decided
        } else {
            Outcome::NoQuorum
        },
        winner: winner.map(|w| rules.options[w].clone()),
        raw: named(rules, &raw, |_| true),
        by_chamber,
        weighted_percent: percents(rules, &shares),
        ballots: total_cast,
        eligible,
        turnout_percent: super::ratio::percent_of(total_cast, eligible),
        quorum_met,
        rounds,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::governance::{Chamber, Choice, PROPOSAL_OPTIONS};

    fn ch(name: &str, pct: u32, eligible: u64) -> Chamber {
        Chamber {
            name: name.into(),
            weight_bp: pct * 100,
            eligible,
        }
    }

    fn rules(
        kind: DecisionKind,
        options: &[&str],
        chambers: Vec<Chamber>,
        threshold: Threshold,
    ) -> Rules {
        let options = options.iter().map(|s| s.to_string()).collect();
        Rules::new(kind, options, chambers, threshold)
    }

    fn one(r: &Rules, chamber: usize, s: &str) -> Ballot {
        Ballot {
            chamber,
            weight: 1,
            marks: r.mark(Some(&Choice::One(s.into())), None).unwrap(),
        }
    }

    fn many(r: &Rules, chamber: usize, s: &str, n: usize) -> Vec<Ballot> {
        (0..n).map(|_| one(r, chamber, s)).collect()
    }

    #[test]
    fn a_small_chamber_weighs_what_its_weight_says() {
        // Producers 40 %, workers 30 %, consumers 20 %, supporters 10 %. 100 consumers agree,
        // 3 producers and 2 workers disagree, the supporter agrees.
        let r = rules(
            DecisionKind::Proposal,
            &PROPOSAL_OPTIONS,
            vec![
                ch("producers", 40, 5),
                ch("workers", 30, 4),
                ch("consumers", 20, 150),
                ch("supporters", 10, 2),
            ],
            Threshold::Simple,
        );
        let mut b = many(&r, 2, "agree", 100);
        b.extend(many(&r, 0, "disagree", 3));
        b.extend(many(&r, 1, "disagree", 2));
        b.extend(many(&r, 3, "agree", 1));
        b.push(one(&r, 2, "abstain"));
        let t = tally(&r, &b);
        assert_eq!(t.raw.get("agree"), Some(&101));
        assert_eq!(t.raw.get("abstain"), Some(&1));
        assert_eq!(
            t.weighted_percent.get("agree").map(String::as_str),
            Some("30.00")
        );
        assert_eq!(
            t.weighted_percent.get("disagree").map(String::as_str),
            Some("70.00")
        );
        assert!(
            t.weighted_percent.get("abstain").is_none(),
            "abstentions are no share"
        );
        assert_eq!(
            t.outcome,
            Outcome::Rejected,
            "a raw majority, a weighted minority"
        );
        assert_eq!(t.ballots, 107);
        assert_eq!(t.turnout_percent, "66.46");
        assert_eq!(
            t.by_chamber
                .get("consumers")
                .unwrap()
                .percent
                .get("agree")
                .unwrap(),
            "100.00"
        );
    }

    #[test]
    fn a_chamber_that_stays_away_shares_its_weight_among_those_that_voted() {
        let r = rules(
            DecisionKind::Proposal,
            &PROPOSAL_OPTIONS,
            vec![ch("a", 50, 10), ch("b", 25, 10), ch("c", 25, 10)],
            Threshold::TwoThirds,
        );
        // a: all agree; b: all disagree; c: nobody. 50 / (50 + 25) = 66.67 % ≥ two thirds.
        let mut b = many(&r, 0, "agree", 4);
        b.extend(many(&r, 1, "disagree", 7));
        let t = tally(&r, &b);
        assert_eq!(t.weighted_percent.get("agree").unwrap(), "66.67");
        assert_eq!(
            t.outcome,
            Outcome::Passed,
            "exactly two thirds passes a two-thirds threshold"
        );
    }

    #[test]
    fn a_block_stops_a_consensus_and_quorum_comes_first() {
        let mut r = rules(
            DecisionKind::Proposal,
            &PROPOSAL_OPTIONS,
            vec![ch("all", 100, 20)],
            Threshold::Consensus,
        );
        let mut b = many(&r, 0, "agree", 9);
        b.push(one(&r, 0, "block"));
        assert_eq!(tally(&r, &b).outcome, Outcome::Blocked);
        b.pop();
        assert_eq!(tally(&r, &b).outcome, Outcome::Passed);
        r.quorum_bp = 5_000; // 9 of 20 is 45 %.
        let t = tally(&r, &b);
        assert_eq!((t.outcome, t.quorum_met), (Outcome::NoQuorum, false));
        b.push(one(&r, 0, "abstain")); // 10 of 20: abstaining counts for turnout.
        assert_eq!(tally(&r, &b).outcome, Outcome::Passed);
    }

    #[test]
    fn an_instant_runoff_moves_votes_round_by_round() {
        let r = rules(
            DecisionKind::RankedChoice,
            &["rice", "corn", "beans"],
            vec![ch("all", 100, 100)],
            Threshold::Simple,
        );
        let rank = |v: &[&str]| Ballot {
            chamber: 0,
            weight: 1,
            marks: r
                .mark(
                    None,
                    Some(&v.iter().map(|s| s.to_string()).collect::<Vec<_>>()),
                )
                .unwrap(),
        };
        let mut b = Vec::new();
        b.extend((0..4).map(|_| rank(&["rice", "corn"])));
        b.extend((0..3).map(|_| rank(&["corn", "rice"])));
        b.extend((0..2).map(|_| rank(&["beans", "corn"])));
        let t = tally(&r, &b);
        let rounds = t.rounds.as_ref().unwrap();
        assert_eq!(rounds.len(), 2);
        assert_eq!(rounds[0].eliminated.as_deref(), Some("beans"));
        assert_eq!(rounds[1].counts.get("corn"), Some(&5));
        assert_eq!(t.winner.as_deref(), Some("corn"));
        assert_eq!(t.outcome, Outcome::Passed);
    }

    #[test]
    fn polls_scores_and_dots_pick_the_largest_weighted_share() {
        let mut r = rules(
            DecisionKind::Poll,
            &["a", "b"],
            vec![ch("x", 50, 10), ch("y", 50, 10)],
            Threshold::Simple,
        );
        let b = vec![one(&r, 0, "a"), one(&r, 1, "b")];
        let t = tally(&r, &b);
        assert_eq!(
            (t.winner, t.outcome),
            (None, Outcome::Rejected),
            "a tie has no winner"
        );
        r.kind = DecisionKind::DotVote;
        let dots = |r: &Rules, c: usize, a: u64, bb: u64| Ballot {
            chamber: c,
            weight: 1,
            marks: r
                .mark(
                    Some(&Choice::Points(
                        [("a".to_string(), a), ("b".to_string(), bb)].into(),
                    )),
                    None,
                )
                .unwrap(),
        };
        let t = tally(&r, &[dots(&r, 0, 8, 0), dots(&r, 1, 3, 5)]);
        // x: a 100 %; y: a 37.5 %, b 62.5 % → a 68.75 %, b 31.25 %.
        assert_eq!(t.weighted_percent.get("a").unwrap(), "68.75");
        assert_eq!(t.winner.as_deref(), Some("a"));
        r.threshold = Threshold::TwoThirds;
        assert_eq!(
            tally(&r, &[dots(&r, 0, 8, 0), dots(&r, 1, 3, 5)]).outcome,
            Outcome::Passed
        );
        assert_eq!(
            tally(&r, &[dots(&r, 0, 4, 4), dots(&r, 1, 3, 5)]).outcome,
            Outcome::Rejected
        );
    }

    #[test]
    fn a_member_organization_weighs_its_size() {
        let r = rules(
            DecisionKind::Poll,
            &["a", "b"],
            vec![ch("all", 100, 3)],
            Threshold::Simple,
        );
        let mut big = one(&r, 0, "a");
        big.weight = 120;
        let t = tally(&r, &[big, one(&r, 0, "b"), one(&r, 0, "b")]);
        assert_eq!(t.raw.get("a"), Some(&120));
        assert_eq!(t.winner.as_deref(), Some("a"));
        assert_eq!(
            t.turnout_percent, "100.00",
            "turnout counts delegates, not weights"
        );
    }

    use proptest::prelude::*;

    /// Chamber weights, and ballots as (chamber, weight, ranking).
    type Case = (Vec<u32>, Vec<(usize, u64, Vec<usize>)>);

    fn arb_case() -> impl Strategy<Value = Case> {
        // Chamber weights (1..=5 chambers), ballots: chamber, weight, ranking of 4 options.
        (1usize..=5).prop_flat_map(|n| {
            (
                proptest::collection::vec(1u32..100, n),
                proptest::collection::vec(
                    (
                        0..n,
                        1u64..50,
                        Just(vec![0usize, 1, 2, 3])
                            .prop_shuffle()
                            .prop_flat_map(|v| (1usize..=4).prop_map(move |k| v[..k].to_vec())),
                    ),
                    0..60,
                ),
            )
        })
    }

    fn rules_of(raw: &[u32], kind: DecisionKind) -> Rules {
        // Weights summing to exactly 10 000 basis points, the last taking the rest.
        let total: u32 = raw.iter().sum();
        let mut bp: Vec<u32> = raw.iter().map(|w| w * 10_000 / total).collect();
        let rest = 10_000 - bp.iter().sum::<u32>();
        *bp.last_mut().unwrap() += rest;
        rules(
            kind,
            &["a", "b", "c", "d"],
            bp.iter()
                .enumerate()
                .map(|(i, &w)| Chamber {
                    name: format!("c{i}"),
                    weight_bp: w,
                    eligible: 100,
                })
                .collect(),
            Threshold::Simple,
        )
    }

    proptest! {
        #[test]
        fn shares_add_up_and_the_order_of_ballots_changes_nothing((raw, cast) in arb_case()) {
            let poll = rules_of(&raw, DecisionKind::Poll);
            let ballots: Vec<Ballot> = cast
                .iter()
                .map(|(c, w, r)| Ballot { chamber: *c, weight: *w, marks: Marks::Points(vec![(r[0], 1)]) })
                .collect();
            let t = tally(&poll, &ballots);
            // A stored tally reads back as it was, options in their order.
            let stored: Tally = serde_json::from_str(&serde_json::to_string(&t).unwrap()).unwrap();
            prop_assert_eq!(&stored, &t);
            let mut reversed = ballots.clone();
            reversed.reverse();
            prop_assert_eq!(&t, &tally(&poll, &reversed));
            prop_assert_eq!(t.raw.0.iter().map(|(_, n)| n).sum::<u64>(), ballots.iter().map(|b| b.weight).sum::<u64>());
            if !ballots.is_empty() {
                // Four shares, each rounded to 0.01: their sum is within 0.02 of 100 %.
                let sum: i64 = t.weighted_percent.0.iter().map(|(_, p)| p.replace('.', "").parse::<i64>().unwrap()).sum();
                prop_assert!((sum - 10_000).abs() <= 2, "{}", sum);
            }
            // Ranked choice: the winner stands to the last round, with a majority unless alone.
            let rc = rules_of(&raw, DecisionKind::RankedChoice);
            let ranked: Vec<Ballot> = cast
                .iter()
                .map(|(c, w, r)| Ballot { chamber: *c, weight: *w, marks: Marks::Ranking(r.clone()) })
                .collect();
            let t = tally(&rc, &ranked);
            let rounds = t.rounds.clone().unwrap();
            prop_assert!(rounds.len() <= 4);
            if let Some(w) = &t.winner {
                let last = rounds.last().unwrap();
                prop_assert!(last.counts.get(w).is_some());
                let pct: i64 = last.weighted_percent.get(w).unwrap().replace('.', "").parse().unwrap();
                prop_assert!(pct >= 5_000 || last.counts.0.len() == 1);
                prop_assert!(rounds.iter().all(|r| r.eliminated.as_deref() != Some(w.as_str())));
            } else {
                prop_assert!(ranked.is_empty());
            }
        }
    }
}
