//! What the configurator's buttons do to the document: add a built-in or an own service, add or
//! remove a category or a service.

use crate::catalogue::Known;
use crate::doc::{unique_id, Doc};
use serde_json::json;

/// Adds a built-in service to its category (creating the category, one of the built-in four,
/// when the document lacks it); an id already taken gets a suffix. Returns the service's path.
pub fn add_known(doc: &mut Doc, known: &Known) -> String {
    let c = match doc.category_index(known.category) {
        Some(c) => c,
        None => doc.push("categories", json!({ "id": known.category })),
    };
    let id = unique_id(known.id, &doc.service_ids());
    let service = crate::catalogue::to_json(known, &id);
    let path = format!("categories[{c}].services");
    let s = doc.push(&path, service);
    format!("{path}[{s}]")
}

/// Adds an own service, to be filled in, to category `c`. Returns its path.
pub fn add_service(doc: &mut Doc, c: usize) -> String {
    let id = unique_id("service", &doc.service_ids());
    let path = format!("categories[{c}].services");
    let s = doc.push(&path, json!({ "id": id }));
    format!("{path}[{s}]")
}

/// Adds an own category, to be filled in (its name is required). Returns its path.
pub fn add_category(doc: &mut Doc) -> String {
    let taken: Vec<String> = (0..doc.len("categories"))
        .map(|i| doc.string(&format!("categories[{i}].id")))
        .collect();
    let id = unique_id("category", &taken);
    let c = doc.push("categories", json!({ "id": id }));
    format!("categories[{c}]")
}

/// Removes the category or service at `path`.
pub fn remove(doc: &mut Doc, path: &str) {
    doc.set(path, None);
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::catalogue::find;

    #[test]
    fn adding_twice_gives_distinct_ids_and_removing_takes_one_away() {
        let mut doc = Doc::default();
        let ga = find("google-analytics").unwrap();
        assert_eq!(add_known(&mut doc, ga), "categories[2].services[0]");
        assert_eq!(add_known(&mut doc, ga), "categories[2].services[1]");
        assert_eq!(
            doc.service_ids(),
            ["google-analytics", "google-analytics-2"]
        );
        assert!(doc.check().0.is_ok());
        remove(&mut doc, "categories[2].services[0]");
        assert_eq!(doc.service_ids(), ["google-analytics-2"]);
    }

    #[test]
    fn a_known_service_brings_back_its_category() {
        let mut doc = Doc(json!({"categories": [{"id": "necessary"}]}));
        add_known(&mut doc, find("jivo").unwrap());
        assert_eq!(doc.category_index("preferences"), Some(1));
    }

    #[test]
    fn a_new_category_needs_a_name_and_the_validator_says_so_at_its_path() {
        let mut doc = Doc::default();
        let path = add_category(&mut doc);
        let (config, diags) = doc.check();
        assert!(config.is_err());
        assert_eq!(diags[0].path, format!("{path}.name"));
        add_service(&mut doc, 4);
        doc.set_string(&format!("{path}.name"), "Видео");
        assert!(doc.check().0.is_ok(), "{:?}", doc.check().1);
    }
}
