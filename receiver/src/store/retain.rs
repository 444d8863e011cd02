//! Retention on PostgreSQL: whole monthly partitions older than the retention period are
//! dropped, their first and last ids and hashes kept in `consent_dropped_partitions`, from which
//! `verify` resumes the chain.

use super::{
    lock_chain, month_of, months_before, now_rfc3339, Dropped, DroppedRow, Store, Verdict,
};
use anyhow::{bail, Context, Result};

impl Store {
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
}
