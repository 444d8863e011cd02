//! The processing consents given in the site's own forms on this device: form,
//! purpose and date, each withdrawn in one click (a `withdrawn` record with the same consent id,
//! and a `kelisim:processing` event), with a plain sentence on what a withdrawal does.

use crate::i18n::{self, id};
use crate::web::app::forms;
use crate::web::app::state::App;
use leptos::prelude::*;

/// The list, shown when at least one consent was given on this device.
#[component]
pub fn Processing() -> impl IntoView {
    let app = expect_context::<App>();
    let list = RwSignal::new(app.processing_given());
    move || {
        let items = list.get();
        (!items.is_empty()).then(|| {
            view! {
                <section class="k-receipt k-processing" aria-labelledby="kelisim-processing-title" data-kelisim-processing-list="">
                    <h3 id="kelisim-processing-title">{move || app.t(id::PROCESSING_LIST_TITLE)}</h3>
                    <p class="k-receipt-text">
                        {move || app.t(id::PROCESSING_LIST_TEXT)} " "
                        {move || {
                            let lang = app.lang.get();
                            app.config.with_value(|c| crate::processing::withdrawal_note(c, lang))
                        }}
                    </p>
                    <ul class="k-processing-list">
                        {items
                            .into_iter()
                            .map(|g| {
                                let purpose = app.processing_purpose(&g);
                                let given = g.given.clone();
                                let withdrawn = g.withdrawn.clone();
                                let form_of = g.clone();
                                let id_for_purpose = g.purpose.clone();
                                let name = move || {
                                    purpose
                                        .as_ref()
                                        .map(|p| p.purpose.get(app.lang.get()).to_owned())
                                        .unwrap_or_else(|| id_for_purpose.clone())
                                };
                                let label_name = name.clone();
                                let consent_id = g.consent_id.clone();
                                view! {
                                    <li class="k-processing-item" tabindex="-1" data-kelisim-processing=g.consent_id.clone()>
                                        <span>
                                            {move || i18n::format(app.lang.get(), &app.t(id::PROCESSING_ITEM), &[
                                                ("purpose", &name()),
                                                ("form", &app.form_name(&form_of, app.lang.get())),
                                                ("date", &forms::day(&given, app.lang.get())),
                                            ])}
                                        </span>
                                        {match withdrawn {
                                            Some(day) => view! {
                                                <span class="k-always">
                                                    " " {move || i18n::fill(&app.t(id::PROCESSING_ITEM_WITHDRAWN), &[("date", &forms::day(&day, app.lang.get()))])}
                                                </span>
                                            }.into_any(),
                                            None => view! {
                                                <button
                                                    type="button"
                                                    class="k-withdraw"
                                                    data-kelisim-action="withdraw-processing"
                                                    aria-label=move || i18n::fill(&app.t(id::PROCESSING_WITHDRAW_LABEL), &[("purpose", &label_name())])
                                                    on:click=move |_| {
                                                        app.withdraw_processing(&consent_id);
                                                        list.set(app.processing_given());
                                                        // After the list is drawn again.
                                                        let id = consent_id.clone();
                                                        set_timeout(move || focus_item(&id), std::time::Duration::ZERO);
                                                    }
                                                >
                                                    {move || app.t(id::ACTION_WITHDRAW)}
                                                </button>
                                            }.into_any(),
                                        }}
                                    </li>
                                }
                            })
                            .collect_view()}
                    </ul>
                </section>
            }
        })
    }
}

/// After a withdrawal its button is gone: focus moves to the item, which now says "withdrawn"
/// (rather than to the page behind the dialog).
fn focus_item(consent_id: &str) {
    use wasm_bindgen::JsCast;
    let selector = ["[data-kelisim-processing=\"", consent_id, "\"]"].concat();
    if let Some(item) = crate::web::page::shadow_root()
        .ok()
        .and_then(|root| root.query_selector(&selector).ok().flatten())
    {
        if let Some(item) = item.dyn_ref::<web_sys::HtmlElement>() {
            let _ = item.focus();
        }
    }
}
