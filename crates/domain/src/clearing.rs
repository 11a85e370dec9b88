//! Clearing rounds as records: a network's proposal to set off its members' outstanding
//! obligations in one currency, the set-offs it holds, and what it does for each organization.
//! The optimal set-off itself is the `bayanihan-clearing` library's; the store keeps rounds.

use std::collections::BTreeMap;

use jiff::Timestamp;
use serde::Serialize;
use uuid::Uuid;

use crate::vocab::vocabulary;
use crate::{Currency, Money};

vocabulary!(
    /// Where a round stands.
    RoundStatus, "clearing round status", {
        Proposed => "proposed", "Proposed";
        Applied => "applied", "Applied";
        Discarded => "discarded", "Discarded";
        Stale => "stale", "Stale: an obligation was paid or changed after the proposal";
    }
);

/// A clearing round.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct ClearingRound {
    pub id: Uuid,
    pub network_id: Uuid,
    #[cfg_attr(feature = "openapi", schema(value_type = String))]
    pub currency: Currency,
    pub status: RoundStatus,
    /// Outstanding obligations considered.
    pub obligations: u64,
    #[cfg_attr(feature = "openapi", schema(value_type = Object))]
    pub total_debt: Money,
    /// The debt that must remain whatever is set off.
    #[cfg_attr(feature = "openapi", schema(value_type = Object))]
    pub net_internal_debt: Money,
    /// What the round sets off: the liquidity it saves.
    #[cfg_attr(feature = "openapi", schema(value_type = Object))]
    pub cleared: Money,
    #[cfg_attr(feature = "openapi", schema(value_type = String))]
    pub proposed_at: Timestamp,
    #[cfg_attr(feature = "openapi", schema(value_type = Option<String>))]
    pub decided_at: Option<Timestamp>,
}

/// One obligation of a round.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct SetOff {
    pub obligation_id: Uuid,
    pub debtor_id: Uuid,
    pub creditor_id: Uuid,
    /// Outstanding when the round was proposed.
    #[cfg_attr(feature = "openapi", schema(value_type = Object))]
    pub outstanding: Money,
    #[cfg_attr(feature = "openapi", schema(value_type = Object))]
    pub set_off: Money,
}

/// What a round does for one organization: what it owes and is owed, before and after. Its
/// net position (owed − owes) is the same after as before.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Effect {
    pub organization_id: Uuid,
    #[cfg_attr(feature = "openapi", schema(value_type = Object))]
    pub owes_before: Money,
    #[cfg_attr(feature = "openapi", schema(value_type = Object))]
    pub owed_before: Money,
    #[cfg_attr(feature = "openapi", schema(value_type = Object))]
    pub owes_after: Money,
    #[cfg_attr(feature = "openapi", schema(value_type = Object))]
    pub owed_after: Money,
    /// Debt settled without cash: the liquidity this organization saves.
    #[cfg_attr(feature = "openapi", schema(value_type = Object))]
    pub liquidity_saved: Money,
}

/// Each organization's effect of a round's set-offs, in organization id order.
pub fn effects(currency: Currency, lines: &[SetOff]) -> Vec<Effect> {
    #[derive(Default)]
    struct Acc {
        owes: i64,
        owed: i64,
        off_owes: i64,
        off_owed: i64,
    }
    let mut by: BTreeMap<Uuid, Acc> = BTreeMap::new();
    for l in lines {
        let d = by.entry(l.debtor_id).or_default();
        d.owes += l.outstanding.minor();
        d.off_owes += l.set_off.minor();
        let c = by.entry(l.creditor_id).or_default();
        c.owed += l.outstanding.minor();
        c.off_owed += l.set_off.minor();
    }
    let m = |v| Money::new(v, currency);
    by.into_iter()
        .map(|(org, a)| Effect {
            organization_id: org,
            owes_before: m(a.owes),
            owed_before: m(a.owed),
            owes_after: m(a.owes - a.off_owes),
            owed_after: m(a.owed - a.off_owed),
            // Equal to the set-off as creditor: every round keeps net positions.
            liquidity_saved: m(a.off_owes),
        })
        .collect()
}
