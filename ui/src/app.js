// Samverkan: progressive enhancement only. Every page works without this file; it adds
// - sortable data tables  (<table class="data-table" data-sortable>)
// - focus on a form's error summary when the page loads (.error-summary)
// - a confirmation question before submitting forms with data-confirm="…"
// - keyboard access to horizontally scrolling table wrappers (.table-scroll)
// - charts drawn from the data blocks of the progress pages (loads dist/charts.js there only)
// - the ecosystem map (loads dist/ecosystem-map.js on /ekosystem only)
// - file choosers that fill a textarea (input[type=file][data-fills])
//
// Loaded with <script src defer>, bundled by esbuild into one IIFE; no inline script, no
// dependencies (Chart.js goes into the separate charts.js). Each part is independent: a
// failure in one must not stop the others.

import { initSortableTables } from "./sortable-table.js";
import { focusErrorSummary } from "./error-summary.js";
import { initConfirmForms } from "./confirm-forms.js";
import { initScrollRegions } from "./scroll-regions.js";
import { loadCharts } from "./chart-loader.js";
import { loadEcosystemMap } from "./map-loader.js";
import { initFileFill } from "./file-fill.js";

function run(name, fn) {
  try {
    fn(document);
  } catch (err) {
    // Enhancements are optional: log and carry on with the rest.
    if (window.console) console.error(`samverkan: ${name} failed`, err);
  }
}

function init() {
  document.documentElement.classList.add("js");
  run("sortable tables", initSortableTables);
  run("scroll regions", initScrollRegions);
  run("confirm forms", initConfirmForms);
  run("error summary", focusErrorSummary);
  run("charts", loadCharts);
  run("ecosystem map", loadEcosystemMap);
  run("file fill", initFileFill);
}

if (document.readyState === "loading") {
  document.addEventListener("DOMContentLoaded", init, { once: true });
} else {
  init();
}
