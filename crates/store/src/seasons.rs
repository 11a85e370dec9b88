//! Seasons, pre-financing and member wallets (the rules are `bayanihan_domain::season`).
//!
//! Every write is one transaction. Writes that depend on the clock take `now` (microseconds)
//! from the caller, so tests and the demo can walk a season through its calendar; the use
//! cases pass the real clock.
//!
//! - A sign-up takes a place with one conditional `UPDATE season_pickups SET taken = taken + 1
//!   WHERE taken < capacity`: on SQLite under the write lock, on PostgreSQL atomically on the
//!   row, so concurrent sign-ups never pass the capacity.
//! - Rounds close when the season is next written after their closing time
//!   ([`Store::advance_rounds`]): no scheduler needed.
//! - An advance writes two obligations, a cash payment, their ledger transactions and their
//!   chain entries ([`bayanihan_domain::season::prefinance`]).
//! - A delivery's lines are made into a cycle of the hub once its absences close; after the
//!   cycle closes, [`Store::settle_season_delivery`] repays the advances in kind.

use std::collections::{BTreeMap, HashMap};

use bayanihan_domain::chain::Entry;
use bayanihan_domain::ledger::Transaction;
use bayanihan_domain::season::prefinance::{
    self, DeliverySettlement, ADVANCE_MEMO, INSTALMENT_MEMO, IN_KIND, RESERVE_MEMO, UNCOVERED_MEMO,
    WRITTEN_OFF,
};
use bayanihan_domain::season::rounds::{self, Closing, Round, RoundStatus};
use bayanihan_domain::season::statement::{self, SeasonStatement, ShareFigures};
use bayanihan_domain::season::wallet::{
    self, Balance, MovementKind, WalletAccount, WalletMovement,
};
use bayanihan_domain::season::{
    absence_deadline, AbsenceRule, Delivery, Instalment, Season, SeasonDraft, SeasonPickup, Share,
    ShareKind, ShareStatus, SignUp,
};
use bayanihan_domain::trade::allocation::Policy;
use bayanihan_domain::trade::records::{CycleDraft, Participant, PickupPointDraft};
use bayanihan_domain::trade::settle::ObligationDraft;
use bayanihan_domain::{Conflict, Currency, Invalid, Money};
use jiff::civil::Date;
use jiff::Timestamp;
use serde::{Deserialize, Serialize};
use sqlx::any::AnyRow;
use sqlx::{Any, Row, Transaction as SqlTx};
use uuid::Uuid;

use crate::chain::{obligation_entry, transaction_entry};
use crate::ledger::transaction_statements;
use crate::rows::{corrupt, instant_micros, Columns};
use crate::stmt::execute_statements;
use crate::{Store, StoreError};

type Tx = SqlTx<'static, Any>;

fn invalid(field: &str, reason: impl Into<String>) -> StoreError {
    StoreError::Invalid(Invalid::field(field, reason))
}

fn ts(micros: i64) -> Result<Timestamp, StoreError> {
    instant_micros(micros)
}

#[derive(Serialize, Deserialize)]
struct StoredInstalment {
    due_on: String,
    basis_points: u32,
}

/// An advance as a group's treasurer records it.
#[derive(Debug, Clone)]
pub struct AdvanceDraft {
    pub consumer_group_id: Uuid,
    pub amount_minor: i64,
    pub paid_on: Date,
    pub method: bayanihan_domain::trade::records::PaymentMethod,
    pub recorded_by: Option<Uuid>,
}

const SEASON_SELECT: &str = "SELECT s.id, s.hub_id, h.name, s.producer_id, p.name, s.name, s.currency, s.starts_on, s.ends_on, \
    s.signup_opens_at, s.signup_closes_at, s.round_days, s.max_rounds, s.budget, s.reserve, s.absence_rule, \
    s.absence_cutoff_days, s.shortfall_rule, s.instalments, s.settled_at \
    FROM seasons s JOIN organizations h ON h.id = s.hub_id JOIN organizations p ON p.id = s.producer_id";

const SHARE_SELECT: &str = "SELECT id, season_id, share_kind_id, consumer_group_id, person_id, pickup_id, status, seq, pledge FROM season_shares";

/// What a share is due: its pledge, or the nominal price of its kind.
const SHARE_DUE: &str = "COALESCE(sh.pledge, k.units_per_delivery * k.unit_price * \
    (SELECT COUNT(*) FROM season_deliveries d WHERE d.season_id = sh.season_id))";

async fn read_season(conn: &mut sqlx::AnyConnection, id: Uuid) -> Result<Season, StoreError> {
    let r = sqlx::query(&format!("{SEASON_SELECT} WHERE s.id = $1"))
        .bind(id.to_string())
        .fetch_optional(&mut *conn)
        .await?
        .ok_or(StoreError::NotFound("season"))?;
    let currency = r.currency(6)?;
    let instalments: Vec<StoredInstalment> = serde_json::from_str(&r.try_get::<String, _>(18)?)
        .map_err(|e| corrupt("instalments", e))?;
    let instalments = instalments
        .into_iter()
        .map(|i| {
            Ok(Instalment {
                due_on: i.due_on.parse().map_err(|e| corrupt("instalments", e))?,
                basis_points: i.basis_points,
            })
        })
        .collect::<Result<Vec<_>, StoreError>>()?;
    let cutoff = r.try_get::<i64, _>(16)? as u32;
    let deliveries = sqlx::query(
        "SELECT seq, delivery_date, cycle_id, settled_at FROM season_deliveries WHERE season_id = $1 ORDER BY seq",
    )
    .bind(id.to_string())
    .fetch_all(&mut *conn)
    .await?
    .iter()
    .map(|d| {
        let date = d.date(1)?;
        Ok(Delivery {
            seq: d.try_get::<i64, _>(0)? as u32,
            date,
            absences_close_at: absence_deadline(date, cutoff),
            cycle_id: d.opt_uuid(2)?,
            settled: d.try_get::<Option<i64>, _>(3)?.is_some(),
        })
    })
    .collect::<Result<Vec<_>, StoreError>>()?;
    let n = deliveries.len();
    let share_kinds = sqlx::query(
        "SELECT k.id, k.name, k.product_id, p.name, p.unit, k.units_per_delivery, k.unit_price \
         FROM season_share_kinds k JOIN products p ON p.id = k.product_id WHERE k.season_id = $1 ORDER BY k.position",
    )
    .bind(id.to_string())
    .fetch_all(&mut *conn)
    .await?
    .iter()
    .map(|k| {
        let units = k.count(5)?;
        let unit_price = k.money(6, currency)?;
        let per = unit_price
            .checked_mul_int(units as i64)
            .map_err(|e| corrupt("share kind", e))?;
        Ok(ShareKind {
            id: k.uuid(0)?,
            name: k.try_get(1)?,
            product_id: k.uuid(2)?,
            product_name: k.try_get(3)?,
            unit: k.try_get(4)?,
            units_per_delivery: units,
            unit_price,
            price_per_delivery: per,
            nominal: per
                .checked_mul_int(n as i64)
                .map_err(|e| corrupt("share kind", e))?,
        })
    })
    .collect::<Result<Vec<_>, StoreError>>()?;
    let pickup_points = sqlx::query(
        "SELECT p.id, p.name, p.organization_id, p.capacity, p.taken, \
         (SELECT COUNT(*) FROM season_shares w WHERE w.pickup_id = p.id AND w.status = 'waiting') \
         FROM season_pickups p WHERE p.season_id = $1 ORDER BY p.position",
    )
    .bind(id.to_string())
    .fetch_all(&mut *conn)
    .await?
    .iter()
    .map(|p| {
        Ok(SeasonPickup {
            id: p.uuid(0)?,
            name: p.try_get(1)?,
            organization_id: p.uuid(2)?,
            capacity: p.count(3)? as u32,
            taken: p.count(4)?,
            waiting: p.count(5)?,
        })
    })
    .collect::<Result<Vec<_>, StoreError>>()?;
    let consumer_groups = sqlx::query(
        "SELECT g.organization_id FROM season_groups g JOIN organizations o ON o.id = g.organization_id \
         WHERE g.season_id = $1 ORDER BY o.name, g.organization_id",
    )
    .bind(id.to_string())
    .fetch_all(&mut *conn)
    .await?
    .iter()
    .map(|g| g.uuid(0))
    .collect::<Result<Vec<_>, StoreError>>()?;
    let rounds = sqlx::query(
        "SELECT number, opens_at, closes_at, status, pledged FROM season_rounds WHERE season_id = $1 ORDER BY number",
    )
    .bind(id.to_string())
    .fetch_all(&mut *conn)
    .await?
    .iter()
    .map(|x| {
        Ok(Round {
            number: x.try_get::<i64, _>(0)? as u32,
            opens_at: x.instant(1)?,
            closes_at: x.instant(2)?,
            status: x.concept(3)?,
            pledged_minor: x.try_get(4)?,
        })
    })
    .collect::<Result<Vec<_>, StoreError>>()?;
    Ok(Season {
        id,
        hub_id: r.uuid(1)?,
        hub_name: r.try_get(2)?,
        producer_id: r.uuid(3)?,
        producer_name: r.try_get(4)?,
        name: r.try_get(5)?,
        currency,
        starts_on: r.date(7)?,
        ends_on: r.date(8)?,
        signup_opens_at: r.instant(9)?,
        signup_closes_at: r.instant(10)?,
        round_days: r.try_get::<i64, _>(11)? as u32,
        max_rounds: r.try_get::<i64, _>(12)? as u32,
        budget: r.money(13, currency)?,
        reserve: r.money(14, currency)?,
        absence_rule: r.concept(15)?,
        absence_cutoff_days: cutoff,
        shortfall_rule: r.concept(17)?,
        instalments,
        share_kinds,
        pickup_points,
        consumer_groups,
        deliveries,
        rounds,
        settled: r.try_get::<Option<i64>, _>(19)?.is_some(),
    })
}

fn share_from_row(r: &AnyRow, currency: Currency) -> Result<Share, StoreError> {
    Ok(Share {
        id: r.uuid(0)?,
        season_id: r.uuid(1)?,
        share_kind_id: r.uuid(2)?,
        consumer_group_id: r.uuid(3)?,
        person_id: r.opt_uuid(4)?,
        pickup_id: r.uuid(5)?,
        status: r.concept(6)?,
        waiting_position: None,
        pledge: r
            .try_get::<Option<i64>, _>(8)?
            .map(|m| Money::new(m, currency)),
        absences: Vec::new(),
    })
}

/// Raises the season's shares version (every change of its shares does).
async fn shares_changed(tx: &mut Tx, season: Uuid) -> Result<(), StoreError> {
    sqlx::query("UPDATE seasons SET shares_version = shares_version + 1 WHERE id = $1")
        .bind(season.to_string())
        .execute(&mut **tx)
        .await?;
    Ok(())
}

/// Refuses a change that would leave `group` due less than it has paid for the season
/// (checked after the change, inside its transaction: an error rolls it back).
async fn still_covers(tx: &mut Tx, s: &Season, group: Uuid, field: &str) -> Result<(), StoreError> {
    let (due, paid) = group_due_in(tx, s, group).await?;
    if due.minor() < paid.minor() {
        return Err(invalid(
            field,
            format!(
                "the group has paid {paid} for this season already: its shares would be due only {due}"
            ),
        ));
    }
    Ok(())
}

/// Whether a delivery's lines are made: the shares are fixed from then on.
fn lines_made(s: &Season) -> bool {
    s.deliveries.iter().any(|d| d.cycle_id.is_some())
}

/// A share and its season, read inside the caller's transaction.
async fn share_in(
    conn: &mut sqlx::AnyConnection,
    share: Uuid,
) -> Result<(Season, Share), StoreError> {
    let r = sqlx::query(&format!("{SHARE_SELECT} WHERE id = $1"))
        .bind(share.to_string())
        .fetch_optional(&mut *conn)
        .await?
        .ok_or(StoreError::NotFound("share"))?;
    let s = read_season(conn, r.uuid(1)?).await?;
    let sh = share_from_row(&r, s.currency)?;
    Ok((s, sh))
}

/// The pledged sum of a season's active shares.
async fn pledged(conn: &mut sqlx::AnyConnection, season: Uuid) -> Result<i64, StoreError> {
    Ok(sqlx::query_scalar(
        "SELECT CAST(COALESCE(SUM(pledge), 0) AS BIGINT) FROM season_shares WHERE season_id = $1 AND status = 'active'",
    )
    .bind(season.to_string())
    .fetch_one(&mut *conn)
    .await?)
}

/// Closes the season's open round if it is due at `now`, opening the next when it closed short.
async fn advance_rounds_in(tx: &mut Tx, s: &Season, now: Timestamp) -> Result<bool, StoreError> {
    let Some(open) = s.rounds.iter().find(|r| r.status == RoundStatus::Open) else {
        return Ok(false);
    };
    let sum = pledged(tx, s.id).await?;
    match rounds::close_due(
        open,
        now,
        s.budget,
        Money::new(sum, s.currency),
        s.max_rounds,
        s.round_days,
    ) {
        Closing::NotYet => Ok(false),
        Closing::Close { status, next } => {
            sqlx::query("UPDATE season_rounds SET status = $3, pledged = $4 WHERE season_id = $1 AND number = $2")
                .bind(s.id.to_string())
                .bind(i64::from(open.number))
                .bind(status.id())
                .bind(sum)
                .execute(&mut **tx)
                .await?;
            if let Some(n) = next {
                insert_round(tx, s.id, &n).await?;
            }
            Ok(true)
        }
    }
}

async fn insert_round(tx: &mut Tx, season: Uuid, r: &Round) -> Result<(), StoreError> {
    sqlx::query("INSERT INTO season_rounds (season_id, number, opens_at, closes_at, status, pledged) VALUES ($1, $2, $3, $4, $5, NULL)")
        .bind(season.to_string())
        .bind(i64::from(r.number))
        .bind(r.opens_at.as_microsecond())
        .bind(r.closes_at.as_microsecond())
        .bind(r.status.id())
        .execute(&mut **tx)
        .await?;
    Ok(())
}

/// Writes an obligation with its ledger transaction; returns its id and chain entries.
pub(crate) async fn write_obligation(
    tx: &mut Tx,
    debtor: Uuid,
    creditor: Uuid,
    amount: Money,
    due_date: Date,
    memo: &str,
    now: i64,
) -> Result<(Uuid, Vec<Entry>), StoreError> {
    let o = ObligationDraft {
        id: Uuid::new_v4(),
        debtor,
        creditor,
        amount,
        due_date,
        memo: memo.to_string(),
    };
    sqlx::query(
        "INSERT INTO obligations (id, debtor_id, creditor_id, currency, amount, due_date, cycle_id, memo, created_at) \
         VALUES ($1, $2, $3, $4, $5, $6, NULL, $7, $8)",
    )
    .bind(o.id.to_string())
    .bind(debtor.to_string())
    .bind(creditor.to_string())
    .bind(amount.currency().code())
    .bind(amount.minor())
    .bind(due_date.to_string())
    .bind(memo)
    .bind(now)
    .execute(&mut **tx)
    .await?;
    let t = Transaction::obligation(Uuid::new_v4(), memo, debtor, creditor, amount)
        .map_err(|e| StoreError::Conflict(Conflict::Ledger(e)))?;
    execute_statements(tx, &transaction_statements(&t, None, now)).await?;
    Ok((
        o.id,
        vec![
            obligation_entry(&o, None, now),
            transaction_entry(&t, None, now),
        ],
    ))
}

/// Writes a payment against an obligation with its ledger transaction (cash or not, by method).
#[allow(clippy::too_many_arguments)]
pub(crate) async fn write_payment(
    tx: &mut Tx,
    obligation: Uuid,
    debtor: Uuid,
    creditor: Uuid,
    amount: Money,
    method: &str,
    paid_on: Date,
    recorded_by: Option<Uuid>,
    now: i64,
) -> Result<Vec<Entry>, StoreError> {
    let id = Uuid::new_v4();
    sqlx::query(
        "INSERT INTO payments (id, obligation_id, amount, method, reference, paid_on, recorded_by, created_at) \
         VALUES ($1, $2, $3, $4, NULL, $5, $6, $7)",
    )
    .bind(id.to_string())
    .bind(obligation.to_string())
    .bind(amount.minor())
    .bind(method)
    .bind(paid_on.to_string())
    .bind(recorded_by.map(|r| r.to_string()))
    .bind(now)
    .execute(&mut **tx)
    .await?;
    let cash = bayanihan_domain::trade::records::moves_cash(method);
    let t = Transaction::settlement(
        Uuid::new_v4(),
        format!("payment ({method})"),
        debtor,
        creditor,
        amount,
        cash,
    )
    .map_err(|e| StoreError::Conflict(Conflict::Ledger(e)))?;
    execute_statements(tx, &transaction_statements(&t, None, now)).await?;
    Ok(vec![
        Entry::Payment {
            id,
            obligation,
            debtor,
            creditor,
            currency: amount.currency().code().to_string(),
            amount: amount.minor(),
            method: method.to_string(),
            paid_on: paid_on.to_string(),
            reverses: None,
            created_at: now,
        },
        transaction_entry(&t, None, now),
    ])
}

/// A group's outstanding advances (oldest first).
async fn outstanding_advances(
    tx: &mut Tx,
    season: Uuid,
    group: Uuid,
    currency: Currency,
) -> Result<Vec<(Uuid, Money)>, StoreError> {
    sqlx::query(
        "SELECT a.id, CAST(o.amount - COALESCE((SELECT SUM(p.amount) FROM payments p WHERE p.obligation_id = o.id), 0) AS BIGINT) \
         FROM season_advances a JOIN obligations o ON o.id = a.id \
         WHERE a.season_id = $1 AND a.consumer_group_id = $2 ORDER BY a.created_at, a.id",
    )
    .bind(season.to_string())
    .bind(group.to_string())
    .fetch_all(&mut **tx)
    .await?
    .iter()
    .map(|r| Ok((r.uuid(0)?, r.money(1, currency)?)))
    .collect::<Result<Vec<_>, StoreError>>()
    .map(|v| v.into_iter().filter(|(_, m)| m.minor() > 0).collect())
}

/// Sums a member's wallet accounts in `currency`.
async fn wallet_balance_in(
    conn: &mut sqlx::AnyConnection,
    group: Uuid,
    person: Uuid,
    currency: Currency,
) -> Result<Balance, StoreError> {
    let rows = sqlx::query(
        "SELECT account, CAST(SUM(amount) AS BIGINT) FROM wallet_postings \
         WHERE organization_id = $1 AND person_id = $2 AND currency = $3 GROUP BY account",
    )
    .bind(group.to_string())
    .bind(person.to_string())
    .bind(currency.code())
    .fetch_all(&mut *conn)
    .await?;
    let (mut spendable, mut earmarked) = (0i64, 0i64);
    for r in &rows {
        match r.concept::<WalletAccount, _>(0)? {
            WalletAccount::Spendable => spendable = r.try_get(1)?,
            WalletAccount::Earmarked => earmarked = r.try_get(1)?,
            _ => {}
        }
    }
    Ok(Balance::from_accounts(
        Money::new(spendable, currency),
        Money::new(earmarked, currency),
    ))
}

async fn credit_limit_in(
    conn: &mut sqlx::AnyConnection,
    group: Uuid,
    currency: Currency,
) -> Result<Money, StoreError> {
    let v: Option<i64> = sqlx::query_scalar(
        "SELECT credit_limit FROM wallet_limits WHERE organization_id = $1 AND currency = $2",
    )
    .bind(group.to_string())
    .bind(currency.code())
    .fetch_optional(&mut *conn)
    .await?;
    Ok(Money::new(v.unwrap_or(0), currency))
}

/// Writes one wallet movement (checked against the balance and the credit limit).
#[allow(clippy::too_many_arguments)]
pub(crate) async fn write_movement(
    tx: &mut Tx,
    group: Uuid,
    person: Uuid,
    kind: MovementKind,
    amount: Money,
    memo: &str,
    cycle: Option<Uuid>,
    recorded_by: Option<Uuid>,
    now: i64,
) -> Result<Uuid, StoreError> {
    let balance = wallet_balance_in(tx, group, person, amount.currency()).await?;
    let limit = credit_limit_in(tx, group, amount.currency()).await?;
    let postings = wallet::movement(kind, person, amount, balance, limit)?;
    let id = Uuid::new_v4();
    sqlx::query(
        "INSERT INTO wallet_transactions (id, organization_id, person_id, kind, currency, amount, memo, cycle_id, recorded_by, created_at) \
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10)",
    )
    .bind(id.to_string())
    .bind(group.to_string())
    .bind(person.to_string())
    .bind(kind.id())
    .bind(amount.currency().code())
    .bind(amount.minor())
    .bind(memo)
    .bind(cycle.map(|c| c.to_string()))
    .bind(recorded_by.map(|r| r.to_string()))
    .bind(now)
    .execute(&mut **tx)
    .await?;
    for p in postings {
        sqlx::query(
            "INSERT INTO wallet_postings (transaction_id, organization_id, person_id, account, currency, amount) \
             VALUES ($1, $2, $3, $4, $5, $6)",
        )
        .bind(id.to_string())
        .bind(group.to_string())
        .bind(p.person.map(|x| x.to_string()))
        .bind(p.account.id())
        .bind(p.amount.currency().code())
        .bind(p.amount.minor())
        .execute(&mut **tx)
        .await?;
    }
    Ok(id)
}

impl Store {
    /// Records a new season with its first contribution round (the sign-up window).
    pub async fn create_season(&self, d: &SeasonDraft) -> Result<Season, StoreError> {
        let id = Uuid::new_v4();
        let now = crate::now_micros();
        write_tx!(self, tx, {
            let mut inv = Invalid { errors: Vec::new() };
            for (n, k) in d.share_kinds.iter().enumerate() {
                let owner: Option<String> =
                    sqlx::query_scalar("SELECT organization_id FROM products WHERE id = $1")
                        .bind(k.product_id.to_string())
                        .fetch_optional(&mut *tx)
                        .await?;
                if owner.as_deref() != Some(d.producer_id.to_string().as_str()) {
                    inv.errors.push(bayanihan_domain::FieldError {
                        field: format!("share_kinds[{n}].product_id"),
                        reason: "must be a product of the season's producer".into(),
                    });
                }
            }
            for (n, g) in d.consumer_groups.iter().enumerate() {
                if crate::kind_of(&mut tx, *g).await?.is_none() {
                    inv.errors.push(bayanihan_domain::FieldError {
                        field: format!("consumer_groups[{n}]"),
                        reason: "no organization has this id".into(),
                    });
                }
            }
            for (n, p) in d.pickup_points.iter().enumerate() {
                if crate::kind_of(&mut tx, p.organization_id).await?.is_none() {
                    inv.errors.push(bayanihan_domain::FieldError {
                        field: format!("pickup_points[{n}].organization_id"),
                        reason: "no organization has this id".into(),
                    });
                }
            }
            if crate::kind_of(&mut tx, d.producer_id).await?.is_none() {
                inv.errors.push(bayanihan_domain::FieldError {
                    field: "producer_id".into(),
                    reason: "no organization has this id".into(),
                });
            }
            if !inv.errors.is_empty() {
                return Err(StoreError::Invalid(inv));
            }
            let instalments: Vec<StoredInstalment> = d
                .instalments
                .iter()
                .map(|i| StoredInstalment {
                    due_on: i.due_on.to_string(),
                    basis_points: i.basis_points,
                })
                .collect();
            sqlx::query(
                "INSERT INTO seasons (id, hub_id, producer_id, name, currency, starts_on, ends_on, signup_opens_at, signup_closes_at, \
                 round_days, max_rounds, budget, reserve, absence_rule, absence_cutoff_days, shortfall_rule, instalments, settled_at, created_at) \
                 VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15, $16, $17, NULL, $18)",
            )
            .bind(id.to_string())
            .bind(d.hub_id.to_string())
            .bind(d.producer_id.to_string())
            .bind(d.name.clone())
            .bind(d.currency.code())
            .bind(d.starts_on.to_string())
            .bind(d.ends_on.to_string())
            .bind(d.signup_opens_at.as_microsecond())
            .bind(d.signup_closes_at.as_microsecond())
            .bind(i64::from(d.round_days))
            .bind(i64::from(d.max_rounds))
            .bind(d.budget.minor())
            .bind(d.reserve.minor())
            .bind(d.absence_rule.id())
            .bind(i64::from(d.absence_cutoff_days))
            .bind(d.shortfall_rule.id())
            .bind(serde_json::to_string(&instalments).map_err(|e| corrupt("instalments", e))?)
            .bind(now)
            .execute(&mut *tx)
            .await?;
            for g in &d.consumer_groups {
                sqlx::query(
                    "INSERT INTO season_groups (season_id, organization_id) VALUES ($1, $2)",
                )
                .bind(id.to_string())
                .bind(g.to_string())
                .execute(&mut *tx)
                .await?;
            }
            for (n, k) in d.share_kinds.iter().enumerate() {
                sqlx::query(
                    "INSERT INTO season_share_kinds (id, season_id, position, name, product_id, units_per_delivery, unit_price) \
                     VALUES ($1, $2, $3, $4, $5, $6, $7)",
                )
                .bind(Uuid::new_v4().to_string())
                .bind(id.to_string())
                .bind(n as i64)
                .bind(k.name.clone())
                .bind(k.product_id.to_string())
                .bind(k.units_per_delivery as i64)
                .bind(k.unit_price.minor())
                .execute(&mut *tx)
                .await?;
            }
            for (n, p) in d.pickup_points.iter().enumerate() {
                sqlx::query(
                    "INSERT INTO season_pickups (id, season_id, position, name, organization_id, capacity, taken) \
                     VALUES ($1, $2, $3, $4, $5, $6, 0)",
                )
                .bind(Uuid::new_v4().to_string())
                .bind(id.to_string())
                .bind(n as i64)
                .bind(p.name.clone())
                .bind(p.organization_id.to_string())
                .bind(i64::from(p.capacity))
                .execute(&mut *tx)
                .await?;
            }
            for (n, date) in d.deliveries.iter().enumerate() {
                sqlx::query(
                    "INSERT INTO season_deliveries (season_id, seq, delivery_date, cycle_id, settled_at) VALUES ($1, $2, $3, NULL, NULL)",
                )
                .bind(id.to_string())
                .bind(n as i64)
                .bind(date.to_string())
                .execute(&mut *tx)
                .await?;
            }
            insert_round(
                &mut tx,
                id,
                &Round {
                    number: 1,
                    opens_at: d.signup_opens_at,
                    closes_at: d.signup_closes_at,
                    status: RoundStatus::Open,
                    pledged_minor: None,
                },
            )
            .await?;
            Ok(())
        })?;
        self.season(id).await
    }

    /// A season with its kinds, pickup points, calendar and rounds.
    pub async fn season(&self, id: Uuid) -> Result<Season, StoreError> {
        let mut conn = self.pool.acquire().await?;
        read_season(&mut conn, id).await
    }

    /// The seasons an organization runs, produces for, or was invited to; newest first.
    pub async fn seasons_of(&self, org: Uuid) -> Result<Vec<Season>, StoreError> {
        let ids: Vec<String> = sqlx::query_scalar(
            "SELECT id FROM seasons WHERE hub_id = $1 OR producer_id = $1 \
             OR id IN (SELECT season_id FROM season_groups WHERE organization_id = $1) ORDER BY starts_on DESC, id",
        )
        .bind(org.to_string())
        .fetch_all(&self.pool)
        .await?;
        let mut out = Vec::new();
        let mut conn = self.pool.acquire().await?;
        for id in ids {
            out.push(read_season(&mut conn, crate::rows::uuid_text(&id)?).await?);
        }
        Ok(out)
    }

    /// Every season, newest first.
    pub async fn every_season(&self) -> Result<Vec<Season>, StoreError> {
        let ids: Vec<String> =
            sqlx::query_scalar("SELECT id FROM seasons ORDER BY starts_on DESC, id")
                .fetch_all(&self.pool)
                .await?;
        let mut conn = self.pool.acquire().await?;
        let mut out = Vec::with_capacity(ids.len());
        for id in ids {
            out.push(read_season(&mut conn, crate::rows::uuid_text(&id)?).await?);
        }
        Ok(out)
    }

    /// Closes the season's contribution round if it is due at `now` (and opens the next when it
    /// closed short). Returns whether anything changed. Cheap when nothing is due.
    pub async fn advance_rounds(&self, season: Uuid, now: i64) -> Result<bool, StoreError> {
        let s = self.season(season).await?;
        let now_ts = ts(now)?;
        let due = s
            .rounds
            .iter()
            .any(|r| r.status == RoundStatus::Open && now_ts >= r.closes_at);
        if !due {
            return Ok(false);
        }
        write_tx!(self, tx, {
            let s = read_season(&mut tx, season).await?;
            advance_rounds_in(&mut tx, &s, now_ts).await
        })
    }

    /// The shares of a season (every status), waiting ones with their place in line.
    pub async fn season_shares(&self, season: Uuid) -> Result<Vec<Share>, StoreError> {
        let s = self.season(season).await?;
        let rows = sqlx::query(&format!(
            "{SHARE_SELECT} WHERE season_id = $1 ORDER BY pickup_id, status, seq, id"
        ))
        .bind(season.to_string())
        .fetch_all(&self.pool)
        .await?;
        let absences = sqlx::query(
            "SELECT a.share_id, a.seq FROM season_absences a JOIN season_shares s ON s.id = a.share_id \
             WHERE s.season_id = $1 ORDER BY a.seq",
        )
        .bind(season.to_string())
        .fetch_all(&self.pool)
        .await?;
        let mut by_share: HashMap<Uuid, Vec<u32>> = HashMap::new();
        for a in &absences {
            by_share
                .entry(a.uuid(0)?)
                .or_default()
                .push(a.try_get::<i64, _>(1)? as u32);
        }
        let mut place: HashMap<Uuid, u64> = HashMap::new();
        let mut out = Vec::with_capacity(rows.len());
        for r in &rows {
            let mut sh = share_from_row(r, s.currency)?;
            if sh.status == ShareStatus::Waiting {
                let n = place.entry(sh.pickup_id).or_default();
                *n += 1;
                sh.waiting_position = Some(*n);
            }
            sh.absences = by_share.remove(&sh.id).unwrap_or_default();
            out.push(sh);
        }
        Ok(out)
    }

    /// One share.
    pub async fn season_share(&self, id: Uuid) -> Result<Share, StoreError> {
        let season: String =
            sqlx::query_scalar("SELECT season_id FROM season_shares WHERE id = $1")
                .bind(id.to_string())
                .fetch_optional(&self.pool)
                .await?
                .ok_or(StoreError::NotFound("share"))?;
        self.season_shares(crate::rows::uuid_text(&season)?)
            .await?
            .into_iter()
            .find(|s| s.id == id)
            .ok_or(StoreError::NotFound("share"))
    }

    /// The shares a person holds, with their seasons' ids (any status but cancelled).
    pub async fn shares_of_person(&self, person: Uuid) -> Result<Vec<Share>, StoreError> {
        let seasons: Vec<String> = sqlx::query_scalar(
            "SELECT DISTINCT season_id FROM season_shares WHERE person_id = $1 AND status <> 'cancelled'",
        )
        .bind(person.to_string())
        .fetch_all(&self.pool)
        .await?;
        let mut out = Vec::new();
        for s in seasons {
            out.extend(
                self.season_shares(crate::rows::uuid_text(&s)?)
                    .await?
                    .into_iter()
                    .filter(|x| x.person_id == Some(person) && x.status != ShareStatus::Cancelled),
            );
        }
        Ok(out)
    }

    /// Takes a share for a member (or the group): in the sign-up window, in a group invited,
    /// a kind and pickup point of the season, one share per person; a full pickup point puts
    /// the share on its waiting list when `waitlist`, and refuses it otherwise.
    pub async fn sign_up(&self, season: Uuid, u: &SignUp, now: i64) -> Result<Share, StoreError> {
        let now_ts = ts(now)?;
        let id = Uuid::new_v4();
        write_tx!(self, tx, {
            let s = read_season(&mut tx, season).await?;
            if !s.signing_up(now_ts) {
                return Err(invalid(
                    "season_id",
                    format!(
                        "sign-ups for this season are taken from {} to {}",
                        s.signup_opens_at, s.signup_closes_at
                    ),
                ));
            }
            if lines_made(&s) {
                return Err(invalid(
                    "season_id",
                    "the season's deliveries have begun: no more sign-ups",
                ));
            }
            if !s.consumer_groups.contains(&u.consumer_group_id) {
                return Err(invalid(
                    "consumer_group_id",
                    "this group is not invited to the season",
                ));
            }
            if s.share_kind(u.share_kind_id).is_none() {
                return Err(invalid(
                    "share_kind_id",
                    "no share kind of this season has this id",
                ));
            }
            let Some(pickup) = s.pickup_points.iter().find(|p| p.id == u.pickup_id) else {
                return Err(invalid(
                    "pickup_id",
                    "no pickup point of this season has this id",
                ));
            };
            if let Some(p) = u.person_id {
                let held: Option<String> = sqlx::query_scalar(
                    "SELECT id FROM season_shares WHERE season_id = $1 AND person_id = $2 AND status <> 'cancelled'",
                )
                .bind(season.to_string())
                .bind(p.to_string())
                .fetch_optional(&mut *tx)
                .await?;
                if held.is_some() {
                    return Err(invalid(
                        "person_id",
                        "this person holds a share of this season already",
                    ));
                }
            }
            let took = sqlx::query(
                "UPDATE season_pickups SET taken = taken + 1 WHERE id = $1 AND taken < capacity",
            )
            .bind(u.pickup_id.to_string())
            .execute(&mut *tx)
            .await?
            .rows_affected()
                == 1;
            let status = if took {
                ShareStatus::Active
            } else if u.waitlist {
                ShareStatus::Waiting
            } else {
                return Err(invalid(
                    "pickup_id",
                    format!(
                        "{} is full ({} places); join its waiting list instead",
                        pickup.name, pickup.capacity
                    ),
                ));
            };
            sqlx::query(
                "INSERT INTO season_shares (id, season_id, share_kind_id, consumer_group_id, person_id, pickup_id, status, seq, pledge, pledged_at, created_at, updated_at) \
                 VALUES ($1, $2, $3, $4, $5, $6, $7, $8, NULL, NULL, $8, $8)",
            )
            .bind(id.to_string())
            .bind(season.to_string())
            .bind(u.share_kind_id.to_string())
            .bind(u.consumer_group_id.to_string())
            .bind(u.person_id.map(|p| p.to_string()))
            .bind(u.pickup_id.to_string())
            .bind(status.id())
            .bind(now)
            .execute(&mut *tx)
            .await?;
            shares_changed(&mut tx, season).await?;
            Ok(())
        })?;
        self.season_share(id).await
    }

    /// Gives a share up while the sign-up is open (or while it waits): an active share frees
    /// its place, which goes to the first share waiting at that pickup point.
    pub async fn cancel_share(&self, share: Uuid, now: i64) -> Result<Share, StoreError> {
        let now_ts = ts(now)?;
        write_tx!(self, tx, {
            let (s, sh) = share_in(&mut tx, share).await?;
            if sh.status != ShareStatus::Cancelled && lines_made(&s) {
                return Err(invalid(
                    "share_id",
                    "the season's deliveries have begun: a share is no longer given up",
                ));
            }
            match sh.status {
                ShareStatus::Cancelled => return Ok(()),
                ShareStatus::Active if !s.signing_up(now_ts) => {
                    return Err(invalid(
                        "share_id",
                        "an active share is given up only while the sign-up is open: ask the group's coordinator",
                    ))
                }
                _ => {}
            }
            sqlx::query(
                "UPDATE season_shares SET status = 'cancelled', updated_at = $2 WHERE id = $1",
            )
            .bind(share.to_string())
            .bind(now)
            .execute(&mut *tx)
            .await?;
            if sh.status == ShareStatus::Active {
                let next: Option<String> = sqlx::query_scalar(
                    "SELECT id FROM season_shares WHERE pickup_id = $1 AND status = 'waiting' ORDER BY seq, id LIMIT 1",
                )
                .bind(sh.pickup_id.to_string())
                .fetch_optional(&mut *tx)
                .await?;
                match next {
                    Some(n) => {
                        sqlx::query("UPDATE season_shares SET status = 'active', updated_at = $2 WHERE id = $1")
                            .bind(n)
                            .bind(now)
                            .execute(&mut *tx)
                            .await?;
                    }
                    None => {
                        sqlx::query("UPDATE season_pickups SET taken = taken - 1 WHERE id = $1")
                            .bind(sh.pickup_id.to_string())
                            .execute(&mut *tx)
                            .await?;
                    }
                }
                still_covers(&mut tx, &s, sh.consumer_group_id, "share_id").await?;
            }
            shares_changed(&mut tx, s.id).await?;
            Ok(())
        })?;
        self.season_share(share).await
    }

    /// Records a pledge for an active share while a contribution round is open.
    pub async fn pledge(
        &self,
        share: Uuid,
        amount_minor: i64,
        now: i64,
    ) -> Result<Share, StoreError> {
        let now_ts = ts(now)?;
        write_tx!(self, tx, {
            let season: String =
                sqlx::query_scalar("SELECT season_id FROM season_shares WHERE id = $1")
                    .bind(share.to_string())
                    .fetch_optional(&mut *tx)
                    .await?
                    .ok_or(StoreError::NotFound("share"))?;
            let s = read_season(&mut tx, crate::rows::uuid_text(&season)?).await?;
            // A round due to close closes first: a pledge after it is refused, not counted.
            let s = if advance_rounds_in(&mut tx, &s, now_ts).await? {
                read_season(&mut tx, s.id).await?
            } else {
                s
            };
            if s.open_round(now_ts).is_none() {
                let reason = match s.rounds.first() {
                    Some(first) if now_ts < first.opens_at => {
                        format!("pledges are taken from {}", first.opens_at)
                    }
                    _ => format!(
                        "no contribution round is open: the last closed at {}",
                        s.rounds
                            .last()
                            .map(|r| r.closes_at.to_string())
                            .unwrap_or_default()
                    ),
                };
                return Err(invalid("pledge", reason));
            }
            if amount_minor <= 0 {
                return Err(invalid("pledge", "must be more than zero"));
            }
            let kind: String =
                sqlx::query_scalar("SELECT share_kind_id FROM season_shares WHERE id = $1")
                    .bind(share.to_string())
                    .fetch_one(&mut *tx)
                    .await?;
            let nominal = s
                .share_kind(crate::rows::uuid_text(&kind)?)
                .map_or(0, |k| k.nominal.minor());
            let most = nominal.saturating_mul(bayanihan_domain::season::MAX_PLEDGE_TIMES);
            if amount_minor > most {
                return Err(invalid(
                    "pledge",
                    format!(
                        "at most {} times the nominal price: {}",
                        bayanihan_domain::season::MAX_PLEDGE_TIMES,
                        Money::new(most, s.currency)
                    ),
                ));
            }
            // The deliveries are valued from the pledges: they stay as they are once the first
            // delivery's lines are made.
            if s.deliveries.iter().any(|d| d.cycle_id.is_some()) {
                return Err(invalid(
                    "pledge",
                    "pledges close once the first delivery's lines are made",
                ));
            }
            let status: String =
                sqlx::query_scalar("SELECT status FROM season_shares WHERE id = $1")
                    .bind(share.to_string())
                    .fetch_one(&mut *tx)
                    .await?;
            if status != "active" {
                return Err(invalid("share_id", "only an active share takes a pledge"));
            }
            sqlx::query("UPDATE season_shares SET pledge = $2, pledged_at = $3, updated_at = $3 WHERE id = $1")
                .bind(share.to_string())
                .bind(amount_minor)
                .bind(now)
                .execute(&mut *tx)
                .await?;
            let (_, sh) = share_in(&mut tx, share).await?;
            still_covers(&mut tx, &s, sh.consumer_group_id, "pledge").await?;
            shares_changed(&mut tx, s.id).await?;
            Ok(())
        })?;
        self.season_share(share).await
    }

    /// The published progress of the season's pledges (aggregates only).
    pub async fn season_progress(&self, season: Uuid) -> Result<rounds::Progress, StoreError> {
        let s = self.season(season).await?;
        let shares = self.season_shares(season).await?;
        let nominal: HashMap<Uuid, Money> =
            s.share_kinds.iter().map(|k| (k.id, k.nominal)).collect();
        let pairs: Vec<(Money, Option<Money>)> = shares
            .iter()
            .filter(|x| x.status == ShareStatus::Active)
            .map(|x| (nominal[&x.share_kind_id], x.pledge))
            .collect();
        Ok(rounds::progress(s.budget, &pairs))
    }

    /// What a group's active shares are due for the season, and what it paid in advance.
    pub async fn group_due(&self, season: Uuid, group: Uuid) -> Result<(Money, Money), StoreError> {
        let s = self.season(season).await?;
        let mut conn = self.pool.acquire().await?;
        group_due_in(&mut conn, &s, group).await
    }

    /// Records an advance paid by a group to the producer (see the module docs). More than the
    /// group's shares are still due is refused, naming `amount`.
    pub async fn pay_advance(
        &self,
        season: Uuid,
        a: &AdvanceDraft,
        now: i64,
    ) -> Result<Uuid, StoreError> {
        write_tx!(self, tx, {
            let s = read_season(&mut tx, season).await?;
            if !s.consumer_groups.contains(&a.consumer_group_id) {
                return Err(invalid(
                    "consumer_group_id",
                    "this group is not invited to the season",
                ));
            }
            let (due, paid) = group_due_in(&mut tx, &s, a.consumer_group_id).await?;
            let amount = Money::new(a.amount_minor, s.currency);
            prefinance::check_advance(due, paid, amount)?;
            let mut entries = Vec::new();
            // Deliveries beyond the advances are owed already: the payment settles them first,
            // oldest first, and only the rest is an advance.
            let debts = sqlx::query(
                "SELECT d.obligation_id, CAST(o.amount - COALESCE((SELECT SUM(p.amount) FROM payments p WHERE p.obligation_id = o.id), 0) AS BIGINT) \
                 FROM season_debts d JOIN obligations o ON o.id = d.obligation_id \
                 WHERE d.season_id = $1 AND d.consumer_group_id = $2 ORDER BY d.created_at, d.obligation_id",
            )
            .bind(season.to_string())
            .bind(a.consumer_group_id.to_string())
            .fetch_all(&mut *tx)
            .await?
            .iter()
            .map(|r| Ok((r.uuid(0)?, r.try_get::<i64, _>(1)?)))
            .collect::<Result<Vec<_>, StoreError>>()?;
            let mut left = amount.minor();
            let mut last = None;
            for (ob, outstanding) in debts {
                let take = left.min(outstanding);
                if take <= 0 {
                    continue;
                }
                entries.extend(
                    write_payment(
                        &mut tx,
                        ob,
                        a.consumer_group_id,
                        s.producer_id,
                        Money::new(take, s.currency),
                        a.method.id(),
                        a.paid_on,
                        a.recorded_by,
                        now,
                    )
                    .await?,
                );
                left -= take;
                last = Some(ob);
            }
            if left > 0 {
                let rest = Money::new(left, s.currency);
                let (inst, e) = write_obligation(
                    &mut tx,
                    a.consumer_group_id,
                    s.producer_id,
                    rest,
                    a.paid_on,
                    INSTALMENT_MEMO,
                    now,
                )
                .await?;
                entries.extend(e);
                entries.extend(
                    write_payment(
                        &mut tx,
                        inst,
                        a.consumer_group_id,
                        s.producer_id,
                        rest,
                        a.method.id(),
                        a.paid_on,
                        a.recorded_by,
                        now,
                    )
                    .await?,
                );
                let (adv, e) = write_obligation(
                    &mut tx,
                    s.producer_id,
                    a.consumer_group_id,
                    rest,
                    s.ends_on,
                    ADVANCE_MEMO,
                    now,
                )
                .await?;
                entries.extend(e);
                sqlx::query(
                    "INSERT INTO season_advances (id, instalment_id, season_id, consumer_group_id, amount, paid_on, created_at) \
                     VALUES ($1, $2, $3, $4, $5, $6, $7)",
                )
                .bind(adv.to_string())
                .bind(inst.to_string())
                .bind(season.to_string())
                .bind(a.consumer_group_id.to_string())
                .bind(rest.minor())
                .bind(a.paid_on.to_string())
                .bind(now)
                .execute(&mut *tx)
                .await?;
                last = Some(adv);
            }
            crate::chain::seal(&mut tx, &entries, now).await?;
            last.ok_or_else(|| StoreError::Corrupt("an advance of nothing".into()))
        })
    }

    /// Reports an absence of a share from delivery `seq`, before its cut-off. Reporting it
    /// twice changes nothing.
    pub async fn report_absence(
        &self,
        share: Uuid,
        seq: u32,
        now: i64,
    ) -> Result<Share, StoreError> {
        let now_ts = ts(now)?;
        write_tx!(self, tx, {
            let (s, sh) = share_in(&mut tx, share).await?;
            if sh.status != ShareStatus::Active {
                return Err(invalid("share_id", "only an active share takes deliveries"));
            }
            let Some(d) = s.deliveries.iter().find(|d| d.seq == seq) else {
                return Err(invalid("delivery", "the season has no such delivery"));
            };
            if d.cycle_id.is_some() || now_ts >= d.absences_close_at {
                return Err(invalid(
                    "delivery",
                    format!(
                        "absences from the delivery of {} were taken until {}",
                        d.date, d.absences_close_at
                    ),
                ));
            }
            if s.absence_rule == AbsenceRule::Move && seq as usize + 1 >= s.deliveries.len() {
                return Err(invalid(
                    "delivery",
                    "this is the season's last delivery: there is no later one to move it to",
                ));
            }
            sqlx::query(
                "INSERT INTO season_absences (share_id, seq, rule, created_at) VALUES ($1, $2, $3, $4) \
                 ON CONFLICT (share_id, seq) DO NOTHING",
            )
            .bind(share.to_string())
            .bind(i64::from(seq))
            .bind(s.absence_rule.id())
            .bind(now)
            .execute(&mut *tx)
            .await?;
            Ok(())
        })?;
        self.season_share(share).await
    }

    /// Makes delivery `seq`'s lines: a cycle of the hub for the delivery date (pro rata, its
    /// pickup points the season's), one prepaid offer per share kind holding the full
    /// planned harvest, and a tier-0 line per active share, planned at its part of what the
    /// share is due (an absence moved here adds the moved delivery's units and value; a
    /// donated or credited one goes to the group). Taken once the absences have closed;
    /// making it again returns the same cycle.
    pub async fn make_delivery(
        &self,
        season: Uuid,
        seq: u32,
        now: i64,
    ) -> Result<Uuid, StoreError> {
        let now_ts = ts(now)?;
        // The active shares are read before the write transaction, on a native connection on
        // SQLite (ten thousand rows decode slowly through the portable layer). The season's
        // shares version is read first; the transaction writes the lines only if it is the
        // same then, and otherwise the whole is done again from a fresh snapshot.
        for _ in 0..5 {
            let version = self.shares_version(season).await?;
            let shares = self.active_shares(season).await?;
            let made = write_tx!(self, tx, {
                let s = read_season(&mut tx, season).await?;
                let Some(d) = s.deliveries.iter().find(|d| d.seq == seq).cloned() else {
                    return Err(invalid("delivery", "the season has no such delivery"));
                };
                if let Some(c) = d.cycle_id {
                    return Ok(Some(c));
                }
                if now_ts < d.absences_close_at {
                    return Err(invalid(
                        "delivery",
                        format!(
                            "its lines are made once absences close, at {}",
                            d.absences_close_at
                        ),
                    ));
                }
                let current: i64 =
                    sqlx::query_scalar("SELECT shares_version FROM seasons WHERE id = $1")
                        .bind(season.to_string())
                        .fetch_one(&mut *tx)
                        .await?;
                if current != version {
                    return Ok(None);
                }
                if s.rounds.iter().any(|r| r.status == RoundStatus::Open) {
                    advance_rounds_in(&mut tx, &s, now_ts).await?;
                }
                make_delivery_in(&mut tx, &s, &d, &shares, now, self.backend)
                    .await
                    .map(Some)
            })?;
            if let Some(cycle) = made {
                return Ok(cycle);
            }
        }
        Err(StoreError::Native(
            "the season's shares kept changing while its delivery was being made; try again".into(),
            true,
        ))
    }

    /// The season's shares version (see the migration).
    async fn shares_version(&self, season: Uuid) -> Result<i64, StoreError> {
        sqlx::query_scalar("SELECT shares_version FROM seasons WHERE id = $1")
            .bind(season.to_string())
            .fetch_optional(&self.pool)
            .await?
            .ok_or(StoreError::NotFound("season"))
    }

    /// A season's active shares as (id, kind, group, person, pickup, pledge), in sign-up order.
    async fn active_shares(&self, season: Uuid) -> Result<Vec<ActiveShare>, StoreError> {
        self.read_rows(
            "SELECT id, share_kind_id, consumer_group_id, person_id, pickup_id, pledge FROM season_shares \
             WHERE season_id = $1 AND status = 'active' ORDER BY seq, id"
                .into(),
            vec![Some(season.to_string())],
            |r| {
                let id = |i: usize| -> Result<Uuid, StoreError> {
                    crate::rows::uuid_text(&r.get::<_, String>(i)?)
                };
                Ok(ActiveShare {
                    id: id(0)?,
                    kind: id(1)?,
                    group: id(2)?,
                    person: r
                        .get::<_, Option<String>>(3)?
                        .map(|p| crate::rows::uuid_text(&p))
                        .transpose()?,
                    pickup: id(4)?,
                    pledge: r.get(5)?,
                })
            },
            |r| {
                Ok(ActiveShare {
                    id: r.uuid(0)?,
                    kind: r.uuid(1)?,
                    group: r.uuid(2)?,
                    person: r.opt_uuid(3)?,
                    pickup: r.uuid(4)?,
                    pledge: r.try_get(5)?,
                })
            },
        )
        .await
    }

    /// Changes how much of a share kind delivery `seq` holds — the producer declaring the
    /// harvest — while its cycle is open. Shares shrink pro rata at the close.
    pub async fn declare_harvest(
        &self,
        season: Uuid,
        seq: u32,
        share_kind: Uuid,
        units: u64,
    ) -> Result<(), StoreError> {
        write_tx!(self, tx, {
            let s = read_season(&mut tx, season).await?;
            let Some(d) = s.deliveries.iter().find(|d| d.seq == seq) else {
                return Err(invalid("delivery", "the season has no such delivery"));
            };
            let Some(cycle) = d.cycle_id else {
                return Err(invalid(
                    "delivery",
                    "this delivery's lines are not made yet",
                ));
            };
            let Some(kind) = s.share_kind(share_kind) else {
                return Err(invalid(
                    "share_kind_id",
                    "no share kind of this season has this id",
                ));
            };
            let status: String = sqlx::query_scalar("SELECT status FROM cycles WHERE id = $1")
                .bind(cycle.to_string())
                .fetch_one(&mut *tx)
                .await?;
            if status == "closed" {
                return Err(StoreError::Conflict(Conflict::OffersClosed));
            }
            let units = i64::try_from(units).map_err(|_| invalid("units", "is too large"))?;
            // The planned harvest is what the lines ask for; a declaration never raises it.
            let n = sqlx::query(
                "UPDATE offers SET quantity = $3 WHERE cycle_id = $1 AND prepaid = 1 AND reserved >= $3 \
                 AND id IN (SELECT offer_id FROM season_offers WHERE share_kind_id = $2)",
            )
            .bind(cycle.to_string())
            .bind(kind.id.to_string())
            .bind(units)
            .execute(&mut *tx)
            .await?
            .rows_affected();
            if n == 0 {
                return Err(invalid(
                    "units",
                    "a harvest is declared at most as large as planned",
                ));
            }
            Ok(())
        })
    }

    /// A made delivery's offers: `(share kind, offer, units planned, units declared)` each.
    pub async fn season_delivery_offers(
        &self,
        season: Uuid,
        seq: u32,
    ) -> Result<Vec<(Uuid, Uuid, u64, u64)>, StoreError> {
        sqlx::query(
            "SELECT so.share_kind_id, o.id, o.reserved, o.quantity FROM season_offers so JOIN offers o ON o.id = so.offer_id \
             WHERE so.season_id = $1 AND so.seq = $2 ORDER BY so.share_kind_id",
        )
        .bind(season.to_string())
        .bind(i64::from(seq))
        .fetch_all(&self.pool)
        .await?
        .iter()
        .map(|r| Ok((r.uuid(0)?, r.uuid(1)?, r.count(2)?, r.count(3)?)))
        .collect()
    }

    /// Open cycles whose every offer is a season's (they take no orders).
    pub async fn season_only_cycles(&self) -> Result<std::collections::HashSet<Uuid>, StoreError> {
        sqlx::query_scalar::<_, String>(
            "SELECT o.cycle_id FROM offers o JOIN cycles c ON c.id = o.cycle_id WHERE c.status = 'open' \
             GROUP BY o.cycle_id HAVING MIN(o.prepaid) = 1",
        )
        .fetch_all(&self.pool)
        .await?
        .iter()
        .map(|s| crate::rows::uuid_text(s))
        .collect()
    }

    /// The deliveries whose cycle is `cycle`, as (season, seq).
    pub async fn season_deliveries_in(&self, cycle: Uuid) -> Result<Vec<(Uuid, u32)>, StoreError> {
        sqlx::query("SELECT season_id, seq FROM season_deliveries WHERE cycle_id = $1")
            .bind(cycle.to_string())
            .fetch_all(&self.pool)
            .await?
            .iter()
            .map(|r| Ok((r.uuid(0)?, r.try_get::<i64, _>(1)? as u32)))
            .collect()
    }

    /// Deliveries whose lines are due to be made, or whose closed cycle is not settled yet:
    /// what the background tick does next, as (season, seq, make?).
    pub async fn season_work(
        &self,
        now: i64,
        limit: i64,
    ) -> Result<Vec<(Uuid, u32, bool)>, StoreError> {
        let rows = sqlx::query(
            // Only what may be due: lines not made of a delivery within the longest cut-off
            // (30 days), or a cycle closed and not settled — so deliveries waiting for their
            // close never crowd out the work that is due.
            "SELECT d.season_id, d.seq, d.delivery_date, s.absence_cutoff_days, d.cycle_id, c.status \
             FROM season_deliveries d JOIN seasons s ON s.id = d.season_id LEFT JOIN cycles c ON c.id = d.cycle_id \
             WHERE d.settled_at IS NULL AND s.settled_at IS NULL \
             AND ((d.cycle_id IS NULL AND d.delivery_date <= $2) OR c.status = 'closed') \
             ORDER BY d.delivery_date, d.season_id LIMIT $1",
        )
        .bind(limit)
        .bind(
            ts(now)?
                .checked_add(jiff::SignedDuration::from_hours(24 * 31))
                .map_err(|e| corrupt("time", e))?
                .to_zoned(jiff::tz::TimeZone::UTC)
                .date()
                .to_string(),
        )
        .fetch_all(&self.pool)
        .await?;
        let now_ts = ts(now)?;
        let mut out = Vec::new();
        for r in &rows {
            let date = r.date(2)?;
            let cutoff = r.try_get::<i64, _>(3)? as u32;
            let cycle = r.opt_uuid(4)?;
            let status: Option<String> = r.try_get(5)?;
            let (season, seq) = (r.uuid(0)?, r.try_get::<i64, _>(1)? as u32);
            if cycle.is_none() && now_ts >= absence_deadline(date, cutoff) {
                out.push((season, seq, true));
            } else if status.as_deref() == Some("closed") {
                out.push((season, seq, false));
            }
        }
        Ok(out)
    }

    /// Repays the advances in kind with delivery `seq`'s value, once its cycle is closed
    /// (see [`prefinance`]); credits the wallets of members absent under the `credit` rule.
    /// Settling it again changes nothing.
    pub async fn settle_season_delivery(
        &self,
        season: Uuid,
        seq: u32,
        now: i64,
    ) -> Result<DeliverySettlement, StoreError> {
        write_tx!(self, tx, {
            let s = read_season(&mut tx, season).await?;
            let Some(d) = s.deliveries.iter().find(|d| d.seq == seq).cloned() else {
                return Err(invalid("delivery", "the season has no such delivery"));
            };
            let Some(cycle) = d.cycle_id else {
                return Err(invalid(
                    "delivery",
                    "this delivery's lines are not made yet",
                ));
            };
            if d.settled {
                return Ok(DeliverySettlement::default());
            }
            let status: String = sqlx::query_scalar("SELECT status FROM cycles WHERE id = $1")
                .bind(cycle.to_string())
                .fetch_one(&mut *tx)
                .await?;
            if status != "closed" {
                return Err(invalid("delivery", "its cycle is not closed yet"));
            }
            // What each group received, summed by the engine: ⌊planned × allocated ÷ requested⌋
            // per line (`prefinance::delivered`), written as q·A + ⌊r·A ÷ Q⌋ with
            // planned = q·Q + r so that no product can overflow.
            const DELIVERED: &str = "l.season_planned / l.quantity * COALESCE(l.allocated, 0) \
                + (l.season_planned % l.quantity) * COALESCE(l.allocated, 0) / l.quantity";
            let value: BTreeMap<Uuid, i64> = sqlx::query(&format!(
                "SELECT l.consumer_group_id, CAST(SUM({DELIVERED}) AS BIGINT) FROM order_lines l \
                 WHERE l.cycle_id = $1 AND l.season_share_id IS NOT NULL GROUP BY l.consumer_group_id"
            ))
            .bind(cycle.to_string())
            .fetch_all(&mut *tx)
            .await?
            .iter()
            .map(|r| Ok((r.uuid(0)?, r.try_get::<i64, _>(1)?)))
            .collect::<Result<_, StoreError>>()?;
            // Members away under the `credit` rule: their delivery's value, to their wallet.
            let credits: Vec<(Uuid, Uuid, Money)> = sqlx::query(&format!(
                "SELECT l.consumer_group_id, sh.person_id, CAST({DELIVERED} AS BIGINT) \
                 FROM order_lines l JOIN season_shares sh ON sh.id = l.season_share_id \
                 WHERE l.cycle_id = $1 AND l.season_purpose = 'credit' AND sh.person_id IS NOT NULL"
            ))
            .bind(cycle.to_string())
            .fetch_all(&mut *tx)
            .await?
            .iter()
            .map(|r| Ok((r.uuid(0)?, r.uuid(1)?, r.money(2, s.currency)?)))
            .collect::<Result<Vec<_>, StoreError>>()?
            .into_iter()
            .filter(|c| c.2.minor() > 0)
            .collect();
            let mut out = DeliverySettlement::default();
            let mut entries = Vec::new();
            for (group, v) in &value {
                out.delivered.push((*group, *v));
                let outstanding = outstanding_advances(&mut tx, season, *group, s.currency).await?;
                let plan = prefinance::in_kind(&outstanding, Money::new(*v, s.currency));
                for (ob, m) in &plan.settle {
                    entries.extend(
                        write_payment(
                            &mut tx,
                            *ob,
                            s.producer_id,
                            *group,
                            *m,
                            IN_KIND,
                            d.date,
                            None,
                            now,
                        )
                        .await?,
                    );
                    out.in_kind_minor += m.minor();
                }
                if plan.uncovered.minor() > 0 {
                    let (debt, e) = write_obligation(
                        &mut tx,
                        *group,
                        s.producer_id,
                        plan.uncovered,
                        d.date,
                        UNCOVERED_MEMO,
                        now,
                    )
                    .await?;
                    entries.extend(e);
                    sqlx::query(
                        "INSERT INTO season_debts (obligation_id, season_id, consumer_group_id, amount, created_at) \
                         VALUES ($1, $2, $3, $4, $5)",
                    )
                    .bind(debt.to_string())
                    .bind(season.to_string())
                    .bind(group.to_string())
                    .bind(plan.uncovered.minor())
                    .bind(now)
                    .execute(&mut *tx)
                    .await?;
                    out.uncovered_minor += plan.uncovered.minor();
                }
            }
            for (group, person, v) in credits {
                write_movement(
                    &mut tx,
                    group,
                    person,
                    MovementKind::Credit,
                    v,
                    &format!("{}: absence from the delivery of {}", s.name, d.date),
                    Some(cycle),
                    None,
                    now,
                )
                .await?;
            }
            crate::chain::seal(&mut tx, &entries, now).await?;
            sqlx::query(
                "UPDATE season_deliveries SET settled_at = $3 WHERE season_id = $1 AND seq = $2",
            )
            .bind(season.to_string())
            .bind(i64::from(seq))
            .bind(now)
            .execute(&mut *tx)
            .await?;
            Ok(out)
        })
    }

    /// Settles the season's shortfall under its rule, once every delivery is settled: what
    /// the advances still hold is written off (`members`, `reserve`), stays owed (`refund`),
    /// and under `reserve` the hub owes each group its part of the reserve.
    pub async fn settle_season(
        &self,
        season: Uuid,
        now: i64,
    ) -> Result<Vec<prefinance::Resolution>, StoreError> {
        write_tx!(self, tx, {
            let s = read_season(&mut tx, season).await?;
            if s.settled {
                return Err(invalid("season_id", "this season is settled already"));
            }
            if let Some(d) = s.deliveries.iter().find(|d| !d.settled) {
                return Err(invalid(
                    "season_id",
                    format!("the delivery of {} is not settled yet", d.date),
                ));
            }
            let mut shortfalls = Vec::new();
            let mut outstanding_by_group = HashMap::new();
            for g in &s.consumer_groups {
                let out = outstanding_advances(&mut tx, season, *g, s.currency).await?;
                let sum: i64 = out.iter().map(|(_, m)| m.minor()).sum();
                shortfalls.push((*g, Money::new(sum, s.currency)));
                outstanding_by_group.insert(*g, out);
            }
            let res = prefinance::resolve(s.shortfall_rule, &shortfalls, s.reserve)
                .map_err(|e| StoreError::Conflict(Conflict::Ledger(e.into())))?;
            let today: Date = crate::organizations::today(now)
                .parse()
                .map_err(|e| corrupt("date", e))?;
            let mut entries = Vec::new();
            for r in &res {
                if r.written_off.minor() > 0 {
                    for (ob, m) in &outstanding_by_group[&r.consumer_group_id] {
                        entries.extend(
                            write_payment(
                                &mut tx,
                                *ob,
                                s.producer_id,
                                r.consumer_group_id,
                                *m,
                                WRITTEN_OFF,
                                today,
                                None,
                                now,
                            )
                            .await?,
                        );
                    }
                }
                if r.from_reserve.minor() > 0 && s.hub_id != r.consumer_group_id {
                    let (_, e) = write_obligation(
                        &mut tx,
                        s.hub_id,
                        r.consumer_group_id,
                        r.from_reserve,
                        today,
                        RESERVE_MEMO,
                        now,
                    )
                    .await?;
                    entries.extend(e);
                }
            }
            crate::chain::seal(&mut tx, &entries, now).await?;
            sqlx::query("UPDATE seasons SET settled_at = $2 WHERE id = $1")
                .bind(season.to_string())
                .bind(now)
                .execute(&mut *tx)
                .await?;
            Ok(res)
        })
    }

    /// The season's statement (see [`statement`]).
    pub async fn season_statement(&self, season: Uuid) -> Result<SeasonStatement, StoreError> {
        let s = self.season(season).await?;
        let shares = self.season_shares(season).await?;
        let lines = sqlx::query(
            "SELECT l.season_share_id, l.season_planned, l.quantity, COALESCE(l.allocated, 0), c.status \
             FROM season_deliveries d JOIN order_lines l ON l.cycle_id = d.cycle_id JOIN cycles c ON c.id = l.cycle_id \
             WHERE d.season_id = $1 AND l.season_share_id IS NOT NULL",
        )
        .bind(season.to_string())
        .fetch_all(&self.pool)
        .await?;
        let mut by_share: HashMap<Uuid, (i64, i64)> = HashMap::new();
        for l in &lines {
            if l.try_get::<String, _>(4)? != "closed" {
                continue;
            }
            let planned = l.money(1, s.currency)?;
            let e = by_share.entry(l.uuid(0)?).or_default();
            e.0 += planned.minor();
            e.1 += prefinance::delivered(planned, l.count(2)?, l.count(3)?).minor();
        }
        let figures: Vec<ShareFigures> = shares
            .iter()
            .filter(|x| x.status == ShareStatus::Active)
            .map(|x| {
                let kind = s.share_kind(x.share_kind_id);
                let nominal = kind.map_or(Money::zero(s.currency), |k| k.nominal);
                let (planned, delivered) = by_share.get(&x.id).copied().unwrap_or_default();
                ShareFigures {
                    share_id: x.id,
                    consumer_group_id: x.consumer_group_id,
                    person_id: x.person_id,
                    share_kind: kind.map(|k| k.name.clone()).unwrap_or_default(),
                    nominal,
                    due: rounds::due(nominal, x.pledge),
                    planned: Money::new(planned, s.currency),
                    delivered: Money::new(delivered, s.currency),
                    shortfall: Money::new(planned - delivered, s.currency),
                }
            })
            .collect();
        let advances = sqlx::query(
            "SELECT consumer_group_id, CAST(SUM(amount) AS BIGINT) FROM season_advances WHERE season_id = $1 GROUP BY consumer_group_id",
        )
        .bind(season.to_string())
        .fetch_all(&self.pool)
        .await?
        .iter()
        .map(|r| Ok((r.uuid(0)?, r.money(1, s.currency)?)))
        .collect::<Result<Vec<_>, StoreError>>()?;
        let (groups, producer) =
            statement::totals(s.currency, &s.consumer_groups, &figures, &advances);
        let resolutions = if s.settled {
            // Written-off and reserve records say how it was settled; recomputed from them.
            let mut res = Vec::new();
            for g in &s.consumer_groups {
                let w: i64 = sqlx::query_scalar(
                    "SELECT CAST(COALESCE(SUM(p.amount), 0) AS BIGINT) FROM payments p JOIN season_advances a ON a.id = p.obligation_id \
                     WHERE a.season_id = $1 AND a.consumer_group_id = $2 AND p.method = 'written_off'",
                )
                .bind(season.to_string())
                .bind(g.to_string())
                .fetch_one(&self.pool)
                .await?;
                let left: i64 = sqlx::query_scalar(
                    "SELECT CAST(COALESCE(SUM(o.amount - COALESCE((SELECT SUM(p.amount) FROM payments p WHERE p.obligation_id = o.id), 0)), 0) AS BIGINT) \
                     FROM season_advances a JOIN obligations o ON o.id = a.id WHERE a.season_id = $1 AND a.consumer_group_id = $2",
                )
                .bind(season.to_string())
                .bind(g.to_string())
                .fetch_one(&self.pool)
                .await?;
                res.push((*g, Money::new(w + left, s.currency)));
            }
            prefinance::resolve(s.shortfall_rule, &res, s.reserve).unwrap_or_default()
        } else {
            Vec::new()
        };
        Ok(SeasonStatement {
            season_id: season,
            shares: figures,
            groups,
            producer,
            resolutions,
        })
    }

    // ----- wallets -----

    /// A member's wallet balance in `currency`.
    pub async fn wallet_balance(
        &self,
        group: Uuid,
        person: Uuid,
        currency: Currency,
    ) -> Result<Balance, StoreError> {
        let mut conn = self.pool.acquire().await?;
        wallet_balance_in(&mut conn, group, person, currency).await
    }

    /// The group's credit limit for its members' wallets in `currency` (zero: no credit).
    pub async fn wallet_credit_limit(
        &self,
        group: Uuid,
        currency: Currency,
    ) -> Result<Money, StoreError> {
        let mut conn = self.pool.acquire().await?;
        credit_limit_in(&mut conn, group, currency).await
    }

    /// Sets the group's credit limit in `currency`.
    pub async fn set_wallet_credit_limit(
        &self,
        group: Uuid,
        limit: Money,
    ) -> Result<(), StoreError> {
        if limit.minor() < 0 {
            return Err(invalid("credit_limit", "must not be negative"));
        }
        write_tx!(self, tx, {
            sqlx::query(
                "INSERT INTO wallet_limits (organization_id, currency, credit_limit) VALUES ($1, $2, $3) \
                 ON CONFLICT (organization_id, currency) DO UPDATE SET credit_limit = $3",
            )
            .bind(group.to_string())
            .bind(limit.currency().code())
            .bind(limit.minor())
            .execute(&mut *tx)
            .await?;
            Ok(())
        })
    }

    /// Records a movement of a member's wallet (a top-up, deposit, refund, return or credit);
    /// refused, naming `amount`, when the balance does not allow it.
    pub async fn record_wallet_movement(
        &self,
        group: Uuid,
        person: Uuid,
        kind: MovementKind,
        amount: Money,
        memo: &str,
        recorded_by: Option<Uuid>,
    ) -> Result<Uuid, StoreError> {
        if kind == MovementKind::Charge {
            return Err(invalid("kind", "charges are made by closing a cycle"));
        }
        let now = crate::now_micros();
        write_tx!(self, tx, {
            write_movement(
                &mut tx,
                group,
                person,
                kind,
                amount,
                memo,
                None,
                recorded_by,
                now,
            )
            .await
        })
    }

    /// A member's wallet movements in `currency`, newest first, at most `limit`.
    pub async fn wallet_movements(
        &self,
        group: Uuid,
        person: Uuid,
        currency: Currency,
        limit: i64,
    ) -> Result<Vec<WalletMovement>, StoreError> {
        sqlx::query(
            "SELECT id, kind, amount, memo, cycle_id, created_at FROM wallet_transactions \
             WHERE organization_id = $1 AND person_id = $2 AND currency = $3 ORDER BY created_at DESC, id LIMIT $4",
        )
        .bind(group.to_string())
        .bind(person.to_string())
        .bind(currency.code())
        .bind(limit)
        .fetch_all(&self.pool)
        .await?
        .iter()
        .map(|r| {
            Ok(WalletMovement {
                id: r.uuid(0)?,
                kind: r.concept(1)?,
                amount: r.money(2, currency)?,
                memo: r.try_get(3)?,
                cycle_id: r.opt_uuid(4)?,
                created_at: r.instant(5)?,
            })
        })
        .collect()
    }

    /// The members of `group` with a wallet in `currency`, with their balances, by name.
    pub async fn wallets_of(
        &self,
        group: Uuid,
        currency: Currency,
    ) -> Result<Vec<(Uuid, String, Balance)>, StoreError> {
        let rows = sqlx::query(
            "SELECT w.person_id, p.name, \
             CAST(SUM(CASE WHEN w.account = 'spendable' THEN w.amount ELSE 0 END) AS BIGINT), \
             CAST(SUM(CASE WHEN w.account = 'earmarked' THEN w.amount ELSE 0 END) AS BIGINT) \
             FROM wallet_postings w JOIN people p ON p.id = w.person_id \
             WHERE w.organization_id = $1 AND w.currency = $2 GROUP BY w.person_id, p.name ORDER BY p.name, w.person_id",
        )
        .bind(group.to_string())
        .bind(currency.code())
        .fetch_all(&self.pool)
        .await?;
        rows.iter()
            .map(|r| {
                Ok((
                    r.uuid(0)?,
                    r.try_get(1)?,
                    Balance::from_accounts(r.money(2, currency)?, r.money(3, currency)?),
                ))
            })
            .collect()
    }

    /// Pays members' lines of a closed cycle from their wallets: for each member of a group
    /// with a wallet in the cycle's currency, what their (not prepaid) lines came to, as far
    /// as the balance and the group's credit limit allow. Done once per cycle.
    pub async fn charge_wallets(&self, cycle: Uuid) -> Result<u64, StoreError> {
        let now = crate::now_micros();
        write_tx!(self, tx, {
            let done: Option<i64> =
                sqlx::query_scalar("SELECT charged_at FROM wallet_cycles WHERE cycle_id = $1")
                    .bind(cycle.to_string())
                    .fetch_optional(&mut *tx)
                    .await?;
            let (status, currency): (String, String) =
                sqlx::query_as("SELECT status, currency FROM cycles WHERE id = $1")
                    .bind(cycle.to_string())
                    .fetch_optional(&mut *tx)
                    .await?
                    .ok_or(StoreError::NotFound("cycle"))?;
            if done.is_some() || status != "closed" {
                return Ok(0);
            }
            let currency = Currency::parse(&currency).map_err(|e| corrupt("currency", e))?;
            let rows = sqlx::query(
                "SELECT l.consumer_group_id, l.person_id, CAST(SUM(l.total_minor) AS BIGINT) \
                 FROM order_lines l JOIN offers o ON o.id = l.offer_id \
                 WHERE l.cycle_id = $1 AND l.person_id IS NOT NULL AND o.prepaid = 0 AND COALESCE(l.allocated, 0) > 0 \
                 AND EXISTS (SELECT 1 FROM wallet_postings w WHERE w.organization_id = l.consumer_group_id AND w.person_id = l.person_id AND w.currency = $2) \
                 GROUP BY l.consumer_group_id, l.person_id",
            )
            .bind(cycle.to_string())
            .bind(currency.code())
            .fetch_all(&mut *tx)
            .await?;
            let mut n = 0;
            for r in &rows {
                let (group, person) = (r.uuid(0)?, r.uuid(1)?);
                let total = r.money(2, currency)?;
                let balance = wallet_balance_in(&mut tx, group, person, currency).await?;
                let limit = credit_limit_in(&mut tx, group, currency).await?;
                let pay = wallet::charge_at_close(total, balance, limit);
                if pay.minor() > 0 {
                    write_movement(
                        &mut tx,
                        group,
                        person,
                        MovementKind::Charge,
                        pay,
                        "lines of the cycle",
                        Some(cycle),
                        None,
                        now,
                    )
                    .await?;
                    n += 1;
                }
            }
            sqlx::query("INSERT INTO wallet_cycles (cycle_id, charged_at) VALUES ($1, $2)")
                .bind(cycle.to_string())
                .bind(now)
                .execute(&mut *tx)
                .await?;
            Ok(n)
        })
    }

    /// Closed cycles whose wallets are not charged yet (for the background tick).
    pub async fn cycles_to_charge(&self, limit: i64) -> Result<Vec<Uuid>, StoreError> {
        sqlx::query_scalar::<_, String>(
            "SELECT c.id FROM cycles c WHERE c.status = 'closed' \
             AND NOT EXISTS (SELECT 1 FROM wallet_cycles w WHERE w.cycle_id = c.id) ORDER BY c.closed_at LIMIT $1",
        )
        .bind(limit)
        .fetch_all(&self.pool)
        .await?
        .iter()
        .map(|s| crate::rows::uuid_text(s))
        .collect()
    }
}

/// What a group's active shares are due, and what it paid in advance.
async fn group_due_in(
    conn: &mut sqlx::AnyConnection,
    s: &Season,
    group: Uuid,
) -> Result<(Money, Money), StoreError> {
    let due: i64 = sqlx::query_scalar(&format!(
        "SELECT CAST(COALESCE(SUM({SHARE_DUE}), 0) AS BIGINT) FROM season_shares sh \
         JOIN season_share_kinds k ON k.id = sh.share_kind_id \
         WHERE sh.season_id = $1 AND sh.consumer_group_id = $2 AND sh.status = 'active'"
    ))
    .bind(s.id.to_string())
    .bind(group.to_string())
    .fetch_one(&mut *conn)
    .await?;
    // Paid: the advances, and what was paid of deliveries beyond them.
    let paid: i64 = sqlx::query_scalar(
        "SELECT CAST(COALESCE((SELECT SUM(amount) FROM season_advances WHERE season_id = $1 AND consumer_group_id = $2), 0) \
         + COALESCE((SELECT SUM(p.amount) FROM season_debts d JOIN payments p ON p.obligation_id = d.obligation_id \
           WHERE d.season_id = $1 AND d.consumer_group_id = $2 AND p.method NOT IN ('in_kind', 'written_off')), 0) AS BIGINT)",
    )
    .bind(s.id.to_string())
    .bind(group.to_string())
    .fetch_one(&mut *conn)
    .await?;
    Ok((Money::new(due, s.currency), Money::new(paid, s.currency)))
}

/// An active share as a delivery's lines need it.
struct ActiveShare {
    id: Uuid,
    kind: Uuid,
    group: Uuid,
    person: Option<Uuid>,
    pickup: Uuid,
    pledge: Option<i64>,
}

/// See [`Store::make_delivery`].
async fn make_delivery_in(
    tx: &mut Tx,
    s: &Season,
    d: &Delivery,
    shares: &[ActiveShare],
    now: i64,
    backend: crate::Backend,
) -> Result<Uuid, StoreError> {
    let n = s.deliveries.len();
    let k = d.seq as usize;
    // Absences: this delivery's, and earlier ones moved forward to the next delivery.
    let absences = sqlx::query(
        "SELECT a.share_id, a.seq, a.rule FROM season_absences a JOIN season_shares sh ON sh.id = a.share_id \
         WHERE sh.season_id = $1 AND a.seq <= $2",
    )
    .bind(s.id.to_string())
    .bind(i64::from(d.seq))
    .fetch_all(&mut **tx)
    .await?;
    let mut absent: HashMap<Uuid, String> = HashMap::new();
    let mut away: std::collections::HashSet<(Uuid, usize)> = Default::default();
    let mut moved_in: HashMap<Uuid, Vec<usize>> = HashMap::new();
    for a in &absences {
        let (share, seq, rule) = (
            a.uuid(0)?,
            a.try_get::<i64, _>(1)? as usize,
            a.try_get::<String, _>(2)?,
        );
        away.insert((share, seq));
        if seq == k {
            absent.insert(share, rule);
        } else if rule == "move" {
            // Moved to the next delivery the share takes (the one after, unless absent there
            // too, in which case it moves on again).
            moved_in.entry(share).or_default().push(seq);
        }
    }
    let start = ts(now)?;
    let closes = d
        .date
        .to_zoned(jiff::tz::TimeZone::UTC)
        .map(|z| z.timestamp())
        .unwrap_or(start)
        .max(
            start
                .checked_add(jiff::SignedDuration::from_secs(60))
                .unwrap_or(start),
        );
    let draft = CycleDraft {
        hub_id: s.hub_id,
        name: format!("{} — {} ({}/{n})", s.name, d.date, k + 1),
        currency: s.currency,
        policy: Policy::ProRata,
        opens_at: start,
        closes_at: closes,
        delivery_date: d.date,
        payment_terms_days: 14,
        pickup_points: s
            .pickup_points
            .iter()
            .map(|p| PickupPointDraft {
                name: p.name.clone(),
                organization_id: p.organization_id,
                location: None,
            })
            .collect(),
        producers: vec![s.producer_id],
        consumer_groups: s
            .consumer_groups
            .iter()
            .map(|g| Participant {
                organization_id: *g,
                tier: 0,
            })
            .collect(),
    };
    let cycle = Uuid::new_v4();
    crate::trade::insert_cycle(tx, cycle, &draft).await?;
    // The cycle's pickup points, by the season's (same names, same organizations).
    let made: Vec<(String, String, String)> =
        sqlx::query_as("SELECT id, name, organization_id FROM pickup_points WHERE cycle_id = $1")
            .bind(cycle.to_string())
            .fetch_all(&mut **tx)
            .await?;
    let pickup_map: HashMap<Uuid, String> = s
        .pickup_points
        .iter()
        .filter_map(|p| {
            let org = p.organization_id.to_string();
            made.iter()
                .find(|(_, name, o)| *name == p.name && *o == org)
                .map(|(id, ..)| (p.id, id.clone()))
        })
        .collect();
    // Lines first, in memory: their units per kind make each offer's planned harvest.
    struct Planned {
        share: Uuid,
        group: Uuid,
        person: Option<Uuid>,
        pickup: Option<String>,
        kind: Uuid,
        units: u64,
        planned: i64,
        purpose: &'static str,
    }
    let nominal: HashMap<Uuid, (Money, u64)> = s
        .share_kinds
        .iter()
        .map(|k| (k.id, (k.nominal, k.units_per_delivery)))
        .collect();
    let mut planned_lines = Vec::with_capacity(shares.len());
    for sh in shares {
        let Some((nom, units)) = nominal.get(&sh.kind).copied() else {
            continue;
        };
        let due = rounds::due(nom, sh.pledge.map(|p| Money::new(p, s.currency)));
        let own = prefinance::planned(due, n, k);
        match absent.get(&sh.id).map(String::as_str) {
            Some("move") => continue,
            Some(rule) => {
                planned_lines.push(Planned {
                    share: sh.id,
                    group: sh.group,
                    // The group takes a donated or credited delivery; the member of a credited
                    // one is found through the share when it is settled.
                    person: None,
                    pickup: pickup_map.get(&sh.pickup).cloned(),
                    kind: sh.kind,
                    units,
                    planned: own.minor(),
                    purpose: if rule == "credit" { "credit" } else { "donate" },
                });
            }
            None => {
                let moved = moved_in.get(&sh.id).map_or(&[][..], Vec::as_slice);
                // A move lands on the first delivery after it that the share takes.
                let landing: Vec<usize> = moved
                    .iter()
                    .copied()
                    .filter(|m| (m + 1..k).all(|between| away.contains(&(sh.id, between))))
                    .collect();
                let extra: i64 = landing
                    .iter()
                    .map(|m| prefinance::planned(due, n, *m).minor())
                    .sum();
                planned_lines.push(Planned {
                    share: sh.id,
                    group: sh.group,
                    person: sh.person,
                    pickup: pickup_map.get(&sh.pickup).cloned(),
                    kind: sh.kind,
                    units: units * (1 + landing.len() as u64),
                    planned: own.minor() + extra,
                    purpose: "delivery",
                });
            }
        }
    }
    let mut offer_of: HashMap<Uuid, Uuid> = HashMap::new();
    for kind in &s.share_kinds {
        let units: u64 = planned_lines
            .iter()
            .filter(|l| l.kind == kind.id)
            .map(|l| l.units)
            .sum();
        let offer = Uuid::new_v4();
        sqlx::query(
            "INSERT INTO offers (id, cycle_id, product_id, producer_id, quantity, reserved, producer_price, fees, transport_mode, \
             distance_km, distance_basis, created_at, prepaid) VALUES ($1, $2, $3, $4, $5, $5, $6, '[]', NULL, NULL, NULL, $7, 1)",
        )
        .bind(offer.to_string())
        .bind(cycle.to_string())
        .bind(kind.product_id.to_string())
        .bind(s.producer_id.to_string())
        .bind(units as i64)
        .bind(kind.unit_price.minor())
        .bind(now)
        .execute(&mut **tx)
        .await?;
        sqlx::query("INSERT INTO season_offers (offer_id, season_id, seq, share_kind_id) VALUES ($1, $2, $3, $4)")
            .bind(offer.to_string())
            .bind(s.id.to_string())
            .bind(i64::from(d.seq))
            .bind(kind.id.to_string())
            .execute(&mut **tx)
            .await?;
        offer_of.insert(kind.id, offer);
    }
    // Every line in two statements whatever their number (a season may hold ten thousand
    // shares): the lines travel as one JSON array, expanded by the engine's own JSON table
    // function — a bind per line would cost more than the rest of the delivery together.
    let rows: Vec<serde_json::Value> = planned_lines
        .iter()
        .enumerate()
        .map(|(n, l)| {
            serde_json::json!([
                Uuid::new_v4().to_string(),
                offer_of[&l.kind].to_string(),
                l.group.to_string(),
                l.person.map(|p| p.to_string()),
                l.pickup,
                l.units,
                n,
                l.share.to_string(),
                l.planned,
                l.purpose,
            ])
        })
        .collect();
    let rows = serde_json::Value::Array(rows).to_string();
    tracing::debug!(
        lines = planned_lines.len(),
        "season delivery: lines planned"
    );
    let each = match backend {
        crate::Backend::Sqlite => "json_each($3)",
        crate::Backend::Postgres => "jsonb_array_elements(CAST($3 AS JSONB))",
    };
    sqlx::query(&format!(
        "INSERT INTO order_lines (id, cycle_id, offer_id, consumer_group_id, person_id, pickup_point_id, quantity, tier, seq, \
         allocated, reason, total_minor, created_at, updated_at, season_share_id, season_planned, season_purpose) \
         SELECT value ->> 0, $1, value ->> 1, value ->> 2, value ->> 3, value ->> 4, CAST(value ->> 5 AS BIGINT), 0, \
         CAST(value ->> 6 AS BIGINT), NULL, NULL, NULL, $2, $2, value ->> 7, CAST(value ->> 8 AS BIGINT), value ->> 9 \
         FROM {each}"
    ))
    .bind(cycle.to_string())
    .bind(now)
    .bind(&rows)
    .execute(&mut **tx)
    .await?;
    sqlx::query("UPDATE season_deliveries SET cycle_id = $3 WHERE season_id = $1 AND seq = $2")
        .bind(s.id.to_string())
        .bind(i64::from(d.seq))
        .bind(cycle.to_string())
        .execute(&mut **tx)
        .await?;
    Ok(cycle)
}
