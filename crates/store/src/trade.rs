//! Solidarity trade in the database: products, cycles, offers, order lines, closing a cycle,
//! obligations, payments and the ledger.

use bayanihan_domain::Conflict;

use bayanihan_domain::ledger::Transaction;
use bayanihan_domain::trade::allocation::Policy;
use bayanihan_domain::trade::catalog::{
    Category, DistanceBasis, ProductDraft, TransportLeg, TransportMode,
};
use bayanihan_domain::trade::naming;
use bayanihan_domain::trade::pricing::{self, Fee};
use bayanihan_domain::{Invalid, Latitude, Location, Longitude, Money, Qualifier};
use jiff::civil::Date;
use jiff::Timestamp;
use sqlx::any::AnyRow;
use sqlx::{Any, Row, Transaction as SqlTx};
use uuid::Uuid;

pub use bayanihan_domain::trade::records::{
    document_number, Balance, CloseSummary, Cycle, CycleChange, CycleDraft, CycleStatus,
    DocumentHeader, DocumentKind, DocumentTotal, Line, NewLine, Obligation, Offer, OfferDraft,
    PackingBy, PackingRow, Participant, Payment, PaymentDraft, PaymentMethod, PickupPoint,
    PickupPointDraft, Product, ProductPhoto, SupplierTotal,
};

use crate::chain::transaction_entry;
use crate::ledger::transaction_statements;
use crate::organizations::NETWORK_TREE;
use crate::rows::uuid_text as parse_uuid;
use crate::rows::{BindDouble, Columns};
use crate::stmt::execute_statements;
use crate::{now_micros, Store, StoreError};
use bayanihan_domain::chain::Entry;

fn corrupt(what: &str, e: impl std::fmt::Display) -> StoreError {
    StoreError::Corrupt(format!("{what}: {e}"))
}

fn location(lat: Option<f64>, lon: Option<f64>) -> Result<Option<Location>, StoreError> {
    match (lat, lon) {
        (Some(lat), Some(lon)) => Ok(Some(Location {
            lat: Latitude::parse(lat).map_err(|e| corrupt("lat", e))?,
            lon: Longitude::parse(lon).map_err(|e| corrupt("lon", e))?,
        })),
        _ => Ok(None),
    }
}

/// A product's columns (`p`), for its own queries and the offers'.
macro_rules! product_columns {
    () => {
        "p.id AS p_id, p.organization_id AS p_org, p.name AS p_name, p.category AS p_category, \
    p.unit AS p_unit, p.unit_mass_g AS p_mass, p.qualifiers AS p_qualifiers, p.origin_lat AS p_lat, p.origin_lon AS p_lon, p.packaging AS p_packaging, \
    p.description AS p_description, (SELECT ph.version FROM product_photos ph WHERE ph.product_id = p.id) AS p_photo"
    };
}
const PRODUCT_COLUMNS: &str = product_columns!();

fn product_from_row(r: &AnyRow) -> Result<Product, StoreError> {
    let quals: String = r.try_get("p_qualifiers")?;
    Ok(Product {
        id: r.uuid("p_id")?,
        organization_id: r.uuid("p_org")?,
        name: r.try_get("p_name")?,
        category: Category::parse(&r.try_get::<String, _>("p_category")?)
            .map_err(|e| corrupt("category", e))?,
        unit: r.try_get("p_unit")?,
        unit_mass_g: r.try_get("p_mass")?,
        qualifiers: quals
            .split(',')
            .filter(|s| !s.is_empty())
            .filter_map(|q| Qualifier::parse(q).ok())
            .collect(),
        origin: location(r.try_get("p_lat")?, r.try_get("p_lon")?)?,
        packaging: r.opt_concept("p_packaging")?,
        description: r.try_get("p_description")?,
        photo: r.try_get("p_photo")?,
    })
}

const OFFER_SELECT: &str = concat!(
    "SELECT o.id, o.cycle_id, o.producer_id, o.quantity, o.reserved, o.producer_price, o.fees, \
    o.transport_mode, o.distance_km, o.distance_basis, o.prepaid, c.currency, ",
    product_columns!(),
    " FROM offers o JOIN products p ON p.id = o.product_id JOIN cycles c ON c.id = o.cycle_id"
);

fn offer_from_row(r: &AnyRow) -> Result<Offer, StoreError> {
    let cur = r.currency("currency")?;
    let fees: Vec<Fee> =
        serde_json::from_str(&r.try_get::<String, _>("fees")?).map_err(|e| corrupt("fees", e))?;
    let producer_id = r.uuid("producer_id")?;
    let producer_price = r.money("producer_price", cur)?;
    let transport = match r.try_get::<Option<String>, _>("transport_mode")? {
        Some(mode) => Some(TransportLeg {
            mode: TransportMode::parse(&mode).map_err(|e| corrupt("transport_mode", e))?,
            distance_km: r.try_get::<Option<f64>, _>("distance_km")?.unwrap_or(0.0),
            distance_basis: match r.try_get::<Option<String>, _>("distance_basis")?.as_deref() {
                Some("stated") | None => DistanceBasis::Stated,
                Some(_) => DistanceBasis::GreatCircleRoadFactor,
            },
        }),
        None => None,
    };
    let unit_breakdown = pricing::breakdown(producer_id, producer_price, &fees, 1)
        .map_err(|e| corrupt("price", e))?;
    Ok(Offer {
        id: r.uuid("id")?,
        cycle_id: r.uuid("cycle_id")?,
        product: product_from_row(r)?,
        producer_id,
        quantity: r.count("quantity")?,
        reserved: r.count("reserved")?,
        producer_price,
        fees,
        transport,
        unit_breakdown,
        prepaid: r.try_get::<i64, _>("prepaid")? != 0,
    })
}

const LINE_SELECT: &str = "SELECT l.id, l.cycle_id, l.offer_id, l.consumer_group_id, l.person_id, l.pickup_point_id, \
    l.quantity, l.tier, l.seq, l.allocated, l.reason, l.total_minor, c.currency FROM order_lines l JOIN cycles c ON c.id = l.cycle_id";

fn line_from_row(r: &AnyRow) -> Result<Line, StoreError> {
    let cur = r.currency("currency")?;
    Ok(Line {
        id: r.uuid("id")?,
        cycle_id: r.uuid("cycle_id")?,
        offer_id: r.uuid("offer_id")?,
        consumer_group_id: r.uuid("consumer_group_id")?,
        person_id: r.opt_uuid("person_id")?,
        pickup_point_id: r.opt_uuid("pickup_point_id")?,
        quantity: r.count("quantity")?,
        tier: r.try_get::<i64, _>("tier")? as u32,
        allocated: r.try_get::<Option<i64>, _>("allocated")?.map(|a| a as u64),
        // Stored as a compact code (or, by versions before codes, as a sentence).
        reason: r
            .try_get::<Option<String>, _>("reason")?
            .map(|stored| bayanihan_domain::trade::allocation::Reason::read(&stored)),
        total: r
            .try_get::<Option<i64>, _>("total_minor")?
            .map(|m| Money::new(m, cur)),
    })
}

fn obligation_from_row(r: &AnyRow) -> Result<Obligation, StoreError> {
    let cur = r.currency("currency")?;
    let amount: i64 = r.try_get("amount")?;
    let paid: i64 = r.try_get("paid")?;
    Ok(Obligation {
        id: r.uuid("id")?,
        debtor_id: r.uuid("debtor_id")?,
        creditor_id: r.uuid("creditor_id")?,
        amount: Money::new(amount, cur),
        outstanding: Money::new(amount - paid, cur),
        due_date: r.date("due_date")?,
        cycle_id: r.opt_uuid("cycle_id")?,
        memo: r.try_get("memo")?,
    })
}

const OBLIGATION_SELECT: &str = "SELECT o.id, o.debtor_id, o.creditor_id, o.currency, o.amount, o.due_date, o.cycle_id, o.memo, \
    CAST(COALESCE((SELECT SUM(pm.amount) FROM payments pm WHERE pm.obligation_id = o.id), 0) AS BIGINT) AS paid FROM obligations o";

const PAYMENT_SELECT: &str = "SELECT p.id, p.obligation_id, o.debtor_id, o.creditor_id, o.currency, p.amount, \
    p.method, p.reference, p.paid_on, p.recorded_by, pe.name AS recorded_by_name, p.reverses, \
    (SELECT r.id FROM payments r WHERE r.reverses = p.id) AS reversed_by, p.created_at \
    FROM payments p JOIN obligations o ON o.id = p.obligation_id LEFT JOIN people pe ON pe.id = p.recorded_by";

fn payment_from_row(r: &AnyRow) -> Result<Payment, StoreError> {
    Ok(Payment {
        id: r.uuid(0)?,
        obligation_id: r.uuid(1)?,
        debtor_id: r.uuid(2)?,
        creditor_id: r.uuid(3)?,
        amount: r.money(5, r.currency(4)?)?,
        method: r.try_get(6)?,
        reference: r.try_get(7)?,
        paid_on: r.date(8)?,
        recorded_by: r.opt_uuid(9)?,
        recorded_by_name: r.try_get(10)?,
        reverses: r.opt_uuid(11)?,
        reversed_by: r.opt_uuid(12)?,
        recorded_at: r.instant(13)?,
    })
}

impl Store {
    /// Adds a product to a producer organization's catalogue.
    pub async fn create_product(&self, org: Uuid, d: &ProductDraft) -> Result<Product, StoreError> {
        let id = Uuid::new_v4();
        write_tx!(self, tx, {
            sqlx::query(
                "INSERT INTO products (id, organization_id, name, category, unit, unit_mass_g, qualifiers, origin_lat, origin_lon, created_at, packaging, description) \
                 VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12)",
            )
            .bind(id.to_string())
            .bind(org.to_string())
            .bind(d.name.clone())
            .bind(d.category.id())
            .bind(d.unit.clone())
            .bind(d.unit_mass_g)
            .bind(d.qualifiers.iter().map(|q| q.id()).collect::<Vec<_>>().join(","))
            .bind_double(d.origin.map(|l| l.lat.degrees()))
            .bind_double(d.origin.map(|l| l.lon.degrees()))
            .bind(now_micros())
            .bind(d.packaging.map(|p| p.id()))
            .bind(d.description.clone())
            .execute(&mut *tx)
            .await?;
            Ok(())
        })?;
        self.product(id).await
    }

    /// Replaces a product's fields. Offers already made keep pricing by their own terms;
    /// their lines show the product's new name and unit.
    pub async fn update_product(&self, id: Uuid, d: &ProductDraft) -> Result<Product, StoreError> {
        let changed = write_tx!(self, tx, {
            let r = sqlx::query(
                "UPDATE products SET name = $2, category = $3, unit = $4, unit_mass_g = $5, qualifiers = $6, \
                 origin_lat = $7, origin_lon = $8, packaging = $9, description = $10 WHERE id = $1",
            )
            .bind(id.to_string())
            .bind(d.name.clone())
            .bind(d.category.id())
            .bind(d.unit.clone())
            .bind(d.unit_mass_g)
            .bind(d.qualifiers.iter().map(|q| q.id()).collect::<Vec<_>>().join(","))
            .bind_double(d.origin.map(|l| l.lat.degrees()))
            .bind_double(d.origin.map(|l| l.lon.degrees()))
            .bind(d.packaging.map(|p| p.id()))
            .bind(d.description.clone())
            .execute(&mut *tx)
            .await?;
            Ok(r.rows_affected())
        })?;
        if changed == 0 {
            return Err(StoreError::NotFound("product"));
        }
        self.product(id).await
    }

    /// Sets a product's photo (already made small by the caller); returns its new version.
    pub async fn put_product_photo(
        &self,
        product: Uuid,
        photo: &ProductPhoto,
    ) -> Result<String, StoreError> {
        let now = now_micros();
        let version = Uuid::new_v4().simple().to_string()[..12].to_string();
        write_tx!(self, tx, {
            sqlx::query("DELETE FROM product_photos WHERE product_id = $1")
                .bind(product.to_string())
                .execute(&mut *tx)
                .await?;
            sqlx::query(
                "INSERT INTO product_photos (product_id, content_type, width, height, bytes, version, updated_at) \
                 VALUES ($1, $2, $3, $4, $5, $6, $7)",
            )
            .bind(product.to_string())
            .bind(photo.content_type.clone())
            .bind(i64::from(photo.width))
            .bind(i64::from(photo.height))
            .bind(photo.bytes.clone())
            .bind(version.clone())
            .bind(now)
            .execute(&mut *tx)
            .await?;
            Ok(())
        })?;
        Ok(version)
    }

    /// A product's photo, if it has one.
    pub async fn product_photo(&self, product: Uuid) -> Result<Option<ProductPhoto>, StoreError> {
        let row = sqlx::query(
            "SELECT content_type, width, height, bytes, version FROM product_photos WHERE product_id = $1",
        )
        .bind(product.to_string())
        .fetch_optional(&self.pool)
        .await?;
        row.map(|r| {
            Ok(ProductPhoto {
                content_type: r.try_get(0)?,
                width: u32::try_from(r.try_get::<i64, _>(1)?).map_err(|e| corrupt("width", e))?,
                height: u32::try_from(r.try_get::<i64, _>(2)?).map_err(|e| corrupt("height", e))?,
                bytes: r.try_get(3)?,
                version: r.try_get(4)?,
            })
        })
        .transpose()
    }

    /// Removes a product's photo (nothing when it has none).
    pub async fn delete_product_photo(&self, product: Uuid) -> Result<(), StoreError> {
        write_tx!(self, tx, {
            sqlx::query("DELETE FROM product_photos WHERE product_id = $1")
                .bind(product.to_string())
                .execute(&mut *tx)
                .await?;
            Ok(())
        })
    }

    pub async fn product(&self, id: Uuid) -> Result<Product, StoreError> {
        let row = sqlx::query(&format!(
            "SELECT {PRODUCT_COLUMNS} FROM products p WHERE p.id = $1"
        ))
        .bind(id.to_string())
        .fetch_optional(&self.pool)
        .await?
        .ok_or(StoreError::NotFound("product"))?;
        product_from_row(&row)
    }

    /// A producer organization's catalogue.
    pub async fn products_of(&self, org: Uuid) -> Result<Vec<Product>, StoreError> {
        let rows = sqlx::query(&format!(
            "SELECT {PRODUCT_COLUMNS} FROM products p WHERE p.organization_id = $1 ORDER BY p.name, p.id"
        ))
        .bind(org.to_string())
        .fetch_all(&self.pool)
        .await?;
        rows.iter().map(product_from_row).collect()
    }

    /// Creates an order cycle with its pickup points and participants.
    pub async fn create_cycle(&self, d: &CycleDraft) -> Result<Cycle, StoreError> {
        let id = Uuid::new_v4();
        write_tx!(self, tx, {
            insert_cycle(&mut tx, id, d).await?;
            Ok(())
        })?;
        self.cycle(id).await
    }

    /// A copy of a cycle, its pickup points, participants and offers (with their full
    /// quantities and no lines), `days` later.
    pub async fn clone_cycle(&self, id: Uuid, days: i64) -> Result<Cycle, StoreError> {
        let src = self.cycle(id).await?;
        let offers = self.offers(id).await?;
        let shift = |t: Timestamp| {
            t.checked_add(jiff::SignedDuration::from_hours(24 * days))
                .unwrap_or(t)
        };
        let delivery_date = src
            .delivery_date
            .checked_add(jiff::Span::new().days(days))
            .unwrap_or(src.delivery_date);
        let mut draft = CycleDraft {
            hub_id: src.hub_id,
            name: naming::copy_name(&src.name, src.delivery_date, delivery_date, days),
            currency: src.currency,
            policy: src.policy,
            opens_at: shift(src.opens_at),
            closes_at: shift(src.closes_at),
            delivery_date,
            payment_terms_days: src.payment_terms_days,
            pickup_points: src
                .pickup_points
                .iter()
                .map(|p| PickupPointDraft {
                    name: p.name.clone(),
                    organization_id: p.organization_id,
                    location: p.location,
                })
                .collect(),
            producers: src.producers.clone(),
            consumer_groups: src.consumer_groups.clone(),
        };
        let new_id = Uuid::new_v4();
        write_tx!(self, tx, {
            // Named for its dates; should that name be taken too, the date is added, then a
            // number.
            let base = draft.name.clone();
            let mut n = 1;
            while cycle_name_taken(&mut tx, draft.hub_id, &draft.name, None).await? {
                n += 1;
                draft.name = if n == 2 {
                    format!("{base} — {}", draft.delivery_date)
                } else {
                    format!("{base} — {} ({n})", draft.delivery_date)
                };
            }
            insert_cycle(&mut tx, new_id, &draft).await?;
            for o in &offers {
                insert_offer(
                    &mut tx,
                    new_id,
                    o.producer_id,
                    &OfferDraft {
                        product_id: o.product.id,
                        quantity: o.quantity,
                        producer_price_minor: o.producer_price.minor(),
                        fees: o.fees.clone(),
                        transport: o.transport,
                    },
                )
                .await?;
            }
            Ok(())
        })?;
        self.cycle(new_id).await
    }

    /// Changes an open cycle's name and times (the rest stays); its name must stay its own
    /// among the hub's cycles, and it closes after it opens.
    pub async fn update_cycle(&self, id: Uuid, ch: &CycleChange) -> Result<Cycle, StoreError> {
        let current = self.cycle(id).await?;
        if current.is_closed() {
            return Err(StoreError::Conflict(Conflict::LinesClosed));
        }
        let name = ch.name.clone().unwrap_or(current.name.clone());
        let opens_at = ch.opens_at.unwrap_or(current.opens_at);
        let closes_at = ch.closes_at.unwrap_or(current.closes_at);
        let delivery = ch.delivery_date.unwrap_or(current.delivery_date);
        if closes_at <= opens_at {
            return Err(StoreError::Invalid(Invalid::field(
                "closes_at",
                "must be after opens_at",
            )));
        }
        write_tx!(self, tx, {
            if cycle_name_taken(&mut tx, current.hub_id, &name, Some(id)).await? {
                return Err(name_taken_error(&name));
            }
            let r = sqlx::query(
                "UPDATE cycles SET name = $2, opens_at = $3, closes_at = $4, delivery_date = $5 \
                 WHERE id = $1 AND status = 'open'",
            )
            .bind(id.to_string())
            .bind(name.clone())
            .bind(opens_at.as_microsecond())
            .bind(closes_at.as_microsecond())
            .bind(delivery.to_string())
            .execute(&mut *tx)
            .await?;
            if r.rows_affected() == 0 {
                return Err(StoreError::Conflict(Conflict::LinesClosed));
            }
            Ok(())
        })?;
        self.cycle(id).await
    }

    pub async fn cycle(&self, id: Uuid) -> Result<Cycle, StoreError> {
        let r = sqlx::query(
            "SELECT id, hub_id, name, currency, policy, opens_at, closes_at, delivery_date, payment_terms_days, status, \
             prices_approved_by FROM cycles WHERE id = $1",
        )
        .bind(id.to_string())
        .fetch_optional(&self.pool)
        .await?
        .ok_or(StoreError::NotFound("cycle"))?;
        let pickup_points = sqlx::query("SELECT id, name, organization_id, lat, lon FROM pickup_points WHERE cycle_id = $1 ORDER BY name, id")
            .bind(id.to_string())
            .fetch_all(&self.pool)
            .await?
            .iter()
            .map(|p| {
                Ok(PickupPoint {
                    id: p.uuid(0)?,
                    name: p.try_get(1)?,
                    organization_id: p.uuid(2)?,
                    location: location(p.try_get(3)?, p.try_get(4)?)?,
                })
            })
            .collect::<Result<Vec<_>, StoreError>>()?;
        let mut producers = Vec::new();
        let mut consumer_groups = Vec::new();
        for p in sqlx::query("SELECT organization_id, role, tier FROM cycle_participants WHERE cycle_id = $1 ORDER BY tier, organization_id")
            .bind(id.to_string())
            .fetch_all(&self.pool)
            .await?
        {
            let org = p.uuid(0)?;
            if p.try_get::<String, _>(1)? == "producer" {
                producers.push(org);
            } else {
                consumer_groups.push(Participant { organization_id: org, tier: p.try_get::<i64, _>(2)? as u32 });
            }
        }
        Ok(Cycle {
            id,
            hub_id: r.uuid("hub_id")?,
            name: r.try_get("name")?,
            currency: r.currency("currency")?,
            policy: Policy::parse(&r.try_get::<String, _>("policy")?)
                .map_err(|e| corrupt("policy", e))?,
            opens_at: r.instant("opens_at")?,
            closes_at: r.instant("closes_at")?,
            delivery_date: r.date("delivery_date")?,
            payment_terms_days: r.try_get::<i64, _>("payment_terms_days")? as u32,
            status: r.concept("status")?,
            pickup_points,
            producers,
            consumer_groups,
            prices_approved_by: r.opt_uuid("prices_approved_by")?,
        })
    }

    /// Cycles, newest first; of one hub when given.
    pub async fn cycles(&self, hub: Option<Uuid>) -> Result<Vec<Cycle>, StoreError> {
        let ids: Vec<String> = sqlx::query_scalar("SELECT id FROM cycles WHERE ($1 IS NULL OR hub_id = $1) ORDER BY opens_at DESC, id LIMIT 200")
            .bind(hub.map(|h| h.to_string()))
            .fetch_all(&self.pool)
            .await?;
        let mut out = Vec::with_capacity(ids.len());
        for id in ids {
            out.push(self.cycle(parse_uuid(&id)?).await?);
        }
        Ok(out)
    }

    /// Moves an open cycle's opening and closing times and its delivery date.
    pub async fn reschedule_cycle(
        &self,
        id: Uuid,
        opens_at: Timestamp,
        closes_at: Timestamp,
        delivery_date: Date,
    ) -> Result<Cycle, StoreError> {
        if closes_at <= opens_at {
            return Err(StoreError::Invalid(Invalid::field(
                "closes_at",
                "must be after opens_at",
            )));
        }
        write_tx!(self, tx, {
            let n = sqlx::query(
                "UPDATE cycles SET opens_at = $2, closes_at = $3, delivery_date = $4 WHERE id = $1",
            )
            .bind(id.to_string())
            .bind(opens_at.as_microsecond())
            .bind(closes_at.as_microsecond())
            .bind(delivery_date.to_string())
            .execute(&mut *tx)
            .await?
            .rows_affected();
            if n == 0 {
                return Err(StoreError::NotFound("cycle"));
            }
            // Deliveries count on their day: a closed cycle's rollups move with it.
            sqlx::query("UPDATE impact_rollups SET day = $2 WHERE cycle_id = $1")
                .bind(id.to_string())
                .bind(delivery_date.to_string())
                .execute(&mut *tx)
                .await?;
            Ok(())
        })?;
        self.cycle(id).await
    }

    /// Puts a producer's product on offer in a cycle.
    pub async fn create_offer(&self, cycle: Uuid, d: &OfferDraft) -> Result<Offer, StoreError> {
        let product = self.product(d.product_id).await.map_err(|e| match e {
            StoreError::NotFound(_) => {
                StoreError::Invalid(Invalid::field("product_id", "no product has this id"))
            }
            e => e,
        })?;
        let c = self.cycle(cycle).await?;
        if c.is_closed() {
            return Err(StoreError::Conflict(Conflict::OffersClosed));
        }
        if !c.producers.contains(&product.organization_id) {
            return Err(StoreError::Invalid(Invalid::field(
                "product_id",
                "the product's producer does not take part in this cycle",
            )));
        }
        if let Err((field, reason)) = pricing::check_offer_amounts(
            Money::new(d.producer_price_minor, c.currency),
            &d.fees,
            d.quantity,
        ) {
            return Err(StoreError::Invalid(Invalid::field(field, reason)));
        }
        let id = write_tx!(self, tx, {
            check_fee_recipients(&mut tx, &c, &d.fees).await?;
            insert_offer(&mut tx, cycle, product.organization_id, d).await
        })?;
        self.offer(id).await
    }

    /// Changes an offer while its cycle is open: quantity, producer price, fees and transport
    /// (its product stays: withdraw it and add another instead). Under `first_come` the
    /// quantity may not go below what is ordered already.
    pub async fn update_offer(&self, offer: Uuid, d: &OfferDraft) -> Result<Offer, StoreError> {
        let current = self.offer(offer).await?;
        if current.product.id != d.product_id {
            return Err(StoreError::Invalid(Invalid::field(
                "product_id",
                "an offer's product cannot change: withdraw the offer and add another",
            )));
        }
        let c = self.cycle(current.cycle_id).await?;
        if let Err((field, reason)) = pricing::check_offer_amounts(
            Money::new(d.producer_price_minor, c.currency),
            &d.fees,
            d.quantity,
        ) {
            return Err(StoreError::Invalid(Invalid::field(field, reason)));
        }
        write_tx!(self, tx, {
            let row = sqlx::query(
                "SELECT c.status, o.reserved, o.prepaid, c.prices_approved_by, o.producer_price, o.fees \
                 FROM offers o JOIN cycles c ON c.id = o.cycle_id WHERE o.id = $1",
            )
            .bind(offer.to_string())
            .fetch_optional(&mut *tx)
            .await?
            .ok_or(StoreError::NotFound("offer"))?;
            let status: String = row.try_get(0)?;
            let reserved: i64 = row.try_get(1)?;
            if row.try_get::<i64, _>(2)? != 0 {
                return Err(season_offer());
            }
            if status == "closed" {
                return Err(StoreError::Conflict(Conflict::OffersClosed));
            }
            // An approved price list keeps its prices and fees; the quantity on offer may
            // still change.
            if row.try_get::<Option<String>, _>(3)?.is_some() {
                let fees: Vec<Fee> = serde_json::from_str(&row.try_get::<String, _>(5)?)
                    .map_err(|e| corrupt("fees", e))?;
                if row.try_get::<i64, _>(4)? != d.producer_price_minor || fees != d.fees {
                    return Err(StoreError::Conflict(Conflict::PricesApproved));
                }
            }
            if c.policy == Policy::FirstCome && (d.quantity as i64) < reserved {
                return Err(StoreError::Conflict(Conflict::BelowOrdered {
                    ordered: reserved as u64,
                }));
            }
            check_fee_recipients(&mut tx, &c, &d.fees).await?;
            sqlx::query(
                "UPDATE offers SET quantity = $2, producer_price = $3, fees = $4, transport_mode = $5, \
                 distance_km = $6, distance_basis = $7 WHERE id = $1",
            )
            .bind(offer.to_string())
            .bind(d.quantity as i64)
            .bind(d.producer_price_minor)
            .bind(serde_json::to_string(&d.fees).map_err(|e| corrupt("fees", e))?)
            .bind(d.transport.map(|t| t.mode.id()))
            .bind_double(d.transport.map(|t| t.distance_km))
            .bind(d.transport.map(|t| distance_basis_id(t.distance_basis)))
            .execute(&mut *tx)
            .await?;
            Ok(())
        })?;
        self.offer(offer).await
    }

    /// Who answers for an offer: its cycle's hub and its producer. Read without pricing the
    /// offer, so that even an offer that cannot be priced can be withdrawn.
    pub async fn offer_parties(&self, offer: Uuid) -> Result<(Uuid, Uuid), StoreError> {
        let r = sqlx::query(
            "SELECT c.hub_id, o.producer_id FROM offers o JOIN cycles c ON c.id = o.cycle_id WHERE o.id = $1",
        )
        .bind(offer.to_string())
        .fetch_optional(&self.pool)
        .await?
        .ok_or(StoreError::NotFound("offer"))?;
        Ok((r.uuid(0)?, r.uuid(1)?))
    }

    /// Withdraws an offer while its cycle is still open: the offer and every line placed on it
    /// go, in one transaction. Returns how many lines were cancelled with it.
    pub async fn withdraw_offer(&self, offer: Uuid) -> Result<u64, StoreError> {
        write_tx!(self, tx, {
            let status: Option<(String, i64)> = sqlx::query_as(
                "SELECT c.status, o.prepaid FROM offers o JOIN cycles c ON c.id = o.cycle_id WHERE o.id = $1",
            )
            .bind(offer.to_string())
            .fetch_optional(&mut *tx)
            .await?;
            match status {
                None => return Err(StoreError::NotFound("offer")),
                Some((s, _)) if s == "closed" => {
                    return Err(StoreError::Conflict(Conflict::WithdrawalsClosed))
                }
                Some((_, prepaid)) if prepaid != 0 => return Err(season_offer()),
                Some(_) => {}
            }
            let lines = sqlx::query("DELETE FROM order_lines WHERE offer_id = $1")
                .bind(offer.to_string())
                .execute(&mut *tx)
                .await?
                .rows_affected();
            sqlx::query("DELETE FROM offers WHERE id = $1")
                .bind(offer.to_string())
                .execute(&mut *tx)
                .await?;
            Ok(lines)
        })
    }

    pub async fn offer(&self, id: Uuid) -> Result<Offer, StoreError> {
        let r = sqlx::query(&format!("{OFFER_SELECT} WHERE o.id = $1"))
            .bind(id.to_string())
            .fetch_optional(&self.pool)
            .await?
            .ok_or(StoreError::NotFound("offer"))?;
        offer_from_row(&r)
    }

    /// A cycle's offers, by product name.
    pub async fn offers(&self, cycle: Uuid) -> Result<Vec<Offer>, StoreError> {
        sqlx::query(&format!(
            "{OFFER_SELECT} WHERE o.cycle_id = $1 ORDER BY p.name, o.id"
        ))
        .bind(cycle.to_string())
        .fetch_all(&self.pool)
        .await?
        .iter()
        .map(offer_from_row)
        .collect()
    }

    pub async fn line(&self, id: Uuid) -> Result<Line, StoreError> {
        let r = sqlx::query(&format!("{LINE_SELECT} WHERE l.id = $1"))
            .bind(id.to_string())
            .fetch_optional(&self.pool)
            .await?
            .ok_or(StoreError::NotFound("order line"))?;
        line_from_row(&r)
    }

    /// Lines of a cycle, of one consumer group when given, of one person when given.
    pub async fn lines(
        &self,
        cycle: Uuid,
        group: Option<Uuid>,
        person: Option<Uuid>,
    ) -> Result<Vec<Line>, StoreError> {
        sqlx::query(&format!(
            "{LINE_SELECT} WHERE l.cycle_id = $1 AND ($2 IS NULL OR l.consumer_group_id = $2) \
             AND ($3 IS NULL OR l.person_id = $3) ORDER BY l.seq, l.id"
        ))
        .bind(cycle.to_string())
        .bind(group.map(|g| g.to_string()))
        .bind(person.map(|p| p.to_string()))
        .fetch_all(&self.pool)
        .await?
        .iter()
        .map(line_from_row)
        .collect()
    }

    /// Changes a line's quantity (0 cancels it) while its cycle is open.
    pub async fn change_line(&self, id: Uuid, quantity: u64) -> Result<Option<Line>, StoreError> {
        let now = now_micros();
        write_tx!(self, tx, {
            let r = sqlx::query(
                "SELECT l.cycle_id, l.offer_id, l.quantity, c.status, c.closes_at, c.policy FROM order_lines l \
                 JOIN cycles c ON c.id = l.cycle_id WHERE l.id = $1",
            )
            .bind(id.to_string())
            .fetch_optional(&mut *tx)
            .await?
            .ok_or(StoreError::NotFound("order line"))?;
            let (cycle, offer): (String, String) = (r.try_get(0)?, r.try_get(1)?);
            let old: i64 = r.try_get(2)?;
            let (status, closes, policy): (String, i64, String) =
                (r.try_get(3)?, r.try_get(4)?, r.try_get(5)?);
            if status != "open" || now >= closes {
                return Err(StoreError::Conflict(Conflict::LinesClosed));
            }
            reserve(
                &mut tx,
                parse_uuid(&cycle)?,
                parse_uuid(&offer)?,
                quantity as i64 - old,
                &policy,
            )
            .await?;
            if quantity == 0 {
                sqlx::query("DELETE FROM order_lines WHERE id = $1")
                    .bind(id.to_string())
                    .execute(&mut *tx)
                    .await?;
            } else {
                sqlx::query("UPDATE order_lines SET quantity = $2, updated_at = $3 WHERE id = $1")
                    .bind(id.to_string())
                    .bind(quantity as i64)
                    .bind(now)
                    .execute(&mut *tx)
                    .await?;
            }
            Ok(())
        })?;
        if quantity == 0 {
            Ok(None)
        } else {
            self.line(id).await.map(Some)
        }
    }

    /// The cycles a person ordered in, latest delivery first (at most `limit`).
    pub async fn cycles_ordered_by(
        &self,
        person: Uuid,
        limit: i64,
    ) -> Result<Vec<Uuid>, StoreError> {
        sqlx::query(
            "SELECT c.id, c.delivery_date FROM cycles c WHERE EXISTS \
             (SELECT 1 FROM order_lines l WHERE l.cycle_id = c.id AND l.person_id = $1) \
             ORDER BY c.delivery_date DESC, c.id LIMIT $2",
        )
        .bind(person.to_string())
        .bind(limit)
        .fetch_all(&self.pool)
        .await?
        .iter()
        .map(|r| r.uuid(0))
        .collect()
    }

    /// Invoice and statement totals of a closed cycle (of one organization when given).
    pub async fn documents(
        &self,
        cycle: Uuid,
        org: Option<Uuid>,
    ) -> Result<Vec<DocumentTotal>, StoreError> {
        sqlx::query(
            "SELECT kind, organization_id, currency, total_minor, due_date, series, number, issued_on FROM cycle_documents \
             WHERE cycle_id = $1 AND ($2 IS NULL OR organization_id = $2) ORDER BY kind, organization_id",
        )
        .bind(cycle.to_string())
        .bind(org.map(|o| o.to_string()))
        .fetch_all(&self.pool)
        .await?
        .iter()
        .map(|r| {
            Ok(DocumentTotal {
                kind: r.concept(0)?,
                organization_id: r.uuid(1)?,
                total: r.money(3, r.currency(2)?)?,
                due_date: r.date(4)?,
                number: match (r.try_get::<Option<String>, _>(5)?, r.try_get::<Option<i64>, _>(6)?) {
                    (Some(series), Some(n)) => Some(document_number(&series, n)),
                    _ => None,
                },
                issued_on: match r.try_get::<Option<String>, _>(7)? {
                    Some(_) => Some(r.date(7)?),
                    None => None,
                },
            })
        })
        .collect()
    }

    /// A packing list: allocated units by pickup point, producer, consumer group and product;
    /// of one pickup point when given, cut per producer, per group or per household.
    pub async fn packing(
        &self,
        cycle: Uuid,
        pickup: Option<Uuid>,
        by: PackingBy,
    ) -> Result<Vec<PackingRow>, StoreError> {
        // The columns a cut keeps; the others are NULL in the answer. (PostgreSQL refuses a
        // constant in GROUP BY and ORDER BY, so those list only the kept ones.)
        let (group_col, person_col) = match by {
            PackingBy::Producer => (None, None),
            PackingBy::Group => (Some("l.consumer_group_id"), None),
            PackingBy::Household => (Some("l.consumer_group_id"), Some("l.person_id")),
        };
        let keys: String = [group_col, person_col]
            .into_iter()
            .flatten()
            .map(|c| format!(", {c}"))
            .collect();
        let sql = format!(
            "SELECT l.pickup_point_id, o.producer_id, {} AS consumer_group_id, p.id, p.name, p.unit, \
             CAST(SUM(l.allocated) AS BIGINT), {} AS person_id \
             FROM order_lines l JOIN offers o ON o.id = l.offer_id JOIN products p ON p.id = o.product_id \
             WHERE l.cycle_id = $1 AND ($2 IS NULL OR l.pickup_point_id = $2) AND l.allocated > 0 \
             GROUP BY l.pickup_point_id, o.producer_id{keys}, p.id, p.name, p.unit \
             ORDER BY l.pickup_point_id, o.producer_id{keys}, p.name",
            group_col.unwrap_or("NULL"),
            person_col.unwrap_or("NULL"),
        );
        sqlx::query(&sql)
            .bind(cycle.to_string())
            .bind(pickup.map(|p| p.to_string()))
            .fetch_all(&self.pool)
            .await?
            .iter()
            .map(|r| {
                Ok(PackingRow {
                    pickup_point_id: r.opt_uuid(0)?,
                    producer_id: r.uuid(1)?,
                    consumer_group_id: r.opt_uuid(2)?,
                    product_id: r.uuid(3)?,
                    product_name: r.try_get(4)?,
                    unit: r.try_get(5)?,
                    units: r.count(6)?,
                    person_id: r.opt_uuid(7)?,
                })
            })
            .collect()
    }

    /// Supplier totals of a closed cycle: what each offer delivered and what its producer is
    /// owed for it, from the totals written at close.
    pub async fn supplier_totals(&self, cycle: Uuid) -> Result<Vec<SupplierTotal>, StoreError> {
        sqlx::query(
            "SELECT t.producer_id, t.offer_id, p.name, p.unit, t.units, t.producer_minor, t.total_minor, c.currency \
             FROM cycle_offer_totals t JOIN offers o ON o.id = t.offer_id JOIN products p ON p.id = o.product_id \
             JOIN cycles c ON c.id = t.cycle_id WHERE t.cycle_id = $1 ORDER BY t.producer_id, p.name, t.offer_id",
        )
        .bind(cycle.to_string())
        .fetch_all(&self.pool)
        .await?
        .iter()
        .map(|r| {
            let cur = r.currency(7)?;
            Ok(SupplierTotal {
                producer_id: r.uuid(0)?,
                offer_id: r.uuid(1)?,
                product_name: r.try_get(2)?,
                unit: r.try_get(3)?,
                units: r.count(4)?,
                producer_amount: r.money(5, cur)?,
                consumer_total: r.money(6, cur)?,
            })
        })
        .collect()
    }

    /// Obligations where `org` is debtor or creditor (all when `None`); only outstanding ones
    /// when `outstanding_only`.
    pub async fn obligations(
        &self,
        org: Option<Uuid>,
        outstanding_only: bool,
    ) -> Result<Vec<Obligation>, StoreError> {
        let rows = sqlx::query(&format!(
            "SELECT * FROM ({OBLIGATION_SELECT} WHERE ($1 IS NULL OR o.debtor_id = $1 OR o.creditor_id = $1)) x \
             WHERE ($2 = 0 OR x.amount > x.paid) ORDER BY x.due_date, x.id"
        ))
        .bind(org.map(|o| o.to_string()))
        .bind(i64::from(outstanding_only))
        .fetch_all(&self.pool)
        .await?;
        rows.iter().map(obligation_from_row).collect()
    }

    pub async fn obligation(&self, id: Uuid) -> Result<Obligation, StoreError> {
        let r = sqlx::query(&format!("{OBLIGATION_SELECT} WHERE o.id = $1"))
            .bind(id.to_string())
            .fetch_optional(&self.pool)
            .await?
            .ok_or(StoreError::NotFound("obligation"))?;
        obligation_from_row(&r)
    }

    /// Outstanding obligations between organizations of a network (both sides inside it).
    pub async fn network_obligations(&self, network: Uuid) -> Result<Vec<Obligation>, StoreError> {
        let rows = sqlx::query(&format!(
            "{tree} SELECT * FROM ({OBLIGATION_SELECT}) x WHERE x.amount > x.paid \
             AND x.debtor_id IN (SELECT id FROM tree UNION SELECT $1) AND x.creditor_id IN (SELECT id FROM tree UNION SELECT $1) \
             ORDER BY x.due_date, x.id",
            tree = crate::organizations::NETWORK_TREE
        ))
        .bind(network.to_string())
        .fetch_all(&self.pool)
        .await?;
        rows.iter().map(obligation_from_row).collect()
    }

    /// Records a payment against an obligation, with its ledger transaction. A payment above
    /// what is outstanding is refused.
    pub async fn record_payment(&self, p: &PaymentDraft) -> Result<Obligation, StoreError> {
        let now = now_micros();
        write_tx!(self, tx, {
            let r = sqlx::query(&format!("{OBLIGATION_SELECT} WHERE o.id = $1"))
                .bind(p.obligation_id.to_string())
                .fetch_optional(&mut *tx)
                .await?
                .ok_or(StoreError::NotFound("obligation"))?;
            let o = obligation_from_row(&r)?;
            if p.amount_minor <= 0 {
                return Err(StoreError::Invalid(Invalid::field(
                    "amount",
                    "must be more than zero",
                )));
            }
            if p.amount_minor > o.outstanding.minor() {
                return Err(StoreError::Conflict(Conflict::MoreThanOwed {
                    owed: o.outstanding,
                }));
            }
            let payment = Uuid::new_v4();
            sqlx::query(
                "INSERT INTO payments (id, obligation_id, amount, method, reference, paid_on, recorded_by, created_at) \
                 VALUES ($1, $2, $3, $4, $5, $6, $7, $8)",
            )
            .bind(payment.to_string())
            .bind(p.obligation_id.to_string())
            .bind(p.amount_minor)
            .bind(p.method.id())
            .bind(p.reference.clone())
            .bind(p.paid_on.to_string())
            .bind(p.recorded_by.map(|r| r.to_string()))
            .bind(now)
            .execute(&mut *tx)
            .await?;
            let t = Transaction::settlement(
                Uuid::new_v4(),
                format!("payment ({})", p.method),
                o.debtor_id,
                o.creditor_id,
                Money::new(p.amount_minor, o.amount.currency()),
                true,
            )
            .map_err(|e| StoreError::Conflict(Conflict::Ledger(e)))?;
            execute_statements(&mut tx, &transaction_statements(&t, o.cycle_id, now)).await?;
            let entries = [
                Entry::Payment {
                    id: payment,
                    obligation: o.id,
                    debtor: o.debtor_id,
                    creditor: o.creditor_id,
                    currency: o.amount.currency().code().to_string(),
                    amount: p.amount_minor,
                    method: p.method.id().to_string(),
                    paid_on: p.paid_on.to_string(),
                    reverses: None,
                    created_at: now,
                },
                transaction_entry(&t, o.cycle_id, now),
            ];
            crate::chain::seal(&mut tx, &entries, now).await?;
            Ok(())
        })?;
        self.obligation(p.obligation_id).await
    }

    /// The payments on the obligations of `org` (either side), newest first, at most `limit`.
    pub async fn payments_of(&self, org: Uuid, limit: i64) -> Result<Vec<Payment>, StoreError> {
        sqlx::query(&format!(
            "{PAYMENT_SELECT} WHERE o.debtor_id = $1 OR o.creditor_id = $1 \
             ORDER BY p.created_at DESC, p.id LIMIT $2"
        ))
        .bind(org.to_string())
        .bind(limit)
        .fetch_all(&self.pool)
        .await?
        .iter()
        .map(payment_from_row)
        .collect()
    }

    /// The payments on one obligation, oldest first.
    pub async fn payments_on(&self, obligation: Uuid) -> Result<Vec<Payment>, StoreError> {
        sqlx::query(&format!(
            "{PAYMENT_SELECT} WHERE p.obligation_id = $1 ORDER BY p.created_at, p.id"
        ))
        .bind(obligation.to_string())
        .fetch_all(&self.pool)
        .await?
        .iter()
        .map(payment_from_row)
        .collect()
    }

    /// One payment.
    pub async fn payment(&self, id: Uuid) -> Result<Payment, StoreError> {
        let r = sqlx::query(&format!("{PAYMENT_SELECT} WHERE p.id = $1"))
            .bind(id.to_string())
            .fetch_optional(&self.pool)
            .await?
            .ok_or(StoreError::NotFound("payment"))?;
        payment_from_row(&r)
    }

    /// Reverses payment `id`: records its negative, naming it, dated `on`, with the ledger's
    /// mirror transaction; the obligation is owed again by that much. Refused for a set-off, a
    /// reversal, or a payment reversed already (the unique index also holds against twins).
    pub async fn reverse_payment(
        &self,
        id: Uuid,
        reversal: Uuid,
        transaction: Uuid,
        by: Option<Uuid>,
        on: Date,
    ) -> Result<Payment, StoreError> {
        let now = now_micros();
        write_tx!(self, tx, {
            let r = sqlx::query(&format!("{PAYMENT_SELECT} WHERE p.id = $1"))
                .bind(id.to_string())
                .fetch_optional(&mut *tx)
                .await?
                .ok_or(StoreError::NotFound("payment"))?;
            let p = payment_from_row(&r)?;
            p.reversible().map_err(StoreError::Conflict)?;
            // The cash behind a season's advance stays: reversing it would leave the advance
            // (the producer's debt in kind) standing on nothing.
            let advance: Option<String> =
                sqlx::query_scalar("SELECT id FROM season_advances WHERE instalment_id = $1")
                    .bind(p.obligation_id.to_string())
                    .fetch_optional(&mut *tx)
                    .await?;
            if advance.is_some() {
                return Err(StoreError::Conflict(Conflict::NotReversible));
            }
            let inserted = sqlx::query(
                "INSERT INTO payments (id, obligation_id, amount, method, reference, paid_on, recorded_by, created_at, reverses) \
                 VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9) ON CONFLICT (reverses) DO NOTHING",
            )
            .bind(reversal.to_string())
            .bind(p.obligation_id.to_string())
            .bind(-p.amount.minor())
            .bind(p.method.clone())
            .bind(p.reference.clone())
            .bind(on.to_string())
            .bind(by.map(|b| b.to_string()))
            .bind(now)
            .bind(id.to_string())
            .execute(&mut *tx)
            .await?;
            if inserted.rows_affected() == 0 {
                return Err(StoreError::Conflict(Conflict::PaymentReversed));
            }
            let t = Transaction::settlement_reversal(
                transaction,
                format!("payment reversed ({})", p.method),
                p.debtor_id,
                p.creditor_id,
                p.amount,
            )
            .map_err(|e| StoreError::Conflict(Conflict::Ledger(e)))?;
            execute_statements(&mut tx, &transaction_statements(&t, None, now)).await?;
            let entries = [
                Entry::Payment {
                    id: reversal,
                    obligation: p.obligation_id,
                    debtor: p.debtor_id,
                    creditor: p.creditor_id,
                    currency: p.amount.currency().code().to_string(),
                    amount: -p.amount.minor(),
                    method: p.method.clone(),
                    paid_on: on.to_string(),
                    reverses: Some(id),
                    created_at: now,
                },
                transaction_entry(&t, None, now),
            ];
            crate::chain::seal(&mut tx, &entries, now).await?;
            Ok(())
        })?;
        self.payment(reversal).await
    }

    /// An organization's account balances, from the ledger.
    pub async fn balances(&self, org: Uuid) -> Result<Vec<Balance>, StoreError> {
        sqlx::query(
            "SELECT kind, currency, CAST(SUM(amount) AS BIGINT) FROM ledger_postings WHERE organization_id = $1 \
             GROUP BY kind, currency ORDER BY currency, kind",
        )
        .bind(org.to_string())
        .fetch_all(&self.pool)
        .await?
        .iter()
        .map(|r| {
            Ok(Balance {
                kind: r.concept(0)?,
                amount: r.money(2, r.currency(1)?)?,
            })
        })
        .collect()
    }

    /// Every ledger posting of `org`, oldest first: (transaction, when, memo, account kind,
    /// amount). The ledger's own rows, for an export.
    pub async fn ledger_postings_of(
        &self,
        org: Uuid,
    ) -> Result<Vec<(Uuid, Timestamp, String, String, Money)>, StoreError> {
        sqlx::query(
            "SELECT t.id, t.created_at, t.memo, p.kind, p.currency, p.amount \
             FROM ledger_postings p JOIN ledger_transactions t ON t.id = p.transaction_id \
             WHERE p.organization_id = $1 ORDER BY t.created_at, t.id, p.kind, p.currency",
        )
        .bind(org.to_string())
        .fetch_all(&self.pool)
        .await?
        .iter()
        .map(|r| {
            Ok((
                r.uuid(0)?,
                r.instant(1)?,
                r.try_get(2)?,
                r.try_get(3)?,
                r.money(5, r.currency(4)?)?,
            ))
        })
        .collect()
    }

    /// Sum of every posting per currency: zero in a sound ledger.
    pub async fn ledger_totals(&self) -> Result<Vec<(String, i64)>, StoreError> {
        sqlx::query("SELECT currency, CAST(SUM(amount) AS BIGINT) FROM ledger_postings GROUP BY currency ORDER BY currency")
            .fetch_all(&self.pool)
            .await?
            .iter()
            .map(|r| Ok((r.try_get(0)?, r.try_get(1)?)))
            .collect()
    }
}

/// Adjusts an offer's reservation by `delta` units; under `first_come` it may not exceed the
/// quantity available, and the refusal says how much is left.
pub(crate) async fn reserve(
    tx: &mut SqlTx<'static, Any>,
    cycle: Uuid,
    offer: Uuid,
    delta: i64,
    policy: &str,
) -> Result<(), StoreError> {
    let capped = policy == Policy::FirstCome.id() && delta > 0;
    let n = sqlx::query(
        "UPDATE offers SET reserved = reserved + $3 WHERE id = $1 AND cycle_id = $2 AND prepaid = 0 \
         AND ($4 = 0 OR reserved + $3 <= quantity)",
    )
    .bind(offer.to_string())
    .bind(cycle.to_string())
    .bind(delta)
    .bind(i64::from(capped))
    .execute(&mut **tx)
    .await?
    .rows_affected();
    if n == 1 {
        return Ok(());
    }
    let left: Option<(i64, i64)> = sqlx::query_as(
        "SELECT quantity - reserved, prepaid FROM offers WHERE id = $1 AND cycle_id = $2",
    )
    .bind(offer.to_string())
    .bind(cycle.to_string())
    .fetch_optional(&mut **tx)
    .await?;
    Err(stock_refusal(left.map(|(l, p)| (l, p != 0)), delta))
}

/// Why `asked` units of an offer were refused, given what is left of it and whether it
/// holds a season's shares (`None`: no such offer in the cycle). The one wording for a line
/// placed (`placing`) and a line changed ([`reserve`]).
pub(crate) fn stock_refusal(offer: Option<(i64, bool)>, asked: i64) -> StoreError {
    match offer {
        None => StoreError::Invalid(Invalid::field("offer_id", "not an offer of this cycle")),
        // A season's offer holds its shares, paid in advance: nobody orders into it, and its
        // lines change only through the season (absences, the harvest declared).
        Some((_, true)) => StoreError::Invalid(Invalid::field(
            "offer_id",
            "this offer holds a season's shares: it takes no orders",
        )),
        Some((left, false)) => StoreError::Conflict(Conflict::StockLeft {
            left: left.max(0) as u64,
            asked: asked as u64,
        }),
    }
}

/// The refusal of a change to a season's offer through the cycle: it holds the season's
/// shares, paid in advance, and changes only through the season (its harvest declared).
fn season_offer() -> StoreError {
    StoreError::Invalid(Invalid::field(
        "offer_id",
        "this offer holds a season's shares: change it through the season (declare the harvest)",
    ))
}

/// Whether another cycle of `hub` (not `except`) has `name`, compared without case or spacing.
async fn cycle_name_taken(
    tx: &mut SqlTx<'static, Any>,
    hub: Uuid,
    name: &str,
    except: Option<Uuid>,
) -> Result<bool, StoreError> {
    let wanted = naming::comparable(name);
    let rows = sqlx::query("SELECT id, name FROM cycles WHERE hub_id = $1")
        .bind(hub.to_string())
        .fetch_all(&mut **tx)
        .await?;
    for r in rows {
        let id: String = r.try_get(0)?;
        let other: String = r.try_get(1)?;
        if Some(id) != except.map(|e| e.to_string()) && naming::comparable(&other) == wanted {
            return Ok(true);
        }
    }
    Ok(false)
}

fn name_taken_error(name: &str) -> StoreError {
    StoreError::Invalid(Invalid::field(
        "name",
        format!("another cycle of this hub is named \"{name}\": give this one a name of its own"),
    ))
}

pub(crate) async fn insert_cycle(
    tx: &mut SqlTx<'static, Any>,
    id: Uuid,
    d: &CycleDraft,
) -> Result<(), StoreError> {
    if cycle_name_taken(tx, d.hub_id, &d.name, None).await? {
        return Err(name_taken_error(&d.name));
    }
    sqlx::query(
        "INSERT INTO cycles (id, hub_id, name, currency, policy, opens_at, closes_at, delivery_date, payment_terms_days, \
         status, closed_at, created_at) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, 'open', NULL, $10)",
    )
    .bind(id.to_string())
    .bind(d.hub_id.to_string())
    .bind(d.name.clone())
    .bind(d.currency.code())
    .bind(d.policy.id())
    .bind(d.opens_at.as_microsecond())
    .bind(d.closes_at.as_microsecond())
    .bind(d.delivery_date.to_string())
    .bind(i64::from(d.payment_terms_days))
    .bind(now_micros())
    .execute(&mut **tx)
    .await?;
    for p in &d.pickup_points {
        sqlx::query("INSERT INTO pickup_points (id, cycle_id, name, organization_id, lat, lon) VALUES ($1, $2, $3, $4, $5, $6)")
            .bind(Uuid::new_v4().to_string())
            .bind(id.to_string())
            .bind(p.name.clone())
            .bind(p.organization_id.to_string())
            .bind_double(p.location.map(|l| l.lat.degrees()))
            .bind_double(p.location.map(|l| l.lon.degrees()))
            .execute(&mut **tx)
            .await?;
    }
    let participants = d.producers.iter().map(|p| (*p, "producer", 0u32)).chain(
        d.consumer_groups
            .iter()
            .map(|g| (g.organization_id, "consumer_group", g.tier)),
    );
    for (org, role, tier) in participants {
        sqlx::query("INSERT INTO cycle_participants (cycle_id, organization_id, role, tier) VALUES ($1, $2, $3, $4)")
            .bind(id.to_string())
            .bind(org.to_string())
            .bind(role)
            .bind(i64::from(tier))
            .execute(&mut **tx)
            .await
            .map_err(|e| StoreError::from(e).unique(Conflict::ListedTwice))?;
    }
    Ok(())
}

/// Fee recipients are organizations that exist and take part: the hub, a producer or consumer
/// group of the cycle, or an organization in a network the hub belongs to (or that network).
async fn check_fee_recipients(
    tx: &mut SqlTx<'static, Any>,
    c: &Cycle,
    fees: &[Fee],
) -> Result<(), StoreError> {
    let mut inv = Invalid { errors: Vec::new() };
    // The hub's networks, read when a recipient outside the cycle needs them.
    let mut hub_networks: Option<Vec<String>> = None;
    for (n, fee) in fees.iter().enumerate() {
        let r = fee.recipient;
        if r == c.hub_id
            || c.producers.contains(&r)
            || c.consumer_groups.iter().any(|g| g.organization_id == r)
        {
            continue;
        }
        let exists: i64 = sqlx::query_scalar("SELECT COUNT(*) FROM organizations WHERE id = $1")
            .bind(r.to_string())
            .fetch_one(&mut **tx)
            .await?;
        if exists == 0 {
            inv.errors.push(bayanihan_domain::FieldError {
                field: format!("fees[{n}].recipient"),
                reason: "no organization has this id".into(),
            });
            continue;
        }
        // In one of the hub's networks, or one of those networks itself.
        if hub_networks.is_none() {
            hub_networks = Some(
                sqlx::query_scalar(
                    "SELECT network_id FROM network_memberships WHERE member_id = $1 AND status = 'active'",
                )
                .bind(c.hub_id.to_string())
                .fetch_all(&mut **tx)
                .await?,
            );
        }
        let mut shared = false;
        for net in hub_networks.iter().flatten() {
            let inside: i64 = sqlx::query_scalar(&format!(
                "{NETWORK_TREE} SELECT COUNT(*) FROM tree WHERE id = $2"
            ))
            .bind(net)
            .bind(r.to_string())
            .fetch_one(&mut **tx)
            .await?;
            if *net == r.to_string() || inside > 0 {
                shared = true;
                break;
            }
        }
        if !shared {
            inv.errors.push(bayanihan_domain::FieldError {
                field: format!("fees[{n}].recipient"),
                reason: "this organization takes no part in the cycle or the hub's networks".into(),
            });
        }
    }
    if inv.errors.is_empty() {
        Ok(())
    } else {
        Err(StoreError::Invalid(inv))
    }
}

fn distance_basis_id(b: DistanceBasis) -> &'static str {
    match b {
        DistanceBasis::Stated => "stated",
        DistanceBasis::GreatCircleRoadFactor => "great_circle_x1.3",
    }
}

pub(crate) async fn insert_offer(
    tx: &mut SqlTx<'static, Any>,
    cycle: Uuid,
    producer: Uuid,
    d: &OfferDraft,
) -> Result<Uuid, StoreError> {
    // Every writer checks the bounds first; this keeps a quantity that slipped past them from
    // wrapping into a negative number.
    let quantity = i64::try_from(d.quantity)
        .map_err(|_| StoreError::Invalid(Invalid::field("quantity", "is too large")))?;
    // Nothing joins a price list its members approved.
    let approved: Option<Option<String>> =
        sqlx::query_scalar("SELECT prices_approved_by FROM cycles WHERE id = $1")
            .bind(cycle.to_string())
            .fetch_optional(&mut **tx)
            .await?;
    if matches!(approved, Some(Some(_))) {
        return Err(StoreError::Conflict(Conflict::PricesApproved));
    }
    let id = Uuid::new_v4();
    sqlx::query(
        "INSERT INTO offers (id, cycle_id, product_id, producer_id, quantity, reserved, producer_price, fees, transport_mode, \
         distance_km, distance_basis, created_at) VALUES ($1, $2, $3, $4, $5, 0, $6, $7, $8, $9, $10, $11)",
    )
    .bind(id.to_string())
    .bind(cycle.to_string())
    .bind(d.product_id.to_string())
    .bind(producer.to_string())
    .bind(quantity)
    .bind(d.producer_price_minor)
    .bind(serde_json::to_string(&d.fees).map_err(|e| corrupt("fees", e))?)
    .bind(d.transport.map(|t| t.mode.id()))
    .bind_double(d.transport.map(|t| t.distance_km))
    .bind(d.transport.map(|t| distance_basis_id(t.distance_basis)))
    .bind(now_micros())
    .execute(&mut **tx)
    .await?;
    Ok(id)
}
