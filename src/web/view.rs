//! The Leptos view: the first layer and the settings screen, rendered in the shadow root.
//!
//! Every text comes from [`App::t`] (the locales, or the configuration's overrides) or from the
//! configuration as plain text; nothing is inserted as HTML. Buttons carry the contract's
//! `data-kelisim-action`, switches `data-kelisim-category`, language buttons
//! `data-kelisim-language`.

use super::app::{App, Screen};
use crate::config::{Category, Text};
use crate::consent::Choice;
use crate::expiry::DateTime;
use crate::i18n::{self, id, Msg};
use leptos::prelude::*;
use wasm_bindgen::JsCast;

/// Whatever screen is current.
#[component]
pub fn Root(app: App) -> impl IntoView {
    move || match app.screen.get() {
        Screen::Hidden => view! { <FloatingButton app=app /> }.into_any(),
        Screen::Banner => view! { <Banner app=app /> }.into_any(),
        Screen::Settings => view! { <Preferences app=app /> }.into_any(),
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
                                data-kelisim-action="language"
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
            <GpcNote app=app />
            <div class="k-actions">
                <ActionButton app=app action="accept-all" label=id::ACTION_ACCEPT_ALL on_press=move || app.choose(Choice::AcceptAll, "accept-all", SCREEN) />
                <ActionButton app=app action="reject-all" label=id::ACTION_REJECT_ALL on_press=move || app.choose(Choice::RejectAll, "reject-all", SCREEN) />
                <ActionButton app=app action="preferences" label=id::ACTION_SETTINGS on_press=move || app.show_preferences() />
            </div>
        </section>
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

/// Why some categories are off: the browser's Global Privacy Control signal.
#[component]
fn GpcNote(app: App) -> impl IntoView {
    move || {
        app.gpc_note()
            .map(|note| view! { <p class="k-gpc" data-kelisim-gpc="">{note}</p> })
    }
}

/// One category's row: switch, name, description, the data it collects and its services.
#[component]
fn CategoryRow(app: App, category: Category) -> impl IntoView {
    let required = category.is_required();
    let described_by = format!("kelisim-category-{}", category.id);
    let Category {
        id: key,
        description,
        data,
        services,
        ..
    } = category;
    let name_key = key.clone();
    let label = move || app.category_name(&name_key);
    let desc_key = key.clone();
    let about = move || match &description {
        Some(text) => text.get(app.lang.get()).to_owned(),
        None => i18n::category_description(&desc_key)
            .map(|m| app.t(m))
            .unwrap_or_default(),
    };
    let checked_key = key.clone();
    let switch_key = key.clone();
    let data_row = data.is_some().then(|| {
        view! {
            <p class="k-data">
                <span class="k-label">{move || app.t(id::PREFS_DATA)} ": "</span>
                {shown(app, &data)}
            </p>
        }
    });
    let service_list = (!services.is_empty()).then(|| {
        let count = services.len();
        view! {
            <details class="k-services">
                <summary>{move || app.t(id::PREFS_SERVICES)} " (" {count} ")"</summary>
                <ul>
                    {services
                        .into_iter()
                        .map(|svc| {
                            let title = svc.name.clone().unwrap_or(Text::Plain(svc.id.clone()));
                            let country = svc.country.clone();
                            view! {
                                <li class="k-service">
                                    <strong>{shown(app, &Some(title))}</strong>
                                    <dl>
                                        {svc.provider.is_some().then(|| view! { <dt>{move || app.t(id::SERVICE_PROVIDER)}</dt> <dd>{shown(app, &svc.provider)}</dd> })}
                                        {svc.purpose.is_some().then(|| view! { <dt>{move || app.t(id::SERVICE_PURPOSE)}</dt> <dd>{shown(app, &svc.purpose)}</dd> })}
                                        {country.map(|c| view! { <dt>{move || app.t(id::SERVICE_COUNTRY)}</dt> <dd>{c}</dd> })}
                                    </dl>
                                    {(!svc.cookies.is_empty()).then(|| view! {
                                        <ul class="k-cookies">
                                            {svc.cookies.into_iter().map(|ck| view! {
                                                <li>
                                                    <code>{ck.name.clone()}</code>
                                                    {ck.lifetime.is_some().then(|| view! { " · " {move || app.t(id::COOKIE_LIFETIME)} ": " {shown(app, &ck.lifetime)} })}
                                                    {ck.description.is_some().then(|| view! { " · " {shown(app, &ck.description)} })}
                                                </li>
                                            }).collect_view()}
                                        </ul>
                                    })}
                                </li>
                            }
                        })
                        .collect_view()}
                </ul>
            </details>
        }
    });
    view! {
        <li class="k-category">
            <label class="k-switch">
                <input
                    type="checkbox"
                    role="switch"
                    data-kelisim-category=key.clone()
                    disabled=required
                    aria-describedby=described_by.clone()
                    prop:checked=move || required || app.draft.with(|d| d.contains(&checked_key))
                    on:change=move |ev| {
                        let on = event_target_checked(&ev);
                        app.draft.update(|d| {
                            if on {
                                d.insert(switch_key.clone());
                            } else {
                                d.remove(&switch_key);
                            }
                        });
                    }
                />
                <span class="k-name">{label}</span>
                {required.then(|| view! { <span class="k-always">{move || app.t(id::CATEGORY_ALWAYS_ON)}</span> })}
            </label>
            <p id=described_by class="k-description">{about}</p>
            {data_row}
            {service_list}
        </li>
    }
}

/// What law 94-V Art. 8(4) asks a consent to state: operator and BIN, contacts and deadline,
/// validity, third parties, cross-border transfer, publication.
#[component]
fn Disclosures(app: App) -> impl IntoView {
    let config = app.config.get_value();
    let operator = config.operator.clone();
    let providers: Vec<Text> = {
        let mut seen = Vec::new();
        for p in config
            .categories
            .iter()
            .flat_map(|c| &c.services)
            .filter_map(|s| s.provider.clone())
        {
            if !seen.contains(&p) {
                seen.push(p);
            }
        }
        seen
    };
    let third_parties = move || {
        let lang = app.lang.get();
        if providers.is_empty() {
            app.t(id::THIRD_PARTIES_NO)
        } else {
            let list: Vec<&str> = providers.iter().map(|p| p.get(lang)).collect();
            i18n::fill(&app.t(id::THIRD_PARTIES_YES), &[("list", &list.join(", "))])
        }
    };
    let countries = config.cross_border.clone();
    let cross_border = move || {
        if countries.is_empty() {
            return app.t(id::CROSS_BORDER_NO);
        }
        let names: Vec<String> = countries
            .iter()
            .map(|c| {
                if c == "ZZ" {
                    app.t(id::COUNTRIES_UNSPECIFIED)
                } else {
                    c.clone()
                }
            })
            .collect();
        i18n::fill(&app.t(id::CROSS_BORDER_YES), &[("list", &names.join(", "))])
    };
    let published = config.published;
    let until = move || {
        app.consent.get().map(|c| {
            let date = DateTime::from_unix(c.expires()).rfc3339()[..10].to_owned();
            view! { " " {i18n::fill(&app.t(id::VALIDITY_UNTIL), &[("date", &date)])} }
        })
    };
    let operator_view = operator.map(|op| {
        let days = op.response_days;
        let c = op.contacts.clone();
        view! {
            <dt>{move || app.t(id::OPERATOR_LABEL)}</dt>
            <dd class="k-operator">
                {shown(app, &Some(op.name.clone()))}
                {op.bin.clone().map(|bin| view! { ", " {move || app.t(id::OPERATOR_BIN)} " " {bin} })}
            </dd>
            <dt>{move || app.t(id::CONTACT_LABEL)}</dt>
            <dd class="k-contacts">
                {c.email.clone().map(|v| view! { <span>{move || app.t(id::CONTACT_EMAIL)} ": " {v}</span> " " })}
                {c.phone.clone().map(|v| view! { <span>{move || app.t(id::CONTACT_PHONE)} ": " {v}</span> " " })}
                {c.address.is_some().then(|| view! { <span>{move || app.t(id::CONTACT_ADDRESS)} ": " {shown(app, &c.address)}</span> " " })}
                {c.hours.is_some().then(|| view! { <span>{move || app.t(id::CONTACT_HOURS)} ": " {shown(app, &c.hours)}</span> " " })}
                {days.map(|d| view! { <span>{move || i18n::fill(&app.t(id::RESPONSE_DEADLINE), &[("days", &d.to_string())])}</span> })}
            </dd>
        }
    });
    view! {
        <section class="k-disclosures" aria-labelledby="kelisim-disclosures-title">
            <h3 id="kelisim-disclosures-title">{move || app.t(id::DISCLOSURES_TITLE)}</h3>
            <dl>{operator_view}</dl>
            <ul>
                <li class="k-validity">{move || app.t(id::VALIDITY)} {until}</li>
                <li class="k-third-parties">{third_parties}</li>
                <li class="k-cross-border">{cross_border}</li>
                <li class="k-published">{move || app.t(if published { id::PUBLISHED_YES } else { id::PUBLISHED_NO })}</li>
            </ul>
        </section>
    }
}

/// The record of the visitor's current consent: its ids and time, and a JSON download.
#[component]
fn Receipt(app: App) -> impl IntoView {
    let record = app
        .consent
        .get_untracked()
        .and(super::delivery::receipt(&app));
    record.map(|r| {
        let json = serde_json::to_string_pretty(&r).unwrap_or_default();
        let parts = js_sys::Array::of1(&json.into());
        let options = web_sys::BlobPropertyBag::new();
        options.set_type("application/json");
        let href = web_sys::Blob::new_with_str_sequence_and_options(&parts, &options)
            .and_then(|blob| web_sys::Url::create_object_url_with_blob(&blob))
            .unwrap_or_default();
        let field = |name: &str| r[name].as_str().unwrap_or("—").to_owned();
        let (record_id, consent_id, time, policy) =
            (field("record_id"), field("consent_id"), field("client_time"), field("policy_version"));
        let file = format!("kelisim-consent-{record_id}.json");
        view! {
            <section class="k-receipt" aria-labelledby="kelisim-receipt-title">
                <h3 id="kelisim-receipt-title">{move || app.t(id::RECEIPT_TITLE)}</h3>
                <p class="k-receipt-text">
                    {move || i18n::fill(&app.t(id::RECEIPT_TEXT), &[
                        ("record", &record_id),
                        ("consent", &consent_id),
                        ("time", &time),
                        ("policy", &policy),
                    ])}
                </p>
                <a class="k-link" href=href download=file data-kelisim-receipt="">{move || app.t(id::RECEIPT_DOWNLOAD)}</a>
            </section>
        }
    })
}

/// Keeps Tab and Shift+Tab inside `dialog` (the WAI-ARIA modal dialog pattern).
fn trap_tab(dialog: &web_sys::HtmlElement, ev: &web_sys::KeyboardEvent) {
    let Ok(list) = dialog.query_selector_all(
        "button:not([disabled]), input:not([disabled]), a[href], summary, [tabindex]:not([tabindex=\"-1\"])",
    ) else {
        return;
    };
    let items: Vec<web_sys::HtmlElement> = (0..list.length())
        .filter_map(|i| list.get(i)?.dyn_into().ok())
        .collect();
    let (Some(first), Some(last)) = (items.first(), items.last()) else {
        return;
    };
    let root = dialog
        .get_root_node()
        .unchecked_into::<web_sys::ShadowRoot>();
    let active = root.active_element();
    let at = |el: &web_sys::HtmlElement| {
        active
            .as_ref()
            .is_some_and(|a| a == el.unchecked_ref::<web_sys::Element>())
    };
    let on_dialog = active
        .as_ref()
        .is_none_or(|a| a == dialog.unchecked_ref::<web_sys::Element>());
    if ev.shift_key() && (at(first) || on_dialog) {
        ev.prevent_default();
        let _ = last.focus();
    } else if !ev.shift_key() && at(last) {
        ev.prevent_default();
        let _ = first.focus();
    }
}

/// The preference center: a modal dialog with one switch per category, the services, the
/// disclosures, and Accept all / Reject all / Save choices / Withdraw consent.
#[component]
fn Preferences(app: App) -> impl IntoView {
    const SCREEN: &str = "settings";
    let dialog = NodeRef::<leptos::html::Div>::new();
    Effect::new(move |_| {
        if let Some(el) = dialog.get() {
            let _ = el.focus();
        }
    });
    let categories = app.config.with_value(|c| c.categories.clone());
    let policy = move || {
        let lang = app.lang.get();
        app.config
            .with_value(|c| c.policy_url.as_ref().map(|t| t.get(lang).to_owned()))
    };
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
                on:keydown=move |ev| match ev.key().as_str() {
                    "Escape" => {
                        ev.prevent_default();
                        app.close_preferences();
                    }
                    "Tab" => {
                        if let Some(el) = dialog.get_untracked() {
                            trap_tab(&el, &ev);
                        }
                    }
                    _ => {}
                }
            >
                <div class="k-head">
                    <h2 id="kelisim-settings-title" class="k-title">{move || app.t(id::SETTINGS_TITLE)}</h2>
                    <Languages app=app />
                </div>
                <p id="kelisim-settings-text" class="k-text">
                    {move || app.t(id::SETTINGS_TEXT)}
                    {move || policy().map(|href| view! {
                        " "
                        <a class="k-link" href=href target="_blank" rel="noopener noreferrer">{app.t(id::BANNER_POLICY_LINK)}</a>
                    })}
                </p>
                <GpcNote app=app />
                <ul class="k-categories">
                    {categories.into_iter().map(|category| view! { <CategoryRow app=app category=category /> }).collect_view()}
                </ul>
                <Disclosures app=app />
                <Receipt app=app />
                <div class="k-actions">
                    <ActionButton app=app action="accept-all" label=id::ACTION_ACCEPT_ALL on_press=move || app.choose(Choice::AcceptAll, "accept-all", SCREEN) />
                    <ActionButton app=app action="reject-all" label=id::ACTION_REJECT_ALL on_press=move || app.choose(Choice::RejectAll, "reject-all", SCREEN) />
                    <ActionButton app=app action="save" label=id::ACTION_SAVE on_press=move || app.save_draft() />
                </div>
                {move || app.consent.with(Option::is_some).then(|| view! {
                    <button type="button" class="k-withdraw" data-kelisim-action="withdraw" on:click=move |_| app.withdraw(SCREEN)>
                        {move || app.t(id::ACTION_WITHDRAW)}
                    </button>
                })}
                <button type="button" class="k-close" data-kelisim-action="close" on:click=move |_| app.close_preferences()>
                    {move || app.t(id::ACTION_CLOSE)}
                </button>
            </div>
        </div>
    }
}

/// After a choice: a small button in a corner that reopens the preference center.
#[component]
fn FloatingButton(app: App) -> impl IntoView {
    let (enabled, corner) = app
        .config
        .with_value(|c| (c.floating_button.enabled, c.floating_button.corner.clone()));
    move || {
        (enabled && app.consent.with(Option::is_some)).then(|| {
            view! {
                <button
                    type="button"
                    class=format!("k-float k-{corner}")
                    data-kelisim-action="preferences"
                    aria-label=move || app.t(id::FLOATING_LABEL)
                    title=move || app.t(id::FLOATING_LABEL)
                    on:click=move |_| app.show_preferences()
                >
                    <svg viewBox="0 0 24 24" width="24" height="24" aria-hidden="true" focusable="false">
                        <path fill="currentColor" d="M12 2a10 10 0 1 0 10 10 4 4 0 0 1-5-5 4 4 0 0 1-5-5zm-4.5 9a1.5 1.5 0 1 1 0 3 1.5 1.5 0 0 1 0-3zm3 5a1.5 1.5 0 1 1 0 3 1.5 1.5 0 0 1 0-3zm5-2a1.5 1.5 0 1 1 0 3 1.5 1.5 0 0 1 0-3zM9 6a1.5 1.5 0 1 1 0 3 1.5 1.5 0 0 1 0-3z" />
                    </svg>
                </button>
            }
        })
    }
}
