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
    /// Remembered for a few seconds (`auth_cache`): a session ended here stops working in
    /// this process at once, in others within 5 seconds.
    pub async fn session(&self, token_hash: &str) -> Result<Option<SessionInfo>, StoreError> {
        let now = now_micros();
        let epoch = self.auth.epoch();
        if let Some((s, expires)) = self.auth.sessions.get(token_hash, epoch) {
            if now < expires {
                return Ok(Some(s));
            }
        }
        let row = sqlx::query(
            "SELECT person_id, csrf_token, expires_at FROM sessions WHERE token_hash = $1 AND expires_at > $2",
        )
        .bind(token_hash)
        .bind(now)
        .fetch_optional(&self.pool)
        .await?;
        let Some(r) = row else { return Ok(None) };
        let s = SessionInfo {
            person_id: r.uuid(0)?,
            csrf_token: r.try_get(1)?,
        };
        self.auth
            .sessions
            .put(token_hash.to_string(), (s.clone(), r.try_get(2)?), epoch);
        Ok(Some(s))
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

/// What an access link is for.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum AccessPurpose {
    /// A first password, for someone added by a coordinator.
    Invite,
    /// A new password, for someone who forgot theirs.
    Reset,
}

impl AccessPurpose {
    pub fn id(self) -> &'static str {
        match self {
            AccessPurpose::Invite => "invite",
            AccessPurpose::Reset => "reset",
        }
    }

    fn parse(s: &str) -> Result<Self, StoreError> {
        match s {
            "invite" => Ok(AccessPurpose::Invite),
            "reset" => Ok(AccessPurpose::Reset),
            other => Err(crate::rows::corrupt("access link purpose", other)),
        }
    }
}

/// An open access link: whose, what for, until when.
#[derive(Debug, Clone, PartialEq)]
pub struct AccessLink {
    pub person_id: Uuid,
    pub purpose: AccessPurpose,
    pub expires_at: jiff::Timestamp,
}

impl Store {
    /// Keeps a new access link (by its code's digest) for `person`, valid `ttl_micros`; the
    /// person's other open links of the same purpose are spent.
    pub async fn create_access_link(
        &self,
        code_hash: &str,
        person: Uuid,
        purpose: AccessPurpose,
        created_by: Option<Uuid>,
        ttl_micros: i64,
    ) -> Result<AccessLink, StoreError> {
        let now = now_micros();
        write_tx!(self, tx, {
            sqlx::query(
                "UPDATE access_links SET used_at = $3 WHERE person_id = $1 AND purpose = $2 AND used_at IS NULL",
            )
            .bind(person.to_string())
            .bind(purpose.id())
            .bind(now)
            .execute(&mut *tx)
            .await?;
            sqlx::query(
                "INSERT INTO access_links (code_hash, person_id, purpose, created_by, created_at, expires_at, used_at) \
                 VALUES ($1, $2, $3, $4, $5, $6, NULL)",
            )
            .bind(code_hash)
            .bind(person.to_string())
            .bind(purpose.id())
            .bind(created_by.map(|p| p.to_string()))
            .bind(now)
            .bind(now.saturating_add(ttl_micros))
            .execute(&mut *tx)
            .await?;
            Ok(())
        })?;
        Ok(AccessLink {
            person_id: person,
            purpose,
            expires_at: timestamp(now.saturating_add(ttl_micros))?,
        })
    }

    /// When the person's latest link of this purpose was made (microseconds), if any.
    pub async fn latest_access_link(
        &self,
        person: Uuid,
        purpose: AccessPurpose,
    ) -> Result<Option<i64>, StoreError> {
        let latest: Option<i64> = sqlx::query_scalar(
            "SELECT CAST(MAX(created_at) AS BIGINT) FROM access_links WHERE person_id = $1 AND purpose = $2",
        )
        .bind(person.to_string())
        .bind(purpose.id())
        .fetch_one(&self.pool)
        .await?;
        Ok(latest)
    }

    /// The open link with this code's digest: unspent and within its time.
    pub async fn access_link(&self, code_hash: &str) -> Result<Option<AccessLink>, StoreError> {
        let row = sqlx::query(
            "SELECT person_id, purpose, expires_at FROM access_links \
             WHERE code_hash = $1 AND used_at IS NULL AND expires_at > $2",
        )
        .bind(code_hash)
        .bind(now_micros())
        .fetch_optional(&self.pool)
        .await?;
        row.map(|r| {
            Ok(AccessLink {
                person_id: r.uuid(0)?,
                purpose: AccessPurpose::parse(&r.try_get::<String, _>(1)?)?,
                expires_at: timestamp(r.try_get(2)?)?,
            })
        })
        .transpose()
    }

    /// Spends the link and sets the person's password (and language, when given), ending
    /// their sessions elsewhere; all at once, or nothing when the link is no longer open
    /// (`None`: spent or expired, by a twin request too).
    pub async fn use_access_link(
        &self,
        code_hash: &str,
        password_hash: &str,
        language: Option<&str>,
    ) -> Result<Option<Uuid>, StoreError> {
        let now = now_micros();
        write_tx!(self, tx, {
            let Some(row) = sqlx::query(
                "SELECT person_id FROM access_links WHERE code_hash = $1 AND used_at IS NULL AND expires_at > $2",
            )
            .bind(code_hash)
            .bind(now)
            .fetch_optional(&mut *tx)
            .await?
            else {
                return Ok(None);
            };
            let person: String = row.try_get(0)?;
            sqlx::query(
                "UPDATE access_links SET used_at = $2 WHERE person_id = $1 AND used_at IS NULL",
            )
            .bind(person.clone())
            .bind(now)
            .execute(&mut *tx)
            .await?;
            sqlx::query(
                "UPDATE people SET password_hash = $2, language = COALESCE($3, language) WHERE id = $1",
            )
            .bind(person.clone())
            .bind(password_hash)
            .bind(language)
            .execute(&mut *tx)
            .await?;
            sqlx::query("DELETE FROM sessions WHERE person_id = $1")
                .bind(person.clone())
                .execute(&mut *tx)
                .await?;
            // A new password shuts out whoever held the old one: API tokens too.
            sqlx::query(
                "UPDATE api_tokens SET revoked_at = $2 WHERE person_id = $1 AND revoked_at IS NULL",
            )
            .bind(person.clone())
            .bind(now)
            .execute(&mut *tx)
            .await?;
            Ok(Some(crate::rows::uuid_text(&person)?))
        })
    }
}
