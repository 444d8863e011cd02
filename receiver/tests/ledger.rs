//! The ledger (row format 2, `docs/ledger-format.md`) on real databases: an insert stays fast
//! for a consent that holds 10,000 records, UPDATE and DELETE are refused, a format 1 table is
//! migrated and stays verifiable, the JSON Lines export verifies, and signed checkpoints catch a
//! chain rewritten with fresh hashes.

mod common;

use common::{cli, databases, drop_triggers, new_record, record, spawn_serve, uuid};
use kelisim_receiver::store::{chain_hash_v1, row_hash, NewRecord, Store, Verdict};
use serde_json::Value;
use std::time::{Duration, Instant};

/// A record of about 3 KB (a long page address), as real ones can be.
fn large(consent: &str, client_time: &str) -> NewRecord {
    let mut r = record(consent, client_time);
    r["page_url"] = format!("https://example.kz/{}", "p".repeat(2500)).into();
    NewRecord::from_body(&r.to_string(), "https://site.kz")
}

#[tokio::test]
async fn an_insert_stays_fast_for_a_consent_with_10000_records() {
    for db in databases().await {
        let label = db.label;
        let store = Store::open(&db.url, true).await.unwrap();
        let consent = uuid();
        for _ in 0..10 {
            let batch: Vec<NewRecord> = (0..1000)
                .map(|_| large(&consent, "2026-01-31T10:00:00Z"))
                .collect();
            store.append_batch(&batch).await.unwrap();
        }
        assert_eq!(store.count().await.unwrap(), 10_000, "{label}");
        // One insert at a time for the same consent, as a client posting them would: each one
        // looks up the consent's latest given_at in the index, not its 10,000 stored bodies
        // (30 MB here: reading and parsing them took hundreds of milliseconds per insert before).
        let mut took = Vec::new();
        for i in 0..20 {
            let started = Instant::now();
            let r = store
                .append_batch(&[new_record(&consent, &format!("2026-01-31T11:00:{i:02}Z"))])
                .await
                .unwrap();
            took.push(started.elapsed());
            assert!(!r[0].superseded, "{label}");
        }
        took.sort();
        let median = took[took.len() / 2];
        eprintln!("{label}: one insert beside 10,000 records of its consent: median {median:?}");
        assert!(
            median < Duration::from_millis(60),
            "{label}: median insert {median:?} ({took:?})"
        );
        // A late record of that consent (an earlier client_time) is known as superseded.
        let late = store
            .append_batch(&[new_record(&consent, "2026-01-31T10:30:00Z")])
            .await
            .unwrap();
        assert!(late[0].superseded, "{label}");
        let fresh = store
            .append_batch(&[new_record(&uuid(), "2026-01-31T10:30:00Z")])
            .await
            .unwrap();
        assert!(!fresh[0].superseded, "{label}");
        store.pool().close().await;
    }
}

#[tokio::test]
async fn update_and_delete_are_refused() {
    for db in databases().await {
        let label = db.label;
        let store = Store::open(&db.url, true).await.unwrap();
        store
            .append_batch(&[
                new_record(&uuid(), "2026-01-31T10:00:00Z"),
                new_record(&uuid(), "2026-01-31T10:00:00Z"),
            ])
            .await
            .unwrap();
        let mut statements = vec![
            "UPDATE consent_records SET body = '{}' WHERE id = 1",
            "UPDATE consent_records SET origin = 'x'",
            "DELETE FROM consent_records WHERE id = 2",
            "DELETE FROM consent_records",
            "UPDATE consent_checkpoints SET row_id = 1",
            "DELETE FROM consent_checkpoints",
        ];
        if label == "postgres" {
            statements.push("TRUNCATE consent_records");
            statements.push("TRUNCATE consent_checkpoints");
            statements.push("UPDATE consent_dropped_partitions SET rows = 0");
            statements.push("DELETE FROM consent_dropped_partitions");
        }
        // The checkpoints table must hold a row for the row triggers of SQLite to fire.
        let key = ed25519_dalek::SigningKey::from_bytes(&[1u8; 32]);
        store.sign_head(&key).await.unwrap().unwrap();
        for sql in statements {
            let refused = sqlx::query(sql).execute(store.pool()).await.unwrap_err();
            assert!(
                refused.to_string().contains("append-only"),
                "{label}: {sql}: {refused}"
            );
        }
        assert_eq!(store.count().await.unwrap(), 2, "{label}");
        assert!(
            matches!(
                store.verify().await.unwrap(),
                Verdict::Intact { rows: 2, .. }
            ),
            "{label}"
        );
        // Opening again (a restart) keeps the triggers and the rows.
        store.pool().close().await;
        let again = Store::open(&db.url, true).await.unwrap();
        assert!(sqlx::query("DELETE FROM consent_records")
            .execute(again.pool())
            .await
            .is_err());
        again.pool().close().await;
    }
}

#[tokio::test]
async fn a_format_1_ledger_is_migrated_and_stays_verifiable() {
    for db in databases().await {
        let label = db.label;
        // A table as an older version made it (no given_at, origin, format; no triggers).
        sqlx::any::install_default_drivers();
        let url = if label == "sqlite" {
            format!("{}?mode=rwc", db.url)
        } else {
            db.url.clone()
        };
        let pool = sqlx::AnyPool::connect(&url).await.unwrap();
        sqlx::query(
            "CREATE TABLE consent_records (id BIGINT PRIMARY KEY, record_id TEXT NOT NULL,
             consent_id TEXT NOT NULL, received_at TEXT NOT NULL, body TEXT NOT NULL,
             prev_hash TEXT NOT NULL, hash TEXT NOT NULL)",
        )
        .execute(&pool)
        .await
        .unwrap();
        let consent = uuid();
        let mut prev = kelisim_receiver::store::GENESIS.to_owned();
        for id in 1..=3i64 {
            let r = record(&consent, &format!("2026-01-31T10:00:0{id}Z"));
            let at = format!("2026-01-31T10:00:0{id}.000Z");
            let body = r.to_string();
            let hash = chain_hash_v1(&prev, &at, &body);
            sqlx::query("INSERT INTO consent_records VALUES ($1, $2, $3, $4, $5, $6, $7)")
                .bind(id)
                .bind(r["record_id"].as_str().unwrap())
                .bind(&consent)
                .bind(&at)
                .bind(&body)
                .bind(&prev)
                .bind(&hash)
                .execute(&pool)
                .await
                .unwrap();
            prev = hash;
        }
        pool.close().await;

        let store = Store::open(&db.url, true).await.unwrap();
        let old = store.row(2).await.unwrap().unwrap();
        assert_eq!(old.format, 1, "{label}");
        assert_eq!(
            old.given_at, "2026-01-31T10:00:02Z",
            "{label}: read from the body"
        );
        assert_eq!(old.origin, "", "{label}");
        // The migrated given_at answers "superseded" for the old records too.
        let late = store
            .append_batch(&[new_record(&consent, "2026-01-31T10:00:00Z")])
            .await
            .unwrap();
        assert!(late[0].superseded, "{label}");
        let row = store.row(4).await.unwrap().unwrap();
        assert_eq!(row.format, 2, "{label}");
        assert_eq!(row.prev_hash, prev, "{label}: the chain goes on");
        assert_eq!(row.origin, "https://site.kz", "{label}");
        assert!(
            matches!(
                store.verify().await.unwrap(),
                Verdict::Intact { rows: 4, .. }
            ),
            "{label}"
        );
        store.pool().close().await;
        let (code, out, err) = cli(&["verify", "--database", &db.url]).await;
        assert_eq!(code, 0, "{label}: {out}{err}");
    }
}

#[tokio::test]
async fn a_ledger_export_verifies_and_a_forged_line_does_not() {
    for db in databases().await {
        let label = db.label;
        let store = Store::open(&db.url, true).await.unwrap();
        for _ in 0..3 {
            store
                .append_batch(&[new_record(&uuid(), "2026-01-31T10:00:00Z")])
                .await
                .unwrap();
        }
        store.pool().close().await;
        let (code, out, err) = cli(&["export", "--database", &db.url, "--ledger"]).await;
        assert_eq!(code, 0, "{label}: {err}");
        let first: Value = serde_json::from_str(out.lines().next().unwrap()).unwrap();
        let keys: Vec<&String> = first.as_object().unwrap().keys().collect();
        assert_eq!(
            keys,
            [
                "body",
                "consent_id",
                "format",
                "given_at",
                "hash",
                "id",
                "origin",
                "prev_hash",
                "received_at",
                "record_id"
            ],
            "{label}: exactly the keys of docs/ledger-format.md"
        );
        assert!(
            out.starts_with(r#"{"id":1,"format":2,"record_id":""#),
            "{label}: in the documented order: {out}"
        );
        let dir = tempfile::tempdir().unwrap();
        let file = dir.path().join("ledger.jsonl");
        std::fs::write(&file, &out).unwrap();
        let path = file.to_str().unwrap();
        let (code, said, _) = cli(&["verify-export", path]).await;
        assert_eq!(code, 0, "{label}: {said}");
        assert!(
            said.starts_with("3 rows, chain intact; the whole ledger"),
            "{label}: {said}"
        );
        // A range (lines 2 and 3) verifies from its first prev_hash.
        let range: String = out.lines().skip(1).map(|l| format!("{l}\n")).collect();
        std::fs::write(&file, range).unwrap();
        let (code, said, _) = cli(&["verify-export", path]).await;
        assert_eq!(code, 0, "{label}: {said}");
        assert!(said.contains("a range from row 2"), "{label}: {said}");
        // Another origin on line 2: its hash no longer holds.
        let forged: String = out
            .lines()
            .enumerate()
            .map(|(i, l)| match i {
                1 => format!("{}\n", l.replace("https://site.kz", "https://evil.example")),
                _ => format!("{l}\n"),
            })
            .collect();
        std::fs::write(&file, forged).unwrap();
        let (code, said, _) = cli(&["verify-export", path]).await;
        assert_eq!(code, 1, "{label}: {said}");
        assert!(
            said.starts_with("broken at line 2: row id 2: hash mismatch"),
            "{label}: {said}"
        );
        // A line left out: an id gap.
        let gap: String = out
            .lines()
            .enumerate()
            .filter(|(i, _)| *i != 1)
            .map(|(_, l)| format!("{l}\n"))
            .collect();
        std::fs::write(&file, gap).unwrap();
        let (code, said, _) = cli(&["verify-export", path]).await;
        assert_eq!(code, 1, "{label}: {said}");
        assert!(said.contains("row 2 is missing"), "{label}: {said}");
    }
}

/// Rewrites rows `from`.. of the chain with their hashes recomputed, as a database writer
/// without the checkpoint key could: `verify` alone finds nothing.
async fn rewrite_from(store: &Store, from: i64) {
    drop_triggers(store).await;
    let mut prev = store.row(from - 1).await.unwrap().unwrap().hash;
    let mut id = from;
    while let Some(mut row) = store.row(id).await.unwrap() {
        if id == from {
            row.body = row.body.replace("accept-all", "reject-all");
        }
        row.prev_hash = prev;
        let hash = row_hash(&row).unwrap();
        sqlx::query(
            "UPDATE consent_records SET body = $1, prev_hash = $2, hash = $3 WHERE id = $4",
        )
        .bind(&row.body)
        .bind(&row.prev_hash)
        .bind(&hash)
        .bind(id)
        .execute(store.pool())
        .await
        .unwrap();
        prev = hash;
        id += 1;
    }
}

#[tokio::test]
async fn signed_checkpoints_catch_a_rewritten_chain() {
    for db in databases().await {
        let label = db.label;
        let dir = tempfile::tempdir().unwrap();
        let key = dir.path().join("checkpoint.key");
        let key = key.to_str().unwrap();
        let (code, public, err) = cli(&["keygen", "--out", key]).await;
        assert_eq!(code, 0, "{err}");
        let public = public.trim().to_owned();
        assert_eq!(public.len(), 64);
        assert_eq!(
            std::fs::read_to_string(format!("{key}.pub"))
                .unwrap()
                .trim(),
            public
        );
        let (code, _, err) = cli(&["keygen", "--out", key]).await;
        assert_eq!(code, 2, "an existing key is never overwritten: {err}");

        let server = spawn_serve(&db.url, &["--checkpoint-key", key]).await;
        for _ in 0..3 {
            let r = record(&uuid(), "2026-01-31T10:00:00Z");
            assert_eq!(server.post_record(&r).await, Some(201), "{label}");
        }
        let log = server.log.clone();
        assert_eq!(server.stop().await, 0, "{label}");
        // The log reader may still hold the last lines.
        tokio::time::sleep(Duration::from_millis(300)).await;
        // Signed at shutdown, and logged (the copy kept outside the database).
        let logged: Vec<String> = log
            .lock()
            .unwrap()
            .iter()
            .filter(|l| l.starts_with(r#"{"checkpoint":"#))
            .cloned()
            .collect();
        assert_eq!(logged.len(), 1, "{label}: {:?}", log.lock().unwrap());
        let kept = dir.path().join("checkpoints.log");
        std::fs::write(&kept, logged.join("\n")).unwrap();
        let kept = kept.to_str().unwrap();

        let (code, out, _) = cli(&["verify", "--database", &db.url, "--key", &public]).await;
        assert_eq!(code, 0, "{label}: {out}");
        assert!(
            out.contains("1 checkpoints signed by the key hold; the last signs row 3"),
            "{label}: {out}"
        );
        let pub_file = format!("{key}.pub");
        let (code, _, _) = cli(&["verify", "--database", &db.url, "--key", &pub_file]).await;
        assert_eq!(code, 0, "{label}: the key read from FILE.pub");
        let other = "11".repeat(32);
        let (code, out, _) = cli(&["verify", "--database", &db.url, "--key", &other]).await;
        assert_eq!(code, 1, "{label}: {out}");

        let store = Store::open(&db.url, false).await.unwrap();
        rewrite_from(&store, 2).await;
        let (code, out, _) = cli(&["verify", "--database", &db.url]).await;
        assert_eq!(
            code, 0,
            "{label}: without the key, a rehashed chain passes: {out}"
        );
        assert!(out.contains("checkpoints not checked"), "{label}: {out}");
        let (code, out, _) = cli(&["verify", "--database", &db.url, "--key", &public]).await;
        assert_eq!(code, 1, "{label}: {out}");
        assert!(
            out.contains("row 3 no longer has the hash signed"),
            "{label}: {out}"
        );

        // Checkpoints deleted from the database: the copy kept elsewhere still catches it.
        sqlx::query("DELETE FROM consent_checkpoints")
            .execute(store.pool())
            .await
            .unwrap();
        let (code, out, _) = cli(&["verify", "--database", &db.url, "--key", &public]).await;
        assert_eq!(code, 1, "{label}: {out}");
        assert!(
            out.contains("no checkpoint signed by this key"),
            "{label}: {out}"
        );
        let (code, out, _) = cli(&[
            "verify",
            "--database",
            &db.url,
            "--key",
            &public,
            "--checkpoints",
            kept,
        ])
        .await;
        assert_eq!(code, 1, "{label}: {out}");
        assert!(
            out.contains("no longer has the hash signed"),
            "{label}: {out}"
        );

        // The last row cut off: the row signed is gone.
        sqlx::query("DELETE FROM consent_records WHERE id = 3")
            .execute(store.pool())
            .await
            .unwrap();
        let (code, out, _) = cli(&[
            "verify",
            "--database",
            &db.url,
            "--key",
            &public,
            "--checkpoints",
            kept,
        ])
        .await;
        assert_eq!(code, 1, "{label}: {out}");
        assert!(out.contains("row 3 is gone"), "{label}: {out}");
        store.pool().close().await;
    }
}
