#!/usr/bin/env node
'use strict';
// Diagnosis, not a benchmark: how small would the first paint be if the first layer's wasm were
// split in two, the functions a page runs before its banner in the first file and the rest
// fetched after? (issue 24, item 3: a first paint of 40 KB.)
//
// V8 compiles a wasm function the first time it is called (lazy compilation) and a Chrome trace
// records each compilation with the function's index (`wasm.CompileLazy`). This script loads the
// demo site's pages from dist/ in headless Chromium (no throttling: only which functions run
// matters), one fresh profile per scenario, with the app's files refused so that only the first
// layer runs, and collects the indices. Then, for each group of scenarios, it writes a copy of
// dist/'s first-layer wasm whose other functions are emptied (`unreachable`, through binaryen.js)
// and prints its brotli size: the first file of a function-level split, before the split's own
// machinery (a placeholder per function moved, the loader's code to fetch and link the second
// file), and with the whole data segment still in it (strings only the moved functions use could
// move too). A function a scenario does not exercise counts as moved: the groups are a lower
// bound of what a split could keep in its first file.
//
//   scripts/build.sh && node bench/split-estimate.js > bench/results/DATE-split-estimate.md
//   SPLIT_CALLED=FILE node bench/split-estimate.js   also writes the called functions' indices
//
// Needs bench's npm packages (puppeteer-core), Debian's chromium and npm's binaryen in .tools/
// (scripts/setup.sh installs it).
const fs = require('fs');
const http = require('http');
const os = require('os');
const path = require('path');
const zlib = require('zlib');
const puppeteer = require('puppeteer-core');

const ROOT = path.dirname(__dirname);
const DIST = path.join(ROOT, 'dist');
const BINARYEN = path.join(ROOT, '.tools/binaryen/node_modules/binaryen/index.js');
const CHROMIUM = process.env.CHROMIUM || '/usr/bin/chromium';
const TYPES = { '.html': 'text/html; charset=utf-8', '.js': 'text/javascript', '.css': 'text/css', '.json': 'application/json', '.wasm': 'application/wasm', '.txt': 'text/plain; charset=utf-8' };

// A page with gated content and automatic blocking (served by this script, not in dist/): a
// tracker's tag in the HTML and one inserted by a script, a gated inline script and iframe.
const GATED = `<!doctype html><html lang="kk"><head><meta charset="utf-8"><title>gated</title>
<script src="kelisim.js" data-kelisim-autoblock></script>
<script async src="https://mc.yandex.ru/metrika/tag.js"></script>
<script>var s = document.createElement("script"); s.src = "https://connect.facebook.net/en_US/fbevents.js"; document.head.appendChild(s);</script>
</head><body><p>gated</p>
<script type="text/plain" data-kelisim-category="analytics">window.gatedRan = 1;</script>
<iframe data-kelisim-category="marketing" data-kelisim-src="https://www.youtube.com/embed/x"></iframe>
</body></html>`;

// Each scenario: a page of the demo site (or the gated page above), then a click on one of the banner's actions (or none),
// then (`returning`) the same page again in the same profile, with the consent stored.
const SCENARIOS = [
  { group: 'first visit, banner shown', page: 'index.html' },
  ...['kaspi', 'kreditomat', 'autocheck', 'nomapay'].map((p) => ({ group: 'first visit, banner shown', page: `profile.html?p=${p}` })),
  { group: 'first visit, banner shown', page: 'profile.html?p=kaspi&lang=ru' },
  { group: 'first visit, banner shown', page: 'profile.html?p=kaspi&lang=en' },
  { group: 'first visit, banner shown', page: 'split-gated.html' },
  { group: 'returning visit (consent stored)', page: 'index.html', action: 'accept-all', returning: true },
  { group: 'returning visit (consent stored)', page: 'profile.html?p=kaspi', action: 'reject-all', returning: true },
  { group: 'returning visit (consent stored)', page: 'split-gated.html', action: 'accept-all', returning: true },
  { group: 'Accept all, Reject all', page: 'index.html', action: 'accept-all' },
  { group: 'Accept all, Reject all', page: 'index.html', action: 'reject-all' },
  { group: 'Accept all, Reject all', page: 'profile.html?p=kaspi', action: 'accept-all' },
  { group: 'Accept all, Reject all', page: 'profile.html?p=nomapay&lang=ru', action: 'reject-all' },
  { group: 'Accept all, Reject all', page: 'split-gated.html', action: 'accept-all' },
];

function serve() {
  const server = http.createServer((req, res) => {
    if (req.url === '/split-gated.html') { res.writeHead(200, { 'Content-Type': TYPES['.html'] }); res.end(GATED); return; }
    const file = path.join(DIST, decodeURIComponent(new URL(req.url, 'http://x').pathname));
    if (!file.startsWith(DIST) || !fs.existsSync(file) || !fs.statSync(file).isFile()) { res.writeHead(404); res.end(); return; }
    res.writeHead(200, { 'Content-Type': TYPES[path.extname(file)] || 'application/octet-stream', 'Cache-Control': 'no-store' });
    res.end(fs.readFileSync(file));
  });
  return new Promise((resolve) => server.listen(0, '127.0.0.1', () => resolve(server)));
}

const APP = /\/app\/app(_bg)?\.[0-9a-f]{8}\.(js|wasm)$/;
const BANNER = () => { const r = document.getElementById('kelisim-root'); return !!(r && r.shadowRoot && r.shadowRoot.querySelector('[data-kelisim-action="accept-all"]')); };
const sleep = (ms) => new Promise((r) => setTimeout(r, ms));

// Loads `url` in `browser` with a v8.wasm trace; returns the indices of the wasm functions
// compiled lazily (called for the first time) while `act` ran.
async function traced(browser, url, act) {
  const page = await browser.newPage();
  await page.setCacheEnabled(false); // no cached wasm code from an earlier load
  await page.setRequestInterception(true);
  // Nothing leaves the machine (the gated page's trackers), and the app is never loaded.
  page.on('request', (r) => (APP.test(r.url()) || !r.url().startsWith('http://127.0.0.1:') ? r.abort() : r.continue()));
  const file = path.join(os.tmpdir(), `kelisim-split-${process.pid}.json`);
  await page.tracing.start({ path: file, categories: ['v8.wasm'] });
  await page.goto(url, { waitUntil: 'load' });
  await act(page);
  await page.tracing.stop();
  await page.close();
  const events = JSON.parse(fs.readFileSync(file, 'utf8')).traceEvents;
  fs.unlinkSync(file);
  return events.filter((e) => e.name === 'wasm.CompileLazy').map((e) => e.args.func_index);
}

async function profile(base, s) {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'kelisim-split-profile-'));
  const browser = await puppeteer.launch({ executablePath: CHROMIUM, headless: true, userDataDir: dir, args: ['--no-sandbox', '--disable-gpu'] });
  try {
    const url = base + s.page;
    const first = await traced(browser, url, async (page) => {
      await page.waitForFunction(BANNER, { timeout: 20000 });
      await sleep(500);
      if (s.action) {
        await page.evaluate((a) => document.getElementById('kelisim-root').shadowRoot.querySelector(`[data-kelisim-action="${a}"]`).click(), s.action);
        await sleep(1500);
      }
    });
    if (!s.returning) return first;
    // The returning visit alone: what its start runs (a fresh page, the same profile).
    return await traced(browser, url, () => sleep(2500));
  } finally {
    await browser.close();
    fs.rmSync(dir, { recursive: true, force: true });
  }
}

const brotli = (bytes) => zlib.brotliCompressSync(bytes, { params: { [zlib.constants.BROTLI_PARAM_QUALITY]: 11, [zlib.constants.BROTLI_PARAM_LGWIN]: 24 } }).length;

async function main() {
  const wasmName = fs.readdirSync(path.join(DIST, 'app')).find((f) => /^first_bg\.[0-9a-f]{8}\.wasm$/.test(f));
  if (!wasmName) throw new Error('dist/app has no first_bg.<hash>.wasm: run scripts/build.sh first');
  const wasm = fs.readFileSync(path.join(DIST, 'app', wasmName));
  const loader = fs.readFileSync(path.join(DIST, 'kelisim.js'));
  const { default: binaryen } = await import(BINARYEN);
  const server = await serve();
  const base = `http://127.0.0.1:${server.address().port}/`;
  const groups = new Map();
  try {
    for (const s of SCENARIOS) {
      const called = await profile(base, s);
      console.error(`${s.page}${s.action ? ` + ${s.action}` : ''}${s.returning ? ', returning' : ''}: ${new Set(called).size} functions`);
      if (!groups.has(s.group)) groups.set(s.group, new Set());
      called.forEach((i) => groups.get(s.group).add(i));
    }
  } finally {
    server.close();
  }
  // The module as binaryen writes it back unchanged (the baseline of the emptied copies).
  const emit = (keep) => {
    const m = binaryen.readBinary(wasm);
    m.setFeatures(binaryen.Features.All);
    const moved = [];
    let imports = 0;
    for (let i = 0; i < m.getNumFunctions(); i++) {
      const info = binaryen.getFunctionInfo(m.getFunctionByIndex(i));
      if (info.module) imports++;
      else if (keep && !keep.has(i)) moved.push(info);
    }
    for (const f of moved) {
      m.removeFunction(f.name);
      m.addFunction(f.name, f.params, f.results, [], m.unreachable());
    }
    const out = m.emitBinary();
    const total = m.getNumFunctions() - imports;
    m.dispose();
    return { bytes: out.length, brotli: brotli(out), kept: total - moved.length, total };
  };
  // The indices of the functions each group called, for a names-kept build of the same wasm
  // (wasm-bindgen --keep-debug, then wasm-opt -g with scripts/build.sh's passes and
  // scripts/order-functions.mjs, which orders by the bodies alone: the same function indices),
  // when SPLIT_CALLED names a file.
  if (process.env.SPLIT_CALLED) {
    fs.writeFileSync(process.env.SPLIT_CALLED, JSON.stringify(Object.fromEntries([...groups].map(([k, v]) => [k, [...v].sort((x, y) => x - y)]))));
  }
  const whole = emit(null);
  const loaderBr = brotli(loader);
  const lines = [];
  lines.push(`# A split first layer: what its first file would weigh (${new Date().toISOString().slice(0, 10)})`, '');
  lines.push(`\`node bench/split-estimate.js\` on dist/ (\`${wasmName}\`, ${wasm.length} B raw, ${brotli(wasm)} B brotli; the loader \`kelisim.js\` ${loaderBr} B brotli). ` +
    `Brotli -q 11 (lgwin 24) of the wasm with every function no scenario of the group (or an earlier group) called emptied; ` +
    `"first paint" adds the loader. Chromium: ${CHROMIUM}.`, '');
  lines.push('| functions called in | functions kept | wasm raw | wasm brotli | first paint, brotli |', '|---|---:|---:|---:|---:|');
  lines.push(`| (all, the shipped file as binaryen writes it back) | ${whole.total} | ${whole.bytes} | ${whole.brotli} | ${whole.brotli + loaderBr} |`);
  const union = new Set();
  for (const [name, set] of groups) {
    set.forEach((i) => union.add(i));
    const r = emit(union);
    lines.push(`| + ${name} | ${r.kept} | ${r.bytes} | ${r.brotli} | ${r.brotli + loaderBr} |`);
  }
  const none = emit(new Set());
  lines.push(`| (none: data, imports, tables and empty bodies) | 0 | ${none.bytes} | ${none.brotli} | ${none.brotli + loaderBr} |`);
  console.log(lines.join('\n'));
}

main().catch((e) => { console.error(e); process.exit(1); });
