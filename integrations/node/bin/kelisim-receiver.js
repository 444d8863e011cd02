#!/usr/bin/env node
'use strict';
// kelisim-receiver (Node): `serve [--addr HOST:PORT]` serves POST /consent; `export` prints the
// ledger as JSON Lines. Settings from the environment: KELISIM_DATABASE_URL (sqlite:/path/file.db
// or postgres://…), KELISIM_CORS_ORIGINS (comma-separated), KELISIM_COOKIE_NAME,
// KELISIM_COOKIE_DOMAIN, KELISIM_SITE.
const http = require('node:http');
const { createHandler, openStore, exportLines } = require('../lib');

const env = (name, fallback = '') => process.env[name] || fallback;
const database = env('KELISIM_DATABASE_URL', 'sqlite:consents.db');
const [command, ...args] = process.argv.slice(2);

if (command === 'export') {
  const store = openStore(database);
  exportLines(store, (line) => process.stdout.write(line)).then(() => store.close()).catch((e) => {
    console.error(e.message);
    process.exit(1);
  });
} else if (command === 'serve') {
  const i = args.indexOf('--addr');
  const [host, port] = (i >= 0 ? args[i + 1] : '127.0.0.1:8787').split(':');
  const handler = createHandler({
    database,
    corsOrigins: env('KELISIM_CORS_ORIGINS').split(','),
    cookieName: env('KELISIM_COOKIE_NAME', 'kelisim'),
    cookieDomain: env('KELISIM_COOKIE_DOMAIN') || undefined,
    site: env('KELISIM_SITE'),
  });
  http.createServer((req, res) => {
    if (req.url.split('?')[0] === '/consent') return handler(req, res);
    res.writeHead(req.url === '/healthz' ? 200 : 404).end(req.url === '/healthz' ? 'ok\n' : '');
  }).listen(Number(port), host);
} else {
  console.error('usage: kelisim-receiver serve [--addr HOST:PORT] | kelisim-receiver export');
  process.exit(2);
}
