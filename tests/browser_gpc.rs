//! Browser tests of Global Privacy Control: with `navigator.globalPrivacyControl`, the
//! sale/sharing categories start refused, the banner says why, an explicit choice still wins, and
//! the consent event notes the signal.
#![cfg(target_arch = "wasm32")]

mod common;

use common::set_cookie;
use common::{clear_cookie, sleep, Frame};
use kelisim::consent::Consent;
use kelisim::i18n::{fill_count, id, text, Lang};
use wasm_bindgen::JsValue;
use wasm_bindgen_test::*;

wasm_bindgen_test_configure!(run_in_browser);

#[wasm_bindgen_test]
async fn gpc_refuses_marketing_until_the_visitor_allows_it() {
    clear_cookie("k_gpc");
    let frame = Frame::open("/tests/pages/gpc.html").await;
    let expected = fill_count(
        Lang::Ru,
        text(Lang::Ru, id::GPC_NOTE),
        "count",
        1,
        &[("categories", text(Lang::Ru, id::CATEGORY_MARKETING_NAME))],
    );
    assert_eq!(
        frame.text("[data-kelisim-gpc]"),
        expected,
        "the banner says why"
    );
    frame.click("[data-kelisim-action=\"preferences\"]").await;
    assert_eq!(
        frame.text(".k-dialog [data-kelisim-gpc]"),
        expected,
        "the preference center says it too"
    );
    let marketing: web_sys::HtmlInputElement = wasm_bindgen::JsCast::unchecked_into(
        frame
            .query("[data-kelisim-category=\"marketing\"]")
            .unwrap(),
    );
    assert!(!marketing.checked(), "marketing starts refused");
    frame.click("[data-kelisim-action=\"save\"]").await;
    assert_eq!(
        frame.call("accepted", &["marketing".into()]),
        JsValue::FALSE
    );
    let stored = kelisim::cookie::decode(&common::cookie("k_gpc").unwrap()).unwrap();
    assert!(
        stored.gpc,
        "the cookie remembers the choice was made under GPC"
    );
    let events = frame.consent_events();
    assert_eq!(
        events.last().unwrap()["gpc"],
        true,
        "the event notes the signal"
    );
    // An explicit choice by the visitor still wins.
    frame.open_settings().await;
    sleep(40).await;
    frame.click("[data-kelisim-category=\"marketing\"]").await;
    frame.click("[data-kelisim-action=\"save\"]").await;
    assert_eq!(frame.call("accepted", &["marketing".into()]), JsValue::TRUE);
    clear_cookie("k_gpc");
}

/// A consent granted without the signal, read while the browser sends it: the GPC categories
/// count as refused (cookie rewritten, `updated` event with action `gpc`, the banner says why);
/// an explicit grant made under the signal then holds on the next load.
#[wasm_bindgen_test]
async fn gpc_overrides_an_earlier_grant_made_without_it() {
    clear_cookie("k_gpc");
    let earlier = Consent {
        id: "0b6f2f59-6a0e-4d34-9d3c-5b1f0f6f7a10".into(),
        revision: 1,
        given: (js_sys::Date::now() / 1000.0) as i64 - 3600,
        language: Lang::Ru,
        granted: ["necessary", "analytics", "marketing"]
            .iter()
            .map(|s| s.to_string())
            .collect(),
        gpc: false,
    };
    set_cookie("k_gpc", &kelisim::cookie::encode(&earlier));
    let frame = Frame::open("/tests/pages/gpc.html").await;
    assert_eq!(
        frame.call("accepted", &["marketing".into()]),
        JsValue::FALSE
    );
    assert_eq!(frame.call("accepted", &["analytics".into()]), JsValue::TRUE);
    let events = frame.consent_events();
    let last = events.last().expect("the change is an event");
    assert_eq!(last["event"], "updated");
    assert_eq!(last["action"], "gpc");
    assert_eq!(last["screen"], "browser");
    assert_eq!(last["gpc"], true);
    assert_eq!(last["id"], earlier.id.as_str(), "the same consent, updated");
    assert!(frame.banner_shown(), "the site asks again, saying why");
    assert!(frame.query("[data-kelisim-gpc]").is_some());
    let stored = kelisim::cookie::decode(&common::cookie("k_gpc").unwrap()).unwrap();
    assert!(stored.gpc && !stored.accepted("marketing"));
    // Accept all after the banner said why: an explicit grant that holds on the next load.
    frame.click("[data-kelisim-action=\"accept-all\"]").await;
    assert_eq!(frame.call("accepted", &["marketing".into()]), JsValue::TRUE);
    frame.reload().await;
    assert_eq!(frame.call("accepted", &["marketing".into()]), JsValue::TRUE);
    assert!(!frame.banner_shown());
    clear_cookie("k_gpc");
}
