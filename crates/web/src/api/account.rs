//! Signing in and out, the signed-in person, and API tokens.

use axum::extract::State;
use axum::http::{header, HeaderMap, StatusCode};
use axum::response::{IntoResponse, Response};
use bayanihan_domain::records::Person;

use bayanihan_store::ApiTokenInfo;
use serde::{Deserialize, Serialize};
use uuid::Uuid;

use crate::auth::{self, Caller, Via};
use crate::error::ApiResult;
use crate::extract::{Json, PathId};
use crate::AppState;

/// E-mail and password.
#[derive(Deserialize, utoipa::ToSchema)]
#[serde(deny_unknown_fields)]
pub struct LoginRequest {
    /// An e-mail address, or a member's sign-in name.
    #[schema(schema_with = bayanihan_domain::openapi::sign_in)]
    pub email: String,
    #[schema(min_length = 1, max_length = 1024)]
    pub password: String,
}

/// The signed-in person and the CSRF token to send as `X-CSRF-Token` with state-changing
/// requests made with the session cookie.
#[derive(Serialize, utoipa::ToSchema)]
pub struct SessionResponse {
    pub person: Person,
    /// Present when signed in with the session cookie.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub csrf_token: Option<String>,
}

pub use crate::auth::{secure_cookies, session_cookie};

/// Sign in with e-mail and password; sets the session cookie.
#[utoipa::path(post, path = "/auth/login", tag = "account", request_body = LoginRequest,
    responses(
        (status = 200, body = SessionResponse, description = "Signed in; the session cookie is set")))]
pub async fn login(
    State(state): State<AppState>,
    headers: HeaderMap,
    auth::ClientAddr(from): auth::ClientAddr,
    Json(req): Json<LoginRequest>,
) -> ApiResult<Response> {
    let person =
        bayanihan_app::account::sign_in(&state.store, &req.email, &req.password, from).await?;
    let (secret, csrf) =
        bayanihan_app::account::start_session(&state.store, person, auth::SESSION_TTL).await?;
    let body = SessionResponse {
        person: bayanihan_app::account::own_profile(&state.store, person).await?,
        csrf_token: Some(csrf),
    };
    let cookie = session_cookie(
        &secret,
        auth::SESSION_TTL.as_secs(),
        secure_cookies(&state, &headers),
    );
    let mut res = axum::Json(body).into_response();
    res.headers_mut().insert(header::SET_COOKIE, cookie);
    Ok(res)
}

/// Sign out: ends the session and clears the cookie.
#[utoipa::path(post, path = "/auth/logout", tag = "account",
    responses((status = 204, description = "Signed out")))]
pub async fn logout(
    State(state): State<AppState>,
    headers: HeaderMap,
    caller: Caller,
) -> ApiResult<Response> {
    if let Via::Session { token_hash, .. } = &caller.via {
        bayanihan_app::account::end_session(&state.store, token_hash).await?;
    }
    let mut res = StatusCode::NO_CONTENT.into_response();
    res.headers_mut().insert(
        header::SET_COOKIE,
        session_cookie("", 0, secure_cookies(&state, &headers)),
    );
    Ok(res)
}

/// The signed-in person, with their memberships and own demographics.
#[utoipa::path(get, path = "/me", tag = "account",
    security(("bearer" = []), ("session" = [])),
    responses(
        (status = 200, body = SessionResponse)))]
pub async fn me(
    State(state): State<AppState>,
    caller: Caller,
) -> ApiResult<axum::Json<SessionResponse>> {
    let subject = caller.require()?;
    Ok(axum::Json(SessionResponse {
        person: bayanihan_app::account::me(&state.store, Some(subject)).await?,
        csrf_token: match caller.via {
            Via::Session { csrf_token, .. } => Some(csrf_token),
            _ => None,
        },
    }))
}

/// A name for a new API token.
#[derive(Deserialize, utoipa::ToSchema)]
#[serde(deny_unknown_fields)]
pub struct NewToken {
    /// What the token is for, e.g. "weekly order import".
    #[schema(schema_with = bayanihan_domain::openapi::name_100)]
    pub name: String,
}

pub use bayanihan_app::account::CreatedToken;

/// Makes an API token for `person`.
pub async fn issue_token(
    store: &bayanihan_store::Store,
    person: Uuid,
    name: &str,
) -> ApiResult<CreatedToken> {
    Ok(bayanihan_app::account::issue_token(store, person, name).await?)
}

/// Your live API tokens (never their secrets).
#[utoipa::path(get, path = "/tokens", tag = "account",
    security(("bearer" = []), ("session" = [])),
    responses((status = 200, body = Vec<ApiTokenInfo>)))]
pub async fn list_tokens(
    State(state): State<AppState>,
    caller: Caller,
) -> ApiResult<axum::Json<Vec<ApiTokenInfo>>> {
    Ok(axum::Json(
        bayanihan_app::account::tokens(&state.store, caller.subject.as_ref()).await?,
    ))
}

/// Make an API token for scripts acting as you.
#[utoipa::path(post, path = "/tokens", tag = "account", request_body = NewToken,
    security(("bearer" = []), ("session" = [])),
    responses((status = 201, body = CreatedToken)))]
pub async fn create_token(
    State(state): State<AppState>,
    caller: Caller,
    Json(req): Json<NewToken>,
) -> ApiResult<(StatusCode, axum::Json<CreatedToken>)> {
    let s = caller.require()?;
    Ok((
        StatusCode::CREATED,
        axum::Json(issue_token(&state.store, s.person_id, &req.name).await?),
    ))
}

/// Revoke one of your API tokens.
#[utoipa::path(delete, path = "/tokens/{id}", tag = "account",
    params(("id" = Uuid, Path, description = "Token id")),
    security(("bearer" = []), ("session" = [])),
    responses((status = 204, description = "Revoked")))]
pub async fn revoke_token(
    State(state): State<AppState>,
    caller: Caller,
    PathId(id): PathId,
) -> ApiResult<StatusCode> {
    bayanihan_app::account::revoke_token(&state.store, caller.subject.as_ref(), id).await?;
    Ok(StatusCode::NO_CONTENT)
}
