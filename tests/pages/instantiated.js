// Test pages only: counts the WebAssembly modules the page instantiated (window.__instances), so
// tests/browser_preload.rs can wait for the app's instantiation at idle before a click. The app
// is instantiated from the module compiled at idle (a WebAssembly.Module); the first layer from
// its bytes.
(function () {
  var wa = WebAssembly, inst = wa.instantiate;
  window.__instances = [];
  wa.instantiate = function (what) {
    var kind = what instanceof wa.Module ? "module" : "bytes";
    return inst.apply(wa, arguments).then(function (r) { window.__instances.push(kind); return r; });
  };
})();
