//! Clearing rounds: a network steward proposes the optimal multilateral set-off of the network's
//! outstanding obligations in one currency ([`bayanihan_clearing`]), every organization sees its
//! own effect, and the round is applied atomically — each set-off recorded as a payment of
//! method `set_off` with its ledger transaction (no cash moves) — or discarded.
//!
//! A proposal records what was outstanding on each obligation it considered. If any of them was
//! paid or changed since, the round is stale: applying it is refused and it must be proposed
//! again, so a set-off never rests on figures that are no longer true.

use std::collections::BTreeMap;

use bayanihan_clearing::{clear_keyed, Record};
use bayanihan_domain::ledger::Transaction;
use bayanihan_domain::{Currency, Money};
use jiff::civil::Date;
use jiff::Timestamp;
use serde::Serialize;
use sqlx::any::AnyRow;
use sqlx::Row;
use uuid::Uuid;

use crate::closing::{transaction_statements, Param, Stmt};
use crate::organizations::{parse_uuid, timestamp};
use crate::trade::execute_statements;
use crate::{now_micros, Store, StoreError};

/// Where a round stands.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "snake_case")]
pub enum RoundStatus {
    Proposed,
    Applied,
    Discarded,
    /// An obligation was paid or changed after the proposal: propose again.
    Stale,
}

impl RoundStatus {
    pub fn id(self) -> &'static str {
        match self {
            RoundStatus::Proposed => "proposed",
            RoundStatus::Applied => "applied",
            RoundStatus::Discarded => "discarded",
            RoundStatus::Stale => "stale",
        }
    }

    fn parse(s: &str) -> Result<RoundStatus, StoreError> {
        Ok(match s {
            "proposed" => RoundStatus::Proposed,
            "applied" => RoundStatus::Applied,
            "discarded" => RoundStatus::Discarded,
            "stale" => RoundStatus::Stale,
            other => return Err(StoreError::Corrupt(format!("round status {other}"))),
        })
    }
}

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

const ROUND_SELECT: &str = "SELECT id, network_id, currency, status, obligations, total_debt, net_internal_debt, cleared, \
    proposed_at, decided_at FROM clearing_rounds";

fn round_from_row(r: &AnyRow) -> Result<ClearingRound, StoreError> {
    let currency = Currency::parse(&r.try_get::<String, _>(2)?)
        .map_err(|e| StoreError::Corrupt(format!("currency: {e}")))?;
    let m = |i: usize| -> Result<Money, StoreError> { Ok(Money::new(r.try_get(i)?, currency)) };
    Ok(ClearingRound {
        id: parse_uuid(&r.try_get::<String, _>(0)?)?,
        network_id: parse_uuid(&r.try_get::<String, _>(1)?)?,
        currency,
        status: RoundStatus::parse(&r.try_get::<String, _>(3)?)?,
        obligations: r.try_get::<i64, _>(4)? as u64,
        total_debt: m(5)?,
        net_internal_debt: m(6)?,
        cleared: m(7)?,
        proposed_at: timestamp(r.try_get(8)?)?,
        decided_at: r.try_get::<Option<i64>, _>(9)?.map(timestamp).transpose()?,
    })
}

fn to_i64(v: i128, what: &str) -> Result<i64, StoreError> {
    i64::try_from(v).map_err(|_| {
        StoreError::Conflict(format!("The {what} of this round is too large to record."))
    })
}

impl Store {
    /// Proposes the optimal set-off of a network's outstanding obligations in `currency`.
    pub async fn propose_clearing(
        &self,
        network: Uuid,
        currency: Currency,
        by: Option<Uuid>,
    ) -> Result<ClearingRound, StoreError> {
        let obligations: Vec<_> = self
            .network_obligations(network)
            .await?
            .into_iter()
            .filter(|o| o.amount.currency() == currency && o.outstanding.minor() > 0)
            .collect();
        let records: Vec<Record<Uuid, Uuid, Date>> = obligations
            .iter()
            .map(|o| Record {
                id: o.id,
                debtor: o.debtor_id,
                creditor: o.creditor_id,
                amount: o.outstanding.minor(),
                due: o.due_date,
            })
            .collect();
        let result = clear_keyed(&records).map_err(|e| {
            StoreError::Conflict(format!("These obligations cannot be cleared: {e}"))
        })?;
        let id = Uuid::new_v4();
        let s = &result.summary;
        let mut stmts = vec![Stmt {
            sql: "INSERT INTO clearing_rounds (id, network_id, currency, status, obligations, total_debt, net_internal_debt, cleared, \
                  proposed_by, proposed_at, decided_by, decided_at, applied_on) \
                  VALUES ($1, $2, $3, 'proposed', $4, $5, $6, $7, $8, $9, NULL, NULL, NULL)",
            params: vec![
                Param::Text(id.to_string()),
                Param::Text(network.to_string()),
                Param::Text(currency.code().into()),
                Param::Int(obligations.len() as i64),
                Param::Int(to_i64(s.total_debt, "total debt")?),
                Param::Int(to_i64(s.net_internal_debt, "net internal debt")?),
                Param::Int(to_i64(s.cleared, "cleared amount")?),
                by.map_or(Param::Null, |p| Param::Text(p.to_string())),
                Param::Int(now_micros()),
            ],
        }];
        for (o, set_off) in obligations.iter().zip(&result.set_off) {
            stmts.push(Stmt {
                sql: "INSERT INTO clearing_set_offs (round_id, obligation_id, debtor_id, creditor_id, outstanding, set_off) \
                      VALUES ($1, $2, $3, $4, $5, $6)",
                params: vec![
                    Param::Text(id.to_string()),
                    Param::Text(o.id.to_string()),
                    Param::Text(o.debtor_id.to_string()),
                    Param::Text(o.creditor_id.to_string()),
                    Param::Int(o.outstanding.minor()),
                    Param::Int(*set_off),
                ],
            });
        }
        write_tx!(self, tx, {
            execute_statements(&mut tx, &stmts).await?;
            Ok(())
        })?;
        self.clearing_round(id).await
    }

    /// A round, found stale first if an obligation changed since it was proposed.
    pub async fn clearing_round(&self, id: Uuid) -> Result<ClearingRound, StoreError> {
        let round = sqlx::query(&format!("{ROUND_SELECT} WHERE id = $1"))
            .bind(id.to_string())
            .fetch_optional(&self.pool)
            .await?
            .ok_or(StoreError::NotFound("clearing round"))?;
        let round = round_from_row(&round)?;
        // Stale is worked out on reading, never written by a read: looking at a round (which
        // anyone signed in may try) changes nothing. Applying records it, in its transaction.
        if round.status == RoundStatus::Proposed && self.changed_since(id).await? > 0 {
            return Ok(ClearingRound {
                status: RoundStatus::Stale,
                ..round
            });
        }
        Ok(round)
    }

    /// How many of a round's obligations are no longer outstanding as proposed.
    async fn changed_since(&self, id: Uuid) -> Result<i64, StoreError> {
        Ok(sqlx::query_scalar(CHANGED)
            .bind(id.to_string())
            .fetch_one(&self.pool)
            .await?)
    }

    /// A network's rounds, newest first.
    pub async fn clearing_rounds(&self, network: Uuid) -> Result<Vec<ClearingRound>, StoreError> {
        let rows = sqlx::query(&format!(
            "{ROUND_SELECT} WHERE network_id = $1 ORDER BY proposed_at DESC, id"
        ))
        .bind(network.to_string())
        .fetch_all(&self.pool)
        .await?;
        self.rounds_from(&rows).await
    }

    /// The rounds in which an organization owes or is owed, newest first.
    pub async fn clearing_rounds_of(&self, org: Uuid) -> Result<Vec<ClearingRound>, StoreError> {
        let rows = sqlx::query(&format!(
            "{ROUND_SELECT} r WHERE EXISTS (SELECT 1 FROM clearing_set_offs s \
             WHERE s.round_id = r.id AND (s.debtor_id = $1 OR s.creditor_id = $1)) \
             ORDER BY r.proposed_at DESC, r.id"
        ))
        .bind(org.to_string())
        .fetch_all(&self.pool)
        .await?;
        self.rounds_from(&rows).await
    }

    /// Rounds from their rows; only the proposed ones are checked for staleness.
    async fn rounds_from(&self, rows: &[AnyRow]) -> Result<Vec<ClearingRound>, StoreError> {
        let mut out = Vec::with_capacity(rows.len());
        for r in rows {
            let round = round_from_row(r)?;
            out.push(if round.status == RoundStatus::Proposed {
                self.clearing_round(round.id).await?
            } else {
                round
            });
        }
        Ok(out)
    }

    /// The obligations of a round, of one organization (as debtor or creditor) when given.
    pub async fn clearing_set_offs(
        &self,
        round: &ClearingRound,
        org: Option<Uuid>,
    ) -> Result<Vec<SetOff>, StoreError> {
        let rows = sqlx::query(
            "SELECT obligation_id, debtor_id, creditor_id, outstanding, set_off FROM clearing_set_offs \
             WHERE round_id = $1 AND ($2 IS NULL OR debtor_id = $2 OR creditor_id = $2) ORDER BY obligation_id",
        )
        .bind(round.id.to_string())
        .bind(org.map(|o| o.to_string()))
        .fetch_all(&self.pool)
        .await?;
        rows.iter()
            .map(|r| {
                Ok(SetOff {
                    obligation_id: parse_uuid(&r.try_get::<String, _>(0)?)?,
                    debtor_id: parse_uuid(&r.try_get::<String, _>(1)?)?,
                    creditor_id: parse_uuid(&r.try_get::<String, _>(2)?)?,
                    outstanding: Money::new(r.try_get(3)?, round.currency),
                    set_off: Money::new(r.try_get(4)?, round.currency),
                })
            })
            .collect()
    }

    /// Applies a proposed round: every set-off becomes a payment of method `set_off` with its
    /// ledger transaction (receivable and payable cancelled, no cash), all in one transaction.
    /// A round whose obligations changed since the proposal is marked stale and refused.
    pub async fn apply_clearing(
        &self,
        id: Uuid,
        by: Option<Uuid>,
    ) -> Result<ClearingRound, StoreError> {
        let now = now_micros();
        let today = crate::today_utc();
        let outcome = write_tx!(self, tx, {
            let r = sqlx::query(&format!("{ROUND_SELECT} WHERE id = $1"))
                .bind(id.to_string())
                .fetch_optional(&mut *tx)
                .await?
                .ok_or(StoreError::NotFound("clearing round"))?;
            let round = round_from_row(&r)?;
            if round.status != RoundStatus::Proposed {
                return Ok(Err(round.status));
            }
            let changed: i64 = sqlx::query_scalar(CHANGED)
                .bind(id.to_string())
                .fetch_one(&mut *tx)
                .await?;
            if changed > 0 {
                sqlx::query("UPDATE clearing_rounds SET status = 'stale' WHERE id = $1")
                    .bind(id.to_string())
                    .execute(&mut *tx)
                    .await?;
                return Ok(Err(RoundStatus::Stale));
            }
            let rows = sqlx::query(
                "SELECT obligation_id, debtor_id, creditor_id, set_off FROM clearing_set_offs \
                 WHERE round_id = $1 AND set_off > 0 ORDER BY obligation_id",
            )
            .bind(id.to_string())
            .fetch_all(&mut *tx)
            .await?;
            let mut stmts = Vec::new();
            for r in &rows {
                let obligation = r.try_get::<String, _>(0)?;
                let amount = Money::new(r.try_get(3)?, round.currency);
                stmts.push(Stmt {
                    sql: "INSERT INTO payments (id, obligation_id, amount, method, reference, paid_on, recorded_by, created_at) \
                          VALUES ($1, $2, $3, 'set_off', $4, $5, $6, $7)",
                    params: vec![
                        Param::Text(Uuid::new_v4().to_string()),
                        Param::Text(obligation),
                        Param::Int(amount.minor()),
                        Param::Text(format!("clearing round {id}")),
                        Param::Text(today.to_string()),
                        by.map_or(Param::Null, |p| Param::Text(p.to_string())),
                        Param::Int(now),
                    ],
                });
                let t = Transaction::settlement(
                    format!("set-off (clearing round {id})"),
                    parse_uuid(&r.try_get::<String, _>(1)?)?,
                    parse_uuid(&r.try_get::<String, _>(2)?)?,
                    amount,
                    false,
                )
                .map_err(|e| StoreError::Conflict(e.to_string()))?;
                stmts.extend(transaction_statements(&t, None, now));
            }
            stmts.push(Stmt {
                sql: "UPDATE clearing_rounds SET status = 'applied', decided_by = $2, decided_at = $3, applied_on = $4 WHERE id = $1",
                params: vec![
                    Param::Text(id.to_string()),
                    by.map_or(Param::Null, |p| Param::Text(p.to_string())),
                    Param::Int(now),
                    Param::Text(today.to_string()),
                ],
            });
            execute_statements(&mut tx, &stmts).await?;
            Ok(Ok(()))
        })?;
        match outcome {
            Ok(()) => self.clearing_round(id).await,
            Err(RoundStatus::Stale) => Err(StoreError::Conflict(
                "An obligation of this round was paid or changed since it was proposed; the round is stale. Propose a new round.".into(),
            )),
            Err(status) => Err(StoreError::Conflict(format!(
                "This round is {} and can no longer be applied.",
                status.id()
            ))),
        }
    }

    /// Discards a proposed (or stale) round.
    pub async fn discard_clearing(
        &self,
        id: Uuid,
        by: Option<Uuid>,
    ) -> Result<ClearingRound, StoreError> {
        let n = write_tx!(self, tx, {
            Ok(sqlx::query(
                "UPDATE clearing_rounds SET status = 'discarded', decided_by = $2, decided_at = $3 \
                 WHERE id = $1 AND status IN ('proposed', 'stale')",
            )
            .bind(id.to_string())
            .bind(by.map(|p| p.to_string()))
            .bind(now_micros())
            .execute(&mut *tx)
            .await?
            .rows_affected())
        })?;
        let round = self.clearing_round(id).await?;
        if n == 0 {
            return Err(StoreError::Conflict(format!(
                "This round is {} and can no longer be discarded.",
                round.status.id()
            )));
        }
        Ok(round)
    }

    /// Set-off by applied rounds, by day and currency: of a network's rounds, or of what one
    /// organization owed (for the liquidity-saved indicator).
    pub async fn applied_set_offs(
        &self,
        network: Option<Uuid>,
        org: Option<Uuid>,
    ) -> Result<Vec<(Date, Currency, i64)>, StoreError> {
        let rows = sqlx::query(
            "SELECT r.applied_on, r.currency, CAST(SUM(s.set_off) AS BIGINT) FROM clearing_rounds r \
             JOIN clearing_set_offs s ON s.round_id = r.id \
             WHERE r.status = 'applied' AND ($1 IS NULL OR r.network_id = $1) AND ($2 IS NULL OR s.debtor_id = $2) \
             GROUP BY r.applied_on, r.currency",
        )
        .bind(network.map(|n| n.to_string()))
        .bind(org.map(|o| o.to_string()))
        .fetch_all(&self.pool)
        .await?;
        rows.iter()
            .map(|r| {
                Ok((
                    crate::organizations::parse_date(&r.try_get::<String, _>(0)?)?,
                    Currency::parse(&r.try_get::<String, _>(1)?)
                        .map_err(|e| StoreError::Corrupt(format!("currency: {e}")))?,
                    r.try_get::<Option<i64>, _>(2)?.unwrap_or(0),
                ))
            })
            .collect()
    }
}

/// Obligations of a round whose outstanding amount is no longer what the round recorded.
const CHANGED: &str = "SELECT COUNT(*) FROM clearing_set_offs s JOIN obligations o ON o.id = s.obligation_id \
    WHERE s.round_id = $1 AND s.outstanding <> o.amount - \
    CAST(COALESCE((SELECT SUM(p.amount) FROM payments p WHERE p.obligation_id = o.id), 0) AS BIGINT)";
