//! Self-governance: decision bodies, decisions, ballots and proxies. Who may do what is the
//! use cases' (`bayanihan_app::governance`); an anonymous decision's ballots name nobody.

use axum::extract::State;
use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};
use bayanihan_app::governance;
use bayanihan_domain::governance::decision::{
    BallotInput, BallotRecord, BodyInput, Decision, DecisionInput,
};
use serde::{Deserialize, Serialize};
use uuid::Uuid;

use crate::auth::Caller;
use crate::error::ApiResult;
use crate::extract::{Json, PathId};
use crate::AppState;

pub use bayanihan_app::governance::{BodyView, DecisionView, VoterView};

fn created<T: Serialize>(v: T) -> Response {
    (StatusCode::CREATED, axum::Json(v)).into_response()
}

/// Set up a decision body of the organization (its admins): a general assembly, a board, a
/// chamber. The electorate is its members (all, or those holding a role) or, for a network,
/// its member organizations; chambers are stakeholder categories with weights (checked
/// against the preset), or one chamber `all` (one member, one vote).
#[utoipa::path(post, path = "/organizations/{id}/bodies", tag = "governance", params(("id" = Uuid, Path)),
    request_body = BodyInput, security(("bearer" = []), ("session" = [])),
    responses((status = 201, body = BodyView)))]
pub async fn create_body(
    State(state): State<AppState>,
    caller: Caller,
    PathId(id): PathId,
    Json(i): Json<BodyInput>,
) -> ApiResult<Response> {
    Ok(created(
        governance::create_body(&state.store, caller.subject.as_ref(), id, &i).await?,
    ))
}

/// The organization's decision bodies, each with its electorate now (voters per chamber, and
/// how many are in no chamber).
#[utoipa::path(get, path = "/organizations/{id}/bodies", tag = "governance", params(("id" = Uuid, Path)),
    security(("bearer" = []), ("session" = [])),
    responses((status = 200, body = Vec<BodyView>)))]
pub async fn bodies(
    State(state): State<AppState>,
    caller: Caller,
    PathId(id): PathId,
) -> ApiResult<axum::Json<Vec<BodyView>>> {
    Ok(axum::Json(
        governance::bodies(&state.store, caller.subject.as_ref(), id).await?,
    ))
}

/// A decision body.
#[utoipa::path(get, path = "/bodies/{id}", tag = "governance", params(("id" = Uuid, Path)),
    security(("bearer" = []), ("session" = [])),
    responses((status = 200, body = BodyView)))]
pub async fn body(
    State(state): State<AppState>,
    caller: Caller,
    PathId(id): PathId,
) -> ApiResult<axum::Json<BodyView>> {
    Ok(axum::Json(
        governance::body(&state.store, caller.subject.as_ref(), id).await?,
    ))
}

/// A member organization's stake in the network.
#[derive(Debug, Deserialize, utoipa::ToSchema)]
#[serde(deny_unknown_fields)]
pub struct StakeInput {
    /// `producer`, `consumer`, `worker`, `supporter`, `public_body`, or null (none: in no
    /// chamber).
    pub stakeholder: Option<String>,
}

/// State a member organization's stake in the network — its chamber in the network's bodies
/// (the network's admins).
#[utoipa::path(put, path = "/networks/{id}/members/{member_id}/stakeholder", tag = "governance",
    params(("id" = Uuid, Path), ("member_id" = Uuid, Path)), request_body = StakeInput,
    security(("bearer" = []), ("session" = [])),
    responses((status = 204, description = "Stated")))]
pub async fn set_stakeholder(
    State(state): State<AppState>,
    caller: Caller,
    PathId((network, member)): PathId<(Uuid, Uuid)>,
    Json(i): Json<StakeInput>,
) -> ApiResult<StatusCode> {
    governance::set_stakeholder(
        &state.store,
        caller.subject.as_ref(),
        network,
        member,
        i.stakeholder.as_deref(),
    )
    .await?;
    Ok(StatusCode::NO_CONTENT)
}

/// Open a decision of a body (its organization's coordinators): a proposal (which may carry
/// an action carried out when it passes), a poll, a score, ranked choice, a dot vote or a
/// meeting-time poll. Its electorate is fixed now.
#[utoipa::path(post, path = "/decisions", tag = "governance", request_body = DecisionInput,
    security(("bearer" = []), ("session" = [])),
    responses((status = 201, body = Decision)))]
pub async fn open(
    State(state): State<AppState>,
    caller: Caller,
    Json(i): Json<DecisionInput>,
) -> ApiResult<Response> {
    Ok(created(
        governance::open(&state.store, caller.subject.as_ref(), &i).await?,
    ))
}

/// The organization's decision log, newest first: what was decided, the tally, what was
/// carried out (its members; a network's member organizations' members).
#[utoipa::path(get, path = "/organizations/{id}/decisions", tag = "governance", params(("id" = Uuid, Path)),
    security(("bearer" = []), ("session" = [])),
    responses((status = 200, body = Vec<Decision>)))]
pub async fn log(
    State(state): State<AppState>,
    caller: Caller,
    PathId(id): PathId,
) -> ApiResult<axum::Json<Vec<Decision>>> {
    Ok(axum::Json(
        governance::log(&state.store, caller.subject.as_ref(), id).await?,
    ))
}

/// A decision: its rules and electorate, whom the caller may vote for, the tally once closed.
#[utoipa::path(get, path = "/decisions/{id}", tag = "governance", params(("id" = Uuid, Path)),
    security(("bearer" = []), ("session" = [])),
    responses((status = 200, body = DecisionView)))]
pub async fn get_one(
    State(state): State<AppState>,
    caller: Caller,
    PathId(id): PathId,
) -> ApiResult<axum::Json<DecisionView>> {
    Ok(axum::Json(
        governance::view(&state.store, caller.subject.as_ref(), id).await?,
    ))
}

/// A closed decision's ballots (409 while open). An anonymous decision's name nobody and say
/// nothing of how or when they were cast.
#[utoipa::path(get, path = "/decisions/{id}/ballots", tag = "governance", params(("id" = Uuid, Path)),
    security(("bearer" = []), ("session" = [])),
    responses((status = 200, body = Vec<BallotRecord>)))]
pub async fn ballots(
    State(state): State<AppState>,
    caller: Caller,
    PathId(id): PathId,
) -> ApiResult<axum::Json<Vec<BallotRecord>>> {
    Ok(axum::Json(
        governance::ballots(&state.store, caller.subject.as_ref(), id).await?,
    ))
}

/// Cast a ballot: one's own; with `voter_id`, for someone whose proxy one holds or for a
/// member organization one coordinates; with `mode` `paper` or `assisted` (the
/// organization's coordinators), a meeting's ballot with the meeting and a witness. Once per
/// voter (409 the second time), while the decision is open.
#[utoipa::path(post, path = "/decisions/{id}/ballots", tag = "governance", params(("id" = Uuid, Path)),
    request_body = BallotInput, security(("bearer" = []), ("session" = [])),
    responses((status = 204, description = "Counted when the decision closes")))]
pub async fn cast(
    State(state): State<AppState>,
    caller: Caller,
    PathId(id): PathId,
    Json(i): Json<BallotInput>,
) -> ApiResult<StatusCode> {
    governance::cast(&state.store, caller.subject.as_ref(), id, &i).await?;
    Ok(StatusCode::NO_CONTENT)
}

/// Whom to give one's vote to.
#[derive(Debug, Deserialize, utoipa::ToSchema)]
#[serde(deny_unknown_fields)]
pub struct ProxyInput {
    pub holder_id: Uuid,
}

/// Give one's vote on a decision to someone else in its electorate, who may hold at most the
/// body's proxy limit; before one has voted.
#[utoipa::path(post, path = "/decisions/{id}/proxies", tag = "governance", params(("id" = Uuid, Path)),
    request_body = ProxyInput, security(("bearer" = []), ("session" = [])),
    responses((status = 204, description = "Given")))]
pub async fn give_proxy(
    State(state): State<AppState>,
    caller: Caller,
    PathId(id): PathId,
    Json(i): Json<ProxyInput>,
) -> ApiResult<StatusCode> {
    governance::give_proxy(&state.store, caller.subject.as_ref(), id, i.holder_id).await?;
    Ok(StatusCode::NO_CONTENT)
}

/// An open decision the caller may still vote in, and for whom.
#[derive(Debug, Serialize, utoipa::ToSchema)]
pub struct OpenVote {
    pub decision: Decision,
    /// The caller, or a member organization they are the delegate of.
    pub voter_id: Uuid,
}

/// Open decisions the caller may still vote in.
#[utoipa::path(get, path = "/me/decisions", tag = "governance",
    security(("bearer" = []), ("session" = [])),
    responses((status = 200, body = Vec<OpenVote>)))]
pub async fn mine(
    State(state): State<AppState>,
    caller: Caller,
) -> ApiResult<axum::Json<Vec<OpenVote>>> {
    Ok(axum::Json(
        governance::open_for(&state.store, caller.subject.as_ref())
            .await?
            .into_iter()
            .map(|(decision, voter_id)| OpenVote { decision, voter_id })
            .collect(),
    ))
}
