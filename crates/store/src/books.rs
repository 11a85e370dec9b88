//! Self-help groups' books (the rules are `bayanihan_domain::finance::book`).
//!
//! A meeting is one write transaction: the group's rules, members and book are read, the
//! domain plans the meeting's entries, and the meeting, its lines, its new loans with their
//! schedules and every entry with its postings are written together — or nothing is. One
//! meeting a day per group (a unique index): two bookkeepers entering the same meeting at once
//! get one meeting and one conflict.
//!
//! Everything is dated by the meeting, not by its entry, so the book as at any past date —
//! balances, a loan's standing, the portfolio's quality — is read back from the postings of
//! that date or before.

use std::collections::{BTreeMap, BTreeSet};

use bayanihan_domain::finance::book::{
    self, BookAccount, BookLoan, Entry, Meeting, MeetingInput, Numbers, Rules, State, Totals,
};
use bayanihan_domain::finance::linkage::{BookHistory, LoanFacts, MeetingFacts};
use bayanihan_domain::finance::loan::Instalment;
use bayanihan_domain::finance::portfolio::{self, Allocation, Quality, Standing};
use bayanihan_domain::{Conflict, Currency, Invalid, Money};
use jiff::civil::Date;
use serde::Serialize;
use sqlx::{Any, Row, Transaction as SqlTx};
use uuid::Uuid;

use crate::rows::{corrupt, Columns};
use crate::{Store, StoreError};

type Tx = SqlTx<'static, Any>;

/// A meeting as the book lists it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct MeetingRecord {
    pub id: Uuid,
    pub organization_id: Uuid,
    pub held_on: Date,
    pub attendance: u32,
    pub members: u32,
    pub minutes: String,
    pub entered_by: Uuid,
    pub entered_at: jiff::Timestamp,
}

/// One member's line of a recorded meeting (minor units).
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct MeetingLine {
    pub person_id: Uuid,
    pub name: String,
    pub present: bool,
    pub savings: i64,
    pub voluntary: i64,
    pub repayment: i64,
    pub fine: i64,
    pub withdrawal: i64,
}

/// A member's accounts in the book as at a date.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct MemberAccounts {
    pub person_id: Uuid,
    pub name: String,
    pub savings: i64,
    pub voluntary: i64,
    pub loans_outstanding: i64,
    /// Principal and interest fallen due and not paid.
    pub arrears: i64,
    /// Days the oldest unpaid instalment is late; 0 when none is.
    pub days_past_due: i64,
}

/// A loan to a member, as at a date.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct LoanView {
    pub id: Uuid,
    pub organization_id: Uuid,
    pub person_id: Uuid,
    pub name: String,
    pub disbursed_on: Date,
    pub principal: i64,
    pub annual_rate: String,
    pub instalments: u32,
    pub per_year: u32,
    pub method: String,
    pub written_off_on: Option<Date>,
    /// The day it was rescheduled, when that is on or before the date it is read as at.
    pub rescheduled_on: Option<Date>,
    /// The loan to the group this loan on-lends.
    pub funded_by: Option<Uuid>,
    pub schedule: Vec<Instalment>,
    pub principal_paid: i64,
    pub interest_paid: i64,
    /// Repayments by date: principal and interest.
    pub repayments: Vec<(Date, i64)>,
    /// `None` once written off.
    pub standing: Option<Standing>,
}

/// A small count (a number of members, of instalments).
fn small<I>(r: &sqlx::any::AnyRow, col: I) -> Result<u32, StoreError>
where
    I: sqlx::ColumnIndex<sqlx::any::AnyRow> + std::fmt::Display + Copy,
{
    u32::try_from(r.count(col)?).map_err(|e| corrupt(col, e))
}

fn rules_from(r: &sqlx::any::AnyRow) -> Result<Rules, StoreError> {
    Ok(Rules {
        currency: r.currency("currency")?,
        compulsory_saving: r.try_get("compulsory_saving")?,
        withdrawal_rule: r.concept("withdrawal_rule")?,
        min_members: small(r, "min_members")?,
        max_members: small(r, "max_members")?,
    })
}

pub(crate) async fn rules_in(
    tx: &mut sqlx::AnyConnection,
    org: Uuid,
) -> Result<Option<Rules>, StoreError> {
    sqlx::query(
        "SELECT currency, compulsory_saving, withdrawal_rule, min_members, max_members \
         FROM shg_rules WHERE organization_id = $1",
    )
    .bind(org.to_string())
    .fetch_optional(&mut *tx)
    .await?
    .as_ref()
    .map(rules_from)
    .transpose()
}

/// The members of `org` (everyone with a membership), by name.
async fn members_in(
    tx: &mut sqlx::AnyConnection,
    org: Uuid,
) -> Result<Vec<(Uuid, String)>, StoreError> {
    sqlx::query(
        "SELECT p.id, p.name FROM memberships m JOIN people p ON p.id = m.person_id \
         WHERE m.organization_id = $1 ORDER BY p.name, p.id",
    )
    .bind(org.to_string())
    .fetch_all(&mut *tx)
    .await?
    .iter()
    .map(|r| Ok((r.uuid(0)?, r.try_get(1)?)))
    .collect()
}

/// The loans of `org` disbursed on or before `day`, with what was paid on them by then,
/// oldest first; `person` narrows to one member's.
pub(crate) async fn loans_in(
    tx: &mut sqlx::AnyConnection,
    orgs: &[Uuid],
    person: Option<Uuid>,
    day: Date,
) -> Result<Vec<LoanView>, StoreError> {
    let mut out = Vec::new();
    for org in orgs {
        let rows = sqlx::query(
            "SELECT l.id, l.person_id, p.name, l.disbursed_on, l.principal, l.annual_rate, \
             l.instalments, l.per_year, l.method, l.written_off_on, l.currency, l.funded_by, l.rescheduled_on \
             FROM shg_loans l JOIN people p ON p.id = l.person_id \
             WHERE l.organization_id = $1 AND l.disbursed_on <= $2 AND ($3 = '' OR l.person_id = $3) \
             ORDER BY l.disbursed_on, l.id",
        )
        .bind(org.to_string())
        .bind(day.to_string())
        .bind(person.map(|p| p.to_string()).unwrap_or_default())
        .fetch_all(&mut *tx)
        .await?;
        if rows.is_empty() {
            continue;
        }
        let mut schedules: BTreeMap<Uuid, Vec<Instalment>> = BTreeMap::new();
        let cur: Currency = rows[0].currency("currency")?;
        for r in sqlx::query(
            "SELECT i.loan_id, i.number, i.due_on, i.principal, i.interest FROM shg_instalments i \
             JOIN shg_loans l ON l.id = i.loan_id WHERE l.organization_id = $1 AND l.disbursed_on <= $2 \
             AND (i.set_on IS NULL OR i.set_on <= $2) AND (i.replaced_on IS NULL OR i.replaced_on > $2) \
             ORDER BY i.loan_id, i.number",
        )
        .bind(org.to_string())
        .bind(day.to_string())
        .fetch_all(&mut *tx)
        .await?
        {
            schedules.entry(r.uuid(0)?).or_default().push(Instalment {
                number: small(&r, 1)?,
                due_date: r.date(2)?,
                principal: r.money(3, cur)?,
                interest: r.money(4, cur)?,
                balance: Money::new(0, cur),
            });
        }
        // Repayments by loan and date: principal off the loan account, interest earned.
        let mut paid: BTreeMap<Uuid, Vec<(Date, Allocation)>> = BTreeMap::new();
        for r in sqlx::query(
            "SELECT s.loan_id, s.occurred_on, \
             CAST(SUM(CASE WHEN s.account = 'loan' THEN -s.amount ELSE 0 END) AS BIGINT), \
             CAST(SUM(CASE WHEN s.account = 'interest' THEN -s.amount ELSE 0 END) AS BIGINT) \
             FROM shg_postings s JOIN shg_entries e ON e.id = s.entry_id \
             WHERE s.organization_id = $1 AND e.kind = 'repayment' AND s.occurred_on <= $2 \
             AND s.loan_id IS NOT NULL GROUP BY s.loan_id, s.occurred_on ORDER BY s.loan_id, s.occurred_on",
        )
        .bind(org.to_string())
        .bind(day.to_string())
        .fetch_all(&mut *tx)
        .await?
        {
            paid.entry(r.uuid(0)?).or_default().push((
                r.date(1)?,
                Allocation {
                    fees: 0,
                    principal: r.try_get(2)?,
                    interest: r.try_get(3)?,
                },
            ));
        }
        for r in &rows {
            let id = r.uuid("id")?;
            let written_off_on = r
                .try_get::<Option<String>, _>("written_off_on")?
                .map(|s| crate::rows::date_text(&s))
                .transpose()?
                .filter(|d| *d <= day);
            let rescheduled_on = r
                .try_get::<Option<String>, _>("rescheduled_on")?
                .map(|s| crate::rows::date_text(&s))
                .transpose()?
                .filter(|d| *d <= day);
            let schedule = schedules.remove(&id).unwrap_or_default();
            let repayments = paid.remove(&id).unwrap_or_default();
            let principal: i64 = r.try_get("principal")?;
            let loan = portfolio::Loan {
                principal,
                schedule: schedule.clone(),
                repayments: repayments.clone(),
                rescheduled: rescheduled_on.is_some(),
                written_off: written_off_on,
            };
            out.push(LoanView {
                id,
                organization_id: *org,
                person_id: r.uuid("person_id")?,
                name: r.try_get("name")?,
                disbursed_on: r.date("disbursed_on")?,
                principal,
                annual_rate: r.try_get("annual_rate")?,
                instalments: small(r, "instalments")?,
                per_year: small(r, "per_year")?,
                method: r.try_get("method")?,
                written_off_on,
                rescheduled_on,
                funded_by: r.opt_uuid("funded_by")?,
                principal_paid: repayments.iter().map(|(_, a)| a.principal).sum(),
                interest_paid: repayments.iter().map(|(_, a)| a.interest).sum(),
                repayments: repayments
                    .iter()
                    .map(|(d, a)| (*d, a.principal + a.interest))
                    .collect(),
                standing: portfolio::standing(&loan, day),
                schedule,
            });
        }
    }
    if let Some(p) = person {
        out.retain(|l| l.person_id == p);
    }
    Ok(out)
}

/// The book's account sums as at `day` (postings dated on or before it).
async fn sums_in(
    tx: &mut sqlx::AnyConnection,
    org: Uuid,
    day: Date,
) -> Result<Vec<(BookAccount, Option<Uuid>, i64)>, StoreError> {
    sqlx::query(
        "SELECT account, person_id, CAST(SUM(amount) AS BIGINT) FROM shg_postings \
         WHERE organization_id = $1 AND occurred_on <= $2 GROUP BY account, person_id",
    )
    .bind(org.to_string())
    .bind(day.to_string())
    .fetch_all(&mut *tx)
    .await?
    .iter()
    .map(|r| Ok((r.concept(0)?, r.opt_uuid(1)?, r.try_get(2)?)))
    .collect()
}

/// What the domain needs to plan a meeting on `day`: the book as it stands now (every
/// posting, whatever its date: a meeting entered late cannot spend cash already lent since).
pub(crate) async fn state_in(tx: &mut sqlx::AnyConnection, org: Uuid) -> Result<State, StoreError> {
    let far = Date::constant(9999, 12, 31);
    let mut state = State::default();
    for (account, person, sum) in sums_in(tx, org, far).await? {
        match (account, person) {
            (BookAccount::Cash, _) => state.cash += sum,
            (BookAccount::Savings, Some(p)) => state.savings.entry(p).or_default().0 -= sum,
            (BookAccount::Voluntary, Some(p)) => state.savings.entry(p).or_default().1 -= sum,
            _ => {}
        }
    }
    state.loans = loans_in(tx, &[org], None, far)
        .await?
        .into_iter()
        .filter(|l| l.written_off_on.is_none() && l.principal_paid < l.principal)
        .map(|l| BookLoan {
            id: l.id,
            person: l.person_id,
            disbursed_on: l.disbursed_on,
            principal: l.principal,
            schedule: l.schedule,
            principal_paid: l.principal_paid,
            interest_paid: l.interest_paid,
            written_off: false,
        })
        .collect();
    state.borrowings = borrowings_in(tx, org).await?;
    Ok(state)
}

pub(crate) async fn write_entries(
    tx: &mut Tx,
    org: Uuid,
    meeting: Option<Uuid>,
    on: Date,
    entries: &[Entry],
    by: Uuid,
    now: i64,
) -> Result<(), StoreError> {
    for e in entries {
        let id = Uuid::new_v4();
        sqlx::query(
            "INSERT INTO shg_entries (id, organization_id, meeting_id, occurred_on, kind, person_id, loan_id, recorded_by, created_at) \
             VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9)",
        )
        .bind(id.to_string())
        .bind(org.to_string())
        .bind(meeting.map(|m| m.to_string()))
        .bind(on.to_string())
        .bind(e.kind.id())
        .bind(e.person.map(|p| p.to_string()))
        .bind(e.loan.map(|l| l.to_string()))
        .bind(by.to_string())
        .bind(now)
        .execute(&mut **tx)
        .await?;
        for p in &e.postings {
            sqlx::query(
                "INSERT INTO shg_postings (entry_id, organization_id, occurred_on, account, person_id, loan_id, amount, borrowing_id) \
                 VALUES ($1, $2, $3, $4, $5, $6, $7, $8)",
            )
            .bind(id.to_string())
            .bind(org.to_string())
            .bind(on.to_string())
            .bind(p.account.id())
            .bind(p.person.map(|x| x.to_string()))
            .bind(p.loan.map(|x| x.to_string()))
            .bind(p.amount)
            .bind(p.borrowing.map(|x| x.to_string()))
            .execute(&mut **tx)
            .await?;
        }
    }
    Ok(())
}

async fn write_meeting(
    tx: &mut Tx,
    org: Uuid,
    m: &Meeting,
    members: usize,
    by: Uuid,
    now: i64,
) -> Result<Uuid, StoreError> {
    let id = Uuid::new_v4();
    sqlx::query(
        "INSERT INTO shg_meetings (id, organization_id, held_on, attendance, members, minutes, entered_by, entered_at) \
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8)",
    )
    .bind(id.to_string())
    .bind(org.to_string())
    .bind(m.held_on.to_string())
    .bind(m.attendance() as i64)
    .bind(members as i64)
    .bind(&m.minutes)
    .bind(by.to_string())
    .bind(now)
    .execute(&mut **tx)
    .await
    .map_err(|e| StoreError::from(e).unique(Conflict::MeetingRecorded))?;
    for l in &m.lines {
        sqlx::query(
            "INSERT INTO shg_meeting_lines (meeting_id, person_id, present, savings, voluntary, repayment, fine, withdrawal) \
             VALUES ($1, $2, $3, $4, $5, $6, $7, $8)",
        )
        .bind(id.to_string())
        .bind(l.person.to_string())
        .bind(i64::from(l.present))
        .bind(l.savings)
        .bind(l.voluntary)
        .bind(l.repayment)
        .bind(l.fine)
        .bind(l.withdrawal)
        .execute(&mut **tx)
        .await?;
    }
    for n in &m.loans {
        let t = &n.terms;
        sqlx::query(
            "INSERT INTO shg_loans (id, organization_id, person_id, meeting_id, disbursed_on, currency, principal, \
             annual_rate, instalments, per_year, method, written_off_on, funded_by) \
             VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, NULL, $12)",
        )
        .bind(n.id.to_string())
        .bind(org.to_string())
        .bind(n.person.to_string())
        .bind(id.to_string())
        .bind(m.held_on.to_string())
        .bind(t.principal.currency().code())
        .bind(t.principal.minor())
        .bind(t.annual_rate.percent())
        .bind(i64::from(t.instalments))
        .bind(i64::from(t.per_year))
        .bind(t.method.id())
        .bind(n.funded_by.map(|b| b.to_string()))
        .execute(&mut **tx)
        .await?;
        for i in &n.schedule {
            sqlx::query(
                "INSERT INTO shg_instalments (loan_id, number, due_on, principal, interest) VALUES ($1, $2, $3, $4, $5)",
            )
            .bind(n.id.to_string())
            .bind(i64::from(i.number))
            .bind(i.due_date.to_string())
            .bind(i.principal.minor())
            .bind(i.interest.minor())
            .execute(&mut **tx)
            .await?;
        }
    }
    write_entries(tx, org, Some(id), m.held_on, &m.entries, by, now).await?;
    let touched: Vec<Uuid> = m
        .loans
        .iter()
        .map(|n| n.id)
        .chain(m.entries.iter().filter_map(|e| e.loan))
        .collect();
    crate::book_par::refresh(tx, &touched).await?;
    Ok(id)
}

pub(crate) fn no_book() -> StoreError {
    StoreError::Conflict(Conflict::NoBook)
}

impl Store {
    /// The rules of `org`'s book, if it keeps one.
    pub async fn book_rules(&self, org: Uuid) -> Result<Option<Rules>, StoreError> {
        let mut conn = self.pool.acquire().await?;
        rules_in(&mut conn, org).await
    }

    /// Sets the rules of `org`'s book. The currency is fixed once the book has an entry.
    pub async fn set_book_rules(&self, org: Uuid, rules: &Rules) -> Result<(), StoreError> {
        let now = crate::now_micros();
        write_tx!(self, tx, {
            if let Some(old) = rules_in(&mut tx, org).await? {
                let entries: i64 = sqlx::query_scalar(
                    "SELECT COUNT(*) FROM shg_entries WHERE organization_id = $1",
                )
                .bind(org.to_string())
                .fetch_one(&mut *tx)
                .await?;
                if entries > 0 && old.currency != rules.currency {
                    return Err(StoreError::Invalid(Invalid::field(
                        "currency",
                        format!(
                            "the book is kept in {} and has entries: its currency stays",
                            old.currency.code()
                        ),
                    )));
                }
            }
            sqlx::query(
                "INSERT INTO shg_rules (organization_id, currency, compulsory_saving, withdrawal_rule, min_members, max_members, updated_at) \
                 VALUES ($1, $2, $3, $4, $5, $6, $7) ON CONFLICT (organization_id) DO UPDATE SET \
                 currency = $2, compulsory_saving = $3, withdrawal_rule = $4, min_members = $5, max_members = $6, updated_at = $7",
            )
            .bind(org.to_string())
            .bind(rules.currency.code())
            .bind(rules.compulsory_saving)
            .bind(rules.withdrawal_rule.id())
            .bind(i64::from(rules.min_members))
            .bind(i64::from(rules.max_members))
            .bind(now)
            .execute(&mut *tx)
            .await?;
            Ok(())
        })
    }

    /// Records a meeting of `org` entered by `by`, as at the group's `today`: its lines, new
    /// loans and balanced entries, in one transaction. Refused, naming the field, when the
    /// book does not allow it; a conflict when the group's meeting of that date is in already.
    pub async fn record_meeting(
        &self,
        org: Uuid,
        by: Uuid,
        input: &MeetingInput,
        numbers: Numbers,
        today: Date,
    ) -> Result<MeetingRecord, StoreError> {
        let now = crate::now_micros();
        write_tx!(self, tx, {
            let rules = rules_in(&mut tx, org).await?.ok_or_else(no_book)?;
            let members = members_in(&mut tx, org).await?;
            let ids: BTreeSet<Uuid> = members.iter().map(|m| m.0).collect();
            let state = state_in(&mut tx, org).await?;
            let m = book::plan_meeting(input, numbers, &rules, &ids, &state, today)?;
            let id = write_meeting(&mut tx, org, &m, members.len(), by, now).await?;
            Ok(MeetingRecord {
                id,
                organization_id: org,
                held_on: m.held_on,
                attendance: m.attendance() as u32,
                members: members.len() as u32,
                minutes: m.minutes.clone(),
                entered_by: by,
                entered_at: crate::rows::instant_micros(now)?,
            })
        })
    }

    /// Records a grant or revolving fund `org` received on `on`.
    pub async fn record_grant(
        &self,
        org: Uuid,
        by: Uuid,
        amount: Money,
        on: Date,
    ) -> Result<(), StoreError> {
        let now = crate::now_micros();
        write_tx!(self, tx, {
            let rules = rules_in(&mut tx, org).await?.ok_or_else(no_book)?;
            if amount.currency() != rules.currency {
                return Err(StoreError::Invalid(Invalid::field(
                    "amount",
                    format!("the book is kept in {}", rules.currency.code()),
                )));
            }
            let e = book::grant(amount.minor())?;
            write_entries(&mut tx, org, None, on, &[e], by, now).await
        })
    }

    /// Writes off what is left of a loan's principal on `on`.
    pub async fn write_off_loan(
        &self,
        org: Uuid,
        loan: Uuid,
        by: Uuid,
        on: Date,
    ) -> Result<(), StoreError> {
        let now = crate::now_micros();
        write_tx!(self, tx, {
            let state = state_in(&mut tx, org).await?;
            let Some(l) = state.loans.iter().find(|l| l.id == loan) else {
                return Err(StoreError::NotFound("loan"));
            };
            if on < l.disbursed_on {
                return Err(StoreError::Invalid(Invalid::field(
                    "on",
                    "a loan is written off after it was made",
                )));
            }
            let e = book::write_off(l)?;
            sqlx::query("UPDATE shg_loans SET written_off_on = $2 WHERE id = $1")
                .bind(loan.to_string())
                .bind(on.to_string())
                .execute(&mut *tx)
                .await?;
            write_entries(&mut tx, org, None, on, &[e], by, now).await?;
            crate::book_par::refresh(&mut tx, &[loan]).await
        })
    }

    /// Reschedules a member's loan from `input.on` (see `book::reschedule`): the old schedule
    /// is replaced from that day on, and kept for every earlier one.
    pub async fn reschedule_loan(
        &self,
        org: Uuid,
        loan: Uuid,
        input: &book::RescheduleInput,
        today: Date,
    ) -> Result<Date, StoreError> {
        write_tx!(self, tx, {
            let rules = rules_in(&mut tx, org).await?.ok_or_else(no_book)?;
            let state = state_in(&mut tx, org).await?;
            let Some(l) = state.loans.iter().find(|l| l.id == loan) else {
                return Err(StoreError::NotFound("loan"));
            };
            let row = sqlx::query("SELECT annual_rate, method FROM shg_loans WHERE id = $1")
                .bind(loan.to_string())
                .fetch_one(&mut *tx)
                .await?;
            let rate =
                bayanihan_domain::finance::loan::Rate::parse_percent(&row.try_get::<String, _>(0)?)
                    .map_err(|e| corrupt("annual_rate", e))?;
            let method = row.concept(1)?;
            let last: Option<String> = sqlx::query_scalar(
                "SELECT MAX(s.occurred_on) FROM shg_postings s JOIN shg_entries e ON e.id = s.entry_id \
                 WHERE s.loan_id = $1 AND e.kind = 'repayment'",
            )
            .bind(loan.to_string())
            .fetch_one(&mut *tx)
            .await?;
            let last = last.map(|s| crate::rows::date_text(&s)).transpose()?;
            let (on, rows) = book::reschedule(l, rules.currency, rate, method, input, last, today)?;
            sqlx::query(
                "UPDATE shg_instalments SET replaced_on = $2 WHERE loan_id = $1 AND replaced_on IS NULL",
            )
            .bind(loan.to_string())
            .bind(on.to_string())
            .execute(&mut *tx)
            .await?;
            for i in &rows {
                sqlx::query(
                    "INSERT INTO shg_instalments (loan_id, number, due_on, principal, interest, set_on, replaced_on) \
                     VALUES ($1, $2, $3, $4, $5, $6, NULL)",
                )
                .bind(loan.to_string())
                .bind(i64::from(i.number))
                .bind(i.due_date.to_string())
                .bind(i.principal.minor())
                .bind(i.interest.minor())
                .bind(on.to_string())
                .execute(&mut *tx)
                .await?;
            }
            sqlx::query("UPDATE shg_loans SET rescheduled_on = $2 WHERE id = $1")
                .bind(loan.to_string())
                .bind(on.to_string())
                .execute(&mut *tx)
                .await?;
            crate::book_par::refresh(&mut tx, &[loan]).await?;
            Ok(on)
        })
    }

    /// The meetings of `org`, newest first, at most `limit`.
    pub async fn meetings(&self, org: Uuid, limit: i64) -> Result<Vec<MeetingRecord>, StoreError> {
        sqlx::query(
            "SELECT id, organization_id, held_on, attendance, members, minutes, entered_by, entered_at \
             FROM shg_meetings WHERE organization_id = $1 ORDER BY held_on DESC LIMIT $2",
        )
        .bind(org.to_string())
        .bind(limit)
        .fetch_all(&self.pool)
        .await?
        .iter()
        .map(meeting_from)
        .collect()
    }

    /// One meeting and its lines (by member name).
    pub async fn meeting(&self, id: Uuid) -> Result<(MeetingRecord, Vec<MeetingLine>), StoreError> {
        let m = sqlx::query(
            "SELECT id, organization_id, held_on, attendance, members, minutes, entered_by, entered_at \
             FROM shg_meetings WHERE id = $1",
        )
        .bind(id.to_string())
        .fetch_optional(&self.pool)
        .await?
        .ok_or(StoreError::NotFound("meeting"))?;
        let lines = sqlx::query(
            "SELECT l.person_id, p.name, l.present, l.savings, l.voluntary, l.repayment, l.fine, l.withdrawal \
             FROM shg_meeting_lines l JOIN people p ON p.id = l.person_id WHERE l.meeting_id = $1 ORDER BY p.name, p.id",
        )
        .bind(id.to_string())
        .fetch_all(&self.pool)
        .await?
        .iter()
        .map(|r| {
            Ok(MeetingLine {
                person_id: r.uuid(0)?,
                name: r.try_get(1)?,
                present: r.try_get::<i64, _>(2)? != 0,
                savings: r.try_get(3)?,
                voluntary: r.try_get(4)?,
                repayment: r.try_get(5)?,
                fine: r.try_get(6)?,
                withdrawal: r.try_get(7)?,
            })
        })
        .collect::<Result<_, StoreError>>()?;
        Ok((meeting_from(&m)?, lines))
    }

    /// The book's totals as at `day`.
    pub async fn book_totals(&self, org: Uuid, day: Date) -> Result<Totals, StoreError> {
        let mut conn = self.pool.acquire().await?;
        let sums = sums_in(&mut conn, org, day).await?;
        Ok(Totals::from_sums(sums.into_iter().map(|(a, _, v)| (a, v))))
    }

    /// Every member's accounts as at `day`, by name (members with no entry too).
    pub async fn book_members(
        &self,
        org: Uuid,
        day: Date,
    ) -> Result<Vec<MemberAccounts>, StoreError> {
        let mut conn = self.pool.acquire().await?;
        let members = members_in(&mut conn, org).await?;
        let sums = sums_in(&mut conn, org, day).await?;
        let loans = loans_in(&mut conn, &[org], None, day).await?;
        Ok(members
            .into_iter()
            .map(|(id, name)| {
                let sum = |a: BookAccount| -> i64 {
                    sums.iter()
                        .filter(|(x, p, _)| *x == a && *p == Some(id))
                        .map(|s| s.2)
                        .sum()
                };
                let mine = loans
                    .iter()
                    .filter(|l| l.person_id == id)
                    .filter_map(|l| l.standing);
                let (mut outstanding, mut arrears, mut late) = (0, 0, 0);
                for s in mine {
                    outstanding += s.outstanding;
                    arrears += s.arrears;
                    late = late.max(s.days_past_due);
                }
                MemberAccounts {
                    person_id: id,
                    name,
                    savings: -sum(BookAccount::Savings),
                    voluntary: -sum(BookAccount::Voluntary),
                    loans_outstanding: outstanding,
                    arrears,
                    days_past_due: late,
                }
            })
            .collect())
    }

    /// The loans of `org` made on or before `day`, as at `day`; `person` narrows to one
    /// member's.
    pub async fn book_loans(
        &self,
        org: Uuid,
        person: Option<Uuid>,
        day: Date,
    ) -> Result<Vec<LoanView>, StoreError> {
        let mut conn = self.pool.acquire().await?;
        loans_in(&mut conn, &[org], person, day).await
    }

    /// The quality of the loans of the groups `orgs` as at `day`, read loan by loan from the
    /// book's rows of that date or before: the reference `Store::portfolio_quality` (from the
    /// stored changes) is held equal to, and slow on a large federation.
    pub async fn portfolio_quality_from_rows(
        &self,
        orgs: &[Uuid],
        day: Date,
    ) -> Result<Quality, StoreError> {
        let mut conn = self.pool.acquire().await?;
        Ok(quality_of(
            &loans_in(&mut conn, orgs, None, day).await?,
            day,
        ))
    }
}

/// The quality of `loans` as at `day`.
pub(crate) fn quality_of(loans: &[LoanView], day: Date) -> Quality {
    let loans: Vec<portfolio::Loan> = loans
        .iter()
        .map(|l| portfolio::Loan {
            principal: l.principal,
            schedule: l.schedule.clone(),
            // What was paid by `day` is all a loan's standing on `day` needs: instalments
            // are covered oldest first whenever the money came.
            repayments: vec![(
                l.disbursed_on,
                Allocation {
                    fees: 0,
                    principal: l.principal_paid,
                    interest: l.interest_paid,
                },
            )],
            rescheduled: l.rescheduled_on.is_some(),
            written_off: l.written_off_on,
        })
        .collect();
    portfolio::quality(&loans, day)
}

fn meeting_from(r: &sqlx::any::AnyRow) -> Result<MeetingRecord, StoreError> {
    Ok(MeetingRecord {
        id: r.uuid(0)?,
        organization_id: r.uuid(1)?,
        held_on: r.date(2)?,
        attendance: small(r, 3)?,
        members: small(r, 4)?,
        minutes: r.try_get(5)?,
        entered_by: r.uuid(6)?,
        entered_at: r.instant(7)?,
    })
}

impl Store {
    /// What `org`'s book holds for its linkage record: members now, every meeting (held,
    /// entered, deposits made), every loan's instalments and repayments, and the corpus as at
    /// `as_at`.
    pub async fn book_history(&self, org: Uuid, as_at: Date) -> Result<BookHistory, StoreError> {
        let mut conn = self.pool.acquire().await?;
        let rules = rules_in(&mut conn, org).await?.ok_or_else(no_book)?;
        let members = members_in(&mut conn, org).await?.len() as u64;
        let meetings = sqlx::query(
            "SELECT m.held_on, m.entered_at, m.members, \
             (SELECT COUNT(*) FROM shg_meeting_lines l WHERE l.meeting_id = m.id AND l.savings > 0) \
             FROM shg_meetings m WHERE m.organization_id = $1 AND m.held_on <= $2 ORDER BY m.held_on",
        )
        .bind(org.to_string())
        .bind(as_at.to_string())
        .fetch_all(&mut *conn)
        .await?
        .iter()
        .map(|r| {
            Ok(MeetingFacts {
                held_on: r.date(0)?,
                entered_on: r
                    .instant(1)?
                    .to_zoned(jiff::tz::TimeZone::UTC)
                    .date(),
                members: r.count(2)?,
                deposits: r.count(3)?,
            })
        })
        .collect::<Result<Vec<_>, StoreError>>()?;
        let loans = loans_in(&mut conn, &[org], None, as_at)
            .await?
            .into_iter()
            .map(|l| LoanFacts {
                person: l.person_id,
                disbursed_on: l.disbursed_on,
                instalments: l
                    .schedule
                    .iter()
                    .map(|i| (i.due_date, i.total().minor()))
                    .collect(),
                repayments: l.repayments,
            })
            .collect();
        let sums = sums_in(&mut conn, org, as_at).await?;
        let corpus = Totals::from_sums(sums.into_iter().map(|(a, _, v)| (a, v))).corpus;
        Ok(BookHistory {
            members,
            meetings,
            loans,
            corpus: Money::new(corpus, rules.currency),
        })
    }

    /// Shares `org`'s linkage file with `person` (a bank officer), read only.
    pub async fn share_linkage(&self, org: Uuid, person: Uuid, by: Uuid) -> Result<(), StoreError> {
        let now = crate::now_micros();
        write_tx!(self, tx, {
            sqlx::query(
                "INSERT INTO shg_linkage_shares (organization_id, person_id, shared_by, shared_at) \
                 VALUES ($1, $2, $3, $4) ON CONFLICT (organization_id, person_id) DO NOTHING",
            )
            .bind(org.to_string())
            .bind(person.to_string())
            .bind(by.to_string())
            .bind(now)
            .execute(&mut *tx)
            .await?;
            Ok(())
        })
    }

    /// Stops sharing `org`'s linkage file with `person`.
    pub async fn unshare_linkage(&self, org: Uuid, person: Uuid) -> Result<(), StoreError> {
        write_tx!(self, tx, {
            sqlx::query(
                "DELETE FROM shg_linkage_shares WHERE organization_id = $1 AND person_id = $2",
            )
            .bind(org.to_string())
            .bind(person.to_string())
            .execute(&mut *tx)
            .await?;
            Ok(())
        })
    }

    /// Whether `org` shared its linkage file with `person`.
    pub async fn linkage_shared_with(&self, org: Uuid, person: Uuid) -> Result<bool, StoreError> {
        let n: i64 = sqlx::query_scalar(
            "SELECT COUNT(*) FROM shg_linkage_shares WHERE organization_id = $1 AND person_id = $2",
        )
        .bind(org.to_string())
        .bind(person.to_string())
        .fetch_one(&self.pool)
        .await?;
        Ok(n > 0)
    }

    /// Who `org` shares its linkage file with: (person, name, e-mail), by name.
    pub async fn linkage_shares(
        &self,
        org: Uuid,
    ) -> Result<Vec<(Uuid, String, String)>, StoreError> {
        sqlx::query(
            "SELECT p.id, p.name, p.email FROM shg_linkage_shares s JOIN people p ON p.id = s.person_id \
             WHERE s.organization_id = $1 ORDER BY p.name, p.id",
        )
        .bind(org.to_string())
        .fetch_all(&self.pool)
        .await?
        .iter()
        .map(|r| Ok((r.uuid(0)?, r.try_get(1)?, r.try_get(2)?)))
        .collect()
    }

    /// The books `person` reaches: the groups she belongs to that keep one, and the groups
    /// that shared their linkage file with her — (group, name, shared file only), by name.
    pub async fn books_of_person(
        &self,
        person: Uuid,
    ) -> Result<Vec<(Uuid, String, bool)>, StoreError> {
        let mut out: Vec<(Uuid, String, bool)> = sqlx::query(
            "SELECT o.id, o.name FROM memberships m JOIN organizations o ON o.id = m.organization_id \
             JOIN shg_rules r ON r.organization_id = o.id WHERE m.person_id = $1 ORDER BY o.name, o.id",
        )
        .bind(person.to_string())
        .fetch_all(&self.pool)
        .await?
        .iter()
        .map(|r| Ok((r.uuid(0)?, r.try_get(1)?, false)))
        .collect::<Result<_, StoreError>>()?;
        for r in sqlx::query(
            "SELECT o.id, o.name FROM shg_linkage_shares s JOIN organizations o ON o.id = s.organization_id \
             WHERE s.person_id = $1 ORDER BY o.name, o.id",
        )
        .bind(person.to_string())
        .fetch_all(&self.pool)
        .await?
        {
            let id = r.uuid(0)?;
            if !out.iter().any(|(o, _, _)| *o == id) {
                out.push((id, r.try_get(1)?, true));
            }
        }
        Ok(out)
    }

    /// The groups inside `network` (through active links, at any depth) that keep a book:
    /// (group, name, book currency), by name.
    pub async fn books_in_network(
        &self,
        network: Uuid,
    ) -> Result<Vec<(Uuid, String, Currency)>, StoreError> {
        sqlx::query(&format!(
            "{} SELECT o.id, o.name, r.currency FROM tree JOIN organizations o ON o.id = tree.id \
             JOIN shg_rules r ON r.organization_id = o.id ORDER BY o.name, o.id",
            crate::organizations::NETWORK_TREE
        ))
        .bind(network.to_string())
        .fetch_all(&self.pool)
        .await?
        .iter()
        .map(|r| Ok((r.uuid(0)?, r.try_get(1)?, r.currency(2)?)))
        .collect()
    }
}

/// An instalment of a loan to a group, with its obligation when the lender is on the
/// platform.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct BorrowingInstalment {
    pub number: u32,
    pub due_on: Date,
    pub principal: i64,
    pub interest: i64,
    pub obligation_id: Option<Uuid>,
    /// What is still open on the obligation (paid by the book or settled by clearing
    /// otherwise).
    pub obligation_open: Option<i64>,
}

/// A loan to a group as at a date.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct BorrowingView {
    pub id: Uuid,
    pub organization_id: Uuid,
    pub organization_name: String,
    pub lender_id: Option<Uuid>,
    pub lender_name: String,
    pub received_on: Date,
    pub currency: Currency,
    pub principal: i64,
    pub annual_rate: String,
    pub instalments: u32,
    pub per_year: u32,
    pub method: String,
    pub schedule: Vec<BorrowingInstalment>,
    pub principal_paid: i64,
    pub interest_paid: i64,
    /// Principal of the members' loans it funds.
    pub on_lent: i64,
    /// Repayments by date: principal and interest.
    pub repayments: Vec<(Date, i64)>,
    pub standing: Standing,
}

const SELECT: &str = "SELECT b.id, b.organization_id, o.name AS organization_name, b.lender_id, b.lender_name, \
     b.received_on, b.currency, b.principal, b.annual_rate, b.instalments, b.per_year, b.method, \
     CAST((SELECT COALESCE(SUM(l.principal), 0) FROM shg_loans l WHERE l.funded_by = b.id) AS BIGINT) AS on_lent \
     FROM shg_borrowings b JOIN organizations o ON o.id = b.organization_id";

/// The loans to a group (`org`) or from a lender (`lender`) received on or before `day`, as
/// at `day`, oldest first.
pub(crate) async fn borrowing_views_in(
    conn: &mut sqlx::AnyConnection,
    org: Option<Uuid>,
    lender: Option<Uuid>,
    day: Date,
) -> Result<Vec<BorrowingView>, StoreError> {
    Ok(borrowing_loans_in(conn, org, lender, day)
        .await?
        .into_iter()
        .map(|(v, _)| v)
        .collect())
}

/// [`borrowing_views_in`], each with the loan as the portfolio's arithmetic reads it.
pub(crate) async fn borrowing_loans_in(
    conn: &mut sqlx::AnyConnection,
    org: Option<Uuid>,
    lender: Option<Uuid>,
    day: Date,
) -> Result<Vec<(BorrowingView, portfolio::Loan)>, StoreError> {
    let rows = sqlx::query(&format!(
        "{SELECT} WHERE ($1 = '' OR b.organization_id = $1) AND ($2 = '' OR b.lender_id = $2) \
         AND b.received_on <= $3 ORDER BY b.received_on, b.id"
    ))
    .bind(org.map(|o| o.to_string()).unwrap_or_default())
    .bind(lender.map(|o| o.to_string()).unwrap_or_default())
    .bind(day.to_string())
    .fetch_all(&mut *conn)
    .await?;
    let mut out = Vec::with_capacity(rows.len());
    for r in &rows {
        let id = r.uuid("id")?;
        let cur: Currency = r.currency("currency")?;
        let schedule = sqlx::query(
            "SELECT i.number, i.due_on, i.principal, i.interest, i.obligation_id, \
             CAST(CASE WHEN i.obligation_id IS NULL THEN NULL ELSE o.amount - COALESCE((SELECT SUM(p.amount) FROM payments p WHERE p.obligation_id = o.id), 0) END AS BIGINT) \
             FROM shg_borrowing_instalments i LEFT JOIN obligations o ON o.id = i.obligation_id \
             WHERE i.borrowing_id = $1 ORDER BY i.number",
        )
        .bind(id.to_string())
        .fetch_all(&mut *conn)
        .await?
        .iter()
        .map(|i| {
            Ok(BorrowingInstalment {
                number: u32::try_from(i.count(0)?).map_err(|e| crate::rows::corrupt(0, e))?,
                due_on: i.date(1)?,
                principal: i.try_get(2)?,
                interest: i.try_get(3)?,
                obligation_id: i.opt_uuid(4)?,
                obligation_open: i.try_get(5)?,
            })
        })
        .collect::<Result<Vec<_>, StoreError>>()?;
        let mut repayments: Vec<(Date, portfolio::Allocation)> = Vec::new();
        for p in sqlx::query(
            "SELECT s.occurred_on, \
             CAST(SUM(CASE WHEN s.account = 'bank_loan' THEN s.amount ELSE 0 END) AS BIGINT), \
             CAST(SUM(CASE WHEN s.account = 'bank_interest' THEN s.amount ELSE 0 END) AS BIGINT) \
             FROM shg_postings s JOIN shg_entries e ON e.id = s.entry_id \
             WHERE s.borrowing_id = $1 AND e.kind = 'borrowing_repaid' AND s.occurred_on <= $2 \
             GROUP BY s.occurred_on ORDER BY s.occurred_on",
        )
        .bind(id.to_string())
        .bind(day.to_string())
        .fetch_all(&mut *conn)
        .await?
        {
            repayments.push((
                p.date(0)?,
                portfolio::Allocation {
                    fees: 0,
                    principal: p.try_get(1)?,
                    interest: p.try_get(2)?,
                },
            ));
        }
        let principal: i64 = r.try_get("principal")?;
        let loan = portfolio::Loan {
            principal,
            schedule: borrowing_schedule(&schedule, cur),
            repayments: repayments.clone(),
            rescheduled: false,
            written_off: None,
        };
        let view = BorrowingView {
            id,
            organization_id: r.uuid("organization_id")?,
            organization_name: r.try_get("organization_name")?,
            lender_id: r.opt_uuid("lender_id")?,
            lender_name: r.try_get("lender_name")?,
            received_on: r.date("received_on")?,
            currency: cur,
            principal,
            annual_rate: r.try_get("annual_rate")?,
            instalments: u32::try_from(r.count("instalments")?)
                .map_err(|e| crate::rows::corrupt("instalments", e))?,
            per_year: u32::try_from(r.count("per_year")?)
                .map_err(|e| crate::rows::corrupt("per_year", e))?,
            method: r.try_get("method")?,
            principal_paid: repayments.iter().map(|(_, a)| a.principal).sum(),
            interest_paid: repayments.iter().map(|(_, a)| a.interest).sum(),
            on_lent: r.try_get("on_lent")?,
            repayments: repayments
                .iter()
                .map(|(d, a)| (*d, a.principal + a.interest))
                .collect(),
            standing: portfolio::standing(&loan, day).expect("never written off"),
            schedule,
        };
        out.push((view, loan));
    }
    Ok(out)
}

pub(crate) fn borrowing_schedule(s: &[BorrowingInstalment], cur: Currency) -> Vec<Instalment> {
    s.iter()
        .map(|i| Instalment {
            number: i.number,
            due_date: i.due_on,
            principal: Money::new(i.principal, cur),
            interest: Money::new(i.interest, cur),
            balance: Money::new(0, cur),
        })
        .collect()
}

/// `org`'s loans as the domain plans a meeting or a repayment with them: everything paid,
/// whatever its date.
pub(crate) async fn borrowings_in(
    conn: &mut sqlx::AnyConnection,
    org: Uuid,
) -> Result<Vec<bayanihan_domain::finance::borrowing::Borrowing>, StoreError> {
    let far = Date::constant(9999, 12, 31);
    Ok(borrowing_views_in(conn, Some(org), None, far)
        .await?
        .into_iter()
        .map(|v| bayanihan_domain::finance::borrowing::Borrowing {
            id: v.id,
            received_on: v.received_on,
            principal: v.principal,
            schedule: borrowing_schedule(&v.schedule, v.currency),
            principal_paid: v.principal_paid,
            interest_paid: v.interest_paid,
            on_lent: v.on_lent,
        })
        .collect())
}
