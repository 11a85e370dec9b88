//! The SQLite fast path of a close: one native connection (rusqlite, the same SQLite library
//! sqlx links) with prepared statements — the same SQL text, `$1…$N` included — inside one
//! `BEGIN IMMEDIATE` transaction, so a million lines cost a prepared-statement step each.

use bayanihan_domain::trade::records::CloseSummary;
use bayanihan_domain::trade::settle::{self, LineInput};
use bayanihan_domain::Conflict;
use uuid::Uuid;

use super::{
    offer_terms, settlement_statements, summary, terms, SELECT_OFFERS, SELECT_TERMS,
    SUMMARY_INVOICES, SUMMARY_LINES, SUMMARY_OBLIGATIONS,
};
use crate::native::{bind, open_native};
use crate::rows::{corrupt, uuid_text as parse_uuid};
use crate::StoreError;

/// Closes a cycle on SQLite through one native connection and one `BEGIN IMMEDIATE`
/// transaction. `file` is the database file (or shared in-memory URI).
pub(crate) fn close_sqlite(file: &str, cycle: Uuid) -> Result<CloseSummary, StoreError> {
    let mut conn = open_native(file)?;
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
                r.get(5)?,
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
    let s = settle::settle(&terms, &offers, &lines, &mut Uuid::new_v4)
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
    // The crash test kills the server on this line, to prove a close cut short leaves nothing.
    tracing::info!(cycle = %cycle, lines = s.lines.len(), "closing cycle: writing");
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
    for stmt in settlement_statements(cycle, terms.hub, &s, &offers, now)
        .into_iter()
        .chain(rollups)
    {
        let mut st = tx.prepare_cached(stmt.sql)?;
        bind(&mut st, &stmt.params)?;
        st.raw_execute()?;
    }
    crate::chain::seal_native(&tx, &super::settlement_entries(cycle, &s, now), now)?;
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
