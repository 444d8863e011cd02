//! The first layer: what every visitor's browser runs, without Leptos.
//!
//! The loader (`loader/kelisim.js`) imports this bundle's glue and calls [`start`] with the
//! configuration's text, the calls queued before the WebAssembly was ready, and a handle to load
//! the app bundle. [`start`] validates the configuration with the core (failing closed on any
//! error), and the [`Shell`] then owns the visitor's consent on this page: it reads the cookie,
//! applies the Global Privacy Control rule, shows the first layer or the floating button
//! (`banner`), takes choices ([`Shell::choose`]: cookie, refused cookies deleted, event,
//! gating, hand-over of the record), answers `window.kelisim` (`api`) and runs gated content
//! (`gate`). What needs a dialog or a record goes to the Leptos app through `link`.

mod api;
mod banner;
mod busy;
mod gate;
mod link;

use super::page;
use crate::config::Config;
use crate::consent::{self, Action, Change, Consent, Public, RecordEvent, Stored, Surface};
use crate::cookie::{self, Attributes};
use crate::handover::{ConfigMark, Handover};
use crate::lang::{self, Lang};
use crate::present;
pub use crate::shown::Shown;
use crate::storage;
use std::cell::{Cell, RefCell};
use std::rc::Rc;
use wasm_bindgen::prelude::*;

/// The running first layer: the one owner of the visitor's consent on this page.
pub struct Shell {
    /// The validated configuration.
    pub config: Config,
    /// The language shown.
    pub lang: Cell<Lang>,
    /// The visitor's valid consent, if any.
    pub consent: RefCell<Option<Consent>>,
    /// The browser sends Global Privacy Control.
    pub gpc: bool,
    /// What is shown.
    pub screen: Cell<Shown>,
    /// The first layer's elements.
    ui: banner::Ui,
    /// Gated scripts and iframes.
    gate: gate::Gate,
    /// The Leptos app, loaded when needed.
    link: link::Link,
}

thread_local! {
    /// The shell of this page (none before start, or when the configuration failed).
    static SHELL: RefCell<Option<Rc<Shell>>> = const { RefCell::new(None) };
}

/// The running shell, if the configuration was valid.
pub fn shell() -> Option<Rc<Shell>> {
    SHELL.with_borrow(Clone::clone)
}

/// Starts kelisim on the page. `config_text` is the configuration's JSON (none: the built-in
/// default), `source` says where it came from (for messages), `load_error` is set when the loader
/// could not fetch it, `queue` holds `[method, arguments]` pairs called before the app was ready,
/// and `loader` loads the app bundle (see [`super::bridge`]).
#[wasm_bindgen]
pub fn start(
    config_text: Option<String>,
    source: String,
    load_error: Option<String>,
    queue: JsValue,
    loader: JsValue,
) {
    let config = match (&load_error, &config_text) {
        (Some(e), _) => {
            let mut message = String::from("kelisim: cannot load the configuration from ");
            message.push_str(&source);
            message.push_str(": ");
            message.push_str(e);
            page::error(&message);
            None
        }
        (None, None) => Some(Config::default()),
        (None, Some(text)) => {
            let (result, diagnostics) = super::json::read_config(text);
            page::log_diagnostics(&diagnostics, &source);
            result.ok()
        }
    };
    run(config, config_text, &queue, loader);
}

/// Runs the first layer with a validated configuration (`None`: it failed, so only the
/// fail-closed API runs), then the queued calls, then fires `kelisim:ready`.
pub fn run(config: Option<Config>, config_text: Option<String>, queue: &JsValue, loader: JsValue) {
    match config {
        None => page::error(
            "kelisim: the configuration has errors, so the banner is off and no category is granted",
        ),
        Some(config) => {
            let shell = Rc::new(Shell::new(config, config_text, loader));
            SHELL.set(Some(shell.clone()));
            if let Err(e) = shell.ui.mount() {
                page::error_with("kelisim: cannot show the banner:", &e);
            }
            shell.single_cookie();
            banner::listen_for_open_links();
            listen_for_other_tabs();
            shell.gate.install(&shell.link.held());
            shell.honour_gpc();
            shell.render();
            shell.gate.update(&shell);
            shell.deliver_pending();
            shell.consent_mode_update(false);
            shell.remember();
        }
    }
    api::install();
    api::run_queue(queue);
    let detail = js_sys::Object::new();
    let shell = shell();
    page::set(&detail, "ok", &shell.is_some().into());
    page::set(
        &detail,
        "consent",
        &shell.map_or(JsValue::NULL, |s| s.public_js()),
    );
    page::dispatch("kelisim:ready", &detail);
}

/// A choice made in another tab of the site reaches this one: its hand-over, written to local
/// storage, fires a `storage` event here; the shell reads the cookie again and shows the same
/// consent (banner hidden, gated content run, `kelisim:consent` fired with the other tab's event
/// and action). The other tab builds and delivers the record.
fn listen_for_other_tabs() {
    let on_storage = page::callback(|e| {
        let Some(shell) = shell() else { return };
        let (key, value) = (page::get(&e, "key"), page::get(&e, "newValue"));
        let (Some(key), Some(value)) = (key.as_string(), value.as_string()) else {
            return;
        };
        if !storage::is_choice_key(&key, &shell.config.cookie.name) {
            return;
        }
        if let Some(h) = Handover::decode(&value) {
            shell.adopt_stored(&h);
        }
    });
    let _ = page::window().add_event_listener_with_callback("storage", on_storage.unchecked_ref());
}

/// Adopts hand-over `h` once the cookie holds its consent, looking again every 100 ms at most
/// `tries` more times.
fn adopt_when_stored(h: Handover, tries: u32) {
    let Some(shell) = shell() else { return };
    if shell.adopt_if_stored(&h) || tries == 0 {
        return;
    }
    let again = page::callback(move |_| adopt_when_stored(h.clone(), tries - 1));
    let _ = page::window()
        .set_timeout_with_callback_and_timeout_and_arguments_0(again.unchecked_ref(), 100);
}

impl Shell {
    /// Takes over the consent another tab stored (see `listen_for_other_tabs`), once the
    /// browser's cookies hold it: a hand-over is only a message, which any script of the site
    /// can write, and never grants by itself. The consent is the newest valid consent cookie
    /// ([`consent::read_newest`]) and must be the hand-over's; the other tab wrote the cookie
    /// before the hand-over, but a browser may show it to this tab a little later, so the cookie
    /// is read again a few times (for about a second) before the hand-over is ignored.
    fn adopt_stored(&self, h: &Handover) {
        adopt_when_stored(h.clone(), 10);
    }

    /// [`Shell::adopt_stored`] once the cookie holds the hand-over's consent (`false`: not yet).
    fn adopt_if_stored(&self, h: &Handover) -> bool {
        let cookies = page::cookies();
        let (Stored::Valid(stored), Some(value), _) =
            consent::read_newest(&cookies, &self.config, page::now())
        else {
            return false;
        };
        if value != h.cookie {
            return false;
        }
        if self.consent.borrow().as_ref() == Some(&stored) {
            return true;
        }
        *self.consent.borrow_mut() = Some(stored);
        self.screen.set(self.screen.get().after_other_tab());
        self.render();
        self.announce(h.event, h.action, h.surface, h.gpc);
        self.link
            .if_ready(|app| drop(page::call(app, super::bridge::APP_REFRESH, &[])));
        true
    }

    /// Tells the page the consent changed (`kelisim:consent` with the public consent, and the
    /// change's event, action, screen and GPC signal), then updates gated content, Consent Mode
    /// and the loader's early answer.
    fn announce(&self, event: RecordEvent, action: Action, surface: Surface, gpc: bool) {
        let detail = self.public_js();
        page::set(&detail, "event", &event.as_str().into());
        page::set(&detail, "action", &action.as_str().into());
        page::set(&detail, "screen", &surface.as_str().into());
        page::set(&detail, "gpc", &gpc.into());
        page::dispatch("kelisim:consent", &detail);
        self.gate.update(self);
        self.consent_mode_update(true);
        self.remember();
    }

    /// Hands the loader the answer it repeats on the next page before the WebAssembly is ready
    /// ([`crate::early`]; the loader's `remember` stores it with its build id): the consent as
    /// this page holds it, for this configuration text, cookie value and GPC signal. Nothing is
    /// stored (an older answer is removed) without a consent (nothing is written before a choice)
    /// or when the page's cookie does not hold exactly that consent (an invalid cookie, or the
    /// browser refused to store it): the loader then fails closed ([`crate::early::answer_value`]).
    fn remember(&self) {
        let cookies = page::cookies();
        let consent = self.consent.borrow();
        let value = crate::early::answer_value(
            consent.as_ref(),
            consent::read_newest(&cookies, &self.config, page::now()).1,
        );
        let answer = js_sys::Object::new();
        let text = self.link.config_text().map_or(JsValue::NULL, Into::into);
        page::set(&answer, "config", &text);
        if let (Some(c), Some(value)) = (consent.as_ref(), value) {
            page::set(&answer, "cookie", &self.config.cookie.name.as_str().into());
            page::set(&answer, "value", &value.into());
            page::set(&answer, "gpc", &self.gpc.into());
            page::set(&answer, "consent", &self.public_js());
            let granted = js_sys::Array::new();
            for id in c.granted.iter() {
                granted.push(&id.as_str().into());
            }
            page::set(&answer, "granted", &granted);
            page::set(&answer, "modes", &self.consent_mode_states(Some(c)));
            page::set(&answer, "given", &(c.given as f64).into());
            page::set(&answer, "expires", &(c.expires() as f64).into());
        }
        drop(consent);
        page::call(
            &self.link.loader(),
            super::bridge::LOADER_REMEMBER,
            &[answer.into()],
        );
    }

    /// Leaves one consent cookie where the browser holds several (the site's `cookie.domain`
    /// and a receiver's `--cookie-domain` differ): the newest valid one counts
    /// ([`consent::read_newest`]), the others are deleted ([`consent::single_cookie`]).
    fn single_cookie(&self) {
        for s in consent::single_cookie(
            &page::cookies(),
            &self.config,
            &page::host(),
            page::is_https(),
            page::now(),
        ) {
            page::set_cookie(&s);
        }
    }

    /// Reads the stored consent and negotiates the language.
    fn new(config: Config, config_text: Option<String>, loader: JsValue) -> Shell {
        let stored = consent::read_stored(&page::cookies(), &config, page::now());
        let valid = match stored {
            Stored::Valid(c) => Some(c),
            Stored::Invalid(reason) => {
                let mut message = String::from("kelisim: asking again: ");
                message.push_str(reason);
                page::warn(&message);
                None
            }
            Stored::Missing => None,
        };
        let navigator = page::navigator_languages();
        let html_lang = page::html_lang();
        let lang = lang::negotiate(&lang::Inputs {
            forced: config.language,
            offered: &config.languages,
            remembered: valid.as_ref().map(|c| c.language),
            html_lang: html_lang.as_deref(),
            navigator: &navigator,
        });
        let screen = Shown::at_start(valid.as_ref());
        Shell {
            config,
            lang: Cell::new(lang),
            consent: RefCell::new(valid),
            gpc: page::global_privacy_control(),
            screen: Cell::new(screen),
            ui: banner::Ui::default(),
            gate: gate::Gate::default(),
            link: link::Link::new(loader, config_text),
        }
    }

    /// A consent granted without Global Privacy Control, read while the browser sends it, no
    /// longer grants the GPC categories: the change is recorded and the first layer says why.
    fn honour_gpc(&self) {
        let t = (self.consent.borrow().as_ref())
            .and_then(|c| consent::honour_gpc(c, &self.config, self.gpc, page::now()));
        let Some(t) = t else { return };
        match page::uuid() {
            Some(record_id) => self.commit(t, Surface::Browser, record_id),
            // The change cannot be recorded: the consent does not count on this page (fail
            // closed; `page::uuid` logs why).
            None => *self.consent.borrow_mut() = None,
        }
        self.screen.set(Shown::after_gpc_change());
    }

    /// The public consent (`getConsent()`), or `null`.
    pub fn public(&self) -> Option<Public> {
        self.consent
            .borrow()
            .as_ref()
            .map(|c| c.public(&self.config))
    }

    /// [`Shell::public`] as a JavaScript value.
    pub fn public_js(&self) -> JsValue {
        self.public()
            .map_or(JsValue::NULL, |p| page::public_to_js(&p))
    }

    /// Whether category `id` is granted now.
    pub fn accepted(&self, id: &str) -> bool {
        self.consent
            .borrow()
            .as_ref()
            .is_some_and(|c| c.accepted(id))
    }

    /// Applies a visitor's or the site's change made on `surface`: the cookie, the refused services' cookies deleted, the hand-over of its record, the event, gated content, the app told.
    pub fn choose(&self, change: Change, surface: Surface) {
        // Without random ids no choice is stored or recorded (fail closed; `page::uuid` logs
        // why): the first layer stays as it is.
        let (Some(new_id), Some(record_id)) = (page::uuid(), page::uuid()) else {
            return;
        };
        let t = consent::apply(
            self.consent.borrow().as_ref(),
            &change,
            &self.config,
            consent::Context {
                language: self.lang.get(),
                now: page::now(),
                gpc: self.gpc,
                new_id,
            },
        );
        for id in &t.ignored {
            let mut message = String::from("kelisim: `");
            message.push_str(id);
            message.push_str("` is not a category of this site; ignored");
            page::warn(&message);
        }
        let withdrawn = t.event == RecordEvent::Withdrawn;
        self.commit(t, surface, record_id);
        self.go(Shown::Hidden);
        if withdrawn && self.config.reload_on_withdraw {
            let _ = page::window().location().reload();
        }
    }

    /// A button of the banner or the preference center, by its contract action name: applies its
    /// change ([`Change::of_button`]; `switches` for Save) made on `surface`. `false` when the
    /// name is not a choice.
    pub fn press(
        &self,
        name: &str,
        surface: Surface,
        switches: impl FnOnce() -> crate::ids::Ids,
    ) -> bool {
        match Action::from_name(name).and_then(|a| Change::of_button(a, switches)) {
            Some(change) => {
                self.choose(change, surface);
                true
            }
            None => false,
        }
    }

    /// Carries a transition out: the cookie, the refused services' cookies deleted, the hand-over
    /// of its record, the `kelisim:consent` event, gated content, and the app told.
    fn commit(&self, t: consent::Transition, surface: Surface, record_id: String) {
        let consent = t.consent;
        let value = cookie::encode(&consent);
        let attrs = Attributes {
            domain: self.config.cookie.domain.as_deref(),
            path: "/",
            secure: page::is_https(),
        };
        page::set_cookie(&cookie::set_string(
            &self.config.cookie.name,
            &value,
            consent.expires(),
            &attrs,
        ));
        for deletion in crate::cleanup::deletions(
            &self.config,
            &consent.granted,
            &page::cookies(),
            &page::host(),
            page::is_https(),
            self.link.autoblock(),
        ) {
            page::set_cookie(&deletion);
        }
        let window = page::window();
        let h = Handover {
            record_id: record_id.clone(),
            config: Some(ConfigMark::of(
                self.link.config_text(),
                self.config.revision,
            )),
            cookie: value,
            event: t.event,
            action: t.action,
            surface,
            page_url: page::location("href"),
            user_agent: window.navigator().user_agent().unwrap_or_default(),
            gpc: self.gpc,
        };
        let key = storage::choice_key(page::key_time(), &record_id, &self.config.cookie.name);
        let kept = page::storage().is_some_and(|s| s.set_item(&key, &h.encode()).is_ok());
        if !kept {
            page::error("kelisim: cannot keep the consent record in local storage; it may be lost if the page closes before delivery");
        }
        *self.consent.borrow_mut() = Some(consent);
        self.announce(t.event, t.action, surface, self.gpc);
        // The app builds the record after the next paint: the banner is seen gone first (its
        // start is about 100 ms of main thread under a slow CPU).
        self.link.with_app(true, |app| {
            drop(page::call(app, super::bridge::APP_REFRESH, &[]))
        });
    }

    /// Google Consent Mode's states for `consent` (`granted`/`denied` by type).
    fn consent_mode_states(&self, consent: Option<&Consent>) -> JsValue {
        let state = js_sys::Object::new();
        for (t, on) in consent::consent_mode(&self.config, consent) {
            page::set(&state, t, &(if on { "granted" } else { "denied" }).into());
        }
        state.into()
    }

    /// Google Consent Mode's `update`: `always` after a choice, otherwise (at start) only when
    /// the states differ from the loader's `default`. The script embed's loader sends it (it also
    /// sent the `default` before any Google tag); in a Leptos site (`web::component`) there is no
    /// loader, and the shell calls the page's `gtag()` after a choice.
    fn consent_mode_update(&self, always: bool) {
        let state = self.consent_mode_states(self.consent.borrow().as_ref());
        if self.link.consent_mode(&state, always) || !always {
            return;
        }
        let gtag = js_sys::Reflect::get(&page::window(), &"gtag".into()).unwrap_or_default();
        if let Some(gtag) = gtag.dyn_ref::<js_sys::Function>() {
            let args = ["consent".into(), "update".into(), state];
            let _ = gtag.apply(&JsValue::NULL, &args.iter().collect());
        }
    }

    /// Loads the app when records are waiting (hand-overs or an outbox from an earlier page).
    fn deliver_pending(&self) {
        let name = &self.config.cookie.name;
        let handovers = page::has_storage_key(|k| storage::is_choice_key(k, name));
        // Records of the outbox (one key each), or kelisim 0.1's shared outbox to migrate.
        let legacy = storage::legacy_outbox_key(name);
        let outbox =
            page::has_storage_key(|k| k == legacy || storage::outbox_record_id(k, name).is_some());
        // Without an endpoint records stay in the outbox for the API to read: nothing to send.
        if handovers || (outbox && self.config.endpoint.is_some()) {
            self.link
                .soon(|app| drop(page::call(app, super::bridge::APP_REFRESH, &[])));
        } else if self.screen.get() == Shown::Banner {
            self.link.prefetch();
        }
    }

    /// Moves to `screen` and renders it.
    fn go(&self, screen: Shown) {
        let was = self.screen.replace(screen);
        if was == Shown::Settings && screen != Shown::Settings {
            self.link
                .if_ready(|app| drop(page::call(app, super::bridge::APP_CLOSE, &[])));
        }
        self.render();
    }

    fn render(&self) {
        self.ui.render(self);
    }

    /// Shows the first layer.
    pub fn show(&self) {
        self.go(Shown::Banner);
    }

    /// Hides whatever is shown; this is not a choice.
    pub fn hide(&self) {
        self.go(Shown::Hidden);
    }

    /// Opens the preference center (loading the app first when needed, with its frame shown
    /// at once, once the loading has begun: `busy`). An app the loader has instantiated starts
    /// before the next frame: no frame is drawn then (it was never seen, and focusing it and
    /// handing the focus back cost two style and layout passes on the click, 3-8 ms each on a
    /// large page under CPU x4).
    pub fn show_preferences(&self) {
        self.link.with_app(false, |app| {
            if let Some(shell) = shell() {
                busy::hand_back();
                page::call(
                    app,
                    super::bridge::APP_OPEN,
                    &[shell.lang.get().code().into()],
                );
                shell.go(Shown::Settings);
            }
        });
        // The frame after the app's files are asked for: drawing it (a style and layout pass
        // for its focus) no longer delays their requests (Chrome trace, CPU x4: ~20 ms).
        if self.link.pending() {
            self.ui.busy(self);
        }
    }

    /// The preference center closed without a choice: back to the first layer when there is no
    /// consent yet (closing is not consent), else to the floating button.
    pub fn closed(&self) {
        self.screen
            .set(Shown::after_settings_closed(self.consent.borrow().as_ref()));
        self.render();
    }

    /// Switches the language, if the configuration offers it.
    pub fn set_language(&self, code: &str) -> bool {
        match Lang::from_code(code).filter(|l| self.config.languages.contains(l)) {
            Some(lang) => {
                self.lang.set(lang);
                self.render();
                self.gate.relabel(self);
                self.link.if_ready(|app| {
                    drop(page::call(
                        app,
                        super::bridge::APP_SET_LANGUAGE,
                        &[lang.code().into()],
                    ))
                });
                true
            }
            None => {
                let mut message = String::from("kelisim: setLanguage: `");
                message.push_str(code);
                message.push_str("` is not one of this site's languages");
                page::error(&message);
                false
            }
        }
    }

    /// A message of the first layer in the current language, or the configuration's override.
    pub fn t(&self, msg: crate::i18n::FirstMsg) -> String {
        present::text(&self.config, self.lang.get(), msg)
    }

    /// A category's name in the current language: the configuration's, the built-in one, or its id.
    pub fn category_name(&self, id: &str) -> String {
        present::category_name::<crate::i18n::FirstMsg>(&self.config, self.lang.get(), id)
    }

    /// Why some categories are off: the browser's Global Privacy Control signal.
    pub fn gpc_note(&self) -> Option<String> {
        present::gpc_note::<crate::i18n::FirstMsg>(
            &self.config,
            self.lang.get(),
            self.gpc,
            self.consent.borrow().as_ref(),
        )
    }
}
