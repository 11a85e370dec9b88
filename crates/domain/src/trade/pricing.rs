//! Open price breakdowns: what a consumer pays, component by component, and who receives each.
//!
//! ## The rounding rule (one rule, everywhere)
//!
//! A line of `q` units of an offer costs, in minor units of the cycle's currency:
//!
//! - **producer component** = producer price per unit × q (exact);
//! - **flat fee** = fee per unit × q (exact);
//! - **percent fee** = producer component × basis points ÷ 10 000, rounded **half up** to the
//!   minor unit (amounts are never negative, so half up = half away from zero);
//! - **line total** = the sum of the components.
//!
//! Percent fees are computed on the *line's* producer component, not per unit and then
//! multiplied, so a line's breakdown always adds up to its total to the last centavo, and an
//! invoice's total is the sum of its lines. The per-unit breakdown shown in the shop is the
//! same computation for q = 1.

use serde::{Deserialize, Serialize};
use uuid::Uuid;

use crate::currency::Currency;
use crate::money::{Money, MoneyError};
use crate::parse::ParseError;
use crate::vocab::vocabulary;

vocabulary!(
    /// What a fee on top of the producer price pays for.
    FeeKind, "fee kind", {
        Processing => "processing", "Processing";
        Packing => "packing", "Packing";
        Transport => "transport", "Transport";
        Coordination => "coordination", "Coordination";
        SolidarityFund => "solidarity_fund", "Solidarity fund";
        Tax => "tax", "Tax";
    }
);

/// How a fee is charged.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "basis", rename_all = "snake_case")]
pub enum FeeBasis {
    /// A fixed amount per unit, in minor units.
    PerUnit { minor: i64 },
    /// A share of the producer price, in basis points (1 250 = 12.5 %).
    Percent { basis_points: u32 },
}

/// A fee on an offer, paid to a named organization.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub struct Fee {
    pub kind: FeeKind,
    #[serde(flatten)]
    pub basis: FeeBasis,
    pub recipient: Uuid,
}

/// Largest fee percentage accepted: 1 000 % (a fee ten times the producer price is surely a typo
/// beyond that).
pub const MAX_BASIS_POINTS: u32 = 100_000;

impl Fee {
    /// Checks a fee's amount.
    pub fn check(&self) -> Result<(), ParseError> {
        match self.basis {
            FeeBasis::PerUnit { minor } if minor < 0 => {
                Err(ParseError::new("a fee may not be negative"))
            }
            FeeBasis::Percent { basis_points } if basis_points > MAX_BASIS_POINTS => {
                Err(ParseError::new("a percentage fee may be at most 1000 %"))
            }
            _ => Ok(()),
        }
    }
}

/// Who gets a component of the price.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize)]
#[serde(tag = "part", content = "fee", rename_all = "snake_case")]
pub enum Part {
    Producer,
    Fee(FeeKind),
}

impl Part {
    /// `producer`, or the fee kind's id (`coordination`, `transport`, …).
    pub fn id(self) -> &'static str {
        match self {
            Part::Producer => "producer",
            Part::Fee(k) => k.id(),
        }
    }
}

/// One component of a price.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
pub struct Component {
    #[serde(flatten)]
    pub part: Part,
    /// The organization receiving it.
    pub recipient: Uuid,
    pub amount: Money,
}

/// A line's price, component by component; `total` is their sum.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Breakdown {
    pub quantity: u64,
    pub components: Vec<Component>,
    pub total: Money,
}

impl Breakdown {
    /// The producer's component.
    pub fn producer_amount(&self) -> Money {
        self.components
            .iter()
            .find(|c| c.part == Part::Producer)
            .map(|c| c.amount)
            .unwrap_or_else(|| Money::zero(self.total.currency()))
    }

    /// The producer's share of the total in basis points (0 when the total is 0), rounded down.
    pub fn producer_share_bp(&self) -> u32 {
        let total = i128::from(self.total.minor());
        if total <= 0 {
            return 0;
        }
        (i128::from(self.producer_amount().minor()) * 10_000 / total) as u32
    }
}

/// Percent of an amount in basis points, rounded half up (for non-negative amounts).
pub fn percent_half_up(amount: i64, basis_points: u32) -> Result<i64, MoneyError> {
    let n = i128::from(amount) * i128::from(basis_points);
    let q = (n + 5_000).div_euclid(10_000);
    i64::try_from(q).map_err(|_| MoneyError::Overflow)
}

/// The breakdown of `quantity` units at `producer_price` per unit (paid to `producer`) with
/// `fees`, by the rounding rule of this module.
pub fn breakdown(
    producer: Uuid,
    producer_price: Money,
    fees: &[Fee],
    quantity: u64,
) -> Result<Breakdown, MoneyError> {
    let currency: Currency = producer_price.currency();
    let q = i64::try_from(quantity).map_err(|_| MoneyError::Overflow)?;
    let producer_amount = producer_price.checked_mul_int(q)?;
    let mut components = Vec::with_capacity(1 + fees.len());
    components.push(Component {
        part: Part::Producer,
        recipient: producer,
        amount: producer_amount,
    });
    let mut total = producer_amount;
    for fee in fees {
        let minor = match fee.basis {
            FeeBasis::PerUnit { minor } => minor.checked_mul(q).ok_or(MoneyError::Overflow)?,
            FeeBasis::Percent { basis_points } => {
                percent_half_up(producer_amount.minor(), basis_points)?
            }
        };
        let amount = Money::new(minor, currency);
        total = total.checked_add(amount)?;
        components.push(Component {
            part: Part::Fee(fee.kind),
            recipient: fee.recipient,
            amount,
        });
    }
    Ok(Breakdown {
        quantity,
        components,
        total,
    })
}

/// The largest quantity one order line may ask for.
pub const MAX_LINE_QUANTITY: u64 = 1_000_000;

/// The largest amount, in minor units, that any single figure derived from one offer may reach
/// (10^15: ₱10 trillion, ¥1,000 trillion). Every line is at most [`MAX_LINE_QUANTITY`] units of
/// one offer and every allocation at most the offer's quantity, so every line total, fee,
/// statement line and offer total stays below it; documents adding up more than ~9,000 such
/// maximal offers are the only sums that could leave `i64`, and those are checked sums.
pub const MAX_AMOUNT_MINOR: i64 = 1_000_000_000_000_000;

/// Checks, when an offer is written, that every amount it can ever derive is in range: the
/// breakdown of the larger of its whole quantity and the largest line. Returns the field to
/// blame (`producer_price`, `quantity` or `fees[i]`) with the reason, so that a price that
/// could never be invoiced is refused at the door instead of breaking the cycle later.
pub fn check_offer_amounts(
    producer_price: Money,
    fees: &[Fee],
    quantity: u64,
) -> Result<(), (String, String)> {
    let too_large = |what: &str| {
        format!(
            "{what} too large: no amount of a cycle may exceed {}",
            Money::new(MAX_AMOUNT_MINOR, producer_price.currency())
        )
    };
    let in_range = |b: &Result<Breakdown, MoneyError>| {
        b.as_ref()
            .is_ok_and(|b| b.total.minor() <= MAX_AMOUNT_MINOR)
    };
    let nil = Uuid::nil();
    let q = quantity.max(MAX_LINE_QUANTITY);
    if !in_range(&breakdown(nil, producer_price, &[], MAX_LINE_QUANTITY)) {
        return Err(("producer_price".into(), too_large("is")));
    }
    if !in_range(&breakdown(nil, producer_price, &[], q)) {
        return Err(("quantity".into(), too_large("is, at this price,")));
    }
    for n in 0..fees.len() {
        if !in_range(&breakdown(nil, producer_price, &fees[..=n], q)) {
            return Err((format!("fees[{n}]"), too_large("makes the price")));
        }
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    fn php(minor: i64) -> Money {
        Money::new(minor, Currency::PHP)
    }

    #[test]
    fn of_250_pesos_the_farmer_gets_200() {
        // A 5-kg bag of rice: producer ₱200.00, hub coordination 12.5 % (= ₱25.00), transport
        // ₱15.00 flat, solidarity fund 5 % (= ₱10.00): ₱250.00 in all.
        let (farm, hub, truck, fund) = (
            Uuid::new_v4(),
            Uuid::new_v4(),
            Uuid::new_v4(),
            Uuid::new_v4(),
        );
        let fees = [
            Fee {
                kind: FeeKind::Coordination,
                basis: FeeBasis::Percent {
                    basis_points: 1_250,
                },
                recipient: hub,
            },
            Fee {
                kind: FeeKind::Transport,
                basis: FeeBasis::PerUnit { minor: 1_500 },
                recipient: truck,
            },
            Fee {
                kind: FeeKind::SolidarityFund,
                basis: FeeBasis::Percent { basis_points: 500 },
                recipient: fund,
            },
        ];
        let b = breakdown(farm, php(20_000), &fees, 1).unwrap();
        assert_eq!(b.total, php(25_000));
        assert_eq!(b.producer_amount(), php(20_000));
        assert_eq!(b.producer_share_bp(), 8_000);
        let three = breakdown(farm, php(20_000), &fees, 3).unwrap();
        assert_eq!(three.total, php(75_000));
    }

    #[test]
    fn percent_fees_round_half_up_on_the_line() {
        // 3 units at ₱0.33 = ₱0.99; 10 % = 9.9 centavos → 10. Per unit it would be 3.3 → 3,
        // three times 9: the line rule is the one that adds up.
        let b = breakdown(
            Uuid::nil(),
            php(33),
            &[Fee {
                kind: FeeKind::Tax,
                basis: FeeBasis::Percent {
                    basis_points: 1_000,
                },
                recipient: Uuid::nil(),
            }],
            3,
        )
        .unwrap();
        assert_eq!(b.components[1].amount, php(10));
        assert_eq!(b.total, php(109));
        assert_eq!(percent_half_up(5, 1_000).unwrap(), 1); // 0.5 → 1
        assert_eq!(percent_half_up(4, 1_000).unwrap(), 0); // 0.4 → 0
        assert_eq!(percent_half_up(15, 1_000).unwrap(), 2); // 1.5 → 2
    }

    #[test]
    fn jpy_has_no_minor_unit_and_still_adds_up() {
        let b = breakdown(
            Uuid::nil(),
            Money::new(1_200, Currency::JPY),
            &[Fee {
                kind: FeeKind::Packing,
                basis: FeeBasis::Percent { basis_points: 333 },
                recipient: Uuid::nil(),
            }],
            1,
        )
        .unwrap();
        // 1 200 × 3.33 % = 39.96 → ¥40
        assert_eq!(b.total, Money::new(1_240, Currency::JPY));
    }

    #[test]
    fn bad_fees_are_refused() {
        let f = Fee {
            kind: FeeKind::Tax,
            basis: FeeBasis::PerUnit { minor: -1 },
            recipient: Uuid::nil(),
        };
        assert!(f.check().is_err());
        let f = Fee {
            kind: FeeKind::Tax,
            basis: FeeBasis::Percent {
                basis_points: 100_001,
            },
            recipient: Uuid::nil(),
        };
        assert!(f.check().is_err());
    }

    proptest! {
        /// Breakdowns always add up, components are never negative, and the producer gets
        /// exactly price × quantity.
        #[test]
        fn breakdowns_add_up(
            price in 0i64..10_000_000,
            q in 0u64..10_000,
            fees in proptest::collection::vec((0usize..6, any::<bool>(), 0i64..100_000, 0u32..5_000), 0..6),
        ) {
            let fees: Vec<Fee> = fees.into_iter().map(|(k, pct, flat, bp)| Fee {
                kind: FeeKind::ALL[k],
                basis: if pct { FeeBasis::Percent { basis_points: bp } } else { FeeBasis::PerUnit { minor: flat } },
                recipient: Uuid::nil(),
            }).collect();
            let b = breakdown(Uuid::nil(), php(price), &fees, q).unwrap();
            let sum: i64 = b.components.iter().map(|c| c.amount.minor()).sum();
            prop_assert_eq!(sum, b.total.minor());
            prop_assert!(b.components.iter().all(|c| c.amount.minor() >= 0));
            prop_assert_eq!(b.producer_amount().minor(), price * q as i64);
            prop_assert!(b.producer_share_bp() <= 10_000);
        }
    }

    #[test]
    fn offers_whose_amounts_could_overflow_are_refused_naming_the_field() {
        let php = |m| Money::new(m, Currency::PHP);
        let fee = |minor| Fee {
            kind: FeeKind::Transport,
            basis: FeeBasis::PerUnit { minor },
            recipient: Uuid::nil(),
        };
        assert_eq!(check_offer_amounts(php(20_000), &[fee(1_500)], 100), Ok(()));
        // The largest price whose largest line stays in range passes; one centavo more fails.
        let max_price = MAX_AMOUNT_MINOR / MAX_LINE_QUANTITY as i64;
        assert_eq!(check_offer_amounts(php(max_price), &[], 1), Ok(()));
        let e = check_offer_amounts(php(max_price + 1), &[], 1).unwrap_err();
        assert_eq!(e.0, "producer_price");
        // A price that overflows i64 outright, as the attack sent it.
        assert_eq!(
            check_offer_amounts(php(i64::MAX / 2), &[], 1)
                .unwrap_err()
                .0,
            "producer_price"
        );
        // A modest price on an absurd quantity blames the quantity.
        assert_eq!(
            check_offer_amounts(php(100), &[], u64::MAX / 4)
                .unwrap_err()
                .0,
            "quantity"
        );
        // The second fee tips it over.
        let e = check_offer_amounts(php(max_price / 2), &[fee(1), fee(max_price)], 10).unwrap_err();
        assert_eq!(e.0, "fees[1]");
        // A percent fee of 1000 % on a price at the limit.
        let pct = Fee {
            kind: FeeKind::Tax,
            basis: FeeBasis::Percent {
                basis_points: MAX_BASIS_POINTS,
            },
            recipient: Uuid::nil(),
        };
        assert_eq!(
            check_offer_amounts(php(max_price), &[pct], 1)
                .unwrap_err()
                .0,
            "fees[0]"
        );
    }

    proptest::proptest! {
        /// Whatever passes the check prices every line up to the limit, and the whole offer,
        /// without error and within range (prices around the limit, so both outcomes occur).
        #[test]
        fn a_checked_offer_prices_every_line(
            price in 0i64..=2_000_000_000, per_unit in 0i64..=2_000_000_000,
            bp in 0u32..=MAX_BASIS_POINTS, quantity in 0u64..=5_000_000,
            line in 1u64..=MAX_LINE_QUANTITY,
        ) {
            let php = Money::new(price, Currency::PHP);
            let fees = [
                Fee { kind: FeeKind::Transport, basis: FeeBasis::PerUnit { minor: per_unit }, recipient: Uuid::nil() },
                Fee { kind: FeeKind::Coordination, basis: FeeBasis::Percent { basis_points: bp }, recipient: Uuid::nil() },
            ];
            match check_offer_amounts(php, &fees, quantity) {
                Ok(()) => {
                    for q in [line, quantity] {
                        let b = breakdown(Uuid::nil(), php, &fees, q).unwrap();
                        prop_assert!(b.total.minor() <= MAX_AMOUNT_MINOR);
                    }
                }
                // Refused: the largest line or the whole offer really is out of range.
                Err(_) => {
                    let q = quantity.max(MAX_LINE_QUANTITY);
                    let b = breakdown(Uuid::nil(), php, &fees, q);
                    prop_assert!(b.is_err() || b.unwrap().total.minor() > MAX_AMOUNT_MINOR);
                }
            }
        }
    }
}
