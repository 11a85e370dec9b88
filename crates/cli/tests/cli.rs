//! The binary as a newcomer and an operator use it: the demo against a running server, the
//! admin commands, `--help` everywhere.

mod support;

use std::io::Write;
use std::process::Stdio;
use std::time::Duration;

use serde_json::{json, Value};
use support::{bin, free_port, stdout_of, Server};

async fn wait_until_up(base: &str) {
    assert!(
        support::wait_until_up(base, Duration::from_secs(30)).await,
        "server at {base} did not come up"
    );
}

fn count(db: &std::path::Path, table: &str) -> i64 {
    let out = bin()
        .args(["migrate", "--database"])
        .arg(format!("sqlite:{}", db.display()))
        .output()
        .unwrap();
    assert!(out.status.success());
    // Counted through the store to avoid needing the sqlite3 tool.
    let rt = tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()
        .unwrap();
    rt.block_on(async {
        let store = bayanihan_store::Store::connect(&format!("sqlite:{}", db.display()))
            .await
            .unwrap();
        let n = match table {
            "people" => store.count_people().await.unwrap(),
            _ => {
                store
                    .list_organizations(&Default::default(), 1, 0)
                    .await
                    .unwrap()
                    .total
            }
        };
        store.close().await;
        n
    })
}

/// `bayanihan demo --database postgres://…` loads the same demo on PostgreSQL, once.
#[test]
fn demo_loads_on_postgres_once() {
    let rt = tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()
        .unwrap();
    let url = rt.block_on(bayanihan_store::testing::PgCluster::shared().fresh_url());
    let dir = bayanihan_store::testing::temp_dir("bayanihan-cli-demo-pg");
    let run = || {
        stdout_of(
            bin()
                .args(["demo", "--no-serve", "--database", &url, "--data-dir"])
                .arg(dir.path()),
        )
    };
    let first = run();
    assert!(first.contains("amihan@demo.bayanihan.example"), "{first}");
    assert!(
        !dir.path().join("bayanihan-demo.db").exists(),
        "no SQLite file"
    );
    let counts = || {
        rt.block_on(async {
            let store = bayanihan_store::Store::connect(&url).await.unwrap();
            let n = (
                store.count_rows("organizations").await.unwrap(),
                store.count_rows("shg_meetings").await.unwrap(),
                store.count_rows("shg_par_days").await.unwrap(),
            );
            store.close().await;
            n
        })
    };
    let (orgs, meetings, par_days) = counts();
    assert!(
        orgs >= 15 && meetings >= 12 && par_days > 0,
        "{orgs} {meetings} {par_days}"
    );
    assert_eq!(run(), first);
    assert_eq!(counts(), (orgs, meetings, par_days), "nothing duplicated");
}

#[test]
fn demo_loads_once_and_prints_the_sign_ins() {
    let dir = bayanihan_store::testing::temp_dir("bayanihan-cli-demo");
    let run = || {
        stdout_of(
            bin()
                .args(["demo", "--no-serve", "--data-dir"])
                .arg(dir.path()),
        )
    };
    let first = run();
    assert!(first.contains("amihan@demo.bayanihan.example"), "{first}");
    assert!(first.contains("bayanihan-demo"));
    let db = dir.path().join("bayanihan-demo.db");
    let (orgs, people) = (count(&db, "organizations"), count(&db, "people"));
    assert!(
        orgs >= 15 && people >= 10,
        "{orgs} organizations, {people} people"
    );
    let second = run();
    assert_eq!(first, second);
    assert_eq!(
        (count(&db, "organizations"), count(&db, "people")),
        (orgs, people),
        "nothing duplicated"
    );

    // A closed past cycle with its documents, and an open one to order in, once each.
    let rt = tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()
        .unwrap();
    let url = format!("sqlite:{}", db.display());
    rt.block_on(async {
        let store = bayanihan_store::Store::connect(&url).await.unwrap();
        let all = store.cycles(None).await.unwrap();
        // Two cycles to order in and look at, and 3 × 13 fortnights of history for the impact
        // report (the Philippines, Malaysia, Nepal), all loaded once.
        let (history, cycles): (Vec<_>, Vec<_>) = all
            .into_iter()
            .partition(|c| c.name.contains("(demo history)"));
        // The rice season's deliveries: three closed (the third short), the fourth's lines made.
        let (season, cycles): (Vec<_>, Vec<_>) = cycles
            .into_iter()
            .partition(|c| c.name.starts_with("Wet-season rice 2026"));
        assert_eq!(season.len(), 4, "{season:?}");
        assert_eq!(season.iter().filter(|c| c.is_closed()).count(), 3);
        assert_eq!(cycles.len(), 2, "{cycles:?}");
        assert_eq!(history.len(), 39);
        assert!(history
            .iter()
            .all(|c| c.is_closed() && c.delivery_date < jiff::Zoned::now().date()));
        let closed = cycles
            .iter()
            .find(|c| c.is_closed())
            .expect("a closed cycle");
        assert!(closed.closes_at < jiff::Timestamp::now());
        assert!(store
            .documents(closed.id, None)
            .await
            .unwrap()
            .iter()
            .any(|d| d.kind.id() == "invoice"));
        let open = cycles
            .iter()
            .find(|c| !c.is_closed())
            .expect("an open cycle");
        assert!(open.accepts_orders(jiff::Timestamp::now()));
        assert_eq!(store.offers(open.id).await.unwrap().len(), 3);
        store.close().await;
    });

    // The chapter's outstanding obligations as CSV: the consumer group owes the hub, the hub
    // owes the producers — 3 for last week's cycle, and 6 for each of the 13 fortnights of
    // history (the solidarity fund is owed to the chapter, and two producers buy too).
    let csv = stdout_of(bin().args([
        "obligations",
        "export",
        "--network",
        "Sinag Philippines",
        "--database",
        &url,
    ]));
    let mut rows = csv.lines();
    assert_eq!(rows.next(), Some("id,debtor,creditor,amount"));
    let rows: Vec<Vec<&str>> = rows.map(|r| r.split(',').collect()).collect();
    // And the rice season's advances not yet repaid in kind: two each of Barangay Malaya and
    // San Roque (two instalments, three of eight deliveries made), one of Bagong Silang (one
    // instalment paid).
    assert_eq!(rows.len(), 3 + 13 * 6 + 5, "{csv}");
    assert!(rows
        .iter()
        .all(|r| r.len() == 4 && r[3].parse::<i64>().unwrap() > 0));
    let out = bin()
        .args([
            "obligations",
            "export",
            "--network",
            "Nowhere",
            "--database",
            &url,
        ])
        .output()
        .unwrap();
    assert!(String::from_utf8_lossy(&out.stderr).contains("no organization is named"));

    // The operator recognised the council for the public map; recognition is withdrawn and
    // given again by name, and only a network can have it.
    let network = |args: &[&str]| {
        bin()
            .arg("network")
            .args(args)
            .args(["--database", &url])
            .output()
            .unwrap()
    };
    let listed = String::from_utf8(network(&["recognised"]).stdout).unwrap();
    assert_eq!(listed.lines().count(), 1, "{listed}");
    assert!(listed.contains("Sinag Regional Solidarity Economy Council"));
    let council = "Sinag Regional Solidarity Economy Council";
    let said = |o: std::process::Output| String::from_utf8(o.stdout).unwrap();
    assert!(said(network(&["recognise", council, "--withdraw"])).contains("no longer recognised"));
    assert_eq!(said(network(&["recognised"])), "");
    assert!(said(network(&["recognise", council])).contains(": recognised"));
    assert!(said(network(&["recognise", council])).contains("already"));
    let farm = network(&["recognise", "Kapatiran Rice Farmers Cooperative"]);
    assert!(!farm.status.success());
    assert!(String::from_utf8_lossy(&farm.stderr).contains("is not a network"));
    // A second network taking the council's name: the name no longer says which is meant.
    rt.block_on(async {
        let store = bayanihan_store::Store::connect(&url).await.unwrap();
        bayanihan_store::testing::fixtures::org(&store, council, "network").await;
        store.close().await;
    });
    let twice = network(&["recognise", council]);
    assert!(!twice.status.success());
    assert!(
        String::from_utf8_lossy(&twice.stderr).contains("2 organizations are named"),
        "{}",
        String::from_utf8_lossy(&twice.stderr)
    );
    let nowhere = network(&["recognise", "Nowhere at all"]);
    assert!(!nowhere.status.success());
    assert!(String::from_utf8_lossy(&nowhere.stderr).contains("no organization is named"));

    // The demo's impact report, rebuilt from the stored lines, says the same.
    let report = |format: &str| {
        stdout_of(bin().args([
            "report",
            "tbl",
            "--scope",
            "network:Sinag Philippines",
            "--period",
            "2026",
            "--format",
            format,
            "--database",
            &url,
        ]))
    };
    let csv = report("csv");
    assert!(csv.starts_with("section,indicator,key,currency,unit,current,previous\n"));
    assert!(csv
        .lines()
        .any(|l| l.starts_with("total,producers_reached,,,count,")));
    let rebuilt = stdout_of(bin().args(["report", "rebuild", "--database", &url]));
    assert!(rebuilt.contains("closed cycle(s)"), "{rebuilt}");
    assert_eq!(report("csv"), csv);
    let html = report("html");
    assert!(html.contains("<svg class=\"chart\"") && !html.contains("<script"));

    // Decisions: Likha's members approved the open box's prices. The venue vote, made due,
    // is closed by `decision close-due` — once.
    let venue = "Where to hold the 2027 regional gathering";
    let decisions = |store: bayanihan_store::Store| async move {
        let mut all = Vec::new();
        for o in store
            .list_organizations(&Default::default(), 100, 0)
            .await
            .unwrap()
            .items
        {
            all.extend(store.decisions_of(o.id).await.unwrap());
        }
        store.close().await;
        all
    };
    rt.block_on(async {
        let store = bayanihan_store::Store::connect(&url).await.unwrap();
        let open = store
            .cycles(None)
            .await
            .unwrap()
            .into_iter()
            .find(|c| c.name.contains("(demo, open)"))
            .expect("the open box");
        let approved = open.prices_approved_by.expect("its prices approved");
        let all = decisions(store.clone()).await;
        assert!(all
            .iter()
            .any(|d| d.id == approved && d.closed_at.is_some()));
        let store = bayanihan_store::Store::connect(&url).await.unwrap();
        store
            .bulk_sql(&format!(
                "UPDATE decisions SET closes_at = opens_at + 1 WHERE title = '{venue}'"
            ))
            .await
            .unwrap();
        store.close().await;
    });
    let close_due = || stdout_of(bin().args(["decision", "close-due", "--database", &url]));
    assert_eq!(close_due().trim(), "1 decision(s) closed");
    assert_eq!(close_due().trim(), "0 decision(s) closed");
    rt.block_on(async {
        let store = bayanihan_store::Store::connect(&url).await.unwrap();
        let all = decisions(store).await;
        let d = all.iter().find(|d| d.title == venue).unwrap();
        assert!(d.closed_at.is_some() && d.tally.is_some(), "{d:?}");
    });
}

#[tokio::test]
async fn against_a_running_demo() {
    let dir = bayanihan_store::testing::temp_dir("bayanihan-cli-serve");
    let port = free_port();
    let child = bin()
        .args(["demo", "--port", &port.to_string(), "--data-dir"])
        .arg(dir.path())
        .stdout(Stdio::piped())
        .stderr(Stdio::null())
        .spawn()
        .unwrap();
    let _server = Server(child);
    let base = format!("http://127.0.0.1:{port}");
    wait_until_up(&base).await;
    let http = reqwest::Client::new();

    let doc: Value = http
        .get(format!("{base}/api/v1/openapi.json"))
        .send()
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    assert!(doc["paths"].as_object().unwrap().len() >= 15);

    let res = http.get(format!("{base}/api/v1/me")).send().await.unwrap();
    assert_eq!(res.status(), 401);
    assert_eq!(res.headers()["content-type"], "application/problem+json");

    let login: Value = http
        .post(format!("{base}/api/v1/auth/login"))
        .json(&json!({"email": "amihan@demo.bayanihan.example", "password": "bayanihan-demo"}))
        .send()
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    assert_eq!(login["person"]["name"], "Amihan Reyes");

    // An API token made with the CLI works against the server.
    let token = stdout_of(
        bin()
            .args([
                "token",
                "create",
                "--email",
                "amihan@demo.bayanihan.example",
                "--database",
            ])
            .arg(format!(
                "sqlite:{}",
                dir.path().join("bayanihan-demo.db").display()
            )),
    )
    .trim()
    .to_string();
    let total = |v: Value| v["total"].as_i64().unwrap();
    let before = total(
        http.get(format!("{base}/api/v1/organizations"))
            .send()
            .await
            .unwrap()
            .json()
            .await
            .unwrap(),
    );
    for (bad, field) in [
        (json!({"country": "XX"}), "country"),
        (json!({"location": {"lat": 200, "lon": 0}}), "location.lat"),
    ] {
        let mut body = json!({"name": "Bad", "kind": "association", "country": "PH", "currency": "PHP", "time_zone": "Asia/Manila"});
        for (k, v) in bad.as_object().unwrap() {
            body[k] = v.clone();
        }
        let res = http
            .post(format!("{base}/api/v1/organizations"))
            .bearer_auth(&token)
            .json(&body)
            .send()
            .await
            .unwrap();
        assert_eq!(res.status(), 422);
        let p: Value = res.json().await.unwrap();
        assert_eq!(p["errors"][0]["field"], field);
    }
    let after = total(
        http.get(format!("{base}/api/v1/organizations"))
            .send()
            .await
            .unwrap()
            .json()
            .await
            .unwrap(),
    );
    assert_eq!(before, after, "nothing written");
}

#[test]
fn users_are_created_and_passwords_checked() {
    let dir = bayanihan_store::testing::temp_dir("bayanihan-cli-user");
    let db = format!("sqlite:{}", dir.path().join("x.db").display());
    let with_stdin = |args: &[&str], input: &str| {
        let mut child = bin()
            .args(args)
            .stdin(Stdio::piped())
            .stdout(Stdio::piped())
            .stderr(Stdio::piped())
            .spawn()
            .unwrap();
        child
            .stdin
            .take()
            .unwrap()
            .write_all(input.as_bytes())
            .unwrap();
        child.wait_with_output().unwrap()
    };
    let out = with_stdin(
        &[
            "user",
            "create",
            "--database",
            &db,
            "--email",
            "Ana@Example.org",
            "--name",
            "Ana",
        ],
        "a long passphrase\n",
    );
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    assert!(String::from_utf8_lossy(&out.stdout).contains("created ana@example.org"));
    let out = with_stdin(
        &[
            "user",
            "create",
            "--database",
            &db,
            "--email",
            "ana@example.org",
            "--name",
            "Ana",
        ],
        "a long passphrase\n",
    );
    assert!(!out.status.success());
    assert!(String::from_utf8_lossy(&out.stderr).contains("exists already"));
    let out = with_stdin(
        &[
            "user",
            "passwd",
            "--database",
            &db,
            "--email",
            "ana@example.org",
        ],
        "short\n",
    );
    assert!(!out.status.success());
    assert!(String::from_utf8_lossy(&out.stderr).contains("at least 10 characters"));
    let out = with_stdin(
        &[
            "user",
            "passwd",
            "--database",
            &db,
            "--email",
            "ana@example.org",
        ],
        "another long passphrase\n",
    );
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let out = bin()
        .args([
            "user",
            "create",
            "--database",
            &db,
            "--email",
            "not-an-email",
            "--name",
            "X",
        ])
        .output()
        .unwrap();
    assert!(String::from_utf8_lossy(&out.stderr).contains("--email"));
}

#[test]
fn configuration_comes_from_flags_environment_and_file() {
    let dir = bayanihan_store::testing::temp_dir("bayanihan-cli-config");
    let out = bin().arg("migrate").output().unwrap();
    assert!(!out.status.success());
    assert!(String::from_utf8_lossy(&out.stderr).contains("no database given"));
    let from_env = dir.path().join("env.db");
    stdout_of(bin().arg("migrate").env(
        "BAYANIHAN_DATABASE",
        format!("sqlite:{}", from_env.display()),
    ));
    assert!(from_env.exists());
    let from_file = dir.path().join("file.db");
    let config = dir.path().join("bayanihan.toml");
    std::fs::write(
        &config,
        format!("database = \"sqlite:{}\"\n", from_file.display()),
    )
    .unwrap();
    let applied = stdout_of(bin().args(["migrate", "--config"]).arg(&config));
    assert!(applied.contains(&format!(
        "{} migration(s) applied",
        bayanihan_store::latest_version()
    )));
    assert!(from_file.exists());
    std::fs::write(&config, "databse = \"x\"\n").unwrap();
    let out = bin()
        .args(["migrate", "--config"])
        .arg(&config)
        .output()
        .unwrap();
    assert!(String::from_utf8_lossy(&out.stderr).contains("databse"));
    let out = bin()
        .args(["migrate", "--database", "mysql://x"])
        .output()
        .unwrap();
    assert!(String::from_utf8_lossy(&out.stderr).contains("must start with sqlite: or postgres://"));
}

/// `--log-format json` (or `log_format` in the file) writes one JSON object a line.
#[test]
fn logs_can_be_json_lines_for_a_collector() {
    let dir = bayanihan_store::testing::temp_dir("bayanihan-cli-json-logs");
    let db = format!("sqlite:{}", dir.path().join("j.db").display());
    let out = bin()
        .args([
            "--log-format",
            "json",
            "--log",
            "info",
            "migrate",
            "--database",
            &db,
        ])
        .output()
        .unwrap();
    assert!(out.status.success());
    let log = String::from_utf8(out.stderr).unwrap();
    let lines: Vec<Value> = log
        .lines()
        .map(|l| serde_json::from_str(l).unwrap_or_else(|e| panic!("{e}: {l}")))
        .collect();
    assert!(
        lines.iter().any(|l| l["level"] == "INFO"
            && l["fields"]["message"] == "applied migration"
            && l["fields"]["version"] == 1),
        "{log}"
    );
    let config = dir.path().join("bayanihan.toml");
    std::fs::write(
        &config,
        format!(
            "database = \"sqlite:{}\"\nlog_format = \"json\"\nlog = \"info\"\n",
            dir.path().join("from-file.db").display()
        ),
    )
    .unwrap();
    // Without BAYANIHAN_LOG, which would override the file's filter.
    let out = bin()
        .env_remove("BAYANIHAN_LOG")
        .args(["migrate", "--config"])
        .arg(&config)
        .output()
        .unwrap();
    let log = String::from_utf8(out.stderr).unwrap();
    assert!(
        log.contains("applied migration")
            && log
                .lines()
                .all(|l| serde_json::from_str::<Value>(l).is_ok()),
        "{log}"
    );
    let out = bin()
        .args(["--log-format", "yaml", "migrate", "--database", &db])
        .output()
        .unwrap();
    assert!(String::from_utf8_lossy(&out.stderr).contains("possible values: text, json"));
}

#[test]
fn every_command_explains_itself() {
    for args in [
        vec!["--help"],
        vec!["demo", "--help"],
        vec!["serve", "--help"],
        vec!["migrate", "--help"],
        vec!["user", "--help"],
        vec!["user", "create", "--help"],
        vec!["user", "passwd", "--help"],
        vec!["token", "--help"],
        vec!["token", "create", "--help"],
        vec!["verify", "--help"],
        vec!["backup", "--help"],
        vec!["restore", "--help"],
        vec!["checkpoint", "--help"],
        vec!["key", "rotate", "--help"],
        vec!["person", "export", "--help"],
        vec!["person", "erase", "--help"],
        vec!["network", "recognise", "--help"],
    ] {
        let out = bin().args(&args).output().unwrap();
        assert!(out.status.success(), "{args:?}");
        let text = String::from_utf8(out.stdout).unwrap();
        assert!(text.contains("Usage:"), "{args:?}: {text}");
        assert!(text.lines().count() > 4, "{args:?} says too little");
    }
}

fn run_scenario(path: &std::path::Path) -> std::process::Output {
    bin().args(["scenario", "run"]).arg(path).output().unwrap()
}

#[test]
fn scenario_examples_run_and_add_up() {
    let examples = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("../../examples");
    let mut ran = 0;
    for entry in std::fs::read_dir(&examples).unwrap() {
        let path = entry.unwrap().path();
        if path.extension().and_then(|e| e.to_str()) != Some("json") {
            continue;
        }
        let out = run_scenario(&path);
        assert!(
            out.status.success(),
            "{}: {}",
            path.display(),
            String::from_utf8_lossy(&out.stderr)
        );
        let v: Value = serde_json::from_slice(&out.stdout).unwrap();
        assert_eq!(v["ledger_balanced"], true, "{}", path.display());
        for a in v["allocations"].as_array().unwrap() {
            let parts: i64 = a["breakdown"]
                .as_array()
                .unwrap()
                .iter()
                .map(|c| {
                    c["amount"]
                        .as_str()
                        .unwrap()
                        .replace('.', "")
                        .parse::<i64>()
                        .unwrap()
                })
                .sum();
            assert_eq!(
                parts,
                a["total"]
                    .as_str()
                    .unwrap()
                    .replace('.', "")
                    .parse::<i64>()
                    .unwrap()
            );
            assert!(a["allocated"].as_u64().unwrap() <= a["requested"].as_u64().unwrap());
        }
        ran += 1;
    }
    assert!(ran >= 2);

    // Hand-checked: 30 bags for 12 + 8 + 20 = 40 asked → 9, 6, 15 (exact shares, no remainder).
    let out = run_scenario(&examples.join("rice-pro-rata.json"));
    let v: Value = serde_json::from_slice(&out.stdout).unwrap();
    let rice: Vec<u64> = v["allocations"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|a| a["offer"] == "rice")
        .map(|a| a["allocated"].as_u64().unwrap())
        .collect();
    assert_eq!(rice, [9, 6, 15]);
    // A bag: ₱200 producer + 12.5 % (₱25) + ₱15 transport + 5 % (₱10) = ₱250; of it the farm gets ₱200.
    let first = &v["allocations"][0];
    assert_eq!(first["total"], "2250.00");
    assert_eq!(first["breakdown"][0]["amount"], "1800.00");
    // Malaya: 15 bags × ₱250 + 2 bayong × ₱385 = ₱4 520.00; Bagong: 15 × 250 + 385 = ₱4 135.00.
    let invoices: std::collections::HashMap<String, String> = v["invoices"]
        .as_array()
        .unwrap()
        .iter()
        .map(|i| {
            (
                i["organization"].as_str().unwrap().to_string(),
                i["total"].as_str().unwrap().to_string(),
            )
        })
        .collect();
    assert_eq!(invoices["malaya"], "4520.00");
    assert_eq!(invoices["bagong"], "4135.00");

    // Projected indicators, by hand: producers get 30 × ₱200 + 3 × ₱350 = ₱7,050 of
    // 30 × ₱250 + 3 × ₱385 = ₱8,655, i.e. 81.4558 % → 81.46 %; certified (organic rice)
    // ₱7,500 = 86.655 % → 86.66 % (half away from zero);
    // the fund 30 × ₱10 = ₱300; only the rice travels (0.15 t by small truck).
    let p = &v["projected_indicators"];
    assert_eq!(p["value_paid_to_producers"], "7050.00");
    assert_eq!(p["producer_share"], "81.46");
    assert_eq!(p["certified_share"], "86.66");
    assert_eq!(p["solidarity_fund"], "300.00");
    assert_eq!(p["producers_reached"], "2");
    assert_eq!(p["money_flow.producer"], "7050.00");
    let km: f64 = p["food_km"].as_str().unwrap().parse().unwrap();
    let kg: f64 = p["transport_emissions"].as_str().unwrap().parse().unwrap();
    assert!((kg - 0.15 * km * 0.52761).abs() < 0.01, "{kg} for {km} km");
}

#[test]
fn malformed_scenarios_name_the_bad_field() {
    let dir = bayanihan_store::testing::temp_dir("bayanihan-cli-scenario");
    let examples = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("../../examples");
    let base: Value = serde_json::from_str(
        &std::fs::read_to_string(examples.join("rice-pro-rata.json")).unwrap(),
    )
    .unwrap();
    type Mutation = Box<dyn Fn(&mut Value)>;
    let cases: Vec<(Mutation, &str)> = vec![
        (
            Box::new(|v| v["orders"][0]["lines"][1]["quantity"] = json!("many")),
            "orders[0].lines[1].quantity",
        ),
        (
            Box::new(|v| v["orders"][1]["lines"][0]["offer"] = json!("mango")),
            "orders[1].lines[0].offer",
        ),
        (
            Box::new(|v| v["organizations"][1]["country"] = json!("XX")),
            "organizations[1].country",
        ),
        (
            Box::new(|v| v["offers"][0]["fees"][0]["percent"] = json!("lots")),
            "offers[0].fees[0].percent",
        ),
        (
            Box::new(|v| v["products"][0]["colour"] = json!("brown")),
            "products[0].colour",
        ),
        (Box::new(|v| v["policy"] = json!("lottery")), "policy"),
    ];
    for (mutate, path) in cases {
        let mut v = base.clone();
        mutate(&mut v);
        let file = dir.path().join("bad.json");
        std::fs::write(&file, v.to_string()).unwrap();
        let out = run_scenario(&file);
        assert!(!out.status.success());
        let err = String::from_utf8_lossy(&out.stderr);
        assert!(err.contains(path), "expected {path} in: {err}");
        assert!(out.stdout.is_empty(), "nothing printed on error");
    }
}

#[test]
fn the_scenario_schema_matches_the_vocabularies() {
    use bayanihan_domain::trade::allocation::Policy;
    use bayanihan_domain::trade::catalog::{Category, TransportMode};
    use bayanihan_domain::trade::pricing::FeeKind;
    use bayanihan_domain::{OrgKind, Qualifier};
    let schema: Value = serde_json::from_str(
        &std::fs::read_to_string(
            std::path::Path::new(env!("CARGO_MANIFEST_DIR"))
                .join("../../docs/schemas/scenario.schema.json"),
        )
        .unwrap(),
    )
    .unwrap();
    let ids = |v: &Value| -> Vec<String> {
        v["enum"]
            .as_array()
            .unwrap()
            .iter()
            .map(|s| s.as_str().unwrap().to_string())
            .collect()
    };
    let d = &schema["$defs"];
    assert_eq!(
        ids(&schema["properties"]["policy"]),
        Policy::ALL
            .iter()
            .map(|p| p.id().to_string())
            .collect::<Vec<_>>()
    );
    assert_eq!(
        ids(&d["organization"]["properties"]["kind"]),
        OrgKind::ALL
            .iter()
            .map(|k| k.id().to_string())
            .collect::<Vec<_>>()
    );
    assert_eq!(
        ids(&d["product"]["properties"]["category"]),
        Category::ALL
            .iter()
            .map(|k| k.id().to_string())
            .collect::<Vec<_>>()
    );
    assert_eq!(
        ids(&d["product"]["properties"]["qualifiers"]["items"]),
        Qualifier::ALL
            .iter()
            .map(|k| k.id().to_string())
            .collect::<Vec<_>>()
    );
    assert_eq!(
        ids(&d["product"]["properties"]["packaging"]),
        bayanihan_domain::trade::catalog::Packaging::ALL
            .iter()
            .map(|k| k.id().to_string())
            .collect::<Vec<_>>()
    );
    assert_eq!(
        ids(&d["fee"]["properties"]["kind"]),
        FeeKind::ALL
            .iter()
            .map(|k| k.id().to_string())
            .collect::<Vec<_>>()
    );
    assert_eq!(
        ids(&d["offer"]["properties"]["transport"]["properties"]["mode"]),
        TransportMode::ALL
            .iter()
            .map(|k| k.id().to_string())
            .collect::<Vec<_>>()
    );
}

#[test]
fn clear_generates_clears_and_refuses_malformed_files() {
    let dir = bayanihan_store::testing::temp_dir("bayanihan-cli-clear");
    let net = dir.path().join("net.csv");
    stdout_of(
        bin()
            .args([
                "clear",
                "generate",
                "--organizations",
                "200",
                "--obligations",
                "800",
            ])
            .args(["--profile", "strongly-cyclic", "--seed", "3", "--output"])
            .arg(&net),
    );
    let result = dir.path().join("result.csv");
    let report = stdout_of(
        bin()
            .args(["clear", "--check", "--input"])
            .arg(&net)
            .arg("--output")
            .arg(&result),
    );
    for what in [
        "total debt:",
        "net internal debt:",
        "cleared:",
        "time:",
        "certified optimal",
    ] {
        assert!(report.contains(what), "{what} missing from {report}");
    }
    // Every row keeps its amount = set_off + remainder, in input order.
    let input = std::fs::read_to_string(&net).unwrap();
    let output = std::fs::read_to_string(&result).unwrap();
    assert_eq!(
        output.lines().next(),
        Some("id,debtor,creditor,amount,set_off,remainder")
    );
    assert_eq!(input.lines().count(), output.lines().count());
    let mut cleared = 0i64;
    for (i, o) in input.lines().zip(output.lines()).skip(1) {
        let o: Vec<&str> = o.split(',').collect();
        assert!(o.join(",").starts_with(i));
        let (amount, set_off, rest): (i64, i64, i64) = (
            o[3].parse().unwrap(),
            o[4].parse().unwrap(),
            o[5].parse().unwrap(),
        );
        assert!(0 <= set_off && set_off <= amount && set_off + rest == amount);
        cleared += set_off;
    }
    assert!(cleared > 0, "a strongly cyclic network clears something");

    // A malformed line is named with its number and reason, and nothing is written.
    let bad = dir.path().join("bad.csv");
    std::fs::write(&bad, "id,debtor,creditor,amount\n1,a,b,10\n2,b,a,-5\n").unwrap();
    let refused = dir.path().join("refused.csv");
    let out = bin()
        .args(["clear", "--input"])
        .arg(&bad)
        .arg("--output")
        .arg(&refused)
        .output()
        .unwrap();
    assert!(!out.status.success());
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(err.contains("line 3"), "{err}");
    assert!(!refused.exists(), "nothing is written for a refused file");
}

/// The operator's tools on the demo: a person's data goes out and is erased on request while
/// the books still verify and the published report does not move; a backup restores into a
/// new database whose books verify; the checkpoint signed today catches a rewrite.
#[test]
fn people_s_data_backups_and_the_books_from_the_command_line() {
    let dir = bayanihan_store::testing::temp_dir("bayanihan-cli-integrity");
    stdout_of(
        bin()
            .args(["demo", "--no-serve", "--data-dir"])
            .arg(dir.path()),
    );
    let url = format!("sqlite:{}", dir.path().join("bayanihan-demo.db").display());
    let report = || {
        stdout_of(bin().args([
            "report",
            "tbl",
            "--scope",
            "network:Sinag Philippines",
            "--period",
            "2026",
            "--format",
            "csv",
            "--database",
            &url,
        ]))
    };
    let before = report();
    assert!(before.contains("producers_reached"));

    let nena = "nena@demo.bayanihan.example";
    let export = stdout_of(bin().args(["person", "export", "--email", nena, "--database", &url]));
    let data: serde_json::Value = serde_json::from_str(&export).unwrap();
    assert_eq!(data["person"]["email"], nena);
    assert_eq!(data["demographics"]["gender"], "woman");
    assert!(data["memberships"]
        .as_array()
        .unwrap()
        .iter()
        .any(|m| m["organization"] == "Kapatiran Rice Farmers Cooperative"));

    let refused = bin()
        .args(["person", "erase", "--email", nena, "--database", &url])
        .output()
        .unwrap();
    assert!(!refused.status.success());
    assert!(String::from_utf8_lossy(&refused.stderr).contains("--yes"));
    let erased = stdout_of(bin().args([
        "person",
        "erase",
        "--email",
        nena,
        "--yes",
        "--database",
        &url,
    ]));
    assert!(erased.contains("erased"), "{erased}");
    let gone = bin()
        .args(["person", "export", "--email", nena, "--database", &url])
        .output()
        .unwrap();
    assert!(!gone.status.success(), "her address leads nowhere now");
    assert_eq!(report(), before, "published figures do not move");
    let verified = stdout_of(bin().args(["verify", "--database", &url]));
    assert!(verified.contains("the books are intact"), "{verified}");

    // Today's signed checkpoints, kept elsewhere, with the key the demo's server signs with
    // (a tool never makes a key of its own).
    let missing = bin()
        .args(["checkpoint", "--database", &url, "--signing-key"])
        .arg(dir.path().join("no.key"))
        .output()
        .unwrap();
    assert!(!missing.status.success());
    assert!(String::from_utf8_lossy(&missing.stderr).contains("no signing key"));
    let key = dir.path().join("bayanihan-signing.key");
    let kept = dir.path().join("kept.json");
    bin()
        .args(["checkpoint", "--database", &url, "--signing-key"])
        .arg(&key)
        .arg("--output")
        .arg(&kept)
        .output()
        .unwrap();
    let checkpoints: serde_json::Value =
        serde_json::from_str(&std::fs::read_to_string(&kept).unwrap()).unwrap();
    assert!(checkpoints.as_array().unwrap().len() >= 5, "{checkpoints}");

    // A backup restores into a new database, whose books verify against the kept checkpoints.
    let backup = dir.path().join("backup.db");
    let said = stdout_of(
        bin()
            .args(["backup", "--database", &url, "--output"])
            .arg(&backup),
    );
    assert!(said.contains("backed up"), "{said}");
    let restored = format!("sqlite:{}", dir.path().join("restored.db").display());
    let said = stdout_of(
        bin()
            .args(["restore", "--database", &restored, "--input"])
            .arg(&backup),
    );
    assert!(said.contains("the books are intact"), "{said}");
    let verified = stdout_of(
        bin()
            .args(["verify", "--database", &restored, "--checkpoint"])
            .arg(&kept),
    );
    assert!(verified.contains("the books are intact"), "{verified}");
    let again = bin()
        .args(["restore", "--database", &restored, "--input"])
        .arg(&backup)
        .output()
        .unwrap();
    assert!(
        !again.status.success() && String::from_utf8_lossy(&again.stderr).contains("not empty")
    );
    assert!(
        stdout_of(bin().args(["migrate", "--dry-run", "--database", &restored]))
            .contains("nothing to do")
    );

    // Somebody rewrites a payment's date in the restored copy: verify names it and fails.
    let rt = tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()
        .unwrap();
    rt.block_on(async {
        let store = bayanihan_store::Store::connect(&restored).await.unwrap();
        store.bulk_sql("UPDATE payments SET paid_on = '2020-01-01' WHERE id = (SELECT MIN(id) FROM payments)").await.unwrap();
        store.close().await;
    });
    let out = bin()
        .args(["verify", "--database", &restored, "--checkpoint"])
        .arg(&kept)
        .output()
        .unwrap();
    assert!(!out.status.success());
    let text = String::from_utf8_lossy(&out.stdout);
    assert!(
        text.contains("BROKEN") && text.contains("payment") && text.contains("was changed"),
        "{text}"
    );
}

/// The nightly backup as deploy/systemd writes it: the service's own command line and
/// settings, with the machine's paths pointed into a temporary folder, run three nights in a
/// row. Each backup is checked by a restore, the oldest beyond the kept number go, and every
/// one is copied off-site. A backup that does not restore fails the run.
#[test]
fn the_nightly_backup_runs_as_its_systemd_unit_says() {
    let root = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("../..");
    let unit =
        std::fs::read_to_string(root.join("deploy/systemd/bayanihan-backup.service")).unwrap();
    let timer =
        std::fs::read_to_string(root.join("deploy/systemd/bayanihan-backup.timer")).unwrap();
    assert!(timer.contains("OnCalendar=") && timer.contains("Persistent=true"));
    let dir = bayanihan_store::testing::temp_dir("bayanihan-backup-unit");
    stdout_of(
        bin()
            .args(["demo", "--no-serve", "--data-dir"])
            .arg(dir.path().join("data")),
    );
    let place = |s: &str| {
        s.replace("/usr/local/bin/bayanihan", env!("CARGO_BIN_EXE_bayanihan"))
            .replace(
                "/usr/local/lib/bayanihan/backup",
                &root.join("scripts/backup").display().to_string(),
            )
            .replace(
                "/var/lib/bayanihan/bayanihan.db",
                &dir.path()
                    .join("data/bayanihan-demo.db")
                    .display()
                    .to_string(),
            )
            .replace(
                "/var/backups/bayanihan",
                &dir.path().join("backups").display().to_string(),
            )
            .replace(
                "/mnt/offsite/bayanihan",
                &dir.path().join("offsite").display().to_string(),
            )
    };
    let exec = unit
        .lines()
        .find_map(|l| l.strip_prefix("ExecStart="))
        .map(place)
        .expect("ExecStart");
    let mut env: Vec<(String, String)> = unit
        .lines()
        .filter_map(|l| l.strip_prefix("Environment="))
        .filter_map(|kv| kv.split_once('='))
        .map(|(k, v)| (k.to_string(), place(v)))
        .collect();
    // One kept, so that two nights show the rotation.
    env.retain(|(k, _)| k != "BAYANIHAN_BACKUP_KEEP");
    env.push(("BAYANIHAN_BACKUP_KEEP".into(), "1".into()));
    let words: Vec<&str> = exec.split_whitespace().collect();
    for night in 0..2 {
        if night > 0 {
            std::thread::sleep(Duration::from_millis(1100)); // a new time stamp
        }
        let out = std::process::Command::new("bash")
            .args(&words)
            .envs(env.iter().map(|(k, v)| (k, v)))
            .env("BAYANIHAN_LOG", "warn")
            .output()
            .unwrap();
        assert!(
            out.status.success(),
            "night {night}: {}",
            String::from_utf8_lossy(&out.stderr)
        );
        let said = String::from_utf8_lossy(&out.stdout);
        assert!(
            said.contains("restores and its books verify") && said.contains("copied off-site"),
            "{said}"
        );
    }
    let count = |d: &str| std::fs::read_dir(dir.path().join(d)).unwrap().count();
    assert_eq!(count("backups"), 1, "the newest is kept");
    assert_eq!(count("offsite"), 2, "every night went off-site");

    // A backup that does not restore is reported, not kept as good.
    let bad = dir.path().join("bad.db");
    std::fs::write(&bad, b"SQLite format 3\0 but nothing else").unwrap();
    let fake_bin = dir.path().join("fake-bayanihan");
    std::fs::write(
        &fake_bin,
        format!(
            "#!/bin/sh\nif [ \"$1\" = backup ]; then cp {} \"$5\"; else exec {} \"$@\"; fi\n",
            bad.display(),
            env!("CARGO_BIN_EXE_bayanihan")
        ),
    )
    .unwrap();
    std::process::Command::new("chmod")
        .arg("+x")
        .arg(&fake_bin)
        .status()
        .unwrap();
    std::thread::sleep(Duration::from_millis(1100));
    let out = std::process::Command::new("bash")
        .args(&words)
        .envs(env.iter().map(|(k, v)| (k, v)))
        .env("BAYANIHAN_BIN", &fake_bin)
        .output()
        .unwrap();
    assert!(!out.status.success());
    assert!(String::from_utf8_lossy(&out.stderr).contains("does not restore"));
    assert_eq!(
        count("backups"),
        2,
        "the good one stays, beside the failed one"
    );
}

fn governance_example(name: &str) -> std::path::PathBuf {
    std::path::Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("../../examples/governance")
        .join(name)
}

#[test]
fn a_network_assembly_is_tallied_with_its_chambers_weights() {
    let t: Value = serde_json::from_str(&stdout_of(
        bin()
            .args(["decision", "tally", "--input"])
            .arg(governance_example("decision-network-assembly.json")),
    ))
    .unwrap();
    // Raw: 48 agree of 63 counted (76.19 %); weighted by the four chambers: producers 5/6,
    // workers 3/3, consumers 40/52, supporters 0/2 → 78.72 %, over two thirds.
    assert_eq!(t["raw"]["agree"], 48);
    assert_eq!(t["weighted_percent"]["agree"], "78.72");
    assert_eq!(t["by_chamber"]["workers"]["ballots"], 4);
    assert_eq!(t["outcome"], "passed");
    assert_eq!(t["turnout_percent"], "46.72", "64 ballots of 137 eligible");
    let t: Value = serde_json::from_str(&stdout_of(
        bin()
            .args(["decision", "tally", "--input"])
            .arg(governance_example("decision-ranked-choice.json")),
    ))
    .unwrap();
    assert_eq!(
        t["winner"], "cold room",
        "the truck's voters move to the cold room"
    );
    assert_eq!(t["rounds"][0]["eliminated"], "delivery truck");
}

#[test]
fn a_surplus_is_divided_to_the_last_centavo_and_bad_files_name_the_field() {
    let p: Value = serde_json::from_str(&stdout_of(
        bin()
            .args(["patronage", "--input"])
            .arg(governance_example("patronage-surplus.json")),
    ))
    .unwrap();
    let minor = |v: &Value| -> i64 { v.as_str().unwrap().replace('.', "").parse().unwrap() };
    let refunds: i64 = p["refunds"].as_object().unwrap().values().map(minor).sum();
    assert_eq!(minor(&p["reserve"]) + refunds, 18_425_075);
    assert_eq!(p["reserve"], "105944.19", "57.5 % rounded up");
    assert_eq!(p["refunds"]["kapatiran"], "0.00");

    let dir = bayanihan_store::testing::temp_dir("bayanihan-cli-governance");
    for (args, body, field) in [
        (
            vec!["decision", "tally", "--input"],
            json!({"kind": "proposal", "chambers": {"a": {"weight_percent": 60, "eligible": 2}, "b": {"weight_percent": 30, "eligible": 2}},
                   "ballots": [{"chamber": "a", "choice": "agree"}]}),
            "chambers: the chambers' weights add up to 90.00 %",
        ),
        (
            vec!["decision", "tally", "--input"],
            json!({"kind": "proposal", "chambers": {"all": {"eligible": 2}},
                   "ballots": [{"chamber": "all", "choice": "block"}]}),
            "ballots[0].choice",
        ),
        (
            vec!["patronage", "--input"],
            json!({"currency": "JPY", "surplus": "100.5", "reserve_percent": 57.5, "patronage": {"a": 1}}),
            "surplus",
        ),
    ] {
        let file = dir.path().join("bad.json");
        std::fs::write(&file, body.to_string()).unwrap();
        let out = bin().args(&args).arg(&file).output().unwrap();
        assert!(!out.status.success());
        let err = String::from_utf8_lossy(&out.stderr);
        assert!(err.contains(field), "expected {field} in: {err}");
        assert!(out.stdout.is_empty(), "nothing printed on error");
    }
}

#[test]
fn a_loan_schedule_adds_up_to_the_minor_unit_and_bad_terms_name_the_flag() {
    let schedule = |extra: &[&str]| {
        let mut c = bin();
        c.args([
            "loan",
            "schedule",
            "--principal",
            "50000.00",
            "--currency",
            "INR",
            "--annual-rate",
            "12",
            "--instalments",
            "12",
            "--start",
            "2026-01-01",
        ])
        .args(extra);
        c.output().unwrap()
    };
    let out = schedule(&["--method", "declining"]);
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let s: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    let rows = s["instalments"].as_array().unwrap();
    assert_eq!(rows.len(), 12);
    assert_eq!(rows[0]["due_date"], "2026-02-01");
    assert_eq!(rows[0]["interest"], "500.00");
    assert_eq!(rows[0]["principal"], "3942.44");
    assert_eq!(rows[11]["balance"], "0.00");
    let paise =
        |v: &serde_json::Value| v.as_str().unwrap().replace('.', "").parse::<i64>().unwrap();
    assert_eq!(
        rows.iter().map(|r| paise(&r["principal"])).sum::<i64>(),
        5_000_000
    );
    assert_eq!(
        rows.iter().map(|r| paise(&r["interest"])).sum::<i64>(),
        paise(&s["total_interest"])
    );
    let csv = schedule(&["--method", "flat", "--format", "csv"]);
    let csv = String::from_utf8(csv.stdout).unwrap();
    assert!(csv.starts_with("\u{feff}number,due_date,principal,interest,balance\r\n1,2026-02-01,4166.66,500.00,45833.34\r\n"), "{csv}");
    for (flag, value, named) in [
        ("--method", "balloon", "--method"),
        ("--per-year", "5", "--per-year"),
        ("--annual-rate", "12,5", "--annual-rate"),
    ] {
        let out = schedule(&[flag, value]);
        assert!(!out.status.success());
        let err = String::from_utf8_lossy(&out.stderr);
        assert!(err.contains(named), "{err}");
    }
}
