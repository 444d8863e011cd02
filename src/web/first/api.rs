//! `window.kelisim`: the JavaScript API of the contract.
//!
//! With a configuration that failed validation the API still exists but grants nothing:
//! `getConsent()` is `null`, `accepted()` is `false`, and the other calls log an error.

use super::{shell, Shell};
use crate::consent::{Change, Surface};
use crate::storage;
use crate::web::page;
use js_sys::{Array, Function, Object, Reflect};
use wasm_bindgen::prelude::*;

fn method(api: &Object, name: &str, f: impl Fn(JsValue) -> JsValue + 'static) {
    page::set(api, name, &page::function(f));
}

/// A method that needs a running shell; without one it logs that kelisim is off.
fn with_shell(api: &Object, name: &str, f: fn(&Shell, JsValue) -> JsValue) {
    method(api, name, move |arg| match shell() {
        Some(shell) => f(&shell, arg),
        None => {
            page::error(
                "kelisim: disabled because the configuration has errors; nothing is granted",
            );
            JsValue::NULL
        }
    });
}

/// `JSON.parse(localStorage[key])`, or `null`.
fn stored_json(key: &str) -> JsValue {
    page::storage()
        .and_then(|s| s.get_item(key).ok().flatten())
        .and_then(|text| js_sys::JSON::parse(&text).ok())
        .unwrap_or(JsValue::NULL)
}

/// Installs `window.kelisim`.
pub(super) fn install() {
    let api = Object::new();
    page::set(&api, "version", &env!("CARGO_PKG_VERSION").into());
    page::set(&api, "ready", &true.into());
    with_shell(&api, "show", |s, _| {
        s.show();
        JsValue::UNDEFINED
    });
    with_shell(&api, "showPreferences", |s, _| {
        s.show_preferences();
        JsValue::UNDEFINED
    });
    with_shell(&api, "hide", |s, _| {
        s.hide();
        JsValue::UNDEFINED
    });
    with_shell(&api, "acceptAll", |s, _| {
        s.choose(Change::AcceptAll, Surface::Api);
        s.public_js()
    });
    with_shell(&api, "rejectAll", |s, _| {
        s.choose(Change::RejectAll, Surface::Api);
        s.public_js()
    });
    with_shell(&api, "withdraw", |s, _| {
        s.choose(Change::Withdraw, Surface::Api);
        s.public_js()
    });
    with_shell(&api, "setConsent", set_consent);
    with_shell(&api, "setLanguage", |s, lang| {
        s.set_language(&lang.as_string().unwrap_or_default()).into()
    });
    method(&api, "getConsent", |_| {
        shell().map_or(JsValue::NULL, |s| s.public_js())
    });
    method(&api, "accepted", |id| {
        let id = id.as_string().unwrap_or_default();
        shell().is_some_and(|s| s.accepted(&id)).into()
    });
    method(&api, "records", |_| {
        let Some(shell) = shell() else {
            return JsValue::NULL;
        };
        // The outbox is the app's: one key per record, `{ "record_id", "body" }`, body as text.
        // Sorted by JavaScript: sorting in Rust costs the first layer 0.1 KB brotli.
        let name = &shell.config.cookie.name;
        let keys = Array::new();
        let storage = page::storage();
        if let Some(s) = &storage {
            for i in 0..s.length().unwrap_or(0) {
                if let Some(k) = s.key(i).ok().flatten() {
                    if storage::outbox_record_id(&k, name).is_some() {
                        keys.push(&k.into());
                    }
                }
            }
        }
        let records = Array::new();
        for key in keys.sort().iter() {
            let Some(key) = key.as_string() else { continue };
            let body = Reflect::get(&stored_json(&key), &"body".into()).ok();
            if let Some(record) = body.and_then(|b| js_sys::JSON::parse(&b.as_string()?).ok()) {
                records.push(&record);
            }
        }
        records.into()
    });
    method(&api, "receipt", |_| {
        shell().map_or(JsValue::NULL, |s| {
            stored_json(&storage::receipt_key(&s.config.cookie.name))
        })
    });
    page::set(&page::window(), "kelisim", &api);
}

/// `setConsent({ analytics: true, marketing: false })`: changes the named categories, keeps the
/// others as they are (without a consent yet: refused, the required ones granted).
fn set_consent(shell: &Shell, arg: JsValue) -> JsValue {
    // Every value must be a boolean (and every key a string).
    // Its keys and values read as the configuration's are (`Json::entries`): the first layer's
    // wasm 83 B brotli lighter than through `Object.entries`, and the glue one import shorter (measured 2026-12-07).
    let changes = (arg.is_object() && !Array::is_array(&arg))
        .then(|| {
            let mut changes = Vec::new();
            for (key, value) in crate::config::read::Json::entries(&arg) {
                changes.push((key, value.as_bool()?));
            }
            Some(changes)
        })
        .flatten();
    match changes {
        Some(changes) => {
            shell.choose(Change::Set(changes), Surface::Api);
            shell.public_js()
        }
        _ => {
            page::error(
                "kelisim: setConsent expects an object such as { analytics: true, marketing: false }",
            );
            JsValue::NULL
        }
    }
}

/// Runs the calls the loader queued before the app was ready: `[[method, [args…]], …]`.
pub(super) fn run_queue(queue: &JsValue) {
    let Some(api) = Reflect::get(&page::window(), &"kelisim".into()).ok() else {
        return;
    };
    let Ok(calls) = queue.clone().dyn_into::<Array>() else {
        return;
    };
    for call in calls.iter() {
        let call = Array::from(&call);
        let name = call.get(0);
        match Reflect::get(&api, &name)
            .ok()
            .and_then(|f| f.dyn_into::<Function>().ok())
        {
            Some(f) => {
                if let Err(e) = f.apply(&api, &Array::from(&call.get(1))) {
                    page::error_with("kelisim: a queued call failed:", &e);
                }
            }
            None => {
                let mut message = String::from("kelisim: `");
                message.push_str(&name.as_string().unwrap_or_default());
                message.push_str("` is not an API method");
                page::error(&message);
            }
        }
    }
}
