//! The season statement: per share (a member's), per group and for the producer — pledged,
//! due, paid in advance, planned and delivered value, shortfall, and what is left between them.

use serde::Serialize;
use uuid::Uuid;

use crate::Money;

/// One share's figures so far.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct ShareFigures {
    pub share_id: Uuid,
    pub consumer_group_id: Uuid,
    pub person_id: Option<Uuid>,
    pub share_kind: String,
    /// The nominal price for the season.
    #[cfg_attr(feature = "openapi", schema(value_type = Object))]
    pub nominal: Money,
    /// What the share is due: its pledge, or the nominal price.
    #[cfg_attr(feature = "openapi", schema(value_type = Object))]
    pub due: Money,
    /// Planned value of the deliveries closed so far.
    #[cfg_attr(feature = "openapi", schema(value_type = Object))]
    pub planned: Money,
    /// Value delivered at those deliveries.
    #[cfg_attr(feature = "openapi", schema(value_type = Object))]
    pub delivered: Money,
    /// `planned − delivered`.
    #[cfg_attr(feature = "openapi", schema(value_type = Object))]
    pub shortfall: Money,
}

/// A group's (or the producer's, over every group) figures.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Totals {
    /// The group, or `None` for the producer's total.
    pub consumer_group_id: Option<Uuid>,
    pub shares: u64,
    #[cfg_attr(feature = "openapi", schema(value_type = Object))]
    pub due: Money,
    /// Paid in advance to the producer.
    #[cfg_attr(feature = "openapi", schema(value_type = Object))]
    pub advances: Money,
    #[cfg_attr(feature = "openapi", schema(value_type = Object))]
    pub planned: Money,
    #[cfg_attr(feature = "openapi", schema(value_type = Object))]
    pub delivered: Money,
    #[cfg_attr(feature = "openapi", schema(value_type = Object))]
    pub shortfall: Money,
    /// `advances − delivered`: what the producer still owes in kind (negative: the group owes
    /// for deliveries beyond its advances).
    #[cfg_attr(feature = "openapi", schema(value_type = Object))]
    pub balance: Money,
    /// What is still to pay in advance: `due − advances`, never below zero.
    #[cfg_attr(feature = "openapi", schema(value_type = Object))]
    pub left_to_pay: Money,
}

/// Sums `shares` per group (in the order of `groups`) and over all, with each group's
/// `advances`.
pub fn totals(
    currency: crate::Currency,
    groups: &[Uuid],
    shares: &[ShareFigures],
    advances: &[(Uuid, Money)],
) -> (Vec<Totals>, Totals) {
    let mk = |group: Option<Uuid>| {
        let mine = |s: &&ShareFigures| group.is_none_or(|g| s.consumer_group_id == g);
        // Summed in 128 bits; a total beyond 64 bits (no season within the limits on pledges
        // and prices comes near) is shown as the largest amount rather than wrapped.
        let sum = |f: fn(&ShareFigures) -> i64| -> i128 {
            shares.iter().filter(mine).map(|s| i128::from(f(s))).sum()
        };
        let adv: i128 = advances
            .iter()
            .filter(|(g, _)| group.is_none_or(|x| x == *g))
            .map(|(_, m)| i128::from(m.minor()))
            .sum();
        let (due, planned, delivered) = (
            sum(|s| s.due.minor()),
            sum(|s| s.planned.minor()),
            sum(|s| s.delivered.minor()),
        );
        let m = |v: i128| {
            Money::new(
                i64::try_from(v).unwrap_or(if v < 0 { i64::MIN } else { i64::MAX }),
                currency,
            )
        };
        Totals {
            consumer_group_id: group,
            shares: shares.iter().filter(mine).count() as u64,
            due: m(due),
            advances: m(adv),
            planned: m(planned),
            delivered: m(delivered),
            shortfall: m(planned - delivered),
            balance: m(adv - delivered),
            left_to_pay: m((due - adv).max(0)),
        }
    };
    (groups.iter().map(|g| mk(Some(*g))).collect(), mk(None))
}

/// A season's statement: its shares, each group's totals and the producer's.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct SeasonStatement {
    pub season_id: Uuid,
    pub shares: Vec<ShareFigures>,
    pub groups: Vec<Totals>,
    pub producer: Totals,
    /// How the shortfall was settled, once the season is.
    pub resolutions: Vec<super::prefinance::Resolution>,
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::Currency;

    #[test]
    fn totals_add_up_per_group_and_overall() {
        let php = |m| Money::new(m, Currency::PHP);
        let (a, b) = (Uuid::from_u128(1), Uuid::from_u128(2));
        let share = |g, due, planned, delivered| ShareFigures {
            share_id: Uuid::new_v4(),
            consumer_group_id: g,
            person_id: None,
            share_kind: "Family".into(),
            nominal: php(1_000),
            due: php(due),
            planned: php(planned),
            delivered: php(delivered),
            shortfall: php(planned - delivered),
        };
        let shares = [
            share(a, 1_200, 600, 480),
            share(a, 800, 400, 320),
            share(b, 1_000, 500, 500),
        ];
        let (groups, all) = totals(
            Currency::PHP,
            &[a, b],
            &shares,
            &[(a, php(2_000)), (b, php(400))],
        );
        assert_eq!(groups[0].shortfall, php(200));
        assert_eq!(groups[0].balance, php(2_000 - 800));
        assert_eq!(groups[1].balance, php(-100));
        assert_eq!(groups[1].left_to_pay, php(600));
        assert_eq!(all.shares, 3);
        assert_eq!(all.delivered, php(1_300));
        assert_eq!(all.advances, php(2_400));
    }
}
