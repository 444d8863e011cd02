//! The catalogue's entries (see the parent module). Every fact names its source.

use super::{Cookie, Service};

const fn c(name: &'static str, days: u32) -> Cookie {
    Cookie { name, days }
}

/// Every known service, in the order the docs list them.
pub static SERVICES: &[Service] = &[
    Service {
        id: "google-analytics",
        name: "Google Analytics 4",
        provider: "Google LLC",
        country: "US",
        category: "analytics",
        urls: &["www.googletagmanager.com/gtag/js", "*.google-analytics.com"],
        cookies: &[c("_ga", 730), c("_ga_*", 730)],
        source: "https://support.google.com/analytics/answer/11397207",
    },
    Service {
        id: "yandex-metrica",
        name: "Yandex Metrica",
        provider: "YANDEX LLC",
        country: "RU",
        category: "analytics",
        urls: &["mc.yandex.ru", "mc.yandex.com", "mc.yandex.kz"],
        cookies: &[
            c("_ym_uid", 365),
            c("_ym_d", 365),
            c("_ym_isad", 1),
            c("_ym_visorc", 0),
        ],
        source: "https://yandex.ru/support/metrica/general/cookie-usage.html",
    },
    Service {
        id: "meta-pixel",
        name: "Meta Pixel",
        provider: "Meta Platforms, Inc.",
        country: "US",
        category: "marketing",
        urls: &["connect.facebook.net", "www.facebook.com/tr"],
        cookies: &[c("_fbp", 90), c("_fbc", 90)],
        source: "https://www.facebook.com/business/help/471978536642445",
    },
    Service {
        id: "google-ads",
        name: "Google Ads",
        provider: "Google LLC",
        country: "US",
        category: "marketing",
        urls: &["www.googleadservices.com", "*.doubleclick.net"],
        cookies: &[c("_gcl_au", 90), c("IDE", 390)],
        source: "https://business.safety.google/adscookies/",
    },
    Service {
        id: "vk-pixel",
        name: "VK Pixel",
        provider: "VK LLC",
        country: "RU",
        category: "marketing",
        urls: &[
            "vk.com/js/api/openapi.js",
            "vk.ru/js/api/openapi.js",
            "vk.com/rtrg",
        ],
        cookies: &[],
        source: "https://ads.vk.com/help/articles/pixel",
    },
    Service {
        id: "tiktok-pixel",
        name: "TikTok Pixel",
        provider: "TikTok Pte. Ltd.",
        country: "SG",
        category: "marketing",
        urls: &["analytics.tiktok.com"],
        cookies: &[c("_ttp", 390)],
        source: "https://ads.tiktok.com/help/article/using-cookies-with-tiktok-pixel",
    },
    Service {
        id: "youtube",
        name: "YouTube",
        provider: "Google LLC",
        country: "US",
        category: "marketing",
        urls: &[
            "www.youtube.com/embed",
            "www.youtube.com/iframe_api",
            "www.youtube-nocookie.com/embed",
        ],
        cookies: &[c("VISITOR_INFO1_LIVE", 180), c("YSC", 0)],
        source: "https://policies.google.com/technologies/cookies",
    },
];
