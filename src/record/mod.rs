//! The consent record: the proof of one choice, as it is sent to the site's backend.
//!
//! Every choice a visitor makes (given, updated, withdrawn) becomes one [`ConsentRecord`],
//! POSTed as JSON (`Content-Type: application/json`) to the configured `endpoint` and kept in the
//! visitor's outbox until a 2xx answer. Its fields are those of the project's "Proof of consent"
//! (law 94-V Art. 8: consent given "in a way that allows confirming it"): who (the consent id,
//! never an IP address), when, what was shown (a SHA-256 of the exact texts, the language, the
//! policy version) and what was chosen (per category and per service).
//!
//! The record's JSON Schema is generated from this type with `schemars` (feature `schema`, never
//! enabled in the wasm build) and published as `schema/consent-record.schema.json`; the test
//! `tests/record_schema.rs` fails when the published file is stale:
//! `KELISIM_UPDATE_SCHEMA=1 cargo test --features schema --test record_schema` rewrites it.
//!
//! Compatibility: a receiver accepts fields it does not know (the schema does not forbid
//! additional properties), so a newer client can add fields without its records being refused.

pub mod build;

pub use build::{build, strip_query, BrowserFacts};

use crate::consent::Consent;
pub use crate::consent::{Action, RecordEvent, Surface};
use crate::lang::Lang;
use crate::time::parse_instant;
use serde::{Deserialize, Serialize};
use std::collections::BTreeMap;

/// The pattern of a UUID (any version, any case of hex digits), e.g.
/// `0b0e4a52-6c8a-4d8e-9a57-3f1b2c4d5e6f`.
pub const UUID_PATTERN: &str =
    "^[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}$";

/// The pattern of an instant in RFC 3339, UTC, to the second: `2026-01-31T10:00:00Z`.
pub const INSTANT_PATTERN: &str = "^[0-9]{4}-[0-9]{2}-[0-9]{2}T[0-9]{2}:[0-9]{2}:[0-9]{2}Z$";

/// One choice of one visitor, as sent to the site's backend and stored there as proof.
///
/// Serialized as a JSON object with these snake_case field names. Every field is required;
/// `None` is written as `null` (and a missing optional field reads as `None`).
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[cfg_attr(
    feature = "schema",
    schemars(title = "kelisim consent record", transform = require_every_field)
)]
pub struct ConsentRecord {
    /// What the consent is for: `cookies` (the banner's categories) or `processing` (one purpose
    /// of one of the site's own forms, `form` and `purpose`). A record without it (made before it
    /// existed) is a cookie record.
    #[serde(default)]
    pub kind: RecordKind,
    /// The form id (`data-kelisim-form`) of a `processing` record; `null` for cookie records.
    #[serde(default)]
    #[cfg_attr(
        feature = "schema",
        schemars(regex(pattern = "^[a-z][a-z0-9_-]{0,39}$"))
    )]
    pub form: Option<String>,
    /// The purpose id (`data-kelisim-purpose`) of a `processing` record; `null` for cookie
    /// records.
    #[serde(default)]
    #[cfg_attr(
        feature = "schema",
        schemars(regex(pattern = "^[a-z][a-z0-9_-]{0,39}$"))
    )]
    pub purpose: Option<String>,
    /// This record's id (UUID v4): new for every record; every retry of the same record repeats
    /// it, so a receiver stores a record once.
    #[cfg_attr(feature = "schema", schemars(regex(pattern = UUID_PATTERN)))]
    pub record_id: String,
    /// The consent's id (UUID v4): kept across the updates and the withdrawal of one visitor's
    /// consent, and stored in the consent cookie.
    #[cfg_attr(feature = "schema", schemars(regex(pattern = UUID_PATTERN)))]
    pub consent_id: String,
    /// The `record_id` of the previous record of the same consent, `null` for the first.
    #[cfg_attr(feature = "schema", schemars(regex(pattern = UUID_PATTERN)))]
    pub previous_record_id: Option<String>,
    /// What happened: the consent was given, updated, or withdrawn.
    pub event: RecordEvent,
    /// The button or API call the choice came from: `accept-all`, `reject-all`, `save`,
    /// `set-consent`, `withdraw`, `allow-category` (an iframe placeholder) or `gpc` (the browser's
    /// Global Privacy Control signal refused categories granted without it).
    pub action: Action,
    /// Where the choice was made: `banner`, `settings` (the preference center), `api`,
    /// `placeholder` or `browser`.
    pub screen: Surface,
    /// When the visitor chose, by the visitor's clock: RFC 3339 in UTC to the second,
    /// `2026-01-31T10:00:00Z`.
    #[cfg_attr(feature = "schema", schemars(regex(pattern = INSTANT_PATTERN)))]
    pub client_time: String,
    /// The site configuration's `revision` the choice was made under.
    pub revision: u32,
    /// The privacy policy's version shown (the configuration's `policy_version`), if any.
    #[cfg_attr(feature = "schema", schemars(length(max = 256)))]
    pub policy_version: Option<String>,
    /// The language the texts were shown in: `kk`, `ru` or `en`.
    #[cfg_attr(feature = "schema", schemars(regex(pattern = "^(kk|ru|en)$")))]
    pub language: String,
    /// SHA-256, in lowercase hex, of the exact texts the visitor saw (computed by the client in
    /// the documented canonical order, so a backend can recompute it from the locale files).
    #[cfg_attr(feature = "schema", schemars(regex(pattern = "^[0-9a-f]{64}$")))]
    pub texts_sha256: String,
    /// The choice per category id (`necessary`, `analytics`…): `true` when granted. Every
    /// category of the configuration is listed, the required ones as `true`.
    #[cfg_attr(
        feature = "schema",
        schemars(extend("propertyNames" = {"pattern": "^[a-z][a-z0-9_-]{0,39}$"}, "maxProperties" = 100))
    )]
    pub categories: BTreeMap<String, bool>,
    /// The choice per service id, for the services the configuration lists (empty when it
    /// lists none): a service follows its category.
    #[cfg_attr(
        feature = "schema",
        schemars(extend("propertyNames" = {"pattern": "^[a-z][a-z0-9_-]{0,39}$"}, "maxProperties" = 500))
    )]
    pub services: BTreeMap<String, bool>,
    /// The operator's BIN (business identification number, 12 digits), if configured.
    #[cfg_attr(feature = "schema", schemars(regex(pattern = "^[0-9]{12}$")))]
    pub operator_bin: Option<String>,
    /// Whether personal data go to third parties (some service has a provider).
    pub third_parties: bool,
    /// The third-party providers named in the configuration, as shown.
    #[cfg_attr(
        feature = "schema",
        schemars(length(max = 500), inner(length(max = 256)))
    )]
    pub third_party_providers: Vec<String>,
    /// Whether personal data cross the border of Kazakhstan.
    pub cross_border: bool,
    /// The countries they go to (ISO 3166-1 alpha-2, `DE`).
    #[cfg_attr(
        feature = "schema",
        schemars(length(max = 250), inner(regex(pattern = "^[A-Z]{2}$")))
    )]
    pub cross_border_countries: Vec<String>,
    /// Whether the personal data are published (law 94-V Art. 8(4)).
    pub published: bool,
    /// When the consent expires: RFC 3339 in UTC, 13 calendar months after `client_time`, for
    /// cookie records; `null` for processing records, whose term is the configuration's text
    /// (shown, and covered by `texts_sha256`).
    #[cfg_attr(feature = "schema", schemars(regex(pattern = INSTANT_PATTERN)))]
    pub expires: Option<String>,
    /// The page the choice was made on, without query string and fragment by default.
    #[cfg_attr(feature = "schema", schemars(length(max = 8192)))]
    pub page_url: String,
    /// The browser's `navigator.userAgent`.
    #[cfg_attr(feature = "schema", schemars(length(max = 2048)))]
    pub user_agent: String,
    /// Whether the browser sent the Global Privacy Control signal (`navigator.globalPrivacyControl`).
    pub gpc: bool,
    /// The version of kelisim that made the record.
    #[cfg_attr(feature = "schema", schemars(length(min = 1, max = 64)))]
    pub kelisim_version: String,
    /// `true` when the choice was made under another configuration (revision or text) than the
    /// one this record was built with: a choice left in the browser and turned into a record by a
    /// later page after the site changed its configuration. Its `texts_sha256`,
    /// `policy_version`, providers and countries are then those of the later configuration, not
    /// necessarily what the visitor saw. Missing (`false`) in records of earlier versions.
    #[serde(default)]
    pub config_changed: bool,
}

/// The published JSON Schema of [`ConsentRecord`], `schema/consent-record.schema.json`, as text
/// (what a receiver validates records against; `tests/record_schema.rs` keeps it equal to
/// `json_schema()`, feature `schema`).
///
/// ```
/// let schema: serde_json::Value = serde_json::from_str(kelisim::record::SCHEMA).unwrap();
/// assert_eq!(schema["title"], "kelisim consent record");
/// ```
pub const SCHEMA: &str = include_str!("../../schema/consent-record.schema.json");

/// What a consent record is for.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[serde(rename_all = "lowercase")]
pub enum RecordKind {
    /// The cookie banner's categories and services.
    #[default]
    Cookies,
    /// One purpose of processing of one of the site's forms (law 94-V Art. 8(4)).
    Processing,
}

impl RecordKind {
    /// The JSON name.
    pub fn as_str(self) -> &'static str {
        match self {
            RecordKind::Cookies => "cookies",
            RecordKind::Processing => "processing",
        }
    }
}

/// The fields a record may leave out: records made before they existed stay valid.
pub const OPTIONAL_FIELDS: [&str; 4] = ["kind", "form", "purpose", "config_changed"];

/// The JSON Schema of [`ConsentRecord`] (feature `schema`): what
/// `schema/consent-record.schema.json` holds.
#[cfg(feature = "schema")]
pub fn json_schema() -> serde_json::Value {
    serde_json::to_value(schemars::schema_for!(ConsentRecord)).expect("a generated schema is JSON")
}

/// Makes every property required, the nullable ones too: a record always says `null` explicitly;
/// except [`OPTIONAL_FIELDS`], newer than the first records. A `processing` record must name its
/// form and purpose.
#[cfg(feature = "schema")]
fn require_every_field(schema: &mut schemars::Schema) {
    schema.ensure_object().insert(
        "if".into(),
        serde_json::json!({ "properties": { "kind": { "const": "processing" } }, "required": ["kind"] }),
    );
    schema.ensure_object().insert(
        "then".into(),
        serde_json::json!({ "properties": { "form": { "type": "string" }, "purpose": { "type": "string" } } }),
    );
    let names: Vec<String> = schema
        .get("properties")
        .and_then(|p| p.as_object())
        .map(|p| p.keys().cloned().collect())
        .unwrap_or_default();
    if let Some(required) = schema.ensure_object().get_mut("required") {
        if let Some(list) = required.as_array_mut() {
            list.retain(|n| !n.as_str().is_some_and(|n| OPTIONAL_FIELDS.contains(&n)));
            for name in names
                .into_iter()
                .filter(|n| !OPTIONAL_FIELDS.contains(&n.as_str()))
            {
                if !list.iter().any(|n| n.as_str() == Some(name.as_str())) {
                    list.push(name.into());
                }
            }
        }
    }
}

impl ConsentRecord {
    /// When the choice was made (Unix seconds), from `client_time`; `None` when it is not a
    /// strict `YYYY-MM-DDTHH:MM:SSZ`.
    pub fn given_unix(&self) -> Option<i64> {
        parse_instant(&self.client_time)
    }

    /// The consent this record leaves the visitor with, as the consent cookie holds it: `None`
    /// when `client_time` or `language` cannot be read.
    pub fn to_consent(&self) -> Option<Consent> {
        Some(Consent {
            id: self.consent_id.clone(),
            revision: self.revision,
            given: self.given_unix()?,
            language: Lang::from_code(&self.language)?,
            granted: self
                .categories
                .iter()
                .filter(|(_, granted)| **granted)
                .map(|(id, _)| id.clone())
                .collect(),
            gpc: self.gpc,
        })
    }
}

#[cfg(test)]
pub(crate) mod tests {
    use super::*;
    use crate::time::DateTime;

    const NOW: i64 = 1_769_853_600; // 2026-01-31T10:00:00Z

    /// A valid record, for the tests of this crate.
    pub(crate) fn sample() -> ConsentRecord {
        ConsentRecord {
            kind: RecordKind::Cookies,
            form: None,
            purpose: None,
            record_id: "5f0c6f7e-3b1a-4c2d-8e9f-0a1b2c3d4e5f".into(),
            consent_id: "0b0e4a52-6c8a-4d8e-9a57-3f1b2c4d5e6f".into(),
            previous_record_id: None,
            event: RecordEvent::Given,
            action: Action::AcceptAll,
            screen: Surface::Banner,
            client_time: "2026-01-31T10:00:00Z".into(),
            revision: 2,
            policy_version: Some("2025-06-01".into()),
            language: "kk".into(),
            texts_sha256: "ab".repeat(32),
            categories: [
                ("necessary", true),
                ("analytics", true),
                ("marketing", false),
            ]
            .into_iter()
            .map(|(k, v)| (k.to_owned(), v))
            .collect(),
            services: [("ga".to_owned(), true)].into(),
            operator_bin: Some("240740012077".into()),
            third_parties: true,
            third_party_providers: vec!["Google LLC".into()],
            cross_border: true,
            cross_border_countries: vec!["DE".into(), "NL".into()],
            published: false,
            expires: Some("2027-02-28T10:00:00Z".into()),
            page_url: "https://example.kz/".into(),
            user_agent: "Mozilla/5.0".into(),
            gpc: false,
            kelisim_version: "0.1.0".into(),
            config_changed: false,
        }
    }

    #[test]
    fn json_round_trip() {
        let r = sample();
        let json = serde_json::to_value(&r).unwrap();
        assert_eq!(json["event"], "given");
        assert_eq!(json["previous_record_id"], serde_json::Value::Null);
        assert_eq!(json["categories"]["marketing"], false);
        assert_eq!(json.as_object().unwrap().len(), 28);
        assert_eq!(json["config_changed"], false);
        // A record of an earlier version (without the flag) reads as built under its choice's
        // configuration.
        let mut old = json.clone();
        old.as_object_mut().unwrap().remove("config_changed");
        assert_eq!(serde_json::from_value::<ConsentRecord>(old).unwrap(), r);
        assert_eq!(json["kind"], "cookies");
        let back: ConsentRecord = serde_json::from_value(json).unwrap();
        assert_eq!(back, r);
        let withdrawn = ConsentRecord {
            event: RecordEvent::Withdrawn,
            previous_record_id: Some(r.record_id.clone()),
            ..r
        };
        let text = serde_json::to_string(&withdrawn).unwrap();
        assert!(text.contains(r#""event":"withdrawn""#), "{text}");
        assert_eq!(
            serde_json::from_str::<ConsentRecord>(&text).unwrap(),
            withdrawn
        );
        // A missing optional field reads as None (the schema requires it); an unknown event is
        // refused.
        let mut v = serde_json::to_value(sample()).unwrap();
        v.as_object_mut().unwrap().remove("policy_version");
        assert_eq!(
            serde_json::from_value::<ConsentRecord>(v.clone())
                .unwrap()
                .policy_version,
            None
        );
        // A record from before `kind` existed is a cookie record.
        for key in OPTIONAL_FIELDS {
            v.as_object_mut().unwrap().remove(key);
        }
        let old = serde_json::from_value::<ConsentRecord>(v.clone()).unwrap();
        assert_eq!(
            (old.kind, old.form, old.purpose),
            (RecordKind::Cookies, None, None)
        );
        v["event"] = "revoked".into();
        assert!(serde_json::from_value::<ConsentRecord>(v).is_err());
    }

    #[test]
    fn given_unix_reads_strict_rfc3339() {
        assert_eq!(sample().given_unix(), Some(NOW));
        assert_eq!(parse_instant("1970-01-01T00:00:00Z"), Some(0));
        assert_eq!(parse_instant("2028-02-29T23:59:59Z"), Some(1_835_481_599));
        for bad in [
            "",
            "2026-01-31T10:00:00",
            "2026-01-31T10:00:00+00:00",
            "2026-01-31T10:00:00.000Z",
            "2026-01-31t10:00:00z",
            "2026-01-31 10:00:00Z",
            "2026-02-29T10:00:00Z",
            "2026-13-01T10:00:00Z",
            "2026-00-01T10:00:00Z",
            "2026-01-00T10:00:00Z",
            "2026-01-31T24:00:00Z",
            "2026-01-31T10:60:00Z",
            "2026-01-31T10:00:60Z",
            "+026-01-31T10:00:00Z",
            "2026-1-31T10:00:00ZZ",
        ] {
            assert_eq!(parse_instant(bad), None, "{bad}");
        }
    }

    #[test]
    fn to_consent_keeps_the_consent_id_and_the_granted_categories() {
        let c = sample().to_consent().unwrap();
        assert_eq!(c.id, "0b0e4a52-6c8a-4d8e-9a57-3f1b2c4d5e6f");
        assert_eq!(c.revision, 2);
        assert_eq!(c.given, NOW);
        assert_eq!(c.language, Lang::Kk);
        assert_eq!(
            c.granted.iter().collect::<Vec<_>>(),
            ["analytics", "necessary"]
        );
        assert_eq!(
            Some(DateTime::from_unix(c.expires()).rfc3339()),
            sample().expires
        );
        // The cookie value round-trips.
        assert_eq!(crate::cookie::decode(&crate::cookie::encode(&c)), Ok(c));
        let bad_lang = ConsentRecord {
            language: "de".into(),
            ..sample()
        };
        assert_eq!(bad_lang.to_consent(), None);
        let bad_time = ConsentRecord {
            client_time: "yesterday".into(),
            ..sample()
        };
        assert_eq!(bad_time.to_consent(), None);
    }
}
