#!/usr/bin/env bash
# Soak test of the consent records: `scripts/soak.sh [LOADS]` (default 1000) loads the demo page
# LOADS times in headless Chromium (Debian's chromium, driven by playwright-core; no browser
# download) against the reference receiver, through a fault-injecting proxy that fails about half
# of the `POST /consent` requests (500, connection reset before or after storing, slow answers)
# while pages are closed at random moments; each load makes a random choice. After a recovery
# phase with a healthy endpoint it checks the receiver's database: every record created in the
# browser stored exactly once. Prints loads, records created, stored, duplicates refused, lost,
# time; exits non-zero when a record is lost or stored twice. Details: bench/soak/soak.js.
#   env: SOAK_RECEIVER_PORT (18787), SOAK_PROXY_PORT (18788), SEED, FAIL (0.5), CHROMIUM,
#        SOAK_RESULT (a Markdown file to append the figures to), RECOVERY_SECONDS (180)
# Installs bench/soak/node_modules (npm ci) and builds dist/ (scripts/build.sh) when missing.
set -euo pipefail
source "$(dirname "$0")/env.sh"
cd "$ROOT"
LOADS="${1:-1000}"
SOAK="$ROOT/bench/soak"
command -v node >/dev/null && command -v npm >/dev/null || { say "node and npm are required"; exit 1; }
command -v sqlite3 >/dev/null || { say "sqlite3 is required (Debian: apt-get install sqlite3)"; exit 1; }
CHROMIUM="${CHROMIUM:-/usr/bin/chromium}"
[[ -x "$CHROMIUM" ]] || { say "no Chromium at $CHROMIUM (Debian: apt-get install chromium; or set CHROMIUM)"; exit 1; }
if [[ ! -f "$SOAK/node_modules/playwright-core/package.json" ]]; then
  say "installing bench/soak/node_modules (npm ci, no browser download)"
  (cd "$SOAK" && PLAYWRIGHT_SKIP_BROWSER_DOWNLOAD=1 npm ci --no-audit --no-fund --ignore-scripts >&2)
fi
# The bundle's files carry their content hash in their names: dist/manifest.json lists them.
if [[ ! -f dist/index.html || ! -f dist/manifest.json || -z "$(ls dist/app/first_bg.*.wasm 2>/dev/null)" ]]; then
  say "dist/ is missing: building the release bundle (scripts/build.sh)"
  "$ROOT/scripts/build.sh"
fi
cargo build --quiet -p kelisim-receiver

receiver_port="${SOAK_RECEIVER_PORT:-18787}"
proxy_port="${SOAK_PROXY_PORT:-18788}"
work="$(mktemp -d)"
# The receiver's rate limit is off: every page comes from 127.0.0.1 (the proxy).
target/debug/kelisim-receiver serve --addr "127.0.0.1:$receiver_port" --static dist \
  --database "sqlite://$work/consents.db" --rate-limit 0 2>"$work/receiver.log" &
receiver_pid=$!
trap 'kill "$receiver_pid" 2>/dev/null || true; wait "$receiver_pid" 2>/dev/null || true; rm -rf "$work"' EXIT
for _ in $(seq 100); do
  (exec 3<>"/dev/tcp/127.0.0.1/$receiver_port") 2>/dev/null && break
  kill -0 "$receiver_pid" 2>/dev/null || { cat "$work/receiver.log" >&2; exit 1; }
  sleep 0.2
done

say "soak: $LOADS page loads (receiver :$receiver_port, proxy :$proxy_port)"
status=0
LOADS="$LOADS" RECEIVER="http://127.0.0.1:$receiver_port" PROXY_PORT="$proxy_port" \
  DATABASE="$work/consents.db" RECEIVER_LOG="$work/receiver.log" CHROMIUM="$CHROMIUM" \
  RESULT_JSON="$work/result.json" node "$SOAK/soak.js" | tee "$work/figures.txt" || status=$?
# The hash chain of what was stored must verify too.
target/debug/kelisim-receiver verify --database "sqlite://$work/consents.db" >&2 || status=1
if [[ -n "${SOAK_RESULT:-}" && -f "$work/result.json" ]]; then
  {
    echo '```'
    cat "$work/figures.txt"
    echo '```'
    echo
    echo '<details><summary>result JSON</summary>'
    echo
    echo '```json'
    cat "$work/result.json"
    echo '```'
    echo
    echo '</details>'
  } >>"$SOAK_RESULT"
fi
exit "$status"
