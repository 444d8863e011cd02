//! The append-only store of consent records: one table, one hash chain, SQLite or PostgreSQL.
//!
//! Table `consent_records`, one row per record, never updated nor deleted by the receiver:
//!
//! | column        | content                                                              |
//! |---------------|----------------------------------------------------------------------|
//! | `id`          | 1, 2, 3… without gaps (assigned by the receiver, see below)          |
//! | `record_id`   | the record's `record_id` (a repeated record is stored once)           |
//! | `consent_id`  | the record's `consent_id` (indexed, to find a visitor's records)      |
//! | `received_at` | when the receiver stored it, RFC 3339 UTC with milliseconds          |
//! | `body`        | the exact JSON text received                                         |
//! | `prev_hash`   | the previous row's `hash`; 64 zeros for the first row                |
//! | `hash`        | SHA-256 hex of `prev_hash + "\n" + received_at + "\n" + body`        |
//!
//! Altering a row's `received_at` or `body` breaks its `hash`; rewriting that hash too breaks the
//! next row's `prev_hash`; deleting a row leaves a gap in `id` and breaks the next `prev_hash`.
//! [`Store::verify`] walks the chain and names the first broken link. Ids are assigned as the last
//! id + 1 inside the insert's transaction rather than by a database sequence, because a
//! PostgreSQL sequence skips values on rolled-back inserts, and a gap must mean a deletion.
//! What the chain cannot show is the removal of the *last* rows: keep the head hash that
//! `verify` prints somewhere else (a log, a daily e-mail) to detect that too.
//!
//! Records are appended in batches ([`Store::append_batch`], fed by the group-commit writer of
//! [`crate::writer`]): one transaction per batch, which on PostgreSQL first takes the advisory
//! lock [`CHAIN_LOCK`] and on SQLite begins `IMMEDIATE`, then reads which record ids are stored,
//! the last row, and inserts the batch. Every writer of the database, in this process or
//! another, is serialised that way: one chain, in commit order. A writer of an older version
//! (no lock) conflicts on a unique key where there is one and is retried.
//!
//! On PostgreSQL the table is partitioned by month of `received_at` (`consent_records_yYYYYmMM`);
//! a partitioned table cannot have a UNIQUE constraint without the partition key, so `record_id`
//! and `prev_hash` are only indexed there: the lock keeps them unique, [`Store::verify`] and
//! [`Store::duplicate_record_id`] check. [`Store::apply_retention`] drops whole months and keeps
//! their first and last ids and hashes in `consent_dropped_partitions`, from which `verify`
//! resumes the chain.
//!
//! The same SQL serves both databases through `sqlx::Any`, apart from the `CREATE TABLE`s and the
//! JSON functions of the batch statements.

use anyhow::{bail, Context, Result};
use sha2::{Digest, Sha256};
use sqlx::any::{AnyPoolOptions, AnyRow};
use sqlx::{AnyPool, Row};
use std::time::{SystemTime, UNIX_EPOCH};

/// The `prev_hash` of the first row.
pub const GENESIS: &str = "0000000000000000000000000000000000000000000000000000000000000000";

/// How many rows `verify` and `export` read at a time.
const PAGE: i64 = 1000;

/// Which database a URL names.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Backend {
    /// A SQLite file (`sqlite://consents.db`, or a plain path).
    Sqlite,
    /// A PostgreSQL server (`postgres://user@host:port/db`).
    Postgres,
}

/// The database URL sqlx is given, and its backend. A plain path is a SQLite file; with
/// `create`, a SQLite file is created when missing (`mode=rwc`).
pub fn database_url(url: &str, create: bool) -> Result<(String, Backend)> {
    if url.starts_with("postgres://") || url.starts_with("postgresql://") {
        return Ok((url.to_owned(), Backend::Postgres));
    }
    let url = if url.starts_with("sqlite:") {
        url.to_owned()
    } else if !url.contains("://") && !url.is_empty() {
        format!("sqlite://{url}")
    } else {
        bail!(
            "unsupported database URL `{url}`: use sqlite://FILE or postgres://USER@HOST:PORT/DB"
        );
    };
    let has_mode = url
        .split_once('?')
        .is_some_and(|(_, q)| q.split('&').any(|p| p.starts_with("mode=")));
    let url = match (create && !has_mode, url.contains('?')) {
        (false, _) => url,
        (true, true) => format!("{url}&mode=rwc"),
        (true, false) => format!("{url}?mode=rwc"),
    };
    Ok((url, Backend::Sqlite))
}

/// A URL fit for messages: the password of a PostgreSQL URL is hidden.
pub fn redact(url: &str) -> String {
    let Some((scheme, rest)) = url.split_once("://") else {
        return url.to_owned();
    };
    let Some((userinfo, host)) = rest.split_once('@') else {
        return url.to_owned();
    };
    match userinfo.split_once(':') {
        Some((user, _)) => format!("{scheme}://{user}:***@{host}"),
        None => url.to_owned(),
    }
}

/// SHA-256 hex of `prev_hash + "\n" + received_at + "\n" + body`: a row's `hash`.
pub fn chain_hash(prev_hash: &str, received_at: &str, body: &str) -> String {
    let mut h = Sha256::new();
    h.update(prev_hash.as_bytes());
    h.update(b"\n");
    h.update(received_at.as_bytes());
    h.update(b"\n");
    h.update(body.as_bytes());
    h.finalize().iter().map(|b| format!("{b:02x}")).collect()
}

/// Now, in RFC 3339 UTC with milliseconds: `2026-01-31T10:00:00.123Z`.
pub fn now_rfc3339() -> String {
    let now = SystemTime::now()
        .duration_since(UNIX_EPOCH)
        .unwrap_or_default();
    let second = kelisim::time::DateTime::from_unix(now.as_secs() as i64).rfc3339();
    format!(
        "{}.{:03}Z",
        second.trim_end_matches('Z'),
        now.subsec_millis()
    )
}

/// What [`Store::append`] did.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Appended {
    /// A new row.
    Stored {
        /// Its id.
        id: i64,
        /// When it was stored.
        received_at: String,
        /// Its hash.
        hash: String,
    },
    /// The record id was already stored (in row `id`): nothing new.
    Repeat {
        /// The row holding it.
        id: i64,
    },
}

/// One stored row.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct StoredRow {
    /// Position in the chain, from 1.
    pub id: i64,
    /// The record's id.
    pub record_id: String,
    /// When it was stored.
    pub received_at: String,
    /// The exact JSON text received.
    pub body: String,
    /// The previous row's hash.
    pub prev_hash: String,
    /// This row's hash.
    pub hash: String,
}

impl StoredRow {
    fn from_row(row: &AnyRow) -> Result<StoredRow, sqlx::Error> {
        Ok(StoredRow {
            id: row.try_get("id")?,
            record_id: row.try_get("record_id")?,
            received_at: row.try_get("received_at")?,
            body: row.try_get("body")?,
            prev_hash: row.try_get("prev_hash")?,
            hash: row.try_get("hash")?,
        })
    }
}

/// What [`Store::verify`] found.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Verdict {
    /// Every link holds.
    Intact {
        /// How many rows.
        rows: u64,
        /// The last row's hash (the genesis hash when empty): note it elsewhere.
        head: String,
    },
    /// The first broken link.
    Broken {
        /// How many rows before it are intact.
        intact_rows: u64,
        /// The row where the chain breaks.
        id: i64,
        /// Its record id.
        record_id: String,
        /// What is wrong, and what it means.
        problem: String,
    },
}

/// A record to append: what the writer gets from a request.
#[derive(Clone, Debug)]
pub struct NewRecord {
    /// The record's `record_id`.
    pub record_id: String,
    /// The record's `consent_id`.
    pub consent_id: String,
    /// The exact JSON text received.
    pub body: String,
    /// The record's `client_time` in Unix seconds (to tell whether a later record of the same
    /// consent is stored already), when known.
    pub given_unix: Option<i64>,
}

/// What [`Store::append_batch`] did with one record of the batch.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct BatchResult {
    /// Stored, or a repeat.
    pub appended: Appended,
    /// Whether a record of the same consent with a later `client_time` is stored (in an earlier
    /// transaction or in this batch): the consent cookie must then not be re-issued.
    pub superseded: bool,
}

/// A partition dropped by [`Store::apply_retention`], as kept in `consent_dropped_partitions`.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Dropped {
    /// `YYYY-MM`.
    pub month: String,
    /// The rows it held: first and last id (none when it was empty).
    pub ids: Option<(i64, i64)>,
    /// How many rows it held.
    pub rows: i64,
    /// The `prev_hash` of its first row: the previous partition's last hash.
    pub first_prev_hash: Option<String>,
    /// The hash of its last row: the anchor of the next partition's first row.
    pub last_hash: Option<String>,
    /// When it was dropped (RFC 3339 UTC).
    pub dropped_at: String,
    /// The retention period applied, in months.
    pub retention_months: i64,
}

/// A row of `consent_dropped_partitions`.
type DroppedRow = (
    String,
    Option<i64>,
    Option<i64>,
    i64,
    Option<String>,
    Option<String>,
    String,
    i64,
);

/// The PostgreSQL advisory lock key taken by every transaction that extends the chain (and by
/// partition maintenance): "kelisim" in ASCII. All receivers on one database take it, so the
/// chain has one order, the commit order.
pub const CHAIN_LOCK: i64 = 0x6b_656c_6973_696d;

/// The store: a connection pool, and on PostgreSQL the layout (monthly partitions or a plain
/// table made by an earlier version) and the months whose partition is known to exist.
pub struct Store {
    pool: AnyPool,
    url: String,
    backend: Backend,
    partitioned: bool,
    months: std::sync::Mutex<std::collections::HashSet<String>>,
}

const COLUMNS: &str = "id, record_id, received_at, body, prev_hash, hash";

/// `YYYY-MM` of an RFC 3339 time.
fn month_of(at: &str) -> String {
    at.get(..7).unwrap_or("0000-00").to_owned()
}

/// The month after `YYYY-MM`.
pub fn next_month(month: &str) -> String {
    let y: i32 = month.get(..4).and_then(|s| s.parse().ok()).unwrap_or(0);
    let m: u32 = month.get(5..7).and_then(|s| s.parse().ok()).unwrap_or(1);
    if m >= 12 {
        format!("{:04}-01", y + 1)
    } else {
        format!("{y:04}-{:02}", m + 1)
    }
}

/// `YYYY-MM` minus `n` months.
pub fn months_before(month: &str, n: u32) -> String {
    let y: i64 = month.get(..4).and_then(|s| s.parse().ok()).unwrap_or(0);
    let m: i64 = month.get(5..7).and_then(|s| s.parse().ok()).unwrap_or(1);
    let total = y * 12 + (m - 1) - i64::from(n);
    format!(
        "{:04}-{:02}",
        total.div_euclid(12),
        total.rem_euclid(12) + 1
    )
}

/// The partition holding `YYYY-MM`: `consent_records_y2026m01`.
pub fn partition_name(month: &str) -> String {
    format!(
        "consent_records_y{}m{}",
        month.get(..4).unwrap_or("0000"),
        month.get(5..7).unwrap_or("00")
    )
}

impl Store {
    /// Opens the database at `url`. With `create` (the `serve` command), a missing SQLite file
    /// is created and the tables made if missing; otherwise the table must exist.
    pub async fn open(url: &str, create: bool) -> Result<Store> {
        Store::open_with(url, create, false).await
    }

    /// The group-commit writer's store: on SQLite its connections never checkpoint the WAL
    /// themselves (a commit would pay for copying pages to the database file now and then);
    /// [`Store::checkpoint`] does it in the background instead.
    pub async fn open_writer(url: &str) -> Result<Store> {
        Store::open_with(url, false, true).await
    }

    /// SQLite: copies the WAL into the database file without blocking the writer (a passive
    /// checkpoint). Nothing on PostgreSQL.
    pub async fn checkpoint(&self) -> Result<()> {
        if self.backend == Backend::Sqlite {
            sqlx::query("PRAGMA wal_checkpoint(PASSIVE)")
                .fetch_all(&self.pool)
                .await
                .context("cannot checkpoint the WAL")?;
        }
        Ok(())
    }

    async fn open_with(url: &str, create: bool, writer: bool) -> Result<Store> {
        sqlx::any::install_default_drivers();
        let (sqlx_url, backend) = database_url(url, create)?;
        let pool = AnyPoolOptions::new()
            .max_connections(match backend {
                Backend::Sqlite => 4,
                Backend::Postgres => 8,
            })
            .acquire_timeout(std::time::Duration::from_secs(10))
            .after_connect(move |conn, _| {
                Box::pin(async move {
                    if backend == Backend::Sqlite {
                        // WAL: readers do not block the writer; FULL: a 2xx answer means the
                        // record is on disk.
                        sqlx::query("PRAGMA journal_mode = WAL")
                            .execute(&mut *conn)
                            .await?;
                        sqlx::query("PRAGMA synchronous = FULL")
                            .execute(&mut *conn)
                            .await?;
                        sqlx::query("PRAGMA busy_timeout = 10000")
                            .execute(&mut *conn)
                            .await?;
                        if writer {
                            sqlx::query("PRAGMA wal_autocheckpoint = 0")
                                .execute(&mut *conn)
                                .await?;
                        }
                    } else if writer {
                        // The writer's statements are prepared once per connection, and
                        // PostgreSQL may keep a generic plan made while the month's partition
                        // was nearly empty (a sequential scan), which then grows with the table.
                        // Every look-up of the writer has an index: never scan sequentially.
                        sqlx::query("SET enable_seqscan = off")
                            .execute(&mut *conn)
                            .await?;
                    }
                    Ok(())
                })
            })
            .connect(&sqlx_url)
            .await
            .with_context(|| format!("cannot open the database {}", redact(url)))?;
        let mut store = Store {
            pool,
            url: url.to_owned(),
            backend,
            partitioned: false,
            months: Default::default(),
        };
        if create {
            store.create_tables().await?;
        } else {
            sqlx::query("SELECT id FROM consent_records LIMIT 1")
                .fetch_optional(&store.pool)
                .await
                .with_context(|| {
                    format!(
                        "{} holds no consent records table (is it the receiver's database?)",
                        redact(url)
                    )
                })?;
        }
        if backend == Backend::Postgres {
            let kind: Option<(String,)> = sqlx::query_as(
                "SELECT relkind::text FROM pg_class
                 WHERE relname = 'consent_records' AND relnamespace = current_schema()::regnamespace",
            )
            .fetch_optional(&store.pool)
            .await
            .context("cannot read the catalog")?;
            store.partitioned = kind.is_some_and(|(k,)| k == "p");
            if create && store.partitioned {
                let month = month_of(&now_rfc3339());
                store.ensure_partitions(&month).await?;
            }
        }
        Ok(store)
    }

    /// The URL it was opened with.
    pub fn url(&self) -> &str {
        &self.url
    }

    /// Which database this is.
    pub fn backend(&self) -> Backend {
        self.backend
    }

    /// Whether the records are in monthly partitions (PostgreSQL, made by this version).
    pub fn partitioned(&self) -> bool {
        self.partitioned
    }

    /// The pool, for tests and tools.
    pub fn pool(&self) -> &AnyPool {
        &self.pool
    }

    /// Whether the database answers (`/readyz`).
    pub async fn ping(&self) -> Result<()> {
        sqlx::query("SELECT 1")
            .execute(&self.pool)
            .await
            .context("the database does not answer")?;
        Ok(())
    }

    async fn create_tables(&self) -> Result<()> {
        let statements: Vec<String> = match self.backend {
            // INTEGER PRIMARY KEY is SQLite's 64-bit rowid.
            Backend::Sqlite => vec![
                "CREATE TABLE IF NOT EXISTS consent_records (
                    id INTEGER PRIMARY KEY,
                    record_id TEXT NOT NULL UNIQUE,
                    consent_id TEXT NOT NULL,
                    received_at TEXT NOT NULL,
                    body TEXT NOT NULL,
                    prev_hash TEXT NOT NULL UNIQUE,
                    hash TEXT NOT NULL
                )"
                .into(),
                "CREATE INDEX IF NOT EXISTS consent_records_consent_id
                    ON consent_records (consent_id)"
                    .into(),
            ],
            // Partitioned by month of received_at (text in one fixed format, compared bytewise).
            // A unique constraint on a partitioned table must hold the partition key, so
            // record_id and prev_hash are not UNIQUE here: every writer extends the chain under
            // the CHAIN_LOCK advisory lock and looks record ids up inside it; `verify` checks that
            // every record id is stored once.
            Backend::Postgres => vec![
                "CREATE TABLE IF NOT EXISTS consent_records (
                    id BIGINT NOT NULL,
                    record_id TEXT NOT NULL,
                    consent_id TEXT NOT NULL,
                    received_at TEXT COLLATE \"C\" NOT NULL,
                    body TEXT NOT NULL,
                    prev_hash TEXT NOT NULL,
                    hash TEXT NOT NULL,
                    PRIMARY KEY (id, received_at)
                ) PARTITION BY RANGE (received_at)"
                    .into(),
                "CREATE INDEX IF NOT EXISTS consent_records_record_id
                    ON consent_records (record_id)"
                    .into(),
                "CREATE INDEX IF NOT EXISTS consent_records_consent_id
                    ON consent_records (consent_id)"
                    .into(),
                "CREATE TABLE IF NOT EXISTS consent_dropped_partitions (
                    month TEXT PRIMARY KEY,
                    first_id BIGINT,
                    last_id BIGINT,
                    rows BIGINT NOT NULL,
                    first_prev_hash TEXT,
                    last_hash TEXT,
                    dropped_at TEXT NOT NULL,
                    retention_months BIGINT NOT NULL
                )"
                .into(),
            ],
        };
        let mut tx = self.pool.begin().await?;
        if self.backend == Backend::Postgres {
            // Two receivers starting at once must not race on CREATE … IF NOT EXISTS.
            lock_chain(&mut tx).await?;
        }
        for sql in statements {
            sqlx::query(&sql)
                .execute(&mut *tx)
                .await
                .context("cannot create the consent_records table")?;
        }
        tx.commit().await?;
        Ok(())
    }

    /// Makes sure the partitions of `month` and the month after exist (PostgreSQL, partitioned).
    async fn ensure_partitions(&self, month: &str) -> Result<()> {
        if !self.partitioned || self.months.lock().unwrap().contains(month) {
            return Ok(());
        }
        let next = next_month(month);
        let mut tx = self.pool.begin().await?;
        lock_chain(&mut tx).await?;
        for m in [month.to_owned(), next.clone()] {
            let dropped: Option<(String,)> =
                sqlx::query_as("SELECT month FROM consent_dropped_partitions WHERE month = $1")
                    .bind(&m)
                    .fetch_optional(&mut *tx)
                    .await?;
            if dropped.is_some() {
                continue;
            }
            sqlx::query(&format!(
                "CREATE TABLE IF NOT EXISTS {} PARTITION OF consent_records
                 FOR VALUES FROM ('{m}') TO ('{}')",
                partition_name(&m),
                next_month(&m)
            ))
            .execute(&mut *tx)
            .await
            .with_context(|| format!("cannot create the partition of {m}"))?;
        }
        tx.commit().await?;
        self.months.lock().unwrap().insert(month.to_owned());
        Ok(())
    }

    /// Appends a record's exact JSON text, unless its record id is already stored.
    pub async fn append(&self, record_id: &str, consent_id: &str, body: &str) -> Result<Appended> {
        let record = NewRecord {
            record_id: record_id.to_owned(),
            consent_id: consent_id.to_owned(),
            body: body.to_owned(),
            given_unix: None,
        };
        let mut results = self.append_batch(std::slice::from_ref(&record)).await?;
        Ok(results.remove(0).appended)
    }

    /// Appends a batch of records in one transaction, in order (chain order = commit order):
    /// each result says whether its record was stored or was a repeat (of a stored row, or of
    /// an earlier record of the same batch). Nothing is stored unless everything is.
    pub async fn append_batch(&self, records: &[NewRecord]) -> Result<Vec<BatchResult>> {
        self.append_batch_at(records, None).await
    }

    /// [`Store::append_batch`] with a given `received_at` instead of now (for tests and imports
    /// only: the receiver always uses its clock). A time before the last row's is raised to it.
    pub async fn append_batch_at(
        &self,
        records: &[NewRecord],
        at: Option<&str>,
    ) -> Result<Vec<BatchResult>> {
        if records.is_empty() {
            return Ok(Vec::new());
        }
        let mut attempt = 0;
        loop {
            attempt += 1;
            let month = month_of(at.unwrap_or(&now_rfc3339()));
            self.ensure_partitions(&month).await?;
            match self.try_append_batch(records, at).await {
                Ok(results) => return Ok(results),
                // Another process took this id or this prev_hash first (SQLite, or an older
                // receiver on the same PostgreSQL table): read the chain again.
                Err(sqlx::Error::Database(e)) if e.is_unique_violation() && attempt < 10 => {
                    tokio::time::sleep(std::time::Duration::from_millis(attempt)).await;
                    continue;
                }
                Err(e) => return Err(e).context("cannot store the record"),
            }
        }
    }

    async fn try_append_batch(
        &self,
        records: &[NewRecord],
        at: Option<&str>,
    ) -> Result<Vec<BatchResult>, sqlx::Error> {
        use std::collections::HashMap;
        // Four round trips whatever the batch size, with constant statements (prepared once per
        // connection): the lists travel as one JSON parameter each.
        let mut tx = match self.backend {
            // Take SQLite's write lock first: a deferred transaction that reads and then writes
            // fails at once (SQLITE_BUSY) when another process wrote in between.
            Backend::Sqlite => self.pool.begin_with("BEGIN IMMEDIATE").await?,
            // The chain lock, in the same round trip as BEGIN (simple query protocol).
            Backend::Postgres => {
                self.pool
                    .begin_with(format!(
                        "BEGIN; SELECT 1 AS locked FROM (SELECT pg_advisory_xact_lock({CHAIN_LOCK})) AS l"
                    ))
                    .await?
            }
        };
        let mut ids: Vec<&str> = records.iter().map(|r| r.record_id.as_str()).collect();
        ids.sort_unstable();
        ids.dedup();
        let mut consents: Vec<&str> = records.iter().map(|r| r.consent_id.as_str()).collect();
        consents.sort_unstable();
        consents.dedup();
        // One statement reads the record ids stored already ('r'), the stored records of the
        // batch's consents ('c', for their client_time) and the last row ('l').
        let read = match self.backend {
            Backend::Postgres => {
                "SELECT 'r' AS kind, record_id AS k, id, '' AS v FROM consent_records
                   WHERE record_id = ANY (ARRAY(SELECT json_array_elements_text($1::json)))
                 UNION ALL
                 SELECT 'c', consent_id, CAST(0 AS BIGINT), body FROM consent_records
                   WHERE consent_id = ANY (ARRAY(SELECT json_array_elements_text($2::json)))
                 UNION ALL
                 SELECT * FROM (SELECT 'l', hash, id, received_at::text FROM consent_records
                   ORDER BY id DESC LIMIT 1) AS last"
            }
            Backend::Sqlite => {
                "SELECT 'r' AS kind, record_id AS k, id, '' AS v FROM consent_records
                   WHERE record_id IN (SELECT value FROM json_each($1))
                 UNION ALL
                 SELECT 'c', consent_id, 0, body FROM consent_records
                   WHERE consent_id IN (SELECT value FROM json_each($2))
                 UNION ALL
                 SELECT * FROM (SELECT 'l', hash, id, received_at FROM consent_records
                   ORDER BY id DESC LIMIT 1) AS last"
            }
        };
        let rows: Vec<(String, String, i64, String)> = sqlx::query_as(read)
            .bind(serde_json::to_string(&ids).unwrap_or_default())
            .bind(serde_json::to_string(&consents).unwrap_or_default())
            .fetch_all(&mut *tx)
            .await?;
        let mut stored: HashMap<String, i64> = HashMap::new();
        // The latest client_time stored per consent of the batch.
        let mut latest: HashMap<String, i64> = HashMap::new();
        let mut last: Option<(i64, String, String)> = None;
        for (kind, key, id, value) in rows {
            match kind.as_str() {
                "r" => {
                    stored.insert(key, id);
                }
                "c" => {
                    let given = serde_json::from_str::<kelisim::record::ConsentRecord>(&value)
                        .ok()
                        .and_then(|r| r.given_unix());
                    if let Some(g) = given {
                        let e = latest.entry(key).or_insert(g);
                        *e = (*e).max(g);
                    }
                }
                _ => last = Some((id, key, value)),
            }
        }
        let (mut next_id, mut prev_hash, last_at) = last
            .map_or((1, GENESIS.to_owned(), String::new()), |(id, h, at)| {
                (id + 1, h, at)
            });
        // Never before the last row: the chain's order is also the order of received_at.
        let now = at.map_or_else(now_rfc3339, str::to_owned);
        let received_at = if now < last_at { last_at } else { now };
        let mut results = Vec::with_capacity(records.len());
        let mut new_rows = Vec::new();
        for r in records {
            if let Some(&id) = stored.get(&r.record_id) {
                results.push(Appended::Repeat { id });
                continue;
            }
            let hash = chain_hash(&prev_hash, &received_at, &r.body);
            stored.insert(r.record_id.clone(), next_id);
            results.push(Appended::Stored {
                id: next_id,
                received_at: received_at.clone(),
                hash: hash.clone(),
            });
            if let Some(g) = r.given_unix {
                let e = latest.entry(r.consent_id.clone()).or_insert(g);
                *e = (*e).max(g);
            }
            let prev = std::mem::replace(&mut prev_hash, hash.clone());
            new_rows.push(serde_json::json!({
                "id": next_id,
                "record_id": r.record_id,
                "consent_id": r.consent_id,
                "received_at": received_at,
                "body": r.body,
                "prev_hash": prev,
                "hash": hash,
            }));
            next_id += 1;
        }
        if !new_rows.is_empty() {
            let insert = match self.backend {
                Backend::Postgres => {
                    "INSERT INTO consent_records
                        (id, record_id, consent_id, received_at, body, prev_hash, hash)
                     SELECT id, record_id, consent_id, received_at, body, prev_hash, hash
                     FROM json_to_recordset($1::json) AS x(id BIGINT, record_id TEXT,
                        consent_id TEXT, received_at TEXT, body TEXT, prev_hash TEXT, hash TEXT)
                     ORDER BY id"
                }
                Backend::Sqlite => {
                    "INSERT INTO consent_records
                        (id, record_id, consent_id, received_at, body, prev_hash, hash)
                     SELECT value ->> '$.id', value ->> '$.record_id', value ->> '$.consent_id',
                        value ->> '$.received_at', value ->> '$.body', value ->> '$.prev_hash',
                        value ->> '$.hash'
                     FROM json_each($1) ORDER BY key"
                }
            };
            sqlx::query(insert)
                .bind(serde_json::Value::Array(new_rows).to_string())
                .execute(&mut *tx)
                .await?;
        }
        tx.commit().await?;
        Ok(records
            .iter()
            .zip(results)
            .map(|(r, appended)| BatchResult {
                superseded: r
                    .given_unix
                    .is_some_and(|g| latest.get(&r.consent_id).is_some_and(|&l| l > g)),
                appended,
            })
            .collect())
    }

    /// The stored bodies of one consent (or of all records), in the order they were stored.
    pub async fn bodies(&self, consent_id: Option<&str>) -> Result<Vec<String>> {
        let rows: Vec<(String,)> = match consent_id {
            Some(c) => {
                sqlx::query_as("SELECT body FROM consent_records WHERE consent_id = $1 ORDER BY id")
                    .bind(c)
                    .fetch_all(&self.pool)
                    .await
            }
            None => {
                sqlx::query_as("SELECT body FROM consent_records ORDER BY id")
                    .fetch_all(&self.pool)
                    .await
            }
        }
        .context("cannot read the records")?;
        Ok(rows.into_iter().map(|(b,)| b).collect())
    }

    /// How many rows the chain has.
    pub async fn count(&self) -> Result<i64> {
        let (n,): (i64,) = sqlx::query_as("SELECT COUNT(*) FROM consent_records")
            .fetch_one(&self.pool)
            .await
            .context("cannot count the records")?;
        Ok(n)
    }

    async fn page(&self, after: i64, from: &str, to: &str) -> Result<Vec<StoredRow>> {
        let rows = sqlx::query(&format!(
            "SELECT {COLUMNS} FROM consent_records
             WHERE id > $1 AND substr(received_at, 1, 10) >= $2 AND substr(received_at, 1, 10) <= $3
             ORDER BY id LIMIT {PAGE}"
        ))
        .bind(after)
        .bind(from)
        .bind(to)
        .fetch_all(&self.pool)
        .await
        .context("cannot read the records")?;
        rows.iter()
            .map(StoredRow::from_row)
            .collect::<Result<_, _>>()
            .context("unexpected column types in consent_records")
    }

    /// The partitions dropped by retention, oldest first (none on SQLite or an unpartitioned
    /// table).
    pub async fn dropped(&self) -> Result<Vec<Dropped>> {
        if !self.partitioned {
            return Ok(Vec::new());
        }
        let rows: Vec<DroppedRow> = sqlx::query_as(
            "SELECT month, first_id, last_id, rows, first_prev_hash, last_hash, dropped_at,
                        retention_months
                 FROM consent_dropped_partitions ORDER BY month",
        )
        .fetch_all(&self.pool)
        .await
        .context("cannot read consent_dropped_partitions")?;
        Ok(rows
            .into_iter()
            .map(
                |(month, first, last, rows, first_prev_hash, last_hash, dropped_at, retention)| {
                    Dropped {
                        month,
                        ids: first.zip(last),
                        rows,
                        first_prev_hash,
                        last_hash,
                        dropped_at,
                        retention_months: retention,
                    }
                },
            )
            .collect())
    }

    /// A record id stored more than once, with how many times (PostgreSQL's partitioned table
    /// cannot have a UNIQUE constraint on it; the chain lock keeps it unique).
    pub async fn duplicate_record_id(&self) -> Result<Option<(String, i64)>> {
        sqlx::query_as(
            "SELECT record_id, COUNT(*) FROM consent_records GROUP BY record_id
             HAVING COUNT(*) > 1 ORDER BY record_id LIMIT 1",
        )
        .fetch_optional(&self.pool)
        .await
        .context("cannot look for repeated record ids")
    }

    /// Walks the chain from the first row and reports the first broken link. Partitions dropped
    /// by retention are skipped: their kept first `prev_hash` and last hash must chain from the
    /// genesis hash, and the first row left must link to the last dropped hash.
    pub async fn verify(&self) -> Result<Verdict> {
        let mut expected_id = 1i64;
        let mut expected_prev = GENESIS.to_owned();
        for d in self.dropped().await? {
            let (Some((first, last)), Some(first_prev), Some(last_hash)) =
                (d.ids, d.first_prev_hash, d.last_hash)
            else {
                continue;
            };
            if first != expected_id || first_prev != expected_prev {
                return Ok(Verdict::Broken {
                    intact_rows: 0,
                    id: first,
                    record_id: String::new(),
                    problem: format!(
                        "the dropped partition of {} (rows {first} to {last}) does not follow \
                         the one before it (expected row {expected_id}): rows were deleted \
                         before it was dropped, or consent_dropped_partitions was altered",
                        d.month
                    ),
                });
            }
            expected_id = last + 1;
            expected_prev = last_hash;
        }
        let mut intact = 0u64;
        loop {
            let page = self
                .page(expected_id - 1, "0000-00-00", "9999-99-99")
                .await?;
            if page.is_empty() {
                return Ok(Verdict::Intact {
                    rows: intact,
                    head: expected_prev,
                });
            }
            for row in page {
                if let Some(problem) = check_link(&row, expected_id, &expected_prev) {
                    return Ok(Verdict::Broken {
                        intact_rows: intact,
                        id: row.id,
                        record_id: row.record_id,
                        problem,
                    });
                }
                intact += 1;
                expected_id = row.id + 1;
                expected_prev = row.hash;
            }
        }
    }

    /// Drops the monthly partitions older than `months` (PostgreSQL, partitioned): every month
    /// that ended at least `months` months before the current month began, oldest first. It
    /// walks the whole chain first ([`Store::verify`]) and drops nothing if a link is broken. Each
    /// dropped partition's first and last ids and hashes are kept in
    /// `consent_dropped_partitions`, so the rows after it stay verifiable. `now` is an RFC 3339
    /// time (the receiver's clock unless given). Returns what was dropped.
    pub async fn apply_retention(&self, months: u32, now: Option<&str>) -> Result<Vec<Dropped>> {
        if !self.partitioned {
            bail!(
                "retention drops monthly partitions: it needs PostgreSQL and a consent_records \
                 table made by this version (partitioned by month)"
            );
        }
        if months == 0 {
            bail!("a retention period of 0 months would drop the current month");
        }
        let now = now.map_or_else(now_rfc3339, str::to_owned);
        let cutoff = months_before(&month_of(&now), months);
        // A month dropped can no longer be checked: drop only from an intact chain.
        if let Verdict::Broken { id, problem, .. } = self.verify().await? {
            bail!(
                "the chain is broken at row id {id} ({problem}): nothing dropped; run `verify` \
                 and investigate first"
            );
        }
        let partitions: Vec<(String,)> = sqlx::query_as(
            "SELECT c.relname::text FROM pg_inherits i
             JOIN pg_class c ON c.oid = i.inhrelid
             JOIN pg_class p ON p.oid = i.inhparent
             WHERE p.relname = 'consent_records' AND p.relnamespace = current_schema()::regnamespace
             ORDER BY 1",
        )
        .fetch_all(&self.pool)
        .await
        .context("cannot list the partitions")?;
        let mut dropped = Vec::new();
        for (name,) in partitions {
            // consent_records_y2026m01 → 2026-01
            let Some(month) = name
                .strip_prefix("consent_records_y")
                .and_then(|s| s.split_once('m'))
                .map(|(y, m)| format!("{y}-{m}"))
            else {
                continue;
            };
            if month >= cutoff {
                continue;
            }
            let mut tx = self.pool.begin().await?;
            lock_chain(&mut tx).await?;
            let first: Option<(i64, String)> = sqlx::query_as(&format!(
                "SELECT id, prev_hash FROM {name} ORDER BY id LIMIT 1"
            ))
            .fetch_optional(&mut *tx)
            .await?;
            let last: Option<(i64, String)> = sqlx::query_as(&format!(
                "SELECT id, hash FROM {name} ORDER BY id DESC LIMIT 1"
            ))
            .fetch_optional(&mut *tx)
            .await?;
            let (rows,): (i64,) = sqlx::query_as(&format!("SELECT COUNT(*) FROM {name}"))
                .fetch_one(&mut *tx)
                .await?;
            let d = Dropped {
                month: month.clone(),
                ids: first.as_ref().zip(last.as_ref()).map(|(f, l)| (f.0, l.0)),
                rows,
                first_prev_hash: first.map(|f| f.1),
                last_hash: last.map(|l| l.1),
                dropped_at: now_rfc3339(),
                retention_months: i64::from(months),
            };
            sqlx::query(
                "INSERT INTO consent_dropped_partitions
                    (month, first_id, last_id, rows, first_prev_hash, last_hash, dropped_at,
                     retention_months)
                 VALUES ($1, $2, $3, $4, $5, $6, $7, $8)",
            )
            .bind(&d.month)
            .bind(d.ids.map(|i| i.0))
            .bind(d.ids.map(|i| i.1))
            .bind(d.rows)
            .bind(d.first_prev_hash.as_deref())
            .bind(d.last_hash.as_deref())
            .bind(&d.dropped_at)
            .bind(d.retention_months)
            .execute(&mut *tx)
            .await
            .with_context(|| format!("cannot note the drop of {name}"))?;
            sqlx::query(&format!("DROP TABLE {name}"))
                .execute(&mut *tx)
                .await
                .with_context(|| format!("cannot drop {name}"))?;
            tx.commit().await?;
            self.months.lock().unwrap().remove(&month);
            dropped.push(d);
        }
        Ok(dropped)
    }

    /// Calls `each` with the rows received from `from` to `to` (dates `YYYY-MM-DD`, inclusive,
    /// UTC), in chain order; returns how many `each` kept (answered `true`).
    pub async fn export(
        &self,
        from: &str,
        to: &str,
        mut each: impl FnMut(&StoredRow) -> Result<bool>,
    ) -> Result<u64> {
        let (mut after, mut n) = (0i64, 0u64);
        loop {
            let page = self.page(after, from, to).await?;
            let Some(last) = page.last() else {
                return Ok(n);
            };
            after = last.id;
            for row in &page {
                if each(row)? {
                    n += 1;
                }
            }
        }
    }
}

/// Takes the chain's advisory lock until the end of the transaction (PostgreSQL).
async fn lock_chain(tx: &mut sqlx::Transaction<'_, sqlx::Any>) -> Result<(), sqlx::Error> {
    sqlx::query(&format!(
        "SELECT 1 AS locked FROM (SELECT pg_advisory_xact_lock({CHAIN_LOCK})) AS l"
    ))
    .fetch_one(&mut **tx)
    .await?;
    Ok(())
}

/// What is wrong with `row`, expected at `expected_id` after a row whose hash is
/// `expected_prev`; `None` when the link holds.
pub fn check_link(row: &StoredRow, expected_id: i64, expected_prev: &str) -> Option<String> {
    if row.id != expected_id {
        let what = if row.id == expected_id + 1 {
            format!("row {expected_id} is missing")
        } else {
            format!("rows {expected_id} to {} are missing", row.id - 1)
        };
        return Some(format!("id gap: {what} (deleted)"));
    }
    if row.prev_hash != expected_prev {
        return Some(if expected_id == 1 {
            "prev_hash of the first row is not the genesis hash (64 zeros): rows before it were \
             deleted and the ids renumbered, or the row was altered"
                .to_owned()
        } else {
            format!(
                "prev_hash is not the hash of row {}: a row was deleted and the ids renumbered, \
                 or row {} was altered and its hash rewritten",
                expected_id - 1,
                expected_id - 1
            )
        });
    }
    if chain_hash(&row.prev_hash, &row.received_at, &row.body) != row.hash {
        return Some("hash mismatch: the row was altered (received_at or body changed)".to_owned());
    }
    let body_id = serde_json::from_str::<serde_json::Value>(&row.body)
        .ok()
        .and_then(|v| v["record_id"].as_str().map(str::to_owned));
    if body_id.as_deref() != Some(row.record_id.as_str()) {
        return Some(
            "the record_id column differs from the body's record_id: the row was altered"
                .to_owned(),
        );
    }
    None
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn urls() {
        assert_eq!(
            database_url("sqlite://consents.db", true).unwrap(),
            ("sqlite://consents.db?mode=rwc".into(), Backend::Sqlite)
        );
        assert_eq!(
            database_url("sqlite://c.db?mode=ro", true).unwrap().0,
            "sqlite://c.db?mode=ro"
        );
        assert_eq!(
            database_url("sqlite://c.db?cache=shared", true).unwrap().0,
            "sqlite://c.db?cache=shared&mode=rwc"
        );
        assert_eq!(
            database_url("/tmp/x.db", false).unwrap().0,
            "sqlite:///tmp/x.db"
        );
        assert_eq!(
            database_url("postgres://u@h:5/db", true).unwrap().1,
            Backend::Postgres
        );
        assert!(database_url("mysql://h/db", true).is_err());
        assert_eq!(redact("postgres://u:secret@h/db"), "postgres://u:***@h/db");
        assert_eq!(redact("postgres://u@h/db"), "postgres://u@h/db");
    }

    #[test]
    fn hashes_chain() {
        let h = chain_hash(GENESIS, "2026-01-31T10:00:00.000Z", "{}");
        assert_eq!(h.len(), 64);
        assert_ne!(h, chain_hash(GENESIS, "2026-01-31T10:00:00.001Z", "{}"));
        // The separator matters: moving a character across it changes the hash.
        assert_ne!(chain_hash("a", "b\nc", ""), chain_hash("a", "b", "c"));
        // echo -n "$(printf '0%.0s' {1..64})\nT\n{}" | sha256sum
        let mut sha = Sha256::new();
        sha.update(format!("{GENESIS}\nT\n{{}}"));
        let expected: String = sha.finalize().iter().map(|b| format!("{b:02x}")).collect();
        assert_eq!(chain_hash(GENESIS, "T", "{}"), expected);
    }

    #[test]
    fn now_has_milliseconds() {
        let now = now_rfc3339();
        assert_eq!(now.len(), 24, "{now}");
        assert!(now.ends_with('Z') && now.as_bytes()[19] == b'.', "{now}");
    }

    #[test]
    fn links() {
        let body = r#"{"record_id":"r1"}"#;
        let row = StoredRow {
            id: 1,
            record_id: "r1".into(),
            received_at: "t".into(),
            body: body.into(),
            prev_hash: GENESIS.into(),
            hash: chain_hash(GENESIS, "t", body),
        };
        assert_eq!(check_link(&row, 1, GENESIS), None);
        assert!(check_link(&row, 1, "x").unwrap().contains("genesis"));
        let later = StoredRow {
            id: 3,
            ..row.clone()
        };
        assert!(check_link(&later, 2, GENESIS)
            .unwrap()
            .contains("row 2 is missing"));
        let altered = StoredRow {
            body: r#"{"record_id":"r1","x":1}"#.into(),
            ..row.clone()
        };
        assert!(check_link(&altered, 1, GENESIS)
            .unwrap()
            .starts_with("hash mismatch"));
        let renamed = StoredRow {
            record_id: "r2".into(),
            ..row
        };
        assert!(check_link(&renamed, 1, GENESIS)
            .unwrap()
            .contains("record_id column"));
    }
}
