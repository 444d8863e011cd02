//! The append-only store of consent records: one table, one hash chain, SQLite or PostgreSQL.
//!
//! Table `consent_records`, one row per record, in the ledger row format 2 every kelisim receiver
//! shares (`docs/ledger-format.md`): `id` (1, 2, 3… without gaps), `record_id`, `consent_id`,
//! `given_at` (the record's `client_time`), `received_at`, `origin`, `body` (the exact JSON text
//! received), `prev_hash`, `hash` and `format`. No IP address is stored. A row's hash covers every
//! stored column but `id` ([`chain::row_hash`]); rows stored by an older version keep format 1
//! (a hash of `prev_hash`, `received_at` and `body`) and are verified as they are.
//!
//! Altering a row breaks its `hash`; rewriting that hash too breaks the next row's `prev_hash`;
//! deleting a row leaves a gap in `id`. [`Store::verify`] walks the chain and names the first
//! broken link. A writer who rewrites every hash from some row on is caught only by a hash noted
//! elsewhere: the signed checkpoints of [`checkpoint`]. Triggers refuse `UPDATE` and `DELETE` on
//! the table ([`schema`]), so a receiver connected as a role that may only INSERT and SELECT
//! cannot rewrite rows even if it is taken over.
//!
//! The jobs, one module each: [`schema`] (tables, migration from format 1, triggers, monthly
//! partitions), [`append`] (the batch insert under the chain lock), [`chain`] (hashes, `verify`,
//! the JSON Lines export and its check), [`retain`] (dropping old months on PostgreSQL) and
//! [`checkpoint`] (Ed25519-signed heads).
//!
//! Ids are assigned as the last id + 1 inside the insert's transaction rather than by a database
//! sequence, because a PostgreSQL sequence skips values on rolled-back inserts, and a gap must
//! mean a deletion. Every writer of the database, in this process or another, takes the chain
//! lock ([`CHAIN_LOCK`] on PostgreSQL, `BEGIN IMMEDIATE` on SQLite): one chain, in commit order.
//!
//! On PostgreSQL the table is partitioned by month of `received_at` (`consent_records_yYYYYmMM`);
//! a partitioned table cannot have a UNIQUE constraint without the partition key, so `record_id`
//! and `prev_hash` are only indexed there: the lock keeps them unique, [`Store::verify`] and
//! [`Store::duplicate_record_id`] check.
//!
//! The same SQL serves both databases through `sqlx::Any`, apart from the `CREATE`s and the JSON
//! functions of the batch statements.

pub mod append;
pub mod chain;
pub mod checkpoint;
pub mod retain;
pub mod schema;

pub use chain::{chain_hash_v1, check_link, row_hash, ExportLine};

use anyhow::{bail, Context, Result};
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

/// One stored row (ledger row format 2; a format 1 row has `origin` "" and the `given_at` read
/// from its body when the table was migrated).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct StoredRow {
    /// Position in the chain, from 1.
    pub id: i64,
    /// The record's id.
    pub record_id: String,
    /// The record's consent id.
    pub consent_id: String,
    /// The record's `client_time`, as sent.
    pub given_at: String,
    /// When it was stored.
    pub received_at: String,
    /// The request's `Origin` (or the configured site), `""` when neither.
    pub origin: String,
    /// The exact JSON text received.
    pub body: String,
    /// The previous row's hash.
    pub prev_hash: String,
    /// This row's hash.
    pub hash: String,
    /// 2, or 1 for a row stored before format 2 (its hash covers less).
    pub format: i64,
}

impl StoredRow {
    fn from_row(row: &AnyRow) -> Result<StoredRow, sqlx::Error> {
        Ok(StoredRow {
            id: row.try_get("id")?,
            record_id: row.try_get("record_id")?,
            consent_id: row.try_get("consent_id")?,
            given_at: row.try_get("given_at")?,
            received_at: row.try_get("received_at")?,
            origin: row.try_get("origin")?,
            body: row.try_get("body")?,
            prev_hash: row.try_get("prev_hash")?,
            hash: row.try_get("hash")?,
            format: row.try_get("format")?,
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
    /// The record's `client_time`, as sent (RFC 3339 UTC to the second, so that texts compare
    /// as times): stored in `given_at`, which tells whether a later record of the consent is
    /// stored already.
    pub given_at: String,
    /// The request's `Origin`, or the configured site; `""` when neither.
    pub origin: String,
    /// The exact JSON text received.
    pub body: String,
}

impl NewRecord {
    /// The record in `body` (its `record_id`, `consent_id` and `client_time` read from it; empty
    /// when missing), from `origin`: for tests and tools.
    pub fn from_body(body: &str, origin: &str) -> NewRecord {
        let v: serde_json::Value = serde_json::from_str(body).unwrap_or_default();
        let field = |k: &str| v[k].as_str().unwrap_or_default().to_owned();
        NewRecord {
            record_id: field("record_id"),
            consent_id: field("consent_id"),
            given_at: field("client_time"),
            origin: origin.to_owned(),
            body: body.to_owned(),
        }
    }
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

const COLUMNS: &str =
    "id, record_id, consent_id, given_at, received_at, origin, body, prev_hash, hash, format";

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
    fn now_has_milliseconds() {
        let now = now_rfc3339();
        assert_eq!(now.len(), 24, "{now}");
        assert!(now.ends_with('Z') && now.as_bytes()[19] == b'.', "{now}");
    }
}
