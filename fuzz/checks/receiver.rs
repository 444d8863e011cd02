//! What must hold for any body of `POST /consent`, and for the ledger the writer makes of any
//! records: shared by the fuzz targets (`fuzz/fuzz_targets/record.rs`, `ledger.rs`) and the
//! receiver's tests (`receiver/tests/properties.rs`).

// Each fuzz target uses one of the checks.
#![allow(dead_code)]

use kelisim_receiver::server::RecordReader;
use kelisim_receiver::store::chain::{link, verify_export, ExportLine, ExportVerdict};
use kelisim_receiver::store::{NewRecord, StoredRow, GENESIS};

/// The reasons a body is refused for.
pub const REASONS: [&str; 5] = [
    "not_utf8",
    "too_deep",
    "invalid_json",
    "schema",
    "client_time",
];

/// The record parser: no panic; an accepted body is stored as the exact text and is a record
/// with a valid id, consent id and time; a refused one has a known reason and says why. Whether
/// `body` was accepted.
pub fn record(reader: &RecordReader, body: &[u8]) -> bool {
    match reader.read(body) {
        Ok((text, record, consent)) => {
            assert_eq!(text.as_bytes(), body);
            assert!(kelisim::cookie::is_uuid(&record.record_id));
            assert_eq!(consent.id, record.consent_id);
            assert!(record.given_unix().is_some());
            true
        }
        Err(refusal) => {
            assert!(REASONS.contains(&refusal.reason), "{}", refusal.reason);
            assert!(!refusal.error.is_empty());
            false
        }
    }
}

/// The ledger's writer and its export check, for any records: the rows the writer links
/// ([`link`]) export to lines that `verify_export` accepts, the whole ledger from the genesis
/// hash; and after any one byte of that export is changed, `verify_export` never panics and
/// accepts it only when every line still reads as the same row (the first line's `id` aside,
/// which a range takes as given). `data` is split at 0xFF into records (at most 16); its first
/// bytes place and make the change. Whether the changed export still verified.
pub fn ledger(data: &[u8]) -> bool {
    let mut prev = GENESIS.to_owned();
    let mut rows = Vec::new();
    for (i, chunk) in data.split(|&b| b == 0xFF).take(16).enumerate() {
        let text = String::from_utf8_lossy(chunk).into_owned();
        let given = format!("2026-01-31T10:00:{:02}Z", i % 60);
        let body = serde_json::json!({
            "record_id": format!("r{i}"),
            "consent_id": text,
            "client_time": given,
            "page_url": text,
        })
        .to_string();
        let record = NewRecord::from_body(&body, &text);
        let row = link(&prev, i as i64 + 1, "2026-01-31T10:00:00.000Z", &record);
        prev.clone_from(&row.hash);
        rows.push(row);
    }
    let export: String = rows
        .iter()
        .map(|r| format!("{}\n", serde_json::to_string(&ExportLine::from(r)).unwrap()))
        .collect();
    let lines = |text: &str| -> Vec<std::io::Result<String>> {
        text.lines().map(|l| Ok(l.to_owned())).collect()
    };
    match verify_export(lines(&export).into_iter()).unwrap() {
        ExportVerdict::Intact {
            rows: n,
            from_genesis,
            head,
            ..
        } => {
            assert_eq!(n as usize, rows.len());
            assert!(from_genesis);
            assert_eq!(head, prev);
        }
        ExportVerdict::Broken { line, problem } => panic!("line {line}: {problem}"),
    }
    // One byte changed.
    let mut changed = export.clone().into_bytes();
    let at = data
        .iter()
        .take(4)
        .fold(0usize, |a, &b| a.wrapping_mul(251).wrapping_add(b as usize))
        % changed.len();
    let to = data.get(4).copied().unwrap_or(b'x');
    if changed[at] == to {
        return true;
    }
    changed[at] = to;
    let changed = String::from_utf8_lossy(&changed).into_owned();
    let verdict = verify_export(lines(&changed).into_iter()).unwrap();
    let parsed: Option<Vec<StoredRow>> = changed
        .lines()
        .map(|l| {
            serde_json::from_str::<ExportLine>(l)
                .ok()
                .map(StoredRow::from)
        })
        .collect();
    let same = parsed.is_some_and(|p| {
        p.len() == rows.len()
            && p.iter().zip(&rows).enumerate().all(|(i, (a, b))| {
                a == b
                    || (i == 0
                        && StoredRow {
                            id: b.id,
                            ..a.clone()
                        } == *b)
            })
    });
    match verdict {
        ExportVerdict::Intact { .. } => {
            assert!(same, "a changed export verified: {changed}");
            true
        }
        ExportVerdict::Broken { .. } => {
            assert!(
                !same,
                "an export reading as the same rows was refused: {changed}"
            );
            false
        }
    }
}
