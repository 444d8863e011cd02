# Sourced by the scripts: puts the project's tools on PATH and exports the versions they pin.
# shellcheck shell=bash
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
export PATH="$HOME/.cargo/bin:$ROOT/.tools/binaryen/node_modules/.bin:$ROOT/.tools/terser/node_modules/.bin:$PATH"
BINARYEN_VERSION=132
# terser minifies the first layer's glue (scripts/build.sh).
TERSER_VERSION=5.51.4
# The first-layer bundle is built with this pinned nightly and `-Zbuild-std` (smaller: no panic
# formatting, std optimised for size); see scripts/build.sh and the README, "Weight".
NIGHTLY=nightly-2026-10-29
# wasm-bindgen-cli must equal the wasm-bindgen crate in Cargo.lock.
WASM_BINDGEN_VERSION="$(awk '/^name = "wasm-bindgen"$/ { getline; gsub(/version = |"/, ""); print; exit }' "$ROOT/Cargo.lock")"
export ROOT BINARYEN_VERSION TERSER_VERSION WASM_BINDGEN_VERSION NIGHTLY
say() { printf '\033[1m[kelisim]\033[0m %s\n' "$*" >&2; }
