//! The cookie decoder: any value never panics; what decodes re-encodes to the same value
//! (modulo the check's hex case and version 1), and the consent read back is valid.
#![no_main]

use kelisim::cookie;
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let Ok(value) = std::str::from_utf8(data) else {
        return;
    };
    let _ = cookie::find(value, "kelisim");
    if let Ok(consent) = cookie::decode(value) {
        assert!(cookie::is_uuid(&consent.id));
        assert!(consent.given >= 0);
        assert!(consent
            .granted
            .iter()
            .all(|g| kelisim::config::is_identifier(g)));
        // What is read back encodes to a value that decodes to the same consent.
        let again = cookie::encode(&consent);
        assert_eq!(cookie::decode(&again), Ok(consent));
    }
});
