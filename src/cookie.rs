//! The consent cookie: its value's codec and the `Set-Cookie` / `document.cookie` strings.
//!
//! Value (version 2), fields separated by `.`:
//! `2.<consent id>.<revision>.<given, Unix seconds>.<language>.<granted ids joined by ~>.<gpc>.<check>`
//! where `<gpc>` is `1` when the choice was made while the browser sent Global Privacy Control
//! (else `0`) and `<check>` is the FNV-1a 32-bit hash, in hex, of everything before it. Version 1
//! (the same without `<gpc>`, written by kelisim 0.1) is still read, as a choice made without GPC. The check catches
//! accidental and casual alteration; it is not a signature (nothing in a browser can keep a key).
//! Every character is a valid cookie octet, so the value needs no quoting or escaping.

use crate::consent::Consent;
use crate::ids::Ids;
use crate::lang::Lang;
use crate::text::parse_digits;
use crate::time::{push_digits, DateTime};

const VERSION: &str = "2";
/// The previous version, still read.
const VERSION_1: &str = "1";

/// Lowercase hexadecimal digits by value: the value's check and a new consent id.
const HEX: &[u8; 16] = b"0123456789abcdef";

fn fnv1a(data: &str) -> u32 {
    data.bytes()
        .fold(0x811c_9dc5, |h, b| (h ^ b as u32).wrapping_mul(0x0100_0193))
}

/// The cookie value of a consent.
///
/// ```
/// use kelisim::{consent::Consent, cookie, lang::Lang};
/// let consent = Consent {
///     id: "0b0e4a52-6c8a-4d8e-9a57-3f1b2c4d5e6f".into(),
///     revision: 1,
///     given: 1_764_000_000,
///     language: Lang::Kk,
///     granted: ["necessary".to_string(), "analytics".to_string()].into(),
///     gpc: false,
/// };
/// let value = cookie::encode(&consent);
/// assert!(value.starts_with("2.0b0e4a52-6c8a-4d8e-9a57-3f1b2c4d5e6f.1.1764000000.kk.analytics~necessary.0."));
/// assert_eq!(cookie::decode(&value), Ok(consent));
/// // Granting one more category by hand breaks the check: no consent at all.
/// let altered = value.replace("analytics~", "analytics~marketing~");
/// assert_eq!(cookie::decode(&altered), Err(cookie::DecodeError::Altered));
/// ```
pub fn encode(consent: &Consent) -> String {
    // Built with `push_str` and `push_digits`, not `format!` or `to_string`: this runs in the
    // first-layer bundle, which does not carry `core::fmt`.
    let mut body = String::with_capacity(96);
    for part in [VERSION, ".", &consent.id, "."] {
        body.push_str(part);
    }
    push_digits(&mut body, consent.revision.into(), 1);
    body.push('.');
    push_digits(&mut body, consent.given, 1);
    for part in [".", consent.language.code(), "."] {
        body.push_str(part);
    }
    for (i, id) in consent.granted.iter().enumerate() {
        if i > 0 {
            body.push('~');
        }
        body.push_str(id);
    }
    body.push_str(if consent.gpc { ".1" } else { ".0" });
    let check = fnv1a(&body);
    body.push('.');
    for shift in (0..8).rev() {
        body.push(HEX[((check >> (shift * 4)) & 0xf) as usize] as char);
    }
    body
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

/// A consent id: a UUID in its hyphenated form (36 characters: 8-4-4-4-12 hex digits, either
/// case), which is what the `uuid` crate's `Uuid::try_parse` accepts at that length.
///
/// This function and [`uuid_v4`] are written by hand, not with the `uuid` crate: the crate's
/// parser (every UUID format) and formatter cost the first layer 161 B brotli (measured
/// 2026-12-07 on the shipped build: its wasm 42,998 -> 42,837 B). The tests check both
/// against the crate.
pub fn is_uuid(s: &str) -> bool {
    let b = s.as_bytes();
    if b.len() != 36 {
        return false;
    }
    for (i, &c) in b.iter().enumerate() {
        let ok = match i {
            8 | 13 | 18 | 23 => c == b'-',
            _ => c.is_ascii_hexdigit(),
        };
        if !ok {
            return false;
        }
    }
    true
}

/// A version 4 UUID made of 16 random bytes, hyphenated and lowercase: a new consent or record
/// id (the version and variant bits set as RFC 9562 says, like the `uuid` crate's
/// `Builder::from_random_bytes`).
pub fn uuid_v4(mut bytes: [u8; 16]) -> String {
    bytes[6] = (bytes[6] & 0x0f) | 0x40;
    bytes[8] = (bytes[8] & 0x3f) | 0x80;
    let mut s = String::with_capacity(36);
    for (i, b) in bytes.iter().enumerate() {
        if matches!(i, 4 | 6 | 8 | 10) {
            s.push('-');
        }
        s.push(HEX[(b >> 4) as usize] as char);
        s.push(HEX[(b & 15) as usize] as char);
    }
    s
}

/// Reads a cookie value back into a consent.
pub fn decode(value: &str) -> Result<Consent, DecodeError> {
    let (body, check) = value.rsplit_once('.').ok_or(DecodeError::Malformed)?;
    let mut fields = Vec::new();
    for field in body.split('.') {
        fields.push(field);
    }
    let (gpc, fields) = match fields.first().copied() {
        Some(VERSION) if fields.len() == 7 => (fields[6], &fields[..6]),
        Some(VERSION_1) if fields.len() == 6 => ("0", &fields[..]),
        Some(VERSION | VERSION_1) => return Err(DecodeError::Malformed),
        _ if fields.len() >= 6 => return Err(DecodeError::UnknownVersion),
        _ => return Err(DecodeError::Malformed),
    };
    if check.len() != 8 {
        return Err(DecodeError::Malformed);
    }
    if u32::from_str_radix(check, 16).ok() != Some(fnv1a(body)) {
        return Err(DecodeError::Altered);
    }
    let [_, id, revision, given, lang, granted_ids] = fields[..] else {
        return Err(DecodeError::Malformed);
    };
    // Inserted one by one, not collected: see `consent::apply`.
    let mut granted = Ids::new();
    for id in granted_ids.split('~').filter(|s| !s.is_empty()) {
        granted.insert(id.to_owned());
    }
    if !is_uuid(id) || !granted.iter().all(|g| crate::config::is_identifier(g)) {
        return Err(DecodeError::Malformed);
    }
    Ok(Consent {
        id: id.to_owned(),
        revision: parse_digits(revision)
            .and_then(|r| u32::try_from(r).ok())
            .ok_or(DecodeError::Malformed)?,
        given: parse_digits(given)
            .and_then(|g| i64::try_from(g).ok())
            .ok_or(DecodeError::Malformed)?,
        language: Lang::from_code(lang).ok_or(DecodeError::Malformed)?,
        granted,
        gpc: match gpc {
            "0" => false,
            "1" => true,
            _ => return Err(DecodeError::Malformed),
        },
    })
}

/// The value of the first cookie `name` in a `Cookie` header or `document.cookie` string.
pub fn find<'a>(header: &'a str, name: &str) -> Option<&'a str> {
    find_all(header, name).next()
}

/// The values of every cookie `name` in a `Cookie` header or `document.cookie` string, in its
/// order (a browser may hold several: same name, other domains or paths).
pub fn find_all<'a, 'b>(
    header: &'a str,
    name: &'b str,
) -> impl Iterator<Item = &'a str> + use<'a, 'b> {
    header.split(';').filter_map(move |pair| {
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
    let mut s = String::with_capacity(name.len() + value.len() + 80);
    for part in [
        name,
        "=",
        value,
        "; Path=",
        attrs.path,
        "; Expires=",
        &DateTime::from_unix(expires).http_date(),
        "; SameSite=Lax",
    ] {
        s.push_str(part);
    }
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
    let mut s = set_string(name, "", 0, attrs);
    // `Max-Age=0` goes before the first `SameSite=Lax`, found byte by byte: `str::replacen` (like
    // any `find` or `contains` of a `&str`) brings in core's two-way string searcher, which costs
    // the first layer 0.15 KB brotli, and 0.5 KB more once `i18n::fill` no longer needs it.
    if let Some(i) = s.as_bytes().windows(12).position(|w| w == b"SameSite=Lax") {
        s.insert_str(i, "Max-Age=0; ");
    }
    s
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
            gpc: false,
        }
    }

    #[test]
    fn round_trip() {
        let c = sample();
        let v = encode(&c);
        assert!(
            v.starts_with(
                "2.0b0e4a52-6c8a-4d8e-9a57-3f1b2c4d5e6f.3.1769853600.ru.analytics~necessary.0."
            ),
            "{v}"
        );
        assert_eq!(decode(&v), Ok(c.clone()));
        let none = Consent {
            granted: Ids::new(),
            ..c
        };
        assert_eq!(decode(&encode(&none)), Ok(none.clone()));
        let under_gpc = Consent { gpc: true, ..none };
        assert!(encode(&under_gpc).contains("..1."));
        assert_eq!(decode(&encode(&under_gpc)), Ok(under_gpc));
    }

    #[test]
    fn version_1_is_still_read() {
        // Written by kelisim 0.1 (no GPC field).
        let v1 = "1.0b0e4a52-6c8a-4d8e-9a57-3f1b2c4d5e6f.3.1769853600.ru.analytics~necessary";
        let value = format!("{v1}.{:08x}", fnv1a(v1));
        assert_eq!(decode(&value), Ok(sample()));
        assert_eq!(
            decode(&value.replacen("1.", "3.", 1)),
            Err(DecodeError::UnknownVersion)
        );
        // A version 2 value must have its GPC field, and it must be 0 or 1.
        let no_gpc = v1.replacen("1.", "2.", 1);
        assert_eq!(
            decode(&format!("{no_gpc}.{:08x}", fnv1a(&no_gpc))),
            Err(DecodeError::Malformed)
        );
        let bad = format!("{no_gpc}.2");
        assert_eq!(
            decode(&format!("{bad}.{:08x}", fnv1a(&bad))),
            Err(DecodeError::Malformed)
        );
        // The consent id must be a hyphenated UUID.
        let simple = v1.replace(
            "0b0e4a52-6c8a-4d8e-9a57-3f1b2c4d5e6f",
            "0b0e4a526c8a4d8e9a573f1b2c4d5e6f",
        );
        assert_eq!(
            decode(&format!("{simple}.{:08x}", fnv1a(&simple))),
            Err(DecodeError::Malformed)
        );
    }

    #[test]
    fn uuids() {
        let id = uuid_v4([0xff; 16]);
        assert_eq!(id, "ffffffff-ffff-4fff-bfff-ffffffffffff");
        assert!(is_uuid(&id));
        assert_eq!(
            uuid_v4(*b"\x0b\x0e\x4a\x52\x6c\x8a\x0d\x8e\x1a\x57\x3f\x1b\x2c\x4d\x5e\x6f"),
            "0b0e4a52-6c8a-4d8e-9a57-3f1b2c4d5e6f"
        );
        assert!(is_uuid("0B0E4A52-6C8A-4D8E-9A57-3F1B2C4D5E6F"));
        for bad in [
            "0b0e4a526c8a4d8e9a573f1b2c4d5e6f",
            "0b0e4a52-6c8a-4d8e-9a57-3f1b2c4d5e6",
            "0b0e4a52-6c8a-4d8e-9a57-3f1b2c4d5e6g",
            "0b0e4a52-6c8a-4d8e-9a573-f1b2c4d5e6f",
            "{b0e4a52-6c8a-4d8e-9a57-3f1b2c4d5e6}",
        ] {
            assert!(!is_uuid(bad), "{bad}");
        }
        // The same as the `uuid` crate.
        for seed in 0..64u8 {
            let bytes: [u8; 16] = std::array::from_fn(|i| {
                seed.wrapping_mul(37)
                    .wrapping_add((i as u8).wrapping_mul(91))
            });
            let id = uuid_v4(bytes);
            let expected = uuid::Builder::from_random_bytes(bytes).into_uuid();
            assert_eq!(id, expected.hyphenated().to_string());
            assert_eq!(uuid::Uuid::try_parse(&id).ok(), Some(expected));
            let odd = id.replace('-', "x");
            assert_eq!(is_uuid(&odd), uuid::Uuid::try_parse(&odd).is_ok());
        }
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
        let v = encode(&sample()).replacen('2', "1", 1);
        assert!(decode(&v).is_err());
    }

    #[test]
    fn finds_cookies_in_a_header() {
        let h = "a=1; kelisim=1.x; kelisim_other=2;b=";
        assert_eq!(find(h, "kelisim"), Some("1.x"));
        assert_eq!(find(h, "b"), Some(""));
        assert_eq!(find(h, "c"), None);
        assert_eq!(find("", "kelisim"), None);
        let two = "kelisim=old; b=1; kelisim=new";
        assert_eq!(find_all(two, "kelisim").collect::<Vec<_>>(), ["old", "new"]);
        assert_eq!(find_all(two, "c").count(), 0);
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

    /// A value whose check is right but whose fields are not: the error says which.
    fn checked(body: &str) -> String {
        format!("{body}.{:08x}", fnv1a(body))
    }

    #[test]
    fn too_few_fields_are_malformed_whatever_the_version() {
        // Versions 1 and 2 with a field missing: malformed, even when the check is wrong.
        for value in ["1.a.b.c.d.00000000", "2.a.b.c.d.e.00000000"] {
            assert_eq!(decode(value), Err(DecodeError::Malformed), "{value}");
        }
        assert_eq!(
            decode(&checked(
                "1.0b0e4a52-6c8a-4d8e-9a57-3f1b2c4d5e6f.3.1769853600.ru"
            )),
            Err(DecodeError::Malformed)
        );
        // An unknown version is only recognised as one with at least six fields.
        assert_eq!(decode("3.a.00000000"), Err(DecodeError::Malformed));
        assert_eq!(decode(&checked("3.a.b.c.d")), Err(DecodeError::Malformed));
        assert_eq!(
            decode(&checked("3.a.b.c.d.e")),
            Err(DecodeError::UnknownVersion)
        );
    }

    #[test]
    fn granted_ids_and_numbers_are_checked() {
        let body = "2.0b0e4a52-6c8a-4d8e-9a57-3f1b2c4d5e6f.3.1769853600.ru.analytics~Bad!.0";
        assert_eq!(decode(&checked(body)), Err(DecodeError::Malformed));
        for body in [
            "2.0b0e4a52-6c8a-4d8e-9a57-3f1b2c4d5e6f.-3.1769853600.ru.analytics.0",
            "2.0b0e4a52-6c8a-4d8e-9a57-3f1b2c4d5e6f.3.-1.ru.analytics.0",
            "2.0b0e4a52-6c8a-4d8e-9a57-3f1b2c4d5e6f.3.1769853600.de.analytics.0",
        ] {
            assert_eq!(
                decode(&checked(body)),
                Err(DecodeError::Malformed),
                "{body}"
            );
        }
        // The first instant and an empty grant are valid.
        let body = "2.0b0e4a52-6c8a-4d8e-9a57-3f1b2c4d5e6f.0.0.kk..1";
        let c = decode(&checked(body)).unwrap();
        assert_eq!((c.revision, c.given, c.gpc), (0, 0, true));
        assert!(c.granted.is_empty());
    }
}
