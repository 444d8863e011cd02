//! Browser tests of the first working product, in headless Chromium and Firefox:
//! first layer, the three choices and their cookie, reloads, revision, languages, the API and
//! its events, configuration from a URL, and failing closed on a bad configuration.
#![cfg(target_arch = "wasm32")]

mod common;

use common::{clear_cookie, cookie, set_cookie, sleep, Frame};
use kelisim::consent::Consent;
use kelisim::i18n::{id, text, Lang};
use kelisim::time::{consent_expiry, DateTime};
use serde_json::json;
use wasm_bindgen::{JsCast, JsValue};
use wasm_bindgen_test::*;

wasm_bindgen_test_configure!(run_in_browser);

fn now() -> i64 {
    (js_sys::Date::now() / 1000.0) as i64
}

/// The consent stored in cookie `name`, decoded by the core's codec.
fn stored(name: &str) -> Consent {
    let value = cookie(name).unwrap_or_else(|| panic!("cookie `{name}` was not written"));
    kelisim::cookie::decode(&value).expect("the cookie decodes")
}

fn granted(c: &Consent) -> Vec<&str> {
    c.granted.iter().map(String::as_str).collect()
}

/// Checks a freshly given consent: revision, time, 13-month expiry in getConsent().
fn assert_fresh(frame: &Frame, c: &Consent, revision: u32) {
    assert_eq!(c.revision, revision);
    assert!(
        (c.given - now()).abs() < 120,
        "given {} vs now {}",
        c.given,
        now()
    );
    let api = frame.call_json("getConsent", &[]);
    assert_eq!(api["id"], c.id.as_str());
    assert_eq!(api["timestamp"], DateTime::from_unix(c.given).rfc3339());
    assert_eq!(
        api["expires"],
        DateTime::from_unix(consent_expiry(c.given)).rfc3339()
    );
    let months = DateTime::from_unix(consent_expiry(c.given));
    let given = DateTime::from_unix(c.given);
    assert_eq!(
        (months.year * 12 + months.month as i64) - (given.year * 12 + given.month as i64),
        13
    );
}

/// Whether `el` can be read now: fully opaque, and no animation running on it changes its
/// opacity (it may move).
fn legible_now(frame: &Frame, el: &web_sys::Element) -> Result<(), String> {
    let opacity = frame.style(el, "opacity");
    if opacity != "1" {
        return Err(format!("opacity {opacity}"));
    }
    let animations = js_sys::Reflect::get(el, &"getAnimations".into())
        .ok()
        .and_then(|f| f.dyn_into::<js_sys::Function>().ok())
        .map(|f| js_sys::Array::from(&f.call0(el).unwrap()))
        .unwrap_or_default();
    for animation in animations.iter() {
        let effect = js_sys::Reflect::get(&animation, &"effect".into()).unwrap();
        let keyframes = js_sys::Reflect::get(&effect, &"getKeyframes".into())
            .unwrap()
            .unchecked_into::<js_sys::Function>()
            .call0(&effect)
            .unwrap();
        for keyframe in js_sys::Array::from(&keyframes).iter() {
            if js_sys::Reflect::has(&keyframe, &"opacity".into()).unwrap() {
                return Err(format!(
                    "an animation fades it: {:?}",
                    js_sys::JSON::stringify(&keyframe).unwrap()
                ));
            }
        }
    }
    Ok(())
}

/// The banner and the preference center can be read from the frame they appear in: they slide
/// in (not with reduced motion) but never fade, so no frame shows them faint or their text
/// below its contrast.
#[wasm_bindgen_test]
async fn the_banner_and_the_preference_center_are_legible_from_their_first_frame() {
    clear_cookie("k_basic");
    let frame = Frame::open("/tests/pages/basic.html").await;
    let banner = frame.query("[data-kelisim-screen=\"banner\"]").unwrap();
    legible_now(&frame, &banner).unwrap_or_else(|e| panic!("the banner: {e}"));
    frame.click("[data-kelisim-action=\"preferences\"]").await;
    frame.wait_settings().await;
    let dialog = frame.query(".k-dialog").unwrap();
    legible_now(&frame, &dialog).unwrap_or_else(|e| panic!("the preference center: {e}"));
}

#[wasm_bindgen_test]
async fn first_visit_shows_the_first_layer_and_stores_nothing() {
    clear_cookie("k_basic");
    let frame = Frame::open("/tests/pages/basic.html").await;
    assert!(frame.banner_shown());
    assert_eq!(
        frame.text("#kelisim-title"),
        text(Lang::Kk, id::BANNER_TITLE)
    );
    assert_eq!(
        frame
            .query("a.k-link")
            .unwrap()
            .get_attribute("href")
            .as_deref(),
        Some("/kk/policy")
    );
    // Accept all, Reject all and Settings, with the same visual weight.
    let buttons: Vec<_> = ["accept-all", "reject-all", "preferences"]
        .iter()
        .map(|a| {
            frame
                .query(&format!("[data-kelisim-action=\"{a}\"]"))
                .unwrap_or_else(|| panic!("no {a} button"))
        })
        .collect();
    for property in [
        "background-color",
        "color",
        "font-weight",
        "font-size",
        "border-top-width",
        "height",
    ] {
        let values: Vec<String> = buttons.iter().map(|b| frame.style(b, property)).collect();
        assert!(
            values.iter().all(|v| *v == values[0]),
            "{property} differs: {values:?}"
        );
    }
    assert_eq!(
        buttons[0].text_content().unwrap().trim(),
        text(Lang::Kk, id::ACTION_ACCEPT_ALL)
    );
    // Nothing stored before a choice: no cookie, no storage.
    assert_eq!(cookie("k_basic"), None);
    let storage = frame.window().local_storage().unwrap().unwrap();
    let keys: Vec<String> = (0..storage.length().unwrap())
        .filter_map(|i| storage.key(i).unwrap())
        .collect();
    assert!(
        !keys.iter().any(|k| k.ends_with(":k_basic")),
        "nothing in storage before a choice: {keys:?}"
    );
    assert_eq!(frame.call_json("getConsent", &[]), json!(null));
    assert_eq!(
        frame.call("accepted", &["analytics".into()]),
        JsValue::FALSE
    );
    assert_eq!(frame.errors(), Vec::<String>::new());
}

#[wasm_bindgen_test]
async fn accept_all_stores_every_category_and_survives_a_reload() {
    clear_cookie("k_basic");
    let frame = Frame::open("/tests/pages/basic.html").await;
    frame.click("[data-kelisim-action=\"accept-all\"]").await;
    assert!(!frame.banner_shown(), "the banner hides after a choice");
    let c = stored("k_basic");
    assert_eq!(
        granted(&c),
        ["analytics", "marketing", "necessary", "preferences"]
    );
    assert_eq!(c.language, Lang::Kk);
    assert_fresh(&frame, &c, 1);
    let events = frame.consent_events();
    assert_eq!(events.len(), 1);
    assert_eq!(events[0]["event"], "given");
    assert_eq!(events[0]["action"], "accept-all");
    assert_eq!(
        events[0]["categories"],
        json!({"necessary": true, "preferences": true, "analytics": true, "marketing": true})
    );

    frame.reload().await;
    assert!(
        !frame.banner_shown(),
        "a valid cookie keeps the banner hidden"
    );
    assert_eq!(frame.call("accepted", &["marketing".into()]), JsValue::TRUE);
    assert_eq!(frame.call_json("getConsent", &[])["id"], c.id.as_str());

    // A new revision of the site asks again.
    frame.navigate("/tests/pages/revision2.html").await;
    assert!(
        frame.banner_shown(),
        "a changed revision shows the banner again"
    );
    assert_eq!(frame.call_json("getConsent", &[]), json!(null));
    assert!(
        frame.warnings().iter().any(|w| w.contains("revision")),
        "{:?}",
        frame.warnings()
    );
}

#[wasm_bindgen_test]
async fn reject_all_stores_only_the_necessary_category() {
    clear_cookie("k_basic");
    let frame = Frame::open("/tests/pages/basic.html").await;
    frame.click("[data-kelisim-action=\"reject-all\"]").await;
    assert!(!frame.banner_shown());
    let c = stored("k_basic");
    assert_eq!(granted(&c), ["necessary"]);
    assert_fresh(&frame, &c, 1);
    assert_eq!(
        frame.call("accepted", &["analytics".into()]),
        JsValue::FALSE
    );
    assert_eq!(frame.consent_events()[0]["action"], "reject-all");
    frame.reload().await;
    assert!(!frame.banner_shown(), "a refusal is remembered too");
}

#[wasm_bindgen_test]
async fn settings_store_the_chosen_categories() {
    clear_cookie("k_basic");
    let frame = Frame::open("/tests/pages/basic.html").await;
    frame.click("[data-kelisim-action=\"preferences\"]").await;
    assert!(frame.settings_shown());
    let dialog = frame.query("[role=\"dialog\"]").unwrap();
    assert_eq!(dialog.get_attribute("aria-modal").as_deref(), Some("true"));
    let necessary = frame
        .query("[data-kelisim-category=\"necessary\"]")
        .unwrap();
    assert!(necessary.has_attribute("disabled"));
    // No pre-ticked boxes.
    for id in ["preferences", "analytics", "marketing"] {
        let input: web_sys::HtmlInputElement = wasm_bindgen::JsCast::unchecked_into(
            frame
                .query(&format!("[data-kelisim-category=\"{id}\"]"))
                .unwrap(),
        );
        assert!(!input.checked(), "{id} is pre-ticked");
    }
    frame.click("[data-kelisim-category=\"analytics\"]").await;
    frame.click("[data-kelisim-action=\"save\"]").await;
    assert!(!frame.settings_shown() && !frame.banner_shown());
    let c = stored("k_basic");
    assert_eq!(granted(&c), ["analytics", "necessary"]);
    assert_fresh(&frame, &c, 1);
    assert_eq!(frame.consent_events()[0]["action"], "save");
}

#[wasm_bindgen_test]
async fn altered_garbage_or_expired_cookies_ask_again() {
    clear_cookie("k_basic");
    let frame = Frame::open("/tests/pages/basic.html").await;
    frame.click("[data-kelisim-action=\"reject-all\"]").await;
    let value = cookie("k_basic").unwrap();
    // Granting marketing by editing the cookie is detected.
    set_cookie(
        "k_basic",
        &value.replace("necessary", "marketing~necessary"),
    );
    frame.reload().await;
    assert!(
        frame.banner_shown(),
        "an altered cookie counts as no consent"
    );
    assert_eq!(
        frame.call("accepted", &["marketing".into()]),
        JsValue::FALSE
    );
    assert!(
        frame.warnings().iter().any(|w| w.contains("altered")),
        "{:?}",
        frame.warnings()
    );

    set_cookie("k_basic", "not-a-consent");
    frame.reload().await;
    assert!(
        frame.banner_shown(),
        "an unreadable cookie counts as no consent"
    );

    // A consent given 13 months and a day ago has expired.
    let mut old = stored_after_accept(&frame).await;
    old.given = now() - 86_400 * (396 + 1);
    set_cookie("k_basic", &kelisim::cookie::encode(&old));
    frame.reload().await;
    assert!(frame.banner_shown(), "an expired consent asks again");
    assert_eq!(frame.call_json("getConsent", &[]), json!(null));
}

async fn stored_after_accept(frame: &Frame) -> Consent {
    frame.click("[data-kelisim-action=\"accept-all\"]").await;
    stored("k_basic")
}

#[wasm_bindgen_test]
async fn language_follows_html_lang_and_the_switch() {
    clear_cookie("k_ru");
    clear_cookie("k_en");
    clear_cookie("k_forced");
    let ru = Frame::open("/tests/pages/ru.html").await;
    assert_eq!(ru.text("#kelisim-title"), text(Lang::Ru, id::BANNER_TITLE));
    assert_eq!(
        ru.text("[data-kelisim-action=\"reject-all\"]").trim(),
        "Отклонить все"
    );
    drop(ru);
    let en = Frame::open("/tests/pages/en.html").await;
    assert_eq!(en.text("#kelisim-title"), text(Lang::En, id::BANNER_TITLE));
    assert_eq!(
        en.query(".k-banner")
            .unwrap()
            .get_attribute("lang")
            .as_deref(),
        Some("en")
    );
    drop(en);
    let forced = Frame::open("/tests/pages/forced.html").await;
    assert_eq!(
        forced.text("#kelisim-title"),
        text(Lang::Ru, id::BANNER_TITLE),
        "config `language` wins over <html lang>"
    );
    drop(forced);

    clear_cookie("k_basic");
    let frame = Frame::open("/tests/pages/basic.html").await;
    assert_eq!(frame.query_all("[data-kelisim-language]").len(), 3);
    frame.click("[data-kelisim-language=\"en\"]").await;
    assert_eq!(
        frame.text("#kelisim-title"),
        text(Lang::En, id::BANNER_TITLE)
    );
    assert_eq!(
        frame.text("[data-kelisim-action=\"accept-all\"]").trim(),
        "Accept all"
    );
    assert_eq!(
        frame
            .query("a.k-link")
            .unwrap()
            .get_attribute("href")
            .as_deref(),
        Some("/en/policy")
    );
    frame.click("[data-kelisim-language=\"ru\"]").await;
    // The purpose sentence is built from the configured categories (src/purposes.rs).
    let shown = frame.text("#kelisim-text");
    let (head, _) = text(Lang::Ru, id::BANNER_TEXT).split_once('{').unwrap();
    assert!(shown.starts_with(head), "{shown}");
    assert!(!shown.contains('{'), "{shown}");
    assert!(
        shown.ends_with(&format!(". {}", text(Lang::Ru, id::BANNER_POLICY_LINK))),
        "{shown}"
    );
    // The language is remembered with the consent.
    frame.click("[data-kelisim-action=\"reject-all\"]").await;
    assert_eq!(stored("k_basic").language, Lang::Ru);
    frame.reload().await;
    frame.call("show", &[]);
    sleep(30).await;
    assert_eq!(
        frame.text("#kelisim-title"),
        text(Lang::Ru, id::BANNER_TITLE),
        "remembered over <html lang=kk>"
    );
}

#[wasm_bindgen_test]
async fn api_methods_and_events_follow_the_contract() {
    clear_cookie("k_basic");
    let frame = Frame::open("/tests/pages/basic.html").await;
    let events = frame.global("__events");
    assert_eq!(
        events
            .as_array()
            .unwrap()
            .iter()
            .filter(|e| e["type"] == "kelisim:ready")
            .count(),
        1
    );
    assert_eq!(frame.call_json("getConsent", &[]), json!(null));

    frame.call("hide", &[]);
    sleep(30).await;
    assert!(!frame.banner_shown(), "hide() hides");
    assert_eq!(cookie("k_basic"), None, "hiding is not consent");
    frame.call("show", &[]);
    sleep(30).await;
    assert!(frame.banner_shown(), "show() shows");
    frame.open_settings().await;
    sleep(30).await;
    assert!(
        frame.settings_shown(),
        "showPreferences() opens the settings"
    );

    let consent = frame.call_json("acceptAll", &[]);
    assert_eq!(consent["categories"]["marketing"], true);
    sleep(30).await;
    assert!(!frame.settings_shown(), "a choice closes the settings");
    let consent = frame.call_json("rejectAll", &[]);
    assert_eq!(
        consent["categories"],
        json!({"necessary": true, "preferences": false, "analytics": false, "marketing": false})
    );
    // Bad input grants nothing: a value that is not a boolean, an array, a string.
    for bad in [
        r#"{"analytics": "yes", "marketing": true}"#,
        "[true]",
        r#""analytics""#,
    ] {
        frame.call("setConsent", &[js_sys::JSON::parse(bad).unwrap()]);
        for category in ["analytics", "marketing"] {
            assert_eq!(
                frame.call("accepted", &[category.into()]),
                JsValue::FALSE,
                "{bad}: {category}"
            );
        }
    }
    let refused = frame.errors();
    assert_eq!(
        refused
            .iter()
            .filter(|e| e.contains("setConsent expects"))
            .count(),
        3,
        "{refused:?}"
    );
    let set = js_sys::JSON::parse(r#"{"analytics": true, "nonsense": true}"#).unwrap();
    frame.call("setConsent", &[set]);
    assert_eq!(frame.call("accepted", &["analytics".into()]), JsValue::TRUE);
    assert_eq!(
        frame.call("accepted", &["marketing".into()]),
        JsValue::FALSE
    );
    assert_eq!(frame.call("accepted", &["nonsense".into()]), JsValue::FALSE);
    assert!(frame.warnings().iter().any(|w| w.contains("nonsense")));
    frame.call("withdraw", &[]);
    assert_eq!(
        frame.call("accepted", &["analytics".into()]),
        JsValue::FALSE
    );
    assert_eq!(granted(&stored("k_basic")), ["necessary"]);

    let events = frame.consent_events();
    let kinds: Vec<_> = events
        .iter()
        .map(|e| (e["event"].as_str().unwrap(), e["action"].as_str().unwrap()))
        .collect();
    assert_eq!(
        kinds,
        [
            ("given", "accept-all"),
            ("updated", "reject-all"),
            ("updated", "set-consent"),
            ("withdrawn", "withdraw")
        ]
    );
    let first_id = &events[0]["id"];
    assert!(
        events.iter().all(|e| &e["id"] == first_id),
        "the consent id is kept across updates"
    );
    for e in &events {
        for key in ["id", "revision", "timestamp", "expires", "categories"] {
            assert!(!e[key].is_null(), "event detail lacks {key}: {e}");
        }
    }

    frame.call("setLanguage", &["en".into()]);
    frame.call("show", &[]);
    sleep(30).await;
    assert_eq!(
        frame.text("#kelisim-title"),
        text(Lang::En, id::BANNER_TITLE)
    );
    frame.call("setLanguage", &["de".into()]);
    assert!(frame.errors().iter().any(|e| e.contains("`de`")));
}

#[wasm_bindgen_test]
async fn calls_before_the_wasm_is_ready_are_queued() {
    clear_cookie("k_queue");
    let frame = Frame::open("/tests/pages/queue.html").await;
    let early = frame.global("__early");
    assert_eq!(
        early["ready"], false,
        "the loader's stub answered before the app was ready"
    );
    assert_eq!(early["consent"], json!(null));
    assert_eq!(
        (&early["records"], &early["receipt"]),
        (&json!("function"), &json!("function")),
        "every API method is queued before the app is ready"
    );
    assert!(
        !frame.errors().iter().any(|e| e.contains("API method")),
        "{:?}",
        frame.errors()
    );
    assert_eq!(
        frame.call("accepted", &["analytics".into()]),
        JsValue::TRUE,
        "the queued setConsent ran"
    );
    assert_eq!(granted(&stored("k_queue")), ["analytics", "necessary"]);
    // After a reload the loader answers before the app is ready (repeating the answer the first
    // layer stored for this configuration and cookie, see tests/browser_early.rs).
    frame.reload().await;
    let early = frame.global("__early");
    assert_eq!(early["consent"]["categories"]["analytics"], true);
    assert_eq!(
        early["consent"]["id"],
        frame.call_json("getConsent", &[])["id"]
    );
    // The expiry it shows is the core's 13-month arithmetic.
    let given =
        kelisim::time::parse_instant(early["consent"]["timestamp"].as_str().unwrap()).unwrap();
    assert_eq!(
        early["consent"]["expires"],
        DateTime::from_unix(consent_expiry(given)).rfc3339()
    );
}

#[wasm_bindgen_test]
async fn configuration_from_a_url_and_the_page_link() {
    clear_cookie("k_remote");
    let frame = Frame::open("/tests/pages/data-config.html").await;
    assert!(frame.banner_shown());
    assert_eq!(
        frame.query_all("[data-kelisim-language]").len(),
        2,
        "only ru and kk are offered"
    );
    // A page element with data-kelisim-open opens the settings.
    let link: web_sys::HtmlElement = wasm_bindgen::JsCast::unchecked_into(
        frame.document().get_element_by_id("open-settings").unwrap(),
    );
    link.click();
    frame.wait_settings().await;
    assert!(frame.settings_shown());
    assert_eq!(frame.query_all("[data-kelisim-category]").len(), 3);
    assert!(
        frame.shadow().text_content().unwrap().contains("Видео"),
        "custom category named from config"
    );
    frame.click("[data-kelisim-category=\"video\"]").await;
    frame.click("[data-kelisim-action=\"save\"]").await;
    let c = stored("k_remote");
    assert_eq!(c.revision, 3);
    assert_eq!(granted(&c), ["necessary", "video"]);
}

#[wasm_bindgen_test]
async fn the_default_configuration_works_without_any() {
    clear_cookie("kelisim");
    let frame = Frame::open("/tests/pages/default.html").await;
    assert!(frame.banner_shown());
    frame.click("[data-kelisim-action=\"preferences\"]").await;
    let ids: Vec<_> = frame
        .query_all("[data-kelisim-category]")
        .iter()
        .map(|e| e.get_attribute("data-kelisim-category").unwrap())
        .collect();
    assert_eq!(ids, ["necessary", "preferences", "analytics", "marketing"]);
    frame.click("[data-kelisim-action=\"accept-all\"]").await;
    assert_eq!(stored("kelisim").granted.len(), 4);
    clear_cookie("kelisim");
}

#[wasm_bindgen_test]
async fn a_bad_configuration_fails_closed_and_names_the_key() {
    clear_cookie("k_invalid");
    let frame = Frame::open("/tests/pages/invalid.html").await;
    let errors = frame.errors();
    assert!(
        errors.iter().any(|e| e.contains("`operator.bin`")),
        "{errors:?}"
    );
    assert!(
        frame.warnings().iter().any(|w| w.contains("`colour`")),
        "{:?}",
        frame.warnings()
    );
    assert!(
        frame.document().get_element_by_id("kelisim-root").is_none(),
        "no banner"
    );
    assert_eq!(frame.call_json("acceptAll", &[]), json!(null));
    assert_eq!(
        frame.call("accepted", &["necessary".into()]),
        JsValue::FALSE
    );
    assert_eq!(frame.call_json("getConsent", &[]), json!(null));
    assert_eq!(cookie("k_invalid"), None);
    drop(frame);

    let frame = Frame::open("/tests/pages/broken-json.html").await;
    assert!(
        frame
            .errors()
            .iter()
            .any(|e| e.contains("configuration invalid")),
        "{:?}",
        frame.errors()
    );
    assert_eq!(
        frame.call("accepted", &["analytics".into()]),
        JsValue::FALSE
    );
    drop(frame);

    let frame = Frame::open("/tests/pages/data-config-missing.html").await;
    assert!(
        frame
            .errors()
            .iter()
            .any(|e| e.contains("no-such-config.json")),
        "{:?}",
        frame.errors()
    );
    assert_eq!(
        frame.call("accepted", &["analytics".into()]),
        JsValue::FALSE
    );
}

#[wasm_bindgen_test]
async fn fits_a_320px_screen_with_large_targets() {
    clear_cookie("k_basic");
    let frame = Frame::open_sized("/tests/pages/basic.html", 320, 640).await;
    let banner = frame.query(".k-banner").unwrap();
    assert!(
        banner.scroll_width() <= 320,
        "banner is {}px wide",
        banner.scroll_width()
    );
    for el in frame.query_all("button") {
        let rect = el.get_bounding_client_rect();
        assert!(
            common::is_target_size(&rect),
            "target {}x{}",
            rect.width(),
            rect.height()
        );
        assert!(rect.right() <= 320.5, "button overflows: {}", rect.right());
    }
}

/// The first layer with its disclosures stays short on a phone: at most 40% of a 390×800
/// viewport, for every demo profile in every language (and it still works at 320 px: see above).
#[wasm_bindgen_test]
async fn the_first_layer_takes_at_most_40_percent_of_a_phone_screen() {
    let mut heights = Vec::new();
    for profile in ["kaspi", "kreditomat", "autocheck", "nomapay"] {
        clear_cookie(&format!("kelisim_{profile}"));
        let frame =
            Frame::open_sized(&format!("/tests/pages/profile-{profile}.html"), 390, 800).await;
        for lang in ["kk", "ru", "en"] {
            frame.call("setLanguage", &[lang.into()]);
            sleep(30).await;
            let banner = frame
                .query("[data-kelisim-screen=\"banner\"]")
                .expect("the first layer is shown");
            let height = banner.get_bounding_client_rect().height();
            heights.push(format!("{profile}/{lang}: {height:.0}px"));
            assert!(
                height <= 0.4 * 800.0,
                "{profile} in {lang}: the first layer is {height:.0}px high, over 40% of 800px ({heights:?})"
            );
        }
    }
    web_sys::console::log_1(&format!("first layer heights at 390×800: {heights:?}").into());
}

/// Every control of the first layer is reachable without scrolling sideways and none covers
/// another, on the narrowest phones (320 px) and common ones (390 px), for every demo profile
/// (operator, third parties, cross-border countries) in every language, and above the phone
/// layout (600 px).
#[wasm_bindgen_test]
async fn every_control_of_the_first_layer_fits_and_none_covers_another() {
    let mut faults = Vec::new();
    for (width, height) in common::LAYOUT_SIZES {
        for profile in common::PROFILES {
            let frame = Frame::open_profile(profile, width, height).await;
            for lang in ["kk", "ru", "en"] {
                frame.call("setLanguage", &[lang.into()]);
                sleep(250).await; // past the fade-in
                assert!(frame.banner_shown(), "{profile}: the first layer is shown");
                assert_eq!(frame.query_all("[data-kelisim-language]").len(), 3);
                for fault in frame.layout_faults(width as f64) {
                    faults.push(format!("{profile} {lang} {width}×{height}: {fault}"));
                }
            }
        }
    }
    assert!(faults.is_empty(), "{}", faults.join("\n"));
}

/// A configuration of the wrong shape where the loader reads it (`categories` a string) never
/// breaks the page: `window.kelisim` exists at once, the first layer names the key, nothing is
/// granted.
#[wasm_bindgen_test]
async fn a_wrong_shape_never_breaks_the_loader() {
    clear_cookie("k_shape");
    let frame = Frame::open("/tests/pages/wrong-shape.html").await;
    assert_eq!(
        frame.global("__early"),
        true,
        "window.kelisim right after the loader"
    );
    let errors = frame.errors().join("\n");
    assert!(
        errors.contains("`categories`"),
        "the error names the key: {errors}"
    );
    assert!(!errors.contains("TypeError"), "no uncaught error: {errors}");
    assert_eq!(frame.call_json("getConsent", &[]), json!(null));
    assert_eq!(
        frame.call("accepted", &["necessary".into()]),
        JsValue::FALSE
    );
}

/// A returning visitor with a valid consent downloads only the loader and the first layer: the
/// Leptos app is neither loaded nor prefetched (with or without an endpoint).
#[wasm_bindgen_test]
async fn a_returning_visitor_never_downloads_the_app() {
    clear_cookie("k_basic");
    let frame = Frame::open("/tests/pages/basic.html").await;
    frame.click("[data-kelisim-action=\"accept-all\"]").await;
    sleep(300).await; // the app loads once, to build the choice's record
    frame.reload().await;
    sleep(600).await;
    let entries = frame
        .window()
        .performance()
        .unwrap()
        .get_entries_by_type("resource");
    let names: Vec<String> = entries
        .iter()
        .filter_map(|e| js_sys::Reflect::get(&e, &"name".into()).ok()?.as_string())
        .collect();
    assert!(
        names
            .iter()
            .any(|n| n.contains("/dist/app/first_bg.") && n.ends_with(".wasm")),
        "the first layer loads: {names:?}"
    );
    assert!(
        !names.iter().any(|n| n.contains("/dist/app/app")),
        "the app is not downloaded: {names:?}"
    );
    assert!(!frame.banner_shown());
    clear_cookie("k_basic");
}

/// A choice made in one tab of the site reaches its other open tabs (two browsing contexts of
/// the same origin): the banner hides, the consent and the event are the same.
#[wasm_bindgen_test]
async fn a_choice_in_one_tab_reaches_the_others() {
    clear_cookie("k_basic");
    let a = Frame::open("/tests/pages/basic.html").await;
    let b = Frame::open("/tests/pages/basic.html").await;
    assert!(a.banner_shown() && b.banner_shown());
    a.click("[data-kelisim-action=\"accept-all\"]").await;
    for _ in 0..80 {
        if !b.banner_shown() {
            break;
        }
        sleep(25).await;
    }
    assert!(!b.banner_shown(), "the other tab hides its first layer");
    let id = a.call_json("getConsent", &[])["id"].clone();
    assert!(id.is_string());
    assert_eq!(b.call_json("getConsent", &[])["id"], id);
    assert_eq!(b.call("accepted", &["marketing".into()]), JsValue::TRUE);
    let event = b
        .consent_events()
        .last()
        .cloned()
        .expect("an event in the other tab");
    assert_eq!(event["action"], "accept-all");
    assert_eq!(event["event"], "given");
    clear_cookie("k_basic");
}

/// The first layer names the countries data may go to, in the visitor's language, never as
/// codes: Kazakh from kelisim's CLDR table, Russian and English from the browser's.
#[wasm_bindgen_test]
async fn the_first_layer_names_the_countries() {
    clear_cookie("k_countries");
    let frame = Frame::open("/tests/pages/countries.html").await;
    let kk = frame.text("#kelisim-disclosure");
    for code in ["US", "DE", "NL"] {
        let name = kelisim::country::name(code, Lang::Kk).unwrap();
        assert!(kk.contains(name), "{name} in «{kk}»");
    }
    assert!(kk.contains("ТОО «Сынақ»"), "the operator: {kk}");
    for lang in ["ru", "en"] {
        frame.call("setLanguage", &[lang.into()]);
        sleep(30).await;
        let text = frame.text("#kelisim-disclosure");
        assert!(
            !text.contains(" US") && !text.contains(" DE") && !text.contains(" NL"),
            "{lang}: names, not codes: {text}"
        );
        // Germany from the first layer's copy of the catalogue countries, the Netherlands from
        // the browser (Intl.DisplayNames).
        let (germany, netherlands) = if lang == "ru" {
            ("Германия", "Нидерланды")
        } else {
            ("Germany", "Netherlands")
        };
        assert!(
            text.contains(germany) && text.contains(netherlands),
            "{lang}: {text}"
        );
    }
    clear_cookie("k_countries");
}

/// How many files named `countries-kk.<hash>.txt` the page requested.
fn kk_names_fetched(frame: &Frame) -> usize {
    let performance = js_sys::Reflect::get(&frame.window(), &"performance".into()).unwrap();
    let entries: js_sys::Function = js_sys::Reflect::get(&performance, &"getEntriesByType".into())
        .unwrap()
        .into();
    let entries: js_sys::Array = entries
        .call1(&performance, &"resource".into())
        .unwrap()
        .into();
    entries
        .iter()
        .filter_map(|e| js_sys::Reflect::get(&e, &"name".into()).ok()?.as_string())
        .filter(|name| name.contains("/app/countries-kk."))
        .count()
}

/// Waits (up to 5 s) for the first layer's disclosure and gives its text.
async fn disclosure(frame: &Frame) -> String {
    for _ in 0..100 {
        if frame.query("#kelisim-disclosure").is_some() {
            break;
        }
        sleep(50).await;
    }
    frame.text("#kelisim-disclosure")
}

/// The first layer carries the Kazakh names of the countries sites here name and fetches the
/// others (`dist/app/countries-kk.<hash>.txt`, with its integrity) only for a Kazakh banner
/// naming one: a banner naming the United States, Germany and the Netherlands fetches nothing;
/// one naming Brazil fetches the file once and shows the banner with the name (after a switch to
/// Russian and back too); a copy of the file that differs from the build's is refused and the
/// banner still shows, with the code, and the error in the console.
#[wasm_bindgen_test]
async fn a_kazakh_banner_fetches_only_the_country_names_it_does_not_carry() {
    clear_cookie("k_countries");
    let frame = Frame::open("/tests/pages/countries.html").await;
    assert!(disclosure(&frame).await.contains("Нидерланд"));
    assert_eq!(kk_names_fetched(&frame), 0, "carried: nothing fetched");
    clear_cookie("k_countries");

    clear_cookie("k_countries_rare");
    let frame = Frame::open("/tests/pages/countries-rare.html?file=none").await;
    let kk = disclosure(&frame).await;
    assert!(
        kk.contains("Бразилия") && kk.contains("Германия") && !kk.contains("BR"),
        "{kk}"
    );
    assert_eq!(kk_names_fetched(&frame), 1);
    frame.call("setLanguage", &["ru".into()]);
    sleep(30).await;
    assert!(frame.text("#kelisim-disclosure").contains("Бразилия"));
    frame.call("setLanguage", &["kk".into()]);
    sleep(30).await;
    assert_eq!(
        frame.text("#kelisim-disclosure"),
        kk,
        "the same Kazakh text again"
    );
    assert_eq!(kk_names_fetched(&frame), 1, "fetched once");
    assert!(frame.errors().is_empty(), "{:?}", frame.errors());
    clear_cookie("k_countries_rare");

    let frame = Frame::open("/tests/pages/countries-rare.html?file=countries_kk").await;
    let kk = disclosure(&frame).await;
    assert!(kk.contains("BR") && kk.contains("Германия"), "{kk}");
    assert!(frame.banner_shown());
    assert!(
        frame
            .errors()
            .iter()
            .any(|e| e.contains("Kazakh country names")),
        "{:?}",
        frame.errors()
    );
    clear_cookie("k_countries_rare");
}

/// On an XHTML page (served as `application/xhtml+xml`, whose document is an XML document and
/// not an HTML one) a choice is stored and read back like on any page, and the preference
/// center opens.
#[wasm_bindgen_test]
async fn an_xhtml_page_stores_the_choice() {
    clear_cookie("k_xhtml");
    let frame = Frame::open("/tests/pages/xhtml.xhtml").await;
    assert!(frame.banner_shown());
    frame.click("[data-kelisim-action=\"reject-all\"]").await;
    assert!(!frame.banner_shown());
    assert_eq!(granted(&stored("k_xhtml")), ["necessary"]);
    frame.reload().await;
    assert!(!frame.banner_shown(), "the stored choice is read back");
    assert_eq!(frame.call("accepted", &["necessary".into()]), JsValue::TRUE);
    frame.open_settings().await;
    frame.click("[data-kelisim-category=\"analytics\"]").await;
    frame.click("[data-kelisim-action=\"save\"]").await;
    assert_eq!(
        granted(&stored("k_xhtml")),
        ["analytics", "necessary"],
        "a choice in the preference center is stored too"
    );
    assert!(frame.errors().is_empty(), "{:?}", frame.errors());
    clear_cookie("k_xhtml");
}

/// A banner that names no country, or only the catalogue's, never asks the browser for country
/// names: the first `Intl.DisplayNames` of a page costs Chromium 55–77 ms of main thread under a
/// ×4 CPU slowdown, before the banner is shown.
#[wasm_bindgen_test]
async fn a_banner_naming_no_country_or_only_the_catalogues_never_makes_the_browsers_names() {
    clear_cookie("k_display_names");
    let frame = Frame::open("/tests/pages/display-names.html").await;
    assert!(frame.banner_shown());
    let text = frame.text("#kelisim-disclosure");
    assert!(
        text.contains("не осуществляется"),
        "no cross-border transfer: {text}"
    );
    assert_eq!(frame.global("__displayNames"), 0);
    // English, too, names none.
    frame.call("setLanguage", &["en".into()]);
    sleep(30).await;
    assert!(frame
        .text("#kelisim-disclosure")
        .contains("no cross-border transfer"));
    assert_eq!(frame.global("__displayNames"), 0);
    assert!(frame.errors().is_empty(), "{:?}", frame.errors());

    // A banner naming only the catalogue's countries (Yandex Metrica: RU, Google Analytics: US)
    // names them from the first layer's own copy.
    clear_cookie("k_display_names");
    frame
        .navigate("/tests/pages/display-names-catalogue.html")
        .await;
    let text = frame.text("#kelisim-disclosure");
    assert!(
        text.contains("Россия") && text.contains("Соединенные Штаты"),
        "{text}"
    );
    assert_eq!(frame.global("__displayNames"), 0);
    clear_cookie("k_display_names");
}
