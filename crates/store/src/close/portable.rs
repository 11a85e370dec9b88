//! The portable close (PostgreSQL, CockroachDB, YugabyteDB, and SQLite when no file is at
//! hand): the same reads and writes through sqlx in one SERIALIZABLE transaction, the lines in
//! batches of `UPDATE … FROM (VALUES …)`.

use std::collections::HashMap;

use bayanihan_domain::trade::records::CloseSummary;
use bayanihan_domain::trade::settle::{self, CycleTerms, LineInput, OfferTerms, Settlement};
use bayanihan_domain::Conflict;
use sqlx::{Any, Row, Transaction as SqlTx};
use uuid::Uuid;

use super::{
    offer_terms, settlement_statements, summary, terms, SELECT_LINES, SELECT_OFFERS, SELECT_TERMS,
    SUMMARY_INVOICES, SUMMARY_LINES, SUMMARY_OBLIGATIONS,
};
use crate::rows::Columns;
use crate::stmt::execute_statements;
use crate::{now_micros, Store, StoreError};

/// What settling a cycle takes, as stored: its status, terms, offers and lines, and who
/// ordered each line.
pub(crate) struct Inputs {
    pub closed: bool,
    pub terms: CycleTerms,
    pub offers: Vec<OfferTerms>,
    pub lines: Vec<LineInput>,
    pub persons: HashMap<Uuid, Uuid>,
}

/// Reads a cycle's [`Inputs`] on `conn` (inside the close's transaction, or on its own for a
/// preview).
pub(crate) async fn read_inputs(
    conn: &mut sqlx::AnyConnection,
    id: Uuid,
) -> Result<Inputs, StoreError> {
    let c = sqlx::query(SELECT_TERMS)
        .bind(id.to_string())
        .fetch_optional(&mut *conn)
        .await?
        .ok_or(StoreError::NotFound("cycle"))?;
    let closed = c.try_get::<String, _>(0)? == "closed";
    let terms = terms(
        id,
        &c.try_get::<String, _>(1)?,
        &c.try_get::<String, _>(2)?,
        &c.try_get::<String, _>(3)?,
        &c.try_get::<String, _>(4)?,
        c.try_get(5)?,
    )?;
    let offers = sqlx::query(SELECT_OFFERS)
        .bind(id.to_string())
        .fetch_all(&mut *conn)
        .await?
        .iter()
        .map(|r| {
            offer_terms(
                &r.try_get::<String, _>(0)?,
                &r.try_get::<String, _>(1)?,
                r.try_get(2)?,
                r.try_get(3)?,
                &r.try_get::<String, _>(4)?,
                r.try_get(5)?,
                terms.currency,
            )
        })
        .collect::<Result<Vec<_>, StoreError>>()?;
    let rows = sqlx::query(SELECT_LINES)
        .bind(id.to_string())
        .fetch_all(&mut *conn)
        .await?;
    let mut persons = HashMap::new();
    for r in &rows {
        if let Some(p) = r.opt_uuid(6)? {
            persons.insert(r.uuid(0)?, p);
        }
    }
    let lines = rows
        .iter()
        .map(|r| {
            Ok(LineInput {
                id: r.uuid(0)?,
                offer: r.uuid(1)?,
                consumer_group: r.uuid(2)?,
                quantity: r.count(3)?,
                tier: r.try_get::<i64, _>(4)? as u32,
                seq: r.count(5)?,
            })
        })
        .collect::<Result<Vec<_>, StoreError>>()?;
    Ok(Inputs {
        closed,
        terms,
        offers,
        lines,
        persons,
    })
}

/// Closes cycle `id` through sqlx, all in one transaction.
pub(super) async fn close(store: &Store, id: Uuid) -> Result<CloseSummary, StoreError> {
    let this = store;
    let now = now_micros();
    write_tx!(this, tx, {
        let Inputs {
            closed,
            terms,
            offers,
            lines,
            persons,
        } = read_inputs(&mut tx, id).await?;
        if closed {
            return summary_of_closed(&mut tx, id).await;
        }
        let s = settle::settle(&terms, &offers, &lines, &mut Uuid::new_v4)
            .map_err(|e| StoreError::Conflict(Conflict::CannotClose(e)))?;
        let context = crate::impact::context_any(&mut tx, &terms, &persons).await?;
        let rollups = crate::impact::rollup_statements(
            &terms,
            crate::impact::Delivered::of(&s),
            &persons,
            &context,
        )?;
        write_lines(&mut tx, &s).await?;
        execute_statements(
            &mut tx,
            &settlement_statements(id, terms.hub, &s, &offers, now),
        )
        .await?;
        execute_statements(&mut tx, &rollups).await?;
        crate::chain::seal(&mut tx, &super::settlement_entries(id, &s, now), now).await?;
        Ok(summary(id, &s))
    })
}

/// Writes each line's allocation, in batches of one `UPDATE … FROM (VALUES …)` each: a
/// statement per line would cost a round trip per line.
async fn write_lines(tx: &mut SqlTx<'static, Any>, s: &Settlement) -> Result<(), StoreError> {
    const ROWS: usize = 500;
    for chunk in s.lines.chunks(ROWS) {
        let mut sql = String::from("WITH v (id, allocated, reason, total) AS (VALUES ");
        for i in 0..chunk.len() {
            let b = i * 4;
            if i > 0 {
                sql.push(',');
            }
            sql.push_str(&format!("(${}, ${}, ${}, ${})", b + 1, b + 2, b + 3, b + 4));
        }
        sql.push_str(
            ") UPDATE order_lines SET allocated = v.allocated, reason = v.reason, total_minor = v.total \
             FROM v WHERE order_lines.id = v.id",
        );
        let mut q = sqlx::query(&sql);
        for l in chunk {
            q = q
                .bind(l.line.to_string())
                .bind(l.allocated as i64)
                .bind(l.reason.code())
                .bind(l.breakdown.total.minor());
        }
        q.execute(&mut **tx).await?;
    }
    Ok(())
}

async fn summary_of_closed(
    tx: &mut SqlTx<'static, Any>,
    id: Uuid,
) -> Result<CloseSummary, StoreError> {
    let r = sqlx::query(SUMMARY_LINES)
        .bind(id.to_string())
        .fetch_one(&mut **tx)
        .await?;
    let invoices: i64 = sqlx::query_scalar(SUMMARY_INVOICES)
        .bind(id.to_string())
        .fetch_one(&mut **tx)
        .await?;
    let obligations: i64 = sqlx::query_scalar(SUMMARY_OBLIGATIONS)
        .bind(id.to_string())
        .fetch_one(&mut **tx)
        .await?;
    Ok(CloseSummary {
        cycle_id: id,
        closed_now: false,
        lines: r.count(0)?,
        units_requested: r.count(1)?,
        units_allocated: r.count(2)?,
        invoices: invoices as u64,
        obligations: obligations as u64,
    })
}
