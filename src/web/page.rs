//! The few things the shell reads from and writes to the page: time, cookies, languages,
//! random ids, local storage, console and events. Everything else lives in the pure core.

use js_sys::{Date, Reflect};
use wasm_bindgen::{JsCast, JsValue};
use web_sys::{CustomEvent, CustomEventInit, Document, HtmlDocument, Window};

#[wasm_bindgen::prelude::wasm_bindgen]
extern "C" {
    /// The global `window`, read once. `web_sys::window()` finds it through `globalThis`, `self`,
    /// `window` and `global` and an `instanceof Window` check: five imports and the code to try
    /// them (210 B brotli of the first layer's wasm), for a script that only ever runs in a window.
    #[wasm_bindgen(thread_local_v2, js_name = window)]
    static WINDOW: Window;
}

pub(crate) fn window() -> Window {
    WINDOW.with(Window::clone)
}

pub(crate) fn document() -> Document {
    window().document().expect("the window has a document")
}

/// Now, in Unix seconds.
pub(crate) fn now() -> i64 {
    (Date::now() / 1000.0).floor() as i64
}

/// Now, in Unix milliseconds.
pub(crate) fn now_ms() -> u64 {
    Date::now() as u64
}

/// Whether `event` was the visitor's own (`isTrusted`), not a page script's `.click()`. (Read
/// through `Reflect`: no new import in the glue.)
pub(crate) fn trusted(event: &JsValue) -> bool {
    js_sys::Reflect::get(event, &"isTrusted".into()).is_ok_and(|v| v.is_truthy())
}

/// A new UUID v4 from the browser's cryptographic random numbers; `None` (logged) without them
/// (no `crypto.getRandomValues`, or it threw or left the bytes zero): the caller then records
/// nothing and stores no consent, rather than give every visitor the same id.
pub(crate) fn uuid() -> Option<String> {
    let mut bytes = [0u8; 16];
    // Without `crypto`, the call on `undefined` throws: an error, caught.
    let filled = window()
        .crypto()
        .is_ok_and(|c| c.get_random_values_with_u8_array(&mut bytes).is_ok());
    if !filled || bytes == [0; 16] {
        error("kelisim: no crypto.getRandomValues: nothing is stored or recorded");
        return None;
    }
    Some(crate::cookie::uuid_v4(bytes))
}

thread_local! {
    /// The time of the last storage key made on this page ([`key_time`]).
    static LAST_KEY_MS: std::cell::Cell<u64> = const { std::cell::Cell::new(0) };
}

/// The time (ms) of a new hand-over or outbox key: now, but always after the previous key of
/// this page ([`crate::storage::next_time`]), so that choices made in one millisecond keep
/// their order.
pub(crate) fn key_time() -> u64 {
    LAST_KEY_MS.with(|last| {
        let t = crate::storage::next_time(last.get(), now_ms());
        last.set(t);
        t
    })
}

/// The page's document as web-sys's `HtmlDocument`, which alone declares `cookie`. Browsers
/// define `cookie` on every `Document`, an XHTML page's XML document included, so this is a
/// cast, never an `instanceof` check (which an XHTML page fails: its choice was never stored).
fn cookie_jar() -> HtmlDocument {
    document().unchecked_into()
}

/// `document.cookie`, or empty when the page cannot have cookies.
pub(crate) fn cookies() -> String {
    cookie_jar().cookie().unwrap_or_default()
}

/// Writes `document.cookie = value`.
pub(crate) fn set_cookie(value: &str) {
    if cookie_jar().set_cookie(value).is_err() {
        error("kelisim: the browser refused to store the consent cookie");
    }
}

/// Whether the page is served over https (cookies get `Secure`).
pub(crate) fn is_https() -> bool {
    location("protocol") == "https:"
}

/// The page's host name.
pub(crate) fn host() -> String {
    location("hostname")
}

/// A property of `location` (`href`, `hostname`, `protocol`), or empty.
pub(crate) fn location(name: &str) -> String {
    get(&get(&window(), "location"), name)
        .as_string()
        .unwrap_or_default()
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
    let mut out = Vec::new();
    for v in window().navigator().languages().iter() {
        if let Some(s) = v.as_string() {
            out.push(s);
        }
    }
    out
}

/// Whether the browser sends the Global Privacy Control signal (`navigator.globalPrivacyControl`).
pub(crate) fn global_privacy_control() -> bool {
    Reflect::get(&window().navigator(), &"globalPrivacyControl".into()).is_ok_and(|v| v.is_truthy())
}

/// `localStorage`, when the page may use it. The first layer uses the DOM's `Storage` directly:
/// `gloo-storage` stores values as JSON through `serde_json`, which this bundle does not carry.
pub(crate) fn storage() -> Option<web_sys::Storage> {
    window().local_storage().ok().flatten()
}

/// Whether a key of local storage satisfies `keep` (the first layer's question: listing and
/// sorting the keys, as [`storage_keys`] does for the app, cost it 0.1 KB brotli).
pub(crate) fn has_storage_key(keep: impl Fn(&str) -> bool) -> bool {
    let Some(storage) = storage() else {
        return false;
    };
    (0..storage.length().unwrap_or(0))
        .any(|i| storage.key(i).ok().flatten().is_some_and(|k| keep(&k)))
}

/// The keys of local storage that satisfy `keep`, sorted.
pub(crate) fn storage_keys(keep: impl Fn(&str) -> bool) -> Vec<String> {
    let Some(storage) = storage() else {
        return Vec::new();
    };
    let mut keys: Vec<String> = (0..storage.length().unwrap_or(0))
        .filter_map(|i| storage.key(i).ok().flatten())
        .filter(|k| keep(k))
        .collect();
    keys.sort_unstable();
    keys
}

/// `target[name]`, or `undefined`. The first layer reads the page's properties through this
/// (and calls its methods through [`call`]) where a typed web-sys binding would be used once or
/// twice: each binding is one more import of the wasm and one more function in the glue
/// (measured 2026-12-06: 15 bindings fewer, the first paint 52 B lighter; the app, which shares
/// `error` and `warn`, 133 B heavier).
pub(crate) fn get(target: &JsValue, name: &str) -> JsValue {
    Reflect::get(target, &name.into()).unwrap_or(JsValue::UNDEFINED)
}

/// The element that has the focus in `root` (the document or a shadow root), if any.
pub(crate) fn active_element(root: &JsValue) -> Option<web_sys::Element> {
    get(root, "activeElement").dyn_into().ok()
}

/// `console[kind](...args)`; nothing when the console or its method is missing or throws. (Not
/// through [`call`], whose own failure is logged here: a throwing console would recurse.)
fn console(kind: &str, args: &[JsValue]) {
    let console = get(&window(), "console");
    if let Some(f) = get(&console, kind).dyn_ref::<js_sys::Function>() {
        let _ = f.apply(&console, &args.iter().collect());
    }
}

/// `console.error`.
pub(crate) fn error(message: &str) {
    console("error", &[message.into()]);
}

/// `console.error(message, value)`: an error with the exception that caused it.
pub(crate) fn error_with(message: &str, value: &JsValue) {
    console("error", &[message.into(), value.clone()]);
}

/// `console.warn`.
pub(crate) fn warn(message: &str) {
    console("warn", &[message.into()]);
}

/// Logs the configuration's diagnostics, naming where it came from.
pub(crate) fn log_diagnostics(diagnostics: &[crate::config::Diagnostic], source: &str) {
    for d in diagnostics {
        let mut message = d.line();
        message.push_str(" (in ");
        message.push_str(source);
        message.push(')');
        match d.level {
            crate::config::Level::Error => error(&message),
            crate::config::Level::Warning => warn(&message),
        }
    }
}

/// Dispatches `CustomEvent(name, { detail })` on `document`.
pub(crate) fn dispatch(name: &str, detail: &JsValue) {
    let init = CustomEventInit::new();
    init.set_detail(detail);
    if let Ok(event) = CustomEvent::new_with_event_init_dict(name, &init) {
        let _ = document().dispatch_event(&event);
    }
}

/// Sets `target[name] = value`.
pub(crate) fn set(target: &JsValue, name: &str, value: &JsValue) {
    let _ = Reflect::set(target, &name.into(), value);
}

/// Calls `target[name](...args)`; `undefined` when it is not a function or throws.
pub(crate) fn call(target: &JsValue, name: &str, args: &[JsValue]) -> JsValue {
    let f = Reflect::get(target, &name.into()).unwrap_or(JsValue::UNDEFINED);
    match f.dyn_ref::<js_sys::Function>() {
        Some(f) => {
            let args: js_sys::Array = args.iter().collect();
            f.apply(target, &args).unwrap_or_else(|e| {
                error_with("kelisim:", &e);
                JsValue::UNDEFINED
            })
        }
        None => JsValue::UNDEFINED,
    }
}

/// A JavaScript function that calls `f` with its first argument and returns what `f` returns.
/// Every function the first layer hands the page (listeners, observers, timers, its API's
/// methods, the app's callbacks) is this one closure type, whatever it is given: each closure
/// type is another copy of wasm-bindgen's shims in the wasm and another entry in the glue.
pub(crate) fn function(f: impl Fn(JsValue) -> JsValue + 'static) -> JsValue {
    wasm_bindgen::closure::Closure::<dyn Fn(JsValue) -> JsValue>::new(f).into_js_value()
}

/// [`function`] for a callback whose result nobody reads (a listener, an observer, a timer).
pub(crate) fn callback(f: impl Fn(JsValue) + 'static) -> JsValue {
    function(move |v| {
        f(v);
        JsValue::UNDEFINED
    })
}

/// A JavaScript function that calls `f` with its argument, once (a promise's `then`, a timeout).
/// Every caller shares one closure type (`f` is boxed first): wasm-bindgen's shims for a
/// `Closure::once_into_js` are made per closure type (measured 2026-12-06: about 370 B raw each).
pub(crate) fn once(f: impl FnOnce(JsValue) + 'static) -> JsValue {
    once_boxed(Box::new(f))
}

fn once_boxed(f: Box<dyn FnOnce(JsValue)>) -> JsValue {
    wasm_bindgen::closure::Closure::once_into_js(move |v: JsValue| f(v))
}

/// The consent as `getConsent()` and the events show it: a plain JavaScript object.
pub(crate) fn public_to_js(p: &crate::consent::Public) -> JsValue {
    let o = js_sys::Object::new();
    set(&o, "id", &p.id.as_str().into());
    set(&o, "revision", &p.revision.into());
    set(&o, "timestamp", &p.timestamp.as_str().into());
    set(&o, "expires", &p.expires.as_str().into());
    set(&o, "language", &p.language.code().into());
    let categories = js_sys::Object::new();
    for (id, on) in &p.categories {
        set(&categories, id, &(*on).into());
    }
    set(&o, "categories", &categories);
    o.into()
}

/// The shadow root kelisim renders into, on `<div id="kelisim-root">` (appended to `<body>` when
/// the page has none), with the first layer's stylesheet adopted.
pub(crate) fn shadow_root() -> Result<web_sys::ShadowRoot, JsValue> {
    let document = document();
    let host = match document.get_element_by_id("kelisim-root") {
        Some(host) => host,
        None => {
            let host = document.create_element("div")?;
            host.set_id("kelisim-root");
            document
                .body()
                .ok_or("the page has no body")?
                .append_child(&host)?;
            host
        }
    };
    match host.shadow_root() {
        Some(root) => Ok(root),
        None => {
            let root =
                host.attach_shadow(&web_sys::ShadowRootInit::new(web_sys::ShadowRootMode::Open))?;
            adopt_style(
                &root,
                include_str!(concat!(env!("OUT_DIR"), "/kelisim.css")),
            )?;
            Ok(root)
        }
    }
}

/// Adds a constructable stylesheet to a shadow root (no inline styles: strict CSP works).
pub(crate) fn adopt_style(root: &web_sys::ShadowRoot, css: &str) -> Result<(), JsValue> {
    let sheet = web_sys::CssStyleSheet::new()?;
    sheet.replace_sync(css)?;
    let sheets = Reflect::get(root, &"adoptedStyleSheets".into())?;
    let list = js_sys::Array::from(&sheets);
    list.push(&sheet);
    Reflect::set(root, &"adoptedStyleSheets".into(), &list)?;
    Ok(())
}

/// A new element of the page's document.
pub(crate) fn element(tag: &str, class: &str) -> web_sys::Element {
    let el = document()
        .create_element(tag)
        .expect("the document creates elements");
    if !class.is_empty() {
        el.set_class_name(class);
    }
    el
}
