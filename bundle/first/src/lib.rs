//! The first-layer bundle (`dist/app/first_bg.wasm`): what every visitor downloads. It holds
//! [`kelisim::web::first`] and the pure core, and no Leptos; see the README, "Weight".
pub use kelisim::web::first::start;

/// `talc` instead of the default `dlmalloc`: it frees and coalesces memory like dlmalloc (the page
/// is long-lived), and weighs 1.5 KB brotli less in this bundle (47,411 -> 45,919 B). Its realloc
/// in place is turned off (`Cargo.toml`): 134 B less, and the first layer's strings are short.
#[cfg(all(target_family = "wasm", not(target_feature = "atomics")))]
#[global_allocator]
static TALC: talc::wasm::WasmDynamicTalc = talc::wasm::new_wasm_dynamic_allocator();
