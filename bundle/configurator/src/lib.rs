//! The configurator (`dist/configurator/`): a page of the demo site where a site owner fills in
//! a configuration, sees the real banner and preference center update live, and copies the
//! embed. It reuses kelisim's own reader and validator (`kelisim::config::read`), so it accepts
//! exactly what the banner accepts, and shows each diagnostic next to the field of its key.
//!
//! The pure parts, tested natively: the document edited by key path ([`doc`]), the built-in
//! services ([`catalogue`]) and the buttons' edits ([`edit`]), importing a `kelisim-scan` report
//! ([`import`]), the fields and where each
//! diagnostic goes ([`fields`]), the theme's colours ([`theme`]), the embed and the preview page
//! ([`embed`]), and the texts ([`texts`]). The Leptos view (`ui`, WebAssembly only) wires them
//! to the page.

pub mod catalogue;
pub mod doc;
pub mod edit;
pub mod embed;
pub mod fields;
pub mod import;
pub mod texts;
pub mod theme;

#[cfg(target_arch = "wasm32")]
mod ui;

#[cfg(target_arch = "wasm32")]
pub use ui::start;

/// The demo profiles (`demo/profiles/<name>.json`) the configurator links to.
pub const PROFILES: [(&str, &str); 4] = [
    ("kaspi", "Kaspi.kz"),
    ("kreditomat", "Kreditomat"),
    ("autocheck", "Autocheck.kz"),
    ("nomapay", "Nomapay"),
];

/// Whether `name` may name a profile file (`?profile=name` → `../profiles/name.json`).
pub fn is_profile_name(name: &str) -> bool {
    !name.is_empty()
        && name.len() <= 40
        && name
            .bytes()
            .all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'-')
}

#[cfg(test)]
mod tests {
    use super::*;
    use kelisim::config::Level;
    use kelisim::lang::Lang;

    #[test]
    fn every_demo_profile_opens_validates_and_round_trips_through_the_embed() {
        for (name, _) in PROFILES {
            let path = format!(
                "{}/../../demo/profiles/{name}.json",
                env!("CARGO_MANIFEST_DIR")
            );
            let text = std::fs::read_to_string(&path).unwrap();
            let doc = embed::extract(&text).unwrap();
            let (config, diags) = doc.check();
            assert!(config.is_ok(), "{name}: {diags:?}");
            let fields = fields::paths(&doc);
            assert!(
                fields::unplaced(&diags, &fields)
                    .iter()
                    .all(|d| d.level == Level::Warning),
                "{name}"
            );
            let out = embed::embed(&doc, &theme::defaults());
            assert_eq!(embed::extract(&out).unwrap(), doc, "{name}");
        }
        assert!(is_profile_name("kreditomat"));
        assert!(!is_profile_name("../secret"));
        assert!(!is_profile_name(""));
    }

    #[test]
    fn a_form_filled_in_parses_with_the_banner_reader() {
        let mut doc = doc::Doc::default();
        for (lang, name) in
            Lang::ALL
                .into_iter()
                .zip(["«Дала Дәмі» ЖШС", "ТОО «Дала Дәмі»", "Dala Dami LLP"])
        {
            doc.set_text("operator.name", lang, name);
            doc.set_text("policy_url", lang, &format!("/{}/policy", lang.code()));
        }
        doc.set_string("operator.bin", "190940011223");
        doc.set_string("operator.contacts.email", "privacy@dala-dami.kz");
        doc.set_string("operator.contacts.phone", "+7 727 300 00 00");
        doc.set_text(
            "operator.contacts.address",
            Lang::Kk,
            "Алматы, Абай даңғылы, 10",
        );
        doc.set_number("operator.response_days", "10");
        doc.set_string("policy_version", "2026-11-01");
        doc.set_number("revision", "2");
        doc.set_list_line("cross_border", None, "RU, US");
        doc.set_string("endpoint", "/consent");
        edit::add_known(&mut doc, catalogue::find("google-analytics").unwrap());
        let (config, diags) = kelisim::config::parse(&doc.to_json());
        assert_eq!(diags, vec![]);
        let config = config.unwrap();
        assert_eq!(config.revision, 2);
        assert_eq!(config.operator.as_ref().unwrap().response_days, Some(10));
        assert_eq!(config.cross_border, ["RU", "US"]);
        assert_eq!(config.policy_url.unwrap().get(Lang::Ru), "/ru/policy");
        // A BIN of 11 digits: the banner's own message, at the field's path.
        doc.set_string("operator.bin", "19094001122");
        let (config, diags) = doc.check();
        assert!(config.is_err());
        let fields = fields::paths(&doc);
        assert_eq!(fields::of_field("operator.bin", &diags, &fields).len(), 1);
    }

    #[test]
    fn every_text_exists_in_every_language() {
        let texts = texts::Texts::new();
        let kk = texts::ids(Lang::Kk);
        for lang in Lang::ALL {
            assert_eq!(
                texts::ids(lang),
                kk,
                "{}: the same ids in the same order",
                lang.code()
            );
        }
        // Every id the form uses is there.
        let used = fields::TOP
            .iter()
            .chain(&fields::CATEGORY)
            .chain(&fields::SERVICE)
            .map(|(_, _, id)| *id);
        for id in used {
            assert!(texts.has(Lang::Kk, id), "{id}");
        }
        for c in theme::defaults() {
            assert!(
                texts.has(Lang::Kk, &format!("cfg-colour-{}", c.name)),
                "{}",
                c.name
            );
        }
        assert_eq!(
            texts.format(Lang::Ru, "cfg-status-invalid", &[("count", "3")]),
            "3 ошибки: баннер не примет эти настройки."
        );
    }
}
