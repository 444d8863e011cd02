#!/usr/bin/env bash
# Builds the release bundle into dist/ (installs missing tools first):
#   dist/kelisim.js            the loader (loader/kelisim.js), the one script a page names
#   dist/app/first.js, first_bg.wasm   the first layer (Leptos-free): every visitor downloads it
#   dist/app/app.js, app_bg.wasm       the Leptos app (preference center, records), loaded when needed
# plus the demo site (demo/). Each bundle is its own cargo build (bundle/first, bundle/app): built
# together, cargo would unify their features and put the app into the first layer.
# Any failing step fails the build: an old dist/ is never passed off as new.
set -euo pipefail
source "$(dirname "$0")/env.sh"
"$ROOT/scripts/setup.sh"
cd "$ROOT"
TARGET=wasm32-unknown-unknown
OUT="$ROOT/target/$TARGET/release"
# wasm-opt's features: those of the wasm that rustc and wasm-bindgen emit.
WASM_OPT_FEATURES=(--enable-bulk-memory --enable-nontrapping-float-to-int --enable-sign-ext
  --enable-mutable-globals --enable-reference-types --enable-multivalue)
stage="$(mktemp -d)"
trap 'rm -rf "$stage"' EXIT
mkdir -p "$stage/app"
for bundle in first app; do
  say "building the $bundle bundle (cargo build --release -p kelisim-$bundle)"
  cargo build --quiet --release --target "$TARGET" -p "kelisim-$bundle"
  wasm-bindgen --target web --no-typescript --out-dir "$stage/app" --out-name "$bundle" \
    "$OUT/kelisim_$bundle.wasm"
  wasm-opt -Oz --converge "${WASM_OPT_FEATURES[@]}" "$stage/app/${bundle}_bg.wasm" \
    -o "$stage/app/${bundle}_bg.wasm"
done
cp loader/kelisim.js "$stage/kelisim.js"
cp -r demo/. "$stage/"
rm -rf dist
mv "$stage" dist
trap - EXIT
chmod 755 dist
say "dist/ is ready: $(cd dist && echo kelisim.js app/*)"
