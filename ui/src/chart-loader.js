// Loads dist/charts.js (Chart.js and the drawing code, far larger than everything else) only
// on pages that have a chart container, with the same ?v= version as this script so that it
// is cached alike. The script comes from our own origin, as the CSP (script-src 'self') wants.

export function loadCharts(doc = document) {
  if (!doc.querySelector("[data-chart]")) return;
  if (doc.getElementById("samverkan-charts")) return;
  const self = doc.querySelector('script[src*="/static/app.js"]');
  const version = self ? new URL(self.getAttribute("src"), doc.baseURI).searchParams.get("v") : null;
  const script = doc.createElement("script");
  script.id = "samverkan-charts";
  script.src = `/static/charts.js${version ? `?v=${encodeURIComponent(version)}` : ""}`;
  doc.head.appendChild(script);
}
