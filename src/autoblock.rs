//! Automatic blocking: the loader's table of catalogue services, generated from
//! [`crate::catalogue`] at build time.
//!
//! With `data-kelisim-autoblock` on its script tag, the loader (`loader/kelisim.js`, its
//! "Automatic blocking" section) holds every script and iframe whose URL matches a catalogue
//! pattern until the service's category is granted. It holds them by turning them into the gated
//! elements the first layer already releases (`src/web/first/gate.rs`). The table is written
//! between `/*@autoblock*/` and `/*@end*/` by `scripts/build.sh` (through the `loader_facts`
//! example); a native test fails while the committed loader holds an older table.
//!
//! Compact form: `AB_CATS`, the categories, and `AB`, one string of services separated by `|`,
//! each `id category-index pattern…` separated by spaces, then `,` and its cookies' name patterns
//! (deleted when its category is refused: [`crate::cleanup::held_deletions`]). The loader matches a pattern exactly
//! as [`crate::catalogue::pattern_matches`] does (host or `*.` domain, then a path prefix).

use crate::catalogue::{services, Service};
use crate::config::DEFAULT_CATEGORIES;

/// The loader's generated table (the markers included).
pub fn loader_table() -> String {
    loader_table_of(services())
}

fn loader_table_of(list: &[Service]) -> String {
    let entries: Vec<String> = list
        .iter()
        .map(|s| {
            let cat = DEFAULT_CATEGORIES
                .iter()
                .position(|c| *c == s.category)
                .unwrap_or(DEFAULT_CATEGORIES.len() - 1);
            let mut e = format!("{} {}", s.id, cat);
            for p in s.urls {
                e.push(' ');
                e.push_str(&p.to_ascii_lowercase());
            }
            e.push(',');
            let cookies: Vec<&str> = s.cookies.iter().map(|c| c.name).collect();
            e.push_str(&cookies.join(" "));
            e
        })
        .collect();
    let cats: Vec<String> = DEFAULT_CATEGORIES
        .iter()
        .map(|c| format!("\"{c}\""))
        .collect();
    format!(
        "/*@autoblock*/\n  var AB_CATS = [{}],\n    AB = \"{}\";\n  /*@end*/",
        cats.join(", "),
        entries.join("|")
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
        let ab = table.split("AB = \"").nth(1).unwrap();
        let ab = &ab[..ab.find('"').unwrap()];
        let entries: Vec<&str> = ab.split('|').collect();
        assert_eq!(entries.len(), services().len());
        for (entry, s) in entries.iter().zip(services()) {
            let (entry, cookies) = entry.split_once(',').unwrap();
            let cookies: Vec<&str> = cookies.split(' ').filter(|c| !c.is_empty()).collect();
            let names: Vec<&str> = s.cookies.iter().map(|c| c.name).collect();
            assert_eq!(cookies, names, "{}", s.id);
            let mut parts = entry.split(' ');
            assert_eq!(parts.next(), Some(s.id));
            let cat: usize = parts.next().unwrap().parse().unwrap();
            assert_eq!(DEFAULT_CATEGORIES[cat], s.category, "{}", s.id);
            for c in &cookies {
                assert!(!c.contains(['|', ',', '"', '\\']), "{}: {c}", s.id);
            }
            let urls: Vec<&str> = parts.collect();
            assert_eq!(urls.len(), s.urls.len(), "{}", s.id);
            for u in urls {
                // Nothing the loader splits on, nothing that breaks its string.
                assert!(
                    !u.is_empty() && !u.contains(['|', ',', '"', '\\', ' ']),
                    "{}: {u}",
                    s.id
                );
            }
        }
    }
}
