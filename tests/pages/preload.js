// The recommended embed (dist/embed.html) on a test page: the build's preload hints from
// dist/manifest.json, written into <head> before the loader as a site pastes them.
// On integrity.html (data-only-with-hint) only when its URL asks for them (&hint).
(function () {
  var me = document.currentScript;
  if (me && me.hasAttribute("data-only-with-hint") && !new URLSearchParams(location.search).has("hint")) return;
  var x = new XMLHttpRequest();
  x.open("GET", "/dist/manifest.json", false);
  x.send();
  JSON.parse(x.responseText).preload.forEach(function (h) {
    document.write('<link rel="' + h.rel + '" href="/dist/' + h.file + '"' +
      (h.as ? ' as="' + h.as + '"' : "") + (h.type ? ' type="' + h.type + '"' : "") +
      (h.integrity ? ' integrity="' + h.integrity + '"' : "") + ' crossorigin>');
  });
})();
