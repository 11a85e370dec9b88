//! Self-governance: who may do what with bodies, decisions and ballots (the rules are the
//! domain's `governance` module; the records the store's `governance`).
//!
//! - An organization's admins set up its bodies (its constitution); a network's admins state
//!   each member organization's stake (its chamber).
//! - Its coordinators open decisions and record the paper or assisted ballots of a meeting
//!   (with the meeting and a witness), so members without phones count.
//! - A person votes for themselves, for someone whose proxy they hold, or — in a network's
//!   body — for a member organization they coordinate (its delegate).
//! - Decisions are read by the organization's members and, for a network, by the members of
//!   its member organizations. Results and ballots are shown once a decision has closed; an
//!   anonymous decision's ballots never name anyone.
//! - A decision whose time is up is closed by `serve`'s background task and, should that not
//!   have run yet, by the next reader: closing is idempotent.

use std::collections::HashMap;

use bayanihan_domain::access::{decide, Action, Decision as Allowed, Role, Subject};
use bayanihan_domain::governance::decision::{
    BallotInput, BallotMode, BallotRecord, Body, BodyInput, Decision, DecisionInput, Electorate,
};
use bayanihan_domain::person::StakeholderCategory;
use bayanihan_domain::text::Shape;
use bayanihan_domain::validate::Collector;
use bayanihan_domain::Invalid;
use bayanihan_store::governance::NewBallot;
use bayanihan_store::{now_micros, Store};
use serde::Serialize;
use uuid::Uuid;

use crate::access::{allow, require};
use crate::{AppError, AppResult};

fn allowed(caller: Option<&Subject>, org: Uuid, action: Action<'_>) -> bool {
    decide(caller, org, action) == Allowed::Allowed
}

/// Whether the caller may read `org`'s bodies and decisions: a member of it, or of an
/// organization inside it (for a network: its members, and theirs through member networks).
async fn may_read(store: &Store, caller: &Subject, org: Uuid) -> AppResult<bool> {
    if caller.role_in(org) >= Role::Member {
        return Ok(true);
    }
    Ok(store
        .network_tree(org)
        .await?
        .iter()
        .any(|(m, _)| caller.role_in(*m) >= Role::Member))
}

async fn readable<'a>(
    store: &Store,
    caller: Option<&'a Subject>,
    org: Uuid,
) -> AppResult<&'a Subject> {
    let s = require(caller)?;
    store.organization(org).await?;
    if may_read(store, s, org).await? {
        Ok(s)
    } else {
        Err(AppError::NotPermitted(
            "Only the organization's members (and, for a network, its member organizations' members) may see its decisions.".into(),
        ))
    }
}

/// A body with its electorate now.
#[derive(Debug, Serialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct BodyView {
    pub body: Body,
    /// Voters per chamber now (in the chambers' order).
    pub electorate: Vec<u64>,
    /// Members (or member organizations) in no chamber: no stakeholder category stated.
    pub outside: u64,
}

/// Sets up a body of `org` (its admins).
pub async fn create_body(
    store: &Store,
    caller: Option<&Subject>,
    org: Uuid,
    input: &BodyInput,
) -> AppResult<BodyView> {
    require(caller)?;
    let o = store.organization(org).await?;
    allow(caller, o.id, Action::Update, "set up its decision bodies")?;
    let draft = input.parse()?;
    if draft.electorate == Electorate::MemberOrganizations
        && o.kind != bayanihan_domain::OrgKind::Network
    {
        return Err(Invalid::field(
            "electorate",
            "only a network has member organizations to vote",
        )
        .into());
    }
    let body = store.create_body(org, &draft).await?;
    body_view(store, body).await
}

async fn body_view(store: &Store, body: Body) -> AppResult<BodyView> {
    let (electorate, outside) = store.body_electorate(&body).await?;
    Ok(BodyView {
        body,
        electorate,
        outside,
    })
}

/// An organization's bodies.
pub async fn bodies(
    store: &Store,
    caller: Option<&Subject>,
    org: Uuid,
) -> AppResult<Vec<BodyView>> {
    readable(store, caller, org).await?;
    let mut out = Vec::new();
    for b in store.bodies_of(org).await? {
        out.push(body_view(store, b).await?);
    }
    Ok(out)
}

pub async fn body(store: &Store, caller: Option<&Subject>, id: Uuid) -> AppResult<BodyView> {
    let b = store.body(id).await?;
    readable(store, caller, b.organization_id).await?;
    body_view(store, b).await
}

/// States a member organization's stake in a network: its chamber (the network's admins).
pub async fn set_stakeholder(
    store: &Store,
    caller: Option<&Subject>,
    network: Uuid,
    member: Uuid,
    stake: Option<&str>,
) -> AppResult<()> {
    require(caller)?;
    store.organization(network).await?;
    allow(
        caller,
        network,
        Action::ManageNetwork,
        "state its members' stakes",
    )?;
    let stake = stake
        .filter(|s| !s.trim().is_empty())
        .map(|s| {
            StakeholderCategory::parse(s).map_err(|e| Invalid::field("stakeholder", e.reason()))
        })
        .transpose()?;
    store
        .set_network_stakeholder(network, member, stake)
        .await?;
    Ok(())
}

/// A network's active member organizations with their stated stakes (its admins).
pub async fn stakes(
    store: &Store,
    caller: Option<&Subject>,
    network: Uuid,
) -> AppResult<Vec<(Uuid, String, Option<StakeholderCategory>)>> {
    require(caller)?;
    store.organization(network).await?;
    allow(
        caller,
        network,
        Action::ManageNetwork,
        "state its members' stakes",
    )?;
    let list = store.network_stakeholders(network).await?;
    let names = store
        .organization_names(&list.iter().map(|(m, _)| *m).collect::<Vec<_>>())
        .await?;
    let mut out: Vec<_> = list
        .into_iter()
        .map(|(m, s)| (m, names.get(&m).cloned().unwrap_or_default(), s))
        .collect();
    out.sort_by(|a, b| bayanihan_domain::text::natural_cmp(&a.1, &b.1));
    Ok(out)
}

/// A decision's electorate by name (at most 2,000), for choosing a proxy or the voter of a
/// meeting's ballot.
pub async fn electorate(
    store: &Store,
    caller: Option<&Subject>,
    id: Uuid,
) -> AppResult<Vec<(Uuid, String)>> {
    let d = store.decision(id).await?;
    readable(store, caller, d.organization_id).await?;
    let mut names = store.electorate_names(id, 2_000).await?;
    names.sort_by(|a, b| bayanihan_domain::text::natural_cmp(&a.1, &b.1));
    Ok(names)
}

/// Opens a decision (the body's organization's coordinators).
pub async fn open(
    store: &Store,
    caller: Option<&Subject>,
    input: &DecisionInput,
) -> AppResult<Decision> {
    let s = require(caller)?;
    let draft = input.parse(jiff::Timestamp::now())?;
    let body = store
        .body(draft.body_id)
        .await
        .map_err(|_| Invalid::field("body_id", "no such decision body"))?;
    allow(
        caller,
        body.organization_id,
        Action::RunDecisions,
        "open its decisions",
    )?;
    Ok(store
        .open_decision(&draft, s.person_id, now_micros())
        .await?)
}

/// Someone the caller may vote for in a decision.
#[derive(Debug, Clone, Serialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct VoterView {
    pub voter_id: Uuid,
    pub name: String,
    /// `self`, `proxy` (the caller holds this person's proxy) or `delegate` (a member
    /// organization the caller coordinates).
    pub role: String,
    /// Whether this voter's ballot is in.
    pub voted: bool,
}

/// A decision as the caller sees it.
#[derive(Debug, Serialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct DecisionView {
    pub decision: Decision,
    pub body_name: String,
    /// Who the caller may vote for (empty when the caller is in no way in the electorate).
    pub voters: Vec<VoterView>,
    /// The person the caller gave their proxy to, if any.
    pub proxy_given_to: Option<Uuid>,
    /// The body's proxy limit (0: no proxies).
    pub proxy_limit: u32,
    /// Whether the caller may record a meeting's ballots.
    pub records_meetings: bool,
    /// How many ballots came each way.
    #[cfg_attr(feature = "openapi", schema(value_type = Vec<Object>))]
    pub modes: Vec<(BallotMode, u64)>,
}

/// Closes the decision first when its time is up (idempotent).
async fn current(store: &Store, id: Uuid) -> AppResult<Decision> {
    let d = store.decision(id).await?;
    if d.is_due(jiff::Timestamp::now()) {
        return Ok(store.close_decision(id, now_micros()).await?);
    }
    Ok(d)
}

pub async fn view(store: &Store, caller: Option<&Subject>, id: Uuid) -> AppResult<DecisionView> {
    let d = store.decision(id).await?;
    let s = readable(store, caller, d.organization_id).await?;
    let d = current(store, id).await?;
    let body = store.body(d.body_id).await?;
    let proxies = store.proxies(id).await?;
    let mut voters = Vec::new();
    let mut candidates: Vec<(Uuid, &str)> = vec![(s.person_id, "self")];
    candidates.extend(
        proxies
            .iter()
            .filter(|(_, h)| *h == s.person_id)
            .map(|(g, _)| (*g, "proxy")),
    );
    if body.electorate == Electorate::MemberOrganizations {
        candidates.extend(
            s.memberships
                .keys()
                .filter(|o| s.role_in(**o) >= Role::Coordinator)
                .map(|o| (*o, "delegate")),
        );
    }
    let ids: Vec<Uuid> = candidates.iter().map(|(v, _)| *v).collect();
    let mut names = store.person_names(&ids).await?;
    names.extend(store.organization_names(&ids).await?);
    for (v, role) in candidates {
        if store.voter(id, v).await?.is_some() {
            voters.push(VoterView {
                voter_id: v,
                name: names.get(&v).cloned().unwrap_or_default(),
                role: role.into(),
                voted: store.has_voted(id, v).await?.is_some(),
            });
        }
    }
    Ok(DecisionView {
        proxy_given_to: proxies
            .iter()
            .find(|(g, _)| *g == s.person_id)
            .map(|(_, h)| *h),
        proxy_limit: body.proxy_limit,
        records_meetings: allowed(caller, d.organization_id, Action::RunDecisions),
        modes: store.ballot_modes(id).await?,
        body_name: body.name,
        voters,
        decision: d,
    })
}

/// The ballots of a closed decision: names only when it is not anonymous.
pub async fn ballots(
    store: &Store,
    caller: Option<&Subject>,
    id: Uuid,
) -> AppResult<Vec<BallotRecord>> {
    let d = store.decision(id).await?;
    readable(store, caller, d.organization_id).await?;
    let d = current(store, id).await?;
    if d.closed_at.is_none() {
        return Err(AppError::Conflict(
            bayanihan_domain::Conflict::BallotsNotYet,
        ));
    }
    Ok(store.ballot_records(&d).await?)
}

/// Casts a ballot: for oneself, by proxy, as a member organization's delegate, or (its
/// coordinators) recorded from a meeting.
pub async fn cast(
    store: &Store,
    caller: Option<&Subject>,
    id: Uuid,
    input: &BallotInput,
) -> AppResult<()> {
    let s = require(caller)?;
    let d = store.decision_uncounted(id).await?;
    if !may_read(store, s, d.organization_id).await? {
        return Err(AppError::NotPermitted(
            "You have no vote in this decision.".into(),
        ));
    }
    let body = store.body(d.body_id).await?;
    let mut c = Collector::new();
    let reason = c.optional_text("reason", input.reason.as_deref(), Shape::Paragraph, 2_000);
    let mode = match input.mode.as_deref() {
        None | Some("") | Some("online") => None,
        Some(m) => c.take("mode", BallotMode::parse(m)).and_then(|m| match m {
            BallotMode::Paper | BallotMode::Assisted => Some(m),
            _ => {
                c.push(
                    "mode",
                    "a meeting's ballot is `paper` or `assisted`; otherwise leave the mode out",
                );
                None
            }
        }),
    };
    let marks = match d
        .rules
        .mark(input.choice.as_ref(), input.ranking.as_deref())
    {
        Ok(m) => Some(m),
        Err(reason) => {
            let field = if d.rules.kind == bayanihan_domain::governance::DecisionKind::RankedChoice
            {
                "ranking"
            } else {
                "choice"
            };
            c.push(field, reason);
            None
        }
    };
    let (voter, mode, meeting, witness) = if let Some(m) = mode {
        allow(
            caller,
            d.organization_id,
            Action::RunDecisions,
            "record its meetings' ballots",
        )?;
        let meeting = c.required_text("meeting", input.meeting.as_deref(), Shape::Line, 200);
        let witness = c.required_text("witness", input.witness.as_deref(), Shape::Line, 120);
        let voter = input.voter_id;
        if voter.is_none() {
            c.push("voter_id", "name whose ballot this is");
        }
        (voter, m, meeting, witness)
    } else {
        if input.meeting.is_some() || input.witness.is_some() {
            c.push(
                "mode",
                "a meeting and a witness go with a `paper` or `assisted` ballot",
            );
        }
        let voter = match input.voter_id {
            None if body.electorate == Electorate::MemberOrganizations => {
                // The one member organization the caller speaks for, if only one.
                let mine: Vec<Uuid> = s
                    .memberships
                    .keys()
                    .filter(|o| s.role_in(**o) >= Role::Coordinator)
                    .copied()
                    .collect();
                let mut theirs = Vec::new();
                for o in mine {
                    if store.voter(id, o).await?.is_some() {
                        theirs.push(o);
                    }
                }
                match theirs.as_slice() {
                    [one] => Some(*one),
                    [] => {
                        return Err(AppError::NotPermitted(
                            "You are the delegate of no member organization in this decision."
                                .into(),
                        ))
                    }
                    _ => {
                        c.push("voter_id", "you speak for several member organizations: name the one this ballot is for");
                        None
                    }
                }
            }
            None => Some(s.person_id),
            Some(v) => Some(v),
        };
        let mode = match voter {
            Some(v) if v == s.person_id => BallotMode::Online,
            Some(v) if body.electorate == Electorate::MemberOrganizations => {
                if s.role_in(v) < Role::Coordinator {
                    return Err(AppError::NotPermitted(
                        "Only a member organization's coordinators and admins cast its ballot."
                            .into(),
                    ));
                }
                BallotMode::Online
            }
            _ => BallotMode::Proxy,
        };
        (voter, mode, None, None)
    };
    c.finish()?;
    let (Some(voter), Some(marks)) = (voter, marks) else {
        unreachable!("errors were returned above")
    };
    store
        .cast(
            &NewBallot {
                decision: id,
                voter,
                cast_by: s.person_id,
                mode,
                meeting,
                witness,
                marks,
                reason,
            },
            now_micros(),
        )
        .await?;
    Ok(())
}

/// Gives the caller's vote on a decision to `holder`.
pub async fn give_proxy(
    store: &Store,
    caller: Option<&Subject>,
    id: Uuid,
    holder: Uuid,
) -> AppResult<()> {
    let s = require(caller)?;
    let d = store.decision_uncounted(id).await?;
    if !may_read(store, s, d.organization_id).await? {
        return Err(AppError::NotPermitted(
            "You have no vote in this decision.".into(),
        ));
    }
    store
        .give_proxy(id, s.person_id, holder, now_micros())
        .await?;
    Ok(())
}

/// Closes every decision whose time is up (at most 50 a pass); returns how many.
pub async fn tick(store: &Store) -> AppResult<u64> {
    let now = now_micros();
    let mut n = 0;
    for id in store.due_decisions(now, 50).await? {
        match store.close_decision(id, now).await {
            Ok(_) => n += 1,
            Err(e) => {
                tracing::warn!(%id, error = %e, "closing a decision failed; tried again next time")
            }
        }
    }
    Ok(n)
}

/// An organization's decision log, newest first (due decisions closed first).
pub async fn log(store: &Store, caller: Option<&Subject>, org: Uuid) -> AppResult<Vec<Decision>> {
    readable(store, caller, org).await?;
    let mut out = Vec::new();
    for d in store.decisions_of(org).await? {
        out.push(if d.is_due(jiff::Timestamp::now()) {
            store.close_decision(d.id, now_micros()).await?
        } else {
            d
        });
    }
    Ok(out)
}

/// The decision log as CSV: what was decided, by which body, the tally, what was carried out.
pub async fn log_csv(store: &Store, caller: Option<&Subject>, org: Uuid) -> AppResult<String> {
    let decisions = log(store, caller, org).await?;
    let bodies: HashMap<Uuid, String> = store
        .bodies_of(org)
        .await?
        .into_iter()
        .map(|b| (b.id, b.name))
        .collect();
    let rows = decisions.iter().map(|d| {
        let t = d.tally.as_ref();
        vec![
            d.id.to_string(),
            bodies.get(&d.body_id).cloned().unwrap_or_default(),
            d.title.clone(),
            d.rules.kind.id().to_string(),
            d.opens_at.to_string(),
            d.closes_at.to_string(),
            d.closed_at.map(|c| c.to_string()).unwrap_or_default(),
            d.rules
                .chambers
                .iter()
                .map(|c| c.eligible)
                .sum::<u64>()
                .to_string(),
            d.ballots.to_string(),
            t.map(|t| t.turnout_percent.clone()).unwrap_or_default(),
            t.map(|t| t.outcome.id().to_string()).unwrap_or_default(),
            t.and_then(|t| t.winner.clone()).unwrap_or_default(),
            t.map(|t| {
                t.weighted_percent
                    .0
                    .iter()
                    .map(|(o, p)| format!("{o}: {p} %"))
                    .collect::<Vec<_>>()
                    .join("; ")
            })
            .unwrap_or_default(),
            d.action
                .as_ref()
                .map(|a| a.kind().to_string())
                .unwrap_or_default(),
            d.action_status
                .map(|s| s.id().to_string())
                .unwrap_or_default(),
            d.action_note.clone().unwrap_or_default(),
        ]
    });
    Ok(bayanihan_domain::csv_out::write(
        &[
            "id",
            "body",
            "title",
            "kind",
            "opens_at",
            "closes_at",
            "closed_at",
            "eligible",
            "ballots",
            "turnout_percent",
            "outcome",
            "winner",
            "weighted_percent",
            "action",
            "action_status",
            "action_note",
        ],
        rows.collect::<Vec<_>>(),
    ))
}

/// Open decisions the caller may still vote in (for themselves, by proxy or as a delegate).
pub async fn open_for(store: &Store, caller: Option<&Subject>) -> AppResult<Vec<(Decision, Uuid)>> {
    let s = require(caller)?;
    let mut voters = vec![s.person_id];
    voters.extend(
        s.memberships
            .keys()
            .filter(|o| s.role_in(**o) >= Role::Coordinator)
            .copied(),
    );
    let now = jiff::Timestamp::now();
    let mut out = Vec::new();
    for (d, v) in store.decisions_for_voters(&voters).await? {
        if d.is_open(now) && store.has_voted(d.id, v).await?.is_none() {
            out.push((d, v));
        }
    }
    Ok(out)
}
