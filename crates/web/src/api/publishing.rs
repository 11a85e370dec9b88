//! Being seen outside the platform: an organization's publication, a network's approval for
//! its map, and the map's points.

use axum::extract::State;
use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};
use bayanihan_app as app;
use bayanihan_app::publishing::MapParams;
use bayanihan_domain::publication::PublicationInput;
use serde::Serialize;
use uuid::Uuid;

use crate::auth::Caller;
use crate::error::ApiResult;
use crate::extract::{Json, PathId, Query};
use crate::AppState;

/// How an organization is published.
#[derive(Serialize, utoipa::ToSchema)]
pub struct PublicationOut {
    /// Whether it is published (on the map once a network approves it; in ESSGlobal and
    /// Murmurations at once).
    pub published: bool,
    pub website: Option<String>,
    pub gender_counts: bool,
    /// RFC 3339; when it was first published.
    pub published_at: Option<String>,
    /// The Murmurations index registration: `pending`, `registered`, `deleted`, `failing`,
    /// or `off` (no index configured or never asked).
    pub index: String,
    /// The index's node id, once registered.
    pub node_id: Option<String>,
    /// The index's last complaint, while failing.
    pub index_error: Option<String>,
}

fn publication_out(
    p: Option<bayanihan_store::publishing::Publication>,
    node: Option<bayanihan_store::publishing::NodeState>,
) -> PublicationOut {
    let (index, node_id, index_error) = match node {
        None => ("off".to_string(), None, None),
        Some(n) => {
            let state = match (n.pending, n.present, n.last_error.is_some()) {
                (true, _, true) => "failing",
                (true, _, false) => "pending",
                (false, true, _) => "registered",
                (false, false, _) => "deleted",
            };
            (state.to_string(), n.node_id, n.last_error)
        }
    };
    PublicationOut {
        published: p.is_some(),
        website: p.as_ref().and_then(|p| p.website.clone()),
        gender_counts: p.as_ref().is_some_and(|p| p.gender_counts),
        published_at: p.map(|p| p.published_at.to_string()),
        index,
        node_id,
        index_error,
    }
}

/// How the organization is published (its admins).
#[utoipa::path(get, path = "/organizations/{id}/publication", tag = "publishing",
    params(("id" = Uuid, Path)),
    security(("bearer" = []), ("session" = [])),
    responses((status = 200, body = PublicationOut)))]
pub async fn get_publication(
    State(state): State<AppState>,
    caller: Caller,
    PathId(id): PathId,
) -> ApiResult<axum::Json<PublicationOut>> {
    let (p, n) = app::publishing::publication(&state.store, caller.subject.as_ref(), id).await?;
    Ok(axum::Json(publication_out(
        p,
        n.filter(|_| state.config.murmurations_index.is_some()),
    )))
}

/// Publishes the organization, or changes what it publishes (its admins).
#[utoipa::path(put, path = "/organizations/{id}/publication", tag = "publishing",
    params(("id" = Uuid, Path)), request_body = PublicationInput,
    security(("bearer" = []), ("session" = [])),
    responses((status = 200, body = PublicationOut)))]
pub async fn publish(
    State(state): State<AppState>,
    caller: Caller,
    PathId(id): PathId,
    Json(input): Json<PublicationInput>,
) -> ApiResult<axum::Json<PublicationOut>> {
    app::publishing::publish(&state.store, caller.subject.as_ref(), id, &input).await?;
    state.murmurations_nudge();
    let (p, n) = app::publishing::publication(&state.store, caller.subject.as_ref(), id).await?;
    Ok(axum::Json(publication_out(
        p,
        n.filter(|_| state.config.murmurations_index.is_some()),
    )))
}

/// Unpublishes the organization: off the map and the feeds, its Murmurations node deleted
/// (its admins).
#[utoipa::path(delete, path = "/organizations/{id}/publication", tag = "publishing",
    params(("id" = Uuid, Path)),
    security(("bearer" = []), ("session" = [])),
    responses((status = 204, description = "Unpublished")))]
pub async fn unpublish(
    State(state): State<AppState>,
    caller: Caller,
    PathId(id): PathId,
) -> ApiResult<Response> {
    app::publishing::unpublish(&state.store, caller.subject.as_ref(), id).await?;
    state.murmurations_nudge();
    Ok(StatusCode::NO_CONTENT.into_response())
}

/// Approves a member for the network's map (the network's admins).
#[utoipa::path(put, path = "/networks/{id}/members/{member_id}/listing", tag = "publishing",
    params(("id" = Uuid, Path), ("member_id" = Uuid, Path)),
    security(("bearer" = []), ("session" = [])),
    responses((status = 204, description = "Approved")))]
pub async fn approve_listing(
    State(state): State<AppState>,
    caller: Caller,
    PathId((network, member)): PathId<(Uuid, Uuid)>,
) -> ApiResult<Response> {
    app::publishing::approve_listing(&state.store, caller.subject.as_ref(), network, member, true)
        .await?;
    Ok(StatusCode::NO_CONTENT.into_response())
}

/// Withdraws a member's approval for the network's map (the network's admins).
#[utoipa::path(delete, path = "/networks/{id}/members/{member_id}/listing", tag = "publishing",
    params(("id" = Uuid, Path), ("member_id" = Uuid, Path)),
    security(("bearer" = []), ("session" = [])),
    responses((status = 204, description = "Withdrawn")))]
pub async fn withdraw_listing(
    State(state): State<AppState>,
    caller: Caller,
    PathId((network, member)): PathId<(Uuid, Uuid)>,
) -> ApiResult<Response> {
    app::publishing::approve_listing(
        &state.store,
        caller.subject.as_ref(),
        network,
        member,
        false,
    )
    .await?;
    Ok(StatusCode::NO_CONTENT.into_response())
}

/// A point of the public map.
#[derive(Serialize, utoipa::ToSchema)]
pub struct MapPointOut {
    pub organization: Uuid,
    pub name: String,
    /// The organization's kind; absent for a pickup point.
    pub kind: Option<String>,
    pub country: String,
    pub region: Option<String>,
    pub lat: f64,
    pub lon: f64,
    /// The pickup point's id, for a pickup point.
    pub pickup_point: Option<Uuid>,
}

/// The public map's points: organizations their own admins published and a network steward
/// approved, and the pickup points of the open cycles they run (public).
#[utoipa::path(get, path = "/map", tag = "publishing", params(MapParams),
    responses((status = 200, body = Vec<MapPointOut>)))]
pub async fn map(
    State(state): State<AppState>,
    Query(p): Query<MapParams>,
) -> ApiResult<axum::Json<Vec<MapPointOut>>> {
    let filter = app::publishing::parse_map_filter(&p)?;
    let points = app::publishing::map(&state.store, &filter).await?;
    Ok(axum::Json(
        points
            .into_iter()
            .map(|p| MapPointOut {
                organization: p.organization_id,
                name: p.name,
                kind: p.kind.map(|k| k.id().to_string()),
                country: p.country.code().to_string(),
                region: p.region,
                lat: p.lat,
                lon: p.lon,
                pickup_point: p.pickup_point,
            })
            .collect(),
    ))
}

/// A published organization's Murmurations profile (`organizations_schema-v1.0.0`), public;
/// 404 once it is unpublished (which tells an index to delete its node).
#[utoipa::path(get, path = "/organizations/{id}/murmurations", tag = "publishing",
    params(("id" = Uuid, Path)),
    responses((status = 200, body = Object, description = "A Murmurations profile")))]
pub async fn murmurations_profile(
    State(state): State<AppState>,
    headers: axum::http::HeaderMap,
    PathId(id): PathId,
) -> ApiResult<Response> {
    let base = state.public_base(&headers);
    let profile = app::murmurations::profile(&state.store, id, &base).await?;
    Ok((
        [(axum::http::header::ACCESS_CONTROL_ALLOW_ORIGIN, "*")],
        axum::Json(profile),
    )
        .into_response())
}

/// Searches the network's private Murmurations index: this server's published organizations
/// by tags, country, name, and distance from a point (signed-in members of an organization).
/// Answers in a Murmurations index's shape.
#[utoipa::path(get, path = "/murmurations/nodes", tag = "publishing",
    params(app::murmurations::SearchParams),
    security(("bearer" = []), ("session" = [])),
    responses((status = 200, body = app::murmurations::SearchPage)))]
pub async fn murmurations_search(
    State(state): State<AppState>,
    caller: Caller,
    headers: axum::http::HeaderMap,
    Query(p): Query<app::murmurations::SearchParams>,
) -> ApiResult<axum::Json<app::murmurations::SearchPage>> {
    let base = state.public_base(&headers);
    Ok(axum::Json(
        app::murmurations::search(&state.store, caller.subject.as_ref(), &base, &p).await?,
    ))
}

/// A published organization as ESSGlobal JSON-LD (`essglobal:SSEInitiative`), public.
#[utoipa::path(get, path = "/organizations/{id}/essglobal", tag = "publishing",
    params(("id" = Uuid, Path)),
    responses((status = 200, body = Object, description = "JSON-LD", content_type = "application/ld+json")))]
pub async fn essglobal_one(
    State(state): State<AppState>,
    headers: axum::http::HeaderMap,
    PathId(id): PathId,
) -> ApiResult<Response> {
    let base = state.public_base(&headers);
    let doc = app::murmurations::essglobal(&state.store, id, &base).await?;
    Ok(json_ld(doc))
}

/// Every published organization as one ESSGlobal JSON-LD graph, for the movement's maps to
/// harvest (public).
#[utoipa::path(get, path = "/essglobal", tag = "publishing",
    params(app::murmurations::FeedParams),
    responses((status = 200, body = Object, description = "JSON-LD, one page (`Link: <…?page=N>; rel=\"next\"` while more follow)", content_type = "application/ld+json")))]
pub async fn essglobal_all(
    State(state): State<AppState>,
    headers: axum::http::HeaderMap,
    Query(p): Query<app::murmurations::FeedParams>,
) -> ApiResult<Response> {
    let base = state.public_base(&headers);
    let (doc, next) = app::murmurations::essglobal_all(&state.store, &base, &p).await?;
    let mut res = json_ld(doc);
    if let Some(n) = next {
        if let Ok(v) = axum::http::HeaderValue::from_str(&format!(
            "<{base}/api/v1/essglobal?page={n}>; rel=\"next\""
        )) {
            res.headers_mut().insert(axum::http::header::LINK, v);
        }
    }
    Ok(res)
}

fn json_ld(doc: serde_json::Value) -> Response {
    (
        [
            (axum::http::header::CONTENT_TYPE, "application/ld+json"),
            (axum::http::header::ACCESS_CONTROL_ALLOW_ORIGIN, "*"),
        ],
        doc.to_string(),
    )
        .into_response()
}

/// An organization's catalog as DFC JSON-LD (context 1.16.0): what it sells in its open
/// cycles as a hub (priced, with stock), and its own products (public).
#[utoipa::path(get, path = "/dfc/enterprises/{id}", tag = "dfc",
    params(("id" = Uuid, Path)),
    responses((status = 200, body = Object, description = "DFC JSON-LD", content_type = "application/ld+json")))]
pub async fn dfc_enterprise(
    State(state): State<AppState>,
    headers: axum::http::HeaderMap,
    PathId(id): PathId,
) -> ApiResult<Response> {
    let base = state.public_base(&headers);
    Ok(json_ld(
        app::dfc::enterprise(&state.store, id, &base).await?,
    ))
}

/// An order cycle as a DFC sale session with its offers (public, as its shop).
#[utoipa::path(get, path = "/dfc/sale-sessions/{id}", tag = "dfc",
    params(("id" = Uuid, Path)),
    responses((status = 200, body = Object, description = "DFC JSON-LD", content_type = "application/ld+json")))]
pub async fn dfc_sale_session(
    State(state): State<AppState>,
    headers: axum::http::HeaderMap,
    PathId(id): PathId,
) -> ApiResult<Response> {
    let base = state.public_base(&headers);
    Ok(json_ld(
        app::dfc::sale_session(&state.store, id, &base).await?,
    ))
}

/// Where a DFC catalog goes.
#[derive(serde::Deserialize, utoipa::IntoParams)]
#[into_params(parameter_in = Query)]
#[serde(deny_unknown_fields)]
pub struct CatalogImportQuery {
    /// An open cycle the organization supplies: each priced product with stock becomes an
    /// offer there. Without it, only the products are brought in.
    pub cycle: Option<Uuid>,
    /// Say what would happen and write nothing (default `true`).
    pub dry_run: Option<bool>,
}

/// Brings a supplier's DFC catalog (JSON-LD, context 1.16.0) into the organization's products
/// and, with `cycle`, into offers there (its catalogue managers). A dry run unless
/// `dry_run=false`; all or nothing; the same catalog again changes nothing.
#[utoipa::path(post, path = "/dfc/enterprises/{id}/catalog-import", tag = "dfc",
    params(("id" = Uuid, Path), CatalogImportQuery),
    request_body(content = Object, description = "A DFC catalog as JSON-LD", content_type = "application/json"),
    security(("bearer" = []), ("session" = [])),
    responses((status = 200, body = app::dfc::CatalogImport)))]
pub async fn dfc_import(
    State(state): State<AppState>,
    caller: Caller,
    PathId(id): PathId,
    Query(q): Query<CatalogImportQuery>,
    Json(doc): Json<serde_json::Value>,
) -> ApiResult<axum::Json<app::dfc::CatalogImport>> {
    let apply = !q.dry_run.unwrap_or(true);
    Ok(axum::Json(
        app::dfc::import(
            &state.store,
            caller.subject.as_ref(),
            id,
            q.cycle,
            &doc,
            apply,
        )
        .await?,
    ))
}
