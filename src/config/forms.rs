//! The configuration's `forms` key: the site's own forms that ask for consent to the processing
//! of personal data, and, per form, its purposes (law 94-V Art. 8(4): what data, why, for how
//! long, to whom, across which borders, published or not).
//!
//! ```json
//! "forms": { "loan-application": { "purposes": [
//!   { "id": "application", "required": true, "purpose": "…", "data": "…", "term": "…",
//!     "third_parties": true, "cross_border": ["US"], "published": false } ] } }
//! ```
//!
//! Only the Leptos app reads this key ([`read_forms`]); the first layer's reader
//! ([`super::read()`]) knows the key and skips it, so a page without marked forms carries none of
//! this. Errors name the key's path (`forms.loan-application.purposes[1].data`) and fail closed:
//! a form whose configuration is wrong cannot be submitted (see `web::app::forms`).

use super::read::{index, join, lookup, Json, Reader};
use super::validate::{is_country, is_identifier};
use super::{Diagnostic, Level, Text};

/// The forms of the configuration, in its order.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct Forms(pub Vec<Form>);

/// One form (`<form data-kelisim-form="<id>">`).
#[derive(Clone, Debug, PartialEq)]
pub struct Form {
    /// The form id, as in `data-kelisim-form`.
    pub id: String,
    /// Its purposes, each one checkbox, in this order.
    pub purposes: Vec<Purpose>,
    /// Its name as visitors read it (`forms.<id>.name`, per language); the id when absent.
    pub name: Option<Text>,
}

impl Form {
    /// The form's name in `lang`, or its id.
    pub fn display_name(&self, lang: crate::lang::Lang) -> String {
        match &self.name {
            Some(name) => name.get(lang).to_owned(),
            None => self.id.clone(),
        }
    }
}

/// One purpose of processing: one checkbox, one consent, one record.
#[derive(Clone, Debug, PartialEq)]
pub struct Purpose {
    /// Identifier, unique in its form; the submitted field is `kelisim-consent-<id>`.
    pub id: String,
    /// Whether the form cannot be submitted without it.
    pub required: bool,
    /// Why the data are processed (one line; the checkbox's label).
    pub purpose: Text,
    /// The list of personal data processed.
    pub data: Text,
    /// How long the consent holds (the site's term, e.g. "for the term of the contract").
    pub term: Text,
    /// Whether the data go to third parties.
    pub third_parties: bool,
    /// The countries (ISO 3166-1 alpha-2) the data may go to.
    pub cross_border: Vec<String>,
    /// Whether the data are published.
    pub published: bool,
}

impl Forms {
    /// The form with this id.
    pub fn form(&self, id: &str) -> Option<&Form> {
        self.0.iter().find(|f| f.id == id)
    }

    /// The purpose `purpose` of form `form`.
    pub fn purpose(&self, form: &str, purpose: &str) -> Option<&Purpose> {
        self.form(form)?.purposes.iter().find(|p| p.id == purpose)
    }
}

/// The keys of a purpose.
pub const PURPOSE_KEYS: [&str; 8] = [
    "id",
    "required",
    "purpose",
    "data",
    "term",
    "third_parties",
    "cross_border",
    "published",
];

/// Reads the `forms` key of a whole configuration (`{}` without it). `Err` when any error was
/// found; the diagnostics are returned either way.
pub fn read_forms<J: Json>(config: &J) -> (Result<Forms, ()>, Vec<Diagnostic>) {
    let mut rd = Reader::default();
    let mut forms = Forms::default();
    if let Some(root) = rd.object(config, "") {
        if let Some(v) = lookup(&root, "forms") {
            if let Some(map) = rd.object(v, "forms") {
                if !map.is_empty() && lookup(&root, "operator").is_none() {
                    rd.error(
                        "operator",
                        "is missing: a consent to processing names the operator (law 94-V Art. 8(4)), and `forms` asks for one",
                    );
                }
                // Art. 8(4): a consent document names the operator's BIN; without one the forms
                // cannot be sent (never a warning that lets the form take a consent without it).
                let op = lookup(&root, "operator").and_then(|op| rd.object(op, "operator"));
                if !map.is_empty() && op.is_some_and(|op| lookup(&op, "bin").is_none()) {
                    rd.error(
                        "operator.bin",
                        "is missing: a consent to processing states the operator's BIN (law 94-V Art. 8(4)); the forms cannot be sent without it",
                    );
                }
                for (id, v) in &map {
                    let path = join("forms", id);
                    if !is_identifier(id) {
                        rd.error(
                            &path,
                            ["`", id, "` is not a form id: a-z, 0-9, - and _"].concat(),
                        );
                        continue;
                    }
                    if let Some(form) = read_form(&mut rd, id, v, &path) {
                        forms.0.push(form);
                    }
                }
            }
        }
    }
    let failed = rd.diagnostics.iter().any(|d| d.level == Level::Error);
    (if failed { Err(()) } else { Ok(forms) }, rd.diagnostics)
}

fn read_form<J: Json>(rd: &mut Reader, id: &str, v: &J, path: &str) -> Option<Form> {
    let m = rd.object(v, path)?;
    rd.known(&m, path, &["name", "purposes"]);
    let name = rd.get(&m, path, "name", Reader::text);
    let purposes = rd.need(&m, path, "purposes", |r, v, p| {
        Some(r.list(v, p, read_purpose))
    })?;
    let ppath = join(path, "purposes");
    if purposes.is_empty() && !rd.failed() {
        rd.error(&ppath, "lists no purpose");
    }
    for (i, p) in purposes.iter().enumerate() {
        if purposes[..i].iter().any(|q| q.id == p.id) {
            rd.error(
                &join(&index(&ppath, i), "id"),
                ["`", &p.id, "` is listed twice"].concat(),
            );
        }
    }
    Some(Form {
        id: id.to_owned(),
        purposes,
        name,
    })
}

fn read_purpose<J: Json>(rd: &mut Reader, v: &J, path: &str) -> Option<Purpose> {
    let m = rd.object(v, path)?;
    rd.known(&m, path, &PURPOSE_KEYS);
    let id = rd.need(&m, path, "id", Reader::string);
    if let Some(id) = &id {
        if !is_identifier(id) {
            rd.error(
                &join(path, "id"),
                ["`", id, "` is not an identifier: a-z, 0-9, - and _"].concat(),
            );
        }
    }
    let required = rd
        .get(&m, path, "required", Reader::boolean)
        .unwrap_or(false);
    let text = |rd: &mut Reader, key: &str| {
        let t = rd.need(&m, path, key, Reader::text)?;
        if t.values().iter().all(|s| s.trim().is_empty()) {
            rd.error(&join(path, key), "is empty");
            return None;
        }
        Some(t)
    };
    let purpose = text(rd, "purpose");
    let data = text(rd, "data");
    let term = text(rd, "term");
    let cross_border = rd.get_list(&m, path, "cross_border", Reader::string);
    for (i, c) in cross_border.iter().enumerate() {
        if !is_country(c) {
            rd.error(
                &index(&join(path, "cross_border"), i),
                [
                    "`",
                    c,
                    "` is not an ISO 3166-1 alpha-2 country code (e.g. KZ)",
                ]
                .concat(),
            );
        }
    }
    Some(Purpose {
        id: id?,
        required,
        purpose: purpose?,
        data: data?,
        term: term?,
        third_parties: rd
            .get(&m, path, "third_parties", Reader::boolean)
            .unwrap_or(false),
        cross_border,
        published: rd
            .get(&m, path, "published", Reader::boolean)
            .unwrap_or(false),
    })
}

#[cfg(all(test, feature = "json"))]
mod tests {
    use super::*;
    use crate::lang::Lang;

    fn read(json: &str) -> (Result<Forms, ()>, Vec<Diagnostic>) {
        read_forms(&serde_json::from_str::<serde_json::Value>(json).unwrap())
    }

    fn error(json: &str) -> (String, String) {
        let (forms, diags) = read(json);
        assert!(forms.is_err(), "{json}");
        let e = diags.into_iter().find(|d| d.level == Level::Error).unwrap();
        (e.path, e.message)
    }

    pub(crate) const LOAN: &str = r#"{"operator": {"name": "X", "bin": "240740012077"}, "forms": {"loan-application": {"purposes": [
        {"id": "application", "required": true,
         "purpose": {"kk": "Өтінімді қарау", "ru": "Рассмотрение заявки на заём", "en": "Reviewing the loan application"},
         "data": {"kk": "Аты-жөні, ЖСН, телефон", "ru": "ФИО, ИИН, телефон", "en": "Name, IIN, phone"},
         "term": {"kk": "Шарт мерзіміне және одан кейін 5 жылға", "ru": "на срок договора и 5 лет после", "en": "for the term of the contract and 5 years after"},
         "third_parties": true, "cross_border": ["US"], "published": false},
        {"id": "marketing-messages", "purpose": "Offers", "data": "Phone", "term": "1 year"}]}}}"#;

    #[test]
    fn a_form_has_a_name_in_each_language() {
        let json = LOAN.replace(
            r#""loan-application": {"purposes""#,
            r#""loan-application": {"name": {"kk": "Несие алуға өтінім", "ru": "Заявка на микрокредит", "en": "Microloan application"}, "purposes""#,
        );
        let (forms, diags) = read(&json);
        assert_eq!(diags, vec![]);
        let f = forms.unwrap().form("loan-application").cloned().unwrap();
        assert_eq!(f.display_name(Lang::Ru), "Заявка на микрокредит");
        let (forms, _) = read(LOAN);
        let f = forms.unwrap().form("loan-application").cloned().unwrap();
        assert_eq!(f.display_name(Lang::En), "loan-application");
    }

    #[test]
    fn forms_without_the_operators_bin_cannot_be_sent() {
        let json = LOAN.replace(r#", "bin": "240740012077""#, "");
        let (path, message) = error(&json);
        assert_eq!(path, "operator.bin");
        assert!(message.contains("Art. 8(4)"), "{message}");
        // No forms, no BIN needed.
        assert_eq!(read(r#"{"operator": {"name": "X"}}"#).1, vec![]);
    }

    #[test]
    fn the_contract_example_reads() {
        let (forms, diags) = read(LOAN);
        assert_eq!(diags, vec![]);
        let forms = forms.unwrap();
        let f = forms.form("loan-application").unwrap();
        assert_eq!(f.purposes.len(), 2);
        let p = &f.purposes[0];
        assert!(p.required && p.third_parties && !p.published);
        assert_eq!(p.cross_border, ["US"]);
        assert_eq!(p.data.get(Lang::Ru), "ФИО, ИИН, телефон");
        let m = forms
            .purpose("loan-application", "marketing-messages")
            .unwrap();
        assert!(!m.required && !m.third_parties && m.cross_border.is_empty());
        assert!(forms.form("nope").is_none());
        // No `forms` key: no forms, no diagnostics.
        assert_eq!(read("{}"), (Ok(Forms::default()), vec![]));
    }

    #[test]
    fn the_first_layer_reader_skips_forms() {
        let (config, diags) = crate::config::parse(LOAN);
        assert!(config.is_ok());
        assert_eq!(diags, vec![]);
        // Even a broken `forms` leaves the banner's configuration valid: the forms fail alone.
        let (config, diags) = crate::config::parse(r#"{"forms": {"x": {"purposes": 5}}}"#);
        assert!(read(r#"{"forms": {"x": {"purposes": 5}}}"#).0.is_err());
        assert!(config.is_ok() && diags.is_empty());
    }

    #[test]
    fn each_error_names_its_key() {
        let p = r#""purpose": "P", "data": "D", "term": "T""#;
        let cases = [
            (
                r#"{"operator": {"name": "X", "bin": "240740012077"}, "forms": {"Bad Id": {"purposes": []}}}"#.to_owned(),
                "forms.Bad Id",
                "`Bad Id` is not a form id: a-z, 0-9, - and _",
            ),
            (
                r#"{"operator": {"name": "X", "bin": "240740012077"}, "forms": {"f": {}}}"#.to_owned(),
                "forms.f.purposes",
                "is missing",
            ),
            (
                r#"{"operator": {"name": "X", "bin": "240740012077"}, "forms": {"f": {"purposes": []}}}"#.to_owned(),
                "forms.f.purposes",
                "lists no purpose",
            ),
            (
                r#"{"operator": {"name": "X", "bin": "240740012077"}, "forms": {"f": {"purposes": [{"id": "a", "purpose": "P", "term": "T"}]}}}"#
                    .to_owned(),
                "forms.f.purposes[0].data",
                "is missing",
            ),
            (
                r#"{"operator": {"name": "X", "bin": "240740012077"}, "forms": {"f": {"purposes": [{"id": "a", "required": true, "data": "D", "term": "T"}]}}}"#
                    .to_owned(),
                "forms.f.purposes[0].purpose",
                "is missing",
            ),
            (
                r#"{"operator": {"name": "X", "bin": "240740012077"}, "forms": {"f": {"purposes": [{"id": "a", "purpose": {"ru": " "}, "data": "D", "term": "T"}]}}}"#
                    .to_owned(),
                "forms.f.purposes[0].purpose",
                "is empty",
            ),
            (
                format!(r#"{{"operator": {{"name": "X", "bin": "240740012077"}}, "forms": {{"f": {{"purposes": [{{"id": "a", {p}}}, {{"id": "a", {p}}}]}}}}}}"#),
                "forms.f.purposes[1].id",
                "`a` is listed twice",
            ),
            (
                format!(r#"{{"operator": {{"name": "X", "bin": "240740012077"}}, "forms": {{"f": {{"purposes": [{{"id": "a", {p}, "cross_border": ["US", "usa"]}}]}}}}}}"#),
                "forms.f.purposes[0].cross_border[1]",
                "`usa` is not an ISO 3166-1 alpha-2 country code (e.g. KZ)",
            ),
            (
                format!(r#"{{"operator": {{"name": "X", "bin": "240740012077"}}, "forms": {{"f": {{"purposes": [{{"id": "A b", {p}}}]}}}}}}"#),
                "forms.f.purposes[0].id",
                "`A b` is not an identifier: a-z, 0-9, - and _",
            ),
            (
                format!(r#"{{"operator": {{"name": "X", "bin": "240740012077"}}, "forms": {{"f": {{"purposes": [{{"id": "a", {p}, "required": "yes"}}]}}}}}}"#),
                "forms.f.purposes[0].required",
                "expected true or false, found a string",
            ),
            (
                r#"{"operator": {"name": "X", "bin": "240740012077"}, "forms": []}"#.to_owned(),
                "forms",
                "expected an object `{ … }`, found an array",
            ),
        ];
        let missing = (
            r#"{"forms": {"f": {"purposes": [{"id": "a", "purpose": "P", "data": "D", "term": "T"}]}}}"#.to_owned(),
            "operator",
            "is missing: a consent to processing names the operator (law 94-V Art. 8(4)), and `forms` asks for one",
        );
        for (json, path, message) in cases.into_iter().chain([missing]) {
            assert_eq!(
                error(&json),
                (path.to_owned(), message.to_owned()),
                "{json}"
            );
        }
    }

    #[test]
    fn unknown_keys_are_warnings() {
        let (forms, diags) = read(
            r#"{"operator": {"name": "X", "bin": "240740012077"}, "forms": {"f": {"colour": 1, "purposes": [{"id": "a", "purpose": "P", "data": "D", "term": "T", "size": 2}]}}}"#,
        );
        assert!(forms.is_ok());
        let paths: Vec<_> = diags.iter().map(|d| (d.level, d.path.as_str())).collect();
        assert_eq!(
            paths,
            [
                (Level::Warning, "forms.f.colour"),
                (Level::Warning, "forms.f.purposes[0].size")
            ]
        );
    }
}
