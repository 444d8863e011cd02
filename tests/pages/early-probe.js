// Test pages only: what window.kelisim answers synchronously right after the loader, before the
// WebAssembly can be ready (read back by tests/browser_early.rs).
(function () {
  var k = window.kelisim, ids = ["necessary", "preferences", "analytics", "marketing", "extra", "foo"];
  var accepted = {};
  ids.forEach(function (id) { accepted[id] = k.accepted(id); });
  window.__early = { ready: k.ready, consent: k.getConsent(), accepted: accepted,
    dataLayer: JSON.parse(JSON.stringify(window.dataLayer || [])) };
})();
