//! Browser tests of consent records against the real reference receiver, which
//! scripts/test.sh starts on 127.0.0.1:8787 with `--test-hooks`: every choice delivers one record
//! with the right fields; records survive an endpoint that is down and arrive exactly once after
//! a reload; a 500 answer, a 403, a proxy's 400 page and an answer that never comes in time are
//! retried with the same record id; only
//! the receiver's own 400 drops the record, with a console error; a full storage keeps the
//! choice until its record can be written; without cryptographic random numbers nothing is
//! stored; of two consent cookies the newest counts; the receipt in the preference center.
#![cfg(target_arch = "wasm32")]

mod common;

use common::{clear_cookie, receiver, sleep, stored, stored_within, top, Frame};
use kelisim::consent::Consent;
use kelisim::lang::Lang;
use serde_json::{json, Value};
use wasm_bindgen::JsCast;
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
    assert_eq!(
        first["config_changed"], false,
        "made under this configuration"
    );
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

/// Waits (at most 5 s) until the page has logged a warning or error containing `text`.
async fn logged(frame: &Frame, text: &str) -> bool {
    for _ in 0..50 {
        if (frame.warnings().iter())
            .chain(frame.errors().iter())
            .any(|w| w.contains(text))
        {
            return true;
        }
        sleep(100).await;
    }
    false
}

/// A fresh visitor of the records test page: the receiver's test `hook` armed (`/__test/…`), then
/// Accept all; the frame and the consent id.
async fn accept_all_after(hook: &str) -> (Frame, String) {
    clear_cookie("k_rec");
    let frame = Frame::open("/tests/pages/records.html").await;
    receiver("POST", hook).await;
    frame.click("[data-kelisim-action=\"accept-all\"]").await;
    let consent_id = frame.call_json("getConsent", &[])["id"]
        .as_str()
        .unwrap()
        .to_owned();
    (frame, consent_id)
}

/// Only the receiver's own refusal (400, 413, 415 with its JSON error body) drops a record: a
/// 5xx, a firewall's 403 and a proxy's HTML 400 page say nothing about the record, which is sent
/// again (with backoff) until the receiver stores it.
#[wasm_bindgen_test]
async fn only_the_receivers_own_refusal_drops_a_record() {
    let (frame, consent_id) = accept_all_after("/__test/fail?status=500&count=1").await;
    let records = stored(&consent_id, 1).await;
    outbox_empties(&frame).await;
    assert!(logged(&frame, "HTTP 500").await, "{:?}", frame.warnings());
    assert_eq!(records.len(), 1, "stored once after the retry");

    for (n, (fail, call)) in [
        ("status=403&count=1", "rejectAll"),
        ("status=400&count=1&page=1", "acceptAll"),
        ("status=404&count=1&page=1", "rejectAll"),
    ]
    .into_iter()
    .enumerate()
    {
        receiver("POST", &format!("/__test/fail?{fail}")).await;
        frame.call(call, &[]);
        let records = stored(&consent_id, n + 2).await;
        assert_eq!(records.len(), n + 2, "{fail}: stored after the retry");
        outbox_empties(&frame).await;
    }
    for status in ["HTTP 403", "HTTP 400", "HTTP 404"] {
        assert!(
            frame
                .warnings()
                .iter()
                .any(|w| w.contains(status) && w.contains("sent again")),
            "{status}: {:?}",
            frame.warnings()
        );
    }
    assert!(
        !frame.errors().iter().any(|e| e.contains("dropped")),
        "{:?}",
        frame.errors()
    );

    receiver("POST", "/__test/fail?status=400&count=1").await;
    frame.call("withdraw", &[]);
    outbox_empties(&frame).await;
    assert!(
        frame
            .errors()
            .iter()
            .any(|e| e.contains("HTTP 400") && e.contains("dropped")),
        "{:?}",
        frame.errors()
    );
    sleep(300).await;
    assert_eq!(
        stored(&consent_id, 4).await.len(),
        4,
        "the refused record is not stored"
    );
}

/// An endpoint that takes the record but never answers in time (the receiver's `/__test/hang`
/// holds the first POST for 60 s): after `outbox::ANSWER_TIMEOUT_MS` (15 s) the POST is given up
/// as "no answer" and the record sent again with backoff on the same page, where it is stored;
/// without the timeout the first POST would wait the whole minute.
#[wasm_bindgen_test]
async fn a_record_whose_answer_never_comes_is_sent_again() {
    let (frame, consent_id) = accept_all_after("/__test/hang?ms=60000&count=1").await;
    // 15 s for the first POST, 2 s of backoff, some slack: well before the hang ends.
    let records = stored_within(&consent_id, 1, 25_000).await;
    assert_eq!(
        records.len(),
        1,
        "stored by the second POST, before the first is answered"
    );
    outbox_empties(&frame).await;
    assert!(logged(&frame, "no answer").await, "{:?}", frame.warnings());
}

/// Fills the origin's local storage but for about `room` characters; returns the fillers' keys.
fn fill_storage(room: usize) -> Vec<String> {
    let storage = top().local_storage().unwrap().unwrap();
    storage.set_item("fill:room", &"r".repeat(room)).unwrap();
    let mut keys = vec!["fill:room".to_owned()];
    let mut size = 1 << 20;
    while size >= 8 {
        let key = format!("fill:{}", keys.len());
        if storage.set_item(&key, &"x".repeat(size)).is_ok() {
            keys.push(key);
        } else {
            size /= 2;
        }
    }
    storage.remove_item("fill:room").unwrap();
    keys
}

fn empty_storage(keys: &[String]) {
    let storage = top().local_storage().unwrap().unwrap();
    for key in keys {
        storage.remove_item(key).unwrap();
    }
}

/// A storage too full for the record keeps the choice's hand-over (it was written at the click,
/// while there was room): nothing is lost, and once there is room again the record is made and
/// delivered, with the id fixed at the click.
#[wasm_bindgen_test]
async fn a_full_storage_keeps_the_choice_until_its_record_can_be_written() {
    clear_cookie("k_rec");
    let frame = Frame::open("/tests/pages/records.html").await;
    // Room for the hand-over (about 300 characters), not for the record (about 1,500).
    let fillers = fill_storage(700);
    frame.click("[data-kelisim-action=\"accept-all\"]").await;
    let consent_id = frame.call_json("getConsent", &[])["id"]
        .as_str()
        .unwrap()
        .to_owned();
    let full = logged(&frame, "cannot write consent record").await;
    let kept = frame.storage_keys(kelisim::storage::CHOICE_PREFIX, ":k_rec");
    let outbox = frame.storage_keys(kelisim::storage::OUTBOX_PREFIX, ":k_rec");
    empty_storage(&fillers);
    assert!(full, "{:?}", frame.errors());
    assert_eq!(kept.len(), 1, "the hand-over is kept: {kept:?}");
    assert!(outbox.is_empty(), "{outbox:?}");
    let storage = frame.window().local_storage().unwrap().unwrap();
    let handover =
        kelisim::handover::Handover::decode(&storage.get_item(&kept[0]).unwrap().unwrap()).unwrap();
    // Room again: the next choice converts both, oldest first.
    frame.call("rejectAll", &[]);
    let records = stored(&consent_id, 2).await;
    assert_eq!(records.len(), 2);
    assert_eq!(records[0]["record_id"], handover.record_id.as_str());
    assert_eq!(records[0]["action"], "accept-all");
    assert_eq!(records[1]["action"], "reject-all");
    assert_eq!(records[1]["previous_record_id"], records[0]["record_id"]);
    outbox_empties(&frame).await;
    assert!(frame
        .storage_keys(kelisim::storage::CHOICE_PREFIX, ":k_rec")
        .is_empty());
}

/// A browser whose `crypto.getRandomValues` gives nothing (here: fills nothing) gets no consent
/// made of zero ids: the choice is not stored, no record is made, the banner stays and the
/// console says why.
#[wasm_bindgen_test]
async fn without_random_numbers_no_consent_is_stored() {
    clear_cookie("k_nocrypto");
    let frame = Frame::open("/tests/pages/no-crypto.html").await;
    frame.click("[data-kelisim-action=\"accept-all\"]").await;
    frame.call("rejectAll", &[]);
    sleep(300).await;
    assert_eq!(frame.call_json("getConsent", &[]), Value::Null);
    assert!(frame.banner_shown(), "the banner stays");
    assert_eq!(common::cookie("k_nocrypto"), None, "no cookie");
    assert!(frame.storage_keys("kelisim:", ":k_nocrypto").is_empty());
    assert!(frame.consent_events().is_empty());
    assert!(
        frame.errors().iter().any(|e| e.contains("getRandomValues")),
        "{:?}",
        frame.errors()
    );
    clear_cookie("k_nocrypto");
}

fn random_uuid() -> String {
    let mut bytes = [0u8; 16];
    for b in &mut bytes {
        *b = (js_sys::Math::random() * 256.0) as u8;
    }
    kelisim::cookie::uuid_v4(bytes)
}

fn consent_value(id: &str, given: i64, granted: &[&str]) -> String {
    kelisim::cookie::encode(&Consent {
        id: id.into(),
        revision: 2,
        given,
        language: Lang::Ru,
        granted: granted.iter().map(|g| g.to_string()).collect(),
        gpc: false,
    })
}

/// Two consent cookies of the site's name (two domains, or here two paths): the newest valid one
/// counts, never the first one listed. An older grant listed first must not hide a refusal.
#[wasm_bindgen_test]
async fn of_two_consent_cookies_the_newest_counts() {
    clear_cookie("k_rec");
    let now = (js_sys::Date::now() / 1000.0) as i64;
    let id = random_uuid();
    let grant = consent_value(&id, now - 120, &["necessary", "analytics", "marketing"]);
    let reject = consent_value(&id, now - 60, &["necessary"]);
    let doc: web_sys::HtmlDocument = top().document().unwrap().unchecked_into();
    // The longer path is listed first.
    doc.set_cookie(&format!("k_rec={grant}; Path=/tests; Max-Age=600"))
        .unwrap();
    doc.set_cookie(&format!("k_rec={reject}; Path=/; Max-Age=600"))
        .unwrap();
    let frame = Frame::open("/tests/pages/records.html").await;
    let listed = frame
        .document()
        .unchecked_into::<web_sys::HtmlDocument>()
        .cookie()
        .unwrap();
    doc.set_cookie("k_rec=; Path=/tests; Max-Age=0").unwrap();
    assert!(
        listed.find(&grant).unwrap() < listed.find(&reject).unwrap(),
        "{listed}"
    );
    let consent = frame.call_json("getConsent", &[]);
    assert_eq!(consent["categories"]["analytics"], false, "{consent}");
    assert_eq!(consent["categories"]["marketing"], false);
    assert_eq!(frame.call_json("accepted", &["analytics".into()]), false);
    assert!(!frame.banner_shown());
    clear_cookie("k_rec");
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
    let keys = frame.storage_keys(kelisim::storage::CHOICE_PREFIX, ":k_rec");
    assert_eq!(keys.len(), 1, "one hand-over for the choice: {keys:?}");
    let storage = frame.window().local_storage().unwrap().unwrap();
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

/// A choice left in the browser under another configuration (the site changed it before the
/// record was made) becomes a record that says so: its texts' hash, policy version, providers
/// and countries are this page's, not necessarily what the visitor saw.
#[wasm_bindgen_test]
async fn a_choice_made_under_another_configuration_is_recorded_as_such() {
    clear_cookie("k_rec");
    let now = (js_sys::Date::now() / 1000.0) as i64;
    let consent_id = random_uuid();
    let value = consent_value(&consent_id, now, &["necessary", "analytics"]);
    let record_id = random_uuid();
    let record_id = record_id.as_str();
    let handover = kelisim::handover::Handover {
        record_id: record_id.into(),
        // The configuration of an earlier text of the page (revision 2 too).
        config: Some(kelisim::handover::ConfigMark::of(
            Some(r#"{ "revision": 2 }"#),
            2,
        )),
        cookie: value,
        event: kelisim::consent::RecordEvent::Given,
        action: kelisim::consent::Action::Save,
        surface: kelisim::consent::Surface::Settings,
        page_url: "http://127.0.0.1/tests/pages/records.html".into(),
        user_agent: "test".into(),
        gpc: false,
    };
    let storage = top().local_storage().unwrap().unwrap();
    let key = kelisim::storage::choice_key(js_sys::Date::now() as u64, record_id, "k_rec");
    storage.set_item(&key, &handover.encode()).unwrap();
    let frame = Frame::open("/tests/pages/records.html").await;
    let records = stored(&consent_id, 1).await;
    let record = records
        .iter()
        .find(|r| r["record_id"] == record_id)
        .expect("the left-over choice is delivered");
    assert_eq!(record["config_changed"], true, "{record}");
    assert_eq!(record["action"], "save");
    outbox_empties(&frame).await;
    clear_cookie("k_rec");
}
