//! The full text of a purpose's consent in a modal `<dialog>`, opened by its row's button.

use super::*;

/// Opens the full text of a purpose's consent in a modal dialog.
pub(super) fn show_text(app: App, button: &Element) {
    let Some(row) = button.closest(".kelisim-consent").ok().flatten() else {
        return;
    };
    let Some(form) = row.closest("form").ok().flatten() else {
        return;
    };
    let purpose_id = row
        .get_attribute("data-kelisim-consent")
        .unwrap_or_default();
    let Some(purpose) =
        purposes_of(app, &form).and_then(|p| p.into_iter().find(|p| p.id == purpose_id))
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
