/*! kelisim loader: the one script a site embeds (a classic script; scripts/build.sh only
 * fills in its generated facts and the first layer's build id).
 *
 * It defines window.kelisim at once (other calls are queued) and never throws. Its early
 * getConsent()/accepted() and Consent Mode default repeat the answer the first layer stored
 * for this exact configuration text, cookie, GPC signal and build, or fail closed (null, false,
 * all denied but security_storage): see src/early.rs. It starts the first layer's glue (built
 * into this file by scripts/inline-glue.js; imported from app/first.js when unbuilt) with
 * app/first_bg.wasm next to its own URL, hands over to the first layer (which validates the
 * configuration, runs the queue and fires "kelisim:ready"), and loads the Leptos app
 * (app/app.js, app/app_bg.wasm) only when the first layer asks (loadApp), compiling it while
 * the page is idle once the banner is shown (prefetchApp).
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
    TYPES = ["ad_storage", "ad_user_data", "ad_personalization", "analytics_storage", "functionality_storage", "personalization_storage", "security_storage"], ALWAYS = "security_storage",
    QUEUED = ["show", "showPreferences", "hide", "acceptAll", "rejectAll", "setConsent", "withdraw", "setLanguage", "records", "receipt"];
  /*@end*/
  var BUILD = "dev"; // scripts/build.sh puts the first layer's hash here (src/early.rs)
  var early = null, queue = [], sent = null;
  var nonce = "", api = { ready: false, version: null };
  api.getConsent = function () { return early ? early.consent : null; };
  api.accepted = function (id) { return !!early && early.granted.indexOf(id) >= 0; };
  QUEUED.forEach(function (m) {
    api[m] = function () { queue.push([m, Array.prototype.slice.call(arguments)]); };
  });
  w.kelisim = api;
  function fail(e) { console.error("kelisim: cannot start:", e); }

  function fnv(s) {
    var h = FNV_BASIS;
    for (var i = 0; i < s.length; i++) h = Math.imul(h ^ s.charCodeAt(i), FNV_PRIME) >>> 0;
    return h;
  }
  // The value of cookie `name`, or null: none, or several that differ (two domains). Which of
  // them counts is the first layer's decision (src/consent.rs, read_newest): until it has
  // deleted the others, the early answer fails closed.
  function cookie(name) {
    var v = null, n = 0;
    d.cookie.split(";").forEach(function (p) {
      var i = p.indexOf("=");
      if (i >= 0 && p.slice(0, i).trim() === name) { n += v !== p.slice(i + 1).trim(); v = p.slice(i + 1).trim(); }
    });
    return n === 1 ? v : null;
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
    // This script's tag, through Document's own getter: an <img name="currentScript"> in the page
    // hides `document.currentScript` (DOM clobbering), and a search by file name would miss
    // kelisim-lite.js, kelisim-one.js and a URL with a query.
    var me = Object.getOwnPropertyDescriptor(Document.prototype, "currentScript").get.call(d);
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
  // ---- Automatic blocking (data-kelisim-autoblock on this script tag; src/autoblock.rs) ----
  // `ab`: on; `held`: what was held (below). kelisim-lite.js and kelisim-one.js are built
  // without the section between the two autoblocking markers (scripts/build.sh), and block
  // nothing: kelisim-lite.js is the loader of the recommended embed, an `async` tag, and of any
  // page that blocks nothing; kelisim-one.js carries the first layer (about 50 KB). Blocking
  // needs kelisim.js as a plain script before the trackers.
  var ab = false, held = [];
  /*@autoblocking*/
  // Scripts and iframes of catalogue services are held: turned into the gated elements the first
  // layer releases once their category is granted (src/web/first/gate.rs): a script gets
  // type="text/plain" (so it is neither fetched nor run), an iframe data-kelisim-src instead of
  // its src; both data-kelisim-service (the service's index in the catalogue) and an empty
  // data-kelisim-category (the first layer decides it); what is held is listed in the order it
  // came in (loader.autoblock): scripts are released in that order, and the first layer looks
  // for held elements in the shadow roots the list names too.
  // Scripts inserted by other scripts are caught by the insertion methods, a src set later and
  // markup set as HTML or written by the setters and methods that take them, scripts and iframes
  // in the HTML by a MutationObserver (before they run; a preload scanner may still fetch them).
  // The block below, the catalogue's matcher, is generated (src/autoblock.rs): do not edit it.
  /*@autoblock*/
  var AB_RE = /^https?:(?:(www\.googletagmanager\.com\/gtag\/js\?id=AW-|www\.googletagmanager\.com\/gtag\/destination\?id=AW-|www\.googletagmanager\.com\/gtag\/js\?id=DC-|www\.googletagmanager\.com\/gtag\/destination\?id=DC-|www\.googleadservices\.com\/|(?:[^/]*\.)?doubleclick\.net\/)|(www\.googletagmanager\.com\/gtag\/js|(?:[^/]*\.)?google-analytics\.com\/)|(www\.googletagmanager\.com\/gtm\.js|www\.googletagmanager\.com\/ns\.html)|((?:[^/]*\.)?googlesyndication\.com\/)|(www\.youtube\.com\/embed|www\.youtube\.com\/iframe_api|www\.youtube\.com\/s\/player|www\.youtube-nocookie\.com\/embed)|(maps\.googleapis\.com\/maps\/api\/js|www\.google\.com\/maps\/embed|maps\.google\.com\/maps)|(www\.google\.com\/recaptcha\/|www\.gstatic\.com\/recaptcha\/|www\.recaptcha\.net\/recaptcha\/)|(translate\.google\.com\/translate_a\/element\.js|translate\.googleapis\.com\/)|(mc\.yandex\.ru\/pixel|mc\.yandex\.com\/pixel)|(mc\.yandex\.ru\/|mc\.yandex\.com\/|mc\.yandex\.kz\/|mc\.webvisor\.org\/|cdn\.jsdelivr\.net\/npm\/yandex-metrica-watch\/)|(yandex\.ru\/ads\/|an\.yandex\.ru\/|yandex\.kz\/ads\/)|(api-maps\.yandex\.ru\/|yandex\.ru\/map-widget|yandex\.kz\/map-widget|yandex\.com\/map-widget)|(smartcaptcha\.yandexcloud\.net\/)|(yastatic\.net\/share2\/)|(connect\.facebook\.net\/)|(www\.facebook\.com\/plugins\/)|(www\.instagram\.com\/embed\.js|www\.instagram\.com\/p\/|www\.instagram\.com\/reel\/)|(top-fwz1\.mail\.ru\/|vk\.com\/js\/api\/openapi\.js|vk\.ru\/js\/api\/openapi\.js)|(top\.mail\.ru\/)|(vk\.com\/video_ext\.php|vk\.ru\/video_ext\.php|vkvideo\.ru\/video_ext\.php)|(connect\.ok\.ru\/)|(ad\.mail\.ru\/static\/|ad\.mail\.ru\/adq\/)|(analytics\.tiktok\.com\/)|(www\.tiktok\.com\/embed\.js|www\.tiktok\.com\/embed\/|www\.tiktok\.com\/player\/)|(telegram\.org\/js\/telegram-widget\.js|oauth\.telegram\.org\/|t\.me\/)|(static\.ads-twitter\.com\/)|(snap\.licdn\.com\/li\.lms-analytics\/)|(s\.pinimg\.com\/ct\/)|(sc-static\.net\/scevent\.min\.js)|((?:[^/]*\.)?clarity\.ms\/)|(bat\.bing\.com\/)|((?:[^/]*\.)?hotjar\.com\/|(?:[^/]*\.)?hotjar\.io\/)|(js\.hs-scripts\.com\/|js\.hs-analytics\.net\/|js\.hsforms\.net\/|js\.hs-banner\.com\/)|((?:[^/]*\.)?criteo\.com\/|(?:[^/]*\.)?criteo\.net\/)|(cloud\.roistat\.com\/)|(static\.cloudflareinsights\.com\/)|(static\.tildacdn\.com\/js\/tilda-stat|static\.tildacdn\.info\/js\/tilda-stat)|(mod\.calltouch\.ru\/)|(api\.mindbox\.ru\/scripts\/)|(cdn\.retailrocket\.ru\/|cdn\.retailrocket\.net\/|api\.retailrocket\.ru\/|api\.retailrocket\.net\/)|(www\.artfut\.com\/static\/|(?:[^/]*\.)?admitad\.com\/)|((?:[^/]*\.)?jivosite\.com\/|(?:[^/]*\.)?jivo\.ru\/)|((?:[^/]*\.)?bitrix24\.ru\/|(?:[^/]*\.)?bitrix24\.kz\/|(?:[^/]*\.)?bitrix24\.com\/|(?:[^/]*\.)?bitrix24\.by\/)|((?:[^/]*\.)?amocrm\.ru\/|(?:[^/]*\.)?amocrm\.com\/)|((?:[^/]*\.)?carrotquest\.app\/|(?:[^/]*\.)?carrotquest\.io\/)|(cdn\.callbackhunter\.com\/)|((?:[^/]*\.)?tawk\.to\/)|(cdn\.onesignal\.com\/)|(player\.vimeo\.com\/)|(rutube\.ru\/play\/embed|rutube\.ru\/video\/embed)|(maps\.api\.2gis\.ru\/|mapgl\.2gis\.com\/|widgets\.2gis\.com\/)|(kaspi\.kz\/kaspibutton\/)|(challenges\.cloudflare\.com\/)|(browser\.sentry-cdn\.com\/|js\.sentry-cdn\.com\/))/;
  // The index in the catalogue of the service whose pattern matches URL `src`, or -1.
  function abMatch(src) {
    try { var u = new URL(src, d.baseURI), m = AB_RE.exec(u.protocol + u.hostname + u.pathname + u.search), i = 1; } catch (e) { return -1; }
    if (!m) return -1;
    while (!m[i]) i++;
    return i - 1;
  }
  /*@end*/
  // What is held waits for the first layer, which knows the configuration (inline or fetched)
  // and decides each service's category (src/web/first/gate.rs): nothing is granted early.
  // `held`: what was held, in the order it came in (see `hold`); its `wake`, set by the first
  // layer, looks at the page again.
  ab = !!(me && me.hasAttribute("data-kelisim-autoblock"));
  // What the parser inserts into the page (and into the shadow roots written in it).
  var watch = { childList: true, subtree: true }, seen = new MutationObserver(function (records) {
    records.forEach(function (r) { r.addedNodes.forEach(function (x) { check(x, true); }); });
  });
  // The document and the shadow roots of the listed elements in the page (for the first layer).
  held.roots = function () {
    var r = [d];
    held.forEach(function (x) { x = x.isConnected && x.getRootNode(); if (x && r.indexOf(x) < 0) r.push(x); });
    return r;
  };
  // Holds `el` when it is a catalogue service's script or iframe (not one already gated: the
  // site's, or one held before, which keeps its attributes once released). `late`: its `src` is
  // being set now, in the page (below); then an iframe is given none (true is returned) and
  // only a script that never ran (no src, no text) is held.
  function hold(el, late) {
    var tag = el.nodeName, src = late || el.getAttribute("src"), i, k = "data-kelisim-";
    if (!src || el.hasAttribute(k + "category") || (tag === "SCRIPT" ? !/^$|javascript$|^module$/i.test(el.type) || late && (el.src || el.text) : tag !== "IFRAME") ||
      (i = abMatch(src)) < 0) return;
    el.setAttribute(k + "service", i);
    el.setAttribute(k + "category", "");
    // (Inserted again where it is, so that the first layer's observer of insertions sees it: the
    // first layer also observing this attribute measured 123 B more on the first paint.)
    if (late) el.replaceWith(el);
    if (tag === "SCRIPT") {
      // (Its own type is kept, so that a module runs as a module once released.)
      el.setAttribute(k + "type", el.type);
      el.type = "text/plain";
    } else {
      el.setAttribute(k + "src", src);
      // (Given a src late, it keeps none: not even the blank one it had.)
      el.removeAttribute("src");
      // An iframe of the HTML (it has a window) is loading already: a copy without src takes
      // its place (and the list's).
      if (!late && el.contentWindow) el.replaceWith(el = el.cloneNode(true));
    }
    // Every element held is listed: the first layer also looks in the shadow roots they are in
    // (its observer sees the document only, so it is woken once this insertion is done).
    held.push(el);
    if (held.wake) setTimeout(held.wake);
    return late && tag !== "SCRIPT";
  }
  // A node the page inserts (`parsed`: the parser did), with the scripts and iframes inside it
  // (not one moved within the page; one of another document, a DOMParser's, is connected there).
  function check(node, parsed) {
    if (node && node.querySelectorAll && (parsed || !d.contains(node))) {
      // (A DocumentFragment is no element.)
      if (node.getAttribute) hold(node);
      [].forEach.call(node.querySelectorAll("script[src],iframe[src]"), function (x) { hold(x); });
      // An open shadow root written in the HTML (declarative shadow DOM, <template
      // shadowrootmode>) is parsed where the observer does not look: it is watched too once its
      // host is seen (the parser lets the observer run before each script in it), and what is
      // in it already, with the shadow roots of the hosts inside it.
      var r = parsed && node.shadowRoot;
      if (r) {
        seen.observe(r, watch);
        check(r, 1);
        [].forEach.call(r.querySelectorAll("*"), function (x) { if (x.shadowRoot) check(x, 1); });
      }
    }
  }
  try {
    if (ab) {
      // Asked to block too late, it says so: a loader that is `async` or `defer` (or inserted by
      // another script, which makes it async) runs after the parser has met the trackers' tags,
      // and a catalogue service's script already in the page (one that runs: not gated by hand,
      // nor by another tool's type) was not held.
      var tooLate = "kelisim: data-kelisim-autoblock needs kelisim.js as a plain script in <head> before the trackers' tags: ";
      if (me.async || me.defer) console.error(tooLate + "this one is async or defer");
      [].forEach.call(d.scripts, function (x) {
        if (/^$|javascript$|^module$/i.test(x.type) && abMatch(x.src) >= 0) console.error(tooLate + x.src + " came before it and was not held");
      });
      [[Node, "appendChild", "insertBefore", "replaceChild"],
        [Element, "append", "prepend", "before", "after", "replaceWith", "replaceChildren", "insertAdjacentElement"],
        // (A shadow root's: ShadowRoot is a DocumentFragment.)
        [DocumentFragment, "append", "prepend", "replaceChildren"],
        [Range, "insertNode", "surroundContents"]].forEach(function (l) {
        l.slice(1).forEach(function (m) {
          var proto = l[0].prototype, orig = proto[m];
          if (orig) proto[m] = function () {
            for (var i = 0; i < arguments.length; i++) check(arguments[i], false);
            return orig.apply(this, arguments);
          };
        });
      });
      // A src set on a script or an iframe already in the page (lazy loading sets an iframe's
      // src when it scrolls into view; a script without src runs when it gets one) is held first:
      // `late` answers the value to set, or `held` to set none.
      var E = Element.prototype, inner = Object.getOwnPropertyDescriptor(E, "innerHTML"), set = E.setAttribute, adjacent = E.insertAdjacentHTML;
      // A held iframe still waiting keeps waiting, for its new src.
      function late(el, v) {
        if (el.nodeName === "IFRAME" && el.hasAttribute("data-kelisim-service") && !el.hasAttribute("data-kelisim-state"))
          return el.setAttribute("data-kelisim-src", v), held;
        return el.isConnected && v && hold(el, v + "") ? held : v;
      }
      // Property `n` of prototype `p` set through `f` (its getter and flags stay as they are).
      function prop(p, n, f) {
        var o = Object.getOwnPropertyDescriptor(p, n);
        Object.defineProperty(p, n, { set: function (v) { if ((v = f(this, v)) !== held) o.set.call(this, v); } });
      }
      prop(HTMLScriptElement.prototype, "src", late);
      prop(HTMLIFrameElement.prototype, "src", late);
      E.setAttribute = function (n, v) { if (!/^src$/i.test(n) || (v = late(this, v)) !== held) set.call(this, n, v); };
      // The same src set through setAttributeNS (without a namespace), an attribute node or an
      // attribute's value. (Not caught: an attribute node's nodeValue or textContent, and a
      // NamedNodeMap's setNamedItem; docs/book "Automatic blocking".)
      // `late` for attribute `n` of namespace `s` when it is the src attribute, else `v`.
      function lateAttr(el, s, n, v) { return s || n !== "src" ? v : late(el, v); }
      var setNS = E.setAttributeNS;
      E.setAttributeNS = function (s, n, v) { if ((v = lateAttr(this, s, n, v)) !== held) setNS.call(this, s, n, v); };
      ["setAttributeNode", "setAttributeNodeNS"].forEach(function (m) {
        var o = E[m];
        E[m] = function (a) { if (lateAttr(this, a.namespaceURI, a.name, a.value) !== held) return o.call(this, a); };
      });
      prop(Attr.prototype, "value", function (a, v) { return a.ownerElement ? lateAttr(a.ownerElement, a.namespaceURI, a.name, v) : v; });
      // Markup set as HTML (innerHTML, outerHTML, insertAdjacentHTML, setHTMLUnsafe) loads its
      // iframes at once and never runs its scripts; markup written by document.write (`write`)
      // runs its scripts too. Markup naming either is parsed in an inert <template> first, where
      // a catalogue service's iframe (and a written script) is held, and a script set as HTML is
      // marked so that the observer does not hold it (it would run it once allowed); when
      // anything was, the markup is given as the template writes it back. (Not a TrustedHTML
      // value: a site enforcing Trusted Types gets its markup as it is.)
      // Where the markup goes (`at`, or its root: the document or a shadow root) is listed
      // instead of what was held in the template: the page gets other elements (and a page that
      // sets the same markup again and again does not grow the list).
      function markup(at, v, write) {
        if (typeof v !== "string" || !/<(iframe|script)/i.test(v)) return v;
        try {
          var t = d.createElement("template"), c = t.content, n = held.length;
          inner.set.call(t, v);
          [].forEach.call(c.querySelectorAll("script[src],iframe[src]"), function (x) {
            if (write || x.nodeName !== "SCRIPT") hold(x);
            else if (abMatch(x.getAttribute("src")) >= 0) x.setAttribute("data-kelisim-category", "");
          });
          return c.querySelector("[data-kelisim-category]") ? (held.length = n, held.push(at.isConnected ? at.getRootNode() : at), inner.get.call(t)) : v;
        } catch (e) { return v; }
      }
      prop(E, "outerHTML", markup);
      E.insertAdjacentHTML = function (w, v) { adjacent.call(this, w, markup(this, v)); };
      // A shadow root has its own innerHTML and setHTMLUnsafe.
      [E, ShadowRoot.prototype].forEach(function (p) {
        var unsafe = p.setHTMLUnsafe;
        prop(p, "innerHTML", markup);
        if (unsafe) p.setHTMLUnsafe = function (v) { unsafe.call(this, markup(this, v)); };
      });
      ["write", "writeln"].forEach(function (n) {
        var o = d[n];
        d[n] = function () {
          o.apply(this, [].map.call(arguments, function (v) { return markup(d, v, 1); }));
          // The parser made the held scripts as written: they join the list in their turn.
          [].forEach.call(d.querySelectorAll("script[data-kelisim-service]"), function (x) { if (held.indexOf(x) < 0) held.push(x); });
        };
      });
      // Firefox 140 ESR runs an `async`, `defer` or module script of the HTML that the observer
      // held all the same (measured 2026-12-07; Firefox 153 does not): it started the script
      // before the observer ran, so the type given then no longer counts. Its own event before a
      // script runs stops it, and a copy that never started (the same attributes and nonce) takes
      // its place in the page and in the list, to be released like any held script.
      d.addEventListener("beforescriptexecute", function (e) {
        var x = e.target, c, i = held.indexOf(x);
        if (x.type !== "text/plain" || !x.hasAttribute("data-kelisim-service")) return;
        e.preventDefault();
        c = d.createElement("script");
        [].forEach.call(x.attributes, function (a) { set.call(c, a.name, a.value); });
        c.nonce = x.nonce;
        if (i >= 0) held[i] = c;
        x.replaceWith(c);
      }, true);
      seen.observe(d.documentElement, watch);
    }
  } catch (e) { fail(e); }
  /*@end-autoblocking*/
  /*@noblocking*/
  // The loaders built without automatic blocking (kelisim-lite.js, kelisim-one.js): asked to
  // block, they say, under their own file name, which loader does (kelisim.js is built without
  // this line).
  if (!ab && me && me.hasAttribute("data-kelisim-autoblock")) console.error("kelisim: " + me.src.replace(/.*\/|[?#].*/g, "") + " does not block automatically: data-kelisim-autoblock needs kelisim.js, a plain script in <head> before the trackers' tags");
  /*@end-noblocking*/
  // ---- end of automatic blocking ----
  // A configuration that failed: all denied (the first layer stored no answer for it).
  d.addEventListener("kelisim:ready", function (e) { if (!(e.detail && e.detail.ok)) update(denied(), false); });

  // The app's files: content-hashed names (served "immutable") and their Subresource Integrity
  // hashes, written between the markers by scripts/build.sh (dist/manifest.json lists the same).
  // Unbuilt (loader/kelisim.js itself): the plain names, unchecked.
  /*@files*/var FILES = { first: "app/first.js", first_wasm: "app/first_bg.wasm", app: "app/app.js", app_wasm: "app/app_bg.wasm", countries_kk: "app/countries-kk.txt" }, SRI = {};/*@end*/
  // A file of app/ (a .wasm, or the Kazakh country names), fetched with its integrity: a copy
  // that differs from the build's is refused, and so is an answer other than 2xx.
  // With the page's own <link rel=preload as=fetch> for it (the recommended embed; a hint without
  // integrity, the only kind Firefox hands to a later fetch instead of downloading the file
  // again), the preloaded bytes are taken and their SHA-384 compared here (crypto.subtle: https
  // pages); they come as an ArrayBuffer, which the glue instantiates like a response.
  function file(f) {
    var url = base + FILES[f], sri = SRI[f], subtle = w.crypto && w.crypto.subtle;
    var hinted = f === "first_wasm" && sri && subtle && [].some.call(d.querySelectorAll('link[rel="preload"]'), function (h) {
      return h.href === url;
    });
    return (hinted ? fetch(url).then(function (r) { return r.arrayBuffer(); }).then(function (b) {
      return subtle.digest("SHA-384", b).then(function (h) {
        if ("sha384-" + btoa(String.fromCharCode.apply(null, new Uint8Array(h))) !== sri) throw new Error("SHA-384 differs");
        return b;
      });
    }) : fetch(url, sri ? { integrity: sri } : {}).then(function (r) {
      if (!r.ok) throw new Error("HTTP " + r.status);
      return r;
    })).catch(function (e) {
      throw new Error(url + " did not load" + (sri ? " or does not match its integrity " + sri : "") + " (" + e + ")");
    });
  }
  // A glue module, imported once a <link rel=modulepreload integrity> has fetched and checked it
  // (the import reuses that module); a browser without modulepreload imports it unchecked.
  // A page's own hint for it (embeds built before the first layer's glue moved into this file
  // hinted that glue), checked with the same integrity, is used as it is: Firefox fails a second
  // modulepreload of a module it already holds.
  // A glue that failed to load stays failed for this page under its URL (the module map keeps
  // the failure: Chromium 148 and Firefox 140, measured 2026-12-07), so a later try asks for the
  // same file under another URL (`?retry=N`), which the server answers with the same file.
  var failures = {};
  function glue(f) {
    var url = base + FILES[f] + (failures[f] ? "?retry=" + failures[f] : ""), l = d.createElement("link");
    var hinted = [].some.call(d.querySelectorAll('link[rel="modulepreload"]'), function (h) {
      return h.href === url && h.integrity === SRI[f];
    });
    var loading = hinted || !SRI[f] || !(l.relList && l.relList.supports && l.relList.supports("modulepreload")) ? import(url) : new Promise(function (ok, ko) {
      l.rel = "modulepreload"; l.href = url; l.integrity = SRI[f];
      if (nonce) l.nonce = nonce;
      l.onload = function () { ok(import(url)); };
      // (The failed link goes, or a retry would take it for the page's own hint and import the
      // module unchecked, with a message that no longer names the integrity.)
      l.onerror = function () { l.remove(); ko(new Error(url + " did not load or does not match its integrity " + SRI[f])); };
      d.head.appendChild(l);
    });
    loading.catch(function () { failures[f] = (failures[f] || 0) + 1; });
    return loading;
  }
  // The first layer's wasm and the configuration file are fetched in parallel. Its glue: the
  // build puts the glue itself here, in place of this call (scripts/inline-glue.js: one request
  // fewer before the banner, and 261 B brotli less than two files).
  var glueLoading = glue("first");
  var wasmLoading = file("first_wasm");
  wasmLoading.catch(function () { /* reported by boot */ });
  glueLoading.catch(function () { /* reported by boot */ });
  // The Leptos app, for the first layer (src/web/bridge.rs): loaded once, when needed.
  var appLoading = null;
  var loader = {
    // The first layer's answer for the next page (src/early.rs); without one, none is kept.
    remember: function (a) {
      try {
        var s = w.localStorage, mine = key(a.config), name = a.cookie;
        if (name === undefined) return s.removeItem(mine);
        // The answers for older texts of this site (same cookie) go: one kept per cookie name.
        for (var i = s.length; i--;) {
          var k = s.key(i), old = null;
          try { old = k !== mine && k.indexOf(EARLY) === 0 && JSON.parse(s.getItem(k)); } catch (e) { /* not ours */ }
          if (old && old.cookie === name) s.removeItem(k);
        }
        a.build = BUILD;
        s.setItem(mine, JSON.stringify(a));
      } catch (e) { /* no storage: the loader fails closed */ }
    },
    // The text of a file of app/ (the first layer's `countries_kk`, src/country.rs): a promise.
    text: function (f) {
      return file(f).then(function (r) { return r.text(); });
    },
    // Google Consent Mode's update with the first layer's states; `always` after a choice.
    consentMode: update,
    // The app compiled and instantiated (at idle, or now): Settings only waits for its start.
    // `later` (after a choice): started after the next paint, so that the banner is seen
    // gone before the app's start (measured 2026-12-06, Fast 4G, CPU x4: Accept all -> next
    // paint 152 -> 56 ms, vanilla-cookieconsent 48-56). A hidden page paints nothing (and runs no
    // animation frames): there, at once.
    loadApp: function (later) {
      if (!appLoading) {
        appLoading = new Promise(function (ok) { later ? (d.hidden ? setTimeout : requestAnimationFrame)(function () { setTimeout(ok); }) : ok(); }).then(instantiateApp);
        appLoading.catch(function () { appLoading = null; }); // a later click tries again
      }
      return appLoading;
    },
    // Called when the banner is shown: once it is visible and the page is idle, the app's glue
    // is imported and its wasm compiled into a kept WebAssembly.Module, then instantiated at the
    // next idle time; its start waits for loadApp (nothing of the app is requested before the
    // banner is visible; on a no-cache server nothing is fetched twice).
    // Visible: a frame in which the banner (or a parent a site's CSS fades) has an opacity above 0,
    // as bench/ and tests/browser_preload.rs judge it; after 120 frames without, the app is
    // compiled anyway (the banner was closed, or the site hides it).
    // `now` (a pointer on the Settings button, or the focus, before its click): compiled and
    // instantiated at once, still not started (a choice's start still waits for its paint).
    prefetchApp: function (now) {
      if (now) return instantiateApp();
      var frame = w.requestAnimationFrame || setTimeout, frames = 0;
      frame(function look() {
        var root = d.getElementById("kelisim-root"), o;
        var e = root && root.shadowRoot && root.shadowRoot.querySelector('[data-kelisim-screen="banner"]');
        for (o = e ? 1 : 0; e; e = e.parentNode || e.host) if (e.nodeType === 1) o *= parseFloat(w.getComputedStyle(e).opacity);
        if (!(o > 0) && ++frames < 120) return frame(look);
        idle(function () {
          compileApp().then(function () { idle(instantiateApp); }, function () { /* loadApp reports it */ });
        });
      });
    }
  };
  function idle(f) {
    (w.requestIdleCallback || function (f) { setTimeout(f, 1); })(f);
  }
  // The app's glue and compiled wasm module, fetched once (compileStreaming where the server
  // sends application/wasm, else compiled from the bytes); a failure lets a later call retry.
  var appCompiling = null;
  function compileApp() {
    if (!appCompiling) {
      appCompiling = Promise.all([glue("app"), file("app_wasm").then(function (r) {
        return WebAssembly.compileStreaming && /^application\/wasm/.test(r.headers.get("content-type"))
          ? WebAssembly.compileStreaming(r) : r.arrayBuffer().then(WebAssembly.compile);
      })]);
      appCompiling.catch(function () { appCompiling = null; });
    }
    return appCompiling;
  }
  // The app instantiated (its glue's init), once: at idle after the compile, or when first
  // needed; resolves to the glue's module, whose start the first layer calls. Instantiating
  // compiles the wrappers of the app's imports: about 35 ms of main thread under CPU x4
  // (Chrome trace of a Settings click, 2026-12-06) taken off the click. Once it is done,
  // `appReady` tells the first layer that loadApp resolves before the next frame (it
  // draws no busy frame then).
  var appInstantiating = null;
  function instantiateApp() {
    if (!appInstantiating) {
      appInstantiating = compileApp().then(function (r) {
        return r[0].default({ module_or_path: r[1] }).then(function () { loader.appReady = true; return r[0]; });
      });
      appInstantiating.catch(function () { appInstantiating = null; });
    }
    return appInstantiating;
  }
  // Automatic blocking: what was held, in the order it came in (the first layer releases the
  // scripts in that order, looks in the shadow roots of the elements too, and deletes the
  // catalogue services' cookies on refusal).
  if (ab) loader.autoblock = held;
  // Whether DOMContentLoaded has fired: `readyState` is "interactive" already while the deferred
  // and module scripts still run, so a start then would fire kelisim:ready before their
  // listeners exist (seen on a returning visit, with everything cached).
  var parsed = d.readyState !== "loading";
  if (!parsed) d.addEventListener("DOMContentLoaded", function () { parsed = true; });
  function boot(configText, loadError) {
    glueLoading.then(function (glue) {
      return glue.default({ module_or_path: wasmLoading }).then(function () {
        // The banner needs <body>: a loader in <head> may be ready before the page is parsed.
        function run() {
          glue.start(configText, configUrl || (text != null ? "#kelisim-config" : "the built-in default"), loadError, queue, loader);
        }
        if (parsed) run();
        else d.addEventListener("DOMContentLoaded", run);
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
