//! The preference center: a modal dialog (WAI-ARIA) with one switch per category, its services
//! and cookies, the disclosures, the receipt, and Accept all / Reject all / Save choices /
//! Withdraw consent.

use super::disclosures::Disclosures;
use super::processing::Processing;
use super::receipt::Receipt;
use super::{shown, ActionButton, GpcNote, Languages};
use crate::config::Category;
use crate::consent::Action;
use crate::i18n::{self, id};
use crate::web::app::{focus, state::App};
use leptos::prelude::*;

/// A catalogue cookie's lifetime: "until the browser closes", or a number of days.
fn cookie_days(app: App, days: u32) -> String {
    if days == 0 {
        app.t(id::COOKIE_SESSION)
    } else {
        i18n::fill_count(
            app.lang.get(),
            &app.t(id::COOKIE_DAYS),
            "days",
            days as u64,
            &[],
        )
    }
}

/// One category's row: switch, name, description, the data it collects and its services.
#[component]
fn CategoryRow(category: Category) -> impl IntoView {
    let app = expect_context::<App>();
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
                            // A catalogue service shows the catalogue's texts for what the
                            // configuration left out.
                            let title = svc.title();
                            let provider = svc.provider_text();
                            let purpose = svc.purpose_text();
                            let days: Vec<Option<u32>> =
                                svc.cookies.iter().map(|c| svc.cookie_days(&c.name)).collect();
                            let country = svc.country.clone();
                            view! {
                                <li class="k-service">
                                    <strong>{shown(app, &Some(title))}</strong>
                                    <dl>
                                        {provider.is_some().then(|| view! { <dt>{move || app.t(id::SERVICE_PROVIDER)}</dt> <dd>{shown(app, &provider)}</dd> })}
                                        {purpose.is_some().then(|| view! { <dt>{move || app.t(id::SERVICE_PURPOSE)}</dt> <dd>{shown(app, &purpose)}</dd> })}
                                        {country.map(|c| view! { <dt>{move || app.t(id::SERVICE_COUNTRY)}</dt> <dd>{move || crate::country::name_or_code(&c, app.lang.get())}</dd> })}
                                    </dl>
                                    {(!svc.cookies.is_empty()).then(|| view! {
                                        <ul class="k-cookies">
                                            {svc.cookies.into_iter().zip(days).map(|(ck, days)| view! {
                                                <li>
                                                    <code>{ck.name.clone()}</code>
                                                    {ck.lifetime.is_some().then(|| view! { " · " {move || app.t(id::COOKIE_LIFETIME)} ": " {shown(app, &ck.lifetime)} })}
                                                    {days.filter(|_| ck.lifetime.is_none()).map(|d| view! { " · " {move || app.t(id::COOKIE_LIFETIME)} ": " {move || cookie_days(app, d)} })}
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

/// The preference center: a modal dialog with one switch per category, the services, the
/// disclosures, and Accept all / Reject all / Save choices / Withdraw consent.
#[component]
pub fn Preferences() -> impl IntoView {
    let app = expect_context::<App>();
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
                        app.close(true);
                    }
                    "Tab" => {
                        if let Some(el) = dialog.get_untracked() {
                            focus::trap_tab(&el, &ev);
                        }
                    }
                    _ => {}
                }
            >
                <div class="k-head">
                    <h2 id="kelisim-settings-title" class="k-title">{move || app.t(id::SETTINGS_TITLE)}</h2>
                    <Languages />
                </div>
                <p id="kelisim-settings-text" class="k-text">
                    {move || app.t(id::SETTINGS_TEXT)}
                    {move || policy().map(|href| view! {
                        " "
                        <a class="k-link" href=href target="_blank" rel="noopener noreferrer">{app.t(id::BANNER_POLICY_LINK)}</a>
                    })}
                </p>
                <GpcNote />
                <ul class="k-categories">
                    {categories.into_iter().map(|category| view! { <CategoryRow category=category /> }).collect_view()}
                </ul>
                <Disclosures />
                <Receipt />
                <Processing />
                <div class="k-actions">
                    <ActionButton action=Action::AcceptAll label=id::ACTION_ACCEPT_ALL />
                    <ActionButton action=Action::RejectAll label=id::ACTION_REJECT_ALL />
                    <ActionButton action=Action::Save label=id::ACTION_SAVE />
                </div>
                {move || app.consent.with(Option::is_some).then(|| view! {
                    <button type="button" class="k-withdraw" data-kelisim-action=Action::Withdraw.as_str() on:click=move |e| app.apply(Action::Withdraw, crate::web::page::trusted(&e))>
                        {move || app.t(id::ACTION_WITHDRAW)}
                    </button>
                })}
                <button type="button" class="k-close" data-kelisim-action="close" on:click=move |_| app.close(true)>
                    {move || app.t(id::ACTION_CLOSE)}
                </button>
            </div>
        </div>
    }
}
