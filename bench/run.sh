#!/usr/bin/env bash
# kelisim load benchmark: kelisim vs vanilla-cookieconsent 3.1.0 vs klaro 0.7.22 in headless
# Chromium (4x CPU throttling, 150 ms / 1.6 Mbit/s): first visit, returning visit, Settings click
# (Fast 4G), Lighthouse mobile; medians to stdout and bench/results/.
#   bench/run.sh [--runs N] [--variants a,b,...] [--help]      (see bench/README.md)
# Installs bench/node_modules when missing (npm ci, from the npm registry; no browser download)
# and builds dist/ with scripts/build.sh when dist/app/first_bg.<hash>.wasm or app_bg.<hash>.wasm is missing.
set -euo pipefail
BENCH="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
ROOT="$(dirname "$BENCH")"
say() { printf 'bench: %s\n' "$*" >&2; }

command -v node >/dev/null || { say "node is required (18 or newer)"; exit 1; }
command -v npm >/dev/null || { say "npm is required"; exit 1; }

if [[ ! -f "$BENCH/node_modules/puppeteer-core/package.json" \
   || ! -f "$BENCH/node_modules/vanilla-cookieconsent/dist/cookieconsent.umd.js" \
   || ! -f "$BENCH/node_modules/klaro/dist/klaro.js" \
   || ! -f "$BENCH/node_modules/lighthouse/cli/index.js" ]]; then
  say "installing bench/node_modules (npm ci)"
  # puppeteer-core never downloads a browser; the variable keeps any puppeteer from trying.
  (cd "$BENCH" && PUPPETEER_SKIP_DOWNLOAD=1 npm ci --no-audit --no-fund --ignore-scripts >&2) \
    || (cd "$BENCH" && PUPPETEER_SKIP_DOWNLOAD=1 npm install --no-audit --no-fund --ignore-scripts >&2)
fi

if ! compgen -G "$ROOT/dist/app/first_bg.????????.wasm" >/dev/null || ! compgen -G "$ROOT/dist/app/app_bg.????????.wasm" >/dev/null; then
  say "dist/app/first_bg.<hash>.wasm or dist/app/app_bg.<hash>.wasm is missing: building the release bundle (scripts/build.sh)"
  "$ROOT/scripts/build.sh"
fi

CHROMIUM="${CHROMIUM:-/usr/bin/chromium}"
if [[ ! -x "$CHROMIUM" ]]; then
  say "no Chromium at $CHROMIUM: install it (Debian: apt-get install chromium) or set CHROMIUM=/path/to/chrome"
  exit 1
fi
export CHROMIUM

exec node "$BENCH/bench.js" "$@"
