//! The common services a site in Kazakhstan embeds, ready to add to a configuration: each with
//! its category, provider's legal name, the country its data go to and the cookies it sets on
//! the site's own domain (`*` matches a suffix). A native test checks each one validates.

use serde_json::{json, Value};

/// A built-in service.
pub struct Known {
    /// Its id in the configuration.
    pub id: &'static str,
    /// The category it belongs to (one of the built-in four).
    pub category: &'static str,
    /// Its name as a product (the same in every language).
    pub name: &'static str,
    /// The provider's legal name in kk, ru, en.
    pub provider: [&'static str; 3],
    /// ISO 3166-1 alpha-2 code of the provider's country.
    pub country: &'static str,
    /// The cookies it sets on the site's domain.
    pub cookies: &'static [&'static str],
}

/// Every built-in service, in the order the configurator lists them.
pub const KNOWN: [Known; 8] = [
    Known {
        id: "google-analytics",
        category: "analytics",
        name: "Google Analytics 4",
        provider: ["Google LLC", "Google LLC", "Google LLC"],
        country: "US",
        cookies: &["_ga", "_ga_*"],
    },
    Known {
        id: "yandex-metrica",
        category: "analytics",
        name: "Яндекс Метрика",
        provider: ["«Яндекс» ЖШҚ", "ООО «Яндекс»", "YANDEX LLC"],
        country: "RU",
        cookies: &["_ym_uid", "_ym_d", "_ym_isad", "_ym_visorc"],
    },
    Known {
        id: "meta-pixel",
        category: "marketing",
        name: "Meta Pixel",
        provider: [
            "Meta Platforms, Inc.",
            "Meta Platforms, Inc.",
            "Meta Platforms, Inc.",
        ],
        country: "US",
        cookies: &["_fbp", "_fbc"],
    },
    Known {
        id: "google-ads",
        category: "marketing",
        name: "Google Ads",
        provider: ["Google LLC", "Google LLC", "Google LLC"],
        country: "US",
        cookies: &["_gcl_au", "_gcl_aw", "_gcl_*"],
    },
    Known {
        id: "vk-pixel",
        category: "marketing",
        name: "VK Pixel",
        provider: ["«ВК» ЖШҚ", "ООО «ВК»", "VK LLC"],
        country: "RU",
        cookies: &["tmr_lvid", "tmr_lvidTS", "tmr_detect"],
    },
    Known {
        id: "tiktok-pixel",
        category: "marketing",
        name: "TikTok Pixel",
        provider: ["TikTok Pte. Ltd.", "TikTok Pte. Ltd.", "TikTok Pte. Ltd."],
        country: "SG",
        cookies: &["_ttp", "_tt_enable_cookie"],
    },
    Known {
        id: "youtube",
        category: "marketing",
        name: "YouTube",
        provider: ["Google LLC", "Google LLC", "Google LLC"],
        country: "US",
        cookies: &["YSC", "VISITOR_INFO1_LIVE"],
    },
    Known {
        id: "jivo",
        category: "preferences",
        name: "Jivo",
        provider: ["«Живой сайт» ЖШҚ", "ООО «Живой сайт»", "Zhivoi Sait LLC"],
        country: "RU",
        cookies: &["jv_*"],
    },
];

impl Known {
    /// The service as a configuration entry.
    pub fn to_json(&self) -> Value {
        let [kk, ru, en] = self.provider;
        let provider = if kk == ru && ru == en {
            json!(kk)
        } else {
            json!({ "kk": kk, "ru": ru, "en": en })
        };
        let cookies: Vec<Value> = self.cookies.iter().map(|c| json!({ "name": c })).collect();
        json!({
            "id": self.id,
            "name": self.name,
            "provider": provider,
            "country": self.country,
            "cookies": cookies,
        })
    }
}

/// The built-in service `id`.
pub fn find(id: &str) -> Option<&'static Known> {
    KNOWN.iter().find(|k| k.id == id)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::doc::Doc;
    use kelisim::config::Level;

    #[test]
    fn every_built_in_service_validates_in_its_category() {
        for known in &KNOWN {
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
            assert!(service.provider.is_some());
        }
    }

    #[test]
    fn all_eight_together_validate_and_ids_are_distinct() {
        let mut doc = Doc::default();
        for known in &KNOWN {
            crate::edit::add_known(&mut doc, known);
        }
        assert!(doc.check().0.is_ok(), "{:?}", doc.check().1);
        assert_eq!(doc.service_ids().len(), 8);
        assert_eq!(find("jivo").unwrap().category, "preferences");
    }
}
