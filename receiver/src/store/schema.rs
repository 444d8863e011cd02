//! The tables: made when missing, migrated from ledger format 1 (columns `given_at`, `origin`
//! and `format` added, `given_at` read from each stored body), the triggers that refuse
//! `UPDATE` and `DELETE`, and PostgreSQL's monthly partitions.
//!
//! The triggers bind every role, the table's owner included, until dropped: run the receiver as
//! a role that may INSERT and SELECT only (not the owner, who could drop them), as the book's
//! receiver chapter shows.

use super::{lock_chain, next_month, partition_name, Backend, Store};
use anyhow::{Context, Result};

/// The message of the triggers that refuse `UPDATE` and `DELETE`.
pub const APPEND_ONLY: &str = "the consent ledger is append-only";

impl Store {
    pub(super) async fn create_tables(&self) -> Result<()> {
        let statements: Vec<&str> = match self.backend {
            // INTEGER PRIMARY KEY is SQLite's 64-bit rowid.
            Backend::Sqlite => vec![
                "CREATE TABLE IF NOT EXISTS consent_records (
                    id INTEGER PRIMARY KEY,
                    record_id TEXT NOT NULL UNIQUE,
                    consent_id TEXT NOT NULL,
                    given_at TEXT NOT NULL DEFAULT '',
                    received_at TEXT NOT NULL,
                    origin TEXT NOT NULL DEFAULT '',
                    body TEXT NOT NULL,
                    prev_hash TEXT NOT NULL UNIQUE,
                    hash TEXT NOT NULL,
                    format INTEGER NOT NULL DEFAULT 1
                )",
                "CREATE INDEX IF NOT EXISTS consent_records_consent_id
                    ON consent_records (consent_id)",
                "CREATE TABLE IF NOT EXISTS consent_checkpoints (
                    row_id INTEGER NOT NULL,
                    head_hash TEXT NOT NULL,
                    signed_at TEXT NOT NULL,
                    public_key TEXT NOT NULL,
                    signature TEXT NOT NULL
                )",
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
                    given_at TEXT COLLATE \"C\" NOT NULL DEFAULT '',
                    received_at TEXT COLLATE \"C\" NOT NULL,
                    origin TEXT NOT NULL DEFAULT '',
                    body TEXT NOT NULL,
                    prev_hash TEXT NOT NULL,
                    hash TEXT NOT NULL,
                    format BIGINT NOT NULL DEFAULT 1,
                    PRIMARY KEY (id, received_at)
                ) PARTITION BY RANGE (received_at)",
                "CREATE INDEX IF NOT EXISTS consent_records_record_id
                    ON consent_records (record_id)",
                "CREATE INDEX IF NOT EXISTS consent_records_consent_id
                    ON consent_records (consent_id)",
                "CREATE TABLE IF NOT EXISTS consent_dropped_partitions (
                    month TEXT PRIMARY KEY,
                    first_id BIGINT,
                    last_id BIGINT,
                    rows BIGINT NOT NULL,
                    first_prev_hash TEXT,
                    last_hash TEXT,
                    dropped_at TEXT NOT NULL,
                    retention_months BIGINT NOT NULL
                )",
                "CREATE TABLE IF NOT EXISTS consent_checkpoints (
                    row_id BIGINT NOT NULL,
                    head_hash TEXT NOT NULL,
                    signed_at TEXT NOT NULL,
                    public_key TEXT NOT NULL,
                    signature TEXT NOT NULL
                )",
            ],
        };
        let mut tx = self.pool.begin().await?;
        if self.backend == Backend::Postgres {
            // Two receivers starting at once must not race on CREATE … IF NOT EXISTS.
            lock_chain(&mut tx).await?;
        }
        for sql in statements {
            sqlx::query(sql)
                .execute(&mut *tx)
                .await
                .context("cannot create the consent_records table")?;
        }
        // Ledger format 1 (a table made by an older version): add the columns, read given_at
        // from the stored bodies, before the triggers forbid any UPDATE.
        let has_format: bool = match self.backend {
            Backend::Sqlite => {
                let (n,): (i64,) = sqlx::query_as(
                    "SELECT COUNT(*) FROM pragma_table_info('consent_records') WHERE name = 'format'",
                )
                .fetch_one(&mut *tx)
                .await?;
                n > 0
            }
            Backend::Postgres => {
                let (n,): (i64,) = sqlx::query_as(
                    "SELECT COUNT(*) FROM information_schema.columns
                     WHERE table_schema = current_schema() AND table_name = 'consent_records'
                       AND column_name = 'format'",
                )
                .fetch_one(&mut *tx)
                .await?;
                n > 0
            }
        };
        if !has_format {
            let migrate: Vec<&str> = match self.backend {
                Backend::Sqlite => vec![
                    "ALTER TABLE consent_records ADD COLUMN given_at TEXT NOT NULL DEFAULT ''",
                    "ALTER TABLE consent_records ADD COLUMN origin TEXT NOT NULL DEFAULT ''",
                    "ALTER TABLE consent_records ADD COLUMN format INTEGER NOT NULL DEFAULT 1",
                    "UPDATE consent_records SET given_at = COALESCE(json_extract(body, '$.client_time'), '')
                     WHERE json_valid(body)",
                ],
                Backend::Postgres => vec![
                    "ALTER TABLE consent_records
                        ADD COLUMN given_at TEXT COLLATE \"C\" NOT NULL DEFAULT '',
                        ADD COLUMN origin TEXT NOT NULL DEFAULT '',
                        ADD COLUMN format BIGINT NOT NULL DEFAULT 1",
                    "UPDATE consent_records SET given_at = COALESCE(body::json ->> 'client_time', '')",
                ],
            };
            for sql in migrate {
                sqlx::query(sql)
                    .execute(&mut *tx)
                    .await
                    .context("cannot migrate consent_records to ledger format 2")?;
            }
        }
        let finish: Vec<String> = match self.backend {
            Backend::Sqlite => vec![
                "CREATE INDEX IF NOT EXISTS consent_records_given_at
                    ON consent_records (consent_id, given_at)"
                    .into(),
                format!(
                    "CREATE TRIGGER IF NOT EXISTS consent_records_no_update
                     BEFORE UPDATE ON consent_records BEGIN SELECT RAISE(ABORT, '{APPEND_ONLY}'); END"
                ),
                format!(
                    "CREATE TRIGGER IF NOT EXISTS consent_records_no_delete
                     BEFORE DELETE ON consent_records BEGIN SELECT RAISE(ABORT, '{APPEND_ONLY}'); END"
                ),
                format!(
                    "CREATE TRIGGER IF NOT EXISTS consent_checkpoints_no_update
                     BEFORE UPDATE ON consent_checkpoints BEGIN SELECT RAISE(ABORT, '{APPEND_ONLY}'); END"
                ),
                format!(
                    "CREATE TRIGGER IF NOT EXISTS consent_checkpoints_no_delete
                     BEFORE DELETE ON consent_checkpoints BEGIN SELECT RAISE(ABORT, '{APPEND_ONLY}'); END"
                ),
            ],
            // Row triggers on a partitioned table are cloned to every partition, present and
            // future; TRUNCATE has a statement trigger (on the parent). Dropping a partition
            // (retention) is DDL, which the owner keeps.
            Backend::Postgres => vec![
                "CREATE INDEX IF NOT EXISTS consent_records_given_at
                    ON consent_records (consent_id, given_at)"
                    .into(),
                format!(
                    "CREATE OR REPLACE FUNCTION kelisim_append_only() RETURNS trigger
                     LANGUAGE plpgsql AS $$ BEGIN
                       RAISE EXCEPTION '{APPEND_ONLY}' USING ERRCODE = 'insufficient_privilege';
                     END $$"
                ),
                "CREATE OR REPLACE TRIGGER consent_records_append_only
                    BEFORE UPDATE OR DELETE ON consent_records
                    FOR EACH ROW EXECUTE FUNCTION kelisim_append_only()"
                    .into(),
                "CREATE OR REPLACE TRIGGER consent_records_no_truncate
                    BEFORE TRUNCATE ON consent_records
                    FOR EACH STATEMENT EXECUTE FUNCTION kelisim_append_only()"
                    .into(),
                "CREATE OR REPLACE TRIGGER consent_checkpoints_append_only
                    BEFORE UPDATE OR DELETE OR TRUNCATE ON consent_checkpoints
                    FOR EACH STATEMENT EXECUTE FUNCTION kelisim_append_only()"
                    .into(),
                // The anchors of dropped months: `verify` resumes the chain from them.
                "CREATE OR REPLACE TRIGGER consent_dropped_partitions_append_only
                    BEFORE UPDATE OR DELETE OR TRUNCATE ON consent_dropped_partitions
                    FOR EACH STATEMENT EXECUTE FUNCTION kelisim_append_only()"
                    .into(),
            ],
        };
        for sql in finish {
            sqlx::query(&sql)
                .execute(&mut *tx)
                .await
                .context("cannot create the indexes and triggers of consent_records")?;
        }
        tx.commit().await?;
        Ok(())
    }

    /// Makes sure the partitions of `month` and the month after exist (PostgreSQL, partitioned).
    pub(super) async fn ensure_partitions(&self, month: &str) -> Result<()> {
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
}
