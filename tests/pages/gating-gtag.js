// Test pages only: the site's own gtag snippet, loaded before kelisim.js; records every call.
window.dataLayer = window.dataLayer || [];
window.__gtagCalls = [];
window.gtag = function () {
  window.__gtagCalls.push(Array.prototype.slice.call(arguments));
  window.dataLayer.push(arguments);
};
