//! People and their opt-in demographics.

use bayanihan_domain::access::{may_read_demographics, may_read_person, Subject};
use bayanihan_domain::records::Person;
use bayanihan_domain::{Demographics, DemographicsInput};
use bayanihan_store::Store;
use uuid::Uuid;

use crate::access::require;
use crate::{AppError, AppResult};

/// A person's profile: the person and those sharing an organization with them see it;
/// demographics only the person and the admins of their organizations.
pub async fn person(store: &Store, caller: Option<&Subject>, id: Uuid) -> AppResult<Person> {
    require(caller)?;
    let mut person = store.person(id, false).await?;
    let orgs: Vec<Uuid> = person
        .memberships
        .iter()
        .map(|m| m.organization_id)
        .collect();
    if !may_read_person(caller, id, &orgs) {
        return Err(AppError::NotPermitted(
            "You can only see people who share an organization with you.".into(),
        ));
    }
    if may_read_demographics(caller, id, &orgs) {
        person.demographics = store.demographics(id).await?;
    }
    Ok(person)
}

fn only_self(caller: Option<&Subject>, id: Uuid) -> AppResult<()> {
    if require(caller)?.person_id != id {
        return Err(AppError::NotPermitted(
            "Only the person themself can share or withdraw their demographics.".into(),
        ));
    }
    Ok(())
}

/// Shares the person's demographics (opt in), or changes what they share: only ever
/// published aggregated, with small counts suppressed. `year` is this year, for ages.
pub async fn share_demographics(
    store: &Store,
    caller: Option<&Subject>,
    id: Uuid,
    input: &DemographicsInput,
    year: i32,
) -> AppResult<Demographics> {
    only_self(caller, id)?;
    let d = Demographics::parse(input, year)?;
    store.set_demographics(id, Some(&d)).await?;
    Ok(d)
}

/// Withdraws the person's demographics (opt out): the record is erased.
pub async fn withdraw_demographics(
    store: &Store,
    caller: Option<&Subject>,
    id: Uuid,
) -> AppResult<()> {
    only_self(caller, id)?;
    Ok(store.set_demographics(id, None).await?)
}
