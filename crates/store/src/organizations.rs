//! Organizations and networks.

use bayanihan_domain::network_links::{self, LinkRefusal, Sides};
use bayanihan_domain::records::{NetworkMembership, Organization};
use bayanihan_domain::{
    CountryCode, Currency, Invalid, Latitude, Location, Longitude, NetworkMembershipStatus,
    OrgKind, OrganizationDraft, Qualifier, ValueChainRole,
};
use jiff::civil::Date;
use sqlx::any::AnyRow;
use sqlx::{Any, Row, Transaction};
use uuid::Uuid;

use crate::rows::{
    corrupt, date_text as parse_date, instant_micros as timestamp, BindDouble, Columns,
};
use crate::{now_micros, Store, StoreError};

/// Filters of the organization directory; `None` means "any".
#[derive(Debug, Clone, Default)]
pub struct OrganizationFilter {
    pub country: Option<CountryCode>,
    pub kind: Option<OrgKind>,
    /// Organizations inside this network, directly or through networks inside it.
    pub network: Option<Uuid>,
    pub qualifier: Option<Qualifier>,
    /// Case-insensitive substring of the name.
    pub name: Option<String>,
}

/// One page of a list, with the total that matched.
#[derive(Debug, Clone, PartialEq)]
pub struct Page<T> {
    pub items: Vec<T>,
    pub total: i64,
    pub limit: i64,
    pub offset: i64,
}

const ORG_COLUMNS: &str = "o.id, o.name, o.kind, o.legal_form, o.country, o.region, o.lat, o.lon, \
    o.currency, o.time_zone, o.languages, o.description, o.payment_instructions, o.created_at, o.updated_at";

/// The directory's filters as one static statement for every combination: each is
/// `($n IS NULL OR …)`, bound by [`bind_filters`].
const DIRECTORY_CONDITIONS: &str = "($2 IS NULL OR o.country = $2) \
      AND ($3 IS NULL OR o.kind = $3) \
      AND ($1 IS NULL OR o.id IN (SELECT id FROM tree)) \
      AND ($4 IS NULL OR EXISTS (SELECT 1 FROM organization_qualifiers q \
                                 WHERE q.organization_id = o.id AND q.qualifier = $4)) \
      AND ($5 IS NULL OR LOWER(o.name) LIKE $5)";

/// Organizations inside network `$1`, transitively, through active memberships. Shared by the
/// directory filter and the steward computation so the tree is walked one way only.
pub(crate) const NETWORK_TREE: &str = "WITH RECURSIVE tree (id) AS ( \
      SELECT member_id FROM network_memberships WHERE network_id = $1 AND status = 'active' \
      UNION \
      SELECT nm.member_id FROM network_memberships nm JOIN tree ON nm.network_id = tree.id \
      WHERE nm.status = 'active')";

fn org_from_row(
    row: &AnyRow,
    roles: Vec<ValueChainRole>,
    qualifiers: Vec<Qualifier>,
) -> Result<Organization, StoreError> {
    let lat: Option<f64> = row.try_get("lat")?;
    let lon: Option<f64> = row.try_get("lon")?;
    let location = match (lat, lon) {
        (Some(lat), Some(lon)) => Some(Location {
            lat: Latitude::parse(lat).map_err(|e| corrupt("lat", e))?,
            lon: Longitude::parse(lon).map_err(|e| corrupt("lon", e))?,
        }),
        _ => None,
    };
    let languages: String = row.try_get("languages")?;
    Ok(Organization {
        id: row.uuid("id")?,
        name: row.try_get("name")?,
        kind: OrgKind::parse(&row.try_get::<String, _>("kind")?).map_err(|e| corrupt("kind", e))?,
        roles,
        legal_form: row.try_get("legal_form")?,
        country: CountryCode::parse(&row.try_get::<String, _>("country")?)
            .map_err(|e| corrupt("country", e))?,
        region: row.try_get("region")?,
        location,
        currency: Currency::parse(&row.try_get::<String, _>("currency")?)
            .map_err(|e| corrupt("currency", e))?,
        time_zone: row.try_get("time_zone")?,
        languages: languages
            .split(',')
            .filter(|s| !s.is_empty())
            .map(str::to_string)
            .collect(),
        qualifiers,
        description: row.try_get("description")?,
        payment_instructions: row.try_get("payment_instructions")?,
        created_at: row.instant("created_at")?,
        updated_at: row.instant("updated_at")?,
    })
}

impl Store {
    /// Creates an organization; `creator`, when given, becomes its first admin.
    pub async fn create_organization(
        &self,
        draft: &OrganizationDraft,
        creator: Option<Uuid>,
    ) -> Result<Organization, StoreError> {
        let id = Uuid::new_v4();
        let now = now_micros();
        write_tx!(self, tx, {
            insert_org_fields(&mut tx, id, draft, now, true).await?;
            if let Some(person) = creator {
                sqlx::query(
                    "INSERT INTO memberships (id, person_id, organization_id, roles, stakeholder, since, created_at) \
                     VALUES ($1, $2, $3, 'admin', NULL, $4, $5)",
                )
                .bind(Uuid::new_v4().to_string())
                .bind(person.to_string())
                .bind(id.to_string())
                .bind(today(now))
                .bind(now)
                .execute(&mut *tx)
                .await?;
            }
            Ok(())
        })?;
        self.organization(id).await
    }

    /// Replaces an organization's editable fields.
    pub async fn update_organization(
        &self,
        id: Uuid,
        draft: &OrganizationDraft,
    ) -> Result<Organization, StoreError> {
        let now = now_micros();
        write_tx!(self, tx, {
            let Some(kind) = crate::kind_of(&mut tx, id).await? else {
                return Err(StoreError::NotFound("organization"));
            };
            if kind == OrgKind::Network.id() && draft.kind != OrgKind::Network {
                let members: i64 = sqlx::query_scalar(
                    "SELECT COUNT(*) FROM network_memberships WHERE network_id = $1 AND status <> 'ended'",
                )
                .bind(id.to_string())
                .fetch_one(&mut *tx)
                .await?;
                if members > 0 {
                    return Err(StoreError::Invalid(Invalid::field(
                        "kind",
                        "this network still has member organizations; end their memberships first",
                    )));
                }
            }
            if kind != OrgKind::Network.id() && draft.kind == OrgKind::Network {
                // The networks it belongs to accepted an organization, not a network: as a
                // network inside theirs its stewards' approvals would count on the public map
                // (see `publishing`), which nobody above agreed to.
                let links: i64 = sqlx::query_scalar(
                    "SELECT COUNT(*) FROM network_memberships WHERE member_id = $1 AND status <> 'ended'",
                )
                .bind(id.to_string())
                .fetch_one(&mut *tx)
                .await?;
                if links > 0 {
                    return Err(StoreError::Invalid(Invalid::field(
                        "kind",
                        "this organization is a member of a network; to become a network, leave it and ask to join again as one",
                    )));
                }
            }
            insert_org_fields(&mut tx, id, draft, now, false).await?;
            crate::publishing::profile_changed(&mut tx, id, now).await?;
            Ok(())
        })?;
        self.organization(id).await
    }

    /// One organization by id.
    pub async fn organization(&self, id: Uuid) -> Result<Organization, StoreError> {
        let row = sqlx::query(&format!(
            "SELECT {ORG_COLUMNS} FROM organizations o WHERE o.id = $1"
        ))
        .bind(id.to_string())
        .fetch_optional(&self.pool)
        .await?
        .ok_or(StoreError::NotFound("organization"))?;
        let mut orgs = self.hydrate(vec![row]).await?;
        orgs.pop().ok_or(StoreError::NotFound("organization"))
    }

    /// Organizations by id (unknown ids are left out); at most 500 ids a call.
    pub(crate) async fn organizations_by_id(
        &self,
        ids: &[Uuid],
    ) -> Result<std::collections::HashMap<Uuid, Organization>, StoreError> {
        if ids.is_empty() {
            return Ok(Default::default());
        }
        let placeholders = (1..=ids.len())
            .map(|i| format!("${i}"))
            .collect::<Vec<_>>()
            .join(", ");
        let sql =
            format!("SELECT {ORG_COLUMNS} FROM organizations o WHERE o.id IN ({placeholders})");
        let mut q = sqlx::query(&sql);
        for id in ids {
            q = q.bind(id.to_string());
        }
        let rows = q.fetch_all(&self.pool).await?;
        Ok(self
            .hydrate(rows)
            .await?
            .into_iter()
            .map(|o| (o.id, o))
            .collect())
    }

    /// Names of organizations by id, in one query per 500 ids (unknown ids are left out).
    pub async fn organization_names(
        &self,
        ids: &[Uuid],
    ) -> Result<std::collections::HashMap<Uuid, String>, StoreError> {
        self.names_in("organizations", ids).await
    }

    /// Names of people by id, as [`organization_names`](Self::organization_names).
    pub async fn person_names(
        &self,
        ids: &[Uuid],
    ) -> Result<std::collections::HashMap<Uuid, String>, StoreError> {
        self.names_in("people", ids).await
    }

    async fn names_in(
        &self,
        table: &'static str,
        ids: &[Uuid],
    ) -> Result<std::collections::HashMap<Uuid, String>, StoreError> {
        let mut out = std::collections::HashMap::new();
        let mut unique: Vec<Uuid> = ids.to_vec();
        unique.sort();
        unique.dedup();
        for chunk in unique.chunks(500) {
            let placeholders = (1..=chunk.len())
                .map(|i| format!("${i}"))
                .collect::<Vec<_>>()
                .join(", ");
            let sql = format!("SELECT id, name FROM {table} WHERE id IN ({placeholders})");
            let mut q = sqlx::query(&sql);
            for id in chunk {
                q = q.bind(id.to_string());
            }
            for row in q.fetch_all(&self.pool).await? {
                out.insert(row.uuid(0)?, row.try_get(1)?);
            }
        }
        Ok(out)
    }

    /// The organization with exactly this name, if any (the first by id when several share it).
    pub async fn organization_by_name(
        &self,
        name: &str,
    ) -> Result<Option<Organization>, StoreError> {
        let row = sqlx::query(&format!(
            "SELECT {ORG_COLUMNS} FROM organizations o WHERE o.name = $1 ORDER BY o.id LIMIT 1"
        ))
        .bind(name)
        .fetch_optional(&self.pool)
        .await?;
        match row {
            Some(row) => Ok(self.hydrate(vec![row]).await?.pop()),
            None => Ok(None),
        }
    }

    /// The ids of every organization with exactly this name (names are not unique: a command
    /// that takes a name refuses one that names several).
    pub async fn organization_ids_named(&self, name: &str) -> Result<Vec<Uuid>, StoreError> {
        let rows = sqlx::query("SELECT id FROM organizations WHERE name = $1 ORDER BY id")
            .bind(name)
            .fetch_all(&self.pool)
            .await?;
        rows.iter().map(|r| r.uuid(0)).collect()
    }

    /// Every organization matching `filter`, by name, in one pass (an export: no count, no
    /// pages; roles and qualifiers read 500 organizations at a time).
    pub async fn all_organizations(
        &self,
        filter: &OrganizationFilter,
    ) -> Result<Vec<Organization>, StoreError> {
        let name_pattern = filter.name.as_ref().map(|n| {
            let escaped = n.to_lowercase().replace(['%', '_'], "");
            format!("%{escaped}%")
        });
        let sql = format!(
            "{NETWORK_TREE} SELECT {ORG_COLUMNS} FROM organizations o WHERE {DIRECTORY_CONDITIONS} \
             ORDER BY o.name, o.id"
        );
        let rows = bind_filters(sqlx::query(&sql), filter, &name_pattern)
            .fetch_all(&self.pool)
            .await?;
        let mut out = Vec::with_capacity(rows.len());
        let mut rows = rows.into_iter();
        loop {
            let chunk: Vec<AnyRow> = rows.by_ref().take(500).collect();
            if chunk.is_empty() {
                break;
            }
            out.extend(self.hydrate(chunk).await?);
        }
        Ok(out)
    }

    /// The directory: organizations matching `filter`, by name, one page at a time.
    pub async fn list_organizations(
        &self,
        filter: &OrganizationFilter,
        limit: i64,
        offset: i64,
    ) -> Result<Page<Organization>, StoreError> {
        let limit = limit.clamp(1, 200);
        let offset = offset.max(0);
        let conditions = DIRECTORY_CONDITIONS;
        let name_pattern = filter.name.as_ref().map(|n| {
            let escaped = n.to_lowercase().replace(['%', '_'], "");
            format!("%{escaped}%")
        });
        let count_sql =
            format!("{NETWORK_TREE} SELECT COUNT(*) FROM organizations o WHERE {conditions}");
        let total: i64 = bind_filters(sqlx::query(&count_sql), filter, &name_pattern)
            .fetch_one(&self.pool)
            .await?
            .try_get(0)?;
        let list_sql = format!(
            "{NETWORK_TREE} SELECT {ORG_COLUMNS} FROM organizations o WHERE {conditions} \
             ORDER BY o.name, o.id LIMIT $6 OFFSET $7"
        );
        let rows = bind_filters(sqlx::query(&list_sql), filter, &name_pattern)
            .bind(limit)
            .bind(offset)
            .fetch_all(&self.pool)
            .await?;
        Ok(Page {
            items: self.hydrate(rows).await?,
            total,
            limit,
            offset,
        })
    }

    /// Adds roles and qualifiers to organization rows, with one query each for the whole page.
    async fn hydrate(&self, rows: Vec<AnyRow>) -> Result<Vec<Organization>, StoreError> {
        if rows.is_empty() {
            return Ok(Vec::new());
        }
        let ids: Vec<String> = rows
            .iter()
            .map(|r| r.try_get::<String, _>("id"))
            .collect::<Result<_, _>>()?;
        let placeholders = (1..=ids.len())
            .map(|i| format!("${i}"))
            .collect::<Vec<_>>()
            .join(", ");
        let mut roles: std::collections::HashMap<String, Vec<ValueChainRole>> = Default::default();
        let mut quals: std::collections::HashMap<String, Vec<Qualifier>> = Default::default();
        for (table, column) in [
            ("organization_roles", "role"),
            ("organization_qualifiers", "qualifier"),
        ] {
            let sql = format!(
                "SELECT organization_id, {column} FROM {table} WHERE organization_id IN ({placeholders}) \
                 ORDER BY organization_id, {column}"
            );
            let mut q = sqlx::query(&sql);
            for id in &ids {
                q = q.bind(id.clone());
            }
            for row in q.fetch_all(&self.pool).await? {
                let org: String = row.try_get(0)?;
                let value: String = row.try_get(1)?;
                if table == "organization_roles" {
                    roles
                        .entry(org)
                        .or_default()
                        .push(ValueChainRole::parse(&value).map_err(|e| corrupt("role", e))?);
                } else {
                    quals
                        .entry(org)
                        .or_default()
                        .push(Qualifier::parse(&value).map_err(|e| corrupt("qualifier", e))?);
                }
            }
        }
        rows.iter()
            .zip(&ids)
            .map(|(row, id)| {
                let mut r = roles.remove(id).unwrap_or_default();
                r.sort();
                let mut q = quals.remove(id).unwrap_or_default();
                q.sort();
                org_from_row(row, r, q)
            })
            .collect()
    }

    /// Puts `member` into `network` as an active member, both sides having agreed already
    /// (the demo, imports, tests). A person's request goes through [`Store::request_network_link`].
    pub async fn add_network_member(
        &self,
        network: Uuid,
        member: Uuid,
        since: Date,
    ) -> Result<NetworkMembership, StoreError> {
        let both = Sides {
            network: true,
            member: true,
        };
        self.request_network_link(network, member, since, both)
            .await
    }

    /// One side asks for `member`'s link into `network` (`by` says which sides the person
    /// speaks for, see [`bayanihan_domain::network_links`]): an invitation, an application, or
    /// the acceptance of the other side's request. The rule is applied to the link as it is
    /// inside the write transaction, so two requests cannot both pass.
    pub async fn request_network_link(
        &self,
        network: Uuid,
        member: Uuid,
        since: Date,
        by: Sides,
    ) -> Result<NetworkMembership, StoreError> {
        let now = now_micros();
        let id = Uuid::new_v4();
        write_tx!(self, tx, {
            let kind: Option<String> =
                sqlx::query_scalar("SELECT kind FROM organizations WHERE id = $1")
                    .bind(network.to_string())
                    .fetch_optional(&mut *tx)
                    .await?;
            match kind {
                None => return Err(StoreError::NotFound("network")),
                Some(k) if k != OrgKind::Network.id() => {
                    return Err(StoreError::Invalid(Invalid::field(
                        "network",
                        "only an organization of kind \"network\" can have member organizations",
                    )))
                }
                _ => {}
            }
            let exists: Option<String> =
                sqlx::query_scalar("SELECT id FROM organizations WHERE id = $1")
                    .bind(member.to_string())
                    .fetch_optional(&mut *tx)
                    .await?;
            if exists.is_none() {
                return Err(StoreError::Invalid(Invalid::field(
                    "member_id",
                    "no organization has this id",
                )));
            }
            // A network may not end up inside itself: is `network` already inside `member`?
            let loops: i64 = sqlx::query_scalar(&format!(
                "{NETWORK_TREE} SELECT COUNT(*) FROM tree WHERE id = $2"
            ))
            .bind(member.to_string())
            .bind(network.to_string())
            .fetch_one(&mut *tx)
            .await?;
            if loops > 0 || member == network {
                return Err(StoreError::Invalid(Invalid::field(
                    "member_id",
                    "this would put the network inside itself",
                )));
            }
            let existing = link_status(&mut tx, network, member).await?;
            let status = network_links::request(existing, by).map_err(refusal)?;
            if existing.is_some() {
                sqlx::query(
                    "UPDATE network_memberships SET status = $3, since = $4, until = NULL \
                     WHERE network_id = $1 AND member_id = $2",
                )
                .bind(network.to_string())
                .bind(member.to_string())
                .bind(status.id())
                .bind(since.to_string())
                .execute(&mut *tx)
                .await?;
            } else {
                sqlx::query(
                    "INSERT INTO network_memberships (id, network_id, member_id, since, until, status, created_at) \
                     VALUES ($1, $2, $3, $4, NULL, $6, $5)",
                )
                .bind(id.to_string())
                .bind(network.to_string())
                .bind(member.to_string())
                .bind(since.to_string())
                .bind(now)
                .bind(status.id())
                .execute(&mut *tx)
                .await?;
            }
            Ok(())
        })?;
        self.network_membership(network, member).await
    }

    /// One side changes a link: accepts the other side's request (`active`, from `on`),
    /// suspends or lifts a suspension, or ends it (leaving, removing, declining, withdrawing;
    /// `until` = `on`). The rule is applied inside the write transaction.
    pub async fn change_network_link(
        &self,
        network: Uuid,
        member: Uuid,
        to: NetworkMembershipStatus,
        on: Date,
        by: Sides,
    ) -> Result<NetworkMembership, StoreError> {
        use NetworkMembershipStatus as S;
        write_tx!(self, tx, {
            let current = link_status(&mut tx, network, member)
                .await?
                .ok_or(StoreError::NotFound("network membership"))?;
            let next = network_links::change(current, to, by).map_err(refusal)?;
            if next == current {
                return Ok(());
            }
            // Accepting a request starts the membership; ending it records when.
            let (since, until) = match (current, next) {
                (S::Invited | S::Applied, S::Active) => (Some(on.to_string()), None),
                (_, S::Ended) => (None, Some(on.to_string())),
                _ => (None, None),
            };
            sqlx::query(
                "UPDATE network_memberships SET status = $3, until = $4, since = COALESCE($5, since) \
                 WHERE network_id = $1 AND member_id = $2",
            )
            .bind(network.to_string())
            .bind(member.to_string())
            .bind(next.id())
            .bind(until)
            .bind(since)
            .execute(&mut *tx)
            .await?;
            Ok(())
        })?;
        self.network_membership(network, member).await
    }

    /// Sets the status of a membership in a network without asking either side (operators'
    /// tools and tests); ending it records `until`. People go through
    /// [`Store::change_network_link`].
    pub async fn set_network_membership_status(
        &self,
        network: Uuid,
        member: Uuid,
        status: NetworkMembershipStatus,
        until: Option<Date>,
    ) -> Result<NetworkMembership, StoreError> {
        write_tx!(self, tx, {
            let n = sqlx::query(
                "UPDATE network_memberships SET status = $3, until = $4 WHERE network_id = $1 AND member_id = $2",
            )
            .bind(network.to_string())
            .bind(member.to_string())
            .bind(status.id())
            .bind(until.map(|d| d.to_string()))
            .execute(&mut *tx)
            .await?
            .rows_affected();
            if n == 0 {
                return Err(StoreError::NotFound("network membership"));
            }
            Ok(())
        })?;
        self.network_membership(network, member).await
    }

    async fn network_membership(
        &self,
        network: Uuid,
        member: Uuid,
    ) -> Result<NetworkMembership, StoreError> {
        let row = sqlx::query(
            "SELECT id, network_id, member_id, since, until, status FROM network_memberships \
             WHERE network_id = $1 AND member_id = $2",
        )
        .bind(network.to_string())
        .bind(member.to_string())
        .fetch_optional(&self.pool)
        .await?
        .ok_or(StoreError::NotFound("network membership"))?;
        network_membership_from_row(&row)
    }

    /// The networks an organization belongs to, and the members of a network.
    pub async fn network_memberships_of(
        &self,
        org: Uuid,
    ) -> Result<Vec<NetworkMembership>, StoreError> {
        let rows = sqlx::query(
            "SELECT id, network_id, member_id, since, until, status FROM network_memberships \
             WHERE member_id = $1 OR network_id = $1 ORDER BY since, id",
        )
        .bind(org.to_string())
        .fetch_all(&self.pool)
        .await?;
        rows.iter().map(network_membership_from_row).collect()
    }
}

/// Binds the directory filters as `$1…$5`, in the order the conditions name them.
fn bind_filters<'q>(
    q: sqlx::query::Query<'q, Any, sqlx::any::AnyArguments<'q>>,
    filter: &OrganizationFilter,
    name_pattern: &Option<String>,
) -> sqlx::query::Query<'q, Any, sqlx::any::AnyArguments<'q>> {
    q.bind(filter.network.map(|n| n.to_string()))
        .bind(filter.country.map(|c| c.code().to_string()))
        .bind(filter.kind.map(|k| k.id().to_string()))
        .bind(filter.qualifier.map(|q| q.id().to_string()))
        .bind(name_pattern.clone())
}

fn network_membership_from_row(row: &AnyRow) -> Result<NetworkMembership, StoreError> {
    Ok(NetworkMembership {
        id: row.uuid("id")?,
        network_id: row.uuid("network_id")?,
        member_id: row.uuid("member_id")?,
        since: row.date("since")?,
        until: row
            .try_get::<Option<String>, _>("until")?
            .map(|d| parse_date(&d))
            .transpose()?,
        status: NetworkMembershipStatus::parse(&row.try_get::<String, _>("status")?)
            .map_err(|e| corrupt("status", e))?,
    })
}

/// Today's UTC date for a time in microseconds.
pub(crate) fn today(micros: i64) -> String {
    timestamp(micros)
        .map(|t| t.to_zoned(jiff::tz::TimeZone::UTC).date().to_string())
        .unwrap_or_else(|_| "1970-01-01".into())
}

/// Writes the organization's row (insert or update) and replaces its roles and qualifiers.
pub(crate) async fn insert_org_fields(
    tx: &mut Transaction<'static, Any>,
    id: Uuid,
    d: &OrganizationDraft,
    now: i64,
    insert: bool,
) -> Result<(), StoreError> {
    let sql = if insert {
        "INSERT INTO organizations (id, name, kind, legal_form, country, region, lat, lon, currency, \
         time_zone, languages, description, created_at, updated_at, payment_instructions) \
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $13, $14)"
    } else {
        "UPDATE organizations SET name = $2, kind = $3, legal_form = $4, country = $5, region = $6, \
         lat = $7, lon = $8, currency = $9, time_zone = $10, languages = $11, description = $12, \
         updated_at = $13, payment_instructions = $14 WHERE id = $1"
    };
    sqlx::query(sql)
        .bind(id.to_string())
        .bind(d.name.clone())
        .bind(d.kind.id())
        .bind(d.legal_form.clone())
        .bind(d.country.code())
        .bind(d.region.clone())
        .bind_double(d.location.map(|l| l.lat.degrees()))
        .bind_double(d.location.map(|l| l.lon.degrees()))
        .bind(d.currency.code())
        .bind(d.time_zone.clone())
        .bind(d.languages.join(","))
        .bind(d.description.clone())
        .bind(now)
        .bind(d.payment_instructions.clone())
        .execute(&mut **tx)
        .await?;
    for (table, column, values) in [
        (
            "organization_roles",
            "role",
            d.roles.iter().map(|r| r.id()).collect::<Vec<_>>(),
        ),
        (
            "organization_qualifiers",
            "qualifier",
            d.qualifiers.iter().map(|q| q.id()).collect(),
        ),
    ] {
        // A new organization has none to clear.
        if !insert {
            sqlx::query(&format!("DELETE FROM {table} WHERE organization_id = $1"))
                .bind(id.to_string())
                .execute(&mut **tx)
                .await?;
        }
        for v in values {
            sqlx::query(&format!(
                "INSERT INTO {table} (organization_id, {column}) VALUES ($1, $2)"
            ))
            .bind(id.to_string())
            .bind(v)
            .execute(&mut **tx)
            .await?;
        }
    }
    Ok(())
}

/// The status of the link between `network` and `member`, if there is one.
async fn link_status(
    tx: &mut Transaction<'static, Any>,
    network: Uuid,
    member: Uuid,
) -> Result<Option<NetworkMembershipStatus>, StoreError> {
    let status: Option<String> = sqlx::query_scalar(
        "SELECT status FROM network_memberships WHERE network_id = $1 AND member_id = $2",
    )
    .bind(network.to_string())
    .bind(member.to_string())
    .fetch_optional(&mut **tx)
    .await?;
    status
        .map(|s| {
            NetworkMembershipStatus::parse(&s).map_err(|e| corrupt("network membership status", e))
        })
        .transpose()
}

fn refusal(r: LinkRefusal) -> StoreError {
    match r {
        LinkRefusal::NotYourSide(m) => StoreError::Forbidden(m.into()),
        LinkRefusal::Conflict(c) => StoreError::Conflict(bayanihan_domain::Conflict::Link(c)),
        LinkRefusal::NotSettable(m) => StoreError::Invalid(Invalid::field("status", m)),
    }
}
