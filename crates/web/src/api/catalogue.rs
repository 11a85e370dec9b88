//! A producer's products over HTTP: read one, replace its fields, and its photo (upload,
//! download, remove). The catalogue list and adding a product are in [`super::trade`].

use axum::body::Bytes;
use axum::extract::State;
use axum::http::{HeaderMap, StatusCode};
use axum::response::Response;
use bayanihan_domain::trade::catalog::ProductInput;
use bayanihan_store::trade::Product;

use crate::auth::Caller;
use crate::error::{ApiError, ApiResult};
use crate::extract::{Json, PathId};
use crate::AppState;

use bayanihan_app::catalogue;

/// One product (public).
#[utoipa::path(get, path = "/products/{id}", tag = "trade", params(("id" = uuid::Uuid, Path)),
    responses((status = 200, body = Product)))]
pub async fn get_product(
    State(state): State<AppState>,
    PathId(id): PathId,
) -> ApiResult<axum::Json<Product>> {
    Ok(axum::Json(catalogue::product(&state.store, id).await?))
}

/// Replace a product's fields (its producer's admins). Offers already made keep their
/// prices; their lines show the new name and unit.
#[utoipa::path(put, path = "/products/{id}", tag = "trade", params(("id" = uuid::Uuid, Path)),
    request_body = ProductInput, security(("bearer" = []), ("session" = [])),
    responses((status = 200, body = Product)))]
pub async fn update_product(
    State(state): State<AppState>,
    caller: Caller,
    PathId(id): PathId,
    Json(input): Json<ProductInput>,
) -> ApiResult<axum::Json<Product>> {
    Ok(axum::Json(
        catalogue::update_product(&state.store, caller.subject.as_ref(), id, &input).await?,
    ))
}

/// Set a product's photo (its producer's admins): the body is the JPEG or PNG itself, at
/// most 12 MB. The server turns it upright, fits it in 480 × 480 px and keeps a small JPEG;
/// anything else is a 422 naming `photo`.
#[utoipa::path(put, path = "/products/{id}/photo", tag = "trade", params(("id" = uuid::Uuid, Path)),
    request_body(content = Vec<u8>, content_type = "image/jpeg", description = "A JPEG or PNG photo"),
    security(("bearer" = []), ("session" = [])),
    responses((status = 200, body = Product)))]
pub async fn put_photo(
    State(state): State<AppState>,
    caller: Caller,
    PathId(id): PathId,
    body: Bytes,
) -> ApiResult<axum::Json<Product>> {
    Ok(axum::Json(
        catalogue::set_photo(&state.store, caller.subject.as_ref(), id, &body).await?,
    ))
}

/// A product's photo (public): a JPEG of at most 480 × 480 px; 404 when it has none.
#[utoipa::path(get, path = "/products/{id}/photo", tag = "trade", params(("id" = uuid::Uuid, Path)),
    responses((status = 200, description = "The photo", content_type = "image/jpeg")))]
pub async fn get_photo(
    State(state): State<AppState>,
    PathId(id): PathId,
    headers: HeaderMap,
) -> ApiResult<Response> {
    let photo = catalogue::photo(&state.store, id)
        .await?
        .ok_or(ApiError::NotFound("photo"))?;
    Ok(crate::media::photo_response(&photo, &headers, false))
}

/// Remove a product's photo (its producer's admins).
#[utoipa::path(delete, path = "/products/{id}/photo", tag = "trade", params(("id" = uuid::Uuid, Path)),
    security(("bearer" = []), ("session" = [])),
    responses((status = 204, description = "Removed (or there was none)")))]
pub async fn delete_photo(
    State(state): State<AppState>,
    caller: Caller,
    PathId(id): PathId,
) -> ApiResult<StatusCode> {
    catalogue::remove_photo(&state.store, caller.subject.as_ref(), id).await?;
    Ok(StatusCode::NO_CONTENT)
}
