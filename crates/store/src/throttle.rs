//! Failed sign-ins, counted in the database (see `bayanihan_domain::throttle` for the rules).

use bayanihan_domain::throttle::{Limit, FORGET_AFTER_SECS};
use sqlx::Row;

use crate::{now_micros, Store, StoreError};

const SECOND: i64 = 1_000_000;

impl Store {
    /// Seconds still to wait before another attempt under any of `keys` (0: go ahead).
    pub async fn sign_in_wait(&self, keys: &[String]) -> Result<u64, StoreError> {
        let now = now_micros();
        let mut wait = 0;
        for key in keys {
            let until: Option<i64> =
                sqlx::query_scalar("SELECT blocked_until FROM sign_in_throttle WHERE key = $1")
                    .bind(key)
                    .fetch_optional(&self.pool)
                    .await?;
            if let Some(until) = until {
                if until > now {
                    // Rounded up: "wait 0 seconds" would be a lie.
                    wait = wait.max(((until - now + SECOND - 1) / SECOND) as u64);
                }
            }
        }
        Ok(wait)
    }

    /// Counts a failed attempt under each key with its limit, in one transaction; forgets
    /// counters whose last failure is older than the forgetting time.
    pub async fn sign_in_failed(&self, keys: &[(String, Limit)]) -> Result<(), StoreError> {
        let now = now_micros();
        let forget = now - FORGET_AFTER_SECS as i64 * SECOND;
        write_tx!(self, tx, {
            sqlx::query("DELETE FROM sign_in_throttle WHERE last_failure < $1")
                .bind(forget)
                .execute(&mut *tx)
                .await?;
            for (key, limit) in keys {
                let row = sqlx::query("SELECT failures FROM sign_in_throttle WHERE key = $1")
                    .bind(key)
                    .fetch_optional(&mut *tx)
                    .await?;
                let failures = match &row {
                    Some(r) => r.try_get::<i64, _>(0)?.saturating_add(1),
                    None => 1,
                };
                let wait = limit.wait_after(u32::try_from(failures).unwrap_or(u32::MAX));
                let until = now + wait as i64 * SECOND;
                let sql = if row.is_some() {
                    "UPDATE sign_in_throttle SET failures = $2, last_failure = $3, blocked_until = $4 WHERE key = $1"
                } else {
                    "INSERT INTO sign_in_throttle (key, failures, last_failure, blocked_until) VALUES ($1, $2, $3, $4)"
                };
                sqlx::query(sql)
                    .bind(key)
                    .bind(failures)
                    .bind(now)
                    .bind(until)
                    .execute(&mut *tx)
                    .await?;
            }
            Ok(())
        })
    }

    /// Forgets the counters of `keys` (after a successful sign-in).
    pub async fn sign_in_succeeded(&self, keys: &[String]) -> Result<(), StoreError> {
        write_tx!(self, tx, {
            for key in keys {
                sqlx::query("DELETE FROM sign_in_throttle WHERE key = $1")
                    .bind(key)
                    .execute(&mut *tx)
                    .await?;
            }
            Ok(())
        })
    }
}
