//! The catalogue of known services (`kelisim::catalogue`): its entries are well formed, every
//! URL pattern matches its vendor's documented snippet URL, every text exists in kk, ru and en,
//! a configuration that names a service by id inherits its disclosures (what it states itself
//! wins), and the disclosures, the record and the cleanup follow the catalogue. The book's table
//! of services (docs/book/src/catalogue.md) is checked against the catalogue here too.
#![cfg(not(target_arch = "wasm32"))]

use kelisim::catalogue::{self, by_id, match_cookie, match_element, match_url, services};
use kelisim::config::{self, is_identifier, Config, Text};
use kelisim::lang::Lang;
use std::collections::BTreeSet;
use std::path::Path;

/// One URL per service as its vendor's documentation writes the snippet (script `src`, iframe
/// `src` or the pixel's request), and the service it must be recognised as.
const EXAMPLES: &[(&str, &str)] = &[
    (
        "https://www.googletagmanager.com/gtag/js?id=G-XXXXXXX",
        "google-analytics",
    ),
    (
        "https://region1.google-analytics.com/g/collect?v=2",
        "google-analytics",
    ),
    (
        "https://www.googletagmanager.com/gtm.js?id=GTM-XXXX",
        "google-tag-manager",
    ),
    (
        "https://www.googletagmanager.com/ns.html?id=GTM-XXXX",
        "google-tag-manager",
    ),
    (
        "https://www.googleadservices.com/pagead/conversion.js",
        "google-ads",
    ),
    // The Google tag of an Ads account (Google Ads Help, "Set up conversion tracking for your
    // website"), and the file it loads for an Ads account configured in another tag.
    (
        "https://www.googletagmanager.com/gtag/js?id=AW-123456789",
        "google-ads",
    ),
    (
        "https://www.googletagmanager.com/gtag/destination?id=AW-123456789&l=dataLayer&cx=c",
        "google-ads",
    ),
    // A Floodlight advertiser's Google tag (Campaign Manager 360 Help, "Global site tag").
    (
        "https://www.googletagmanager.com/gtag/js?id=DC-1234567",
        "google-ads",
    ),
    (
        "https://www.googletagmanager.com/gtag/destination?id=DC-1234567&l=dataLayer&cx=c",
        "google-ads",
    ),
    ("https://ad.doubleclick.net/activity;src=123", "google-ads"),
    (
        "https://pagead2.googlesyndication.com/pagead/js/adsbygoogle.js?client=ca-pub-1",
        "google-adsense",
    ),
    ("https://www.youtube.com/embed/dQw4w9WgXcQ", "youtube"),
    ("https://www.youtube.com/iframe_api", "youtube"),
    (
        "https://www.youtube-nocookie.com/embed/dQw4w9WgXcQ",
        "youtube",
    ),
    (
        "https://maps.googleapis.com/maps/api/js?key=KEY&callback=initMap",
        "google-maps",
    ),
    ("https://www.google.com/maps/embed?pb=!1m18", "google-maps"),
    ("https://www.google.com/recaptcha/api.js", "recaptcha"),
    (
        "https://www.gstatic.com/recaptcha/releases/abc/recaptcha__ru.js",
        "recaptcha",
    ),
    (
        "//translate.google.com/translate_a/element.js?cb=googleTranslateElementInit",
        "google-translate",
    ),
    (
        "https://mc.yandex.ru/pixel/1234567890?rnd=%aw_random%",
        "yandex-audience",
    ),
    ("https://mc.yandex.ru/metrika/tag.js", "yandex-metrica"),
    ("https://mc.yandex.ru/watch/12345678", "yandex-metrica"),
    ("https://mc.yandex.com/metrika/tag.js", "yandex-metrica"),
    ("https://yandex.ru/ads/system/context.js", "yandex-ads"),
    (
        "https://api-maps.yandex.ru/v3/?apikey=KEY&lang=ru_RU",
        "yandex-maps",
    ),
    (
        "https://yandex.ru/map-widget/v1/?um=constructor%3Aabc",
        "yandex-maps",
    ),
    (
        "https://smartcaptcha.yandexcloud.net/captcha.js",
        "yandex-smartcaptcha",
    ),
    ("https://yastatic.net/share2/share.js", "yandex-share"),
    (
        "https://connect.facebook.net/en_US/fbevents.js",
        "meta-pixel",
    ),
    (
        "https://www.facebook.com/tr?id=123&ev=PageView&noscript=1",
        "meta-pixel",
    ),
    (
        "https://www.facebook.com/plugins/post.php?href=https%3A%2F%2Fwww.facebook.com%2F",
        "facebook-embeds",
    ),
    ("https://www.instagram.com/embed.js", "instagram-embeds"),
    (
        "https://www.instagram.com/p/C1a2b3c4d5e/embed",
        "instagram-embeds",
    ),
    ("https://top-fwz1.mail.ru/js/code.js", "vk-pixel"),
    ("https://vk.com/js/api/openapi.js?169", "vk-pixel"),
    ("https://vk.com/rtrg?p=VK-RTRG-123456-abcde", "vk-pixel"),
    (
        "https://top.mail.ru/counter?id=1234567;js=na",
        "top-mail-ru",
    ),
    ("https://vk.com/video_ext.php?oid=-1&id=2&hd=2", "vk-video"),
    ("https://vkvideo.ru/video_ext.php?oid=-1&id=2", "vk-video"),
    ("https://connect.ok.ru/connect.js", "ok-widgets"),
    (
        "https://analytics.tiktok.com/i18n/pixel/events.js?sdkid=ABC",
        "tiktok-pixel",
    ),
    ("https://www.tiktok.com/embed.js", "tiktok-embeds"),
    (
        "https://www.tiktok.com/embed/v2/7100000000000000000",
        "tiktok-embeds",
    ),
    (
        "https://telegram.org/js/telegram-widget.js?22",
        "telegram-widgets",
    ),
    ("https://t.me/durov/68?embed=1", "telegram-widgets"),
    ("https://static.ads-twitter.com/uwt.js", "x-pixel"),
    (
        "https://snap.licdn.com/li.lms-analytics/insight.min.js",
        "linkedin-insight",
    ),
    (
        "https://px.ads.linkedin.com/collect/?pid=123&fmt=gif",
        "linkedin-insight",
    ),
    ("https://s.pinimg.com/ct/core.js", "pinterest-tag"),
    (
        "https://ct.pinterest.com/v3/?event=init&tid=123",
        "pinterest-tag",
    ),
    ("https://sc-static.net/scevent.min.js", "snap-pixel"),
    ("https://www.clarity.ms/tag/abcdefghij", "microsoft-clarity"),
    ("https://bat.bing.com/bat.js", "microsoft-ads"),
    (
        "https://static.hotjar.com/c/hotjar-123456.js?sv=6",
        "hotjar",
    ),
    ("https://js.hs-scripts.com/1234567.js", "hubspot"),
    ("https://static.criteo.net/js/ld/ld.js", "criteo"),
    (
        "https://cloud.roistat.com/api/site/1.0/abc/init?referrer=",
        "roistat",
    ),
    (
        "https://static.cloudflareinsights.com/beacon.min.js",
        "cloudflare-web-analytics",
    ),
    ("//code.jivo.ru/widget/AbCdEf", "jivo"),
    ("https://code.jivosite.com/widget/AbCdEf", "jivo"),
    (
        "https://cdn-ru.bitrix24.ru/b123/crm/site_button/loader_1_abc.js",
        "bitrix24",
    ),
    (
        "https://cdn-ru.bitrix24.kz/b123/crm/form/loader_2.js",
        "bitrix24",
    ),
    ("https://embed.tawk.to/1234567890abcdef/default", "tawk-to"),
    (
        "https://cdn.onesignal.com/sdks/web/v16/OneSignalSDK.page.js",
        "onesignal",
    ),
    ("https://player.vimeo.com/video/76979871", "vimeo"),
    ("https://rutube.ru/play/embed/abcdef0123456789", "rutube"),
    ("https://mapgl.2gis.com/api/js/v1", "dgis-maps"),
    (
        "https://maps.api.2gis.ru/2.0/loader.js?pkg=full",
        "dgis-maps",
    ),
    (
        "https://kaspi.kz/kaspibutton/widget/ks-wi_ext.js",
        "kaspi-button",
    ),
    ("https://ad.mail.ru/static/ads-async.js", "mytarget"),
    (
        "https://static.tildacdn.com/js/tilda-stat-1.0.min.js",
        "tilda-analytics",
    ),
    ("https://mod.calltouch.ru/init.js?id=abcd1234", "calltouch"),
    ("https://api.mindbox.ru/scripts/v1/tracker.js", "mindbox"),
    (
        "https://cdn.retailrocket.ru/content/javascript/tracking.js",
        "retail-rocket",
    ),
    (
        "https://www.artfut.com/static/tagtag.min.js?campaign_code=abc",
        "admitad",
    ),
    (
        "https://forms.amocrm.ru/forms/assets/js/amoforms.js?1700000000",
        "amocrm",
    ),
    ("https://gso.amocrm.ru/js/button.js", "amocrm"),
    ("https://cdn.carrotquest.app/api.min.js", "carrot-quest"),
    (
        "//cdn.callbackhunter.com/cbh.js?hunter_code=0123456789abcdef",
        "callbackhunter",
    ),
    (
        "https://challenges.cloudflare.com/turnstile/v0/api.js",
        "cloudflare-turnstile",
    ),
    (
        "https://js.sentry-cdn.com/abcdef0123456789.min.js",
        "sentry",
    ),
    (
        "https://browser.sentry-cdn.com/8.0.0/bundle.min.js",
        "sentry",
    ),
];

/// The other hosts and paths of the same snippets (mirrors, other countries' domains, the
/// requests the scripts send), so that every pattern is exercised by one URL.
const MORE_HOSTS: &[(&str, &str)] = &[
    (
        "https://www.youtube.com/s/player/abc123/www-widgetapi.vflset/www-widgetapi.js",
        "youtube",
    ),
    (
        "https://maps.google.com/maps?q=Almaty&output=embed",
        "google-maps",
    ),
    ("https://www.recaptcha.net/recaptcha/api.js", "recaptcha"),
    (
        "https://translate.googleapis.com/translate_static/js/element/main.js",
        "google-translate",
    ),
    (
        "https://mc.yandex.com/pixel/1234567890?rnd=1",
        "yandex-audience",
    ),
    ("https://mc.yandex.kz/metrika/tag.js", "yandex-metrica"),
    // The counter with the "alternative CDN" setting.
    (
        "https://cdn.jsdelivr.net/npm/yandex-metrica-watch/tag.js",
        "yandex-metrica",
    ),
    (
        "https://mc.webvisor.org/metrika/tag_ww.js",
        "yandex-metrica",
    ),
    ("https://an.yandex.ru/system/context.js", "yandex-ads"),
    ("https://yandex.kz/ads/system/context.js", "yandex-ads"),
    (
        "https://yandex.kz/map-widget/v1/?ll=76.9%2C43.2&z=12",
        "yandex-maps",
    ),
    (
        "https://yandex.com/map-widget/v1/?ll=71.4%2C51.1&z=12",
        "yandex-maps",
    ),
    (
        "https://www.instagram.com/reel/C1a2b3c4d5e/embed",
        "instagram-embeds",
    ),
    ("https://vk.ru/js/api/openapi.js?169", "vk-pixel"),
    ("https://vk.ru/video_ext.php?oid=-1&id=2", "vk-video"),
    (
        "https://www.tiktok.com/player/v1/7100000000000000000",
        "tiktok-embeds",
    ),
    (
        "https://oauth.telegram.org/embed/samplebot?origin=https%3A%2F%2Fexample.kz",
        "telegram-widgets",
    ),
    (
        "https://analytics.twitter.com/i/adsct?txn_id=abc",
        "x-pixel",
    ),
    ("https://t.co/i/adsct?txn_id=abc", "x-pixel"),
    ("https://tr.snapchat.com/p", "snap-pixel"),
    ("https://d.clarity.ms/collect", "microsoft-clarity"),
    ("https://metrics.hotjar.io/", "hotjar"),
    (
        "https://js.hs-analytics.net/analytics/1700000000000/1234567.js",
        "hubspot",
    ),
    ("https://js.hsforms.net/forms/embed/v2.js", "hubspot"),
    ("https://js.hs-banner.com/v2/1234567/banner.js", "hubspot"),
    ("https://sslwidget.criteo.com/event?a=1", "criteo"),
    (
        "https://cdn.bitrix24.com/b123/crm/site_button/loader_1_abc.js",
        "bitrix24",
    ),
    (
        "https://cdn-ru.bitrix24.by/b123/crm/form/loader_3.js",
        "bitrix24",
    ),
    ("https://rutube.ru/video/embed/123456", "rutube"),
    ("https://widgets.2gis.com/js/DGWidgetLoader.js", "dgis-maps"),
    ("https://ad.mail.ru/adq/?q=1", "mytarget"),
    (
        "https://static.tildacdn.info/js/tilda-stat-1.0.min.js",
        "tilda-analytics",
    ),
    ("https://stat.tildaapi.com/event/", "tilda-analytics"),
    (
        "https://cdn.retailrocket.net/content/javascript/tracking.js",
        "retail-rocket",
    ),
    (
        "https://api.retailrocket.ru/api/2.0/recommendation/popular/1/",
        "retail-rocket",
    ),
    (
        "https://api.retailrocket.net/api/2.0/recommendation/popular/1/",
        "retail-rocket",
    ),
    ("https://ad.admitad.com/goto/abc/", "admitad"),
    (
        "https://forms.amocrm.com/forms/assets/js/amoforms.js",
        "amocrm",
    ),
    ("https://cdn.carrotquest.io/api.min.js", "carrot-quest"),
    ("https://api.carrotquest.app/v1/users", "carrot-quest"),
    ("https://api.carrotquest.io/v1/users", "carrot-quest"),
    ("https://o1.ingest.sentry.io/api/1/envelope/", "sentry"),
    ("https://o1.ingest.us.sentry.io/api/1/envelope/", "sentry"),
];

/// URLs that are no service's: libraries from CDNs, the site's own files, look-alike hosts.
const NOT_SERVICES: &[&str] = &[
    "https://cdn.jsdelivr.net/npm/jquery@3/dist/jquery.min.js",
    "https://code.jquery.com/jquery-3.7.1.min.js",
    "https://static.tildacdn.com/js/tilda-scripts-3.0.min.js",
    "https://static.tildacdn.com/js/tilda-forms-1.0.min.js",
    "https://mail.ru/",
    "https://www.admitad.example.kz/",
    "https://www.google.com/search?q=kelisim",
    "https://yandex.ru/maps/",
    "https://www.youtube.com/watch?v=dQw4w9WgXcQ",
    "https://mc.yandex.ru.example.kz/metrika/tag.js",
    "https://notclarity.ms/tag/x",
    "/js/app.js",
];

#[test]
fn every_entry_is_well_formed_and_every_id_unique() {
    let all = services();
    assert!(all.len() >= 44, "{} services", all.len());
    let mut ids = BTreeSet::new();
    for s in all {
        assert!(ids.insert(s.id), "{} twice", s.id);
        assert!(
            is_identifier(s.id),
            "{}: not a configuration identifier",
            s.id
        );
        assert!(
            config::DEFAULT_CATEGORIES.contains(&s.category),
            "{}: category {}",
            s.id,
            s.category
        );
        assert!(
            s.country.len() == 2 && s.country.bytes().all(|b| b.is_ascii_uppercase()),
            "{}: country {}",
            s.id,
            s.country
        );
        assert!(s.source.starts_with("https://"), "{}: source", s.id);
        assert!(!s.name.is_empty() && !s.provider.is_empty(), "{}", s.id);
        assert!(!s.urls.is_empty(), "{}: no URL pattern", s.id);
        for p in s.urls.iter().chain(s.requests) {
            let host = p.split('/').next().unwrap();
            let host = host.strip_prefix("*.").unwrap_or(host);
            assert!(
                host.contains('.') && !host.contains('*') && !p.contains("://"),
                "{}: pattern {p}",
                s.id
            );
        }
        for c in s.cookies {
            assert!(
                !c.name.is_empty() && !c.name[..c.name.len() - 1].contains('*'),
                "{}: cookie {}",
                s.id,
                c.name
            );
        }
        // The compact tables the bundles read agree with the full one.
        assert_eq!(catalogue::name(s.id), Some(s.name));
        for c in s.cookies {
            assert_eq!(catalogue::cookie_days(s.id, c.name), Some(c.days));
        }
        let (country, cookies) = catalogue::brief(s.id).unwrap();
        assert_eq!(country, s.country, "{}", s.id);
        assert_eq!(
            cookies.collect::<Vec<_>>(),
            s.cookies.iter().map(|c| c.name).collect::<Vec<_>>()
        );
    }
    // The loader names what it holds by index; the first layer reads id and category back.
    for (i, s) in all.iter().enumerate() {
        assert_eq!(catalogue::nth(i), Some(s.id));
        assert_eq!(catalogue::default_category(s.id), Some(s.category));
    }
    assert_eq!(catalogue::nth(all.len()), None);
    assert_eq!(catalogue::default_category("my-own-chat"), None);
    assert!(catalogue::brief("my-own-chat").is_none());
    assert!(catalogue::brief("").is_none());
}

#[test]
fn every_pattern_matches_its_vendors_documented_url() {
    for (url, id) in EXAMPLES.iter().chain(MORE_HOSTS) {
        assert_eq!(match_url(url).map(|s| s.id), Some(*id), "{url}");
    }
    // Every service has an example, and every pattern of it is exercised by one.
    for s in services() {
        assert!(
            EXAMPLES.iter().any(|(_, id)| *id == s.id),
            "{}: no example URL",
            s.id
        );
        for p in s.urls.iter().chain(s.requests) {
            let reached = (EXAMPLES.iter().chain(MORE_HOSTS))
                .any(|(url, _)| catalogue::pattern_matches(p, url));
            assert!(reached, "{}: pattern {p} matches no example", s.id);
        }
    }
    // A documented script or iframe URL is what the loader holds; a request (a pixel, a hit) is
    // recognised by the audit only.
    for (url, id) in EXAMPLES.iter().chain(MORE_HOSTS) {
        let s = by_id(id).unwrap();
        let request = s
            .requests
            .iter()
            .any(|p| catalogue::pattern_matches(p, url));
        let element = match_element(url).map(|s| s.id);
        assert!(
            element == Some(*id) || request,
            "{url}: held as {element:?}"
        );
    }
    for url in NOT_SERVICES {
        assert_eq!(match_url(url).map(|s| s.id), None, "{url}");
    }
}

/// Every pattern's own URL (its host, path and query as written) is its service's: a service
/// whose pattern covers another's comes after it (`mc.yandex.ru` after `mc.yandex.ru/pixel`, the
/// Google tag `gtag/js` after the Ads account's `gtag/js?id=AW-`), or the other never matched.
#[test]
fn no_pattern_is_hidden_by_an_earlier_service() {
    for s in services() {
        for p in s.urls.iter().chain(s.requests) {
            let url = format!("https://{}", p.trim_start_matches("*."));
            assert_eq!(match_url(&url).map(|m| m.id), Some(s.id), "{url}");
            if s.urls.contains(p) {
                assert_eq!(match_element(&url).map(|m| m.id), Some(s.id), "{url}");
            }
        }
    }
}

/// The URLs the loader's matcher and [`match_element`] must agree on: every documented URL, one URL
/// built from every pattern, and near misses of each (look-alike hosts, a shorter path, other
/// schemes, ports, credentials, case, query and fragment, relative URLs).
fn agreement_urls() -> Vec<String> {
    let mut urls: Vec<String> = (EXAMPLES.iter().chain(MORE_HOSTS))
        .map(|(u, _)| u.to_string())
        .chain(NOT_SERVICES.iter().map(|u| u.to_string()))
        .collect();
    for s in services() {
        for p in s.urls.iter().chain(s.requests) {
            let (host, path) = p.split_once('/').map_or((*p, ""), |(h, rest)| (h, rest));
            let (bare, sub) = match host.strip_prefix("*.") {
                Some(d) => (d, format!("a.b.{d}")),
                None => (host, host.to_owned()),
            };
            let shorter = &path[..path.len().saturating_sub(1)];
            for h in [bare.to_owned(), sub.clone()] {
                urls.extend([
                    format!("https://{h}/{path}"),
                    format!("http://{h}/{path}x.js?a=/b#c"),
                    format!("//{h}/{path}"),
                    format!("https://user:pw@{}:8443/{path}", h.to_uppercase()),
                    format!("https://x{h}/{path}"),
                    format!("https://{h}.evil.kz/{path}"),
                    format!("https://{h}x/{path}"),
                    format!("https://evil.kz/{h}/{path}"),
                    format!("https://{h}/{shorter}"),
                    format!("https://{h}/x/{path}"),
                    format!("ftp://{h}/{path}"),
                    format!("javascript://{h}/{path}"),
                    format!("/{h}/{path}"),
                    format!("{h}/{path}"),
                ]);
            }
        }
    }
    urls
}

/// Runs the loader's generated matcher (its `/*@autoblock*/` block, as committed) in Node over
/// `urls`: the id of the service each is held as, or `None`.
fn loader_answers(urls: &[String]) -> Vec<Option<&'static str>> {
    let loader = include_str!("../loader/kelisim.js");
    let start = loader.find("/*@autoblock*/").unwrap();
    let end = start + loader[start..].find("/*@end*/").unwrap();
    let script = format!(
        "var d = {{ baseURI: 'https://shop.example.kz/catalog/page.html' }};\n{}\n\
         var urls = JSON.parse(require('fs').readFileSync(0, 'utf8'));\n\
         console.log(JSON.stringify(urls.map(abMatch)));",
        &loader[start..end]
    );
    let mut child = std::process::Command::new("node")
        .arg("-e")
        .arg(script)
        .stdin(std::process::Stdio::piped())
        .stdout(std::process::Stdio::piped())
        .spawn()
        .expect("node runs the loader's matcher (scripts/setup.sh installs it)");
    use std::io::Write;
    let input = serde_json::to_string(urls).unwrap();
    child
        .stdin
        .take()
        .unwrap()
        .write_all(input.as_bytes())
        .unwrap();
    let out = child.wait_with_output().unwrap();
    assert!(
        out.status.success(),
        "node: {}",
        String::from_utf8_lossy(&out.stderr)
    );
    let indexes: Vec<i64> = serde_json::from_slice(&out.stdout).unwrap();
    (indexes.into_iter())
        .map(|i| usize::try_from(i).ok().map(|i| services()[i].id))
        .collect()
}

#[test]
fn the_loaders_matcher_decides_as_the_catalogue() {
    let urls = agreement_urls();
    let answers = loader_answers(&urls);
    assert_eq!(answers.len(), urls.len());
    let mut held = 0;
    for (url, answer) in urls.iter().zip(&answers) {
        let expected = match_element(url).map(|s| s.id);
        assert_eq!(
            answer, &expected,
            "{url}: the loader and match_element differ"
        );
        held += usize::from(answer.is_some());
    }
    // Both answers occur often: the near misses are misses, the patterns' URLs hits.
    assert!(
        held > 300 && urls.len() - held > 1000,
        "{held} of {}",
        urls.len()
    );
}

#[test]
fn cookies_name_their_service() {
    for (name, id) in [
        ("_ga", "google-analytics"),
        ("_ga_ABC123", "google-analytics"),
        ("_ym_uid", "yandex-metrica"),
        ("_fbp", "meta-pixel"),
        ("_ttp", "tiktok-pixel"),
        ("tmr_lvid", "vk-pixel"),
        ("_clck", "microsoft-clarity"),
        ("_hjSessionUser_123", "hotjar"),
        ("jv_visits_count_abc", "jivo"),
    ] {
        assert_eq!(match_cookie(name).map(|s| s.id), Some(id), "{name}");
    }
    assert!(match_cookie("PHPSESSID").is_none());
}

/// The message ids (not terms) of `locales/<lang>/catalogue.ftl`.
fn catalogue_ids(lang: &str) -> BTreeSet<String> {
    let path = Path::new(env!("CARGO_MANIFEST_DIR")).join(format!("locales/{lang}/catalogue.ftl"));
    std::fs::read_to_string(path)
        .unwrap()
        .lines()
        .filter(|l| !l.starts_with(['#', '-', ' ']) && l.contains('='))
        .map(|l| l.split('=').next().unwrap().trim().to_owned())
        .collect()
}

#[test]
fn every_text_is_there_in_kk_ru_and_en() {
    let expected: BTreeSet<String> = services()
        .iter()
        .flat_map(|s| [format!("{}-provider", s.id), format!("{}-purpose", s.id)])
        .collect();
    for lang in Lang::ALL {
        assert_eq!(
            catalogue_ids(lang.code()),
            expected,
            "locales/{}/catalogue.ftl",
            lang.code()
        );
        for s in services() {
            let provider = catalogue::provider(lang, s.id).unwrap_or_default();
            let purpose = catalogue::purpose(lang, s.id).unwrap_or_default();
            assert!(
                !provider.is_empty() && !purpose.is_empty(),
                "{} in {lang:?}",
                s.id
            );
            if lang == Lang::En {
                assert_eq!(provider, s.provider, "{}: the English legal name", s.id);
            }
        }
    }
    // Kazakh and Russian differ where the law's words do.
    assert_eq!(
        catalogue::provider(Lang::Ru, "yandex-metrica"),
        Some("ООО «Яндекс»")
    );
    assert_eq!(
        catalogue::provider(Lang::Kk, "yandex-metrica"),
        Some("«Яндекс» ЖШҚ")
    );
    assert!(catalogue::purpose(Lang::Kk, "yandex-metrica")
        .unwrap()
        .contains("статистика"));
    assert_eq!(catalogue::provider(Lang::En, "no-such-service"), None);
}

fn parse(json: &str) -> Config {
    let (config, diagnostics) = config::parse(json);
    config.unwrap_or_else(|_| panic!("{json}: {diagnostics:?}"))
}

#[test]
fn a_service_named_by_id_inherits_every_disclosure() {
    let config =
        parse(r#"{"categories": [{"id": "analytics", "services": [{"id": "yandex-metrica"}]}]}"#);
    let s = &config.category("analytics").unwrap().services[0];
    assert_eq!(s.country.as_deref(), Some("RU"));
    let cookies: Vec<_> = s.cookies.iter().map(|c| c.name.as_str()).collect();
    assert_eq!(cookies, ["_ym_uid", "_ym_d", "_ym_isad", "_ym_visorc"]);
    assert_eq!(s.title(), Text::Plain("Yandex Metrica".into()));
    assert_eq!(s.provider_text().unwrap().get(Lang::Ru), "ООО «Яндекс»");
    assert_eq!(s.provider_text().unwrap().get(Lang::En), "YANDEX LLC");
    assert!(s
        .purpose_text()
        .unwrap()
        .get(Lang::En)
        .contains("Statistics"));
    assert_eq!(s.cookie_days("_ym_uid"), Some(365));
    assert!(config.has_third_parties());
    assert_eq!(config.providers().len(), 1);
    assert_eq!(config.countries(), ["RU"]);
    // The texts the visitor sees are part of the record's hash.
    let shown = config.shown_texts(Lang::Ru);
    assert!(shown.contains(&(
        "categories[1].services[0].provider".into(),
        "ООО «Яндекс»".into()
    )));
}

#[test]
fn what_the_configuration_states_itself_wins() {
    let config = parse(
        r#"{"categories": [{"id": "analytics", "services": [{"id": "google-analytics",
            "name": "GA", "provider": {"ru": "Гугл", "en": "Google"}, "purpose": "Stats",
            "country": "IE", "cookies": [{"name": "_ga", "domain": ".example.kz"}]}]}]}"#,
    );
    let s = &config.category("analytics").unwrap().services[0];
    assert_eq!(s.country.as_deref(), Some("IE"));
    assert_eq!(s.cookies.len(), 1);
    assert_eq!(s.cookies[0].domain.as_deref(), Some(".example.kz"));
    assert_eq!(s.title().get(Lang::En), "GA");
    assert_eq!(s.provider_text().unwrap().get(Lang::Ru), "Гугл");
    assert_eq!(s.purpose_text().unwrap().get(Lang::Kk), "Stats");
    assert_eq!(config.countries(), ["IE"]);
}

#[test]
fn the_sites_own_category_wins_over_the_default() {
    let config =
        parse(r#"{"categories": [{"id": "marketing", "services": [{"id": "yandex-metrica"}]}]}"#);
    assert_eq!(by_id("yandex-metrica").unwrap().category, "analytics");
    assert_eq!(config.service_category("yandex-metrica"), Some("marketing"));
    // A catalogue service the site does not list keeps its default; an unknown id has none.
    assert_eq!(config.service_category("meta-pixel"), Some("marketing"));
    assert_eq!(config.service_category("my-own-chat"), None);
    // Refusing marketing (the site's category) deletes Metrica's cookies; analytics granted does
    // not keep them.
    let granted: kelisim::ids::Ids = ["necessary".into(), "analytics".into()].into();
    let out = kelisim::cleanup::deletions(
        &config,
        &granted,
        "_ym_uid=1; _ym_d=2",
        "example.kz",
        true,
        false,
    );
    assert!(out.iter().any(|d| d.starts_with("_ym_uid=;")), "{out:?}");
}

#[test]
fn an_unknown_id_keeps_todays_behaviour() {
    let config =
        parse(r#"{"categories": [{"id": "analytics", "services": [{"id": "my-own-chat"}]}]}"#);
    let s = &config.category("analytics").unwrap().services[0];
    assert!(s.country.is_none() && s.cookies.is_empty() && s.provider_text().is_none());
    assert_eq!(s.title(), Text::Plain("my-own-chat".into()));
    assert!(!config.has_third_parties() && config.countries().is_empty());
    // And an invalid fact stated for a catalogue id is still an error naming its key.
    let (result, diagnostics) = config::parse(
        r#"{"categories": [{"id": "analytics", "services": [{"id": "yandex-metrica", "country": "russia"}]}]}"#,
    );
    assert!(result.is_err());
    assert_eq!(diagnostics[0].path, "categories[0].services[0].country");
}

#[test]
fn the_disclosures_and_the_record_follow_the_catalogue() {
    let config = parse(
        r#"{"cross_border": ["DE"], "categories": [
            {"id": "analytics", "services": [{"id": "yandex-metrica"}, {"id": "google-analytics"}]},
            {"id": "marketing", "services": [{"id": "kaspi-button"}, {"id": "meta-pixel"}]}]}"#,
    );
    // The configuration's countries first, then the services', each once; Kazakhstan is home.
    assert_eq!(config.countries(), ["DE", "RU", "US"]);
    let en = kelisim::disclosure::first_layer(
        &config,
        Lang::En,
        |m| kelisim::i18n::first_text(Lang::En, m).to_owned(),
        |c| kelisim::country::name_or_code(c, Lang::En),
    );
    assert!(en.contains("third parties"), "{en}");
    assert!(en.contains("Germany, Russia, United States"), "{en}");
    let providers: Vec<String> = (config.providers().iter())
        .map(|p| p.get(Lang::En).to_owned())
        .collect();
    assert_eq!(
        providers,
        [
            "YANDEX LLC",
            "Google LLC",
            "Kaspi Bank JSC",
            "Meta Platforms, Inc."
        ]
    );
    use kelisim::consent::{apply, Change, Context, Surface};
    use kelisim::record::{build, BrowserFacts};
    let ctx = Context {
        language: Lang::Ru,
        now: 1_764_000_000,
        gpc: false,
        new_id: "0b0e4a52-6c8a-4d8e-9a57-3f1b2c4d5e6f".into(),
    };
    let t = apply(None, &Change::RejectAll, &config, ctx);
    let record = build(
        &config,
        &t.consent,
        t.event,
        t.action,
        Surface::Banner,
        &BrowserFacts::default(),
    );
    assert!(record.cross_border && record.third_parties);
    assert_eq!(record.cross_border_countries, ["DE", "RU", "US"]);
    assert_eq!(record.third_party_providers[0], "ООО «Яндекс»");
    assert_eq!(record.services.get("yandex-metrica"), Some(&false));
}

#[test]
fn cleanup_deletes_a_refused_catalogue_services_cookies() {
    let config = parse(
        r#"{"categories": [{"id": "analytics", "services": [{"id": "google-analytics"}]},
            {"id": "marketing", "services": [{"id": "meta-pixel"}]}]}"#,
    );
    let header = "_ga=1; _ga_ABC=2; _fbp=3; own=4";
    let granted: kelisim::ids::Ids = ["necessary".into(), "marketing".into()].into();
    let out =
        kelisim::cleanup::deletions(&config, &granted, header, "shop.example.kz", true, false);
    let names: BTreeSet<&str> = out.iter().map(|d| d.split('=').next().unwrap()).collect();
    assert_eq!(names, ["_ga", "_ga_ABC"].into());
    let none: kelisim::ids::Ids = ["necessary".into()].into();
    let out = kelisim::cleanup::deletions(&config, &none, header, "shop.example.kz", true, false);
    let names: BTreeSet<&str> = out.iter().map(|d| d.split('=').next().unwrap()).collect();
    assert_eq!(names, ["_fbp", "_ga", "_ga_ABC"].into());
}

/// The book's table of services, as the catalogue gives it.
fn table() -> String {
    let mut out = String::from(
        "| id | service | provider | country | default category | cookies |\n|---|---|---|---|---|---|\n",
    );
    for s in services() {
        let cookies: Vec<String> = s
            .cookies
            .iter()
            .map(|c| match c.days {
                0 => format!("`{}` (session)", c.name),
                d => format!("`{}` ({d} d)", c.name),
            })
            .collect();
        out.push_str(&format!(
            "| `{}` | [{}]({}) | {} | {} | {} | {} |\n",
            s.id,
            s.name,
            s.source,
            s.provider,
            s.country,
            s.category,
            if cookies.is_empty() {
                "—".into()
            } else {
                cookies.join(", ")
            }
        ));
    }
    out
}

#[test]
fn the_books_table_is_the_catalogue() {
    let path = Path::new(env!("CARGO_MANIFEST_DIR")).join("docs/book/src/catalogue.md");
    let doc = std::fs::read_to_string(&path).unwrap();
    let (start, end) = ("<!-- services: begin -->\n", "<!-- services: end -->");
    let (head, rest) = doc.split_once(start).expect("the table's begin marker");
    let (current, tail) = rest.split_once(end).expect("the table's end marker");
    let expected = table();
    if current != expected && std::env::var_os("KELISIM_BLESS").is_some() {
        std::fs::write(&path, [head, start, &expected, end, tail].concat()).unwrap();
        return;
    }
    assert!(
        current == expected,
        "docs/book/src/catalogue.md disagrees with the catalogue; regenerate the table with \
         KELISIM_BLESS=1 cargo test --test catalogue"
    );
}
