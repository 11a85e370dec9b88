//! `bayanihan loan schedule`: the repayment schedule the platform would make for a loan, from
//! the same domain function (`bayanihan_domain::finance::loan`). Format:
//! `docs/schemas/loan-schedule.schema.json`.

use bayanihan_domain::finance::loan::{schedule, Method, Rate, Terms};
use bayanihan_domain::{Currency, Money};
use clap::{Subcommand, ValueEnum};
use serde_json::json;

use crate::Fallible;

#[derive(Clone, Copy, ValueEnum)]
pub enum Format {
    Json,
    Csv,
}

#[derive(Subcommand)]
pub enum LoanCommand {
    /// Print a loan's repayment schedule: each instalment's due date, principal, interest and
    /// the balance after it, and the total interest (amounts in major units, exact to the
    /// minor unit; docs/schemas/loan-schedule.schema.json).
    Schedule {
        /// The amount lent, in plain digits (`50000.00`).
        #[arg(long)]
        principal: String,
        /// Its ISO 4217 currency (`INR`, `PHP`, `NPR`…).
        #[arg(long)]
        currency: String,
        /// The yearly interest rate in percent (`12`, `18.5`).
        #[arg(long)]
        annual_rate: String,
        /// How many instalments.
        #[arg(long)]
        instalments: u32,
        /// Instalments a year: 1, 2, 3, 4, 6, 12 (by months), 26 or 52 (by fortnights, weeks).
        #[arg(long, default_value_t = 12)]
        per_year: u32,
        /// `declining` (equal instalments on the declining balance) or `flat`.
        #[arg(long, default_value = "declining")]
        method: String,
        /// The day the loan is given (YYYY-MM-DD); the first instalment falls due one period later.
        #[arg(long)]
        start: String,
        #[arg(long, value_enum, default_value_t = Format::Json)]
        format: Format,
    },
}

pub fn run(command: LoanCommand) -> Fallible<()> {
    match command {
        LoanCommand::Schedule {
            principal,
            currency,
            annual_rate,
            instalments,
            per_year,
            method,
            start,
            format,
        } => {
            let currency = Currency::parse(&currency).map_err(|e| format!("--currency: {e}"))?;
            let terms = Terms {
                principal: Money::parse_plain(&principal, currency)
                    .map_err(|e| format!("--principal: {e}"))?,
                annual_rate: Rate::parse_percent(&annual_rate)
                    .map_err(|e| format!("--annual-rate: {e}"))?,
                instalments,
                per_year,
                method: Method::parse(&method).map_err(|e| format!("--method: {e}"))?,
                start: start.parse().map_err(|_| {
                    format!("--start: \"{start}\" is not a date such as 2026-01-01")
                })?,
            };
            let s = schedule(&terms)
                .map_err(|e| format!("--{}: {}", e.field.replace('_', "-"), e.reason))?;
            match format {
                Format::Json => {
                    let out = json!({
                        "currency": currency.code(),
                        "principal": terms.principal.to_decimal_string(),
                        "annual_rate_percent": terms.annual_rate.percent(),
                        "per_year": per_year,
                        "method": terms.method.id(),
                        "instalments": s.instalments.iter().map(|i| json!({
                            "number": i.number,
                            "due_date": i.due_date.to_string(),
                            "principal": i.principal.to_decimal_string(),
                            "interest": i.interest.to_decimal_string(),
                            "balance": i.balance.to_decimal_string(),
                        })).collect::<Vec<_>>(),
                        "total_interest": s.total_interest.to_decimal_string(),
                    });
                    println!("{}", serde_json::to_string_pretty(&out)?);
                }
                Format::Csv => print!(
                    "{}",
                    bayanihan_domain::csv_out::write(
                        &["number", "due_date", "principal", "interest", "balance"],
                        s.instalments.iter().map(|i| {
                            [
                                i.number.to_string(),
                                i.due_date.to_string(),
                                i.principal.to_decimal_string(),
                                i.interest.to_decimal_string(),
                                i.balance.to_decimal_string(),
                            ]
                        }),
                    )
                ),
            }
            Ok(())
        }
    }
}
