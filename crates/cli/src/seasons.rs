//! The operator's season tools: `bayanihan season tick` does at once what `serve` does every
//! five minutes (a delivery's lines once its absences close, the in-kind repayment of a closed
//! delivery, members' wallets charged for closed cycles), for a server stopped for a while or
//! run without `serve`; `bayanihan season list` shows every season and where it stands.

use bayanihan_store::Store;
use clap::Subcommand;

use crate::Fallible;

#[derive(Subcommand)]
pub enum SeasonCommand {
    /// Do the seasons' and wallets' due work now, and say how many steps were done.
    Tick {
        #[command(flatten)]
        db: crate::DbArgs,
    },
    /// List every season: its hub, dates, deliveries made and settled.
    List {
        #[command(flatten)]
        db: crate::DbArgs,
    },
}

impl SeasonCommand {
    pub fn db(&self) -> &crate::DbArgs {
        match self {
            SeasonCommand::Tick { db } | SeasonCommand::List { db } => db,
        }
    }
}

pub async fn run(store: &Store, command: SeasonCommand) -> Fallible<()> {
    match command {
        SeasonCommand::Tick { .. } => {
            // Until nothing is left (each pass does at most 50 of each kind of step).
            let mut total = 0;
            loop {
                let n = bayanihan_app::seasons::tick(store).await?;
                total += n;
                if n == 0 {
                    break;
                }
            }
            println!("{total} step(s) done");
        }
        SeasonCommand::List { .. } => {
            for s in bayanihan_app::seasons::every_season(store).await? {
                let made = s.deliveries.iter().filter(|d| d.cycle_id.is_some()).count();
                let settled = s.deliveries.iter().filter(|d| d.settled).count();
                println!(
                    "{}\t{}\t{}\t{} – {}\t{} deliveries, {made} made, {settled} settled{}",
                    s.id,
                    s.name,
                    s.hub_name,
                    s.starts_on,
                    s.ends_on,
                    s.deliveries.len(),
                    if s.settled { ", season settled" } else { "" }
                );
            }
        }
    }
    Ok(())
}
