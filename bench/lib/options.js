'use strict';
// Command-line options shared by bench.js and trace.js.
const path = require('path');
const { VARIANTS, DEFAULT_ORDER } = require('./variants');

const BENCH = path.dirname(__dirname);
const USAGE = `usage: bench/run.sh [options]
  --runs N         measured runs per variant (default 9)
  --warmup N       unrecorded warm-up rounds before them (default 1)
  --variants LIST  comma-separated, in round order (default ${DEFAULT_ORDER.join(',')})
  --cpu X          CPU slowdown factor (default 4)
  --latency MS     added latency per request (default 150)
  --down KBITS     download throughput in kbit/s (default 1600)
  --up KBITS       upload throughput in kbit/s (default 750)
  --chromium PATH  browser binary (default $CHROMIUM or /usr/bin/chromium)
  --no-settings    skip the Click on Settings scenario (on its own page loads)
  --settings-net MS,DOWN,UP  its network (default 165,8100,1350: DevTools "Fast 4G")
  --press MS       how long the Settings button is held down before its click (default 0: press
                   and release at once; a person's click holds it about 100 ms). The time is
                   still taken from the click, as for every variant
  --lighthouse N   Lighthouse runs per variant after the page loads (default 3; 0 = none)
  --cache-control V  the server's Cache-Control header (default no-cache)
  --encoding E     what the server sends a browser that accepts it: gzip (level 6, default) or
                   br (brotli -q 11, as the precompressed copies in dist/ that docs/book
                   "Hosting" serves); every variant gets the same
  --page-repeat N  the host article's body N times over (default 1; 41 = about 4,750 boxes)
  --out DIR        where latest.json and latest.md go (default bench/results)
  --serve          only start the server and print the page URLs (Ctrl-C to stop)`;

function parseArgs(argv, usage = USAGE) {
  const o = {
    runs: 9, warmup: 1, variants: DEFAULT_ORDER.slice(), cpu: 4, latency: 150, down: 1600, up: 750,
    chromium: process.env.CHROMIUM || '/usr/bin/chromium', out: path.join(BENCH, 'results'), serve: false, positional: [],
    settings: true, cacheControl: 'no-cache', encoding: 'gzip', pageRepeat: 1, settingsNet: { latency: 165, down: 8100, up: 1350 }, press: 0, lighthouse: 3,
  };
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i];
    const next = () => {
      if (i + 1 >= argv.length) die(`${a} needs a value\n${usage}`);
      return argv[++i];
    };
    const num = (min) => {
      const v = Number(next());
      if (!Number.isFinite(v) || v < min) die(`${a}: expected a number >= ${min}`);
      return v;
    };
    switch (a) {
      case '--runs': o.runs = Math.floor(num(1)); break;
      case '--warmup': o.warmup = Math.floor(num(0)); break;
      case '--variants': o.variants = next().split(',').map((s) => s.trim()).filter(Boolean); break;
      case '--cpu': o.cpu = num(1); break;
      case '--latency': o.latency = num(0); break;
      case '--down': o.down = num(1); break;
      case '--up': o.up = num(1); break;
      case '--chromium': o.chromium = next(); break;
      case '--out': o.out = path.resolve(next()); break;
      case '--serve': o.serve = true; break;
      case '--cache-control': o.cacheControl = next(); break;
      case '--encoding': o.encoding = next(); if (!['gzip', 'br'].includes(o.encoding)) die(`--encoding: gzip or br, not ${o.encoding}`); break;
      case '--no-settings': o.settings = false; break;
      case '--page-repeat': o.pageRepeat = Math.floor(num(1)); break;
      case '--settings-net': {
        const [latency, down, up] = next().split(',').map(Number);
        if (![latency, down, up].every((x) => Number.isFinite(x) && x >= 0)) die(`${a}: expected MS,DOWN,UP`);
        o.settingsNet = { latency, down, up };
        break;
      }
      case '--press': o.press = num(0); break;
      case '--lighthouse': o.lighthouse = Math.floor(num(0)); break;
      case '-h': case '--help': console.log(usage); process.exit(0); break;
      default:
        if (a.startsWith('-')) die(`unknown option ${a}\n${usage}`);
        o.positional.push(a);
    }
  }
  for (const v of o.variants) if (!VARIANTS[v]) die(`unknown variant ${v}; known: ${Object.keys(VARIANTS).join(', ')}`);
  return o;
}
function die(msg) {
  console.error(`bench: ${msg}`);
  process.exit(2);
}

module.exports = { parseArgs, die, USAGE };
