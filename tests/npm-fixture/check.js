// The fixture site in headless Chromium, served by nginx with recipes/nginx/kelisim.conf and the
// bundle from the installed npm package (scripts/test-package.sh starts everything):
//   1. the banner shows, `kelisim:ready` reports ok, and every method index.d.ts declares on
//      `Kelisim` exists on the real `window.kelisim`;
//   2. Accept all: the `kelisim:consent` event, and the record arrives in the receiver's database
//      through nginx's /consent;
//   3. the cache headers (immutable on the hashed files, no-cache + 304 on the loader), the
//      precompressed copies (brotli to Chromium, gzip to a client without brotli) and the
//      bytes of a first and a second visit (Chrome DevTools Protocol network events);
//   4. a tampered copy of the first layer's wasm (its glue is inside the loader): the banner never
//      starts and the console says which file failed its integrity check (while the same altered
//      file does start under a loader without integrity hashes: the control).
// Usage: node check.js BASE_URL DATABASE_URL RECEIVER_BINARY [RESULT_JSON]
'use strict';
const fs = require('fs');
const path = require('path');
const { execFileSync } = require('child_process');
const puppeteer = require('puppeteer-core');

const [base, database, receiver, resultFile] = process.argv.slice(2);
const CHROMIUM = process.env.CHROMIUM || '/usr/bin/chromium';
const failures = [];
function check(ok, what) {
  console.log(`${ok ? 'ok  ' : 'FAIL'} ${what}`);
  if (!ok) failures.push(what);
}
const sleep = (ms) => new Promise((r) => setTimeout(r, ms));

// The methods index.d.ts declares on `interface Kelisim`.
function declaredMethods() {
  const dts = fs.readFileSync(require.resolve('kelisim/package.json').replace(/package\.json$/, 'index.d.ts'), 'utf8');
  const body = dts.split('export interface Kelisim {')[1].split('\n}')[0];
  return [...body.matchAll(/^ {2}(\w+)\??\(/gm)].map((m) => m[1]);
}

async function bannerShown(page) {
  return page.evaluate(() => {
    const root = document.getElementById('kelisim-root');
    const b = root && root.shadowRoot && root.shadowRoot.querySelector('[data-kelisim-screen="banner"]');
    return !!(b && b.getClientRects().length);
  });
}

async function waitFor(fn, ms = 15000) {
  const end = Date.now() + ms;
  while (Date.now() < end) {
    if (await fn()) return true;
    await sleep(100);
  }
  return false;
}

// Opens `url` in a new page of `context`, counting the bytes every response took on the wire
// (encodedDataLength: headers and body; 0 for the memory/disk cache).
async function visit(context, url) {
  const page = await context.newPage();
  const cdp = await page.createCDPSession();
  await cdp.send('Network.enable');
  const requests = new Map();
  cdp.on('Network.responseReceived', (e) => {
    requests.set(e.requestId, { url: e.response.url, status: e.response.status,
      cached: e.response.fromDiskCache || e.response.fromMemoryCache || false, bytes: 0,
      cacheControl: e.response.headers['cache-control'] || e.response.headers['Cache-Control'],
      encoding: e.response.headers['content-encoding'] || e.response.headers['Content-Encoding'] || null });
  });
  cdp.on('Network.requestServedFromCache', (e) => {
    const r = requests.get(e.requestId);
    if (r) r.cached = true;
  });
  cdp.on('Network.loadingFinished', (e) => {
    const r = requests.get(e.requestId);
    if (r) r.bytes = e.encodedDataLength;
  });
  const console_ = [];
  page.on('console', (m) => console_.push(`${m.type()}: ${m.text()}`));
  page.on('pageerror', (e) => console_.push(`pageerror: ${e.message}`));
  await page.goto(url, { waitUntil: 'load' });
  return { page, requests, console: console_ };
}

function kelisimRequests(requests) {
  return [...requests.values()].filter((r) => new URL(r.url).pathname.startsWith('/kelisim/'));
}
const sum = (rs) => rs.reduce((a, r) => a + r.bytes, 0);

async function main() {
  const browser = await puppeteer.launch({
    executablePath: CHROMIUM,
    headless: true,
    // The test's self-signed certificate (recipes/nginx is https), trusted by its public key
    // (scripts/test-package.sh): a certificate error would turn off Chromium's HTTP cache.
    args: ['--no-sandbox', '--disable-gpu', '--no-first-run',
      `--ignore-certificate-errors-spki-list=${process.env.KELISIM_SPKI || ''}`],
  });
  const result = {};
  try {
    // 1. The site as a first-time visitor sees it.
    const context = await browser.createBrowserContext();
    const first = await visit(context, `${base}/index.html`);
    check(await waitFor(() => bannerShown(first.page)), 'the banner shows on the fixture site');
    const ready = await first.page.evaluate(() => window.__fixture.ready);
    check(ready.length === 1 && ready[0].ok === true && ready[0].consent === null,
      `kelisim:ready fired once, ok, no consent yet: ${JSON.stringify(ready)}`);
    const methods = declaredMethods();
    const missing = await first.page.evaluate((ms) => ms.filter((m) => typeof window.kelisim[m] !== 'function'), methods);
    check(methods.length >= 12 && missing.length === 0,
      `every method index.d.ts declares exists on window.kelisim (${methods.join(', ')}); missing: ${missing.join(', ') || 'none'}`);
    const props = await first.page.evaluate(() => [window.kelisim.ready, typeof window.kelisim.version]);
    check(props[0] === true && props[1] === 'string', `kelisim.ready and kelisim.version as declared: ${props}`);
    await sleep(1500); // the idle prefetch of the app
    const firstBytes = sum(kelisimRequests(first.requests));

    // 2. Accept all: the event, and the record in the receiver's database through nginx.
    await first.page.evaluate(() => document.getElementById('kelisim-root').shadowRoot
      .querySelector('[data-kelisim-action="accept-all"]').click());
    check(await waitFor(() => first.page.evaluate(() => window.__fixture.consents.length === 1)),
      'kelisim:consent fired after Accept all');
    const consent = await first.page.evaluate(() => window.__fixture.consents[0]);
    check(consent.action === 'accept-all' && consent.event === 'given' && consent.categories.analytics === true
      && (await first.page.evaluate(() => window.__fixture.analytics[0])) === true,
    `the event's detail as declared: ${JSON.stringify(consent)}`);
    let stored = [];
    const arrived = await waitFor(() => {
      const out = execFileSync(receiver, ['export', '--database', database], { encoding: 'utf8', stdio: ['ignore', 'pipe', 'ignore'] });
      stored = out.split('\n').filter(Boolean).map((l) => JSON.parse(l));
      return stored.some((r) => JSON.stringify(r).includes(consent.id));
    }, 15000);
    check(arrived, `the record reached the receiver's database through nginx (${stored.length} stored)`);
    // The receiver commits before it answers: the record may be in the database a moment before
    // the browser has the answer.
    const post = () => [...first.requests.values()].find((r) => new URL(r.url).pathname === '/consent' && r.status);
    await waitFor(async () => !!post(), 5000);
    const consentPost = post();
    check(!!consentPost && consentPost.status === 201, `POST /consent through nginx answered ${consentPost && consentPost.status}`);
    await sleep(500);
    const allFirst = kelisimRequests(first.requests);
    result.firstVisit = { bytes: firstBytes, files: allFirst.map((r) => ({ path: new URL(r.url).pathname, bytes: r.bytes, status: r.status })) };
    await first.page.close();

    // 3. The headers, then a returning visitor (same browser cache): only the loader, revalidated.
    const files = [...new Set(allFirst.map((r) => new URL(r.url).pathname))];
    const hashed = files.filter((p) => /^\/kelisim\/app\/(first|app)(_bg)?\.[0-9a-f]{8}\.(js|wasm)$/.test(p));
    // (The first layer's glue is inside the loader: three hashed files.)
    check(hashed.length === 3, `the first visit fetched the three hashed app files: ${files.join(', ')}`);
    for (const p of hashed) {
      const r = await fetch(`${base}${p}`, { method: 'HEAD' });
      const cc = r.headers.get('cache-control') || '';
      check(r.ok && cc.includes('immutable') && cc.includes('max-age=31536000'), `${p}: Cache-Control: ${cc}`);
      if (p.endsWith('.wasm')) check(r.headers.get('content-type') === 'application/wasm', `${p}: Content-Type: ${r.headers.get('content-type')}`);
    }
    // The precompressed copies (recipes/nginx: brotli_static, gzip_static): Chromium got every
    // kelisim file of the first visit as brotli; a client without brotli gets gzip; each decodes
    // to the file itself (node's fetch decodes both).
    const sent = allFirst.filter((r) => r.status === 200 && !r.cached);
    check(sent.length >= 4 && sent.every((r) => r.encoding === 'br'),
      `first visit: every kelisim file came brotli-compressed: ${JSON.stringify(sent.map((r) => [new URL(r.url).pathname, r.encoding]))}`);
    const dist = path.join(path.dirname(require.resolve('kelisim/package.json')), 'dist');
    for (const p of [...hashed, '/kelisim/kelisim.js', '/kelisim/kelisim-lite.js', '/kelisim/kelisim-one.js']) {
      const file = fs.readFileSync(path.join(dist, p.replace('/kelisim/', '')));
      for (const encoding of ['br', 'gzip']) {
        const r = await fetch(`${base}${p}`, { headers: { 'Accept-Encoding': encoding } });
        const body = Buffer.from(await r.arrayBuffer());
        // (Vary: a cache on the way keeps one copy per encoding.)
        check(r.headers.get('content-encoding') === encoding && body.equals(file) && /accept-encoding/i.test(r.headers.get('vary') || ''),
          `${p} with Accept-Encoding ${encoding}: Content-Encoding ${r.headers.get('content-encoding')}, Vary ${r.headers.get('vary')}, ${body.length} B decoded (the file: ${file.length})`);
      }
    }
    for (const p of ['/kelisim/kelisim-lite.js', '/kelisim/kelisim-one.js']) {
      const r = await fetch(`${base}${p}`);
      check(r.headers.get('cache-control') === 'no-cache', `${p}: Cache-Control: ${r.headers.get('cache-control')}`);
    }
    const loader = await fetch(`${base}/kelisim/kelisim.js`);
    check(loader.headers.get('cache-control') === 'no-cache', `kelisim.js: Cache-Control: ${loader.headers.get('cache-control')}`);
    const etag = loader.headers.get('etag');
    const again = await fetch(`${base}/kelisim/kelisim.js`, { headers: { 'If-None-Match': etag } });
    check(again.status === 304, `kelisim.js revalidates: If-None-Match ${etag} -> ${again.status}`);

    const second = await visit(context, `${base}/index.html`);
    await waitFor(() => second.page.evaluate(() => window.__fixture.ready.length === 1));
    await sleep(1000);
    const ready2 = await second.page.evaluate(() => window.__fixture.ready[0]);
    check(ready2.ok && ready2.consent && ready2.consent.id === consent.id && !(await bannerShown(second.page)),
      'the returning visitor has the consent and no banner');
    const secondK = kelisimRequests(second.requests);
    const onWire = secondK.filter((r) => !r.cached);
    // DevTools reports a revalidated response with its cached status (200); nginx logged the 304.
    const log = process.env.NGINX_ACCESS_LOG ? fs.readFileSync(process.env.NGINX_ACCESS_LOG, 'utf8') : '';
    check(onWire.length === 1 && onWire[0].url.endsWith('/kelisim/kelisim.js') && onWire[0].bytes < 1024
      && /"GET \/kelisim\/kelisim\.js HTTP\/1\.1" 304 /.test(log),
    `second visit: only the loader went over the network, revalidated (304 in nginx's log): ${JSON.stringify(onWire.map((r) => [new URL(r.url).pathname, r.bytes]))}`);
    // The recipe's https: HSTS on pages and on the kelisim files, plain http only redirects, and
    // the access log keeps no visitor's address and no query string.
    for (const p of ['/index.html', '/kelisim/kelisim.js', '/consent']) {
      const r = await fetch(`${base}${p}?q=secret`, { method: p === '/consent' ? 'OPTIONS' : 'HEAD' });
      check((r.headers.get('strict-transport-security') || '').startsWith('max-age=63072000'),
        `${p}: Strict-Transport-Security: ${r.headers.get('strict-transport-security')}`);
    }
    if (process.env.KELISIM_REDIRECT) {
      const r = await fetch(`${process.env.KELISIM_REDIRECT}/index.html`, { redirect: 'manual' });
      check(r.status === 301 && (r.headers.get('location') || '').startsWith('https://'),
        `plain http redirects to https: ${r.status} ${r.headers.get('location')}`);
    }
    const logNow = process.env.NGINX_ACCESS_LOG ? fs.readFileSync(process.env.NGINX_ACCESS_LOG, 'utf8') : '';
    check(logNow.length > 0 && !logNow.includes('127.0.0.1') && !logNow.includes('secret'),
      `nginx's access log keeps no client address and no query string: ${logNow.split('\n').slice(0, 2).join(' | ')}`);
    check(secondK.filter((r) => r.cached).length === 1, `second visit: the first layer's wasm came from the cache: ${JSON.stringify(secondK.map((r) => [new URL(r.url).pathname, r.status, r.cached]))}`);
    result.secondVisit = { bytes: sum(secondK), files: secondK.map((r) => ({ path: new URL(r.url).pathname, bytes: r.bytes, status: r.status, cached: r.cached })) };
    console.log(`bytes on the wire for /kelisim/: first visit ${result.firstVisit.bytes} (with the app prefetched and loaded for the record), second visit ${result.secondVisit.bytes}`);
    await second.page.close();
    await context.close();

    // 4. A tampered copy: the banner never starts, the console says why.
    for (const kind of ['wasm']) {
      const ctx = await browser.createBrowserContext();
      const v = await visit(ctx, `${base}/tampered-${kind}.html`);
      await sleep(3000);
      const served = [...v.requests.values()].filter((r) => r.url.includes(`/kelisim-tampered-${kind}/app/first`));
      check(served.length >= 1 && served.every((r) => r.status === 200), `tampered ${kind}: the altered file was served (200): ${served.map((r) => r.url).join(', ')}`);
      check(!(await bannerShown(v.page)), `tampered ${kind}: the banner does not start`);
      const ready3 = await v.page.evaluate(() => window.kelisim && window.kelisim.ready);
      check(ready3 === false, `tampered ${kind}: kelisim.ready stays false`);
      const said = v.console.filter((m) => /kelisim: cannot start/.test(m) && /integrity/.test(m));
      const file = /first_bg\.[0-9a-f]{8}\.wasm/;
      check(said.length >= 1 && said.some((m) => file.test(m)), `tampered ${kind}: the console says which file and why: ${JSON.stringify(v.console)}`);
      await ctx.close();
      // The control: the same altered files under a loader without integrity hashes do start.
      const ctl = await browser.createBrowserContext();
      const u = await visit(ctl, `${base}/unchecked-${kind}.html`);
      check(await waitFor(() => bannerShown(u.page)), `tampered ${kind}, loader without integrity hashes (control): the banner starts`);
      await ctl.close();
    }
  } finally {
    await browser.close();
  }
  if (resultFile) fs.writeFileSync(resultFile, JSON.stringify(result, null, 2));
  if (failures.length) {
    console.log(`${failures.length} check(s) failed`);
    process.exit(1);
  }
  console.log('all fixture checks passed');
}
main().catch((e) => { console.error(e); process.exit(1); });
