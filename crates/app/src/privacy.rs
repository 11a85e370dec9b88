//! People's data in their own hands: a person downloads everything held about them; an admin
//! erases a member's personal data on their request (see `bayanihan_store::privacy` for what
//! erasure removes and what the books keep).

use bayanihan_domain::access::{decide, Action, Decision, Subject};
use bayanihan_store::Store;
use serde_json::{json, Value};
use uuid::Uuid;

use crate::access::require;
use crate::{AppError, AppResult};

/// Everything held about the signed-in person, as JSON.
pub async fn my_data(store: &Store, caller: Option<&Subject>) -> AppResult<Value> {
    let me = require(caller)?;
    Ok(store.person_export(me.person_id).await?)
}

/// How long a person must have belonged to each of their organizations before its admins may
/// erase them; before that only the server's operator can (`bayanihan person erase`).
pub const RECENT_MEMBER_DAYS: i64 = 30;

/// Erases `person` on their request: the caller must be an admin of every organization the
/// person belongs to (an admin of one organization cannot wipe a member of another), the
/// person must have belonged to each for [`RECENT_MEMBER_DAYS`] (nobody adds a stranger to their
/// own organization and then wipes them), and must not be the last admin of any.
pub async fn erase(store: &Store, caller: Option<&Subject>, person: Uuid) -> AppResult<()> {
    require(caller)?;
    let orgs = store.memberships_of(person).await?;
    if orgs.is_empty() {
        return Err(AppError::NotFound("person"));
    }
    if !orgs
        .iter()
        .all(|(o, _, _)| decide(caller, *o, Action::Administer) == Decision::Allowed)
    {
        return Err(AppError::NotPermitted(
            "Only an admin of every organization this person belongs to can erase their data."
                .into(),
        ));
    }
    let recent = bayanihan_store::now_micros() - RECENT_MEMBER_DAYS * 86_400_000_000;
    if orgs.iter().any(|(_, _, since)| *since > recent) {
        return Err(AppError::Conflict(
            bayanihan_domain::Conflict::JoinedRecently,
        ));
    }
    let checked: Vec<Uuid> = orgs.iter().map(|(o, _, _)| *o).collect();
    let ended = store.erase_person(person, Some(&checked)).await?;
    for org in ended {
        crate::audit::record(
            store,
            caller,
            Some(org),
            "person.erased",
            Some(person),
            json!({}),
        )
        .await;
    }
    Ok(())
}
