/*! kelisim loader: the one script a site embeds. A small classic script, no build step.
 *
 * Before the WebAssembly is ready it already: finds the configuration (inline
 * <script type="application/json" id="kelisim-config">, or the URL in this script's
 * data-config), reads the stored consent from the cookie so that getConsent() and accepted()
 * answer at once, and exposes window.kelisim, queueing every other call. It then imports the
 * first layer's wasm-bindgen glue and .wasm from app/ next to its own URL (app/first.js,
 * app/first_bg.wasm: small, no Leptos), so the folder can be hosted anywhere, and hands over to
 * it; the first layer runs the queued calls and fires "kelisim:ready". The Leptos app
 * (app/app.js, app/app_bg.wasm: preference center, records) is loaded only when the first layer
 * asks for it (loadApp), and prefetched while the page is idle when the banner is shown.
 * The cookie format is documented in src/cookie.rs; this file only reads it.
 *
 * Google Consent Mode v2: synchronously, before any Google tag placed after this script can
 * load, it sends gtag('consent', 'default', …) (everything denied but security_storage, or the
 * stored choice), then gtag('consent', 'update', …) on each "kelisim:consent". Without a page
 * gtag() it pushes to dataLayer exactly what gtag() would (an Arguments object). The nonce of
 * this script (CSP) is handed to the app for the gated scripts it runs.
 */
(function () {
  "use strict";
  var w = window, d = document;
  if (w.kelisim && w.kelisim.ready !== undefined) return; // loaded twice
  var me = d.currentScript || d.querySelector('script[src$="kelisim.js"]');
  // Where app/ is: next to this script, or, when this script is inlined into the page (no src),
  // the folder in its data-base attribute, e.g. <script data-base="/kelisim/">…</script>.
  var base = new URL((me && me.getAttribute("data-base")) || ".", (me && me.src) || d.baseURI).href;
  var configUrl = me && me.getAttribute("data-config");
  var inline = d.getElementById("kelisim-config");
  var text = configUrl ? null : inline ? inline.textContent : null;
  var cfg = {};
  try { if (text) cfg = JSON.parse(text); } catch (e) { cfg = null; }

  function fnv(s) {
    var h = 0x811c9dc5;
    for (var i = 0; i < s.length; i++) h = Math.imul(h ^ s.charCodeAt(i), 0x01000193) >>> 0;
    return h;
  }
  function iso(t) { return new Date(t * 1000).toISOString().replace(".000Z", "Z"); }
  // 13 calendar months later, the day clamped to the month's end (as src/expiry.rs).
  function expiry(t) {
    var g = new Date(t * 1000), m = g.getUTCMonth() + 13, y = g.getUTCFullYear() + Math.floor(m / 12);
    m %= 12;
    var last = new Date(Date.UTC(y, m + 1, 0)).getUTCDate();
    return Date.UTC(y, m, Math.min(g.getUTCDate(), last), g.getUTCHours(), g.getUTCMinutes(), g.getUTCSeconds()) / 1000;
  }
  // The stored consent, or null: no cookie, altered, other revision, expired, or unknown config.
  // Never throws: a configuration of the wrong shape is the first layer's to report (by key).
  function stored() {
    try { return readStored(); } catch (e) { return null; }
  }
  function readStored() {
    if (!cfg || configUrl) return null;
    var name = (cfg.cookie && cfg.cookie.name) || "kelisim", v = null;
    d.cookie.split(";").forEach(function (p) {
      var i = p.indexOf("=");
      if (i > 0 && p.slice(0, i).trim() === name) v = p.slice(i + 1).trim();
    });
    if (!v) return null;
    var cut = v.lastIndexOf("."), body = v.slice(0, cut), f = body.split(".");
    // Version 2 has a 7th field (chosen under Global Privacy Control); version 1 does not.
    var known = (f[0] === "2" && f.length === 7) || (f[0] === "1" && f.length === 6);
    if (cut < 0 || !known || parseInt(v.slice(cut + 1), 16) !== fnv(body)) return null;
    var given = +f[3], exp = expiry(given), now = Date.now() / 1000;
    if (+f[2] !== (cfg.revision == null ? 1 : cfg.revision) || now >= exp || given > now + 86400) return null;
    var granted = f[5] ? f[5].split("~") : [], cats = {};
    var list = Array.isArray(cfg.categories) ? cfg.categories : [{ id: "preferences" }, { id: "analytics" }, { id: "marketing" }];
    var ids = list.map(function (c) { return c && c.id; });
    ["necessary"].concat(ids).forEach(function (id) { cats[id] = granted.indexOf(id) >= 0; });
    return { id: f[1], revision: +f[2], timestamp: iso(given), expires: iso(exp), language: f[4], categories: cats };
  }

  var early = stored(), queue = [];
  var api = { ready: false, version: null };
  api.getConsent = function () { return early; };
  api.accepted = function (id) { return !!(early && early.categories[id]); };
  ["show", "showPreferences", "hide", "acceptAll", "rejectAll", "setConsent", "withdraw", "setLanguage"].forEach(function (m) {
    api[m] = function () { queue.push([m, Array.prototype.slice.call(arguments)]); };
  });
  api.nonce = (me && me.nonce) || ""; // read by the app at start (browsers hide the attribute)
  w.kelisim = api;

  // Google Consent Mode v2. A type is granted when any category mapped to it is granted.
  var TYPES = ["ad_storage", "ad_user_data", "ad_personalization", "analytics_storage",
    "functionality_storage", "personalization_storage"];
  var modes = mapping(cfg), sent = null;
  function mapping(c) {
    var m = c && c.consent_mode;
    return m && typeof m === "object" && !Array.isArray(m) ? m : { analytics: ["analytics_storage"],
      marketing: ["ad_storage", "ad_user_data", "ad_personalization"],
      preferences: ["functionality_storage", "personalization_storage"] };
  }
  function push() { (w.dataLayer = w.dataLayer || []).push(arguments); }
  function gtag(command, state) {
    (typeof w.gtag === "function" ? w.gtag : push)("consent", command, state);
  }
  function states(cats) {
    var s = { security_storage: "granted" };
    TYPES.forEach(function (t) { s[t] = "denied"; });
    Object.keys(modes).forEach(function (c) {
      var types = modes[c];
      if (cats && cats[c] && Array.isArray(types)) types.forEach(function (t) { if (s[t] === "denied") s[t] = "granted"; });
    });
    return s;
  }
  // Without a consent only the required categories hold (necessary, and those marked required).
  function required() {
    var c = { necessary: true };
    var list = cfg && Array.isArray(cfg.categories) ? cfg.categories : [];
    list.forEach(function (x) { if (x && x.required === true) c[x.id] = true; });
    return c;
  }
  function update(cats, always) {
    var s = states(cats), key = JSON.stringify(s);
    if (always || key !== sent) { sent = key; gtag("update", s); }
  }
  (function () {
    var s = states(early ? early.categories : required());
    sent = JSON.stringify(s);
    s.wait_for_update = 500;
    gtag("default", s);
  })();
  d.addEventListener("kelisim:consent", function (e) { update(e.detail && e.detail.categories, true); });
  // The app's own reading of the consent (configuration from a URL, or a failed one: all denied).
  d.addEventListener("kelisim:ready", function (e) {
    var r = e.detail || {};
    update(r.ok ? (r.consent ? r.consent.categories : required()) : null, false);
  });

  function fail(e) { console.error("kelisim: cannot start:", e); }
  // The app's files: content-hashed names (served "immutable") and their Subresource Integrity
  // hashes, written between the markers by scripts/build.sh (dist/manifest.json lists the same).
  // Unbuilt (loader/kelisim.js itself): the plain names, unchecked.
  /*@files*/var FILES = { first: "app/first.js", first_wasm: "app/first_bg.wasm", app: "app/app.js", app_wasm: "app/app_bg.wasm" }, SRI = {};/*@end*/
  // A .wasm, fetched with its integrity: a copy that differs from the build's is refused.
  function wasm(f) {
    var url = base + FILES[f];
    return fetch(url, SRI[f] ? { integrity: SRI[f] } : {}).catch(function (e) {
      throw new Error(url + " did not load" + (SRI[f] ? " or does not match its integrity " + SRI[f] : "") + " (" + e + ")");
    });
  }
  // A glue module, imported once a <link rel=modulepreload integrity> has fetched and checked it
  // (the import reuses that module); a browser without modulepreload imports it unchecked.
  function glue(f) {
    var url = base + FILES[f], l = d.createElement("link");
    if (!SRI[f] || !(l.relList && l.relList.supports && l.relList.supports("modulepreload"))) return import(url);
    return new Promise(function (ok, ko) {
      l.rel = "modulepreload"; l.href = url; l.integrity = SRI[f];
      if (api.nonce) l.nonce = api.nonce;
      l.onload = function () { ok(import(url)); };
      l.onerror = function () { ko(new Error(url + " did not load or does not match its integrity " + SRI[f])); };
      d.head.appendChild(l);
    });
  }
  // The first layer's glue, its wasm and the configuration file are fetched in parallel.
  var glueLoading = glue("first");
  var wasmLoading = wasm("first_wasm");
  wasmLoading.catch(function () { /* reported by boot */ });
  glueLoading.catch(function () { /* reported by boot */ });
  // The Leptos app, for the first layer (src/web/bridge.rs): loaded once, when needed.
  var appLoading = null;
  var loader = {
    nonce: api.nonce,
    consentMode: true, // this script sends Consent Mode's default and updates (see below)
    loadApp: function () {
      if (!appLoading) {
        appLoading = glue("app").then(function (g) {
          return g.default({ module_or_path: wasm("app_wasm") }).then(function () { return g; });
        });
      }
      return appLoading;
    },
    // Fetches the app's files into the HTTP cache while the page is idle (no compiling).
    prefetchApp: function () {
      (w.requestIdleCallback || function (f) { setTimeout(f, 1); })(function () {
        [FILES.app, FILES.app_wasm].forEach(function (f) {
          var l = d.createElement("link");
          l.rel = "prefetch"; l.href = base + f; l.setAttribute("data-kelisim-prefetch", "");
          if (f.slice(-3) === ".js") l.as = "script";
          d.head.appendChild(l);
        });
      });
    }
  };
  function boot(configText, loadError) {
    glueLoading.then(function (glue) {
      return glue.default({ module_or_path: wasmLoading }).then(function () {
        // The banner needs <body>: a loader in <head> may be ready before the page is parsed.
        function run() {
          glue.start(configText, configUrl || (text ? "#kelisim-config" : "the built-in default"), loadError, queue, loader);
        }
        if (d.readyState === "loading") d.addEventListener("DOMContentLoaded", run);
        else run();
      });
    }).catch(fail);
  }
  if (configUrl) {
    fetch(configUrl, { credentials: "same-origin" }).then(function (r) {
      if (!r.ok) throw new Error("HTTP " + r.status);
      return r.text();
    }).then(function (t) {
      try { modes = mapping(JSON.parse(t)); } catch (e) { /* the first layer reports it */ }
      boot(t, null);
    }, function (e) { boot(null, String(e && e.message || e)); });
  } else {
    boot(text, null);
  }
})();
