//! Where a POSTed body becomes a record: UTF-8, nesting depth, JSON, no U+0000, no unknown
//! field, the record schema (whose every free-text field has a maximum length), then
//! [`ConsentRecord`] and its consent. Fuzzed by `fuzz/fuzz_targets/record.rs`.

use kelisim::consent::Consent;
use kelisim::record::ConsentRecord;
use serde_json::{json, Value};

/// The consent record's JSON Schema, as published in the repository (`kelisim::record::SCHEMA`:
/// the file lives in the kelisim crate, so this crate can be published on its own).
pub const SCHEMA: &str = kelisim::record::SCHEMA;

/// How many schema violations an error answer lists.
const MAX_PROBLEMS: usize = 20;

/// The deepest nesting of arrays and objects accepted (a record nests 2 levels).
pub const MAX_DEPTH: usize = 8;

/// Why a body is not a consent record (a 400 answer): the metrics' `reason` label, the error
/// and the schema problems (`{"path", "message"}`).
#[derive(Debug)]
pub struct Refusal {
    /// The metrics' and log's `reason`: `not_utf8`, `too_deep`, `invalid_json`, `schema`,
    /// `client_time`.
    pub reason: &'static str,
    /// The answer's `error`.
    pub error: String,
    /// The answer's `problems` (empty when none).
    pub problems: Vec<Value>,
}

fn refusal(reason: &'static str, error: String, problems: Vec<Value>) -> Refusal {
    Refusal {
        reason,
        error,
        problems,
    }
}

/// Where a POSTed body becomes a record: UTF-8, nesting depth, JSON, no U+0000, no unknown
/// field, the record schema, then [`ConsentRecord`] and its consent. (Size and media type are
/// checked on the request before.) Fuzzed by `fuzz/fuzz_targets/record.rs`.
pub struct RecordReader {
    known_fields: Vec<String>,
    validator: jsonschema::Validator,
}

impl RecordReader {
    /// The reader of `schema/consent-record.schema.json` (embedded: [`SCHEMA`]).
    pub fn new() -> anyhow::Result<Self> {
        let schema: Value = serde_json::from_str(SCHEMA)?;
        let validator = jsonschema::validator_for(&schema)
            .map_err(|e| anyhow::anyhow!("the embedded schema is not valid: {e}"))?;
        let known_fields = schema["properties"]
            .as_object()
            .map(|p| p.keys().cloned().collect())
            .unwrap_or_default();
        Ok(RecordReader {
            known_fields,
            validator,
        })
    }

    /// The record in `bytes`: its text (stored as is), the record and its consent, or why not.
    pub fn read(&self, bytes: &[u8]) -> Result<(String, ConsentRecord, Consent), Refusal> {
        let Ok(text) = std::str::from_utf8(bytes) else {
            return Err(refusal("not_utf8", "the body is not UTF-8".into(), vec![]));
        };
        if nesting(text) > MAX_DEPTH {
            return Err(refusal(
                "too_deep",
                format!("a consent record nests arrays and objects at most {MAX_DEPTH} deep"),
                vec![],
            ));
        }
        let value: Value = match serde_json::from_str(text) {
            Ok(v) => v,
            Err(e) => {
                return Err(refusal(
                    "invalid_json",
                    format!("invalid JSON: {e}"),
                    vec![],
                ))
            }
        };
        let mut problems: Vec<Value> = Vec::new();
        // U+0000 cannot be stored in a PostgreSQL text column: refuse it here, not in the batch.
        nul_strings(&value, &mut String::new(), &mut problems);
        if let Some(fields) = value.as_object() {
            // Strict: a field the schema does not name is refused, not stored unseen.
            for key in fields.keys() {
                if !self.known_fields.iter().any(|k| k == key) && problems.len() < MAX_PROBLEMS {
                    problems.push(json!({
                        "path": format!("/{}", key.replace('~', "~0").replace('/', "~1")),
                        "message": format!("{key:?} is not a field of a consent record"),
                    }));
                }
            }
        }
        if !self.validator.is_valid(&value) {
            problems.extend(self.validator.iter_errors(&value).take(MAX_PROBLEMS).map(
                |e| json!({ "path": e.instance_path().to_string(), "message": e.to_string() }),
            ));
        }
        if !problems.is_empty() {
            return Err(refusal(
                "schema",
                "not a consent record (schema/consent-record.schema.json)".into(),
                problems,
            ));
        }
        let record: ConsentRecord = match serde_json::from_value(value) {
            Ok(r) => r,
            Err(e) => {
                return Err(refusal(
                    "schema",
                    format!("not a consent record: {e}"),
                    vec![],
                ))
            }
        };
        let Some(consent) = record.to_consent() else {
            return Err(refusal(
                "client_time",
                "not a consent record".into(),
                vec![
                    json!({ "path": "/client_time", "message": format!("{:?} is not a valid date and time", record.client_time) }),
                ],
            ));
        };
        Ok((text.to_owned(), record, consent))
    }
}

/// Adds a problem for each string (or key) of `value` holding U+0000.
fn nul_strings(value: &Value, path: &mut String, problems: &mut Vec<Value>) {
    let pointer = |path: &str| {
        if path.is_empty() {
            "/".to_owned()
        } else {
            path.to_owned()
        }
    };
    match value {
        Value::String(s) if s.contains('\0') && problems.len() < MAX_PROBLEMS => {
            problems.push(json!({ "path": pointer(path), "message": "contains U+0000" }));
        }
        Value::Array(items) => {
            for (i, item) in items.iter().enumerate() {
                let len = path.len();
                path.push_str(&format!("/{i}"));
                nul_strings(item, path, problems);
                path.truncate(len);
            }
        }
        Value::Object(fields) => {
            for (k, v) in fields {
                let len = path.len();
                path.push('/');
                path.push_str(&k.replace('~', "~0").replace('/', "~1"));
                if k.contains('\0') && problems.len() < MAX_PROBLEMS {
                    problems
                        .push(json!({ "path": pointer(path), "message": "a key contains U+0000" }));
                }
                nul_strings(v, path, problems);
                path.truncate(len);
            }
        }
        _ => {}
    }
}

/// How deep arrays and objects nest in a JSON text (outside strings).
pub(crate) fn nesting(text: &str) -> usize {
    let (mut depth, mut max) = (0usize, 0usize);
    let (mut in_string, mut escaped) = (false, false);
    for b in text.bytes() {
        if in_string {
            match (escaped, b) {
                (true, _) => escaped = false,
                (false, b'\\') => escaped = true,
                (false, b'"') => in_string = false,
                _ => {}
            }
            continue;
        }
        match b {
            b'"' => in_string = true,
            b'[' | b'{' => {
                depth += 1;
                max = max.max(depth);
            }
            b']' | b'}' => depth = depth.saturating_sub(1),
            _ => {}
        }
    }
    max
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn nesting_is_counted_outside_strings() {
        assert_eq!(nesting("{}"), 1);
        assert_eq!(nesting(r#"{"a":[{"b":"[[[["}]}"#), 3);
        assert_eq!(nesting(r#"{"a":"\"{{"}"#), 1);
        assert_eq!(nesting(&"[".repeat(100)), 100);
    }

    #[test]
    fn the_embedded_schema_is_the_record_types() {
        let schema: Value = serde_json::from_str(SCHEMA).unwrap();
        assert!(jsonschema::validator_for(&schema).is_ok());
        assert_eq!(
            schema,
            kelisim::record::json_schema(),
            "schema/consent-record.schema.json is stale: KELISIM_UPDATE_SCHEMA=1 cargo test \
             --features schema --test record_schema"
        );
    }
}
