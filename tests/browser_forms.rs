//! Browser tests of consent to processing in the site's own forms, against the real
//! reference receiver that scripts/test.sh starts on 127.0.0.1:8787 with `--test-hooks`: the
//! checkboxes (never pre-ticked), a required purpose blocking the submission, the record ids in
//! what the site's server receives (a native GET submission: the query of the page it lands on;
//! a script's `fetch` with `FormData`: the body the receiver's `/__test/forms` hook got), the
//! records at the receiver (kind, ids, the SHA-256 of the text the dialog showed), a form added
//! later, a bad configuration failing closed, withdrawal from the preference center, the texts in
//! kk, ru and en, the keyboard path, and the API for a site drawing its own checkbox.
#![cfg(target_arch = "wasm32")]

mod common;

use common::{clear_cookie, receiver, sleep, stored, to_json, top, Frame};
use kelisim::config::forms::{read_forms, Forms};
use kelisim::config::Config;
use kelisim::lang::Lang;
use kelisim::processing;
use serde_json::Value;
use wasm_bindgen::{JsCast, JsValue};
use wasm_bindgen_test::*;
use web_sys::{Element, HtmlElement};

wasm_bindgen_test_configure!(run_in_browser);

const COOKIE: &str = "k_forms";

/// An element of the frame's own document (the light DOM).
fn light(frame: &Frame, selector: &str) -> Option<Element> {
    frame.document().query_selector(selector).unwrap()
}

fn light_all(frame: &Frame, selector: &str) -> Vec<Element> {
    let list = frame.document().query_selector_all(selector).unwrap();
    (0..list.length())
        .map(|i| list.get(i).unwrap().unchecked_into())
        .collect()
}

fn prop(el: &JsValue, name: &str) -> JsValue {
    js_sys::Reflect::get(el, &name.into()).unwrap()
}

fn checked(el: &Element) -> bool {
    prop(el, "checked").is_truthy()
}

/// Waits until the app has taken over form `#id` (its rows are there).
async fn wait_form(frame: &Frame, id: &str) {
    for _ in 0..300 {
        if let Some(form) = light(frame, &format!("#{id}")) {
            if form.has_attribute("data-kelisim-form-state") {
                return;
            }
        }
        sleep(50).await;
    }
    panic!(
        "form #{id} was not taken over; console errors: {}",
        frame.global("__errors")
    );
}

fn click(frame: &Frame, selector: &str) {
    light(frame, selector)
        .unwrap_or_else(|| panic!("no `{selector}` in the page"))
        .unchecked_into::<HtmlElement>()
        .click();
}

/// The page's configuration and forms, read natively by the core.
fn page_config(frame: &Frame) -> (Config, Forms) {
    let text = light(frame, "#kelisim-config")
        .unwrap()
        .text_content()
        .unwrap();
    let config = kelisim::config::parse(&text).0.unwrap();
    let value: Value = serde_json::from_str(&text).unwrap();
    let forms = read_forms(&value).0.unwrap();
    (config, forms)
}

/// The test page's loan form, both its purposes ticked (optional first, then required).
async fn loan_form_with_both_purposes_ticked() -> Frame {
    let frame = Frame::open("/tests/pages/forms.html").await;
    wait_form(&frame, "loan").await;
    click(
        &frame,
        "#loan input[data-kelisim-purpose=\"marketing-messages\"]",
    );
    click(&frame, "#loan input[data-kelisim-purpose=\"application\"]");
    frame
}

/// Clicks `submit` and waits for the frame to land on forms-done.html; its query.
async fn submit_and_land(frame: &Frame, submit: &str) -> Vec<(String, String)> {
    js_sys::Reflect::set(&frame.window(), &"__stale".into(), &JsValue::TRUE).unwrap();
    click(frame, submit);
    for _ in 0..200 {
        sleep(50).await;
        let win = frame.window();
        let fresh = prop(&win, "__stale").is_undefined();
        let path = win.location().pathname().unwrap_or_default();
        if fresh && path.ends_with("forms-done.html") {
            let search = win.location().search().unwrap();
            return search
                .trim_start_matches('?')
                .split('&')
                .filter(|p| !p.is_empty())
                .map(|pair| {
                    let (k, v) = pair.split_once('=').unwrap_or((pair, ""));
                    let decode = |s: &str| {
                        js_sys::decode_uri_component(&s.replace('+', " "))
                            .unwrap()
                            .as_string()
                            .unwrap()
                    };
                    (decode(k), decode(v))
                })
                .collect();
        }
    }
    panic!("the form was not submitted");
}

fn field<'a>(query: &'a [(String, String)], name: &str) -> Option<&'a str> {
    query
        .iter()
        .find(|(k, _)| k == name)
        .map(|(_, v)| v.as_str())
}

/// The processing consents kept on this device for the test cookie (local storage is the test
/// origin's, shared with the frames), oldest first.
fn given_on_device() -> Vec<Value> {
    let storage = top().local_storage().unwrap().unwrap();
    let mut out: Vec<Value> = (0..storage.length().unwrap())
        .filter_map(|i| storage.key(i).unwrap())
        .filter(|k| k.starts_with("kelisim:processing:") && k.ends_with(&format!(":{COOKIE}")))
        .map(|k| serde_json::from_str(&storage.get_item(&k).unwrap().unwrap()).unwrap())
        .collect();
    out.sort_by(|a: &Value, b: &Value| a["given"].as_str().cmp(&b["given"].as_str()));
    out
}

fn is_uuid(s: &str) -> bool {
    s.len() == 36 && s.chars().filter(|c| *c == '-').count() == 4
}

#[wasm_bindgen_test]
async fn nothing_is_pre_ticked_and_a_required_purpose_blocks_until_ticked() {
    clear_cookie(COOKIE);
    let frame = Frame::open("/tests/pages/forms.html").await;
    wait_form(&frame, "loan").await;
    let boxes = light_all(&frame, "#loan input[type=checkbox][data-kelisim-purpose]");
    let ids: Vec<_> = boxes
        .iter()
        .map(|b| b.get_attribute("data-kelisim-purpose").unwrap())
        .collect();
    assert_eq!(
        ids,
        ["application", "marketing-messages"],
        "one checkbox per purpose, in order"
    );
    assert!(boxes.iter().all(|b| !checked(b)), "never pre-ticked");
    assert!(boxes[0].has_attribute("required") && !boxes[1].has_attribute("required"));
    // Each has a label (for=) and a control opening the full text.
    for b in &boxes {
        let id = b.id();
        let label = light(&frame, &format!("label[for=\"{id}\"]")).expect("a label");
        assert!(!label.text_content().unwrap().is_empty());
    }
    assert_eq!(light_all(&frame, "#loan .kelisim-consent-more").len(), 2);
    // The rows stand before the submit button.
    let rows = light(&frame, "#loan .kelisim-consents").unwrap();
    assert_eq!(
        rows.next_element_sibling().map(|e| e.id()),
        Some("loan-submit".into())
    );

    // Unticked: the browser's constraint validation blocks, with the Fluent message, focus on
    // the checkbox.
    click(&frame, "#loan-submit");
    sleep(400).await;
    assert!(
        frame
            .window()
            .location()
            .pathname()
            .unwrap()
            .ends_with("forms.html"),
        "an unticked required purpose blocks the submission"
    );
    let (config, forms) = page_config(&frame);
    let message = prop(&boxes[0], "validationMessage").as_string().unwrap();
    assert_eq!(
        message,
        kelisim::i18n::text(Lang::Ru, kelisim::i18n::id::PROCESSING_REQUIRED_MESSAGE)
    );
    let active = frame.document().active_element().map(|e| e.id());
    assert_eq!(active, Some(boxes[0].id()), "focus moves to the checkbox");
    assert!(frame
        .call_json("processingConsentsGiven", &[])
        .as_array()
        .unwrap()
        .is_empty());

    // The full text, shown in the dialog, is the text whose hash the record carries.
    click(
        &frame,
        "#loan [data-kelisim-consent=\"application\"] .kelisim-consent-more",
    );
    sleep(100).await;
    let dialog = light(&frame, "#loan dialog.kelisim-consent-dialog").expect("the dialog");
    assert!(prop(&dialog, "open").is_truthy(), "the dialog is open");
    let shown: Vec<String> = light_all(&frame, "#loan dialog h2, #loan dialog p")
        .iter()
        .map(|e| e.text_content().unwrap())
        .collect();
    let purpose = forms.purpose("loan-application", "application").unwrap();
    assert_eq!(shown, processing::consent_text(&config, purpose, Lang::Ru));
    assert!(
        shown
            .iter()
            .any(|l| l.contains("ТОО «Сынақ», БИН 240740012077")),
        "{shown:?}"
    );
    assert!(shown
        .iter()
        .any(|l| l.contains("ФИО, ИИН, телефон, сведения о доходах")));
    assert!(shown
        .iter()
        .any(|l| l.contains("на срок договора и 5 лет после")));
    assert!(
        shown.iter().any(|l| l.contains("Соединенные Штаты")),
        "{shown:?}"
    );
    click(&frame, "#loan dialog .kelisim-consent-close");
    sleep(50).await;
    assert!(!prop(&dialog, "open").is_truthy());

    // Ticked: the submission goes, carrying the record id of the required purpose only.
    click(&frame, "#loan input[data-kelisim-purpose=\"application\"]");
    let query = submit_and_land(&frame, "#loan-submit").await;
    let id = field(&query, "kelisim-consent-application").expect("the record id is submitted");
    assert!(is_uuid(id), "{id}");
    assert_eq!(
        field(&query, "kelisim-consent-marketing-messages"),
        None,
        "optional unticked: no field"
    );
    assert_eq!(
        field(&query, "name"),
        Some("Тест Тестов"),
        "the form's own fields are untouched"
    );

    // The record reaches the real receiver: kind, form, purpose, ids, text hash; no form data.
    let given = given_on_device();
    assert_eq!(given.len(), 1, "{given:?}");
    assert_eq!(given[0]["record_id"], id);
    let consent_id = given[0]["consent_id"].as_str().unwrap().to_owned();
    let records = stored(&consent_id, 1).await;
    let r = &records[0];
    assert_eq!(r["kind"], "processing");
    assert_eq!(r["form"], "loan-application");
    assert_eq!(r["purpose"], "application");
    assert_eq!(r["record_id"], id);
    assert_eq!(
        (
            r["event"].as_str(),
            r["action"].as_str(),
            r["screen"].as_str()
        ),
        (Some("given"), Some("submit"), Some("form"))
    );
    assert_eq!(r["language"], "ru");
    assert_eq!(r["texts_sha256"], processing::text_sha256(&shown));
    assert_eq!(r["cross_border_countries"], serde_json::json!(["US"]));
    assert_eq!(r["operator_bin"], "240740012077");
    let body = r.to_string();
    assert!(
        !body.contains("900101300123") && !body.contains("Тестов"),
        "no form data: {body}"
    );
}

#[wasm_bindgen_test]
async fn optional_purposes_never_block_and_each_ticked_purpose_is_its_own_record() {
    clear_cookie(COOKIE);
    let frame = loan_form_with_both_purposes_ticked().await;
    let query = submit_and_land(&frame, "#loan-submit").await;
    let a = field(&query, "kelisim-consent-application")
        .unwrap()
        .to_owned();
    let m = field(&query, "kelisim-consent-marketing-messages")
        .unwrap()
        .to_owned();
    assert_ne!(a, m, "one record per purpose");
    let given = given_on_device();
    assert_eq!(given.len(), 2);
    assert_ne!(
        given[0]["consent_id"], given[1]["consent_id"],
        "separate consents"
    );
    for g in &given {
        let records = stored(g["consent_id"].as_str().unwrap(), 1).await;
        assert_eq!(records[0]["purpose"], g["purpose"]);
    }
}

#[wasm_bindgen_test]
async fn a_fetch_with_form_data_carries_the_ids() {
    clear_cookie(COOKIE);
    let frame = Frame::open("/tests/pages/forms.html").await;
    wait_form(&frame, "fetch").await;
    // Unticked, the script's submit handler never runs: kelisim's listener comes first.
    click(&frame, "#fetch-submit");
    sleep(300).await;
    assert!(
        frame.global("__sent").is_null(),
        "{}",
        frame.global("__sent")
    );
    click(&frame, "#fetch input[data-kelisim-purpose=\"callback\"]");
    click(&frame, "#fetch-submit");
    let mut body = String::new();
    for _ in 0..100 {
        sleep(100).await;
        let forms = receiver("GET", "/__test/forms").await;
        if let Some(b) = forms
            .as_array()
            .unwrap()
            .iter()
            .filter_map(Value::as_str)
            .rfind(|b| b.contains("kelisim-consent-callback"))
        {
            body = b.to_owned();
            break;
        }
    }
    let given = frame.call_json("processingConsentsGiven", &[]);
    let id = given[0]["recordId"]
        .as_str()
        .expect("a consent was given")
        .to_owned();
    assert!(body.contains("name=\"kelisim-consent-callback\""), "{body}");
    assert!(
        body.contains(&id),
        "the request carries the record id {id}: {body}"
    );
    assert_eq!(
        body.matches("kelisim-consent-callback").count(),
        1,
        "once: {body}"
    );
    // A script's FormData built without a submit event gets the same field, through `formdata`.
    let form = light(&frame, "#fetch").unwrap();
    for hidden in light_all(&frame, "#fetch input[data-kelisim-field]") {
        hidden.remove();
    }
    let ctor = prop(&frame.window(), "FormData");
    let data = js_sys::Reflect::construct(
        ctor.unchecked_ref::<js_sys::Function>(),
        &js_sys::Array::of1(&form),
    )
    .unwrap();
    let get: js_sys::Function = prop(&data, "get").unchecked_into();
    assert_eq!(
        get.call1(&data, &"kelisim-consent-callback".into())
            .unwrap()
            .as_string(),
        Some(id.clone()),
        "the same consent, the same record id"
    );
    // And window.kelisim tells a script the ids of the ticked purposes.
    let ids = frame.call_json("processingConsents", &["callback".into()]);
    assert_eq!(ids["callback"], id);
}

#[wasm_bindgen_test]
async fn a_form_added_after_load_gets_its_checkbox() {
    clear_cookie(COOKIE);
    let frame = Frame::open("/tests/pages/forms.html").await;
    wait_form(&frame, "loan").await;
    let doc = frame.document();
    let form = doc.create_element("form").unwrap();
    form.set_id("later");
    form.set_attribute("data-kelisim-form", "callback").unwrap();
    form.set_inner_html("<input name=\"phone\"><button type=\"submit\">Send</button>");
    doc.body().unwrap().append_child(&form).unwrap();
    wait_form(&frame, "later").await;
    let boxes = light_all(&frame, "#later input[data-kelisim-purpose=\"callback\"]");
    assert_eq!(boxes.len(), 1);
    assert!(!checked(&boxes[0]));
    // A form marked after it was added is found too.
    let plain = doc.create_element("form").unwrap();
    plain.set_id("marked-later");
    doc.body().unwrap().append_child(&plain).unwrap();
    sleep(100).await;
    plain
        .set_attribute("data-kelisim-form", "callback")
        .unwrap();
    wait_form(&frame, "marked-later").await;
    assert_eq!(
        light_all(&frame, "#marked-later input[data-kelisim-purpose]").len(),
        1
    );
}

#[wasm_bindgen_test]
async fn on_a_page_without_forms_a_form_added_or_marked_later_loads_the_forms() {
    for marked_later in [false, true] {
        clear_cookie(COOKIE);
        let frame = Frame::open("/tests/pages/forms-later.html").await;
        sleep(300).await;
        assert!(
            prop(&prop(&frame.window(), "kelisim"), "processingConsents").is_undefined(),
            "no form: the forms runtime is not loaded"
        );
        let doc = frame.document();
        let form = doc.create_element("form").unwrap();
        form.set_id("late");
        form.set_inner_html("<input name=\"phone\"><button type=\"submit\">Send</button>");
        if marked_later {
            doc.body().unwrap().append_child(&form).unwrap();
            sleep(200).await;
            form.set_attribute("data-kelisim-form", "callback").unwrap();
        } else {
            form.set_attribute("data-kelisim-form", "callback").unwrap();
            doc.body().unwrap().append_child(&form).unwrap();
        }
        wait_form(&frame, "late").await;
        assert_eq!(
            light_all(&frame, "#late input[data-kelisim-purpose=\"callback\"]").len(),
            1,
            "marked later: {marked_later}"
        );
    }
}

#[wasm_bindgen_test]
async fn a_bad_configuration_blocks_the_form_and_names_the_key() {
    for (page, form, key) in [
        (
            "forms-broken.html",
            "signup",
            "forms.signup.purposes[0].data",
        ),
        ("forms-unknown.html", "order", "forms.order"),
    ] {
        clear_cookie("k_forms_bad");
        let frame = Frame::open(&format!("/tests/pages/{page}")).await;
        wait_form(&frame, form).await;
        let errors = frame.errors();
        assert!(
            errors.iter().any(|e| e.contains(&format!("`{key}`"))),
            "{page}: a console error names {key}: {errors:?}"
        );
        let note = light(
            &frame,
            &format!("#{form} .kelisim-consent-error[role=alert]"),
        )
        .expect("a message in the form says why");
        assert!(note.text_content().unwrap().contains(key), "{page}");
        assert!(light(&frame, &format!("#{form} input[data-kelisim-purpose]")).is_none());
        click(&frame, &format!("#{form}-submit"));
        sleep(400).await;
        assert!(
            frame
                .window()
                .location()
                .pathname()
                .unwrap()
                .ends_with(page),
            "{page}: the submission is blocked"
        );
    }
}

#[wasm_bindgen_test]
async fn withdrawal_in_the_preference_center_sends_its_record() {
    clear_cookie(COOKIE);
    let frame = loan_form_with_both_purposes_ticked().await;
    submit_and_land(&frame, "#loan-submit").await;
    frame.navigate("/tests/pages/forms.html").await;
    wait_form(&frame, "loan").await;
    let given = frame.call_json("processingConsentsGiven", &[]);
    let marketing = given
        .as_array()
        .unwrap()
        .iter()
        .find(|g| g["purpose"] == "marketing-messages")
        .unwrap()
        .clone();
    let consent_id = marketing["consentId"].as_str().unwrap().to_owned();
    frame.open_settings().await;
    let items = frame.query_all("[data-kelisim-processing]");
    assert_eq!(items.len(), 2, "both consents are listed");
    let text = frame.text("[data-kelisim-processing-list]");
    assert!(text.contains("рассылка рекламных сообщений"), "{text}");
    assert!(
        text.contains("оператору"),
        "the note on what a withdrawal does: {text}"
    );
    frame
        .click(&format!(
            "[data-kelisim-processing=\"{consent_id}\"] [data-kelisim-action=\"withdraw-processing\"]"
        ))
        .await;
    // Focus stays in the dialog, on the item that now says it was withdrawn.
    sleep(100).await;
    let active = frame
        .shadow()
        .active_element()
        .expect("focus in the preference center");
    assert_eq!(
        active.get_attribute("data-kelisim-processing").as_deref(),
        Some(consent_id.as_str())
    );
    let records = stored(&consent_id, 2).await;
    let w = &records[1];
    assert_eq!(w["event"], "withdrawn");
    assert_eq!(w["kind"], "processing");
    assert_eq!(w["purpose"], "marketing-messages");
    assert_eq!(w["consent_id"], consent_id.as_str());
    assert_eq!(w["previous_record_id"], records[0]["record_id"]);
    let events = frame.global("__processing");
    assert!(
        events
            .as_array()
            .unwrap()
            .iter()
            .any(|e| e["event"] == "withdrawn" && e["consentId"] == consent_id.as_str()),
        "{events}"
    );
    // The other purpose stays given; the withdrawn one has no button any more.
    let given = frame.call_json("processingConsentsGiven", &[]);
    let states: Vec<_> = given
        .as_array()
        .unwrap()
        .iter()
        .map(|g| {
            (
                g["purpose"].as_str().unwrap().to_owned(),
                g["withdrawn"].is_null(),
            )
        })
        .collect();
    assert!(states.contains(&("application".into(), true)), "{states:?}");
    assert!(
        states.contains(&("marketing-messages".into(), false)),
        "{states:?}"
    );
    assert!(frame
        .query(&format!(
            "[data-kelisim-processing=\"{consent_id}\"] [data-kelisim-action=\"withdraw-processing\"]"
        ))
        .is_none());
}

#[wasm_bindgen_test]
async fn the_texts_in_kazakh_russian_and_english() {
    for lang in [Lang::Kk, Lang::Ru, Lang::En] {
        clear_cookie(COOKIE);
        let frame = Frame::open(&format!("/tests/pages/forms.html?lang={}", lang.code())).await;
        wait_form(&frame, "loan").await;
        let (config, forms) = page_config(&frame);
        let purpose = forms.purpose("loan-application", "application").unwrap();
        let label = light(&frame, "#loan [data-kelisim-consent=\"application\"] label")
            .unwrap()
            .text_content()
            .unwrap();
        assert!(
            label.starts_with(&processing::label(&config, purpose, lang)),
            "{lang:?}: {label}"
        );
        let expected = match lang {
            Lang::Kk => "Дербес деректерімді жинауға және өңдеуге келісім беремін",
            Lang::Ru => "Даю согласие на сбор и обработку",
            Lang::En => "I consent to the collection and processing",
        };
        assert!(label.contains(expected), "{lang:?}: {label}");
        assert!(
            label.contains(purpose.purpose.get(lang)),
            "{lang:?}: {label}"
        );
        click(
            &frame,
            "#loan [data-kelisim-consent=\"application\"] .kelisim-consent-more",
        );
        sleep(100).await;
        let title = light(&frame, "#loan dialog h2")
            .unwrap()
            .text_content()
            .unwrap();
        assert_eq!(
            title,
            kelisim::i18n::text(lang, kelisim::i18n::id::PROCESSING_TITLE),
            "{lang:?}"
        );
        let dialog = light(&frame, "#loan dialog").unwrap();
        assert_eq!(dialog.get_attribute("lang").as_deref(), Some(lang.code()));
    }
}

#[wasm_bindgen_test]
async fn the_keyboard_reaches_every_control_and_the_dialog_returns_focus() {
    clear_cookie(COOKIE);
    let frame = Frame::open("/tests/pages/forms.html").await;
    wait_form(&frame, "loan").await;
    // Every control is a native, focusable element in the tab order, in document order: a
    // checkbox (Space ticks it), then the button opening the text (Enter or Space), then the
    // form's submit button.
    let controls = light_all(
        &frame,
        "#loan .kelisim-consent input, #loan .kelisim-consent button, #loan-submit",
    );
    assert_eq!(controls.len(), 5);
    for c in &controls {
        let el: &HtmlElement = c.unchecked_ref();
        assert!(el.tab_index() >= 0, "{}", c.outer_html());
        el.focus().unwrap();
        assert_eq!(
            frame.document().active_element().map(|a| a.outer_html()),
            Some(c.outer_html()),
            "focusable"
        );
        if c.id() == "loan-submit" {
            continue; // the site's own button
        }
        // 24 px targets (WCAG 2.2 target size).
        let r = c.get_bounding_client_rect();
        assert!(
            common::is_target_size(&r),
            "{} is {}x{}",
            c.outer_html(),
            r.width(),
            r.height()
        );
        // Focus is visible.
        let outline = frame
            .window()
            .get_computed_style(c)
            .unwrap()
            .unwrap()
            .get_property_value("outline-style")
            .unwrap();
        assert_ne!(outline, "none", "{}: focus visible", c.outer_html());
    }
    // The dialog takes the focus (modal), and gives it back to its opener when it closes.
    let more = light(
        &frame,
        "#loan [data-kelisim-consent=\"application\"] .kelisim-consent-more",
    )
    .unwrap();
    more.unchecked_ref::<HtmlElement>().focus().unwrap();
    more.unchecked_ref::<HtmlElement>().click();
    sleep(100).await;
    let active = frame.document().active_element().unwrap();
    assert!(
        active.closest("dialog").unwrap().is_some(),
        "focus is in the dialog: {}",
        active.outer_html()
    );
    active.unchecked_ref::<HtmlElement>().click();
    sleep(100).await;
    assert_eq!(
        frame.document().active_element().map(|a| a.outer_html()),
        Some(more.outer_html())
    );
    // Space on a focused checkbox is its click: ticked, the submission goes.
    let required = light(&frame, "#loan input[data-kelisim-purpose=\"application\"]").unwrap();
    required.unchecked_ref::<HtmlElement>().focus().unwrap();
    required.unchecked_ref::<HtmlElement>().click();
    assert!(checked(&required));
    let query = submit_and_land(&frame, "#loan-submit").await;
    assert!(field(&query, "kelisim-consent-application").is_some());
    let _ = to_json(&JsValue::NULL);
}

/// A site that draws its own checkbox (or none) uses the API the contract names: after
/// `kelisim:forms-ready` (fired once), `processingText` gives the exact text the core writes and
/// its SHA-256, `giveProcessingConsent` records a consent (delivered, a `kelisim:processing`
/// event, listed by `processingConsentsGiven`), `withdrawProcessingConsent` withdraws it; an
/// unknown purpose gets `null` and a console error naming it. kelisim's own checkboxes carry the
/// class `kelisim-consent-checkbox`.
#[wasm_bindgen_test]
async fn a_site_drawing_its_own_checkbox_uses_the_api_and_its_events() {
    clear_cookie(COOKIE);
    let frame = Frame::open("/tests/pages/forms.html").await;
    wait_form(&frame, "loan").await;
    sleep(100).await;
    assert_eq!(frame.global("__formsReady"), 1, "kelisim:forms-ready, once");
    let boxes = light_all(&frame, "#loan input.kelisim-consent-checkbox");
    assert_eq!(boxes.len(), 2, "one checkbox per purpose, with the class");
    assert!(boxes.iter().all(|b| !checked(b)), "none pre-ticked");

    let (config, forms) = page_config(&frame);
    let purpose = forms
        .purpose("loan-application", "marketing-messages")
        .unwrap();
    let text = frame.call_json(
        "processingText",
        &["loan-application".into(), "marketing-messages".into()],
    );
    let lines = processing::consent_text(&config, purpose, Lang::Ru);
    let shown: Vec<String> = text["lines"]
        .as_array()
        .unwrap()
        .iter()
        .map(|l| l.as_str().unwrap().to_owned())
        .collect();
    assert_eq!(shown, lines, "the core's text: {text}");
    assert_eq!(text["sha256"], processing::text_sha256(&lines));
    assert_eq!(text["label"], lines[1].as_str());
    assert_eq!(text["required"], false);
    assert_eq!(text["language"], "ru");

    let record_id = frame
        .call_json(
            "giveProcessingConsent",
            &["loan-application".into(), "marketing-messages".into()],
        )
        .as_str()
        .expect("a record id")
        .to_owned();
    let given = frame.call_json("processingConsentsGiven", &[]);
    let mine = given
        .as_array()
        .unwrap()
        .iter()
        .find(|g| g["recordId"] == record_id.as_str())
        .unwrap_or_else(|| panic!("listed: {given}"))
        .clone();
    assert_eq!(mine["form"], "loan-application");
    assert_eq!(mine["purpose"], "marketing-messages");
    assert!(mine["withdrawn"].is_null(), "{mine}");
    let consent_id = mine["consentId"].as_str().unwrap().to_owned();
    let records = stored(&consent_id, 1).await;
    assert_eq!(records[0]["record_id"], record_id.as_str());
    assert_eq!(records[0]["kind"], "processing");
    assert_eq!(records[0]["form"], "loan-application");
    assert_eq!(records[0]["purpose"], "marketing-messages");
    assert_eq!(records[0]["texts_sha256"], processing::text_sha256(&lines));

    assert_eq!(
        frame.call_json("withdrawProcessingConsent", &[consent_id.as_str().into()]),
        true
    );
    let records = stored(&consent_id, 2).await;
    assert_eq!(records[1]["event"], "withdrawn");
    let events = frame.global("__processing");
    let events: Vec<_> = (events.as_array().unwrap().iter())
        .filter(|e| e["consentId"] == consent_id.as_str())
        .map(|e| e["event"].as_str().unwrap().to_owned())
        .collect();
    assert_eq!(events, ["given", "withdrawn"]);
    let given = frame.call_json("processingConsentsGiven", &[]);
    assert!(
        given
            .as_array()
            .unwrap()
            .iter()
            .any(|g| g["consentId"] == consent_id.as_str() && !g["withdrawn"].is_null()),
        "{given}"
    );

    assert_eq!(
        frame.call_json(
            "processingText",
            &["loan-application".into(), "nope".into()]
        ),
        Value::Null
    );
    assert!(
        frame
            .errors()
            .iter()
            .any(|e| e.contains("processingText") && e.contains("nope")),
        "{:?}",
        frame.errors()
    );
    clear_cookie(COOKIE);
}
