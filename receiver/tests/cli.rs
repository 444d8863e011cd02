//! The `verify` and `export` subcommands of the real binary, on databases filled through real
//! HTTP: a clean chain passes; a changed row and a deleted row are found; export filters by date.

mod common;

use common::{cli, databases, record, sql, start, uuid};
use kelisim_receiver::store::{row_hash, NewRecord, Store};
use serde_json::Value;

/// Fills `url` with `n` records through a real server; returns their record ids in order.
async fn fill(url: &str, n: usize) -> Vec<String> {
    let server = start(url, common::options()).await;
    let mut ids = Vec::new();
    for i in 0..n {
        let mut r = record(&uuid(), "2026-01-31T10:00:00Z");
        r["revision"] = (i as u32 + 1).into();
        assert_eq!(server.post_record(&r).await.status(), 201);
        ids.push(r["record_id"].as_str().unwrap().to_owned());
    }
    server.stop().await;
    ids
}

#[tokio::test]
async fn verify_passes_on_a_clean_chain() {
    for db in databases().await {
        let label = db.label;
        fill(&db.url, 5).await;
        let (code, out, err) = cli(&["verify", "--database", &db.url]).await;
        assert_eq!(code, 0, "{label}: {out}{err}");
        assert!(
            out.starts_with("5 rows, chain intact; head hash "),
            "{label}: {out}"
        );
    }
}

#[tokio::test]
async fn verify_finds_a_changed_row() {
    for db in databases().await {
        let label = db.label;
        let ids = fill(&db.url, 5).await;
        sql(
            &db.url,
            "UPDATE consent_records SET body = replace(body, 'accept-all', 'reject-all') WHERE id = 3",
        )
        .await;
        let (code, out, err) = cli(&["verify", "--database", &db.url]).await;
        assert_eq!(code, 1, "{label}: {out}{err}");
        assert!(
            out.contains(&format!("row id 3 (record_id {})", ids[2])),
            "{label}: {out}"
        );
        assert!(out.contains("hash mismatch"), "{label}: {out}");
        assert!(
            out.contains("2 rows before it are intact"),
            "{label}: {out}"
        );
    }
}

#[tokio::test]
async fn verify_finds_a_changed_row_whose_hash_was_rewritten() {
    for db in databases().await {
        let label = db.label;
        fill(&db.url, 4).await;
        // A forger who alters row 2 and recomputes its hash breaks the link of row 3.
        let store = Store::open(&db.url, false).await.unwrap();
        common::drop_triggers(&store).await;
        let mut row = store.row(2).await.unwrap().unwrap();
        row.body = row.body.replace("accept-all", "reject-all");
        let forged = row_hash(&row).unwrap();
        sqlx::query("UPDATE consent_records SET body = $1, hash = $2 WHERE id = 2")
            .bind(&row.body)
            .bind(&forged)
            .execute(store.pool())
            .await
            .unwrap();
        store.pool().close().await;
        let (code, out, _) = cli(&["verify", "--database", &db.url]).await;
        assert_eq!(code, 1, "{label}: {out}");
        assert!(out.contains("row id 3"), "{label}: {out}");
        assert!(
            out.contains("row 2 was altered and its hash rewritten"),
            "{label}: {out}"
        );
    }
}

#[tokio::test]
async fn verify_finds_a_deleted_row() {
    for db in databases().await {
        let label = db.label;
        let ids = fill(&db.url, 5).await;
        sql(&db.url, "DELETE FROM consent_records WHERE id = 3").await;
        let (code, out, _) = cli(&["verify", "--database", &db.url]).await;
        assert_eq!(code, 1, "{label}: {out}");
        assert!(
            out.contains(&format!("row id 4 (record_id {})", ids[3])),
            "{label}: {out}"
        );
        assert!(out.contains("row 3 is missing (deleted)"), "{label}: {out}");

        // Deleted and renumbered: the link still breaks.
        sql(
            &db.url,
            "UPDATE consent_records SET id = id - 1 WHERE id > 3",
        )
        .await;
        let (code, out, _) = cli(&["verify", "--database", &db.url]).await;
        assert_eq!(code, 1, "{label}: {out}");
        assert!(out.contains("row id 3"), "{label}: {out}");
        assert!(
            out.contains("prev_hash is not the hash of row 2"),
            "{label}: {out}"
        );
    }
}

#[tokio::test]
async fn export_writes_a_date_range_as_json_lines() {
    for db in databases().await {
        let label = db.label;
        // Received at the edges of February (on PostgreSQL, in three monthly partitions).
        let store = Store::open(&db.url, true).await.unwrap();
        let mut ids = Vec::new();
        for at in [
            "2026-01-31T23:59:59.999Z",
            "2026-02-01T00:00:00.000Z",
            "2026-02-28T23:59:59.999Z",
            "2026-03-01T00:00:00.000Z",
        ] {
            let r = record(&uuid(), "2026-01-31T10:00:00Z");
            let id = r["record_id"].as_str().unwrap().to_owned();
            let new = NewRecord::from_body(&r.to_string(), "");
            store.append_batch_at(&[new], Some(at)).await.unwrap();
            ids.push(id);
        }
        store.pool().close().await;
        let (code, out, err) = cli(&[
            "export",
            "--database",
            &db.url,
            "--from",
            "2026-02-01",
            "--to",
            "2026-02-28",
        ])
        .await;
        assert_eq!(code, 0, "{label}: {err}");
        let lines: Vec<Value> = out
            .lines()
            .map(|l| serde_json::from_str(l).unwrap())
            .collect();
        let got: Vec<&str> = lines
            .iter()
            .map(|v| v["record_id"].as_str().unwrap())
            .collect();
        assert_eq!(got, [ids[1].as_str(), ids[2].as_str()], "{label}");
        assert!(
            err.contains("2 records received from 2026-02-01 to 2026-02-28"),
            "{err}"
        );

        let (_, out, _) = cli(&["export", "--database", &db.url, "--from", "2026-02-15"]).await;
        assert_eq!(out.lines().count(), 2, "{label}: {out}");
        let (_, out, _) = cli(&["export", "--database", &db.url, "--to", "2026-01-31"]).await;
        assert_eq!(out.lines().count(), 1, "{label}: {out}");
        let (_, out, _) = cli(&["export", "--database", &db.url, "--with-receipt"]).await;
        let first: Value = serde_json::from_str(out.lines().next().unwrap()).unwrap();
        assert_eq!(first["id"], 1, "{label}");
        assert_eq!(first["received_at"], "2026-01-31T23:59:59.999Z", "{label}");
        assert_eq!(first["record"]["record_id"], ids[0].as_str(), "{label}");

        let (code, _, err) = cli(&["export", "--database", &db.url, "--from", "2026-02-30"]).await;
        assert_eq!(code, 2, "{label}");
        assert!(err.contains("is not a date"), "{err}");
        let (code, _, err) = cli(&[
            "export",
            "--database",
            &db.url,
            "--from",
            "2026-03-01",
            "--to",
            "2026-02-01",
        ])
        .await;
        assert_eq!(code, 2, "{label}");
        assert!(err.contains("is after"), "{err}");
    }
}

#[tokio::test]
async fn export_filters_by_kind_form_and_purpose() {
    for db in databases().await {
        let label = db.label;
        let server = start(&db.url, common::options()).await;
        // A cookie record without `kind` (made before it existed), and three processing ones.
        let old = record(&uuid(), "2026-01-31T10:00:00Z");
        let loan =
            common::processing_record("loan-application", "application", "2026-01-31T10:00:00Z");
        let ads =
            common::processing_record("loan-application", "marketing", "2026-01-31T10:00:00Z");
        let call = common::processing_record("callback", "callback", "2026-01-31T10:00:00Z");
        for r in [&old, &loan, &ads, &call] {
            assert_eq!(server.post_record(r).await.status(), 201, "{label}");
        }
        server.stop().await;
        let ids = |args: &[&str]| {
            let mut all = vec!["export", "--database", db.url.as_str()];
            all.extend_from_slice(args);
            let all: Vec<String> = all.into_iter().map(str::to_owned).collect();
            async move {
                let all: Vec<&str> = all.iter().map(String::as_str).collect();
                let (code, out, err) = cli(&all).await;
                assert_eq!(code, 0, "{err}");
                out.lines()
                    .map(|l| {
                        serde_json::from_str::<Value>(l).unwrap()["record_id"]
                            .as_str()
                            .unwrap()
                            .to_owned()
                    })
                    .collect::<Vec<_>>()
            }
        };
        let id = |r: &Value| r["record_id"].as_str().unwrap().to_owned();
        assert_eq!(ids(&["--kind", "cookies"]).await, [id(&old)], "{label}");
        assert_eq!(
            ids(&["--kind", "processing"]).await,
            [id(&loan), id(&ads), id(&call)],
            "{label}"
        );
        assert_eq!(
            ids(&["--form", "loan-application"]).await,
            [id(&loan), id(&ads)],
            "{label}"
        );
        assert_eq!(
            ids(&["--form", "loan-application", "--purpose", "marketing"]).await,
            [id(&ads)],
            "{label}"
        );
        assert_eq!(
            ids(&["--purpose", "nothing"]).await,
            Vec::<String>::new(),
            "{label}"
        );
        let (code, _, err) = cli(&["export", "--database", &db.url, "--kind", "cookie"]).await;
        assert_eq!(code, 2, "{label}: {err}");
    }
}

#[tokio::test]
async fn a_missing_database_is_an_error_not_an_empty_chain() {
    let dir = tempfile::tempdir().unwrap();
    let url = format!("sqlite://{}", dir.path().join("none.db").display());
    let (code, out, err) = cli(&["verify", "--database", &url]).await;
    assert_eq!(code, 2, "{out}{err}");
    assert!(err.contains("cannot open the database"), "{err}");
    assert!(!dir.path().join("none.db").exists());
    let (code, _, err) = cli(&["verify", "--database", "mysql://h/db"]).await;
    assert_eq!(code, 2);
    assert!(err.contains("unsupported database URL"), "{err}");
}

#[tokio::test]
async fn help_texts_name_the_subcommands_and_flags() {
    let (code, out, _) = cli(&["--help"]).await;
    assert_eq!(code, 0);
    for word in [
        "serve",
        "verify",
        "export",
        "retain",
        "verify-export",
        "keygen",
    ] {
        assert!(out.contains(word), "{out}");
    }
    let (_, out, _) = cli(&["serve", "--help"]).await;
    for flag in [
        "--addr",
        "--database",
        "--static",
        "--cookie-name",
        "--cookie-domain",
        "--cors-origin",
        "--max-clock-skew-hours",
        "--body-timeout-secs",
        "--concurrency",
        "--shutdown-deadline-secs",
        "--checkpoint-key",
        "--batch-max",
        "--batch-wait-ms",
        "--batch-in-flight",
        "--rate-limit",
        "--retention-months",
    ] {
        assert!(out.contains(flag), "{flag}: {out}");
    }
}
