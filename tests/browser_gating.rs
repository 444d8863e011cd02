//! Browser tests of what a site gates behind consent, in headless Chromium and
//! Firefox: gated scripts (inline and with src, document order, exactly once, several
//! categories, added later, refused, after a reload), gated iframes and their placeholder in the
//! visitor's language, Google Consent Mode v2 with and without the page's own gtag, failing
//! closed on a bad configuration, and a page with a strict Content-Security-Policy.
//!
//! Every page records the runs of its gated fixture scripts in `window.__runs`
//! (`tests/pages/gating-setup.js`, `gating-run.js`).
#![cfg(target_arch = "wasm32")]

mod common;

use common::{clear_cookie, set_cookie, sleep, Frame};
use kelisim::consent::Consent;
use kelisim::i18n::{category_name, fill, id, text, Lang};
use serde_json::{json, Value};
use wasm_bindgen::{JsCast, JsValue};
use wasm_bindgen_test::*;
use web_sys::{Element, HtmlElement};

wasm_bindgen_test_configure!(run_in_browser);

/// Every script of the gating pages, in document order.
const ALL: [&str; 7] = [
    "inline-1",
    "src-1",
    "inline-2",
    "both",
    "src-2",
    "preferences",
    "necessary",
];

fn runs(frame: &Frame) -> Vec<String> {
    frame
        .global("__runs")
        .as_array()
        .expect("the page records __runs")
        .iter()
        .map(|v| v.as_str().unwrap_or_default().to_owned())
        .collect()
}

/// Waits (up to 5 s) until `__runs` has `n` entries, then a little more to see any extra run.
async fn runs_after(frame: &Frame, n: usize) -> Vec<String> {
    for _ in 0..100 {
        if runs(frame).len() >= n {
            break;
        }
        sleep(50).await;
    }
    sleep(200).await;
    runs(frame)
}

/// Waits (up to 5 s) for `cond`.
async fn until(what: &str, cond: impl Fn() -> bool) {
    for _ in 0..100 {
        if cond() {
            return;
        }
        sleep(50).await;
    }
    panic!("timed out waiting for {what}");
}

/// Appends a gated inline script to the page, as a site script would later.
fn add_script(frame: &Frame, categories: &str, name: &str) {
    let doc = frame.document();
    let s = doc.create_element("script").unwrap();
    s.set_attribute("type", "text/plain").unwrap();
    s.set_attribute("data-kelisim-category", categories)
        .unwrap();
    s.set_text_content(Some(&format!("window.__runs.push({name:?});")));
    doc.body().unwrap().append_child(&s).unwrap();
}

/// The gated scripts still waiting in the page.
fn waiting_scripts(frame: &Frame) -> u32 {
    frame
        .document()
        .query_selector_all("script[type=\"text/plain\"][data-kelisim-category]")
        .unwrap()
        .length()
}

fn strings(items: &[&str]) -> Vec<String> {
    items.iter().map(|s| s.to_string()).collect()
}

fn consent_cookie(categories: &[&str], name: &str) {
    let consent = Consent {
        id: "0b6f2f59-6a0e-4d34-9d3c-5b1f0f6f7a10".into(),
        revision: 1,
        given: (js_sys::Date::now() / 1000.0) as i64 - 60,
        language: Lang::Kk,
        granted: categories.iter().map(|s| s.to_string()).collect(),
        gpc: false,
    };
    set_cookie(name, &kelisim::cookie::encode(&consent));
}

#[wasm_bindgen_test]
async fn gated_scripts_run_after_accept_all_in_document_order_exactly_once() {
    clear_cookie("k_gating");
    let frame = Frame::open("/tests/pages/gating.html").await;
    // Before any choice only the required category runs (it needs no consent).
    assert_eq!(runs_after(&frame, 1).await, ["necessary"]);
    sleep(300).await;
    assert_eq!(
        runs(&frame),
        ["necessary"],
        "nothing else runs before consent"
    );
    assert_eq!(waiting_scripts(&frame), 6);

    frame.click("[data-kelisim-action=\"accept-all\"]").await;
    // In document order: an inline script after a src script waits until it has loaded.
    let mut expected = strings(&ALL);
    expected.rotate_right(1); // `necessary` ran first
    assert_eq!(runs_after(&frame, 7).await, expected);
    assert_eq!(waiting_scripts(&frame), 0);
    // Real scripts in place of the originals: no type, attributes kept, src kept.
    let src = frame
        .document()
        .query_selector("script[data-run=\"src-2\"]")
        .unwrap()
        .expect("the src script was put in place");
    assert_eq!(src.get_attribute("type"), None);
    assert_eq!(src.get_attribute("data-kelisim-category"), None);
    assert_eq!(src.get_attribute("src").as_deref(), Some("gating-run.js"));

    // Exactly once: more choices do not run them again.
    frame.call("acceptAll", &[]);
    frame.call(
        "setConsent",
        &[page_object(&frame, json!({"analytics": true}))],
    );
    sleep(300).await;
    assert_eq!(runs(&frame), expected);

    // A gated script added later runs once its category is granted (here at once).
    add_script(&frame, "analytics", "late");
    expected.push("late".into());
    assert_eq!(runs_after(&frame, 8).await, expected);

    // After a reload with the stored consent they all run without a click, in document order.
    frame.reload().await;
    assert!(!frame.banner_shown());
    assert_eq!(runs_after(&frame, 7).await, ALL);
    assert_eq!(frame.errors(), Vec::<String>::new());
}

/// A JS object of the frame's realm from JSON (the API compares plain objects).
fn page_object(frame: &Frame, value: Value) -> JsValue {
    let json: js_sys::Object = js_sys::Reflect::get(&frame.window(), &"JSON".into())
        .unwrap()
        .unchecked_into();
    let parse: js_sys::Function = js_sys::Reflect::get(&json, &"parse".into())
        .unwrap()
        .unchecked_into();
    parse.call1(&json, &value.to_string().into()).unwrap()
}

#[wasm_bindgen_test]
async fn a_script_naming_two_categories_needs_both_and_refusing_does_not_unrun() {
    clear_cookie("k_gating_partial");
    let frame = Frame::open("/tests/pages/gating-partial.html").await;
    assert_eq!(runs_after(&frame, 1).await, ["necessary"]);

    frame.call(
        "setConsent",
        &[page_object(&frame, json!({"analytics": true}))],
    );
    assert_eq!(
        runs_after(&frame, 4).await,
        ["necessary", "inline-1", "src-1", "inline-2"],
        "`analytics marketing` waits for marketing"
    );
    frame.call(
        "setConsent",
        &[page_object(&frame, json!({"marketing": true}))],
    );
    assert_eq!(
        runs_after(&frame, 6).await,
        [
            "necessary",
            "inline-1",
            "src-1",
            "inline-2",
            "both",
            "src-2"
        ]
    );

    // Refusing later does not un-run anything, nor run anything again; new analytics scripts
    // now wait.
    frame.call(
        "setConsent",
        &[page_object(&frame, json!({"analytics": false}))],
    );
    add_script(&frame, "analytics", "late-analytics");
    add_script(&frame, "marketing", "late-marketing");
    assert_eq!(
        runs_after(&frame, 7).await,
        [
            "necessary",
            "inline-1",
            "src-1",
            "inline-2",
            "both",
            "src-2",
            "late-marketing"
        ]
    );
    frame.call("withdraw", &[]);
    sleep(300).await;
    assert_eq!(runs(&frame).len(), 7);
    assert_eq!(
        waiting_scripts(&frame),
        2,
        "preferences and late-analytics wait"
    );
    assert_eq!(frame.errors(), Vec::<String>::new());
}

#[wasm_bindgen_test]
async fn refused_categories_never_run() {
    clear_cookie("k_gating_refuse");
    let frame = Frame::open("/tests/pages/gating-refuse.html").await;
    assert_eq!(runs_after(&frame, 1).await, ["necessary"]);
    frame.click("[data-kelisim-action=\"reject-all\"]").await;
    add_script(&frame, "marketing", "late");
    sleep(500).await;
    assert_eq!(runs(&frame), ["necessary"]);
    assert_eq!(waiting_scripts(&frame), 7);
    frame.reload().await;
    assert!(!frame.banner_shown());
    sleep(500).await;
    assert_eq!(runs(&frame), ["necessary"]);
    assert_eq!(waiting_scripts(&frame), 6);
}

#[wasm_bindgen_test]
async fn a_configuration_with_errors_gates_nothing_in() {
    consent_cookie(
        &["necessary", "preferences", "analytics", "marketing"],
        "k_gating_invalid",
    );
    let frame = Frame::open("/tests/pages/gating-invalid.html").await;
    sleep(500).await;
    assert_eq!(runs(&frame), Vec::<String>::new());
    frame.call("acceptAll", &[]);
    sleep(300).await;
    assert_eq!(runs(&frame), Vec::<String>::new());
    let iframe = frame.document().get_element_by_id("video").unwrap();
    assert_eq!(iframe.get_attribute("src"), None);
    // Consent Mode: the first layer stores no early answer for an invalid configuration, so the
    // loader's default is already all denied (despite the cookie), and nothing grants later.
    let layer = frame.global("dataLayer");
    let layer = layer.as_array().unwrap();
    assert_eq!(layer[0]["1"], "default");
    for entry in layer {
        assert_eq!(entry["2"]["analytics_storage"], "denied", "{entry}");
        assert_eq!(entry["2"]["ad_storage"], "denied", "{entry}");
    }
    clear_cookie("k_gating_invalid");
}

fn placeholder(frame: &Frame, iframe: &str) -> Option<Element> {
    let iframe = frame.document().get_element_by_id(iframe).unwrap();
    iframe
        .previous_element_sibling()
        .filter(|el| el.class_name() == "kelisim-placeholder")
}

fn placeholder_text(frame: &Frame, iframe: &str) -> (String, String) {
    let p = placeholder(frame, iframe).expect("a placeholder before the iframe");
    let text = p
        .query_selector("p")
        .unwrap()
        .unwrap()
        .text_content()
        .unwrap();
    let button = p
        .query_selector("button")
        .unwrap()
        .unwrap()
        .text_content()
        .unwrap();
    (text, button)
}

fn expected_placeholder(lang: Lang, title: Option<&str>, category: &str) -> (String, String) {
    let name = text(lang, category_name(category).unwrap());
    let body = match title {
        Some(title) => fill(
            text(lang, id::PLACEHOLDER_TEXT),
            &[("content", title), ("category", name)],
        ),
        None => fill(
            text(lang, id::PLACEHOLDER_TEXT_UNTITLED),
            &[("category", name)],
        ),
    };
    (
        body,
        fill(text(lang, id::PLACEHOLDER_ALLOW), &[("category", name)]),
    )
}

#[wasm_bindgen_test]
async fn gated_iframes_show_a_placeholder_until_allowed() {
    clear_cookie("k_gating_iframe");
    let frame = Frame::open("/tests/pages/gating-iframe.html").await;
    let doc = frame.document();
    until("the placeholders", || {
        placeholder(&frame, "video").is_some()
    })
    .await;
    let video = doc.get_element_by_id("video").unwrap();
    let map = doc.get_element_by_id("map").unwrap();
    for iframe in [&video, &map] {
        assert_eq!(iframe.get_attribute("src"), None, "no src before consent");
        assert!(iframe.has_attribute("hidden"));
    }
    // In the page's language (<html lang="ru">), naming the content by the iframe's title.
    let p = placeholder(&frame, "video").unwrap();
    assert_eq!(
        p.get_attribute("style"),
        None,
        "no inline style (strict CSP)"
    );
    assert_eq!(p.get_attribute("lang").as_deref(), Some("ru"));
    assert_eq!(
        placeholder_text(&frame, "video"),
        expected_placeholder(Lang::Ru, Some("Видео о пекарне"), "marketing")
    );
    assert_eq!(
        placeholder_text(&frame, "map"),
        expected_placeholder(Lang::Ru, None, "analytics")
    );
    assert_eq!(
        doc.query_selector_all(".kelisim-placeholder")
            .unwrap()
            .length(),
        2
    );

    // It follows the language of the banner.
    frame.call("setLanguage", &["en".into()]);
    until("the English placeholder", || {
        placeholder_text(&frame, "video")
            == expected_placeholder(Lang::En, Some("Видео о пекарне"), "marketing")
    })
    .await;
    frame.call("setLanguage", &["kk".into()]);
    until("the Kazakh placeholder", || {
        placeholder_text(&frame, "map") == expected_placeholder(Lang::Kk, None, "analytics")
    })
    .await;

    // Its button grants that category only; the iframe gets its src and shows.
    let button: HtmlElement = p
        .query_selector("button")
        .unwrap()
        .unwrap()
        .unchecked_into();
    button.focus().unwrap();
    button.click();
    until("the video's src", || video.get_attribute("src").is_some()).await;
    assert_eq!(
        doc.active_element().map(|el| el.id()).as_deref(),
        Some("video"),
        "focus moves from the placeholder's button to the content"
    );
    assert_eq!(
        video.get_attribute("src").as_deref(),
        Some("/tests/pages/gating-embed.html?video")
    );
    assert!(!video.has_attribute("hidden"));
    assert!(placeholder(&frame, "video").is_none());
    assert!(!p.is_connected(), "the placeholder is gone");
    assert_eq!(map.get_attribute("src"), None);
    assert!(placeholder(&frame, "map").is_some());
    let consent = frame.call_json("getConsent", &[]);
    assert_eq!(consent["categories"]["marketing"], true);
    assert_eq!(consent["categories"]["analytics"], false);
    let events = frame.consent_events();
    assert_eq!(events.len(), 1);
    assert_eq!(events[0]["action"], "allow-category");
    // The test's `.click()` is a script's (`isTrusted` false): the API's, not the placeholder's.
    assert_eq!(events[0]["screen"], "api");
    assert!(!frame.banner_shown(), "a choice hides the banner");

    // After a reload the granted iframe loads at once; the other still waits.
    frame.reload().await;
    let doc = frame.document();
    until("the placeholder of the map", || {
        placeholder(&frame, "map").is_some()
    })
    .await;
    let video = doc.get_element_by_id("video").unwrap();
    until("the video's src", || video.get_attribute("src").is_some()).await;
    assert!(placeholder(&frame, "video").is_none());
    assert!(!video.has_attribute("hidden"));
    assert_eq!(
        doc.query_selector_all(".kelisim-placeholder")
            .unwrap()
            .length(),
        1
    );
    assert_eq!(frame.errors(), Vec::<String>::new());

    // A granted iframe whose URL is not http(s) or a path never gets it as its src.
    for (i, url) in [" javascript:parent.__js = 1", "data:text/html,<b>x</b>"]
        .iter()
        .enumerate()
    {
        let iframe = doc.create_element("iframe").unwrap();
        iframe.set_id(&format!("bad{i}"));
        iframe
            .set_attribute("data-kelisim-category", "marketing")
            .unwrap();
        iframe.set_attribute("data-kelisim-src", url).unwrap();
        doc.body().unwrap().append_child(&iframe).unwrap();
        until("the gate's decision", || {
            iframe.has_attribute("data-kelisim-state")
        })
        .await;
        assert_eq!(iframe.get_attribute("src"), None, "{url}");
        assert_eq!(
            iframe.get_attribute("data-kelisim-state").as_deref(),
            Some("refused")
        );
    }
    assert_eq!(frame.global("__js"), Value::Null);
    let errors = frame.errors();
    assert_eq!(errors.len(), 2, "{errors:?}");
    assert!(
        errors.iter().all(|e| e.contains("data-kelisim-src")),
        "{errors:?}"
    );
}

/// `gtag('consent', <command>, …)` as the page's dataLayer holds it (an Arguments object).
fn consent_command(entry: &Value) -> (String, Value) {
    assert_eq!(entry["0"], "consent", "{entry}");
    (entry["1"].as_str().unwrap().to_owned(), entry["2"].clone())
}

fn denied_default() -> Value {
    json!({
        "ad_storage": "denied", "ad_user_data": "denied", "ad_personalization": "denied",
        "analytics_storage": "denied", "functionality_storage": "denied",
        "personalization_storage": "denied", "security_storage": "granted",
        "wait_for_update": 500
    })
}

#[wasm_bindgen_test]
async fn consent_mode_default_and_updates_without_a_page_gtag() {
    clear_cookie("k_gating_cm");
    let frame = Frame::open("/tests/pages/gating-consent-mode.html").await;
    // Already there for the next script of the page: synchronous, before any Google tag.
    let probe = frame.global("__probe");
    assert_eq!(probe["gtag"], "undefined", "no global gtag is defined");
    assert_eq!(probe["kinds"], json!(["[object Arguments]"]));
    assert_eq!(
        probe["entries"],
        json!([["consent", "default", denied_default()]])
    );
    assert_eq!(frame.global("dataLayer").as_array().unwrap().len(), 1);

    frame.call(
        "setConsent",
        &[page_object(&frame, json!({"analytics": true}))],
    );
    let layer = frame.global("dataLayer");
    let layer = layer.as_array().unwrap();
    assert_eq!(layer.len(), 2);
    let (command, state) = consent_command(&layer[1]);
    assert_eq!(command, "update");
    assert_eq!(state["analytics_storage"], "granted");
    assert_eq!(state["ad_storage"], "denied");
    assert_eq!(state["ad_user_data"], "denied");
    assert_eq!(state["functionality_storage"], "denied");
    assert_eq!(state["security_storage"], "granted");
    assert_eq!(state.get("wait_for_update"), None);

    // A choice hides the first layer; show it again to choose there.
    frame.call("show", &[]);
    frame.click("[data-kelisim-action=\"accept-all\"]").await;
    let layer = frame.global("dataLayer");
    let (command, state) = consent_command(layer.as_array().unwrap().last().unwrap());
    assert_eq!(command, "update");
    for t in [
        "ad_storage",
        "ad_user_data",
        "ad_personalization",
        "analytics_storage",
    ] {
        assert_eq!(state[t], "granted", "{t}");
    }
    frame.call("rejectAll", &[]);
    let layer = frame.global("dataLayer");
    let (_, state) = consent_command(layer.as_array().unwrap().last().unwrap());
    assert_eq!(state["analytics_storage"], "denied");
    frame.call(
        "setConsent",
        &[page_object(&frame, json!({"analytics": true}))],
    );

    // A reload with the stored choice starts from it.
    frame.reload().await;
    let probe = frame.global("__probe");
    let mut expected = denied_default();
    expected["analytics_storage"] = "granted".into();
    assert_eq!(probe["entries"], json!([["consent", "default", expected]]));
    sleep(200).await;
    assert_eq!(
        frame.global("dataLayer").as_array().unwrap().len(),
        1,
        "no update when the app agrees with the default"
    );
    assert_eq!(frame.errors(), Vec::<String>::new());
}

#[wasm_bindgen_test]
async fn consent_mode_uses_the_page_gtag_and_the_configured_mapping() {
    clear_cookie("k_gating_gtag");
    let frame = Frame::open("/tests/pages/gating-gtag.html").await;
    let calls = frame.global("__gtagCalls");
    assert_eq!(calls, json!([["consent", "default", denied_default()]]));
    assert_eq!(
        frame.global("__probe")["kinds"],
        json!(["[object Arguments]"])
    );

    frame.click("[data-kelisim-action=\"accept-all\"]").await;
    let calls = frame.global("__gtagCalls");
    let calls = calls.as_array().unwrap();
    assert_eq!(calls.len(), 2);
    assert_eq!(calls[1][0], "consent");
    assert_eq!(calls[1][1], "update");
    // {"analytics": [analytics_storage, personalization_storage], "marketing": [ad_storage]}
    assert_eq!(
        calls[1][2],
        json!({
            "ad_storage": "granted", "ad_user_data": "denied", "ad_personalization": "denied",
            "analytics_storage": "granted", "functionality_storage": "denied",
            "personalization_storage": "granted", "security_storage": "granted"
        })
    );
    assert_eq!(frame.global("dataLayer").as_array().unwrap().len(), 2);

    frame.reload().await;
    let calls = frame.global("__gtagCalls");
    assert_eq!(calls[0][1], "default");
    assert_eq!(calls[0][2]["personalization_storage"], "granted");
    assert_eq!(calls[0][2]["ad_storage"], "granted");
    assert_eq!(calls[0][2]["ad_user_data"], "denied");
    assert_eq!(calls[0][2]["wait_for_update"], 500);
    assert_eq!(frame.errors(), Vec::<String>::new());
}

#[wasm_bindgen_test]
async fn works_under_a_strict_content_security_policy() {
    works_under_the_policy_of("/tests/pages/csp.html").await;
}

/// The same page with its policy sent as a header (a service worker of the test pages,
/// `tests/pages/csp-header-sw.js`), as most sites send theirs: browsers then hide every nonce
/// attribute (it reads ""), and the gated scripts run with the nonce the property keeps.
#[wasm_bindgen_test]
async fn works_under_a_strict_content_security_policy_sent_as_a_header() {
    common::serve_policies_as_headers().await;
    works_under_the_policy_of("/tests/pages/csp-header/csp.html").await;
}

async fn works_under_the_policy_of(path: &str) {
    clear_cookie("k_csp");
    let frame = Frame::open(path).await;
    // A policy sent as a header hides the nonce attributes; a <meta> does not.
    let list = frame
        .document()
        .query_selector_all("script[data-kelisim-category]")
        .unwrap();
    let gated: Vec<web_sys::Element> = (0..list.length())
        .map(|i| list.get(i).unwrap().unchecked_into())
        .collect();
    let hidden = path.contains("/csp-header/");
    for el in &gated {
        let attribute = el.get_attribute("nonce");
        let property = js_sys::Reflect::get(el, &"nonce".into()).unwrap();
        assert_eq!(
            attribute.as_deref(),
            Some(if hidden { "" } else { "a2VsaXNpbS10ZXN0" })
        );
        assert_eq!(property, "a2VsaXNpbS10ZXN0", "{path}");
    }
    assert_eq!(gated.len(), 2, "{path}");
    // The banner renders, styled by its constructable stylesheet.
    assert!(frame.banner_shown());
    let accept = frame.query("[data-kelisim-action=\"accept-all\"]").unwrap();
    assert_eq!(frame.style(&accept, "min-height"), "44px");
    let p = placeholder(&frame, "video");
    assert!(p.is_some(), "the iframe's placeholder");
    sleep(300).await;
    assert_eq!(runs(&frame), Vec::<String>::new());

    frame.click("[data-kelisim-action=\"accept-all\"]").await;
    assert_eq!(runs_after(&frame, 2).await, ["inline", "src"]);
    let video = frame.document().get_element_by_id("video").unwrap();
    until("the video's src", || video.get_attribute("src").is_some()).await;
    assert_eq!(frame.global("__violations"), json!([]));
    assert_eq!(frame.errors(), Vec::<String>::new());

    // The policy is in force: an inline script without the nonce is blocked and reported.
    let doc = frame.document();
    let s = doc.create_element("script").unwrap();
    s.set_text_content(Some("window.__runs.push('no-nonce');"));
    doc.body().unwrap().append_child(&s).unwrap();
    until("the violation report", || {
        frame
            .global("__violations")
            .as_array()
            .is_some_and(|v| !v.is_empty())
    })
    .await;
    assert_eq!(runs(&frame), ["inline", "src"]);

    // An injected gated tag (HTML injection, no nonce of its own) is not laundered by the gate:
    // it never runs, though its category is granted.
    let before = frame.global("__violations").as_array().unwrap().len();
    let div = doc.create_element("div").unwrap();
    div.set_inner_html(
        "<script type=\"text/plain\" data-kelisim-category=\"analytics\">window.__runs.push('injected');</script>",
    );
    doc.body().unwrap().append_child(&div).unwrap();
    until("the injected script's violation report", || {
        frame
            .global("__violations")
            .as_array()
            .is_some_and(|v| v.len() > before)
    })
    .await;
    sleep(200).await;
    assert_eq!(runs(&frame), ["inline", "src"]);
}
