//! The directory of organizations, their members, and networks.

use axum::extract::State;
use axum::http::{header, StatusCode};
use axum::response::{IntoResponse, Response};
use bayanihan_app as app;
use bayanihan_app::networks::{NetworkApplication, NetworkMemberPatch, NewNetworkMember};
use bayanihan_app::organizations::{MemberPatch, NewMember};
use bayanihan_domain::records::{Membership, NetworkMembership, Organization};
use bayanihan_domain::{OrgKind, OrganizationInput};
use serde::Serialize;
use uuid::Uuid;

use crate::auth::Caller;
use crate::error::ApiResult;
use crate::extract::{Json, PathId, Query};
use crate::AppState;

pub use bayanihan_app::organizations::ListParams;

/// One page of the directory.
#[derive(Serialize, utoipa::ToSchema)]
pub struct OrganizationPage {
    pub items: Vec<Organization>,
    /// How many organizations match the filters in all.
    pub total: i64,
    pub limit: i64,
    pub offset: i64,
}

/// The directory of organizations (public), filterable and paginated.
#[utoipa::path(get, path = "/organizations", tag = "organizations", params(ListParams),
    responses((status = 200, body = OrganizationPage)))]
pub async fn list(
    State(state): State<AppState>,
    Query(p): Query<ListParams>,
) -> ApiResult<axum::Json<OrganizationPage>> {
    let page = app::organizations::directory(&state.store, &p).await?;
    Ok(axum::Json(OrganizationPage {
        items: page.items,
        total: page.total,
        limit: page.limit,
        offset: page.offset,
    }))
}

/// The document's name for an organization as registered: the fields of
/// [`OrganizationInput`], of which name, kind, country, currency and time zone are required.
pub struct NewOrganization;

impl utoipa::PartialSchema for NewOrganization {
    fn schema() -> utoipa::openapi::RefOr<utoipa::openapi::schema::Schema> {
        use bayanihan_domain::openapi as o;
        use utoipa::openapi::schema::Schema;
        use utoipa::openapi::RefOr;
        let RefOr::T(Schema::Object(mut s)) = OrganizationInput::schema() else {
            return OrganizationInput::schema();
        };
        let required: [(&str, RefOr<Schema>); 5] = [
            ("name", o::name_200().into()),
            ("kind", OrgKind::schema()),
            ("country", o::country().into()),
            ("currency", o::currency().into()),
            ("time_zone", o::time_zone().into()),
        ];
        for (name, schema) in required {
            s.properties.insert(name.to_string(), schema);
            s.required.push(name.to_string());
        }
        s.description = Some("An organization to register: the profile fields, of which name, kind, country, currency and time zone are required.".into());
        RefOr::T(Schema::Object(s))
    }
}
impl utoipa::ToSchema for NewOrganization {}

/// Register an organization; you become its first admin.
#[utoipa::path(post, path = "/organizations", tag = "organizations", request_body = NewOrganization,
    security(("bearer" = []), ("session" = [])),
    responses((status = 201, body = Organization)))]
pub async fn create(
    State(state): State<AppState>,
    caller: Caller,
    Json(input): Json<OrganizationInput>,
) -> ApiResult<Response> {
    let org = app::organizations::register(&state.store, caller.subject.as_ref(), &input).await?;
    let location = format!("/api/v1/organizations/{}", org.id);
    Ok((
        StatusCode::CREATED,
        [(header::LOCATION, location)],
        axum::Json(org),
    )
        .into_response())
}

/// One organization's public profile.
#[utoipa::path(get, path = "/organizations/{id}", tag = "organizations",
    params(("id" = Uuid, Path)),
    responses((status = 200, body = Organization)))]
pub async fn get_one(
    State(state): State<AppState>,
    PathId(id): PathId,
) -> ApiResult<axum::Json<Organization>> {
    Ok(axum::Json(
        app::organizations::organization(&state.store, id).await?,
    ))
}

/// Change an organization's profile (its admins and network stewards). Fields not sent stay
/// as they are; an empty string clears an optional text.
#[utoipa::path(patch, path = "/organizations/{id}", tag = "organizations", request_body = OrganizationInput,
    params(("id" = Uuid, Path)),
    security(("bearer" = []), ("session" = [])),
    responses((status = 200, body = Organization)))]
pub async fn update(
    State(state): State<AppState>,
    caller: Caller,
    PathId(id): PathId,
    Json(patch): Json<OrganizationInput>,
) -> ApiResult<axum::Json<Organization>> {
    let updated =
        app::organizations::update_profile(&state.store, caller.subject.as_ref(), id, &patch)
            .await?;
    // A published organization's profile goes to the index again.
    state.murmurations_nudge();
    Ok(axum::Json(updated))
}

/// The members of an organization (its members only).
#[utoipa::path(get, path = "/organizations/{id}/members", tag = "organizations",
    params(("id" = Uuid, Path)),
    security(("bearer" = []), ("session" = [])),
    responses((status = 200, body = Vec<Membership>)))]
pub async fn list_members(
    State(state): State<AppState>,
    caller: Caller,
    PathId(id): PathId,
) -> ApiResult<axum::Json<Vec<Membership>>> {
    Ok(axum::Json(
        app::organizations::members(&state.store, caller.subject.as_ref(), id).await?,
    ))
}

/// Add a person to an organization. Coordinators may add plain members; admins and stewards
/// may grant any role.
#[utoipa::path(post, path = "/organizations/{id}/members", tag = "organizations", request_body = NewMember,
    params(("id" = Uuid, Path)),
    security(("bearer" = []), ("session" = [])),
    responses((status = 201, body = Membership)))]
pub async fn add_member(
    State(state): State<AppState>,
    caller: Caller,
    PathId(org): PathId,
    Json(req): Json<NewMember>,
) -> ApiResult<Response> {
    let m =
        app::organizations::add_member(&state.store, caller.subject.as_ref(), org, &req).await?;
    Ok((StatusCode::CREATED, axum::Json(m)).into_response())
}

/// Change a member's roles or stakeholder category.
#[utoipa::path(patch, path = "/organizations/{id}/members/{person_id}", tag = "organizations",
    request_body = MemberPatch,
    params(("id" = Uuid, Path), ("person_id" = Uuid, Path)),
    security(("bearer" = []), ("session" = [])),
    responses((status = 200, body = Membership)))]
pub async fn update_member(
    State(state): State<AppState>,
    caller: Caller,
    PathId((org, person)): PathId<(Uuid, Uuid)>,
    Json(req): Json<MemberPatch>,
) -> ApiResult<axum::Json<Membership>> {
    Ok(axum::Json(
        app::organizations::change_member(&state.store, caller.subject.as_ref(), org, person, &req)
            .await?,
    ))
}

/// Remove a person from an organization (or leave it yourself).
#[utoipa::path(delete, path = "/organizations/{id}/members/{person_id}", tag = "organizations",
    params(("id" = Uuid, Path), ("person_id" = Uuid, Path)),
    security(("bearer" = []), ("session" = [])),
    responses((status = 204, description = "Removed")))]
pub async fn remove_member(
    State(state): State<AppState>,
    caller: Caller,
    PathId((org, person)): PathId<(Uuid, Uuid)>,
) -> ApiResult<StatusCode> {
    app::organizations::remove_member(&state.store, caller.subject.as_ref(), org, person).await?;
    Ok(StatusCode::NO_CONTENT)
}

/// The networks an organization belongs to, and (for a network) its member organizations.
#[utoipa::path(get, path = "/organizations/{id}/networks", tag = "organizations",
    params(("id" = Uuid, Path)),
    responses((status = 200, body = Vec<NetworkMembership>)))]
pub async fn list_networks(
    State(state): State<AppState>,
    PathId(id): PathId,
) -> ApiResult<axum::Json<Vec<NetworkMembership>>> {
    Ok(axum::Json(
        app::organizations::network_links(&state.store, id).await?,
    ))
}

/// Invite an organization into a network (the network's admins). The link grants nothing
/// until an admin of the invited organization accepts it (`PATCH … {"status": "active"}`);
/// when the organization had applied, or you are an admin of both, it is active at once.
#[utoipa::path(post, path = "/networks/{id}/members", tag = "organizations", request_body = NewNetworkMember,
    params(("id" = Uuid, Path, description = "The network")),
    security(("bearer" = []), ("session" = [])),
    responses((status = 201, body = NetworkMembership)))]
pub async fn add_network_member(
    State(state): State<AppState>,
    caller: Caller,
    PathId(network): PathId,
    Json(req): Json<NewNetworkMember>,
) -> ApiResult<Response> {
    let m = app::networks::invite(&state.store, caller.subject.as_ref(), network, &req).await?;
    Ok((StatusCode::CREATED, axum::Json(m)).into_response())
}

/// Apply to a network on behalf of an organization (its admins), or accept the network's
/// invitation. The link grants nothing until the network's admins accept it.
#[utoipa::path(post, path = "/organizations/{id}/networks", tag = "organizations", request_body = NetworkApplication,
    params(("id" = Uuid, Path, description = "The organization applying")),
    security(("bearer" = []), ("session" = [])),
    responses((status = 201, body = NetworkMembership)))]
pub async fn apply_to_network(
    State(state): State<AppState>,
    caller: Caller,
    PathId(org): PathId,
    Json(req): Json<NetworkApplication>,
) -> ApiResult<Response> {
    let m = app::networks::apply(&state.store, caller.subject.as_ref(), org, &req).await?;
    Ok((StatusCode::CREATED, axum::Json(m)).into_response())
}

/// Accept, suspend, end or re-activate an organization's membership in a network. Either side's
/// admins may end it; an invitation is accepted by the invited organization's admins, an
/// application by the network's; only the network's admins suspend.
#[utoipa::path(patch, path = "/networks/{id}/members/{member_id}", tag = "organizations",
    request_body = NetworkMemberPatch,
    params(("id" = Uuid, Path), ("member_id" = Uuid, Path)),
    security(("bearer" = []), ("session" = [])),
    responses((status = 200, body = NetworkMembership)))]
pub async fn update_network_member(
    State(state): State<AppState>,
    caller: Caller,
    PathId((network, member)): PathId<(Uuid, Uuid)>,
    Json(req): Json<NetworkMemberPatch>,
) -> ApiResult<axum::Json<NetworkMembership>> {
    Ok(axum::Json(
        app::networks::change(&state.store, caller.subject.as_ref(), network, member, &req).await?,
    ))
}
