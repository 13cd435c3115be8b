// Consultation charts. Data comes from <script type="application/json">
// blocks (json_script), never from inline scripts: the CSP forbids those.
(function () {
  "use strict";
  var COLOURS = { support: "#1b6e3a", neutral: "#6c757d", oppose: "#b02a37", participants: "#0b5394" };

  function readData(id) {
    var el = document.getElementById(id);
    return el ? JSON.parse(el.textContent) : null;
  }

  function draw(canvas, data, stacked) {
    if (!window.Chart || !data || canvas.dataset.drawn) return;
    canvas.dataset.drawn = "1";
    new window.Chart(canvas, {
      type: "bar",
      data: {
        labels: data.labels,
        datasets: data.datasets.map(function (ds) {
          return { label: ds.label, data: ds.data, backgroundColor: COLOURS[ds.key] || "#0b5394" };
        })
      },
      options: {
        indexAxis: "y",
        maintainAspectRatio: false,
        animation: false,
        plugins: { legend: { display: stacked } },
        scales: { x: { stacked: stacked, beginAtZero: true, ticks: { precision: 0 } }, y: { stacked: stacked } }
      }
    });
  }

  function init(root) {
    root.querySelectorAll("canvas[data-stance-chart]").forEach(function (c) {
      draw(c, readData(c.dataset.stanceChart), true);
    });
    root.querySelectorAll("canvas[data-bar-chart]").forEach(function (c) {
      draw(c, readData(c.dataset.barChart), false);
    });
  }

  if (window.htmx) {
    window.htmx.onLoad(function (el) { init(el.querySelectorAll ? el : document); });
  } else {
    document.addEventListener("DOMContentLoaded", function () { init(document); });
  }
})();
