#!/usr/bin/env bash
# Tests the reference receiver (receiver/) against SQLite and a real PostgreSQL server, and checks
# the published consent record schema. Idempotent, quiet when everything is there:
#   - installs the Debian package `postgresql` when no PostgreSQL server binaries are found;
#   - starts a throwaway PostgreSQL cluster in a temp dir on 127.0.0.1, on a free port, trust
#     auth (as the `postgres` user when run as root: the server refuses to run as root);
#   - exports KELISIM_TEST_POSTGRES_URL (and KELISIM_TEST_POSTGRES_RESTART, the command that
#     restarts it, for receiver/tests/restart.rs) and runs `cargo test -p kelisim-receiver` (with
#     the feature test-hooks, and once without it: the hooks are refused) and
#     `cargo test --features schema --test record_schema`;
#   - stops the cluster and deletes its dir on exit, whatever happens.
# Sourced (`source scripts/test-receiver.sh`), it only defines pg_start / pg_stop (the benchmark
# bench/receiver-load.sh uses them).
set -euo pipefail
source "$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)/env.sh"

SUDO=""; [ "$(id -u)" -eq 0 ] || SUDO="sudo"

pg_bin() { # the newest /usr/lib/postgresql/<version>/bin holding initdb, or nothing
  local d
  d="$(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -n 1)"
  [ -n "$d" ] && [ -x "$d/initdb" ] && echo "$d"
  return 0
}

pg_install() {
  [ -n "$(pg_bin)" ] && return 0
  say "installing the Debian package postgresql"
  # No default cluster: only throwaway ones are used.
  if [ ! -e /etc/postgresql-common/createcluster.conf ]; then
    $SUDO mkdir -p /etc/postgresql-common/createcluster.d
    echo "create_main_cluster = false" | $SUDO tee /etc/postgresql-common/createcluster.d/kelisim.conf >/dev/null
  fi
  $SUDO apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq postgresql >/dev/null
  [ -n "$(pg_bin)" ] || { echo "postgresql installed, but no initdb in /usr/lib/postgresql/*/bin" >&2; exit 1; }
}

as_pg() { # runs a command as the postgres user when root (the server refuses root)
  if [ "$(id -u)" -eq 0 ]; then
    runuser -u postgres -- "$@"
  else
    "$@"
  fi
}

free_port() { # a TCP port nobody listens on at 127.0.0.1
  local port
  for _ in $(seq 1 200); do
    port=$(( 20000 + RANDOM % 20000 ))
    if ! (exec 3<>"/dev/tcp/127.0.0.1/$port") 2>/dev/null; then echo "$port"; return 0; fi
  done
  echo "no free port found" >&2; return 1
}

# pg_start [EXTRA SERVER OPTIONS]: starts a throwaway cluster; sets PG_DIR, PG_PORT, PG_URL and
# exports KELISIM_TEST_POSTGRES_URL. Call pg_stop (trap it) to remove it.
pg_start() {
  pg_install
  local bin; bin="$(pg_bin)"
  PG_DIR="$(mktemp -d "${TMPDIR:-/tmp}/kelisim-pg.XXXXXX")"
  [ "$(id -u)" -eq 0 ] && chown postgres: "$PG_DIR"
  PG_PORT="$(free_port)"
  as_pg "$bin/initdb" -D "$PG_DIR/data" -U postgres --auth=trust --encoding=UTF8 --locale=C \
    --no-sync >"$PG_DIR/initdb.log" 2>&1 \
    || { cat "$PG_DIR/initdb.log" >&2; return 1; }
  if ! as_pg "$bin/pg_ctl" -D "$PG_DIR/data" -l "$PG_DIR/server.log" -w -t 60 \
      -o "-c listen_addresses=127.0.0.1 -p $PG_PORT -k $PG_DIR -c max_connections=200 ${1:-}" \
      start >/dev/null; then
    cat "$PG_DIR/server.log" >&2; return 1
  fi
  PG_URL="postgres://postgres@127.0.0.1:$PG_PORT/postgres"
  export KELISIM_TEST_POSTGRES_URL="$PG_URL"
  # How receiver/tests/restart.rs restarts this server (fast: clients are disconnected).
  local as=""; [ "$(id -u)" -eq 0 ] && as="runuser -u postgres --"
  export KELISIM_TEST_POSTGRES_RESTART="$as $bin/pg_ctl -D $PG_DIR/data -l $PG_DIR/server.log -m fast -w -t 60 restart >/dev/null"
}

pg_stop() {
  if [ -n "${PG_DIR:-}" ] && [ -d "$PG_DIR" ]; then
    as_pg "$(pg_bin)/pg_ctl" -D "$PG_DIR/data" -m immediate -w stop >/dev/null 2>&1 || true
    rm -rf "$PG_DIR"
  fi
  PG_DIR=""
}

main() {
  cd "$ROOT"
  trap pg_stop EXIT
  trap 'exit 130' INT TERM
  pg_start "-c fsync=off"
  say "receiver tests (SQLite and PostgreSQL on 127.0.0.1:$PG_PORT)"
  cargo test --quiet -p kelisim-receiver --features test-hooks
  cargo test --quiet -p kelisim-receiver --test http -- test_hooks_are_refused_without_the_feature
  say "consent record schema (schema/consent-record.schema.json)"
  cargo test --quiet --features schema --test record_schema
  say "receiver tests passed"
}

if [ "${BASH_SOURCE[0]}" = "$0" ]; then
  main "$@"
fi
