#!/usr/bin/env bash
# Size benchmark: builds the release bundle and prints raw, gzip and brotli bytes of every file,
# with its totals: the first paint (what a visitor downloads before the first layer is visible,
# with the recommended embed, dist/embed.html: the loader kelisim-lite.js, with the first layer's
# glue inside it, and the first layer's wasm), the first paint with automatic blocking (the same
# with kelisim.js, which carries the blocking), the whole bundle (kelisim.js's first paint plus
# the Leptos app: preference center and records, loaded only when needed); then the loader with
# the first layer inside it (dist/kelisim-one.js), a first paint of its own in one file.
#   scripts/size.sh           build and print
#   scripts/size.sh --check   also fail when a brotli total exceeds its budget in bench/size-budget
#   scripts/size.sh --no-build  use the dist/ that is there
set -euo pipefail
source "$(dirname "$0")/env.sh"
check=""; build=1
for a in "$@"; do case "$a" in --check) check=1;; --no-build) build="";; esac; done
[ -n "$build" ] && "$ROOT/scripts/build.sh"
cd "$ROOT/dist"
# The app files carry content hashes in their names (scripts/build.sh): exactly one of each.
wasm=(app/first_bg.????????.wasm)
later=(app/app.????????.js app/app_bg.????????.wasm)
[ "${#wasm[@]}" -eq 1 ] && [ "${#later[@]}" -eq 2 ] && [ -f "${wasm[0]}" ] && [ -f "${later[1]}" ] \
  || { say "dist/app/ does not hold one hashed file of each kind: $(ls app)"; exit 1; }
# Prints file $1's raw, gzip and brotli bytes and sets `raw`, `gz`, `br`.
measure() {
  raw=$(wc -c <"$1"); gz=$(gzip -9 -c "$1" | wc -c); br=$(brotli -q 11 -c "$1" | wc -c)
  printf '%-28s %10d %10d %10d\n' "$1" "$raw" "$gz" "$br"
}
total() { printf '%-28s %10d %10d %10d\n' "$1" "$2" "$3" "$4"; }
printf '%-28s %10s %10s %10s\n' file raw gzip brotli
measure "${wasm[0]}"; wr=$raw; wg=$gz; wb=$br
measure kelisim-lite.js
total "first paint" $((raw + wr)) $((gz + wg)) $((br + wb)); first_b=$((br + wb))
measure kelisim.js; tr=$((raw + wr)); tg=$((gz + wg)); tb=$((br + wb))
total "first paint, autoblocking" "$tr" "$tg" "$tb"; autoblock_b=$tb
for f in "${later[@]}"; do
  measure "$f"; tr=$((tr + raw)); tg=$((tg + gz)); tb=$((tb + br))
done
total "whole bundle" "$tr" "$tg" "$tb"
# The loader with the first layer inside it (scripts/one-response.js) is its own first paint.
measure kelisim-one.js; one_b=$br
if [ -n "$check" ]; then
  # The first line naming the total is its budget; the file must hold exactly one.
  budget() {
    local lines
    lines=$(grep -cE "^$1 [0-9]+$" "$ROOT/bench/size-budget" || true)
    [ "$lines" = 1 ] || { say "bench/size-budget must hold exactly one line '$1 <bytes>' (it holds $lines)"; exit 1; }
    grep -E "^$1 [0-9]+$" "$ROOT/bench/size-budget" | awk '{ print $2 }'
  }
  fail=""
  for pair in "first-paint:$first_b" "first-paint-autoblock:$autoblock_b" "bundle:$tb" "first-paint-one-response:$one_b"; do
    name=${pair%%:*}; bytes=${pair#*:}; limit=$(budget "$name") || exit 1
    if [ "$bytes" -gt "$limit" ]; then
      say "size budget exceeded: $name $bytes bytes brotli > $limit (bench/size-budget). Shrink it, or raise the budget with a reason written next to it."
      fail=1
    else
      say "size budget: $name $bytes of $limit bytes brotli"
    fi
  done
  [ -z "$fail" ] || exit 1
fi
