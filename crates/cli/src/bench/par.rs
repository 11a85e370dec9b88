//! The portfolio-at-risk benchmark of issue 17: a federation of self-help groups (5,000 × 15
//! members × 60 monthly meetings by default: 4.5 M member-meeting rows), its books loaded in
//! bulk, the loans' stored changes built from them, then PAR30 of the whole federation as at
//! past dates, timed. The raw rows PAR is computed from — loans, schedule rows, repayment
//! postings — are written as CSV so that DuckDB computes the same figures from them
//! (`scripts/bench-par` compares both, date by date).
//!
//! Members borrow when they have no loan open (12 monthly instalments, flat or declining,
//! 12–24 %): most repay on time, some late and catching up, some stop paying, and half of
//! those are written off a year on.

use std::io::Write;
use std::path::Path;
use std::time::Instant;

use bayanihan_domain::finance::loan::{schedule, Method, Rate, Terms};
use bayanihan_domain::{Currency, Money, OrganizationDraft, OrganizationInput};
use bayanihan_store::testing::{BulkBook, BulkLoan, Lcg};
use bayanihan_store::Store;
use jiff::civil::Date;
use jiff::Span;
use serde_json::json;
use uuid::Uuid;

use super::{peak_rss_mib, Fallible};

#[derive(Clone, Copy, PartialEq)]
enum Habit {
    OnTime,
    Late,
    /// Stops paying after this many instalments.
    Stops(usize),
}

struct Open {
    loan: usize,
    habit: Habit,
    /// Instalments paid so far.
    paid: usize,
    /// The meeting that made it.
    made: usize,
}

/// One group's five years.
fn book(g: usize, members: usize, months: usize, rng: &mut Lcg) -> Fallible<BulkBook> {
    let first: Date = "2021-01-01".parse()?;
    let first = first.checked_add(Span::new().days((g % 28) as i64))?;
    let days: Vec<Date> = (0..months)
        .map(|m| first.checked_add(Span::new().months(m as i64)))
        .collect::<Result<_, _>>()?;
    let mut b = BulkBook {
        org: Uuid::new_v4(),
        name: format!("SHG {g:05}"),
        members: (0..members).map(|_| Uuid::new_v4()).collect(),
        ..Default::default()
    };
    let mut open: Vec<Option<Open>> = (0..members).map(|_| None).collect();
    for (t, day) in days.iter().enumerate() {
        let mut lines = Vec::with_capacity(members);
        for (m, slot) in open.iter_mut().enumerate() {
            let mut repayment = 0;
            if let Some(o) = slot {
                let due_by_now = (t - o.made).min(12);
                let pays = match o.habit {
                    Habit::OnTime => true,
                    Habit::Late => rng.below(10) < 6,
                    Habit::Stops(k) => o.paid < k,
                };
                let upto = match o.habit {
                    Habit::Stops(k) => due_by_now.min(k),
                    _ => due_by_now,
                };
                let l = &mut b.loans[o.loan];
                if pays && o.paid < upto {
                    let (mut p, mut i) = (0, 0);
                    for s in &l.schedule[o.paid..upto] {
                        p += s.2;
                        i += s.3;
                    }
                    l.repayments.push((t, p, i));
                    repayment = p + i;
                    o.paid = upto;
                }
                let done = o.paid == l.schedule.len();
                // A loan unpaid for a year is written off, one time in two.
                let given_up = matches!(o.habit, Habit::Stops(k) if t >= o.made + k + 12)
                    && l.written_off_on.is_none()
                    && rng.below(2) == 0;
                if given_up {
                    l.written_off_on = Some(*day);
                }
                if done || l.written_off_on.is_some() {
                    *slot = None;
                }
            } else if t + 1 < months && rng.below(100) < 30 {
                let principal = (5_000 + rng.below(55_000) as i64) / 100 * 100 * 100;
                let rate = format!("{}", 12 + rng.below(13));
                let method = if rng.below(2) == 0 {
                    Method::Declining
                } else {
                    Method::Flat
                };
                let s = schedule(&Terms {
                    principal: Money::new(principal, Currency::NPR),
                    annual_rate: Rate::parse_percent(&rate)?,
                    instalments: 12,
                    per_year: 12,
                    method,
                    start: *day,
                })?;
                let habit = match rng.below(100) {
                    0..70 => Habit::OnTime,
                    70..88 => Habit::Late,
                    _ => Habit::Stops(rng.below(10) as usize),
                };
                b.loans.push(BulkLoan {
                    id: Uuid::new_v4(),
                    member: m,
                    meeting: t,
                    principal,
                    annual_rate: rate,
                    method: if method == Method::Flat {
                        "flat"
                    } else {
                        "declining"
                    },
                    schedule: s
                        .instalments
                        .iter()
                        .map(|i| {
                            (
                                i.number,
                                i.due_date,
                                i.principal.minor(),
                                i.interest.minor(),
                            )
                        })
                        .collect(),
                    repayments: Vec::new(),
                    written_off_on: None,
                });
                *slot = Some(Open {
                    loan: b.loans.len() - 1,
                    habit,
                    paid: 0,
                    made: t,
                });
            }
            lines.push((m, 10_000, repayment));
        }
        b.meetings.push((Uuid::new_v4(), *day, lines));
    }
    Ok(b)
}

pub async fn run(
    groups: usize,
    members: usize,
    months: usize,
    out: &Path,
    runs: usize,
    check_rows: usize,
) -> Fallible<()> {
    std::fs::create_dir_all(out)?;
    let dir = bayanihan_store::testing::temp_dir("bayanihan-bench-par");
    let store =
        Store::connect(&format!("sqlite:{}", dir.path().join("bench.db").display())).await?;
    store.migrate().await?;
    let federation = store
        .create_organization(
            &OrganizationDraft::parse(&OrganizationInput {
                name: Some("Bench cluster federation".into()),
                kind: Some("network".into()),
                country: Some("NP".into()),
                region: Some("Bagmati".into()),
                currency: Some("NPR".into()),
                time_zone: Some("Asia/Kathmandu".into()),
                ..Default::default()
            })
            .map_err(|e| format!("{e:?}"))?,
            None,
        )
        .await?
        .id;
    let load = Instant::now();
    let mut rng = Lcg(2026);
    let mut ids = Vec::with_capacity(groups);
    let (mut lines, mut loans) = (0usize, 0usize);
    for start in (0..groups).step_by(250) {
        let mut chunk = Vec::new();
        for g in start..(start + 250).min(groups) {
            let b = book(g, members, months, &mut rng)?;
            ids.push(b.org);
            lines += b.meetings.iter().map(|m| m.2.len()).sum::<usize>();
            loans += b.loans.len();
            chunk.push(b);
        }
        store.bulk_books(federation, Currency::NPR, chunk).await?;
    }
    let load_s = load.elapsed().as_secs_f64();
    let build = Instant::now();
    let built = store.rebuild_portfolio_changes().await?;
    let build_s = build.elapsed().as_secs_f64();
    let rows = json!({
        "member_meeting_lines": lines,
        "loans": loans,
        "schedule_rows": store.count_rows("shg_instalments").await?,
        "postings": store.count_rows("shg_postings").await?,
        "loan_change_rows": store.count_rows("shg_loan_par").await?,
        "group_day_rows": store.count_rows("shg_par_days").await?,
    });
    eprintln!("loaded in {load_s:.1} s, changes of {built} loans built in {build_s:.1} s: {rows}");
    // Past dates across the five years, none on a meeting day.
    let first: Date = "2021-03-17".parse()?;
    let dates: Vec<Date> = (0..12)
        .map(|k| first.checked_add(Span::new().days(k * 157)))
        .collect::<Result<_, _>>()?;
    let mut figures = Vec::new();
    for (k, d) in dates.iter().enumerate() {
        let mut times = Vec::new();
        let mut q = None;
        for _ in 0..runs.max(1) {
            let t = Instant::now();
            q = Some(store.portfolio_quality(&ids, *d).await?);
            times.push(t.elapsed().as_secs_f64() * 1e3);
        }
        let q = q.expect("one run at least");
        times.sort_by(f64::total_cmp);
        let mut row = json!({
            "date": d.to_string(),
            "loans": q.loans,
            "gross_outstanding": q.gross_outstanding,
            "at_risk_30": q.ageing[2..].iter().map(|b| b.1).sum::<i64>(),
            "at_risk_90": q.ageing[4..].iter().map(|b| b.1).sum::<i64>(),
            "par30": q.par30,
            "par90": q.par90,
            "ms_best": times[0],
            "ms_median": times[times.len() / 2],
        });
        if k < check_rows {
            let t = Instant::now();
            let reference = store.portfolio_quality_from_rows(&ids, *d).await?;
            row["rows_ms"] = json!(t.elapsed().as_secs_f64() * 1e3);
            if reference != q {
                return Err(format!("on {d}: stored {q:?}, rows {reference:?}").into());
            }
        }
        eprintln!("{row}");
        figures.push(row);
    }
    // The raw rows, for DuckDB.
    store
        .export_csv(
            "SELECT id, principal, disbursed_on, written_off_on, rescheduled_on FROM shg_loans",
            &out.join("loans.csv"),
        )
        .await?;
    store
        .export_csv(
            "SELECT loan_id, number, due_on, principal, interest, set_on, replaced_on FROM shg_instalments",
            &out.join("instalments.csv"),
        )
        .await?;
    store
        .export_csv(
            "SELECT s.loan_id, s.occurred_on, s.account, s.amount FROM shg_postings s \
             JOIN shg_entries e ON e.id = s.entry_id WHERE e.kind = 'repayment' AND s.loan_id IS NOT NULL",
            &out.join("repayments.csv"),
        )
        .await?;
    let report = json!({
        "groups": groups,
        "members": members,
        "months": months,
        "rows": rows,
        "load_s": load_s,
        "build_changes_s": build_s,
        "figures": figures,
        "peak_rss_mib": peak_rss_mib(),
    });
    let mut f = std::fs::File::create(out.join("ours.json"))?;
    f.write_all(serde_json::to_string_pretty(&report)?.as_bytes())?;
    println!("{report}");
    store.close().await;
    Ok(())
}
