//! Decision bodies, decisions, ballots and proxies (the rules are
//! `bayanihan_domain::governance`).
//!
//! - A decision's electorate is fixed when it opens: one `decision_electorate` row per voter
//!   (a person, or a member organization) with its chamber and weight, written as one JSON
//!   array so 100,000 voters take one statement.
//! - A ballot is one write transaction: the decision open, the voter in its electorate, one
//!   `decision_voters` row per voter (its primary key makes a second ballot impossible on any
//!   engine) and the ballot. An anonymous decision's ballots carry neither voter nor time.
//! - Closing is one transaction, and idempotent: it reads every ballot, counts them with the
//!   domain's tally, runs a passed proposal's action under a savepoint (so a failed action
//!   leaves nothing behind) and sets `closed_at` only where it is still unset. Under SQLite's
//!   write lock or PostgreSQL's SERIALIZABLE isolation a ballot is counted by exactly one
//!   close, and an action runs once.

use std::collections::HashMap;

use bayanihan_domain::chain::Entry;
use bayanihan_domain::governance::decision::{
    price_list_digest, Action, ActionStatus, BallotMode, BallotRecord, Body, BodyChamber,
    BodyDraft, Decision, DecisionDraft, Electorate, RefundTo, ALL,
};
use bayanihan_domain::governance::patronage::{divide, PatronageError};
use bayanihan_domain::governance::tally::{tally, Tally};
use bayanihan_domain::governance::{Ballot, Chamber, ChamberLimits, Marks, Outcome, Preset, Rules};
use bayanihan_domain::person::{MembershipRole, StakeholderCategory};
use bayanihan_domain::season::wallet::MovementKind;
use bayanihan_domain::{Conflict, Currency, Invalid, Money};
use sqlx::any::AnyRow;
use sqlx::{Any, Row, Transaction as SqlTx};
use uuid::Uuid;

use crate::rows::{corrupt, instant_micros, uuid_text, Columns};
use crate::{Backend, Store, StoreError};

type Tx = SqlTx<'static, Any>;

fn invalid(field: &str, reason: impl Into<String>) -> StoreError {
    StoreError::Invalid(Invalid::field(field, reason))
}

const BODY_SELECT: &str =
    "SELECT id, organization_id, name, electorate, electorate_role, chambers, preset, \
    weight_by_size, proxy_limit FROM bodies";

fn body_from_row(r: &AnyRow) -> Result<Body, StoreError> {
    let chambers: Vec<BodyChamber> =
        serde_json::from_str(&r.try_get::<String, _>(5)?).map_err(|e| corrupt("chambers", e))?;
    Ok(Body {
        id: r.uuid(0)?,
        organization_id: r.uuid(1)?,
        name: r.try_get(2)?,
        electorate: r.concept(3)?,
        electorate_role: r.opt_concept::<MembershipRole, _>(4)?,
        chambers,
        preset: r.opt_concept::<Preset, _>(6)?,
        weight_by_size: r.try_get::<i64, _>(7)? != 0,
        proxy_limit: u32::try_from(r.try_get::<i64, _>(8)?)
            .map_err(|e| corrupt("proxy_limit", e))?,
    })
}

/// A decision's columns, then its ballot count (column 15).
macro_rules! decision_columns {
    () => {
        "SELECT d.id, d.body_id, d.organization_id, d.title, d.details, d.rules, d.anonymous, \
         d.action, d.opened_by, d.opens_at, d.closes_at, d.closed_at, d.tally, d.action_status, \
         d.action_note, "
    };
}
const DECISION_SELECT: &str = concat!(
    decision_columns!(),
    "(SELECT COUNT(*) FROM decision_voters v WHERE v.decision_id = d.id) FROM decisions d"
);

/// The same without the ballot count, which reads every ballot cast so far.
const DECISION_SELECT_UNCOUNTED: &str =
    concat!(decision_columns!(), "CAST(0 AS BIGINT) FROM decisions d");

fn decision_from_row(r: &AnyRow) -> Result<Decision, StoreError> {
    let rules: Rules =
        serde_json::from_str(&r.try_get::<String, _>(5)?).map_err(|e| corrupt("rules", e))?;
    let action = r
        .try_get::<Option<String>, _>(7)?
        .map(|a| serde_json::from_str::<Action>(&a))
        .transpose()
        .map_err(|e| corrupt("action", e))?;
    let tally = r
        .try_get::<Option<String>, _>(12)?
        .map(|t| serde_json::from_str::<Tally>(&t))
        .transpose()
        .map_err(|e| corrupt("tally", e))?;
    Ok(Decision {
        id: r.uuid(0)?,
        body_id: r.uuid(1)?,
        organization_id: r.uuid(2)?,
        title: r.try_get(3)?,
        details: r.try_get(4)?,
        rules,
        anonymous: r.try_get::<i64, _>(6)? != 0,
        action,
        opened_by: r.uuid(8)?,
        opens_at: r.instant(9)?,
        closes_at: r.instant(10)?,
        closed_at: r
            .try_get::<Option<i64>, _>(11)?
            .map(instant_micros)
            .transpose()?,
        ballots: r.count(15)?,
        tally,
        action_status: r.opt_concept::<ActionStatus, _>(13)?,
        action_note: r.try_get(14)?,
    })
}

/// One voter of a decision's electorate, as fixed when it opened.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Voter {
    pub chamber: usize,
    pub weight: u64,
}

/// A ballot to record.
#[derive(Debug, Clone)]
pub struct NewBallot {
    pub decision: Uuid,
    /// The person, or the member organization, whose ballot it is.
    pub voter: Uuid,
    /// The person who cast it (the voter, their proxy, an organization's delegate, or the
    /// coordinator recording a meeting's ballot).
    pub cast_by: Uuid,
    pub mode: BallotMode,
    pub meeting: Option<String>,
    pub witness: Option<String>,
    pub marks: Marks,
    pub reason: Option<String>,
}

async fn decision_in(conn: &mut sqlx::AnyConnection, id: Uuid) -> Result<Decision, StoreError> {
    let r = sqlx::query(&format!("{DECISION_SELECT} WHERE d.id = $1"))
        .bind(id.to_string())
        .fetch_optional(&mut *conn)
        .await?
        .ok_or(StoreError::NotFound("decision"))?;
    decision_from_row(&r)
}

async fn voter_in(tx: &mut Tx, decision: Uuid, voter: Uuid) -> Result<Option<Voter>, StoreError> {
    let r: Option<(i64, i64)> = sqlx::query_as(
        "SELECT chamber, weight FROM decision_electorate WHERE decision_id = $1 AND voter_id = $2",
    )
    .bind(decision.to_string())
    .bind(voter.to_string())
    .fetch_optional(&mut **tx)
    .await?;
    r.map(|(c, w)| {
        Ok(Voter {
            chamber: usize::try_from(c).map_err(|e| corrupt("chamber", e))?,
            weight: u64::try_from(w).map_err(|e| corrupt("weight", e))?,
        })
    })
    .transpose()
}

impl Store {
    /// Records a decision body of `org`.
    pub async fn create_body(&self, org: Uuid, d: &BodyDraft) -> Result<Body, StoreError> {
        let id = Uuid::new_v4();
        let now = crate::now_micros();
        write_tx!(self, tx, {
            sqlx::query(
                "INSERT INTO bodies (id, organization_id, name, electorate, electorate_role, chambers, preset, \
                 weight_by_size, proxy_limit, created_at) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10)",
            )
            .bind(id.to_string())
            .bind(org.to_string())
            .bind(&d.name)
            .bind(d.electorate.id())
            .bind(d.electorate_role.map(|r| r.id()))
            .bind(serde_json::to_string(&d.chambers).map_err(|e| corrupt("chambers", e))?)
            .bind(d.preset.map(|p| p.id()))
            .bind(i64::from(d.weight_by_size))
            .bind(i64::from(d.proxy_limit))
            .bind(now)
            .execute(&mut *tx)
            .await?;
            Ok(())
        })?;
        self.body(id).await
    }

    pub async fn body(&self, id: Uuid) -> Result<Body, StoreError> {
        let r = sqlx::query(&format!("{BODY_SELECT} WHERE id = $1"))
            .bind(id.to_string())
            .fetch_optional(&self.pool)
            .await?
            .ok_or(StoreError::NotFound("decision body"))?;
        body_from_row(&r)
    }

    /// An organization's bodies, by name.
    pub async fn bodies_of(&self, org: Uuid) -> Result<Vec<Body>, StoreError> {
        sqlx::query(&format!(
            "{BODY_SELECT} WHERE organization_id = $1 ORDER BY name, id"
        ))
        .bind(org.to_string())
        .fetch_all(&self.pool)
        .await?
        .iter()
        .map(body_from_row)
        .collect()
    }

    /// States a member organization's stake in a network (its chamber in the network's
    /// bodies), or clears it.
    pub async fn set_network_stakeholder(
        &self,
        network: Uuid,
        member: Uuid,
        stake: Option<StakeholderCategory>,
    ) -> Result<(), StoreError> {
        write_tx!(self, tx, {
            let n = sqlx::query(
                "UPDATE network_memberships SET stakeholder = $3 WHERE network_id = $1 AND member_id = $2",
            )
            .bind(network.to_string())
            .bind(member.to_string())
            .bind(stake.map(|s| s.id()))
            .execute(&mut *tx)
            .await?
            .rows_affected();
            if n == 0 {
                return Err(StoreError::NotFound("network membership"));
            }
            Ok(())
        })
    }

    /// Each member organization of a network with its stated stake (active members only).
    pub async fn network_stakeholders(
        &self,
        network: Uuid,
    ) -> Result<Vec<(Uuid, Option<StakeholderCategory>)>, StoreError> {
        let rows = sqlx::query(
            "SELECT member_id, stakeholder FROM network_memberships WHERE network_id = $1 AND status = 'active' \
             ORDER BY member_id",
        )
        .bind(network.to_string())
        .fetch_all(&self.pool)
        .await?;
        rows.iter()
            .map(|r| Ok((r.uuid(0)?, r.opt_concept::<StakeholderCategory, _>(1)?)))
            .collect()
    }

    /// Every organization inside a network now — its active members and, through member
    /// networks, theirs — each with the stake its own membership states.
    pub async fn network_tree(
        &self,
        network: Uuid,
    ) -> Result<Vec<(Uuid, Option<StakeholderCategory>)>, StoreError> {
        let mut conn = self.pool.acquire().await?;
        network_tree_in(&mut conn, network).await
    }

    /// The electorate a body has now: each voter with its chamber (by index) and weight. A
    /// person outside every chamber (no stakeholder category where chambers are stakes) is
    /// not in it; [`Store::body_electorate_gaps`] counts them.
    async fn electorate_now(
        conn: &mut sqlx::AnyConnection,
        body: &Body,
    ) -> Result<(Vec<(Uuid, Voter)>, u64), StoreError> {
        let chamber_of = |stake: Option<StakeholderCategory>| -> Option<usize> {
            body.chambers
                .iter()
                .position(|c| c.name == ALL || (stake.is_some() && c.stakeholder() == stake))
        };
        let mut out = Vec::new();
        let mut outside = 0u64;
        match body.electorate {
            Electorate::Members | Electorate::Role => {
                let rows = sqlx::query(
                    "SELECT person_id, roles, stakeholder FROM memberships WHERE organization_id = $1 ORDER BY person_id",
                )
                .bind(body.organization_id.to_string())
                .fetch_all(&mut *conn)
                .await?;
                for r in &rows {
                    let roles =
                        bayanihan_domain::person::roles_from_str(&r.try_get::<String, _>(1)?);
                    if let Some(role) = body.electorate_role {
                        if !roles.contains(&role) {
                            continue;
                        }
                    }
                    let stake = r.opt_concept::<StakeholderCategory, _>(2)?;
                    match chamber_of(stake) {
                        Some(chamber) => out.push((r.uuid(0)?, Voter { chamber, weight: 1 })),
                        None => outside += 1,
                    }
                }
            }
            Electorate::MemberOrganizations => {
                let tree = network_tree_in(&mut *conn, body.organization_id).await?;
                let sizes: HashMap<String, i64> = if body.weight_by_size {
                    let rows = sqlx::query(
                        "SELECT organization_id, COUNT(*) FROM memberships GROUP BY organization_id",
                    )
                    .fetch_all(&mut *conn)
                    .await?;
                    rows.iter()
                        .map(|r| Ok((r.try_get::<String, _>(0)?, r.try_get::<i64, _>(1)?)))
                        .collect::<Result<_, StoreError>>()?
                } else {
                    HashMap::new()
                };
                for (member, stake) in tree {
                    // A member organization weighs its members (at least 1) when the body says so.
                    let weight = if body.weight_by_size {
                        u64::try_from(sizes.get(&member.to_string()).copied().unwrap_or(0).max(1))
                            .unwrap_or(1)
                    } else {
                        1
                    };
                    match chamber_of(stake) {
                        Some(chamber) => out.push((member, Voter { chamber, weight })),
                        None => outside += 1,
                    }
                }
            }
        }
        Ok((out, outside))
    }

    /// A body's electorate now: voters per chamber, and how many are in no chamber (a member
    /// organization is every organization inside the network, member networks included).
    pub async fn body_electorate(&self, body: &Body) -> Result<(Vec<u64>, u64), StoreError> {
        let mut conn = self.pool.acquire().await?;
        let (voters, outside) = Self::electorate_now(&mut conn, body).await?;
        let mut per = vec![0u64; body.chambers.len()];
        for (_, v) in &voters {
            per[v.chamber] += 1;
        }
        Ok((per, outside))
    }

    /// Opens a decision of `body`: its electorate is fixed now (voters, chambers, weights)
    /// and its rules checked with it. The action's target must exist and belong to the
    /// body's organization.
    pub async fn open_decision(
        &self,
        d: &DecisionDraft,
        opened_by: Uuid,
        now: i64,
    ) -> Result<Decision, StoreError> {
        let id = Uuid::new_v4();
        let backend = self.backend;
        write_tx!(self, tx, {
            let r = sqlx::query(&format!("{BODY_SELECT} WHERE id = $1"))
                .bind(d.body_id.to_string())
                .fetch_optional(&mut *tx)
                .await?
                .ok_or_else(|| invalid("body_id", "no such decision body"))?;
            let body = body_from_row(&r)?;
            let (voters, _) = Self::electorate_now(&mut tx, &body).await?;
            let mut rules = d.rules.clone();
            rules.chambers = body
                .chambers
                .iter()
                .enumerate()
                .map(|(i, c)| Chamber {
                    name: c.name.clone(),
                    weight_bp: c.weight_bp,
                    eligible: voters.iter().filter(|(_, v)| v.chamber == i).count() as u64,
                })
                .collect();
            if voters.is_empty() {
                return Err(invalid("body_id", "this body has nobody to vote: add members (with their stakeholder category where chambers are stakes)"));
            }
            rules.check(body.preset.map_or(ChamberLimits::ANY, ChamberLimits::of))?;
            // The action as it will run: a price list's fingerprint is taken now.
            let action = match &d.action {
                Some(a) => Some(check_action(&mut tx, body.organization_id, a).await?.action),
                None => None,
            };
            sqlx::query(
                "INSERT INTO decisions (id, body_id, organization_id, title, details, rules, anonymous, action, opened_by, \
                 opens_at, closes_at, created_at) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12)",
            )
            .bind(id.to_string())
            .bind(body.id.to_string())
            .bind(body.organization_id.to_string())
            .bind(&d.title)
            .bind(&d.details)
            .bind(serde_json::to_string(&rules).map_err(|e| corrupt("rules", e))?)
            .bind(i64::from(d.anonymous))
            .bind(
                action
                    .as_ref()
                    .map(serde_json::to_string)
                    .transpose()
                    .map_err(|e| corrupt("action", e))?,
            )
            .bind(opened_by.to_string())
            .bind(d.opens_at.as_microsecond())
            .bind(d.closes_at.as_microsecond())
            .bind(now)
            .execute(&mut *tx)
            .await?;
            let rows = serde_json::to_string(
                &voters
                    .iter()
                    .map(|(v, x)| serde_json::json!([v.to_string(), x.chamber, x.weight]))
                    .collect::<Vec<_>>(),
            )
            .map_err(|e| corrupt("electorate", e))?;
            let each = match backend {
                Backend::Sqlite => "json_each($2)",
                Backend::Postgres => "jsonb_array_elements(CAST($2 AS JSONB))",
            };
            sqlx::query(&format!(
                "INSERT INTO decision_electorate (decision_id, voter_id, chamber, weight) \
                 SELECT $1, value ->> 0, CAST(value ->> 1 AS BIGINT), CAST(value ->> 2 AS BIGINT) FROM {each}"
            ))
            .bind(id.to_string())
            .bind(rows)
            .execute(&mut *tx)
            .await?;
            Ok(())
        })?;
        self.decision(id).await
    }

    pub async fn decision(&self, id: Uuid) -> Result<Decision, StoreError> {
        let mut conn = self.pool.acquire().await?;
        decision_in(&mut conn, id).await
    }

    /// A decision with `ballots` left at 0: what a ballot needs (its rules, times, body),
    /// without counting the ballots so far — a cost that grows with every ballot of a large
    /// vote.
    pub async fn decision_uncounted(&self, id: Uuid) -> Result<Decision, StoreError> {
        let r = sqlx::query(&format!("{DECISION_SELECT_UNCOUNTED} WHERE d.id = $1"))
            .bind(id.to_string())
            .fetch_optional(&self.pool)
            .await?
            .ok_or(StoreError::NotFound("decision"))?;
        decision_from_row(&r)
    }

    /// An organization's decisions, newest first.
    pub async fn decisions_of(&self, org: Uuid) -> Result<Vec<Decision>, StoreError> {
        sqlx::query(&format!(
            "{DECISION_SELECT} WHERE d.organization_id = $1 ORDER BY d.opens_at DESC, d.id"
        ))
        .bind(org.to_string())
        .fetch_all(&self.pool)
        .await?
        .iter()
        .map(decision_from_row)
        .collect()
    }

    /// Open decisions (not closed) in whose electorate one of `voters` is, with the voter.
    pub async fn decisions_for_voters(
        &self,
        voters: &[Uuid],
    ) -> Result<Vec<(Decision, Uuid)>, StoreError> {
        let mut out = Vec::new();
        for v in voters {
            let rows = sqlx::query(&format!(
                "{DECISION_SELECT} JOIN decision_electorate e ON e.decision_id = d.id \
                 WHERE e.voter_id = $1 AND d.closed_at IS NULL ORDER BY d.closes_at, d.id"
            ))
            .bind(v.to_string())
            .fetch_all(&self.pool)
            .await?;
            for r in &rows {
                out.push((decision_from_row(r)?, *v));
            }
        }
        Ok(out)
    }

    /// A voter's place in a decision's electorate, if it has one.
    pub async fn voter(&self, decision: Uuid, voter: Uuid) -> Result<Option<Voter>, StoreError> {
        let r: Option<(i64, i64)> = sqlx::query_as(
            "SELECT chamber, weight FROM decision_electorate WHERE decision_id = $1 AND voter_id = $2",
        )
        .bind(decision.to_string())
        .bind(voter.to_string())
        .fetch_optional(&self.pool)
        .await?;
        Ok(r.map(|(c, w)| Voter {
            chamber: usize::try_from(c).unwrap_or(usize::MAX),
            weight: u64::try_from(w).unwrap_or(0),
        }))
    }

    /// A decision's electorate by name (people or member organizations), at most `limit`.
    pub async fn electorate_names(
        &self,
        decision: Uuid,
        limit: i64,
    ) -> Result<Vec<(Uuid, String)>, StoreError> {
        let rows = sqlx::query(
            "SELECT e.voter_id, COALESCE(p.name, o.name, '') FROM decision_electorate e \
             LEFT JOIN people p ON p.id = e.voter_id LEFT JOIN organizations o ON o.id = e.voter_id \
             WHERE e.decision_id = $1 ORDER BY 2, 1 LIMIT $2",
        )
        .bind(decision.to_string())
        .bind(limit)
        .fetch_all(&self.pool)
        .await?;
        rows.iter()
            .map(|r| Ok((r.uuid(0)?, r.try_get::<String, _>(1)?)))
            .collect()
    }

    /// Whether `voter`'s ballot is in, and how it was cast.
    pub async fn has_voted(
        &self,
        decision: Uuid,
        voter: Uuid,
    ) -> Result<Option<BallotMode>, StoreError> {
        let m: Option<String> = sqlx::query_scalar(
            "SELECT mode FROM decision_voters WHERE decision_id = $1 AND voter_id = $2",
        )
        .bind(decision.to_string())
        .bind(voter.to_string())
        .fetch_optional(&self.pool)
        .await?;
        m.map(|m| BallotMode::parse(&m).map_err(|e| corrupt("mode", e)))
            .transpose()
    }

    /// The proxies of a decision: (giver, holder).
    pub async fn proxies(&self, decision: Uuid) -> Result<Vec<(Uuid, Uuid)>, StoreError> {
        let rows = sqlx::query(
            "SELECT giver_id, holder_id FROM proxies WHERE decision_id = $1 ORDER BY created_at, giver_id",
        )
        .bind(decision.to_string())
        .fetch_all(&self.pool)
        .await?;
        rows.iter().map(|r| Ok((r.uuid(0)?, r.uuid(1)?))).collect()
    }

    /// `giver` gives their vote on `decision` to `holder`: both in the electorate, the giver
    /// not voted yet, the holder under the body's proxy limit.
    pub async fn give_proxy(
        &self,
        decision: Uuid,
        giver: Uuid,
        holder: Uuid,
        now: i64,
    ) -> Result<(), StoreError> {
        let now_ts = instant_micros(now)?;
        write_tx!(self, tx, {
            let d = decision_in(&mut tx, decision).await?;
            if !d.is_open(now_ts) {
                return Err(StoreError::Conflict(Conflict::VoteNotOpen));
            }
            let limit: i64 = sqlx::query_scalar("SELECT proxy_limit FROM bodies WHERE id = $1")
                .bind(d.body_id.to_string())
                .fetch_one(&mut *tx)
                .await?;
            if limit == 0 {
                return Err(invalid("holder_id", "this body takes no proxies"));
            }
            if giver == holder {
                return Err(invalid("holder_id", "a proxy goes to someone else"));
            }
            if voter_in(&mut tx, decision, giver).await?.is_none() {
                return Err(StoreError::Forbidden(
                    "you are not in this decision's electorate".into(),
                ));
            }
            if voter_in(&mut tx, decision, holder).await?.is_none() {
                return Err(invalid(
                    "holder_id",
                    "this person may not vote in this decision",
                ));
            }
            let voted: i64 = sqlx::query_scalar(
                "SELECT COUNT(*) FROM decision_voters WHERE decision_id = $1 AND voter_id = $2",
            )
            .bind(decision.to_string())
            .bind(giver.to_string())
            .fetch_one(&mut *tx)
            .await?;
            if voted > 0 {
                return Err(StoreError::Conflict(Conflict::AlreadyVoted));
            }
            let held: i64 = sqlx::query_scalar(
                "SELECT COUNT(*) FROM proxies WHERE decision_id = $1 AND holder_id = $2",
            )
            .bind(decision.to_string())
            .bind(holder.to_string())
            .fetch_one(&mut *tx)
            .await?;
            if held >= limit {
                return Err(invalid(
                    "holder_id",
                    format!("this person holds {held} proxies already, the most this body allows"),
                ));
            }
            let given: i64 = sqlx::query_scalar(
                "SELECT COUNT(*) FROM proxies WHERE decision_id = $1 AND giver_id = $2",
            )
            .bind(decision.to_string())
            .bind(giver.to_string())
            .fetch_one(&mut *tx)
            .await?;
            if given > 0 {
                return Err(invalid(
                    "holder_id",
                    "you have given your proxy for this decision already",
                ));
            }
            sqlx::query(
                "INSERT INTO proxies (decision_id, giver_id, holder_id, created_at) VALUES ($1, $2, $3, $4)",
            )
            .bind(decision.to_string())
            .bind(giver.to_string())
            .bind(holder.to_string())
            .bind(now)
            .execute(&mut *tx)
            .await?;
            Ok(())
        })
    }

    /// Records a ballot. The decision must be open and the voter in its electorate without a
    /// ballot yet; a proxy ballot needs the voter's proxy held by the caster. The marks must
    /// have been read by the decision's rules. Ballots arriving together are committed
    /// together (group commit); the answer comes once this one is durable.
    pub async fn cast(&self, b: &NewBallot, now: i64) -> Result<(), StoreError> {
        instant_micros(now)?;
        crate::group_commit::submit(
            self,
            &self.writers.caster,
            |store, batch| Box::pin(cast_batch(store, batch)),
            (b.clone(), now),
        )
        .await
    }

    /// A decision's ballots as counted (chamber, weight, marks), read natively on SQLite.
    pub async fn counted_ballots(&self, decision: Uuid) -> Result<Vec<Ballot>, StoreError> {
        fn make(chamber: i64, weight: i64, marks: &str) -> Result<Ballot, StoreError> {
            Ok(Ballot {
                chamber: usize::try_from(chamber).map_err(|e| corrupt("chamber", e))?,
                weight: u64::try_from(weight).map_err(|e| corrupt("weight", e))?,
                marks: serde_json::from_str(marks).map_err(|e| corrupt("marks", e))?,
            })
        }
        self.read_rows(
            "SELECT chamber, weight, marks FROM ballots WHERE decision_id = $1".into(),
            vec![Some(decision.to_string())],
            |r| make(r.get(0)?, r.get(1)?, &r.get::<_, String>(2)?),
            |r| make(r.try_get(0)?, r.try_get(1)?, &r.try_get::<String, _>(2)?),
        )
        .await
    }

    /// The ballots as listed: the voter's name only when the decision is not anonymous; in
    /// an order that says nothing of when they were cast.
    pub async fn ballot_records(&self, d: &Decision) -> Result<Vec<BallotRecord>, StoreError> {
        let rows = sqlx::query(
            "SELECT b.voter_id, b.chamber, b.weight, b.marks, b.reason, v.mode, \
             COALESCE(p.name, o.name) FROM ballots b \
             LEFT JOIN decision_voters v ON v.decision_id = b.decision_id AND v.voter_id = b.voter_id \
             LEFT JOIN people p ON p.id = b.voter_id LEFT JOIN organizations o ON o.id = b.voter_id \
             WHERE b.decision_id = $1 ORDER BY b.id",
        )
        .bind(d.id.to_string())
        .fetch_all(&self.pool)
        .await?;
        rows.iter()
            .map(|r| {
                let marks: Marks = serde_json::from_str(&r.try_get::<String, _>(3)?)
                    .map_err(|e| corrupt("marks", e))?;
                let chamber = usize::try_from(r.try_get::<i64, _>(1)?).unwrap_or(usize::MAX);
                let anonymous = d.anonymous;
                Ok(BallotRecord {
                    voter_id: if anonymous { None } else { r.opt_uuid(0)? },
                    voter_name: if anonymous { None } else { r.try_get(6)? },
                    chamber: d
                        .rules
                        .chambers
                        .get(chamber)
                        .map(|c| c.name.clone())
                        .unwrap_or_default(),
                    weight: r.count(2)?,
                    choice: choice_json(&d.rules, &marks),
                    reason: r.try_get(4)?,
                    mode: if anonymous {
                        None
                    } else {
                        r.opt_concept::<BallotMode, _>(5)?
                    },
                })
            })
            .collect()
    }

    /// How many ballots came each way (online, proxy, paper, assisted).
    pub async fn ballot_modes(&self, decision: Uuid) -> Result<Vec<(BallotMode, u64)>, StoreError> {
        let rows = sqlx::query(
            "SELECT mode, COUNT(*) FROM decision_voters WHERE decision_id = $1 GROUP BY mode ORDER BY mode",
        )
        .bind(decision.to_string())
        .fetch_all(&self.pool)
        .await?;
        rows.iter()
            .map(|r| Ok((r.concept::<BallotMode, _>(0)?, r.count(1)?)))
            .collect()
    }

    /// Decisions due to close (their time is up), oldest first, at most `limit`.
    pub async fn due_decisions(&self, now: i64, limit: i64) -> Result<Vec<Uuid>, StoreError> {
        let rows: Vec<String> = sqlx::query_scalar(
            "SELECT id FROM decisions WHERE closed_at IS NULL AND closes_at <= $1 ORDER BY closes_at, id LIMIT $2",
        )
        .bind(now)
        .bind(limit)
        .fetch_all(&self.pool)
        .await?;
        rows.iter().map(|s| uuid_text(s)).collect()
    }

    /// Closes a decision whose time is up: counts it, runs a passed proposal's action, and
    /// records both, in one transaction. Closing a closed decision changes nothing and
    /// returns it as it is; one not yet due is refused.
    pub async fn close_decision(&self, id: Uuid, now: i64) -> Result<Decision, StoreError> {
        let now_ts = instant_micros(now)?;
        let today = now_ts.to_zoned(jiff::tz::TimeZone::UTC).date();
        let native = self.backend == Backend::Sqlite;
        write_tx!(self, tx, {
            let d = decision_in(&mut tx, id).await?;
            if d.closed_at.is_some() {
                return Ok(());
            }
            if !d.is_due(now_ts) {
                return Err(StoreError::Conflict(Conflict::VoteNotOpen));
            }
            // SQLite: this transaction holds the write lock, so what a native reader sees is
            // every ballot there will be. PostgreSQL: read in the transaction itself.
            let ballots = if native {
                self.counted_ballots(id).await?
            } else {
                let rows = sqlx::query(
                    "SELECT chamber, weight, marks FROM ballots WHERE decision_id = $1",
                )
                .bind(id.to_string())
                .fetch_all(&mut *tx)
                .await?;
                rows.iter()
                    .map(|r| {
                        Ok(Ballot {
                            chamber: usize::try_from(r.try_get::<i64, _>(0)?)
                                .map_err(|e| corrupt("chamber", e))?,
                            weight: r.count(1)?,
                            marks: serde_json::from_str(&r.try_get::<String, _>(2)?)
                                .map_err(|e| corrupt("marks", e))?,
                        })
                    })
                    .collect::<Result<Vec<_>, StoreError>>()?
            };
            let t = tally(&d.rules, &ballots);
            let (status, note) = match (&d.action, t.outcome) {
                (Some(a), Outcome::Passed) => {
                    sqlx::query("SAVEPOINT decision_action")
                        .execute(&mut *tx)
                        .await?;
                    match run_action(&mut tx, &d, a, now, today).await {
                        Ok(note) => {
                            sqlx::query("RELEASE SAVEPOINT decision_action")
                                .execute(&mut *tx)
                                .await?;
                            (Some(ActionStatus::CarriedOut), Some(note))
                        }
                        // What the stored state refuses is the decision's to record; a
                        // failing database is not: the close is tried again later.
                        Err(
                            e @ (StoreError::Invalid(_)
                            | StoreError::Conflict(_)
                            | StoreError::NotFound(_)
                            | StoreError::Forbidden(_)),
                        ) => {
                            sqlx::query("ROLLBACK TO SAVEPOINT decision_action")
                                .execute(&mut *tx)
                                .await?;
                            let why = match e {
                                StoreError::Invalid(i) => i
                                    .errors
                                    .iter()
                                    .map(|f| f.reason.as_str())
                                    .collect::<Vec<_>>()
                                    .join("; "),
                                e => e.to_string(),
                            };
                            (Some(ActionStatus::NotCarriedOut), Some(why))
                        }
                        Err(e) => return Err(e),
                    }
                }
                _ => (None, None),
            };
            let n = sqlx::query(
                "UPDATE decisions SET closed_at = $2, outcome = $3, tally = $4, action_status = $5, action_note = $6 \
                 WHERE id = $1 AND closed_at IS NULL",
            )
            .bind(id.to_string())
            .bind(now)
            .bind(t.outcome.id())
            .bind(serde_json::to_string(&t).map_err(|e| corrupt("tally", e))?)
            .bind(status.map(|s| s.id()))
            .bind(note)
            .execute(&mut *tx)
            .await?
            .rows_affected();
            if n != 1 {
                return Err(StoreError::Corrupt(
                    "a decision closed twice in one transaction".into(),
                ));
            }
            Ok(())
        })?;
        self.decision(id).await
    }

    /// What members hold as capital in `org`, per member and currency (patronage retained).
    pub async fn member_capital(&self, org: Uuid) -> Result<Vec<(Uuid, Money)>, StoreError> {
        let rows = sqlx::query(
            "SELECT member_id, currency, CAST(SUM(amount) AS BIGINT) FROM member_capital WHERE organization_id = $1 \
             GROUP BY member_id, currency ORDER BY member_id, currency",
        )
        .bind(org.to_string())
        .fetch_all(&self.pool)
        .await?;
        rows.iter()
            .map(|r| {
                let cur = r.currency(1)?;
                Ok((r.uuid(0)?, Money::new(r.try_get::<i64, _>(2)?, cur)))
            })
            .collect()
    }
}

/// See [`Store::network_tree`]: the directory's tree of active links, each organization with
/// the stake of its link inside the tree: its own link to `network` where that states one,
/// else the stake of another link in the tree (the first by network id).
async fn network_tree_in(
    conn: &mut sqlx::AnyConnection,
    network: Uuid,
) -> Result<Vec<(Uuid, Option<StakeholderCategory>)>, StoreError> {
    let rows = sqlx::query(&format!(
        "{} SELECT t.id, (SELECT n.stakeholder FROM network_memberships n WHERE n.member_id = t.id \
         AND n.status = 'active' AND (n.network_id = $1 OR n.network_id IN (SELECT id FROM tree)) \
         ORDER BY CASE WHEN n.stakeholder IS NULL THEN 1 ELSE 0 END, \
         CASE WHEN n.network_id = $1 THEN 0 ELSE 1 END, n.network_id LIMIT 1) FROM tree t ORDER BY t.id",
        crate::organizations::NETWORK_TREE
    ))
    .bind(network.to_string())
    .fetch_all(&mut *conn)
    .await?;
    rows.iter()
        .map(|r| Ok((r.uuid(0)?, r.opt_concept::<StakeholderCategory, _>(1)?)))
        .filter(|r: &Result<(Uuid, _), StoreError>| !matches!(r, Ok((id, _)) if *id == network))
        .collect()
}

/// Marks as people read them: the options' names.
pub fn choice_json(rules: &Rules, marks: &Marks) -> serde_json::Value {
    let name = |i: usize| rules.options.get(i).cloned().unwrap_or_default();
    match marks {
        Marks::Ranking(r) => serde_json::json!(r.iter().map(|&i| name(i)).collect::<Vec<_>>()),
        Marks::Points(p)
            if matches!(
                rules.kind,
                bayanihan_domain::governance::DecisionKind::Score
                    | bayanihan_domain::governance::DecisionKind::DotVote
            ) =>
        {
            serde_json::Value::Object(
                p.iter()
                    .map(|&(i, n)| (name(i), serde_json::json!(n)))
                    .collect(),
            )
        }
        Marks::Points(p) => serde_json::json!(p.iter().map(|&(i, _)| name(i)).collect::<Vec<_>>()),
    }
}

/// Checks that an action's target exists and is the organization's to act on.
pub(crate) type Caster = crate::group_commit::Queue<(NewBallot, i64), ()>;

/// Records every ballot of a batch in one write transaction: `Err` only for a failure of the
/// whole batch; each ballot's own refusal is in its slot.
async fn cast_batch(
    store: &Store,
    batch: &[(NewBallot, i64)],
) -> Result<Vec<Result<(), StoreError>>, StoreError> {
    write_tx!(keeps_access; store, tx, {
        let mut results = Vec::with_capacity(batch.len());
        for (b, now) in batch {
            match cast_in(&mut tx, b, *now).await {
                Ok(()) => results.push(Ok(())),
                Err(
                    e
                    @ (StoreError::Conflict(_) | StoreError::Invalid(_) | StoreError::NotFound(_)),
                ) => results.push(Err(e)),
                Err(e) => return Err(e),
            }
        }
        Ok(results)
    })
}

/// One ballot, inside the batch's transaction. Every check comes before its first write (the
/// insert that finds a ballot in already writes nothing), so a refused ballot leaves nothing.
async fn cast_in(tx: &mut Tx, b: &NewBallot, now: i64) -> Result<(), StoreError> {
    let row: Option<(i64, i64, Option<i64>, i64)> = sqlx::query_as(
        "SELECT opens_at, closes_at, closed_at, anonymous FROM decisions WHERE id = $1",
    )
    .bind(b.decision.to_string())
    .fetch_optional(&mut **tx)
    .await?;
    let (opens, closes, closed, anonymous) = row.ok_or(StoreError::NotFound("decision"))?;
    if closed.is_some() || now < opens || now >= closes {
        return Err(StoreError::Conflict(Conflict::VoteNotOpen));
    }
    let voter = voter_in(tx, b.decision, b.voter).await?.ok_or_else(|| {
        invalid(
            "voter_id",
            "not in this decision's electorate (it was fixed when the vote opened)",
        )
    })?;
    if b.mode == BallotMode::Proxy {
        let holder: Option<String> = sqlx::query_scalar(
            "SELECT holder_id FROM proxies WHERE decision_id = $1 AND giver_id = $2",
        )
        .bind(b.decision.to_string())
        .bind(b.voter.to_string())
        .fetch_optional(&mut **tx)
        .await?;
        if holder.as_deref() != Some(b.cast_by.to_string().as_str()) {
            return Err(invalid(
                "voter_id",
                "you hold no proxy of this person for this decision",
            ));
        }
    }
    let inserted = sqlx::query(
        "INSERT INTO decision_voters (decision_id, voter_id, cast_by, mode, meeting, witness, cast_at) \
         SELECT $1, $2, $3, $4, $5, $6, $7 WHERE NOT EXISTS \
         (SELECT 1 FROM decision_voters WHERE decision_id = $1 AND voter_id = $2)",
    )
    .bind(b.decision.to_string())
    .bind(b.voter.to_string())
    .bind(b.cast_by.to_string())
    .bind(b.mode.id())
    .bind(b.meeting.as_deref())
    .bind(b.witness.as_deref())
    .bind(now)
    .execute(&mut **tx)
    .await?
    .rows_affected();
    if inserted == 0 {
        return Err(StoreError::Conflict(Conflict::AlreadyVoted));
    }
    sqlx::query(
        "INSERT INTO ballots (id, decision_id, voter_id, chamber, weight, marks, reason) \
         VALUES ($1, $2, $3, $4, $5, $6, $7)",
    )
    .bind(Uuid::new_v4().to_string())
    .bind(b.decision.to_string())
    .bind((anonymous == 0).then(|| b.voter.to_string()))
    .bind(voter.chamber as i64)
    .bind(i64::try_from(voter.weight).map_err(|e| corrupt("weight", e))?)
    .bind(serde_json::to_string(&b.marks).map_err(|e| corrupt("marks", e))?)
    .bind(b.reason.as_deref())
    .execute(&mut **tx)
    .await?;
    Ok(())
}

/// Whether `org` may carry `a` out now; the action as it would run (a price list's
/// fingerprint taken from the cycle's offers as they stand).
async fn check_action(tx: &mut Tx, org: Uuid, a: &Action) -> Result<Checked, StoreError> {
    check_target(tx, org, a).await?;
    match a {
        Action::ApprovePriceList { cycle_id, .. } => {
            let (digest, offers) = price_list(tx, *cycle_id).await?;
            if offers == 0 {
                return Err(invalid(
                    "action.cycle_id",
                    "this cycle has no offers yet: there is no price list to approve",
                ));
            }
            Ok(Checked {
                action: Action::ApprovePriceList {
                    cycle_id: *cycle_id,
                    digest,
                },
                offers,
            })
        }
        a => Ok(Checked {
            action: a.clone(),
            offers: 0,
        }),
    }
}

/// An action as [`check_action`] found it runnable now.
struct Checked {
    action: Action,
    /// For a price list: how many offers it has.
    offers: usize,
}

/// A cycle's price list: its fingerprint and how many offers it has (a season's prepaid
/// offers are no price list's).
async fn price_list(tx: &mut Tx, cycle: Uuid) -> Result<(String, usize), StoreError> {
    let rows: Vec<(String, i64, String)> = sqlx::query_as(
        "SELECT id, producer_price, fees FROM offers WHERE cycle_id = $1 AND prepaid = 0",
    )
    .bind(cycle.to_string())
    .fetch_all(&mut **tx)
    .await?;
    let offers = rows
        .iter()
        .map(|(id, price, fees)| Ok((crate::rows::uuid_text(id)?, *price, fees.as_str())))
        .collect::<Result<Vec<_>, StoreError>>()?;
    Ok((price_list_digest(&offers), offers.len()))
}

async fn check_target(tx: &mut Tx, org: Uuid, a: &Action) -> Result<(), StoreError> {
    match a {
        // Its members are the electorate; their patronage is read when it runs.
        Action::PatronageRefund { .. } => Ok(()),
        Action::ApprovePriceList { cycle_id, .. } => {
            let row: Option<(String, String, Option<String>)> = sqlx::query_as(
                "SELECT hub_id, status, prices_approved_by FROM cycles WHERE id = $1",
            )
            .bind(cycle_id.to_string())
            .fetch_optional(&mut **tx)
            .await?;
            let reason = match row {
                Some((hub, _, _)) if hub != org.to_string() => "no cycle run by this organization",
                None => "no cycle run by this organization",
                Some((_, status, _)) if status == "closed" => {
                    "this cycle is closed: its prices can no longer be approved"
                }
                Some((_, _, Some(_))) => "this cycle's prices and fees are approved already",
                // Its offers are read once, by `check_action`.
                Some(_) => return Ok(()),
            };
            Err(invalid("action.cycle_id", reason))
        }
        Action::AdmitMember { organization_id } | Action::RemoveMember { organization_id } => {
            let status: Option<String> = sqlx::query_scalar(
                "SELECT status FROM network_memberships WHERE network_id = $1 AND member_id = $2",
            )
            .bind(org.to_string())
            .bind(organization_id.to_string())
            .fetch_optional(&mut **tx)
            .await?;
            let ok = matches!(
                (a, status.as_deref()),
                (Action::AdmitMember { .. }, Some("applied" | "invited"))
                    | (Action::RemoveMember { .. }, Some("active" | "suspended"))
            );
            if ok {
                Ok(())
            } else {
                Err(invalid(
                    "action.organization_id",
                    match a {
                        Action::AdmitMember { .. } => "this organization has not applied to (nor been invited by) this network",
                        _ => "this organization is not a member of this network",
                    },
                ))
            }
        }
        Action::ApplyClearing { round_id } => {
            let row: Option<(String, String)> =
                sqlx::query_as("SELECT network_id, status FROM clearing_rounds WHERE id = $1")
                    .bind(round_id.to_string())
                    .fetch_optional(&mut **tx)
                    .await?;
            match row {
                Some((n, s)) if n == org.to_string() && s == "proposed" => Ok(()),
                Some((n, _)) if n == org.to_string() => Err(invalid(
                    "action.round_id",
                    "this round is no longer a proposal",
                )),
                _ => Err(invalid(
                    "action.round_id",
                    "no proposed clearing round of this network",
                )),
            }
        }
        Action::SeasonShortfallRule { season_id, .. } => {
            let row: Option<(String, String, Option<i64>)> =
                sqlx::query_as("SELECT hub_id, producer_id, settled_at FROM seasons WHERE id = $1")
                    .bind(season_id.to_string())
                    .fetch_optional(&mut **tx)
                    .await?;
            match row {
                Some((hub, producer, None))
                    if hub == org.to_string() || producer == org.to_string() =>
                {
                    Ok(())
                }
                Some((_, _, Some(_))) => Err(invalid(
                    "action.season_id",
                    "this season is settled: its rule can no longer change",
                )),
                _ => Err(invalid(
                    "action.season_id",
                    "no season of this organization",
                )),
            }
        }
    }
}

/// Each member's trade in `[from, to]` in `currency`: a person's purchases through the
/// organization (their lines' totals in cycles delivered in the period); a member
/// organization's invoiced trade (obligations of cycles delivered in the period, as debtor
/// or creditor).
async fn patronage_of(
    tx: &mut Tx,
    d: &Decision,
    currency: Currency,
    from: jiff::civil::Date,
    to: jiff::civil::Date,
) -> Result<Vec<(Uuid, Money)>, StoreError> {
    let members: Vec<String> = sqlx::query_scalar(
        "SELECT voter_id FROM decision_electorate WHERE decision_id = $1 ORDER BY voter_id",
    )
    .bind(d.id.to_string())
    .fetch_all(&mut **tx)
    .await?;
    let persons: i64 = sqlx::query_scalar(
        "SELECT COUNT(*) FROM people WHERE id IN (SELECT voter_id FROM decision_electorate WHERE decision_id = $1)",
    )
    .bind(d.id.to_string())
    .fetch_one(&mut **tx)
    .await?;
    let sql = if persons > 0 {
        "SELECT l.person_id, CAST(SUM(l.total_minor) AS BIGINT) FROM order_lines l JOIN cycles c ON c.id = l.cycle_id \
         WHERE l.consumer_group_id = $1 AND c.currency = $2 AND c.status = 'closed' AND c.delivery_date >= $3 AND c.delivery_date <= $4 \
         AND l.person_id IS NOT NULL AND l.total_minor IS NOT NULL GROUP BY l.person_id"
    } else {
        "SELECT m, CAST(SUM(a) AS BIGINT) FROM (\
           SELECT o.debtor_id AS m, o.amount AS a FROM obligations o JOIN cycles c ON c.id = o.cycle_id \
             WHERE c.currency = $2 AND o.currency = $2 AND c.delivery_date >= $3 AND c.delivery_date <= $4 AND o.creditor_id <> $1 \
           UNION ALL \
           SELECT o.creditor_id AS m, o.amount AS a FROM obligations o JOIN cycles c ON c.id = o.cycle_id \
             WHERE c.currency = $2 AND o.currency = $2 AND c.delivery_date >= $3 AND c.delivery_date <= $4 AND o.debtor_id <> $1\
         ) t GROUP BY m"
    };
    let rows = sqlx::query(sql)
        .bind(d.organization_id.to_string())
        .bind(currency.code())
        .bind(from.to_string())
        .bind(to.to_string())
        .fetch_all(&mut **tx)
        .await?;
    let mut trade: HashMap<String, i64> = HashMap::new();
    for r in &rows {
        trade.insert(r.try_get::<String, _>(0)?, r.try_get::<i64, _>(1)?);
    }
    members
        .iter()
        .map(|m| {
            Ok((
                uuid_text(m)?,
                Money::new(trade.get(m).copied().unwrap_or(0), currency),
            ))
        })
        .collect()
}

/// Runs a passed proposal's action inside the closing transaction; returns what it did.
async fn run_action(
    tx: &mut Tx,
    d: &Decision,
    a: &Action,
    now: i64,
    today: jiff::civil::Date,
) -> Result<String, StoreError> {
    let org = d.organization_id;
    let body = {
        let r = sqlx::query(&format!("{BODY_SELECT} WHERE id = $1"))
            .bind(d.body_id.to_string())
            .fetch_one(&mut **tx)
            .await?;
        body_from_row(&r)?
    };
    let checked = check_action(tx, org, a).await?;
    match a {
        Action::PatronageRefund {
            surplus,
            reserve_bp,
            from,
            to,
            to_where,
        } => {
            let patronage = patronage_of(tx, d, surplus.currency(), *from, *to).await?;
            let division = divide(*surplus, *reserve_bp, &patronage).map_err(|e| match e {
                PatronageError::NoPatronage => invalid(
                    "action",
                    format!("no member traded in {} between {from} and {to}: there is no patronage to divide by", surplus.currency()),
                ),
                e => invalid("action", e.to_string()),
            })?;
            let memo = format!("patronage refund ({})", d.title);
            let mut entries: Vec<Entry> = Vec::new();
            let mut paid = 0usize;
            for (member, amount) in &division.refunds {
                if amount.is_zero() {
                    continue;
                }
                paid += 1;
                match (to_where, body.electorate) {
                    (RefundTo::Capital, _) => {
                        sqlx::query(
                            "INSERT INTO member_capital (id, organization_id, member_id, currency, amount, decision_id, created_at) \
                             VALUES ($1, $2, $3, $4, $5, $6, $7)",
                        )
                        .bind(Uuid::new_v4().to_string())
                        .bind(org.to_string())
                        .bind(member.to_string())
                        .bind(amount.currency().code())
                        .bind(amount.minor())
                        .bind(d.id.to_string())
                        .bind(now)
                        .execute(&mut **tx)
                        .await?;
                    }
                    (RefundTo::Pay, Electorate::MemberOrganizations) => {
                        let (_, e) = crate::seasons::write_obligation(
                            tx, org, *member, *amount, today, &memo, now,
                        )
                        .await?;
                        entries.extend(e);
                    }
                    (RefundTo::Pay, _) => {
                        crate::seasons::write_movement(
                            tx,
                            org,
                            *member,
                            MovementKind::Credit,
                            *amount,
                            &memo,
                            None,
                            Some(d.opened_by),
                            now,
                        )
                        .await?;
                    }
                }
            }
            if !entries.is_empty() {
                crate::chain::seal(tx, &entries, now).await?;
            }
            Ok(format!(
                "reserve {}; {paid} member(s) refunded {} in all ({})",
                division.reserve,
                surplus.checked_sub(division.reserve).unwrap_or(*surplus),
                to_where.label().to_lowercase()
            ))
        }
        Action::AdmitMember { organization_id } => {
            sqlx::query(
                "UPDATE network_memberships SET status = 'active', until = NULL WHERE network_id = $1 AND member_id = $2",
            )
            .bind(org.to_string())
            .bind(organization_id.to_string())
            .execute(&mut **tx)
            .await?;
            Ok("admitted to the network".into())
        }
        Action::RemoveMember { organization_id } => {
            sqlx::query(
                "UPDATE network_memberships SET status = 'ended', until = $3 WHERE network_id = $1 AND member_id = $2",
            )
            .bind(org.to_string())
            .bind(organization_id.to_string())
            .bind(today.to_string())
            .execute(&mut **tx)
            .await?;
            Ok("membership of the network ended".into())
        }
        Action::ApplyClearing { round_id } => {
            match crate::clearing::apply_clearing_in(tx, *round_id, Some(d.opened_by), now, today)
                .await?
            {
                Ok(()) => Ok("clearing round applied".into()),
                Err(status) => Err(StoreError::Conflict(
                    if status == bayanihan_domain::clearing::RoundStatus::Stale {
                        Conflict::RoundStale
                    } else {
                        Conflict::RoundDecided {
                            status: status.id(),
                            applying: true,
                        }
                    },
                )),
            }
        }
        Action::SeasonShortfallRule { season_id, rule } => {
            sqlx::query(
                "UPDATE seasons SET shortfall_rule = $2 WHERE id = $1 AND settled_at IS NULL",
            )
            .bind(season_id.to_string())
            .bind(rule.id())
            .execute(&mut **tx)
            .await?;
            Ok(format!(
                "the season's shortfall rule is now: {}",
                rule.label()
            ))
        }
        Action::ApprovePriceList { cycle_id, .. } => {
            // The fingerprint taken when the vote opened against the list as it is now.
            if checked.action != *a {
                return Err(invalid(
                    "action.cycle_id",
                    "the cycle's offers, prices or fees changed after the vote opened: open a new vote on the list as it is",
                ));
            }
            sqlx::query(
                "UPDATE cycles SET prices_approved_by = $2 WHERE id = $1 AND prices_approved_by IS NULL",
            )
            .bind(cycle_id.to_string())
            .bind(d.id.to_string())
            .execute(&mut **tx)
            .await?;
            Ok(format!(
                "the cycle's price list ({} offer(s), prices and fees) is approved",
                checked.offers
            ))
        }
    }
}
