//! Exact non-negative fractions, for weighted tallies.
//!
//! A weighted share is a sum over chambers of `weight × votes ÷ chamber total`: a sum of
//! fractions whose common denominator is the product of the chamber totals, which outgrows
//! 128 bits with a handful of large chambers. Big integers keep it exact, so two tallies of
//! the same ballots agree to the last digit and "two thirds" means two thirds.

use std::cmp::Ordering;

use num_bigint::BigUint;

/// `num ÷ den`, `den > 0`.
#[derive(Debug, Clone)]
pub struct Ratio {
    num: BigUint,
    den: BigUint,
}

impl Ratio {
    pub fn new(num: impl Into<BigUint>, den: impl Into<BigUint>) -> Ratio {
        let den = den.into();
        assert!(den != BigUint::ZERO, "a ratio's denominator is never zero");
        Ratio {
            num: num.into(),
            den,
        }
    }

    pub fn zero() -> Ratio {
        Ratio::new(0u32, 1u32)
    }

    pub fn is_zero(&self) -> bool {
        self.num == BigUint::ZERO
    }

    /// `self ≥ n ÷ d`, exactly.
    pub fn at_least(&self, n: u32, d: u32) -> bool {
        &self.num * d >= &self.den * n
    }

    /// `self > n ÷ d`, exactly.
    pub fn more_than(&self, n: u32, d: u32) -> bool {
        &self.num * d > &self.den * n
    }

    /// The ratio as a percentage with two decimals, rounded half away from zero: `"62.50"`.
    pub fn percent(&self) -> String {
        // hundredths of a percent = ratio × 10 000, rounded: ⌊(2·num·10 000 + den) ÷ 2·den⌋.
        let two_den = &self.den * 2u32;
        let h: BigUint = (&self.num * 20_000u32 + &self.den) / two_den;
        let whole = &h / 100u32;
        let frac = (&h % 100u32).to_u32_digits().first().copied().unwrap_or(0);
        format!("{whole}.{frac:02}")
    }
}

impl PartialEq for Ratio {
    fn eq(&self, other: &Ratio) -> bool {
        self.cmp(other) == Ordering::Equal
    }
}
impl Eq for Ratio {}
impl PartialOrd for Ratio {
    fn partial_cmp(&self, other: &Ratio) -> Option<Ordering> {
        Some(self.cmp(other))
    }
}
impl Ord for Ratio {
    fn cmp(&self, other: &Ratio) -> Ordering {
        (&self.num * &other.den).cmp(&(&other.num * &self.den))
    }
}

/// `part ÷ whole` as a percentage with two decimals (`"0.00"` when `whole` is 0).
pub fn percent_of(part: u64, whole: u64) -> String {
    if whole == 0 {
        return "0.00".into();
    }
    Ratio::new(part, whole).percent()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn percentages_round_half_away_from_zero_exactly() {
        assert_eq!(Ratio::new(1u32, 3u32).percent(), "33.33");
        assert_eq!(Ratio::new(2u32, 3u32).percent(), "66.67");
        // 1/8 = 12.5 % exactly; 1/16 = 6.25 %; 1/32 = 3.125 % → 3.13 (half away from zero).
        assert_eq!(Ratio::new(1u32, 32u32).percent(), "3.13");
        assert_eq!(Ratio::new(1u32, 1u32).percent(), "100.00");
        assert_eq!(Ratio::zero().percent(), "0.00");
        assert_eq!(percent_of(0, 0), "0.00");
    }

    #[test]
    fn comparisons_are_exact() {
        let two_thirds = Ratio::new(2u32, 3u32);
        assert!(two_thirds.at_least(2, 3));
        assert!(!two_thirds.more_than(2, 3));
        assert!(Ratio::new(666_667u32, 1_000_000u32).more_than(2, 3));
        assert!(!Ratio::new(666_666u32, 1_000_000u32).at_least(2, 3));
        assert_eq!(Ratio::new(2u32, 4u32), Ratio::new(1u32, 2u32));
    }
}
