//! `window.kelisim`: the JavaScript API of the contract, and page links that open the settings.
//!
//! With a configuration that failed validation the API still exists but grants nothing:
//! `getConsent()` is `null`, `accepted()` is `false`, and the other calls log an error.

use super::app::App;
use super::page;
use crate::consent::Choice;
use js_sys::{Array, Function, Object, Reflect};
use leptos::prelude::{WithUntracked, WithValue};
use std::collections::BTreeMap;
use wasm_bindgen::prelude::*;

fn set(target: &Object, name: &str, value: &JsValue) {
    let _ = Reflect::set(target, &name.into(), value);
}

fn method(target: &Object, name: &str, f: impl Fn(JsValue) -> JsValue + 'static) {
    set(
        target,
        name,
        &Closure::<dyn Fn(JsValue) -> JsValue>::new(f).into_js_value(),
    );
}

fn disabled() -> JsValue {
    page::error("kelisim: disabled because the configuration has errors; nothing is granted");
    JsValue::NULL
}

/// Installs `window.kelisim`. `app` is `None` when the configuration failed validation.
pub(super) fn install(app: Option<App>) {
    let api = Object::new();
    set(&api, "version", &env!("CARGO_PKG_VERSION").into());
    set(&api, "ready", &true.into());
    let with_app = move |f: fn(&App, JsValue) -> JsValue| {
        move |arg: JsValue| app.as_ref().map_or_else(disabled, |a| f(a, arg))
    };
    method(
        &api,
        "show",
        with_app(|a, _| {
            a.show();
            JsValue::UNDEFINED
        }),
    );
    method(
        &api,
        "showPreferences",
        with_app(|a, _| {
            a.show_preferences();
            JsValue::UNDEFINED
        }),
    );
    method(
        &api,
        "hide",
        with_app(|a, _| {
            a.hide();
            JsValue::UNDEFINED
        }),
    );
    method(
        &api,
        "acceptAll",
        with_app(|a, _| {
            a.choose(Choice::AcceptAll, "accept-all", "api");
            consent(a)
        }),
    );
    method(
        &api,
        "rejectAll",
        with_app(|a, _| {
            a.choose(Choice::RejectAll, "reject-all", "api");
            consent(a)
        }),
    );
    method(
        &api,
        "withdraw",
        with_app(|a, _| {
            a.choose(Choice::RejectAll, "withdraw", "api");
            consent(a)
        }),
    );
    method(&api, "setConsent", with_app(set_consent));
    method(
        &api,
        "setLanguage",
        with_app(|a, lang| a.set_language(&lang.as_string().unwrap_or_default()).into()),
    );
    method(&api, "getConsent", move |_| {
        app.as_ref().map_or(JsValue::NULL, consent)
    });
    method(&api, "accepted", move |id| {
        let id = id.as_string().unwrap_or_default();
        app.as_ref().is_some_and(|a| a.accepted(&id)).into()
    });
    method(&api, "records", move |_| {
        app.as_ref().map_or(JsValue::NULL, |a| {
            js_sys::JSON::parse(&super::delivery::load(a).to_json_array()).unwrap_or(JsValue::NULL)
        })
    });
    method(&api, "receipt", move |_| {
        app.as_ref()
            .and_then(super::delivery::receipt)
            .map_or(JsValue::NULL, |r| page::to_js(&r))
    });
    set(&page::window(), "kelisim", &api);
}

fn consent(app: &App) -> JsValue {
    page::to_js(&app.consent_json())
}

/// `setConsent({ analytics: true, marketing: false })`: changes the named categories, keeps the
/// others as they are (refused when there is no consent yet).
fn set_consent(app: &App, arg: JsValue) -> JsValue {
    let Some(changes) =
        page::from_js(&arg).and_then(|v| serde_json::from_value::<BTreeMap<String, bool>>(v).ok())
    else {
        page::error(
            "kelisim: setConsent expects an object such as { analytics: true, marketing: false }",
        );
        return JsValue::NULL;
    };
    let mut granted = app
        .consent
        .with_untracked(|c| c.as_ref().map(|c| c.granted.clone()).unwrap_or_default());
    for (id, on) in changes {
        if app.config.with_value(|c| c.category(&id).is_none()) {
            page::warn(&format!(
                "kelisim: setConsent: `{id}` is not a category of this site; ignored"
            ));
        } else if on {
            granted.insert(id);
        } else {
            granted.remove(&id);
        }
    }
    app.choose(Choice::Only(granted), "set-consent", "api");
    consent(app)
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
                    web_sys::console::error_2(&"kelisim: a queued call failed:".into(), &e);
                }
            }
            None => page::error(&format!(
                "kelisim: `{}` is not an API method",
                name.as_string().unwrap_or_default()
            )),
        }
    }
}

/// Any element of the page with `data-kelisim-open` opens the settings when clicked.
pub(super) fn listen_for_open_links(app: App) {
    let handler = Closure::<dyn Fn(web_sys::Event)>::new(move |event: web_sys::Event| {
        let opener = event
            .target()
            .and_then(|t| t.dyn_into::<web_sys::Element>().ok())
            .and_then(|el| el.closest("[data-kelisim-open]").ok().flatten());
        if opener.is_some() {
            event.prevent_default();
            app.show_preferences();
        }
    });
    let _ = page::document()
        .add_event_listener_with_callback("click", handler.as_ref().unchecked_ref());
    handler.forget();
}
