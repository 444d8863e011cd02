//! What the configurator hands out and what it reads back: the embed a site pastes into its
//! `<head>` (the configuration in `<script id="kelisim-config">` plus the loader's tag, and the
//! theme's `<style>` when a colour was changed), the preview page, and an existing
//! configuration pasted as JSON or as a whole embed.

use crate::doc::Doc;
use crate::theme::{self, Colour};
use kelisim::lang::Lang;
use serde_json::{json, Value};

/// Where the embed's loader tag points: the self-hosted layout of the README. This loader
/// blocks automatically when asked (`data-kelisim-autoblock`).
pub const LOADER_SRC: &str = "/kelisim/kelisim.js";

/// The loader of the recommended embed (`dist/kelisim-lite.js`), beside [`LOADER_SRC`]: the same
/// without automatic blocking, which an `async` tag could not do (2.2 KB brotli less).
pub const LOADER_LITE_SRC: &str = "/kelisim/kelisim-lite.js";

/// The loader with the first layer inside it (`dist/kelisim-one.js`), beside [`LOADER_SRC`].
pub const LOADER_ONE_SRC: &str = "/kelisim/kelisim-one.js";

/// Which loader tag the embed ends with (the README's "Embedding" and "The banner sooner" say
/// when to use which).
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub enum Loader {
    /// `kelisim-lite.js`, `async`, after the build's preload hints: the recommended embed.
    #[default]
    Async,
    /// `kelisim.js` with `data-kelisim-autoblock`: a plain script (neither `async` nor `defer`),
    /// which the site puts first in `<head>`, before the trackers' tags; the trackers of the
    /// catalogue wait for their category (automatic blocking).
    Autoblock,
    /// `kelisim-one.js`, `async`: the first layer carried in the loader's own response, so no
    /// preload hints; about 3 KB heavier than the recommended embed, the banner sooner on a slow
    /// network.
    OneResponse,
}

impl Loader {
    /// Every choice, in the order the configurator offers them.
    pub const ALL: [Loader; 3] = [Loader::Async, Loader::Autoblock, Loader::OneResponse];

    /// A short name for the choice's control (`cfg-loader-<key>` names its texts).
    pub fn key(self) -> &'static str {
        match self {
            Loader::Async => "async",
            Loader::Autoblock => "autoblock",
            Loader::OneResponse => "one",
        }
    }

    /// The loader an embed (or a page) uses, read back from its tag; [`Loader::Async`] when
    /// it has neither other loader.
    pub fn detect(text: &str) -> Loader {
        if text.contains("kelisim-one.js") {
            Loader::OneResponse
        } else if text.contains("data-kelisim-autoblock") {
            Loader::Autoblock
        } else {
            Loader::Async
        }
    }

    /// The loader's tag.
    fn tag(self) -> String {
        match self {
            Loader::Async => format!("<script src=\"{LOADER_LITE_SRC}\" async></script>\n"),
            Loader::Autoblock => {
                format!("<script src=\"{LOADER_SRC}\" data-kelisim-autoblock></script>\n")
            }
            Loader::OneResponse => format!("<script src=\"{LOADER_ONE_SRC}\" async></script>\n"),
        }
    }
}

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
/// `scripts/build.sh`): the first layer's wasm fetched in the loader's round trip (its glue is
/// inside the loader), with the integrity the manifest gives (the wasm's hint has none: the
/// loader checks its SHA-384; a `modulepreload` entry, as older builds listed for the glue,
/// keeps its integrity).
/// Empty when the manifest has no such list.
pub fn preload_hints(manifest: &Value) -> String {
    let base = LOADER_SRC.trim_end_matches("kelisim.js");
    let mut out = String::new();
    for hint in manifest["preload"].as_array().into_iter().flatten() {
        let (Some(file), Some(rel)) = (hint["file"].as_str(), hint["rel"].as_str()) else {
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
        if let Some(integrity) = hint["integrity"].as_str() {
            tag.push_str(&format!(" integrity=\"{}\"", attr(integrity)));
        }
        tag.push_str(" crossorigin>\n");
        out.push_str(&tag);
    }
    out
}

/// The embed with `loader`'s tag, after the build's preload hints (see [`preload_hints`]) for
/// the loaders that fetch the first layer (`kelisim-one.js` carries it).
pub fn embed_with(doc: &Doc, colours: &[Colour], hints: &str, loader: Loader) -> String {
    let hints = if loader == Loader::OneResponse {
        ""
    } else {
        hints
    };
    format!("{hints}{}{}", style_and_config(doc, colours), loader.tag())
}

/// The recommended embed without hints: the theme's style (if any colour changed), the
/// configuration and the `async` loader tag.
pub fn embed(doc: &Doc, colours: &[Colour]) -> String {
    embed_with(doc, colours, "", Loader::Async)
}

/// The theme's style (if any colour changed) and the configuration's element.
fn style_and_config(doc: &Doc, colours: &[Colour]) -> String {
    let mut out = String::new();
    let style = theme::site_style(colours);
    if !style.is_empty() {
        out.push_str(&format!("<style>{style}</style>\n"));
    }
    out.push_str(&format!(
        "<script type=\"application/json\" id=\"kelisim-config\">\n{}\n</script>\n",
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
              "type": "application/wasm" },
            { "file": "app/x.js", "rel": "modulepreload", "integrity": "sha384-\"C" },
            { "file": "incomplete" }
        ] });
        let hints = preload_hints(&manifest);
        assert_eq!(
            hints,
            "<link rel=\"modulepreload\" href=\"/kelisim/app/first.0123abcd.js\" integrity=\"sha384-A\" crossorigin>\n\
             <link rel=\"preload\" href=\"/kelisim/app/first_bg.89abcdef.wasm\" as=\"fetch\" type=\"application/wasm\" crossorigin>\n\
             <link rel=\"modulepreload\" href=\"/kelisim/app/x.js\" integrity=\"sha384-&quot;C\" crossorigin>\n"
        );
        let out = embed_with(&filled(), &theme::defaults(), &hints, Loader::Async);
        assert!(out.starts_with(&hints) && out.ends_with(&embed(&filled(), &theme::defaults())));
        assert_eq!(preload_hints(&json!({ "files": {} })), "");
    }

    #[test]
    fn each_loader_gets_its_tag_and_is_read_back() {
        let hints = "<link rel=\"modulepreload\" href=\"/kelisim/app/first.js\">\n";
        let tags = [
            "<script src=\"/kelisim/kelisim-lite.js\" async></script>\n",
            "<script src=\"/kelisim/kelisim.js\" data-kelisim-autoblock></script>\n",
            "<script src=\"/kelisim/kelisim-one.js\" async></script>\n",
        ];
        for (loader, tag) in Loader::ALL.into_iter().zip(tags) {
            let out = embed_with(&filled(), &theme::defaults(), hints, loader);
            assert!(out.ends_with(tag), "{loader:?}: {out}");
            assert_eq!(out.matches("<script").count(), 2, "{out}");
            // kelisim-one.js carries the first layer: hints for its files would fetch it twice.
            assert_eq!(
                out.starts_with(hints),
                loader != Loader::OneResponse,
                "{out}"
            );
            assert_eq!(Loader::detect(&out), loader);
            assert_eq!(extract(&out).unwrap(), filled());
        }
        // An embed of an older build (kelisim.js, async) is read back as the recommended one.
        assert_eq!(
            Loader::detect("<script src=\"/kelisim/kelisim.js\" async></script>"),
            Loader::Async
        );
        // Automatic blocking needs a plain script: never async or defer.
        let autoblock = embed_with(&filled(), &theme::defaults(), "", Loader::Autoblock);
        assert!(!autoblock.contains(" async") && !autoblock.contains(" defer"));
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
