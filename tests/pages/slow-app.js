// Test pages only: a slow server for the Leptos app's wasm (it arrives 1.5 s after it is asked
// for), so the preference center is asked for before the app is ready. Loaded before kelisim.js.
(function () {
  var fetch = window.fetch;
  window.fetch = function (input) {
    var self = this, args = arguments;
    if (String((input && input.url) || input).indexOf("/app_bg.") < 0) return fetch.apply(self, args);
    return new Promise(function (ok) { setTimeout(ok, 1500); }).then(function () {
      return fetch.apply(self, args);
    });
  };
})();
