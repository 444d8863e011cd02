//! The WordPress plugin's admin texts: `integrations/wordpress/kelisim/includes/texts.php` is the
//! one generated from `locales/wordpress/*/*.ftl` (`cargo run --example wordpress_texts --
//! --write` after changing a text), and the generator refuses what it cannot carry over.
#![cfg(not(target_arch = "wasm32"))]

#[path = "../examples/wordpress_texts.rs"]
#[allow(dead_code)]
mod generator;

#[test]
fn the_plugin_texts_file_is_generated_from_the_fluent_files() {
    let fresh = generator::php_file().expect("the Fluent files of the plugin");
    let path = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join(generator::OUTPUT);
    let committed = std::fs::read_to_string(&path).unwrap_or_default();
    assert!(
        committed == fresh,
        "{} is stale: run `cargo run --example wordpress_texts -- --write`",
        generator::OUTPUT
    );
    // Every language, and the texts the plugin's screens name.
    for lang in generator::LANGS {
        assert!(fresh.contains(&format!("    '{lang}' => [\n")), "{lang}");
    }
    assert!(fresh.contains("'wp-delete-help' => 'Өшірулі: "));
    assert!(fresh.contains("{table}"), "variables as {{name}}");
}
