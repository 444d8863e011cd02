//! The receiver's writer (`store::chain::link`, the rows and hashes it stores) and the check of
//! its export (`verify_export`): see `fuzz/checks/receiver.rs`.
#![no_main]

#[path = "../checks/receiver.rs"]
mod checks;

libfuzzer_sys::fuzz_target!(|data: &[u8]| {
    checks::ledger(data);
});
