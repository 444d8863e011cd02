#!/usr/bin/env bash
# Fuzzes the decoders that read what browsers and sites hand kelisim, with cargo-fuzz (libFuzzer,
# the pinned nightly): `scripts/fuzz.sh [RUNS] [TARGET…]` (default 10000000 inputs per target;
# targets: cookie, config, record, ledger — see fuzz/fuzz_targets/). Each run must end without a panic
# (a failed assertion included), a hang (-timeout, seconds per input) or an allocation beyond the
# bounds (-rss_limit_mb, -malloc_limit_mb). The working corpus (fuzz/corpus/<target>, not
# committed) starts from the committed seeds (fuzz/seeds/<target>: the test pages' and demo
# profiles' configurations, real cookies and records). Figures per target go to stdout and, as
# Markdown table rows, to $FUZZ_RESULT when set. A crash leaves its input in
# fuzz/artifacts/<target>/; replay it with `cargo +$NIGHTLY fuzz run <target> <file>`. The
# fuzzer's output is kept in fuzz/fuzz-<target>.log.
#   env: FUZZ_TIMEOUT (10), FUZZ_RSS_MB (2048), FUZZ_MALLOC_MB (256), FUZZ_SECONDS (a bound on
#   each target's run time, -max_total_time; unset: none)
# Installs cargo-fuzz when missing. Runs under `nice -n 10`.
set -euo pipefail
source "$(dirname "$0")/env.sh"
cd "$ROOT"
RUNS="${1:-10000000}"
shift || true
TARGETS=("$@")
[[ ${#TARGETS[@]} -gt 0 ]] || TARGETS=(cookie config record ledger)
rustup toolchain list | grep -q "^$NIGHTLY" || rustup toolchain install "$NIGHTLY" --profile minimal
command -v cargo-fuzz >/dev/null || cargo install --locked cargo-fuzz
cd fuzz
say "building the fuzz targets ($NIGHTLY, AddressSanitizer)"
nice -n 10 cargo "+$NIGHTLY" fuzz build -O
status=0
for target in "${TARGETS[@]}"; do
  mkdir -p "corpus/$target"
  cp -n seeds/"$target"/* "corpus/$target/" 2>/dev/null || true
  log="$(mktemp)"
  say "fuzzing $target: $RUNS inputs"
  start=$(date +%s)
  result=ok
  nice -n 10 cargo "+$NIGHTLY" fuzz run -O "$target" "corpus/$target" -- \
    -runs="$RUNS" -timeout="${FUZZ_TIMEOUT:-10}" -rss_limit_mb="${FUZZ_RSS_MB:-2048}" \
    -malloc_limit_mb="${FUZZ_MALLOC_MB:-256}" -max_total_time="${FUZZ_SECONDS:-0}" \
    -print_final_stats=1 2>"$log" || { result="FAILED"; status=1; }
  seconds=$(( $(date +%s) - start ))
  final_stat() { sed -n "s/^stat::$1: *//p" "$log" | tail -1; }
  execs="$(final_stat number_of_executed_units)"
  peak="$(final_stat peak_rss_mb)"
  cov="$(grep -oE 'cov: [0-9]+' "$log" | tail -1 | cut -d' ' -f2 || true)"
  files="$(find "corpus/$target" -type f | wc -l)"
  bytes="$(du -sk "corpus/$target" | cut -f1)"
  rate=$(( ${execs:-0} / (seconds > 0 ? seconds : 1) ))
  if [[ "$result" != ok ]]; then
    grep -E "panicked|ERROR: libFuzzer|SUMMARY|artifact" "$log" | head -5 >&2 || true
  fi
  printf '%-7s %s inputs in %s s (%s exec/s), coverage %s, corpus %s files (%s KB), peak RSS %s MB: %s\n' \
    "$target" "${execs:-?}" "$seconds" "$rate" "${cov:-?}" "$files" "$bytes" "${peak:-?}" "$result"
  if [[ -n "${FUZZ_RESULT:-}" ]]; then
    printf '| `%s` | %s | %s s | %s | %s | %s files, %s KB | %s MB | %s |\n' \
      "$target" "${execs:-?}" "$seconds" "$rate" "${cov:-?}" "$files" "$bytes" "${peak:-?}" "$result" >>"$FUZZ_RESULT"
  fi
  mv "$log" "fuzz-$target.log"
done
exit "$status"
