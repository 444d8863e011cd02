#!/usr/bin/env node
'use strict';
// kelisim load-time benchmark: see bench/README.md. Usually started by bench/run.sh.
const fs = require('fs');
const os = require('os');
const path = require('path');
const crypto = require('crypto');
const { execFile, execFileSync } = require('child_process');
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
// The wasm files of dist/app/, whose names carry a content hash (scripts/build.sh): first_bg.<hash8>.wasm.
const WASM_FILES = ['first_bg', 'app_bg'].map((stem) => {
  const dir = path.join(ROOT, 'dist', 'app');
  const found = fs.existsSync(dir) ? fs.readdirSync(dir).filter((f) => new RegExp(`^${stem}\\.[0-9a-f]{8}\\.wasm$`).test(f)) : [];
  return found[0] || `${stem}.<hash>.wasm`;
});
// Click on Settings → preference center, on its own page load: kelisim with the idle prefetch
// of the app (as shipped) and with the app's URLs blocked until the click; the peers as shipped.
const SETTINGS_CASES = [
  { name: 'kelisim-async (prefetch)', variant: 'kelisim-async', prefetch: true },
  { name: 'kelisim-async (no prefetch)', variant: 'kelisim-async', prefetch: false },
  { name: 'cookieconsent', variant: 'cookieconsent', prefetch: true },
  { name: 'klaro', variant: 'klaro', prefetch: true },
];

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
      // Resource Timing: request starts on the page's own clock (the banner's), for "first paint".
      resources: performance.getEntriesByType('resource').map((e) => ({ url: e.name, start: e.startTime, initiator: e.initiatorType })),
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
    // Requests for the app's files fail (Fetch.failRequest, as if blocked) until the click.
    let blocking = !prefetch;
    const blocked = [];
    if (!prefetch) {
      cdp.on('Fetch.requestPaused', (e) => {
        if (blocking) {
          blocked.push(e.request.url.replace(origin, ''));
          cdp.send('Fetch.failRequest', { requestId: e.requestId, errorReason: 'BlockedByClient' }).catch(() => {});
        } else cdp.send('Fetch.continueRequest', { requestId: e.requestId }).catch(() => {});
      });
      await cdp.send('Fetch.enable', { patterns: [{ urlPattern: '*/kelisim/app/app*', requestStage: 'Request' }] });
    }
    await page.goto(`${origin}/p/${name}.html`, { waitUntil: 'load', timeout: 90000 });
    await waitBanner(page, variant);
    await net.settle(500, 1000);
    const pre = net.list(origin);
    blocking = false;
    if (!prefetch) await cdp.send('Fetch.disable');
    const handle = await page.evaluateHandle(() => __bench.findSettingsButton());
    const button = handle.asElement();
    if (!button) throw new Error('the Settings button was not found');
    const before = net.requests.size;
    await page.evaluate(() => __bench.watchSettings());
    // (puppeteer: move, press, `delay` ms, release; the click event comes with the release.)
    await button.click({ delay: opts.press });
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
      blocked,
      afterClick: after, bytesAfterClick: after.reduce((n, q) => n + (q.bytes || 0), 0),
      longTasksAfterClick: longTasks,
    };
  } finally {
    await close();
  }
}

// ---------------------------------------------------------------- per-run figures
let FILES = null; // the server's files: static brotli sizes for the brotli equivalents
// The app's glue and wasm, with or without the content hash in their names (scripts/build.sh).
const APP_URL = /\/kelisim\/app\/app(_bg)?(\.[0-9a-f]{8})?\.(js|wasm)$/;
const sumBytes = (qs) => qs.reduce((n, q) => n + (q.bytes || 0), 0);
// What the same responses would weigh with brotli -11 (bodies only, no headers).
const brotliOf = (qs) => qs.filter((q) => !q.failed).reduce((n, q) => {
  const f = FILES && FILES.get(q.url.split('?')[0]);
  return n + (f ? (f.brotli || f.raw).length : 0);
}, 0);
const longTaskFigures = (tasks) => ({
  total: tasks.reduce((n, t) => n + t.duration, 0),
  longest: tasks.reduce((m, t) => Math.max(m, t.duration), 0),
  blocking: tasks.reduce((n, t) => n + Math.max(0, t.duration - 50), 0),
});

// The requests that started before `t` (page time). The start is taken from Resource Timing
// (the page's clock, as the banner's time), matched by URL and order; a request missing there
// falls back to its CDP start, which counts from the document request (a few ms after
// navigation start).
function startedBefore(requests, resources, t) {
  const byUrl = new Map();
  for (const e of resources || []) {
    const u = e.url.replace(/^https?:\/\/[^/]+/, '');
    if (!byUrl.has(u)) byUrl.set(u, []);
    byUrl.get(u).push(e);
  }
  const used = new Map();
  return requests.filter((q) => {
    const list = byUrl.get(q.url) || [];
    const i = used.get(q.url) || 0;
    used.set(q.url, i + 1);
    const start = i < list.length ? list[i].start : q.start;
    q.prefetch = APP_URL.test(q.url); // kelisim's idle compile of the app (never before the banner)
    return start != null && start < t;
  });
}

function figures(r) {
  const L = r.load;
  const cut = L.at;
  const lt = longTaskFigures(L.longTasks.filter((t) => t.start < cut));
  const cmp = r.requests.filter((q) => CMP_URL.test(q.url));
  // Requests that started before the banner became visible (ms from the document request,
  // which is within a few ms of navigation start).
  const firstPaint = L.banner == null ? [] : startedBefore(cmp, L.resources, L.banner);
  const f = {
    bannerVisible: L.banner,
    bannerShown: L.bannerOpaque,
    fcp: L.fcp,
    lcp: L.lcp,
    longTaskTotal: lt.total,
    longestTask: lt.longest,
    blockingTime: lt.blocking,
    cls: L.shifts.filter((s) => s.start < cut).reduce((n, s) => n + s.value, 0),
    jsHeap: r.heap.used,
    wasmMemory: L.wasmMemory,
    memory: r.heap.used + L.wasmMemory,
    bytes: sumBytes(r.requests),
    cmpFirstPaint: L.banner == null ? null : sumBytes(firstPaint),
    cmpFirstPaintBrotli: L.banner == null ? null : brotliOf(firstPaint),
    cmpFirstPaintNoPrefetch: L.banner == null ? null : sumBytes(firstPaint.filter((q) => !q.prefetch)),
    cmpFirstPaintNoPrefetchBrotli: L.banner == null ? null : brotliOf(firstPaint.filter((q) => !q.prefetch)),
    prefetchOnFirstPaint: L.banner == null ? null : (firstPaint.some((q) => q.prefetch) ? 1 : 0),
    appOnFirstPaint: L.banner == null ? null : (firstPaint.some((q) => APP_URL.test(q.url)) ? 1 : 0),
    cmpBytes: sumBytes(cmp),
    cmpBrotli: brotliOf(cmp),
    requests: r.requests.length,
    acceptToStored: r.accept.stored != null ? r.accept.acceptToStored : null,
    acceptInteraction: r.accept.interaction ?? null,
    acceptBytes: r.accept.requestsAfterClick ? sumBytes(r.accept.requestsAfterClick) : null,
  };
  const R = r.returning;
  if (R) {
    const rc = R.requests.filter((q) => CMP_URL.test(q.url));
    const rlt = longTaskFigures(R.load.longTasks.filter((t) => t.start < R.load.at));
    Object.assign(f, {
      retCmpBytes: sumBytes(rc),
      retCmpBrotli: brotliOf(rc),
      retAppWasm: R.requests.some((q) => /\/app\/app_bg\.[0-9a-f]{8}\.wasm$/.test(q.url)) ? 1 : 0,
      retBanner: R.load.banner != null ? 1 : 0,
      retConsentRead: R.libraryState === true ? 1 : 0,
      retFcp: R.load.fcp,
      retLcp: R.load.lcp,
      retLongestTask: rlt.longest,
      retBlockingTime: rlt.blocking,
      retCls: R.load.shifts.filter((x) => x.start < R.load.at).reduce((n, x) => n + x.value, 0),
      retRequests: R.requests.length,
    });
  }
  return f;
}

// key, label, unit, scale, digits[, 'count': shown as "runs with 1 / runs"]
const METRICS = [
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
  ['cmpFirstPaint', 'Consent manager bytes before the banner is visible (first paint), on the wire', 'KB', 1 / 1024, 1],
  ['cmpFirstPaintBrotli', 'Consent manager bytes before the banner is visible, brotli equivalent', 'KB', 1 / 1024, 1],
  ['appOnFirstPaint', 'kelisim app (app/app*) requested before the banner was visible', 'runs', 1, 0, 'count'],
  ['prefetchOnFirstPaint', '… of which the app files (the idle compile: must be 0)', 'runs', 1, 0, 'count'],
  ['cmpFirstPaintNoPrefetch', 'Consent manager bytes before the banner is visible, without the idle prefetch, on the wire', 'KB', 1 / 1024, 1],
  ['cmpFirstPaintNoPrefetchBrotli', 'Consent manager bytes before the banner is visible, without the idle prefetch, brotli equivalent', 'KB', 1 / 1024, 1],
  ['cmpBytes', 'Consent manager bytes, total by the measurement point (incl. idle prefetch), on the wire', 'KB', 1 / 1024, 1],
  ['cmpBrotli', 'Consent manager bytes, total, brotli equivalent', 'KB', 1 / 1024, 1],
  ['requests', 'Requests', '', 1, 0],
  ['acceptToStored', 'Accept all → consent stored', 'ms', 1, 1],
  ['acceptInteraction', 'Accept all → next paint (Event Timing)', 'ms', 1, 0],
  ['acceptBytes', 'Bytes fetched after Accept all', 'KB', 1 / 1024, 1],
  ['retCmpBytes', 'Returning visit: consent manager bytes, on the wire', 'KB', 1 / 1024, 1],
  ['retCmpBrotli', 'Returning visit: consent manager bytes, brotli equivalent', 'KB', 1 / 1024, 1],
  ['retAppWasm', 'Returning visit: app_bg.wasm requested', 'runs', 1, 0, 'count'],
  ['retBanner', 'Returning visit: banner shown', 'runs', 1, 0, 'count'],
  ['retConsentRead', 'Returning visit: library reports the stored consent', 'runs', 1, 0, 'count'],
  ['retFcp', 'Returning visit: first contentful paint', 'ms', 1, 0],
  ['retLcp', 'Returning visit: largest contentful paint', 'ms', 1, 0],
  ['retLongestTask', 'Returning visit: longest task', 'ms', 1, 0],
  ['retBlockingTime', 'Returning visit: blocking time', 'ms', 1, 0],
  ['retCls', 'Returning visit: cumulative layout shift', '', 1, 3],
  ['retRequests', 'Returning visit: requests', '', 1, 0],
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
  return { n: v.length, sum: v.reduce((a, b) => a + b, 0), median: quantile(v, 0.5), p25: quantile(v, 0.25), p75: quantile(v, 0.75), min: v[0] ?? null, max: v[v.length - 1] ?? null };
}
function ratio(a, b) {
  if (a == null || b == null) return null;
  if (b === 0) return a === 0 ? 1 : null;
  return a / b;
}

// ---------------------------------------------------------------- static sizes
function staticSizes(files) {
  const groups = {
    'kelisim first paint (loader + first layer)': [...files.keys()].filter((k) => /^\/kelisim\/(kelisim\.js|app\/first)/.test(k)),
    'kelisim app (on demand)': [...files.keys()].filter((k) => /^\/kelisim\/app\/app/.test(k)),
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
  const rows = [];
  for (const [key, label, unit, scale, digits, kind] of METRICS) {
    if (variants.every((v) => !summary[v][key].n)) continue; // e.g. no returning visit for `none`
    const cells = variants.map((v) => {
      const x = summary[v][key];
      if (kind === 'count') return x.n ? `${fmt(x.sum)}/${x.n}` : '—';
      return x.median == null ? '—' : fmt(x.median * scale, digits);
    });
    const ratios = comparisons.map(([k, p]) => (kind === 'count' ? '' : fmtRatio(ratio(summary[k][key].median, summary[p][key].median))));
    rows.push([unit && kind !== 'count' ? `${label}, ${unit}` : label, ...cells, ...ratios]);
  }
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
  lines.push(`kelisim: commit ${result.kelisim.commit}${result.kelisim.dirty ? ' + uncommitted changes' : ''}, ` +
    `${Object.entries(result.kelisim.wasmSha256).map(([f, h]) => `${f} ${fmt(result.kelisim.wasmBytes[f])} B sha256 ${h.slice(0, 16)}…`).join(', ')}  `);
  lines.push(`Settings: ${s.runs} runs per variant (+${s.warmup} warm-up round), interleaved ${s.variants.join(' → ')}; ` +
    `CPU throttling ${s.cpu}×; network ${s.latency} ms latency, ${s.downKbps} kbit/s down, ${s.upKbps} kbit/s up; ` +
    `${s.compression || 'gzip level 6'} from 127.0.0.1 over HTTP/1.1, Cache-Control: ${s.cacheControl}; viewport ${s.viewport}` +
    (s.pageRepeat > 1 ? `; host article ×${s.pageRepeat}` : '') + '  ');
  lines.push(`Machine: ${result.machine.cpu}, ${result.machine.cores} cores; load average ${result.machine.loadBefore.map((x) => x.toFixed(2)).join(' ')} before, ${result.machine.loadAfter.map((x) => x.toFixed(2)).join(' ')} after  `);
  lines.push(`Duration: ${(result.durationMs / 60000).toFixed(1)} min; failed runs: ${result.failures.length}`);
  lines.push('');
  lines.push('Medians over the runs; the ratio columns divide a kelisim median by a peer\'s (below 1× means kelisim is lower = better). Times are from navigation start.', '');
  lines.push(mdTable(table), '');
  lines.push('"n/N" rows count the runs in which it happened. Returning visit: the same browser profile after Accept all (consent cookie and localStorage kept), ' +
    'HTTP cache cleared (CDP Network.clearBrowserCache), the page opened again. Brotli equivalent: the brotli -11 size of the same responses (bodies only); on the wire: what the server sent (Settings above).', '');
  if (result.targets && result.targets.length) {
    lines.push('## Issue 9 targets (reported, not enforced)', '');
    lines.push('| Variant | Target | Value | Limit | Met | Note |', '|---|---|---:|---:|---|---|');
    for (const t of result.targets) {
      const kb = /KB/.test(t.target);
      const v = (x) => (x == null ? '—' : kb ? `${fmt(x / 1024, 1)} KB` : /CLS/.test(t.target) ? fmt(x, 3) : /score/.test(t.target) ? fmt(x) : `${fmt(x)} ms`);
      lines.push(`| ${t.variant} | ${t.target} | ${v(t.value)} | ${v(t.limit)} | ${t.met == null ? '—' : t.met ? 'yes' : '**no**'} | ${t.note || ''} |`);
    }
    lines.push('');
  }
  const SS = result.settingsSummary || {};
  if (Object.keys(SS).length) {
    const n = s.settingsScenario;
    lines.push(`## Click on Settings → preference center visible (${n.latency} ms, ${fmt(n.down)}/${fmt(n.up)} kbit/s, CPU ${n.cpu}×)`, '');
    lines.push('Each on its own page load: banner fully shown, network quiet 500 ms + 1 s (the idle prefetch is done by then), then a real click on Settings' + (n.press ? ` held down ${n.press} ms before its release` : '') + '. ' +
      'Times from the click event to the first frame with the preference center visible / fully faded in. "no prefetch": requests for app/app* fail until the click (the mouse\'s move onto the button, then its press).', '');
    const cc = SS.cookieconsent;
    lines.push('| Case | Click → visible, ms | Click → fully shown, ms | ÷ cookieconsent (visible) | Bytes after the click, KB | Longest task after the click, ms | Runs |', '|---|---:|---:|---:|---:|---:|---:|');
    for (const [name, x] of Object.entries(SS)) {
      lines.push(`| ${name} | ${fmt(x.clickToVisible.median)} | ${fmt(x.clickToOpaque.median)} | ${cc ? fmtRatio(ratio(x.clickToVisible.median, cc.clickToVisible.median)) : '—'} | ` +
        `${fmt(x.bytesAfterClick.median / 1024, 1)} | ${fmt(x.longestTaskAfterClick.median)} | ${x.clickToVisible.n} |`);
    }
    lines.push('');
    lines.push('Spread of click → visible (min – max): ' + Object.entries(SS).map(([name, x]) => `${name} ${fmt(x.clickToVisible.min)} – ${fmt(x.clickToVisible.max)} ms`).join('; '), '');
  }
  const LH = result.lighthouseSummary || {};
  if (Object.keys(LH).length) {
    const l = s.lighthouse;
    lines.push(`## Lighthouse ${l.version}, mobile, performance (${l.runs} runs per variant, medians)`, '');
    lines.push(`Flags: \`${l.flags.join(' ')}\`, Chromium at CHROME_PATH, headless; simulated throttling (Lantern: 150 ms RTT, 1.6 Mbit/s, 4× CPU) of a load from the same 127.0.0.1 server.`, '');
    const cc = LH.cookieconsent;
    lines.push('| Variant | Score | Scores | LCP, ms | ÷ cookieconsent | FCP, ms | TBT, ms | CLS | Speed Index, ms | LCP element |', '|---|---:|---|---:|---:|---:|---:|---:|---:|---|');
    for (const [v, x] of Object.entries(LH)) {
      lines.push(`| ${v} | ${fmt(x.score.median)} | ${x.scores.join(', ')} | ${fmt(x.lcp.median)} | ${cc ? fmtRatio(ratio(x.lcp.median, cc.lcp.median)) : '—'} | ${fmt(x.fcp.median)} | ${fmt(x.tbt.median)} | ${fmt(x.cls.median, 3)} | ${fmt(x.si.median)} | ${x.lcpElements.map((e) => `\`${e.replace(/\|/g, '\\|').replace(/`/g, "'")}\``).join('; ')} |`);
    }
    lines.push('');
  }
  lines.push('## Spread (min – max)', '');
  const spreadHead = ['Metric', ...s.variants];
  const spreadRows = METRICS.filter(([k]) => ['bannerVisible', 'fcp', 'longestTask', 'acceptToStored'].includes(k)).map(([key, label, unit, scale, digits]) =>
    [unit ? `${label}, ${unit}` : label, ...s.variants.map((v) => {
      const x = result.summary[v][key];
      return x.n ? `${fmt(x.min * scale, digits)} – ${fmt(x.max * scale, digits)}` : '—';
    })]);
  lines.push(mdTable({ head: spreadHead, rows: spreadRows }), '');
  lines.push('## Requests of each variant in round 1 (ms from the document request; bytes on the wire)', '');
  lines.push(`The banner became visible at: ${s.variants.map((v) => { const run = result.runs.find((r) => r.variant === v); return run && run.figures.bannerVisible != null ? `${v} ${fmt(run.figures.bannerVisible)} ms` : null; }).filter(Boolean).join(', ')}.`, '');
  for (const v of s.variants) {
    const run = result.runs.find((r) => r.variant === v);
    if (!run) continue;
    const rq = (qs) => qs.map((q) => `${q.url} ${fmt(q.start)}–${fmt(q.end)} (${q.failed ? q.failed : `${fmt(q.bytes)} B`})`).join(' · ');
    lines.push(`- ${v}: ${rq(run.requests)}`);
    if (run.accept && run.accept.requestsAfterClick && run.accept.requestsAfterClick.length) lines.push(`  - after Accept all: ${rq(run.accept.requestsAfterClick)}`);
    if (run.returning) lines.push(`  - returning visit: ${rq(run.returning.requests)}`);
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

// ---------------------------------------------------------------- Lighthouse
// npm lighthouse (bench/node_modules), Debian's Chromium through CHROME_PATH; its default
// config: mobile form factor (Moto G Power screen), simulated throttling (150 ms RTT,
// 1.6 Mbit/s, 4× CPU), performance category only. A fresh Chrome profile per run.
const LIGHTHOUSE_FLAGS = ['--only-categories=performance', '--form-factor=mobile', '--throttling-method=simulate', '--max-wait-for-load=60000', '--quiet'];
const LIGHTHOUSE_CLI = path.join(BENCH, 'node_modules', 'lighthouse', 'cli', 'index.js');
function lighthouseVersion() {
  try { return JSON.parse(fs.readFileSync(path.join(BENCH, 'node_modules', 'lighthouse', 'package.json'), 'utf8')).version; } catch { return null; }
}
function runLighthouse(opts, url) {
  const out = path.join(os.tmpdir(), `kelisim-lh-${process.pid}-${Date.now()}.json`);
  const args = [LIGHTHOUSE_CLI, url, ...LIGHTHOUSE_FLAGS, '--output=json', `--output-path=${out}`,
    '--chrome-flags=--headless=new --no-sandbox --disable-gpu --disable-quic --no-first-run --disable-background-networking --disable-component-update --disable-sync'];
  return new Promise((resolve, reject) => {
    execFile(process.execPath, args, { env: { ...process.env, CHROME_PATH: opts.chromium }, maxBuffer: 32 << 20, timeout: 180000 }, (err, stdout, stderr) => {
      try {
        if (err) throw new Error(`lighthouse: ${err.message.split('\n')[0]} ${String(stderr).slice(-300)}`);
        const lhr = JSON.parse(fs.readFileSync(out, 'utf8'));
        if (lhr.runtimeError && lhr.runtimeError.code !== 'NO_ERROR') throw new Error(`lighthouse: ${lhr.runtimeError.code} ${lhr.runtimeError.message}`);
        const a = (k) => (lhr.audits[k] && lhr.audits[k].numericValue != null ? lhr.audits[k].numericValue : null);
        const lcpEl = lhr.audits['largest-contentful-paint-element'];
        let lcpElement = null;
        try { lcpElement = lcpEl.details.items[0].items[0].node.snippet.slice(0, 120); } catch { /* absent */ }
        const score = lhr.categories.performance.score;
        resolve({
          score: score == null ? null : Math.round(score * 100),
          lcp: a('largest-contentful-paint'), fcp: a('first-contentful-paint'), tbt: a('total-blocking-time'),
          cls: a('cumulative-layout-shift'), si: a('speed-index'), lcpElement,
          warnings: lhr.runWarnings || [],
        });
      } catch (e) { reject(e); } finally { fs.rmSync(out, { force: true }); }
    });
  });
}

// ---------------------------------------------------------------- issue 9's targets
const KB40 = 40 * 1024;
function targets(result) {
  const S = result.summary;
  const cc = S.cookieconsent;
  const none = S.none;
  const out = [];
  const med = (v, k) => (S[v] && S[v][k] ? S[v][k].median : null);
  for (const k of KELISIM.filter((x) => S[x])) {
    const fp = med(k, 'cmpFirstPaintBrotli');
    out.push({ variant: k, target: 'First visit, first paint ≤ 40 KB brotli', value: fp, limit: KB40, met: fp != null ? fp <= KB40 : null,
      note: `on the wire ${fmt((med(k, 'cmpFirstPaint') || 0) / 1024, 1)} KB; the app's files started before the banner was visible in ${S[k].appOnFirstPaint.sum}/${S[k].appOnFirstPaint.n} runs ` +
        `(by the idle prefetch in ${S[k].prefetchOnFirstPaint.sum}); without the prefetch ${fmt((med(k, 'cmpFirstPaintNoPrefetchBrotli') || 0) / 1024, 1)} KB brotli, ${fmt((med(k, 'cmpFirstPaintNoPrefetch') || 0) / 1024, 1)} KB on the wire` });
    const rb = med(k, 'retCmpBrotli');
    const app = S[k].retAppWasm;
    out.push({ variant: k, target: 'Returning visitor ≤ 40 KB brotli, app_bg.wasm not requested', value: rb, limit: KB40,
      met: rb != null ? rb <= KB40 && app.sum === 0 : null, note: `app_bg.wasm requested in ${app.sum}/${app.n} returning visits; banner shown in ${S[k].retBanner.sum}/${S[k].retBanner.n}` });
    if (cc) {
      const b = med(k, 'bannerVisible');
      const c = med('cookieconsent', 'bannerVisible');
      out.push({ variant: k, target: 'Time to banner ≤ 1.0× vanilla-cookieconsent', value: b, limit: c, met: b != null && c != null ? b <= c : null, note: `${fmtRatio(ratio(b, c))}` });
      for (const m of ['fcp', 'lcp']) {
        const x = med(k, m);
        const y = med('cookieconsent', m);
        out.push({ variant: k, target: `Host ${m.toUpperCase()} no later than with cookieconsent`, value: x, limit: y, met: x != null && y != null ? x <= y : null,
          note: `${fmtRatio(ratio(x, y))}; none: ${fmt(med('none', m))} ms` });
      }
    }
    const lt = med(k, 'longestTask');
    out.push({ variant: k, target: 'No long task > 50 ms caused by kelisim', value: lt, limit: 50, met: lt != null ? lt <= 50 : null,
      note: `median longest task of the whole page (not attributed; none: ${fmt(none ? none.longestTask.median : null)} ms); runs with a long task: ${result.runs.filter((r) => r.variant === k && r.figures.longestTask > 0).length}/${S[k].longestTask.n}` });
    const cls = med(k, 'cls');
    out.push({ variant: k, target: 'CLS 0', value: cls, limit: 0, met: cls != null ? S[k].cls.max === 0 : null, note: `max over runs ${fmt(S[k].cls.max, 3)}` });
    const L = result.lighthouseSummary;
    if (L[k] && L.cookieconsent) {
      out.push({ variant: k, target: 'Lighthouse score no lower than cookieconsent', value: L[k].score.median, limit: L.cookieconsent.score.median,
        met: L[k].score.median >= L.cookieconsent.score.median, note: `scores ${L[k].scores.join(', ')} vs ${L.cookieconsent.scores.join(', ')}` });
    }
  }
  return out;
}

// ---------------------------------------------------------------- main
async function main() {
  const opts = parseArgs(process.argv.slice(2));
  if (opts.positional.length) die(`unexpected argument ${opts.positional[0]}`);
  for (const f of WASM_FILES) if (!fs.existsSync(path.join(ROOT, 'dist', 'app', f))) die(`dist/app/${f} is missing: run scripts/build.sh (bench/run.sh does)`);
  if (!fs.existsSync(opts.chromium)) die(`no browser at ${opts.chromium} (set --chromium or CHROMIUM)`);
  const { server, files, origin } = await start({ root: ROOT, benchDir: BENCH, cacheControl: opts.cacheControl, pageRepeat: opts.pageRepeat, encoding: opts.encoding });
  if (opts.serve) {
    log(`serving on ${origin}`);
    for (const v of Object.keys(VARIANTS)) log(`  ${origin}/p/${v}.html`);
    return;
  }
  FILES = files;
  const wasmSha256 = Object.fromEntries(WASM_FILES.map((f) => [f, crypto.createHash('sha256').update(files.get(`/kelisim/app/${f}`).raw).digest('hex')]));
  const wasmBytes = Object.fromEntries(WASM_FILES.map((f) => [f, files.get(`/kelisim/app/${f}`).raw.length]));
  const settingsPlan = opts.settings ? SETTINGS_CASES.filter((c) => opts.variants.includes(c.variant)) : [];
  const started = Date.now();
  const loadBefore = os.loadavg();
  const git = gitInfo(); // at the start: dist/ was read now
  const total = (opts.runs + opts.warmup) * (opts.variants.length + settingsPlan.length);
  log(`bench: ${opts.variants.length} variants + ${settingsPlan.length} Settings cases × (${opts.warmup} warm-up + ${opts.runs} runs) = ${total} browser sessions; ` +
    `CPU ${opts.cpu}×, ${opts.latency} ms, ${opts.down}/${opts.up} kbit/s; Settings on ${opts.settingsNet.latency} ms, ${opts.settingsNet.down}/${opts.settingsNet.up} kbit/s; ` +
    `Lighthouse ${opts.lighthouse} run(s) per variant after that`);
  const runs = [];
  const settingsRuns = [];
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
          `CLS ${fmt(f.cls, 3)}  CMP ${fmt((f.cmpFirstPaint || 0) / 1024, 1)}/${fmt(f.cmpBytes / 1024, 1)} KB  accept→stored ${fmt(f.acceptToStored, 1)} ms` +
          (f.retCmpBytes != null ? `  returning: CMP ${fmt(f.retCmpBytes / 1024, 1)} KB, app wasm ${f.retAppWasm ? 'REQUESTED' : 'no'}, banner ${f.retBanner ? 'SHOWN' : 'no'}` : '') +
          `  (load ${os.loadavg()[0].toFixed(2)})`);
        if (round >= 1) runs.push({ variant: v, round, figures: f, raw: r });
      } catch (e) {
        log(`${prefix} FAILED: ${e.message}`);
        if (round >= 1) failures.push({ variant: v, round, error: e.message });
      }
    }
    for (const c of settingsPlan) {
      count++;
      const tag = round < 1 ? `warm-up ${round + opts.warmup}/${opts.warmup}` : `round ${round}/${opts.runs}`;
      const prefix = `[${String(count).padStart(String(total).length)}/${total}] ${tag.padEnd(14)} ${c.name.padEnd(14)}`;
      try {
        const r = await runSettings(opts, origin, c.variant, c.prefetch);
        log(`${prefix} Settings click → visible ${fmt(r.clickToVisible)} ms, fully shown ${fmt(r.clickToOpaque)} ms; ` +
          `${fmt(r.bytesAfterClick / 1024, 1)} KB after the click; prefetched ${r.prefetched.length} (load ${os.loadavg()[0].toFixed(2)})`);
        if (round >= 1) settingsRuns.push({ case: c.name, round, ...r });
      } catch (e) {
        log(`${prefix} FAILED: ${e.message}`);
        if (round >= 1) failures.push({ variant: c.name, round, error: e.message });
      }
    }
  }
  const lighthouseRuns = [];
  for (let i = 1; i <= opts.lighthouse; i++) {
    for (const v of opts.variants) {
      try {
        const r = await runLighthouse(opts, `${origin}/p/${v}.html`);
        log(`[lighthouse ${i}/${opts.lighthouse}] ${v.padEnd(14)} score ${r.score}  LCP ${fmt(r.lcp)} ms  FCP ${fmt(r.fcp)} ms  TBT ${fmt(r.tbt)} ms  CLS ${fmt(r.cls, 3)} (load ${os.loadavg()[0].toFixed(2)})`);
        lighthouseRuns.push({ variant: v, run: i, ...r });
      } catch (e) {
        log(`[lighthouse ${i}/${opts.lighthouse}] ${v} FAILED: ${e.message}`);
        failures.push({ variant: `lighthouse ${v}`, round: i, error: e.message });
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
  const settingsSummary = {};
  for (const c of settingsPlan) {
    const mine = settingsRuns.filter((r) => r.case === c.name);
    settingsSummary[c.name] = {
      clickToVisible: summarize(mine.map((r) => r.clickToVisible)),
      clickToOpaque: summarize(mine.map((r) => r.clickToOpaque)),
      bytesAfterClick: summarize(mine.map((r) => r.bytesAfterClick)),
      longestTaskAfterClick: summarize(mine.map((r) => r.longTasksAfterClick.reduce((m, t) => Math.max(m, t), 0))),
    };
  }
  const lighthouseSummary = {};
  for (const v of opts.variants) {
    const mine = lighthouseRuns.filter((r) => r.variant === v);
    if (!mine.length) continue;
    lighthouseSummary[v] = Object.fromEntries(['score', 'lcp', 'fcp', 'tbt', 'cls', 'si'].map((k) => [k, summarize(mine.map((r) => r[k]))]));
    lighthouseSummary[v].scores = mine.map((r) => r.score);
    lighthouseSummary[v].lcpElements = [...new Set(mine.map((r) => r.lcpElement).filter(Boolean))];
  }
  const chromiumVersion = (() => { try { return execFileSync(opts.chromium, ['--version'], { encoding: 'utf8', stdio: ['ignore', 'pipe', 'ignore'] }).trim(); } catch { return opts.chromium; } })();
  const result = {
    date: new Date().toISOString(),
    browser: browserVersion,
    settings: {
      runs: opts.runs, warmup: opts.warmup, variants: opts.variants, cpu: opts.cpu, latency: opts.latency,
      downKbps: opts.down, upKbps: opts.up, chromium: chromiumVersion, viewport: `${VIEWPORT.width}×${VIEWPORT.height} @${VIEWPORT.deviceScaleFactor}x, mobile`,
      compression: opts.encoding === 'br' ? 'brotli quality 11' : 'gzip level 6', protocol: 'HTTP/1.1', cacheControl: opts.cacheControl, pageRepeat: opts.pageRepeat,
      settingsScenario: settingsPlan.length ? { ...opts.settingsNet, cpu: opts.cpu, press: opts.press, cases: settingsPlan.map((c) => c.name) } : null,
      lighthouse: opts.lighthouse ? { runs: opts.lighthouse, version: lighthouseVersion(), flags: LIGHTHOUSE_FLAGS } : null,
    },
    machine: { cpu: (os.cpus()[0] || {}).model || 'unknown', cores: os.cpus().length, loadBefore, loadAfter: os.loadavg(), node: process.version },
    kelisim: { ...git, wasmSha256, wasmBytes },
    durationMs: Date.now() - started,
    metrics: Object.fromEntries(METRICS.map(([k, label, unit]) => [k, { label, unit: unit === 'KB' ? 'bytes' : unit }])),
    summary,
    ratios,
    settingsSummary,
    lighthouseSummary,
    staticSizes: staticSizes(files),
    failures,
    runs: runs.map((r) => ({
      variant: r.variant, round: r.round, figures: r.figures,
      requests: r.raw.requests, longTasks: r.raw.load.longTasks, shifts: r.raw.load.shifts,
      lcpElement: r.raw.load.lcpElement, domContentLoaded: r.raw.load.domContentLoaded, loadEvent: r.raw.load.loadEvent,
      containerInserted: r.raw.load.containerInserted, bannerInserted: r.raw.load.bannerInserted,
      resources: r.raw.load.resources.filter((e) => CMP_URL.test(e.url)).map((e) => ({ ...e, url: e.url.replace(/^https?:\/\/[^/]+/, ''), start: Math.round(e.start * 10) / 10 })),
      accept: r.raw.accept, consoleErrors: r.raw.consoleErrors, unsupported: r.raw.load.unsupported,
      returning: r.raw.returning && {
        requests: r.raw.returning.requests, longTasks: r.raw.returning.load.longTasks, shifts: r.raw.returning.load.shifts,
        fcp: r.raw.returning.load.fcp, lcp: r.raw.returning.load.lcp, banner: r.raw.returning.load.banner,
        libraryState: r.raw.returning.libraryState,
      },
    })),
    settingsRuns,
    lighthouseRuns,
  };
  result.targets = targets(result);
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
