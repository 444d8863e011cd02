// Test pages of the site's own forms (issue 13): `?lang=kk|ru|en` sets <html lang> before kelisim
// reads it; `kelisim:processing` events are recorded, `kelisim:forms-ready` counted; the form with id "fetch" is sent by a
// script, as single-page sites do: fetch() with new FormData(form) to the receiver's test hook.
(function () {
  var lang = new URLSearchParams(location.search).get("lang");
  if (lang) document.documentElement.lang = lang;
  window.__processing = [];
  document.addEventListener("kelisim:processing", function (e) { window.__processing.push(e.detail); });
  window.__formsReady = 0;
  document.addEventListener("kelisim:forms-ready", function () { window.__formsReady++; });
  document.addEventListener("submit", function (e) {
    var form = e.target;
    if (form.id !== "fetch") return;
    e.preventDefault();
    var data = new FormData(form);
    window.__sent = Array.from(data.entries());
    fetch("http://127.0.0.1:8787/__test/forms", { method: "POST", body: data });
  });
})();
