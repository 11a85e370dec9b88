//! Latitude and longitude in WGS 84 decimal degrees.
//!
//! Coordinates are not money, so `f64` is right here; the types only guarantee the range.

use serde::{Deserialize, Serialize};

use crate::parse::ParseError;

/// Degrees north (positive) or south (negative), within -90..=90.
#[derive(Debug, Clone, Copy, PartialEq, PartialOrd, Serialize)]
#[serde(transparent)]
pub struct Latitude(f64);

/// Degrees east (positive) or west (negative), within -180..=180.
#[derive(Debug, Clone, Copy, PartialEq, PartialOrd, Serialize)]
#[serde(transparent)]
pub struct Longitude(f64);

impl Latitude {
    pub fn parse(v: f64) -> Result<Self, ParseError> {
        if v.is_finite() && (-90.0..=90.0).contains(&v) {
            Ok(Latitude(v))
        } else {
            Err(ParseError::new(format!(
                "latitude must be between -90 and 90 degrees, got {v}"
            )))
        }
    }
    pub fn degrees(self) -> f64 {
        self.0
    }
}

impl Longitude {
    pub fn parse(v: f64) -> Result<Self, ParseError> {
        if v.is_finite() && (-180.0..=180.0).contains(&v) {
            Ok(Longitude(v))
        } else {
            Err(ParseError::new(format!(
                "longitude must be between -180 and 180 degrees, got {v}"
            )))
        }
    }
    pub fn degrees(self) -> f64 {
        self.0
    }
}

/// A point on the map.
#[derive(Debug, Clone, Copy, PartialEq, Serialize)]
pub struct Location {
    pub lat: Latitude,
    pub lon: Longitude,
}

/// The unchecked shape of a location as it arrives in JSON.
#[derive(Debug, Clone, Copy, PartialEq, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct LocationInput {
    pub lat: f64,
    pub lon: f64,
}

impl Location {
    /// Great-circle distance in kilometres (haversine, mean Earth radius 6371.0088 km).
    pub fn distance_km(&self, other: &Location) -> f64 {
        const R: f64 = 6371.0088;
        let (la1, la2) = (self.lat.0.to_radians(), other.lat.0.to_radians());
        let dla = la2 - la1;
        let dlo = (other.lon.0 - self.lon.0).to_radians();
        let a = (dla / 2.0).sin().powi(2) + la1.cos() * la2.cos() * (dlo / 2.0).sin().powi(2);
        2.0 * R * a.sqrt().asin()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ranges_are_enforced() {
        assert!(Latitude::parse(90.0).is_ok());
        assert!(Latitude::parse(-90.0).is_ok());
        let e = Latitude::parse(200.0).unwrap_err();
        assert!(e.reason().contains("between -90 and 90"), "{e}");
        assert!(Latitude::parse(f64::NAN).is_err());
        assert!(Longitude::parse(180.0).is_ok());
        assert!(Longitude::parse(-180.5).is_err());
    }

    #[test]
    fn manila_to_davao_is_about_960_km() {
        let manila = Location {
            lat: Latitude::parse(14.5995).unwrap(),
            lon: Longitude::parse(120.9842).unwrap(),
        };
        let davao = Location {
            lat: Latitude::parse(7.1907).unwrap(),
            lon: Longitude::parse(125.4553).unwrap(),
        };
        let d = manila.distance_km(&davao);
        assert!((950.0..975.0).contains(&d), "{d}");
    }
}
