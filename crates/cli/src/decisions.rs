//! Decisions from the command line: a network tries its rules before adopting them.
//! `bayanihan decision tally` counts a file of ballots and `bayanihan patronage` divides a
//! surplus, with the very domain functions the platform runs (`bayanihan_domain::governance`).
//! Formats: `docs/schemas/decision-tally.schema.json`, `docs/schemas/patronage.schema.json`.

use std::path::{Path, PathBuf};

use bayanihan_domain::governance::{input, tally};
use clap::Subcommand;

use crate::Fallible;

#[derive(Subcommand)]
pub enum DecisionCommand {
    /// Count a decision's ballots under its rules (chambers and their weights, quorum,
    /// threshold) and print the result as JSON: raw and weighted tallies, turnout, outcome,
    /// and for ranked choice each round of the runoff.
    Tally {
        /// The decision file (docs/schemas/decision-tally.schema.json; see examples/governance/).
        #[arg(long)]
        input: PathBuf,
    },
    /// Close every decision whose time is up now (what `serve` does every thirty seconds),
    /// for a server run without `serve` or stopped for a while; says how many were closed.
    CloseDue {
        #[command(flatten)]
        db: crate::DbArgs,
    },
}

fn read(path: &Path) -> Fallible<String> {
    Ok(
        std::fs::read_to_string(path)
            .map_err(|e| format!("cannot read {}: {e}", path.display()))?,
    )
}

pub async fn run(command: DecisionCommand, file: &crate::config::FileConfig) -> Fallible<()> {
    match command {
        DecisionCommand::CloseDue { db } => {
            let store = crate::existing(&crate::database(&db, file)?, true).await?;
            let mut total = 0;
            // Until nothing is left (each pass closes at most 50).
            let r = loop {
                match bayanihan_app::governance::tick(&store).await {
                    Ok(0) => break Ok(()),
                    Ok(n) => total += n,
                    Err(e) => break Err(e),
                }
            };
            store.close().await;
            r?;
            println!("{total} decision(s) closed");
            Ok(())
        }
        DecisionCommand::Tally { input: path } => {
            let (rules, ballots) =
                input::read_tally(&read(&path)?).map_err(|e| format!("{}: {e}", path.display()))?;
            let t = tally::tally(&rules, &ballots);
            println!("{}", serde_json::to_string_pretty(&t)?);
            Ok(())
        }
    }
}

/// Divides a surplus into the reserve and patronage refunds and prints them as JSON.
pub fn patronage(path: &Path) -> Fallible<()> {
    let out = input::patronage(&read(path)?).map_err(|e| format!("{}: {e}", path.display()))?;
    println!("{}", serde_json::to_string_pretty(&out)?);
    Ok(())
}
