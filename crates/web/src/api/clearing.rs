//! Clearing rounds: a network's stewards propose, apply or discard the multilateral set-off of
//! the network's outstanding obligations; each organization sees its own effect.

use axum::extract::State;
use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};
use bayanihan_app::clearing;
use bayanihan_store::clearing::ClearingRound;
use uuid::Uuid;

use crate::auth::Caller;
use crate::error::ApiResult;
use crate::extract::{Json, PathId};
use crate::AppState;

pub use bayanihan_app::clearing::{RoundInput, RoundView};

/// Propose a clearing round over the network's outstanding obligations in one currency (the
/// network's stewards).
#[utoipa::path(post, path = "/networks/{id}/clearing-rounds", tag = "clearing", params(("id" = Uuid, Path)), request_body = RoundInput,
    security(("bearer" = []), ("session" = [])),
    responses((status = 201, body = RoundView)))]
pub async fn propose(
    State(state): State<AppState>,
    caller: Caller,
    PathId(network): PathId,
    Json(i): Json<RoundInput>,
) -> ApiResult<Response> {
    let who = caller.subject.as_ref();
    let round = clearing::propose(&state.store, who, network, &i).await?;
    Ok((
        StatusCode::CREATED,
        axum::Json(clearing::view(&state.store, who, round.id).await?),
    )
        .into_response())
}

/// A network's clearing rounds, newest first (the network's stewards).
#[utoipa::path(get, path = "/networks/{id}/clearing-rounds", tag = "clearing", params(("id" = Uuid, Path)),
    security(("bearer" = []), ("session" = [])),
    responses((status = 200, body = Vec<ClearingRound>)))]
pub async fn list(
    State(state): State<AppState>,
    caller: Caller,
    PathId(network): PathId,
) -> ApiResult<axum::Json<Vec<ClearingRound>>> {
    Ok(axum::Json(
        clearing::list(&state.store, caller.subject.as_ref(), network).await?,
    ))
}

/// A clearing round and its effect: every organization's for stewards, one's own otherwise.
#[utoipa::path(get, path = "/clearing-rounds/{id}", tag = "clearing", params(("id" = Uuid, Path)),
    security(("bearer" = []), ("session" = [])),
    responses((status = 200, body = RoundView)))]
pub async fn get_one(
    State(state): State<AppState>,
    caller: Caller,
    PathId(id): PathId,
) -> ApiResult<axum::Json<RoundView>> {
    Ok(axum::Json(
        clearing::view(&state.store, caller.subject.as_ref(), id).await?,
    ))
}

async fn decide_round(
    state: &AppState,
    caller: &Caller,
    id: Uuid,
    apply: bool,
) -> ApiResult<RoundView> {
    let who = caller.subject.as_ref();
    clearing::decide_round(&state.store, who, id, apply).await?;
    Ok(clearing::view(&state.store, who, id).await?)
}

/// Apply a proposed round: every set-off is recorded as a payment of method `set_off` with its
/// ledger transaction, atomically. A round whose obligations were paid or changed since it was
/// proposed is stale: 409, propose again.
#[utoipa::path(post, path = "/clearing-rounds/{id}/apply", tag = "clearing", params(("id" = Uuid, Path)),
    security(("bearer" = []), ("session" = [])),
    responses((status = 200, body = RoundView)))]
pub async fn apply(
    State(state): State<AppState>,
    caller: Caller,
    PathId(id): PathId,
) -> ApiResult<axum::Json<RoundView>> {
    Ok(axum::Json(decide_round(&state, &caller, id, true).await?))
}

/// Discard a proposed or stale round.
#[utoipa::path(post, path = "/clearing-rounds/{id}/discard", tag = "clearing", params(("id" = Uuid, Path)),
    security(("bearer" = []), ("session" = [])),
    responses((status = 200, body = RoundView)))]
pub async fn discard(
    State(state): State<AppState>,
    caller: Caller,
    PathId(id): PathId,
) -> ApiResult<axum::Json<RoundView>> {
    Ok(axum::Json(decide_round(&state, &caller, id, false).await?))
}
