//! PostgreSQL restarted in the middle of a load: no record that got a 2xx is lost, and the
//! receiver recovers by itself. Needs `KELISIM_TEST_POSTGRES_URL` and
//! `KELISIM_TEST_POSTGRES_RESTART` (a shell command restarting that server), which
//! `scripts/test-receiver.sh` sets; a test binary of its own, so that no other test runs while
//! the server restarts.

mod common;

use common::{cli, databases, record, spawn_serve, uuid};
use kelisim_receiver::store::Store;
use std::collections::HashSet;
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::Arc;
use std::time::Duration;

#[tokio::test]
async fn a_postgres_restart_under_load_loses_no_answered_record() {
    let Ok(restart) = std::env::var("KELISIM_TEST_POSTGRES_RESTART") else {
        eprintln!("skipped: KELISIM_TEST_POSTGRES_RESTART is not set");
        return;
    };
    let db = databases()
        .await
        .into_iter()
        .find(|d| d.label == "postgres")
        .expect("KELISIM_TEST_POSTGRES_URL");
    let server = Arc::new(spawn_serve(&db.url, &["--rate-limit", "0"]).await);
    let stop = Arc::new(AtomicBool::new(false));
    let restarted = Arc::new(AtomicBool::new(false));
    let mut tasks = Vec::new();
    for _ in 0..8 {
        let (server, stop, restarted) = (server.clone(), stop.clone(), restarted.clone());
        tasks.push(tokio::spawn(async move {
            let (mut answered, mut after_restart, mut failed) = (Vec::new(), 0, 0);
            while !stop.load(Ordering::Relaxed) {
                // Like kelisim: a record that got a 5xx is sent again, same record id.
                let r = record(&uuid(), "2026-01-31T10:00:00Z");
                loop {
                    match server.post_record(&r).await {
                        Some(s) if (200..300).contains(&s) => {
                            answered.push(r["record_id"].as_str().unwrap().to_owned());
                            if restarted.load(Ordering::Relaxed) {
                                after_restart += 1;
                            }
                            break;
                        }
                        Some(s) if s >= 500 => {
                            failed += 1;
                            tokio::time::sleep(Duration::from_millis(20)).await;
                        }
                        other => panic!("unexpected answer {other:?}"),
                    }
                    if stop.load(Ordering::Relaxed) {
                        break;
                    }
                }
            }
            (answered, after_restart, failed)
        }));
    }
    tokio::time::sleep(Duration::from_millis(800)).await;
    let status = tokio::process::Command::new("sh")
        .args(["-c", &restart])
        .status()
        .await
        .unwrap();
    assert!(status.success(), "{restart}");
    restarted.store(true, Ordering::Relaxed);
    tokio::time::sleep(Duration::from_millis(1500)).await;
    stop.store(true, Ordering::Relaxed);
    let (mut answered, mut after, mut failed) = (Vec::new(), 0, 0);
    for t in tasks {
        let (ids, a, f) = t.await.unwrap();
        answered.extend(ids);
        after += a;
        failed += f;
    }
    assert_eq!(Arc::into_inner(server).unwrap().stop().await, 0);
    assert!(after > 0, "the receiver did not recover after the restart");
    eprintln!(
        "{} records answered 2xx ({after} after the restart), {failed} 5xx answers retried",
        answered.len()
    );
    let store = Store::open(&db.url, false).await.unwrap();
    let stored: Vec<(String,)> = sqlx::query_as("SELECT record_id FROM consent_records")
        .fetch_all(store.pool())
        .await
        .unwrap();
    let stored: HashSet<String> = stored.into_iter().map(|(id,)| id).collect();
    let lost: Vec<&String> = answered.iter().filter(|id| !stored.contains(*id)).collect();
    assert!(lost.is_empty(), "answered 2xx but not stored: {lost:?}");
    let (code, out, _) = cli(&["verify", "--database", &db.url]).await;
    assert_eq!(code, 0, "{out}");
    assert!(out.contains("every record id stored once"), "{out}");
}
