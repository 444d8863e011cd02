//! Helpers of the browser tests: host pages in iframes, the banner in their shadow roots,
//! cookies, console output and events read back from the real page.
//!
//! Pages live in `tests/pages/` and load the release bundle from `/dist/` exactly as a site
//! does; `wasm-bindgen-test-runner` serves the crate's folder, so both are same-origin with the
//! test page. Objects of a frame belong to another JavaScript realm, so casts are unchecked.
#![allow(dead_code)]

use js_sys::{Array, Function, Promise, Reflect, JSON};
use wasm_bindgen::{JsCast, JsValue};
use wasm_bindgen_futures::JsFuture;
use web_sys::{
    Document, Element, HtmlDocument, HtmlElement, HtmlIFrameElement, ShadowRoot, Window,
};

/// A target of at least 24×24 CSS px (WCAG 2.2 target size). A box whose CSS size is exactly
/// 24px can measure 23.99998 while the banner's fade-in moves it (the rectangle of a transformed
/// box comes back in floats), so the check allows one layout unit (1/64 px) of rounding.
pub fn is_target_size(rect: &web_sys::DomRect) -> bool {
    const LAYOUT_UNIT: f64 = 1.0 / 64.0;
    rect.width() + LAYOUT_UNIT >= 24.0 && rect.height() + LAYOUT_UNIT >= 24.0
}

/// The four demo profiles (operator, third parties, cross-border countries).
pub const PROFILES: [&str; 4] = ["kaspi", "kreditomat", "autocheck", "nomapay"];
/// The layouts the layout checks measure: the narrowest phones, common ones, above the phone layout.
pub const LAYOUT_SIZES: [(u32, u32); 3] = [(320, 640), (390, 800), (600, 800)];

pub fn top() -> Window {
    web_sys::window().unwrap()
}

pub async fn sleep(ms: i32) {
    let promise = Promise::new(&mut |resolve, _| {
        top()
            .set_timeout_with_callback_and_timeout_and_arguments_0(&resolve, ms)
            .unwrap();
    });
    JsFuture::from(promise).await.unwrap();
}

/// Whether `f` holds within `ms` milliseconds (checked every 20 ms).
pub async fn until(ms: i32, f: impl Fn() -> bool) -> bool {
    for _ in 0..ms / 20 {
        if f() {
            return true;
        }
        sleep(20).await;
    }
    f()
}

/// Registers `tests/pages/csp-header-sw.js` for `/tests/pages/csp-header/` and waits until it
/// is active: a page opened under that path gets its `<meta>` policy as a header.
pub async fn serve_policies_as_headers() {
    let register = Function::new_no_args(
        "return navigator.serviceWorker.register('/tests/pages/csp-header-sw.js', \
         { scope: '/tests/pages/csp-header/' }).then(function (r) { \
           var w = r.installing || r.waiting || r.active; \
           return w.state === 'activated' ? null : new Promise(function (done) { \
             w.addEventListener('statechange', function () { if (w.state === 'activated') done(); }); \
           }); })",
    );
    let promise: Promise = register.call0(&top()).unwrap().into();
    JsFuture::from(promise)
        .await
        .expect("the service worker of the header policies is active");
}

/// The reference receiver that `scripts/test.sh` starts with `--test-hooks`.
pub const RECEIVER: &str = "http://127.0.0.1:8787";

/// Calls the receiver (`method`, `path`), asserts a 2xx answer and returns its JSON body
/// (`Null` when it is not JSON).
pub async fn receiver(method: &str, path: &str) -> serde_json::Value {
    let init = web_sys::RequestInit::new();
    init.set_method(method);
    let promise = top().fetch_with_str_and_init(&format!("{RECEIVER}{path}"), &init);
    let response: web_sys::Response = JsFuture::from(promise)
        .await
        .expect("the receiver answers (scripts/test.sh starts it)")
        .into();
    assert!(response.ok(), "{method} {path}: HTTP {}", response.status());
    let body = JsFuture::from(response.text().unwrap())
        .await
        .unwrap()
        .as_string()
        .unwrap();
    serde_json::from_str(&body).unwrap_or(serde_json::Value::Null)
}

/// The records the receiver stored for a consent, waiting until there are `n`.
pub async fn stored(consent_id: &str, n: usize) -> Vec<serde_json::Value> {
    stored_within(consent_id, n, 10_000).await
}

/// [`stored`], waiting at most `ms` milliseconds.
pub async fn stored_within(consent_id: &str, n: usize, ms: u32) -> Vec<serde_json::Value> {
    for _ in 0..ms / 100 {
        let records = receiver("GET", &format!("/__test/records?consent_id={consent_id}")).await;
        let records = records.as_array().cloned().unwrap_or_default();
        if records.len() >= n {
            return records;
        }
        sleep(100).await;
    }
    panic!("the receiver did not get {n} records for {consent_id}");
}

/// Forgets a visitor of the test origin (all test pages share it): deletes cookie `name` and
/// what kelisim keeps in local storage for that cookie name (`kelisim:*:<name>`).
pub fn clear_cookie(name: &str) {
    let doc: HtmlDocument = top().document().unwrap().unchecked_into();
    doc.set_cookie(&format!("{name}=; Path=/; Max-Age=0"))
        .unwrap();
    let storage = top().local_storage().unwrap().unwrap();
    let keys: Vec<String> = (0..storage.length().unwrap())
        .filter_map(|i| storage.key(i).unwrap())
        .collect();
    for key in keys
        .iter()
        .filter(|k| k.starts_with("kelisim:") && k.ends_with(&format!(":{name}")))
    {
        storage.remove_item(key).unwrap();
    }
}

/// Sets a cookie of the test origin.
pub fn set_cookie(name: &str, value: &str) {
    let doc: HtmlDocument = top().document().unwrap().unchecked_into();
    doc.set_cookie(&format!("{name}={value}; Path=/; Max-Age=3600"))
        .unwrap();
}

/// The test origin's cookie `name`.
pub fn cookie(name: &str) -> Option<String> {
    let doc: HtmlDocument = top().document().unwrap().unchecked_into();
    kelisim::cookie::find(&doc.cookie().unwrap(), name).map(str::to_owned)
}

/// A host page in an iframe of the test page.
pub struct Frame {
    el: HtmlIFrameElement,
}

impl Frame {
    /// Opens `path` (e.g. `/tests/pages/basic.html`) in a 1024×700 frame and waits for kelisim.
    pub async fn open(path: &str) -> Frame {
        Frame::open_sized(path, 1024, 700).await
    }

    /// Opens `path`, where kelisim is expected NOT to start, and waits until the page has logged
    /// a console error (or 15 s).
    pub async fn open_failing(path: &str) -> Frame {
        let doc = top().document().unwrap();
        let el: HtmlIFrameElement = doc.create_element("iframe").unwrap().unchecked_into();
        el.set_src(path);
        doc.body().unwrap().append_child(&el).unwrap();
        let frame = Frame { el };
        for _ in 0..300 {
            let logged = frame
                .el
                .content_window()
                .and_then(|w| Reflect::get(&w, &"__errors".into()).ok())
                .is_some_and(|e| Array::is_array(&e) && Array::from(&e).length() > 0);
            if logged {
                break;
            }
            sleep(50).await;
        }
        frame
    }

    /// A demo profile's page (`tests/pages/profile-<profile>.html`) at `width`×`height`, with
    /// its consent cookie cleared first.
    pub async fn open_profile(profile: &str, width: u32, height: u32) -> Frame {
        clear_cookie(&format!("kelisim_{profile}"));
        Frame::open_sized(
            &format!("/tests/pages/profile-{profile}.html"),
            width,
            height,
        )
        .await
    }

    /// Opens `path` in a `width`×`height` frame and waits for kelisim. A page whose own document
    /// never finished loading (the test server left one of its requests unread: wasm-bindgen-test's
    /// server, seen in Firefox under load, with the request in the server's socket queue) is
    /// opened once more in a new frame, saying so; kelisim itself never ran there.
    pub async fn open_sized(path: &str, width: u32, height: u32) -> Frame {
        let frame = Frame::new_frame(path, width, height);
        if frame.started_within(300).await {
            return frame;
        }
        if !frame.stalled_by_the_server() {
            frame.did_not_start(path);
        }
        let why = frame.diagnosis();
        web_sys::console::log_1(
            &format!("{path}: the test server left a request unanswered ({why}); reopening").into(),
        );
        drop(frame);
        let frame = Frame::new_frame(path, width, height);
        frame.wait_ready(path).await;
        frame
    }

    fn new_frame(path: &str, width: u32, height: u32) -> Frame {
        let doc = top().document().unwrap();
        let el: HtmlIFrameElement = doc.create_element("iframe").unwrap().unchecked_into();
        el.set_attribute("width", &width.to_string()).unwrap();
        el.set_attribute("height", &height.to_string()).unwrap();
        el.set_src(path);
        doc.body().unwrap().append_child(&el).unwrap();
        Frame { el }
    }

    /// Whether the page's document is still loading and kelisim never ran in it (a resource of
    /// the page itself never arrived).
    fn stalled_by_the_server(&self) -> bool {
        self.el.content_window().is_some_and(|win| {
            let state = Reflect::get(&win, &"document".into())
                .and_then(|d| Reflect::get(&d, &"readyState".into()))
                .ok()
                .and_then(|s| s.as_string());
            let kelisim = Reflect::get(&win, &"kelisim".into()).unwrap_or(JsValue::UNDEFINED);
            state.as_deref() != Some("complete") && kelisim.is_undefined()
        })
    }

    /// Waits until the frame shows a fresh page whose kelisim has started.
    async fn wait_ready(&self, what: &str) {
        if !self.started_within(300).await {
            self.did_not_start(what);
        }
    }

    /// Fails the test: kelisim did not start in `what`, with the page's errors and state.
    fn did_not_start(&self, what: &str) -> ! {
        panic!(
            "kelisim did not start in {what}; console errors: {}; {}",
            self.global("__errors"),
            self.diagnosis()
        );
    }

    /// Whether the frame shows a fresh page whose kelisim has started, checked every 50 ms
    /// `times` times.
    async fn started_within(&self, times: u32) -> bool {
        for _ in 0..times {
            if let Some(win) = self.el.content_window() {
                let fresh = Reflect::get(&win, &"__stale".into())
                    .map(|v| v.is_undefined())
                    .unwrap_or(false);
                let api = Reflect::get(&win, &"kelisim".into()).unwrap_or(JsValue::UNDEFINED);
                let ready = !api.is_undefined()
                    && Reflect::get(&api, &"ready".into()).ok() == Some(JsValue::TRUE);
                if fresh && ready {
                    return true;
                }
            }
            sleep(50).await;
        }
        false
    }

    pub fn window(&self) -> Window {
        self.el.content_window().unwrap()
    }

    pub fn document(&self) -> Document {
        self.el.content_document().unwrap()
    }

    /// The shadow root kelisim renders into.
    pub fn shadow(&self) -> ShadowRoot {
        let host = self
            .document()
            .get_element_by_id("kelisim-root")
            .expect("#kelisim-root exists");
        host.shadow_root()
            .expect("#kelisim-root has an open shadow root")
    }

    /// An element inside the shadow root.
    pub fn query(&self, selector: &str) -> Option<Element> {
        self.shadow().query_selector(selector).unwrap()
    }

    pub fn query_all(&self, selector: &str) -> Vec<Element> {
        let list = self.shadow().query_selector_all(selector).unwrap();
        (0..list.length())
            .map(|i| list.get(i).unwrap().unchecked_into())
            .collect()
    }

    /// Clicks an element of the shadow root, as a visitor would. A button that opens the
    /// preference center waits for it: the first layer loads the app bundle first.
    pub async fn click(&self, selector: &str) {
        let el = self
            .query(selector)
            .unwrap_or_else(|| panic!("no `{selector}` in the banner"));
        let opens = el.get_attribute("data-kelisim-action").as_deref() == Some("preferences");
        el.unchecked_into::<HtmlElement>().click();
        sleep(30).await;
        if opens {
            self.wait_settings().await;
        }
    }

    /// Waits until the preference center is shown (the app bundle loads on demand).
    pub async fn wait_settings(&self) {
        for _ in 0..200 {
            if self.settings_shown() {
                sleep(20).await;
                return;
            }
            sleep(25).await;
        }
        panic!(
            "the preference center did not open; console errors: {}",
            self.global("__errors")
        );
    }

    /// `kelisim.showPreferences()`, then waits for the preference center.
    pub async fn open_settings(&self) {
        self.call("showPreferences", &[]);
        self.wait_settings().await;
    }

    /// The text of an element of the shadow root.
    pub fn text(&self, selector: &str) -> String {
        self.query(selector)
            .unwrap_or_else(|| panic!("no `{selector}` in the banner"))
            .text_content()
            .unwrap_or_default()
    }

    /// Whether the first layer is shown.
    pub fn banner_shown(&self) -> bool {
        self.query("[data-kelisim-screen=\"banner\"]").is_some()
    }

    /// Whether the settings screen is shown.
    pub fn settings_shown(&self) -> bool {
        self.query("[data-kelisim-screen=\"settings\"]").is_some()
    }

    /// `window.kelisim[method](...args)` in the frame.
    pub fn call(&self, method: &str, args: &[JsValue]) -> JsValue {
        let api = Reflect::get(&self.window(), &"kelisim".into()).unwrap();
        let f: Function = Reflect::get(&api, &method.into()).unwrap().unchecked_into();
        let args: Array = args.iter().collect();
        f.apply(&api, &args).unwrap()
    }

    /// `window.kelisim[method](...args)` as JSON.
    pub fn call_json(&self, method: &str, args: &[JsValue]) -> serde_json::Value {
        to_json(&self.call(method, args))
    }

    /// A global of the frame as JSON (`__errors`, `__warnings`, `__events`…).
    pub fn global(&self, name: &str) -> serde_json::Value {
        match self.el.content_window() {
            Some(win) => to_json(&Reflect::get(&win, &name.into()).unwrap_or(JsValue::NULL)),
            None => serde_json::Value::Null,
        }
    }

    /// What the page shows of its start, for a failure's message: the document's state, whether
    /// `window.kelisim` exists and is ready, and each resource with its end time (0: still
    /// loading) and size.
    fn diagnosis(&self) -> String {
        let Some(win) = self.el.content_window() else {
            return "the frame has no window".into();
        };
        let describe = js_sys::Function::new_with_args(
            "w",
            "var d = w.document, k = w.kelisim;
             return 'readyState ' + (d && d.readyState) + ', kelisim ' + (k ? 'ready: ' + k.ready : 'undefined') +
               ', resources: ' + w.performance.getEntriesByType('resource').map(function (e) {
                 return e.name.replace(/^.*\\//, '') + ' ' + Math.round(e.startTime) + '-' + Math.round(e.responseEnd) + ' ms ' + e.transferSize + ' B';
               }).join(', ');",
        );
        describe
            .call1(&JsValue::NULL, &win)
            .ok()
            .and_then(|v| v.as_string())
            .unwrap_or_else(|| "no diagnosis".into())
    }

    /// The console errors the page logged.
    pub fn errors(&self) -> Vec<String> {
        strings(&self.global("__errors"))
    }

    /// The console warnings the page logged.
    pub fn warnings(&self) -> Vec<String> {
        strings(&self.global("__warnings"))
    }

    /// The `kelisim:consent` events' details, in order.
    pub fn consent_events(&self) -> Vec<serde_json::Value> {
        let events = self.global("__events");
        events
            .as_array()
            .unwrap()
            .iter()
            .filter(|e| e["type"] == "kelisim:consent")
            .map(|e| e["detail"].clone())
            .collect()
    }

    /// Reloads the page and waits for kelisim to start again.
    pub async fn reload(&self) {
        Reflect::set(&self.window(), &"__stale".into(), &JsValue::TRUE).unwrap();
        self.window().location().reload().unwrap();
        self.wait_ready("the reloaded page").await;
    }

    /// Opens another page in the same frame.
    pub async fn navigate(&self, path: &str) {
        Reflect::set(&self.window(), &"__stale".into(), &JsValue::TRUE).unwrap();
        self.el.set_src(path);
        self.wait_ready(path).await;
    }

    /// The keys of the frame's local storage that start with `prefix` and end with `suffix`.
    pub fn storage_keys(&self, prefix: &str, suffix: &str) -> Vec<String> {
        let storage = self.window().local_storage().unwrap().unwrap();
        (0..storage.length().unwrap())
            .filter_map(|i| storage.key(i).unwrap())
            .filter(|k| k.starts_with(prefix) && k.ends_with(suffix))
            .collect()
    }

    /// A computed style property of an element of the shadow root.
    pub fn style(&self, el: &Element, property: &str) -> String {
        self.window()
            .get_computed_style(el)
            .unwrap()
            .unwrap()
            .get_property_value(property)
            .unwrap()
    }
}

/// What a visitor can click or focus inside kelisim's shadow root.
pub const CONTROLS: &str =
    "button, a[href], input, select, textarea, summary, [tabindex]:not([tabindex=\"-1\"])";

/// Two boxes overlap by more than half a pixel in both directions.
fn overlap(a: &web_sys::DomRect, b: &web_sys::DomRect) -> bool {
    let x = a.right().min(b.right()) - a.left().max(b.left());
    let y = a.bottom().min(b.bottom()) - a.top().max(b.top());
    x > 0.5 && y > 0.5
}

/// A control named for a message: its tag, contract attribute and text.
fn describe(el: &Element) -> String {
    let attrs = [
        "data-kelisim-action",
        "data-kelisim-language",
        "data-kelisim-category",
    ];
    let mark = attrs
        .iter()
        .find_map(|a| el.get_attribute(a).map(|v| format!("[{a}={v}]")))
        .unwrap_or_default();
    let text: String = el
        .text_content()
        .unwrap_or_default()
        .trim()
        .chars()
        .take(24)
        .collect();
    format!("<{}{mark}> «{text}»", el.tag_name().to_lowercase())
}

impl Frame {
    /// The rendered controls of the shadow root (those with a box), with their boxes (one per
    /// line of a wrapped link).
    fn rendered_controls(&self) -> Vec<(Element, Vec<web_sys::DomRect>)> {
        self.query_all(CONTROLS)
            .into_iter()
            .filter_map(|el| {
                let list = el.get_client_rects();
                let rects: Vec<_> = (0..list.length())
                    .filter_map(|i| list.get(i))
                    .filter(|r| r.width() > 0.0 && r.height() > 0.0)
                    .collect();
                (!rects.is_empty()).then_some((el, rects))
            })
            .collect()
    }

    /// Every way the controls shown fail a visitor on a viewport `width` px wide: a control
    /// (any line of it) outside the viewport horizontally (reachable only by scrolling sideways),
    /// two controls whose boxes intersect, or a control whose centre, once scrolled into view,
    /// is covered by another element. Empty when every control is reachable and uncovered.
    pub fn layout_faults(&self, width: f64) -> Vec<String> {
        let mut faults = Vec::new();
        let controls = self.rendered_controls();
        for (el, rects) in &controls {
            for r in rects {
                if r.left() < -0.5 || r.right() > width + 0.5 {
                    faults.push(format!(
                        "{} is outside the {width}px viewport: left {:.1}, right {:.1}",
                        describe(el),
                        r.left(),
                        r.right()
                    ));
                }
            }
        }
        for (i, (a, ra)) in controls.iter().enumerate() {
            for (b, rb) in &controls[i + 1..] {
                if a.contains(Some(b)) || b.contains(Some(a)) {
                    continue;
                }
                if ra.iter().any(|x| rb.iter().any(|y| overlap(x, y))) {
                    faults.push(format!("{} and {} overlap", describe(a), describe(b)));
                }
            }
        }
        let shadow = self.shadow();
        let options = js_sys::Object::new();
        Reflect::set(&options, &"block".into(), &"nearest".into()).unwrap();
        Reflect::set(&options, &"inline".into(), &"nearest".into()).unwrap();
        for (el, _) in &controls {
            let scroll: Function = Reflect::get(el, &"scrollIntoView".into())
                .unwrap()
                .unchecked_into();
            scroll.call1(el, &options).unwrap();
            let r = el.get_client_rects().get(0).unwrap();
            let (x, y) = (r.left() + r.width() / 2.0, r.top() + r.height() / 2.0);
            let hit = shadow.element_from_point(x as f32, y as f32);
            if !hit.as_ref().is_some_and(|h| el.contains(Some(h))) {
                faults.push(format!(
                    "{} is covered at its centre ({x:.0}, {y:.0}) by {}",
                    describe(el),
                    hit.as_ref().map_or("nothing".into(), describe)
                ));
            }
        }
        faults
    }
}

impl Drop for Frame {
    fn drop(&mut self) {
        self.el.remove();
    }
}

pub fn to_json(value: &JsValue) -> serde_json::Value {
    if value.is_undefined() {
        return serde_json::Value::Null;
    }
    let text = JSON::stringify(value)
        .unwrap()
        .as_string()
        .unwrap_or_else(|| "null".into());
    serde_json::from_str(&text).unwrap()
}

/// The strings of a JSON array (anything else: none).
pub fn strings(value: &serde_json::Value) -> Vec<String> {
    value
        .as_array()
        .map(|a| {
            a.iter()
                .filter_map(|v| v.as_str().map(String::from))
                .collect()
        })
        .unwrap_or_default()
}
