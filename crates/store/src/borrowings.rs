//! Loans to self-help groups from banks and federations, on-lent to their members (the rules
//! are `bayanihan_domain::finance::borrowing`).
//!
//! A loan received is one write transaction: the loan, its schedule, the book's entry of the
//! money received and — when the lender is an organization on the platform — one obligation
//! of the group to the lender per instalment, with its ledger transaction and its place in the
//! integrity chain. A repayment writes the book's entry and pays those obligations, oldest
//! first, in the same transaction; what a clearing round settled is no longer open, and the
//! group's book cannot pay it a second time.

use std::collections::BTreeSet;

use bayanihan_domain::finance::book::Numbers;
use bayanihan_domain::finance::borrowing::{
    self, Borrowing, BorrowingInput, BorrowingRepaymentInput,
};
use bayanihan_domain::finance::loan::Instalment;
use bayanihan_domain::finance::portfolio::{self, Quality, Standing};
use bayanihan_domain::{Currency, Invalid, Money};
use jiff::civil::Date;
use serde::Serialize;
use sqlx::Row;
use uuid::Uuid;

use crate::books::{no_book, rules_in, state_in, write_entries};
use crate::rows::Columns;
use crate::{Store, StoreError};

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

/// What a lender on the platform has lent to groups, as at a date.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct LenderPortfolio {
    pub loans: Vec<BorrowingView>,
    /// Per currency lent in.
    pub by_currency: Vec<LenderQuality>,
}

/// The quality of a lender's loans in one currency.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct LenderQuality {
    pub currency: Currency,
    /// The quality of its loans to the groups.
    pub quality: Quality,
    /// The quality of the members' loans its money funds.
    pub on_lent: Quality,
}

const SELECT: &str = "SELECT b.id, b.organization_id, o.name AS organization_name, b.lender_id, b.lender_name, \
     b.received_on, b.currency, b.principal, b.annual_rate, b.instalments, b.per_year, b.method, \
     CAST((SELECT COALESCE(SUM(l.principal), 0) FROM shg_loans l WHERE l.funded_by = b.id) AS BIGINT) AS on_lent \
     FROM shg_borrowings b JOIN organizations o ON o.id = b.organization_id";

/// The loans to a group (`org`) or from a lender (`lender`) received on or before `day`, as
/// at `day`, oldest first.
async fn views_in(
    conn: &mut sqlx::AnyConnection,
    org: Option<Uuid>,
    lender: Option<Uuid>,
    day: Date,
) -> Result<Vec<BorrowingView>, StoreError> {
    Ok(loans_in(conn, org, lender, day)
        .await?
        .into_iter()
        .map(|(v, _)| v)
        .collect())
}

/// [`views_in`], each with the loan as the portfolio's arithmetic reads it.
async fn loans_in(
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
            schedule: instalments(&schedule, cur),
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

fn instalments(s: &[BorrowingInstalment], cur: Currency) -> Vec<Instalment> {
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
) -> Result<Vec<Borrowing>, StoreError> {
    let far = Date::constant(9999, 12, 31);
    Ok(views_in(conn, Some(org), None, far)
        .await?
        .into_iter()
        .map(|v| Borrowing {
            id: v.id,
            received_on: v.received_on,
            principal: v.principal,
            schedule: instalments(&v.schedule, v.currency),
            principal_paid: v.principal_paid,
            interest_paid: v.interest_paid,
            on_lent: v.on_lent,
        })
        .collect())
}

impl Store {
    /// Records a loan `org` received, entered by `by` as at the group's `today`. A lender on
    /// the platform must be a network the group belongs to or share one with it.
    pub async fn record_borrowing(
        &self,
        org: Uuid,
        by: Uuid,
        input: &BorrowingInput,
        numbers: Numbers,
        today: Date,
    ) -> Result<Uuid, StoreError> {
        let now = crate::now_micros();
        write_tx!(self, tx, {
            let rules = rules_in(&mut tx, org).await?.ok_or_else(no_book)?;
            let lender_name = match input.lender_id {
                None => None,
                Some(l) if l == org => {
                    return Err(StoreError::Invalid(Invalid::field(
                        "lender_id",
                        "a group does not lend to itself",
                    )))
                }
                Some(l) => {
                    let name: Option<String> = sqlx::query_scalar(
                        "SELECT o.name FROM organizations o WHERE o.id = $2 AND EXISTS ( \
                         SELECT 1 FROM network_memberships a WHERE a.member_id = $1 AND a.status = 'active' \
                         AND (a.network_id = $2 OR EXISTS (SELECT 1 FROM network_memberships b \
                         WHERE b.network_id = a.network_id AND b.member_id = $2 AND b.status = 'active')))",
                    )
                    .bind(org.to_string())
                    .bind(l.to_string())
                    .fetch_optional(&mut *tx)
                    .await?;
                    Some(name.ok_or_else(|| {
                        StoreError::Invalid(Invalid::field(
                            "lender_id",
                            "is not a network of the group nor an organization sharing one with it",
                        ))
                    })?)
                }
            };
            let n =
                borrowing::plan_borrowing(input, numbers, &rules, lender_name.as_deref(), today)?;
            let t = &n.terms;
            sqlx::query(
                "INSERT INTO shg_borrowings (id, organization_id, lender_id, lender_name, received_on, currency, principal, \
                 annual_rate, instalments, per_year, method, recorded_by, created_at) \
                 VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13)",
            )
            .bind(n.id.to_string())
            .bind(org.to_string())
            .bind(n.lender_id.map(|l| l.to_string()))
            .bind(&n.lender_name)
            .bind(t.start.to_string())
            .bind(t.principal.currency().code())
            .bind(t.principal.minor())
            .bind(t.annual_rate.percent())
            .bind(i64::from(t.instalments))
            .bind(i64::from(t.per_year))
            .bind(t.method.id())
            .bind(by.to_string())
            .bind(now)
            .execute(&mut *tx)
            .await?;
            let mut chain = Vec::new();
            for i in &n.schedule {
                let obligation = match n.lender_id {
                    None => None,
                    Some(lender) => {
                        let (id, e) = crate::seasons::write_obligation(
                            &mut tx,
                            org,
                            lender,
                            Money::new(i.principal.minor() + i.interest.minor(), rules.currency),
                            i.due_date,
                            &format!("loan instalment {} of {}", i.number, n.schedule.len()),
                            now,
                        )
                        .await?;
                        chain.extend(e);
                        Some(id)
                    }
                };
                sqlx::query(
                    "INSERT INTO shg_borrowing_instalments (borrowing_id, number, due_on, principal, interest, obligation_id) \
                     VALUES ($1, $2, $3, $4, $5, $6)",
                )
                .bind(n.id.to_string())
                .bind(i64::from(i.number))
                .bind(i.due_date.to_string())
                .bind(i.principal.minor())
                .bind(i.interest.minor())
                .bind(obligation.map(|o| o.to_string()))
                .execute(&mut *tx)
                .await?;
            }
            write_entries(
                &mut tx,
                org,
                None,
                t.start,
                std::slice::from_ref(&n.entry),
                by,
                now,
            )
            .await?;
            if !chain.is_empty() {
                crate::chain::seal(&mut tx, &chain, now).await?;
            }
            Ok(n.id)
        })
    }

    /// Records a repayment by `org` of its loan `borrowing`; pays the loan's open obligations
    /// to a lender on the platform, oldest first.
    pub async fn repay_borrowing(
        &self,
        org: Uuid,
        borrowing: Uuid,
        by: Uuid,
        input: &BorrowingRepaymentInput,
        numbers: Numbers,
        today: Date,
    ) -> Result<(), StoreError> {
        let now = crate::now_micros();
        write_tx!(self, tx, {
            let rules = rules_in(&mut tx, org).await?.ok_or_else(no_book)?;
            let state = state_in(&mut tx, org).await?;
            let Some(b) = state.borrowings.iter().find(|b| b.id == borrowing) else {
                return Err(StoreError::NotFound("loan"));
            };
            let r = borrowing::plan_repayment(input, numbers, &rules, b, state.cash, today)?;
            let amount = r.allocation.principal + r.allocation.interest;
            let lender: Option<String> =
                sqlx::query_scalar("SELECT lender_id FROM shg_borrowings WHERE id = $1")
                    .bind(borrowing.to_string())
                    .fetch_one(&mut *tx)
                    .await?;
            let mut chain = Vec::new();
            if let Some(lender) = lender {
                let lender = crate::rows::uuid_text(&lender)?;
                let open: Vec<(Uuid, i64)> = sqlx::query(
                    "SELECT o.id, CAST(o.amount - COALESCE((SELECT SUM(p.amount) FROM payments p WHERE p.obligation_id = o.id), 0) AS BIGINT) \
                     FROM shg_borrowing_instalments i JOIN obligations o ON o.id = i.obligation_id \
                     WHERE i.borrowing_id = $1 ORDER BY i.number",
                )
                .bind(borrowing.to_string())
                .fetch_all(&mut *tx)
                .await?
                .iter()
                .map(|r| Ok((r.uuid(0)?, r.try_get::<i64, _>(1)?)))
                .collect::<Result<Vec<_>, StoreError>>()?;
                let total: i64 = open.iter().map(|o| o.1.max(0)).sum();
                if amount > total {
                    return Err(StoreError::Invalid(Invalid::field(
                        "amount",
                        format!(
                            "more than is still open to the lender ({}): a clearing round settled part of this loan's instalments",
                            Money::new(total, rules.currency)
                        ),
                    )));
                }
                let mut left = amount;
                for (o, open) in open.into_iter().filter(|o| o.1 > 0) {
                    if left == 0 {
                        break;
                    }
                    let pay = left.min(open);
                    chain.extend(
                        crate::seasons::write_payment(
                            &mut tx,
                            o,
                            org,
                            lender,
                            Money::new(pay, rules.currency),
                            "cash",
                            r.paid_on,
                            Some(by),
                            now,
                        )
                        .await?,
                    );
                    left -= pay;
                }
            }
            write_entries(
                &mut tx,
                org,
                None,
                r.paid_on,
                std::slice::from_ref(&r.entry),
                by,
                now,
            )
            .await?;
            if !chain.is_empty() {
                crate::chain::seal(&mut tx, &chain, now).await?;
            }
            Ok(())
        })
    }

    /// The loans `org` received on or before `day`, as at `day`.
    pub async fn borrowings(&self, org: Uuid, day: Date) -> Result<Vec<BorrowingView>, StoreError> {
        let mut conn = self.pool.acquire().await?;
        views_in(&mut conn, Some(org), None, day).await
    }

    /// One loan to a group, as at `day`.
    pub async fn borrowing(&self, id: Uuid, day: Date) -> Result<BorrowingView, StoreError> {
        let mut conn = self.pool.acquire().await?;
        let org: Option<String> =
            sqlx::query_scalar("SELECT organization_id FROM shg_borrowings WHERE id = $1")
                .bind(id.to_string())
                .fetch_optional(&mut *conn)
                .await?;
        let org = crate::rows::uuid_text(&org.ok_or(StoreError::NotFound("loan"))?)?;
        views_in(
            &mut conn,
            Some(org),
            None,
            Date::constant(9999, 12, 31).min(day),
        )
        .await?
        .into_iter()
        .find(|v| v.id == id)
        .ok_or(StoreError::NotFound("loan"))
    }

    /// What `lender` lent to groups on the platform, as at `day`: its loans, their quality,
    /// and the quality of the members' loans they fund.
    pub async fn lender_portfolio(
        &self,
        lender: Uuid,
        day: Date,
    ) -> Result<LenderPortfolio, StoreError> {
        let mut conn = self.pool.acquire().await?;
        let (loans, theirs): (Vec<BorrowingView>, Vec<portfolio::Loan>) =
            loans_in(&mut conn, None, Some(lender), day)
                .await?
                .into_iter()
                .unzip();
        let orgs: Vec<Uuid> = loans
            .iter()
            .map(|l| l.organization_id)
            .collect::<BTreeSet<_>>()
            .into_iter()
            .collect();
        let member_loans = crate::books::loans_in(&mut conn, &orgs, None, day).await?;
        // PAR is never summed across currencies: one line per currency lent in.
        let mut currencies: Vec<Currency> = loans.iter().map(|l| l.currency).collect();
        currencies.sort_by_key(|c| c.code());
        currencies.dedup();
        let mut by_currency = Vec::new();
        for c in currencies {
            let mine: Vec<portfolio::Loan> = loans
                .iter()
                .zip(&theirs)
                .filter(|(v, _)| v.currency == c)
                .map(|(_, l)| l.clone())
                .collect();
            let funded: BTreeSet<Uuid> = loans
                .iter()
                .filter(|v| v.currency == c)
                .map(|v| v.id)
                .collect();
            let on_lent: Vec<crate::books::LoanView> = member_loans
                .iter()
                .filter(|l| l.funded_by.is_some_and(|f| funded.contains(&f)))
                .cloned()
                .collect();
            by_currency.push(LenderQuality {
                currency: c,
                quality: portfolio::quality(&mine, day),
                on_lent: crate::books::quality_of(&on_lent, day),
            });
        }
        Ok(LenderPortfolio { loans, by_currency })
    }
}
