//! The browser's own `JSON.parse` result as the configuration reader's [`Json`]: neither bundle
//! ships a JSON parser for the configuration, and both run the same core reader on the same text.

use crate::config::read::{read, Json, Kind};
use crate::config::{Config, Diagnostic};
use js_sys::{Array, Object, Reflect, JSON};
use wasm_bindgen::{JsCast, JsValue};

impl Json for JsValue {
    fn kind(&self) -> Kind {
        if self.is_null() || self.is_undefined() {
            Kind::Null
        } else if self.as_bool().is_some() {
            Kind::Bool
        } else if self.as_f64().is_some() {
            Kind::Number
        } else if self.is_string() {
            Kind::String
        } else if Array::is_array(self) {
            Kind::Array
        } else {
            Kind::Object
        }
    }
    fn as_bool(&self) -> Option<bool> {
        JsValue::as_bool(self)
    }
    fn as_f64(&self) -> Option<f64> {
        JsValue::as_f64(self)
    }
    fn as_string(&self) -> Option<String> {
        JsValue::as_string(self)
    }
    fn items(&self) -> Vec<Self> {
        let mut out = Vec::new();
        if let Some(a) = self.dyn_ref::<Array>() {
            for item in a.iter() {
                out.push(item);
            }
        }
        out
    }
    fn entries(&self) -> Vec<(String, Self)> {
        if self.kind() != Kind::Object {
            return Vec::new();
        }
        let object: &Object = self.unchecked_ref();
        let mut out = Vec::new();
        for k in Object::keys(object).iter() {
            if let (Some(key), Ok(value)) = (k.as_string(), Reflect::get(object, &k)) {
                out.push((key, value));
            }
        }
        out
    }
}

/// Reads and validates the configuration's JSON text with the browser's parser.
pub fn read_config(text: &str) -> (Result<Config, ()>, Vec<Diagnostic>) {
    match JSON::parse(text) {
        Ok(value) => read(&value),
        Err(e) => {
            let why = Reflect::get(&e, &"message".into())
                .ok()
                .and_then(|m| m.as_string())
                .unwrap_or_default();
            let mut message = String::from("not valid JSON: ");
            message.push_str(&why);
            (Err(()), vec![Diagnostic::error(String::new(), message)])
        }
    }
}
