//! Each rule of reading and validating a configuration, at its boundary: the value just inside
//! is accepted, the value just outside is refused with an error naming its key. Every case here
//! was a mutant of `src/config/read.rs` or `src/config/validate.rs` that no other test caught
//! (see the README, "Mutation testing").
#![cfg(not(target_arch = "wasm32"))]

use kelisim::config::{self, Diagnostic, Level};

fn errors(json: &str) -> Vec<Diagnostic> {
    let (result, diagnostics) = config::parse(json);
    assert!(result.is_err(), "expected an error for {json}");
    diagnostics
        .into_iter()
        .filter(|d| d.level == Level::Error)
        .collect()
}

/// The only error of `json` is at `path`.
fn refused(json: &str, path: &str) {
    let e = errors(json);
    assert_eq!(
        e.iter().map(|d| d.path.as_str()).collect::<Vec<_>>(),
        [path],
        "{json}"
    );
}

fn accepted(json: &str) {
    let (result, diagnostics) = config::parse(json);
    assert!(result.is_ok(), "{json}: {diagnostics:?}");
}

/// A category with this id (and a name, so only the id is checked).
fn category(id: &str) -> String {
    format!(r#"{{"categories": [{{"id": "{id}", "name": "X"}}]}}"#)
}

#[test]
fn identifiers_start_with_a_letter_and_hold_letters_digits_dashes_and_underscores() {
    for id in [
        "ga4",
        "a",
        "video_ads",
        "video-ads",
        "a0_-z",
        &"a".repeat(40),
    ] {
        accepted(&category(id));
    }
    // An upper-case or digit first character, however valid the rest.
    for id in [
        "Xy",
        "1ab",
        "_a",
        "-a",
        "bad id",
        "a!",
        "aB",
        &"a".repeat(41),
    ] {
        refused(&category(id), "categories[0].id");
    }
}

#[test]
fn countries_are_two_upper_case_letters() {
    accepted(r#"{"cross_border": ["DE", "KZ"]}"#);
    for bad in ["USA", "D", "de", "D1"] {
        refused(
            &format!(r#"{{"cross_border": ["{bad}"]}}"#),
            "cross_border[0]",
        );
    }
}

#[test]
fn cookie_names_and_domains_have_a_length_limit() {
    accepted(&format!(
        r#"{{"cookie": {{"name": "{}"}}}}"#,
        "k".repeat(64)
    ));
    refused(
        &format!(r#"{{"cookie": {{"name": "{}"}}}}"#, "k".repeat(65)),
        "cookie.name",
    );
    refused(r#"{"cookie": {"name": ""}}"#, "cookie.name");
    // 253 characters, in labels of 50.
    let domain = format!("{}.kz", vec!["a".repeat(50); 5].join("."));
    assert_eq!(domain.len(), 257);
    let domain = &domain[4..];
    accepted(&format!(r#"{{"cookie": {{"domain": "{domain}"}}}}"#));
    refused(
        &format!(r#"{{"cookie": {{"domain": "x{domain}"}}}}"#),
        "cookie.domain",
    );
}

#[test]
fn only_necessary_cannot_be_declared_optional() {
    accepted(r#"{"categories": [{"id": "video", "name": "Video", "required": false}]}"#);
    accepted(r#"{"categories": [{"id": "video", "name": "Video", "required": true}]}"#);
    refused(
        r#"{"categories": [{"id": "necessary", "required": false}]}"#,
        "categories[0].required",
    );
}

#[test]
fn whole_numbers_only() {
    for ok in ["0", "7", "4294967295"] {
        accepted(&format!(r#"{{"revision": {ok}}}"#));
    }
    for bad in ["1.5", "-1", "4294967296", "0.5", "-0.5"] {
        refused(&format!(r#"{{"revision": {bad}}}"#), "revision");
    }
    let (config, _) = config::parse(r#"{"revision": 4294967295}"#);
    assert_eq!(config.unwrap().revision, u32::MAX);
}

#[test]
fn a_wrong_type_is_named_with_what_was_found() {
    let cases = [
        (r#"{"revision": "two"}"#, "a whole number", "a string"),
        (r#"{"revision": null}"#, "a whole number", "null"),
        (r#"{"published": 1}"#, "true or false", "a number"),
        (r#"{"endpoint": true}"#, "a string", "a boolean"),
        (r#"{"endpoint": []}"#, "a string", "an array"),
        (r#"{"endpoint": {}}"#, "a string", "an object"),
        (r#"{"categories": {}}"#, "an array", "an object"),
        (r#"{"cookie": []}"#, "an object", "an array"),
    ];
    for (json, expected, found) in cases {
        let e = errors(json);
        assert_eq!(e.len(), 1, "{json}: {e:?}");
        assert!(
            e[0].message.starts_with(&format!("expected {expected}")),
            "{json}: {}",
            e[0].message
        );
        assert!(
            e[0].message.ends_with(&format!(", found {found}")),
            "{json}: {}",
            e[0].message
        );
    }
}

#[test]
fn texts_know_whether_they_are_empty() {
    let mut texts = config::Texts::default();
    assert!(texts.is_empty());
    texts.insert("banner-title".into(), config::Text::Plain("Cookie".into()));
    assert!(!texts.is_empty());
    let (config, _) = config::parse(r#"{"texts": {"banner-title": "Cookie"}}"#);
    assert!(!config.unwrap().texts.is_empty());
}

#[test]
fn shown_texts_list_every_configured_text_with_its_path() {
    let (config, _) = config::parse(
        r#"{"operator": {"name": "ТОО Дүкен", "bin": "240740012077",
              "contacts": {"address": {"kk": "Астана", "en": "Astana"}, "hours": "9-18"}},
            "policy_url": "/policy",
            "categories": [{"id": "analytics", "name": "Analytics", "description": "What", "data": "IP",
              "services": [{"id": "ga", "name": "GA", "provider": "Google", "purpose": "Stats"}]}]}"#,
    );
    let texts = config.unwrap().shown_texts(kelisim::lang::Lang::En);
    let texts: Vec<(&str, &str)> = texts
        .iter()
        .map(|(p, t)| (p.as_str(), t.as_str()))
        .collect();
    // `necessary` (added first) has no text of its own: its texts are the locales'.
    assert_eq!(
        texts,
        [
            ("operator.name", "ТОО Дүкен"),
            ("operator.contacts.address", "Astana"),
            ("operator.contacts.hours", "9-18"),
            ("policy_url", "/policy"),
            ("categories[1].name", "Analytics"),
            ("categories[1].description", "What"),
            ("categories[1].data", "IP"),
            ("categories[1].services[0].name", "GA"),
            ("categories[1].services[0].provider", "Google"),
            ("categories[1].services[0].purpose", "Stats"),
        ]
    );
    let (config, _) = config::parse("{}");
    assert!(config
        .unwrap()
        .shown_texts(kelisim::lang::Lang::Kk)
        .is_empty());
}

#[test]
fn a_configuration_built_in_rust_is_checked_by_the_same_rules() {
    // Valid: `necessary` is added first; a warning alone does not refuse it.
    let mut c = config::Config::default();
    c.categories.remove(0);
    c.operator = Some(config::Operator {
        name: config::Text::Plain("X".into()),
        bin: None,
        contacts: Default::default(),
        response_days: None,
    });
    let checked = config::check(c).unwrap();
    assert_eq!(checked.categories[0].id, "necessary");
    // Invalid: the errors name the keys.
    let mut c = config::Config::default();
    c.cookie.name = "bad name".into();
    c.cross_border = vec!["germany".into()];
    let errors = config::check(c).unwrap_err();
    let paths: Vec<&str> = errors.iter().map(|d| d.path.as_str()).collect();
    assert_eq!(paths, ["cookie.name", "cross_border[0]"]);
}
