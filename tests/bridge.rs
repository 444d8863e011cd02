//! The names by which the loader (`loader/kelisim.js`, written by hand) and the first layer call
//! each other are defined once, in `src/web/bridge.rs` (compiled for wasm32 only, so read here as
//! text): every `LOADER_*` name is a member the loader defines, and every `FILE_*` key is in the
//! loader's file table. A name changed on one side only fails here, not in a browser.
#![cfg(not(target_arch = "wasm32"))]

const BRIDGE: &str = include_str!("../src/web/bridge.rs");
const LOADER: &str = include_str!("../loader/kelisim.js");

/// The `(constant, value)` pairs of `src/web/bridge.rs` whose constant starts with `prefix`.
fn names(prefix: &str) -> Vec<(&'static str, &'static str)> {
    BRIDGE
        .lines()
        .filter_map(|line| {
            let (name, value) = line.strip_prefix("pub const ")?.split_once(": &str = \"")?;
            let value = value
                .strip_suffix("\";")
                .expect("a one-line string constant");
            name.starts_with(prefix).then_some((name, value))
        })
        .collect()
}

#[test]
fn the_loader_defines_every_member_the_first_layer_uses() {
    let names = names("LOADER_");
    assert!(names.len() >= 7, "{names:?}");
    for (constant, name) in names {
        // A member of the object literal `var loader = { … }`, or one set on it later.
        let defined = LOADER.contains(&format!("\n    {name}: "))
            || LOADER.contains(&format!("loader.{name} = "));
        assert!(defined, "{constant}: the loader defines no `{name}`");
    }
}

#[test]
fn the_file_keys_are_in_the_loaders_file_table() {
    let table = LOADER
        .split("/*@files*/")
        .nth(1)
        .and_then(|t| t.split("/*@end*/").next())
        .expect("the loader's /*@files*/ table");
    let keys = names("FILE_");
    assert!(!keys.is_empty());
    for (constant, key) in keys {
        assert!(
            table.contains(&format!(" {key}: \"")),
            "{constant}: no `{key}` in the loader's file table {table}"
        );
    }
}
