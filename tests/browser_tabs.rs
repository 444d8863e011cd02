//! Browser tests of several tabs of one site, against the real reference
//! receiver that scripts/test.sh starts on 127.0.0.1:8787 with `--test-hooks`.
//!
//! The "tabs" are two same-origin iframes of the test page (`tests/pages/tabs.html`): two
//! browsing contexts with their own kelisim, sharing the origin's cookies and local storage,
//! receiving each other's `storage` events and asking the same Web Locks, as two tabs do — which
//! wasm-bindgen-test can drive in both Chromium and Firefox (it cannot open real tabs).
//! - a choice made in one tab reaches the other (banner hidden, gated script run, event fired);
//! - both tabs choosing in the same moment while the endpoint fails, then recovers: every record
//!   reaches the receiver and is stored once, and no record is POSTed twice (the delivery lock);
//! - kelisim 0.1's shared outbox is migrated to one key per record and delivered.
#![cfg(target_arch = "wasm32")]

mod common;

use common::{clear_cookie, receiver, sleep, top, Frame};
use serde_json::{json, Value};
use std::collections::BTreeSet;
use wasm_bindgen::JsValue;
use wasm_bindgen_test::*;

wasm_bindgen_test_configure!(run_in_browser);

const PAGE: &str = "/tests/pages/tabs.html";

async fn until(what: &str, mut ok: impl FnMut() -> bool) {
    for _ in 0..200 {
        if ok() {
            return;
        }
        sleep(50).await;
    }
    panic!("timed out waiting for {what}");
}

/// The record ids waiting in the (shared) outbox.
fn outbox_ids(frame: &Frame) -> BTreeSet<String> {
    frame
        .call_json("records", &[])
        .as_array()
        .unwrap()
        .iter()
        .map(|r| r["record_id"].as_str().unwrap().to_owned())
        .collect()
}

fn dispatch(frame: &Frame, event: &str) {
    let e = web_sys::Event::new(event).unwrap();
    frame.window().dispatch_event(&e).unwrap();
}

fn random_uuid() -> String {
    let mut bytes = [0u8; 16];
    for b in &mut bytes {
        *b = (js_sys::Math::random() * 256.0) as u8;
    }
    kelisim::cookie::uuid_v4(bytes)
}

#[wasm_bindgen_test]
async fn a_choice_in_one_tab_reaches_every_open_tab() {
    clear_cookie("k_tabs");
    let a = Frame::open(PAGE).await;
    let b = Frame::open(PAGE).await;
    assert!(a.banner_shown() && b.banner_shown());
    assert_eq!(b.global("__runs"), json!([]));
    a.click("[data-kelisim-action=\"accept-all\"]").await;
    until("the other tab to take the choice", || !b.banner_shown()).await;
    assert_eq!(
        b.call_json("getConsent", &[]),
        a.call_json("getConsent", &[])
    );
    until("the gated script in the other tab", || {
        b.global("__runs") == json!(["analytics"])
    })
    .await;
    let events = b.consent_events();
    assert_eq!(events.len(), 1, "{events:?}");
    assert_eq!(events[0]["action"], "accept-all");
    assert_eq!(events[0]["categories"]["analytics"], true);
    // And back: a refusal in the second tab reaches the first.
    b.call("rejectAll", &[]);
    until("the refusal in the first tab", || {
        a.call("accepted", &["analytics".into()]) == JsValue::FALSE
    })
    .await;
    assert_eq!(a.consent_events().last().unwrap()["action"], "reject-all");
    assert_eq!(a.errors(), Vec::<String>::new());
    assert_eq!(b.errors(), Vec::<String>::new());
    // Let the records go before the next test.
    until("the outbox to empty", || outbox_ids(&a).is_empty()).await;
    clear_cookie("k_tabs");
}

#[wasm_bindgen_test]
async fn two_tabs_choosing_at_once_while_the_endpoint_fails_lose_no_record_and_send_none_twice() {
    clear_cookie("k_tabs");
    let a = Frame::open(PAGE).await;
    let b = Frame::open(PAGE).await;
    receiver("POST", "/__test/fail?status=500&count=100000").await;
    // Four choices in the same moment, two in each tab.
    a.call("acceptAll", &[]);
    b.call("rejectAll", &[]);
    a.call(
        "setConsent",
        &[js_sys::JSON::parse(r#"{"analytics": false}"#).unwrap()],
    );
    b.call("withdraw", &[]);
    // Both tabs load the app, turn the hand-overs into records and try to deliver (500).
    until("four records in the outbox", || outbox_ids(&a).len() == 4).await;
    let ids = outbox_ids(&a);
    assert_eq!(outbox_ids(&b), ids, "one outbox shared by the tabs");
    sleep(2_500).await;
    assert_eq!(outbox_ids(&a), ids, "nothing lost while the endpoint fails");
    // The endpoint recovers; both tabs are told to send at the same moment.
    receiver("POST", "/__test/fail?status=500&count=0").await;
    dispatch(&a, "online");
    dispatch(&b, "online");
    let mut stored = Vec::new();
    for _ in 0..100 {
        stored = receiver("GET", "/__test/records")
            .await
            .as_array()
            .unwrap()
            .iter()
            .filter_map(|r| r["record_id"].as_str().map(String::from))
            .filter(|id| ids.contains(id))
            .collect();
        if stored.len() >= ids.len() {
            break;
        }
        sleep(100).await;
    }
    let unique: BTreeSet<String> = stored.iter().cloned().collect();
    assert_eq!(unique, ids, "every record arrives");
    assert_eq!(stored.len(), ids.len(), "each id stored once: {stored:?}");
    until("both outboxes to empty", || {
        outbox_ids(&a).is_empty() && outbox_ids(&b).is_empty()
    })
    .await;
    sleep(500).await;
    // Each record was POSTed (validly) once: the tabs never sent the same record together.
    let receipts = receiver("GET", "/__test/receipts").await;
    for id in &ids {
        assert_eq!(receipts[id], 1, "{id} POSTed {} times", receipts[id]);
    }
    clear_cookie("k_tabs");
}

#[wasm_bindgen_test]
async fn the_shared_outbox_of_kelisim_0_1_is_migrated_and_delivered() {
    clear_cookie("k_tabs");
    receiver("POST", "/__test/fail?status=500&count=100000").await;
    let a = Frame::open(PAGE).await;
    a.call("acceptAll", &[]);
    until("a record in the outbox", || outbox_ids(&a).len() == 1).await;
    let mut record = a.call_json("records", &[])[0].clone();
    // The old format: one shared value holding every pending record, under a new id.
    let id = random_uuid();
    record["record_id"] = id.clone().into();
    let legacy = json!({ "pending": [{ "record_id": id, "body": record.to_string() }] });
    drop(a);
    clear_cookie("k_tabs");
    let storage = top().local_storage().unwrap().unwrap();
    storage
        .set_item("kelisim:outbox:k_tabs", &legacy.to_string())
        .unwrap();
    receiver("POST", "/__test/fail?status=500&count=0").await;
    let a = Frame::open(PAGE).await;
    let mut stored = Value::Null;
    for _ in 0..100 {
        stored = receiver("GET", "/__test/records").await;
        if stored
            .as_array()
            .unwrap()
            .iter()
            .any(|r| r["record_id"] == id)
        {
            break;
        }
        sleep(100).await;
    }
    let stored: Vec<&Value> = stored
        .as_array()
        .unwrap()
        .iter()
        .filter(|r| r["record_id"] == id)
        .collect();
    assert_eq!(stored.len(), 1, "the migrated record arrives once");
    assert_eq!(storage.get_item("kelisim:outbox:k_tabs").unwrap(), None);
    until("the outbox to empty", || outbox_ids(&a).is_empty()).await;
    assert_eq!(a.errors(), Vec::<String>::new());
    clear_cookie("k_tabs");
}

/// A hand-over is only a message in local storage, which any script of the site can write: a
/// forged one (a well-formed consent granting everything, which no cookie holds) reaching an
/// open tab through the `storage` event grants nothing there.
#[wasm_bindgen_test]
async fn a_forged_handover_from_another_tab_grants_nothing() {
    clear_cookie("k_tabs");
    let frame = Frame::open(PAGE).await;
    let now = (js_sys::Date::now() / 1000.0) as i64;
    let forged = kelisim::consent::Consent {
        id: random_uuid(),
        revision: 2,
        given: now,
        language: kelisim::lang::Lang::Ru,
        granted: ["necessary", "analytics", "marketing"]
            .iter()
            .map(|g| g.to_string())
            .collect(),
        gpc: false,
    };
    let record_id = random_uuid();
    let h = kelisim::handover::Handover {
        record_id: record_id.clone(),
        config: None,
        cookie: kelisim::cookie::encode(&forged),
        event: kelisim::consent::RecordEvent::Given,
        action: kelisim::consent::Action::AcceptAll,
        surface: kelisim::consent::Surface::Banner,
        page_url: "https://evil.example/".into(),
        user_agent: "forged".into(),
        gpc: false,
    };
    let key = kelisim::storage::choice_key(js_sys::Date::now() as u64, &record_id, "k_tabs");
    // Written by the test page: a `storage` event in the frame, as from another tab.
    let storage = top().local_storage().unwrap().unwrap();
    storage.set_item(&key, &h.encode()).unwrap();
    // The shell looks at the cookie for about a second before it ignores a hand-over.
    sleep(1_500).await;
    storage.remove_item(&key).unwrap();
    assert_eq!(frame.call_json("getConsent", &[]), Value::Null);
    assert!(frame.banner_shown(), "the banner stays");
    assert_eq!(frame.global("__runs"), json!([]), "no gated script ran");
    assert!(frame.consent_events().is_empty());
    clear_cookie("k_tabs");
}
