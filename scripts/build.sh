#!/usr/bin/env bash
# Builds the release bundle into dist/ (installs missing tools first):
#   dist/kelisim.js            the loader (loader/kelisim.js), the one script a page names
#   dist/app/first.js, first_bg.wasm   the first layer (Leptos-free): every visitor downloads it
#   dist/app/app.js, app_bg.wasm       the Leptos app (preference center, records), loaded when needed
#   dist/configurator/         the configurator page of the demo site (bundle/configurator)
# plus the demo site (demo/). Each bundle is its own cargo build (bundle/first, bundle/app): built
# together, cargo would unify their features and put the app into the first layer.
# Any failing step fails the build: an old dist/ is never passed off as new.
set -euo pipefail
source "$(dirname "$0")/env.sh"
"$ROOT/scripts/setup.sh"
cd "$ROOT"
TARGET=wasm32-unknown-unknown
# wasm-opt's features: those of the wasm that rustc and wasm-bindgen emit.
WASM_OPT_FEATURES=(--enable-bulk-memory --enable-nontrapping-float-to-int --enable-sign-ext
  --enable-mutable-globals --enable-reference-types --enable-multivalue)
stage="$(mktemp -d)"
trap 'rm -rf "$stage"' EXIT
mkdir -p "$stage/app"
# Both bundles are built with the pinned nightly and the standard library rebuilt for size,
# panics aborting without formatting (measured 2026-11-27: the first layer 67.6 -> 52.7 KB brotli;
# the app, with Leptos's `erase_components` too, 134.6 -> 115.6 KB). Each has its own target
# directory, so the two feature sets and toolchains never rebuild each other's artefacts.
NIGHTLY_FLAGS="-Zunstable-options -Cpanic=immediate-abort -Zlocation-detail=none -Zfmt-debug=none"
for bundle in first app configurator; do
  say "building the $bundle bundle ($NIGHTLY, -Zbuild-std)"
  flags="$NIGHTLY_FLAGS"
  [ "$bundle" != first ] && flags="--cfg erase_components $flags"
  CARGO_TARGET_DIR="$ROOT/target/$bundle" RUSTFLAGS="$flags" \
    cargo "+$NIGHTLY" build --quiet --release --target "$TARGET" -p "kelisim-$bundle" \
    -Zbuild-std=std,panic_abort -Zbuild-std-features=optimize_for_size
done
for bundle in first app; do
  wasm="$ROOT/target/$bundle/$TARGET/release/kelisim_$bundle.wasm"
  wasm-bindgen --target web --no-typescript --out-dir "$stage/app" --out-name "$bundle" "$wasm"
  wasm-opt -Oz --converge "${WASM_OPT_FEATURES[@]}" "$stage/app/${bundle}_bg.wasm" \
    -o "$stage/app/${bundle}_bg.wasm"
done
# The configurator (bundle/configurator): a page of the demo site, next to its own files.
mkdir -p "$stage/configurator"
wasm-bindgen --target web --no-typescript --out-dir "$stage/configurator" --out-name configurator \
  "$ROOT/target/configurator/$TARGET/release/kelisim_configurator.wasm"
wasm-opt -Oz "${WASM_OPT_FEATURES[@]}" "$stage/configurator/configurator_bg.wasm" \
  -o "$stage/configurator/configurator_bg.wasm"
cp loader/kelisim.js "$stage/kelisim.js"
cp -r demo/. "$stage/"
rm -rf dist
mv "$stage" dist
trap - EXIT
chmod 755 dist
say "dist/ is ready: $(cd dist && echo kelisim.js app/*)"
