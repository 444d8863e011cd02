//! The forms' methods on `window.kelisim`: `processingConsents`, `processingText`,
//! `giveProcessingConsent`, `withdrawProcessingConsent`, `processingConsentsGiven`.

use super::*;

pub(super) fn api_method(
    api: &JsValue,
    name: &str,
    f: impl Fn(JsValue, JsValue) -> JsValue + 'static,
) {
    page::set(
        api,
        name,
        &Closure::<dyn Fn(JsValue, JsValue) -> JsValue>::new(f).into_js_value(),
    );
}

/// The first marked form with this id on the page.
pub(super) fn form_by_id(id: &str) -> Option<Element> {
    all("form[data-kelisim-form]")
        .into_iter()
        .find(|f| f.get_attribute(FORM).as_deref() == Some(id))
}

/// Adds the forms' methods to `window.kelisim`.
pub(super) fn install_api(app: App) {
    let Ok(api) = Reflect::get(&page::window(), &"kelisim".into()) else {
        return;
    };
    if !api.is_object() {
        return;
    }
    // processingConsents(formId): { purposeId: recordId } of the ticked purposes (recorded now
    // when not yet); without an id, { formId: { … } } for every ready form.
    api_method(&api, "processingConsents", move |form_id, _| {
        let of = |form: &Element| {
            let o = js_sys::Object::new();
            for (purpose, record) in give(app, form, Surface::Api) {
                page::set(&o, &purpose, &record.into());
            }
            JsValue::from(o)
        };
        match form_id.as_string() {
            Some(id) => form_by_id(&id)
                .filter(|f| f.get_attribute(STATE).as_deref() == Some("ready"))
                .map_or(JsValue::NULL, |f| of(&f)),
            None => {
                let all_forms = js_sys::Object::new();
                for f in all("form[data-kelisim-form-state=\"ready\"]") {
                    page::set(
                        &all_forms,
                        &f.get_attribute(FORM).unwrap_or_default(),
                        &of(&f),
                    );
                }
                all_forms.into()
            }
        }
    });
    // processingText(formId, purposeId): { lines, sha256, label, required } in the current
    // language: what a site that draws its own checkbox must show.
    api_method(&api, "processingText", move |form, purpose| {
        let (Some(form), Some(purpose)) = (form.as_string(), purpose.as_string()) else {
            return JsValue::NULL;
        };
        let Some(p) = configured(app, &form, &purpose) else {
            page::error(
                &[
                    "kelisim: processingText: no purpose `",
                    &purpose,
                    "` in `forms.",
                    &form,
                    "`",
                ]
                .concat(),
            );
            return JsValue::NULL;
        };
        let lang = app.lang.get_untracked();
        let lines = app
            .config
            .with_value(|c| processing::consent_text(c, &p, lang));
        let o = js_sys::Object::new();
        page::set(&o, "sha256", &processing::text_sha256(&lines).into());
        page::set(
            &o,
            "label",
            &lines.get(1).cloned().unwrap_or_default().into(),
        );
        page::set(&o, "required", &p.required.into());
        page::set(&o, "language", &lang.code().into());
        let arr: js_sys::Array = lines.iter().map(|l| JsValue::from(l.as_str())).collect();
        page::set(&o, "lines", &arr);
        o.into()
    });
    // giveProcessingConsent(formId, purposeId): records a consent the visitor gave in the site's
    // own interface (after seeing processingText); the record id, or null.
    api_method(&api, "giveProcessingConsent", move |form, purpose| {
        let (Some(form), Some(purpose)) = (form.as_string(), purpose.as_string()) else {
            return JsValue::NULL;
        };
        match configured(app, &form, &purpose) {
            Some(p) => record_given(app, &form, &p, Surface::Api)
                .map_or(JsValue::NULL, |g| g.record_id.into()),
            None => {
                page::error(
                    &[
                        "kelisim: giveProcessingConsent: no purpose `",
                        &purpose,
                        "` in `forms.",
                        &form,
                        "`",
                    ]
                    .concat(),
                );
                JsValue::NULL
            }
        }
    });
    // withdrawProcessingConsent(consentId): true when withdrawn.
    api_method(
        &api,
        "withdrawProcessingConsent",
        move |consent, _| match consent.as_string() {
            Some(id) => withdraw(app, &id, Surface::Api).into(),
            None => false.into(),
        },
    );
    // processingConsentsGiven(): the consents given on this device.
    api_method(&api, "processingConsentsGiven", move |_, _| {
        given_list(app)
            .iter()
            .map(given_js)
            .collect::<js_sys::Array>()
            .into()
    });
    page::dispatch("kelisim:forms-ready", &JsValue::NULL);
}
