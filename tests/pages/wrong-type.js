// Test pages only: the server sends kelisim's wasm files as application/octet-stream (a shared
// host without a wasm type), so WebAssembly.instantiateStreaming refuses them and the glue
// compiles the bytes instead. Loaded before kelisim.js. Counts what it served in
// window.wrongTypeServed.
(function () {
  var fetch = window.fetch;
  window.wrongTypeServed = [];
  window.fetch = function (input) {
    var url = String((input && input.url) || input);
    return fetch.apply(this, arguments).then(function (r) {
      if (!/_bg\.[0-9a-f]{8}\.wasm/.test(url)) return r;
      window.wrongTypeServed.push(url.replace(/.*\//, ""));
      return r.arrayBuffer().then(function (b) {
        var wrong = new Response(b, { status: r.status, headers: { "content-type": "application/octet-stream" } });
        // (A Response made here has no URL of its own; the server's had.)
        Object.defineProperty(wrong, "url", { value: r.url });
        return wrong;
      });
    });
  };
})();
