//! The audit log of administrative actions, and people's data in their own hands: everything
//! held about a person, exported; and erasure on request.
//!
//! Erasure replaces the person's name and e-mail address with placeholders, removes their
//! password, demographics, sessions, tokens and access links, and ends their memberships. What
//! the books must keep — order lines, payments recorded, chain entries, audit rows — stays,
//! naming only the person's id, which now leads to nobody. No hashed byte of the ledger holds
//! a name, so the chains verify afterwards; published figures come from rollups stored at
//! each close, so they do not move.

use serde::Serialize;
use serde_json::{Map, Value};
use sqlx::{Column, Row};
use uuid::Uuid;

use crate::rows::uuid_text;
use crate::{Store, StoreError};

/// The name an erased person is shown under.
pub const ERASED_NAME: &str = "Erased person";

/// One administrative action, to be logged.
#[derive(Debug, Clone)]
pub struct AuditEntry {
    pub organization: Option<Uuid>,
    pub actor: Option<Uuid>,
    /// A code such as `membership.added` (see `docs/api.md`).
    pub action: String,
    /// The person, organization or record acted on.
    pub subject: Option<Uuid>,
    /// Ids and codes only (never names): erasure needs no rewrite here.
    pub detail: Value,
    pub client: Option<String>,
}

/// A logged action, as an admin reads it.
#[derive(Debug, Clone, Serialize)]
pub struct AuditRecord {
    pub id: Uuid,
    pub organization: Option<Uuid>,
    pub actor: Option<Uuid>,
    /// The actor's name now ("Erased person" after an erasure).
    pub actor_name: Option<String>,
    pub action: String,
    pub subject: Option<Uuid>,
    /// The subject's name now, a person's or an organization's ("Erased person" after an
    /// erasure): looked up when read, never stored in the log.
    pub subject_name: Option<String>,
    pub detail: Value,
    pub client: Option<String>,
    /// Microseconds since the epoch.
    pub at: i64,
}

fn opt_uuid(s: Option<String>) -> Result<Option<Uuid>, StoreError> {
    s.as_deref().map(uuid_text).transpose()
}

impl Store {
    /// Logs an administrative action.
    pub async fn append_audit(&self, e: &AuditEntry) -> Result<(), StoreError> {
        let now = crate::now_micros();
        write_tx!(self, tx, {
            sqlx::query(
                "INSERT INTO audit_log (id, organization_id, actor_id, action, subject_id, detail, client, at) \
                 VALUES ($1, $2, $3, $4, $5, $6, $7, $8)",
            )
            .bind(Uuid::new_v4().to_string())
            .bind(e.organization.map(|o| o.to_string()))
            .bind(e.actor.map(|o| o.to_string()))
            .bind(&e.action)
            .bind(e.subject.map(|o| o.to_string()))
            .bind(e.detail.to_string())
            .bind(e.client.clone())
            .bind(now)
            .execute(&mut *tx)
            .await?;
            Ok(())
        })
    }

    /// An organization's audit log, newest first: at most `limit` entries older than the
    /// cursor `before` — the `(at, id)` of the last entry already read, so that entries of the
    /// same microsecond are neither skipped nor repeated (`(i64::MAX, None)` for the newest).
    pub async fn audit_log(
        &self,
        org: Uuid,
        before: (i64, Option<Uuid>),
        limit: i64,
    ) -> Result<Vec<AuditRecord>, StoreError> {
        self.audit_where("a.organization_id = $1", &org.to_string(), before, limit)
            .await
    }

    async fn audit_where(
        &self,
        filter: &str,
        key: &str,
        (before, before_id): (i64, Option<Uuid>),
        limit: i64,
    ) -> Result<Vec<AuditRecord>, StoreError> {
        sqlx::query(&format!(
            "SELECT a.id, a.organization_id, a.actor_id, p.name, a.action, a.subject_id, a.detail, a.client, a.at, \
             COALESCE(sp.name, so.name) FROM audit_log a LEFT JOIN people p ON p.id = a.actor_id \
             LEFT JOIN people sp ON sp.id = a.subject_id LEFT JOIN organizations so ON so.id = a.subject_id \
             WHERE {filter} AND (a.at < $2 OR (a.at = $2 AND a.id < $4)) ORDER BY a.at DESC, a.id DESC LIMIT $3"
        ))
        .bind(key)
        .bind(before)
        .bind(limit)
        .bind(before_id.map(|i| i.to_string()).unwrap_or_default())
        .fetch_all(&self.pool)
        .await?
        .iter()
        .map(|r| {
            Ok(AuditRecord {
                id: uuid_text(&r.try_get::<String, _>(0)?)?,
                organization: opt_uuid(r.try_get(1)?)?,
                actor: opt_uuid(r.try_get(2)?)?,
                actor_name: r.try_get(3)?,
                action: r.try_get(4)?,
                subject: opt_uuid(r.try_get(5)?)?,
                subject_name: r.try_get(9)?,
                detail: serde_json::from_str(&r.try_get::<String, _>(6)?).unwrap_or(Value::Null),
                client: r.try_get(7)?,
                at: r.try_get(8)?,
            })
        })
        .collect()
    }

    /// Everything held about a person, as JSON: their profile, demographics, memberships,
    /// sessions and tokens (never a secret or its digest), access links, the order lines placed
    /// for them, what they recorded or declared, and what the audit log says they did.
    pub async fn person_export(&self, person: Uuid) -> Result<Value, StoreError> {
        let id = person.to_string();
        let sections: &[(&str, &str)] = &[
            (
                "person",
                "SELECT id, email, name, language, created_at, erased_at, \
                 CASE WHEN password_hash IS NULL THEN 0 ELSE 1 END AS has_password FROM people WHERE id = $1",
            ),
            (
                "demographics",
                "SELECT gender, birth_year, disability, informal_sector, overseas_worker, consented_at \
                 FROM demographics WHERE person_id = $1",
            ),
            (
                "memberships",
                "SELECT m.organization_id, o.name AS organization, m.roles, m.stakeholder, m.since, m.created_at \
                 FROM memberships m JOIN organizations o ON o.id = m.organization_id WHERE m.person_id = $1 ORDER BY m.since",
            ),
            ("sessions", "SELECT created_at, expires_at FROM sessions WHERE person_id = $1 ORDER BY created_at"),
            (
                "api_tokens",
                "SELECT id, name, created_at, last_used_at, revoked_at FROM api_tokens WHERE person_id = $1 ORDER BY created_at",
            ),
            (
                "access_links",
                "SELECT purpose, created_by, created_at, expires_at, used_at FROM access_links WHERE person_id = $1 ORDER BY created_at",
            ),
            (
                "order_lines",
                "SELECT l.id, l.cycle_id, c.name AS cycle, l.consumer_group_id, p.name AS product, l.quantity, l.allocated, \
                 l.total_minor, c.currency, l.created_at FROM order_lines l JOIN cycles c ON c.id = l.cycle_id \
                 JOIN offers o ON o.id = l.offer_id JOIN products p ON p.id = o.product_id \
                 WHERE l.person_id = $1 ORDER BY l.created_at",
            ),
            (
                "payments_recorded",
                "SELECT id, obligation_id, amount, method, reference, paid_on, created_at FROM payments \
                 WHERE recorded_by = $1 ORDER BY created_at",
            ),
            (
                "jobs_declared",
                "SELECT * FROM job_declarations WHERE declared_by = $1",
            ),
            (
                "packaging_returns_recorded",
                "SELECT * FROM packaging_returns WHERE recorded_by = $1",
            ),
            (
                "actions_logged",
                "SELECT organization_id, action, subject_id, detail, client, at FROM audit_log WHERE actor_id = $1 ORDER BY at",
            ),
        ];
        let mut out = Map::new();
        out.insert("format".into(), Value::from("bayanihan-person-export-v1"));
        out.insert(
            "exported_at".into(),
            Value::from(jiff::Timestamp::now().to_string()),
        );
        for (name, sql) in sections {
            let rows = sqlx::query(sql).bind(&id).fetch_all(&self.pool).await?;
            let list: Vec<Value> = rows
                .iter()
                .map(|r| {
                    let cells = crate::impact::any_cells(r)?;
                    Ok(Value::Object(
                        r.columns()
                            .iter()
                            .zip(cells)
                            .map(|(c, v)| {
                                let v = match v {
                                    crate::impact::Cell::Null => Value::Null,
                                    crate::impact::Cell::Int(n) => Value::from(n),
                                    crate::impact::Cell::Real(x) => Value::from(x),
                                    crate::impact::Cell::Text(t) => Value::from(t),
                                };
                                (c.name().to_string(), v)
                            })
                            .collect(),
                    ))
                })
                .collect::<Result<_, StoreError>>()?;
            if *name == "person" {
                let Some(p) = list.into_iter().next() else {
                    return Err(StoreError::NotFound("person"));
                };
                out.insert("person".into(), p);
            } else if *name == "demographics" {
                // Present only while the person shares them.
                if let Some(d) = list.into_iter().next() {
                    out.insert("demographics".into(), d);
                }
            } else {
                out.insert(name.to_string(), Value::Array(list));
            }
        }
        Ok(Value::Object(out))
    }

    /// The organizations a person is a member of, with their roles and when the membership was
    /// recorded (microseconds since the epoch).
    pub async fn memberships_of(
        &self,
        person: Uuid,
    ) -> Result<Vec<(Uuid, String, i64)>, StoreError> {
        sqlx::query(
            "SELECT organization_id, roles, created_at FROM memberships WHERE person_id = $1 ORDER BY organization_id",
        )
        .bind(person.to_string())
        .fetch_all(&self.pool)
        .await?
        .iter()
        .map(|r| Ok((uuid_text(&r.try_get::<String, _>(0)?)?, r.try_get(1)?, r.try_get(2)?)))
        .collect()
    }

    /// Dates every membership recorded after `before` back to `before`: the demo's fictional
    /// members have belonged to their organizations for years, not since the demo was loaded.
    pub async fn backdate_demo_memberships(&self, before: i64) -> Result<(), StoreError> {
        write_tx!(self, tx, {
            sqlx::query("UPDATE memberships SET created_at = $1 WHERE created_at > $1")
                .bind(before)
                .execute(&mut *tx)
                .await?;
            Ok(())
        })
    }

    /// Erases a person (see the module): returns the organizations whose memberships ended.
    /// Refused when they are the last admin of one of them; a person erased already is
    /// `NotFound`. With `expected`, the person's organizations must be exactly those (the ones
    /// the caller was allowed for), else nothing is done: a membership added meanwhile
    /// elsewhere is not the caller's to end.
    pub async fn erase_person(
        &self,
        person: Uuid,
        expected: Option<&[Uuid]>,
    ) -> Result<Vec<Uuid>, StoreError> {
        let now = crate::now_micros();
        let id = person.to_string();
        write_tx!(self, tx, {
            let erased: Option<Option<i64>> =
                sqlx::query_scalar("SELECT erased_at FROM people WHERE id = $1")
                    .bind(&id)
                    .fetch_optional(&mut *tx)
                    .await?;
            if !matches!(erased, Some(None)) {
                return Err(StoreError::NotFound("person"));
            }
            let orgs: Vec<(String, String)> =
                sqlx::query("SELECT organization_id, roles FROM memberships WHERE person_id = $1")
                    .bind(&id)
                    .fetch_all(&mut *tx)
                    .await?
                    .iter()
                    .map(|r| Ok((r.try_get(0)?, r.try_get(1)?)))
                    .collect::<Result<_, sqlx::Error>>()?;
            if let Some(expected) = expected {
                let mut now: Vec<String> = orgs.iter().map(|(o, _)| o.clone()).collect();
                let mut want: Vec<String> = expected.iter().map(|o| o.to_string()).collect();
                now.sort();
                want.sort();
                if now != want {
                    return Err(StoreError::Forbidden(
                        "This person's memberships changed meanwhile: look at them again before erasing.".into(),
                    ));
                }
            }
            let admin = |roles: &str| {
                bayanihan_domain::person::roles_from_str(roles)
                    .contains(&bayanihan_domain::person::MembershipRole::Admin)
            };
            for (org, roles) in &orgs {
                if admin(roles) {
                    let others: Vec<String> =
                        sqlx::query_scalar("SELECT roles FROM memberships WHERE organization_id = $1 AND person_id <> $2")
                            .bind(org)
                            .bind(&id)
                            .fetch_all(&mut *tx)
                            .await?;
                    if !others.iter().any(|r| admin(r)) {
                        return Err(StoreError::Conflict(bayanihan_domain::Conflict::LastAdmin));
                    }
                }
            }
            sqlx::query(
                "UPDATE people SET name = $2, email = $3, password_hash = NULL, language = NULL, erased_at = $4 WHERE id = $1",
            )
            .bind(&id)
            .bind(ERASED_NAME)
            .bind(format!("erased-{}@erased.invalid", person.simple()))
            .bind(now)
            .execute(&mut *tx)
            .await?;
            for sql in [
                "DELETE FROM demographics WHERE person_id = $1",
                "DELETE FROM memberships WHERE person_id = $1",
                "DELETE FROM sessions WHERE person_id = $1",
                "DELETE FROM api_tokens WHERE person_id = $1",
                "DELETE FROM access_links WHERE person_id = $1",
                // Answers kept for a repeated request may show their name.
                "DELETE FROM idempotency_keys WHERE owner_id = $1",
                // Their own actions stay logged under the anonymous id, without their address.
                "UPDATE audit_log SET client = NULL WHERE actor_id = $1",
            ] {
                sqlx::query(sql).bind(&id).execute(&mut *tx).await?;
            }
            orgs.iter()
                .map(|(o, _)| uuid_text(o))
                .collect::<Result<Vec<_>, _>>()
        })
    }
}
