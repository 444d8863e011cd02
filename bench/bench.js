#!/usr/bin/env node
'use strict';
// kelisim load-time benchmark: see bench/README.md. Usually started by bench/run.sh.
const fs = require('fs');
const os = require('os');
const path = require('path');
const crypto = require('crypto');
const { execFileSync } = require('child_process');
const { start } = require('./lib/server');
const { VARIANTS, KELISIM, PEERS, DEFAULT_ORDER } = require('./lib/variants');
const { openPage, VIEWPORT } = require('./lib/browser');

const BENCH = __dirname;
const ROOT = path.dirname(BENCH);

const { parseArgs, die } = require('./lib/options');
const log = (msg) => process.stderr.write(`${msg}\n`);
const sleep = (ms) => new Promise((r) => setTimeout(r, ms));

// ---------------------------------------------------------------- one run
const CMP_URL = /\/(kelisim|vendor)\//;

// Records every request of the page through CDP; reset() starts a new page load.
function trackNetwork(cdp) {
  const net = { requests: new Map(), lastNetwork: Date.now() };
  net.inflight = () => [...net.requests.values()].filter((r) => !r.done).length;
  net.reset = () => { net.requests = new Map(); net.lastNetwork = Date.now(); };
  cdp.on('Network.requestWillBeSent', (e) => {
    net.lastNetwork = Date.now();
    if (!net.requests.has(e.requestId)) net.requests.set(e.requestId, { url: e.request.url, done: false, bytes: 0, t0: e.timestamp, initiator: e.initiator && e.initiator.type });
  });
  cdp.on('Network.requestServedFromCache', (e) => {
    const r = net.requests.get(e.requestId);
    if (r) r.fromCache = true;
  });
  cdp.on('Network.responseReceived', (e) => {
    const r = net.requests.get(e.requestId);
    if (r) {
      r.status = e.response.status;
      const h = e.response.headers || {};
      r.encoding = h['Content-Encoding'] || h['content-encoding'] || null;
      if (e.response.fromDiskCache || e.response.fromPrefetchCache) r.fromCache = true;
    }
  });
  cdp.on('Network.loadingFinished', (e) => {
    net.lastNetwork = Date.now();
    const r = net.requests.get(e.requestId);
    if (r) { r.done = true; r.bytes = e.encodedDataLength; r.t1 = e.timestamp; }
  });
  cdp.on('Network.loadingFailed', (e) => {
    net.lastNetwork = Date.now();
    const r = net.requests.get(e.requestId);
    if (r) { r.done = true; r.failed = e.errorText; r.t1 = e.timestamp; }
  });
  // Quiet: nothing in flight for `quiet` ms, and at least `after` ms since `since`.
  net.settle = async (quiet = 500, after = 0, since = Date.now(), limit = 30000) => {
    const t0 = Date.now();
    while (net.inflight() > 0 || Date.now() - net.lastNetwork < quiet || Date.now() - since < after) {
      if (Date.now() - t0 > limit) break;
      await sleep(100);
    }
  };
  // Start and end in ms from the document request (≈ navigation start).
  net.list = (origin) => {
    const all = [...net.requests.values()];
    if (!all.length) return [];
    const navTs = Math.min(...all.map((r) => r.t0));
    const ms = (t) => (t == null ? null : Math.round((t - navTs) * 1000));
    return all.map((r) => ({
      url: r.url.replace(origin, ''), status: r.status, encoding: r.encoding, bytes: r.bytes, failed: r.failed,
      fromCache: r.fromCache || undefined, initiator: r.initiator, start: ms(r.t0), end: ms(r.t1),
    }));
  };
  return net;
}

// The consent manager's own reading of the stored consent (true: analytics accepted).
function libraryStateIn(kind) {
  try {
    if (kind === 'kelisim') return !!(window.kelisim.getConsent() && window.kelisim.getConsent().categories.analytics);
    if (kind === 'cookieconsent') return window.CookieConsent.acceptedCategory('analytics');
    if (kind === 'klaro') return window.klaro.getManager().getConsent('metrika');
  } catch (e) { return `error: ${e.message}`; }
  return null;
}

async function readLoad(page) {
  return page.evaluate(() => {
    const B = __bench;
    B.stop = true;
    const nav = performance.getEntriesByType('navigation')[0];
    return {
      at: performance.now(),
      fp: B.fp, fcp: B.fcp, lcp: B.lcp, lcpElement: B.lcpElement || null,
      containerInserted: B.containerInserted || null,
      bannerInserted: B.bannerInserted, banner: B.banner, bannerOpaque: B.bannerOpaque,
      longTasks: B.longTasks.slice(), shifts: B.shifts.slice(),
      wasmMemory: B.wasmMemoryBytes(),
      domContentLoaded: nav ? nav.domContentLoadedEventEnd : null,
      loadEvent: nav ? nav.loadEventEnd : null,
      unsupported: B.unsupported,
    };
  });
}

async function waitBanner(page, variant) {
  const t0 = Date.now();
  for (;;) {
    const state = await page.evaluate(() => ({ banner: __bench.banner, opaque: __bench.bannerOpaque }));
    if (variant.kind === 'none' || state.opaque != null) return;
    if (Date.now() - t0 > 30000) throw new Error(`no banner within 30 s after load (visible at ${state.banner})`);
    await sleep(200);
  }
}

// First visit (banner, Accept all), then, in the same browser profile with its consent cookie,
// a returning visit with a cold HTTP cache.
async function runOnce(opts, origin, name) {
  const variant = VARIANTS[name];
  const { browser, page, cdp, close } = await openPage(opts, variant);
  try {
    const version = await browser.version();
    const net = trackNetwork(cdp);

    const consoleErrors = [];
    page.on('console', (m) => { if (m.type() === 'error') consoleErrors.push(m.text()); });
    page.on('pageerror', (e) => consoleErrors.push(String(e && e.message || e)));

    const url = `${origin}/p/${name}.html`;
    await page.goto(url, { waitUntil: 'load', timeout: 90000 });

    // Wait for the banner to be fully shown, then for a quiet network (500 ms) and one more
    // second, so that late long tasks, layout shifts and the idle prefetch are in.
    await waitBanner(page, variant);
    await net.settle(500, 1000);

    const load = await readLoad(page);
    await cdp.send('HeapProfiler.collectGarbage');
    const perf = await cdp.send('Performance.getMetrics');
    const metric = (n) => (perf.metrics.find((m) => m.name === n) || {}).value;
    const reqList = net.list(origin);

    let accept = { stored: null };
    let returning = null;
    if (variant.cookie) {
      const handle = await page.evaluateHandle(() => __bench.findAccept());
      const button = handle.asElement();
      if (!button) throw new Error('the Accept all button was not found');
      const before = net.requests.size;
      await button.click();
      const t1 = Date.now();
      for (;;) {
        accept = await page.evaluate(() => ({ stored: __bench.stored, clickAt: __bench.clickAt }));
        if (accept.stored != null) break;
        if (Date.now() - t1 > 10000) throw new Error(`consent not stored 10 s after the click (click seen: ${accept.clickAt != null})`);
        await sleep(100);
      }
      await sleep(1000); // event timing entries and any work after the click
      accept = await page.evaluate((kind, stateFn) => {
        const B = __bench;
        // eslint-disable-next-line no-new-func
        const libraryState = new Function('kind', `return (${stateFn})(kind)`)(kind);
        const start = B.clickTimeStamp > 0 && B.clickTimeStamp <= B.clickAt ? B.clickTimeStamp : B.clickAt;
        const click = B.events.filter((e) => e.name === 'click' && e.start >= start - 1);
        const ids = new Set(click.map((e) => e.interactionId).filter(Boolean));
        const inter = B.events.filter((e) => ids.has(e.interactionId));
        return {
          clickAt: B.clickAt, clickTimeStamp: B.clickTimeStamp, stored: B.stored, storedHow: B.storedHow,
          acceptToStored: B.stored - start,
          interaction: inter.length ? Math.max(...inter.map((e) => e.duration)) : null,
          longTasksAfterClick: B.longTasks.filter((t) => t.start >= start - 1).map((t) => t.duration),
          libraryState,
          bannerAfter: B.visibility(),
        };
      }, variant.kind, libraryStateIn.toString());
      // What the click made the page fetch (kelisim: the app, to build the consent record).
      await net.settle(500, 0, Date.now(), 15000);
      const after = net.list(origin).slice(before);
      accept.requestsAfterClick = after;

      // Returning visit: same profile (the consent cookie and localStorage stay), cold HTTP cache.
      await cdp.send('Network.clearBrowserCache');
      net.reset();
      await page.goto(url, { waitUntil: 'load', timeout: 90000 });
      await net.settle(500, 1000);
      const rload = await readLoad(page);
      const rstate = await page.evaluate((kind, stateFn) => ({
        // eslint-disable-next-line no-new-func
        libraryState: new Function('kind', `return (${stateFn})(kind)`)(kind),
        bannerNow: __bench.visibility(),
      }), variant.kind, libraryStateIn.toString());
      returning = { load: rload, requests: net.list(origin), ...rstate };
    }

    return { version, load, heap: { used: metric('JSHeapUsedSize'), total: metric('JSHeapTotalSize') }, requests: reqList, accept, returning, consoleErrors };
  } finally {
    await close();
  }
}

// Click on Settings → preference center visible, on its own page load (network per
// opts.settingsNet). prefetch false: requests for the app's files (app/app*) are blocked
// (Network.setBlockedURLs) until just before the click, so the idle prefetch fetches nothing.
async function runSettings(opts, origin, name, prefetch) {
  const variant = VARIANTS[name];
  const sopts = { ...opts, latency: opts.settingsNet.latency, down: opts.settingsNet.down, up: opts.settingsNet.up };
  const { page, cdp, close } = await openPage(sopts, variant);
  try {
    const net = trackNetwork(cdp);
    if (!prefetch) await cdp.send('Network.setBlockedURLs', { urls: ['*/app/app*'] });
    await page.goto(`${origin}/p/${name}.html`, { waitUntil: 'load', timeout: 90000 });
    await waitBanner(page, variant);
    await net.settle(500, 1000);
    const pre = net.list(origin);
    if (!prefetch) await cdp.send('Network.setBlockedURLs', { urls: [] });
    const handle = await page.evaluateHandle(() => __bench.findSettingsButton());
    const button = handle.asElement();
    if (!button) throw new Error('the Settings button was not found');
    const before = net.requests.size;
    await page.evaluate(() => __bench.watchSettings());
    await button.click();
    const t1 = Date.now();
    let st;
    for (;;) {
      st = await page.evaluate(() => ({ settings: __bench.settings, opaque: __bench.settingsOpaque, clickAt: __bench.clickAt, clickTimeStamp: __bench.clickTimeStamp }));
      if (st.opaque != null) break;
      if (Date.now() - t1 > 20000) throw new Error(`preference center not shown 20 s after the click (visible at ${st.settings}, click seen: ${st.clickAt != null})`);
      await sleep(100);
    }
    await net.settle(300, 0, Date.now(), 5000);
    const after = net.list(origin).slice(before);
    const start = st.clickTimeStamp > 0 && st.clickTimeStamp <= st.clickAt ? st.clickTimeStamp : st.clickAt;
    const longTasks = await page.evaluate((s) => __bench.longTasks.filter((t) => t.start >= s - 1).map((t) => t.duration), start);
    return {
      clickToVisible: st.settings - start, clickToOpaque: st.opaque - start,
      prefetched: pre.filter((q) => /\/app\/app/.test(q.url) && !q.failed).map((q) => q.url),
      blocked: pre.filter((q) => q.failed).map((q) => q.url),
      afterClick: after, bytesAfterClick: after.reduce((n, q) => n + (q.bytes || 0), 0),
      longTasksAfterClick: longTasks,
    };
  } finally {
    await close();
  }
}

// ---------------------------------------------------------------- per-run figures
function figures(r) {
  const L = r.load;
  const cut = L.at;
  const tasks = L.longTasks.filter((t) => t.start < cut);
  const longest = tasks.reduce((m, t) => Math.max(m, t.duration), 0);
  const bytes = r.requests.reduce((n, q) => n + (q.bytes || 0), 0);
  const cmpBytes = r.requests.filter((q) => CMP_URL.test(q.url)).reduce((n, q) => n + (q.bytes || 0), 0);
  return {
    bannerVisible: L.banner,
    bannerShown: L.bannerOpaque,
    fcp: L.fcp,
    lcp: L.lcp,
    longTaskTotal: tasks.reduce((n, t) => n + t.duration, 0),
    longestTask: longest,
    blockingTime: tasks.reduce((n, t) => n + Math.max(0, t.duration - 50), 0),
    cls: L.shifts.filter((s) => s.start < cut).reduce((n, s) => n + s.value, 0),
    jsHeap: r.heap.used,
    wasmMemory: L.wasmMemory,
    memory: r.heap.used + L.wasmMemory,
    bytes,
    cmpBytes,
    requests: r.requests.length,
    acceptToStored: r.accept.stored != null ? r.accept.acceptToStored : null,
    acceptInteraction: r.accept.interaction ?? null,
  };
}

const METRICS = [
  // key, label, unit, scale, digits
  ['bannerVisible', 'Banner visible', 'ms', 1, 0],
  ['bannerShown', 'Banner fully shown (fade-in over)', 'ms', 1, 0],
  ['fcp', 'First contentful paint', 'ms', 1, 0],
  ['lcp', 'Largest contentful paint', 'ms', 1, 0],
  ['longTaskTotal', 'Long tasks, total', 'ms', 1, 0],
  ['longestTask', 'Longest task', 'ms', 1, 0],
  ['blockingTime', 'Blocking time (Σ over 50 ms)', 'ms', 1, 0],
  ['cls', 'Cumulative layout shift', '', 1, 3],
  ['jsHeap', 'JS heap used (after GC)', 'KB', 1 / 1024, 0],
  ['wasmMemory', 'Wasm linear memory', 'KB', 1 / 1024, 0],
  ['memory', 'JS heap + Wasm memory', 'KB', 1 / 1024, 0],
  ['bytes', 'Bytes transferred, page total', 'KB', 1 / 1024, 1],
  ['cmpBytes', 'Bytes transferred, consent manager', 'KB', 1 / 1024, 1],
  ['requests', 'Requests', '', 1, 0],
  ['acceptToStored', 'Accept all → consent stored', 'ms', 1, 1],
  ['acceptInteraction', 'Accept all → next paint (Event Timing)', 'ms', 1, 0],
];

function quantile(sorted, q) {
  if (!sorted.length) return null;
  const pos = (sorted.length - 1) * q;
  const lo = Math.floor(pos);
  const hi = Math.ceil(pos);
  return sorted[lo] + (sorted[hi] - sorted[lo]) * (pos - lo);
}
function summarize(values) {
  const v = values.filter((x) => x != null && Number.isFinite(x)).sort((a, b) => a - b);
  return { n: v.length, median: quantile(v, 0.5), p25: quantile(v, 0.25), p75: quantile(v, 0.75), min: v[0] ?? null, max: v[v.length - 1] ?? null };
}
function ratio(a, b) {
  if (a == null || b == null) return null;
  if (b === 0) return a === 0 ? 1 : null;
  return a / b;
}

// ---------------------------------------------------------------- static sizes
function staticSizes(files) {
  const groups = {
    kelisim: [...files.keys()].filter((k) => /^\/kelisim\/(kelisim\.js|app\/)/.test(k)),
    cookieconsent: [...files.keys()].filter((k) => k.startsWith('/vendor/cookieconsent/')),
    klaro: [...files.keys()].filter((k) => k.startsWith('/vendor/klaro/')),
  };
  const out = {};
  for (const [g, keys] of Object.entries(groups)) {
    out[g] = { files: {}, raw: 0, gzip: 0, brotli: 0 };
    for (const k of keys.sort()) {
      const f = files.get(k);
      const e = { raw: f.raw.length, gzip: f.gzip ? f.gzip.length : f.raw.length, brotli: f.brotli ? f.brotli.length : f.raw.length };
      out[g].files[k] = e;
      out[g].raw += e.raw; out[g].gzip += e.gzip; out[g].brotli += e.brotli;
    }
  }
  return out;
}

// ---------------------------------------------------------------- report
const fmt = (x, digits = 0) => (x == null ? '—' : x.toLocaleString('en-US', { minimumFractionDigits: digits, maximumFractionDigits: digits }));
const fmtRatio = (x) => (x == null ? '—' : `${x.toFixed(2)}×`);

function tableRows(variants, summary, comparisons) {
  const head = ['Metric (median)', ...variants.map((v) => v), ...comparisons.map(([k, p]) => `${k} ÷ ${p}`)];
  const rows = METRICS.map(([key, label, unit, scale, digits]) => {
    const cells = variants.map((v) => {
      const m = summary[v][key].median;
      return m == null ? '—' : fmt(m * scale, digits);
    });
    const ratios = comparisons.map(([k, p]) => fmtRatio(ratio(summary[k][key].median, summary[p][key].median)));
    return [unit ? `${label}, ${unit}` : label, ...cells, ...ratios];
  });
  return { head, rows };
}
function textTable({ head, rows }) {
  const all = [head, ...rows];
  const w = head.map((_, i) => Math.max(...all.map((r) => String(r[i]).length)));
  const line = (r) => r.map((c, i) => (i === 0 ? String(c).padEnd(w[i]) : String(c).padStart(w[i]))).join('  ');
  return [line(head), w.map((n) => '-'.repeat(n)).join('  '), ...rows.map(line)].join('\n');
}
function mdTable({ head, rows }) {
  return [`| ${head.join(' | ')} |`, `|${head.map((_, i) => (i === 0 ? '---' : '---:')).join('|')}|`, ...rows.map((r) => `| ${r.join(' | ')} |`)].join('\n');
}

function markdown(result, table) {
  const s = result.settings;
  const lines = [];
  lines.push('# kelisim load benchmark: latest run', '');
  lines.push(`Date: ${result.date}  `);
  lines.push(`Browser: ${result.browser} (${s.chromium}), headless, fresh profile per run  `);
  lines.push(`kelisim: commit ${result.kelisim.commit}${result.kelisim.dirty ? ' + uncommitted changes' : ''}, kelisim_bg.wasm sha256 ${result.kelisim.wasmSha256.slice(0, 16)}…  `);
  lines.push(`Settings: ${s.runs} runs per variant (+${s.warmup} warm-up round), interleaved ${s.variants.join(' → ')}; ` +
    `CPU throttling ${s.cpu}×; network ${s.latency} ms latency, ${s.downKbps} kbit/s down, ${s.upKbps} kbit/s up; ` +
    `gzip from 127.0.0.1 over HTTP/1.1; viewport ${s.viewport}  `);
  lines.push(`Machine: ${result.machine.cpu}, ${result.machine.cores} cores; load average ${result.machine.loadBefore.map((x) => x.toFixed(2)).join(' ')} before, ${result.machine.loadAfter.map((x) => x.toFixed(2)).join(' ')} after  `);
  lines.push(`Duration: ${(result.durationMs / 60000).toFixed(1)} min; failed runs: ${result.failures.length}`);
  lines.push('');
  lines.push('Medians over the runs; the ratio columns divide a kelisim median by a peer\'s (below 1× means kelisim is lower = better). Times are from navigation start.', '');
  lines.push(mdTable(table), '');
  lines.push('## Spread (min – max)', '');
  const spreadHead = ['Metric', ...s.variants];
  const spreadRows = METRICS.filter(([k]) => ['bannerVisible', 'fcp', 'longestTask', 'acceptToStored'].includes(k)).map(([key, label, unit, scale, digits]) =>
    [unit ? `${label}, ${unit}` : label, ...s.variants.map((v) => {
      const x = result.summary[v][key];
      return x.n ? `${fmt(x.min * scale, digits)} – ${fmt(x.max * scale, digits)}` : '—';
    })]);
  lines.push(mdTable({ head: spreadHead, rows: spreadRows }), '');
  lines.push('## Requests of each variant in round 1 (ms from the document request; bytes on the wire)', '');
  for (const v of s.variants) {
    const run = result.runs.find((r) => r.variant === v);
    if (!run) continue;
    lines.push(`- ${v}: ${run.requests.map((q) => `${q.url} ${fmt(q.start)}–${fmt(q.end)} (${fmt(q.bytes)} B)`).join(' · ')}`);
  }
  lines.push('');
  lines.push('## Static sizes of what each consent manager loads', '');
  lines.push('| Files | raw, B | gzip -6 (as served), B | brotli -11, B |', '|---|---:|---:|---:|');
  for (const [g, x] of Object.entries(result.staticSizes)) {
    for (const [f, e] of Object.entries(x.files)) lines.push(`| ${f} | ${fmt(e.raw)} | ${fmt(e.gzip)} | ${fmt(e.brotli)} |`);
    lines.push(`| **${g} total** | **${fmt(x.raw)}** | **${fmt(x.gzip)}** | **${fmt(x.brotli)}** |`);
  }
  lines.push('');
  if (result.failures.length) {
    lines.push('## Failed runs', '');
    for (const f of result.failures) lines.push(`- ${f.variant} round ${f.round}: ${f.error}`);
    lines.push('');
  }
  lines.push('How the figures are taken and their limits: bench/README.md. Which work a long task is: `node bench/trace.js VARIANT`.', '');
  return lines.join('\n');
}

function gitInfo() {
  const git = (...a) => { try { return execFileSync('git', ['-C', ROOT, ...a], { encoding: 'utf8' }).trim(); } catch { return null; } };
  return { commit: git('rev-parse', '--short', 'HEAD') || 'unknown', dirty: !!git('status', '--porcelain', '--untracked-files=no') };
}

// ---------------------------------------------------------------- main
async function main() {
  const opts = parseArgs(process.argv.slice(2));
  if (opts.positional.length) die(`unexpected argument ${opts.positional[0]}`);
  if (!fs.existsSync(path.join(ROOT, 'dist', 'app', 'kelisim_bg.wasm'))) die('dist/app/kelisim_bg.wasm is missing: run scripts/build.sh (bench/run.sh does)');
  if (!fs.existsSync(opts.chromium)) die(`no browser at ${opts.chromium} (set --chromium or CHROMIUM)`);
  const { server, files, origin } = await start({ root: ROOT, benchDir: BENCH });
  if (opts.serve) {
    log(`serving on ${origin}`);
    for (const v of Object.keys(VARIANTS)) log(`  ${origin}/p/${v}.html`);
    return;
  }
  const wasm = files.get('/kelisim/app/kelisim_bg.wasm');
  const started = Date.now();
  const loadBefore = os.loadavg();
  const total = (opts.runs + opts.warmup) * opts.variants.length;
  log(`bench: ${opts.variants.length} variants × (${opts.warmup} warm-up + ${opts.runs} runs) = ${total} page loads; CPU ${opts.cpu}×, ${opts.latency} ms, ${opts.down}/${opts.up} kbit/s`);
  const runs = [];
  const failures = [];
  let browserVersion = null;
  let count = 0;
  for (let round = 1 - opts.warmup; round <= opts.runs; round++) {
    for (const v of opts.variants) {
      count++;
      const tag = round < 1 ? `warm-up ${round + opts.warmup}/${opts.warmup}` : `round ${round}/${opts.runs}`;
      const prefix = `[${String(count).padStart(String(total).length)}/${total}] ${tag.padEnd(14)} ${v.padEnd(14)}`;
      try {
        const r = await runOnce(opts, origin, v);
        browserVersion = browserVersion || r.version;
        const f = figures(r);
        if (r.accept && r.accept.libraryState !== undefined && r.accept.libraryState !== true && VARIANTS[v].cookie) {
          log(`${prefix} warning: after Accept all the library reports ${JSON.stringify(r.accept.libraryState)}`);
        }
        log(`${prefix} banner ${fmt(f.bannerVisible)} ms  FCP ${fmt(f.fcp)} ms  longest task ${fmt(f.longestTask)} ms  ` +
          `CLS ${fmt(f.cls, 3)}  ${fmt(f.bytes / 1024, 1)} KB  accept→stored ${fmt(f.acceptToStored, 1)} ms`);
        if (round >= 1) runs.push({ variant: v, round, figures: f, raw: r });
      } catch (e) {
        log(`${prefix} FAILED: ${e.message}`);
        if (round >= 1) failures.push({ variant: v, round, error: e.message });
      }
    }
  }
  server.close();

  const summary = {};
  for (const v of opts.variants) {
    summary[v] = {};
    const mine = runs.filter((r) => r.variant === v);
    for (const [key] of METRICS) summary[v][key] = summarize(mine.map((r) => r.figures[key]));
  }
  const comparisons = [];
  for (const k of KELISIM.filter((x) => opts.variants.includes(x))) for (const p of PEERS.filter((x) => opts.variants.includes(x))) comparisons.push([k, p]);
  const ratios = {};
  for (const [k, p] of comparisons) {
    ratios[`${k}/${p}`] = {};
    for (const [key] of METRICS) ratios[`${k}/${p}`][key] = ratio(summary[k][key].median, summary[p][key].median);
  }
  const chromiumVersion = (() => { try { return execFileSync(opts.chromium, ['--version'], { encoding: 'utf8', stdio: ['ignore', 'pipe', 'ignore'] }).trim(); } catch { return opts.chromium; } })();
  const result = {
    date: new Date().toISOString(),
    browser: browserVersion,
    settings: {
      runs: opts.runs, warmup: opts.warmup, variants: opts.variants, cpu: opts.cpu, latency: opts.latency,
      downKbps: opts.down, upKbps: opts.up, chromium: chromiumVersion, viewport: `${VIEWPORT.width}×${VIEWPORT.height} @${VIEWPORT.deviceScaleFactor}x, mobile`,
      compression: 'gzip level 6', protocol: 'HTTP/1.1',
    },
    machine: { cpu: (os.cpus()[0] || {}).model || 'unknown', cores: os.cpus().length, loadBefore, loadAfter: os.loadavg(), node: process.version },
    kelisim: { ...gitInfo(), wasmSha256: crypto.createHash('sha256').update(wasm.raw).digest('hex') },
    durationMs: Date.now() - started,
    metrics: Object.fromEntries(METRICS.map(([k, label, unit]) => [k, { label, unit: unit === 'KB' ? 'bytes' : unit }])),
    summary,
    ratios,
    staticSizes: staticSizes(files),
    failures,
    runs: runs.map((r) => ({
      variant: r.variant, round: r.round, figures: r.figures,
      requests: r.raw.requests, longTasks: r.raw.load.longTasks, shifts: r.raw.load.shifts,
      lcpElement: r.raw.load.lcpElement, domContentLoaded: r.raw.load.domContentLoaded, loadEvent: r.raw.load.loadEvent,
      accept: r.raw.accept, consoleErrors: r.raw.consoleErrors, unsupported: r.raw.load.unsupported,
    })),
  };
  const table = tableRows(opts.variants, summary, comparisons);
  fs.mkdirSync(opts.out, { recursive: true });
  fs.writeFileSync(path.join(opts.out, 'latest.json'), `${JSON.stringify(result, null, 2)}\n`);
  fs.writeFileSync(path.join(opts.out, 'latest.md'), markdown(result, table));
  console.log(`\nkelisim benchmark, ${result.date}, ${browserVersion}, ${opts.runs} runs per variant, CPU ${opts.cpu}×, ${opts.latency} ms / ${opts.down} kbit/s`);
  console.log(`medians; ratio columns = kelisim ÷ peer (below 1× = kelisim lower)\n`);
  console.log(textTable(table));
  console.log(`\nwritten: ${path.relative(process.cwd(), path.join(opts.out, 'latest.json'))}, ${path.relative(process.cwd(), path.join(opts.out, 'latest.md'))}`);
  if (failures.length) {
    console.log(`${failures.length} run(s) failed; see latest.md`);
    process.exitCode = 1;
  }
}

main().catch((e) => {
  console.error(e && e.stack || e);
  process.exit(1);
});
