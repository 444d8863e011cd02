//! What law 94-V Art. 8(4) asks a consent to state, in the preference center.

use super::shown;
use crate::config::Text;
use crate::i18n::{self, id};
use crate::time::DateTime;
use crate::web::app::state::App;
use leptos::prelude::*;

/// What law 94-V Art. 8(4) asks a consent to state: operator and BIN, contacts and deadline,
/// validity, third parties, cross-border transfer, publication.
#[component]
pub fn Disclosures() -> impl IntoView {
    let app = expect_context::<App>();
    let config = app.config.get_value();
    let operator = config.operator.clone();
    let providers: Vec<Text> = config.providers();
    let third_parties = move || {
        let lang = app.lang.get();
        if providers.is_empty() {
            app.t(id::THIRD_PARTIES_NO)
        } else {
            let list: Vec<&str> = providers.iter().map(|p| p.get(lang)).collect();
            i18n::fill(&app.t(id::THIRD_PARTIES_YES), &[("list", &list.join(", "))])
        }
    };
    let countries = config.countries();
    let cross_border = move || {
        if countries.is_empty() {
            return app.t(id::CROSS_BORDER_NO);
        }
        let names: Vec<String> = countries
            .iter()
            .map(|c| {
                if c == crate::disclosure::UNSPECIFIED {
                    app.t(id::COUNTRIES_UNSPECIFIED)
                } else {
                    crate::country::name_or_code(c, app.lang.get())
                }
            })
            .collect();
        i18n::fill(&app.t(id::CROSS_BORDER_YES), &[("list", &names.join(", "))])
    };
    let published = config.published;
    let until = move || {
        app.consent.get().map(|c| {
            let date = DateTime::from_unix(c.expires()).date_until(app.lang.get());
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
                {days.map(|d| view! { <span>{move || i18n::fill_count(app.lang.get(), &app.t(id::RESPONSE_DEADLINE), "days", d as u64, &[])}</span> })}
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
