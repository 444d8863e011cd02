//! The published JSON Schema of the consent record, `schema/consent-record.schema.json`.
//!
//! It is generated from [`kelisim::record::ConsentRecord`] (feature `schema`); this test fails
//! when the committed file differs from what the type generates, and checks that records made by
//! the type validate against the file while malformed ones do not. Run with
//! `cargo test --features schema --test record_schema`; rewrite the file with
//! `KELISIM_UPDATE_SCHEMA=1 cargo test --features schema --test record_schema`.
#![cfg(not(target_arch = "wasm32"))]

use kelisim::record::{ConsentRecord, RecordEvent, RecordKind};
use serde_json::{json, Value};
use std::path::PathBuf;

const UPDATE: &str = "KELISIM_UPDATE_SCHEMA=1 cargo test --features schema --test record_schema";

fn schema_path() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("schema/consent-record.schema.json")
}

/// The schema text the type generates: pretty JSON with a final newline.
fn generated() -> String {
    // `Schema`'s own serialization puts `$schema`, `title`… first, then sorts the keys.
    let schema = schemars::schema_for!(ConsentRecord);
    serde_json::to_string_pretty(&schema).unwrap() + "\n"
}

/// The committed schema (the freshly generated one while it is being rewritten).
fn published() -> Value {
    if std::env::var_os("KELISIM_UPDATE_SCHEMA").is_some() {
        return serde_json::from_str(&generated()).unwrap();
    }
    let text = std::fs::read_to_string(schema_path()).unwrap_or_else(|e| {
        panic!(
            "{}: {e}; create it with `{UPDATE}`",
            schema_path().display()
        )
    });
    serde_json::from_str(&text).expect("the published schema is JSON")
}

fn sample() -> ConsentRecord {
    ConsentRecord {
        kind: RecordKind::Cookies,
        form: None,
        purpose: None,
        record_id: "5f0c6f7e-3b1a-4c2d-8e9f-0a1b2c3d4e5f".into(),
        consent_id: "0b0e4a52-6c8a-4d8e-9a57-3f1b2c4d5e6f".into(),
        previous_record_id: None,
        event: RecordEvent::Given,
        action: kelisim::record::Action::AcceptAll,
        screen: kelisim::record::Surface::Banner,
        client_time: "2026-01-31T10:00:00Z".into(),
        revision: 1,
        policy_version: Some("2025-06-01".into()),
        language: "ru".into(),
        texts_sha256: "0123456789abcdef".repeat(4),
        categories: [("necessary", true), ("analytics", false)]
            .into_iter()
            .map(|(k, v)| (k.to_owned(), v))
            .collect(),
        services: [("ga".to_owned(), false)].into(),
        operator_bin: Some("240740012077".into()),
        third_parties: true,
        third_party_providers: vec!["Google LLC".into()],
        cross_border: true,
        cross_border_countries: vec!["DE".into()],
        published: false,
        expires: Some("2027-02-28T10:00:00Z".into()),
        page_url: "https://example.kz/about".into(),
        user_agent: "Mozilla/5.0 (X11; Linux x86_64)".into(),
        gpc: true,
        kelisim_version: env!("CARGO_PKG_VERSION").into(),
        config_changed: false,
    }
}

#[test]
fn published_schema_is_up_to_date() {
    let fresh = generated();
    if std::env::var_os("KELISIM_UPDATE_SCHEMA").is_some() {
        std::fs::create_dir_all(schema_path().parent().unwrap()).unwrap();
        std::fs::write(schema_path(), &fresh).unwrap();
        eprintln!("wrote {}", schema_path().display());
        return;
    }
    let committed = std::fs::read_to_string(schema_path()).unwrap_or_default();
    assert!(
        committed == fresh,
        "{} differs from the schema generated from kelisim::record::ConsentRecord; \
         update it with `{UPDATE}` and commit it",
        schema_path().display()
    );
}

#[test]
fn published_schema_is_a_valid_json_schema() {
    let schema = published();
    assert_eq!(schema, kelisim::record::json_schema());
    assert!(
        jsonschema::meta::is_valid(&schema),
        "not a valid JSON Schema"
    );
    assert_eq!(
        schema["$schema"],
        "https://json-schema.org/draft/2020-12/schema"
    );
}

#[test]
fn records_validate_against_the_published_schema() {
    let validator = jsonschema::validator_for(&published()).unwrap();
    let record = serde_json::to_value(sample()).unwrap();
    if let Err(e) = validator.validate(&record) {
        panic!("the sample record does not validate: {e}");
    }
    // Every event, and the optional fields as null.
    for event in [RecordEvent::Updated, RecordEvent::Withdrawn] {
        let r = ConsentRecord {
            event,
            previous_record_id: Some("9d3b0c4e-1f2a-4b5c-8d6e-7f8091a2b3c4".into()),
            policy_version: None,
            operator_bin: None,
            services: Default::default(),
            third_party_providers: vec![],
            cross_border_countries: vec![],
            ..sample()
        };
        let v = serde_json::to_value(&r).unwrap();
        assert!(validator.is_valid(&v), "{v}");
    }
    // A processing record (a purpose of one of the site's forms): no categories, no
    // expiry date (its term is the configuration's text).
    let processing = ConsentRecord {
        kind: RecordKind::Processing,
        form: Some("loan-application".into()),
        purpose: Some("application".into()),
        action: kelisim::record::Action::Submit,
        screen: kelisim::record::Surface::Form,
        categories: Default::default(),
        services: Default::default(),
        expires: None,
        ..sample()
    };
    let v = serde_json::to_value(&processing).unwrap();
    assert!(validator.is_valid(&v), "{v}");
    // A processing record without its form or purpose is refused.
    for key in ["form", "purpose"] {
        let mut bad = v.clone();
        bad[key] = Value::Null;
        assert!(!validator.is_valid(&bad), "{key}: {bad}");
    }
    // A record made before `kind`, `form` and `purpose` existed stays valid.
    let mut old = record.clone();
    for key in ["kind", "form", "purpose"] {
        old.as_object_mut().unwrap().remove(key);
    }
    assert!(validator.is_valid(&old), "{old}");
    // Unknown fields are accepted (a newer client talking to an older receiver).
    let mut newer = record.clone();
    newer["added_later"] = json!(1);
    assert!(validator.is_valid(&newer));
}

#[test]
fn malformed_records_are_refused() {
    let validator = jsonschema::validator_for(&published()).unwrap();
    let record = serde_json::to_value(sample()).unwrap();
    let cases: Vec<(&str, Value)> = vec![
        ("record_id", json!("not-a-uuid")),
        ("consent_id", json!(42)),
        ("previous_record_id", json!("x")),
        ("event", json!("revoked")),
        ("action", json!("")),
        ("client_time", json!("2026-01-31T10:00:00+05:00")),
        ("revision", json!(-1)),
        ("language", json!("de")),
        ("texts_sha256", json!("ABC")),
        ("categories", json!({"Analytics": true})),
        ("categories", json!({"analytics": "yes"})),
        ("operator_bin", json!("12345")),
        ("cross_border_countries", json!(["de"])),
        ("expires", json!("2027-02-28")),
        ("gpc", json!("false")),
        ("kind", json!("cookie")),
        ("form", json!("Loan Form")),
        ("purpose", json!(7)),
    ];
    for (field, value) in cases {
        let mut bad = record.clone();
        bad[field] = value.clone();
        assert!(
            !validator.is_valid(&bad),
            "{field} = {value} should be refused"
        );
    }
    for field in [
        "record_id",
        "previous_record_id",
        "event",
        "categories",
        "texts_sha256",
        "operator_bin",
        "user_agent",
    ] {
        let mut missing = record.clone();
        missing.as_object_mut().unwrap().remove(field);
        assert!(!validator.is_valid(&missing), "{field} is required");
    }
    assert!(!validator.is_valid(&json!([record])));
}
