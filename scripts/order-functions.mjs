#!/usr/bin/env node
// Orders a WebAssembly module's functions so that functions with similar code sit next to each
// other: brotli then finds more of each function's bytes in the one just before it.
//
//   node scripts/order-functions.mjs [--window N] IN.wasm OUT.wasm
//
// (--window: with how many of the functions placed last a candidate is compared, 4 by default;
// scripts/build.sh tries a few on the first layer and keeps the order brotli compresses best.)
//
// wasm-opt keeps the order in which rustc and wasm-bindgen emitted the functions, which follows
// the crates' source order; for compression, the order of similar code is what counts. Each
// function's body is cut into 4-byte pieces; starting from the largest function, the next one is
// always the function left with the largest share of its pieces found in the last four placed
// (--window; brotli reaches back far, but the near past is cheapest), ties by the original
// order, so the result is the same at every build. Measured 2026-12-07 on the shipped files
// (brotli): the first layer's wasm 42,904 -> 42,272 B, the app's 133,676 -> 130,051 B. Tried and
// not kept, on a first layer of 42,837 B (first layer, app): wasm-opt's own --reorder-functions (by call count:
// 42,989) and --reorder-functions-by-name (43,037); the bodies sorted as bytes (42,551); the
// overlap with the last function only, as a Jaccard index (42,327, 130,422) or a share (42,392,
// 130,211), with the last 2, 3, 5, 6, 8 or 16 (42,177 to 42,364; 130,083 to 130,420; the last
// four gave 42,211 and 130,051); pieces of 3 or 5 bytes (+2 to +65 B on the first layer); the
// next function chosen among the 16 closest by what brotli (quality 5) adds for it (42,371,
// 130,424, and 36 s). The app takes about 25 s. Which window is best changes with the code
// (the data's addresses in it move with any text): on 2026-12-07 the last 2 to 6 gave the first
// layer 41,765 to 41,834 B (four: the most), so the build tries those five there (about 35 s).
//
// Only the order changes: every function keeps its name, body and type, the imports, exports,
// tables and data are the same, and calls name their function (binaryen's IR renumbers them);
// the script checks that the module's text, functions sorted, is the same before and after.
// The module is read and written with binaryen.js (npm's binaryen, the build's wasm-opt); the
// caller runs `wasm-opt -Oz` on OUT afterwards, whose writer optimises the stack IR as the other
// passes' does (binaryen.js's own writer does not: +89 B on the first layer). That run keeps
// the order.

import fs from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";

const args = process.argv.slice(2);
// `--NAME N` of the command line, else `fallback`.
const option = (name, fallback) => {
  const i = args.indexOf(`--${name}`);
  if (i < 0) return fallback;
  const [, value] = args.splice(i, 2);
  const n = Number(value);
  if (!Number.isInteger(n) || n < 1) {
    console.error(`order-functions: --${name} wants a whole number above 0, not \`${value}\``);
    process.exit(2);
  }
  return n;
};
const WINDOW = option("window", 4);
const [input, output] = args;
if (!input || !output || args.length !== 2) {
  console.error("usage: node scripts/order-functions.mjs [--window N] IN.wasm OUT.wasm");
  process.exit(2);
}
const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "..");
const { default: binaryen } = await import(
  path.join(root, ".tools/binaryen/node_modules/binaryen/index.js")
);

// The features of the wasm that rustc and wasm-bindgen emit (scripts/build.sh's
// WASM_OPT_FEATURES; binaryen counts memory.copy and memory.fill as BulkMemoryOpt, which
// --enable-bulk-memory implies): written back with others, binaryen would use newer encodings.
const F = binaryen.Features;
const FEATURES = F.BulkMemory | F.BulkMemoryOpt | F.NontrappingFPToInt | F.SignExt |
  F.MutableGlobals | F.ReferenceTypes | F.Multivalue;

const bytes = fs.readFileSync(input);
const module = binaryen.readBinary(bytes);
module.setFeatures(FEATURES);

// The defined functions (not imports), in the module's order, and their bodies' bytes as the
// input file holds them (the code section lists them in that same order).
const names = [];
for (let i = 0; i < module.getNumFunctions(); i++) {
  const info = binaryen.getFunctionInfo(module.getFunctionByIndex(i));
  if (!info.module) names.push(info.name);
}
const before = canonical(module.emitText());
const bodies = codeBodies(bytes);
if (bodies.length !== names.length) {
  console.error(`order-functions: ${input}: ${names.length} functions, ${bodies.length} bodies`);
  process.exit(1);
}

// Each body's distinct 4-byte pieces.
const PIECE = 4;
const pieces = bodies.map((b) => {
  const set = new Set();
  for (let i = 0; i + PIECE <= b.length; i++) {
    set.add(((b[i] << 24) | (b[i + 1] << 16) | (b[i + 2] << 8) | b[i + 3]) >>> 0);
  }
  return set;
});

// Greedy: from the largest function, each time the one left with the largest share of its
// pieces among those of the last WINDOW placed.
let first = 0;
for (let i = 1; i < bodies.length; i++) if (bodies[i].length > bodies[first].length) first = i;
const left = new Set(names.keys());
left.delete(first);
const order = [first];
while (left.size) {
  const recent = order.slice(-WINDOW).map((k) => pieces[k]);
  let best = -1;
  let bestShare = -1;
  for (const k of left) {
    let found = 0;
    for (const piece of pieces[k]) if (recent.some((r) => r.has(piece))) found++;
    const share = found / (pieces[k].size + 1);
    if (share > bestShare) {
      bestShare = share;
      best = k;
    }
  }
  order.push(best);
  left.delete(best);
}

// A function removed and added again goes to the end: in `order`, each one moves once.
// (Its locals' names, which binaryen gives the scratch locals it makes when reading, go with it.)
const Fn = binaryen.Function;
for (const k of order) {
  const name = names[k];
  const old = module.getFunction(name);
  const info = binaryen.getFunctionInfo(old);
  const locals = [];
  for (let i = 0; i < Fn.getNumLocals(old); i++) locals.push(Fn.hasLocalName(old, i) ? Fn.getLocalName(old, i) : null);
  module.removeFunction(name);
  const added = module.addFunction(name, info.params, info.results, info.vars, info.body);
  locals.forEach((local, i) => local !== null && Fn.setLocalName(added, i, local));
}
if (!module.validate()) {
  console.error(`order-functions: ${input}: the reordered module does not validate`);
  process.exit(1);
}
// Only the order changed: the module's text, each function's text taken out and the functions
// sorted, is the same as before.
if (canonical(module.emitText()) !== before) {
  console.error(`order-functions: ${input}: reordering changed more than the order`);
  process.exit(1);
}
fs.writeFileSync(output, module.emitBinary());

// A module's text with its functions in a fixed order: everything else as printed, then each
// function's text (`(func $name …)`, calls naming their function), sorted. Types are numbered
// in the order binaryen meets them, which the order of the functions changes: each reference
// `(type $N)` is written as the type it names, and the list of types left out. The custom
// sections come first.
function canonical(text) {
  const types = new Map();
  const lines = [];
  const custom = [];
  for (const line of text.split("\n")) {
    const t = /^ \(type \$(\d+) (.*)\)$/.exec(line);
    if (t) types.set(t[1], t[2]);
    // (The custom sections, printed as comments after the functions.)
    else if (line.startsWith(" ;; custom section")) custom.push(line);
    else lines.push(line);
  }
  const named = custom.concat(lines).join("\n").replace(/\(type \$(\d+)\)/g, (_, n) => `(type ${types.get(n)})`);
  const [head, ...funcs] = named.split("\n (func ");
  const last = funcs.length - 1;
  if (last >= 0) funcs[last] = funcs[last].replace(/\n\)\n$/, "");
  return head + "\n" + funcs.sort().join("\n");
}

// The bodies of a module's code section, in its order.
function codeBodies(b) {
  let i = 8;
  const leb = () => {
    let result = 0;
    let shift = 0;
    let byte;
    do {
      byte = b[i++];
      result += (byte & 0x7f) * 2 ** shift;
      shift += 7;
    } while (byte & 0x80);
    return result;
  };
  const out = [];
  while (i < b.length) {
    const id = b[i++];
    const size = leb();
    const end = i + size;
    if (id === 10) {
      const count = leb();
      for (let k = 0; k < count; k++) {
        const length = leb();
        out.push(b.subarray(i, i + length));
        i += length;
      }
    }
    i = end;
  }
  return out;
}
