//! Clearing rounds: a network's stewards propose, apply or discard the multilateral set-off of
//! the network's outstanding obligations; each organization sees its own effect.

use axum::extract::State;
use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};
use bayanihan_domain::access::{decide, Action, Decision};
use bayanihan_domain::{Currency, Invalid};
use bayanihan_store::clearing::{effects, ClearingRound, Effect, SetOff};
use serde::{Deserialize, Serialize};
use uuid::Uuid;

use super::organizations::allow;
use crate::auth::Caller;
use crate::error::{ApiError, ApiResult, Problem};
use crate::extract::{Json, PathId};
use crate::AppState;

type P = Problem;

/// What to clear.
#[derive(Debug, Deserialize, utoipa::ToSchema)]
#[serde(deny_unknown_fields)]
pub struct RoundInput {
    /// ISO 4217 code: a round clears obligations in one currency.
    #[schema(schema_with = bayanihan_domain::openapi::opt_currency)]
    pub currency: Option<String>,
}

/// A round with what it does: for stewards every organization and obligation, for others only
/// their own organizations'.
#[derive(Debug, Serialize, utoipa::ToSchema)]
pub struct RoundView {
    pub round: ClearingRound,
    pub effects: Vec<Effect>,
    pub set_offs: Vec<SetOff>,
}

/// The round as `caller` may see it: everything for the network's stewards, else only the
/// effects on organizations whose private data the caller may read (403 when none).
pub async fn view(state: &AppState, caller: &Caller, id: Uuid) -> ApiResult<RoundView> {
    let subject = caller.require()?;
    let round = state.store.clearing_round(id).await?;
    let all = state.store.clearing_set_offs(&round, None).await?;
    let steward =
        decide(Some(subject), round.network_id, Action::ManageNetwork) == Decision::Allowed;
    let mine =
        |org: Uuid| steward || decide(Some(subject), org, Action::ReadPrivate) == Decision::Allowed;
    let effects: Vec<Effect> = effects(round.currency, &all)
        .into_iter()
        .filter(|e| mine(e.organization_id))
        .collect();
    if effects.is_empty() && !steward {
        return Err(ApiError::Forbidden(
            "Only the network's stewards and the organizations in this round may see it.".into(),
        ));
    }
    let set_offs = all
        .into_iter()
        .filter(|s| mine(s.debtor_id) || mine(s.creditor_id))
        .collect();
    Ok(RoundView {
        round,
        effects,
        set_offs,
    })
}

/// Propose a clearing round over the network's outstanding obligations in one currency (the
/// network's stewards).
#[utoipa::path(post, path = "/networks/{id}/clearing-rounds", tag = "clearing", params(("id" = Uuid, Path)), request_body = RoundInput,
    security(("bearer" = []), ("session" = [])),
    responses((status = 201, body = RoundView), (status = 401, body = P, content_type = "application/problem+json"),
        (status = 403, body = P, content_type = "application/problem+json"), (status = 404, body = P, content_type = "application/problem+json"),
        (status = 422, body = P, content_type = "application/problem+json")))]
pub async fn propose(
    State(state): State<AppState>,
    caller: Caller,
    PathId(network): PathId,
    Json(i): Json<RoundInput>,
) -> ApiResult<Response> {
    let subject = caller.require()?.clone();
    let n = state.store.organization(network).await?;
    allow(
        &caller,
        network,
        Action::ManageNetwork,
        "run clearing rounds",
    )?;
    if n.kind != bayanihan_domain::OrgKind::Network {
        return Err(ApiError::Invalid(Invalid::field("id", "is not a network")));
    }
    let currency = match i.currency.as_deref() {
        Some(c) => Currency::parse(c)
            .map_err(|e| ApiError::Invalid(Invalid::field("currency", e.reason())))?,
        None => {
            return Err(ApiError::Invalid(Invalid::field(
                "currency",
                "is required, e.g. PHP",
            )))
        }
    };
    let round = state
        .store
        .propose_clearing(network, currency, Some(subject.person_id))
        .await?;
    Ok((
        StatusCode::CREATED,
        axum::Json(view(&state, &caller, round.id).await?),
    )
        .into_response())
}

/// A network's clearing rounds, newest first (the network's stewards).
#[utoipa::path(get, path = "/networks/{id}/clearing-rounds", tag = "clearing", params(("id" = Uuid, Path)),
    security(("bearer" = []), ("session" = [])),
    responses((status = 200, body = Vec<ClearingRound>), (status = 401, body = P, content_type = "application/problem+json"),
        (status = 403, body = P, content_type = "application/problem+json"), (status = 404, body = P, content_type = "application/problem+json")))]
pub async fn list(
    State(state): State<AppState>,
    caller: Caller,
    PathId(network): PathId,
) -> ApiResult<axum::Json<Vec<ClearingRound>>> {
    caller.require()?;
    state.store.organization(network).await?;
    allow(
        &caller,
        network,
        Action::ManageNetwork,
        "see the network's clearing rounds",
    )?;
    Ok(axum::Json(state.store.clearing_rounds(network).await?))
}

/// A clearing round and its effect: every organization's for stewards, one's own otherwise.
#[utoipa::path(get, path = "/clearing-rounds/{id}", tag = "clearing", params(("id" = Uuid, Path)),
    security(("bearer" = []), ("session" = [])),
    responses((status = 200, body = RoundView), (status = 401, body = P, content_type = "application/problem+json"),
        (status = 403, body = P, content_type = "application/problem+json"), (status = 404, body = P, content_type = "application/problem+json")))]
pub async fn get_one(
    State(state): State<AppState>,
    caller: Caller,
    PathId(id): PathId,
) -> ApiResult<axum::Json<RoundView>> {
    Ok(axum::Json(view(&state, &caller, id).await?))
}

async fn decide_round(
    state: &AppState,
    caller: &Caller,
    id: Uuid,
    apply: bool,
) -> ApiResult<RoundView> {
    let subject = caller.require()?.clone();
    let round = state.store.clearing_round(id).await?;
    allow(
        caller,
        round.network_id,
        Action::ManageNetwork,
        "apply or discard clearing rounds",
    )?;
    if apply {
        state
            .store
            .apply_clearing(id, Some(subject.person_id))
            .await?;
    } else {
        state
            .store
            .discard_clearing(id, Some(subject.person_id))
            .await?;
    }
    view(state, caller, id).await
}

/// Apply a proposed round: every set-off is recorded as a payment of method `set_off` with its
/// ledger transaction, atomically. A round whose obligations were paid or changed since it was
/// proposed is stale: 409, propose again.
#[utoipa::path(post, path = "/clearing-rounds/{id}/apply", tag = "clearing", params(("id" = Uuid, Path)),
    security(("bearer" = []), ("session" = [])),
    responses((status = 200, body = RoundView), (status = 401, body = P, content_type = "application/problem+json"),
        (status = 403, body = P, content_type = "application/problem+json"), (status = 404, body = P, content_type = "application/problem+json"),
        (status = 409, body = P, content_type = "application/problem+json")))]
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
    responses((status = 200, body = RoundView), (status = 401, body = P, content_type = "application/problem+json"),
        (status = 403, body = P, content_type = "application/problem+json"), (status = 404, body = P, content_type = "application/problem+json"),
        (status = 409, body = P, content_type = "application/problem+json")))]
pub async fn discard(
    State(state): State<AppState>,
    caller: Caller,
    PathId(id): PathId,
) -> ApiResult<axum::Json<RoundView>> {
    Ok(axum::Json(decide_round(&state, &caller, id, false).await?))
}
