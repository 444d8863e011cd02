//! Browser tests of the preference center, in headless Chromium and Firefox: the
//! WAI-ARIA modal dialog and keyboard use, services and disclosures from the configuration in
//! each language, one-click withdrawal deleting the refused services' cookies, the floating
//! button, and the four demo profiles.
#![cfg(target_arch = "wasm32")]

mod common;

use common::{clear_cookie, cookie, set_cookie, sleep, until, Frame};
use kelisim::country::name_or_code;
use kelisim::i18n::{fill, fill_count, id, text, Lang};
use wasm_bindgen::{JsCast, JsValue};
use wasm_bindgen_test::*;
use web_sys::{HtmlElement, HtmlInputElement, KeyboardEvent, KeyboardEventInit};

wasm_bindgen_test_configure!(run_in_browser);

const PAGE: &str = "/tests/pages/prefs.html";

/// The element that has focus inside the frame, looking into kelisim's shadow root.
fn focused(frame: &Frame) -> Option<web_sys::Element> {
    let active = frame.document().active_element()?;
    if active.id() == "kelisim-root" {
        frame.shadow().active_element()
    } else {
        Some(active)
    }
}

fn focus(frame: &Frame, selector: &str) {
    frame
        .query(selector)
        .unwrap_or_else(|| panic!("no {selector}"))
        .unchecked_into::<HtmlElement>()
        .focus()
        .unwrap();
}

/// Dispatches a keydown as the keyboard would, on the focused element.
async fn key(frame: &Frame, key: &str, shift: bool) {
    let init = KeyboardEventInit::new();
    init.set_key(key);
    init.set_shift_key(shift);
    init.set_bubbles(true);
    init.set_cancelable(true);
    init.set_composed(true);
    let target = focused(frame).expect("something has focus");
    // The event must come from the frame's realm.
    let ctor = js_sys::Reflect::get(&frame.window(), &"KeyboardEvent".into()).unwrap();
    let args = js_sys::Array::of2(&"keydown".into(), &init);
    let event: KeyboardEvent =
        js_sys::Reflect::construct(ctor.unchecked_ref::<js_sys::Function>(), &args)
            .unwrap()
            .unchecked_into();
    target.dispatch_event(&event).unwrap();
    sleep(40).await;
}

fn is_focused(frame: &Frame, selector: &str) -> bool {
    let expected = frame
        .query(selector)
        .unwrap_or_else(|| panic!("no {selector}"));
    focused(frame).is_some_and(|f| f == expected)
}

#[wasm_bindgen_test]
async fn keyboard_only_flow_through_the_preference_center() {
    clear_cookie("k_prefs");
    let frame = Frame::open(PAGE).await;
    // Settings on the first layer, activated from the keyboard (Enter on a focused button).
    focus(&frame, "[data-kelisim-action=\"preferences\"]");
    frame.click("[data-kelisim-action=\"preferences\"]").await;
    assert!(frame.settings_shown());
    let dialog = frame.query("[role=\"dialog\"]").unwrap();
    assert_eq!(dialog.get_attribute("aria-modal").as_deref(), Some("true"));
    assert_eq!(
        dialog.get_attribute("aria-labelledby").as_deref(),
        Some("kelisim-settings-title")
    );
    assert!(
        frame.query("#kelisim-settings-title").is_some()
            && frame.query("#kelisim-settings-text").is_some()
    );
    assert!(
        focused(&frame).is_some_and(|f| f == dialog),
        "focus moves into the dialog"
    );
    // The page behind is inert (from the task after the dialog's first frame).
    let body = frame.document().body().unwrap();
    let h1 = body.query_selector("h1").unwrap().unwrap();
    assert!(
        until(1000, || h1.has_attribute("inert")).await,
        "the page behind the dialog is inert"
    );
    assert!(!frame
        .document()
        .get_element_by_id("kelisim-root")
        .unwrap()
        .has_attribute("inert"));

    // Shift+Tab from the dialog goes to its last control; Tab from the last wraps to the first.
    key(&frame, "Tab", true).await;
    assert!(
        is_focused(&frame, "[data-kelisim-action=\"close\"]"),
        "Shift+Tab stays inside"
    );
    key(&frame, "Tab", false).await;
    assert!(
        is_focused(&frame, "[data-kelisim-language=\"kk\"]"),
        "Tab wraps to the first control"
    );
    key(&frame, "Tab", true).await;
    assert!(is_focused(&frame, "[data-kelisim-action=\"close\"]"));

    // Move to the analytics switch, toggle it (Space activates a focused checkbox), save (Enter).
    focus(&frame, "[data-kelisim-category=\"analytics\"]");
    frame.click("[data-kelisim-category=\"analytics\"]").await;
    let analytics: HtmlInputElement = frame
        .query("[data-kelisim-category=\"analytics\"]")
        .unwrap()
        .unchecked_into();
    assert!(analytics.checked());
    assert_eq!(analytics.get_attribute("role").as_deref(), Some("switch"));
    focus(&frame, "[data-kelisim-action=\"save\"]");
    frame.click("[data-kelisim-action=\"save\"]").await;
    assert!(!frame.settings_shown());
    assert_eq!(frame.call("accepted", &["analytics".into()]), JsValue::TRUE);
    assert_eq!(
        frame.call("accepted", &["marketing".into()]),
        JsValue::FALSE
    );
    assert!(!h1.has_attribute("inert"), "the page is usable again");

    // Reopen from a page link; Escape closes and focus returns to the link.
    let link: HtmlElement = frame
        .document()
        .get_element_by_id("open-settings")
        .unwrap()
        .unchecked_into();
    link.focus().unwrap();
    link.click();
    frame.wait_settings().await;
    assert!(frame.settings_shown());
    key(&frame, "Escape", false).await;
    sleep(40).await;
    assert!(!frame.settings_shown(), "Escape closes");
    assert_eq!(
        frame.document().active_element().map(|e| e.id()),
        Some("open-settings".into()),
        "focus returns to the opener"
    );

    // The floating button (configured bottom-right) reopens it; Escape returns focus to it.
    let float = frame
        .query(".k-float")
        .expect("a floating button after a choice");
    assert!(float.class_list().contains("k-bottom-right"));
    focus(&frame, ".k-float");
    frame.click(".k-float").await;
    assert!(frame.settings_shown());
    key(&frame, "Escape", false).await;
    sleep(40).await;
    assert!(
        is_focused(&frame, ".k-float"),
        "focus returns to the floating button"
    );

    // Opened and closed in one task (before its first frame): nothing is left inert.
    frame.call("showPreferences", &[]);
    frame.call("hide", &[]);
    sleep(200).await;
    assert!(!frame.settings_shown());
    assert!(
        !h1.has_attribute("inert"),
        "nothing inert after open and close"
    );
    // Opened again: inert again (the check above is not vacuous).
    frame.call("showPreferences", &[]);
    assert!(until(1000, || h1.has_attribute("inert")).await);
    key(&frame, "Escape", false).await;
}

#[wasm_bindgen_test]
async fn escape_before_any_choice_returns_to_the_first_layer() {
    clear_cookie("k_prefs");
    let frame = Frame::open(PAGE).await;
    focus(&frame, "[data-kelisim-action=\"preferences\"]");
    frame.click("[data-kelisim-action=\"preferences\"]").await;
    key(&frame, "Escape", false).await;
    sleep(40).await;
    assert!(
        frame.banner_shown(),
        "closing is not consent: the first layer is back"
    );
    assert!(
        is_focused(&frame, "[data-kelisim-action=\"preferences\"]"),
        "focus returns to Settings"
    );
    assert_eq!(cookie("k_prefs"), None);
    frame.open_settings().await;
    sleep(30).await;
    frame.click("[data-kelisim-action=\"close\"]").await;
    assert!(frame.banner_shown());
}

#[wasm_bindgen_test]
async fn services_and_disclosures_render_from_config_in_each_language() {
    clear_cookie("k_prefs");
    let frame = Frame::open(PAGE).await;
    frame.call("acceptAll", &[]);
    frame.open_settings().await;
    sleep(40).await;
    // The date as visitors read it (never ISO): «2027 жылғы 28 желтоқсанға дейін», «до
    // 28.12.2027», "until 28 December 2027".
    let expires = kelisim::time::DateTime::from_unix(
        kelisim::time::parse_instant(
            frame.call_json("getConsent", &[])["expires"]
                .as_str()
                .unwrap(),
        )
        .unwrap(),
    );
    for (lang, operator, address) in [
        (Lang::Kk, "«Сынақ» ЖШС", "Алматы, Абай даңғылы, 1"),
        (Lang::Ru, "ТОО «Сынақ»", "Алматы, проспект Абая, 1"),
        (Lang::En, "Synaq LLP", "1 Abai Ave, Almaty"),
    ] {
        frame.call("setLanguage", &[lang.code().into()]);
        sleep(40).await;
        let all = frame.text(".k-dialog");
        let t = |m| text(lang, m).to_owned();
        assert_eq!(frame.text("#kelisim-settings-title"), t(id::SETTINGS_TITLE));
        for expected in [
            operator.to_owned(),
            format!("{} 240740012077", t(id::OPERATOR_BIN)),
            "privacy@synaq.kz".to_owned(),
            "+7 (727) 000-00-00".to_owned(),
            address.to_owned(),
            fill_count(lang, &t(id::RESPONSE_DEADLINE), "days", 30, &[]),
            t(id::VALIDITY),
            fill(
                &t(id::VALIDITY_UNTIL),
                &[("date", &expires.date_until(lang))],
            ),
            fill(
                &t(id::THIRD_PARTIES_YES),
                &[("list", "Google LLC, Meta Platforms Inc.")],
            ),
            fill(
                &t(id::CROSS_BORDER_YES),
                &[(
                    "list",
                    &format!("{}, {}", name_or_code("DE", lang), name_or_code("US", lang)),
                )],
            ),
            t(id::PUBLISHED_NO),
            t(id::PREFS_SERVICES),
            t(id::ACTION_WITHDRAW),
        ] {
            assert!(
                all.contains(&expected),
                "{}: missing «{expected}» in «{all}»",
                lang.code()
            );
        }
        let data = frame.text(".k-data");
        assert!(data.contains(match lang {
            Lang::Kk => "Бет қаралымдары",
            Lang::Ru => "Просмотры страниц",
            Lang::En => "Page views",
        }));
        let services = frame.query_all(".k-services");
        assert_eq!(
            services.len(),
            2,
            "analytics and marketing list their services"
        );
        let cookies = frame.text(".k-services");
        assert!(
            cookies.contains("Google Analytics")
                && cookies.contains("t_ga")
                && cookies.contains("t_ga_*")
        );
        assert!(
            cookies.contains("Google LLC") && cookies.contains(&name_or_code("US", lang)),
            "the service's country by name: {cookies}"
        );
        assert!(
            frame
                .query("a.k-link")
                .unwrap()
                .get_attribute("href")
                .as_deref()
                == Some("/policy")
        );
    }
    assert_eq!(frame.errors(), Vec::<String>::new());
}

#[wasm_bindgen_test]
async fn withdrawal_refuses_everything_deletes_service_cookies_and_does_not_reload() {
    clear_cookie("k_prefs");
    let frame = Frame::open(PAGE).await;
    frame.click("[data-kelisim-action=\"accept-all\"]").await;
    // The services set their cookies once allowed.
    for name in ["t_ga", "t_ga_ABC", "t_fbp", "unrelated"] {
        set_cookie(name, "1");
    }
    js_sys::Reflect::set(&frame.window(), &"__marker".into(), &JsValue::TRUE).unwrap();
    frame.open_settings().await;
    sleep(40).await;
    frame.click("[data-kelisim-action=\"withdraw\"]").await;
    assert!(!frame.settings_shown());
    for name in ["t_ga", "t_ga_ABC", "t_fbp"] {
        assert_eq!(cookie(name), None, "{name} was deleted");
    }
    assert_eq!(
        cookie("unrelated").as_deref(),
        Some("1"),
        "other cookies stay"
    );
    clear_cookie("unrelated");
    let stored = kelisim::cookie::decode(&cookie("k_prefs").unwrap()).unwrap();
    assert_eq!(stored.granted.iter().collect::<Vec<_>>(), ["necessary"]);
    let events = frame.consent_events();
    assert_eq!(events.last().unwrap()["event"], "withdrawn");
    assert_eq!(events.last().unwrap()["action"], "withdraw");
    assert_eq!(
        js_sys::Reflect::get(&frame.window(), &"__marker".into()).unwrap(),
        JsValue::TRUE,
        "no reload"
    );
    // A later change is an update.
    frame.call(
        "setConsent",
        &[js_sys::JSON::parse(r#"{"marketing": true}"#).unwrap()],
    );
    assert_eq!(frame.consent_events().last().unwrap()["event"], "updated");
    // withdraw() from the API does the same.
    set_cookie("t_fbp", "1");
    frame.call("withdraw", &[]);
    assert_eq!(cookie("t_fbp"), None);
    assert_eq!(frame.consent_events().last().unwrap()["event"], "withdrawn");
}

#[wasm_bindgen_test]
async fn every_demo_profile_renders_in_every_language_without_errors() {
    for profile in ["kaspi", "kreditomat", "autocheck", "nomapay"] {
        clear_cookie(&format!("kelisim_{profile}"));
        let frame = Frame::open(&format!("/tests/pages/profile-{profile}.html")).await;
        assert!(frame.banner_shown(), "{profile}: banner");
        frame.open_settings().await;
        sleep(40).await;
        for lang in Lang::ALL {
            frame.call("setLanguage", &[lang.code().into()]);
            sleep(40).await;
            assert_eq!(
                frame.text("#kelisim-settings-title"),
                text(lang, id::SETTINGS_TITLE),
                "{profile} {}",
                lang.code()
            );
            assert!(
                frame.query_all("[data-kelisim-category]").len() >= 2,
                "{profile}: categories"
            );
            assert!(
                frame.query(".k-disclosures").is_some(),
                "{profile}: disclosures"
            );
            assert!(frame.query(".k-operator").is_some(), "{profile}: operator");
        }
        // Kreditomat's policy states no BIN and its demo has a loan form: the one error allowed
        // is the configuration error that keeps that form from being sent (law 94-V Art. 8(4)).
        let errors: Vec<String> = frame
            .errors()
            .into_iter()
            .filter(|e| !(profile == "kreditomat" && e.contains("`operator.bin`")))
            .collect();
        assert_eq!(errors, Vec::<String>::new(), "{profile}: console errors");
        // Kaspi's and Kreditomat's policies state no BIN: the one warning allowed names it.
        let warnings: Vec<String> = frame
            .warnings()
            .into_iter()
            .filter(|w| {
                !(matches!(profile, "kaspi" | "kreditomat") && w.contains("`operator.bin`"))
            })
            .collect();
        assert_eq!(
            warnings,
            Vec::<String>::new(),
            "{profile}: console warnings"
        );
    }
}

/// Every control of the preference center is reachable without scrolling sideways and none
/// covers another (the language switch and Close share the dialog's top), on 320 px and 390 px
/// phones and above the phone layout (600 px), for every demo profile in every language.
#[wasm_bindgen_test]
async fn every_control_of_the_preference_center_fits_and_none_covers_another() {
    let mut faults = Vec::new();
    for (width, height) in common::LAYOUT_SIZES {
        for profile in common::PROFILES {
            let frame = Frame::open_profile(profile, width, height).await;
            frame.open_settings().await;
            for lang in Lang::ALL {
                frame.call("setLanguage", &[lang.code().into()]);
                sleep(250).await; // past the fade-in
                assert!(frame.settings_shown(), "{profile}: the preference center");
                assert_eq!(frame.query_all("[data-kelisim-language]").len(), 3);
                // The services' lists open, so their contents are measured too.
                for details in frame.query_all("details") {
                    details.set_attribute("open", "").unwrap();
                }
                sleep(30).await;
                for fault in frame.layout_faults(width as f64) {
                    faults.push(format!(
                        "{profile} {} {width}×{height}: {fault}",
                        lang.code()
                    ));
                }
            }
        }
    }
    assert!(faults.is_empty(), "{}", faults.join("\n"));
}

/// Services named only by their catalogue id: the first layer names their countries, the
/// preference center lists them with the catalogue's provider, purpose and cookie lifetimes (what
/// the configuration states itself wins: the name here), and refusing a category deletes the
/// catalogue's cookies of its services.
#[wasm_bindgen_test]
async fn services_named_by_catalogue_id_inherit_their_disclosures() {
    clear_cookie("k_catalogue");
    let frame = Frame::open("/tests/pages/catalogue.html").await;
    let kk = frame.text("#kelisim-disclosure");
    for code in ["RU", "US"] {
        let name = kelisim::country::name(code, Lang::Kk).unwrap();
        assert!(kk.contains(name), "{name} in «{kk}»");
    }
    frame.click("[data-kelisim-action=\"accept-all\"]").await;
    for name in ["_ym_uid", "_ym_d", "_fbp", "unrelated"] {
        set_cookie(name, "1");
    }
    frame.open_settings().await;
    frame.call("setLanguage", &["ru".into()]);
    sleep(40).await;
    let all = frame.text(".k-dialog");
    let lang = Lang::Ru;
    let catalogue = |f: fn(Lang, &str) -> Option<&'static str>, id| f(lang, id).unwrap();
    for expected in [
        "Yandex Metrica".to_owned(),
        catalogue(kelisim::catalogue::provider, "yandex-metrica").to_owned(),
        catalogue(kelisim::catalogue::purpose, "yandex-metrica").to_owned(),
        "Our pixel".to_owned(),
        catalogue(kelisim::catalogue::purpose, "meta-pixel").to_owned(),
        "_ym_uid".to_owned(),
        fill_count(lang, text(lang, id::COOKIE_DAYS), "days", 365, &[]),
        text(lang, id::COOKIE_SESSION).to_owned(),
        fill(
            text(lang, id::THIRD_PARTIES_YES),
            &[("list", "ООО «Яндекс», Meta Platforms, Inc.")],
        ),
        name_or_code("RU", lang),
    ] {
        assert!(all.contains(&expected), "missing «{expected}» in «{all}»");
    }
    assert!(
        !all.contains("Meta Pixel"),
        "the configured name wins: {all}"
    );
    // Metrica's own row (the first service) carries its provider, purpose and cookie lifetimes.
    let row = frame.text(".k-service");
    for expected in [
        "Yandex Metrica".to_owned(),
        catalogue(kelisim::catalogue::provider, "yandex-metrica").to_owned(),
        catalogue(kelisim::catalogue::purpose, "yandex-metrica").to_owned(),
        fill_count(lang, text(lang, id::COOKIE_DAYS), "days", 365, &[]),
        name_or_code("RU", lang),
    ] {
        assert!(row.contains(&expected), "missing «{expected}» in «{row}»");
    }
    // Refusing analytics deletes Metrica's cookies, and only those.
    frame.call(
        "setConsent",
        &[js_sys::JSON::parse(r#"{"analytics": false, "marketing": true}"#).unwrap()],
    );
    sleep(40).await;
    assert_eq!(cookie("_ym_uid"), None);
    assert_eq!(cookie("_ym_d"), None);
    assert_eq!(cookie("_fbp").as_deref(), Some("1"));
    assert_eq!(cookie("unrelated").as_deref(), Some("1"));
    for name in ["_fbp", "unrelated", "k_catalogue"] {
        clear_cookie(name);
    }
}
