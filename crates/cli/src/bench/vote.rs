//! `bayanihan-bench vote`: a network vote of 100,000 eligible members in five chambers.
//!
//! The members are bulk-loaded; the decision opens (its electorate of 100,000 fixed in one
//! statement); `--clients` coordinators then record ballots concurrently over HTTP — the
//! full path a ballot takes: authentication, the use case's checks, the store's checks and a
//! durable commit (group-committed); then the order-placement benchmark runs in the same run,
//! on a database of its own, for the ratio; then the tally alone (the domain function over the
//! ballots) is timed, and the decision closes: every ballot read, counted with the chambers'
//! weights, the tally stored.

use std::time::Instant;

use bayanihan_domain::governance::decision::{BodyInput, DecisionDraft};
use bayanihan_domain::governance::{DecisionKind, Rules, Threshold, PROPOSAL_OPTIONS};
use bayanihan_domain::person::StakeholderCategory as S;
use serde_json::json;

use crate::{peak_rss_mib, Fallible};

fn median(mut v: Vec<f64>) -> f64 {
    v.sort_by(f64::total_cmp);
    v[v.len() / 2]
}

pub async fn run(eligible: usize, ballots: usize, clients: usize, runs: usize) -> Fallible<()> {
    let dir = bayanihan_store::testing::temp_dir("bayanihan-bench-vote");
    let store = bayanihan_store::Store::connect(&format!(
        "sqlite:{}",
        dir.path().join("vote.db").display()
    ))
    .await?;
    store.migrate().await?;
    let org = store
        .create_organization(
            &crate::org("Bench assembly co-op", "multi_stakeholder_cooperative"),
            None,
        )
        .await?
        .id;
    let t = Instant::now();
    let stakes = [
        S::Producer,
        S::Consumer,
        S::Worker,
        S::Supporter,
        S::PublicBody,
    ];
    let members = store.bulk_members(org, eligible, &stakes).await?;
    let load_s = t.elapsed().as_secs_f64();
    let body = store
        .create_body(
            org,
            &serde_json::from_value::<BodyInput>(json!({
                "name": "General assembly", "electorate": "members", "preset": "scic",
                "chambers": {"producer": "30", "consumer": "25", "worker": "20", "supporter": "15", "public_body": "10"}
            }))?
            .parse()
            .map_err(|e| e.to_string())?,
        )
        .await?;
    // The recorders: coordinators entering a meeting's ballots, one client each.
    let tokens = crate::signed_in(
        &store,
        org,
        bayanihan_domain::MembershipRole::Coordinator,
        "recorder",
        clients,
    )
    .await?;
    let now = jiff::Timestamp::now();
    let closes = now + jiff::SignedDuration::from_hours(24);
    let t = Instant::now();
    let d = store
        .open_decision(
            &DecisionDraft {
                body_id: body.id,
                title: "Patronage refund".into(),
                details: String::new(),
                rules: Rules::new(
                    DecisionKind::Proposal,
                    PROPOSAL_OPTIONS.iter().map(|s| s.to_string()).collect(),
                    vec![],
                    Threshold::TwoThirds,
                ),
                anonymous: false,
                action: None,
                opens_at: now,
                closes_at: closes,
            },
            members[0].0,
            now.as_microsecond(),
        )
        .await?;
    let open_s = t.elapsed().as_secs_f64();

    // Concurrent casting over HTTP.
    let server = crate::Served::start(&store).await?;
    let addr = server.addr;
    let http = reqwest::Client::builder()
        .pool_max_idle_per_host(clients)
        .build()?;
    let url = format!("http://{addr}/api/v1/decisions/{}/ballots", d.id);
    let voters: Vec<uuid::Uuid> = members.iter().take(ballots).map(|(p, _)| *p).collect();
    let per = voters.len().div_ceil(clients.max(1));
    let start = Instant::now();
    let mut tasks = Vec::new();
    for (c, token) in tokens.into_iter().enumerate() {
        let mine: Vec<uuid::Uuid> = voters.iter().skip(c * per).take(per).copied().collect();
        let (http, url) = (http.clone(), url.clone());
        tasks.push(tokio::spawn(async move {
            let (mut ok, mut failed) = (0u64, 0u64);
            for (i, v) in mine.iter().enumerate() {
                // Three in four agree, the rest disagree or abstain.
                let choice = ["agree", "agree", "agree", "disagree", "abstain"][i % 5];
                let res = http
                    .post(&url)
                    .bearer_auth(&token)
                    .json(&json!({"choice": choice, "voter_id": v, "mode": "paper",
                                  "meeting": "General assembly", "witness": "The secretary"}))
                    .send()
                    .await;
                match res.map(|r| r.status().as_u16()) {
                    Ok(204) => ok += 1,
                    _ => failed += 1,
                }
            }
            (ok, failed)
        }));
    }
    let (mut ok, mut failed) = (0u64, 0u64);
    for t in tasks {
        let (o, f) = t.await?;
        ok += o;
        failed += f;
    }
    let cast_s = start.elapsed().as_secs_f64();
    server.stop().await;

    // The order-placement figure, measured in the same run.
    let place = crate::place_figures(64, 10.0, 50, crate::Engine::Sqlite).await?
        ["acknowledged_per_second"]
        .as_f64()
        .unwrap_or(f64::NAN);

    // The tally alone, over the same ballots, runs times; then the close itself, once.
    let counted = store.decision(d.id).await?;
    let rules = counted.rules.clone();
    let marks = store.counted_ballots(d.id).await?;
    let mut tally_s = Vec::new();
    let mut outcome = String::new();
    for _ in 0..runs.max(1) {
        let t = Instant::now();
        let r = bayanihan_domain::governance::tally::tally(&rules, &marks);
        tally_s.push(t.elapsed().as_secs_f64());
        outcome = format!(
            "{} ({} %)",
            r.outcome,
            r.weighted_percent.get("agree").cloned().unwrap_or_default()
        );
    }
    let t = Instant::now();
    let closed = store
        .close_decision(
            d.id,
            (closes + jiff::SignedDuration::from_secs(1)).as_microsecond(),
        )
        .await?;
    let close_s = t.elapsed().as_secs_f64();
    let tally = closed.tally.ok_or("the decision did not close")?;
    println!(
        "{}",
        json!({
            "benchmark": "vote",
            "eligible": eligible,
            "chambers": 5,
            "members_load_s": load_s,
            "open_decision_s": open_s,
            "clients": clients,
            "ballots_acknowledged": ok,
            "ballots_failed": failed,
            "cast_s": cast_s,
            "ballots_per_second": ok as f64 / cast_s,
            "place_lines_acknowledged_per_second": place,
            "cast_over_place": (ok as f64 / cast_s) / place,
            "ballots_counted": tally.ballots,
            "tally_s_median": median(tally_s),
            "close_s": close_s,
            "outcome": outcome,
            "turnout_percent": tally.turnout_percent,
            "peak_rss_mib": peak_rss_mib(),
        })
    );
    store.close().await;
    Ok(())
}
