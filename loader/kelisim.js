/*! kelisim loader: the one script a site embeds (a classic script; scripts/build.sh only
 * fills in its generated facts and the first layer's build id).
 *
 * It defines window.kelisim at once (other calls are queued) and never throws. Its early
 * getConsent()/accepted() and Consent Mode default repeat the answer the first layer stored
 * for this exact configuration text, cookie, GPC signal and build, or fail closed (null, false,
 * all denied but security_storage): see src/early.rs. It imports app/first.js and
 * app/first_bg.wasm next to its own URL, hands over to the first layer (which validates the
 * configuration, runs the queue and fires "kelisim:ready"), and loads the Leptos app
 * (app/app.js, app/app_bg.wasm) only when the first layer asks (loadApp), prefetching it while
 * the page is idle when the banner is shown.
 *
 * Google Consent Mode v2: gtag('consent', 'default', …) synchronously, before any Google tag
 * placed after this script, then 'update' with the first layer's states (loader.consentMode);
 * without a page gtag() it pushes to dataLayer what gtag() would (an Arguments object). The
 * nonce of this script (CSP) stays inside this closure: only the modulepreload links get it.
 */
(function () {
  "use strict";
  var w = window, d = document;
  // Loaded twice: the real API object (a page element with id "kelisim", DOM clobbering, is not;
  // its named inputs are no functions), whose loader already sent Consent Mode's default.
  var prior = w.kelisim;
  if (prior && typeof prior.getConsent === "function" && typeof prior.accepted === "function" &&
    !(prior instanceof w.Node)) return;
  /*@facts*/ // generated from the Rust crate (src/early.rs): do not edit by hand
  var EARLY = "kelisim:early:", FNV_BASIS = 2166136261, FNV_PRIME = 16777619, FUTURE_S = 86400,
    TYPES = ["ad_storage", "ad_user_data", "ad_personalization", "analytics_storage", "functionality_storage", "personalization_storage", "security_storage"], ALWAYS = "security_storage";
  /*@end*/
  var BUILD = "dev"; // scripts/build.sh puts the first layer's hash here (src/early.rs)
  var early = null, queue = [], sent = null;
  var nonce = "", api = { ready: false, version: null };
  api.getConsent = function () { return early ? early.consent : null; };
  api.accepted = function (id) { return !!early && early.granted.indexOf(id) >= 0; };
  ["show", "showPreferences", "hide", "acceptAll", "rejectAll", "setConsent", "withdraw", "setLanguage"].forEach(function (m) {
    api[m] = function () { queue.push([m, Array.prototype.slice.call(arguments)]); };
  });
  w.kelisim = api;
  function fail(e) { console.error("kelisim: cannot start:", e); }

  function fnv(s) {
    var h = FNV_BASIS;
    for (var i = 0; i < s.length; i++) h = Math.imul(h ^ s.charCodeAt(i), FNV_PRIME) >>> 0;
    return h;
  }
  // The first cookie `name`, as the first layer takes it (src/cookie.rs, find), or null.
  function cookie(name) {
    var v = null;
    d.cookie.split(";").some(function (p) {
      var i = p.indexOf("=");
      return i >= 0 && p.slice(0, i).trim() === name && (v = p.slice(i + 1).trim(), true);
    });
    return v;
  }
  function key(text) { return EARLY + ("0000000" + fnv(text || "").toString(16)).slice(-8); }
  // The first layer's stored answer for this configuration text when it still holds, or null.
  function answer(text) {
    try {
      var a = JSON.parse(w.localStorage.getItem(key(text)));
      var now = Math.floor(Date.now() / 1000);
      return a && a.config === text && a.build === BUILD && a.gpc === !!navigator.globalPrivacyControl &&
        a.consent && typeof a.value === "string" && a.value === cookie(a.cookie) &&
        now < a.expires && a.given <= now + FUTURE_S &&
        Array.isArray(a.granted) && a.modes ? a : null;
    } catch (e) { return null; }
  }
  function push() { (w.dataLayer = w.dataLayer || []).push(arguments); }
  function gtag(command, state) {
    try { (typeof w.gtag === "function" ? w.gtag : push)("consent", command, state); } catch (e) { fail(e); }
  }
  function update(s, always) {
    var key = JSON.stringify(s);
    if (always || key !== sent) { sent = key; gtag("update", s); }
  }
  function denied() {
    var s = {};
    TYPES.forEach(function (t) { s[t] = t === ALWAYS ? "granted" : "denied"; });
    return s;
  }
  var first = null, base, configUrl, text = null;
  try {
    var me = d.currentScript; // (an <img name="currentScript"> clobbers it: a script or none)
    if (!(me instanceof w.HTMLScriptElement)) me = d.querySelector('script[src$="kelisim.js"]');
    nonce = (me && me.nonce) || ""; // browsers hide the attribute, not the property
    // Where app/ is: next to this script, or, when this script is inlined into the page (no src),
    // the folder in its data-base attribute, e.g. <script data-base="/kelisim/">…</script>.
    base = new URL((me && me.getAttribute("data-base")) || ".", (me && me.src) || d.baseURI).href;
    configUrl = me && me.getAttribute("data-config");
    // Only a JSON script element: an injected element with that id is not the configuration.
    var inline = d.querySelector('script[type="application/json"]#kelisim-config');
    text = configUrl ? null : inline ? inline.textContent : null;
    early = configUrl ? null : answer(text);
    first = early ? JSON.parse(JSON.stringify(early.modes)) : null;
  } catch (e) { fail(e); early = null; }
  // Consent Mode's default, always: all denied but security_storage without an answer.
  first = first || denied();
  sent = JSON.stringify(first);
  first.wait_for_update = 500;
  gtag("default", first);
  if (base === undefined) return;
  // A configuration that failed: all denied (the first layer stored no answer for it).
  d.addEventListener("kelisim:ready", function (e) { if (!(e.detail && e.detail.ok)) update(denied(), false); });

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
      if (nonce) l.nonce = nonce;
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
    // The first layer's answer for the next page (src/early.rs); without one, none is kept.
    remember: function (t, name, value, gpc, consent, granted, modes, given, expires) {
      try {
        var s = w.localStorage, mine = key(t);
        if (name === undefined) return s.removeItem(mine);
        // The answers for older texts of this site (same cookie) go: one kept per cookie name.
        for (var i = s.length; i--;) {
          var k = s.key(i), old = null;
          try { old = k !== mine && k.indexOf(EARLY) === 0 && JSON.parse(s.getItem(k)); } catch (e) { /* not ours */ }
          if (old && old.cookie === name) s.removeItem(k);
        }
        s.setItem(mine, JSON.stringify({ config: t, build: BUILD, cookie: name, value: value,
          gpc: gpc, consent: consent, granted: granted, modes: modes, given: given, expires: expires }));
      } catch (e) { /* no storage: the loader fails closed */ }
    },
    // Google Consent Mode's update with the first layer's states; `always` after a choice.
    consentMode: update,
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
          glue.start(configText, configUrl || (text != null ? "#kelisim-config" : "the built-in default"), loadError, queue, loader);
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
      // The text is known now: the stored answer for it, if any, until the first layer is ready.
      early = answer(t);
      if (early) update(early.modes, false);
      boot(t, null);
    }, function (e) { boot(null, String(e && e.message || e)); });
  } else {
    boot(text, null);
  }
})();
