#!/usr/bin/env node
// Writes DIR/kelisim-one.js: the loader with the first layer inside it, so the banner needs one
// response after the page instead of two round trips (issue 24, item 2; docs/book "Embedding").
//   node scripts/one-response.js DIR [LOADER]
//   (DIR: scripts/build.sh's staging folder, dist/ layout; LOADER: the minified loader to start
//   from, DIR/kelisim.js unless named: scripts/build.sh names the one built without automatic
//   blocking)
//
// What it holds, all built by scripts/build.sh before this runs:
// - the minified loader (LOADER), which holds the first layer's glue already
//   (scripts/inline-glue.js), unchanged except its one request for the first layer's wasm;
// - the first layer's wasm as a string of its bytes, each as the character (byte + 48) & 255:
//   the fewest escapes (wasm is rich in zero bytes); measured 2026-12-04: 5.8% more brotli and
//   7% more gzip than the .wasm itself, against 31% for base64. It reaches the glue as a
//   Response (application/wasm), the same path as a fetched one.
// The Leptos app stays in its own files, fetched as from kelisim.js. Fails (exit 1) when the
// loader does not have the shape this relies on, so a change cannot go unnoticed.
'use strict';
const fs = require('fs');
const path = require('path');

function die(msg) {
  process.stderr.write(`[kelisim] one-response: ${msg}\n`);
  process.exit(1);
}

/** The bytes as a JavaScript string literal of (byte + 48) & 255 characters. */
function byteString(bytes) {
  let out = '"';
  for (const b of bytes) {
    const c = (b + 48) & 255;
    if (c === 0x22 || c === 0x5c) out += `\\${String.fromCharCode(c)}`;
    else if (c < 0x20 || c === 0x7f) out += `\\x${c.toString(16).padStart(2, '0')}`;
    else out += String.fromCharCode(c);
  }
  return `${out}"`;
}

function main() {
  const dir = process.argv[2];
  if (!dir) die('usage: node scripts/one-response.js DIR [LOADER]');
  const loader = fs.readFileSync(process.argv[3] || path.join(dir, 'kelisim.js'), 'utf8');
  const files = /FILES=\{first_wasm:"([^"]+)"/.exec(loader);
  if (!files) die('the minified loader has no FILES table starting with first_wasm');
  const wasm = fs.readFileSync(path.join(dir, files[1]));
  // The loader's request for the first layer's wasm, `file("first_wasm")`, whatever name the
  // minifier gave the function; its glue is inside it already (no request for it).
  if (/(?<![\w$])[\w$]+\("first"\)/.test(loader)) die('the loader still requests the first layer\'s glue');
  const wasmCall = /(?<![\w$])[\w$]+\("first_wasm"\)/g;
  const n = (loader.match(wasmCall) || []).length;
  if (n !== 1) die(`the loader requests the first layer's wasm ${n} times, not once`);
  const wasmResponse =
    '(function(s){for(var b=new Uint8Array(s.length),i=0;i<s.length;i++)b[i]=s.charCodeAt(i)-48;' +
    'return Promise.resolve(new Response(b,{headers:{"content-type":"application/wasm"}}))})' +
    `(${byteString(wasm)})`;
  const out = loader
    .replace(/^\/\*![^\n]*\*\/\n?/, '')
    .replace(wasmCall, () => wasmResponse);
  // A byte order mark first: the string of wasm bytes holds characters above U+007F, and a page
  // in windows-1251 would decode a classic script served without a charset (nginx's default) as
  // windows-1251; the mark makes every browser read it as UTF-8 (kelisim.js is ASCII).
  const header =
    '\uFEFF/*! kelisim loader with the first layer inside it (one response): built by ' +
    'scripts/one-response.js from kelisim.js (with the first layer\'s glue) and app/first_bg.wasm */\n';
  fs.writeFileSync(path.join(dir, 'kelisim-one.js'), header + out);
}

main();
