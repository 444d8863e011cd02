#!/usr/bin/env bash
# Runs the conformance suite (conformance/, `kelisim-conformance`) against every receiver of
# consent records: the Rust reference receiver (SQLite), PHP (built-in server: SQLite, MariaDB,
# PostgreSQL), Node (SQLite, PostgreSQL; mounted in Express and Fastify on SQLite) and Python
# (WSGI on SQLite and PostgreSQL, the Django view on PostgreSQL, ASGI under uvicorn on SQLite).
# Idempotent: installs what is missing (Debian packages, the Node package's locked
# dependencies), starts throwaway PostgreSQL and MariaDB servers on 127.0.0.1 (ports
# 18300–18399) and removes them on exit.
set -euo pipefail
source "$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)/test-receiver.sh" # pg_start, pg_stop
cd "$ROOT"

# Checks skipped for the Rust receiver (none: it follows every agreed rule; KELISIM_RUST_PENDING="a b"
# skips checks by name while a rule is being changed).
RUST_PENDING="${KELISIM_RUST_PENDING-}"
ORIGIN=https://shop.example.kz

install_missing() {
  local need=()
  command -v php >/dev/null || need+=(php-cli)
  if command -v php >/dev/null; then
    php -m | grep -qx pdo_sqlite || need+=(php-sqlite3)
    php -m | grep -qx pdo_pgsql || need+=(php-pgsql)
    php -m | grep -qx pdo_mysql || need+=(php-mysql)
  else
    need+=(php-sqlite3 php-pgsql php-mysql)
  fi
  command -v mariadbd >/dev/null || need+=(mariadb-server)
  /usr/bin/python3 -c 'import django' 2>/dev/null || need+=(python3-django)
  /usr/bin/python3 -c 'import psycopg' 2>/dev/null || need+=(python3-psycopg)
  /usr/bin/python3 -c 'import uvicorn' 2>/dev/null || need+=(python3-uvicorn)
  if [ "${#need[@]}" -gt 0 ]; then
    say "installing ${need[*]}"
    $SUDO apt-get update -qq
    DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq "${need[@]}" >/dev/null
  fi
  if [ ! -e integrations/node/node_modules/better-sqlite3/build/Release/better_sqlite3.node ] \
     || [ ! -d integrations/node/node_modules/pg ] || [ ! -d integrations/node/node_modules/express ] \
     || [ ! -d integrations/node/node_modules/fastify ]; then
    say "npm ci in integrations/node (better-sqlite3 12, pg; Express and Fastify for the tests)"
    (cd integrations/node && npm ci --no-audit --no-fund --loglevel=error >/dev/null)
  fi
}

MY_DIR=""
my_start() { # a throwaway MariaDB on 127.0.0.1:18341 with a database `kelisim`
  MY_DIR="$(mktemp -d "${TMPDIR:-/tmp}/kelisim-my.XXXXXX")"
  local user; user="$(id -un)"
  if [ "$(id -u)" -eq 0 ]; then user=mysql; chown mysql: "$MY_DIR"; fi
  # --tmpdir: its own directory, not $TMPDIR (which the server's user may not be able to write).
  mariadb-install-db --no-defaults --datadir="$MY_DIR/data" --tmpdir="$MY_DIR" --user="$user" \
    --auth-root-authentication-method=normal --skip-test-db >"$MY_DIR/install.log" 2>&1 \
    || { cat "$MY_DIR/install.log" >&2; return 1; }
  mariadbd --no-defaults --datadir="$MY_DIR/data" --tmpdir="$MY_DIR" --user="$user" --bind-address=127.0.0.1 \
    --port=18341 --socket="$MY_DIR/sock" --pid-file="$MY_DIR/pid" --skip-grant-tables \
    --innodb-flush-log-at-trx-commit=1 >"$MY_DIR/server.log" 2>&1 &
  for _ in $(seq 1 100); do
    mariadb --no-defaults -S "$MY_DIR/sock" -e 'CREATE DATABASE IF NOT EXISTS kelisim' 2>/dev/null && return 0
    sleep 0.2
  done
  cat "$MY_DIR/server.log" >&2; return 1
}
my_stop() {
  if [ -n "$MY_DIR" ] && [ -f "$MY_DIR/pid" ]; then
    kill "$(cat "$MY_DIR/pid")" 2>/dev/null || true
    for _ in $(seq 1 50); do [ -e "$MY_DIR/pid" ] || break; sleep 0.1; done
  fi
  [ -n "$MY_DIR" ] && rm -rf "$MY_DIR"
  MY_DIR=""
}

TMP=""
cleanup() { pg_stop; my_stop; [ -n "$TMP" ] && rm -rf "$TMP"; return 0; }

# conform NAME PORT START EXPORT [SUITE FLAGS…]: one run of the suite.
conform() {
  local name="$1" port="$2" start="$3" export_cmd="$4"; shift 4
  local verify=()
  # The Rust receiver's verify-export checks every receiver's export once it has it.
  if "$RECEIVER" help 2>/dev/null | grep -q verify-export; then verify=(--verify "$RECEIVER verify-export"); fi
  say "conformance: $name"
  "$CONFORMANCE" --url "http://127.0.0.1:$port" --start "$start" --export "$export_cmd" \
    --origin "$ORIGIN" "${verify[@]}" "$@"
}

main() {
  trap cleanup EXIT
  trap 'exit 130' INT TERM
  install_missing
  scripts/sync-receiver-schemas.sh --check
  php -l integrations/php/kelisim-receiver.php >/dev/null
  say "Python receiver: unit tests (the ASGI app, the cookie's expiry, the schema check)"
  (cd integrations/python && PYTHONPATH=.:tests /usr/bin/python3 -m unittest -q tests/test_receiver.py 2>&1 | tail -n 1)
  cargo build --quiet -p kelisim-receiver -p kelisim-conformance
  CONFORMANCE="$ROOT/target/debug/kelisim-conformance"
  RECEIVER="$ROOT/target/debug/kelisim-receiver"
  TMP="$(mktemp -d "${TMPDIR:-/tmp}/kelisim-receivers.XXXXXX")"
  free_port() { echo 18350; } # pg_start's port, in this script's range
  pg_start "-c fsync=off"
  my_start
  export KELISIM_CORS_ORIGINS="$ORIGIN"
  local skips=() s
  for s in $RUST_PENDING; do skips+=(--skip "$s"); done

  conform "Rust receiver, SQLite" 18301 \
    "$RECEIVER serve --addr 127.0.0.1:18301 --database sqlite://$TMP/rust.db --cors-origin $ORIGIN --rate-limit 0 2>/dev/null" \
    "$RECEIVER export --ledger --database sqlite://$TMP/rust.db 2>/dev/null" "${skips[@]}"

  local php="php -S 127.0.0.1:18310 integrations/php/kelisim-receiver.php 2>/dev/null"
  local php_export="php integrations/php/kelisim-receiver.php export"
  export PHP_CLI_SERVER_WORKERS=4
  KELISIM_DATABASE_URL="sqlite:$TMP/php.db" conform "PHP, SQLite" 18310 "$php" "$php_export"
  KELISIM_DATABASE_URL="mysql:host=127.0.0.1;port=18341;dbname=kelisim" KELISIM_DB_USER=root \
    conform "PHP, MariaDB" 18310 "$php" "$php_export"
  KELISIM_DATABASE_URL="pgsql:host=127.0.0.1;port=$PG_PORT;dbname=postgres" KELISIM_DB_USER=postgres \
    conform "PHP, PostgreSQL" 18310 "$php" "$php_export"
  psql -q "$PG_URL" -c 'DROP TABLE kelisim_ledger'

  local node="node integrations/node/bin/kelisim-receiver.js"
  KELISIM_DATABASE_URL="sqlite:$TMP/node.db" conform "Node, SQLite" 18320 "$node serve --addr 127.0.0.1:18320" "$node export"
  KELISIM_DATABASE_URL="$PG_URL" conform "Node, PostgreSQL" 18320 "$node serve --addr 127.0.0.1:18320" "$node export"
  # The handler mounted in Express and in Fastify as the book shows it (integrations/node/test/serve.js).
  local framework
  for framework in express fastify; do
    KELISIM_DATABASE_URL="sqlite:$TMP/node-$framework.db" conform "Node, $framework, SQLite" 18321 \
      "node integrations/node/test/serve.js $framework 127.0.0.1:18321" "$node export"
  done
  psql -q "$PG_URL" -c 'DROP TABLE kelisim_ledger'

  local py="/usr/bin/python3 -m kelisim_receiver"
  export PYTHONPATH="$ROOT/integrations/python:$ROOT/integrations/python/tests"
  KELISIM_DATABASE_URL="sqlite:$TMP/py.db" conform "Python WSGI, SQLite" 18330 "$py serve --addr 127.0.0.1:18330" "$py export"
  KELISIM_DATABASE_URL="$PG_URL" conform "Python WSGI, PostgreSQL" 18330 "$py serve --addr 127.0.0.1:18330" "$py export"
  psql -q "$PG_URL" -c 'DROP TABLE kelisim_ledger'
  KELISIM_DATABASE_URL="$PG_URL" DJANGO_SETTINGS_MODULE=django_site.settings conform "Python Django view, PostgreSQL" 18331 \
    "$py serve --addr 127.0.0.1:18331 --django" "$py export"
  # The ASGI app under uvicorn (Debian's python3-uvicorn).
  KELISIM_DATABASE_URL="sqlite:$TMP/py-asgi.db" conform "Python ASGI (uvicorn), SQLite" 18332 \
    "/usr/bin/python3 -m uvicorn kelisim_receiver.asgi:application --host 127.0.0.1 --port 18332 --log-level warning" "$py export"
  say "every receiver passed the conformance suite"
}

main "$@"
