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

/// The app's outbox of undelivered records in local storage: `kelisim:outbox:<cookie name>`.
pub fn outbox_key(cookie_name: &str) -> String {
    let mut key = String::from("kelisim:outbox:");
    key.push_str(cookie_name);
    key
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
    }
}
