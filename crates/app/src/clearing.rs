//! Clearing rounds: a network's admins propose, apply or discard the multilateral set-off of
//! the network's outstanding obligations; each organization in a round sees its own effect.

use bayanihan_domain::access::{decide, Action, Decision, Subject};
use bayanihan_domain::{Currency, Invalid, OrgKind};
use bayanihan_store::clearing::{effects, ClearingRound, Effect, SetOff};
use bayanihan_store::Store;
use serde::{Deserialize, Serialize};
use uuid::Uuid;

use crate::access::{allow, require};
use crate::{AppError, AppResult};

/// What to clear.
#[derive(Debug, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(deny_unknown_fields)]
pub struct RoundInput {
    /// ISO 4217 code: a round clears obligations in one currency.
    #[cfg_attr(feature = "openapi", schema(schema_with = bayanihan_domain::openapi::opt_currency))]
    pub currency: Option<String>,
}

/// A round with what it does: for the network's admins every organization and obligation, for
/// others only their own organizations'.
#[derive(Debug, Serialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct RoundView {
    pub round: ClearingRound,
    pub effects: Vec<Effect>,
    pub set_offs: Vec<SetOff>,
}

/// Whether the caller runs the network's rounds (an admin of the network).
pub fn runs_rounds(caller: Option<&Subject>, network: Uuid) -> bool {
    decide(caller, network, Action::ManageNetwork) == Decision::Allowed
}

/// The round as the caller may see it: everything for the network's admins, else only the
/// effects on organizations whose documents the caller may read (not permitted when none).
pub async fn view(store: &Store, caller: Option<&Subject>, id: Uuid) -> AppResult<RoundView> {
    let subject = require(caller)?;
    let round = store.clearing_round(id).await?;
    let all = store.clearing_set_offs(&round, None).await?;
    let steward = runs_rounds(caller, round.network_id);
    let mine =
        |org: Uuid| steward || decide(Some(subject), org, Action::ReadPrivate) == Decision::Allowed;
    let effects: Vec<Effect> = effects(round.currency, &all)
        .into_iter()
        .filter(|e| mine(e.organization_id))
        .collect();
    if effects.is_empty() && !steward {
        return Err(AppError::NotPermitted(
            "Only the network's stewards and the organizations in this round may see it.".into(),
        ));
    }
    let set_offs = all
        .into_iter()
        .filter(|s| mine(s.debtor_id) || mine(s.creditor_id))
        .collect();
    Ok(RoundView {
        round,
        effects,
        set_offs,
    })
}

/// Proposes a round over the network's outstanding obligations in one currency.
pub async fn propose(
    store: &Store,
    caller: Option<&Subject>,
    network: Uuid,
    input: &RoundInput,
) -> AppResult<ClearingRound> {
    let subject = require(caller)?;
    let n = store.organization(network).await?;
    allow(
        caller,
        network,
        Action::ManageNetwork,
        "run clearing rounds",
    )?;
    if n.kind != OrgKind::Network {
        return Err(Invalid::field("id", "is not a network").into());
    }
    let currency = match input.currency.as_deref() {
        Some(c) => Currency::parse(c).map_err(|e| Invalid::field("currency", e.reason()))?,
        None => return Err(Invalid::field("currency", "is required, e.g. PHP").into()),
    };
    Ok(store
        .propose_clearing(network, currency, Some(subject.person_id))
        .await?)
}

/// A network's rounds, newest first (its admins).
pub async fn list(
    store: &Store,
    caller: Option<&Subject>,
    network: Uuid,
) -> AppResult<Vec<ClearingRound>> {
    crate::access::on_organization(
        store,
        caller,
        network,
        Action::ManageNetwork,
        "see the network's clearing rounds",
    )
    .await?;
    Ok(store.clearing_rounds(network).await?)
}

/// Applies (every set-off recorded as a payment, atomically) or discards a round. A round
/// whose obligations changed since it was proposed is refused as stale; one already decided is
/// refused as closed (both `Conflict`, the round's status telling which).
pub async fn decide_round(
    store: &Store,
    caller: Option<&Subject>,
    id: Uuid,
    apply: bool,
) -> AppResult<ClearingRound> {
    let subject = require(caller)?;
    let round = store.clearing_round(id).await?;
    allow(
        caller,
        round.network_id,
        Action::ManageNetwork,
        "apply or discard clearing rounds",
    )?;
    if apply {
        store.apply_clearing(id, Some(subject.person_id)).await?;
    } else {
        store.discard_clearing(id, Some(subject.person_id)).await?;
    }
    let action = if apply {
        "clearing.applied"
    } else {
        "clearing.discarded"
    };
    crate::audit::record(
        store,
        caller,
        Some(round.network_id),
        action,
        Some(id),
        serde_json::json!({ "currency": round.currency.code() }),
    )
    .await;
    Ok(store.clearing_round(id).await?)
}

/// What the network's clearing page shows its admins: the network, its rounds, and the
/// currencies of its outstanding obligations (its own first).
pub async fn network_page(
    store: &Store,
    caller: Option<&Subject>,
    network: Uuid,
) -> AppResult<(
    bayanihan_domain::records::Organization,
    Vec<ClearingRound>,
    Vec<Currency>,
)> {
    let rounds = list(store, caller, network).await?;
    let org = store.organization(network).await?;
    let mut currencies = vec![org.currency];
    for o in store.network_obligations(network).await? {
        let c = o.amount.currency();
        if !currencies.contains(&c) {
            currencies.push(c);
        }
    }
    Ok((org, rounds, currencies))
}

/// An organization's money (its members and the stewards of its networks): the organization,
/// its balances, what it still owes and is owed, and its latest clearing rounds with what
/// each saved it.
pub struct MoneyView {
    pub organization: bayanihan_domain::records::Organization,
    pub balances: Vec<bayanihan_store::trade::Balance>,
    pub outstanding: Vec<bayanihan_store::trade::Obligation>,
    /// The cycles those obligations came from: name and hub, for saying "for Week 9" and
    /// linking to the invoice or statement.
    pub cycles: std::collections::HashMap<Uuid, (String, Uuid)>,
    /// Up to `rounds` latest rounds the organization took part in, with its own effect.
    pub rounds: Vec<(ClearingRound, Option<Effect>)>,
    /// The latest payments on its obligations, either side, newest first (reversals and
    /// set-offs included).
    pub payments: Vec<bayanihan_store::trade::Payment>,
}

/// How many payments the money page lists.
pub const PAYMENT_HISTORY: i64 = 50;

/// An organization's money page, with its `rounds` latest clearing rounds.
pub async fn money(
    store: &Store,
    caller: Option<&Subject>,
    org: Uuid,
    rounds: usize,
) -> AppResult<MoneyView> {
    crate::access::read_private(store, caller, org, "see its money").await?;
    let (organization, balances, outstanding, all_rounds, payments) = tokio::try_join!(
        store.organization(org),
        store.balances(org),
        store.obligations(Some(org), true),
        store.clearing_rounds_of(org),
        store.payments_of(org, PAYMENT_HISTORY)
    )?;
    let mut latest = Vec::new();
    for r in all_rounds.into_iter().take(rounds) {
        let mine = store.clearing_set_offs(&r, Some(org)).await?;
        let effect = effects(r.currency, &mine)
            .into_iter()
            .find(|e| e.organization_id == org);
        latest.push((r, effect));
    }
    let mut cycles = std::collections::HashMap::new();
    for id in outstanding.iter().filter_map(|o| o.cycle_id) {
        if let std::collections::hash_map::Entry::Vacant(e) = cycles.entry(id) {
            let c = store.cycle(id).await?;
            e.insert((c.name, c.hub_id));
        }
    }
    Ok(MoneyView {
        organization,
        balances,
        outstanding,
        cycles,
        rounds: latest,
        payments,
    })
}

/// An obligation, for whoever may record payments against it (the debtor's or creditor's
/// treasurers and admins).
pub async fn obligation(
    store: &Store,
    caller: Option<&Subject>,
    id: Uuid,
) -> AppResult<bayanihan_store::trade::Obligation> {
    let subject = require(caller)?;
    let o = store.obligation(id).await?;
    if decide(Some(subject), o.debtor_id, Action::RecordPayments) != Decision::Allowed {
        allow(
            caller,
            o.creditor_id,
            Action::RecordPayments,
            "record payments",
        )?;
    }
    Ok(o)
}

/// The outstanding obligations between a network's members (its admins), e.g. for a CSV.
pub async fn network_obligations(
    store: &Store,
    caller: Option<&Subject>,
    network: Uuid,
) -> AppResult<Vec<bayanihan_store::trade::Obligation>> {
    crate::access::on_organization(
        store,
        caller,
        network,
        Action::ManageNetwork,
        "export the network's obligations",
    )
    .await?;
    Ok(store.network_obligations(network).await?)
}
