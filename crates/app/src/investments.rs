//! Community investment: who may do what (the rules are the domain's `finance::investment`,
//! the records the store's `investments`).
//!
//! - An organization's admins open its offers and close them early; its treasurers and admins
//!   record the money received from investors and the repayments made to them, and read every
//!   commitment and what the organization owes.
//! - Anyone signed in reads an offer's terms and progress (it is a public call) and commits to
//!   it for themselves; an investor reads her own commitments and positions, nobody else's.
//! - Dates are the organization's: "today" is read in its time zone.

use bayanihan_domain::access::{decide, Action, Decision, Subject};
use bayanihan_domain::finance::book::Numbers;
use bayanihan_domain::finance::investment::{CommitmentInput, Liabilities, Offer, OfferInput};
use bayanihan_domain::validate::Collector;
use bayanihan_domain::Money;
use bayanihan_store::investments::{CommitmentView, OfferRecord};
use bayanihan_store::Store;
use jiff::civil::Date;
use serde::{Deserialize, Serialize};
use uuid::Uuid;

use crate::access::{allow, require};
use crate::books::group_today;
use crate::{AppError, AppResult};

async fn today_of(store: &Store, org: Uuid) -> AppResult<Date> {
    Ok(group_today(&store.organization(org).await?.time_zone))
}

/// Opens an offer (the organization's admins).
pub async fn open_offer(
    store: &Store,
    caller: Option<&Subject>,
    org: Uuid,
    i: &OfferInput,
    numbers: Numbers,
) -> AppResult<OfferRecord> {
    let subject = require(caller)?;
    let today = today_of(store, org).await?;
    allow(caller, org, Action::Update, "open its investment offers")?;
    let o = Offer::parse(i, numbers, today)?;
    let id = store
        .open_investment_offer(org, subject.person_id, &o)
        .await?;
    Ok(store.investment_offer(id).await?)
}

/// Closes an offer to new commitments before its closing day (the organization's admins).
pub async fn close_offer(store: &Store, caller: Option<&Subject>, offer: Uuid) -> AppResult<()> {
    require(caller)?;
    let o = store.investment_offer(offer).await?;
    allow(
        caller,
        o.organization_id,
        Action::Update,
        "close its offers",
    )?;
    store.close_investment_offer(offer).await?;
    Ok(())
}

/// An organization's offers (anyone signed in: they are calls for investment).
pub async fn offers_of(
    store: &Store,
    caller: Option<&Subject>,
    org: Uuid,
) -> AppResult<Vec<OfferRecord>> {
    require(caller)?;
    store.organization(org).await?;
    Ok(store.investment_offers(Some(org)).await?)
}

/// An offer as the caller may see it.
#[derive(Debug, Serialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct OfferView {
    #[cfg_attr(feature = "openapi", schema(value_type = Object))]
    pub offer: OfferRecord,
    /// Whether commitments are taken today.
    pub open: bool,
    /// The caller's own commitments to it.
    #[cfg_attr(feature = "openapi", schema(value_type = Vec<Object>))]
    pub mine: Vec<CommitmentView>,
    /// Every commitment, for the organization's treasurers and admins.
    #[cfg_attr(feature = "openapi", schema(value_type = Option<Vec<Object>>))]
    pub commitments: Option<Vec<CommitmentView>>,
    /// What the organization owes on the offer, for the same people.
    #[cfg_attr(feature = "openapi", schema(value_type = Option<Vec<Object>>))]
    pub liabilities: Option<Vec<Liabilities>>,
}

/// One offer, as at `as_at` (today when left out).
pub async fn offer(
    store: &Store,
    caller: Option<&Subject>,
    id: Uuid,
    as_at: Option<Date>,
) -> AppResult<OfferView> {
    let subject = require(caller)?;
    let o = store.investment_offer(id).await?;
    let today = today_of(store, o.organization_id).await?;
    let day = as_at.unwrap_or(today);
    let manage = decide(caller, o.organization_id, Action::RecordPayments) == Decision::Allowed;
    let (all, liabilities) = store.offer_liabilities(id, day).await?;
    let mine = all
        .iter()
        .filter(|c| c.investor_id == subject.person_id)
        .cloned()
        .collect();
    Ok(OfferView {
        open: !o.closed && today <= o.offer.closes_on && o.committed < o.offer.target,
        offer: o,
        mine,
        commitments: manage.then_some(all),
        liabilities: manage.then_some(liabilities),
    })
}

/// Commits the caller to an offer, in her currency at the rate she states.
pub async fn commit(
    store: &Store,
    caller: Option<&Subject>,
    offer: Uuid,
    i: &CommitmentInput,
    numbers: Numbers,
) -> AppResult<CommitmentView> {
    let subject = require(caller)?;
    let o = store.investment_offer(offer).await?;
    let today = today_of(store, o.organization_id).await?;
    let id = store
        .commit_investment(offer, subject.person_id, i, numbers, today)
        .await?;
    Ok(store.investment_commitment(id, today).await?.1)
}

/// One commitment as at a date: its investor, or the organization's treasurers and admins
/// (for anyone else it does not exist).
pub async fn commitment(
    store: &Store,
    caller: Option<&Subject>,
    id: Uuid,
    as_at: Option<Date>,
) -> AppResult<(OfferRecord, CommitmentView, bool)> {
    let subject = require(caller)?;
    let far = Date::constant(9999, 12, 31);
    let (o, v) = store.investment_commitment(id, far).await?;
    let manage = decide(caller, o.organization_id, Action::RecordPayments) == Decision::Allowed;
    if v.investor_id != subject.person_id && !manage {
        return Err(AppError::NotFound("commitment"));
    }
    let day = match as_at {
        Some(d) => d,
        None => today_of(store, o.organization_id).await?,
    };
    let (o, v) = store.investment_commitment(id, day).await?;
    Ok((o, v, manage))
}

/// The money received from an investor, as recorded.
#[derive(Debug, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(deny_unknown_fields)]
pub struct ReceiptInput {
    /// YYYY-MM-DD, not after today.
    #[cfg_attr(feature = "openapi", schema(schema_with = bayanihan_domain::openapi::date))]
    pub received_on: String,
}

/// A repayment to an investor, as recorded.
#[derive(Debug, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(deny_unknown_fields)]
pub struct InvestorRepaymentInput {
    /// YYYY-MM-DD, not after today.
    #[cfg_attr(feature = "openapi", schema(schema_with = bayanihan_domain::openapi::date))]
    pub paid_on: String,
    /// In the offer's currency.
    #[cfg_attr(feature = "openapi", schema(schema_with = bayanihan_domain::openapi::positive_amount))]
    pub amount: String,
}

fn day_field(c: &mut Collector, field: &str, s: &str, today: Date) -> Option<Date> {
    match s.trim().parse::<Date>() {
        Ok(d) if d > today => {
            c.push(field, format!("{d} is after today ({today})"));
            None
        }
        Ok(d) => Some(d),
        Err(_) => {
            c.push(field, format!("\"{s}\" is not a date such as 2026-03-01"));
            None
        }
    }
}

/// Records an investor's money as received (the organization's treasurers and admins).
pub async fn receive(
    store: &Store,
    caller: Option<&Subject>,
    commitment: Uuid,
    i: &ReceiptInput,
) -> AppResult<()> {
    let subject = require(caller)?;
    let far = Date::constant(9999, 12, 31);
    let (o, _) = store.investment_commitment(commitment, far).await?;
    allow(
        caller,
        o.organization_id,
        Action::RecordPayments,
        "record money received",
    )?;
    let today = today_of(store, o.organization_id).await?;
    let mut c = Collector::new();
    let on = day_field(&mut c, "received_on", &i.received_on, today);
    c.finish()?;
    store
        .receive_investment(commitment, subject.person_id, on.expect("checked"))
        .await?;
    Ok(())
}

/// Records a repayment to an investor (the organization's treasurers and admins).
pub async fn repay(
    store: &Store,
    caller: Option<&Subject>,
    commitment: Uuid,
    i: &InvestorRepaymentInput,
    numbers: Numbers,
) -> AppResult<CommitmentView> {
    let subject = require(caller)?;
    let far = Date::constant(9999, 12, 31);
    let (o, _) = store.investment_commitment(commitment, far).await?;
    allow(
        caller,
        o.organization_id,
        Action::RecordPayments,
        "record repayments",
    )?;
    let today = today_of(store, o.organization_id).await?;
    let cur = o.offer.currency;
    let mut c = Collector::new();
    let on = day_field(&mut c, "paid_on", &i.paid_on, today);
    let amount = c.take(
        "amount",
        match numbers {
            Numbers::Plain => Money::parse_plain(&i.amount, cur),
            Numbers::Written => Money::parse_decimal(i.amount.trim(), cur),
        },
    );
    c.finish()?;
    let (on, amount) = (on.expect("checked"), amount.expect("checked"));
    store
        .repay_investor(commitment, subject.person_id, on, amount)
        .await?;
    Ok(store.investment_commitment(commitment, today).await?.1)
}

/// The caller's commitments with their offers, as at a date (today in UTC when left out:
/// an investor's commitments may span organizations in several time zones).
pub async fn my_positions(
    store: &Store,
    caller: Option<&Subject>,
    as_at: Option<Date>,
) -> AppResult<Vec<(OfferRecord, CommitmentView)>> {
    let subject = require(caller)?;
    let day = as_at.unwrap_or_else(bayanihan_store::today_utc);
    Ok(store.investor_positions(subject.person_id, day).await?)
}
