#!/usr/bin/env bash
# Builds the release bundle into dist/ (installs missing tools first):
#   dist/kelisim.js            the loader (loader/kelisim.js), the one script a page names
#   dist/kelisim-lite.js       the same loader without automatic blocking (2.2 KB brotli less):
#                                       the recommended embed's, `async`
#   dist/kelisim-one.js        kelisim-lite.js with the first layer inside it (one response;
#                                       scripts/one-response.js)
#   dist/app/first_bg.<hash>.wasm      the first layer (Leptos-free): every visitor downloads
#                                       it (its glue is inside the loader: scripts/inline-glue.js)
#   dist/app/app.<hash>.js, app_bg.<hash>.wasm       the Leptos app (preference center, records),
#                                       loaded when needed
#   dist/app/countries-kk.<hash>.txt   every country's Kazakh name, fetched by the first layer
#                                       only for a Kazakh banner naming a rare country
#   dist/manifest.json         every file's Subresource Integrity hash (sha384), also printed
# The app files' names carry 8 hex digits of their sha256 (served with Cache-Control: immutable);
# the loader, which names them, gets the names and the integrity hashes in its /*@files*/ table.
#   dist/configurator/         the configurator page of the demo site (bundle/configurator)
#   dist/embed.html            the recommended embed: preload hints, configuration, loader
# plus the demo site (index.html and demo/). Each bundle is its own cargo build (bundle/first, bundle/app): built
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
# Each bundle's imports and exports under short names, and its glue minified (src/glue.rs;
# measured 2026-12-04, brotli: first layer wasm 51685 -> 49812 and glue 5753 -> 2889, app wasm
# 138195 -> 135307 and glue 7392 -> 3634): wasm-bindgen's names carry 16 hex digits each, spelt
# out in the wasm and again in the glue. wasm-opt prints the names it gave; the glue is renamed
# to them, its initialisation trimmed to the loader's one use (-297 B brotli on the first paint,
# measured 2026-12-07), then minified by terser. The producers and target-features sections go
# too (-160 B on the first layer): no browser reads them.
#
# Before that, a pass that rebuilds every function's control flow (`--flatten --rereloop`, then
# -Oz twice; measured 2026-12-04, brotli: first layer wasm 51610 -> 51268, app 138574 -> 137816;
# about 15 s more build time). It runs on its own because --converge would repeat the renaming.
# terser's options for the glue and the loader: ES2015 output (the glue wasm-bindgen writes is
# ES2017 already: nothing older runs it), and function expressions that use neither `this` nor
# `arguments` written as arrows (measured 2026-12-07 with the second pass below: kelisim.js
# 6,874 -> 6,782 B brotli, the app's glue 3,389 -> 3,365; terser's "unsafe" rewrites: +15 B).
TERSER_OPTIONS=(--ecma 2015 --compress passes=2,unsafe_arrows=true)
for bundle in first app; do
  wasm="$ROOT/target/$bundle/$TARGET/release/kelisim_$bundle.wasm"
  wasm-bindgen --target web --no-typescript --out-dir "$stage/app" --out-name "$bundle" "$wasm"
  wasm-opt -Oz --flatten --rereloop -Oz -Oz "${WASM_OPT_FEATURES[@]}" \
    "$stage/app/${bundle}_bg.wasm" -o "$stage/app/${bundle}_bg.wasm"
  wasm-opt -Oz --converge --minify-imports-and-exports-and-modules --strip-producers \
    --strip-target-features "${WASM_OPT_FEATURES[@]}" \
    "$stage/app/${bundle}_bg.wasm" -o "$stage/app/${bundle}_bg.wasm" >"$stage/${bundle}_names.json"
  # The functions in an order brotli compresses better, similar code next to each other
  # (scripts/order-functions.mjs; measured 2026-12-07, brotli: first layer wasm 42,904 -> 42,272,
  # app 133,676 -> 130,051; about 30 s), then -Oz once more for its writer's stack-IR
  # optimisation (it keeps the order).
  # On the first layer, which every visitor downloads, the order's window (how many functions
  # just placed a candidate is compared with) is tried from 2 to 6 and the order brotli
  # compresses best is kept, the first of equals (measured 2026-12-07: 41,765 to 41,834 B; the
  # default, 4, was the largest; about 35 s). The app keeps the default (each try costs it 45 s).
  windows=(4); [ "$bundle" = first ] && windows=(2 3 4 5 6)
  best=""
  for window in "${windows[@]}"; do
    node "$ROOT/scripts/order-functions.mjs" --window "$window" "$stage/app/${bundle}_bg.wasm" "$stage/${bundle}_ordered.wasm"
    wasm-opt -Oz "${WASM_OPT_FEATURES[@]}" "$stage/${bundle}_ordered.wasm" -o "$stage/${bundle}_try.wasm"
    size=$(brotli -q 11 -c "$stage/${bundle}_try.wasm" | wc -c)
    if [ -z "$best" ] || [ "$size" -lt "$best" ]; then
      best=$size
      mv "$stage/${bundle}_try.wasm" "$stage/${bundle}_best.wasm"
    fi
  done
  [ "${#windows[@]}" -gt 1 ] && say "the $bundle bundle's functions ordered: $best B brotli, the best of windows ${windows[*]}"
  mv "$stage/${bundle}_best.wasm" "$stage/app/${bundle}_bg.wasm"
  rm -f "$stage/${bundle}_ordered.wasm" "$stage/${bundle}_try.wasm"
  cargo run --quiet --example glue_names -- "$stage/app/$bundle.js" "$stage/${bundle}_names.json" \
    "$stage/app/${bundle}_bg.wasm" "./${bundle}_bg.js"
  terser "$stage/app/$bundle.js" --module "${TERSER_OPTIONS[@]}" --mangle -o "$stage/$bundle.min.js"
  mv "$stage/$bundle.min.js" "$stage/app/$bundle.js"
  rm "$stage/${bundle}_names.json"
done
# The configurator (bundle/configurator): a page of the demo site, next to its own files.
mkdir -p "$stage/configurator"
wasm-bindgen --target web --no-typescript --out-dir "$stage/configurator" --out-name configurator \
  "$ROOT/target/configurator/$TARGET/release/kelisim_configurator.wasm"
wasm-opt -Oz "${WASM_OPT_FEATURES[@]}" "$stage/configurator/configurator_bg.wasm" \
  -o "$stage/configurator/configurator_bg.wasm"
# The loader with its facts generated from the Rust crate (src/early.rs) and the first layer's
# build id (a hash of its glue and wasm): the early answers the first layer stored are repeated
# only by the loader of the same build.
build_id="$(cat "$stage/app/first.js" "$stage/app/first_bg.wasm" | sha256sum | cut -c1-16)"
cargo run --quiet --example loader_facts -- loader/kelisim.js \
  | sed "s/var BUILD = \"dev\";/var BUILD = \"$build_id\";/" >"$stage/loader.js"
grep -q "var BUILD = \"$build_id\";" "$stage/loader.js" || { say "the loader's build id was not set"; exit 1; }
# Content-hashed names and Subresource Integrity (see "Caching and integrity" in the README).
sri() { echo "sha384-$(openssl dgst -sha384 -binary "$1" | openssl base64 -A)"; }
hash8() { sha256sum "$1" | cut -c1-8; }
files_table=""; sri_table=""; manifest_files=""
add_file() { # add_file KEY FILE-IN-STAGE/app
  local key=$1 file=$2 integrity
  integrity=$(sri "$stage/app/$file")
  files_table+="${files_table:+, }$key: \"app/$file\""
  sri_table+="${sri_table:+, }$key: \"$integrity\""
  manifest_files+="${manifest_files:+,}"$'\n'"    \"app/$file\": { \"key\": \"$key\", \"integrity\": \"$integrity\", \"bytes\": $(wc -c <"$stage/app/$file") }"
}
for bundle in first app; do
  wasm_name="${bundle}_bg.$(hash8 "$stage/app/${bundle}_bg.wasm").wasm"
  mv "$stage/app/${bundle}_bg.wasm" "$stage/app/$wasm_name"
  # The glue has no wasm URL of its own (src/glue.rs, trim_init): the loader hands it the wasm.
  ! grep -q "_bg\.wasm" "$stage/app/$bundle.js" || { say "the $bundle glue names a wasm file"; exit 1; }
  # The first layer's glue goes inside the loader (below), not into app/.
  if [ "$bundle" = first ]; then
    mv "$stage/app/first.js" "$stage/first-glue.js"
  else
    glue_name="$bundle.$(hash8 "$stage/app/$bundle.js").js"
    mv "$stage/app/$bundle.js" "$stage/app/$glue_name"
    add_file "$bundle" "$glue_name"
  fi
  add_file "${bundle}_wasm" "$wasm_name"
done
# Every country's Kazakh name (src/country.rs, kk_file), fetched by the first layer only for a
# Kazakh banner naming a country it does not carry (measured 2026-12-06: the first layer's wasm
# 46834 -> 45261 B brotli without the whole table).
cargo run --quiet --example country_names >"$stage/app/countries-kk.txt"
countries_name="countries-kk.$(hash8 "$stage/app/countries-kk.txt").txt"
mv "$stage/app/countries-kk.txt" "$stage/app/$countries_name"
add_file countries_kk "$countries_name"
# Every first/app file was renamed (other bundles in app/, if any, are not the loader's business).
[ -z "$(ls "$stage/app" | grep -E '^(first|app)(_bg)?\.(js|wasm)$')" ] \
  || { say "app files left without a content hash: $(ls "$stage/app")"; exit 1; }
# The shipped loader loses its whole-line // comments (read them in loader/kelisim.js): they
# were a sixth of its brotli bytes, and every visitor downloads it. Two loaders come from it:
# kelisim.js, and kelisim-lite.js without automatic blocking (the section between its
# autoblocking markers; measured 2026-12-07: 2,138 B brotli), which kelisim-one.js is also built
# from (below). Blocking needs a plain script in <head>: kelisim-lite.js is the loader of the
# recommended embed, an `async` tag, where that code could never work (and of any page that
# blocks nothing), and kelisim-one.js carries the first layer. The lines between the `noblocking` markers, which say so when asked to block,
# are theirs only.
FILES="/*@files*/var FILES = { $files_table }, SRI = { $sri_table };/*@end*/"
loader_variant() { # loader_variant SECTION-LEFT-OUT OUT
  FILES="$FILES" perl -0pe 's{/\*\@files\*/.*?/\*\@end\*/}{$ENV{FILES}}s;
    s{/\*\@'"$1"'\*/.*?/\*\@end-'"$1"'\*/}{}s; s{/\*\@(end-)?(autoblocking|one)\*/}{}g;
    s{^[ \t]*//[^\n]*\n}{}mg' "$stage/loader.js" >"$2"
  grep -q "SRI = { first_wasm: \"sha384-" "$2" || { say "the loader has no /*@files*/ table"; exit 1; }
  ! grep -q "/\*@$1\*/" "$2" || { say "the loader's $1 section was not left out"; exit 1; }
  # Then it is minified (measured 2026-12-04: 5581 -> 4208 B brotli), keeping the names FILES and
  # SRI of its file table (tests/pages/integrity.js and scripts/test-package.sh alter it).
  { echo "/*! kelisim loader, minified: its source with comments is loader/kelisim.js */"
    terser "$2" "${TERSER_OPTIONS[@]}" --mangle 'reserved=[FILES,SRI]' --comments false
  } >"$stage/loader.min.js"
  mv "$stage/loader.min.js" "$2"
  # The first layer's glue inside it, where it asked for the glue (one request fewer before the
  # banner, and 261 B brotli less than the two files: measured 2026-12-06).
  node "$ROOT/scripts/inline-glue.js" "$2" "$stage/first-glue.js"
  # Then the whole minified once more: the glue's names and the loader's share one scope now;
  # the file table must come out of both passes under its names.
  terser "$2" "${TERSER_OPTIONS[@]}" --mangle 'reserved=[FILES,SRI]' --comments '/^!/' -o "$stage/loader.min.js"
  mv "$stage/loader.min.js" "$2"
  grep -q "SRI={first_wasm:\"sha384-" "$2" || { say "the minified loader has no SRI table"; exit 1; }
}
loader_variant noblocking "$stage/kelisim.js"
loader_variant autoblocking "$stage/kelisim-lite.js"
grep -q "googletagmanager" "$stage/kelisim.js" && ! grep -q "googletagmanager" "$stage/kelisim-lite.js" \
  || { say "kelisim.js must block automatically, kelisim-lite.js must not"; exit 1; }
rm "$stage/loader.js" "$stage/first-glue.js"
# The loader with the first layer inside it (dist/kelisim-one.js), made from kelisim-lite.js: the
# banner one response after the page instead of two round trips, for about 3 KB more than the
# recommended embed (scripts/one-response.js).
node "$ROOT/scripts/one-response.js" "$stage" "$stage/kelisim-lite.js"
# The recommended embed (docs/book "Embedding"): the first layer's wasm fetched in the same round
# trip as the loader (its glue is inside the loader), by a `preload as=fetch` hint *without* integrity (Firefox hands a hinted response to
# a later fetch only when neither names an integrity; with one it downloaded the file twice:
# tests/browser_preload.rs saw 2 × 123 KB): the loader then fetches it without integrity and
# compares its SHA-384 itself (loader/kelisim.js, `wasm`). Then the configuration and the loader.
# KELISIM_BASE is the URL path the site serves dist/ under (/kelisim/ by default). The loader's tag has no integrity: an updated
# loader under the same URL must keep working with an old embed (stale hints only cost a fetch).
base_url="${KELISIM_BASE:-/kelisim/}"
first_wasm=$(cd "$stage" && ls app/first_bg.*.wasm)
cat >"$stage/embed.html" <<HTML
<link rel="preload" href="$base_url$first_wasm" as="fetch" type="application/wasm" crossorigin>
<script type="application/json" id="kelisim-config">{ "revision": 1 }</script>
<script src="${base_url}kelisim-lite.js" async></script>
HTML
version=$(awk -F'"' '/^version = / { print $2; exit }' Cargo.toml)
cat >"$stage/manifest.json" <<JSON
{
  "name": "kelisim",
  "version": "$version",
  "loader": { "file": "kelisim.js", "integrity": "$(sri "$stage/kelisim.js")", "bytes": $(wc -c <"$stage/kelisim.js") },
  "loader_lite": { "file": "kelisim-lite.js", "integrity": "$(sri "$stage/kelisim-lite.js")", "bytes": $(wc -c <"$stage/kelisim-lite.js") },
  "loader_one_response": { "file": "kelisim-one.js", "integrity": "$(sri "$stage/kelisim-one.js")", "bytes": $(wc -c <"$stage/kelisim-one.js") },
  "preload": [
    { "file": "$first_wasm", "rel": "preload", "as": "fetch", "type": "application/wasm" }
  ],
  "files": {$manifest_files
  }
}
JSON
say "Subresource Integrity (dist/manifest.json):"
for f in kelisim.js kelisim-lite.js kelisim-one.js "$stage"/app/*; do f=${f#"$stage/"}; printf '  %-28s %s\n' "$f" "$(sri "$stage/$f")" >&2; done
# Precompressed copies beside every file a page loads: <file>.br (brotli -q 11) and <file>.gz
# (gzip -9), which nginx (gzip_static, brotli_static), Caddy (precompressed) and the receiver's
# --static send as they are to a browser that accepts them (docs/book "Hosting"). Compressing
# at the best level once, here, rather than at each request: measured 2026-12-07, the first paint
# (loader and first wasm) is 51,039 B brotli against 58,795 with gzip -6 and 64,781 with nginx's
# default gzip level 1; the app's glue and wasm 137,737 against 165,598 and 188,368.
# Deterministic (gzip -n: no name, no time), so `trunk build` and this script give the same dist/.
for f in "$stage"/{kelisim.js,kelisim-lite.js,kelisim-one.js,manifest.json} "$stage"/app/*; do
  brotli -q 11 -f -o "$f.br" "$f"
  gzip -9 -n -c "$f" >"$f.gz"
done
cp -r demo/. "$stage/"
# The demo's pages use the recommended embed: their preload hint names the first layer's wasm as
# `app/first_bg.wasm`, given its content-hashed name here (a hint naming no file would only cost
# the visitor a download, so a page left unrewritten fails the build).
hint_first_wasm() { # hint_first_wasm PAGE…
  for page in "$@"; do
    sed -i "s|href=\"app/first_bg\.wasm\"|href=\"$first_wasm\"|" "$page"
    grep -q "href=\"$first_wasm\"" "$page" || { say "$page has no preload hint for the first layer"; exit 1; }
  done
}
hint_first_wasm "$stage/order-sent.html" "$stage/profile.html"
# Trunk (Trunk.toml: `trunk serve`, `trunk build --release`) runs this script as its post-build
# hook: everything goes into Trunk's staging folder, beside the index.html Trunk wrote there.
if [ -n "${TRUNK_STAGING_DIR:-}" ]; then
  cp -r "$stage/." "$TRUNK_STAGING_DIR/"
  # Trunk keeps the skipped Rust tag (with its id) in the page it wrote: it goes, as below.
  sed -i '/<link data-trunk /d' "$TRUNK_STAGING_DIR/index.html"
  hint_first_wasm "$TRUNK_STAGING_DIR/index.html"
  say "dist/ for Trunk is ready in $TRUNK_STAGING_DIR"
  exit 0
fi
# index.html without its Trunk-only tag, as Trunk writes it (see Trunk.toml).
grep -v '<link data-trunk ' index.html >"$stage/index.html"
hint_first_wasm "$stage/index.html"
rm -rf dist
mv "$stage" dist
trap - EXIT
chmod 755 dist
say "dist/ is ready: $(cd dist && echo kelisim.js kelisim-lite.js kelisim-one.js embed.html manifest.json $(ls app/* | grep -Ev '\.(br|gz)$')), each with its .br and .gz"
