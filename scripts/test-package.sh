#!/usr/bin/env bash
# Tests the npm package and the nginx recipe the way a site owner uses them (called by
# scripts/test.sh after the release bundle is built; needs dist/):
#   1. scripts/package.sh --no-build, then `npm install` of the tarball into tests/npm-fixture/
#      (with typescript and puppeteer-core from its package-lock; installed only when missing);
#   2. `tsc --strict --noEmit`: a TypeScript file using the API and its events, every demo profile
#      (demo/profiles/*.json) as a `Config`; then every tests/npm-fixture/hostile/*.json must fail;
#   3. Debian's nginx (installed when missing) runs recipes/nginx/kelisim.conf on a free loopback
#      port, non-root paths in a temporary prefix, serving the fixture site with the package's
#      bundle at /kelisim/ (and a tampered copy) and proxying /consent to a kelisim-receiver
#      on another free port; tests/npm-fixture/check.js drives headless Chromium through it.
# Environment: KELISIM_RECEIVER (a built kelisim-receiver; default: cargo build), CHROMIUM,
# KELISIM_SITE_PORT / KELISIM_RECEIVER_PORT (default: free ports), KELISIM_RESULT (JSON figures).
set -euo pipefail
source "$(dirname "$0")/env.sh"
cd "$ROOT"
FIXTURE="$ROOT/tests/npm-fixture"
SUDO=""; [ "$(id -u)" -eq 0 ] || SUDO="sudo"
if ! command -v nginx >/dev/null && ! [ -x /usr/sbin/nginx ]; then
  say "installing Debian's nginx"
  $SUDO apt-get update -qq && DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq nginx-light >/dev/null \
    || DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq nginx >/dev/null
fi
NGINX="$(command -v nginx || echo /usr/sbin/nginx)"
# The recipe's brotli_static (the bundle's precompressed .br copies): Debian's module.
BROTLI_MODULE=/usr/lib/nginx/modules/ngx_http_brotli_static_module.so
if ! [ -f "$BROTLI_MODULE" ]; then
  say "installing Debian's nginx brotli module (libnginx-mod-http-brotli-static)"
  $SUDO apt-get update -qq && DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq libnginx-mod-http-brotli-static >/dev/null
fi

say "npm package"
"$ROOT/scripts/package.sh" --no-build
version=$(awk -F'"' '/^version = / { print $2; exit }' Cargo.toml)
tgz="$ROOT/dist/kelisim-$version.tgz"
if [[ ! -f "$FIXTURE/node_modules/typescript/bin/tsc" || ! -f "$FIXTURE/node_modules/puppeteer-core/package.json" ]]; then
  say "installing tests/npm-fixture/node_modules (npm ci: typescript, puppeteer-core)"
  (cd "$FIXTURE" && PUPPETEER_SKIP_DOWNLOAD=1 npm ci --no-audit --no-fund --ignore-scripts >&2)
fi
# As a user would: `npm install ./kelisim-<version>.tgz` (not saved: the tarball changes with
# every build, the lock file would too).
(cd "$FIXTURE" && npm install --no-save --no-audit --no-fund --ignore-scripts --prefer-offline "$tgz" >/dev/null)
cmp -s "$FIXTURE/node_modules/kelisim/dist/kelisim.js" dist/kelisim.js \
  || { say "node_modules/kelisim is not the package just built"; exit 1; }
cmp -s "$FIXTURE/node_modules/kelisim/dist/kelisim-one.js" dist/kelisim-one.js \
  || { say "node_modules/kelisim lacks dist/kelisim-one.js (the loader with the first layer inside)"; exit 1; }
cmp -s "$FIXTURE/node_modules/kelisim/dist/kelisim-lite.js" dist/kelisim-lite.js \
  || { say "node_modules/kelisim lacks dist/kelisim-lite.js (the loader without automatic blocking)"; exit 1; }

say "TypeScript: the API, its events and the demo profiles type-check with --strict"
tsc="$FIXTURE/node_modules/typescript/bin/tsc"
rm -rf "$FIXTURE/profiles" "$FIXTURE/hostile-ts"
mkdir -p "$FIXTURE/profiles" "$FIXTURE/hostile-ts"
as_config() { # as_config JSON-FILE TS-FILE: the JSON as a TypeScript value checked against Config
  printf 'import type { Config } from "kelisim";\nexport const config = %s satisfies Config;\n' "$(cat "$1")" >"$2"
}
profiles=0
for f in demo/profiles/*.json; do as_config "$f" "$FIXTURE/profiles/$(basename "$f" .json).ts"; profiles=$((profiles + 1)); done
(cd "$FIXTURE" && node "$tsc" --strict --noEmit -p tsconfig.json)
say "  usage.ts and $profiles demo profiles: no error"
hostile=0
for f in "$FIXTURE"/hostile/*.json; do as_config "$f" "$FIXTURE/hostile-ts/$(basename "$f" .json).ts"; hostile=$((hostile + 1)); done
out=$(cd "$FIXTURE" && node "$tsc" --strict --noEmit --target es2020 --module es2020 --moduleResolution bundler \
  --lib es2020,dom hostile-ts/*.ts 2>&1) && { say "tsc accepted the hostile configurations"; exit 1; }
for f in "$FIXTURE"/hostile-ts/*.ts; do
  n=$(basename "$f")
  grep -q "^hostile-ts/$n(" <<<"$out" || { say "tsc accepted hostile/${n%.ts}.json:"; echo "$out" >&2; exit 1; }
done
say "  $hostile hostile configurations: each refused by tsc"
rm -rf "$FIXTURE/profiles" "$FIXTURE/hostile-ts"

say "the fixture site behind nginx (recipes/nginx/kelisim.conf) with the receiver, in Chromium"
work="$(mktemp -d)"
pids=()
cleanup() { for p in "${pids[@]}"; do kill "$p" 2>/dev/null || true; done; rm -rf "$work"; }
trap cleanup EXIT
free_port() { node -e 'const s = require("net").createServer().listen(0, "127.0.0.1", () => { console.log(s.address().port); s.close(); })'; }
site_port="${KELISIM_SITE_PORT:-$(free_port)}"
receiver_port="${KELISIM_RECEIVER_PORT:-$(free_port)}"
redirect_port="$(free_port)"
site="$work/site"
mkdir -p "$site"
cp "$FIXTURE"/site/*.html "$site/"
cp -r "$FIXTURE/node_modules/kelisim/dist" "$site/kelisim"
(cd "$FIXTURE" && node "$tsc" --strict --target es2020 --module es2020 --moduleResolution bundler --lib es2020,dom \
  --outDir "$site" src/usage.ts)
# A tampered copy of the bundle, still working code: a custom section appended to the first
# layer's wasm (its glue is inside the loader). The names and the loader are the originals, as on
# a CDN serving an altered file. A control copy, whose loader has no integrity hashes, must start:
# the refusal comes from the integrity check, not from a broken file.
kind=wasm
cp -r "$site/kelisim" "$site/kelisim-tampered-$kind"
sed "s|/kelisim-tampered-$kind/|/kelisim-unchecked-$kind/|" "$site/tampered-$kind.html" >"$site/unchecked-$kind.html"
printf '\x00\x05\x04keli' >>"$(ls "$site"/kelisim-tampered-wasm/app/first_bg.*.wasm)"
# (The altered file's precompressed copies go: nginx would send them, the original bytes, instead.)
rm "$site"/kelisim-tampered-wasm/app/first_bg.*.wasm.{br,gz}
cp -r "$site/kelisim-tampered-$kind" "$site/kelisim-unchecked-$kind"
sed -i 's|SRI *= *{[^}]*}|SRI={}|' "$site/kelisim-unchecked-$kind/kelisim.js"
grep -q 'SRI={}' "$site/kelisim-unchecked-$kind/kelisim.js" || { say "cannot empty the loader's SRI table"; exit 1; }
rm "$site/kelisim-unchecked-$kind"/kelisim.js.{br,gz}

receiver="${KELISIM_RECEIVER:-}"
if [ -z "$receiver" ]; then
  cargo build --quiet -p kelisim-receiver
  receiver="$ROOT/target/debug/kelisim-receiver"
fi
database="sqlite://$work/consents.db"
"$receiver" serve --addr "127.0.0.1:$receiver_port" --database "$database" --cookie-name k_fixture \
  --rate-limit 0 2>"$work/receiver.log" &
pids+=($!)

# The recipe as shipped, with its site-specific values replaced for the test: loopback ports (no
# IPv6), a self-signed certificate, the root, the access log and the receiver's address.
openssl req -x509 -newkey rsa:2048 -nodes -days 1 -subj "/CN=127.0.0.1" \
  -keyout "$work/tls.key" -out "$work/tls.crt" 2>/dev/null
conf="$work/kelisim.conf"
sed -e "s|listen 443 ssl;|listen 127.0.0.1:$site_port ssl;|" -e "s|listen 80;|listen 127.0.0.1:$redirect_port;|" \
  -e "/listen \[::\]/d" -e "s|root /var/www/example.kz;|root $site;|" \
  -e "s|/etc/letsencrypt/live/example.kz/fullchain.pem|$work/tls.crt|" \
  -e "s|/etc/letsencrypt/live/example.kz/privkey.pem|$work/tls.key|" \
  -e "s|/var/log/nginx/example.kz.access.log|$work/nginx/access.log|" \
  -e "s|proxy_pass http://127.0.0.1:8787;|proxy_pass http://127.0.0.1:$receiver_port;|" \
  recipes/nginx/kelisim.conf >"$conf"
for want in "listen 127.0.0.1:$site_port ssl;" "listen 127.0.0.1:$redirect_port;" "root $site;" \
  "$work/tls.crt;" "$work/tls.key;" "$work/nginx/access.log kelisim_noip;" "127.0.0.1:$receiver_port;"; do
  grep -qF "$want" "$conf" || { say "recipes/nginx/kelisim.conf changed: cannot set '$want'"; exit 1; }
done
mkdir -p "$work/nginx/tmp"
# Run as root, nginx's workers drop to `nobody`: they must read the site and write their temp files.
chmod 755 "$work"; chmod 1777 "$work/nginx/tmp"
cat >"$work/nginx/nginx.conf" <<CONF
load_module $BROTLI_MODULE;
worker_processes 1;
pid $work/nginx/nginx.pid;
error_log $work/nginx/error.log;
events { worker_connections 64; }
http {
  include /etc/nginx/mime.types;
  default_type application/octet-stream;
  access_log $work/nginx/access.log;
  client_body_temp_path $work/nginx/tmp/body;
  proxy_temp_path $work/nginx/tmp/proxy;
  fastcgi_temp_path $work/nginx/tmp/fastcgi;
  uwsgi_temp_path $work/nginx/tmp/uwsgi;
  scgi_temp_path $work/nginx/tmp/scgi;
  include $conf;
}
CONF
"$NGINX" -p "$work/nginx" -e "$work/nginx/error.log" -c "$work/nginx/nginx.conf" -t -q
"$NGINX" -p "$work/nginx" -e "$work/nginx/error.log" -c "$work/nginx/nginx.conf" -g 'daemon off;' &
pids+=($!)
for port in "$site_port" "$receiver_port"; do
  for _ in $(seq 50); do (exec 3<>"/dev/tcp/127.0.0.1/$port") 2>/dev/null && break; sleep 0.2; done
done
# The recipe's TLS with the test's self-signed certificate: node's fetch accepts it, and Chromium
# trusts its public key (--ignore-certificate-errors-spki-list): with a certificate error instead,
# Chromium would cache nothing and the caching checks could not pass.
spki=$(openssl x509 -in "$work/tls.crt" -pubkey -noout | openssl pkey -pubin -outform der \
  | openssl dgst -sha256 -binary | openssl enc -base64)
(cd "$FIXTURE" && KELISIM_SPKI="$spki" NGINX_ACCESS_LOG="$work/nginx/access.log" NODE_TLS_REJECT_UNAUTHORIZED=0 \
  KELISIM_REDIRECT="http://127.0.0.1:$redirect_port" node check.js "https://127.0.0.1:$site_port" "$database" "$receiver" "${KELISIM_RESULT:-}") \
  || { say "nginx error log:"; cat "$work/nginx/error.log" >&2; say "receiver log:"; tail -20 "$work/receiver.log" >&2; exit 1; }
say "npm package $(basename "$tgz"): $(wc -c <"$tgz") bytes"
