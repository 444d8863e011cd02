//! The ledger's JSON Lines export (docs/ledger-format.md) and its verification.

use serde_json::Value;
use sha2::{Digest, Sha256};

/// One exported row. `origin` and `format` are `None` in the older export of the Rust receiver
/// (`export --with-receipt`, `{"id", "received_at", "hash", "record"}`), which is read for the
/// record ids only.
#[derive(Clone, Debug)]
pub struct Row {
    pub id: i64,
    pub record_id: String,
    pub origin: Option<String>,
    pub line: Value,
}

/// The rows of an export, or the first line that is not a row.
pub fn parse(text: &str) -> Result<Vec<Row>, String> {
    text.lines()
        .enumerate()
        .filter(|(_, l)| !l.trim().is_empty())
        .map(|(i, l)| {
            let v: Value = serde_json::from_str(l).map_err(|e| format!("line {}: {e}", i + 1))?;
            let record_id = v["record_id"]
                .as_str()
                .or_else(|| v["record"]["record_id"].as_str())
                .ok_or(format!("line {}: no record_id", i + 1))?
                .to_owned();
            Ok(Row {
                id: v["id"].as_i64().ok_or(format!("line {}: no id", i + 1))?,
                record_id,
                origin: v["origin"].as_str().map(str::to_owned),
                line: v,
            })
        })
        .collect()
}

fn sha256_hex(text: &str) -> String {
    Sha256::digest(text.as_bytes())
        .iter()
        .map(|b| format!("{b:02x}"))
        .collect()
}

/// The hash of a format-2 row.
pub fn hash2(v: &Value) -> String {
    let s = |k: &str| v[k].as_str().unwrap_or_default();
    sha256_hex(&format!(
        "kelisim-ledger-2\n{}\n{}\n{}\n{}\n{}\n{}\n{}",
        s("prev_hash"),
        s("received_at"),
        s("record_id"),
        s("consent_id"),
        s("given_at"),
        s("origin"),
        s("body")
    ))
}

const KEYS: [&str; 10] = [
    "id",
    "format",
    "record_id",
    "consent_id",
    "given_at",
    "received_at",
    "origin",
    "body",
    "prev_hash",
    "hash",
];

/// Checks every line's keys, hash, link to the previous line and id; names the first broken line.
pub fn verify(rows: &[Row]) -> Result<(), String> {
    let mut prev: Option<(&Row, String)> = None;
    for (i, row) in rows.iter().enumerate() {
        let n = i + 1;
        let v = &row.line;
        let keys: Vec<&String> = v
            .as_object()
            .map(|o| o.keys().collect())
            .unwrap_or_default();
        if keys.len() != KEYS.len() || KEYS.iter().any(|k| v.get(*k).is_none()) {
            return Err(format!("line {n}: keys {keys:?}, want exactly {KEYS:?}"));
        }
        let hash = match v["format"].as_i64() {
            Some(2) => hash2(v),
            Some(1) => sha256_hex(&format!(
                "{}\n{}\n{}",
                v["prev_hash"].as_str().unwrap_or_default(),
                v["received_at"].as_str().unwrap_or_default(),
                v["body"].as_str().unwrap_or_default()
            )),
            f => return Err(format!("line {n}: unknown format {f:?}")),
        };
        if v["hash"] != hash.as_str() {
            return Err(format!(
                "line {n} (id {}): the hash does not match: the row was altered",
                row.id
            ));
        }
        if n == 1 && row.id == 1 && v["prev_hash"] != "0".repeat(64).as_str() {
            return Err("line 1: id 1 without 64 zeros as prev_hash".into());
        }
        if let Some((p, h)) = &prev {
            if row.id != p.id + 1 {
                return Err(format!(
                    "line {n}: id {} after {}: a row is missing",
                    row.id, p.id
                ));
            }
            if v["prev_hash"] != h.as_str() {
                return Err(format!(
                    "line {n} (id {}): prev_hash is not the previous line's hash",
                    row.id
                ));
            }
        }
        prev = Some((row, hash));
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    fn chain(n: usize) -> Vec<Value> {
        let mut prev = "0".repeat(64);
        (1..=n)
            .map(|id| {
                let mut v = json!({
                    "id": id, "format": 2, "record_id": format!("r{id}"), "consent_id": "c",
                    "given_at": "2026-12-03T08:00:00Z", "received_at": "2026-12-03T08:15:00.123Z",
                    "origin": "https://shop.kz", "body": "{\"a\":1}", "prev_hash": prev, "hash": "",
                });
                let h = hash2(&v);
                v["hash"] = json!(h);
                prev = h;
                v
            })
            .collect()
    }

    fn rows(lines: &[Value]) -> Vec<Row> {
        parse(&lines.iter().map(|l| format!("{l}\n")).collect::<String>()).unwrap()
    }

    #[test]
    fn the_format_2_hash_covers_every_column_in_the_documented_order() {
        let v = json!({"prev_hash": "p", "received_at": "t", "record_id": "r", "consent_id": "c",
            "given_at": "g", "origin": "o", "body": "b"});
        let want: String = Sha256::digest(b"kelisim-ledger-2\np\nt\nr\nc\ng\no\nb")
            .iter()
            .map(|b| format!("{b:02x}"))
            .collect();
        assert_eq!(hash2(&v), want);
    }

    #[test]
    fn an_intact_chain_passes_and_every_break_is_named() {
        let good = chain(3);
        assert_eq!(verify(&rows(&good)), Ok(()));
        for (column, value) in [
            ("body", json!("{}")),
            ("origin", json!("")),
            ("consent_id", json!("d")),
        ] {
            let mut bad = good.clone();
            bad[1][column] = value;
            assert!(
                verify(&rows(&bad)).unwrap_err().starts_with("line 2"),
                "{column}"
            );
        }
        // A row deleted: a gap in the ids.
        let gap = vec![good[0].clone(), good[2].clone()];
        assert!(verify(&rows(&gap)).unwrap_err().contains("missing"));
        // An extra key is not the export format.
        let mut extra = good.clone();
        extra[0]["ip"] = json!("10.0.0.1");
        assert!(verify(&rows(&extra)).is_err());
    }
}
