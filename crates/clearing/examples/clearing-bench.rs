//! Benchmark harness for the clearing solver.
//!
//! ```sh
//! cargo run --release -p bayanihan-clearing --example clearing-bench -- \
//!     --generate strongly-cyclic --organizations 40000 --obligations 300000 --seed 1 \
//!     [--write-csv net.csv] [--repeat 3] [--check]
//! cargo run --release -p bayanihan-clearing --example clearing-bench -- --input net.csv
//! ```
//!
//! Times the clearing alone (aggregation, components, min-cost flow, spreading: everything
//! `clear` does, CSV reading excluded) `--repeat` times and prints min and max, the totals, and
//! peak resident memory: of the whole process (VmHWM) and during the solves alone (VmHWM after
//! resetting it through /proc/self/clear_refs once the input is loaded). The last line is
//! `RESULT key=value …` for scripts.

use std::process::ExitCode;
use std::time::Instant;

use bayanihan_clearing::generate::{self, GenerateParams, Profile};
use bayanihan_clearing::{check_optimal, clear, csv};

fn main() -> ExitCode {
    match run() {
        Ok(()) => ExitCode::SUCCESS,
        Err(e) => {
            eprintln!("clearing-bench: {e}");
            ExitCode::FAILURE
        }
    }
}

fn run() -> Result<(), String> {
    let mut args = std::env::args().skip(1);
    let mut input: Option<String> = None;
    let mut profile: Option<Profile> = None;
    let mut organizations = 30_000u32;
    let mut obligations = 100_000usize;
    let mut seed = 1u64;
    let mut write_csv: Option<String> = None;
    let mut repeat = 3usize;
    let mut check = false;
    while let Some(a) = args.next() {
        let mut val = || args.next().ok_or(format!("{a} needs a value"));
        match a.as_str() {
            "--input" => input = Some(val()?),
            "--generate" => profile = Some(val()?.parse()?),
            "--organizations" => organizations = val()?.parse().map_err(|e| format!("{e}"))?,
            "--obligations" => obligations = val()?.parse().map_err(|e| format!("{e}"))?,
            "--seed" => seed = val()?.parse().map_err(|e| format!("{e}"))?,
            "--write-csv" => write_csv = Some(val()?),
            "--repeat" => repeat = val()?.parse().map_err(|e| format!("{e}"))?,
            "--check" => check = true,
            _ => return Err(format!("unknown argument {a}")),
        }
    }

    let t = Instant::now();
    let (obs, orgs) = match (&input, profile) {
        (Some(path), None) => {
            let file = std::fs::File::open(path).map_err(|e| format!("{path}: {e}"))?;
            let parsed = csv::read(std::io::BufReader::with_capacity(1 << 16, file))
                .map_err(|e| format!("{path}: {e}"))?;
            (parsed.obligations, parsed.organizations.len())
        }
        (None, Some(profile)) => {
            let params = GenerateParams::new(profile, organizations, obligations, seed);
            let net = generate::generate(&params).map_err(|e| e.to_string())?;
            if let Some(path) = &write_csv {
                let file = std::fs::File::create(path).map_err(|e| format!("{path}: {e}"))?;
                generate::write_csv(&net, file).map_err(|e| format!("{path}: {e}"))?;
            }
            let n = net.organizations.len();
            (net.obligations, n)
        }
        _ => return Err("give exactly one of --input FILE or --generate PROFILE".into()),
    };
    let load_s = t.elapsed().as_secs_f64();

    let hwm_load = status_kib("VmHWM");
    let rss_before = status_kib("VmRSS");
    // Reset the high-water mark so the next reading covers the solves only.
    let _ = std::fs::write("/proc/self/clear_refs", "5");

    let mut times = Vec::with_capacity(repeat);
    let mut result = None;
    for _ in 0..repeat.max(1) {
        let t = Instant::now();
        let r = clear(&obs).map_err(|e| e.to_string())?;
        times.push(t.elapsed().as_secs_f64());
        result = Some(r);
    }
    let hwm_solve = status_kib("VmHWM");
    let r = result.expect("at least one run");
    if check {
        let t = Instant::now();
        check_optimal(&obs, &r.set_off, &r.potentials).map_err(|e| format!("check: {e}"))?;
        eprintln!("check: ok ({:.3} s)", t.elapsed().as_secs_f64());
    }
    let s = r.summary;
    let min = times.iter().cloned().fold(f64::INFINITY, f64::min);
    let max = times.iter().cloned().fold(0.0, f64::max);
    let st = r.stats;
    eprintln!(
        "{} obligations, {} organizations, {} pairs; {} components solved ({} nodes, {} arcs; \
         largest {} nodes / {} arcs), {} phases, {} augmenting paths",
        obs.len(),
        orgs,
        st.pairs,
        st.components,
        st.component_nodes,
        st.component_arcs,
        st.largest_component_nodes,
        st.largest_component_arcs,
        st.phases,
        st.augmentations
    );
    eprintln!(
        "total debt {}, net internal debt {}, cleared {} ({:.2} %); load {:.3} s, clear {:.3}–{:.3} s",
        s.total_debt,
        s.net_internal_debt,
        s.cleared,
        s.cleared_basis_points() as f64 / 100.0,
        load_s,
        min,
        max
    );
    println!(
        "RESULT orgs={} obligations={} total_debt={} cleared={} solve_min={:.4} solve_max={:.4} \
         peak_rss_kib={} solve_peak_rss_kib={} rss_before_solve_kib={} components={} \
         largest_component={} phases={}",
        orgs,
        obs.len(),
        s.total_debt,
        s.cleared,
        min,
        max,
        hwm_load.max(hwm_solve),
        hwm_solve,
        rss_before,
        st.components,
        st.largest_component_nodes,
        st.phases
    );
    Ok(())
}

/// A `kB` field of /proc/self/status (0 where unavailable).
fn status_kib(field: &str) -> u64 {
    std::fs::read_to_string("/proc/self/status")
        .ok()
        .and_then(|s| {
            s.lines()
                .find(|l| l.starts_with(field))
                .and_then(|l| l.split_whitespace().nth(1))
                .and_then(|v| v.parse().ok())
        })
        .unwrap_or(0)
}
