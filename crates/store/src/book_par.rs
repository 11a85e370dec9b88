//! Portfolio quality at any past date in one sum, for a group or a federation of thousands.
//!
//! Read from the book row by row, a federation's PAR on one date means every loan's schedule
//! and repayments (`books::loans_in`): millions of rows. Instead, each loan's
//! [`History::changes`] — how its share of the figures (outstanding, ageing bucket,
//! rescheduled) changes, on the few days it does — is kept beside the book, and summed per
//! group and day in `shg_par_days`. The figures of any set of groups on any day are then the
//! sum of their rows up to that day: a few index ranges, whatever the book's length.
//!
//! The changes are derived, never entered: every write that touches a member's loan (a
//! meeting's new loans and repayments, a write-off, a reschedule) recomputes the loan's
//! changes from its rows in the same transaction and applies the difference to the day sums,
//! so they can never be seen apart from the book. The migration that made the tables builds
//! them from the existing books ([`rebuild_all`]). `Store::portfolio_quality_from_rows` reads
//! the same figures the slow way; the tests hold the two equal on every day.

use std::collections::{BTreeMap, HashMap};

use bayanihan_domain::finance::loan::Instalment;
use bayanihan_domain::finance::portfolio::{Allocation, History, Quality, ScheduleRow, Share};
use bayanihan_domain::Money;
use jiff::civil::Date;
use sqlx::Row;
use uuid::Uuid;

use crate::rows::{corrupt, Columns};
use crate::{Store, StoreError};

/// A share's columns, in [`Share`]'s order.
const COLUMNS: &str =
    "loans, gross, a_current, a_1_30, a_31_60, a_61_90, a_91_180, a_over_180, rescheduled";

fn values(s: &Share) -> [i64; 9] {
    let a = s.ageing;
    [
        s.loans,
        s.gross,
        a[0],
        a[1],
        a[2],
        a[3],
        a[4],
        a[5],
        s.rescheduled,
    ]
}

fn share_from(v: [i64; 9]) -> Share {
    Share {
        loans: v[0],
        gross: v[1],
        ageing: [v[2], v[3], v[4], v[5], v[6], v[7]],
        rescheduled: v[8],
    }
}

/// A date kept as TEXT, or NULL.
fn opt_date(r: &sqlx::any::AnyRow, i: usize) -> Result<Option<Date>, StoreError> {
    r.try_get::<Option<String>, _>(i)?
        .map(|s| crate::rows::date_text(&s))
        .transpose()
}

/// Which loans to read.
enum Scope<'a> {
    All,
    Loans(&'a [Uuid]),
}

impl Scope<'_> {
    /// A condition on `column`, with its parameters from `$1`.
    fn condition(&self, column: &str) -> (String, Vec<String>) {
        match self {
            Scope::All => ("1 = 1".into(), vec![]),
            Scope::Loans(ids) => (
                format!(
                    "{column} IN ({})",
                    (1..=ids.len())
                        .map(|i| format!("${i}"))
                        .collect::<Vec<_>>()
                        .join(", ")
                ),
                ids.iter().map(Uuid::to_string).collect(),
            ),
        }
    }
}

/// The rows of `sql` with `params` bound as `$1…$N`.
async fn fetch(
    conn: &mut sqlx::AnyConnection,
    sql: &str,
    params: &[String],
) -> Result<Vec<sqlx::any::AnyRow>, StoreError> {
    let mut q = sqlx::query(sql);
    for p in params {
        q = q.bind(p);
    }
    Ok(q.fetch_all(&mut *conn).await?)
}

/// The histories of the loans in `scope`, with their groups.
async fn histories(
    conn: &mut sqlx::AnyConnection,
    scope: Scope<'_>,
) -> Result<HashMap<Uuid, (Uuid, History)>, StoreError> {
    let (cond, params) = scope.condition("id");
    let mut out = HashMap::new();
    let sql = format!(
        "SELECT id, organization_id, principal, disbursed_on, rescheduled_on, written_off_on, currency \
         FROM shg_loans WHERE {cond}"
    );
    let mut currencies = HashMap::new();
    for r in fetch(conn, &sql, &params).await? {
        let id = r.uuid(0)?;
        currencies.insert(id, r.currency(6)?);
        out.insert(
            id,
            (
                r.uuid(1)?,
                History {
                    principal: r.try_get(2)?,
                    disbursed_on: r.date(3)?,
                    rows: Vec::new(),
                    repayments: Vec::new(),
                    rescheduled_on: opt_date(&r, 4)?,
                    written_off_on: opt_date(&r, 5)?,
                },
            ),
        );
    }
    if out.is_empty() {
        return Ok(out);
    }
    let (cond, _) = scope.condition("loan_id");
    let sql = format!(
        "SELECT loan_id, number, due_on, principal, interest, set_on, replaced_on \
         FROM shg_instalments WHERE {cond} ORDER BY loan_id, number"
    );
    for r in fetch(conn, &sql, &params).await? {
        let id = r.uuid(0)?;
        let Some((_, h)) = out.get_mut(&id) else {
            return Err(corrupt("shg_instalments", format!("no loan {id}")));
        };
        let cur = currencies[&id];
        h.rows.push(ScheduleRow {
            instalment: Instalment {
                number: u32::try_from(r.try_get::<i64, _>(1)?)
                    .map_err(|e| corrupt("shg_instalments.number", e))?,
                due_date: r.date(2)?,
                principal: Money::new(r.try_get(3)?, cur),
                interest: Money::new(r.try_get(4)?, cur),
                balance: Money::new(0, cur),
            },
            set_on: opt_date(&r, 5)?,
            replaced_on: opt_date(&r, 6)?,
        });
    }
    // Repayments by loan and day, as `books::loans_in` reads them.
    let (cond, _) = scope.condition("s.loan_id");
    let sql = format!(
        "SELECT s.loan_id, s.occurred_on, \
         CAST(SUM(CASE WHEN s.account = 'loan' THEN -s.amount ELSE 0 END) AS BIGINT), \
         CAST(SUM(CASE WHEN s.account = 'interest' THEN -s.amount ELSE 0 END) AS BIGINT) \
         FROM shg_postings s JOIN shg_entries e ON e.id = s.entry_id \
         WHERE e.kind = 'repayment' AND s.loan_id IS NOT NULL AND {cond} \
         GROUP BY s.loan_id, s.occurred_on"
    );
    for r in fetch(conn, &sql, &params).await? {
        let id = r.uuid(0)?;
        let Some((_, h)) = out.get_mut(&id) else {
            return Err(corrupt("shg_postings", format!("no loan {id}")));
        };
        h.repayments.push((
            r.date(1)?,
            Allocation {
                fees: 0,
                principal: r.try_get(2)?,
                interest: r.try_get(3)?,
            },
        ));
    }
    Ok(out)
}

type Changes = Vec<(Date, Share)>;

fn encode(changes: &Changes) -> Result<String, StoreError> {
    let rows: Vec<(String, [i64; 9])> = changes
        .iter()
        .map(|(d, s)| (d.to_string(), values(s)))
        .collect();
    serde_json::to_string(&rows).map_err(|e| corrupt("shg_loan_par.changes", e))
}

fn decode(text: &str) -> Result<Changes, StoreError> {
    let rows: Vec<(String, [i64; 9])> =
        serde_json::from_str(text).map_err(|e| corrupt("shg_loan_par.changes", e))?;
    rows.into_iter()
        .map(|(d, v)| Ok((crate::rows::date_text(&d)?, share_from(v))))
        .collect()
}

/// Adds `sign` × `changes` of a loan of `org` to `sums`.
fn accumulate(sums: &mut BTreeMap<(Uuid, Date), Share>, org: Uuid, changes: &Changes, sign: i64) {
    for (day, c) in changes {
        let e = sums.entry((org, *day)).or_default();
        if sign > 0 {
            e.add(c);
        } else {
            *e = e.minus(c);
        }
    }
}

/// Adds `sums` to the day sums, in statements of many rows.
async fn apply(
    conn: &mut sqlx::AnyConnection,
    sums: &BTreeMap<(Uuid, Date), Share>,
) -> Result<(), StoreError> {
    let rows: Vec<(&(Uuid, Date), &Share)> = sums.iter().filter(|(_, s)| !s.is_zero()).collect();
    let update = COLUMNS
        .split(", ")
        .map(|c| format!("{c} = shg_par_days.{c} + excluded.{c}"))
        .collect::<Vec<_>>()
        .join(", ");
    for chunk in rows.chunks(400) {
        let placeholders: Vec<String> = (0..chunk.len())
            .map(|i| {
                let b = i * 11;
                format!(
                    "({})",
                    (1..=11)
                        .map(|k| format!("${}", b + k))
                        .collect::<Vec<_>>()
                        .join(", ")
                )
            })
            .collect();
        let sql = format!(
            "INSERT INTO shg_par_days (organization_id, day, {COLUMNS}) VALUES {} \
             ON CONFLICT (organization_id, day) DO UPDATE SET {update}",
            placeholders.join(", ")
        );
        let mut q = sqlx::query(&sql);
        for ((org, day), s) in chunk {
            q = q.bind(org.to_string()).bind(day.to_string());
            for v in values(s) {
                q = q.bind(v);
            }
        }
        q.execute(&mut *conn).await?;
    }
    Ok(())
}

/// Recomputes the changes of `loans` (members' loans just written) and applies the
/// difference to their groups' day sums, inside the caller's write transaction.
pub(crate) async fn refresh(
    conn: &mut sqlx::AnyConnection,
    loans: &[Uuid],
) -> Result<(), StoreError> {
    let mut loans = loans.to_vec();
    loans.sort_unstable();
    loans.dedup();
    let mut sums = BTreeMap::new();
    for chunk in loans.chunks(200) {
        let found = histories(conn, Scope::Loans(chunk)).await?;
        let (cond, params) = Scope::Loans(chunk).condition("loan_id");
        let sql = format!("SELECT loan_id, changes FROM shg_loan_par WHERE {cond}");
        let mut old: HashMap<Uuid, Changes> = HashMap::new();
        for r in fetch(conn, &sql, &params).await? {
            old.insert(r.uuid(0)?, decode(&r.try_get::<String, _>(1)?)?);
        }
        for (id, (org, h)) in &found {
            let new = h.changes();
            if let Some(before) = old.get(id) {
                if *before == new {
                    continue;
                }
                accumulate(&mut sums, *org, before, -1);
            }
            accumulate(&mut sums, *org, &new, 1);
            sqlx::query(
                "INSERT INTO shg_loan_par (loan_id, organization_id, changes) VALUES ($1, $2, $3) \
                 ON CONFLICT (loan_id) DO UPDATE SET changes = excluded.changes",
            )
            .bind(id.to_string())
            .bind(org.to_string())
            .bind(encode(&new)?)
            .execute(&mut *conn)
            .await?;
        }
    }
    apply(conn, &sums).await
}

/// Builds both tables afresh from every book (the migration that made them, and
/// benchmarks' bulk-loaded books). Returns the number of loans read.
pub(crate) async fn rebuild_all(conn: &mut sqlx::AnyConnection) -> Result<usize, StoreError> {
    sqlx::query("DELETE FROM shg_par_days")
        .execute(&mut *conn)
        .await?;
    sqlx::query("DELETE FROM shg_loan_par")
        .execute(&mut *conn)
        .await?;
    let all = histories(conn, Scope::All).await?;
    let mut sums = BTreeMap::new();
    let mut rows = Vec::with_capacity(all.len());
    for (id, (org, h)) in &all {
        let changes = h.changes();
        accumulate(&mut sums, *org, &changes, 1);
        rows.push((id.to_string(), org.to_string(), encode(&changes)?));
    }
    for chunk in rows.chunks(500) {
        let placeholders: Vec<String> = (0..chunk.len())
            .map(|i| format!("(${}, ${}, ${})", 3 * i + 1, 3 * i + 2, 3 * i + 3))
            .collect();
        let sql = format!(
            "INSERT INTO shg_loan_par (loan_id, organization_id, changes) VALUES {}",
            placeholders.join(", ")
        );
        let mut q = sqlx::query(&sql);
        for (id, org, changes) in chunk {
            q = q.bind(id).bind(org).bind(changes);
        }
        q.execute(&mut *conn).await?;
    }
    apply(conn, &sums).await?;
    Ok(all.len())
}

/// The summed shares of `orgs` on `day`.
async fn share_of(
    conn: &mut sqlx::AnyConnection,
    orgs: &[Uuid],
    day: Date,
) -> Result<Share, StoreError> {
    let sums = COLUMNS
        .split(", ")
        .map(|c| format!("CAST(COALESCE(SUM({c}), 0) AS BIGINT)"))
        .collect::<Vec<_>>()
        .join(", ");
    let mut total = Share::default();
    // Groups in lists of at most 1,000 parameters: within every engine's limit.
    for chunk in orgs.chunks(1_000) {
        let list = (2..chunk.len() + 2)
            .map(|i| format!("${i}"))
            .collect::<Vec<_>>()
            .join(", ");
        let sql = format!(
            "SELECT {sums} FROM shg_par_days WHERE organization_id IN ({list}) AND day <= $1"
        );
        let mut q = sqlx::query(&sql).bind(day.to_string());
        for o in chunk {
            q = q.bind(o.to_string());
        }
        let r = q.fetch_one(&mut *conn).await?;
        let mut v = [0i64; 9];
        for (i, x) in v.iter_mut().enumerate() {
            *x = r.try_get(i)?;
        }
        total.add(&share_from(v));
    }
    Ok(total)
}

impl Store {
    /// The quality of the loans of the groups `orgs` as at `day` — ageing, PAR30, PAR90 —
    /// summed from the loans' stored changes (see the module's notes): the same figures as
    /// [`Store::portfolio_quality_from_rows`], in time that grows with the number of groups,
    /// not with the length of their books.
    pub async fn portfolio_quality(&self, orgs: &[Uuid], day: Date) -> Result<Quality, StoreError> {
        let mut conn = self.pool.acquire().await?;
        Ok(share_of(&mut conn, orgs, day).await?.quality())
    }

    /// Builds the stored changes afresh from every book (benchmarks load books in bulk,
    /// bypassing the writes that keep them). Returns the number of loans read.
    pub async fn rebuild_portfolio_changes(&self) -> Result<usize, StoreError> {
        write_tx!(self, tx, { rebuild_all(&mut tx).await })
    }
}
