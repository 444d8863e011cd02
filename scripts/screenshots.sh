#!/usr/bin/env bash
# Screenshots of the first layer of each demo profile in kk, ru and en, at 320 px and 1280 px
# wide, into docs/first-layer/ (linked from the README), so anyone checking the texts reads what
# a visitor reads. Builds dist/ when missing; serves it with the reference receiver on a free
# loopback port; uses Debian's Chromium (installed by scripts/setup.sh --browsers). Chromium runs
# with prefers-reduced-motion, so the banner has no fade-in (style/kelisim.css) and a screenshot
# never catches it half-drawn.
set -euo pipefail
source "$(dirname "$0")/env.sh"
cd "$ROOT"
compgen -G "dist/app/first_bg.????????.wasm" >/dev/null || scripts/build.sh
cargo build --quiet -p kelisim-receiver
port=8097
work="$(mktemp -d)"
target/debug/kelisim-receiver serve --addr "127.0.0.1:$port" --static dist \
  --database "sqlite://$work/shots.db" >"$work/log" 2>&1 &
pid=$!
trap 'kill $pid 2>/dev/null || true; rm -rf "$work"' EXIT
for _ in $(seq 50); do (exec 3<>"/dev/tcp/127.0.0.1/$port") 2>/dev/null && break; sleep 0.2; done
mkdir -p docs/first-layer
for profile in kaspi kreditomat autocheck nomapay; do
  for lang in kk ru en; do
    for size in 320,700 1280,800; do
      width=${size%,*}
      out="docs/first-layer/$profile-$lang-$width.png"
      chromium --headless --no-sandbox --disable-gpu --hide-scrollbars --force-prefers-reduced-motion \
        --user-data-dir="$work/profile" \
        --window-size="$size" --virtual-time-budget=8000 --screenshot="$out" \
        "http://127.0.0.1:$port/profile.html?p=$profile&lang=$lang" >/dev/null 2>&1
      rm -rf "$work/profile"
      say "$out"
    done
  done
done
