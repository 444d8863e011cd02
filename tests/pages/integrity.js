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
  var s = document.createElement("script");
  s.setAttribute("data-base", "/dist/");
  s.textContent = altered;
  document.head.appendChild(s);
})();
