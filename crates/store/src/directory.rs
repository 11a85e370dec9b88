//! A network's directory from spreadsheets, all or nothing (see
//! `bayanihan_domain::import::directory` for the sheets).
//!
//! An organization is found by the key its network's sheet gives it (`import_keys`), a person
//! by e-mail address, a product by its organization and name. What the import may write is
//! narrow on purpose, after the permission model: it **creates** organizations (each an
//! active member of the network from that day) and, while an organization the network's own
//! imports made is still inside it and has no admin of its own, fills its profile, people and
//! products (roles included: this is how a network hands an organization to its first admin).
//! Any other organization's rows are `Kept` — one with an admin, one another network made, one
//! that left the network — unless the importing person is one of its admins. Existing
//! memberships keep their roles.
//! The dry run plans the same and writes nothing.

use std::collections::{HashMap, HashSet};

use bayanihan_domain::import::directory::{KeyedProduct, OfferRow, OrgRow, PersonRow};
use bayanihan_domain::import::ProductRow;
use bayanihan_domain::person::roles_to_string;
use jiff::civil::Date;
use sqlx::Row;
use uuid::Uuid;

use crate::import::{plan_products, write_products, RowAction};
use crate::{now_micros, Store, StoreError};

/// What a directory import did (or would do) to each row of each sheet.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct DirectoryOutcome {
    pub organizations: Vec<(usize, RowAction)>,
    pub people: Vec<(usize, RowAction)>,
    pub products: Vec<(usize, RowAction)>,
    pub offers: Vec<(usize, RowAction)>,
}

/// The sheets of one import, checked.
#[derive(Debug, Clone, Default)]
pub struct DirectorySheets {
    pub organizations: Vec<OrgRow>,
    pub people: Vec<PersonRow>,
    pub products: Vec<KeyedProduct>,
    /// Checked by the use case: each names an open cycle its producer takes part in, a price
    /// in the cycle's currency (`producer_price_minor`), and a product of the producer's (in
    /// the products sheet or registered).
    pub offers: Vec<(OfferRow, i64)>,
}

/// How far an import is: `(rows done, rows in all)`.
pub type Progress<'a> = &'a (dyn Fn(usize, usize) + Send + Sync);

/// Rows between two progress reports.
const REPORT_EVERY: usize = 1_000;

/// The keys of a network's imports (`$1`), each with whether its organization is still an
/// active member inside the network; then the ids of the organizations inside it (through
/// networks inside it too, as its directory lists them) as keys of their own.
const KEYS_SQL: &str = "WITH RECURSIVE tree (id) AS ( \
       SELECT member_id FROM network_memberships WHERE network_id = $1 AND status = 'active' \
       UNION \
       SELECT nm.member_id FROM network_memberships nm JOIN tree ON nm.network_id = tree.id \
       WHERE nm.status = 'active') \
     SELECT key, entity_id, 0 AS by_id, \
            CASE WHEN entity_id IN (SELECT id FROM tree) THEN 1 ELSE 0 END AS inside \
     FROM import_keys WHERE network_id = $1 AND kind = 'organization' \
     UNION ALL SELECT id, id, 1, 1 FROM tree";

/// The keys a network's sheets can name, and the organizations its own imports made that are
/// still inside it (those it may fill while they have no admin of their own).
struct Keys {
    keys: HashMap<String, Uuid>,
    made_here: HashSet<Uuid>,
}

fn keys_from(rows: &[sqlx::any::AnyRow]) -> Result<Keys, StoreError> {
    let mut keys = HashMap::new();
    let mut made_here = HashSet::new();
    for r in rows {
        let id: String = r.try_get(1)?;
        let by_id: i64 = r.try_get(2)?;
        let inside: i64 = r.try_get(3)?;
        let key: String = r.try_get(0)?;
        let id = crate::rows::uuid_text(&id)?;
        if by_id == 0 && inside == 1 {
            made_here.insert(id);
        }
        // A key a sheet gave wins over an id that happens to read the same.
        if by_id == 0 || !keys.contains_key(&key) {
            keys.insert(key, id);
        }
    }
    Ok(Keys { keys, made_here })
}

impl Store {
    /// The organization keys a network's sheets can name, with the organization each names:
    /// the keys its imports gave, and the id of each of its active members (so that an
    /// exported directory, whose key column holds ids where no key was given, imports back
    /// onto the same organizations instead of making copies).
    pub async fn import_keys(&self, network: Uuid) -> Result<HashMap<String, Uuid>, StoreError> {
        let rows = sqlx::query(KEYS_SQL)
            .bind(network.to_string())
            .fetch_all(&self.pool)
            .await?;
        Ok(keys_from(&rows)?.keys)
    }

    /// Imports (with `apply`) or plans the sheets into `network`'s directory. `admin_of`:
    /// the organizations the importing person is an admin of. Every organization key the
    /// people and products name must be in the organizations sheet or known from an earlier
    /// import (the use case checks, naming rows).
    pub async fn import_directory(
        &self,
        network: Uuid,
        sheets: &DirectorySheets,
        admin_of: &HashSet<Uuid>,
        today: Date,
        apply: bool,
        progress: Progress<'_>,
    ) -> Result<DirectoryOutcome, StoreError> {
        let total = sheets.organizations.len()
            + sheets.people.len()
            + sheets.products.len()
            + sheets.offers.len();
        let now = now_micros();
        let run = || async {
            let mut tx = if apply {
                Some(self.begin_write().await?)
            } else {
                None
            };
            // The keys, and which of their organizations have an admin of their own, read in
            // the import's transaction: what it decides on is what it writes over.
            let keys_q = sqlx::query(KEYS_SQL).bind(network.to_string());
            // Organizations with an admin of their own (one scan of the memberships).
            let owned_q = sqlx::query(
                "SELECT DISTINCT organization_id FROM memberships WHERE roles LIKE '%admin%'",
            );
            let (key_rows, owned_rows) = match tx.as_mut() {
                Some(tx) => (
                    keys_q.fetch_all(&mut **tx).await?,
                    owned_q.fetch_all(&mut **tx).await?,
                ),
                None => (
                    keys_q.fetch_all(&self.pool).await?,
                    owned_q.fetch_all(&self.pool).await?,
                ),
            };
            let Keys { keys, made_here } = keys_from(&key_rows)?;
            let mut owned: HashSet<Uuid> = HashSet::new();
            for r in owned_rows {
                let id: String = r.try_get(0)?;
                owned.insert(crate::rows::uuid_text(&id)?);
            }
            // What the import may write over: an organization the importing person is an admin
            // of, or one this network's own imports made, still inside it, that has no admin of
            // its own yet. Not one another network made, nor one that has left.
            let writable = |id: &Uuid| {
                admin_of.contains(id) || (made_here.contains(id) && !owned.contains(id))
            };
            let mut out = DirectoryOutcome::default();
            let mut done = 0usize;
            let tick = |done: &mut usize| {
                *done += 1;
                if (*done).is_multiple_of(REPORT_EVERY) || *done == total {
                    progress(*done, total);
                }
            };
            // Organizations.
            let mut ids: HashMap<String, Uuid> = keys.clone();
            let known: Vec<Uuid> = sheets
                .organizations
                .iter()
                .filter_map(|r| keys.get(&r.key).copied())
                .collect();
            let mut current = HashMap::new();
            for chunk in known.chunks(500) {
                current.extend(self.organizations_by_id(chunk).await?);
            }
            for r in &sheets.organizations {
                let action = match keys.get(&r.key) {
                    None => {
                        let id = Uuid::new_v4();
                        ids.insert(r.key.clone(), id);
                        if let Some(tx) = tx.as_mut() {
                            crate::organizations::insert_org_fields(tx, id, &r.draft, now, true)
                                .await?;
                            sqlx::query(
                                "INSERT INTO network_memberships (id, network_id, member_id, since, until, status, created_at) \
                                 VALUES ($1, $2, $3, $4, NULL, 'active', $5)",
                            )
                            .bind(Uuid::new_v4().to_string())
                            .bind(network.to_string())
                            .bind(id.to_string())
                            .bind(today.to_string())
                            .bind(now)
                            .execute(&mut **tx)
                            .await?;
                            sqlx::query(
                                "INSERT INTO import_keys (network_id, kind, key, entity_id, created_at) \
                                 VALUES ($1, 'organization', $2, $3, $4)",
                            )
                            .bind(network.to_string())
                            .bind(r.key.clone())
                            .bind(id.to_string())
                            .bind(now)
                            .execute(&mut **tx)
                            .await?;
                        }
                        RowAction::Added
                    }
                    Some(id) if !writable(id) => RowAction::Kept,
                    Some(id) => match current.get(id) {
                        // Deleted since (an erasure of the row is not ours to undo).
                        None => RowAction::Kept,
                        Some(o) => {
                            // The sheet does not carry payment instructions: keep them.
                            let mut draft = r.draft.clone();
                            draft.payment_instructions = o.payment_instructions.clone();
                            if o.draft() == draft {
                                RowAction::Unchanged
                            } else {
                                if let Some(tx) = tx.as_mut() {
                                    crate::organizations::insert_org_fields(
                                        tx, *id, &draft, now, false,
                                    )
                                    .await?;
                                    crate::publishing::profile_changed(tx, *id, now).await?;
                                }
                                RowAction::Updated
                            }
                        }
                    },
                };
                out.organizations.push((r.row, action));
                tick(&mut done);
            }
            let fresh: HashSet<Uuid> = ids
                .iter()
                .filter(|(k, _)| !keys.contains_key(*k))
                .map(|(_, v)| *v)
                .collect();
            let org_of = |key: &str| {
                ids.get(key).copied().ok_or_else(|| {
                    StoreError::Invalid(bayanihan_domain::Invalid::field(
                        "organization",
                        format!("no organization has the key \"{key}\""),
                    ))
                })
            };
            // People and memberships. Everyone registered, by address, in one read (a sheet of
            // 300,000 rows would otherwise ask 300,000 times).
            let people_q = sqlx::query("SELECT email, id FROM people");
            let people_rows = if sheets.people.is_empty() {
                Vec::new()
            } else {
                match tx.as_mut() {
                    Some(tx) => people_q.fetch_all(&mut **tx).await?,
                    None => people_q.fetch_all(&self.pool).await?,
                }
            };
            let mut people: HashMap<String, Uuid> = HashMap::with_capacity(people_rows.len());
            for r in &people_rows {
                let id: String = r.try_get(1)?;
                people.insert(r.try_get(0)?, crate::rows::uuid_text(&id)?);
            }
            drop(people_rows);
            for r in &sheets.people {
                let org = org_of(&r.organization)?;
                let action = if !fresh.contains(&org) && !writable(&org) {
                    RowAction::Kept
                } else {
                    let found = people.get(r.email.as_str()).copied();
                    let member = match found {
                        Some(p) if !fresh.contains(&org) => {
                            let q = sqlx::query(
                                "SELECT 1 FROM memberships WHERE organization_id = $1 AND person_id = $2",
                            )
                            .bind(org.to_string())
                            .bind(p.to_string());
                            match tx.as_mut() {
                                Some(tx) => q.fetch_optional(&mut **tx).await?.is_some(),
                                None => q.fetch_optional(&self.pool).await?.is_some(),
                            }
                        }
                        _ => false,
                    };
                    let person = match found {
                        Some(p) => p,
                        None => {
                            let id = Uuid::new_v4();
                            if let Some(tx) = tx.as_mut() {
                                sqlx::query(
                                    "INSERT INTO people (id, email, name, password_hash, language, created_at) \
                                     VALUES ($1, $2, $3, NULL, NULL, $4)",
                                )
                                .bind(id.to_string())
                                .bind(r.email.as_str())
                                .bind(r.name.as_str().to_string())
                                .bind(now)
                                .execute(&mut **tx)
                                .await?;
                            }
                            id
                        }
                    };
                    let new_person = found.is_none();
                    people.insert(r.email.as_str().to_string(), person);
                    if member {
                        RowAction::Unchanged
                    } else {
                        if let Some(tx) = tx.as_mut() {
                            sqlx::query(
                                "INSERT INTO memberships (id, person_id, organization_id, roles, stakeholder, since, created_at) \
                                 VALUES ($1, $2, $3, $4, $5, $6, $7)",
                            )
                            .bind(Uuid::new_v4().to_string())
                            .bind(person.to_string())
                            .bind(org.to_string())
                            .bind(roles_to_string(&r.roles))
                            .bind(r.stakeholder.map(|s| s.id()))
                            .bind(today.to_string())
                            .bind(now)
                            .execute(&mut **tx)
                            .await?;
                        }
                        if new_person {
                            RowAction::Added
                        } else {
                            RowAction::Joined
                        }
                    }
                };
                out.people.push((r.row, action));
                tick(&mut done);
            }
            // Products, one organization at a time.
            let mut by_org: Vec<(Uuid, Vec<&ProductRow>)> = Vec::new();
            let mut index: HashMap<Uuid, usize> = HashMap::new();
            for p in &sheets.products {
                let org = org_of(&p.organization)?;
                let i = *index.entry(org).or_insert_with(|| {
                    by_org.push((org, Vec::new()));
                    by_org.len() - 1
                });
                by_org[i].1.push(&p.product);
            }
            for (org, rows) in by_org {
                if !fresh.contains(&org) && !writable(&org) {
                    for r in rows {
                        out.products.push((r.row, RowAction::Kept));
                        tick(&mut done);
                    }
                    continue;
                }
                let existing = if fresh.contains(&org) {
                    Vec::new()
                } else {
                    self.products_of(org).await?
                };
                let plan = plan_products(&existing, &rows);
                if let Some(tx) = tx.as_mut() {
                    write_products(tx, org, &rows, &plan, now).await?;
                }
                for (row, action, _) in plan {
                    out.products.push((row, action));
                    tick(&mut done);
                }
            }
            out.products.sort_by_key(|(row, _)| *row);
            // Offers, into open cycles of the producers'.
            let mut offered: HashMap<Uuid, HashMap<Uuid, ()>> = HashMap::new();
            for (r, price) in &sheets.offers {
                let org = org_of(&r.organization)?;
                if !fresh.contains(&org) && !writable(&org) {
                    out.offers.push((r.row, RowAction::Kept));
                    tick(&mut done);
                    continue;
                }
                // Read in the import's transaction: the products sheet's rows are there.
                let q = sqlx::query("SELECT id, name FROM products WHERE organization_id = $1")
                    .bind(org.to_string());
                let product_rows = match tx.as_mut() {
                    Some(tx) => q.fetch_all(&mut **tx).await?,
                    None => q.fetch_all(&self.pool).await?,
                };
                let wanted = bayanihan_domain::trade::naming::comparable(&r.product);
                let mut product = None;
                for pr in &product_rows {
                    let name: String = pr.try_get(1)?;
                    if bayanihan_domain::trade::naming::comparable(&name) == wanted {
                        let id: String = pr.try_get(0)?;
                        product = Some(crate::rows::uuid_text(&id)?);
                    }
                }
                let action = match product {
                    None if tx.is_some() => {
                        return Err(StoreError::Invalid(bayanihan_domain::Invalid::field(
                            format!("offers row {}: product", r.row),
                            format!("{} has no product \"{}\"", r.organization, r.product),
                        )))
                    }
                    // A product of the products sheet, not written in a dry run: an offer to add.
                    None => RowAction::Added,
                    Some(product) => {
                        if let std::collections::hash_map::Entry::Vacant(e) = offered.entry(r.cycle)
                        {
                            let ids = self
                                .offers(r.cycle)
                                .await?
                                .into_iter()
                                .map(|o| (o.product.id, ()))
                                .collect();
                            e.insert(ids);
                        }
                        if offered[&r.cycle].contains_key(&product) {
                            RowAction::Unchanged
                        } else {
                            if let Some(tx) = tx.as_mut() {
                                let d = bayanihan_domain::trade::records::OfferDraft {
                                    product_id: product,
                                    quantity: r.quantity,
                                    producer_price_minor: *price,
                                    fees: Vec::new(),
                                    transport: None,
                                };
                                crate::trade::insert_offer(tx, r.cycle, org, &d).await?;
                            }
                            if let Some(m) = offered.get_mut(&r.cycle) {
                                m.insert(product, ());
                            }
                            RowAction::Added
                        }
                    }
                };
                out.offers.push((r.row, action));
                tick(&mut done);
            }
            if let Some(tx) = tx {
                tx.commit().await?;
                self.access_changed();
            }
            Ok::<_, StoreError>(out)
        };
        let mut attempt = 0;
        loop {
            attempt += 1;
            match run().await {
                Err(e) if e.is_retryable() && attempt < crate::tx::MAX_ATTEMPTS => {
                    crate::tx::backoff(attempt).await;
                }
                other => return other,
            }
        }
    }
}
