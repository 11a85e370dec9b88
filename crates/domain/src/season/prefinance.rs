//! Pre-financing: a group's advances to the producer, repaid in kind by the deliveries.
//!
//! **What a group is due.** The sum of what its active shares are due ([`super::rounds::due`]),
//! split into the season's instalments by the largest-remainder rule (`Money::allocate` on the
//! instalments' basis points), so the instalments add up to the whole to the minor unit.
//!
//! **An advance** of `a` paid by the group is written as three records, so that the ledger's
//! books (obligations and payments) and its postings keep agreeing:
//! 1. an obligation *group → producer* of `a`, "season instalment";
//! 2. a cash payment of `a` settling it (money moved);
//! 3. an obligation *producer → group* of `a`, "season advance, repaid in kind" — the producer's
//!    liability, which a clearing round may net like any other obligation.
//!
//! **A delivery** is valued per share from what the share is due: delivery *k* of *n* is
//! planned at `⌊D·k/n⌋ − ⌊D·(k−1)/n⌋` (so the *n* parts add up to `D` exactly), and a share
//! that received `allocated` of the `requested` units is delivered `⌊planned · allocated ÷
//! requested⌋` — rounded down, so nobody pays for what was not delivered. A group's delivered
//! value settles its outstanding advances in kind, oldest first (payments of method
//! `in_kind`); a delivery beyond the advances (instalments not paid yet) becomes an obligation
//! *group → producer*. So at every moment, for each group,
//! `producer's net liability = advances − delivered value` (tested below on random seasons).
//!
//! **A short harvest.** What the advances still hold when the season is settled is the value
//! not delivered. The season's rule, fixed before anyone signs up, decides it openly:
//! `members` — written off (payments of method `written_off`): the members bore it;
//! `refund` — it stays owed by the producer, due like any obligation (or cleared);
//! `reserve` — written off for the producer, and the hub's solidarity reserve owes the groups
//! as much as it holds (shared in proportion to the shortfalls when it holds less).

use serde::Serialize;
use uuid::Uuid;

use super::Instalment;
use crate::ledger::{LedgerError, Transaction};
use crate::money::MoneyError;
use crate::{Invalid, Money};

/// Memo of the instalment obligation group → producer.
pub const INSTALMENT_MEMO: &str = "season instalment (pre-financing)";
/// Memo of the advance obligation producer → group.
pub const ADVANCE_MEMO: &str = "season advance, repaid in kind by the deliveries";
/// Memo of a delivery beyond the advances.
pub const UNCOVERED_MEMO: &str = "season delivery beyond the advances paid";
/// Memo of what the solidarity reserve owes a group.
pub const RESERVE_MEMO: &str = "solidarity reserve: a short harvest's share";
/// Payment method of a delivery repaying an advance in kind.
pub const IN_KIND: &str = "in_kind";
/// Payment method of a shortfall written off under the season's rule.
pub const WRITTEN_OFF: &str = "written_off";

/// The instalments' amounts of what a group is `due`, adding up to it exactly.
pub fn instalment_amounts(
    due: Money,
    instalments: &[Instalment],
) -> Result<Vec<Money>, MoneyError> {
    let weights: Vec<u64> = instalments
        .iter()
        .map(|i| u64::from(i.basis_points))
        .collect();
    due.allocate(&weights)
}

/// Checks an advance of `amount` by a group that is due `due` in all and has paid `paid`:
/// more than zero, and no more than is left. The error names the field `amount`.
pub fn check_advance(due: Money, paid: Money, amount: Money) -> Result<(), Invalid> {
    if amount.minor() <= 0 {
        return Err(Invalid::field("amount", "must be more than zero"));
    }
    let left = due.minor().saturating_sub(paid.minor()).max(0);
    if amount.minor() > left {
        return Err(Invalid::field(
            "amount",
            format!(
                "only {} is left to pay for this group's shares",
                Money::new(left, due.currency())
            ),
        ));
    }
    Ok(())
}

/// The planned value of delivery `k` (0-based) of `n` for a share due `due`.
pub fn planned(due: Money, n: usize, k: usize) -> Money {
    if n == 0 || k >= n {
        return Money::zero(due.currency());
    }
    let d = i128::from(due.minor());
    let (n, k) = (n as i128, k as i128);
    let part = d * (k + 1) / n - d * k / n;
    Money::new(part as i64, due.currency())
}

/// The value delivered on a line planned at `planned` for `requested` units that received
/// `allocated`.
pub fn delivered(planned: Money, requested: u64, allocated: u64) -> Money {
    if requested == 0 {
        return Money::zero(planned.currency());
    }
    let v =
        i128::from(planned.minor()) * i128::from(allocated.min(requested)) / i128::from(requested);
    Money::new(v as i64, planned.currency())
}

/// How a group's delivered value repays its outstanding advances.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct InKind {
    /// In-kind payments against advance obligations, oldest first.
    pub settle: Vec<(Uuid, Money)>,
    /// What is left beyond the advances: an obligation group → producer.
    pub uncovered: Money,
}

/// Repays `outstanding` advances (oldest first, as `(obligation, outstanding)`) with `value`.
pub fn in_kind(outstanding: &[(Uuid, Money)], value: Money) -> InKind {
    let mut left = value.minor().max(0);
    let mut settle = Vec::new();
    for (id, out) in outstanding {
        if left == 0 {
            break;
        }
        let take = left.min(out.minor());
        if take > 0 {
            settle.push((*id, Money::new(take, value.currency())));
            left -= take;
        }
    }
    InKind {
        settle,
        uncovered: Money::new(left, value.currency()),
    }
}

/// How the season's rule settles one group's shortfall.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Resolution {
    pub consumer_group_id: Uuid,
    /// The value not delivered (the advances' outstanding part).
    #[cfg_attr(feature = "openapi", schema(value_type = Object))]
    pub shortfall: Money,
    /// Written off the producer's liability.
    #[cfg_attr(feature = "openapi", schema(value_type = Object))]
    pub written_off: Money,
    /// Owed to the group by the hub's solidarity reserve.
    #[cfg_attr(feature = "openapi", schema(value_type = Object))]
    pub from_reserve: Money,
    /// Still owed to the group by the producer.
    #[cfg_attr(feature = "openapi", schema(value_type = Object))]
    pub refund_due: Money,
    /// Borne by the group's members in the end.
    #[cfg_attr(feature = "openapi", schema(value_type = Object))]
    pub borne_by_members: Money,
}

/// Applies the season's `rule` to each group's shortfall; `reserve` is what the solidarity
/// reserve holds.
pub fn resolve(
    rule: super::ShortfallRule,
    shortfalls: &[(Uuid, Money)],
    reserve: Money,
) -> Result<Vec<Resolution>, MoneyError> {
    use super::ShortfallRule::*;
    let cur = reserve.currency();
    let zero = Money::zero(cur);
    let total: i128 = shortfalls
        .iter()
        .map(|(_, s)| i128::from(s.minor().max(0)))
        .sum();
    let covered: Vec<Money> = match rule {
        Reserve if total > 0 => {
            if i128::from(reserve.minor()) >= total {
                shortfalls
                    .iter()
                    .map(|(_, s)| Money::new(s.minor().max(0), cur))
                    .collect()
            } else {
                let weights: Vec<u64> = shortfalls
                    .iter()
                    .map(|(_, s)| s.minor().max(0) as u64)
                    .collect();
                reserve.allocate(&weights)?
            }
        }
        _ => vec![zero; shortfalls.len()],
    };
    Ok(shortfalls
        .iter()
        .zip(covered)
        .map(|((group, s), cov)| {
            let s = Money::new(s.minor().max(0), cur);
            let (written_off, refund_due) = match rule {
                Members | Reserve => (s, zero),
                Refund => (zero, s),
            };
            Resolution {
                consumer_group_id: *group,
                shortfall: s,
                written_off,
                from_reserve: cov,
                refund_due,
                borne_by_members: Money::new(
                    match rule {
                        Refund => 0,
                        _ => s.minor() - cov.minor(),
                    },
                    cur,
                ),
            }
        })
        .collect())
}

/// The ledger transactions of an advance of `amount` from `group` to `producer`: the
/// instalment obligation, its cash settlement, and the advance obligation the other way.
pub fn advance_transactions(
    new_id: &mut dyn FnMut() -> Uuid,
    group: Uuid,
    producer: Uuid,
    amount: Money,
) -> Result<[Transaction; 3], LedgerError> {
    Ok([
        Transaction::obligation(new_id(), INSTALMENT_MEMO, group, producer, amount)?,
        Transaction::settlement(
            new_id(),
            "payment (season instalment)",
            group,
            producer,
            amount,
            true,
        )?,
        Transaction::obligation(new_id(), ADVANCE_MEMO, producer, group, amount)?,
    ])
}

/// What settling a delivery did.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct DeliverySettlement {
    /// Value delivered, per group.
    pub delivered: Vec<(Uuid, i64)>,
    /// Repaid in kind against advances, over all groups.
    pub in_kind_minor: i64,
    /// Delivered beyond the advances (obligations group → producer), over all groups.
    pub uncovered_minor: i64,
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::ledger::{balances, AccountKind};
    use crate::season::ShortfallRule;
    use crate::Currency;
    use proptest::prelude::*;

    fn php(m: i64) -> Money {
        Money::new(m, Currency::PHP)
    }

    #[test]
    fn planned_parts_add_up_and_short_deliveries_round_down() {
        let d = php(100_001);
        let parts: Vec<i64> = (0..7).map(|k| planned(d, 7, k).minor()).collect();
        assert_eq!(parts.iter().sum::<i64>(), 100_001);
        assert!(parts.iter().all(|p| (14_285..=14_286).contains(p)));
        // 4 of 5 kg delivered: ₱142.86 × 4/5 = ₱114.288 → ₱114.28.
        assert_eq!(delivered(php(14_286), 5, 4).minor(), 11_428);
        assert_eq!(delivered(php(14_286), 5, 5).minor(), 14_286);
        assert_eq!(delivered(php(14_286), 0, 0).minor(), 0);
    }

    #[test]
    fn instalments_add_up_and_overpaying_is_refused() {
        let inst = [
            Instalment {
                due_on: "2027-05-31".parse().unwrap(),
                basis_points: 3_333,
            },
            Instalment {
                due_on: "2027-07-31".parse().unwrap(),
                basis_points: 6_667,
            },
        ];
        let a = instalment_amounts(php(10_001), &inst).unwrap();
        assert_eq!(a[0].minor() + a[1].minor(), 10_001);
        assert!(check_advance(php(10_000), php(9_000), php(1_000)).is_ok());
        let e = check_advance(php(10_000), php(9_000), php(1_001)).unwrap_err();
        assert_eq!(e.errors[0].field, "amount");
        assert!(
            e.errors[0].reason.contains("10.00"),
            "{}",
            e.errors[0].reason
        );
        assert!(check_advance(php(10_000), php(0), php(0)).is_err());
    }

    #[test]
    fn the_rule_decides_who_bears_a_shortfall() {
        let (a, b) = (Uuid::from_u128(1), Uuid::from_u128(2));
        let s = [(a, php(3_000)), (b, php(1_000))];
        let m = resolve(ShortfallRule::Members, &s, php(0)).unwrap();
        assert_eq!(
            (m[0].written_off, m[0].borne_by_members),
            (php(3_000), php(3_000))
        );
        let r = resolve(ShortfallRule::Refund, &s, php(0)).unwrap();
        assert_eq!(
            (r[1].refund_due, r[1].written_off, r[1].borne_by_members),
            (php(1_000), php(0), php(0))
        );
        // A reserve of ₱20.00 against ₱40.00 of shortfall covers half of each.
        let v = resolve(ShortfallRule::Reserve, &s, php(2_000)).unwrap();
        assert_eq!(
            (v[0].from_reserve, v[1].from_reserve),
            (php(1_500), php(500))
        );
        assert_eq!(v[0].borne_by_members, php(1_500));
        // A larger reserve covers everything and no more.
        let w = resolve(ShortfallRule::Reserve, &s, php(9_000)).unwrap();
        assert_eq!(
            (w[0].from_reserve, w[1].borne_by_members),
            (php(3_000), php(0))
        );
    }

    proptest! {
        #![proptest_config(ProptestConfig { cases: 200, ..ProptestConfig::default() })]

        /// Across random seasons — groups with shares due random amounts, advances paid in
        /// random instalments (never more than due), deliveries short at random — every
        /// transaction balances, and for each group the producer's net liability in the ledger
        /// is exactly the advances paid less the value delivered.
        #[test]
        fn advances_less_deliveries_are_the_producers_liability(
            shares in proptest::collection::vec((0usize..4, 1i64..5_000_000, 1u64..20), 1..40),
            n in 1usize..27,
            payments in proptest::collection::vec((0usize..4, 1u32..=100), 0..20),
            harvest in proptest::collection::vec(0u32..=100, 26),
            take_every in 1usize..4,
        ) {
            let producer = Uuid::from_u128(9);
            let groups: Vec<Uuid> = (0..4).map(|g| Uuid::from_u128(100 + g as u128)).collect();
            let mut counter = 0u128;
            let mut new_id = || { counter += 1; Uuid::from_u128(1 << 64 | counter) };
            let mut txs = Vec::new();
            let mut due = [0i64; 4];
            for (g, d, _) in &shares { due[*g] += d; }
            // Advances: each payment a percent of what is left.
            let mut paid = [0i64; 4];
            let mut advances: Vec<Vec<(Uuid, i64)>> = vec![Vec::new(); 4];
            for (g, pct) in &payments {
                let left = due[*g] - paid[*g];
                let amount = left * i64::from(*pct) / 100;
                if check_advance(php(due[*g]), php(paid[*g]), php(amount)).is_err() {
                    prop_assert!(amount <= 0 || amount > left);
                    continue;
                }
                let t = advance_transactions(&mut new_id, groups[*g], producer, php(amount)).unwrap();
                advances[*g].push((t[2].id, amount));
                txs.extend(t);
                paid[*g] += amount;
            }
            let mut delivered_total = [0i64; 4];
            for k in (0..n).step_by(take_every) {
                let mut value = [0i64; 4];
                for (g, d, units) in &shares {
                    let allocated = *units * u64::from(harvest[k]) / 100;
                    value[*g] += delivered(planned(php(*d), n, k), *units, allocated).minor();
                }
                for g in 0..4 {
                    delivered_total[g] += value[g];
                    let outstanding: Vec<(Uuid, Money)> = advances[g].iter().map(|(id, a)| (*id, php(*a))).collect();
                    let plan = in_kind(&outstanding, php(value[g]));
                    let settled: i64 = plan.settle.iter().map(|(_, m)| m.minor()).sum();
                    prop_assert_eq!(settled + plan.uncovered.minor(), value[g]);
                    for (id, m) in &plan.settle {
                        let a = advances[g].iter_mut().find(|(i, _)| i == id).unwrap();
                        prop_assert!(m.minor() <= a.1);
                        a.1 -= m.minor();
                        txs.push(Transaction::settlement(new_id(), "in kind", producer, groups[g], *m, false).unwrap());
                    }
                    if plan.uncovered.minor() > 0 {
                        txs.push(Transaction::obligation(new_id(), UNCOVERED_MEMO, groups[g], producer, plan.uncovered).unwrap());
                    }
                }
            }
            let b = balances(&txs).unwrap();
            prop_assert_eq!(b.values().map(|m| i128::from(m.minor())).sum::<i128>(), 0);
            for g in 0..4 {
                let get = |kind| b.iter().find(|(a, _)| a.organization == groups[g] && a.kind == kind).map_or(0, |(_, m)| m.minor());
                let net = get(AccountKind::Receivable) + get(AccountKind::Payable);
                prop_assert_eq!(net, paid[g] - delivered_total[g]);
                // The in-kind valuation never exceeds what the shares are due.
                prop_assert!(delivered_total[g] <= due[g]);
            }
        }
    }
}
