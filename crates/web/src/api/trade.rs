//! Solidarity trade over HTTP: catalogues, cycles, offers, orders, closing, documents,
//! obligations and payments. Permissions: producer admins manage their products and offers;
//! the hub's coordinators run cycles; consumer-group coordinators manage their group's order;
//! members their own lines; treasurers record payments.

use axum::extract::State;
use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};
use bayanihan_domain::access::{Action, Role};
use bayanihan_domain::text::Shape;
use bayanihan_domain::trade::catalog::{ProductDraft, ProductInput};
use bayanihan_domain::trade::pricing;
use bayanihan_domain::validate::Collector;
use bayanihan_domain::{Invalid, Money};
use bayanihan_store::trade::{
    Balance, CloseSummary, Cycle, DocumentTotal, Line, NewLine, Obligation, Offer, PackingRow,
    PaymentDraft, Product,
};
use serde::{Deserialize, Serialize};
use uuid::Uuid;

use super::organizations::{allow, allow_private};
use crate::auth::Caller;
use crate::error::{ApiError, ApiResult, Problem};
use crate::extract::{Json, PathId, Query};
use crate::AppState;

type P = Problem;

pub use bayanihan_app::trade::{
    build_invoice, build_statement, obligations_csv, parse_cycle, parse_offer, parse_percent,
    CycleInput, FeeInput, InvoiceLine, InvoiceView, OfferInput, ParticipantInput, PickupPointInput,
    StatementItem, StatementView,
};

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
    Ok(axum::Json(
        build_invoice(&state.store, &cycle, group).await?,
    ))
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
    Ok(axum::Json(
        build_statement(&state.store, &cycle, org).await?,
    ))
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
