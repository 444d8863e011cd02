//! `kelisim-receiver`: the command line of the reference receiver (`serve`, `verify`, `export`,
//! `verify-export`, `keygen`, `retain`).

use anyhow::{bail, Context, Result};
use clap::{Args, Parser, Subcommand};
use kelisim_receiver::server::{self, Options};
use kelisim_receiver::store::chain::{verify_export, ExportLine, ExportVerdict};
use kelisim_receiver::store::checkpoint::{self, CheckpointVerdict};
use kelisim_receiver::store::{redact, Store, Verdict};
use kelisim_receiver::writer::BatchOptions;
use std::io::Write;
use std::path::PathBuf;
use std::process::ExitCode;
use std::time::Duration;

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
    /// Prints the number of rows, "chain intact" and the head hash, or the row where the chain
    /// breaks and why: a hash mismatch means the row was altered, an id gap or a prev_hash that
    /// is not the previous row's hash means a row was deleted. With --key, also checks the
    /// signed checkpoints: a chain rewritten with fresh hashes up to a signed head, or cut
    /// short below it, fails.
    Verify(VerifyArgs),
    /// Writes the records received in a date range (inclusive, UTC) as JSON lines on stdout.
    Export(ExportArgs),
    /// Checks a ledger export (`export --ledger`) written by any kelisim receiver: each hash,
    /// each link, no id gap; exits 1 at the first broken line.
    VerifyExport(VerifyExportArgs),
    /// Makes an Ed25519 key for signed checkpoints: the secret key in FILE (keep it outside the
    /// database's host and backups), the public key in FILE.pub and on stdout.
    Keygen(KeygenArgs),
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
struct VerifyArgs {
    #[command(flatten)]
    db: DatabaseArgs,
    /// The checkpoints' public key (64 hex digits, or `keygen`'s FILE.pub): check every signed
    /// checkpoint against it and the chain.
    #[arg(long, value_name = "PUBLIC_KEY")]
    key: Option<String>,
    /// Also check the checkpoints of this file (JSON lines as `serve` logs them, kept outside
    /// the database): a checkpoint deleted from the database is still checked.
    #[arg(long, value_name = "FILE", requires = "key")]
    checkpoints: Option<PathBuf>,
}

#[derive(Args)]
struct VerifyExportArgs {
    /// The export (JSON lines); `-` for stdin.
    file: PathBuf,
}

#[derive(Args)]
struct KeygenArgs {
    /// Where to write the secret key (refused if it exists); the public key goes to FILE.pub.
    #[arg(long, value_name = "FILE")]
    out: PathBuf,
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
    /// Also serve this folder at / (the demo site), so one process serves pages and records;
    /// a file's precompressed copy beside it (`<file>.br`, `<file>.gz`) goes to a browser that
    /// accepts it.
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
    /// Enable /__test/fail, /__test/hang, /__test/records and /__test/receipts (browser tests only; exists
    /// only in a build with the cargo feature test-hooks).
    #[cfg(feature = "test-hooks")]
    #[arg(long)]
    test_hooks: bool,
    /// Refuse a record whose client_time is further than this from the receiver's clock.
    #[arg(long, default_value_t = 24, value_name = "HOURS")]
    max_clock_skew_hours: u64,
    /// Answer 408 to a client that has not sent its record's body within this time.
    #[arg(long, default_value_t = 10, value_name = "SECONDS")]
    body_timeout_secs: u64,
    /// Requests served at once; one more is answered 503 at once (0: no limit).
    #[arg(long, default_value_t = 1024)]
    concurrency: usize,
    /// After SIGTERM, how long requests in flight may take before the receiver exits anyway.
    #[arg(long, default_value_t = 10, value_name = "SECONDS")]
    shutdown_deadline_secs: u64,
    /// Sign the chain's head with this Ed25519 key (`keygen`) now and then, storing the
    /// checkpoint in consent_checkpoints and logging it; keep the key off the database's host.
    #[arg(long, value_name = "FILE")]
    checkpoint_key: Option<PathBuf>,
    /// How often to sign a checkpoint (when new rows were stored), and once at shutdown.
    #[arg(long, default_value_t = 60, value_name = "MINUTES", value_parser = clap::value_parser!(u64).range(1..))]
    checkpoint_every_minutes: u64,
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
    #[arg(long, conflicts_with = "ledger")]
    with_receipt: bool,
    /// Write the ledger's rows, every column, in the format all kelisim receivers share
    /// (docs/ledger-format.md), which `verify-export` checks.
    #[arg(long)]
    ledger: bool,
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
    let hooks_on = test_hooks_on(&args);
    let options = Options {
        cookie_name: args.cookie_name,
        cookie_domain: args.cookie_domain,
        cors_origins: args.cors_origins,
        static_dir: args.static_dir.clone(),
        #[cfg(feature = "test-hooks")]
        test_hooks: args.test_hooks,
        #[cfg(not(feature = "test-hooks"))]
        test_hooks: false,
        max_clock_skew: Duration::from_secs(args.max_clock_skew_hours.saturating_mul(3600)),
        body_timeout: Duration::from_secs(args.body_timeout_secs),
        concurrency: args.concurrency,
        batch: BatchOptions {
            max_batch: args.batch_max as usize,
            max_wait: Duration::from_millis(args.batch_wait_ms),
            in_flight: args.batch_in_flight as usize,
        },
        rate_limit: args.rate_limit,
    };
    if args.retention_months.is_some() && !store.partitioned() {
        bail!("--retention-months needs PostgreSQL (monthly partitions)");
    }
    let key = match &args.checkpoint_key {
        Some(path) => Some(checkpoint::read_signing_key(path)?),
        None => None,
    };
    let (router, writer) = server::app(store, options)?;
    let listener = tokio::net::TcpListener::bind(&args.addr)
        .await
        .with_context(|| format!("cannot listen on {}", args.addr))?;
    let addr = listener.local_addr()?;
    eprintln!(
        "kelisim-receiver: POST http://{addr}/consent → {}{}{}",
        redact(&args.db.database),
        args.static_dir
            .as_ref()
            .map(|d| format!(", serving {} at http://{addr}/", d.display()))
            .unwrap_or_default(),
        if hooks_on { ", test hooks ON" } else { "" }
    );
    let signer = key.clone().map(|key| {
        let url = args.db.database.clone();
        let every = Duration::from_secs(args.checkpoint_every_minutes * 60);
        tokio::spawn(async move {
            // Every `every`, and once more at shutdown (below): a checkpoint signed at start
            // would race the first records.
            loop {
                tokio::time::sleep(every).await;
                sign_checkpoint(&url, &key).await;
            }
        })
    });
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
    let deadline = Duration::from_secs(args.shutdown_deadline_secs);
    let (stopping, mut stopped) = tokio::sync::watch::channel(false);
    let served = server::serve(listener, router, async move {
        shutdown_signal().await;
        let _ = stopping.send(true);
    });
    tokio::pin!(served);
    let served = tokio::select! {
        served = &mut served => served,
        _ = async {
            let _ = stopped.wait_for(|s| *s).await;
            tokio::time::sleep(deadline).await;
        } => {
            eprintln!(
                "kelisim-receiver: requests still in flight {} s after the signal are dropped \
                 (their clients send them again)",
                deadline.as_secs()
            );
            Ok(())
        }
    };
    for task in [retention, signer].into_iter().flatten() {
        task.abort();
    }
    // The server has answered every in-flight request; the writer stores what is queued.
    if tokio::time::timeout(deadline, writer).await.is_err() {
        eprintln!("kelisim-receiver: the writer did not finish within the shutdown deadline");
    }
    if let Some(key) = &key {
        sign_checkpoint(&args.db.database, key).await;
    }
    eprintln!("kelisim-receiver: stopped");
    served
}

fn test_hooks_on(_args: &ServeArgs) -> bool {
    #[cfg(feature = "test-hooks")]
    return _args.test_hooks;
    #[cfg(not(feature = "test-hooks"))]
    false
}

/// Signs the head if it moved, and logs the checkpoint as one JSON line (keep the log: it is the
/// copy of the checkpoints outside the database, for `verify --checkpoints`).
async fn sign_checkpoint(url: &str, key: &ed25519_dalek::SigningKey) {
    let signed = match Store::open(url, false).await {
        Ok(store) => {
            let signed = store.sign_head(key).await;
            store.pool().close().await;
            signed
        }
        Err(e) => Err(e),
    };
    match signed {
        Ok(Some(c)) => eprintln!("{}", serde_json::json!({ "checkpoint": c })),
        Ok(None) => {}
        Err(e) => eprintln!("kelisim-receiver: checkpoint: {e:#}"),
    }
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

async fn verify(args: VerifyArgs) -> Result<ExitCode> {
    let store = Store::open(&args.db.database, false).await?;
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
            let Some(key) = &args.key else {
                println!(
                    "checkpoints not checked (no --key): a chain rewritten with fresh hashes, or \
                     cut short, would pass"
                );
                return Ok(ExitCode::SUCCESS);
            };
            let key = checkpoint::read_public_key(key)?;
            let mut checkpoints = store.checkpoints().await?;
            if let Some(path) = &args.checkpoints {
                let text = std::fs::read_to_string(path)
                    .with_context(|| format!("cannot read {}", path.display()))?;
                for (n, line) in text.lines().enumerate() {
                    let v: serde_json::Value = serde_json::from_str(line).unwrap_or_default();
                    // A log line ({"checkpoint": …}) or a bare checkpoint; other log lines pass.
                    let c = if v.get("checkpoint").is_some() {
                        &v["checkpoint"]
                    } else {
                        &v
                    };
                    if let Ok(c) = serde_json::from_value::<checkpoint::Checkpoint>(c.clone()) {
                        checkpoints.push(c);
                    } else if v.get("checkpoint").is_some() {
                        bail!("{} line {}: not a checkpoint", path.display(), n + 1);
                    }
                }
            }
            match store.check_checkpoints(&checkpoints, &key).await? {
                CheckpointVerdict::Hold { count: 0, .. } => {
                    println!("no checkpoint signed by this key: nothing vouches for the chain");
                    Ok(ExitCode::from(1))
                }
                CheckpointVerdict::Hold {
                    count,
                    last: Some(last),
                } => {
                    println!(
                        "{count} checkpoints signed by the key hold; the last signs row {} \
                         ({}) at {}",
                        last.row_id, last.head_hash, last.signed_at
                    );
                    let head_id = rows as i64 + dropped.iter().map(|d| d.rows).sum::<i64>();
                    if head_id > last.row_id {
                        println!(
                            "rows {} to {head_id} are after the last checkpoint: not yet signed",
                            last.row_id + 1
                        );
                    }
                    Ok(ExitCode::SUCCESS)
                }
                CheckpointVerdict::Hold { .. } => Ok(ExitCode::SUCCESS),
                CheckpointVerdict::Broken {
                    checkpoint,
                    problem,
                } => {
                    println!(
                        "checkpoint of row {} signed at {} fails: {problem}",
                        checkpoint.row_id, checkpoint.signed_at
                    );
                    Ok(ExitCode::from(1))
                }
            }
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

fn verify_export_file(args: VerifyExportArgs) -> Result<ExitCode> {
    use std::io::BufRead;
    let reader: Box<dyn BufRead> = if args.file.as_os_str() == "-" {
        Box::new(std::io::BufReader::new(std::io::stdin()))
    } else {
        Box::new(std::io::BufReader::new(
            std::fs::File::open(&args.file)
                .with_context(|| format!("cannot open {}", args.file.display()))?,
        ))
    };
    match verify_export(reader.lines())? {
        ExportVerdict::Intact {
            rows,
            first_id,
            from_genesis,
            head,
        } => {
            let whole = if from_genesis || rows == 0 {
                "the whole ledger from its first row".to_owned()
            } else {
                format!("a range from row {first_id} (its first prev_hash taken as given)")
            };
            println!("{rows} rows, chain intact; {whole}; head hash {head}");
            Ok(ExitCode::SUCCESS)
        }
        ExportVerdict::Broken { line, problem } => {
            println!("broken at line {line}: {problem}");
            Ok(ExitCode::from(1))
        }
    }
}

fn keygen(args: KeygenArgs) -> Result<()> {
    let key = checkpoint::generate()?;
    let public = checkpoint::public_key_text(&key.verifying_key());
    let mut options = std::fs::OpenOptions::new();
    options.write(true).create_new(true);
    #[cfg(unix)]
    std::os::unix::fs::OpenOptionsExt::mode(&mut options, 0o600);
    let mut file = options
        .open(&args.out)
        .with_context(|| format!("cannot create {} (it must not exist)", args.out.display()))?;
    file.write_all(checkpoint::signing_key_text(&key).as_bytes())?;
    let mut pub_path = args.out.clone().into_os_string();
    pub_path.push(".pub");
    std::fs::write(&pub_path, format!("{public}\n"))?;
    println!("{public}");
    eprintln!(
        "secret key in {} (serve --checkpoint-key), public key in {} (verify --key)",
        args.out.display(),
        PathBuf::from(pub_path).display()
    );
    Ok(())
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
            if args.ledger {
                let line = serde_json::to_string(&ExportLine::from(row))?;
                writeln!(out, "{line}")?;
                return Ok(true);
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
        Command::VerifyExport(a) => verify_export_file(a),
        Command::Keygen(a) => keygen(a).map(|()| ExitCode::SUCCESS),
    };
    result.unwrap_or_else(|e| {
        eprintln!("kelisim-receiver: {e:#}");
        ExitCode::from(2)
    })
}
