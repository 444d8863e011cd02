//! What the configurator hands out and what it reads back: the embed a site pastes into its
//! `<head>` (the configuration in `<script id="kelisim-config">` plus the loader's tag, and the
//! theme's `<style>` when a colour was changed), the preview page, and an existing
//! configuration pasted as JSON or as a whole embed.

use crate::doc::Doc;
use crate::theme::{self, Colour};
use kelisim::lang::Lang;
use serde_json::{json, Value};

/// Where the embed's loader tag points: the self-hosted layout of the README.
pub const LOADER_SRC: &str = "/kelisim/kelisim.js";

/// The consent cookie of the preview, so that choices made in it never touch the site's own.
pub const PREVIEW_COOKIE: &str = "kelisim-preview";

/// The document as JSON fit for a `<script>` element: every `<` escaped (`\u003c`), so no
/// text in it can close the element.
pub fn script_json(value: &Value) -> String {
    serde_json::to_string_pretty(value)
        .expect("a JSON value serializes")
        .replace('<', "\\u003c")
}

/// The preload hints of the build's `manifest.json` (its `preload` list, written by
/// `scripts/build.sh`): the first layer's glue and wasm fetched in the loader's round trip, each
/// with its integrity. Empty when the manifest has no such list.
pub fn preload_hints(manifest: &Value) -> String {
    let base = LOADER_SRC.trim_end_matches("kelisim.js");
    let mut out = String::new();
    for hint in manifest["preload"].as_array().into_iter().flatten() {
        let (Some(file), Some(rel), Some(integrity)) = (
            hint["file"].as_str(),
            hint["rel"].as_str(),
            hint["integrity"].as_str(),
        ) else {
            continue;
        };
        let attr = |v: &str| escape(v);
        let mut tag = format!(
            "<link rel=\"{}\" href=\"{}{}\"",
            attr(rel),
            base,
            attr(file)
        );
        if let Some(kind) = hint["as"].as_str() {
            tag.push_str(&format!(" as=\"{}\"", attr(kind)));
        }
        if let Some(ty) = hint["type"].as_str() {
            tag.push_str(&format!(" type=\"{}\"", attr(ty)));
        }
        tag.push_str(&format!(
            " integrity=\"{}\" crossorigin>\n",
            attr(integrity)
        ));
        out.push_str(&tag);
    }
    out
}

/// The embed with the build's preload hints first (see [`preload_hints`]).
pub fn embed_with_hints(doc: &Doc, colours: &[Colour], hints: &str) -> String {
    format!("{hints}{}", embed(doc, colours))
}

/// The embed: the theme's style (if any colour changed), the configuration and the loader tag.
pub fn embed(doc: &Doc, colours: &[Colour]) -> String {
    let mut out = String::new();
    let style = theme::site_style(colours);
    if !style.is_empty() {
        out.push_str(&format!("<style>{style}</style>\n"));
    }
    out.push_str(&format!(
        "<script type=\"application/json\" id=\"kelisim-config\">\n{}\n</script>\n\
         <script src=\"{LOADER_SRC}\" async></script>\n",
        script_json(&doc.0)
    ));
    out
}

/// Reads a configuration back from what the site owner pasted or opened: its JSON, or an embed
/// (or a whole page) holding `<script … id="kelisim-config">…</script>`.
pub fn extract(text: &str) -> Result<Doc, String> {
    let text = text.trim();
    if text.starts_with('{') {
        return Doc::from_json(text);
    }
    let at = text
        .find("id=\"kelisim-config\"")
        .or_else(|| text.find("id='kelisim-config'"))
        .ok_or_else(|| "neither JSON nor a <script id=\"kelisim-config\"> element".to_owned())?;
    let start = text[at..]
        .find('>')
        .map(|i| at + i + 1)
        .ok_or("the <script> element is not closed")?;
    let end = text[start..]
        .find("</script>")
        .map(|i| start + i)
        .ok_or("no </script> after the configuration")?;
    Doc::from_json(&text[start..end])
}

/// What the preview shows.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct View {
    /// The language forced in the preview.
    pub lang: Lang,
    /// Dark mode.
    pub dark: bool,
    /// The preference center rather than the first layer.
    pub preferences: bool,
}

/// The preview's configuration: the document with the language forced, its own consent cookie,
/// and neither records sent nor reloads (the preview is not a visitor's choice).
pub fn preview_config(doc: &Doc, lang: Lang) -> Value {
    let mut v = doc.0.clone();
    if let Value::Object(m) = &mut v {
        m.insert("language".into(), json!(lang.code()));
        m.insert("cookie".into(), json!({ "name": PREVIEW_COOKIE }));
        m.remove("endpoint");
        m.remove("reload_on_withdraw");
    }
    v
}

/// The preview page (an iframe's `srcdoc`): a page in `view.lang` with the configuration and
/// the real loader at `loader` (relative to the configurator's page), showing the preference
/// center when asked. `page_text` is the sample page's paragraph.
pub fn preview_page(
    doc: &Doc,
    colours: &[Colour],
    view: View,
    loader: &str,
    page_text: &str,
) -> String {
    let show = if view.preferences {
        "<script>kelisim.showPreferences()</script>"
    } else {
        ""
    };
    let scheme = if view.dark { "dark" } else { "light" };
    let (bg, fg) = if view.dark {
        ("#101317", "#f1f3f5")
    } else {
        ("#ffffff", "#1b1f24")
    };
    format!(
        "<!doctype html><html lang=\"{lang}\"><head><meta charset=\"utf-8\">\
         <meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\
         <style>:root {{ color-scheme: {scheme}; background: {bg}; color: {fg}; \
         font: 16px/1.5 system-ui, sans-serif; }} {style}</style>\
         <script type=\"application/json\" id=\"kelisim-config\">{json}</script>\
         <script src=\"{loader}\"></script>{show}</head>\
         <body><p>{text}</p></body></html>",
        lang = view.lang.code(),
        style = theme::preview_style(colours, view.dark),
        json = script_json(&preview_config(doc, view.lang)),
        text = escape(page_text),
    )
}

/// Text made safe for HTML.
pub fn escape(text: &str) -> String {
    text.replace('&', "&amp;")
        .replace('<', "&lt;")
        .replace('>', "&gt;")
        .replace('"', "&quot;")
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::catalogue::find;
    use crate::edit::add_known;

    fn filled() -> Doc {
        let mut doc = Doc::default();
        doc.set_text("operator.name", Lang::Kk, "«Дала Дәмі» ЖШС");
        doc.set_string("operator.bin", "190940011223");
        doc.set_string("operator.contacts.email", "privacy@dala-dami.kz");
        doc.set_text(
            "policy_url",
            Lang::Ru,
            "/ru/policy</script><script>alert(1)</script>",
        );
        add_known(&mut doc, find("yandex-metrica").unwrap());
        doc
    }

    #[test]
    fn the_embed_parses_back_to_the_same_valid_configuration() {
        let doc = filled();
        let out = embed(&doc, &theme::defaults());
        assert!(!out.contains("<style>"), "no colour changed");
        assert_eq!(out.matches("</script>").count(), 2, "{out}");
        let back = extract(&out).unwrap();
        assert_eq!(back, doc);
        let json = &out[out.find('{').unwrap()..out.rfind('}').unwrap() + 1];
        let (config, diags) = kelisim::config::parse(json);
        assert!(config.is_ok(), "{diags:?}");
        let config = config.unwrap();
        assert_eq!(
            config.operator.unwrap().bin.as_deref(),
            Some("190940011223")
        );
        assert_eq!(config.categories[2].services[0].id, "yandex-metrica");
    }

    #[test]
    fn the_manifest_preload_list_becomes_hints_before_the_embed() {
        let manifest = json!({ "preload": [
            { "file": "app/first.0123abcd.js", "rel": "modulepreload", "integrity": "sha384-A" },
            { "file": "app/first_bg.89abcdef.wasm", "rel": "preload", "as": "fetch",
              "type": "application/wasm", "integrity": "sha384-\"B" },
            { "file": "incomplete" }
        ] });
        let hints = preload_hints(&manifest);
        assert_eq!(
            hints,
            "<link rel=\"modulepreload\" href=\"/kelisim/app/first.0123abcd.js\" integrity=\"sha384-A\" crossorigin>\n\
             <link rel=\"preload\" href=\"/kelisim/app/first_bg.89abcdef.wasm\" as=\"fetch\" type=\"application/wasm\" integrity=\"sha384-&quot;B\" crossorigin>\n"
        );
        let out = embed_with_hints(&filled(), &theme::defaults(), &hints);
        assert!(out.starts_with(&hints) && out.ends_with(&embed(&filled(), &theme::defaults())));
        assert_eq!(preload_hints(&json!({ "files": {} })), "");
    }

    #[test]
    fn a_changed_colour_goes_into_the_embed() {
        let mut colours = theme::defaults();
        colours[3].light = "#00875a".into();
        assert!(embed(&filled(), &colours)
            .starts_with("<style>#kelisim-root { --kelisim-accent: #00875a; }</style>"));
    }

    #[test]
    fn plain_json_and_pages_are_read_back() {
        assert_eq!(
            extract(" {\"revision\": 2} ").unwrap().0,
            json!({"revision": 2})
        );
        let page =
            "<head><script type='application/json' id='kelisim-config'>{\"revision\": 3}</script>";
        assert_eq!(extract(page).unwrap().0, json!({"revision": 3}));
        assert!(extract("hello").is_err());
        assert!(extract("[1]").is_err());
    }

    #[test]
    fn the_preview_forces_the_language_and_uses_its_own_cookie() {
        let mut doc = filled();
        doc.set_string("endpoint", "/consent");
        let view = View {
            lang: Lang::En,
            dark: true,
            preferences: true,
        };
        let page = preview_page(&doc, &theme::defaults(), view, "../kelisim.js", "A <page>");
        assert!(page.contains("<html lang=\"en\">"));
        assert!(page.contains("kelisim.showPreferences()"));
        assert!(page.contains("A &lt;page&gt;"));
        let config = extract(&page).unwrap();
        assert_eq!(config.string("language"), "en");
        assert_eq!(config.string("cookie.name"), PREVIEW_COOKIE);
        assert!(config.get("endpoint").is_none());
        assert!(config.check().0.is_ok());
    }
}
