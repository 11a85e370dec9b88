//! Writing what a close produced, and the SQLite fast path for large cycles.
//!
//! The statements a close writes (documents, obligations, ledger, offer totals) are built once
//! as plain SQL with parameters ([`Stmt`]) and executed by either engine, so the SQL is written
//! once. Per-line writes are the exception: a cycle may hold a million lines, and a statement
//! per line through sqlx costs tens of microseconds each. On SQLite, closing therefore runs on
//! a connection of its own through rusqlite (the same SQLite library sqlx links) with prepared
//! statements — the same SQL text, `$1…$N` included — inside one `BEGIN IMMEDIATE`
//! transaction. On PostgreSQL the lines go in batches of `UPDATE … FROM (VALUES …)`.

use bayanihan_domain::Conflict;
use std::collections::BTreeMap;

use bayanihan_domain::ledger::Transaction;
use bayanihan_domain::trade::allocation::Policy;
use bayanihan_domain::trade::settle::{self, CycleTerms, LineInput, OfferTerms, Settlement};
use bayanihan_domain::{Currency, Money};
use uuid::Uuid;

use crate::trade::CloseSummary;
use crate::StoreError;

/// A parameter of a [`Stmt`].
#[derive(Debug, Clone)]
pub(crate) enum Param {
    Text(String),
    Int(i64),
    Blob(Vec<u8>),
    Null,
}

/// One SQL statement with its parameters, runnable on either engine.
#[derive(Debug, Clone)]
pub(crate) struct Stmt {
    pub sql: &'static str,
    pub params: Vec<Param>,
}

fn text(s: impl ToString) -> Param {
    Param::Text(s.to_string())
}

pub(crate) const SELECT_TERMS: &str =
    "SELECT status, hub_id, currency, policy, delivery_date, payment_terms_days FROM cycles WHERE id = $1";
pub(crate) const SELECT_OFFERS: &str =
    "SELECT id, producer_id, quantity, producer_price, fees FROM offers WHERE cycle_id = $1";
pub(crate) const SELECT_LINES: &str =
    "SELECT id, offer_id, consumer_group_id, quantity, tier, seq, person_id FROM order_lines WHERE cycle_id = $1";
pub(crate) const SUMMARY_LINES: &str =
    "SELECT COUNT(*), CAST(COALESCE(SUM(quantity), 0) AS BIGINT), \
    CAST(COALESCE(SUM(allocated), 0) AS BIGINT) FROM order_lines WHERE cycle_id = $1";
pub(crate) const SUMMARY_INVOICES: &str =
    "SELECT COUNT(*) FROM cycle_documents WHERE cycle_id = $1 AND kind = 'invoice'";
pub(crate) const SUMMARY_OBLIGATIONS: &str = "SELECT COUNT(*) FROM obligations WHERE cycle_id = $1";

/// The statements recording a ledger transaction.
pub(crate) fn transaction_statements(t: &Transaction, cycle: Option<Uuid>, now: i64) -> Vec<Stmt> {
    let mut out = vec![Stmt {
        sql: "INSERT INTO ledger_transactions (id, memo, cycle_id, created_at) VALUES ($1, $2, $3, $4)",
        params: vec![text(t.id), text(&t.memo), cycle.map_or(Param::Null, text), Param::Int(now)],
    }];
    for p in &t.postings {
        out.push(Stmt {
            sql: "INSERT INTO ledger_postings (transaction_id, organization_id, kind, currency, amount) \
                  VALUES ($1, $2, $3, $4, $5)",
            params: vec![
                text(t.id),
                text(p.account.organization),
                text(p.account.kind.id()),
                text(p.account.currency.code()),
                Param::Int(p.amount.minor()),
            ],
        });
    }
    out
}

/// Everything a close writes besides the lines themselves, ending with marking the cycle closed.
pub(crate) fn settlement_statements(
    cycle: Uuid,
    s: &Settlement,
    offers: &[OfferTerms],
    now: i64,
) -> Vec<Stmt> {
    let mut out = Vec::new();
    let docs = s
        .invoices
        .iter()
        .map(|i| ("invoice", i.consumer_group, i.total))
        .chain(
            s.producer_statements
                .iter()
                .map(|st| ("producer_statement", st.recipient, st.total)),
        )
        .chain(
            s.fee_statements
                .iter()
                .map(|st| ("fee_statement", st.recipient, st.total)),
        );
    for (kind, org, total) in docs {
        out.push(Stmt {
            sql: "INSERT INTO cycle_documents (cycle_id, kind, organization_id, currency, total_minor, due_date) \
                  VALUES ($1, $2, $3, $4, $5, $6)",
            params: vec![
                text(cycle),
                text(kind),
                text(org),
                text(total.currency().code()),
                Param::Int(total.minor()),
                text(s.due_date),
            ],
        });
    }
    for (o, t) in s.obligations.iter().zip(&s.transactions) {
        out.push(Stmt {
            sql: "INSERT INTO obligations (id, debtor_id, creditor_id, currency, amount, due_date, cycle_id, memo, created_at) \
                  VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9)",
            params: vec![
                text(o.id),
                text(o.debtor),
                text(o.creditor),
                text(o.amount.currency().code()),
                Param::Int(o.amount.minor()),
                text(o.due_date),
                text(cycle),
                text(&o.memo),
                Param::Int(now),
            ],
        });
        out.extend(transaction_statements(t, Some(cycle), now));
    }
    // Offer totals: what each offer delivered, for supplier reports.
    let mut totals: BTreeMap<Uuid, (u64, i64, i64)> = BTreeMap::new();
    for l in &s.lines {
        let e = totals.entry(l.offer).or_default();
        e.0 += l.allocated;
        e.1 += l.breakdown.producer_amount().minor();
        e.2 += l.breakdown.total.minor();
    }
    for o in offers {
        let (units, producer, total) = totals.get(&o.id).copied().unwrap_or_default();
        out.push(Stmt {
            sql: "INSERT INTO cycle_offer_totals (cycle_id, offer_id, producer_id, units, producer_minor, total_minor) \
                  VALUES ($1, $2, $3, $4, $5, $6)",
            params: vec![text(cycle), text(o.id), text(o.producer), Param::Int(units as i64), Param::Int(producer), Param::Int(total)],
        });
    }
    out.push(Stmt {
        sql: "UPDATE cycles SET status = 'closed', closed_at = $2 WHERE id = $1",
        params: vec![text(cycle), Param::Int(now)],
    });
    out
}

/// The summary of a fresh close.
pub(crate) fn summary(cycle: Uuid, s: &Settlement) -> CloseSummary {
    CloseSummary {
        cycle_id: cycle,
        closed_now: true,
        lines: s.lines.len() as u64,
        units_requested: s.lines.iter().map(|l| l.requested).sum(),
        units_allocated: s.lines.iter().map(|l| l.allocated).sum(),
        invoices: s.invoices.len() as u64,
        obligations: s.obligations.len() as u64,
    }
}

fn corrupt(what: &str, e: impl std::fmt::Display) -> StoreError {
    StoreError::Corrupt(format!("{what}: {e}"))
}

fn parse_uuid(s: &str) -> Result<Uuid, StoreError> {
    Uuid::parse_str(s).map_err(|e| corrupt("id", e))
}

/// Reads the terms of a cycle from the row of [`SELECT_TERMS`] (status excluded).
pub(crate) fn terms(
    id: Uuid,
    hub: &str,
    currency: &str,
    policy: &str,
    delivery: &str,
    payment_terms_days: i64,
) -> Result<CycleTerms, StoreError> {
    Ok(CycleTerms {
        id,
        hub: parse_uuid(hub)?,
        currency: Currency::parse(currency).map_err(|e| corrupt("currency", e))?,
        policy: Policy::parse(policy).map_err(|e| corrupt("policy", e))?,
        delivery_date: delivery.parse().map_err(|e| corrupt("delivery_date", e))?,
        payment_terms_days: u32::try_from(payment_terms_days)
            .map_err(|e| corrupt("payment_terms_days", e))?,
    })
}

pub(crate) fn offer_terms(
    id: &str,
    producer: &str,
    quantity: i64,
    price: i64,
    fees: &str,
    currency: Currency,
) -> Result<OfferTerms, StoreError> {
    Ok(OfferTerms {
        id: parse_uuid(id)?,
        producer: parse_uuid(producer)?,
        quantity: quantity as u64,
        producer_price: Money::new(price, currency),
        fees: serde_json::from_str(fees).map_err(|e| corrupt("fees", e))?,
    })
}

impl From<rusqlite::Error> for StoreError {
    fn from(e: rusqlite::Error) -> Self {
        StoreError::Native(
            e.to_string(),
            matches!(
                e.sqlite_error_code(),
                Some(rusqlite::ErrorCode::DatabaseBusy | rusqlite::ErrorCode::DatabaseLocked)
            ),
        )
    }
}

/// SQLite numbers `$name` parameters by first appearance, so `$2 … $1` would bind backwards;
/// this maps `$1…$N` to SQLite's own indexes, as sqlx does.
fn indexes(stmt: &rusqlite::Statement<'_>, n: usize) -> Result<Vec<usize>, StoreError> {
    (1..=n)
        .map(|i| {
            stmt.parameter_index(&format!("${i}"))?.ok_or_else(|| {
                StoreError::Native(format!("statement has no parameter ${i}"), false)
            })
        })
        .collect()
}

fn bind(stmt: &mut rusqlite::Statement<'_>, params: &[Param]) -> Result<(), StoreError> {
    let idx = indexes(stmt, params.len())?;
    for (p, &i) in params.iter().zip(&idx) {
        match p {
            Param::Text(s) => stmt.raw_bind_parameter(i, s)?,
            Param::Int(n) => stmt.raw_bind_parameter(i, n)?,
            Param::Blob(b) => stmt.raw_bind_parameter(i, b)?,
            Param::Null => stmt.raw_bind_parameter(i, rusqlite::types::Null)?,
        }
    }
    Ok(())
}

/// A native connection to the same SQLite database the pool uses, waiting up to 30 s for
/// the write lock.
fn open_native(file: &str) -> Result<rusqlite::Connection, StoreError> {
    use rusqlite::OpenFlags;
    let conn = rusqlite::Connection::open_with_flags(
        file,
        OpenFlags::SQLITE_OPEN_READ_WRITE
            | OpenFlags::SQLITE_OPEN_URI
            | OpenFlags::SQLITE_OPEN_NO_MUTEX,
    )?;
    conn.busy_timeout(std::time::Duration::from_secs(30))?;
    Ok(conn)
}

/// Closes a cycle on SQLite through one native connection and one `BEGIN IMMEDIATE`
/// transaction. `file` is the database file (or shared in-memory URI).
pub(crate) fn close_sqlite(file: &str, cycle: Uuid) -> Result<CloseSummary, StoreError> {
    let mut conn = open_native(file)?;
    conn.execute_batch(
        "PRAGMA synchronous = FULL; PRAGMA foreign_keys = ON; PRAGMA cache_size = -65536;",
    )?;
    let tx = conn.transaction_with_behavior(rusqlite::TransactionBehavior::Immediate)?;
    let id = cycle.to_string();
    let row = {
        let mut st = tx.prepare(SELECT_TERMS)?;
        let mut rows = st.query([&id])?;
        match rows.next()? {
            None => return Err(StoreError::NotFound("cycle")),
            Some(r) => (
                r.get::<_, String>(0)?,
                r.get::<_, String>(1)?,
                r.get::<_, String>(2)?,
                r.get::<_, String>(3)?,
                r.get::<_, String>(4)?,
                r.get::<_, i64>(5)?,
            ),
        }
    };
    if row.0 == "closed" {
        let (lines, requested, allocated): (i64, i64, i64) =
            tx.query_row(SUMMARY_LINES, [&id], |r| {
                Ok((r.get(0)?, r.get(1)?, r.get(2)?))
            })?;
        let invoices: i64 = tx.query_row(SUMMARY_INVOICES, [&id], |r| r.get(0))?;
        let obligations: i64 = tx.query_row(SUMMARY_OBLIGATIONS, [&id], |r| r.get(0))?;
        return Ok(CloseSummary {
            cycle_id: cycle,
            closed_now: false,
            lines: lines as u64,
            units_requested: requested as u64,
            units_allocated: allocated as u64,
            invoices: invoices as u64,
            obligations: obligations as u64,
        });
    }
    let started = std::time::Instant::now();
    let terms = terms(cycle, &row.1, &row.2, &row.3, &row.4, row.5)?;
    let mut offers = Vec::new();
    {
        let mut st = tx.prepare(SELECT_OFFERS)?;
        let mut rows = st.query([&id])?;
        while let Some(r) = rows.next()? {
            offers.push(offer_terms(
                r.get_ref(0)?.as_str().map_err(|e| corrupt("offer", e))?,
                r.get_ref(1)?.as_str().map_err(|e| corrupt("offer", e))?,
                r.get(2)?,
                r.get(3)?,
                r.get_ref(4)?.as_str().map_err(|e| corrupt("offer", e))?,
                terms.currency,
            )?);
        }
    }
    // Lines are read with their rowids and written back by rowid in ascending order: the table
    // is then walked once, front to back, instead of a random index probe per line.
    let mut lines = Vec::new();
    let mut rowids: Vec<i64> = Vec::new();
    let mut persons = std::collections::HashMap::new();
    {
        let mut st = tx.prepare(
            "SELECT id, offer_id, consumer_group_id, quantity, tier, seq, rowid, person_id FROM order_lines WHERE cycle_id = $1",
        )?;
        let mut rows = st.query([&id])?;
        while let Some(r) = rows.next()? {
            let uuid = |i: usize| -> Result<Uuid, StoreError> {
                parse_uuid(r.get_ref(i)?.as_str().map_err(|e| corrupt("line", e))?)
            };
            lines.push(LineInput {
                id: uuid(0)?,
                offer: uuid(1)?,
                consumer_group: uuid(2)?,
                quantity: r.get::<_, i64>(3)? as u64,
                tier: r.get::<_, i64>(4)? as u32,
                seq: r.get::<_, i64>(5)? as u64,
            });
            rowids.push(r.get(6)?);
            if let Some(p) = r
                .get_ref(7)?
                .as_str_or_null()
                .map_err(|e| corrupt("line", e))?
            {
                persons.insert(
                    lines.last().map(|l: &LineInput| l.id).unwrap_or_default(),
                    parse_uuid(p)?,
                );
            }
        }
    }
    let read = started.elapsed();
    let s = settle::settle(&terms, &offers, &lines)
        .map_err(|e| StoreError::Conflict(Conflict::CannotClose(e)))?;
    let settled = started.elapsed();
    let mut context = Vec::new();
    let mut queries = crate::impact::context_queries(&terms);
    queries.extend(crate::impact::household_queries(persons.values()));
    for q in queries {
        let mut st = tx.prepare(q.sql)?;
        bind(&mut st, &q.params)?;
        let n = st.column_count();
        let mut rows = st.raw_query();
        let mut out = Vec::new();
        while let Some(r) = rows.next()? {
            out.push(crate::impact::native_cells(r, n)?);
        }
        context.push(out);
    }
    let rollups = crate::impact::rollup_statements(
        &terms,
        crate::impact::Delivered::of(&s),
        &persons,
        &context,
    )?;
    let now = crate::now_micros();
    {
        let mut st = tx.prepare(
            "UPDATE order_lines SET allocated = ?2, reason = ?3, total_minor = ?4 WHERE rowid = ?1",
        )?;
        for (l, rowid) in s.lines.iter().zip(&rowids) {
            st.execute(rusqlite::params![
                rowid,
                l.allocated as i64,
                l.reason.code(),
                l.breakdown.total.minor()
            ])?;
        }
    }
    for stmt in settlement_statements(cycle, &s, &offers, now)
        .into_iter()
        .chain(rollups)
    {
        let mut st = tx.prepare_cached(stmt.sql)?;
        bind(&mut st, &stmt.params)?;
        st.raw_execute()?;
    }
    tx.commit()?;
    tracing::info!(
        cycle = %cycle,
        lines = lines.len(),
        read_ms = read.as_millis() as u64,
        settle_ms = (settled - read).as_millis() as u64,
        write_ms = (started.elapsed() - settled).as_millis() as u64,
        "closed cycle (SQLite)"
    );
    Ok(summary(cycle, &s))
}

/// Loads order lines through one native transaction (benchmark and crash-test set-up only).
#[cfg(feature = "testing")]
pub(crate) fn bulk_load_sqlite(
    file: &str,
    cycle: Uuid,
    lines: &[crate::testing::BulkLine],
) -> Result<(), StoreError> {
    let mut conn = open_native(file)?;
    conn.execute_batch("PRAGMA cache_size = -65536;")?;
    let tx = conn.transaction_with_behavior(rusqlite::TransactionBehavior::Immediate)?;
    let now = crate::now_micros();
    {
        let mut st = tx.prepare(
            "INSERT INTO order_lines (id, cycle_id, offer_id, consumer_group_id, person_id, pickup_point_id, quantity, tier, seq, \
             allocated, reason, total_minor, created_at, updated_at) VALUES (?1, ?2, ?3, ?4, ?9, ?5, ?6, ?7, ?8, NULL, NULL, NULL, ?8, ?8)",
        )?;
        let c = cycle.to_string();
        for (n, (id, offer, group, qty, tier, pickup, person)) in lines.iter().enumerate() {
            st.execute(rusqlite::params![
                id.to_string(),
                c,
                offer.to_string(),
                group.to_string(),
                pickup.map(|p| p.to_string()),
                *qty as i64,
                i64::from(*tier),
                now + n as i64,
                person.map(|p| p.to_string())
            ])?;
        }
    }
    tx.execute(
        "UPDATE offers SET reserved = (SELECT COALESCE(SUM(l.quantity), 0) FROM order_lines l \
         WHERE l.cycle_id = offers.cycle_id AND l.offer_id = offers.id) WHERE cycle_id = ?1",
        [cycle.to_string()],
    )?;
    tx.commit()?;
    Ok(())
}
