//! The site owner's configuration: its shape, its defaults and its validation.
//!
//! [`parse`] reads the JSON of `<script id="kelisim-config">` (or of the loader's `data-config`
//! URL) into a [`Config`] and lists [`Diagnostic`]s: an unknown key is a warning, an invalid value
//! is an error naming the key's path (`categories[2].services[0].country`). Any error means the
//! configuration is not used and the banner fails closed. Every human-readable value is a
//! [`Text`]: a plain string or one string per language; it is shown as text, never as HTML.

use crate::i18n::Lang;
use serde::de::{self, Deserializer, MapAccess, Visitor};
use serde::Deserialize;
use std::collections::{BTreeMap, BTreeSet};
use std::fmt;

/// The categories every configuration has unless it lists its own.
pub const DEFAULT_CATEGORIES: [&str; 4] = ["necessary", "preferences", "analytics", "marketing"];
/// The category that is always there and always on.
pub const NECESSARY: &str = "necessary";

/// A human-readable value: one string for every language, or one per language.
#[derive(Clone, Debug, PartialEq)]
pub enum Text {
    /// The same text whatever the language.
    Plain(String),
    /// A text per language; missing languages fall back to Kazakh, then Russian, then English.
    PerLanguage(BTreeMap<Lang, String>),
}

impl Text {
    /// The text in `lang`, or in the first of kk, ru, en that it has.
    pub fn get(&self, lang: Lang) -> &str {
        match self {
            Text::Plain(s) => s,
            Text::PerLanguage(map) => map
                .get(&lang)
                .or_else(|| Lang::ALL.iter().find_map(|l| map.get(l)))
                .map_or("", String::as_str),
        }
    }

    fn values(&self) -> Vec<&str> {
        match self {
            Text::Plain(s) => vec![s],
            Text::PerLanguage(map) => map.values().map(String::as_str).collect(),
        }
    }
}

impl<'de> Deserialize<'de> for Text {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        struct TextVisitor;
        impl<'de> Visitor<'de> for TextVisitor {
            type Value = Text;
            fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
                f.write_str("a string or an object of strings keyed by kk, ru, en")
            }
            fn visit_str<E: de::Error>(self, v: &str) -> Result<Text, E> {
                Ok(Text::Plain(v.to_owned()))
            }
            fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<Text, A::Error> {
                let mut out = BTreeMap::new();
                while let Some(key) = map.next_key::<String>()? {
                    let lang = Lang::from_code(&key).ok_or_else(|| {
                        de::Error::custom(format!(
                            "unknown language `{key}`, expected kk, ru or en"
                        ))
                    })?;
                    out.insert(lang, map.next_value::<String>()?);
                }
                if out.is_empty() {
                    return Err(de::Error::custom("needs at least one of kk, ru, en"));
                }
                Ok(Text::PerLanguage(out))
            }
        }
        d.deserialize_any(TextVisitor)
    }
}

/// The whole configuration. Every key is optional; see the README for each.
#[derive(Clone, Debug, Deserialize)]
#[serde(default)]
pub struct Config {
    /// A change asks every visitor again.
    pub revision: u32,
    /// Forces one language.
    pub language: Option<Lang>,
    /// The languages offered, in order of preference.
    pub languages: Vec<Lang>,
    /// The categories of cookies and processing, `necessary` first.
    pub categories: Vec<Category>,
    /// Where consent records are POSTed.
    pub endpoint: Option<String>,
    /// The consent cookie's name and domain.
    pub cookie: CookieConfig,
    /// Who processes the data, and how to reach them.
    pub operator: Option<Operator>,
    /// The privacy policy, per language.
    pub policy_url: Option<Text>,
    /// The version of the policy the visitor consents to.
    pub policy_version: Option<String>,
    /// Countries (ISO 3166-1 alpha-2) the data may go to.
    pub cross_border: Vec<String>,
    /// Overrides of any interface message, by its Fluent id.
    pub texts: BTreeMap<String, Text>,
}

/// A category of cookies and processing.
#[derive(Clone, Debug, Deserialize)]
pub struct Category {
    /// Identifier: lowercase letters, digits, `-` and `_`.
    pub id: String,
    /// Always on; the visitor cannot refuse it (`necessary` always is).
    #[serde(default)]
    pub required: Option<bool>,
    /// Its name (built-in categories have one in the locales).
    #[serde(default)]
    pub name: Option<Text>,
    /// What it is for (built-in categories have one in the locales).
    #[serde(default)]
    pub description: Option<Text>,
    /// The services that use it.
    #[serde(default)]
    pub services: Vec<Service>,
}

impl Category {
    /// Whether the visitor cannot refuse it.
    pub fn is_required(&self) -> bool {
        self.id == NECESSARY || self.required == Some(true)
    }
}

/// A third-party or own service within a category.
#[derive(Clone, Debug, Deserialize)]
pub struct Service {
    /// Identifier, unique in the configuration.
    pub id: String,
    /// Shown name.
    #[serde(default)]
    pub name: Option<Text>,
    /// The company providing it.
    #[serde(default)]
    pub provider: Option<Text>,
    /// Why it is used.
    #[serde(default)]
    pub purpose: Option<Text>,
    /// Where its data go (ISO 3166-1 alpha-2).
    #[serde(default)]
    pub country: Option<String>,
    /// The cookies it sets.
    #[serde(default)]
    pub cookies: Vec<ServiceCookie>,
}

/// A cookie set by a service.
#[derive(Clone, Debug, Deserialize)]
pub struct ServiceCookie {
    /// Its name; a trailing `*` matches any suffix (`_ga_*`).
    pub name: String,
    /// Its path (default `/`).
    #[serde(default)]
    pub path: Option<String>,
    /// Its domain, e.g. `.example.kz` for the parent domain.
    #[serde(default)]
    pub domain: Option<String>,
    /// How long it lives, as text.
    #[serde(default)]
    pub lifetime: Option<Text>,
    /// What it does.
    #[serde(default)]
    pub description: Option<Text>,
}

/// The consent cookie's name and domain.
#[derive(Clone, Debug, Deserialize)]
#[serde(default)]
pub struct CookieConfig {
    /// Cookie name, `kelisim` by default.
    pub name: String,
    /// Cookie domain (e.g. `.example.kz` to share consent between subdomains); none by default.
    pub domain: Option<String>,
}

impl Default for CookieConfig {
    fn default() -> Self {
        CookieConfig {
            name: "kelisim".into(),
            domain: None,
        }
    }
}

/// The operator of the personal data (law 94-V Art. 8(4)).
#[derive(Clone, Debug, Deserialize)]
pub struct Operator {
    /// Legal name.
    pub name: Text,
    /// Business identification number: 12 digits.
    #[serde(default)]
    pub bin: Option<String>,
    /// How to reach the operator about personal data.
    #[serde(default)]
    pub contacts: Contacts,
    /// Days within which requests are answered.
    #[serde(default)]
    pub response_days: Option<u32>,
}

/// How to reach the operator.
#[derive(Clone, Debug, Default, Deserialize)]
pub struct Contacts {
    /// E-mail address.
    #[serde(default)]
    pub email: Option<String>,
    /// Telephone.
    #[serde(default)]
    pub phone: Option<String>,
    /// Postal address.
    #[serde(default)]
    pub address: Option<Text>,
    /// Office hours.
    #[serde(default)]
    pub hours: Option<Text>,
}

impl Default for Config {
    fn default() -> Self {
        Config {
            revision: 1,
            language: None,
            languages: Lang::ALL.to_vec(),
            categories: DEFAULT_CATEGORIES
                .iter()
                .map(|id| Category {
                    id: (*id).into(),
                    required: Some(*id == NECESSARY),
                    name: None,
                    description: None,
                    services: Vec::new(),
                })
                .collect(),
            endpoint: None,
            cookie: CookieConfig::default(),
            operator: None,
            policy_url: None,
            policy_version: None,
            cross_border: Vec::new(),
            texts: BTreeMap::new(),
        }
    }
}

/// How serious a [`Diagnostic`] is.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Level {
    /// Logged; the configuration is used.
    Warning,
    /// Logged; the configuration is not used and the banner fails closed.
    Error,
}

/// One problem found in the configuration, with the path of the key.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Diagnostic {
    /// Warning or error.
    pub level: Level,
    /// Path of the key, e.g. `categories[1].services[0].country`; empty for the whole document.
    pub path: String,
    /// What is wrong.
    pub message: String,
}

impl fmt::Display for Diagnostic {
    fn fmt(&self, f: &mut fmt::Formatter) -> fmt::Result {
        let kind = if self.level == Level::Error {
            "invalid"
        } else {
            "unknown key"
        };
        if self.path.is_empty() {
            write!(f, "kelisim: configuration {kind}: {}", self.message)
        } else {
            write!(
                f,
                "kelisim: configuration {kind} `{}`: {}",
                self.path, self.message
            )
        }
    }
}

impl Config {
    /// The category with this id.
    pub fn category(&self, id: &str) -> Option<&Category> {
        self.categories.iter().find(|c| c.id == id)
    }

    /// The ids of the categories that cannot be refused.
    pub fn required_ids(&self) -> BTreeSet<String> {
        self.categories
            .iter()
            .filter(|c| c.is_required())
            .map(|c| c.id.clone())
            .collect()
    }

    /// The ids of every category.
    pub fn all_ids(&self) -> BTreeSet<String> {
        self.categories.iter().map(|c| c.id.clone()).collect()
    }
}

/// Reads and validates a configuration. `Err` when any [`Level::Error`] was found; the
/// diagnostics (warnings included) are returned either way.
pub fn parse(json: &str) -> (Result<Config, ()>, Vec<Diagnostic>) {
    let mut diagnostics = Vec::new();
    if !json.trim_start().starts_with('{') {
        diagnostics.push(error(String::new(), "must be a JSON object `{ … }`"));
        return (Err(()), diagnostics);
    }
    let mut unknown = Vec::new();
    let mut reader = serde_json::Deserializer::from_str(json);
    let mut note_unknown = |path: serde_ignored::Path<'_>| unknown.push(path_string(&path));
    let ignoring = serde_ignored::Deserializer::new(&mut reader, &mut note_unknown);
    let parsed: Result<Config, _> = serde_path_to_error::deserialize(ignoring);
    let parsed = parsed.map_err(|e| {
        let path = e.path().to_string();
        let path = if path == "." { String::new() } else { path };
        diagnostics.push(error(path, e.inner().to_string()));
    });
    let parsed = parsed.and_then(|c| match reader.end() {
        Ok(()) => Ok(c),
        Err(e) => {
            diagnostics.push(error(String::new(), e.to_string()));
            Err(())
        }
    });
    for path in unknown {
        diagnostics.push(Diagnostic {
            level: Level::Warning,
            path,
            message: "is not a known key; ignored".into(),
        });
    }
    let Ok(mut config) = parsed else {
        return (Err(()), diagnostics);
    };
    validate(&mut config, &mut diagnostics);
    if diagnostics.iter().any(|d| d.level == Level::Error) {
        (Err(()), diagnostics)
    } else {
        (Ok(config), diagnostics)
    }
}

/// Writes a path the way `serde_path_to_error` does: `categories[1].services[0].fax`.
fn path_string(path: &serde_ignored::Path) -> String {
    use serde_ignored::Path;
    match path {
        Path::Root => String::new(),
        Path::Seq { parent, index } => format!("{}[{index}]", path_string(parent)),
        Path::Map { parent, key } => match path_string(parent) {
            p if p.is_empty() => key.clone(),
            p => format!("{p}.{key}"),
        },
        Path::Some { parent }
        | Path::NewtypeStruct { parent }
        | Path::NewtypeVariant { parent } => path_string(parent),
    }
}

fn error(path: String, message: impl Into<String>) -> Diagnostic {
    Diagnostic {
        level: Level::Error,
        path,
        message: message.into(),
    }
}

/// A category or service identifier: `[a-z][a-z0-9_-]{0,39}`.
pub fn is_identifier(s: &str) -> bool {
    let mut chars = s.chars();
    chars.next().is_some_and(|c| c.is_ascii_lowercase())
        && s.len() <= 40
        && chars.all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '-' || c == '_')
}

/// A link is safe when it is relative or its scheme is http or https.
pub fn is_safe_url(url: &str) -> bool {
    if url.is_empty() || url.chars().any(|c| c.is_whitespace() || c.is_control()) {
        return false;
    }
    match url.find([':', '/', '?', '#']) {
        Some(i) if url[i..].starts_with(':') => {
            let scheme = url[..i].to_ascii_lowercase();
            scheme == "http" || scheme == "https"
        }
        _ => true,
    }
}

fn is_cookie_name(s: &str) -> bool {
    !s.is_empty()
        && s.len() <= 64
        && s.bytes()
            .all(|b| b.is_ascii_alphanumeric() || b"!#$%&'*+-.^_`|~".contains(&b))
}

fn is_domain(s: &str) -> bool {
    let s = s.strip_prefix('.').unwrap_or(s);
    !s.is_empty()
        && s.len() <= 253
        && s.split('.').all(|label| {
            !label.is_empty()
                && label
                    .bytes()
                    .all(|b| b.is_ascii_alphanumeric() || b == b'-')
        })
}

fn is_country(s: &str) -> bool {
    s.len() == 2 && s.bytes().all(|b| b.is_ascii_uppercase())
}

fn validate(config: &mut Config, out: &mut Vec<Diagnostic>) {
    if config.languages.is_empty() {
        out.push(error(
            "languages".into(),
            "needs at least one of kk, ru, en",
        ));
    }
    let mut seen = BTreeSet::new();
    for (i, lang) in config.languages.iter().enumerate() {
        if !seen.insert(*lang) {
            out.push(error(
                format!("languages[{i}]"),
                format!("`{}` is listed twice", lang.code()),
            ));
        }
    }
    if let Some(lang) = config.language {
        if !config.languages.contains(&lang) {
            out.push(error(
                "language".into(),
                format!("`{}` is not in `languages`", lang.code()),
            ));
        }
    }
    validate_categories(config, out);
    if let Some(endpoint) = &config.endpoint {
        if !is_safe_url(endpoint) {
            out.push(error("endpoint".into(), "must be an http(s) URL or a path"));
        }
    }
    if !is_cookie_name(&config.cookie.name) {
        out.push(error(
            "cookie.name".into(),
            "must be a cookie name: letters, digits and !#$%&'*+-.^_`|~, at most 64",
        ));
    }
    if let Some(domain) = &config.cookie.domain {
        if !is_domain(domain) {
            out.push(error(
                "cookie.domain".into(),
                format!("`{domain}` is not a domain name"),
            ));
        }
    }
    if let Some(op) = &config.operator {
        if let Some(bin) = &op.bin {
            if bin.len() != 12 || !bin.bytes().all(|b| b.is_ascii_digit()) {
                out.push(error(
                    "operator.bin".into(),
                    format!("`{bin}` is not a BIN: 12 digits"),
                ));
            }
        }
        if let Some(email) = &op.contacts.email {
            if !email.contains('@') || email.contains(char::is_whitespace) {
                out.push(error(
                    "operator.contacts.email".into(),
                    format!("`{email}` is not an e-mail address"),
                ));
            }
        }
        if op.response_days == Some(0) {
            out.push(error("operator.response_days".into(), "must be at least 1"));
        }
    }
    if let Some(policy) = &config.policy_url {
        if policy.values().iter().any(|u| !is_safe_url(u)) {
            out.push(error(
                "policy_url".into(),
                "links must be http(s) URLs or paths",
            ));
        }
    }
    for (i, c) in config.cross_border.iter().enumerate() {
        if !is_country(c) {
            out.push(error(
                format!("cross_border[{i}]"),
                format!("`{c}` is not an ISO 3166-1 alpha-2 code such as DE"),
            ));
        }
    }
    for id in config.texts.keys() {
        if crate::i18n::find(id).is_none() {
            out.push(Diagnostic {
                level: Level::Warning,
                path: format!("texts.{id}"),
                message: "is not a message id; ignored".into(),
            });
        }
    }
}

fn validate_categories(config: &mut Config, out: &mut Vec<Diagnostic>) {
    let mut seen = BTreeSet::new();
    let mut services = BTreeSet::new();
    for (i, cat) in config.categories.iter().enumerate() {
        let path = format!("categories[{i}]");
        if !is_identifier(&cat.id) {
            out.push(error(
                format!("{path}.id"),
                format!("`{}` is not an identifier: a-z, 0-9, - and _", cat.id),
            ));
        }
        if !seen.insert(cat.id.clone()) {
            out.push(error(
                format!("{path}.id"),
                format!("`{}` is listed twice", cat.id),
            ));
        }
        if cat.id == NECESSARY && cat.required == Some(false) {
            // `required: false` written out is a contradiction; absent means the default.
            out.push(error(
                format!("{path}.required"),
                "`necessary` is always required",
            ));
        }
        if cat.name.is_none() && !DEFAULT_CATEGORIES.contains(&cat.id.as_str()) {
            out.push(error(
                format!("{path}.name"),
                format!("category `{}` needs a name", cat.id),
            ));
        }
        for (j, svc) in cat.services.iter().enumerate() {
            let path = format!("{path}.services[{j}]");
            if !is_identifier(&svc.id) {
                out.push(error(
                    format!("{path}.id"),
                    format!("`{}` is not an identifier", svc.id),
                ));
            }
            if !services.insert(svc.id.clone()) {
                out.push(error(
                    format!("{path}.id"),
                    format!("`{}` is listed twice", svc.id),
                ));
            }
            if let Some(country) = &svc.country {
                if !is_country(country) {
                    out.push(error(
                        format!("{path}.country"),
                        format!("`{country}` is not an ISO 3166-1 alpha-2 code"),
                    ));
                }
            }
            for (k, cookie) in svc.cookies.iter().enumerate() {
                let path = format!("{path}.cookies[{k}]");
                if !is_cookie_name(cookie.name.trim_end_matches('*')) {
                    out.push(error(
                        format!("{path}.name"),
                        format!("`{}` is not a cookie name", cookie.name),
                    ));
                }
                if let Some(domain) = &cookie.domain {
                    if !is_domain(domain) {
                        out.push(error(
                            format!("{path}.domain"),
                            format!("`{domain}` is not a domain name"),
                        ));
                    }
                }
                if cookie.path.as_deref().is_some_and(|p| !p.starts_with('/')) {
                    out.push(error(format!("{path}.path"), "must start with /"));
                }
            }
        }
    }
    // `necessary` is always there, first, and always on.
    match config.categories.iter().position(|c| c.id == NECESSARY) {
        Some(i) => {
            let mut necessary = config.categories.remove(i);
            necessary.required = Some(true);
            config.categories.insert(0, necessary);
        }
        None => config
            .categories
            .insert(0, Config::default().categories.remove(0)),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn errors(json: &str) -> Vec<Diagnostic> {
        let (result, diags) = parse(json);
        assert!(result.is_err(), "expected an error for {json}");
        diags
            .into_iter()
            .filter(|d| d.level == Level::Error)
            .collect()
    }

    #[test]
    fn empty_object_is_the_default() {
        let (config, diags) = parse("{}");
        let config = config.unwrap();
        assert!(diags.is_empty());
        assert_eq!(config.revision, 1);
        assert_eq!(config.cookie.name, "kelisim");
        let ids: Vec<_> = config.categories.iter().map(|c| c.id.as_str()).collect();
        assert_eq!(ids, DEFAULT_CATEGORIES);
        assert_eq!(
            config.required_ids().into_iter().collect::<Vec<_>>(),
            ["necessary"]
        );
    }

    #[test]
    fn the_contract_example_is_valid() {
        let json = r#"{
          "revision": 1, "endpoint": "/consent", "languages": ["kk", "ru", "en"],
          "policy_url": { "kk": "/kk/policy", "ru": "/ru/policy", "en": "/en/policy" },
          "policy_version": "2025-06-01",
          "operator": { "name": "Nomapay", "bin": "240740012077",
            "contacts": { "email": "info@nomapay.kz", "phone": "+7 (771) 525-25-26",
                          "address": "Astana, Turan 34v, office 406", "hours": "Mon-Fri 10:00-18:00" },
            "response_days": 30 },
          "cross_border": ["DE", "NL"],
          "categories": [
            { "id": "necessary", "required": true },
            { "id": "preferences" },
            { "id": "analytics", "services": [
              { "id": "google-analytics", "name": "Google Analytics", "provider": "Google LLC", "country": "US",
                "cookies": [ { "name": "_ga", "path": "/", "domain": ".example.kz" } ] } ] },
            { "id": "marketing" } ] }"#;
        let (config, diags) = parse(json);
        assert_eq!(diags, vec![]);
        let config = config.unwrap();
        assert_eq!(
            config.operator.unwrap().bin.as_deref(),
            Some("240740012077")
        );
        assert_eq!(config.policy_url.unwrap().get(Lang::Ru), "/ru/policy");
    }

    #[test]
    fn necessary_is_added_first_and_always_required() {
        let (config, _) =
            parse(r#"{"categories":[{"id":"analytics"},{"id":"necessary","required":true}]}"#);
        let config = config.unwrap();
        assert_eq!(config.categories[0].id, "necessary");
        assert!(config.categories[0].is_required());
        let (config, _) = parse(r#"{"categories":[{"id":"marketing"}]}"#);
        let ids: Vec<_> = config
            .unwrap()
            .categories
            .iter()
            .map(|c| c.id.clone())
            .collect();
        assert_eq!(ids, ["necessary", "marketing"]);
        let e = errors(r#"{"categories":[{"id":"necessary","required":false}]}"#);
        assert_eq!(e[0].path, "categories[0].required");
    }

    #[test]
    fn type_errors_name_the_path() {
        let e = errors(r#"{"revision": "two"}"#);
        assert_eq!(e[0].path, "revision");
        let e = errors(r#"{"revision": -1}"#);
        assert_eq!(e[0].path, "revision");
        let e = errors(r#"{"language": "de"}"#);
        assert_eq!(e[0].path, "language");
        assert!(e[0].message.contains("de"), "{}", e[0].message);
        let e = errors(
            r#"{"categories": [{"id": "necessary"}, {"id": "analytics", "services": [{"id": "ga", "cookies": [{"name": 5}]}]}]}"#,
        );
        assert_eq!(e[0].path, "categories[1].services[0].cookies[0].name");
        let e = errors(r#"{"policy_url": {"de": "/x"}}"#);
        assert_eq!(e[0].path, "policy_url");
        assert!(e[0].message.contains("unknown language `de`"));
    }

    #[test]
    fn value_errors_name_the_path() {
        assert_eq!(
            errors(r#"{"operator": {"name": "X", "bin": "12345"}}"#)[0].path,
            "operator.bin"
        );
        assert_eq!(
            errors(r#"{"cross_border": ["DE", "germany"]}"#)[0].path,
            "cross_border[1]"
        );
        assert_eq!(
            errors(r#"{"endpoint": "javascript:alert(1)"}"#)[0].path,
            "endpoint"
        );
        assert_eq!(
            errors(r#"{"policy_url": "data:text/html,x"}"#)[0].path,
            "policy_url"
        );
        assert_eq!(
            errors(r#"{"cookie": {"name": "bad name"}}"#)[0].path,
            "cookie.name"
        );
        assert_eq!(
            errors(r#"{"categories": [{"id": "Ads!"}]}"#)[0].path,
            "categories[0].id"
        );
        assert_eq!(
            errors(r#"{"categories": [{"id": "a"}, {"id": "a", "name": "A"}]}"#)[0].path,
            "categories[0].name"
        );
        assert_eq!(
            errors(r#"{"categories": [{"id": "analytics", "services": [{"id": "ga", "country": "usa"}]}]}"#)[0].path,
            "categories[0].services[0].country"
        );
        assert_eq!(errors(r#"{"languages": []}"#)[0].path, "languages");
        assert_eq!(
            errors(r#"{"languages": ["ru"], "language": "kk"}"#)[0].path,
            "language"
        );
    }

    #[test]
    fn malformed_json_is_an_error() {
        assert!(!errors("{").is_empty());
        assert!(!errors("[]").is_empty());
        assert!(!errors(r#"{} trailing"#).is_empty());
        assert!(!errors("").is_empty());
    }

    #[test]
    fn unknown_keys_are_warnings_with_paths() {
        let (config, diags) = parse(
            r#"{"revison": 2, "operator": {"name": "X", "fax": "1"}, "texts": {"nope": "x"},
                "categories": [{"id": "necessary"}, {"id": "analytics", "colour": "red"}]}"#,
        );
        assert!(config.is_ok());
        let paths: Vec<_> = diags.iter().map(|d| (d.level, d.path.as_str())).collect();
        assert!(paths.contains(&(Level::Warning, "revison")), "{paths:?}");
        assert!(
            paths.contains(&(Level::Warning, "operator.fax")),
            "{paths:?}"
        );
        assert!(paths.contains(&(Level::Warning, "texts.nope")), "{paths:?}");
        assert!(
            paths.contains(&(Level::Warning, "categories[1].colour")),
            "{paths:?}"
        );
        assert!(diags[0]
            .to_string()
            .starts_with("kelisim: configuration unknown key `"));
    }

    #[test]
    fn safe_urls() {
        for ok in [
            "/policy",
            "https://a.kz/p",
            "HTTP://a.kz",
            "policy.html",
            "?x=1",
            "#top",
            "//cdn.kz/p",
        ] {
            assert!(is_safe_url(ok), "{ok}");
        }
        for bad in [
            "javascript:alert(1)",
            "JavaScript:x",
            "data:x",
            "vbscript:x",
            "",
            " /x",
            "mailto:a@b",
        ] {
            assert!(!is_safe_url(bad), "{bad}");
        }
    }

    #[test]
    fn text_falls_back_to_kazakh_first() {
        let (config, _) = parse(r#"{"texts": {"banner-title": {"ru": "Куки", "kk": "Cookie"}}}"#);
        let text = &config.unwrap().texts["banner-title"];
        assert_eq!(text.get(Lang::Ru), "Куки");
        assert_eq!(text.get(Lang::En), "Cookie");
    }
}
