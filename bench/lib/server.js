'use strict';
// A small static HTTP/1.1 server on 127.0.0.1 that sends text and wasm gzip-compressed
// (Content-Encoding: gzip, level 6, like a default nginx/CDN setup; or brotli -q 11 with
// `encoding: 'br'`, like the precompressed copies in dist/), with Cache-Control: no-cache
// (or --cache-control) and an ETag. Every file is read and
// compressed once at start, so a rebuild of dist/ during a benchmark cannot mix two bundles.
//
//   /p/<variant>.html   the host page with that variant's embed
//   /site.css           the host page's stylesheet
//   /kelisim/...        dist/ (loader kelisim.js, with the first layer's glue; app/first_bg.<hash>.wasm, the first layer;
//                       app/app.<hash>.js + app_bg.<hash>.wasm, the Leptos app loaded on demand)
//   POST /consent-records  204, the record endpoint of the kelisim-endpoint variant
//   /vendor/cookieconsent/...  node_modules/vanilla-cookieconsent/dist/
//   /vendor/klaro/...          node_modules/klaro/dist/
const crypto = require('crypto');
const fs = require('fs');
const http = require('http');
const path = require('path');
const zlib = require('zlib');
const { VARIANTS, renderPage } = require('./variants');

const TYPES = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.mjs': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.json': 'application/json',
  '.wasm': 'application/wasm',
  '.svg': 'image/svg+xml',
};
const COMPRESS = new Set(['.html', '.js', '.mjs', '.css', '.json', '.wasm', '.svg']);

function entry(name, body) {
  const ext = path.extname(name);
  const e = { type: TYPES[ext] || 'application/octet-stream', raw: body, etag: `"${crypto.createHash('sha1').update(body).digest('hex').slice(0, 20)}"` };
  if (COMPRESS.has(ext)) {
    e.gzip = zlib.gzipSync(body, { level: 6 });
    e.brotli = zlib.brotliCompressSync(body, {
      params: { [zlib.constants.BROTLI_PARAM_QUALITY]: 11, [zlib.constants.BROTLI_PARAM_SIZE_HINT]: body.length },
    });
  }
  return e;
}

function addTree(files, urlPrefix, dir, filter) {
  for (const name of fs.readdirSync(dir)) {
    const full = path.join(dir, name);
    const st = fs.statSync(full);
    if (st.isDirectory()) addTree(files, `${urlPrefix}${name}/`, full, filter);
    else if (!filter || filter(name)) files.set(urlPrefix + name, entry(name, fs.readFileSync(full)));
  }
}

// pageRepeat N > 1: the article's body N times over (a heavier host page: the bench's article has
// about 150 boxes, a shop's page thousands; 41 gives about 4,750).
function buildFiles({ root, benchDir, pageRepeat = 1 }) {
  const files = new Map();
  let template = fs.readFileSync(path.join(benchDir, 'page', 'article.html'), 'utf8');
  if (pageRepeat > 1) {
    const open = template.indexOf('>', template.indexOf('<body')) + 1;
    const close = template.lastIndexOf('</body>');
    template = template.slice(0, open) + template.slice(open, close).repeat(pageRepeat) + template.slice(close);
  }
  for (const name of Object.keys(VARIANTS)) {
    files.set(`/p/${name}.html`, entry('x.html', Buffer.from(renderPage(template, name))));
  }
  for (const name of ['site.css', 'favicon.svg']) files.set(`/${name}`, entry(name, fs.readFileSync(path.join(benchDir, 'page', name))));
  files.set('/policy', entry('x.html', Buffer.from('<!doctype html><meta charset="utf-8"><title>Политика</title><p>Политика конфиденциальности.</p>')));
  // (Not dist/'s precompressed copies: every file is compressed here, alike for every variant.)
  addTree(files, '/kelisim/', path.join(root, 'dist'), (n) => !/\.(html|br|gz)$/.test(n));
  addTree(files, '/vendor/cookieconsent/', path.join(benchDir, 'node_modules', 'vanilla-cookieconsent', 'dist'), (n) => /^cookieconsent\.(umd\.js|css)$/.test(n));
  addTree(files, '/vendor/klaro/', path.join(benchDir, 'node_modules', 'klaro', 'dist'), (n) => n === 'klaro.js');
  return files;
}

function start(opts) {
  const files = buildFiles(opts);
  const server = http.createServer((req, res) => {
    const url = new URL(req.url, 'http://x');
    if (req.method === 'POST' && url.pathname === '/consent-records') {
      // The consent record endpoint of the kelisim-endpoint variant: accepts and forgets.
      req.resume();
      req.on('end', () => { res.writeHead(204); res.end(); });
      return;
    }
    const f = files.get(url.pathname);
    if (!f) {
      res.writeHead(404, { 'Content-Type': 'text/plain' });
      res.end('not found');
      return;
    }
    // An ETag, as any static server or CDN sends: with no-cache, a cached copy (e.g. the one
    // the idle prefetch put into the HTTP cache) is revalidated with If-None-Match → 304.
    const headers = { 'Content-Type': f.type, 'Cache-Control': opts.cacheControl || 'no-cache', ETag: f.etag };
    if (f.gzip) headers.Vary = 'Accept-Encoding';
    if ((req.headers['if-none-match'] || '').split(/\s*,\s*/).includes(f.etag)) {
      res.writeHead(304, headers);
      res.end();
      return;
    }
    let body = f.raw;
    const accepts = req.headers['accept-encoding'] || '';
    if (opts.encoding === 'br' && f.brotli && /\bbr\b/.test(accepts)) {
      headers['Content-Encoding'] = 'br';
      body = f.brotli;
    } else if (f.gzip && /\bgzip\b/.test(accepts)) {
      headers['Content-Encoding'] = 'gzip';
      body = f.gzip;
    }
    headers['Content-Length'] = body.length;
    res.writeHead(200, headers);
    res.end(req.method === 'HEAD' ? undefined : body);
  });
  server.keepAliveTimeout = 30000;
  return new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen(opts.port || 0, '127.0.0.1', () => {
      resolve({ server, files, origin: `http://127.0.0.1:${server.address().port}` });
    });
  });
}

module.exports = { start };
