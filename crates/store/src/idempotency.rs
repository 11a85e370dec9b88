//! Idempotency keys: the first answer to a request sent with a key, kept for a day, so that a
//! resend returns it instead of acting twice.

use sqlx::Row;
use uuid::Uuid;

use crate::{now_micros, Store, StoreError};

/// How long a first answer is kept: a day.
const KEEP_MICROS: i64 = 24 * 3600 * 1_000_000;

/// What a request with a key meets.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Claim {
    /// The first with this key: it is recorded as in progress; answer it, then
    /// [`Store::finish_idempotent`] (or [`Store::abandon_idempotent`] when it failed).
    First,
    /// The first request with this key is still being answered.
    InProgress,
    /// Answered before: the status, content type and body to send again.
    Answered {
        status: u16,
        content_type: Option<String>,
        body: Vec<u8>,
    },
    /// The key was used for another request (another method, path or body).
    Mismatch,
}

impl Store {
    /// Claims `key` for `owner`'s request of `fingerprint`, or says what it was used for.
    pub async fn claim_idempotent(
        &self,
        owner: Uuid,
        key: &str,
        fingerprint: &str,
    ) -> Result<Claim, StoreError> {
        let now = now_micros();
        write_tx!(self, tx, {
            sqlx::query("DELETE FROM idempotency_keys WHERE created_at < $1")
                .bind(now - KEEP_MICROS)
                .execute(&mut *tx)
                .await?;
            let row = sqlx::query(
                "SELECT fingerprint, status, content_type, body FROM idempotency_keys \
                 WHERE owner_id = $1 AND key = $2",
            )
            .bind(owner.to_string())
            .bind(key)
            .fetch_optional(&mut *tx)
            .await?;
            if let Some(r) = row {
                let seen: String = r.try_get(0)?;
                if seen != fingerprint {
                    return Ok(Claim::Mismatch);
                }
                let status: i64 = r.try_get(1)?;
                if status == 0 {
                    return Ok(Claim::InProgress);
                }
                return Ok(Claim::Answered {
                    status: u16::try_from(status)
                        .map_err(|e| StoreError::Corrupt(format!("idempotent status: {e}")))?,
                    content_type: r.try_get(2)?,
                    body: r.try_get::<Option<Vec<u8>>, _>(3)?.unwrap_or_default(),
                });
            }
            let inserted = sqlx::query(
                "INSERT INTO idempotency_keys (owner_id, key, fingerprint, status, content_type, body, created_at) \
                 VALUES ($1, $2, $3, 0, NULL, NULL, $4)",
            )
            .bind(owner.to_string())
            .bind(key)
            .bind(fingerprint)
            .bind(now)
            .execute(&mut *tx)
            .await;
            match inserted {
                Ok(_) => Ok(Claim::First),
                // A twin request claimed it between our read and our write (PostgreSQL).
                Err(sqlx::Error::Database(e))
                    if e.kind() == sqlx::error::ErrorKind::UniqueViolation =>
                {
                    Ok(Claim::InProgress)
                }
                Err(e) => Err(e.into()),
            }
        })
    }

    /// Keeps the answer to a claimed key.
    pub async fn finish_idempotent(
        &self,
        owner: Uuid,
        key: &str,
        status: u16,
        content_type: Option<&str>,
        body: &[u8],
    ) -> Result<(), StoreError> {
        write_tx!(self, tx, {
            sqlx::query(
                "UPDATE idempotency_keys SET status = $3, content_type = $4, body = $5 \
                 WHERE owner_id = $1 AND key = $2",
            )
            .bind(owner.to_string())
            .bind(key)
            .bind(i64::from(status))
            .bind(content_type)
            .bind(body)
            .execute(&mut *tx)
            .await?;
            Ok(())
        })
    }

    /// Lets a claimed key go (the server failed to answer): a resend acts afresh.
    pub async fn abandon_idempotent(&self, owner: Uuid, key: &str) -> Result<(), StoreError> {
        write_tx!(self, tx, {
            sqlx::query(
                "DELETE FROM idempotency_keys WHERE owner_id = $1 AND key = $2 AND status = 0",
            )
            .bind(owner.to_string())
            .bind(key)
            .execute(&mut *tx)
            .await?;
            Ok(())
        })
    }
}
