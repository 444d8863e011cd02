//! Subresource Integrity of the app files, in both browsers: the release loader refuses a file
//! that differs from the one it was built with (`tests/pages/integrity.html` runs
//! `/dist/kelisim.js` with one integrity hash altered, which is the same mismatch as an altered
//! file). The first layer's wasm: nothing starts and the console says which file (its glue is
//! inside the loader); the app's wasm or glue: the first layer runs, the preference center does
//! not open, the console says why.
//! tests/npm-fixture/check.js does the same in Chromium with really altered files behind nginx.
#![cfg(target_arch = "wasm32")]

mod common;

use common::*;
use wasm_bindgen::{JsCast, JsValue};
use wasm_bindgen_test::*;

wasm_bindgen_test_configure!(run_in_browser);

#[wasm_bindgen_test]
async fn a_first_layer_file_that_fails_its_integrity_check_stops_kelisim() {
    // `first_wasm&hint`: the recommended embed's preload hint for the wasm (no integrity on it,
    // so Firefox reuses it): the loader compares the bytes' SHA-384 itself and refuses them.
    for (file, name) in [
        ("first_wasm", "/dist/app/first_bg."),
        ("first_wasm&hint", "/dist/app/first_bg."),
    ] {
        clear_cookie("k_integrity");
        let frame = Frame::open_failing(&format!("/tests/pages/integrity.html?file={file}")).await;
        sleep(300).await;
        let errors = frame.errors();
        assert!(
            errors.iter().any(|e| e.contains("kelisim: cannot start")
                && e.contains("integrity")
                && e.contains(name)),
            "{file}: the console names the file and its integrity: {errors:?}"
        );
        assert_eq!(
            errors.iter().any(|e| e.contains("SHA-384 differs")),
            file.ends_with("&hint"),
            "{file}: the loader's own check runs exactly when the wasm is hinted: {errors:?}"
        );
        assert!(frame.document().get_element_by_id("kelisim-root").is_none());
        let api = js_sys::Reflect::get(&frame.window(), &"kelisim".into()).unwrap();
        assert_eq!(
            js_sys::Reflect::get(&api, &"ready".into()).unwrap(),
            JsValue::FALSE,
            "{file}"
        );
    }
}

#[wasm_bindgen_test]
async fn the_same_loader_with_every_hash_intact_starts() {
    for page in ["file=none", "file=none&hint"] {
        clear_cookie("k_integrity");
        let frame = Frame::open(&format!("/tests/pages/integrity.html?{page}")).await;
        assert!(frame.banner_shown(), "{page}");
        frame.open_settings().await;
        assert!(frame.settings_shown(), "{page}");
        assert!(frame.errors().is_empty(), "{page}: {:?}", frame.errors());
    }
}

#[wasm_bindgen_test]
async fn an_app_file_that_fails_its_integrity_check_is_refused() {
    // The app's wasm, and its glue (the only glue file left: the first layer's is inside the
    // loader, which a site checks with its own tag's integrity, dist/manifest.json).
    for (file, name) in [("app_wasm", "/dist/app/app_bg."), ("app", "/dist/app/app.")] {
        clear_cookie("k_integrity");
        let frame = Frame::open(&format!("/tests/pages/integrity.html?file={file}")).await;
        assert!(frame.banner_shown(), "{file}");
        // Not `frame.click`, which waits for the preference center.
        frame
            .query("[data-kelisim-action=\"preferences\"]")
            .unwrap()
            .unchecked_into::<web_sys::HtmlElement>()
            .click();
        for _ in 0..100 {
            if !frame.errors().is_empty() {
                break;
            }
            sleep(50).await;
        }
        let errors = frame.errors();
        assert!(
            errors
                .iter()
                .any(|e| e.contains("integrity") && e.contains(name)),
            "{file}: the console names the file: {errors:?}"
        );
        assert!(!frame.settings_shown(), "{file}");
    }
    clear_cookie("k_integrity");
}

/// The app's glue failed once (here: the page's own hint for it had another integrity; on a
/// visitor's phone, a dropped connection during the idle prefetch): browsers keep a module's
/// failure under its URL for the page's life, so the loader asks for the same file under another
/// URL, and Settings still opens, on the next click at the latest.
#[wasm_bindgen_test]
async fn settings_opens_after_the_apps_glue_failed_once() {
    clear_cookie("k_integrity");
    let frame = Frame::open("/tests/pages/integrity.html?file=none&poison").await;
    assert!(frame.banner_shown());
    for _ in 0..2 {
        let failed = frame.errors().len();
        // Not `frame.click`, which fails when the preference center does not open. (Looked up
        // each time: the banner is drawn anew after a failure.)
        let settings = frame
            .query("[data-kelisim-action=\"preferences\"]")
            .unwrap();
        settings.unchecked_into::<web_sys::HtmlElement>().click();
        for _ in 0..100 {
            if frame.settings_shown() || frame.errors().len() > failed {
                break;
            }
            sleep(50).await;
        }
        if frame.settings_shown() {
            break;
        }
    }
    assert!(
        frame.settings_shown(),
        "console errors: {:?}",
        frame.errors()
    );
    clear_cookie("k_integrity");
}

/// A server that sends the wasm files as `application/octet-stream` (a shared host without a wasm
/// type): `WebAssembly.instantiateStreaming` refuses them, and the glue (trimmed at build time:
/// src/glue.rs, `trim_init`) compiles the bytes instead, as wasm-bindgen's does, and warns once,
/// naming the file. The banner and the preference center still open, with no error.
#[wasm_bindgen_test]
async fn wasm_served_with_another_type_still_starts() {
    clear_cookie("k_wrong_type");
    let frame = Frame::open("/tests/pages/wrong-type.html").await;
    assert!(frame.banner_shown());
    frame.open_settings().await;
    assert!(frame.settings_shown());
    let served = strings(&frame.global("wrongTypeServed"));
    for file in ["first_bg.", "app_bg."] {
        assert!(
            served.iter().any(|s| s.starts_with(file)),
            "{file} went through the wrong type: {served:?}"
        );
    }
    // The site owner is told which file, once (the app's wasm comes through the same server).
    let warnings = frame.warnings();
    let told: Vec<&String> = warnings
        .iter()
        .filter(|w| w.contains("served as application/octet-stream, not application/wasm"))
        .collect();
    assert!(
        told.len() == 1 && told[0].contains("/first_bg."),
        "one warning naming the first layer's wasm: {warnings:?}"
    );
    assert!(frame.errors().is_empty(), "{:?}", frame.errors());
    clear_cookie("k_wrong_type");
}
