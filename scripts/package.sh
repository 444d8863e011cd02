#!/usr/bin/env bash
# Builds the npm package `kelisim` from the release bundle:
#   dist/npm/                 the package folder: package.json (the crate's version), README.md
#                             (npm/README.md), index.d.ts (npm/index.d.ts), and dist/ = the bundle
#                             (kelisim.js, kelisim-lite.js, kelisim-one.js, manifest.json, app/*.<hash>.*, each
#                             with its precompressed copies <file>.br and <file>.gz)
#   dist/kelisim-<version>.tgz  `npm pack` of it, what `npm publish` would upload
#   scripts/package.sh            build dist/ first (scripts/build.sh), then package
#   scripts/package.sh --no-build package the dist/ that is there
# Publishing (by hand, not done here): `npm publish dist/kelisim-<version>.tgz`.
set -euo pipefail
source "$(dirname "$0")/env.sh"
[ "${1:-}" = --no-build ] || "$ROOT/scripts/build.sh"
cd "$ROOT"
[ -f dist/manifest.json ] || { say "dist/manifest.json is missing: run scripts/build.sh"; exit 1; }
version=$(awk -F'"' '/^version = / { print $2; exit }' Cargo.toml)
out=dist/npm
rm -rf "$out" dist/kelisim-*.tgz
mkdir -p "$out/dist/app"
# (With their precompressed copies, <file>.br and <file>.gz: see docs/book "Hosting".)
cp dist/kelisim.js* dist/kelisim-lite.js* dist/kelisim-one.js* dist/manifest.json* "$out/dist/"
cp dist/app/* "$out/dist/app/"
cp npm/index.d.ts npm/README.md "$out/"
sed "s/\"version\": \"[^\"]*\"/\"version\": \"$version\"/" npm/package.json >"$out/package.json"
grep -q "\"version\": \"$version\"" "$out/package.json" || { say "cannot set the version in package.json"; exit 1; }
tgz=$(cd dist && npm pack --silent ./npm)
say "npm package: dist/$tgz ($(wc -c <"dist/$tgz") bytes; unpacked $(du -sb "$out" | cut -f1) bytes)"
