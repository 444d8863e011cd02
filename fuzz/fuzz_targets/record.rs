//! The receiver's record parser (`RecordReader::read`, the body of `POST /consent`): see
//! `fuzz/checks/receiver.rs`.
#![no_main]

#[path = "../checks/receiver.rs"]
mod checks;

use kelisim_receiver::server::RecordReader;
use std::sync::OnceLock;

static READER: OnceLock<RecordReader> = OnceLock::new();

libfuzzer_sys::fuzz_target!(|data: &[u8]| {
    let reader = READER.get_or_init(|| RecordReader::new().expect("the embedded schema"));
    checks::record(reader, data);
});
