//! Texts of the interface, compiled from `locales/{kk,ru,en}/*.ftl` by `build.rs`.
//!
//! A [`Msg`] names one message; [`text`] gives its pattern in a [`Lang`], and [`fill`] replaces
//! the `{$name}` variables of a pattern. No Fluent runtime ships to the browser: the Fluent files
//! are parsed, checked and flattened at build time (see `build.rs`).

/// One of the interface's messages (an index into the generated tables).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub struct Msg(pub usize);

/// One of the first layer's messages (an index into the small tables of [`first`], the only
/// texts the first-layer bundle carries).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub struct FirstMsg(pub usize);

include!(concat!(env!("OUT_DIR"), "/messages.rs"));

pub use crate::lang::Lang;

/// A language's own name, as shown in the language switch.
pub fn autonym(lang: Lang) -> Msg {
    match lang {
        Lang::Kk => id::LANG_KK,
        Lang::Ru => id::LANG_RU,
        Lang::En => id::LANG_EN,
    }
}

/// The pattern of `msg` in `lang`.
pub fn text(lang: Lang, msg: Msg) -> &'static str {
    match lang {
        Lang::Kk => KK[msg.0],
        Lang::Ru => RU[msg.0],
        Lang::En => EN[msg.0],
    }
}

/// The pattern of first-layer message `msg` in `lang`.
pub fn first_text(lang: Lang, msg: FirstMsg) -> &'static str {
    match lang {
        Lang::Kk => first::KK[msg.0],
        Lang::Ru => first::RU[msg.0],
        Lang::En => first::EN[msg.0],
    }
}

/// Looks a first-layer message up by its Fluent id.
pub fn find_first(id: &str) -> Option<FirstMsg> {
    first::IDS.binary_search(&id).ok().map(FirstMsg)
}

/// The id of category `id`'s name message, `category-<id>-name`.
pub fn category_name_id(id: &str) -> String {
    let mut key = String::from("category-");
    key.push_str(id);
    key.push_str("-name");
    key
}

/// A language's own name in the first layer's tables.
pub fn first_autonym(lang: Lang) -> FirstMsg {
    match lang {
        Lang::Kk => first::id::LANG_KK,
        Lang::Ru => first::id::LANG_RU,
        Lang::En => first::id::LANG_EN,
    }
}

/// Looks a message up by its Fluent id (for overrides in the configuration).
pub fn find(id: &str) -> Option<Msg> {
    IDS.binary_search(&id).ok().map(Msg)
}

/// The message that names category `id`, for the built-in categories.
pub fn category_name(id: &str) -> Option<Msg> {
    find(&category_name_id(id))
}

/// The message that describes category `id`, for the built-in categories.
pub fn category_description(id: &str) -> Option<Msg> {
    find(&format!("category-{id}-description"))
}

/// The SHA-256 (lowercase hex) of every interface text in `lang`, as the visitor saw it, in a
/// canonical order a backend can recompute from the locale files and the configuration:
/// for each message id in byte order of the ids, the line `<id>=<pattern>\n`, where `<pattern>`
/// is the configuration's `texts` override in that language when there is one, else the Fluent
/// message flattened by `build.rs` (variables written `{$name}`, terms resolved); then, for each
/// configuration text shown (see `Config::shown_texts`), the line `config:<path>=<text>\n`.
#[cfg(feature = "json")]
pub fn texts_sha256(
    lang: Lang,
    overrides: impl Fn(&str) -> Option<String>,
    config_texts: &[(String, String)],
) -> String {
    use sha2::{Digest, Sha256};
    let mut hash = Sha256::new();
    for (i, id) in IDS.iter().enumerate() {
        let text = overrides(id).unwrap_or_else(|| text(lang, Msg(i)).to_owned());
        hash.update(format!("{id}={text}\n").as_bytes());
    }
    for (path, text) in config_texts {
        hash.update(format!("config:{path}={text}\n").as_bytes());
    }
    hash.finalize().iter().map(|b| format!("{b:02x}")).collect()
}

/// Replaces each `{$name}` in `pattern` by its value from `args`; unknown variables stay as written.
pub fn fill(pattern: &str, args: &[(&str, &str)]) -> String {
    let mut out = String::with_capacity(pattern.len());
    let mut rest = pattern;
    while let Some(start) = rest.find("{$") {
        out.push_str(&rest[..start]);
        let after = &rest[start + 2..];
        match after.find('}') {
            Some(end) => {
                let name = &after[..end];
                match args.iter().find(|(n, _)| *n == name) {
                    Some((_, value)) => out.push_str(value),
                    None => out.push_str(&rest[start..start + 3 + end]),
                }
                rest = &after[end + 1..];
            }
            None => {
                out.push_str(&rest[start..]);
                rest = "";
            }
        }
    }
    out.push_str(rest);
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_locale_has_every_message_and_none_is_empty() {
        for lang in Lang::ALL {
            for (i, id) in IDS.iter().enumerate() {
                assert!(
                    !text(lang, Msg(i)).trim().is_empty(),
                    "{id} is empty in {}",
                    lang.code()
                );
            }
        }
    }

    #[test]
    fn looks_up_by_id() {
        assert_eq!(find("action-accept-all"), Some(id::ACTION_ACCEPT_ALL));
        assert_eq!(text(Lang::Kk, id::ACTION_ACCEPT_ALL), "Барлығын қабылдау");
        assert_eq!(text(Lang::Ru, id::ACTION_REJECT_ALL), "Отклонить все");
        assert_eq!(text(Lang::En, id::ACTION_SETTINGS), "Settings");
        assert_eq!(find("no-such-message"), None);
        assert_eq!(
            category_name("analytics"),
            Some(id::CATEGORY_ANALYTICS_NAME)
        );
        assert_eq!(category_name("custom"), None);
    }

    #[test]
    fn the_first_layer_tables_are_the_same_texts() {
        assert!(first::IDS.len() < IDS.len());
        for (i, id) in first::IDS.iter().enumerate() {
            let full = find(id).unwrap();
            for lang in Lang::ALL {
                assert_eq!(first_text(lang, FirstMsg(i)), text(lang, full), "{id}");
            }
        }
        assert_eq!(find_first("banner-title"), Some(first::id::BANNER_TITLE));
        assert_eq!(find_first("settings-title"), None);
        assert!(find_first(&category_name_id("marketing")).is_some());
    }

    #[test]
    fn texts_hash_is_canonical_and_changes_with_what_was_shown() {
        let kk = texts_sha256(Lang::Kk, |_| None, &[]);
        assert_eq!(kk.len(), 64);
        assert_eq!(kk, texts_sha256(Lang::Kk, |_| None, &[]));
        assert_ne!(kk, texts_sha256(Lang::Ru, |_| None, &[]));
        let overridden = texts_sha256(
            Lang::Kk,
            |id| (id == "banner-title").then(|| "Басқа".to_owned()),
            &[],
        );
        assert_ne!(kk, overridden);
        let with_config = texts_sha256(
            Lang::Kk,
            |_| None,
            &[("operator.name".into(), "ЖШС".into())],
        );
        assert_ne!(kk, with_config);
        // Recomputed by hand from the tables, as a backend would.
        use sha2::{Digest, Sha256};
        let mut canonical = String::new();
        for (i, id) in IDS.iter().enumerate() {
            canonical.push_str(&format!("{id}={}\n", KK[i]));
        }
        let expected: String = Sha256::digest(canonical.as_bytes())
            .iter()
            .map(|b| format!("{b:02x}"))
            .collect();
        assert_eq!(kk, expected);
    }

    #[test]
    fn fills_variables() {
        assert_eq!(
            fill("До {$date}.", &[("date", "2027-02-28")]),
            "До 2027-02-28."
        );
        assert_eq!(fill("{$a} и {$b}", &[("a", "1")]), "1 и {$b}");
        assert_eq!(fill("нет", &[]), "нет");
        assert_eq!(fill("broken {$x", &[("x", "1")]), "broken {$x");
    }
}
