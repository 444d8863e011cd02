//! The configuration reader (`kelisim::config::parse`: JSON, read, validate): see
//! `fuzz/checks/core.rs`.
#![no_main]

#[path = "../checks/core.rs"]
#[allow(dead_code)]
mod checks;

libfuzzer_sys::fuzz_target!(|data: &[u8]| {
    checks::config(data);
});
