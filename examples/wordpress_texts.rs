//! Generates the WordPress plugin's table of admin texts,
//! `integrations/wordpress/kelisim/includes/texts.php`, from the Fluent files
//! `locales/wordpress/{kk,ru,en}/*.ftl` (the single source of the texts; the PHP file is never
//! edited by hand).
//!
//! - `cargo run --example wordpress_texts`: prints the PHP file;
//! - `cargo run --example wordpress_texts -- --write`: rewrites it in place (after changing a
//!   text; the native test `tests/wordpress_texts.rs` fails until the committed file is fresh).
//!
//! Messages are plain text with variables (`{ $table }` becomes `{table}`, filled in by the
//! plugin's `kelisim_wp_t()`); any other Fluent syntax, or a message one locale lacks, is an
//! error naming the file and the message.
use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::process::ExitCode;

/// The languages of the plugin's texts, in the order of the generated file.
pub const LANGS: [&str; 3] = ["kk", "ru", "en"];

/// Where the generated file lives, relative to the crate.
pub const OUTPUT: &str = "integrations/wordpress/kelisim/includes/texts.php";

fn root() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

/// `id → text` of `locales/wordpress/<lang>/*.ftl`, variables as `{name}`.
fn messages(lang: &str) -> Result<BTreeMap<String, String>, String> {
    let dir = root().join("locales/wordpress").join(lang);
    let mut files: Vec<PathBuf> = std::fs::read_dir(&dir)
        .map_err(|e| format!("{}: {e}", dir.display()))?
        .filter_map(|e| e.ok().map(|e| e.path()))
        .filter(|p| p.extension().is_some_and(|x| x == "ftl"))
        .collect();
    files.sort();
    let mut out = BTreeMap::new();
    for file in files {
        let name = file
            .strip_prefix(root())
            .unwrap_or(&file)
            .display()
            .to_string();
        let source = std::fs::read_to_string(&file).map_err(|e| format!("{name}: {e}"))?;
        let mut current: Option<String> = None;
        for line in source.lines() {
            if line.starts_with('#') || line.trim().is_empty() {
                current = None;
            } else if line.starts_with(' ') {
                let id = current
                    .as_ref()
                    .ok_or(format!("{name}: `{line}` continues nothing"))?;
                let text: &mut String = out.get_mut(id).unwrap();
                text.push(' ');
                text.push_str(line.trim());
            } else if let Some((id, value)) = line.split_once(" = ") {
                let id = id.trim().to_owned();
                if out.insert(id.clone(), value.trim().to_owned()).is_some() {
                    return Err(format!("{name}: {id} is there twice"));
                }
                current = Some(id);
            } else {
                return Err(format!("{name}: `{line}` is not `id = text`"));
            }
        }
    }
    for (id, text) in out.iter_mut() {
        *text = variables(text).map_err(|e| format!("locales/wordpress/{lang}: {id}: {e}"))?;
    }
    Ok(out)
}

/// `{ $name }` → `{name}`; any other placeable is an error.
fn variables(text: &str) -> Result<String, String> {
    let mut out = String::new();
    let mut rest = text;
    while let Some(start) = rest.find('{') {
        out.push_str(&rest[..start]);
        let end = rest[start..].find('}').ok_or("an unclosed `{`")? + start;
        let inner = rest[start + 1..end].trim();
        let name = inner
            .strip_prefix('$')
            .filter(|n| !n.is_empty() && n.chars().all(|c| c.is_ascii_alphanumeric() || c == '_'))
            .ok_or(format!(
                "`{{{inner}}}`: only variables (`{{ $name }}`) are supported"
            ))?;
        out.push('{');
        out.push_str(name);
        out.push('}');
        rest = &rest[end + 1..];
    }
    out.push_str(rest);
    Ok(out)
}

fn php_string(text: &str) -> String {
    format!("'{}'", text.replace('\\', "\\\\").replace('\'', "\\'"))
}

/// The whole generated PHP file.
pub fn php_file() -> Result<String, String> {
    let tables: Vec<BTreeMap<String, String>> = LANGS
        .iter()
        .map(|l| messages(l))
        .collect::<Result<_, _>>()?;
    for (lang, table) in LANGS.iter().zip(&tables) {
        for id in tables[0].keys().chain(table.keys()) {
            if !table.contains_key(id) || !tables[0].contains_key(id) {
                return Err(format!(
                    "locales/wordpress: `{id}` is not in every locale (checking {lang})"
                ));
            }
        }
    }
    let mut php = String::from(
        "<?php\n// Generated from locales/wordpress/{kk,ru,en}/*.ftl by\n\
         // `cargo run --example wordpress_texts -- --write`: edit the Fluent files, not this one.\n\
         return [\n",
    );
    for (lang, table) in LANGS.iter().zip(&tables) {
        php.push_str(&format!("    '{lang}' => [\n"));
        for (id, text) in table {
            php.push_str(&format!("        '{id}' => {},\n", php_string(text)));
        }
        php.push_str("    ],\n");
    }
    php.push_str("];\n");
    Ok(php)
}

#[allow(dead_code)]
fn main() -> ExitCode {
    let php = match php_file() {
        Ok(php) => php,
        Err(e) => {
            eprintln!("wordpress_texts: {e}");
            return ExitCode::FAILURE;
        }
    };
    match std::env::args().nth(1).as_deref() {
        None => print!("{php}"),
        Some("--write") => {
            let path = Path::new(env!("CARGO_MANIFEST_DIR")).join(OUTPUT);
            if let Err(e) = std::fs::write(&path, php) {
                eprintln!("wordpress_texts: cannot write {}: {e}", path.display());
                return ExitCode::FAILURE;
            }
        }
        Some(other) => {
            eprintln!("usage: cargo run --example wordpress_texts [-- --write] (not {other})");
            return ExitCode::FAILURE;
        }
    }
    ExitCode::SUCCESS
}
