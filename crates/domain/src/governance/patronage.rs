//! Dividing a surplus: an indivisible reserve first, then refunds in proportion to each
//! member's trade with the cooperative (patronage).
//!
//! `refund_i = (surplus − reserve) × patronage_i ÷ Σ patronage`, to the minor unit:
//!
//! - the **reserve** is `surplus × reserve_percent`, rounded **up** to the minor unit, so it
//!   never falls below its share (a SCIC keeps at least 57.5 %);
//! - the rest is split by the largest-remainder rule ([`Money::allocate`]) over the members
//!   ordered by key, ascending: a leftover unit goes to the largest remainder, between equal
//!   remainders to the smaller key. The parts add up to the surplus exactly.

use crate::money::MoneyError;
use crate::Money;

/// Why a surplus could not be divided.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum PatronageError {
    #[error("the surplus must be above zero")]
    NoSurplus,
    #[error("a member's patronage cannot be negative ({0})")]
    Negative(String),
    #[error("nobody traded in the period: there is no patronage to divide by")]
    NoPatronage,
    #[error("{0} is named twice")]
    Twice(String),
    #[error("amounts in different currencies: {0}")]
    Money(#[from] MoneyError),
}

/// A divided surplus.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Division<K> {
    pub reserve: Money,
    /// Each member's refund, by key ascending.
    pub refunds: Vec<(K, Money)>,
}

/// Divides `surplus`: `reserve_bp` basis points (rounded up) to the reserve, the rest over
/// `patronage` (each member's trade in the period, same currency).
pub fn divide<K: Ord + Clone + std::fmt::Display>(
    surplus: Money,
    reserve_bp: u32,
    patronage: &[(K, Money)],
) -> Result<Division<K>, PatronageError> {
    if surplus.minor() <= 0 {
        return Err(PatronageError::NoSurplus);
    }
    let mut members: Vec<(K, Money)> = patronage.to_vec();
    members.sort_by(|a, b| a.0.cmp(&b.0));
    for w in members.windows(2) {
        if w[0].0 == w[1].0 {
            return Err(PatronageError::Twice(w[0].0.to_string()));
        }
    }
    let mut weights = Vec::with_capacity(members.len());
    for (k, m) in &members {
        if m.currency() != surplus.currency() {
            return Err(MoneyError::CurrencyMismatch {
                left: surplus.currency(),
                right: m.currency(),
            }
            .into());
        }
        let w = u64::try_from(m.minor()).map_err(|_| PatronageError::Negative(k.to_string()))?;
        weights.push(w);
    }
    let bp = i128::from(reserve_bp.min(10_000));
    let whole = i128::from(surplus.minor());
    // ⌈whole × bp ÷ 10 000⌉, with whole > 0.
    let reserve_minor = (whole * bp + 9_999) / 10_000;
    let reserve = Money::new(
        i64::try_from(reserve_minor).map_err(|_| MoneyError::Overflow)?,
        surplus.currency(),
    );
    let rest = surplus.checked_sub(reserve)?;
    let refunds = if rest.minor() == 0 {
        members
            .iter()
            .map(|(k, _)| (k.clone(), Money::zero(surplus.currency())))
            .collect()
    } else {
        if weights.iter().all(|&w| w == 0) {
            return Err(PatronageError::NoPatronage);
        }
        let parts = rest.allocate(&weights)?;
        members.into_iter().map(|(k, _)| k).zip(parts).collect()
    };
    Ok(Division { reserve, refunds })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::Currency;
    use proptest::prelude::*;

    fn php(minor: i64) -> Money {
        Money::new(minor, Currency::parse("PHP").unwrap())
    }

    #[test]
    fn the_reserve_comes_first_rounded_up_and_the_rest_adds_up() {
        // ₱10,000.01 with 57.5 % to the reserve: 5,750.005…75 → ₱5,750.01 (up).
        let d = divide(
            php(1_000_001),
            5_750,
            &[("b", php(100)), ("a", php(200)), ("c", php(100))],
        )
        .unwrap();
        assert_eq!(d.reserve, php(575_001));
        let keys: Vec<&str> = d.refunds.iter().map(|(k, _)| *k).collect();
        assert_eq!(keys, ["a", "b", "c"]);
        // 425,000 split 2:1:1 → 212,500, 106,250, 106,250.
        assert_eq!(
            d.refunds.iter().map(|(_, m)| m.minor()).collect::<Vec<_>>(),
            [212_500, 106_250, 106_250]
        );
    }

    #[test]
    fn a_leftover_unit_goes_to_the_smaller_key_between_equal_remainders() {
        let d = divide(php(100), 0, &[("z", php(1)), ("m", php(1)), ("a", php(1))]).unwrap();
        assert_eq!(
            d.refunds
                .iter()
                .map(|(k, m)| (*k, m.minor()))
                .collect::<Vec<_>>(),
            [("a", 34), ("m", 33), ("z", 33)]
        );
    }

    #[test]
    fn what_cannot_be_divided_is_refused() {
        assert_eq!(
            divide::<&str>(php(0), 0, &[]),
            Err(PatronageError::NoSurplus)
        );
        assert_eq!(
            divide(php(10), 0, &[("a", php(0))]),
            Err(PatronageError::NoPatronage)
        );
        assert_eq!(
            divide(php(10), 0, &[("a", php(-1))]),
            Err(PatronageError::Negative("a".into()))
        );
        assert_eq!(
            divide(php(10), 0, &[("a", php(1)), ("a", php(2))]),
            Err(PatronageError::Twice("a".into()))
        );
        // Everything to the reserve: nobody's patronage is needed.
        let d = divide(php(10), 10_000, &[("a", php(0))]).unwrap();
        assert_eq!((d.reserve, d.refunds[0].1), (php(10), php(0)));
    }

    proptest! {
        #[test]
        fn parts_add_up_and_the_reserve_never_falls_below_its_share(
            surplus in 1i64..1_000_000_000_000,
            bp in 0u32..=10_000,
            trade in proptest::collection::vec(0i64..1_000_000_000, 1..40),
        ) {
            prop_assume!(trade.iter().any(|&t| t > 0));
            let p: Vec<(usize, Money)> = trade.iter().enumerate().map(|(i, &t)| (i, php(t))).collect();
            let d = divide(php(surplus), bp, &p).unwrap();
            let sum: i64 = d.refunds.iter().map(|(_, m)| m.minor()).sum::<i64>() + d.reserve.minor();
            prop_assert_eq!(sum, surplus);
            // reserve ≥ surplus × bp exactly, and less than one unit above it.
            let exact = i128::from(surplus) * i128::from(bp);
            prop_assert!(i128::from(d.reserve.minor()) * 10_000 >= exact);
            prop_assert!(i128::from(d.reserve.minor() - 1) * 10_000 < exact);
            // Every refund within one unit of its exact share.
            let rest = i128::from(surplus - d.reserve.minor());
            let total: i128 = trade.iter().map(|&t| i128::from(t)).sum();
            for (i, m) in &d.refunds {
                let share = rest * i128::from(trade[*i]);
                prop_assert!((i128::from(m.minor()) * total - share).abs() < total);
            }
        }
    }
}
