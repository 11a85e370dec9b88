//! `Idempotency-Key` on the API's writes: the first answer to a key is kept (a day) and sent
//! again for a resend of the same request, with `Idempotent-Replayed: true`, instead of placing
//! a second line or recording a second payment. A key is the signed-in caller's own; a request
//! without a key, or without a caller, passes untouched.

use axum::body::{Body, Bytes};
use axum::extract::{Request, State};
use axum::http::{header, HeaderValue, Method, StatusCode};
use axum::middleware::Next;
use axum::response::{IntoResponse, Response};
use bayanihan_app::idempotency as idem;
use bayanihan_domain::Invalid;
use bayanihan_store::idempotency::Claim;

use crate::auth::identify;
use crate::error::ApiError;
use crate::AppState;

const KEY: &str = "idempotency-key";

pub(crate) async fn layer(State(state): State<AppState>, req: Request, next: Next) -> Response {
    let write = matches!(
        *req.method(),
        Method::POST | Method::PUT | Method::PATCH | Method::DELETE
    );
    if !write || !req.uri().path().starts_with("/api/") || !req.headers().contains_key(KEY) {
        return next.run(req).await;
    }
    let raw = req
        .headers()
        .get(KEY)
        .and_then(|v| v.to_str().ok())
        .unwrap_or("")
        .to_string();
    let key = match idem::parse_key(&raw) {
        Ok(k) => k.to_string(),
        Err(e) => return ApiError::Invalid(e).into_response(),
    };
    let (parts, body) = req.into_parts();
    let caller = match identify(&parts, &state, true).await {
        Ok(c) => c,
        Err(e) => return e.into_response(),
    };
    let Some(subject) = caller.subject else {
        // Nobody to keep the key for: the handler answers (a 401 where it needs someone).
        return next.run(Request::from_parts(parts, body)).await;
    };
    // Within the body limit (its layer stands outside this one); keep to it regardless.
    let limit = crate::extract::body_limit(parts.uri.path());
    let bytes: Bytes = match axum::body::to_bytes(body, limit).await {
        Ok(b) => b,
        Err(_) => return ApiError::TooLarge.into_response(),
    };
    let path = parts
        .uri
        .path_and_query()
        .map_or(parts.uri.path(), |p| p.as_str())
        .to_string();
    let print = idem::fingerprint(parts.method.as_str(), &path, &bytes);
    match idem::claim(&state.store, &subject, &key, &print).await {
        Ok(Claim::First) => {}
        Ok(Claim::Answered {
            status,
            content_type,
            body,
        }) => {
            let mut res =
                (StatusCode::from_u16(status).unwrap_or(StatusCode::OK), body).into_response();
            if let Some(ct) = content_type.and_then(|c| HeaderValue::from_str(&c).ok()) {
                res.headers_mut().insert(header::CONTENT_TYPE, ct);
            }
            res.headers_mut()
                .insert("idempotent-replayed", HeaderValue::from_static("true"));
            return res;
        }
        Ok(Claim::InProgress) => {
            return ApiError::Conflict(bayanihan_domain::Conflict::RequestInProgress)
                .into_response()
        }
        Ok(Claim::Mismatch) => {
            return ApiError::Invalid(Invalid::field(
                "Idempotency-Key",
                "was used for another request: send a new key with a new request",
            ))
            .into_response()
        }
        Err(e) => return ApiError::from(e).into_response(),
    }
    let res = next
        .run(Request::from_parts(parts, Body::from(bytes)))
        .await;
    if res.status().is_server_error() {
        // Nothing was kept: a resend acts afresh.
        let _ = idem::abandon(&state.store, &subject, &key).await;
        return res;
    }
    let (mut res_parts, res_body) = res.into_parts();
    let body = match axum::body::to_bytes(res_body, usize::MAX).await {
        Ok(b) => b,
        Err(_) => {
            let _ = idem::abandon(&state.store, &subject, &key).await;
            return ApiError::Internal("the answer could not be read".into()).into_response();
        }
    };
    let content_type = res_parts
        .headers
        .get(header::CONTENT_TYPE)
        .and_then(|v| v.to_str().ok())
        .map(str::to_string);
    if let Err(e) = idem::finish(
        &state.store,
        &subject,
        &key,
        res_parts.status.as_u16(),
        content_type.as_deref(),
        &body,
    )
    .await
    {
        tracing::warn!(error = %e, "an idempotent answer could not be kept");
    }
    res_parts.headers.remove(header::CONTENT_LENGTH);
    Response::from_parts(res_parts, Body::from(body))
}
