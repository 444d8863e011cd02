#!/usr/bin/env bash
# Builds the release bundle into dist/: kelisim.js (loader), app/kelisim.js (glue),
# app/kelisim_bg.wasm, plus the demo page. Installs missing tools first.
set -euo pipefail
source "$(dirname "$0")/env.sh"
"$ROOT/scripts/setup.sh"
cd "$ROOT"
say "building the release bundle (trunk build --release)"
trunk --offline=true build --release --quiet 2>&1 | grep -v '^$' >&2 || true
test -f dist/app/kelisim_bg.wasm || { say "build failed: dist/app/kelisim_bg.wasm is missing"; exit 1; }
