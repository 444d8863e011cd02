//! # kelisim — consent banner and preference center for websites in Kazakhstan
//!
//! kelisim (Kazakh *келісім*, "consent") asks a visitor, in Kazakh, Russian or English, which
//! cookies and which processing of their personal data they allow, keeps the answer in a
//! first-party cookie for 13 calendar months, and tells the site through `window.kelisim` and
//! DOM events, so the site runs only what was allowed.
//!
//! ## Architecture: a pure core and a thin browser shell
//!
//! The **core** is plain Rust with no DOM, compiled for every target and tested natively:
//! - [`config`]: the site owner's JSON configuration, defaults, validation with key paths;
//! - [`consent`]: a visitor's consent, choices, whether a stored consent still holds;
//! - [`cookie`]: the consent cookie's value codec and cookie strings;
//! - [`expiry`]: the 13-calendar-month arithmetic in UTC and date formats;
//! - [`lang`]: language negotiation (`fluent-langneg`);
//! - [`i18n`]: the interface texts, compiled at build time from the Fluent files in `locales/`.
//!
//! The **shell** ([`web`], only on `wasm32`) is the browser side: it reads the page, mounts the
//! Leptos view in an open shadow root on `#kelisim-root`, writes the cookie and exposes
//! `window.kelisim`. A small hand-written classic script, `loader/kelisim.js`, is what a site
//! embeds: it reads the configuration, answers early API calls, queues the others, and imports the
//! wasm-bindgen glue and the `.wasm` relative to its own URL.
//!
//! Texts: the `.ftl` files are the single source of every visible string. `build.rs` parses them
//! with `fluent-syntax`, checks that every locale has every message, and turns them into static
//! tables, so no Fluent runtime is shipped (see the performance notes in the README).

pub mod cleanup;
pub mod config;
pub mod consent;
pub mod cookie;
pub mod country;
pub mod disclosure;
pub mod handover;
pub mod i18n;
pub mod lang;
#[cfg(feature = "json")]
pub mod outbox;
#[cfg(feature = "json")]
pub mod record;
pub mod time;

#[cfg(all(target_arch = "wasm32", any(feature = "first", feature = "app")))]
pub mod web;
