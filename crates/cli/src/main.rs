//! `bayanihan`: the one binary of the platform.
//!
//! - `bayanihan demo` loads a fictional network into a local SQLite file and serves it;
//! - `bayanihan serve` serves a real installation (SQLite or PostgreSQL);
//! - `bayanihan migrate`, `user`, `token` administer it;
//! - `bayanihan scenario run` models a value chain before it is launched;
//! - `bayanihan report tbl` (and `report rebuild`) makes triple-bottom-line reports;
//! - `bayanihan obligations export`, `clear` and `clear generate` work on obligations:
//!   export a network's, compute their optimal set-off, make test networks.
//!
//! Settings come from flags, then `BAYANIHAN_*` environment variables, then a TOML file
//! (`--config` / `BAYANIHAN_CONFIG`), then defaults.

mod config;
mod decisions;
mod demo;
mod integrity;
mod interop;
mod loans;
mod networks;
mod scenario;
mod seasons;

use std::net::SocketAddr;
use std::path::PathBuf;

use bayanihan_domain::{Email, PersonName};
use bayanihan_store::Store;
use bayanihan_web::{AppState, WebConfig};
use clap::{Args, Parser, Subcommand};

use crate::config::FileConfig;

#[derive(Parser)]
#[command(
    name = "bayanihan",
    version,
    about = "Bayanihan: the platform a social and solidarity economy network runs on."
)]
struct Cli {
    /// TOML configuration file (keys: database, listen, secure_cookies, trusted_proxies, log,
    /// log_format, metrics_token, mail and map settings; see docs/operations.md).
    #[arg(long, global = true, env = "BAYANIHAN_CONFIG")]
    config: Option<PathBuf>,
    /// Log filter, e.g. `info` or `bayanihan_web=debug`.
    #[arg(long, global = true, env = "BAYANIHAN_LOG")]
    log: Option<String>,
    /// How log lines are written: `text` for people, `json` (one object a line) for a log
    /// collector.
    #[arg(long, global = true, env = "BAYANIHAN_LOG_FORMAT", value_enum)]
    log_format: Option<LogFormat>,
    #[command(subcommand)]
    command: Command,
}

/// How log lines are written.
#[derive(Clone, Copy, Debug, PartialEq, Eq, clap::ValueEnum, serde::Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum LogFormat {
    Text,
    Json,
}

#[derive(Subcommand)]
enum Command {
    /// Load the fictional demo network into a local SQLite database and serve it.
    ///
    /// Creates or reuses `bayanihan-demo.db` in the data folder; running it again adds nothing
    /// twice. Prints the address and the demo sign-ins.
    Demo {
        /// Port to listen on (127.0.0.1).
        #[arg(long, env = "BAYANIHAN_PORT", default_value_t = 8080)]
        port: u16,
        /// Folder for the demo database.
        #[arg(long, env = "BAYANIHAN_DATA_DIR", default_value = ".")]
        data_dir: PathBuf,
        /// Load the demo data and exit without serving.
        #[arg(long)]
        no_serve: bool,
        /// Load the demo into this database instead (`postgres://…` or `sqlite:PATH`): the
        /// PostgreSQL path for anyone to try. Never read from BAYANIHAN_DATABASE, so a demo
        /// cannot land in a network's own database by accident. The signing key stays in
        /// --data-dir.
        #[arg(long)]
        database: Option<String>,
        #[command(flatten)]
        mail: MailArgs,
    },
    /// Serve the API and the pages (migrating the database first).
    Serve {
        #[command(flatten)]
        db: DbArgs,
        /// Address to listen on.
        #[arg(long, env = "BAYANIHAN_LISTEN")]
        listen: Option<SocketAddr>,
        /// Mark session cookies Secure (set when served over TLS).
        #[arg(long, env = "BAYANIHAN_SECURE_COOKIES")]
        secure_cookies: Option<bool>,
        /// Address of a reverse proxy in front of Bayanihan whose X-Forwarded-For names the
        /// client (repeat, or separate with commas). Without one the header is ignored.
        #[arg(
            long = "trusted-proxy",
            env = "BAYANIHAN_TRUSTED_PROXIES",
            value_delimiter = ','
        )]
        trusted_proxies: Vec<std::net::IpAddr>,
        #[command(flatten)]
        mail: MailArgs,
        /// The instance's Ed25519 key for the daily ledger checkpoints (made when missing; keep
        /// a copy off the server). Default: `bayanihan-signing.key` beside a SQLite database,
        /// else in the working folder.
        #[arg(long, env = "BAYANIHAN_SIGNING_KEY")]
        signing_key: Option<PathBuf>,
        /// A Murmurations index to register published organizations' profiles with, e.g.
        /// `https://index.murmurations.network` (needs --public-url: the index reads the
        /// profiles there). Publishing registers, a change re-registers, unpublishing deletes.
        #[arg(long, env = "BAYANIHAN_MURMURATIONS_INDEX")]
        murmurations_index: Option<String>,
        /// A tile server to draw under the public map, e.g.
        /// `https://tile.openstreetmap.org/{z}/{x}/{y}.png` (follow its usage policy). Without
        /// one the map shows country outlines only.
        #[arg(long, env = "BAYANIHAN_MAP_TILES")]
        map_tiles: Option<String>,
        /// The attribution the tile server asks for.
        #[arg(long, env = "BAYANIHAN_MAP_ATTRIBUTION")]
        map_attribution: Option<String>,
        /// A secret with which a scraper elsewhere reads /metrics (sent as
        /// `Authorization: Bearer …`). Without it /metrics answers this machine only.
        #[arg(long, env = "BAYANIHAN_METRICS_TOKEN", hide_env_values = true)]
        metrics_token: Option<String>,
        /// A read replica of the database (a PostgreSQL standby, one host) from which the
        /// triple-bottom-line reports and the directory, payment and ledger exports are read,
        /// taking that load off the primary. Who may read them is still decided on the primary.
        #[arg(long, env = "BAYANIHAN_READ_DATABASE", hide_env_values = true)]
        read_database: Option<String>,
    },
    /// Bring the database schema up to date (and seal records older than the ledger's hash
    /// chains into them).
    Migrate {
        #[command(flatten)]
        db: DbArgs,
        /// List the migrations that would run, with their statements, and change nothing.
        #[arg(long)]
        dry_run: bool,
    },
    /// Recompute every organization's ledger hash chain, check that every transaction balances
    /// and every record is sealed, and compare the chains with the signed checkpoints stored and
    /// given; names the first broken entry of each chain. Fails (exit status 1) when anything
    /// was changed.
    Verify {
        #[command(flatten)]
        db: DbArgs,
        /// A checkpoint file an organization kept elsewhere (repeatable).
        #[arg(long)]
        checkpoint: Vec<PathBuf>,
        /// Print the report as JSON.
        #[arg(long)]
        json: bool,
    },
    /// Back the database up while it serves: a SQLite database with SQLite's online backup
    /// API (a SQLite file), PostgreSQL as a logical export (JSON lines). One consistent snapshot.
    Backup {
        #[command(flatten)]
        db: DbArgs,
        /// The backup file to write (replaced only once the new one is complete).
        #[arg(long)]
        output: PathBuf,
    },
    /// Restore a backup into a new, empty database (SQLite or PostgreSQL, either form), then
    /// migrate it and verify its books.
    Restore {
        #[command(flatten)]
        db: DbArgs,
        /// The backup file.
        #[arg(long)]
        input: PathBuf,
        /// Do not verify the books after restoring (run `bayanihan verify` yourself).
        #[arg(long)]
        no_verify: bool,
    },
    /// Sign today's ledger checkpoints now (the server signs them once a day by itself) and
    /// print them as JSON.
    Checkpoint {
        #[command(flatten)]
        db: DbArgs,
        /// The instance's signing key (made when missing; default as for `serve`).
        #[arg(long, env = "BAYANIHAN_SIGNING_KEY")]
        signing_key: Option<PathBuf>,
        /// Write the checkpoints to this file instead of standard output.
        #[arg(long)]
        output: Option<PathBuf>,
    },
    /// The instance's checkpoint signing key.
    Key {
        #[command(subcommand)]
        command: integrity::KeyCommand,
    },
    /// Bring spreadsheets in: a network's directory (organizations, people, products).
    Import {
        #[command(subcommand)]
        command: interop::ImportCommand,
    },
    /// Lists as spreadsheets: the directory.
    Export {
        #[command(subcommand)]
        command: interop::ExportCommand,
    },
    /// The operator's word on networks: which count on the public map.
    Network {
        #[command(subcommand)]
        command: networks::NetworkCommand,
    },
    /// Decisions: count a file of ballots under a body's rules, as the platform does.
    Decision {
        #[command(subcommand)]
        command: decisions::DecisionCommand,
    },
    /// Divide a surplus into the indivisible reserve and patronage refunds (in proportion to
    /// each member's trade), to the last minor unit, and print them as JSON.
    ///
    /// The format is described by docs/schemas/patronage.schema.json; see examples/governance/.
    Patronage {
        /// The surplus file.
        #[arg(long)]
        input: PathBuf,
    },
    /// Loans: the repayment schedule the platform would make, exact to the minor unit.
    Loan {
        #[command(subcommand)]
        command: loans::LoanCommand,
    },
    /// Seasons: their due work now, and a list of them.
    Season {
        #[command(subcommand)]
        command: seasons::SeasonCommand,
    },
    /// A person's data: export it, or erase it on their request.
    Person {
        #[command(subcommand)]
        command: integrity::PersonCommand,
    },
    /// Manage people who can sign in.
    User {
        #[command(subcommand)]
        command: UserCommand,
    },
    /// Manage API tokens for scripts.
    Token {
        #[command(subcommand)]
        command: TokenCommand,
    },
    /// Model a value chain before launching it.
    Scenario {
        #[command(subcommand)]
        command: ScenarioCommand,
    },
    /// Outstanding obligations between organizations.
    Obligations {
        #[command(subcommand)]
        command: ObligationsCommand,
    },
    /// Multilateral set-off of obligations from a CSV file: the most debt cleared while every
    /// organization's net position stays what it was.
    ///
    /// Input columns `id,debtor,creditor,amount` (header required, `id` optional, amounts in
    /// minor units); output `id,debtor,creditor,amount,set_off,remainder` in input order.
    #[command(args_conflicts_with_subcommands = true)]
    Clear {
        #[command(subcommand)]
        command: Option<ClearCommand>,
        /// The obligations (CSV).
        #[arg(long)]
        input: Option<PathBuf>,
        /// Where to write the result (CSV); nothing is written when the input is refused.
        #[arg(long)]
        output: Option<PathBuf>,
        /// Verify the invariants and the optimality certificate of the result before writing.
        #[arg(long)]
        check: bool,
    },
    /// Reports made from the platform's own data.
    Report {
        #[command(subcommand)]
        command: ReportCommand,
    },
}

#[derive(Subcommand)]
enum ClearCommand {
    /// Write a seeded, realistic obligation network as CSV: supply-chain tiers, power-law
    /// degrees, reciprocal trade, planted cycles of length 3–8, log-normal amounts.
    Generate {
        #[arg(long, default_value_t = 30_000)]
        organizations: u32,
        #[arg(long, default_value_t = 100_000)]
        obligations: usize,
        /// `nearly-acyclic` or `strongly-cyclic`.
        #[arg(long, default_value = "nearly-acyclic")]
        profile: String,
        #[arg(long, default_value_t = 1)]
        seed: u64,
        #[arg(long)]
        output: PathBuf,
    },
}

#[derive(Subcommand)]
enum ReportCommand {
    /// The triple-bottom-line report of a scope and period, beside the period before.
    Tbl {
        #[command(flatten)]
        db: DbArgs,
        /// `network:ID`, `chapter:ID`, `organization:ID` (an id or an exact name), `cycle:ID` or
        /// `value-chain:CATEGORY`.
        #[arg(long)]
        scope: String,
        /// `2026`, `2026-Q3`, `2026-10` or `2026-01-05..2026-02-04`.
        #[arg(long)]
        period: String,
        #[arg(long, default_value = "json", value_parser = ["json", "csv", "html"])]
        format: String,
        /// Counts of people below this read `<N` (at least 5).
        #[arg(long, default_value_t = 5)]
        threshold: u64,
        /// Language of the HTML report: en, fil, id, ms, ja or ne.
        #[arg(long, default_value = "en")]
        lang: String,
        /// Write to this file instead of standard output.
        #[arg(long)]
        output: Option<PathBuf>,
    },
    /// Recompute the impact rollups of closed cycles from their stored lines, with the
    /// reference prices, memberships and demographics known now (e.g. after entering reference
    /// prices for past periods).
    Rebuild {
        #[command(flatten)]
        db: DbArgs,
        /// Only this cycle (an id); every closed cycle when left out.
        #[arg(long)]
        cycle: Option<uuid::Uuid>,
    },
}

#[derive(Subcommand)]
enum ScenarioCommand {
    /// Run a whole cycle from a JSON scenario on a throwaway in-memory store and print the
    /// outcome as JSON: allocations, invoices, statements, obligations, ledger balances.
    ///
    /// The format is described by docs/schemas/scenario.schema.json; see examples/.
    Run {
        /// The scenario file.
        file: PathBuf,
    },
}

#[derive(Subcommand)]
enum ObligationsCommand {
    /// Write a network's outstanding obligations as CSV `id,debtor,creditor,amount`
    /// (amounts outstanding, in minor units), to standard output or --output.
    Export {
        #[command(flatten)]
        db: DbArgs,
        /// The network: its id, or its exact name.
        #[arg(long)]
        network: String,
        /// Write to this file instead of standard output.
        #[arg(long)]
        output: Option<PathBuf>,
    },
}

#[derive(Args)]
pub(crate) struct DbArgs {
    /// Database URL: `sqlite:PATH` (created when missing) or `postgres://user:pass@host/db`.
    #[arg(long, env = "BAYANIHAN_DATABASE")]
    database: Option<String>,
}

/// Outgoing mail for invitations and password resets.
#[derive(clap::Args, Debug, Clone, Default)]
struct MailArgs {
    /// The SMTP server for invitations and password resets, e.g.
    /// `smtp://user:pass@mail.example.org:587?tls=required` or `smtps://…:465`. Without one
    /// nothing is mailed: coordinators share the links instead.
    #[arg(long, env = "BAYANIHAN_SMTP_URL", hide_env_values = true)]
    smtp_url: Option<String>,
    /// The sender of that mail, e.g. `Bayanihan <noreply@example.org>`.
    #[arg(long, env = "BAYANIHAN_MAIL_FROM")]
    mail_from: Option<String>,
    /// The address people reach this server at, e.g. `https://bayanihan.example.org`: the
    /// links in mail use it (required with `--smtp-url`).
    #[arg(long, env = "BAYANIHAN_PUBLIC_URL")]
    public_url: Option<String>,
}

impl MailArgs {
    /// The mailer and public address, from the flags, else the file.
    fn settings(
        self,
        file: &FileConfig,
    ) -> Result<
        (bayanihan_app::mail::Mailer, Option<String>),
        Box<dyn std::error::Error + Send + Sync>,
    > {
        let public_url = self.public_url.or(file.public_url.clone());
        let mailer = match self.smtp_url.or(file.smtp_url.clone()) {
            None => bayanihan_app::mail::Mailer::none(),
            Some(url) => {
                if public_url.is_none() {
                    return Err("mail needs the server's public address: set --public-url (BAYANIHAN_PUBLIC_URL) as well as the SMTP server".into());
                }
                let from = self.mail_from.or(file.mail_from.clone()).ok_or(
                    "mail needs a sender: set --mail-from (BAYANIHAN_MAIL_FROM), e.g. \"Bayanihan <noreply@example.org>\"",
                )?;
                bayanihan_app::mail::Mailer::smtp(&url, &from).map_err(|e| e.to_string())?
            }
        };
        Ok((mailer, public_url))
    }
}

#[derive(Subcommand)]
enum UserCommand {
    /// Create a person who can sign in. The password is asked for, or read from standard input.
    Create {
        #[command(flatten)]
        db: DbArgs,
        #[arg(long)]
        email: String,
        #[arg(long)]
        name: String,
    },
    /// Set a person's password (ends their browser sessions).
    Passwd {
        #[command(flatten)]
        db: DbArgs,
        #[arg(long)]
        email: String,
    },
}

#[derive(Subcommand)]
enum TokenCommand {
    /// Make an API token acting as a person; it is printed once.
    Create {
        #[command(flatten)]
        db: DbArgs,
        /// Whose token it is.
        #[arg(long)]
        email: String,
        /// What it is for.
        #[arg(long, default_value = "script")]
        name: String,
    },
}

pub(crate) type Fallible<T> = Result<T, Box<dyn std::error::Error + Send + Sync>>;

fn main() {
    let cli = Cli::parse();
    let runtime = match tokio::runtime::Builder::new_multi_thread()
        .enable_all()
        .build()
    {
        Ok(r) => r,
        Err(e) => {
            eprintln!("error: cannot start the runtime: {e}");
            std::process::exit(1);
        }
    };
    if let Err(e) = runtime.block_on(run(cli)) {
        // Errors quote what was typed or read from files: never raw control characters.
        eprintln!(
            "error: {}",
            bayanihan_domain::text::escape_controls(&e.to_string())
        );
        std::process::exit(1);
    }
}

async fn run(cli: Cli) -> Fallible<()> {
    let file = FileConfig::load(cli.config.as_deref())?;
    let log = cli
        .log
        .or(file.log.clone())
        .unwrap_or_else(|| "info".into());
    let filter = tracing_subscriber::EnvFilter::try_new(&log)
        .map_err(|e| format!("bad log filter \"{log}\": {e}"))?;
    let logs = tracing_subscriber::fmt()
        .with_env_filter(filter)
        .with_writer(std::io::stderr);
    match cli
        .log_format
        .or(file.log_format)
        .unwrap_or(LogFormat::Text)
    {
        // One JSON object a line, with the request span's fields (method, uri, request id).
        LogFormat::Json => logs.json().with_current_span(true).init(),
        LogFormat::Text => logs
            .with_ansi(std::io::IsTerminal::is_terminal(&std::io::stderr()))
            .init(),
    }
    match cli.command {
        Command::Demo {
            port,
            data_dir,
            no_serve,
            database,
            mail,
        } => {
            std::fs::create_dir_all(&data_dir).map_err(|e| {
                format!("cannot create the data folder {}: {e}", data_dir.display())
            })?;
            let (url, place) = match database {
                Some(url) => {
                    let place = bayanihan_store::redacted_url(&url);
                    (url, place)
                }
                None => {
                    let path = data_dir.join("bayanihan-demo.db");
                    (
                        format!("sqlite:{}", path.display()),
                        path.display().to_string(),
                    )
                }
            };
            let store = open(&url).await?;
            let logins = demo::load(&store).await?;
            let key =
                bayanihan_app::ledger::load_or_create_key(&data_dir.join("bayanihan-signing.key"))?;
            bayanihan_app::ledger::daily_checkpoint(&store, &key).await?;
            let addr = SocketAddr::from(([127, 0, 0, 1], port));
            println!("Bayanihan demo: a fictional solidarity-economy network in {place}");
            println!("Sign in on the pages (http://{addr}/signin) or through the API (POST /api/v1/auth/login) as:");
            for l in &logins {
                println!("  {:<34} {:<16} {}", l.email, l.password, l.what);
            }
            if no_serve {
                store.close().await;
                return Ok(());
            }
            let (mailer, public_url) = mail.settings(&FileConfig::default())?;
            let config = WebConfig {
                secure_cookies: false,
                trusted_proxies: Vec::new(),
                demo_logins: logins,
                mailer,
                public_url,
                map_tiles: None,
                murmurations_index: None,
                metrics_token: None,
            };
            serve(store, addr, config, key, None).await
        }
        Command::Serve {
            db,
            listen,
            secure_cookies,
            trusted_proxies,
            mail,
            signing_key,
            murmurations_index,
            map_tiles,
            map_attribution,
            metrics_token,
            read_database,
        } => {
            let (mailer, public_url) = mail.settings(&file)?;
            let index = match murmurations_index.or(file.murmurations_index.clone()) {
                None => None,
                Some(index_url) => {
                    let Some(public_url) = public_url.clone() else {
                        return Err("a Murmurations index reads the profiles at the server's public address: set --public-url (BAYANIHAN_PUBLIC_URL) as well".into());
                    };
                    if !index_url.starts_with("https://") && !index_url.starts_with("http://") {
                        return Err(format!(
                            "--murmurations-index must be an http(s) address, not {index_url:?}"
                        )
                        .into());
                    }
                    Some(bayanihan_app::murmurations::IndexSettings {
                        index_url,
                        public_url,
                    })
                }
            };
            let url = database(&db, &file)?;
            let key =
                bayanihan_app::ledger::load_or_create_key(&signing_key_path(signing_key, &url))?;
            let store = open(&url).await?;
            let store = match read_database.or(file.read_database.clone()) {
                Some(r) => store.with_read_database(&r).await.map_err(|e| {
                    format!("--read-database {}: {e}", bayanihan_store::redacted_url(&r))
                })?,
                None => store,
            };
            let addr = listen
                .or(file.listen)
                .unwrap_or_else(|| SocketAddr::from(([127, 0, 0, 1], 8080)));
            let config = WebConfig {
                secure_cookies: secure_cookies.or(file.secure_cookies).unwrap_or(false),
                trusted_proxies: if trusted_proxies.is_empty() {
                    file.trusted_proxies.clone().unwrap_or_default()
                } else {
                    trusted_proxies
                },
                demo_logins: Vec::new(),
                mailer,
                public_url,
                map_tiles: map_tiles
                    .or(file.map_tiles.clone())
                    .map(|url| {
                        let attribution = map_attribution
                            .or(file.map_attribution.clone())
                            .unwrap_or_else(|| "© OpenStreetMap contributors".into());
                        if !url.starts_with("https://") && !url.starts_with("http://")
                            || !["{z}", "{x}", "{y}"].iter().all(|p| url.contains(p))
                        {
                            return Err(format!("--map-tiles must be an http(s) URL with {{z}}, {{x}} and {{y}}, e.g. https://tile.openstreetmap.org/{{z}}/{{x}}/{{y}}.png, not {url:?}"));
                        }
                        Ok((url, attribution))
                    })
                    .transpose()?,
                murmurations_index: index.as_ref().map(|i| i.index_url.clone()),
                metrics_token: metrics_token
                    .or(file.metrics_token.clone())
                    .filter(|t| !t.is_empty()),
            };
            serve(store, addr, config, key, index).await
        }
        Command::Migrate { db, dry_run: true } => {
            let store = Store::connect(&database(&db, &file)?).await?;
            let pending = store.pending_migrations().await?;
            if pending.is_empty() {
                println!(
                    "nothing to do: the schema is at version {}",
                    bayanihan_store::latest_version()
                );
            }
            for m in &pending {
                println!("would apply {:04} {}:", m.version, m.name);
                for s in &m.statements {
                    println!("    {s};");
                }
            }
            if pending.iter().any(|m| m.version == 11) {
                println!("and then seal the existing obligations, payments and ledger transactions into hash chains");
            }
            store.close().await;
            Ok(())
        }
        Command::Verify {
            db,
            checkpoint,
            json,
        } => {
            let store = existing(&database(&db, &file)?, true).await?;
            let r = integrity::verify(&store, &checkpoint, json).await;
            store.close().await;
            r
        }
        Command::Backup { db, output } => {
            let store = existing(&database(&db, &file)?, false).await?;
            let r = integrity::backup(&store, &output).await;
            store.close().await;
            r
        }
        Command::Restore {
            db,
            input,
            no_verify,
        } => {
            let store = Store::connect(&database(&db, &file)?).await?;
            let r = integrity::restore(&store, &input, !no_verify).await;
            store.close().await;
            r
        }
        Command::Checkpoint {
            db,
            signing_key,
            output,
        } => {
            let url = database(&db, &file)?;
            let store = existing(&url, true).await?;
            let key = signing_key_path(signing_key, &url);
            let r = integrity::checkpoint(&store, &key, output.as_deref()).await;
            store.close().await;
            r
        }
        Command::Key { command } => {
            let integrity::KeyCommand::Rotate { db, signing_key } = command;
            let url = database(&db, &file)?;
            let store = existing(&url, true).await?;
            let r = integrity::rotate_key(&store, &signing_key_path(signing_key, &url)).await;
            store.close().await;
            r
        }
        Command::Import { command } => {
            let interop::ImportCommand::Directory { db, .. } = &command;
            let store = existing(&database(db, &file)?, true).await?;
            let r = interop::import(&store, command).await;
            store.close().await;
            r
        }
        Command::Export { command } => {
            let interop::ExportCommand::Directory { db, .. } = &command;
            let store = existing(&database(db, &file)?, true).await?;
            let r = interop::export(&store, command).await;
            store.close().await;
            r
        }
        Command::Network { command } => {
            let store = existing(&database(command.db(), &file)?, true).await?;
            let r = networks::run(&store, command).await;
            store.close().await;
            r
        }
        Command::Decision { command } => decisions::run(command, &file).await,
        Command::Patronage { input } => decisions::patronage(&input),
        Command::Loan { command } => loans::run(command),
        Command::Season { command } => {
            let store = existing(&database(command.db(), &file)?, true).await?;
            let r = seasons::run(&store, command).await;
            store.close().await;
            r
        }
        Command::Person { command } => {
            let db = match &command {
                integrity::PersonCommand::Export { db, .. }
                | integrity::PersonCommand::Erase { db, .. } => db,
            };
            let store = existing(&database(db, &file)?, true).await?;
            let r = integrity::person(&store, command).await;
            store.close().await;
            r
        }
        Command::Migrate { db, dry_run: false } => {
            let store = Store::connect(&database(&db, &file)?).await?;
            let n = store.migrate().await?;
            println!(
                "{n} migration(s) applied; schema at version {}",
                bayanihan_store::latest_version()
            );
            store.close().await;
            Ok(())
        }
        Command::User { command } => match command {
            UserCommand::Create { db, email, name } => {
                let email = Email::parse(&email).map_err(|e| format!("--email: {e}"))?;
                let name = PersonName::parse(&name).map_err(|e| format!("--name: {e}"))?;
                let password = read_new_password()?;
                let store = open(&database(&db, &file)?).await?;
                let hash = bayanihan_app::account::hash_password(password).await?;
                let id = store.create_person(&email, &name, Some(&hash)).await?;
                println!("created {email} ({id})");
                store.close().await;
                Ok(())
            }
            UserCommand::Passwd { db, email } => {
                let store = open(&database(&db, &file)?).await?;
                let (email, id) = registered(&store, &email).await?;
                let password = read_new_password()?;
                let hash = bayanihan_app::account::hash_password(password).await?;
                store.set_password_hash(id, &hash).await?;
                println!("password of {email} changed; their browser sessions were ended");
                store.close().await;
                Ok(())
            }
        },
        Command::Scenario {
            command: ScenarioCommand::Run { file },
        } => {
            let text = std::fs::read_to_string(&file)
                .map_err(|e| format!("cannot read {}: {e}", file.display()))?;
            let scenario =
                scenario::parse(&text).map_err(|e| format!("{}: {e}", file.display()))?;
            let outcome = scenario::run(&scenario)
                .await
                .map_err(|e| format!("{}: {e}", file.display()))?;
            println!("{}", serde_json::to_string_pretty(&outcome)?);
            Ok(())
        }
        Command::Report {
            command: ReportCommand::Rebuild { db, cycle },
        } => {
            let store = open(&database(&db, &file)?).await?;
            let started = std::time::Instant::now();
            let n = store.rebuild_rollups(cycle).await?;
            store.close().await;
            println!(
                "rebuilt the impact rollups of {n} closed cycle(s) in {:.1} s",
                started.elapsed().as_secs_f64()
            );
            Ok(())
        }
        Command::Clear {
            command:
                Some(ClearCommand::Generate {
                    organizations,
                    obligations,
                    profile,
                    seed,
                    output,
                }),
            ..
        } => {
            use bayanihan_clearing::generate::{GenerateParams, Profile};
            let profile: Profile = profile.parse().map_err(|e| format!("--profile: {e}"))?;
            let report =
                bayanihan_clearing::cli::run_generate(&bayanihan_clearing::cli::GenerateOptions {
                    params: GenerateParams::new(profile, organizations, obligations, seed),
                    output,
                })?;
            print!("{report}");
            Ok(())
        }
        Command::Clear {
            command: None,
            input,
            output,
            check,
        } => {
            let (Some(input), Some(output)) = (input, output) else {
                return Err(
                    "clear needs --input FILE and --output FILE (or the generate command)".into(),
                );
            };
            let report =
                bayanihan_clearing::cli::run_clear(&bayanihan_clearing::cli::ClearOptions {
                    input,
                    output,
                    check,
                })?;
            print!("{report}");
            Ok(())
        }
        Command::Report {
            command:
                ReportCommand::Tbl {
                    db,
                    scope,
                    period,
                    format,
                    threshold,
                    lang,
                    output,
                },
        } => {
            use bayanihan_domain::impact::{period::Period, report::Threshold};
            use bayanihan_store::impact::ReportScope;
            let lang = bayanihan_web::i18n::Lang::parse(&lang).ok_or_else(|| {
                format!("--lang: \"{lang}\" is not one of en, fil, id, ms, ja, ne")
            })?;
            let period = Period::parse(&period).map_err(|e| format!("--period: {e}"))?;
            let threshold = Threshold::new(threshold).map_err(|e| format!("--threshold: {e}"))?;
            let store = open(&database(&db, &file)?).await?;
            // Organizations may be named instead of given by id.
            let scope = match scope.split_once(':') {
                Some((kind @ ("network" | "chapter" | "organization"), name))
                    if uuid::Uuid::parse_str(name.trim()).is_err() =>
                {
                    let org = store
                        .organization_by_name(name.trim())
                        .await?
                        .ok_or_else(|| format!("--scope: no organization is named \"{name}\""))?;
                    format!("{kind}:{}", org.id)
                }
                _ => scope,
            };
            let scope = ReportScope::parse(&scope).map_err(|e| format!("--scope: {e}"))?;
            let report = store.tbl_report(scope, &period, threshold).await?;
            store.close().await;
            let text = match format.as_str() {
                "csv" => report.to_csv(),
                "html" => bayanihan_web::pages::reports::render_file(lang, &report)?,
                _ => serde_json::to_string_pretty(&report)? + "\n",
            };
            match output {
                Some(path) => std::fs::write(&path, text)
                    .map_err(|e| format!("cannot write {}: {e}", path.display()))?,
                None => print!("{text}"),
            }
            Ok(())
        }
        Command::Obligations {
            command:
                ObligationsCommand::Export {
                    db,
                    network,
                    output,
                },
        } => {
            let store = open(&database(&db, &file)?).await?;
            let id = organization_named(&store, &network).await?;
            let csv = bayanihan_app::trade::obligations_csv(&store.network_obligations(id).await?);
            match output {
                Some(path) => std::fs::write(&path, csv)
                    .map_err(|e| format!("cannot write {}: {e}", path.display()))?,
                None => print!("{csv}"),
            }
            store.close().await;
            Ok(())
        }
        Command::Token { command } => match command {
            TokenCommand::Create { db, email, name } => {
                let store = open(&database(&db, &file)?).await?;
                let (email, id) = registered(&store, &email).await?;
                let t = bayanihan_app::account::issue_token(&store, id, &name).await?;
                println!("{}", t.token);
                eprintln!(
                    "API token \"{}\" for {email} ({}): keep it secret, it is shown only once.",
                    t.name, t.id
                );
                store.close().await;
                Ok(())
            }
        },
    }
}

/// The signing key's file: as given, else beside a SQLite database, else in the working folder.
fn signing_key_path(given: Option<PathBuf>, database: &str) -> PathBuf {
    const NAME: &str = "bayanihan-signing.key";
    given.unwrap_or_else(|| {
        database
            .strip_prefix("sqlite:")
            .map(|p| p.trim_start_matches("//").split('?').next().unwrap_or(""))
            .filter(|p| !p.is_empty() && !p.starts_with(":memory:"))
            .and_then(|p| std::path::Path::new(p).parent().map(|d| d.join(NAME)))
            .unwrap_or_else(|| PathBuf::from(NAME))
    })
}

pub(crate) fn database(db: &DbArgs, file: &FileConfig) -> Fallible<String> {
    db.database
        .clone()
        .or_else(|| file.database.clone())
        .ok_or_else(|| "no database given: pass --database sqlite:PATH or postgres://…, set BAYANIHAN_DATABASE, or name it in the config file".into())
}

/// An organization given by its id or its exact name; a name several organizations share is
/// refused (anyone may register a name: the operator's word must land on the one meant).
pub(crate) async fn organization_named(store: &Store, given: &str) -> Fallible<uuid::Uuid> {
    if let Ok(id) = uuid::Uuid::parse_str(given) {
        return Ok(store.organization(id).await?.id);
    }
    match store.organization_ids_named(given).await?.as_slice() {
        [] => Err(format!("no organization is named \"{given}\"").into()),
        [id] => Ok(*id),
        ids => Err(format!(
            "{} organizations are named \"{given}\": give the id of the one you mean ({})",
            ids.len(),
            ids.iter()
                .map(|i| i.to_string())
                .collect::<Vec<_>>()
                .join(", ")
        )
        .into()),
    }
}

/// The person registered with `--email`, or an error saying nobody is.
pub(crate) async fn registered(store: &Store, email: &str) -> Fallible<(Email, uuid::Uuid)> {
    let email = Email::parse(email).map_err(|e| format!("--email: {e}"))?;
    let id = store
        .person_id_by_email(&email)
        .await?
        .ok_or_else(|| format!("nobody is registered with e-mail {email}"))?;
    Ok((email, id))
}

/// Connects to a Bayanihan database without migrating it: the tools that read or sign the
/// books (`verify`, `backup`, `checkpoint`, `key`, `person`) may run beside a server of
/// another version, and must never change its schema under it. With `current`, the database
/// must be at this binary's schema version; otherwise at most at it.
pub(crate) async fn existing(url: &str, current: bool) -> Fallible<Store> {
    let store = Store::connect(url).await?;
    let (have, know) = (
        store.schema_version().await?,
        bayanihan_store::latest_version(),
    );
    let problem = if have == 0 {
        Some(format!("{url} holds no Bayanihan database"))
    } else if have > know {
        Some(format!("the database is at schema version {have}, newer than this binary knows ({know}): use the binary the server runs"))
    } else if current && have < know {
        Some(format!("the database is at schema version {have}, this binary's is {know}: back it up, then run `bayanihan migrate` (or use the binary the server runs)"))
    } else {
        None
    };
    match problem {
        Some(p) => {
            store.close().await;
            Err(p.into())
        }
        None => Ok(store),
    }
}

/// Connects and migrates.
async fn open(url: &str) -> Fallible<Store> {
    let store = Store::connect(url).await?;
    store.migrate().await?;
    Ok(store)
}

/// Reads a new password: asked twice on a terminal, one line from standard input otherwise.
fn read_new_password() -> Fallible<String> {
    use std::io::IsTerminal;
    let password = if std::io::stdin().is_terminal() {
        let p = rpassword::prompt_password("New password: ")?;
        let again = rpassword::prompt_password("Again: ")?;
        if p != again {
            return Err("the two passwords differ".into());
        }
        p
    } else {
        let mut line = String::new();
        std::io::stdin().read_line(&mut line)?;
        line.trim_end_matches(['\r', '\n']).to_string()
    };
    bayanihan_domain::person::check_new_password(&password).map_err(|e| format!("password {e}"))?;
    Ok(password)
}

async fn serve(
    store: Store,
    addr: SocketAddr,
    config: WebConfig,
    key: bayanihan_app::ledger::SigningKey,
    index: Option<bayanihan_app::murmurations::IndexSettings>,
) -> Fallible<()> {
    let listener = tokio::net::TcpListener::bind(addr)
        .await
        .map_err(|e| format!("cannot listen on {addr}: {e}"))?;
    let local = listener.local_addr()?;
    println!(
        "Serving on http://{local}/  (API: http://{local}/api/v1/openapi.json; stop with Ctrl-C)"
    );
    tracing::info!(%local, "listening");
    let state = AppState::new(store.clone(), config);
    // Once at start and then hourly: sign the day's ledger checkpoints when not done yet.
    let signer = store.clone();
    let checkpoints = tokio::spawn(async move {
        loop {
            match bayanihan_app::ledger::daily_checkpoint(&signer, &key).await {
                Ok(0) => {}
                Ok(n) => tracing::info!(n, "signed the day's ledger checkpoints"),
                Err(e) => {
                    tracing::error!(error = %e, "could not sign the day's ledger checkpoints")
                }
            }
            tokio::time::sleep(std::time::Duration::from_secs(3600)).await;
        }
    });
    // Seasons: every five minutes, make the lines of deliveries whose absences closed, repay
    // advances in kind for closed deliveries, charge wallets for closed cycles (each step is
    // done once; a close does them at once, this catches any it missed).
    let season_store = store.clone();
    let seasons = tokio::spawn(async move {
        loop {
            match bayanihan_app::seasons::tick(&season_store).await {
                Ok(0) => {}
                Ok(n) => tracing::info!(n, "season and wallet work done"),
                Err(e) => tracing::error!(error = %e, "season and wallet work failed"),
            }
            tokio::time::sleep(std::time::Duration::from_secs(300)).await;
        }
    });
    // Decisions close on time without any outside scheduler: every thirty seconds, close
    // those whose time is up (counting them and carrying out what passed). Closing is
    // idempotent, and a reader closes a due decision too, so none waits long.
    let decision_store = store.clone();
    let decisions = tokio::spawn(async move {
        loop {
            match bayanihan_app::governance::tick(&decision_store).await {
                Ok(0) => {}
                Ok(n) => tracing::info!(n, "decisions closed"),
                Err(e) => tracing::error!(error = %e, "closing decisions failed"),
            }
            tokio::time::sleep(std::time::Duration::from_secs(30)).await;
        }
    });
    // Registration with a Murmurations index: woken by publication changes, and every five
    // minutes for retries.
    let registrar = index.map(|settings| {
        let store = store.clone();
        let wake = state.murmurations.clone();
        tokio::spawn(async move {
            let http = bayanihan_app::murmurations::client();
            loop {
                match bayanihan_app::murmurations::sync_due(&store, &http, &settings).await {
                    Ok(s) if s == Default::default() => {}
                    Ok(s) => tracing::info!(?s, "murmurations index sync"),
                    Err(e) => tracing::error!(error = %e, "murmurations index sync failed"),
                }
                let _ = tokio::time::timeout(std::time::Duration::from_secs(300), wake.notified())
                    .await;
            }
        })
    });
    bayanihan_web::serve(listener, state, shutdown_signal()).await?;
    checkpoints.abort();
    seasons.abort();
    decisions.abort();
    if let Some(r) = registrar {
        r.abort();
    }
    store.close().await;
    tracing::info!("stopped");
    Ok(())
}

/// Resolves on Ctrl-C or SIGTERM, so requests in flight finish and the database closes cleanly.
async fn shutdown_signal() {
    let ctrl_c = async {
        let _ = tokio::signal::ctrl_c().await;
    };
    #[cfg(unix)]
    let term = async {
        match tokio::signal::unix::signal(tokio::signal::unix::SignalKind::terminate()) {
            Ok(mut s) => {
                s.recv().await;
            }
            Err(_) => std::future::pending::<()>().await,
        }
    };
    #[cfg(not(unix))]
    let term = std::future::pending::<()>();
    tokio::select! { _ = ctrl_c => {}, _ = term => {} }
    tracing::info!("shutting down: finishing requests in flight");
}
