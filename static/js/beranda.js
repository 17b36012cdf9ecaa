/* Dashboard charts: data comes from <script type="application/json"> blocks; each chart has a table fallback. */
(function () {
  "use strict";
  if (typeof Chart === "undefined") { return; }

  function readData(canvas) {
    var source = document.getElementById(canvas.dataset.source);
    return source ? JSON.parse(source.textContent) : null;
  }

  function drawSkala(canvas, data) {
    var warna = ["#f8d7da", "#fde2c4", "#fff3cd", "#d1e7dd", "#b6dfcb", "#8fc3ab"];
    var batas = data.ambang.map(function (a) { return a.mulai; }).concat([1000]);
    var datasets = data.ambang.map(function (a, i) {
      return { label: a.nama, data: [batas[i + 1] - (i === 0 ? 0 : a.mulai)], backgroundColor: warna[i % warna.length], stack: "skala", barThickness: 18 };
    });
    if (data.ambang.length && data.ambang[0].mulai > 0) {
      datasets.unshift({ label: "–", data: [data.ambang[0].mulai], backgroundColor: "#eeeeee", stack: "skala", barThickness: 18 });
      datasets[1].data = [batas[1] - data.ambang[0].mulai];
    }
    datasets.push({ label: "Skor klaim", data: [data.skor], backgroundColor: "#0b6e4f", stack: "klaim", barThickness: 8 });
    datasets.push({ label: "Didukung bukti", data: [data.didukung], backgroundColor: "#5aa382", stack: "bukti", barThickness: 8 });
    new Chart(canvas, {
      type: "bar",
      data: { labels: [""], datasets: datasets },
      options: {
        indexAxis: "y",
        responsive: true,
        scales: { x: { min: 0, max: 1000, stacked: true }, y: { stacked: true } },
        plugins: { legend: { position: "bottom", labels: { boxWidth: 12 } } }
      }
    });
  }

  function drawRad(canvas, data) {
    new Chart(canvas, {
      type: "bar",
      data: {
        labels: data.labels,
        datasets: [
          { label: "Capaian fisik (%)", data: data.capaian, backgroundColor: "#0b6e4f" },
          { label: "Serapan anggaran (%)", data: data.serapan, backgroundColor: "#c77d0a" }
        ]
      },
      options: { indexAxis: "y", responsive: true, scales: { x: { min: 0, suggestedMax: 100 } }, plugins: { legend: { position: "bottom" } } }
    });
  }

  var drawers = { skala: drawSkala, rad: drawRad };
  document.querySelectorAll("canvas[data-chart]").forEach(function (canvas) {
    var data = readData(canvas);
    var draw = drawers[canvas.dataset.chart];
    if (data && draw) { draw(canvas, data); }
  });
})();
