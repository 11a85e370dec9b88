//! OpenAPI schemas for the domain's newtypes (only with the `openapi` feature), so the API
//! document describes exactly what the parsers accept.

use utoipa::openapi::schema::{ObjectBuilder, SchemaType, Type};
use utoipa::openapi::{RefOr, Schema};
use utoipa::{PartialSchema, ToSchema};

fn string(description: &str, example: &str, pattern: Option<&str>) -> RefOr<Schema> {
    let mut b = ObjectBuilder::new()
        .schema_type(SchemaType::new(Type::String))
        .description(Some(description))
        .examples([serde_json::Value::from(example)]);
    if let Some(p) = pattern {
        b = b.pattern(Some(p));
    }
    RefOr::T(Schema::Object(b.build()))
}

impl PartialSchema for crate::CountryCode {
    fn schema() -> RefOr<Schema> {
        string("ISO 3166-1 alpha-2 country code", "PH", Some("^[A-Z]{2}$"))
    }
}
impl ToSchema for crate::CountryCode {}

impl PartialSchema for crate::Currency {
    fn schema() -> RefOr<Schema> {
        string("ISO 4217 currency code", "PHP", Some("^[A-Z]{3}$"))
    }
}
impl ToSchema for crate::Currency {}

impl PartialSchema for crate::Email {
    fn schema() -> RefOr<Schema> {
        string("E-mail address (lower-cased)", "maria@example.org", None)
    }
}
impl ToSchema for crate::Email {}

/// A WGS 84 point: `lat` within -90..90, `lon` within -180..180.
#[derive(utoipa::ToSchema)]
#[allow(dead_code)]
pub struct LocationSchema {
    /// Latitude in decimal degrees, -90 to 90.
    pub lat: f64,
    /// Longitude in decimal degrees, -180 to 180.
    pub lon: f64,
}

impl PartialSchema for crate::Location {
    fn schema() -> RefOr<Schema> {
        LocationSchema::schema()
    }
}
impl ToSchema for crate::Location {
    fn name() -> std::borrow::Cow<'static, str> {
        "Location".into()
    }
}
