//! Browser tests of automatic blocking (`data-kelisim-autoblock`), in headless Chromium and
//! Firefox: the vendors' real snippets (Google tag, Yandex Metrica, Meta Pixel, Google Tag
//! Manager, VK, TikTok) load stub scripts from `tests/autoblock/stub.py`, which
//! `scripts/test.sh` starts; the vendors' hosts are mapped to it by
//! `tests/autoblock/webdriver.json`. Each stub records its run (`__runs`), the calls its snippet
//! queued before it (`__queued`), sets its vendor's cookie and sends a hit; the stub server records
//! every request.
//!
//! Which vendor is held follows the catalogue (`kelisim::catalogue::match_element`): a service
//! added to it is held here too.
#![cfg(target_arch = "wasm32")]

mod common;

use common::{clear_cookie, cookie, set_cookie, sleep, top, Frame};
use kelisim::consent::Consent;
use kelisim::i18n::Lang;
use wasm_bindgen_futures::JsFuture;
use wasm_bindgen_test::*;

wasm_bindgen_test_configure!(run_in_browser);

/// The stub server's plain HTTP port (its hit list).
const STUB: &str = "http://127.0.0.1:18100";

/// The pages' vendor scripts: the stub's name, the URL the snippet loads, the cookie it sets, and
/// whether the HTML has it (a browser's preload scanner may fetch those) or a script inserts it.
const VENDORS: [(&str, &str, &str, bool); 7] = [
    (
        "google-analytics",
        "https://www.googletagmanager.com:18101/gtag/js?id=G-TEST",
        "_ga",
        true,
    ),
    (
        "yandex-metrica",
        "https://mc.yandex.ru:18101/metrika/tag.js",
        "_ym_uid",
        false,
    ),
    (
        "meta-pixel",
        "https://connect.facebook.net:18101/en_US/fbevents.js",
        "_fbp",
        false,
    ),
    (
        "google-tag-manager",
        "https://www.googletagmanager.com:18101/gtm.js?id=GTM-TEST",
        "_gtm_stub",
        false,
    ),
    (
        "vk-pixel",
        "https://vk.com:18101/js/api/openapi.js?169",
        "_vk_stub",
        false,
    ),
    (
        "tiktok-pixel",
        "https://analytics.tiktok.com:18101/i18n/pixel/events.js?sdkid=TTPIXEL1&lib=ttq",
        "_ttp",
        false,
    ),
    (
        "cdn-lib",
        "https://cdn.jsdelivr.net:18101/npm/cdn-lib.js",
        "_cdn_stub",
        true,
    ),
];

/// The category a vendor's script waits for (`None`: it is no catalogue service), the site's
/// own categories (`(id, category)`) winning.
fn category(url: &str, own: &[(&str, &str)]) -> Option<String> {
    let service = kelisim::catalogue::match_element(url)?;
    Some(
        own.iter()
            .find(|(id, _)| *id == service.id)
            .map_or(service.category, |(_, c)| c)
            .to_owned(),
    )
}

/// The vendors that run with these categories granted (necessary always is).
fn running(granted: &[&str], own: &[(&str, &str)]) -> Vec<&'static str> {
    VENDORS
        .iter()
        .filter(|(_, url, _, _)| {
            category(url, own).is_none_or(|c| c == "necessary" || granted.contains(&c.as_str()))
        })
        .map(|v| v.0)
        .collect()
}

async fn get(url: &str) -> serde_json::Value {
    let response: web_sys::Response = JsFuture::from(top().fetch_with_str(url))
        .await
        .expect("the stub server answers (scripts/test.sh starts tests/autoblock/stub.py)")
        .into();
    let text = JsFuture::from(response.text().unwrap()).await.unwrap();
    serde_json::from_str(&text.as_string().unwrap()).unwrap()
}

/// Every request the stub server had since the last reset (`host/path`).
async fn hits() -> Vec<String> {
    get(&format!("{STUB}/__hits"))
        .await
        .as_array()
        .unwrap()
        .iter()
        .map(|h| h.as_str().unwrap().to_owned())
        .collect()
}

/// The stub server's hits once the vendors' `/collect` hits number `n` (up to 5 s; a hit is an
/// image request a stub sends when it runs, so it may arrive after the run is seen), then a
/// little later for extra ones. Waiting for them here also keeps a late hit out of the next test,
/// whose `fresh` resets the list.
async fn hits_after(n: usize) -> Vec<String> {
    for _ in 0..100 {
        if sent(&hits().await) >= n {
            break;
        }
        sleep(50).await;
    }
    sleep(300).await;
    hits().await
}

/// How many of `hits` are the hits a vendor stub sends when it runs (each names its vendor).
fn sent(hits: &[String]) -> usize {
    hits.iter().filter(|h| h.ends_with("/collect")).count()
}

fn host_path(url: &str) -> String {
    let rest = url.split("://").nth(1).unwrap();
    let (host, path) = rest.split_once('/').unwrap();
    let host = host.split(':').next().unwrap();
    let path = path.split('?').next().unwrap();
    format!("{host}/{path}")
}

/// A fresh visitor: no consent, no vendor cookies, no hits.
async fn fresh(consent_cookie: &str) {
    clear_cookie(consent_cookie);
    for (_, _, c, _) in VENDORS {
        clear_cookie(c);
    }
    get(&format!("{STUB}/__reset")).await;
}

fn consent(name: &str, categories: &[&str]) {
    let consent = Consent {
        id: "0b6f2f59-6a0e-4d34-9d3c-5b1f0f6f7a11".into(),
        revision: 1,
        given: (js_sys::Date::now() / 1000.0) as i64 - 60,
        language: Lang::Kk,
        granted: categories.iter().map(|s| s.to_string()).collect(),
        gpc: false,
    };
    set_cookie(name, &kelisim::cookie::encode(&consent));
}

fn runs(frame: &Frame) -> Vec<String> {
    frame
        .global("__runs")
        .as_array()
        .map(|a| {
            a.iter()
                .filter_map(|v| v.as_str().map(str::to_owned))
                .filter(|r| r != "vk-hit")
                .collect()
        })
        .unwrap_or_default()
}

/// Waits (up to 5 s) until the page ran `n` vendor scripts, then a little more for extra runs.
async fn runs_after(frame: &Frame, n: usize) -> Vec<String> {
    for _ in 0..100 {
        if runs(frame).len() >= n {
            break;
        }
        sleep(50).await;
    }
    sleep(500).await;
    let mut r = runs(frame);
    r.sort();
    r
}

/// How many elements of the page (not the banner) match `selector`.
fn in_page(frame: &Frame, selector: &str) -> usize {
    frame
        .document()
        .query_selector_all(selector)
        .unwrap()
        .length() as usize
}

fn sorted(v: &[&str]) -> Vec<String> {
    let mut v: Vec<String> = v.iter().map(|s| s.to_string()).collect();
    v.sort();
    v
}

/// Checks that exactly `running` vendors ran, the others neither ran, set a cookie nor sent a
/// hit, and those a script inserts were not even fetched.
async fn check(frame: &Frame, running: &[&str]) {
    assert_eq!(runs_after(frame, running.len()).await, sorted(running));
    let hits = hits_after(running.len()).await;
    for (name, url, c, in_html) in VENDORS {
        if running.contains(&name) {
            assert!(cookie(c).is_some(), "{name} ran and set {c}");
        } else {
            assert_eq!(cookie(c), None, "{name} is held: no cookie {c}");
            if !in_html {
                assert!(
                    !hits.contains(&host_path(url)),
                    "{name} is held: not even fetched ({hits:?})"
                );
            }
        }
    }
    // Every hit a stub sends names its vendor: none of a held one.
    assert_eq!(
        sent(&hits),
        running.len(),
        "one hit per script that ran: {hits:?}"
    );
}

/// Checks that the held scripts ran one after the other in the order the page inserted them
/// (VENDORS' order), not in document order (the vendors' snippets insert theirs before the first
/// script).
fn held_ran_in_insertion_order(frame: &Frame) {
    let before = running(&[], &[]);
    let held_order: Vec<String> = runs(frame)
        .into_iter()
        .filter(|r| !before.contains(&r.as_str()))
        .collect();
    let inserted: Vec<&str> = VENDORS
        .iter()
        .map(|v| v.0)
        .filter(|v| !before.contains(v))
        .collect();
    assert_eq!(held_order, inserted);
}

#[wasm_bindgen_test]
async fn nothing_runs_before_a_choice_and_accept_all_runs_each_once_with_its_queued_calls() {
    fresh("k_autoblock").await;
    let frame = Frame::open("/tests/pages/autoblock.html").await;
    let before = running(&[], &[]);
    assert!(before.contains(&"cdn-lib"), "a CDN library is no tracker");
    assert!(
        before.len() < VENDORS.len(),
        "the catalogue knows these trackers"
    );
    check(&frame, &before).await;
    let held = in_page(&frame, "script[data-kelisim-service][type=\"text/plain\"]");
    assert_eq!(held, VENDORS.len() - before.len(), "held, waiting");

    // Iframes of catalogue services wait behind the gated iframes' placeholder; the one a script
    // inserted was not even requested.
    let video = "www.youtube.com/embed/script-video".to_string();
    let youtube = kelisim::catalogue::match_element("https://www.youtube.com/embed/x").is_some();
    if youtube {
        let waiting = "iframe[data-kelisim-service][data-kelisim-src]:not([src])";
        assert_eq!(in_page(&frame, waiting), 2);
        assert_eq!(in_page(&frame, ".kelisim-placeholder"), 2);
        assert!(!hits().await.contains(&video));
    }

    frame.click("[data-kelisim-action=\"accept-all\"]").await;
    let all: Vec<&str> = VENDORS.iter().map(|v| v.0).collect();
    check(&frame, &all).await;
    if youtube {
        assert_eq!(in_page(&frame, "iframe[data-kelisim-service][src]"), 2);
        assert_eq!(in_page(&frame, ".kelisim-placeholder"), 0);
        assert!(hits().await.contains(&video));
    }
    held_ran_in_insertion_order(&frame);
    // The calls the inline snippets queued before a choice reach each library.
    let queued = frame.global("__queued");
    assert_eq!(queued["yandex-metrica"], 1, "ym(…, 'init')");
    assert_eq!(queued["meta-pixel"], 2, "fbq('init'), fbq('track')");
    assert_eq!(queued["tiktok-pixel"], 1, "ttq.page()");
    assert!(
        queued["google-analytics"].as_i64().unwrap() >= 2,
        "gtag('js'), gtag('config')"
    );
    // VK's snippet calls the library from the script's onload: the held script ran as itself.
    let runs_all = frame.global("__runs");
    assert!(
        runs_all.as_array().unwrap().iter().any(|r| r == "vk-hit"),
        "VK's onload ran: {runs_all}"
    );
    assert_eq!(frame.errors(), Vec::<String>::new());
    // Withdrawal deletes the cookies the catalogue lists for the held services.
    frame.call("withdraw", &[]);
    let listed = |url: &str, c: &str| {
        kelisim::catalogue::match_element(url)
            .is_some_and(|s| s.cookies.iter().any(|k| k.name == c))
    };
    for _ in 0..100 {
        if VENDORS
            .iter()
            .all(|(_, url, c, _)| !listed(url, c) || cookie(c).is_none())
        {
            break;
        }
        sleep(50).await;
    }
    for (name, url, c, _) in VENDORS {
        if listed(url, c) {
            assert_eq!(cookie(c), None, "{name}: {c} deleted on withdrawal");
        }
    }
    assert!(
        cookie("_cdn_stub").is_some(),
        "no tracker: its cookie stays"
    );
}

#[wasm_bindgen_test]
async fn analytics_only_holds_marketing_on_this_page_and_the_next() {
    fresh("k_autoblock").await;
    consent("k_autoblock", &["necessary", "analytics"]);
    let frame = Frame::open("/tests/pages/autoblock.html").await;
    let expected = running(&["analytics"], &[]);
    assert!(expected.contains(&"google-analytics") && expected.contains(&"yandex-metrica"));
    check(&frame, &expected).await;
    get(&format!("{STUB}/__reset")).await;
    for (_, _, c, _) in VENDORS {
        clear_cookie(c);
    }
    // The next page of the site: the same page again, as a new navigation.
    frame.navigate("/tests/pages/autoblock.html?page=2").await;
    check(&frame, &expected).await;
}

#[wasm_bindgen_test]
async fn reject_all_holds_every_tracker() {
    fresh("k_autoblock").await;
    let frame = Frame::open("/tests/pages/autoblock.html").await;
    frame.click("[data-kelisim-action=\"reject-all\"]").await;
    sleep(300).await;
    check(&frame, &running(&[], &[])).await;
}

#[wasm_bindgen_test]
async fn a_sites_own_category_for_a_catalogue_id_wins() {
    fresh("k_autoblock_own").await;
    consent("k_autoblock_own", &["necessary", "analytics"]);
    // The page's configuration puts yandex-metrica into marketing.
    let frame = Frame::open("/tests/pages/autoblock-own.html").await;
    let own = [("yandex-metrica", "marketing")];
    let expected = running(&["analytics"], &own);
    assert!(!expected.contains(&"yandex-metrica"));
    check(&frame, &expected).await;
}

#[wasm_bindgen_test]
async fn with_a_fetched_configuration_its_categories_decide() {
    fresh("k_autoblock_url").await;
    consent("k_autoblock_url", &["necessary", "analytics"]);
    // data-config: the configuration (Metrica in marketing, TikTok's pixel in the required
    // category) arrives after the trackers' tags. Nothing runs on the catalogue's defaults in the
    // meantime: Metrica (analytics by default, granted) is never fetched, TikTok's pixel
    // (marketing by default, not granted) runs as the site's required service.
    let frame = Frame::open("/tests/pages/autoblock-url.html").await;
    let own = [
        ("yandex-metrica", "marketing"),
        ("tiktok-pixel", "necessary"),
    ];
    let expected = running(&["analytics"], &own);
    assert!(!expected.contains(&"yandex-metrica") && expected.contains(&"tiktok-pixel"));
    check(&frame, &expected).await;
    assert_eq!(frame.errors(), Vec::<String>::new());
}

#[wasm_bindgen_test]
async fn without_the_attribute_nothing_is_held() {
    fresh("k_autoblock_off").await;
    let frame = Frame::open("/tests/pages/autoblock-off.html").await;
    let all: Vec<&str> = VENDORS.iter().map(|v| v.0).collect();
    check(&frame, &all).await;
    assert_eq!(in_page(&frame, "[data-kelisim-service]"), 0);
}

/// Asked to block too late, the loader says so on the console: a catalogue service's script
/// written before it (it ran, not held: Google's tag here; Yandex Metrica, inserted after the
/// loader, is held), and a loader that is `async`.
#[wasm_bindgen_test]
async fn asked_to_block_too_late_the_loader_says_so() {
    fresh("k_autoblock_late").await;
    let frame = Frame::open("/tests/pages/autoblock-too-late.html").await;
    let needs = "kelisim: data-kelisim-autoblock needs kelisim.js as a plain script in <head> \
                 before the trackers' tags: ";
    assert_eq!(
        frame.errors(),
        [format!(
            "{needs}https://www.googletagmanager.com:18101/gtag/js?id=G-TEST came before it \
             and was not held"
        )]
    );
    assert_eq!(runs_after(&frame, 1).await, ["google-analytics"]);
    assert_eq!(
        in_page(&frame, "script[data-kelisim-service][src*=\"/metrika/\"]"),
        1,
        "Metrica, after the loader, is held"
    );
    drop(frame);
    fresh("k_autoblock_late").await;

    let frame = Frame::open("/tests/pages/autoblock-async.html").await;
    assert_eq!(
        frame.errors(),
        [format!("{needs}this one is async or defer")]
    );
    drop(frame);
    clear_cookie("k_autoblock_async");
}

/// The Google tag of a Google Ads account is the same file as Analytics' (`gtag/js`), named by
/// the account (`?id=AW-…`): with analytics allowed and marketing not, Analytics' tag runs and the
/// Ads one waits (no run, no cookie); with marketing allowed too, it runs once, with the calls
/// queued for it.
#[wasm_bindgen_test]
async fn the_google_tag_of_an_ads_account_waits_for_marketing() {
    fresh("k_autoblock_ads").await;
    clear_cookie("_gcl_au");
    consent("k_autoblock_ads", &["necessary", "analytics"]);
    let frame = Frame::open("/tests/pages/autoblock-google-ads.html").await;
    assert_eq!(runs_after(&frame, 1).await, ["google-analytics"]);
    assert_eq!(cookie("_gcl_au"), None, "the Ads tag is held: no cookie");
    assert_eq!(
        in_page(
            &frame,
            "script[data-kelisim-service][type=\"text/plain\"][src*=\"AW-\"]"
        ),
        1,
        "the Ads tag waits"
    );
    frame.call("acceptAll", &[]);
    assert_eq!(
        runs_after(&frame, 2).await,
        ["google-ads", "google-analytics"]
    );
    assert!(cookie("_gcl_au").is_some(), "the Ads tag ran");
    assert!(
        frame.global("__queued")["google-ads"].as_i64().unwrap() >= 3,
        "gtag('js'), gtag('config') twice"
    );
    assert_eq!(frame.errors(), Vec::<String>::new());
    drop(frame);
    fresh("k_autoblock_ads").await;
    clear_cookie("_gcl_au");
}

#[wasm_bindgen_test]
async fn with_a_strict_csp_held_scripts_still_run() {
    fresh("k_autoblock_csp").await;
    // script-src 'nonce-…' 'strict-dynamic', as Google documents for the Google tag.
    let frame = Frame::open("/tests/pages/autoblock-csp.html").await;
    check(&frame, &running(&[], &[])).await;
    frame.click("[data-kelisim-action=\"accept-all\"]").await;
    let all: Vec<&str> = VENDORS.iter().map(|v| v.0).collect();
    check(&frame, &all).await;
    assert_eq!(frame.errors(), Vec::<String>::new());
}

/// Dispatches Firefox's `beforescriptexecute` on `el`, as Firefox 140 does before a script runs;
/// `false`: the event was cancelled (the script would not run).
fn about_to_run(el: &web_sys::Element) -> bool {
    let init = web_sys::CustomEventInit::new();
    init.set_cancelable(true);
    let event =
        web_sys::CustomEvent::new_with_event_init_dict("beforescriptexecute", &init).unwrap();
    el.dispatch_event(&event).unwrap()
}

/// A held script that the browser runs all the same: Firefox 140 ESR starts an `async` tracker of
/// the HTML before the loader's observer changes its type, and tells it with its own
/// `beforescriptexecute` event. The loader stops it there, and a copy that never started (the
/// same attributes and nonce, still held) takes its place, to run once allowed, exactly once.
/// The event is dispatched here, so that the loader's handler is tried in every browser (Firefox
/// 140 dispatches it itself: there, every test of this file depends on it).
#[wasm_bindgen_test]
async fn a_held_script_the_browser_starts_anyway_is_stopped_and_its_copy_runs_once_allowed() {
    fresh("k_autoblock_csp").await;
    // A nonce and 'strict-dynamic' (the copy must keep the nonce of the tag the page wrote).
    let frame = Frame::open("/tests/pages/autoblock-csp.html").await;
    check(&frame, &running(&[], &[])).await;
    let page = |selector: &str| frame.document().query_selector(selector).unwrap();
    let google = "script[data-kelisim-service][src*=\"/gtag/js\"]";
    let started = page(google).expect("Google's tag of the HTML is held");
    assert!(!about_to_run(&started), "a held script is stopped");
    assert!(!started.is_connected(), "and leaves the page");
    let copy = page(google).expect("a copy takes its place");
    let attribute = |el: &web_sys::Element, name| el.get_attribute(name);
    for name in [
        "src",
        "type",
        "async",
        "data-kelisim-service",
        "data-kelisim-type",
    ] {
        assert_eq!(attribute(&copy, name), attribute(&started, name), "{name}");
    }
    assert_eq!(copy.get_attribute("type").as_deref(), Some("text/plain"));
    let nonce = |el: &web_sys::Element| js_sys::Reflect::get(el, &"nonce".into()).unwrap();
    // (This page's policy is a <meta>: the nonce attribute stays readable and is copied. Under a
    // policy sent as a header browsers hide it, and the loader copies the property: see
    // under_a_policy_sent_as_a_header_held_scripts_run_with_their_own_nonce.)
    assert_eq!(nonce(&copy), "a2VsaXNpbS10ZXN0", "the copy keeps its nonce");
    let own = page("script[src=\"capture.js\"]").unwrap();
    assert!(about_to_run(&own), "a script not held is left alone");
    assert!(own.is_connected());

    frame.click("[data-kelisim-action=\"accept-all\"]").await;
    let all: Vec<&str> = VENDORS.iter().map(|v| v.0).collect();
    check(&frame, &all).await;
    // The copy ran where the original was in the order of the held scripts.
    held_ran_in_insertion_order(&frame);
    assert_eq!(frame.errors(), Vec::<String>::new());
}

/// Under a policy sent as a header, as most sites send theirs, browsers hide every nonce
/// attribute (it reads ""; the property keeps the value): a held script still runs with its own
/// nonce, read from the property, by the first layer's release and by the loader's copy of a
/// script the browser started anyway. The policy here has a nonce and no `'strict-dynamic'`, so a
/// script runs only with the nonce: Google's tag of the HTML (held, with its nonce) and the CDN
/// library run after Accept all; the trackers the snippets insert without a nonce stay blocked by
/// the policy itself, as they would be without kelisim.
#[wasm_bindgen_test]
async fn under_a_policy_sent_as_a_header_held_scripts_run_with_their_own_nonce() {
    common::serve_policies_as_headers().await;
    fresh("k_autoblock_csp").await;
    let frame = Frame::open("/tests/pages/csp-header/autoblock-csp.html?nostrict").await;
    check(&frame, &running(&[], &[])).await;
    let page = |selector: &str| frame.document().query_selector(selector).unwrap();
    let nonce = |el: &web_sys::Element| js_sys::Reflect::get(el, &"nonce".into()).unwrap();
    // The policy came as a header: the page's nonce attributes are hidden.
    let own = page("script[src=\"capture.js\"]").unwrap();
    assert_eq!(own.get_attribute("nonce").as_deref(), Some(""));
    assert_eq!(nonce(&own), "a2VsaXNpbS10ZXN0");
    // Google's tag, held, started by the browser all the same (Firefox 140 does so itself): its
    // copy keeps the nonce as a property.
    let google = "script[data-kelisim-service][src*=\"/gtag/js\"]";
    let started = page(google).expect("Google's tag of the HTML is held");
    assert!(!about_to_run(&started), "it is stopped");
    let copy = page(google).expect("a copy takes its place");
    assert_eq!(nonce(&copy), "a2VsaXNpbS10ZXN0", "the copy keeps its nonce");

    frame.click("[data-kelisim-action=\"accept-all\"]").await;
    check(&frame, &["google-analytics", "cdn-lib"]).await;
    assert_eq!(frame.errors(), Vec::<String>::new());
}

/// Sources set on scripts and iframes already in the page wait too: lazy-loaded videos (their
/// `src` set as a property or as an attribute when they scroll into view), scripts inserted
/// empty and then given a `src`, scripts inserted by `replaceChildren` and a `Range`, two videos
/// inserted inside one element, a script and a video written with `document.write`, and videos
/// set as HTML (`innerHTML`, `insertAdjacentHTML`, `setHTMLUnsafe`).
/// A held video whose `src` a script switches keeps waiting, for its new one. Nothing of them
/// is fetched before a choice; Accept all runs and loads each; a script that ran already is not
/// run again by a later `src`, nor one set as HTML (which never runs).
#[wasm_bindgen_test]
async fn sources_set_late_wait_too() {
    fresh("k_autoblock_late").await;
    let frame = Frame::open("/tests/pages/autoblock-late.html").await;
    let videos = [
        "lazy-property",
        "lazy-attribute",
        "lazy-ns",
        "lazy-node",
        "lazy-value",
        "box-first",
        "box-second",
        "written",
        "inner-html",
        "adjacent-html",
        "html-unsafe",
        "switched",
    ];
    let waiting = "iframe[data-kelisim-service][data-kelisim-src]:not([src])";
    for _ in 0..100 {
        if in_page(&frame, ".kelisim-placeholder") >= videos.len() {
            break;
        }
        sleep(50).await;
    }
    assert_eq!(in_page(&frame, waiting), videos.len(), "every video waits");
    assert_eq!(in_page(&frame, ".kelisim-placeholder"), videos.len());
    let held = "script[data-kelisim-service][type=\"text/plain\"]";
    assert_eq!(in_page(&frame, held), 6, "every script held");
    assert_eq!(runs(&frame), vec!["inline"]);
    let cookies = ["_ym_uid", "_fbp", "_ttp", "_ga", "_gtm_stub", "_vk_stub"];
    for c in cookies {
        assert_eq!(cookie(c), None, "{c} not set before a choice");
    }
    assert_eq!(
        hits().await,
        Vec::<String>::new(),
        "nothing fetched before a choice"
    );

    frame.click("[data-kelisim-action=\"accept-all\"]").await;
    assert_eq!(
        runs_after(&frame, 7).await,
        [
            "google-analytics",
            "google-tag-manager",
            "inline",
            "meta-pixel",
            "tiktok-pixel",
            "vk-pixel",
            "yandex-metrica"
        ]
    );
    for c in cookies {
        assert!(cookie(c).is_some(), "{c} set once allowed");
    }
    let loaded = |hits: &[String]| {
        (videos.iter()).all(|v| hits.contains(&format!("www.youtube.com/embed/{v}")))
    };
    let mut seen = hits_after(5).await;
    for _ in 0..100 {
        if loaded(&seen) {
            break;
        }
        sleep(50).await;
        seen = hits().await;
    }
    assert!(loaded(&seen), "every video loads once allowed: {seen:?}");
    assert_eq!(in_page(&frame, ".kelisim-placeholder"), 0);
    assert!(
        !seen.iter().any(|h| h.contains("cdn-lib")),
        "a script that ran is not run again: {seen:?}"
    );
    assert_eq!(frame.errors(), Vec::<String>::new());
}

/// How many elements match `selector` in the open shadow roots of the page's `hosts` (a
/// selector), and in those of the `hosts` inside them.
fn in_shadow_roots(frame: &Frame, hosts: &str, selector: &str) -> usize {
    fn count(list: web_sys::NodeList, hosts: &str, selector: &str) -> usize {
        (0..list.length())
            .filter_map(|i| {
                // (An element of the frame's realm: no `instanceof` check.)
                wasm_bindgen::JsCast::unchecked_into::<web_sys::Element>(list.get(i)?).shadow_root()
            })
            .map(|root| {
                root.query_selector_all(selector).unwrap().length() as usize
                    + count(root.query_selector_all(hosts).unwrap(), hosts, selector)
            })
            .sum()
    }
    count(
        frame.document().query_selector_all(hosts).unwrap(),
        hosts,
        selector,
    )
}

/// Trackers a web component puts into its shadow root (`tests/pages/autoblock-shadow.html`): a
/// video appended there (through `appendChild`, or the shadow root's own `append` and
/// `replaceChildren`, which a video escaped through before), set as markup on the shadow root and on an element inside it, one in a
/// closed shadow root, and a tracker's script. Nothing is fetched before a choice (markup set on a
/// shadow root loaded its video at once before); Accept all runs the script and loads every
/// video (they used to wait for ever: the first layer looked in the document only), and a video
/// a component adds to its shadow root afterwards loads without any change to the document.
#[wasm_bindgen_test]
async fn trackers_in_shadow_roots_wait_and_then_run() {
    fresh("k_autoblock_shadow").await;
    let frame = Frame::open("/tests/pages/autoblock-shadow.html").await;
    let waiting = "iframe[data-kelisim-service][data-kelisim-src]:not([src])";
    for _ in 0..100 {
        if in_shadow_roots(&frame, "video-box", ".kelisim-placeholder") >= 5 {
            break;
        }
        sleep(50).await;
    }
    assert_eq!(
        in_shadow_roots(&frame, "video-box", waiting),
        5,
        "every video waits"
    );
    assert_eq!(
        in_shadow_roots(&frame, "video-box", ".kelisim-placeholder"),
        5
    );
    assert_eq!(runs(&frame), Vec::<String>::new());
    assert_eq!(cookie("_ym_uid"), None);
    assert_eq!(
        hits().await,
        Vec::<String>::new(),
        "nothing fetched before a choice"
    );

    frame.click("[data-kelisim-action=\"accept-all\"]").await;
    assert_eq!(runs_after(&frame, 1).await, ["yandex-metrica"]);
    assert!(cookie("_ym_uid").is_some());
    let loaded = |hits: &[String], videos: &[&str]| {
        (videos.iter()).all(|v| hits.contains(&format!("www.youtube.com/embed/shadow-{v}")))
    };
    let videos = [
        "appended",
        "root-append",
        "root-replace",
        "root-html",
        "inner-html",
        "closed",
    ];
    let mut seen = hits().await;
    for _ in 0..100 {
        if loaded(&seen, &videos) {
            break;
        }
        sleep(50).await;
        seen = hits().await;
    }
    assert!(
        loaded(&seen, &videos),
        "every video loads once allowed: {seen:?}"
    );
    assert_eq!(
        in_shadow_roots(&frame, "video-box", ".kelisim-placeholder"),
        0
    );

    let later: js_sys::Function = js_sys::Reflect::get(&frame.window(), &"__later".into())
        .unwrap()
        .into();
    later.call0(&wasm_bindgen::JsValue::NULL).unwrap();
    for _ in 0..100 {
        if loaded(&seen, &["later"]) {
            break;
        }
        sleep(50).await;
        seen = hits().await;
    }
    assert!(
        loaded(&seen, &["later"]),
        "a video added later loads: {seen:?}"
    );
    assert_eq!(frame.errors(), Vec::<String>::new());
}

/// Trackers loaded as ES modules (`tests/pages/autoblock-module.html`): a `type="module"` script
/// in the HTML, one a script inserts, and one given its `src` after it was inserted (its type in
/// capitals) wait like classic ones (they ran before any choice: only classic types were held),
/// and once allowed each runs exactly once **as a module** (the loader keeps its own type, which
/// the first layer gives back), next to a classic script that stays classic.
#[wasm_bindgen_test]
async fn module_scripts_wait_and_then_run_as_modules() {
    fresh("k_autoblock_module").await;
    let frame = Frame::open("/tests/pages/autoblock-module.html").await;
    let held = "script[data-kelisim-service][type=\"text/plain\"]";
    for _ in 0..100 {
        if in_page(&frame, held) >= 4 {
            break;
        }
        sleep(50).await;
    }
    assert_eq!(in_page(&frame, held), 4, "every tracker's script held");
    sleep(300).await;
    assert_eq!(runs(&frame), Vec::<String>::new(), "nothing ran");
    for c in ["_ttp", "_ym_uid", "_fbp", "_ga"] {
        assert_eq!(cookie(c), None, "{c} not set before a choice");
    }
    let inserted = [
        "mc.yandex.ru/metrika/tag.js",
        "connect.facebook.net/en_US/fbevents.js",
        "www.googletagmanager.com/gtag/js",
    ];
    let seen = hits().await;
    for h in inserted {
        assert!(!seen.iter().any(|s| s == h), "{h} not fetched: {seen:?}");
    }

    frame.click("[data-kelisim-action=\"accept-all\"]").await;
    assert_eq!(
        runs_after(&frame, 4).await,
        [
            "google-analytics",
            "meta-pixel",
            "tiktok-pixel",
            "yandex-metrica"
        ]
    );
    let kinds = frame.global("__kinds");
    for (name, kind) in [
        ("tiktok-pixel", "module"),
        ("yandex-metrica", "module"),
        ("meta-pixel", "module"),
        ("google-analytics", "classic"),
    ] {
        assert_eq!(kinds[name], kind, "{name} ran as a {kind} script");
    }
    for c in ["_ttp", "_ym_uid", "_fbp", "_ga"] {
        assert!(cookie(c).is_some(), "{c} set once allowed");
    }
    assert_eq!(frame.errors(), Vec::<String>::new());
}

/// Trackers in open shadow roots written in the HTML (declarative shadow DOM,
/// `tests/pages/autoblock-declarative.html`): a Meta Pixel script and a YouTube video in one, a
/// video alone in another (the copy that replaces a loading iframe must be listed, or its shadow
/// root is never searched), and a VK script in a shadow root nested in another, whose host the parser made before the observer
/// saw the outer one. They ran and loaded before any choice (the loader's observer watched the
/// document only); now the scripts are held (never run, no cookie) and the videos wait behind
/// their placeholders, and Accept all runs each script once and loads the videos.
#[wasm_bindgen_test]
async fn declarative_shadow_roots_wait_and_then_run() {
    fresh("k_autoblock_declarative").await;
    let frame = Frame::open("/tests/pages/autoblock-declarative.html").await;
    for _ in 0..100 {
        if in_shadow_roots(&frame, "div", ".kelisim-placeholder") >= 2 {
            break;
        }
        sleep(50).await;
    }
    let held = "script[data-kelisim-service][type=\"text/plain\"]";
    assert_eq!(in_shadow_roots(&frame, "div", held), 2, "both scripts held");
    let waiting = "iframe[data-kelisim-service][data-kelisim-src]:not([src])";
    assert_eq!(
        in_shadow_roots(&frame, "div", waiting),
        2,
        "the videos wait"
    );
    assert_eq!(in_shadow_roots(&frame, "div", ".kelisim-placeholder"), 2);
    sleep(300).await;
    assert_eq!(runs(&frame), Vec::<String>::new(), "nothing ran");
    assert_eq!(cookie("_fbp"), None);
    assert_eq!(cookie("_vk_stub"), None);

    frame.click("[data-kelisim-action=\"accept-all\"]").await;
    assert_eq!(runs_after(&frame, 2).await, ["meta-pixel", "vk-pixel"]);
    assert!(cookie("_fbp").is_some() && cookie("_vk_stub").is_some());
    for _ in 0..100 {
        if in_shadow_roots(&frame, "div", "iframe[src]") == 2 {
            break;
        }
        sleep(50).await;
    }
    assert_eq!(
        in_shadow_roots(&frame, "div", "iframe[src]"),
        2,
        "the videos load"
    );
    assert_eq!(in_shadow_roots(&frame, "div", ".kelisim-placeholder"), 0);
    assert_eq!(frame.errors(), Vec::<String>::new());
}
