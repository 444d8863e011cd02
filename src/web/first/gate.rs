//! Gated content: the page's scripts and iframes that wait for the visitor's consent.
//!
//! - `<script type="text/plain" data-kelisim-category="analytics" [src=…]>` becomes a real script
//!   once every category it names (a space-separated list: `"analytics marketing"` needs both) is
//!   granted: a new `<script>` with the same attributes (except `type` and
//!   `data-kelisim-category`), text and `src` replaces it. Under a nonce-based CSP the site puts
//!   the nonce on the gated tag itself (`<script type="text/plain" nonce="…" …>`): a gated script
//!   gets only its own nonce, never the loader's, so a tag injected into the page (which the
//!   site's CSP would block) never becomes running script through the gate. Scripts run
//!   in document order and exactly once; a script with `src` must finish loading (or fail) before
//!   the next one runs. Refusing later does not un-run a script: withdrawal takes full effect on
//!   the next page load (`reload_on_withdraw` reloads at once).
//! - `<iframe data-kelisim-category="marketing" data-kelisim-src="…">` gets its `src` only once
//!   granted. Until then it is `hidden` and a placeholder (`<div class="kelisim-placeholder">`,
//!   in the page's light DOM, without inline styles) before it says what the content is (the
//!   iframe's `title`), in the visitor's language, with a button that allows the category. Only
//!   an http(s) URL or a path is ever set as `src` ([`crate::config::iframe_src`]).
//!
//! - Automatic blocking (`data-kelisim-autoblock` on the loader): the loader holds the scripts and
//!   iframes of catalogue services by turning them into exactly these gated elements (with
//!   `data-kelisim-service`, the service's index in the catalogue, and an empty
//!   `data-kelisim-category`; every held element also in the loader's list, in the order it came
//!   in), so they are released here by the same path, scripts in the order the page inserted them.
//!   Their category is decided here, once the configuration is known: the site's own for the
//!   service, else the catalogue's default (`categories`). A held script is not copied: it runs as
//!   itself (inserted again without its `type`), with its own nonce and the page's handlers. A
//!   tracker a web component put into its shadow root is found there too (the loader lists what it
//!   held, and wakes the gate, whose observer sees the document only); the site's stylesheet does
//!   not reach its placeholder there.
//!
//! The rule itself ([`crate::consent::allows`]) is the core's. The shell applies it after every
//! choice, and a `MutationObserver` on the document picks up gated elements added later. With a
//! configuration that failed validation there is no shell and nothing is ever gated in.

use super::{shell, Shell};
use crate::consent::{self, Change, Surface};
use crate::i18n::{self, first::id};
use crate::web::page;
use js_sys::Reflect;
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
/// Set by the loader on the scripts and iframes it held (automatic blocking): the service's index
/// in the catalogue.
const SERVICE: &str = "data-kelisim-service";
/// Set on iframes kelisim hid (so it removes only its own `hidden`).
const HIDDEN: &str = "data-kelisim-hidden";

/// A gated iframe waiting for consent, and its placeholder.
struct Waiting {
    iframe: Element,
    placeholder: Element,
    text: Element,
    button: Element,
}

/// The gate's state on this page.
#[derive(Default)]
pub struct Gate {
    /// A script with `src` is loading: the next gated scripts wait for it.
    loading: Cell<bool>,
    /// The iframes waiting for consent.
    waiting: RefCell<Vec<Waiting>>,
    /// The page has a form asking for processing consent (`data-kelisim-form`), handed to the app.
    forms: Cell<bool>,
}

impl Gate {
    /// Starts watching the page for gated elements added later: the document, and the loader's
    /// list `held` (automatic blocking) wakes the gate when it held an element, which may be in
    /// a shadow root the document's observer does not see.
    pub fn install(&self, held: &JsValue) {
        let callback = page::callback(|_| {
            if let Some(shell) = shell() {
                shell.gate.update(&shell);
            }
        });
        if held.is_truthy() {
            page::set(held, "wake", &callback);
        }
        // A plain object, its fields set through `page::set`: no glue imports for them.
        let init = js_sys::Object::new();
        page::set(&init, "childList", &true.into());
        page::set(&init, "subtree", &true.into());
        // A form marked later (`data-kelisim-form` set on a form already there); set through
        // `page::set`, no new glue imports.
        page::set(
            &init,
            "attributeFilter",
            &[JsValue::from("data-kelisim-form")]
                .iter()
                .collect::<js_sys::Array>(),
        );
        if let Ok(observer) = web_sys::MutationObserver::new(callback.unchecked_ref()) {
            let _ = observer.observe_with_options(&page::document(), init.unchecked_ref());
        }
    }

    /// Applies the current consent to the page.
    pub fn update(&self, shell: &Shell) {
        self.update_iframes(shell);
        self.run_scripts(shell);
        self.find_forms(shell);
    }

    /// The first form asking for processing consent (now or added later) loads the app, which
    /// handles the forms (`web::app::forms`); until it has taken a form over
    /// (`data-kelisim-form-state`), that form's submission is held, so no form is ever sent
    /// without its consent checkboxes. Nothing else of the forms is in the first layer.
    fn find_forms(&self, shell: &Shell) {
        if self.forms.get() || all("[data-kelisim-form]", &JsValue::UNDEFINED).is_empty() {
            return;
        }
        self.forms.set(true);
        // The app shows the forms in the first layer's language.
        shell.link.with_app(false, |app| {
            if let Some(shell) = super::shell() {
                page::call(
                    app,
                    crate::web::bridge::APP_SET_LANGUAGE,
                    &[shell.lang.get().code().into()],
                );
            }
        });
        // Calls through `page::call` rather than web-sys bindings: no new imports in the glue
        // (measured: 60 B brotli less).
        let hold = page::callback(|e| {
            let form = Reflect::get(&e, &"target".into()).unwrap_or(JsValue::NULL);
            let has = |name: &str| page::call(&form, "hasAttribute", &[name.into()]).is_truthy();
            if has("data-kelisim-form") && !has("data-kelisim-form-state") {
                e.unchecked_ref::<web_sys::Event>().prevent_default();
                page::call(&e, "stopImmediatePropagation", &[]);
            }
        });
        page::call(
            &page::document(),
            "addEventListener",
            &["submit".into(), hold, true.into()],
        );
    }

    /// Writes the placeholders' texts anew (the language changed).
    pub fn relabel(&self, shell: &Shell) {
        for w in self.waiting.borrow().iter() {
            label(shell, w);
        }
    }

    /// Runs the granted gated scripts in document order, stopping at a script that loads a `src`
    /// (its `load` or `error` event resumes the run).
    fn run_scripts(&self, shell: &Shell) {
        if self.loading.get() {
            return;
        }
        for original in in_order(shell, all(SCRIPTS, &shell.link.held())) {
            if !original.is_connected() || !granted(shell, &categories(shell, &original)) {
                continue;
            }
            let _ = original.set_attribute(STATE, "done");
            match self.activate(&original) {
                Ok(true) => return,
                Ok(false) => {}
                Err(e) => page::error_with("kelisim: cannot run a gated script:", &e),
            }
        }
    }

    /// Replaces a gated script by a real one; `Ok(true)` when it loads a `src` (wait for it).
    fn activate(&self, original: &Element) -> Result<bool, JsValue> {
        if original.has_attribute(SERVICE) {
            return self.release(original);
        }
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
        // Browsers hide a nonce attribute, but keep the property. Only the tag's own nonce: the
        // loader's would let an injected tag run.
        let nonce = Reflect::get(original, &"nonce".into())
            .ok()
            .and_then(|n| n.as_string())
            .unwrap_or_default();
        if !nonce.is_empty() {
            script.set_attribute("nonce", &nonce)?;
        }
        let external = original.has_attribute("src");
        if external {
            self.wait_for(&script)?;
        } else {
            script.set_text_content(original.text_content().as_deref());
        }
        if let Err(e) = original.replace_with_with_node_1(&script) {
            self.loading.set(false);
            return Err(e);
        }
        Ok(external)
    }

    /// Runs a script the loader held (automatic blocking) as itself: its own `type` given back
    /// (the loader kept it in `data-kelisim-type`: a module runs as a module), it is inserted
    /// again where it is, so it keeps its own nonce, attributes and the handlers the page set on
    /// it (a tracker's `onload`). A script element that never ran (its type was not JavaScript)
    /// runs when it is inserted. Always loads a `src`: `Ok(true)`.
    fn release(&self, original: &Element) -> Result<bool, JsValue> {
        // Through `page::call`: no new imports in the glue.
        let parent = Reflect::get(original, &"parentNode".into())?;
        let next = Reflect::get(original, &"nextSibling".into())?;
        let own = original
            .get_attribute("data-kelisim-type")
            .unwrap_or_default();
        original.set_attribute("type", &own)?;
        self.wait_for(original)?;
        page::call(
            &parent,
            "insertBefore",
            &[JsValue::from(original.clone()), next],
        );
        Ok(true)
    }

    /// The next gated scripts wait until `script` has loaded its `src` (or failed to).
    fn wait_for(&self, script: &Element) -> Result<(), JsValue> {
        Reflect::set(script, &"async".into(), &JsValue::FALSE)?;
        let done = page::callback(|_| {
            if let Some(shell) = shell() {
                if shell.gate.loading.replace(false) {
                    shell.gate.run_scripts(&shell);
                }
            }
        });
        script.add_event_listener_with_callback("load", done.unchecked_ref())?;
        script.add_event_listener_with_callback("error", done.unchecked_ref())?;
        self.loading.set(true);
        Ok(())
    }

    /// Loads the granted iframes and shows a placeholder before each one still waiting.
    fn update_iframes(&self, shell: &Shell) {
        // Placeholders of iframes that left the page go too.
        self.waiting.borrow_mut().retain(|w| {
            let keep = w.iframe.is_connected();
            if !keep {
                w.placeholder.remove();
            }
            keep
        });
        for iframe in all(IFRAMES, &shell.link.held()) {
            if granted(shell, &categories(shell, &iframe)) {
                self.load(&iframe);
            } else if !self.waiting.borrow().iter().any(|w| w.iframe == iframe) {
                if let Err(e) = self.wait(shell, iframe) {
                    page::error_with("kelisim: cannot show a placeholder:", &e);
                }
            }
        }
    }

    /// Gives a granted iframe its `src` and removes its placeholder; focus in the placeholder (its
    /// button was just pressed) moves to the iframe.
    fn load(&self, iframe: &Element) {
        let focused: Option<Node> = page::active_element(&page::document()).map(Into::into);
        let mut had_focus = false;
        self.waiting.borrow_mut().retain(|w| {
            let keep = w.iframe != *iframe;
            if !keep {
                had_focus = w.placeholder.contains(focused.as_ref());
                w.placeholder.remove();
            }
            keep
        });
        let raw = iframe.get_attribute("data-kelisim-src").unwrap_or_default();
        let Some(src) = crate::config::iframe_src(&raw) else {
            // `javascript:`, `data:` and other schemes: never loaded (as for `policy_url`).
            let _ = iframe.set_attribute(STATE, "refused");
            page::error("kelisim: data-kelisim-src must be an http(s) URL or a path; the iframe stays empty");
            return;
        };
        let _ = iframe.set_attribute(STATE, "loaded");
        let _ = iframe.set_attribute("src", src);
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
    fn wait(&self, shell: &Shell, iframe: Element) -> Result<(), JsValue> {
        let placeholder = page::element("div", "kelisim-placeholder");
        placeholder.set_attribute("data-kelisim-placeholder", &categories(shell, &iframe))?;
        let text = page::element("p", "kelisim-placeholder-text");
        let button = page::element("button", "kelisim-placeholder-allow");
        button.set_attribute("type", "button")?;
        button.set_attribute("data-kelisim-action", "allow-category")?;
        let wanted = categories(shell, &iframe);
        let allow = page::callback(move |event: JsValue| {
            if let Some(shell) = super::shell() {
                let mut ids = Vec::new();
                for id in wanted.split_whitespace() {
                    ids.push(id.to_owned());
                }
                let surface = Surface::Placeholder.of_click(page::trusted(&event));
                shell.choose(Change::Allow(ids), surface);
            }
        });
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
        label(shell, &waiting);
        self.waiting.borrow_mut().push(waiting);
        Ok(())
    }
}

/// Whether the content needing `categories` may run now.
fn granted(shell: &Shell, categories: &str) -> bool {
    consent::allows(shell.consent.borrow().as_ref(), &shell.config, categories)
}

/// The elements matching `selector`, in document order, then those in the shadow roots the
/// loader's list `held` names (automatic blocking: a web component put a tracker there; the
/// roots of the listed elements in the page, in the order they were listed).
fn all(selector: &str, held: &JsValue) -> Vec<Element> {
    let roots: js_sys::Array = match held.is_truthy() {
        true => page::call(held, "roots", &[]).unchecked_into(),
        false => [JsValue::from(page::document())].iter().collect(),
    };
    let mut found = Vec::new();
    for root in roots.iter() {
        // Through `page::call`: a shadow root's `querySelectorAll` needs no import of its own.
        let list: web_sys::NodeList =
            page::call(&root, "querySelectorAll", &[selector.into()]).unchecked_into();
        for i in 0..list.length() {
            if let Some(el) = list.get(i).and_then(|n| n.dyn_into().ok()) {
                found.push(el);
            }
        }
    }
    found
}

/// Gated scripts in document order, except that the scripts the loader held (automatic blocking)
/// take the places of held scripts in the order the page inserted them, the order of the
/// loader's list ([`crate::web::bridge::LOADER_AUTOBLOCK`]): a tracker's loader inserts its
/// script before the first script of the page, not after itself.
fn in_order(shell: &Shell, scripts: Vec<Element>) -> Vec<Element> {
    // The loader's own list, not a sort here: an order attribute sorted in Rust cost the first
    // layer 408 B brotli (measured 2026-12-04).
    let held = shell.link.held();
    if !held.is_truthy() {
        // No automatic blocking: nothing held (and `undefined` has no length to read).
        return scripts;
    }
    let held: js_sys::Array = held.unchecked_into();
    let mut listed = Vec::new();
    for el in held.iter() {
        if let Ok(el) = el.dyn_into::<Element>() {
            if scripts.contains(&el) {
                listed.push(el);
            }
        }
    }
    let mut listed = listed.into_iter();
    let mut out = Vec::new();
    for el in &scripts {
        out.push(match el.has_attribute(SERVICE) {
            true => listed.next().unwrap_or_else(|| el.clone()),
            false => el.clone(),
        });
    }
    out
}

/// The categories `el` waits for: its `data-kelisim-category`, or, for an element the loader
/// held (`data-kelisim-service`: the service's index in the catalogue), the site's own category
/// for the service, else the catalogue's default ([`crate::config::Config::service_category`]).
/// An index the catalogue does not have waits for nothing that can be granted.
fn categories(shell: &Shell, el: &Element) -> String {
    match el.get_attribute(SERVICE) {
        Some(i) => crate::text::parse_digits(&i)
            .and_then(|i| usize::try_from(i).ok())
            .and_then(crate::catalogue::nth)
            .and_then(|id| shell.config.service_category(id))
            .unwrap_or_default()
            .to_owned(),
        None => el
            .get_attribute("data-kelisim-category")
            .unwrap_or_default(),
    }
}

/// Writes a placeholder's texts in the current language.
fn label(shell: &Shell, w: &Waiting) {
    let mut names = Vec::new();
    for id in categories(shell, &w.iframe).split_whitespace() {
        if !granted(shell, id) {
            names.push(shell.category_name(id));
        }
    }
    let names = crate::text::join(&names, ", ");
    let title = w
        .iframe
        .get_attribute("title")
        .map(|t| t.trim().to_owned())
        .filter(|t| !t.is_empty());
    let text = match &title {
        Some(title) => i18n::fill(
            &shell.t(id::PLACEHOLDER_TEXT),
            &[("content", title), ("category", &names)],
        ),
        None => i18n::fill(
            &shell.t(id::PLACEHOLDER_TEXT_UNTITLED),
            &[("category", &names)],
        ),
    };
    let _ = w.placeholder.set_attribute("lang", shell.lang.get().code());
    w.text.set_text_content(Some(&text));
    w.button.set_text_content(Some(&i18n::fill(
        &shell.t(id::PLACEHOLDER_ALLOW),
        &[("category", &names)],
    )));
}
