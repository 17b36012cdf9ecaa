/* Dashboard charts: data comes from <script type="application/json"> blocks; each chart has a table fallback. */
(function () {
  "use strict";
  if (typeof Chart === "undefined") { return; }

  var PONSEL = 576;

  function isPhone() { return window.innerWidth < PONSEL; }

  // A chart's box is as tall as its content needs, on a phone too: the canvas no longer keeps the
  // width-to-height ratio that shrank the predikat scale to a strip on a 375 px screen.
  function boxHeight(canvas, px) { canvas.parentNode.style.height = px + "px"; }

  // Long cluster names break into lines of about `width` characters instead of being cut off.
  function wrap(label, width) {
    var lines = [], line = "";
    String(label).split(/\s+/).forEach(function (word) {
      if (line && (line + " " + word).length > width) { lines.push(line); line = word; }
      else { line = line ? line + " " + word : word; }
    });
    if (line) { lines.push(line); }
    return lines;
  }

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
    // The legend lists every predikat: on a phone it takes several rows under the bar.
    boxHeight(canvas, isPhone() ? 190 : 120);
    new Chart(canvas, {
      type: "bar",
      data: { labels: [""], datasets: datasets },
      options: {
        indexAxis: "y",
        responsive: true,
        maintainAspectRatio: false,
        scales: { x: { min: 0, max: 1000, stacked: true }, y: { stacked: true } },
        plugins: { legend: { position: "bottom", labels: { boxWidth: 12 } } }
      }
    });
  }

  function drawRad(canvas, data) {
    var width = isPhone() ? 16 : 32;
    var labels = data.labels.map(function (label) { return wrap(label, width); });
    var lines = labels.reduce(function (n, l) { return n + Math.max(l.length, 2); }, 0);
    boxHeight(canvas, lines * 22 + 70);
    new Chart(canvas, {
      type: "bar",
      data: {
        labels: labels,
        datasets: [
          { label: "Capaian fisik (%)", data: data.capaian, backgroundColor: "#0b6e4f" },
          { label: "Serapan anggaran (%)", data: data.serapan, backgroundColor: "#c77d0a" }
        ]
      },
      options: {
        indexAxis: "y",
        responsive: true,
        maintainAspectRatio: false,
        scales: { x: { min: 0, suggestedMax: 100 }, y: { ticks: { autoSkip: false } } },
        plugins: { legend: { position: "bottom" } }
      }
    });
  }

  var drawers = { skala: drawSkala, rad: drawRad };
  document.querySelectorAll("canvas[data-chart]").forEach(function (canvas) {
    var data = readData(canvas);
    var draw = drawers[canvas.dataset.chart];
    if (data && draw) { draw(canvas, data); }
  });
})();
