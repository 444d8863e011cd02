//! Browser tests of Global Privacy Control (issue 5): with `navigator.globalPrivacyControl`, the
//! sale/sharing categories start refused, the banner says why, an explicit choice still wins, and
//! the consent event notes the signal.
#![cfg(target_arch = "wasm32")]

mod common;

use common::{clear_cookie, sleep, Frame};
use kelisim::i18n::{fill, id, text, Lang};
use wasm_bindgen::JsValue;
use wasm_bindgen_test::*;

wasm_bindgen_test_configure!(run_in_browser);

#[wasm_bindgen_test]
async fn gpc_refuses_marketing_until_the_visitor_allows_it() {
    clear_cookie("k_gpc");
    let frame = Frame::open("/tests/pages/gpc.html").await;
    let expected = fill(
        text(Lang::Ru, id::GPC_NOTE),
        &[("categories", text(Lang::Ru, id::CATEGORY_MARKETING_NAME))],
    );
    assert_eq!(
        frame.text("[data-kelisim-gpc]"),
        expected,
        "the banner says why"
    );
    frame.click("[data-kelisim-action=\"preferences\"]").await;
    assert!(
        frame.query("[data-kelisim-gpc]").is_some(),
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
