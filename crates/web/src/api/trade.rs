//! Solidarity trade over HTTP: catalogues, cycles, offers, orders, closing, documents,
//! obligations and payments. Permissions: producer admins manage their products and offers;
//! the hub's coordinators run cycles; consumer-group coordinators manage their group's order;
//! members their own lines; treasurers record payments.

use axum::extract::State;
use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};
use bayanihan_domain::trade::catalog::ProductInput;
use bayanihan_domain::Invalid;
use bayanihan_store::trade::{
    Balance, CloseSummary, Cycle, DocumentTotal, Line, Obligation, Offer, PackingBy, PackingRow,
    Payment, Product,
};
use serde::{Deserialize, Serialize};
use uuid::Uuid;

use crate::auth::Caller;
use crate::error::ApiResult;
use crate::extract::{Json, PathId, Query};
use crate::AppState;

use bayanihan_app as app;
use bayanihan_app::trade;
pub use bayanihan_app::trade::{
    build_invoice, build_statement, obligations_csv, parse_cycle, parse_offer, parse_percent,
    CloneInput, CycleChangeInput, CycleInput, FeeInput, InvoiceLine, InvoiceView, LineChange,
    LineInput, OfferInput, ParticipantInput, PaymentInput, PickupPointInput, StatementItem,
    StatementView,
};

/// A producer's catalogue (public).
#[utoipa::path(get, path = "/organizations/{id}/products", tag = "trade", params(("id" = Uuid, Path)),
    responses((status = 200, body = Vec<Product>)))]
pub async fn list_products(
    State(state): State<AppState>,
    PathId(org): PathId,
) -> ApiResult<axum::Json<Vec<Product>>> {
    Ok(axum::Json(
        app::organizations::products(&state.store, org).await?,
    ))
}

/// Add a product to a producer's catalogue (its admins).
#[utoipa::path(post, path = "/organizations/{id}/products", tag = "trade", params(("id" = Uuid, Path)),
    request_body = ProductInput, security(("bearer" = []), ("session" = [])),
    responses((status = 201, body = Product)))]
pub async fn create_product(
    State(state): State<AppState>,
    caller: Caller,
    PathId(org): PathId,
    Json(input): Json<ProductInput>,
) -> ApiResult<Response> {
    let p = trade::add_product(&state.store, caller.subject.as_ref(), org, &input).await?;
    Ok((StatusCode::CREATED, axum::Json(p)).into_response())
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
    Ok(axum::Json(app::trade::cycles(&state.store, f.hub).await?))
}

/// Open an order cycle (the hub's coordinators).
#[utoipa::path(post, path = "/cycles", tag = "trade", request_body = CycleInput, security(("bearer" = []), ("session" = [])),
    responses((status = 201, body = Cycle)))]
pub async fn create_cycle(
    State(state): State<AppState>,
    caller: Caller,
    Json(i): Json<CycleInput>,
) -> ApiResult<Response> {
    let c = trade::open_cycle(&state.store, caller.subject.as_ref(), &i).await?;
    Ok((StatusCode::CREATED, axum::Json(c)).into_response())
}

/// One cycle (public).
#[utoipa::path(get, path = "/cycles/{id}", tag = "trade", params(("id" = Uuid, Path)),
    responses((status = 200, body = Cycle)))]
pub async fn get_cycle(
    State(state): State<AppState>,
    PathId(id): PathId,
) -> ApiResult<axum::Json<Cycle>> {
    Ok(axum::Json(app::trade::cycle(&state.store, id).await?))
}

/// Change an open cycle's name and times (the hub's coordinators): a copy gets its own name
/// and dates before it opens. A name another of the hub's cycles has is a 422 on `name`; a
/// closed cycle is a 409.
#[utoipa::path(patch, path = "/cycles/{id}", tag = "trade", params(("id" = Uuid, Path)),
    request_body = CycleChangeInput, security(("bearer" = []), ("session" = [])),
    responses((status = 200, body = Cycle)))]
pub async fn update_cycle(
    State(state): State<AppState>,
    caller: Caller,
    PathId(id): PathId,
    Json(i): Json<CycleChangeInput>,
) -> ApiResult<axum::Json<Cycle>> {
    Ok(axum::Json(
        trade::update_cycle(&state.store, caller.subject.as_ref(), id, &i).await?,
    ))
}

/// Copy a cycle for next week: pickup points, participants and offers (the hub's coordinators).
#[utoipa::path(post, path = "/cycles/{id}/clone", tag = "trade", params(("id" = Uuid, Path)), request_body = CloneInput,
    security(("bearer" = []), ("session" = [])),
    responses((status = 201, body = Cycle)))]
pub async fn clone_cycle(
    State(state): State<AppState>,
    caller: Caller,
    PathId(id): PathId,
    Json(i): Json<CloneInput>,
) -> ApiResult<Response> {
    let c = trade::clone_cycle(&state.store, caller.subject.as_ref(), id, i.days).await?;
    Ok((StatusCode::CREATED, axum::Json(c)).into_response())
}

/// Close a cycle: allocate, invoice, make statements and obligations, post to the ledger —
/// all at once or not at all. Closing again changes nothing (the hub's coordinators).
#[utoipa::path(post, path = "/cycles/{id}/close", tag = "trade", params(("id" = Uuid, Path)),
    security(("bearer" = []), ("session" = [])),
    responses((status = 200, body = CloseSummary)))]
pub async fn close_cycle(
    State(state): State<AppState>,
    caller: Caller,
    PathId(id): PathId,
) -> ApiResult<axum::Json<CloseSummary>> {
    Ok(axum::Json(
        trade::close_cycle(&state.store, caller.subject.as_ref(), id).await?,
    ))
}

/// The shop: a cycle's offers with the price breakdown of one unit (public).
#[utoipa::path(get, path = "/cycles/{id}/offers", tag = "trade", params(("id" = Uuid, Path)),
    responses((status = 200, body = Vec<Offer>)))]
pub async fn list_offers(
    State(state): State<AppState>,
    PathId(id): PathId,
) -> ApiResult<axum::Json<Vec<Offer>>> {
    Ok(axum::Json(app::trade::offers(&state.store, id).await?))
}

/// Offer a product in a cycle (the producer's admins, or the hub's coordinators).
#[utoipa::path(post, path = "/cycles/{id}/offers", tag = "trade", params(("id" = Uuid, Path)), request_body = OfferInput,
    security(("bearer" = []), ("session" = [])),
    responses((status = 201, body = Offer)))]
pub async fn create_offer(
    State(state): State<AppState>,
    caller: Caller,
    PathId(id): PathId,
    Json(i): Json<OfferInput>,
) -> ApiResult<Response> {
    let o = trade::put_offer(&state.store, caller.subject.as_ref(), id, &i).await?;
    Ok((StatusCode::CREATED, axum::Json(o)).into_response())
}

/// Place a line in your consumer group's order (members for themselves; coordinators for any
/// member). Under `first_come` a line beyond the stock left is refused with 409 saying how much is left.
#[utoipa::path(post, path = "/cycles/{id}/lines", tag = "trade", params(("id" = Uuid, Path)), request_body = LineInput,
    security(("bearer" = []), ("session" = [])),
    responses((status = 201, body = Line)))]
pub async fn place_line(
    State(state): State<AppState>,
    caller: Caller,
    PathId(id): PathId,
    Json(i): Json<LineInput>,
) -> ApiResult<Response> {
    let line = trade::place_line(&state.store, caller.subject.as_ref(), id, &i).await?;
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
    responses((status = 200, body = Vec<Line>)))]
pub async fn list_lines(
    State(state): State<AppState>,
    caller: Caller,
    PathId(id): PathId,
    Query(f): Query<LineFilter>,
) -> ApiResult<axum::Json<Vec<Line>>> {
    Ok(axum::Json(
        trade::lines(&state.store, caller.subject.as_ref(), id, f.group).await?,
    ))
}

/// Change a line's quantity until the cycle closes (its member, or the group's coordinators).
#[utoipa::path(patch, path = "/lines/{id}", tag = "trade", params(("id" = Uuid, Path)), request_body = LineChange,
    security(("bearer" = []), ("session" = [])),
    responses((status = 200, body = Line), (status = 204, description = "Cancelled")))]
pub async fn change_line(
    State(state): State<AppState>,
    caller: Caller,
    PathId(id): PathId,
    Json(c): Json<LineChange>,
) -> ApiResult<Response> {
    Ok(
        match trade::change_line(&state.store, caller.subject.as_ref(), id, c.quantity).await? {
            Some(l) => axum::Json(l).into_response(),
            None => StatusCode::NO_CONTENT.into_response(),
        },
    )
}

/// Cancel a line until the cycle closes (its member, or the group's coordinators).
#[utoipa::path(delete, path = "/lines/{id}", tag = "trade", params(("id" = Uuid, Path)),
    security(("bearer" = []), ("session" = [])),
    responses((status = 204, description = "Cancelled")))]
pub async fn cancel_line(
    State(state): State<AppState>,
    caller: Caller,
    PathId(id): PathId,
) -> ApiResult<StatusCode> {
    trade::change_line(&state.store, caller.subject.as_ref(), id, 0).await?;
    Ok(StatusCode::NO_CONTENT)
}

/// What withdrawing an offer did.
#[derive(Serialize, utoipa::ToSchema)]
pub struct Withdrawn {
    pub offer_id: Uuid,
    /// Lines placed on the offer, cancelled with it.
    pub lines_cancelled: u64,
}

/// Change an offer while its cycle is open (the producer's admins, or the hub's
/// coordinators): the whole offer as on creation, with the same `product_id` (an offer's
/// product does not change: withdraw it and add another). Under `first_come` the quantity may
/// not go below what is ordered already (409).
#[utoipa::path(put, path = "/offers/{id}", tag = "trade", params(("id" = Uuid, Path)),
    request_body = OfferInput, security(("bearer" = []), ("session" = [])),
    responses((status = 200, body = Offer)))]
pub async fn update_offer(
    State(state): State<AppState>,
    caller: Caller,
    PathId(id): PathId,
    Json(i): Json<OfferInput>,
) -> ApiResult<axum::Json<Offer>> {
    Ok(axum::Json(
        trade::update_offer(&state.store, caller.subject.as_ref(), id, &i).await?,
    ))
}

/// Withdraw an offer while its cycle is open (the producer's admins, or the hub's
/// coordinators): the offer and every line placed on it go, in one transaction.
#[utoipa::path(delete, path = "/offers/{id}", tag = "trade", params(("id" = Uuid, Path)),
    security(("bearer" = []), ("session" = [])),
    responses((status = 200, body = Withdrawn)))]
pub async fn withdraw_offer(
    State(state): State<AppState>,
    caller: Caller,
    PathId(id): PathId,
) -> ApiResult<axum::Json<Withdrawn>> {
    let lines_cancelled = trade::withdraw_offer(&state.store, caller.subject.as_ref(), id).await?;
    Ok(axum::Json(Withdrawn {
        offer_id: id,
        lines_cancelled,
    }))
}

/// Invoices and statements of a closed cycle: all of them for the hub's coordinators, your
/// organizations' own otherwise.
#[utoipa::path(get, path = "/cycles/{id}/documents", tag = "trade", params(("id" = Uuid, Path)),
    security(("bearer" = []), ("session" = [])),
    responses((status = 200, body = Vec<DocumentTotal>)))]
pub async fn list_documents(
    State(state): State<AppState>,
    caller: Caller,
    PathId(id): PathId,
) -> ApiResult<axum::Json<Vec<DocumentTotal>>> {
    Ok(axum::Json(
        trade::documents(&state.store, caller.subject.as_ref(), id).await?,
    ))
}

/// A consumer group's invoice with every line's breakdown (the group's members, the hub's coordinators).
#[utoipa::path(get, path = "/cycles/{id}/invoices/{group_id}", tag = "trade", params(("id" = Uuid, Path), ("group_id" = Uuid, Path)),
    security(("bearer" = []), ("session" = [])),
    responses((status = 200, body = InvoiceView)))]
pub async fn invoice(
    State(state): State<AppState>,
    caller: Caller,
    PathId((id, group)): PathId<(Uuid, Uuid)>,
) -> ApiResult<axum::Json<InvoiceView>> {
    Ok(axum::Json(
        trade::invoice(&state.store, caller.subject.as_ref(), id, group).await?,
    ))
}

/// An organization's statement of a closed cycle, line by line (its members, the hub's coordinators).
#[utoipa::path(get, path = "/cycles/{id}/statements/{org_id}", tag = "trade", params(("id" = Uuid, Path), ("org_id" = Uuid, Path)),
    security(("bearer" = []), ("session" = [])),
    responses((status = 200, body = StatementView)))]
pub async fn statement(
    State(state): State<AppState>,
    caller: Caller,
    PathId((id, org)): PathId<(Uuid, Uuid)>,
) -> ApiResult<axum::Json<StatementView>> {
    Ok(axum::Json(
        trade::statement(&state.store, caller.subject.as_ref(), id, org).await?,
    ))
}

/// How to group a packing list.
#[derive(Deserialize, utoipa::IntoParams)]
#[into_params(parameter_in = Query)]
#[serde(deny_unknown_fields)]
pub struct PackingParams {
    /// Only this pickup point's list.
    pub pickup_point: Option<Uuid>,
    /// `group` (per pickup point and consumer group, the default), `producer` (supplier totals
    /// per pickup point) or `household` (per member who ordered, within each group: the hub's
    /// coordinators only).
    #[param(schema_with = bayanihan_domain::openapi::packing_by)]
    pub by: Option<String>,
}

/// Packing lists of a closed cycle (the hub's coordinators; producers see their own rows).
#[utoipa::path(get, path = "/cycles/{id}/packing", tag = "trade", params(("id" = Uuid, Path), PackingParams),
    security(("bearer" = []), ("session" = [])),
    responses((status = 200, body = Vec<PackingRow>)))]
pub async fn packing(
    State(state): State<AppState>,
    caller: Caller,
    PathId(id): PathId,
    Query(p): Query<PackingParams>,
) -> ApiResult<axum::Json<Vec<PackingRow>>> {
    let by = match p.by.as_deref() {
        None => PackingBy::Group,
        Some(s) => PackingBy::ALL
            .iter()
            .copied()
            .find(|b| b.id() == s)
            .ok_or_else(|| {
                Invalid::field("by", format!("\"{s}\" is not group, producer or household"))
            })?,
    };
    let who = caller.subject.as_ref();
    Ok(axum::Json(
        trade::packing(&state.store, who, id, p.pickup_point, by).await?,
    ))
}

/// Supplier totals of a closed cycle: per offer, the units delivered and what the producer is
/// owed (the hub's coordinators; producers see their own).
#[utoipa::path(get, path = "/cycles/{id}/supplier-totals", tag = "trade", params(("id" = Uuid, Path)),
    security(("bearer" = []), ("session" = [])),
    responses((status = 200, body = Vec<bayanihan_store::trade::SupplierTotal>)))]
pub async fn supplier_totals(
    State(state): State<AppState>,
    caller: Caller,
    PathId(id): PathId,
) -> ApiResult<axum::Json<Vec<bayanihan_store::trade::SupplierTotal>>> {
    Ok(axum::Json(
        trade::supplier_totals(&state.store, caller.subject.as_ref(), id).await?,
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
    responses((status = 200, body = Vec<Obligation>)))]
pub async fn list_obligations(
    State(state): State<AppState>,
    caller: Caller,
    PathId(org): PathId,
    Query(f): Query<ObligationFilter>,
) -> ApiResult<axum::Json<Vec<Obligation>>> {
    let who = caller.subject.as_ref();
    let outstanding_only = f.outstanding.unwrap_or(true);
    Ok(axum::Json(
        trade::obligations(&state.store, who, org, outstanding_only).await?,
    ))
}

/// An organization's ledger balances (its members and stewards).
#[utoipa::path(get, path = "/organizations/{id}/balances", tag = "trade", params(("id" = Uuid, Path)),
    security(("bearer" = []), ("session" = [])),
    responses((status = 200, body = Vec<Balance>)))]
pub async fn balances(
    State(state): State<AppState>,
    caller: Caller,
    PathId(org): PathId,
) -> ApiResult<axum::Json<Vec<Balance>>> {
    Ok(axum::Json(
        trade::balances(&state.store, caller.subject.as_ref(), org).await?,
    ))
}

/// Record a payment (treasurers or admins of the debtor or the creditor).
#[utoipa::path(post, path = "/obligations/{id}/payments", tag = "trade", params(("id" = Uuid, Path)), request_body = PaymentInput,
    security(("bearer" = []), ("session" = [])),
    responses((status = 201, body = Obligation)))]
pub async fn record_payment(
    State(state): State<AppState>,
    caller: Caller,
    PathId(id): PathId,
    Json(i): Json<PaymentInput>,
) -> ApiResult<Response> {
    let o = trade::record_payment(&state.store, caller.subject.as_ref(), id, &i).await?;
    Ok((StatusCode::CREATED, axum::Json(o)).into_response())
}

/// The payments recorded on an obligation, oldest first: payments of money, set-offs of
/// clearing rounds and reversals (negative, naming what they reverse). For whoever may record
/// payments on it.
#[utoipa::path(get, path = "/obligations/{id}/payments", tag = "trade", params(("id" = Uuid, Path)),
    security(("bearer" = []), ("session" = [])),
    responses((status = 200, body = Vec<Payment>)))]
pub async fn payments(
    State(state): State<AppState>,
    caller: Caller,
    PathId(id): PathId,
) -> ApiResult<axum::Json<Vec<Payment>>> {
    Ok(axum::Json(
        trade::payments(&state.store, caller.subject.as_ref(), id).await?,
    ))
}

/// Reverse a payment of money: its negative is recorded beside it (today), with the mirror
/// ledger transaction, and the obligation is owed again by that much. A payment is never
/// edited or deleted. 409 for a set-off, a reversal, or a payment reversed already.
#[utoipa::path(post, path = "/payments/{id}/reverse", tag = "trade", params(("id" = Uuid, Path)),
    security(("bearer" = []), ("session" = [])),
    responses((status = 201, body = Payment)))]
pub async fn reverse_payment(
    State(state): State<AppState>,
    caller: Caller,
    PathId(id): PathId,
) -> ApiResult<Response> {
    let p = trade::reverse_payment(&state.store, caller.subject.as_ref(), id).await?;
    Ok((StatusCode::CREATED, axum::Json(p)).into_response())
}

/// A network's outstanding obligations as CSV `id,debtor,creditor,amount` (its stewards);
/// amounts in minor units.
#[utoipa::path(get, path = "/networks/{id}/obligations.csv", tag = "trade", params(("id" = Uuid, Path)),
    security(("bearer" = []), ("session" = [])),
    responses((status = 200, description = "CSV", content_type = "text/csv")))]
pub async fn network_obligations_csv(
    State(state): State<AppState>,
    caller: Caller,
    PathId(network): PathId,
) -> ApiResult<Response> {
    let obligations =
        app::clearing::network_obligations(&state.store, caller.subject.as_ref(), network).await?;
    let csv = obligations_csv(&obligations);
    Ok((
        [(axum::http::header::CONTENT_TYPE, "text/csv; charset=utf-8")],
        csv,
    )
        .into_response())
}
