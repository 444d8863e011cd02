//! The configurator's own texts, from `locales/configurator/{kk,ru,en}/configurator.ftl` (kept
//! apart from the banner's locales, so none of them reaches the banner's bundles), formatted at
//! run time by Fluent's own `fluent-bundle`.

use fluent_bundle::{FluentArgs, FluentBundle, FluentResource, FluentValue};
use kelisim::lang::Lang;

const SOURCES: [&str; 3] = [
    include_str!("../../../locales/configurator/kk/configurator.ftl"),
    include_str!("../../../locales/configurator/ru/configurator.ftl"),
    include_str!("../../../locales/configurator/en/configurator.ftl"),
];

/// The three languages' bundles.
pub struct Texts {
    bundles: Vec<FluentBundle<FluentResource>>,
}

impl Default for Texts {
    fn default() -> Self {
        Self::new()
    }
}

impl Texts {
    /// Parses the three files (a syntax error is a bug the native tests catch).
    pub fn new() -> Texts {
        let bundles = Lang::ALL
            .iter()
            .zip(SOURCES)
            .map(|(lang, source)| {
                let resource = FluentResource::try_new(source.to_owned())
                    .unwrap_or_else(|(_, e)| panic!("configurator.ftl ({}): {e:?}", lang.code()));
                let mut bundle =
                    FluentBundle::new(vec![lang.code().parse().expect("a language id")]);
                // No Unicode isolation marks around variables: the texts are plain.
                bundle.set_use_isolating(false);
                bundle
                    .add_resource(resource)
                    .expect("each message is defined once");
                bundle
            })
            .collect();
        Texts { bundles }
    }

    /// Message `id` in `lang`; the id itself when it is missing (a test forbids that).
    pub fn get(&self, lang: Lang, id: &str) -> String {
        self.format(lang, id, &[])
    }

    /// Message `id` in `lang` with variables.
    pub fn format(&self, lang: Lang, id: &str, vars: &[(&str, &str)]) -> String {
        let bundle = &self.bundles[lang as usize];
        let Some(pattern) = bundle.get_message(id).and_then(|m| m.value()) else {
            return id.to_owned();
        };
        let mut args = FluentArgs::new();
        for (k, v) in vars {
            // Numbers as numbers, so plural selectors apply.
            args.set(*k, FluentValue::try_number(v));
        }
        let mut errors = Vec::new();
        bundle
            .format_pattern(pattern, Some(&args), &mut errors)
            .into_owned()
    }

    /// Whether `lang` has message `id`.
    pub fn has(&self, lang: Lang, id: &str) -> bool {
        self.bundles[lang as usize].has_message(id)
    }
}

/// The ids of the messages of one language's file.
pub fn ids(lang: Lang) -> Vec<String> {
    let resource = FluentResource::try_new(SOURCES[lang as usize].to_owned()).expect("parses");
    resource
        .entries()
        .filter_map(|e| match e {
            fluent_syntax::ast::Entry::Message(m) => Some(m.id.name.to_owned()),
            _ => None,
        })
        .collect()
}
