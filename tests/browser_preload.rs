//! Browser tests of the loading path, in headless Chromium and Firefox: the recommended embed's
//! preload hints (dist/embed.html, dist/manifest.json's `preload`) are the only requests for the
//! first layer's files, and the app is compiled while the page is idle after the banner is shown,
//! so Settings reuses it instead of fetching it again; asked for before the app is ready, the
//! preference center answers at once with its frame. The loader with the first layer inside it
//! (dist/kelisim-one.js) shows the banner without requesting the first layer's files.
#![cfg(target_arch = "wasm32")]

mod common;

use common::{clear_cookie, sleep, until, Frame};
use kelisim::i18n::{id, text, Lang};
use wasm_bindgen::JsCast;
use wasm_bindgen_test::*;

wasm_bindgen_test_configure!(run_in_browser);

/// The URLs of every resource the frame's page requested (Resource Timing).
fn requested(frame: &Frame) -> Vec<String> {
    frame
        .window()
        .performance()
        .unwrap()
        .get_entries_by_type("resource")
        .iter()
        .filter_map(|e| {
            let name = js_sys::Reflect::get(&e, &"name".into()).ok()?.as_string()?;
            let size = js_sys::Reflect::get(&e, &"transferSize".into())
                .ok()?
                .as_f64()?;
            Some(format!("{name} {size}"))
        })
        .collect()
}

/// What the page requested once the app's glue and wasm are among it (the idle compile has
/// started), or after 5 s.
async fn app_requested(frame: &Frame) -> Vec<String> {
    let mut names = requested(frame);
    for _ in 0..100 {
        if count(&names, "app_bg", ".wasm") > 0 && count(&names, "app", ".js") > 0 {
            break;
        }
        sleep(50).await;
        names = requested(frame);
    }
    names
}

fn count(names: &[String], stem: &str, ext: &str) -> usize {
    names
        .iter()
        .filter(|n| n.contains(&format!("/dist/app/{stem}.")) && n.contains(&format!("{ext} ")))
        .count()
}

/// With the hint in the page, the loader's own request for the first layer's wasm reuses the
/// preloaded response: one request. The first layer's glue is inside the loader
/// (scripts/inline-glue.js): no request for it at all.
#[wasm_bindgen_test]
async fn the_embed_hints_are_the_only_requests_for_the_first_layer() {
    clear_cookie("k_preload");
    let frame = Frame::open("/tests/pages/preload.html").await;
    assert!(frame.banner_shown(), "the banner is shown with the hints");
    let names = requested(&frame);
    assert_eq!(count(&names, "first", ".js"), 0, "{names:?}");
    assert_eq!(count(&names, "first_bg", ".wasm"), 1, "{names:?}");
    // The embed's loader, kelisim-lite.js (built without automatic blocking), and no other.
    let loaders: Vec<&String> = names
        .iter()
        .filter(|n| n.contains("/dist/kelisim"))
        .collect();
    assert!(
        loaders.len() == 1 && loaders[0].contains("/dist/kelisim-lite.js "),
        "{names:?}"
    );
    assert!(frame.errors().is_empty(), "{:?}", frame.errors());
    clear_cookie("k_preload");
}

/// The loader with the first layer inside it (dist/kelisim-one.js, scripts/one-response.js), under
/// a strict CSP (nonce, 'strict-dynamic', 'wasm-unsafe-eval'): the banner is shown with no request
/// for the first layer's files, a choice is stored in the cookie, and the preference center loads
/// the app from its own files as with kelisim.js. (Its byte order mark, for pages in
/// windows-1251, is checked by scripts/test-one-response.sh: this test server names UTF-8 for
/// every page.)
#[wasm_bindgen_test]
async fn the_one_response_loader_needs_no_request_for_the_first_layer() {
    clear_cookie("k_one");
    let frame = Frame::open("/tests/pages/one-response.html").await;
    assert!(frame.banner_shown(), "the banner is shown");
    let names = requested(&frame);
    assert!(
        names.iter().any(|n| n.contains("/dist/kelisim-one.js ")),
        "{names:?}"
    );
    assert_eq!(count(&names, "first", ".js"), 0, "{names:?}");
    assert_eq!(count(&names, "first_bg", ".wasm"), 0, "{names:?}");
    frame.click("[data-kelisim-action=\"accept-all\"]").await;
    for _ in 0..100 {
        if common::cookie("k_one").is_some() {
            break;
        }
        sleep(20).await;
    }
    assert!(common::cookie("k_one").is_some(), "the choice is stored");
    drop(frame.call("showPreferences", &[]));
    frame.wait_settings().await;
    let names = requested(&frame);
    assert_eq!(count(&names, "app_bg", ".wasm"), 1, "{names:?}");
    assert!(frame.errors().is_empty(), "{:?}", frame.errors());
    clear_cookie("k_one");
}

/// kelisim-lite.js and kelisim-one.js are built without automatic blocking (neither is the small
/// plain script in `<head>` that blocking needs: the first is for an `async` tag, the second
/// carries the first layer): asked to block, each says on the console, under its own name, that
/// kelisim.js does, holds nothing, and shows its banner as without the attribute.
#[wasm_bindgen_test]
async fn the_loaders_without_blocking_say_they_do_not_block() {
    for (page, loader) in [
        ("one-response-autoblock", "kelisim-one.js"),
        ("lite-autoblock", "kelisim-lite.js"),
    ] {
        clear_cookie("k_one_ab");
        let frame = Frame::open(&format!("/tests/pages/{page}.html")).await;
        assert!(frame.banner_shown(), "{loader}: the banner is shown");
        let errors = frame.errors();
        assert_eq!(errors.len(), 1, "{loader}: {errors:?}");
        assert!(
            errors[0].contains(&format!("kelisim: {loader} does not block automatically"))
                && errors[0].contains("data-kelisim-autoblock needs kelisim.js"),
            "{errors:?}"
        );
        // A catalogue service's iframe in the HTML (kelisim.js would hold it: data-kelisim-src).
        let video = frame.document().get_element_by_id("video").unwrap();
        assert!(
            video.get_attribute("src").is_some() && !video.has_attribute("data-kelisim-service"),
            "{loader}: nothing held"
        );
        drop(frame);
        clear_cookie("k_one_ab");
    }
}

#[wasm_bindgen_test]
async fn the_app_is_compiled_at_idle_and_settings_reuses_it() {
    clear_cookie("k_preload");
    let frame = Frame::open("/tests/pages/preload.html").await;
    assert!(frame.banner_shown());
    let names = app_requested(&frame).await;
    assert_eq!(
        count(&names, "app", ".js"),
        1,
        "the app's glue at idle: {names:?}"
    );
    assert_eq!(
        count(&names, "app_bg", ".wasm"),
        1,
        "the app's wasm at idle: {names:?}"
    );
    // Nothing of the app was requested before the first frame in which the banner is visible.
    let painted = js_sys::Reflect::get(&frame.window(), &"__bannerFrame".into())
        .unwrap()
        .as_f64()
        .expect("tests/pages/painted.js saw the banner's frame");
    let entries = frame
        .window()
        .performance()
        .unwrap()
        .get_entries_by_type("resource");
    let mut app_starts = 0;
    for e in entries.iter() {
        let name = js_sys::Reflect::get(&e, &"name".into())
            .unwrap()
            .as_string()
            .unwrap();
        if name.contains("/dist/app/app") {
            let start = js_sys::Reflect::get(&e, &"startTime".into())
                .unwrap()
                .as_f64()
                .unwrap();
            assert!(
                start >= painted,
                "{name} was requested at {start} ms, before the banner was visible, at {painted} ms"
            );
            app_starts += 1;
        }
    }
    assert_eq!(app_starts, 2, "the app's glue and wasm: {names:?}");
    frame.click("[data-kelisim-action=\"preferences\"]").await;
    frame.wait_settings().await;
    let names = requested(&frame);
    assert_eq!(count(&names, "app", ".js"), 1, "{names:?}");
    assert_eq!(count(&names, "app_bg", ".wasm"), 1, "{names:?}");
    assert!(frame.errors().is_empty(), "{:?}", frame.errors());
    clear_cookie("k_preload");
}

/// The app compiled and instantiated at idle: after Accept all, the page's next frame comes before
/// the app starts (its start, about 100 ms of main thread under a slow CPU, would otherwise delay
/// the paint that shows the banner gone); Settings, which waits for the app, does not wait for a
/// frame, nor draws the busy frame no one would see; neither instantiates it on the click (done
/// at idle: about 35 ms under CPU ×4 taken off the click).
#[wasm_bindgen_test]
async fn a_choice_is_painted_before_the_app_starts_settings_is_not() {
    for (action, expected) in [
        ("accept-all", ["frame", "start"]),
        ("preferences", ["start", "frame"]),
    ] {
        clear_cookie("k_preload");
        let frame = Frame::open("/tests/pages/preload.html").await;
        click_after_idle_instantiation(&frame, action, expected).await;
    }
    clear_cookie("k_preload");
}

/// A pointer over Settings, a pointer pressed on it or the focus coming to it has the app fetched,
/// compiled and instantiated before the click, not started (on this page the browser is never
/// idle, so the idle prefetch never comes): Settings then opens without instantiating anything
/// after its click, and a choice made instead is still painted before the app starts.
#[wasm_bindgen_test]
async fn a_pointer_or_the_focus_on_settings_loads_the_app_before_the_click() {
    for (event, action, expected) in [
        ("pointerover", "preferences", ["start", "frame"]),
        ("pointerdown", "accept-all", ["frame", "start"]),
        ("focusin", "preferences", ["start", "frame"]),
    ] {
        clear_cookie("k_preload");
        let frame = Frame::open("/tests/pages/preload.html?no-idle").await;
        assert!(frame.banner_shown());
        sleep(300).await;
        let names = requested(&frame);
        assert_eq!(
            count(&names, "app_bg", ".wasm") + count(&names, "app", ".js"),
            0,
            "{event}: nothing of the app before the intent: {names:?}"
        );
        let settings = frame
            .query("[data-kelisim-action=\"preferences\"]")
            .expect("the banner's Settings button");
        dispatch(&settings, event);
        click_after_idle_instantiation(&frame, action, expected).await;
    }
    clear_cookie("k_preload");
}

/// A returning visit (the consent stored: no banner, the floating button) fetches nothing of the
/// app while the page is idle (a returning visitor downloads the first layer only); a pointer over
/// the page's `data-kelisim-open` link, or the focus coming to the floating button, has it
/// fetched, compiled and instantiated before the click, which then opens the preference center
/// without instantiating anything.
#[wasm_bindgen_test]
async fn a_returning_visit_loads_the_app_on_the_intent_to_reopen_the_settings() {
    clear_cookie("k_preload");
    let frame = Frame::open("/tests/pages/preload.html").await;
    assert!(frame.banner_shown());
    frame.click("[data-kelisim-action=\"accept-all\"]").await;
    // The app takes the choice's hand-over (no endpoint: its record stays in the outbox), so the
    // next page has no record to deliver, which would load the app at once.
    let handovers = || frame.storage_keys(kelisim::storage::CHOICE_PREFIX, "");
    assert!(
        until(5000, || handovers().is_empty()).await,
        "the hand-over was taken"
    );
    for (event, target) in [("pointerover", "link"), ("focusin", "floating button")] {
        frame.reload().await;
        assert!(
            !frame.banner_shown(),
            "{target}: a returning visit shows no banner"
        );
        // Longer than the loader waits for a banner that never comes (120 frames) before idle.
        sleep(3000).await;
        let names = requested(&frame);
        assert_eq!(
            count(&names, "app_bg", ".wasm") + count(&names, "app", ".js"),
            0,
            "{target}: nothing of the app at idle on a returning visit: {names:?}"
        );
        let el = match target {
            "link" => frame.document().get_element_by_id("open-settings"),
            _ => frame.query(".k-float"),
        }
        .expect(target);
        dispatch(&el, event);
        let both = serde_json::json!(["bytes", "module"]);
        until(5000, || frame.global("__instances") == both).await;
        assert_eq!(
            frame.global("__instances"),
            both,
            "{target}: the first layer, then the app on the {event}, before any click"
        );
        assert!(
            !frame.settings_shown(),
            "{target}: not started before the click"
        );
        el.unchecked_into::<web_sys::HtmlElement>().click();
        frame.wait_settings().await;
        let names = requested(&frame);
        assert_eq!(count(&names, "app", ".js"), 1, "{target}: {names:?}");
        assert_eq!(count(&names, "app_bg", ".wasm"), 1, "{target}: {names:?}");
        assert_eq!(
            frame.global("__instances"),
            both,
            "{target}: nothing instantiated after the click"
        );
        assert!(frame.errors().is_empty(), "{target}: {:?}", frame.errors());
    }
    clear_cookie("k_preload");
}

/// Dispatches a bubbling event of type `event` (`pointerover`, `focusin`, …) at `el`, as the
/// visitor's pointer or focus would before a click.
fn dispatch(el: &web_sys::Element, event: &str) {
    js_sys::Function::new_with_args("el, t", "el.dispatchEvent(new Event(t, { bubbles: true }))")
        .call2(&wasm_bindgen::JsValue::NULL, el, &event.into())
        .unwrap();
}

/// Clicks `action` once the app is instantiated at idle, and checks the order of the click's next
/// frame and the app's start (its container put into kelisim's shadow root), and that nothing is
/// instantiated after the click nor a busy frame drawn (`busy` in the log).
async fn click_after_idle_instantiation(frame: &Frame, action: &str, expected: [&str; 2]) {
    assert!(frame.banner_shown());
    app_requested(frame).await;
    let both = serde_json::json!(["bytes", "module"]);
    until(3000, || frame.global("__instances") == both).await;
    assert_eq!(
        frame.global("__instances"),
        both,
        "{action}: the first layer, then the app at idle, before any click"
    );
    let watch = js_sys::Function::new_with_args(
        "w",
        "var log = w.__order = [], wa = w.WebAssembly, inst = wa.instantiate;
         wa.instantiate = function () { log.push('instantiate'); return inst.apply(wa, arguments); };
         var root = w.document.getElementById('kelisim-root').shadowRoot;
         new w.MutationObserver(function (records) {
           records.forEach(function (r) { r.addedNodes.forEach(function (n) {
             if (n.className === 'kelisim') log.push('start');
             if (n.querySelector && (n.matches('.k-busy') || n.querySelector('.k-busy'))) log.push('busy');
           }); });
         }).observe(root, { childList: true, subtree: true });
         w.addEventListener('click', function () { w.requestAnimationFrame(function () { log.push('frame'); }); }, true);",
    );
    watch
        .call1(&wasm_bindgen::JsValue::NULL, &frame.window())
        .unwrap();
    frame
        .click(&format!("[data-kelisim-action=\"{action}\"]"))
        .await;
    until(2000, || {
        frame
            .global("__order")
            .as_array()
            .is_some_and(|o| o.len() >= 2)
    })
    .await;
    // A moment more: an instantiation after the click would show here.
    sleep(200).await;
    assert_eq!(
        frame.global("__order"),
        serde_json::json!(expected),
        "{action}"
    );
    assert!(!frame.banner_shown(), "{action}");
    assert!(frame.errors().is_empty(), "{action}: {:?}", frame.errors());
}

/// Asked for before the Leptos app is ready (its wasm arrives 1.5 s late on this page), the
/// preference center answers within 100 ms: its frame is drawn over the page, focused,
/// `aria-busy`, and says in the visitor's language that it is opening; then the preference center
/// takes its place and the focus. By the Settings button (kk), the API (ru) and a
/// `data-kelisim-open` link of the page (en).
#[wasm_bindgen_test]
async fn settings_asked_for_before_the_app_is_ready_answer_at_once() {
    for (lang, how) in [(Lang::Kk, "button"), (Lang::Ru, "api"), (Lang::En, "link")] {
        clear_cookie("k_slow");
        let frame = Frame::open("/tests/pages/slow-app.html").await;
        frame.call("setLanguage", &[lang.code().into()]);
        let performance = common::top().performance().unwrap();
        let clicked = performance.now();
        match how {
            "button" => {
                // As a keyboard user: Settings has the focus, and gets it back on Close.
                let settings: web_sys::HtmlElement = frame
                    .query("[data-kelisim-action=\"preferences\"]")
                    .unwrap()
                    .unchecked_into();
                settings.focus().unwrap();
                settings.click();
            }
            "api" => drop(frame.call("showPreferences", &[])),
            _ => frame
                .document()
                .get_element_by_id("open-settings")
                .unwrap()
                .unchecked_into::<web_sys::HtmlElement>()
                .click(),
        }
        loop {
            let elapsed = performance.now() - clicked;
            match busy_fault(&frame, lang) {
                None => break,
                Some(fault) => assert!(
                    elapsed <= 100.0,
                    "{how}: no answer {elapsed:.0} ms after the click: {fault}"
                ),
            }
            sleep(5).await;
        }
        assert!(
            !frame.settings_shown(),
            "{how}: the app came early; the test did not wait for it"
        );
        frame.wait_settings().await;
        assert!(frame.query(".k-busy").is_none(), "{how}: the frame is gone");
        let dialog = frame.query("[data-kelisim-screen=\"settings\"]").unwrap();
        for _ in 0..40 {
            if frame.shadow().active_element().as_ref() == Some(&dialog) {
                break;
            }
            sleep(25).await;
        }
        assert_eq!(
            frame.shadow().active_element().as_ref(),
            Some(&dialog),
            "{how}: the preference center has the focus"
        );
        if how == "button" {
            frame.click("[data-kelisim-action=\"close\"]").await;
            sleep(50).await;
            let focused = frame.shadow().active_element();
            assert_eq!(
                focused.and_then(|f| f.get_attribute("data-kelisim-action")),
                Some("preferences".into()),
                "Close gives the focus back to Settings"
            );
        }
        assert!(frame.errors().is_empty(), "{how}: {:?}", frame.errors());
    }
    clear_cookie("k_slow");
}

/// What is missing from the preference center's frame while the app loads, if anything: shown
/// on top of the page, focused, busy, named, with the status message in `lang`.
fn busy_fault(frame: &Frame, lang: Lang) -> Option<String> {
    let Some(busy) = frame.query(".k-busy") else {
        return Some("no frame".into());
    };
    let rect = busy.get_bounding_client_rect();
    if rect.width() < 200.0 || rect.height() < 100.0 {
        return Some(format!("the frame is {}×{}", rect.width(), rect.height()));
    }
    let (x, y) = (
        rect.left() + rect.width() / 2.0,
        rect.top() + rect.height() / 2.0,
    );
    let hit = frame.shadow().element_from_point(x as f32, y as f32);
    if !hit.as_ref().is_some_and(|h| busy.contains(Some(h))) {
        return Some(format!("the frame is covered by {hit:?}"));
    }
    if frame.style(&busy, "visibility") != "visible" || frame.style(&busy, "opacity") == "0" {
        return Some("the frame is invisible".into());
    }
    if frame.shadow().active_element().as_ref() != Some(&busy) {
        return Some("the frame has no focus".into());
    }
    if busy.get_attribute("aria-busy").as_deref() != Some("true")
        || busy.get_attribute("role").as_deref() != Some("dialog")
    {
        return Some("the frame is not a busy dialog".into());
    }
    let Some(status) = frame.query(".k-busy [role=\"status\"]") else {
        return Some("no status message".into());
    };
    let said = status.text_content().unwrap_or_default();
    if said != text(lang, id::SETTINGS_LOADING) {
        return Some(format!("the status says «{said}»"));
    }
    let described = busy.get_attribute("aria-describedby").unwrap_or_default();
    (described != status.id()).then(|| "the frame is not described by its status".into())
}
