//! The pure part of the audit: what a phase observed, matched to the catalogue; the violations;
//! the JSON report (the contract's shape plus details); the starter configuration; the table.

use kelisim::catalogue;
use serde_json::{json, Value};

/// A request the page sent.
#[derive(Clone, Debug, Default)]
pub struct Request {
    pub url: String,
    /// The script or document that started it, when the protocol tells.
    pub initiator: String,
}

/// A cookie in the profile at the end of the phase.
#[derive(Clone, Debug, Default)]
pub struct SeenCookie {
    pub name: String,
    pub domain: String,
    /// Seconds since the epoch; -1 for a session cookie.
    pub expires: f64,
    /// The URL whose response set it (Set-Cookie), or empty (set by a script, or unknown).
    pub set_by: String,
}

/// What one phase saw.
#[derive(Clone, Debug, Default)]
pub struct Observed {
    pub pages: Vec<String>,
    pub requests: Vec<Request>,
    pub cookies: Vec<SeenCookie>,
    pub local_storage: Vec<String>,
    pub session_storage: Vec<String>,
    /// Whether kelisim's banner was found (and, in reject/accept, clicked).
    pub banner: bool,
    /// The page's screenshot (PNG, base64) before any choice.
    pub screenshot: String,
    /// (cookie name, URL of the response that set it).
    pub set_by: Vec<(String, String)>,
    /// (request id, URL), to name the response that set a cookie.
    pub ids: Vec<(String, String)>,
}

impl Observed {
    /// Fills each cookie's `set_by` from the Set-Cookie headers seen.
    pub fn resolve_setters(&mut self) {
        for c in &mut self.cookies {
            if let Some((_, url)) = self.set_by.iter().find(|(n, _)| *n == c.name) {
                c.set_by = url.clone();
            }
        }
    }
}

/// The host of an absolute URL (lowercase, without port or credentials).
pub fn host(url: &str) -> Option<String> {
    let rest = url.split_once("://")?.1;
    let authority = rest.split(['/', '?', '#']).next()?;
    let authority = authority.rsplit('@').next()?;
    let h = if authority.starts_with('[') {
        authority.split(']').next()?.trim_start_matches('[')
    } else {
        authority.split(':').next()?
    };
    (!h.is_empty()).then(|| h.to_ascii_lowercase())
}

/// A catalogue service seen in a phase, with its first evidence.
#[derive(Clone, Debug, PartialEq)]
pub struct Seen {
    pub service: &'static str,
    pub evidence: String,
}

/// The phase's findings.
#[derive(Clone, Debug, Default)]
pub struct Findings {
    pub services: Vec<Seen>,
    /// Requests to hosts other than the page's.
    pub third_party: Vec<String>,
    /// Hosts of third-party requests that match no catalogue service.
    pub unknown_hosts: Vec<String>,
}

/// Matches a phase's observations against the catalogue; `site` is the page's host.
pub fn analyse(site: &str, o: &Observed) -> Findings {
    let mut f = Findings::default();
    let add = |f: &mut Findings, id: &'static str, evidence: String| {
        if !f.services.iter().any(|s| s.service == id) {
            f.services.push(Seen {
                service: id,
                evidence,
            });
        }
    };
    for r in &o.requests {
        let h = host(&r.url).unwrap_or_default();
        let service = catalogue::match_url(&r.url);
        if let Some(s) = service {
            let by = if r.initiator.is_empty() {
                String::new()
            } else {
                format!(" (started by {})", r.initiator)
            };
            add(&mut f, s.id, format!("request {}{by}", r.url));
        }
        if h != site {
            if !f.third_party.contains(&r.url) {
                f.third_party.push(r.url.clone());
            }
            if service.is_none() && !f.unknown_hosts.contains(&h) {
                f.unknown_hosts.push(h);
            }
        }
    }
    for c in &o.cookies {
        if let Some(s) = catalogue::match_cookie(&c.name) {
            let by = if c.set_by.is_empty() {
                String::new()
            } else {
                format!(", set by {}", c.set_by)
            };
            add(
                &mut f,
                s.id,
                format!("cookie {} on {}{by}", c.name, c.domain),
            );
        }
    }
    f
}

/// The JSON report: the contract's shape (`url`, `phases.{before,reject,accept}.{services,
/// cookies,requests}`, `violations`) with details next to it.
pub fn json_report(url: &str, phases: &[(&str, Observed, Findings)]) -> Value {
    let mut out = serde_json::Map::new();
    let mut violations = Vec::new();
    for (name, o, f) in phases {
        if *name != "accept" {
            for s in &f.services {
                violations
                    .push(json!({ "phase": name, "service": s.service, "evidence": s.evidence }));
            }
        }
        let mut cookie_names: Vec<&str> = o.cookies.iter().map(|c| c.name.as_str()).collect();
        cookie_names.dedup();
        out.insert(
            name.to_string(),
            json!({
                "services": f.services.iter().map(|s| s.service).collect::<Vec<_>>(),
                "cookies": cookie_names,
                "requests": f.third_party,
                "evidence": f.services.iter().map(|s| json!({ "service": s.service, "evidence": s.evidence })).collect::<Vec<_>>(),
                "unknown_hosts": f.unknown_hosts,
                "cookie_details": o.cookies.iter().map(|c| json!({
                    "name": c.name, "domain": c.domain,
                    "expires": if c.expires < 0.0 { Value::Null } else { json!(c.expires as i64) },
                    "set_by": if c.set_by.is_empty() { Value::Null } else { json!(c.set_by) },
                    "service": catalogue::match_cookie(&c.name).map(|s| s.id),
                })).collect::<Vec<_>>(),
                "local_storage": o.local_storage,
                "session_storage": o.session_storage,
                "pages": o.pages,
                "banner": o.banner,
            }),
        );
    }
    json!({ "url": url, "phases": out, "violations": violations })
}

/// Whether the report has violations (exit status 1).
pub fn has_violations(report: &Value) -> bool {
    report["violations"]
        .as_array()
        .is_some_and(|v| !v.is_empty())
}

/// The operator fields a starter configuration leaves for the owner.
pub const OWNER_FIELDS: &[&str] = &[
    "operator (name, bin, contacts)",
    "policy_url",
    "the services' purposes",
];

/// A starter configuration: every catalogue service seen in any phase, by id, in its default
/// category. Passes `kelisim::config::parse`.
pub fn starter_config(phases: &[(&str, Observed, Findings)]) -> Value {
    let mut by_category: Vec<(&str, Vec<&str>)> = Vec::new();
    for (_, _, f) in phases {
        for s in &f.services {
            let Some(service) = catalogue::by_id(s.service) else {
                continue;
            };
            let cat = service.category;
            match by_category.iter_mut().find(|(c, _)| *c == cat) {
                Some((_, ids)) if ids.contains(&service.id) => {}
                Some((_, ids)) => ids.push(service.id),
                None => by_category.push((cat, vec![service.id])),
            }
        }
    }
    let order = ["necessary", "preferences", "analytics", "marketing"];
    by_category.sort_by_key(|(c, _)| order.iter().position(|o| o == c).unwrap_or(9));
    let categories: Vec<Value> = by_category
        .iter()
        .map(|(c, ids)| {
            json!({ "id": c, "services": ids.iter().map(|id| json!({ "id": id })).collect::<Vec<_>>() })
        })
        .collect();
    json!({ "revision": 1, "languages": ["kk", "ru", "en"], "categories": categories })
}

/// The short table for stdout.
pub fn table(report: &Value) -> String {
    let mut s = format!(
        "{:<8} {:>8} {:>8} {:>8}  services\n",
        "phase", "services", "cookies", "requests"
    );
    for name in ["before", "reject", "accept"] {
        let p = &report["phases"][name];
        let n = |k: &str| p[k].as_array().map_or(0, |a| a.len());
        let ids: Vec<&str> = p["services"]
            .as_array()
            .into_iter()
            .flatten()
            .filter_map(|v| v.as_str())
            .collect();
        s += &format!(
            "{:<8} {:>8} {:>8} {:>8}  {}\n",
            name,
            n("services"),
            n("cookies"),
            n("requests"),
            ids.join(", ")
        );
    }
    let v = report["violations"].as_array().map_or(0, |a| a.len());
    s += &if v == 0 {
        "verdict: no violations\n".to_string()
    } else {
        format!("verdict: {v} violation(s)\n")
    };
    s
}

#[cfg(test)]
mod tests {
    use super::*;

    fn observed() -> Observed {
        Observed {
            requests: vec![
                Request {
                    url: "http://mc.yandex.ru/metrika/tag.js".into(),
                    initiator: "http://shop.kz/".into(),
                },
                Request {
                    url: "http://shop.kz/app.js".into(),
                    initiator: String::new(),
                },
                Request {
                    url: "http://cdn.unknown.kz/x.js".into(),
                    initiator: String::new(),
                },
            ],
            cookies: vec![SeenCookie {
                name: "_ym_uid".into(),
                domain: "shop.kz".into(),
                expires: -1.0,
                set_by: String::new(),
            }],
            ..Observed::default()
        }
    }

    #[test]
    fn hosts() {
        assert_eq!(host("https://a.B.kz:8080/x?y").as_deref(), Some("a.b.kz"));
        assert_eq!(host("http://u:p@h.kz/").as_deref(), Some("h.kz"));
        assert_eq!(host("/relative"), None);
    }

    #[test]
    fn services_and_unknown_hosts() {
        let f = analyse("shop.kz", &observed());
        assert_eq!(f.services.len(), 1);
        assert_eq!(f.services[0].service, "yandex-metrica");
        assert!(f.services[0]
            .evidence
            .contains("mc.yandex.ru/metrika/tag.js"));
        assert_eq!(f.unknown_hosts, vec!["cdn.unknown.kz"]);
        assert_eq!(
            f.third_party.len(),
            2,
            "the site's own request is not third party"
        );
    }

    #[test]
    fn violations_only_before_and_reject() {
        let o = observed();
        let f = analyse("shop.kz", &o);
        let accept_only = json_report(
            "http://shop.kz/",
            &[
                ("before", Observed::default(), Findings::default()),
                ("reject", Observed::default(), Findings::default()),
                ("accept", o.clone(), f.clone()),
            ],
        );
        assert!(!has_violations(&accept_only));
        assert_eq!(
            accept_only["phases"]["accept"]["services"][0],
            "yandex-metrica"
        );
        let before = json_report(
            "http://shop.kz/",
            &[("before", o.clone(), f.clone()), ("reject", o, f)],
        );
        assert!(has_violations(&before));
        assert_eq!(before["violations"][1]["phase"], "reject");
        assert_eq!(before["phases"]["before"]["cookies"][0], "_ym_uid");
    }

    #[test]
    fn starter_config_passes_kelisim_validation() {
        let o = observed();
        let f = analyse("shop.kz", &o);
        let config = starter_config(&[("before", o, f)]);
        let (parsed, diagnostics) = kelisim::config::parse(&config.to_string());
        let parsed = parsed.unwrap_or_else(|_| panic!("{diagnostics:?}"));
        let analytics = parsed.category("analytics").expect("analytics");
        assert_eq!(analytics.services[0].id, "yandex-metrica");
    }

    #[test]
    fn empty_starter_config_is_valid() {
        let (parsed, d) = kelisim::config::parse(&starter_config(&[]).to_string());
        assert!(parsed.is_ok(), "{d:?}");
    }
}
