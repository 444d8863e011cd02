// Test pages only (tests/browser_autoblock.rs): a service worker that serves
// /tests/pages/csp-header/<page>.html as /tests/pages/<page>.html with the policy of its
// Content-Security-Policy <meta> sent as a header instead (with ?nostrict, without
// 'strict-dynamic'). Browsers hide a nonce attribute (it reads "", the property keeps the value)
// only under a policy sent as a header, which is how most sites send it. The other requests of
// those pages: a relative URL under csp-header/ is the file beside the page; the rest go to the
// network as they are.
var PREFIX = "/tests/pages/csp-header/";
self.addEventListener("install", function () { self.skipWaiting(); });
self.addEventListener("activate", function (e) { e.waitUntil(self.clients.claim()); });
self.addEventListener("fetch", function (e) {
  var url = new URL(e.request.url);
  if (url.origin !== location.origin || url.pathname.indexOf(PREFIX) !== 0) return;
  var plain = url.pathname.replace("csp-header/", "");
  if (e.request.mode !== "navigate") {
    e.respondWith(fetch(plain + url.search));
    return;
  }
  e.respondWith(fetch(plain).then(function (r) { return r.text(); }).then(function (html) {
    var meta = /<meta http-equiv="Content-Security-Policy" content="([^"]*)">/.exec(html);
    if (!meta) return new Response("no Content-Security-Policy <meta> in " + plain, { status: 500 });
    var policy = meta[1];
    if (url.searchParams.has("nostrict")) policy = policy.replace(" 'strict-dynamic'", "");
    return new Response(html.replace(meta[0], ""), {
      headers: { "Content-Type": "text/html; charset=utf-8", "Content-Security-Policy": policy },
    });
  }));
});
