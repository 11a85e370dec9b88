//! Clearing rounds: a network steward proposes the optimal multilateral set-off of the network's
//! outstanding obligations in one currency ([`bayanihan_clearing`]), every organization sees its
//! own effect, and the round is applied atomically — each set-off recorded as a payment of
//! method `set_off` with its ledger transaction (no cash moves) — or discarded.
//!
//! A proposal records what was outstanding on each obligation it considered. If any of them was
//! paid or changed since, the round is stale: applying it is refused and it must be proposed
//! again, so a set-off never rests on figures that are no longer true.

use bayanihan_clearing::{clear_keyed, Record};
use bayanihan_domain::ledger::Transaction;
use bayanihan_domain::Conflict;
use bayanihan_domain::Currency;
use jiff::civil::Date;
use sqlx::any::AnyRow;
use sqlx::Row;
use uuid::Uuid;

pub use bayanihan_domain::clearing::{effects, ClearingRound, Effect, RoundStatus, SetOff};

use crate::ledger::transaction_statements;
use crate::rows::instant_micros as timestamp;
use crate::rows::Columns;
use crate::stmt::execute_statements;
use crate::stmt::{Param, Stmt};
use crate::{now_micros, Store, StoreError};

const ROUND_SELECT: &str = "SELECT id, network_id, currency, status, obligations, total_debt, net_internal_debt, cleared, \
    proposed_at, decided_at FROM clearing_rounds";

fn round_from_row(r: &AnyRow) -> Result<ClearingRound, StoreError> {
    let currency = r.currency(2)?;
    let m = |i: usize| r.money(i, currency);
    Ok(ClearingRound {
        id: r.uuid(0)?,
        network_id: r.uuid(1)?,
        currency,
        status: r.concept(3)?,
        obligations: r.count(4)?,
        total_debt: m(5)?,
        net_internal_debt: m(6)?,
        cleared: m(7)?,
        proposed_at: r.instant(8)?,
        decided_at: r.try_get::<Option<i64>, _>(9)?.map(timestamp).transpose()?,
    })
}

fn to_i64(v: i128, what: &'static str) -> Result<i64, StoreError> {
    i64::try_from(v).map_err(|_| StoreError::Conflict(Conflict::RoundTooLarge { what }))
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
            StoreError::Conflict(Conflict::NotClearable {
                reason: e.to_string(),
            })
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
                    obligation_id: r.uuid(0)?,
                    debtor_id: r.uuid(1)?,
                    creditor_id: r.uuid(2)?,
                    outstanding: r.money(3, round.currency)?,
                    set_off: r.money(4, round.currency)?,
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
            apply_clearing_in(&mut tx, id, by, now, today).await
        })?;
        match outcome {
            Ok(()) => {
                self.counters.cleared();
                self.clearing_round(id).await
            }
            Err(RoundStatus::Stale) => Err(StoreError::Conflict(Conflict::RoundStale)),
            Err(status) => Err(StoreError::Conflict(Conflict::RoundDecided {
                status: status.id(),
                applying: true,
            })),
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
            return Err(StoreError::Conflict(Conflict::RoundDecided {
                status: round.status.id(),
                applying: false,
            }));
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
                    r.date(0)?,
                    r.currency(1)?,
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

/// Applies a proposed round inside `tx` (see [`Store::apply_clearing`]): `Ok(Err(status))`
/// when the round is not a proposal any more (or went stale, marked so in `tx`).
pub(crate) async fn apply_clearing_in(
    tx: &mut sqlx::Transaction<'static, sqlx::Any>,
    id: Uuid,
    by: Option<Uuid>,
    now: i64,
    today: jiff::civil::Date,
) -> Result<Result<(), RoundStatus>, StoreError> {
    let r = sqlx::query(&format!("{ROUND_SELECT} WHERE id = $1"))
        .bind(id.to_string())
        .fetch_optional(&mut **tx)
        .await?
        .ok_or(StoreError::NotFound("clearing round"))?;
    let round = round_from_row(&r)?;
    if round.status != RoundStatus::Proposed {
        return Ok(Err(round.status));
    }
    let changed: i64 = sqlx::query_scalar(CHANGED)
        .bind(id.to_string())
        .fetch_one(&mut **tx)
        .await?;
    if changed > 0 {
        sqlx::query("UPDATE clearing_rounds SET status = 'stale' WHERE id = $1")
            .bind(id.to_string())
            .execute(&mut **tx)
            .await?;
        return Ok(Err(RoundStatus::Stale));
    }
    let rows = sqlx::query(
        "SELECT obligation_id, debtor_id, creditor_id, set_off FROM clearing_set_offs \
         WHERE round_id = $1 AND set_off > 0 ORDER BY obligation_id",
    )
    .bind(id.to_string())
    .fetch_all(&mut **tx)
    .await?;
    let mut stmts = Vec::new();
    let mut entries = Vec::new();
    for r in &rows {
        let obligation = r.try_get::<String, _>(0)?;
        let amount = r.money(3, round.currency)?;
        let payment = Uuid::new_v4();
        stmts.push(Stmt {
            sql: "INSERT INTO payments (id, obligation_id, amount, method, reference, paid_on, recorded_by, created_at) \
                  VALUES ($1, $2, $3, 'set_off', $4, $5, $6, $7)",
            params: vec![
                Param::Text(payment.to_string()),
                Param::Text(obligation.clone()),
                Param::Int(amount.minor()),
                Param::Text(format!("clearing round {id}")),
                Param::Text(today.to_string()),
                by.map_or(Param::Null, |p| Param::Text(p.to_string())),
                Param::Int(now),
            ],
        });
        let t = Transaction::settlement(
            Uuid::new_v4(),
            format!("set-off (clearing round {id})"),
            r.uuid(1)?,
            r.uuid(2)?,
            amount,
            false,
        )
        .map_err(|e| StoreError::Conflict(Conflict::Ledger(e)))?;
        stmts.extend(transaction_statements(&t, None, now));
        entries.push(bayanihan_domain::chain::Entry::Payment {
            id: payment,
            obligation: crate::rows::uuid_text(&obligation)?,
            debtor: r.uuid(1)?,
            creditor: r.uuid(2)?,
            currency: round.currency.code().to_string(),
            amount: amount.minor(),
            method: "set_off".into(),
            paid_on: today.to_string(),
            reverses: None,
            created_at: now,
        });
        entries.push(crate::chain::transaction_entry(&t, None, now));
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
    execute_statements(tx, &stmts).await?;
    crate::chain::seal(tx, &entries, now).await?;
    Ok(Ok(()))
}
