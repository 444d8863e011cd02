//! A visitor's consent: what they granted, when, under which revision; and whether a stored
//! one still holds.
//!
//! [`read_stored`] decides from the cookie header, the configuration and the current time whether
//! the visitor has a valid consent ([`Stored::Valid`]) or must be asked ([`Stored::Missing`],
//! [`Stored::Invalid`] with the reason). [`decide`] turns a [`Choice`] into a new consent, always
//! granting the required categories and nothing the configuration does not list.

use crate::config::Config;
use crate::expiry::{consent_expiry, DateTime};
use crate::i18n::Lang;
use serde_json::{json, Map, Value};
use std::collections::BTreeSet;

/// A consent as stored in the cookie.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Consent {
    /// Consent id (UUID v4), kept across updates of the same visitor's consent.
    pub id: String,
    /// The configuration's `revision` it was given under.
    pub revision: u32,
    /// When it was given or last changed (Unix seconds, UTC).
    pub given: i64,
    /// The language the visitor saw.
    pub language: Lang,
    /// The ids of the granted categories (the required ones included).
    pub granted: BTreeSet<String>,
}

/// What the visitor chose.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Choice {
    /// Every category.
    AcceptAll,
    /// Only the required categories.
    RejectAll,
    /// These categories (the required ones are added).
    Only(BTreeSet<String>),
}

/// What the stored cookie says.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Stored {
    /// No cookie: ask.
    Missing,
    /// A cookie that does not count; ask again. The reason is for the console.
    Invalid(&'static str),
    /// A consent that holds.
    Valid(Consent),
}

impl Consent {
    /// When it expires (Unix seconds): 13 calendar months after it was given.
    pub fn expires(&self) -> i64 {
        consent_expiry(self.given)
    }

    /// Whether category `id` is granted.
    pub fn accepted(&self, id: &str) -> bool {
        self.granted.contains(id)
    }

    /// The public form of `getConsent()`: `{ id, revision, timestamp, expires, language,
    /// categories: { <id>: bool } }`, with every category of the configuration.
    pub fn to_json(&self, config: &Config) -> Value {
        let categories: Map<String, Value> = config
            .categories
            .iter()
            .map(|c| (c.id.clone(), Value::Bool(self.accepted(&c.id))))
            .collect();
        json!({
            "id": self.id,
            "revision": self.revision,
            "timestamp": DateTime::from_unix(self.given).rfc3339(),
            "expires": DateTime::from_unix(self.expires()).rfc3339(),
            "language": self.language.code(),
            "categories": categories,
        })
    }
}

/// Reads the consent in `cookie_header` (a `Cookie` header or `document.cookie`) at `now`.
pub fn read_stored(cookie_header: &str, config: &Config, now: i64) -> Stored {
    let Some(value) = crate::cookie::find(cookie_header, &config.cookie.name) else {
        return Stored::Missing;
    };
    let consent = match crate::cookie::decode(value) {
        Ok(c) => c,
        Err(crate::cookie::DecodeError::Altered) => {
            return Stored::Invalid("the consent cookie was altered")
        }
        Err(_) => return Stored::Invalid("the consent cookie cannot be read"),
    };
    if consent.revision != config.revision {
        Stored::Invalid("the site's revision changed")
    } else if now >= consent.expires() {
        Stored::Invalid("the consent expired")
    } else if consent.given > now + 86_400 {
        Stored::Invalid("the consent cookie is dated in the future")
    } else {
        Stored::Valid(consent)
    }
}

/// The categories a choice grants under `config`: the required ones always, and only ids the
/// configuration lists.
pub fn granted_by(choice: &Choice, config: &Config) -> BTreeSet<String> {
    let mut granted = match choice {
        Choice::AcceptAll => config.all_ids(),
        Choice::RejectAll => BTreeSet::new(),
        Choice::Only(ids) => ids.intersection(&config.all_ids()).cloned().collect(),
    };
    granted.extend(config.required_ids());
    granted
}

/// The consent that `choice` makes at `now`. `previous` (a still valid consent) keeps its id;
/// otherwise `new_id` becomes the consent id.
pub fn decide(
    choice: &Choice,
    config: &Config,
    previous: Option<&Consent>,
    language: Lang,
    now: i64,
    new_id: impl FnOnce() -> String,
) -> Consent {
    Consent {
        id: previous.map_or_else(new_id, |p| p.id.clone()),
        revision: config.revision,
        given: now,
        language,
        granted: granted_by(choice, config),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::config::parse;

    const NOW: i64 = 1_769_853_600; // 2026-01-31T10:00:00Z

    fn config(json: &str) -> Config {
        parse(json).0.unwrap()
    }

    fn given(choice: Choice, cfg: &Config) -> Consent {
        decide(&choice, cfg, None, Lang::Kk, NOW, || {
            "0b0e4a52-6c8a-4d8e-9a57-3f1b2c4d5e6f".into()
        })
    }

    #[test]
    fn choices_grant_the_right_categories() {
        let cfg = config("{}");
        let all = given(Choice::AcceptAll, &cfg);
        assert_eq!(all.granted.len(), 4);
        let none = given(Choice::RejectAll, &cfg);
        assert_eq!(none.granted.iter().collect::<Vec<_>>(), ["necessary"]);
        let only = given(
            Choice::Only(["analytics".into(), "bogus".into()].into()),
            &cfg,
        );
        assert_eq!(
            only.granted.iter().collect::<Vec<_>>(),
            ["analytics", "necessary"]
        );
    }

    #[test]
    fn to_json_lists_every_category() {
        let cfg = config("{}");
        let v = given(Choice::Only(["analytics".into()].into()), &cfg).to_json(&cfg);
        assert_eq!(v["timestamp"], "2026-01-31T10:00:00Z");
        assert_eq!(v["expires"], "2027-02-28T10:00:00Z");
        assert_eq!(
            v["categories"],
            json!({"necessary": true, "preferences": false, "analytics": true, "marketing": false})
        );
        assert_eq!(v["revision"], 1);
    }

    #[test]
    fn stored_consent_holds_until_it_expires_or_the_revision_changes() {
        let cfg = config("{}");
        let c = given(Choice::AcceptAll, &cfg);
        let header = format!("other=1; kelisim={}", crate::cookie::encode(&c));
        assert_eq!(
            read_stored(&header, &cfg, NOW + 10),
            Stored::Valid(c.clone())
        );
        assert_eq!(
            read_stored(&header, &cfg, c.expires() - 1),
            Stored::Valid(c.clone())
        );
        assert_eq!(
            read_stored(&header, &cfg, c.expires()),
            Stored::Invalid("the consent expired")
        );
        let cfg2 = config(r#"{"revision": 2}"#);
        assert_eq!(
            read_stored(&header, &cfg2, NOW),
            Stored::Invalid("the site's revision changed")
        );
        assert_eq!(read_stored("other=1", &cfg, NOW), Stored::Missing);
        assert_eq!(
            read_stored("kelisim=garbage", &cfg, NOW),
            Stored::Invalid("the consent cookie cannot be read")
        );
        let forged = header.replace("analytics~", "");
        assert_eq!(
            read_stored(&forged, &cfg, NOW),
            Stored::Invalid("the consent cookie was altered")
        );
        assert!(matches!(
            read_stored(&header, &cfg, NOW - 3 * 86_400),
            Stored::Invalid(_)
        ));
    }

    #[test]
    fn an_update_keeps_the_consent_id() {
        let cfg = config("{}");
        let first = given(Choice::AcceptAll, &cfg);
        let second = decide(
            &Choice::RejectAll,
            &cfg,
            Some(&first),
            Lang::En,
            NOW + 60,
            || unreachable!(),
        );
        assert_eq!(second.id, first.id);
        assert_eq!(second.given, NOW + 60);
    }

    #[test]
    fn custom_cookie_name_is_used() {
        let cfg = config(r#"{"cookie": {"name": "consent_kz"}}"#);
        let c = given(Choice::AcceptAll, &cfg);
        let header = format!("kelisim=x; consent_kz={}", crate::cookie::encode(&c));
        assert!(matches!(read_stored(&header, &cfg, NOW), Stored::Valid(_)));
    }
}
