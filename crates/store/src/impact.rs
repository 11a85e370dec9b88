//! Triple-bottom-line rollups, kept up to date as cycles close, and the reports read from them.
//!
//! When a cycle closes, its delivered lines are summed per (offer, consumer group), then merged
//! into one row per scope × value chain × producer country. The scopes of a delivery are the
//! whole installation (`all`), the cycle, the hub, the producer and the consumer group (as
//! `organization:ID`) and every network any of those three belongs to, directly or through a
//! chapter (`network:ID`). A report then reads the rows of one scope over two periods — a
//! year of weekly cycles is a few thousand rows however many lines they held — and merges them
//! ([`bayanihan_domain::impact::report`]).
//!
//! The rows are written in the close's own transaction, through the same statements on both
//! engines, so a closed cycle always has its rollups and a crash leaves neither.

use std::collections::{BTreeMap, BTreeSet, HashMap};

use bayanihan_domain::impact::period::Period;
use bayanihan_domain::impact::reach::EntitySet;
use bayanihan_domain::impact::report::{self, JobDeclaration, Report, RollupRow, Scope, Threshold};
use bayanihan_domain::impact::rollup::{
    metres, DeliveredLine, Group, Leg, ProducerMembers, Rollup,
};
use bayanihan_domain::impact::scope;
use bayanihan_domain::person::{Demographics, Gender};
use bayanihan_domain::trade::catalog::{Category, Packaging, TransportMode};
use bayanihan_domain::trade::pricing::{Breakdown, FeeKind, Part};
use bayanihan_domain::trade::settle::{CycleTerms, Settlement};
use bayanihan_domain::{CountryCode, Currency, Qualifier};
use jiff::civil::Date;
use sqlx::any::AnyRow;
use sqlx::Row;
use uuid::Uuid;

use crate::rows::Columns;
use crate::stmt::{Param, Stmt};
use crate::{now_micros, Store, StoreError};

/// A value read by a context query, whatever the engine.
#[derive(Debug, Clone)]
pub(crate) enum Cell {
    Text(String),
    Int(i64),
    Real(f64),
    Null,
}

impl Cell {
    fn text(&self) -> Option<&str> {
        match self {
            Cell::Text(s) => Some(s),
            _ => None,
        }
    }
    fn int(&self) -> Option<i64> {
        match self {
            Cell::Int(n) => Some(*n),
            _ => None,
        }
    }
    fn real(&self) -> Option<f64> {
        match self {
            Cell::Real(x) => Some(*x),
            Cell::Int(n) => Some(*n as f64),
            _ => None,
        }
    }
}

/// Reads a row of sqlx's `Any` driver into cells.
pub(crate) fn any_cells(r: &AnyRow) -> Result<Vec<Cell>, StoreError> {
    (0..r.len())
        .map(|i| {
            if let Ok(v) = r.try_get::<Option<i64>, _>(i) {
                return Ok(v.map_or(Cell::Null, Cell::Int));
            }
            if let Ok(v) = r.try_get::<Option<f64>, _>(i) {
                return Ok(v.map_or(Cell::Null, Cell::Real));
            }
            Ok(r.try_get::<Option<String>, _>(i)?
                .map_or(Cell::Null, Cell::Text))
        })
        .collect()
}

/// Reads a rusqlite row into cells.
pub(crate) fn native_cells(r: &rusqlite::Row<'_>, n: usize) -> Result<Vec<Cell>, StoreError> {
    use rusqlite::types::ValueRef;
    (0..n)
        .map(|i| {
            Ok(match r.get_ref(i)? {
                ValueRef::Null => Cell::Null,
                ValueRef::Integer(n) => Cell::Int(n),
                ValueRef::Real(x) => Cell::Real(x),
                ValueRef::Text(t) => Cell::Text(String::from_utf8_lossy(t).into_owned()),
                ValueRef::Blob(_) => Cell::Null,
            })
        })
        .collect()
}

fn text(s: impl ToString) -> Param {
    Param::Text(s.to_string())
}

/// Every active membership of an organization in a network, as (network, member).
const NETWORK_EDGES: &str =
    "SELECT network_id, member_id FROM network_memberships WHERE status = 'active'";

/// The queries whose rows [`rollup_statements`] needs, in order (then [`household_queries`]).
pub(crate) fn context_queries(terms: &CycleTerms) -> Vec<Stmt> {
    let cycle = text(terms.id);
    vec![
        Stmt {
            sql: "SELECT o.id, o.producer_id, o.product_id, p.category, p.unit_mass_g, p.qualifiers, p.packaging, \
                  o.transport_mode, o.distance_km, org.country, org.region \
                  FROM offers o JOIN products p ON p.id = o.product_id JOIN organizations org ON org.id = o.producer_id \
                  WHERE o.cycle_id = $1",
            params: vec![cycle.clone()],
        },
        Stmt {
            sql: "SELECT id, region FROM organizations",
            params: vec![],
        },
        Stmt {
            sql: NETWORK_EDGES,
            params: vec![],
        },
        Stmt {
            sql: "SELECT m.organization_id, m.person_id, d.gender, d.birth_year, d.disability, d.informal_sector, d.overseas_worker \
                  FROM memberships m JOIN demographics d ON d.person_id = m.person_id \
                  WHERE (m.stakeholder = 'producer' OR m.stakeholder IS NULL) \
                  AND m.organization_id IN (SELECT producer_id FROM offers WHERE cycle_id = $1)",
            params: vec![cycle.clone()],
        },
        Stmt {
            sql: "SELECT r.product_id, r.region, r.unit_price_minor FROM reference_prices r \
                  WHERE r.currency = $2 AND r.valid_from <= $3 AND r.valid_to >= $3 \
                  AND r.product_id IN (SELECT product_id FROM offers WHERE cycle_id = $1) \
                  ORDER BY r.valid_from, r.created_at",
            params: vec![
                cycle,
                text(terms.currency.code()),
                text(terms.delivery_date),
            ],
        },
        // Only the numbers of the entities this cycle involves (the households' come from
        // [`household_queries`]), and the highest in use: an installation may number a million
        // people, a cycle reaches a few thousand.
        Stmt {
            sql: "SELECT e.id, e.num FROM impact_entities e WHERE \
                  e.id IN (SELECT producer_id FROM offers WHERE cycle_id = $1) \
                  OR e.id IN (SELECT m.person_id FROM memberships m JOIN offers o ON o.producer_id = m.organization_id \
                              WHERE o.cycle_id = $1)",
            params: vec![text(terms.id)],
        },
        Stmt {
            sql: "SELECT COALESCE(MAX(num), -1) FROM impact_entities",
            params: vec![],
        },
    ]
}

/// Ids asked for per household query.
const HOUSEHOLDS_PER_QUERY: usize = 200;

/// The entity numbers of these people (the households of a cycle), a query per 200: the ids
/// are known from the lines already read, so no line is read twice.
pub(crate) fn household_queries<'a>(people: impl Iterator<Item = &'a Uuid>) -> Vec<Stmt> {
    static SQL: std::sync::OnceLock<String> = std::sync::OnceLock::new();
    let sql = SQL.get_or_init(|| {
        let list: Vec<String> = (1..=HOUSEHOLDS_PER_QUERY)
            .map(|i| format!("${i}"))
            .collect();
        format!(
            "SELECT id, num FROM impact_entities WHERE id IN ({})",
            list.join(", ")
        )
    });
    let mut ids: Vec<&Uuid> = people.collect();
    ids.sort();
    ids.dedup();
    ids.chunks(HOUSEHOLDS_PER_QUERY)
        .map(|chunk| Stmt {
            sql: sql.as_str(),
            // A short last chunk repeats its first id: the statement keeps its one shape.
            params: (0..HOUSEHOLDS_PER_QUERY)
                .map(|i| text(chunk.get(i).unwrap_or(&chunk[0])))
                .collect(),
        })
        .collect()
}

fn corrupt(what: &str, e: impl std::fmt::Display) -> StoreError {
    StoreError::Corrupt(format!("{what}: {e}"))
}

fn uuid_cell(c: &Cell, what: &str) -> Result<Uuid, StoreError> {
    Uuid::parse_str(c.text().unwrap_or_default()).map_err(|e| corrupt(what, e))
}

struct OfferInfo {
    producer: Uuid,
    category: Category,
    unit_mass_g: i64,
    certified: bool,
    packaging: Option<Packaging>,
    transport: Option<(TransportMode, i64)>,
    country: CountryCode,
    reference: Option<i64>,
    local_region: Option<String>,
}

/// Entity numbers: the stored ones, and new ones handed out in this transaction.
struct Entities {
    known: HashMap<Uuid, u32>,
    next: u32,
    new: Vec<(Uuid, u32)>,
}

impl Entities {
    fn num(&mut self, id: Uuid) -> u32 {
        if let Some(n) = self.known.get(&id) {
            return *n;
        }
        let n = self.next;
        self.next += 1;
        self.known.insert(id, n);
        self.new.push((id, n));
        n
    }
}

/// The rollup rows of `units` of returnable packaging brought back for an offer: in the
/// scopes of the cycle, its hub and the producer.
fn return_rows(
    c: &bayanihan_domain::trade::records::Cycle,
    o: &bayanihan_domain::trade::records::Offer,
    producer_country: CountryCode,
    units: u64,
    parents: &HashMap<Uuid, Vec<Uuid>>,
) -> Result<Vec<Stmt>, StoreError> {
    let mut scopes = BTreeSet::from(["all".to_string(), format!("cycle:{}", c.id)]);
    for org in [c.hub_id, o.producer_id] {
        scopes.insert(format!("organization:{org}"));
        scopes.extend(
            scope::reachable(org, parents)
                .iter()
                .map(|n| format!("network:{n}")),
        );
    }
    let rollup = Rollup {
        returned_units: units,
        ..Default::default()
    };
    scopes
        .iter()
        .map(|scope| {
            insert_row(
                scope,
                c.delivery_date,
                c.currency,
                o.product.category,
                producer_country,
                c.id,
                &rollup,
            )
        })
        .collect()
}

/// The rows of [`context_queries`], read inside a transaction of the `Any` pool.
pub(crate) async fn context_any(
    tx: &mut sqlx::Transaction<'static, sqlx::Any>,
    terms: &CycleTerms,
    persons: &HashMap<Uuid, Uuid>,
) -> Result<Vec<Vec<Vec<Cell>>>, StoreError> {
    let mut context = Vec::new();
    let mut queries = context_queries(terms);
    queries.extend(household_queries(persons.values()));
    for q in queries {
        let rows = crate::stmt::bound(&q).fetch_all(&mut **tx).await?;
        context.push(rows.iter().map(any_cells).collect::<Result<Vec<_>, _>>()?);
    }
    Ok(context)
}

/// A line as the rollups see it: what was allocated and its price.
pub(crate) struct Delivered<'a> {
    pub line: Uuid,
    pub offer: Uuid,
    pub consumer_group: Uuid,
    pub allocated: u64,
    pub breakdown: &'a Breakdown,
}

impl<'a> Delivered<'a> {
    /// The lines of a settlement.
    pub(crate) fn of(s: &'a Settlement) -> impl Iterator<Item = Delivered<'a>> {
        s.lines.iter().map(|l| Delivered {
            line: l.line,
            offer: l.offer,
            consumer_group: l.consumer_group,
            allocated: l.allocated,
            breakdown: &l.breakdown,
        })
    }
}

/// The rollup rows of a closed cycle's lines, as statements; `persons` maps a line to who
/// ordered it, `ctx` holds the rows of [`context_queries`].
pub(crate) fn rollup_statements<'a>(
    terms: &CycleTerms,
    lines: impl Iterator<Item = Delivered<'a>>,
    persons: &HashMap<Uuid, Uuid>,
    ctx: &[Vec<Vec<Cell>>],
) -> Result<Vec<Stmt>, StoreError> {
    let [offers, regions, nets, members, references, entities, highest, households @ ..] = ctx
    else {
        return Err(StoreError::Native(
            "impact context incomplete".into(),
            false,
        ));
    };
    let regions: HashMap<Uuid, Option<String>> = regions
        .iter()
        .map(|r| {
            Ok((
                uuid_cell(&r[0], "organization")?,
                r[1].text().map(str::to_string),
            ))
        })
        .collect::<Result<_, StoreError>>()?;
    let mut parents: HashMap<Uuid, Vec<Uuid>> = HashMap::new();
    for r in nets {
        parents
            .entry(uuid_cell(&r[1], "member")?)
            .or_default()
            .push(uuid_cell(&r[0], "network")?);
    }
    let mut ents = Entities {
        known: HashMap::new(),
        next: 0,
        new: Vec::new(),
    };
    for r in entities.iter().chain(households.iter().flatten()) {
        let n = r[1].int().unwrap_or_default();
        let n = u32::try_from(n).map_err(|e| corrupt("entity number", e))?;
        ents.known.insert(uuid_cell(&r[0], "entity")?, n);
    }
    let highest = highest
        .first()
        .and_then(|r| r.first())
        .and_then(Cell::int)
        .unwrap_or(-1);
    ents.next = u32::try_from(highest + 1).map_err(|e| corrupt("entity number", e))?;
    // Reference prices: the producer's own region first, else one for any region; the latest
    // valid_from wins (rows come oldest first).
    let mut refs: HashMap<(Uuid, Option<String>), i64> = HashMap::new();
    for r in references {
        refs.insert(
            (
                uuid_cell(&r[0], "product")?,
                r[1].text().map(str::to_string),
            ),
            r[2].int().unwrap_or_default(),
        );
    }
    let mut info: HashMap<Uuid, OfferInfo> = HashMap::new();
    for r in offers {
        let producer = uuid_cell(&r[1], "producer")?;
        let product = uuid_cell(&r[2], "product")?;
        let region = regions.get(&producer).cloned().flatten();
        let quals = r[5].text().unwrap_or_default();
        let certified = quals
            .split(',')
            .filter_map(|q| Qualifier::parse(q).ok())
            .any(|q| {
                matches!(
                    q,
                    Qualifier::Organic | Qualifier::PgsCertified | Qualifier::Agroecological
                )
            });
        let transport = match (r[7].text(), r[8].real()) {
            (Some(mode), Some(km)) => Some((
                TransportMode::parse(mode).map_err(|e| corrupt("transport mode", e))?,
                metres(km),
            )),
            _ => None,
        };
        let reference = refs
            .get(&(product, region.clone()))
            .or_else(|| refs.get(&(product, None)))
            .copied();
        info.insert(
            uuid_cell(&r[0], "offer")?,
            OfferInfo {
                producer,
                category: Category::parse(r[3].text().unwrap_or_default())
                    .map_err(|e| corrupt("category", e))?,
                unit_mass_g: r[4].int().unwrap_or_default(),
                certified,
                packaging: r[6].text().and_then(|p| Packaging::parse(p).ok()),
                transport,
                country: CountryCode::parse(r[9].text().unwrap_or_default())
                    .map_err(|e| corrupt("country", e))?,
                reference,
                local_region: region,
            },
        );
    }
    let mut producer_members: HashMap<Uuid, ProducerMembers> = HashMap::new();
    for r in members {
        let org = uuid_cell(&r[0], "organization")?;
        let person = uuid_cell(&r[1], "person")?;
        let flag = |c: &Cell| c.int().map(|v| v != 0);
        let d = Demographics {
            gender: r[2].text().and_then(|g| Gender::parse(g).ok()),
            birth_year: r[3].int().and_then(|y| i32::try_from(y).ok()),
            disability: flag(&r[4]),
            informal_sector: flag(&r[5]),
            overseas_worker: flag(&r[6]),
        };
        let num = ents.num(person);
        let m = producer_members.entry(org).or_default();
        m.opted_in += 1;
        for g in Group::of(&d, terms.delivery_date) {
            m.groups.entry(g).or_default().push(num);
        }
    }
    let none = ProducerMembers::default();
    // First per offer and consumer group, then per scope: a million lines are added once.
    let mut base: HashMap<(Uuid, Uuid), Rollup> = HashMap::new();
    let mut fees: Vec<(FeeKind, i64)> = Vec::new();
    for l in lines.filter(|l| l.allocated > 0) {
        let Some(o) = info.get(&l.offer) else {
            return Err(corrupt("offer of a line", l.offer));
        };
        fees.clear();
        fees.extend(l.breakdown.components.iter().filter_map(|c| match c.part {
            Part::Fee(k) => Some((k, c.amount.minor())),
            Part::Producer => None,
        }));
        let group_region = regions.get(&l.consumer_group).cloned().flatten();
        let producer = ents.num(o.producer);
        let household = persons.get(&l.line).map(|p| ents.num(*p));
        base.entry((l.offer, l.consumer_group))
            .or_default()
            .add(&DeliveredLine {
                producer,
                household,
                units: l.allocated,
                unit_mass_g: o.unit_mass_g,
                producer_minor: l.breakdown.producer_amount().minor(),
                total_minor: l.breakdown.total.minor(),
                fees: &fees,
                local: o.local_region.is_some() && o.local_region == group_region,
                certified: o.certified,
                transport: o.transport,
                packaging: o.packaging,
                reference_unit_minor: o.reference,
                members: producer_members.get(&o.producer).unwrap_or(&none),
            });
    }
    let mut net_cache: HashMap<Uuid, BTreeSet<Uuid>> = HashMap::new();
    let fanned = base.iter().map(|((offer, group), r)| {
        let o = &info[offer];
        let scopes = scope::scopes(
            terms.id,
            [terms.hub, o.producer, *group],
            &parents,
            &mut net_cache,
        );
        ((*offer, *group), (o.category, o.country), scopes, r)
    });
    let rows = scope::fan_out(fanned);
    let mut out: Vec<Stmt> = ents
        .new
        .iter()
        .map(|(id, n)| Stmt {
            sql: "INSERT INTO impact_entities (id, num) VALUES ($1, $2)",
            params: vec![text(id), Param::Int(i64::from(*n))],
        })
        .collect();
    for ((scope, (category, country)), r) in rows {
        out.push(insert_row(
            &scope,
            terms.delivery_date,
            terms.currency,
            category,
            country,
            terms.id,
            &r,
        )?);
    }
    Ok(out)
}

fn int(v: i128) -> Result<Param, StoreError> {
    i64::try_from(v)
        .map(Param::Int)
        .map_err(|_| StoreError::Conflict(bayanihan_domain::Conflict::Overflow))
}

fn json<K: Ord + Copy, V: serde::Serialize>(
    m: &BTreeMap<K, V>,
    id: impl Fn(K) -> &'static str,
) -> String {
    let obj: serde_json::Map<String, serde_json::Value> = m
        .iter()
        .map(|(k, v)| {
            (
                id(*k).to_string(),
                serde_json::to_value(v).unwrap_or_default(),
            )
        })
        .collect();
    serde_json::Value::Object(obj).to_string()
}

/// The stored form of the per-group sets: for each group in catalogue order, the byte length
/// (u32 little-endian) and the set.
fn encode_groups(g: &BTreeMap<Group, EntitySet>) -> Vec<u8> {
    let mut out = Vec::new();
    for group in Group::ALL {
        let bytes = g.get(group).map(EntitySet::encode).unwrap_or_default();
        out.extend_from_slice(&(bytes.len() as u32).to_le_bytes());
        out.extend_from_slice(&bytes);
    }
    out
}

fn decode_groups(mut b: &[u8], into: &mut BTreeMap<Group, EntitySet>) -> Result<(), StoreError> {
    for group in Group::ALL {
        if b.is_empty() {
            break;
        }
        let (len, rest) = b
            .split_first_chunk::<4>()
            .ok_or_else(|| corrupt("group sets", "truncated"))?;
        let len = u32::from_le_bytes(*len) as usize;
        let set = rest
            .get(..len)
            .ok_or_else(|| corrupt("group sets", "truncated"))?;
        if !set.is_empty() {
            into.entry(*group)
                .or_default()
                .decode_into(set)
                .map_err(|e| corrupt("group sets", e))?;
        }
        b = &rest[len..];
    }
    Ok(())
}

fn insert_row(
    scope: &str,
    day: Date,
    currency: Currency,
    category: Category,
    country: CountryCode,
    cycle: Uuid,
    r: &Rollup,
) -> Result<Stmt, StoreError> {
    let transport: BTreeMap<TransportMode, [i128; 2]> = r
        .transport
        .iter()
        .map(|(m, l)| (*m, [l.mass_g, l.mass_metres]))
        .collect();
    Ok(Stmt {
        sql: "INSERT INTO impact_rollups (id, scope, day, currency, category, country, cycle_id, lines, units, \
              producer_minor, total_minor, local_minor, certified_minor, returnable_units, single_use_units, returned_units, \
              reference_minor, referenced_producer_minor, fees, transport, paid_to_group, producers, households, group_people) \
              VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15, $16, $17, $18, $19, $20, $21, $22, $23, $24)",
        params: vec![
            text(Uuid::new_v4()),
            text(scope),
            text(day),
            text(currency.code()),
            text(category.id()),
            text(country.code()),
            text(cycle),
            Param::Int(r.lines as i64),
            Param::Int(r.units as i64),
            int(r.producer_minor)?,
            int(r.total_minor)?,
            int(r.local_total_minor)?,
            int(r.certified_total_minor)?,
            Param::Int(r.returnable_units as i64),
            Param::Int(r.single_use_units as i64),
            Param::Int(r.returned_units as i64),
            int(r.reference_minor)?,
            int(r.referenced_producer_minor)?,
            Param::Text(json(&r.fees, FeeKind::id)),
            Param::Text(json(&transport, TransportMode::id)),
            Param::Text(json(&r.paid_to_group, Group::id)),
            Param::Blob(r.producers.encode()),
            Param::Blob(r.households.encode()),
            Param::Blob(encode_groups(&r.group_people)),
        ],
    })
}

const ROW_COLUMNS: &str = "day, currency, category, country, lines, units, producer_minor, total_minor, local_minor, \
    certified_minor, returnable_units, single_use_units, returned_units, reference_minor, referenced_producer_minor, \
    fees, transport, paid_to_group, producers, households, group_people";

fn read_map<K: Ord>(
    s: &str,
    parse: impl Fn(&str) -> Option<K>,
) -> Result<BTreeMap<K, serde_json::Value>, StoreError> {
    let v: BTreeMap<String, serde_json::Value> =
        serde_json::from_str(s).map_err(|e| corrupt("rollup", e))?;
    v.into_iter()
        .map(|(k, v)| {
            parse(&k)
                .map(|k| (k, v))
                .ok_or_else(|| corrupt("rollup key", k))
        })
        .collect()
}

fn i128_of(v: &serde_json::Value) -> Result<i128, StoreError> {
    v.as_i64()
        .map(i128::from)
        .ok_or_else(|| corrupt("rollup number", v))
}

fn row_from(r: &AnyRow) -> Result<RollupRow, StoreError> {
    let g = |i: usize| -> Result<i64, StoreError> { Ok(r.try_get::<i64, _>(i)?) };
    let mut rollup = Rollup {
        lines: g(4)? as u64,
        units: g(5)? as u64,
        producer_minor: g(6)?.into(),
        total_minor: g(7)?.into(),
        local_total_minor: g(8)?.into(),
        certified_total_minor: g(9)?.into(),
        returnable_units: g(10)? as u64,
        single_use_units: g(11)? as u64,
        returned_units: g(12)? as u64,
        reference_minor: g(13)?.into(),
        referenced_producer_minor: g(14)?.into(),
        ..Default::default()
    };
    for (k, v) in read_map(&r.try_get::<String, _>(15)?, |k| FeeKind::parse(k).ok())? {
        rollup.fees.insert(k, i128_of(&v)?);
    }
    for (k, v) in read_map(&r.try_get::<String, _>(16)?, |k| {
        TransportMode::parse(k).ok()
    })? {
        let pair = v.as_array().ok_or_else(|| corrupt("transport", &v))?;
        rollup.transport.insert(
            k,
            Leg {
                mass_g: i128_of(&pair[0])?,
                mass_metres: i128_of(&pair[1])?,
            },
        );
    }
    for (k, v) in read_map(&r.try_get::<String, _>(17)?, |k| Group::parse(k).ok())? {
        rollup.paid_to_group.insert(k, i128_of(&v)?);
    }
    rollup
        .producers
        .decode_into(&r.try_get::<Vec<u8>, _>(18)?)
        .map_err(|e| corrupt("producers", e))?;
    rollup
        .households
        .decode_into(&r.try_get::<Vec<u8>, _>(19)?)
        .map_err(|e| corrupt("households", e))?;
    decode_groups(&r.try_get::<Vec<u8>, _>(20)?, &mut rollup.group_people)?;
    Ok(RollupRow {
        day: r
            .try_get::<String, _>(0)?
            .parse()
            .map_err(|e| corrupt("day", e))?,
        currency: Currency::parse(&r.try_get::<String, _>(1)?)
            .map_err(|e| corrupt("currency", e))?,
        category: Category::parse(&r.try_get::<String, _>(2)?)
            .map_err(|e| corrupt("category", e))?,
        country: CountryCode::parse(&r.try_get::<String, _>(3)?)
            .map_err(|e| corrupt("country", e))?,
        rollup,
    })
}

/// What a report covers.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ReportScope {
    /// A network or a country chapter (itself a network), with every organization inside.
    Network(Uuid),
    Organization(Uuid),
    Cycle(Uuid),
    /// One value chain (product category) across the installation.
    ValueChain(Category),
}

impl ReportScope {
    /// Reads `network:ID`, `chapter:ID`, `organization:ID`, `cycle:ID` or `value-chain:CATEGORY`.
    pub fn parse(s: &str) -> Result<ReportScope, bayanihan_domain::parse::ParseError> {
        use bayanihan_domain::parse::ParseError;
        let (kind, id) = s.trim().split_once(':').ok_or_else(|| {
            ParseError::new(format!(
                "`{s}` is not a scope: write network:ID, chapter:ID, organization:ID, cycle:ID or value-chain:CATEGORY"
            ))
        })?;
        let uuid = || {
            Uuid::parse_str(id.trim())
                .map_err(|_| ParseError::new(format!("`{id}` is not an id (a UUID)")))
        };
        match kind.trim() {
            "network" | "chapter" => Ok(ReportScope::Network(uuid()?)),
            "organization" | "org" => Ok(ReportScope::Organization(uuid()?)),
            "cycle" => Ok(ReportScope::Cycle(uuid()?)),
            "value-chain" | "value_chain" => Ok(ReportScope::ValueChain(Category::parse(id.trim())?)),
            other => Err(ParseError::new(format!(
                "`{other}` is not a kind of scope: network, chapter, organization, cycle or value-chain"
            ))),
        }
    }

    fn key(self) -> String {
        match self {
            ReportScope::Network(id) => format!("network:{id}"),
            ReportScope::Organization(id) => format!("organization:{id}"),
            ReportScope::Cycle(id) => format!("cycle:{id}"),
            ReportScope::ValueChain(_) => "all".into(),
        }
    }
}

impl Store {
    /// The rollup rows of a scope with delivery days from `from` to `to`.
    pub async fn rollup_rows(
        &self,
        scope: ReportScope,
        from: Date,
        to: Date,
    ) -> Result<Vec<RollupRow>, StoreError> {
        let rows = sqlx::query(&format!(
            "SELECT {ROW_COLUMNS} FROM impact_rollups WHERE scope = $1 AND day >= $2 AND day <= $3"
        ))
        .bind(scope.key())
        .bind(from.to_string())
        .bind(to.to_string())
        .fetch_all(&self.pool)
        .await?;
        let mut out = rows.iter().map(row_from).collect::<Result<Vec<_>, _>>()?;
        if let ReportScope::ValueChain(c) = scope {
            out.retain(|r| r.category == c);
        }
        Ok(out)
    }

    /// Active network memberships as (network, member).
    async fn network_edges(&self) -> Result<Vec<(Uuid, Uuid)>, StoreError> {
        sqlx::query(NETWORK_EDGES)
            .fetch_all(&self.pool)
            .await?
            .iter()
            .map(|r| Ok((r.uuid(0)?, r.uuid(1)?)))
            .collect()
    }

    /// Organizations inside a network, at any depth, the network included.
    async fn network_members(&self, network: Uuid) -> Result<BTreeSet<Uuid>, StoreError> {
        let ids: Vec<String> = sqlx::query_scalar(&format!(
            "{} SELECT id FROM tree",
            crate::organizations::NETWORK_TREE
        ))
        .bind(network.to_string())
        .fetch_all(&self.pool)
        .await?;
        let mut all = BTreeSet::from([network]);
        for id in ids {
            all.insert(crate::rows::uuid_text(&id)?);
        }
        Ok(all)
    }

    /// Jobs declared by these organizations over spans touching `from..=to`.
    async fn jobs_of(
        &self,
        orgs: &BTreeSet<Uuid>,
        from: Date,
        to: Date,
    ) -> Result<Vec<JobDeclaration>, StoreError> {
        let rows = sqlx::query(
            "SELECT organization_id, valid_from, valid_to, gender, fte_hundredths FROM job_declarations \
             WHERE valid_from <= $2 AND valid_to >= $1",
        )
        .bind(from.to_string())
        .bind(to.to_string())
        .fetch_all(&self.pool)
        .await?;
        let mut out = Vec::new();
        for r in &rows {
            if !orgs.contains(&crate::rows::uuid_text(&r.try_get::<String, _>(0)?)?) {
                continue;
            }
            let date = |i: usize| -> Result<Date, StoreError> {
                r.try_get::<String, _>(i)?
                    .parse()
                    .map_err(|e| corrupt("date", e))
            };
            out.push(JobDeclaration {
                from: date(1)?,
                to: date(2)?,
                gender: r
                    .try_get::<Option<String>, _>(3)?
                    .and_then(|g| Gender::parse(&g).ok()),
                fte_hundredths: r.try_get(4)?,
            });
        }
        Ok(out)
    }

    /// The triple-bottom-line report of a scope for a period, beside the period before.
    pub async fn tbl_report(
        &self,
        scope: ReportScope,
        period: &Period,
        threshold: Threshold,
    ) -> Result<Report, StoreError> {
        let previous = period.previous();
        let (kind, id, name) = match scope {
            ReportScope::Network(id) => {
                ("network", id.to_string(), self.organization(id).await?.name)
            }
            ReportScope::Organization(id) => (
                "organization",
                id.to_string(),
                self.organization(id).await?.name,
            ),
            ReportScope::Cycle(id) => ("cycle", id.to_string(), self.cycle(id).await?.name),
            ReportScope::ValueChain(c) => {
                ("value_chain", c.id().to_string(), c.label().to_string())
            }
        };
        let rows = self.rollup_rows(scope, previous.from, period.to).await?;
        let orgs = match scope {
            ReportScope::Network(id) => Some(self.network_members(id).await?),
            ReportScope::Organization(id) => Some(BTreeSet::from([id])),
            _ => None,
        };
        let jobs = match &orgs {
            Some(o) => Some(self.jobs_of(o, previous.from, period.to).await?),
            None => None,
        };
        let set_off = match scope {
            ReportScope::Network(id) => Some(self.applied_set_offs(Some(id), None).await?),
            ReportScope::Organization(id) => Some(self.applied_set_offs(None, Some(id)).await?),
            _ => None,
        }
        .map(|v| {
            v.into_iter()
                .map(|(day, currency, minor)| report::SetOff {
                    day,
                    currency,
                    minor: minor.into(),
                })
                .collect::<Vec<_>>()
        });
        Ok(report::build(&report::Inputs {
            scope: Scope {
                kind: kind.into(),
                id,
                name,
            },
            period: period.clone(),
            rows: &rows,
            jobs: jobs.as_deref(),
            set_off: set_off.as_deref(),
            seasons: match &orgs {
                Some(o) => Some(self.season_flows(o, previous.from, period.to).await?),
                None => None,
            }
            .as_deref(),
            votes: match &orgs {
                Some(o) => Some(self.turnouts(o, previous.from, period.to).await?),
                None => None,
            }
            .as_deref(),
            books: match &orgs {
                Some(o) => Some(
                    self.book_flows(o, previous.from, period.to, threshold)
                        .await?,
                ),
                None => None,
            }
            .as_deref(),
            portfolio: match &orgs {
                Some(o) => Some(self.portfolio_at(o, period.to, previous.to).await?),
                None => None,
            }
            .as_deref(),
            threshold,
        }))
    }

    /// The savings deposited and the loans made to members in the books of `orgs` between
    /// `from` and `to`, each with whether its group is women-led (see `report::BookFlow`).
    async fn book_flows(
        &self,
        orgs: &BTreeSet<Uuid>,
        from: Date,
        to: Date,
        threshold: Threshold,
    ) -> Result<Vec<report::BookFlow>, StoreError> {
        let mut declared: std::collections::BTreeMap<Uuid, (u64, u64)> = Default::default();
        for r in sqlx::query(
            "SELECT m.organization_id, CAST(COUNT(DISTINCT m.person_id) AS BIGINT), \
             CAST(COUNT(DISTINCT CASE WHEN d.gender = 'woman' THEN m.person_id END) AS BIGINT) \
             FROM memberships m JOIN demographics d ON d.person_id = m.person_id \
             JOIN shg_rules g ON g.organization_id = m.organization_id \
             WHERE d.gender IS NOT NULL AND d.gender <> 'prefer_not_to_say' GROUP BY m.organization_id",
        )
        .fetch_all(&self.pool)
        .await?
        {
            declared.insert(r.uuid(0)?, (r.count(1)?, r.count(2)?));
        }
        let women_led = |org: &Uuid| {
            declared
                .get(org)
                .is_some_and(|(all, women)| threshold.allows(*all) && women * 2 > *all)
        };
        let mut out = Vec::new();
        for r in sqlx::query(
            "SELECT e.organization_id, e.occurred_on, g.currency, e.person_id, e.kind, \
             CAST(SUM(p.amount) AS BIGINT) FROM shg_entries e \
             JOIN shg_postings p ON p.entry_id = e.id AND p.account = 'cash' \
             JOIN shg_rules g ON g.organization_id = e.organization_id \
             WHERE e.kind IN ('saving', 'voluntary_saving', 'disbursement') AND e.person_id IS NOT NULL \
             AND e.occurred_on >= $1 AND e.occurred_on <= $2 \
             GROUP BY e.organization_id, e.occurred_on, g.currency, e.person_id, e.kind",
        )
        .bind(from.to_string())
        .bind(to.to_string())
        .fetch_all(&self.pool)
        .await?
        {
            let org = r.uuid(0)?;
            if !orgs.contains(&org) {
                continue;
            }
            let cash: i64 = r.try_get(5)?;
            let lending = r.try_get::<String, _>(4)? == "disbursement";
            out.push(report::BookFlow {
                day: r.date(1)?,
                currency: r.currency(2)?,
                person: r.uuid(3)?,
                saved: if lending { 0 } else { cash.into() },
                lent: if lending { (-cash).into() } else { 0 },
                women_led: women_led(&org),
            });
        }
        Ok(out)
    }

    /// PAR30 of the members' loans in the books of `orgs`, per currency, as at `now` and
    /// `before`.
    async fn portfolio_at(
        &self,
        orgs: &BTreeSet<Uuid>,
        now: Date,
        before: Date,
    ) -> Result<Vec<report::PortfolioAt>, StoreError> {
        let mut by_currency: std::collections::BTreeMap<&'static str, (Currency, Vec<Uuid>)> =
            Default::default();
        for r in sqlx::query("SELECT organization_id, currency FROM shg_rules")
            .fetch_all(&self.pool)
            .await?
        {
            let org = r.uuid(0)?;
            if orgs.contains(&org) {
                let c: Currency = r.currency(1)?;
                by_currency
                    .entry(c.code())
                    .or_insert((c, Vec::new()))
                    .1
                    .push(org);
            }
        }
        let mut out = Vec::new();
        for (_, (currency, ids)) in by_currency {
            let (a, b) = (
                self.portfolio_quality(&ids, now).await?,
                self.portfolio_quality(&ids, before).await?,
            );
            if a.loans == 0 && b.loans == 0 {
                continue;
            }
            out.push(report::PortfolioAt {
                currency,
                current: (a.loans, a.par30),
                previous: (b.loans, b.par30),
            });
        }
        Ok(out)
    }

    /// Each chamber of every decision of `orgs` closed between `from` and `to` (UTC days):
    /// its electorate and its ballots, as the closing tally counted them.
    async fn turnouts(
        &self,
        orgs: &BTreeSet<Uuid>,
        from: Date,
        to: Date,
    ) -> Result<Vec<report::Turnout>, StoreError> {
        let micros = |d: Date| -> Result<i64, StoreError> {
            Ok(d.to_zoned(jiff::tz::TimeZone::UTC)
                .map_err(|e| crate::rows::corrupt("date", e))?
                .timestamp()
                .as_microsecond())
        };
        let end = to
            .checked_add(jiff::Span::new().days(1))
            .map_err(|e| crate::rows::corrupt("date", e))?;
        let rows = sqlx::query(
            "SELECT organization_id, closed_at, tally FROM decisions \
             WHERE closed_at IS NOT NULL AND closed_at >= $1 AND closed_at < $2 ORDER BY closed_at, id",
        )
        .bind(micros(from)?)
        .bind(micros(end)?)
        .fetch_all(&self.pool)
        .await?;
        let mut out = Vec::new();
        for r in &rows {
            if !orgs.contains(&r.uuid(0)?) {
                continue;
            }
            let day = r.instant(1)?.to_zoned(jiff::tz::TimeZone::UTC).date();
            let t: bayanihan_domain::governance::tally::Tally =
                serde_json::from_str(&r.try_get::<String, _>(2)?)
                    .map_err(|e| crate::rows::corrupt("tally", e))?;
            for (chamber, c) in t.by_chamber.0 {
                out.push(report::Turnout {
                    day,
                    chamber,
                    eligible: c.eligible,
                    ballots: c.ballots,
                });
            }
        }
        Ok(out)
    }

    /// The seasons' advances (on the day paid) and settled deliveries (on their date, per
    /// line) between `from` and `to` whose group or producer is in `orgs`.
    async fn season_flows(
        &self,
        orgs: &BTreeSet<Uuid>,
        from: Date,
        to: Date,
    ) -> Result<Vec<report::SeasonFlow>, StoreError> {
        use bayanihan_domain::season::prefinance::delivered;
        let inside = |r: &sqlx::any::AnyRow, a: usize, b: usize| -> Result<bool, StoreError> {
            Ok(orgs.contains(&r.uuid(a)?) || orgs.contains(&r.uuid(b)?))
        };
        let mut out = Vec::new();
        let advances = sqlx::query(
            "SELECT a.paid_on, s.currency, a.amount, a.consumer_group_id, s.producer_id \
             FROM season_advances a JOIN seasons s ON s.id = a.season_id WHERE a.paid_on >= $1 AND a.paid_on <= $2",
        )
        .bind(from.to_string())
        .bind(to.to_string())
        .fetch_all(&self.pool)
        .await?;
        for r in &advances {
            if inside(r, 3, 4)? {
                out.push(report::SeasonFlow {
                    day: r.date(0)?,
                    currency: r.currency(1)?,
                    prefinance: r.try_get::<i64, _>(2)?.into(),
                    planned: 0,
                    shortfall: 0,
                    borne_by_consumers: 0,
                });
            }
        }
        let lines = sqlx::query(
            "SELECT d.delivery_date, s.currency, s.shortfall_rule, l.consumer_group_id, s.producer_id, l.season_planned, \
             l.quantity, COALESCE(l.allocated, 0) FROM season_deliveries d \
             JOIN order_lines l ON l.cycle_id = d.cycle_id JOIN seasons s ON s.id = d.season_id \
             WHERE d.settled_at IS NOT NULL AND d.delivery_date >= $1 AND d.delivery_date <= $2 \
             AND l.season_share_id IS NOT NULL",
        )
        .bind(from.to_string())
        .bind(to.to_string())
        .fetch_all(&self.pool)
        .await?;
        for r in &lines {
            if !inside(r, 3, 4)? {
                continue;
            }
            let currency = r.currency(1)?;
            let planned = r.money(5, currency)?;
            let shortfall = planned.minor() - delivered(planned, r.count(6)?, r.count(7)?).minor();
            let members = r.try_get::<String, _>(2)? == "members";
            out.push(report::SeasonFlow {
                day: r.date(0)?,
                currency,
                prefinance: 0,
                planned: planned.minor().into(),
                shortfall: shortfall.into(),
                borne_by_consumers: if members { shortfall.into() } else { 0 },
            });
        }
        Ok(out)
    }

    /// Declares the jobs (FTE × 100) an organization employed over a span of days.
    pub async fn declare_jobs(
        &self,
        org: Uuid,
        from: Date,
        to: Date,
        gender: Option<Gender>,
        fte_hundredths: i64,
        by: Option<Uuid>,
    ) -> Result<Uuid, StoreError> {
        let id = Uuid::new_v4();
        self.write_statements(&[Stmt {
            sql: "INSERT INTO job_declarations (id, organization_id, valid_from, valid_to, gender, fte_hundredths, declared_by, created_at) \
                  VALUES ($1, $2, $3, $4, $5, $6, $7, $8)",
            params: vec![
                text(id),
                text(org),
                text(from),
                text(to),
                gender.map_or(Param::Null, |g| text(g.id())),
                Param::Int(fte_hundredths),
                by.map_or(Param::Null, text),
                Param::Int(now_micros()),
            ],
        }])
        .await?;
        Ok(id)
    }

    /// Records a reference market price for a product (per unit, minor units).
    #[allow(clippy::too_many_arguments)] // one argument per column of the record
    pub async fn add_reference_price(
        &self,
        product: Uuid,
        region: Option<&str>,
        from: Date,
        to: Date,
        currency: Currency,
        unit_price_minor: i64,
        source: &str,
    ) -> Result<Uuid, StoreError> {
        let id = Uuid::new_v4();
        self.write_statements(&[Stmt {
            sql: "INSERT INTO reference_prices (id, product_id, region, valid_from, valid_to, currency, unit_price_minor, source, created_at) \
                  VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9)",
            params: vec![
                text(id),
                text(product),
                region.map_or(Param::Null, text),
                text(from),
                text(to),
                text(currency.code()),
                Param::Int(unit_price_minor),
                text(source),
                Param::Int(now_micros()),
            ],
        }])
        .await?;
        Ok(id)
    }

    /// Records returnable packaging brought back for an offer of a closed cycle, and adds it to
    /// the rollups of the offer's scopes.
    pub async fn record_packaging_return(
        &self,
        offer: Uuid,
        units: u64,
        by: Option<Uuid>,
    ) -> Result<(), StoreError> {
        let o = self.offer(offer).await?;
        let c = self.cycle(o.cycle_id).await?;
        if !c.is_closed() {
            return Err(StoreError::Conflict(
                bayanihan_domain::Conflict::NotDeliveredYet,
            ));
        }
        let producer = self.organization(o.producer_id).await?;
        let parents = self.member_networks().await?;
        let mut stmts = vec![Stmt {
            sql: "INSERT INTO packaging_returns (id, cycle_id, offer_id, units, recorded_by, created_at) VALUES ($1, $2, $3, $4, $5, $6)",
            params: vec![
                text(Uuid::new_v4()),
                text(c.id),
                text(offer),
                Param::Int(units as i64),
                by.map_or(Param::Null, text),
                Param::Int(now_micros()),
            ],
        }];
        stmts.extend(return_rows(&c, &o, producer.country, units, &parents)?);
        self.write_statements(&stmts).await
    }

    /// Each organization's networks (direct): member → networks.
    async fn member_networks(&self) -> Result<HashMap<Uuid, Vec<Uuid>>, StoreError> {
        let mut parents: HashMap<Uuid, Vec<Uuid>> = HashMap::new();
        for (n, m) in self.network_edges().await? {
            parents.entry(m).or_default().push(n);
        }
        Ok(parents)
    }

    /// Recomputes the rollups of closed cycles — every one, or `only` — from their stored
    /// lines and packaging returns, with the reference prices, memberships and demographics
    /// known now (e.g. after reference prices for past periods were entered). Each cycle is
    /// replaced in one transaction. Returns how many cycles were rebuilt.
    pub async fn rebuild_rollups(&self, only: Option<Uuid>) -> Result<u64, StoreError> {
        let ids: Vec<String> = sqlx::query_scalar(
            "SELECT id FROM cycles WHERE status = 'closed' AND ($1 IS NULL OR id = $1) ORDER BY delivery_date, id",
        )
        .bind(only.map(|c| c.to_string()))
        .fetch_all(&self.pool)
        .await?;
        if only.is_some() && ids.is_empty() {
            return Err(StoreError::NotFound("closed cycle"));
        }
        let parents = self.member_networks().await?;
        for id in &ids {
            let c = self.cycle(crate::rows::uuid_text(id)?).await?;
            let offers = self.offers(c.id).await?;
            let lines = self.lines(c.id, None, None).await?;
            let priced = bayanihan_domain::trade::records::price_lines(&offers, &lines)
                .map_err(|e| StoreError::Corrupt(e.to_string()))?;
            let persons: HashMap<Uuid, Uuid> = lines
                .iter()
                .filter_map(|l| l.person_id.map(|p| (l.id, p)))
                .collect();
            let terms = CycleTerms {
                id: c.id,
                hub: c.hub_id,
                currency: c.currency,
                policy: c.policy,
                delivery_date: c.delivery_date,
                payment_terms_days: c.payment_terms_days,
            };
            let returns: Vec<(String, i64)> = sqlx::query_as(
                "SELECT offer_id, CAST(SUM(units) AS BIGINT) FROM packaging_returns WHERE cycle_id = $1 GROUP BY offer_id",
            )
            .bind(c.id.to_string())
            .fetch_all(&self.pool)
            .await?;
            let mut return_stmts = Vec::new();
            for (offer, units) in &returns {
                let o = offers
                    .iter()
                    .find(|o| o.id.to_string() == *offer)
                    .ok_or(StoreError::NotFound("offer"))?;
                let country = self.organization(o.producer_id).await?.country;
                return_stmts.extend(return_rows(&c, o, country, *units as u64, &parents)?);
            }
            write_tx!(self, tx, {
                sqlx::query("DELETE FROM impact_rollups WHERE cycle_id = $1")
                    .bind(c.id.to_string())
                    .execute(&mut *tx)
                    .await?;
                let context = context_any(&mut tx, &terms, &persons).await?;
                let delivered = priced.iter().map(|(l, b)| Delivered {
                    line: l.id,
                    offer: l.offer_id,
                    consumer_group: l.consumer_group_id,
                    allocated: l.allocated.unwrap_or(0),
                    breakdown: b,
                });
                let rows = rollup_statements(&terms, delivered, &persons, &context)?;
                crate::stmt::execute_statements(&mut tx, &rows).await?;
                crate::stmt::execute_statements(&mut tx, &return_stmts).await?;
                Ok(())
            })?;
        }
        Ok(ids.len() as u64)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn group_sets_survive_storage() {
        let mut g = BTreeMap::new();
        g.insert(
            Group::Youth,
            [3u32, 9, 400].into_iter().collect::<EntitySet>(),
        );
        g.insert(
            Group::OverseasWorker,
            [1u32].into_iter().collect::<EntitySet>(),
        );
        let mut back = BTreeMap::new();
        decode_groups(&encode_groups(&g), &mut back).unwrap();
        assert_eq!(back, g);
        assert!(decode_groups(&[9, 0, 0, 0, 1], &mut back).is_err());
    }

    #[test]
    fn households_are_asked_for_in_chunks_of_one_shape() {
        let ids: Vec<Uuid> = (0..450u128).map(Uuid::from_u128).collect();
        let twice = ids.iter().chain(ids.iter().take(10));
        let q = household_queries(twice);
        assert_eq!(q.len(), 3, "450 distinct ids, 200 a query");
        assert!(q
            .iter()
            .all(|s| s.params.len() == HOUSEHOLDS_PER_QUERY && s.sql.ends_with("$200)")));
        let last: Vec<String> = q[2]
            .params
            .iter()
            .map(|p| match p {
                Param::Text(t) => t.clone(),
                _ => panic!("ids are text"),
            })
            .collect();
        assert_eq!(last[0], ids[400].to_string());
        assert_eq!(last[49], ids[449].to_string());
        assert_eq!(
            last[50],
            ids[400].to_string(),
            "padded with the chunk's first id"
        );
        assert!(household_queries(std::iter::empty()).is_empty());
    }

    #[test]
    fn scopes_parse_or_say_how_to_write_one() {
        let id = Uuid::new_v4();
        assert_eq!(
            ReportScope::parse(&format!("chapter:{id}")).unwrap(),
            ReportScope::Network(id)
        );
        assert_eq!(
            ReportScope::parse("value-chain:rice").unwrap(),
            ReportScope::ValueChain(Category::Rice)
        );
        assert!(ReportScope::parse("rice")
            .unwrap_err()
            .reason()
            .contains("value-chain:"));
        assert!(ReportScope::parse("network:nope").is_err());
    }
}
