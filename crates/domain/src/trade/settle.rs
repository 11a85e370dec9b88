//! What closing a cycle produces, computed purely from the cycle, its offers and its lines:
//! allocations, invoices, producer and fee statements, obligations and their ledger
//! transactions. The store persists the result in one transaction.
//!
//! Money flows through the hub: each consumer group owes the hub its invoice; the hub owes each
//! producer its producer components and each fee recipient its fee components. Obligations of
//! an organization to itself (a hub collecting its own coordination fee) are not recorded.
//! Obligations fall due `payment_terms_days` after the delivery date.

use std::collections::{BTreeMap, HashMap};

use jiff::civil::Date;
use serde::Serialize;
use uuid::Uuid;

use crate::currency::Currency;
use crate::ledger::{LedgerError, Transaction};
use crate::money::{Money, MoneyError};
use crate::trade::allocation::{self, Policy, Reason, Request};
use crate::trade::pricing::{self, Breakdown, Fee, Part};

/// The cycle-level terms settlement needs.
#[derive(Debug, Clone)]
pub struct CycleTerms {
    pub id: Uuid,
    pub hub: Uuid,
    pub currency: Currency,
    pub policy: Policy,
    pub delivery_date: Date,
    pub payment_terms_days: u32,
}

/// An offer's terms.
#[derive(Debug, Clone)]
pub struct OfferTerms {
    pub id: Uuid,
    pub producer: Uuid,
    pub quantity: u64,
    pub producer_price: Money,
    pub fees: Vec<Fee>,
}

/// An order line as settlement sees it.
#[derive(Debug, Clone, Copy)]
pub struct LineInput {
    pub id: Uuid,
    pub offer: Uuid,
    pub consumer_group: Uuid,
    pub quantity: u64,
    pub tier: u32,
    pub seq: u64,
}

/// What one line got, priced.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct LineOutcome {
    pub line: Uuid,
    pub offer: Uuid,
    pub consumer_group: Uuid,
    pub requested: u64,
    pub allocated: u64,
    pub reason: Reason,
    /// The price of the allocated quantity.
    pub breakdown: Breakdown,
}

/// A consumer group's invoice from the hub.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Invoice {
    pub consumer_group: Uuid,
    pub hub: Uuid,
    /// Indexes into `Settlement::lines` of the lines with something allocated.
    pub lines: Vec<usize>,
    pub total: Money,
    pub due_date: Date,
}

/// What the hub owes one recipient (a producer, or a fee recipient). Its lines are the
/// components paid to the recipient in `Settlement::lines`.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Statement {
    pub recipient: Uuid,
    /// Per part (producer, or fee kind): the amount over all lines.
    pub by_part: BTreeMap<Part, Money>,
    pub total: Money,
}

/// Debtor owes creditor an amount by a date.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct ObligationDraft {
    pub id: Uuid,
    pub debtor: Uuid,
    pub creditor: Uuid,
    pub amount: Money,
    pub due_date: Date,
    pub memo: String,
}

/// Everything a close produces.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Settlement {
    /// When the cycle's obligations fall due.
    pub due_date: Date,
    pub lines: Vec<LineOutcome>,
    pub invoices: Vec<Invoice>,
    pub producer_statements: Vec<Statement>,
    pub fee_statements: Vec<Statement>,
    pub obligations: Vec<ObligationDraft>,
    pub transactions: Vec<Transaction>,
}

/// Why a cycle could not be settled.
#[derive(Debug, Clone, PartialEq, thiserror::Error)]
pub enum SettleError {
    #[error("line {line} refers to an offer that is not in the cycle")]
    UnknownOffer { line: Uuid },
    #[error("offer {offer} is priced in {found}, the cycle in {expected}")]
    Currency {
        offer: Uuid,
        found: Currency,
        expected: Currency,
    },
    #[error(transparent)]
    Money(#[from] MoneyError),
    #[error(transparent)]
    Ledger(#[from] LedgerError),
}

/// A seed for allocation tie-breaks derived from the cycle id, so that ties fall differently
/// in every cycle but the same way every time one cycle is (re)computed.
pub fn cycle_seed(cycle: Uuid) -> u64 {
    let (hi, lo) = cycle.as_u64_pair();
    hi ^ lo.rotate_left(32)
}

/// Allocates, prices and settles a cycle.
pub fn settle(
    cycle: &CycleTerms,
    offers: &[OfferTerms],
    lines: &[LineInput],
) -> Result<Settlement, SettleError> {
    let offer_index: HashMap<Uuid, usize> =
        offers.iter().enumerate().map(|(i, o)| (o.id, i)).collect();
    for o in offers {
        if o.producer_price.currency() != cycle.currency {
            return Err(SettleError::Currency {
                offer: o.id,
                found: o.producer_price.currency(),
                expected: cycle.currency,
            });
        }
    }
    // Group line indexes by offer, keeping input order within each offer.
    let mut by_offer: Vec<Vec<usize>> = vec![Vec::new(); offers.len()];
    for (i, l) in lines.iter().enumerate() {
        let o = *offer_index
            .get(&l.offer)
            .ok_or(SettleError::UnknownOffer { line: l.id })?;
        by_offer[o].push(i);
    }
    let seed = cycle_seed(cycle.id);
    let mut allocated: Vec<Option<(u64, Reason)>> = vec![None; lines.len()];
    let mut requests = Vec::new();
    for (o, idxs) in by_offer.iter().enumerate() {
        requests.clear();
        requests.extend(idxs.iter().map(|&i| Request {
            line: lines[i].id,
            requested: lines[i].quantity,
            tier: lines[i].tier,
            seq: lines[i].seq,
        }));
        let result = allocation::allocate(cycle.policy, offers[o].quantity, &requests, seed);
        for (a, &i) in result.into_iter().zip(idxs) {
            allocated[i] = Some((a.allocated, a.reason));
        }
    }

    let due_date = cycle
        .delivery_date
        .checked_add(jiff::Span::new().days(i64::from(cycle.payment_terms_days)))
        .unwrap_or(cycle.delivery_date);
    let zero = Money::zero(cycle.currency);
    let mut outcomes = Vec::with_capacity(lines.len());
    let mut invoices: BTreeMap<Uuid, Invoice> = BTreeMap::new();
    let mut statements: BTreeMap<(bool, Uuid), Statement> = BTreeMap::new();
    for (i, l) in lines.iter().enumerate() {
        let offer = &offers[offer_index[&l.offer]];
        // Every line was given to exactly one allocate() call above.
        let (got, reason) = allocated[i].take().unwrap_or((0, Reason::Full));
        let breakdown = pricing::breakdown(offer.producer, offer.producer_price, &offer.fees, got)?;
        if got > 0 {
            let inv = invoices.entry(l.consumer_group).or_insert_with(|| Invoice {
                consumer_group: l.consumer_group,
                hub: cycle.hub,
                lines: Vec::new(),
                total: zero,
                due_date,
            });
            inv.lines.push(i);
            inv.total = inv.total.checked_add(breakdown.total)?;
            for c in &breakdown.components {
                let is_fee = c.part != Part::Producer;
                let st = statements
                    .entry((is_fee, c.recipient))
                    .or_insert_with(|| Statement {
                        recipient: c.recipient,
                        by_part: BTreeMap::new(),
                        total: zero,
                    });
                let part = st.by_part.entry(c.part).or_insert(zero);
                *part = part.checked_add(c.amount)?;
                st.total = st.total.checked_add(c.amount)?;
            }
        }
        outcomes.push(LineOutcome {
            line: l.id,
            offer: l.offer,
            consumer_group: l.consumer_group,
            requested: l.quantity,
            allocated: got,
            reason,
            breakdown,
        });
    }

    let mut obligations = Vec::new();
    let mut push = |debtor: Uuid, creditor: Uuid, amount: Money, memo: String| {
        if debtor != creditor && amount.minor() > 0 {
            obligations.push(ObligationDraft {
                id: Uuid::new_v4(),
                debtor,
                creditor,
                amount,
                due_date,
                memo,
            });
        }
    };
    for inv in invoices.values() {
        push(
            inv.consumer_group,
            cycle.hub,
            inv.total,
            "invoice for the cycle's deliveries".into(),
        );
    }
    let (mut producer_statements, mut fee_statements) = (Vec::new(), Vec::new());
    for ((is_fee, recipient), st) in statements {
        if is_fee {
            push(
                cycle.hub,
                recipient,
                st.total,
                "fees collected in the cycle".into(),
            );
            fee_statements.push(st);
        } else {
            push(
                cycle.hub,
                recipient,
                st.total,
                "producer statement of the cycle".into(),
            );
            producer_statements.push(st);
        }
    }
    let transactions = obligations
        .iter()
        .map(|o| Transaction::obligation(o.memo.clone(), o.debtor, o.creditor, o.amount))
        .collect::<Result<Vec<_>, _>>()?;
    Ok(Settlement {
        due_date,
        lines: outcomes,
        invoices: invoices.into_values().collect(),
        producer_statements,
        fee_statements,
        obligations,
        transactions,
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::ledger::balances;
    use crate::trade::pricing::{FeeBasis, FeeKind};

    fn php(m: i64) -> Money {
        Money::new(m, Currency::PHP)
    }

    #[test]
    fn a_small_cycle_settles_to_the_centavo() {
        let (hub, farm, weaver, group_a, group_b, fund) = (
            Uuid::new_v4(),
            Uuid::new_v4(),
            Uuid::new_v4(),
            Uuid::new_v4(),
            Uuid::new_v4(),
            Uuid::new_v4(),
        );
        let cycle = CycleTerms {
            id: Uuid::new_v4(),
            hub,
            currency: Currency::PHP,
            policy: Policy::ProRata,
            delivery_date: "2026-03-07".parse().unwrap(),
            payment_terms_days: 14,
        };
        let rice = OfferTerms {
            id: Uuid::new_v4(),
            producer: farm,
            quantity: 10,
            producer_price: php(20_000),
            fees: vec![
                Fee {
                    kind: FeeKind::Coordination,
                    basis: FeeBasis::Percent {
                        basis_points: 1_250,
                    },
                    recipient: hub,
                },
                Fee {
                    kind: FeeKind::SolidarityFund,
                    basis: FeeBasis::PerUnit { minor: 1_000 },
                    recipient: fund,
                },
            ],
        };
        let bag = OfferTerms {
            id: Uuid::new_v4(),
            producer: weaver,
            quantity: 100,
            producer_price: php(35_000),
            fees: vec![],
        };
        let line = |offer: Uuid, group, quantity, seq| LineInput {
            id: Uuid::new_v4(),
            offer,
            consumer_group: group,
            quantity,
            tier: 0,
            seq,
        };
        let lines = vec![
            line(rice.id, group_a, 8, 1), // rice: demand 8 + 12 = 20 > 10 → 4 and 6
            line(rice.id, group_b, 12, 2),
            line(bag.id, group_b, 2, 3), // bags: plenty
        ];
        let s = settle(&cycle, &[rice.clone(), bag.clone()], &lines).unwrap();
        assert_eq!(
            s.lines.iter().map(|l| l.allocated).collect::<Vec<_>>(),
            [4, 6, 2]
        );
        // Group A: 4 bags of rice × (200 + 25 + 10) = ₱940.00
        // Group B: 6 × 235 = 1 410 + 2 × 350 = 700 → ₱2 110.00
        let totals: HashMap<Uuid, i64> = s
            .invoices
            .iter()
            .map(|i| (i.consumer_group, i.total.minor()))
            .collect();
        assert_eq!(totals[&group_a], 94_000);
        assert_eq!(totals[&group_b], 211_000);
        assert_eq!(s.invoices[0].due_date, "2026-03-21".parse().unwrap());
        // Producers: farm 10 × 200 = ₱2 000; weaver 2 × 350 = ₱700. Fees: fund 10 × 10 = ₱100;
        // the hub's own coordination fee (₱250) is not an obligation to itself.
        let owed: HashMap<(Uuid, Uuid), i64> = s
            .obligations
            .iter()
            .map(|o| ((o.debtor, o.creditor), o.amount.minor()))
            .collect();
        assert_eq!(owed[&(group_a, hub)], 94_000);
        assert_eq!(owed[&(group_b, hub)], 211_000);
        assert_eq!(owed[&(hub, farm)], 200_000);
        assert_eq!(owed[&(hub, weaver)], 70_000);
        assert_eq!(owed[&(hub, fund)], 10_000);
        assert_eq!(owed.len(), 5);
        // Invoices equal the sum of all components paid out, the hub keeping its fee.
        let fees_to_hub: i64 = s
            .fee_statements
            .iter()
            .filter(|f| f.recipient == hub)
            .map(|f| f.total.minor())
            .sum();
        assert_eq!(fees_to_hub, 25_000);
        assert_eq!(94_000 + 211_000, 200_000 + 70_000 + 10_000 + fees_to_hub);
        let bal = balances(&s.transactions).unwrap();
        assert_eq!(bal.values().map(|m| m.minor()).sum::<i64>(), 0);
    }

    #[test]
    fn foreign_currency_offers_and_unknown_offers_are_refused() {
        let cycle = CycleTerms {
            id: Uuid::new_v4(),
            hub: Uuid::new_v4(),
            currency: Currency::PHP,
            policy: Policy::FirstCome,
            delivery_date: "2026-03-07".parse().unwrap(),
            payment_terms_days: 0,
        };
        let yen = OfferTerms {
            id: Uuid::new_v4(),
            producer: Uuid::new_v4(),
            quantity: 1,
            producer_price: Money::new(1, Currency::JPY),
            fees: vec![],
        };
        assert!(matches!(
            settle(&cycle, &[yen], &[]),
            Err(SettleError::Currency { .. })
        ));
        let l = LineInput {
            id: Uuid::new_v4(),
            offer: Uuid::new_v4(),
            consumer_group: Uuid::new_v4(),
            quantity: 1,
            tier: 0,
            seq: 0,
        };
        assert!(matches!(
            settle(&cycle, &[], &[l]),
            Err(SettleError::UnknownOffer { .. })
        ));
    }
}
