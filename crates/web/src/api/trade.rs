//! Solidarity trade over HTTP: catalogues, cycles, offers, orders, closing, documents,
//! obligations and payments. Permissions: producer admins manage their products and offers;
//! the hub's coordinators run cycles; consumer-group coordinators manage their group's order;
//! members their own lines; treasurers record payments.

use axum::extract::State;
use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};
use bayanihan_domain::access::{Action, Role};
use bayanihan_domain::text::Shape;
use bayanihan_domain::trade::allocation::Policy;
use bayanihan_domain::trade::catalog::{ProductDraft, ProductInput, TransportLeg, TransportMode};
use bayanihan_domain::trade::pricing::{self, Breakdown, Fee, FeeBasis, FeeKind};
use bayanihan_domain::validate::Collector;
use bayanihan_domain::{Currency, Invalid, Latitude, Location, Longitude, Money};
use bayanihan_store::trade::{
    Balance, CloseSummary, Cycle, CycleDraft, DocumentTotal, Line, NewLine, Obligation, Offer,
    OfferDraft, PackingRow, Participant, PaymentDraft, PickupPointDraft, Product,
};
use jiff::Timestamp;
use serde::{Deserialize, Serialize};
use uuid::Uuid;

use super::organizations::{allow, allow_private};
use crate::auth::Caller;
use crate::error::{ApiError, ApiResult, Problem};
use crate::extract::{Json, PathId, Query};
use crate::AppState;

type P = Problem;

/// A producer's catalogue (public).
#[utoipa::path(get, path = "/organizations/{id}/products", tag = "trade", params(("id" = Uuid, Path)),
    responses((status = 200, body = Vec<Product>), (status = 404, body = P, content_type = "application/problem+json")))]
pub async fn list_products(
    State(state): State<AppState>,
    PathId(org): PathId,
) -> ApiResult<axum::Json<Vec<Product>>> {
    state.store.organization(org).await?;
    Ok(axum::Json(state.store.products_of(org).await?))
}

/// Add a product to a producer's catalogue (its admins).
#[utoipa::path(post, path = "/organizations/{id}/products", tag = "trade", params(("id" = Uuid, Path)),
    request_body = ProductInput, security(("bearer" = []), ("session" = [])),
    responses((status = 201, body = Product), (status = 401, body = P, content_type = "application/problem+json"),
        (status = 403, body = P, content_type = "application/problem+json"), (status = 422, body = P, content_type = "application/problem+json")))]
pub async fn create_product(
    State(state): State<AppState>,
    caller: Caller,
    PathId(org): PathId,
    Json(input): Json<ProductInput>,
) -> ApiResult<Response> {
    caller.require()?;
    state.store.organization(org).await?;
    allow(&caller, org, Action::ManageCatalog, "manage its products")?;
    let d = ProductDraft::parse(&input)?;
    Ok((
        StatusCode::CREATED,
        axum::Json(state.store.create_product(org, &d).await?),
    )
        .into_response())
}

/// A pickup point of a new cycle.
#[derive(Deserialize, utoipa::ToSchema)]
#[serde(deny_unknown_fields)]
pub struct PickupPointInput {
    #[schema(schema_with = bayanihan_domain::openapi::name_200)]
    pub name: String,
    pub organization_id: Uuid,
    #[schema(minimum = -90, maximum = 90)]
    pub lat: Option<f64>,
    #[schema(minimum = -180, maximum = 180)]
    pub lon: Option<f64>,
}

/// A consumer group taking part, with its priority tier (0, the default, is served first).
#[derive(Deserialize, utoipa::ToSchema)]
#[serde(deny_unknown_fields)]
pub struct ParticipantInput {
    pub organization_id: Uuid,
    #[serde(default)]
    #[serde(deserialize_with = "bayanihan_domain::parse::whole::deserialize")]
    #[schema(maximum = 100)]
    pub tier: u32,
}

/// A new order cycle.
#[derive(Deserialize, utoipa::ToSchema)]
#[serde(deny_unknown_fields)]
pub struct CycleInput {
    pub hub_id: Uuid,
    #[schema(schema_with = bayanihan_domain::openapi::name_200)]
    pub name: String,
    /// ISO 4217 code; the hub's currency when left out.
    #[schema(schema_with = bayanihan_domain::openapi::opt_currency)]
    pub currency: Option<String>,
    /// `first_come`, `pro_rata` or `equal_share`.
    #[schema(schema_with = bayanihan_domain::openapi::policy)]
    pub policy: String,
    /// RFC 3339 times.
    #[schema(schema_with = bayanihan_domain::openapi::date_time)]
    pub opens_at: String,
    #[schema(schema_with = bayanihan_domain::openapi::date_time)]
    pub closes_at: String,
    /// YYYY-MM-DD.
    #[schema(schema_with = bayanihan_domain::openapi::date)]
    pub delivery_date: String,
    /// Days after delivery when payments fall due (default 14).
    #[serde(default, deserialize_with = "bayanihan_domain::parse::whole::option")]
    #[schema(maximum = 365)]
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

/// Cycles (public), newest first.
#[derive(Deserialize, utoipa::IntoParams)]
#[into_params(parameter_in = Query)]
#[serde(deny_unknown_fields)]
pub struct CycleFilter {
    /// Only the cycles of this hub.
    pub hub: Option<Uuid>,
}

/// Order cycles, newest first (public).
#[utoipa::path(get, path = "/cycles", tag = "trade", params(CycleFilter), responses((status = 200, body = Vec<Cycle>)))]
pub async fn list_cycles(
    State(state): State<AppState>,
    Query(f): Query<CycleFilter>,
) -> ApiResult<axum::Json<Vec<Cycle>>> {
    Ok(axum::Json(state.store.cycles(f.hub).await?))
}

/// Open an order cycle (the hub's coordinators).
#[utoipa::path(post, path = "/cycles", tag = "trade", request_body = CycleInput, security(("bearer" = []), ("session" = [])),
    responses((status = 201, body = Cycle), (status = 401, body = P, content_type = "application/problem+json"),
        (status = 403, body = P, content_type = "application/problem+json"), (status = 422, body = P, content_type = "application/problem+json")))]
pub async fn create_cycle(
    State(state): State<AppState>,
    caller: Caller,
    Json(i): Json<CycleInput>,
) -> ApiResult<Response> {
    caller.require()?;
    let hub = state
        .store
        .organization(i.hub_id)
        .await
        .map_err(|_| Invalid::field("hub_id", "no organization has this id"))?;
    allow(&caller, hub.id, Action::RunCycles, "run its order cycles")?;
    let d = parse_cycle(&i, hub.currency)?;
    for (n, org) in d
        .producers
        .iter()
        .chain(d.consumer_groups.iter().map(|g| &g.organization_id))
        .enumerate()
    {
        if state.store.organization(*org).await.is_err() {
            return Err(Invalid::field(
                format!("participants[{n}]"),
                format!("no organization has the id {org}"),
            )
            .into());
        }
    }
    Ok((
        StatusCode::CREATED,
        axum::Json(state.store.create_cycle(&d).await?),
    )
        .into_response())
}

/// One cycle (public).
#[utoipa::path(get, path = "/cycles/{id}", tag = "trade", params(("id" = Uuid, Path)),
    responses((status = 200, body = Cycle), (status = 404, body = P, content_type = "application/problem+json")))]
pub async fn get_cycle(
    State(state): State<AppState>,
    PathId(id): PathId,
) -> ApiResult<axum::Json<Cycle>> {
    Ok(axum::Json(state.store.cycle(id).await?))
}

/// How far to move a clone.
#[derive(Deserialize, utoipa::ToSchema)]
#[serde(deny_unknown_fields)]
pub struct CloneInput {
    /// Days later (default 7).
    #[serde(default, deserialize_with = "bayanihan_domain::parse::whole::option")]
    #[schema(minimum = 1, maximum = 366)]
    pub days: Option<i64>,
}

/// Copy a cycle for next week: pickup points, participants and offers (the hub's coordinators).
#[utoipa::path(post, path = "/cycles/{id}/clone", tag = "trade", params(("id" = Uuid, Path)), request_body = CloneInput,
    security(("bearer" = []), ("session" = [])),
    responses((status = 201, body = Cycle), (status = 401, body = P, content_type = "application/problem+json"),
        (status = 403, body = P, content_type = "application/problem+json"), (status = 404, body = P, content_type = "application/problem+json")))]
pub async fn clone_cycle(
    State(state): State<AppState>,
    caller: Caller,
    PathId(id): PathId,
    Json(i): Json<CloneInput>,
) -> ApiResult<Response> {
    caller.require()?;
    let c = state.store.cycle(id).await?;
    allow(&caller, c.hub_id, Action::RunCycles, "run its order cycles")?;
    let days = i.days.unwrap_or(7);
    if !(1..=366).contains(&days) {
        return Err(Invalid::field("days", "must be between 1 and 366").into());
    }
    Ok((
        StatusCode::CREATED,
        axum::Json(state.store.clone_cycle(id, days).await?),
    )
        .into_response())
}

/// Close a cycle: allocate, invoice, make statements and obligations, post to the ledger —
/// all at once or not at all. Closing again changes nothing (the hub's coordinators).
#[utoipa::path(post, path = "/cycles/{id}/close", tag = "trade", params(("id" = Uuid, Path)),
    security(("bearer" = []), ("session" = [])),
    responses((status = 200, body = CloseSummary), (status = 401, body = P, content_type = "application/problem+json"),
        (status = 403, body = P, content_type = "application/problem+json"), (status = 404, body = P, content_type = "application/problem+json")))]
pub async fn close_cycle(
    State(state): State<AppState>,
    caller: Caller,
    PathId(id): PathId,
) -> ApiResult<axum::Json<CloseSummary>> {
    caller.require()?;
    let c = state.store.cycle(id).await?;
    allow(
        &caller,
        c.hub_id,
        Action::RunCycles,
        "close its order cycles",
    )?;
    Ok(axum::Json(state.store.close_cycle(id).await?))
}

/// The shop: a cycle's offers with the price breakdown of one unit (public).
#[utoipa::path(get, path = "/cycles/{id}/offers", tag = "trade", params(("id" = Uuid, Path)),
    responses((status = 200, body = Vec<Offer>), (status = 404, body = P, content_type = "application/problem+json")))]
pub async fn list_offers(
    State(state): State<AppState>,
    PathId(id): PathId,
) -> ApiResult<axum::Json<Vec<Offer>>> {
    state.store.cycle(id).await?;
    Ok(axum::Json(state.store.offers(id).await?))
}

/// A fee on an offer: `per_unit` or `percent`, one of the two.
#[derive(Deserialize)]
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
impl utoipa::PartialSchema for FeeInput {
    fn schema() -> utoipa::openapi::RefOr<utoipa::openapi::schema::Schema> {
        use bayanihan_domain::openapi as o;
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
impl utoipa::ToSchema for FeeInput {}

/// A product to offer in a cycle.
#[derive(Deserialize, utoipa::ToSchema)]
#[serde(deny_unknown_fields)]
pub struct OfferInput {
    pub product_id: Uuid,
    /// Whole units available.
    #[serde(deserialize_with = "bayanihan_domain::parse::whole::deserialize")]
    #[schema(maximum = 9223372036854775807_u64)]
    pub quantity: u64,
    /// Producer price per unit, as a decimal string in the cycle's currency ("200.00").
    #[schema(schema_with = bayanihan_domain::openapi::amount)]
    pub producer_price: String,
    #[serde(default)]
    pub fees: Vec<FeeInput>,
    /// Transport mode id (see the vocabularies), e.g. `truck_small`.
    #[schema(value_type = Option<bayanihan_domain::trade::catalog::TransportMode>)]
    pub transport_mode: Option<String>,
    /// Kilometres; computed from the product's origin and the first pickup point with a location when left out.
    #[schema(minimum = 0, maximum = 40000)]
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

/// Offer a product in a cycle (the producer's admins, or the hub's coordinators).
#[utoipa::path(post, path = "/cycles/{id}/offers", tag = "trade", params(("id" = Uuid, Path)), request_body = OfferInput,
    security(("bearer" = []), ("session" = [])),
    responses((status = 201, body = Offer), (status = 401, body = P, content_type = "application/problem+json"),
        (status = 403, body = P, content_type = "application/problem+json"), (status = 409, body = P, content_type = "application/problem+json"),
        (status = 422, body = P, content_type = "application/problem+json")))]
pub async fn create_offer(
    State(state): State<AppState>,
    caller: Caller,
    PathId(id): PathId,
    Json(i): Json<OfferInput>,
) -> ApiResult<Response> {
    let subject = caller.require()?;
    let cycle = state.store.cycle(id).await?;
    let product = state
        .store
        .product(i.product_id)
        .await
        .map_err(|_| Invalid::field("product_id", "no product has this id"))?;
    if subject.role_in(product.organization_id) < Role::Admin {
        allow(
            &caller,
            cycle.hub_id,
            Action::RunCycles,
            "put offers in this cycle",
        )?;
    }
    let to = cycle.pickup_points.iter().find_map(|p| p.location);
    let d = parse_offer(&i, cycle.currency, product.origin, to)?;
    Ok((
        StatusCode::CREATED,
        axum::Json(state.store.create_offer(id, &d).await?),
    )
        .into_response())
}

/// A line to place.
#[derive(Deserialize, utoipa::ToSchema)]
#[serde(deny_unknown_fields)]
pub struct LineInput {
    pub offer_id: Uuid,
    pub consumer_group_id: Uuid,
    /// Whole units, at least 1.
    #[serde(deserialize_with = "bayanihan_domain::parse::whole::deserialize")]
    #[schema(minimum = 1, maximum = 1000000)]
    pub quantity: u64,
    /// The member ordering; yourself when left out. Coordinators may name another member.
    pub person_id: Option<Uuid>,
    pub pickup_point_id: Option<Uuid>,
    /// Priority tier (coordinators only); the group's tier when left out.
    #[serde(default, deserialize_with = "bayanihan_domain::parse::whole::option")]
    #[schema(maximum = 100)]
    pub tier: Option<u32>,
}

/// Place a line in your consumer group's order (members for themselves; coordinators for any
/// member). Under `first_come` a line beyond the stock left is refused with 409 saying how much is left.
#[utoipa::path(post, path = "/cycles/{id}/lines", tag = "trade", params(("id" = Uuid, Path)), request_body = LineInput,
    security(("bearer" = []), ("session" = [])),
    responses((status = 201, body = Line), (status = 401, body = P, content_type = "application/problem+json"),
        (status = 403, body = P, content_type = "application/problem+json"), (status = 409, body = P, content_type = "application/problem+json"),
        (status = 422, body = P, content_type = "application/problem+json")))]
pub async fn place_line(
    State(state): State<AppState>,
    caller: Caller,
    PathId(id): PathId,
    Json(i): Json<LineInput>,
) -> ApiResult<Response> {
    let subject = caller.require()?;
    if i.quantity == 0 || i.quantity > pricing::MAX_LINE_QUANTITY {
        return Err(Invalid::field(
            "quantity",
            "must be a whole number of units from 1 to 1000000",
        )
        .into());
    }
    let person = i.person_id.unwrap_or(subject.person_id);
    if person != subject.person_id || i.tier.is_some() {
        allow(
            &caller,
            i.consumer_group_id,
            Action::ManageGroupOrder,
            "order for other members or set tiers",
        )?;
    } else {
        allow(
            &caller,
            i.consumer_group_id,
            Action::PlaceOwnLines,
            "order in this group",
        )?;
    }
    let line = state
        .store
        .place_line(
            id,
            &NewLine {
                offer_id: i.offer_id,
                consumer_group_id: i.consumer_group_id,
                person_id: Some(person),
                pickup_point_id: i.pickup_point_id,
                quantity: i.quantity,
                tier: i.tier,
            },
        )
        .await?;
    Ok((StatusCode::CREATED, axum::Json(line)).into_response())
}

/// Which lines to list.
#[derive(Deserialize, utoipa::IntoParams)]
#[into_params(parameter_in = Query)]
#[serde(deny_unknown_fields)]
pub struct LineFilter {
    /// A consumer group's order (its coordinators, or the hub's); without it, your own lines.
    pub group: Option<Uuid>,
}

/// Your lines in a cycle, or a consumer group's whole order.
#[utoipa::path(get, path = "/cycles/{id}/lines", tag = "trade", params(("id" = Uuid, Path), LineFilter),
    security(("bearer" = []), ("session" = [])),
    responses((status = 200, body = Vec<Line>), (status = 401, body = P, content_type = "application/problem+json"),
        (status = 403, body = P, content_type = "application/problem+json")))]
pub async fn list_lines(
    State(state): State<AppState>,
    caller: Caller,
    PathId(id): PathId,
    Query(f): Query<LineFilter>,
) -> ApiResult<axum::Json<Vec<Line>>> {
    let subject = caller.require()?;
    let cycle = state.store.cycle(id).await?;
    match f.group {
        Some(g) => {
            if subject.role_in(cycle.hub_id) < Role::Coordinator {
                allow(
                    &caller,
                    g,
                    Action::ManageGroupOrder,
                    "see the whole group's order",
                )?;
            }
            Ok(axum::Json(state.store.lines(id, Some(g), None).await?))
        }
        None => Ok(axum::Json(
            state.store.lines(id, None, Some(subject.person_id)).await?,
        )),
    }
}

/// A new quantity for a line (0 cancels it).
#[derive(Deserialize, utoipa::ToSchema)]
#[serde(deny_unknown_fields)]
pub struct LineChange {
    #[serde(deserialize_with = "bayanihan_domain::parse::whole::deserialize")]
    #[schema(maximum = 1000000)]
    pub quantity: u64,
}

async fn may_change_line(state: &AppState, caller: &Caller, line: &Line) -> ApiResult<()> {
    let subject = caller.require()?;
    if line.person_id != Some(subject.person_id) {
        allow(
            caller,
            line.consumer_group_id,
            Action::ManageGroupOrder,
            "change other members' lines",
        )?;
    }
    let _ = state;
    Ok(())
}

/// Change a line's quantity until the cycle closes (its member, or the group's coordinators).
#[utoipa::path(patch, path = "/lines/{id}", tag = "trade", params(("id" = Uuid, Path)), request_body = LineChange,
    security(("bearer" = []), ("session" = [])),
    responses((status = 200, body = Line), (status = 204, description = "Cancelled"), (status = 401, body = P, content_type = "application/problem+json"),
        (status = 403, body = P, content_type = "application/problem+json"), (status = 404, body = P, content_type = "application/problem+json"),
        (status = 409, body = P, content_type = "application/problem+json")))]
pub async fn change_line(
    State(state): State<AppState>,
    caller: Caller,
    PathId(id): PathId,
    Json(c): Json<LineChange>,
) -> ApiResult<Response> {
    let line = state.store.line(id).await?;
    may_change_line(&state, &caller, &line).await?;
    if c.quantity > pricing::MAX_LINE_QUANTITY {
        return Err(Invalid::field(
            "quantity",
            "must be a whole number of units from 0 to 1000000",
        )
        .into());
    }
    Ok(match state.store.change_line(id, c.quantity).await? {
        Some(l) => axum::Json(l).into_response(),
        None => StatusCode::NO_CONTENT.into_response(),
    })
}

/// Cancel a line until the cycle closes (its member, or the group's coordinators).
#[utoipa::path(delete, path = "/lines/{id}", tag = "trade", params(("id" = Uuid, Path)),
    security(("bearer" = []), ("session" = [])),
    responses((status = 204, description = "Cancelled"), (status = 401, body = P, content_type = "application/problem+json"),
        (status = 403, body = P, content_type = "application/problem+json"), (status = 404, body = P, content_type = "application/problem+json"),
        (status = 409, body = P, content_type = "application/problem+json")))]
pub async fn cancel_line(
    State(state): State<AppState>,
    caller: Caller,
    PathId(id): PathId,
) -> ApiResult<StatusCode> {
    let line = state.store.line(id).await?;
    may_change_line(&state, &caller, &line).await?;
    state.store.change_line(id, 0).await?;
    Ok(StatusCode::NO_CONTENT)
}

/// What withdrawing an offer did.
#[derive(Serialize, utoipa::ToSchema)]
pub struct Withdrawn {
    pub offer_id: Uuid,
    /// Lines placed on the offer, cancelled with it.
    pub lines_cancelled: u64,
}

/// Withdraw an offer while its cycle is open (the producer's admins, or the hub's
/// coordinators): the offer and every line placed on it go, in one transaction.
#[utoipa::path(delete, path = "/offers/{id}", tag = "trade", params(("id" = Uuid, Path)),
    security(("bearer" = []), ("session" = [])),
    responses((status = 200, body = Withdrawn), (status = 401, body = P, content_type = "application/problem+json"),
        (status = 403, body = P, content_type = "application/problem+json"), (status = 404, body = P, content_type = "application/problem+json"),
        (status = 409, body = P, content_type = "application/problem+json")))]
pub async fn withdraw_offer(
    State(state): State<AppState>,
    caller: Caller,
    PathId(id): PathId,
) -> ApiResult<axum::Json<Withdrawn>> {
    let subject = caller.require()?;
    let (hub, producer) = state.store.offer_parties(id).await?;
    if subject.role_in(producer) < Role::Admin {
        allow(
            &caller,
            hub,
            Action::RunCycles,
            "withdraw offers from this cycle",
        )?;
    }
    let lines_cancelled = state.store.withdraw_offer(id).await?;
    Ok(axum::Json(Withdrawn {
        offer_id: id,
        lines_cancelled,
    }))
}

/// Invoices and statements of a closed cycle: all of them for the hub's coordinators, your
/// organizations' own otherwise.
#[utoipa::path(get, path = "/cycles/{id}/documents", tag = "trade", params(("id" = Uuid, Path)),
    security(("bearer" = []), ("session" = [])),
    responses((status = 200, body = Vec<DocumentTotal>), (status = 401, body = P, content_type = "application/problem+json")))]
pub async fn list_documents(
    State(state): State<AppState>,
    caller: Caller,
    PathId(id): PathId,
) -> ApiResult<axum::Json<Vec<DocumentTotal>>> {
    let subject = caller.require()?;
    let cycle = state.store.cycle(id).await?;
    let all = state.store.documents(id, None).await?;
    let hub = subject.role_in(cycle.hub_id) >= Role::Coordinator;
    Ok(axum::Json(
        all.into_iter()
            .filter(|d| hub || subject.role_in(d.organization_id) >= Role::Steward)
            .collect(),
    ))
}

/// One priced line of an invoice.
#[derive(Serialize, utoipa::ToSchema)]
pub struct InvoiceLine {
    pub line: Line,
    pub product_name: String,
    pub unit: String,
    /// Where the money goes, for the allocated quantity.
    #[schema(value_type = Object)]
    pub breakdown: Breakdown,
}

/// A consumer group's invoice, line by line.
#[derive(Serialize, utoipa::ToSchema)]
pub struct InvoiceView {
    pub cycle_id: Uuid,
    pub consumer_group_id: Uuid,
    pub hub_id: Uuid,
    pub lines: Vec<InvoiceLine>,
    #[schema(value_type = Object)]
    pub total: Money,
}

/// A consumer group's invoice with every line's breakdown (the group's members, the hub's coordinators).
#[utoipa::path(get, path = "/cycles/{id}/invoices/{group_id}", tag = "trade", params(("id" = Uuid, Path), ("group_id" = Uuid, Path)),
    security(("bearer" = []), ("session" = [])),
    responses((status = 200, body = InvoiceView), (status = 401, body = P, content_type = "application/problem+json"),
        (status = 403, body = P, content_type = "application/problem+json"), (status = 404, body = P, content_type = "application/problem+json")))]
pub async fn invoice(
    State(state): State<AppState>,
    caller: Caller,
    PathId((id, group)): PathId<(Uuid, Uuid)>,
) -> ApiResult<axum::Json<InvoiceView>> {
    let subject = caller.require()?;
    let cycle = state.store.cycle(id).await?;
    if subject.role_in(cycle.hub_id) < Role::Coordinator {
        allow(
            &caller,
            group,
            Action::ReadPrivate,
            "see this group's invoice",
        )?;
    }
    Ok(axum::Json(build_invoice(&state, &cycle, group).await?))
}

/// A consumer group's invoice of a closed cycle, every line priced (shared with the pages).
pub async fn build_invoice(state: &AppState, cycle: &Cycle, group: Uuid) -> ApiResult<InvoiceView> {
    let id = cycle.id;
    if !cycle.is_closed() {
        return Err(ApiError::Conflict(
            "Invoices are made when the cycle closes.".into(),
        ));
    }
    let offers = state.store.offers(id).await?;
    let lines: Vec<Line> = state
        .store
        .lines(id, Some(group), None)
        .await?
        .into_iter()
        .filter(|l| l.allocated.unwrap_or(0) > 0)
        .collect();
    if lines.is_empty() {
        return Err(ApiError::NotFound("invoice"));
    }
    let priced = bayanihan_store::trade::price_lines(&offers, &lines)?;
    let mut total = Money::zero(cycle.currency);
    let mut out = Vec::new();
    for (line, breakdown) in priced {
        total = total
            .checked_add(breakdown.total)
            .map_err(|e| ApiError::Internal(e.to_string()))?;
        let o = offers
            .iter()
            .find(|o| o.id == line.offer_id)
            .ok_or(ApiError::NotFound("offer"))?;
        out.push(InvoiceLine {
            product_name: o.product.name.clone(),
            unit: o.product.unit.clone(),
            line,
            breakdown,
        });
    }
    Ok(InvoiceView {
        cycle_id: id,
        consumer_group_id: group,
        hub_id: cycle.hub_id,
        lines: out,
        total,
    })
}

/// One component paid to an organization, on one line.
#[derive(Serialize, utoipa::ToSchema)]
pub struct StatementItem {
    pub line_id: Uuid,
    pub consumer_group_id: Uuid,
    pub product_name: String,
    pub unit: String,
    pub quantity: u64,
    /// `producer`, or the fee kind.
    pub part: String,
    #[schema(value_type = Object)]
    pub amount: Money,
}

/// What the hub owes an organization for a closed cycle, line by line: a producer statement,
/// a fee statement, or both.
#[derive(Serialize, utoipa::ToSchema)]
pub struct StatementView {
    pub cycle_id: Uuid,
    pub organization_id: Uuid,
    pub items: Vec<StatementItem>,
    #[schema(value_type = Object)]
    pub total: Money,
}

/// An organization's statement of a closed cycle, line by line (its members, the hub's coordinators).
#[utoipa::path(get, path = "/cycles/{id}/statements/{org_id}", tag = "trade", params(("id" = Uuid, Path), ("org_id" = Uuid, Path)),
    security(("bearer" = []), ("session" = [])),
    responses((status = 200, body = StatementView), (status = 401, body = P, content_type = "application/problem+json"),
        (status = 403, body = P, content_type = "application/problem+json"), (status = 404, body = P, content_type = "application/problem+json"),
        (status = 409, body = P, content_type = "application/problem+json")))]
pub async fn statement(
    State(state): State<AppState>,
    caller: Caller,
    PathId((id, org)): PathId<(Uuid, Uuid)>,
) -> ApiResult<axum::Json<StatementView>> {
    let subject = caller.require()?;
    let cycle = state.store.cycle(id).await?;
    if subject.role_in(cycle.hub_id) < Role::Coordinator {
        allow(
            &caller,
            org,
            Action::ReadPrivate,
            "see this organization's statement",
        )?;
    }
    Ok(axum::Json(build_statement(&state, &cycle, org).await?))
}

/// An organization's statement of a closed cycle, line by line (shared with the pages).
pub async fn build_statement(
    state: &AppState,
    cycle: &Cycle,
    org: Uuid,
) -> ApiResult<StatementView> {
    let id = cycle.id;
    if !cycle.is_closed() {
        return Err(ApiError::Conflict(
            "Statements are made when the cycle closes.".into(),
        ));
    }
    let offers = state.store.offers(id).await?;
    let lines: Vec<Line> = state
        .store
        .lines(id, None, None)
        .await?
        .into_iter()
        .filter(|l| l.allocated.unwrap_or(0) > 0)
        .collect();
    let mut total = Money::zero(cycle.currency);
    let mut items = Vec::new();
    for (line, breakdown) in bayanihan_store::trade::price_lines(&offers, &lines)? {
        for c in breakdown.components.iter().filter(|c| c.recipient == org) {
            let o = offers
                .iter()
                .find(|o| o.id == line.offer_id)
                .ok_or(ApiError::NotFound("offer"))?;
            total = total
                .checked_add(c.amount)
                .map_err(|e| ApiError::Internal(e.to_string()))?;
            items.push(StatementItem {
                line_id: line.id,
                consumer_group_id: line.consumer_group_id,
                product_name: o.product.name.clone(),
                unit: o.product.unit.clone(),
                quantity: breakdown.quantity,
                part: c.part.id().to_string(),
                amount: c.amount,
            });
        }
    }
    if items.is_empty() {
        return Err(ApiError::NotFound("statement"));
    }
    Ok(StatementView {
        cycle_id: id,
        organization_id: org,
        items,
        total,
    })
}

/// How to group a packing list.
#[derive(Deserialize, utoipa::IntoParams)]
#[into_params(parameter_in = Query)]
#[serde(deny_unknown_fields)]
pub struct PackingParams {
    /// Only this pickup point's list.
    pub pickup_point: Option<Uuid>,
    /// `group` (per pickup point and consumer group, the default) or `producer` (supplier totals per pickup point).
    #[param(schema_with = bayanihan_domain::openapi::packing_by)]
    pub by: Option<String>,
}

/// Packing lists of a closed cycle (the hub's coordinators; producers see their own rows).
#[utoipa::path(get, path = "/cycles/{id}/packing", tag = "trade", params(("id" = Uuid, Path), PackingParams),
    security(("bearer" = []), ("session" = [])),
    responses((status = 200, body = Vec<PackingRow>), (status = 401, body = P, content_type = "application/problem+json"),
        (status = 422, body = P, content_type = "application/problem+json")))]
pub async fn packing(
    State(state): State<AppState>,
    caller: Caller,
    PathId(id): PathId,
    Query(p): Query<PackingParams>,
) -> ApiResult<axum::Json<Vec<PackingRow>>> {
    let subject = caller.require()?;
    let cycle = state.store.cycle(id).await?;
    let by_group = match p.by.as_deref() {
        None | Some("group") => true,
        Some("producer") => false,
        Some(other) => {
            return Err(
                Invalid::field("by", format!("\"{other}\" is not group or producer")).into(),
            )
        }
    };
    let hub = subject.role_in(cycle.hub_id) >= Role::Coordinator;
    let rows = state.store.packing(id, p.pickup_point, by_group).await?;
    Ok(axum::Json(
        rows.into_iter()
            .filter(|r| hub || subject.role_in(r.producer_id) >= Role::Steward)
            .collect(),
    ))
}

/// Supplier totals of a closed cycle: per offer, the units delivered and what the producer is
/// owed (the hub's coordinators; producers see their own).
#[utoipa::path(get, path = "/cycles/{id}/supplier-totals", tag = "trade", params(("id" = Uuid, Path)),
    security(("bearer" = []), ("session" = [])),
    responses((status = 200, body = Vec<bayanihan_store::trade::SupplierTotal>), (status = 401, body = P, content_type = "application/problem+json"),
        (status = 404, body = P, content_type = "application/problem+json")))]
pub async fn supplier_totals(
    State(state): State<AppState>,
    caller: Caller,
    PathId(id): PathId,
) -> ApiResult<axum::Json<Vec<bayanihan_store::trade::SupplierTotal>>> {
    let subject = caller.require()?;
    let cycle = state.store.cycle(id).await?;
    let hub = subject.role_in(cycle.hub_id) >= Role::Coordinator;
    let rows = state.store.supplier_totals(id).await?;
    Ok(axum::Json(
        rows.into_iter()
            .filter(|r| hub || subject.role_in(r.producer_id) >= Role::Steward)
            .collect(),
    ))
}

/// Which obligations to list.
#[derive(Deserialize, utoipa::IntoParams)]
#[into_params(parameter_in = Query)]
#[serde(deny_unknown_fields)]
pub struct ObligationFilter {
    /// Only those with something still owed (default true).
    pub outstanding: Option<bool>,
}

/// What an organization owes and is owed (its members and stewards).
#[utoipa::path(get, path = "/organizations/{id}/obligations", tag = "trade", params(("id" = Uuid, Path), ObligationFilter),
    security(("bearer" = []), ("session" = [])),
    responses((status = 200, body = Vec<Obligation>), (status = 401, body = P, content_type = "application/problem+json"),
        (status = 403, body = P, content_type = "application/problem+json")))]
pub async fn list_obligations(
    State(state): State<AppState>,
    caller: Caller,
    PathId(org): PathId,
    Query(f): Query<ObligationFilter>,
) -> ApiResult<axum::Json<Vec<Obligation>>> {
    allow_private(&state, &caller, org, "see its obligations").await?;
    Ok(axum::Json(
        state
            .store
            .obligations(Some(org), f.outstanding.unwrap_or(true))
            .await?,
    ))
}

/// An organization's ledger balances (its members and stewards).
#[utoipa::path(get, path = "/organizations/{id}/balances", tag = "trade", params(("id" = Uuid, Path)),
    security(("bearer" = []), ("session" = [])),
    responses((status = 200, body = Vec<Balance>), (status = 401, body = P, content_type = "application/problem+json"),
        (status = 403, body = P, content_type = "application/problem+json")))]
pub async fn balances(
    State(state): State<AppState>,
    caller: Caller,
    PathId(org): PathId,
) -> ApiResult<axum::Json<Vec<Balance>>> {
    allow_private(&state, &caller, org, "see its balances").await?;
    Ok(axum::Json(state.store.balances(org).await?))
}

/// A payment made against an obligation.
#[derive(Deserialize, utoipa::ToSchema)]
#[serde(deny_unknown_fields)]
pub struct PaymentInput {
    /// Decimal string in the obligation's currency.
    #[schema(schema_with = bayanihan_domain::openapi::amount)]
    pub amount: String,
    /// `cash`, `bank_transfer` or `mobile_money`.
    #[schema(schema_with = bayanihan_domain::openapi::payment_method)]
    pub method: String,
    #[schema(schema_with = bayanihan_domain::openapi::opt_line_200)]
    pub reference: Option<String>,
    /// YYYY-MM-DD; today when left out.
    #[schema(schema_with = bayanihan_domain::openapi::opt_date)]
    pub paid_on: Option<String>,
}

/// Record a payment (treasurers or admins of the debtor or the creditor).
#[utoipa::path(post, path = "/obligations/{id}/payments", tag = "trade", params(("id" = Uuid, Path)), request_body = PaymentInput,
    security(("bearer" = []), ("session" = [])),
    responses((status = 201, body = Obligation), (status = 401, body = P, content_type = "application/problem+json"),
        (status = 403, body = P, content_type = "application/problem+json"), (status = 404, body = P, content_type = "application/problem+json"),
        (status = 409, body = P, content_type = "application/problem+json"), (status = 422, body = P, content_type = "application/problem+json")))]
pub async fn record_payment(
    State(state): State<AppState>,
    caller: Caller,
    PathId(id): PathId,
    Json(i): Json<PaymentInput>,
) -> ApiResult<Response> {
    let subject = caller.require()?;
    let o = state.store.obligation(id).await?;
    if bayanihan_domain::decide(Some(subject), o.debtor_id, Action::RecordPayments)
        != bayanihan_domain::Decision::Allowed
    {
        allow(
            &caller,
            o.creditor_id,
            Action::RecordPayments,
            "record payments",
        )?;
    }
    let mut c = Collector::new();
    let amount = c.take("amount", Money::parse_plain(&i.amount, o.amount.currency()));
    if !crate::PAYMENT_METHODS.contains(&i.method.as_str()) {
        c.push("method", "must be cash, bank_transfer or mobile_money");
    }
    let paid_on = match &i.paid_on {
        Some(s) => s
            .parse()
            .map_err(|_| {
                c.push(
                    "paid_on",
                    format!("\"{s}\" is not a date in the form YYYY-MM-DD"),
                )
            })
            .ok(),
        None => Some(bayanihan_store::today_utc()),
    };
    let reference = c.optional_text("reference", i.reference.as_deref(), Shape::Line, 200);
    c.finish()?;
    let (Some(amount), Some(paid_on)) = (amount, paid_on) else {
        return Err(ApiError::Internal("validated input incomplete".into()));
    };
    let o = state
        .store
        .record_payment(&PaymentDraft {
            obligation_id: id,
            amount_minor: amount.minor(),
            method: i.method.clone(),
            reference,
            paid_on,
            recorded_by: Some(subject.person_id),
        })
        .await?;
    Ok((StatusCode::CREATED, axum::Json(o)).into_response())
}

/// A network's outstanding obligations as CSV `id,debtor,creditor,amount` (its stewards);
/// amounts in minor units.
#[utoipa::path(get, path = "/networks/{id}/obligations.csv", tag = "trade", params(("id" = Uuid, Path)),
    security(("bearer" = []), ("session" = [])),
    responses((status = 200, description = "CSV", content_type = "text/csv"), (status = 401, body = P, content_type = "application/problem+json"),
        (status = 403, body = P, content_type = "application/problem+json")))]
pub async fn network_obligations_csv(
    State(state): State<AppState>,
    caller: Caller,
    PathId(network): PathId,
) -> ApiResult<Response> {
    caller.require()?;
    state.store.organization(network).await?;
    allow(
        &caller,
        network,
        Action::ManageNetwork,
        "export the network's obligations",
    )?;
    let csv = obligations_csv(&state.store.network_obligations(network).await?);
    Ok((
        [(axum::http::header::CONTENT_TYPE, "text/csv; charset=utf-8")],
        csv,
    )
        .into_response())
}

/// `id,debtor,creditor,amount` with amounts outstanding in minor units; shared with the CLI.
pub fn obligations_csv(obligations: &[Obligation]) -> String {
    let mut out = String::from("id,debtor,creditor,amount\n");
    for o in obligations {
        out.push_str(&format!(
            "{},{},{},{}\n",
            o.id,
            o.debtor_id,
            o.creditor_id,
            o.outstanding.minor()
        ));
    }
    out
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
