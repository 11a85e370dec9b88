//! People and their opt-in demographics.

use axum::extract::State;
use axum::http::StatusCode;
use bayanihan_domain::access::{may_read_demographics, may_read_person};
use bayanihan_domain::records::Person;
use bayanihan_domain::{Demographics, DemographicsInput};
use uuid::Uuid;

use crate::auth::Caller;
use crate::error::{ApiError, ApiResult, Problem};
use crate::extract::{Json, PathId};
use crate::AppState;

/// A person's profile: visible to the person and to those sharing an organization with them.
/// Demographics are included only for the person and the admins of their organizations.
#[utoipa::path(get, path = "/people/{id}", tag = "people",
    params(("id" = Uuid, Path)),
    security(("bearer" = []), ("session" = [])),
    responses((status = 200, body = Person),
        (status = 401, body = Problem, content_type = "application/problem+json"),
        (status = 403, body = Problem, content_type = "application/problem+json"),
        (status = 404, body = Problem, content_type = "application/problem+json")))]
pub async fn get_one(
    State(state): State<AppState>,
    caller: Caller,
    PathId(id): PathId,
) -> ApiResult<axum::Json<Person>> {
    caller.require()?;
    let person = state.store.person(id, false).await?;
    let orgs: Vec<Uuid> = person
        .memberships
        .iter()
        .map(|m| m.organization_id)
        .collect();
    if !may_read_person(caller.subject.as_ref(), id, &orgs) {
        return Err(ApiError::Forbidden(
            "You can only see people who share an organization with you.".into(),
        ));
    }
    let mut person = person;
    if may_read_demographics(caller.subject.as_ref(), id, &orgs) {
        person.demographics = state.store.demographics(id).await?;
    }
    Ok(axum::Json(person))
}

fn only_self(caller: &Caller, id: Uuid) -> ApiResult<()> {
    if caller.require()?.person_id != id {
        return Err(ApiError::Forbidden(
            "Only the person themself can share or withdraw their demographics.".into(),
        ));
    }
    Ok(())
}

/// Share your demographics (opt in), or change what you share. Only ever published
/// aggregated, with small counts suppressed.
#[utoipa::path(put, path = "/people/{id}/demographics", tag = "people", request_body = DemographicsInput,
    params(("id" = Uuid, Path)),
    security(("bearer" = []), ("session" = [])),
    responses((status = 200, body = Demographics),
        (status = 401, body = Problem, content_type = "application/problem+json"),
        (status = 403, body = Problem, content_type = "application/problem+json"),
        (status = 422, body = Problem, content_type = "application/problem+json")))]
pub async fn set_demographics(
    State(state): State<AppState>,
    caller: Caller,
    PathId(id): PathId,
    Json(input): Json<DemographicsInput>,
) -> ApiResult<axum::Json<Demographics>> {
    only_self(&caller, id)?;
    let year = jiff::Zoned::now().year() as i32;
    let d = Demographics::parse(&input, year)?;
    state.store.set_demographics(id, Some(&d)).await?;
    Ok(axum::Json(d))
}

/// Withdraw your demographics (opt out): the record is erased.
#[utoipa::path(delete, path = "/people/{id}/demographics", tag = "people",
    params(("id" = Uuid, Path)),
    security(("bearer" = []), ("session" = [])),
    responses((status = 204, description = "Erased"),
        (status = 401, body = Problem, content_type = "application/problem+json"),
        (status = 403, body = Problem, content_type = "application/problem+json")))]
pub async fn clear_demographics(
    State(state): State<AppState>,
    caller: Caller,
    PathId(id): PathId,
) -> ApiResult<StatusCode> {
    only_self(&caller, id)?;
    state.store.set_demographics(id, None).await?;
    Ok(StatusCode::NO_CONTENT)
}
