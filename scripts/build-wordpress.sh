#!/usr/bin/env bash
# Builds the WordPress plugin's zip, target/wordpress/kelisim-<version>.zip (and the unpacked
# folder target/wordpress/kelisim/), from:
#   integrations/wordpress/kelisim/        the plugin's own PHP (kelisim.php, includes/, uninstall.php)
#   integrations/php/kelisim-receiver.php  the PHP receiver, with its schema → receiver/
#   dist/                                  kelisim's bundle (scripts/build.sh; built when missing)
#                                          → dist/: kelisim.js, kelisim-lite.js, kelisim-one.js, manifest.json, app/, configurator/
# plus .htaccess files: long caching for dist/ (the app files carry their hash in their names,
# the loader is printed with ?v=<its hash>), and no direct access to receiver/ (which also answers
# 404 outside WordPress: receiver/kelisim-config.php).
#   scripts/build-wordpress.sh [--dist DIR]
set -euo pipefail
source "$(dirname "$0")/env.sh"
cd "$ROOT"
DIST="$ROOT/dist"
if [ "${1:-}" = "--dist" ]; then DIST="$2"; fi
if [ ! -f "$DIST/manifest.json" ]; then
  say "no $DIST/manifest.json: building the bundle first (scripts/build.sh)"
  scripts/build.sh
fi
src="$ROOT/integrations/wordpress/kelisim"
version="$(sed -n 's/^ \* Version: *//p' "$src/kelisim.php")"
out="$ROOT/target/wordpress"
rm -rf "$out/kelisim" "$out"/kelisim-*.zip
mkdir -p "$out/kelisim/receiver" "$out/kelisim/dist"
cp -r "$src/kelisim.php" "$src/uninstall.php" "$src/includes" "$src/readme.txt" "$out/kelisim/"
cp LICENSE-MIT LICENSE-APACHE "$out/kelisim/"
cp integrations/php/kelisim-receiver.php integrations/php/consent-record.schema.json "$out/kelisim/receiver/"
cat >"$out/kelisim/receiver/kelisim-config.php" <<'PHP'
<?php
// In the WordPress plugin the receiver runs inside WordPress only (includes/ledger.php hands it
// the settings and the site's database): opened directly, it answers 404 and stores nothing.
if (!defined('ABSPATH')) {
    http_response_code(404);
    exit;
}
return [];
PHP
printf '# The receiver runs inside WordPress only (the REST route /wp-json/kelisim/v1/records).\nRequire all denied\n' \
  >"$out/kelisim/receiver/.htaccess"
cp -r "$DIST/kelisim.js" "$DIST/kelisim-lite.js" "$DIST/kelisim-one.js" "$DIST/manifest.json" "$DIST/app" "$DIST/configurator" "$out/kelisim/dist/"
cp "$src/dist.htaccess" "$out/kelisim/dist/.htaccess"
# Not the precompressed copies (<file>.br, .gz): Apache would not send them without rewrite rules.
rm -f "$out"/kelisim/dist/*.{br,gz} "$out"/kelisim/dist/app/*.{br,gz}
(cd "$out" && zip -q -r -X "kelisim-$version.zip" kelisim)
say "WordPress plugin: $out/kelisim-$version.zip ($(du -k "$out/kelisim-$version.zip" | cut -f1) KB)"
