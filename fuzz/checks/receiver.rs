//! What must hold for any body of `POST /consent`: shared by the fuzz target
//! (`fuzz/fuzz_targets/record.rs`) and the receiver's tests (`receiver/tests/properties.rs`).

use kelisim_receiver::server::RecordReader;

/// The reasons a body is refused for.
pub const REASONS: [&str; 5] = [
    "not_utf8",
    "too_deep",
    "invalid_json",
    "schema",
    "client_time",
];

/// The record parser: no panic; an accepted body is stored as the exact text and is a record
/// with a valid id, consent id and time; a refused one has a known reason and says why. Whether
/// `body` was accepted.
pub fn record(reader: &RecordReader, body: &[u8]) -> bool {
    match reader.read(body) {
        Ok((text, record, consent)) => {
            assert_eq!(text.as_bytes(), body);
            assert!(kelisim::cookie::is_uuid(&record.record_id));
            assert_eq!(consent.id, record.consent_id);
            assert!(record.given_unix().is_some());
            true
        }
        Err(refusal) => {
            assert!(REASONS.contains(&refusal.reason), "{}", refusal.reason);
            assert!(!refusal.error.is_empty());
            false
        }
    }
}
