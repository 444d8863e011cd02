// Test pages only: counts what the page constructs of Intl.DisplayNames (the browser's country
// names), in window.__displayNames. Loaded before kelisim.js.
(function () {
  var Real = Intl.DisplayNames;
  window.__displayNames = 0;
  Intl.DisplayNames = function (locales, options) { window.__displayNames++; return new Real(locales, options); };
})();
