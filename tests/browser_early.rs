//! Browser tests of the loader's early answers: what `window.kelisim` says
//! synchronously right after `kelisim.js`, before the WebAssembly can be ready, against what the
//! app says once `kelisim:ready` has fired, for one corpus of configurations (valid, wrong types,
//! huge numbers, bad JSON, none) and cookies (valid, format 1, altered, expired, dated in the
//! future, another revision, garbage, none), all on the real page `tests/pages/early.html`
//! (`early-config.js` puts the configuration from the URL's fragment into the page,
//! `early-probe.js` records the loader's answers before the app starts).
//!
//! What must hold for every entry and every load: the loader never throws and defines
//! `window.kelisim`; its early answer is either exactly the app's (`getConsent()`, `accepted()`
//! of every id, Consent Mode's `default` equal to the states the app then holds) or fails closed
//! (`null`, `false`, all denied but `security_storage`). On a first visit it fails closed (no
//! answer stored yet); on the next load of the same configuration and cookie it is exactly the
//! app's. A changed cookie, a changed configuration text or an expired consent fail closed.
#![cfg(target_arch = "wasm32")]

mod common;

use common::{clear_cookie, set_cookie, sleep, top, Frame};
use kelisim::consent::Consent;
use kelisim::lang::Lang;
use serde_json::{json, Value};
use wasm_bindgen_test::*;

wasm_bindgen_test_configure!(run_in_browser);

const IDS: [&str; 6] = [
    "necessary",
    "preferences",
    "analytics",
    "marketing",
    "extra",
    "foo",
];

fn now() -> i64 {
    (js_sys::Date::now() / 1000.0).floor() as i64
}

/// Removes every stored early answer of the test origin.
fn clear_early() {
    let storage = top().local_storage().unwrap().unwrap();
    let keys: Vec<String> = (0..storage.length().unwrap())
        .filter_map(|i| storage.key(i).unwrap())
        .filter(|k| k.starts_with(kelisim::storage::EARLY_PREFIX))
        .collect();
    for k in keys {
        storage.remove_item(&k).unwrap();
    }
}

fn consent(revision: u32, given: i64, granted: &[&str]) -> Consent {
    Consent {
        id: "0b0e4a52-6c8a-4d8e-9a57-3f1b2c4d5e6f".into(),
        revision,
        given,
        language: Lang::Ru,
        granted: granted.iter().map(|s| s.to_string()).collect(),
        gpc: false,
    }
}

/// The cookie in format 1 (kelisim 0.1: no GPC field), with its FNV-1a check.
fn format_1(c: &Consent) -> String {
    let v2 = kelisim::cookie::encode(c);
    let body = v2.rsplitn(3, '.').nth(2).unwrap();
    let body = format!("1{}", &body[1..]);
    let check = body.bytes().fold(0x811c_9dc5u32, |h, b| {
        (h ^ b as u32).wrapping_mul(0x0100_0193)
    });
    format!("{body}.{check:08x}")
}

/// The cookies of the corpus for a configuration of revision `rev`.
fn cookies(rev: u32) -> Vec<(&'static str, Option<String>)> {
    let t = now() - 60;
    let valid = consent(rev, t, &["necessary", "analytics"]);
    let altered = kelisim::cookie::encode(&valid).replace("analytics", "marketing");
    vec![
        ("none", None),
        ("valid", Some(kelisim::cookie::encode(&valid))),
        (
            "all",
            Some(kelisim::cookie::encode(&consent(
                rev,
                t,
                &[
                    "necessary",
                    "preferences",
                    "analytics",
                    "marketing",
                    "extra",
                ],
            ))),
        ),
        (
            "unknown id",
            Some(kelisim::cookie::encode(&consent(
                rev,
                t,
                &["necessary", "foo"],
            ))),
        ),
        ("format 1", Some(format_1(&valid))),
        ("altered", Some(altered)),
        (
            "expired",
            Some(kelisim::cookie::encode(&consent(
                rev,
                t - 400 * 86_400,
                &["necessary", "analytics"],
            ))),
        ),
        (
            "future",
            Some(kelisim::cookie::encode(&consent(
                rev,
                t + 3 * 86_400,
                &["necessary", "analytics"],
            ))),
        ),
        (
            "clock ahead by an hour",
            Some(kelisim::cookie::encode(&consent(
                rev,
                t + 3_600,
                &["necessary", "analytics"],
            ))),
        ),
        (
            "other revision",
            Some(kelisim::cookie::encode(&consent(
                rev + 1,
                t,
                &["necessary", "analytics"],
            ))),
        ),
        ("garbage", Some("2.x.1.2.kk.necessary.0.zz".into())),
    ]
}

/// The configurations of the corpus: (label, text or `None` for the built-in default, cookie
/// name, revision, valid).
fn configs() -> Vec<(&'static str, Option<String>, &'static str, u32, bool)> {
    let deep = format!(
        r#"{{"revision":1,"cookie":{{"name":"k_early"}},"categories":{}1{}}}"#,
        "[".repeat(300),
        "]".repeat(300)
    );
    vec![
        ("built-in default", None, "kelisim", 1, true),
        (
            "minimal",
            Some(r#"{"revision":1,"cookie":{"name":"k_early"}}"#.into()),
            "k_early",
            1,
            true,
        ),
        (
            "required category and mapping",
            Some(
                r#"{"revision":3,"cookie":{"name":"k_early"},"categories":[{"id":"necessary","required":true},{"id":"analytics"},{"id":"extra","required":true,"name":{"kk":"Қосымша","ru":"Дополнительно","en":"Extra"}}],"consent_mode":{"analytics":["analytics_storage","ad_storage"],"extra":["functionality_storage"]}}"#
                    .into(),
            ),
            "k_early",
            3,
            true,
        ),
        (
            "categories is a string",
            Some(r#"{"revision":1,"cookie":{"name":"k_early"},"categories":"analytics"}"#.into()),
            "k_early",
            1,
            false,
        ),
        (
            "revision is a string",
            Some(r#"{"revision":"1","cookie":{"name":"k_early"}}"#.into()),
            "k_early",
            1,
            false,
        ),
        (
            "huge revision",
            Some(r#"{"revision":1e300,"cookie":{"name":"k_early"}}"#.into()),
            "k_early",
            1,
            false,
        ),
        (
            "cookie name is a number",
            Some(r#"{"revision":1,"cookie":{"name":5}}"#.into()),
            "kelisim",
            1,
            false,
        ),
        (
            "consent_mode is a list",
            Some(r#"{"revision":1,"cookie":{"name":"k_early"},"consent_mode":["ad_storage"]}"#.into()),
            "k_early",
            1,
            false,
        ),
        (
            "bad JSON",
            Some(r#"{"revision":1,"cookie":{"name":"k_early""#.into()),
            "k_early",
            1,
            false,
        ),
        ("null", Some("null".into()), "k_early", 1, false),
        ("a list", Some("[1, 2]".into()), "k_early", 1, false),
        ("blank", Some("  ".into()), "k_early", 1, false),
        ("deeply nested", Some(deep), "k_early", 1, false),
    ]
}

fn page(text: Option<&str>) -> String {
    let fragment = match text {
        None => "none".to_owned(),
        Some(t) => String::from(js_sys::encode_uri_component(t)),
    };
    format!("/tests/pages/early.html#{fragment}")
}

/// What the app answers once ready: `getConsent()` and `accepted()` of every id.
fn app_answers(frame: &Frame) -> Value {
    let accepted: serde_json::Map<String, Value> = IDS
        .iter()
        .map(|id| {
            let on = frame.call("accepted", &[(*id).into()]).as_bool().unwrap();
            ((*id).to_owned(), Value::Bool(on))
        })
        .collect();
    json!({ "consent": frame.call_json("getConsent", &[]), "accepted": accepted })
}

fn denied() -> Value {
    json!({
        "ad_storage": "denied", "ad_user_data": "denied", "ad_personalization": "denied",
        "analytics_storage": "denied", "functionality_storage": "denied",
        "personalization_storage": "denied", "security_storage": "granted"
    })
}

/// Checks one load; returns whether the early answer was the app's own (not failed closed).
async fn check_load(frame: &Frame, what: &str) -> bool {
    let early = frame.global("__early");
    assert_eq!(
        early["ready"], false,
        "{what}: read before the app was ready"
    );
    let early_answers = json!({ "consent": early["consent"], "accepted": early["accepted"] });
    let app = app_answers(frame);
    // Consent Mode: the loader's default, and the states the app holds once ready (its update,
    // or the default when it agreed).
    sleep(30).await;
    let layer = frame.global("dataLayer");
    let layer = layer.as_array().unwrap();
    let mut default = layer[0]["2"].clone();
    assert_eq!(layer[0]["1"], "default", "{what}: {layer:?}");
    default.as_object_mut().unwrap().remove("wait_for_update");
    let mut app_states = layer.last().unwrap()["2"].clone();
    app_states
        .as_object_mut()
        .unwrap()
        .remove("wait_for_update");
    let failed_closed = early["consent"].is_null()
        && early["accepted"]
            .as_object()
            .unwrap()
            .values()
            .all(|v| v == false)
        && default == denied();
    let exact = early_answers == app && default == app_states;
    assert!(
        exact || failed_closed,
        "{what}: early {early_answers} / default {default} disagree with the app's {app} / {app_states}"
    );
    assert!(
        frame
            .errors()
            .iter()
            .all(|e| !e.contains("TypeError") && !e.contains("cannot start")),
        "{what}: {:?}",
        frame.errors()
    );
    exact && !(early["consent"].is_null() && app["consent"].is_null() && default == denied())
}

#[wasm_bindgen_test]
async fn early_answers_agree_with_the_app_over_the_corpus() {
    let mut entries = 0;
    for (label, text, name, rev, valid) in configs() {
        let corpus = if valid {
            cookies(rev)
        } else {
            // An invalid configuration grants nothing whatever the cookie holds.
            cookies(rev).into_iter().take(3).collect()
        };
        for (cookie_label, value) in corpus {
            entries += 1;
            let what = format!("{label} / {cookie_label}");
            clear_cookie(name);
            clear_early();
            if let Some(v) = &value {
                set_cookie(name, v);
            }
            let frame = Frame::open(&page(text.as_deref())).await;
            // A first visit: nothing stored for this text, so the loader fails closed.
            let early = frame.global("__early");
            assert_eq!(early["consent"], Value::Null, "{what}: first load");
            check_load(&frame, &format!("{what}, first load")).await;
            let app_first = app_answers(&frame);
            // The next page with the same configuration and cookie: exactly the app's answer.
            frame.reload().await;
            check_load(&frame, &format!("{what}, second load")).await;
            let early = frame.global("__early");
            let app = app_answers(&frame);
            if valid && app_first == app {
                assert_eq!(
                    json!({ "consent": early["consent"], "accepted": early["accepted"] }),
                    app,
                    "{what}: the second load repeats the app's answer"
                );
            }
            if !valid {
                assert_eq!(app["consent"], Value::Null, "{what}");
                assert_eq!(early["consent"], Value::Null, "{what}");
                let errors = frame.errors();
                assert!(
                    errors.iter().any(|e| e.contains("configuration")),
                    "{what}: the app names the problem: {errors:?}"
                );
            }
            // The cookie changes under a stored answer (altered by hand): the loader does not
            // repeat the answer of the old cookie.
            if valid && !app["consent"].is_null() {
                let now_value = common::cookie(name).unwrap();
                let altered = now_value
                    .replace("analytics", "marketing")
                    .replace(".ru.", ".kk.");
                set_cookie(name, &altered);
                frame.reload().await;
                check_load(&frame, &format!("{what}, altered afterwards")).await;
                assert_eq!(frame.global("__early")["consent"], Value::Null, "{what}");
                set_cookie(name, &now_value);
            }
        }
    }
    assert!(entries > 50, "{entries} entries");
    clear_cookie("k_early");
    clear_cookie("kelisim");
}

#[wasm_bindgen_test]
async fn a_changed_configuration_fails_closed_until_the_app_validated_it() {
    clear_cookie("k_early");
    clear_early();
    let one = r#"{"revision":1,"cookie":{"name":"k_early"}}"#;
    set_cookie(
        "k_early",
        &kelisim::cookie::encode(&consent(1, now() - 60, &["necessary", "analytics"])),
    );
    let frame = Frame::open(&page(Some(one))).await;
    frame.reload().await;
    assert!(check_load(&frame, "stored").await);
    assert_eq!(frame.global("__early")["accepted"]["analytics"], true);
    // The same cookie under a new text (revision unchanged, so the app still grants it): the
    // loader has no answer for the new text and fails closed until the app stored one.
    let two = r#"{"revision":1,"cookie":{"name":"k_early"},"position":"top"}"#;
    // (A query makes it a new document: a new fragment alone would not reload the page.)
    frame
        .navigate(&page(Some(two)).replace(".html#", ".html?2#"))
        .await;
    assert_eq!(frame.global("__early")["consent"], Value::Null);
    assert_eq!(frame.global("__early")["accepted"]["analytics"], false);
    assert_eq!(frame.call("accepted", &["analytics".into()]), true);
    frame.reload().await;
    assert!(check_load(&frame, "new text, second load").await);
    // One answer is kept per cookie name: the old text's is gone.
    let storage = top().local_storage().unwrap().unwrap();
    let answers: Vec<String> = (0..storage.length().unwrap())
        .filter_map(|i| storage.key(i).unwrap())
        .filter(|k| k.starts_with(kelisim::storage::EARLY_PREFIX))
        .collect();
    assert_eq!(answers, [kelisim::storage::early_key(Some(two))]);
    // An invalid text stores nothing, even with the cookie the app granted before.
    let bad = r#"{"revision":1,"cookie":{"name":"k_early"},"categories":"analytics"}"#;
    frame
        .navigate(&page(Some(bad)).replace(".html#", ".html?3#"))
        .await;
    frame.reload().await;
    assert_eq!(frame.global("__early")["consent"], Value::Null);
    assert_eq!(frame.call_json("getConsent", &[]), Value::Null);
    clear_cookie("k_early");
}

#[wasm_bindgen_test]
async fn an_answer_is_not_repeated_after_its_consent_expired() {
    clear_cookie("k_early");
    clear_early();
    // A consent that expires a few seconds from now.
    let mut given = now() - 397 * 86_400;
    for _ in 0..3 {
        let expires = consent(1, given, &[]).expires();
        given += now() + 4 - expires;
    }
    let c = consent(1, given, &["necessary", "analytics"]);
    assert!(
        (3..=6).contains(&(c.expires() - now())),
        "{}",
        c.expires() - now()
    );
    set_cookie("k_early", &kelisim::cookie::encode(&c));
    let text = r#"{"revision":1,"cookie":{"name":"k_early"}}"#;
    let frame = Frame::open(&page(Some(text))).await;
    frame.reload().await;
    assert!(check_load(&frame, "before the expiry").await);
    assert_eq!(frame.global("__early")["accepted"]["analytics"], true);
    while now() < c.expires() {
        sleep(250).await;
    }
    frame.reload().await;
    check_load(&frame, "after the expiry").await;
    assert_eq!(frame.global("__early")["consent"], Value::Null);
    assert_eq!(frame.call_json("getConsent", &[]), Value::Null);
    clear_cookie("k_early");
}

#[wasm_bindgen_test]
async fn a_string_for_categories_defines_the_api_names_the_key_and_grants_nothing() {
    clear_cookie("k_early");
    clear_early();
    set_cookie(
        "k_early",
        &kelisim::cookie::encode(&consent(1, now() - 60, &["necessary", "analytics"])),
    );
    let text = r#"{"revision":1,"cookie":{"name":"k_early"},"categories":"analytics"}"#;
    let frame = Frame::open(&page(Some(text))).await;
    // The loader defined window.kelisim and answered, without throwing.
    let early = frame.global("__early");
    assert_eq!(early["consent"], Value::Null);
    assert_eq!(early["accepted"]["analytics"], false);
    let errors = frame.errors();
    assert!(
        errors
            .iter()
            .any(|e| e.contains("`categories`") && e.contains("found a string")),
        "{errors:?}"
    );
    assert!(
        errors.iter().all(|e| !e.contains("TypeError")),
        "{errors:?}"
    );
    assert_eq!(frame.call_json("getConsent", &[]), Value::Null);
    assert_eq!(frame.call("accepted", &["analytics".into()]), false);
    assert_eq!(frame.call("accepted", &["necessary".into()]), false);
    clear_cookie("k_early");
}

/// The early answers stored for the test origin: (key, parsed answer).
fn stored_answers() -> Vec<(String, Value)> {
    let storage = top().local_storage().unwrap().unwrap();
    (0..storage.length().unwrap())
        .filter_map(|i| storage.key(i).unwrap())
        .filter(|k| k.starts_with(kelisim::storage::EARLY_PREFIX))
        .map(|k| {
            let v = storage.get_item(&k).unwrap().unwrap_or_default();
            (k, serde_json::from_str(&v).unwrap_or(Value::Null))
        })
        .collect()
}

#[wasm_bindgen_test]
async fn nothing_is_stored_before_a_choice_and_a_forged_answer_fails_closed() {
    clear_cookie("k_early");
    clear_early();
    let text = r#"{"revision":1,"cookie":{"name":"k_early"}}"#;
    // A first visit: the banner is shown, nothing is chosen, nothing is written to storage.
    let frame = Frame::open(&page(Some(text))).await;
    assert_eq!(frame.call_json("getConsent", &[]), Value::Null);
    sleep(50).await;
    assert_eq!(stored_answers(), Vec::new(), "stored before a choice");
    frame.reload().await;
    assert_eq!(stored_answers(), Vec::new(), "stored before a choice");
    // A real consent: its answer is stored and repeated.
    set_cookie(
        "k_early",
        &kelisim::cookie::encode(&consent(1, now() - 60, &["necessary", "analytics"])),
    );
    frame.reload().await;
    let answers = stored_answers();
    assert_eq!(answers.len(), 1, "{answers:?}");
    frame.reload().await;
    assert_eq!(frame.global("__early")["accepted"]["analytics"], true);
    // A forged answer naming a cookie that does not exist (`null === null` must not match).
    let (key, mut forged) = answers.into_iter().next().unwrap();
    forged["cookie"] = "no_such_cookie".into();
    forged["value"] = Value::Null;
    let storage = top().local_storage().unwrap().unwrap();
    storage.set_item(&key, &forged.to_string()).unwrap();
    frame.reload().await;
    assert_eq!(frame.global("__early")["consent"], Value::Null);
    assert_eq!(frame.global("__early")["accepted"]["analytics"], false);
    clear_cookie("k_early");
    clear_early();
}

/// Injected markup before kelisim (DOM clobbering) neither stops the loader nor configures it,
/// with `kelisim.js` as a plain script and with the recommended embed's `kelisim-lite.js`,
/// `async`, under a URL with a query: an `<img name="currentScript">` does not hide the loader's
/// own tag, which says where `app/` is.
#[wasm_bindgen_test]
async fn injected_markup_neither_stops_the_loader_nor_configures_it() {
    for page in ["clobber", "clobber-lite"] {
        clear_cookie("k_clobber");
        clear_cookie("k_evil");
        // A form with id "kelisim" and a "ready" input, a <div id="kelisim-config"> naming
        // another cookie and endpoint, and an <img name="currentScript">, all before the real
        // configuration and the loader.
        let frame = Frame::open(&format!("/tests/pages/{page}.html")).await;
        let layer = frame.global("dataLayer");
        let (command, states) = (&layer[0]["1"], &layer[0]["2"]);
        assert_eq!(
            command, "default",
            "{page}: Consent Mode's default is sent: {layer}"
        );
        assert_eq!(states["analytics_storage"], "denied", "{page}");
        assert!(frame.banner_shown(), "{page}");
        frame.click("[data-kelisim-action=\"accept-all\"]").await;
        assert_eq!(
            frame.call_json("getConsent", &[])["categories"]["analytics"],
            true,
            "{page}"
        );
        assert!(
            common::cookie("k_clobber").is_some(),
            "{page}: the JSON script's configuration"
        );
        assert_eq!(
            common::cookie("k_evil"),
            None,
            "{page}: not the injected element's"
        );
        drop(frame);
        clear_cookie("k_clobber");
    }
}
