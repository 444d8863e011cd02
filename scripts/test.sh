#!/usr/bin/env bash
# Runs every test of kelisim, installing what is missing first (idempotent):
#   formatting and lints; the pure core natively (cargo test); the release bundle and its size
#   budget; the browser tests (wasm-bindgen-test) in headless Chromium and in headless Firefox.
set -euo pipefail
source "$(dirname "$0")/env.sh"
"$ROOT/scripts/setup.sh" --browsers
cd "$ROOT"

say "rustfmt and clippy"
cargo fmt --all --check
cargo clippy --quiet --all-targets -- -D warnings
cargo clippy --quiet --target wasm32-unknown-unknown --all-targets -- -D warnings

say "native tests of the pure core"
KELISIM_REQUIRE_HUNSPELL=1 cargo test --quiet

say "release bundle and size budget"
"$ROOT/scripts/size.sh" --check

browser_tests=()
for f in tests/browser_*.rs; do browser_tests+=(--test "$(basename "$f" .rs)"); done
export WASM_BINDGEN_TEST_TIMEOUT=900 WASM_BINDGEN_TEST_NO_ORIGIN_ISOLATION=1
say "browser tests in headless Chromium"
CHROMEDRIVER=/usr/bin/chromedriver cargo test --target wasm32-unknown-unknown "${browser_tests[@]}"
say "browser tests in headless Firefox"
GECKODRIVER="$(command -v geckodriver)" cargo test --target wasm32-unknown-unknown "${browser_tests[@]}"
say "all tests passed"
