// Platform JavaScript. No inline scripts anywhere (the CSP forbids them):
// behaviour hangs off data- attributes.
(function () {
  "use strict";
  // <select data-autosubmit> submits its form when changed (e.g. filters).
  document.addEventListener("change", function (event) {
    var el = event.target;
    if (el && el.matches && el.matches("[data-autosubmit]") && el.form) {
      el.form.requestSubmit ? el.form.requestSubmit() : el.form.submit();
    }
  });
  // <button data-confirm="..."> asks before submitting.
  document.addEventListener("click", function (event) {
    var el = event.target.closest && event.target.closest("[data-confirm]");
    if (el && !window.confirm(el.getAttribute("data-confirm"))) {
      event.preventDefault();
    }
  });
})();
