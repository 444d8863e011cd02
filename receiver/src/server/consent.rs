//! `POST /consent`: the request's origin, its body, the record and its clock, the store, and
//! the consent cookie re-issued with the answer.

use super::reader::Refusal;
use super::{answer, reject, App, LogNote, MAX_BODY};
use crate::store::{Appended, NewRecord};
use axum::body::to_bytes;
use axum::extract::{Request, State};
use axum::http::{header, HeaderMap, HeaderValue, StatusCode};
use axum::response::Response;
use kelisim::cookie::{self, Attributes};
use kelisim::record::RecordKind;
use serde_json::json;
use std::sync::Arc;
use std::time::{Duration, SystemTime, UNIX_EPOCH};

/// The longest `Origin` header stored.
pub const MAX_ORIGIN: usize = 256;

fn unix_now() -> i64 {
    SystemTime::now()
        .duration_since(UNIX_EPOCH)
        .map_or(0, |d| d.as_secs() as i64)
}

/// The refusal of a `client_time` (`text`, `given` in Unix seconds) further than `skew` from
/// `now`: a record dated by a wrong clock, or forged, is not proof of when the visitor chose.
pub fn outside_clock_window(text: &str, given: i64, now: i64, skew: Duration) -> Option<Refusal> {
    let skew = skew.as_secs().min(i64::MAX as u64) as i64;
    if (given - now).abs() <= skew {
        return None;
    }
    let hours = skew / 3600;
    Some(Refusal {
        reason: "client_time",
        error: "not a consent record of now".into(),
        problems: vec![json!({
            "path": "/client_time",
            "message": format!("{text:?} is more than {hours} h from the receiver's clock"),
        })],
    })
}

/// The origin to store: the request's `Origin` header, or `""` without one. With origins
/// named by `--cors-origin`, a request from another origin (but the receiver's own host) is
/// refused with 403: records are bound to the sites that may send them.
fn origin_of(headers: &HeaderMap, named: &[String]) -> Result<String, Box<Response>> {
    let Some(value) = headers.get(header::ORIGIN) else {
        return Ok(String::new());
    };
    let origin = match value.to_str() {
        Ok(o) if o.len() <= MAX_ORIGIN => o,
        _ => {
            return Err(Box::new(reject(
                StatusCode::BAD_REQUEST,
                "origin",
                format!("the Origin header is not an origin of at most {MAX_ORIGIN} characters"),
                vec![],
            )))
        }
    };
    let restricted = !named.is_empty() && !named.iter().any(|o| o == "*");
    if restricted && !same_host(headers, origin) && !is_named(origin, named) {
        return Err(Box::new(reject(
            StatusCode::FORBIDDEN,
            "origin",
            format!("{origin} may not send consent records here (not a --cors-origin)"),
            vec![],
        )));
    }
    Ok(origin.to_owned())
}

fn same_host(headers: &HeaderMap, origin: &str) -> bool {
    let host = headers.get(header::HOST).and_then(|v| v.to_str().ok());
    host.is_some() && origin.split_once("://").map(|(_, h)| h) == host
}

fn is_named(origin: &str, named: &[String]) -> bool {
    named
        .iter()
        .any(|o| o != "*" && o.trim_end_matches('/').eq_ignore_ascii_case(origin))
}

/// `POST /consent`.
pub(crate) async fn post_consent(State(app): State<Arc<App>>, request: Request) -> Response {
    #[cfg(feature = "test-hooks")]
    super::hooks::hang(&app).await;
    #[cfg(feature = "test-hooks")]
    if let Some(answer) = super::hooks::failure(&app) {
        return answer;
    }
    let (parts, body) = request.into_parts();
    let origin = match origin_of(&parts.headers, &app.options.cors_origins) {
        Ok(origin) => origin,
        Err(answer) => return *answer,
    };
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
    // A client that sends its body slowly holds a connection and a concurrency slot: not for
    // longer than the body timeout.
    let bytes = match tokio::time::timeout(app.options.body_timeout, to_bytes(body, MAX_BODY)).await
    {
        Ok(Ok(b)) => b,
        Ok(Err(_)) => return too_large(),
        Err(_) => {
            let mut answer = reject(
                StatusCode::REQUEST_TIMEOUT,
                "timeout",
                format!(
                    "the record was not received within {} s",
                    app.options.body_timeout.as_secs_f64()
                ),
                vec![],
            );
            answer
                .headers_mut()
                .insert(header::CONNECTION, HeaderValue::from_static("close"));
            return answer;
        }
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
    let now = unix_now();
    // The reader made sure client_time reads.
    let given = record.given_unix().unwrap_or(now);
    if let Some(r) =
        outside_clock_window(&record.client_time, given, now, app.options.max_clock_skew)
    {
        return reject(StatusCode::BAD_REQUEST, r.reason, r.error, r.problems);
    }
    #[cfg(feature = "test-hooks")]
    super::hooks::received(&app, &record.record_id);
    let new = NewRecord {
        record_id: record.record_id.clone(),
        consent_id: record.consent_id.clone(),
        given_at: record.client_time.clone(),
        origin,
        body: text,
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
            // From the earlier of the visitor's clock and ours: a clock set ahead must not
            // stretch the term.
            kelisim::time::consent_expiry(given.min(now)),
            &attrs,
        );
        if let Ok(v) = HeaderValue::from_str(&setting) {
            response.headers_mut().insert(header::SET_COOKIE, v);
        }
    }
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

/// Whether the answer may set the consent cookie: the request came from the receiver's own
/// site (no `Origin`, or an `Origin` whose host is the `Host`) or from an origin named by
/// `--cors-origin` (never from any origin allowed by `*`).
fn cookie_allowed(headers: &HeaderMap, cors_origins: &[String]) -> bool {
    let Some(origin) = headers.get(header::ORIGIN).and_then(|v| v.to_str().ok()) else {
        return true;
    };
    same_host(headers, origin) || is_named(origin, cors_origins)
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
    fn client_time_is_refused_outside_the_window() {
        let day = Duration::from_secs(86_400);
        assert!(outside_clock_window("t", 1_000_000, 1_000_000, day).is_none());
        assert!(outside_clock_window("t", 1_000_000 - 86_400, 1_000_000, day).is_none());
        assert!(outside_clock_window("t", 1_000_000 + 86_400, 1_000_000, day).is_none());
        let late = outside_clock_window("t", 1_000_000 - 86_401, 1_000_000, day).unwrap();
        assert_eq!(late.reason, "client_time");
        assert_eq!(late.problems[0]["path"], "/client_time");
        assert!(outside_clock_window("t", 1_000_000 + 86_401, 1_000_000, day).is_some());
    }
}
