//! The commands that keep the books and people's data safe: `verify`, `backup`, `restore`,
//! `checkpoint`, `key rotate`, `person export` and `person erase`.

use std::path::{Path, PathBuf};

use bayanihan_store::chain::SignedCheckpoint;
use bayanihan_store::Store;
use clap::Subcommand;

use crate::{registered, Fallible};

#[derive(Subcommand)]
pub enum KeyCommand {
    /// Replace the instance's checkpoint signing key with a new one. The old key file is kept
    /// beside it as `….retired-<time>`; its public half stays published, so checkpoints it
    /// signed still verify.
    Rotate {
        #[command(flatten)]
        db: crate::DbArgs,
        /// The key file the server signs with (default as for `serve`).
        #[arg(long, env = "BAYANIHAN_SIGNING_KEY")]
        signing_key: Option<PathBuf>,
    },
}

#[derive(Subcommand)]
pub enum PersonCommand {
    /// Print everything held about a person as JSON (what they can also download on their
    /// account page).
    Export {
        #[command(flatten)]
        db: crate::DbArgs,
        #[arg(long)]
        email: String,
        /// Write to this file instead of standard output.
        #[arg(long)]
        output: Option<PathBuf>,
    },
    /// Erase a person's name, contact and demographics on their request and end their
    /// memberships; the books keep their records under an anonymous id.
    Erase {
        #[command(flatten)]
        db: crate::DbArgs,
        #[arg(long)]
        email: String,
        /// Say so: erasure cannot be undone.
        #[arg(long)]
        yes: bool,
    },
}

/// Reads checkpoint files (one checkpoint, or a list of them, as JSON).
fn read_checkpoints(files: &[PathBuf]) -> Fallible<Vec<SignedCheckpoint>> {
    let mut out = Vec::new();
    for f in files {
        let text =
            std::fs::read_to_string(f).map_err(|e| format!("cannot read {}: {e}", f.display()))?;
        let value: serde_json::Value =
            serde_json::from_str(&text).map_err(|e| format!("{}: not JSON: {e}", f.display()))?;
        let list = match value {
            serde_json::Value::Array(a) => a,
            one => vec![one],
        };
        for v in list {
            out.push(
                serde_json::from_value(v)
                    .map_err(|e| format!("{}: not a Bayanihan checkpoint: {e}", f.display()))?,
            );
        }
    }
    Ok(out)
}

/// `bayanihan verify`: prints what it found; fails when anything is wrong.
pub async fn verify(store: &Store, checkpoints: &[PathBuf], json: bool) -> Fallible<()> {
    let kept = read_checkpoints(checkpoints)?;
    let v = bayanihan_app::ledger::verify(store, &kept).await?;
    if json {
        println!("{}", serde_json::to_string_pretty(&v)?);
    } else {
        for c in &v.ledger.chains {
            match &c.problem {
                None => println!(
                    "ok      {} ({}): {} entries, head {}",
                    c.name,
                    c.organization,
                    c.entries,
                    short(&c.head)
                ),
                Some(p) => println!("BROKEN  {} ({}): {p}", c.name, c.organization),
            }
        }
        for p in v.ledger.outside.iter().chain(&v.ledger.balances) {
            println!("BROKEN  {p}");
        }
        for p in &v.bad_checkpoints {
            println!("BROKEN  {p}");
        }
        println!(
            "{} chain(s), {} checkpoint(s) compared: {}",
            v.ledger.chains.len(),
            v.ledger.checkpoints,
            if v.is_intact() {
                "the books are intact"
            } else {
                "THE BOOKS WERE CHANGED"
            }
        );
    }
    if v.is_intact() {
        Ok(())
    } else {
        Err("verification failed: see the entries marked BROKEN".into())
    }
}

fn short(h: &str) -> &str {
    &h[..h.len().min(16)]
}

/// `bayanihan backup`.
pub async fn backup(store: &Store, output: &Path) -> Fallible<()> {
    let started = std::time::Instant::now();
    let s = store.backup(output).await?;
    println!(
        "backed up {} rows of {} tables (schema version {}) to {} in {:.1} s",
        s.rows,
        s.tables,
        s.schema_version,
        output.display(),
        started.elapsed().as_secs_f64()
    );
    Ok(())
}

/// `bayanihan restore`: into an empty database, then verifies the books.
pub async fn restore(store: &Store, input: &Path, then_verify: bool) -> Fallible<()> {
    let s = store.restore(input).await?;
    println!(
        "restored {} rows of {} tables (schema version {}, now {})",
        s.rows,
        s.tables,
        s.schema_version,
        bayanihan_store::latest_version()
    );
    if then_verify {
        verify(store, &[], false).await
    } else {
        Ok(())
    }
}

/// `bayanihan checkpoint`: signs today's checkpoints now (the server does it each day).
pub async fn checkpoint(store: &Store, key: &Path, output: Option<&Path>) -> Fallible<()> {
    let key = bayanihan_app::ledger::load_key(key)?;
    let n = bayanihan_app::ledger::daily_checkpoint(store, &key).await?;
    let today = store.checkpoints(None, i64::MAX).await?;
    let day = jiff::Timestamp::now().strftime("%Y-%m-%d").to_string();
    let today: Vec<_> = today
        .into_iter()
        .filter(|c| c.checkpoint.taken_at.starts_with(&day))
        .collect();
    eprintln!(
        "{n} checkpoint(s) signed now; {} stored for {day}",
        today.len()
    );
    let text = serde_json::to_string_pretty(&today)?;
    match output {
        Some(p) => {
            std::fs::write(p, text).map_err(|e| format!("cannot write {}: {e}", p.display()))?
        }
        None => println!("{text}"),
    }
    Ok(())
}

/// `bayanihan key rotate`.
pub async fn rotate_key(store: &Store, signing_key: &Path) -> Fallible<()> {
    let public = bayanihan_app::ledger::rotate_key(store, signing_key).await?;
    println!(
        "new signing key in {}; public key {public}",
        signing_key.display()
    );
    println!("back up the new key file; keep the retired one until you have a copy of it too");
    Ok(())
}

pub async fn person(store: &Store, command: PersonCommand) -> Fallible<()> {
    match command {
        PersonCommand::Export { email, output, .. } => {
            let (_, id) = registered(store, &email).await?;
            let text = serde_json::to_string_pretty(&store.person_export(id).await?)?;
            match output {
                Some(p) => std::fs::write(&p, text)
                    .map_err(|e| format!("cannot write {}: {e}", p.display()))?,
                None => println!("{text}"),
            }
            Ok(())
        }
        PersonCommand::Erase { email, yes, .. } => {
            let (email, id) = registered(store, &email).await?;
            if !yes {
                return Err(format!(
                    "erasing {email} cannot be undone: run again with --yes to do it"
                )
                .into());
            }
            let orgs = store.erase_person(id, None).await?;
            for org in &orgs {
                store
                    .append_audit(&bayanihan_store::privacy::AuditEntry {
                        organization: Some(*org),
                        actor: None,
                        action: "person.erased".into(),
                        subject: Some(id),
                        detail: serde_json::json!({ "by": "command line" }),
                        client: None,
                    })
                    .await?;
            }
            println!("erased {email} ({id}); {} membership(s) ended", orgs.len());
            Ok(())
        }
    }
}
