//! The portable close (PostgreSQL, CockroachDB, YugabyteDB, and SQLite when no file is at
//! hand): the same reads and writes through sqlx in one SERIALIZABLE transaction. The lines'
//! allocations go back in bulk: on PostgreSQL as arrays unnested by the server
//! (`UPDATE … FROM (SELECT unnest(…))`), up to 1,000,000 lines a statement; on SQLite, which
//! has no arrays, in batches of `UPDATE … FROM (VALUES …)`.

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
    let backend = store.backend();
    write_tx!(this, tx, {
        let started = std::time::Instant::now();
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
        let read = started.elapsed();
        let s = settle::settle(&terms, &offers, &lines, &mut Uuid::new_v4)
            .map_err(|e| StoreError::Conflict(Conflict::CannotClose(e)))?;
        let settled = started.elapsed();
        let context = crate::impact::context_any(&mut tx, &terms, &persons).await?;
        let rollups = crate::impact::rollup_statements(
            &terms,
            crate::impact::Delivered::of(&s),
            &persons,
            &context,
        )?;
        match backend {
            crate::Backend::Postgres => write_lines_unnest(&mut tx, &s, store.close_rows).await?,
            crate::Backend::Sqlite => write_lines(&mut tx, &s).await?,
        }
        let lines_written = started.elapsed();
        execute_statements(
            &mut tx,
            &settlement_statements(id, terms.hub, &s, &offers, now),
        )
        .await?;
        execute_statements(&mut tx, &rollups).await?;
        crate::chain::seal(&mut tx, &super::settlement_entries(id, &s, now), now).await?;
        tracing::info!(
            cycle = %id,
            lines = lines.len(),
            read_ms = read.as_millis() as u64,
            settle_ms = (settled - read).as_millis() as u64,
            lines_ms = (lines_written - settled).as_millis() as u64,
            rest_ms = (started.elapsed() - lines_written).as_millis() as u64,
            "closed cycle (portable), before commit"
        );
        Ok(summary(id, &s))
    })
}

/// Lines a statement of PostgreSQL's bulk path writes at most.
pub(crate) const ROWS: usize = 1_000_000;

/// PostgreSQL's bulk path: each column of a batch goes as one parameter, an array literal in
/// text (`{"…","…"}`) that the server casts and unnests. Up to 1,000,000 lines cost one
/// statement, four parameters and one plan, where `VALUES` needs four parameters a line (and
/// the protocol allows 65,535). Each statement joins its batch to the whole table, so fewer,
/// larger batches are faster: 250,000 a statement took 15.3 s for 1,000,000 lines. Plain
/// arrays and `unnest` are also what CockroachDB and YugabyteDB document.
async fn write_lines_unnest(
    tx: &mut SqlTx<'static, Any>,
    s: &Settlement,
    rows: usize,
) -> Result<(), StoreError> {
    const SQL: &str = "UPDATE order_lines SET allocated = v.allocated, reason = v.reason, \
         total_minor = v.total FROM (SELECT unnest(CAST($1 AS TEXT[])) AS id, \
         unnest(CAST($2 AS BIGINT[])) AS allocated, unnest(CAST($3 AS TEXT[])) AS reason, \
         unnest(CAST($4 AS BIGINT[])) AS total) AS v WHERE order_lines.id = v.id";
    for chunk in s.lines.chunks(rows.max(1)) {
        let ids = array_literal(chunk.iter().map(|l| l.line.to_string()), true);
        let allocated = array_literal(chunk.iter().map(|l| l.allocated.to_string()), false);
        let reasons = array_literal(chunk.iter().map(|l| l.reason.code().to_string()), true);
        let totals = array_literal(
            chunk.iter().map(|l| l.breakdown.total.minor().to_string()),
            false,
        );
        sqlx::query(SQL)
            .bind(ids)
            .bind(allocated)
            .bind(reasons)
            .bind(totals)
            .execute(&mut **tx)
            .await?;
    }
    Ok(())
}

/// An array literal in PostgreSQL's text form. Quoted elements escape `"` and `\`, so any text
/// goes through whole; numbers go bare.
fn array_literal(items: impl Iterator<Item = String>, quoted: bool) -> String {
    let mut out = String::from("{");
    for (i, item) in items.enumerate() {
        if i > 0 {
            out.push(',');
        }
        if quoted {
            out.push('"');
            for c in item.chars() {
                if c == '"' || c == '\\' {
                    out.push('\\');
                }
                out.push(c);
            }
            out.push('"');
        } else {
            out.push_str(&item);
        }
    }
    out.push('}');
    out
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

#[cfg(test)]
mod tests {
    use super::array_literal;

    #[test]
    fn an_array_literal_quotes_and_escapes_text_and_leaves_numbers_bare() {
        let text = ["plain", "with \"quote\"", "back\\slash", "a,b {c}"];
        assert_eq!(
            array_literal(text.iter().map(|s| s.to_string()), true),
            r#"{"plain","with \"quote\"","back\\slash","a,b {c}"}"#
        );
        assert_eq!(
            array_literal([1i64, -2, 30].iter().map(|n| n.to_string()), false),
            "{1,-2,30}"
        );
        assert_eq!(array_literal(std::iter::empty(), true), "{}");
    }
}
