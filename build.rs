//! Compiles the Fluent files in `locales/{kk,ru,en}` into plain Rust tables at build time.
//!
//! The `.ftl` files stay the single source of every visible text, but no Fluent runtime is
//! shipped to the browser: each message becomes a `&'static str` pattern in which variables
//! are written `{$name}` (filled in by `i18n::fill`). Terms (`-brand`) and string literals are
//! resolved here. The build fails, naming file and message, when a locale lacks a message that
//! another has, when a file does not parse, or when a message uses syntax this compiler does not
//! support (functions, attributes, nested selectors).
//!
//! Select expressions on a variable are kept, in one compact form that `i18n::format` reads at
//! run time: `{$days ->[one]…[few]…*[other]…}` (keys are CLDR plural categories or numbers; the
//! starred variant is the default; a variant's text may hold `{$name}` but no other selector).
//! A plural-category key a language never uses (`[few]` in English) is an error.
//!
//! Plural rules: the CLDR cardinal rules of kk, ru and en, taken at build time from
//! `intl_pluralrules` (projectfluent's crate, CLDR data), become a 200-byte table per language.
//! For whole numbers these three languages' rules depend only on n == 1 and n mod 100 (ru:
//! i mod 10 and i mod 100), so `table[n]` for n < 200 and `table[100 + n % 100]` above is exact;
//! the build checks this against the crate for every n below 100 000 and fails if it ever breaks.
//! The browser therefore gets 600 bytes of data instead of the crate's rules for every locale.

use fluent_syntax::ast::{
    Entry, Expression, InlineExpression, Pattern, PatternElement, VariantKey,
};
use std::collections::BTreeMap;
use std::fmt::Write as _;
use std::path::Path;

const LANGS: [&str; 3] = ["kk", "ru", "en"];

/// The messages the first layer shows (banner, language switch, floating button, GPC note,
/// iframe placeholders, the wait for the preference center): they also go into the small tables
/// of `i18n::first`, the only texts the first-layer bundle carries. A `*` matches any run of
/// characters.
const FIRST_LAYER: [&str; 11] = [
    "banner-*",
    "settings-loading",
    "action-accept-all",
    "action-reject-all",
    "action-settings",
    "language-label",
    "lang-*",
    "floating-label",
    "gpc-note",
    "category-*-name",
    "placeholder-*",
];

fn first_layer(id: &str) -> bool {
    FIRST_LAYER.iter().any(|p| match p.split_once('*') {
        Some((head, tail)) => {
            id.len() >= head.len() + tail.len() && id.starts_with(head) && id.ends_with(tail)
        }
        None => id == *p,
    })
}

fn main() {
    minify_styles();
    println!("cargo:rerun-if-changed=locales");
    let mut tables: Vec<BTreeMap<String, String>> = Vec::new();
    let mut catalogue_tables: Vec<BTreeMap<String, String>> = Vec::new();
    let mut errors = Vec::new();
    for lang in LANGS {
        let dir = Path::new("locales").join(lang);
        println!("cargo:rerun-if-changed={}", dir.display());
        let mut files: Vec<_> = std::fs::read_dir(&dir)
            .unwrap_or_else(|e| panic!("cannot read {}: {e}", dir.display()))
            .filter_map(|e| e.ok().map(|e| e.path()))
            .filter(|p| p.extension().is_some_and(|x| x == "ftl"))
            .collect();
        files.sort();
        let mut messages = BTreeMap::new();
        let mut catalogue = BTreeMap::new();
        for file in files {
            println!("cargo:rerun-if-changed={}", file.display());
            let source = std::fs::read_to_string(&file).expect("read .ftl");
            // The catalogue's texts (providers and purposes of known services) are a table of
            // their own: not interface messages a configuration may override, and never in the
            // first layer (see `catalogue::texts`).
            let into = if file.file_name().is_some_and(|n| n == CATALOGUE_FILE) {
                &mut catalogue
            } else {
                &mut messages
            };
            compile_file(&file, &source, into, &mut errors);
        }
        tables.push(messages);
        catalogue_tables.push(catalogue);
    }
    write_catalogue(&catalogue_tables, &mut errors);
    // Every locale must have exactly the same message ids.
    let all: std::collections::BTreeSet<&String> = tables.iter().flat_map(|t| t.keys()).collect();
    for (lang, table) in LANGS.iter().zip(&tables) {
        for id in &all {
            if !table.contains_key(*id) {
                errors.push(format!("locales/{lang}: message `{id}` is missing"));
            }
        }
    }
    if !errors.is_empty() {
        for e in &errors {
            println!("cargo:warning={e}");
        }
        panic!("locale errors:\n{}", errors.join("\n"));
    }
    let plurals = plural_tables();
    // A selector may only use categories its language has for whole numbers.
    for ((lang, table), cats) in LANGS.iter().zip(&tables).zip(&plurals) {
        for (id, pattern) in table {
            for key in selector_keys(pattern) {
                if let Some(i) = CATEGORIES.iter().position(|c| *c == key) {
                    if !cats.contains(&(i as u8)) && key != "other" {
                        errors.push(format!(
                            "locales/{lang}: {id}: `[{key}]` is not a plural category of {lang} \
                             for whole numbers (it has {})",
                            used_names(cats)
                        ));
                    }
                } else if key.parse::<f64>().is_err() {
                    errors.push(format!(
                        "locales/{lang}: {id}: `[{key}]` is neither a CLDR plural category \
                         ({}) nor a number",
                        CATEGORIES.join(", ")
                    ));
                }
            }
        }
    }
    if !errors.is_empty() {
        panic!("locale errors:\n{}", errors.join("\n"));
    }
    let ids: Vec<&String> = all.into_iter().collect();
    let mut out = String::new();
    writeln!(
        out,
        "/// CLDR plural categories, in the order the tables below index them."
    )
    .unwrap();
    writeln!(
        out,
        "pub static PLURAL_CATEGORIES: [&str; 6] = {CATEGORIES:?};"
    )
    .unwrap();
    writeln!(
        out,
        "/// Plural category (index into [`PLURAL_CATEGORIES`]) of n = 0..200 in kk, ru, en; above \
         199, that of 100 + n % 100 (checked by build.rs against intl_pluralrules)."
    )
    .unwrap();
    writeln!(out, "pub static PLURALS: [[u8; 200]; 3] = {plurals:?};").unwrap();
    write_tables(&mut out, &ids, &tables, "Msg");
    // The first layer's subset, in the same order, in `i18n::first`.
    let first: Vec<&String> = ids.iter().copied().filter(|id| first_layer(id)).collect();
    writeln!(
        out,
        "/// The first layer's messages (see `build.rs`, `FIRST_LAYER`)."
    )
    .unwrap();
    writeln!(out, "pub mod first {{").unwrap();
    write_tables(&mut out, &first, &tables, "super::FirstMsg");
    writeln!(out, "}}").unwrap();
    let dest = Path::new(&std::env::var("OUT_DIR").unwrap()).join("messages.rs");
    std::fs::write(dest, out).unwrap();
}

/// The Fluent file of the catalogue's texts, in each of `locales/{kk,ru,en}`.
const CATALOGUE_FILE: &str = "catalogue.ftl";

/// Writes the catalogue's texts to `OUT_DIR/catalogue.rs`: the sorted `IDS` and one table per
/// language. Every language must have the same ids, and no text may use a variable or selector.
fn write_catalogue(tables: &[BTreeMap<String, String>], errors: &mut Vec<String>) {
    let all: std::collections::BTreeSet<&String> = tables.iter().flat_map(|t| t.keys()).collect();
    for (lang, table) in LANGS.iter().zip(tables) {
        for id in &all {
            match table.get(*id) {
                None => errors.push(format!(
                    "locales/{lang}/{CATALOGUE_FILE}: message `{id}` is missing"
                )),
                Some(text) if text.contains('{') => errors.push(format!(
                    "locales/{lang}/{CATALOGUE_FILE}: {id}: variables are not supported here"
                )),
                Some(_) => {}
            }
        }
    }
    let ids: Vec<&String> = all.into_iter().collect();
    let mut out = String::new();
    writeln!(out, "/// How many texts.").unwrap();
    writeln!(out, "pub const COUNT: usize = {};", ids.len()).unwrap();
    writeln!(out, "/// Text ids, sorted (binary-searchable).").unwrap();
    writeln!(out, "pub static IDS: [&str; COUNT] = {ids:?};").unwrap();
    for (lang, table) in LANGS.iter().zip(tables) {
        let values: Vec<&str> = ids
            .iter()
            .map(|id| table.get(*id).map_or("", String::as_str))
            .collect();
        writeln!(out, "/// The texts in `{lang}`, in the order of [`IDS`].").unwrap();
        let name = lang.to_uppercase();
        writeln!(out, "pub static {name}: [&str; COUNT] = {values:?};").unwrap();
    }
    let dest = Path::new(&std::env::var("OUT_DIR").unwrap()).join("catalogue.rs");
    std::fs::write(dest, out).unwrap();
}

/// CLDR plural categories.
const CATEGORIES: [&str; 6] = ["zero", "one", "two", "few", "many", "other"];

fn used_names(table: &[u8; 200]) -> String {
    let mut used: Vec<&str> = CATEGORIES
        .iter()
        .enumerate()
        .filter(|(i, _)| table.contains(&(*i as u8)))
        .map(|(_, c)| *c)
        .collect();
    used.dedup();
    used.join(", ")
}

/// The plural category of 0..200 for each of [`LANGS`], from intl_pluralrules (CLDR), checked to
/// extend to every whole number by `n % 100`.
fn plural_tables() -> Vec<[u8; 200]> {
    use intl_pluralrules::{PluralCategory, PluralRuleType, PluralRules};
    LANGS
        .iter()
        .map(|lang| {
            let rules = PluralRules::create(
                lang.parse::<unic_langid::LanguageIdentifier>().unwrap(),
                PluralRuleType::CARDINAL,
            )
            .unwrap_or_else(|e| panic!("no plural rules for {lang}: {e}"));
            let index = |n: u64| -> u8 {
                match rules.select(n).unwrap() {
                    PluralCategory::ZERO => 0,
                    PluralCategory::ONE => 1,
                    PluralCategory::TWO => 2,
                    PluralCategory::FEW => 3,
                    PluralCategory::MANY => 4,
                    PluralCategory::OTHER => 5,
                }
            };
            let mut table = [0u8; 200];
            for (n, slot) in table.iter_mut().enumerate() {
                *slot = index(n as u64);
            }
            for n in 200..100_000u64 {
                assert_eq!(
                    index(n),
                    table[100 + (n % 100) as usize],
                    "{lang}: the plural category of {n} is not that of {}; \
                     the table in build.rs no longer fits CLDR",
                    100 + n % 100
                );
            }
            table
        })
        .collect()
}

/// The variant keys of every selector in a flattened pattern.
fn selector_keys(pattern: &str) -> Vec<String> {
    let mut keys = Vec::new();
    let mut rest = pattern;
    while let Some(start) = rest.find("->") {
        rest = &rest[start + 2..];
        let mut depth = 0;
        let mut end = rest.len();
        for (i, c) in rest.char_indices() {
            match c {
                '{' => depth += 1,
                '}' if depth == 0 => {
                    end = i;
                    break;
                }
                '}' => depth -= 1,
                _ => {}
            }
        }
        let body = &rest[..end];
        let mut part = body;
        while let Some(open) = part.find('[') {
            let close = part[open..]
                .find(']')
                .map(|c| c + open)
                .unwrap_or(part.len());
            keys.push(part[open + 1..close].to_owned());
            part = &part[(close + 1).min(part.len())..];
        }
        rest = &rest[end..];
    }
    keys
}

/// Writes `style/*.css` to `OUT_DIR` without comments and indentation (the bundles include the
/// result: 267 B brotli less in the first layer, measured 2026-11-27).
fn minify_styles() {
    for name in ["kelisim.css", "preferences.css", "forms.css"] {
        let path = Path::new("style").join(name);
        println!("cargo:rerun-if-changed={}", path.display());
        let css = std::fs::read_to_string(&path).expect("read a stylesheet");
        let mut out = String::with_capacity(css.len());
        let mut rest = css.as_str();
        while let Some(start) = rest.find("/*") {
            out.push_str(&rest[..start]);
            let end = rest[start..].find("*/").expect("a CSS comment ends") + start + 2;
            rest = &rest[end..];
        }
        out.push_str(rest);
        let words: Vec<&str> = out.split_whitespace().collect();
        let min = words
            .join(" ")
            .replace("{ ", "{")
            .replace(" {", "{")
            .replace("; ", ";")
            .replace(" }", "}")
            .replace("} ", "}");
        let dest = Path::new(&std::env::var("OUT_DIR").unwrap()).join(name);
        std::fs::write(dest, min).unwrap();
    }
}

/// Writes `COUNT`, the sorted `IDS`, one table of patterns per language and a module `id` with
/// one constant of type `msg` per message.
fn write_tables(out: &mut String, ids: &[&String], tables: &[BTreeMap<String, String>], msg: &str) {
    writeln!(out, "/// How many messages.").unwrap();
    writeln!(out, "pub const COUNT: usize = {};", ids.len()).unwrap();
    writeln!(out, "/// Message ids, sorted (binary-searchable).").unwrap();
    writeln!(out, "pub static IDS: [&str; COUNT] = {ids:?};").unwrap();
    for (lang, table) in LANGS.iter().zip(tables) {
        let values: Vec<&String> = ids.iter().map(|id| &table[*id]).collect();
        writeln!(
            out,
            "/// Message patterns of `{lang}`, in the order of [`IDS`]."
        )
        .unwrap();
        let name = lang.to_uppercase();
        writeln!(out, "pub static {name}: [&str; COUNT] = {values:?};").unwrap();
    }
    writeln!(out, "/// One constant per message id.").unwrap();
    writeln!(out, "pub mod id {{").unwrap();
    for (i, id) in ids.iter().enumerate() {
        let name = id.to_uppercase().replace('-', "_");
        writeln!(
            out,
            "    /// `{id}`\n    pub const {name}: super::{msg} = super::{msg}({i});"
        )
        .unwrap();
    }
    writeln!(out, "}}").unwrap();
}

fn compile_file(
    file: &Path,
    source: &str,
    messages: &mut BTreeMap<String, String>,
    errors: &mut Vec<String>,
) {
    let resource = match fluent_syntax::parser::parse(source) {
        Ok(r) => r,
        Err((_, errs)) => {
            for e in errs {
                errors.push(format!("{}: parse error {:?}", file.display(), e));
            }
            return;
        }
    };
    let mut terms = BTreeMap::new();
    for entry in &resource.body {
        if let Entry::Term(t) = entry {
            match flatten(&t.value, &terms) {
                Ok(text) => {
                    terms.insert(t.id.name.to_string(), text);
                }
                Err(e) => errors.push(format!("{}: term -{}: {e}", file.display(), t.id.name)),
            }
        }
    }
    for entry in &resource.body {
        match entry {
            Entry::Message(m) => {
                let id = m.id.name.to_string();
                if !m.attributes.is_empty() {
                    errors.push(format!(
                        "{}: {id}: attributes are not supported",
                        file.display()
                    ));
                }
                let Some(value) = &m.value else {
                    errors.push(format!("{}: {id}: has no value", file.display()));
                    continue;
                };
                match flatten(value, &terms) {
                    Ok(text) => {
                        if messages.insert(id.clone(), text).is_some() {
                            errors.push(format!("{}: {id}: defined twice", file.display()));
                        }
                    }
                    Err(e) => errors.push(format!("{}: {id}: {e}", file.display())),
                }
            }
            Entry::Junk { content } => {
                errors.push(format!("{}: cannot parse: {content}", file.display()))
            }
            _ => {}
        }
    }
}

fn flatten(pattern: &Pattern<&str>, terms: &BTreeMap<String, String>) -> Result<String, String> {
    flatten_in(pattern, terms, false)
}

fn flatten_in(
    pattern: &Pattern<&str>,
    terms: &BTreeMap<String, String>,
    in_variant: bool,
) -> Result<String, String> {
    let mut out = String::new();
    for element in &pattern.elements {
        match element {
            PatternElement::TextElement { value } => {
                if value.contains('{') || value.contains('}') {
                    return Err("braces in text are not supported".into());
                }
                if in_variant && (value.contains('[') || value.contains(']')) {
                    return Err("square brackets in a variant's text are not supported".into());
                }
                out.push_str(value)
            }
            PatternElement::Placeable { expression } => match expression {
                Expression::Inline(inline) => out.push_str(&inline_text(inline, terms)?),
                Expression::Select { selector, variants } => {
                    if in_variant {
                        return Err("nested select expressions are not supported".into());
                    }
                    let InlineExpression::VariableReference { id } = selector else {
                        return Err("a selector must be a variable such as $days".into());
                    };
                    write!(out, "{{${} ->", id.name).unwrap();
                    for v in variants {
                        let key = match &v.key {
                            VariantKey::Identifier { name } => name.to_string(),
                            VariantKey::NumberLiteral { value } => value.to_string(),
                        };
                        let text = flatten_in(&v.value, terms, true)?;
                        let text = text.trim();
                        if text.ends_with('*') {
                            return Err("a variant's text may not end with `*`".into());
                        }
                        let star = if v.default { "*" } else { "" };
                        write!(out, "{star}[{key}]{text}").unwrap();
                    }
                    out.push('}');
                }
            },
        }
    }
    Ok(out)
}

fn inline_text(
    e: &InlineExpression<&str>,
    terms: &BTreeMap<String, String>,
) -> Result<String, String> {
    match e {
        InlineExpression::StringLiteral { value } => Ok(value.to_string()),
        InlineExpression::NumberLiteral { value } => Ok(value.to_string()),
        InlineExpression::VariableReference { id } => Ok(format!("{{${}}}", id.name)),
        InlineExpression::TermReference {
            id,
            attribute: None,
            arguments: None,
        } => terms
            .get(id.name)
            .cloned()
            .ok_or_else(|| format!("unknown term -{}", id.name)),
        InlineExpression::Placeable { expression } => match &**expression {
            Expression::Inline(inner) => inline_text(inner, terms),
            Expression::Select { .. } => Err("select expressions are not supported".into()),
        },
        other => Err(format!("unsupported expression {other:?}")),
    }
}
