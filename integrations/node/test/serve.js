#!/usr/bin/env node
'use strict';
// The receiver mounted in Express or Fastify exactly as the book's chapter "Receivers for PHP,
// Node and Python" shows it, for the conformance suite (scripts/test-receivers.sh):
//   node test/serve.js express|fastify HOST:PORT
// Settings from the environment, as bin/kelisim-receiver.js reads them.
const { createHandler } = require('../lib');

const [framework, addr = '127.0.0.1:8787'] = process.argv.slice(2);
const [host, port] = addr.split(':');
const env = (name, fallback = '') => process.env[name] || fallback;
const consent = createHandler({
  database: env('KELISIM_DATABASE_URL', 'sqlite:consents.db'),
  corsOrigins: env('KELISIM_CORS_ORIGINS').split(','),
  cookieName: env('KELISIM_COOKIE_NAME', 'kelisim'),
  site: env('KELISIM_SITE'),
});

if (framework === 'express') {
  const express = require('express');
  const app = express();
  // Before any body parser (the handler reads the body itself).
  app.all('/consent', (req, res) => consent(req, res));
  // The site's own routes, with a body parser of their own, stay as they were.
  app.use(express.json());
  app.get('/healthz', (req, res) => res.send('ok\n'));
  app.listen(Number(port), host);
} else if (framework === 'fastify') {
  const fastify = require('fastify')();
  // Hand over the raw request and response.
  fastify.register(async (f) => {
    f.removeAllContentTypeParsers();
    f.addContentTypeParser('*', (req, payload, done) => done(null));
    f.all('/consent', (req, reply) => { reply.hijack(); consent(req.raw, reply.raw); });
  });
  fastify.get('/healthz', async () => 'ok\n');
  fastify.listen({ port: Number(port), host }).catch((e) => { console.error(e.message); process.exit(1); });
} else {
  console.error('usage: node test/serve.js express|fastify HOST:PORT');
  process.exit(2);
}
