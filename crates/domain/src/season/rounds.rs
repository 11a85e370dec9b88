//! Contribution rounds ("bidding rounds"): members pledge what they can pay for a share, against
//! the season's budget.
//!
//! The first round is the sign-up window. When a round closes, its pledges are counted: if they
//! reach the target the round is *met*; otherwise it is *short* and — unless it was the last
//! round the season allows — the next round opens at once for `round_days`, with the gap
//! shown, and members may raise their pledges. Closing is decided from the clock when the
//! season is next read or written, so a round closes on a server without a scheduler too.
//!
//! A share without a pledge when the rounds are over is due its nominal price. A pledge above
//! the nominal price is a *solidarity* pledge; one below is a *reduced* pledge. Only their
//! counts and sums are published ([`Progress`]); a pledge itself is seen by its member alone.

use jiff::Timestamp;
use serde::Serialize;

use crate::vocab::vocabulary;
use crate::Money;

vocabulary!(
    /// Where a contribution round stands.
    RoundStatus, "round status", {
        Open => "open", "Open";
        Met => "met", "Target met";
        Short => "short", "Closed short of the target";
    }
);

/// A round as recorded.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Round {
    pub number: u32,
    #[cfg_attr(feature = "openapi", schema(value_type = String, format = DateTime))]
    pub opens_at: Timestamp,
    #[cfg_attr(feature = "openapi", schema(value_type = String, format = DateTime))]
    pub closes_at: Timestamp,
    pub status: RoundStatus,
    /// What had been pledged when the round closed (`None` while open).
    pub pledged_minor: Option<i64>,
}

impl Round {
    /// Whether pledges are taken at `now`.
    pub fn takes_pledges(&self, now: Timestamp) -> bool {
        self.status == RoundStatus::Open && now >= self.opens_at && now < self.closes_at
    }
}

/// What closing the open round decides.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Closing {
    /// The round closes with its status; `next` is the round opened after it, if any.
    Close {
        status: RoundStatus,
        next: Option<Round>,
    },
    /// Not due yet.
    NotYet,
}

/// Whether the open `round` is due to close at `now`, and what follows: the target is
/// `target`, `pledged` the sum counted now.
pub fn close_due(
    round: &Round,
    now: Timestamp,
    target: Money,
    pledged: Money,
    max_rounds: u32,
    round_days: u32,
) -> Closing {
    if round.status != RoundStatus::Open || now < round.closes_at {
        return Closing::NotYet;
    }
    if pledged.minor() >= target.minor() {
        return Closing::Close {
            status: RoundStatus::Met,
            next: None,
        };
    }
    let next = (round.number < max_rounds).then(|| {
        // A round that closed long ago (nobody looked) opens its successor now, not in the
        // past: members get the whole of round_days to answer the gap.
        let opens_at = round.closes_at.max(now);
        Round {
            number: round.number + 1,
            opens_at,
            closes_at: opens_at
                .checked_add(jiff::SignedDuration::from_hours(24 * i64::from(round_days)))
                .unwrap_or(opens_at),
            status: RoundStatus::Open,
            pledged_minor: None,
        }
    });
    Closing::Close {
        status: RoundStatus::Short,
        next,
    }
}

/// The published progress of the pledges: aggregates only.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Progress {
    #[cfg_attr(feature = "openapi", schema(value_type = Object))]
    pub target: Money,
    #[cfg_attr(feature = "openapi", schema(value_type = Object))]
    pub pledged: Money,
    /// What is still missing (zero once the target is met).
    #[cfg_attr(feature = "openapi", schema(value_type = Object))]
    pub gap: Money,
    /// Per mille of the target pledged (may pass 1000).
    pub per_mille: u64,
    /// Active shares, and how many of them carry a pledge.
    pub shares: u64,
    pub pledges: u64,
    /// Pledges above the nominal price, and what they give beyond it.
    pub solidarity_pledges: u64,
    #[cfg_attr(feature = "openapi", schema(value_type = Object))]
    pub solidarity: Money,
    /// Pledges below the nominal price, and what they leave out.
    pub reduced_pledges: u64,
    #[cfg_attr(feature = "openapi", schema(value_type = Object))]
    pub reductions: Money,
}

/// Counts the pledges of the active shares: `(nominal price, pledge)` each. Only the pledged
/// amounts count towards the target.
pub fn progress(target: Money, shares: &[(Money, Option<Money>)]) -> Progress {
    let cur = target.currency();
    let (mut pledged, mut solidarity, mut reductions) = (0i128, 0i128, 0i128);
    let (mut pledges, mut up, mut down) = (0u64, 0u64, 0u64);
    for (nominal, pledge) in shares {
        let Some(p) = pledge else { continue };
        pledges += 1;
        pledged += i128::from(p.minor());
        let d = i128::from(p.minor()) - i128::from(nominal.minor());
        if d > 0 {
            up += 1;
            solidarity += d;
        } else if d < 0 {
            down += 1;
            reductions -= d;
        }
    }
    let clamp = |v: i128| Money::new(i64::try_from(v).unwrap_or(i64::MAX), cur);
    let t = i128::from(target.minor());
    Progress {
        target,
        pledged: clamp(pledged),
        gap: clamp((t - pledged).max(0)),
        per_mille: if t > 0 {
            u64::try_from(pledged * 1000 / t).unwrap_or(0)
        } else {
            0
        },
        shares: shares.len() as u64,
        pledges,
        solidarity_pledges: up,
        solidarity: clamp(solidarity),
        reduced_pledges: down,
        reductions: clamp(reductions),
    }
}

/// Fewer pledges than this in a sum, and the sum is not published: a total of one or two
/// pledges would tell a member's pledge to everyone who can subtract.
pub const MIN_PLEDGES_SHOWN: u64 = 3;

/// The progress as published to everyone but the members themselves: the counts, and each
/// sum only when it adds up at least [`MIN_PLEDGES_SHOWN`] pledges.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct PublishedProgress {
    #[cfg_attr(feature = "openapi", schema(value_type = Object))]
    pub target: Money,
    /// `None` while fewer than three pledges are in.
    #[cfg_attr(feature = "openapi", schema(value_type = Option<Object>))]
    pub pledged: Option<Money>,
    #[cfg_attr(feature = "openapi", schema(value_type = Option<Object>))]
    pub gap: Option<Money>,
    pub per_mille: Option<u64>,
    pub shares: u64,
    pub pledges: u64,
    pub solidarity_pledges: u64,
    /// `None` while fewer than three pledges are above the nominal price.
    #[cfg_attr(feature = "openapi", schema(value_type = Option<Object>))]
    pub solidarity: Option<Money>,
    pub reduced_pledges: u64,
    /// `None` while fewer than three pledges are below the nominal price.
    #[cfg_attr(feature = "openapi", schema(value_type = Option<Object>))]
    pub reductions: Option<Money>,
}

impl Progress {
    /// What may be published of it (see [`PublishedProgress`]).
    pub fn published(&self) -> PublishedProgress {
        let enough = |n: u64| n >= MIN_PLEDGES_SHOWN;
        PublishedProgress {
            target: self.target,
            pledged: enough(self.pledges).then_some(self.pledged),
            gap: enough(self.pledges).then_some(self.gap),
            per_mille: enough(self.pledges).then_some(self.per_mille),
            shares: self.shares,
            pledges: self.pledges,
            solidarity_pledges: self.solidarity_pledges,
            solidarity: enough(self.solidarity_pledges).then_some(self.solidarity),
            reduced_pledges: self.reduced_pledges,
            reductions: enough(self.reduced_pledges).then_some(self.reductions),
        }
    }
}

/// What a share is due for the season: its pledge, or its nominal price without one.
pub fn due(nominal: Money, pledge: Option<Money>) -> Money {
    pledge.unwrap_or(nominal)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::Currency;

    fn php(m: i64) -> Money {
        Money::new(m, Currency::PHP)
    }

    fn ts(s: &str) -> Timestamp {
        s.parse().unwrap()
    }

    #[test]
    fn progress_counts_aggregates_only() {
        let n = php(1_000);
        let p = progress(
            php(4_000),
            &[
                (n, Some(php(1_500))),
                (n, Some(php(800))),
                (n, None),
                (n, Some(php(1_000))),
            ],
        );
        assert_eq!(p.pledged, php(3_300));
        assert_eq!(p.gap, php(700));
        assert_eq!(p.per_mille, 825);
        assert_eq!((p.shares, p.pledges), (4, 3));
        assert_eq!((p.solidarity_pledges, p.solidarity), (1, php(500)));
        assert_eq!((p.reduced_pledges, p.reductions), (1, php(200)));
        // Published: the total of three pledges, but no sum of one pledge.
        let out = p.published();
        assert_eq!(out.pledged, Some(php(3_300)));
        assert_eq!((out.solidarity, out.reductions), (None, None));
        let two = progress(php(4_000), &[(n, Some(php(1_500))), (n, Some(php(800)))]).published();
        assert_eq!((two.pledged, two.gap, two.per_mille), (None, None, None));
        assert_eq!(two.pledges, 2);
    }

    #[test]
    fn a_short_round_opens_the_next_until_the_last() {
        let r1 = Round {
            number: 1,
            opens_at: ts("2027-05-01T00:00:00Z"),
            closes_at: ts("2027-05-31T00:00:00Z"),
            status: RoundStatus::Open,
            pledged_minor: None,
        };
        assert!(r1.takes_pledges(ts("2027-05-30T23:59:59Z")));
        assert!(!r1.takes_pledges(ts("2027-05-31T00:00:00Z")));
        assert_eq!(
            close_due(&r1, ts("2027-05-30T00:00:00Z"), php(10), php(0), 3, 7),
            Closing::NotYet
        );
        let Closing::Close { status, next } =
            close_due(&r1, ts("2027-06-02T00:00:00Z"), php(10), php(9), 3, 7)
        else {
            panic!("due")
        };
        assert_eq!(status, RoundStatus::Short);
        let r2 = next.unwrap();
        // Opened when somebody looked, for the whole of its 7 days.
        assert_eq!(r2.opens_at, ts("2027-06-02T00:00:00Z"));
        assert_eq!(r2.closes_at, ts("2027-06-09T00:00:00Z"));
        let r3 = Round { number: 3, ..r2 };
        assert_eq!(
            close_due(&r3, ts("2027-07-01T00:00:00Z"), php(10), php(9), 3, 7),
            Closing::Close {
                status: RoundStatus::Short,
                next: None
            }
        );
        assert_eq!(
            close_due(&r2, ts("2027-07-01T00:00:00Z"), php(10), php(10), 3, 7),
            Closing::Close {
                status: RoundStatus::Met,
                next: None
            }
        );
    }
}
