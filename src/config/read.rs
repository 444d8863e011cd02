//! Reading a configuration from parsed JSON: a small walker that converts values to the typed
//! [`Config`], collecting [`Diagnostic`]s with key paths.
//!
//! The walker is generic over [`Json`], what it needs of a parsed value, so the very same code
//! reads a `serde_json::Value` (natively, feature `json`) and the browser's own `JSON.parse`
//! result (in both WebAssembly bundles, `web::json`): the first layer ships no JSON parser.
//! Derived `Deserialize` impls were measured larger (see the README, "Weight") and give neither
//! key paths nor unknown-key warnings.

use super::validate::validate;
use super::{
    Category, Config, Contacts, Diagnostic, Level, Operator, Service, ServiceCookie, Text,
};
use crate::lang::Lang;

/// The kind of a JSON value, for messages.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Kind {
    /// `null`
    Null,
    /// `true` or `false`
    Bool,
    /// A number.
    Number,
    /// A string.
    String,
    /// An array.
    Array,
    /// An object.
    Object,
}

/// What the reader needs of a parsed JSON value.
pub trait Json: Sized {
    /// Its kind.
    fn kind(&self) -> Kind;
    /// The boolean, if it is one.
    fn as_bool(&self) -> Option<bool>;
    /// The number, if it is one.
    fn as_f64(&self) -> Option<f64>;
    /// The string, if it is one.
    fn as_string(&self) -> Option<String>;
    /// The items of an array (empty for anything else).
    fn items(&self) -> Vec<Self>;
    /// The keys and values of an object, in the document's order (empty for anything else).
    fn entries(&self) -> Vec<(String, Self)>;
}

#[cfg(feature = "json")]
impl Json for serde_json::Value {
    fn kind(&self) -> Kind {
        use serde_json::Value;
        match self {
            Value::Null => Kind::Null,
            Value::Bool(_) => Kind::Bool,
            Value::Number(_) => Kind::Number,
            Value::String(_) => Kind::String,
            Value::Array(_) => Kind::Array,
            Value::Object(_) => Kind::Object,
        }
    }
    fn as_bool(&self) -> Option<bool> {
        self.as_bool()
    }
    fn as_f64(&self) -> Option<f64> {
        self.as_f64()
    }
    fn as_string(&self) -> Option<String> {
        self.as_str().map(str::to_owned)
    }
    fn items(&self) -> Vec<Self> {
        self.as_array().cloned().unwrap_or_default()
    }
    fn entries(&self) -> Vec<(String, Self)> {
        self.as_object()
            .map(|m| m.iter().map(|(k, v)| (k.clone(), v.clone())).collect())
            .unwrap_or_default()
    }
}

/// Reads and validates a configuration from a parsed JSON value. `Err` when any
/// [`Level::Error`] was found; the diagnostics (warnings included) are returned either way.
pub fn read<J: Json>(value: &J) -> (Result<Config, ()>, Vec<Diagnostic>) {
    let mut rd = Reader::default();
    let mut config = Config::default();
    if let Some(map) = rd.object(value, "") {
        rd.read_config(&map, &mut config);
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

/// An object's entries.
pub(super) type Map<J> = Vec<(String, J)>;

/// A function that reads a value at a path.
type Read<R, J, T> = fn(&mut R, &J, &str) -> Option<T>;

pub(super) fn lookup<'m, J>(map: &'m Map<J>, key: &str) -> Option<&'m J> {
    map.iter().find(|(k, _)| k == key).map(|(_, v)| v)
}

/// `path.key`, or `key` at the top.
pub(super) fn join(path: &str, key: &str) -> String {
    if path.is_empty() {
        key.to_owned()
    } else {
        let mut p = String::with_capacity(path.len() + 1 + key.len());
        p.push_str(path);
        p.push('.');
        p.push_str(key);
        p
    }
}

/// `path[i]`.
pub(super) fn index(path: &str, i: usize) -> String {
    let mut p = String::with_capacity(path.len() + 4);
    p.push_str(path);
    p.push('[');
    crate::time::push_digits(&mut p, i as i64, 1);
    p.push(']');
    p
}

fn kind<J: Json>(v: &J) -> &'static str {
    match v.kind() {
        Kind::Null => "null",
        Kind::Bool => "a boolean",
        Kind::Number => "a number",
        Kind::String => "a string",
        Kind::Array => "an array",
        Kind::Object => "an object",
    }
}

/// The top-level keys of a configuration.
pub const KEYS: [&str; 17] = [
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
    // Read only by the Leptos app's forms runtime ([`super::forms`]): the first layer skips it.
    "forms",
];

/// Walks a JSON value, converting it to typed values and collecting diagnostics with key paths.
#[derive(Default)]
pub(super) struct Reader {
    pub(super) diagnostics: Vec<Diagnostic>,
}

impl Reader {
    pub(super) fn failed(&self) -> bool {
        self.diagnostics.iter().any(|d| d.level == Level::Error)
    }

    pub(super) fn error(&mut self, path: &str, message: impl Into<String>) {
        self.diagnostics
            .push(Diagnostic::error(path.to_owned(), message));
    }

    fn expected<T, J: Json>(&mut self, path: &str, what: &str, found: &J) -> Option<T> {
        let mut message = String::from("expected ");
        message.push_str(what);
        message.push_str(", found ");
        message.push_str(kind(found));
        self.error(path, message);
        None
    }

    pub(super) fn object<J: Json>(&mut self, v: &J, path: &str) -> Option<Map<J>> {
        match v.kind() {
            Kind::Object => Some(v.entries()),
            _ => self.expected(path, "an object `{ … }`", v),
        }
    }

    /// Warns about the keys of `map` that are not in `known`.
    pub(super) fn known<J>(&mut self, map: &Map<J>, path: &str, known: &[&str]) {
        for (key, _) in map.iter().filter(|(k, _)| !known.contains(&k.as_str())) {
            self.diagnostics.push(Diagnostic::warning(
                join(path, key),
                "is not a known key; ignored",
            ));
        }
    }

    pub(super) fn string<J: Json>(&mut self, v: &J, path: &str) -> Option<String> {
        match v.as_string() {
            Some(s) => Some(s),
            None => self.expected(path, "a string", v),
        }
    }

    pub(super) fn boolean<J: Json>(&mut self, v: &J, path: &str) -> Option<bool> {
        match v.as_bool() {
            Some(b) => Some(b),
            None => self.expected(path, "true or false", v),
        }
    }

    fn uint<J: Json>(&mut self, v: &J, path: &str) -> Option<u32> {
        match v
            .as_f64()
            .filter(|n| n.fract() == 0.0 && *n >= 0.0 && *n <= u32::MAX as f64)
        {
            Some(n) => Some(n as u32),
            None => self.expected(path, "a whole number from 0 to 4294967295", v),
        }
    }

    fn lang<J: Json>(&mut self, v: &J, path: &str) -> Option<Lang> {
        let code = self.string(v, path)?;
        let lang = Lang::from_code(&code);
        if lang.is_none() {
            self.unknown_language(path, &code);
        }
        lang
    }

    fn unknown_language(&mut self, path: &str, code: &str) {
        let mut message = String::from("unknown language `");
        message.push_str(code);
        message.push_str("`, expected kk, ru or en");
        self.error(path, message);
    }

    /// A plain string, or an object of strings keyed by kk, ru, en.
    pub(super) fn text<J: Json>(&mut self, v: &J, path: &str) -> Option<Text> {
        let entries = match v.kind() {
            Kind::String => return v.as_string().map(Text::Plain),
            Kind::Object => v.entries(),
            _ => Vec::new(),
        };
        if entries.is_empty() {
            return self.expected(
                path,
                "a string or an object of strings keyed by kk, ru, en",
                v,
            );
        }
        let mut texts: [Option<String>; 3] = Default::default();
        for (key, value) in &entries {
            let p = join(path, key);
            let Some(lang) = Lang::from_code(key) else {
                self.unknown_language(&p, key);
                return None;
            };
            texts[lang as usize] = Some(self.string(value, &p)?);
        }
        Some(Text::PerLanguage(texts))
    }

    // The readers below take `fn` pointers rather than `impl FnOnce`, and `list` is a plain loop:
    // one copy of each per value type, not per call (383 B brotli less in the first layer).

    /// An array whose items are read by `item`.
    pub(super) fn list<T, J: Json>(&mut self, v: &J, path: &str, item: Read<Self, J, T>) -> Vec<T> {
        let mut out = Vec::new();
        if v.kind() != Kind::Array {
            self.expected::<(), J>(path, "an array `[ … ]`", v);
            return out;
        }
        for (i, v) in v.items().iter().enumerate() {
            if let Some(t) = item(self, v, &index(path, i)) {
                out.push(t);
            }
        }
        out
    }

    /// Key `key` of `map` read by `read`, with its path under `path`.
    pub(super) fn get<T, J: Json>(
        &mut self,
        map: &Map<J>,
        path: &str,
        key: &str,
        read: Read<Self, J, T>,
    ) -> Option<T> {
        lookup(map, key).and_then(|v| read(self, v, &join(path, key)))
    }

    /// Like [`Reader::get`], but the key must be there.
    pub(super) fn need<T, J: Json>(
        &mut self,
        map: &Map<J>,
        path: &str,
        key: &str,
        read: Read<Self, J, T>,
    ) -> Option<T> {
        if lookup(map, key).is_none() {
            self.error(&join(path, key), "is missing");
        }
        self.get(map, path, key, read)
    }

    /// Key `key` of `map` as a list read item by item with `item`; empty when absent.
    pub(super) fn get_list<T, J: Json>(
        &mut self,
        map: &Map<J>,
        path: &str,
        key: &str,
        item: Read<Self, J, T>,
    ) -> Vec<T> {
        match lookup(map, key) {
            Some(v) => self.list(v, &join(path, key), item),
            None => Vec::new(),
        }
    }

    fn read_config<J: Json>(&mut self, map: &Map<J>, c: &mut Config) {
        self.known(map, "", &KEYS);
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
            self.known(&m, "cookie", &["name", "domain"]);
            if let Some(name) = self.get(&m, "cookie", "name", Self::string) {
                c.cookie.name = name;
            }
            c.cookie.domain = self.get(&m, "cookie", "domain", Self::string);
        }
        c.operator = self.get(map, root, "operator", Self::operator);
        c.policy_url = self.get(map, root, "policy_url", Self::text);
        c.policy_version = self.get(map, root, "policy_version", Self::string);
        c.cross_border = self.get_list(map, root, "cross_border", Self::string);
        c.published = self
            .get(map, root, "published", Self::boolean)
            .unwrap_or(false);
        if let Some(m) = self.get(map, root, "texts", |r, v, p| r.object(v, p)) {
            for (id, t) in &m {
                if let Some(text) = self.text(t, &join("texts", id)) {
                    c.texts.insert(id.clone(), text);
                }
            }
        }
        match lookup(map, "floating_button") {
            Some(v) if v.kind() == Kind::Bool => {
                c.floating_button.enabled = v.as_bool().unwrap_or(true)
            }
            Some(v) => {
                if let Some(m) = self.object(v, "floating_button") {
                    self.known(&m, "floating_button", &["enabled", "corner"]);
                    if let Some(b) = self.get(&m, "floating_button", "enabled", Self::boolean) {
                        c.floating_button.enabled = b;
                    }
                    if let Some(corner) = self.get(&m, "floating_button", "corner", Self::string) {
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
            // Sorted by category, each once, as a `BTreeMap` would keep them.
            c.consent_mode = Vec::new();
            for (cat, v) in &m {
                let types = self.list(v, &join("consent_mode", cat), Self::string);
                match c.consent_mode.binary_search_by(|(k, _)| k.cmp(cat)) {
                    Ok(i) => c.consent_mode[i].1 = types,
                    Err(i) => c.consent_mode.insert(i, (cat.clone(), types)),
                }
            }
        }
        if let Some(ids) = self.get(map, root, "gpc_categories", |r, v, p| {
            Some(r.list(v, p, Self::string))
        }) {
            c.gpc_categories = ids;
        }
    }

    fn category<J: Json>(&mut self, v: &J, path: &str) -> Option<Category> {
        let m = self.object(v, path)?;
        self.known(
            &m,
            path,
            &["id", "required", "name", "description", "data", "services"],
        );
        Some(Category {
            id: self.need(&m, path, "id", Self::string)?,
            required: self.get(&m, path, "required", Self::boolean),
            name: self.get(&m, path, "name", Self::text),
            description: self.get(&m, path, "description", Self::text),
            data: self.get(&m, path, "data", Self::text),
            services: self.get_list(&m, path, "services", Self::service),
        })
    }

    fn service<J: Json>(&mut self, v: &J, path: &str) -> Option<Service> {
        let m = self.object(v, path)?;
        self.known(
            &m,
            path,
            &["id", "name", "provider", "purpose", "country", "cookies"],
        );
        Some(Service {
            id: self.need(&m, path, "id", Self::string)?,
            name: self.get(&m, path, "name", Self::text),
            provider: self.get(&m, path, "provider", Self::text),
            purpose: self.get(&m, path, "purpose", Self::text),
            country: self.get(&m, path, "country", Self::string),
            cookies: self.get_list(&m, path, "cookies", Self::service_cookie),
        })
    }

    fn service_cookie<J: Json>(&mut self, v: &J, path: &str) -> Option<ServiceCookie> {
        let m = self.object(v, path)?;
        self.known(
            &m,
            path,
            &["name", "path", "domain", "lifetime", "description"],
        );
        Some(ServiceCookie {
            name: self.need(&m, path, "name", Self::string)?,
            path: self.get(&m, path, "path", Self::string),
            domain: self.get(&m, path, "domain", Self::string),
            lifetime: self.get(&m, path, "lifetime", Self::text),
            description: self.get(&m, path, "description", Self::text),
        })
    }

    fn operator<J: Json>(&mut self, v: &J, path: &str) -> Option<Operator> {
        let m = self.object(v, path)?;
        self.known(&m, path, &["name", "bin", "contacts", "response_days"]);
        let name = self.need(&m, path, "name", Self::text)?;
        let mut contacts = Contacts::default();
        let cpath = "operator.contacts";
        if let Some(c) = self.get(&m, path, "contacts", |r, v, p| r.object(v, p)) {
            self.known(&c, cpath, &["email", "phone", "address", "hours"]);
            contacts.email = self.get(&c, cpath, "email", Self::string);
            contacts.phone = self.get(&c, cpath, "phone", Self::string);
            contacts.address = self.get(&c, cpath, "address", Self::text);
            contacts.hours = self.get(&c, cpath, "hours", Self::text);
        }
        Some(Operator {
            name,
            bin: self.get(&m, path, "bin", Self::string),
            contacts,
            response_days: self.get(&m, path, "response_days", Self::uint),
        })
    }
}

#[cfg(test)]
mod tests {
    use crate::config::*;
    use crate::lang::Lang;

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
        assert_eq!(
            diags[0].to_string(),
            "kelisim: configuration warning `revison`: is not a known key; ignored"
        );
    }

    #[test]
    fn per_language_texts_are_in_the_order_of_lang_all() {
        for (i, lang) in Lang::ALL.into_iter().enumerate() {
            assert_eq!(lang as usize, i);
        }
        let (config, _) = parse(r#"{"policy_url": {"en": "/en", "kk": "/kk"}}"#);
        assert_eq!(config.unwrap().policy_url.unwrap().values(), ["/kk", "/en"]);
    }

    #[test]
    fn texts_are_kept_by_id() {
        let mut texts = Texts::default();
        assert!(texts.is_empty());
        texts.insert("b".into(), Text::Plain("1".into()));
        texts.insert("a".into(), Text::Plain("2".into()));
        texts.insert("b".into(), Text::Plain("3".into()));
        assert_eq!(texts.keys().collect::<Vec<_>>(), ["a", "b"]);
        assert_eq!(texts.get("b"), Some(&Text::Plain("3".into())));
        assert_eq!(texts.get("c"), None);
    }

    #[test]
    fn text_falls_back_to_kazakh_first() {
        let (config, _) = parse(r#"{"texts": {"banner-title": {"ru": "Куки", "kk": "Cookie"}}}"#);
        let config = config.unwrap();
        let text = config.texts.get("banner-title").unwrap();
        assert_eq!(text.get(Lang::Ru), "Куки");
        assert_eq!(text.get(Lang::En), "Cookie");
    }
}
