// Test page only: runs the release loader (/dist/kelisim.js) inlined, with the integrity hash of
// the file named in ?file= altered in its /*@files*/ table: exactly as if that file on the server
// differed from the one the loader was built with. ?file=none alters nothing (the control).
// &hint: the build's preload hints come first (preload.js, in integrity.html), as the recommended
// embed has them: the hinted wasm is then fetched without integrity and its SHA-384 compared by
// the loader.
(function () {
  var file = new URLSearchParams(location.search).get("file");
  var req = new XMLHttpRequest();
  req.open("GET", "/dist/kelisim.js", false); // synchronous: the loader runs in document order
  req.send();
  var text = req.responseText, altered = text.replace(new RegExp("([{,] ?" + file + ': ?"sha384-)(.)'),
    function (m, key, c) { return key + (c === "A" ? "B" : "A"); });
  if (file !== "none" && altered === text) throw new Error("integrity.js: no hash for " + file);
  // &poison: a modulepreload link of the page for the app's glue with a wrong integrity, which
  // fails, and a browser keeps the failure for that URL (tests/browser_integrity.rs).
  if (new URLSearchParams(location.search).has("poison")) {
    var app = /[{,] ?app: ?"([^"]+)"/.exec(text);
    if (!app) throw new Error("integrity.js: no app glue in the loader's file table");
    var hint = document.createElement("link");
    hint.rel = "modulepreload";
    hint.href = "/dist/" + app[1];
    hint.integrity = "sha384-" + "A".repeat(64);
    document.head.appendChild(hint);
  }
  var s = document.createElement("script");
  s.setAttribute("data-base", "/dist/");
  s.textContent = altered;
  document.head.appendChild(s);
})();
