//! Consent records: hand-overs turned into records, the outbox, POST to the endpoint, retries.
//!
//! [`process`] turns every hand-over the first layer stored ([`crate::handover`]) into a
//! [`crate::record::ConsentRecord`], oldest first, writes it to the outbox
//! (`localStorage["kelisim:outbox:<cookie name>"]`, through `gloo-storage`) and only then removes
//! the hand-over; the record of the visitor's current consent is also kept as their receipt. The
//! outbox is removed from only after a 2xx answer; a 4xx answer logs an error and drops the
//! record. Pending records are sent again on the next page load, on the `online` event, and with
//! backoff while the page stays open; on `pagehide` they go with a keepalive fetch. Every retry
//! carries the same record id. The decisions are in [`crate::outbox`].

use super::state::App;
use crate::handover::{self, Handover};
use crate::outbox::{self, Outbox, Outcome};
use crate::record::{self, ConsentRecord};
use crate::web::page;
use gloo_storage::{LocalStorage, Storage};
use leptos::prelude::*;
use std::cell::Cell;
use wasm_bindgen::prelude::*;
use wasm_bindgen_futures::JsFuture;
use web_sys::{Request, RequestInit, Response};

/// The delivery loop's state on this page.
#[derive(Default)]
struct Loop {
    sending: Cell<bool>,
    attempt: Cell<u32>,
    retry_scheduled: Cell<bool>,
}

thread_local! {
    // One delivery loop per page.
    static LOOP: Loop = Loop::default();
}

fn cookie_name(app: &App) -> String {
    app.config.with_value(|c| c.cookie.name.clone())
}

/// The stored outbox.
pub fn load(app: &App) -> Outbox {
    match LocalStorage::get::<Outbox>(handover::outbox_key(&cookie_name(app))) {
        Ok(outbox) => outbox,
        Err(gloo_storage::errors::StorageError::KeyNotFound(_)) => Outbox::default(),
        Err(e) => {
            page::error(&format!(
                "kelisim: the stored outbox cannot be read ({e}); starting a new one"
            ));
            Outbox::default()
        }
    }
}

fn save(app: &App, outbox: &Outbox) {
    if LocalStorage::set(handover::outbox_key(&cookie_name(app)), outbox).is_err() {
        page::error("kelisim: cannot write the consent records to local storage; they may be lost if the page closes before delivery");
    }
}

/// The record of the visitor's current consent (their receipt), as JSON, if any.
pub fn receipt(app: &App) -> Option<serde_json::Value> {
    LocalStorage::get(handover::receipt_key(&cookie_name(app))).ok()
}

/// Turns the waiting hand-overs into records in the outbox, then sends what is pending.
pub fn process(app: App) {
    let name = cookie_name(&app);
    for key in page::storage_keys(|k| handover::is_key(k, &name)) {
        let Ok(text) = LocalStorage::raw().get_item(&key) else {
            continue;
        };
        match text.as_deref().and_then(Handover::decode) {
            Some(h) => {
                if let Some(record) = build(&app, &h) {
                    keep(&app, record);
                }
            }
            None => page::error(&format!(
                "kelisim: {key} is not a consent choice this version can read; it is dropped"
            )),
        }
        LocalStorage::delete(&key);
    }
    flush(app);
}

/// The record of a hand-over; `None` (logged) when its consent cannot be read.
fn build(app: &App, h: &Handover) -> Option<ConsentRecord> {
    let Ok(consent) = crate::cookie::decode(&h.cookie) else {
        page::error(&format!(
            "kelisim: the choice {} holds no readable consent; it is dropped",
            h.record_id
        ));
        return None;
    };
    let previous = receipt(app)
        .filter(|r| r["consent_id"] == consent.id.as_str())
        .and_then(|r| r["record_id"].as_str().map(String::from));
    let ctx = record::BrowserFacts {
        record_id: h.record_id.clone(),
        previous_record_id: previous,
        page_url: h.page_url.clone(),
        user_agent: h.user_agent.clone(),
        gpc: h.gpc,
    };
    Some(
        app.config
            .with_value(|cfg| record::build(cfg, &consent, h.event, h.action, h.surface, &ctx)),
    )
}

/// Keeps `record` in the outbox and as the receipt.
fn keep(app: &App, record: ConsentRecord) {
    let mut outbox = load(app);
    if outbox
        .pending
        .iter()
        .any(|p| p.record_id == record.record_id)
    {
        return; // another tab converted this hand-over already
    }
    if let Some(dropped) = outbox.push(&record) {
        page::error(&format!(
            "kelisim: the outbox is full ({} records); the oldest, {}, was dropped undelivered",
            outbox::CAPACITY,
            dropped.record_id
        ));
    }
    save(app, &outbox);
    if let Some(last) = outbox.pending.last() {
        let _ = LocalStorage::raw().set_item(&handover::receipt_key(&cookie_name(app)), &last.body);
    }
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
    if LOOP.with(|l| l.sending.replace(true)) {
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
                Outcome::Delivered => LOOP.with(|l| l.attempt.set(0)),
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
        LOOP.with(|l| l.sending.set(false));
    });
}

fn schedule_retry(app: App) {
    if LOOP.with(|l| l.retry_scheduled.replace(true)) {
        return;
    }
    let attempt = LOOP.with(|l| l.attempt.replace(l.attempt.get() + 1));
    set_timeout(
        move || {
            LOOP.with(|l| l.retry_scheduled.set(false));
            flush(app);
        },
        std::time::Duration::from_millis(outbox::backoff_ms(attempt) as u64),
    );
}

/// Processes what is waiting now, and sends again on `online`; hands pending records to
/// keepalive requests on `pagehide`. The listeners live as long as the page.
pub fn start(app: App) {
    process(app);
    let window = page::window();
    let online = Closure::<dyn Fn()>::new(move || flush(app)).into_js_value();
    let _ = window.add_event_listener_with_callback("online", online.unchecked_ref());
    let pagehide = Closure::<dyn Fn()>::new(move || {
        let Some(endpoint) = app.config.with_value(|c| c.endpoint.clone()) else {
            return;
        };
        for record in load(&app).pending {
            let _ = post(&endpoint, &record.body, true);
        }
    })
    .into_js_value();
    let _ = window.add_event_listener_with_callback("pagehide", pagehide.unchecked_ref());
}

// --- Processing consents (`super::forms`, issue #13): records made outside the hand-overs. ---

/// Puts `record` (a processing consent's, built by [`crate::processing::record`]) in the outbox,
/// synchronously, and sends what is pending. It is not the receipt: that stays the cookie
/// consent's.
pub fn send_record(app: App, record: &ConsentRecord) {
    let mut outbox = load(&app);
    if let Some(dropped) = outbox.push(record) {
        page::error(&format!(
            "kelisim: the outbox is full ({} records); the oldest, {}, was dropped undelivered",
            outbox::CAPACITY,
            dropped.record_id
        ));
    }
    save(&app, &outbox);
    flush(app);
}
