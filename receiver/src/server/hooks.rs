//! The test hooks of the browser tests, compiled only with the cargo feature `test-hooks` and
//! routed only with `serve --test-hooks`: never in a release binary.
//! - `POST /__test/fail?status=500&count=1[&page=1]`: the next `count` (default 1) `POST
//!   /consent` answer `status` without storing, with the receiver's JSON error body, or with
//!   `page=1` an HTML page as a proxy or firewall gives; `count=0` cancels;
//! - `POST /__test/hang?ms=60000&count=1`: the next `count` (default 1) `POST /consent` wait `ms`
//!   before they are handled as usual (an endpoint that does not answer in time);
//! - `GET /__test/records[?consent_id=…]`: the stored bodies, as a JSON array, in order;
//! - `GET /__test/receipts`: `{record_id: number of valid POSTs received}` (repeats included);
//! - `POST /__test/forms`: keeps the body of a site's form as received; `GET /__test/forms`: the
//!   bodies, as a JSON array of strings, in order.

use super::{answer, refuse, reject, App, LogNote};
use axum::extract::{Query, State};
use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};
use axum::routing::{get, post};
use axum::{Json, Router};
use serde::Deserialize;
use serde_json::{json, Value};
use std::collections::HashMap;
use std::sync::{Arc, Mutex};
use tower_http::cors::CorsLayer;

#[derive(Default)]
pub(super) struct Hooks {
    /// The status to answer, how many more times, and whether as an HTML page.
    fail: Mutex<(u16, u32, bool)>,
    /// How long the next POSTs wait before they are handled, and how many more.
    hang: Mutex<(u64, u32)>,
    /// Valid POSTs received per record id.
    receipts: Mutex<HashMap<String, u32>>,
    /// The bodies of the forms posted to `/__test/forms` (the site's own forms).
    forms: Mutex<Vec<String>>,
}

/// The routes of the hooks, with the records endpoint's CORS (the browser tests call them from
/// the test page's origin).
pub(super) fn routes(router: Router<Arc<App>>, cors: CorsLayer) -> Router<Arc<App>> {
    router
        .route("/__test/fail", post(test_fail).layer(cors.clone()))
        .route("/__test/hang", post(test_hang).layer(cors.clone()))
        .route("/__test/records", get(test_records).layer(cors.clone()))
        .route("/__test/receipts", get(test_receipts).layer(cors.clone()))
        .route("/__test/forms", post(test_form).get(test_forms).layer(cors))
}

/// The answer `POST /consent` must give instead of storing, when one was asked for.
pub(super) fn failure(app: &App) -> Option<Response> {
    let hooks = app.hooks.as_ref()?;
    let mut fail = hooks.fail.lock().unwrap();
    if fail.1 == 0 {
        return None;
    }
    fail.1 -= 1;
    let status = StatusCode::from_u16(fail.0).unwrap_or(StatusCode::INTERNAL_SERVER_ERROR);
    if fail.2 {
        let mut page = (
            status,
            [(axum::http::header::CONTENT_TYPE, "text/html")],
            format!("<html><body><h1>{status}</h1></body></html>"),
        )
            .into_response();
        page.extensions_mut().insert(LogNote {
            outcome: Some("rejected"),
            reason: Some("test_hook"),
            detail: format!("test hook: answering {} as a page", status.as_u16()),
            ..LogNote::default()
        });
        return Some(page);
    }
    Some(reject(
        status,
        "test_hook",
        format!("test hook: answering {}", status.as_u16()),
        vec![],
    ))
}

/// Waits as long as `/__test/hang` asked, when it did.
pub(super) async fn hang(app: &App) {
    let Some(hooks) = app.hooks.as_ref() else {
        return;
    };
    let ms = {
        let mut hang = hooks.hang.lock().unwrap();
        if hang.1 == 0 {
            return;
        }
        hang.1 -= 1;
        hang.0
    };
    tokio::time::sleep(std::time::Duration::from_millis(ms)).await;
}

#[derive(Deserialize)]
struct HangParams {
    ms: u64,
    count: Option<u32>,
}

async fn test_hang(State(app): State<Arc<App>>, Query(p): Query<HangParams>) -> Response {
    let Some(hooks) = &app.hooks else {
        return StatusCode::NOT_FOUND.into_response();
    };
    let count = p.count.unwrap_or(1);
    *hooks.hang.lock().unwrap() = (p.ms, count);
    armed(
        json!({ "ms": p.ms, "count": count }),
        format!("the next {count} records wait {} ms", p.ms),
    )
}

/// The answer of a hook that armed the next POSTs: `body`, and `detail` for the log.
fn armed(body: Value, detail: String) -> Response {
    answer(
        StatusCode::OK,
        body,
        LogNote {
            detail,
            ..LogNote::default()
        },
    )
}

/// Counts a valid POST of `record_id`.
pub(super) fn received(app: &App, record_id: &str) {
    if let Some(hooks) = &app.hooks {
        *hooks
            .receipts
            .lock()
            .unwrap()
            .entry(record_id.to_owned())
            .or_default() += 1;
    }
}

#[derive(Deserialize)]
struct FailParams {
    status: u16,
    count: Option<u32>,
    page: Option<u8>,
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
    *hooks.fail.lock().unwrap() = (p.status, count, p.page == Some(1));
    armed(
        json!({ "status": p.status, "count": count }),
        format!("the next {count} records answer {}", p.status),
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
