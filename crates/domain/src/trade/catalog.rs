//! Products of producer organizations, and how goods travel.

use serde::{Deserialize, Serialize};

use crate::geo::{Latitude, Location, LocationInput, Longitude};
use crate::parse::ParseError;
use crate::text::Shape;
use crate::validate::{Collector, Invalid};
use crate::vocab::{vocabulary, Qualifier};

vocabulary!(
    /// The value chain a product belongs to; impact reports roll up by it.
    Category, "product category", {
        Rice => "rice", "Rice";
        Grains => "grains", "Grains and cereals";
        Pulses => "pulses", "Pulses";
        Vegetables => "vegetables", "Vegetables";
        Fruit => "fruit", "Fruit";
        Coffee => "coffee", "Coffee";
        Cacao => "cacao", "Cacao";
        Tea => "tea", "Tea";
        Spices => "spices", "Spices and herbs";
        Dairy => "dairy", "Dairy";
        Eggs => "eggs", "Eggs";
        Meat => "meat", "Meat";
        Fish => "fish", "Fish and seafood";
        ProcessedFood => "processed_food", "Processed food";
        Handicrafts => "handicrafts", "Handicrafts";
        Textiles => "textiles", "Textiles";
        Other => "other", "Other";
    }
);

vocabulary!(
    /// Transport modes, with the ids of the emission-factor table.
    TransportMode, "transport mode", {
        Hgv => "hgv", "Heavy goods vehicle";
        TruckSmall => "truck_small", "Small truck (3.5–7.5 t)";
        TruckMedium => "truck_medium", "Medium truck (7.5–17 t)";
        TruckLarge => "truck_large", "Large truck (over 17 t)";
        Articulated => "articulated", "Articulated truck";
        Van => "van", "Van";
        Rail => "rail", "Rail";
        ShipGeneral => "ship_general", "General cargo ship";
        ShipContainer => "ship_container", "Container ship";
        FerryRoro => "ferry_roro", "RoRo ferry";
        Motorbike => "motorbike", "Motorbike";
        BoatSmall => "boat_small", "Small boat";
        OnFoot => "on_foot", "On foot";
        Bicycle => "bicycle", "Bicycle";
    }
);

vocabulary!(
    /// What goods are packed in: returnable containers come back to the producer or hub.
    Packaging, "packaging", {
        Returnable => "returnable", "Returnable (crates, jars, sacks that come back)";
        SingleUse => "single_use", "Single-use";
        Unpackaged => "none", "No packaging";
    }
);

/// Road distance is taken as the great-circle distance times this factor when only the two
/// locations are known (a common default; reports say which distance was used).
pub const ROAD_FACTOR: f64 = 1.3;

/// How goods reach the hub: mode and distance.
#[derive(Debug, Clone, Copy, PartialEq, Serialize, Deserialize)]
pub struct TransportLeg {
    pub mode: TransportMode,
    /// Kilometres travelled.
    pub distance_km: f64,
    /// `stated` (given), or `great_circle_x1.3` (computed from the locations).
    pub distance_basis: DistanceBasis,
}

/// Where a leg's distance came from.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub enum DistanceBasis {
    #[serde(rename = "stated")]
    Stated,
    #[serde(rename = "great_circle_x1.3")]
    GreatCircleRoadFactor,
}

impl TransportLeg {
    /// A leg with a stated distance, or one computed from `from` and `to` when none is given.
    pub fn new(
        mode: TransportMode,
        distance_km: Option<f64>,
        from: Option<Location>,
        to: Option<Location>,
    ) -> Result<Self, ParseError> {
        match distance_km {
            Some(d) if d.is_finite() && (0.0..=40_000.0).contains(&d) => Ok(TransportLeg {
                mode,
                distance_km: d,
                distance_basis: DistanceBasis::Stated,
            }),
            Some(d) => Err(ParseError::new(format!("distance must be between 0 and 40000 km, got {d}"))),
            None => match (from, to) {
                (Some(a), Some(b)) => Ok(TransportLeg {
                    mode,
                    distance_km: (a.distance_km(&b) * ROAD_FACTOR * 10.0).round() / 10.0,
                    distance_basis: DistanceBasis::GreatCircleRoadFactor,
                }),
                _ => Err(ParseError::new(
                    "give distance_km, or locations for both the product's origin and the pickup point",
                )),
            },
        }
    }
}

/// A product as it arrives, before checks.
#[derive(Debug, Clone, Default, Deserialize, Serialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(deny_unknown_fields)]
pub struct ProductInput {
    #[cfg_attr(feature = "openapi", schema(schema_with = crate::openapi::name_200, required = true))]
    pub name: Option<String>,
    /// Value chain, e.g. `rice`, `coffee`, `handicrafts`.
    #[cfg_attr(feature = "openapi", schema(value_type = Category, required = true))]
    pub category: Option<String>,
    /// The unit sold, in whole numbers: "bag of 5 kg", "bunch", "piece", "500 g pack".
    #[cfg_attr(feature = "openapi", schema(schema_with = crate::openapi::unit_60, required = true))]
    pub unit: Option<String>,
    /// Mass of one unit in kilograms (stored to the gram).
    #[cfg_attr(feature = "openapi", schema(value_type = f64, required = true, exclusive_minimum = 0, maximum = 100000))]
    pub unit_mass_kg: Option<f64>,
    /// Qualifier or certification ids, e.g. `organic`, `pgs-certified`, `fair-trade`.
    #[cfg_attr(feature = "openapi", schema(value_type = Option<Vec<Qualifier>>))]
    pub qualifiers: Option<Vec<String>>,
    /// Where it comes from.
    #[cfg_attr(feature = "openapi", schema(value_type = Option<crate::openapi::LocationSchema>))]
    pub origin: Option<LocationInput>,
    /// `returnable`, `single_use` or `none`; not stated when absent.
    #[cfg_attr(feature = "openapi", schema(value_type = Option<Packaging>))]
    pub packaging: Option<String>,
    /// What a buyer wants to know: variety, how it is grown or made, how to keep it.
    #[cfg_attr(feature = "openapi", schema(schema_with = crate::openapi::opt_paragraph_2000))]
    pub description: Option<String>,
}

/// A product's checked fields.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct ProductDraft {
    pub name: String,
    pub category: Category,
    pub unit: String,
    /// Grams per unit.
    pub unit_mass_g: i64,
    pub qualifiers: Vec<Qualifier>,
    pub origin: Option<Location>,
    pub packaging: Option<Packaging>,
    pub description: Option<String>,
}

impl ProductDraft {
    pub fn parse(i: &ProductInput) -> Result<Self, Invalid> {
        let mut c = Collector::new();
        let name = c.required_text("name", i.name.as_deref(), Shape::Line, 200);
        let category = match i.category.as_deref() {
            Some(s) => c.take("category", Category::parse(s)),
            None => {
                c.push("category", "is required");
                None
            }
        };
        let unit = c.required_text("unit", i.unit.as_deref(), Shape::Line, 60);
        let unit_mass_g = match i.unit_mass_kg {
            Some(kg) if kg.is_finite() && kg > 0.0 && kg <= 100_000.0 => {
                Some((kg * 1000.0).round() as i64)
            }
            Some(kg) => {
                c.push(
                    "unit_mass_kg",
                    format!("must be more than 0 and at most 100000 kg, got {kg}"),
                );
                None
            }
            None => {
                c.push("unit_mass_kg", "is required (the mass of one unit, in kg)");
                None
            }
        };
        let mut qualifiers = Vec::new();
        for (n, q) in i.qualifiers.iter().flatten().enumerate() {
            if let Some(q) = c.take(&format!("qualifiers[{n}]"), Qualifier::parse(q)) {
                qualifiers.push(q);
            }
        }
        qualifiers.sort();
        qualifiers.dedup();
        let origin = i.origin.and_then(|l| {
            let lat = c.take("origin.lat", Latitude::parse(l.lat));
            let lon = c.take("origin.lon", Longitude::parse(l.lon));
            Some(Location {
                lat: lat?,
                lon: lon?,
            })
        });
        let packaging = i
            .packaging
            .as_deref()
            .and_then(|p| c.take("packaging", Packaging::parse(p)));
        let description = c.optional_text(
            "description",
            i.description.as_deref(),
            Shape::Paragraph,
            2000,
        );
        c.finish()?;
        match (name, category, unit, unit_mass_g) {
            (Some(name), Some(category), Some(unit), Some(unit_mass_g)) => Ok(ProductDraft {
                name,
                category,
                unit,
                unit_mass_g,
                qualifiers,
                origin,
                packaging,
                description,
            }),
            _ => Err(Invalid::field("", "incomplete input")),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn products_parse_and_report_every_field() {
        let ok = ProductInput {
            name: Some("Organic brown rice".into()),
            category: Some("rice".into()),
            unit: Some("bag of 5 kg".into()),
            unit_mass_kg: Some(5.0),
            qualifiers: Some(vec!["organic".into(), "pgs-certified".into()]),
            origin: Some(LocationInput {
                lat: 15.58,
                lon: 121.08,
            }),
            packaging: Some("returnable".into()),
            description: None,
        };
        let d = ProductDraft::parse(&ok).unwrap();
        assert_eq!(d.unit_mass_g, 5000);
        assert_eq!(d.packaging, Some(Packaging::Returnable));
        let bad = ProductInput {
            unit_mass_kg: Some(0.0),
            category: Some("gold".into()),
            packaging: Some("plastic".into()),
            ..Default::default()
        };
        let e = ProductDraft::parse(&bad).unwrap_err();
        let f: Vec<_> = e.errors.iter().map(|e| e.field.as_str()).collect();
        assert_eq!(f, ["name", "category", "unit", "unit_mass_kg", "packaging"]);
    }

    #[test]
    fn transport_distance_stated_or_computed() {
        let a = Location {
            lat: Latitude::parse(15.5784).unwrap(),
            lon: Longitude::parse(121.0851).unwrap(),
        };
        let b = Location {
            lat: Latitude::parse(14.6507).unwrap(),
            lon: Longitude::parse(121.0494).unwrap(),
        };
        let stated = TransportLeg::new(TransportMode::TruckSmall, Some(120.0), None, None).unwrap();
        assert_eq!(stated.distance_basis, DistanceBasis::Stated);
        let computed =
            TransportLeg::new(TransportMode::TruckSmall, None, Some(a), Some(b)).unwrap();
        // ≈ 103 km great-circle × 1.3 ≈ 134 km
        assert!(
            (130.0..140.0).contains(&computed.distance_km),
            "{computed:?}"
        );
        assert!(TransportLeg::new(TransportMode::Van, None, Some(a), None).is_err());
        assert!(TransportLeg::new(TransportMode::Van, Some(-1.0), None, None).is_err());
    }
}
