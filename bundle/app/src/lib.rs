//! The app bundle (`dist/app/app_bg.wasm`): the Leptos preference center, the receipt and the
//! consent records, loaded by the first layer only when something needs it.
pub use kelisim::web::app::start_app;
