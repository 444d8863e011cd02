#!/usr/bin/env bash
# Benchmark (not a test) of the reference receiver on loopback: records stored per second and
# p50/p99 latency of POST /consent at several concurrencies, with SQLite and then PostgreSQL.
#   bench/receiver-load.sh [SECONDS] [CONCURRENCY...]   (default 10 s at 1 4 16 64 256 clients)
# Builds the receiver and its load generator (receiver/examples/load.rs) optimised for speed,
# starts the receiver on 127.0.0.1 with a fresh SQLite file, loads it at each concurrency in turn
# (the same receiver and database throughout), reads its /metrics (batch sizes, commit time),
# stops it, checks the hash chain with `verify`; then the same with a throwaway PostgreSQL cluster
# (scripts/test-receiver.sh installs and starts it; fsync stays on, as in production). Group
# commit flags of `serve` can be passed in RECEIVER_ARGS; the per-client rate limit is off
# (--rate-limit 0: all the load comes from one address). Figures go to stdout, to
# bench/results/receiver-load.md and raw to bench/results/receiver-load-raw.txt.
set -euo pipefail
source "$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)/scripts/test-receiver.sh"
cd "$ROOT"

SECONDS_EACH="${1:-10}"
shift || true
CONCURRENCIES="${*:-1 4 16 64 256}"
RECEIVER_ARGS="${RECEIVER_ARGS:-}"
OUT="$ROOT/bench/results/receiver-load.md"
RAW="$ROOT/bench/results/receiver-load-raw.txt"

# The workspace's release profile is tuned for a small wasm file (opt-level z, fat LTO, abort);
# the server is measured with ordinary speed settings instead.
export CARGO_PROFILE_RELEASE_OPT_LEVEL=3 CARGO_PROFILE_RELEASE_LTO=thin \
  CARGO_PROFILE_RELEASE_CODEGEN_UNITS=16 CARGO_PROFILE_RELEASE_PANIC=unwind
say "building the receiver and the load generator (release)"
cargo build --quiet --release -p kelisim-receiver --bin kelisim-receiver --example load
BIN="$ROOT/target/release/kelisim-receiver"
LOAD="$ROOT/target/release/examples/load"

WORK="$(mktemp -d "${TMPDIR:-/tmp}/kelisim-bench.XXXXXX")"
RECEIVER_PID=""
cleanup() {
  if [ -n "$RECEIVER_PID" ]; then kill "$RECEIVER_PID" 2>/dev/null || true; wait "$RECEIVER_PID" 2>/dev/null || true; fi
  pg_stop
  rm -rf "$WORK"
}
trap cleanup EXIT
trap 'exit 130' INT TERM

wait_port() { # wait_port PORT: until something listens on 127.0.0.1:PORT (10 s at most)
  for _ in $(seq 1 100); do
    if (exec 3<>"/dev/tcp/127.0.0.1/$1") 2>/dev/null; then return 0; fi
    sleep 0.1
  done
  echo "the receiver did not start; its log:" >&2; cat "$WORK/receiver.log" >&2; return 1
}

ROWS=()
metric() { # metric TEXT NAME: a value of the /metrics text
  awk -v n="$2" '$1 == n { print $2 }' <<<"$1"
}
run_db() { # run_db LABEL DATABASE_URL
  local label="$1" url="$2" port before after c
  port="$(free_port)"
  # shellcheck disable=SC2086
  "$BIN" serve --addr "127.0.0.1:$port" --database "$url" --rate-limit 0 $RECEIVER_ARGS \
    2>"$WORK/receiver.log" &
  RECEIVER_PID=$!
  wait_port "$port"
  for c in $CONCURRENCIES; do
    local load; load="$(cut -d' ' -f1-3 /proc/loadavg)"
    before="$(curl -s "http://127.0.0.1:$port/metrics")"
    say "$label: $c concurrent requests for $SECONDS_EACH s (load average $load)"
    "$LOAD" --url "http://127.0.0.1:$port/consent" --duration "$SECONDS_EACH" \
      --concurrency "$c" | tee "$WORK/run.out"
    after="$(curl -s "http://127.0.0.1:$port/metrics")"
    local batches records commit result
    batches=$(awk -v a="$(metric "$after" kelisim_batch_size_count)" -v b="$(metric "$before" kelisim_batch_size_count)" 'BEGIN { print a - b }')
    records=$(awk -v a="$(metric "$after" kelisim_batch_size_sum)" -v b="$(metric "$before" kelisim_batch_size_sum)" 'BEGIN { print a - b }')
    commit=$(awk -v a="$(metric "$after" kelisim_commit_seconds_sum)" -v b="$(metric "$before" kelisim_commit_seconds_sum)" 'BEGIN { print a - b }')
    result="$(grep '^RESULT ' "$WORK/run.out")"
    result="$result database=$label batches=$batches batched_records=$records commit_s=$commit loadavg=${load// /,}"
    echo "$result" >>"$RAW"
    ROWS+=("$result")
  done
  kill "$RECEIVER_PID"; wait "$RECEIVER_PID" || true; RECEIVER_PID=""
  VERIFY[$label]="$("$BIN" verify --database "$url" | sed -n '1p;$p' | cut -d';' -f1 | paste -sd';' | sed 's/;/, /' || true)"
  echo "verify: ${VERIFY[$label]}"
}
field() { # field RESULT_LINE KEY
  tr ' ' '\n' <<<"$1" | sed -n "s/^$2=//p"
}

declare -A VERIFY
echo "# bench/receiver-load.sh $SECONDS_EACH $CONCURRENCIES, $(date -u +%Y-%m-%dT%H:%M:%SZ), RECEIVER_ARGS='$RECEIVER_ARGS'" >>"$RAW"
run_db sqlite "sqlite://$WORK/bench.db"
pg_start
PG_VERSION="$("$(pg_bin)/postgres" --version | awk '{print $3}')"
run_db postgres "$PG_URL"
pg_stop

CPU="$(sed -n 's/^model name[[:space:]]*: //p' /proc/cpuinfo | head -n 1)"
# Hand-written notes below the figures ("## Notes" to the end) are kept across runs.
NOTES="$(sed -n '/^## Notes/,$p' "$OUT" 2>/dev/null || true)"
{
  echo "# Reference receiver under load"
  echo
  echo "Measured by \`bench/receiver-load.sh $SECONDS_EACH $CONCURRENCIES\` on $(date -u +%Y-%m-%d)"
  echo "(receiver flags: \`${RECEIVER_ARGS:-defaults}\`): $(nproc) CPU cores (${CPU:-unknown CPU}) shared by the"
  echo "receiver, the database, the load generator and whatever else the machine ran (load average"
  echo "before each run in the table); loopback; release build (opt-level 3). Each request POSTs one"
  echo "valid record (about 1 KB) with a new record id: schema validation, group commit (the"
  echo "request waits for the transaction holding its record to commit), the re-issued cookie,"
  echo "one JSON log line. SQLite: WAL, \`synchronous = FULL\`. PostgreSQL $PG_VERSION: a throwaway"
  echo "cluster with default settings (fsync on, synchronous_commit on). $SECONDS_EACH s measured per"
  echo "run after 1 s of warm-up; one receiver and database per engine for all its runs."
  echo
  echo "| database | clients | records/s | p50 | p99 | max | errors | records per transaction | ms per transaction | load average (1, 5, 15 min) before |"
  echo "|---|---|---|---|---|---|---|---|---|---|"
  for r in "${ROWS[@]}"; do
    echo "| $(field "$r" database) | $(field "$r" concurrency) | $(field "$r" rps) | $(field "$r" p50_ms) ms | $(field "$r" p99_ms) ms | $(field "$r" max_ms) ms | $(field "$r" errors) | $(awk -v r="$(field "$r" batched_records)" -v b="$(field "$r" batches)" 'BEGIN { if (b > 0) printf "%.1f", r / b }') | $(awk -v s="$(field "$r" commit_s)" -v b="$(field "$r" batches)" 'BEGIN { if (b > 0) printf "%.2f", 1000 * s / b }') | $(field "$r" loadavg | tr ',' ' ') |"
  done
  echo
  echo "\`verify\` after the runs (warm-ups included): SQLite ${VERIFY[sqlite]}; PostgreSQL ${VERIFY[postgres]}."
  echo
  echo "Raw lines: \`bench/results/receiver-load-raw.txt\`."
  if [ -n "$NOTES" ]; then echo; echo "$NOTES"; fi
} >"$OUT"
say "figures written to ${OUT#$ROOT/}"
cat "$OUT"
