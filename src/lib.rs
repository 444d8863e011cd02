//! # kelisim — consent banner and preference center for websites in Kazakhstan
//!
//! kelisim (Kazakh *келісім*, "consent") asks a visitor, in Kazakh, Russian or English, which
//! cookies and which processing of their personal data they allow, keeps the answer in a
//! first-party cookie for 13 calendar months, tells the site through `window.kelisim` and DOM
//! events so the site runs only what was allowed, and turns every choice into a consent record
//! the site's backend keeps as proof (law 94-V, Art. 8).
//!
//! ## How the data flows, module by module
//!
//! A **pure core** (plain Rust, no DOM, tested natively) decides everything; a **thin browser
//! shell** (`web`, wasm32 only) carries the decisions out. In the order a page meets them:
//!
//! 1. the page's configuration → [`config`] (types and defaults; [`mod@config::read`] walks the JSON,
//!    [`config::validate`] checks it; any error fails closed);
//!    services named by id take their disclosures from the [`catalogue`] of known services;
//! 2. the language → [`lang`] ([`lang::Lang`] and its negotiation by language subtag), and the texts →
//!    [`i18n`] (compiled from `locales/*.ftl` by `build.rs`, plural rules included), country
//!    names → [`country`] (CLDR), what "Accept all" consents to → [`disclosure`]; a message as
//!    shown (the site's override, else the built-in one) → [`present`];
//! 3. the stored cookie → [`cookie`] (the value's codec) and [`time`] (13 calendar months, RFC 3339,
//!    HTTP dates) → [`consent`] (whether it still holds, its granted categories an [`ids::Ids`];
//!    every change as one transition, [`consent::apply`]; the Global Privacy Control and gating
//!    rules) → [`shown`] (when the
//!    banner shows, the preference center's switches);
//! 4. a choice → the cookie again, [`cleanup`] (the refused services' cookies to delete), and
//!    [`handover`] (the choice kept in local storage for its record; every key in [`storage`]) → [`record`] (the consent
//!    record and how it is built, feature `json`) → [`outbox`] (delivery until a 2xx).
//!
//! The shell is two WebAssembly bundles built from this crate (module `web`): the Leptos-free first
//! layer every visitor downloads (feature `first`) and the Leptos app, loaded only when needed
//! (feature `app`: preference center, records); feature `component` puts both in one module as
//! a Leptos component for Rust sites. The classic script `loader/kelisim.js` is what a site embeds.
//!
//! Code the first layer links is written for its weight (every visitor downloads it, measured
//! by `scripts/size.sh`): a `Vec` is filled by a plain loop rather than collected from a chain of
//! iterator adapters (`filter`, `map`, `filter_map`, `flat_map`), which under `opt-level = "z"`
//! and wasm-opt costs it tens to hundreds of bytes each (measured 2026-12-07: some twenty such
//! places written as loops, 1.1 KB brotli together; `docs/book` "Weight and performance").

#![warn(missing_docs)]
#![cfg_attr(docsrs, feature(doc_cfg))]

pub mod autoblock;
pub mod catalogue;
pub mod cleanup;
pub mod config;
pub mod consent;
pub mod cookie;
pub mod country;
pub mod disclosure;
pub mod early;
#[cfg(feature = "json")]
pub mod glue;
pub mod handover;
pub mod i18n;
pub mod ids;
pub mod lang;
#[cfg(feature = "json")]
pub mod outbox;
pub mod present;
#[cfg(feature = "json")]
pub mod processing;
pub mod purposes;
#[cfg(feature = "json")]
pub mod record;
pub mod shown;
pub mod storage;
pub mod text;
pub mod time;

#[cfg(all(target_arch = "wasm32", any(feature = "first", feature = "app")))]
pub mod web;
