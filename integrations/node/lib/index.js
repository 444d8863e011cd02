'use strict';
/**
 * kelisim-receiver for Node: the consent records endpoint as a handler of node:http's
 * (req, res), usable from Express and Fastify. It validates a record against
 * consent-record.schema.json, stores it once per record_id in the hash-chained ledger
 * (docs/ledger-format.md, row format 2) of SQLite (better-sqlite3) or PostgreSQL (pg), answers
 * 201 stored / 200 repeat only after the commit, and re-issues the consent cookie for 13 months
 * (never rolling it back). No IP address is stored.
 */
const crypto = require('node:crypto');
const { validate } = require('./validate');

const MAX_BODY = 64 * 1024;
const CLOCK_SKEW = 24 * 3600;
const GENESIS = '0'.repeat(64);

function hash2(row) {
  return crypto
    .createHash('sha256')
    .update(['kelisim-ledger-2', row.prev_hash, row.received_at, row.record_id, row.consent_id,
      row.given_at, row.origin, row.body].join('\n'), 'utf8')
    .digest('hex');
}

function receivedAt() {
  return new Date().toISOString(); // 2026-12-03T08:15:00.123Z
}

const COLUMNS = 'id, format, record_id, consent_id, given_at, received_at, origin, body, prev_hash, hash';
const CREATE = `CREATE TABLE IF NOT EXISTS kelisim_ledger (
  id BIGINT PRIMARY KEY, record_id TEXT NOT NULL UNIQUE, consent_id TEXT NOT NULL,
  given_at TEXT NOT NULL, received_at TEXT NOT NULL, origin TEXT NOT NULL, body TEXT NOT NULL,
  prev_hash TEXT NOT NULL, hash TEXT NOT NULL, format INTEGER NOT NULL)`;
const INDEX = 'CREATE INDEX IF NOT EXISTS kelisim_ledger_consent ON kelisim_ledger (consent_id)';

/** The ledger in a SQLite file (better-sqlite3: synchronous, one writer at a time). */
function sqliteStore(path) {
  const Database = require('better-sqlite3');
  const db = new Database(path);
  db.pragma('journal_mode = WAL');
  db.pragma('synchronous = FULL');
  db.pragma('busy_timeout = 30000');
  db.exec(CREATE);
  db.exec(INDEX);
  const byRecord = db.prepare('SELECT id FROM kelisim_ledger WHERE record_id = ?');
  const later = db.prepare('SELECT COUNT(*) AS n FROM kelisim_ledger WHERE consent_id = ? AND given_at > ?');
  const last = db.prepare('SELECT id, hash FROM kelisim_ledger ORDER BY id DESC LIMIT 1');
  const insert = db.prepare(`INSERT INTO kelisim_ledger (${COLUMNS}) VALUES
    (@id, 2, @record_id, @consent_id, @given_at, @received_at, @origin, @body, @prev_hash, @hash)`);
  const append = db.transaction((r) => {
    const superseded = later.get(r.consent_id, r.given_at).n > 0;
    const found = byRecord.get(r.record_id);
    if (found) return { status: 'repeat', id: Number(found.id), superseded };
    const top = last.get();
    const row = { ...r, id: top ? Number(top.id) + 1 : 1, prev_hash: top ? top.hash : GENESIS, received_at: receivedAt() };
    row.hash = hash2(row);
    insert.run(row);
    return { status: 'stored', id: row.id, received_at: row.received_at, hash: row.hash, superseded };
  });
  return {
    append: async (r) => append.immediate(r),
    rows: async () => db.prepare(`SELECT ${COLUMNS} FROM kelisim_ledger ORDER BY id`).all(),
    close: async () => db.close(),
  };
}

/** The ledger in PostgreSQL (pg): each append locks the table for its transaction. */
function postgresStore(url) {
  const { Pool } = require('pg');
  const pool = new Pool({ connectionString: url, max: 10 });
  const ready = pool.query(CREATE).then(() => pool.query(INDEX));
  return {
    async append(r) {
      await ready;
      const c = await pool.connect();
      try {
        await c.query('BEGIN');
        await c.query('LOCK TABLE kelisim_ledger IN SHARE ROW EXCLUSIVE MODE');
        const later = await c.query('SELECT COUNT(*)::int AS n FROM kelisim_ledger WHERE consent_id = $1 AND given_at > $2', [r.consent_id, r.given_at]);
        const superseded = later.rows[0].n > 0;
        const found = await c.query('SELECT id FROM kelisim_ledger WHERE record_id = $1', [r.record_id]);
        if (found.rows.length) {
          await c.query('COMMIT');
          return { status: 'repeat', id: Number(found.rows[0].id), superseded };
        }
        const top = (await c.query('SELECT id, hash FROM kelisim_ledger ORDER BY id DESC LIMIT 1')).rows[0];
        const row = { ...r, id: top ? Number(top.id) + 1 : 1, prev_hash: top ? top.hash : GENESIS, received_at: receivedAt() };
        row.hash = hash2(row);
        await c.query(`INSERT INTO kelisim_ledger (${COLUMNS}) VALUES ($1, 2, $2, $3, $4, $5, $6, $7, $8, $9)`,
          [row.id, row.record_id, row.consent_id, row.given_at, row.received_at, row.origin, row.body, row.prev_hash, row.hash]);
        await c.query('COMMIT');
        return { status: 'stored', id: row.id, received_at: row.received_at, hash: row.hash, superseded };
      } catch (e) {
        await c.query('ROLLBACK').catch(() => {});
        throw e;
      } finally {
        c.release();
      }
    },
    async rows() {
      await ready;
      return (await pool.query(`SELECT ${COLUMNS} FROM kelisim_ledger ORDER BY id`)).rows;
    },
    close: () => pool.end(),
  };
}

/** A store for `sqlite:/path/file.db` (or a plain path) or `postgres://…`. */
function openStore(url) {
  if (/^postgres(ql)?:\/\//.test(url)) return postgresStore(url);
  return sqliteStore(url.replace(/^sqlite:(\/\/)?/, ''));
}

/** The ledger as JSON Lines (docs/ledger-format.md). */
async function exportLines(store, write) {
  for (const r of await store.rows()) {
    write(JSON.stringify({
      id: Number(r.id), format: Number(r.format), record_id: r.record_id, consent_id: r.consent_id,
      given_at: r.given_at, received_at: r.received_at, origin: r.origin, body: r.body,
      prev_hash: r.prev_hash, hash: r.hash,
    }) + '\n');
  }
}

// ---- the cookie ----

/** Unix seconds + 13 calendar months, the day clamped to the month's last. */
function expiry(given) {
  const d = new Date(given * 1000);
  const index = d.getUTCFullYear() * 12 + d.getUTCMonth() + 13;
  const year = Math.floor(index / 12);
  const month = index % 12;
  const last = new Date(Date.UTC(year, month + 1, 0)).getUTCDate();
  return Date.UTC(year, month, Math.min(d.getUTCDate(), last), d.getUTCHours(), d.getUTCMinutes(), d.getUTCSeconds()) / 1000;
}

function fnv1a(s) {
  let h = 0x811c9dc5;
  for (const b of Buffer.from(s, 'utf8')) {
    h = Math.imul(h ^ b, 0x01000193) >>> 0;
  }
  return h.toString(16).padStart(8, '0');
}

function cookieValue(r, given) {
  const granted = Object.keys(r.categories).filter((k) => r.categories[k] === true).sort();
  const body = `2.${r.consent_id}.${r.revision}.${given}.${r.language}.${granted.join('~')}.${r.gpc ? 1 : 0}`;
  return `${body}.${fnv1a(body)}`;
}

// ---- reading a record ----

function nesting(text) {
  let depth = 0, max = 0, inString = false, escaped = false;
  for (const c of text) {
    if (inString) {
      if (escaped) escaped = false;
      else if (c === '\\') escaped = true;
      else if (c === '"') inString = false;
      continue;
    }
    if (c === '"') inString = true;
    else if (c === '{' || c === '[') max = Math.max(max, ++depth);
    else if (c === '}' || c === ']') depth = Math.max(0, depth - 1);
  }
  return max;
}

/** `{ record }` or `{ error, problems }`. */
function readRecord(buffer, now = Date.now() / 1000) {
  let text;
  try {
    text = new TextDecoder('utf-8', { fatal: true }).decode(buffer);
  } catch {
    return { error: 'the body is not UTF-8', problems: [] };
  }
  if (nesting(text) > 8) return { error: 'a consent record nests arrays and objects at most 8 deep', problems: [] };
  let value;
  try {
    value = JSON.parse(text);
  } catch (e) {
    return { error: `invalid JSON: ${e.message}`, problems: [] };
  }
  const problems = validate(value);
  if (!problems.length) {
    const given = Date.parse(value.client_time) / 1000;
    if (!Number.isFinite(given) || new Date(given * 1000).toISOString().replace('.000Z', 'Z') !== value.client_time) {
      problems.push({ path: '/client_time', message: `${JSON.stringify(value.client_time)} is not a valid date and time` });
    } else if (Math.abs(given - now) > CLOCK_SKEW) {
      problems.push({ path: '/client_time', message: `${JSON.stringify(value.client_time)} is more than 24 hours from the receiver's clock` });
    }
  }
  if (problems.length) return { error: 'not a consent record (schema/consent-record.schema.json)', problems };
  return { record: value, text };
}

// ---- the handler ----

/**
 * A handler of `POST /consent` (and its CORS preflight) for node:http's (req, res).
 * Options: `store` (from openStore) or `database` (its URL), `corsOrigins` (array; empty: any
 * origin, without the cookie), `cookieName` ("kelisim"), `cookieDomain`, `site` (origin stored
 * when a request has none).
 */
function createHandler(options = {}) {
  const store = options.store || openStore(options.database || 'sqlite:consents.db');
  const origins = (options.corsOrigins || []).map((o) => o.trim().replace(/\/$/, '')).filter(Boolean);
  const cookieName = options.cookieName || 'kelisim';

  function originKind(req) {
    const origin = req.headers.origin;
    if (!origin) return 'own';
    if (req.headers.host && origin.split('://')[1] === req.headers.host) return 'own';
    if (origins.some((o) => o !== '*' && o.toLowerCase() === origin.toLowerCase())) return 'named';
    return !origins.length || origins.includes('*') ? 'any' : 'forbidden';
  }

  function send(res, status, body, headers) {
    res.writeHead(status, { 'Content-Type': 'application/json', 'X-Content-Type-Options': 'nosniff', ...headers });
    res.end(JSON.stringify(body));
  }

  const handler = async (req, res) => {
    const origin = req.headers.origin;
    const kind = originKind(req);
    const cors = kind === 'named'
      ? { 'Access-Control-Allow-Origin': origin, 'Access-Control-Allow-Credentials': 'true', Vary: 'Origin' }
      : kind === 'any' ? { 'Access-Control-Allow-Origin': '*' } : { Vary: 'Origin' };
    if (req.method === 'OPTIONS') {
      const allowed = kind === 'named' || kind === 'any';
      res.writeHead(204, allowed ? { ...cors, 'Access-Control-Allow-Methods': 'POST, GET',
        'Access-Control-Allow-Headers': 'content-type', 'Access-Control-Max-Age': '86400' } : {});
      return res.end();
    }
    if (req.method !== 'POST') return send(res, 405, { error: 'POST a consent record here' }, { Allow: 'POST, OPTIONS' });
    if (kind === 'forbidden') return send(res, 403, { error: `the origin ${origin} may not post consent records here` }, cors);
    const tooLarge = { error: `a consent record is at most ${MAX_BODY} bytes` };
    if (Number(req.headers['content-length'] || 0) > MAX_BODY) {
      return send(res, 413, tooLarge, { ...cors, Connection: 'close' });
    }
    const chunks = [];
    let size = 0;
    for await (const chunk of req) {
      size += chunk.length;
      if (size > MAX_BODY) return send(res, 413, tooLarge, { ...cors, Connection: 'close' });
      chunks.push(chunk);
    }
    const media = (req.headers['content-type'] || '').split(';')[0].trim().toLowerCase();
    if (media !== 'application/json' && media !== 'text/plain' && !media.endsWith('+json')) {
      return send(res, 415, { error: 'a consent record is sent with Content-Type: application/json' }, cors);
    }
    const read = readRecord(Buffer.concat(chunks));
    if (!read.record) {
      const body = read.problems.length ? { error: read.error, problems: read.problems } : { error: read.error };
      return send(res, 400, body, cors);
    }
    const r = read.record;
    let stored;
    try {
      stored = await store.append({
        record_id: r.record_id, consent_id: r.consent_id, given_at: r.client_time,
        origin: origin || options.site || '', body: read.text,
      });
    } catch (e) {
      console.error(`kelisim: the record could not be stored: ${e.message}`);
      return send(res, 500, { error: 'the record could not be stored; send it again later' }, cors);
    }
    const headers = { ...cors };
    if ((r.kind || 'cookies') === 'cookies' && !stored.superseded && (kind === 'own' || kind === 'named')) {
      const given = Date.parse(r.client_time) / 1000;
      const expires = new Date(expiry(Math.min(given, Math.floor(Date.now() / 1000))) * 1000).toUTCString();
      const proto = String(req.headers['x-forwarded-proto'] || (req.socket && req.socket.encrypted ? 'https' : 'http'));
      headers['Set-Cookie'] = `${cookieName}=${cookieValue(r, given)}; Path=/; Expires=${expires}; SameSite=Lax`
        + (options.cookieDomain ? `; Domain=${options.cookieDomain}` : '')
        + (proto.split(',')[0].trim().toLowerCase() === 'https' ? '; Secure' : '');
    }
    const { superseded, ...answer } = stored;
    return send(res, stored.status === 'stored' ? 201 : 200, { ...answer, record_id: r.record_id }, headers);
  };
  handler.store = store;
  return handler;
}

module.exports = { createHandler, openStore, exportLines, readRecord, expiry, cookieValue, hash2 };
