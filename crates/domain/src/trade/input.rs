//! What people send to start trade — a new cycle, an offer with its fees — and the parsers that
//! turn it into drafts the store can record, naming every refused field. Pure: the use cases
//! decide who may send it and look up what it refers to.

use jiff::Timestamp;
use serde::Deserialize;
use uuid::Uuid;

use crate::text::Shape;
use crate::trade::allocation::Policy;
use crate::trade::catalog::{TransportLeg, TransportMode};
use crate::trade::pricing::{Fee, FeeBasis, FeeKind};
use crate::trade::records::{CycleDraft, OfferDraft, Participant, PickupPointDraft};
use crate::validate::Collector;
use crate::{Currency, Invalid, Latitude, Location, Longitude, Money};

/// A pickup point of a new cycle.
#[derive(Debug, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(deny_unknown_fields)]
pub struct PickupPointInput {
    #[cfg_attr(feature = "openapi", schema(schema_with = crate::openapi::name_200))]
    pub name: String,
    pub organization_id: Uuid,
    #[cfg_attr(feature = "openapi", schema(minimum = -90, maximum = 90))]
    pub lat: Option<f64>,
    #[cfg_attr(feature = "openapi", schema(minimum = -180, maximum = 180))]
    pub lon: Option<f64>,
}

/// A consumer group taking part, with its priority tier (0, the default, is served first).
#[derive(Debug, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(deny_unknown_fields)]
pub struct ParticipantInput {
    pub organization_id: Uuid,
    #[serde(default)]
    #[serde(deserialize_with = "crate::parse::whole::deserialize")]
    #[cfg_attr(feature = "openapi", schema(maximum = 100))]
    pub tier: u32,
}

/// A new order cycle.
#[derive(Debug, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(deny_unknown_fields)]
pub struct CycleInput {
    pub hub_id: Uuid,
    #[cfg_attr(feature = "openapi", schema(schema_with = crate::openapi::name_200))]
    pub name: String,
    /// ISO 4217 code; the hub's currency when left out.
    #[cfg_attr(feature = "openapi", schema(schema_with = crate::openapi::opt_currency))]
    pub currency: Option<String>,
    /// `first_come`, `pro_rata` or `equal_share`.
    #[cfg_attr(feature = "openapi", schema(schema_with = crate::openapi::policy))]
    pub policy: String,
    /// RFC 3339 times.
    #[cfg_attr(feature = "openapi", schema(schema_with = crate::openapi::date_time))]
    pub opens_at: String,
    #[cfg_attr(feature = "openapi", schema(schema_with = crate::openapi::date_time))]
    pub closes_at: String,
    /// YYYY-MM-DD.
    #[cfg_attr(feature = "openapi", schema(schema_with = crate::openapi::date))]
    pub delivery_date: String,
    /// Days after delivery when payments fall due (default 14).
    #[serde(default, deserialize_with = "crate::parse::whole::option")]
    #[cfg_attr(feature = "openapi", schema(maximum = 365))]
    pub payment_terms_days: Option<u32>,
    #[serde(default)]
    pub pickup_points: Vec<PickupPointInput>,
    #[serde(default)]
    pub producers: Vec<Uuid>,
    #[serde(default)]
    pub consumer_groups: Vec<ParticipantInput>,
}

fn location(
    c: &mut Collector,
    field: &str,
    lat: Option<f64>,
    lon: Option<f64>,
) -> Option<Location> {
    match (lat, lon) {
        (Some(lat), Some(lon)) => {
            let lat = c.take(&format!("{field}.lat"), Latitude::parse(lat));
            let lon = c.take(&format!("{field}.lon"), Longitude::parse(lon));
            Some(Location {
                lat: lat?,
                lon: lon?,
            })
        }
        (None, None) => None,
        _ => {
            c.push(field, "give both lat and lon, or neither");
            None
        }
    }
}

/// Parses a cycle input; `hub_currency` is the default currency.
pub fn parse_cycle(i: &CycleInput, hub_currency: Currency) -> Result<CycleDraft, Invalid> {
    let mut c = Collector::new();
    let name = c
        .required_text("name", Some(&i.name), Shape::Line, 200)
        .unwrap_or_default();
    let currency = match &i.currency {
        Some(s) => c.take("currency", Currency::parse(s)),
        None => Some(hub_currency),
    };
    let policy = Policy::parse(&i.policy)
        .map_err(|e| c.push("policy", e))
        .ok();
    let ts = |c: &mut Collector, field: &str, s: &str| match s.parse::<Timestamp>() {
        Ok(t) => Some(t),
        Err(_) => {
            c.push(
                field,
                format!("\"{s}\" is not a time such as 2026-03-01T08:00:00+08:00"),
            );
            None
        }
    };
    let opens_at = ts(&mut c, "opens_at", &i.opens_at);
    let closes_at = ts(&mut c, "closes_at", &i.closes_at);
    if let (Some(o), Some(cl)) = (opens_at, closes_at) {
        if cl <= o {
            c.push("closes_at", "must be after opens_at");
        }
    }
    let delivery_date = match i.delivery_date.parse::<jiff::civil::Date>() {
        Ok(d) => Some(d),
        Err(_) => {
            c.push(
                "delivery_date",
                format!(
                    "\"{}\" is not a date in the form YYYY-MM-DD",
                    i.delivery_date
                ),
            );
            None
        }
    };
    let terms = i.payment_terms_days.unwrap_or(14);
    if terms > 365 {
        c.push("payment_terms_days", "may be at most 365");
    }
    let mut pickup_points = Vec::new();
    for (n, p) in i.pickup_points.iter().enumerate() {
        let name = c.required_text(
            &format!("pickup_points[{n}].name"),
            Some(&p.name),
            Shape::Line,
            200,
        );
        let location = location(&mut c, &format!("pickup_points[{n}]"), p.lat, p.lon);
        pickup_points.push(PickupPointDraft {
            name: name.unwrap_or_default(),
            organization_id: p.organization_id,
            location,
        });
    }
    c.finish()?;
    match (currency, policy, opens_at, closes_at, delivery_date) {
        (Some(currency), Some(policy), Some(opens_at), Some(closes_at), Some(delivery_date)) => {
            Ok(CycleDraft {
                hub_id: i.hub_id,
                name: name.to_string(),
                currency,
                policy,
                opens_at,
                closes_at,
                delivery_date,
                payment_terms_days: terms,
                pickup_points,
                producers: i.producers.clone(),
                consumer_groups: i
                    .consumer_groups
                    .iter()
                    .map(|g| Participant {
                        organization_id: g.organization_id,
                        tier: g.tier,
                    })
                    .collect(),
            })
        }
        _ => Err(Invalid::field("", "incomplete input")),
    }
}

/// A fee on an offer: `per_unit` or `percent`, one of the two.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct FeeInput {
    /// `processing`, `packing`, `transport`, `coordination`, `solidarity_fund`, `tax`.
    pub kind: String,
    /// Fixed amount per unit, as a decimal string in the cycle's currency ("15.00").
    pub per_unit: Option<String>,
    /// Percent of the producer price, as a decimal string ("12.5").
    pub percent: Option<String>,
    pub recipient: Uuid,
}

// The document says what the parser demands: a fee has exactly one basis, per unit or
// percent (the other absent or null).
#[cfg(feature = "openapi")]
impl utoipa::PartialSchema for FeeInput {
    fn schema() -> utoipa::openapi::RefOr<utoipa::openapi::schema::Schema> {
        use crate::openapi as o;
        use utoipa::openapi::schema::{ObjectBuilder, OneOfBuilder, Type};
        let null = || ObjectBuilder::new().schema_type(Type::Null).build();
        let basis = |name: &str, schema: utoipa::openapi::schema::Object, other: &str| {
            let mut value = schema;
            value.schema_type = utoipa::openapi::schema::SchemaType::new(Type::String);
            ObjectBuilder::new()
                .property("kind", FeeKind::schema())
                .property(
                    "recipient",
                    ObjectBuilder::new().schema_type(Type::String).format(Some(
                        utoipa::openapi::SchemaFormat::KnownFormat(
                            utoipa::openapi::KnownFormat::Uuid,
                        ),
                    )),
                )
                .property(name, value)
                .property(other, null())
                .required("kind")
                .required("recipient")
                .required(name)
                .additional_properties(Some(
                    utoipa::openapi::schema::AdditionalProperties::FreeForm(false),
                ))
                .build()
        };
        OneOfBuilder::new()
            .item(basis("per_unit", o::amount(), "percent"))
            .item(basis("percent", o::opt_percent(), "per_unit"))
            .description(Some(
                "A fee on an offer, paid to `recipient` (an organization taking part in the \
                 cycle or the hub's networks): `per_unit`, a fixed amount per unit in the \
                 cycle's currency (\"15.00\"), or `percent` of the producer price (\"12.5\").",
            ))
            .into()
    }
}
#[cfg(feature = "openapi")]
impl utoipa::ToSchema for FeeInput {}

/// A product to offer in a cycle.
#[derive(Debug, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(deny_unknown_fields)]
pub struct OfferInput {
    pub product_id: Uuid,
    /// Whole units available.
    #[serde(deserialize_with = "crate::parse::whole::deserialize")]
    #[cfg_attr(feature = "openapi", schema(maximum = 9223372036854775807_u64))]
    pub quantity: u64,
    /// Producer price per unit, as a decimal string in the cycle's currency ("200.00").
    #[cfg_attr(feature = "openapi", schema(schema_with = crate::openapi::amount))]
    pub producer_price: String,
    #[serde(default)]
    pub fees: Vec<FeeInput>,
    /// Transport mode id (see the vocabularies), e.g. `truck_small`.
    #[cfg_attr(feature = "openapi", schema(value_type = Option<crate::trade::catalog::TransportMode>))]
    pub transport_mode: Option<String>,
    /// Kilometres; computed from the product's origin and the first pickup point with a location when left out.
    #[cfg_attr(feature = "openapi", schema(minimum = 0, maximum = 40000))]
    pub distance_km: Option<f64>,
}

/// Parses "12.5" into basis points (1 250), exactly.
pub fn parse_percent(s: &str) -> Result<u32, String> {
    let m = Money::parse_plain(s, Currency::USD)
        .map_err(|_| format!("\"{s}\" is not a percentage such as 12.5"))?;
    // USD has 2 decimals: "12.5" → 1250 hundredths = basis points.
    u32::try_from(m.minor()).map_err(|_| format!("\"{s}\" is not a percentage between 0 and 1000"))
}

/// Parses an offer input for a cycle in `currency`.
pub fn parse_offer(
    i: &OfferInput,
    currency: Currency,
    from: Option<Location>,
    to: Option<Location>,
) -> Result<OfferDraft, Invalid> {
    let mut c = Collector::new();
    let price = c.take(
        "producer_price",
        Money::parse_plain(&i.producer_price, currency),
    );
    if price.is_some_and(|p| p.is_negative()) {
        c.push("producer_price", "may not be negative");
    }
    if i.quantity > i64::MAX as u64 {
        c.push("quantity", "is too large");
    }
    let mut fees = Vec::new();
    for (n, f) in i.fees.iter().enumerate() {
        let kind = c.take(&format!("fees[{n}].kind"), FeeKind::parse(&f.kind));
        let basis = match (&f.per_unit, &f.percent) {
            (Some(a), None) => c
                .take(
                    &format!("fees[{n}].per_unit"),
                    Money::parse_plain(a, currency),
                )
                .map(|m| FeeBasis::PerUnit { minor: m.minor() }),
            (None, Some(p)) => match parse_percent(p) {
                Ok(bp) => Some(FeeBasis::Percent { basis_points: bp }),
                Err(e) => {
                    c.push(format!("fees[{n}].percent"), e);
                    None
                }
            },
            _ => {
                c.push(format!("fees[{n}]"), "give either per_unit or percent");
                None
            }
        };
        if let (Some(kind), Some(basis)) = (kind, basis) {
            let fee = Fee {
                kind,
                basis,
                recipient: f.recipient,
            };
            if let Err(e) = fee.check() {
                c.push(format!("fees[{n}]"), e.reason());
            }
            fees.push(fee);
        }
    }
    let transport = match &i.transport_mode {
        Some(m) => c
            .take("transport_mode", TransportMode::parse(m))
            .and_then(|mode| {
                c.take(
                    "distance_km",
                    TransportLeg::new(mode, i.distance_km, from, to),
                )
            }),
        None => None,
    };
    c.finish()?;
    Ok(OfferDraft {
        product_id: i.product_id,
        quantity: i.quantity,
        producer_price_minor: price.map(|p| p.minor()).unwrap_or(0),
        fees,
        transport,
    })
}

#[cfg(test)]
mod fuzz {
    use proptest::prelude::*;

    proptest! {
        #![proptest_config(ProptestConfig { cases: 3000, ..ProptestConfig::default() })]

        /// Percent strings: any text is answered without a panic; what is accepted says back
        /// the same number.
        #[test]
        fn percent_strings(s in prop_oneof!["[0-9.,%-]{0,12}", "\\PC{0,16}"]) {
            if let Ok(bp) = super::parse_percent(&s) {
                let bp = u64::from(bp);
                let shown = format!("{}.{:02}", bp / 100, bp % 100);
                prop_assert_eq!(super::parse_percent(&shown).map(u64::from), Ok(bp), "{}", s);
            }
        }
    }
}
