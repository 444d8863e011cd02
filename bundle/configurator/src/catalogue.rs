//! The services a site owner can add with one click: every service of kelisim's catalogue
//! (`kelisim::catalogue`), listed from it, never copied. Added by id, a service inherits its
//! disclosures (provider, purpose, country, cookies) from the catalogue, so the configuration
//! says `{ "id": "yandex-metrica" }`; a second copy under another id carries them written out.

use serde_json::{json, Value};

/// A catalogue service.
pub use kelisim::catalogue::Service as Known;

/// Every catalogue service, in the order the configurator lists them (the catalogue's).
pub fn known() -> &'static [Known] {
    kelisim::catalogue::services()
}

/// The catalogue service `id`.
pub fn find(id: &str) -> Option<&'static Known> {
    kelisim::catalogue::by_id(id)
}

/// The service as a configuration entry under `id`: the catalogue id alone, or, under another
/// id (a second copy), its disclosures written out.
pub fn to_json(known: &Known, id: &str) -> Value {
    if id == known.id {
        return json!({ "id": id });
    }
    let text = |f: fn(kelisim::lang::Lang, &str) -> Option<&'static str>| {
        let [kk, ru, en] = kelisim::lang::Lang::ALL.map(|l| f(l, known.id).unwrap_or(""));
        if kk == ru && ru == en {
            json!(kk)
        } else {
            json!({ "kk": kk, "ru": ru, "en": en })
        }
    };
    let cookies: Vec<Value> = known
        .cookies
        .iter()
        .map(|c| json!({ "name": c.name }))
        .collect();
    json!({
        "id": id,
        "name": known.name,
        "provider": text(kelisim::catalogue::provider),
        "purpose": text(kelisim::catalogue::purpose),
        "country": known.country,
        "cookies": cookies,
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::doc::Doc;
    use kelisim::config::Level;

    #[test]
    fn every_catalogue_service_validates_in_its_category_and_inherits() {
        assert!(known().len() >= 40, "{}", known().len());
        for known in known() {
            let mut doc = Doc::default();
            crate::edit::add_known(&mut doc, known);
            let (config, diags) = doc.check();
            let config = config.unwrap_or_else(|_| panic!("{}: {diags:?}", known.id));
            assert!(
                diags.iter().all(|d| d.level != Level::Error),
                "{}: {diags:?}",
                known.id
            );
            let category = config.category(known.category).unwrap();
            let service = &category.services[0];
            assert_eq!(service.id, known.id);
            assert_eq!(service.country.as_deref(), Some(known.country));
            assert_eq!(service.cookies.len(), known.cookies.len());
            assert!(service.provider_text().is_some());
        }
    }

    #[test]
    fn all_together_validate_and_a_copy_carries_its_disclosures() {
        let mut doc = Doc::default();
        for known in known() {
            crate::edit::add_known(&mut doc, known);
        }
        assert!(doc.check().0.is_ok(), "{:?}", doc.check().1);
        assert_eq!(doc.service_ids().len(), known().len());
        assert_eq!(find("jivo").unwrap().category, "preferences");
        let copy = to_json(find("yandex-metrica").unwrap(), "yandex-metrica-2");
        assert_eq!(copy["country"], "RU");
        assert_eq!(copy["provider"]["ru"], "ООО «Яндекс»");
        assert_eq!(copy["cookies"][0]["name"], "_ym_uid");
    }
}
