//! How a message reaches the screen, the same for both message tables (the app's [`Msg`] and the
//! first layer's [`FirstMsg`]): the site's override from the configuration's `texts`, else the
//! built-in message ([`text`]); a category's name ([`category_name`]); and the Global Privacy
//! Control note that says which categories the browser's signal leaves refused ([`gpc_note`]).

use crate::config::Config;
use crate::consent::{self, Consent};
use crate::i18n::{self, FirstMsg, Msg};
use crate::lang::Lang;

/// A table of built-in messages.
pub trait Table: Copy {
    /// The Fluent id of the Global Privacy Control note in this table.
    const GPC_NOTE: Self;
    /// The message's Fluent id (the key of its override in `texts`).
    fn id(self) -> &'static str;
    /// The built-in pattern in `lang`.
    fn builtin(self, lang: Lang) -> &'static str;
    /// The message with this Fluent id, if the table has it.
    fn find(id: &str) -> Option<Self>;
}

impl Table for Msg {
    const GPC_NOTE: Msg = i18n::id::GPC_NOTE;
    fn id(self) -> &'static str {
        i18n::IDS[self.0]
    }
    fn builtin(self, lang: Lang) -> &'static str {
        i18n::text(lang, self)
    }
    fn find(id: &str) -> Option<Msg> {
        i18n::find(id)
    }
}

impl Table for FirstMsg {
    const GPC_NOTE: FirstMsg = i18n::first::id::GPC_NOTE;
    fn id(self) -> &'static str {
        i18n::first::IDS[self.0]
    }
    fn builtin(self, lang: Lang) -> &'static str {
        i18n::first_text(lang, self)
    }
    fn find(id: &str) -> Option<FirstMsg> {
        i18n::find_first(id)
    }
}

/// Message `msg` in `lang`: the site's override of it, else the built-in one.
#[inline]
pub fn text<M: Table>(config: &Config, lang: Lang, msg: M) -> String {
    match config.texts.get(msg.id()) {
        Some(text) => text.get(lang).to_owned(),
        None => msg.builtin(lang).to_owned(),
    }
}

/// Category `id`'s name in `lang`: the configuration's `name`, the built-in one (with the site's
/// override of it), or its id.
pub fn category_name<M: Table>(config: &Config, lang: Lang, id: &str) -> String {
    if let Some(name) = config.category(id).and_then(|c| c.name.as_ref()) {
        return name.get(lang).to_owned();
    }
    match M::find(&i18n::category_name_id(id)) {
        Some(msg) => text(config, lang, msg),
        None => id.to_owned(),
    }
}

/// Why some categories are off: the note naming the categories Global Privacy Control leaves
/// refused, when the browser sends it (`gpc`) and there are any.
pub fn gpc_note<M: Table>(
    config: &Config,
    lang: Lang,
    gpc: bool,
    consent: Option<&Consent>,
) -> Option<String> {
    if !gpc {
        return None;
    }
    let names: Vec<String> = consent::gpc_refused(config, consent)
        .into_iter()
        .map(|id| category_name::<M>(config, lang, id))
        .collect();
    (!names.is_empty()).then(|| {
        i18n::fill_count(
            lang,
            &text(config, lang, M::GPC_NOTE),
            "count",
            names.len() as u64,
            &[("categories", &crate::text::join(&names, ", "))],
        )
    })
}

#[cfg(all(test, feature = "json"))]
mod tests {
    use super::*;
    use crate::config::parse;

    fn config(json: &str) -> Config {
        parse(json).0.unwrap()
    }

    #[test]
    fn an_override_wins_over_the_built_in_message_in_both_tables() {
        let plain = Config::default();
        let own =
            config(r#"{"texts": {"banner-title": {"kk": "Сәлем", "ru": "Привет", "en": "Hi"}}}"#);
        let first = i18n::first::id::BANNER_TITLE;
        let app = i18n::find("banner-title").unwrap();
        assert_eq!(text(&own, Lang::Ru, first), "Привет");
        assert_eq!(text(&own, Lang::En, app), "Hi");
        assert_eq!(
            text(&plain, Lang::En, first),
            i18n::first_text(Lang::En, first)
        );
        assert_eq!(text(&plain, Lang::Kk, app), i18n::text(Lang::Kk, app));
        assert_eq!(first.id(), app.id());
    }

    #[test]
    fn a_category_is_named_by_the_configuration_then_the_locales_then_its_id() {
        let mut c = config(
            r#"{"categories": [{"id": "necessary", "required": true},
                {"id": "analytics", "name": {"kk": "Талдау", "ru": "Аналитика", "en": "Stats"}}]}"#,
        );
        // A category without a name of its own or in the locales (validation asks for one).
        let mut chat = c.categories[0].clone();
        chat.id = "chat".into();
        c.categories.push(chat);
        assert_eq!(category_name::<Msg>(&c, Lang::En, "analytics"), "Stats");
        assert_eq!(
            category_name::<FirstMsg>(&c, Lang::Ru, "analytics"),
            "Аналитика"
        );
        let built_in = i18n::text(Lang::En, i18n::category_name("necessary").unwrap());
        assert_eq!(category_name::<Msg>(&c, Lang::En, "necessary"), built_in);
        assert_eq!(
            category_name::<FirstMsg>(&c, Lang::En, "necessary"),
            built_in
        );
        assert_eq!(category_name::<FirstMsg>(&c, Lang::En, "chat"), "chat");
    }

    #[test]
    fn the_gpc_note_names_the_refused_categories_only_under_gpc() {
        let c = Config::default();
        let refused = consent::gpc_refused(&c, None);
        assert!(!refused.is_empty(), "the default has GPC categories");
        assert_eq!(gpc_note::<Msg>(&c, Lang::En, false, None), None);
        let note = gpc_note::<FirstMsg>(&c, Lang::En, true, None).unwrap();
        assert_eq!(
            gpc_note::<Msg>(&c, Lang::En, true, None).as_deref(),
            Some(note.as_str())
        );
        for id in refused {
            assert!(
                note.contains(&category_name::<Msg>(&c, Lang::En, id)),
                "{note}"
            );
        }
    }
}
