//! Community investment (the rules are `bayanihan_domain::finance::investment`): offers,
//! commitments at a recorded exchange rate, the receipt of the money, repayments.
//!
//! An offer's terms are written once: every commitment's schedule is computed from them and its
//! amount, so a position as at any date is read back from the commitment, its receipt and its
//! repayments. A commitment raises the offer's `committed` by one conditional `UPDATE … WHERE
//! committed + amount <= target`, so concurrent investors never pass the target together.

use bayanihan_domain::finance::book::Numbers;
use bayanihan_domain::finance::investment::{
    self, Commitment, CommitmentInput, FxRate, Holding, Liabilities, Offer, Position, Refusal,
};
use bayanihan_domain::finance::loan::Rate;
use bayanihan_domain::{Conflict, Currency, Invalid, Money};
use jiff::civil::Date;
use serde::Serialize;
use sqlx::any::AnyRow;
use sqlx::Row;
use uuid::Uuid;

use crate::rows::{corrupt, Columns};
use crate::{Store, StoreError};

impl From<Refusal> for StoreError {
    fn from(r: Refusal) -> Self {
        match r {
            Refusal::Invalid(i) => StoreError::Invalid(i),
            Refusal::Conflict(c) => StoreError::Conflict(c),
        }
    }
}

/// An offer as recorded.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct OfferRecord {
    pub id: Uuid,
    pub organization_id: Uuid,
    pub organization_name: String,
    #[serde(flatten)]
    pub offer: OfferTerms,
    /// Minor units committed so far.
    pub committed: i64,
    pub commitments: u32,
    pub closed: bool,
}

/// An offer's terms, as the API shows them.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct OfferTerms {
    pub purpose: String,
    pub currency: Currency,
    pub target: i64,
    pub min_ticket: i64,
    /// Yearly percent; `None`: no return.
    pub return_rate: Option<String>,
    pub term_months: u32,
    pub per_year: u32,
    pub closes_on: Date,
    pub repayments_start: Date,
}

impl OfferRecord {
    /// The terms as the rules read them.
    pub fn terms(&self) -> Result<Offer, StoreError> {
        let t = &self.offer;
        Ok(Offer {
            purpose: t.purpose.clone(),
            currency: t.currency,
            target: Money::new(t.target, t.currency),
            min_ticket: Money::new(t.min_ticket, t.currency),
            return_rate: t
                .return_rate
                .as_deref()
                .map(Rate::parse_percent)
                .transpose()
                .map_err(|e| corrupt("return_rate", e))?,
            term_months: t.term_months,
            per_year: t.per_year,
            closes_on: t.closes_on,
            repayments_start: t.repayments_start,
        })
    }
}

/// A commitment with its position as at a date.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct CommitmentView {
    pub id: Uuid,
    pub offer_id: Uuid,
    pub investor_id: Uuid,
    pub investor_name: String,
    pub committed_on: Date,
    pub fx_source: String,
    /// Repayments: (day, amount, of which return, of which principal).
    pub repayments: Vec<(Date, i64, i64, i64)>,
    pub position: Position,
}

const OFFER_SELECT: &str = "SELECT f.id, f.organization_id, o.name AS organization_name, f.purpose, f.currency, \
     f.target, f.min_ticket, f.return_rate, f.term_months, f.per_year, f.closes_on, f.repayments_start, \
     f.committed, f.closed_at, \
     (SELECT COUNT(*) FROM investment_commitments c WHERE c.offer_id = f.id) AS commitments \
     FROM investment_offers f JOIN organizations o ON o.id = f.organization_id";

fn small(r: &AnyRow, col: &str) -> Result<u32, StoreError> {
    u32::try_from(r.count(col)?).map_err(|e| corrupt(col, e))
}

fn offer_from(r: &AnyRow) -> Result<OfferRecord, StoreError> {
    Ok(OfferRecord {
        id: r.uuid("id")?,
        organization_id: r.uuid("organization_id")?,
        organization_name: r.try_get("organization_name")?,
        offer: OfferTerms {
            purpose: r.try_get("purpose")?,
            currency: r.currency("currency")?,
            target: r.try_get("target")?,
            min_ticket: r.try_get("min_ticket")?,
            return_rate: r.try_get("return_rate")?,
            term_months: small(r, "term_months")?,
            per_year: small(r, "per_year")?,
            closes_on: r.date("closes_on")?,
            repayments_start: r.date("repayments_start")?,
        },
        committed: r.try_get("committed")?,
        commitments: small(r, "commitments")?,
        closed: r.try_get::<Option<i64>, _>("closed_at")?.is_some(),
    })
}

async fn offer_in(conn: &mut sqlx::AnyConnection, id: Uuid) -> Result<OfferRecord, StoreError> {
    let r = sqlx::query(&format!("{OFFER_SELECT} WHERE f.id = $1"))
        .bind(id.to_string())
        .fetch_optional(&mut *conn)
        .await?
        .ok_or(StoreError::NotFound("investment offer"))?;
    offer_from(&r)
}

/// The commitments of an offer (or of one investor across offers), with what was recorded of
/// them.
async fn holdings_in(
    conn: &mut sqlx::AnyConnection,
    offer: Option<Uuid>,
    investor: Option<Uuid>,
    commitment: Option<Uuid>,
) -> Result<Vec<(OfferRecord, CommitmentView, Holding)>, StoreError> {
    let rows = sqlx::query(
        "SELECT c.id, c.offer_id, c.investor_id, p.name, c.remitted_currency, c.remitted, c.fx_rate, c.fx_source, \
         c.amount, c.committed_on, c.received_on FROM investment_commitments c JOIN people p ON p.id = c.investor_id \
         WHERE ($1 = '' OR c.offer_id = $1) AND ($2 = '' OR c.investor_id = $2) AND ($3 = '' OR c.id = $3) \
         ORDER BY c.committed_on, c.created_at, c.id",
    )
    .bind(offer.map(|o| o.to_string()).unwrap_or_default())
    .bind(investor.map(|o| o.to_string()).unwrap_or_default())
    .bind(commitment.map(|o| o.to_string()).unwrap_or_default())
    .fetch_all(&mut *conn)
    .await?;
    let mut out = Vec::with_capacity(rows.len());
    for r in &rows {
        let id = r.uuid(0)?;
        let o = offer_in(conn, r.uuid(1)?).await?;
        let remitted_cur: Currency = r.currency(4)?;
        let fx = FxRate::parse(&r.try_get::<String, _>(6)?).map_err(|e| corrupt(6, e))?;
        let repayments: Vec<(Date, i64, i64, i64)> = sqlx::query(
            "SELECT paid_on, amount, to_return, to_principal FROM investment_repayments \
             WHERE commitment_id = $1 ORDER BY paid_on, created_at, id",
        )
        .bind(id.to_string())
        .fetch_all(&mut *conn)
        .await?
        .iter()
        .map(|p| Ok((p.date(0)?, p.try_get(1)?, p.try_get(2)?, p.try_get(3)?)))
        .collect::<Result<_, StoreError>>()?;
        let holding = Holding {
            commitment: Commitment {
                remitted: r.money(5, remitted_cur)?,
                fx,
                fx_source: r.try_get(7)?,
                amount: r.money(8, o.offer.currency)?,
            },
            received_on: r
                .try_get::<Option<String>, _>(10)?
                .map(|s| crate::rows::date_text(&s))
                .transpose()?,
            repayments: repayments.iter().map(|p| (p.0, p.1)).collect(),
        };
        let view = CommitmentView {
            id,
            offer_id: o.id,
            investor_id: r.uuid(2)?,
            investor_name: r.try_get(3)?,
            committed_on: r.date(9)?,
            fx_source: holding.commitment.fx_source.clone(),
            repayments,
            // Filled in by the caller, as at its date.
            position: placeholder_position(&holding),
        };
        out.push((o, view, holding));
    }
    Ok(out)
}

/// A position before it is computed as at a date (never returned as such).
fn placeholder_position(h: &Holding) -> Position {
    let zero = Money::new(0, h.commitment.amount.currency());
    Position {
        committed: h.commitment.amount,
        remitted: h.commitment.remitted,
        fx: h.commitment.fx,
        received_on: h.received_on,
        paid_in: zero,
        awaiting: zero,
        principal_repaid: zero,
        principal_outstanding: zero,
        return_total: zero,
        return_paid: zero,
        return_next_12_months: zero,
        next_due: None,
        overdue: zero,
    }
}

fn positioned(
    list: Vec<(OfferRecord, CommitmentView, Holding)>,
    day: Date,
) -> Result<Vec<(OfferRecord, CommitmentView)>, StoreError> {
    list.into_iter()
        .map(|(o, mut v, h)| {
            v.position = investment::position(&o.terms()?, &h, day)?;
            Ok((o, v))
        })
        .collect()
}

impl Store {
    /// Opens an offer of `org`, by `by`; its terms were checked by the rules.
    pub async fn open_investment_offer(
        &self,
        org: Uuid,
        by: Uuid,
        o: &Offer,
    ) -> Result<Uuid, StoreError> {
        let id = Uuid::new_v4();
        let now = crate::now_micros();
        write_tx!(self, tx, {
            sqlx::query(
                "INSERT INTO investment_offers (id, organization_id, purpose, currency, target, min_ticket, return_rate, \
                 term_months, per_year, closes_on, repayments_start, committed, closed_at, opened_by, created_at) \
                 VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, 0, NULL, $12, $13)",
            )
            .bind(id.to_string())
            .bind(org.to_string())
            .bind(&o.purpose)
            .bind(o.currency.code())
            .bind(o.target.minor())
            .bind(o.min_ticket.minor())
            .bind(o.return_rate.map(|r| r.percent()))
            .bind(i64::from(o.term_months))
            .bind(i64::from(o.per_year))
            .bind(o.closes_on.to_string())
            .bind(o.repayments_start.to_string())
            .bind(by.to_string())
            .bind(now)
            .execute(&mut *tx)
            .await?;
            Ok(id)
        })
    }

    /// Closes an offer to new commitments before its closing day.
    pub async fn close_investment_offer(&self, id: Uuid) -> Result<(), StoreError> {
        let now = crate::now_micros();
        write_tx!(self, tx, {
            sqlx::query(
                "UPDATE investment_offers SET closed_at = $2 WHERE id = $1 AND closed_at IS NULL",
            )
            .bind(id.to_string())
            .bind(now)
            .execute(&mut *tx)
            .await?;
            Ok(())
        })
    }

    pub async fn investment_offer(&self, id: Uuid) -> Result<OfferRecord, StoreError> {
        let mut conn = self.pool.acquire().await?;
        offer_in(&mut conn, id).await
    }

    /// Offers of `org` (every one when `None`), newest closing day first.
    pub async fn investment_offers(
        &self,
        org: Option<Uuid>,
    ) -> Result<Vec<OfferRecord>, StoreError> {
        sqlx::query(&format!(
            "{OFFER_SELECT} WHERE ($1 = '' OR f.organization_id = $1) ORDER BY f.closes_on DESC, f.id"
        ))
        .bind(org.map(|o| o.to_string()).unwrap_or_default())
        .fetch_all(&self.pool)
        .await?
        .iter()
        .map(offer_from)
        .collect()
    }

    /// Records `investor`'s commitment to `offer` on `today`.
    pub async fn commit_investment(
        &self,
        offer: Uuid,
        investor: Uuid,
        input: &CommitmentInput,
        numbers: Numbers,
        today: Date,
    ) -> Result<Uuid, StoreError> {
        let id = Uuid::new_v4();
        let now = crate::now_micros();
        write_tx!(self, tx, {
            let o = offer_in(&mut tx, offer).await?;
            let c = investment::commit(&o.terms()?, o.committed, o.closed, input, numbers, today)?;
            // Checked again where it is written: another investor may have committed since.
            let raised = sqlx::query(
                "UPDATE investment_offers SET committed = committed + $2 \
                 WHERE id = $1 AND committed + $2 <= target AND closed_at IS NULL",
            )
            .bind(offer.to_string())
            .bind(c.amount.minor())
            .execute(&mut *tx)
            .await?
            .rows_affected();
            if raised == 0 {
                let left = Money::new((o.offer.target - o.committed).max(0), o.offer.currency);
                return Err(StoreError::Conflict(Conflict::TargetReached { left }));
            }
            sqlx::query(
                "INSERT INTO investment_commitments (id, offer_id, investor_id, remitted_currency, remitted, fx_rate, \
                 fx_source, amount, committed_on, received_on, received_by, created_at) \
                 VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, NULL, NULL, $10)",
            )
            .bind(id.to_string())
            .bind(offer.to_string())
            .bind(investor.to_string())
            .bind(c.remitted.currency().code())
            .bind(c.remitted.minor())
            .bind(c.fx.to_string())
            .bind(&c.fx_source)
            .bind(c.amount.minor())
            .bind(today.to_string())
            .bind(now)
            .execute(&mut *tx)
            .await?;
            Ok(id)
        })
    }

    /// Records the whole of a commitment's money as received on `on`.
    pub async fn receive_investment(
        &self,
        commitment: Uuid,
        by: Uuid,
        on: Date,
    ) -> Result<(), StoreError> {
        write_tx!(self, tx, {
            let Some((_, v, h)) = holdings_in(&mut tx, None, None, Some(commitment))
                .await?
                .pop()
            else {
                return Err(StoreError::NotFound("commitment"));
            };
            if h.received_on.is_some() {
                return Err(StoreError::Conflict(Conflict::AlreadyReceived));
            }
            if on < v.committed_on {
                return Err(StoreError::Invalid(Invalid::field(
                    "received_on",
                    format!(
                        "{on} is before the commitment was made ({})",
                        v.committed_on
                    ),
                )));
            }
            sqlx::query(
                "UPDATE investment_commitments SET received_on = $2, received_by = $3 WHERE id = $1 AND received_on IS NULL",
            )
            .bind(commitment.to_string())
            .bind(on.to_string())
            .bind(by.to_string())
            .execute(&mut *tx)
            .await?;
            Ok(())
        })
    }

    /// Records a repayment to an investor.
    pub async fn repay_investor(
        &self,
        commitment: Uuid,
        by: Uuid,
        on: Date,
        amount: Money,
    ) -> Result<(), StoreError> {
        let now = crate::now_micros();
        write_tx!(self, tx, {
            let Some((o, _, h)) = holdings_in(&mut tx, None, None, Some(commitment))
                .await?
                .pop()
            else {
                return Err(StoreError::NotFound("commitment"));
            };
            let parts = investment::record_repayment(&o.terms()?, &h, on, amount)?;
            sqlx::query(
                "INSERT INTO investment_repayments (id, commitment_id, paid_on, amount, to_return, to_principal, recorded_by, created_at) \
                 VALUES ($1, $2, $3, $4, $5, $6, $7, $8)",
            )
            .bind(Uuid::new_v4().to_string())
            .bind(commitment.to_string())
            .bind(on.to_string())
            .bind(amount.minor())
            .bind(parts.to_return.minor())
            .bind(parts.to_principal.minor())
            .bind(by.to_string())
            .bind(now)
            .execute(&mut *tx)
            .await?;
            Ok(())
        })
    }

    /// One commitment with its offer, as at `day`.
    pub async fn investment_commitment(
        &self,
        id: Uuid,
        day: Date,
    ) -> Result<(OfferRecord, CommitmentView), StoreError> {
        let mut conn = self.pool.acquire().await?;
        positioned(holdings_in(&mut conn, None, None, Some(id)).await?, day)?
            .pop()
            .ok_or(StoreError::NotFound("commitment"))
    }

    /// An investor's commitments with their offers, as at `day`.
    pub async fn investor_positions(
        &self,
        investor: Uuid,
        day: Date,
    ) -> Result<Vec<(OfferRecord, CommitmentView)>, StoreError> {
        let mut conn = self.pool.acquire().await?;
        positioned(
            holdings_in(&mut conn, None, Some(investor), None).await?,
            day,
        )
    }

    /// An offer's commitments as at `day`, and what the organization owes on them (one line
    /// per currency — the offer's).
    pub async fn offer_liabilities(
        &self,
        offer: Uuid,
        day: Date,
    ) -> Result<(Vec<CommitmentView>, Vec<Liabilities>), StoreError> {
        let mut conn = self.pool.acquire().await?;
        let list: Vec<CommitmentView> =
            positioned(holdings_in(&mut conn, Some(offer), None, None).await?, day)?
                .into_iter()
                .map(|(_, v)| v)
                .collect();
        let positions: Vec<Position> = list.iter().map(|v| v.position.clone()).collect();
        let l = investment::liabilities(&positions)
            .map_err(|_| StoreError::Conflict(Conflict::Overflow))?;
        Ok((list, l))
    }

    /// What `org` owes its investors as at `day`, across its offers, per currency.
    pub async fn organization_liabilities(
        &self,
        org: Uuid,
        day: Date,
    ) -> Result<Vec<Liabilities>, StoreError> {
        let mut positions = Vec::new();
        for o in self.investment_offers(Some(org)).await? {
            let (list, _) = self.offer_liabilities(o.id, day).await?;
            positions.extend(list.into_iter().map(|v| v.position));
        }
        investment::liabilities(&positions).map_err(|_| StoreError::Conflict(Conflict::Overflow))
    }
}
