# Sourced by the scripts: puts the project's tools on PATH and exports the versions they pin.
# shellcheck shell=bash
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
export PATH="$HOME/.cargo/bin:$ROOT/.tools/binaryen/node_modules/.bin:$PATH"
BINARYEN_VERSION=132
# wasm-bindgen-cli must equal the wasm-bindgen crate in Cargo.lock.
WASM_BINDGEN_VERSION="$(awk '/^name = "wasm-bindgen"$/ { getline; gsub(/version = |"/, ""); print; exit }' "$ROOT/Cargo.lock")"
export ROOT BINARYEN_VERSION WASM_BINDGEN_VERSION
say() { printf '\033[1m[kelisim]\033[0m %s\n' "$*" >&2; }
