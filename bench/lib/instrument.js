'use strict';
// Runs in the page before any of its scripts (Page.addScriptToEvaluateOnNewDocument).
// It only observes: performance entries, a requestAnimationFrame poll for the banner, the
// time the consent cookie is written, and the WebAssembly memories instantiated. Times are
// performance.now() values, i.e. milliseconds since navigation start.
/* eslint-env browser */
function benchInstrument(opts) {
  if (window.__bench) return;
  var B = (window.__bench = {
    kind: opts.kind,
    fp: null, fcp: null, lcp: null,
    bannerInserted: null, banner: null, bannerOpaque: null,
    longTasks: [], shifts: [], events: [],
    stop: false, clickAt: null, clickTimeStamp: null, stored: null, storedHow: null,
    unsupported: [],
  });
  var memories = [];
  var now = function () { return performance.now(); };

  function observe(type, cb, extra) {
    try {
      var o = { type: type, buffered: true };
      for (var k in extra || {}) o[k] = extra[k];
      new PerformanceObserver(function (list) { list.getEntries().forEach(cb); }).observe(o);
    } catch (e) { B.unsupported.push(type); }
  }
  function describe(node) {
    if (!node || node.nodeType !== 1) return node ? node.nodeName : null;
    return node.nodeName.toLowerCase() + (node.id ? '#' + node.id : '') +
      (node.className && typeof node.className === 'string' ? '.' + node.className.trim().split(/\s+/).join('.') : '');
  }
  observe('paint', function (e) {
    if (e.name === 'first-paint') B.fp = e.startTime;
    if (e.name === 'first-contentful-paint') B.fcp = e.startTime;
  });
  observe('largest-contentful-paint', function (e) {
    B.lcp = e.startTime;
    B.lcpElement = describe(e.element);
  });
  observe('longtask', function (e) {
    B.longTasks.push({ start: e.startTime, duration: e.duration, name: e.name });
  });
  observe('layout-shift', function (e) {
    if (e.hadRecentInput) return;
    B.shifts.push({ start: e.startTime, value: e.value, sources: (e.sources || []).map(function (s) { return describe(s.node); }) });
  });
  observe('event', function (e) {
    B.events.push({ name: e.name, start: e.startTime, duration: e.duration, processingStart: e.processingStart, processingEnd: e.processingEnd, interactionId: e.interactionId });
  }, { durationThreshold: 16 });

  // WebAssembly memory lives outside the JS heap; remember the instances' memories.
  ['instantiate', 'instantiateStreaming'].forEach(function (name) {
    var orig = WebAssembly[name];
    if (typeof orig !== 'function') return;
    WebAssembly[name] = function () {
      return orig.apply(this, arguments).then(function (r) {
        try {
          var inst = r instanceof WebAssembly.Instance ? r : r.instance;
          for (var k in inst.exports) if (inst.exports[k] instanceof WebAssembly.Memory) memories.push(inst.exports[k]);
        } catch (e) { /* not ours to break */ }
        return r;
      });
    };
  });
  B.wasmMemoryBytes = function () {
    return memories.reduce(function (n, m) { return n + m.buffer.byteLength; }, 0);
  };

  // The banner's first layer, per library.
  function findBanner() {
    switch (opts.kind) {
      case 'kelisim': {
        var root = document.getElementById('kelisim-root');
        return root && root.shadowRoot && root.shadowRoot.querySelector('[data-kelisim-screen="banner"]');
      }
      case 'cookieconsent': return document.querySelector('#cc-main .cm');
      case 'klaro': return document.querySelector('.klaro .cookie-notice:not(.cookie-notice-hidden)') || document.querySelector('.klaro .cookie-modal');
      default: return null;
    }
  }
  B.findBanner = findBanner;
  function shadow() {
    var root = document.getElementById('kelisim-root');
    return root && root.shadowRoot;
  }
  // The button that opens the settings (preference center) from the first layer, and the
  // preference center itself.
  B.findSettingsButton = function () {
    switch (opts.kind) {
      case 'kelisim': return shadow() && shadow().querySelector('[data-kelisim-action="preferences"]');
      case 'cookieconsent': return document.querySelector('#cc-main .cm [data-role="show"]');
      case 'klaro': return document.querySelector('.klaro .cookie-notice .cn-learn-more');
      default: return null;
    }
  };
  function findSettings() {
    switch (opts.kind) {
      case 'kelisim': return (shadow() && shadow().querySelector('[data-kelisim-screen="settings"]')) || document.querySelector('[data-kelisim-screen="settings"]');
      case 'cookieconsent': return document.querySelector('#cc-main .pm');
      case 'klaro': return document.querySelector('.klaro .cookie-modal');
      default: return null;
    }
  }
  B.findSettings = findSettings;
  // A frame loop like the banner's, for the preference center: started by the benchmark
  // just before it clicks Settings.
  B.settings = null; B.settingsOpaque = null;
  B.watchSettings = function () {
    var t0 = now();
    B.watchingSettings = true; // no consent is stored: the click starts no cookie poll (below)
    (function loop() {
      var t = now();
      var v = visibility(findSettings());
      if (v.visible && B.settings == null) B.settings = t;
      if (B.settings != null && v.opacity >= 0.99 && B.settingsOpaque == null) B.settingsOpaque = t;
      if (B.settingsOpaque == null && t - t0 < 30000) requestAnimationFrame(loop);
    })();
  };
  B.findAccept = function () {
    switch (opts.kind) {
      case 'kelisim': {
        var root = document.getElementById('kelisim-root');
        return root && root.shadowRoot && root.shadowRoot.querySelector('[data-kelisim-screen="banner"] [data-kelisim-action="accept-all"]');
      }
      case 'cookieconsent': return document.querySelector('#cc-main .cm [data-role="all"]');
      case 'klaro': return document.querySelector('.klaro .cookie-notice .cm-btn-success');
      default: return null;
    }
  };
  // Visible: a box in the viewport, not hidden, and a combined opacity above 0 (a fade-in has
  // begun); "opaque" when the combined opacity reaches 0.99 (the fade-in is over).
  function visibility(el) {
    if (!el || !el.isConnected) return { visible: false, opacity: 0 };
    var r = el.getBoundingClientRect();
    if (r.width < 1 || r.height < 1 || r.bottom <= 0 || r.right <= 0 || r.top >= innerHeight || r.left >= innerWidth) return { visible: false, opacity: 0 };
    if (getComputedStyle(el).visibility !== 'visible') return { visible: false, opacity: 0 };
    var o = 1;
    for (var n = el; n && n.nodeType === 1;) {
      var cs = getComputedStyle(n);
      if (cs.display === 'none') return { visible: false, opacity: 0 };
      o *= parseFloat(cs.opacity);
      n = n.parentNode;
      if (n && n.nodeType === 11) n = n.host;
    }
    return { visible: o > 0, opacity: o };
  }
  B.visibility = function () { return visibility(findBanner()); };
  function tick() {
    var t = now();
    var el = findBanner();
    if (el) {
      if (B.bannerInserted == null) B.bannerInserted = t;
      var v = visibility(el);
      if (v.visible && B.banner == null) B.banner = t;
      if (B.banner != null && v.opacity >= 0.99 && B.bannerOpaque == null) B.bannerOpaque = t;
    }
    if (B.bannerOpaque == null && !B.stop && t < 60000) requestAnimationFrame(tick);
  }
  // The frame loop starts only once the consent manager has put its container into the page:
  // a requestAnimationFrame loop running from the start would make the browser render while
  // the page is still being parsed, which changes the page's own tasks (its layout becomes
  // one long task) and so the very figures being compared.
  var CONTAINER = { kelisim: '#kelisim-root', cookieconsent: '#cc-main', klaro: '#klaro, .klaro' }[opts.kind];
  if (CONTAINER) {
    var mo = new MutationObserver(function () {
      if (document.querySelector(CONTAINER)) {
        mo.disconnect();
        B.containerInserted = now();
        requestAnimationFrame(tick);
      }
    });
    mo.observe(document, { childList: true, subtree: true });
  }

  // Consent stored: the moment the library writes its consent cookie (a wrapped
  // document.cookie setter), checked against document.cookie; a timer poll is the fallback.
  function cookiePresent() {
    return document.cookie.split(';').some(function (p) {
      var i = p.indexOf('=');
      return i > 0 && p.slice(0, i).trim() === opts.cookie && p.slice(i + 1).trim() !== '';
    });
  }
  var desc = Object.getOwnPropertyDescriptor(Document.prototype, 'cookie');
  if (desc && desc.set && opts.cookie) {
    Object.defineProperty(Document.prototype, 'cookie', {
      configurable: true,
      enumerable: desc.enumerable,
      get: function () { return desc.get.call(this); },
      set: function (v) {
        desc.set.call(this, v);
        if (B.clickAt != null && B.stored == null && cookiePresent()) { B.stored = now(); B.storedHow = 'setter'; }
      },
    });
  }
  addEventListener('click', function (e) {
    if (!e.isTrusted || B.clickAt != null || !opts.cookie) return;
    B.clickAt = now();
    B.clickTimeStamp = e.timeStamp;
    // Not after a click on Settings (nothing is stored): a poll reading document.cookie every
    // 4 ms (a synchronous call to the browser process each time in Chromium) took 13-22 ms of
    // the main thread in the 0.6 s after the click (CPU profile, 2026-12-06). The medians did not
    // move measurably (7 runs each way): the preference center's work is one task the poll
    // cannot cut into; the poll's tasks only come between frames.
    if (B.watchingSettings) return;
    var poll = function () {
      if (B.stored != null) return;
      if (cookiePresent()) { B.stored = now(); B.storedHow = 'poll'; return; }
      if (now() - B.clickAt < 10000) setTimeout(poll, 0);
    };
    setTimeout(poll, 0);
  }, true);
}
module.exports = { benchInstrument };
