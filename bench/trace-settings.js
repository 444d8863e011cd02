#!/usr/bin/env node
'use strict';
// Diagnosis, not a benchmark: one Settings click with the app's files not prefetched (as when
// Settings is clicked the moment the banner appears), traced. Prints when the app's requests
// started and finished, and each main-thread slice of 5 ms or more from the click to the
// preference center's frame, so that the time from the click is split between the network, the
// wasm compile, the app's start and the first render.
//   node bench/trace-settings.js [--cpu 4 --settings-net 165,8100,1350 --encoding br --press MS]
const fs = require('fs');
const os = require('os');
const path = require('path');
const { start } = require('./lib/server');
const { VARIANTS } = require('./lib/variants');
const { openPage } = require('./lib/browser');
const { parseArgs } = require('./lib/options');

const sleep = (ms) => new Promise((r) => setTimeout(r, ms));

async function main() {
  const opts = parseArgs(process.argv.slice(2));
  const name = opts.positional[0] || 'kelisim-async';
  const { server, origin } = await start({ root: path.dirname(__dirname), benchDir: __dirname, cacheControl: opts.cacheControl, encoding: opts.encoding });
  const sopts = { ...opts, latency: opts.settingsNet.latency, down: opts.settingsNet.down, up: opts.settingsNet.up };
  const { page, cdp, close } = await openPage(sopts, VARIANTS[name]);
  try {
    let blocking = true;
    cdp.on('Fetch.requestPaused', (e) => {
      if (blocking) cdp.send('Fetch.failRequest', { requestId: e.requestId, errorReason: 'BlockedByClient' }).catch(() => {});
      else cdp.send('Fetch.continueRequest', { requestId: e.requestId }).catch(() => {});
    });
    await cdp.send('Fetch.enable', { patterns: [{ urlPattern: '*/kelisim/app/app*', requestStage: 'Request' }] });
    await page.goto(`${origin}/p/${name}.html`, { waitUntil: 'load', timeout: 90000 });
    for (let i = 0; i < 150; i++) { if (await page.evaluate(() => __bench.bannerOpaque != null)) break; await sleep(200); }
    await sleep(2000);
    blocking = false;
    await cdp.send('Fetch.disable');
    const file = path.join(os.tmpdir(), `kelisim-settings-trace-${Date.now()}.json`);
    await page.tracing.start({ path: file, categories: ['devtools.timeline', 'disabled-by-default-devtools.timeline', 'v8', 'v8.wasm', 'disabled-by-default-v8.wasm.detailed', 'blink.user_timing', 'loading', 'netlog'] });
    const button = (await page.evaluateHandle(() => __bench.findSettingsButton())).asElement();
    await page.evaluate(() => __bench.watchSettings());
    await button.click({ delay: opts.press });
    let st;
    for (let i = 0; i < 200; i++) { st = await page.evaluate(() => ({ s: __bench.settings, c: __bench.clickAt })); if (st.s != null) break; await sleep(50); }
    await sleep(300);
    await page.tracing.stop();
    console.log(`click -> visible ${(st.s - st.c).toFixed(0)} ms (page clock)`);
    analyse(file, st.s - st.c);
  } finally {
    await close();
    server.close();
  }
}

function analyse(file, visible) {
  const events = JSON.parse(fs.readFileSync(file, 'utf8')).traceEvents;
  const click = events.find((e) => e.name === 'EventDispatch' && e.args && e.args.data && e.args.data.type === 'click');
  if (!click) return console.log('(no click in the trace)');
  const t0 = click.ts;
  const end = t0 + visible * 1000;
  const ms = (t) => ((t - t0) / 1000).toFixed(1);
  // The app's requests: sent, answered, finished (ms from the click; negative: before it).
  const ids = new Map();
  for (const e of events) if (e.name === 'ResourceSendRequest') ids.set(e.args.data.requestId, e.args.data.url.replace(/.*\//, ''));
  for (const e of events) {
    const d = e.args && e.args.data;
    if (!d || !ids.has(d.requestId) || !/^app/.test(ids.get(d.requestId))) continue;
    if (e.name === 'ResourceSendRequest') console.log(`${ms(e.ts)} request ${ids.get(d.requestId)}`);
    if (e.name === 'ResourceReceiveResponse') console.log(`${ms(e.ts)} response ${ids.get(d.requestId)}`);
    if (e.name === 'ResourceFinish') console.log(`${ms(e.ts)} finished ${ids.get(d.requestId)} (${d.encodedDataLength} B)`);
  }
  // The renderer's main thread: each task of 10 ms or more after the click, by self time.
  const main = events.filter((e) => e.pid === click.pid && e.tid === click.tid && e.ph === 'X' && e.dur != null && e.ts >= t0 - 2000);
  main.sort((a, b) => a.ts - b.ts || b.dur - a.dur);
  const stack = [];
  for (const e of main) {
    while (stack.length && stack[stack.length - 1].ts + stack[stack.length - 1].dur <= e.ts) stack.pop();
    e.self = e.dur;
    if (stack.length) stack[stack.length - 1].self -= e.dur;
    stack.push(e);
  }
  for (const task of main.filter((e) => e.name === 'RunTask' && e.dur >= 10000)) {
    const inside = main.filter((e) => e.ts >= task.ts && e.ts + e.dur <= task.ts + task.dur);
    const by = {};
    for (const e of inside) by[e.name] = (by[e.name] || 0) + e.self;
    const top = Object.entries(by).sort((a, b) => b[1] - a[1]).slice(0, 8).map(([n, d]) => `${n} ${(d / 1000).toFixed(1)}`);
    console.log(`${ms(task.ts)} task ${(task.dur / 1000).toFixed(1)} ms: ${top.join(', ')}`);
  }
  // V8 compiles a wasm function (Liftoff) on its first call: how many before the frame.
  const lazy = events.filter((e) => e.name === 'wasm.CompileLazy' && e.ts > t0 && e.ts < end);
  const liftoff = events.filter((e) => e.name === 'wasm.CompileBaseline' && e.ts > t0 && e.ts < end);
  console.log(`before the preference center's frame: ${lazy.length} wasm functions compiled on first call, ` +
    `${(lazy.reduce((n, e) => n + e.dur, 0) / 1000).toFixed(1)} ms (Liftoff itself ${(liftoff.reduce((n, e) => n + e.dur, 0) / 1000).toFixed(1)} ms)`);
  console.log(`trace: ${file}`);
}

main().catch((e) => { console.error(e); process.exit(1); });
