// Charts for the progress pages, drawn with Chart.js (bundled into dist/charts.js, which
// chart-loader.js loads only on pages that have a chart).
//
// The server renders, for each chart, an empty container
//   <div class="chart__area" data-chart="ID"></div>
// inside a <figure> whose <figcaption> describes the chart in words, a data table with the
// same values, and the data itself as a JSON data block (never executed, so the CSP allows it):
//   <script type="application/json" id="ID">{"type": "bar" | "line", "label": "…",
//     "labels": […], "datasets": [{"label": "…", "data": [number | null], "style":
//     "primary" | "secondary" | "series"}], "horizontal": bool, "min": 0, "max": 100}</script>
// This script adds a <canvas role="img" aria-label="label"> and draws on it, then marks the
// container data-chart-ready="true". Without JavaScript the container stays hidden (app.css).

import {
  BarController,
  BarElement,
  CategoryScale,
  Chart,
  Legend,
  LinearScale,
  LineController,
  LineElement,
  PointElement,
  Tooltip,
} from "chart.js";

import { pageLanguage } from "./i18n.js";

Chart.register(
  BarController,
  BarElement,
  CategoryScale,
  Legend,
  LinearScale,
  LineController,
  LineElement,
  PointElement,
  Tooltip,
);

// Colours with at least 3:1 against white (WCAG 1.4.11 for graphical objects).
const PRIMARY = "#0b5e4f"; // 7.7:1
const SECONDARY = "#6b7785"; // 4.6:1
const SERIES = ["#0b5394", "#c2410c", "#5b2a86", "#1d2327"];

function colourOf(dataset, index) {
  if (dataset.style === "primary") return PRIMARY;
  if (dataset.style === "secondary") return SECONDARY;
  return SERIES[index % SERIES.length];
}

// Height in pixels: horizontal bar charts grow with their bars so that labels stay legible.
function heightFor(data) {
  if (data.type === "bar" && data.horizontal) {
    const perLabel = 10 + 14 * data.datasets.length;
    return Math.max(240, data.labels.length * perLabel + 80);
  }
  return null;
}

function configFor(data, lang) {
  const many = data.labels.length > 40;
  const valueAxis = {
    min: data.min,
    max: data.max,
    grid: { color: "#d5dbe1" },
    ticks: { color: "#1d2327" },
  };
  const labelAxis = {
    grid: { display: false },
    ticks: { color: "#1d2327", display: !many, autoSkip: true, maxRotation: 0 },
  };
  const horizontal = data.type === "bar" && data.horizontal;
  return {
    type: data.type,
    data: {
      labels: data.labels,
      datasets: data.datasets.map((dataset, index) => {
        const colour = colourOf(dataset, index);
        return {
          label: dataset.label,
          data: dataset.data,
          backgroundColor: colour,
          borderColor: colour,
          borderWidth: data.type === "line" ? 2 : 0,
          pointRadius: data.type === "line" ? 3 : undefined,
          spanGaps: false,
          barPercentage: many ? 1 : 0.9,
          categoryPercentage: many ? 1 : 0.8,
        };
      }),
    },
    options: {
      locale: lang === "en" ? "en-GB" : "sv-SE",
      responsive: true,
      maintainAspectRatio: false,
      animation: false,
      indexAxis: horizontal ? "y" : "x",
      scales: horizontal ? { x: valueAxis, y: labelAxis } : { x: labelAxis, y: valueAxis },
      plugins: {
        legend: { display: data.datasets.length > 1, labels: { color: "#1d2327" } },
        tooltip: { enabled: true },
      },
    },
  };
}

export function drawCharts(doc = document) {
  const lang = pageLanguage(doc);
  // The page's own typeface, so that labels read like the table next to the chart.
  const family = doc.body ? getComputedStyle(doc.body).fontFamily : "";
  if (family) Chart.defaults.font.family = family;
  for (const container of doc.querySelectorAll("[data-chart]")) {
    if (container.dataset.chartReady === "true") continue;
    try {
      const block = doc.getElementById(container.getAttribute("data-chart"));
      if (!block) continue;
      const data = JSON.parse(block.textContent);
      const height = heightFor(data);
      if (height) container.style.height = `${height}px`;
      const canvas = doc.createElement("canvas");
      canvas.setAttribute("role", "img");
      canvas.setAttribute("aria-label", data.label);
      container.appendChild(canvas);
      new Chart(canvas, configFor(data, lang));
      container.dataset.chartReady = "true";
    } catch (err) {
      // One broken chart must not stop the others; the table below it has the data.
      if (window.console) console.error("samverkan: chart failed", err);
    }
  }
}

if (document.readyState === "loading") {
  document.addEventListener("DOMContentLoaded", () => drawCharts(document), { once: true });
} else {
  drawCharts(document);
}
