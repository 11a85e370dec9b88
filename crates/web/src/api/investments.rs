//! Community investment: offers, commitments in the investor's currency at a recorded rate,
//! the money received, repayments, positions. Who may do what is the use cases'
//! (`bayanihan_app::investments`).

use axum::extract::State;
use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};
use bayanihan_app::investments::{self, InvestorRepaymentInput, OfferView, ReceiptInput};
use bayanihan_domain::finance::book::Numbers;
use bayanihan_domain::finance::investment::{CommitmentInput, OfferInput};
use serde::Serialize;

use super::books::{as_at, AsAt};
use crate::auth::Caller;
use crate::error::ApiResult;
use crate::extract::{Json, PathId, Query};
use crate::AppState;

fn created<T: Serialize>(v: T) -> Response {
    (StatusCode::CREATED, axum::Json(v)).into_response()
}

/// Open a community investment offer (the organization's admins): purpose, currency, target,
/// minimum ticket, a capped yearly return or none, term, repayments a year, closing day. Each
/// field that does not fit: 422 naming it.
#[utoipa::path(post, path = "/organizations/{id}/investment-offers", tag = "investment", params(("id" = Uuid, Path)),
    request_body = OfferInput,
    security(("bearer" = []), ("session" = [])),
    responses((status = 201, body = Object)))]
pub async fn open_offer(
    State(state): State<AppState>,
    caller: Caller,
    PathId(org): PathId,
    Json(i): Json<OfferInput>,
) -> ApiResult<Response> {
    Ok(created(
        investments::open_offer(
            &state.store,
            caller.subject.as_ref(),
            org,
            &i,
            Numbers::Plain,
        )
        .await?,
    ))
}

/// An organization's investment offers, with what was committed to each (anyone signed in).
#[utoipa::path(get, path = "/organizations/{id}/investment-offers", tag = "investment", params(("id" = Uuid, Path)),
    security(("bearer" = []), ("session" = [])),
    responses((status = 200, body = Vec<Object>)))]
pub async fn offers(
    State(state): State<AppState>,
    caller: Caller,
    PathId(org): PathId,
) -> ApiResult<Response> {
    Ok(
        axum::Json(investments::offers_of(&state.store, caller.subject.as_ref(), org).await?)
            .into_response(),
    )
}

/// One offer as at a date: its terms and progress, the caller's own commitments; every
/// commitment and what the organization owes for its treasurers and admins.
#[utoipa::path(get, path = "/investment-offers/{id}", tag = "investment", params(("id" = Uuid, Path), AsAt),
    security(("bearer" = []), ("session" = [])),
    responses((status = 200, body = OfferView)))]
pub async fn offer(
    State(state): State<AppState>,
    caller: Caller,
    PathId(id): PathId,
    Query(q): Query<AsAt>,
) -> ApiResult<axum::Json<OfferView>> {
    let day = as_at(&q)?;
    Ok(axum::Json(
        investments::offer(&state.store, caller.subject.as_ref(), id, day).await?,
    ))
}

/// Close an offer to new commitments before its closing day (the organization's admins).
#[utoipa::path(post, path = "/investment-offers/{id}/close", tag = "investment", params(("id" = Uuid, Path)),
    security(("bearer" = []), ("session" = [])),
    responses((status = 204)))]
pub async fn close_offer(
    State(state): State<AppState>,
    caller: Caller,
    PathId(id): PathId,
) -> ApiResult<StatusCode> {
    investments::close_offer(&state.store, caller.subject.as_ref(), id).await?;
    Ok(StatusCode::NO_CONTENT)
}

/// Commit to an offer, for oneself: the amount in one's own currency and, when it is not the
/// offer's, the exchange rate of the day (recorded with the commitment, never changed). Below
/// the minimum ticket: 422 naming `amount`; beyond what is left of the target or after the
/// offer closed: 409.
#[utoipa::path(post, path = "/investment-offers/{id}/commitments", tag = "investment", params(("id" = Uuid, Path)),
    request_body = CommitmentInput,
    security(("bearer" = []), ("session" = [])),
    responses((status = 201, body = Object)))]
pub async fn commit(
    State(state): State<AppState>,
    caller: Caller,
    PathId(id): PathId,
    Json(i): Json<CommitmentInput>,
) -> ApiResult<Response> {
    Ok(created(
        investments::commit(
            &state.store,
            caller.subject.as_ref(),
            id,
            &i,
            Numbers::Plain,
        )
        .await?,
    ))
}

/// One commitment and the investor's position as at a date: committed in both currencies
/// and the rate, received, principal repaid and outstanding, return paid, next due, overdue
/// (the investor, or the organization's treasurers and admins).
#[utoipa::path(get, path = "/investment-commitments/{id}", tag = "investment", params(("id" = Uuid, Path), AsAt),
    security(("bearer" = []), ("session" = [])),
    responses((status = 200, body = Object)))]
pub async fn commitment(
    State(state): State<AppState>,
    caller: Caller,
    PathId(id): PathId,
    Query(q): Query<AsAt>,
) -> ApiResult<Response> {
    let day = as_at(&q)?;
    let (_, v, _) = investments::commitment(&state.store, caller.subject.as_ref(), id, day).await?;
    Ok(axum::Json(v).into_response())
}

/// Record an investor's money as received, the whole commitment on one day (the
/// organization's treasurers and admins). Recorded already: 409.
#[utoipa::path(post, path = "/investment-commitments/{id}/receipt", tag = "investment", params(("id" = Uuid, Path)),
    request_body = ReceiptInput,
    security(("bearer" = []), ("session" = [])),
    responses((status = 204)))]
pub async fn receive(
    State(state): State<AppState>,
    caller: Caller,
    PathId(id): PathId,
    Json(i): Json<ReceiptInput>,
) -> ApiResult<StatusCode> {
    investments::receive(&state.store, caller.subject.as_ref(), id, &i).await?;
    Ok(StatusCode::NO_CONTENT)
}

/// Record a repayment to an investor (the organization's treasurers and admins): the return
/// fallen due first, then principal. More than is still owed: 422 naming `amount`; before the
/// money was received: 409.
#[utoipa::path(post, path = "/investment-commitments/{id}/repayments", tag = "investment", params(("id" = Uuid, Path)),
    request_body = InvestorRepaymentInput,
    security(("bearer" = []), ("session" = [])),
    responses((status = 201, body = Object)))]
pub async fn repay(
    State(state): State<AppState>,
    caller: Caller,
    PathId(id): PathId,
    Json(i): Json<InvestorRepaymentInput>,
) -> ApiResult<Response> {
    Ok(created(
        investments::repay(
            &state.store,
            caller.subject.as_ref(),
            id,
            &i,
            Numbers::Plain,
        )
        .await?,
    ))
}

/// The caller's own commitments and positions as at a date.
#[utoipa::path(get, path = "/me/investments", tag = "investment", params(AsAt),
    security(("bearer" = []), ("session" = [])),
    responses((status = 200, body = Vec<Object>)))]
pub async fn mine(
    State(state): State<AppState>,
    caller: Caller,
    Query(q): Query<AsAt>,
) -> ApiResult<Response> {
    let day = as_at(&q)?;
    let list = investments::my_positions(&state.store, caller.subject.as_ref(), day).await?;
    Ok(axum::Json(list.into_iter().map(|(_, v)| v).collect::<Vec<_>>()).into_response())
}
