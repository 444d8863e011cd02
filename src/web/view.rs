//! The Leptos view: the first layer and the settings screen, rendered in the shadow root.
//!
//! Every text comes from [`App::t`] (the locales, or the configuration's overrides) or from the
//! configuration as plain text; nothing is inserted as HTML. Buttons carry the contract's
//! `data-kelisim-action`, switches `data-kelisim-category`, language buttons
//! `data-kelisim-language`.

use super::app::{App, Screen};
use crate::config::Category;
use crate::consent::Choice;
use crate::i18n::{self, id, Msg};
use leptos::prelude::*;

/// Whatever screen is current.
#[component]
pub fn Root(app: App) -> impl IntoView {
    move || match app.screen.get() {
        Screen::Hidden => ().into_any(),
        Screen::Banner => view! { <Banner app=app /> }.into_any(),
        Screen::Settings => view! { <Settings app=app /> }.into_any(),
    }
}

/// A button with a contract action and a translated label.
#[component]
fn ActionButton(
    app: App,
    action: &'static str,
    label: Msg,
    on_press: impl Fn() + 'static,
) -> impl IntoView {
    view! {
        <button type="button" class="k-button" data-kelisim-action=action on:click=move |_| on_press()>
            {move || app.t(label)}
        </button>
    }
}

/// The language switch: one button per offered language, in its own language.
#[component]
fn Languages(app: App) -> impl IntoView {
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
                                data-kelisim-language=lang.code()
                                lang=lang.code()
                                aria-pressed=move || (app.lang.get() == lang).to_string()
                                on:click=move |_| {
                                    app.set_language(lang.code());
                                }
                            >
                                {move || app.t(lang.autonym())}
                            </button>
                        }
                    })
                    .collect_view()}
            </div>
        }
    })
}

/// The first layer.
#[component]
fn Banner(app: App) -> impl IntoView {
    const SCREEN: &str = "banner";
    let policy = move || {
        let lang = app.lang.get();
        app.config
            .with_value(|c| c.policy_url.as_ref().map(|t| t.get(lang).to_owned()))
    };
    view! {
        <section
            class="k-banner"
            role="region"
            aria-labelledby="kelisim-title"
            aria-describedby="kelisim-text"
            lang=move || app.lang.get().code()
            data-kelisim-screen="banner"
        >
            <div class="k-head">
                <h2 id="kelisim-title" class="k-title">{move || app.t(id::BANNER_TITLE)}</h2>
                <Languages app=app />
            </div>
            <p id="kelisim-text" class="k-text">
                {move || app.t(id::BANNER_TEXT)}
                {move || {
                    policy()
                        .map(|href| {
                            view! {
                                " "
                                <a class="k-link" href=href target="_blank" rel="noopener noreferrer">
                                    {app.t(id::BANNER_POLICY_LINK)}
                                </a>
                            }
                        })
                }}
            </p>
            <div class="k-actions">
                <ActionButton app=app action="accept-all" label=id::ACTION_ACCEPT_ALL on_press=move || app.choose(Choice::AcceptAll, "accept-all", SCREEN) />
                <ActionButton app=app action="reject-all" label=id::ACTION_REJECT_ALL on_press=move || app.choose(Choice::RejectAll, "reject-all", SCREEN) />
                <ActionButton app=app action="preferences" label=id::ACTION_SETTINGS on_press=move || app.show_preferences() />
            </div>
        </section>
    }
}

/// One category's row: switch, name, description.
#[component]
fn CategoryRow(app: App, category: Category) -> impl IntoView {
    let required = category.is_required();
    let cat_id = category.id.clone();
    let described_by = format!("kelisim-category-{}", category.id);
    let Category {
        id: key,
        name,
        description,
        ..
    } = category;
    let name_key = key.clone();
    let label = move || match &name {
        Some(text) => text.get(app.lang.get()).to_owned(),
        None => i18n::category_name(&name_key).map_or_else(|| name_key.clone(), |m| app.t(m)),
    };
    let desc_key = key.clone();
    let about = move || match &description {
        Some(text) => text.get(app.lang.get()).to_owned(),
        None => i18n::category_description(&desc_key)
            .map(|m| app.t(m))
            .unwrap_or_default(),
    };
    let checked_key = key.clone();
    view! {
        <li class="k-category">
            <label class="k-switch">
                <input
                    type="checkbox"
                    role="switch"
                    data-kelisim-category=cat_id
                    disabled=required
                    aria-describedby=described_by.clone()
                    prop:checked=move || required || app.draft.with(|d| d.contains(&checked_key))
                    on:change=move |ev| {
                        let on = event_target_checked(&ev);
                        app.draft.update(|d| {
                            if on {
                                d.insert(key.clone());
                            } else {
                                d.remove(&key);
                            }
                        });
                    }
                />
                <span class="k-name">{label}</span>
                {required.then(|| view! { <span class="k-always">{move || app.t(id::CATEGORY_ALWAYS_ON)}</span> })}
            </label>
            <p id=described_by class="k-description">{about}</p>
        </li>
    }
}

/// The settings screen: a modal dialog with one switch per category.
#[component]
fn Settings(app: App) -> impl IntoView {
    const SCREEN: &str = "settings";
    let dialog = NodeRef::<leptos::html::Div>::new();
    Effect::new(move |_| {
        if let Some(el) = dialog.get() {
            let _ = el.focus();
        }
    });
    let close = move || {
        if app.consent.with_untracked(Option::is_some) {
            app.hide();
        } else {
            app.show();
        }
    };
    let categories = app.config.with_value(|c| c.categories.clone());
    view! {
        <div class="k-overlay">
            <div
                class="k-dialog"
                role="dialog"
                aria-modal="true"
                aria-labelledby="kelisim-settings-title"
                aria-describedby="kelisim-settings-text"
                tabindex="-1"
                lang=move || app.lang.get().code()
                data-kelisim-screen="settings"
                node_ref=dialog
                on:keydown=move |ev| {
                    if ev.key() == "Escape" {
                        close();
                    }
                }
            >
                <div class="k-head">
                    <h2 id="kelisim-settings-title" class="k-title">{move || app.t(id::SETTINGS_TITLE)}</h2>
                    <Languages app=app />
                </div>
                <p id="kelisim-settings-text" class="k-text">{move || app.t(id::SETTINGS_TEXT)}</p>
                <ul class="k-categories">
                    {categories.into_iter().map(|category| view! { <CategoryRow app=app category=category /> }).collect_view()}
                </ul>
                <div class="k-actions">
                    <ActionButton app=app action="accept-all" label=id::ACTION_ACCEPT_ALL on_press=move || app.choose(Choice::AcceptAll, "accept-all", SCREEN) />
                    <ActionButton app=app action="reject-all" label=id::ACTION_REJECT_ALL on_press=move || app.choose(Choice::RejectAll, "reject-all", SCREEN) />
                    <ActionButton app=app action="save" label=id::ACTION_SAVE on_press=move || app.save_draft() />
                </div>
                <button type="button" class="k-close" data-kelisim-action="close" on:click=move |_| close()>
                    {move || app.t(id::ACTION_CLOSE)}
                </button>
            </div>
        </div>
    }
}
