//! Shared by the receiver's tests: databases (a SQLite temp file always, a fresh PostgreSQL
//! database when `KELISIM_TEST_POSTGRES_URL` is set), a real server on 127.0.0.1:0 in the test
//! process, sample records, and the `kelisim-receiver` binary.
#![allow(dead_code)]

use kelisim_receiver::server::{self, Options};
use kelisim_receiver::store::{NewRecord, Store};
use serde_json::{json, Value};
use std::sync::atomic::{AtomicU64, Ordering};
use std::time::{SystemTime, UNIX_EPOCH};

/// A database for one test.
pub struct Db {
    /// `sqlite` or `postgres`, for messages.
    pub label: &'static str,
    /// Its URL.
    pub url: String,
    _dir: Option<tempfile::TempDir>,
}

static COUNTER: AtomicU64 = AtomicU64::new(1);

fn nanos() -> u64 {
    SystemTime::now()
        .duration_since(UNIX_EPOCH)
        .unwrap()
        .as_nanos() as u64
}

/// A UUID v4-shaped id, unique in the test run.
pub fn uuid() -> String {
    let n = COUNTER.fetch_add(1, Ordering::Relaxed);
    let t = nanos();
    format!(
        "{:08x}-{:04x}-4{:03x}-8{:03x}-{:012x}",
        t as u32,
        (t >> 32) as u16,
        std::process::id() & 0xfff,
        (n >> 48) & 0xfff,
        n & 0xffff_ffff_ffff
    )
}

/// The databases to run a test against: SQLite always, PostgreSQL when
/// `KELISIM_TEST_POSTGRES_URL` names a server (each test gets a database of its own there).
pub async fn databases() -> Vec<Db> {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("consents.db");
    let mut dbs = vec![Db {
        label: "sqlite",
        url: format!("sqlite://{}", path.display()),
        _dir: Some(dir),
    }];
    if let Some(base) = std::env::var("KELISIM_TEST_POSTGRES_URL")
        .ok()
        .filter(|s| !s.is_empty())
    {
        sqlx::any::install_default_drivers();
        let admin = sqlx::AnyPool::connect(&base)
            .await
            .unwrap_or_else(|e| panic!("KELISIM_TEST_POSTGRES_URL={base}: {e}"));
        let name = format!(
            "kelisim_test_{}_{}",
            nanos(),
            COUNTER.fetch_add(1, Ordering::Relaxed)
        );
        sqlx::query(&format!("CREATE DATABASE {name}"))
            .execute(&admin)
            .await
            .unwrap();
        admin.close().await;
        // postgres://user@host:port[/db][?params] → postgres://user@host:port/<name>
        let head = base.split_once('?').map_or(base.as_str(), |(h, _)| h);
        let (scheme, rest) = head.split_once("://").unwrap();
        let server = format!(
            "{scheme}://{}",
            rest.split_once('/').map_or(rest, |(s, _)| s)
        );
        dbs.push(Db {
            label: "postgres",
            url: format!("{server}/{name}"),
            _dir: None,
        });
    }
    dbs
}

/// The PostgreSQL database of the run, or `None` (logged as skipped) when
/// KELISIM_TEST_POSTGRES_URL is not set.
pub async fn postgres() -> Option<Db> {
    let db = databases()
        .await
        .into_iter()
        .find(|d| d.label == "postgres");
    if db.is_none() {
        eprintln!("skipped: KELISIM_TEST_POSTGRES_URL is not set");
    }
    db
}

/// The options of a test server: the defaults, but any `client_time` accepted (the tests' records
/// are dated in the past, to have fixed expiry dates).
pub fn options() -> Options {
    Options {
        max_clock_skew: std::time::Duration::from_secs(100 * 365 * 86_400),
        ..Options::default()
    }
}

/// The names of the triggers that keep the ledger append-only, by backend.
fn triggers(url: &str) -> &'static str {
    if url.starts_with("postgres") {
        "DROP TRIGGER IF EXISTS consent_records_append_only ON consent_records;
         DROP TRIGGER IF EXISTS consent_checkpoints_append_only ON consent_checkpoints;
         DROP TRIGGER IF EXISTS consent_dropped_partitions_append_only ON consent_dropped_partitions"
    } else {
        "DROP TRIGGER IF EXISTS consent_records_no_update;
         DROP TRIGGER IF EXISTS consent_records_no_delete;
         DROP TRIGGER IF EXISTS consent_checkpoints_no_update;
         DROP TRIGGER IF EXISTS consent_checkpoints_no_delete"
    }
}

/// Drops the append-only triggers, as the database's owner could, to tamper with the ledger.
pub async fn drop_triggers(store: &Store) {
    let url = store.url().to_owned();
    for statement in triggers(&url).split(';') {
        sqlx::query(statement).execute(store.pool()).await.unwrap();
    }
}

/// A receiver running in this process.
pub struct Running {
    /// `http://127.0.0.1:PORT`.
    pub base: String,
    /// A client for it.
    pub client: reqwest::Client,
    shutdown: Option<tokio::sync::oneshot::Sender<()>>,
    task: Option<tokio::task::JoinHandle<anyhow::Result<()>>>,
}

impl Running {
    /// `base` + `path`.
    pub fn url(&self, path: &str) -> String {
        format!("{}{path}", self.base)
    }

    /// POSTs `body` as `application/json` to /consent.
    pub async fn post(&self, body: &str) -> reqwest::Response {
        self.client
            .post(self.url("/consent"))
            .header("content-type", "application/json")
            .body(body.to_owned())
            .send()
            .await
            .unwrap()
    }

    /// POSTs a record.
    pub async fn post_record(&self, record: &Value) -> reqwest::Response {
        self.post(&record.to_string()).await
    }

    /// POSTs every record at the same time; their HTTP statuses, in the order of `records`.
    pub async fn post_all(self: &std::sync::Arc<Self>, records: Vec<Value>) -> Vec<u16> {
        let mut tasks = Vec::new();
        for r in records {
            let server = self.clone();
            tasks.push(tokio::spawn(async move {
                server.post_record(&r).await.status().as_u16()
            }));
        }
        let mut statuses = Vec::new();
        for t in tasks {
            statuses.push(t.await.unwrap());
        }
        statuses
    }

    /// The text of `GET /metrics`.
    pub async fn metrics(&self) -> String {
        let answer = self.client.get(self.url("/metrics")).send().await.unwrap();
        answer.text().await.unwrap()
    }

    /// Stops the server and waits for it.
    pub async fn stop(mut self) {
        self.shutdown.take().unwrap().send(()).ok();
        self.task.take().unwrap().await.unwrap().unwrap();
    }
}

/// Starts a receiver on 127.0.0.1:0 storing into `url` (use [`options`], not the defaults, for
/// records dated in the past).
pub async fn start(url: &str, options: Options) -> Running {
    let store = Store::open(url, true).await.unwrap();
    let router = server::router(store, options).unwrap();
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let addr = listener.local_addr().unwrap();
    let (tx, rx) = tokio::sync::oneshot::channel::<()>();
    let task = tokio::spawn(server::serve(listener, router, async {
        rx.await.ok();
    }));
    Running {
        base: format!("http://{addr}"),
        client: reqwest::Client::new(),
        shutdown: Some(tx),
        task: Some(task),
    }
}

/// [`record`] as the store takes it, received from the origin `https://site.kz`.
pub fn new_record(consent_id: &str, client_time: &str) -> NewRecord {
    NewRecord::from_body(
        &record(consent_id, client_time).to_string(),
        "https://site.kz",
    )
}

/// A valid record of consent `consent_id`, given at `client_time`.
pub fn record(consent_id: &str, client_time: &str) -> Value {
    json!({
        "record_id": uuid(),
        "consent_id": consent_id,
        "previous_record_id": null,
        "event": "given",
        "action": "accept-all",
        "screen": "banner",
        "client_time": client_time,
        "revision": 1,
        "policy_version": "2025-06-01",
        "language": "kk",
        "texts_sha256": "5d41402abc4b2a76b9719d911017c5925d41402abc4b2a76b9719d911017c592",
        "categories": { "necessary": true, "analytics": true, "marketing": false },
        "services": { "ga": true },
        "operator_bin": "240740012077",
        "third_parties": true,
        "third_party_providers": ["Google LLC"],
        "cross_border": true,
        "cross_border_countries": ["DE"],
        "published": false,
        "expires": "2027-02-28T10:00:00Z",
        "page_url": "https://example.kz/",
        "user_agent": "Mozilla/5.0 (test)",
        "gpc": false,
        "kelisim_version": "0.1.0"
    })
}

/// A processing record (issue 13): one purpose of one of the site's forms.
pub fn processing_record(form: &str, purpose: &str, client_time: &str) -> Value {
    let mut r = record(&uuid(), client_time);
    r["kind"] = "processing".into();
    r["form"] = form.into();
    r["purpose"] = purpose.into();
    r["action"] = "submit".into();
    r["screen"] = "form".into();
    r["categories"] = json!({});
    r["services"] = json!({});
    r["third_party_providers"] = json!([]);
    r["expires"] = Value::Null;
    r
}

/// Runs the `kelisim-receiver` binary; returns (exit code, stdout, stderr).
pub async fn cli(args: &[&str]) -> (i32, String, String) {
    let out = tokio::process::Command::new(env!("CARGO_BIN_EXE_kelisim-receiver"))
        .args(args)
        .env_remove("KELISIM_DATABASE_URL")
        .output()
        .await
        .unwrap();
    (
        out.status.code().unwrap_or(-1),
        String::from_utf8_lossy(&out.stdout).into_owned(),
        String::from_utf8_lossy(&out.stderr).into_owned(),
    )
}

/// Runs raw SQL on the database (to tamper with it: the append-only triggers are dropped first).
pub async fn sql(url: &str, statement: &str) {
    let store = Store::open(url, false).await.unwrap();
    drop_triggers(&store).await;
    sqlx::query(statement).execute(store.pool()).await.unwrap();
    store.pool().close().await;
}

/// A `kelisim-receiver serve` process on 127.0.0.1 (a free port), its stderr collected.
pub struct Process {
    /// `http://127.0.0.1:PORT`.
    pub base: String,
    /// A client for it.
    pub client: reqwest::Client,
    /// The process.
    pub child: tokio::process::Child,
    /// Its stderr lines so far.
    pub log: std::sync::Arc<std::sync::Mutex<Vec<String>>>,
}

impl Process {
    /// POSTs a record to /consent; the status, or `None` when the connection failed.
    pub async fn post_record(&self, record: &Value) -> Option<u16> {
        self.client
            .post(format!("{}/consent", self.base))
            .header("content-type", "application/json")
            .body(record.to_string())
            .send()
            .await
            .ok()
            .map(|r| r.status().as_u16())
    }

    /// Sends SIGTERM.
    pub fn terminate(&self) {
        let pid = self.child.id().expect("running").to_string();
        let ok = std::process::Command::new("kill")
            .args(["-TERM", &pid])
            .status()
            .unwrap()
            .success();
        assert!(ok, "kill -TERM {pid}");
    }

    /// SIGTERM, then waits for the exit (30 s at most); returns the exit code.
    pub async fn stop(mut self) -> i32 {
        self.terminate();
        let status = tokio::time::timeout(std::time::Duration::from_secs(30), self.child.wait())
            .await
            .expect("the receiver did not stop within 30 s after SIGTERM")
            .unwrap();
        status.code().unwrap_or(-1)
    }
}

/// Starts `kelisim-receiver serve --addr 127.0.0.1:0 --database URL ARGS…` and waits until it
/// listens; any `client_time` is accepted (see [`options`]).
pub async fn spawn_serve(url: &str, args: &[&str]) -> Process {
    let mut all = vec!["--max-clock-skew-hours", "1000000"];
    all.extend_from_slice(args);
    spawn_serve_exactly(url, &all).await
}

/// [`spawn_serve`] with the receiver's own defaults.
pub async fn spawn_serve_exactly(url: &str, args: &[&str]) -> Process {
    use tokio::io::AsyncBufReadExt;
    let mut child = tokio::process::Command::new(env!("CARGO_BIN_EXE_kelisim-receiver"))
        .args(["serve", "--addr", "127.0.0.1:0", "--database", url])
        .args(args)
        .env_remove("KELISIM_DATABASE_URL")
        .stderr(std::process::Stdio::piped())
        .kill_on_drop(true)
        .spawn()
        .unwrap();
    let mut lines = tokio::io::BufReader::new(child.stderr.take().unwrap()).lines();
    let first = tokio::time::timeout(std::time::Duration::from_secs(30), lines.next_line())
        .await
        .expect("serve did not start within 30 s")
        .unwrap()
        .expect("serve exited before listening");
    // kelisim-receiver: POST http://127.0.0.1:PORT/consent → …
    let base = first
        .split_whitespace()
        .find_map(|w| w.strip_suffix("/consent"))
        .unwrap_or_else(|| panic!("unexpected first line: {first}"))
        .to_owned();
    let log = std::sync::Arc::new(std::sync::Mutex::new(vec![first]));
    let sink = log.clone();
    tokio::spawn(async move {
        while let Ok(Some(line)) = lines.next_line().await {
            sink.lock().unwrap().push(line);
        }
    });
    Process {
        base,
        client: reqwest::Client::new(),
        child,
        log,
    }
}
