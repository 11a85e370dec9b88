//! DFC (Data Food Consortium) catalogs: an enterprise's catalog and an open cycle's sale
//! session as DFC JSON-LD (public, as the shop and the catalogue pages), and a supplier's
//! DFC catalog brought into its products and a cycle's offers (its catalogue managers).
//! The format's rules are `bayanihan_domain::interop::dfc`'s.

use bayanihan_domain::access::{Action, Subject};
use bayanihan_domain::import::ProductRow;
use bayanihan_domain::interop::dfc::{self, CatalogEntry, CatalogOut, Unit};
use bayanihan_domain::trade::catalog::{ProductDraft, ProductInput};
use bayanihan_domain::trade::records::Offer;
use bayanihan_domain::Money;
use bayanihan_store::import::{ImportedOffer, RowAction};
use bayanihan_store::Store;
use serde_json::Value;
use uuid::Uuid;

use crate::{AppError, AppResult};

fn base(public_url: &str) -> String {
    format!("{}/api/v1/dfc", public_url.trim_end_matches('/'))
}

fn product_iri(public_url: &str, product: Uuid) -> String {
    format!("{}/supplied-products/{product}", base(public_url))
}

fn kg(grams: i64) -> String {
    let s = format!("{:.3}", grams as f64 / 1000.0);
    s.trim_end_matches('0').trim_end_matches('.').to_string()
}

/// An offer as a catalog entry: the consumer's price per unit, the units still free.
fn offer_entry(public_url: &str, o: &Offer) -> CatalogEntry {
    CatalogEntry {
        product_id: product_iri(public_url, o.product.id),
        name: o.product.name.clone(),
        description: o.product.description.clone(),
        quantity: Some((kg(o.product.unit_mass_g), Unit::Kilogram)),
        sku: Some(o.product.id.to_string()),
        stock: Some(o.quantity.saturating_sub(o.reserved).to_string()),
        price: Some((
            o.unit_breakdown.total.to_decimal_string(),
            o.unit_breakdown.total.currency().code().to_string(),
        )),
    }
}

/// An organization's catalog as DFC (public): what it sells in its open cycles as a hub,
/// priced, and its own products as a producer (those on sale nowhere now with a stock of 0
/// and no offer).
pub async fn enterprise(store: &Store, org: Uuid, public_url: &str) -> AppResult<Value> {
    let o = store.organization(org).await?;
    let mut entries = Vec::new();
    let now = jiff::Timestamp::now();
    for c in store.cycles(Some(org)).await? {
        if c.is_closed() || c.closes_at < now {
            continue;
        }
        // A season's shares are not for sale: paid in advance, they take no orders.
        for offer in store.offers(c.id).await?.into_iter().filter(|o| !o.prepaid) {
            entries.push((offer_entry(public_url, &offer), offer.id.to_string()));
        }
    }
    for p in store.products_of(org).await? {
        let id = product_iri(public_url, p.id);
        if entries.iter().any(|(e, _)| e.product_id == id) {
            continue;
        }
        entries.push((
            CatalogEntry {
                product_id: id,
                name: p.name,
                description: p.description,
                quantity: Some((kg(p.unit_mass_g), Unit::Kilogram)),
                sku: Some(p.id.to_string()),
                // Nothing of it is on sale now. A catalog item without a stock limitation
                // reads as unlimited (Open Food Network makes it "on demand").
                stock: Some("0".into()),
                price: None,
            },
            p.id.to_string(),
        ));
    }
    let b = format!("{}/enterprises/{org}", base(public_url));
    let (nodes, _) = dfc::catalog_nodes(&CatalogOut {
        base: &b,
        enterprise_name: &o.name,
        enterprise_description: o.description.as_deref(),
        entries,
    });
    Ok(dfc::write(&nodes))
}

/// A cycle as a DFC sale session (public, as its shop): the hub enterprise with the cycle's
/// offers, and the SaleSession listing them.
pub async fn sale_session(store: &Store, cycle: Uuid, public_url: &str) -> AppResult<Value> {
    let c = store.cycle(cycle).await?;
    let hub = store.organization(c.hub_id).await?;
    let mut offers = store.offers(cycle).await?;
    offers.retain(|o| !o.prepaid);
    let b = format!("{}/enterprises/{}", base(public_url), hub.id);
    let (mut nodes, offer_ids) = dfc::catalog_nodes(&CatalogOut {
        base: &b,
        enterprise_name: &hub.name,
        enterprise_description: hub.description.as_deref(),
        entries: offers
            .iter()
            .map(|o| (offer_entry(public_url, o), o.id.to_string()))
            .collect(),
    });
    nodes.push(dfc::sale_session(
        &format!("{}/sale-sessions/{cycle}", base(public_url)),
        &c.opens_at.to_string(),
        &c.closes_at.to_string(),
        offer_ids,
    ));
    Ok(dfc::write(&nodes))
}

/// What bringing a DFC catalog in did (or would do).
#[derive(Debug, Clone, Default, serde::Serialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct CatalogImport {
    /// Each product: its name and `added`, `updated` or `unchanged`.
    pub products: Vec<(String, String)>,
    /// Each offer made in the cycle: its product's name and `added` or `unchanged` (the
    /// product has an offer there already).
    pub offers: Vec<(String, String)>,
    pub applied: bool,
}

/// Brings a supplier's DFC catalog into `producer`'s products and, with `cycle`, into offers
/// there at the catalog's prices and stock (its catalogue managers). Every product needs its
/// mass per unit (a `dfc-b:hasQuantity` in kg, g or l); every price must be in the cycle's
/// currency. All or nothing; the same catalog again changes nothing.
pub async fn import(
    store: &Store,
    caller: Option<&Subject>,
    producer: Uuid,
    cycle: Option<Uuid>,
    doc: &Value,
    apply: bool,
) -> AppResult<CatalogImport> {
    crate::access::on_organization(
        store,
        caller,
        producer,
        Action::ManageCatalog,
        "bring a catalog into its products",
    )
    .await?;
    let invalid = |field: String, reason: String| {
        AppError::Invalid(bayanihan_domain::Invalid::field(field, reason))
    };
    let nodes = dfc::read(doc).map_err(|e| invalid(e.place, e.reason))?;
    let entries = dfc::catalog(&nodes).map_err(|e| invalid(e.place, e.reason))?;
    if entries.is_empty() {
        return Err(invalid(
            "@graph".into(),
            "holds no dfc-b:SuppliedProduct to bring in".into(),
        ));
    }
    let currency = match cycle {
        Some(c) => Some(store.cycle(c).await?.currency),
        None => None,
    };
    let mut errors = Vec::new();
    let mut rows = Vec::new();
    let mut offers = Vec::new();
    for (i, e) in entries.iter().enumerate() {
        let row = i + 1;
        let mass_kg = e.quantity.as_ref().and_then(|(v, unit)| {
            let v: f64 = v.parse().ok()?;
            match unit {
                Unit::Kilogram => Some(v),
                Unit::Gram => Some(v / 1000.0),
                // A litre of food weighs about a kilogram: near enough for transport.
                Unit::Litre => Some(v),
                Unit::Piece => None,
            }
        });
        let unit = match &e.quantity {
            Some((v, Unit::Kilogram)) => format!("{v} kg"),
            Some((v, Unit::Gram)) => format!("{v} g"),
            Some((v, Unit::Litre)) => format!("{v} l"),
            Some((v, Unit::Piece)) => format!("{v} piece(s)"),
            None => "unit".into(),
        };
        let input = ProductInput {
            name: Some(e.name.clone()),
            category: Some("other".into()),
            unit: Some(unit),
            unit_mass_kg: mass_kg,
            description: e.description.clone(),
            ..Default::default()
        };
        match ProductDraft::parse(&input) {
            Ok(draft) => rows.push(ProductRow { row, draft }),
            Err(inv) => {
                for f in inv.errors {
                    let reason = if f.field == "unit_mass_kg" {
                        "the mass of one unit is not given: a dfc-b:hasQuantity in kg, g or l"
                            .into()
                    } else {
                        f.reason
                    };
                    errors.push(bayanihan_domain::FieldError {
                        field: format!("{} ({}): {}", e.product_id, e.name, f.field),
                        reason,
                    });
                }
            }
        }
        if let (Some(cur), Some((price, code))) = (currency, &e.price) {
            if code != cur.code() {
                errors.push(bayanihan_domain::FieldError {
                    field: format!("{} ({}): price", e.product_id, e.name),
                    reason: format!("is in {code}; the cycle takes {}", cur.code()),
                });
                continue;
            }
            let minor = Money::parse_plain(price, cur).map(|m| m.minor());
            let stock = e
                .stock
                .as_deref()
                .and_then(|s| s.parse::<f64>().ok())
                .filter(|s| {
                    s.is_finite()
                        && *s >= 0.0
                        && *s <= bayanihan_domain::trade::pricing::MAX_LINE_QUANTITY as f64
                })
                .map(|s| s.floor() as u64);
            match (minor, stock) {
                (Ok(m), Some(q)) if m > 0 && q > 0 => {
                    // The same bounds as an offer made on the cycle's page.
                    match bayanihan_domain::trade::pricing::check_offer_amounts(
                        Money::new(m, cur),
                        &[],
                        q,
                    ) {
                        Ok(()) => offers.push(ImportedOffer {
                            product_row: row,
                            quantity: q,
                            producer_price_minor: m,
                        }),
                        Err((_, reason)) => errors.push(bayanihan_domain::FieldError {
                            field: format!("{} ({}): price", e.product_id, e.name),
                            reason,
                        }),
                    }
                }
                (Ok(m), _) if m <= 0 => errors.push(bayanihan_domain::FieldError {
                    field: format!("{} ({}): price", e.product_id, e.name),
                    reason: "must be more than 0".into(),
                }),
                (Ok(_), Some(0)) => {}
                (Ok(_), _) => errors.push(bayanihan_domain::FieldError {
                    field: format!("{} ({}): stockLimitation", e.product_id, e.name),
                    reason: format!(
                        "an offer needs its stock, in whole units, at most {}",
                        bayanihan_domain::trade::pricing::MAX_LINE_QUANTITY
                    ),
                }),
                (Err(err), _) => errors.push(bayanihan_domain::FieldError {
                    field: format!("{} ({}): price", e.product_id, e.name),
                    reason: err.to_string(),
                }),
            }
        }
    }
    if !errors.is_empty() {
        return Err(AppError::Invalid(bayanihan_domain::Invalid { errors }));
    }
    // Two entries with one name are one product twice.
    let mut seen = std::collections::HashSet::new();
    for r in &rows {
        if !seen.insert(bayanihan_domain::trade::naming::comparable(&r.draft.name)) {
            return Err(invalid(
                format!("{}: name", entries[r.row - 1].product_id),
                format!("\"{}\" comes twice", r.draft.name),
            ));
        }
    }
    let (products, made) = store
        .import_catalog(producer, &rows, cycle, &offers, apply)
        .await?;
    if apply {
        crate::audit::record(
            store,
            caller,
            Some(producer),
            "import.applied",
            None,
            serde_json::json!({ "kind": "dfc", "rows": rows.len(), "changes": products.iter().chain(&made).filter(|(_, a)| *a != RowAction::Unchanged).count() }),
        )
        .await;
    }
    let name = |row: usize| entries[row - 1].name.clone();
    Ok(CatalogImport {
        products: products
            .into_iter()
            .map(|(row, a)| (name(row), a.id().to_string()))
            .collect(),
        offers: made
            .into_iter()
            .map(|(row, a)| (name(row), a.id().to_string()))
            .collect(),
        applied: apply,
    })
}
