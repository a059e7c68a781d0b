// Matching over HTTP against the real binary with the demo data: needs and offers created
// through the API by representatives, matchable by the next request, the JSON of the matches
// (score, reasons with factor, contribution and a sentence in the reader's language), lookup
// by external_id, permissions (visitors, other actors' representatives, drafts), the pages,
// and `samverkan import|export needs|offers` and `samverkan match` with a bad row.

import assert from "node:assert/strict";
import { writeFile } from "node:fs/promises";
import { join } from "node:path";
import { after, before, describe, it } from "node:test";

import { request } from "./client.mjs";
import { runCli, startServer } from "./server.mjs";
import { FAST_HASH, addUser, apiCall, bearer, createToken, newClientAddress, signedIn, summarise } from "./accounts-helpers.mjs";

let server;
let adminToken;

async function actorId(externalId) {
  const res = await request(server, `/api/v1/actors?external_id=${externalId}`);
  assert.equal(res.status, 200, summarise(res));
  const [actor] = res.json().items;
  assert.ok(actor, `no demo actor ${externalId}`);
  return actor.id;
}

// A representative of the given actors with a write token.
async function representativeOf(...actorIds) {
  const user = await addUser(server.storage, { roles: ["representative"] });
  const res = await request(server, `/api/v1/users/${user.id}/actors`, {
    method: "PUT",
    headers: bearer(adminToken),
    body: { actors: actorIds },
  });
  assert.equal(res.status, 200, summarise(res));
  const token = await createToken(server.storage, user.email, ["read", "write"]);
  return { user, token };
}

const NEED = {
  owner: "demo-actor-003",
  language: "sv",
  title: "Laga mat tillsammans med nyanlända familjer i Göteborg",
  description: "Staden söker en partner som driver matlagningskurser där nyanlända familjer lär sig svenska i köket.",
  sdgs: [4, 10],
  where: { municipality: "1480" },
  target_groups: ["newly_arrived"],
  collaboration_forms: ["iop"],
  budget_sek: { min: 50000, max: 200000 },
};

const OFFER = {
  actor: "demo-actor-022",
  language: "en",
  title: "Cooking classes where newly arrived families learn Swedish",
  description: "Language learning in the kitchen: newly arrived families cook together and practise Swedish with trained hosts.",
  sdgs: [4, 10],
  reach: { municipalities: ["1480"], counties: [], national: false },
  target_groups: ["newly_arrived"],
  collaboration_forms: ["iop"],
  price_sek: { min: 80000, max: 150000 },
  stage: "proven",
};

before(async () => {
  server = await startServer({ env: FAST_HASH });
  const admin = await addUser(server.storage, { roles: ["admin"] });
  adminToken = await createToken(server.storage, admin.email, ["read", "write", "admin"]);
});

after(async () => {
  if (server) await server.dispose();
});

describe("needs and offers through the API", () => {
  let city;
  let enterprise;
  let needId;

  before(async () => {
    city = await representativeOf(await actorId("demo-actor-003"));
    enterprise = await representativeOf(await actorId("demo-actor-022"));
  });

  it("lists the demo needs and offers", async () => {
    const needs = await request(server, "/api/v1/needs");
    assert.equal(needs.status, 200, summarise(needs));
    assert.ok(needs.json().items.length >= 20);
    const offers = await request(server, "/api/v1/offers?county=24");
    assert.equal(offers.status, 200);
    assert.ok(offers.json().items.length > 0);
    for (const o of offers.json().items) assert.ok(o.reach.national || o.reach.counties.includes("24") || o.reach.municipalities.some((m) => m.startsWith("24")), JSON.stringify(o.reach));
  });

  it("pages the lists newest first, and names a bad page parameter in the reader's language", async () => {
    const all = (await request(server, "/api/v1/needs?limit=200")).json();
    assert.equal(all.next_before, null);
    const ids = all.items.map((n) => n.id);
    assert.deepEqual(ids, [...ids].sort((a, b) => b - a), "newest (highest id) first");
    const paged = [];
    let before = 0;
    for (let page = 0; page < 20; ++page) {
      const res = await request(server, `/api/v1/needs?limit=7${before ? `&before=${before}` : ""}`);
      assert.equal(res.status, 200, summarise(res));
      const body = res.json();
      assert.ok(body.items.length <= 7);
      paged.push(...body.items.map((n) => n.id));
      if (body.next_before === null) break;
      before = body.next_before;
    }
    assert.deepEqual(paged, ids);

    for (const bad of ["limit=0", "limit=201", "limit=x", "before=-3"]) {
      const sv = await request(server, `/api/v1/needs?${bad}&lang=sv`);
      assert.equal(sv.status, 422, bad);
      assert.equal(sv.json().errors[0].field, bad.split("=")[0]);
      assert.match(sv.json().errors[0].detail, /Ange/);
    }
    const en = await request(server, "/api/v1/offers?limit=0&lang=en");
    assert.match(en.json().errors[0].detail, /Give a whole number from 1 to 200/);

    // The page links keep the filters.
    const first = await request(server, "/behov?limit=5&lang=en");
    const next = first.text.match(/<a href="([^"]+)" rel="next">Next page<\/a>/);
    assert.ok(next, "a next-page link");
    const href = next[1].replaceAll("&amp;", "&");
    assert.match(href, /^\/behov\?limit=5&before=\d+$/);
    const second = await request(server, `${href}&lang=en`);
    assert.equal(second.status, 200);
    assert.match(second.text, /First page/);
  });

  it("creates a need as the owner's representative and refuses others", async () => {
    const visitor = await request(server, "/api/v1/needs", { method: "POST", body: NEED });
    assert.ok([401, 403].includes(visitor.status), summarise(visitor));
    const other = await request(server, "/api/v1/needs", { method: "POST", body: NEED, headers: bearer(enterprise.token) });
    assert.equal(other.status, 403, summarise(other));
    const res = await request(server, "/api/v1/needs", { method: "POST", body: NEED, headers: bearer(city.token) });
    assert.equal(res.status, 201, summarise(res));
    const need = res.json();
    assert.ok(need.id > 0);
    assert.equal(need.owner, "demo-actor-003");
    assert.equal(need.title.sv, NEED.title);
    assert.equal(res.headers.location, `/api/v1/needs/${need.id}`);
    needId = need.id;
    const byExternal = await request(server, `/api/v1/needs/${need.external_id}`);
    assert.equal(byExternal.status, 200);
    assert.equal(byExternal.json().id, need.id);
  });

  it("rejects an invalid need with every field at once", async () => {
    const res = await request(server, "/api/v1/needs", {
      method: "POST",
      body: { ...NEED, sdgs: [99], where: {}, title: "" },
      headers: bearer(city.token),
    });
    assert.equal(res.status, 422, summarise(res));
    const fields = (res.json().errors || []).map((e) => e.field).sort();
    for (const f of ["sdgs", "title", "where"]) assert.ok(fields.includes(f), JSON.stringify(res.json()));
  });

  it("makes a new offer matchable within a second of saving, with reasons", async () => {
    const res = await request(server, "/api/v1/offers", { method: "POST", body: OFFER, headers: bearer(enterprise.token) });
    assert.equal(res.status, 201, summarise(res));
    const offer = res.json();
    const started = Date.now();
    let found = null;
    while (!found && Date.now() - started < 1000) {
      const m = await request(server, `/api/v1/needs/${needId}/matches?limit=5`);
      assert.equal(m.status, 200, summarise(m));
      found = m.json().items.find((i) => i.id === offer.id);
    }
    assert.ok(found, "the new offer was not matched within a second");
    const body = (await request(server, `/api/v1/needs/${needId}/matches?limit=5&lang=en`)).json();
    assert.equal(body.need.id, needId);
    assert.ok(body.items.length <= 5);
    const top = body.items.find((i) => i.id === offer.id);
    assert.ok(top, "the matching offer is among the best five");
    assert.equal(typeof top.score, "number");
    assert.equal(top.external_id, offer.external_id);
    assert.equal(top.actor, "demo-actor-022");
    for (let i = 1; i < body.items.length; i++) assert.ok(body.items[i - 1].score >= body.items[i].score);
    const factors = top.reasons.map((r) => r.factor);
    assert.ok(factors.includes("sdg"), JSON.stringify(top.reasons));
    for (const r of top.reasons) {
      assert.equal(typeof r.contribution, "number");
      assert.equal(typeof r.sentence, "string");
    }
    const sdgEn = top.reasons.find((r) => r.factor === "sdg").sentence;
    const sv = (await request(server, `/api/v1/needs/${needId}/matches?limit=5&lang=sv`)).json();
    const sdgSv = sv.items.find((i) => i.id === offer.id).reasons.find((r) => r.factor === "sdg").sentence;
    assert.notEqual(sdgEn, sdgSv, "the reasons are in the reader's language");
    assert.match(sdgSv, /mål/);

    const back = await request(server, `/api/v1/offers/${offer.external_id}/matches?limit=3`);
    assert.equal(back.status, 200, summarise(back));
    assert.ok(back.json().items.some((i) => i.id === needId), JSON.stringify(back.json().items.map((i) => i.id)));
  });

  it("refuses a bad limit and an unknown id", async () => {
    assert.equal((await request(server, `/api/v1/needs/${needId}/matches?limit=0`)).status, 422);
    assert.equal((await request(server, `/api/v1/needs/${needId}/matches?limit=101`)).status, 422);
    assert.equal((await request(server, "/api/v1/needs/no-such-need/matches")).status, 404);
  });

  it("keeps drafts from others and lets only the owner edit", async () => {
    const res = await request(server, "/api/v1/needs", {
      method: "POST",
      body: { ...NEED, status: "draft", title: "Ett utkast" },
      headers: bearer(city.token),
    });
    assert.equal(res.status, 201, summarise(res));
    const draft = res.json();
    assert.equal((await request(server, `/api/v1/needs/${draft.id}`)).status, 404);
    assert.equal((await request(server, `/api/v1/needs/${draft.id}`, { headers: bearer(enterprise.token) })).status, 404);
    assert.equal((await request(server, `/api/v1/needs/${draft.id}`, { headers: bearer(city.token) })).status, 200);
    const list = (await request(server, "/api/v1/needs")).json().items;
    assert.ok(!list.some((n) => n.id === draft.id));

    const refused = await request(server, `/api/v1/needs/${needId}`, {
      method: "PUT", body: { ...NEED, title: "Kapat" }, headers: bearer(enterprise.token),
    });
    assert.equal(refused.status, 403, summarise(refused));
    const saved = await request(server, `/api/v1/needs/${needId}`, {
      method: "PUT", body: { ...NEED, title: "Matlagning och svenska för nyanlända" }, headers: bearer(city.token),
    });
    assert.equal(saved.status, 200, summarise(saved));
    assert.equal(saved.json().title.sv, "Matlagning och svenska för nyanlända");
  });

  it("shows the need page with ranked offers and reasons in both languages", async () => {
    const sv = await request(server, `/behov/${needId}?lang=sv`);
    assert.equal(sv.status, 200, summarise(sv));
    assert.match(sv.text, /Erbjudanden som matchar/);
    assert.match(sv.text, /Cooking classes where newly arrived families learn Swedish/);
    const en = await request(server, `/behov/${needId}?lang=en`);
    assert.match(en.text, /Offers that match/);
    const list = await request(server, "/erbjudanden?lang=en");
    assert.equal(list.status, 200);
    assert.match(list.text, /Posted offers/);
  });

  it("documents the routes in OpenAPI", async () => {
    const doc = (await request(server, "/api/v1/openapi.json")).json();
    for (const path of ["/api/v1/needs", "/api/v1/offers", "/api/v1/needs/{id}/matches", "/api/v1/offers/{id}/matches"]) {
      assert.ok(doc.paths[path], path);
    }
  });
});

describe("import, export and match on the command line", () => {
  it("refuses a file with a bad row unless --partial, then upserts by external_id", async () => {
    const file = join(server.storage.dataDir, "needs-import.jsonl");
    const good = { ...NEED, external_id: "import-need-1", owner: "demo-actor-001", where: { municipality: "2480" } };
    const bad = { ...NEED, external_id: "import-need-2", owner: "no-such-actor" };
    await writeFile(file, JSON.stringify(good) + "\n" + JSON.stringify(bad) + "\n");
    await assert.rejects(runCli(["import", "needs", file, ...server.storage.args()]), (err) => {
      assert.match(err.stderr, /line 2/);
      assert.match(err.stderr, /owner/);
      return true;
    });
    assert.equal((await request(server, "/api/v1/needs/import-need-1")).status, 404);
    // With --partial the good row is written; the command still exits non-zero for the bad one.
    await assert.rejects(runCli(["import", "needs", file, "--partial", ...server.storage.args()]), (err) => {
      assert.match(err.stderr, /inserted 1, updated 0, rejected 1/);
      return true;
    });
    const imported = await request(server, "/api/v1/needs/import-need-1");
    assert.equal(imported.status, 200, summarise(imported));
    // Matchable from the outbox: the server did not write it.
    const m = await request(server, "/api/v1/needs/import-need-1/matches?limit=3");
    assert.equal(m.status, 200, summarise(m));

    const { stdout } = await runCli(["export", "needs", ...server.storage.args()]);
    const lines = stdout.trim().split("\n").map((l) => JSON.parse(l));
    assert.ok(lines.some((n) => n.external_id === "import-need-1" && n.owner === "demo-actor-001"));
  });

  it("prints the matches of a demo need as JSON", async () => {
    const { stdout } = await runCli(["match", "need", "demo-need-01", "--limit", "3", "--json", ...server.storage.args()]);
    const body = JSON.parse(stdout);
    assert.equal(body.need.external_id, "demo-need-01");
    assert.equal(body.items.length, 3);
    assert.ok(body.items[0].reasons.length > 0);
  });
});
