//! The directory benchmark: a network's directory of N organizations and 3N memberships from
//! CSV — dry run, apply, the same sheets again, export — beside SQLite's own `.import` and a
//! plain `SELECT` to CSV of the same rows into the same database file, in the same run; then
//! the public map of all N organizations (its query and its SVG).
//!
//! `map` alone sets up its N organizations with plain SQL (the import is not what it
//! measures) and draws the map several times.

use std::io::Write;
use std::time::Instant;

use bayanihan_store::Store;
use serde_json::json;

type Fallible<T> = Result<T, Box<dyn std::error::Error + Send + Sync>>;

fn secs(t: Instant) -> f64 {
    t.elapsed().as_secs_f64()
}

/// Runs `sqlite3` on `db` with `script` on standard input; its time.
fn sqlite3(db: &std::path::Path, script: &str) -> Fallible<f64> {
    let t = Instant::now();
    let mut child = std::process::Command::new("sqlite3")
        .arg(db)
        .stdin(std::process::Stdio::piped())
        .stdout(std::process::Stdio::null())
        .spawn()
        .map_err(|e| format!("the peer baseline needs the sqlite3 command: {e}"))?;
    child
        .stdin
        .take()
        .ok_or("no stdin")?
        .write_all(script.as_bytes())?;
    let status = child.wait()?;
    if !status.success() {
        return Err(format!("sqlite3 failed: {status}").into());
    }
    Ok(secs(t))
}

pub async fn run(orgs: usize) -> Fallible<()> {
    let dir = bayanihan_store::testing::temp_dir("bayanihan-bench-directory");
    let db = dir.path().join("bench.db");
    let store = Store::connect(&format!("sqlite:{}", db.display())).await?;
    store.migrate().await?;
    let network = bayanihan_store::testing::fixtures::org(&store, "Bench network", "network").await;
    let steward = bayanihan_store::testing::fixtures::person(&store, "steward@bench.example").await;
    bayanihan_store::testing::fixtures::member(
        &store,
        steward,
        network,
        &[bayanihan_domain::MembershipRole::Admin],
        None,
    )
    .await;
    let subject = store.subject(steward).await?;

    // The sheets, as a spreadsheet would save them.
    let kinds = [
        "producer_cooperative",
        "consumer_cooperative",
        "worker_cooperative",
        "association",
    ];
    let regions = ["Benguet", "Metro Manila", "Cebu", "Davao", "Iloilo"];
    let mut o =
        String::from("key,name,kind,country,currency,time_zone,region,lat,lon,qualifiers\n");
    let mut p = String::from("email,name,organization,role\n");
    for i in 0..orgs {
        let (lat, lon) = (
            5.6 + (i % 1300) as f64 / 100.0,
            117.2 + (i / 1300 % 900) as f64 / 100.0,
        );
        o.push_str(&format!(
            "ORG-{i:06},Cooperative {i},{},PH,PHP,Asia/Manila,{},{lat:.4},{lon:.4},{}\n",
            kinds[i % kinds.len()],
            regions[i % regions.len()],
            if i % 3 == 0 { "organic" } else { "" }
        ));
        for k in 0..3 {
            p.push_str(&format!(
                "m{i}-{k}@bench.example,Member {i} {k},ORG-{i:06},{}\n",
                if k == 0 { "admin" } else { "member" }
            ));
        }
    }
    let orgs_csv = dir.path().join("organizations.csv");
    let people_csv = dir.path().join("people.csv");
    std::fs::write(&orgs_csv, &o)?;
    std::fs::write(&people_csv, &p)?;
    let files = bayanihan_app::import::DirectoryFiles {
        organizations: Some(o.into_bytes()),
        people: Some(p.into_bytes()),
        products: None,
        offers: None,
    };
    let quiet = |_: usize, _: usize| {};
    let report = |name: &str, t: f64, extra: serde_json::Value| {
        println!(
            "{}",
            json!({"bench": "directory", "step": name, "orgs": orgs, "memberships": orgs * 3, "seconds": t, "extra": extra})
        );
    };

    let t = Instant::now();
    let r =
        bayanihan_app::import::directory(&store, Some(&subject), network, &files, false, &quiet)
            .await?;
    assert!(
        r.problems.is_empty(),
        "{:?}",
        &r.problems[..r.problems.len().min(3)]
    );
    report("dry run", secs(t), json!({}));
    let t = Instant::now();
    let r = bayanihan_app::import::directory(&store, Some(&subject), network, &files, true, &quiet)
        .await?;
    assert!(r.applied);
    report("apply", secs(t), json!({}));
    assert_eq!(
        store.count_rows("memberships").await? as usize,
        orgs * 3 + 1
    );
    // The same sheets again: every row kept (each organization has its admin now).
    let t = Instant::now();
    bayanihan_app::import::directory(&store, Some(&subject), network, &files, true, &quiet).await?;
    report("again (idempotent)", secs(t), json!({}));
    let params = bayanihan_app::organizations::ListParams {
        network: Some(network.to_string()),
        ..Default::default()
    };
    let t = Instant::now();
    let csv = bayanihan_app::exports::directory_all_keys(&store, &params).await?;
    report("export", secs(t), json!({"bytes": csv.len()}));

    // The peer: SQLite's own CSV import into plain tables, and a plain SELECT to CSV.
    store.close().await;
    let import = sqlite3(
        &db,
        &format!(
            ".mode csv\n.import {} plain_organizations\n.import {} plain_people\n",
            orgs_csv.display(),
            people_csv.display()
        ),
    )?;
    report("peer: sqlite3 .import", import, json!({}));
    let export = sqlite3(
        &db,
        ".mode csv\n.headers on\n.output /dev/null\nSELECT * FROM organizations;\n",
    )?;
    report("peer: sqlite3 SELECT to CSV", export, json!({}));

    // The map of every organization: published and approved in bulk (the bench's set-up),
    // then the public map's query and its drawing.
    let store = Store::connect(&format!("sqlite:{}", db.display())).await?;
    store
        .bulk_sql(&format!(
            "INSERT INTO publications (organization_id, website, gender_counts, published_by, published_at, updated_at) \
             SELECT member_id, NULL, 0, '{steward}', 0, 0 FROM network_memberships WHERE network_id = '{network}'; \
             UPDATE network_memberships SET listing_approved_at = 0, listing_approved_by = '{steward}' WHERE network_id = '{network}';"
        ))
        .await?;
    store.recognise_network(network, true).await?;
    map(&store, orgs, 1).await?;
    store.close().await;
    Ok(())
}

/// The public map of every organization, as the map page asks for it (what a drawing needs),
/// `runs` times: its query and its SVG, each run a line.
async fn map(store: &Store, orgs: usize, runs: usize) -> Fallible<()> {
    for run in 1..=runs {
        let t = Instant::now();
        let filter = bayanihan_store::publishing::MapFilter {
            drawing: true,
            ..Default::default()
        };
        let points = bayanihan_app::publishing::map(store, &filter).await?;
        let query = secs(t);
        assert_eq!(points.len(), orgs, "every organization is on the map");
        let t = Instant::now();
        let drawn: Vec<bayanihan_web::map::Point<'_>> = points
            .iter()
            .map(|p| bayanihan_web::map::Point {
                org: p.organization_id,
                name: &p.name,
                lon: p.lon,
                lat: p.lat,
                pickup: false,
            })
            .collect();
        let svg =
            bayanihan_web::map::svg(bayanihan_web::map::view(None, &drawn), &drawn, None, "Map");
        let draw = secs(t);
        println!(
            "{}",
            json!({"bench": "map", "run": run, "orgs": orgs, "seconds": query + draw,
                   "extra": {"points": points.len(), "query_s": query, "svg_s": draw, "svg_bytes": svg.len()}})
        );
    }
    Ok(())
}

/// `orgs` published organizations of a recognised network, approved for its map, written
/// with plain SQL in one transaction; then the map, `runs` times.
pub async fn map_only(orgs: usize, runs: usize) -> Fallible<()> {
    let dir = bayanihan_store::testing::temp_dir("bayanihan-bench-map");
    let db = dir.path().join("bench.db");
    let store = Store::connect(&format!("sqlite:{}", db.display())).await?;
    store.migrate().await?;
    let network = bayanihan_store::testing::fixtures::org(&store, "Bench network", "network").await;
    let steward = bayanihan_store::testing::fixtures::person(&store, "steward@bench.example").await;
    let kinds = [
        "producer_cooperative",
        "consumer_cooperative",
        "worker_cooperative",
    ];
    store
        .bulk_network_members(network, steward, orgs, |i| {
            bayanihan_store::testing::BulkMember {
                kind: kinds[i % kinds.len()],
                lat: 5.6 + (i % 1300) as f64 / 100.0,
                lon: 117.2 + (i / 1300 % 900) as f64 / 100.0,
                approved: true,
                published: true,
            }
        })
        .await?;
    store.recognise_network(network, true).await?;
    map(&store, orgs, runs).await?;
    store.close().await;
    Ok(())
}
