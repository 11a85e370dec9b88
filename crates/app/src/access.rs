//! The permission decision, made once per use case.

use bayanihan_domain::access::{decide, Action, Decision, Subject};
use uuid::Uuid;

use crate::{AppError, AppResult};

/// The signed-in caller, or `Unauthenticated`.
pub fn require(caller: Option<&Subject>) -> AppResult<&Subject> {
    caller.ok_or(AppError::Unauthenticated)
}

/// Whether `caller` may do `action` to `org`; `what` completes "… does not allow you to …".
pub fn allow(caller: Option<&Subject>, org: Uuid, action: Action<'_>, what: &str) -> AppResult<()> {
    match decide(caller, org, action) {
        Decision::Allowed => Ok(()),
        Decision::Unauthenticated => Err(AppError::Unauthenticated),
        Decision::Forbidden => Err(AppError::NotPermitted(format!(
            "Your role in this organization does not allow you to {what}."
        ))),
    }
}

/// That someone is signed in, that `org` exists (`NotFound` otherwise), and that the caller may
/// do `action` to it — in that order, the order every use case on an organization follows.
pub(crate) async fn on_organization(
    store: &bayanihan_store::Store,
    caller: Option<&Subject>,
    org: Uuid,
    action: Action<'_>,
    what: &str,
) -> AppResult<()> {
    require(caller)?;
    store.organization(org).await?;
    allow(caller, org, action, what)
}

/// That `org` exists and the caller may read its documents and figures: 401 without sign-in,
/// `NotFound` for no such organization, `NotPermitted` otherwise.
pub(crate) async fn read_private(
    store: &bayanihan_store::Store,
    caller: Option<&Subject>,
    org: Uuid,
    what: &str,
) -> AppResult<()> {
    on_organization(store, caller, org, Action::ReadPrivate, what).await
}
