#!/usr/bin/env bash
# Installs what building (and, with --browsers, testing) kelisim needs, when it is missing.
# Idempotent and quiet when everything is there. Debian with Rust (rustup) is assumed; run as
# root or with sudo available for the Debian packages.
#   scripts/setup.sh             wasm target, the pinned nightly + rust-src (first-layer bundle),
#                                wasm-bindgen-cli, wasm-opt (binaryen 132), terser, brotli, openssl
#   scripts/setup.sh --browsers  also Chromium + chromedriver, Firefox ESR + geckodriver, hunspell,
#                                WordPress + MariaDB + PHP (the WordPress plugin's test)
set -euo pipefail
source "$(dirname "$0")/env.sh"

SUDO=""; [ "$(id -u)" -eq 0 ] || SUDO="sudo"
APT_UPDATED=""
apt_install() { # apt_install PACKAGE… (only the missing ones)
  local missing=()
  for p in "$@"; do dpkg -s "$p" >/dev/null 2>&1 || missing+=("$p"); done
  [ ${#missing[@]} -eq 0 ] && return 0
  say "installing Debian packages: ${missing[*]}"
  if [ -z "$APT_UPDATED" ]; then $SUDO apt-get update -qq; APT_UPDATED=1; fi
  DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq "${missing[@]}" >/dev/null
}

if ! rustup target list --installed | grep -qx wasm32-unknown-unknown; then
  say "adding the Rust target wasm32-unknown-unknown"
  rustup target add wasm32-unknown-unknown
fi
if ! rustup run "$NIGHTLY" rustc --print sysroot >/dev/null 2>&1 \
   || ! [ -d "$(rustup run "$NIGHTLY" rustc --print sysroot)/lib/rustlib/src/rust/library" ] \
   || ! [ -d "$(rustup run "$NIGHTLY" rustc --print sysroot)/lib/rustlib/wasm32-unknown-unknown" ]; then
  say "installing the Rust toolchain $NIGHTLY with rust-src (for the first-layer bundle, once)"
  rustup toolchain install "$NIGHTLY" --profile minimal --component rust-src --target wasm32-unknown-unknown
fi
if [ "$(wasm-bindgen --version 2>/dev/null)" != "wasm-bindgen $WASM_BINDGEN_VERSION" ]; then
  say "installing wasm-bindgen-cli $WASM_BINDGEN_VERSION (matches Cargo.lock; a few minutes, once)"
  # Not --locked: one of its locked dependencies is no longer in the registry.
  cargo install --force "wasm-bindgen-cli@$WASM_BINDGEN_VERSION"
fi
# wasm-opt from npm's binaryen: Debian's binaryen (108) miscompiles wasm-bindgen output.
if ! wasm-opt --version 2>/dev/null | grep -q "version $BINARYEN_VERSION"; then
  command -v npm >/dev/null || apt_install nodejs npm
  say "installing wasm-opt (npm binaryen@$BINARYEN_VERSION) into .tools/"
  mkdir -p "$ROOT/.tools/binaryen"
  npm install --silent --no-audit --no-fund --prefix "$ROOT/.tools/binaryen" "binaryen@$BINARYEN_VERSION" >/dev/null
fi
if [ "$(terser --version 2>/dev/null)" != "terser $TERSER_VERSION" ]; then
  command -v npm >/dev/null || apt_install nodejs npm
  say "installing terser $TERSER_VERSION (npm) into .tools/"
  mkdir -p "$ROOT/.tools/terser"
  npm install --silent --no-audit --no-fund --prefix "$ROOT/.tools/terser" "terser@$TERSER_VERSION" >/dev/null
fi
command -v brotli >/dev/null || apt_install brotli
# openssl: the Subresource Integrity hashes of scripts/build.sh.
command -v openssl >/dev/null || apt_install openssl

if [ "${1:-}" = "--browsers" ]; then
  apt_install chromium chromium-driver firefox-esr hunspell hunspell-ru hunspell-en-us hunspell-kk sqlite3
  # The WordPress plugin's test (scripts/test-wordpress.sh): Debian's WordPress and its default
  # theme, PHP with mysqli/PDO MySQL, a throwaway MariaDB, zip for the plugin's zip.
  apt_install wordpress wordpress-theme-twentytwentythree mariadb-server php-cli php-mysql zip unzip
  # mdBook builds the documentation (docs/book) in the test command; without its web server.
  if ! command -v mdbook >/dev/null; then
    say "installing mdbook (cargo, a few minutes, once)"
    cargo install --locked mdbook --no-default-features
  fi
  # Trunk (Trunk.toml): the test command checks `trunk build` and `trunk serve`. 0.21.14: 0.22
  # needs a newer rustc than this toolchain.
  if [ "$(trunk --version 2>/dev/null)" != "trunk 0.21.14" ]; then
    say "installing trunk 0.21.14 (cargo, a few minutes, once)"
    cargo install --locked trunk@0.21.14
  fi
  if ! command -v geckodriver >/dev/null; then
    say "installing geckodriver (cargo, a few minutes, once)"
    cargo install --locked geckodriver
  fi
fi
