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
use bayanihan_domain::finance::borrowing::{self, BorrowingInput, BorrowingRepaymentInput};
use bayanihan_domain::finance::portfolio::{self, Quality};
use bayanihan_domain::{Currency, Invalid, Money};
use jiff::civil::Date;
use serde::Serialize;
use sqlx::Row;
use uuid::Uuid;

use crate::books::{no_book, rules_in, state_in, write_entries};
pub use crate::books::{BorrowingInstalment, BorrowingView};
use crate::rows::Columns;
use crate::{Store, StoreError};

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
        crate::books::borrowing_views_in(&mut conn, Some(org), None, day).await
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
        crate::books::borrowing_views_in(
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
            crate::books::borrowing_loans_in(&mut conn, None, Some(lender), day)
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
