//! Rewrites a wasm-bindgen glue file in place to the short names wasm-opt gave its wasm's imports,
//! exports and import module, its initialisation trimmed to the loader's use (see `kelisim::glue`):
//! `cargo run --example glue_names -- GLUE.js MAP.json WASM OLD_MODULE`
//! (`scripts/build.sh`, for the first layer; MAP.json is what wasm-opt printed, WASM its output).
use std::process::ExitCode;

fn main() -> ExitCode {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let [glue_path, map_path, wasm_path, old_module] = args.as_slice() else {
        eprintln!("usage: glue_names GLUE.js MAP.json WASM OLD_MODULE");
        return ExitCode::FAILURE;
    };
    let read = |p: &str| std::fs::read(p).map_err(|e| format!("cannot read {p}: {e}"));
    let result = (|| {
        let glue =
            String::from_utf8(read(glue_path)?).map_err(|_| format!("{glue_path} is not UTF-8"))?;
        let maps = serde_json::Deserializer::from_slice(&read(map_path)?)
            .into_iter()
            .collect::<Result<Vec<serde_json::Value>, _>>()
            .map_err(|e| format!("{map_path} is not JSON: {e}"))?;
        let module = kelisim::glue::import_module(&read(wasm_path)?)?;
        let glue = kelisim::glue::trim_init(&glue)?;
        let out = kelisim::glue::rename(&glue, &maps, old_module, &module)?;
        std::fs::write(glue_path, out).map_err(|e| format!("cannot write {glue_path}: {e}"))
    })();
    match result {
        Ok(()) => ExitCode::SUCCESS,
        Err(e) => {
            eprintln!("glue_names: {e}");
            ExitCode::FAILURE
        }
    }
}
