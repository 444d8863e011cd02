//! The visitor's receipt in the preference center: the record of their current consent, its ids
//! and time, and a JSON download.

use crate::i18n::{self, id};
use crate::web::app::state::App;
use leptos::prelude::*;

/// The record of the visitor's current consent: its ids and time, and a JSON download.
#[component]
pub fn Receipt() -> impl IntoView {
    let app = expect_context::<App>();
    let record = app.receipt();
    record.map(|r| {
        let json = serde_json::to_string_pretty(&r).unwrap_or_default();
        let parts = js_sys::Array::of1(&json.into());
        let options = web_sys::BlobPropertyBag::new();
        options.set_type("application/json");
        let href = web_sys::Blob::new_with_str_sequence_and_options(&parts, &options)
            .and_then(|blob| web_sys::Url::create_object_url_with_blob(&blob))
            .unwrap_or_default();
        // The Blob URL is released with the dialog.
        let url = href.clone();
        on_cleanup(move || {
            let _ = web_sys::Url::revoke_object_url(&url);
        });
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
