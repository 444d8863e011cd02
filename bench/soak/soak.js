// Soak test of kelisim's consent records (scripts/soak.sh starts the receiver and runs this).
//
// LOADS page loads of the demo site in headless Chromium (playwright-core, the system Chromium),
// one after the other in ONE browser context, so the outbox and the hand-overs in localStorage
// that one page leaves are delivered by a later one. Between the pages and the reference
// receiver sits a fault-injecting HTTP proxy (below): while the soak runs, about half of the
// `POST /consent` requests fail (500, connection reset before or after the receiver stored the
// record, or a slow answer), and each page is closed at a random moment, often while a request
// is in flight. Each load makes a random choice (accept all, reject all, settings + some
// categories + save, withdraw when a consent exists, or nothing). Then a recovery phase with a
// healthy endpoint reloads the page until localStorage holds no hand-over and no pending record,
// and the receiver's database is checked: every record id created in the browser (seen at the
// moment the first layer writes its hand-over, or on its way to the endpoint) is stored exactly
// once. Prints the figures and writes them as JSON; exits 1 when a record is lost or stored twice.
//
// Environment: RECEIVER (http://127.0.0.1:port of the receiver), DATABASE (its SQLite file),
// RECEIVER_LOG (its stderr, JSON lines), PROXY_PORT, LOADS, SEED, FAIL (fault share, 0.5),
// CHROMIUM, RESULT_JSON, RECOVERY_SECONDS.
"use strict";

const http = require("http");
const fs = require("fs");
const { execFileSync } = require("child_process");
const { chromium } = require("playwright-core");

const env = (name, fallback) => process.env[name] ?? fallback;
const LOADS = Number(env("LOADS", "1000"));
const RECEIVER = new URL(env("RECEIVER", "http://127.0.0.1:18787"));
const DATABASE = env("DATABASE", "");
const RECEIVER_LOG = env("RECEIVER_LOG", "");
const PROXY_PORT = Number(env("PROXY_PORT", "18788"));
const FAIL = Number(env("FAIL", "0.5"));
const CHROMIUM = env("CHROMIUM", "/usr/bin/chromium");
const RECOVERY_SECONDS = Number(env("RECOVERY_SECONDS", "180"));
const RESULT_JSON = env("RESULT_JSON", "");
// How long a click waits for its control (the preference center is loaded on demand).
const CLICK_MS = Number(env("CLICK_MS", "10000"));
let seed = Number(env("SEED", String(Date.now() % 1e9)));
const SEED = seed;

// A small seeded PRNG (mulberry32), so a run can be repeated with SEED.
function random() {
  seed = (seed + 0x6d2b79f5) | 0;
  let t = seed;
  t = Math.imul(t ^ (t >>> 15), t | 1);
  t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
  return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
}
const pick = (items) => items[Math.floor(random() * items.length)];
const between = (lo, hi) => lo + Math.floor(random() * (hi - lo));
const sleep = (ms) => new Promise((r) => setTimeout(r, ms));
const log = (...a) => console.error("soak:", ...a);

const UUID = /[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}/;
const RECORD_ID = new RegExp(`record_id\\\\?"\\s*:\\s*\\\\?"(${UUID.source})`, "g");
const CHOICE_KEY = new RegExp(`^kelisim:choice:\\d+:(${UUID.source}):`);

// ---------------------------------------------------------------- what the soak saw
const created = new Set(); // record ids seen in the browser (hand-over key, outbox, request)
const choices = []; // kelisim:consent events: { id, timestamp, event }
const faults = { passed: 0, error500: 0, resetBefore: 0, resetAfter: 0, slow: 0 };
let posts = 0;
let healthy = false;

function noteRecordIds(text) {
  for (const m of String(text).matchAll(RECORD_ID)) created.add(m[1].toLowerCase());
}

// ---------------------------------------------------------------- the fault-injecting proxy
// Everything is forwarded to the receiver; `POST /consent` fails with probability FAIL (unless
// healthy): 500 without forwarding; the connection reset before forwarding; forwarded (so
// stored) and then the connection reset instead of the answer, which makes the browser send
// the same record again; or forwarded after 1-6 s.
function forward(req, body, res, onAnswer) {
  const upstream = http.request(
    {
      host: RECEIVER.hostname,
      port: RECEIVER.port,
      method: req.method,
      path: req.url,
      headers: { ...req.headers, host: RECEIVER.host },
    },
    (answer) => {
      const chunks = [];
      answer.on("data", (c) => chunks.push(c));
      answer.on("end", () => onAnswer(answer, Buffer.concat(chunks)));
    },
  );
  upstream.on("error", () => res.socket && res.socket.destroy());
  upstream.end(body);
}

function reply(res, answer, data) {
  if (res.socket && res.socket.destroyed) return;
  res.writeHead(answer.statusCode, answer.headers);
  res.end(data);
}

const proxy = http.createServer((req, res) => {
  const chunks = [];
  req.on("data", (c) => chunks.push(c));
  req.on("error", () => {});
  res.on("error", () => {});
  req.on("end", () => {
    const body = Buffer.concat(chunks);
    const isRecord = req.method === "POST" && req.url.split("?")[0] === "/consent";
    if (!isRecord) return forward(req, body, res, (a, d) => reply(res, a, d));
    posts++;
    noteRecordIds(body.toString("utf8"));
    const fault = healthy || random() >= FAIL ? "passed" : pick(["error500", "resetBefore", "resetAfter", "slow"]);
    faults[fault]++;
    switch (fault) {
      case "error500":
        res.writeHead(500, { "content-type": "application/json" });
        return res.end('{"error":"soak: injected failure"}');
      case "resetBefore":
        return req.socket.destroy();
      case "resetAfter":
        return forward(req, body, res, () => req.socket.destroy());
      case "slow":
        return setTimeout(() => forward(req, body, res, (a, d) => reply(res, a, d)), between(1000, 6000));
      default:
        return forward(req, body, res, (a, d) => reply(res, a, d));
    }
  });
});

// ---------------------------------------------------------------- the pages
// Runs in every page before its scripts: reports each record id the page writes to localStorage
// (the hand-over's key holds it, the outbox's value too) and each `kelisim:consent` event.
const PAGE_HOOK = `(() => {
  const setItem = Storage.prototype.setItem;
  Storage.prototype.setItem = function (key, value) {
    try { window.__soakStorage(String(key), String(value)); } catch (e) {}
    return setItem.call(this, key, value);
  };
  document.addEventListener("kelisim:consent", (e) => {
    try {
      const d = e.detail || {};
      window.__soakChoice({ id: d.id, timestamp: d.timestamp, event: d.event, action: d.action });
    } catch (e) {}
  });
})();`;

async function openSettings(page) {
  // The footer's `data-kelisim-open` link opens the preference center, with or without a consent.
  await page.locator("a[data-kelisim-open]").click({ timeout: CLICK_MS });
  await page.locator('[data-kelisim-screen="settings"]').waitFor({ timeout: CLICK_MS });
}

async function choose(page, choice) {
  const banner = page.locator('[data-kelisim-screen="banner"]');
  const bannerShown = await banner.isVisible().catch(() => false);
  const inBanner = (action) => banner.locator(`[data-kelisim-action="${action}"]`).click({ timeout: CLICK_MS });
  const inSettings = (action) =>
    page.locator(`[data-kelisim-screen="settings"] [data-kelisim-action="${action}"]`).first().click({ timeout: CLICK_MS });
  switch (choice) {
    case "accept-all":
    case "reject-all":
      if (bannerShown) return inBanner(choice);
      await openSettings(page);
      return inSettings(choice);
    case "settings": {
      await openSettings(page);
      for (const id of ["preferences", "analytics", "marketing"]) {
        if (random() < 0.5) {
          await page.locator(`[data-kelisim-screen="settings"] [data-kelisim-category="${id}"]`).click({ timeout: CLICK_MS });
        }
      }
      return inSettings("save");
    }
    case "withdraw": {
      const consent = await page.evaluate(() => window.kelisim && window.kelisim.getConsent());
      if (!consent) return "nothing (no consent to withdraw)";
      await openSettings(page);
      return inSettings("withdraw");
    }
    default:
      return undefined;
  }
}

async function readOutbox(page) {
  return page.evaluate(() => {
    const keys = [];
    for (let i = 0; i < localStorage.length; i++) keys.push(localStorage.key(i));
    const choicesWaiting = keys.filter((k) => k.startsWith("kelisim:choice:")).length;
    let pending = 0;
    for (const k of keys.filter((k) => k.startsWith("kelisim:outbox:"))) {
      try {
        // One key per record (`kelisim:outbox:<time>:<record id>:<cookie>`), or kelisim 0.1's
        // shared outbox (`kelisim:outbox:<cookie>`, `{ pending: [...] }`) not yet migrated.
        const outbox = JSON.parse(localStorage.getItem(k));
        pending += Array.isArray(outbox && outbox.pending) ? outbox.pending.length : 1;
      } catch (e) {
        pending += 1;
      }
    }
    return { choicesWaiting, pending };
  });
}

function sqlite(sql) {
  return execFileSync("sqlite3", ["-readonly", DATABASE, sql], { encoding: "utf8" });
}

async function main() {
  await new Promise((r) => proxy.listen(PROXY_PORT, "127.0.0.1", r));
  const site = `http://127.0.0.1:${PROXY_PORT}/`;
  log(`${LOADS} loads of ${site} (receiver ${RECEIVER.origin}, failing ${FAIL * 100}% of POST /consent, seed ${SEED})`);
  const browser = await chromium.launch({ executablePath: CHROMIUM, headless: true, args: ["--no-sandbox"] });
  const context = await browser.newContext();
  await context.exposeBinding("__soakStorage", (_source, key, value) => {
    const m = CHOICE_KEY.exec(key);
    if (m) created.add(m[1].toLowerCase());
    noteRecordIds(value);
  });
  await context.exposeBinding("__soakChoice", (_source, detail) => choices.push(detail));
  await context.addInitScript(PAGE_HOOK);
  context.on("request", (request) => {
    if (request.method() === "POST") noteRecordIds(request.postData() || "");
  });

  const started = Date.now();
  const tally = {};
  let closedEarly = 0;
  for (let i = 1; i <= LOADS; i++) {
    // A new visitor now and then (the consent cookie gone, the banner back); the outbox stays.
    if (random() < 0.15) await context.clearCookies();
    const page = await context.newPage();
    const choice = pick(["accept-all", "reject-all", "settings", "withdraw", "nothing"]);
    // Sometimes the page is closed while it is still loading, before any choice.
    const early = random() < 0.1;
    let outcome = choice;
    try {
      await page.goto(site, { waitUntil: early ? "commit" : "load", timeout: 15000 });
      if (early) {
        outcome = "closed while loading";
        await sleep(between(0, 400));
        closedEarly++;
      } else {
        await page.locator("#kelisim-root").waitFor({ state: "attached", timeout: 10000 });
        const said = await choose(page, choice);
        if (typeof said === "string") outcome = said;
        // Closed at a random moment after the choice: often before or while the record is sent.
        const r = random();
        await sleep(r < 0.3 ? between(0, 50) : r < 0.8 ? between(50, 1500) : between(1500, 4000));
      }
    } catch (e) {
      outcome = `${choice}: error: ${String(e.message).split("\n")[0]}`;
    }
    tally[outcome] = (tally[outcome] || 0) + 1;
    await page.close({ runBeforeUnload: false }).catch(() => {});
    if (i % 50 === 0 || i === LOADS) {
      log(`${i}/${LOADS} loads, ${created.size} records created, ${posts} POSTs, ${Math.round((Date.now() - started) / 1000)} s`);
    }
  }
  const soakSeconds = (Date.now() - started) / 1000;

  // Recovery: the endpoint healthy, load the page until nothing waits in localStorage.
  healthy = true;
  log("recovery: endpoint healthy, reloading until the outbox is empty");
  const recoveryStarted = Date.now();
  let left = null;
  let recoveryLoads = 0;
  const page = await context.newPage();
  while ((Date.now() - recoveryStarted) / 1000 < RECOVERY_SECONDS) {
    recoveryLoads++;
    await page.goto(site, { waitUntil: "load", timeout: 15000 }).catch(() => {});
    for (let t = 0; t < 20; t++) {
      await sleep(500);
      left = await readOutbox(page).catch(() => null);
      if (left && left.choicesWaiting === 0 && left.pending === 0) break;
    }
    if (left && left.choicesWaiting === 0 && left.pending === 0) break;
  }
  // Keepalive requests of closed pages may still be on their way: let them land.
  await sleep(2000);
  const recoverySeconds = (Date.now() - recoveryStarted) / 1000;
  await browser.close();
  proxy.close();

  // ---------------------------------------------------------------- the check
  const stored = new Map();
  for (const line of sqlite("SELECT record_id, count(*) FROM consent_records GROUP BY record_id;").split("\n")) {
    if (!line) continue;
    const [id, n] = line.split("|");
    stored.set(id.toLowerCase(), Number(n));
  }
  const rows = Number(sqlite("SELECT count(*) FROM consent_records;").trim());
  const lost = [...created].filter((id) => !stored.has(id));
  const storedTwice = [...stored].filter(([, n]) => n > 1).map(([id]) => id);
  const unknown = [...stored.keys()].filter((id) => !created.has(id));
  let repeats = 0;
  if (RECEIVER_LOG && fs.existsSync(RECEIVER_LOG)) {
    for (const line of fs.readFileSync(RECEIVER_LOG, "utf8").split("\n")) {
      if (line.includes('"outcome":"repeat"')) repeats++;
    }
  }
  // Every choice event must have a stored record of that consent, time and event.
  const bodies = sqlite("SELECT body FROM consent_records;")
    .split("\n")
    .filter(Boolean)
    .map((b) => JSON.parse(b));
  const storedChoices = new Set(bodies.map((b) => `${b.consent_id}|${b.client_time}|${b.event}`));
  const unrecorded = choices.filter((c) => !storedChoices.has(`${c.id}|${c.timestamp}|${c.event}`));

  const result = {
    date: new Date().toISOString(),
    seed: SEED,
    loads: LOADS,
    fail_share: FAIL,
    outcomes: tally,
    closed_while_loading: closedEarly,
    choices: choices.length,
    records_created: created.size,
    posts,
    faults,
    stored_rows: rows,
    stored_distinct: stored.size,
    duplicates_refused: repeats,
    duplicates_stored: storedTwice.length,
    lost: lost.length,
    lost_ids: lost.slice(0, 20),
    choices_without_record: unrecorded.length,
    stored_not_seen: unknown.length,
    left_in_browser: left,
    recovery_loads: recoveryLoads,
    soak_seconds: Math.round(soakSeconds),
    recovery_seconds: Math.round(recoverySeconds),
  };
  if (RESULT_JSON) fs.writeFileSync(RESULT_JSON, JSON.stringify(result, null, 2) + "\n");
  const f = (k, v) => console.log(`${k.padEnd(24)} ${v}`);
  f("loads", `${LOADS} (+${recoveryLoads} recovery), seed ${SEED}`);
  f("choices (events)", choices.length);
  f("records created", created.size);
  f("POST /consent", `${posts}: ${faults.passed} passed, ${faults.error500} × 500, ${faults.resetBefore} reset before, ${faults.resetAfter} reset after storing, ${faults.slow} slow`);
  f("stored", `${stored.size} records (${rows} rows)`);
  f("duplicates refused", repeats);
  f("duplicates stored", storedTwice.length);
  f("lost", lost.length);
  f("choices without record", unrecorded.length);
  f("time", `${Math.round(soakSeconds)} s soak + ${Math.round(recoverySeconds)} s recovery`);
  const failed = lost.length > 0 || storedTwice.length > 0 || unrecorded.length > 0 || rows !== stored.size;
  if (lost.length) log(`LOST: ${lost.slice(0, 20).join(" ")}`);
  if (unrecorded.length) log(`choices without a stored record: ${JSON.stringify(unrecorded.slice(0, 5))}`);
  if (left && (left.choicesWaiting || left.pending)) log(`still in the browser after recovery: ${JSON.stringify(left)}`);
  log(failed ? "FAILED" : "ok: every record created is stored exactly once");
  process.exit(failed ? 1 : 0);
}

main().catch((e) => {
  log(e.stack || String(e));
  process.exit(2);
});
