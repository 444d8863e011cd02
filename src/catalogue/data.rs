//! The catalogue's entries (see the parent module). Every fact names its source: the vendor's
//! documentation of its snippet and cookies (the Open Cookie Database was the cross-check).
//!
//! One macro writes three tables from the one list below: [`SERVICES`], every fact; [`SHOWN`],
//! what the preference center shows besides the texts (name, cookies); and [`BRIEF`], the few
//! facts the first layer needs (id, country, default category, cookie names) as one compact
//! string, so neither bundle links the full table (its URL patterns and sources) unless it
//! matches URLs.
//! Order matters where patterns nest: the first service whose pattern matches wins, so a more
//! specific pattern (`mc.yandex.ru/pixel`) comes before the general one (`mc.yandex.ru`).

use super::{Cookie, Service};

/// A default category's initial (each is distinct), as [`BRIEF`] writes it.
macro_rules! initial {
    ("necessary") => {
        "n"
    };
    ("preferences") => {
        "p"
    };
    ("analytics") => {
        "a"
    };
    ("marketing") => {
        "m"
    };
}

macro_rules! catalogue {
    ($({
        $id:literal, $name:literal, $provider:literal, $country:literal, $category:tt,
        urls: [$($url:literal),* $(,)?],
        $(requests: [$($request:literal),* $(,)?],)?
        cookies: [$(($cookie:literal, $days:literal)),* $(,)?],
        source: $source:literal $(,)?
    }),* $(,)?) => {
        /// Every known service, in the order the docs list them (and URL matching tries them).
        pub static SERVICES: &[Service] = &[$(Service {
            id: $id,
            name: $name,
            provider: $provider,
            country: $country,
            category: $category,
            urls: &[$($url),*],
            requests: &[$($($request),*)?],
            cookies: &[$(Cookie { name: $cookie, days: $days }),*],
            source: $source,
        }),*];

        /// What the preference center shows of each service besides its texts, in the order of
        /// [`SERVICES`]: id, name and cookies (the Leptos app links this, not [`SERVICES`] with
        /// its URL patterns and sources: 2.9 KB brotli less).
        pub static SHOWN: &[(&str, &str, &[Cookie])] = &[$(
            ($id, $name, &[$(Cookie { name: $cookie, days: $days }),*])
        ),*];

        /// One line per service, in the order of [`SERVICES`]: `id country category cookie…`,
        /// separated by single spaces, the category by its initial (see [`super::brief`],
        /// [`super::default_category`] and [`super::nth`]).
        pub const BRIEF: &str =
            concat!($($id, " ", $country, " ", initial!($category), $(" ", $cookie,)* "\n",)*);
    };
}

catalogue! {
    // Google
    // Google Ads before Google Analytics: the Google tag of an Ads account is the same file as
    // Analytics' (`gtag/js`), named by the account's id (`?id=AW-…`, Google Ads Help, "Set up
    // conversion tracking for your website"), and so is a Floodlight advertiser's (`?id=DC-…`,
    // Campaign Manager 360 Help, on the Google tag for Floodlight); the tag loads the file of
    // each further account it is configured for (`gtag/destination?id=`).
    { "google-ads", "Google Ads", "Google LLC", "US", "marketing",
      urls: ["www.googletagmanager.com/gtag/js?id=AW-",
             "www.googletagmanager.com/gtag/destination?id=AW-",
             "www.googletagmanager.com/gtag/js?id=DC-",
             "www.googletagmanager.com/gtag/destination?id=DC-", "www.googleadservices.com",
             "*.doubleclick.net"],
      cookies: [("_gcl_au", 90), ("_gcl_aw", 90), ("IDE", 390)],
      source: "https://business.safety.google/adscookies/" },
    { "google-analytics", "Google Analytics 4", "Google LLC", "US", "analytics",
      urls: ["www.googletagmanager.com/gtag/js", "*.google-analytics.com"],
      cookies: [("_ga", 730), ("_ga_*", 730)],
      source: "https://support.google.com/analytics/answer/11397207" },
    { "google-tag-manager", "Google Tag Manager", "Google LLC", "US", "analytics",
      urls: ["www.googletagmanager.com/gtm.js", "www.googletagmanager.com/ns.html"],
      cookies: [],
      source: "https://developers.google.com/tag-platform/tag-manager/web" },
    { "google-adsense", "Google AdSense", "Google LLC", "US", "marketing",
      urls: ["pagead2.googlesyndication.com", "*.googlesyndication.com"],
      cookies: [("__gads", 390), ("__gpi", 390), ("__eoi", 180)],
      source: "https://business.safety.google/adscookies/" },
    { "youtube", "YouTube", "Google LLC", "US", "marketing",
      urls: ["www.youtube.com/embed", "www.youtube.com/iframe_api", "www.youtube.com/s/player",
             "www.youtube-nocookie.com/embed"],
      cookies: [("VISITOR_INFO1_LIVE", 180), ("YSC", 0)],
      source: "https://developers.google.com/youtube/player_parameters" },
    { "google-maps", "Google Maps", "Google LLC", "US", "preferences",
      urls: ["maps.googleapis.com/maps/api/js", "www.google.com/maps/embed", "maps.google.com/maps"],
      cookies: [],
      source: "https://developers.google.com/maps/documentation/embed/get-started" },
    { "recaptcha", "Google reCAPTCHA", "Google LLC", "US", "necessary",
      urls: ["www.google.com/recaptcha/", "www.gstatic.com/recaptcha/", "www.recaptcha.net/recaptcha/"],
      cookies: [("_GRECAPTCHA", 180)],
      source: "https://developers.google.com/recaptcha/docs/display" },
    { "google-translate", "Google Translate", "Google LLC", "US", "preferences",
      urls: ["translate.google.com/translate_a/element.js", "translate.googleapis.com"],
      cookies: [("googtrans", 0)],
      source: "https://policies.google.com/technologies/cookies" },
    // Yandex
    { "yandex-audience", "Yandex Audience", "YANDEX LLC", "RU", "marketing",
      urls: ["mc.yandex.ru/pixel", "mc.yandex.com/pixel"],
      cookies: [],
      source: "https://yandex.ru/support/audience/segments/pixel.html" },
    // The counter's code with the "alternative CDN" setting (Yandex Metrica Help, "Counter
    // settings") loads the same tag from jsDelivr's copy of the npm package yandex-metrica-watch.
    { "yandex-metrica", "Yandex Metrica", "YANDEX LLC", "RU", "analytics",
      urls: ["mc.yandex.ru", "mc.yandex.com", "mc.yandex.kz", "mc.webvisor.org",
             "cdn.jsdelivr.net/npm/yandex-metrica-watch/"],
      cookies: [("_ym_uid", 365), ("_ym_d", 365), ("_ym_isad", 1), ("_ym_visorc", 0)],
      source: "https://yandex.ru/support/metrica/general/cookie-usage.html" },
    { "yandex-ads", "Yandex Advertising Network", "YANDEX LLC", "RU", "marketing",
      urls: ["yandex.ru/ads/", "an.yandex.ru", "yandex.kz/ads/"],
      cookies: [],
      source: "https://yandex.ru/support/partner2/web/units/code.html" },
    { "yandex-maps", "Yandex Maps", "YANDEX LLC", "RU", "preferences",
      urls: ["api-maps.yandex.ru", "yandex.ru/map-widget", "yandex.kz/map-widget",
             "yandex.com/map-widget"],
      cookies: [],
      source: "https://yandex.ru/dev/jsapi30/doc/ru/" },
    { "yandex-smartcaptcha", "Yandex SmartCaptcha", "Yandex.Cloud LLC", "RU", "necessary",
      urls: ["smartcaptcha.yandexcloud.net"],
      cookies: [],
      source: "https://yandex.cloud/en/docs/smartcaptcha/concepts/widget-methods" },
    { "yandex-share", "Yandex Share", "YANDEX LLC", "RU", "marketing",
      urls: ["yastatic.net/share2/"],
      cookies: [],
      source: "https://yandex.ru/dev/share/" },
    // Meta
    { "meta-pixel", "Meta Pixel", "Meta Platforms, Inc.", "US", "marketing",
      urls: ["connect.facebook.net"],
      requests: ["www.facebook.com/tr"],
      cookies: [("_fbp", 90), ("_fbc", 90)],
      source: "https://www.facebook.com/business/help/471978536642445" },
    { "facebook-embeds", "Facebook embedded posts", "Meta Platforms, Inc.", "US", "marketing",
      urls: ["www.facebook.com/plugins/"],
      cookies: [],
      source: "https://developers.facebook.com/docs/plugins/embedded-posts/" },
    { "instagram-embeds", "Instagram embeds", "Meta Platforms, Inc.", "US", "marketing",
      urls: ["www.instagram.com/embed.js", "www.instagram.com/p/", "www.instagram.com/reel/"],
      cookies: [],
      source: "https://developers.facebook.com/docs/instagram-platform/embed-button/" },
    // VK
    { "vk-pixel", "VK Ads Pixel (Top@Mail.ru)", "VK LLC", "RU", "marketing",
      urls: ["top-fwz1.mail.ru", "vk.com/js/api/openapi.js", "vk.ru/js/api/openapi.js"],
      requests: ["vk.com/rtrg"],
      cookies: [("tmr_lvid", 365), ("tmr_lvidTS", 365), ("tmr_detect", 1), ("tmr_reqNum", 365)],
      source: "https://ads.vk.com/help/articles/pixel" },
    { "top-mail-ru", "Top@Mail.ru rating", "VK LLC", "RU", "analytics",
      urls: ["top.mail.ru"],
      cookies: [],
      source: "https://top.mail.ru/help/ru/code" },
    { "vk-video", "VK Video", "VK LLC", "RU", "marketing",
      urls: ["vk.com/video_ext.php", "vk.ru/video_ext.php", "vkvideo.ru/video_ext.php"],
      cookies: [],
      source: "https://dev.vk.com/ru/widgets/video" },
    { "ok-widgets", "OK widgets", "VK LLC", "RU", "marketing",
      urls: ["connect.ok.ru"],
      cookies: [],
      source: "https://apiok.ru/ext/like" },
    { "mytarget", "myTarget ads on the site", "VK LLC", "RU", "marketing",
      urls: ["ad.mail.ru/static/", "ad.mail.ru/adq/"],
      cookies: [],
      source: "https://target.vk.ru/help/partners/javascript_api/ru" },
    // TikTok, Telegram, X, LinkedIn, Pinterest, Snap
    { "tiktok-pixel", "TikTok Pixel", "TikTok Pte. Ltd.", "SG", "marketing",
      urls: ["analytics.tiktok.com"],
      cookies: [("_ttp", 390), ("_tt_enable_cookie", 390)],
      source: "https://ads.tiktok.com/help/article/using-cookies-with-tiktok-pixel" },
    { "tiktok-embeds", "TikTok embeds", "TikTok Pte. Ltd.", "SG", "marketing",
      urls: ["www.tiktok.com/embed.js", "www.tiktok.com/embed/", "www.tiktok.com/player/"],
      cookies: [],
      source: "https://developers.tiktok.com/doc/embed-videos/" },
    { "telegram-widgets", "Telegram widgets", "Telegram FZ-LLC", "AE", "preferences",
      urls: ["telegram.org/js/telegram-widget.js", "oauth.telegram.org", "t.me"],
      cookies: [],
      source: "https://core.telegram.org/widgets/post" },
    { "x-pixel", "X Pixel", "X Corp.", "US", "marketing",
      urls: ["static.ads-twitter.com"],
      requests: ["analytics.twitter.com", "t.co/i/adsct"],
      cookies: [("_twclid", 730)],
      source: "https://business.x.com/en/help/campaign-measurement-and-analytics/conversion-tracking-for-websites" },
    { "linkedin-insight", "LinkedIn Insight Tag", "LinkedIn Corporation", "US", "marketing",
      urls: ["snap.licdn.com/li.lms-analytics/"],
      requests: ["px.ads.linkedin.com"],
      cookies: [("li_fat_id", 30), ("li_giant", 7)],
      source: "https://www.linkedin.com/legal/l/cookie-table" },
    { "pinterest-tag", "Pinterest Tag", "Pinterest, Inc.", "US", "marketing",
      urls: ["s.pinimg.com/ct/"],
      requests: ["ct.pinterest.com"],
      cookies: [("_pin_unauth", 365), ("_epik", 365)],
      source: "https://help.pinterest.com/en/business/article/install-the-pinterest-tag" },
    { "snap-pixel", "Snap Pixel", "Snap Inc.", "US", "marketing",
      urls: ["sc-static.net/scevent.min.js"],
      requests: ["tr.snapchat.com"],
      cookies: [("_scid", 395), ("_scid_r", 395)],
      source: "https://businesshelp.snapchat.com/s/article/snap-pixel-about" },
    // Microsoft
    { "microsoft-clarity", "Microsoft Clarity", "Microsoft Corporation", "US", "analytics",
      urls: ["www.clarity.ms", "*.clarity.ms"],
      cookies: [("_clck", 365), ("_clsk", 1), ("CLID", 365)],
      source: "https://learn.microsoft.com/en-us/clarity/setup-and-installation/cookie-list" },
    { "microsoft-ads", "Microsoft Advertising UET", "Microsoft Corporation", "US", "marketing",
      urls: ["bat.bing.com"],
      cookies: [("_uetsid", 1), ("_uetvid", 390)],
      source: "https://help.ads.microsoft.com/#apex/ads/en/56680/2" },
    // Analytics and advertising elsewhere
    { "hotjar", "Hotjar", "Hotjar Ltd", "MT", "analytics",
      urls: ["*.hotjar.com", "*.hotjar.io"],
      cookies: [("_hjSessionUser_*", 365), ("_hjSession_*", 0)],
      source: "https://help.hotjar.com/hc/en-us/articles/6952777582999-Cookies-Set-by-the-Hotjar-Tracking-Code" },
    { "hubspot", "HubSpot", "HubSpot, Inc.", "US", "marketing",
      urls: ["js.hs-scripts.com", "js.hs-analytics.net", "js.hsforms.net", "js.hs-banner.com"],
      cookies: [("__hstc", 180), ("hubspotutk", 180), ("__hssc", 0), ("__hssrc", 0)],
      source: "https://knowledge.hubspot.com/privacy-and-consent/what-cookies-does-hubspot-set-in-a-visitor-s-browser" },
    { "criteo", "Criteo", "Criteo SA", "FR", "marketing",
      urls: ["static.criteo.net", "*.criteo.com", "*.criteo.net"],
      cookies: [("cto_bundle", 395)],
      source: "https://www.criteo.com/privacy/" },
    { "roistat", "Roistat", "Roistat LLC", "RU", "analytics",
      urls: ["cloud.roistat.com"],
      cookies: [("roistat_visit", 14), ("roistat_first_visit", 14), ("roistat_visit_cookie_expire", 14)],
      source: "https://help.roistat.com/pages/viewpage.action?pageId=1835015" },
    { "cloudflare-web-analytics", "Cloudflare Web Analytics", "Cloudflare, Inc.", "US", "analytics",
      urls: ["static.cloudflareinsights.com"],
      cookies: [],
      source: "https://developers.cloudflare.com/web-analytics/" },
    { "tilda-analytics", "Tilda statistics", "Tilda Publishing LLC", "RU", "analytics",
      urls: ["static.tildacdn.com/js/tilda-stat", "static.tildacdn.info/js/tilda-stat"],
      requests: ["stat.tildaapi.com"],
      cookies: [("tildauid", 365), ("tildasid", 0)],
      source: "https://help-ru.tilda.cc/analytics" },
    { "calltouch", "Calltouch", "Calltouch LLC", "RU", "analytics",
      urls: ["mod.calltouch.ru"],
      cookies: [("_ct", 365), ("_ct_ids", 1), ("_ct_session_id", 1), ("_ct_site_id", 1),
                ("call_s", 1), ("cted", 1)],
      source: "https://www.calltouch.ru/support/ustanovka-skripta-calltouch-na-sayt/" },
    { "mindbox", "Mindbox", "Mindbox LLC", "RU", "marketing",
      urls: ["api.mindbox.ru/scripts/"],
      cookies: [("mindboxDeviceUUID", 365), ("directCrm-session", 0)],
      source: "https://help.mindbox.ru/docs/deviceuuid" },
    { "retail-rocket", "Retail Rocket", "Retail Rocket LLC", "RU", "marketing",
      urls: ["cdn.retailrocket.ru", "cdn.retailrocket.net", "api.retailrocket.ru", "api.retailrocket.net"],
      cookies: [("rcuid", 365), ("rrpvid", 365)],
      source: "https://docs.retailrocket.net/reference/session-management" },
    { "admitad", "Admitad", "Admitad GmbH", "DE", "marketing",
      urls: ["www.artfut.com/static/", "*.admitad.com"],
      cookies: [],
      source: "https://www.admitad.com/en/webmaster/tracking/" },
    // Chats, CRM forms, notifications
    { "jivo", "Jivo", "Zhivoi Sait LLC", "RU", "preferences",
      urls: ["code.jivo.ru", "code.jivosite.com", "*.jivosite.com", "*.jivo.ru"],
      cookies: [("jv_*", 365)],
      source: "https://www.jivo.ru/help/install/" },
    { "bitrix24", "Bitrix24 widget and CRM forms", "1C-Bitrix LLC", "RU", "preferences",
      urls: ["*.bitrix24.ru", "*.bitrix24.kz", "*.bitrix24.com", "*.bitrix24.by"],
      cookies: [],
      source: "https://helpdesk.bitrix24.ru/open/6986667/" },
    { "amocrm", "amoCRM forms and chat button", "amoCRM JSC", "RU", "preferences",
      urls: ["*.amocrm.ru", "*.amocrm.com"],
      cookies: [],
      source: "https://www.amocrm.ru/support/forms" },
    { "carrot-quest", "Carrot quest", "Carrot quest LLC", "RU", "marketing",
      urls: ["cdn.carrotquest.app", "cdn.carrotquest.io", "*.carrotquest.app", "*.carrotquest.io"],
      cookies: [("carrotquest_device_guid", 365), ("carrotquest_uid", 365),
                ("carrotquest_auth_token", 365), ("carrotquest_jwt_access", 1),
                ("carrotquest_realtime_services_transport", 1)],
      source: "https://help.carrotquest.io/article/installing-the-service-on-the-site" },
    { "callbackhunter", "CallbackHunter", "CallbackHunter LLC", "RU", "preferences",
      urls: ["cdn.callbackhunter.com"],
      cookies: [],
      source: "https://callbackhunter.com/" },
    { "tawk-to", "tawk.to", "tawk.to, Inc.", "US", "preferences",
      urls: ["embed.tawk.to", "*.tawk.to"],
      cookies: [("TawkConnectionTime", 0), ("twk_uuid_*", 180)],
      source: "https://help.tawk.to/article/what-cookies-does-tawkto-use" },
    { "onesignal", "OneSignal", "OneSignal, Inc.", "US", "preferences",
      urls: ["cdn.onesignal.com"],
      cookies: [],
      source: "https://documentation.onesignal.com/docs/web-push-quickstart" },
    // Video and maps
    { "vimeo", "Vimeo", "Vimeo.com, Inc.", "US", "marketing",
      urls: ["player.vimeo.com"],
      cookies: [("vuid", 730)],
      source: "https://vimeo.com/cookie_policy" },
    { "rutube", "Rutube", "RUFORM LLC", "RU", "marketing",
      urls: ["rutube.ru/play/embed", "rutube.ru/video/embed"],
      cookies: [],
      source: "https://rutube.ru/info/embed/" },
    { "dgis-maps", "2GIS maps", "DoubleGIS LLC", "RU", "preferences",
      urls: ["maps.api.2gis.ru", "mapgl.2gis.com", "widgets.2gis.com"],
      cookies: [],
      source: "https://docs.2gis.com/en/mapgl/start/first-steps" },
    // Payment, protection, errors
    { "kaspi-button", "Kaspi.kz button", "Kaspi Bank JSC", "KZ", "preferences",
      urls: ["kaspi.kz/kaspibutton/"],
      cookies: [],
      source: "https://guide.kaspi.kz/partner/ru/shop/conditions/kaspi_button" },
    { "cloudflare-turnstile", "Cloudflare Turnstile", "Cloudflare, Inc.", "US", "necessary",
      urls: ["challenges.cloudflare.com"],
      cookies: [],
      source: "https://developers.cloudflare.com/turnstile/get-started/client-side-rendering/" },
    { "sentry", "Sentry", "Functional Software, Inc.", "US", "necessary",
      urls: ["browser.sentry-cdn.com", "js.sentry-cdn.com"],
      requests: ["*.ingest.sentry.io", "*.ingest.us.sentry.io"],
      cookies: [],
      source: "https://docs.sentry.io/platforms/javascript/install/loader/" },
}
