//! Browser tests of the loading path, in headless Chromium and Firefox: the recommended embed's
//! preload hints (dist/embed.html, dist/manifest.json's `preload`) are the only requests for the
//! first layer's files, and the app is compiled while the page is idle after the banner is shown,
//! so Settings reuses it instead of fetching it again.
#![cfg(target_arch = "wasm32")]

mod common;

use common::{clear_cookie, sleep, Frame};
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

fn count(names: &[String], stem: &str, ext: &str) -> usize {
    names
        .iter()
        .filter(|n| n.contains(&format!("/dist/app/{stem}.")) && n.contains(&format!("{ext} ")))
        .count()
}

/// With the hints in the page, the loader's own requests for the first layer's glue and wasm
/// reuse the preloaded responses (same integrity, same credentials mode): one request each.
#[wasm_bindgen_test]
async fn the_embed_hints_are_the_only_requests_for_the_first_layer() {
    clear_cookie("k_preload");
    let frame = Frame::open("/tests/pages/preload.html").await;
    assert!(frame.banner_shown(), "the banner is shown with the hints");
    let names = requested(&frame);
    assert_eq!(count(&names, "first", ".js"), 1, "{names:?}");
    assert_eq!(count(&names, "first_bg", ".wasm"), 1, "{names:?}");
    assert!(frame.errors().is_empty(), "{:?}", frame.errors());
    clear_cookie("k_preload");
}

/// Once the banner is shown and the page idle, the app's glue and wasm are fetched (once) and
/// compiled, never before the banner is visible; opening Settings uses that module
/// and requests nothing of the app again.
#[wasm_bindgen_test]
async fn the_app_is_compiled_at_idle_and_settings_reuses_it() {
    clear_cookie("k_preload");
    let frame = Frame::open("/tests/pages/preload.html").await;
    assert!(frame.banner_shown());
    let mut names = requested(&frame);
    for _ in 0..100 {
        if count(&names, "app_bg", ".wasm") > 0 && count(&names, "app", ".js") > 0 {
            break;
        }
        sleep(50).await;
        names = requested(&frame);
    }
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
