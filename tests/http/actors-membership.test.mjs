// The alliance keeps the membership (issue 4): the actor API and form cannot set an actor's
// alliance_member or member_since. POST refuses them set, PUT refuses a change with 422 and a
// translated field error and keeps them when they are left out; the edit form shows them
// without an input. Imports (operators and admins) still carry them, for moving the registry
// over from another system.
import { after, before, describe, it } from "node:test";
import assert from "node:assert/strict";

import { startServer } from "./server.mjs";
import { request } from "./client.mjs";
import { FAST_HASH, PASSWORD, addUser, bearer, createToken, signedIn } from "./accounts-helpers.mjs";

describe("the alliance membership of an actor is the alliance's", () => {
  let server;
  let editorToken, adminToken;
  let member; // a demo actor that is a member
  let other; // one that is not
  before(async () => {
    server = await startServer({ env: FAST_HASH });
    const editor = await addUser(server.storage, { roles: ["editor"] });
    editorToken = await createToken(server.storage, editor.email, ["read", "write"]);
    const admin = await addUser(server.storage, { roles: ["admin"] });
    adminToken = await createToken(server.storage, admin.email, ["read", "write", "admin"]);
    const members = (await request(server, "/api/v1/actors?member=true&limit=1")).json();
    const others = (await request(server, "/api/v1/actors?member=false&limit=1")).json();
    member = members.items[0];
    other = others.items[0];
    assert.ok(member && other, "the demo data has members and non-members");
    assert.equal(member.alliance_member, true);
    assert.equal(other.alliance_member, false);
  });
  after(async () => {
    if (server) await server.dispose();
  });

  const api = (path, method, body, lang = "sv") =>
    request(server, `${path}?lang=${lang}`, { method, headers: bearer(editorToken), body });
  const stored = async (id) => (await request(server, `/api/v1/actors/${id}`)).json();
  // The interchange record of a stored actor, as PUT takes it.
  const record = (a) => ({
    external_id: a.external_id,
    language: a.language,
    name: a.name,
    summary: a.summary,
    sector: a.sector,
    social_enterprise: a.social_enterprise,
    wise: a.wise,
    municipality: a.municipality,
    regions: a.regions,
    sdgs: a.sdgs,
    target_groups: a.target_groups,
    website: a.website,
  });

  it("PUT refuses an editor's change of membership with a translated field error, and stores nothing", async () => {
    const before = await stored(other.id);
    const joined = await api(`/api/v1/actors/${other.id}`, "PUT", {
      ...record(before),
      summary: { sv: "Ändrad", en: "Changed" },
      alliance_member: true,
      member_since: "2026-01-01",
    });
    assert.equal(joined.status, 422, joined.text);
    const problem = joined.json();
    assert.deepEqual(problem.errors.map((e) => e.field).sort(), ["alliance_member", "member_since"]);
    assert.match(problem.errors[0].detail, /alliansen/i);
    const english = await api(`/api/v1/actors/${other.id}`, "PUT", { ...record(before), alliance_member: true }, "en");
    assert.equal(english.status, 422);
    assert.match(english.json().errors[0].detail, /The alliance keeps this/);
    const after = await stored(other.id);
    assert.equal(after.alliance_member, false);
    assert.deepEqual(after.summary, before.summary, "nothing else was stored either");

    const left = await api(`/api/v1/actors/${member.id}`, "PUT", { ...record(member), alliance_member: false });
    assert.equal(left.status, 422, left.text);
    assert.equal((await stored(member.id)).alliance_member, true);
  });

  it("PUT keeps the membership when it is left out or sent back as stored", async () => {
    const omitted = await api(`/api/v1/actors/${member.id}`, "PUT", {
      ...record(member),
      summary: { sv: "Utan medlemskapet i kroppen.", en: "Without the membership in the body." },
    });
    assert.equal(omitted.status, 200, omitted.text);
    assert.equal(omitted.json().alliance_member, true);
    assert.equal(omitted.json().member_since, member.member_since);
    const same = await api(`/api/v1/actors/${member.id}`, "PUT", {
      ...record(member),
      alliance_member: true,
      member_since: member.member_since,
    });
    assert.equal(same.status, 200, same.text);
    assert.equal(same.json().member_since, member.member_since);
  });

  it("POST refuses an actor created as a member", async () => {
    const body = { external_id: "membership-new", language: "sv", name: "Ny aktör", sector: "business" };
    const refused = await api("/api/v1/actors", "POST", { ...body, alliance_member: true, member_since: "2026-02-01" }, "en");
    assert.equal(refused.status, 422, refused.text);
    assert.deepEqual(refused.json().errors.map((e) => e.field).sort(), ["alliance_member", "member_since"]);
    assert.equal((await request(server, "/api/v1/actors?external_id=membership-new")).json().total, 0);
    const created = await api("/api/v1/actors", "POST", body);
    assert.equal(created.status, 201, created.text);
    assert.equal(created.json().alliance_member, false);
  });

  it("the edit form shows the membership without an input", async () => {
    const editor = await addUser(server.storage, { roles: ["editor"] });
    const jar = await signedIn(server, { email: editor.email, password: PASSWORD });
    const page = await request(server, `/aktorer/${member.id}/redigera?lang=sv`, { jar });
    assert.equal(page.status, 200);
    assert.doesNotMatch(page.text, /name="alliance_member"/);
    assert.doesNotMatch(page.text, /name="member_since"/);
    assert.match(page.text, /id="alliance-membership"/);
    assert.match(page.text, new RegExp(`Medlem i alliansen sedan ${member.member_since}`));
    const english = await request(server, `/aktorer/${other.id}/redigera?lang=en`, { jar });
    assert.equal(english.status, 200);
    assert.match(english.text, /Not a member of the alliance\./);
    assert.doesNotMatch(english.text, /name="alliance_member"/);
  });

  it("an import may carry the membership (moving from another system)", async () => {
    const data = JSON.stringify({
      external_id: "membership-imported",
      language: "sv",
      name: "Importerad medlem",
      sector: "civil_society",
      alliance_member: true,
      member_since: "2019-05-01",
    });
    const res = await request(server, "/api/v1/actors/import", {
      method: "POST",
      headers: bearer(adminToken),
      body: { format: "jsonl", data },
    });
    assert.equal(res.status, 200, res.text);
    const imported = (await request(server, "/api/v1/actors?external_id=membership-imported")).json().items[0];
    assert.equal(imported.alliance_member, true);
    assert.equal(imported.member_since, "2019-05-01");
  });
});
