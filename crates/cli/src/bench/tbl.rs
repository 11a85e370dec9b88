//! The triple-bottom-line benchmark: a year of a network's trade — ten million delivered lines
//! by default — closed cycle by cycle, then the network-wide report of the year, timed. The
//! raw delivered lines are written as CSV so that DuckDB can compute the same aggregates from
//! them (scripts/bench-tbl compares both, figure by figure).

use std::collections::HashMap;
use std::io::Write;
use std::path::Path;
use std::time::Instant;

use bayanihan_domain::impact::period::Period;
use bayanihan_domain::impact::report::Threshold;
use bayanihan_domain::trade::allocation::Policy;
use bayanihan_domain::trade::catalog::{
    DistanceBasis, ProductDraft, ProductInput, TransportLeg, TransportMode,
};
use bayanihan_domain::trade::pricing::{Fee, FeeBasis, FeeKind, Part};
use bayanihan_domain::{Currency, OrganizationDraft, OrganizationInput, Qualifier};
use bayanihan_store::impact::ReportScope;
use bayanihan_store::trade::{CycleDraft, OfferDraft, Participant};
use bayanihan_store::Store;
use serde_json::json;
use uuid::Uuid;

use super::{peak_rss_mib, Fallible};

const CHAPTERS: [(&str, &str, &str); 5] = [
    ("PH", "PHP", "Asia/Manila"),
    ("ID", "IDR", "Asia/Jakarta"),
    ("MY", "MYR", "Asia/Kuala_Lumpur"),
    ("NP", "NPR", "Asia/Kathmandu"),
    ("JP", "JPY", "Asia/Tokyo"),
];
const CATEGORIES: [&str; 8] = [
    "rice",
    "vegetables",
    "coffee",
    "fruit",
    "spices",
    "tea",
    "handicrafts",
    "eggs",
];
const MODES: [TransportMode; 4] = [
    TransportMode::TruckSmall,
    TransportMode::Van,
    TransportMode::TruckMedium,
    TransportMode::Motorbike,
];

fn org(name: &str, kind: &str, country: (&str, &str, &str), region: &str) -> OrganizationDraft {
    OrganizationDraft::parse(&OrganizationInput {
        name: Some(name.into()),
        kind: Some(kind.into()),
        country: Some(country.0.into()),
        region: Some(region.into()),
        currency: Some(country.1.into()),
        time_zone: Some(country.2.into()),
        ..Default::default()
    })
    .expect("valid organization")
}

/// A household's id: a fixed pattern, so households can be inserted in one statement.
fn household(n: u64) -> Uuid {
    Uuid::parse_str(&format!("00000000-0000-4000-8000-{n:012}")).expect("valid uuid")
}

pub async fn run(
    store: Store,
    lines: u64,
    hubs_per_chapter: u64,
    weeks: u64,
    households: u64,
    out: &Path,
    runs: usize,
) -> Fallible<()> {
    std::fs::create_dir_all(out)?;
    let setup = Instant::now();
    let council = store
        .create_organization(&org("Bench Council", "network", CHAPTERS[0], "Metro"), None)
        .await?
        .id;
    let day0: jiff::civil::Date = "2026-01-05".parse()?;
    let year_end: jiff::civil::Date = "2026-12-31".parse()?;
    let groups_per_hub = 20u64;
    let hubs_total = hubs_per_chapter * CHAPTERS.len() as u64;
    let groups_total = hubs_total * groups_per_hub;
    let per_household = lines.div_ceil(weeks * households).max(1);
    // Households: inserted in one statement, then made members of their consumer group.
    insert_households(&store, households).await?;
    struct Hub {
        id: Uuid,
        currency: Currency,
        groups: Vec<Uuid>,
        offers: Vec<(Uuid, Uuid, i64, Vec<Fee>, TransportLeg)>,
    }
    let mut hubs = Vec::new();
    for (c, chapter) in CHAPTERS.iter().enumerate() {
        let net = store
            .create_organization(
                &org(
                    &format!("Chapter {}", chapter.0),
                    "network",
                    *chapter,
                    "Capital",
                ),
                None,
            )
            .await?
            .id;
        store.add_network_member(council, net, day0).await?;
        let mut producers = Vec::new();
        for p in 0..8 {
            let region = if p % 2 == 0 { "Capital" } else { "Upland" };
            let id = store
                .create_organization(
                    &org(
                        &format!("Producer {}-{p}", chapter.0),
                        "producer_cooperative",
                        *chapter,
                        region,
                    ),
                    None,
                )
                .await?
                .id;
            store.add_network_member(net, id, day0).await?;
            let mut products = Vec::new();
            for k in 0..2usize {
                let category = CATEGORIES[(p * 2 + k) % CATEGORIES.len()];
                let d = ProductDraft::parse(&ProductInput {
                    name: Some(format!("{category} of producer {p}")),
                    category: Some(category.into()),
                    unit: Some("pack".into()),
                    unit_mass_kg: Some(0.5 + k as f64 * 2.0),
                    qualifiers: Some(if p % 3 == 0 {
                        vec![Qualifier::Organic.id().into()]
                    } else {
                        vec![]
                    }),
                    packaging: Some(if k == 0 { "returnable" } else { "single_use" }.into()),
                    ..Default::default()
                })
                .map_err(|e| e.to_string())?;
                let product = store.create_product(id, &d).await?;
                if p % 2 == 1 {
                    store
                        .add_reference_price(
                            product.id,
                            None,
                            day0,
                            year_end,
                            chapter.1.parse()?,
                            4_000 + 500 * k as i64,
                            "bench",
                        )
                        .await?;
                }
                products.push((product.id, id, p, k));
            }
            producers.push(products);
        }
        for h in 0..hubs_per_chapter {
            let hub = store
                .create_organization(
                    &org(
                        &format!("Hub {}-{h}", chapter.0),
                        "social_enterprise",
                        *chapter,
                        "Capital",
                    ),
                    None,
                )
                .await?
                .id;
            store.add_network_member(net, hub, day0).await?;
            let mut groups = Vec::new();
            for g in 0..groups_per_hub {
                let id = store
                    .create_organization(
                        &org(
                            &format!("Group {}-{h}-{g}", chapter.0),
                            "consumer_cooperative",
                            *chapter,
                            "Capital",
                        ),
                        None,
                    )
                    .await?
                    .id;
                store.add_network_member(net, id, day0).await?;
                groups.push(id);
            }
            let offers = producers
                .iter()
                .flatten()
                .map(|&(product, producer, p, k)| {
                    let fees = vec![
                        Fee {
                            kind: FeeKind::Coordination,
                            basis: FeeBasis::Percent {
                                basis_points: 1_000 + 50 * (c as u32),
                            },
                            recipient: hub,
                        },
                        Fee {
                            kind: FeeKind::Transport,
                            basis: FeeBasis::PerUnit {
                                minor: 300 + 20 * p as i64,
                            },
                            recipient: hub,
                        },
                        Fee {
                            kind: FeeKind::SolidarityFund,
                            basis: FeeBasis::Percent { basis_points: 200 },
                            recipient: net,
                        },
                    ];
                    let leg = TransportLeg {
                        mode: MODES[(p + k) % MODES.len()],
                        distance_km: 12.5 + 17.3 * p as f64 + k as f64,
                        distance_basis: DistanceBasis::Stated,
                    };
                    (
                        product,
                        producer,
                        5_000 + 700 * p as i64 + 1_000 * k as i64,
                        fees,
                        leg,
                    )
                })
                .collect();
            hubs.push(Hub {
                id: hub,
                currency: chapter.1.parse()?,
                groups,
                offers,
            });
        }
    }
    eprintln!(
        "organizations and products in {:.1} s",
        setup.elapsed().as_secs_f64()
    );
    let mut cycles = Vec::new();
    let t = Instant::now();
    for w in 0..weeks {
        for (hn, hub) in hubs.iter().enumerate() {
            let now = jiff::Timestamp::now();
            let cycle = store
                .create_cycle(&CycleDraft {
                    hub_id: hub.id,
                    name: format!("Week {w}"),
                    currency: hub.currency,
                    policy: Policy::ProRata,
                    opens_at: now - jiff::SignedDuration::from_hours(1),
                    closes_at: now + jiff::SignedDuration::from_hours(24),
                    delivery_date: year_end,
                    payment_terms_days: 14,
                    pickup_points: vec![],
                    producers: {
                        let mut p: Vec<Uuid> = hub.offers.iter().map(|o| o.1).collect();
                        p.dedup();
                        p
                    },
                    consumer_groups: hub
                        .groups
                        .iter()
                        .map(|g| Participant {
                            organization_id: *g,
                            tier: 0,
                        })
                        .collect(),
                })
                .await?;
            let mut offer_ids = Vec::new();
            for (product, _, price, fees, leg) in &hub.offers {
                let o = store
                    .create_offer(
                        cycle.id,
                        &OfferDraft {
                            product_id: *product,
                            quantity: 1_000_000,
                            producer_price_minor: *price + (w as i64 * 7),
                            fees: fees.clone(),
                            transport: Some(*leg),
                        },
                    )
                    .await?;
                offer_ids.push(o.id);
            }
            // Household h orders through group h % groups_total; this hub serves a slice.
            let mut bulk = Vec::new();
            let first_group = hn as u64 * groups_per_hub;
            for h in 0..households {
                let g = h % groups_total;
                if g < first_group || g >= first_group + groups_per_hub {
                    continue;
                }
                for k in 0..per_household {
                    let o = (h + k * 7 + w) as usize % offer_ids.len();
                    bulk.push((
                        Uuid::new_v4(),
                        offer_ids[o],
                        hub.groups[(g - first_group) as usize],
                        1 + (h + k + w) % 3,
                        0u32,
                        None,
                        Some(household(h)),
                    ));
                }
            }
            store.bulk_load_lines(cycle.id, &bulk).await?;
            store.close_cycle(cycle.id).await?;
            let day = day0.checked_add(jiff::Span::new().days((w * 7 + hn as u64 % 5) as i64))?;
            let day = day.min(year_end);
            store
                .reschedule_cycle(
                    cycle.id,
                    now - jiff::SignedDuration::from_hours(2),
                    now - jiff::SignedDuration::from_hours(1),
                    day,
                )
                .await?;
            cycles.push(cycle.id);
        }
        eprintln!(
            "week {w}: {} cycles closed, {:.0} s",
            cycles.len(),
            t.elapsed().as_secs_f64()
        );
    }
    let loading_s = t.elapsed().as_secs_f64();

    // The report, timed.
    let year = Period::year(2026);
    let mut times = Vec::new();
    let mut report = None;
    for _ in 0..runs {
        let t = Instant::now();
        let r = store
            .tbl_report(ReportScope::Network(council), &year, Threshold::default())
            .await?;
        times.push(t.elapsed().as_secs_f64());
        report = Some(r);
    }
    let report = report.ok_or("no run")?;
    std::fs::write(out.join("ours.json"), serde_json::to_string(&report)?)?;

    // The raw delivered lines, for DuckDB.
    let t = Instant::now();
    let delivered = export_lines(&store, &cycles, &out.join("lines.csv")).await?;
    println!(
        "{}",
        json!({
            "benchmark": "tbl",
            "delivered_lines": delivered,
            "cycles": cycles.len(),
            "load_and_close_seconds": loading_s,
            "report_seconds": times,
            "report_sections": report.sections.len(),
            "export_seconds": t.elapsed().as_secs_f64(),
            "peak_rss_mib": peak_rss_mib(),
        })
    );
    store.close().await;
    Ok(())
}

/// Households as people, in one statement (20,000 people one transaction each would dominate
/// the set-up).
async fn insert_households(store: &Store, n: u64) -> Fallible<()> {
    store
        .bulk_sql(&format!(
            "WITH RECURSIVE h(i) AS (SELECT 0 UNION ALL SELECT i + 1 FROM h WHERE i + 1 < {n}) \
             INSERT INTO people (id, email, name, created_at) \
             SELECT {id}, 'household' || i || '@bench.example', 'Household ' || i, 0 FROM h",
            id = match store.backend() {
                bayanihan_store::Backend::Sqlite => "printf('00000000-0000-4000-8000-%012d', i)",
                bayanihan_store::Backend::Postgres => {
                    "'00000000-0000-4000-8000-' || lpad(CAST(i AS TEXT), 12, '0')"
                }
            }
        ))
        .await?;
    Ok(())
}

/// Writes every delivered line with what the report needs of it; returns how many.
async fn export_lines(store: &Store, cycles: &[Uuid], path: &Path) -> Fallible<u64> {
    let mut w = std::io::BufWriter::with_capacity(1 << 20, std::fs::File::create(path)?);
    writeln!(w, "day,currency,category,country,producer,household,units,unit_mass_g,producer_minor,total_minor,processing,packing,transport,coordination,solidarity_fund,tax,local,certified,mode,metres,packaging,reference_unit_minor")?;
    let mut numbers: HashMap<Uuid, u64> = HashMap::new();
    let mut num = |id: Uuid| {
        let n = numbers.len() as u64;
        *numbers.entry(id).or_insert(n)
    };
    let mut regions: HashMap<Uuid, (String, Option<String>)> = HashMap::new();
    let mut n = 0u64;
    for &c in cycles {
        let cycle = store.cycle(c).await?;
        let offers = store.offers(c).await?;
        let lines = store.lines(c, None, None).await?;
        let priced = bayanihan_domain::trade::records::price_lines(&offers, &lines)?;
        let refs = store
            .reference_prices_on(cycle.delivery_date, cycle.currency)
            .await?;
        for (l, b) in priced {
            if l.allocated.unwrap_or(0) == 0 {
                continue;
            }
            let o = offers.iter().find(|o| o.id == l.offer_id).ok_or("offer")?;
            for id in [o.producer_id, l.consumer_group_id] {
                if let std::collections::hash_map::Entry::Vacant(e) = regions.entry(id) {
                    let org = store.organization(id).await?;
                    e.insert((org.country.code().to_string(), org.region.clone()));
                }
            }
            let (country, preg) = regions[&o.producer_id].clone();
            let greg = regions[&l.consumer_group_id].1.clone();
            let fee = |k: FeeKind| -> i64 {
                b.components
                    .iter()
                    .filter(|c| c.part == Part::Fee(k))
                    .map(|c| c.amount.minor())
                    .sum()
            };
            let certified = o.product.qualifiers.iter().any(|q| {
                matches!(
                    q,
                    Qualifier::Organic | Qualifier::PgsCertified | Qualifier::Agroecological
                )
            });
            let leg = o.transport.ok_or("leg")?;
            writeln!(
                w,
                "{},{},{},{},{},{},{},{},{},{},{},{},{},{},{},{},{},{},{},{},{},{}",
                cycle.delivery_date,
                cycle.currency.code(),
                o.product.category.id(),
                country,
                num(o.producer_id),
                num(l.person_id.ok_or("household")?),
                b.quantity,
                o.product.unit_mass_g,
                b.producer_amount().minor(),
                b.total.minor(),
                fee(FeeKind::Processing),
                fee(FeeKind::Packing),
                fee(FeeKind::Transport),
                fee(FeeKind::Coordination),
                fee(FeeKind::SolidarityFund),
                fee(FeeKind::Tax),
                u8::from(preg.is_some() && preg == greg),
                u8::from(certified),
                leg.mode.id(),
                bayanihan_domain::impact::rollup::metres(leg.distance_km),
                o.product.packaging.map_or("", |p| p.id()),
                refs.get(&o.product.id)
                    .map_or(String::new(), |r| r.to_string()),
            )?;
            n += 1;
        }
    }
    w.flush()?;
    Ok(n)
}
