//! The writer's edges (`receiver/src/store/append.rs`) that the other suites do not reach, found
//! by mutation testing (`bench/results/mutants-receiver-2026-12-04.md`): a clock that goes back
//! never puts a row before the last one, a batch that holds two records of one consent marks the
//! older as superseded, and a collision that does not go away is retried a bounded number of times
//! and then reported (never a hang).

mod common;

use common::{databases, drop_triggers, new_record, uuid};
use kelisim_receiver::store::{Appended, Store};
use std::time::{Duration, Instant};

/// Stores one new record received at `at` (a time of the second `YYYY-MM-DDTHH:MM:SS`): the
/// `received_at` and id the writer gave it.
async fn store_at(store: &Store, at: &str) -> (i64, String) {
    let record = new_record(&uuid(), &format!("{at}Z"));
    let results = store
        .append_batch_at(&[record], Some(&format!("{at}.000Z")))
        .await
        .unwrap();
    match results.into_iter().next().unwrap().appended {
        Appended::Stored {
            id, received_at, ..
        } => (id, received_at),
        other => panic!("{other:?}"),
    }
}

#[tokio::test]
async fn a_row_is_never_received_before_the_last_one() {
    for db in databases().await {
        let label = db.label;
        let store = Store::open(&db.url, true).await.unwrap();
        let later = "2026-03-01T10:00:00.000Z";
        assert_eq!(store_at(&store, "2026-03-01T10:00:00").await.1, later);
        // The clock went back a month: the row takes the last row's time, not its own.
        let stored = store_at(&store, "2026-02-01T10:00:00").await;
        assert_eq!(stored, (2, later.to_owned()), "{label}");
        assert_eq!(
            store.row(2).await.unwrap().unwrap().received_at,
            later,
            "{label}"
        );
        // A later time is kept as it is.
        let stored = store_at(&store, "2026-04-01T10:00:00").await;
        assert_eq!(
            stored,
            (3, "2026-04-01T10:00:00.000Z".to_owned()),
            "{label}"
        );
    }
}

#[tokio::test]
async fn of_two_records_of_a_consent_in_one_batch_the_older_is_superseded() {
    for db in databases().await {
        let label = db.label;
        let store = Store::open(&db.url, true).await.unwrap();
        for order in [
            ["2026-01-02T10:00:00Z", "2026-01-01T10:00:00Z"],
            ["2026-01-01T10:00:00Z", "2026-01-02T10:00:00Z"],
        ] {
            let consent = uuid();
            let batch = [
                new_record(&consent, order[0]),
                new_record(&consent, order[1]),
            ];
            let results = store.append_batch(&batch).await.unwrap();
            let superseded: Vec<bool> = results.iter().map(|r| r.superseded).collect();
            let expected: Vec<bool> = order.iter().map(|t| *t == "2026-01-01T10:00:00Z").collect();
            assert_eq!(superseded, expected, "{label}: {order:?}");
        }
    }
}

#[tokio::test]
async fn a_collision_that_does_not_go_away_is_retried_then_reported() {
    // Only SQLite keeps `prev_hash` UNIQUE (a partitioned PostgreSQL table cannot): there, a row
    // that already follows the last hash makes every attempt collide, as another writer's row
    // would once.
    let db = databases().await.into_iter().next().unwrap();
    assert_eq!(db.label, "sqlite");
    let store = Store::open(&db.url, true).await.unwrap();
    for _ in 0..2 {
        store
            .append_batch(&[new_record(&uuid(), "2026-01-31T10:00:00Z")])
            .await
            .unwrap();
    }
    drop_triggers(&store).await;
    let last = store.row(2).await.unwrap().unwrap().hash;
    sqlx::query("UPDATE consent_records SET prev_hash = $1 WHERE id = 1")
        .bind(&last)
        .execute(store.pool())
        .await
        .unwrap();
    let started = Instant::now();
    let result = tokio::time::timeout(
        Duration::from_secs(20),
        store.append_batch(&[new_record(&uuid(), "2026-01-31T10:00:00Z")]),
    )
    .await
    .expect("a collision that stays is reported, not retried for ever");
    let error = format!("{:#}", result.expect_err("the record cannot be stored"));
    assert!(error.contains("cannot store the record"), "{error}");
    assert!(error.to_lowercase().contains("unique"), "{error}");
    // It was retried: ten attempts wait 1 + 2 + … + 9 ms between them.
    assert!(
        started.elapsed() >= Duration::from_millis(45),
        "retried before giving up ({:?})",
        started.elapsed()
    );
    // Nothing of it was stored.
    assert!(store.row(3).await.unwrap().is_none());
}
