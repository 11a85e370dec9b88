//! Extractors whose rejections are problem+json naming the field, never axum's plain text.

use axum::extract::rejection::QueryRejection;
use axum::extract::{FromRequest, FromRequestParts, Request};
use axum::http::header;
use axum::http::request::Parts;
use bayanihan_domain::Invalid;
use serde::de::DeserializeOwned;
use uuid::Uuid;

use crate::error::ApiError;

/// Largest JSON body accepted; far above any form, far below what would hurt a small server.
pub const MAX_JSON_BYTES: usize = 256 * 1024;

/// The largest body a request to `path` may send: a product photo's upload
/// ([`bayanihan_app::catalogue::MAX_UPLOAD_BYTES`], and a little for a form's other fields),
/// else [`MAX_JSON_BYTES`].
pub fn body_limit(path: &str) -> usize {
    if path.starts_with("/products/") && path.ends_with("/photo")
        || path.starts_with("/api/v1/products/") && path.ends_with("/photo")
    {
        bayanihan_app::catalogue::MAX_UPLOAD_BYTES + 64 * 1024
    } else if path.starts_with("/organizations/") && path.ends_with("/import") {
        // A spreadsheet, and its text again in the apply form.
        2 * bayanihan_domain::import::MAX_BYTES + 64 * 1024
    } else if path.starts_with("/api/v1/dfc/") && path.ends_with("/catalog-import") {
        // A supplier's whole catalog as JSON-LD.
        8 * 1024 * 1024
    } else if path.starts_with("/organizations/") && path.ends_with("/directory-import") {
        // The three sheets of a network's directory.
        DIRECTORY_UPLOAD_BYTES
    } else {
        MAX_JSON_BYTES
    }
}

/// The most a directory upload through the pages takes (larger directories go through
/// `bayanihan import`).
pub const DIRECTORY_UPLOAD_BYTES: usize = 64 * 1024 * 1024;

/// Holds every request body to [`body_limit`] of its path: a `Content-Length` above it is
/// refused at once (413), and a body that grows past it fails when read (413 again).
pub async fn limit_body(
    req: axum::http::Request<axum::body::Body>,
    next: axum::middleware::Next,
) -> axum::response::Response {
    use axum::response::IntoResponse;
    let limit = body_limit(req.uri().path());
    let declared = req
        .headers()
        .get(axum::http::header::CONTENT_LENGTH)
        .and_then(|v| v.to_str().ok())
        .and_then(|v| v.parse::<u64>().ok());
    if declared.is_some_and(|n| n > limit as u64) {
        return ApiError::TooLarge.into_response();
    }
    let req = req.map(|b| axum::body::Body::new(http_body_util::Limited::new(b, limit)));
    next.run(req).await
}

/// A JSON body; a body of the wrong shape is refused with 422 naming the field's path, and
/// a body that is not JSON at all with 400.
pub struct Json<T>(pub T);

impl<S: Send + Sync, T: DeserializeOwned> FromRequest<S> for Json<T> {
    type Rejection = ApiError;

    async fn from_request(req: Request, state: &S) -> Result<Self, Self::Rejection> {
        let is_json = req
            .headers()
            .get(header::CONTENT_TYPE)
            .and_then(|v| v.to_str().ok())
            .map(|ct| {
                let ct = ct.split(';').next().unwrap_or("").trim();
                ct == "application/json" || ct.ends_with("+json")
            })
            .unwrap_or(false);
        if !is_json {
            return Err(ApiError::BadRequest(
                "Send the data as JSON, with the header Content-Type: application/json.".into(),
            ));
        }
        let bytes = axum::body::Bytes::from_request(req, state)
            .await
            .map_err(|e| {
                // A chunked body that runs past the limit fails here, not at the limit layer.
                if e.status() == axum::http::StatusCode::PAYLOAD_TOO_LARGE {
                    ApiError::TooLarge
                } else {
                    ApiError::BadRequest(format!("The request body could not be read: {e}"))
                }
            })?;
        // Every body the API takes is an object: an array or a bare value is refused here,
        // not read into a struct by position (serde would take `[null, null]` for a struct
        // of two optional fields).
        let first = bytes.iter().find(|b| !b.is_ascii_whitespace());
        if first.is_some_and(|b| *b != b'{')
            && serde_json::from_slice::<serde::de::IgnoredAny>(&bytes).is_ok()
        {
            return Err(ApiError::Invalid(Invalid::field(
                "",
                "the body must be a JSON object, {…}",
            )));
        }
        parse_json(&bytes).map(Json)
    }
}

/// Parses JSON, turning serde's complaint into a field path and a reason.
pub fn parse_json<T: DeserializeOwned>(bytes: &[u8]) -> Result<T, ApiError> {
    let de = &mut serde_json::Deserializer::from_slice(bytes);
    let value = serde_path_to_error::deserialize(&mut *de).map_err(|e| {
        let path = e.path().to_string();
        let inner = e.into_inner();
        use serde_json::error::Category;
        match inner.classify() {
            Category::Syntax | Category::Eof | Category::Io => {
                // Where it broke: the field being read, and serde's line and column.
                let field = if path == "." { String::new() } else { path };
                ApiError::Malformed(Invalid::field(field, inner.to_string()))
            }
            Category::Data => {
                // serde's text ends in " at line L column C", which says nothing to a person.
                let msg = inner.to_string();
                let reason = msg.split(" at line ").next().unwrap_or(&msg).to_string();
                // The path names the field, an unknown key included; "." is the whole body.
                let field = if path == "." { String::new() } else { path };
                ApiError::Invalid(Invalid::field(field, reason))
            }
        }
    })?;
    // One JSON value and nothing after it (white space aside): trailing bytes are refused, not
    // silently dropped.
    de.end().map_err(|e| {
        ApiError::Malformed(Invalid::field(
            "",
            format!("unexpected data after the JSON value ({e})"),
        ))
    })?;
    Ok(value)
}

/// An id (or two) in the path, for the API and the pages alike: one that is not a UUID cannot
/// name anything, so it is a 404 — problem+json for the API, the not-found page in the reader's
/// language for the pages.
pub struct PathId<T = Uuid>(pub T);

/// A path id that is not a UUID.
pub struct BadPathId {
    /// The language of the not-found page, when the path is a page's.
    html: Option<crate::i18n::Lang>,
}

impl axum::response::IntoResponse for BadPathId {
    fn into_response(self) -> axum::response::Response {
        match self.html {
            Some(lang) => crate::pages::not_found_in(lang).into_response(),
            None => ApiError::NotFound("item (the id in the address is not valid)").into_response(),
        }
    }
}

fn path_rejection(parts: &Parts) -> BadPathId {
    // The API lives under /api/ (nested, so the full path is the original URI's); anything
    // else is a page.
    let path = parts
        .extensions
        .get::<axum::extract::OriginalUri>()
        .map_or(parts.uri.path(), |u| u.0.path());
    BadPathId {
        html: (!path.starts_with("/api/")).then(|| crate::pages::reader_language(parts)),
    }
}

impl<S: Send + Sync> FromRequestParts<S> for PathId<Uuid> {
    type Rejection = BadPathId;
    async fn from_request_parts(parts: &mut Parts, state: &S) -> Result<Self, Self::Rejection> {
        match axum::extract::Path::<Uuid>::from_request_parts(parts, state).await {
            Ok(p) => Ok(PathId(p.0)),
            Err(_) => Err(path_rejection(parts)),
        }
    }
}

impl<S: Send + Sync> FromRequestParts<S> for PathId<(Uuid, Uuid)> {
    type Rejection = BadPathId;
    async fn from_request_parts(parts: &mut Parts, state: &S) -> Result<Self, Self::Rejection> {
        match axum::extract::Path::<(Uuid, Uuid)>::from_request_parts(parts, state).await {
            Ok(p) => Ok(PathId(p.0)),
            Err(_) => Err(path_rejection(parts)),
        }
    }
}

/// Query-string parameters; a bad one is a 422 naming the parameter.
pub struct Query<T>(pub T);

impl<S: Send + Sync, T: DeserializeOwned> FromRequestParts<S> for Query<T> {
    type Rejection = ApiError;
    async fn from_request_parts(parts: &mut Parts, state: &S) -> Result<Self, Self::Rejection> {
        axum::extract::Query::<T>::from_request_parts(parts, state)
            .await
            .map(|q| Query(q.0))
            .map_err(|e: QueryRejection| {
                let text = e.body_text();
                let reason = text
                    .strip_prefix("Failed to deserialize query string: ")
                    .unwrap_or(&text)
                    .to_string();
                ApiError::Invalid(Invalid::field("query", reason))
            })
    }
}
