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

use super::delivery;
use super::state::App;
use crate::config::forms::{read_forms, Forms, Purpose};
use crate::config::Level;
use crate::consent::Surface;
use crate::i18n::{self, id, Lang};
use crate::processing::{self, Change, Checkbox, Facts, Given, NotWithdrawable, Tick};
use crate::time::DateTime;
use crate::web::page;
use js_sys::Reflect;
use leptos::prelude::*;
use std::cell::RefCell;
use wasm_bindgen::prelude::*;
use web_sys::{Element, Event};

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

thread_local! {
    static RUNTIME: RefCell<Option<(App, Setup)>> = const { RefCell::new(None) };
}

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
pub fn start(app: App, setup: Setup) {
    RUNTIME.set(Some((app, setup)));
    // The language is the first layer's: it calls `setLanguage` once the app is there for the
    // forms (negotiating here again would bring `fluent-langneg` into this bundle: 23 KB brotli).
    let document = page::document();
    let on = |name: &str, f: fn(Event)| {
        let cb = Closure::<dyn Fn(Event)>::new(f).into_js_value();
        let _ = document.add_event_listener_with_callback_and_bool(name, cb.unchecked_ref(), true);
    };
    on("submit", on_submit);
    on("formdata", on_formdata);
    let observer = Closure::<dyn Fn()>::new(scan).into_js_value();
    let init = web_sys::MutationObserverInit::new();
    init.set_child_list(true);
    init.set_subtree(true);
    init.set_attributes(true);
    init.set_attribute_filter(&js_sys::Array::of1(&FORM.into()));
    if let Ok(observer) = web_sys::MutationObserver::new(observer.unchecked_ref()) {
        let _ = observer.observe_with_options(&document, &init);
    }
    adopt_style();
    install_api();
    scan();
    // The language may change later (the banner's or the preference center's switch).
    Effect::new(move |_| {
        let _ = app.lang.get();
        relabel();
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

fn runtime() -> Option<(App, Setup)> {
    RUNTIME.with_borrow(Clone::clone)
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

/// Handles every marked form not handled yet.
fn scan() {
    let Some((app, setup)) = runtime() else {
        return;
    };
    for form in all("form[data-kelisim-form]:not([data-kelisim-form-state])") {
        let id = form.get_attribute(FORM).unwrap_or_default();
        let found = match &setup {
            Setup::Broken(key) => Err(key.clone()),
            Setup::Ready(forms) => forms.form(&id).cloned().ok_or_else(|| {
                let key = ["forms.", id.as_str()].concat();
                page::error(
                    &[
                        "kelisim: configuration invalid `",
                        &key,
                        "`: the page has a form data-kelisim-form=\"",
                        &id,
                        "\" and the configuration's `forms` has no such form; the form cannot be submitted",
                    ]
                    .concat(),
                );
                key
            }),
        };
        match found {
            Ok(config) => attach(app, &form, &config.purposes),
            Err(key) => broken(app, &form, &key),
        }
    }
}

/// A message in the current language (not tracked), or the configuration's override of it.
fn t(app: App, msg: i18n::Msg) -> String {
    app.t_untracked(msg)
}

/// Adds the purposes' rows to a form.
fn attach(app: App, form: &Element, purposes: &[Purpose]) {
    let form_id = form.get_attribute(FORM).unwrap_or_default();
    let n = all("form[data-kelisim-form-state]").len();
    let container = page::element("div", "kelisim-consents");
    let _ = container.set_attribute("data-kelisim-consents-for", &form_id);
    for p in purposes {
        let row = page::element("div", "kelisim-consent");
        let _ = row.set_attribute("data-kelisim-consent", &p.id);
        let box_id = ["kelisim-", &form_id, "-", &p.id, "-", &n.to_string()].concat();
        let input = page::element("input", "kelisim-consent-checkbox");
        let _ = input.set_attribute("type", "checkbox");
        let _ = input.set_attribute("id", &box_id);
        let _ = input.set_attribute(PURPOSE, &p.id);
        if p.required {
            let _ = input.set_attribute("required", "");
            let _ = input.set_attribute("aria-required", "true");
        }
        let on_change = Closure::<dyn Fn(Event)>::new(|e: Event| {
            if let Some(input) = e.target().and_then(|t| t.dyn_into::<Element>().ok()) {
                // A new tick is a new consent.
                let _ = input.remove_attribute(RECORD);
                let _ = input.remove_attribute(CONSENT);
                if let Some((app, _)) = runtime() {
                    validity(app, &input);
                }
            }
        })
        .into_js_value();
        let _ = input.add_event_listener_with_callback("change", on_change.unchecked_ref());
        let label = page::element("label", "kelisim-consent-label");
        let _ = label.set_attribute("for", &box_id);
        let more = page::element("button", "kelisim-consent-more");
        let _ = more.set_attribute("type", "button");
        let _ = more.set_attribute("aria-haspopup", "dialog");
        let _ = more.set_attribute("data-kelisim-action", "consent-text");
        let on_more = Closure::<dyn Fn(Event)>::new(|e: Event| {
            if let Some(button) = e
                .current_target()
                .and_then(|t| t.dyn_into::<Element>().ok())
            {
                show_text(&button);
            }
        })
        .into_js_value();
        let _ = more.add_event_listener_with_callback("click", on_more.unchecked_ref());
        let _ = row.append_child(&input);
        let _ = row.append_child(&label);
        let _ = row.append_child(&more);
        let _ = container.append_child(&row);
    }
    place(form, &container);
    let _ = form.set_attribute(STATE, "ready");
    label_form(app, form);
}

/// Puts kelisim's element into the form: into `[data-kelisim-consents]`, else before the first
/// submit button, else at the end.
fn place(form: &Element, el: &Element) {
    if let Ok(Some(slot)) = form.query_selector("[data-kelisim-consents]") {
        let _ = slot.append_child(el);
        return;
    }
    let submit = form
        .query_selector("button[type=submit], button:not([type]), input[type=submit]")
        .ok()
        .flatten();
    match submit
        .as_ref()
        .and_then(|b| b.parent_node().map(|p| (b, p)))
    {
        Some((button, parent)) => {
            let _ = parent.insert_before(el, Some(button));
        }
        None => {
            let _ = form.append_child(el);
        }
    }
}

/// A marked form kelisim cannot serve: its submission is blocked, and it says why.
fn broken(app: App, form: &Element, key: &str) {
    let note = page::element("p", "kelisim-consent-error");
    let _ = note.set_attribute("role", "alert");
    let _ = note.set_attribute("data-kelisim-error", key);
    let _ = note.set_attribute("tabindex", "-1");
    place(form, &note);
    let _ = form.set_attribute(STATE, "broken");
    label_form(app, form);
}

/// Writes a form's texts in the current language.
fn label_form(app: App, form: &Element) {
    let lang = app.lang.get_untracked();
    if let Ok(Some(note)) = form.query_selector(".kelisim-consent-error") {
        let key = note.get_attribute("data-kelisim-error").unwrap_or_default();
        // Without the operator's BIN (law 94-V Art. 8(4)) the form says so in plain words.
        let text = match key.as_str() {
            "operator.bin" => t(app, id::PROCESSING_NO_BIN),
            _ => i18n::format(lang, &t(app, id::PROCESSING_BROKEN), &[("key", &key)]),
        };
        note.set_text_content(Some(&text));
    }
    let Some(p) = purposes_of(form) else { return };
    for row in rows(form) {
        let Some(purpose) = p
            .iter()
            .find(|p| Some(&p.id) == row.get_attribute("data-kelisim-consent").as_ref())
        else {
            continue;
        };
        let label = app
            .config
            .with_value(|c| processing::label(c, purpose, lang));
        if let Ok(Some(el)) = row.query_selector("label") {
            el.set_text_content(Some(&label));
            if purpose.required {
                let mark = page::element("span", "kelisim-consent-required");
                mark.set_text_content(Some(&[" ", &t(app, id::PROCESSING_REQUIRED)].concat()));
                let _ = el.append_child(&mark);
            }
        }
        if let Ok(Some(more)) = row.query_selector("button") {
            more.set_text_content(Some(&t(app, id::PROCESSING_MORE)));
        }
        if let Ok(Some(input)) = row.query_selector("input") {
            validity(app, &input);
        }
    }
}

fn relabel() {
    if let Some((app, _)) = runtime() {
        for form in all("form[data-kelisim-form-state]") {
            label_form(app, &form);
        }
    }
}

fn rows(form: &Element) -> Vec<Element> {
    let Ok(list) = form.query_selector_all(".kelisim-consent[data-kelisim-consent]") else {
        return Vec::new();
    };
    (0..list.length())
        .filter_map(|i| list.item(i))
        .filter_map(|n| n.dyn_into::<Element>().ok())
        .collect()
}

/// The configured purposes of a ready form.
fn purposes_of(form: &Element) -> Option<Vec<Purpose>> {
    let (_, setup) = runtime()?;
    let Setup::Ready(forms) = setup else {
        return None;
    };
    let id = form.get_attribute(FORM)?;
    forms.form(&id).map(|f| f.purposes.clone())
}

fn checked(input: &Element) -> bool {
    Reflect::get(input, &"checked".into()).is_ok_and(|v| v.is_truthy())
}

/// A required purpose's checkbox is invalid until ticked, with the Fluent message.
fn validity(app: App, input: &Element) {
    if !input.has_attribute("required") {
        return;
    }
    let message = if checked(input) {
        String::new()
    } else {
        t(app, id::PROCESSING_REQUIRED_MESSAGE)
    };
    page::call(input, "setCustomValidity", &[message.into()]);
}

/// Opens the full text of a purpose's consent in a modal dialog.
fn show_text(button: &Element) {
    let Some((app, _)) = runtime() else { return };
    let Some(row) = button.closest(".kelisim-consent").ok().flatten() else {
        return;
    };
    let Some(form) = row.closest("form").ok().flatten() else {
        return;
    };
    let purpose_id = row
        .get_attribute("data-kelisim-consent")
        .unwrap_or_default();
    let Some(purpose) = purposes_of(&form).and_then(|p| p.into_iter().find(|p| p.id == purpose_id))
    else {
        return;
    };
    let lang = app.lang.get_untracked();
    let lines = app
        .config
        .with_value(|c| processing::consent_text(c, &purpose, lang));
    if let Ok(Some(old)) = row.query_selector("dialog") {
        old.remove();
    }
    let dialog = page::element("dialog", "kelisim-consent-dialog");
    let title_id = [
        button
            .previous_element_sibling()
            .map(|l| l.get_attribute("for").unwrap_or_default())
            .unwrap_or_default()
            .as_str(),
        "-title",
    ]
    .concat();
    let _ = dialog.set_attribute("aria-labelledby", &title_id);
    let _ = dialog.set_attribute("lang", lang.code());
    let _ = dialog.set_attribute("data-kelisim-consent-text", &purpose_id);
    let _ = dialog.set_attribute("data-kelisim-sha256", &processing::text_sha256(&lines));
    let h = page::element("h2", "kelisim-consent-dialog-title");
    let _ = h.set_attribute("id", &title_id);
    h.set_text_content(lines.first().map(String::as_str));
    let _ = dialog.append_child(&h);
    for line in lines.iter().skip(1) {
        let p = page::element("p", "");
        p.set_text_content(Some(line));
        let _ = dialog.append_child(&p);
    }
    let close = page::element("button", "kelisim-consent-close");
    let _ = close.set_attribute("type", "button");
    let _ = close.set_attribute("data-kelisim-action", "close");
    close.set_text_content(Some(&t(app, id::ACTION_CLOSE)));
    let on_close = Closure::<dyn Fn(Event)>::new(|e: Event| {
        if let Some(d) = e
            .current_target()
            .and_then(|t| t.dyn_into::<Element>().ok())
            .and_then(|b| b.closest("dialog").ok().flatten())
        {
            page::call(&d, "close", &[]);
        }
    })
    .into_js_value();
    let _ = close.add_event_listener_with_callback("click", on_close.unchecked_ref());
    let _ = dialog.append_child(&close);
    // Focus goes back to the button that opened it.
    let opener = button.clone();
    let on_closed = Closure::<dyn Fn()>::new(move || {
        if let Some(b) = opener.dyn_ref::<web_sys::HtmlElement>() {
            let _ = b.focus();
        }
    })
    .into_js_value();
    let _ = dialog.add_event_listener_with_callback("close", on_closed.unchecked_ref());
    let _ = row.append_child(&dialog);
    page::call(&dialog, "showModal", &[]);
}

fn target_form(e: &Event) -> Option<Element> {
    let form = e.target()?.dyn_into::<Element>().ok()?;
    (form.tag_name().eq_ignore_ascii_case("form") && form.has_attribute(FORM)).then_some(form)
}

fn block(e: &Event) {
    e.prevent_default();
    e.stop_immediate_propagation();
}

fn on_submit(e: Event) {
    let Some(form) = target_form(&e) else { return };
    match form.get_attribute(STATE).as_deref() {
        Some("ready") => {}
        Some("broken") => {
            block(&e);
            if let Ok(Some(note)) = form.query_selector(".kelisim-consent-error") {
                if let Some(n) = note.dyn_ref::<web_sys::HtmlElement>() {
                    let _ = n.focus();
                }
            }
            return;
        }
        _ => {
            block(&e);
            return;
        }
    }
    let Some((app, _)) = runtime() else { return };
    // A `novalidate` form, or a script's requestSubmit(): check the required purposes here.
    let inputs = inputs(&form);
    for input in &inputs {
        validity(app, input);
    }
    let read = read_boxes(&inputs);
    let purposes = purposes_of(&form).unwrap_or_default();
    if let Some(input) = processing::blocking(&purposes, &checkboxes(&read)).map(|i| &inputs[i]) {
        block(&e);
        if let Some(i) = input.dyn_ref::<web_sys::HtmlElement>() {
            let _ = i.focus();
        }
        page::call(input, "reportValidity", &[]);
        return;
    }
    let given = give(app, &form, Surface::Form);
    // The hidden fields: one per ticked purpose, none for the others.
    for old in form_fields(&form) {
        old.remove();
    }
    for (purpose, record_id) in given {
        let field = page::element("input", "");
        let _ = field.set_attribute("type", "hidden");
        let _ = field.set_attribute("name", &processing::field_name(&purpose));
        let _ = field.set_attribute("value", &record_id);
        let _ = field.set_attribute(FIELD, "");
        let _ = form.append_child(&field);
    }
}

fn on_formdata(e: Event) {
    let Some(form) = target_form(&e) else { return };
    if form.get_attribute(STATE).as_deref() != Some("ready") {
        return;
    }
    let Some((app, _)) = runtime() else { return };
    let data = Reflect::get(&e, &"formData".into()).unwrap_or(JsValue::UNDEFINED);
    for (purpose, record_id) in give(app, &form, Surface::Form) {
        let name: JsValue = processing::field_name(&purpose).into();
        if !page::call(&data, "has", std::slice::from_ref(&name)).is_truthy() {
            page::call(&data, "append", &[name, record_id.into()]);
        }
    }
}

fn inputs(form: &Element) -> Vec<Element> {
    let Ok(list) = form.query_selector_all("input.kelisim-consent-checkbox[data-kelisim-purpose]")
    else {
        return Vec::new();
    };
    (0..list.length())
        .filter_map(|i| list.item(i))
        .filter_map(|n| n.dyn_into::<Element>().ok())
        .collect()
}

fn form_fields(form: &Element) -> Vec<Element> {
    let Ok(list) = form.query_selector_all("input[data-kelisim-field]") else {
        return Vec::new();
    };
    (0..list.length())
        .filter_map(|i| list.item(i))
        .filter_map(|n| n.dyn_into::<Element>().ok())
        .collect()
}

/// Each checkbox's purpose id, tick, and the record its tick made.
fn read_boxes(inputs: &[Element]) -> Vec<(String, bool, Option<String>)> {
    inputs
        .iter()
        .map(|input| {
            (
                input.get_attribute(PURPOSE).unwrap_or_default(),
                checked(input),
                input.get_attribute(RECORD),
            )
        })
        .collect()
}

fn checkboxes(read: &[(String, bool, Option<String>)]) -> Vec<Checkbox<'_>> {
    read.iter()
        .map(|(purpose, ticked, record)| Checkbox {
            purpose,
            ticked: *ticked,
            record: record.as_deref(),
        })
        .collect()
}

/// The record ids of the form's ticked purposes, `(purpose id, record id)`; a ticked purpose
/// without a record gets one now (given, delivered, kept for the preference center); see
/// [`processing::ticked`].
fn give(app: App, form: &Element, surface: Surface) -> Vec<(String, String)> {
    let form_id = form.get_attribute(FORM).unwrap_or_default();
    let Some(purposes) = purposes_of(form) else {
        return Vec::new();
    };
    let inputs = inputs(form);
    let read = read_boxes(&inputs);
    processing::ticked(&purposes, &checkboxes(&read))
        .into_iter()
        .map(|(i, tick)| match tick {
            Tick::Kept(record_id) => (read[i].0.clone(), record_id.to_owned()),
            Tick::Give(purpose) => {
                let given = record_given(app, &form_id, purpose, surface);
                let _ = inputs[i].set_attribute(RECORD, &given.record_id);
                let _ = inputs[i].set_attribute(CONSENT, &given.consent_id);
                (purpose.id.clone(), given.record_id)
            }
        })
        .collect()
}

fn facts(consent_id: String, previous: Option<String>) -> Facts {
    let window = page::window();
    Facts {
        record_id: page::uuid(),
        consent_id,
        previous_record_id: previous,
        now: page::now(),
        page_url: window.location().href().unwrap_or_default(),
        user_agent: window.navigator().user_agent().unwrap_or_default(),
        gpc: page::global_privacy_control(),
    }
}

fn cookie_name(app: App) -> String {
    app.config.with_value(|c| c.cookie.name.clone())
}

/// Records a processing consent just given: outbox, local storage, event.
fn record_given(app: App, form_id: &str, purpose: &Purpose, surface: Surface) -> Given {
    let lang = app.lang.get_untracked();
    let facts = facts(page::uuid(), None);
    let record = app.config.with_value(|c| {
        processing::record(c, form_id, purpose, lang, Change::Given(surface), &facts)
    });
    delivery::send_record(app, &record);
    let given = Given {
        consent_id: facts.consent_id.clone(),
        record_id: facts.record_id.clone(),
        form: form_id.to_owned(),
        purpose: purpose.id.clone(),
        given: record.client_time.clone(),
        language: lang.code().to_owned(),
        withdrawn: None,
    };
    store(app, &given);
    event("given", &given);
    given
}

fn store(app: App, given: &Given) {
    let key = processing::storage_key(&given.consent_id, &cookie_name(app));
    if let (Some(storage), Ok(text)) = (page::storage(), serde_json::to_string(given)) {
        if storage.set_item(&key, &text).is_err() {
            page::error("kelisim: cannot keep the processing consent in local storage; the preference center will not list it");
        }
    }
}

/// The processing consents given on this device, oldest first.
pub fn given_list(app: App) -> Vec<Given> {
    let name = cookie_name(app);
    let storage = page::storage();
    let mut list: Vec<Given> = page::storage_keys(|k| processing::is_storage_key(k, &name))
        .into_iter()
        .filter_map(|k| storage.as_ref()?.get_item(&k).ok().flatten())
        .filter_map(|text| serde_json::from_str(&text).ok())
        .collect();
    list.sort_by(|a, b| a.given.cmp(&b.given));
    list
}

/// The configured purpose of a given consent, if the configuration still has it.
pub fn purpose_of(given: &Given) -> Option<Purpose> {
    let (_, setup) = runtime()?;
    let Setup::Ready(forms) = setup else {
        return None;
    };
    forms.purpose(&given.form, &given.purpose).cloned()
}

/// Withdraws processing consent `consent_id`: a `withdrawn` record with the same consent id,
/// delivered like every record, and a `kelisim:processing` event. `false` when there is no such
/// consent, it was withdrawn already, or its purpose is no longer configured.
pub fn withdraw(app: App, consent_id: &str, surface: Surface) -> bool {
    let forms = match runtime() {
        Some((_, Setup::Ready(forms))) => forms,
        _ => Forms::default(),
    };
    let (mut given, purpose) = match processing::withdrawable(&forms, &given_list(app), consent_id)
    {
        Ok(found) => found,
        Err(NotWithdrawable::NotGiven) => return false,
        Err(NotWithdrawable::NotConfigured) => {
            page::error(&[
            "kelisim: the processing consent ",
            consent_id,
            " cannot be withdrawn here: its purpose is no longer in the configuration's `forms`; write to the operator",
        ]
        .concat());
            return false;
        }
    };
    let lang = Lang::from_code(&given.language).unwrap_or(Lang::Kk);
    let facts = facts(given.consent_id.clone(), Some(given.record_id.clone()));
    let record = app.config.with_value(|c| {
        processing::record(
            c,
            &given.form,
            purpose,
            lang,
            Change::Withdrawn(surface),
            &facts,
        )
    });
    delivery::send_record(app, &record);
    given.record_id = facts.record_id;
    given.withdrawn = Some(record.client_time);
    store(app, &given);
    event("withdrawn", &given);
    // The form on this page forgets the tick's record: ticking again is a new consent.
    for input in all(&["input[", CONSENT, "=\"", consent_id, "\"]"].concat()) {
        let _ = input.remove_attribute(RECORD);
        let _ = input.remove_attribute(CONSENT);
        page::set(&input, "checked", &false.into());
        validity(app, &input);
    }
    true
}

fn given_js(g: &Given) -> JsValue {
    let o = js_sys::Object::new();
    page::set(&o, "consentId", &g.consent_id.as_str().into());
    page::set(&o, "recordId", &g.record_id.as_str().into());
    page::set(&o, "form", &g.form.as_str().into());
    page::set(&o, "purpose", &g.purpose.as_str().into());
    page::set(&o, "given", &g.given.as_str().into());
    page::set(&o, "language", &g.language.as_str().into());
    page::set(
        &o,
        "withdrawn",
        &g.withdrawn.as_deref().map_or(JsValue::NULL, Into::into),
    );
    o.into()
}

/// `kelisim:processing` with `{ event, form, purpose, consentId, recordId, … }`.
fn event(name: &str, given: &Given) {
    let detail = given_js(given);
    page::set(&detail, "event", &name.into());
    page::dispatch("kelisim:processing", &detail);
}

fn api_method(api: &JsValue, name: &str, f: impl Fn(JsValue, JsValue) -> JsValue + 'static) {
    page::set(
        api,
        name,
        &Closure::<dyn Fn(JsValue, JsValue) -> JsValue>::new(f).into_js_value(),
    );
}

/// The first marked form with this id on the page.
fn form_by_id(id: &str) -> Option<Element> {
    all("form[data-kelisim-form]")
        .into_iter()
        .find(|f| f.get_attribute(FORM).as_deref() == Some(id))
}

fn configured(form: &str, purpose: &str) -> Option<Purpose> {
    let (_, setup) = runtime()?;
    let Setup::Ready(forms) = setup else {
        return None;
    };
    forms.purpose(form, purpose).cloned()
}

/// Adds the forms' methods to `window.kelisim`.
fn install_api() {
    let Ok(api) = Reflect::get(&page::window(), &"kelisim".into()) else {
        return;
    };
    if !api.is_object() {
        return;
    }
    // processingConsents(formId): { purposeId: recordId } of the ticked purposes (recorded now
    // when not yet); without an id, { formId: { … } } for every ready form.
    api_method(&api, "processingConsents", |form_id, _| {
        let Some((app, _)) = runtime() else {
            return JsValue::NULL;
        };
        let of = |form: &Element| {
            let o = js_sys::Object::new();
            for (purpose, record) in give(app, form, Surface::Api) {
                page::set(&o, &purpose, &record.into());
            }
            JsValue::from(o)
        };
        match form_id.as_string() {
            Some(id) => form_by_id(&id)
                .filter(|f| f.get_attribute(STATE).as_deref() == Some("ready"))
                .map_or(JsValue::NULL, |f| of(&f)),
            None => {
                let all_forms = js_sys::Object::new();
                for f in all("form[data-kelisim-form-state=\"ready\"]") {
                    page::set(
                        &all_forms,
                        &f.get_attribute(FORM).unwrap_or_default(),
                        &of(&f),
                    );
                }
                all_forms.into()
            }
        }
    });
    // processingText(formId, purposeId): { lines, sha256, label, required } in the current
    // language: what a site that draws its own checkbox must show.
    api_method(&api, "processingText", |form, purpose| {
        let (Some((app, _)), Some(form), Some(purpose)) =
            (runtime(), form.as_string(), purpose.as_string())
        else {
            return JsValue::NULL;
        };
        let Some(p) = configured(&form, &purpose) else {
            page::error(
                &[
                    "kelisim: processingText: no purpose `",
                    &purpose,
                    "` in `forms.",
                    &form,
                    "`",
                ]
                .concat(),
            );
            return JsValue::NULL;
        };
        let lang = app.lang.get_untracked();
        let lines = app
            .config
            .with_value(|c| processing::consent_text(c, &p, lang));
        let o = js_sys::Object::new();
        page::set(&o, "sha256", &processing::text_sha256(&lines).into());
        page::set(
            &o,
            "label",
            &lines.get(1).cloned().unwrap_or_default().into(),
        );
        page::set(&o, "required", &p.required.into());
        page::set(&o, "language", &lang.code().into());
        let arr: js_sys::Array = lines.iter().map(|l| JsValue::from(l.as_str())).collect();
        page::set(&o, "lines", &arr);
        o.into()
    });
    // giveProcessingConsent(formId, purposeId): records a consent the visitor gave in the site's
    // own interface (after seeing processingText); the record id, or null.
    api_method(&api, "giveProcessingConsent", |form, purpose| {
        let (Some((app, _)), Some(form), Some(purpose)) =
            (runtime(), form.as_string(), purpose.as_string())
        else {
            return JsValue::NULL;
        };
        match configured(&form, &purpose) {
            Some(p) => record_given(app, &form, &p, Surface::Api).record_id.into(),
            None => {
                page::error(
                    &[
                        "kelisim: giveProcessingConsent: no purpose `",
                        &purpose,
                        "` in `forms.",
                        &form,
                        "`",
                    ]
                    .concat(),
                );
                JsValue::NULL
            }
        }
    });
    // withdrawProcessingConsent(consentId): true when withdrawn.
    api_method(&api, "withdrawProcessingConsent", |consent, _| {
        match (runtime(), consent.as_string()) {
            (Some((app, _)), Some(id)) => withdraw(app, &id, Surface::Api).into(),
            _ => false.into(),
        }
    });
    // processingConsentsGiven(): the consents given on this device.
    api_method(&api, "processingConsentsGiven", |_, _| {
        let Some((app, _)) = runtime() else {
            return JsValue::NULL;
        };
        given_list(app)
            .iter()
            .map(given_js)
            .collect::<js_sys::Array>()
            .into()
    });
    page::dispatch("kelisim:forms-ready", &JsValue::NULL);
}

/// A date as the preference center shows it: `YYYY-MM-DD`.
pub fn day(instant: &str, lang: i18n::Lang) -> String {
    crate::time::parse_instant(instant)
        .map(|t| DateTime::from_unix(t).date_text(lang))
        .unwrap_or_default()
}

/// The name of form `given.form` in `lang` (`forms.<id>.name`), or its id.
pub fn form_name(given: &Given, lang: i18n::Lang) -> String {
    runtime()
        .and_then(|(_, setup)| match setup {
            Setup::Ready(forms) => forms.form(&given.form).map(|f| f.display_name(lang)),
            Setup::Broken(_) => None,
        })
        .unwrap_or_else(|| given.form.clone())
}
