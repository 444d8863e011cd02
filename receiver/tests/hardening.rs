//! The receiver against a real `serve` process with its own defaults: the visitor's clock
//! (a `client_time` outside now ± 24 h refused, the cookie's term from the earlier of
//! `client_time` and now), what other sites may read, the log, and what keeps one client from
//! stalling it (body timeout, concurrency limit, shutdown deadline).

mod common;

use common::{databases, record, spawn_serve, spawn_serve_exactly, uuid};
use serde_json::Value;
use std::time::{Duration, Instant, SystemTime, UNIX_EPOCH};
use tokio::io::{AsyncReadExt, AsyncWriteExt};

fn now() -> i64 {
    SystemTime::now()
        .duration_since(UNIX_EPOCH)
        .unwrap()
        .as_secs() as i64
}

fn at(unix: i64) -> String {
    kelisim::time::DateTime::from_unix(unix).rfc3339()
}

#[tokio::test]
async fn client_time_more_than_a_day_off_is_refused_naming_client_time() {
    let db = databases().await.remove(0);
    let server = spawn_serve_exactly(&db.url, &[]).await;
    for (offset, status) in [
        (-25 * 3600, 400),
        (25 * 3600, 400),
        (-23 * 3600, 201),
        (23 * 3600, 201),
    ] {
        let r = record(&uuid(), &at(now() + offset));
        let answer = server
            .client
            .post(format!("{}/consent", server.base))
            .header("content-type", "application/json")
            .body(r.to_string())
            .send()
            .await
            .unwrap();
        assert_eq!(answer.status().as_u16(), status, "{offset}");
        if status == 400 {
            let body: Value = answer.json().await.unwrap();
            assert_eq!(body["problems"][0]["path"], "/client_time", "{body}");
        }
    }
    assert_eq!(server.stop().await, 0);
}

#[tokio::test]
async fn the_cookie_term_follows_the_earlier_of_client_time_and_now() {
    let db = databases().await.remove(0);
    let server = spawn_serve_exactly(&db.url, &[]).await;
    let post = |client_time: String| {
        let (client, url) = (server.client.clone(), format!("{}/consent", server.base));
        async move {
            let answer = client
                .post(url)
                .header("content-type", "application/json")
                .body(record(&uuid(), &client_time).to_string())
                .send()
                .await
                .unwrap();
            assert_eq!(answer.status(), 201);
            answer.headers()["set-cookie"].to_str().unwrap().to_owned()
        }
    };
    let expires = |given: i64| {
        kelisim::time::DateTime::from_unix(kelisim::time::consent_expiry(given)).http_date()
    };
    // A clock 20 h ahead: 13 months from now, not from the client's time.
    let before = now();
    let cookie = post(at(before + 20 * 3600)).await;
    let after = now();
    assert!(
        (before..=after).any(|t| cookie.contains(&expires(t))),
        "{cookie}"
    );
    assert!(!cookie.contains(&expires(before + 20 * 3600)), "{cookie}");
    // A clock behind: from the client's time (the choice was made then).
    let behind = now() - 20 * 3600;
    let cookie = post(at(behind)).await;
    assert!(cookie.contains(&expires(behind)), "{cookie}");
    assert_eq!(server.stop().await, 0);
}

#[tokio::test]
async fn other_sites_cannot_read_health_and_metrics_and_the_log_keeps_no_query() {
    let db = databases().await.remove(0);
    let server = spawn_serve(&db.url, &[]).await;
    for path in ["/healthz", "/readyz", "/metrics"] {
        let answer = server
            .client
            .get(format!("{}{path}?token=secret", server.base))
            .header("origin", "https://evil.example")
            .send()
            .await
            .unwrap();
        assert_eq!(answer.status(), 200, "{path}");
        let h = answer.headers();
        assert!(!h.contains_key("access-control-allow-origin"), "{path}");
        assert_eq!(h["cross-origin-resource-policy"], "same-origin", "{path}");
    }
    // The records endpoint still answers CORS (any origin: no --cors-origin).
    let answer = server
        .client
        .post(format!("{}/consent", server.base))
        .header("origin", "https://site.kz")
        .header("content-type", "application/json")
        .body(record(&uuid(), "2026-01-31T10:00:00Z").to_string())
        .send()
        .await
        .unwrap();
    assert_eq!(answer.headers()["access-control-allow-origin"], "*");
    let log = server.log.clone();
    assert_eq!(server.stop().await, 0);
    let log = log.lock().unwrap().join("\n");
    assert!(log.contains(r#""path":"/metrics""#), "{log}");
    assert!(!log.contains("secret"), "{log}");
    assert!(!log.contains("127.0.0.1\""), "no client address: {log}");
}

/// Opens a connection and sends the headers of a POST whose body never comes.
async fn stalled_post(base: &str) -> tokio::net::TcpStream {
    let addr = base.trim_start_matches("http://");
    let mut stream = tokio::net::TcpStream::connect(addr).await.unwrap();
    stream
        .write_all(
            b"POST /consent HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\n\
              Content-Length: 100\r\n\r\n{",
        )
        .await
        .unwrap();
    stream
}

async fn status_of(stream: &mut tokio::net::TcpStream) -> String {
    let mut buf = vec![0u8; 1024];
    let n = stream.read(&mut buf).await.unwrap();
    String::from_utf8_lossy(&buf[..n])
        .split_whitespace()
        .nth(1)
        .unwrap_or_default()
        .to_owned()
}

#[tokio::test]
async fn a_slow_body_times_out_and_a_full_house_answers_503() {
    let db = databases().await.remove(0);
    let server = spawn_serve(&db.url, &["--body-timeout-secs", "1", "--concurrency", "1"]).await;
    let started = Instant::now();
    let mut slow = stalled_post(&server.base).await;
    tokio::time::sleep(Duration::from_millis(200)).await;
    // Its slot is taken: another request is turned away at once.
    let busy = server
        .client
        .get(format!("{}/healthz", server.base))
        .send()
        .await
        .unwrap();
    assert_eq!(busy.status(), 503);
    assert_eq!(busy.headers()["retry-after"], "1");
    assert_eq!(status_of(&mut slow).await, "408");
    assert!(started.elapsed() < Duration::from_secs(5));
    // The slot is free again.
    let ok = server
        .client
        .get(format!("{}/healthz", server.base))
        .send()
        .await
        .unwrap();
    assert_eq!(ok.status(), 200);
    assert_eq!(server.stop().await, 0);
}

#[tokio::test]
async fn shutdown_does_not_wait_past_its_deadline() {
    let db = databases().await.remove(0);
    let server = spawn_serve(
        &db.url,
        &["--body-timeout-secs", "60", "--shutdown-deadline-secs", "1"],
    )
    .await;
    let _slow = stalled_post(&server.base).await;
    tokio::time::sleep(Duration::from_millis(200)).await;
    let started = Instant::now();
    let log = server.log.clone();
    assert_eq!(server.stop().await, 0);
    assert!(
        started.elapsed() < Duration::from_secs(10),
        "{:?}",
        started.elapsed()
    );
    let log = log.lock().unwrap().join("\n");
    assert!(log.contains("still in flight"), "{log}");
}

#[tokio::test]
async fn free_text_fields_have_a_maximum_length() {
    let db = databases().await.remove(0);
    let server = spawn_serve(&db.url, &[]).await;
    for (field, value) in [
        ("user_agent", Value::from("u".repeat(2049))),
        (
            "page_url",
            Value::from(format!("https://site.kz/{}", "p".repeat(8192))),
        ),
        ("policy_version", Value::from("v".repeat(257))),
        (
            "third_party_providers",
            serde_json::json!(["p".repeat(257)]),
        ),
    ] {
        let mut r = record(&uuid(), "2026-01-31T10:00:00Z");
        r[field] = value;
        let answer = server
            .client
            .post(format!("{}/consent", server.base))
            .header("content-type", "application/json")
            .body(r.to_string())
            .send()
            .await
            .unwrap();
        assert_eq!(answer.status(), 400, "{field}");
        let body: Value = answer.json().await.unwrap();
        assert!(
            body["problems"][0]["path"]
                .as_str()
                .unwrap()
                .starts_with(&format!("/{field}")),
            "{field}: {body}"
        );
    }
    let mut r = record(&uuid(), "2026-01-31T10:00:00Z");
    r["user_agent"] = "u".repeat(2048).into();
    assert_eq!(server.post_record(&r).await, Some(201), "at the limit");
    assert_eq!(server.stop().await, 0);
}
