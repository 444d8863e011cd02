//! The Leptos view of the configurator: the form, the live preview and the embed. A thin shell:
//! every decision (what a field writes, where a message goes, what the embed and the preview
//! contain) is in the pure modules; this wires them to the page.
//!
//! Text inputs write to the document on every keystroke but read it back only when a
//! configuration is opened (`loaded`), so typing a comma or a space is never undone by the
//! document's normal form. Element ids are the key paths: `f-operator.bin` is the BIN's input,
//! `e-operator.bin` its messages (`aria-describedby`), `f-operator.name-kk` a per-language input.

use crate::doc::Doc;
use crate::embed::{self, Loader, View};
use crate::fields::{self, Kind};
use crate::texts::Texts;
use crate::theme::{self, Colour};
use crate::{edit, import, is_profile_name, PROFILES};
use kelisim::config::{Diagnostic, Level};
use kelisim::lang::Lang;
use leptos::prelude::*;
use std::time::Duration;
use wasm_bindgen::prelude::*;
use wasm_bindgen::JsCast;
use wasm_bindgen_futures::{spawn_local, JsFuture};

thread_local! {
    static TEXTS: Texts = Texts::new();
}

/// Message `id` in `lang`.
fn tx(lang: Lang, id: &str) -> String {
    TEXTS.with(|t| t.get(lang, id))
}

/// Message `id` in `lang` with variables.
fn txv(lang: Lang, id: &str, vars: &[(&str, &str)]) -> String {
    TEXTS.with(|t| t.format(lang, id, vars))
}

/// The loader, relative to the configurator's page (`dist/configurator/`).
const LOADER: &str = "../kelisim.js";

/// What every part of the view shares (all `Copy`).
#[derive(Clone, Copy)]
struct Ctx {
    /// The configuration being edited.
    doc: RwSignal<Doc>,
    /// Bumped when a configuration is opened: text inputs read the document again.
    loaded: RwSignal<u32>,
    /// The configurator's own language.
    lang: RwSignal<Lang>,
    /// Whether the banner accepts the document, and every diagnostic.
    check: Memo<(bool, Vec<Diagnostic>)>,
    /// The path of every field shown.
    fields: Memo<Vec<String>>,
    /// The theme's colours.
    colours: RwSignal<Vec<Colour>>,
    /// The build's preload hints (from `../manifest.json`), put before the embed.
    hints: RwSignal<String>,
    /// Which loader the embed uses.
    loader: RwSignal<Loader>,
}

impl Ctx {
    fn t(self, id: &'static str) -> impl Fn() -> String + Copy + Send + Sync + 'static {
        move || tx(self.lang.get(), id)
    }

    fn open(self, doc: Doc) {
        self.doc.set(doc);
        self.loaded.update(|n| *n += 1);
    }

    fn has_error(self, path: &str) -> bool {
        self.check.with(|(_, diags)| {
            self.fields.with(|f| {
                fields::of_field(path, diags, f)
                    .iter()
                    .any(|d| d.level == Level::Error)
            })
        })
    }
}

/// Mounts the configurator in `#configurator` and opens `?profile=<name>` if asked.
#[wasm_bindgen]
pub fn start() {
    let document = web_sys::window().unwrap().document().unwrap();
    let Some(root) = document.get_element_by_id("configurator") else {
        return;
    };
    let doc = RwSignal::new(Doc::default());
    let check = Memo::new(move |_| {
        doc.with(|d| {
            let (result, diags) = d.check();
            (result.is_ok(), diags)
        })
    });
    let ctx = Ctx {
        doc,
        loaded: RwSignal::new(0),
        lang: RwSignal::new(Lang::Kk),
        check,
        fields: Memo::new(move |_| doc.with(fields::paths)),
        colours: RwSignal::new(theme::defaults()),
        hints: RwSignal::new(String::new()),
        loader: RwSignal::new(Loader::default()),
    };
    let status = RwSignal::new(String::new());
    leptos::mount::mount_to(root.clone().unchecked_into(), move || {
        view! { <App ctx=ctx status=status /> }
    })
    .forget();
    // The build's manifest names the first layer's files: their preload hints join the embed
    // (without it, e.g. a configurator opened from elsewhere, the embed has no hints).
    spawn_local(async move {
        if let Ok(text) = fetch_text("../manifest.json").await {
            if let Ok(manifest) = serde_json::from_str(&text) {
                ctx.hints.set(embed::preload_hints(&manifest));
            }
        }
    });
    if let Some(name) = profile_param() {
        spawn_local(async move {
            match fetch_text(&format!("../profiles/{name}.json")).await {
                Ok(text) => match embed::extract(&text) {
                    Ok(d) => {
                        ctx.open(d);
                        status.set(tx(ctx.lang.get_untracked(), "cfg-load-done"));
                    }
                    Err(e) => status.set(failed(ctx, &e)),
                },
                Err(e) => status.set(failed(ctx, &e)),
            }
            let _ = root.set_attribute("data-ready", "");
        });
    } else {
        let _ = root.set_attribute("data-ready", "");
    }
}

fn failed(ctx: Ctx, reason: &str) -> String {
    txv(
        ctx.lang.get_untracked(),
        "cfg-load-failed",
        &[("reason", reason)],
    )
}

/// `?profile=<name>` of the page's address, when it names a profile file.
fn profile_param() -> Option<String> {
    let search = web_sys::window()?.location().search().ok()?;
    search
        .trim_start_matches('?')
        .split('&')
        .find_map(|kv| kv.strip_prefix("profile="))
        .filter(|name| is_profile_name(name))
        .map(str::to_owned)
}

async fn fetch_text(url: &str) -> Result<String, String> {
    let window = web_sys::window().ok_or("no window")?;
    let response: web_sys::Response = JsFuture::from(window.fetch_with_str(url))
        .await
        .map_err(|_| format!("{url}: network error"))?
        .unchecked_into();
    if !response.ok() {
        return Err(format!("{url}: HTTP {}", response.status()));
    }
    let text = JsFuture::from(response.text().map_err(|_| "no text")?)
        .await
        .map_err(|_| "no text")?;
    text.as_string().ok_or_else(|| "no text".into())
}

#[component]
fn App(ctx: Ctx, status: RwSignal<String>) -> impl IntoView {
    let t = move |id: &'static str| ctx.t(id);
    // The page's language and title follow the configurator's language.
    Effect::new(move |_| {
        let lang = ctx.lang.get();
        if let Some(d) = web_sys::window().and_then(|w| w.document()) {
            if let Some(html) = d.document_element() {
                let _ = html.set_attribute("lang", lang.code());
            }
            d.set_title(&tx(lang, "cfg-page-title"));
        }
    });
    view! {
        <header class="cfg-header">
            <h1>{t("cfg-title")}</h1>
            <p>{t("cfg-intro")}</p>
            <div class="cfg-toggles" role="group" aria-label=t("cfg-ui-language")>
                {Lang::ALL
                    .into_iter()
                    .map(|lang| {
                        let label = match lang {
                            Lang::Kk => "cfg-lang-kk",
                            Lang::Ru => "cfg-lang-ru",
                            Lang::En => "cfg-lang-en",
                        };
                        view! {
                            <button
                                type="button"
                                lang=lang.code()
                                id=format!("ui-lang-{}", lang.code())
                                aria-pressed=move || (ctx.lang.get() == lang).to_string()
                                on:click=move |_| ctx.lang.set(lang)
                            >
                                {t(label)}
                            </button>
                        }
                    })
                    .collect_view()}
            </div>
        </header>
        <div class="cfg-layout">
            <form class="cfg-form" novalidate on:submit=|ev| ev.prevent_default()>
                <p id="cfg-status" role="status" class="cfg-status" class:cfg-bad=move || !ctx.check.with(|c| c.0)>
                    {move || {
                        let lang = ctx.lang.get();
                        ctx.check.with(|(ok, diags)| {
                            if *ok {
                                tx(lang, "cfg-status-valid")
                            } else {
                                let n = diags.iter().filter(|d| d.level == Level::Error).count();
                                txv(lang, "cfg-status-invalid", &[("count", &n.to_string())])
                            }
                        })
                    }}
                </p>
                <Summary ctx=ctx />
                <Load ctx=ctx status=status />
                <fieldset class="cfg-section">
                    <legend>{t("cfg-section-operator")}</legend>
                    {fields::TOP[..7].iter().map(|(p, k, l)| field(ctx, p.to_string(), *k, l)).collect_view()}
                </fieldset>
                <fieldset class="cfg-section">
                    <legend>{t("cfg-section-policy")}</legend>
                    {fields::TOP[7..10].iter().map(|(p, k, l)| field(ctx, p.to_string(), *k, l)).collect_view()}
                </fieldset>
                <fieldset class="cfg-section">
                    <legend>{t("cfg-section-languages")}</legend>
                    {fields::TOP[10..12].iter().map(|(p, k, l)| field(ctx, p.to_string(), *k, l)).collect_view()}
                </fieldset>
                <Categories ctx=ctx />
                <fieldset class="cfg-section">
                    <legend>{t("cfg-section-transfer")}</legend>
                    {fields::TOP[12..].iter().map(|(p, k, l)| field(ctx, p.to_string(), *k, l)).collect_view()}
                </fieldset>
                <ThemeFields ctx=ctx />
            </form>
            <div class="cfg-side">
                <Preview ctx=ctx />
                <Output ctx=ctx />
            </div>
        </div>
    }
}

/// The messages no field shows, announced.
#[component]
fn Summary(ctx: Ctx) -> impl IntoView {
    view! {
        <div id="cfg-summary" role="alert">
            {move || {
                let lang = ctx.lang.get();
                let items: Vec<(Level, String, String)> = ctx.check.with(|(_, diags)| {
                    ctx.fields.with(|f| {
                        fields::unplaced(diags, f)
                            .into_iter()
                            .map(|d| (d.level, d.path.clone(), d.message.clone()))
                            .collect()
                    })
                });
                (!items.is_empty()).then(|| view! {
                    <h2>{tx(lang, "cfg-summary-title")}</h2>
                    <ul class="cfg-messages">
                        {items.into_iter().map(|(level, path, message)| view! {
                            <li class=level_class(level)>
                                {level_label(lang, level)} ": " <code>{path}</code> " " {message}
                            </li>
                        }).collect_view()}
                    </ul>
                })
            }}
        </div>
    }
}

fn level_class(level: Level) -> &'static str {
    if level == Level::Error {
        "cfg-error"
    } else {
        "cfg-warning"
    }
}

fn level_label(lang: Lang, level: Level) -> String {
    tx(
        lang,
        if level == Level::Error {
            "cfg-error"
        } else {
            "cfg-warning"
        },
    )
}

/// The messages of one field (`id="e-<path>"`).
fn messages(ctx: Ctx, path: String) -> impl IntoView {
    let id = format!("e-{path}");
    view! {
        <ul class="cfg-messages" id=id>
            {move || {
                let lang = ctx.lang.get();
                let items: Vec<(Level, String)> = ctx.check.with(|(_, diags)| {
                    ctx.fields.with(|f| {
                        fields::of_field(&path, diags, f)
                            .into_iter()
                            .map(|d| (d.level, d.message.clone()))
                            .collect()
                    })
                });
                items.into_iter().map(|(level, message)| view! {
                    <li class=level_class(level)>{level_label(lang, level)} ": " {message}</li>
                }).collect_view()
            }}
        </ul>
    }
}

/// One field of the form, by kind.
fn field(ctx: Ctx, path: String, kind: Kind, label: &'static str) -> AnyView {
    let t = ctx.t(label);
    let fid = format!("f-{path}");
    let eid = format!("e-{path}");
    let invalid = {
        let path = path.clone();
        move || ctx.has_error(&path).then_some("true")
    };
    match kind {
        Kind::Line | Kind::Number | Kind::List | Kind::Cookies => {
            let read = path.clone();
            let write = path.clone();
            view! {
                <div class="cfg-field">
                    <label for=fid.clone()>{t}</label>
                    <input
                        id=fid
                        type="text"
                        inputmode=(kind == Kind::Number).then_some("numeric")
                        aria-describedby=eid
                        aria-invalid=invalid
                        prop:value=move || {
                            ctx.loaded.get();
                            ctx.doc.with_untracked(|d| match kind {
                                Kind::List => d.list_line(&read, None),
                                Kind::Cookies => d.list_line(&read, Some("name")),
                                _ => d.string(&read),
                            })
                        }
                        on:input=move |ev| {
                            let v = event_target_value(&ev);
                            ctx.doc.update(|d| match kind {
                                Kind::Number => d.set_number(&write, &v),
                                Kind::List => d.set_list_line(&write, None, &v),
                                Kind::Cookies => d.set_list_line(&write, Some("name"), &v),
                                _ => d.set_string(&write, &v),
                            })
                        }
                    />
                    {messages(ctx, path)}
                </div>
            }
            .into_any()
        }
        Kind::Text => view! {
            <fieldset class="cfg-field cfg-text">
                <legend>{t}</legend>
                {Lang::ALL.into_iter().map(|lang| {
                    let id = format!("{fid}-{}", lang.code());
                    let read = path.clone();
                    let write = path.clone();
                    let label = match lang {
                        Lang::Kk => "cfg-lang-kk",
                        Lang::Ru => "cfg-lang-ru",
                        Lang::En => "cfg-lang-en",
                    };
                    view! {
                        <div class="cfg-lang-input">
                            <label for=id.clone() lang=lang.code()>{ctx.t(label)}</label>
                            <input
                                id=id
                                type="text"
                                lang=lang.code()
                                aria-describedby=eid.clone()
                                aria-invalid=invalid.clone()
                                prop:value=move || {
                                    ctx.loaded.get();
                                    ctx.doc.with_untracked(|d| d.text(&read, lang))
                                }
                                on:input=move |ev| {
                                    let v = event_target_value(&ev);
                                    ctx.doc.update(|d| d.set_text(&write, lang, &v))
                                }
                            />
                        </div>
                    }
                }).collect_view()}
                {messages(ctx, path)}
            </fieldset>
        }
        .into_any(),
        Kind::Flag => {
            let read = path.clone();
            let write = path.clone();
            view! {
                <div class="cfg-field cfg-check">
                    <input
                        id=fid.clone()
                        type="checkbox"
                        aria-describedby=eid
                        aria-invalid=invalid
                        prop:checked=move || ctx.doc.with(|d| d.get(&read) == Some(&serde_json::Value::Bool(true)))
                        on:change=move |ev| {
                            let on = event_target_checked(&ev);
                            ctx.doc.update(|d| d.set(&write, on.then_some(serde_json::Value::Bool(true))))
                        }
                    />
                    <label for=fid>{t}</label>
                    {messages(ctx, path)}
                </div>
            }
            .into_any()
        }
        Kind::Languages => view! {
            <fieldset class="cfg-field">
                <legend>{t}</legend>
                {Lang::ALL.into_iter().map(|lang| {
                    let id = format!("{fid}-{}", lang.code());
                    let label = match lang {
                        Lang::Kk => "cfg-lang-kk",
                        Lang::Ru => "cfg-lang-ru",
                        Lang::En => "cfg-lang-en",
                    };
                    view! {
                        <div class="cfg-check">
                            <input
                                id=id.clone()
                                type="checkbox"
                                aria-describedby=eid.clone()
                                prop:checked=move || ctx.doc.with(|d| languages(d).contains(&lang))
                                on:change=move |ev| {
                                    let on = event_target_checked(&ev);
                                    ctx.doc.update(|d| {
                                        let mut langs = languages(d);
                                        langs.retain(|l| *l != lang);
                                        if on {
                                            langs.push(lang);
                                        }
                                        langs.sort_by_key(|l| *l as usize);
                                        let codes: Vec<serde_json::Value> =
                                            langs.iter().map(|l| l.code().into()).collect();
                                        d.set("languages", Some(serde_json::Value::Array(codes)));
                                    })
                                }
                            />
                            <label for=id lang=lang.code()>{ctx.t(label)}</label>
                        </div>
                    }
                }).collect_view()}
                {messages(ctx, path)}
            </fieldset>
        }
        .into_any(),
        Kind::Language => view! {
            <div class="cfg-field">
                <label for=fid.clone()>{t}</label>
                <select
                    id=fid
                    aria-describedby=eid
                    aria-invalid=invalid
                    prop:value=move || ctx.doc.with(|d| d.string("language"))
                    on:change=move |ev| {
                        let v = event_target_value(&ev);
                        ctx.doc.update(|d| d.set_string("language", &v))
                    }
                >
                    <option value="">{ctx.t("cfg-language-none")}</option>
                    <option value="kk" lang="kk">{ctx.t("cfg-lang-kk")}</option>
                    <option value="ru" lang="ru">{ctx.t("cfg-lang-ru")}</option>
                    <option value="en" lang="en">{ctx.t("cfg-lang-en")}</option>
                </select>
                {messages(ctx, path)}
            </div>
        }
        .into_any(),
    }
}

/// The languages the document offers (all three when it says nothing).
fn languages(d: &Doc) -> Vec<Lang> {
    match d.get("languages").and_then(|v| v.as_array()) {
        Some(items) => items
            .iter()
            .filter_map(|v| v.as_str().and_then(Lang::from_code))
            .collect(),
        None => Lang::ALL.to_vec(),
    }
}

/// Opening an existing configuration: a demo profile, pasted text or a file.
#[component]
fn Load(ctx: Ctx, status: RwSignal<String>) -> impl IntoView {
    let t = move |id: &'static str| ctx.t(id);
    let pasted = RwSignal::new(String::new());
    let open_text = move |text: String| match embed::extract(&text) {
        // A kelisim-scan report (`--json`): its services are added to the open configuration.
        _ if import::is_scan_report(&text) => {
            let mut doc = ctx.doc.get_untracked();
            match import::import_scan(&mut doc, &text) {
                Ok(added) => {
                    ctx.doc.set(doc);
                    let list = added.join(", ");
                    status.set(txv(
                        ctx.lang.get_untracked(),
                        "cfg-load-scan-done",
                        &[("services", &list)],
                    ));
                }
                Err(e) => status.set(failed(ctx, &e)),
            }
        }
        Ok(d) => {
            ctx.colours
                .set(theme::read_style(&text, &theme::defaults()));
            // A pasted embed (not bare JSON) brings its loader back too.
            if text.contains("<script") {
                ctx.loader.set(Loader::detect(&text));
            }
            ctx.open(d);
            status.set(tx(ctx.lang.get_untracked(), "cfg-load-done"));
        }
        Err(e) => status.set(failed(ctx, &e)),
    };
    view! {
        <fieldset class="cfg-section">
            <legend>{t("cfg-section-load")}</legend>
            <p id="cfg-load-status" role="status">{move || status.get()}</p>
            <nav aria-label=t("cfg-profiles")>
                <span>{t("cfg-profiles")} ": "</span>
                {PROFILES.iter().map(|(name, shown)| view! {
                    <a class="cfg-profile" href=format!("?profile={name}")>{*shown}</a> " "
                }).collect_view()}
            </nav>
            <div class="cfg-field">
                <label for="cfg-paste">{t("cfg-load-paste")}</label>
                <textarea id="cfg-paste" rows="4" spellcheck="false"
                    on:input=move |ev| pasted.set(event_target_value(&ev))></textarea>
            </div>
            <div class="cfg-buttons">
                <button type="button" id="cfg-paste-open" on:click=move |_| open_text(pasted.get_untracked())>
                    {t("cfg-load-button")}
                </button>
                <button type="button" id="cfg-new" on:click=move |_| {
                    ctx.colours.set(theme::defaults());
                    ctx.open(Doc::default());
                    status.set(String::new());
                }>
                    {t("cfg-new")}
                </button>
            </div>
            <div class="cfg-field">
                <label for="cfg-file">{t("cfg-load-file")}</label>
                <input id="cfg-file" type="file" accept=".json,application/json,.html,text/html"
                    on:change=move |ev| {
                        let input: web_sys::HtmlInputElement = event_target(&ev);
                        let Some(file) = input.files().and_then(|f| f.get(0)) else { return };
                        spawn_local(async move {
                            match JsFuture::from(file.text()).await.ok().and_then(|v| v.as_string()) {
                                Some(text) => open_text(text),
                                None => status.set(failed(ctx, "the file cannot be read")),
                            }
                        });
                    } />
            </div>
        </fieldset>
    }
}

/// The categories, their services, and the built-in services to add.
#[component]
fn Categories(ctx: Ctx) -> impl IntoView {
    let t = move |id: &'static str| ctx.t(id);
    let count = Memo::new(move |_| ctx.doc.with(|d| d.len("categories")));
    let known = RwSignal::new(crate::catalogue::known()[0].id.to_owned());
    let added = RwSignal::new(String::new());
    view! {
        <fieldset class="cfg-section" id="cfg-categories">
            <legend>{t("cfg-section-categories")}</legend>
            <div class="cfg-field cfg-known">
                <label for="cfg-known">{t("cfg-known")}</label>
                <select id="cfg-known" prop:value=move || known.get()
                    on:change=move |ev| known.set(event_target_value(&ev))>
                    {crate::catalogue::known().iter().map(|k| view! { <option value=k.id>{k.name}</option> }).collect_view()}
                </select>
                <button type="button" id="cfg-known-add" on:click=move |_| {
                    if let Some(k) = crate::catalogue::find(&known.get_untracked()) {
                        ctx.doc.update(|d| { edit::add_known(d, k); });
                        added.set(txv(ctx.lang.get_untracked(), "cfg-known-added", &[("name", k.name)]));
                    }
                }>
                    {t("cfg-known-add")}
                </button>
                <p role="status" class="cfg-note">{move || added.get()}</p>
            </div>
            {move || (0..count.get()).map(|c| category(ctx, c)).collect_view()}
            <button type="button" id="cfg-category-add" on:click=move |_| ctx.doc.update(|d| { edit::add_category(d); })>
                {t("cfg-category-add")}
            </button>
        </fieldset>
    }
}

fn category(ctx: Ctx, c: usize) -> impl IntoView {
    let path = format!("categories[{c}]");
    let services = {
        let path = format!("{path}.services");
        Memo::new(move |_| ctx.doc.with(|d| d.len(&path)))
    };
    let id_path = format!("{path}.id");
    let necessary = {
        let id_path = id_path.clone();
        move || ctx.doc.with(|d| d.string(&id_path)) == kelisim::config::NECESSARY
    };
    let legend = move || {
        let id = ctx.doc.with(|d| d.string(&id_path));
        txv(ctx.lang.get(), "cfg-category", &[("id", &id)])
    };
    let remove_path = path.clone();
    view! {
        <fieldset class="cfg-category" id=format!("cfg-{path}")>
            <legend>{legend}</legend>
            {fields::CATEGORY.iter().map(|(k, kind, l)| field(ctx, format!("{path}.{k}"), *kind, l)).collect_view()}
            {move || (0..services.get()).map(|s| service(ctx, c, s)).collect_view()}
            <div class="cfg-buttons">
                <button type="button" class="cfg-service-add" on:click=move |_| ctx.doc.update(|d| { edit::add_service(d, c); })>
                    {ctx.t("cfg-service-add")}
                </button>
                {move || (!necessary()).then(|| {
                    let remove_path = remove_path.clone();
                    view! {
                        <button type="button" class="cfg-remove" on:click=move |_| ctx.doc.update(|d| edit::remove(d, &remove_path))>
                            {ctx.t("cfg-category-remove")}
                        </button>
                    }
                })}
            </div>
        </fieldset>
    }
}

fn service(ctx: Ctx, c: usize, s: usize) -> impl IntoView {
    let path = format!("categories[{c}].services[{s}]");
    let id_path = format!("{path}.id");
    let legend = move || {
        let id = ctx.doc.with(|d| d.string(&id_path));
        txv(ctx.lang.get(), "cfg-service", &[("id", &id)])
    };
    let remove_path = path.clone();
    view! {
        <fieldset class="cfg-service" id=format!("cfg-{path}")>
            <legend>{legend}</legend>
            {fields::SERVICE.iter().map(|(k, kind, l)| field(ctx, format!("{path}.{k}"), *kind, l)).collect_view()}
            <button type="button" class="cfg-remove" on:click=move |_| ctx.doc.update(|d| edit::remove(d, &remove_path))>
                {ctx.t("cfg-service-remove")}
            </button>
        </fieldset>
    }
}

/// The banner's colours in light and dark mode, with the contrast each pair reaches.
#[component]
fn ThemeFields(ctx: Ctx) -> impl IntoView {
    let t = move |id: &'static str| ctx.t(id);
    let names: Vec<String> = theme::defaults().into_iter().map(|c| c.name).collect();
    let mode = move |dark: bool| {
        let names = names.clone();
        view! {
            <fieldset class="cfg-field cfg-colours">
                <legend>{t(if dark { "cfg-theme-dark" } else { "cfg-theme-light" })}</legend>
                {names.into_iter().enumerate().map(|(i, name)| {
                    let id = format!("c-{name}{}", if dark { "-dark" } else { "" });
                    let label_id = format!("cfg-colour-{name}");
                    view! {
                        <div class="cfg-colour">
                            <input id=id.clone() type="color"
                                prop:value=move || ctx.colours.with(|c| if dark { c[i].dark.clone() } else { c[i].light.clone() })
                                on:input=move |ev| {
                                    let v = event_target_value(&ev);
                                    ctx.colours.update(|c| if dark { c[i].dark = v } else { c[i].light = v });
                                } />
                            <label for=id>{move || tx(ctx.lang.get(), &label_id)}</label>
                        </div>
                    }
                }).collect_view()}
            </fieldset>
        }
    };
    view! {
        <fieldset class="cfg-section">
            <legend>{t("cfg-section-theme")}</legend>
            {mode(false)}
            {mode(true)}
            <ul class="cfg-messages" role="status">
                {move || {
                    let lang = ctx.lang.get();
                    ctx.colours.with(|c| theme::low_contrast(c)).into_iter().map(|(fg, bg, dark, ratio)| {
                        let pair = format!(
                            "{} / {}",
                            tx(lang, &format!("cfg-colour-{fg}")),
                            tx(lang, &format!("cfg-colour-{bg}"))
                        );
                        let mode = tx(lang, if dark { "cfg-theme-dark" } else { "cfg-theme-light" });
                        let ratio = format!("{:.1}", (ratio * 10.0).floor() / 10.0);
                        view! { <li class="cfg-warning">{txv(lang, "cfg-contrast-low", &[("pair", &pair), ("mode", &mode), ("ratio", &ratio)])}</li> }
                    }).collect_view()
                }}
            </ul>
        </fieldset>
    }
}

/// A group of toggle buttons (`aria-pressed`), one value pressed.
fn toggles<T: Copy + PartialEq + Send + Sync + 'static>(
    ctx: Ctx,
    label: &'static str,
    id: &'static str,
    value: RwSignal<T>,
    options: Vec<(T, &'static str, &'static str)>,
    enabled: impl Fn(T) -> bool + Copy + Send + Sync + 'static,
) -> impl IntoView {
    view! {
        <div class="cfg-toggles" role="group" aria-labelledby=id>
            <span id=id>{ctx.t(label)}</span>
            {options.into_iter().map(|(v, button_id, text)| view! {
                <button type="button" id=button_id
                    aria-pressed=move || (value.get() == v).to_string()
                    disabled=move || !enabled(v)
                    on:click=move |_| value.set(v)>
                    {ctx.t(text)}
                </button>
            }).collect_view()}
        </div>
    }
}

/// The live preview: the real loader in an iframe, re-rendered shortly after each change.
#[component]
fn Preview(ctx: Ctx) -> impl IntoView {
    let t = move |id: &'static str| ctx.t(id);
    let lang = RwSignal::new(Lang::Kk);
    let dark = RwSignal::new(false);
    let phone = RwSignal::new(false);
    let prefs = RwSignal::new(false);
    let frame = NodeRef::<leptos::html::Iframe>::new();
    // The last document the banner accepts.
    let valid = RwSignal::new(None::<Doc>);
    Effect::new(move |_| {
        if ctx.check.with(|c| c.0) {
            valid.set(Some(ctx.doc.get()));
        }
    });
    let offered =
        move |l: Lang| valid.with(|v| v.as_ref().is_some_and(|d| languages(d).contains(&l)));
    let page = Memo::new(move |_| {
        let doc = valid.get()?;
        let offered = languages(&doc);
        let shown = if offered.contains(&lang.get()) {
            lang.get()
        } else {
            *offered.first()?
        };
        let view = View {
            lang: shown,
            dark: dark.get(),
            preferences: prefs.get(),
        };
        let text = tx(shown, "cfg-preview-page");
        Some(
            ctx.colours
                .with(|c| embed::preview_page(&doc, c, view, LOADER, &text)),
        )
    });
    // Debounced: the iframe reloads 250 ms after the last change.
    let generation = StoredValue::new(0u32);
    Effect::new(move |_| {
        let Some(html) = page.get() else { return };
        generation.update_value(|g| *g += 1);
        let mine = generation.get_value();
        set_timeout(
            move || {
                if generation.get_value() != mine {
                    return;
                }
                forget_preview_choice();
                if let Some(el) = frame.get_untracked() {
                    el.set_srcdoc(&html);
                }
            },
            Duration::from_millis(250),
        );
    });
    view! {
        <section class="cfg-preview" aria-labelledby="cfg-preview-title">
            <h2 id="cfg-preview-title">{t("cfg-preview-title")}</h2>
            {toggles(ctx, "cfg-preview-language", "cfg-pl", lang,
                vec![(Lang::Kk, "cfg-pl-kk", "cfg-lang-kk"), (Lang::Ru, "cfg-pl-ru", "cfg-lang-ru"), (Lang::En, "cfg-pl-en", "cfg-lang-en")],
                offered)}
            {toggles(ctx, "cfg-preview-scheme", "cfg-ps", dark,
                vec![(false, "cfg-ps-light", "cfg-scheme-light"), (true, "cfg-ps-dark", "cfg-scheme-dark")], |_| true)}
            {toggles(ctx, "cfg-preview-width", "cfg-pw", phone,
                vec![(true, "cfg-pw-phone", "cfg-width-phone"), (false, "cfg-pw-desktop", "cfg-width-desktop")], |_| true)}
            {toggles(ctx, "cfg-preview-screen", "cfg-pv", prefs,
                vec![(false, "cfg-pv-banner", "cfg-screen-banner"), (true, "cfg-pv-preferences", "cfg-screen-preferences")], |_| true)}
            <p class="cfg-warning" role="status">
                {move || (!ctx.check.with(|c| c.0)).then(|| tx(ctx.lang.get(), "cfg-preview-stale"))}
            </p>
            <div class="cfg-frame">
                <iframe
                    id="cfg-preview"
                    node_ref=frame
                    title=t("cfg-preview-frame")
                    width=move || if phone.get() { "360" } else { "1024" }
                    height="640"
                    style=move || format!("color-scheme: {}", if dark.get() { "dark" } else { "light" })
                ></iframe>
            </div>
        </section>
    }
}

/// The preview's consent cookie and stored state are removed before each render, so the banner
/// always shows (the preview shares the configurator's origin).
fn forget_preview_choice() {
    let Some(window) = web_sys::window() else {
        return;
    };
    if let Some(doc) = window
        .document()
        .and_then(|d| d.dyn_into::<web_sys::HtmlDocument>().ok())
    {
        let _ = doc.set_cookie(&format!("{}=; Path=/; Max-Age=0", embed::PREVIEW_COOKIE));
    }
    if let Ok(Some(storage)) = window.local_storage() {
        let suffix = format!(":{}", embed::PREVIEW_COOKIE);
        let keys: Vec<String> = (0..storage.length().unwrap_or(0))
            .filter_map(|i| storage.key(i).ok().flatten())
            .filter(|k| k.starts_with("kelisim:") && k.ends_with(&suffix))
            .collect();
        for k in keys {
            let _ = storage.remove_item(&k);
        }
    }
}

/// The embed to copy, and the JSON to download; only for a configuration the banner accepts.
#[component]
fn Output(ctx: Ctx) -> impl IntoView {
    let t = move |id: &'static str| ctx.t(id);
    let copied = RwSignal::new(String::new());
    let area = NodeRef::<leptos::html::Textarea>::new();
    let ok = move || ctx.check.with(|c| c.0);
    let code = Memo::new(move |_| {
        if ctx.check.with(|c| c.0) {
            ctx.doc.with(|d| {
                ctx.colours.with(|c| {
                    ctx.hints
                        .with(|h| embed::embed_with(d, c, h, ctx.loader.get()))
                })
            })
        } else {
            String::new()
        }
    });
    let copy = move |_| {
        let text = code.get_untracked();
        let lang = ctx.lang.get_untracked();
        spawn_local(async move {
            let written = match clipboard_write(&text) {
                Some(promise) => JsFuture::from(promise).await.is_ok(),
                None => false,
            };
            if written {
                copied.set(tx(lang, "cfg-copied"));
            } else if let Some(el) = area.get_untracked() {
                // No Clipboard API (or no permission): select the code for Ctrl+C.
                el.select();
                let copied_now = web_sys::window()
                    .and_then(|w| w.document())
                    .and_then(|d| d.dyn_into::<web_sys::HtmlDocument>().ok())
                    .and_then(|d| d.exec_command("copy").ok())
                    .unwrap_or(false);
                copied.set(tx(
                    lang,
                    if copied_now {
                        "cfg-copied"
                    } else {
                        "cfg-copy-manual"
                    },
                ));
            }
        });
    };
    let download = move |_| {
        let json = ctx.doc.with_untracked(Doc::to_json);
        let _ = download_json(&json);
    };
    view! {
        <section class="cfg-output" aria-labelledby="cfg-output-title">
            <h2 id="cfg-output-title">{t("cfg-section-output")}</h2>
            <p class="cfg-warning">{move || (!ok()).then(|| tx(ctx.lang.get(), "cfg-output-invalid"))}</p>
            <LoaderChoice ctx=ctx />
            <label for="cfg-embed">{t("cfg-output-embed")}</label>
            <textarea id="cfg-embed" node_ref=area readonly rows="16" spellcheck="false"
                prop:value=move || code.get()></textarea>
            <div class="cfg-buttons">
                <button type="button" id="cfg-copy" disabled=move || !ok() on:click=copy>{t("cfg-copy")}</button>
                <button type="button" id="cfg-download" disabled=move || !ok() on:click=download>{t("cfg-download")}</button>
            </div>
            <p role="status" id="cfg-copied">{move || copied.get()}</p>
        </section>
    }
}

/// The three loaders the embed can end with, each with what it is for.
#[component]
fn LoaderChoice(ctx: Ctx) -> impl IntoView {
    view! {
        <fieldset class="cfg-field">
            <legend>{ctx.t("cfg-loader")}</legend>
            {Loader::ALL.into_iter().map(|loader| {
                let id = format!("cfg-loader-{}", loader.key());
                let help = format!("{id}-help");
                let (label, text) = match loader {
                    Loader::Async => ("cfg-loader-async", "cfg-loader-async-help"),
                    Loader::Autoblock => ("cfg-loader-autoblock", "cfg-loader-autoblock-help"),
                    Loader::OneResponse => ("cfg-loader-one", "cfg-loader-one-help"),
                };
                view! {
                    <div class="cfg-check">
                        <input id=id.clone() type="radio" name="cfg-loader" aria-describedby=help.clone()
                            prop:checked=move || ctx.loader.get() == loader
                            on:change=move |_| ctx.loader.set(loader) />
                        <label for=id>{ctx.t(label)}</label>
                    </div>
                    <p class="cfg-help" id=help>{ctx.t(text)}</p>
                }
            }).collect_view()}
        </fieldset>
    }
}

/// `navigator.clipboard.writeText(text)`, when the browser has it.
fn clipboard_write(text: &str) -> Option<js_sys::Promise> {
    let navigator = web_sys::window()?.navigator();
    let clipboard = js_sys::Reflect::get(&navigator, &"clipboard".into()).ok()?;
    if clipboard.is_undefined() || clipboard.is_null() {
        return None;
    }
    let write: js_sys::Function = js_sys::Reflect::get(&clipboard, &"writeText".into())
        .ok()?
        .dyn_into()
        .ok()?;
    write.call1(&clipboard, &text.into()).ok()?.dyn_into().ok()
}

/// Saves `json` as `kelisim.json` through a Blob and a download link.
fn download_json(json: &str) -> Result<(), JsValue> {
    let window = web_sys::window().ok_or(JsValue::NULL)?;
    let document = window.document().ok_or(JsValue::NULL)?;
    let options = web_sys::BlobPropertyBag::new();
    options.set_type("application/json");
    let blob = web_sys::Blob::new_with_str_sequence_and_options(
        &js_sys::Array::of1(&json.into()),
        &options,
    )?;
    let url = web_sys::Url::create_object_url_with_blob(&blob)?;
    let a: web_sys::HtmlElement = document.create_element("a")?.unchecked_into();
    a.set_attribute("href", &url)?;
    a.set_attribute("download", "kelisim.json")?;
    document.body().ok_or(JsValue::NULL)?.append_child(&a)?;
    a.click();
    a.remove();
    web_sys::Url::revoke_object_url(&url)
}
