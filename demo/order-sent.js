// Demo only: lists the kelisim-consent-<purpose> fields the form submitted (never the form's
// personal data).
(function () {
  var list = document.getElementById("consent-fields");
  new URLSearchParams(location.search).forEach(function (value, name) {
    if (name.indexOf("kelisim-consent-") !== 0) return;
    var li = document.createElement("li");
    li.textContent = name + " = " + value;
    list.appendChild(li);
  });
})();
