//! Joining texts: the lists of names in the first layer's sentences and errors, and the lines
//! of a stored hand-over.
//!
//! Written as a loop rather than `std`'s `[T]::join`, which links a large copy routine per item
//! type (`&str` and `String`: 828 B of the first layer's wasm before wasm-opt) for what is always
//! a few short strings.

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

#[cfg(test)]
mod tests {
    use super::join;

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
