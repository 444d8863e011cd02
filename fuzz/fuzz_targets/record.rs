//! The receiver's record parser (the body of `POST /consent`): any bytes never panic; a record
//! read is stored as the exact text sent and carries a valid consent.
#![no_main]

use kelisim_receiver::server::RecordReader;
use libfuzzer_sys::fuzz_target;
use std::sync::OnceLock;

static READER: OnceLock<RecordReader> = OnceLock::new();

fuzz_target!(|data: &[u8]| {
    let reader = READER.get_or_init(|| RecordReader::new().expect("the embedded schema"));
    match reader.read(data) {
        Ok((text, record, consent)) => {
            assert_eq!(text.as_bytes(), data);
            assert!(kelisim::cookie::is_uuid(&record.record_id));
            assert_eq!(consent.id, record.consent_id);
            assert!(record.given_unix().is_some());
        }
        Err(refusal) => assert!(!refusal.error.is_empty()),
    }
});
