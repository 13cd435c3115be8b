// Platform JavaScript. No inline scripts anywhere (the CSP forbids them):
// behaviour hangs off data- attributes.
(function () {
  "use strict";
  // <select data-autosubmit> submits its form when changed with the mouse
  // (e.g. filters). Not when changed from the keyboard: arrow keys change a
  // closed select one option at a time, and submitting at the first key
  // would take a keyboard user off the page before they reach their choice
  // (WCAG 3.2.2). They use the form's own button instead.
  var keyed = null;
  document.addEventListener("keydown", function (event) {
    keyed = event.target;
  }, true);
  document.addEventListener("pointerdown", function () {
    keyed = null;
  }, true);
  document.addEventListener("change", function (event) {
    var el = event.target;
    if (el && el.matches && el.matches("[data-autosubmit]") && el.form && el !== keyed) {
      el.form.requestSubmit ? el.form.requestSubmit() : el.form.submit();
    }
  });
  // htmx gives the focus back to a replaced element when the new content has
  // one with the same id. Otherwise it would fall back to the top of the
  // page, losing a keyboard or screen-reader user's place: it goes to the
  // replaced part instead (or the nearest enclosing element with an id).
  var focusHome = null;
  document.addEventListener("htmx:beforeSwap", function (event) {
    var target = event.detail.target;
    var active = document.activeElement;
    focusHome = null;
    if (target && active && active !== document.body && target.contains(active)) {
      var home = target.id ? target : target.parentElement && target.parentElement.closest("[id]");
      focusHome = home ? home.id : null;
    }
  });
  document.addEventListener("htmx:afterSettle", function () {
    var active = document.activeElement;
    var home = focusHome && document.getElementById(focusHome);
    focusHome = null;
    if (!home || (active && active !== document.body)) {
      return;
    }
    if (!home.hasAttribute("tabindex")) {
      home.setAttribute("tabindex", "-1");
    }
    home.focus();
  });
  // <button data-confirm="..."> asks before submitting.
  document.addEventListener("click", function (event) {
    var el = event.target.closest && event.target.closest("[data-confirm]");
    if (el && !window.confirm(el.getAttribute("data-confirm"))) {
      event.preventDefault();
    }
  });
})();
