#!/usr/bin/env node
// Puts the first layer's glue inside the minified loader (issue 24, item 3: "the glue inlined into
// the loader"; measured 2026-12-06: 4,631 + 2,826 B brotli as two files, 261 B less as one (first paint 51,857 -> 51,596), and
// one request fewer before the banner):
//   node scripts/inline-glue.js LOADER GLUE    (rewrites LOADER in place; scripts/build.sh)
// The glue, an ES module that wasm-bindgen writes, becomes a function returning its exports (no
// import of a Blob or data: URL, so a strict CSP needs nothing more than for the loader: its
// nonce, 'wasm-unsafe-eval'), put where the loader asks for it: its one call `glue("first")`,
// whatever name the minifier gave the function. scripts/one-response.js does the same with the
// wasm for dist/kelisim-one.js. Fails (exit 1) when the loader or the glue does not have the shape
// this relies on, so a change cannot go unnoticed.
'use strict';
const fs = require('fs');

function die(msg) {
  process.stderr.write(`[kelisim] inline-glue: ${msg}\n`);
  process.exit(1);
}

/** The glue module's text as an expression whose value is its exports. */
function glueExpression(glue) {
  const names = [];
  let body = glue.replace(/\bexport function ([\w$]+)\(/g, (_, name) => {
    names.push(`${name}:${name}`);
    return `function ${name}(`;
  });
  body = body.replace(/\bexport\s*\{([^}]*)\};?/g, (_, list) => {
    for (const item of list.split(',')) {
      const m = /^\s*([\w$]+)(?:\s+as\s+([\w$]+))?\s*$/.exec(item);
      if (!m) die(`cannot read the glue's export "${item}"`);
      names.push(`${m[2] || m[1]}:${m[1]}`);
    }
    return '';
  });
  // The glue's default wasm URL (used only when it is given no wasm, never here).
  body = body.replace(/\bimport\.meta\.url\b/g, 'document.baseURI');
  if (/\bexport\b|\bimport\s*[\s{*'"]|\bimport\.meta\b/.test(body)) die('the glue holds an import or export it cannot turn into a function');
  for (const needed of ['default', 'start']) {
    if (!names.some((n) => n.startsWith(`${needed}:`))) die(`the glue exports no "${needed}"`);
  }
  return `(function(){${body};return{${names.join(',')}}})()`;
}

function main() {
  const [loaderPath, gluePath] = process.argv.slice(2);
  if (!loaderPath || !gluePath) die('usage: node scripts/inline-glue.js LOADER GLUE');
  const loader = fs.readFileSync(loaderPath, 'utf8');
  const glue = fs.readFileSync(gluePath, 'utf8');
  const call = /(?<![\w$])[\w$]+\("first"\)/g;
  const n = (loader.match(call) || []).length;
  if (n !== 1) die(`the loader asks for the first layer's glue ${n} times, not once`);
  // A promise, as the call it replaces returned: the loader waits for it as before.
  fs.writeFileSync(loaderPath, loader.replace(call, () => `Promise.resolve(${glueExpression(glue)})`));
}

main();
