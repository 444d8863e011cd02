//! The browser shell: starts kelisim on a page.
//!
//! The loader (`loader/kelisim.js`) imports the wasm-bindgen glue and calls [`start`] with the
//! configuration's text and the calls queued before the WebAssembly was ready. [`start`] validates
//! the configuration (failing closed on any error), mounts the view in an open shadow root on
//! `#kelisim-root`, installs `window.kelisim`, runs the queued calls and fires `kelisim:ready`.

mod api;
pub mod app;
pub mod component;
mod delivery;
mod gate;
mod page;
pub mod view;

use crate::config::{self, Config, Level};
use app::App;
use wasm_bindgen::prelude::*;
use web_sys::{CssStyleSheet, HtmlElement, ShadowRootInit, ShadowRootMode};

/// The stylesheet of the shadow root (from `style/kelisim.css`).
const CSS: &str = include_str!("../../style/kelisim.css");

/// Starts kelisim. `config_text` is the configuration's JSON (none: the built-in default),
/// `source` says where it came from (for messages), `load_error` is set when the loader could not
/// fetch it, and `queue` holds `[method, arguments]` pairs called before the app was ready.
#[wasm_bindgen]
pub fn start(
    config_text: Option<String>,
    source: String,
    load_error: Option<String>,
    queue: JsValue,
) {
    let app = match load_error {
        Some(e) => {
            page::error(&format!(
                "kelisim: cannot load the configuration from {source}: {e}"
            ));
            None
        }
        None => load_config(config_text.as_deref(), &source).map(App::new),
    };
    launch(app);
    api::run_queue(&queue);
    ready(app);
}

/// Runs the banner on the page (or, with `None`, only the fail-closed API): mounts the view,
/// starts delivery of records and gating, installs `window.kelisim`.
fn launch(app: Option<App>) {
    if app.is_none() {
        page::error("kelisim: the configuration has errors, so the banner is off and no category is granted");
    }
    if let Some(app) = app {
        if let Err(e) = mount(app) {
            page::error(&format!("kelisim: cannot show the banner: {e:?}"));
        }
        api::listen_for_open_links(app);
        delivery::start(app);
        // Before `api::install`: gating reads the loader's nonce from the stub it replaces.
        gate::install(app);
    }
    api::install(app);
}

/// Fires `kelisim:ready`.
fn ready(app: Option<App>) {
    let detail = serde_json::json!({
        "ok": app.is_some(),
        "consent": app.map_or(serde_json::Value::Null, |a| a.consent_json()),
    });
    page::dispatch("kelisim:ready", &page::to_js(&detail));
}

/// Validates the configuration, logging every diagnostic; `None` when any is an error.
fn load_config(text: Option<&str>, source: &str) -> Option<Config> {
    let Some(text) = text else {
        return Some(Config::default());
    };
    let (result, diagnostics) = config::parse(text);
    for d in &diagnostics {
        let message = format!("{d} (in {source})");
        match d.level {
            Level::Error => page::error(&message),
            Level::Warning => page::warn(&message),
        }
    }
    result.ok()
}

/// Mounts the view inside an open shadow root on `#kelisim-root` (created when missing).
fn mount(app: App) -> Result<(), JsValue> {
    let document = page::document();
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
    let shadow = match host.shadow_root() {
        Some(root) => root,
        None => host.attach_shadow(&ShadowRootInit::new(ShadowRootMode::Open))?,
    };
    let sheet = CssStyleSheet::new()?;
    sheet.replace_sync(CSS)?;
    js_sys::Reflect::set(
        &shadow,
        &"adoptedStyleSheets".into(),
        &js_sys::Array::of1(&sheet),
    )?;
    let container: HtmlElement = document.create_element("div")?.unchecked_into();
    container.set_class_name("kelisim");
    shadow.append_child(&container)?;
    leptos::mount::mount_to(container, move || leptos::view! { <view::Root app=app /> }).forget();
    Ok(())
}
