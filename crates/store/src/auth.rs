//! Browser sessions and API tokens. Only SHA-256 digests of the secrets are stored, so a
//! copy of the database does not let anyone sign in.

use sqlx::Row;
use uuid::Uuid;

pub use bayanihan_domain::records::ApiTokenInfo;

use crate::rows::instant_micros as timestamp;
use crate::rows::Columns;
use crate::{now_micros, Store, StoreError};

/// A live browser session.
#[derive(Debug, Clone)]
pub struct SessionInfo {
    pub person_id: Uuid,
    pub csrf_token: String,
}

impl Store {
    /// Records a new session for `person`, valid for `ttl_micros`.
    pub async fn create_session(
        &self,
        token_hash: &str,
        person: Uuid,
        csrf_token: &str,
        ttl_micros: i64,
    ) -> Result<(), StoreError> {
        let now = now_micros();
        write_tx!(self, tx, {
            // Expired sessions are swept here, where a write happens anyway.
            sqlx::query("DELETE FROM sessions WHERE expires_at < $1")
                .bind(now)
                .execute(&mut *tx)
                .await?;
            sqlx::query(
                "INSERT INTO sessions (token_hash, person_id, csrf_token, created_at, expires_at) \
                 VALUES ($1, $2, $3, $4, $5)",
            )
            .bind(token_hash)
            .bind(person.to_string())
            .bind(csrf_token)
            .bind(now)
            .bind(now.saturating_add(ttl_micros))
            .execute(&mut *tx)
            .await?;
            Ok(())
        })
    }

    /// The session with this digest, if it exists and has not expired.
    pub async fn session(&self, token_hash: &str) -> Result<Option<SessionInfo>, StoreError> {
        let row = sqlx::query(
            "SELECT person_id, csrf_token FROM sessions WHERE token_hash = $1 AND expires_at > $2",
        )
        .bind(token_hash)
        .bind(now_micros())
        .fetch_optional(&self.pool)
        .await?;
        row.map(|r| {
            Ok(SessionInfo {
                person_id: r.uuid(0)?,
                csrf_token: r.try_get(1)?,
            })
        })
        .transpose()
    }

    /// Ends a session (sign-out).
    pub async fn delete_session(&self, token_hash: &str) -> Result<(), StoreError> {
        write_tx!(self, tx, {
            sqlx::query("DELETE FROM sessions WHERE token_hash = $1")
                .bind(token_hash)
                .execute(&mut *tx)
                .await?;
            Ok(())
        })
    }

    /// Records a new API token for `person`.
    pub async fn create_api_token(
        &self,
        person: Uuid,
        name: &str,
        token_hash: &str,
    ) -> Result<Uuid, StoreError> {
        let id = Uuid::new_v4();
        write_tx!(self, tx, {
            sqlx::query(
                "INSERT INTO api_tokens (id, person_id, name, token_hash, created_at, last_used_at, revoked_at) \
                 VALUES ($1, $2, $3, $4, $5, NULL, NULL)",
            )
            .bind(id.to_string())
            .bind(person.to_string())
            .bind(name)
            .bind(token_hash)
            .bind(now_micros())
            .execute(&mut *tx)
            .await?;
            Ok(())
        })?;
        Ok(id)
    }

    /// A person's live tokens.
    pub async fn api_tokens(&self, person: Uuid) -> Result<Vec<ApiTokenInfo>, StoreError> {
        let rows = sqlx::query(
            "SELECT id, name, created_at, last_used_at FROM api_tokens \
             WHERE person_id = $1 AND revoked_at IS NULL ORDER BY created_at, id",
        )
        .bind(person.to_string())
        .fetch_all(&self.pool)
        .await?;
        rows.iter()
            .map(|r| {
                Ok(ApiTokenInfo {
                    id: r.uuid(0)?,
                    name: r.try_get(1)?,
                    created_at: r.instant(2)?,
                    last_used_at: r.try_get::<Option<i64>, _>(3)?.map(timestamp).transpose()?,
                })
            })
            .collect()
    }

    /// Revokes one of `person`'s tokens.
    pub async fn revoke_api_token(&self, person: Uuid, id: Uuid) -> Result<(), StoreError> {
        write_tx!(self, tx, {
            let n = sqlx::query(
                "UPDATE api_tokens SET revoked_at = $3 WHERE id = $1 AND person_id = $2 AND revoked_at IS NULL",
            )
            .bind(id.to_string())
            .bind(person.to_string())
            .bind(now_micros())
            .execute(&mut *tx)
            .await?
            .rows_affected();
            if n == 0 {
                return Err(StoreError::NotFound("API token"));
            }
            Ok(())
        })
    }
}
