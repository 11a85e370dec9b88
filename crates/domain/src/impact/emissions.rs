//! Transport emission factors, kept as versioned data in `crates/domain/data/`.
//!
//! Every computed figure stores the factor's mode id, value, source, year, scope (TTW) and
//! data-quality tier, as the GLEC Framework and ISO 14083 ask, so a report can always say which
//! factor it used. Well-to-tank emissions are not mixed in silently.

use std::sync::OnceLock;

use serde::{Deserialize, Serialize};

use crate::trade::catalog::TransportMode;

/// One factor of the table.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct EmissionFactor {
    /// Transport mode id (see [`TransportMode`]).
    pub mode: String,
    /// kg CO2e per tonne-km.
    pub value: f64,
    /// `default`, `modelled` or `measured`.
    pub quality: String,
    pub note: String,
}

/// The whole table with its provenance.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct FactorTable {
    pub source: String,
    pub year: u16,
    /// `TTW` (tank-to-wheel).
    pub scope: String,
    pub unit: String,
    pub factors: Vec<EmissionFactor>,
}

/// The table shipped with this version.
pub fn table() -> &'static FactorTable {
    static TABLE: OnceLock<FactorTable> = OnceLock::new();
    TABLE.get_or_init(|| {
        // The file is part of the source tree and checked by the tests below.
        serde_json::from_str(include_str!("../../data/emission_factors.json"))
            .expect("valid emission factor table")
    })
}

/// The factor for a transport mode.
pub fn factor(mode: TransportMode) -> Option<&'static EmissionFactor> {
    table().factors.iter().find(|f| f.mode == mode.id())
}

/// kg CO2e of moving `mass_g` grams over `km` kilometres by `mode` (mass in t × km × factor).
pub fn leg_kg_co2e(mode: TransportMode, mass_g: i64, km: f64) -> Option<f64> {
    factor(mode).map(|f| (mass_g as f64 / 1_000_000.0) * km * f.value)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_transport_mode_has_exactly_one_factor() {
        for mode in TransportMode::ALL {
            let n = table()
                .factors
                .iter()
                .filter(|f| f.mode == mode.id())
                .count();
            assert_eq!(n, 1, "{}", mode.id());
        }
        assert_eq!(table().factors.len(), TransportMode::ALL.len());
        assert_eq!(table().scope, "TTW");
        assert_eq!(table().year, 2025);
    }

    #[test]
    fn a_leg_by_small_truck() {
        // 100 bags of 5 kg = 0.5 t over 134 km × 0.52761 = 35.34987 kg CO2e
        let kg = leg_kg_co2e(TransportMode::TruckSmall, 500_000, 134.0).unwrap();
        assert!((kg - 35.34987).abs() < 1e-9, "{kg}");
        assert_eq!(
            leg_kg_co2e(TransportMode::Bicycle, 500_000, 10.0),
            Some(0.0)
        );
    }
}
