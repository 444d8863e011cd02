//! A Rust/Leptos site using kelisim as a component: `<ConsentBanner/>` with a typed
//! configuration, and `use_consent()` to render a part of the site's own UI only with consent.
//!
//! Build for the browser: `cargo build --example leptos_site --target wasm32-unknown-unknown`
//! (then `wasm-bindgen` as usual, or use it as the pattern inside a trunk/cargo-leptos app).

#[cfg(target_arch = "wasm32")]
mod site {
    use kelisim::config::{Category, Config};
    use kelisim::web::component::{use_consent, ConsentBanner};
    use leptos::prelude::*;

    #[component]
    pub fn Site() -> impl IntoView {
        let mut config = Config {
            revision: 1,
            endpoint: Some("/consent".into()),
            ..Config::default()
        };
        config.categories.push(Category {
            id: "video".into(),
            required: None,
            name: Some(kelisim::config::Text::Plain("YouTube".into())),
            description: None,
            data: None,
            services: Vec::new(),
        });
        let consent = use_consent();
        let video = move || consent.get().is_some_and(|c| c.accepted("video"));
        view! {
            <ConsentBanner config=config />
            <h1>"Дала Дәмі"</h1>
            <Show
                when=video
                fallback=|| view! { <p id="video-off">"Бейне cookie баптауларында рұқсат етілгеннен кейін көрсетіледі."</p> }
            >
                <iframe id="video" title="Бейне" src="https://www.youtube-nocookie.com/embed/dQw4w9WgXcQ"></iframe>
            </Show>
        }
    }
}

fn main() {
    #[cfg(target_arch = "wasm32")]
    leptos::mount::mount_to_body(site::Site);
}
