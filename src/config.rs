//! The site owner's configuration: its shape, its defaults and its validation.
//!
//! [`parse`] reads the JSON of `<script id="kelisim-config">` (or of the loader's `data-config`
//! URL) into a [`Config`] and lists [`Diagnostic`]s: an unknown key is a warning, an invalid value
//! is an error naming the key's path (`categories[2].services[0].country`). Any error means the
//! configuration is not used and the banner fails closed. Every human-readable value is a
//! [`Text`]: a plain string or one string per language; it is shown as text, never as HTML.
//!
//! The JSON is parsed into a `serde_json::Value` and read by a small walker ([`Reader`]) rather
//! than by derived `Deserialize` impls: one code path gives key paths, unknown-key warnings and
//! value checks, and it costs the WebAssembly bundle a fraction of the bytes (see the README).

use crate::i18n::Lang;
use serde_json::{Map, Value};
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

    /// Every language's text.
    pub fn values(&self) -> Vec<&str> {
        match self {
            Text::Plain(s) => vec![s],
            Text::PerLanguage(map) => map.values().map(String::as_str).collect(),
        }
    }
}

/// The whole configuration. Every key is optional; see the README for each.
#[derive(Clone, Debug)]
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
    /// Whether the personal data are published (law 94-V Art. 8(4)).
    pub published: bool,
    /// Overrides of any interface message, by its Fluent id.
    pub texts: BTreeMap<String, Text>,
    /// The small button that reopens the settings after a choice.
    pub floating_button: FloatingButton,
    /// Reload the page after a withdrawal or refusal, so scripts that already ran stop.
    pub reload_on_withdraw: bool,
    /// Google Consent Mode v2: the consent types each category grants (read by the loader).
    pub consent_mode: BTreeMap<String, Vec<String>>,
    /// The categories that a Global Privacy Control signal refuses (sale or sharing).
    pub gpc_categories: Vec<String>,
}

/// The consent types of Google Consent Mode v2.
pub const CONSENT_TYPES: [&str; 7] = [
    "ad_storage",
    "ad_user_data",
    "ad_personalization",
    "analytics_storage",
    "functionality_storage",
    "personalization_storage",
    "security_storage",
];

/// The default mapping of categories to Consent Mode types.
pub fn default_consent_mode() -> BTreeMap<String, Vec<String>> {
    let pairs: [(&str, &[&str]); 3] = [
        ("analytics", &["analytics_storage"]),
        (
            "marketing",
            &["ad_storage", "ad_user_data", "ad_personalization"],
        ),
        (
            "preferences",
            &["functionality_storage", "personalization_storage"],
        ),
    ];
    pairs
        .iter()
        .map(|(c, t)| (c.to_string(), t.iter().map(|s| s.to_string()).collect()))
        .collect()
}

/// The floating button that reopens the settings after a choice.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct FloatingButton {
    /// Shown at all (default: yes).
    pub enabled: bool,
    /// `bottom-left` (default), `bottom-right`, `top-left` or `top-right`.
    pub corner: String,
}

impl Default for FloatingButton {
    fn default() -> Self {
        FloatingButton {
            enabled: true,
            corner: "bottom-left".into(),
        }
    }
}

/// The corners the floating button may sit in.
pub const CORNERS: [&str; 4] = ["bottom-left", "bottom-right", "top-left", "top-right"];

/// A category of cookies and processing.
#[derive(Clone, Debug)]
pub struct Category {
    /// Identifier: lowercase letters, digits, `-` and `_`.
    pub id: String,
    /// Always on; the visitor cannot refuse it (`necessary` always is).
    pub required: Option<bool>,
    /// Its name (built-in categories have one in the locales).
    pub name: Option<Text>,
    /// What it is for (built-in categories have one in the locales).
    pub description: Option<Text>,
    /// The personal data it collects (law 94-V Art. 8(4): the list of data).
    pub data: Option<Text>,
    /// The services that use it.
    pub services: Vec<Service>,
}

impl Category {
    /// Whether the visitor cannot refuse it.
    pub fn is_required(&self) -> bool {
        self.id == NECESSARY || self.required == Some(true)
    }
}

/// A third-party or own service within a category.
#[derive(Clone, Debug)]
pub struct Service {
    /// Identifier, unique in the configuration.
    pub id: String,
    /// Shown name.
    pub name: Option<Text>,
    /// The company providing it.
    pub provider: Option<Text>,
    /// Why it is used.
    pub purpose: Option<Text>,
    /// Where its data go (ISO 3166-1 alpha-2).
    pub country: Option<String>,
    /// The cookies it sets.
    pub cookies: Vec<ServiceCookie>,
}

/// A cookie set by a service.
#[derive(Clone, Debug)]
pub struct ServiceCookie {
    /// Its name; a trailing `*` matches any suffix (`_ga_*`).
    pub name: String,
    /// Its path (default `/`).
    pub path: Option<String>,
    /// Its domain, e.g. `.example.kz` for the parent domain.
    pub domain: Option<String>,
    /// How long it lives, as text.
    pub lifetime: Option<Text>,
    /// What it does.
    pub description: Option<Text>,
}

/// The consent cookie's name and domain.
#[derive(Clone, Debug)]
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
#[derive(Clone, Debug)]
pub struct Operator {
    /// Legal name.
    pub name: Text,
    /// Business identification number: 12 digits.
    pub bin: Option<String>,
    /// How to reach the operator about personal data.
    pub contacts: Contacts,
    /// Days within which requests are answered.
    pub response_days: Option<u32>,
}

/// How to reach the operator.
#[derive(Clone, Debug, Default)]
pub struct Contacts {
    /// E-mail address.
    pub email: Option<String>,
    /// Telephone.
    pub phone: Option<String>,
    /// Postal address.
    pub address: Option<Text>,
    /// Office hours.
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
                    data: None,
                    services: Vec::new(),
                })
                .collect(),
            endpoint: None,
            cookie: CookieConfig::default(),
            operator: None,
            policy_url: None,
            policy_version: None,
            cross_border: Vec::new(),
            published: false,
            texts: BTreeMap::new(),
            floating_button: FloatingButton::default(),
            reload_on_withdraw: false,
            consent_mode: default_consent_mode(),
            gpc_categories: vec!["marketing".into()],
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

    /// Every configuration text the visitor may see, in `lang`, as `(path, text)` in a fixed
    /// order (part of the texts' SHA-256 in the consent record).
    pub fn shown_texts(&self, lang: Lang) -> Vec<(String, String)> {
        let mut out = Vec::new();
        let mut push = |path: String, text: &Option<Text>| {
            if let Some(t) = text {
                out.push((path, t.get(lang).to_owned()));
            }
        };
        if let Some(op) = &self.operator {
            push("operator.name".into(), &Some(op.name.clone()));
            push("operator.contacts.address".into(), &op.contacts.address);
            push("operator.contacts.hours".into(), &op.contacts.hours);
        }
        push("policy_url".into(), &self.policy_url);
        for (i, c) in self.categories.iter().enumerate() {
            push(format!("categories[{i}].name"), &c.name);
            push(format!("categories[{i}].description"), &c.description);
            push(format!("categories[{i}].data"), &c.data);
            for (j, s) in c.services.iter().enumerate() {
                push(format!("categories[{i}].services[{j}].name"), &s.name);
                push(
                    format!("categories[{i}].services[{j}].provider"),
                    &s.provider,
                );
                push(format!("categories[{i}].services[{j}].purpose"), &s.purpose);
            }
        }
        out
    }

    /// The ids of every category.
    pub fn all_ids(&self) -> BTreeSet<String> {
        self.categories.iter().map(|c| c.id.clone()).collect()
    }
}

/// Reads and validates a configuration. `Err` when any [`Level::Error`] was found; the
/// diagnostics (warnings included) are returned either way.
pub fn parse(json: &str) -> (Result<Config, ()>, Vec<Diagnostic>) {
    let mut rd = Reader::default();
    let value: Value = match serde_json::from_str(json) {
        Ok(v) => v,
        Err(e) => {
            rd.error("", format!("not valid JSON: {e}"));
            return (Err(()), rd.diagnostics);
        }
    };
    let mut config = Config::default();
    if let Some(map) = rd.object(&value, "") {
        rd.read_config(map, &mut config);
    }
    if !rd.failed() {
        validate(&mut config, &mut rd.diagnostics);
    }
    if rd.failed() {
        (Err(()), rd.diagnostics)
    } else {
        (Ok(config), rd.diagnostics)
    }
}

/// Validates a configuration built in Rust (e.g. for the Leptos component) by the same rules as
/// [`parse`]; adds `necessary` when missing. `Err` lists the errors.
pub fn check(mut config: Config) -> Result<Config, Vec<Diagnostic>> {
    let mut diagnostics = Vec::new();
    validate(&mut config, &mut diagnostics);
    if diagnostics.iter().any(|d| d.level == Level::Error) {
        Err(diagnostics)
    } else {
        Ok(config)
    }
}

fn join(path: &str, key: &str) -> String {
    if path.is_empty() {
        key.to_owned()
    } else {
        format!("{path}.{key}")
    }
}

fn kind(v: &Value) -> &'static str {
    match v {
        Value::Null => "null",
        Value::Bool(_) => "a boolean",
        Value::Number(_) => "a number",
        Value::String(_) => "a string",
        Value::Array(_) => "an array",
        Value::Object(_) => "an object",
    }
}

/// Walks a JSON value, converting it to typed values and collecting diagnostics with key paths.
#[derive(Default)]
struct Reader {
    diagnostics: Vec<Diagnostic>,
}

impl Reader {
    fn failed(&self) -> bool {
        self.diagnostics.iter().any(|d| d.level == Level::Error)
    }

    fn error(&mut self, path: &str, message: impl Into<String>) {
        self.diagnostics.push(error(path.to_owned(), message));
    }

    fn expected<T>(&mut self, path: &str, what: &str, found: &Value) -> Option<T> {
        self.error(path, format!("expected {what}, found {}", kind(found)));
        None
    }

    fn object<'v>(&mut self, v: &'v Value, path: &str) -> Option<&'v Map<String, Value>> {
        match v {
            Value::Object(map) => Some(map),
            other => self.expected(path, "an object `{ … }`", other),
        }
    }

    /// Warns about the keys of `map` that are not in `known`.
    fn known(&mut self, map: &Map<String, Value>, path: &str, known: &[&str]) {
        for key in map.keys().filter(|k| !known.contains(&k.as_str())) {
            self.diagnostics.push(Diagnostic {
                level: Level::Warning,
                path: join(path, key),
                message: "is not a known key; ignored".into(),
            });
        }
    }

    fn array<'v>(&mut self, v: &'v Value, path: &str) -> Option<&'v [Value]> {
        match v {
            Value::Array(items) => Some(items),
            other => self.expected(path, "an array `[ … ]`", other),
        }
    }

    fn string(&mut self, v: &Value, path: &str) -> Option<String> {
        match v {
            Value::String(s) => Some(s.clone()),
            other => self.expected(path, "a string", other),
        }
    }

    fn boolean(&mut self, v: &Value, path: &str) -> Option<bool> {
        match v {
            Value::Bool(b) => Some(*b),
            other => self.expected(path, "true or false", other),
        }
    }

    fn uint(&mut self, v: &Value, path: &str) -> Option<u32> {
        match v.as_u64().and_then(|n| u32::try_from(n).ok()) {
            Some(n) => Some(n),
            None => self.expected(path, "a whole number from 0 to 4294967295", v),
        }
    }

    fn lang(&mut self, v: &Value, path: &str) -> Option<Lang> {
        let code = self.string(v, path)?;
        let lang = Lang::from_code(&code);
        if lang.is_none() {
            self.error(
                path,
                format!("unknown language `{code}`, expected kk, ru or en"),
            );
        }
        lang
    }

    /// A plain string, or an object of strings keyed by kk, ru, en.
    fn text(&mut self, v: &Value, path: &str) -> Option<Text> {
        match v {
            Value::String(s) => Some(Text::Plain(s.clone())),
            Value::Object(map) if !map.is_empty() => {
                let mut out = BTreeMap::new();
                for (key, value) in map {
                    let p = join(path, key);
                    let Some(lang) = Lang::from_code(key) else {
                        self.error(
                            &p,
                            format!("unknown language `{key}`, expected kk, ru or en"),
                        );
                        return None;
                    };
                    out.insert(lang, self.string(value, &p)?);
                }
                Some(Text::PerLanguage(out))
            }
            other => self.expected(
                path,
                "a string or an object of strings keyed by kk, ru, en",
                other,
            ),
        }
    }

    /// An array whose items are read by `item`.
    fn list<T>(
        &mut self,
        v: &Value,
        path: &str,
        mut item: impl FnMut(&mut Self, &Value, &str) -> Option<T>,
    ) -> Vec<T> {
        let Some(items) = self.array(v, path) else {
            return Vec::new();
        };
        items
            .iter()
            .enumerate()
            .filter_map(|(i, v)| item(self, v, &format!("{path}[{i}]")))
            .collect()
    }

    /// Key `key` of `map` read by `read`, with its path under `path`.
    fn get<'m, T>(
        &mut self,
        map: &'m Map<String, Value>,
        path: &str,
        key: &str,
        read: impl FnOnce(&mut Self, &'m Value, &str) -> Option<T>,
    ) -> Option<T> {
        map.get(key).and_then(|v| read(self, v, &join(path, key)))
    }

    /// Like [`Reader::get`], but the key must be there.
    fn need<'m, T>(
        &mut self,
        map: &'m Map<String, Value>,
        path: &str,
        key: &str,
        read: impl FnOnce(&mut Self, &'m Value, &str) -> Option<T>,
    ) -> Option<T> {
        if !map.contains_key(key) {
            self.error(&join(path, key), "is missing");
        }
        self.get(map, path, key, read)
    }

    /// Key `key` of `map` as a list read item by item with `item`; empty when absent.
    fn get_list<T>(
        &mut self,
        map: &Map<String, Value>,
        path: &str,
        key: &str,
        item: impl FnMut(&mut Self, &Value, &str) -> Option<T>,
    ) -> Vec<T> {
        match map.get(key) {
            Some(v) => self.list(v, &join(path, key), item),
            None => Vec::new(),
        }
    }

    fn read_config(&mut self, map: &Map<String, Value>, c: &mut Config) {
        self.known(
            map,
            "",
            &[
                "revision",
                "language",
                "languages",
                "categories",
                "endpoint",
                "cookie",
                "operator",
                "policy_url",
                "policy_version",
                "cross_border",
                "published",
                "texts",
                "floating_button",
                "reload_on_withdraw",
                "consent_mode",
                "gpc_categories",
            ],
        );
        let root = "";
        c.revision = self
            .get(map, root, "revision", Self::uint)
            .unwrap_or(c.revision);
        c.language = self.get(map, root, "language", Self::lang);
        if let Some(langs) = self.get(map, root, "languages", |r, v, p| {
            Some(r.list(v, p, Self::lang))
        }) {
            c.languages = langs;
        }
        if let Some(cats) = self.get(map, root, "categories", |r, v, p| {
            Some(r.list(v, p, Self::category))
        }) {
            c.categories = cats;
        }
        c.endpoint = self.get(map, root, "endpoint", Self::string);
        if let Some(m) = self.get(map, root, "cookie", |r, v, p| r.object(v, p)) {
            self.known(m, "cookie", &["name", "domain"]);
            if let Some(name) = self.get(m, "cookie", "name", Self::string) {
                c.cookie.name = name;
            }
            c.cookie.domain = self.get(m, "cookie", "domain", Self::string);
        }
        c.operator = self.get(map, root, "operator", Self::operator);
        c.policy_url = self.get(map, root, "policy_url", Self::text);
        c.policy_version = self.get(map, root, "policy_version", Self::string);
        c.cross_border = self.get_list(map, root, "cross_border", Self::string);
        c.published = self
            .get(map, root, "published", Self::boolean)
            .unwrap_or(false);
        if let Some(m) = self.get(map, root, "texts", |r, v, p| r.object(v, p)) {
            for (id, t) in m {
                if let Some(text) = self.text(t, &join("texts", id)) {
                    c.texts.insert(id.clone(), text);
                }
            }
        }
        match map.get("floating_button") {
            Some(Value::Bool(b)) => c.floating_button.enabled = *b,
            Some(v) => {
                if let Some(m) = self.object(v, "floating_button") {
                    self.known(m, "floating_button", &["enabled", "corner"]);
                    if let Some(b) = self.get(m, "floating_button", "enabled", Self::boolean) {
                        c.floating_button.enabled = b;
                    }
                    if let Some(corner) = self.get(m, "floating_button", "corner", Self::string) {
                        c.floating_button.corner = corner;
                    }
                }
            }
            None => {}
        }
        c.reload_on_withdraw = self
            .get(map, root, "reload_on_withdraw", Self::boolean)
            .unwrap_or(false);
        if let Some(m) = self.get(map, root, "consent_mode", |r, v, p| r.object(v, p)) {
            c.consent_mode = m
                .iter()
                .map(|(cat, v)| {
                    (
                        cat.clone(),
                        self.list(v, &join("consent_mode", cat), Self::string),
                    )
                })
                .collect();
        }
        if let Some(ids) = self.get(map, root, "gpc_categories", |r, v, p| {
            Some(r.list(v, p, Self::string))
        }) {
            c.gpc_categories = ids;
        }
    }

    fn category(&mut self, v: &Value, path: &str) -> Option<Category> {
        let m = self.object(v, path)?;
        self.known(
            m,
            path,
            &["id", "required", "name", "description", "data", "services"],
        );
        Some(Category {
            id: self.need(m, path, "id", Self::string)?,
            required: self.get(m, path, "required", Self::boolean),
            name: self.get(m, path, "name", Self::text),
            description: self.get(m, path, "description", Self::text),
            data: self.get(m, path, "data", Self::text),
            services: self.get_list(m, path, "services", Self::service),
        })
    }

    fn service(&mut self, v: &Value, path: &str) -> Option<Service> {
        let m = self.object(v, path)?;
        self.known(
            m,
            path,
            &["id", "name", "provider", "purpose", "country", "cookies"],
        );
        Some(Service {
            id: self.need(m, path, "id", Self::string)?,
            name: self.get(m, path, "name", Self::text),
            provider: self.get(m, path, "provider", Self::text),
            purpose: self.get(m, path, "purpose", Self::text),
            country: self.get(m, path, "country", Self::string),
            cookies: self.get_list(m, path, "cookies", Self::service_cookie),
        })
    }

    fn service_cookie(&mut self, v: &Value, path: &str) -> Option<ServiceCookie> {
        let m = self.object(v, path)?;
        self.known(
            m,
            path,
            &["name", "path", "domain", "lifetime", "description"],
        );
        Some(ServiceCookie {
            name: self.need(m, path, "name", Self::string)?,
            path: self.get(m, path, "path", Self::string),
            domain: self.get(m, path, "domain", Self::string),
            lifetime: self.get(m, path, "lifetime", Self::text),
            description: self.get(m, path, "description", Self::text),
        })
    }

    fn operator(&mut self, v: &Value, path: &str) -> Option<Operator> {
        let m = self.object(v, path)?;
        self.known(m, path, &["name", "bin", "contacts", "response_days"]);
        let name = self.need(m, path, "name", Self::text)?;
        let mut contacts = Contacts::default();
        let cpath = "operator.contacts";
        if let Some(c) = self.get(m, path, "contacts", |r, v, p| r.object(v, p)) {
            self.known(c, cpath, &["email", "phone", "address", "hours"]);
            contacts.email = self.get(c, cpath, "email", Self::string);
            contacts.phone = self.get(c, cpath, "phone", Self::string);
            contacts.address = self.get(c, cpath, "address", Self::text);
            contacts.hours = self.get(c, cpath, "hours", Self::text);
        }
        Some(Operator {
            name,
            bin: self.get(m, path, "bin", Self::string),
            contacts,
            response_days: self.get(m, path, "response_days", Self::uint),
        })
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
    for (category, types) in &config.consent_mode {
        for (i, t) in types.iter().enumerate() {
            if !CONSENT_TYPES.contains(&t.as_str()) {
                out.push(error(
                    format!("consent_mode.{category}[{i}]"),
                    format!(
                        "`{t}` is not a Consent Mode type: {}",
                        CONSENT_TYPES.join(", ")
                    ),
                ));
            }
        }
    }
    if !CORNERS.contains(&config.floating_button.corner.as_str()) {
        out.push(error(
            "floating_button.corner".into(),
            format!(
                "`{}` is not one of {}",
                config.floating_button.corner,
                CORNERS.join(", ")
            ),
        ));
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
        assert_eq!(e[0].path, "policy_url.de");
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
    fn disclosure_and_button_keys() {
        let (config, diags) = parse(
            r#"{"published": true, "reload_on_withdraw": true, "floating_button": {"corner": "top-right"},
                "categories": [{"id": "analytics", "data": {"kk": "IP мекенжайы", "ru": "IP-адрес"}}]}"#,
        );
        assert_eq!(diags, vec![]);
        let config = config.unwrap();
        assert!(config.published && config.reload_on_withdraw);
        assert_eq!(
            config.floating_button,
            FloatingButton {
                enabled: true,
                corner: "top-right".into()
            }
        );
        assert_eq!(
            config
                .category("analytics")
                .unwrap()
                .data
                .as_ref()
                .unwrap()
                .get(Lang::Ru),
            "IP-адрес"
        );
        let (config, _) = parse(r#"{"floating_button": false}"#);
        assert!(!config.unwrap().floating_button.enabled);
        assert_eq!(
            errors(r#"{"floating_button": {"corner": "middle"}}"#)[0].path,
            "floating_button.corner"
        );
        assert_eq!(errors(r#"{"published": "yes"}"#)[0].path, "published");
        assert_eq!(
            errors(r#"{"consent_mode": {"analytics": ["analytics", "ad_storage"]}}"#)[0].path,
            "consent_mode.analytics[0]"
        );
        let (config, _) = parse(
            r#"{"consent_mode": {"video": ["ad_storage"]}, "gpc_categories": ["marketing", "video"]}"#,
        );
        let config = config.unwrap();
        assert_eq!(config.consent_mode["video"], ["ad_storage"]);
        assert_eq!(config.gpc_categories, ["marketing", "video"]);
        assert_eq!(
            Config::default().consent_mode["marketing"],
            ["ad_storage", "ad_user_data", "ad_personalization"]
        );
        assert_eq!(
            errors(r#"{"categories": [{"required": true}]}"#)[0].path,
            "categories[0].id"
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
