//! The first layer's glue under the short names of its WebAssembly's imports and exports.
//!
//! wasm-bindgen names every import after its Rust path and a 16-digit hash
//! (`__wbg_appendChild_dbf7ad2f48413560`) and some exports after long closure shims; both the
//! wasm's import and export sections and the JavaScript glue spell each name out, and the hashes
//! do not compress. `scripts/build.sh` lets wasm-opt shorten them in the wasm
//! (`--minify-imports-and-exports-and-modules`, which prints the old and new names as JSON) and
//! [`rename`] then rewrites the glue to the same names: the imports object's keys, its module
//! name, and every `wasm.<export>` the glue reads. A name of the map that the glue never spells
//! fails the build (the glue and the wasm would not link), never a silent half rename.
//!
//! [`trim_init`] before that replaces wasm-bindgen's initialisation functions with the one path
//! the loader takes: it always hands `default` its wasm (a `Response`, bytes or a compiled
//! `WebAssembly.Module`), so the default URL, `initSync` and the warnings for deprecated
//! arguments are never used, and every visitor downloaded them inside the loader.

use serde_json::Value;
use std::collections::HashMap;

/// Where wasm-bindgen's initialisation functions start in its glue (`--target web`).
const INIT_START: &str = "async function __wbg_load(";
/// The last line of the glue, which they end with.
const INIT_END: &str = "export { initSync, __wbg_init as default };";

/// What [`trim_init`] puts in their place: `default({ module_or_path })` as wasm-bindgen's, for
/// the values the loader hands it (a `Response` or a promise of one, bytes, a compiled
/// `Module`). A response served with another type than `application/wasm` is still compiled
/// from its bytes, as wasm-bindgen's does, with a shorter warning that names the type and the
/// file; a failed response fails. Measured 2026-12-07: the loader (which holds the first layer's
/// glue) 7,012 -> 6,715 B brotli, the app's glue 3,668 -> 3,390 (the warning alone +38 B).
const INIT: &str = r#"// wasm-bindgen's initialisation, trimmed to the loader's one use (src/glue.rs, trim_init).
async function __wbg_init({ module_or_path: source }) {
    if (wasm !== undefined) return wasm;
    const imports = __wbg_get_imports();
    source = await source;
    let result;
    if (source instanceof Response) {
        if (!source.ok) throw new Error(`failed to fetch Wasm: ${source.status} fetching '${source.url}'`);
        try {
            result = await WebAssembly.instantiateStreaming(source, imports);
        } catch (e) {
            if (!/^(basic|cors|default)$/.test(source.type) || source.headers.get('Content-Type') === 'application/wasm') throw e;
            console.warn("kelisim: served as " + source.headers.get("Content-Type") + ", not application/wasm (slower):", source.url);
            result = await WebAssembly.instantiate(await source.arrayBuffer(), imports);
        }
    } else {
        result = await WebAssembly.instantiate(source, imports);
        if (result instanceof WebAssembly.Instance) result = { instance: result, module: source };
    }
    return __wbg_finalize_init(result.instance, result.module);
}

export { __wbg_init as default };
"#;

/// The glue `glue` with wasm-bindgen's initialisation functions (from `__wbg_load` to the last
/// export) replaced by `INIT`. Errors when the glue does not have that shape (another
/// wasm-bindgen version), so the build stops instead of shipping a glue that cannot start.
pub fn trim_init(glue: &str) -> Result<String, String> {
    let start = glue
        .find(INIT_START)
        .ok_or("the glue has no `async function __wbg_load(`")?;
    let end = glue
        .rfind(INIT_END)
        .ok_or_else(|| format!("the glue does not end with `{INIT_END}`"))?;
    if glue.matches(INIT_START).count() != 1
        || end < start
        || !glue[end + INIT_END.len()..].trim().is_empty()
    {
        return Err(format!(
            "the glue's initialisation is not one block from `{INIT_START}` to `{INIT_END}`"
        ));
    }
    for needed in [
        "function __wbg_get_imports(",
        "function __wbg_finalize_init(instance, module)",
    ] {
        if !glue[..start].contains(needed) {
            return Err(format!(
                "the glue defines no `{needed}` before its initialisation"
            ));
        }
    }
    Ok(format!("{}{INIT}", &glue[..start]))
}

/// The glue `glue` with the names of wasm-opt's `maps` (its JSON output: one map for each round
/// of `--converge`, each from the names the round before gave) and the import module
/// `old_module` (wasm-bindgen's `./<name>_bg.js`) renamed `new_module`. Errors name what is
/// missing.
pub fn rename(
    glue: &str,
    maps: &[Value],
    old_module: &str,
    new_module: &str,
) -> Result<String, String> {
    let (first, later) = maps.split_first().ok_or("wasm-opt printed no map")?;
    let mut imports = pairs(first, "imports", 1, 2)?;
    let mut exports = pairs(first, "exports", 0, 1)?;
    for map in later {
        for (names, key, old_at, new_at) in [
            (&mut imports, "imports", 1, 2),
            (&mut exports, "exports", 0, 1),
        ] {
            let round = pairs(map, key, old_at, new_at)?;
            for new in names.values_mut() {
                *new = round
                    .get(new.as_str())
                    .ok_or_else(|| format!("a later round of `{key}` lacks `{new}`"))?
                    .clone();
            }
        }
    }
    let quoted = format!("\"{old_module}\"");
    if glue.matches(&quoted).count() != 1 {
        return Err(format!(
            "the glue does not name the import module {quoted} exactly once"
        ));
    }
    let glue = glue.replacen(&quoted, &format!("\"{new_module}\""), 1);
    let mut out = String::with_capacity(glue.len());
    let mut found = std::collections::HashSet::new();
    let mut rest = glue.as_str();
    while let Some(start) = rest.find(is_name_char) {
        out.push_str(&rest[..start]);
        let end = rest[start..]
            .find(|c| !is_name_char(c))
            .map_or(rest.len(), |e| start + e);
        let word = &rest[start..end];
        let after_wasm = out.ends_with("wasm.") && !out[..out.len() - 5].ends_with(is_name_char);
        let new = if after_wasm {
            exports.get(word)
        } else if out.ends_with('.') {
            None
        } else {
            imports.get(word).inspect(|_| {
                found.insert(word.to_owned());
            })
        };
        out.push_str(new.map_or(word, String::as_str));
        rest = &rest[end..];
    }
    out.push_str(rest);
    let mut missing: Vec<&String> = imports.keys().filter(|k| !found.contains(*k)).collect();
    missing.sort();
    match missing.first() {
        Some(name) => Err(format!("the glue does not define the import `{name}`")),
        None => Ok(out),
    }
}

/// The one module name the imports of the WebAssembly binary `wasm` come from (wasm-opt names
/// it when it shortens the modules). Errors when the binary is malformed or imports from none
/// or several.
pub fn import_module(wasm: &[u8]) -> Result<String, String> {
    let bad = || "not a WebAssembly binary that wasm-opt could read".to_owned();
    let mut r = Reader { b: wasm, at: 8 };
    if wasm.get(..8) != Some(b"\0asm\x01\0\0\0".as_slice()) {
        return Err(bad());
    }
    while r.at < wasm.len() {
        let id = r.byte().ok_or_else(bad)?;
        let size = r.leb().ok_or_else(bad)?;
        if id != 2 {
            r.at = r.at.checked_add(size).ok_or_else(bad)?;
            continue;
        }
        let mut modules = std::collections::BTreeSet::new();
        for _ in 0..r.leb().ok_or_else(bad)? {
            modules.insert(r.name().ok_or_else(bad)?);
            r.name().ok_or_else(bad)?;
            match r.byte().ok_or_else(bad)? {
                0 => drop(r.leb().ok_or_else(bad)?),
                1 => {
                    r.byte().ok_or_else(bad)?;
                    let flags = r.leb().ok_or_else(bad)?;
                    r.leb().ok_or_else(bad)?;
                    if flags & 1 == 1 {
                        r.leb().ok_or_else(bad)?;
                    }
                }
                2 => {
                    let flags = r.leb().ok_or_else(bad)?;
                    r.leb().ok_or_else(bad)?;
                    if flags & 1 == 1 {
                        r.leb().ok_or_else(bad)?;
                    }
                }
                3 => drop(r.b.get(r.at..r.at + 2).ok_or_else(bad).map(|_| r.at += 2)?),
                kind => {
                    return Err(format!(
                        "an import of kind {kind}, which the glue never has"
                    ))
                }
            }
        }
        let mut modules = modules.into_iter();
        return match (modules.next(), modules.next()) {
            (Some(module), None) => Ok(module),
            _ => Err("the imports do not come from exactly one module".to_owned()),
        };
    }
    Err("the binary imports nothing".to_owned())
}

struct Reader<'a> {
    b: &'a [u8],
    at: usize,
}

impl Reader<'_> {
    fn byte(&mut self) -> Option<u8> {
        let b = *self.b.get(self.at)?;
        self.at += 1;
        Some(b)
    }

    fn leb(&mut self) -> Option<usize> {
        let mut value = 0usize;
        for shift in (0..35).step_by(7) {
            let b = self.byte()?;
            value |= usize::from(b & 0x7f) << shift;
            if b < 0x80 {
                return Some(value);
            }
        }
        None
    }

    fn name(&mut self) -> Option<String> {
        let len = self.leb()?;
        let bytes = self.b.get(self.at..self.at.checked_add(len)?)?;
        self.at += len;
        String::from_utf8(bytes.to_vec()).ok()
    }
}

/// The `[.., old, new]` pairs of `map`'s list `key`, old name to new.
fn pairs(
    map: &Value,
    key: &str,
    old_at: usize,
    new_at: usize,
) -> Result<HashMap<String, String>, String> {
    let list = map
        .get(key)
        .and_then(Value::as_array)
        .ok_or_else(|| format!("the map has no `{key}` list"))?;
    list.iter()
        .map(|entry| {
            let name = |i: usize| entry.get(i).and_then(Value::as_str).map(str::to_owned);
            match (name(old_at), name(new_at)) {
                (Some(old), Some(new)) if is_name(&old) && is_name(&new) => Ok((old, new)),
                _ => Err(format!(
                    "`{key}` holds an entry that is not [.., old, new]: {entry}"
                )),
            }
        })
        .collect()
}

fn is_name_char(c: char) -> bool {
    c.is_ascii_alphanumeric() || c == '_' || c == '$'
}

fn is_name(s: &str) -> bool {
    !s.is_empty() && s.chars().all(is_name_char)
}

#[cfg(test)]
mod tests {
    use super::*;

    const GLUE: &str = r#"function __wbg_get_imports() {
    const import0 = {
        __wbg_append_f73e35c7bae8fc1c: function(a) { x.append(a) },
        __wbindgen_generic_0000000000000001: function(a, b) { return wasm.__wbindgen_malloc(a) },
    };
    return { "./first_bg.js": import0 };
}
export function start(a) { wasm.start(a); other.start(a); mywasm.start(a); }
"#;

    fn map() -> Value {
        serde_json::json!({
            "imports": [["./first_bg.js", "__wbg_append_f73e35c7bae8fc1c", "a"],
                        ["./first_bg.js", "__wbindgen_generic_0000000000000001", "$"]],
            "exports": [["start", "b"], ["__wbindgen_malloc", "c"], ["memory", "d"]]
        })
    }

    #[test]
    fn renames_imports_exports_and_the_module() {
        let out = rename(GLUE, &[map()], "./first_bg.js", "x").unwrap();
        assert!(
            out.contains("        a: function(a) { x.append(a) },"),
            "{out}"
        );
        assert!(
            out.contains("        $: function(a, b) { return wasm.c(a) },"),
            "{out}"
        );
        assert!(out.contains(r#"return { "x": import0 };"#), "{out}");
        // Only the wasm's exports: the glue's own `start` and other objects' keep their names.
        assert!(
            out.contains(
                "export function start(a) { wasm.b(a); other.start(a); mywasm.start(a); }"
            ),
            "{out}"
        );
        assert!(out.contains("function __wbg_get_imports()"), "{out}");
    }

    /// A binary with a type section and `imports` (module, name) function imports of type 0.
    fn binary(imports: &[(&str, &str)]) -> Vec<u8> {
        let mut b = b"\0asm\x01\0\0\0".to_vec();
        b.extend([1, 4, 1, 0x60, 0, 0]);
        let mut section = vec![imports.len() as u8];
        for (module, name) in imports {
            for s in [module, name] {
                section.push(s.len() as u8);
                section.extend(s.as_bytes());
            }
            section.extend([0, 0]);
        }
        b.extend([2, section.len() as u8]);
        b.extend(section);
        b
    }

    #[test]
    fn reads_the_one_import_module() {
        assert_eq!(
            import_module(&binary(&[("a", "b"), ("a", "c")])),
            Ok("a".to_owned())
        );
        assert!(import_module(&binary(&[("a", "b"), ("x", "c")]))
            .unwrap_err()
            .contains("exactly one"));
        assert!(import_module(&binary(&[]))
            .unwrap_err()
            .contains("exactly one"));
        let mut cut = binary(&[("a", "b")]);
        cut.pop();
        assert!(import_module(&cut)
            .unwrap_err()
            .contains("not a WebAssembly"));
        assert!(import_module(b"\0asm\x01\0\0\0")
            .unwrap_err()
            .contains("imports nothing"));
        assert!(import_module(b"GIF89a..")
            .unwrap_err()
            .contains("not a WebAssembly"));
    }

    #[test]
    fn later_rounds_rename_the_names_of_the_round_before() {
        let second = serde_json::json!({
            "imports": [["x", "a", "a"], ["x", "$", "f"]],
            "exports": [["b", "b"], ["c", "g"], ["d", "d"]]
        });
        let out = rename(GLUE, &[map(), second], "./first_bg.js", "x").unwrap();
        assert!(
            out.contains("        f: function(a, b) { return wasm.g(a) },"),
            "{out}"
        );
        let lacking = serde_json::json!({ "imports": [["x", "a", "a"]], "exports": [] });
        assert_eq!(
            rename(GLUE, &[map(), lacking], "./first_bg.js", "x").unwrap_err(),
            "a later round of `imports` lacks `$`"
        );
        assert_eq!(
            rename(GLUE, &[], "./first_bg.js", "x").unwrap_err(),
            "wasm-opt printed no map"
        );
    }

    const WASM_BINDGEN_INIT: &str = "function __wbg_get_imports() { return {}; }
function __wbg_finalize_init(instance, module) { wasm = instance.exports; return wasm; }
async function __wbg_load(module, imports) { console.warn('deprecated'); }
function initSync(module) { }
async function __wbg_init(module_or_path) { }
export { initSync, __wbg_init as default };
";

    #[test]
    fn the_initialisation_is_trimmed_to_the_loaders_use() {
        let out = trim_init(WASM_BINDGEN_INIT).unwrap();
        assert!(
            out.starts_with("function __wbg_get_imports() { return {}; }\n"),
            "{out}"
        );
        assert!(
            out.ends_with("export { __wbg_init as default };\n"),
            "{out}"
        );
        for gone in ["__wbg_load", "initSync", "deprecated"] {
            assert!(!out.contains(gone), "{gone} is left: {out}");
        }
        assert_eq!(
            out.matches("async function __wbg_init(").count(),
            1,
            "{out}"
        );
    }

    #[test]
    fn a_glue_of_another_shape_is_refused() {
        let no_load =
            WASM_BINDGEN_INIT.replace("async function __wbg_load(", "async function load(");
        assert!(trim_init(&no_load).unwrap_err().contains("__wbg_load"));
        let other_export = WASM_BINDGEN_INIT.replace(
            "export { initSync, __wbg_init as default };",
            "export { __wbg_init as default };",
        );
        assert!(trim_init(&other_export)
            .unwrap_err()
            .contains("does not end with"));
        let code_after = format!("{WASM_BINDGEN_INIT}start();\n");
        assert!(trim_init(&code_after)
            .unwrap_err()
            .contains("not one block"));
        let no_finalize = WASM_BINDGEN_INIT.replace(
            "function __wbg_finalize_init(instance, module)",
            "function finish(instance, module)",
        );
        assert!(trim_init(&no_finalize)
            .unwrap_err()
            .contains("__wbg_finalize_init"));
    }

    #[test]
    fn a_name_the_glue_lacks_fails() {
        let mut m = map();
        m["imports"]
            .as_array_mut()
            .unwrap()
            .push(serde_json::json!(["./first_bg.js", "__wbg_gone_0123", "e"]));
        assert_eq!(
            rename(GLUE, &[m], "./first_bg.js", "x").unwrap_err(),
            "the glue does not define the import `__wbg_gone_0123`"
        );
        assert!(rename(GLUE, &[map()], "./app_bg.js", "x")
            .unwrap_err()
            .contains("import module"));
        assert!(rename(
            GLUE,
            &[serde_json::json!({ "imports": [] })],
            "./first_bg.js",
            "x"
        )
        .unwrap_err()
        .contains("`exports`"));
        assert!(rename(
            GLUE,
            &[serde_json::json!({ "imports": [["m", "a b", "c"]], "exports": [] })],
            "./first_bg.js",
            "x"
        )
        .unwrap_err()
        .contains("not [.., old, new]"));
    }
}
