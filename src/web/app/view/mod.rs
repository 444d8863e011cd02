//! The Leptos view of the app: the preference center, shown while [`App::open`] is set.
//!
//! Every text comes from [`App::t`] (the locales, or the configuration's overrides) or from the
//! configuration as plain text; nothing is inserted as HTML. Buttons carry the contract's
//! `data-kelisim-action`, switches `data-kelisim-category`, language buttons
//! `data-kelisim-language`. The components take the [`App`] from context (`expect_context`) rather
//! than as a prop.

mod disclosures;
mod preferences;
mod processing;
mod receipt;

use super::state::App;
use crate::config::Text;
use crate::consent::Action;
use crate::i18n::{self, id, Msg};
use leptos::prelude::*;

/// The app's root: the preference center while it is open.
#[component]
pub fn Root() -> impl IntoView {
    let app = expect_context::<App>();
    move || {
        app.open
            .get()
            .then(|| view! { <preferences::Preferences /> })
    }
}

/// A button with a contract action and a translated label.
#[component]
fn ActionButton(action: Action, label: Msg) -> impl IntoView {
    let app = expect_context::<App>();
    view! {
        <button type="button" class="k-button" data-kelisim-action=action.as_str() on:click=move |e| app.apply(action, crate::web::page::trusted(&e))>
            {move || app.t(label)}
        </button>
    }
}

/// The language switch: one button per offered language, in its own language.
#[component]
fn Languages() -> impl IntoView {
    let app = expect_context::<App>();
    let langs = app.languages();
    (langs.len() > 1).then(|| {
        view! {
            <div class="k-langs" role="group" aria-label=move || app.t(id::LANGUAGE_LABEL)>
                {langs
                    .into_iter()
                    .map(|lang| {
                        view! {
                            <button
                                type="button"
                                class="k-lang"
                                data-kelisim-action="language"
                                data-kelisim-language=lang.code()
                                lang=lang.code()
                                aria-pressed=move || (app.lang.get() == lang).to_string()
                                on:click=move |_| app.set_language(lang)
                            >
                                {move || app.t(i18n::autonym(lang))}
                            </button>
                        }
                    })
                    .collect_view()}
            </div>
        }
    })
}

/// Why some categories are off: the browser's Global Privacy Control signal.
#[component]
fn GpcNote() -> impl IntoView {
    let app = expect_context::<App>();
    move || {
        app.gpc_note()
            .map(|note| view! { <p class="k-gpc" data-kelisim-gpc="">{note}</p> })
    }
}

/// A configuration text in the current language (reactive).
fn shown(app: App, text: &Option<Text>) -> impl Fn() -> String + Send + Sync + 'static {
    let text = text.clone();
    move || {
        text.as_ref()
            .map(|t| t.get(app.lang.get()).to_owned())
            .unwrap_or_default()
    }
}
