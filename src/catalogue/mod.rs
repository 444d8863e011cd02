//! The catalogue of known services: the trackers, embeds and widgets found on sites in
//! Kazakhstan, by service id.
//!
//! It is the single source for every part that must recognise a service: the configuration (a
//! service named by id inherits its disclosures), the loader's automatic blocking (its pattern
//! table is generated from [`services`]), the configurator, the site audit (`kelisim-scan`) and
//! the docs. Each entry says who provides the service, where its data go, its default category,
//! the cookies it sets and the URL patterns of its scripts and iframes.
//!
//! A URL pattern is `host` or `host/path-prefix`; a host written `*.example.com` matches
//! `example.com` and every subdomain of it. The scheme (`http:`, `https:` or none, as in
//! `//mc.yandex.ru/…`) is ignored, and so are the port and the fragment; so is the query, unless
//! the pattern names one: `host/path?query-prefix` matches that path exactly and a query that
//! starts so (`www.googletagmanager.com/gtag/js?id=AW-`: the Google tag of an Ads account).
//!
//! The provider's legal name and the purpose, in kk, ru and en, come from
//! `locales/{kk,ru,en}/catalogue.ftl` ([`provider`], [`purpose`]). The first layer reads only
//! [`brief`] (country and cookie names): the full table and the texts stay in the Leptos app.

mod data;
mod texts;

pub use data::{BRIEF, SERVICES, SHOWN};

use crate::lang::Lang;

/// A known service.
#[derive(Debug)]
pub struct Service {
    /// Its id, as a configuration names it (`yandex-metrica`).
    pub id: &'static str,
    /// The product's name, the same in every language.
    pub name: &'static str,
    /// The provider's legal name (as the provider writes it).
    pub provider: &'static str,
    /// Where its data go (ISO 3166-1 alpha-2).
    pub country: &'static str,
    /// Its default category (`necessary`, `preferences`, `analytics` or `marketing`).
    pub category: &'static str,
    /// URL patterns of its scripts and iframes (see the module's doc): what automatic blocking
    /// holds.
    pub urls: &'static [&'static str],
    /// URL patterns of the requests its scripts send that are no script or iframe (pixels, hits):
    /// the site audit recognises them, the loader has nothing to hold there.
    pub requests: &'static [&'static str],
    /// The cookies it sets.
    pub cookies: &'static [Cookie],
    /// Where the facts come from (the vendor's documentation).
    pub source: &'static str,
}

/// A cookie a known service sets.
#[derive(Debug)]
pub struct Cookie {
    /// Its name; a trailing `*` matches any suffix (`_ga_*`).
    pub name: &'static str,
    /// How long it lives, in days (0: until the browser closes).
    pub days: u32,
}

/// Every known service.
pub fn services() -> &'static [Service] {
    SERVICES
}

/// The service with this id.
pub fn by_id(id: &str) -> Option<&'static Service> {
    SERVICES.iter().find(|s| s.id == id)
}

/// The provider's legal name of service `id`, in `lang`.
pub fn provider(lang: Lang, id: &str) -> Option<&'static str> {
    texts::get(lang, id, "-provider")
}

/// What service `id` is used for, in `lang` (in the law's words: the purpose of the collection
/// and processing).
pub fn purpose(lang: Lang, id: &str) -> Option<&'static str> {
    texts::get(lang, id, "-purpose")
}

/// The product name of service `id` (from [`SHOWN`]: the preference center does not link
/// [`SERVICES`]).
pub fn name(id: &str) -> Option<&'static str> {
    SHOWN.iter().find(|s| s.0 == id).map(|s| s.1)
}

/// How long cookie `cookie` of service `id` lives, in days (0: until the browser closes), from
/// [`SHOWN`].
pub fn cookie_days(id: &str, cookie: &str) -> Option<u32> {
    let (_, _, cookies) = SHOWN.iter().find(|s| s.0 == id)?;
    cookies.iter().find(|c| c.name == cookie).map(|c| c.days)
}

/// The facts the first layer needs of service `id`, read from the compact [`BRIEF`] (so the
/// first-paint bundle does not link [`SERVICES`]): its country and the names of its cookies.
pub fn brief(id: &str) -> Option<(&'static str, impl Iterator<Item = &'static str>)> {
    for line in BRIEF.split('\n') {
        let mut words = line.split(' ');
        // The table ends with a newline: its last, empty line is no service's.
        if words.next() == Some(id) && !line.is_empty() {
            let country = words.next().unwrap_or("");
            words.next(); // its default category: [`default_category`]
            return Some((country, words));
        }
    }
    None
}

/// The default category of service `id`, from [`BRIEF`] (which writes its initial).
pub fn default_category(id: &str) -> Option<&'static str> {
    let line =
        (BRIEF.split('\n')).find(|line| line.split(' ').next() == Some(id) && !line.is_empty())?;
    let initial = line.split(' ').nth(2)?;
    (crate::config::DEFAULT_CATEGORIES.iter())
        .find(|c| c.starts_with(initial))
        .copied()
}

/// The id of the `i`-th service (from 0, in the order of [`SERVICES`]), from [`BRIEF`]: the
/// loader names the services it holds by their index (`data-kelisim-service`).
pub fn nth(i: usize) -> Option<&'static str> {
    (BRIEF.split('\n'))
        .nth(i)
        .and_then(|line| line.split(' ').next())
        .filter(|id| !id.is_empty())
}

/// The service whose URL patterns (its scripts', iframes' and requests') match this URL
/// (absolute, or protocol-relative); `None` for anything else, relative URLs included.
pub fn match_url(url: &str) -> Option<&'static Service> {
    SERVICES
        .iter()
        .find(|s| (s.urls.iter().chain(s.requests)).any(|p| pattern_matches(p, url)))
}

/// The service whose script and iframe patterns match this script or iframe URL: what the
/// loader holds (automatic blocking: `crate::autoblock` generates its matcher from these).
pub fn match_element(url: &str) -> Option<&'static Service> {
    SERVICES
        .iter()
        .find(|s| s.urls.iter().any(|p| pattern_matches(p, url)))
}

/// The service that sets a cookie of this name.
pub fn match_cookie(name: &str) -> Option<&'static Service> {
    SERVICES
        .iter()
        .find(|s| s.cookies.iter().any(|c| cookie_matches(c.name, name)))
}

/// Whether a cookie name pattern (a trailing `*` matches any suffix) matches a name.
pub fn cookie_matches(pattern: &str, name: &str) -> bool {
    match pattern.strip_suffix('*') {
        Some(prefix) => name.starts_with(prefix),
        None => pattern == name,
    }
}

/// A URL pattern (see the module's doc) taken apart: how the matcher here, the loader's generated
/// matcher (`crate::autoblock`) and the loader table's pruning read one.
#[derive(Debug, PartialEq, Eq)]
pub struct UrlPattern<'a> {
    /// The host as written, without the `*.` of a domain pattern.
    pub host: &'a str,
    /// Written `*.domain`: the domain itself and every subdomain of it.
    pub subdomains: bool,
    /// The path prefix (`/` when the pattern names none), or, when [`UrlPattern::query`] is
    /// given, the whole path.
    pub path: &'a str,
    /// The start of the query (without its `?`) when the pattern names one.
    pub query: Option<&'a str>,
}

impl<'a> UrlPattern<'a> {
    /// Takes pattern `pattern` apart.
    pub fn parse(pattern: &'a str) -> Self {
        let (host, rest) = match pattern.find('/') {
            Some(i) => pattern.split_at(i),
            None => (pattern, "/"),
        };
        let (path, query) = match rest.split_once('?') {
            Some((path, query)) => (path, Some(query)),
            None => (rest, None),
        };
        match host.strip_prefix("*.") {
            Some(domain) => UrlPattern {
                host: domain,
                subdomains: true,
                path,
                query,
            },
            None => UrlPattern {
                host,
                subdomains: false,
                path,
                query,
            },
        }
    }

    /// Whether host `host` is this pattern's (ASCII case ignored).
    pub fn host_matches(&self, host: &str) -> bool {
        let own = self.host;
        host.eq_ignore_ascii_case(own)
            || (self.subdomains
                && host.len() > own.len()
                && host.as_bytes()[host.len() - own.len() - 1] == b'.'
                && host[host.len() - own.len()..].eq_ignore_ascii_case(own))
    }

    /// Whether a URL's path `path` and query `query` (without its `?`) are this pattern's: a
    /// pattern naming a query wants that path exactly and a query starting so, one naming none a
    /// path starting with its own.
    pub fn path_matches(&self, path: &str, query: &str) -> bool {
        match self.query {
            Some(start) => path == self.path && query.starts_with(start),
            None => path.starts_with(self.path),
        }
    }
}

/// Whether a URL pattern (see the module's doc) matches a URL.
pub fn pattern_matches(pattern: &str, url: &str) -> bool {
    let Some((host, path, query)) = host_path_query(url) else {
        return false;
    };
    let pattern = UrlPattern::parse(pattern);
    pattern.host_matches(host) && pattern.path_matches(path, query)
}

/// The host (without port or credentials), the path (`/` when empty) and the query (without its
/// `?`, empty when none) of an absolute or protocol-relative URL.
fn host_path_query(url: &str) -> Option<(&str, &str, &str)> {
    let url = url.trim();
    let rest = if let Some(r) = url.strip_prefix("//") {
        r
    } else {
        let colon = url.find("://")?;
        let scheme = &url[..colon];
        if !scheme.eq_ignore_ascii_case("http") && !scheme.eq_ignore_ascii_case("https") {
            return None;
        }
        &url[colon + 3..]
    };
    let end = rest.find(['/', '?', '#']).unwrap_or(rest.len());
    let authority = &rest[..end];
    let authority = authority.rsplit('@').next().unwrap_or(authority);
    let host = authority.split(':').next().unwrap_or(authority);
    let rest = &rest[end..];
    let rest = rest.split('#').next().unwrap_or(rest);
    let (path, query) = rest.split_once('?').unwrap_or((rest, ""));
    let path = if path.is_empty() { "/" } else { path };
    (!host.is_empty()).then_some((host, path, query))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ids_are_unique_and_categories_known() {
        for (i, s) in SERVICES.iter().enumerate() {
            assert!(
                SERVICES[i + 1..].iter().all(|t| t.id != s.id),
                "{} twice",
                s.id
            );
            assert!(
                ["necessary", "preferences", "analytics", "marketing"].contains(&s.category),
                "{}: category {}",
                s.id,
                s.category
            );
            assert!(!s.urls.is_empty(), "{}: no URL pattern", s.id);
        }
    }

    #[test]
    fn the_contract_ids_exist_with_their_categories() {
        for (id, category) in [
            ("google-analytics", "analytics"),
            ("yandex-metrica", "analytics"),
            ("meta-pixel", "marketing"),
            ("google-ads", "marketing"),
            ("vk-pixel", "marketing"),
            ("tiktok-pixel", "marketing"),
            ("youtube", "marketing"),
        ] {
            assert_eq!(by_id(id).map(|s| s.category), Some(category), "{id}");
        }
    }

    #[test]
    fn urls_match_their_services() {
        let cases = [
            (
                "https://www.googletagmanager.com/gtag/js?id=G-XXXX",
                Some("google-analytics"),
            ),
            (
                "https://www.googletagmanager.com/gtag/js?id=AW-123456789",
                Some("google-ads"),
            ),
            (
                "https://mc.yandex.ru/metrika/tag.js",
                Some("yandex-metrica"),
            ),
            ("//mc.yandex.com/metrika/tag.js", Some("yandex-metrica")),
            (
                "https://connect.facebook.net/en_US/fbevents.js",
                Some("meta-pixel"),
            ),
            ("https://cdn.jsdelivr.net/npm/lodash", None),
            ("/metrika/tag.js", None),
            ("javascript:alert(1)", None),
            ("https://mc.yandex.ru.evil.example/tag.js", None),
        ];
        for (url, id) in cases {
            assert_eq!(match_url(url).map(|s| s.id), id, "{url}");
        }
    }

    #[test]
    fn patterns() {
        assert!(pattern_matches("*.example.com", "https://example.com/x"));
        assert!(pattern_matches(
            "*.example.com",
            "https://a.b.example.com:8443/x"
        ));
        assert!(!pattern_matches(
            "*.example.com",
            "https://badexample.com/x"
        ));
        assert!(pattern_matches("host.kz/a/b", "http://HOST.kz/a/b.js?q#f"));
        assert!(!pattern_matches("host.kz/a/b", "http://host.kz/a/c.js"));
        // A pattern naming a query: the path exactly, the query's start.
        assert!(pattern_matches(
            "host.kz/a?id=X-",
            "https://host.kz/a?id=X-1&l=y#f"
        ));
        assert!(pattern_matches(
            "host.kz/a?id=X-",
            "https://host.kz/a?id=X-"
        ));
        assert!(!pattern_matches(
            "host.kz/a?id=X-",
            "https://host.kz/a?id=Y-1"
        ));
        assert!(!pattern_matches(
            "host.kz/a?id=X-",
            "https://host.kz/a?l=y&id=X-1"
        ));
        assert!(!pattern_matches(
            "host.kz/a?id=X-",
            "https://host.kz/ab?id=X-1"
        ));
        assert!(!pattern_matches(
            "host.kz/a?id=X-",
            "https://host.kz/a#?id=X-1"
        ));
        assert!(!pattern_matches("host.kz/a?id=X-", "https://host.kz/a"));
        assert!(cookie_matches("_ga_*", "_ga_ABC"));
        assert!(!cookie_matches("_ga", "_gat"));
        assert_eq!(
            match_cookie("_ym_uid").map(|s| s.id),
            Some("yandex-metrica")
        );
    }
}
