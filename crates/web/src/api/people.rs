//! People and their opt-in demographics.

use axum::extract::State;
use axum::http::StatusCode;
use bayanihan_domain::records::Person;
use bayanihan_domain::{Demographics, DemographicsInput};

use crate::auth::Caller;
use bayanihan_app as app;

use crate::error::ApiResult;
use crate::extract::{Json, PathId};
use crate::AppState;

/// A person's profile: visible to the person and to those sharing an organization with them.
/// Demographics are included only for the person and the admins of their organizations.
#[utoipa::path(get, path = "/people/{id}", tag = "people",
    params(("id" = Uuid, Path)),
    security(("bearer" = []), ("session" = [])),
    responses((status = 200, body = Person)))]
pub async fn get_one(
    State(state): State<AppState>,
    caller: Caller,
    PathId(id): PathId,
) -> ApiResult<axum::Json<Person>> {
    Ok(axum::Json(
        app::people::person(&state.store, caller.subject.as_ref(), id).await?,
    ))
}

/// Share your demographics (opt in), or change what you share. Only ever published
/// aggregated, with small counts suppressed.
#[utoipa::path(put, path = "/people/{id}/demographics", tag = "people", request_body = DemographicsInput,
    params(("id" = Uuid, Path)),
    security(("bearer" = []), ("session" = [])),
    responses((status = 200, body = Demographics)))]
pub async fn set_demographics(
    State(state): State<AppState>,
    caller: Caller,
    PathId(id): PathId,
    Json(input): Json<DemographicsInput>,
) -> ApiResult<axum::Json<Demographics>> {
    let year = i32::from(jiff::Zoned::now().year());
    let d =
        app::people::share_demographics(&state.store, caller.subject.as_ref(), id, &input, year)
            .await?;
    Ok(axum::Json(d))
}

/// Withdraw your demographics (opt out): the record is erased.
#[utoipa::path(delete, path = "/people/{id}/demographics", tag = "people",
    params(("id" = Uuid, Path)),
    security(("bearer" = []), ("session" = [])),
    responses((status = 204, description = "Erased")))]
pub async fn clear_demographics(
    State(state): State<AppState>,
    caller: Caller,
    PathId(id): PathId,
) -> ApiResult<StatusCode> {
    app::people::withdraw_demographics(&state.store, caller.subject.as_ref(), id).await?;
    Ok(StatusCode::NO_CONTENT)
}
