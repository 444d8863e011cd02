//! `kelisim-receiver`: the command line of the reference receiver (`serve`, `verify`, `export`).

use anyhow::{bail, Context, Result};
use clap::{Args, Parser, Subcommand};
use kelisim_receiver::server::{self, Options};
use kelisim_receiver::store::{redact, Store, Verdict};
use kelisim_receiver::writer::BatchOptions;
use std::io::Write;
use std::path::PathBuf;
use std::process::ExitCode;

/// Receives kelisim consent records, stores them append-only in a hash chain, verifies and
/// exports them.
#[derive(Parser)]
#[command(name = "kelisim-receiver", version, about, long_about = None)]
struct Cli {
    #[command(subcommand)]
    command: Command,
}

#[derive(Subcommand)]
enum Command {
    /// Serves POST /consent (and, with --static, a folder at /).
    ///
    /// Each record is validated against the consent record schema and stored once per record id
    /// (201 the first time, 200 for a repeat). The answer re-issues the consent cookie for 13
    /// months. One log line per request goes to stderr.
    Serve(ServeArgs),
    /// Walks the hash chain from the first row; exits 1 at the first broken link.
    ///
    /// Prints the number of rows, "chain intact" and the head hash (note it elsewhere: removing
    /// the last rows can only be seen by comparing with a head noted before), or the row where
    /// the chain breaks and why: a hash mismatch means the row was altered, an id gap or a
    /// prev_hash that is not the previous row's hash means a row was deleted.
    Verify(DatabaseArgs),
    /// Writes the records received in a date range (inclusive, UTC) as JSON lines on stdout.
    Export(ExportArgs),
    /// Applies a retention period (PostgreSQL): drops the monthly partitions older than it.
    ///
    /// A month's partition is dropped once the month ended at least --months months before the
    /// current month began. Its first and last ids and hashes are kept in
    /// consent_dropped_partitions, so `verify` still checks the rows after it, and lists it.
    Retain(RetainArgs),
}

#[derive(Args)]
struct RetainArgs {
    #[command(flatten)]
    db: DatabaseArgs,
    /// The retention period in months (the site's: as long as the consent is needed as proof).
    #[arg(long)]
    months: u32,
}

#[derive(Args)]
struct DatabaseArgs {
    /// sqlite://FILE (or a plain path) or postgres://USER[:PASSWORD]@HOST[:PORT]/DB.
    #[arg(
        long,
        env = "KELISIM_DATABASE_URL",
        default_value = "sqlite://consents.db"
    )]
    database: String,
}

#[derive(Args)]
struct ServeArgs {
    /// Address to listen on.
    #[arg(long, default_value = "127.0.0.1:8787")]
    addr: String,
    #[command(flatten)]
    db: DatabaseArgs,
    /// Also serve this folder at / (the demo site), so one process serves pages and records.
    #[arg(long = "static", value_name = "DIR")]
    static_dir: Option<PathBuf>,
    /// Name of the consent cookie re-issued (the site configuration's cookie.name).
    #[arg(long, default_value = "kelisim")]
    cookie_name: String,
    /// Domain attribute of the re-issued cookie (default: host-only).
    #[arg(long)]
    cookie_domain: Option<String>,
    /// Origin allowed to POST cross-origin, e.g. https://example.kz (repeatable); * allows any
    /// origin without credentials (the default).
    #[arg(long = "cors-origin", value_name = "ORIGIN|*")]
    cors_origins: Vec<String>,
    /// Enable /__test/fail, /__test/records and /__test/receipts (browser tests only: never in
    /// production).
    #[arg(long)]
    test_hooks: bool,
    /// Group commit: at most this many records in one transaction.
    #[arg(long, default_value_t = 256, value_parser = clap::value_parser!(u32).range(1..=10_000))]
    batch_max: u32,
    /// Group commit: how long the writer may wait for more records once it has one, in
    /// milliseconds (0: it takes what queued while the last transaction committed, no wait).
    #[arg(long, default_value_t = 0)]
    batch_wait_ms: u64,
    /// Group commit, PostgreSQL: transactions in flight at once (the next waits for the chain
    /// lock while one commits). SQLite always has one.
    #[arg(long, default_value_t = 2, value_parser = clap::value_parser!(u32).range(1..=8))]
    batch_in_flight: u32,
    /// Per-client limit of POST /consent: requests per second from one peer IP address, with
    /// bursts of twice that; 0 disables it (the load benchmark does). Behind a reverse proxy
    /// every client has the proxy's address: limit there instead, and set 0 here.
    #[arg(long, default_value_t = 100, value_name = "PER_SECOND")]
    rate_limit: u32,
    /// PostgreSQL: drop monthly partitions older than this many months, at start and then daily
    /// (as `retain --months`). Default: keep everything.
    #[arg(long, value_name = "MONTHS")]
    retention_months: Option<u32>,
}

#[derive(Args)]
struct ExportArgs {
    #[command(flatten)]
    db: DatabaseArgs,
    /// First day, YYYY-MM-DD (UTC, inclusive); default: the beginning.
    #[arg(long)]
    from: Option<String>,
    /// Last day, YYYY-MM-DD (UTC, inclusive); default: the end.
    #[arg(long)]
    to: Option<String>,
    /// Write {"id", "received_at", "hash", "record"} per line instead of the bare record.
    #[arg(long)]
    with_receipt: bool,
    /// Only records of this kind: `cookies` (the banner's; records without `kind` too) or
    /// `processing` (the site's forms).
    #[arg(long, value_parser = ["cookies", "processing"])]
    kind: Option<String>,
    /// Only processing records of this form (its `data-kelisim-form` id).
    #[arg(long)]
    form: Option<String>,
    /// Only processing records of this purpose (its id in the configuration's `forms`).
    #[arg(long)]
    purpose: Option<String>,
}

fn day(value: Option<&str>, default: &str, flag: &str) -> Result<String> {
    let Some(day) = value else {
        return Ok(default.to_owned());
    };
    if kelisim::time::parse_instant(&format!("{day}T00:00:00Z")).is_none() {
        bail!("--{flag} {day:?} is not a date such as 2026-01-31");
    }
    Ok(day.to_owned())
}

async fn shutdown_signal() {
    let ctrl_c = async {
        let _ = tokio::signal::ctrl_c().await;
    };
    #[cfg(unix)]
    let term = async {
        if let Ok(mut s) = tokio::signal::unix::signal(tokio::signal::unix::SignalKind::terminate())
        {
            s.recv().await;
        }
    };
    #[cfg(not(unix))]
    let term = std::future::pending::<()>();
    tokio::select! { _ = ctrl_c => {}, _ = term => {} }
}

async fn serve(args: ServeArgs) -> Result<()> {
    if let Some(dir) = &args.static_dir {
        if !dir.is_dir() {
            bail!("--static {}: not a folder", dir.display());
        }
    }
    let store = Store::open(&args.db.database, true).await?;
    let options = Options {
        cookie_name: args.cookie_name,
        cookie_domain: args.cookie_domain,
        cors_origins: args.cors_origins,
        static_dir: args.static_dir.clone(),
        test_hooks: args.test_hooks,
        batch: BatchOptions {
            max_batch: args.batch_max as usize,
            max_wait: std::time::Duration::from_millis(args.batch_wait_ms),
            in_flight: args.batch_in_flight as usize,
        },
        rate_limit: args.rate_limit,
    };
    if args.retention_months.is_some() && !store.partitioned() {
        bail!("--retention-months needs PostgreSQL (monthly partitions)");
    }
    let (router, writer) = server::app(store, options)?;
    let listener = tokio::net::TcpListener::bind(&args.addr)
        .await
        .with_context(|| format!("cannot listen on {}", args.addr))?;
    let addr = listener.local_addr()?;
    eprintln!(
        "kelisim-receiver: POST http://{addr}/consent → {}{}{}",
        redact(&args.db.database),
        args.static_dir
            .map(|d| format!(", serving {} at http://{addr}/", d.display()))
            .unwrap_or_default(),
        if args.test_hooks {
            ", test hooks ON"
        } else {
            ""
        }
    );
    let retention = match args.retention_months {
        Some(months) => {
            let url = args.db.database.clone();
            Some(tokio::spawn(async move {
                loop {
                    match Store::open(&url, false).await {
                        Ok(s) => match s.apply_retention(months, None).await {
                            Ok(dropped) => {
                                for d in dropped {
                                    eprintln!("{}", dropped_json(&d));
                                }
                            }
                            Err(e) => eprintln!("kelisim-receiver: retention: {e:#}"),
                        },
                        Err(e) => eprintln!("kelisim-receiver: retention: {e:#}"),
                    }
                    tokio::time::sleep(std::time::Duration::from_secs(86_400)).await;
                }
            }))
        }
        None => None,
    };
    let served = server::serve(listener, router, shutdown_signal()).await;
    if let Some(task) = retention {
        task.abort();
    }
    // The server has answered every in-flight request; the writer stores what is queued.
    let _ = writer.await;
    eprintln!("kelisim-receiver: stopped");
    served
}

fn dropped_json(d: &kelisim_receiver::store::Dropped) -> serde_json::Value {
    serde_json::json!({
        "time": kelisim_receiver::store::now_rfc3339(),
        "retention": "dropped",
        "month": d.month,
        "rows": d.rows,
        "first_id": d.ids.map(|i| i.0),
        "last_id": d.ids.map(|i| i.1),
        "last_hash": d.last_hash,
        "retention_months": d.retention_months,
    })
}

fn describe_dropped(d: &kelisim_receiver::store::Dropped) -> String {
    let rows = match d.ids {
        Some((first, last)) => format!(
            "rows {first} to {last} ({} rows), last hash {}",
            d.rows,
            d.last_hash.as_deref().unwrap_or("?")
        ),
        None => "no rows".to_owned(),
    };
    format!(
        "dropped: month {} ({rows}) at {} by a retention of {} months",
        d.month, d.dropped_at, d.retention_months
    )
}

async fn retain(args: RetainArgs) -> Result<()> {
    let store = Store::open(&args.db.database, false).await?;
    let dropped = store.apply_retention(args.months, None).await?;
    if dropped.is_empty() {
        println!("nothing older than {} months", args.months);
    }
    for d in &dropped {
        println!("{}", describe_dropped(d));
    }
    Ok(())
}

async fn verify(args: DatabaseArgs) -> Result<ExitCode> {
    let store = Store::open(&args.database, false).await?;
    let dropped = store.dropped().await?;
    match store.verify().await? {
        Verdict::Intact { rows, head } => {
            println!("{rows} rows, chain intact; head hash {head}");
            for d in &dropped {
                println!("{}", describe_dropped(d));
            }
            if let Some((record_id, n)) = store.duplicate_record_id().await? {
                println!("record_id {record_id} is stored {n} times");
                return Ok(ExitCode::from(1));
            }
            println!("every record id stored once");
            Ok(ExitCode::SUCCESS)
        }
        Verdict::Broken {
            intact_rows,
            id,
            record_id,
            problem,
        } => {
            println!("chain broken at row id {id} (record_id {record_id}): {problem}");
            println!("{intact_rows} rows before it are intact");
            Ok(ExitCode::from(1))
        }
    }
}

async fn export(args: ExportArgs) -> Result<()> {
    let from = day(args.from.as_deref(), "0000-01-01", "from")?;
    let to = day(args.to.as_deref(), "9999-12-31", "to")?;
    if from > to {
        bail!("--from {from} is after --to {to}");
    }
    let filter = kelisim_receiver::RecordFilter {
        kind: args.kind.clone(),
        form: args.form.clone(),
        purpose: args.purpose.clone(),
    };
    let store = Store::open(&args.db.database, false).await?;
    let stdout = std::io::stdout();
    let mut out = std::io::BufWriter::new(stdout.lock());
    let n = store
        .export(&from, &to, |row| {
            if !filter.matches(&row.body) {
                return Ok(false);
            }
            let record = kelisim_receiver::one_line(&row.body);
            if args.with_receipt {
                writeln!(
                    out,
                    r#"{{"id":{},"received_at":"{}","hash":"{}","record":{record}}}"#,
                    row.id, row.received_at, row.hash
                )?;
            } else {
                writeln!(out, "{record}")?;
            }
            Ok(true)
        })
        .await?;
    out.flush()?;
    eprintln!("{n} records received from {from} to {to}");
    Ok(())
}

#[tokio::main]
async fn main() -> ExitCode {
    let cli = Cli::parse();
    let result = match cli.command {
        Command::Serve(a) => serve(a).await.map(|()| ExitCode::SUCCESS),
        Command::Verify(a) => verify(a).await,
        Command::Export(a) => export(a).await.map(|()| ExitCode::SUCCESS),
        Command::Retain(a) => retain(a).await.map(|()| ExitCode::SUCCESS),
    };
    result.unwrap_or_else(|e| {
        eprintln!("kelisim-receiver: {e:#}");
        ExitCode::from(2)
    })
}
