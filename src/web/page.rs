//! The few things the shell reads from and writes to the page: time, cookies, languages,
//! console and events. Everything else lives in the pure core.

use js_sys::{Date, JSON};
use wasm_bindgen::{JsCast, JsValue};
use web_sys::{CustomEvent, CustomEventInit, Document, HtmlDocument, Window};

pub(crate) fn window() -> Window {
    web_sys::window().expect("kelisim runs in a browser window")
}

pub(crate) fn document() -> Document {
    window().document().expect("the window has a document")
}

/// Now, in Unix seconds.
pub(crate) fn now() -> i64 {
    (Date::now() / 1000.0).floor() as i64
}

/// `document.cookie`, or empty when the page cannot have cookies.
pub(crate) fn cookies() -> String {
    document()
        .dyn_into::<HtmlDocument>()
        .ok()
        .and_then(|d| d.cookie().ok())
        .unwrap_or_default()
}

/// Writes `document.cookie = value`.
pub(crate) fn set_cookie(value: &str) {
    if let Ok(doc) = document().dyn_into::<HtmlDocument>() {
        if doc.set_cookie(value).is_err() {
            error("kelisim: the browser refused to store the consent cookie");
        }
    }
}

/// Whether the page is served over https (cookies get `Secure`).
pub(crate) fn is_https() -> bool {
    window().location().protocol().is_ok_and(|p| p == "https:")
}

/// `<html lang>`, when set.
pub(crate) fn html_lang() -> Option<String> {
    document()
        .document_element()?
        .get_attribute("lang")
        .filter(|l| !l.trim().is_empty())
}

/// `navigator.languages`.
pub(crate) fn navigator_languages() -> Vec<String> {
    window()
        .navigator()
        .languages()
        .iter()
        .filter_map(|v| v.as_string())
        .collect()
}

/// `console.error`.
pub(crate) fn error(message: &str) {
    web_sys::console::error_1(&message.into());
}

/// `console.warn`.
pub(crate) fn warn(message: &str) {
    web_sys::console::warn_1(&message.into());
}

/// A JS value from JSON (objects for events and the API).
pub(crate) fn to_js(value: &serde_json::Value) -> JsValue {
    JSON::parse(&value.to_string()).unwrap_or(JsValue::NULL)
}

/// A JSON value from a JS value (arguments of the API).
pub(crate) fn from_js(value: &JsValue) -> Option<serde_json::Value> {
    let text = JSON::stringify(value).ok()?.as_string()?;
    serde_json::from_str(&text).ok()
}

/// Dispatches `CustomEvent(name, { detail })` on `document`.
pub(crate) fn dispatch(name: &str, detail: &JsValue) {
    let init = CustomEventInit::new();
    init.set_detail(detail);
    if let Ok(event) = CustomEvent::new_with_event_init_dict(name, &init) {
        let _ = document().dispatch_event(&event);
    }
}

/// Whether the browser sends the Global Privacy Control signal (`navigator.globalPrivacyControl`).
pub(crate) fn global_privacy_control() -> bool {
    js_sys::Reflect::get(&window().navigator(), &"globalPrivacyControl".into())
        .is_ok_and(|v| v.is_truthy())
}
