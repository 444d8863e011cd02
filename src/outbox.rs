//! The outbox: consent records kept in the visitor's storage until the endpoint accepts them.
//!
//! Each record is written here before it is sent and removed only after a 2xx answer, or after
//! the receiver itself refused it for good ([`outcome`]). Each record has its own storage key
//! ([`crate::storage::outbox_key`], value: a [`Pending`] as JSON), so tabs never overwrite each
//! other's records; the [`Outbox`] list is the format of kelisim 0.1's single shared key, still
//! read once and migrated. The outbox holds at most [`CAPACITY`] records; at the bound, the
//! oldest is dropped to make room ([`to_drop`]) and the drop is logged with its record id — never
//! silently. Without an endpoint the records simply stay here (the API reads them).
//!
//! Which answers drop a record: only a receiver's own refusal, 400, 413 or 415 with its JSON
//! body `{ "error": "…", "problems"?: […] }` (the record can never be accepted). Any other 4xx —
//! a firewall's 403, a misrouted 404, a proxy's 401 or HTML 413 — says nothing about the record:
//! it is retried with backoff like a 5xx, for at most [`GIVE_UP_AFTER_MS`] after the choice,
//! then dropped with an error naming it. A POST unanswered after [`ANSWER_TIMEOUT_MS`] counts
//! as no answer (retried).

use serde::{Deserialize, Serialize};

/// The most records the outbox holds.
pub const CAPACITY: usize = 100;

/// How long a record answered with a 4xx that is not the receiver's own refusal is retried,
/// counted from the choice: 30 days.
pub const GIVE_UP_AFTER_MS: u64 = 30 * 86_400_000;

/// How long a record's POST may wait for an answer: 15 s. A request still unanswered then is
/// given up like a network error (no answer) and the record sent again with backoff: an endpoint
/// that never answers must not hold the delivery (and the lock every tab of the site waits for)
/// until the page closes.
pub const ANSWER_TIMEOUT_MS: u32 = 15_000;

/// A record waiting for delivery: its id and its JSON, exactly as it will be POSTed (kept as
/// text so that the browser bundle never needs to deserialize records).
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Pending {
    /// The record's `record_id`.
    pub record_id: String,
    /// The record's JSON.
    pub body: String,
}

/// kelisim 0.1's shared outbox (`kelisim:outbox:<cookie name>`), read once to be migrated.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Outbox {
    /// Pending records, oldest first.
    pub pending: Vec<Pending>,
}

/// How many of the oldest records to drop before adding one to an outbox holding `held`.
pub fn to_drop(held: usize) -> usize {
    (held + 1).saturating_sub(CAPACITY)
}

/// Milliseconds to wait before retry number `attempt` (0-based): 2 s, 4 s, 8 s … at most 5 min.
pub fn backoff_ms(attempt: u32) -> u32 {
    2_000u32.saturating_mul(1 << attempt.min(8)).min(300_000)
}

/// The previous record of the consent `consent_id`, for the new record's `previous_record_id`:
/// the receipt's record id when the receipt (the record of the visitor's current consent, as
/// stored) is one of the same consent; none for a new consent or without a readable receipt.
pub fn previous_record_id(receipt: Option<&serde_json::Value>, consent_id: &str) -> Option<String> {
    let receipt = receipt?;
    if receipt["consent_id"].as_str() != Some(consent_id) {
        return None;
    }
    receipt["record_id"]
        .as_str()
        .filter(|id| crate::cookie::is_uuid(id))
        .map(String::from)
}

/// What to do with a record after an answer.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Outcome {
    /// 2xx: delivered; remove it.
    Delivered,
    /// The receiver's own refusal (400, 413, 415 with its JSON error body): it can never be
    /// accepted; log and remove it.
    Refused,
    /// Another 4xx, answered longer than [`GIVE_UP_AFTER_MS`] after the choice: log and remove it.
    GaveUp,
    /// No answer, a 5xx, 408, 429, or a 4xx that is not the receiver's refusal: keep it and try
    /// again later (with backoff).
    Retry,
}

/// Whether an answer with this status may be the receiver's refusal, so its body must be read
/// ([`is_refusal`]).
pub fn may_be_refusal(status: u16) -> bool {
    matches!(status, 400 | 413 | 415)
}

/// Whether an answer is the receiver's own refusal: 400, 413 or 415, `Content-Type:
/// application/json` (or `…+json`), and a JSON object with an `error` text (and, for a 400 of a
/// record that is not valid, its `problems`). Not a firewall's, proxy's or server's error page.
pub fn is_refusal(status: u16, content_type: Option<&str>, body: &str) -> bool {
    let json = content_type.is_some_and(|t| {
        let media = t.split(';').next().unwrap_or_default().trim();
        media.eq_ignore_ascii_case("application/json")
            || media.to_ascii_lowercase().ends_with("+json")
    });
    if !may_be_refusal(status) || !json {
        return false;
    }
    let Ok(serde_json::Value::Object(answer)) = serde_json::from_str(body) else {
        return false;
    };
    answer
        .get("error")
        .is_some_and(serde_json::Value::is_string)
        && answer
            .get("problems")
            .is_none_or(serde_json::Value::is_array)
}

/// The outcome of an answer with `status` (0: no answer at all), `refusal` when it
/// [`is_refusal`], to a record of a choice made `age_ms` ago.
pub fn outcome(status: u16, refusal: bool, age_ms: u64) -> Outcome {
    match status {
        200..=299 => Outcome::Delivered,
        _ if refusal && may_be_refusal(status) => Outcome::Refused,
        // "Not now", not "never".
        408 | 429 => Outcome::Retry,
        400..=499 if age_ms > GIVE_UP_AFTER_MS => Outcome::GaveUp,
        _ => Outcome::Retry,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn capacity_of_the_keyed_outbox() {
        assert_eq!(to_drop(0), 0);
        assert_eq!(to_drop(CAPACITY - 1), 0);
        assert_eq!(to_drop(CAPACITY), 1);
        assert_eq!(to_drop(CAPACITY + 5), 6);
    }

    #[test]
    fn statuses_and_backoff() {
        let day = 86_400_000;
        assert_eq!(outcome(201, false, 0), Outcome::Delivered);
        assert_eq!(outcome(200, false, 0), Outcome::Delivered);
        // Only the receiver's own refusal drops a record.
        for status in [400, 413, 415] {
            assert_eq!(outcome(status, true, 0), Outcome::Refused, "{status}");
            assert_eq!(outcome(status, false, 0), Outcome::Retry, "{status}");
        }
        // Any other 4xx is retried, for at most 30 days after the choice.
        for status in [401, 403, 404, 405, 410, 451, 499] {
            assert_eq!(outcome(status, true, 0), Outcome::Retry, "{status}");
            assert_eq!(outcome(status, false, 30 * day), Outcome::Retry, "{status}");
            assert_eq!(
                outcome(status, false, 30 * day + 1),
                Outcome::GaveUp,
                "{status}"
            );
        }
        assert_eq!(outcome(400, false, 31 * day), Outcome::GaveUp);
        // Not now: retried for as long as it takes (the outbox's bound limits them).
        for status in [0, 408, 429, 500, 502, 503, 302, 600] {
            assert_eq!(
                outcome(status, false, 365 * day),
                Outcome::Retry,
                "{status}"
            );
        }
        assert_eq!(backoff_ms(0), 2_000);
        assert_eq!(backoff_ms(1), 4_000);
        assert_eq!(backoff_ms(20), 300_000);
    }

    #[test]
    fn the_receivers_refusal_is_its_json_error() {
        let json = Some("application/json");
        let problems =
            r#"{"error":"not a consent record","problems":[{"path":"/event","message":"x"}]}"#;
        assert!(is_refusal(400, json, problems));
        assert!(is_refusal(
            413,
            json,
            r#"{"error":"a consent record is at most 65536 bytes"}"#
        ));
        assert!(is_refusal(
            415,
            Some("Application/JSON; charset=utf-8"),
            r#"{"error":"x"}"#
        ));
        assert!(is_refusal(
            400,
            Some("application/problem+json"),
            r#"{"error":"x"}"#
        ));
        // A proxy's or firewall's page, another shape, another status: not the receiver's.
        assert!(!is_refusal(400, Some("text/html"), problems));
        assert!(!is_refusal(400, None, problems));
        assert!(!is_refusal(400, json, "<html>400 Bad Request</html>"));
        assert!(!is_refusal(400, json, r#"{"message":"bad"}"#));
        assert!(!is_refusal(400, json, r#"{"error":{"code":400}}"#));
        assert!(!is_refusal(400, json, r#"{"error":"x","problems":"many"}"#));
        assert!(!is_refusal(400, json, r#"["error"]"#));
        assert!(!is_refusal(403, json, r#"{"error":"x"}"#));
        assert!(!is_refusal(404, json, r#"{"error":"x"}"#));
        assert!(may_be_refusal(413) && !may_be_refusal(401));
    }

    #[test]
    fn a_record_chains_to_the_receipt_of_the_same_consent() {
        let consent = "0b0e4a52-6c8a-4d8e-9a57-3f1b2c4d5e6f";
        let record = "5f0c6f7e-3b1a-4c2d-8e9f-0a1b2c3d4e5f";
        let receipt = serde_json::json!({ "consent_id": consent, "record_id": record });
        assert_eq!(
            previous_record_id(Some(&receipt), consent).as_deref(),
            Some(record)
        );
        // A new consent (another id), no receipt, or a receipt without a readable record id.
        assert_eq!(
            previous_record_id(Some(&receipt), "1b0e4a52-6c8a-4d8e-9a57-3f1b2c4d5e6f"),
            None
        );
        assert_eq!(previous_record_id(None, consent), None);
        let odd = serde_json::json!({ "consent_id": consent, "record_id": 7 });
        assert_eq!(previous_record_id(Some(&odd), consent), None);
        let forged = serde_json::json!({ "consent_id": consent, "record_id": "x\"y" });
        assert_eq!(previous_record_id(Some(&forged), consent), None);
        assert_eq!(
            previous_record_id(Some(&serde_json::json!([])), consent),
            None
        );
    }
}
