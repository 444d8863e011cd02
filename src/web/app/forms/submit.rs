//! A marked form's `submit` and `formdata`: the required purposes checked, each ticked purpose's
//! record id in a hidden field ([`crate::processing::ticked`] decides what is recorded).

use super::*;

pub(super) fn target_form(e: &Event) -> Option<Element> {
    let form = e.target()?.dyn_into::<Element>().ok()?;
    (form.tag_name().eq_ignore_ascii_case("form") && form.has_attribute(FORM)).then_some(form)
}

pub(super) fn block(e: &Event) {
    e.prevent_default();
    e.stop_immediate_propagation();
}

pub(super) fn on_submit(app: App, e: Event) {
    let Some(form) = target_form(&e) else { return };
    match form.get_attribute(STATE).as_deref() {
        Some("ready") => {}
        Some("broken") => {
            block(&e);
            if let Ok(Some(note)) = form.query_selector(".kelisim-consent-error") {
                if let Some(n) = note.dyn_ref::<web_sys::HtmlElement>() {
                    let _ = n.focus();
                }
            }
            return;
        }
        _ => {
            block(&e);
            return;
        }
    }
    // A `novalidate` form, or a script's requestSubmit(): check the required purposes here.
    let inputs = inputs(&form);
    for input in &inputs {
        validity(app, input);
    }
    let purposes = purposes_of(app, &form).unwrap_or_default();
    if let Some(input) = processing::blocking(&purposes, &checkboxes(&inputs)).map(|i| &inputs[i]) {
        block(&e);
        if let Some(i) = input.dyn_ref::<web_sys::HtmlElement>() {
            let _ = i.focus();
        }
        page::call(input, "reportValidity", &[]);
        return;
    }
    let given = give(app, &form, Surface::Form);
    // The hidden fields: one per ticked purpose, none for the others.
    for old in form_fields(&form) {
        old.remove();
    }
    for (purpose, record_id) in given {
        let field = page::element("input", "");
        let _ = field.set_attribute("type", "hidden");
        let _ = field.set_attribute("name", &processing::field_name(&purpose));
        let _ = field.set_attribute("value", &record_id);
        let _ = field.set_attribute(FIELD, "");
        let _ = form.append_child(&field);
    }
}

pub(super) fn on_formdata(app: App, e: Event) {
    let Some(form) = target_form(&e) else { return };
    if form.get_attribute(STATE).as_deref() != Some("ready") {
        return;
    }
    let data = Reflect::get(&e, &"formData".into()).unwrap_or(JsValue::UNDEFINED);
    for (purpose, record_id) in give(app, &form, Surface::Form) {
        let name: JsValue = processing::field_name(&purpose).into();
        if !page::call(&data, "has", std::slice::from_ref(&name)).is_truthy() {
            page::call(&data, "append", &[name, record_id.into()]);
        }
    }
}

pub(super) fn inputs(form: &Element) -> Vec<Element> {
    let Ok(list) = form.query_selector_all("input.kelisim-consent-checkbox[data-kelisim-purpose]")
    else {
        return Vec::new();
    };
    (0..list.length())
        .filter_map(|i| list.item(i))
        .filter_map(|n| n.dyn_into::<Element>().ok())
        .collect()
}

pub(super) fn form_fields(form: &Element) -> Vec<Element> {
    let Ok(list) = form.query_selector_all("input[data-kelisim-field]") else {
        return Vec::new();
    };
    (0..list.length())
        .filter_map(|i| list.item(i))
        .filter_map(|n| n.dyn_into::<Element>().ok())
        .collect()
}

/// Each checkbox's purpose id, tick, and the record its tick made.
pub(super) fn checkboxes(inputs: &[Element]) -> Vec<Checkbox> {
    inputs
        .iter()
        .map(|input| Checkbox {
            purpose: input.get_attribute(PURPOSE).unwrap_or_default(),
            ticked: checked(input),
            record: input.get_attribute(RECORD),
        })
        .collect()
}

/// The record ids of the form's ticked purposes, `(purpose id, record id)`; a ticked purpose
/// without a record gets one now (given, delivered, kept for the preference center); see
/// [`processing::ticked`].
pub(super) fn give(app: App, form: &Element, surface: Surface) -> Vec<(String, String)> {
    let form_id = form.get_attribute(FORM).unwrap_or_default();
    let Some(purposes) = purposes_of(app, form) else {
        return Vec::new();
    };
    let inputs = inputs(form);
    let boxes = checkboxes(&inputs);
    processing::ticked(&purposes, &boxes)
        .into_iter()
        .filter_map(|(i, tick)| match tick {
            Tick::Kept(record_id) => Some((boxes[i].purpose.clone(), record_id.to_owned())),
            Tick::Give(purpose) => {
                // Without random ids no record is made (logged): the submission carries no id
                // for it.
                let given = record_given(app, &form_id, purpose, surface)?;
                let _ = inputs[i].set_attribute(RECORD, &given.record_id);
                let _ = inputs[i].set_attribute(CONSENT, &given.consent_id);
                Some((purpose.id.clone(), given.record_id))
            }
        })
        .collect()
}
