// The ecosystem map (/ekosystem), drawn with Cytoscape.js (bundled into dist/ecosystem-map.js,
// which map-loader.js loads only on that page).
//
// The server renders an empty container
//   <div class="eco-map__area" data-ecosystem-map="ID" tabindex="0" role="application"
//        aria-label="…" aria-describedby="…">
// inside a <figure> whose caption describes the map in words, a table with every actor and
// relation, and the data as a JSON data block (never executed, so the CSP allows it):
//   <script type="application/json" id="ID">{"nodes": [{"id", "label", "colour", "shape",
//     "href"?, "hub"?, "description"}], "edges": [{"source", "target", "kind"}],
//     "kinds": {kind: {"line", "colour", "label"}}}</script>
// Every text comes translated from the server. This script draws the map with a deterministic
// layout, shows the zoom buttons and keyboard help (hidden without JavaScript), and makes the
// map usable from the keyboard: arrow keys move between actors, Enter opens a profile, + and -
// zoom; each table row gets a button that shows its actor on the map.

import cytoscape from "cytoscape";

const HIGHLIGHT = "#c2410c";

// Cytoscape adds a <style> element for its container unless one with this id exists; the CSP
// (style-src 'self') would refuse it, so an empty placeholder stands in and app.css carries
// the one rule it would have added.
function preventInlineStylesheet(doc) {
  const id = "__________cytoscape_stylesheet";
  if (doc.getElementById(id)) return;
  const placeholder = doc.createElement("meta");
  placeholder.id = id;
  placeholder.setAttribute("name", "cytoscape-stylesheet");
  placeholder.setAttribute("content", "in app.css");
  doc.head.appendChild(placeholder);
}

function readData(doc, id) {
  const block = doc.getElementById(id);
  if (!block) return null;
  try {
    return JSON.parse(block.textContent);
  } catch {
    return null;
  }
}

function elementsOf(data) {
  const nodes = data.nodes.map((n) => ({
    group: "nodes",
    data: {
      id: n.id,
      label: n.label,
      colour: n.colour,
      shape: n.shape,
      href: n.href || "",
      hub: Boolean(n.hub),
      description: n.description,
    },
  }));
  const edges = data.edges.map((e, i) => {
    const kind = data.kinds[e.kind] || { line: "solid", colour: "#4a5560" };
    return {
      group: "edges",
      data: { id: `e${i}`, source: e.source, target: e.target, line: kind.line, colour: kind.colour },
    };
  });
  return nodes.concat(edges);
}

const STYLE = [
  {
    selector: "node",
    style: {
      "background-color": "data(colour)",
      shape: "data(shape)",
      width: 18,
      height: 18,
      label: "data(label)",
      "font-size": 9,
      color: "#1d2327",
      "text-valign": "bottom",
      "text-margin-y": 3,
      "text-wrap": "ellipsis",
      "text-max-width": 110,
      "text-background-color": "#ffffff",
      "text-background-opacity": 0.8,
      "text-background-padding": 1,
      "min-zoomed-font-size": 7,
    },
  },
  { selector: "node[?hub]", style: { width: 34, height: 34, "font-size": 11, "font-weight": "bold" } },
  {
    selector: "edge",
    style: {
      width: 1.5,
      "line-color": "data(colour)",
      "line-style": "data(line)",
      "curve-style": "haystack",
      opacity: 0.7,
    },
  },
  { selector: ".faded", style: { opacity: 0.15 } },
  {
    selector: "node.chosen",
    style: { "border-width": 4, "border-color": HIGHLIGHT, "font-size": 12, "font-weight": "bold", "z-index": 10 },
  },
  { selector: "edge.chosen", style: { width: 3, opacity: 1, "z-index": 9 } },
];

// Deterministic: the nodes start on a circle in the server's order (hubs first, then actors by
// name), and the force-directed layout runs from there without random placement, a fixed
// number of iterations and no animation, so the same data always gives the same picture.
function layoutOptions() {
  return {
    name: "cose",
    randomize: false,
    animate: false,
    fit: true,
    padding: 24,
    numIter: 1000,
    nodeRepulsion: () => 40000,
    idealEdgeLength: () => 90,
    nodeOverlap: 20,
    gravity: 0.5,
    // Labels count as part of a node, so that names do not sit on top of each other.
    nodeDimensionsIncludeLabels: true,
  };
}

function initMap(doc, container) {
  const data = readData(doc, container.dataset.ecosystemMap);
  if (!data || !Array.isArray(data.nodes)) return;
  const figure = container.closest("figure") || doc;
  const status = figure.querySelector("[data-map-status]");

  const cy = cytoscape({
    container,
    elements: elementsOf(data),
    style: STYLE,
    layout: { name: "preset" },
    minZoom: 0.2,
    maxZoom: 4,
    boxSelectionEnabled: false,
    autoungrabify: true,
  });
  // Hubs first, then actors in the server's order, on a circle as the starting point.
  const ordered = cy.nodes().sort((a, b) => Number(b.data("hub")) - Number(a.data("hub")));
  ordered.layout({ name: "circle", animate: false, fit: false, sort: undefined }).run();
  cy.layout(layoutOptions()).run();

  // Keyboard order: the actors as the table lists them, hubs after them.
  const order = cy.nodes("[!hub]").toArray().concat(cy.nodes("[?hub]").toArray());
  let current = -1;

  function announce(text) {
    if (status) status.textContent = text;
  }

  function choose(node, { centre = true } = {}) {
    cy.elements().removeClass("chosen faded");
    if (!node) return;
    const neighbourhood = node.closedNeighborhood();
    cy.elements().not(neighbourhood).addClass("faded");
    node.addClass("chosen");
    node.connectedEdges().addClass("chosen");
    current = order.findIndex((n) => n.id() === node.id());
    if (centre) cy.center(node);
    announce(node.data("description"));
  }

  function zoom(factor) {
    const centre = { x: container.clientWidth / 2, y: container.clientHeight / 2 };
    cy.zoom({ level: Math.min(4, Math.max(0.2, cy.zoom() * factor)), renderedPosition: centre });
  }

  function clear() {
    cy.elements().removeClass("chosen faded");
    current = -1;
    announce("");
  }

  function fit() {
    clear();
    cy.fit(undefined, 24);
  }

  cy.on("tap", "node", (event) => choose(event.target, { centre: false }));
  cy.on("tap", (event) => {
    if (event.target === cy) clear();
  });

  container.addEventListener("keydown", (event) => {
    if (!order.length) return;
    switch (event.key) {
      case "ArrowRight":
      case "ArrowDown":
        choose(order[(current + 1) % order.length]);
        break;
      case "ArrowLeft":
      case "ArrowUp":
        choose(order[(current - 1 + order.length) % order.length]);
        break;
      case "Home":
        choose(order[0]);
        break;
      case "End":
        choose(order[order.length - 1]);
        break;
      case "Enter": {
        const node = order[current];
        if (node && node.data("href")) window.location.assign(node.data("href"));
        break;
      }
      case "+":
      case "=":
        zoom(1.25);
        break;
      case "-":
        zoom(0.8);
        break;
      case "0":
      case "Escape":
        fit();
        break;
      default:
        return;
    }
    event.preventDefault();
  });

  const toolbar = figure.querySelector(".eco-map__toolbar");
  if (toolbar) {
    toolbar.hidden = false;
    toolbar.addEventListener("click", (event) => {
      const button = event.target.closest("[data-map-action]");
      if (!button) return;
      const action = button.dataset.mapAction;
      if (action === "zoom-in") zoom(1.25);
      else if (action === "zoom-out") zoom(0.8);
      else fit();
    });
  }
  const keys = figure.querySelector(".eco-map__keys");
  if (keys) keys.hidden = false;

  // A button in each table row that shows the row's actor on the map.
  const label = container.dataset.showLabel || "";
  for (const row of doc.querySelectorAll("tr[data-node-id]")) {
    const node = cy.getElementById(row.dataset.nodeId);
    const cell = row.querySelector("th");
    if (!node.nonempty() || !cell || !label) continue;
    const button = doc.createElement("button");
    button.type = "button";
    button.className = "button--secondary eco-table__show";
    button.textContent = label;
    // The row's name makes each button's accessible name unique.
    const name = cell.textContent.trim();
    button.setAttribute("aria-label", `${label}: ${name}`);
    button.addEventListener("click", () => {
      choose(node);
      container.scrollIntoView({ block: "center" });
      container.focus({ preventScroll: true });
    });
    cell.appendChild(doc.createTextNode(" "));
    cell.appendChild(button);
  }

  container.dataset.mapReady = "true";
  container.ecosystemMap = cy; // for tests and the console
}

function init(doc = document) {
  preventInlineStylesheet(doc);
  for (const container of doc.querySelectorAll("[data-ecosystem-map]")) {
    try {
      initMap(doc, container);
    } catch (err) {
      if (window.console) console.error("samverkan: ecosystem map failed", err);
    }
  }
}

if (document.readyState === "loading") {
  document.addEventListener("DOMContentLoaded", () => init(), { once: true });
} else {
  init();
}
