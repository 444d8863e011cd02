// Records the start time of the first frame in which the banner is visible (window.__bannerFrame,
// on the performance.now() clock of Resource Timing), as bench/lib/instrument.js judges it: in
// kelisim's shadow root, with a combined opacity above 0 (its fade-in starts from 0, so the
// frame that inserts it shows nothing yet).
(function () {
  function opacity(el) {
    var o = 1;
    for (; el && el.nodeType === 1; el = el.parentNode || el.host) o *= parseFloat(getComputedStyle(el).opacity);
    return o;
  }
  function look(t) {
    var host = document.getElementById("kelisim-root");
    var root = host && host.shadowRoot;
    var banner = root && root.querySelector('[data-kelisim-screen="banner"]');
    if (banner && opacity(banner) > 0) window.__bannerFrame = t;
    else requestAnimationFrame(look);
  }
  requestAnimationFrame(look);
})();
