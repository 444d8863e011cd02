//! Native checks of the demo configuration profiles in `demo/profiles/`, one per operator whose
//! real privacy policy is in shared/seeds (Kaspi, Kreditomat, Autocheck, Nomapay): each parses
//! with no diagnostic at all (no unknown key), has `necessary` and at least one other category,
//! gives every per-language text in kk, ru and en, has no word mixing Latin and Cyrillic letters,
//! and its Kazakh uses the law's term «дербес деректер». Each states only what its policy states:
//! the BIN, the response deadline and the cross-border countries are checked against what the
//! seed policies (shared/seeds) say, and none is invented.
#![cfg(not(target_arch = "wasm32"))]

mod text;

use kelisim::config::{self, Level};
use kelisim::country;
use kelisim::i18n::Lang;
use serde_json::Value;
use std::path::PathBuf;
use text::mixed_script_words;

const PROFILES: [&str; 4] = ["kaspi", "kreditomat", "autocheck", "nomapay"];
const LANGS: [&str; 3] = ["kk", "ru", "en"];

fn path(profile: &str) -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
        .join("demo/profiles")
        .join(format!("{profile}.json"))
}

fn read(profile: &str) -> String {
    let path = path(profile);
    std::fs::read_to_string(&path).unwrap_or_else(|e| panic!("{}: {e}", path.display()))
}

fn json(profile: &str) -> Value {
    serde_json::from_str(&read(profile)).unwrap_or_else(|e| panic!("{profile}: {e}"))
}

/// Every string value of the document, with its path (`categories[1].description.kk`).
fn strings(value: &Value, path: &str, out: &mut Vec<(String, String)>) {
    match value {
        Value::String(s) => out.push((path.to_owned(), s.clone())),
        Value::Array(items) => {
            for (i, item) in items.iter().enumerate() {
                strings(item, &format!("{path}[{i}]"), out);
            }
        }
        Value::Object(map) => {
            for (key, item) in map {
                let path = if path.is_empty() {
                    key.clone()
                } else {
                    format!("{path}.{key}")
                };
                strings(item, &path, out);
            }
        }
        _ => {}
    }
}

/// Every per-language text of the document: an object with any of the keys kk, ru, en.
fn per_language_texts<'a>(
    value: &'a Value,
    path: &str,
    out: &mut Vec<(String, &'a serde_json::Map<String, Value>)>,
) {
    match value {
        Value::Array(items) => {
            for (i, item) in items.iter().enumerate() {
                per_language_texts(item, &format!("{path}[{i}]"), out);
            }
        }
        Value::Object(map) => {
            if LANGS.iter().any(|l| map.contains_key(*l)) {
                out.push((path.to_owned(), map));
                return;
            }
            for (key, item) in map {
                let path = if path.is_empty() {
                    key.clone()
                } else {
                    format!("{path}.{key}")
                };
                per_language_texts(item, &path, out);
            }
        }
        _ => {}
    }
}

#[test]
fn every_profile_parses_with_no_diagnostics() {
    let mut failures = Vec::new();
    for profile in PROFILES {
        let (config, diagnostics) = config::parse(&read(profile));
        for d in &diagnostics {
            // A policy that states no BIN (Kaspi, Kreditomat) gets the configuration's warning
            // for a missing `operator.bin`; any other diagnostic is a defect of the profile.
            if d.level == Level::Warning
                && d.path == "operator.bin"
                && expected(profile).bin.is_none()
            {
                continue;
            }
            let kind = if d.level == Level::Error {
                "error"
            } else {
                "warning"
            };
            failures.push(format!("{profile}: {kind}: {d}"));
        }
        if config.is_err() && diagnostics.is_empty() {
            failures.push(format!("{profile}: rejected without a diagnostic"));
        }
        let Ok(config) = config else { continue };
        let ids: Vec<&str> = config.categories.iter().map(|c| c.id.as_str()).collect();
        assert_eq!(ids.first(), Some(&"necessary"), "{profile}: {ids:?}");
        assert!(config.categories[0].is_required(), "{profile}");
        assert!(
            ids.len() >= 2,
            "{profile}: needs a category besides necessary"
        );
        assert_eq!(
            config.cookie.name,
            format!("kelisim_{profile}"),
            "{profile}"
        );
        assert_eq!(config.revision, 1, "{profile}");
        let operator = config.operator.as_ref().expect("an operator");
        assert!(
            !operator.name.get(kelisim::i18n::Lang::Kk).is_empty(),
            "{profile}"
        );
        if let Some(bin) = &operator.bin {
            assert!(
                bin.len() == 12 && bin.bytes().all(|b| b.is_ascii_digit()),
                "{profile}: BIN {bin}"
            );
        }
    }
    assert!(failures.is_empty(), "\n{}\n", failures.join("\n"));
}

/// What each operator's policy (shared/seeds) states, and so what its profile may say.
struct Stated {
    /// The BIN, when the policy gives one (Kaspi's and Kreditomat's do not).
    bin: Option<&'static str>,
    /// The deadline for answering requests, in calendar days, when the policy gives one.
    /// Autocheck's "1 working day" is its deadline for stopping processing after a written
    /// withdrawal (policy 8.1, 8.2), not for answering requests: no `response_days`.
    response_days: Option<u32>,
    /// Cross-border countries: `ZZ` where the policy asks consent to cross-border transfer
    /// without naming countries (Kaspi, Kreditomat, Autocheck); none where data stay in
    /// Kazakhstan (Nomapay: servers in the Republic of Kazakhstan).
    cross_border: &'static [&'static str],
}

fn expected(profile: &str) -> Stated {
    match profile {
        "kaspi" => Stated {
            bin: None,
            response_days: Some(30),
            cross_border: &["ZZ"],
        },
        "kreditomat" => Stated {
            bin: None,
            response_days: None,
            cross_border: &["ZZ"],
        },
        "autocheck" => Stated {
            bin: Some("250640020303"),
            response_days: None,
            cross_border: &["ZZ"],
        },
        "nomapay" => Stated {
            bin: Some("240740012077"),
            response_days: Some(30),
            cross_border: &[],
        },
        other => panic!("unknown profile {other}"),
    }
}

/// The seed policy texts of a profile, when shared/seeds is beside the repository.
fn seeds(profile: &str) -> Option<String> {
    let dir = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../shared/seeds");
    let mut text = String::new();
    for entry in std::fs::read_dir(dir).ok()? {
        let path = entry.ok()?.path();
        let file = path.file_name()?.to_string_lossy().into_owned();
        if file.starts_with(profile) {
            text.push_str(&std::fs::read_to_string(&path).ok()?);
        }
    }
    (!text.is_empty()).then_some(text)
}

#[test]
fn every_profile_states_only_what_its_policy_states() {
    for profile in PROFILES {
        let (config, _) = config::parse(&read(profile));
        let config = config.unwrap_or_else(|_| panic!("{profile} parses"));
        let operator = config.operator.as_ref().expect("an operator");
        let stated = expected(profile);
        // No invented BIN: exactly the policy's, or none.
        assert_eq!(operator.bin.as_deref(), stated.bin, "{profile}: BIN");
        assert_eq!(
            operator.response_days, stated.response_days,
            "{profile}: response_days"
        );
        assert_eq!(config.cross_border, stated.cross_border, "{profile}");
        if let Some(seed) = seeds(profile) {
            if let Some(bin) = stated.bin {
                assert!(seed.contains(bin), "{profile}: BIN {bin} not in the policy");
            } else {
                assert!(
                    !seed.contains("БИН:") && !seed.contains("БСН:"),
                    "{profile}: the policy states a BIN after all"
                );
            }
            if let Some(days) = stated.response_days {
                let days = days.to_string();
                assert!(
                    seed.contains(&format!("{days} календарных"))
                        || seed.contains(&format!("{days} (отыз) күнтізбелік")),
                    "{profile}: the policy's deadline of {days} calendar days"
                );
            }
        }
        // Every country named is an ISO 3166-1 code the interface can name.
        let services = config.categories.iter().flat_map(|c| &c.services);
        for code in config
            .cross_border
            .iter()
            .filter(|c| *c != "ZZ")
            .chain(services.filter_map(|s| s.country.as_ref()))
        {
            assert!(
                country::name(code, Lang::Kk).is_some(),
                "{profile}: {code} is not a country"
            );
        }
    }
}

#[test]
fn marketing_is_described_as_processing_not_as_a_sales_pitch() {
    for profile in PROFILES {
        let mut all = Vec::new();
        strings(&json(profile), "", &mut all);
        for (path, text) in all {
            let lower = text.to_lowercase();
            for pitch in ["интересную вам", "interests you", "сізге қызықты"]
            {
                assert!(!lower.contains(pitch), "{profile}: {path}: {text}");
            }
        }
    }
}

#[test]
fn every_profile_has_the_documented_top_level_keys() {
    for profile in PROFILES {
        let doc = json(profile);
        for key in [
            "revision",
            "policy_version",
            "policy_url",
            "languages",
            "cookie",
            "operator",
            "cross_border",
            "published",
            "categories",
        ] {
            assert!(doc.get(key).is_some(), "{profile}: `{key}` is missing");
        }
        assert_eq!(doc["languages"], serde_json::json!(LANGS), "{profile}");
        let version = doc["policy_version"].as_str().unwrap();
        let is_date = version.len() == 10
            && version.bytes().enumerate().all(|(i, b)| match i {
                4 | 7 => b == b'-',
                _ => b.is_ascii_digit(),
            });
        assert!(
            is_date,
            "{profile}: policy_version `{version}` is not YYYY-MM-DD"
        );
        for country in doc["cross_border"].as_array().unwrap() {
            let c = country.as_str().unwrap();
            assert!(
                c.len() == 2 && c.bytes().all(|b| b.is_ascii_uppercase()),
                "{profile}: {c}"
            );
        }
        let categories = doc["categories"].as_array().unwrap();
        let ids: Vec<&str> = categories.iter().filter_map(|c| c["id"].as_str()).collect();
        assert!(ids.contains(&"necessary"), "{profile}: {ids:?}");
        assert!(
            ids.iter().any(|id| *id != "necessary"),
            "{profile}: {ids:?}"
        );
    }
}

#[test]
fn the_mixed_script_check_catches_mixed_words() {
    // From the Autocheck policy's Kazakh text: Latin letters inside a Kazakh word.
    assert_eq!(mixed_script_words("өз еркінізben әрі"), ["еркінізben"]);
    // A Latin "c" and "o" look like Cyrillic ones.
    assert_eq!(mixed_script_words("cookie файлдары, сookie"), ["сookie"]);
    assert_eq!(
        mixed_script_words("Kaspi-дің, 154А, info@kao.kz"),
        Vec::<String>::new()
    );
}

#[test]
fn no_word_mixes_latin_and_cyrillic_letters() {
    for profile in PROFILES {
        let mut all = Vec::new();
        strings(&json(profile), "", &mut all);
        assert!(all.len() > 20, "{profile}: walked {} strings", all.len());
        for (path, text) in all {
            assert_eq!(
                mixed_script_words(&text),
                Vec::<String>::new(),
                "{profile}: {path}"
            );
        }
    }
}

#[test]
fn every_per_language_text_has_kk_ru_and_en() {
    for profile in PROFILES {
        let doc = json(profile);
        let mut texts = Vec::new();
        per_language_texts(&doc, "", &mut texts);
        assert!(texts.len() > 10, "{profile}: found {} texts", texts.len());
        for (path, map) in texts {
            let mut keys: Vec<&str> = map.keys().map(String::as_str).collect();
            keys.sort_unstable();
            assert_eq!(keys, ["en", "kk", "ru"], "{profile}: {path}");
            for lang in LANGS {
                let s = map[lang].as_str().unwrap_or_default();
                assert!(!s.trim().is_empty(), "{profile}: {path}.{lang} is empty");
            }
        }
        // Descriptions, data lists and the policy link are per language, never one plain string.
        assert!(doc["policy_url"].is_object(), "{profile}: policy_url");
        for category in doc["categories"].as_array().unwrap() {
            for key in ["description", "data"] {
                if let Some(text) = category.get(key) {
                    assert!(text.is_object(), "{profile}: {} {key}", category["id"]);
                }
            }
        }
    }
}

#[test]
fn kazakh_uses_the_law_terms() {
    for profile in PROFILES {
        let doc = json(profile);
        let mut all = Vec::new();
        strings(&doc, "", &mut all);
        let kk: Vec<String> = all
            .into_iter()
            .filter(|(path, _)| path.ends_with(".kk"))
            .map(|(_, text)| text.to_lowercase())
            .collect();
        let kk = kk.join("\n");
        assert!(
            kk.contains("дербес деректер"),
            "{profile}: «дербес деректер» (personal data, law 94-V)"
        );
        assert!(
            !kk.contains("жеке деректер"),
            "{profile}: not «жеке деректер»"
        );
        assert!(
            kk.contains(['ә', 'ғ', 'қ', 'ң', 'ө', 'ұ', 'ү', 'һ', 'і']),
            "{profile}: Kazakh letters"
        );
    }
}

/// The Kreditomat profile's loan application asks for consent to processing with a
/// required purpose (the application) and a separate optional one (marketing messages), every
/// text in kk, ru and en, read without a diagnostic; the other profiles have no forms.
#[test]
fn kreditomat_asks_consent_for_its_loan_application() {
    use kelisim::config::forms::read_forms;
    for profile in PROFILES {
        let (forms, diagnostics) = read_forms(&json(profile));
        if profile != "kreditomat" {
            assert_eq!(diagnostics, vec![], "{profile}");
            assert!(forms.unwrap().0.is_empty(), "{profile}");
            continue;
        }
        // The policy states no BIN (law 94-V Art. 8(4) asks for one): the demo's loan form
        // cannot be sent, and says so; the BIN is never invented.
        assert!(forms.is_err());
        let paths: Vec<&str> = diagnostics.iter().map(|d| d.path.as_str()).collect();
        assert_eq!(paths, ["operator.bin"]);
        assert!(json(profile)["operator"].get("bin").is_none());
        // The texts themselves: read with a placeholder BIN that only this test sees.
        let mut with_bin = json(profile);
        with_bin["operator"]["bin"] = "000000000000".into();
        let (forms, diagnostics) = read_forms(&with_bin);
        assert_eq!(diagnostics, vec![]);
        let forms = forms.unwrap();
        let form = forms
            .form("loan-application")
            .expect("the loan application");
        let required: Vec<(&str, bool)> = form
            .purposes
            .iter()
            .map(|p| (p.id.as_str(), p.required))
            .collect();
        assert_eq!(
            required,
            [("application", true), ("marketing-messages", false)]
        );
        for p in &form.purposes {
            for text in [&p.purpose, &p.data, &p.term] {
                for lang in Lang::ALL {
                    let t = text.get(lang);
                    assert!(
                        !t.is_empty() && mixed_script_words(t).is_empty(),
                        "{lang:?}: {t}"
                    );
                }
                assert_eq!(text.values().len(), 3, "kk, ru and en: {text:?}");
            }
        }
        // As the policy: consent to cross-border transfer without named countries, no BIN.
        assert_eq!(form.purposes[0].cross_border, ["ZZ"]);
        let config = config::parse(&read(profile)).0.unwrap();
        let text = kelisim::processing::consent_text(&config, &form.purposes[0], Lang::Kk);
        assert!(
            text[0].contains("дербес деректерді жинауға және өңдеуге келісім")
                || text[0].contains("Дербес деректерді жинауға және өңдеуге келісім")
        );
        assert!(text.iter().any(|l| l.contains("ЖСН")), "{text:?}");
    }
}

/// The demo bakery's order form (index.html) asks for a required delivery purpose and an
/// optional one, read without a diagnostic.
#[test]
fn the_demo_order_form_is_configured() {
    use kelisim::config::forms::read_forms;
    let html =
        std::fs::read_to_string(PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("index.html"))
            .unwrap();
    let start = html.find(r#"id="kelisim-config">"#).unwrap() + r#"id="kelisim-config">"#.len();
    let text = &html[start..start + html[start..].find("</script>").unwrap()];
    let (config, diagnostics) = config::parse(text);
    assert!(config.is_ok() && diagnostics.is_empty(), "{diagnostics:?}");
    let (forms, diagnostics) = read_forms(&serde_json::from_str::<Value>(text).unwrap());
    assert_eq!(diagnostics, vec![]);
    let forms = forms.unwrap();
    let order = forms.form("order").expect("forms.order");
    let required: Vec<bool> = order.purposes.iter().map(|p| p.required).collect();
    assert_eq!(required, [true, false]);
    assert!(html.contains(r#"data-kelisim-form="order""#));
}

/// A profile states only what its policy states: Nomapay's policy names no country for its
/// partners' statistics tools (so no `country`), and Kreditomat's blanket consent covers third
/// parties and cross-border transfer for every purpose, its marketing messages included.
#[test]
fn profiles_do_not_state_what_the_policy_does_not() {
    let nomapay = json("nomapay");
    let partners = nomapay["categories"]
        .as_array()
        .unwrap()
        .iter()
        .flat_map(|c| c["services"].as_array().cloned().unwrap_or_default())
        .find(|s| s["id"] == "partner-statistics")
        .expect("Nomapay's partners' tools");
    assert!(partners.get("country").is_none(), "{partners}");
    let kreditomat = json("kreditomat");
    for p in kreditomat["forms"]["loan-application"]["purposes"]
        .as_array()
        .unwrap()
    {
        assert_eq!(p["third_parties"], true, "{p}");
        assert_eq!(p["cross_border"], serde_json::json!(["ZZ"]), "{p}");
    }
}

/// Kaspi's 30 days apply to claims («претензии», «шағымдар»), not every request; Kreditomat's
/// unnamed third parties are said once («третьим лицам: в политике не названы»), and its purpose
/// reads mid-sentence in lower case («мақсаты: пайдаланушыны …»).
#[test]
fn the_profiles_say_what_the_policies_say_once_and_in_place() {
    let kaspi = json("kaspi");
    let deadline = &kaspi["texts"]["response-deadline"];
    assert!(
        deadline["ru"].as_str().unwrap().contains("претензии"),
        "{deadline}"
    );
    assert!(
        deadline["kk"].as_str().unwrap().contains("Шағымдарға"),
        "{deadline}"
    );
    assert!(
        deadline["en"].as_str().unwrap().contains("claims"),
        "{deadline}"
    );
    let kreditomat = json("kreditomat");
    let pixel = &kreditomat["categories"][2]["services"][0]["provider"];
    for lang in ["kk", "ru", "en"] {
        let p = pixel[lang].as_str().unwrap().to_lowercase();
        assert!(
            !p.contains("третьи") && !p.contains("үшінші") && !p.contains("third"),
            "{p}"
        );
    }
    let purpose = &kreditomat["forms"]["loan-application"]["purposes"][0]["purpose"]["kk"];
    assert!(
        purpose.as_str().unwrap().starts_with("пайдаланушыны"),
        "{purpose}"
    );
}
