//! "Import a scan": reads the JSON report of `kelisim-scan` (`--json`) and adds every service it
//! saw, in any phase, to the document. A built-in service comes with its provider, country and
//! cookies; a service only kelisim's catalogue knows is added by id in its default category (the
//! configuration inherits its disclosures); a service already in the document is left as it is.

use crate::catalogue::find;
use crate::doc::Doc;
use crate::edit::add_known;
use serde_json::{json, Value};

/// Whether `text` is a scan report (a JSON object with `phases` and `violations`), not a
/// configuration.
pub fn is_scan_report(text: &str) -> bool {
    serde_json::from_str::<Value>(text)
        .is_ok_and(|v| v["phases"].is_object() && v["violations"].is_array())
}

/// Adds the services of a scan report to `doc`; returns the ids added, in the report's order.
/// `Err` (and `doc` unchanged) when the text is not a scan report.
pub fn import_scan(doc: &mut Doc, report: &str) -> Result<Vec<String>, String> {
    let value: Value =
        serde_json::from_str(report).map_err(|e| format!("not a scan report: {e}"))?;
    let phases = value["phases"]
        .as_object()
        .ok_or("not a scan report: no \"phases\"")?;
    let mut ids: Vec<String> = Vec::new();
    for phase in ["before", "reject", "accept"] {
        let Some(p) = phases.get(phase) else { continue };
        for id in p["services"].as_array().into_iter().flatten() {
            let id = id
                .as_str()
                .ok_or_else(|| format!("phases.{phase}.services: not a list of ids"))?;
            if !ids.iter().any(|i| i == id) {
                ids.push(id.to_string());
            }
        }
    }
    let mut added = Vec::new();
    for id in ids {
        if doc.service_ids().contains(&id) {
            continue;
        }
        if let Some(known) = find(&id) {
            add_known(doc, known);
        } else if let Some(s) = kelisim::catalogue::by_id(&id) {
            let c = match doc.category_index(s.category) {
                Some(c) => c,
                None => doc.push("categories", json!({ "id": s.category })),
            };
            doc.push(&format!("categories[{c}].services"), json!({ "id": id }));
        } else {
            continue;
        }
        added.push(id);
    }
    Ok(added)
}

#[cfg(test)]
mod tests {
    use super::*;

    const REPORT: &str = r#"{ "url": "http://shop.kz/", "phases": {
        "before": { "services": ["yandex-metrica"], "cookies": ["_ym_uid"], "requests": [] },
        "reject": { "services": ["yandex-metrica"], "cookies": [], "requests": [] },
        "accept": { "services": ["yandex-metrica", "vk-pixel", "no-such-service"], "cookies": [], "requests": [] } },
        "violations": [] }"#;

    #[test]
    fn a_scan_fills_in_its_services_once_and_validates() {
        let mut doc = Doc::default();
        let added = import_scan(&mut doc, REPORT).unwrap();
        assert_eq!(added, ["yandex-metrica", "vk-pixel"]);
        let (config, d) = doc.check();
        let config = config.unwrap_or_else(|_| panic!("{d:?}"));
        assert_eq!(
            config.category("analytics").unwrap().services[0].id,
            "yandex-metrica"
        );
        assert_eq!(
            config.category("marketing").unwrap().services[0].id,
            "vk-pixel"
        );
        assert_eq!(import_scan(&mut doc, REPORT).unwrap(), Vec::<String>::new());
        assert_eq!(doc.service_ids().len(), 2, "importing again adds nothing");
        assert!(is_scan_report(REPORT));
        assert!(!is_scan_report(r#"{ "revision": 1 }"#));
    }

    #[test]
    fn not_a_report_changes_nothing() {
        let mut doc = Doc::default();
        let before = doc.to_json();
        assert!(import_scan(&mut doc, "{}").is_err());
        assert!(import_scan(&mut doc, "not json").is_err());
        assert!(import_scan(&mut doc, r#"{"phases":{"before":{"services":[1]}}}"#).is_err());
        assert_eq!(doc.to_json(), before);
    }
}
