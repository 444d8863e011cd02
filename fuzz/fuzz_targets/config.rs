//! The configuration reader: any text never panics; an accepted configuration has no error
//! diagnostic, and a refused one names at least one error.
#![no_main]

use kelisim::config::{self, Level};
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let Ok(json) = std::str::from_utf8(data) else {
        return;
    };
    let (result, diagnostics) = config::parse(json);
    let errors = diagnostics
        .iter()
        .filter(|d| d.level == Level::Error)
        .count();
    for d in &diagnostics {
        let _ = d.line();
    }
    match result {
        Ok(config) => {
            assert_eq!(errors, 0);
            // A valid configuration stays valid when checked again (as the Leptos component does).
            assert!(config::check(config).is_ok());
        }
        Err(()) => assert!(errors > 0, "refused without an error: {diagnostics:?}"),
    }
});
