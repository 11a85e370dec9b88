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
    keep_answer(&state, &subject, &key, res, false).await
}

/// Keeps the answer to a claimed key and sends it on: a 5xx (or an answer that cannot be
/// read) keeps nothing, so a resend acts afresh. With `redirects`, a redirect is kept as its
/// target (a form's usual answer), to be sent again as the same redirect.
async fn keep_answer(
    state: &AppState,
    subject: &bayanihan_domain::access::Subject,
    key: &str,
    res: Response,
    redirects: bool,
) -> Response {
    if res.status().is_server_error() {
        let _ = idem::abandon(&state.store, subject, key).await;
        return res;
    }
    let (mut res_parts, res_body) = res.into_parts();
    let body = match axum::body::to_bytes(res_body, usize::MAX).await {
        Ok(b) => b,
        Err(_) => {
            let _ = idem::abandon(&state.store, subject, key).await;
            return ApiError::Internal("the answer could not be read".into()).into_response();
        }
    };
    let header_text = |name| {
        res_parts
            .headers
            .get(name)
            .and_then(|v: &HeaderValue| v.to_str().ok())
            .map(str::to_string)
    };
    let (content_type, kept): (Option<String>, Vec<u8>) = match header_text(header::LOCATION) {
        Some(l) if redirects && res_parts.status.is_redirection() => {
            (Some(REDIRECT.into()), l.into_bytes())
        }
        _ => (header_text(header::CONTENT_TYPE), body.to_vec()),
    };
    if let Err(e) = idem::finish(
        &state.store,
        subject,
        key,
        res_parts.status.as_u16(),
        content_type.as_deref(),
        &kept,
    )
    .await
    {
        tracing::warn!(error = %e, "an answer could not be kept for a resend");
    }
    res_parts.headers.remove(header::CONTENT_LENGTH);
    Response::from_parts(res_parts, Body::from(body))
}

/// Page forms sent twice: every form carries a one-time `once` token (see
/// [`crate::pages::Chrome::once`]); a signed-in person's resend of a form with a token already
/// used gets the first answer back — the same redirect, or the same page — instead of a second
/// line, payment or member. A resend that arrives while the first is still being answered
/// waits for it. Kept with the API's keys (`page:` before the token), a day. Forms without a
/// token, anonymous forms and multipart uploads pass untouched.
pub(crate) async fn pages(State(state): State<AppState>, req: Request, next: Next) -> Response {
    let form = req.method() == Method::POST
        && !req.uri().path().starts_with("/api/")
        && req
            .headers()
            .get(header::CONTENT_TYPE)
            .and_then(|v| v.to_str().ok())
            .is_some_and(|v| v.starts_with("application/x-www-form-urlencoded"));
    // An access link's page holds a one-time code: it is never kept to be sent again.
    if !form || req.uri().path().ends_with("/access") {
        return next.run(req).await;
    }
    let (parts, body) = req.into_parts();
    let limit = crate::extract::body_limit(parts.uri.path());
    let bytes: Bytes = match axum::body::to_bytes(body, limit).await {
        Ok(b) => b,
        Err(_) => return ApiError::TooLarge.into_response(),
    };
    let once = form_urlencoded::parse(&bytes)
        .find(|(k, _)| k == "once")
        .map(|(_, v)| v.into_owned())
        .filter(|v| idem::parse_key(v).is_ok());
    let subject = match &once {
        Some(_) => identify(&parts, &state, false)
            .await
            .ok()
            .and_then(|c| c.subject),
        None => None,
    };
    let (Some(once), Some(subject)) = (once, subject) else {
        return next
            .run(Request::from_parts(parts, Body::from(bytes)))
            .await;
    };
    let key = format!("page:{once}");
    let path = parts
        .uri
        .path_and_query()
        .map_or(parts.uri.path(), |p| p.as_str())
        .to_string();
    let print = idem::fingerprint("POST", &path, &bytes);
    // A twin still being answered: wait for its answer (a double tap's first request).
    let mut claim = idem::claim(&state.store, &subject, &key, &print).await;
    for _ in 0..100 {
        if !matches!(claim, Ok(Claim::InProgress)) {
            break;
        }
        tokio::time::sleep(std::time::Duration::from_millis(100)).await;
        claim = idem::claim(&state.store, &subject, &key, &print).await;
    }
    match claim {
        Ok(Claim::First) => {}
        Ok(Claim::Answered {
            status,
            content_type,
            body,
        }) => return replay_page(status, content_type.as_deref(), body),
        Ok(Claim::InProgress) => {
            return ApiError::Conflict(bayanihan_domain::Conflict::RequestInProgress)
                .into_response()
        }
        // The token came with another form: act on neither, say so.
        Ok(Claim::Mismatch) => {
            return crate::pages::message_in(
                crate::pages::reader_language(&parts),
                StatusCode::UNPROCESSABLE_ENTITY,
                "form-token-reused",
                "form-token-reused-text",
            )
        }
        Err(e) => return ApiError::from(e).into_response(),
    }
    let res = next
        .run(Request::from_parts(parts, Body::from(bytes)))
        .await;
    keep_answer(&state, &subject, &key, res, true).await
}

/// How a kept redirect is marked: its body is the target.
const REDIRECT: &str = "text/uri-list";

fn replay_page(status: u16, content_type: Option<&str>, body: Vec<u8>) -> Response {
    let status = StatusCode::from_u16(status).unwrap_or(StatusCode::OK);
    let mut res = if content_type == Some(REDIRECT) {
        let mut r = status.into_response();
        if let Ok(l) = HeaderValue::from_bytes(&body) {
            r.headers_mut().insert(header::LOCATION, l);
        }
        r
    } else {
        let mut r = (status, body).into_response();
        if let Some(ct) = content_type.and_then(|c| HeaderValue::from_str(c).ok()) {
            r.headers_mut().insert(header::CONTENT_TYPE, ct);
        }
        r
    };
    res.headers_mut()
        .insert("idempotent-replayed", HeaderValue::from_static("true"));
    res
}
