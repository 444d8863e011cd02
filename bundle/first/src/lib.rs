//! The first-layer bundle (`dist/app/first_bg.wasm`): what every visitor downloads. It holds
//! [`kelisim::web::first`] and the pure core, and no Leptos; see the README, "Weight".
pub use kelisim::web::first::start;
