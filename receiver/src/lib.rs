//! # kelisim-receiver — the reference receiver of kelisim consent records
//!
//! A site running kelisim sends every choice a visitor makes as one JSON consent record (see
//! [`kelisim::record::ConsentRecord`] and `schema/consent-record.schema.json`) to its `endpoint`.
//! This crate is a small server for that endpoint and the tools around the stored records:
//!
//! - [`server`]: `POST /consent` validates each record against the schema and its clock, binds it
//!   to the request's origin and stores it once per record id, answering with a `Set-Cookie`
//!   that re-issues the consent cookie for 13 months;
//! - [`store`]: the append-only ledger in SQLite or PostgreSQL (the same SQL through
//!   `sqlx::Any`; row format 2 of `docs/ledger-format.md`), each row carrying the SHA-256 of the
//!   previous row and of all its columns, triggers refusing UPDATE and DELETE, and Ed25519-signed
//!   checkpoints of its head; `verify` walks the chain, `export` writes it as JSON lines.
//! - [`writer`]: group commit, one writer that stores the records of concurrent requests in one
//!   transaction and answers each request after the commit;
//! - [`metrics`]: the Prometheus metrics of `/metrics`.
//!
//! The binary, `kelisim-receiver`, has the subcommands `serve`, `verify`, `export`,
//! `verify-export`, `keygen` and `retain` (`kelisim-receiver --help`). The `/__test/*` routes of
//! the browser tests exist only with the cargo feature `test-hooks`.

#![warn(missing_docs)]

pub mod metrics;
pub mod server;
pub mod store;
pub mod writer;

/// Which records `export` writes, by what they are for: the kind (`cookies` or
/// `processing`; a record without `kind`, made before it existed, is `cookies`), the form and the
/// purpose of processing records. The fields are read from the stored record itself (the body
/// is kept as received), so databases made before processing records need no migration.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct RecordFilter {
    /// `cookies` or `processing`.
    pub kind: Option<String>,
    /// A form id (`data-kelisim-form`).
    pub form: Option<String>,
    /// A purpose id (`data-kelisim-purpose`).
    pub purpose: Option<String>,
}

impl RecordFilter {
    /// Whether the stored record `body` passes; a body that is not JSON passes only an empty
    /// filter.
    pub fn matches(&self, body: &str) -> bool {
        if *self == RecordFilter::default() {
            return true;
        }
        let Ok(v) = serde_json::from_str::<serde_json::Value>(body) else {
            return false;
        };
        let kind = v["kind"].as_str().unwrap_or("cookies");
        let same = |want: &Option<String>, got: Option<&str>| {
            want.as_deref().is_none_or(|w| Some(w) == got)
        };
        same(&self.kind, Some(kind))
            && same(&self.form, v["form"].as_str())
            && same(&self.purpose, v["purpose"].as_str())
    }
}

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
    use super::RecordFilter;

    #[test]
    fn the_filter_reads_kind_form_and_purpose() {
        let old = r#"{"record_id": "a", "event": "given"}"#;
        let cookies = r#"{"kind": "cookies", "form": null, "purpose": null}"#;
        let loan = r#"{"kind": "processing", "form": "loan", "purpose": "application"}"#;
        let ads = r#"{"kind": "processing", "form": "loan", "purpose": "marketing"}"#;
        let f = |kind: Option<&str>, form: Option<&str>, purpose: Option<&str>| RecordFilter {
            kind: kind.map(Into::into),
            form: form.map(Into::into),
            purpose: purpose.map(Into::into),
        };
        let pass = |filter: &RecordFilter| {
            [old, cookies, loan, ads]
                .iter()
                .map(|b| filter.matches(b))
                .collect::<Vec<_>>()
        };
        assert_eq!(pass(&f(None, None, None)), [true, true, true, true]);
        assert_eq!(
            pass(&f(Some("cookies"), None, None)),
            [true, true, false, false]
        );
        assert_eq!(
            pass(&f(Some("processing"), None, None)),
            [false, false, true, true]
        );
        assert_eq!(
            pass(&f(None, Some("loan"), None)),
            [false, false, true, true]
        );
        assert_eq!(
            pass(&f(None, None, Some("marketing"))),
            [false, false, false, true]
        );
        assert_eq!(
            pass(&f(None, Some("other"), None)),
            [false, false, false, false]
        );
        assert!(!f(Some("cookies"), None, None).matches("not json"));
        assert!(f(None, None, None).matches("not json"));
    }

    #[test]
    fn one_line_keeps_strings_and_order() {
        let pretty = "{\n  \"b\": \"x y\\\" \\n z\",\n  \"a\": [1, 2]\n}\n";
        assert_eq!(super::one_line(pretty), r#"{"b":"x y\" \n z","a":[1,2]}"#);
        let compact = r#"{"z":1,"a":"{ }"}"#;
        assert_eq!(super::one_line(compact), compact);
    }
}
