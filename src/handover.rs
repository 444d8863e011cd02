//! A choice handed from the first layer to the app, which turns it into a consent record.
//!
//! The first-layer bundle has no record code (no SHA-256, no JSON writer): when the visitor
//! chooses, it stores a [`Handover`] under its own key in local storage, synchronously, before
//! anything else can go wrong, and then loads the app, which builds the record from it
//! ([`crate::record::build()`]), puts it in the outbox and removes the hand-over. A page closed
//! right after the click loses nothing: the next page load finds the hand-over and loads the app.
//!
//! One key per choice (`kelisim:choice:<time, ms>:<record id>:<cookie name>`) rather than a
//! shared list: two tabs never read-modify-write the same value. A repeated conversion gives the
//! same record id, which receivers treat as a repeat.

use crate::consent::{Action, RecordEvent, Surface};

/// The start of every hand-over key.
pub const PREFIX: &str = "kelisim:choice:";

/// The format's first line.
const MAGIC: &str = "kelisim-choice 1";

/// One choice waiting to become a record.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Handover {
    /// The record's id (UUID v4), fixed when the visitor chose.
    pub record_id: String,
    /// The consent the choice left, as the cookie value encodes it ([`crate::cookie::encode`]).
    pub cookie: String,
    /// Given, updated or withdrawn.
    pub event: RecordEvent,
    /// The control or call.
    pub action: Action,
    /// Where.
    pub surface: Surface,
    /// The page, without query string and fragment.
    pub page_url: String,
    /// `navigator.userAgent`.
    pub user_agent: String,
    /// Whether the browser sent Global Privacy Control.
    pub gpc: bool,
}

/// The storage key of a hand-over made at `time_ms` (sorts by time).
pub fn key(time_ms: u64, record_id: &str, cookie_name: &str) -> String {
    let mut key = String::from(PREFIX);
    crate::time::push_digits(&mut key, time_ms as i64, 15);
    key.push(':');
    key.push_str(record_id);
    key.push(':');
    key.push_str(cookie_name);
    key
}

/// The outbox of kelisim 0.1: one shared value, `kelisim:outbox:<cookie name>`, that every tab
/// read, changed and wrote back (records could be lost). The app reads it once, moves its
/// records to their own keys ([`outbox_record_key`]) and removes it.
pub fn legacy_outbox_key(cookie_name: &str) -> String {
    let mut key = String::from(OUTBOX_PREFIX);
    key.push_str(cookie_name);
    key
}

/// The start of every outbox key.
pub const OUTBOX_PREFIX: &str = "kelisim:outbox:";

/// The storage key of one undelivered record of the outbox: one key per record
/// (`kelisim:outbox:<time, ms>:<record id>:<cookie name>`, sorted by time), so two tabs never
/// read-modify-write a shared value. `time_ms` is its hand-over's time ([`time_of`]), so two tabs
/// converting the same hand-over write the same key.
pub fn outbox_record_key(time_ms: u64, record_id: &str, cookie_name: &str) -> String {
    let mut key = String::from(OUTBOX_PREFIX);
    crate::time::push_digits(&mut key, time_ms as i64, 15);
    key.push(':');
    key.push_str(record_id);
    key.push(':');
    key.push_str(cookie_name);
    key
}

/// The record id of an outbox record key of the site whose consent cookie is `cookie_name`, or
/// `None` when `key` is not one.
pub fn outbox_record_id<'a>(key: &'a str, cookie_name: &str) -> Option<&'a str> {
    let rest = key
        .strip_prefix(OUTBOX_PREFIX)?
        .strip_suffix(cookie_name)?
        .strip_suffix(':')?;
    let (time, id) = rest.split_at_checked(15)?;
    let id = id.strip_prefix(':')?;
    (time.bytes().all(|b| b.is_ascii_digit()) && crate::cookie::is_uuid(id)).then_some(id)
}

/// Whether `key` belongs to the outbox of the site whose consent cookie is `cookie_name`: a
/// record's key or kelisim 0.1's shared key (a cheap test for the first layer; the app reads
/// the record id with [`outbox_record_id`]).
pub fn is_outbox_key(key: &str, cookie_name: &str) -> bool {
    key.strip_prefix(OUTBOX_PREFIX)
        .and_then(|k| k.strip_suffix(cookie_name))
        .is_some_and(|k| k.is_empty() || k.ends_with(':'))
}

/// The time (ms) of a hand-over key ([`key`]).
pub fn time_of(key: &str) -> Option<u64> {
    let digits = key.strip_prefix(PREFIX)?.get(..15)?;
    if !digits.bytes().all(|b| b.is_ascii_digit()) {
        return None;
    }
    digits.parse().ok()
}

/// The record of the visitor's current consent (their receipt): `kelisim:receipt:<cookie name>`.
pub fn receipt_key(cookie_name: &str) -> String {
    let mut key = String::from("kelisim:receipt:");
    key.push_str(cookie_name);
    key
}

/// Whether `key` is a hand-over key of the site whose consent cookie is `cookie_name`.
pub fn is_key(key: &str, cookie_name: &str) -> bool {
    key.starts_with(PREFIX)
        && key
            .strip_suffix(cookie_name)
            .is_some_and(|k| k.ends_with(':') && k.len() > PREFIX.len() + 16)
}

/// The page URL without its query string and fragment (they may carry personal data).
pub fn strip_query(url: &str) -> &str {
    url.split(['?', '#']).next().unwrap_or(url)
}

/// One line of the format: no line breaks inside.
fn line(s: &str) -> String {
    s.replace(['\n', '\r'], " ")
}

impl Handover {
    /// The stored text: one field per line.
    pub fn encode(&self) -> String {
        let page = strip_query(&self.page_url);
        [
            MAGIC,
            &self.record_id,
            &self.cookie,
            self.event.as_str(),
            self.action.as_str(),
            self.surface.as_str(),
            if self.gpc { "1" } else { "0" },
            &line(page),
            &line(&self.user_agent),
        ]
        .join("\n")
    }

    /// Reads a stored text back; `None` when it is not a hand-over.
    pub fn decode(text: &str) -> Option<Handover> {
        let mut lines = text.split('\n');
        if lines.next()? != MAGIC {
            return None;
        }
        let mut next = || lines.next();
        let record_id = next()?.to_owned();
        let cookie = next()?.to_owned();
        let event = RecordEvent::from_name(next()?)?;
        let action = Action::from_name(next()?)?;
        let surface = Surface::from_name(next()?)?;
        let gpc = match next()? {
            "0" => false,
            "1" => true,
            _ => return None,
        };
        let page_url = next()?.to_owned();
        let user_agent = next()?.to_owned();
        if next().is_some() || !crate::cookie::is_uuid(&record_id) {
            return None;
        }
        Some(Handover {
            record_id,
            cookie,
            event,
            action,
            surface,
            page_url,
            user_agent,
            gpc,
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn sample() -> Handover {
        Handover {
            record_id: "5f0c6f7e-3b1a-4c2d-8e9f-0a1b2c3d4e5f".into(),
            cookie: "2.x.1.1769853600.kk.necessary.0.00000000".into(),
            event: RecordEvent::Updated,
            action: Action::AllowCategory,
            surface: Surface::Placeholder,
            page_url: "https://shop.kz/a?iin=123#x".into(),
            user_agent: "Mozilla/5.0\n(evil)".into(),
            gpc: true,
        }
    }

    #[test]
    fn round_trip_without_query_or_line_breaks() {
        let h = sample();
        let back = Handover::decode(&h.encode()).unwrap();
        assert_eq!(back.page_url, "https://shop.kz/a");
        assert_eq!(back.user_agent, "Mozilla/5.0 (evil)");
        assert_eq!(
            back,
            Handover {
                page_url: "https://shop.kz/a".into(),
                user_agent: "Mozilla/5.0 (evil)".into(),
                ..h
            }
        );
    }

    #[test]
    fn garbage_is_not_a_handover() {
        let good = sample().encode();
        for bad in [
            String::new(),
            "kelisim-choice 2".into(),
            good.replace("updated", "revoked"),
            good.replace("allow-category", "click"),
            good.replace("placeholder", "popup"),
            good.replace("\n1\n", "\nyes\n"),
            good.replace("5f0c6f7e", "zzzz"),
            format!("{good}\nextra"),
            good.rsplit_once('\n').unwrap().0.to_owned(),
        ] {
            assert_eq!(Handover::decode(&bad), None, "{bad}");
        }
    }

    #[test]
    fn keys_sort_by_time_and_name_the_cookie() {
        let a = key(
            1_769_853_600_000,
            "5f0c6f7e-3b1a-4c2d-8e9f-0a1b2c3d4e5f",
            "k",
        );
        let b = key(
            1_769_853_600_001,
            "0f0c6f7e-3b1a-4c2d-8e9f-0a1b2c3d4e5f",
            "k",
        );
        assert!(a < b);
        assert!(is_key(&a, "k"));
        assert!(!is_key(&a, "other"));
        assert!(!is_key(&key(1, "x", "k_basic"), "basic"));
        assert!(!is_key("kelisim:outbox:k", "k"));
        assert_eq!(time_of(&a), Some(1_769_853_600_000));
        assert_eq!(time_of("kelisim:choice:12345"), None);
        assert_eq!(time_of("kelisim:choice:00000000000000x:a:k"), None);
    }

    #[test]
    fn one_outbox_key_per_record() {
        let id = "5f0c6f7e-3b1a-4c2d-8e9f-0a1b2c3d4e5f";
        let a = outbox_record_key(1_769_853_600_000, id, "k");
        assert_eq!(a, format!("kelisim:outbox:001769853600000:{id}:k"));
        let b = outbox_record_key(1_769_853_600_001, id, "k");
        assert!(a < b, "oldest first");
        assert_eq!(outbox_record_id(&a, "k"), Some(id));
        assert_eq!(outbox_record_id(&a, "x"), None);
        assert_eq!(
            outbox_record_id(&outbox_record_key(1, id, "k_k"), "k"),
            None
        );
        assert_eq!(outbox_record_id(&legacy_outbox_key("k"), "k"), None);
        assert_eq!(outbox_record_id(&key(1, id, "k"), "k"), None, "a hand-over");
        assert_eq!(outbox_record_id(&outbox_record_key(1, "x", "k"), "k"), None);
        assert_eq!(
            outbox_record_id(&format!("kelisim:outbox:00000000000000x:{id}:k"), "k"),
            None
        );
        assert!(!is_key(&a, "k"), "not a hand-over");
        assert!(is_outbox_key(&a, "k"));
        assert!(is_outbox_key(&legacy_outbox_key("k"), "k"));
        assert!(!is_outbox_key(&a, "x"));
        assert!(!is_outbox_key(&legacy_outbox_key("k_k"), "k"));
        assert!(!is_outbox_key(&key(1, id, "k"), "k"));
    }
}
