//! The receiver as a public endpoint, against a real `serve` process and real databases:
//! malformed requests get a 4xx saying why (never a 5xx, never a stored row), the per-client
//! rate limit, security headers, a poisoned record does not fail the others of its batch.

mod common;

use common::{databases, record, spawn_serve, uuid};
use kelisim_receiver::store::Store;
use serde_json::Value;
use std::sync::Arc;
use tokio::io::{AsyncReadExt, AsyncWriteExt};

async fn count(url: &str) -> i64 {
    let store = Store::open(url, false).await.unwrap();
    let n = store.count().await.unwrap();
    store.pool().close().await;
    n
}

/// Sends raw bytes over TCP and returns the status line's code.
async fn raw(base: &str, request: &[u8]) -> u16 {
    let addr = base.trim_start_matches("http://");
    let mut stream = tokio::net::TcpStream::connect(addr).await.unwrap();
    stream.write_all(request).await.unwrap();
    let mut buf = vec![0u8; 4096];
    let mut got = Vec::new();
    while !got.windows(2).any(|w| w == b"\r\n") {
        let n = stream.read(&mut buf).await.unwrap();
        if n == 0 {
            break;
        }
        got.extend_from_slice(&buf[..n]);
    }
    let line = String::from_utf8_lossy(&got);
    line.split_whitespace().nth(1).unwrap().parse().unwrap()
}

#[tokio::test]
async fn malformed_requests_get_a_4xx_and_store_nothing() {
    for db in databases().await {
        let label = db.label;
        let server = spawn_serve(&db.url, &[]).await;
        let valid = record(&uuid(), "2026-01-31T10:00:00Z");
        let with = |f: &dyn Fn(&mut Value)| {
            let mut r = valid.clone();
            f(&mut r);
            r.to_string()
        };
        let deep = format!("{}1{}", "[".repeat(40), "]".repeat(40));
        let very_deep = format!("{}{}", "[".repeat(30_000), "]".repeat(30_000));
        let mut nested_field = valid.clone();
        nested_field["categories"]["analytics"] = serde_json::from_str(&deep).unwrap();
        let cases: Vec<(&str, String, &str, u16)> = vec![
            ("empty body", String::new(), "application/json", 400),
            ("null", "null".into(), "application/json", 400),
            ("an array", "[]".into(), "application/json", 400),
            ("a number", "123".into(), "application/json", 400),
            ("a string", "\"x\"".into(), "application/json", 400),
            (
                "truncated",
                valid.to_string()[..100].to_owned(),
                "application/json",
                400,
            ),
            (
                "trailing garbage",
                format!("{valid} x"),
                "application/json",
                400,
            ),
            ("deep array", deep, "application/json", 400),
            ("30000 deep", very_deep, "application/json", 400),
            (
                "deep field",
                nested_field.to_string(),
                "application/json",
                400,
            ),
            (
                "unknown field",
                with(&|r| r["extra"] = 1.into()),
                "application/json",
                400,
            ),
            (
                "wrong type",
                with(&|r| r["revision"] = "1".into()),
                "application/json",
                400,
            ),
            (
                "negative revision",
                with(&|r| r["revision"] = (-1).into()),
                "application/json",
                400,
            ),
            (
                "missing field",
                with(&|r| {
                    r.as_object_mut().unwrap().remove("consent_id");
                }),
                "application/json",
                400,
            ),
            (
                "not a uuid",
                with(&|r| r["record_id"] = "1; DROP TABLE consent_records".into()),
                "application/json",
                400,
            ),
            (
                "NUL in consent_id",
                with(&|r| r["consent_id"] = "a\u{0}b".into()),
                "application/json",
                400,
            ),
            (
                "NUL in page_url",
                with(&|r| r["page_url"] = "https://e.kz/\u{0}".into()),
                "application/json",
                400,
            ),
            (
                "impossible date",
                with(&|r| r["client_time"] = "2026-02-30T10:00:00Z".into()),
                "application/json",
                400,
            ),
            (
                "unknown language",
                with(&|r| r["language"] = "xx".into()),
                "application/json",
                400,
            ),
            (
                "too large",
                format!("{{\"a\":\"{}\"}}", "x".repeat(70_000)),
                "application/json",
                413,
            ),
            (
                "form",
                valid.to_string(),
                "application/x-www-form-urlencoded",
                415,
            ),
            ("xml", "<record/>".into(), "application/xml", 415),
        ];
        for (what, body, content_type, expected) in &cases {
            let answer = server
                .client
                .post(format!("{}/consent", server.base))
                .header("content-type", *content_type)
                .body(body.clone())
                .send()
                .await;
            let answer = match answer {
                Ok(a) => a,
                // Refused on its Content-Length, a large body may be cut off by the server's
                // close before the client has written it all: that is a refusal too.
                Err(e) if *expected == 413 && e.is_request() => continue,
                Err(e) => panic!("{label}: {what}: {e}"),
            };
            let status = answer.status().as_u16();
            let text = answer.text().await.unwrap();
            assert_eq!(status, *expected, "{label}: {what}: {text}");
            if status == 400 {
                let why: Value = serde_json::from_str(&text).unwrap();
                assert!(
                    why["error"].as_str().is_some_and(|e| !e.is_empty()),
                    "{what}: {text}"
                );
            }
        }
        // No Content-Type at all; invalid UTF-8; over the limit without a Content-Length.
        let addr = server.base.trim_start_matches("http://").to_owned();
        let no_type = format!(
            "POST /consent HTTP/1.1\r\nHost: {addr}\r\nContent-Length: 2\r\nConnection: close\r\n\r\n{{}}"
        );
        assert_eq!(raw(&server.base, no_type.as_bytes()).await, 415, "{label}");
        let mut latin1 = format!(
            "POST /consent HTTP/1.1\r\nHost: {addr}\r\nContent-Type: application/json\r\nContent-Length: 12\r\nConnection: close\r\n\r\n"
        )
        .into_bytes();
        latin1.extend_from_slice(b"{\"a\":\"\xe9\xe9\"}  ");
        assert_eq!(raw(&server.base, &latin1).await, 400, "{label}");
        let mut chunked = format!(
            "POST /consent HTTP/1.1\r\nHost: {addr}\r\nContent-Type: application/json\r\nTransfer-Encoding: chunked\r\nConnection: close\r\n\r\n"
        )
        .into_bytes();
        for _ in 0..20 {
            chunked.extend_from_slice(format!("1000\r\n{}\r\n", "x".repeat(4096)).as_bytes());
        }
        chunked.extend_from_slice(b"0\r\n\r\n");
        assert_eq!(raw(&server.base, &chunked).await, 413, "{label}");

        // The server still works, and stored nothing of all that.
        assert_eq!(server.post_record(&valid).await, Some(201), "{label}");
        let log = server.log.lock().unwrap().clone();
        assert_eq!(server.stop().await, 0, "{label}");
        assert_eq!(count(&db.url).await, 1, "{label}");
        let statuses: Vec<u64> = log
            .iter()
            .filter_map(|l| serde_json::from_str::<Value>(l).ok())
            .filter_map(|v| v["status"].as_u64())
            .collect();
        assert!(statuses.iter().all(|s| *s < 500), "{label}: {statuses:?}");
        assert_eq!(
            statuses.len(),
            cases.len() + 4,
            "{label}: one log line per request"
        );
    }
}

#[tokio::test]
async fn a_record_the_database_refuses_does_not_fail_its_batch() {
    use kelisim_receiver::metrics::Metrics;
    use kelisim_receiver::store::{Appended, NewRecord};
    use kelisim_receiver::writer::{BatchOptions, Writer};
    for db in databases().await {
        let label = db.label;
        let store = Arc::new(Store::open(&db.url, true).await.unwrap());
        let options = BatchOptions {
            max_batch: 16,
            max_wait: std::time::Duration::from_millis(200),
            in_flight: 1,
        };
        let (writer, task) = Writer::start(store.clone(), options, Arc::new(Metrics::new()));
        // The HTTP side refuses U+0000 first; PostgreSQL refuses it in a text column, SQLite
        // stores it. Sent to the writer directly, in one batch with two good records.
        let new = |consent: &str| {
            let r = record(&uuid(), "2026-01-31T10:00:00Z");
            NewRecord {
                record_id: r["record_id"].as_str().unwrap().to_owned(),
                consent_id: consent.to_owned(),
                given_at: "2026-01-31T10:00:00Z".into(),
                origin: String::new(),
                body: r.to_string(),
            }
        };
        let (a, bad, b) = tokio::join!(
            writer.append(new("good-1")),
            writer.append(new("bad\u{0}")),
            writer.append(new("good-2"))
        );
        assert!(
            matches!(a.unwrap().appended, Appended::Stored { .. }),
            "{label}"
        );
        assert!(
            matches!(b.unwrap().appended, Appended::Stored { .. }),
            "{label}"
        );
        match label {
            "postgres" => assert!(bad.is_err(), "{label}: {bad:?}"),
            _ => assert!(bad.is_ok(), "{label}: {bad:?}"),
        }
        drop(writer);
        task.await.unwrap();
        let expected = if label == "postgres" { 2 } else { 3 };
        assert_eq!(store.count().await.unwrap(), expected, "{label}");
    }
}

#[tokio::test]
async fn the_rate_limit_answers_429_per_client() {
    let db = databases().await.remove(0);
    let server = spawn_serve(&db.url, &["--rate-limit", "5"]).await;
    let mut statuses = Vec::new();
    for _ in 0..30 {
        let r = record(&uuid(), "2026-01-31T10:00:00Z");
        statuses.push(server.post_record(&r).await.unwrap());
    }
    let created = statuses.iter().filter(|&&s| s == 201).count();
    let limited = statuses.iter().filter(|&&s| s == 429).count();
    assert_eq!(created + limited, 30, "{statuses:?}");
    assert!((10..=13).contains(&created), "burst of 10: {statuses:?}");
    let metrics = server
        .client
        .get(format!("{}/metrics", server.base))
        .send()
        .await
        .unwrap()
        .text()
        .await
        .unwrap();
    assert!(
        metrics.contains(&format!(
            "kelisim_records_rejected_total{{reason=\"rate_limited\"}} {limited}"
        )),
        "{metrics}"
    );
    // Other routes are not limited.
    let health = server
        .client
        .get(format!("{}/healthz", server.base))
        .send()
        .await
        .unwrap();
    assert_eq!(health.status(), 200);
    assert_eq!(server.stop().await, 0);
    assert_eq!(count(&db.url).await, created as i64);
}

#[tokio::test]
async fn static_files_and_answers_carry_security_headers() {
    let db = databases().await.remove(0);
    let site = tempfile::tempdir().unwrap();
    std::fs::write(site.path().join("index.html"), "<h1>demo</h1>").unwrap();
    let dir = site.path().to_str().unwrap().to_owned();
    let server = spawn_serve(&db.url, &["--static", &dir]).await;
    for path in ["/", "/consent-missing"] {
        let answer = server
            .client
            .get(format!("{}{path}", server.base))
            .send()
            .await
            .unwrap();
        let h = answer.headers();
        assert_eq!(h["x-content-type-options"], "nosniff", "{path}");
        assert_eq!(h["x-frame-options"], "SAMEORIGIN", "{path}");
        assert_eq!(
            h["referrer-policy"], "strict-origin-when-cross-origin",
            "{path}"
        );
        assert_eq!(h["cross-origin-opener-policy"], "same-origin", "{path}");
    }
    assert_eq!(server.stop().await, 0);
}

#[tokio::test]
async fn the_cookie_is_set_only_for_the_configured_site() {
    let db = databases().await.remove(0);
    let server = spawn_serve(&db.url, &["--cors-origin", "https://site.kz"]).await;
    for (origin, expected) in [
        (None, true),
        (Some("https://site.kz"), true),
        (Some("https://evil.example"), false),
    ] {
        let mut request = server
            .client
            .post(format!("{}/consent", server.base))
            .header("content-type", "application/json")
            .body(record(&uuid(), "2026-01-31T10:00:00Z").to_string());
        if let Some(o) = origin {
            request = request.header("origin", o);
        }
        let answer = request.send().await.unwrap();
        // With origins named, another origin may not post at all.
        assert_eq!(
            answer.status(),
            if expected { 201 } else { 403 },
            "{origin:?}"
        );
        assert_eq!(
            answer.headers().contains_key("set-cookie"),
            expected,
            "{origin:?}"
        );
    }
    assert_eq!(server.stop().await, 0);
    let store = kelisim_receiver::store::Store::open(&db.url, false)
        .await
        .unwrap();
    assert_eq!(
        store.count().await.unwrap(),
        2,
        "the other origin's record is not stored"
    );
    // The origin is stored with the record ("" without an Origin header).
    assert_eq!(store.row(1).await.unwrap().unwrap().origin, "");
    assert_eq!(
        store.row(2).await.unwrap().unwrap().origin,
        "https://site.kz"
    );
}
