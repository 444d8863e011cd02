#!/usr/bin/env bash
# Size benchmark: builds the release bundle and prints raw, gzip and brotli bytes of every file
# the page loads for the banner, and their total.
#   scripts/size.sh           build and print
#   scripts/size.sh --check   also fail when the brotli total exceeds bench/size-budget
#   scripts/size.sh --no-build  use the dist/ that is there
set -euo pipefail
source "$(dirname "$0")/env.sh"
check=""; build=1
for a in "$@"; do case "$a" in --check) check=1;; --no-build) build="";; esac; done
[ -n "$build" ] && "$ROOT/scripts/build.sh"
cd "$ROOT/dist"
files=(kelisim.js app/kelisim.js app/kelisim_bg.wasm)
printf '%-22s %10s %10s %10s\n' file raw gzip brotli
tr=0; tg=0; tb=0
for f in "${files[@]}"; do
  r=$(wc -c <"$f"); g=$(gzip -9 -c "$f" | wc -c); b=$(brotli -q 11 -c "$f" | wc -c)
  tr=$((tr + r)); tg=$((tg + g)); tb=$((tb + b))
  printf '%-22s %10d %10d %10d\n' "$f" "$r" "$g" "$b"
done
printf '%-22s %10d %10d %10d\n' total "$tr" "$tg" "$tb"
if [ -n "$check" ]; then
  budget=$(grep -v '^#' "$ROOT/bench/size-budget" | grep -Eo '^[0-9]+' | head -n1)
  if [ "$tb" -gt "$budget" ]; then
    say "size budget exceeded: $tb bytes brotli > $budget (bench/size-budget). Shrink the bundle, or raise the budget with a reason written next to it."
    exit 1
  fi
  say "size budget: $tb of $budget bytes brotli"
fi
