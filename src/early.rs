//! The loader's early answers: what `window.kelisim` says before the WebAssembly is ready.
//!
//! The loader (`loader/kelisim.js`) must answer `getConsent()` and `accepted()` and send Google
//! Consent Mode's `default` synchronously, before the first layer can validate the configuration.
//! It does not decode the cookie, know the expiry rule or the defaults: it repeats an answer the
//! first layer itself gave. After the first layer has validated a configuration and read a
//! consent (never before the visitor has chosen: [`answer_value`]), it stores an *answer* in
//! local storage under [`crate::storage::early_key`]`(config text)`:
//!
//! ```json
//! { "config": "<the configuration's exact text, or null for the built-in default>",
//!   "build": "<the first layer's build id>",
//!   "cookie": "<cookie name>", "value": "<the cookie value it read>",
//!   "gpc": false, "consent": { …getConsent()… }, "granted": ["necessary", …],
//!   "modes": { "ad_storage": "denied", … }, "given": 1769853600, "expires": 1803981600 }
//! ```
//!
//! The loader answers early only when such an answer exists for the **same configuration text**
//! (compared in full, the hash only finds the key), the **same build**, a consent with a real
//! **cookie value** equal to the page's (a missing cookie never matches), the **same Global Privacy Control signal**,
//! and the time still lies where the stored consent holds (`now < expires`,
//! `given <= now +` [`crate::consent::FUTURE_TOLERANCE_S`]). Then the app's answer is the same by
//! construction: [`crate::consent::read_stored`] is a function of exactly these inputs. In every
//! other case (first visit, a changed configuration, a cookie changed or removed, local storage
//! blocked, a configuration the first layer refused: it stores no answer) the early answer fails
//! closed: `getConsent()` is `null`, `accepted()` is `false`, Consent Mode starts all denied
//! but `security_storage`, until `kelisim:ready`. With a `data-config` URL the loader has no
//! text before the fetch: it fails closed until the text arrives, then uses the stored answer.
//!
//! The few facts the loader needs (this key's prefix, the hash, the time tolerance, the Consent
//! Mode types, and the API methods whose calls it queues: [`QUEUED`]) are generated from this crate into the loader's `/*@facts*/` block by
//! [`loader_facts`] (`cargo run --example loader_facts`, run by `scripts/build.sh`; a native
//! test checks that the committed loader holds exactly that block).

/// The methods of `window.kelisim` the loader defines before the first layer is ready, queuing
/// their calls for it (their results are lost: the first layer runs them at start): every method
/// of the API but the two the loader answers itself (`getConsent`, `accepted`).
pub const QUEUED: &[&str] = &[
    "show",
    "showPreferences",
    "hide",
    "acceptAll",
    "rejectAll",
    "setConsent",
    "withdraw",
    "setLanguage",
    "records",
    "receipt",
];

/// FNV-1a (32 bits) offset basis.
const FNV_BASIS: u32 = 0x811c_9dc5;
/// FNV-1a (32 bits) prime.
const FNV_PRIME: u32 = 0x0100_0193;

/// FNV-1a over the text's UTF-16 code units (what JavaScript's `charCodeAt` gives), so that the
/// loader computes the same number without encoding the text.
pub fn hash(text: &str) -> u32 {
    text.encode_utf16().fold(FNV_BASIS, |h, unit| {
        (h ^ u32::from(unit)).wrapping_mul(FNV_PRIME)
    })
}

/// Whether a stored answer read at `now` still describes a consent the app would accept, given
/// its consent's `given` and `expires` times (the time rules of
/// [`crate::consent::read_stored`]; the loader applies the same two comparisons).
pub fn holds(given: i64, expires: i64, now: i64) -> bool {
    now < expires && given <= now + crate::consent::FUTURE_TOLERANCE_S
}

/// The cookie value an answer is stored with, or `None`: store nothing (and remove an older
/// answer). An answer is kept only for a consent, and only when the page's cookie holds exactly
/// that consent. Without a consent the loader fails closed anyway, so nothing is written to
/// storage before the visitor has chosen.
pub fn answer_value<'a>(
    consent: Option<&crate::consent::Consent>,
    cookie_value: Option<&'a str>,
) -> Option<&'a str> {
    let (consent, value) = (consent?, cookie_value?);
    (crate::cookie::decode(value).as_ref() == Ok(consent)).then_some(value)
}

/// The loader's generated block: the facts above, as JavaScript, between `/*@facts*/` and
/// `/*@end*/` (the markers included).
pub fn loader_facts() -> String {
    let list = |items: &[&str]| {
        let mut out = String::new();
        for t in items {
            if !out.is_empty() {
                out.push_str(", ");
            }
            out.push('"');
            out.push_str(t);
            out.push('"');
        }
        out
    };
    let types = list(&crate::config::CONSENT_TYPES);
    let queued = list(QUEUED);
    [
        "/*@facts*/ // generated from the Rust crate (src/early.rs): do not edit by hand\n",
        "  var EARLY = \"",
        crate::storage::EARLY_PREFIX,
        "\", FNV_BASIS = ",
        &FNV_BASIS.to_string(),
        ", FNV_PRIME = ",
        &FNV_PRIME.to_string(),
        ", FUTURE_S = ",
        &crate::consent::FUTURE_TOLERANCE_S.to_string(),
        ",\n    TYPES = [",
        &types,
        "], ALWAYS = \"",
        crate::config::ALWAYS_GRANTED_TYPE,
        "\",\n    QUEUED = [",
        &queued,
        "];\n  /*@end*/",
    ]
    .concat()
}

/// `loader` with its `/*@facts*/…/*@end*/` block replaced by [`loader_facts`]; `None` when the
/// markers are missing.
pub fn with_facts(loader: &str) -> Option<String> {
    let start = loader.find("/*@facts*/")?;
    let end = start + loader[start..].find("/*@end*/")? + "/*@end*/".len();
    Some([&loader[..start], &loader_facts(), &loader[end..]].concat())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn hash_is_fnv1a_over_utf16() {
        // Reference values of FNV-1a 32 (ASCII: one UTF-16 unit per byte).
        assert_eq!(hash(""), 0x811c_9dc5);
        assert_eq!(hash("a"), 0xe40c_292c);
        assert_eq!(hash("foobar"), 0xbf9c_f968);
        // Non-ASCII: one unit per UTF-16 code unit, not per UTF-8 byte.
        assert_ne!(hash("ә"), hash("\u{d3}\u{99}"));
        assert_eq!(
            hash("ә"),
            (FNV_BASIS ^ 0x04d9).wrapping_mul(FNV_PRIME),
            "U+04D9 is one unit"
        );
    }

    #[test]
    fn time_rules_match_read_stored() {
        let config = crate::config::Config::default();
        let given = 1_769_853_600;
        let consent = crate::consent::Consent {
            id: "0b0e4a52-6c8a-4d8e-9a57-3f1b2c4d5e6f".into(),
            revision: config.revision,
            given,
            language: crate::lang::Lang::Kk,
            granted: ["necessary".to_string()].into_iter().collect(),
            gpc: false,
        };
        let cookie = ["kelisim=", &crate::cookie::encode(&consent)].concat();
        let expires = consent.expires();
        for now in [
            given - 86_401,
            given - 86_400,
            given - 1,
            given,
            expires - 1,
            expires,
            expires + 1,
        ] {
            let valid = matches!(
                crate::consent::read_stored(&cookie, &config, now),
                crate::consent::Stored::Valid(_)
            );
            assert_eq!(holds(given, expires, now), valid, "now = {now}");
        }
    }

    #[test]
    fn an_answer_needs_a_consent_and_its_cookie() {
        let consent = crate::consent::Consent {
            id: "0b0e4a52-6c8a-4d8e-9a57-3f1b2c4d5e6f".into(),
            revision: 1,
            given: 1_769_853_600,
            language: crate::lang::Lang::Kk,
            granted: ["necessary".to_string()].into_iter().collect(),
            gpc: false,
        };
        let value = crate::cookie::encode(&consent);
        // First visit: no consent, no cookie: nothing is stored before a choice.
        assert_eq!(answer_value(None, None), None);
        // No consent but some cookie (invalid, expired): nothing either.
        assert_eq!(answer_value(None, Some(value.as_str())), None);
        // A consent the browser did not store, or another cookie: nothing.
        assert_eq!(answer_value(Some(&consent), None), None);
        let mut other = consent.clone();
        other.revision = 2;
        let other_value = crate::cookie::encode(&other);
        assert_eq!(
            answer_value(Some(&consent), Some(other_value.as_str())),
            None
        );
        // The consent and its own cookie: stored with that value.
        assert_eq!(
            answer_value(Some(&consent), Some(value.as_str())),
            Some(value.as_str())
        );
    }

    #[test]
    fn facts_block_is_replaced() {
        let loader = "a /*@facts*/ old /*@end*/ b";
        let new = with_facts(loader).unwrap();
        assert!(new.starts_with("a /*@facts*/"));
        assert!(new.ends_with("/*@end*/ b"));
        assert!(new.contains("var EARLY = \"kelisim:early:\""));
        assert!(new.contains("FUTURE_S = 86400"));
        assert!(new.contains("\"security_storage\"], ALWAYS = \"security_storage\""));
        assert_eq!(with_facts("no markers"), None);
    }

    /// The methods the first layer installs on `window.kelisim` (src/web/first/api.rs, read as
    /// text: it is wasm32 only) are the loader's queued ones and the two it answers itself.
    #[test]
    fn the_loader_queues_every_method_of_the_api_but_the_two_it_answers() {
        let api = include_str!("web/first/api.rs");
        let mut installed: Vec<&str> = ["with_shell(&api, \"", "method(&api, \""]
            .iter()
            .flat_map(|call| api.split(call).skip(1))
            .map(|rest| &rest[..rest.find('"').unwrap()])
            .collect();
        installed.sort_unstable();
        let mut expected: Vec<&str> = QUEUED.to_vec();
        expected.extend(["getConsent", "accepted"]);
        expected.sort_unstable();
        assert_eq!(installed, expected);
    }

    #[test]
    fn the_committed_loader_holds_the_generated_facts() {
        let loader = include_str!("../loader/kelisim.js");
        assert_eq!(
            with_facts(loader).as_deref(),
            Some(loader),
            "loader/kelisim.js is out of date: run `cargo run --example loader_facts -- --write`"
        );
    }
}
