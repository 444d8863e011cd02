//! The glossary (`locales/glossary.json`): one word per concept, as law 94-V names it. A forbidden
//! variant in any message of `locales/{kk,ru,en}/*.ftl` or in any per-language text of
//! `demo/profiles/*.json` fails; so does a message that lacks the form the glossary requires.
#![cfg(not(target_arch = "wasm32"))]

mod text;

use serde_json::Value;
use std::collections::BTreeMap;
use std::path::PathBuf;
use text::{messages, wordpress_messages};

const LANGS: [&str; 3] = ["kk", "ru", "en"];
const PROFILES: [&str; 4] = ["kaspi", "kreditomat", "autocheck", "nomapay"];

fn root() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

fn glossary() -> Value {
    let text = std::fs::read_to_string(root().join("locales/glossary.json")).unwrap();
    serde_json::from_str(&text).expect("locales/glossary.json is JSON")
}

/// Every per-language text (`….kk`, `….ru`, `….en`) of a profile, with its path.
fn profile_texts(value: &Value, path: &str, out: &mut Vec<(String, String, String)>) {
    match value {
        Value::Array(items) => {
            for (i, item) in items.iter().enumerate() {
                profile_texts(item, &format!("{path}[{i}]"), out);
            }
        }
        Value::Object(map) => {
            for (key, item) in map {
                let sub = format!("{path}.{key}");
                match (LANGS.contains(&key.as_str()), item) {
                    (true, Value::String(s)) => out.push((key.clone(), sub, s.clone())),
                    _ => profile_texts(item, &sub, out),
                }
            }
        }
        _ => {}
    }
}

/// The forbidden variants of `lang` found in `text`, as `concept: variant`.
fn violations(glossary: &Value, lang: &str, text: &str) -> Vec<String> {
    let mut found = Vec::new();
    for concept in glossary["concepts"].as_array().unwrap() {
        let name = concept["concept"].as_str().unwrap();
        let Some(forbidden) = concept["forbidden"][lang].as_array() else {
            continue;
        };
        // Blank out the allowed phrases first (case-insensitive).
        let mut masked = text.to_lowercase();
        if let Some(allowed) = concept["allowed"][lang].as_array() {
            for phrase in allowed {
                let phrase = phrase.as_str().unwrap().to_lowercase();
                masked = masked.replace(&phrase, " | ");
            }
        }
        for variant in forbidden {
            let hit = match variant {
                Value::String(stem) => starts_a_word(&masked, &stem.to_lowercase()),
                Value::Object(o) => {
                    let word = o["word"].as_str().unwrap();
                    assert_eq!(o["exact"], true, "{name}: {o:?}");
                    text.split(|c: char| !c.is_alphanumeric())
                        .any(|w| w == word)
                }
                other => panic!("{name}: forbidden variant {other}"),
            };
            if hit {
                found.push(format!("{name}: «{variant}»"));
            }
        }
    }
    found
}

/// Whether `needle` occurs in `haystack` at the start of a word.
fn starts_a_word(haystack: &str, needle: &str) -> bool {
    haystack.match_indices(needle).any(|(i, _)| {
        haystack[..i]
            .chars()
            .next_back()
            .is_none_or(|c| !c.is_alphanumeric())
    })
}

#[test]
fn the_glossary_is_complete_and_consistent() {
    let g = glossary();
    let concepts = g["concepts"].as_array().unwrap();
    assert!(concepts.len() >= 12);
    for concept in concepts {
        let name = concept["concept"].as_str().expect("a concept name");
        for lang in LANGS {
            let preferred = concept["preferred"][lang]
                .as_str()
                .unwrap_or_else(|| panic!("{name}: no preferred {lang}"));
            assert!(!preferred.trim().is_empty(), "{name}: {lang}");
        }
        for key in concept.as_object().unwrap().keys() {
            assert!(
                [
                    "concept",
                    "law",
                    "preferred",
                    "allowed",
                    "forbidden",
                    "required"
                ]
                .contains(&key.as_str()),
                "{name}: unknown key {key}"
            );
        }
    }
    // The preferred forms themselves pass.
    for concept in concepts {
        for lang in LANGS {
            let preferred = concept["preferred"][lang].as_str().unwrap();
            assert_eq!(
                violations(&g, lang, preferred),
                Vec::<String>::new(),
                "{lang}: {preferred}"
            );
        }
    }
}

#[test]
fn the_check_catches_the_old_wording() {
    let g = glossary();
    for (lang, old) in [
        ("kk", "Келісімді қайтарып алу"),
        ("kk", "Cookie баптаулары"),
        ("kk", "Жеткізуші"),
        ("kk", "Деректер үшінші тұлғаларға берілуі мүмкін"),
        (
            "kk",
            "Дербес деректер жалпыға қолжетімді көздерде жариялануы мүмкін.",
        ),
        ("kk", "Келісім 13 ай әрекет етеді"),
        (
            "kk",
            "Серіктестермен құпиялылық туралы келісімдер жасалған.",
        ),
        ("kk", "Келісімнің идентификаторы"),
        ("kk", "Келісіміңіздің түбіртегі"),
        ("kk", "Сізге қызықты жарнаманы көрсету"),
        ("ru", "Квитанция вашего согласия"),
        ("ru", "Поставщик"),
        ("ru", "Данные могут передаваться третьим лицам"),
        ("ru", "Настройки cookie"),
        ("ru", "показывать интересную вам рекламу"),
        ("ru", "Персональные данные могут публиковаться"),
        ("en", "show advertising that interests you"),
        ("en", "Data may be passed to third parties"),
        ("en", "Consent is valid for 13 months"),
        ("en", "statistical research on anonymized data"),
        ("kk", "info@kao.kz мекенжайына жазбаша өтініш жіберсеңіз"),
        (
            "en",
            "You can withdraw this consent at any time in the privacy settings of this site.",
        ),
        (
            "ru",
            "Вы можете отозвать это согласие в любое время в настройках конфиденциальности этого сайта.",
        ),
        (
            "kk",
            "Бұл келісімді кез келген уақытта осы сайттың құпиялылық баптауларында кері қайтарып алуға болады.",
        ),
        ("en", "Personal data may be published in public sources."),
        ("en", "Provider"),
    ] {
        assert_ne!(
            violations(&g, lang, old),
            Vec::<String>::new(),
            "{lang}: {old}"
        );
    }
    for (lang, good) in [
        ("kk", "Келісімді кері қайтарып алу"),
        ("kk", "Cookie файлдарының баптаулары"),
        ("kk", "Дербес деректер үшінші тұлғаларға берілмейді."),
        ("ru", "Поставщик услуг"),
        ("ru", "Персональные данные не передаются; данные браузера"),
        ("en", "Service provider; name of your internet provider"),
    ] {
        assert_eq!(
            violations(&g, lang, good),
            Vec::<String>::new(),
            "{lang}: {good}"
        );
    }
}

#[test]
fn no_message_uses_a_forbidden_variant() {
    let g = glossary();
    let mut failures = Vec::new();
    for lang in LANGS {
        for (id, value) in messages(lang).into_iter().chain(wordpress_messages(lang)) {
            for v in violations(&g, lang, &value) {
                failures.push(format!("locales/{lang}: {id}: {v}"));
            }
        }
    }
    assert!(failures.is_empty(), "\n{}\n", failures.join("\n"));
}

#[test]
fn no_profile_uses_a_forbidden_variant() {
    let g = glossary();
    let mut failures = Vec::new();
    for profile in PROFILES {
        let path = root().join("demo/profiles").join(format!("{profile}.json"));
        let doc: Value = serde_json::from_str(&std::fs::read_to_string(&path).unwrap()).unwrap();
        let mut texts = Vec::new();
        profile_texts(&doc, "", &mut texts);
        assert!(texts.len() > 30, "{profile}: {} texts", texts.len());
        for (lang, path, text) in texts {
            for v in violations(&g, &lang, &text) {
                failures.push(format!("{profile}{path}: {v}"));
            }
        }
    }
    assert!(failures.is_empty(), "\n{}\n", failures.join("\n"));
}

#[test]
fn messages_use_the_required_forms() {
    let g = glossary();
    let all: BTreeMap<&str, BTreeMap<String, String>> =
        LANGS.iter().map(|l| (*l, messages(l))).collect();
    let mut failures = Vec::new();
    let mut checked = 0;
    for concept in g["concepts"].as_array().unwrap() {
        let Some(required) = concept["required"].as_object() else {
            continue;
        };
        for (id, forms) in required {
            for lang in LANGS {
                let form = forms[lang].as_str().unwrap();
                let value = all[lang]
                    .get(id)
                    .unwrap_or_else(|| panic!("{lang}: no message {id}"));
                checked += 1;
                if !value.contains(form) {
                    failures.push(format!("{lang}: {id} lacks «{form}»: {value}"));
                }
            }
        }
    }
    assert!(checked >= 30, "{checked}");
    assert!(failures.is_empty(), "\n{}\n", failures.join("\n"));
}
