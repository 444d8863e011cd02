//! The running banner: configuration, reactive state and the actions a visitor or the API takes.
//!
//! [`App`] is `Copy` (its parts are Leptos signals and a stored value), so the view and the
//! `window.kelisim` API share one instance. Every decision is delegated to the pure core
//! ([`crate::consent`], [`crate::cookie`], [`crate::lang`]); this module only applies it.

use super::page;
use crate::config::Config;
use crate::consent::{self, Choice, Consent, Stored};
use crate::cookie::{self, Attributes};
use crate::i18n::{self, Lang, Msg};
use crate::record::RecordEvent;
use crate::recording::Context;
use leptos::prelude::*;
use std::cell::RefCell;
use std::collections::BTreeSet;
use wasm_bindgen::JsCast;
use web_sys::HtmlElement;

/// What had focus when the preference center opened, to give focus back when it closes.
enum Opener {
    /// An element of the page (e.g. a link with `data-kelisim-open`).
    Page(HtmlElement),
    /// One of kelisim's own buttons, by its `data-kelisim-action` (it is rendered anew).
    Own(String),
}

thread_local! {
    static OPENER: RefCell<Option<Opener>> = const { RefCell::new(None) };
    /// The page elements made `inert` while the preference center is open.
    static INERTED: RefCell<Vec<web_sys::Element>> = const { RefCell::new(Vec::new()) };
}

/// The element that has focus, looking into kelisim's own shadow root.
fn focused_element() -> Option<HtmlElement> {
    let doc = page::document();
    let active = doc.active_element()?;
    let inner = active.shadow_root().and_then(|root| root.active_element());
    inner.unwrap_or(active).dyn_into().ok()
}

fn return_focus(opener: Opener) {
    let el = match opener {
        Opener::Page(el) => Some(el).filter(|el| el.is_connected()),
        Opener::Own(action) => page::document()
            .get_element_by_id("kelisim-root")
            .and_then(|host| host.shadow_root())
            .and_then(|root| {
                root.query_selector(&format!("[data-kelisim-action=\"{action}\"]"))
                    .ok()
                    .flatten()
            })
            .and_then(|el| el.dyn_into().ok()),
    };
    if let Some(el) = el {
        let _ = el.focus();
    }
}

/// Makes everything in `<body>` except kelisim inert (the page behind a modal dialog), or undoes it.
fn set_page_inert(inert: bool) {
    INERTED.with_borrow_mut(|list| {
        for el in list.drain(..) {
            let _ = el.remove_attribute("inert");
        }
        if !inert {
            return;
        }
        let Some(body) = page::document().body() else {
            return;
        };
        let children = body.children();
        for i in 0..children.length() {
            let Some(el) = children.item(i) else { continue };
            if el.id() != "kelisim-root" && !el.has_attribute("inert") && el.tag_name() != "SCRIPT"
            {
                let _ = el.set_attribute("inert", "");
                list.push(el);
            }
        }
    });
}

/// Which screen is shown.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Screen {
    /// Nothing (a valid consent exists, or the visitor closed the settings).
    Hidden,
    /// The first layer: title, text, Accept all / Reject all / Settings.
    Banner,
    /// The list of category switches.
    Settings,
}

/// The banner's state, shared by the view and the API.
#[derive(Clone, Copy)]
pub struct App {
    /// The validated configuration.
    pub config: StoredValue<Config>,
    /// The language shown.
    pub lang: RwSignal<Lang>,
    /// The screen shown.
    pub screen: RwSignal<Screen>,
    /// The visitor's valid consent, if any.
    pub consent: RwSignal<Option<Consent>>,
    /// The switches of the settings screen, before Save.
    pub draft: RwSignal<BTreeSet<String>>,
    /// The browser sends Global Privacy Control: the configuration's `gpc_categories` stay off
    /// unless the visitor switches them on.
    pub gpc: bool,
}

impl App {
    /// Reads the stored consent and negotiates the language; shows the banner when there is no
    /// valid consent.
    pub fn new(config: Config) -> App {
        let stored = consent::read_stored(&page::cookies(), &config, page::now());
        let valid = match stored {
            Stored::Valid(c) => Some(c),
            Stored::Invalid(reason) => {
                page::warn(&format!("kelisim: asking again: {reason}"));
                None
            }
            Stored::Missing => None,
        };
        let html_lang = page::html_lang();
        let navigator = page::navigator_languages();
        let lang = crate::lang::negotiate(&crate::lang::Inputs {
            forced: config.language,
            offered: &config.languages,
            remembered: valid.as_ref().map(|c| c.language),
            html_lang: html_lang.as_deref(),
            navigator: &navigator,
        });
        let screen = if valid.is_some() {
            Screen::Hidden
        } else {
            Screen::Banner
        };
        App {
            config: StoredValue::new(config),
            lang: RwSignal::new(lang),
            screen: RwSignal::new(screen),
            consent: RwSignal::new(valid),
            draft: RwSignal::new(BTreeSet::new()),
            gpc: page::global_privacy_control(),
        }
    }

    /// A message in the current language, or the configuration's override of it (reactive).
    pub fn t(&self, msg: Msg) -> String {
        let lang = self.lang.get();
        self.config
            .with_value(|c| match c.texts.get(i18n::IDS[msg.0]) {
                Some(text) => text.get(lang).to_owned(),
                None => i18n::text(lang, msg).to_owned(),
            })
    }

    /// A category's name in the current language (reactive): the configuration's `name`, the
    /// built-in one from the locales, or its id.
    pub fn category_name(&self, id: &str) -> String {
        let lang = self.lang.get();
        let own = self.config.with_value(|c| {
            c.category(id)
                .and_then(|cat| cat.name.as_ref())
                .map(|name| name.get(lang).to_owned())
        });
        own.or_else(|| i18n::category_name(id).map(|m| self.t(m)))
            .unwrap_or_else(|| id.to_owned())
    }

    /// The names of the categories Global Privacy Control refuses, when the browser sends it.
    pub fn gpc_note(&self) -> Option<String> {
        if !self.gpc {
            return None;
        }
        let ids = self.config.with_value(|c| c.gpc_categories.clone());
        let names: Vec<String> = ids
            .iter()
            .filter(|id| self.config.with_value(|c| c.category(id).is_some()))
            .map(|id| self.category_name(id))
            .collect();
        (!names.is_empty()).then(|| {
            i18n::fill(
                &self.t(i18n::id::GPC_NOTE),
                &[("categories", &names.join(", "))],
            )
        })
    }

    /// The languages offered by the configuration.
    pub fn languages(&self) -> Vec<Lang> {
        self.config.with_value(|c| c.languages.clone())
    }

    /// Switches the language, if the configuration offers it.
    pub fn set_language(&self, code: &str) -> bool {
        match Lang::from_code(code).filter(|l| self.languages().contains(l)) {
            Some(lang) => {
                self.lang.set(lang);
                true
            }
            None => {
                page::error(&format!(
                    "kelisim: setLanguage: `{code}` is not one of this site's languages"
                ));
                false
            }
        }
    }

    /// Moves to `screen`: the page behind the preference center is inert while it is open, and
    /// focus returns to what opened it when it closes.
    fn go(&self, screen: Screen) {
        let was = self.screen.get_untracked();
        if was == screen {
            return;
        }
        if screen == Screen::Settings {
            OPENER.set(
                focused_element().map(|el| match el.get_attribute("data-kelisim-action") {
                    Some(action)
                        if el.get_root_node()
                            != page::document().unchecked_into::<web_sys::Node>() =>
                    {
                        Opener::Own(action)
                    }
                    _ => Opener::Page(el),
                }),
            );
        }
        set_page_inert(screen == Screen::Settings);
        self.screen.set(screen);
        if was == Screen::Settings {
            if let Some(opener) = OPENER.take() {
                // After the view has rendered the new screen.
                leptos::prelude::set_timeout(
                    move || return_focus(opener),
                    std::time::Duration::ZERO,
                );
            }
        }
    }

    /// Shows the first layer.
    pub fn show(&self) {
        self.go(Screen::Banner);
    }

    /// Opens the preference center with the current choices (or only the required categories)
    /// switched on.
    pub fn show_preferences(&self) {
        let current = match self.consent.get_untracked() {
            Some(c) => c.granted,
            None => self.config.with_value(Config::required_ids),
        };
        self.draft.set(current);
        self.go(Screen::Settings);
    }

    /// Hides whatever is shown; this is not a choice.
    pub fn hide(&self) {
        self.go(Screen::Hidden);
    }

    /// Closes the preference center without choosing: back to the first layer when there is no
    /// consent yet (closing is not consent), else hidden.
    pub fn close_preferences(&self) {
        if self.consent.with_untracked(Option::is_some) {
            self.hide();
        } else {
            self.show();
        }
    }

    /// One-click withdrawal: refuses every category that is not required, deletes the refused
    /// services' cookies, and reloads the page when the configuration asks for it.
    pub fn withdraw(&self, screen: &str) {
        self.choose(Choice::RejectAll, "withdraw", screen);
        if self.config.with_value(|c| c.reload_on_withdraw) {
            let _ = page::window().location().reload();
        }
    }

    /// Whether category `id` is granted now.
    pub fn accepted(&self, id: &str) -> bool {
        self.consent
            .with_untracked(|c| c.as_ref().is_some_and(|c| c.accepted(id)))
    }

    /// The public consent object of `getConsent()`, or `null`.
    pub fn consent_json(&self) -> serde_json::Value {
        match self.consent.get_untracked() {
            Some(c) => self.config.with_value(|cfg| c.to_json(cfg)),
            None => serde_json::Value::Null,
        }
    }

    /// Applies a choice: stores the consent cookie, hides the banner, fires `kelisim:consent`.
    /// `action` is the button or API call it came from (`accept-all`, `save`, `withdraw`…),
    /// `screen` where it was made (`banner`, `settings`, `api`).
    pub fn choose(&self, choice: Choice, action: &str, screen: &str) {
        let previous = self.consent.get_untracked();
        let next = self.config.with_value(|cfg| {
            consent::decide(
                &choice,
                cfg,
                previous.as_ref(),
                self.lang.get_untracked(),
                page::now(),
                || uuid::Uuid::new_v4().to_string(),
            )
        });
        self.store(&next);
        self.delete_refused_cookies(&next.granted);
        self.consent.set(Some(next));
        self.go(Screen::Hidden);
        let event = match (action, &previous) {
            ("withdraw", _) => RecordEvent::Withdrawn,
            (_, Some(_)) => RecordEvent::Updated,
            (_, None) => RecordEvent::Given,
        };
        self.record(event, action, screen);
        let mut detail = self.consent_json();
        detail["event"] = event.as_str().into();
        detail["action"] = action.into();
        detail["screen"] = screen.into();
        detail["gpc"] = self.gpc.into();
        page::dispatch("kelisim:consent", &page::to_js(&detail));
    }

    /// Saves the settings screen's switches.
    pub fn save_draft(&self) {
        self.choose(Choice::Only(self.draft.get_untracked()), "save", "settings");
    }

    /// Builds the consent record of the current consent and hands it to delivery.
    fn record(&self, event: RecordEvent, action: &str, screen: &str) {
        let Some(consent) = self.consent.get_untracked() else {
            return;
        };
        let previous =
            super::delivery::receipt(self).filter(|r| r["consent_id"] == consent.id.as_str());
        let window = page::window();
        let ctx = Context {
            record_id: uuid::Uuid::new_v4().to_string(),
            previous_record_id: previous.and_then(|r| r["record_id"].as_str().map(String::from)),
            page_url: window.location().href().unwrap_or_default(),
            user_agent: window.navigator().user_agent().unwrap_or_default(),
            gpc: self.gpc,
        };
        let record = self
            .config
            .with_value(|cfg| crate::recording::build(cfg, &consent, event, action, screen, &ctx));
        super::delivery::keep(self, record);
    }

    fn delete_refused_cookies(&self, granted: &BTreeSet<String>) {
        let host = page::window().location().hostname().unwrap_or_default();
        let deletions = self.config.with_value(|cfg| {
            crate::cleanup::deletions(cfg, granted, &page::cookies(), &host, page::is_https())
        });
        for deletion in deletions {
            page::set_cookie(&deletion);
        }
    }

    fn store(&self, consent: &Consent) {
        let value = cookie::encode(consent);
        let setting = self.config.with_value(|cfg| {
            let attrs = Attributes {
                domain: cfg.cookie.domain.as_deref(),
                path: "/",
                secure: page::is_https(),
            };
            cookie::set_string(&cfg.cookie.name, &value, consent.expires(), &attrs)
        });
        page::set_cookie(&setting);
    }
}
