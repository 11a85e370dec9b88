//! The books' checkpoints, the audit log, and people's data in their own hands.

use axum::extract::State;
use axum::http::{header, StatusCode};
use axum::response::{IntoResponse, Response};
use serde::{Deserialize, Serialize};
use uuid::Uuid;

use crate::auth::Caller;
use crate::error::ApiResult;
use crate::extract::{PathId, Query};
use crate::AppState;
use bayanihan_app as app;

/// A signed statement that an organization's ledger chain had `seq` entries ending in `hash`
/// at `taken_at`. Keep it outside the server: `bayanihan verify --checkpoint FILE` proves
/// later that no entry up to `seq` was removed or rewritten.
#[derive(Serialize, utoipa::ToSchema)]
pub struct CheckpointOut {
    pub organization: Uuid,
    pub seq: i64,
    /// SHA-256, lower-case hex.
    pub hash: String,
    /// RFC 3339.
    pub taken_at: String,
    /// Base64 of the instance's Ed25519 public key.
    pub public_key: String,
    /// Base64 of the Ed25519 signature over the checkpoint's message (see docs/ledger.md).
    pub signature: String,
}

/// The newest signed checkpoint of an organization's ledger chain (its members and stewards),
/// as a file to keep.
#[utoipa::path(get, path = "/organizations/{id}/ledger/checkpoint", tag = "integrity",
    params(("id" = Uuid, Path)),
    security(("bearer" = []), ("session" = [])),
    responses((status = 200, body = CheckpointOut)))]
pub async fn checkpoint(
    State(state): State<AppState>,
    caller: Caller,
    PathId(id): PathId,
) -> ApiResult<Response> {
    let c = app::ledger::checkpoint_of(&state.store, caller.subject.as_ref(), id).await?;
    let day = c.checkpoint.taken_at.get(..10).unwrap_or("").to_string();
    let body = CheckpointOut {
        organization: c.checkpoint.organization,
        seq: c.checkpoint.seq,
        hash: c.checkpoint.hash,
        taken_at: c.checkpoint.taken_at,
        public_key: c.public_key,
        signature: c.signature,
    };
    Ok((
        [(
            header::CONTENT_DISPOSITION,
            format!("attachment; filename=\"bayanihan-checkpoint-{id}-{day}.json\""),
        )],
        axum::Json(body),
    )
        .into_response())
}

/// Which part of the audit log to read.
#[derive(Deserialize, utoipa::IntoParams)]
#[into_params(parameter_in = Query)]
#[serde(deny_unknown_fields)]
pub struct AuditQuery {
    /// Only entries older than this (microseconds since the epoch; the `at` of the last entry
    /// of the previous page).
    pub before: Option<i64>,
    /// With `before`: the `id` of the last entry of the previous page, so that entries of the
    /// same microsecond are neither skipped nor repeated.
    pub before_id: Option<Uuid>,
    /// At most this many entries (1–500; 100 when left out).
    #[param(minimum = 1, maximum = 500)]
    pub limit: Option<i64>,
}

/// One logged administrative action.
#[derive(Serialize, utoipa::ToSchema)]
pub struct AuditEntryOut {
    pub id: Uuid,
    pub organization: Option<Uuid>,
    /// Who acted (a person's id; none for the command line).
    pub actor: Option<Uuid>,
    pub actor_name: Option<String>,
    /// `organization.updated`, `membership.added`, `membership.changed`, `membership.removed`,
    /// `network-link.requested`, `network-link.changed`, `access.issued`, `payment.reversed`,
    /// `clearing.applied`, `clearing.discarded`, `import.applied`, `person.erased`, …
    pub action: String,
    /// The person, organization or record acted on.
    pub subject: Option<Uuid>,
    /// The subject's name now, when it is a person or an organization (looked up when read:
    /// the log itself holds no names).
    pub subject_name: Option<String>,
    /// Ids and codes of what changed.
    #[schema(value_type = Object)]
    pub detail: serde_json::Value,
    /// The address the request came from.
    pub client: Option<String>,
    /// Microseconds since the epoch.
    pub at: i64,
}

/// An organization's audit log, newest first (its admins).
#[utoipa::path(get, path = "/organizations/{id}/audit", tag = "integrity",
    params(("id" = Uuid, Path), AuditQuery),
    security(("bearer" = []), ("session" = [])),
    responses((status = 200, body = Vec<AuditEntryOut>)))]
pub async fn audit(
    State(state): State<AppState>,
    caller: Caller,
    PathId(id): PathId,
    Query(q): Query<AuditQuery>,
) -> ApiResult<axum::Json<Vec<AuditEntryOut>>> {
    if let Some(l) = q.limit {
        if !(1..=500).contains(&l) {
            return Err(
                bayanihan_domain::Invalid::field("limit", "must be between 1 and 500").into(),
            );
        }
    }
    let log = app::audit::log(
        &state.store,
        caller.subject.as_ref(),
        id,
        q.before.map(|b| (b, q.before_id)),
        q.limit.unwrap_or(100),
    )
    .await?;
    Ok(axum::Json(
        log.into_iter()
            .map(|r| AuditEntryOut {
                id: r.id,
                organization: r.organization,
                actor: r.actor,
                actor_name: r.actor_name,
                action: r.action,
                subject: r.subject,
                subject_name: r.subject_name,
                detail: r.detail,
                client: r.client,
                at: r.at,
            })
            .collect(),
    ))
}

/// Everything Bayanihan holds about you, as a JSON file: profile, demographics, memberships,
/// sessions and tokens (never their secrets), order lines, what you recorded, and what the
/// audit log says you did.
#[utoipa::path(get, path = "/me/data", tag = "integrity",
    security(("bearer" = []), ("session" = [])),
    responses((status = 200, body = Object)))]
pub async fn my_data(State(state): State<AppState>, caller: Caller) -> ApiResult<Response> {
    let data = app::privacy::my_data(&state.store, caller.subject.as_ref()).await?;
    Ok((
        [(
            header::CONTENT_DISPOSITION,
            "attachment; filename=\"my-bayanihan-data.json\"",
        )],
        axum::Json(data),
    )
        .into_response())
}

/// Erase a person's name, contact and demographics on their request, and end their
/// memberships (an admin of every organization they belong to). The books keep their records
/// under the anonymous id; published figures do not change. Cannot be undone.
#[utoipa::path(post, path = "/people/{id}/erase", tag = "integrity",
    params(("id" = Uuid, Path)),
    security(("bearer" = []), ("session" = [])),
    responses((status = 204, description = "Erased")))]
pub async fn erase(
    State(state): State<AppState>,
    caller: Caller,
    PathId(id): PathId,
) -> ApiResult<StatusCode> {
    app::privacy::erase(&state.store, caller.subject.as_ref(), id).await?;
    Ok(StatusCode::NO_CONTENT)
}
