//! The interface's languages ([`Lang`]) and which one to speak ([`negotiate`]).
//!
//! Order: the configuration's forced `language`; the language remembered with the visitor's
//! consent; then the page's `<html lang>` and the browser's `navigator.languages`, matched
//! against the configuration's `languages` by their language subtag (so `ru-RU` and `kk_KZ` find
//! `ru` and `kk`); and when nothing matches, Kazakh, or the first offered language when the site
//! does not offer Kazakh.
//!
//! Written by hand, not with `unic-langid` and `fluent-langneg`: for three bare language codes
//! their negotiation (`Filtering`) picks the first requested tag whose language subtag is offered,
//! which is what [`negotiate`] does, and the two crates cost the first layer 3,334 B brotli of its
//! wasm (measured 2026-12-05: 50,125 -> 46,791; the negotiation with its likely-subtags table
//! 1,734 B, the parser and `tinystr` the rest). `tests/lang.rs` checks the choice against theirs. One
//! difference, on purpose: a tag whose tail is malformed (`ru-RU-u-ca-gregory`, `ru-`) counts
//! by its language, where `unic-langid` refused the whole tag.

/// A language the interface speaks. Kazakh is the state language and always complete. The
/// variants are in the order of [`Lang::ALL`] (`lang as usize` indexes per-language arrays).
#[derive(
    Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord, serde::Serialize, serde::Deserialize,
)]
#[serde(rename_all = "lowercase")]
pub enum Lang {
    /// Kazakh (қазақ тілі).
    Kk,
    /// Russian.
    Ru,
    /// English.
    En,
}

impl Lang {
    /// Every supported language, Kazakh first.
    pub const ALL: [Lang; 3] = [Lang::Kk, Lang::Ru, Lang::En];

    /// The BCP 47 code (`kk`, `ru`, `en`).
    pub fn code(self) -> &'static str {
        match self {
            Lang::Kk => "kk",
            Lang::Ru => "ru",
            Lang::En => "en",
        }
    }

    /// Parses a bare code as used in the configuration and the cookie (`kk`, `ru`, `en`).
    pub fn from_code(code: &str) -> Option<Lang> {
        Lang::ALL.into_iter().find(|l| l.code() == code)
    }
}

/// What the negotiation looks at.
#[derive(Clone, Debug, Default)]
pub struct Inputs<'a> {
    /// The configuration's `language`.
    pub forced: Option<Lang>,
    /// The configuration's `languages` (never empty in a valid configuration).
    pub offered: &'a [Lang],
    /// The language stored with the visitor's consent.
    pub remembered: Option<Lang>,
    /// The page's `<html lang>`.
    pub html_lang: Option<&'a str>,
    /// The browser's `navigator.languages`.
    pub navigator: &'a [String],
}

/// The language to show.
pub fn negotiate(inputs: &Inputs) -> Lang {
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
    let fallback = if offered.contains(&Lang::Kk) {
        Lang::Kk
    } else {
        offered[0]
    };
    inputs
        .html_lang
        .into_iter()
        .chain(inputs.navigator.iter().map(String::as_str))
        .find_map(|tag| language_of(tag).filter(|l| offered.contains(l)))
        .unwrap_or(fallback)
}

/// The language of BCP 47 tag `tag` (`ru-RU`, `kk_KZ`, ` EN `): its first subtag, in any case,
/// when that is one of [`Lang::ALL`]'s codes.
pub fn language_of(tag: &str) -> Option<Lang> {
    // (The text before the first `-`, then before the first `_`: the same as before the first
    // of either, without a `[char; 2]` pattern's own searcher in the first layer.)
    let first = tag.trim().split('-').next()?.split('_').next()?;
    Lang::from_code(&first.to_ascii_lowercase())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn nav(tags: &[&str]) -> Vec<String> {
        tags.iter().map(|s| s.to_string()).collect()
    }

    #[test]
    fn html_lang_comes_before_the_browser() {
        let n = nav(&["en-US", "en"]);
        let i = Inputs {
            offered: &Lang::ALL,
            html_lang: Some("ru"),
            navigator: &n,
            ..Default::default()
        };
        assert_eq!(negotiate(&i), Lang::Ru);
    }

    #[test]
    fn regional_tags_match() {
        let n = nav(&["ru-RU", "en"]);
        let i = Inputs {
            offered: &Lang::ALL,
            navigator: &n,
            ..Default::default()
        };
        assert_eq!(negotiate(&i), Lang::Ru);
        let i = Inputs {
            offered: &Lang::ALL,
            html_lang: Some("kk-KZ"),
            ..Default::default()
        };
        assert_eq!(negotiate(&i), Lang::Kk);
        let i = Inputs {
            offered: &Lang::ALL,
            html_lang: Some("en-GB"),
            ..Default::default()
        };
        assert_eq!(negotiate(&i), Lang::En);
    }

    #[test]
    fn forced_and_remembered_win() {
        let n = nav(&["en"]);
        let i = Inputs {
            forced: Some(Lang::Ru),
            remembered: Some(Lang::En),
            offered: &Lang::ALL,
            html_lang: Some("kk"),
            navigator: &n,
        };
        assert_eq!(negotiate(&i), Lang::Ru);
        let i = Inputs {
            remembered: Some(Lang::En),
            offered: &Lang::ALL,
            html_lang: Some("kk"),
            ..Default::default()
        };
        assert_eq!(negotiate(&i), Lang::En);
        // A remembered language the site no longer offers is ignored.
        let offered = [Lang::Kk, Lang::Ru];
        let i = Inputs {
            remembered: Some(Lang::En),
            offered: &offered,
            html_lang: Some("ru"),
            ..Default::default()
        };
        assert_eq!(negotiate(&i), Lang::Ru);
    }

    #[test]
    fn falls_back_to_kazakh_or_the_first_offered() {
        let n = nav(&["de-DE", "fr"]);
        let i = Inputs {
            offered: &Lang::ALL,
            html_lang: Some("de"),
            navigator: &n,
            ..Default::default()
        };
        assert_eq!(negotiate(&i), Lang::Kk);
        let i = Inputs {
            offered: &Lang::ALL,
            html_lang: Some("not a tag!"),
            ..Default::default()
        };
        assert_eq!(negotiate(&i), Lang::Kk);
        let offered = [Lang::Ru, Lang::En];
        let i = Inputs {
            offered: &offered,
            navigator: &n,
            ..Default::default()
        };
        assert_eq!(negotiate(&i), Lang::Ru);
    }

    #[test]
    fn offered_languages_limit_the_choice() {
        let n = nav(&["en"]);
        let offered = [Lang::Kk, Lang::Ru];
        let i = Inputs {
            offered: &offered,
            navigator: &n,
            ..Default::default()
        };
        assert_eq!(negotiate(&i), Lang::Kk);
    }
}
