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
//! expression), tried on the browser's parse of the URL (`protocol` + `hostname` + `pathname`),
//! whose capture group is the service; the ids (`AB_IDS`) and the default categories' indexes in
//! [`DEFAULT_CATEGORIES`] (`AB_CATS`, one digit a service). The loader only looks the answer up.
//! `tests/catalogue.rs` runs this block in Node over every documented URL and a set of near
//! misses and compares it with [`crate::catalogue::match_url`]. The held services' cookies are
//! not in it: the first layer reads them from [`crate::catalogue::brief`]
//! ([`crate::cleanup::held_deletions`]).

use crate::catalogue::{services, Service};
use crate::config::DEFAULT_CATEGORIES;

/// The loader's generated block (the markers included).
pub fn loader_table() -> String {
    loader_table_of(services())
}

/// A catalogue URL pattern (`host` or `*.domain`, then a path prefix: see
/// [`crate::catalogue`]) as a regular expression over `hostname + pathname` as a browser parses
/// them (the host lowercased, the path starting with `/`), anchored at the start by its caller.
pub fn pattern_regex(pattern: &str) -> String {
    let (host, path) = match pattern.find('/') {
        Some(i) => (&pattern[..i], &pattern[i..]),
        None => (pattern, "/"),
    };
    let mut out = String::new();
    let host = match host.strip_prefix("*.") {
        // The domain itself or any subdomain: a host never holds a `/`.
        Some(domain) => {
            out.push_str("(?:[^/]*\\.)?");
            domain
        }
        None => host,
    };
    for c in host.to_ascii_lowercase().chars().chain(path.chars()) {
        if "\\^$.|?*+()[]{}/".contains(c) {
            out.push('\\');
        }
        out.push(c);
    }
    out
}

fn loader_table_of(list: &[Service]) -> String {
    let groups: Vec<String> = list
        .iter()
        .map(|s| {
            let alternatives: Vec<String> = s.urls.iter().map(|p| pattern_regex(p)).collect();
            alternatives.join("|")
        })
        .collect();
    let ids: Vec<&str> = list.iter().map(|s| s.id).collect();
    let cats: String = list
        .iter()
        .map(|s| {
            let i = DEFAULT_CATEGORIES
                .iter()
                .position(|c| *c == s.category)
                .unwrap_or(DEFAULT_CATEGORIES.len() - 1);
            char::from(b'0' + i as u8)
        })
        .collect();
    let names: Vec<String> = DEFAULT_CATEGORIES
        .iter()
        .map(|c| format!("\"{c}\""))
        .collect();
    format!(
        "/*@autoblock*/\n  var AB_NAMES = [{}], AB_IDS = \"{}\".split(\" \"), AB_CATS = \"{}\",\n    \
         AB_RE = /^https?:(?:({}))/;\n  \
         // The index in AB_IDS of the service whose pattern matches URL `src`, or -1.\n  \
         function abMatch(src) {{\n    \
         try {{ var u = new URL(src, d.baseURI), m = AB_RE.exec(u.protocol + u.hostname + u.pathname), i = 1; }} catch (e) {{ return -1; }}\n    \
         if (!m) return -1;\n    \
         while (!m[i]) i++;\n    \
         return i - 1;\n  \
         }}\n  /*@end*/",
        names.join(", "),
        ids.join(" "),
        cats,
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
    fn every_service_is_in_the_table_with_its_category() {
        let table = loader_table();
        let ids = table.split("AB_IDS = \"").nth(1).unwrap();
        let ids: Vec<&str> = ids[..ids.find('"').unwrap()].split(' ').collect();
        let cats = table.split("AB_CATS = \"").nth(1).unwrap();
        let cats = &cats[..cats.find('"').unwrap()];
        assert_eq!(ids.len(), services().len());
        assert_eq!(cats.len(), services().len());
        for ((id, cat), s) in ids.iter().zip(cats.bytes()).zip(services()) {
            assert_eq!(*id, s.id);
            assert_eq!(
                DEFAULT_CATEGORIES[usize::from(cat - b'0')],
                s.category,
                "{id}"
            );
        }
        // One capture group a service, none inside a pattern.
        let re = table.split("AB_RE = /").nth(1).unwrap();
        let re = &re[..re.find("/;").unwrap()];
        let groups =
            re.matches('(').count() - re.matches("(?:").count() - re.matches("\\(").count();
        assert_eq!(groups, services().len());
    }

    #[test]
    fn patterns_become_escaped_expressions() {
        assert_eq!(pattern_regex("mc.yandex.ru"), "mc\\.yandex\\.ru\\/");
        assert_eq!(
            pattern_regex("*.Hotjar.com/a+b"),
            "(?:[^/]*\\.)?hotjar\\.com\\/a\\+b"
        );
    }
}
