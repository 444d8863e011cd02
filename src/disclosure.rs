//! What the first layer says "Accept all" consents to, before the click (law 94-V Art. 8(4) and
//! Art. 16): the operator, whether data go to third parties, whether and to which countries they
//! cross the border, the 13-month term, that consent is withdrawn in the cookie settings, and
//! whether data are published. Three short sentences built from the configuration, chosen here once for every shell.

use crate::config::Config;
use crate::i18n::{self, first::id, FirstMsg};
use crate::lang::Lang;

/// The country code a configuration uses for "countries not specified".
pub const UNSPECIFIED: &str = "ZZ";

/// The first layer's disclosure in `lang`; `t` gives a first-layer message (with the
/// configuration's overrides), `country` a country's name in `lang` from its code (the Leptos
/// app and the tests use [`crate::country::name_or_code`]; the first-layer bundle, which cannot
/// carry that 13 KB table, asks the browser's own CLDR data, see `web::first::banner`).
pub fn first_layer(
    config: &Config,
    lang: Lang,
    t: impl Fn(FirstMsg) -> String,
    country: impl Fn(&str) -> String,
) -> String {
    let third_parties = config.has_third_parties();
    // Art. 8(4): the operator's name and, when configured, its BIN.
    let operator = config.operator.as_ref().map(|o| match &o.bin {
        Some(bin) => i18n::fill(
            &t(id::BANNER_OPERATOR_BIN),
            &[("operator", o.name.get(lang)), ("bin", bin)],
        ),
        None => o.name.get(lang).to_owned(),
    });
    let who = match (operator.as_deref(), third_parties) {
        (Some(name), true) => i18n::fill(&t(id::BANNER_DISCLOSURE_OPERATOR), &[("operator", name)]),
        (Some(name), false) => i18n::fill(
            &t(id::BANNER_DISCLOSURE_OPERATOR_NO_THIRD_PARTIES),
            &[("operator", name)],
        ),
        (None, true) => t(id::BANNER_DISCLOSURE_NO_OPERATOR),
        (None, false) => t(id::BANNER_DISCLOSURE_NO_OPERATOR_NO_THIRD_PARTIES),
    };
    let countries = config.countries();
    let named: Vec<String> = countries
        .iter()
        .filter(|c| *c != UNSPECIFIED)
        .map(|c| country(c))
        .collect();
    let border = if countries.is_empty() {
        t(id::BANNER_DISCLOSURE_NO_CROSS_BORDER)
    } else if named.is_empty() {
        t(id::BANNER_DISCLOSURE_CROSS_BORDER_UNSPECIFIED)
    } else {
        i18n::fill(
            &t(id::BANNER_DISCLOSURE_CROSS_BORDER),
            &[("countries", &crate::text::join(&named, ", "))],
        )
    };
    let mut out = who;
    out.push(' ');
    out.push_str(&border);
    out.push(' ');
    out.push_str(&t(if config.published {
        id::BANNER_DISCLOSURE_PUBLISHED_YES
    } else {
        id::BANNER_DISCLOSURE_PUBLISHED_NO
    }));
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::config::parse;

    fn say(json: &str, lang: Lang) -> String {
        let config = parse(json).0.unwrap();
        first_layer(
            &config,
            lang,
            |m| i18n::first_text(lang, m).to_owned(),
            |c| crate::country::name_or_code(c, lang),
        )
    }

    #[test]
    fn names_the_operator_third_parties_countries_and_term() {
        let json = r#"{"operator": {"name": {"ru": "ТОО «Дала Дәмі»", "en": "Dala Dami LLP"}},
            "cross_border": ["US", "DE"],
            "categories": [{"id": "analytics", "services": [{"id": "ga", "provider": "Google LLC"}]}]}"#;
        let en = say(json, Lang::En);
        assert!(en.contains("Dala Dami LLP"), "{en}");
        assert!(en.contains("third parties"), "{en}");
        assert!(en.contains("United States, Germany"), "{en}");
        assert!(en.contains("13"), "{en}");
        let ru = say(json, Lang::Ru);
        assert!(ru.contains("ТОО «Дала Дәмі»"), "{ru}");
        assert!(ru.contains("Германия"), "{ru}");
        let kk = say(json, Lang::Kk);
        assert!(
            !kk.contains("US") && !kk.contains("DE"),
            "country names, not codes: {kk}"
        );
    }

    #[test]
    fn states_the_bin_and_publication() {
        let json =
            r#"{"operator": {"name": "Nomapay LLP", "bin": "240740012077"}, "published": true}"#;
        let en = say(json, Lang::En);
        assert!(
            en.starts_with("Operator: Nomapay LLP, BIN 240740012077;"),
            "{en}"
        );
        assert!(
            en.ends_with("Personal data may be disseminated in publicly available sources."),
            "{en}"
        );
        let kk = say(json, Lang::Kk);
        assert!(kk.contains("БСН 240740012077"), "{kk}");
        let ru = say(r#"{"operator": {"name": "ТОО «X»"}}"#, Lang::Ru);
        assert!(
            !ru.contains("БИН"),
            "no BIN configured, none invented: {ru}"
        );
        assert!(
            ru.ends_with("не распространяются в общедоступных источниках."),
            "{ru}"
        );
    }

    #[test]
    fn variants_follow_the_configuration() {
        let none = say("{}", Lang::En);
        assert_eq!(
            none,
            [
                i18n::first_text(Lang::En, id::BANNER_DISCLOSURE_NO_OPERATOR_NO_THIRD_PARTIES),
                i18n::first_text(Lang::En, id::BANNER_DISCLOSURE_NO_CROSS_BORDER),
                i18n::first_text(Lang::En, id::BANNER_DISCLOSURE_PUBLISHED_NO)
            ]
            .join(" ")
        );
        let unspecified = say(r#"{"cross_border": ["ZZ"]}"#, Lang::Ru);
        assert!(unspecified.contains(i18n::first_text(
            Lang::Ru,
            id::BANNER_DISCLOSURE_CROSS_BORDER_UNSPECIFIED
        )));
        let mixed = say(r#"{"cross_border": ["ZZ", "NL"]}"#, Lang::En);
        assert!(
            mixed.contains("Netherlands") && !mixed.contains("ZZ"),
            "{mixed}"
        );
    }
}
