//! Browser tests of the configurator, in headless Chromium and Firefox: the real page
//! `dist/configurator/` in an iframe, filled in as a site owner would (input events on its
//! fields), with the real banner in its preview iframe (the loader `dist/kelisim.js`), read back
//! from the banner's shadow root.
#![cfg(target_arch = "wasm32")]

mod common;

use common::sleep;
use js_sys::{Function, Reflect};
use kelisim::i18n::{id, text, Lang};
use wasm_bindgen::{JsCast, JsValue};
use wasm_bindgen_test::*;
use web_sys::{Document, Element, HtmlElement, HtmlIFrameElement, ShadowRoot, Window};

wasm_bindgen_test_configure!(run_in_browser);

const PAGE: &str = "/dist/configurator/index.html";

/// The configurator in an iframe of the test page.
struct Configurator {
    el: HtmlIFrameElement,
}

impl Configurator {
    async fn open(query: &str) -> Configurator {
        let doc = common::top().document().unwrap();
        let el: HtmlIFrameElement = doc.create_element("iframe").unwrap().unchecked_into();
        el.set_attribute("width", "1400").unwrap();
        el.set_attribute("height", "900").unwrap();
        el.set_src(&format!("{PAGE}{query}"));
        doc.body().unwrap().append_child(&el).unwrap();
        let page = Configurator { el };
        for _ in 0..400 {
            if let Some(root) = page
                .el
                .content_document()
                .and_then(|d| d.get_element_by_id("configurator"))
            {
                if root.has_attribute("data-ready") {
                    return page;
                }
            }
            sleep(25).await;
        }
        panic!("the configurator did not start");
    }

    fn document(&self) -> Document {
        self.el.content_document().unwrap()
    }

    fn window(&self) -> Window {
        self.el.content_window().unwrap()
    }

    fn by_id(&self, id: &str) -> Element {
        self.document()
            .get_element_by_id(id)
            .unwrap_or_else(|| panic!("no #{id} in the configurator"))
    }

    /// Dispatches an event of the frame's realm on `el`.
    fn fire(&self, el: &Element, kind: &str) {
        let ctor: Function = Reflect::get(&self.window(), &"Event".into())
            .unwrap()
            .unchecked_into();
        let init = js_sys::Object::new();
        Reflect::set(&init, &"bubbles".into(), &JsValue::TRUE).unwrap();
        let args = js_sys::Array::of2(&kind.into(), &init);
        let event: web_sys::Event = Reflect::construct(&ctor, &args).unwrap().unchecked_into();
        el.dispatch_event(&event).unwrap();
    }

    /// Types `value` into the field `id` as a visitor would (one input event).
    async fn fill(&self, id: &str, value: &str) {
        let el = self.by_id(id);
        Reflect::set(&el, &"value".into(), &value.into()).unwrap();
        self.fire(&el, "input");
        sleep(20).await;
    }

    fn value(&self, id: &str) -> String {
        Reflect::get(&self.by_id(id), &"value".into())
            .unwrap()
            .as_string()
            .unwrap_or_default()
    }

    async fn click(&self, id: &str) {
        self.by_id(id).unchecked_into::<HtmlElement>().click();
        sleep(30).await;
    }

    fn text(&self, id: &str) -> String {
        self.by_id(id).text_content().unwrap_or_default()
    }

    /// The preview iframe's window, once its banner has started.
    fn preview(&self) -> HtmlIFrameElement {
        self.by_id("cfg-preview").unchecked_into()
    }

    /// The preview banner's shadow root, when kelisim has started in it.
    fn shadow(&self) -> Option<ShadowRoot> {
        let win = self.preview().content_window()?;
        let api = Reflect::get(&win, &"kelisim".into()).ok()?;
        if api.is_undefined() || Reflect::get(&api, &"ready".into()).ok() != Some(JsValue::TRUE) {
            return None;
        }
        self.preview()
            .content_document()?
            .get_element_by_id("kelisim-root")?
            .shadow_root()
    }

    /// Waits until the preview's banner shows something for which `check` holds.
    async fn wait_preview(&self, what: &str, check: impl Fn(&ShadowRoot) -> bool) -> ShadowRoot {
        for _ in 0..300 {
            if let Some(shadow) = self.shadow() {
                if check(&shadow) {
                    return shadow;
                }
            }
            sleep(50).await;
        }
        panic!(
            "the preview never showed {what}; it shows: {:?}",
            self.shadow().and_then(|s| s.text_content())
        );
    }

    /// The embed's configuration, parsed and validated by the banner's own reader.
    fn embed_config(&self) -> kelisim::config::Config {
        let code = self.value("cfg-embed");
        let start = code.find('{').expect("the embed holds a configuration");
        let end = code.rfind('}').unwrap() + 1;
        let (config, diags) = kelisim::config::parse(&code[start..end]);
        config.unwrap_or_else(|_| panic!("the embed does not validate: {diags:?}"))
    }
}

impl Drop for Configurator {
    fn drop(&mut self) {
        self.el.remove();
    }
}

fn shadow_text(shadow: &ShadowRoot) -> String {
    shadow.text_content().unwrap_or_default()
}

#[wasm_bindgen_test]
async fn filling_the_form_updates_the_real_banner_in_the_preview_and_the_embed() {
    let page = Configurator::open("").await;
    page.fill("f-operator.name-kk", "«Тест Дала» ЖШС").await;
    page.fill("f-operator.name-ru", "ТОО «Тест Дала»").await;
    page.fill("f-operator.bin", "190940011223").await;
    page.fill("f-operator.contacts.email", "privacy@test-dala.kz")
        .await;
    // A built-in service, picked from the list.
    let select = page.by_id("cfg-known");
    Reflect::set(&select, &"value".into(), &"yandex-metrica".into()).unwrap();
    page.fire(&select, "change");
    page.click("cfg-known-add").await;
    assert_eq!(
        page.value("f-categories[2].services[0].id"),
        "yandex-metrica"
    );
    assert!(page.text("cfg-status").contains("баннер оларды қабылдайды"));
    // The real banner, in Kazakh, names the operator.
    let shadow = page
        .wait_preview("the operator's name", |s| {
            shadow_text(s).contains("«Тест Дала» ЖШС")
        })
        .await;
    assert!(shadow_text(&shadow).contains(text(Lang::Kk, id::BANNER_TITLE)));
    // Russian: the forced language, the operator's Russian name.
    page.click("cfg-pl-ru").await;
    let shadow = page
        .wait_preview("the Russian banner", |s| {
            shadow_text(s).contains("ТОО «Тест Дала»")
        })
        .await;
    assert!(shadow_text(&shadow).contains(text(Lang::Ru, id::BANNER_TITLE)));
    assert_eq!(
        page.preview()
            .content_document()
            .unwrap()
            .document_element()
            .unwrap()
            .get_attribute("lang")
            .as_deref(),
        Some("ru")
    );
    // The preference center lists the service and its provider.
    page.click("cfg-pv-preferences").await;
    let shadow = page
        .wait_preview("the preference center", |s| {
            s.query_selector("[data-kelisim-screen=\"settings\"]")
                .unwrap()
                .is_some()
        })
        .await;
    let all = shadow_text(&shadow);
    assert!(
        all.contains("Yandex Metrica") && all.contains("ООО «Яндекс»"),
        "{all}"
    );
    // Dark mode: the banner's own dark background, whatever the system prefers.
    page.click("cfg-pv-banner").await;
    page.click("cfg-ps-dark").await;
    let dark_bg = |s: &ShadowRoot| {
        s.query_selector(".k-banner")
            .unwrap()
            .and_then(|b| {
                page.preview()
                    .content_window()?
                    .get_computed_style(&b)
                    .ok()??
                    .get_property_value("background-color")
                    .ok()
            })
            .as_deref()
            == Some("rgb(29, 33, 38)")
    };
    page.wait_preview("the dark banner", dark_bg).await;
    // Phone width.
    page.click("cfg-pw-phone").await;
    assert_eq!(
        page.preview().get_attribute("width").as_deref(),
        Some("360")
    );
    // The embed parses and validates with the banner's reader, with what was filled in.
    let config = page.embed_config();
    let operator = config.operator.clone().unwrap();
    assert_eq!(operator.bin.as_deref(), Some("190940011223"));
    assert_eq!(operator.name.get(Lang::Ru), "ТОО «Тест Дала»");
    assert_eq!(
        config.category("analytics").unwrap().services[0].id,
        "yandex-metrica"
    );
    assert!(page
        .value("cfg-embed")
        .contains("<script src=\"/kelisim/kelisim-lite.js\" async></script>"));
}

#[wasm_bindgen_test]
async fn an_invalid_bin_is_explained_next_to_its_field_and_blocks_the_embed() {
    let page = Configurator::open("").await;
    page.fill("f-operator.name-kk", "«Тест» ЖШС").await;
    page.fill("f-operator.bin", "12345").await;
    let input = page.by_id("f-operator.bin");
    assert_eq!(input.get_attribute("aria-invalid").as_deref(), Some("true"));
    assert_eq!(
        input.get_attribute("aria-describedby").as_deref(),
        Some("e-operator.bin")
    );
    let message = page.text("e-operator.bin");
    assert!(
        message.contains("`12345` is not a BIN: 12 digits"),
        "{message}"
    );
    assert!(message.starts_with("Қате"), "{message}");
    assert!(page.text("cfg-status").contains("Қателер саны: 1"));
    assert_eq!(page.value("cfg-embed"), "");
    assert!(page.by_id("cfg-copy").has_attribute("disabled"));
    // Fixed: the message goes, the embed comes back.
    page.fill("f-operator.bin", "190940011223").await;
    assert_eq!(page.text("e-operator.bin"), "");
    assert_eq!(input.get_attribute("aria-invalid"), None);
    assert!(!page.by_id("cfg-copy").has_attribute("disabled"));
    assert_eq!(
        page.embed_config().operator.unwrap().bin.as_deref(),
        Some("190940011223")
    );
    // A message that belongs to no field (an unknown key, pasted) goes to the summary.
    page.fill("cfg-paste", r#"{"revison": 2}"#).await;
    page.click("cfg-paste-open").await;
    let summary = page.by_id("cfg-summary");
    assert_eq!(summary.get_attribute("role").as_deref(), Some("alert"));
    assert!(summary.text_content().unwrap().contains("revison"));
}

#[wasm_bindgen_test]
async fn a_demo_profile_opens_in_the_configurator() {
    let page = Configurator::open("?profile=kreditomat").await;
    let (profile, _) = kelisim::config::parse(include_str!("../demo/profiles/kreditomat.json"));
    let profile = profile.unwrap();
    let operator = profile.operator.as_ref().unwrap();
    assert_eq!(
        page.value("f-operator.bin"),
        operator.bin.clone().unwrap_or_default()
    );
    assert_eq!(
        page.value("f-operator.name-ru"),
        operator.name.get(Lang::Ru)
    );
    let embedded = page.embed_config();
    assert_eq!(embedded.revision, profile.revision);
    let ids = |c: &kelisim::config::Config| -> Vec<String> {
        c.categories.iter().map(|c| c.id.clone()).collect()
    };
    assert_eq!(ids(&embedded), ids(&profile));
    assert_eq!(
        embedded.operator.unwrap().name.get(Lang::Kk),
        operator.name.get(Lang::Kk)
    );
    page.wait_preview("the profile's operator", |s| {
        shadow_text(s).contains(operator.name.get(Lang::Kk))
    })
    .await;
}

#[wasm_bindgen_test]
async fn every_control_is_reachable_by_keyboard_and_named() {
    let page = Configurator::open("").await;
    let doc = page.document();
    let list = doc
        .query_selector_all("input, select, textarea, button, a[href], iframe")
        .unwrap();
    assert!(list.length() > 60, "{} controls", list.length());
    for i in 0..list.length() {
        let el: HtmlElement = list.get(i).unwrap().unchecked_into();
        let what = el.outer_html().chars().take(120).collect::<String>();
        // In the tab order, in document order (no positive tabindex), and visible.
        assert_eq!(el.tab_index(), 0, "{what}");
        if el.has_attribute("disabled") {
            continue;
        }
        el.focus().unwrap();
        assert_eq!(
            doc.active_element().as_ref(),
            Some(el.unchecked_ref::<Element>()),
            "{what}"
        );
        let rect = el.get_bounding_client_rect();
        assert!(common::is_target_size(&rect), "a 24px target: {what}");
        // A name: its label, its text, aria-label(ledby) or a title.
        let named = match el.tag_name().as_str() {
            "BUTTON" | "A" => !el.text_content().unwrap_or_default().trim().is_empty(),
            "IFRAME" => el.get_attribute("title").is_some_and(|t| !t.is_empty()),
            _ => doc
                .query_selector(&format!("label[for=\"{}\"]", el.id()))
                .unwrap()
                .is_some_and(|l| !l.text_content().unwrap_or_default().trim().is_empty()),
        };
        assert!(named, "{what}");
    }
    // Every field's messages are tied to it.
    for id in ["f-operator.bin", "f-policy_url-kk", "f-cross_border"] {
        let described = page.by_id(id).get_attribute("aria-describedby").unwrap();
        assert!(doc.get_element_by_id(&described).is_some(), "{id}");
    }
}

#[wasm_bindgen_test]
async fn the_embed_opens_again_for_editing_and_copy_reports_what_it_did() {
    let page = Configurator::open("").await;
    page.fill("f-operator.name-en", "Round Trip LLP").await;
    page.fill("f-operator.bin", "190940011223").await;
    page.fill("f-cross_border", "DE, NL").await;
    let accent = page.by_id("c-accent");
    Reflect::set(&accent, &"value".into(), &"#00875a".into()).unwrap();
    page.fire(&accent, "input");
    sleep(30).await;
    let code = page.value("cfg-embed");
    // The build's preload hint (from dist/manifest.json) first, then the theme's style.
    assert!(
        code.starts_with("<link rel=\"preload\" href=\"/kelisim/app/first_bg."),
        "{code}"
    );
    assert!(
        code.contains("crossorigin>\n<style>#kelisim-root { --kelisim-accent: #00875a; }</style>"),
        "{code}"
    );
    // Copy: the Clipboard API, or the code selected for Ctrl+C; either way the page says which.
    page.click("cfg-copy").await;
    for _ in 0..40 {
        if !page.text("cfg-copied").is_empty() {
            break;
        }
        sleep(25).await;
    }
    let said = page.text("cfg-copied");
    assert!(
        said == "Код көшірілді." || said == "Код белгіленді: көшіру үшін Ctrl+C басыңыз.",
        "{said}"
    );
    // A new configuration forgets everything; the pasted embed brings it all back.
    page.click("cfg-new").await;
    assert_eq!(page.value("f-operator.bin"), "");
    assert_eq!(page.value("c-accent"), "#0a5bd3");
    page.fill("cfg-paste", &code).await;
    page.click("cfg-paste-open").await;
    assert_eq!(page.value("f-operator.name-en"), "Round Trip LLP");
    assert_eq!(page.value("f-operator.bin"), "190940011223");
    assert_eq!(page.value("f-cross_border"), "DE, NL");
    assert_eq!(page.value("c-accent"), "#00875a");
    assert_eq!(page.value("cfg-embed"), code);
    // Something that is not a configuration is refused with a reason, and changes nothing.
    page.fill("cfg-paste", "not json").await;
    page.click("cfg-paste-open").await;
    assert!(page.text("cfg-load-status").starts_with("Ашылмады:"));
    assert_eq!(page.value("cfg-embed"), code);
}

/// The embed ends with the loader the site owner chose: the recommended `async` one with the
/// build's hints, automatic blocking (a plain script), or `kelisim-one.js` (no hints: it carries
/// the first layer); a pasted embed brings its choice back.
#[wasm_bindgen_test]
async fn the_embed_offers_automatic_blocking_and_the_one_file_loader() {
    let page = Configurator::open("").await;
    page.fill("f-operator.name-en", "Loader Choice LLP").await;
    page.fill("f-operator.bin", "190940011223").await;
    let checked =
        |id: &str| Reflect::get(&page.by_id(id), &"checked".into()).unwrap() == JsValue::TRUE;
    assert!(checked("cfg-loader-async"));
    // The build's hints come from dist/manifest.json, fetched when the configurator starts.
    for _ in 0..80 {
        if page.value("cfg-embed").starts_with("<link") {
            break;
        }
        sleep(25).await;
    }
    let recommended = page.value("cfg-embed");
    assert!(
        recommended.starts_with("<link rel=\"preload\" href=\"/kelisim/app/first_bg."),
        "{recommended}"
    );
    assert!(recommended.ends_with("<script src=\"/kelisim/kelisim-lite.js\" async></script>\n"));

    page.click("cfg-loader-autoblock").await;
    let autoblock = page.value("cfg-embed");
    assert!(
        autoblock
            .ends_with("<script src=\"/kelisim/kelisim.js\" data-kelisim-autoblock></script>\n"),
        "{autoblock}"
    );
    assert!(
        autoblock.starts_with("<link rel=\"preload\" href=\"/kelisim/app/first_bg."),
        "{autoblock}"
    );
    let help = page.text("cfg-loader-autoblock-help");
    assert!(
        help.contains("Yandex Metrica") && help.contains("head"),
        "{help}"
    );

    page.click("cfg-loader-one").await;
    let one = page.value("cfg-embed");
    assert!(
        one.ends_with("<script src=\"/kelisim/kelisim-one.js\" async></script>\n"),
        "{one}"
    );
    assert!(
        !one.contains("<link"),
        "kelisim-one.js needs no hints: {one}"
    );

    // Pasted back, the automatic-blocking embed selects its loader again.
    page.click("cfg-new").await;
    page.click("cfg-loader-async").await;
    page.fill("cfg-paste", &autoblock).await;
    page.click("cfg-paste-open").await;
    assert!(checked("cfg-loader-autoblock"));
    assert_eq!(page.value("cfg-embed"), autoblock);
}
