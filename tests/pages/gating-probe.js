// Test pages only: runs right after kelisim.js and records what the loader had already put in
// dataLayer (a copy, and whether each entry is an Arguments object as gtag() pushes).
(function () {
  var dl = window.dataLayer || [];
  window.__probe = {
    gtag: typeof window.gtag,
    entries: dl.map(function (a) { return Array.prototype.slice.call(a); }),
    kinds: dl.map(function (a) { return Object.prototype.toString.call(a); })
  };
})();
