//! A self-help group's own loans (from banks, federations): who may do what (the rules are
//! the domain's `finance::borrowing`, the records the store's `borrowings`).
//!
//! - The group's bookkeepers record a loan received and its repayments; its members read its
//!   loans (group aggregates), as they read the book's totals.
//! - A lender on the platform reads what it lent — its loans to groups, their quality and
//!   the quality of the members' loans its money funds — through its own people; the groups'
//!   members' accounts stay the groups'.

use bayanihan_domain::access::{Action, Subject};
use bayanihan_domain::finance::book::Numbers;
use bayanihan_domain::finance::borrowing::{BorrowingInput, BorrowingRepaymentInput};
use bayanihan_store::borrowings::{BorrowingView, LenderPortfolio};
use bayanihan_store::Store;
use jiff::civil::Date;
use uuid::Uuid;

use crate::access::{allow, require};
use crate::books::group_today;
use crate::{AppError, AppResult};

/// Records a loan the group received (its bookkeepers).
pub async fn record(
    store: &Store,
    caller: Option<&Subject>,
    org: Uuid,
    i: &BorrowingInput,
    numbers: Numbers,
) -> AppResult<BorrowingView> {
    let subject = require(caller)?;
    let o = store.organization(org).await?;
    allow(caller, org, Action::KeepBook, "record its loans")?;
    let today = group_today(&o.time_zone);
    let id = store
        .record_borrowing(org, subject.person_id, i, numbers, today)
        .await?;
    Ok(store.borrowing(id, today).await?)
}

/// Records a repayment of one of the group's loans (its bookkeepers).
pub async fn repay(
    store: &Store,
    caller: Option<&Subject>,
    org: Uuid,
    borrowing: Uuid,
    i: &BorrowingRepaymentInput,
    numbers: Numbers,
) -> AppResult<BorrowingView> {
    let subject = require(caller)?;
    let o = store.organization(org).await?;
    allow(caller, org, Action::KeepBook, "record its repayments")?;
    let today = group_today(&o.time_zone);
    store
        .repay_borrowing(org, borrowing, subject.person_id, i, numbers, today)
        .await?;
    Ok(store.borrowing(borrowing, today).await?)
}

/// The group's loans as at a date (its members and its networks' stewards, like its book).
pub async fn of_group(
    store: &Store,
    caller: Option<&Subject>,
    org: Uuid,
    as_at: Option<Date>,
) -> AppResult<Vec<BorrowingView>> {
    require(caller)?;
    let o = store.organization(org).await?;
    allow(caller, org, Action::ReadPrivate, "read its book")?;
    let day = as_at.unwrap_or_else(|| group_today(&o.time_zone));
    Ok(store.borrowings(org, day).await?)
}

/// One loan to a group as at a date: whoever reads the group's book, or the lender's people.
pub async fn one(
    store: &Store,
    caller: Option<&Subject>,
    id: Uuid,
    as_at: Option<Date>,
) -> AppResult<BorrowingView> {
    require(caller)?;
    let far = Date::constant(9999, 12, 31);
    let v = store.borrowing(id, far).await?;
    let group_side = allow(caller, v.organization_id, Action::ReadPrivate, "read it").is_ok();
    let lender_side = v
        .lender_id
        .is_some_and(|l| allow(caller, l, Action::ReadPrivate, "read it").is_ok());
    if !group_side && !lender_side {
        // Outside both, one learns nothing, not even that the loan exists.
        return Err(AppError::NotFound("loan"));
    }
    let o = store.organization(v.organization_id).await?;
    let day = as_at.unwrap_or_else(|| group_today(&o.time_zone));
    Ok(store.borrowing(id, day).await?)
}

/// What `lender` lent to groups, as at a date (the lender's own people).
pub async fn lender_portfolio(
    store: &Store,
    caller: Option<&Subject>,
    lender: Uuid,
    as_at: Option<Date>,
) -> AppResult<LenderPortfolio> {
    require(caller)?;
    let o = store.organization(lender).await?;
    allow(caller, lender, Action::ReadPrivate, "read what it lent")?;
    let day = as_at.unwrap_or_else(|| group_today(&o.time_zone));
    Ok(store.lender_portfolio(lender, day).await?)
}
