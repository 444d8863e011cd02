#!/usr/bin/env bash
# dist/kelisim-one.js on a page in windows-1251 (tests/one-response/page-1251.html), in headless
# Chromium, served by a plain static server (Python's http.server) that names no charset for the
# page or the script, as nginx does by default: the script must be read as UTF-8 (its byte order
# mark, scripts/one-response.js), or its string of wasm bytes is garbled and kelisim never
# starts. The Rust browser tests cannot show this: their server names UTF-8 for every page.
# Needs dist/ (scripts/build.sh) and Chromium. Run by scripts/test.sh.
set -euo pipefail
source "$(dirname "$0")/env.sh"
cd "$ROOT"
[ -f dist/kelisim-one.js ] || { say "no dist/kelisim-one.js: run scripts/build.sh"; exit 1; }
chromium=${CHROMIUM:-$(command -v chromium || true)}
[ -n "$chromium" ] || { say "no Chromium (Debian package chromium, or CHROMIUM=/path)"; exit 1; }
site=$(mktemp -d)
trap 'kill "${server:-}" 2>/dev/null || true; rm -rf "$site"' EXIT
mkdir "$site/kelisim"
cp -r dist/kelisim-one.js dist/app "$site/kelisim/"
cp tests/one-response/page-1251.html "$site/"
port=$((20000 + RANDOM % 10000))
python3 -m http.server "$port" --bind 127.0.0.1 --directory "$site" >/dev/null 2>&1 &
server=$!
for _ in $(seq 50); do (exec 3<>"/dev/tcp/127.0.0.1/$port") 2>/dev/null && break; sleep 0.1; done
type=$(python3 - "$port" <<'PY'
import sys, urllib.request
r = urllib.request.urlopen(f"http://127.0.0.1:{sys.argv[1]}/kelisim/kelisim-one.js")
print(r.headers.get("Content-Type"))
PY
)
case "$type" in *charset*) say "the server named a charset for the script ($type): the test would prove nothing"; exit 1;; esac
title=$(timeout 90 "$chromium" --headless --no-sandbox --disable-gpu --virtual-time-budget=15000 \
  --user-data-dir="$site/profile" --dump-dom "http://127.0.0.1:$port/page-1251.html" 2>/dev/null \
  | grep -o '<title>[^<]*' | sed 's/<title>//')
case "$title" in
  'ready {"ok":true'*) say "kelisim-one.js on a windows-1251 page: started ($title)";;
  *) say "kelisim-one.js on a windows-1251 page did not start: title \"$title\""; exit 1;;
esac
