// Charts of the evaluation pages. Data comes from data- attributes (the CSP
// forbids inline scripts); every chart has a table next to it for people
// who do not see it.
(function () {
  "use strict";
  if (!window.Chart) { return; }
  var palette = ["#0d6efd", "#198754", "#d63384", "#fd7e14", "#6f42c1", "#20c997", "#6c757d"];
  document.querySelectorAll("canvas[data-evaluations-chart]").forEach(function (canvas) {
    var labels = (canvas.getAttribute("data-labels") || "").split("|");
    var values = (canvas.getAttribute("data-values") || "").split("|").map(Number);
    var type = canvas.getAttribute("data-evaluations-chart");
    new window.Chart(canvas, {
      type: type,
      data: {
        labels: labels,
        datasets: [{
          label: canvas.getAttribute("aria-label") || "",
          data: values,
          backgroundColor: type === "doughnut" ? palette : palette[0]
        }]
      },
      options: {
        animation: false,
        indexAxis: type === "bar" ? "y" : undefined,
        plugins: { legend: { display: type === "doughnut", position: "bottom" } },
        scales: type === "bar" ? { x: { min: 0, max: 100 } } : {}
      }
    });
  });
})();
