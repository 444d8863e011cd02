//! The hash chain: a row's hash (formats 1 and 2), the check of one link, `verify` over the
//! table, and the ledger's JSON Lines export with its check (`verify-export`), as
//! `docs/ledger-format.md` defines them for every receiver.

use super::{Store, StoredRow, Verdict, COLUMNS, GENESIS, PAGE};
use anyhow::{Context, Result};
use serde::{Deserialize, Serialize};
use sha2::{Digest, Sha256};

fn hex(digest: &[u8]) -> String {
    digest.iter().map(|b| format!("{b:02x}")).collect()
}

/// Format 1 (rows stored before format 2): SHA-256 hex of
/// `prev_hash "\n" received_at "\n" body`.
pub fn chain_hash_v1(prev_hash: &str, received_at: &str, body: &str) -> String {
    let mut h = Sha256::new();
    for (i, part) in [prev_hash, received_at, body].into_iter().enumerate() {
        if i > 0 {
            h.update(b"\n");
        }
        h.update(part.as_bytes());
    }
    hex(&h.finalize())
}

/// Format 2: SHA-256 hex of `"kelisim-ledger-2" "\n" prev_hash "\n" received_at "\n" record_id
/// "\n" consent_id "\n" given_at "\n" origin "\n" body` (every stored column but `id`, which the
/// links already order).
pub fn chain_hash_v2(
    prev_hash: &str,
    received_at: &str,
    record_id: &str,
    consent_id: &str,
    given_at: &str,
    origin: &str,
    body: &str,
) -> String {
    let mut h = Sha256::new();
    h.update(b"kelisim-ledger-2");
    for part in [
        prev_hash,
        received_at,
        record_id,
        consent_id,
        given_at,
        origin,
        body,
    ] {
        h.update(b"\n");
        h.update(part.as_bytes());
    }
    hex(&h.finalize())
}

/// The hash `row` must have, by its format; `None` for a format this version does not know.
pub fn row_hash(row: &StoredRow) -> Option<String> {
    match row.format {
        1 => Some(chain_hash_v1(&row.prev_hash, &row.received_at, &row.body)),
        2 => Some(chain_hash_v2(
            &row.prev_hash,
            &row.received_at,
            &row.record_id,
            &row.consent_id,
            &row.given_at,
            &row.origin,
            &row.body,
        )),
        _ => None,
    }
}

/// The row the writer stores for `record` at `id` after a row whose hash is `prev_hash`
/// (format 2): the one place a new row and its hash are made. Fuzzed with [`verify_export`] by
/// `fuzz/fuzz_targets/ledger.rs`.
pub fn link(prev_hash: &str, id: i64, received_at: &str, record: &super::NewRecord) -> StoredRow {
    let mut row = StoredRow {
        id,
        record_id: record.record_id.clone(),
        consent_id: record.consent_id.clone(),
        given_at: record.given_at.clone(),
        received_at: received_at.to_owned(),
        origin: record.origin.clone(),
        body: record.body.clone(),
        prev_hash: prev_hash.to_owned(),
        hash: String::new(),
        format: 2,
    };
    row.hash = chain_hash_v2(
        &row.prev_hash,
        &row.received_at,
        &row.record_id,
        &row.consent_id,
        &row.given_at,
        &row.origin,
        &row.body,
    );
    row
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
    let Some(hash) = row_hash(row) else {
        return Some(format!(
            "unknown row format {}: the row was altered, or written by a newer receiver",
            row.format
        ));
    };
    if hash != row.hash {
        return Some(if row.format == 1 {
            "hash mismatch: the row was altered (received_at or body changed)".to_owned()
        } else {
            "hash mismatch: the row was altered (a stored column changed)".to_owned()
        });
    }
    let body = serde_json::from_str::<serde_json::Value>(&row.body).unwrap_or_default();
    if body["record_id"].as_str() != Some(row.record_id.as_str()) {
        return Some(
            "the record_id column differs from the body's record_id: the row was altered"
                .to_owned(),
        );
    }
    if row.format >= 2 {
        if body["consent_id"].as_str() != Some(row.consent_id.as_str()) {
            return Some(
                "the consent_id column differs from the body's consent_id: the row was written \
                 wrong or altered"
                    .to_owned(),
            );
        }
        if body["client_time"].as_str() != Some(row.given_at.as_str()) {
            return Some(
                "the given_at column differs from the body's client_time: the row was written \
                 wrong or altered"
                    .to_owned(),
            );
        }
    }
    None
}

/// One line of the ledger's JSON Lines export: every column, `body` as a JSON string, in this
/// key order.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ExportLine {
    /// Position in the chain.
    pub id: i64,
    /// Row format, 1 or 2.
    pub format: i64,
    /// The record's id.
    pub record_id: String,
    /// Its consent id.
    pub consent_id: String,
    /// Its `client_time`.
    pub given_at: String,
    /// When it was stored.
    pub received_at: String,
    /// The request's origin.
    pub origin: String,
    /// The exact JSON text received.
    pub body: String,
    /// The previous row's hash.
    pub prev_hash: String,
    /// This row's hash.
    pub hash: String,
}

impl From<&StoredRow> for ExportLine {
    fn from(r: &StoredRow) -> Self {
        ExportLine {
            id: r.id,
            format: r.format,
            record_id: r.record_id.clone(),
            consent_id: r.consent_id.clone(),
            given_at: r.given_at.clone(),
            received_at: r.received_at.clone(),
            origin: r.origin.clone(),
            body: r.body.clone(),
            prev_hash: r.prev_hash.clone(),
            hash: r.hash.clone(),
        }
    }
}

impl From<ExportLine> for StoredRow {
    fn from(l: ExportLine) -> Self {
        StoredRow {
            id: l.id,
            record_id: l.record_id,
            consent_id: l.consent_id,
            given_at: l.given_at,
            received_at: l.received_at,
            origin: l.origin,
            body: l.body,
            prev_hash: l.prev_hash,
            hash: l.hash,
            format: l.format,
        }
    }
}

/// What `verify-export` found in a JSON Lines export.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum ExportVerdict {
    /// Every line links to the one before it.
    Intact {
        /// How many lines.
        rows: u64,
        /// The first line's id (0 when empty).
        first_id: i64,
        /// Whether it starts the whole ledger (id 1 after the genesis hash).
        from_genesis: bool,
        /// The last line's hash.
        head: String,
    },
    /// The first broken line.
    Broken {
        /// Its line number, from 1.
        line: u64,
        /// What is wrong.
        problem: String,
    },
}

/// Checks an export read from `lines`: each hash recomputed, each `prev_hash` the previous
/// line's `hash`, ids without gaps (the first line's `prev_hash` is taken as given, so a range
/// checks too; [`ExportVerdict::Intact::from_genesis`] says whether it is the whole ledger).
pub fn verify_export(
    lines: impl Iterator<Item = std::io::Result<String>>,
) -> Result<ExportVerdict> {
    let mut expected: Option<(i64, String)> = None;
    let (mut rows, mut first_id, mut from_genesis) = (0u64, 0i64, false);
    let mut head = GENESIS.to_owned();
    for (n, line) in lines.enumerate() {
        let number = n as u64 + 1;
        let line = line.context("cannot read the export")?;
        let parsed: ExportLine = match serde_json::from_str(&line) {
            Ok(l) => l,
            Err(e) => {
                return Ok(ExportVerdict::Broken {
                    line: number,
                    problem: format!("not a line of a ledger export: {e}"),
                })
            }
        };
        let row = StoredRow::from(parsed);
        let (id, prev) = expected
            .clone()
            .unwrap_or_else(|| (row.id, row.prev_hash.clone()));
        if expected.is_none() {
            first_id = row.id;
            from_genesis = row.id == 1 && row.prev_hash == GENESIS;
            if row.id == 1 && row.prev_hash != GENESIS {
                return Ok(ExportVerdict::Broken {
                    line: number,
                    problem: "row 1 does not follow the genesis hash (64 zeros)".into(),
                });
            }
        }
        if let Some(problem) = check_link(&row, id, &prev) {
            return Ok(ExportVerdict::Broken {
                line: number,
                problem: format!("row id {}: {problem}", row.id),
            });
        }
        rows += 1;
        head = row.hash.clone();
        expected = Some((row.id + 1, row.hash));
    }
    Ok(ExportVerdict::Intact {
        rows,
        first_id,
        from_genesis,
        head,
    })
}

impl Store {
    pub(super) async fn page(&self, after: i64, from: &str, to: &str) -> Result<Vec<StoredRow>> {
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

    /// The row `id`, if stored.
    pub async fn row(&self, id: i64) -> Result<Option<StoredRow>> {
        let row = sqlx::query(&format!(
            "SELECT {COLUMNS} FROM consent_records WHERE id = $1"
        ))
        .bind(id)
        .fetch_optional(&self.pool)
        .await
        .context("cannot read the records")?;
        row.as_ref()
            .map(StoredRow::from_row)
            .transpose()
            .context("unexpected column types in consent_records")
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

#[cfg(test)]
mod tests {
    use super::*;

    fn row(body: &str) -> StoredRow {
        let mut r = StoredRow {
            id: 1,
            record_id: "r1".into(),
            consent_id: "c1".into(),
            given_at: "2026-01-31T10:00:00Z".into(),
            received_at: "t".into(),
            origin: "https://site.kz".into(),
            body: body.into(),
            prev_hash: GENESIS.into(),
            hash: String::new(),
            format: 2,
        };
        r.hash = row_hash(&r).unwrap();
        r
    }

    const BODY: &str =
        r#"{"record_id":"r1","consent_id":"c1","client_time":"2026-01-31T10:00:00Z"}"#;

    #[test]
    fn hashes_chain() {
        let h = chain_hash_v1(GENESIS, "2026-01-31T10:00:00.000Z", "{}");
        assert_eq!(h.len(), 64);
        assert_ne!(h, chain_hash_v1(GENESIS, "2026-01-31T10:00:00.001Z", "{}"));
        // The separator matters: moving a character across it changes the hash.
        assert_ne!(chain_hash_v1("a", "b\nc", ""), chain_hash_v1("a", "b", "c"));
        let mut sha = Sha256::new();
        sha.update(format!("{GENESIS}\nT\n{{}}"));
        assert_eq!(chain_hash_v1(GENESIS, "T", "{}"), hex(&sha.finalize()));
        // Format 2, as docs/ledger-format.md spells it.
        let mut sha = Sha256::new();
        sha.update(format!("kelisim-ledger-2\n{GENESIS}\nT\nr\nc\ng\no\n{{}}"));
        assert_eq!(
            chain_hash_v2(GENESIS, "T", "r", "c", "g", "o", "{}"),
            hex(&sha.finalize())
        );
    }

    #[test]
    fn every_column_is_in_the_hash() {
        let good = row(BODY);
        assert_eq!(check_link(&good, 1, GENESIS), None);
        let changes: [fn(&mut StoredRow); 6] = [
            |r| r.consent_id = "c2".into(),
            |r| r.given_at = "2026-01-31T10:00:01Z".into(),
            |r| r.origin = "https://evil.example".into(),
            |r| r.received_at = "u".into(),
            |r| r.body.push(' '),
            |r| r.format = 1,
        ];
        for change in changes {
            let mut r = good.clone();
            change(&mut r);
            assert!(
                check_link(&r, 1, GENESIS)
                    .unwrap()
                    .starts_with("hash mismatch"),
                "{r:?}"
            );
        }
        let mut r = good.clone();
        r.format = 3;
        assert!(check_link(&r, 1, GENESIS)
            .unwrap()
            .contains("unknown row format"));
    }

    #[test]
    fn links() {
        let good = row(BODY);
        assert!(check_link(&good, 1, "x").unwrap().contains("genesis"));
        let later = StoredRow {
            id: 3,
            ..good.clone()
        };
        assert!(check_link(&later, 2, GENESIS)
            .unwrap()
            .contains("row 2 is missing"));
        let mut renamed = row(BODY);
        renamed.record_id = "r2".into();
        renamed.hash = row_hash(&renamed).unwrap();
        assert!(check_link(&renamed, 1, GENESIS)
            .unwrap()
            .contains("record_id column"));
        let mut other = row(BODY);
        other.consent_id = "c2".into();
        other.hash = row_hash(&other).unwrap();
        assert!(check_link(&other, 1, GENESIS)
            .unwrap()
            .contains("consent_id column"));
        // A format 1 row is checked by its own hash.
        let mut old = row(r#"{"record_id":"r1"}"#);
        old.format = 1;
        old.hash = chain_hash_v1(GENESIS, "t", &old.body);
        assert_eq!(check_link(&old, 1, GENESIS), None);
    }

    #[test]
    fn a_hash_mismatch_says_what_the_rows_format_covers() {
        let mut new = row(BODY);
        new.origin = "https://evil.example".into();
        let said = check_link(&new, 1, GENESIS).unwrap();
        assert!(said.contains("a stored column changed"), "{said}");
        let mut old = row(r#"{"record_id":"r1"}"#);
        old.format = 1;
        old.hash = chain_hash_v1(GENESIS, "t", &old.body);
        old.received_at = "later".into();
        let said = check_link(&old, 1, GENESIS).unwrap();
        assert!(said.contains("received_at or body changed"), "{said}");
    }

    #[test]
    fn a_range_after_row_1_is_not_the_whole_ledger_whatever_its_first_prev_hash() {
        // Row 2 claiming the genesis hash as its predecessor: a consistent range, but not the
        // start of the ledger (only row 1 follows the genesis hash).
        let mut second =
            row(r#"{"record_id":"r2","consent_id":"c1","client_time":"2026-01-31T10:00:00Z"}"#);
        second.id = 2;
        second.record_id = "r2".into();
        second.hash = row_hash(&second).unwrap();
        let line = serde_json::to_string(&ExportLine::from(&second)).unwrap();
        assert_eq!(
            verify_export(std::iter::once(Ok(line))).unwrap(),
            ExportVerdict::Intact {
                rows: 1,
                first_id: 2,
                from_genesis: false,
                head: second.hash.clone()
            }
        );
    }

    #[test]
    fn an_export_is_checked_line_by_line() {
        let first = row(BODY);
        let mut second =
            row(r#"{"record_id":"r2","consent_id":"c1","client_time":"2026-01-31T10:00:00Z"}"#);
        second.id = 2;
        second.record_id = "r2".into();
        second.prev_hash = first.hash.clone();
        second.hash = row_hash(&second).unwrap();
        let text = |rows: &[&StoredRow]| -> Vec<std::io::Result<String>> {
            rows.iter()
                .map(|r| Ok(serde_json::to_string(&ExportLine::from(*r)).unwrap()))
                .collect()
        };
        let line = serde_json::to_string(&ExportLine::from(&first)).unwrap();
        assert!(line.starts_with(r#"{"id":1,"format":2,"record_id":"r1","consent_id":"c1","#));
        assert_eq!(
            verify_export(text(&[&first, &second]).into_iter()).unwrap(),
            ExportVerdict::Intact {
                rows: 2,
                first_id: 1,
                from_genesis: true,
                head: second.hash.clone()
            }
        );
        // A range starts anywhere.
        assert!(matches!(
            verify_export(text(&[&second]).into_iter()).unwrap(),
            ExportVerdict::Intact {
                first_id: 2,
                from_genesis: false,
                ..
            }
        ));
        let mut forged = second.clone();
        forged.origin = "https://evil.example".into();
        assert!(matches!(
            verify_export(text(&[&first, &forged]).into_iter()).unwrap(),
            ExportVerdict::Broken { line: 2, ref problem } if problem.contains("hash mismatch")
        ));
        assert!(matches!(
            verify_export(text(&[&second, &first]).into_iter()).unwrap(),
            ExportVerdict::Broken { line: 2, .. }
        ));
        let junk = vec![Ok("{\"id\":1}".to_owned())];
        assert!(matches!(
            verify_export(junk.into_iter()).unwrap(),
            ExportVerdict::Broken { line: 1, .. }
        ));
    }
}
