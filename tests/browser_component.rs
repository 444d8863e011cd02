//! Browser test of the Leptos component: a Rust/Leptos view with `<ConsentBanner/>`
//! and a typed configuration renders a gated part of its own UI through `use_consent()`.
#![cfg(target_arch = "wasm32")]

mod common;

use common::{clear_cookie, cookie, sleep, top};
use kelisim::config::forms::{Form, Forms, Purpose};
use kelisim::config::{Config, CookieConfig, Operator, Text};
use kelisim::web::component::{use_consent, ConsentBanner};
use leptos::prelude::*;
use wasm_bindgen::JsCast;
use wasm_bindgen_test::*;

wasm_bindgen_test_configure!(run_in_browser);

#[component]
fn Site() -> impl IntoView {
    let config = Config {
        revision: 7,
        cookie: CookieConfig {
            name: "k_component".into(),
            domain: None,
        },
        consent_mode: [("marketing".to_owned(), vec!["ad_storage".to_owned()])].into(),
        operator: Some(Operator {
            name: Text::Plain("Synaq LLP".into()),
            bin: Some("240740012077".into()),
            contacts: Default::default(),
            response_days: None,
        }),
        ..Config::default()
    };
    // Processing consent for the site's own form, typed.
    let forms = Forms(vec![Form {
        id: "callback".into(),
        name: None,
        purposes: vec![Purpose {
            id: "callback".into(),
            required: true,
            purpose: Text::Plain("calling you back".into()),
            data: Text::Plain("phone".into()),
            term: Text::Plain("30 days".into()),
            third_parties: false,
            cross_border: vec![],
            published: false,
        }],
    }]);
    let consent = use_consent();
    view! {
        <ConsentBanner config=config forms=forms />
        <form id="component-form" data-kelisim-form="callback"><input name="phone" /></form>
        <Show when=move || consent.get().is_some_and(|c| c.accepted("marketing")) fallback=|| view! { <p id="gated-off">"off"</p> }>
            <p id="gated-on">"on"</p>
        </Show>
    }
}

#[wasm_bindgen_test]
async fn a_leptos_site_gates_its_own_ui_on_the_consent() {
    clear_cookie("k_component");
    // The page's gtag(), recording its calls.
    let record = js_sys::Function::new_with_args(
        "a, b, c",
        "(window.__gtag = window.__gtag || []).push([a, b, c]);",
    );
    js_sys::Reflect::set(&top(), &"gtag".into(), &record).unwrap();
    let doc = top().document().unwrap();
    let host: web_sys::HtmlElement = doc.create_element("div").unwrap().unchecked_into();
    doc.body().unwrap().append_child(&host).unwrap();
    leptos::mount::mount_to(host, Site).forget();
    sleep(100).await;
    assert!(
        doc.get_element_by_id("gated-off").is_some(),
        "before consent the gated part is off"
    );
    let shadow = doc
        .get_element_by_id("kelisim-root")
        .unwrap()
        .shadow_root()
        .unwrap();
    assert!(
        shadow
            .query_selector("[data-kelisim-screen=\"banner\"]")
            .unwrap()
            .is_some(),
        "the banner shows"
    );
    let accept: web_sys::HtmlElement = shadow
        .query_selector("[data-kelisim-action=\"accept-all\"]")
        .unwrap()
        .unwrap()
        .unchecked_into();
    accept.click();
    sleep(100).await;
    assert!(
        doc.get_element_by_id("gated-on").is_some(),
        "use_consent() follows the choice"
    );
    let stored = kelisim::cookie::decode(&cookie("k_component").unwrap()).unwrap();
    assert_eq!(stored.revision, 7, "the typed configuration is used");
    // The same JS API as the script embed.
    let api = js_sys::Reflect::get(&top(), &"kelisim".into()).unwrap();
    let accepted: js_sys::Function = js_sys::Reflect::get(&api, &"accepted".into())
        .unwrap()
        .unchecked_into();
    assert_eq!(accepted.call1(&api, &"marketing".into()).unwrap(), true);
    // Without the loader, the shell sends Consent Mode's update by the typed mapping.
    let calls = common::to_json(&js_sys::Reflect::get(&top(), &"__gtag".into()).unwrap());
    let last = calls
        .as_array()
        .and_then(|c| c.last())
        .cloned()
        .unwrap_or_default();
    assert_eq!(last[0], "consent", "{calls}");
    assert_eq!(last[1], "update");
    assert_eq!(last[2]["ad_storage"], "granted");
    assert_eq!(
        last[2]["analytics_storage"], "denied",
        "not mapped by this configuration"
    );
    // The site's form got its consent checkbox from the typed `forms`.
    let mut found = false;
    for _ in 0..100 {
        if doc
            .query_selector("#component-form input[data-kelisim-purpose=\"callback\"]")
            .unwrap()
            .is_some()
        {
            found = true;
            break;
        }
        sleep(50).await;
    }
    assert!(found, "the component's form has its checkbox");
    clear_cookie("k_component");
}
