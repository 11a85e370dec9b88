//! Closing a cycle: what a close writes, built once, and the two engines that write it.
//!
//! The statements a close writes (documents, obligations, ledger, offer totals) are built once
//! as plain SQL with parameters ([`Stmt`]) and executed by either engine, so the SQL is written
//! once. Per-line writes are the exception: a cycle may hold a million lines, and a statement
//! per line through sqlx costs tens of microseconds each. On SQLite, closing therefore runs on
//! a connection of its own through rusqlite (the same SQLite library sqlx links) with prepared
//! statements — the same SQL text, `$1…$N` included — inside one `BEGIN IMMEDIATE`
//! transaction. On PostgreSQL the lines go in batches of `UPDATE … FROM (VALUES …)`.

use std::collections::BTreeMap;

use bayanihan_domain::trade::allocation::Policy;
use bayanihan_domain::trade::records::CloseSummary;
use bayanihan_domain::trade::settle::{CycleTerms, OfferTerms, Settlement};
use bayanihan_domain::{Currency, Money};
use uuid::Uuid;

use crate::ledger::transaction_statements;
use crate::rows::{corrupt, uuid_text as parse_uuid};
use crate::stmt::{text, Param, Stmt};
use crate::{Store, StoreError};

mod native;
mod portable;

pub(crate) use portable::ROWS as PORTABLE_ROWS;

pub(crate) const SELECT_TERMS: &str =
    "SELECT status, hub_id, currency, policy, delivery_date, payment_terms_days FROM cycles WHERE id = $1";
pub(crate) const SELECT_OFFERS: &str =
    "SELECT id, producer_id, quantity, producer_price, fees, prepaid FROM offers WHERE cycle_id = $1";
pub(crate) const SELECT_LINES: &str =
    "SELECT id, offer_id, consumer_group_id, quantity, tier, seq, person_id FROM order_lines WHERE cycle_id = $1";
pub(crate) const SUMMARY_LINES: &str =
    "SELECT COUNT(*), CAST(COALESCE(SUM(quantity), 0) AS BIGINT), \
    CAST(COALESCE(SUM(allocated), 0) AS BIGINT) FROM order_lines WHERE cycle_id = $1";
pub(crate) const SUMMARY_INVOICES: &str =
    "SELECT COUNT(*) FROM cycle_documents WHERE cycle_id = $1 AND kind = 'invoice'";
pub(crate) const SUMMARY_OBLIGATIONS: &str = "SELECT COUNT(*) FROM obligations WHERE cycle_id = $1";

/// Everything a close writes besides the lines themselves, ending with marking the cycle closed.
///
/// The hub issues every document of its cycle and numbers it in its series (`invoice` for the
/// groups' invoices, `statement` for producers' and fee recipients' statements): the series
/// counter is raised and read by the same statements, inside the close's transaction, so the
/// numbers are gap-free (a failed close rolls its numbers back) and a concurrent close of
/// another of the hub's cycles serializes on the counter's row.
pub(crate) fn settlement_statements(
    cycle: Uuid,
    hub: Uuid,
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
    for series in ["invoice", "statement"] {
        out.push(Stmt {
            sql: "INSERT INTO document_series (organization_id, series, last_number) VALUES ($1, $2, 0) \
                  ON CONFLICT (organization_id, series) DO NOTHING",
            params: vec![text(hub), text(series)],
        });
    }
    let issued_on = crate::organizations::today(now);
    for (kind, org, total) in docs {
        let series = if kind == "invoice" {
            "invoice"
        } else {
            "statement"
        };
        out.push(Stmt {
            sql: "UPDATE document_series SET last_number = last_number + 1 WHERE organization_id = $1 AND series = $2",
            params: vec![text(hub), text(series)],
        });
        out.push(Stmt {
            sql: "INSERT INTO cycle_documents (cycle_id, kind, organization_id, currency, total_minor, due_date, issuer_id, series, number, issued_on) \
                  SELECT $1, $2, $3, $4, $5, $6, $7, $8, last_number, $9 FROM document_series WHERE organization_id = $7 AND series = $8",
            params: vec![
                text(cycle),
                text(kind),
                text(org),
                text(total.currency().code()),
                Param::Int(total.minor()),
                text(s.due_date),
                text(hub),
                text(series),
                text(&issued_on),
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

/// The chain entries of what [`settlement_statements`] writes, in the order it writes them.
pub(crate) fn settlement_entries(
    cycle: Uuid,
    s: &Settlement,
    now: i64,
) -> Vec<bayanihan_domain::chain::Entry> {
    s.obligations
        .iter()
        .zip(&s.transactions)
        .flat_map(|(o, t)| {
            [
                crate::chain::obligation_entry(o, Some(cycle), now),
                crate::chain::transaction_entry(t, Some(cycle), now),
            ]
        })
        .collect()
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
    prepaid: i64,
    currency: Currency,
) -> Result<OfferTerms, StoreError> {
    let prepaid = prepaid != 0;
    Ok(OfferTerms {
        id: parse_uuid(id)?,
        producer: parse_uuid(producer)?,
        quantity: quantity as u64,
        producer_price: Money::new(price, currency),
        fees: serde_json::from_str(fees).map_err(|e| corrupt("fees", e))?,
        prepaid,
    })
}

impl Store {
    /// What closing the open cycle `id` now would do, settled by the same domain function as
    /// the close and written nowhere: for the confirmation a coordinator reads before closing.
    /// `None` when the cycle is closed already.
    pub async fn settle_preview(
        &self,
        id: Uuid,
    ) -> Result<Option<bayanihan_domain::trade::settle::Settlement>, StoreError> {
        let mut conn = self.pool.acquire().await?;
        let i = portable::read_inputs(&mut conn, id).await?;
        if i.closed {
            return Ok(None);
        }
        // Ids of what a close would create; none of it is kept.
        let s = bayanihan_domain::trade::settle::settle(
            &i.terms,
            &i.offers,
            &i.lines,
            &mut Uuid::new_v4,
        )
        .map_err(|e| StoreError::Conflict(bayanihan_domain::Conflict::CannotClose(e)))?;
        Ok(Some(s))
    }

    /// Closes a cycle: allocates, prices, writes invoices, statements, obligations and their
    /// ledger transactions, the impact rollups, and marks the cycle closed — all in one
    /// transaction, so a crash leaves the cycle open with nothing half-written. Closing a closed
    /// cycle changes nothing.
    ///
    /// One close, two engines behind it: the SQLite fast path when the database is a file of
    /// this machine ([`native`]), the portable sqlx path otherwise ([`portable`]). Both settle
    /// with the same domain function and write the same statements.
    pub async fn close_cycle(&self, id: Uuid) -> Result<CloseSummary, StoreError> {
        let start = std::time::Instant::now();
        let summary = self.close_cycle_now(id).await?;
        // A close asked again of a closed cycle did nothing, and is not counted.
        if summary.closed_now {
            self.counters.closed(start.elapsed().as_secs_f64());
        }
        Ok(summary)
    }

    async fn close_cycle_now(&self, id: Uuid) -> Result<CloseSummary, StoreError> {
        let Some(file) = &self.sqlite_file else {
            return portable::close(self, id).await;
        };
        let mut attempt = 0;
        loop {
            attempt += 1;
            let file = file.clone();
            let result = tokio::task::spawn_blocking(move || native::close_sqlite(&file, id))
                .await
                .map_err(|e| StoreError::Native(format!("closing task failed: {e}"), false))?;
            match result {
                Err(e) if e.is_retryable() && attempt < crate::tx::MAX_ATTEMPTS => {
                    crate::tx::backoff(attempt).await
                }
                other => return other,
            }
        }
    }
}
