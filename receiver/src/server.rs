//! The HTTP side: `POST /consent`, CORS, static files, the test hooks, one log line per request.
//!
//! `POST /consent` takes one consent record (`Content-Type: application/json`; `text/plain` is
//! accepted too, as `navigator.sendBeacon` sends a string with that type):
//! - over 64 KiB: 413; not JSON, or not a record by `schema/consent-record.schema.json`: 400
//!   with `{"error": …, "problems": [{"path", "message"}]}` naming what is wrong;
//! - a new record id: stored, 201 `{"status": "stored", "id", "record_id", "received_at", "hash"}`;
//! - a record id already stored: nothing stored, 200 `{"status": "repeat", "id", "record_id"}`;
//! - on 200 and 201, a `Set-Cookie` re-issuing the consent cookie (`Path=/; SameSite=Lax`,
//!   `Secure` behind https, 13 months from the record's `client_time`), because Safari keeps a
//!   cookie written by a script only 7 days. It is left out when a record of the same consent
//!   with a later `client_time` is already stored (a late retry must not roll the cookie back).
//!
//! With test hooks (`serve --test-hooks`, for browser tests only):
//! - `POST /__test/fail?status=500&count=1`: the next `count` (default 1) `POST /consent` answer
//!   `status` without storing; `count=0` cancels;
//! - `GET /__test/records[?consent_id=…]`: the stored bodies, as a JSON array, in order;
//! - `GET /__test/receipts`: `{record_id: number of valid POSTs received}` (repeats included);
//! - `POST /__test/forms`: keeps the body of a site's form as received; `GET /__test/forms`: the
//!   bodies, as a JSON array of strings, in order.

use crate::metrics::Metrics;
use crate::store::{Appended, NewRecord, Store};
use crate::writer::{BatchOptions, Writer};
use axum::body::to_bytes;
use axum::extract::{Query, Request, State};
use axum::http::{header, HeaderMap, HeaderValue, Method, StatusCode};
use axum::middleware::{self, Next};
use axum::response::{IntoResponse, Response};
use axum::routing::{get, post};
use axum::{Json, Router};
use kelisim::consent::Consent;
use kelisim::cookie::{self, Attributes};
use kelisim::record::{ConsentRecord, RecordKind};
use serde::Deserialize;
use serde_json::{json, Value};
use std::collections::HashMap;
use std::path::PathBuf;
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};
use tower_http::cors::{AllowOrigin, CorsLayer};
use tower_http::services::ServeDir;
use tower_http::set_header::SetResponseHeaderLayer;

/// The largest record accepted, in bytes.
pub const MAX_BODY: usize = 64 * 1024;

/// The consent record's JSON Schema, as published in the repository (`kelisim::record::SCHEMA`:
/// the file lives in the kelisim crate, so this crate can be published on its own).
pub const SCHEMA: &str = kelisim::record::SCHEMA;

/// How many schema violations an error answer lists.
const MAX_PROBLEMS: usize = 20;

/// The deepest nesting of arrays and objects accepted (a record nests 2 levels).
pub const MAX_DEPTH: usize = 8;

/// How `serve` behaves (its command-line flags).
#[derive(Clone, Debug)]
pub struct Options {
    /// The consent cookie's name (the site configuration's `cookie.name`).
    pub cookie_name: String,
    /// The consent cookie's `Domain`, or none for a host-only cookie.
    pub cookie_domain: Option<String>,
    /// Origins allowed to POST records cross-origin; empty or `*`: any (without credentials).
    pub cors_origins: Vec<String>,
    /// A folder served at `/` (the demo site).
    pub static_dir: Option<PathBuf>,
    /// Whether the `/__test/…` routes exist.
    pub test_hooks: bool,
    /// Bounds of a group-commit batch.
    pub batch: BatchOptions,
    /// Per-client (peer IP) limit of `POST /consent`: requests per second sustained, with
    /// bursts of twice that; `0` disables it (the default here; `serve` defaults to 100). The
    /// peer address comes from [`serve`] (`ConnectInfo`): a router served otherwise must keep
    /// it at 0.
    pub rate_limit: u32,
}

impl Default for Options {
    fn default() -> Self {
        Options {
            cookie_name: "kelisim".into(),
            cookie_domain: None,
            cors_origins: Vec::new(),
            static_dir: None,
            test_hooks: false,
            batch: BatchOptions::default(),
            rate_limit: 0,
        }
    }
}

#[derive(Default)]
struct Hooks {
    /// The status to answer and how many more times.
    fail: Mutex<(u16, u32)>,
    /// Valid POSTs received per record id.
    receipts: Mutex<HashMap<String, u32>>,
    /// The bodies of the forms posted to `/__test/forms` (the site's own forms, issue 13).
    forms: Mutex<Vec<String>>,
}

struct App {
    reader: RecordReader,
    store: Arc<Store>,
    writer: Writer,
    metrics: Arc<Metrics>,
    options: Options,
    hooks: Option<Hooks>,
}

/// What the request log line says about a record (why it was refused, what was stored).
#[derive(Clone, Default)]
struct LogNote {
    /// `stored`, `repeat`, `rejected`, `failed` (database), or none.
    outcome: Option<&'static str>,
    /// Why it was refused (the metrics' `reason` label).
    reason: Option<&'static str>,
    record_id: Option<String>,
    row: Option<i64>,
    detail: String,
}

/// A JSON answer with a log note.
fn answer(status: StatusCode, body: Value, note: LogNote) -> Response {
    let mut response = (status, Json(body)).into_response();
    response.extensions_mut().insert(note);
    response
}

/// A refusal of a record (4xx) for `reason`, saying why.
fn reject(
    status: StatusCode,
    reason: &'static str,
    error: String,
    problems: Vec<Value>,
) -> Response {
    let mut response = refuse(status, error, problems);
    if let Some(note) = response.extensions_mut().get_mut::<LogNote>() {
        note.outcome = Some("rejected");
        note.reason = Some(reason);
    }
    response
}

fn refuse(status: StatusCode, error: String, problems: Vec<Value>) -> Response {
    let note = match problems.first() {
        Some(p) => {
            let path = p["path"].as_str().filter(|s| !s.is_empty()).unwrap_or("/");
            let more = match problems.len() {
                1 => String::new(),
                n => format!(" (and {} more)", n - 1),
            };
            format!(
                "{error}: at {path}: {}{more}",
                p["message"].as_str().unwrap_or_default()
            )
        }
        None => error.clone(),
    };
    let body = if problems.is_empty() {
        json!({ "error": error })
    } else {
        json!({ "error": error, "problems": problems })
    };
    answer(
        status,
        body,
        LogNote {
            detail: note,
            ..LogNote::default()
        },
    )
}

/// The router of `serve`: the records endpoint, CORS, the optional static folder and test hooks.
/// The group-commit writer runs detached; use [`app`] to wait for it at shutdown.
pub fn router(store: Store, options: Options) -> anyhow::Result<Router> {
    Ok(app(store, options)?.0)
}

/// The router of `serve` and its group-commit writer task, which ends once the router (every
/// clone) is dropped and the records queued are stored: await it after the server stopped.
pub fn app(
    store: Store,
    options: Options,
) -> anyhow::Result<(Router, tokio::task::JoinHandle<()>)> {
    let reader = RecordReader::new()?;
    let cors = cors_layer(&options.cors_origins)?;
    let static_dir = options.static_dir.clone();
    let test_hooks = options.test_hooks;
    let mut consent_route = post(post_consent);
    if options.rate_limit > 0 {
        let mut config = tower_governor::governor::GovernorConfigBuilder::default();
        config
            .period(Duration::from_nanos(
                1_000_000_000 / u64::from(options.rate_limit),
            ))
            .burst_size(options.rate_limit.saturating_mul(2));
        let config = config
            .finish()
            .ok_or_else(|| anyhow::anyhow!("invalid rate limit {}", options.rate_limit))?;
        let limiter = config.limiter().clone();
        // Forget idle clients once a minute.
        tokio::spawn(async move {
            loop {
                tokio::time::sleep(Duration::from_secs(60)).await;
                limiter.retain_recent();
            }
        });
        consent_route = consent_route.route_layer(tower_governor::GovernorLayer::new(config));
    }
    let store = Arc::new(store);
    let metrics = Arc::new(Metrics::new());
    let (writer, writer_task) = Writer::start(store.clone(), options.batch, metrics.clone());
    let app = Arc::new(App {
        reader,
        store,
        writer,
        metrics,
        options,
        hooks: test_hooks.then(Hooks::default),
    });
    let mut router = Router::new()
        .route("/consent", consent_route)
        .route("/healthz", get(|| async { "ok\n" }))
        .route("/readyz", get(readyz))
        .route("/metrics", get(metrics_text));
    if test_hooks {
        router = router
            .route("/__test/fail", post(test_fail))
            .route("/__test/records", get(test_records))
            .route("/__test/receipts", get(test_receipts))
            .route("/__test/forms", post(test_form).get(test_forms));
    }
    let router = match static_dir {
        Some(dir) => router.fallback_service(ServeDir::new(dir)),
        None => {
            router.fallback(|| async { refuse(StatusCode::NOT_FOUND, "not found".into(), vec![]) })
        }
    };
    let router = security_headers(router.with_state(app.clone()).layer(cors))
        .layer(middleware::from_fn_with_state(app, log_request));
    Ok((router, writer_task))
}

/// Headers on every answer (the static site's pages included): no MIME sniffing, no framing by
/// other sites, no full URL in the Referer sent elsewhere, a window of its own.
fn security_headers<S: Clone + Send + Sync + 'static>(router: Router<S>) -> Router<S> {
    use axum::http::HeaderName;
    let set = |name: HeaderName, value: &'static str| {
        SetResponseHeaderLayer::if_not_present(name, HeaderValue::from_static(value))
    };
    router
        .layer(set(header::X_CONTENT_TYPE_OPTIONS, "nosniff"))
        .layer(set(header::X_FRAME_OPTIONS, "SAMEORIGIN"))
        .layer(set(
            header::REFERRER_POLICY,
            "strict-origin-when-cross-origin",
        ))
        .layer(set(
            HeaderName::from_static("cross-origin-opener-policy"),
            "same-origin",
        ))
}

/// 200 when the database answers within 2 s, 503 otherwise.
async fn readyz(State(app): State<Arc<App>>) -> Response {
    match tokio::time::timeout(Duration::from_secs(2), app.store.ping()).await {
        Ok(Ok(())) => (StatusCode::OK, "ready\n").into_response(),
        Ok(Err(e)) => (
            StatusCode::SERVICE_UNAVAILABLE,
            format!("not ready: {e:#}\n"),
        )
            .into_response(),
        Err(_) => (
            StatusCode::SERVICE_UNAVAILABLE,
            "not ready: the database did not answer within 2 s\n",
        )
            .into_response(),
    }
}

async fn metrics_text(State(app): State<Arc<App>>) -> Response {
    (
        [(
            header::CONTENT_TYPE,
            "application/openmetrics-text; version=1.0.0; charset=utf-8",
        )],
        app.metrics.render(),
    )
        .into_response()
}

fn cors_layer(origins: &[String]) -> anyhow::Result<CorsLayer> {
    let layer = CorsLayer::new()
        .allow_methods([Method::POST, Method::GET])
        .allow_headers([header::CONTENT_TYPE])
        .max_age(Duration::from_secs(86_400));
    if origins.is_empty() || origins.iter().any(|o| o == "*") {
        return Ok(layer.allow_origin(AllowOrigin::any()));
    }
    let list = origins
        .iter()
        .map(|o| {
            HeaderValue::from_str(o.trim_end_matches('/'))
                .map_err(|_| anyhow::anyhow!("`{o}` is not an origin such as https://example.kz"))
        })
        .collect::<anyhow::Result<Vec<_>>>()?;
    // A named origin may send credentials, so that the re-issued cookie is kept cross-origin.
    Ok(layer.allow_origin(list).allow_credentials(true))
}

/// Serves `router` on `listener` until `shutdown` completes.
pub async fn serve(
    listener: tokio::net::TcpListener,
    router: Router,
    shutdown: impl std::future::Future<Output = ()> + Send + 'static,
) -> anyhow::Result<()> {
    axum::serve(
        listener,
        router.into_make_service_with_connect_info::<std::net::SocketAddr>(),
    )
    .with_graceful_shutdown(shutdown)
    .await?;
    Ok(())
}

/// One JSON line per request on stderr: `time`, `method`, `path`, `status`, `ms`, and for a
/// record `outcome` (`stored`, `repeat`, `rejected`, `failed`), `reason`, `record_id`, `row`,
/// `detail`. Counts the outcome in the metrics.
async fn log_request(State(app): State<Arc<App>>, request: Request, next: Next) -> Response {
    let started = Instant::now();
    let method = request.method().clone();
    let path = request
        .uri()
        .path_and_query()
        .map_or_else(|| "/".to_owned(), |p| p.to_string());
    let response = next.run(request).await;
    let status = response.status();
    let mut note = response
        .extensions()
        .get::<LogNote>()
        .cloned()
        .unwrap_or_default();
    if status == StatusCode::TOO_MANY_REQUESTS && note.outcome.is_none() {
        note.outcome = Some("rejected");
        note.reason = Some("rate_limited");
        note.detail = "over the per-client rate limit".into();
    }
    match (note.outcome, note.reason) {
        (Some("stored"), _) => {
            app.metrics.stored.inc();
        }
        (Some("repeat"), _) => {
            app.metrics.repeated.inc();
        }
        (Some(_), Some(reason)) => app.metrics.reject(reason),
        _ => {}
    };
    let mut line = serde_json::Map::new();
    line.insert("time".into(), crate::store::now_rfc3339().into());
    line.insert("method".into(), method.as_str().into());
    line.insert("path".into(), path.into());
    line.insert("status".into(), status.as_u16().into());
    let ms = (started.elapsed().as_secs_f64() * 10_000.0).round() / 10.0;
    line.insert("ms".into(), ms.into());
    if let Some(outcome) = note.outcome {
        line.insert("outcome".into(), outcome.into());
    }
    if let Some(reason) = note.reason {
        line.insert("reason".into(), reason.into());
    }
    if let Some(id) = note.record_id {
        line.insert("record_id".into(), id.into());
    }
    if let Some(row) = note.row {
        line.insert("row".into(), row.into());
    }
    if !note.detail.is_empty() {
        line.insert("detail".into(), note.detail.into());
    }
    // One write per line: stderr is unbuffered, and formatting a JSON value straight into it
    // would make a system call of every piece; one string argument is one write.
    let mut text = Value::Object(line).to_string();
    text.push('\n');
    eprint!("{text}");
    response
}

fn is_record_media_type(headers: &HeaderMap) -> bool {
    let Some(value) = headers
        .get(header::CONTENT_TYPE)
        .and_then(|v| v.to_str().ok())
    else {
        return false;
    };
    let media = value
        .split(';')
        .next()
        .unwrap_or_default()
        .trim()
        .to_ascii_lowercase();
    media == "application/json" || media.ends_with("+json") || media == "text/plain"
}

/// Adds a problem for each string (or key) of `value` holding U+0000.
fn nul_strings(value: &Value, path: &mut String, problems: &mut Vec<Value>) {
    let pointer = |path: &str| {
        if path.is_empty() {
            "/".to_owned()
        } else {
            path.to_owned()
        }
    };
    match value {
        Value::String(s) if s.contains('\0') && problems.len() < MAX_PROBLEMS => {
            problems.push(json!({ "path": pointer(path), "message": "contains U+0000" }));
        }
        Value::Array(items) => {
            for (i, item) in items.iter().enumerate() {
                let len = path.len();
                path.push_str(&format!("/{i}"));
                nul_strings(item, path, problems);
                path.truncate(len);
            }
        }
        Value::Object(fields) => {
            for (k, v) in fields {
                let len = path.len();
                path.push('/');
                path.push_str(&k.replace('~', "~0").replace('/', "~1"));
                if k.contains('\0') && problems.len() < MAX_PROBLEMS {
                    problems
                        .push(json!({ "path": pointer(path), "message": "a key contains U+0000" }));
                }
                nul_strings(v, path, problems);
                path.truncate(len);
            }
        }
        _ => {}
    }
}

/// Whether the answer may set the consent cookie: the request came from the receiver's own
/// site (no `Origin`, or an `Origin` whose host is the `Host`) or from an origin named by
/// `--cors-origin` (never from any origin allowed by `*`).
fn cookie_allowed(headers: &HeaderMap, cors_origins: &[String]) -> bool {
    let Some(origin) = headers.get(header::ORIGIN).and_then(|v| v.to_str().ok()) else {
        return true;
    };
    let host = headers.get(header::HOST).and_then(|v| v.to_str().ok());
    if host.is_some() && origin.split_once("://").map(|(_, h)| h) == host {
        return true;
    }
    cors_origins
        .iter()
        .any(|o| o != "*" && o.trim_end_matches('/').eq_ignore_ascii_case(origin))
}

/// How deep arrays and objects nest in a JSON text (outside strings).
fn nesting(text: &str) -> usize {
    let (mut depth, mut max) = (0usize, 0usize);
    let (mut in_string, mut escaped) = (false, false);
    for b in text.bytes() {
        if in_string {
            match (escaped, b) {
                (true, _) => escaped = false,
                (false, b'\\') => escaped = true,
                (false, b'"') => in_string = false,
                _ => {}
            }
            continue;
        }
        match b {
            b'"' => in_string = true,
            b'[' | b'{' => {
                depth += 1;
                max = max.max(depth);
            }
            b']' | b'}' => depth = depth.saturating_sub(1),
            _ => {}
        }
    }
    max
}

/// Whether the request reached the site over https (directly or through a proxy that says so).
fn is_https(headers: &HeaderMap, request_scheme: Option<&str>) -> bool {
    let header = |name: &str| headers.get(name).and_then(|v| v.to_str().ok());
    if let Some(proto) = header("x-forwarded-proto") {
        return proto
            .split(',')
            .next()
            .is_some_and(|p| p.trim().eq_ignore_ascii_case("https"));
    }
    if let Some(forwarded) = header("forwarded") {
        let first = forwarded.split(',').next().unwrap_or_default();
        return first.split(';').any(|kv| {
            kv.trim().split_once('=').is_some_and(|(k, v)| {
                k.eq_ignore_ascii_case("proto") && v.trim_matches('"').eq_ignore_ascii_case("https")
            })
        });
    }
    request_scheme == Some("https")
}

async fn post_consent(State(app): State<Arc<App>>, request: Request) -> Response {
    if let Some(hooks) = &app.hooks {
        let mut fail = hooks.fail.lock().unwrap();
        if fail.1 > 0 {
            fail.1 -= 1;
            let status = StatusCode::from_u16(fail.0).unwrap_or(StatusCode::INTERNAL_SERVER_ERROR);
            return reject(
                status,
                "test_hook",
                format!("test hook: answering {}", status.as_u16()),
                vec![],
            );
        }
    }
    let (parts, body) = request.into_parts();
    // The body is not read to its end: tell the client not to send another request on this
    // connection (hyper closes it).
    let too_large = || {
        let mut answer = reject(
            StatusCode::PAYLOAD_TOO_LARGE,
            "too_large",
            format!("a consent record is at most {MAX_BODY} bytes"),
            vec![],
        );
        answer
            .headers_mut()
            .insert(header::CONNECTION, HeaderValue::from_static("close"));
        answer
    };
    let declared = parts
        .headers
        .get(header::CONTENT_LENGTH)
        .and_then(|v| v.to_str().ok()?.parse::<u64>().ok());
    if declared.is_some_and(|n| n > MAX_BODY as u64) {
        return too_large();
    }
    // Read (at most MAX_BODY) before refusing a content type, so the connection stays usable.
    let bytes = match to_bytes(body, MAX_BODY).await {
        Ok(b) => b,
        Err(_) => return too_large(),
    };
    if !is_record_media_type(&parts.headers) {
        return reject(
            StatusCode::UNSUPPORTED_MEDIA_TYPE,
            "media_type",
            "a consent record is sent with Content-Type: application/json".into(),
            vec![],
        );
    }
    let (text, record, consent) = match app.reader.read(&bytes) {
        Ok(read) => read,
        Err(r) => return reject(StatusCode::BAD_REQUEST, r.reason, r.error, r.problems),
    };
    if let Some(hooks) = &app.hooks {
        *hooks
            .receipts
            .lock()
            .unwrap()
            .entry(record.record_id.clone())
            .or_default() += 1;
    }
    let new = NewRecord {
        record_id: record.record_id.clone(),
        consent_id: record.consent_id.clone(),
        body: text,
        given_unix: record.given_unix(),
    };
    let result = match app.writer.append(new).await {
        Ok(r) => r,
        Err(e) => {
            return answer(
                StatusCode::INTERNAL_SERVER_ERROR,
                json!({ "error": "the record could not be stored; send it again later" }),
                LogNote {
                    outcome: Some("failed"),
                    reason: Some("database"),
                    record_id: Some(record.record_id.clone()),
                    row: None,
                    detail: e,
                },
            )
        }
    };
    let mut response = match result.appended {
        Appended::Stored {
            id,
            received_at,
            hash,
        } => answer(
            StatusCode::CREATED,
            json!({ "status": "stored", "id": id, "record_id": record.record_id, "received_at": received_at, "hash": hash }),
            LogNote {
                outcome: Some("stored"),
                reason: None,
                record_id: Some(record.record_id.clone()),
                row: Some(id),
                detail: format!("{} {}", record.event.as_str(), record.action.as_str()),
            },
        ),
        Appended::Repeat { id } => answer(
            StatusCode::OK,
            json!({ "status": "repeat", "id": id, "record_id": record.record_id }),
            LogNote {
                outcome: Some("repeat"),
                reason: None,
                record_id: Some(record.record_id.clone()),
                row: Some(id),
                detail: String::new(),
            },
        ),
    };
    // Only a cookie record carries the banner's consent; a processing record (one purpose of a
    // site's form) must never re-issue the consent cookie.
    if record.kind == RecordKind::Cookies
        && !result.superseded
        && cookie_allowed(&parts.headers, &app.options.cors_origins)
    {
        let secure = is_https(&parts.headers, parts.uri.scheme_str());
        let attrs = Attributes {
            domain: app.options.cookie_domain.as_deref(),
            path: "/",
            secure,
        };
        let setting = cookie::set_string(
            &app.options.cookie_name,
            &cookie::encode(&consent),
            consent.expires(),
            &attrs,
        );
        if let Ok(v) = HeaderValue::from_str(&setting) {
            response.headers_mut().insert(header::SET_COOKIE, v);
        }
    }
    response
}

/// Why a body is not a consent record (a 400 answer): the metrics' `reason` label, the error
/// and the schema problems (`{"path", "message"}`).
#[derive(Debug)]
pub struct Refusal {
    /// The metrics' and log's `reason`: `not_utf8`, `too_deep`, `invalid_json`, `schema`,
    /// `client_time`.
    pub reason: &'static str,
    /// The answer's `error`.
    pub error: String,
    /// The answer's `problems` (empty when none).
    pub problems: Vec<Value>,
}

fn refusal(reason: &'static str, error: String, problems: Vec<Value>) -> Refusal {
    Refusal {
        reason,
        error,
        problems,
    }
}

/// Where a POSTed body becomes a record: UTF-8, nesting depth, JSON, no U+0000, no unknown
/// field, the record schema, then [`ConsentRecord`] and its consent. (Size and media type are
/// checked on the request before.) Fuzzed by `fuzz/fuzz_targets/record.rs`.
pub struct RecordReader {
    known_fields: Vec<String>,
    validator: jsonschema::Validator,
}

impl RecordReader {
    /// The reader of `schema/consent-record.schema.json` (embedded: [`SCHEMA`]).
    pub fn new() -> anyhow::Result<Self> {
        let schema: Value = serde_json::from_str(SCHEMA)?;
        let validator = jsonschema::validator_for(&schema)
            .map_err(|e| anyhow::anyhow!("the embedded schema is not valid: {e}"))?;
        let known_fields = schema["properties"]
            .as_object()
            .map(|p| p.keys().cloned().collect())
            .unwrap_or_default();
        Ok(RecordReader {
            known_fields,
            validator,
        })
    }

    /// The record in `bytes`: its text (stored as is), the record and its consent, or why not.
    pub fn read(&self, bytes: &[u8]) -> Result<(String, ConsentRecord, Consent), Refusal> {
        let Ok(text) = std::str::from_utf8(bytes) else {
            return Err(refusal("not_utf8", "the body is not UTF-8".into(), vec![]));
        };
        if nesting(text) > MAX_DEPTH {
            return Err(refusal(
                "too_deep",
                format!("a consent record nests arrays and objects at most {MAX_DEPTH} deep"),
                vec![],
            ));
        }
        let value: Value = match serde_json::from_str(text) {
            Ok(v) => v,
            Err(e) => {
                return Err(refusal(
                    "invalid_json",
                    format!("invalid JSON: {e}"),
                    vec![],
                ))
            }
        };
        let mut problems: Vec<Value> = Vec::new();
        // U+0000 cannot be stored in a PostgreSQL text column: refuse it here, not in the batch.
        nul_strings(&value, &mut String::new(), &mut problems);
        if let Some(fields) = value.as_object() {
            // Strict: a field the schema does not name is refused, not stored unseen.
            for key in fields.keys() {
                if !self.known_fields.iter().any(|k| k == key) && problems.len() < MAX_PROBLEMS {
                    problems.push(json!({
                        "path": format!("/{}", key.replace('~', "~0").replace('/', "~1")),
                        "message": format!("{key:?} is not a field of a consent record"),
                    }));
                }
            }
        }
        if !self.validator.is_valid(&value) {
            problems.extend(self.validator.iter_errors(&value).take(MAX_PROBLEMS).map(
                |e| json!({ "path": e.instance_path().to_string(), "message": e.to_string() }),
            ));
        }
        if !problems.is_empty() {
            return Err(refusal(
                "schema",
                "not a consent record (schema/consent-record.schema.json)".into(),
                problems,
            ));
        }
        let record: ConsentRecord = match serde_json::from_value(value) {
            Ok(r) => r,
            Err(e) => {
                return Err(refusal(
                    "schema",
                    format!("not a consent record: {e}"),
                    vec![],
                ))
            }
        };
        let Some(consent) = record.to_consent() else {
            return Err(refusal(
                "client_time",
                "not a consent record".into(),
                vec![
                    json!({ "path": "/client_time", "message": format!("{:?} is not a valid date and time", record.client_time) }),
                ],
            ));
        };
        Ok((text.to_owned(), record, consent))
    }
}

#[derive(Deserialize)]
struct FailParams {
    status: u16,
    count: Option<u32>,
}

async fn test_fail(State(app): State<Arc<App>>, Query(p): Query<FailParams>) -> Response {
    let Some(hooks) = &app.hooks else {
        return StatusCode::NOT_FOUND.into_response();
    };
    if StatusCode::from_u16(p.status).is_err() {
        return refuse(
            StatusCode::BAD_REQUEST,
            format!("{} is not an HTTP status", p.status),
            vec![],
        );
    }
    let count = p.count.unwrap_or(1);
    *hooks.fail.lock().unwrap() = (p.status, count);
    answer(
        StatusCode::OK,
        json!({ "status": p.status, "count": count }),
        LogNote {
            detail: format!("the next {count} records answer {}", p.status),
            ..LogNote::default()
        },
    )
}

#[derive(Deserialize)]
struct RecordsParams {
    consent_id: Option<String>,
}

async fn test_records(State(app): State<Arc<App>>, Query(p): Query<RecordsParams>) -> Response {
    match app.store.bodies(p.consent_id.as_deref()).await {
        Ok(bodies) => {
            let records: Vec<Value> = bodies
                .iter()
                .map(|b| serde_json::from_str(b).unwrap_or(Value::Null))
                .collect();
            Json(records).into_response()
        }
        Err(e) => answer(
            StatusCode::INTERNAL_SERVER_ERROR,
            json!({ "error": format!("{e:#}") }),
            LogNote {
                detail: format!("{e:#}"),
                ..LogNote::default()
            },
        ),
    }
}

/// `POST /__test/forms`: keeps the body as received (a site's form, posted by a browser test).
async fn test_form(State(app): State<Arc<App>>, body: String) -> Response {
    let Some(hooks) = &app.hooks else {
        return StatusCode::NOT_FOUND.into_response();
    };
    hooks.forms.lock().unwrap().push(body);
    (StatusCode::OK, "received\n").into_response()
}

/// `GET /__test/forms`: the bodies posted to `/__test/forms`, in order.
async fn test_forms(State(app): State<Arc<App>>) -> Response {
    let forms = app
        .hooks
        .as_ref()
        .map(|h| h.forms.lock().unwrap().clone())
        .unwrap_or_default();
    Json(forms).into_response()
}

async fn test_receipts(State(app): State<Arc<App>>) -> Response {
    let receipts = app
        .hooks
        .as_ref()
        .map(|h| h.receipts.lock().unwrap().clone())
        .unwrap_or_default();
    Json(receipts).into_response()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn https_is_detected_behind_a_proxy() {
        let mut h = HeaderMap::new();
        assert!(!is_https(&h, None));
        assert!(is_https(&h, Some("https")));
        h.insert("x-forwarded-proto", HeaderValue::from_static("https, http"));
        assert!(is_https(&h, None));
        h.insert("x-forwarded-proto", HeaderValue::from_static("http"));
        assert!(!is_https(&h, Some("https")));
        let mut f = HeaderMap::new();
        f.insert(
            "forwarded",
            HeaderValue::from_static("for=1.2.3.4;Proto=\"https\";by=x"),
        );
        assert!(is_https(&f, None));
    }

    #[test]
    fn the_cookie_is_set_for_the_own_site_and_named_origins_only() {
        let with = |origin: Option<&'static str>, named: &[&str]| {
            let mut h = HeaderMap::new();
            h.insert(header::HOST, HeaderValue::from_static("consent.site.kz"));
            if let Some(o) = origin {
                h.insert(header::ORIGIN, HeaderValue::from_static(o));
            }
            let named: Vec<String> = named.iter().map(|s| s.to_string()).collect();
            cookie_allowed(&h, &named)
        };
        assert!(with(None, &[]));
        assert!(with(Some("https://consent.site.kz"), &[]));
        assert!(!with(Some("https://evil.example"), &[]));
        assert!(!with(Some("https://evil.example"), &["*"]));
        assert!(with(Some("https://site.kz"), &["https://site.kz/"]));
        assert!(!with(
            Some("https://site.kz.evil.example"),
            &["https://site.kz"]
        ));
    }

    #[test]
    fn nesting_is_counted_outside_strings() {
        assert_eq!(nesting("{}"), 1);
        assert_eq!(nesting(r#"{"a":[{"b":"[[[["}]}"#), 3);
        assert_eq!(nesting(r#"{"a":"\"{{"}"#), 1);
        assert_eq!(nesting(&"[".repeat(100)), 100);
    }

    #[test]
    fn media_types() {
        let with = |v: &'static str| {
            let mut h = HeaderMap::new();
            h.insert(header::CONTENT_TYPE, HeaderValue::from_static(v));
            is_record_media_type(&h)
        };
        assert!(with("application/json"));
        assert!(with("Application/JSON; charset=utf-8"));
        assert!(with("text/plain;charset=UTF-8"));
        assert!(!with("application/x-www-form-urlencoded"));
        assert!(!is_record_media_type(&HeaderMap::new()));
    }

    #[test]
    fn the_embedded_schema_is_the_record_types() {
        let schema: Value = serde_json::from_str(SCHEMA).unwrap();
        assert!(jsonschema::validator_for(&schema).is_ok());
        assert_eq!(
            schema,
            kelisim::record::json_schema(),
            "schema/consent-record.schema.json is stale: KELISIM_UPDATE_SCHEMA=1 cargo test \
             --features schema --test record_schema"
        );
    }
}
