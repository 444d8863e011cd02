// Test pages only (early.html): puts the configuration named in the URL's fragment into the page
// as <script type="application/json" id="kelisim-config"> before the loader runs, so one page
// serves the whole corpus of tests/browser_early.rs. `#none`: no configuration (the default).
(function () {
  var h = location.hash.slice(1);
  if (!h || h === "none") return;
  var s = document.createElement("script");
  s.type = "application/json"; s.id = "kelisim-config";
  s.textContent = decodeURIComponent(h);
  document.head.appendChild(s);
})();
