// Stakeholder directory and registration. No inline scripts (CSP): data comes
// from json_script blocks and data- attributes.
(function () {
  "use strict";
  var HELIX_COLOURS = {
    government: "#1f5fa8",
    industry: "#8a4b08",
    academia: "#5a2d91",
    civil_society: "#1b6e3a",
  };

  // <canvas data-helix-chart="id-of-json-script">: bar chart of counts per helix.
  document.querySelectorAll("canvas[data-helix-chart]").forEach(function (canvas) {
    var source = document.getElementById(canvas.getAttribute("data-helix-chart"));
    if (!source || typeof window.Chart === "undefined") return;
    var rows = JSON.parse(source.textContent);
    new window.Chart(canvas, {
      type: "bar",
      data: {
        labels: rows.map(function (r) { return r.label; }),
        datasets: [{
          data: rows.map(function (r) { return r.count; }),
          backgroundColor: rows.map(function (r) { return HELIX_COLOURS[r.helix] || "#495057"; }),
        }],
      },
      options: {
        indexAxis: "y",
        plugins: { legend: { display: false } },
        scales: { x: { beginAtZero: true, ticks: { precision: 0 } } },
        maintainAspectRatio: false,
      },
    });
  });

  // <select data-kind-for-helix="id_helix">: only the kinds of the chosen helix.
  document.querySelectorAll("select[data-kind-for-helix]").forEach(function (kind) {
    var helix = document.getElementById(kind.getAttribute("data-kind-for-helix"));
    if (!helix) return;
    function sync() {
      var chosen = helix.value;
      Array.prototype.forEach.call(kind.options, function (option) {
        var own = option.getAttribute("data-helix");
        var hide = Boolean(chosen && own && own !== chosen);
        option.hidden = hide;
        option.disabled = hide;
        if (hide && option.selected) kind.value = "";
      });
    }
    helix.addEventListener("change", sync);
    sync();
  });
})();
