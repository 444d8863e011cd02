//! What must hold for any input of kelisim's decoders: shared by the fuzz targets
//! (`fuzz/fuzz_targets/{cookie,config}.rs`) and the native tests that replay the seed corpus
//! (`tests/properties.rs`). A failed assertion is a finding.

use kelisim::config::{self, Level};
use kelisim::cookie;

/// The cookie decoder: no panic; a decoded consent has a UUID, a time, valid category ids, and
/// encodes to a value that decodes to the same consent. Whether `bytes` decoded.
pub fn cookie(bytes: &[u8]) -> bool {
    let Ok(value) = std::str::from_utf8(bytes) else {
        return false;
    };
    let _ = cookie::find(value, "kelisim");
    let Ok(consent) = cookie::decode(value) else {
        return false;
    };
    assert!(cookie::is_uuid(&consent.id));
    assert!(consent.given >= 0);
    assert!(consent.granted.iter().all(|g| config::is_identifier(g)));
    let again = cookie::encode(&consent);
    assert_eq!(cookie::decode(&again), Ok(consent));
    true
}

/// The configuration reader: no panic; an accepted configuration has no error diagnostic and
/// passes [`config::check`] again (as the Leptos component checks it); a refused one names an
/// error. Whether `bytes` was accepted.
pub fn config(bytes: &[u8]) -> bool {
    let Ok(json) = std::str::from_utf8(bytes) else {
        return false;
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
            assert!(config::check(config).is_ok());
            true
        }
        Err(()) => {
            assert!(errors > 0, "refused without an error: {diagnostics:?}");
            false
        }
    }
}
