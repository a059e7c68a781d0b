// Loads dist/ecosystem-map.js (Cytoscape.js and the map, far larger than everything else) only
// on pages that have an ecosystem map container, with the same ?v= version as this script so
// that it is cached alike. The script comes from our own origin, as the CSP wants.

export function loadEcosystemMap(doc = document) {
  if (!doc.querySelector("[data-ecosystem-map]")) return;
  if (doc.getElementById("samverkan-ecosystem-map")) return;
  const self = doc.querySelector('script[src*="/static/app.js"]');
  const version = self ? new URL(self.getAttribute("src"), doc.baseURI).searchParams.get("v") : null;
  const script = doc.createElement("script");
  script.id = "samverkan-ecosystem-map";
  script.src = `/static/ecosystem-map.js${version ? `?v=${encodeURIComponent(version)}` : ""}`;
  doc.head.appendChild(script);
}
