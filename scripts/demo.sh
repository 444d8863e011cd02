#!/usr/bin/env bash
# Builds kelisim and serves the demo site (a small Kazakh company's page with the banner) on
# http://127.0.0.1:${PORT:-8080}/. Installs what is missing first (idempotent).
set -euo pipefail
source "$(dirname "$0")/env.sh"
"$ROOT/scripts/build.sh"
cd "$ROOT"
port="${PORT:-8080}"
say "serving the demo on http://127.0.0.1:$port/ (Ctrl+C stops)"
exec trunk --offline=true serve --release --no-autoreload --address 127.0.0.1 --port "$port"
