//! The receiver at scale, against real processes and real databases (SQLite always, PostgreSQL
//! when `KELISIM_TEST_POSTGRES_URL` is set; `scripts/test-receiver.sh` sets it): group commit,
//! two `serve` processes on one database, SIGTERM under load, monthly partitions and retention,
//! metrics, health, the JSON request log.

mod common;

use common::{cli, databases, postgres, record, spawn_serve, start, uuid};
use kelisim_receiver::server::Options;
use kelisim_receiver::store::{Appended, NewRecord, Store};
use kelisim_receiver::writer::BatchOptions;
use serde_json::Value;
use std::collections::HashSet;
use std::sync::Arc;
use std::time::Duration;

fn new_record(r: &Value) -> NewRecord {
    NewRecord::from_body(&r.to_string(), "")
}

async fn stored_ids(url: &str) -> Vec<String> {
    let store = Store::open(url, false).await.unwrap();
    let ids: Vec<(String,)> = sqlx::query_as("SELECT record_id FROM consent_records")
        .fetch_all(store.pool())
        .await
        .unwrap();
    store.pool().close().await;
    ids.into_iter().map(|(id,)| id).collect()
}

/// A metric's value in the OpenMetrics text (0 when absent).
fn metric(text: &str, name: &str) -> f64 {
    text.lines()
        .find_map(|l| l.strip_prefix(name)?.strip_prefix(' ')?.parse().ok())
        .unwrap_or(0.0)
}

#[tokio::test]
async fn a_batch_stores_in_order_and_a_repeat_inside_it_answers_the_first_row() {
    for db in databases().await {
        let label = db.label;
        let store = Store::open(&db.url, true).await.unwrap();
        let (a, b) = (record(&uuid(), "2026-01-31T10:00:00Z"), {
            record(&uuid(), "2026-01-31T10:00:00Z")
        });
        let results = store
            .append_batch(&[new_record(&a), new_record(&b), new_record(&a)])
            .await
            .unwrap();
        assert!(
            matches!(results[0].appended, Appended::Stored { id: 1, .. }),
            "{label}"
        );
        assert!(
            matches!(results[1].appended, Appended::Stored { id: 2, .. }),
            "{label}"
        );
        assert_eq!(results[2].appended, Appended::Repeat { id: 1 }, "{label}");
        // A later batch sees the stored row.
        let again = store.append_batch(&[new_record(&b)]).await.unwrap();
        assert_eq!(again[0].appended, Appended::Repeat { id: 2 }, "{label}");
        assert_eq!(store.count().await.unwrap(), 2, "{label}");
        store.pool().close().await;
    }
}

#[tokio::test]
async fn concurrent_requests_share_transactions() {
    for db in databases().await {
        let label = db.label;
        let options = Options {
            batch: BatchOptions {
                max_batch: 64,
                max_wait: Duration::from_millis(100),
                in_flight: 1,
            },
            ..common::options()
        };
        let server = Arc::new(start(&db.url, options).await);
        let records: Vec<Value> = (0..30)
            .map(|_| record(&uuid(), "2026-01-31T10:00:00Z"))
            .collect();
        let statuses = server
            .post_all([records.clone(), records[..10].to_vec()].concat())
            .await;
        assert_eq!(
            statuses.iter().filter(|&&s| s == 201).count(),
            30,
            "{label}"
        );
        assert_eq!(
            statuses.iter().filter(|&&s| s == 200).count(),
            10,
            "{label}"
        );
        let text = server.metrics().await;
        let batches = metric(&text, "kelisim_batch_size_count");
        assert_eq!(
            metric(&text, "kelisim_batch_size_sum"),
            40.0,
            "{label}: {text}"
        );
        assert!(
            (1.0..=20.0).contains(&batches),
            "{label}: 40 concurrent records in {batches} transactions"
        );
        Arc::into_inner(server).unwrap().stop().await;
        let store = Store::open(&db.url, false).await.unwrap();
        assert!(
            matches!(
                store.verify().await.unwrap(),
                kelisim_receiver::store::Verdict::Intact { rows: 30, .. }
            ),
            "{label}"
        );
    }
}

#[tokio::test]
async fn two_processes_under_load_keep_one_intact_chain_and_every_id_once() {
    for db in databases().await {
        let label = db.label;
        let a = Arc::new(spawn_serve(&db.url, &["--rate-limit", "0"]).await);
        let b = Arc::new(spawn_serve(&db.url, &["--rate-limit", "0"]).await);
        let mut tasks = Vec::new();
        for worker in 0..16 {
            let (a, b) = (a.clone(), b.clone());
            tasks.push(tokio::spawn(async move {
                let mut created = Vec::new();
                for i in 0..25 {
                    let r = record(&uuid(), "2026-01-31T10:00:00Z");
                    let id = r["record_id"].as_str().unwrap().to_owned();
                    if i % 5 == 0 {
                        // The same record to both at once: one stores it, the other repeats.
                        let (x, y) = tokio::join!(a.post_record(&r), b.post_record(&r));
                        let mut got = [x.unwrap(), y.unwrap()];
                        got.sort_unstable();
                        assert_eq!(got, [200, 201], "{id}");
                    } else {
                        let server = if (worker + i) % 2 == 0 { &a } else { &b };
                        assert_eq!(server.post_record(&r).await, Some(201), "{id}");
                    }
                    created.push(id);
                }
                created
            }));
        }
        let mut sent = HashSet::new();
        for t in tasks {
            sent.extend(t.await.unwrap());
        }
        let log_a = a.log.lock().unwrap().clone();
        for p in [a, b] {
            assert_eq!(Arc::into_inner(p).unwrap().stop().await, 0, "{label}");
        }
        // One JSON line per request, with the record id and the outcome.
        let stored: Vec<Value> = log_a
            .iter()
            .filter_map(|l| serde_json::from_str::<Value>(l).ok())
            .filter(|v| v["outcome"] == "stored")
            .collect();
        assert!(!stored.is_empty(), "{label}: {log_a:?}");
        assert!(stored.iter().all(|v| v["status"] == 201
            && v["path"] == "/consent"
            && sent.contains(v["record_id"].as_str().unwrap())));

        let (code, out, err) = cli(&["verify", "--database", &db.url]).await;
        assert_eq!(code, 0, "{label}: {out}{err}");
        assert!(
            out.starts_with(&format!("{} rows, chain intact", sent.len())),
            "{label}: {out}"
        );
        assert!(
            out.contains("every record id stored once"),
            "{label}: {out}"
        );
        let ids = stored_ids(&db.url).await;
        assert_eq!(ids.len(), sent.len(), "{label}");
        assert_eq!(ids.into_iter().collect::<HashSet<_>>(), sent, "{label}");
    }
}

#[tokio::test]
async fn sigterm_under_load_stores_every_answered_record() {
    for db in databases().await {
        let label = db.label;
        let server =
            Arc::new(spawn_serve(&db.url, &["--batch-wait-ms", "2", "--rate-limit", "0"]).await);
        let mut tasks = Vec::new();
        for _ in 0..16 {
            let server = server.clone();
            tasks.push(tokio::spawn(async move {
                let mut answered = Vec::new();
                let mut refused = 0;
                // Until the server is gone (connection refused) or 10 s.
                let until = tokio::time::Instant::now() + Duration::from_secs(10);
                while tokio::time::Instant::now() < until {
                    let r = record(&uuid(), "2026-01-31T10:00:00Z");
                    match server.post_record(&r).await {
                        Some(s) if (200..300).contains(&s) => {
                            answered.push(r["record_id"].as_str().unwrap().to_owned())
                        }
                        Some(_) => refused += 1,
                        None => break,
                    }
                }
                (answered, refused)
            }));
        }
        tokio::time::sleep(Duration::from_millis(700)).await;
        server.terminate();
        let mut answered = Vec::new();
        for t in tasks {
            let (ids, refused) = t.await.unwrap();
            assert_eq!(refused, 0, "{label}: a 4xx/5xx during shutdown");
            answered.extend(ids);
        }
        let mut server = Arc::into_inner(server).unwrap();
        let status = tokio::time::timeout(Duration::from_secs(30), server.child.wait())
            .await
            .unwrap()
            .unwrap();
        assert_eq!(status.code(), Some(0), "{label}");
        assert!(
            answered.len() > 16,
            "{label}: only {} answered",
            answered.len()
        );
        let stored: HashSet<String> = stored_ids(&db.url).await.into_iter().collect();
        let lost: Vec<&String> = answered.iter().filter(|id| !stored.contains(*id)).collect();
        assert!(
            lost.is_empty(),
            "{label}: answered 2xx but not stored: {lost:?}"
        );
        let log = server.log.lock().unwrap().clone();
        assert_eq!(
            log.last().map(String::as_str),
            Some("kelisim-receiver: stopped")
        );
    }
}

#[tokio::test]
async fn metrics_and_health_endpoints() {
    for db in databases().await {
        let label = db.label;
        let server = start(&db.url, common::options()).await;
        let r = record(&uuid(), "2026-01-31T10:00:00Z");
        assert_eq!(server.post_record(&r).await.status(), 201);
        assert_eq!(server.post_record(&r).await.status(), 200);
        let mut bad = r.clone();
        bad["language"] = "de".into();
        assert_eq!(server.post_record(&bad).await.status(), 400);
        assert_eq!(server.post("{").await.status(), 400);
        for path in ["/healthz", "/readyz"] {
            let answer = server.client.get(server.url(path)).send().await.unwrap();
            assert_eq!(answer.status(), 200, "{label}: {path}");
        }
        let answer = server
            .client
            .get(server.url("/metrics"))
            .send()
            .await
            .unwrap();
        assert!(answer.headers()["content-type"]
            .to_str()
            .unwrap()
            .starts_with("application/openmetrics-text"));
        let text = answer.text().await.unwrap();
        assert_eq!(metric(&text, "kelisim_records_stored_total"), 1.0, "{text}");
        assert_eq!(
            metric(&text, "kelisim_records_repeated_total"),
            1.0,
            "{text}"
        );
        assert_eq!(
            metric(&text, "kelisim_records_rejected_total{reason=\"schema\"}"),
            1.0,
            "{text}"
        );
        assert_eq!(
            metric(
                &text,
                "kelisim_records_rejected_total{reason=\"invalid_json\"}"
            ),
            1.0,
            "{text}"
        );
        assert_eq!(metric(&text, "kelisim_batch_size_count"), 2.0, "{text}");
        assert_eq!(metric(&text, "kelisim_commit_seconds_count"), 2.0, "{text}");
        server.stop().await;
    }
}

#[tokio::test]
async fn readyz_fails_when_the_database_is_gone() {
    let Some(db) = postgres().await else {
        return;
    };
    let server = spawn_serve(&db.url, &[]).await;
    let ready = |s: &common::Process| {
        let (client, url) = (s.client.clone(), format!("{}/readyz", s.base));
        async move { client.get(url).send().await.unwrap().status().as_u16() }
    };
    assert_eq!(ready(&server).await, 200);
    let name = db.url.rsplit('/').next().unwrap().to_owned();
    let admin = sqlx::AnyPool::connect(&std::env::var("KELISIM_TEST_POSTGRES_URL").unwrap())
        .await
        .unwrap();
    sqlx::query(&format!("DROP DATABASE {name} WITH (FORCE)"))
        .execute(&admin)
        .await
        .unwrap();
    assert_eq!(ready(&server).await, 503);
    // Why goes to the log, never to the client.
    let said = server
        .client
        .get(format!("{}/readyz", server.base))
        .send()
        .await
        .unwrap()
        .text()
        .await
        .unwrap();
    assert_eq!(said, "not ready\n");
    let r = record(&uuid(), "2026-01-31T10:00:00Z");
    assert_eq!(server.post_record(&r).await, Some(500));
    assert_eq!(server.stop().await, 0);
}

#[tokio::test]
async fn retention_drops_old_months_and_the_chain_stays_verifiable() {
    let Some(db) = postgres().await else {
        return;
    };
    let store = Store::open(&db.url, true).await.unwrap();
    assert!(store.partitioned());
    // Three old months (ids 1-3 in 2025-01, 4-5 in 2025-02, 6 in 2025-03), then this month.
    for (at, n) in [
        ("2025-01-10T10:00:00.000Z", 3),
        ("2025-02-10T10:00:00.000Z", 2),
        ("2025-03-10T10:00:00.000Z", 1),
    ] {
        let batch: Vec<NewRecord> = (0..n)
            .map(|_| new_record(&record(&uuid(), "2026-01-31T10:00:00Z")))
            .collect();
        store.append_batch_at(&batch, Some(at)).await.unwrap();
    }
    let server = start(&db.url, common::options()).await;
    for _ in 0..2 {
        let r = record(&uuid(), "2026-01-31T10:00:00Z");
        assert_eq!(server.post_record(&r).await.status(), 201);
    }
    let (code, out, _) = cli(&["verify", "--database", &db.url]).await;
    assert_eq!(code, 0, "{out}");
    assert!(out.starts_with("8 rows, chain intact"), "{out}");
    let (_, head) = out
        .lines()
        .next()
        .unwrap()
        .split_once("head hash ")
        .unwrap();
    let head = head.to_owned();
    let (code, out, err) = cli(&["retain", "--database", &db.url, "--months", "12"]).await;
    assert_eq!(code, 0, "{out}{err}");
    assert!(
        out.contains("dropped: month 2025-01 (rows 1 to 3 (3 rows)"),
        "{out}"
    );
    assert!(out.contains("dropped: month 2025-02 (rows 4 to 5"), "{out}");
    assert!(out.contains("dropped: month 2025-03 (rows 6 to 6"), "{out}");
    // The empty partition made ahead for 2025-04 goes too.
    assert!(out.contains("dropped: month 2025-04 (no rows)"), "{out}");
    let (code, out, _) = cli(&["retain", "--database", &db.url, "--months", "12"]).await;
    assert_eq!((code, out.trim()), (0, "nothing older than 12 months"));

    // The rows left still chain onto the last dropped hash, and new rows onto them.
    let r = record(&uuid(), "2026-01-31T10:00:00Z");
    assert_eq!(server.post_record(&r).await.status(), 201);
    server.stop().await;
    let (code, out, _) = cli(&["verify", "--database", &db.url]).await;
    assert_eq!(code, 0, "{out}");
    assert!(out.starts_with("3 rows, chain intact"), "{out}");
    assert!(!out.contains(&head), "{out}");
    assert!(
        out.contains("dropped: month 2025-01 (rows 1 to 3 (3 rows), last hash "),
        "{out}"
    );
    assert!(out.contains("by a retention of 12 months"), "{out}");
    assert_eq!(stored_ids(&db.url).await.len(), 3);

    // The kept anchors are append-only; forging one (as the owner, triggers dropped) shows.
    assert!(sqlx::query("DELETE FROM consent_dropped_partitions")
        .execute(store.pool())
        .await
        .is_err());
    common::drop_triggers(&store).await;
    sqlx::query("UPDATE consent_dropped_partitions SET last_hash = $1 WHERE month = '2025-02'")
        .bind("0".repeat(64))
        .execute(store.pool())
        .await
        .unwrap();
    let (code, out, _) = cli(&["verify", "--database", &db.url]).await;
    assert_eq!(code, 1, "{out}");
    assert!(out.contains("dropped partition of 2025-03"), "{out}");
    let (code, out, _) = cli(&["retain", "--database", &db.url, "--months", "0"]).await;
    assert_eq!(code, 2, "{out}");
    store.pool().close().await;
}

#[tokio::test]
async fn retention_drops_nothing_from_a_broken_chain() {
    let Some(db) = postgres().await else {
        return;
    };
    let store = Store::open(&db.url, true).await.unwrap();
    let batch: Vec<NewRecord> = (0..3)
        .map(|_| new_record(&record(&uuid(), "2026-01-31T10:00:00Z")))
        .collect();
    store
        .append_batch_at(&batch, Some("2025-01-10T10:00:00.000Z"))
        .await
        .unwrap();
    common::drop_triggers(&store).await;
    sqlx::query("DELETE FROM consent_records WHERE id = 2")
        .execute(store.pool())
        .await
        .unwrap();
    let (code, out, err) = cli(&["retain", "--database", &db.url, "--months", "12"]).await;
    assert_eq!(code, 2, "{out}{err}");
    assert!(err.contains("the chain is broken at row id 3"), "{err}");
    assert_eq!(stored_ids(&db.url).await.len(), 2, "nothing dropped");
    store.pool().close().await;
}

#[tokio::test]
async fn retention_is_refused_on_sqlite() {
    let db = databases().await.remove(0);
    Store::open(&db.url, true)
        .await
        .unwrap()
        .pool()
        .close()
        .await;
    let (code, _, err) = cli(&["retain", "--database", &db.url, "--months", "12"]).await;
    assert_eq!(code, 2);
    assert!(err.contains("needs PostgreSQL"), "{err}");
}
