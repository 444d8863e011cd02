//! Consent records: hand-overs turned into records, the outbox, POST to the endpoint, retries.
//!
//! [`process`] turns every hand-over the first layer stored ([`crate::handover`]) into a
//! [`crate::record::ConsentRecord`], oldest first, writes it to the outbox and only then removes
//! the hand-over; the record of the visitor's current consent is also kept as their receipt. The
//! outbox is one local-storage key per record
//! ([`storage::outbox_key`]: `kelisim:outbox:<time>:<record id>:<cookie name>`, through
//! `gloo-storage`), so two tabs never overwrite each other's records; kelisim 0.1's single shared
//! key is read once and migrated ([`migrate`]). A hand-over whose record cannot be written
//! (storage full) stays, and is converted again later. A record is removed only after a 2xx
//! answer or the receiver's own refusal (logged); other 4xx answers are retried for a while
//! ([`crate::outbox::outcome`]). A record built under another configuration than the visitor's
//! choice says so (`config_changed`, [`Handover::config_changed`]). Pending records are sent again on the next page load,
//! on the `online` event, and with backoff while the page stays open; on `pagehide` they go with
//! a keepalive fetch. Every retry carries the same record id.
//!
//! Delivery is serialised across the site's tabs by the Web Lock
//! [`storage::lock_name`] (`kelisim-delivery:<cookie name>`): one tab at a time sends, so two
//! tabs never send the same record at the same moment. Where the browser has no Web Locks API
//! each tab delivers on its own: a record may then arrive twice, which is harmless (the record id
//! repeats and the receiver refuses a repeat). The decisions are in [`crate::outbox`].

use super::state::App;
use crate::handover::{ConfigMark, Handover};
use crate::outbox::{self, Outbox, Outcome, Pending};
use crate::record::{self, ConsentRecord};
use crate::storage;
use crate::web::page;
use gloo_storage::{LocalStorage, Storage};
use leptos::prelude::*;
use std::cell::Cell;
use std::future::Future;
use std::pin::Pin;
use std::rc::Rc;
use wasm_bindgen::prelude::*;
use wasm_bindgen_futures::JsFuture;
use web_sys::{Request, RequestInit, Response};

/// The delivery loop's state on this page (one loop per page, owned by the app).
#[derive(Default)]
pub struct Loop {
    sending: Cell<bool>,
    /// This tab holds the delivery lock now.
    held: Cell<bool>,
    /// `flush` was asked for while sending: look again before letting the lock go.
    again: Cell<bool>,
    attempt: Cell<u32>,
    retry_scheduled: Cell<bool>,
    /// The mark of this page's configuration (set by [`start`]).
    mark: Cell<Option<ConfigMark>>,
}

fn cookie_name(app: &App) -> String {
    app.config.with_value(|c| c.cookie.name.clone())
}

/// The outbox's keys, oldest first.
fn keys(app: &App) -> Vec<String> {
    let name = cookie_name(app);
    page::storage_keys(|k| storage::outbox_record_id(k, &name).is_some())
}

/// The pending records, oldest first, with their storage keys; an unreadable one is logged,
/// naming its key, and removed (it could never be sent).
pub fn load(app: &App) -> Vec<(String, Pending)> {
    keys(app)
        .into_iter()
        .filter_map(|key| match LocalStorage::get::<Pending>(&key) {
            Ok(p) => Some((key, p)),
            Err(gloo_storage::errors::StorageError::KeyNotFound(_)) => None,
            Err(e) => {
                page::error(&format!(
                    "kelisim: the stored record {key} cannot be read ({e}); it is dropped"
                ));
                LocalStorage::delete(&key);
                None
            }
        })
        .collect()
}

/// Moves the records of kelisim 0.1's shared outbox (`kelisim:outbox:<cookie name>`) to their
/// own keys, before anything newer (times 0, 1, 2…), and removes the shared key.
pub fn migrate(app: &App) {
    let name = cookie_name(app);
    let legacy = storage::legacy_outbox_key(&name);
    let old = match LocalStorage::get::<Outbox>(&legacy) {
        Ok(old) => old,
        Err(gloo_storage::errors::StorageError::KeyNotFound(_)) => return,
        Err(e) => {
            page::error(&format!(
                "kelisim: the stored outbox {legacy} cannot be read ({e}); it is dropped"
            ));
            LocalStorage::delete(&legacy);
            return;
        }
    };
    for (i, p) in old.pending.iter().enumerate() {
        let key = storage::outbox_key(i as u64, &p.record_id, &name);
        if LocalStorage::set(&key, p).is_err() {
            page::error(&format!(
                "kelisim: cannot move consent record {} to its own key; the old outbox is kept",
                p.record_id
            ));
            return;
        }
    }
    LocalStorage::delete(&legacy);
}

/// The record of the visitor's current consent (their receipt), as JSON, if any.
pub fn receipt(app: &App) -> Option<serde_json::Value> {
    LocalStorage::get(storage::receipt_key(&cookie_name(app))).ok()
}

/// Turns the waiting hand-overs into records in the outbox, then sends what is pending.
pub fn process(app: App) {
    migrate(&app);
    let name = cookie_name(&app);
    for key in page::storage_keys(|k| storage::is_choice_key(k, &name)) {
        let Ok(text) = LocalStorage::raw().get_item(&key) else {
            continue;
        };
        let kept = match text.as_deref().and_then(Handover::decode) {
            Some(h) => match build(&app, &h) {
                Some(record) => keep(
                    &app,
                    storage::choice_time(&key).unwrap_or_else(page::now_ms),
                    record,
                ),
                None => true,
            },
            None => {
                page::error(&format!(
                    "kelisim: {key} is not a consent choice this version can read; it is dropped"
                ));
                true
            }
        };
        // The hand-over goes only once its record is in the outbox: a full storage keeps it
        // for the next try (`keep` logged it), and the records behind it wait, in order.
        if !kept {
            break;
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
    let previous = outbox::previous_record_id(receipt(app).as_ref(), &consent.id);
    let ctx = record::BrowserFacts {
        record_id: h.record_id.clone(),
        previous_record_id: previous,
        page_url: h.page_url.clone(),
        user_agent: h.user_agent.clone(),
        gpc: h.gpc,
    };
    let mut record = app
        .config
        .with_value(|cfg| record::build(cfg, &consent, h.event, h.action, h.surface, &ctx));
    record.config_changed = app
        .delivery
        .with_value(|l| l.mark.get())
        .is_none_or(|mark| h.config_changed(mark));
    Some(record)
}

/// Keeps `record` (of a hand-over made at `time_ms`) in the outbox, under its own key, and as
/// the receipt; `false` when it could not be written (logged).
fn keep(app: &App, time_ms: u64, record: ConsentRecord) -> bool {
    match store(app, time_ms, &record) {
        Stored::Now(pending) => {
            let _ = LocalStorage::raw()
                .set_item(&storage::receipt_key(&cookie_name(app)), &pending.body);
            true
        }
        Stored::Already => true,
        Stored::Failed => false,
    }
}

/// What became of a record put in the outbox.
enum Stored {
    /// Written now.
    Now(Pending),
    /// Another tab had stored it already.
    Already,
    /// The storage refused it (full, or blocked): logged.
    Failed,
}

/// Puts `record` (made at `time_ms`) in the outbox under its own key, dropping the oldest at
/// the bound (logged).
fn store(app: &App, time_ms: u64, record: &ConsentRecord) -> Stored {
    let name = cookie_name(app);
    let held = keys(app);
    if held
        .iter()
        .any(|k| storage::outbox_record_id(k, &name) == Some(record.record_id.as_str()))
    {
        return Stored::Already; // another tab converted this hand-over already
    }
    for oldest in held.iter().take(outbox::to_drop(held.len())) {
        let id = storage::outbox_record_id(oldest, &name).unwrap_or_default();
        page::error(&format!(
            "kelisim: the outbox is full ({} records); the oldest, {id}, was dropped undelivered",
            outbox::CAPACITY
        ));
        LocalStorage::delete(oldest);
    }
    let pending = Pending {
        record_id: record.record_id.clone(),
        body: serde_json::to_string(record).unwrap_or_default(),
    };
    let key = storage::outbox_key(time_ms, &record.record_id, &name);
    if LocalStorage::set(&key, &pending).is_err() {
        page::error(&format!(
            "kelisim: cannot write consent record {} to local storage (full?); its choice is kept and converted again later",
            record.record_id
        ));
        return Stored::Failed;
    }
    Stored::Now(pending)
}

/// POSTs `body`; a keepalive request (the page is closing) waits for no answer, any other gives
/// up after [`outbox::ANSWER_TIMEOUT_MS`] (`AbortSignal.timeout`, where the browser has it).
fn post(endpoint: &str, body: &str, keepalive: bool) -> Result<js_sys::Promise, JsValue> {
    let init = RequestInit::new();
    init.set_method("POST");
    init.set_body(&JsValue::from_str(body));
    js_sys::Reflect::set(&init, &"keepalive".into(), &keepalive.into())?;
    if !keepalive {
        let abort = page::get(&page::window(), "AbortSignal");
        let signal = page::call(&abort, "timeout", &[outbox::ANSWER_TIMEOUT_MS.into()]);
        if signal.is_object() {
            js_sys::Reflect::set(&init, &"signal".into(), &signal)?;
        }
    }
    let headers = web_sys::Headers::new()?;
    headers.set("Content-Type", "application/json")?;
    init.set_headers(&headers);
    let request = Request::new_with_str_and_init(endpoint, &init)?;
    Ok(page::window().fetch_with_request(&request))
}

/// Work to run under the delivery lock: called with whether the lock is held.
type Work = Box<dyn FnOnce(bool) -> Pin<Box<dyn Future<Output = ()>>>>;

/// Runs `work` while holding the Web Lock `name`, which every tab of the site asks for, so one
/// tab at a time runs it; at once where the browser has no Web Locks API (or refuses the
/// request): delivering without the lock may send a record twice, never lose one.
fn with_lock(name: &str, work: impl Future<Output = ()> + 'static) {
    request_lock(name, false, Box::new(move |_| Box::pin(work)));
}

/// `navigator.locks.request(name, { ifAvailable }, callback)`: runs `work(held)` with the lock
/// (`held` is `false` when `if_available` and another tab holds it), or at once with `held`
/// `true` without a Web Locks API. The lock is held until the work's future ends.
fn request_lock(name: &str, if_available: bool, work: Work) {
    let work = Rc::new(Cell::new(Some(work)));
    let locks = js_sys::Reflect::get(&page::window().navigator(), &"locks".into())
        .ok()
        .filter(JsValue::is_object);
    if let Some(locks) = locks {
        let pending = work.clone();
        let callback = Closure::once_into_js(move |lock: JsValue| -> js_sys::Promise {
            let mut run = pending.take();
            js_sys::Promise::new(&mut |resolve, _| {
                let future = run.take().map(|run| run(!lock.is_null()));
                spawn(Box::pin(async move {
                    if let Some(future) = future {
                        future.await;
                    }
                    drop(resolve.call0(&JsValue::NULL));
                }));
            })
        });
        let options = js_sys::Object::new();
        page::set(&options, "ifAvailable", &if_available.into());
        let request = page::call(&locks, "request", &[name.into(), options.into(), callback]);
        if request.is_instance_of::<js_sys::Promise>() {
            let ignore = Closure::once_into_js(|_: JsValue| {});
            page::call(&request, "catch", &[ignore]);
            return;
        }
    }
    if let Some(work) = work.take() {
        spawn(work(true));
    }
}

/// `spawn_local` of one future type only (each type is another copy of its code in the wasm).
fn spawn(future: Pin<Box<dyn Future<Output = ()>>>) {
    wasm_bindgen_futures::spawn_local(future);
}

/// Sends the pending records one at a time, oldest first, so the endpoint receives them in the
/// order they were made; stops at the first one that must be retried. Runs under the delivery
/// lock (`with_lock`); the outbox is read again after each answer, since another tab may have
/// delivered or added records meanwhile.
pub fn flush(app: App) {
    let Some(endpoint) = app.config.with_value(|c| c.endpoint.clone()) else {
        return;
    };
    if app.delivery.with_value(|l| l.sending.replace(true)) {
        app.delivery.with_value(|l| l.again.set(true));
        return;
    }
    let lock = storage::lock_name(&cookie_name(&app));
    with_lock(&lock, async move {
        app.delivery.with_value(|l| l.held.set(true));
        loop {
            app.delivery.with_value(|l| l.again.set(false));
            let mut retry = false;
            while let Some((key, record)) = load(&app).into_iter().next() {
                let id = record.record_id;
                let (status, refusal) = answer(&endpoint, &record.body).await;
                let age =
                    storage::outbox_time(&key).map_or(0, |t| page::now_ms().saturating_sub(t));
                match outbox::outcome(status, refusal, age) {
                    Outcome::Delivered => app.delivery.with_value(|l| l.attempt.set(0)),
                    Outcome::Refused => page::error(&format!(
                        "kelisim: {endpoint} refused consent record {id} with HTTP {status}; it is dropped"
                    )),
                    Outcome::GaveUp => page::error(&format!(
                        "kelisim: {endpoint} still answers consent record {id} with HTTP {status}, {} days after the choice; it is dropped undelivered",
                        outbox::GIVE_UP_AFTER_MS / 86_400_000
                    )),
                    Outcome::Retry => {
                        page::warn(&format!(
                            "kelisim: consent record {id} not delivered to {endpoint} ({}); it stays in the outbox and will be sent again",
                            if status == 0 { "no answer".to_owned() } else { format!("HTTP {status}") }
                        ));
                        retry = true;
                        break;
                    }
                }
                LocalStorage::delete(&key);
            }
            if retry {
                schedule_retry(app);
                break;
            }
            if !app.delivery.with_value(|l| l.again.get()) {
                break;
            }
        }
        app.delivery.with_value(|l| {
            l.held.set(false);
            l.sending.set(false);
        });
    });
}

/// POSTs a record; its status (0: no answer) and whether it is the receiver's own refusal
/// ([`outbox::is_refusal`]: the body is read only for a status that may be one).
async fn answer(endpoint: &str, body: &str) -> (u16, bool) {
    let Ok(promise) = post(endpoint, body, false) else {
        return (0, false);
    };
    let Ok(response) = JsFuture::from(promise).await else {
        return (0, false);
    };
    let response = response.unchecked_into::<Response>();
    let status = response.status();
    if !outbox::may_be_refusal(status) {
        return (status, false);
    }
    let content_type = response.headers().get("content-type").ok().flatten();
    let text = match response.text() {
        Ok(p) => JsFuture::from(p).await.ok().and_then(|t| t.as_string()),
        Err(_) => None,
    };
    let refusal = text.is_some_and(|t| outbox::is_refusal(status, content_type.as_deref(), &t));
    (status, refusal)
}

fn schedule_retry(app: App) {
    if app.delivery.with_value(|l| l.retry_scheduled.replace(true)) {
        return;
    }
    let attempt = app
        .delivery
        .with_value(|l| l.attempt.replace(l.attempt.get() + 1));
    set_timeout(
        move || {
            app.delivery.with_value(|l| l.retry_scheduled.set(false));
            flush(app);
        },
        std::time::Duration::from_millis(outbox::backoff_ms(attempt) as u64),
    );
}

/// Processes what is waiting now, and sends again on `online`; hands pending records to
/// keepalive requests on `pagehide`. The listeners live as long as the page.
pub fn start(app: App, mark: ConfigMark) {
    app.delivery.with_value(|l| l.mark.set(Some(mark)));
    process(app);
    let window = page::window();
    let online = Closure::<dyn Fn()>::new(move || flush(app)).into_js_value();
    let _ = window.add_event_listener_with_callback("online", online.unchecked_ref());
    let pagehide = Closure::<dyn Fn()>::new(move || {
        let Some(endpoint) = app.config.with_value(|c| c.endpoint.clone()) else {
            return;
        };
        // This tab holds the delivery lock: send the rest now. Otherwise only if no other tab
        // holds it (a tab that does delivers them); what is not sent stays for the next page.
        let send = move |held: bool| {
            if held {
                for (_, record) in load(&app) {
                    let _ = post(&endpoint, &record.body, true);
                }
            }
        };
        if app.delivery.with_value(|l| l.held.get()) {
            send(true);
        } else {
            let work: Work = Box::new(move |held| {
                send(held);
                Box::pin(async {})
            });
            request_lock(&storage::lock_name(&cookie_name(&app)), true, work);
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
    store(&app, page::key_time(), record);
    flush(app);
}
