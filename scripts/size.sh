#!/usr/bin/env bash
# Size benchmark: builds the release bundle and prints raw, gzip and brotli bytes of every file,
# with two totals: the first paint (what every visitor downloads before the first layer is
# visible: the loader, with the first layer's glue inside it, and the first layer's wasm) and the
# whole bundle (plus the Leptos
# app: preference center and records, loaded only when needed); then the loader with the first
# layer inside it (dist/kelisim-one.js), a first paint of its own in one file.
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
first=(kelisim.js app/first_bg.????????.wasm)
later=(app/app.????????.js app/app_bg.????????.wasm)
[ "${#first[@]}" -eq 2 ] && [ "${#later[@]}" -eq 2 ] && [ -f "${first[1]}" ] && [ -f "${later[1]}" ] \
  || { say "dist/app/ does not hold one hashed file of each kind: $(ls app)"; exit 1; }
printf '%-28s %10s %10s %10s\n' file raw gzip brotli
tr=0; tg=0; tb=0; first_b=0
for f in "${first[@]}" - "${later[@]}"; do
  if [ "$f" = - ]; then
    printf '%-28s %10d %10d %10d\n' "first paint" "$tr" "$tg" "$tb"
    first_b=$tb
    continue
  fi
  r=$(wc -c <"$f"); g=$(gzip -9 -c "$f" | wc -c); b=$(brotli -q 11 -c "$f" | wc -c)
  tr=$((tr + r)); tg=$((tg + g)); tb=$((tb + b))
  printf '%-28s %10d %10d %10d\n' "$f" "$r" "$g" "$b"
done
printf '%-28s %10d %10d %10d\n' "whole bundle" "$tr" "$tg" "$tb"
# The loader with the first layer inside it (scripts/one-response.js) is its own first paint.
r=$(wc -c <kelisim-one.js); g=$(gzip -9 -c kelisim-one.js | wc -c); one_b=$(brotli -q 11 -c kelisim-one.js | wc -c)
printf '%-28s %10d %10d %10d\n' "kelisim-one.js (first paint)" "$r" "$g" "$one_b"
if [ -n "$check" ]; then
  # The first line naming the total is its budget; the file must hold exactly one.
  budget() {
    local lines
    lines=$(grep -cE "^$1 [0-9]+$" "$ROOT/bench/size-budget" || true)
    [ "$lines" = 1 ] || { say "bench/size-budget must hold exactly one line '$1 <bytes>' (it holds $lines)"; exit 1; }
    grep -E "^$1 [0-9]+$" "$ROOT/bench/size-budget" | awk '{ print $2 }'
  }
  fail=""
  for pair in "first-paint:$first_b" "bundle:$tb" "first-paint-one-response:$one_b"; do
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
