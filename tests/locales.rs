//! Native checks of the Fluent files: every locale has every message, no word mixes Latin and
//! Cyrillic letters, Kazakh uses the law's terms, and hunspell knows every word (Debian's
//! hunspell-kk, -ru, -en-us; words the dictionaries lack are listed in locales/spelling-allow.txt).
#![cfg(not(target_arch = "wasm32"))]

mod text;

use std::collections::BTreeSet;
use std::path::Path;
use std::process::{Command, Stdio};
use text::{configurator_messages, messages, mixed_script_words, wordpress_messages};

const LANGS: [&str; 3] = ["kk", "ru", "en"];

// Every locale having every message is enforced by build.rs (the build fails, naming the
// message), so no test repeats it here.

#[test]
fn the_mixed_script_check_catches_mixed_words() {
    // From the Autocheck policy's Kazakh text: Latin letters inside a Kazakh word.
    assert_eq!(mixed_script_words("еркінізben келісім"), ["еркінізben"]);
    // A Latin "c" in a Cyrillic word looks the same but is a different letter.
    assert_eq!(mixed_script_words("cookie файлдары, сookie"), ["сookie"]);
}

#[test]
fn no_word_mixes_latin_and_cyrillic_letters() {
    for lang in LANGS {
        for (id, value) in messages(lang)
            .into_iter()
            .chain(configurator_messages(lang))
            .chain(wordpress_messages(lang))
        {
            assert_eq!(
                mixed_script_words(&value),
                Vec::<String>::new(),
                "{lang}: {id}"
            );
        }
    }
}

/// The configurator's texts (locales/configurator, outside what build.rs compiles into the
/// banner): every locale has exactly Kazakh's messages, and the banner has none of them.
#[test]
fn the_configurator_texts_are_complete_and_apart_from_the_banner() {
    let kk: Vec<String> = configurator_messages("kk").into_keys().collect();
    assert!(kk.len() > 50, "{} messages", kk.len());
    for lang in LANGS {
        let ids: Vec<String> = configurator_messages(lang).into_keys().collect();
        assert_eq!(ids, kk, "locales/configurator/{lang}");
        assert!(
            ids.iter().all(|id| !messages(lang).contains_key(id)),
            "{lang}: a configurator message in the banner's locales"
        );
    }
    assert!(kk.iter().all(|id| kelisim::i18n::find(id).is_none()));
}

/// The WordPress plugin's texts (locales/wordpress): every locale has exactly Kazakh's messages,
/// none of them in the banner.
#[test]
fn the_wordpress_texts_are_complete_and_apart_from_the_banner() {
    let kk: Vec<String> = wordpress_messages("kk").into_keys().collect();
    assert!(kk.len() > 30, "{} messages", kk.len());
    for lang in LANGS {
        let ids: Vec<String> = wordpress_messages(lang).into_keys().collect();
        assert_eq!(ids, kk, "locales/wordpress/{lang}");
    }
    assert!(kk.iter().all(|id| kelisim::i18n::find(id).is_none()));
}

#[test]
fn kazakh_uses_the_law_terms() {
    let kk = messages("kk");
    let all: String = kk.values().cloned().collect::<Vec<_>>().join(" ");
    assert!(
        all.contains("дербес деректер"),
        "«дербес деректер» (personal data, law 94-V)"
    );
    assert!(!all.contains("жеке деректер"), "not «жеке деректер»");
    assert_eq!(kk["action-accept-all"], "Барлығын қабылдау");
    assert_eq!(kk["action-reject-all"], "Барлығынан бас тарту");
    assert_eq!(kk["action-settings"], "Баптаулар");
}

fn hunspell_unknown(dictionary: &str, text: &str) -> Option<BTreeSet<String>> {
    let mut child = Command::new("hunspell")
        .args(["-d", dictionary, "-l"])
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .spawn()
        .ok()?;
    use std::io::Write;
    child
        .stdin
        .take()
        .unwrap()
        .write_all(text.as_bytes())
        .unwrap();
    let out = child.wait_with_output().ok()?;
    Some(
        String::from_utf8_lossy(&out.stdout)
            .lines()
            .map(str::to_owned)
            .collect(),
    )
}

/// The words of a message for the spell checker: variables (`{ $days }`) are dropped, and of a
/// selector (`{ $days -> [one] день *[other] дней }`) the text of every variant is kept.
fn without_placeables(value: &str) -> String {
    let mut out = String::new();
    let mut rest = value;
    while let Some(start) = rest.find('{') {
        out.push_str(&rest[..start]);
        let mut depth = 0;
        let mut end = rest.len();
        for (i, c) in rest[start..].char_indices() {
            match c {
                '{' => depth += 1,
                '}' => {
                    depth -= 1;
                    if depth == 0 {
                        end = start + i;
                        break;
                    }
                }
                _ => {}
            }
        }
        let inner = &rest[(start + 1).min(end)..end];
        if let Some((_, variants)) = inner.split_once("->") {
            // Drop the keys (`[one]`, `*[other]`), keep the texts.
            let mut body = String::new();
            let mut in_key = false;
            for c in variants.chars() {
                match c {
                    '[' => in_key = true,
                    ']' => {
                        in_key = false;
                        body.push(' ');
                    }
                    '*' => {}
                    _ if !in_key => body.push(c),
                    _ => {}
                }
            }
            out.push_str(&without_placeables(&body));
        }
        out.push(' ');
        rest = &rest[(end + 1).min(rest.len())..];
    }
    out.push_str(rest);
    out
}

#[test]
fn spell_checking_keeps_the_words_of_every_variant() {
    assert_eq!(
        without_placeables("в течение { $days } { $days -> [one] дня *[other] дней }.")
            .split_whitespace()
            .collect::<Vec<_>>(),
        ["в", "течение", "дня", "дней", "."]
    );
}

#[test]
fn hunspell_knows_every_word() {
    let allowed: BTreeSet<String> = std::fs::read_to_string(
        Path::new(env!("CARGO_MANIFEST_DIR")).join("locales/spelling-allow.txt"),
    )
    .unwrap()
    .lines()
    .filter(|l| !l.starts_with('#') && !l.trim().is_empty())
    .map(|l| l.trim().to_owned())
    .collect();
    for (lang, dictionary) in [("kk", "kk_KZ"), ("ru", "ru_RU"), ("en", "en_US")] {
        // Placeables (`{ $days }`) are not words.
        let text: Vec<String> = messages(lang)
            .into_values()
            .chain(configurator_messages(lang).into_values())
            .chain(wordpress_messages(lang).into_values())
            .map(|v| without_placeables(&v))
            .collect();
        let Some(unknown) = hunspell_unknown(dictionary, &text.join("\n")) else {
            // scripts/test.sh installs hunspell and requires it; a bare `cargo test` may lack it.
            assert!(
                std::env::var_os("KELISIM_REQUIRE_HUNSPELL").is_none(),
                "hunspell -d {dictionary} is missing"
            );
            eprintln!("hunspell or its {dictionary} dictionary is missing: spelling not checked");
            return;
        };
        let unknown: Vec<_> = unknown
            .into_iter()
            .filter(|w| !allowed.contains(w))
            .collect();
        assert_eq!(
            unknown,
            Vec::<String>::new(),
            "{lang}: words hunspell does not know (fix, or add to locales/spelling-allow.txt)"
        );
    }
}

#[test]
fn the_first_layer_disclosures_exist_with_their_variables() {
    // (id, variables it must use) — the lead's first layer picks one of each group.
    let expected: [(&str, &[&str]); 7] = [
        ("banner-disclosure-operator", &["$operator"]),
        (
            "banner-disclosure-operator-no-third-parties",
            &["$operator"],
        ),
        ("banner-disclosure-no-operator", &[]),
        ("banner-disclosure-no-operator-no-third-parties", &[]),
        ("banner-disclosure-cross-border", &["$countries"]),
        ("banner-disclosure-cross-border-unspecified", &[]),
        ("banner-disclosure-no-cross-border", &[]),
    ];
    for lang in LANGS {
        let all = messages(lang);
        for (id, vars) in expected {
            let value = all
                .get(id)
                .unwrap_or_else(|| panic!("{lang}: {id} is missing"));
            let used: Vec<&str> = value
                .split('{')
                .skip(1)
                .filter_map(|p| p.trim_start().split([' ', '}']).next())
                .filter(|v| v.starts_with('$'))
                .collect();
            assert_eq!(used, vars, "{lang}: {id}: {value}");
            if id.contains("cross-border") {
                // The term, its 13 months and where to withdraw, in every border variant.
                let (term, settings) = match lang {
                    "kk" => (
                        "13 ай",
                        "cookie файлдарының баптауларында кері қайтарып алуға",
                    ),
                    "ru" => (
                        "13 месяцев",
                        "отозвать его можно в настройках файлов cookie",
                    ),
                    _ => ("13 months", "withdrawn in the cookie settings"),
                };
                assert!(
                    value.contains(term) && value.contains(settings),
                    "{lang}: {id}"
                );
            } else {
                let third = match lang {
                    "kk" => "үшінші тұлғаларға",
                    "ru" => "третьим лицам",
                    _ => "third parties",
                };
                assert!(value.contains(third), "{lang}: {id}");
            }
        }
    }
}
