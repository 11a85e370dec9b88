//! Images served as HTTP answers, for the API and the pages alike.

use axum::http::{header, HeaderMap, StatusCode};
use axum::response::{IntoResponse, Response};

/// A photo as an HTTP answer, with its version as the `ETag` (a 304 when the client has it).
/// `immutable`: the address names the version, so it may be kept for a year.
pub fn photo_response(
    photo: &bayanihan_domain::trade::records::ProductPhoto,
    headers: &HeaderMap,
    immutable: bool,
) -> Response {
    let etag = format!("\"{}\"", photo.version);
    let cache = if immutable {
        "public, max-age=31536000, immutable"
    } else {
        "public, max-age=300"
    };
    if headers
        .get(header::IF_NONE_MATCH)
        .and_then(|v| v.to_str().ok())
        .is_some_and(|v| v.split(',').any(|t| t.trim() == etag))
    {
        return (
            StatusCode::NOT_MODIFIED,
            [(header::ETAG, etag), (header::CACHE_CONTROL, cache.into())],
        )
            .into_response();
    }
    (
        [
            (header::CONTENT_TYPE, photo.content_type.clone()),
            (header::ETAG, etag),
            (header::CACHE_CONTROL, cache.into()),
        ],
        photo.bytes.clone(),
    )
        .into_response()
}
