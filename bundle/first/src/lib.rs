//! The first-layer bundle (`dist/app/first_bg.wasm`): what every visitor downloads. It holds
//! [`kelisim::web::first`] and the pure core, and no Leptos; see the README, "Weight".
pub use kelisim::web::first::start;

/// `lol_alloc`'s free-list allocator instead of the default `dlmalloc`: like dlmalloc it frees and
/// coalesces memory (the page is long-lived), in far less code. Measured on this bundle's wasm,
/// brotli: dlmalloc 47,411 B, `talc` 45,919 (2026-11-27, the choice until 2026-12-07), `lol_alloc`
/// 419 B less than `talc` (42,272 -> 41,853 B, 2026-12-07). Its allocations and frees walk the
/// free list (kept sorted by address): the first layer holds few blocks, and its start measured
/// as fast as with `talc` (docs/book, "Weight and performance"). Single-threaded (no atomics), as
/// `AssumeSingleThreaded` requires.
#[cfg(all(target_family = "wasm", not(target_feature = "atomics")))]
#[global_allocator]
static ALLOC: lol_alloc::AssumeSingleThreaded<lol_alloc::FreeListAllocator> =
    // SAFETY: a wasm32 module without the atomics feature has one thread.
    unsafe { lol_alloc::AssumeSingleThreaded::new(lol_alloc::FreeListAllocator::new()) };
