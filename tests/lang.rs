//! The language negotiation (`kelisim::lang`, written by hand to spare the first layer 3.3 KB)
//! against the crates it replaced: `unic-langid` parsing each requested tag and `fluent-langneg`
//! negotiating with the `Filtering` strategy, as `src/lang.rs` did until 2026-12-05. On every
//! input those crates accept, both choose the same language; a tag they refuse only for its
//! malformed tail counts by its language now (the one deliberate difference).
#![cfg(not(target_arch = "wasm32"))]

use fluent_langneg::{negotiate_languages, NegotiationStrategy};
use kelisim::lang::{language_of, negotiate, Inputs, Lang};
use proptest::prelude::*;
use unic_langid::LanguageIdentifier;

/// The negotiation as `src/lang.rs` wrote it with the two crates.
fn reference(inputs: &Inputs) -> Lang {
    let offered = if inputs.offered.is_empty() {
        &Lang::ALL[..]
    } else {
        inputs.offered
    };
    if let Some(lang) = inputs.forced.filter(|l| offered.contains(l)) {
        return lang;
    }
    if let Some(lang) = inputs.remembered.filter(|l| offered.contains(l)) {
        return lang;
    }
    let requested: Vec<LanguageIdentifier> = inputs
        .html_lang
        .into_iter()
        .chain(inputs.navigator.iter().map(String::as_str))
        .filter_map(|tag| tag.trim().parse().ok())
        .collect();
    let available: Vec<LanguageIdentifier> = offered
        .iter()
        .filter_map(|l| l.code().parse().ok())
        .collect();
    let fallback = if offered.contains(&Lang::Kk) {
        Lang::Kk
    } else {
        offered[0]
    };
    negotiate_languages(&requested, &available, None, NegotiationStrategy::Filtering)
        .first()
        .and_then(|id| Lang::from_code(id.language.as_str()))
        .unwrap_or(fallback)
}

fn parses(tag: &str) -> bool {
    tag.trim().parse::<LanguageIdentifier>().is_ok()
}

/// Tags as pages and browsers write them (any case, `-` or `_`, scripts, regions, variants),
/// languages offered or not, and junk.
fn tag() -> impl Strategy<Value = String> {
    let language = proptest::sample::select(vec![
        "kk", "ru", "en", "KK", "Ru", "eN", "de", "uz", "und", "kaz", "rus", "english", "k", "",
    ]);
    let subtag = proptest::sample::select(vec![
        "Cyrl", "latn", "KZ", "ru", "US", "419", "1994", "fonipa", "u", "ca", "x", "", "!!",
    ]);
    let composed = (
        language,
        proptest::collection::vec((prop_oneof![Just('-'), Just('_')], subtag), 0..4),
        prop_oneof![Just(""), Just(" ")],
    )
        .prop_map(|(language, rest, pad)| {
            let mut s = format!("{pad}{language}");
            for (sep, sub) in rest {
                s.push(sep);
                s.push_str(sub);
            }
            s.push_str(pad);
            s
        });
    prop_oneof![4 => composed, 1 => "\\PC{0,10}"]
}

fn lang() -> impl Strategy<Value = Lang> {
    prop_oneof![Just(Lang::Kk), Just(Lang::Ru), Just(Lang::En)]
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(2000))]

    /// Wherever the crates accept every requested tag, both negotiations choose alike.
    #[test]
    fn chooses_as_unic_langid_and_fluent_langneg(
        html in proptest::option::of(tag()),
        navigator in proptest::collection::vec(tag(), 0..4),
        offered in proptest::sample::subsequence(Lang::ALL.to_vec(), 0..=3),
        forced in proptest::option::of(lang()),
        remembered in proptest::option::of(lang()),
    ) {
        let navigator: Vec<String> = navigator.into_iter().filter(|t| parses(t)).collect();
        let html = html.filter(|t| parses(t));
        let inputs = Inputs {
            forced,
            offered: &offered,
            remembered,
            html_lang: html.as_deref(),
            navigator: &navigator,
        };
        prop_assert_eq!(negotiate(&inputs), reference(&inputs), "{:?}", inputs);
    }

    /// Every tag `unic-langid` parses has the language it found (when it is one of ours).
    #[test]
    fn a_tag_has_the_language_unic_langid_finds(t in tag()) {
        if let Ok(id) = t.trim().parse::<LanguageIdentifier>() {
            prop_assert_eq!(language_of(&t), Lang::from_code(id.language.as_str()), "{:?}", t);
        }
    }
}

#[test]
fn a_malformed_tail_no_longer_hides_the_language() {
    // unic-langid refuses extensions and empty subtags; the language is still plain.
    for tag in ["ru-RU-u-ca-gregory", "ru-", "ru-RU-x-private"] {
        assert!(!parses(tag), "{tag}");
        assert_eq!(language_of(tag), Some(Lang::Ru), "{tag}");
    }
    let inputs = Inputs {
        offered: &Lang::ALL,
        html_lang: Some("ru-RU-u-ca-gregory"),
        ..Default::default()
    };
    assert_eq!(negotiate(&inputs), Lang::Ru);
    assert_eq!(reference(&inputs), Lang::Kk);
    // Junk and other languages are no language of ours.
    for tag in ["", " ", "not a tag!", "kaz", "k", "und", "de-KZ", "русский"] {
        assert_eq!(language_of(tag), None, "{tag}");
    }
}
