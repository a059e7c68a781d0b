// The alliance over HTTP against the real binary with the demo data: the dashboard and the
// member list (JSON and pages, Swedish and English), applying as a representative, one
// pending application per organisation, approving and refusing (with the reason shown to the
// applicant), ending a membership, membership reaching the registry (the actor's
// alliance_member and the directory's member facet), goals set by admins only, the audit
// trail, "download my data", and the OpenAPI document.

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
  newClientAddress,
  postForm,
  rowsOf,
  signedIn,
  snapshot,
  summarise,
} from "./accounts-helpers.mjs";

let server;
let admin;
let adminToken;
let editorToken;

async function actorId(externalId) {
  const res = await request(server, `/api/v1/actors?external_id=${externalId}`);
  assert.equal(res.status, 200, summarise(res));
  const [actor] = res.json().items;
  assert.ok(actor, `no demo actor ${externalId}`);
  return actor.id;
}

async function dashboard() {
  const res = await request(server, "/api/v1/alliance/dashboard");
  assert.equal(res.status, 200, summarise(res));
  return res.json();
}

// A representative of the given actors, signed in with a session.
async function representativeOf(...actorIds) {
  const user = await addUser(server.storage, { roles: ["representative"], name: "Rita Representant" });
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

function application(actorId, extra = {}) {
  return {
    actor_id: actorId,
    motivation: "Vi vill köpa från sociala företag.",
    contact: { name: "Rita Representant", email: "rita@example.se", phone: "070-123 45 67" },
    commitments: ["buy_social", "communicate"],
    other_commitment: "",
    ...extra,
  };
}

before(async () => {
  server = await startServer({ env: FAST_HASH });
  admin = await addUser(server.storage, { roles: ["admin"], name: "Ada Admin" });
  adminToken = await createToken(server.storage, admin.email, ["read", "write", "admin"]);
  const editor = await addUser(server.storage, { roles: ["editor"] });
  editorToken = await createToken(server.storage, editor.email, ["read", "write"]);
});

after(async () => {
  if (server) await server.dispose();
});

describe("the demo alliance", () => {
  it("has members from every sector with varied start dates, one former member and two pending applications", async () => {
    const d = await dashboard();
    assert.equal(d.members, 24);
    assert.equal(d.goal.total, 50);
    assert.deepEqual(d.sectors.map((s) => s.sector).sort(), ["academia", "business", "civil_society", "public"]);
    for (const s of d.sectors) assert.ok(s.members > 0 && s.target === 1 && s.met, JSON.stringify(s));
    assert.equal(d.remaining, 26);
    assert.equal(d.goal_met, false);
    assert.equal(d.years[0].year, 2023);
    assert.ok(d.years.length >= 4);
    assert.ok(d.years.some((y) => y.left === 1), "the former member's leaving year");
    assert.equal(d.counties.reduce((n, c) => n + c.members, 0) + d.unknown_county, 24);
    const members = (await request(server, "/api/v1/alliance/members")).json().items;
    assert.equal(members.length, 24);
    const malmo = await actorId("demo-actor-004");
    assert.ok(!members.some((m) => m.actor_id === malmo), "the former member is not listed");
    assert.ok(members.every((m) => m.sector && m.since), JSON.stringify(members[0]));
    const pending = await request(server, "/api/v1/alliance/applications?status=pending", { headers: bearer(adminToken) });
    assert.equal(pending.status, 200, summarise(pending));
    assert.equal(pending.json().items.length, 2);
  });

  it("the dashboard and member pages render in Swedish and English", async () => {
    const sv = await request(server, "/allians?lang=sv");
    assert.equal(sv.status, 200);
    assert.match(sv.text, /<h1>Alliansen<\/h1>/);
    assert.match(sv.text, /Medlemmar per sektor/);
    assert.match(sv.text, /id="alliance-chart-data"/);
    assert.match(sv.text, /<table class="data-table" id="years-table">/);
    const en = await request(server, "/allians?lang=en");
    assert.match(en.text, /<h1>The alliance<\/h1>/);
    assert.match(en.text, /Members per county/);
    assert.match(en.text, /24 of 50 members \(48 %\)/);
    const list = await request(server, "/allians/medlemmar?lang=sv");
    assert.equal(list.status, 200);
    assert.match(list.text, /Umeå kommun/);
    assert.doesNotMatch(list.text, /Malmö stad/);
  });

  it("anonymous visitors are asked to sign in to apply; reviewing is for editors", async () => {
    const form = await request(server, "/allians/ansok");
    assert.equal(form.status, 303);
    assert.match(form.headers.location, /^\/logga-in\?next=/);
    const review = await request(server, "/admin/allians");
    assert.equal(review.status, 303);
    const api = await request(server, "/api/v1/alliance/applications", { method: "POST", body: application(1) });
    assert.ok([401, 403].includes(api.status), summarise(api));
  });
});

describe("applying, deciding and leaving", () => {
  it("a representative applies once; an admin approves; the registry and the dashboard follow", async () => {
    const joining = await actorId("demo-actor-013");
    const other = await actorId("demo-actor-014");
    const rep = await representativeOf(joining);
    const before = await dashboard();

    const forOther = await apiCall(server, "/api/v1/alliance/applications", { body: application(other), jar: rep.jar, localAddress: rep.localAddress });
    assert.equal(forOther.status, 403, summarise(forOther));
    const invalid = await apiCall(server, "/api/v1/alliance/applications", {
      body: application(joining, { motivation: " ", contact: { name: "", email: "nope" }, commitments: ["x"] }),
      jar: rep.jar,
      localAddress: rep.localAddress,
    });
    assert.equal(invalid.status, 422, summarise(invalid));
    const fields = invalid.json().errors.map((e) => e.field).sort();
    assert.deepEqual(fields, ["commitments", "contact_email", "contact_name", "motivation"]);

    const applied = await apiCall(server, "/api/v1/alliance/applications", { body: application(joining), jar: rep.jar, localAddress: rep.localAddress });
    assert.equal(applied.status, 201, summarise(applied));
    const app = applied.json();
    assert.equal(app.status, "pending");
    assert.equal(applied.headers.location, `/api/v1/alliance/applications/${app.id}`);
    const twice = await apiCall(server, "/api/v1/alliance/applications", { body: application(joining), jar: rep.jar, localAddress: rep.localAddress });
    assert.equal(twice.status, 409, summarise(twice));

    const byEditorToken = await request(server, `/api/v1/alliance/applications/${app.id}/approve`, {
      method: "POST",
      headers: { ...bearer(editorToken) },
      body: { since: "2999-01-01" },
    });
    assert.equal(byEditorToken.status, 422, summarise(byEditorToken));
    const approved = await request(server, `/api/v1/alliance/applications/${app.id}/approve`, {
      method: "POST",
      headers: bearer(adminToken),
      body: {},
    });
    assert.equal(approved.status, 200, summarise(approved));
    const today = new Date().toISOString().slice(0, 10);
    assert.equal(approved.json().since, today);

    const after = await dashboard();
    assert.equal(after.members, before.members + 1);
    assert.equal(after.joined_this_year, before.joined_this_year + 1);
    const academia = (d) => d.sectors.find((s) => s.sector === "academia").members;
    assert.equal(academia(after), academia(before) + 1);
    const actor = (await request(server, `/api/v1/actors/${joining}`)).json();
    assert.equal(actor.alliance_member, true);
    assert.equal(actor.member_since, today);
    const facet = (await request(server, "/api/v1/actors?member=true&limit=1")).json();
    assert.equal(facet.total, after.members);

    const seen = await request(server, `/api/v1/alliance/applications/${app.id}`, { jar: rep.jar, localAddress: rep.localAddress });
    assert.equal(seen.json().status, "approved");

    // Leaving: the registry is told, the dashboard counts one fewer.
    const forbidden = await apiCall(server, `/api/v1/alliance/members/${joining}/end`, { body: {}, jar: rep.jar, localAddress: rep.localAddress });
    assert.equal(forbidden.status, 403, summarise(forbidden));
    const ended = await request(server, `/api/v1/alliance/members/${joining}/end`, { method: "POST", headers: bearer(editorToken), body: { until: today } });
    assert.equal(ended.status, 200, summarise(ended));
    assert.equal(ended.json().until, today);
    assert.equal((await dashboard()).members, before.members);
    assert.equal((await request(server, `/api/v1/actors/${joining}`)).json().alliance_member, false);
    const again = await request(server, `/api/v1/alliance/members/${joining}/end`, { method: "POST", headers: bearer(editorToken), body: {} });
    assert.equal(again.status, 404, summarise(again));

    // The trail holds each step, without the contact person.
    const audit = rowsOf(await snapshot(server.storage), "audit_log").filter((r) => String(r.action).startsWith("alliance."));
    const actions = audit.map((r) => r.action);
    for (const a of ["alliance.apply", "alliance.approve", "alliance.membership.start", "alliance.membership.end"]) {
      assert.ok(actions.includes(a), `${a} not in ${actions}`);
    }
    assert.ok(!audit.some((r) => JSON.stringify(r).includes("rita@example.se")), "personal data in the audit trail");
  });

  it("a refusal needs a reason, which the applicant then sees on the page", async () => {
    const refused = await actorId("demo-actor-015");
    const rep = await representativeOf(refused);
    const applied = await postForm(server, "/allians/ansok", [
      ["actor_id", String(refused)],
      ["motivation", "Vi forskar om inlandet."],
      ["contact_name", "Rita Representant"],
      ["contact_email", "rita@example.se"],
      ["commitments", "share_knowledge"],
    ], { jar: rep.jar, localAddress: rep.localAddress });
    assert.equal(applied.status, 303, summarise(applied));
    const id = Number(applied.headers.location.match(/ansokningar\/(\d+)/)[1]);
    const noReason = await request(server, `/api/v1/alliance/applications/${id}/refuse`, { method: "POST", headers: bearer(editorToken), body: { reason: "" } });
    assert.equal(noReason.status, 422, summarise(noReason));
    const done = await request(server, `/api/v1/alliance/applications/${id}/refuse`, {
      method: "POST",
      headers: bearer(editorToken),
      body: { reason: "Beskriv era åtaganden mer konkret." },
    });
    assert.equal(done.status, 200, summarise(done));
    assert.equal(done.json().status, "refused");
    const page = await request(server, `/allians/ansokningar/${id}?lang=sv`, { jar: rep.jar, localAddress: rep.localAddress });
    assert.equal(page.status, 200);
    assert.match(page.text, /Avslagen/);
    assert.match(page.text, /Beskriv era åtaganden mer konkret\./);
    const twice = await request(server, `/api/v1/alliance/applications/${id}/approve`, { method: "POST", headers: bearer(editorToken), body: {} });
    assert.equal(twice.status, 409, summarise(twice));
    // Someone else's representative cannot read it.
    const stranger = await representativeOf(await actorId("demo-actor-016"));
    const hidden = await request(server, `/api/v1/alliance/applications/${id}`, { jar: stranger.jar, localAddress: stranger.localAddress });
    assert.equal(hidden.status, 403, summarise(hidden));

    // The contact person is the sender's personal data.
    const mine = (await request(server, "/api/v1/me/data", { jar: rep.jar, localAddress: rep.localAddress })).json();
    assert.equal(mine.alliance_applications.length, 1);
    assert.equal(mine.alliance_applications[0].contact.email, "rita@example.se");
  });
});

describe("goals", () => {
  it("admins set them; editors may not; the dashboard uses them", async () => {
    const body = { total: 30, per_sector: { business: 5, public: 5, civil_society: 5, academia: 5 } };
    const editor = await request(server, "/api/v1/alliance/goals", { method: "PUT", headers: bearer(editorToken), body });
    assert.equal(editor.status, 403, summarise(editor));
    const invalid = await request(server, "/api/v1/alliance/goals", { method: "PUT", headers: bearer(adminToken), body: { total: -1, per_sector: { pirates: 1 } } });
    assert.equal(invalid.status, 422, summarise(invalid));
    const set = await request(server, "/api/v1/alliance/goals", { method: "PUT", headers: bearer(adminToken), body });
    assert.equal(set.status, 200, summarise(set));
    const d = await dashboard();
    assert.equal(d.goal.total, 30);
    assert.equal(d.sectors.find((s) => s.sector === "business").target, 5);
    const reset = await request(server, "/api/v1/alliance/goals", { method: "PUT", headers: bearer(adminToken), body: { total: 50, per_sector: { business: 1, public: 1, civil_society: 1, academia: 1 } } });
    assert.equal(reset.status, 200, summarise(reset));
  });
});

describe("the API description", () => {
  it("documents every alliance endpoint", async () => {
    const doc = (await request(server, "/api/v1/openapi.json")).json();
    for (const path of ["/api/v1/alliance/dashboard", "/api/v1/alliance/members", "/api/v1/alliance/applications",
      "/api/v1/alliance/applications/{id}/approve", "/api/v1/alliance/applications/{id}/refuse",
      "/api/v1/alliance/members/{actor}/end", "/api/v1/alliance/goals"]) {
      assert.ok(doc.paths[path], `${path} is not in the OpenAPI document`);
    }
  });
});
