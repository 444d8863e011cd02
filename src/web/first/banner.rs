//! The first layer's elements, built with the DOM directly (no Leptos): the banner (title,
//! language switch, text with the policy link, the GPC note, Accept all / Reject all / Settings)
//! and the floating button that reopens the settings after a choice.
//!
//! Every text is set with `textContent` (configuration strings are text, never HTML). One click
//! listener on the container dispatches by the buttons' `data-kelisim-action`, so rendering
//! anew (a language switch, a choice) leaves no listeners behind.

use super::{shell, Shell, Shown};
use crate::consent::{Action, Surface};
use crate::i18n::{first::id, first_autonym};
use crate::ids::Ids;
use crate::web::page::{self, element};
use std::cell::RefCell;
use wasm_bindgen::prelude::*;
use web_sys::Element;

/// The container in the shadow root, and the Kazakh country names fetched for it.
#[derive(Default)]
pub struct Ui {
    container: RefCell<Option<Element>>,
    kk_names: RefCell<KkNames>,
}

/// Every country's Kazakh name (`crate::country::kk_file`), which the first layer fetches through
/// the loader only for a Kazakh banner naming a country it does not carry
/// (`crate::country::FIRST_CODES`): the banner is drawn once they came (or failed to: then that
/// country's code is shown).
#[derive(Default)]
enum KkNames {
    #[default]
    Unasked,
    Loading,
    /// The file's text (empty when it could not be loaded).
    Loaded(String),
}

/// The floating button's icon (static markup of this crate, not configuration text).
const ICON: &str = r#"<svg viewBox="0 0 24 24" width="24" height="24" aria-hidden="true" focusable="false"><path fill="currentColor" d="M12 2a10 10 0 1 0 10 10 4 4 0 0 1-5-5 4 4 0 0 1-5-5zm-4.5 9a1.5 1.5 0 1 1 0 3 1.5 1.5 0 0 1 0-3zm3 5a1.5 1.5 0 1 1 0 3 1.5 1.5 0 0 1 0-3zm5-2a1.5 1.5 0 1 1 0 3 1.5 1.5 0 0 1 0-3zM9 6a1.5 1.5 0 1 1 0 3 1.5 1.5 0 0 1 0-3z"/></svg>"#;

impl Ui {
    /// Creates the container in the shadow root and listens for its buttons.
    pub fn mount(&self) -> Result<(), JsValue> {
        let root = page::shadow_root()?;
        let container = element("div", "kelisim");
        root.append_child(&container)?;
        listen(&container, page::callback(|e| on_click(e.unchecked_into())));
        *self.container.borrow_mut() = Some(container);
        Ok(())
    }

    /// Draws the preference center's frame while the app loads (see `super::busy`).
    pub fn busy(&self, shell: &Shell) {
        if let Some(container) = self.container.borrow().as_ref() {
            super::busy::show(shell, container);
        }
    }

    /// Shows what the shell's screen says, in its language. A focused language button keeps the
    /// focus across the re-rendering.
    pub fn render(&self, shell: &Shell) {
        let Some(container) = self.container.borrow().clone() else {
            return;
        };
        let focused_language = page::document()
            .get_element_by_id("kelisim-root")
            .and_then(|h| h.shadow_root())
            .and_then(|r| page::active_element(&r))
            .and_then(|el| el.get_attribute("data-kelisim-language"));
        let screen = shell.screen.get();
        if screen == Shown::Banner && !self.countries_ready(shell) {
            return;
        }
        container.set_text_content(None);
        let shown = if screen == Shown::Banner {
            Some(banner(shell))
        } else if screen.floating_button(shell.consent.borrow().as_ref(), &shell.config) {
            Some(floating(shell))
        } else {
            None
        };
        if let Some(el) = shown {
            let _ = container.append_child(&el);
        }
        if let Some(code) = focused_language {
            let mut selector = String::from("[data-kelisim-language=\"");
            selector.push_str(&code);
            selector.push_str("\"]");
            if let Ok(Some(button)) = container.query_selector(&selector) {
                let _ = button.unchecked_into::<web_sys::HtmlElement>().focus();
            }
        }
    }
}

impl Ui {
    /// Whether the banner can name its countries now: `false` while the Kazakh names it needs are
    /// fetched (the first call starts that; the shell renders again when they came or failed).
    fn countries_ready(&self, shell: &Shell) -> bool {
        if shell.lang.get() != crate::lang::Lang::Kk {
            return true;
        }
        match &*self.kk_names.borrow() {
            KkNames::Loaded(_) => return true,
            KkNames::Loading => return false,
            KkNames::Unasked => {}
        }
        let rare = (shell.config.countries().iter()).any(|c| {
            c != crate::disclosure::UNSPECIFIED && crate::country::first_name_kk(c).is_none()
        });
        if !rare {
            return true;
        }
        let promise = page::call(
            &shell.link.loader(),
            crate::web::bridge::LOADER_TEXT,
            &[crate::web::bridge::FILE_COUNTRIES_KK.into()],
        );
        if !promise.is_object() {
            self.kk_names.replace(KkNames::Loaded(String::new()));
            return true;
        }
        self.kk_names.replace(KkNames::Loading);
        // One function for both outcomes: the text, or the loader's error.
        let came = page::once(|answer| {
            let text = answer.as_string().unwrap_or_else(|| {
                page::error_with("kelisim: cannot load the Kazakh country names:", &answer);
                String::new()
            });
            if let Some(shell) = super::shell() {
                shell.ui.kk_names.replace(KkNames::Loaded(text));
                shell.ui.render(&shell);
            }
        });
        page::call(&promise, "then", &[came.clone(), came]);
        false
    }
}

/// A child element with a class and a text.
fn child(parent: &Element, tag: &str, class: &str, text: &str) -> Element {
    let el = element(tag, class);
    if !text.is_empty() {
        el.set_text_content(Some(text));
    }
    let _ = parent.append_child(&el);
    el
}

fn attr(el: &Element, name: &str, value: &str) {
    let _ = el.set_attribute(name, value);
}

/// A button with a contract action.
fn button(parent: &Element, class: &str, action: &str, label: &str) -> Element {
    let b = child(parent, "button", class, label);
    attr(&b, "type", "button");
    attr(&b, "data-kelisim-action", action);
    b
}

/// The first layer.
fn banner(shell: &Shell) -> Element {
    let lang = shell.lang.get();
    let section = element("section", "k-banner");
    attr(&section, "role", "region");
    attr(&section, "aria-labelledby", "kelisim-title");
    attr(&section, "aria-describedby", "kelisim-text");
    attr(&section, "lang", lang.code());
    attr(&section, "data-kelisim-screen", "banner");
    let head = child(&section, "div", "k-head", "");
    let title = child(&head, "h2", "k-title", &shell.t(id::BANNER_TITLE));
    title.set_id("kelisim-title");
    let langs = &shell.config.languages;
    if langs.len() > 1 {
        let group = child(&head, "div", "k-langs", "");
        attr(&group, "role", "group");
        attr(&group, "aria-label", &shell.t(id::LANGUAGE_LABEL));
        for l in langs {
            let b = button(&group, "k-lang", "language", &shell.t(first_autonym(*l)));
            attr(&b, "data-kelisim-language", l.code());
            attr(&b, "lang", l.code());
            attr(
                &b,
                "aria-pressed",
                if *l == lang { "true" } else { "false" },
            );
        }
    }
    let purposes = crate::purposes::banner_text(
        &shell.config,
        lang,
        |m| shell.t(m),
        |c| shell.category_name(c),
    );
    let text = child(&section, "p", "k-text", &purposes);
    text.set_id("kelisim-text");
    if let Some(policy) = &shell.config.policy_url {
        let _ = text.append_with_str_1(" ");
        let a = child(&text, "a", "k-link", &shell.t(id::BANNER_POLICY_LINK));
        attr(&a, "href", policy.get(lang));
        attr(&a, "target", "_blank");
        attr(&a, "rel", "noopener noreferrer");
    }
    let names = shell.ui.kk_names.borrow();
    let countries = Countries::new(
        lang,
        match &*names {
            KkNames::Loaded(text) => text,
            _ => "",
        },
    );
    let disclosure =
        crate::disclosure::first_layer(&shell.config, lang, |m| shell.t(m), |c| countries.name(c));
    let p = child(&section, "p", "k-disclosure", &disclosure);
    p.set_id("kelisim-disclosure");
    attr(
        &section,
        "aria-describedby",
        "kelisim-text kelisim-disclosure",
    );
    if let Some(note) = shell.gpc_note() {
        let p = child(&section, "p", "k-gpc", &note);
        attr(&p, "data-kelisim-gpc", "");
    }
    let actions = child(&section, "div", "k-actions", "");
    button(
        &actions,
        "k-button",
        Action::AcceptAll.as_str(),
        &shell.t(id::ACTION_ACCEPT_ALL),
    );
    button(
        &actions,
        "k-button",
        Action::RejectAll.as_str(),
        &shell.t(id::ACTION_REJECT_ALL),
    );
    button(
        &actions,
        "k-button",
        "preferences",
        &shell.t(id::ACTION_SETTINGS),
    );
    section
}

/// The button that reopens the settings after a choice.
fn floating(shell: &Shell) -> Element {
    let mut class = String::from("k-float k-");
    class.push_str(&shell.config.floating_button.corner);
    let b = element("button", &class);
    attr(&b, "type", "button");
    attr(&b, "data-kelisim-action", "preferences");
    let label = shell.t(id::FLOATING_LABEL);
    attr(&b, "aria-label", &label);
    attr(&b, "title", &label);
    b.set_inner_html(ICON);
    b
}

/// The container's listener: the buttons' actions on a click; before it, a pointer over or
/// pressed on Settings (or the floating button), or the focus coming to it, loads the app.
fn on_click(event: web_sys::Event) {
    let Some(shell) = shell() else { return };
    let Some(button) = closest(&event, "[data-kelisim-action]") else {
        return;
    };
    let name = button
        .get_attribute("data-kelisim-action")
        .unwrap_or_default();
    // A pointer over or pressed on Settings, the focus coming to it (Tab): the app loads before
    // the click (see `super::link::Link::warm`).
    if page::get(&event, "type") != "click" {
        if name == "preferences" {
            shell.link.warm();
        }
        return;
    }
    let surface = Surface::Banner.of_click(crate::web::page::trusted(&event));
    // A choice (Accept all, Reject all), else the banner's other buttons.
    if shell.press(&name, surface, Ids::new) {
        return;
    }
    match name.as_str() {
        "preferences" => shell.show_preferences(),
        "language" => {
            if let Some(code) = button.get_attribute("data-kelisim-language") {
                shell.set_language(&code);
            }
        }
        _ => {}
    }
}

/// What the first layer's buttons and the page's `data-kelisim-open` elements listen for: the
/// click, and before it a pointer over or pressed on Settings, or the focus coming to it, which
/// load the app (see `super::link::Link::warm`).
const EVENTS: [&str; 4] = ["click", "pointerover", "pointerdown", "focusin"];

/// Any element of the page with `data-kelisim-open` opens the settings when clicked; a pointer
/// over or pressed on it, or the focus coming to it, loads the app first (on a returning visit
/// nothing else does: its start has no banner, and the app is not fetched at idle).
pub fn listen_for_open_links() {
    let handler = page::callback(|event| {
        if let (Some(_), Some(shell)) = (closest(&event, "[data-kelisim-open]"), shell()) {
            if page::get(&event, "type") != "click" {
                shell.link.warm();
                return;
            }
            event.unchecked_ref::<web_sys::Event>().prevent_default();
            shell.show_preferences();
        }
    });
    listen(&page::document(), handler);
}

/// Has `handler` called for each of [`EVENTS`] on `target`.
fn listen(target: &web_sys::EventTarget, handler: JsValue) {
    for name in EVENTS {
        let _ = target.add_event_listener_with_callback(name, handler.unchecked_ref());
    }
}

/// The element matching `selector` that an event's target is, or is inside of.
fn closest(event: &JsValue, selector: &str) -> Option<Element> {
    let target = event.unchecked_ref::<web_sys::Event>().target()?;
    target
        .dyn_into::<Element>()
        .ok()?
        .closest(selector)
        .ok()
        .flatten()
}

/// Country names for the first layer's disclosure: Kazakh from kelisim's own CLDR table
/// (browsers such as Chromium have no Kazakh region names): the countries sites here name
/// carried (`crate::country::first_name_kk`), the others fetched when named (`KkNames`); Russian
/// and English from the browser's own CLDR data (`Intl.DisplayNames`), so the first layer does
/// not carry the whole 13 KB table (+4.3 KB brotli) that the preference center uses. A browser
/// without names in the visitor's language shows the ISO code, never another language's name.
///
/// The browser's names are made when the first country outside the catalogue's is named, not
/// before: their first use in a page costs Chromium 55–77 ms of main thread under the benchmark's
/// ×4 CPU slowdown (a CPU profile of the first layer's start), which a banner naming no country,
/// or only the catalogue's (`crate::country::CATALOGUE_RU_EN`), never pays.
struct Countries<'a> {
    lang: crate::lang::Lang,
    names: std::cell::OnceCell<Option<JsValue>>,
    /// Every Kazakh name, when fetched (`KkNames`), else empty.
    kk_file: &'a str,
}

impl Countries<'_> {
    fn new(lang: crate::lang::Lang, kk_file: &str) -> Countries<'_> {
        Countries {
            lang,
            names: std::cell::OnceCell::new(),
            kk_file,
        }
    }

    /// `new Intl.DisplayNames([lang], { type: "region" })`, when the browser has names in `lang`.
    fn display_names(lang: crate::lang::Lang) -> Option<JsValue> {
        let intl = js_sys::Reflect::get(&page::window(), &"Intl".into()).ok()?;
        let ctor: js_sys::Function = js_sys::Reflect::get(&intl, &"DisplayNames".into())
            .ok()?
            .dyn_into()
            .ok()?;
        let options = js_sys::Object::new();
        page::set(&options, "type", &"region".into());
        let locales: js_sys::Array = [JsValue::from(lang.code())].iter().collect();
        let args: js_sys::Array = [JsValue::from(locales), options.into()].iter().collect();
        let names = js_sys::Reflect::construct(&ctor, &args).ok()?;
        let resolved = page::call(&names, "resolvedOptions", &[]);
        let locale = js_sys::Reflect::get(&resolved, &"locale".into())
            .ok()?
            .as_string()?;
        (locale.split('-').next() == Some(lang.code())).then_some(names)
    }

    fn name(&self, code: &str) -> String {
        if self.lang == crate::lang::Lang::Kk {
            return (crate::country::first_name_kk(code))
                .or_else(|| crate::country::name_in_file(self.kk_file, code))
                .unwrap_or(code)
                .to_owned();
        }
        if let Some(name) = crate::country::catalogue_name(code, self.lang) {
            return name.to_owned();
        }
        self.names
            .get_or_init(|| Countries::display_names(self.lang))
            .as_ref()
            .and_then(|names| page::call(names, "of", &[code.into()]).as_string())
            .unwrap_or_else(|| code.to_owned())
    }
}
