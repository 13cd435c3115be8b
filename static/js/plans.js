// Charts of action plans. Data comes from <script type="application/json">
// blocks written by json_script (the CSP forbids inline scripts); each
// <canvas data-plan-chart="kind" data-source="id"> draws one chart. Every
// chart has a table with the same figures next to it.
(function () {
  "use strict";
  if (typeof window.Chart === "undefined") { return; }
  var palette = ["#1f5fa8", "#8a4b08", "#5a2d91", "#1b6e3a", "#b02a37", "#0f6b73", "#6c4f00", "#4a4a4a", "#7a1f5c", "#2f4f4f"];

  function read(id) {
    var el = document.getElementById(id);
    return el ? JSON.parse(el.textContent) : null;
  }

  function draw(canvas) {
    var kind = canvas.getAttribute("data-plan-chart");
    var data = read(canvas.getAttribute("data-source"));
    if (!data) { return; }
    var config;
    if (kind === "indicator") {
      config = {
        type: "line",
        data: {
          labels: data.labels,
          datasets: [
            { label: data.actual_label, data: data.actual, borderColor: palette[0], backgroundColor: palette[0], spanGaps: true, pointStyle: "circle", pointRadius: 4 },
            { label: data.path_label, data: data.path, borderColor: palette[1], backgroundColor: palette[1], borderDash: [6, 4], pointStyle: "triangle", pointRadius: 3 }
          ]
        },
        options: { responsive: true, maintainAspectRatio: false, scales: { y: { title: { display: true, text: data.unit } } } }
      };
    } else if (kind === "progress") {
      config = {
        type: "bar",
        data: { labels: data.labels, datasets: [{ label: "%", data: data.values, backgroundColor: palette[0] }] },
        options: { indexAxis: "y", responsive: true, maintainAspectRatio: false, plugins: { legend: { display: false } },
                   scales: { x: { suggestedMin: 0, suggestedMax: 100 } } }
      };
    } else {
      config = {
        type: kind === "bar" ? "bar" : "doughnut",
        data: { labels: data.labels, datasets: [{ data: data.values, backgroundColor: palette.slice(0, data.values.length) }] },
        options: { responsive: true, maintainAspectRatio: false, plugins: { legend: { display: kind !== "bar", position: "bottom" } } }
      };
      if (kind === "bar") { config.options.indexAxis = "y"; }
    }
    new window.Chart(canvas, config);
  }

  document.querySelectorAll("canvas[data-plan-chart]").forEach(draw);
})();
