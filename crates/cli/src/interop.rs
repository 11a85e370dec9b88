//! Spreadsheets in and out from the command line: `bayanihan import directory` (the pages'
//! directory import, for files of any size, with progress on standard error) and
//! `bayanihan export directory`.

use std::io::Write;
use std::path::{Path, PathBuf};

use bayanihan_store::Store;
use clap::Subcommand;

use crate::Fallible;

#[derive(Subcommand)]
pub enum ImportCommand {
    /// Bring a network's directory in from CSV or XLSX sheets: organizations, people and their
    /// memberships, products. Checks everything and prints every problem (sheet, row, column)
    /// or what applying would do; with --apply, writes all of it or nothing. The same sheets
    /// again change nothing.
    Directory {
        #[command(flatten)]
        db: crate::DbArgs,
        /// The network organization the directory belongs to.
        #[arg(long)]
        network: uuid::Uuid,
        /// The e-mail address of the network admin the import acts for (their permissions
        /// apply, and the audit log names them).
        #[arg(long = "as")]
        as_person: String,
        #[arg(long)]
        organizations: Option<PathBuf>,
        #[arg(long)]
        people: Option<PathBuf>,
        #[arg(long)]
        products: Option<PathBuf>,
        /// Offers in open cycles: cycle, organization, product, quantity, producer_price.
        #[arg(long)]
        offers: Option<PathBuf>,
        /// Write (without it, a dry run that changes nothing).
        #[arg(long)]
        apply: bool,
    },
}

#[derive(Subcommand)]
pub enum ExportCommand {
    /// The directory as CSV, in the organizations sheet's columns (import reads it back).
    Directory {
        #[command(flatten)]
        db: crate::DbArgs,
        /// Only the organizations of this network.
        #[arg(long)]
        network: Option<uuid::Uuid>,
        /// Write to this file instead of standard output.
        #[arg(long)]
        output: Option<PathBuf>,
    },
}

fn read(path: &Option<PathBuf>) -> Fallible<Option<Vec<u8>>> {
    path.as_ref()
        .map(|p| std::fs::read(p).map_err(|e| format!("cannot read {}: {e}", p.display()).into()))
        .transpose()
}

pub async fn import(store: &Store, command: ImportCommand) -> Fallible<()> {
    let ImportCommand::Directory {
        network,
        as_person,
        organizations,
        people,
        products,
        offers,
        apply,
        ..
    } = command;
    let files = bayanihan_app::import::DirectoryFiles {
        organizations: read(&organizations)?,
        people: read(&people)?,
        products: read(&products)?,
        offers: read(&offers)?,
    };
    let subject = bayanihan_app::account::subject_by_email(store, &as_person)
        .await
        .map_err(|e| format!("--as {as_person}: {e}"))?;
    let started = std::time::Instant::now();
    let progress = |done: usize, total: usize| {
        let mut err = std::io::stderr();
        let _ = write!(
            err,
            "\r{} {done}/{total} rows ({:.0}%)",
            if apply { "importing" } else { "checking" },
            done as f64 * 100.0 / total.max(1) as f64
        );
        if done == total {
            let _ = writeln!(err);
        }
    };
    let report =
        bayanihan_app::import::directory(store, Some(&subject), network, &files, apply, &progress)
            .await?;
    for sheet in &report.read_as_latin1 {
        eprintln!("{sheet}: not UTF-8; read as Windows-1252 (Latin-1)");
    }
    if !report.problems.is_empty() {
        for (sheet, p) in &report.problems {
            println!("{sheet} row {} {}: {}", p.row, p.column, p.reason);
        }
        return Err(format!("{} problem(s): nothing was imported", report.problems.len()).into());
    }
    let o = &report.outcome;
    for (sheet, rows) in [
        ("organizations", &o.organizations),
        ("people", &o.people),
        ("products", &o.products),
        ("offers", &o.offers),
    ] {
        if rows.is_empty() {
            continue;
        }
        let mut counts = std::collections::BTreeMap::new();
        for (_, a) in rows.iter() {
            *counts.entry(a.id()).or_insert(0usize) += 1;
        }
        let parts: Vec<String> = counts.iter().map(|(k, n)| format!("{n} {k}")).collect();
        println!("{sheet}: {}", parts.join(", "));
    }
    println!(
        "{} in {:.1} s",
        if report.applied {
            "applied"
        } else {
            "dry run: nothing written (add --apply to write)"
        },
        started.elapsed().as_secs_f64()
    );
    Ok(())
}

pub async fn export(store: &Store, command: ExportCommand) -> Fallible<()> {
    let ExportCommand::Directory {
        network, output, ..
    } = command;
    let params = bayanihan_app::organizations::ListParams {
        network: network.map(|n| n.to_string()),
        ..Default::default()
    };
    let csv = bayanihan_app::exports::directory_all_keys(store, &params).await?;
    write_out(output.as_deref(), csv.as_bytes())
}

fn write_out(output: Option<&Path>, bytes: &[u8]) -> Fallible<()> {
    match output {
        Some(p) => std::fs::write(p, bytes)
            .map_err(|e| format!("cannot write {}: {e}", p.display()).into()),
        None => {
            std::io::stdout().write_all(bytes)?;
            Ok(())
        }
    }
}
