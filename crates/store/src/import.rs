//! Bringing a spreadsheet in, all or nothing: every row of a checked file is matched by its
//! key (a member's address, a product's name) and added, updated or left as it is, in one
//! transaction. With `apply` false the same matching runs and nothing is written: the dry run
//! says exactly what applying would do.

use bayanihan_domain::import::{MemberRow, ProductRow};
use bayanihan_domain::person::roles_to_string;
use bayanihan_domain::trade::naming;
use jiff::civil::Date;
use uuid::Uuid;

use crate::{now_micros, Store, StoreError};

/// What importing does to one row.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum RowAction {
    /// New: a person registered and made a member, or a product added.
    Added,
    /// A registered person made a member of the organization.
    Joined,
    /// A product's fields changed.
    Updated,
    /// Already there as the file says.
    Unchanged,
    /// Left as it is: the organization has admins of its own, and its profile, people and
    /// products are theirs to change (a network's import fills only what it holds).
    Kept,
}

impl RowAction {
    pub fn id(self) -> &'static str {
        match self {
            RowAction::Added => "added",
            RowAction::Joined => "joined",
            RowAction::Updated => "updated",
            RowAction::Unchanged => "unchanged",
            RowAction::Kept => "kept",
        }
    }
}

impl Store {
    /// Members of `org` from a checked file: a person not registered yet is registered and
    /// made a member (since `since`), a registered one made a member, a member left as they
    /// are (their roles are changed on the members page, not by a file).
    pub async fn import_members(
        &self,
        org: Uuid,
        rows: &[MemberRow],
        since: Date,
        apply: bool,
    ) -> Result<Vec<(usize, RowAction)>, StoreError> {
        let now = now_micros();
        write_tx!(self, tx, {
            let mut out = Vec::with_capacity(rows.len());
            for r in rows {
                let person: Option<String> =
                    sqlx::query_scalar("SELECT id FROM people WHERE email = $1")
                        .bind(r.email.as_str())
                        .fetch_optional(&mut *tx)
                        .await?;
                let member = match &person {
                    Some(p) => sqlx::query(
                        "SELECT 1 FROM memberships WHERE organization_id = $1 AND person_id = $2",
                    )
                    .bind(org.to_string())
                    .bind(p.clone())
                    .fetch_optional(&mut *tx)
                    .await?
                    .is_some(),
                    None => false,
                };
                let action = match (&person, member) {
                    (Some(_), true) => RowAction::Unchanged,
                    (Some(_), false) => RowAction::Joined,
                    (None, _) => RowAction::Added,
                };
                if apply && action != RowAction::Unchanged {
                    let id = match person {
                        Some(p) => p,
                        None => {
                            let id = Uuid::new_v4().to_string();
                            sqlx::query(
                                "INSERT INTO people (id, email, name, password_hash, language, created_at) \
                                 VALUES ($1, $2, $3, NULL, NULL, $4)",
                            )
                            .bind(id.clone())
                            .bind(r.email.as_str())
                            .bind(r.name.as_ref().map(|n| n.as_str().to_string()))
                            .bind(now)
                            .execute(&mut *tx)
                            .await?;
                            id
                        }
                    };
                    sqlx::query(
                        "INSERT INTO memberships (id, person_id, organization_id, roles, stakeholder, since, created_at) \
                         VALUES ($1, $2, $3, $4, $5, $6, $7)",
                    )
                    .bind(Uuid::new_v4().to_string())
                    .bind(id)
                    .bind(org.to_string())
                    .bind(roles_to_string(&r.roles))
                    .bind(r.stakeholder.map(|s| s.id()))
                    .bind(since.to_string())
                    .bind(now)
                    .execute(&mut *tx)
                    .await?;
                }
                out.push((r.row, action));
            }
            Ok(out)
        })
    }

    /// Products of `org` from a checked file, matched by name (case and spacing aside): added,
    /// updated where a field differs, or left as they are.
    pub async fn import_products(
        &self,
        org: Uuid,
        rows: &[ProductRow],
        apply: bool,
    ) -> Result<Vec<(usize, RowAction)>, StoreError> {
        let existing = self.products_of(org).await?;
        let now = now_micros();
        let refs: Vec<&ProductRow> = rows.iter().collect();
        let plan = plan_products(&existing, &refs);
        if apply {
            write_tx!(self, tx, {
                write_products(&mut tx, org, &refs, &plan, now).await?;
                Ok(())
            })?;
        }
        Ok(plan.into_iter().map(|(row, a, _)| (row, a)).collect())
    }
}

/// What importing `rows` does to each, against the organization's `existing` products:
/// (row, action, the product it changes).
pub(crate) fn plan_products(
    existing: &[bayanihan_domain::trade::records::Product],
    rows: &[&ProductRow],
) -> Vec<(usize, RowAction, Option<Uuid>)> {
    rows.iter()
        .map(|r| {
            let key = naming::comparable(&r.draft.name);
            match existing.iter().find(|p| naming::comparable(&p.name) == key) {
                None => (r.row, RowAction::Added, None),
                Some(p) => {
                    let same = p.name == r.draft.name
                        && p.category == r.draft.category
                        && p.unit == r.draft.unit
                        && p.unit_mass_g == r.draft.unit_mass_g
                        && p.qualifiers == r.draft.qualifiers
                        && p.packaging == r.draft.packaging
                        && p.description == r.draft.description;
                    let action = if same {
                        RowAction::Unchanged
                    } else {
                        RowAction::Updated
                    };
                    (r.row, action, Some(p.id))
                }
            }
        })
        .collect()
}

/// Writes a plan of [`plan_products`] inside the caller's transaction; returns each row's
/// product (the new one's id for a row added).
pub(crate) async fn write_products(
    tx: &mut sqlx::AnyConnection,
    org: Uuid,
    rows: &[&ProductRow],
    plan: &[(usize, RowAction, Option<Uuid>)],
    now: i64,
) -> Result<Vec<Uuid>, StoreError> {
    let mut ids = Vec::with_capacity(rows.len());
    for (r, (_, action, id)) in rows.iter().zip(plan) {
        let new_id = Uuid::new_v4();
        ids.push(id.unwrap_or(new_id));
        let d = &r.draft;
        let quals = d
            .qualifiers
            .iter()
            .map(|q| q.id())
            .collect::<Vec<_>>()
            .join(",");
        match (action, id) {
            (RowAction::Added, _) => {
                sqlx::query(
                    "INSERT INTO products (id, organization_id, name, category, unit, unit_mass_g, qualifiers, \
                     origin_lat, origin_lon, created_at, packaging, description) \
                     VALUES ($1, $2, $3, $4, $5, $6, $7, NULL, NULL, $8, $9, $10)",
                )
                .bind(new_id.to_string())
                .bind(org.to_string())
                .bind(d.name.clone())
                .bind(d.category.id())
                .bind(d.unit.clone())
                .bind(d.unit_mass_g)
                .bind(quals)
                .bind(now)
                .bind(d.packaging.map(|p| p.id()))
                .bind(d.description.clone())
                .execute(&mut *tx)
                .await?;
            }
            (RowAction::Updated, Some(id)) => {
                sqlx::query(
                    "UPDATE products SET name = $2, category = $3, unit = $4, unit_mass_g = $5, qualifiers = $6, \
                     packaging = $7, description = $8 WHERE id = $1",
                )
                .bind(id.to_string())
                .bind(d.name.clone())
                .bind(d.category.id())
                .bind(d.unit.clone())
                .bind(d.unit_mass_g)
                .bind(quals)
                .bind(d.packaging.map(|p| p.id()))
                .bind(d.description.clone())
                .execute(&mut *tx)
                .await?;
            }
            _ => {}
        }
    }
    Ok(ids)
}

/// An offer to make from an imported catalog: the row of its product, whole units, and the
/// producer price per unit in the cycle's currency (minor units).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct ImportedOffer {
    pub product_row: usize,
    pub quantity: u64,
    pub producer_price_minor: i64,
}

impl Store {
    /// A supplier's catalog brought in at once: its products (matched by name, as the
    /// products sheet) and, into `cycle` (open, the producer taking part), an offer for each
    /// priced product that has none there yet. One transaction: all or nothing.
    pub async fn import_catalog(
        &self,
        producer: Uuid,
        rows: &[ProductRow],
        cycle: Option<Uuid>,
        offers: &[ImportedOffer],
        apply: bool,
    ) -> Result<(Vec<(usize, RowAction)>, Vec<(usize, RowAction)>), StoreError> {
        let refs: Vec<&ProductRow> = rows.iter().collect();
        let cycle = match cycle {
            Some(c) => {
                let c = self.cycle(c).await?;
                if c.is_closed() {
                    return Err(StoreError::Conflict(
                        bayanihan_domain::Conflict::OffersClosed,
                    ));
                }
                if !c.producers.contains(&producer) {
                    return Err(StoreError::Invalid(bayanihan_domain::Invalid::field(
                        "cycle",
                        "this producer does not take part in the cycle",
                    )));
                }
                Some(c)
            }
            None => None,
        };
        let cycle_id = cycle.as_ref().map(|c| c.id);
        if !apply {
            let mut conn = self.pool.acquire().await?;
            return catalog_plan(&mut conn, producer, &refs, cycle_id, offers)
                .await
                .map(|(plan, offer_plan)| {
                    (
                        plan.into_iter().map(|(row, a, _)| (row, a)).collect(),
                        offer_plan,
                    )
                });
        }
        let now = now_micros();
        // Planned inside the write transaction: two requests sending one catalog at once
        // find each other's products and offers, and the second adds nothing.
        let (plan, offer_plan) = write_tx!(self, tx, {
            let (plan, offer_plan) =
                catalog_plan(&mut tx, producer, &refs, cycle_id, offers).await?;
            let ids = write_products(&mut tx, producer, &refs, &plan, now).await?;
            if let Some(c) = cycle_id {
                for (o, (_, action)) in offers.iter().zip(&offer_plan) {
                    if *action != RowAction::Added {
                        continue;
                    }
                    let Some(i) = rows.iter().position(|r| r.row == o.product_row) else {
                        continue;
                    };
                    let d = bayanihan_domain::trade::records::OfferDraft {
                        product_id: ids[i],
                        quantity: o.quantity,
                        producer_price_minor: o.producer_price_minor,
                        fees: Vec::new(),
                        transport: None,
                    };
                    crate::trade::insert_offer(&mut tx, c, producer, &d).await?;
                }
            }
            Ok((plan, offer_plan))
        })?;
        Ok((
            plan.into_iter().map(|(row, a, _)| (row, a)).collect(),
            offer_plan,
        ))
    }
}

/// What importing a catalog does, read on `conn` (the write transaction when applying): a
/// product of the same name is the producer's own and stays as it is; an offer is added for a
/// product that has none in the cycle yet.
#[allow(clippy::type_complexity)]
async fn catalog_plan(
    conn: &mut sqlx::AnyConnection,
    producer: Uuid,
    rows: &[&ProductRow],
    cycle: Option<Uuid>,
    offers: &[ImportedOffer],
) -> Result<
    (
        Vec<(usize, RowAction, Option<Uuid>)>,
        Vec<(usize, RowAction)>,
    ),
    StoreError,
> {
    use sqlx::Row;
    let mut existing: Vec<(String, Uuid)> = Vec::new();
    for r in sqlx::query("SELECT id, name FROM products WHERE organization_id = $1")
        .bind(producer.to_string())
        .fetch_all(&mut *conn)
        .await?
    {
        let id: String = r.try_get(0)?;
        let name: String = r.try_get(1)?;
        existing.push((naming::comparable(&name), crate::rows::uuid_text(&id)?));
    }
    let plan: Vec<(usize, RowAction, Option<Uuid>)> = rows
        .iter()
        .map(|r| {
            let key = naming::comparable(&r.draft.name);
            match existing.iter().find(|(n, _)| *n == key) {
                Some((_, id)) => (r.row, RowAction::Unchanged, Some(*id)),
                None => (r.row, RowAction::Added, None),
            }
        })
        .collect();
    let mut offered = std::collections::HashSet::new();
    if let Some(c) = cycle {
        for r in sqlx::query("SELECT product_id FROM offers WHERE cycle_id = $1")
            .bind(c.to_string())
            .fetch_all(&mut *conn)
            .await?
        {
            let id: String = r.try_get(0)?;
            offered.insert(crate::rows::uuid_text(&id)?);
        }
    }
    let offer_plan = offers
        .iter()
        .map(|o| {
            let known = plan
                .iter()
                .find(|(row, _, _)| *row == o.product_row)
                .and_then(|(_, _, id)| *id);
            let action = if known.is_some_and(|id| offered.contains(&id)) {
                RowAction::Unchanged
            } else {
                RowAction::Added
            };
            (o.product_row, action)
        })
        .collect();
    Ok((plan, offer_plan))
}
