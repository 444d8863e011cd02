//! The HTTP side: the router, its settings and the answers' shape. One module per job:
//! [`consent`] (`POST /consent`: origin, body, record, store, cookie), [`reader`] (bytes → a
//! consent record, fuzzed), [`limits`] (rate limit per client, concurrency, body timeout,
//! shutdown deadline), `log` (one JSON line per request) and, with the cargo feature
//! `test-hooks` only, `hooks` (the `/__test/*` routes of the browser tests, never in a release
//! binary).
//!
//! `POST /consent` takes one consent record (`Content-Type: application/json`; `text/plain` is
//! accepted too, as `navigator.sendBeacon` sends a string with that type):
//! - from an `Origin` not named by `--cors-origin` (when origins are named): 403;
//! - over 64 KiB: 413; not sent within the body timeout: 408; not JSON, not a record by
//!   `schema/consent-record.schema.json`, or a `client_time` outside now ± 24 h: 400 with
//!   `{"error": …, "problems": [{"path", "message"}]}` naming what is wrong;
//! - a new record id: stored with the request's `Origin`, 201 `{"status": "stored", "id",
//!   "record_id", "received_at", "hash"}`;
//! - a record id already stored: nothing stored, 200 `{"status": "repeat", "id", "record_id"}`;
//! - on 200 and 201, a `Set-Cookie` re-issuing the consent cookie (`Path=/; SameSite=Lax`,
//!   `Secure` behind https, 13 months from the earlier of `client_time` and now), because Safari
//!   keeps a cookie written by a script only 7 days. It is left out when a record of the same
//!   consent with a later `client_time` is already stored (a late retry must not roll the cookie
//!   back).
//!
//! `/healthz`, `/readyz` and `/metrics` carry no CORS headers (a page of another site cannot
//! read them) and `/readyz` never shows the database's error (it goes to the log).

pub mod consent;
#[cfg(feature = "test-hooks")]
mod hooks;
pub mod limits;
mod log;
pub mod reader;

pub use reader::{RecordReader, Refusal, MAX_DEPTH, SCHEMA};

use crate::metrics::Metrics;
use crate::store::Store;
use crate::writer::{BatchOptions, Writer};
use axum::extract::State;
use axum::http::{header, HeaderValue, Method, StatusCode};
use axum::middleware;
use axum::response::{IntoResponse, Response};
use axum::routing::{get, post};
use axum::{Json, Router};
use serde_json::{json, Value};
use std::path::PathBuf;
use std::sync::Arc;
use std::time::Duration;
use tower_http::cors::{AllowOrigin, CorsLayer};
use tower_http::services::ServeDir;
use tower_http::set_header::{SetResponseHeader, SetResponseHeaderLayer};

/// The largest record accepted, in bytes.
pub const MAX_BODY: usize = 64 * 1024;

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
    /// Whether the `/__test/…` routes exist (only in a build with the cargo feature
    /// `test-hooks`: [`app`] refuses it otherwise).
    pub test_hooks: bool,
    /// How far `client_time` may be from the receiver's clock, either way (24 h by default).
    pub max_clock_skew: Duration,
    /// How long a client may take to send a record's body (408 after).
    pub body_timeout: Duration,
    /// Requests served at once; one more is answered 503 at once (0: no limit).
    pub concurrency: usize,
    /// Bounds of a group-commit batch.
    pub batch: BatchOptions,
    /// Per-client (peer IPv4 address, or IPv6 /64) limit of `POST /consent`: requests per second sustained, with
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
            max_clock_skew: Duration::from_secs(24 * 3600),
            body_timeout: Duration::from_secs(10),
            concurrency: 1024,
            batch: BatchOptions::default(),
            rate_limit: 0,
        }
    }
}

/// What every handler shares.
pub(crate) struct App {
    reader: RecordReader,
    store: Arc<Store>,
    writer: Writer,
    metrics: Arc<Metrics>,
    options: Options,
    #[cfg(feature = "test-hooks")]
    hooks: Option<hooks::Hooks>,
}

/// What the request log line says about a record (why it was refused, what was stored).
#[derive(Clone, Default)]
pub(crate) struct LogNote {
    /// `stored`, `repeat`, `rejected`, `failed` (database), or none.
    outcome: Option<&'static str>,
    /// Why it was refused (the metrics' `reason` label).
    reason: Option<&'static str>,
    record_id: Option<String>,
    row: Option<i64>,
    detail: String,
}

/// A JSON answer with a log note.
pub(crate) fn answer(status: StatusCode, body: Value, note: LogNote) -> Response {
    let mut response = (status, Json(body)).into_response();
    response.extensions_mut().insert(note);
    response
}

/// A refusal of a record (4xx) for `reason`, saying why.
pub(crate) fn reject(
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

pub(crate) fn refuse(status: StatusCode, error: String, problems: Vec<Value>) -> Response {
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
    if options.test_hooks && !cfg!(feature = "test-hooks") {
        anyhow::bail!("test hooks need a build with the cargo feature `test-hooks`");
    }
    // CORS on the records endpoint only: /healthz, /readyz and /metrics are not for pages.
    let mut consent_route = post(consent::post_consent).layer(cors.clone());
    if options.rate_limit > 0 {
        consent_route = limits::rate_limited(consent_route, options.rate_limit)?;
    }
    let concurrency = options.concurrency;
    let store = Arc::new(store);
    let metrics = Arc::new(Metrics::new());
    let (writer, writer_task) = Writer::start(store.clone(), options.batch, metrics.clone());
    #[cfg(feature = "test-hooks")]
    let test_hooks = options.test_hooks;
    let app = Arc::new(App {
        reader,
        store,
        writer,
        metrics,
        options,
        #[cfg(feature = "test-hooks")]
        hooks: test_hooks.then(hooks::Hooks::default),
    });
    let same_origin = SetResponseHeaderLayer::overriding(
        axum::http::HeaderName::from_static("cross-origin-resource-policy"),
        HeaderValue::from_static("same-origin"),
    );
    #[allow(unused_mut)]
    let mut router = Router::new()
        .route("/consent", consent_route)
        .route(
            "/healthz",
            get(|| async { "ok\n" }).layer(same_origin.clone()),
        )
        .route("/readyz", get(readyz).layer(same_origin.clone()))
        .route("/metrics", get(metrics_text).layer(same_origin));
    #[cfg(feature = "test-hooks")]
    if test_hooks {
        router = hooks::routes(router, cors);
    }
    let router = match static_dir {
        // The bundle's precompressed copies (`<file>.br`, `<file>.gz`, made by scripts/build.sh)
        // are sent to a browser that accepts them; a file without them goes as it is. `Vary`
        // tells caches on the way that the answer depends on Accept-Encoding (ServeDir does not).
        Some(dir) => router.fallback_service(SetResponseHeader::if_not_present(
            ServeDir::new(dir).precompressed_br().precompressed_gzip(),
            header::VARY,
            HeaderValue::from_static("accept-encoding"),
        )),
        None => {
            router.fallback(|| async { refuse(StatusCode::NOT_FOUND, "not found".into(), vec![]) })
        }
    };
    let router = security_headers(router.with_state(app.clone()))
        .layer(middleware::from_fn_with_state(
            limits::Slots::new(concurrency),
            limits::admit,
        ))
        .layer(middleware::from_fn_with_state(app, log::log_request));
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

/// 200 when the database answers within 2 s, 503 otherwise; why goes to the log, not to the
/// client (a database error can name hosts, users and paths).
async fn readyz(State(app): State<Arc<App>>) -> Response {
    let why = match tokio::time::timeout(Duration::from_secs(2), app.store.ping()).await {
        Ok(Ok(())) => return (StatusCode::OK, "ready\n").into_response(),
        Ok(Err(e)) => format!("{e:#}"),
        Err(_) => "the database did not answer within 2 s".to_owned(),
    };
    let mut response = (StatusCode::SERVICE_UNAVAILABLE, "not ready\n").into_response();
    response.extensions_mut().insert(LogNote {
        detail: why,
        ..LogNote::default()
    });
    response
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

/// Serves `router` on `listener` until `shutdown` completes, then lets the requests in flight
/// finish.
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
