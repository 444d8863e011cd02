//! Building a [`ConsentRecord`] from a choice: the proof sent to the site's backend.
//!
//! Everything here is pure: the shell passes what only the browser knows (page URL, user agent,
//! the Global Privacy Control signal, new ids) in [`BrowserFacts`]. The third parties are the
//! configuration's distinct providers, [`Config::providers`], the same list the preference center
//! shows; the countries are [`Config::countries`] (catalogue services included), as the first
//! layer and the preference center name them.

use super::{Action, ConsentRecord, RecordEvent, Surface};
use crate::config::{Config, Text};
use crate::consent::Consent;
use crate::time::DateTime;
use std::collections::BTreeMap;

/// What the browser knows about the choice.
#[derive(Clone, Debug, Default)]
pub struct BrowserFacts {
    /// This record's id (UUID v4).
    pub record_id: String,
    /// The previous record of the same consent, if any.
    pub previous_record_id: Option<String>,
    /// `location.href`; the query string and fragment are removed.
    pub page_url: String,
    /// `navigator.userAgent`.
    pub user_agent: String,
    /// `navigator.globalPrivacyControl`.
    pub gpc: bool,
}

pub use crate::handover::strip_query;

/// The record of `consent`, just decided by `action` on `screen`.
///
/// ```
/// use kelisim::consent::{apply, Change, Context, Surface};
/// use kelisim::lang::Lang;
/// use kelisim::record::{build, BrowserFacts};
/// let config = kelisim::config::parse(r#"{ "policy_version": "2026-01-01" }"#).0.unwrap();
/// let ctx = Context { language: Lang::Kk, now: 1_764_000_000, gpc: false,
///     new_id: "0b0e4a52-6c8a-4d8e-9a57-3f1b2c4d5e6f".into() };
/// let t = apply(None, &Change::AcceptAll, &config, ctx);
/// let facts = BrowserFacts {
///     record_id: "6f1c2b3a-0d4e-4f5a-8b6c-7d8e9f0a1b2c".into(),
///     previous_record_id: None,
///     page_url: "https://example.kz/kk/".into(),
///     user_agent: "Mozilla/5.0".into(),
///     gpc: false,
/// };
/// let record = build(&config, &t.consent, t.event, t.action, Surface::Banner, &facts);
/// let json = serde_json::to_value(&record).unwrap();
/// assert_eq!(json["consent_id"], "0b0e4a52-6c8a-4d8e-9a57-3f1b2c4d5e6f");
/// assert_eq!((json["event"].as_str(), json["action"].as_str()), (Some("given"), Some("accept-all")));
/// ```
pub fn build(
    config: &Config,
    consent: &Consent,
    event: RecordEvent,
    action: Action,
    screen: Surface,
    facts: &BrowserFacts,
) -> ConsentRecord {
    let lang = consent.language;
    let categories: BTreeMap<String, bool> = config
        .categories
        .iter()
        .map(|c| (c.id.clone(), consent.accepted(&c.id)))
        .collect();
    let services: BTreeMap<String, bool> = config
        .categories
        .iter()
        .flat_map(|c| {
            c.services
                .iter()
                .map(move |s| (s.id.clone(), consent.accepted(&c.id)))
        })
        .collect();
    let providers: Vec<String> = config
        .providers()
        .iter()
        .map(|p| p.get(lang).to_owned())
        .collect();
    let countries = config.countries();
    let overrides = |id: &str| config.texts.get(id).map(|t: &Text| t.get(lang).to_owned());
    ConsentRecord {
        kind: super::RecordKind::Cookies,
        form: None,
        purpose: None,
        record_id: facts.record_id.clone(),
        consent_id: consent.id.clone(),
        previous_record_id: facts.previous_record_id.clone(),
        event,
        action,
        screen,
        client_time: DateTime::from_unix(consent.given).rfc3339(),
        revision: consent.revision,
        policy_version: config.policy_version.clone(),
        language: lang.code().to_owned(),
        texts_sha256: crate::i18n::texts_sha256(lang, overrides, &config.shown_texts(lang)),
        categories,
        services,
        operator_bin: config.operator.as_ref().and_then(|o| o.bin.clone()),
        third_parties: !providers.is_empty(),
        third_party_providers: providers,
        cross_border: !countries.is_empty(),
        cross_border_countries: countries,
        published: config.published,
        expires: Some(DateTime::from_unix(consent.expires()).rfc3339()),
        page_url: strip_query(&facts.page_url).to_owned(),
        user_agent: facts.user_agent.clone(),
        gpc: facts.gpc,
        kelisim_version: env!("CARGO_PKG_VERSION").to_owned(),
        config_changed: false,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::config::parse;
    use crate::lang::Lang;

    #[test]
    fn a_record_holds_the_proof_of_the_choice() {
        let (config, _) = parse(
            r#"{"revision": 4, "policy_version": "2026-11-01", "cross_border": ["DE"],
                "operator": {"name": "X", "bin": "240740012077"},
                "categories": [{"id": "analytics", "services": [{"id": "ga", "provider": "Google LLC"}]},
                               {"id": "marketing", "services": [{"id": "fb", "provider": {"ru": "Мета", "en": "Meta"}}]}]}"#,
        );
        let config = config.unwrap();
        let consent = Consent {
            id: "0b0e4a52-6c8a-4d8e-9a57-3f1b2c4d5e6f".into(),
            revision: 4,
            given: 1_769_853_600,
            language: Lang::En,
            granted: ["necessary".to_string(), "analytics".to_string()].into(),
            gpc: true,
        };
        let ctx = BrowserFacts {
            record_id: "1b0e4a52-6c8a-4d8e-9a57-3f1b2c4d5e6f".into(),
            previous_record_id: None,
            page_url: "https://shop.kz/cart?user=42#pay".into(),
            user_agent: "UA".into(),
            gpc: true,
        };
        let r = build(
            &config,
            &consent,
            RecordEvent::Given,
            Action::Save,
            Surface::Settings,
            &ctx,
        );
        assert_eq!(r.client_time, "2026-01-31T10:00:00Z");
        assert_eq!(r.expires.as_deref(), Some("2027-02-28T10:00:00Z"));
        assert_eq!(r.page_url, "https://shop.kz/cart");
        assert!(r.categories["analytics"]);
        assert!(!r.categories["marketing"]);
        assert!(r.services["ga"]);
        assert!(!r.services["fb"]);
        assert_eq!(r.third_party_providers, ["Google LLC", "Meta"]);
        assert!(r.third_parties && r.cross_border && r.gpc && !r.published);
        assert_eq!(r.operator_bin.as_deref(), Some("240740012077"));
        assert_eq!(r.policy_version.as_deref(), Some("2026-11-01"));
        assert_eq!(r.to_consent().unwrap(), consent);
        assert_eq!(r.texts_sha256.len(), 64);
    }
}
