//! The names by which the first layer and the app call each other, defined once for both sides.
//!
//! The loader (`loader/kelisim.js`) gives the first layer an object with `loadApp()` (a promise
//! of the app bundle's module, initialised) and `prefetchApp()`. The first layer calls the
//! module's [`APP_START`]`(config_text, host)`, where `host` has the `HOST_*` methods, and gets
//! back an object with the `APP_*` methods.

/// The app bundle's export: `start_app(config_text, host) -> app`.
pub const APP_START: &str = "start_app";
/// `app.open(lang)`: show the preference center.
pub const APP_OPEN: &str = "open";
/// `app.close()`: close the preference center (a choice was made, or `hide()`).
pub const APP_CLOSE: &str = "close";
/// `app.refresh()`: the consent changed; re-read it, turn hand-overs into records, deliver.
pub const APP_REFRESH: &str = "refresh";
/// `app.setLanguage(lang)`: the language changed.
pub const APP_SET_LANGUAGE: &str = "setLanguage";

/// `host.apply([action, surface, ids?])`: apply a change (`accept-all`, `reject-all`, `save` with
/// the ids switched on, `withdraw`) made on `surface` (one array argument: the first layer's
/// functions are all of one closure type, `page::function`).
pub const HOST_APPLY: &str = "apply";
/// `host.closed()`: the preference center closed without a choice.
pub const HOST_CLOSED: &str = "closed";
/// `host.setLanguage(lang)`: the visitor switched the language in the preference center.
pub const HOST_SET_LANGUAGE: &str = "setLanguage";

/// The loader's `loadApp(later)`: with `later` true, the app is instantiated after the page's
/// next paint (a choice's frame is drawn before the app's start).
pub const LOADER_LOAD: &str = "loadApp";
/// The loader's `prefetchApp(now)`: the app compiled and instantiated (not started) once the
/// banner is visible and the page idle, or at once with `now` true (the visitor points at
/// Settings).
pub const LOADER_PREFETCH: &str = "prefetchApp";
/// Set to `true` by the loader once it has instantiated the app (at idle, after the prefetch):
/// `loadApp(false)` then resolves within the caller's task, before any frame.
pub const LOADER_APP_READY: &str = "appReady";
/// Set by a loader that holds the catalogue's services (automatic blocking): what it held, in the
/// order the page inserted it (an array: the scripts are released in its order; the shadow roots
/// of its elements, and of the places markup it held went to, are searched besides the
/// document; its `wake`, which the first layer sets, is called after each element held); the
/// first layer then also deletes those services' cookies on refusal (`crate::cleanup::deletions`).
pub const LOADER_AUTOBLOCK: &str = "autoblock";
/// The loader's `text(key)`: a promise of the text of the file of its table named `key` (fetched
/// with its integrity).
pub const LOADER_TEXT: &str = "text";
/// The key, in the loader's file table, of every country's Kazakh name (`crate::country::kk_file`).
pub const FILE_COUNTRIES_KK: &str = "countries_kk";
/// The loader's `consentMode(states, always)`: it sends Google Consent Mode's update with the
/// states the first layer computed (the script embed); without it the first layer calls the
/// page's `gtag()`.
pub const LOADER_CONSENT_MODE: &str = "consentMode";
/// The loader's `remember(answer)`: stores the answer the loader repeats on the next page, the
/// object of [`crate::early`] without `build` (the loader adds its build id); an answer with only
/// `config` removes it.
pub const LOADER_REMEMBER: &str = "remember";
