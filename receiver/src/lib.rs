//! # kelisim-receiver — the reference receiver of kelisim consent records
//!
//! A site running kelisim sends every choice a visitor makes as one JSON consent record (see
//! [`kelisim::record::ConsentRecord`] and `schema/consent-record.schema.json`) to its `endpoint`.
//! This crate is a small server for that endpoint and the tools around the stored records:
//!
//! - [`server`]: `POST /consent` validates each record against the schema and stores it once per
//!   record id, answering with a `Set-Cookie` that re-issues the consent cookie for 13 months;
//! - [`store`]: the append-only table in SQLite or PostgreSQL (the same SQL through `sqlx::Any`),
//!   each row carrying the SHA-256 of the previous row and of itself, so that altering or
//!   deleting a row shows; `verify` walks that chain, `export` writes a date range as JSON lines.
//! - [`writer`]: group commit, one writer that stores the records of concurrent requests in one
//!   transaction and answers each request after the commit;
//! - [`metrics`]: the Prometheus metrics of `/metrics`.
//!
//! The binary, `kelisim-receiver`, has the subcommands `serve`, `verify`, `export` and `retain`
//! (`kelisim-receiver --help`).

#![warn(missing_docs)]

pub mod metrics;
pub mod server;
pub mod store;
pub mod writer;

/// Minifies a JSON text without reordering it: drops the whitespace outside strings, so a
/// record always fits on one line of JSON lines output.
///
/// ```
/// let text = "{\n  \"b\": \"two words\",\n  \"a\": [1, 2]\n}";
/// assert_eq!(kelisim_receiver::one_line(text), r#"{"b":"two words","a":[1,2]}"#);
/// ```
pub fn one_line(json: &str) -> String {
    let mut out = String::with_capacity(json.len());
    let (mut in_string, mut escaped) = (false, false);
    for c in json.chars() {
        if in_string {
            out.push(c);
            match (escaped, c) {
                (true, _) => escaped = false,
                (false, '\\') => escaped = true,
                (false, '"') => in_string = false,
                _ => {}
            }
        } else if c == '"' {
            in_string = true;
            out.push(c);
        } else if !matches!(c, ' ' | '\t' | '\n' | '\r') {
            out.push(c);
        }
    }
    out
}

#[cfg(test)]
mod tests {
    #[test]
    fn one_line_keeps_strings_and_order() {
        let pretty = "{\n  \"b\": \"x y\\\" \\n z\",\n  \"a\": [1, 2]\n}\n";
        assert_eq!(super::one_line(pretty), r#"{"b":"x y\" \n z","a":[1,2]}"#);
        let compact = r#"{"z":1,"a":"{ }"}"#;
        assert_eq!(super::one_line(compact), compact);
    }
}
