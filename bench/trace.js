#!/usr/bin/env node
'use strict';
// Diagnosis, not a benchmark: loads each named variant once under the benchmark's settings
// with a Chrome trace recording, and prints every main-thread task of 50 ms or more with what
// it spent its time on, so that a long task can be pinned on the page's own parsing, style
// and layout, or on a consent manager's script and WebAssembly. Tracing slows the page down;
// take the durations as relative. The trace files stay in bench/results/traces/.
//
//   node bench/trace.js kelisim-async cookieconsent klaro [--cpu 4 --latency 150 ...]
const fs = require('fs');
const path = require('path');
const { start } = require('./lib/server');
const { VARIANTS } = require('./lib/variants');
const { openPage } = require('./lib/browser');
const { parseArgs, die } = require('./lib/options');

const BENCH = __dirname;
const ROOT = path.dirname(BENCH);
const USAGE = `usage: node bench/trace.js VARIANT... [--cpu X --latency MS --down KBITS --up KBITS --chromium PATH]
variants: ${Object.keys(VARIANTS).join(', ')}`;

const SCRIPT = /^(v8\.|V8\.|wasm\.|FunctionCall|EvaluateScript|v8\.compile|RunMicrotasks|TimerFire|FireAnimationFrame|EventDispatch|v8\.run|v8\.callFunction|ModuleScript|Compile)/;
const RENDER = /^(UpdateLayoutTree|Layout|Paint|PrePaint|Layerize|Commit|ParseAuthorStyleSheet|RecalculateStyles|UpdateLayerTree|HitTest)$/;

function analyse(file, origin) {
  const events = JSON.parse(fs.readFileSync(file, 'utf8')).traceEvents;
  const parsePids = new Set(events.filter((e) => e.name === 'ParseHTML').map((e) => e.pid));
  const main = events.find((e) => e.name === 'thread_name' && e.args && e.args.name === 'CrRendererMain' && parsePids.has(e.pid));
  if (!main) return ['  (no renderer main thread in the trace)'];
  const mine = events.filter((e) => e.pid === main.pid && e.tid === main.tid && e.ph === 'X' && e.dur != null);
  const nav = events.find((e) => e.name === 'navigationStart' && e.pid === main.pid) || mine[0];
  const top = mine.filter((e) => e.name === 'ThreadControllerImpl::RunTask' && e.dur >= 50000);
  const out = [];
  for (const task of top) {
    const end = task.ts + task.dur;
    const inside = mine.filter((e) => e !== task && e.ts >= task.ts && e.ts + e.dur <= end);
    const urls = new Set();
    let script = 0;
    let render = 0;
    for (const e of inside) {
      const u = e.args && e.args.data && (e.args.data.url || (e.args.data.stackTrace && e.args.data.stackTrace[0] && e.args.data.stackTrace[0].url));
      if (u) urls.add(u.replace(origin, ''));
    }
    // Outermost script-like and render-like slices, so nested ones are not counted twice.
    const outermost = (re) => {
      const hits = inside.filter((e) => re.test(e.name)).sort((a, b) => a.ts - b.ts);
      let sum = 0;
      let reach = -1;
      for (const e of hits) {
        if (e.ts >= reach) { sum += e.dur; reach = e.ts + e.dur; }
      }
      return sum;
    };
    script = outermost(SCRIPT);
    render = outermost(RENDER);
    const byName = {};
    for (const e of inside) byName[e.name] = (byName[e.name] || 0) + e.dur;
    const biggest = Object.entries(byName).filter(([n]) => n !== 'ThreadControllerImpl::RunTask').sort((a, b) => b[1] - a[1]).slice(0, 6);
    out.push(`  task at ${((task.ts - nav.ts) / 1000).toFixed(0)} ms, ${(task.dur / 1000).toFixed(0)} ms: ` +
      `script/wasm ${(script / 1000).toFixed(0)} ms, style/layout/paint ${(render / 1000).toFixed(0)} ms` +
      (urls.size ? `; scripts: ${[...urls].join(', ')}` : ''));
    out.push(`      ${biggest.map(([n, d]) => `${n} ${(d / 1000).toFixed(0)}`).join(' · ')}`);
  }
  return out.length ? out : ['  no task of 50 ms or more'];
}

async function main() {
  const opts = parseArgs(process.argv.slice(2), USAGE);
  const names = opts.positional;
  if (!names.length) die(USAGE);
  for (const n of names) if (!VARIANTS[n]) die(`unknown variant ${n}\n${USAGE}`);
  const { server, origin } = await start({ root: ROOT, benchDir: BENCH });
  const dir = path.join(opts.out, 'traces');
  fs.mkdirSync(dir, { recursive: true });
  try {
    for (const name of names) {
      const variant = VARIANTS[name];
      const { page, close } = await openPage(opts, variant);
      const file = path.join(dir, `${name}.json`);
      try {
        await page.tracing.start({
          path: file,
          categories: ['devtools.timeline', 'disabled-by-default-devtools.timeline', 'toplevel', 'v8', 'v8.execute', 'v8.wasm', 'blink', 'blink.user_timing', 'loading'],
        });
        await page.goto(`${origin}/p/${name}.html`, { waitUntil: 'load', timeout: 90000 });
        const t0 = Date.now();
        while (variant.kind !== 'none' && Date.now() - t0 < 30000) {
          if (await page.evaluate(() => __bench.bannerOpaque != null)) break;
          await new Promise((r) => setTimeout(r, 200));
        }
        await new Promise((r) => setTimeout(r, 1500));
        await page.tracing.stop();
      } finally {
        await close();
      }
      console.log(`${name} (${variant.label}), trace: ${path.relative(process.cwd(), file)}`);
      console.log(analyse(file, origin).join('\n'));
    }
  } finally {
    server.close();
  }
}

main().catch((e) => {
  console.error(e && e.stack || e);
  process.exit(1);
});
