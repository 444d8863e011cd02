#!/usr/bin/env bash
# Tests the WordPress plugin (integrations/wordpress) in a real WordPress: Debian's `wordpress`
# package (a hard-linked copy of /usr/share/wordpress with its own wp-config.php), PHP's built-in
# server with a router (integrations/wordpress/tests/router.php), a throwaway MariaDB on
# 127.0.0.1:18306, the plugin from the zip that scripts/build-wordpress.sh makes. Steps:
#   1. install WordPress (install.php over HTTP), the theme twentytwentythree, activate the
#      plugin on wp-admin's Plugins screen in Chromium (its table is created), save its settings;
#   2. the conformance suite against the plugin's REST route (/consent rewritten to it, as a site
#      would), the same answers as every other receiver;
#   3. headless Chromium (integrations/wordpress/tests/browser.js): the home page, Accept all, the
#      record in the plugin's table, the admin screens in Kazakh (search, verify, export,
#      settings refused/saved); the export verified by the reference receiver's verify-export;
#   4. deleting the plugin keeps the records; once confirmed, deletes them.
# Idempotent: installs what is missing (Debian packages, playwright-core in bench/soak, dist/).
#   5. Apache (Debian's apache2) reads the plugin's .htaccess files: long caching of dist/'s
#      hashed files, no direct access to receiver/.
# Ports 18305 (WordPress), 18306 (MariaDB), 18307 (Apache).
set -euo pipefail
source "$(dirname "$0")/env.sh"
cd "$ROOT"
SUDO=""; [ "$(id -u)" -eq 0 ] || SUDO="sudo"
WP_PORT=18305
MY_PORT=18306
AP_PORT=18307
# The site's name is localhost, not 127.0.0.1: the conformance suite's no-ip check looks for the
# client's address in the export, and the origin stored for requests without one is the site's.
SITE="http://localhost:$WP_PORT"
CHROMIUM="${CHROMIUM:-/usr/bin/chromium}"

install_missing() {
  local need=() p
  for p in wordpress wordpress-theme-twentytwentythree mariadb-server php-cli php-mysql chromium zip; do
    dpkg -s "$p" >/dev/null 2>&1 || need+=("$p")
  done
  if [ "${#need[@]}" -gt 0 ]; then
    say "installing ${need[*]}"
    $SUDO apt-get update -qq
    DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq "${need[@]}" >/dev/null
  fi
  if [ ! -f bench/soak/node_modules/playwright-core/package.json ]; then
    say "installing bench/soak/node_modules (playwright-core, no browser download)"
    (cd bench/soak && PLAYWRIGHT_SKIP_BROWSER_DOWNLOAD=1 npm ci --no-audit --no-fund --ignore-scripts >&2)
  fi
}

TMP=""
WP_PID=""
cleanup() {
  [ -n "$WP_PID" ] && kill -- "-$WP_PID" 2>/dev/null
  if [ -n "$TMP" ] && [ -f "$TMP/my/pid" ]; then
    kill "$(cat "$TMP/my/pid")" 2>/dev/null || true
    for _ in $(seq 1 50); do [ -e "$TMP/my/pid" ] || break; sleep 0.1; done
  fi
  # KELISIM_WP_KEEP=1 keeps the site and its logs (debug.log, php.log) for a look after a failure.
  if [ -n "$TMP" ] && [ -z "${KELISIM_WP_KEEP:-}" ]; then rm -rf "$TMP"; elif [ -n "$TMP" ]; then say "kept $TMP"; fi
  return 0
}

my_start() { # MariaDB on 127.0.0.1:$MY_PORT, database `wordpress`, root without a password
  local user; user="$(id -un)"
  mkdir -p "$TMP/my"
  # As root the server runs as mysql: it must reach its directory inside the temp dir.
  if [ "$(id -u)" -eq 0 ]; then user=mysql; chmod 711 "$TMP"; chown mysql: "$TMP/my"; fi
  # --tmpdir: its own directory, not $TMPDIR (which the server's user may not be able to write).
  mariadb-install-db --no-defaults --datadir="$TMP/my/data" --tmpdir="$TMP/my" --user="$user" \
    --auth-root-authentication-method=normal --skip-test-db >"$TMP/my-install.log" 2>&1 \
    || { cat "$TMP/my-install.log" >&2; return 1; }
  mariadbd --no-defaults --datadir="$TMP/my/data" --tmpdir="$TMP/my" --user="$user" --bind-address=127.0.0.1 \
    --port=$MY_PORT --socket="$TMP/my/sock" --pid-file="$TMP/my/pid" --skip-grant-tables \
    >"$TMP/my-server.log" 2>&1 &
  for _ in $(seq 1 100); do
    mariadb --no-defaults -S "$TMP/my/sock" -e 'CREATE DATABASE IF NOT EXISTS wordpress' 2>/dev/null && return 0
    sleep 0.2
  done
  cat "$TMP/my-server.log" >&2; return 1
}
sql() { mariadb --no-defaults -S "$TMP/my/sock" -N -B wordpress -e "$1"; }

wp_tree() { # a copy of Debian's WordPress with its own wp-config.php and the plugin's zip unpacked
  cp -al /usr/share/wordpress "$TMP/wp" 2>/dev/null || cp -r /usr/share/wordpress "$TMP/wp"
  rm -f "$TMP/wp/wp-config.php"
  cat >"$TMP/wp/wp-config.php" <<PHP
<?php
define('DB_NAME', 'wordpress');
define('DB_USER', 'root');
define('DB_PASSWORD', '');
define('DB_HOST', '127.0.0.1:$MY_PORT');
define('DB_CHARSET', 'utf8mb4');
define('WP_HOME', '$SITE');
define('WP_SITEURL', '$SITE');
define('WP_HTTP_BLOCK_EXTERNAL', true);
define('DISABLE_WP_CRON', true);
define('AUTOMATIC_UPDATER_DISABLED', true);
define('WP_DEBUG', true);
define('WP_DEBUG_DISPLAY', getenv('KELISIM_WP_DEBUG') ? true : false);
define('WP_DEBUG_LOG', '$TMP/debug.log');
\$table_prefix = 'wp_';
if (!defined('ABSPATH')) {
    define('ABSPATH', __DIR__ . '/');
}
require_once ABSPATH . 'wp-settings.php';
PHP
  unzip -q "$ROOT/target/wordpress/kelisim-"*.zip -d "$TMP/wp/wp-content/plugins/"
  # A tracker as plugins such as Site Kit print it: Google's tag in wp_head (after kelisim's).
  mkdir -p "$TMP/wp/wp-content/mu-plugins"
  cat >"$TMP/wp/wp-content/mu-plugins/tracker.php" <<'PHP'
<?php
add_action('wp_head', function () {
    echo '<script async src="https://www.googletagmanager.com/gtag/js?id=G-KELISIM"></script>', "\n";
    echo "<script>window.dataLayer = window.dataLayer || []; function gtag(){dataLayer.push(arguments);} gtag('js', new Date()); gtag('config', 'G-KELISIM');</script>\n";
});
PHP
}

apache_caching() { # Apache (Debian's apache2, which wordpress pulls in) reading the plugin's .htaccess files
  command -v /usr/sbin/apache2 >/dev/null || { say "no apache2: the .htaccess files are not checked"; return 0; }
  say "Apache on 127.0.0.1:$AP_PORT: the plugin's .htaccess files (caching, no direct receiver)"
  local m=/usr/lib/apache2/modules root="$TMP/wp/wp-content/plugins" who=""
  [ "$(id -u)" -eq 0 ] && who=$'User www-data\nGroup www-data'
  mkdir -p "$TMP/apache"
  cat >"$TMP/apache/httpd.conf" <<CONF
ServerName localhost
Listen 127.0.0.1:$AP_PORT
PidFile $TMP/apache/pid
DefaultRuntimeDir $TMP/apache
ErrorLog $TMP/apache/error.log
LoadModule mpm_event_module $m/mod_mpm_event.so
LoadModule authz_core_module $m/mod_authz_core.so
LoadModule headers_module $m/mod_headers.so
LoadModule mime_module $m/mod_mime.so
$who
TypesConfig /etc/mime.types
DocumentRoot $root
<Directory $root>
    AllowOverride All
    Require all granted
</Directory>
CONF
  /usr/sbin/apache2 -f "$TMP/apache/httpd.conf" -k start
  for _ in $(seq 1 50); do curl -s -o /dev/null "http://127.0.0.1:$AP_PORT/" && break; sleep 0.1; done
  local wasm head status=0
  wasm="$(cd "$root/kelisim/dist" && ls app/first_bg.*.wasm)"
  head() { curl -s -o /dev/null -D - "http://127.0.0.1:$AP_PORT/kelisim/$1" | tr -d '\r'; }
  head "dist/$wasm" | grep -qx 'Cache-Control: public, max-age=31536000, immutable' || status=1
  head "dist/$wasm" | grep -qx 'Content-Type: application/wasm' || status=1
  head dist/kelisim.js | grep -qx 'Cache-Control: public, max-age=31536000, immutable' || status=1
  head dist/kelisim-one.js | grep -qx 'Cache-Control: public, max-age=31536000, immutable' || status=1
  head dist/kelisim-lite.js | grep -qx 'Cache-Control: public, max-age=31536000, immutable' || status=1
  head dist/configurator/index.html | grep -qx 'Cache-Control: no-cache' || status=1
  head receiver/kelisim-receiver.php | grep -q '^HTTP/1.1 403' || status=1
  /usr/sbin/apache2 -f "$TMP/apache/httpd.conf" -k stop
  [ "$status" = 0 ] || { cat "$TMP/apache/error.log" >&2; say "Apache: wrong caching or receiver access"; exit 1; }
}

wp_serve() { # the site on PHP's built-in server, in a process group of its own
  PHP_CLI_SERVER_WORKERS=4 setsid bash -c "exec $serve" &
  WP_PID=$!
  for _ in $(seq 1 100); do curl -s -o /dev/null "$SITE/wp-login.php" && return 0; sleep 0.1; done
  say "PHP's built-in server did not start"; exit 1
}
wp_stop() { kill -- "-$WP_PID" 2>/dev/null; wait "$WP_PID" 2>/dev/null || true; WP_PID=""; }

main() {
  trap cleanup EXIT
  trap 'exit 130' INT TERM
  install_missing
  php -l integrations/wordpress/kelisim/kelisim.php >/dev/null
  for f in integrations/wordpress/kelisim/includes/*.php integrations/wordpress/kelisim/uninstall.php; do php -l "$f" >/dev/null; done
  scripts/build-wordpress.sh
  cargo build --quiet -p kelisim-receiver -p kelisim-conformance
  TMP="$(mktemp -d "${TMPDIR:-/tmp}/kelisim-wp.XXXXXX")"
  my_start
  wp_tree
  local site=(php -d opcache.enable_cli=1 "$ROOT/integrations/wordpress/tests/site.php" "$TMP/wp")
  local serve="php -d opcache.enable_cli=1 -S 127.0.0.1:$WP_PORT -t $TMP/wp $ROOT/integrations/wordpress/tests/router.php 2>>$TMP/php.log"
  local browser=(env SITE="$SITE" CHROMIUM="$CHROMIUM" NODE_PATH="$ROOT/bench/soak/node_modules" node integrations/wordpress/tests/browser.js)
  say "WordPress $(sed -n "s/^\$wp_version = '\(.*\)';/\1/p" "$TMP/wp/wp-includes/version.php"): install.php, activate the plugin in wp-admin"
  wp_serve
  local installed
  installed="$(curl -s -X POST "$SITE/wp-admin/install.php?step=2" --data-urlencode 'weblog_title=kelisim test site' \
    --data-urlencode user_name=admin --data-urlencode admin_password=kelisim-test-password \
    --data-urlencode admin_password2=kelisim-test-password --data-urlencode pw_weak=on \
    --data-urlencode admin_email=admin@example.kz --data-urlencode blog_public=0)"
  grep -q 'wp-login.php' <<<"$installed" && [ -n "$(sql "SHOW TABLES LIKE 'wp_users'")" ] \
    || { echo "$installed" | tail -20 >&2; say "install.php did not install WordPress"; exit 1; }
  "${site[@]}" setup
  "${browser[@]}" activate
  [ "$(sql "SHOW TABLES LIKE 'wp_kelisim_ledger'")" = wp_kelisim_ledger ] || { say "activation created no table"; exit 1; }
  wp_stop
  # The admin's language (get_user_locale()): Russian and English here, Kazakh in the browser.
  [ "$("${site[@]}" texts ru_RU wp-menu-records)" = "Записи о согласиях" ] || { say "wp-admin in Russian: not Russian"; exit 1; }
  [ "$("${site[@]}" texts en_GB wp-menu-records)" = "Consent records" ] || { say "wp-admin in English: not English"; exit 1; }
  [ "$("${site[@]}" texts de_DE wp-menu-records)" = "Consent records" ] || { say "wp-admin in German: not English"; exit 1; }
  say "conformance: the WordPress plugin's REST route, MariaDB"
  PHP_CLI_SERVER_WORKERS=4 target/debug/kelisim-conformance --url "http://127.0.0.1:$WP_PORT" --start "$serve" \
    --export "${site[*]} export" --origin https://shop.example.kz \
    --verify "$ROOT/target/debug/kelisim-receiver verify-export"

  say "headless Chromium: the home page, Accept all, the admin screens"
  wp_serve
  local before consent
  before="$(sql 'SELECT COUNT(*) FROM wp_kelisim_ledger')"
  consent="$(EXPORT_FILE="$TMP/export.jsonl" SCREENSHOTS="${KELISIM_WP_SCREENSHOTS:-}" "${browser[@]}")"
  local stored
  stored="$(sql "SELECT COUNT(*) FROM wp_kelisim_ledger WHERE consent_id = '$consent' AND origin = '$SITE' AND body LIKE '%\"event\":\"given\"%'")"
  [ "$stored" = 1 ] || { say "the consent $consent is not in wp_kelisim_ledger once (found $stored)"; exit 1; }
  [ "$(sql 'SELECT COUNT(*) FROM wp_kelisim_ledger')" = "$((before + 1))" ] || { say "not exactly one new row"; exit 1; }
  "${site[@]}" verify >/dev/null || { say "the plugin's chain does not verify"; exit 1; }
  target/debug/kelisim-receiver verify-export "$TMP/export.jsonl" >/dev/null \
    || { say "the export downloaded in wp-admin does not verify"; exit 1; }
  say "the record of consent $consent is in wp_kelisim_ledger; the chain of $((before + 1)) rows verifies"

  say "the receiver opened directly (no WordPress): 404, nothing stored"
  local direct
  direct="$(curl -s -o /dev/null -w '%{http_code}' -X POST -H 'Content-Type: application/json' -d '{}' \
    "$SITE/wp-content/plugins/kelisim/receiver/kelisim-receiver.php")"
  [ "$direct" = 404 ] && [ -z "$(ls "$TMP/wp/wp-content/plugins/kelisim/receiver/" | grep -v '\.php$\|\.json$')" ] \
    || { say "the receiver answered $direct outside WordPress"; exit 1; }
  apache_caching

  say "deleting the plugin: the records are kept unless confirmed"
  "${site[@]}" uninstall >/dev/null
  [ "$(sql 'SELECT COUNT(*) FROM wp_kelisim_ledger')" = "$((before + 1))" ] || { say "uninstall deleted the records"; exit 1; }
  "${site[@]}" activate
  "${site[@]}" uninstall confirmed >/dev/null
  [ -z "$(sql "SHOW TABLES LIKE 'wp_kelisim_ledger'")" ] || { say "a confirmed uninstall kept the table"; exit 1; }
  say "without pdo_mysql the plugin refuses to activate, naming the extension"
  local nopdo
  nopdo="$(php -n -d extension=mysqlnd -d extension=mysqli "$ROOT/integrations/wordpress/tests/site.php" "$TMP/wp" activate 2>&1 || true)"
  grep -q 'pdo_mysql' <<<"$nopdo" || { echo "$nopdo" >&2; say "activation without pdo_mysql did not name it"; exit 1; }
  [ -z "$(sql "SELECT option_value FROM wp_options WHERE option_name = 'active_plugins' AND option_value LIKE '%kelisim%'")" ] \
    || { say "the plugin was activated without pdo_mysql"; exit 1; }
  if [ -s "$TMP/debug.log" ] && grep -q '/plugins/kelisim/' "$TMP/debug.log"; then
    cat "$TMP/debug.log" >&2; say "PHP notices from the plugin"; exit 1
  fi
  say "the WordPress plugin passed"
}

main "$@"
