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
//! The component runs exactly what the script embed runs (banner in its own shadow root on
//! `#kelisim-root`, cookie, records, gated scripts, `window.kelisim` and its events); it renders
//! nothing in place. Mount it once per page.

use super::app::App;
use crate::config::Config;
use crate::consent::Consent;
use leptos::prelude::*;
use std::cell::Cell;

thread_local! {
    /// The running banner, for [`use_consent`] outside the component's subtree.
    static RUNNING: Cell<Option<App>> = const { Cell::new(None) };
}

/// Runs the consent banner with a typed configuration (default: the built-in one). An invalid
/// configuration logs its errors and fails closed: no banner, nothing granted.
#[component]
pub fn ConsentBanner(#[prop(optional)] config: Option<Config>) -> impl IntoView {
    let app = match crate::config::check(config.unwrap_or_default()) {
        Ok(config) => Some(App::new(config)),
        Err(diagnostics) => {
            for d in diagnostics {
                super::page::error(&d.to_string());
            }
            None
        }
    };
    if RUNNING.get().is_none() {
        super::launch(app);
        super::ready(app);
        RUNNING.set(app);
    }
    if let Some(app) = app {
        provide_context(app);
    }
}

/// The visitor's consent, reactive: `None` before a choice (or when kelisim is not running, or its
/// configuration failed validation). `consent.get().is_some_and(|c| c.accepted("analytics"))`.
///
/// It may be called before `<ConsentBanner/>` is rendered: the banner is looked up when the
/// signal is read.
pub fn use_consent() -> Signal<Option<Consent>> {
    let from_context = use_context::<App>();
    Signal::derive(move || {
        from_context
            .or_else(|| RUNNING.get())
            .and_then(|app| app.consent.get())
    })
}
