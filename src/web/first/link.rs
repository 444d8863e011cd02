//! The link to the Leptos app bundle: loaded once, when something needs it (the settings, a
//! choice whose record must be built, records waiting from an earlier page), and prefetched
//! while the page is idle when the first layer is shown, so opening the settings stays quick.
//! Calls made while it loads wait in order.

use super::shell;
use crate::consent::Surface;
use crate::web::bridge;
use crate::web::page;
use std::cell::RefCell;
use wasm_bindgen::prelude::*;

type Call = Box<dyn FnOnce(&JsValue)>;

enum State {
    /// Not asked for yet.
    Idle,
    /// Loading; these calls wait for it.
    Loading(Vec<Call>),
    /// The app's object (see [`bridge`]).
    Ready(JsValue),
    /// The loader cannot load it (logged); calls are dropped.
    Failed,
}

/// The app, as far as the first layer knows it.
pub struct Link {
    loader: JsValue,
    config_text: Option<String>,
    state: RefCell<State>,
}

impl Link {
    /// `loader` is the loader's handle (see [`bridge`]); `config_text` is handed to the app.
    pub fn new(loader: JsValue, config_text: Option<String>) -> Link {
        Link {
            loader,
            config_text,
            state: RefCell::new(State::Idle),
        }
    }

    /// Whether the loader holds the catalogue's services (see [`bridge::LOADER_AUTOBLOCK`]).
    pub fn autoblock(&self) -> bool {
        self.held().is_truthy()
    }

    /// What the loader held, in the order the page inserted it (an array; see
    /// [`bridge::LOADER_AUTOBLOCK`]), or `undefined` without automatic blocking.
    pub fn held(&self) -> JsValue {
        js_sys::Reflect::get(&self.loader, &bridge::LOADER_AUTOBLOCK.into()).unwrap_or_default()
    }

    /// Hands Consent Mode's states to the loader's `consentMode(states, always)`, which sends
    /// the update (`always`: after a change; otherwise only when they differ from what it sent);
    /// `false` when there is no such loader (a Leptos site: the shell calls `gtag()` itself).
    pub fn consent_mode(&self, states: &JsValue, always: bool) -> bool {
        let f = js_sys::Reflect::get(&self.loader, &bridge::LOADER_CONSENT_MODE.into())
            .unwrap_or_default();
        f.dyn_ref::<js_sys::Function>().is_some_and(|f| {
            let _ = f.apply(
                &self.loader,
                &[states.clone(), always.into()].iter().collect(),
            );
            true
        })
    }

    /// The loader's handle (see [`bridge`]).
    pub fn loader(&self) -> JsValue {
        self.loader.clone()
    }

    /// The configuration's text as the loader gave it (`None`: the built-in default).
    pub fn config_text(&self) -> Option<&str> {
        self.config_text.as_deref()
    }

    /// Calls `f` with the app, loading it first when needed (`later`: its start waits for the
    /// page's next paint, so that what the visitor just did is drawn first).
    pub fn with_app(&self, later: bool, f: impl FnOnce(&JsValue) + 'static) {
        let mut state = self.state.borrow_mut();
        match &mut *state {
            State::Ready(app) => {
                let app = app.clone();
                drop(state);
                f(&app);
            }
            State::Loading(calls) => calls.push(Box::new(f)),
            State::Failed => {}
            State::Idle => {
                *state = State::Loading(vec![Box::new(f)]);
                drop(state);
                self.load(later);
            }
        }
    }

    /// Has the loader fetch, compile and instantiate the app now, without starting it
    /// (`prefetchApp(true)`): the visitor is about to open the settings (a pointer over or
    /// pressed on the first layer's Settings or floating button or a `data-kelisim-open`
    /// element of the page, or the focus comes to it). The click then waits for less: a press
    /// lasts about 100 ms before its click, a hover longer. On a returning visit this is the
    /// only way the app comes before a click: nothing of it is fetched at idle there (a
    /// returning visitor downloads the first layer only, unless they reopen the settings).
    /// A choice made instead still starts the app after its frame is painted (`loadApp(true)`).
    pub fn warm(&self) {
        if matches!(*self.state.borrow(), State::Idle) {
            page::call(&self.loader, bridge::LOADER_PREFETCH, &[true.into()]);
        }
    }

    /// Whether a call to [`Link::with_app`] will wait for the app to load past this task (not
    /// there yet, not failed, and not instantiated by the loader already: then it starts in
    /// this task's microtasks, before any frame is drawn).
    pub fn pending(&self) -> bool {
        matches!(*self.state.borrow(), State::Idle | State::Loading(_))
            && !page::get(&self.loader, bridge::LOADER_APP_READY).is_truthy()
    }

    /// Calls `f` with the app only if it is already there.
    pub fn if_ready(&self, f: impl FnOnce(&JsValue)) {
        let app = match &*self.state.borrow() {
            State::Ready(app) => Some(app.clone()),
            _ => None,
        };
        if let Some(app) = app {
            f(&app);
        }
    }

    /// Calls `f` with the app a moment after the page has started (records from earlier pages).
    pub fn soon(&self, f: impl FnOnce(&JsValue) + 'static) {
        let later = page::once(move |_| {
            if let Some(shell) = shell() {
                shell.link.with_app(false, f);
            }
        });
        let _ = page::window()
            .set_timeout_with_callback_and_timeout_and_arguments_0(later.unchecked_ref(), 100);
    }

    /// Asks the loader to fetch the app's files while the page is idle (no compiling).
    pub fn prefetch(&self) {
        page::call(&self.loader, bridge::LOADER_PREFETCH, &[]);
    }

    fn load(&self, later: bool) {
        let promise = page::call(&self.loader, bridge::LOADER_LOAD, &[later.into()]);
        let text: JsValue = self
            .config_text
            .as_deref()
            .map_or(JsValue::NULL, Into::into);
        let loaded = page::once(move |module| {
            let app = page::call(&module, bridge::APP_START, &[text, host()]);
            let Some(shell) = shell() else { return };
            let calls = match shell.link.state.replace(State::Ready(app.clone())) {
                State::Loading(calls) => calls,
                _ => Vec::new(),
            };
            for call in calls {
                call(&app);
            }
        });
        let failed = page::once(move |e| {
            page::error_with("kelisim: cannot load the preference center:", &e);
            // The waiting calls are dropped and the preference center's frame goes; a later
            // call tries again (the loader fetches anew after a failure).
            if let Some(shell) = shell() {
                shell.link.state.replace(State::Idle);
                super::busy::hand_back();
                shell.render();
            }
        });
        if promise.is_undefined() {
            page::error("kelisim: the loader cannot load the preference center");
            self.state.replace(State::Failed);
            if let Some(shell) = shell() {
                shell.render();
            }
            return;
        }
        page::call(&promise, "then", &[loaded, failed]);
    }
}

/// The object the app calls back (see [`bridge`]).
fn host() -> JsValue {
    let host = js_sys::Object::new();
    // One argument, `[action, surface, ids]`: the first layer's one closure type (`page::function`).
    let apply = page::callback(|args: JsValue| {
        let args = js_sys::Array::from(&args);
        let (action, surface, ids) = (args.get(0), args.get(1), args.get(2));
        let Some(shell) = shell() else { return };
        let surface = surface
            .as_string()
            .and_then(|s| Surface::from_name(&s))
            .unwrap_or(Surface::Settings);
        // The preference center's switches, for Save. A loop of inserts: `collect` (the same
        // inserts through `FromIterator`) cost the first layer 71 B brotli (2026-12-05).
        let switches = || {
            let mut set = crate::ids::Ids::new();
            for id in js_sys::Array::from(&ids)
                .iter()
                .filter_map(|v| v.as_string())
            {
                set.insert(id);
            }
            set
        };
        shell.press(&action.as_string().unwrap_or_default(), surface, switches);
    });
    page::set(&host, bridge::HOST_APPLY, &apply);
    let closed = page::callback(|_| {
        if let Some(shell) = shell() {
            shell.closed();
        }
    });
    page::set(&host, bridge::HOST_CLOSED, &closed);
    let language = page::callback(|code: JsValue| {
        if let Some(shell) = shell() {
            shell.set_language(&code.as_string().unwrap_or_default());
        }
    });
    page::set(&host, bridge::HOST_SET_LANGUAGE, &language);
    host.into()
}
