//! The forms' rows in the page: a marked form found (now or later) gets, per purpose, its
//! checkbox, label and "more" button, or the error note of a form kelisim cannot serve; the
//! texts in the current language and the required purposes' validity.

use super::*;

/// Handles every marked form not handled yet.
pub(super) fn scan(app: App) {
    let setup = app.forms.get_value();
    for form in all("form[data-kelisim-form]:not([data-kelisim-form-state])") {
        let id = form.get_attribute(FORM).unwrap_or_default();
        let found = match &setup {
            Setup::Broken(key) => Err(key.clone()),
            Setup::Ready(forms) => forms.form(&id).cloned().ok_or_else(|| {
                let key = ["forms.", id.as_str()].concat();
                page::error(
                    &[
                        "kelisim: configuration invalid `",
                        &key,
                        "`: the page has a form data-kelisim-form=\"",
                        &id,
                        "\" and the configuration's `forms` has no such form; the form cannot be submitted",
                    ]
                    .concat(),
                );
                key
            }),
        };
        match found {
            Ok(config) => attach(app, &form, &config.purposes),
            Err(key) => broken(app, &form, &key),
        }
    }
}

/// Adds the purposes' rows to a form.
pub(super) fn attach(app: App, form: &Element, purposes: &[Purpose]) {
    let form_id = form.get_attribute(FORM).unwrap_or_default();
    let n = all("form[data-kelisim-form-state]").len();
    let container = page::element("div", "kelisim-consents");
    let _ = container.set_attribute("data-kelisim-consents-for", &form_id);
    for p in purposes {
        let row = page::element("div", "kelisim-consent");
        let _ = row.set_attribute("data-kelisim-consent", &p.id);
        let box_id = ["kelisim-", &form_id, "-", &p.id, "-", &n.to_string()].concat();
        let input = page::element("input", "kelisim-consent-checkbox");
        let _ = input.set_attribute("type", "checkbox");
        let _ = input.set_attribute("id", &box_id);
        let _ = input.set_attribute(PURPOSE, &p.id);
        if p.required {
            let _ = input.set_attribute("required", "");
            let _ = input.set_attribute("aria-required", "true");
        }
        let on_change = Closure::<dyn Fn(Event)>::new(move |e: Event| {
            if let Some(input) = e.target().and_then(|t| t.dyn_into::<Element>().ok()) {
                // A new tick is a new consent.
                let _ = input.remove_attribute(RECORD);
                let _ = input.remove_attribute(CONSENT);
                validity(app, &input);
            }
        })
        .into_js_value();
        let _ = input.add_event_listener_with_callback("change", on_change.unchecked_ref());
        let label = page::element("label", "kelisim-consent-label");
        let _ = label.set_attribute("for", &box_id);
        let more = page::element("button", "kelisim-consent-more");
        let _ = more.set_attribute("type", "button");
        let _ = more.set_attribute("aria-haspopup", "dialog");
        let _ = more.set_attribute("data-kelisim-action", "consent-text");
        let on_more = Closure::<dyn Fn(Event)>::new(move |e: Event| {
            if let Some(button) = e
                .current_target()
                .and_then(|t| t.dyn_into::<Element>().ok())
            {
                show_text(app, &button);
            }
        })
        .into_js_value();
        let _ = more.add_event_listener_with_callback("click", on_more.unchecked_ref());
        let _ = row.append_child(&input);
        let _ = row.append_child(&label);
        let _ = row.append_child(&more);
        let _ = container.append_child(&row);
    }
    place(form, &container);
    let _ = form.set_attribute(STATE, "ready");
    label_form(app, form);
}

/// Puts kelisim's element into the form: into `[data-kelisim-consents]`, else before the first
/// submit button, else at the end.
pub(super) fn place(form: &Element, el: &Element) {
    if let Ok(Some(slot)) = form.query_selector("[data-kelisim-consents]") {
        let _ = slot.append_child(el);
        return;
    }
    let submit = form
        .query_selector("button[type=submit], button:not([type]), input[type=submit]")
        .ok()
        .flatten();
    match submit
        .as_ref()
        .and_then(|b| b.parent_node().map(|p| (b, p)))
    {
        Some((button, parent)) => {
            let _ = parent.insert_before(el, Some(button));
        }
        None => {
            let _ = form.append_child(el);
        }
    }
}

/// A marked form kelisim cannot serve: its submission is blocked, and it says why.
pub(super) fn broken(app: App, form: &Element, key: &str) {
    let note = page::element("p", "kelisim-consent-error");
    let _ = note.set_attribute("role", "alert");
    let _ = note.set_attribute("data-kelisim-error", key);
    let _ = note.set_attribute("tabindex", "-1");
    place(form, &note);
    let _ = form.set_attribute(STATE, "broken");
    label_form(app, form);
}

/// Writes a form's texts in the current language.
pub(super) fn label_form(app: App, form: &Element) {
    let lang = app.lang.get_untracked();
    if let Ok(Some(note)) = form.query_selector(".kelisim-consent-error") {
        let key = note.get_attribute("data-kelisim-error").unwrap_or_default();
        // Without the operator's BIN (law 94-V Art. 8(4)) the form says so in plain words.
        let text = match key.as_str() {
            "operator.bin" => t(app, id::PROCESSING_NO_BIN),
            _ => i18n::format(lang, &t(app, id::PROCESSING_BROKEN), &[("key", &key)]),
        };
        note.set_text_content(Some(&text));
    }
    let Some(p) = purposes_of(app, form) else {
        return;
    };
    for row in rows(form) {
        let Some(purpose) = p
            .iter()
            .find(|p| Some(&p.id) == row.get_attribute("data-kelisim-consent").as_ref())
        else {
            continue;
        };
        let label = app
            .config
            .with_value(|c| processing::label(c, purpose, lang));
        if let Ok(Some(el)) = row.query_selector("label") {
            el.set_text_content(Some(&label));
            if purpose.required {
                let mark = page::element("span", "kelisim-consent-required");
                mark.set_text_content(Some(&[" ", &t(app, id::PROCESSING_REQUIRED)].concat()));
                let _ = el.append_child(&mark);
            }
        }
        if let Ok(Some(more)) = row.query_selector("button") {
            more.set_text_content(Some(&t(app, id::PROCESSING_MORE)));
        }
        if let Ok(Some(input)) = row.query_selector("input") {
            validity(app, &input);
        }
    }
}

pub(super) fn relabel(app: App) {
    for form in all("form[data-kelisim-form-state]") {
        label_form(app, &form);
    }
}

pub(super) fn rows(form: &Element) -> Vec<Element> {
    let Ok(list) = form.query_selector_all(".kelisim-consent[data-kelisim-consent]") else {
        return Vec::new();
    };
    (0..list.length())
        .filter_map(|i| list.item(i))
        .filter_map(|n| n.dyn_into::<Element>().ok())
        .collect()
}

pub(super) fn checked(input: &Element) -> bool {
    Reflect::get(input, &"checked".into()).is_ok_and(|v| v.is_truthy())
}

/// A required purpose's checkbox is invalid until ticked, with the Fluent message.
pub(super) fn validity(app: App, input: &Element) {
    if !input.has_attribute("required") {
        return;
    }
    let message = if checked(input) {
        String::new()
    } else {
        t(app, id::PROCESSING_REQUIRED_MESSAGE)
    };
    page::call(input, "setCustomValidity", &[message.into()]);
}
