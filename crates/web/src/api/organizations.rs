//! The directory of organizations, their members, and networks.

use axum::extract::State;
use axum::http::{header, StatusCode};
use axum::response::{IntoResponse, Response};
use bayanihan_app as app;
use bayanihan_app::networks::{NetworkApplication, NetworkMemberPatch, NewNetworkMember};
use bayanihan_app::organizations::{MemberPatch, NewMember};
use bayanihan_domain::access::{decide, Action, Decision};
use bayanihan_domain::records::{Membership, NetworkMembership, Organization};
use bayanihan_domain::validate::Collector;
use bayanihan_domain::{CountryCode, Invalid, OrgKind, OrganizationInput, Qualifier};
use bayanihan_store::OrganizationFilter;
use jiff::civil::Date;
use serde::{Deserialize, Serialize};
use uuid::Uuid;

use crate::auth::Caller;
use crate::error::{ApiError, ApiResult, Problem};
use crate::extract::{Json, PathId, Query};
use crate::AppState;

/// Turns a permission decision into the right error.
pub(crate) fn allow(caller: &Caller, org: Uuid, action: Action<'_>, what: &str) -> ApiResult<()> {
    match decide(caller.subject.as_ref(), org, action) {
        Decision::Allowed => Ok(()),
        Decision::Unauthenticated => Err(ApiError::Unauthenticated("Please sign in to do this.")),
        Decision::Forbidden => Err(ApiError::Forbidden(format!(
            "Your role in this organization does not allow you to {what}."
        ))),
    }
}

/// Checks that `org` exists and that the caller may read its private data (its members,
/// obligations, balances): 401 without sign-in, 404 for no such organization, 403 otherwise.
pub(crate) async fn allow_private(
    state: &AppState,
    caller: &Caller,
    org: Uuid,
    what: &str,
) -> ApiResult<()> {
    caller.require()?;
    state.store.organization(org).await?;
    allow(caller, org, Action::ReadPrivate, what)
}

/// Directory filters and paging.
#[derive(Deserialize, utoipa::IntoParams)]
#[into_params(parameter_in = Query)]
#[serde(deny_unknown_fields)]
pub struct ListParams {
    /// ISO 3166-1 alpha-2 country code.
    #[param(schema_with = bayanihan_domain::openapi::country)]
    pub country: Option<String>,
    /// Organization kind id, e.g. `producer_cooperative`.
    #[param(value_type = Option<bayanihan_domain::OrgKind>)]
    pub kind: Option<String>,
    /// Id of a network: its member organizations, also through networks inside it.
    #[param(value_type = Option<Uuid>)]
    pub network: Option<String>,
    /// Qualifier id, e.g. `organic`.
    #[param(value_type = Option<bayanihan_domain::Qualifier>)]
    pub qualifier: Option<String>,
    /// Part of the name.
    #[param(schema_with = bayanihan_domain::openapi::name_200)]
    pub q: Option<String>,
    /// Page size, 1–200 (default 50).
    #[param(minimum = 1, maximum = 200)]
    pub limit: Option<i64>,
    /// Items to skip (default 0).
    #[param(minimum = 0)]
    pub offset: Option<i64>,
}

/// One page of the directory.
#[derive(Serialize, utoipa::ToSchema)]
pub struct OrganizationPage {
    pub items: Vec<Organization>,
    /// How many organizations match the filters in all.
    pub total: i64,
    pub limit: i64,
    pub offset: i64,
}

/// Parses directory filters, naming each bad parameter.
pub fn parse_filter(p: &ListParams) -> Result<(OrganizationFilter, i64, i64), Invalid> {
    let mut c = Collector::new();
    // A filter left out means "any"; one sent empty is a mistake worth hearing about.
    let mut nonempty = |field: &str, s: &Option<String>| match s.as_deref() {
        Some("") => {
            c.push(
                field,
                "may not be empty: leave the parameter out to mean any",
            );
            None
        }
        other => other.map(str::to_string),
    };
    let (country, kind, network, qualifier) = (
        nonempty("country", &p.country),
        nonempty("kind", &p.kind),
        nonempty("network", &p.network),
        nonempty("qualifier", &p.qualifier),
    );
    let name = match &p.q {
        Some(q) => c.required_text("q", Some(q), bayanihan_domain::text::Shape::Line, 200),
        None => None,
    };
    let filter = OrganizationFilter {
        country: country.and_then(|s| c.take("country", CountryCode::parse(&s))),
        kind: kind.and_then(|s| c.take("kind", OrgKind::parse(&s))),
        network: network.and_then(|s| match Uuid::parse_str(&s) {
            Ok(u) => Some(u),
            Err(_) => {
                c.push("network", format!("\"{s}\" is not an organization id"));
                None
            }
        }),
        qualifier: qualifier.and_then(|s| c.take("qualifier", Qualifier::parse(&s))),
        name,
    };
    let limit = p.limit.unwrap_or(50);
    if !(1..=200).contains(&limit) {
        c.push("limit", "must be between 1 and 200");
    }
    let offset = p.offset.unwrap_or(0);
    if offset < 0 {
        c.push("offset", "may not be negative");
    }
    c.finish()?;
    Ok((filter, limit, offset))
}

/// The directory of organizations (public), filterable and paginated.
#[utoipa::path(get, path = "/organizations", tag = "organizations", params(ListParams),
    responses((status = 200, body = OrganizationPage),
        (status = 422, body = Problem, content_type = "application/problem+json")))]
pub async fn list(
    State(state): State<AppState>,
    Query(p): Query<ListParams>,
) -> ApiResult<axum::Json<OrganizationPage>> {
    let (filter, limit, offset) = parse_filter(&p)?;
    let page = state
        .store
        .list_organizations(&filter, limit, offset)
        .await?;
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
    responses((status = 201, body = Organization),
        (status = 401, body = Problem, content_type = "application/problem+json"),
        (status = 422, body = Problem, content_type = "application/problem+json")))]
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
    responses((status = 200, body = Organization),
        (status = 404, body = Problem, content_type = "application/problem+json")))]
pub async fn get_one(
    State(state): State<AppState>,
    PathId(id): PathId,
) -> ApiResult<axum::Json<Organization>> {
    Ok(axum::Json(state.store.organization(id).await?))
}

/// Change an organization's profile (its admins and network stewards). Fields not sent stay
/// as they are; an empty string clears an optional text.
#[utoipa::path(patch, path = "/organizations/{id}", tag = "organizations", request_body = OrganizationInput,
    params(("id" = Uuid, Path)),
    security(("bearer" = []), ("session" = [])),
    responses((status = 200, body = Organization),
        (status = 401, body = Problem, content_type = "application/problem+json"),
        (status = 403, body = Problem, content_type = "application/problem+json"),
        (status = 404, body = Problem, content_type = "application/problem+json"),
        (status = 422, body = Problem, content_type = "application/problem+json")))]
pub async fn update(
    State(state): State<AppState>,
    caller: Caller,
    PathId(id): PathId,
    Json(patch): Json<OrganizationInput>,
) -> ApiResult<axum::Json<Organization>> {
    Ok(axum::Json(
        app::organizations::update_profile(&state.store, caller.subject.as_ref(), id, &patch)
            .await?,
    ))
}

/// The members of an organization (its members only).
#[utoipa::path(get, path = "/organizations/{id}/members", tag = "organizations",
    params(("id" = Uuid, Path)),
    security(("bearer" = []), ("session" = [])),
    responses((status = 200, body = Vec<Membership>),
        (status = 401, body = Problem, content_type = "application/problem+json"),
        (status = 403, body = Problem, content_type = "application/problem+json"),
        (status = 404, body = Problem, content_type = "application/problem+json")))]
pub async fn list_members(
    State(state): State<AppState>,
    caller: Caller,
    PathId(id): PathId,
) -> ApiResult<axum::Json<Vec<Membership>>> {
    Ok(axum::Json(
        app::organizations::members(&state.store, caller.subject.as_ref(), id).await?,
    ))
}

pub(crate) fn parse_date_field(c: &mut Collector, field: &str, s: &Option<String>) -> Option<Date> {
    c.optional_date(field, s.as_deref())
}

/// Add a person to an organization. Coordinators may add plain members; admins and stewards
/// may grant any role.
#[utoipa::path(post, path = "/organizations/{id}/members", tag = "organizations", request_body = NewMember,
    params(("id" = Uuid, Path)),
    security(("bearer" = []), ("session" = [])),
    responses((status = 201, body = Membership),
        (status = 401, body = Problem, content_type = "application/problem+json"),
        (status = 403, body = Problem, content_type = "application/problem+json"),
        (status = 404, body = Problem, content_type = "application/problem+json"),
        (status = 409, body = Problem, content_type = "application/problem+json"),
        (status = 422, body = Problem, content_type = "application/problem+json")))]
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
    responses((status = 200, body = Membership),
        (status = 401, body = Problem, content_type = "application/problem+json"),
        (status = 403, body = Problem, content_type = "application/problem+json"),
        (status = 404, body = Problem, content_type = "application/problem+json"),
        (status = 409, body = Problem, content_type = "application/problem+json"),
        (status = 422, body = Problem, content_type = "application/problem+json")))]
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
    responses((status = 204, description = "Removed"),
        (status = 401, body = Problem, content_type = "application/problem+json"),
        (status = 403, body = Problem, content_type = "application/problem+json"),
        (status = 404, body = Problem, content_type = "application/problem+json"),
        (status = 409, body = Problem, content_type = "application/problem+json")))]
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
    responses((status = 200, body = Vec<NetworkMembership>),
        (status = 404, body = Problem, content_type = "application/problem+json")))]
pub async fn list_networks(
    State(state): State<AppState>,
    PathId(id): PathId,
) -> ApiResult<axum::Json<Vec<NetworkMembership>>> {
    state.store.organization(id).await?;
    Ok(axum::Json(state.store.network_memberships_of(id).await?))
}

/// Invite an organization into a network (the network's admins). The link grants nothing
/// until an admin of the invited organization accepts it (`PATCH … {"status": "active"}`);
/// when the organization had applied, or you are an admin of both, it is active at once.
#[utoipa::path(post, path = "/networks/{id}/members", tag = "organizations", request_body = NewNetworkMember,
    params(("id" = Uuid, Path, description = "The network")),
    security(("bearer" = []), ("session" = [])),
    responses((status = 201, body = NetworkMembership),
        (status = 401, body = Problem, content_type = "application/problem+json"),
        (status = 403, body = Problem, content_type = "application/problem+json"),
        (status = 404, body = Problem, content_type = "application/problem+json"),
        (status = 409, body = Problem, content_type = "application/problem+json"),
        (status = 422, body = Problem, content_type = "application/problem+json")))]
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
    responses((status = 201, body = NetworkMembership),
        (status = 401, body = Problem, content_type = "application/problem+json"),
        (status = 403, body = Problem, content_type = "application/problem+json"),
        (status = 404, body = Problem, content_type = "application/problem+json"),
        (status = 409, body = Problem, content_type = "application/problem+json"),
        (status = 422, body = Problem, content_type = "application/problem+json")))]
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
    responses((status = 200, body = NetworkMembership),
        (status = 401, body = Problem, content_type = "application/problem+json"),
        (status = 403, body = Problem, content_type = "application/problem+json"),
        (status = 404, body = Problem, content_type = "application/problem+json"),
        (status = 409, body = Problem, content_type = "application/problem+json"),
        (status = 422, body = Problem, content_type = "application/problem+json")))]
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
