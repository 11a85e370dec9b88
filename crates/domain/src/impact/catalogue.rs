//! The indicator catalogue, kept as versioned data in `crates/domain/data/indicators.json`:
//! id, names in the six languages, unit, definition, formula, SDG targets, IRIS+ id, source.

use std::collections::BTreeMap;
use std::sync::OnceLock;

use serde::{Deserialize, Serialize};

/// One indicator of the catalogue.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Indicator {
    pub id: String,
    /// `economic`, `environmental` or `social`.
    pub pillar: String,
    pub unit: String,
    /// Name by language code (en, fil, id, ms, ja, ne).
    pub name: BTreeMap<String, String>,
    pub definition: String,
    pub formula: String,
    pub sdg: Vec<String>,
    pub iris: Option<String>,
    pub source: String,
}

#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
struct Catalogue {
    version: u32,
    indicators: Vec<Indicator>,
}

fn load() -> &'static Catalogue {
    static CATALOGUE: OnceLock<Catalogue> = OnceLock::new();
    // The file is part of the source tree and checked by the tests below.
    CATALOGUE.get_or_init(|| {
        serde_json::from_str(include_str!("../../data/indicators.json"))
            .expect("valid indicator catalogue")
    })
}

/// The catalogue's version (raised when an indicator's meaning changes).
pub fn version() -> u32 {
    load().version
}

/// Every indicator, in catalogue order.
pub fn indicators() -> &'static [Indicator] {
    &load().indicators
}

/// One indicator by id.
pub fn indicator(id: &str) -> Option<&'static Indicator> {
    indicators().iter().find(|i| i.id == id)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_catalogue_is_complete_and_consistent() {
        assert!(version() >= 1);
        let mut seen = std::collections::HashSet::new();
        for i in indicators() {
            assert!(seen.insert(i.id.as_str()), "duplicate {}", i.id);
            assert!(
                ["economic", "environmental", "social"].contains(&i.pillar.as_str()),
                "{}",
                i.id
            );
            for lang in ["en", "fil", "id", "ms", "ja", "ne"] {
                assert!(
                    i.name.get(lang).is_some_and(|n| !n.is_empty()),
                    "{} has no {lang} name",
                    i.id
                );
            }
            assert_eq!(i.name.len(), 6, "{}: only the six languages", i.id);
            assert!(
                !i.definition.is_empty() && !i.formula.is_empty() && !i.source.is_empty(),
                "{}",
                i.id
            );
            assert!(
                i.sdg.iter().all(|t| t.contains('.')),
                "{}: SDG targets look like 2.3",
                i.id
            );
        }
        for id in [
            "producer_share",
            "value_paid_to_producers",
            "food_km",
            "transport_emissions",
            "producers_reached",
        ] {
            assert!(indicator(id).is_some(), "{id}");
        }
    }
}
