#!/usr/bin/env bash
# Runs every test of kelisim, installing what is missing first (idempotent):
#   formatting and lints; the pure core natively (cargo test); the release bundle and its size
#   budget; the npm package and the nginx recipe (scripts/test-package.sh); the browser tests
#   (wasm-bindgen-test) in headless Chromium and in headless Firefox.
set -euo pipefail
source "$(dirname "$0")/env.sh"
"$ROOT/scripts/setup.sh" --browsers
cd "$ROOT"

# Everything the tests start writes its temporary files into one directory of this run, removed at
# the end, pass or fail: chromedriver leaves each session's Chromium profile behind (about 78 MB,
# thirteen browser-test binaries a run), and a test killed half-way leaves its own. Mode 1777, as
# /tmp's: the throwaway PostgreSQL and MariaDB servers run as their own users inside it (MariaDB
# also writes its own temporary files there unless given --tmpdir, as the scripts now do).
test_tmp="$(mktemp -d "${TMPDIR:-/tmp}/kelisim-test.XXXXXX")"
chmod 1777 "$test_tmp"
export TMPDIR="$test_tmp"
cleanup_pids=()
cleanup() {
  if [ "${#cleanup_pids[@]}" -gt 0 ]; then
    kill "${cleanup_pids[@]}" 2>/dev/null || true
    wait "${cleanup_pids[@]}" 2>/dev/null || true
  fi
  rm -rf "$test_tmp"
}
trap cleanup EXIT
trap 'exit 130' INT TERM

say "rustfmt and clippy"
cargo fmt --all --check
cargo clippy --quiet --all-targets -- -D warnings
cargo clippy --quiet --target wasm32-unknown-unknown --all-targets -- -D warnings
# Each bundle alone (its own feature set): bundle/first is the Leptos-free first layer.
cargo clippy --quiet --target wasm32-unknown-unknown -p kelisim-first -p kelisim-app -- -D warnings
# The configurator (bundle/configurator): its view on wasm32, its pure parts and tests natively.
cargo clippy --quiet --target wasm32-unknown-unknown -p kelisim-configurator -- -D warnings
cargo clippy --quiet -p kelisim-configurator --all-targets -- -D warnings
cargo clippy --quiet -p kelisim-receiver --all-targets -- -D warnings
cargo clippy --quiet -p kelisim-receiver --all-targets --features test-hooks -- -D warnings
# The conformance suite and kelisim-scan use the crate's public types: a change to them fails
# here, in the first minutes, not when the receivers' step builds them.
cargo clippy --quiet -p kelisim-conformance -p kelisim-scan --all-targets -- -D warnings

say "native tests of the pure core"
KELISIM_REQUIRE_HUNSPELL=1 cargo test --quiet
cargo test --quiet -p kelisim-configurator

say "rustdoc: every public item documented (missing_docs), no warnings, native and wasm32"
RUSTDOCFLAGS=-Dwarnings cargo doc --quiet --no-deps -p kelisim --features schema
RUSTDOCFLAGS=-Dwarnings cargo doc --quiet --no-deps -p kelisim --target wasm32-unknown-unknown
RUSTDOCFLAGS=-Dwarnings cargo doc --quiet --no-deps -p kelisim-receiver
say "the book (docs/book): mdBook builds it; tests/book.rs (in cargo test) checks its links"
rm -rf "$ROOT/target/book"
mdbook build --dest-dir "$ROOT/target/book" "$ROOT/docs/book" >"$ROOT/target/book.log" 2>&1 \
  || { cat "$ROOT/target/book.log"; exit 1; }
test -f "$ROOT/target/book/index.html"
say "the crates as published: cargo publish --dry-run (both packaged; kelisim also built as packaged)"
# Building the packaged receiver too (`scripts/publish-check.sh`) compiles its dependencies once more
# with the package's own feature set: about 11 minutes on a fresh 2-core machine, so the test
# command packages it (manifest, file list, lock against the packaged kelisim) without the build.
cargo publish --quiet --dry-run --allow-dirty --no-verify -p kelisim -p kelisim-receiver
cargo publish --quiet --dry-run --allow-dirty -p kelisim

say "release bundle and size budget"
"$ROOT/scripts/size.sh" --check
say "kelisim-one.js on a windows-1251 page, served with no charset, in headless Chromium"
"$ROOT/scripts/test-one-response.sh"

# Trunk (Trunk.toml) is the Leptos developer's loop: its release build must be the same dist/ as
# scripts/build.sh's (Trunk runs that script as its post-build hook), and `trunk serve` must serve it.
say "Trunk: trunk build --release gives the same dist/; trunk serve serves the demo"
rm -rf "$ROOT/target/dist-build-sh" && cp -r "$ROOT/dist" "$ROOT/target/dist-build-sh"
trunk build --release --offline >"$ROOT/target/trunk.log" 2>&1 || { cat "$ROOT/target/trunk.log"; exit 1; }
diff -r "$ROOT/target/dist-build-sh" "$ROOT/dist"
trunk serve --offline --port 18899 --no-autoreload >"$ROOT/target/trunk-serve.log" 2>&1 &
trunk_pid=$!
served=""
for _ in $(seq 600); do
  served=$(curl -sf http://127.0.0.1:18899/kelisim.js | head -c 200 || true)
  [ -n "$served" ] && break
  sleep 0.5
done
kill "$trunk_pid" 2>/dev/null; wait "$trunk_pid" 2>/dev/null || true
grep -q "kelisim loader" <<<"$served" || { cat "$ROOT/target/trunk-serve.log"; say "trunk serve did not serve kelisim.js"; exit 1; }
say "site audit (kelisim-scan): a fixture site in headless Chromium, with the loader from dist/"
cargo clippy --quiet -p kelisim-scan --all-targets -- -D warnings
KELISIM_REQUIRE_HUNSPELL=1 cargo test --quiet -p kelisim-scan

say "reference receiver: SQLite and PostgreSQL, and the record schema"
"$ROOT/scripts/test-receiver.sh"

say "receivers for PHP, Node and Python (and Rust): the conformance suite against each"
"$ROOT/scripts/test-receivers.sh"
say "WordPress plugin: a real WordPress + MariaDB, the conformance suite, Chromium (about 40 s)"
"$ROOT/scripts/test-wordpress.sh"

# The short soak (the 1,000-load run: `scripts/soak.sh`, README "Soak"): 50 page loads in headless
# Chromium against the receiver behind a proxy failing half of the records; none lost, none twice.
say "soak: 50 page loads against a failing endpoint"
"$ROOT/scripts/soak.sh" 50

# With the /__test/* hooks (cargo feature test-hooks) for the browser tests below; the package
# test starts it without --test-hooks.
cargo build --quiet -p kelisim-receiver --features test-hooks
say "npm package: install, tsc --strict, the site behind nginx (recipes/nginx) in Chromium"
KELISIM_RECEIVER="$ROOT/target/debug/kelisim-receiver" "$ROOT/scripts/test-package.sh"

# The browser tests of consent records talk to a real receiver on 127.0.0.1:8787.
receiver_dir="$(mktemp -d)"
"$ROOT/target/debug/kelisim-receiver" serve --addr 127.0.0.1:8787 \
  --database "sqlite://$receiver_dir/consents.db" --test-hooks 2>"$receiver_dir/log" &
cleanup_pids+=($!)
for _ in $(seq 50); do
  (exec 3<>/dev/tcp/127.0.0.1/8787) 2>/dev/null && break
  sleep 0.2
done

# The automatic-blocking browser tests (tests/browser_autoblock.rs) load the vendors' stub scripts
# from tests/autoblock/stub.py (HTTPS on 127.0.0.1:18101, its hit list on 18100); the browsers map
# the vendors' hosts to it and accept its self-signed certificate (tests/autoblock/webdriver.json).
stub_dir="$(mktemp -d)"
python3 "$ROOT/tests/autoblock/stub.py" "$stub_dir" 2>"$stub_dir/log" &
cleanup_pids+=($!)
for _ in $(seq 50); do
  (exec 3<>/dev/tcp/127.0.0.1/18100) 2>/dev/null && break
  sleep 0.2
done
export WASM_BINDGEN_TEST_WEBDRIVER_JSON="$ROOT/tests/autoblock/webdriver.json"

browser_tests=()
for f in tests/browser_*.rs; do browser_tests+=(--test "$(basename "$f" .rs)"); done
export WASM_BINDGEN_TEST_TIMEOUT=900 WASM_BINDGEN_TEST_NO_ORIGIN_ISOLATION=1
say "browser tests in headless Chromium"
CHROMEDRIVER=/usr/bin/chromedriver cargo test --no-fail-fast --target wasm32-unknown-unknown "${browser_tests[@]}"
say "browser tests in headless Firefox"
GECKODRIVER="$(command -v geckodriver)" cargo test --no-fail-fast --target wasm32-unknown-unknown "${browser_tests[@]}"
say "all tests passed"
