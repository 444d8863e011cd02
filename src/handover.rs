//! A choice handed from the first layer to the app, which turns it into a consent record.
//!
//! The first-layer bundle has no record code (no SHA-256, no JSON writer): when the visitor
//! chooses, it stores a [`Handover`] under its own key in local storage
//! ([`crate::storage::choice_key`]), synchronously, before anything else can go wrong, and then
//! loads the app, which builds the record from it ([`crate::record::build()`]), puts it in the
//! outbox and removes the hand-over. A page closed right after the click loses nothing: the next
//! page load finds the hand-over and loads the app.
//!
//! One key per choice rather than a shared list: two tabs never read-modify-write the same
//! value. A repeated conversion gives the same record id, which receivers treat as a repeat.
//!
//! The record is built with the configuration of the page that finds the hand-over, which may
//! not be the one the visitor saw (the site changed it in between). So the hand-over keeps the
//! configuration's [`ConfigMark`] (revision and a hash of its text), and a record built under
//! another one says so ([`Handover::config_changed`], the record's `config_changed`).

use crate::consent::{Action, RecordEvent, Surface};

/// The format's first line (version 2, with the configuration's mark).
const MAGIC: &str = "kelisim-choice 2";
/// The first line of kelisim 0.1's format (no configuration mark), still read.
const MAGIC_1: &str = "kelisim-choice 1";

/// Which configuration a choice was made under: its revision and the hash of its exact text
/// ([`crate::early::hash`]; the built-in default hashes as the empty text).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct ConfigMark {
    /// The configuration's `revision`.
    pub revision: u32,
    /// [`crate::early::hash`] of its text.
    pub hash: u32,
}

impl ConfigMark {
    /// The mark of a configuration read from `text` (`None`: the built-in default).
    pub fn of(text: Option<&str>, revision: u32) -> ConfigMark {
        ConfigMark {
            revision,
            hash: crate::early::hash(text.unwrap_or("")),
        }
    }

    /// `<revision>.<hash, 8 hex digits>`.
    fn encode(&self) -> String {
        let mut s = String::with_capacity(20);
        crate::time::push_digits(&mut s, self.revision.into(), 1);
        s.push('.');
        crate::storage::push_hex(&mut s, self.hash);
        s
    }

    fn decode(text: &str) -> Option<ConfigMark> {
        let (revision, hash) = text.split_once('.')?;
        if hash.len() != 8 || !revision.bytes().all(|b| b.is_ascii_digit()) {
            return None;
        }
        Some(ConfigMark {
            revision: u32::try_from(crate::text::parse_digits(revision)?).ok()?,
            hash: u32::from_str_radix(hash, 16).ok()?,
        })
    }
}

/// One choice waiting to become a record.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Handover {
    /// The record's id (UUID v4), fixed when the visitor chose.
    pub record_id: String,
    /// The configuration the choice was made under; `None` in a hand-over of kelisim 0.1.
    pub config: Option<ConfigMark>,
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

/// The page URL without its query string and fragment (they may carry personal data).
pub fn strip_query(url: &str) -> &str {
    // (Cut at `#`, then at `?`: the same as at the first of either, without a `[char; 2]`
    // pattern's own searcher in the first layer.)
    let url = url.split('#').next().unwrap_or(url);
    url.split('?').next().unwrap_or(url)
}

/// One line of the format: no line breaks inside.
fn line(s: &str) -> String {
    s.replace(['\n', '\r'], " ")
}

impl Handover {
    /// The stored text: one field per line.
    pub fn encode(&self) -> String {
        let page = strip_query(&self.page_url);
        // Version 2 with its configuration line; without a mark, version 1 (as it was read).
        let magic = match self.config {
            Some(c) => [MAGIC, "\n", &c.encode()].concat(),
            None => MAGIC_1.to_owned(),
        };
        let lines = [
            magic.as_str(),
            self.record_id.as_str(),
            &self.cookie,
            self.event.as_str(),
            self.action.as_str(),
            self.surface.as_str(),
            if self.gpc { "1" } else { "0" },
            &line(page),
            &line(&self.user_agent),
        ];
        crate::text::join(&lines, "\n")
    }

    /// Reads a stored text back; `None` when it is not a hand-over.
    pub fn decode(text: &str) -> Option<Handover> {
        let mut lines = text.split('\n');
        let config = match lines.next()? {
            MAGIC => Some(ConfigMark::decode(lines.next()?)?),
            MAGIC_1 => None,
            _ => return None,
        };
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
            config,
            cookie,
            event,
            action,
            surface,
            page_url,
            user_agent,
            gpc,
        })
    }

    /// Whether a record of this choice, built under the configuration marked `current`, may
    /// describe texts, a policy version, providers or countries other than those the visitor saw:
    /// the choice was made under another configuration, or under one this version cannot tell
    /// (a hand-over of kelisim 0.1).
    pub fn config_changed(&self, current: ConfigMark) -> bool {
        self.config != Some(current)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_page_url_loses_its_query_and_fragment_whichever_comes_first() {
        for (url, page) in [
            ("https://a.kz/p?q=1#f", "https://a.kz/p"),
            ("https://a.kz/p#f?q=1", "https://a.kz/p"),
            ("https://a.kz/p?", "https://a.kz/p"),
            ("https://a.kz/p#", "https://a.kz/p"),
            ("https://a.kz/p", "https://a.kz/p"),
            ("", ""),
        ] {
            assert_eq!(strip_query(url), page, "{url}");
        }
    }

    fn sample() -> Handover {
        Handover {
            record_id: "5f0c6f7e-3b1a-4c2d-8e9f-0a1b2c3d4e5f".into(),
            config: Some(ConfigMark::of(Some(r#"{"revision": 7}"#), 7)),
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
            "kelisim-choice 3".into(),
            good.replacen("\n7.", "\nx.", 1),
            good.replacen("\n7.", "\n7", 1),
            good.replacen("kelisim-choice 2\n", "kelisim-choice 1\n", 1),
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
    fn the_configuration_mark_is_kept_and_compared() {
        let h = sample();
        let text = h.encode();
        assert!(text.starts_with("kelisim-choice 2\n7."), "{text}");
        let back = Handover::decode(&text).unwrap();
        let mark = ConfigMark::of(Some(r#"{"revision": 7}"#), 7);
        assert_eq!(back.config, Some(mark));
        assert!(!back.config_changed(mark));
        // Another text, or another revision: the record says the configuration changed.
        assert!(back.config_changed(ConfigMark::of(Some(r#"{"revision":7}"#), 7)));
        assert!(back.config_changed(ConfigMark {
            revision: 8,
            ..mark
        }));
        assert!(back.config_changed(ConfigMark::of(None, 7)));
        // The built-in default hashes as the empty text.
        assert_eq!(ConfigMark::of(None, 1), ConfigMark::of(Some(""), 1));
    }

    #[test]
    fn a_handover_of_kelisim_0_1_is_read_and_flagged() {
        // Version 1: no configuration line.
        let v1 = "kelisim-choice 1\n5f0c6f7e-3b1a-4c2d-8e9f-0a1b2c3d4e5f\n2.x\ngiven\naccept-all\nbanner\n0\nhttps://shop.kz/\nUA";
        let h = Handover::decode(v1).expect("still read");
        assert_eq!(h.config, None);
        assert_eq!(h.action, Action::AcceptAll);
        assert!(
            h.config_changed(ConfigMark::of(None, 1)),
            "unknown: flagged"
        );
        let again = Handover::decode(&h.encode()).unwrap();
        assert_eq!(again, h, "re-encoded without a mark");
    }
}
