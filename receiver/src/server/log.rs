//! The request log: one JSON line per request on stderr, and the outcome counted in the
//! metrics.

use super::{App, LogNote};
use axum::extract::{Request, State};
use axum::http::StatusCode;
use axum::middleware::Next;
use axum::response::Response;
use serde_json::Value;
use std::sync::Arc;
use std::time::Instant;

/// One JSON line per request on stderr: `time`, `method`, `path`, `status`, `ms`, and for a
/// record `outcome` (`stored`, `repeat`, `rejected`, `failed`), `reason`, `record_id`, `row`,
/// `detail`. The path is logged without its query string, and no client address is logged.
/// Counts the outcome in the metrics.
pub(crate) async fn log_request(
    State(app): State<Arc<App>>,
    request: Request,
    next: Next,
) -> Response {
    let started = Instant::now();
    let method = request.method().clone();
    // The path only: a query string may carry what a log must not keep.
    let path = request.uri().path().to_owned();
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
