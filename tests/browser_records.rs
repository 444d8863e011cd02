//! Browser tests of consent records against the real reference receiver, which
//! scripts/test.sh starts on 127.0.0.1:8787 with `--test-hooks`: every choice delivers one record
//! with the right fields; records survive an endpoint that is down and arrive exactly once after
//! a reload; a 500 answer is retried with the same record id; a 400 answer drops the record with
//! a console error; the receipt in the preference center.
#![cfg(target_arch = "wasm32")]

mod common;

use common::{clear_cookie, receiver, sleep, stored, Frame};
use serde_json::{json, Value};
use wasm_bindgen_test::*;

wasm_bindgen_test_configure!(run_in_browser);

async fn outbox_empties(frame: &Frame) {
    for _ in 0..100 {
        if frame.call_json("records", &[]) == json!([]) {
            return;
        }
        sleep(100).await;
    }
    panic!("the outbox still holds {}", frame.call_json("records", &[]));
}

#[wasm_bindgen_test]
async fn every_choice_delivers_one_record_with_the_right_fields() {
    clear_cookie("k_rec");
    let frame = Frame::open("/tests/pages/records.html?email=secret@example.kz#x").await;
    frame.click("[data-kelisim-action=\"accept-all\"]").await;
    let consent_id = frame.call_json("getConsent", &[])["id"]
        .as_str()
        .unwrap()
        .to_owned();
    frame.call("rejectAll", &[]);
    frame.call(
        "setConsent",
        &[js_sys::JSON::parse(r#"{"analytics": true}"#).unwrap()],
    );
    frame.call("withdraw", &[]);
    let records = stored(&consent_id, 4).await;
    assert_eq!(records.len(), 4, "one record per choice");
    let events: Vec<_> = records
        .iter()
        .map(|r| {
            (
                r["event"].as_str().unwrap(),
                r["action"].as_str().unwrap(),
                r["screen"].as_str().unwrap(),
            )
        })
        .collect();
    assert_eq!(
        events,
        [
            // The test's `.click()` is a script's (`isTrusted` false): recorded as the API's,
            // never as the visitor's click on the banner.
            ("given", "accept-all", "api"),
            ("updated", "reject-all", "api"),
            ("updated", "set-consent", "api"),
            ("withdrawn", "withdraw", "api")
        ]
    );
    let first = &records[0];
    assert_eq!(first["previous_record_id"], Value::Null);
    for pair in records.windows(2) {
        assert_eq!(
            pair[1]["previous_record_id"], pair[0]["record_id"],
            "records chain by previous id"
        );
    }
    assert_eq!(
        first["categories"],
        json!({"necessary": true, "analytics": true, "marketing": true})
    );
    assert_eq!(first["services"], json!({"ga": true}));
    assert_eq!(
        records[1]["categories"],
        json!({"necessary": true, "analytics": false, "marketing": false})
    );
    assert_eq!(records[2]["services"], json!({"ga": true}));
    assert_eq!(records[3]["services"], json!({"ga": false}));
    assert_eq!(first["revision"], 2);
    assert_eq!(first["language"], "ru");
    assert_eq!(first["policy_version"], "2026-11-01");
    assert_eq!(first["operator_bin"], "240740012077");
    assert_eq!(first["third_party_providers"], json!(["Google LLC"]));
    // The configuration's countries, then its services' (Google Analytics: US).
    assert_eq!(first["cross_border_countries"], json!(["DE", "US"]));
    assert_eq!(first["texts_sha256"].as_str().unwrap().len(), 64);
    assert!(
        first["page_url"]
            .as_str()
            .unwrap()
            .ends_with("/tests/pages/records.html"),
        "no query string: {}",
        first["page_url"]
    );
    assert!(!first["user_agent"].as_str().unwrap().is_empty());
    // The last record holds the current consent's expiry (13 months after the withdrawal).
    assert_eq!(
        records[3]["expires"],
        frame.call_json("getConsent", &[])["expires"]
    );
    outbox_empties(&frame).await;
    // The receipt in the preference center shows the current record and offers it as JSON.
    frame.open_settings().await;
    sleep(50).await;
    let receipt = frame.text(".k-receipt");
    assert!(
        receipt.contains(records[3]["record_id"].as_str().unwrap()),
        "{receipt}"
    );
    assert!(receipt.contains(&consent_id));
    let link = frame.query("[data-kelisim-receipt]").unwrap();
    assert!(link.get_attribute("href").unwrap().starts_with("blob:"));
    assert!(link.get_attribute("download").unwrap().ends_with(".json"));
    assert_eq!(
        frame.call_json("receipt", &[])["record_id"],
        records[3]["record_id"]
    );
}

#[wasm_bindgen_test]
async fn records_wait_for_an_endpoint_that_is_down_and_arrive_once() {
    clear_cookie("k_rec2");
    // Nothing listens on the endpoint of this page: connection refused.
    let frame = Frame::open("/tests/pages/records-down.html").await;
    frame.click("[data-kelisim-action=\"accept-all\"]").await;
    frame.call("rejectAll", &[]);
    sleep(300).await;
    let pending = frame.call_json("records", &[]);
    assert_eq!(
        pending.as_array().unwrap().len(),
        2,
        "both records wait in the outbox"
    );
    assert!(
        frame.warnings().iter().any(|w| w.contains("not delivered")),
        "{:?}",
        frame.warnings()
    );
    let consent_id = frame.call_json("getConsent", &[])["id"]
        .as_str()
        .unwrap()
        .to_owned();
    // The same site, its endpoint up again: on the next page load the records go.
    frame.navigate("/tests/pages/records-up.html").await;
    let records = stored(&consent_id, 2).await;
    outbox_empties(&frame).await;
    assert_eq!(records.len(), 2);
    let ids: Vec<_> = pending
        .as_array()
        .unwrap()
        .iter()
        .map(|r| r["record_id"].clone())
        .collect();
    assert_eq!(
        records
            .iter()
            .map(|r| r["record_id"].clone())
            .collect::<Vec<_>>(),
        ids,
        "same record ids"
    );
    let receipts = receiver("GET", "/__test/receipts").await;
    for id in &ids {
        assert_eq!(
            receipts[id.as_str().unwrap()],
            1,
            "record {id} arrived exactly once"
        );
    }
}

#[wasm_bindgen_test]
async fn a_500_answer_is_retried_and_a_400_answer_is_dropped() {
    clear_cookie("k_rec");
    let frame = Frame::open("/tests/pages/records.html").await;
    receiver("POST", "/__test/fail?status=500&count=1").await;
    frame.click("[data-kelisim-action=\"accept-all\"]").await;
    let consent_id = frame.call_json("getConsent", &[])["id"]
        .as_str()
        .unwrap()
        .to_owned();
    let records = stored(&consent_id, 1).await;
    outbox_empties(&frame).await;
    assert!(
        frame.warnings().iter().any(|w| w.contains("HTTP 500")),
        "{:?}",
        frame.warnings()
    );
    assert_eq!(records.len(), 1, "stored once after the retry");

    receiver("POST", "/__test/fail?status=400&count=1").await;
    frame.call("rejectAll", &[]);
    outbox_empties(&frame).await;
    assert!(
        frame.errors().iter().any(|e| e.contains("HTTP 400")),
        "{:?}",
        frame.errors()
    );
    sleep(300).await;
    assert_eq!(
        stored(&consent_id, 1).await.len(),
        1,
        "the refused record is not stored"
    );
}

/// The first layer keeps a choice in local storage synchronously, before the app that builds its
/// record has loaded: a page left right after the click loses nothing, the next page load
/// delivers the record (with the id fixed at the click).
#[wasm_bindgen_test]
async fn a_choice_survives_leaving_the_page_before_the_app_loads() {
    clear_cookie("k_rec");
    let frame = Frame::open("/tests/pages/records.html").await;
    let accept: web_sys::HtmlElement = wasm_bindgen::JsCast::unchecked_into(
        frame.query("[data-kelisim-action=\"accept-all\"]").unwrap(),
    );
    accept.click();
    // Synchronously after the click, before anything could load: the hand-over is stored.
    let storage = frame.window().local_storage().unwrap().unwrap();
    let keys: Vec<String> = (0..storage.length().unwrap())
        .filter_map(|i| storage.key(i).unwrap())
        .filter(|k| k.starts_with(kelisim::handover::PREFIX) && k.ends_with(":k_rec"))
        .collect();
    assert_eq!(keys.len(), 1, "one hand-over for the choice: {keys:?}");
    let handover =
        kelisim::handover::Handover::decode(&storage.get_item(&keys[0]).unwrap().unwrap())
            .expect("a readable hand-over");
    let consent_id = frame.call_json("getConsent", &[])["id"]
        .as_str()
        .unwrap()
        .to_owned();
    // Leave at once (the app's download is cut off), then come back.
    frame.navigate("/tests/pages/basic.html").await;
    frame.navigate("/tests/pages/records.html").await;
    let records = stored(&consent_id, 1).await;
    assert_eq!(records.len(), 1, "delivered exactly once");
    assert_eq!(records[0]["record_id"], handover.record_id.as_str());
    assert_eq!(records[0]["action"], "accept-all");
    assert_eq!(records[0]["screen"], "api", "a script's click is the API's");
    outbox_empties(&frame).await;
    clear_cookie("k_rec");
}
