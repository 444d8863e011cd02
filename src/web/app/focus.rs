//! Focus and the page behind the modal preference center (the WAI-ARIA dialog pattern): what had
//! focus is remembered and gets it back on close, the rest of the page is `inert` while the
//! dialog is open, and Tab / Shift+Tab stay inside it.

use super::state::App;
use crate::web::page;
use leptos::prelude::*;
use wasm_bindgen::JsCast;
use web_sys::{Element, HtmlElement};

/// What had focus when the preference center opened, and the elements made inert (the page's
/// one modal dialog: [`App::focus`]).
#[derive(Default)]
pub struct Focus {
    opener: Option<(HtmlElement, Option<String>)>,
    inerted: Vec<Element>,
}

/// The element that has focus, looking into kelisim's own shadow root.
fn focused_element() -> Option<HtmlElement> {
    let active = page::document().active_element()?;
    let inner = active.shadow_root().and_then(|root| root.active_element());
    inner.unwrap_or(active).dyn_into().ok()
}

/// Remembers what has focus now, with its `data-kelisim-action` (kelisim's own buttons are
/// rendered anew, so focus goes back to the button with the same action).
pub fn remember_opener(app: &App) {
    let opener = focused_element().map(|el| {
        let action = el.get_attribute("data-kelisim-action");
        (el, action)
    });
    app.focus.update_value(|f| f.opener = opener);
}

/// Gives focus back to what opened the preference center, after the view has rendered.
pub fn return_focus_soon(app: &App) {
    let Some((el, action)) = app.focus.try_update_value(|f| f.opener.take()).flatten() else {
        return;
    };
    leptos::prelude::set_timeout(
        move || {
            let target = if el.is_connected() {
                Some(el)
            } else {
                action.and_then(|action| own_button(&action))
            };
            if let Some(el) = target {
                let _ = el.focus();
            }
        },
        std::time::Duration::ZERO,
    );
}

/// kelisim's shown button with `data-kelisim-action="<action>"`.
fn own_button(action: &str) -> Option<HtmlElement> {
    let root = page::document()
        .get_element_by_id("kelisim-root")?
        .shadow_root()?;
    let mut selector = String::from("[data-kelisim-action=\"");
    selector.push_str(action);
    selector.push_str("\"]");
    root.query_selector(&selector)
        .ok()
        .flatten()?
        .dyn_into()
        .ok()
}

/// Makes everything in `<body>` except kelisim inert (the page behind a modal dialog), or undoes it.
///
/// Making it inert waits for the dialog's first frame (an animation frame, then a task): the
/// attribute restyles the whole page behind, which the dialog need not wait for (a Chrome trace
/// of a Settings click on a page of 4,750 boxes, CPU ×4: one 20 ms style recalculation before the
/// first paint, 2026-12-06). Meanwhile the focus is in the dialog, [`trap_tab`] keeps it there and
/// the backdrop covers the page. Closed again by then: nothing is made inert.
pub fn set_page_inert(app: &App, inert: bool) {
    app.focus.update_value(|f| {
        for el in f.inerted.drain(..) {
            let _ = el.remove_attribute("inert");
        }
    });
    if inert {
        let app = *app;
        request_animation_frame(move || {
            set_timeout(
                move || {
                    if app.open.get_untracked() {
                        make_page_inert(&app);
                    }
                },
                std::time::Duration::ZERO,
            )
        });
    }
}

fn make_page_inert(app: &App) {
    let Some(body) = page::document().body() else {
        return;
    };
    app.focus.update_value(|f| {
        let children = body.children();
        for i in 0..children.length() {
            let Some(el) = children.item(i) else { continue };
            if el.id() != "kelisim-root" && !el.has_attribute("inert") && el.tag_name() != "SCRIPT"
            {
                let _ = el.set_attribute("inert", "");
                f.inerted.push(el);
            }
        }
    });
}

/// Keeps Tab and Shift+Tab inside `dialog`.
pub fn trap_tab(dialog: &HtmlElement, ev: &web_sys::KeyboardEvent) {
    let Ok(list) = dialog.query_selector_all(
        "button:not([disabled]), input:not([disabled]), a[href], summary, [tabindex]:not([tabindex=\"-1\"])",
    ) else {
        return;
    };
    let items: Vec<HtmlElement> = (0..list.length())
        .filter_map(|i| list.get(i)?.dyn_into().ok())
        .collect();
    let (Some(first), Some(last)) = (items.first(), items.last()) else {
        return;
    };
    let root = dialog
        .get_root_node()
        .unchecked_into::<web_sys::ShadowRoot>();
    let active = root.active_element();
    let at = |el: &HtmlElement| {
        active
            .as_ref()
            .is_some_and(|a| a == el.unchecked_ref::<Element>())
    };
    let on_dialog = active
        .as_ref()
        .is_none_or(|a| a == dialog.unchecked_ref::<Element>());
    if ev.shift_key() && (at(first) || on_dialog) {
        ev.prevent_default();
        let _ = last.focus();
    } else if !ev.shift_key() && at(last) {
        ev.prevent_default();
        let _ = first.focus();
    }
}
