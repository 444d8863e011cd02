//! Automatic blocking: the loader's matcher of catalogue services, generated from
//! [`crate::catalogue`] at build time.
//!
//! With `data-kelisim-autoblock` on its script tag, the loader (`loader/kelisim.js`, its
//! "Automatic blocking" section) holds every script and iframe whose URL matches a catalogue
//! pattern until the service's category is granted. It holds them by turning them into the gated
//! elements the first layer already releases (`src/web/first/gate.rs`). The block is written
//! between `/*@autoblock*/` and `/*@end*/` by `scripts/build.sh` (through the `loader_facts`
//! example); a native test fails while the committed loader holds an older one.
//!
//! What is decided is decided here: the block is one regular expression compiled from every
//! pattern ([`pattern_regex`]: [`crate::catalogue::pattern_matches`] written as a regular
//! expression), tried on the browser's parse of the URL (`protocol` + `hostname` + `pathname` +
//! `search`: a pattern naming a query matches its start, one naming none matches any), whose
//! capture group is the service: the loader marks what it holds with the service's index in
//! the catalogue (`data-kelisim-service`) and decides nothing else. Categories are the first
//! layer's: the site's own category for the id, else the catalogue's default
//! ([`crate::config::Config::service_category`]), once the configuration is known, whether inline
//! or fetched (`data-config`); so the loader holds every catalogue service, granted or not, until
//! the first layer releases it. `tests/catalogue.rs` runs this block in Node over every
//! documented URL and a set of near misses and compares it with
//! [`crate::catalogue::match_element`].

use crate::catalogue::{services, Service, UrlPattern};

/// The loader's generated block (the markers included).
pub fn loader_table() -> String {
    loader_table_of(services())
}

/// A catalogue URL pattern (`host` or `*.domain`, then a path prefix, or a path and a query's
/// start: see [`crate::catalogue`]) as a regular expression over `hostname + pathname + search`
/// as a browser parses them (the host lowercased, the path starting with `/`, the query with its
/// `?`), anchored at the start by its caller: the `?` a pattern's query starts with comes right
/// after the path, which holds none.
pub fn pattern_regex(pattern: &str) -> String {
    let pattern = UrlPattern::parse(pattern);
    // The domain itself or any subdomain: a host never holds a `/`.
    let mut out = String::from(if pattern.subdomains {
        "(?:[^/]*\\.)?"
    } else {
        ""
    });
    let query = pattern.query.map(|q| format!("?{q}")).unwrap_or_default();
    let host = pattern.host.to_ascii_lowercase();
    for c in host
        .chars()
        .chain(pattern.path.chars())
        .chain(query.chars())
    {
        if "\\^$.|?*+()[]{}/".contains(c) {
            out.push('\\');
        }
        out.push(c);
    }
    out
}

/// Whether every URL pattern `p` matches, pattern `q` matches too (so `p` adds nothing beside
/// `q`): `q`'s host covers `p`'s (the same, or `q` is `*.domain` and `p`'s host is that domain
/// or under it, with or without its own `*.`) and `q`'s path and query, as written, start `p`'s.
pub fn subsumes(q: &str, p: &str) -> bool {
    let (q, p) = (UrlPattern::parse(q), UrlPattern::parse(p));
    let written = |x: &UrlPattern| match x.query {
        Some(query) => format!("{}?{query}", x.path),
        None => x.path.to_string(),
    };
    let host_covered = if q.subdomains {
        q.host_matches(p.host)
    } else {
        !p.subdomains && q.host.eq_ignore_ascii_case(p.host)
    };
    host_covered && written(&p).starts_with(&written(&q))
}

fn loader_table_of(list: &[Service]) -> String {
    // A service's patterns that another of its patterns covers (`static.criteo.net` beside
    // `*.criteo.net`) are left out: the same answers, fewer bytes for every visitor.
    let groups: Vec<String> = list
        .iter()
        .map(|s| {
            let alternatives: Vec<String> = (s.urls.iter().enumerate())
                .filter(|&(i, p)| {
                    !(s.urls.iter().enumerate())
                        .any(|(j, q)| j != i && subsumes(q, p) && (!subsumes(p, q) || j < i))
                })
                .map(|(_, p)| pattern_regex(p))
                .collect();
            alternatives.join("|")
        })
        .collect();
    format!(
        "/*@autoblock*/\n  var AB_RE = /^https?:(?:({}))/;\n  \
         // The index in the catalogue of the service whose pattern matches URL `src`, or -1.\n  \
         function abMatch(src) {{\n    \
         try {{ var u = new URL(src, d.baseURI), m = AB_RE.exec(u.protocol + u.hostname + u.pathname + u.search), i = 1; }} catch (e) {{ return -1; }}\n    \
         if (!m) return -1;\n    \
         while (!m[i]) i++;\n    \
         return i - 1;\n  \
         }}\n  /*@end*/",
        groups.join(")|(")
    )
}

/// `loader` with its `/*@autoblock*/…/*@end*/` block replaced by [`loader_table`]; `None` when
/// the markers are missing.
pub fn with_table(loader: &str) -> Option<String> {
    let start = loader.find("/*@autoblock*/")?;
    let end = start + loader[start..].find("/*@end*/")? + "/*@end*/".len();
    Some([&loader[..start], &loader_table(), &loader[end..]].concat())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_committed_loader_holds_the_current_table() {
        let loader = include_str!("../loader/kelisim.js");
        assert_eq!(
            with_table(loader).as_deref(),
            Some(loader),
            "loader/kelisim.js: run `cargo run --example loader_facts -- --write`"
        );
    }

    #[test]
    fn one_capture_group_a_service() {
        let table = loader_table();
        let re = table.split("AB_RE = /").nth(1).unwrap();
        let re = &re[..re.find("/;").unwrap()];
        let groups =
            re.matches('(').count() - re.matches("(?:").count() - re.matches("\\(").count();
        assert_eq!(groups, services().len());
    }

    #[test]
    fn a_pattern_another_covers_is_left_out() {
        assert!(subsumes("*.criteo.net", "static.criteo.net"));
        assert!(subsumes("*.criteo.net", "*.a.criteo.net/x"));
        assert!(subsumes("*.criteo.net", "criteo.net"));
        assert!(subsumes("mc.yandex.ru", "mc.yandex.ru/pixel"));
        assert!(!subsumes("mc.yandex.ru/pixel", "mc.yandex.ru"));
        assert!(!subsumes("*.criteo.net", "criteo.com"));
        assert!(!subsumes("*.criteo.net", "xcriteo.net"));
        assert!(!subsumes("static.criteo.net", "*.criteo.net"));
        let table = loader_table();
        assert!(!table.contains("static\\.criteo\\.net"), "{table}");
        assert!(table.contains("criteo\\.net"), "{table}");
    }

    #[test]
    fn a_pattern_listed_twice_is_kept_once() {
        let service = |urls| Service {
            id: "x",
            name: "X",
            provider: "X",
            country: "US",
            category: "analytics",
            urls,
            requests: &[],
            cookies: &[],
            source: "",
        };
        let table = loader_table_of(&[
            service(&["a.example/x", "b.example", "a.example/x"]),
            service(&["c.example", "c.example"]),
        ]);
        assert!(
            table.contains(
                "AB_RE = /^https?:(?:(a\\.example\\/x|b\\.example\\/)|(c\\.example\\/))/;"
            ),
            "{table}"
        );
    }

    #[test]
    fn patterns_become_escaped_expressions() {
        assert_eq!(pattern_regex("mc.yandex.ru"), "mc\\.yandex\\.ru\\/");
        assert_eq!(pattern_regex("a.kz/js?id=AW-"), "a\\.kz\\/js\\?id=AW-");
        assert_eq!(
            pattern_regex("*.Hotjar.com/a+b"),
            "(?:[^/]*\\.)?hotjar\\.com\\/a\\+b"
        );
    }
}
