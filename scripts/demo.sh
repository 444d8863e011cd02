#!/usr/bin/env bash
# Builds kelisim and serves the demo site (a small Kazakh company's page with the banner, and the
# four demo profiles) together with the reference receiver, which stores the consent records the
# demo sends: http://127.0.0.1:${PORT:-8080}/ . Installs what is missing first (idempotent).
# Records go to target/demo/consents.db; `target/debug/kelisim-receiver verify --database
# sqlite://target/demo/consents.db` checks their hash chain, `export` prints them.
set -euo pipefail
source "$(dirname "$0")/env.sh"
"$ROOT/scripts/build.sh"
cd "$ROOT"
say "building the reference receiver"
cargo build --quiet -p kelisim-receiver
mkdir -p target/demo
port="${PORT:-8080}"
say "serving the demo on http://127.0.0.1:$port/ — each choice's record is logged below (Ctrl+C stops)"
exec target/debug/kelisim-receiver serve --addr "127.0.0.1:$port" --static dist \
  --database "sqlite://$ROOT/target/demo/consents.db"
