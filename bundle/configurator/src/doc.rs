//! The configuration being edited: a JSON document addressed by the very paths the validator
//! names in its diagnostics (`categories[1].services[0].country`), so a form field, the key it
//! writes and the message about that key share one string.
//!
//! The form edits the document in place; keys the form has no field for (`texts`,
//! `consent_mode`, a cookie's `lifetime`…) are kept as loaded, so editing an existing
//! configuration never loses anything.

use kelisim::config::{self, Config, Diagnostic};
use kelisim::lang::Lang;
use serde_json::{json, Map, Value};

/// One step of a path: an object key or an array index.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Step {
    /// `.key`
    Key(String),
    /// `[i]`
    Index(usize),
}

/// Splits `a.b[2].c` into its steps; `None` for a malformed path.
pub fn steps(path: &str) -> Option<Vec<Step>> {
    let mut out = Vec::new();
    if path.is_empty() {
        return Some(out);
    }
    for part in path.split('.') {
        let (key, mut rest) = match part.find('[') {
            Some(i) => (&part[..i], &part[i..]),
            None => (part, ""),
        };
        if key.is_empty() {
            return None;
        }
        out.push(Step::Key(key.to_owned()));
        while let Some(r) = rest.strip_prefix('[') {
            let end = r.find(']')?;
            out.push(Step::Index(r[..end].parse().ok()?));
            rest = &r[end + 1..];
        }
        if !rest.is_empty() {
            return None;
        }
    }
    Some(out)
}

/// The configuration document.
#[derive(Clone, Debug, PartialEq)]
pub struct Doc(pub Value);

impl Default for Doc {
    /// What a new configuration starts from: the four built-in categories, every language.
    fn default() -> Self {
        Doc(json!({
            "revision": 1,
            "languages": ["kk", "ru", "en"],
            "categories": [
                { "id": "necessary", "required": true },
                { "id": "preferences" },
                { "id": "analytics" },
                { "id": "marketing" }
            ]
        }))
    }
}

impl Doc {
    /// Parses a configuration's JSON text (an object), or explains why it is not one.
    pub fn from_json(text: &str) -> Result<Doc, String> {
        match serde_json::from_str::<Value>(text) {
            Ok(v @ Value::Object(_)) => Ok(Doc(v)),
            Ok(_) => Err("expected an object `{ … }`".into()),
            Err(e) => Err(e.to_string()),
        }
    }

    /// The value at `path`.
    pub fn get(&self, path: &str) -> Option<&Value> {
        let mut v = &self.0;
        for step in steps(path)? {
            v = match step {
                Step::Key(k) => v.get(k.as_str())?,
                Step::Index(i) => v.get(i)?,
            };
        }
        Some(v)
    }

    /// The string at `path`, or `""`.
    pub fn string(&self, path: &str) -> String {
        match self.get(path) {
            Some(Value::String(s)) => s.clone(),
            Some(Value::Number(n)) => n.to_string(),
            _ => String::new(),
        }
    }

    /// The number of items of the array at `path` (0 when absent).
    pub fn len(&self, path: &str) -> usize {
        self.get(path).and_then(Value::as_array).map_or(0, Vec::len)
    }

    /// Sets `path` to `value`, creating the objects on the way; `None` removes the key (and
    /// then any object on the way that it left empty, so no `"contacts": {}` stays behind).
    pub fn set(&mut self, path: &str, value: Option<Value>) {
        let Some(steps) = steps(path) else { return };
        let Some((last, parents)) = steps.split_last() else {
            return;
        };
        if value.is_none() && self.get(path).is_none() {
            return;
        }
        let mut v = &mut self.0;
        for step in parents {
            v = match step {
                Step::Key(k) => {
                    if !v.is_object() {
                        *v = Value::Object(Map::new());
                    }
                    v.as_object_mut()
                        .unwrap()
                        .entry(k.clone())
                        .or_insert_with(|| Value::Object(Map::new()))
                }
                Step::Index(i) => match v.get_mut(*i) {
                    Some(item) => item,
                    None => return,
                },
            };
        }
        match (last, value) {
            (Step::Key(k), Some(value)) => {
                if !v.is_object() {
                    *v = Value::Object(Map::new());
                }
                v.as_object_mut().unwrap().insert(k.clone(), value);
            }
            (Step::Key(k), None) => {
                if let Some(m) = v.as_object_mut() {
                    m.remove(k);
                }
            }
            (Step::Index(i), Some(value)) => {
                if let Some(item) = v.get_mut(*i) {
                    *item = value;
                }
            }
            (Step::Index(i), None) => {
                if let Some(a) = v.as_array_mut() {
                    if *i < a.len() {
                        a.remove(*i);
                    }
                }
            }
        }
        if !parents.is_empty() {
            let parent = parent_path(path);
            if self
                .get(&parent)
                .and_then(Value::as_object)
                .is_some_and(Map::is_empty)
                && matches!(last, Step::Key(_))
            {
                self.set(&parent, None);
            }
        }
    }

    /// Sets a plain string field: an empty one removes the key.
    pub fn set_string(&mut self, path: &str, text: &str) {
        let text = text.trim();
        self.set(path, (!text.is_empty()).then(|| Value::String(text.into())));
    }

    /// Sets a whole-number field: an empty one removes the key; anything else that is not a
    /// whole number is kept as the string typed, so the validator names it.
    pub fn set_number(&mut self, path: &str, text: &str) {
        let text = text.trim();
        let value = match text.parse::<u64>() {
            _ if text.is_empty() => None,
            Ok(n) => Some(Value::from(n)),
            Err(_) => Some(Value::String(text.into())),
        };
        self.set(path, value);
    }

    /// A per-language text's value in `lang` (a plain string is the same in every language).
    pub fn text(&self, path: &str, lang: Lang) -> String {
        match self.get(path) {
            Some(Value::String(s)) => s.clone(),
            Some(Value::Object(m)) => m
                .get(lang.code())
                .and_then(Value::as_str)
                .unwrap_or_default()
                .to_owned(),
            _ => String::new(),
        }
    }

    /// Sets a per-language text in `lang`. The text becomes an object keyed by language (a plain
    /// string is first copied into every language); empty languages are left out, and a text
    /// empty in every language is removed.
    pub fn set_text(&mut self, path: &str, lang: Lang, text: &str) {
        let mut m = Map::new();
        for l in Lang::ALL {
            let t = if l == lang {
                text.trim().to_owned()
            } else {
                self.text(path, l)
            };
            if !t.is_empty() {
                m.insert(l.code().into(), Value::String(t));
            }
        }
        self.set(path, (!m.is_empty()).then_some(Value::Object(m)));
    }

    /// A list of strings as one comma-separated line (`cross_border`, a service's cookie names).
    pub fn list_line(&self, path: &str, key: Option<&str>) -> String {
        let items = self.get(path).and_then(Value::as_array);
        let names: Vec<String> = items
            .into_iter()
            .flatten()
            .map(|v| match key {
                Some(k) => v.get(k).and_then(Value::as_str).unwrap_or("").to_owned(),
                None => v.as_str().map_or_else(|| v.to_string(), str::to_owned),
            })
            .collect();
        names.join(", ")
    }

    /// Sets a list of strings from a comma-separated line. With `key`, the items are objects
    /// (`{"name": "_ga"}`) and an item whose name stays keeps its other keys (`lifetime`…).
    pub fn set_list_line(&mut self, path: &str, key: Option<&str>, line: &str) {
        let old: Vec<Value> = self
            .get(path)
            .and_then(Value::as_array)
            .cloned()
            .unwrap_or_default();
        let items: Vec<Value> = line
            .split(',')
            .map(str::trim)
            .filter(|s| !s.is_empty())
            .map(|s| match key {
                Some(k) => old
                    .iter()
                    .find(|v| v.get(k).and_then(Value::as_str) == Some(s))
                    .cloned()
                    .unwrap_or_else(|| json!({ k: s })),
                None => Value::String(s.into()),
            })
            .collect();
        self.set(path, (!items.is_empty()).then_some(Value::Array(items)));
    }

    /// Appends `item` to the array at `path` (created when absent); returns its index.
    pub fn push(&mut self, path: &str, item: Value) -> usize {
        let mut items = self
            .get(path)
            .and_then(Value::as_array)
            .cloned()
            .unwrap_or_default();
        items.push(item);
        let i = items.len() - 1;
        self.set(path, Some(Value::Array(items)));
        i
    }

    /// The configuration's JSON text, indented.
    pub fn to_json(&self) -> String {
        serde_json::to_string_pretty(&self.0).expect("a JSON value serializes")
    }

    /// Reads and validates the document with the banner's own reader: what the banner would do
    /// with it, and every diagnostic with its key path.
    pub fn check(&self) -> (Result<Config, ()>, Vec<Diagnostic>) {
        config::read(&self.0)
    }

    /// Every service id in the document.
    pub fn service_ids(&self) -> Vec<String> {
        let mut ids = Vec::new();
        for c in 0..self.len("categories") {
            let path = format!("categories[{c}].services");
            for s in 0..self.len(&path) {
                ids.push(self.string(&format!("{path}[{s}].id")));
            }
        }
        ids
    }

    /// The index of the category `id`, if there is one.
    pub fn category_index(&self, id: &str) -> Option<usize> {
        (0..self.len("categories")).find(|i| self.string(&format!("categories[{i}].id")) == id)
    }
}

/// The path of the object or array holding `path`'s last key (`a.b[1].c` → `a.b[1]`).
pub fn parent_path(path: &str) -> String {
    match path.rfind(['.', '[']) {
        Some(i) => path[..i].to_owned(),
        None => String::new(),
    }
}

/// `id`, or `id-2`, `id-3`… : the first of these not in `taken`.
pub fn unique_id(id: &str, taken: &[String]) -> String {
    if !taken.iter().any(|t| t == id) {
        return id.to_owned();
    }
    (2..)
        .map(|n| format!("{id}-{n}"))
        .find(|c| !taken.contains(c))
        .expect("some suffix is free")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn paths_split_like_the_validator_writes_them() {
        assert_eq!(
            steps("categories[1].services[0].country").unwrap(),
            [
                Step::Key("categories".into()),
                Step::Index(1),
                Step::Key("services".into()),
                Step::Index(0),
                Step::Key("country".into())
            ]
        );
        assert!(steps("a..b").is_none());
        assert!(steps("a[x]").is_none());
        assert_eq!(parent_path("a.b[1].c"), "a.b[1]");
        assert_eq!(parent_path("a.b[1]"), "a.b");
    }

    #[test]
    fn setting_and_clearing_keys_leaves_no_empty_objects() {
        let mut doc = Doc(json!({}));
        doc.set_string("operator.contacts.email", "a@b.kz");
        assert_eq!(
            doc.0,
            json!({"operator": {"contacts": {"email": "a@b.kz"}}})
        );
        doc.set_string("operator.contacts.email", " ");
        assert_eq!(doc.0, json!({}));
        doc.set_number("operator.response_days", "30");
        assert_eq!(doc.get("operator.response_days"), Some(&json!(30)));
        doc.set_number("operator.response_days", "30 days");
        assert_eq!(doc.string("operator.response_days"), "30 days");
    }

    #[test]
    fn per_language_texts_keep_the_other_languages() {
        let mut doc = Doc(json!({"operator": {"name": "ТОО X"}}));
        assert_eq!(doc.text("operator.name", Lang::En), "ТОО X");
        doc.set_text("operator.name", Lang::En, "X LLP");
        assert_eq!(
            doc.get("operator.name"),
            Some(&json!({"kk": "ТОО X", "ru": "ТОО X", "en": "X LLP"}))
        );
        for lang in Lang::ALL {
            doc.set_text("operator.name", lang, "");
        }
        assert_eq!(doc.0, json!({}));
    }

    #[test]
    fn cookie_names_keep_what_the_form_does_not_show() {
        let mut doc = Doc(json!({"c": [{"name": "_ga", "lifetime": "2 years"}, {"name": "_gid"}]}));
        assert_eq!(doc.list_line("c", Some("name")), "_ga, _gid");
        doc.set_list_line("c", Some("name"), "_ga, _ga_*");
        assert_eq!(
            doc.get("c"),
            Some(&json!([{"name": "_ga", "lifetime": "2 years"}, {"name": "_ga_*"}]))
        );
        doc.set_list_line("cross_border", None, "DE, NL,");
        assert_eq!(doc.get("cross_border"), Some(&json!(["DE", "NL"])));
    }

    #[test]
    fn ids_are_made_unique() {
        let taken = vec!["ga".to_owned(), "ga-2".to_owned()];
        assert_eq!(unique_id("ga", &taken), "ga-3");
        assert_eq!(unique_id("ym", &taken), "ym");
    }
}
