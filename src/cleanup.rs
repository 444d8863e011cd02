//! Which cookies to delete when categories are refused or consent is withdrawn.
//!
//! The configuration lists each service's cookies by name (a trailing `*` matches any suffix,
//! as in `_ga_*`), path and domain. A script can delete a cookie only by writing it again, expired,
//! with the same name, path and domain; a service often sets its cookies on the parent domain
//! (`.example.kz` seen from `www.example.kz`), so each present cookie is expired host-only, on the
//! configured domain, and on every parent domain of the page's host.

use crate::config::Config;
use crate::cookie::{delete_string, Attributes};
use crate::ids::Ids;

/// The cookie names present in `cookie_header` that `pattern` matches.
pub fn matching<'a>(cookie_header: &'a str, pattern: &str) -> Vec<&'a str> {
    let mut names = Vec::new();
    each_matching(cookie_header, pattern, |name| names.push(name));
    names
}

/// Calls `f` with each cookie name present in `cookie_header` that `pattern` matches (a trailing
/// `*` matches any suffix). A plain loop: with iterator adapters collected into a `Vec`, the
/// first layer's wasm was 113 B brotli heavier (measured 2026-12-07).
fn each_matching<'a>(cookie_header: &'a str, pattern: &str, mut f: impl FnMut(&'a str)) {
    for pair in cookie_header.split(';') {
        let Some((name, _)) = pair.split_once('=') else {
            continue;
        };
        let name = name.trim();
        let hit = match pattern.strip_suffix('*') {
            Some(prefix) => name.starts_with(prefix),
            None => name == pattern,
        };
        if hit {
            f(name);
        }
    }
}

/// The parent domains a cookie of `host` may live on: `www.shop.example.kz` gives
/// `.www.shop.example.kz`, `.shop.example.kz`, `.example.kz` (never a bare top-level domain), and
/// none for an IP address.
pub fn parent_domains(host: &str) -> Vec<String> {
    // Any host with a `:` is taken for an IPv6 literal (a host name has none; the browser writes
    // IPv6 hosts in brackets), and one of digits and dots only for IPv4 (a top-level domain is
    // never all digits): `IpAddr`'s IPv6 parser cost the first layer 0.5 KB brotli, and
    // `Ipv4Addr`'s parser 16 B more (measured 2026-12-07).
    if !host.contains('.')
        || host.contains(':')
        || host.bytes().all(|b| b == b'.' || b.is_ascii_digit())
    {
        return Vec::new();
    }
    // Every suffix of the host that starts at a label, but its last label alone.
    let mut domains = Vec::new();
    let mut rest = host;
    while let Some((_, parent)) = rest.split_once('.') {
        domains.push([".", rest].concat());
        rest = parent;
    }
    domains
}

/// The `document.cookie` strings that delete every present cookie of the services in categories
/// not in `granted`, as seen from a page on `host` over https or not. With `held` (the loader
/// holds the catalogue's services: automatic blocking) also those of every catalogue service
/// whose category is not granted: the site's own category for the id, else the catalogue's
/// default ([`Config::service_category`]), their cookies' name patterns the catalogue's
/// ([`crate::catalogue::brief`]: path `/`, on the host and every parent domain). A required
/// category's cookies are never deleted.
pub fn deletions(
    config: &Config,
    granted: &Ids,
    cookie_header: &str,
    host: &str,
    secure: bool,
    held: bool,
) -> Vec<String> {
    // Kept sorted and without repeats by inserting in place: a `BTreeSet` of strings, or sorting
    // afterwards, costs the first layer more. One function for the site's services and the
    // catalogue's: two cost the first layer more (measured 2026-12-04).
    let mut out: Vec<String> = Vec::new();
    let parents = parent_domains(host);
    let refused = |category: &str| {
        !granted.contains(category) && !config.category(category).is_some_and(|c| c.is_required())
    };
    for category in config.categories.iter().filter(|c| refused(&c.id)) {
        for cookie in category.services.iter().flat_map(|s| &s.cookies) {
            let path = cookie.path.as_deref().unwrap_or("/");
            let domain = cookie.domain.as_deref();
            delete_present(
                &mut out,
                cookie_header,
                &cookie.name,
                path,
                domain,
                &parents,
                secure,
            );
        }
    }
    let mut i = 0;
    while let Some(id) = crate::catalogue::nth(i).filter(|_| held) {
        i += 1;
        if refused(config.service_category(id).unwrap_or_default()) {
            for name in crate::catalogue::brief(id)
                .into_iter()
                .flat_map(|(_, names)| names)
            {
                delete_present(&mut out, cookie_header, name, "/", None, &parents, secure);
            }
        }
    }
    out
}

/// Adds to `out` (sorted, no repeats) the strings deleting each present cookie `pattern` matches,
/// host-only, on `domain` and on every parent domain.
pub(crate) fn delete_present(
    out: &mut Vec<String>,
    cookie_header: &str,
    pattern: &str,
    path: &str,
    domain: Option<&str>,
    parents: &[String],
    secure: bool,
) {
    // A closure for the three kinds of domain rather than a chain of iterators over them: the
    // first layer's wasm 61 B brotli lighter (measured 2026-12-07).
    each_matching(cookie_header, pattern, |name| {
        let mut delete = |domain: Option<&str>| {
            let s = delete_string(
                name,
                &Attributes {
                    domain,
                    path,
                    secure,
                },
            );
            if let Err(i) = out.binary_search(&s) {
                out.insert(i, s);
            }
        };
        delete(None);
        if domain.is_some() {
            delete(domain);
        }
        for parent in parents {
            delete(Some(parent));
        }
    });
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::config::parse;
    use std::collections::BTreeSet;

    #[test]
    fn patterns_match_present_cookies() {
        let header = "_ga=1; _ga_ABC=2; _gid=3; kelisim=4; x_ga=5";
        assert_eq!(matching(header, "_ga"), ["_ga"]);
        assert_eq!(matching(header, "_ga*"), ["_ga", "_ga_ABC"]);
        assert_eq!(matching(header, "_fbp"), Vec::<&str>::new());
    }

    #[test]
    fn deletes_the_held_services_cookies_of_refused_categories() {
        // The site puts Clarity into its required category and Metrica into marketing.
        let config = parse(
            r#"{"categories": [{"id": "necessary", "services": [{"id": "microsoft-clarity"}]},
                {"id": "analytics"}, {"id": "marketing", "services": [{"id": "yandex-metrica"}]}]}"#,
        )
        .0
        .unwrap();
        let granted: Ids = ["necessary".to_string(), "analytics".to_string()].into();
        let header = "_ym_uid=1; _fbp=2; _clck=3; _ga=4";
        let out = deletions(&config, &granted, header, "example.kz", false, true);
        let names: BTreeSet<&str> = out.iter().map(|d| d.split('=').next().unwrap()).collect();
        assert_eq!(names, ["_fbp", "_ym_uid"].into(), "{out:?}");
        assert!(out.contains(
            &"_fbp=; Path=/; Expires=Thu, 01 Jan 1970 00:00:00 GMT; Max-Age=0; SameSite=Lax; Domain=.example.kz".to_string()
        ));
        let none: Ids = ["necessary".to_string()].into();
        let out = deletions(&config, &none, header, "localhost", false, true);
        let names: BTreeSet<&str> = out.iter().map(|d| d.split('=').next().unwrap()).collect();
        assert_eq!(
            names,
            ["_fbp", "_ga", "_ym_uid"].into(),
            "never the required category's"
        );
    }

    #[test]
    fn parent_domains_stop_before_the_top_level() {
        assert_eq!(
            parent_domains("www.shop.example.kz"),
            [".www.shop.example.kz", ".shop.example.kz", ".example.kz"]
        );
        assert_eq!(parent_domains("example.kz"), [".example.kz"]);
        assert_eq!(parent_domains("localhost"), Vec::<String>::new());
        assert_eq!(parent_domains("127.0.0.1"), Vec::<String>::new());
        assert_eq!(parent_domains("::ffff:127.0.0.1"), Vec::<String>::new());
        assert_eq!(parent_domains("[::ffff:7f00:1]"), Vec::<String>::new());
    }

    #[test]
    fn deletes_only_refused_services_cookies_on_every_domain() {
        let (config, _) = parse(
            r#"{"categories": [
                {"id": "analytics", "services": [{"id": "ga", "cookies": [{"name": "_ga*", "domain": ".example.kz"}]}]},
                {"id": "marketing", "services": [{"id": "fb", "cookies": [{"name": "_fbp", "path": "/shop"}]}]}]}"#,
        );
        let config = config.unwrap();
        let granted: Ids = ["necessary".to_string(), "marketing".to_string()].into();
        let header = "_ga=1; _ga_X=2; _fbp=3; kelisim=4";
        let out = deletions(&config, &granted, header, "www.example.kz", true, false);
        assert!(
            out.iter()
                .all(|s| s.starts_with("_ga=") || s.starts_with("_ga_X=")),
            "{out:?}"
        );
        assert!(out.contains(
            &"_ga=; Path=/; Expires=Thu, 01 Jan 1970 00:00:00 GMT; Max-Age=0; SameSite=Lax; Secure"
                .to_string()
        ));
        assert!(out.contains(&"_ga_X=; Path=/; Expires=Thu, 01 Jan 1970 00:00:00 GMT; Max-Age=0; SameSite=Lax; Domain=.example.kz; Secure".to_string()));
        assert!(out.iter().any(|s| s.contains("Domain=.www.example.kz")));
        assert_eq!(
            out.len(),
            2 * 3,
            "two cookies, three domains (host, .www.example.kz, .example.kz)"
        );
        // Withdrawal refuses marketing too: its cookie goes, with its own path.
        let out = deletions(
            &config,
            &["necessary".to_string()].into(),
            header,
            "example.kz",
            false,
            false,
        );
        assert!(
            out.iter().any(|s| s.starts_with("_fbp=; Path=/shop;")),
            "{out:?}"
        );
        assert!(!out.iter().any(|s| s.starts_with("kelisim=")));
    }
}
