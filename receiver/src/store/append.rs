//! Appending: one transaction per batch under the chain lock, which reads which record ids are
//! stored, the latest `given_at` of the batch's consents and the last row, then inserts the
//! batch in four round trips whatever its size.

use super::chain::link;
use super::{
    month_of, now_rfc3339, Appended, Backend, BatchResult, NewRecord, Store, CHAIN_LOCK, GENESIS,
};
use anyhow::{Context, Result};

impl Store {
    /// Appends a record's exact JSON text (its ids and `client_time` read from it), from
    /// `origin`, unless its record id is already stored.
    pub async fn append(&self, body: &str, origin: &str) -> Result<Appended> {
        let record = NewRecord::from_body(body, origin);
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
        // One statement reads the record ids stored already ('r'), the latest given_at of each
        // of the batch's consents ('c': one look-up in the index on (consent_id, given_at), however
        // many records the consent holds) and the last row ('l').
        let read = match self.backend {
            Backend::Postgres => {
                "SELECT 'r' AS kind, record_id AS k, id, '' AS v FROM consent_records
                   WHERE record_id = ANY (ARRAY(SELECT json_array_elements_text($1::json)))
                 UNION ALL
                 SELECT 'c', c, CAST(0 AS BIGINT),
                   COALESCE((SELECT MAX(given_at) FROM consent_records WHERE consent_id = c), '')
                   FROM json_array_elements_text($2::json) AS c
                 UNION ALL
                 SELECT * FROM (SELECT 'l', hash, id, received_at::text FROM consent_records
                   ORDER BY id DESC LIMIT 1) AS last"
            }
            Backend::Sqlite => {
                "SELECT 'r' AS kind, record_id AS k, id, '' AS v FROM consent_records
                   WHERE record_id IN (SELECT value FROM json_each($1))
                 UNION ALL
                 SELECT 'c', c.value, 0,
                   COALESCE((SELECT MAX(given_at) FROM consent_records WHERE consent_id = c.value), '')
                   FROM json_each($2) AS c
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
        // The latest client_time stored per consent of the batch (RFC 3339 UTC to the second:
        // the texts compare as the times).
        let mut latest: HashMap<String, String> = HashMap::new();
        let mut last: Option<(i64, String, String)> = None;
        for (kind, key, id, value) in rows {
            match kind.as_str() {
                "r" => {
                    stored.insert(key, id);
                }
                "c" => {
                    latest.insert(key, value);
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
            let row = link(&prev_hash, next_id, &received_at, r);
            stored.insert(r.record_id.clone(), next_id);
            results.push(Appended::Stored {
                id: next_id,
                received_at: received_at.clone(),
                hash: row.hash.clone(),
            });
            let e = latest.entry(r.consent_id.clone()).or_default();
            if r.given_at > *e {
                e.clone_from(&r.given_at);
            }
            prev_hash.clone_from(&row.hash);
            new_rows.push(serde_json::json!({
                "id": row.id,
                "record_id": row.record_id,
                "consent_id": row.consent_id,
                "given_at": row.given_at,
                "received_at": row.received_at,
                "origin": row.origin,
                "body": row.body,
                "prev_hash": row.prev_hash,
                "hash": row.hash,
            }));
            next_id += 1;
        }
        if !new_rows.is_empty() {
            let insert = match self.backend {
                Backend::Postgres => {
                    "INSERT INTO consent_records (id, record_id, consent_id, given_at,
                        received_at, origin, body, prev_hash, hash, format)
                     SELECT id, record_id, consent_id, given_at, received_at, origin, body,
                        prev_hash, hash, 2
                     FROM json_to_recordset($1::json) AS x(id BIGINT, record_id TEXT,
                        consent_id TEXT, given_at TEXT, received_at TEXT, origin TEXT, body TEXT,
                        prev_hash TEXT, hash TEXT)
                     ORDER BY id"
                }
                Backend::Sqlite => {
                    "INSERT INTO consent_records (id, record_id, consent_id, given_at,
                        received_at, origin, body, prev_hash, hash, format)
                     SELECT value ->> '$.id', value ->> '$.record_id', value ->> '$.consent_id',
                        value ->> '$.given_at', value ->> '$.received_at', value ->> '$.origin',
                        value ->> '$.body', value ->> '$.prev_hash', value ->> '$.hash', 2
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
                superseded: latest.get(&r.consent_id).is_some_and(|l| *l > r.given_at),
                appended,
            })
            .collect())
    }
}
