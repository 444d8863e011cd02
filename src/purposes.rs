//! The first layer's purpose sentence: what the site does with the visitor's consent, built from
//! the configuration's optional categories, never a fixed list (a site without advertising never
//! says it shows advertising). Each built-in category has its purpose phrase in the locales
//! (`banner-purpose-<id>`); any other category is named through `banner-purpose-other`. The
//! phrases are joined in each language's grammar (`A, B және C үшін`, `для A, B и C`,
//! `for A, B and C`): every phrase is a form the frame of `banner-text` governs (kk: a verbal
//! noun before «үшін»; ru: a genitive after «для»; en: a gerund after "for"), so no case ending
//! depends on the configuration. Without optional categories the text says only that the
//! necessary cookies are used (`banner-text-necessary-only`).

use crate::config::Config;
use crate::i18n::{self, first::id, FirstMsg};
use crate::lang::Lang;

/// The first-layer message of a built-in category's purpose phrase.
fn builtin(category: &str) -> Option<FirstMsg> {
    match category {
        "preferences" => Some(id::BANNER_PURPOSE_PREFERENCES),
        "analytics" => Some(id::BANNER_PURPOSE_ANALYTICS),
        "marketing" => Some(id::BANNER_PURPOSE_MARKETING),
        _ => None,
    }
}

/// Joins phrases as a list: `A`, `A and B`, `A, B and C` (`and` is the language's conjunction).
pub fn join(items: &[String], and: &str) -> String {
    match items {
        [] => String::new(),
        [one] => one.clone(),
        [init @ .., last] => {
            let mut out = crate::text::join(init, ", ");
            out.push(' ');
            out.push_str(and);
            out.push(' ');
            out.push_str(last);
            out
        }
    }
}

/// The first layer's text in `lang`; `t` gives a first-layer message (with the configuration's
/// overrides), `name` a category's name in `lang`.
pub fn banner_text(
    config: &Config,
    lang: Lang,
    t: impl Fn(FirstMsg) -> String,
    name: impl Fn(&str) -> String,
) -> String {
    let _ = lang;
    let mut phrases = Vec::new();
    for c in config.categories.iter().filter(|c| !c.is_required()) {
        phrases.push(match builtin(&c.id) {
            Some(m) if c.name.is_none() => t(m),
            _ => i18n::fill(&t(id::BANNER_PURPOSE_OTHER), &[("category", &name(&c.id))]),
        });
    }
    if phrases.is_empty() {
        return t(id::BANNER_TEXT_NECESSARY_ONLY);
    }
    let list = join(&phrases, &t(id::BANNER_LIST_AND));
    i18n::fill(&t(id::BANNER_TEXT), &[("purposes", &list)])
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::config::parse;

    fn say(json: &str, lang: Lang) -> String {
        let config = parse(json).0.unwrap();
        banner_text(
            &config,
            lang,
            |m| i18n::first_text(lang, m).to_owned(),
            |c| {
                (config.category(c).and_then(|c| c.name.as_ref()))
                    .map(|n| n.get(lang).to_owned())
                    .unwrap_or_else(|| c.to_owned())
            },
        )
    }

    const NOMAPAY: &str =
        r#"{"categories": [{"id": "necessary", "required": true}, {"id": "analytics"}]}"#;
    const THREE: &str = r#"{"categories": [{"id": "necessary"}, {"id": "analytics"}, {"id": "marketing"}, {"id": "chat", "name": {"kk": "Чат", "ru": "Чат", "en": "Chat"}}]}"#;

    #[test]
    fn a_site_without_advertising_does_not_mention_it() {
        let en = say(NOMAPAY, Lang::En);
        assert!(!en.contains("advertising"), "{en}");
        assert!(!en.contains("settings"), "{en}");
        assert!(en.contains("for analyzing visits to the site."), "{en}");
        let ru = say(NOMAPAY, Lang::Ru);
        assert!(!ru.contains("реклам"), "{ru}");
        assert!(ru.contains("для анализа посещений сайта."), "{ru}");
        let kk = say(NOMAPAY, Lang::Kk);
        assert!(!kk.contains("жарнама"), "{kk}");
        assert!(kk.contains("сайтқа кірулерді талдау үшін"), "{kk}");
    }

    #[test]
    fn lists_are_joined_in_each_language() {
        let en = say(THREE, Lang::En);
        assert!(
            en.contains("for analyzing visits to the site, showing advertising and the purposes of the “Chat” category."),
            "{en}"
        );
        let ru = say(THREE, Lang::Ru);
        assert!(
            ru.contains("для анализа посещений сайта, показа рекламы и целей категории «Чат»."),
            "{ru}"
        );
        let kk = say(THREE, Lang::Kk);
        assert!(
            kk.contains(
                "сайтқа кірулерді талдау, жарнама көрсету және «Чат» санатының мақсаттары үшін"
            ),
            "{kk}"
        );
        assert_eq!(join(&["a".into(), "b".into()], "и"), "a и b");
        assert_eq!(join(&["a".into()], "и"), "a");
    }

    #[test]
    fn only_necessary_cookies_say_so_and_nothing_else() {
        let json = r#"{"categories": [{"id": "necessary"}]}"#;
        for lang in [Lang::Kk, Lang::Ru, Lang::En] {
            assert_eq!(
                say(json, lang),
                i18n::first_text(lang, id::BANNER_TEXT_NECESSARY_ONLY)
            );
        }
    }

    #[test]
    fn the_default_categories_name_their_three_purposes() {
        let ru = say("{}", Lang::Ru);
        assert!(ru.contains("запоминания вашего выбора"), "{ru}");
        assert!(!ru.contains("{"), "{ru}");
    }
}
