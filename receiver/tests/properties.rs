//! Property tests of the receiver's record parser ([`RecordReader::read`], the body of
//! `POST /consent`): whatever the body, it never panics; what it accepts is stored exactly as
//! sent and is a record of the schema; a record altered anywhere is either refused with a reason
//! or still a well-formed record. (The long libFuzzer runs: `scripts/fuzz.sh`, target `record`.)

#[path = "../../fuzz/checks/receiver.rs"]
mod checks;
mod common;

use kelisim_receiver::server::RecordReader;
use proptest::prelude::*;
use serde_json::Value;
use std::sync::OnceLock;

fn reader() -> &'static RecordReader {
    static READER: OnceLock<RecordReader> = OnceLock::new();
    READER.get_or_init(|| RecordReader::new().unwrap())
}

/// Any body: accepted as the exact text of a valid record, or refused with a known reason (the
/// same checks as the fuzz target; proptest reports a failed assertion with its shrunk input).
fn check(body: &[u8]) -> Result<bool, TestCaseError> {
    Ok(checks::record(reader(), body))
}

fn json_value() -> impl Strategy<Value = Value> {
    let leaf = prop_oneof![
        Just(Value::Null),
        any::<bool>().prop_map(Value::Bool),
        any::<i64>().prop_map(Value::from),
        any::<f64>().prop_map(Value::from),
        ".{0,40}".prop_map(Value::String),
    ];
    leaf.prop_recursive(12, 64, 6, |inner| {
        prop_oneof![
            proptest::collection::vec(inner.clone(), 0..6).prop_map(Value::Array),
            proptest::collection::btree_map(".{0,12}", inner, 0..6)
                .prop_map(|m| Value::Object(m.into_iter().collect())),
        ]
    })
}

fn sample() -> Value {
    common::record(
        "0b0e4a52-6c8a-4d8e-9a57-3f1b2c4d5e6f",
        "2026-01-31T10:00:00Z",
    )
}

/// The committed seed corpus of the fuzz target (real records) is accepted.
#[test]
fn the_fuzz_seeds_are_accepted() {
    let dir = concat!(env!("CARGO_MANIFEST_DIR"), "/../fuzz/seeds/record");
    let mut n = 0;
    for entry in std::fs::read_dir(dir).unwrap() {
        let path = entry.unwrap().path();
        let body = std::fs::read(&path).unwrap();
        assert!(
            checks::record(reader(), &body),
            "{} refused",
            path.display()
        );
        n += 1;
    }
    assert!(n >= 5);
}

#[test]
fn the_sample_record_is_accepted() {
    let body = serde_json::to_vec(&sample()).unwrap();
    assert!(reader().read(&body).is_ok());
    // A body the parser refuses, so the properties below see both outcomes.
    assert_eq!(reader().read(b"{}").unwrap_err().reason, "schema");
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(1000))]

    /// Any bytes: never a panic.
    #[test]
    fn any_bytes(body in proptest::collection::vec(any::<u8>(), 0..512)) {
        check(&body)?;
    }

    /// Any JSON value, nested deeper than allowed too: never a panic, never accepted.
    #[test]
    fn any_json(value in json_value()) {
        prop_assert!(!check(value.to_string().as_bytes())?);
    }

    /// A valid record with one field replaced by any JSON value, removed, or one field added:
    /// accepted only as a record of the schema, else refused with a reason.
    #[test]
    fn a_record_with_one_field_changed(at in any::<prop::sample::Index>(), value in json_value(), how in 0..3u8) {
        let mut record = sample();
        let fields = record.as_object_mut().unwrap();
        let key = fields.keys().nth(at.index(fields.len())).unwrap().clone();
        match how {
            0 => { fields.insert(key.clone(), value); }
            1 => { fields.remove(&key); }
            _ => { fields.insert(format!("{key}_extra"), value); }
        }
        let body = serde_json::to_vec(&record).unwrap();
        if check(&body)? {
            prop_assert!(how == 0, "a record without {key} or with an extra field was accepted");
        }
    }

    /// A valid record with one byte changed: never a panic.
    #[test]
    fn a_record_with_one_byte_changed(at in any::<prop::sample::Index>(), to in any::<u8>()) {
        let mut body = serde_json::to_vec(&sample()).unwrap();
        let i = at.index(body.len());
        body[i] = to;
        check(&body)?;
    }
}

proptest! {
    /// The ledger the writer makes of any records exports and verifies, and an export with any
    /// one byte changed verifies only if it still reads as the same rows (the fuzz target
    /// `ledger`'s check).
    #[test]
    fn the_writers_ledger_verifies_and_a_changed_byte_shows(
        data in proptest::collection::vec(any::<u8>(), 0..400)
    ) {
        checks::ledger(&data);
    }
}

/// The committed seeds of the `ledger` fuzz target pass its check.
#[test]
fn the_ledger_fuzz_seeds_pass() {
    let dir = concat!(env!("CARGO_MANIFEST_DIR"), "/../fuzz/seeds/ledger");
    let mut n = 0;
    for entry in std::fs::read_dir(dir).unwrap() {
        checks::ledger(&std::fs::read(entry.unwrap().path()).unwrap());
        n += 1;
    }
    assert!(n >= 3, "{n} seeds");
}
