// Demo only: loads kelisim with the configuration file of the profile named in ?p=.
(function () {
  var names = { kaspi: "Kaspi.kz", kreditomat: "Kreditomat", autocheck: "Autocheck.kz", nomapay: "Nomapay" };
  var p = new URLSearchParams(location.search).get("p");
  if (!names[p]) p = "nomapay";
  // ?lang=kk|ru|en: the page's language (kelisim negotiates from <html lang>).
  var lang = new URLSearchParams(location.search).get("lang");
  if (lang === "kk" || lang === "ru" || lang === "en") document.documentElement.lang = lang;
  document.addEventListener("DOMContentLoaded", function () {
    document.getElementById("profile-title").textContent = "Демо: " + names[p];
    // Kreditomat's profile describes its loan application under "forms": mark the form.
    var loan = document.getElementById("loan-application");
    if (p === "kreditomat" && loan) {
      loan.setAttribute("data-kelisim-form", "loan-application");
      loan.hidden = false;
    }
  });
  var s = document.createElement("script");
  s.src = "kelisim-lite.js";
  s.async = true;
  s.setAttribute("data-config", "profiles/" + p + ".json");
  document.head.appendChild(s);
})();
