//! The processing consents given on this device: recorded (outbox and local storage, one key
//! each), listed for the preference center, withdrawn, and told to the site (`kelisim:processing`).

use super::*;

/// The browser's context of a new record; `None` without random ids ([`page::uuid`], logged).
pub(super) fn record_context(
    consent_id: String,
    previous: Option<String>,
) -> Option<RecordContext> {
    let window = page::window();
    Some(RecordContext {
        record_id: page::uuid()?,
        consent_id,
        previous_record_id: previous,
        now: page::now(),
        page_url: window.location().href().unwrap_or_default(),
        user_agent: window.navigator().user_agent().unwrap_or_default(),
        gpc: page::global_privacy_control(),
    })
}

pub(super) fn cookie_name(app: App) -> String {
    app.config.with_value(|c| c.cookie.name.clone())
}

/// Records a processing consent just given: outbox, local storage, event. `None` without random
/// ids (no record can be made; logged).
pub(super) fn record_given(
    app: App,
    form_id: &str,
    purpose: &Purpose,
    surface: Surface,
) -> Option<Given> {
    let lang = app.lang.get_untracked();
    let ctx = record_context(page::uuid()?, None)?;
    let record = app
        .config
        .with_value(|c| processing::record(c, form_id, purpose, lang, Step::Given(surface), &ctx));
    delivery::send_record(app, &record);
    let given = Given {
        consent_id: ctx.consent_id.clone(),
        record_id: ctx.record_id.clone(),
        form: form_id.to_owned(),
        purpose: purpose.id.clone(),
        given: record.client_time.clone(),
        language: lang.code().to_owned(),
        withdrawn: None,
    };
    store(app, &given);
    event("given", &given);
    Some(given)
}

pub(super) fn store(app: App, given: &Given) {
    let key = crate::storage::processing_key(&given.consent_id, &cookie_name(app));
    if let (Some(storage), Ok(text)) = (page::storage(), serde_json::to_string(given)) {
        if storage.set_item(&key, &text).is_err() {
            page::error("kelisim: cannot keep the processing consent in local storage; the preference center will not list it");
        }
    }
}

/// The processing consents given on this device, oldest first.
pub fn given_list(app: App) -> Vec<Given> {
    let name = cookie_name(app);
    let storage = page::storage();
    let mut list: Vec<Given> = page::storage_keys(|k| crate::storage::is_processing_key(k, &name))
        .into_iter()
        .filter_map(|k| storage.as_ref()?.get_item(&k).ok().flatten())
        .filter_map(|text| serde_json::from_str(&text).ok())
        .collect();
    list.sort_by(|a, b| a.given.cmp(&b.given));
    list
}

/// Withdraws processing consent `consent_id`: a `withdrawn` record with the same consent id,
/// delivered like every record, and a `kelisim:processing` event. `false` when there is no such
/// consent, it was withdrawn already, or its purpose is no longer configured.
pub fn withdraw(app: App, consent_id: &str, surface: Surface) -> bool {
    let forms = match app.forms.get_value() {
        Setup::Ready(forms) => forms,
        Setup::Broken(_) => Forms::default(),
    };
    let (mut given, purpose) = match processing::withdrawable(&forms, &given_list(app), consent_id)
    {
        Ok(found) => found,
        Err(NotWithdrawable::NotGiven) => return false,
        Err(NotWithdrawable::NotConfigured) => {
            page::error(&[
            "kelisim: the processing consent ",
            consent_id,
            " cannot be withdrawn here: its purpose is no longer in the configuration's `forms`; write to the operator",
        ]
        .concat());
            return false;
        }
    };
    let lang = Lang::from_code(&given.language).unwrap_or(Lang::Kk);
    let Some(ctx) = record_context(given.consent_id.clone(), Some(given.record_id.clone())) else {
        return false;
    };
    let record = app.config.with_value(|c| {
        processing::record(
            c,
            &given.form,
            purpose,
            lang,
            Step::Withdrawn(surface),
            &ctx,
        )
    });
    delivery::send_record(app, &record);
    given.record_id = ctx.record_id;
    given.withdrawn = Some(record.client_time);
    store(app, &given);
    event("withdrawn", &given);
    // The form on this page forgets the tick's record: ticking again is a new consent.
    for input in all(&["input[", CONSENT, "=\"", consent_id, "\"]"].concat()) {
        let _ = input.remove_attribute(RECORD);
        let _ = input.remove_attribute(CONSENT);
        page::set(&input, "checked", &false.into());
        validity(app, &input);
    }
    true
}

pub(super) fn given_js(g: &Given) -> JsValue {
    let o = js_sys::Object::new();
    page::set(&o, "consentId", &g.consent_id.as_str().into());
    page::set(&o, "recordId", &g.record_id.as_str().into());
    page::set(&o, "form", &g.form.as_str().into());
    page::set(&o, "purpose", &g.purpose.as_str().into());
    page::set(&o, "given", &g.given.as_str().into());
    page::set(&o, "language", &g.language.as_str().into());
    page::set(
        &o,
        "withdrawn",
        &g.withdrawn.as_deref().map_or(JsValue::NULL, Into::into),
    );
    o.into()
}

/// `kelisim:processing` with `{ event, form, purpose, consentId, recordId, … }`.
pub(super) fn event(name: &str, given: &Given) {
    let detail = given_js(given);
    page::set(&detail, "event", &name.into());
    page::dispatch("kelisim:processing", &detail);
}
