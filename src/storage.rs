//! Every local-storage key kelisim writes, and the name of its Web Lock, in one place.
//!
//! All keys start with `kelisim:` and end with the site's consent cookie name, so two
//! configurations of one origin (two cookie names) never read each other's data:
//! - `kelisim:choice:<time, ms>:<record id>:<cookie name>`: a choice handed from the first layer
//!   to the app ([`crate::handover`]); [`choice_key`];
//! - `kelisim:outbox:<time, ms>:<record id>:<cookie name>`: one undelivered record
//!   ([`crate::outbox`]); [`outbox_key`]; kelisim 0.1's shared `kelisim:outbox:<cookie name>` is
//!   still read once and migrated ([`legacy_outbox_key`]);
//! - `kelisim:receipt:<cookie name>`: the record of the current consent ([`receipt_key`]);
//! - `kelisim:processing:<consent id>:<cookie name>`: a processing consent given on this device
//!   ([`processing_key`]);
//! - `kelisim:early:<hash of the configuration text>`: the loader's early answer
//!   ([`crate::early`]; [`early_key`]).
//!
//! Keys with a time sort by it (15 digits), then by record id; the first layer makes the times of
//! one page strictly increasing ([`next_time`]), so choices made in one millisecond keep their
//! order. The Web Lock `kelisim-delivery:<cookie name>` ([`lock_name`]) lets one tab at a time
//! deliver the outbox.

/// The start of every hand-over key.
pub const CHOICE_PREFIX: &str = "kelisim:choice:";
/// The start of every outbox key.
pub const OUTBOX_PREFIX: &str = "kelisim:outbox:";
/// The start of the receipt's key.
const RECEIPT_PREFIX: &str = "kelisim:receipt:";
/// The start of the storage keys of processing consents.
pub const PROCESSING_PREFIX: &str = "kelisim:processing:";
/// The start of every early answer's key: `kelisim:early:<hash of the configuration text>`.
pub const EARLY_PREFIX: &str = "kelisim:early:";

/// `<prefix><time, 15 digits>:<record id>:<cookie name>`: the key of a hand-over or an outbox
/// record made at `time_ms`.
fn timed_key(prefix: &str, time_ms: u64, record_id: &str, cookie_name: &str) -> String {
    let mut key = String::from(prefix);
    crate::time::push_digits(&mut key, time_ms as i64, 15);
    key.push(':');
    key.push_str(record_id);
    key.push(':');
    key.push_str(cookie_name);
    key
}

/// The time that orders a new key after one made at `last_ms` on the same page: `now_ms`, or
/// `last_ms + 1` when the clock has not moved on (or went back).
pub fn next_time(last_ms: u64, now_ms: u64) -> u64 {
    now_ms.max(last_ms.saturating_add(1))
}

/// The storage key of a hand-over made at `time_ms` (sorts by time).
pub fn choice_key(time_ms: u64, record_id: &str, cookie_name: &str) -> String {
    timed_key(CHOICE_PREFIX, time_ms, record_id, cookie_name)
}

/// Whether `key` is a hand-over key of the site whose consent cookie is `cookie_name`.
pub fn is_choice_key(key: &str, cookie_name: &str) -> bool {
    key.starts_with(CHOICE_PREFIX)
        && key
            .strip_suffix(cookie_name)
            .is_some_and(|k| k.ends_with(':') && k.len() > CHOICE_PREFIX.len() + 16)
}

/// The time (ms) of a hand-over key ([`choice_key`]).
pub fn choice_time(key: &str) -> Option<u64> {
    time_after(key, CHOICE_PREFIX)
}

/// The time (ms) of an outbox key ([`outbox_key`]): when its choice was made.
pub fn outbox_time(key: &str) -> Option<u64> {
    time_after(key, OUTBOX_PREFIX)
}

/// The 15 digits after `prefix`.
fn time_after(key: &str, prefix: &str) -> Option<u64> {
    crate::text::parse_digits(key.strip_prefix(prefix)?.get(..15)?)
}

/// The storage key of one undelivered record: `time_ms` is its hand-over's time
/// ([`choice_time`]), so two tabs converting the same hand-over write the same key.
pub fn outbox_key(time_ms: u64, record_id: &str, cookie_name: &str) -> String {
    timed_key(OUTBOX_PREFIX, time_ms, record_id, cookie_name)
}

/// The record id of an outbox key of the site whose consent cookie is `cookie_name`, or `None`
/// when `key` is not one.
pub fn outbox_record_id<'a>(key: &'a str, cookie_name: &str) -> Option<&'a str> {
    let rest = key
        .strip_prefix(OUTBOX_PREFIX)?
        .strip_suffix(cookie_name)?
        .strip_suffix(':')?;
    let (time, id) = rest.split_at_checked(15)?;
    let id = id.strip_prefix(':')?;
    (time.bytes().all(|b| b.is_ascii_digit()) && crate::cookie::is_uuid(id)).then_some(id)
}

/// The outbox of kelisim 0.1: one shared value that every tab read, changed and wrote back
/// (records could be lost). The app reads it once, moves its records to their own keys
/// ([`outbox_key`]) and removes it.
pub fn legacy_outbox_key(cookie_name: &str) -> String {
    [OUTBOX_PREFIX, cookie_name].concat()
}

/// The record of the visitor's current consent (their receipt).
pub fn receipt_key(cookie_name: &str) -> String {
    [RECEIPT_PREFIX, cookie_name].concat()
}

/// The key of processing consent `consent_id`.
pub fn processing_key(consent_id: &str, cookie_name: &str) -> String {
    [PROCESSING_PREFIX, consent_id, ":", cookie_name].concat()
}

/// Whether `key` is a processing consent's key for this cookie name.
pub fn is_processing_key(key: &str, cookie_name: &str) -> bool {
    key.strip_prefix(PROCESSING_PREFIX)
        .and_then(|rest| rest.strip_suffix(cookie_name))
        .is_some_and(|id| id.len() == 37 && id.ends_with(':'))
}

/// The key of the loader's early answer for a configuration text (`None`: the built-in
/// default): the prefix and [`crate::early::hash`] in 8 hex digits.
pub fn early_key(config_text: Option<&str>) -> String {
    let mut key = String::from(EARLY_PREFIX);
    push_hex(&mut key, crate::early::hash(config_text.unwrap_or("")));
    key
}

/// Appends `n` as 8 lowercase hex digits.
pub fn push_hex(s: &mut String, n: u32) {
    for shift in (0..8).rev() {
        let digit = (n >> (shift * 4)) & 0xf;
        s.push(char::from_digit(digit, 16).unwrap_or('0'));
    }
}

/// The name of the Web Lock that serialises delivery across the tabs of a site: one tab at a
/// time sends the outbox.
pub fn lock_name(cookie_name: &str) -> String {
    ["kelisim-delivery:", cookie_name].concat()
}

#[cfg(test)]
mod tests {
    use super::*;

    const ID: &str = "5f0c6f7e-3b1a-4c2d-8e9f-0a1b2c3d4e5f";

    #[test]
    fn choice_keys_sort_by_time_and_name_the_cookie() {
        let a = choice_key(1_769_853_600_000, ID, "k");
        let b = choice_key(
            1_769_853_600_001,
            "0f0c6f7e-3b1a-4c2d-8e9f-0a1b2c3d4e5f",
            "k",
        );
        assert!(a < b);
        assert!(is_choice_key(&a, "k"));
        assert!(!is_choice_key(&a, "other"));
        assert!(!is_choice_key(&choice_key(1, "x", "k_basic"), "basic"));
        assert!(!is_choice_key("kelisim:outbox:k", "k"));
        assert_eq!(choice_time(&a), Some(1_769_853_600_000));
        assert_eq!(choice_time("kelisim:choice:12345"), None);
        assert_eq!(choice_time("kelisim:choice:00000000000000x:a:k"), None);
    }

    #[test]
    fn one_outbox_key_per_record() {
        let a = outbox_key(1_769_853_600_000, ID, "k");
        assert_eq!(a, format!("kelisim:outbox:001769853600000:{ID}:k"));
        let b = outbox_key(1_769_853_600_001, ID, "k");
        assert!(a < b, "oldest first");
        assert_eq!(outbox_record_id(&a, "k"), Some(ID));
        assert_eq!(outbox_record_id(&a, "x"), None);
        assert_eq!(outbox_record_id(&outbox_key(1, ID, "k_k"), "k"), None);
        assert_eq!(outbox_record_id(&legacy_outbox_key("k"), "k"), None);
        assert_eq!(outbox_record_id(&choice_key(1, ID, "k"), "k"), None);
        assert_eq!(outbox_record_id(&outbox_key(1, "x", "k"), "k"), None);
        assert_eq!(
            outbox_record_id(&format!("kelisim:outbox:00000000000000x:{ID}:k"), "k"),
            None
        );
        assert!(!is_choice_key(&a, "k"), "not a hand-over");
        assert_eq!(outbox_time(&a), Some(1_769_853_600_000));
        assert_eq!(choice_time(&a), None);
        assert_eq!(outbox_time(&choice_key(7, ID, "k")), None);
    }

    #[test]
    fn times_of_one_page_increase() {
        assert_eq!(next_time(0, 1_000), 1_000);
        assert_eq!(next_time(1_000, 1_000), 1_001, "the same millisecond");
        assert_eq!(next_time(1_001, 1_000), 1_002, "the clock went back");
        assert_eq!(next_time(1_000, 5_000), 5_000);
        assert_eq!(next_time(u64::MAX, 0), u64::MAX);
        // Four choices in one millisecond keep their order, whatever their record ids.
        let mut last = 0;
        let keys: Vec<String> = ["f", "0", "a", "1"]
            .iter()
            .map(|id| {
                last = next_time(last, 1_769_853_600_000);
                choice_key(last, &id.repeat(8), "k")
            })
            .collect();
        let mut sorted = keys.clone();
        sorted.sort();
        assert_eq!(sorted, keys);
    }

    #[test]
    fn processing_and_early_keys() {
        let key = processing_key(ID, "kelisim");
        assert_eq!(key, format!("kelisim:processing:{ID}:kelisim"));
        assert!(is_processing_key(&key, "kelisim"));
        assert!(!is_processing_key(&key, "other"));
        assert!(!is_processing_key(
            "kelisim:processing:x:kelisim",
            "kelisim"
        ));
        assert!(!is_choice_key(&key, "kelisim"));
        assert_eq!(early_key(Some("")), "kelisim:early:811c9dc5");
        assert_eq!(early_key(None), early_key(Some("")));
        assert_eq!(early_key(Some("a")), "kelisim:early:e40c292c");
        assert_eq!(lock_name("k"), "kelisim-delivery:k");
    }
}
