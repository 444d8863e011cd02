//! Gated content: the page's scripts and iframes that wait for the visitor's consent.
//!
//! - `<script type="text/plain" data-kelisim-category="analytics" [src=…]>` becomes a real script
//!   once every category it names (a space-separated list: `"analytics marketing"` needs both) is
//!   granted: a new `<script>` with the same attributes (except `type` and
//!   `data-kelisim-category`), text and `src` replaces it, with the page's CSP nonce. Scripts run
//!   in document order and exactly once; a script with `src` must finish loading (or fail) before
//!   the next one runs. Refusing later does not un-run a script: withdrawal takes full effect on
//!   the next page load (`reload_on_withdraw` reloads at once).
//! - `<iframe data-kelisim-category="marketing" data-kelisim-src="…">` gets its `src` only once
//!   granted. Until then it is `hidden` and a placeholder (`<div class="kelisim-placeholder">`,
//!   in the page's light DOM, without inline styles) before it says what the content is (the
//!   iframe's `title`), in the visitor's language, with a button that allows the category.
//!
//! Both are driven by the app's consent signal, and a `MutationObserver` on the document picks
//! up gated elements added later. Required categories (`necessary`) count as granted. With a
//! configuration that failed validation there is no app, this module never starts, and nothing is
//! ever gated in (fail closed).

use super::app::App;
use super::page;
use crate::consent::Choice;
use crate::i18n::{self, id};
use js_sys::Reflect;
use leptos::prelude::*;
use std::cell::{Cell, RefCell};
use wasm_bindgen::prelude::*;
use web_sys::{Element, Node};

/// Gated scripts not yet run.
const SCRIPTS: &str =
    "script[type=\"text/plain\"][data-kelisim-category]:not([data-kelisim-state])";
/// Gated iframes not yet loaded.
const IFRAMES: &str = "iframe[data-kelisim-category][data-kelisim-src]:not([data-kelisim-state])";
/// Set on gated elements kelisim has handled (`done` for scripts, `loaded` for iframes).
const STATE: &str = "data-kelisim-state";
/// Set on iframes kelisim hid (so it removes only its own `hidden`).
const HIDDEN: &str = "data-kelisim-hidden";

#[wasm_bindgen]
extern "C" {
    /// The DOM's `MutationObserver` (bound here so that no web-sys feature is needed).
    type MutationObserver;
    #[wasm_bindgen(constructor)]
    fn new(callback: &js_sys::Function) -> MutationObserver;
    #[wasm_bindgen(method)]
    fn observe(this: &MutationObserver, target: &Node, options: &JsValue);
}

/// A gated iframe waiting for consent, and its placeholder.
struct Waiting {
    iframe: Element,
    placeholder: Element,
    text: Element,
    button: Element,
}

thread_local! {
    /// The page's CSP nonce (from the loader's own script element), given to activated scripts.
    static NONCE: RefCell<String> = const { RefCell::new(String::new()) };
    /// A script with `src` is loading: the next gated scripts wait for it.
    static LOADING: Cell<bool> = const { Cell::new(false) };
    /// The iframes waiting for consent.
    static WAITING: RefCell<Vec<Waiting>> = const { RefCell::new(Vec::new()) };
}

/// Starts gating: on every change of the consent and of the page, runs what is now granted.
/// Called by `start` before `window.kelisim` is replaced, so the loader's stub still holds the
/// nonce it read from `document.currentScript.nonce`.
pub(super) fn install(app: App) {
    let stub = Reflect::get(&page::window(), &"kelisim".into()).unwrap_or(JsValue::UNDEFINED);
    let nonce = Reflect::get(&stub, &"nonce".into())
        .ok()
        .and_then(|n| n.as_string())
        .unwrap_or_default();
    NONCE.set(nonce);
    Effect::new(move |_| {
        app.consent.track();
        untrack(|| update(app));
    });
    Effect::new(move |_| {
        app.lang.track();
        untrack(|| WAITING.with_borrow(|list| list.iter().for_each(|w| label(app, w))));
    });
    let callback = Closure::<dyn Fn()>::new(move || update(app)).into_js_value();
    let options = js_sys::Object::new();
    let _ = Reflect::set(&options, &"childList".into(), &JsValue::TRUE);
    let _ = Reflect::set(&options, &"subtree".into(), &JsValue::TRUE);
    MutationObserver::new(callback.unchecked_ref()).observe(&page::document(), &options);
}

/// Whether every category in the space-separated list `categories` is granted (an empty list
/// never is).
fn granted(app: App, categories: &str) -> bool {
    let mut ids = categories.split_whitespace().peekable();
    ids.peek().is_some()
        && ids.all(|id| {
            app.accepted(id)
                || app
                    .config
                    .with_value(|c| c.category(id).is_some_and(|c| c.is_required()))
        })
}

/// The elements matching `selector`, in document order.
fn all(selector: &str) -> Vec<Element> {
    let Ok(list) = page::document().query_selector_all(selector) else {
        return Vec::new();
    };
    (0..list.length())
        .filter_map(|i| list.get(i).and_then(|n| n.dyn_into().ok()))
        .collect()
}

fn categories(el: &Element) -> String {
    el.get_attribute("data-kelisim-category")
        .unwrap_or_default()
}

/// Applies the current consent to the page.
fn update(app: App) {
    update_iframes(app);
    run_scripts(app);
}

/// Runs the granted gated scripts in document order, stopping at a script that loads a `src`
/// (its `load` or `error` event resumes the run).
fn run_scripts(app: App) {
    if LOADING.get() {
        return;
    }
    for original in all(SCRIPTS) {
        if !original.is_connected() || !granted(app, &categories(&original)) {
            continue;
        }
        let _ = original.set_attribute(STATE, "done");
        match activate(app, &original) {
            Ok(true) => return,
            Ok(false) => {}
            Err(e) => page::error(&format!("kelisim: cannot run a gated script: {e:?}")),
        }
    }
}

/// Replaces a gated script by a real one; `Ok(true)` when it loads a `src` (wait for it).
fn activate(app: App, original: &Element) -> Result<bool, JsValue> {
    let script = page::document().create_element("script")?;
    let names = original.get_attribute_names();
    for name in names.iter().filter_map(|n| n.as_string()) {
        if !matches!(
            name.as_str(),
            "type" | "data-kelisim-category" | "nonce" | STATE
        ) {
            script.set_attribute(&name, &original.get_attribute(&name).unwrap_or_default())?;
        }
    }
    // Browsers hide a nonce attribute, but keep the property.
    let own = Reflect::get(original, &"nonce".into())
        .ok()
        .and_then(|n| n.as_string())
        .filter(|n| !n.is_empty());
    let nonce = own.unwrap_or_else(|| NONCE.with_borrow(String::clone));
    if !nonce.is_empty() {
        script.set_attribute("nonce", &nonce)?;
    }
    let external = original.has_attribute("src");
    if external {
        Reflect::set(&script, &"async".into(), &JsValue::FALSE)?;
        let done = Closure::<dyn Fn()>::new(move || {
            if LOADING.replace(false) {
                run_scripts(app);
            }
        })
        .into_js_value();
        script.add_event_listener_with_callback("load", done.unchecked_ref())?;
        script.add_event_listener_with_callback("error", done.unchecked_ref())?;
        LOADING.set(true);
    } else {
        script.set_text_content(original.text_content().as_deref());
    }
    if let Err(e) = original.replace_with_with_node_1(&script) {
        LOADING.set(false);
        return Err(e);
    }
    Ok(external)
}

/// Loads the granted iframes and shows a placeholder before each one still waiting.
fn update_iframes(app: App) {
    // Placeholders of iframes that left the page go too.
    WAITING.with_borrow_mut(|list| {
        list.retain(|w| {
            let keep = w.iframe.is_connected();
            if !keep {
                w.placeholder.remove();
            }
            keep
        })
    });
    for iframe in all(IFRAMES) {
        if granted(app, &categories(&iframe)) {
            load(&iframe);
        } else if !WAITING.with_borrow(|list| list.iter().any(|w| w.iframe == iframe)) {
            if let Err(e) = wait(app, iframe) {
                page::error(&format!("kelisim: cannot show a placeholder: {e:?}"));
            }
        }
    }
}

/// Gives a granted iframe its `src` and removes its placeholder; focus in the placeholder (its
/// button was just pressed) moves to the iframe.
fn load(iframe: &Element) {
    let focused: Option<Node> = page::document().active_element().map(Into::into);
    let mut had_focus = false;
    WAITING.with_borrow_mut(|list| {
        list.retain(|w| {
            let keep = w.iframe != *iframe;
            if !keep {
                had_focus = w.placeholder.contains(focused.as_ref());
                w.placeholder.remove();
            }
            keep
        })
    });
    let src = iframe.get_attribute("data-kelisim-src").unwrap_or_default();
    let _ = iframe.set_attribute(STATE, "loaded");
    let _ = iframe.set_attribute("src", &src);
    if iframe.has_attribute(HIDDEN) {
        let _ = iframe.remove_attribute(HIDDEN);
        let _ = iframe.remove_attribute("hidden");
    }
    if had_focus {
        if let Some(el) = iframe.dyn_ref::<web_sys::HtmlElement>() {
            let _ = el.focus();
        }
    }
}

/// Hides an iframe that is not granted yet and inserts its placeholder before it.
fn wait(app: App, iframe: Element) -> Result<(), JsValue> {
    let doc = page::document();
    let placeholder = doc.create_element("div")?;
    placeholder.set_class_name("kelisim-placeholder");
    placeholder.set_attribute("data-kelisim-placeholder", &categories(&iframe))?;
    let text = doc.create_element("p")?;
    text.set_class_name("kelisim-placeholder-text");
    let button = doc.create_element("button")?;
    button.set_class_name("kelisim-placeholder-allow");
    button.set_attribute("type", "button")?;
    button.set_attribute("data-kelisim-action", "allow-category")?;
    let wanted = categories(&iframe);
    let allow = Closure::<dyn Fn()>::new(move || {
        let mut set = app
            .consent
            .with_untracked(|c| c.as_ref().map(|c| c.granted.clone()))
            .unwrap_or_default();
        set.extend(wanted.split_whitespace().map(String::from));
        app.choose(Choice::Only(set), "allow-category", "placeholder");
    })
    .into_js_value();
    button.add_event_listener_with_callback("click", allow.unchecked_ref())?;
    placeholder.append_child(&text)?;
    placeholder.append_child(&button)?;
    iframe.before_with_node_1(&placeholder)?;
    if !iframe.has_attribute("hidden") {
        iframe.set_attribute("hidden", "")?;
        iframe.set_attribute(HIDDEN, "")?;
    }
    let waiting = Waiting {
        iframe,
        placeholder,
        text,
        button,
    };
    label(app, &waiting);
    WAITING.with_borrow_mut(|list| list.push(waiting));
    Ok(())
}

/// Writes a placeholder's texts in the current language.
fn label(app: App, w: &Waiting) {
    let lang = app.lang.get_untracked();
    let names: Vec<String> = categories(&w.iframe)
        .split_whitespace()
        .filter(|id| !granted(app, id))
        .map(|id| app.category_name(id))
        .collect();
    let names = names.join(", ");
    let title = w
        .iframe
        .get_attribute("title")
        .map(|t| t.trim().to_owned())
        .filter(|t| !t.is_empty());
    let text = match &title {
        Some(title) => i18n::fill(
            &app.t(id::PLACEHOLDER_TEXT),
            &[("content", title), ("category", &names)],
        ),
        None => i18n::fill(
            &app.t(id::PLACEHOLDER_TEXT_UNTITLED),
            &[("category", &names)],
        ),
    };
    let _ = w.placeholder.set_attribute("lang", lang.code());
    w.text.set_text_content(Some(&text));
    w.button.set_text_content(Some(&i18n::fill(
        &app.t(id::PLACEHOLDER_ALLOW),
        &[("category", &names)],
    )));
}
