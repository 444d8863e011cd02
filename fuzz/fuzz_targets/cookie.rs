//! The cookie decoder (`kelisim::cookie::decode`, `find`): see `fuzz/checks/core.rs`.
#![no_main]

#[path = "../checks/core.rs"]
#[allow(dead_code)]
mod checks;

libfuzzer_sys::fuzz_target!(|data: &[u8]| {
    checks::cookie(data);
});
