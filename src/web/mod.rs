//! The browser shell: two bundles built from this crate, on top of the pure core.
//!
//! - [`first`] (feature `first`): the first layer every visitor downloads, without Leptos. It
//!   owns the visitor's consent on the page: reads the cookie, shows the banner and the floating
//!   button, takes Accept all / Reject all, writes the cookie, answers `window.kelisim`, runs gated
//!   scripts and iframes, and hands each choice over for its record ([`crate::handover`]).
//! - [`app`] (feature `app`): the Leptos app, loaded by the first layer only when something
//!   needs it: the preference center (a modal dialog), the receipt, and turning hand-overs into
//!   consent records that it delivers.
//! - [`component`] (feature `component`): both in one module, as a Leptos component for Rust sites.
//!
//! The two talk through [`bridge`]: the first layer gives the app a *host* object (apply a
//! change, the dialog closed, the language) and the app answers with an object of its own (open,
//! close, refresh, language). Both read the configuration with the same core code (`web::json`).

pub mod bridge;
pub(crate) mod json;
// Shared by both bundles; each uses a part of it.
#[cfg_attr(not(all(feature = "first", feature = "app")), allow(dead_code))]
pub(crate) mod page;

#[cfg(feature = "app")]
pub mod app;
#[cfg(feature = "component")]
pub mod component;
#[cfg(feature = "first")]
pub mod first;
