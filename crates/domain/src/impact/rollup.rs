//! Triple-bottom-line figures from delivered lines, as rollups that merge exactly.
//!
//! A [`Rollup`] holds only sums (integers, so merging is exact and order does not matter) and
//! the set of producers reached; figures are derived from it on demand. Rollups can therefore
//! be kept per cycle, organization, country and value chain when cycles close, and any report
//! is a merge of rollups, equal to a recomputation from the raw lines (a property test says so).

use std::collections::BTreeSet;

use serde::Serialize;
use uuid::Uuid;

use crate::currency::Currency;
use crate::money::Money;
use crate::trade::catalog::TransportMode;

/// What one delivered line contributes to the accounts.
#[derive(Debug, Clone, PartialEq)]
pub struct DeliveredLine {
    pub producer: Uuid,
    pub consumer_group: Uuid,
    /// Units delivered (allocated).
    pub units: u64,
    /// Grams per unit.
    pub unit_mass_g: i64,
    /// What the producer receives for these units, in minor units.
    pub producer_minor: i64,
    /// What the consumers pay, fees included.
    pub total_minor: i64,
    /// The solidarity-fund fees in the total.
    pub solidarity_fund_minor: i64,
    /// Producer and consumer group in the same region.
    pub local: bool,
    /// Organic, PGS-certified or agroecological product.
    pub certified: bool,
    /// The transport leg: mode and kilometres.
    pub transport: Option<(TransportMode, f64)>,
}

/// Sums over delivered lines.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize)]
pub struct Rollup {
    pub lines: u64,
    pub producer_minor: i128,
    pub total_minor: i128,
    pub solidarity_fund_minor: i128,
    pub local_total_minor: i128,
    pub certified_total_minor: i128,
    /// Mass of lines with a transport leg, in grams.
    pub transported_mass_g: i128,
    /// Σ grams × metres over lines with a transport leg (metres rounded per line).
    pub mass_metres: i128,
    /// Transport emissions in milligrams CO2e (rounded per line).
    pub emissions_mg: i128,
    pub producers: BTreeSet<Uuid>,
}

/// The figures a rollup stands for.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Figures {
    pub lines: u64,
    /// Producer share of the consumer price, in basis points (rounded down); none without sales.
    pub producer_share_bp: Option<i64>,
    pub value_paid_to_producers: Money,
    pub solidarity_fund: Money,
    /// Share of spending paid to producers of the consumer group's own region, in basis points.
    pub local_retention_bp: Option<i64>,
    /// Share of sales of certified (organic, PGS, agroecological) products, in basis points.
    pub certified_share_bp: Option<i64>,
    /// Mass-weighted food kilometres: Σ(mass × km) / Σ mass over transported lines.
    pub food_km: Option<f64>,
    /// Transport emissions, kg CO2e (tank-to-wheel factors of `emissions::table()`).
    pub transport_kg_co2e: f64,
    pub producers_reached: u64,
}

fn share_bp(part: i128, whole: i128) -> Option<i64> {
    (whole > 0).then(|| (part * 10_000 / whole) as i64)
}

impl Rollup {
    /// Adds one delivered line.
    pub fn add(&mut self, l: &DeliveredLine) {
        self.lines += 1;
        self.producer_minor += i128::from(l.producer_minor);
        self.total_minor += i128::from(l.total_minor);
        self.solidarity_fund_minor += i128::from(l.solidarity_fund_minor);
        if l.local {
            self.local_total_minor += i128::from(l.total_minor);
        }
        if l.certified {
            self.certified_total_minor += i128::from(l.total_minor);
        }
        if let Some((mode, km)) = l.transport {
            let mass_g = i128::from(l.unit_mass_g) * i128::from(l.units);
            let metres = (km * 1000.0).round() as i128;
            self.transported_mass_g += mass_g;
            self.mass_metres += mass_g * metres;
            let kg = super::emissions::leg_kg_co2e(mode, mass_g as i64, metres as f64 / 1000.0)
                .unwrap_or(0.0);
            self.emissions_mg += (kg * 1_000_000.0).round() as i128;
        }
        self.producers.insert(l.producer);
    }

    /// Merges another rollup in: the result is the rollup of both sets of lines.
    pub fn merge(&mut self, o: &Rollup) {
        self.lines += o.lines;
        self.producer_minor += o.producer_minor;
        self.total_minor += o.total_minor;
        self.solidarity_fund_minor += o.solidarity_fund_minor;
        self.local_total_minor += o.local_total_minor;
        self.certified_total_minor += o.certified_total_minor;
        self.transported_mass_g += o.transported_mass_g;
        self.mass_metres += o.mass_metres;
        self.emissions_mg += o.emissions_mg;
        self.producers.extend(o.producers.iter().copied());
    }

    /// The figures, with money in `currency`.
    pub fn figures(&self, currency: Currency) -> Figures {
        let money = |m: i128| Money::new(i64::try_from(m).unwrap_or(i64::MAX), currency);
        Figures {
            lines: self.lines,
            producer_share_bp: share_bp(self.producer_minor, self.total_minor),
            value_paid_to_producers: money(self.producer_minor),
            solidarity_fund: money(self.solidarity_fund_minor),
            local_retention_bp: share_bp(self.local_total_minor, self.total_minor),
            certified_share_bp: share_bp(self.certified_total_minor, self.total_minor),
            food_km: (self.transported_mass_g > 0)
                .then(|| self.mass_metres as f64 / self.transported_mass_g as f64 / 1000.0),
            transport_kg_co2e: self.emissions_mg as f64 / 1_000_000.0,
            producers_reached: self.producers.len() as u64,
        }
    }
}

/// The smallest count of people a published figure may show; below it the figure reads "<N".
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
pub struct Threshold(u64);

impl Threshold {
    /// The least a network may choose.
    pub const MIN: u64 = 5;

    /// A threshold of `n` (at least 5: it may be raised, never lowered).
    pub fn new(n: u64) -> Result<Threshold, crate::parse::ParseError> {
        if n < Self::MIN {
            return Err(crate::parse::ParseError::new(format!(
                "the suppression threshold may not be below {}",
                Self::MIN
            )));
        }
        Ok(Threshold(n))
    }

    /// A count of people as it may be published: the number, or `<N` when fewer than N.
    pub fn show(self, count: u64) -> String {
        if count < self.0 {
            format!("<{}", self.0)
        } else {
            count.to_string()
        }
    }
}

impl Default for Threshold {
    fn default() -> Self {
        Threshold(Self::MIN)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    #[allow(clippy::too_many_arguments)] // a test fixture, one argument per column
    fn line(
        producer: u128,
        units: u64,
        producer_minor: i64,
        total_minor: i64,
        fund: i64,
        local: bool,
        certified: bool,
        km: Option<f64>,
    ) -> DeliveredLine {
        DeliveredLine {
            producer: Uuid::from_u128(producer),
            consumer_group: Uuid::from_u128(99),
            units,
            unit_mass_g: 5_000,
            producer_minor,
            total_minor,
            solidarity_fund_minor: fund,
            local,
            certified,
            transport: km.map(|k| (TransportMode::TruckSmall, k)),
        }
    }

    #[test]
    fn a_hand_checked_set() {
        // Line A: 4 bags from farm 1, ₱800 to the farm of ₱1,000 paid, ₱40 to the fund, local,
        //         organic, 134 km by small truck.
        // Line B: 6 bags from farm 2, ₱1,200 of ₱1,500, ₱60 fund, not local, not certified,
        //         no transport leg recorded.
        let mut r = Rollup::default();
        r.add(&line(1, 4, 80_000, 100_000, 4_000, true, true, Some(134.0)));
        r.add(&line(2, 6, 120_000, 150_000, 6_000, false, false, None));
        let f = r.figures(Currency::PHP);
        // Producer share: 2,000 / 2,500 = 80.00 % → 8,000 bp.
        assert_eq!(f.producer_share_bp, Some(8_000));
        assert_eq!(
            f.value_paid_to_producers,
            Money::new(200_000, Currency::PHP)
        );
        assert_eq!(f.solidarity_fund, Money::new(10_000, Currency::PHP));
        // Local retention and certified share: 1,000 / 2,500 = 40 %.
        assert_eq!(f.local_retention_bp, Some(4_000));
        assert_eq!(f.certified_share_bp, Some(4_000));
        // Food km over transported lines only: 20 kg × 134 km / 20 kg = 134 km.
        assert_eq!(f.food_km, Some(134.0));
        // Emissions: 0.02 t × 134 km × 0.52761 = 1.41399… kg (1,413,995 mg after rounding).
        assert!(
            (f.transport_kg_co2e - 1.413995).abs() < 1e-6,
            "{}",
            f.transport_kg_co2e
        );
        assert_eq!(f.producers_reached, 2);
        assert_eq!(f.lines, 2);
    }

    #[test]
    fn empty_rollups_have_no_shares() {
        let f = Rollup::default().figures(Currency::JPY);
        assert_eq!(
            (f.producer_share_bp, f.food_km, f.producers_reached),
            (None, None, 0)
        );
    }

    #[test]
    fn small_counts_are_suppressed() {
        let t = Threshold::default();
        assert_eq!(t.show(4), "<5");
        assert_eq!(t.show(5), "5");
        assert!(Threshold::new(4).is_err());
        assert_eq!(Threshold::new(10).unwrap().show(9), "<10");
    }

    fn any_line() -> impl Strategy<Value = DeliveredLine> {
        (
            0u128..20,
            0u64..50,
            0i64..100_000,
            0i64..50_000,
            0i64..5_000,
            any::<bool>(),
            any::<bool>(),
            proptest::option::of(0.0f64..2_000.0),
        )
            .prop_map(|(p, u, prod, fees, fund, local, cert, km)| {
                line(p, u, prod, prod + fees, fund, local, cert, km)
            })
    }

    proptest! {
        /// Rollups kept per part and merged equal the rollup of all the raw lines, whatever the
        /// partition and the order.
        #[test]
        fn merged_rollups_equal_a_recomputation(lines in proptest::collection::vec(any_line(), 0..60), cut in 0usize..60) {
            let mut whole = Rollup::default();
            for l in &lines { whole.add(l); }
            let cut = cut.min(lines.len());
            let (mut a, mut b) = (Rollup::default(), Rollup::default());
            for l in &lines[..cut] { a.add(l); }
            for l in lines[cut..].iter().rev() { b.add(l); }
            let mut merged = b.clone();
            merged.merge(&a);
            prop_assert_eq!(&merged, &whole);
            prop_assert_eq!(merged.figures(Currency::PHP), whole.figures(Currency::PHP));
        }
    }
}
