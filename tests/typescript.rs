//! The npm package's TypeScript declarations (`npm/index.d.ts`) against the crate: every union
//! of names there is the crate's own list (languages, Consent Mode types, default categories,
//! actions, screens, events, floating-button corners, configuration keys), and the hostile
//! configurations that `tsc` must refuse (`tests/npm-fixture/hostile/*.json`, checked by
//! scripts/test-package.sh) are refused by `config::parse` too, while the demo profiles pass both.

use kelisim::config::{self, read::KEYS, CONSENT_TYPES, CORNERS, DEFAULT_CATEGORIES};
use kelisim::consent::{Action, RecordEvent, Surface};
use kelisim::lang::Lang;
use std::collections::BTreeSet;

fn dts() -> String {
    std::fs::read_to_string(concat!(env!("CARGO_MANIFEST_DIR"), "/npm/index.d.ts")).unwrap()
}

/// The string literals of `export type <name> = "a" | "b" …;`.
fn union(name: &str) -> BTreeSet<String> {
    let text = dts();
    let start = text
        .find(&format!("export type {name} ="))
        .unwrap_or_else(|| panic!("index.d.ts declares {name}"));
    let body = &text[start..];
    let body = &body[..body.find(';').unwrap()];
    body.split('"')
        .skip(1)
        .step_by(2)
        .map(str::to_owned)
        .collect()
}

/// The property names of `export interface <name> { … }` (top level only).
fn interface_keys(name: &str) -> BTreeSet<String> {
    let text = dts();
    let start = text
        .find(&format!("export interface {name} {{"))
        .unwrap_or_else(|| panic!("index.d.ts declares {name}"));
    let body = &text[start..];
    let body = &body[..body.find("\n}").unwrap()];
    body.lines()
        .filter(|l| l.starts_with("  ") && !l.starts_with("   "))
        .filter_map(|l| {
            let l = l.trim_start();
            let end = l.find(|c: char| !(c.is_ascii_alphanumeric() || c == '_'))?;
            (end > 0 && l[end..].starts_with(['?', ':'])).then(|| l[..end].to_owned())
        })
        .collect()
}

fn set<'a>(items: impl IntoIterator<Item = &'a str>) -> BTreeSet<String> {
    items.into_iter().map(str::to_owned).collect()
}

#[test]
fn the_name_unions_are_the_crates_lists() {
    assert_eq!(union("Lang"), set(Lang::ALL.iter().map(|l| l.code())));
    assert_eq!(union("ConsentType"), set(CONSENT_TYPES));
    assert_eq!(union("DefaultCategoryId"), set(DEFAULT_CATEGORIES));
    let actions = [
        Action::AcceptAll,
        Action::RejectAll,
        Action::Save,
        Action::SetConsent,
        Action::Withdraw,
        Action::AllowCategory,
        Action::Gpc,
    ];
    assert_eq!(union("ConsentAction"), set(actions.map(Action::as_str)));
    for name in union("ConsentAction") {
        assert!(Action::from_name(&name).is_some(), "{name}");
    }
    let screens = [
        Surface::Banner,
        Surface::Settings,
        Surface::Api,
        Surface::Placeholder,
        Surface::Browser,
    ];
    assert_eq!(union("ConsentScreen"), set(screens.map(Surface::as_str)));
    for name in union("ConsentScreen") {
        assert!(Surface::from_name(&name).is_some(), "{name}");
    }
    let events = [
        RecordEvent::Given,
        RecordEvent::Updated,
        RecordEvent::Withdrawn,
    ];
    assert_eq!(
        union("ConsentEventName"),
        set(events.map(RecordEvent::as_str))
    );
    let text = dts();
    let corners = text.split("corner?:").nth(1).unwrap();
    let corners = &corners[..corners.find('}').unwrap()];
    let declared: BTreeSet<String> = corners
        .split('"')
        .skip(1)
        .step_by(2)
        .map(str::to_owned)
        .collect();
    assert_eq!(declared, set(CORNERS));
}

/// `Config` declares every key the reader knows, and nothing else but `forms` (the contract's
/// processing-consent key, read by the forms feature).
#[test]
fn the_config_interface_has_the_readers_keys() {
    let declared = interface_keys("Config");
    let known = set(KEYS);
    for key in &known {
        assert!(declared.contains(key), "index.d.ts Config lacks `{key}`");
    }
    for key in &declared {
        assert!(
            known.contains(key) || key == "forms",
            "index.d.ts Config declares `{key}`, which the reader does not know"
        );
    }
    // Each key the reader knows is read without an unknown-key warning (the check can fail:
    // an unknown key gets one).
    let unknown = |key: &str| {
        let (_, diagnostics) = config::parse(&format!(r#"{{"{key}": null}}"#));
        diagnostics
            .iter()
            .any(|d| d.message.contains("not a known key"))
    };
    assert!(unknown("colour"));
    for key in declared.iter().filter(|k| *k != "forms") {
        assert!(!unknown(key), "{key}");
    }
}

#[test]
fn what_tsc_refuses_the_reader_refuses() {
    let dir = concat!(env!("CARGO_MANIFEST_DIR"), "/tests/npm-fixture/hostile");
    let mut n = 0;
    for entry in std::fs::read_dir(dir).unwrap() {
        let path = entry.unwrap().path();
        let json = std::fs::read_to_string(&path).unwrap();
        let (result, diagnostics) = config::parse(&json);
        assert!(
            result.is_err(),
            "{} is refused by tsc but accepted by config::parse: {diagnostics:?}",
            path.display()
        );
        n += 1;
    }
    assert!(n >= 8, "the hostile configurations are there ({n})");
    for entry in std::fs::read_dir(concat!(env!("CARGO_MANIFEST_DIR"), "/demo/profiles")).unwrap() {
        let path = entry.unwrap().path();
        let (result, diagnostics) = config::parse(&std::fs::read_to_string(&path).unwrap());
        assert!(result.is_ok(), "{}: {diagnostics:?}", path.display());
    }
}
