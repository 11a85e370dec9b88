//! The audit log: every administrative action — roles and memberships, network links and
//! their acceptance, profile and payment settings, clearing decisions, imports, invitations,
//! erasures — with who, when and from which address, readable by the organization's admins.
//!
//! An entry is written right after the action commits. Should the server die between the two,
//! the action stands without its entry (logged as an error when the write fails): the books
//! themselves are protected by the hash chains, not by this log.

use bayanihan_domain::access::{Action, Subject};
use bayanihan_store::privacy::{AuditEntry, AuditRecord};
use bayanihan_store::Store;
use serde_json::Value;
use uuid::Uuid;

use crate::AppResult;

/// The action codes, as stored and as the pages translate them (`audit-<code>` with the dot
/// made a dash).
pub const ACTIONS: &[&str] = &[
    "organization.registered",
    "organization.updated",
    "membership.added",
    "membership.changed",
    "membership.removed",
    "network-link.requested",
    "network-link.changed",
    "access.issued",
    "payment.reversed",
    "clearing.applied",
    "clearing.discarded",
    "import.applied",
    "person.erased",
    "organization.published",
    "organization.unpublished",
    "listing.approved",
    "listing.withdrawn",
    "network.recognised",
    "network.unrecognised",
];

/// Logs an action of `caller` concerning `org`.
pub async fn record(
    store: &Store,
    caller: Option<&Subject>,
    org: Option<Uuid>,
    action: &'static str,
    subject: Option<Uuid>,
    detail: Value,
) {
    debug_assert!(ACTIONS.contains(&action), "unknown audit action {action}");
    // The address goes only into the logs of organizations the caller belongs to: another
    // organization's admins (the other side of a network link) see who acted, not from where.
    let client = caller
        .filter(|c| org.is_some_and(|o| c.memberships.contains_key(&o)))
        .and_then(|c| c.client.clone());
    let entry = AuditEntry {
        organization: org,
        actor: caller.map(|c| c.person_id),
        action: action.to_string(),
        subject,
        detail,
        client,
    };
    if let Err(e) = store.append_audit(&entry).await {
        tracing::error!(error = %e, action, "could not write the audit log");
    }
}

/// An organization's audit log, newest first (its admins): `limit` entries older than the
/// cursor `before` — the `at` (microseconds since the epoch) and `id` of the last entry read.
pub async fn log(
    store: &Store,
    caller: Option<&Subject>,
    org: Uuid,
    before: Option<(i64, Option<Uuid>)>,
    limit: i64,
) -> AppResult<Vec<AuditRecord>> {
    crate::access::on_organization(store, caller, org, Action::Administer, "read its audit log")
        .await?;
    Ok(store
        .audit_log(org, before.unwrap_or((i64::MAX, None)), limit.clamp(1, 500))
        .await?)
}
