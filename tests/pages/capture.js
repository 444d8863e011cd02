// Test pages only: records console errors and warnings and kelisim's events, so the browser
// tests can read them back. Loaded before kelisim.js, exactly as any other site script.
(function () {
  window.__errors = []; window.__warnings = []; window.__events = [];
  var error = console.error, warn = console.warn;
  function text(args) { return Array.prototype.map.call(args, String).join(" "); }
  console.error = function () { window.__errors.push(text(arguments)); return error.apply(console, arguments); };
  console.warn = function () { window.__warnings.push(text(arguments)); return warn.apply(console, arguments); };
  ["kelisim:ready", "kelisim:consent"].forEach(function (type) {
    document.addEventListener(type, function (e) { window.__events.push({ type: type, detail: e.detail }); });
  });
})();
