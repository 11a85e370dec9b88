//! Seasons, solidarity pre-financing and member wallets. Who may do what is the use cases'
//! (`bayanihan_app::seasons`); a pledge is returned to its member only.

use axum::extract::State;
use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};
use bayanihan_app::seasons;
use bayanihan_domain::season::prefinance::Resolution;
use bayanihan_domain::season::statement::SeasonStatement;
use bayanihan_domain::season::{Season, SeasonInput, Share};
use serde::{Deserialize, Serialize};
use uuid::Uuid;

use crate::auth::Caller;
use crate::error::ApiResult;
use crate::extract::{Json, PathId};
use crate::AppState;

pub use bayanihan_app::seasons::{
    AbsenceInput, AdvanceInput, HarvestInput, MovementInput, PledgeInput, SeasonView, SignUpInput,
    WalletView,
};

/// 201 with the body.
fn created<T: Serialize>(v: T) -> Response {
    (StatusCode::CREATED, axum::Json(v)).into_response()
}

/// Publish a season (the hub's coordinators; the producer's admins too when the producer is
/// another organization).
#[utoipa::path(post, path = "/seasons", tag = "seasons", request_body = SeasonInput,
    security(("bearer" = []), ("session" = [])),
    responses((status = 201, body = Season)))]
pub async fn create(
    State(state): State<AppState>,
    caller: Caller,
    Json(i): Json<SeasonInput>,
) -> ApiResult<Response> {
    Ok(created(
        seasons::create(&state.store, caller.subject.as_ref(), &i).await?,
    ))
}

/// A season: its calendar, share kinds, pickup points and rounds, the pledges' aggregates, and
/// the caller's own shares (the hub, the producer and the invited groups).
#[utoipa::path(get, path = "/seasons/{id}", tag = "seasons", params(("id" = Uuid, Path)),
    security(("bearer" = []), ("session" = [])),
    responses((status = 200, body = SeasonView)))]
pub async fn get_one(
    State(state): State<AppState>,
    caller: Caller,
    PathId(id): PathId,
) -> ApiResult<axum::Json<SeasonView>> {
    Ok(axum::Json(
        seasons::view(&state.store, caller.subject.as_ref(), id).await?,
    ))
}

/// The seasons an organization runs, produces for or was invited to.
#[utoipa::path(get, path = "/organizations/{id}/seasons", tag = "seasons", params(("id" = Uuid, Path)),
    security(("bearer" = []), ("session" = [])),
    responses((status = 200, body = Vec<Season>)))]
pub async fn of_organization(
    State(state): State<AppState>,
    caller: Caller,
    PathId(id): PathId,
) -> ApiResult<axum::Json<Vec<Season>>> {
    Ok(axum::Json(
        seasons::of_organization(&state.store, caller.subject.as_ref(), id).await?,
    ))
}

/// One of the caller's shares, with its season's id and name.
#[derive(Debug, Serialize, utoipa::ToSchema)]
pub struct MyShare {
    pub share: Share,
    pub season_name: String,
}

/// The caller's shares.
#[utoipa::path(get, path = "/me/shares", tag = "seasons",
    security(("bearer" = []), ("session" = [])),
    responses((status = 200, body = Vec<MyShare>)))]
pub async fn mine(
    State(state): State<AppState>,
    caller: Caller,
) -> ApiResult<axum::Json<Vec<MyShare>>> {
    Ok(axum::Json(
        seasons::mine(&state.store, caller.subject.as_ref())
            .await?
            .into_iter()
            .map(|(share, s)| MyShare {
                share,
                season_name: s.name,
            })
            .collect(),
    ))
}

/// Take a share: for oneself (a member of an invited group) or, for the group's coordinators,
/// for a member. A full pickup point refuses it (422 naming `pickup_id`) unless `waitlist`.
#[utoipa::path(post, path = "/seasons/{id}/shares", tag = "seasons", params(("id" = Uuid, Path)), request_body = SignUpInput,
    security(("bearer" = []), ("session" = [])),
    responses((status = 201, body = Share)))]
pub async fn sign_up(
    State(state): State<AppState>,
    caller: Caller,
    PathId(id): PathId,
    Json(i): Json<SignUpInput>,
) -> ApiResult<Response> {
    Ok(created(
        seasons::sign_up(&state.store, caller.subject.as_ref(), id, &i).await?,
    ))
}

/// Pledge what one can pay for a share while a contribution round is open (its holder, or the
/// group's coordinators).
#[utoipa::path(post, path = "/shares/{id}/pledge", tag = "seasons", params(("id" = Uuid, Path)), request_body = PledgeInput,
    security(("bearer" = []), ("session" = [])),
    responses((status = 200, body = Share)))]
pub async fn pledge(
    State(state): State<AppState>,
    caller: Caller,
    PathId(id): PathId,
    Json(i): Json<PledgeInput>,
) -> ApiResult<axum::Json<Share>> {
    Ok(axum::Json(
        seasons::pledge(&state.store, caller.subject.as_ref(), id, &i).await?,
    ))
}

/// Report an absence from a delivery before its cut-off.
#[utoipa::path(post, path = "/shares/{id}/absences", tag = "seasons", params(("id" = Uuid, Path)), request_body = AbsenceInput,
    security(("bearer" = []), ("session" = [])),
    responses((status = 200, body = Share)))]
pub async fn absence(
    State(state): State<AppState>,
    caller: Caller,
    PathId(id): PathId,
    Json(i): Json<AbsenceInput>,
) -> ApiResult<axum::Json<Share>> {
    Ok(axum::Json(
        seasons::absence(&state.store, caller.subject.as_ref(), id, &i).await?,
    ))
}

/// Give a share up while the sign-up is open (or while it waits); its place goes to the first
/// share waiting at its pickup point.
#[utoipa::path(post, path = "/shares/{id}/cancel", tag = "seasons", params(("id" = Uuid, Path)),
    security(("bearer" = []), ("session" = [])),
    responses((status = 200, body = Share)))]
pub async fn cancel(
    State(state): State<AppState>,
    caller: Caller,
    PathId(id): PathId,
) -> ApiResult<axum::Json<Share>> {
    Ok(axum::Json(
        seasons::cancel(&state.store, caller.subject.as_ref(), id).await?,
    ))
}

/// The advance recorded: its obligation (producer → group, repaid in kind).
#[derive(Debug, Serialize, Deserialize, utoipa::ToSchema)]
pub struct AdvanceRecorded {
    pub obligation_id: Uuid,
}

/// Record an advance a group paid to the producer (the group's treasurers and admins). More
/// than its shares are still due: 422 naming `amount`.
#[utoipa::path(post, path = "/seasons/{id}/advances", tag = "seasons", params(("id" = Uuid, Path)), request_body = AdvanceInput,
    security(("bearer" = []), ("session" = [])),
    responses((status = 201, body = AdvanceRecorded)))]
pub async fn advance(
    State(state): State<AppState>,
    caller: Caller,
    PathId(id): PathId,
    Json(i): Json<AdvanceInput>,
) -> ApiResult<Response> {
    let obligation_id = seasons::pay_advance(&state.store, caller.subject.as_ref(), id, &i).await?;
    Ok(created(AdvanceRecorded { obligation_id }))
}

/// Which delivery.
#[derive(Debug, Deserialize, utoipa::ToSchema)]
#[serde(deny_unknown_fields)]
pub struct DeliveryInput {
    /// The delivery's position in the calendar (0 = the first).
    #[serde(deserialize_with = "bayanihan_domain::parse::whole::deserialize")]
    pub delivery: u32,
}

/// The cycle holding a delivery's lines.
#[derive(Debug, Serialize, Deserialize, utoipa::ToSchema)]
pub struct DeliveryMade {
    pub cycle_id: Uuid,
}

/// Make a delivery's lines in a cycle of the hub once its absences have closed (the hub's
/// coordinators; the server does it on its own too). Again: the same cycle.
#[utoipa::path(post, path = "/seasons/{id}/deliveries", tag = "seasons", params(("id" = Uuid, Path)), request_body = DeliveryInput,
    security(("bearer" = []), ("session" = [])),
    responses((status = 200, body = DeliveryMade)))]
pub async fn make_delivery(
    State(state): State<AppState>,
    caller: Caller,
    PathId(id): PathId,
    Json(i): Json<DeliveryInput>,
) -> ApiResult<axum::Json<DeliveryMade>> {
    let cycle_id =
        seasons::make_delivery(&state.store, caller.subject.as_ref(), id, i.delivery).await?;
    Ok(axum::Json(DeliveryMade { cycle_id }))
}

/// A harvest declared for one delivery and share kind.
#[derive(Debug, Deserialize, utoipa::ToSchema)]
#[serde(deny_unknown_fields)]
pub struct HarvestDeclaration {
    #[serde(deserialize_with = "bayanihan_domain::parse::whole::deserialize")]
    pub delivery: u32,
    pub share_kind_id: Uuid,
    #[serde(deserialize_with = "bayanihan_domain::parse::whole::deserialize")]
    pub units: u64,
}

/// Declare a delivery's harvest (the producer's admins, or the hub's coordinators) while its
/// cycle is open: shares shrink pro rata at the close.
#[utoipa::path(put, path = "/seasons/{id}/harvest", tag = "seasons", params(("id" = Uuid, Path)), request_body = HarvestDeclaration,
    security(("bearer" = []), ("session" = [])),
    responses((status = 204)))]
pub async fn harvest(
    State(state): State<AppState>,
    caller: Caller,
    PathId(id): PathId,
    Json(i): Json<HarvestDeclaration>,
) -> ApiResult<StatusCode> {
    let h = HarvestInput {
        share_kind_id: i.share_kind_id,
        units: i.units,
    };
    seasons::declare_harvest(&state.store, caller.subject.as_ref(), id, i.delivery, &h).await?;
    Ok(StatusCode::NO_CONTENT)
}

/// Settle the season's shortfall under its rule once every delivery is settled (the hub's
/// coordinators).
#[utoipa::path(post, path = "/seasons/{id}/settle", tag = "seasons", params(("id" = Uuid, Path)),
    security(("bearer" = []), ("session" = [])),
    responses((status = 200, body = Vec<Resolution>)))]
pub async fn settle(
    State(state): State<AppState>,
    caller: Caller,
    PathId(id): PathId,
) -> ApiResult<axum::Json<Vec<Resolution>>> {
    Ok(axum::Json(
        seasons::settle(&state.store, caller.subject.as_ref(), id).await?,
    ))
}

/// The season statement: pledged, paid, delivered, shortfall, balance — every group's totals
/// for the hub and the producer, a group's own for its people, and the caller's own share.
#[utoipa::path(get, path = "/seasons/{id}/statement", tag = "seasons", params(("id" = Uuid, Path)),
    security(("bearer" = []), ("session" = [])),
    responses((status = 200, body = SeasonStatement)))]
pub async fn statement(
    State(state): State<AppState>,
    caller: Caller,
    PathId(id): PathId,
) -> ApiResult<axum::Json<SeasonStatement>> {
    Ok(axum::Json(
        seasons::statement(&state.store, caller.subject.as_ref(), id).await?,
    ))
}

/// A member's wallet: balances (spendable and earmarked), the group's credit limit, movements
/// (the member, or the group's coordinators).
#[utoipa::path(get, path = "/organizations/{id}/wallets/{person_id}", tag = "seasons",
    params(("id" = Uuid, Path), ("person_id" = Uuid, Path)),
    security(("bearer" = []), ("session" = [])),
    responses((status = 200, body = WalletView)))]
pub async fn wallet(
    State(state): State<AppState>,
    caller: Caller,
    PathId((group, person)): PathId<(Uuid, Uuid)>,
) -> ApiResult<axum::Json<WalletView>> {
    Ok(axum::Json(
        seasons::wallet(&state.store, caller.subject.as_ref(), group, person).await?,
    ))
}

/// A member's wallet balance in a list.
#[derive(Debug, Serialize, utoipa::ToSchema)]
pub struct WalletLine {
    pub person_id: Uuid,
    pub name: String,
    pub balance: bayanihan_domain::season::wallet::Balance,
}

/// The members' wallets of a group (its coordinators).
#[utoipa::path(get, path = "/organizations/{id}/wallets", tag = "seasons", params(("id" = Uuid, Path)),
    security(("bearer" = []), ("session" = [])),
    responses((status = 200, body = Vec<WalletLine>)))]
pub async fn wallets(
    State(state): State<AppState>,
    caller: Caller,
    PathId(group): PathId,
) -> ApiResult<axum::Json<Vec<WalletLine>>> {
    let (_, list) = seasons::wallets(&state.store, caller.subject.as_ref(), group).await?;
    Ok(axum::Json(
        list.into_iter()
            .map(|(person_id, name, balance)| WalletLine {
                person_id,
                name,
                balance,
            })
            .collect(),
    ))
}

/// Record a wallet movement: a top-up or deposit taken in cash, a refund, a deposit returned,
/// a credit (the group's coordinators). More than the balance allows: 422 naming `amount`.
#[utoipa::path(post, path = "/organizations/{id}/wallets", tag = "seasons", params(("id" = Uuid, Path)), request_body = MovementInput,
    security(("bearer" = []), ("session" = [])),
    responses((status = 201, body = WalletView)))]
pub async fn record_movement(
    State(state): State<AppState>,
    caller: Caller,
    PathId(group): PathId,
    Json(i): Json<MovementInput>,
) -> ApiResult<Response> {
    Ok(created(
        seasons::record_movement(&state.store, caller.subject.as_ref(), group, &i).await?,
    ))
}

/// A credit limit.
#[derive(Debug, Deserialize, utoipa::ToSchema)]
#[serde(deny_unknown_fields)]
pub struct CreditLimitInput {
    /// How far below zero a member's spendable balance may go (a decimal amount; 0: no credit).
    #[schema(schema_with = bayanihan_domain::openapi::amount_2dp)]
    pub credit_limit: String,
}

/// Set how much credit members' wallets may take (the group's admins).
#[utoipa::path(put, path = "/organizations/{id}/wallet-credit-limit", tag = "seasons", params(("id" = Uuid, Path)), request_body = CreditLimitInput,
    security(("bearer" = []), ("session" = [])),
    responses((status = 204)))]
pub async fn credit_limit(
    State(state): State<AppState>,
    caller: Caller,
    PathId(group): PathId,
    Json(i): Json<CreditLimitInput>,
) -> ApiResult<StatusCode> {
    seasons::set_credit_limit(
        &state.store,
        caller.subject.as_ref(),
        group,
        &i.credit_limit,
    )
    .await?;
    Ok(StatusCode::NO_CONTENT)
}
