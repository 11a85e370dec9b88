//! `bayanihan scenario run FILE`: a whole cycle modelled from a JSON scenario, run on a
//! throwaway in-memory store through the same code as the platform, printed as JSON.
//!
//! This is "participatory prototyping" of a value chain: a network describes the
//! organizations, products, offers with their fees and transport, and the orders it expects,
//! and sees allocations, invoices, statements, obligations and ledger balances before it
//! launches the chain. The format is documented by `docs/schemas/scenario.schema.json`.

use std::collections::{BTreeMap, HashMap};

use bayanihan_app::trade::{parse_offer, FeeInput, OfferInput};
use bayanihan_domain::geo::LocationInput;
use bayanihan_domain::trade::allocation::Policy;
use bayanihan_domain::trade::catalog::{ProductDraft, ProductInput};
use bayanihan_domain::{
    Currency, Invalid, Latitude, Location, Longitude, OrganizationDraft, OrganizationInput,
};
use bayanihan_store::trade::{CycleDraft, NewLine, Participant, PickupPointDraft};
use bayanihan_store::{Store, StoreError};
use serde::Deserialize;
use serde_json::{json, Value};
use uuid::Uuid;

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Scenario {
    pub name: String,
    pub currency: String,
    pub policy: String,
    pub delivery_date: String,
    #[serde(default = "default_terms")]
    pub payment_terms_days: u32,
    /// Key of the hub organization.
    pub hub: String,
    pub organizations: Vec<ScenarioOrg>,
    #[serde(default)]
    pub pickup_points: Vec<ScenarioPickup>,
    pub products: Vec<ScenarioProduct>,
    pub offers: Vec<ScenarioOffer>,
    pub orders: Vec<ScenarioOrder>,
}

fn default_terms() -> u32 {
    14
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ScenarioOrg {
    pub key: String,
    pub name: String,
    pub kind: String,
    pub country: String,
    pub region: Option<String>,
    pub location: Option<LocationInput>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ScenarioPickup {
    pub key: String,
    pub name: String,
    pub organization: String,
    pub location: Option<LocationInput>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ScenarioProduct {
    pub key: String,
    pub producer: String,
    pub name: String,
    pub category: String,
    pub unit: String,
    pub unit_mass_kg: f64,
    #[serde(default)]
    pub qualifiers: Vec<String>,
    pub origin: Option<LocationInput>,
    pub packaging: Option<String>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ScenarioFee {
    pub kind: String,
    pub per_unit: Option<String>,
    pub percent: Option<String>,
    /// Key of the receiving organization.
    pub recipient: String,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ScenarioTransport {
    pub mode: String,
    pub distance_km: Option<f64>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ScenarioOffer {
    pub key: String,
    pub product: String,
    pub quantity: u64,
    pub producer_price: String,
    #[serde(default)]
    pub fees: Vec<ScenarioFee>,
    pub transport: Option<ScenarioTransport>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ScenarioOrder {
    /// Key of the consumer group.
    pub consumer_group: String,
    #[serde(default)]
    pub tier: u32,
    pub lines: Vec<ScenarioLine>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ScenarioLine {
    pub offer: String,
    pub quantity: u64,
    /// A label for the household or member (not stored as a person).
    pub member: Option<String>,
    pub pickup_point: Option<String>,
    /// Overrides the order's tier.
    pub tier: Option<u32>,
}

/// A scenario error naming the path of the bad field.
#[derive(Debug, thiserror::Error)]
#[error("{path}: {reason}")]
pub struct ScenarioError {
    pub path: String,
    pub reason: String,
}

fn err(path: impl Into<String>, reason: impl Into<String>) -> ScenarioError {
    ScenarioError {
        path: path.into(),
        reason: reason.into(),
    }
}

fn from_invalid(prefix: &str, e: Invalid) -> ScenarioError {
    let first = e.errors.first();
    err(
        match first.map(|f| f.field.as_str()) {
            Some("") | None => prefix.to_string(),
            Some(f) => format!("{prefix}.{f}"),
        },
        e.errors
            .iter()
            .map(|f| f.reason.clone())
            .collect::<Vec<_>>()
            .join("; "),
    )
}

/// Parses a scenario, naming the path of a malformed field.
pub fn parse(text: &str) -> Result<Scenario, ScenarioError> {
    let de = &mut serde_json::Deserializer::from_str(text);
    serde_path_to_error::deserialize(de).map_err(|e| {
        let path = e.path().to_string();
        let inner = e.into_inner().to_string();
        err(
            if path == "." {
                "(top level)".into()
            } else {
                path
            },
            inner,
        )
    })
}

fn location(path: &str, l: Option<LocationInput>) -> Result<Option<Location>, ScenarioError> {
    l.map(|l| {
        Ok(Location {
            lat: Latitude::parse(l.lat).map_err(|e| err(format!("{path}.lat"), e.reason()))?,
            lon: Longitude::parse(l.lon).map_err(|e| err(format!("{path}.lon"), e.reason()))?,
        })
    })
    .transpose()
}

/// Runs the scenario on a throwaway in-memory store; returns the outcome as JSON.
pub async fn run(s: &Scenario) -> Result<Value, Box<dyn std::error::Error + Send + Sync>> {
    let currency = Currency::parse(&s.currency).map_err(|e| err("currency", e.reason()))?;
    let policy = Policy::parse(&s.policy).map_err(|e| err("policy", e))?;
    let delivery_date: jiff::civil::Date = s.delivery_date.parse().map_err(|_| {
        err(
            "delivery_date",
            format!(
                "\"{}\" is not a date in the form YYYY-MM-DD",
                s.delivery_date
            ),
        )
    })?;
    let store = Store::connect("sqlite::memory:").await?;
    store.migrate().await?;

    let mut orgs: HashMap<&str, Uuid> = HashMap::new();
    let mut names: HashMap<Uuid, &str> = HashMap::new();
    for (i, o) in s.organizations.iter().enumerate() {
        let draft = OrganizationDraft::parse(&OrganizationInput {
            name: Some(o.name.clone()),
            kind: Some(o.kind.clone()),
            country: Some(o.country.clone()),
            region: o.region.clone(),
            location: o.location,
            currency: Some(currency.code().into()),
            time_zone: Some("UTC".into()),
            ..Default::default()
        })
        .map_err(|e| from_invalid(&format!("organizations[{i}]"), e))?;
        let id = store.create_organization(&draft, None).await?.id;
        if orgs.insert(o.key.as_str(), id).is_some() {
            return Err(err(
                format!("organizations[{i}].key"),
                format!("\"{}\" is used twice", o.key),
            )
            .into());
        }
        names.insert(id, o.key.as_str());
    }
    // The modelled chain is one network: every organization listed takes part in it, so fees
    // may go to any of them (a solidarity fund, a federation), as in a real network.
    let network = store
        .create_organization(
            &OrganizationDraft::parse(&OrganizationInput {
                name: Some(format!("{} (scenario network)", s.name)),
                kind: Some("network".into()),
                country: Some(
                    s.organizations
                        .first()
                        .map_or("PH".into(), |o| o.country.clone()),
                ),
                currency: Some(currency.code().into()),
                time_zone: Some("UTC".into()),
                ..Default::default()
            })
            .map_err(|e| from_invalid("name", e))?,
            None,
        )
        .await?
        .id;
    for id in orgs.values() {
        store
            .add_network_member(
                network,
                *id,
                s.delivery_date
                    .parse()
                    .unwrap_or_else(|_| bayanihan_store::today_utc()),
            )
            .await?;
    }
    let org = |path: String, key: &str| -> Result<Uuid, ScenarioError> {
        orgs.get(key)
            .copied()
            .ok_or_else(|| err(path, format!("no organization has the key \"{key}\"")))
    };
    let hub = org("hub".into(), &s.hub)?;

    let mut products: HashMap<&str, (Uuid, Uuid, Option<Location>)> = HashMap::new();
    for (i, p) in s.products.iter().enumerate() {
        let producer = org(format!("products[{i}].producer"), &p.producer)?;
        let d = ProductDraft::parse(&ProductInput {
            name: Some(p.name.clone()),
            category: Some(p.category.clone()),
            unit: Some(p.unit.clone()),
            unit_mass_kg: Some(p.unit_mass_kg),
            qualifiers: Some(p.qualifiers.clone()),
            origin: p.origin,
            packaging: p.packaging.clone(),
            description: None,
        })
        .map_err(|e| from_invalid(&format!("products[{i}]"), e))?;
        let product = store.create_product(producer, &d).await?;
        products.insert(p.key.as_str(), (product.id, producer, product.origin));
    }
    let mut pickup_drafts = Vec::new();
    for (i, p) in s.pickup_points.iter().enumerate() {
        if s.pickup_points[..i]
            .iter()
            .any(|q| q.name == p.name || q.key == p.key)
        {
            return Err(err(
                format!("pickup_points[{i}]"),
                "key and name must differ from the other pickup points'",
            )
            .into());
        }
        pickup_drafts.push(PickupPointDraft {
            name: p.name.clone(),
            organization_id: org(format!("pickup_points[{i}].organization"), &p.organization)?,
            location: location(&format!("pickup_points[{i}].location"), p.location)?,
        });
    }
    let mut producers: Vec<Uuid> = products
        .values()
        .map(|(_, producer, _)| *producer)
        .collect();
    producers.sort();
    producers.dedup();
    let mut groups: Vec<Participant> = Vec::new();
    for (i, o) in s.orders.iter().enumerate() {
        let g = org(format!("orders[{i}].consumer_group"), &o.consumer_group)?;
        if !groups.iter().any(|p| p.organization_id == g) {
            groups.push(Participant {
                organization_id: g,
                tier: o.tier,
            });
        }
    }
    let now = jiff::Timestamp::now();
    let cycle = store
        .create_cycle(&CycleDraft {
            hub_id: hub,
            name: s.name.clone(),
            currency,
            policy,
            opens_at: now - jiff::SignedDuration::from_hours(1),
            closes_at: now + jiff::SignedDuration::from_hours(1),
            delivery_date,
            payment_terms_days: s.payment_terms_days,
            pickup_points: pickup_drafts,
            producers,
            consumer_groups: groups,
        })
        .await?;
    // The cycle lists its pickup points by name; names are unique within a scenario.
    let pickup_ids: HashMap<&str, Uuid> = s
        .pickup_points
        .iter()
        .filter_map(|p| {
            cycle
                .pickup_points
                .iter()
                .find(|c| c.name == p.name)
                .map(|c| (p.key.as_str(), c.id))
        })
        .collect();
    let first_pickup = cycle.pickup_points.iter().find_map(|p| p.location);

    let mut offers: HashMap<&str, Uuid> = HashMap::new();
    let mut offer_keys: HashMap<Uuid, &str> = HashMap::new();
    for (i, o) in s.offers.iter().enumerate() {
        let (product, _, origin) = *products.get(o.product.as_str()).ok_or_else(|| {
            err(
                format!("offers[{i}].product"),
                format!("no product has the key \"{}\"", o.product),
            )
        })?;
        let mut fees = Vec::new();
        for (n, f) in o.fees.iter().enumerate() {
            fees.push(FeeInput {
                kind: f.kind.clone(),
                per_unit: f.per_unit.clone(),
                percent: f.percent.clone(),
                recipient: org(format!("offers[{i}].fees[{n}].recipient"), &f.recipient)?,
            });
        }
        let input = OfferInput {
            product_id: product,
            quantity: o.quantity,
            producer_price: o.producer_price.clone(),
            fees,
            transport_mode: o.transport.as_ref().map(|t| t.mode.clone()),
            distance_km: o.transport.as_ref().and_then(|t| t.distance_km),
        };
        let d = parse_offer(&input, currency, origin, first_pickup)
            .map_err(|e| from_invalid(&format!("offers[{i}]"), e))?;
        let offer = store
            .create_offer(cycle.id, &d)
            .await
            .map_err(|e| err(format!("offers[{i}]"), e.to_string()))?;
        offers.insert(o.key.as_str(), offer.id);
        offer_keys.insert(offer.id, o.key.as_str());
    }

    let mut placed: Vec<(Uuid, String, Option<String>)> = Vec::new();
    let mut refused = Vec::new();
    for (i, order) in s.orders.iter().enumerate() {
        let group = org(format!("orders[{i}].consumer_group"), &order.consumer_group)?;
        for (n, l) in order.lines.iter().enumerate() {
            let path = format!("orders[{i}].lines[{n}]");
            let offer = *offers.get(l.offer.as_str()).ok_or_else(|| {
                err(
                    format!("{path}.offer"),
                    format!("no offer has the key \"{}\"", l.offer),
                )
            })?;
            let pickup = l
                .pickup_point
                .as_deref()
                .map(|k| {
                    pickup_ids.get(k).copied().ok_or_else(|| {
                        err(
                            format!("{path}.pickup_point"),
                            format!("no pickup point has the key \"{k}\""),
                        )
                    })
                })
                .transpose()?;
            if l.quantity == 0 {
                return Err(err(format!("{path}.quantity"), "must be at least 1").into());
            }
            let new = NewLine {
                offer_id: offer,
                consumer_group_id: group,
                person_id: None,
                pickup_point_id: pickup,
                quantity: l.quantity,
                tier: Some(l.tier.unwrap_or(order.tier)),
            };
            match store.place_line(cycle.id, &new).await {
                Ok(line) => placed.push((line.id, path, l.member.clone())),
                Err(StoreError::Conflict(reason)) => refused
                    .push(json!({"line": path, "member": l.member, "reason": reason.to_string()})),
                Err(e) => return Err(err(path, e.to_string()).into()),
            }
        }
    }
    store.close_cycle(cycle.id).await?;

    let key = |id: &Uuid| names.get(id).copied().unwrap_or("?").to_string();
    let lines = store.lines(cycle.id, None, None).await?;
    let offers_full = store.offers(cycle.id).await?;
    let priced = bayanihan_domain::trade::records::price_lines(&offers_full, &lines)?;
    let by_id: HashMap<Uuid, (String, Option<String>)> =
        placed.into_iter().map(|(id, p, m)| (id, (p, m))).collect();
    let allocations: Vec<Value> = priced
        .iter()
        .map(|(l, b)| {
            let (path, member) = by_id.get(&l.id).cloned().unwrap_or_default();
            json!({
                "line": path,
                "member": member,
                "consumer_group": key(&l.consumer_group_id),
                "offer": offer_keys.get(&l.offer_id).copied().unwrap_or("?"),
                "tier": l.tier,
                "requested": l.quantity,
                "allocated": l.allocated,
                "reason": l.reason,
                "breakdown": b.components.iter().map(|c| json!({
                    "part": c.part.id(), "recipient": key(&c.recipient), "amount": c.amount.to_decimal_string()
                })).collect::<Vec<_>>(),
                "total": b.total.to_decimal_string(),
            })
        })
        .collect();
    let docs = store.documents(cycle.id, None).await?;
    let doc_list = |kind: &str| -> Vec<Value> {
        docs.iter()
            .filter(|d| d.kind.id() == kind)
            .map(|d| json!({"organization": key(&d.organization_id), "total": d.total.to_decimal_string(), "due_date": d.due_date}))
            .collect()
    };
    let obligations: Vec<Value> = store
        .obligations(None, true)
        .await?
        .iter()
        .map(|o| json!({"debtor": key(&o.debtor_id), "creditor": key(&o.creditor_id), "amount": o.amount.to_decimal_string(), "due_date": o.due_date, "memo": o.memo}))
        .collect();
    let mut balances: BTreeMap<String, BTreeMap<String, String>> = BTreeMap::new();
    for (k, id) in &orgs {
        for b in store.balances(*id).await? {
            balances
                .entry((*k).to_string())
                .or_default()
                .insert(b.kind.id().to_string(), b.amount.to_decimal_string());
        }
    }
    let ledger_total: i64 = store.ledger_totals().await?.iter().map(|(_, t)| t).sum();
    let indicators = projected_indicators(&store, &cycle).await?;
    store.close().await;
    Ok(json!({
        "scenario": s.name,
        "currency": currency.code(),
        "policy": policy.id(),
        "allocations": allocations,
        "refused_lines": refused,
        "invoices": doc_list("invoice"),
        "producer_statements": doc_list("producer_statement"),
        "fee_statements": doc_list("fee_statement"),
        "obligations": obligations,
        "ledger_balances": balances,
        "ledger_balanced": ledger_total == 0,
        "projected_indicators": indicators,
    }))
}

/// The triple-bottom-line figures the modelled chain would produce: the closed cycle's own
/// report, from the same rollups the platform keeps, so two designs of a chain can be compared
/// before one is launched. Keys are indicator ids (`money_flow.transport` for parts).
async fn projected_indicators(
    store: &Store,
    cycle: &bayanihan_store::trade::Cycle,
) -> Result<Value, Box<dyn std::error::Error + Send + Sync>> {
    use bayanihan_domain::impact::period::Period;
    use bayanihan_domain::impact::report::Threshold;
    use bayanihan_store::impact::ReportScope;
    let day = Period::custom(cycle.delivery_date, cycle.delivery_date)?;
    let report = store
        .tbl_report(ReportScope::Cycle(cycle.id), &day, Threshold::default())
        .await?;
    let mut out = serde_json::Map::new();
    for v in report
        .sections
        .first()
        .map(|s| s.values.as_slice())
        .unwrap_or_default()
    {
        let name = match &v.key {
            Some(k) => format!("{}.{k}", v.indicator),
            None => v.indicator.to_string(),
        };
        out.insert(name, json!(v.current));
    }
    out.insert(
        "emission_factors".into(),
        json!({
            "source": report.emission_factors.source,
            "year": report.emission_factors.year,
            "scope": report.emission_factors.scope,
        }),
    );
    Ok(Value::Object(out))
}

/// Fuzzing the scenario reader and runner: the shipped example with one value replaced by
/// something arbitrary, or arbitrary text. Every input is answered — an outcome or an error
/// naming a field — without a panic and within a few seconds (bounded cases, for CI time).
#[cfg(test)]
mod fuzz {
    use proptest::prelude::*;
    use serde_json::Value;

    const EXAMPLE: &str = include_str!("../../../examples/rice-pro-rata.json");

    /// The paths of every leaf of a JSON value.
    fn leaves(v: &Value, path: Vec<String>, out: &mut Vec<Vec<String>>) {
        match v {
            Value::Object(m) => m.iter().for_each(|(k, v)| {
                let mut p = path.clone();
                p.push(k.clone());
                leaves(v, p, out)
            }),
            Value::Array(a) => a.iter().enumerate().for_each(|(i, v)| {
                let mut p = path.clone();
                p.push(i.to_string());
                leaves(v, p, out)
            }),
            _ => out.push(path),
        }
    }

    fn replace(v: &mut Value, path: &[String], new: Value) {
        let mut cur = v;
        for k in path {
            cur = match cur {
                Value::Object(m) => m.get_mut(k).expect("a key"),
                Value::Array(a) => &mut a[k.parse::<usize>().expect("an index")],
                _ => return,
            };
        }
        *cur = new;
    }

    fn odd_value() -> impl Strategy<Value = Value> {
        prop_oneof![
            Just(Value::Null),
            any::<bool>().prop_map(Value::from),
            any::<i64>().prop_map(Value::from),
            any::<u64>().prop_map(Value::from),
            (-1e300f64..1e300).prop_map(Value::from),
            "\\PC{0,20}".prop_map(Value::from),
            proptest::sample::select(vec![
                "",
                "0",
                "-1",
                "1e9",
                "999999999999999999999",
                "NaN",
                "rice",
                "likha",
                "hall",
                "pro_rata",
                "first_come",
                "9999-12-31",
                "0000-01-01",
                "\u{0}",
            ])
            .prop_map(Value::from),
            Just(serde_json::json!([])),
            Just(serde_json::json!({})),
        ]
    }

    proptest! {
        #![proptest_config(ProptestConfig { cases: 120, ..ProptestConfig::default() })]

        #[test]
        fn any_scenario_is_answered(pick in any::<proptest::sample::Index>(), new in odd_value(), junk in any::<bool>(), text in "\\PC{0,60}") {
            let input = if junk {
                text
            } else {
                let mut v: Value = serde_json::from_str(EXAMPLE).unwrap();
                let mut all = Vec::new();
                leaves(&v, Vec::new(), &mut all);
                let path = all[pick.index(all.len())].clone();
                replace(&mut v, &path, new);
                v.to_string()
            };
            let (tx, rx) = std::sync::mpsc::channel();
            std::thread::spawn(move || {
                let rt = tokio::runtime::Builder::new_current_thread().enable_all().build().unwrap();
                let outcome = match super::parse(&input) {
                    Ok(s) => rt.block_on(super::run(&s)).map(|_| ()).map_err(|e| e.to_string()),
                    Err(e) => Err(e.to_string()),
                };
                let _ = tx.send(outcome);
            });
            let answer = rx.recv_timeout(std::time::Duration::from_secs(10));
            prop_assert!(answer.is_ok(), "no answer within 10 s (or a panic)");
        }
    }
}
