//! The season benchmark: a season of N shares (person-less, pledged at random around the
//! nominal price) in G consumer groups with 26 fortnightly deliveries, every group's advances
//! paid; then, delivery by delivery, its lines made, its cycle closed and its value repaid in
//! kind — beside a plain cycle of the same lines (the same groups, offers and quantities,
//! loaded in bulk and closed), measured in the same run, alternately.

use std::time::Instant;

use bayanihan_domain::season::{parse_season, SeasonInput, SeasonPickupInput, ShareKindInput};
use bayanihan_domain::trade::allocation::Policy;
use bayanihan_domain::trade::catalog::{ProductDraft, ProductInput};
use bayanihan_domain::trade::records::PaymentMethod;
use bayanihan_domain::Currency;
use bayanihan_store::seasons::AdvanceDraft;
use bayanihan_store::trade::{CycleDraft, OfferDraft, Participant, PickupPointDraft};
use bayanihan_store::Store;
use serde_json::json;
use uuid::Uuid;

type Fallible<T> = Result<T, Box<dyn std::error::Error + Send + Sync>>;

fn secs(t: Instant) -> f64 {
    t.elapsed().as_secs_f64()
}

fn median(mut v: Vec<f64>) -> f64 {
    v.sort_by(f64::total_cmp);
    v[v.len() / 2]
}

pub async fn run(shares: usize, groups: usize, runs: usize) -> Fallible<()> {
    let dir = bayanihan_store::testing::temp_dir("bayanihan-bench-season");
    let store =
        Store::connect(&format!("sqlite:{}", dir.path().join("bench.db").display())).await?;
    store.migrate().await?;
    let org = |name: String, kind: &str| {
        bayanihan_domain::OrganizationDraft::parse(&bayanihan_domain::OrganizationInput {
            name: Some(name),
            kind: Some(kind.into()),
            country: Some("PH".into()),
            currency: Some("PHP".into()),
            time_zone: Some("Asia/Manila".into()),
            ..Default::default()
        })
        .map_err(|e| e.to_string())
    };
    let farm = store
        .create_organization(&org("Bench farm".into(), "producer_cooperative")?, None)
        .await?
        .id;
    let mut group_ids = Vec::new();
    for g in 0..groups {
        group_ids.push(
            store
                .create_organization(&org(format!("Group {g}"), "consumer_cooperative")?, None)
                .await?
                .id,
        );
    }
    let product = |name: &str| {
        ProductDraft::parse(&ProductInput {
            name: Some(name.into()),
            category: Some("rice".into()),
            unit: Some("kg".into()),
            unit_mass_kg: Some(1.0),
            ..Default::default()
        })
        .map_err(|e| e.to_string())
    };
    let rice = store.create_product(farm, &product("Rice")?).await?.id;
    let now = jiff::Timestamp::now();
    let at = |d: i64| now + jiff::SignedDuration::from_hours(24 * d);
    let day = |d: i64| at(d).to_zoned(jiff::tz::TimeZone::UTC).date().to_string();
    let input = SeasonInput {
        hub_id: farm,
        producer_id: farm,
        name: "Bench season".into(),
        currency: Some("PHP".into()),
        starts_on: day(-30),
        ends_on: day(365),
        delivery_dates: vec![],
        first_delivery: Some(day(10)),
        every_days: Some(14),
        signup_opens_at: at(-20).to_string(),
        signup_closes_at: at(-10).to_string(),
        round_days: None,
        max_rounds: Some(1),
        budget: "1".into(),
        reserve: None,
        absence_rule: "donate".into(),
        absence_cutoff_days: Some(2),
        shortfall_rule: "members".into(),
        instalments: vec![],
        share_kinds: vec![
            ShareKindInput {
                name: "Family".into(),
                product_id: rice,
                units_per_delivery: 5,
                unit_price: "55".into(),
            },
            ShareKindInput {
                name: "Small".into(),
                product_id: rice,
                units_per_delivery: 2,
                unit_price: "55".into(),
            },
        ],
        pickup_points: group_ids
            .iter()
            .enumerate()
            .map(|(g, id)| SeasonPickupInput {
                name: format!("Pickup {g}"),
                organization_id: *id,
                capacity: 1,
            })
            .collect(),
        consumer_groups: group_ids.clone(),
    };
    let season = store
        .create_season(&parse_season(&input, Currency::PHP).map_err(|e| e.to_string())?)
        .await?;
    let deliveries = season.deliveries.len();
    // Shares: 3 family for 1 small, pledges from 60 % to 140 % of the nominal price.
    let bulk: Vec<(Uuid, Uuid, Uuid, Option<i64>)> = (0..shares)
        .map(|n| {
            let g = n % groups;
            let k = usize::from(n % 4 == 3);
            let nominal = season.share_kinds[k].nominal.minor();
            (
                group_ids[g],
                season.share_kinds[k].id,
                season.pickup_points[g].id,
                Some(nominal * (60 + (n as i64 * 37) % 81) / 100),
            )
        })
        .collect();
    let t = Instant::now();
    store.bulk_season_shares(season.id, &bulk).await?;
    for g in &group_ids {
        let (due, _) = store.group_due(season.id, *g).await?;
        store
            .pay_advance(
                season.id,
                &AdvanceDraft {
                    consumer_group_id: *g,
                    amount_minor: due.minor(),
                    paid_on: at(-10).to_zoned(jiff::tz::TimeZone::UTC).date(),
                    method: PaymentMethod::BankTransfer,
                    recorded_by: None,
                },
                at(-10).as_microsecond(),
            )
            .await?;
    }
    eprintln!(
        "season of {shares} shares × {deliveries} deliveries set up in {:.1} s",
        secs(t)
    );

    // The plain cycle's lines: the same groups, kinds and quantities.
    let plain_lines: Vec<(Uuid, usize, u64)> = bulk
        .iter()
        .enumerate()
        .map(|(n, (g, _, _, _))| (*g, usize::from(n % 4 == 3), if n % 4 == 3 { 2 } else { 5 }))
        .collect();
    let (mut season_make, mut season_close, mut season_settle, mut season_total) =
        (Vec::new(), Vec::new(), Vec::new(), Vec::new());
    let mut season_make_close = Vec::new();
    let (mut plain_load, mut plain_close, mut plain_total) = (Vec::new(), Vec::new(), Vec::new());
    let (mut placed_load, mut placed_total) = (Vec::new(), Vec::new());
    for r in 0..runs.min(deliveries) {
        // The season's delivery r: lines made, the harvest short by a tenth, closed, settled.
        let d = &season.deliveries[r];
        let made_at = d.absences_close_at.as_microsecond();
        let t = Instant::now();
        let cycle = store.make_delivery(season.id, r as u32, made_at).await?;
        let make = secs(t);
        // The family shares' harvest short by a tenth (as in the plain cycle below).
        for (kind, _, planned, _) in store.season_delivery_offers(season.id, r as u32).await? {
            if kind == season.share_kinds[0].id {
                store
                    .declare_harvest(season.id, r as u32, kind, planned * 9 / 10)
                    .await?;
            }
        }
        let t = Instant::now();
        store.close_cycle(cycle).await?;
        let close = secs(t);
        let t = Instant::now();
        store
            .settle_season_delivery(season.id, r as u32, made_at)
            .await?;
        let settle = secs(t);
        season_make.push(make);
        season_close.push(close);
        season_settle.push(settle);
        season_total.push(make + close + settle);
        season_make_close.push(make + close);

        // Plain cycles of the same lines: offers, then the lines loaded in bulk (the fastest
        // way in, a test loader that skips every check) or placed as members place them
        // (64 at a time, through the group-commit writer), then closed.
        for placed in [false, true] {
            // Timed from the cycle itself, as the season's delivery makes its own.
            let t = Instant::now();
            let (plain, offers) =
                plain_cycle(&store, farm, &group_ids, d.date, &plain_lines, r, placed).await?;
            if placed {
                let mut tasks = tokio::task::JoinSet::new();
                let lines: Vec<bayanihan_store::trade::NewLine> = plain_lines
                    .iter()
                    .map(|(g, k, q)| bayanihan_store::trade::NewLine {
                        offer_id: offers[*k],
                        consumer_group_id: *g,
                        person_id: None,
                        pickup_point_id: None,
                        quantity: *q,
                        tier: None,
                    })
                    .collect();
                for chunk in lines.chunks(lines.len().div_ceil(64)) {
                    let (store, chunk) = (store.clone(), chunk.to_vec());
                    tasks.spawn(async move {
                        for l in &chunk {
                            store.place_line(plain, l).await?;
                        }
                        Ok::<_, bayanihan_store::StoreError>(())
                    });
                }
                while let Some(done) = tasks.join_next().await {
                    done??;
                }
            } else {
                let lines: Vec<bayanihan_store::testing::BulkLine> = plain_lines
                    .iter()
                    .map(|(g, k, q)| (Uuid::new_v4(), offers[*k], *g, *q, 0u32, None, None))
                    .collect();
                store.bulk_load_lines(plain, &lines).await?;
            }
            let load = secs(t);
            let t = Instant::now();
            store.close_cycle(plain).await?;
            let close = secs(t);
            if placed {
                placed_load.push(load);
                placed_total.push(load + close);
            } else {
                plain_load.push(load);
                plain_close.push(close);
                plain_total.push(load + close);
            }
        }
    }
    let (s, p) = (median(season_total.clone()), median(plain_total.clone()));
    println!(
        "{}",
        json!({
            "bench": "season",
            "shares": shares,
            "groups": groups,
            "deliveries": deliveries,
            "runs": season_total.len(),
            "season_make_lines_s": median(season_make),
            "season_close_s": median(season_close),
            "season_settle_in_kind_s": median(season_settle),
            "season_delivery_s": s,
            "plain_load_lines_s": median(plain_load),
            "plain_close_s": median(plain_close),
            "plain_cycle_s": p,
            "season_over_plain": s / p,
            "season_make_and_close_over_plain": (median(season_make_close.clone())) / p,
            "placed_lines_s": median(placed_load),
            "placed_cycle_s": median(placed_total.clone()),
            "season_over_placed": s / median(placed_total),
        })
    );
    let report = store.verify_ledger(&[]).await?;
    if !report.is_intact() {
        return Err(format!("the ledger does not verify after the bench: {report:?}").into());
    }
    Ok(())
}

/// A plain cycle of the farm for `groups` on `date`, with one offer per share kind holding
/// what the lines ask (the family shares' a tenth short, as the season's harvest).
async fn plain_cycle(
    store: &Store,
    farm: Uuid,
    groups: &[Uuid],
    date: jiff::civil::Date,
    lines: &[(Uuid, usize, u64)],
    run: usize,
    placed: bool,
) -> Fallible<(Uuid, Vec<Uuid>)> {
    let now = jiff::Timestamp::now();
    let plain = store
        .create_cycle(&CycleDraft {
            hub_id: farm,
            name: format!("Plain {run}{}", if placed { " (placed)" } else { "" }),
            currency: Currency::PHP,
            policy: Policy::ProRata,
            opens_at: now - jiff::SignedDuration::from_hours(1),
            closes_at: now + jiff::SignedDuration::from_hours(24),
            delivery_date: date,
            payment_terms_days: 14,
            pickup_points: groups
                .iter()
                .enumerate()
                .map(|(g, id)| PickupPointDraft {
                    name: format!("Pickup {g}"),
                    organization_id: *id,
                    location: None,
                })
                .collect(),
            producers: vec![farm],
            consumer_groups: groups
                .iter()
                .map(|g| Participant {
                    organization_id: *g,
                    tier: 0,
                })
                .collect(),
        })
        .await?;
    let rice = store.products_of(farm).await?[0].id;
    let mut offers = Vec::new();
    for (k, units) in [(0usize, 5u64), (1, 2)] {
        let total: u64 = lines.iter().filter(|l| l.1 == k).map(|_| units).sum();
        offers.push(
            store
                .create_offer(
                    plain.id,
                    &OfferDraft {
                        product_id: rice,
                        quantity: if k == 0 { total * 9 / 10 } else { total },
                        producer_price_minor: 5_500,
                        fees: vec![],
                        transport: None,
                    },
                )
                .await?
                .id,
        );
    }
    Ok((plain.id, offers))
}
