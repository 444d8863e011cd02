//! Delivery of consent records: outbox in local storage, POST to the endpoint, retries.
//!
//! Every record is written to the outbox (`localStorage["kelisim:outbox:<cookie name>"]`) before
//! it is sent and removed only after a 2xx answer; a 4xx answer logs an error and drops it. Pending
//! records are sent again on the next page load, on the `online` event, and with backoff while the
//! page stays open; on `pagehide` they go with a keepalive fetch. Every retry carries the same
//! record id. The record of the visitor's current consent is also kept as their receipt
//! (`kelisim:receipt:<cookie name>`). The decisions are in [`crate::outbox`].

use super::app::App;
use super::page;
use crate::outbox::{self, Outbox, Outcome};
use crate::record::ConsentRecord;
use leptos::prelude::*;
use std::cell::Cell;
use wasm_bindgen::prelude::*;
use wasm_bindgen_futures::JsFuture;
use web_sys::{Request, RequestInit, Response};

thread_local! {
    static SENDING: Cell<bool> = const { Cell::new(false) };
    static ATTEMPT: Cell<u32> = const { Cell::new(0) };
    static RETRY_SCHEDULED: Cell<bool> = const { Cell::new(false) };
}

fn storage() -> Option<web_sys::Storage> {
    page::window().local_storage().ok().flatten()
}

fn key(app: &App, what: &str) -> String {
    app.config
        .with_value(|c| format!("kelisim:{what}:{}", c.cookie.name))
}

/// The stored outbox.
pub fn load(app: &App) -> Outbox {
    let Some(text) = storage().and_then(|s| s.get_item(&key(app, "outbox")).ok().flatten()) else {
        return Outbox::default();
    };
    Outbox::from_json(&text).unwrap_or_else(|e| {
        page::error(&format!(
            "kelisim: the stored outbox cannot be read ({e}); starting a new one"
        ));
        Outbox::default()
    })
}

fn save(app: &App, outbox: &Outbox) {
    let ok = storage()
        .zip(serde_json::to_string(outbox).ok())
        .is_some_and(|(s, json)| s.set_item(&key(app, "outbox"), &json).is_ok());
    if !ok {
        page::error("kelisim: cannot write the consent records to local storage; they may be lost if the page closes before delivery");
    }
}

/// The record of the visitor's current consent (their receipt), as JSON, if any.
pub fn receipt(app: &App) -> Option<serde_json::Value> {
    let text = storage()?.get_item(&key(app, "receipt")).ok().flatten()?;
    serde_json::from_str(&text).ok()
}

/// Keeps `record` in the outbox and as the receipt, then tries to send it.
pub fn keep(app: &App, record: ConsentRecord) {
    let mut outbox = load(app);
    if let Some(dropped) = outbox.push(&record) {
        page::error(&format!(
            "kelisim: the outbox is full ({} records); the oldest, {}, was dropped undelivered",
            outbox::CAPACITY,
            dropped.record_id
        ));
    }
    save(app, &outbox);
    if let (Some(s), Some(last)) = (storage(), outbox.pending.last()) {
        let _ = s.set_item(&key(app, "receipt"), &last.body);
    }
    flush(*app);
}

fn post(endpoint: &str, body: &str, keepalive: bool) -> Result<js_sys::Promise, JsValue> {
    let init = RequestInit::new();
    init.set_method("POST");
    init.set_body(&JsValue::from_str(body));
    js_sys::Reflect::set(&init, &"keepalive".into(), &keepalive.into())?;
    let headers = web_sys::Headers::new()?;
    headers.set("Content-Type", "application/json")?;
    init.set_headers(&headers);
    let request = Request::new_with_str_and_init(endpoint, &init)?;
    Ok(page::window().fetch_with_request(&request))
}

/// Sends the pending records one at a time, oldest first, so the endpoint receives them in the
/// order they were made; stops at the first one that must be retried.
pub fn flush(app: App) {
    let Some(endpoint) = app.config.with_value(|c| c.endpoint.clone()) else {
        return;
    };
    if SENDING.replace(true) {
        return;
    }
    wasm_bindgen_futures::spawn_local(async move {
        while let Some(record) = load(&app).pending.into_iter().next() {
            let id = record.record_id;
            let status = match post(&endpoint, &record.body, false) {
                Ok(promise) => match JsFuture::from(promise).await {
                    Ok(response) => response.unchecked_into::<Response>().status(),
                    Err(_) => 0,
                },
                Err(_) => 0,
            };
            match outbox::outcome(status) {
                Outcome::Delivered => ATTEMPT.set(0),
                Outcome::Refused => page::error(&format!(
                    "kelisim: {endpoint} refused consent record {id} with HTTP {status}; it is dropped"
                )),
                Outcome::Retry => {
                    page::warn(&format!(
                        "kelisim: consent record {id} not delivered to {endpoint} ({}); it stays in the outbox and will be sent again",
                        if status == 0 { "no answer".to_owned() } else { format!("HTTP {status}") }
                    ));
                    schedule_retry(app);
                    break;
                }
            }
            let mut outbox = load(&app);
            outbox.remove(&id);
            save(&app, &outbox);
        }
        SENDING.set(false);
    });
}

fn schedule_retry(app: App) {
    if RETRY_SCHEDULED.replace(true) {
        return;
    }
    let attempt = ATTEMPT.get();
    ATTEMPT.set(attempt + 1);
    set_timeout(
        move || {
            RETRY_SCHEDULED.set(false);
            flush(app);
        },
        std::time::Duration::from_millis(outbox::backoff_ms(attempt) as u64),
    );
}

/// Sends what is pending now, and again on `online`; hands pending records to keepalive
/// requests on `pagehide`.
pub fn start(app: App) {
    flush(app);
    let window = page::window();
    let online = Closure::<dyn Fn()>::new(move || flush(app));
    let _ = window.add_event_listener_with_callback("online", online.as_ref().unchecked_ref());
    online.forget();
    let pagehide = Closure::<dyn Fn()>::new(move || {
        let Some(endpoint) = app.config.with_value(|c| c.endpoint.clone()) else {
            return;
        };
        for record in load(&app).pending {
            let _ = post(&endpoint, &record.body, true);
        }
    });
    let _ = window.add_event_listener_with_callback("pagehide", pagehide.as_ref().unchecked_ref());
    pagehide.forget();
}
