//! The Leptos app: the preference center, the receipt, and the consent records.
//!
//! The first layer loads this bundle when something needs it and calls [`start_app`] with the
//! configuration's text and its *host* object (see [`crate::web::bridge`]). The app reads the
//! configuration with the same core code, provides its state ([`state::App`]) by context to the
//! view ([`mod@view`]), and mounts the view in its own container of the same shadow root. It never
//! writes the consent itself: a choice made in the preference center goes back to the first
//! layer through the host, which owns the consent, and the first layer then asks the app to
//! `refresh`: re-read the consent and turn the hand-overs into records ([`delivery`]).

pub mod delivery;
mod focus;
pub mod forms;
pub mod state;
pub mod view;

use crate::config::Config;
use crate::web::{bridge, page};
use leptos::prelude::*;
use state::App;
use wasm_bindgen::prelude::*;

/// The app bundle's entry point (see [`bridge::APP_START`]): reads the configuration (the first
/// layer has already logged its diagnostics and only starts the app when it is valid) and starts.
#[wasm_bindgen]
pub fn start_app(config_text: Option<String>, host: JsValue) -> JsValue {
    let forms = forms::read(config_text.as_deref());
    let config = match &config_text {
        None => Config::default(),
        Some(text) => match crate::web::json::read_config(text).0 {
            Ok(config) => config,
            Err(()) => {
                page::error(
                    "kelisim: the preference center cannot start: the configuration has errors",
                );
                return JsValue::NULL;
            }
        },
    };
    start_with(config, config_text.as_deref(), forms, host)
}

/// Starts the app with a validated configuration (read from `config_text`; none: given as
/// Rust) and its `forms`; returns the object the first layer calls.
pub fn start_with(
    config: Config,
    config_text: Option<&str>,
    forms: forms::Setup,
    host: JsValue,
) -> JsValue {
    let mark = crate::handover::ConfigMark::of(config_text, config.revision);
    let app = App::new(config, forms, host);
    if let Err(e) = mount(app) {
        web_sys::console::error_2(&"kelisim: cannot show the preference center:".into(), &e);
    }
    delivery::start(app, mark);
    forms::start(app);
    handle(app)
}

/// Mounts the view in its own container of the shadow root, with the preference center's styles.
fn mount(app: App) -> Result<(), JsValue> {
    let root = page::shadow_root()?;
    page::adopt_style(
        &root,
        include_str!(concat!(env!("OUT_DIR"), "/preferences.css")),
    )?;
    let container = page::element("div", "kelisim");
    root.append_child(&container)?;
    let handle = leptos::mount::mount_to(container.unchecked_into(), move || {
        provide_context(app);
        view::Root
    });
    // The app lives as long as the page (its state is the page's, like the first layer's).
    handle.forget();
    Ok(())
}

/// The object the first layer calls (see [`bridge`]).
fn handle(app: App) -> JsValue {
    let o = js_sys::Object::new();
    let open = Closure::<dyn Fn(JsValue)>::new(move |lang: JsValue| {
        app.open(lang.as_string().as_deref());
    });
    page::set(&o, bridge::APP_OPEN, &open.into_js_value());
    let close = Closure::<dyn Fn()>::new(move || app.close(false));
    page::set(&o, bridge::APP_CLOSE, &close.into_js_value());
    let refresh = Closure::<dyn Fn()>::new(move || {
        app.reload_consent();
        delivery::process(app);
    });
    page::set(&o, bridge::APP_REFRESH, &refresh.into_js_value());
    let language = Closure::<dyn Fn(JsValue)>::new(move |lang: JsValue| {
        app.language_changed(lang.as_string().as_deref());
    });
    page::set(&o, bridge::APP_SET_LANGUAGE, &language.into_js_value());
    o.into()
}
