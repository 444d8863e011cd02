//! The preference center's frame while the Leptos app loads: never a dead button.
//!
//! When the visitor asks for the settings (the Settings button, the floating button, a
//! `data-kelisim-open` element or `showPreferences()`) before the app is ready, the first layer at
//! once draws an empty dialog where the preference center will be: focused, `aria-busy`, named
//! like the preference center and described by a status message that says it is opening. It
//! lives in the first layer's container, so the shell's next render removes it: when the app's
//! dialog is shown (which then takes the focus), or when the app could not load. Just before the
//! app opens, the focus goes back to what had it before the frame ([`hand_back`]), so the app
//! remembers the real opener and returns the focus there when it closes.

use super::Shell;
use crate::i18n::first::id;
use crate::web::page::{self, element};
use std::cell::RefCell;
use wasm_bindgen::JsCast;
use web_sys::{Element, HtmlElement};

thread_local! {
    /// What had the focus when the frame was drawn.
    static OPENER: RefCell<Option<Element>> = const { RefCell::new(None) };
}

/// The element that has the focus, looking into kelisim's shadow root.
fn focused() -> Option<Element> {
    let active = page::active_element(&page::document());
    let inner = active
        .as_ref()
        .and_then(|a| page::active_element(&a.shadow_root()?.into()));
    inner.or(active)
}

fn focus(el: Element) {
    let _ = el.unchecked_into::<HtmlElement>().focus();
}

/// Gives the focus back to what had it before the frame, if the frame holds it (the app is about
/// to open and remembers the opener, or it failed and the frame goes).
pub fn hand_back() {
    let opener = OPENER.take();
    let in_frame = focused()
        .is_some_and(|f| f.get_attribute("data-kelisim-screen").as_deref() == Some("loading"));
    if let Some(el) = opener.filter(|el| in_frame && el.is_connected()) {
        focus(el);
    }
}

/// Draws the frame over whatever the first layer shows in `container` and moves the focus to it
/// (again, if it is already there).
pub fn show(shell: &Shell, container: &Element) {
    if let Ok(Some(frame)) = container.query_selector(".k-busy") {
        return focus(frame);
    }
    OPENER.set(focused());
    let overlay = element("div", "k-overlay");
    let frame = element("div", "k-dialog k-busy");
    let title = element("h2", "k-title");
    title.set_id("kelisim-busy-title");
    title.set_text_content(Some(&shell.t(id::FLOATING_LABEL)));
    let status = element("p", "k-text");
    status.set_id("kelisim-busy-status");
    status.set_text_content(Some(&shell.t(id::SETTINGS_LOADING)));
    for (name, value) in [
        ("role", "dialog"),
        ("aria-modal", "true"),
        ("aria-busy", "true"),
        ("aria-labelledby", "kelisim-busy-title"),
        ("aria-describedby", "kelisim-busy-status"),
        ("tabindex", "-1"),
        ("lang", shell.lang.get().code()),
        ("data-kelisim-screen", "loading"),
    ] {
        let _ = frame.set_attribute(name, value);
    }
    let _ = status.set_attribute("role", "status");
    let _ = frame.append_child(&title);
    let _ = frame.append_child(&status);
    let _ = overlay.append_child(&frame);
    let _ = container.append_child(&overlay);
    focus(frame);
}
