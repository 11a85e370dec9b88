//! The operator's word on networks: `bayanihan network recognise` (its stewards' approvals
//! count on the server's public map) and `bayanihan network recognised`.
//!
//! Anyone may register a network on the platform; recognition is what stops a network made
//! for the purpose from approving its own spam onto the public map. It is the operator's,
//! so it is given here and not in the pages.

use bayanihan_store::Store;
use clap::Subcommand;

use crate::Fallible;

#[derive(Subcommand)]
pub enum NetworkCommand {
    /// Recognise a network for the public map: approvals by its stewards, and by those of the
    /// member networks linked inside it, show there.
    Recognise {
        #[command(flatten)]
        db: crate::DbArgs,
        /// The network: its id, or its exact name.
        network: String,
        /// Withdraw the recognition instead (its members leave the public map).
        #[arg(long)]
        withdraw: bool,
    },
    /// List the recognised networks.
    Recognised {
        #[command(flatten)]
        db: crate::DbArgs,
    },
}

impl NetworkCommand {
    pub fn db(&self) -> &crate::DbArgs {
        match self {
            NetworkCommand::Recognise { db, .. } | NetworkCommand::Recognised { db } => db,
        }
    }
}

pub async fn run(store: &Store, command: NetworkCommand) -> Fallible<()> {
    match command {
        NetworkCommand::Recognise {
            network, withdraw, ..
        } => {
            let id = crate::organization_named(store, &network).await?;
            let changed = bayanihan_app::publishing::recognise_network(store, id, !withdraw)
                .await
                .map_err(|e| match e {
                    bayanihan_app::AppError::NotFound(_) => {
                        format!("{network} is not a network").into()
                    }
                    other => Box::<dyn std::error::Error + Send + Sync>::from(other.to_string()),
                })?;
            let state = match (withdraw, changed) {
                (false, true) => "recognised",
                (false, false) => "was recognised already",
                (true, true) => "no longer recognised",
                (true, false) => "was not recognised",
            };
            println!("{network} ({id}): {state}");
            Ok(())
        }
        NetworkCommand::Recognised { .. } => {
            for (org, at) in bayanihan_app::publishing::recognised_networks(store).await? {
                println!("{}\t{}\t{at}", org.id, org.name);
            }
            Ok(())
        }
    }
}
