//! One error type for every handler, rendered as RFC 9457 problem+json.
//!
//! Messages are written for a coordinator, not a programmer: they say what was wrong and, where
//! it helps, what to do. Internal failures are logged with the request id and shown as a
//! plain apology, never with database details.

use axum::http::{header, HeaderValue, StatusCode};
use axum::response::{IntoResponse, Response};
use bayanihan_domain::{FieldError, Invalid};
use bayanihan_store::StoreError;
use serde::Serialize;

/// Everything a handler can fail with.
#[derive(Debug, thiserror::Error)]
pub enum ApiError {
    #[error("invalid input")]
    Invalid(Invalid),
    #[error("{0}")]
    BadRequest(String),
    /// A body that is not well-formed JSON: 400, naming where it broke.
    #[error("malformed JSON")]
    Malformed(Invalid),
    /// A body over the size limit.
    #[error("request body too large")]
    TooLarge,
    #[error("sign in required")]
    Unauthenticated(&'static str),
    #[error("not allowed")]
    Forbidden(String),
    #[error("{0} not found")]
    NotFound(&'static str),
    /// Clashes with what is recorded; said in English here, in the reader's language on pages.
    #[error("{0}")]
    Conflict(bayanihan_domain::Conflict),
    #[error("too many attempts")]
    TooManyRequests(u64),
    #[error("service unavailable")]
    Unavailable,
    #[error("internal error: {0}")]
    Internal(String),
}

/// RFC 9457 problem details, with Bayanihan's `errors` extension for field-level problems.
#[derive(Debug, Serialize, utoipa::ToSchema)]
pub struct Problem {
    /// A URI naming the kind of problem.
    #[serde(rename = "type")]
    pub kind: String,
    /// A short summary of the kind of problem.
    pub title: String,
    pub status: u16,
    /// What went wrong this time, in words a coordinator understands.
    pub detail: String,
    /// For invalid input: every field that was refused, and why.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub errors: Vec<ProblemField>,
    /// This occurrence (`urn:uuid:` and the request id), where a server fault is reported.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub instance: Option<String>,
}

/// One refused field of an input.
#[derive(Debug, Serialize, utoipa::ToSchema)]
pub struct ProblemField {
    /// Path of the field, e.g. `country` or `location.lat`.
    pub field: String,
    pub reason: String,
}

impl From<&FieldError> for ProblemField {
    fn from(e: &FieldError) -> Self {
        ProblemField {
            field: e.field.clone(),
            reason: e.reason.clone(),
        }
    }
}

impl ApiError {
    pub fn status(&self) -> StatusCode {
        match self {
            ApiError::Invalid(_) => StatusCode::UNPROCESSABLE_ENTITY,
            ApiError::BadRequest(_) | ApiError::Malformed(_) => StatusCode::BAD_REQUEST,
            ApiError::TooLarge => StatusCode::PAYLOAD_TOO_LARGE,
            ApiError::Unauthenticated(_) => StatusCode::UNAUTHORIZED,
            ApiError::Forbidden(_) => StatusCode::FORBIDDEN,
            ApiError::NotFound(_) => StatusCode::NOT_FOUND,
            ApiError::Conflict(_) => StatusCode::CONFLICT,
            ApiError::TooManyRequests(_) => StatusCode::TOO_MANY_REQUESTS,
            ApiError::Unavailable => StatusCode::SERVICE_UNAVAILABLE,
            ApiError::Internal(_) => StatusCode::INTERNAL_SERVER_ERROR,
        }
    }

    /// The problem document shown to the client.
    pub fn problem(&self) -> Problem {
        let (slug, title, detail, errors): (&str, &str, String, Vec<ProblemField>) = match self {
            ApiError::Invalid(inv) => (
                "invalid-input",
                "Some of what you entered is not valid",
                inv.errors
                    .iter()
                    .map(|e| {
                        if e.field.is_empty() {
                            e.reason.clone()
                        } else {
                            format!("{}: {}", e.field, e.reason)
                        }
                    })
                    .collect::<Vec<_>>()
                    .join("; "),
                inv.errors.iter().map(ProblemField::from).collect(),
            ),
            ApiError::BadRequest(d) => (
                "bad-request",
                "The request could not be read",
                d.clone(),
                vec![],
            ),
            ApiError::Malformed(inv) => (
                "malformed-json",
                "The request body is not valid JSON",
                inv.errors
                    .iter()
                    .map(|e| match e.field.as_str() {
                        "" => format!("The request body is not valid JSON: {}", e.reason),
                        f => format!("The request body is not valid JSON at {f}: {}", e.reason),
                    })
                    .collect::<Vec<_>>()
                    .join("; "),
                inv.errors.iter().map(ProblemField::from).collect(),
            ),
            ApiError::TooLarge => (
                "too-large",
                "The request is too large",
                format!(
                    "The request body is larger than {} KiB; send less at a time.",
                    crate::extract::MAX_JSON_BYTES / 1024
                ),
                vec![],
            ),
            ApiError::Unauthenticated(d) => (
                "unauthenticated",
                "Please sign in",
                (*d).to_string(),
                vec![],
            ),
            ApiError::Forbidden(d) => (
                "forbidden",
                "You are not allowed to do this",
                d.clone(),
                vec![],
            ),
            ApiError::NotFound(what) => (
                "not-found",
                "Not found",
                format!("There is no such {what}, or it has been removed."),
                vec![],
            ),
            ApiError::Conflict(c) => (
                "conflict",
                "This clashes with what is already recorded",
                c.to_string(),
                vec![],
            ),
            ApiError::TooManyRequests(secs) => (
                "too-many-requests",
                "Too many attempts",
                format!("Too many attempts. Please wait {secs} seconds and try again."),
                vec![],
            ),
            ApiError::Unavailable => (
                "unavailable",
                "Service unavailable",
                "The database cannot be reached right now. Please try again in a moment.".into(),
                vec![],
            ),
            ApiError::Internal(_) => (
                "internal",
                "Something went wrong on our side",
                "Something went wrong on the server. Nothing you sent was lost or half-saved; \
                 please try again, and tell your network's steward if it keeps happening."
                    .into(),
                vec![],
            ),
        };
        Problem {
            kind: format!("/problems/{slug}"),
            title: title.into(),
            status: self.status().as_u16(),
            detail,
            errors,
            instance: None,
        }
    }
}

impl IntoResponse for ApiError {
    fn into_response(self) -> Response {
        if let ApiError::Internal(e) = &self {
            tracing::error!(error = %e, "internal error");
        }
        let status = self.status();
        let body = serde_json::to_vec(&self.problem()).unwrap_or_default();
        let mut res = (status, body).into_response();
        res.headers_mut().insert(
            header::CONTENT_TYPE,
            HeaderValue::from_static("application/problem+json"),
        );
        match self {
            ApiError::Unauthenticated(_) => {
                res.headers_mut()
                    .insert(header::WWW_AUTHENTICATE, HeaderValue::from_static("Bearer"));
            }
            ApiError::TooManyRequests(secs) => {
                if let Ok(v) = HeaderValue::from_str(&secs.to_string()) {
                    res.headers_mut().insert(header::RETRY_AFTER, v);
                }
            }
            _ => {}
        }
        res
    }
}

impl From<bayanihan_app::AppError> for ApiError {
    fn from(e: bayanihan_app::AppError) -> Self {
        use bayanihan_app::AppError as A;
        match e {
            A::Unauthenticated => ApiError::Unauthenticated("Please sign in to do this."),
            A::NotPermitted(m) => ApiError::Forbidden(m),
            A::NotFound(what) => ApiError::NotFound(what),
            A::Invalid(i) => ApiError::Invalid(i),
            A::Conflict(m) => ApiError::Conflict(m),
            A::WrongCredentials => {
                ApiError::Unauthenticated("The e-mail address or the password is not right.")
            }
            A::TooManyAttempts(secs) => ApiError::TooManyRequests(secs),
            A::Internal(m) => ApiError::Internal(m),
            A::Store(e) => e.into(),
        }
    }
}

impl From<StoreError> for ApiError {
    fn from(e: StoreError) -> Self {
        match e {
            StoreError::NotFound(what) => ApiError::NotFound(what),
            StoreError::Conflict(m) => ApiError::Conflict(m),
            StoreError::Forbidden(m) => ApiError::Forbidden(m),
            StoreError::Invalid(i) => ApiError::Invalid(i),
            e if e.is_unavailable() => {
                tracing::error!(error = %e, "database unavailable");
                ApiError::Unavailable
            }
            // Contention that outlasted every retry of a write, or cut short a read (on
            // PostgreSQL even a read-only statement at SERIALIZABLE may be refused with
            // SQLSTATE 40001): busy now, worth trying again in a moment; nothing was written.
            e if e.is_retryable() => {
                tracing::error!(error = %e, "database busy");
                ApiError::Unavailable
            }
            other => ApiError::Internal(other.to_string()),
        }
    }
}

impl From<Invalid> for ApiError {
    fn from(e: Invalid) -> Self {
        ApiError::Invalid(e)
    }
}

pub type ApiResult<T> = Result<T, ApiError>;

/// Turns a panic anywhere below it into a problem+json 500 carrying the request id, instead of
/// a dropped connection: the client learns that the server failed and what to quote, and the
/// log has the panic under the same id. A write transaction in flight is rolled back when it
/// is dropped, so nothing is half-written.
pub(crate) async fn catch_panics(
    req: axum::extract::Request,
    next: axum::middleware::Next,
) -> Response {
    use futures_util::FutureExt;
    let id = req
        .headers()
        .get("x-request-id")
        .and_then(|v| v.to_str().ok())
        .unwrap_or("")
        .to_string();
    match std::panic::AssertUnwindSafe(next.run(req))
        .catch_unwind()
        .await
    {
        Ok(res) => res,
        Err(panic) => {
            let what = panic
                .downcast_ref::<&str>()
                .map(|s| s.to_string())
                .or_else(|| panic.downcast_ref::<String>().cloned())
                .unwrap_or_else(|| "a panic".into());
            tracing::error!(request_id = %id, panic = %what, "handler panicked");
            let mut problem = ApiError::Internal(what).problem();
            if !id.is_empty() {
                problem.detail = format!("{} Reference: {id}.", problem.detail);
                problem.instance = Some(format!("urn:uuid:{id}"));
            }
            let body = serde_json::to_vec(&problem).unwrap_or_default();
            let mut res = (StatusCode::INTERNAL_SERVER_ERROR, body).into_response();
            res.headers_mut().insert(
                header::CONTENT_TYPE,
                HeaderValue::from_static("application/problem+json"),
            );
            res
        }
    }
}

/// A multipart form that cannot be read: too large (413), or not a well-formed form (400,
/// naming the form as the field).
impl From<axum::extract::multipart::MultipartError> for ApiError {
    fn from(e: axum::extract::multipart::MultipartError) -> Self {
        if e.status() == StatusCode::PAYLOAD_TOO_LARGE {
            ApiError::TooLarge
        } else {
            ApiError::Malformed(Invalid::field("form", e.body_text()))
        }
    }
}

#[cfg(test)]
mod tests {
    use axum::body::Body;
    use axum::http::Request;
    use axum::routing::get;
    use tower::ServiceExt;

    #[tokio::test]
    async fn a_panicking_handler_answers_problem_json_with_the_request_id() {
        let app = axum::Router::new()
            .route(
                "/boom",
                get(|| async {
                    let v: Vec<u8> = Vec::new();
                    v[3].to_string()
                }),
            )
            .layer(axum::middleware::from_fn(super::catch_panics));
        let req = Request::get("/boom")
            .header("x-request-id", "0b1c8f5e-1111-4a4a-9f9f-123456789abc")
            .body(Body::empty())
            .unwrap();
        let res = app.oneshot(req).await.unwrap();
        assert_eq!(res.status(), 500);
        assert_eq!(res.headers()["content-type"], "application/problem+json");
        let body = axum::body::to_bytes(res.into_body(), 1 << 16)
            .await
            .unwrap();
        let v: serde_json::Value = serde_json::from_slice(&body).unwrap();
        assert_eq!(v["status"], 500);
        assert_eq!(
            v["instance"],
            "urn:uuid:0b1c8f5e-1111-4a4a-9f9f-123456789abc"
        );
        assert!(v["detail"].as_str().unwrap().contains("0b1c8f5e"));
        // The panic's own words stay in the log.
        assert!(!v["detail"]
            .as_str()
            .unwrap()
            .contains("index out of bounds"));
    }
}
