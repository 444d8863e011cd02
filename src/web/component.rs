//! For Rust/Leptos sites: kelisim as a Leptos component with a typed configuration, and the
//! visitor's consent as a reactive signal.
//!
//! ```ignore
//! use kelisim::config::Config;
//! use kelisim::web::component::{use_consent, ConsentBanner};
//! use leptos::prelude::*;
//!
//! #[component]
//! fn App() -> impl IntoView {
//!     let config = Config { revision: 2, endpoint: Some("/consent".into()), ..Config::default() };
//!     let consent = use_consent();
//!     view! {
//!         <ConsentBanner config=config />
//!         <Show when=move || consent.get().is_some_and(|c| c.accepted("marketing"))>
//!             <iframe src="https://www.youtube-nocookie.com/embed/…"></iframe>
//!         </Show>
//!     }
//! }
//! ```
//! The component runs exactly what the script embed runs (first layer and preference center in
//! their own shadow root on `#kelisim-root`, cookie, records, gated scripts, `window.kelisim` and
//! its events), both bundles' code in the site's one WebAssembly module; it renders nothing in
//! place. kelisim belongs to the page, not to the component: once started it keeps running (and
//! `window.kelisim` keeps answering) after the component unmounts, as with the script embed.
//! Mount it once per page; a second instance does nothing.
//!
//! Processing consent in the site's own forms: pass the purposes as `forms` (typed, as the
//! configuration's `forms` key reads, [`crate::config::forms::Forms`]) and render the form with
//! the attribute; kelisim adds the checkboxes and the submitted fields as for any page:
//! ```text
//! view! {
//!     <ConsentBanner config=config forms=forms />
//!     <form action="/apply" method="post" data-kelisim-form="loan-application"> … </form>
//! }
//! ```

use super::{app, bridge, first, page};
use crate::config::forms::Forms;
use crate::config::Config;
use crate::consent::Consent;
use leptos::prelude::*;
use wasm_bindgen::prelude::*;

/// Runs the consent banner with a typed configuration (default: the built-in one). An invalid
/// configuration logs its errors and fails closed: no banner, nothing granted.
#[component]
pub fn ConsentBanner(
    /// The configuration; `None` (the default) is the built-in one.
    #[prop(optional)]
    config: Option<Config>,
    /// The site's forms that ask for consent to processing (`data-kelisim-form`).
    #[prop(optional)]
    forms: Option<Forms>,
) -> impl IntoView {
    if js_sys::Reflect::has(&page::window(), &"kelisim".into()).unwrap_or(false) {
        return;
    }
    match crate::config::check(config.unwrap_or_default()) {
        Ok(config) => {
            let loader = in_module_loader(config.clone(), forms.unwrap_or_default());
            first::run(Some(config), None, &JsValue::UNDEFINED, loader);
        }
        Err(diagnostics) => {
            page::log_diagnostics(&diagnostics, "<ConsentBanner/>");
            first::run(None, None, &JsValue::UNDEFINED, JsValue::UNDEFINED);
        }
    }
}

/// The loader handle of [`bridge`] for one module: the app is already here.
fn in_module_loader(config: Config, forms: Forms) -> JsValue {
    let module = js_sys::Object::new();
    let start = Closure::<dyn Fn(JsValue, JsValue) -> JsValue>::new(move |_text, host| {
        // As with the JSON configuration: forms without the operator's BIN cannot be sent.
        let no_bin = config.operator.as_ref().is_none_or(|o| o.bin.is_none());
        let setup = if !forms.0.is_empty() && no_bin {
            app::forms::Setup::Broken("operator.bin".into())
        } else {
            app::forms::Setup::Ready(forms.clone())
        };
        app::start_with(config.clone(), None, setup, host)
    });
    page::set(&module, bridge::APP_START, &start.into_js_value());
    let loader = js_sys::Object::new();
    let module: JsValue = module.into();
    let load =
        Closure::<dyn Fn() -> JsValue>::new(move || js_sys::Promise::resolve(&module).into());
    page::set(&loader, bridge::LOADER_LOAD, &load.into_js_value());
    // Every Kazakh country name is in this module already (the preference center's table).
    let text = Closure::<dyn Fn() -> JsValue>::new(|| {
        js_sys::Promise::resolve(&JsValue::from(crate::country::kk_file())).into()
    });
    page::set(&loader, bridge::LOADER_TEXT, &text.into_js_value());
    loader.into()
}

/// The visitor's consent, reactive: `None` before a choice (or when kelisim is not running, or its
/// configuration failed validation). `consent.get().is_some_and(|c| c.accepted("analytics"))`.
///
/// It follows the `kelisim:consent` and `kelisim:ready` events; its listeners are removed when
/// the calling component is cleaned up. It may be called before `<ConsentBanner/>` is rendered.
pub fn use_consent() -> Signal<Option<Consent>> {
    let current = || first::shell().and_then(|s| s.consent.borrow().clone());
    let consent = RwSignal::new(current());
    // Kept, not leaked: dropped with the component (after its listeners are removed).
    let listener = Closure::<dyn Fn()>::new(move || consent.set(current()));
    let document = page::document();
    for event in ["kelisim:consent", "kelisim:ready"] {
        let _ = document.add_event_listener_with_callback(event, listener.as_ref().unchecked_ref());
    }
    let listener = StoredValue::new_local(listener);
    on_cleanup(move || {
        let document = page::document();
        listener.try_with_value(|listener| {
            for event in ["kelisim:consent", "kelisim:ready"] {
                let _ = document
                    .remove_event_listener_with_callback(event, listener.as_ref().unchecked_ref());
            }
        });
    });
    consent.into()
}
