//! Numbers and lists in the interface texts: the response deadline agrees with its number in
//! every language (CLDR plural categories, Fluent selectors compiled by build.rs), the Global
//! Privacy Control note is singular for one category, and the cross-border sentence does not say
//! "countries" twice when the countries are not specified.
#![cfg(not(target_arch = "wasm32"))]

use kelisim::i18n::{self, fill, fill_count, id, text, Lang};

fn deadline(lang: Lang, days: u64) -> String {
    fill_count(lang, text(lang, id::RESPONSE_DEADLINE), "days", days, &[])
}

#[test]
fn the_response_deadline_agrees_with_its_number() {
    for (days, kk, ru, en) in [
        (
            1,
            "1 күнтізбелік күн ішінде",
            "в течение 1 календарного дня.",
            "within 1 calendar day.",
        ),
        (
            2,
            "2 күнтізбелік күн ішінде",
            "в течение 2 календарных дней.",
            "within 2 calendar days.",
        ),
        (
            5,
            "5 күнтізбелік күн ішінде",
            "в течение 5 календарных дней.",
            "within 5 calendar days.",
        ),
        (
            11,
            "11 күнтізбелік күн ішінде",
            "в течение 11 календарных дней.",
            "within 11 calendar days.",
        ),
        (
            21,
            "21 күнтізбелік күн ішінде",
            "в течение 21 календарного дня.",
            "within 21 calendar days.",
        ),
        (
            30,
            "30 күнтізбелік күн ішінде",
            "в течение 30 календарных дней.",
            "within 30 calendar days.",
        ),
    ] {
        for (lang, expected) in [(Lang::Kk, kk), (Lang::Ru, ru), (Lang::En, en)] {
            let shown = deadline(lang, days);
            assert!(
                shown.contains(expected),
                "{} {days}: «{shown}» lacks «{expected}»",
                lang.code()
            );
            assert!(!shown.contains('{'), "{} {days}: «{shown}»", lang.code());
        }
    }
}

#[test]
fn format_reads_numbers_from_its_arguments_too() {
    assert_eq!(
        i18n::format(
            Lang::Ru,
            text(Lang::Ru, id::RESPONSE_DEADLINE),
            &[("days", "22")]
        ),
        deadline(Lang::Ru, 22)
    );
    assert!(deadline(Lang::Ru, 22).contains("22 календарных дней"));
    assert!(deadline(Lang::Ru, 101).contains("101 календарного дня"));
}

#[test]
fn the_gpc_note_is_singular_for_one_category_and_names_what_follows() {
    for (lang, one, many) in [
        (
            Lang::Kk,
            "сондықтан келесі санат өшірулі: Жарнама. Оны өзіңіз",
            "сондықтан келесі санаттар өшірулі: Аналитика, Жарнама. Оларды өзіңіз",
        ),
        (
            Lang::Ru,
            "поэтому следующая категория отключена: Реклама. Вы можете включить её сами.",
            "поэтому следующие категории отключены: Аналитика, Реклама. Вы можете включить их сами.",
        ),
        (
            Lang::En,
            "so the following category is off: Advertising. You can switch it on yourself.",
            "so the following categories are off: Analytics, Advertising. You can switch them on yourself.",
        ),
    ] {
        let pattern = text(lang, id::GPC_NOTE);
        let marketing = text(lang, id::CATEGORY_MARKETING_NAME);
        let analytics = text(lang, id::CATEGORY_ANALYTICS_NAME);
        let single = fill_count(lang, pattern, "count", 1, &[("categories", marketing)]);
        assert!(single.contains(one), "{}: «{single}»", lang.code());
        let both = format!("{analytics}, {marketing}");
        let plural = fill_count(lang, pattern, "count", 2, &[("categories", &both)]);
        assert!(plural.contains(many), "{}: «{plural}»", lang.code());
        // 21 categories are still plural, whatever CLDR's category of 21.
        let lots = fill_count(lang, pattern, "count", 21, &[("categories", &both)]);
        assert!(lots.contains(many), "{}: «{lots}»", lang.code());
        for demonstrative in ["эти", "these", "мына"] {
            assert!(
                !single.contains(&format!(" {demonstrative} ")),
                "{}: «{single}»",
                lang.code()
            );
        }
    }
}

#[test]
fn cross_border_with_unspecified_countries_says_countries_once() {
    for (lang, word) in [
        (Lang::Kk, "елдер"),
        (Lang::Ru, "страны"),
        (Lang::En, "countries"),
    ] {
        let unspecified = text(lang, id::COUNTRIES_UNSPECIFIED);
        let shown = fill(text(lang, id::CROSS_BORDER_YES), &[("list", unspecified)]);
        assert_eq!(
            shown.to_lowercase().matches(word).count(),
            1,
            "{}: «{shown}»",
            lang.code()
        );
    }
}

#[test]
fn every_selector_resolves_in_every_language() {
    // Whatever the number, no message keeps selector syntax once filled.
    for lang in Lang::ALL {
        for (i, _) in i18n::IDS.iter().enumerate() {
            let pattern = text(lang, i18n::Msg(i));
            if !pattern.contains("->") {
                continue;
            }
            for n in [0, 1, 2, 5, 11, 21, 30, 101] {
                let shown = i18n::format(
                    lang,
                    pattern,
                    &[("days", &n.to_string()), ("count", &n.to_string())],
                );
                assert!(
                    !shown.contains("->") && !shown.contains('[') && !shown.contains('*'),
                    "{} {}: «{shown}»",
                    lang.code(),
                    i18n::IDS[i]
                );
            }
        }
    }
}
