//! The append-only store of consent records: one table, one hash chain, SQLite or PostgreSQL.
//!
//! Table `consent_records`, one row per record, never updated nor deleted by the receiver:
//!
//! | column        | content                                                              |
//! |---------------|----------------------------------------------------------------------|
//! | `id`          | 1, 2, 3… without gaps (assigned by the receiver, see below)          |
//! | `record_id`   | the record's `record_id` (unique: a repeated record is stored once)   |
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
//! Inserts are serialized: an in-process mutex, and inside it a transaction that reads the last
//! row's hash. Another process writing to the same database at the same instant makes the insert
//! fail on the unique `id` or `prev_hash`, and it is retried: the chain never forks.
//!
//! The same SQL serves both databases through `sqlx::Any`; only the `CREATE TABLE` differs.

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

/// The store: a connection pool and the insert lock.
pub struct Store {
    pool: AnyPool,
    backend: Backend,
    write: tokio::sync::Mutex<()>,
}

const COLUMNS: &str = "id, record_id, received_at, body, prev_hash, hash";

impl Store {
    /// Opens the database at `url`. With `create` (the `serve` command), a missing SQLite file
    /// is created and the table made if missing; otherwise the table must exist.
    pub async fn open(url: &str, create: bool) -> Result<Store> {
        sqlx::any::install_default_drivers();
        let (sqlx_url, backend) = database_url(url, create)?;
        let pool = AnyPoolOptions::new()
            .max_connections(match backend {
                Backend::Sqlite => 4,
                Backend::Postgres => 8,
            })
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
                    }
                    Ok(())
                })
            })
            .connect(&sqlx_url)
            .await
            .with_context(|| format!("cannot open the database {}", redact(url)))?;
        let store = Store {
            pool,
            backend,
            write: tokio::sync::Mutex::new(()),
        };
        if create {
            store.create_table().await?;
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
        Ok(store)
    }

    /// Which database this is.
    pub fn backend(&self) -> Backend {
        self.backend
    }

    /// The pool, for tests and tools.
    pub fn pool(&self) -> &AnyPool {
        &self.pool
    }

    async fn create_table(&self) -> Result<()> {
        let id = match self.backend {
            // INTEGER PRIMARY KEY is SQLite's 64-bit rowid.
            Backend::Sqlite => "INTEGER PRIMARY KEY",
            Backend::Postgres => "BIGINT PRIMARY KEY",
        };
        let statements = [
            format!(
                "CREATE TABLE IF NOT EXISTS consent_records (
                    id {id},
                    record_id TEXT NOT NULL UNIQUE,
                    consent_id TEXT NOT NULL,
                    received_at TEXT NOT NULL,
                    body TEXT NOT NULL,
                    prev_hash TEXT NOT NULL UNIQUE,
                    hash TEXT NOT NULL
                )"
            ),
            "CREATE INDEX IF NOT EXISTS consent_records_consent_id
                ON consent_records (consent_id)"
                .to_owned(),
        ];
        for sql in statements {
            sqlx::query(&sql)
                .execute(&self.pool)
                .await
                .context("cannot create the consent_records table")?;
        }
        Ok(())
    }

    /// Appends a record's exact JSON text, unless its record id is already stored.
    pub async fn append(&self, record_id: &str, consent_id: &str, body: &str) -> Result<Appended> {
        let _guard = self.write.lock().await;
        let mut attempt = 0;
        loop {
            attempt += 1;
            match self.try_append(record_id, consent_id, body).await {
                Ok(appended) => return Ok(appended),
                // Another process took this id or this prev_hash first: read the chain again.
                Err(sqlx::Error::Database(e)) if e.is_unique_violation() && attempt < 10 => {
                    tokio::time::sleep(std::time::Duration::from_millis(attempt)).await;
                    continue;
                }
                Err(e) => return Err(e).context("cannot store the record"),
            }
        }
    }

    async fn try_append(
        &self,
        record_id: &str,
        consent_id: &str,
        body: &str,
    ) -> Result<Appended, sqlx::Error> {
        let mut tx = match self.backend {
            // Take SQLite's write lock first: a deferred transaction that reads and then writes
            // fails at once (SQLITE_BUSY) when another process wrote in between.
            Backend::Sqlite => self.pool.begin_with("BEGIN IMMEDIATE").await?,
            Backend::Postgres => self.pool.begin().await?,
        };
        let existing: Option<(i64,)> =
            sqlx::query_as("SELECT id FROM consent_records WHERE record_id = $1")
                .bind(record_id)
                .fetch_optional(&mut *tx)
                .await?;
        if let Some((id,)) = existing {
            tx.rollback().await?;
            return Ok(Appended::Repeat { id });
        }
        let last: Option<(i64, String)> =
            sqlx::query_as("SELECT id, hash FROM consent_records ORDER BY id DESC LIMIT 1")
                .fetch_optional(&mut *tx)
                .await?;
        let (id, prev_hash) = last.map_or((1, GENESIS.to_owned()), |(id, h)| (id + 1, h));
        let received_at = now_rfc3339();
        let hash = chain_hash(&prev_hash, &received_at, body);
        sqlx::query(
            "INSERT INTO consent_records
                (id, record_id, consent_id, received_at, body, prev_hash, hash)
             VALUES ($1, $2, $3, $4, $5, $6, $7)",
        )
        .bind(id)
        .bind(record_id)
        .bind(consent_id)
        .bind(&received_at)
        .bind(body)
        .bind(&prev_hash)
        .bind(&hash)
        .execute(&mut *tx)
        .await?;
        tx.commit().await?;
        Ok(Appended::Stored {
            id,
            received_at,
            hash,
        })
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

    /// Walks the chain from the first row and reports the first broken link.
    pub async fn verify(&self) -> Result<Verdict> {
        let mut expected_id = 1i64;
        let mut expected_prev = GENESIS.to_owned();
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

    /// Calls `each` with the rows received from `from` to `to` (dates `YYYY-MM-DD`, inclusive,
    /// UTC), in chain order; returns how many.
    pub async fn export(
        &self,
        from: &str,
        to: &str,
        mut each: impl FnMut(&StoredRow) -> Result<()>,
    ) -> Result<u64> {
        let (mut after, mut n) = (0i64, 0u64);
        loop {
            let page = self.page(after, from, to).await?;
            let Some(last) = page.last() else {
                return Ok(n);
            };
            after = last.id;
            for row in &page {
                each(row)?;
                n += 1;
            }
        }
    }
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
