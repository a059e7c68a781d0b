// Stored impact work over HTTP against the real binary with the demo data: the demo
// initiatives with their logic models, indicators, values and SROI maps; a representative
// creating an initiative through the forms (with CSRF), building its logic model, following an
// indicator, reporting values and saving an SROI map; the diagnosis on the page; who may change
// what (another organisation's representative, anonymous visitors, the library for editors);
// the SDG roll-up that counts a value once; the report in Swedish and English and as CSV; the
// audit trail; and the routes in the OpenAPI document.

import assert from "node:assert/strict";
import { after, before, describe, it } from "node:test";

import { request } from "./client.mjs";
import { startServer } from "./server.mjs";
import {
  FAST_HASH,
  addUser,
  apiCall,
  bearer,
  createToken,
  location,
  newClientAddress,
  postForm,
  rowsOf,
  signedIn,
  snapshot,
  summarise,
  diffSnapshots,
} from "./accounts-helpers.mjs";

let server;
let adminToken;
let editorToken;

async function actorId(externalId) {
  const res = await request(server, `/api/v1/actors?external_id=${externalId}`);
  assert.equal(res.status, 200, summarise(res));
  const [actor] = res.json().items;
  assert.ok(actor, `no demo actor ${externalId}`);
  return actor.id;
}

// A representative of the given actors, signed in with a session.
async function representativeOf(...actorIds) {
  const user = await addUser(server.storage, { roles: ["representative"], name: "Rut Representant" });
  const res = await request(server, `/api/v1/users/${user.id}/actors`, {
    method: "PUT",
    headers: bearer(adminToken),
    body: { actors: actorIds },
  });
  assert.equal(res.status, 200, summarise(res));
  const localAddress = newClientAddress();
  const jar = await signedIn(server, user, { localAddress });
  return { user, jar, localAddress };
}

async function initiatives() {
  const res = await request(server, "/api/v1/impact/initiatives");
  assert.equal(res.status, 200, summarise(res));
  return res.json().items;
}

async function initiative(id) {
  const res = await request(server, `/api/v1/impact/initiatives/${id}`);
  assert.equal(res.status, 200, summarise(res));
  return res.json();
}

before(async () => {
  server = await startServer({ env: FAST_HASH });
  const admin = await addUser(server.storage, { roles: ["admin"], name: "Ada Admin" });
  adminToken = await createToken(server.storage, admin.email, ["read", "write", "admin"]);
  const editor = await addUser(server.storage, { roles: ["editor"] });
  editorToken = await createToken(server.storage, editor.email, ["read", "write"]);
});

after(async () => {
  if (server) await server.dispose();
});

describe("the demo data", () => {
  it("has initiatives of social enterprises with logic models, indicators, values and an SROI map", async () => {
    const items = await initiatives();
    const kitchen = items.find((i) => i.name.en.startsWith("The Kitchen Path"));
    assert.ok(kitchen, `no demo initiative: ${JSON.stringify(items)}`);
    assert.equal(kitchen.actor_name, "Gröna Gafflar AB");
    const full = await initiative(kitchen.id);
    assert.equal(full.logic_model.elements.length, 8);
    assert.ok(full.logic_model.links.some((l) => l.assumptions.length > 0 && l.evidence.length > 0));
    const work = full.indicators.find((i) => i.indicator === "participants-in-work");
    assert.deepEqual(work.values.map((v) => [v.period, v.value]), [["2024", 6], ["2025", 9]]);
    assert.equal(work.target, 12);
    assert.equal(full.sroi_map.outcomes.length, 3);
  });

  it("shows the library with SDG links and an indicator across the initiatives that follow it", async () => {
    const library = (await request(server, "/api/v1/impact/indicators")).json().items;
    assert.ok(library.length >= 12, `only ${library.length} indicators`);
    const work = library.find((i) => i.id === "participants-in-work");
    assert.deepEqual(work.sdg_links.map((l) => l.target), ["8.5", "10.2"]);
    const res = await request(server, "/api/v1/impact/indicators/participants-in-work");
    assert.equal(res.status, 200);
    assert.equal(res.json().uses.length, 2, "both demo initiatives follow it");
    const page = await request(server, "/effekt/indikatorer/participants-in-work?lang=en");
    assert.equal(page.status, 200);
    assert.match(page.text, /The Building Bridge/);
    // The UN title of target 8.5, from data/impact/sdg/.
    assert.match(page.text, /<span class="field-hint" lang="en">By 2030, achieve full and productive employment/);
    assert.match(page.text, /The Kitchen Path/);
    assert.equal((await request(server, "/effekt/indikatorer/finns-inte")).status, 404);
  });

  it("rolls values up per SDG without counting a value twice", async () => {
    const rollup = (await request(server, "/api/v1/impact/sdg")).json();
    const total = (list, id, period) => list.find((t) => t.indicator === id && t.period === period);
    // participants-in-work links to goals 8 and 10: 9 + 5 in 2025 under each goal, and once
    // in the overall totals.
    const goal8 = rollup.goals.find((g) => g.goal === 8);
    const goal10 = rollup.goals.find((g) => g.goal === 10);
    assert.equal(total(goal8.indicators, "participants-in-work", "2025").value, 14);
    assert.equal(total(goal10.indicators, "participants-in-work", "2025").value, 14);
    assert.equal(total(rollup.indicators, "participants-in-work", "2025").value, 14);
    assert.equal(total(rollup.indicators, "participants-in-work", "2025").values, 2);
    // Every stored value once overall, although several link to two goals.
    const stored = (await initiatives()).length;
    assert.ok(stored >= 2);
    const perGoal = rollup.goals.reduce((n, g) => n + g.values, 0);
    assert.ok(perGoal > rollup.values, "some values count under two goals");
    const page = await request(server, "/effekt/sdg");
    assert.equal(page.status, 200);
    assert.match(page.text, /Mål 8: /);
  });

  it("reports an initiative in Swedish and English, printable and as CSV", async () => {
    const kitchen = (await initiatives()).find((i) => i.name.en.startsWith("The Kitchen Path"));
    const sv = await request(server, `/effekt/initiativ/${kitchen.id}/rapport`);
    assert.equal(sv.status, 200);
    assert.match(sv.text, /Effektrapport: Köksvägen/);
    assert.match(sv.text, /data-chart="stakeholder-chart-data"/);
    assert.match(sv.text, /data-chart="year-chart-data"/);
    assert.match(sv.text, /data-chart="sensitivity-chart-data"/);
    assert.match(sv.text, /<caption>Nuvärde per intressent \(kr\)<\/caption>/);
    const en = await request(server, `/effekt/initiativ/${kitchen.id}/rapport?lang=en`);
    assert.match(en.text, /Impact report: The Kitchen Path/);
    assert.match(en.text, /<caption>Present value per stakeholder \(SEK\)<\/caption>/);
    const print = await request(server, `/effekt/initiativ/${kitchen.id}/rapport?utskrift=1`);
    assert.match(print.text, /impact-report--print/);
    const csv = await request(server, `/effekt/initiativ/${kitchen.id}/rapport?format=csv&lang=en`);
    assert.equal(csv.status, 200);
    assert.match(String(csv.headers["content-type"]), /^text\/csv/);
    assert.match(csv.text, /^Section,Item,Period,Value,Unit\r\n/);
    assert.match(csv.text, /Indicator,Participants in work or studies,2025,9,people/);
    const json = (await request(server, `/api/v1/impact/initiatives/${kitchen.id}/report`)).json();
    assert.ok(json.sroi_result && json.sroi_result.stakeholders.length === 3, JSON.stringify(json.sroi_result).slice(0, 300));
  });
});

describe("a representative's initiative", () => {
  it("is created, modelled, measured and valued through the forms, with the diagnosis on the page", async () => {
    const own = await actorId("demo-actor-020");
    const rep = await representativeOf(own);
    const opts = { jar: rep.jar, localAddress: rep.localAddress };

    // The new-initiative form offers the organisation the person represents.
    const form = await request(server, "/effekt/initiativ/ny", opts);
    assert.equal(form.status, 200);
    assert.match(form.text, new RegExp(`<option value="${own}" selected>Cirkelverket`));

    const created = await postForm(server, "/effekt/initiativ/ny", { actor: String(own), name_sv: "Reparationsverkstaden", name_en: "The Repair Shop", summary_sv: "Lagar cyklar.", summary_en: "" }, opts);
    assert.equal(created.status, 303, summarise(created));
    const modelPath = location(created);
    assert.match(modelPath, /^\/effekt\/initiativ\/\d+\/modell$/);
    const id = Number(modelPath.split("/")[3]);

    // Follow an indicator, then model: input → activity → output, an outcome measured by it.
    const picked = await postForm(server, `/effekt/initiativ/${id}/indikatorer`, { action: "pick", indicator: "textiles-reused", baseline: "0", baseline_period: "2024", target: "12,5", target_period: "2026" }, opts);
    assert.equal(picked.status, 303, summarise(picked));
    for (const [level, title, indicator] of [["input", "Verktyg", ""], ["activity", "Reparationer", ""], ["output", "Lagade cyklar", ""]]) {
      const res = await postForm(server, modelPath, { action: "add-element", level, title_sv: title, title_en: "", indicator }, opts);
      assert.equal(res.status, 303, summarise(res));
    }
    let page = await request(server, modelPath, opts);
    assert.match(page.text, /data-code="stops-at-outputs"/);
    await postForm(server, modelPath, { action: "add-element", level: "short_term_outcome", title_sv: "Mindre avfall", indicator: "textiles-reused" }, opts);
    for (const [from, to] of [["e1", "e2"], ["e2", "e3"], ["e3", "e4"]]) {
      const res = await postForm(server, modelPath, { action: "add-link", from, to, assumption_sv: "Det finns efterfrågan", evidence_level: "1", evidence_sv: "Egen uppföljning" }, opts);
      assert.equal(res.status, 303, summarise(res));
    }
    page = await request(server, `/effekt/initiativ/${id}`, opts);
    assert.doesNotMatch(page.text, /data-code="stops-at-outputs"/);
    assert.match(page.text, /data-code="stops-at-short-term-outcomes"|data-code="no-impact"/);
    assert.match(page.text, /Det finns efterfrågan/);

    // A link to itself is refused on the form, with the stored model unchanged.
    const bad = await postForm(server, modelPath, { action: "add-link", from: "e1", to: "e1" }, opts);
    assert.equal(bad.status, 422, summarise(bad));
    assert.match(bad.text, /role="alert"/);
    assert.equal((await initiative(id)).logic_model.links.length, 3);

    // Values, with the period format checked.
    const value = await postForm(server, `/effekt/initiativ/${id}/indikatorer`, { action: "report", indicator: "textiles-reused", period: "2025", value: "3,5" }, opts);
    assert.equal(value.status, 303, summarise(value));
    const badPeriod = await postForm(server, `/effekt/initiativ/${id}/indikatorer`, { action: "report", indicator: "textiles-reused", period: "förra året", value: "1" }, opts);
    assert.equal(badPeriod.status, 422);
    const full = await initiative(id);
    assert.deepEqual(full.indicators[0].values, [{ period: "2025", value: 3.5 }]);
    assert.equal(full.indicators[0].target, 12.5);

    // The SROI map, with the guides and the proxy library beside the form.
    const sroiForm = await request(server, `/effekt/initiativ/${id}/sroi`, opts);
    assert.match(sroiForm.text, /href="\/effekt\/guider\/dodvikt/);
    assert.match(sroiForm.text, /id="proxy-library"/);
    const saved = await postForm(server, `/effekt/initiativ/${id}/sroi`, {
      discount_rate: "3,5", convention: "end_of_year", "inputs[0].kind": "cash", "inputs[0].value": "1000",
      "outcomes[0].stakeholder": "Cyklister", "outcomes[0].outcome": "Billigare resor", "outcomes[0].quantity": "1",
      "outcomes[0].proxy": "1035", "outcomes[0].duration": "2",
    }, opts);
    assert.equal(saved.status, 200, summarise(saved));
    assert.match(saved.text, /SROI-kartan sparades/);
    const report = (await request(server, `/api/v1/impact/initiatives/${id}/report`)).json();
    assert.equal(report.sroi_map.outcomes[0].stakeholder, "Cyklister");
    assert.ok(report.sroi_result, "the report has the result");

    // Every change is in the audit trail, without personal data.
    const audit = rowsOf(await snapshot(server.storage), "audit_log").filter((r) => r.entity_id === String(id) && String(r.action).startsWith("impact."));
    const actions = new Set(audit.map((r) => r.action));
    for (const a of ["impact.initiative.create", "impact.logic_model.update", "impact.indicator.pick", "impact.value.report", "impact.sroi_map.save"]) {
      assert.ok(actions.has(a), `no ${a} in ${[...actions].join(", ")}`);
    }
    assert.ok(!audit.some((r) => JSON.stringify(r).includes(rep.user.email)));
  });

  it("the JSON API builds the same things and reports problems with their paths", async () => {
    const own = await actorId("demo-actor-029");
    const rep = await representativeOf(own);
    const call = (path, method, body) => apiCall(server, path, { method, body, jar: rep.jar, localAddress: rep.localAddress });
    const created = await call("/api/v1/impact/initiatives", "POST", { actor: "demo-actor-029", name: { sv: "Sömnad", en: "Sewing" } });
    assert.equal(created.status, 201, summarise(created));
    const id = created.json().id;
    const invalid = await call(`/api/v1/impact/initiatives/${id}/logic-model`, "PUT", { elements: [{ id: "a", level: "activity", title: "A" }], links: [{ from: "a", to: "nowhere" }] });
    assert.equal(invalid.status, 422, summarise(invalid));
    assert.ok(invalid.json().errors.some((e) => e.field === "links[0].to"), invalid.text);
    const model = await call(`/api/v1/impact/initiatives/${id}/logic-model`, "PUT", {
      elements: [{ id: "a", level: "activity", title: { sv: "Sy", en: "Sew" } }, { id: "b", level: "output", title: "Plagg" }],
      links: [{ from: "a", to: "b", assumptions: [{ sv: "Tyg finns", en: "There is fabric" }], evidence: [{ level: 2, description: "Data", source: "Egen" }] }],
    });
    assert.equal(model.status, 200, summarise(model));
    assert.ok(model.json().diagnostics.some((d) => d.code === "stops-at-outputs"));
    assert.equal((await call(`/api/v1/impact/initiatives/${id}/indicators/textiles-reused`, "PUT", { baseline: 1, baseline_period: "2024" })).status, 200);
    assert.equal((await call(`/api/v1/impact/initiatives/${id}/values`, "POST", { indicator: "textiles-reused", period: "2025-Q1", value: 0.8 })).status, 201);
    const notFollowed = await call(`/api/v1/impact/initiatives/${id}/values`, "POST", { indicator: "meals-served", period: "2025", value: 1 });
    assert.equal(notFollowed.status, 422);
    const sroi = await call(`/api/v1/impact/initiatives/${id}/sroi-map`, "PUT", { inputs: [{ value: 1000 }], outcomes: [{ stakeholder: "P", outcome: "O", quantity: 1, proxy: 1035, duration: 2 }] });
    assert.equal(sroi.status, 200, summarise(sroi));
    const unpicked = await call(`/api/v1/impact/initiatives/${id}/indicators/textiles-reused`, "DELETE");
    assert.equal(unpicked.status, 200);
    assert.deepEqual((await initiative(id)).indicators, []);
  });
});

describe("who may change what", () => {
  it("another organisation's representative and anonymous visitors change nothing", async () => {
    const kitchen = (await initiatives()).find((i) => i.name.en.startsWith("The Kitchen Path"));
    const stranger = await representativeOf(await actorId("demo-actor-024"));
    const opts = { jar: stranger.jar, localAddress: stranger.localAddress };
    const before = await snapshot(server.storage);
    const attempts = [
      await postForm(server, `/effekt/initiativ/${kitchen.id}/redigera`, { name_sv: "Kapad" }, opts),
      await postForm(server, `/effekt/initiativ/${kitchen.id}/modell`, { action: "remove-element", element: "e1" }, opts),
      await postForm(server, `/effekt/initiativ/${kitchen.id}/indikatorer`, { action: "report", indicator: "meals-served", period: "2025", value: "1" }, opts),
      await postForm(server, "/effekt/initiativ/ny", { actor: String(kitchen.actor_id), name_sv: "Kapad" }, opts),
      await apiCall(server, `/api/v1/impact/initiatives/${kitchen.id}/sroi-map`, { method: "PUT", body: { inputs: [{ value: 1 }], outcomes: [] }, jar: stranger.jar, localAddress: stranger.localAddress }),
    ];
    for (const res of attempts) assert.equal(res.status, 403, summarise(res));
    assert.equal((await request(server, `/effekt/initiativ/${kitchen.id}/modell`, opts)).status, 403);
    const anonymous = await postForm(server, `/effekt/initiativ/${kitchen.id}/redigera`, { name_sv: "Kapad" });
    assert.equal(anonymous.status, 303);
    assert.match(location(anonymous), /^\/logga-in\?next=/);
    assert.equal((await request(server, `/api/v1/impact/initiatives/${kitchen.id}`, { method: "PUT", body: { name: "Kapad" } })).status, 401);
    assert.deepEqual(diffSnapshots(before, await snapshot(server.storage)), []);
    // Everyone may read.
    assert.equal((await request(server, `/effekt/initiativ/${kitchen.id}`)).status, 200);
  });

  it("only editors add to the library", async () => {
    const body = { id: "repaired-bicycles", name: { sv: "Lagade cyklar", en: "Bicycles repaired" }, unit: "bicycles", sdg_links: [{ goal: 12, target: "12.5", relation: "contributes_to" }] };
    const rep = await representativeOf(await actorId("demo-actor-020"));
    const refused = await apiCall(server, "/api/v1/impact/indicators", { body, jar: rep.jar, localAddress: rep.localAddress });
    assert.equal(refused.status, 403);
    const added = await request(server, "/api/v1/impact/indicators", { method: "POST", headers: bearer(editorToken), body });
    assert.equal(added.status, 201, summarise(added));
    const again = await request(server, "/api/v1/impact/indicators", { method: "POST", headers: bearer(editorToken), body });
    assert.equal(again.status, 409);
    const wrongTarget = await request(server, "/api/v1/impact/indicators", { method: "POST", headers: bearer(editorToken), body: { ...body, id: "x-y", sdg_links: [{ goal: 3, target: "8.5" }] } });
    assert.equal(wrongTarget.status, 422);
    assert.ok(wrongTarget.json().errors.some((e) => e.field === "sdg_links[0].target"), wrongTarget.text);
  });

  it("only editors extend the proxy library, which the SROI form then offers", async () => {
    const body = { id: "repair-value", name: { sv: "Värdet av en lagad cykel", en: "Value of a repaired bicycle" }, kind: "amount", value: 1250.5, currency: "SEK", unit: "per bicycle", price_year: 2025, source: "Egen prisjämförelse", licence: "CC BY 4.0" };
    const rep = await representativeOf(await actorId("demo-actor-020"));
    const refused = await apiCall(server, "/api/v1/impact/proxies", { body, jar: rep.jar, localAddress: rep.localAddress });
    assert.equal(refused.status, 403);
    const added = await request(server, "/api/v1/impact/proxies", { method: "POST", headers: bearer(editorToken), body });
    assert.equal(added.status, 201, summarise(added));
    assert.equal((await request(server, "/api/v1/impact/proxies", { method: "POST", headers: bearer(editorToken), body })).status, 409);
    const shipped = await request(server, "/api/v1/impact/proxies", { method: "POST", headers: bearer(editorToken), body: { ...body, id: "se-prisbasbelopp-2025" } });
    assert.equal(shipped.status, 409);
    const list = (await request(server, "/api/v1/impact/proxies")).json().items;
    assert.ok(list.some((p) => p.id === "se-prisbasbelopp-2025"));
    assert.equal(list.find((p) => p.id === "repair-value").value, 1250.5);
    const own = (await initiatives()).find((i) => i.name.en.startsWith("The Kitchen Path"));
    const editor = await addUser(server.storage, { roles: ["editor"] });
    const jar = await signedIn(server, editor, { localAddress: newClientAddress() });
    const form = await request(server, `/effekt/initiativ/${own.id}/sroi`, { jar });
    assert.equal(form.status, 200);
    assert.match(form.text, /Värdet av en lagad cykel/);
  });

  it("a form without its CSRF token is refused", async () => {
    const rep = await representativeOf(await actorId("demo-actor-020"));
    const res = await postForm(server, "/effekt/initiativ/ny", { actor: "demo-actor-020", name_sv: "Utan token" }, { jar: rep.jar, localAddress: rep.localAddress, csrf: false });
    assert.equal(res.status, 403);
  });
});

describe("the API document", () => {
  it("describes the impact routes", async () => {
    const doc = (await request(server, "/api/v1/openapi.json")).json();
    for (const path of ["/api/v1/impact/initiatives", "/api/v1/impact/initiatives/{id}", "/api/v1/impact/initiatives/{id}/logic-model",
      "/api/v1/impact/initiatives/{id}/indicators/{indicator}", "/api/v1/impact/initiatives/{id}/values", "/api/v1/impact/initiatives/{id}/sroi-map",
      "/api/v1/impact/initiatives/{id}/report", "/api/v1/impact/indicators", "/api/v1/impact/indicators/{indicator}", "/api/v1/impact/sdg", "/api/v1/impact/proxies"]) {
      assert.ok(doc.paths[path], `no ${path} in the OpenAPI document`);
    }
  });
});
