//! The site owner's configuration: its shape and defaults ([`Config`]), how it is read from
//! JSON ([`mod@read`]) and checked ([`validate`]).
//!
//! [`read::read`] walks any parsed JSON (a `serde_json::Value` natively, the browser's own
//! `JSON.parse` result in both WebAssembly bundles, through the [`read::Json`] trait) into a
//! [`Config`] and lists [`Diagnostic`]s: an unknown key (or a missing BIN, a text for no message)
//! is a warning, an invalid value is an error naming the key's path (`categories[2].services[0].country`). Any error means the configuration
//! is not used and the banner fails closed. Every human-readable value is a [`Text`]: a plain
//! string or one string per language; it is shown as text, never as HTML. The first layer and the
//! Leptos app run this same code on the same text, so they always agree.

pub mod forms;
pub mod read;
pub mod validate;

use crate::ids::Ids;
use crate::lang::Lang;
use std::fmt;

pub use read::read;
pub use validate::{iframe_src, is_identifier, is_safe_url};

/// The categories every configuration has unless it lists its own.
pub const DEFAULT_CATEGORIES: [&str; 4] = ["necessary", "preferences", "analytics", "marketing"];
/// The category that is always there and always on.
pub const NECESSARY: &str = "necessary";

/// A human-readable value: one string for every language, or one per language.
#[derive(Clone, Debug, PartialEq)]
pub enum Text {
    /// The same text whatever the language.
    Plain(String),
    /// A text per language, in the order of [`Lang::ALL`] (`texts[lang as usize]`); missing
    /// languages fall back to Kazakh, then Russian, then English. An array rather than a
    /// `BTreeMap<Lang, String>`: the map's code cost the first layer 0.6 KB brotli.
    PerLanguage([Option<String>; 3]),
}

impl Text {
    /// The text in `lang`, or in the first of kk, ru, en that it has.
    pub fn get(&self, lang: Lang) -> &str {
        match self {
            Text::Plain(s) => s,
            Text::PerLanguage(texts) => texts[lang as usize]
                .as_ref()
                .or_else(|| texts.iter().flatten().next())
                .map_or("", String::as_str),
        }
    }

    /// Every language's text.
    pub fn values(&self) -> Vec<&str> {
        match self {
            Text::Plain(s) => vec![s],
            Text::PerLanguage(texts) => {
                let mut out = Vec::new();
                for text in texts.iter().flatten() {
                    out.push(text.as_str());
                }
                out
            }
        }
    }
}

/// The configuration's overrides of interface messages, by Fluent id: a map kept as a `Vec`
/// sorted by id, each id once. A `BTreeMap<String, Text>` cost the first layer 0.9 KB brotli.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct Texts(Vec<(String, Text)>);

impl Texts {
    /// The override of message `id`.
    pub fn get(&self, id: &str) -> Option<&Text> {
        let i = self.find(id).ok()?;
        Some(&self.0[i].1)
    }

    /// Sets the override of message `id`, replacing an earlier one.
    pub fn insert(&mut self, id: String, text: Text) {
        match self.find(&id) {
            Ok(i) => self.0[i].1 = text,
            Err(i) => self.0.insert(i, (id, text)),
        }
    }

    /// The ids, sorted.
    pub fn keys(&self) -> impl Iterator<Item = &str> {
        self.0.iter().map(|(id, _)| id.as_str())
    }

    /// Whether there is no override.
    pub fn is_empty(&self) -> bool {
        self.0.is_empty()
    }

    fn find(&self, id: &str) -> Result<usize, usize> {
        self.0.binary_search_by(|(k, _)| k.as_str().cmp(id))
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
    pub texts: Texts,
    /// The small button that reopens the settings after a choice.
    pub floating_button: FloatingButton,
    /// Reload the page after a withdrawal (`withdraw()`, or the Withdraw button), so scripts that
    /// already ran stop.
    pub reload_on_withdraw: bool,
    /// Google Consent Mode v2: the consent types each category grants (read by the loader), as
    /// `(category, types)` sorted by category, each category once.
    /// A sorted `Vec` rather than a `BTreeMap`: the first layer only validates it, and the map's
    /// code cost it 0.8 KB brotli.
    pub consent_mode: Vec<(String, Vec<String>)>,
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

/// The Consent Mode type that is always granted (security is never refused).
pub const ALWAYS_GRANTED_TYPE: &str = "security_storage";

/// The default mapping of categories to Consent Mode types.
pub fn default_consent_mode() -> Vec<(String, Vec<String>)> {
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
    let mut out = Vec::new();
    for (category, types) in pairs {
        let mut owned = Vec::new();
        for t in types {
            owned.push(String::from(*t));
        }
        out.push((category.into(), owned));
    }
    out
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

impl Service {
    /// Takes what the configuration left out from the catalogue, when the id is a catalogue id:
    /// the country and the cookies (by name). Only these cheap facts are copied (the first layer
    /// needs them for its disclosure and for deleting refused cookies); the texts are looked up
    /// when shown ([`Service::title`], [`Service::provider_text`], [`Service::purpose_text`]).
    /// What the configuration states itself wins.
    pub fn inherit(&mut self) {
        let Some((country, cookies)) = crate::catalogue::brief(&self.id) else {
            return;
        };
        if self.country.is_none() {
            self.country = Some(country.into());
        }
        if self.cookies.is_empty() {
            for name in cookies {
                self.cookies.push(ServiceCookie {
                    name: name.into(),
                    path: None,
                    domain: None,
                    lifetime: None,
                    description: None,
                });
            }
        }
    }

    /// Whether the service is a third party's: it names a provider, or it is a catalogue service.
    pub fn is_third_party(&self) -> bool {
        self.provider.is_some() || crate::catalogue::brief(&self.id).is_some()
    }

    /// The catalogue's entry of this service, when its id is a catalogue id.
    pub fn known(&self) -> Option<&'static crate::catalogue::Service> {
        crate::catalogue::by_id(&self.id)
    }

    /// The shown name: the configured one, else the catalogue's, else the id.
    pub fn title(&self) -> Text {
        match (&self.name, crate::catalogue::name(&self.id)) {
            (Some(name), _) => name.clone(),
            (None, Some(known)) => Text::Plain(known.into()),
            (None, None) => Text::Plain(self.id.clone()),
        }
    }

    /// The provider's legal name: the configured one, else the catalogue's (kk, ru, en).
    pub fn provider_text(&self) -> Option<Text> {
        self.provider
            .clone()
            .or_else(|| catalogue_text(&self.id, crate::catalogue::provider))
    }

    /// What it is used for: the configured purpose, else the catalogue's (kk, ru, en).
    pub fn purpose_text(&self) -> Option<Text> {
        self.purpose
            .clone()
            .or_else(|| catalogue_text(&self.id, crate::catalogue::purpose))
    }

    /// How long the cookie `name` lives, in days, by the catalogue (0: until the browser closes).
    pub fn cookie_days(&self, name: &str) -> Option<u32> {
        crate::catalogue::cookie_days(&self.id, name)
    }
}

/// A catalogue text of service `id` in every language.
fn catalogue_text(id: &str, text: fn(Lang, &str) -> Option<&'static str>) -> Option<Text> {
    let texts = Lang::ALL.map(|lang| text(lang, id).map(str::to_owned));
    texts[0].is_some().then_some(Text::PerLanguage(texts))
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

/// The categories of a configuration that names none: [`DEFAULT_CATEGORIES`], `necessary`
/// required.
fn default_categories() -> Vec<Category> {
    let mut out = Vec::new();
    for id in DEFAULT_CATEGORIES {
        out.push(Category {
            id: id.into(),
            required: Some(id == NECESSARY),
            name: None,
            description: None,
            data: None,
            services: Vec::new(),
        });
    }
    out
}

impl Default for Config {
    fn default() -> Self {
        Config {
            revision: 1,
            language: None,
            languages: Lang::ALL.to_vec(),
            categories: default_categories(),
            endpoint: None,
            cookie: CookieConfig::default(),
            operator: None,
            policy_url: None,
            policy_version: None,
            cross_border: Vec::new(),
            published: false,
            texts: Texts::default(),
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
        f.write_str(&self.line())
    }
}

impl Config {
    /// The category with this id.
    pub fn category(&self, id: &str) -> Option<&Category> {
        self.categories.iter().find(|c| c.id == id)
    }

    /// The ids of the categories that cannot be refused.
    pub fn required_ids(&self) -> Ids {
        let mut ids = Ids::new();
        for c in &self.categories {
            if c.is_required() {
                ids.insert(c.id.clone());
            }
        }
        ids
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
                // A catalogue service's texts are shown as the catalogue gives them.
                let name =
                    (s.name.clone()).or_else(|| crate::catalogue::name(&s.id).map(|_| s.title()));
                push(format!("categories[{i}].services[{j}].name"), &name);
                push(
                    format!("categories[{i}].services[{j}].provider"),
                    &s.provider_text(),
                );
                push(
                    format!("categories[{i}].services[{j}].purpose"),
                    &s.purpose_text(),
                );
            }
        }
        out
    }

    /// The distinct third-party providers of the services, in the configuration's order: each
    /// service's own `provider`, else the catalogue's for a catalogue id. Two providers are the
    /// same when their texts are equal in every language, so the record and the preference
    /// center always list the same ones.
    pub fn providers(&self) -> Vec<Text> {
        let mut seen: Vec<Text> = Vec::new();
        for p in self
            .categories
            .iter()
            .flat_map(|c| &c.services)
            .filter_map(Service::provider_text)
        {
            if !seen.contains(&p) {
                seen.push(p);
            }
        }
        seen
    }

    /// Whether any service is a third party's ([`Service::is_third_party`]): what the first
    /// layer says, without the catalogue's texts that [`Config::providers`] reads.
    pub fn has_third_parties(&self) -> bool {
        // Plain loops: the iterator adapters' code cost the first layer more.
        for category in &self.categories {
            for service in &category.services {
                if service.is_third_party() {
                    return true;
                }
            }
        }
        false
    }

    /// The countries the data go to (law 94-V Art. 16): those of `cross_border`, then each
    /// service's country (its own, else the catalogue's) in the configuration's order, each once;
    /// Kazakhstan is not abroad.
    pub fn countries(&self) -> Vec<String> {
        let mut out: Vec<String> = Vec::new();
        let mut add = |c: &String| {
            if c != "KZ" && !out.contains(c) {
                out.push(c.clone());
            }
        };
        for c in &self.cross_border {
            add(c);
        }
        for category in &self.categories {
            for service in &category.services {
                if let Some(c) = &service.country {
                    add(c);
                }
            }
        }
        out
    }

    /// The category a service is held in: the configured category that lists `id`, else, for a
    /// catalogue id, the catalogue's default category.
    pub fn service_category(&self, id: &str) -> Option<&str> {
        (self.categories.iter())
            .find(|c| c.services.iter().any(|s| s.id == id))
            .map(|c| c.id.as_str())
            .or_else(|| crate::catalogue::default_category(id))
    }
}

/// Reads and validates a configuration from JSON text (feature `json`). `Err` when any
/// [`Level::Error`] was found; the diagnostics (warnings included) are returned either way.
///
/// ```
/// let (config, diagnostics) = kelisim::config::parse(r#"{ "revision": 2, "languages": ["kk", "ru"] }"#);
/// let config = config.expect("a valid configuration");
/// assert_eq!(config.revision, 2);
/// assert!(diagnostics.is_empty());
/// assert!(config.category("analytics").is_some()); // the default categories
///
/// // An error names its key, and the whole configuration fails closed.
/// let (config, diagnostics) = kelisim::config::parse(r#"{ "languages": ["kk", "de"] }"#);
/// assert!(config.is_err());
/// assert_eq!(diagnostics[0].path, "languages[1]");
/// ```
#[cfg(feature = "json")]
pub fn parse(json: &str) -> (Result<Config, ()>, Vec<Diagnostic>) {
    match serde_json::from_str::<serde_json::Value>(json) {
        Ok(value) => read(&value),
        Err(e) => (
            Err(()),
            vec![Diagnostic::error(
                String::new(),
                format!("not valid JSON: {e}"),
            )],
        ),
    }
}

/// Validates a configuration built in Rust (e.g. for the Leptos component) by the same rules as
/// [`read()`]; adds `necessary` when missing. `Err` lists the errors.
pub fn check(mut config: Config) -> Result<Config, Vec<Diagnostic>> {
    let mut diagnostics = Vec::new();
    validate::validate(&mut config, &mut diagnostics);
    if diagnostics.iter().any(|d| d.level == Level::Error) {
        Err(diagnostics)
    } else {
        Ok(config)
    }
}

impl Diagnostic {
    /// The console line, as [`Display`](fmt::Display) writes it:
    /// ``kelisim: configuration invalid `path`: message`` for an error, ``kelisim: configuration
    /// warning `path`: message`` for a warning (the message says what: `is not a known key;
    /// ignored`, `is missing: …`). Built without `core::fmt`, which the first-layer bundle does
    /// not carry.
    pub fn line(&self) -> String {
        let kind = if self.level == Level::Error {
            "invalid"
        } else {
            "warning"
        };
        if self.path.is_empty() {
            ["kelisim: configuration ", kind, ": ", &self.message].concat()
        } else {
            [
                "kelisim: configuration ",
                kind,
                " `",
                &self.path,
                "`: ",
                &self.message,
            ]
            .concat()
        }
    }

    /// An error at `path`.
    pub fn error(path: String, message: impl Into<String>) -> Diagnostic {
        Diagnostic {
            level: Level::Error,
            path,
            message: message.into(),
        }
    }

    /// A warning at `path`.
    pub fn warning(path: String, message: impl Into<String>) -> Diagnostic {
        Diagnostic {
            level: Level::Warning,
            path,
            message: message.into(),
        }
    }
}

/// The errors of a configuration that must fail (for the tests of `read` and `validate`).
#[cfg(test)]
fn errors(json: &str) -> Vec<Diagnostic> {
    let (result, diags) = parse(json);
    assert!(result.is_err(), "expected an error for {json}");
    diags
        .into_iter()
        .filter(|d| d.level == Level::Error)
        .collect()
}
