//! The site's own forms that ask for consent to the processing of personal data
//! (`<form data-kelisim-form="<id>">`, purposes in the configuration's `forms`).
//!
//! The first layer only notices that the page has such a form (then loads this app, and holds
//! the form's submission until the app has taken it over); everything else is here:
//! - each purpose gets, in the form's light DOM, one checkbox (never pre-ticked,
//!   `data-kelisim-purpose="<purpose id>"`), a one-line label and a button opening the full text
//!   of the consent ([`crate::processing::consent_text`]) in a modal `<dialog>`; the rows go
//!   where the form has an element `[data-kelisim-consents]`, else before its first submit button,
//!   else at its end;
//! - a required purpose left unticked makes its checkbox invalid (`required` and
//!   `setCustomValidity` with the Fluent message): the browser's constraint validation blocks the
//!   submission and focuses it; a `novalidate` form is checked here (`reportValidity`);
//! - on `submit` (a capturing listener on the document, so it runs before the site's own
//!   handlers), each ticked purpose becomes a consent record (through the outbox) and the form
//!   gets a hidden input `kelisim-consent-<purpose id>` whose value is the record id; on
//!   `formdata` (a script's `new FormData(form)`) the same fields are appended when missing;
//! - a form added later, or marked later, is found by a `MutationObserver`;
//! - a form whose configuration is wrong (no such form id, an invalid `forms`) cannot be
//!   submitted: a console error names the key, and a message in the form says why.
//!
//! The consents given are kept in local storage (one key each, [`crate::processing::Given`]) for
//! the preference center, which withdraws them ([`withdraw`]). `window.kelisim` gains
//! `processingConsents`, `processingText`, `giveProcessingConsent`, `withdrawProcessingConsent`
//! and `processingConsentsGiven`; `kelisim:processing` events tell the site.
//!
//! The runtime is here (the page's forms; the configuration's `forms` is kept by the [`App`],
//! which every handler holds); `dom` builds the rows, `dialog` shows a consent's text, `submit`
//! handles submissions, `store` keeps the consents given, `api` extends `window.kelisim`.

mod api;
mod dialog;
mod dom;
mod store;
mod submit;

use super::delivery;
use super::state::App;
use crate::config::forms::{read_forms, Forms, Purpose};
use crate::config::Level;
use crate::consent::Surface;
use crate::i18n::{self, id, Lang};
use crate::processing::{self, Checkbox, Given, NotWithdrawable, RecordContext, Step, Tick};
use crate::time::DateTime;
use crate::web::page;
use js_sys::Reflect;
use leptos::prelude::*;
use wasm_bindgen::prelude::*;
use web_sys::{Element, Event};

use api::*;
use dialog::*;
use dom::*;
use store::*;
pub use store::{given_list, withdraw};
use submit::*;

/// What the configuration's `forms` gave.
#[derive(Clone, Debug)]
pub enum Setup {
    /// Valid (possibly empty).
    Ready(Forms),
    /// Invalid: the path of the first error (logged).
    Broken(String),
}

/// Set on a marked form once handled: `ready`, or `broken` (its submission is blocked).
pub const STATE: &str = "data-kelisim-form-state";
const FORM: &str = "data-kelisim-form";
const PURPOSE: &str = "data-kelisim-purpose";
/// On a ticked checkbox whose consent was recorded: the record id and the consent id.
const RECORD: &str = "data-kelisim-record";
const CONSENT: &str = "data-kelisim-consent-id";
/// On the hidden inputs kelisim adds.
const FIELD: &str = "data-kelisim-field";

/// Reads `forms` from the configuration's JSON text, logging its diagnostics.
pub fn read(text: Option<&str>) -> Setup {
    let Some(text) = text else {
        return Setup::Ready(Forms::default());
    };
    let Ok(value) = js_sys::JSON::parse(text) else {
        return Setup::Broken(String::new());
    };
    let (result, diagnostics) = read_forms(&value);
    page::log_diagnostics(&diagnostics, "configuration");
    match result {
        Ok(forms) => Setup::Ready(forms),
        Err(()) => Setup::Broken(
            diagnostics
                .into_iter()
                .find(|d| d.level == Level::Error)
                .map(|d| d.path)
                .unwrap_or_default(),
        ),
    }
}

/// Starts the forms runtime: handles the page's marked forms now and later, and extends
/// `window.kelisim`.
pub fn start(app: App) {
    // The language is the first layer's: it calls `setLanguage` as soon as the app is there (one
    // negotiation, `crate::lang::negotiate`, run once per page).
    let document = page::document();
    let on = |name: &str, f: fn(App, Event)| {
        let cb = Closure::<dyn Fn(Event)>::new(move |e| f(app, e)).into_js_value();
        let _ = document.add_event_listener_with_callback_and_bool(name, cb.unchecked_ref(), true);
    };
    on("submit", on_submit);
    on("formdata", on_formdata);
    let observer = Closure::<dyn Fn()>::new(move || scan(app)).into_js_value();
    let init = web_sys::MutationObserverInit::new();
    init.set_child_list(true);
    init.set_subtree(true);
    init.set_attributes(true);
    init.set_attribute_filter(&js_sys::Array::of1(&FORM.into()));
    if let Ok(observer) = web_sys::MutationObserver::new(observer.unchecked_ref()) {
        let _ = observer.observe_with_options(&document, &init);
    }
    adopt_style();
    install_api(app);
    scan(app);
    // The language may change later (the banner's or the preference center's switch).
    Effect::new(move |_| {
        let _ = app.lang.get();
        relabel(app);
    });
}

/// The forms' stylesheet (`style/forms.css`, no specificity), adopted by the document once.
fn adopt_style() {
    let document = page::document();
    let Ok(sheet) = web_sys::CssStyleSheet::new() else {
        return;
    };
    if sheet
        .replace_sync(include_str!(concat!(env!("OUT_DIR"), "/forms.css")))
        .is_err()
    {
        return;
    }
    let Ok(sheets) = Reflect::get(&document, &"adoptedStyleSheets".into()) else {
        return;
    };
    let list = js_sys::Array::from(&sheets);
    list.push(&sheet);
    let _ = Reflect::set(&document, &"adoptedStyleSheets".into(), &list);
}

/// `f` of the configuration's `forms`, when they are valid.
fn with_forms<R>(app: App, f: impl FnOnce(&Forms) -> Option<R>) -> Option<R> {
    app.forms.with_value(|setup| match setup {
        Setup::Ready(forms) => f(forms),
        Setup::Broken(_) => None,
    })
}

fn all(selector: &str) -> Vec<Element> {
    let Ok(list) = page::document().query_selector_all(selector) else {
        return Vec::new();
    };
    (0..list.length())
        .filter_map(|i| list.item(i))
        .filter_map(|n| n.dyn_into::<Element>().ok())
        .collect()
}

/// A message in the current language (not tracked), or the configuration's override of it.
fn t(app: App, msg: i18n::Msg) -> String {
    app.t_untracked(msg)
}

/// The configured purposes of a ready form.
fn purposes_of(app: App, form: &Element) -> Option<Vec<Purpose>> {
    let id = form.get_attribute(FORM)?;
    with_forms(app, |forms| forms.form(&id).map(|f| f.purposes.clone()))
}

/// The configured purpose of a given consent, if the configuration still has it.
pub fn purpose_of(app: App, given: &Given) -> Option<Purpose> {
    configured(app, &given.form, &given.purpose)
}

fn configured(app: App, form: &str, purpose: &str) -> Option<Purpose> {
    with_forms(app, |forms| forms.purpose(form, purpose).cloned())
}

/// A date as the preference center shows it: `YYYY-MM-DD`.
pub fn day(instant: &str, lang: i18n::Lang) -> String {
    crate::time::parse_instant(instant)
        .map(|t| DateTime::from_unix(t).date_text(lang))
        .unwrap_or_default()
}

/// The name of form `given.form` in `lang` (`forms.<id>.name`), or its id.
pub fn form_name(app: App, given: &Given, lang: i18n::Lang) -> String {
    with_forms(app, |forms| {
        forms.form(&given.form).map(|f| f.display_name(lang))
    })
    .unwrap_or_else(|| given.form.clone())
}
