//! Prints the loader's generated block of facts (`/*@facts*/ … /*@end*/`, see `kelisim::early`)
//! and fills in its table of catalogue services (`/*@autoblock*/ … /*@end*/`, see
//! `kelisim::autoblock`).
//!
//! - `cargo run --example loader_facts`: the block alone;
//! - `cargo run --example loader_facts -- loader/kelisim.js`: that file with its block replaced
//!   (what `scripts/build.sh` ships as `dist/kelisim.js`);
//! - `cargo run --example loader_facts -- --write`: rewrites `loader/kelisim.js` in place (after
//!   changing a fact in Rust; a native test fails until the committed loader holds the block).
use std::process::ExitCode;

fn main() -> ExitCode {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let (path, write) = match args.first().map(String::as_str) {
        None => {
            println!("{}", kelisim::early::loader_facts());
            println!("{}", kelisim::autoblock::loader_table());
            return ExitCode::SUCCESS;
        }
        Some("--write") => (
            concat!(env!("CARGO_MANIFEST_DIR"), "/loader/kelisim.js").to_owned(),
            true,
        ),
        Some(path) => (path.to_owned(), false),
    };
    let loader = match std::fs::read_to_string(&path) {
        Ok(text) => text,
        Err(e) => {
            eprintln!("loader_facts: cannot read {path}: {e}");
            return ExitCode::FAILURE;
        }
    };
    let Some(new) = kelisim::early::with_facts(&loader) else {
        eprintln!("loader_facts: {path} has no /*@facts*/ … /*@end*/ block");
        return ExitCode::FAILURE;
    };
    let Some(new) = kelisim::autoblock::with_table(&new) else {
        eprintln!("loader_facts: {path} has no /*@autoblock*/ … /*@end*/ block");
        return ExitCode::FAILURE;
    };
    if write {
        if let Err(e) = std::fs::write(&path, new) {
            eprintln!("loader_facts: cannot write {path}: {e}");
            return ExitCode::FAILURE;
        }
    } else {
        print!("{new}");
    }
    ExitCode::SUCCESS
}
