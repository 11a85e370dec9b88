//! People, their memberships in organizations, and their opt-in demographics.

use bayanihan_domain::Conflict;
use std::collections::{HashMap, HashSet};

use bayanihan_domain::person::{roles_from_str, roles_to_string};
use bayanihan_domain::records::{Membership, Person};
use bayanihan_domain::{
    Demographics, Email, Gender, MembershipRole, OrgKind, PersonName, StakeholderCategory, Subject,
};
use jiff::civil::Date;
use sqlx::any::AnyRow;
use sqlx::Row;
use uuid::Uuid;

use crate::organizations::{today, NETWORK_TREE};
use crate::rows::uuid_text as parse_uuid;
use crate::rows::Columns;
use crate::{now_micros, Store, StoreError};

/// What sign-in needs to know about a person.
#[derive(Debug, Clone)]
pub struct PersonCredentials {
    pub id: Uuid,
    pub password_hash: Option<String>,
}

/// A membership to add.
#[derive(Debug, Clone)]
pub struct NewMembership {
    pub person_id: Uuid,
    pub organization_id: Uuid,
    pub roles: Vec<MembershipRole>,
    pub stakeholder: Option<StakeholderCategory>,
    pub since: Date,
}

const MEMBERSHIP_SELECT: &str = "SELECT m.id, m.person_id, p.name AS person_name, m.organization_id, \
    o.name AS organization_name, m.roles, m.stakeholder, m.since \
    FROM memberships m JOIN people p ON p.id = m.person_id JOIN organizations o ON o.id = m.organization_id";

fn membership_from_row(row: &AnyRow) -> Result<Membership, StoreError> {
    Ok(Membership {
        id: row.uuid("id")?,
        person_id: row.uuid("person_id")?,
        person_name: row.try_get("person_name")?,
        organization_id: row.uuid("organization_id")?,
        organization_name: row.try_get("organization_name")?,
        roles: roles_from_str(&row.try_get::<String, _>("roles")?),
        stakeholder: row
            .try_get::<Option<String>, _>("stakeholder")?
            .and_then(|s| StakeholderCategory::parse(&s).ok()),
        since: row.date("since")?,
    })
}

/// Reads a BIGINT 0/1 flag (see the migration: the Any driver cannot decode SQLite booleans).
fn flag(row: &AnyRow, column: &str) -> Result<Option<bool>, StoreError> {
    Ok(row.try_get::<Option<i64>, _>(column)?.map(|v| v != 0))
}

impl Store {
    /// Creates a person; the e-mail must be new.
    pub async fn create_person(
        &self,
        email: &Email,
        name: &PersonName,
        password_hash: Option<&str>,
    ) -> Result<Uuid, StoreError> {
        let id = Uuid::new_v4();
        write_tx!(self, tx, {
            sqlx::query(
                "INSERT INTO people (id, email, name, password_hash, language, created_at) \
                 VALUES ($1, $2, $3, $4, NULL, $5)",
            )
            .bind(id.to_string())
            .bind(email.as_str())
            .bind(name.as_str())
            .bind(password_hash.map(str::to_string))
            .bind(now_micros())
            .execute(&mut *tx)
            .await
            .map_err(|e| {
                StoreError::from(e).unique(Conflict::EmailTaken {
                    email: email.to_string(),
                })
            })?;
            Ok(())
        })?;
        Ok(id)
    }

    /// Sets (or replaces) a person's password hash; all their browser sessions end.
    pub async fn set_password_hash(&self, person: Uuid, hash: &str) -> Result<(), StoreError> {
        write_tx!(self, tx, {
            let n = sqlx::query("UPDATE people SET password_hash = $2 WHERE id = $1")
                .bind(person.to_string())
                .bind(hash)
                .execute(&mut *tx)
                .await?
                .rows_affected();
            if n == 0 {
                return Err(StoreError::NotFound("person"));
            }
            sqlx::query("DELETE FROM sessions WHERE person_id = $1")
                .bind(person.to_string())
                .execute(&mut *tx)
                .await?;
            Ok(())
        })
    }

    /// Sets a person's preferred language.
    pub async fn set_person_language(
        &self,
        person: Uuid,
        language: Option<&str>,
    ) -> Result<(), StoreError> {
        write_tx!(self, tx, {
            sqlx::query("UPDATE people SET language = $2 WHERE id = $1")
                .bind(person.to_string())
                .bind(language.map(str::to_string))
                .execute(&mut *tx)
                .await?;
            Ok(())
        })
    }

    /// Looks a person up by e-mail for sign-in.
    pub async fn credentials(
        &self,
        email: &Email,
    ) -> Result<Option<PersonCredentials>, StoreError> {
        let row = sqlx::query("SELECT id, password_hash FROM people WHERE email = $1")
            .bind(email.as_str())
            .fetch_optional(&self.pool)
            .await?;
        row.map(|r| {
            Ok(PersonCredentials {
                id: r.uuid("id")?,
                password_hash: r.try_get("password_hash")?,
            })
        })
        .transpose()
    }

    /// A person's id by e-mail.
    pub async fn person_id_by_email(&self, email: &Email) -> Result<Option<Uuid>, StoreError> {
        Ok(self.credentials(email).await?.map(|c| c.id))
    }

    /// A person with memberships; demographics only when `with_demographics` (the caller
    /// decides, through the access rules, whether the reader may see them).
    pub async fn person(&self, id: Uuid, with_demographics: bool) -> Result<Person, StoreError> {
        let row = sqlx::query("SELECT id, email, name, language FROM people WHERE id = $1")
            .bind(id.to_string())
            .fetch_optional(&self.pool)
            .await?
            .ok_or(StoreError::NotFound("person"))?;
        let email: String = row.try_get("email")?;
        let memberships = self.memberships_of_person(id).await?;
        let demographics = if with_demographics {
            self.demographics(id).await?
        } else {
            None
        };
        Ok(Person {
            id,
            email: Email::parse(&email).map_err(|e| StoreError::Corrupt(e.to_string()))?,
            name: row.try_get("name")?,
            language: row.try_get("language")?,
            memberships,
            demographics,
        })
    }

    /// The organizations a person is a member of, and their roles there.
    pub async fn memberships_of_person(&self, person: Uuid) -> Result<Vec<Membership>, StoreError> {
        let rows = sqlx::query(&format!(
            "{MEMBERSHIP_SELECT} WHERE m.person_id = $1 ORDER BY o.name, m.id"
        ))
        .bind(person.to_string())
        .fetch_all(&self.pool)
        .await?;
        rows.iter().map(membership_from_row).collect()
    }

    /// The members of an organization, by name.
    pub async fn members_of(&self, org: Uuid) -> Result<Vec<Membership>, StoreError> {
        let rows = sqlx::query(&format!(
            "{MEMBERSHIP_SELECT} WHERE m.organization_id = $1 ORDER BY p.name, m.id"
        ))
        .bind(org.to_string())
        .fetch_all(&self.pool)
        .await?;
        rows.iter().map(membership_from_row).collect()
    }

    /// One membership of a person in an organization.
    pub async fn membership(
        &self,
        org: Uuid,
        person: Uuid,
    ) -> Result<Option<Membership>, StoreError> {
        let row = sqlx::query(&format!(
            "{MEMBERSHIP_SELECT} WHERE m.organization_id = $1 AND m.person_id = $2"
        ))
        .bind(org.to_string())
        .bind(person.to_string())
        .fetch_optional(&self.pool)
        .await?;
        row.as_ref().map(membership_from_row).transpose()
    }

    /// Adds a person to an organization.
    pub async fn add_membership(&self, m: &NewMembership) -> Result<Membership, StoreError> {
        write_tx!(self, tx, {
            sqlx::query(
                "INSERT INTO memberships (id, person_id, organization_id, roles, stakeholder, since, created_at) \
                 VALUES ($1, $2, $3, $4, $5, $6, $7)",
            )
            .bind(Uuid::new_v4().to_string())
            .bind(m.person_id.to_string())
            .bind(m.organization_id.to_string())
            .bind(roles_to_string(&m.roles))
            .bind(m.stakeholder.map(|s| s.id()))
            .bind(m.since.to_string())
            .bind(now_micros())
            .execute(&mut *tx)
            .await
            .map_err(|e| StoreError::from(e).unique(Conflict::AlreadyMember))?;
            Ok(())
        })?;
        self.membership(m.organization_id, m.person_id)
            .await?
            .ok_or(StoreError::NotFound("membership"))
    }

    /// Changes a membership's roles and stakeholder category.
    pub async fn update_membership(
        &self,
        org: Uuid,
        person: Uuid,
        roles: &[MembershipRole],
        stakeholder: Option<StakeholderCategory>,
    ) -> Result<Membership, StoreError> {
        write_tx!(self, tx, {
            let n = sqlx::query(
                "UPDATE memberships SET roles = $3, stakeholder = $4 WHERE organization_id = $1 AND person_id = $2",
            )
            .bind(org.to_string())
            .bind(person.to_string())
            .bind(roles_to_string(roles))
            .bind(stakeholder.map(|s| s.id()))
            .execute(&mut *tx)
            .await?
            .rows_affected();
            if n == 0 {
                return Err(StoreError::NotFound("membership"));
            }
            Ok(())
        })?;
        self.membership(org, person)
            .await?
            .ok_or(StoreError::NotFound("membership"))
    }

    /// Ends a membership.
    pub async fn remove_membership(&self, org: Uuid, person: Uuid) -> Result<(), StoreError> {
        write_tx!(self, tx, {
            let n = sqlx::query(
                "DELETE FROM memberships WHERE organization_id = $1 AND person_id = $2",
            )
            .bind(org.to_string())
            .bind(person.to_string())
            .execute(&mut *tx)
            .await?
            .rows_affected();
            if n == 0 {
                return Err(StoreError::NotFound("membership"));
            }
            Ok(())
        })
    }

    /// A person's demographics, if they opted in.
    pub async fn demographics(&self, person: Uuid) -> Result<Option<Demographics>, StoreError> {
        let row = sqlx::query(
            "SELECT gender, birth_year, disability, informal_sector, overseas_worker \
             FROM demographics WHERE person_id = $1",
        )
        .bind(person.to_string())
        .fetch_optional(&self.pool)
        .await?;
        row.map(|r| {
            Ok(Demographics {
                gender: r
                    .try_get::<Option<String>, _>("gender")?
                    .and_then(|g| Gender::parse(&g).ok()),
                birth_year: r.try_get::<Option<i64>, _>("birth_year")?.map(|y| y as i32),
                disability: flag(&r, "disability")?,
                informal_sector: flag(&r, "informal_sector")?,
                overseas_worker: flag(&r, "overseas_worker")?,
            })
        })
        .transpose()
    }

    /// Opts a person in (or updates what they share); `None` opts out and erases the record.
    pub async fn set_demographics(
        &self,
        person: Uuid,
        d: Option<&Demographics>,
    ) -> Result<(), StoreError> {
        write_tx!(self, tx, {
            let exists: Option<String> = sqlx::query_scalar("SELECT id FROM people WHERE id = $1")
                .bind(person.to_string())
                .fetch_optional(&mut *tx)
                .await?;
            if exists.is_none() {
                return Err(StoreError::NotFound("person"));
            }
            sqlx::query("DELETE FROM demographics WHERE person_id = $1")
                .bind(person.to_string())
                .execute(&mut *tx)
                .await?;
            if let Some(d) = d {
                sqlx::query(
                    "INSERT INTO demographics (person_id, gender, birth_year, disability, informal_sector, \
                     overseas_worker, consented_at) VALUES ($1, $2, $3, $4, $5, $6, $7)",
                )
                .bind(person.to_string())
                .bind(d.gender.map(|g| g.id()))
                .bind(d.birth_year.map(i64::from))
                .bind(d.disability.map(i64::from))
                .bind(d.informal_sector.map(i64::from))
                .bind(d.overseas_worker.map(i64::from))
                .bind(now_micros())
                .execute(&mut *tx)
                .await?;
            }
            Ok(())
        })
    }

    /// Everything the permission rules need to know about a signed-in person.
    /// Remembered for a few seconds (`auth_cache`).
    pub async fn subject(&self, person: Uuid) -> Result<Subject, StoreError> {
        let epoch = self.auth.epoch();
        if let Some(s) = self.auth.people.get(&person, epoch) {
            return Ok(s);
        }
        let s = self
            .subject_from("SELECT id FROM people WHERE id = $1", &person.to_string())
            .await?
            .ok_or(StoreError::NotFound("person"))?;
        self.auth.people.put(person, s.clone(), epoch);
        Ok(s)
    }

    /// The subject owning the live API token with this digest, in one round trip: the hot path
    /// of every scripted request.
    /// Remembered for a few seconds (`auth_cache`): a revoked token stops working in this
    /// process at once, in others within 5 seconds.
    pub async fn subject_by_token(&self, token_hash: &str) -> Result<Option<Subject>, StoreError> {
        let epoch = self.auth.epoch();
        if let Some(s) = self.auth.tokens.get(token_hash, epoch) {
            return Ok(Some(s));
        }
        let s = self
            .subject_from(
                "SELECT person_id AS id FROM api_tokens WHERE token_hash = $1 AND revoked_at IS NULL",
                token_hash,
            )
            .await?;
        if let Some(s) = &s {
            self.auth
                .tokens
                .put(token_hash.to_string(), s.clone(), epoch);
        }
        Ok(s)
    }

    /// Builds a subject for the person that `source` (a query of one `id` column taking `$1`)
    /// selects; `None` when it selects nobody.
    async fn subject_from(&self, source: &str, key: &str) -> Result<Option<Subject>, StoreError> {
        let rows = sqlx::query(&format!(
            "SELECT s.id, m.organization_id, m.roles, o.kind FROM ({source}) s \
             LEFT JOIN memberships m ON m.person_id = s.id \
             LEFT JOIN organizations o ON o.id = m.organization_id"
        ))
        .bind(key)
        .fetch_all(&self.pool)
        .await?;
        let Some(first) = rows.first() else {
            return Ok(None);
        };
        let person = first.uuid(0)?;
        let mut memberships = HashMap::new();
        let mut administered_networks = Vec::new();
        for row in &rows {
            let Some(org) = row.try_get::<Option<String>, _>(1)? else {
                continue;
            };
            let org = parse_uuid(&org)?;
            let roles = roles_from_str(&row.try_get::<String, _>(2)?);
            let kind: String = row.try_get(3)?;
            if kind == OrgKind::Network.id() && roles.contains(&MembershipRole::Admin) {
                administered_networks.push(org);
            }
            memberships.insert(org, roles);
        }
        // Everything inside every network the person administers, in one walk of the tree
        // (one query however many networks: a steward who made many must not pay per network).
        let mut stewarded = HashSet::new();
        for chunk in administered_networks.chunks(500) {
            let placeholders = (1..=chunk.len())
                .map(|i| format!("${i}"))
                .collect::<Vec<_>>()
                .join(", ");
            // The one tree walk of the store, with many roots instead of one.
            debug_assert!(NETWORK_TREE.contains("network_id = $1"));
            let sql = format!(
                "{} SELECT id FROM tree",
                NETWORK_TREE.replace(
                    "network_id = $1",
                    &format!("network_id IN ({placeholders})")
                )
            );
            let mut q = sqlx::query_scalar::<_, String>(&sql);
            for n in chunk {
                q = q.bind(n.to_string());
            }
            for id in q.fetch_all(&self.pool).await? {
                stewarded.insert(parse_uuid(&id)?);
            }
        }
        // As before: the networks themselves are reached by membership, not stewardship.
        for n in &administered_networks {
            stewarded.remove(n);
        }
        Ok(Some(Subject {
            person_id: person,
            memberships,
            stewarded,
            client: None,
        }))
    }

    /// Number of organizations (0 while the database has no schema).
    pub async fn count_organizations(&self) -> Result<i64, StoreError> {
        if self.schema_version().await? == 0 {
            return Ok(0);
        }
        Ok(sqlx::query_scalar("SELECT COUNT(*) FROM organizations")
            .fetch_one(&self.pool)
            .await?)
    }

    /// Number of people; used by the demo and the health page.
    pub async fn count_people(&self) -> Result<i64, StoreError> {
        Ok(sqlx::query_scalar("SELECT COUNT(*) FROM people")
            .fetch_one(&self.pool)
            .await?)
    }
}

/// Today's date (UTC), for memberships that start now.
pub fn today_utc() -> Date {
    today(now_micros())
        .parse()
        .unwrap_or(Date::constant(1970, 1, 1))
}
