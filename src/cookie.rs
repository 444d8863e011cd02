//! The consent cookie: its value's codec and the `Set-Cookie` / `document.cookie` strings.
//!
//! Value (version 1), fields separated by `.`:
//! `1.<consent id>.<revision>.<given, Unix seconds>.<language>.<granted ids joined by ~>.<check>`
//! where `<check>` is the FNV-1a 32-bit hash, in hex, of everything before it. The check catches
//! accidental and casual alteration; it is not a signature (nothing in a browser can keep a key).
//! Every character is a valid cookie octet, so the value needs no quoting or escaping.

use crate::consent::Consent;
use crate::expiry::DateTime;
use crate::i18n::Lang;
use std::collections::BTreeSet;

const VERSION: &str = "1";

fn fnv1a(data: &str) -> u32 {
    data.bytes()
        .fold(0x811c_9dc5, |h, b| (h ^ b as u32).wrapping_mul(0x0100_0193))
}

/// The cookie value of a consent.
pub fn encode(consent: &Consent) -> String {
    let granted: Vec<&str> = consent.granted.iter().map(String::as_str).collect();
    let body = format!(
        "{VERSION}.{}.{}.{}.{}.{}",
        consent.id,
        consent.revision,
        consent.given,
        consent.language.code(),
        granted.join("~")
    );
    format!("{body}.{:08x}", fnv1a(&body))
}

/// Why a cookie value was not accepted.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum DecodeError {
    /// Not made of the expected fields.
    Malformed,
    /// Well formed, but the check does not match: the value was altered.
    Altered,
    /// Written by a version of kelisim this one does not read.
    UnknownVersion,
}

fn is_uuid(s: &str) -> bool {
    s.len() == 36
        && s.char_indices().all(|(i, c)| {
            if matches!(i, 8 | 13 | 18 | 23) {
                c == '-'
            } else {
                c.is_ascii_hexdigit()
            }
        })
}

/// Reads a cookie value back into a consent.
pub fn decode(value: &str) -> Result<Consent, DecodeError> {
    let (body, check) = value.rsplit_once('.').ok_or(DecodeError::Malformed)?;
    let fields: Vec<&str> = body.split('.').collect();
    if fields.first() != Some(&VERSION) {
        return Err(if fields.len() == 6 {
            DecodeError::UnknownVersion
        } else {
            DecodeError::Malformed
        });
    }
    if fields.len() != 6 || check.len() != 8 {
        return Err(DecodeError::Malformed);
    }
    if u32::from_str_radix(check, 16).ok() != Some(fnv1a(body)) {
        return Err(DecodeError::Altered);
    }
    let [_, id, revision, given, lang, granted] = fields[..] else {
        return Err(DecodeError::Malformed);
    };
    let granted: BTreeSet<String> = granted
        .split('~')
        .filter(|s| !s.is_empty())
        .map(String::from)
        .collect();
    if !is_uuid(id) || !granted.iter().all(|g| crate::config::is_identifier(g)) {
        return Err(DecodeError::Malformed);
    }
    Ok(Consent {
        id: id.to_owned(),
        revision: revision.parse().map_err(|_| DecodeError::Malformed)?,
        given: given
            .parse()
            .ok()
            .filter(|g: &i64| *g >= 0)
            .ok_or(DecodeError::Malformed)?,
        language: Lang::from_code(lang).ok_or(DecodeError::Malformed)?,
        granted,
    })
}

/// The value of cookie `name` in a `Cookie` header or `document.cookie` string.
pub fn find<'a>(header: &'a str, name: &str) -> Option<&'a str> {
    header.split(';').find_map(|pair| {
        let (k, v) = pair.split_once('=')?;
        (k.trim() == name).then(|| v.trim())
    })
}

/// Where and how a cookie is written.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Attributes<'a> {
    /// `Domain`, or none for a host-only cookie.
    pub domain: Option<&'a str>,
    /// `Path`.
    pub path: &'a str,
    /// `Secure` (the page is on https).
    pub secure: bool,
}

/// The string that sets a cookie until `expires` (Unix seconds): usable as `document.cookie`
/// and as a `Set-Cookie` header. Always `SameSite=Lax`.
pub fn set_string(name: &str, value: &str, expires: i64, attrs: &Attributes) -> String {
    let mut s = format!(
        "{name}={value}; Path={}; Expires={}; SameSite=Lax",
        attrs.path,
        DateTime::from_unix(expires).http_date()
    );
    if let Some(domain) = attrs.domain {
        s.push_str("; Domain=");
        s.push_str(domain);
    }
    if attrs.secure {
        s.push_str("; Secure");
    }
    s
}

/// The string that deletes a cookie (same name, path and domain, expired).
pub fn delete_string(name: &str, attrs: &Attributes) -> String {
    set_string(name, "", 0, attrs).replacen("SameSite=Lax", "Max-Age=0; SameSite=Lax", 1)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn sample() -> Consent {
        Consent {
            id: "0b0e4a52-6c8a-4d8e-9a57-3f1b2c4d5e6f".into(),
            revision: 3,
            given: 1_769_853_600,
            language: Lang::Ru,
            granted: ["necessary", "analytics"]
                .iter()
                .map(|s| s.to_string())
                .collect(),
        }
    }

    #[test]
    fn round_trip() {
        let c = sample();
        let v = encode(&c);
        assert!(
            v.starts_with(
                "1.0b0e4a52-6c8a-4d8e-9a57-3f1b2c4d5e6f.3.1769853600.ru.analytics~necessary."
            ),
            "{v}"
        );
        assert_eq!(decode(&v), Ok(c.clone()));
        let none = Consent {
            granted: BTreeSet::new(),
            ..c
        };
        assert_eq!(decode(&encode(&none)), Ok(none));
    }

    #[test]
    fn value_is_made_of_cookie_octets() {
        let v = encode(&sample());
        assert!(
            v.bytes()
                .all(|b| b > 0x20 && b < 0x7f && !b",;\\\" ".contains(&b)),
            "{v}"
        );
    }

    #[test]
    fn altered_values_are_rejected() {
        let v = encode(&sample());
        // Grant marketing by hand.
        let forged = v.replace("analytics~necessary", "analytics~marketing~necessary");
        assert_eq!(decode(&forged), Err(DecodeError::Altered));
        let forged = v.replace(".3.", ".4.");
        assert_eq!(decode(&forged), Err(DecodeError::Altered));
        let mut flipped = v.clone();
        flipped.replace_range(v.len() - 1.., if v.ends_with('0') { "1" } else { "0" });
        assert_eq!(decode(&flipped), Err(DecodeError::Altered));
    }

    #[test]
    fn garbage_is_rejected() {
        for junk in [
            "",
            "1",
            "yes",
            "1.2.3.4.5.6.7",
            "{\"analytics\":true}",
            "1.x.1.1.ru.a.00000000",
            "%E2%9C%93",
            "1......",
        ] {
            assert!(decode(junk).is_err(), "{junk}");
        }
        let v = encode(&sample()).replacen('1', "2", 1);
        assert!(decode(&v).is_err());
    }

    #[test]
    fn finds_cookies_in_a_header() {
        let h = "a=1; kelisim=1.x; kelisim_other=2;b=";
        assert_eq!(find(h, "kelisim"), Some("1.x"));
        assert_eq!(find(h, "b"), Some(""));
        assert_eq!(find(h, "c"), None);
        assert_eq!(find("", "kelisim"), None);
    }

    #[test]
    fn set_and_delete_strings() {
        let attrs = Attributes {
            domain: None,
            path: "/",
            secure: false,
        };
        assert_eq!(
            set_string("kelisim", "v", 1_803_808_800, &attrs),
            "kelisim=v; Path=/; Expires=Sun, 28 Feb 2027 10:00:00 GMT; SameSite=Lax"
        );
        let attrs = Attributes {
            domain: Some(".example.kz"),
            path: "/",
            secure: true,
        };
        assert_eq!(
            delete_string("_ga", &attrs),
            "_ga=; Path=/; Expires=Thu, 01 Jan 1970 00:00:00 GMT; Max-Age=0; SameSite=Lax; Domain=.example.kz; Secure"
        );
    }
}
