//! `POST /consent` over real HTTP against a real server and a real database (SQLite always,
//! PostgreSQL when `KELISIM_TEST_POSTGRES_URL` is set): storing once per record id, refusing
//! what is not a record, the re-issued cookie, CORS, the test hooks and concurrent posts.

mod common;

use common::{databases, record, start, uuid};
use kelisim_receiver::server::Options;
use kelisim_receiver::store::{Store, Verdict};
use serde_json::{json, Value};

async fn stored_bodies(url: &str) -> Vec<String> {
    let store = Store::open(url, false).await.unwrap();
    let bodies = store.bodies(None).await.unwrap();
    store.pool().close().await;
    bodies
}

#[tokio::test]
async fn first_receipt_is_201_a_repeat_is_200_and_stores_nothing() {
    for db in databases().await {
        let label = db.label;
        let server = start(&db.url, common::options()).await;
        let consent = uuid();
        let r = record(&consent, "2026-01-31T10:00:00Z");
        // The exact text is stored, odd spacing included.
        let text = serde_json::to_string_pretty(&r)
            .unwrap()
            .replace(": ", " :  ");
        let first = server.post(&text).await;
        assert_eq!(first.status(), 201, "{label}");
        let body: Value = first.json().await.unwrap();
        assert_eq!(body["status"], "stored", "{label}");
        assert_eq!(body["id"], 1, "{label}");
        assert_eq!(body["record_id"], r["record_id"], "{label}");
        assert_eq!(body["hash"].as_str().unwrap().len(), 64, "{label}");

        let again = server.post(&text).await;
        assert_eq!(again.status(), 200, "{label}");
        let body: Value = again.json().await.unwrap();
        assert_eq!(body["status"], "repeat", "{label}");
        assert_eq!(body["id"], 1, "{label}");
        // A repeat with another text (same record id) stores nothing either.
        assert_eq!(server.post_record(&r).await.status(), 200, "{label}");

        let mut update = record(&consent, "2026-01-31T10:05:00Z");
        update["event"] = "updated".into();
        update["previous_record_id"] = r["record_id"].clone();
        let second = server.post_record(&update).await;
        assert_eq!(second.status(), 201, "{label}");
        assert_eq!(second.json::<Value>().await.unwrap()["id"], 2, "{label}");
        server.stop().await;

        let bodies = stored_bodies(&db.url).await;
        assert_eq!(bodies.len(), 2, "{label}");
        assert_eq!(bodies[0], text, "{label}: the exact text is stored");
        let store = Store::open(&db.url, false).await.unwrap();
        assert!(
            matches!(
                store.verify().await.unwrap(),
                Verdict::Intact { rows: 2, .. }
            ),
            "{label}"
        );
    }
}

#[tokio::test]
async fn what_is_not_a_record_is_refused_with_the_reason() {
    for db in databases().await {
        let label = db.label;
        let server = start(&db.url, common::options()).await;
        let consent = uuid();

        let bad_json = server.post("{\"record_id\": ").await;
        assert_eq!(bad_json.status(), 400, "{label}");
        let body: Value = bad_json.json().await.unwrap();
        assert!(
            body["error"].as_str().unwrap().starts_with("invalid JSON"),
            "{label}: {body}"
        );

        let mut bad = record(&consent, "2026-01-31T10:00:00Z");
        bad["record_id"] = "not-a-uuid".into();
        bad["language"] = "de".into();
        let violation = server.post_record(&bad).await;
        assert_eq!(violation.status(), 400, "{label}");
        let body: Value = violation.json().await.unwrap();
        let paths: Vec<&str> = body["problems"]
            .as_array()
            .unwrap()
            .iter()
            .map(|p| p["path"].as_str().unwrap())
            .collect();
        assert!(paths.contains(&"/record_id"), "{label}: {body}");
        assert!(paths.contains(&"/language"), "{label}: {body}");

        let mut missing = record(&consent, "2026-01-31T10:00:00Z");
        missing.as_object_mut().unwrap().remove("texts_sha256");
        let body: Value = server.post_record(&missing).await.json().await.unwrap();
        assert!(body.to_string().contains("texts_sha256"), "{label}: {body}");

        // Well formed but impossible date.
        let feb30 = record(&consent, "2026-02-30T10:00:00Z");
        let answer = server.post_record(&feb30).await;
        assert_eq!(answer.status(), 400, "{label}");
        assert_eq!(
            answer.json::<Value>().await.unwrap()["problems"][0]["path"],
            "/client_time"
        );

        assert_eq!(server.post("[1, 2]").await.status(), 400, "{label}");

        let form = server
            .client
            .post(server.url("/consent"))
            .header("content-type", "application/x-www-form-urlencoded")
            .body(record(&consent, "2026-01-31T10:00:00Z").to_string())
            .send()
            .await
            .unwrap();
        assert_eq!(form.status(), 415, "{label}");

        let mut huge = record(&consent, "2026-01-31T10:00:00Z");
        huge["user_agent"] = "x".repeat(70 * 1024).into();
        assert_eq!(server.post_record(&huge).await.status(), 413, "{label}");

        // sendBeacon's text/plain is accepted.
        let beacon = server
            .client
            .post(server.url("/consent"))
            .header("content-type", "text/plain;charset=UTF-8")
            .body(record(&consent, "2026-01-31T10:00:00Z").to_string())
            .send()
            .await
            .unwrap();
        assert_eq!(beacon.status(), 201, "{label}");

        assert_eq!(
            server
                .client
                .get(server.url("/consent"))
                .send()
                .await
                .unwrap()
                .status(),
            405,
            "{label}"
        );
        server.stop().await;
        assert_eq!(stored_bodies(&db.url).await.len(), 1, "{label}");
    }
}

fn set_cookie(response: &reqwest::Response) -> Option<String> {
    response
        .headers()
        .get("set-cookie")
        .map(|v| v.to_str().unwrap().to_owned())
}

#[tokio::test]
async fn a_processing_record_is_stored_and_never_reissues_the_consent_cookie() {
    for db in databases().await {
        let label = db.label;
        let server = start(&db.url, common::options()).await;
        let r =
            common::processing_record("loan-application", "application", "2026-01-31T10:00:00Z");
        let response = server.post_record(&r).await;
        assert_eq!(response.status(), 201, "{label}");
        assert_eq!(
            set_cookie(&response),
            None,
            "{label}: a form's consent is not the banner's"
        );
        // Without its form, a processing record is refused by the schema.
        let mut bad =
            common::processing_record("loan-application", "application", "2026-01-31T10:00:00Z");
        bad["form"] = serde_json::Value::Null;
        assert_eq!(server.post_record(&bad).await.status(), 400, "{label}");
        server.stop().await;
        let bodies = stored_bodies(&db.url).await;
        assert_eq!(bodies.len(), 1, "{label}");
        assert!(
            bodies[0].contains(r#""kind":"processing""#),
            "{label}: {}",
            bodies[0]
        );
    }
}

#[tokio::test]
async fn the_consent_cookie_is_reissued_for_13_months() {
    for db in databases().await {
        let label = db.label;
        let server = start(&db.url, common::options()).await;
        let consent = uuid();
        let r = record(&consent, "2026-01-31T10:00:00Z");
        let first = server.post_record(&r).await;
        assert_eq!(first.status(), 201);
        let cookie = set_cookie(&first).expect("Set-Cookie on 201");
        assert!(
            cookie.starts_with(&format!("kelisim=2.{consent}.1.1769853600.kk.")),
            "{label}: {cookie}"
        );
        let parts: Vec<&str> = cookie.split("; ").collect();
        assert!(parts.contains(&"Path=/"), "{cookie}");
        assert!(parts.contains(&"SameSite=Lax"), "{cookie}");
        // 13 calendar months after 2026-01-31T10:00:00Z, clamped to February's end.
        assert!(
            parts.contains(&"Expires=Sun, 28 Feb 2027 10:00:00 GMT"),
            "{cookie}"
        );
        assert!(!parts.contains(&"Secure"), "{cookie}");
        assert!(!cookie.contains("Domain="), "{cookie}");
        let value = parts[0].strip_prefix("kelisim=").unwrap();
        let decoded = kelisim::cookie::decode(value).unwrap();
        assert_eq!(decoded.id, consent);
        assert_eq!(
            decoded.granted.iter().collect::<Vec<_>>(),
            ["analytics", "necessary"]
        );

        // A repeat re-issues it too; behind an https proxy it is Secure.
        let again = server
            .client
            .post(server.url("/consent"))
            .header("content-type", "application/json")
            .header("x-forwarded-proto", "https")
            .body(r.to_string())
            .send()
            .await
            .unwrap();
        assert_eq!(again.status(), 200);
        let cookie = set_cookie(&again).expect("Set-Cookie on 200");
        assert!(cookie.split("; ").any(|p| p == "Secure"), "{cookie}");

        // A newer choice of the same consent is stored: a late retry of the older record must
        // not roll the cookie back.
        let mut newer = record(&consent, "2026-03-01T08:00:00Z");
        newer["event"] = "withdrawn".into();
        newer["action"] = "withdraw".into();
        newer["categories"] = json!({"necessary": true, "analytics": false, "marketing": false});
        let withdrawn = server.post_record(&newer).await;
        let cookie = set_cookie(&withdrawn).unwrap();
        assert!(cookie.contains(".kk.necessary."), "{cookie}");
        assert!(
            cookie.contains("Expires=Thu, 01 Apr 2027 08:00:00 GMT"),
            "{cookie}"
        );
        let late = server.post_record(&r).await;
        assert_eq!(late.status(), 200);
        assert_eq!(
            set_cookie(&late),
            None,
            "{label}: a stale record set the cookie"
        );
        server.stop().await;

        // The cookie's name and domain are the site's.
        let server = start(
            &db.url,
            Options {
                cookie_name: "consent_kz".into(),
                cookie_domain: Some("example.kz".into()),
                ..common::options()
            },
        )
        .await;
        let other = record(&uuid(), "2026-01-31T10:00:00Z");
        let cookie = set_cookie(&server.post_record(&other).await).unwrap();
        assert!(cookie.starts_with("consent_kz=2."), "{cookie}");
        assert!(cookie.contains("; Domain=example.kz"), "{cookie}");
        server.stop().await;
    }
}

#[cfg(not(feature = "test-hooks"))]
#[tokio::test]
async fn test_hooks_are_refused_without_the_feature() {
    let db = databases().await.remove(0);
    let store = Store::open(&db.url, true).await.unwrap();
    let options = Options {
        test_hooks: true,
        ..common::options()
    };
    let refused = kelisim_receiver::server::router(store, options)
        .err()
        .unwrap();
    assert!(refused.to_string().contains("test-hooks"), "{refused}");
}

#[tokio::test]
async fn cors_preflight_is_answered() {
    let db = databases().await.remove(0);
    let server = start(&db.url, common::options()).await;
    let preflight = |server: &common::Running, origin: &'static str| {
        server
            .client
            .request(reqwest::Method::OPTIONS, server.url("/consent"))
            .header("origin", origin)
            .header("access-control-request-method", "POST")
            .header("access-control-request-headers", "content-type")
            .send()
    };
    let any = preflight(&server, "https://site.kz").await.unwrap();
    assert!(any.status().is_success());
    let h = any.headers();
    assert_eq!(h["access-control-allow-origin"], "*");
    assert!(h["access-control-allow-methods"]
        .to_str()
        .unwrap()
        .contains("POST"));
    assert!(h["access-control-allow-headers"]
        .to_str()
        .unwrap()
        .contains("content-type"));
    let post = server
        .client
        .post(server.url("/consent"))
        .header("origin", "https://site.kz")
        .header("content-type", "application/json")
        .body(record(&uuid(), "2026-01-31T10:00:00Z").to_string())
        .send()
        .await
        .unwrap();
    assert_eq!(post.status(), 201);
    assert_eq!(post.headers()["access-control-allow-origin"], "*");
    server.stop().await;

    let server = start(
        &db.url,
        Options {
            cors_origins: vec!["https://site.kz".into()],
            ..common::options()
        },
    )
    .await;
    let named = preflight(&server, "https://site.kz").await.unwrap();
    assert_eq!(
        named.headers()["access-control-allow-origin"],
        "https://site.kz"
    );
    assert_eq!(named.headers()["access-control-allow-credentials"], "true");
    let other = preflight(&server, "https://evil.example").await.unwrap();
    assert!(other.headers().get("access-control-allow-origin").is_none());
    server.stop().await;
}

#[cfg(feature = "test-hooks")]
#[tokio::test]
async fn test_hooks_fail_on_demand_and_list_records() {
    for db in databases().await {
        let label = db.label;
        let plain = start(&db.url, common::options()).await;
        let hook = plain
            .client
            .post(plain.url("/__test/fail?status=500&count=1"))
            .send()
            .await
            .unwrap();
        assert_eq!(
            hook.status(),
            404,
            "{label}: hooks exist without --test-hooks"
        );
        plain.stop().await;

        let server = start(
            &db.url,
            Options {
                test_hooks: true,
                ..common::options()
            },
        )
        .await;
        let consent = uuid();
        let r = record(&consent, "2026-01-31T10:00:00Z");
        let set = server
            .client
            .post(server.url("/__test/fail?status=503&count=2"))
            .send()
            .await
            .unwrap();
        assert_eq!(set.status(), 200, "{label}");
        assert_eq!(server.post_record(&r).await.status(), 503, "{label}");
        assert_eq!(server.post_record(&r).await.status(), 503, "{label}");
        assert_eq!(server.post_record(&r).await.status(), 201, "{label}");
        assert_eq!(server.post_record(&r).await.status(), 200, "{label}");
        let mut other = record(&uuid(), "2026-01-31T10:00:00Z");
        other["screen"] = "settings".into();
        assert_eq!(server.post_record(&other).await.status(), 201, "{label}");

        let listed: Value = server
            .client
            .get(server.url(&format!("/__test/records?consent_id={consent}")))
            .send()
            .await
            .unwrap()
            .json()
            .await
            .unwrap();
        assert_eq!(listed, json!([r]), "{label}");
        let all: Value = server
            .client
            .get(server.url("/__test/records"))
            .send()
            .await
            .unwrap()
            .json()
            .await
            .unwrap();
        assert_eq!(all.as_array().unwrap().len(), 2, "{label}");
        // The browser tests read the hooks from the test page's origin.
        let cross = server
            .client
            .get(server.url("/__test/receipts"))
            .header("origin", "http://127.0.0.1:9")
            .send()
            .await
            .unwrap();
        assert_eq!(
            cross.headers()["access-control-allow-origin"],
            "*",
            "{label}"
        );
        let receipts: Value = server
            .client
            .get(server.url("/__test/receipts"))
            .send()
            .await
            .unwrap()
            .json()
            .await
            .unwrap();
        let id = r["record_id"].as_str().unwrap();
        assert_eq!(receipts[id], 2, "{label}: {receipts}");
        server.stop().await;
    }
}

#[tokio::test]
async fn concurrent_posts_do_not_fork_the_chain() {
    for db in databases().await {
        let label = db.label;
        let server = std::sync::Arc::new(start(&db.url, common::options()).await);
        let records: Vec<Value> = (0..40)
            .map(|_| record(&uuid(), "2026-01-31T10:00:00Z"))
            .collect();
        // Every record twice, at the same time.
        let statuses = server
            .post_all([records.clone(), records.clone()].concat())
            .await;
        assert_eq!(
            statuses.iter().filter(|s| **s == 201).count(),
            40,
            "{label}"
        );
        assert_eq!(
            statuses.iter().filter(|s| **s == 200).count(),
            40,
            "{label}"
        );
        let store = Store::open(&db.url, false).await.unwrap();
        match store.verify().await.unwrap() {
            Verdict::Intact { rows, .. } => assert_eq!(rows, 40, "{label}"),
            broken => panic!("{label}: {broken:?}"),
        }
        let server = std::sync::Arc::into_inner(server).unwrap();
        server.stop().await;
    }
}

/// A receiver serving the folder `site` with `--static`, on the first test database (kept as
/// long as the receiver runs).
async fn serving(site: &std::path::Path) -> (common::Db, common::Running) {
    let db = databases().await.remove(0);
    let options = Options {
        static_dir: Some(site.to_owned()),
        ..common::options()
    };
    let server = start(&db.url, options).await;
    (db, server)
}

#[tokio::test]
async fn a_static_folder_is_served_at_the_root() {
    let site = tempfile::tempdir().unwrap();
    std::fs::write(site.path().join("index.html"), "<h1>demo</h1>").unwrap();
    let (_db, server) = serving(site.path()).await;
    let page = server.client.get(server.url("/")).send().await.unwrap();
    assert_eq!(page.status(), 200);
    assert_eq!(page.text().await.unwrap(), "<h1>demo</h1>");
    let r = record(&uuid(), "2026-01-31T10:00:00Z");
    assert_eq!(server.post_record(&r).await.status(), 201);
    server.stop().await;
}

/// The bundle's precompressed copies (scripts/build.sh writes `<file>.br` and `<file>.gz`) go to a
/// browser that accepts them, with their encoding and the file's own type; others get the file.
#[tokio::test]
async fn a_static_files_precompressed_copies_are_sent_to_who_accepts_them() {
    let site = tempfile::tempdir().unwrap();
    std::fs::create_dir(site.path().join("app")).unwrap();
    let wasm = site.path().join("app/first_bg.0123abcd.wasm");
    std::fs::write(&wasm, b"\0asm plain").unwrap();
    std::fs::write(wasm.with_extension("wasm.br"), b"brotli bytes").unwrap();
    std::fs::write(wasm.with_extension("wasm.gz"), b"gzip bytes").unwrap();
    std::fs::write(site.path().join("plain.js"), "let x;").unwrap();
    let (_db, server) = serving(site.path()).await;
    let get = |path: &'static str, accept: &'static str| {
        let request = server
            .client
            .get(server.url(path))
            .header("accept-encoding", accept);
        async move {
            let r = request.send().await.unwrap();
            assert_eq!(r.status(), 200, "{path} {accept}");
            let header = |n: &str| r.headers().get(n).map(|v| v.to_str().unwrap().to_owned());
            let (encoding, kind) = (header("content-encoding"), header("content-type"));
            assert_eq!(header("vary").as_deref(), Some("accept-encoding"), "{path}");
            (encoding, kind, r.bytes().await.unwrap().to_vec())
        }
    };
    let wasm_type = Some("application/wasm".to_owned());
    let path = "/app/first_bg.0123abcd.wasm";
    assert_eq!(
        get(path, "gzip, deflate, br, zstd").await,
        (
            Some("br".into()),
            wasm_type.clone(),
            b"brotli bytes".to_vec()
        )
    );
    assert_eq!(
        get(path, "gzip, deflate").await,
        (
            Some("gzip".into()),
            wasm_type.clone(),
            b"gzip bytes".to_vec()
        )
    );
    assert_eq!(
        get(path, "identity").await,
        (None, wasm_type, b"\0asm plain".to_vec())
    );
    // A file without copies is sent as it is, whatever the browser accepts.
    let (encoding, _, body) = get("/plain.js", "br, gzip").await;
    assert_eq!((encoding, body), (None, b"let x;".to_vec()));
    server.stop().await;
}

#[tokio::test]
async fn two_receivers_on_one_database_keep_one_chain() {
    for db in databases().await {
        let label = db.label;
        // Two stores with their own locks, as two processes (replicas) would have.
        let a = std::sync::Arc::new(start(&db.url, common::options()).await);
        let b = std::sync::Arc::new(start(&db.url, common::options()).await);
        let mut tasks = Vec::new();
        for i in 0..60 {
            let server = if i % 2 == 0 { a.clone() } else { b.clone() };
            let r = record(&uuid(), "2026-01-31T10:00:00Z");
            tasks.push(tokio::spawn(async move {
                server.post_record(&r).await.status().as_u16()
            }));
        }
        for t in tasks {
            assert_eq!(t.await.unwrap(), 201, "{label}");
        }
        let store = Store::open(&db.url, false).await.unwrap();
        match store.verify().await.unwrap() {
            Verdict::Intact { rows, .. } => assert_eq!(rows, 60, "{label}"),
            broken => panic!("{label}: {broken:?}"),
        }
        for s in [a, b] {
            std::sync::Arc::into_inner(s).unwrap().stop().await;
        }
    }
}
