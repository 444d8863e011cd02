//! Helpers the native tests of the texts share: the messages of a locale's `.ftl` files, and the
//! mixed-script check (a word that mixes Cyrillic and Latin letters, «сookie» with a Cyrillic «с»,
//! is a typo that spell checkers and search miss).
#![allow(dead_code)]

use std::collections::BTreeMap;
use std::path::Path;

/// `id → value` of every message of `locales/<lang>/*.ftl` (continuation lines joined by a space).
pub fn messages(lang: &str) -> BTreeMap<String, String> {
    messages_in(&Path::new("locales").join(lang))
}

/// The configurator's messages, `locales/configurator/<lang>/*.ftl` (not in the banner).
pub fn configurator_messages(lang: &str) -> BTreeMap<String, String> {
    messages_in(&Path::new("locales/configurator").join(lang))
}

/// The WordPress plugin's admin texts, `locales/wordpress/<lang>/*.ftl` (not in the banner).
pub fn wordpress_messages(lang: &str) -> BTreeMap<String, String> {
    messages_in(&Path::new("locales/wordpress").join(lang))
}

/// `id → value` of every message of the `.ftl` files in `dir` (relative to the crate).
fn messages_in(dir: &Path) -> BTreeMap<String, String> {
    let mut out = BTreeMap::new();
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join(dir);
    for entry in std::fs::read_dir(dir).unwrap() {
        let path = entry.unwrap().path();
        if path.extension().is_none_or(|e| e != "ftl") {
            continue;
        }
        let source = std::fs::read_to_string(&path).unwrap();
        let mut current: Option<String> = None;
        for line in source.lines() {
            if line.starts_with('#') || line.trim().is_empty() {
                current = None;
            } else if line.starts_with(' ') {
                if let Some(id) = &current {
                    let v: &mut String = out.get_mut(id).unwrap();
                    v.push(' ');
                    v.push_str(line.trim());
                }
            } else if let Some((id, value)) = line.split_once('=') {
                let id = id.trim().to_owned();
                out.insert(id.clone(), value.trim().to_owned());
                current = Some(id);
            }
        }
    }
    out
}

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
