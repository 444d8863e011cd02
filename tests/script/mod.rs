//! The mixed-script check shared by the native tests of the locales and the demo profiles: a
//! word that mixes Cyrillic and Latin letters («сookie» with a Cyrillic «с») is a typo that
//! spell checkers and search miss.
#![allow(dead_code)]

/// Cyrillic and Cyrillic Supplement (U+0400–U+052F): Russian and Kazakh letters.
pub fn is_cyrillic(c: char) -> bool {
    matches!(c, '\u{0400}'..='\u{052F}')
}

/// The words of `text` (split on every character that is neither alphanumeric nor an
/// apostrophe) that mix Cyrillic and ASCII letters.
pub fn mixed_script_words(text: &str) -> Vec<String> {
    text.split(|c: char| !(c.is_alphanumeric() || c == '\'' || c == '’'))
        .filter(|w| w.chars().any(is_cyrillic) && w.chars().any(|c| c.is_ascii_alphabetic()))
        .map(String::from)
        .collect()
}
