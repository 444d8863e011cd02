//! The rules a configuration must follow beyond its JSON shape: identifiers, links, cookie
//! names and domains, countries, the operator's BIN and e-mail, Consent Mode types; and the
//! `necessary` category always first and always on. A service named by a catalogue id takes the
//! facts it leaves out from the catalogue here ([`super::Service::inherit`]).
//!
//! Messages are built with `concat`, not `format!`: this runs in the first-layer bundle, where
//! `core::fmt` (`fmt::write`, `Formatter::pad`, integer `Display`) cost 1.35 KB brotli.

use super::read::{index, join};
use super::{Config, Diagnostic, CONSENT_TYPES, CORNERS, DEFAULT_CATEGORIES, NECESSARY};

fn error(path: String, message: impl Into<String>) -> Diagnostic {
    Diagnostic::error(path, message)
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

/// The `src` a gated iframe may get from its `data-kelisim-src` (leading and trailing spaces and
/// control characters dropped, as browsers do), or `None` when it is not an http(s) URL or a path
/// ([`is_safe_url`]): a `javascript:` or `data:` URL never becomes an iframe's `src`.
pub fn iframe_src(raw: &str) -> Option<&str> {
    let url = raw.trim_matches(|c: char| c <= ' ');
    is_safe_url(url).then_some(url)
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

pub(super) fn is_country(s: &str) -> bool {
    s.len() == 2 && s.bytes().all(|b| b.is_ascii_uppercase())
}

/// Checks a configuration read by [`super::read()`] (or built in Rust, via [`super::check()`]) by
/// the rules above, pushing one [`Diagnostic`] per problem, with its key path, to `out`.
pub fn validate(config: &mut Config, out: &mut Vec<Diagnostic>) {
    if config.languages.is_empty() {
        out.push(error(
            "languages".into(),
            "needs at least one of kk, ru, en",
        ));
    }
    for (i, lang) in config.languages.iter().enumerate() {
        if config.languages[..i].contains(lang) {
            out.push(error(
                index("languages", i),
                ["`", lang.code(), "` is listed twice"].concat(),
            ));
        }
    }
    if let Some(lang) = config.language {
        if !config.languages.contains(&lang) {
            out.push(error(
                "language".into(),
                ["`", lang.code(), "` is not in `languages`"].concat(),
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
                ["`", domain, "` is not a domain name"].concat(),
            ));
        }
    }
    if let Some(op) = &config.operator {
        if let Some(bin) = &op.bin {
            if bin.len() != 12 || !bin.bytes().all(|b| b.is_ascii_digit()) {
                out.push(error(
                    "operator.bin".into(),
                    ["`", bin, "` is not a BIN: 12 digits"].concat(),
                ));
            }
        } else {
            // Law 94-V Art. 8(4): a consent names the operator and its BIN. Not an error: some
            // operators' policies state none, and the banner must not invent one.
            out.push(Diagnostic::warning(
                "operator.bin".into(),
                "is missing: law 94-V Art. 8(4) asks a consent to name the operator's BIN",
            ));
        }
        if let Some(email) = &op.contacts.email {
            if !email.contains('@') || email.contains(char::is_whitespace) {
                out.push(error(
                    "operator.contacts.email".into(),
                    ["`", email, "` is not an e-mail address"].concat(),
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
                index("cross_border", i),
                ["`", c, "` is not an ISO 3166-1 alpha-2 code such as DE"].concat(),
            ));
        }
    }
    for (category, types) in &config.consent_mode {
        for (i, t) in types.iter().enumerate() {
            if !CONSENT_TYPES.contains(&t.as_str()) {
                out.push(error(
                    index(&join("consent_mode", category), i),
                    [
                        "`",
                        t,
                        "` is not a Consent Mode type: ",
                        &crate::text::join(&CONSENT_TYPES, ", "),
                    ]
                    .concat(),
                ));
            }
        }
    }
    if !CORNERS.contains(&config.floating_button.corner.as_str()) {
        out.push(error(
            "floating_button.corner".into(),
            [
                "`",
                &config.floating_button.corner,
                "` is not one of ",
                &crate::text::join(&CORNERS, ", "),
            ]
            .concat(),
        ));
    }
    for id in config.texts.keys() {
        if crate::i18n::find(id).is_none() {
            out.push(Diagnostic::warning(
                join("texts", id),
                "is not a message id; ignored",
            ));
        }
    }
}

fn validate_categories(config: &mut Config, out: &mut Vec<Diagnostic>) {
    // A catalogue id inherits what the configuration left out (then its facts are checked
    // like the configuration's own).
    for category in &mut config.categories {
        for service in &mut category.services {
            service.inherit();
        }
    }
    // Duplicates are found with `Vec`s: these lists are short, and a `BTreeSet` costs the first
    // layer its code.
    let mut services: Vec<&str> = Vec::new();
    for (i, cat) in config.categories.iter().enumerate() {
        let path = index("categories", i);
        if !is_identifier(&cat.id) {
            out.push(error(
                join(&path, "id"),
                ["`", &cat.id, "` is not an identifier: a-z, 0-9, - and _"].concat(),
            ));
        }
        if config.categories[..i].iter().any(|c| c.id == cat.id) {
            out.push(error(
                join(&path, "id"),
                ["`", &cat.id, "` is listed twice"].concat(),
            ));
        }
        if cat.id == NECESSARY && cat.required == Some(false) {
            // `required: false` written out is a contradiction; absent means the default.
            out.push(error(
                join(&path, "required"),
                "`necessary` is always required",
            ));
        }
        if cat.name.is_none() && !DEFAULT_CATEGORIES.contains(&cat.id.as_str()) {
            out.push(error(
                join(&path, "name"),
                ["category `", &cat.id, "` needs a name"].concat(),
            ));
        }
        for (j, svc) in cat.services.iter().enumerate() {
            let path = index(&join(&path, "services"), j);
            if !is_identifier(&svc.id) {
                out.push(error(
                    join(&path, "id"),
                    ["`", &svc.id, "` is not an identifier"].concat(),
                ));
            }
            if services.contains(&svc.id.as_str()) {
                out.push(error(
                    join(&path, "id"),
                    ["`", &svc.id, "` is listed twice"].concat(),
                ));
            } else {
                services.push(&svc.id);
            }
            if let Some(country) = &svc.country {
                if !is_country(country) {
                    out.push(error(
                        join(&path, "country"),
                        ["`", country, "` is not an ISO 3166-1 alpha-2 code"].concat(),
                    ));
                }
            }
            for (k, cookie) in svc.cookies.iter().enumerate() {
                let path = index(&join(&path, "cookies"), k);
                if !is_cookie_name(cookie.name.trim_end_matches('*')) {
                    out.push(error(
                        join(&path, "name"),
                        ["`", &cookie.name, "` is not a cookie name"].concat(),
                    ));
                }
                if let Some(domain) = &cookie.domain {
                    if !is_domain(domain) {
                        out.push(error(
                            join(&path, "domain"),
                            ["`", domain, "` is not a domain name"].concat(),
                        ));
                    }
                }
                if cookie.path.as_deref().is_some_and(|p| !p.starts_with('/')) {
                    out.push(error(join(&path, "path"), "must start with /"));
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
mod iframe_tests {
    use super::iframe_src;

    #[test]
    fn a_gated_iframe_gets_only_an_http_url_or_a_path() {
        for (raw, src) in [
            (
                "https://www.youtube-nocookie.com/embed/x",
                "https://www.youtube-nocookie.com/embed/x",
            ),
            ("  /embed/x\n", "/embed/x"),
            ("embed.html?a=1", "embed.html?a=1"),
            ("//cdn.kz/e", "//cdn.kz/e"),
        ] {
            assert_eq!(iframe_src(raw), Some(src), "{raw:?}");
        }
        for bad in [
            "javascript:parent.alert(1)",
            " JavaScript:x",
            "\u{1}javascript:x",
            "java\tscript:x",
            "data:text/html,<script>alert(1)</script>",
            "blob:https://a.kz/x",
            "",
            "   ",
        ] {
            assert_eq!(iframe_src(bad), None, "{bad:?}");
        }
    }
}

#[cfg(test)]
mod tests {
    use crate::config::*;
    use crate::lang::Lang;

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
            errors(r#"{"categories": [{"id": "a"}]}"#)[0].path,
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
        let types = |config: &Config, id: &str| {
            (config.consent_mode.iter())
                .find(|(category, _)| category == id)
                .map(|(_, types)| types.clone())
        };
        assert_eq!(types(&config, "video").unwrap(), ["ad_storage"]);
        let (sorted, _) = parse(r#"{"consent_mode": {"video": [], "ads": ["ad_storage"]}}"#);
        let categories: Vec<_> = sorted
            .unwrap()
            .consent_mode
            .into_iter()
            .map(|(c, _)| c)
            .collect();
        assert_eq!(categories, ["ads", "video"]);
        assert_eq!(config.gpc_categories, ["marketing", "video"]);
        assert_eq!(
            types(&Config::default(), "marketing").unwrap(),
            ["ad_storage", "ad_user_data", "ad_personalization"]
        );
        assert_eq!(
            errors(r#"{"categories": [{"required": true}]}"#)[0].path,
            "categories[0].id"
        );
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

    /// Each rule, alone, with the path and message it reports (every one of these was once a
    /// mutation that no test caught).
    #[test]
    fn each_rule_names_its_key() {
        let cases: [(&str, &str, &str); 9] = [
            (
                r#"{"categories": [{"id": "a", "name": "A"}, {"id": "a", "name": "B"}]}"#,
                "categories[1].id",
                "`a` is listed twice",
            ),
            (
                r#"{"categories": [{"id": "x", "name": "X", "services": [{"id": "s"}, {"id": "s"}]}]}"#,
                "categories[0].services[1].id",
                "`s` is listed twice",
            ),
            (
                r#"{"categories": [{"id": "x", "name": "X", "services": [{"id": "Bad id"}]}]}"#,
                "categories[0].services[0].id",
                "`Bad id` is not an identifier",
            ),
            (
                r#"{"cookie": {"domain": "exa mple.kz"}}"#,
                "cookie.domain",
                "`exa mple.kz` is not a domain name",
            ),
            (
                r#"{"operator": {"name": "X", "contacts": {"email": "privacy.example.kz"}}}"#,
                "operator.contacts.email",
                "`privacy.example.kz` is not an e-mail address",
            ),
            (
                r#"{"operator": {"name": "X", "response_days": 0}}"#,
                "operator.response_days",
                "must be at least 1",
            ),
            (
                r#"{"categories": [{"id": "x", "name": "X", "services": [{"id": "s", "cookies": [{"name": "_ga", "path": "ga"}]}]}]}"#,
                "categories[0].services[0].cookies[0].path",
                "must start with /",
            ),
            (
                r#"{"categories": [{"id": "x", "name": "X", "services": [{"id": "s", "cookies": [{"name": "_ga", "domain": "a..kz"}]}]}]}"#,
                "categories[0].services[0].cookies[0].domain",
                "`a..kz` is not a domain name",
            ),
            (
                r#"{"categories": [{"id": "x", "name": "X", "services": [{"id": "s", "cookies": [{"name": "a b"}]}]}]}"#,
                "categories[0].services[0].cookies[0].name",
                "`a b` is not a cookie name",
            ),
        ];
        for (json, path, message) in cases {
            let e = errors(json);
            assert_eq!(e.len(), 1, "{json}: {e:?}");
            assert_eq!(
                (e[0].path.as_str(), e[0].message.as_str()),
                (path, message),
                "{json}"
            );
        }
        // An operator without a BIN is a warning naming the key, not an error.
        let (config, diags) = parse(r#"{"operator": {"name": "X"}}"#);
        assert!(config.is_ok());
        assert_eq!(diags.len(), 1, "{diags:?}");
        assert_eq!(diags[0].level, Level::Warning);
        assert_eq!(diags[0].path, "operator.bin");
        // Its console line says what it is: a missing key, not an unknown one.
        assert_eq!(
            diags[0].line(),
            "kelisim: configuration warning `operator.bin`: is missing: law 94-V Art. 8(4) asks \
             a consent to name the operator's BIN"
        );
        // And what is valid stays valid.
        for json in [
            r#"{"cookie": {"domain": ".example.kz"}}"#,
            r#"{"operator": {"name": "X", "response_days": 1, "contacts": {"email": "a@b.kz"}}}"#,
        ] {
            assert!(parse(json).0.is_ok(), "{json}");
        }
    }
}
