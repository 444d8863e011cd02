//! The self-contained HTML report (`--html`): a verdict, the violations with their evidence, one
//! section per phase (the screenshot of the page and the banner as a base64 PNG, the services,
//! cookies, requests, unknown third parties and storage keys), in kk, ru or en. Every text comes
//! from `locales/scan/{kk,ru,en}/scan.ftl`.

use fluent_bundle::{FluentArgs, FluentBundle, FluentResource};
use kelisim::catalogue;
use serde_json::Value;

fn ftl(lang: &str) -> &'static str {
    match lang {
        "ru" => include_str!("../../locales/scan/ru/scan.ftl"),
        "en" => include_str!("../../locales/scan/en/scan.ftl"),
        _ => include_str!("../../locales/scan/kk/scan.ftl"),
    }
}

/// The report's texts in one language.
pub struct Texts(FluentBundle<FluentResource>);

impl Texts {
    /// The texts of `lang` (kk, ru, en; anything else is kk).
    pub fn new(lang: &str) -> Texts {
        let lang = if ["kk", "ru", "en"].contains(&lang) {
            lang
        } else {
            "kk"
        };
        let resource = FluentResource::try_new(ftl(lang).to_string()).expect("valid scan.ftl");
        let mut bundle = FluentBundle::new(vec![lang.parse().expect("language id")]);
        bundle.set_use_isolating(false);
        bundle.add_resource(resource).expect("unique ids");
        Texts(bundle)
    }

    /// The message `id`; panics on a missing id (the tests check every id in every language).
    pub fn get(&self, id: &str, args: Option<&FluentArgs>) -> String {
        let message = self
            .0
            .get_message(id)
            .and_then(|m| m.value())
            .unwrap_or_else(|| panic!("scan.ftl: no message {id}"));
        let mut errors = Vec::new();
        self.0
            .format_pattern(message, args, &mut errors)
            .into_owned()
    }

    fn t(&self, id: &str) -> String {
        escape(&self.get(id, None))
    }
}

/// Escapes text for HTML.
pub fn escape(s: &str) -> String {
    s.replace('&', "&amp;")
        .replace('<', "&lt;")
        .replace('>', "&gt;")
        .replace('"', "&quot;")
}

fn strings(v: &Value) -> Vec<String> {
    v.as_array()
        .into_iter()
        .flatten()
        .map(|v| match v.as_str() {
            Some(s) => s.to_string(),
            None => v.to_string(),
        })
        .collect()
}

fn table(head: &[String], rows: &[Vec<String>], none: &str) -> String {
    if rows.is_empty() {
        return format!("<p class=\"none\">{none}</p>\n");
    }
    let mut s = String::from("<table><thead><tr>");
    for h in head {
        s += &format!("<th>{h}</th>");
    }
    s += "</tr></thead><tbody>\n";
    for r in rows {
        s += "<tr>";
        for c in r {
            s += &format!("<td>{c}</td>");
        }
        s += "</tr>\n";
    }
    s + "</tbody></table>\n"
}

/// The report as one HTML page; `shots` are (phase, base64 PNG).
pub fn render(report: &Value, shots: &[(&str, String)], lang: &str) -> String {
    let t = Texts::new(lang);
    let none = t.t("scan-none");
    let violations = report["violations"].as_array().cloned().unwrap_or_default();
    let verdict = if violations.is_empty() {
        format!("<p class=\"verdict ok\">✔ {}</p>", t.t("scan-verdict-ok"))
    } else {
        let mut args = FluentArgs::new();
        args.set("count", violations.len());
        format!(
            "<p class=\"verdict bad\">✘ {}</p>",
            escape(&t.get("scan-verdict-violations", Some(&args)))
        )
    };
    let url = escape(report["url"].as_str().unwrap_or(""));
    let mut body = format!(
        "<h1>{}</h1>\n<p>{}: <a href=\"{url}\">{url}</a></p>\n{verdict}\n",
        t.t("scan-title"),
        t.t("scan-page")
    );
    if !violations.is_empty() {
        body += &format!("<h2>{}</h2>\n", t.t("scan-violations"));
        let rows: Vec<Vec<String>> = violations
            .iter()
            .map(|v| {
                let phase = v["phase"].as_str().unwrap_or("");
                vec![
                    t.t(&format!("scan-phase-{phase}")),
                    service_name(v["service"].as_str().unwrap_or("")),
                    format!(
                        "<code>{}</code>",
                        escape(v["evidence"].as_str().unwrap_or(""))
                    ),
                ]
            })
            .collect();
        body += &table(
            &[
                t.t("scan-col-phase"),
                t.t("scan-col-service"),
                t.t("scan-col-evidence"),
            ],
            &rows,
            &none,
        );
    }
    for phase in ["before", "reject", "accept"] {
        let p = &report["phases"][phase];
        if p.is_null() {
            continue;
        }
        body += &format!(
            "<section class=\"phase\" id=\"{phase}\">\n<h2>{}</h2>\n",
            t.t(&format!("scan-phase-{phase}"))
        );
        if let Some((_, png)) = shots.iter().find(|(p, s)| *p == phase && !s.is_empty()) {
            body += &format!(
                "<figure><img alt=\"{0}\" src=\"data:image/png;base64,{png}\"><figcaption>{0}</figcaption></figure>\n",
                t.t("scan-screenshot")
            );
        }
        body += &format!("<h3>{}</h3>\n", t.t("scan-services"));
        let rows: Vec<Vec<String>> = strings(&p["services"])
            .iter()
            .map(|id| match catalogue::by_id(id) {
                Some(s) => vec![
                    escape(s.name),
                    escape(s.provider),
                    s.country.to_string(),
                    s.category.to_string(),
                ],
                None => vec![escape(id), String::new(), String::new(), String::new()],
            })
            .collect();
        body += &table(
            &[
                t.t("scan-col-service"),
                t.t("scan-col-provider"),
                t.t("scan-col-country"),
                t.t("scan-col-category"),
            ],
            &rows,
            &none,
        );
        body += &format!("<h3>{}</h3>\n", t.t("scan-cookies"));
        let rows: Vec<Vec<String>> = p["cookie_details"]
            .as_array()
            .into_iter()
            .flatten()
            .map(|c| {
                vec![
                    format!("<code>{}</code>", escape(c["name"].as_str().unwrap_or(""))),
                    escape(c["domain"].as_str().unwrap_or("")),
                    match c["expires"].as_i64() {
                        Some(e) => date(e),
                        None => t.t("scan-session"),
                    },
                    escape(c["set_by"].as_str().unwrap_or("")),
                    c["service"].as_str().map(service_name).unwrap_or_default(),
                ]
            })
            .collect();
        body += &table(
            &[
                t.t("scan-col-name"),
                t.t("scan-col-domain"),
                t.t("scan-col-expires"),
                t.t("scan-col-set-by"),
                t.t("scan-col-service"),
            ],
            &rows,
            &none,
        );
        for (key, title) in [
            ("requests", "scan-requests"),
            ("unknown_hosts", "scan-unknown"),
        ] {
            body += &format!("<h3>{}</h3>\n", t.t(title));
            body += &list(&strings(&p[key]), &none);
        }
        body += &format!("<h3>{}</h3>\n", t.t("scan-storage"));
        let keys: Vec<String> = strings(&p["local_storage"])
            .into_iter()
            .map(|k| format!("localStorage: {k}"))
            .chain(
                strings(&p["session_storage"])
                    .into_iter()
                    .map(|k| format!("sessionStorage: {k}")),
            )
            .collect();
        body += &list(&keys, &none);
        body += "</section>\n";
    }
    format!(
        "<!doctype html>\n<html lang=\"{lang}\"><head><meta charset=\"utf-8\">\
<meta name=\"viewport\" content=\"width=device-width\"><title>{} — {url}</title><style>{STYLE}</style></head>\n<body>\n{body}</body></html>\n",
        t.t("scan-title")
    )
}

fn list(items: &[String], none: &str) -> String {
    if items.is_empty() {
        return format!("<p class=\"none\">{none}</p>\n");
    }
    let mut s = String::from("<ul>");
    for i in items {
        s += &format!("<li><code>{}</code></li>", escape(i));
    }
    s + "</ul>\n"
}

fn service_name(id: &str) -> String {
    match catalogue::by_id(id) {
        Some(s) => format!("{} (<code>{id}</code>)", escape(s.name)),
        None => escape(id),
    }
}

/// A UTC date `YYYY-MM-DD` from seconds since the epoch.
fn date(secs: i64) -> String {
    let days = secs.div_euclid(86_400);
    // Civil from days (Howard Hinnant's algorithm).
    let z = days + 719_468;
    let era = z.div_euclid(146_097);
    let doe = z - era * 146_097;
    let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365;
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    let mp = (5 * doy + 2) / 153;
    let d = doy - (153 * mp + 2) / 5 + 1;
    let m = if mp < 10 { mp + 3 } else { mp - 9 };
    let y = yoe + era * 400 + i64::from(m <= 2);
    format!("{y:04}-{m:02}-{d:02}")
}

const STYLE: &str = "body{font:15px/1.5 system-ui,sans-serif;max-width:70rem;margin:2rem auto;padding:0 1rem;color:#1b1b1b}\
table{border-collapse:collapse;width:100%;margin:.5rem 0}th,td{border:1px solid #ccc;padding:.3rem .5rem;text-align:left;vertical-align:top}\
th{background:#f3f3f3}code{word-break:break-all}.verdict{font-size:1.2rem;padding:.8rem;border-radius:.4rem}\
.ok{background:#e5f6e8}.bad{background:#fde8e8}.none{color:#666}img{max-width:100%;border:1px solid #ccc}\
section.phase{border-top:2px solid #ddd;margin-top:2rem}";

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    fn ids(lang: &str) -> Vec<String> {
        ftl(lang)
            .lines()
            .filter_map(|l| l.split_once(" = ").map(|(k, _)| k.to_string()))
            .collect()
    }

    #[test]
    fn every_language_has_every_text() {
        assert_eq!(ids("ru"), ids("kk"));
        assert_eq!(ids("en"), ids("kk"));
        for lang in ["kk", "ru", "en"] {
            let t = Texts::new(lang);
            for id in ids("kk") {
                assert!(!t.get(&id, None).is_empty(), "{lang}: {id}");
            }
        }
    }

    #[test]
    fn report_shows_verdict_violations_and_phases() {
        let report = json!({
            "url": "http://shop.kz/<x>",
            "phases": { "before": {
                "services": ["yandex-metrica"], "cookies": ["_ym_uid"],
                "requests": ["http://mc.yandex.ru/metrika/tag.js"], "unknown_hosts": ["cdn.x.kz"],
                "cookie_details": [{ "name": "_ym_uid", "domain": "shop.kz", "expires": 1767225600, "set_by": null, "service": "yandex-metrica" }],
                "local_storage": ["k"], "session_storage": []
            } },
            "violations": [{ "phase": "before", "service": "yandex-metrica", "evidence": "request http://mc.yandex.ru/metrika/tag.js" }]
        });
        let html = render(&report, &[("before", "iVBOR".into())], "ru");
        assert!(html.contains("Нарушения: 1"));
        assert!(html.contains("Yandex Metrica (<code>yandex-metrica</code>)"));
        assert!(html.contains("data:image/png;base64,iVBOR"));
        assert!(html.contains("2026-01-01"));
        assert!(html.contains("&lt;x&gt;"), "the URL is escaped");
        assert!(html.contains("cdn.x.kz"));
        let clean = render(
            &json!({ "url": "u", "phases": {}, "violations": [] }),
            &[],
            "kk",
        );
        assert!(clean.contains("class=\"verdict ok\""));
        assert!(clean.contains("lang=\"kk\""));
    }

    /// Every word of the kk and ru texts is known to hunspell or listed in
    /// locales/spelling-allow.txt (skipped without hunspell unless KELISIM_REQUIRE_HUNSPELL=1).
    #[test]
    fn hunspell_knows_every_word() {
        use std::io::Write;
        use std::process::{Command, Stdio};
        let allow = include_str!("../../locales/spelling-allow.txt");
        for (lang, dictionary) in [("kk", "kk_KZ"), ("ru", "ru_RU")] {
            let text: String = ftl(lang)
                .lines()
                .filter(|l| !l.starts_with('#'))
                .filter_map(|l| l.split_once(" = ").map(|(_, v)| v))
                .map(|v| v.replace("{ $count }", "") + "\n")
                .collect();
            let child = Command::new("hunspell")
                .args(["-d", dictionary, "-l"])
                .stdin(Stdio::piped())
                .stdout(Stdio::piped())
                .spawn();
            let Ok(mut child) = child else {
                assert!(
                    std::env::var_os("KELISIM_REQUIRE_HUNSPELL").is_none(),
                    "hunspell is required"
                );
                return;
            };
            child
                .stdin
                .take()
                .unwrap()
                .write_all(text.as_bytes())
                .unwrap();
            let out = child.wait_with_output().unwrap();
            let unknown: Vec<String> = String::from_utf8_lossy(&out.stdout)
                .lines()
                .filter(|w| !allow.lines().any(|a| a == *w))
                .map(String::from)
                .collect();
            assert!(
                unknown.is_empty(),
                "{lang}: hunspell does not know {unknown:?}"
            );
        }
    }

    #[test]
    fn dates() {
        assert_eq!(date(0), "1970-01-01");
        assert_eq!(date(1_767_225_600), "2026-01-01");
    }
}
