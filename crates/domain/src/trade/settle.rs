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
    /// A season's offer: its lines were paid for in advance (pre-financing), so they are
    /// allocated and priced like any other — the price breakdown, packing lists and rollups
    /// show them — but invoiced to nobody; the season repays its advances in kind instead.
    pub prepaid: bool,
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

/// Allocates, prices and settles a cycle. `new_id` names what the settlement creates
/// (obligations and their ledger transactions), in a fixed order: the caller passes
/// `Uuid::new_v4` to record, or a counter to get the same settlement every time.
pub fn settle(
    cycle: &CycleTerms,
    offers: &[OfferTerms],
    lines: &[LineInput],
    new_id: &mut dyn FnMut() -> Uuid,
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
        if got > 0 && !offer.prepaid {
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
                id: new_id(),
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
        .map(|o| Transaction::obligation(new_id(), o.memo.clone(), o.debtor, o.creditor, o.amount))
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
            prepaid: false,
        };
        let bag = OfferTerms {
            id: Uuid::new_v4(),
            producer: weaver,
            quantity: 100,
            producer_price: php(35_000),
            fees: vec![],
            prepaid: false,
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
        let s = settle(
            &cycle,
            &[rice.clone(), bag.clone()],
            &lines,
            &mut Uuid::new_v4,
        )
        .unwrap();
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
            prepaid: false,
        };
        assert!(matches!(
            settle(&cycle, &[yen], &[], &mut Uuid::new_v4),
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
            settle(&cycle, &[], &[l], &mut Uuid::new_v4),
            Err(SettleError::UnknownOffer { .. })
        ));
    }

    #[test]
    fn a_seasons_prepaid_lines_are_priced_but_invoiced_to_nobody() {
        let (hub, farm, group) = (Uuid::new_v4(), Uuid::new_v4(), Uuid::new_v4());
        let cycle = CycleTerms {
            id: Uuid::new_v4(),
            hub,
            currency: Currency::PHP,
            policy: Policy::ProRata,
            delivery_date: "2027-09-04".parse().unwrap(),
            payment_terms_days: 0,
        };
        let share = OfferTerms {
            id: Uuid::new_v4(),
            producer: farm,
            quantity: 8,
            producer_price: php(5_000),
            fees: vec![],
            prepaid: true,
        };
        let lines: Vec<LineInput> = (0..2)
            .map(|n| LineInput {
                id: Uuid::new_v4(),
                offer: share.id,
                consumer_group: group,
                quantity: 5,
                tier: 0,
                seq: n,
            })
            .collect();
        let s = settle(&cycle, &[share], &lines, &mut Uuid::new_v4).unwrap();
        // A short harvest: 8 kg for two 5 kg shares, 4 kg each, priced ₱200.00 each.
        assert_eq!(
            s.lines.iter().map(|l| l.allocated).collect::<Vec<_>>(),
            [4, 4]
        );
        assert_eq!(s.lines[0].breakdown.total, php(20_000));
        assert!(s.invoices.is_empty() && s.producer_statements.is_empty());
        assert!(s.obligations.is_empty() && s.transactions.is_empty());
    }

    use proptest::prelude::*;

    fn fee_strategy(recipients: Vec<Uuid>) -> impl Strategy<Value = Fee> {
        (
            proptest::sample::select(FeeKind::ALL.to_vec()),
            prop_oneof![
                (0i64..100_000).prop_map(|minor| FeeBasis::PerUnit { minor }),
                (0u32..=pricing::MAX_BASIS_POINTS)
                    .prop_map(|basis_points| FeeBasis::Percent { basis_points }),
            ],
            proptest::sample::select(recipients),
        )
            .prop_map(|(kind, basis, recipient)| Fee {
                kind,
                basis,
                recipient,
            })
    }

    proptest! {
        #![proptest_config(ProptestConfig { cases: 200, ..ProptestConfig::default() })]

        /// Whatever the offers, fees, lines and policy: every line's components add up to its
        /// total, no offer gives out more than it has, the invoices add up — to the minor
        /// unit — to the producer statements plus the fee statements, and the ledger balances.
        #[test]
        fn a_random_cycle_adds_up_to_the_minor_unit(
            n_offers in 1usize..5, n_groups in 1usize..5,
            prices in proptest::collection::vec(0i64..1_000_000, 5),
            stock in proptest::collection::vec(0u64..500, 5),
            fee_seed in proptest::collection::vec(proptest::collection::vec(any::<proptest::sample::Index>(), 0..3), 5),
            lines in proptest::collection::vec((any::<proptest::sample::Index>(), any::<proptest::sample::Index>(), 1u64..100, 0u32..3), 1..200),
            policy in proptest::sample::select(Policy::ALL.to_vec()),
            fee_pool in proptest::collection::vec(fee_strategy(vec![Uuid::from_u128(1), Uuid::from_u128(2), Uuid::from_u128(3)]), 6),
        ) {
            let hub = Uuid::from_u128(1);
            let producers: Vec<Uuid> = (0..n_offers).map(|i| Uuid::from_u128(100 + i as u128)).collect();
            let groups: Vec<Uuid> = (0..n_groups).map(|i| Uuid::from_u128(200 + i as u128)).collect();
            let offers: Vec<OfferTerms> = (0..n_offers)
                .map(|i| OfferTerms {
                    id: Uuid::from_u128(300 + i as u128),
                    producer: producers[i],
                    quantity: stock[i],
                    producer_price: php(prices[i]),
                    fees: fee_seed[i].iter().map(|ix| fee_pool[ix.index(fee_pool.len())]).collect(),
                    // A season's offers now and then: invoiced to nobody, on both sides.
                    prepaid: prices[i] % 3 == 0,
                })
                .collect();
            let inputs: Vec<LineInput> = lines
                .iter()
                .enumerate()
                .map(|(n, (o, g, q, tier))| LineInput {
                    id: Uuid::from_u128(10_000 + n as u128),
                    offer: offers[o.index(offers.len())].id,
                    consumer_group: groups[g.index(groups.len())],
                    quantity: *q,
                    tier: *tier,
                    seq: n as u64,
                })
                .collect();
            let cycle = CycleTerms {
                id: Uuid::from_u128(7),
                hub,
                currency: Currency::PHP,
                policy,
                delivery_date: "2026-03-07".parse().unwrap(),
                payment_terms_days: 14,
            };
            let counter = || {
                let mut n = 0u128;
                move || {
                    n += 1;
                    Uuid::from_u128(1 << 64 | n)
                }
            };
            let s = settle(&cycle, &offers, &inputs, &mut counter()).unwrap();
            // The same input and the same ids give the same settlement, to the last id.
            prop_assert_eq!(&settle(&cycle, &offers, &inputs, &mut counter()).unwrap(), &s);
            for l in &s.lines {
                let sum: i64 = l.breakdown.components.iter().map(|c| c.amount.minor()).sum();
                prop_assert_eq!(sum, l.breakdown.total.minor());
            }
            for o in &offers {
                let given: u64 = s.lines.iter().filter(|l| l.offer == o.id).map(|l| l.allocated).sum();
                prop_assert!(given <= o.quantity);
            }
            let invoiced: i64 = s.invoices.iter().map(|i| i.total.minor()).sum();
            let owed: i64 = s
                .producer_statements
                .iter()
                .chain(&s.fee_statements)
                .map(|st| st.total.minor())
                .sum();
            prop_assert_eq!(invoiced, owed);
            let totals = balances(&s.transactions).unwrap();
            let net: i64 = totals.values().map(|m| m.minor()).sum();
            prop_assert_eq!(net, 0);
        }
    }
}
