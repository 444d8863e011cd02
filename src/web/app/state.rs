//! The app's state, one [`App`] provided by context: the configuration, the language, whether
//! the preference center is open, the visitor's consent (read from the cookie, which the first
//! layer owns) and the switches before Save; and the page's bookkeeping of the app's parts: the
//! forms' setup, the delivery loop's state, the modal dialog's focus. Its actions only reach the
//! first layer through the host object; nothing here decides a choice.

use super::{delivery, focus, forms};
use crate::config::Config;
use crate::consent::{self, Action, Consent, Stored, Surface};
use crate::i18n::{Lang, Msg};
use crate::ids::Ids;
use crate::web::{bridge, page};
use crate::{present, shown};
use leptos::prelude::*;
use wasm_bindgen::JsValue;

/// The app's state (`Copy`: its parts are signals and stored values).
#[derive(Clone, Copy)]
pub struct App {
    /// The validated configuration.
    pub config: StoredValue<Config>,
    /// The language shown.
    pub lang: RwSignal<Lang>,
    /// Whether the preference center is open.
    pub open: RwSignal<bool>,
    /// The visitor's valid consent, if any.
    pub consent: RwSignal<Option<Consent>>,
    /// The switches of the preference center, before Save.
    pub draft: RwSignal<Ids>,
    /// The browser sends Global Privacy Control.
    pub gpc: bool,
    /// The first layer's host object.
    host: StoredValue<JsValue, LocalStorage>,
    /// The configuration's `forms` ([`forms`]).
    pub(super) forms: StoredValue<forms::Setup>,
    /// The delivery loop's state ([`delivery`]).
    pub(super) delivery: StoredValue<delivery::Loop, LocalStorage>,
    /// What opened the preference center and what it made inert ([`focus`]; DOM elements are not
    /// `Send`, hence local storage).
    pub(super) focus: StoredValue<focus::Focus, LocalStorage>,
}

impl App {
    /// The app's state, with the consent read from the cookie.
    pub fn new(config: Config, forms: forms::Setup, host: JsValue) -> App {
        let app = App {
            lang: RwSignal::new(config.languages.first().copied().unwrap_or(Lang::Kk)),
            config: StoredValue::new(config),
            open: RwSignal::new(false),
            consent: RwSignal::new(None),
            draft: RwSignal::new(Ids::new()),
            gpc: page::global_privacy_control(),
            host: StoredValue::new_local(host),
            forms: StoredValue::new(forms),
            delivery: StoredValue::new_local(delivery::Loop::default()),
            focus: StoredValue::new_local(focus::Focus::default()),
        };
        app.reload_consent();
        app
    }

    /// Reads the consent the first layer stored in the cookie.
    pub fn reload_consent(&self) {
        let stored = self
            .config
            .with_value(|c| consent::read_stored(&page::cookies(), c, page::now()));
        self.consent.set(match stored {
            Stored::Valid(c) => Some(c),
            _ => None,
        });
    }

    /// A message in the current language, or the configuration's override of it (reactive).
    pub fn t(&self, msg: Msg) -> String {
        let lang = self.lang.get();
        self.config.with_value(|c| present::text(c, lang, msg))
    }

    /// A message in the current language (not tracked), or the configuration's override of it.
    pub fn t_untracked(&self, msg: Msg) -> String {
        let lang = self.lang.get_untracked();
        self.config.with_value(|c| present::text(c, lang, msg))
    }

    /// A category's name in the current language (reactive): the configuration's `name`, the
    /// built-in one from the locales, or its id.
    pub fn category_name(&self, id: &str) -> String {
        let lang = self.lang.get();
        self.config
            .with_value(|c| present::category_name::<Msg>(c, lang, id))
    }

    /// The names of the categories Global Privacy Control leaves refused, when the browser sends it.
    pub fn gpc_note(&self) -> Option<String> {
        let lang = self.lang.get();
        let consent = self.consent.get();
        self.config
            .with_value(|c| present::gpc_note::<Msg>(c, lang, self.gpc, consent.as_ref()))
    }

    /// The record of the current consent (the receipt), if there is a consent and its record.
    pub fn receipt(&self) -> Option<serde_json::Value> {
        self.consent
            .get_untracked()
            .and_then(|_| delivery::receipt(self))
    }

    /// The processing consents given on this device, oldest first.
    pub fn processing_given(&self) -> Vec<crate::processing::Given> {
        forms::given_list(*self)
    }

    /// The configured purpose of a given processing consent, if the configuration still has it.
    pub fn processing_purpose(
        &self,
        given: &crate::processing::Given,
    ) -> Option<crate::config::forms::Purpose> {
        forms::purpose_of(*self, given)
    }

    /// The name of the form a processing consent was given in, in `lang`, or its id.
    pub fn form_name(&self, given: &crate::processing::Given, lang: Lang) -> String {
        forms::form_name(*self, given, lang)
    }

    /// Withdraws processing consent `consent_id` in the preference center (see
    /// [`forms::withdraw`]).
    pub fn withdraw_processing(&self, consent_id: &str) -> bool {
        forms::withdraw(*self, consent_id, Surface::Settings)
    }

    /// The languages offered by the configuration.
    pub fn languages(&self) -> Vec<Lang> {
        self.config.with_value(|c| c.languages.clone())
    }

    /// The visitor switched the language here: the first layer owns it and tells us back.
    pub fn set_language(&self, lang: Lang) {
        self.host.with_value(|h| {
            page::call(h, bridge::HOST_SET_LANGUAGE, &[lang.code().into()]);
        });
    }

    /// The first layer's language changed.
    pub fn language_changed(&self, code: Option<&str>) {
        if let Some(lang) = code.and_then(Lang::from_code) {
            self.lang.set(lang);
        }
    }

    /// Opens the preference center with the current choices (or only the required categories)
    /// switched on; the page behind is inert and focus moves into the dialog.
    pub fn open(&self, lang: Option<&str>) {
        self.language_changed(lang);
        self.reload_consent();
        let consent = self.consent.get_untracked();
        self.draft.set(
            self.config
                .with_value(|c| shown::switches(c, consent.as_ref())),
        );
        if !self.open.get_untracked() {
            focus::remember_opener(self);
            focus::set_page_inert(self, true);
            self.open.set(true);
        }
    }

    /// Closes the preference center; `tell_host` when it was the visitor's own closing (no
    /// choice), so the first layer shows the banner again. Focus returns to what opened it.
    pub fn close(&self, tell_host: bool) {
        if !self.open.get_untracked() {
            return;
        }
        self.open.set(false);
        focus::set_page_inert(self, false);
        if tell_host {
            self.host.with_value(|h| {
                page::call(h, bridge::HOST_CLOSED, &[]);
            });
        }
        focus::return_focus_soon(self);
    }

    /// A button of the preference center: `accept-all`, `reject-all`, `save` or `withdraw`,
    /// applied by the first layer (which then closes the dialog and refreshes us). `trusted`:
    /// the visitor's own click (else a page script's, recorded as the API's).
    pub fn apply(&self, action: Action, trusted: bool) {
        let ids: js_sys::Array = self
            .draft
            .get_untracked()
            .iter()
            .map(|id| JsValue::from_str(id))
            .collect();
        self.host.with_value(|h| {
            let args = js_sys::Array::of3(
                &action.as_str().into(),
                &Surface::Settings.of_click(trusted).as_str().into(),
                &ids,
            );
            page::call(h, bridge::HOST_APPLY, &[args.into()]);
        });
    }
}
