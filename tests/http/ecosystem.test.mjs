// The ecosystem map over HTTP: GET /api/v1/ecosystem/graph on the 48 demo actors (mutual
// partnerships as edges, one-sided ones apart, alliance membership to the hub), its filters
// and their errors, its place in the OpenAPI document, and the page /ekosystem with its
// server-rendered table, filter form and data block in Swedish and English.

import assert from "node:assert/strict";
import { after, before, describe, it } from "node:test";

import { request } from "./client.mjs";
import { startServer } from "./server.mjs";

let server;

before(async () => {
  server = await startServer();
});

after(async () => {
  if (server) await server.dispose();
});

async function graph(query = "") {
  const res = await request(server, `/api/v1/ecosystem/graph${query}`);
  assert.equal(res.status, 200, res.text.slice(0, 500));
  assert.match(String(res.headers["content-type"]), /^application\/json/);
  return res.json();
}

function nodeByName(g, name) {
  const node = g.nodes.find((n) => n.name === name);
  assert.ok(node, `no node ${name} in ${g.nodes.map((n) => n.name).join(", ")}`);
  return node;
}

function neighbours(g, node, kind) {
  return g.edges
    .filter((e) => e.kind === kind && (e.source === node.id || e.target === node.id))
    .map((e) => (e.source === node.id ? e.target : e.source))
    .map((id) => g.nodes.find((n) => n.id === id).name)
    .sort();
}

describe("GET /api/v1/ecosystem/graph", () => {
  it("has every demo actor, the alliance hub, 22 mutual partnerships and 24 memberships", async () => {
    const g = await graph("?lang=en");
    assert.deepEqual(g.counts, { actors: 48, total_actors: 48, hubs: 1, edges: 46, unconfirmed: 4 });
    assert.equal(g.nodes.filter((n) => n.type === "actor").length, 48);
    const hub = g.nodes.find((n) => n.type === "hub");
    assert.deepEqual(hub, { id: "hub:alliance", type: "hub", hub: "alliance", name: "The alliance" });
    const kinds = Object.fromEntries(g.kinds.map((k) => [k.key, k]));
    assert.equal(kinds.partner.edges, 22);
    assert.equal(kinds.partner.needs_both_sides, true);
    assert.equal(kinds.partner.label, "Partnership");
    assert.equal(kinds.alliance_member.edges, 24);
    assert.equal(g.too_many_to_draw, false);
    assert.deepEqual(g.filters, { sector: null, county: null, sdg: null });

    const umea = nodeByName(g, "Umeå Municipality");
    assert.equal(umea.sector, "public");
    assert.deepEqual(umea.regions, ["24"]);
    assert.equal(umea.href, `/aktorer/${umea.actor_id}`);
    assert.deepEqual(neighbours(g, umea, "partner"), [
      "Bothnian University College, Department of Social Innovation",
      "Green Forks Ltd",
      "Ringbrevet Association Umeå",
    ]);
    assert.deepEqual(neighbours(g, umea, "alliance_member"), ["The alliance"]);
  });

  it("leaves a partnership named by one side only out of the edges and lists it as unconfirmed", async () => {
    const g = await graph("?lang=en");
    const freight = nodeByName(g, "Norrskär Freight & Warehousing Ltd");
    const division = nodeByName(g, "Norrbotten Institute of Technology, Division of Digital Inclusion");
    assert.deepEqual(neighbours(g, freight, "partner"), []);
    assert.ok(
      g.unconfirmed.some((u) => u.source === freight.id && u.target === division.id && u.kind === "partner"),
      JSON.stringify(g.unconfirmed),
    );
    assert.equal(g.unconfirmed.length, 4);
  });

  it("filters by county, sector and goal; edges stay inside the selection", async () => {
    const county = await graph("?county=24&lang=en");
    assert.equal(county.counts.actors, 12);
    assert.equal(county.counts.total_actors, 48);
    assert.equal(county.kinds.find((k) => k.key === "partner").edges, 8);
    assert.equal(county.kinds.find((k) => k.key === "alliance_member").edges, 9);
    const ids = new Set(county.nodes.map((n) => n.id));
    for (const e of county.edges) assert.ok(ids.has(e.source) && ids.has(e.target), JSON.stringify(e));
    for (const n of county.nodes.filter((x) => x.type === "actor")) assert.ok(n.regions.includes("24"), n.name);

    const both = await graph("?county=24&sector=public&lang=en");
    assert.deepEqual(
      both.nodes.filter((n) => n.type === "actor").map((n) => n.name),
      ["Dorotea Municipality", "Umeå Municipality", "Västerbotten Region"].sort((a, b) => a.localeCompare(b, "sv")),
    );
    assert.deepEqual(both.filters, { sector: "public", county: "24", sdg: null });

    const goal = await graph("?sdg=17");
    assert.ok(goal.nodes.filter((n) => n.type === "actor").every((n) => n.sdgs.includes(17)));
    assert.equal(goal.filters.sdg, 17);
  });

  it("answers unknown codes and a goal that is not a number with 422 problems naming the field", async () => {
    for (const [query, field] of [
      ["?sector=nope", "sector"],
      ["?county=99", "county"],
      ["?sdg=18", "sdg"],
      ["?sdg=ten", "sdg"],
    ]) {
      const res = await request(server, `/api/v1/ecosystem/graph${query}&lang=en`);
      assert.equal(res.status, 422, `${query}: ${res.text}`);
      assert.match(String(res.headers["content-type"]), /^application\/problem\+json/);
      assert.match(res.text, new RegExp(field));
    }
  });

  it("is described in the OpenAPI document with its filters", async () => {
    const res = await request(server, "/api/v1/openapi.json");
    assert.equal(res.status, 200);
    const op = res.json().paths["/api/v1/ecosystem/graph"]?.get;
    assert.ok(op, "the graph is not in the OpenAPI document");
    const names = op.parameters.map((p) => p.name);
    for (const name of ["sector", "county", "sdg"]) assert.ok(names.includes(name), `${name} in ${names}`);
    const schema = JSON.stringify(op.responses["200"]);
    for (const key of ["nodes", "edges", "unconfirmed", "filters"]) assert.match(schema, new RegExp(key));
  });
});

describe("GET /ekosystem", () => {
  it("renders the filter form, the description, the data block and the table in Swedish", async () => {
    const res = await request(server, "/ekosystem?county=24&sector=civil_society");
    assert.equal(res.status, 200);
    const html = res.text;
    assert.match(html, /<html lang="sv">/);
    assert.match(html, /<h1>Ekosystemkarta<\/h1>/);
    assert.match(html, /<option value="24" selected>Västerbottens län<\/option>/);
    assert.match(html, /<option value="civil_society" selected>Idéburen sektor<\/option>/);
    assert.match(html, /Aktörer som matchar filtret: 3 av 48\./);
    assert.match(html, /<figcaption id="map-caption">Aktörer på kartan: 3\. Knutpunkter: 1\. Relationer mellan dem: 3 \(Partnerskap: 0; Medlemskap i alliansen: 3\)/);
    assert.match(html, /<script type="application\/json" id="ecosystem-map-data">\{/);
    // The table: the actor, its sector and county, and its relations with kinds and links.
    const row = html.match(/<tr data-node-id="actor:\d+"><th scope="row"><a href="\/aktorer\/\d+">Föreningen Ringbrevet Umeå<\/a><\/th>.*?<\/tr>/s);
    assert.ok(row, "no table row for Föreningen Ringbrevet Umeå");
    assert.match(row[0], /<td>Idéburen sektor<\/td><td>Västerbottens län<\/td>/);
    assert.match(row[0], /Partnerskap: <a href="\/aktorer\/\d+">Umeå kommun<\/a> <span class="note">\(utanför filtret\)<\/span>/);
    assert.match(row[0], /Medlemskap i alliansen: Alliansen/);
    // The legend tells the sector by shape as well as colour.
    assert.match(html, /<polygon points="[^"]+" fill="#0b5394"\/><\/svg> Offentlig sektor/);
  });

  it("marks one-sided partnerships as unconfirmed, in English", async () => {
    const res = await request(server, "/ekosystem?county=25&sector=business&lang=en");
    assert.equal(res.status, 200);
    assert.match(res.text, /<html lang="en">/);
    assert.match(
      res.text,
      /Partnership: <a href="\/aktorer\/\d+">Norrbotten Institute of Technology, Division of Digital Inclusion<\/a> <span class="note">\(unconfirmed: named by this actor only\)<\/span>/,
    );
    assert.match(res.text, /Partnerships named by one side only: 1\./);
  });

  it("shows an error page for an unknown county and a message when nothing matches", async () => {
    const bad = await request(server, "/ekosystem?county=99&lang=en");
    assert.equal(bad.status, 422);
    assert.match(bad.text, /There is no county with the code 99/);
    const none = await request(server, "/ekosystem?county=24&sdg=1&lang=en");
    assert.equal(none.status, 200);
    assert.match(none.text, /No actors match/);
    assert.doesNotMatch(none.text, /ecosystem-map-data/);
  });

  it("is in the main menu", async () => {
    const res = await request(server, "/?lang=en");
    assert.match(res.text, /<a href="\/ekosystem">Ecosystem map<\/a>/);
  });
});
