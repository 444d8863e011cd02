//! The outbox: consent records kept in the visitor's storage until the endpoint accepts them.
//!
//! Each record is written here before it is sent and removed only after a 2xx answer (or a 4xx,
//! which is logged: the record can never be accepted). Each record has its own storage key
//! ([`crate::handover::outbox_record_key`], value: a [`Pending`] as JSON), so tabs never overwrite
//! each other's records; the [`Outbox`] list is the format of kelisim 0.1's single shared key,
//! still read once and migrated. The outbox holds at most [`CAPACITY`] records; at the bound, the
//! oldest is dropped to make room ([`to_drop`]) and the drop is logged with its record id — never
//! silently. Without an endpoint the records simply stay here (the API reads them).

use crate::record::ConsentRecord;
use serde::{Deserialize, Serialize};

/// The most records the outbox holds.
pub const CAPACITY: usize = 100;

/// A record waiting for delivery: its id and its JSON, exactly as it will be POSTed (kept as
/// text so that the browser bundle never needs to deserialize records).
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Pending {
    /// The record's `record_id`.
    pub record_id: String,
    /// The record's JSON.
    pub body: String,
}

/// The records not yet delivered, oldest first.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Outbox {
    /// Pending records, oldest first.
    pub pending: Vec<Pending>,
}

impl Outbox {
    /// Adds a record; returns the oldest one when it had to be dropped to stay within [`CAPACITY`].
    pub fn push(&mut self, record: &ConsentRecord) -> Option<Pending> {
        let dropped = (self.pending.len() >= CAPACITY).then(|| self.pending.remove(0));
        let body = serde_json::to_string(record).unwrap_or_default();
        self.pending.push(Pending {
            record_id: record.record_id.clone(),
            body,
        });
        dropped
    }

    /// The pending records' JSON as one JSON array.
    pub fn to_json_array(&self) -> String {
        let bodies: Vec<&str> = self.pending.iter().map(|p| p.body.as_str()).collect();
        format!("[{}]", bodies.join(","))
    }

    /// Removes the record with this id (delivered, or refused for good).
    pub fn remove(&mut self, record_id: &str) {
        self.pending.retain(|r| r.record_id != record_id);
    }

    /// Reads a stored outbox; anything unreadable is an empty outbox (and the caller logs it).
    pub fn from_json(text: &str) -> Result<Outbox, serde_json::Error> {
        serde_json::from_str(text)
    }
}

/// How many of the oldest records to drop before adding one to an outbox holding `held`.
pub fn to_drop(held: usize) -> usize {
    (held + 1).saturating_sub(CAPACITY)
}

/// The name of the Web Lock that serialises delivery across the tabs of a site
/// (`kelisim-delivery:<cookie name>`): one tab at a time sends the outbox.
pub fn lock_name(cookie_name: &str) -> String {
    ["kelisim-delivery:", cookie_name].concat()
}

/// Milliseconds to wait before retry number `attempt` (0-based): 2 s, 4 s, 8 s … at most 5 min.
pub fn backoff_ms(attempt: u32) -> u32 {
    2_000u32.saturating_mul(1 << attempt.min(8)).min(300_000)
}

/// What to do with a record after an answer with this HTTP status (0: no answer at all).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Outcome {
    /// 2xx: delivered; remove it.
    Delivered,
    /// 4xx but 408 and 429: the endpoint refuses it for good; log and remove it.
    Refused,
    /// Network error, timeout, 5xx, 408 (Request Timeout), 429 (Too Many Requests: the
    /// receiver's own rate limit) or anything else: keep it and try again later.
    Retry,
}

/// The outcome of an HTTP status.
pub fn outcome(status: u16) -> Outcome {
    match status {
        200..=299 => Outcome::Delivered,
        // "Not now", not "never": a record answered so is kept (found by the soak, issue 11).
        408 | 429 => Outcome::Retry,
        400..=499 => Outcome::Refused,
        _ => Outcome::Retry,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn record(id: usize) -> ConsentRecord {
        ConsentRecord {
            record_id: format!("{id:08}-0000-4000-8000-000000000000"),
            ..crate::record::tests::sample()
        }
    }

    #[test]
    fn keeps_records_until_removed_and_bounds_the_size() {
        let mut outbox = Outbox::default();
        for i in 0..CAPACITY {
            assert_eq!(outbox.push(&record(i)), None);
        }
        let dropped = outbox
            .push(&record(CAPACITY))
            .expect("the oldest is dropped at the bound");
        assert_eq!(dropped.record_id, record(0).record_id);
        assert_eq!(outbox.pending.len(), CAPACITY);
        outbox.remove(&record(1).record_id);
        assert_eq!(outbox.pending.len(), CAPACITY - 1);
        let json = serde_json::to_string(&outbox).unwrap();
        assert_eq!(Outbox::from_json(&json).unwrap(), outbox);
        assert!(Outbox::from_json("garbage").is_err());
        let array: Vec<ConsentRecord> = serde_json::from_str(&outbox.to_json_array()).unwrap();
        assert_eq!(array.len(), CAPACITY - 1);
        assert_eq!(array[0], record(2));
    }

    #[test]
    fn capacity_of_the_keyed_outbox() {
        assert_eq!(to_drop(0), 0);
        assert_eq!(to_drop(CAPACITY - 1), 0);
        assert_eq!(to_drop(CAPACITY), 1);
        assert_eq!(to_drop(CAPACITY + 5), 6);
        assert_eq!(lock_name("k"), "kelisim-delivery:k");
    }

    #[test]
    fn statuses_and_backoff() {
        assert_eq!(outcome(201), Outcome::Delivered);
        assert_eq!(outcome(200), Outcome::Delivered);
        assert_eq!(outcome(400), Outcome::Refused);
        assert_eq!(outcome(499), Outcome::Refused);
        assert_eq!(outcome(408), Outcome::Retry);
        assert_eq!(outcome(429), Outcome::Retry);
        assert_eq!(outcome(500), Outcome::Retry);
        assert_eq!(outcome(0), Outcome::Retry);
        assert_eq!(backoff_ms(0), 2_000);
        assert_eq!(backoff_ms(1), 4_000);
        assert_eq!(backoff_ms(20), 300_000);
    }
}
