//! The form's fields, each named by the path of the key it edits, and where each diagnostic of
//! the validator is shown: next to the field whose path is the longest prefix of the
//! diagnostic's path (`cross_border[1]` → `cross_border`, a cookie's `…cookies[0].name` → the
//! service's cookie names), or, when no field fits, in the summary above the form.

use crate::doc::Doc;
use kelisim::config::Diagnostic;

/// How a field is edited.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Kind {
    /// One line of text.
    Line,
    /// A whole number.
    Number,
    /// One text per language (kk, ru, en).
    Text,
    /// A comma-separated list of strings.
    List,
    /// A comma-separated list of cookie names (objects with `name`).
    Cookies,
    /// A checkbox.
    Flag,
    /// The languages offered (three checkboxes).
    Languages,
    /// The forced language (none, kk, ru, en).
    Language,
}

/// The top-level fields: (path, kind, Fluent id of the label).
pub const TOP: [(&str, Kind, &str); 14] = [
    ("operator.name", Kind::Text, "cfg-operator-name"),
    ("operator.bin", Kind::Line, "cfg-operator-bin"),
    ("operator.contacts.email", Kind::Line, "cfg-operator-email"),
    ("operator.contacts.phone", Kind::Line, "cfg-operator-phone"),
    (
        "operator.contacts.address",
        Kind::Text,
        "cfg-operator-address",
    ),
    ("operator.contacts.hours", Kind::Text, "cfg-operator-hours"),
    ("operator.response_days", Kind::Number, "cfg-operator-days"),
    ("policy_url", Kind::Text, "cfg-policy-url"),
    ("policy_version", Kind::Line, "cfg-policy-version"),
    ("revision", Kind::Number, "cfg-revision"),
    ("languages", Kind::Languages, "cfg-languages"),
    ("language", Kind::Language, "cfg-language"),
    ("cross_border", Kind::List, "cfg-cross-border"),
    ("endpoint", Kind::Line, "cfg-endpoint"),
];

/// A category's fields, after `categories[i].`.
pub const CATEGORY: [(&str, Kind, &str); 4] = [
    ("id", Kind::Line, "cfg-category-id"),
    ("required", Kind::Flag, "cfg-category-required"),
    ("name", Kind::Text, "cfg-category-name"),
    ("description", Kind::Text, "cfg-category-description"),
];

/// A service's fields, after `categories[i].services[j].`.
pub const SERVICE: [(&str, Kind, &str); 6] = [
    ("id", Kind::Line, "cfg-service-id"),
    ("name", Kind::Text, "cfg-service-name"),
    ("provider", Kind::Text, "cfg-service-provider"),
    ("purpose", Kind::Text, "cfg-service-purpose"),
    ("country", Kind::Line, "cfg-service-country"),
    ("cookies", Kind::Cookies, "cfg-service-cookies"),
];

/// The path of every field the form shows for `doc`.
pub fn paths(doc: &Doc) -> Vec<String> {
    let mut out: Vec<String> = TOP.iter().map(|(p, _, _)| (*p).to_owned()).collect();
    for c in 0..doc.len("categories") {
        let cat = format!("categories[{c}]");
        out.extend(CATEGORY.iter().map(|(k, _, _)| format!("{cat}.{k}")));
        for s in 0..doc.len(&format!("{cat}.services")) {
            let svc = format!("{cat}.services[{s}]");
            out.extend(SERVICE.iter().map(|(k, _, _)| format!("{svc}.{k}")));
        }
    }
    out
}

/// The field that shows a diagnostic at `path`, if any.
pub fn field_of<'f>(path: &str, fields: &'f [String]) -> Option<&'f str> {
    fields
        .iter()
        .filter(|f| {
            path.strip_prefix(f.as_str())
                .is_some_and(|rest| rest.is_empty() || rest.starts_with(['.', '[']))
        })
        .max_by_key(|f| f.len())
        .map(String::as_str)
}

/// The diagnostics of field `field`.
pub fn of_field<'d>(
    field: &str,
    diagnostics: &'d [Diagnostic],
    fields: &[String],
) -> Vec<&'d Diagnostic> {
    diagnostics
        .iter()
        .filter(|d| field_of(&d.path, fields) == Some(field))
        .collect()
}

/// The diagnostics no field shows: they go to the summary.
pub fn unplaced<'d>(diagnostics: &'d [Diagnostic], fields: &[String]) -> Vec<&'d Diagnostic> {
    diagnostics
        .iter()
        .filter(|d| field_of(&d.path, fields).is_none())
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    fn placed(doc: serde_json::Value) -> Vec<(String, Option<String>)> {
        let doc = Doc(doc);
        let fields = paths(&doc);
        doc.check()
            .1
            .iter()
            .map(|d| {
                (
                    d.path.clone(),
                    field_of(&d.path, &fields).map(str::to_owned),
                )
            })
            .collect()
    }

    #[test]
    fn each_error_of_the_validator_lands_next_to_its_field() {
        let cases = [
            (
                json!({"operator": {"name": "X", "bin": "12345"}}),
                "operator.bin",
            ),
            (
                json!({"operator": {"name": "X", "bin": "123456789012", "contacts": {"email": "x"}}}),
                "operator.contacts.email",
            ),
            (
                json!({"operator": {"name": "X", "bin": "123456789012", "response_days": 0}}),
                "operator.response_days",
            ),
            (json!({"cross_border": ["DE", "germany"]}), "cross_border"),
            (json!({"policy_url": {"kk": "javascript:x"}}), "policy_url"),
            (json!({"policy_url": {"de": "/x"}}), "policy_url"),
            (json!({"revision": "two"}), "revision"),
            (json!({"languages": []}), "languages"),
            (json!({"languages": ["ru"], "language": "kk"}), "language"),
            (json!({"endpoint": "javascript:x"}), "endpoint"),
            (
                json!({"categories": [{"id": "Bad", "name": "B"}]}),
                "categories[0].id",
            ),
            (
                json!({"categories": [{"id": "video"}]}),
                "categories[0].name",
            ),
            (
                json!({"categories": [{"id": "analytics", "services": [{"id": "s", "country": "usa"}]}]}),
                "categories[0].services[0].country",
            ),
            (
                json!({"categories": [{"id": "analytics", "services": [{"id": "s", "cookies": [{"name": "a b"}]}]}]}),
                "categories[0].services[0].cookies",
            ),
        ];
        for (doc, field) in cases {
            let placed = placed(doc.clone());
            assert_eq!(placed.len(), 1, "{doc}: {placed:?}");
            assert_eq!(placed[0].1.as_deref(), Some(field), "{doc}: {placed:?}");
        }
    }

    #[test]
    fn what_no_field_shows_goes_to_the_summary() {
        let doc = Doc(json!({"cookie": {"name": "bad name"}, "revison": 2}));
        let fields = paths(&doc);
        let (_, diags) = doc.check();
        let summary: Vec<&str> = unplaced(&diags, &fields)
            .iter()
            .map(|d| d.path.as_str())
            .collect();
        assert_eq!(summary, ["revison", "cookie.name"]);
        // A prefix must end at a key boundary: `revison` is not under `revision`.
        assert_eq!(field_of("revisionx", &fields), None);
        assert_eq!(of_field("revision", &diags, &fields).len(), 0);
    }
}
