//! Small text routines the first layer needs once each: joining lists of names and a hand-over's
//! lines, and reading numbers written in decimal digits.
//!
//! Written as plain loops rather than `std`'s `[T]::join` and `str::parse`, which link a large
//! routine per item or number type (the joins: 828 B of the first layer's wasm before wasm-opt)
//! for what is always a few short strings.

/// `items` with `separator` between them.
pub fn join<S: AsRef<str>>(items: &[S], separator: &str) -> String {
    let mut out = String::new();
    for (i, item) in items.iter().enumerate() {
        if i > 0 {
            out.push_str(separator);
        }
        out.push_str(item.as_ref());
    }
    out
}

/// Reads a whole number written in decimal digits only (no sign, no spaces; leading zeros are
/// fine), as [`crate::time::push_digits`] writes one that is not negative; `None` for anything
/// else or above `u64::MAX`. Every number kelisim reads back from text goes through here: each of `std`'s
/// `parse::<u32>`, `parse::<u64>` and `parse::<i64>` links its own parser (measured 2026-12-06:
/// the first layer's wasm -1,124 B raw, -397 B brotli with this one instead).
pub fn parse_digits(s: &str) -> Option<u64> {
    if s.is_empty() {
        return None;
    }
    let mut n: u64 = 0;
    for b in s.bytes() {
        if !b.is_ascii_digit() {
            return None;
        }
        n = n.checked_mul(10)?.checked_add(u64::from(b - b'0'))?;
    }
    Some(n)
}

#[cfg(test)]
mod tests {
    use super::{join, parse_digits};

    #[test]
    fn digits_are_read_back_as_written_and_nothing_else() {
        use crate::time::push_digits;
        for n in [
            0,
            7,
            10,
            1_769_853_600,
            4_294_967_295,
            4_294_967_296,
            i64::MAX,
        ] {
            let mut s = String::new();
            push_digits(&mut s, n, 1);
            assert_eq!(parse_digits(&s), Some(n as u64), "{s}");
            // As `std` reads them.
            assert_eq!(parse_digits(&s), s.parse::<u64>().ok(), "{s}");
        }
        assert_eq!(parse_digits("007"), Some(7));
        assert_eq!(parse_digits("18446744073709551615"), Some(u64::MAX));
        for bad in [
            "",
            "18446744073709551616",
            "+5",
            "-5",
            " 5",
            "5 ",
            "5a",
            "\u{661}",
            "5.0",
        ] {
            assert_eq!(parse_digits(bad), None, "{bad:?}");
        }
    }

    #[test]
    fn joins_as_std_does() {
        let strings: Vec<String> = vec!["Kazakhstan".into(), "Germany".into(), "".into()];
        let strs = ["a", "", "b"];
        for separator in [", ", "\n", ""] {
            assert_eq!(join(&strings, separator), strings.join(separator));
            assert_eq!(join(&strs, separator), strs.join(separator));
            assert_eq!(join(&strs[..1], separator), "a");
            assert_eq!(join::<&str>(&[], separator), "");
        }
    }
}
