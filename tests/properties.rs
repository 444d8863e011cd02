//! Property tests of the decoders that read what a visitor's browser or a site hands kelisim:
//! whatever the input, they never panic, never grant what was not encoded, and what they encode
//! they read back. (Long fuzzing runs are `fuzz/`'s; these run in the test command.)
#![cfg(not(target_arch = "wasm32"))]

use kelisim::consent::{self, Consent, Stored};
use kelisim::handover::Handover;
use kelisim::lang::Lang;
use proptest::prelude::*;

fn lang() -> impl Strategy<Value = Lang> {
    prop_oneof![Just(Lang::Kk), Just(Lang::Ru), Just(Lang::En)]
}

fn consent_strategy() -> impl Strategy<Value = Consent> {
    (
        any::<[u8; 16]>(),
        any::<u32>(),
        0i64..4_000_000_000,
        lang(),
        proptest::collection::btree_set("[a-z][a-z0-9_-]{0,12}", 0..6),
        any::<bool>(),
    )
        .prop_map(|(bytes, revision, given, language, granted, gpc)| Consent {
            id: kelisim::cookie::uuid_v4(bytes),
            revision,
            given,
            language,
            granted: granted.into_iter().collect(),
            gpc,
        })
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(2000))]

    /// Any consent round-trips through the cookie value.
    #[test]
    fn cookie_round_trip(c in consent_strategy()) {
        let value = kelisim::cookie::encode(&c);
        prop_assert_eq!(kelisim::cookie::decode(&value), Ok(c));
    }

    /// Any string: decoding never panics, and a changed byte of a valid value never decodes to a
    /// consent with other categories.
    #[test]
    fn cookie_decode_never_panics(s in ".{0,200}") {
        let _ = kelisim::cookie::decode(&s);
    }

    #[test]
    fn an_altered_cookie_grants_nothing_new(c in consent_strategy(), at in any::<prop::sample::Index>(), to in any::<u8>()) {
        let value = kelisim::cookie::encode(&c);
        let mut bytes = value.into_bytes();
        let i = at.index(bytes.len());
        bytes[i] = to;
        if let Ok(altered) = String::from_utf8(bytes) {
            if let Ok(read) = kelisim::cookie::decode(&altered) {
                prop_assert!(read.granted.is_subset(&c.granted) || read == c, "{:?}", read);
            }
        }
    }

    /// Any JSON text: reading the configuration never panics, and an error always fails closed.
    #[test]
    fn config_parse_never_panics(s in ".{0,300}") {
        let (result, diagnostics) = kelisim::config::parse(&s);
        if result.is_err() {
            prop_assert!(diagnostics.iter().any(|d| d.level == kelisim::config::Level::Error));
        }
    }

    /// Configuration-shaped JSON with random values: never panics; a valid result always has
    /// `necessary` first and required.
    #[test]
    fn config_shapes(revision in any::<i64>(), cats in proptest::collection::vec("[a-zA-Z_ -]{0,10}", 0..5), langs in proptest::collection::vec("[a-z]{0,3}", 0..4)) {
        let json = serde_json::json!({
            "revision": revision,
            "languages": langs,
            "categories": cats.iter().map(|c| serde_json::json!({"id": c, "name": c})).collect::<Vec<_>>(),
        });
        if let (Ok(config), _) = kelisim::config::parse(&json.to_string()) {
            prop_assert_eq!(config.categories[0].id.as_str(), "necessary");
            prop_assert!(config.categories[0].is_required());
        }
    }

    /// A stored consent is only ever valid for the configuration's revision and unexpired.
    #[test]
    fn stored_consent_holds_only_when_it_should(c in consent_strategy(), now in 0i64..4_000_000_000) {
        let config = kelisim::config::Config { revision: c.revision, ..Default::default() };
        let header = format!("a=b; kelisim={}", kelisim::cookie::encode(&c));
        match consent::read_stored(&header, &config, now) {
            Stored::Valid(read) => {
                prop_assert_eq!(&read, &c);
                prop_assert!(now < c.expires() && c.given <= now + 86_400);
            }
            Stored::Invalid(_) => prop_assert!(now >= c.expires() || c.given > now + 86_400),
            Stored::Missing => prop_assert!(false, "the cookie is there"),
        }
    }

    /// Any text: a hand-over decodes or is refused, never panics.
    #[test]
    fn handover_decode_never_panics(s in "(kelisim-choice 1\\n)?.{0,200}") {
        let _ = Handover::decode(&s);
    }
}

/// The fuzz targets' checks (`fuzz/checks/core.rs`) over their committed seed corpus: real
/// cookies and the configurations of the test pages and demo profiles.
#[path = "../fuzz/checks/core.rs"]
mod fuzz_checks;

fn fuzz_seeds(target: &str) -> Vec<(String, Vec<u8>)> {
    let dir = format!("{}/fuzz/seeds/{target}", env!("CARGO_MANIFEST_DIR"));
    let mut seeds: Vec<_> = std::fs::read_dir(dir)
        .unwrap()
        .map(|e| {
            let path = e.unwrap().path();
            (path.display().to_string(), std::fs::read(&path).unwrap())
        })
        .collect();
    seeds.sort();
    seeds
}

#[test]
fn fuzz_seed_cookies() {
    let decoded = fuzz_seeds("cookie")
        .iter()
        .filter(|(_, bytes)| fuzz_checks::cookie(bytes))
        .count();
    // The altered value and the whole header do not decode; the five values do.
    assert_eq!(decoded, 5);
}

#[test]
fn fuzz_seed_configurations() {
    let seeds = fuzz_seeds("config");
    let accepted = seeds
        .iter()
        .filter(|(_, bytes)| fuzz_checks::config(bytes))
        .count();
    // Both outcomes are exercised: the broken and invalid test pages are refused.
    assert!(
        accepted > 20 && accepted < seeds.len(),
        "{accepted} of {}",
        seeds.len()
    );
}

proptest! {
    /// The fuzz target's checks on any text.
    #[test]
    fn fuzz_checks_hold_for_any_text(s in ".{0,300}") {
        fuzz_checks::cookie(s.as_bytes());
        fuzz_checks::config(s.as_bytes());
    }
}
