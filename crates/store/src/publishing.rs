//! Being seen outside the platform: an organization's own choice to publish itself (the public
//! map, ESSGlobal, Murmurations), a network steward's approval for the network's map, the
//! points of the map, and the outbox of the Murmurations index registration.
//!
//! Nothing here decides who may publish: the use cases do. What the store guarantees is that
//! a publication, its outbox row and an approval change together or not at all.

use bayanihan_domain::records::Organization;
use bayanihan_domain::{CountryCode, OrgKind, Qualifier, ValueChainRole};
use std::collections::HashSet;

use jiff::Timestamp;
use sqlx::Row;
use uuid::Uuid;

use crate::rows::Columns;
use crate::{now_micros, Store, StoreError};

/// An organization's choice to be published.
#[derive(Debug, Clone, PartialEq)]
pub struct Publication {
    pub organization_id: Uuid,
    /// The organization's own website, when it has one (Murmurations' `primary_url`).
    pub website: Option<String>,
    /// Whether its counts of women and men members may be published (ESSGlobal `totalWomen`,
    /// `totalMen`), small counts suppressed.
    pub gender_counts: bool,
    pub published_by: Uuid,
    pub published_at: Timestamp,
    pub updated_at: Timestamp,
}

/// What the public map and the indexes may show of a published organization.
#[derive(Debug, Clone, PartialEq)]
pub struct Listed {
    pub organization: Organization,
    pub publication: Publication,
}

/// A point of the public map: a published, approved organization, or a pickup point of an
/// open cycle that such an organization runs.
#[derive(Debug, Clone, PartialEq)]
pub struct MapPoint {
    /// The organization (for a pickup point: the organization that runs its cycle).
    pub organization_id: Uuid,
    pub name: String,
    pub kind: Option<OrgKind>,
    pub country: CountryCode,
    pub region: Option<String>,
    pub lat: f64,
    pub lon: f64,
    /// `None` for an organization; the pickup point's id for a pickup point.
    pub pickup_point: Option<Uuid>,
}

/// Filters of the map; `None` means "any".
#[derive(Debug, Clone, Default)]
pub struct MapFilter {
    /// Only organizations approved in this network's tree.
    pub network: Option<Uuid>,
    pub kind: Option<OrgKind>,
    pub qualifier: Option<Qualifier>,
    pub role: Option<ValueChainRole>,
    pub country: Option<CountryCode>,
    /// Only what a drawing needs (the kind and region are left out): the map of a whole
    /// network reads 100,000 rows, and every column read costs.
    pub drawing: bool,
}

/// One row of the Murmurations outbox that needs work.
#[derive(Debug, Clone, PartialEq)]
pub struct NodeTask {
    pub organization_id: Uuid,
    /// Whether the index should hold the profile (`true`) or forget it.
    pub present: bool,
    pub node_id: Option<String>,
    pub attempts: i64,
    /// The row's change count when read: the try's outcome is recorded only if no change
    /// came since.
    pub generation: i64,
}

/// What the index registration last did for an organization.
#[derive(Debug, Clone, PartialEq)]
pub struct NodeState {
    pub present: bool,
    pub pending: bool,
    pub node_id: Option<String>,
    pub last_status: Option<String>,
    pub last_error: Option<String>,
    pub synced_at: Option<Timestamp>,
}

/// The networks whose approvals count, and the tree of network `$1`.
///
/// `recognised`: the networks the operator recognised and the member networks inside them
/// (each link accepted by the stewards above). Anyone may register a network, so an approval
/// by any other network would let a network made for it put spam on the public map.
/// `tree`: network `$1` and the member networks inside it (none when `$1` is NULL).
/// The recursion follows networks only: a network of 100,000 members has few of them.
const NETWORKS: &str = "WITH RECURSIVE tree (id) AS ( \
      SELECT id FROM organizations WHERE id = $1 \
      UNION \
      SELECT nm.member_id FROM network_memberships nm JOIN tree ON nm.network_id = tree.id \
      JOIN organizations m ON m.id = nm.member_id AND m.kind = 'network' \
      WHERE nm.status = 'active'), \
    recognised (id) AS ( \
      SELECT network_id FROM recognised_networks \
      UNION \
      SELECT nm.member_id FROM network_memberships nm JOIN recognised r ON nm.network_id = r.id \
      JOIN organizations m ON m.id = nm.member_id AND m.kind = 'network' \
      WHERE nm.status = 'active')";

/// An approval `nm` that counts: an active link, approved, by a recognised network (within
/// network `$1`'s tree when it is given).
const APPROVAL_COUNTS: &str = "nm.status = 'active' AND nm.listing_approved_at IS NOT NULL \
      AND nm.network_id IN (SELECT id FROM recognised) \
      AND ($1 IS NULL OR nm.network_id IN (SELECT id FROM tree))";

/// Published, approved organizations: published by their own admin, and approved by a steward
/// of a recognised network they are an active member of (within network `$1`'s tree when it is
/// given).
fn listed() -> String {
    format!(
        "{NETWORKS}, listed (id) AS ( \
           SELECT DISTINCT nm.member_id FROM network_memberships nm \
           JOIN publications p ON p.organization_id = nm.member_id \
           WHERE {APPROVAL_COUNTS})"
    )
}

fn publication_from_row(row: &sqlx::any::AnyRow) -> Result<Publication, StoreError> {
    Ok(Publication {
        organization_id: row.uuid("organization_id")?,
        website: row.try_get("website")?,
        gender_counts: row.try_get::<i64, _>("gender_counts")? != 0,
        published_by: row.uuid("published_by")?,
        published_at: row.instant("published_at")?,
        updated_at: row.instant("updated_at")?,
    })
}

const PUBLICATION_COLUMNS: &str =
    "organization_id, website, gender_counts, published_by, published_at, updated_at";

impl Store {
    /// Publishes an organization (or changes how), and asks the index registration to send its
    /// profile. Returns the publication.
    pub async fn publish(
        &self,
        org: Uuid,
        website: Option<&str>,
        gender_counts: bool,
        by: Uuid,
    ) -> Result<Publication, StoreError> {
        let now = now_micros();
        write_tx!(self, tx, {
            if crate::kind_of(&mut tx, org).await?.is_none() {
                return Err(StoreError::NotFound("organization"));
            }
            sqlx::query(
                "INSERT INTO publications (organization_id, website, gender_counts, published_by, published_at, updated_at) \
                 VALUES ($1, $2, $3, $4, $5, $5) \
                 ON CONFLICT (organization_id) DO UPDATE SET website = $2, gender_counts = $3, updated_at = $5",
            )
            .bind(org.to_string())
            .bind(website)
            .bind(i64::from(gender_counts))
            .bind(by.to_string())
            .bind(now)
            .execute(&mut *tx)
            .await?;
            want_node(&mut tx, org, "present", now).await?;
            Ok(())
        })?;
        self.publication(org)
            .await?
            .ok_or(StoreError::NotFound("publication"))
    }

    /// Unpublishes an organization: it leaves the map and the indexes, and the index
    /// registration is asked to delete its node. Returns whether it was published.
    pub async fn unpublish(&self, org: Uuid) -> Result<bool, StoreError> {
        let now = now_micros();
        write_tx!(self, tx, {
            let n = sqlx::query("DELETE FROM publications WHERE organization_id = $1")
                .bind(org.to_string())
                .execute(&mut *tx)
                .await?
                .rows_affected();
            if n > 0 {
                want_node(&mut tx, org, "absent", now).await?;
            }
            Ok(n > 0)
        })
    }

    /// An organization's publication, when it is published.
    pub async fn publication(&self, org: Uuid) -> Result<Option<Publication>, StoreError> {
        let row = sqlx::query(&format!(
            "SELECT {PUBLICATION_COLUMNS} FROM publications WHERE organization_id = $1"
        ))
        .bind(org.to_string())
        .fetch_optional(&self.pool)
        .await?;
        row.as_ref().map(publication_from_row).transpose()
    }

    /// A published organization with its publication; `None` when it is not published.
    pub async fn published(&self, org: Uuid) -> Result<Option<Listed>, StoreError> {
        let Some(publication) = self.publication(org).await? else {
            return Ok(None);
        };
        let organization = self.organization(org).await?;
        Ok(Some(Listed {
            organization,
            publication,
        }))
    }

    /// Approves (or withdraws approval of) a member for the network's map. The link must be
    /// active. Returns whether anything changed.
    pub async fn approve_listing(
        &self,
        network: Uuid,
        member: Uuid,
        approve: bool,
        by: Uuid,
    ) -> Result<bool, StoreError> {
        let now = now_micros();
        write_tx!(self, tx, {
            let status: Option<String> = sqlx::query_scalar(
                "SELECT status FROM network_memberships WHERE network_id = $1 AND member_id = $2",
            )
            .bind(network.to_string())
            .bind(member.to_string())
            .fetch_optional(&mut *tx)
            .await?;
            match status.as_deref() {
                None => return Err(StoreError::NotFound("network membership")),
                Some("active") => {}
                Some(_) => {
                    return Err(StoreError::Conflict(bayanihan_domain::Conflict::Link(
                        bayanihan_domain::network_links::LinkConflict::NotActiveForMap,
                    )))
                }
            }
            let q = if approve {
                sqlx::query(
                    "UPDATE network_memberships SET listing_approved_at = $3, listing_approved_by = $4 \
                     WHERE network_id = $1 AND member_id = $2 AND listing_approved_at IS NULL",
                )
                .bind(network.to_string())
                .bind(member.to_string())
                .bind(now)
                .bind(by.to_string())
            } else {
                sqlx::query(
                    "UPDATE network_memberships SET listing_approved_at = NULL, listing_approved_by = NULL \
                     WHERE network_id = $1 AND member_id = $2 AND listing_approved_at IS NOT NULL",
                )
                .bind(network.to_string())
                .bind(member.to_string())
            };
            let n = q.execute(&mut *tx).await?.rows_affected();
            Ok(n > 0)
        })
    }

    /// Recognises a network for the public map (or withdraws that): the operator's word that
    /// its stewards' approvals count there. Returns whether anything changed.
    pub async fn recognise_network(
        &self,
        network: Uuid,
        recognise: bool,
    ) -> Result<bool, StoreError> {
        let now = now_micros();
        write_tx!(self, tx, {
            if crate::kind_of(&mut tx, network).await?.as_deref() != Some("network") {
                return Err(StoreError::NotFound("network"));
            }
            let q = if recognise {
                sqlx::query(
                    "INSERT INTO recognised_networks (network_id, recognised_at) VALUES ($1, $2) \
                     ON CONFLICT (network_id) DO NOTHING",
                )
                .bind(network.to_string())
                .bind(now)
            } else {
                sqlx::query("DELETE FROM recognised_networks WHERE network_id = $1")
                    .bind(network.to_string())
            };
            Ok(q.execute(&mut *tx).await?.rows_affected() > 0)
        })
    }

    /// Whether a network's approvals count on the public map: it is recognised, or an active
    /// member network inside a recognised one.
    pub async fn approvals_count(&self, network: Uuid) -> Result<bool, StoreError> {
        let n: i64 = sqlx::query_scalar(&format!(
            "{NETWORKS} SELECT COUNT(*) FROM recognised WHERE id = $2"
        ))
        .bind(None::<String>)
        .bind(network.to_string())
        .fetch_one(&self.pool)
        .await?;
        Ok(n > 0)
    }

    /// The networks whose approvals count on the public map (recognised, or inside a
    /// recognised one), with their names, by name: the map's choice of network.
    pub async fn counted_networks(&self) -> Result<Vec<(Uuid, String)>, StoreError> {
        let rows = sqlx::query(&format!(
            "{NETWORKS} SELECT o.id, o.name FROM recognised r JOIN organizations o ON o.id = r.id \
             WHERE $1 IS NULL ORDER BY o.name, o.id"
        ))
        .bind(None::<String>)
        .fetch_all(&self.pool)
        .await?;
        rows.iter()
            .map(|r| Ok((r.uuid(0)?, r.try_get(1)?)))
            .collect()
    }

    /// The networks the operator recognised, with when.
    pub async fn recognised_networks(&self) -> Result<Vec<(Uuid, Timestamp)>, StoreError> {
        let rows = sqlx::query(
            "SELECT network_id, recognised_at FROM recognised_networks ORDER BY recognised_at",
        )
        .fetch_all(&self.pool)
        .await?;
        rows.iter()
            .map(|r| Ok((r.uuid(0)?, crate::rows::instant_micros(r.try_get(1)?)?)))
            .collect()
    }

    /// The members of a network with whether each is published and approved for its map, by
    /// member id: `(published, approved)`.
    pub async fn listing_states(
        &self,
        network: Uuid,
    ) -> Result<std::collections::HashMap<Uuid, (bool, bool)>, StoreError> {
        let rows = sqlx::query(
            "SELECT nm.member_id, \
                    CASE WHEN p.organization_id IS NULL THEN 0 ELSE 1 END AS published, \
                    CASE WHEN nm.listing_approved_at IS NULL THEN 0 ELSE 1 END AS approved \
             FROM network_memberships nm \
             LEFT JOIN publications p ON p.organization_id = nm.member_id \
             WHERE nm.network_id = $1",
        )
        .bind(network.to_string())
        .fetch_all(&self.pool)
        .await?;
        rows.iter()
            .map(|r| {
                Ok((
                    r.uuid(0)?,
                    (r.try_get::<i64, _>(1)? != 0, r.try_get::<i64, _>(2)? != 0),
                ))
            })
            .collect()
    }

    /// The points of the public map, by name: published, approved organizations with a
    /// location, then the pickup points of the open cycles they run.
    ///
    /// Which organizations may show is read as two lists of ids (approved by a network whose
    /// approvals count, published) and joined here with the organizations read in one pass:
    /// for the map of a whole network, 100,000 rows, three scans cost a third of what
    /// 200,000 index lookups from SQL did.
    pub async fn map_points(&self, filter: &MapFilter) -> Result<Vec<MapPoint>, StoreError> {
        let approved: HashSet<Uuid> = self
            .read_ids(
                format!(
                    "{NETWORKS}, approvers (id) AS ( \
                       SELECT id FROM recognised WHERE $1 IS NULL OR id IN (SELECT id FROM tree)) \
                     SELECT nm.member_id FROM approvers a \
                     JOIN network_memberships nm ON nm.network_id = a.id \
                     WHERE nm.status = 'active' AND nm.listing_approved_at IS NOT NULL"
                ),
                vec![filter.network.map(|n| n.to_string())],
            )
            .await?
            .into_iter()
            .collect();
        if approved.is_empty() {
            return Ok(Vec::new());
        }
        let listed: HashSet<Uuid> = self
            .read_ids("SELECT organization_id FROM publications".into(), vec![])
            .await?
            .into_iter()
            .filter(|id| approved.contains(id))
            .collect();
        let conditions = "($1 IS NULL OR o.kind = $1) \
              AND ($2 IS NULL OR EXISTS (SELECT 1 FROM organization_qualifiers q \
                                         WHERE q.organization_id = o.id AND q.qualifier = $2)) \
              AND ($3 IS NULL OR EXISTS (SELECT 1 FROM organization_roles r \
                                         WHERE r.organization_id = o.id AND r.role = $3)) \
              AND ($4 IS NULL OR o.country = $4)";
        let (kind, region) = if filter.drawing {
            ("NULL", "NULL")
        } else {
            ("o.kind", "o.region")
        };
        let params: Vec<Option<String>> = vec![
            filter.kind.map(|k| k.id().to_string()),
            filter.qualifier.map(|q| q.id().to_string()),
            filter.role.map(|r| r.id().to_string()),
            filter.country.map(|c| c.code().to_string()),
        ];
        let organizations = format!(
            "SELECT o.id, o.name, {kind}, o.country, {region}, o.lat, o.lon, NULL AS pickup \
             FROM organizations o \
             WHERE o.lat IS NOT NULL AND o.lon IS NOT NULL AND {conditions}"
        );
        let mut points = Vec::with_capacity(listed.len());
        // A few organizations of a large server are looked up; many are read in one pass.
        if listed.len() <= 2_000 {
            let ids: Vec<Uuid> = listed.iter().copied().collect();
            for chunk in ids.chunks(500) {
                let marks: Vec<String> = (0..chunk.len()).map(|i| format!("${}", i + 5)).collect();
                let mut p = params.clone();
                p.extend(chunk.iter().map(|id| Some(id.to_string())));
                points.extend(
                    self.read_points(
                        format!("{organizations} AND o.id IN ({})", marks.join(", ")),
                        p,
                    )
                    .await?,
                );
            }
        } else {
            points.extend(
                self.read_points(organizations, params.clone())
                    .await?
                    .into_iter()
                    .filter(|p| listed.contains(&p.organization_id)),
            );
        }
        points.extend(
            self.read_points(
                format!(
                    "SELECT o.id, pp.name, NULL, o.country, {region}, pp.lat, pp.lon, pp.id \
                     FROM cycles c JOIN pickup_points pp ON pp.cycle_id = c.id \
                     JOIN organizations o ON o.id = c.hub_id \
                     WHERE c.status = 'open' AND pp.lat IS NOT NULL AND pp.lon IS NOT NULL \
                       AND {conditions}"
                ),
                params,
            )
            .await?
            .into_iter()
            .filter(|p| listed.contains(&p.organization_id)),
        );
        points.sort_by(|a, b| {
            (&a.name, a.organization_id, a.pickup_point).cmp(&(
                &b.name,
                b.organization_id,
                b.pickup_point,
            ))
        });
        Ok(points)
    }

    /// The ids of a one-column query.
    async fn read_ids(
        &self,
        sql: String,
        params: Vec<Option<String>>,
    ) -> Result<Vec<Uuid>, StoreError> {
        self.read_rows(
            sql,
            params,
            |r| crate::rows::uuid_text(&r.get::<_, String>(0)?),
            |r| r.uuid(0),
        )
        .await
    }

    /// The map points of a query whose columns are those of `MapPoint`.
    async fn read_points(
        &self,
        sql: String,
        params: Vec<Option<String>>,
    ) -> Result<Vec<MapPoint>, StoreError> {
        self.read_rows(sql, params, point_native, |r| {
            Ok(MapPoint {
                organization_id: r.uuid(0)?,
                name: r.try_get(1)?,
                kind: r.opt_concept(2)?,
                country: CountryCode::parse(&r.try_get::<String, _>(3)?)
                    .map_err(|e| crate::rows::corrupt("country", e))?,
                region: r.try_get(4)?,
                lat: r.try_get(5)?,
                lon: r.try_get(6)?,
                pickup_point: r.opt_uuid(7)?,
            })
        })
        .await
    }

    /// Whether an organization is on the public map (published and approved somewhere).
    pub async fn is_listed(&self, org: Uuid) -> Result<bool, StoreError> {
        let n: i64 = sqlx::query_scalar(&format!(
            "{} SELECT COUNT(*) FROM listed WHERE id = $2",
            listed()
        ))
        .bind(None::<String>)
        .bind(org.to_string())
        .fetch_one(&self.pool)
        .await?;
        Ok(n > 0)
    }

    /// Every published organization (whether approved in a network or not), by name, with
    /// its publication: what the Murmurations and ESSGlobal feeds and the private index read.
    pub async fn published_organizations(&self) -> Result<Vec<Listed>, StoreError> {
        let rows = sqlx::query(&format!("SELECT {PUBLICATION_COLUMNS} FROM publications"))
            .fetch_all(&self.pool)
            .await?;
        let publications: Vec<Publication> = rows
            .iter()
            .map(publication_from_row)
            .collect::<Result<_, _>>()?;
        let mut out = Vec::with_capacity(publications.len());
        for chunk in publications.chunks(500) {
            let ids: Vec<Uuid> = chunk.iter().map(|p| p.organization_id).collect();
            let mut orgs = self.organizations_by_id(&ids).await?;
            for p in chunk {
                if let Some(o) = orgs.remove(&p.organization_id) {
                    out.push(Listed {
                        organization: o,
                        publication: p.clone(),
                    });
                }
            }
        }
        out.sort_by(|a, b| {
            (&a.organization.name, a.organization.id)
                .cmp(&(&b.organization.name, b.organization.id))
        });
        Ok(out)
    }

    /// One page of the published organizations, by name: `limit` from `offset`, and whether
    /// more follow (the public ESSGlobal feed pages through them).
    pub async fn published_organizations_page(
        &self,
        limit: i64,
        offset: i64,
    ) -> Result<(Vec<Listed>, bool), StoreError> {
        let columns: Vec<String> = PUBLICATION_COLUMNS
            .split(", ")
            .map(|c| format!("p.{c}"))
            .collect();
        let rows = sqlx::query(&format!(
            "SELECT {} FROM publications p JOIN organizations o ON o.id = p.organization_id \
             ORDER BY o.name, o.id LIMIT $1 OFFSET $2",
            columns.join(", ")
        ))
        .bind(limit + 1)
        .bind(offset)
        .fetch_all(&self.pool)
        .await?;
        let more = rows.len() as i64 > limit;
        let publications: Vec<Publication> = rows
            .iter()
            .take(limit as usize)
            .map(publication_from_row)
            .collect::<Result<_, _>>()?;
        let ids: Vec<Uuid> = publications.iter().map(|p| p.organization_id).collect();
        let mut orgs = self.organizations_by_id(&ids).await?;
        let page = publications
            .into_iter()
            .filter_map(|p| {
                orgs.remove(&p.organization_id).map(|o| Listed {
                    organization: o,
                    publication: p,
                })
            })
            .collect();
        Ok((page, more))
    }

    /// Counts of women and men among an organization's members who opted in to share their
    /// demographics: `(women, men)`. The caller suppresses small counts.
    pub async fn gender_counts(&self, org: Uuid) -> Result<(u64, u64), StoreError> {
        let row = sqlx::query(
            "SELECT CAST(COALESCE(SUM(CASE WHEN d.gender = 'woman' THEN 1 ELSE 0 END), 0) AS BIGINT), \
                    CAST(COALESCE(SUM(CASE WHEN d.gender = 'man' THEN 1 ELSE 0 END), 0) AS BIGINT) \
             FROM memberships m JOIN demographics d ON d.person_id = m.person_id \
             WHERE m.organization_id = $1",
        )
        .bind(org.to_string())
        .fetch_one(&self.pool)
        .await?;
        Ok((row.count(0)?, row.count(1)?))
    }

    /// Outbox rows due for work at `now`: a profile to send or a node to delete.
    pub async fn murmurations_due(
        &self,
        now: i64,
        limit: i64,
    ) -> Result<Vec<NodeTask>, StoreError> {
        let rows = sqlx::query(
            "SELECT organization_id, want, node_id, attempts, generation FROM murmurations_nodes \
             WHERE dirty = 1 AND next_try_at <= $1 ORDER BY next_try_at, organization_id LIMIT $2",
        )
        .bind(now)
        .bind(limit)
        .fetch_all(&self.pool)
        .await?;
        rows.iter()
            .map(|r| {
                Ok(NodeTask {
                    organization_id: r.uuid(0)?,
                    present: r.try_get::<String, _>(1)? == "present",
                    node_id: r.try_get(2)?,
                    attempts: r.try_get(3)?,
                    generation: r.try_get(4)?,
                })
            })
            .collect()
    }

    /// Records the outcome of one outbox try of `task`. Nothing is recorded when the row
    /// changed since the task was read (a newer profile, an unpublishing): the newer change
    /// stays due at once. `done` clears the row's work; a failure waits until `retry_at`.
    #[allow(clippy::too_many_arguments)]
    pub async fn murmurations_tried(
        &self,
        task: &NodeTask,
        done: bool,
        node_id: Option<&str>,
        status: &str,
        error: Option<&str>,
        retry_at: i64,
    ) -> Result<(), StoreError> {
        let now = now_micros();
        write_tx!(self, tx, {
            if done {
                sqlx::query(
                    "UPDATE murmurations_nodes SET dirty = 0, node_id = $3, last_status = $4, \
                       last_error = NULL, attempts = 0, synced_at = $5 \
                     WHERE organization_id = $1 AND generation = $2",
                )
                .bind(task.organization_id.to_string())
                .bind(task.generation)
                .bind(node_id)
                .bind(status)
                .bind(now)
                .execute(&mut *tx)
                .await?;
            } else {
                sqlx::query(
                    "UPDATE murmurations_nodes SET last_status = $3, last_error = $4, \
                       attempts = attempts + 1, next_try_at = $5 \
                     WHERE organization_id = $1 AND generation = $2",
                )
                .bind(task.organization_id.to_string())
                .bind(task.generation)
                .bind(status)
                .bind(error)
                .bind(retry_at)
                .execute(&mut *tx)
                .await?;
            }
            Ok(())
        })
    }

    /// The index registration's state for an organization, if it was ever asked for.
    pub async fn murmurations_state(&self, org: Uuid) -> Result<Option<NodeState>, StoreError> {
        let row = sqlx::query(
            "SELECT want, dirty, node_id, last_status, last_error, synced_at FROM murmurations_nodes \
             WHERE organization_id = $1",
        )
        .bind(org.to_string())
        .fetch_optional(&self.pool)
        .await?;
        row.map(|r| {
            Ok(NodeState {
                present: r.try_get::<String, _>(0)? == "present",
                pending: r.try_get::<i64, _>(1)? != 0,
                node_id: r.try_get(2)?,
                last_status: r.try_get(3)?,
                last_error: r.try_get(4)?,
                synced_at: r
                    .try_get::<Option<i64>, _>(5)?
                    .map(crate::rows::instant_micros)
                    .transpose()?,
            })
        })
        .transpose()
    }
}

/// A map point from a native row (the columns of `MapPoint`, in order).
fn point_native(r: &rusqlite::Row<'_>) -> Result<MapPoint, StoreError> {
    let id: String = r.get(0)?;
    let kind: Option<String> = r.get(2)?;
    let country: String = r.get(3)?;
    let pickup: Option<String> = r.get(7)?;
    Ok(MapPoint {
        organization_id: crate::rows::uuid_text(&id)?,
        name: r.get(1)?,
        kind: kind
            .map(|k| {
                <OrgKind as bayanihan_domain::vocab::Vocabulary>::parse(&k)
                    .map_err(|e| crate::rows::corrupt("kind", e))
            })
            .transpose()?,
        country: CountryCode::parse(&country).map_err(|e| crate::rows::corrupt("country", e))?,
        region: r.get(4)?,
        lat: r.get(5)?,
        lon: r.get(6)?,
        pickup_point: pickup.as_deref().map(crate::rows::uuid_text).transpose()?,
    })
}

/// Asks the outbox for `want` now (a changed profile is sent again).
async fn want_node(
    tx: &mut sqlx::AnyConnection,
    org: Uuid,
    want: &str,
    now: i64,
) -> Result<(), StoreError> {
    sqlx::query(
        "INSERT INTO murmurations_nodes (organization_id, want, dirty, generation, attempts, next_try_at) \
         VALUES ($1, $2, 1, 1, 0, $3) \
         ON CONFLICT (organization_id) DO UPDATE SET want = $2, dirty = 1, attempts = 0, next_try_at = $3, \
           generation = murmurations_nodes.generation + 1",
    )
    .bind(org.to_string())
    .bind(want)
    .bind(now)
    .execute(&mut *tx)
    .await?;
    Ok(())
}

/// Marks a published organization's profile for sending again (its profile changed), inside
/// the caller's transaction.
pub(crate) async fn profile_changed(
    tx: &mut sqlx::AnyConnection,
    org: Uuid,
    now: i64,
) -> Result<(), StoreError> {
    sqlx::query(
        "UPDATE murmurations_nodes SET dirty = 1, attempts = 0, next_try_at = $2, \
           generation = generation + 1 \
         WHERE organization_id = $1 AND want = 'present'",
    )
    .bind(org.to_string())
    .bind(now)
    .execute(&mut *tx)
    .await?;
    Ok(())
}

/// A region of a country in the territorial view.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct Territory {
    /// The region as organizations wrote it (`None`: organizations that gave none).
    pub region: Option<String>,
    /// Published, approved organizations by kind.
    pub organizations: Vec<(OrgKind, u64)>,
    /// By currency: `(currency, owed to organizations of the same region, owed in all, how
    /// many organizations owe it)`, in minor units, over what the region's listed
    /// organizations came to owe in trade.
    pub trade: Vec<(String, i64, i64, u64)>,
}

impl Store {
    /// The territorial view of a country: per region, its listed organizations and the trade
    /// they owe, how much of it to organizations of the same region (local retention).
    pub async fn territories(&self, country: CountryCode) -> Result<Vec<Territory>, StoreError> {
        let counts = sqlx::query(&format!(
            "{} SELECT o.region, o.kind, COUNT(*) FROM organizations o JOIN listed l ON l.id = o.id \
             WHERE o.country = $2 GROUP BY o.region, o.kind",
            listed()
        ))
        .bind(None::<String>)
        .bind(country.code())
        .fetch_all(&self.pool)
        .await?;
        let trade = sqlx::query(&format!(
            "{} SELECT d.region, ob.currency, \
                    CAST(SUM(CASE WHEN c.country = d.country AND COALESCE(c.region, '') = COALESCE(d.region, '') \
                             THEN ob.amount ELSE 0 END) AS BIGINT), \
                    CAST(SUM(ob.amount) AS BIGINT), COUNT(DISTINCT ob.debtor_id) \
             FROM obligations ob \
             JOIN organizations d ON d.id = ob.debtor_id JOIN listed l ON l.id = d.id \
             JOIN organizations c ON c.id = ob.creditor_id \
             WHERE d.country = $2 GROUP BY d.region, ob.currency",
            listed()
        ))
        .bind(None::<String>)
        .bind(country.code())
        .fetch_all(&self.pool)
        .await?;
        let mut out: std::collections::BTreeMap<Option<String>, Territory> = Default::default();
        for r in &counts {
            let region: Option<String> = r.try_get(0)?;
            let t = out.entry(region.clone()).or_insert_with(|| Territory {
                region,
                ..Default::default()
            });
            t.organizations.push((r.concept(1)?, r.count(2)?));
        }
        for r in &trade {
            let region: Option<String> = r.try_get(0)?;
            if let Some(t) = out.get_mut(&region) {
                t.trade
                    .push((r.try_get(1)?, r.try_get(2)?, r.try_get(3)?, r.count(4)?));
            }
        }
        let mut v: Vec<Territory> = out.into_values().collect();
        for t in &mut v {
            t.organizations.sort();
            t.trade.sort();
        }
        Ok(v)
    }
}
