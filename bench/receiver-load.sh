#!/usr/bin/env bash
# Benchmark (not a test) of the reference receiver on loopback: records stored per second and
# p50/p99 latency of POST /consent, with SQLite and then with PostgreSQL.
#   bench/receiver-load.sh [SECONDS] [CONCURRENCY]     (default 10 s, 16 concurrent requests)
# Builds the receiver and its load generator (receiver/examples/load.rs) optimised for speed,
# starts the receiver on 127.0.0.1 with a fresh SQLite file, loads it, stops it, checks the hash
# chain with `verify`; then the same with a throwaway PostgreSQL cluster (scripts/test-receiver.sh
# installs and starts it; fsync stays on, as in production). Figures go to stdout and to
# bench/results/receiver-load.md.
set -euo pipefail
source "$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)/scripts/test-receiver.sh"
cd "$ROOT"

SECONDS_EACH="${1:-10}"
CONCURRENCY="${2:-16}"
OUT="$ROOT/bench/results/receiver-load.md"

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

declare -A RESULT VERIFY LOADAVG
run_one() { # run_one LABEL DATABASE_URL
  local label="$1" url="$2" port
  port="$(free_port)"
  LOADAVG[$label]="$(cut -d' ' -f1 /proc/loadavg)"
  "$BIN" serve --addr "127.0.0.1:$port" --database "$url" 2>"$WORK/receiver.log" &
  RECEIVER_PID=$!
  wait_port "$port"
  say "$label: loading http://127.0.0.1:$port/consent for $SECONDS_EACH s with $CONCURRENCY concurrent requests"
  "$LOAD" --url "http://127.0.0.1:$port/consent" --duration "$SECONDS_EACH" \
    --concurrency "$CONCURRENCY" | tee "$WORK/$label.out"
  kill "$RECEIVER_PID"; wait "$RECEIVER_PID" || true; RECEIVER_PID=""
  RESULT[$label]="$(grep '^RESULT ' "$WORK/$label.out")"
  VERIFY[$label]="$("$BIN" verify --database "$url" | head -n 1 | cut -d';' -f1 || true)"
  echo "verify: ${VERIFY[$label]}"
}
field() { # field LABEL KEY
  tr ' ' '\n' <<<"${RESULT[$1]}" | sed -n "s/^$2=//p"
}

run_one sqlite "sqlite://$WORK/bench.db"
pg_start
PG_VERSION="$("$(pg_bin)/postgres" --version | awk '{print $3}')"
run_one postgres "$PG_URL"
pg_stop

CPU="$(sed -n 's/^model name[[:space:]]*: //p' /proc/cpuinfo | head -n 1)"
{
  echo "# Reference receiver under load"
  echo
  echo "Measured by \`bench/receiver-load.sh $SECONDS_EACH $CONCURRENCY\` on $(date -u +%Y-%m-%d):"
  echo "$(nproc) CPU cores (${CPU:-unknown CPU}) shared by the receiver, the database and the"
  echo "load generator; loopback; release build (opt-level 3). Each request POSTs one valid"
  echo "record (about 1 KB) with a new record id: schema validation, one transaction (read the"
  echo "chain's last hash, insert), the re-issued cookie, one log line. SQLite: WAL,"
  echo "\`synchronous = FULL\`. PostgreSQL $PG_VERSION: a throwaway cluster with default settings"
  echo "(fsync on). $SECONDS_EACH s measured per database after 1 s of warm-up."
  echo
  echo "| database | concurrency | records stored | records/s | p50 latency | p99 latency | errors | \`verify\` after the run (warm-up included) | load average before |"
  echo "|---|---|---|---|---|---|---|---|---|"
  for label in sqlite postgres; do
    echo "| $label | $(field $label concurrency) | $(field $label records) | $(field $label rps) | $(field $label p50_ms) ms | $(field $label p99_ms) ms | $(field $label errors) | ${VERIFY[$label]} | ${LOADAVG[$label]} |"
  done
  echo
  echo "Inserts are serialized (one hash chain), so throughput is bounded by one commit at a time:"
  echo "more concurrency raises latency, not records per second. Figures depend on the disk's"
  echo "fsync latency above all, and on what else the machine runs (the load average before each"
  echo "run is in the table); compare runs on the same, otherwise idle machine only."
} >"$OUT"
say "figures written to ${OUT#$ROOT/}"
cat "$OUT"
