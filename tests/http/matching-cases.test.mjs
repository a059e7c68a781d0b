// From match to agreement over HTTP against the real binary: a representative of the need's
// organisation asks for contact from an offer, the offer's representatives are notified by
// e-mail (through the outbox, with a link to the case and without the sender's address),
// accept with a message, talk through the case, record the agreement and complete it, with
// every step in the case's history. Also the pages (My matches, the case page, the "Request
// contact" button on the need's page), bad input that changes nothing, a representative of an
// unrelated organisation refused, editors seeing every case, and the cases in "download my
// data" and anonymised when the account is deleted.

import assert from "node:assert/strict";
import { after, before, describe, it } from "node:test";

import { CookieJar, request } from "./client.mjs";
import { startServer } from "./server.mjs";
import {
  FAST_HASH,
  addUser,
  apiCall,
  bearer,
  createToken,
  diffSnapshots,
  location,
  postForm,
  rowsOf,
  signedIn,
  snapshot,
  summarise,
} from "./accounts-helpers.mjs";

let server;
let adminToken;
let sector;

async function admin(path, method = "POST", body) {
  const res = await request(server, path, { method, headers: bearer(adminToken), body });
  assert.ok(res.status >= 200 && res.status < 300, `${method} ${path}: ${summarise(res)}`);
  return res.json();
}

async function newActor(name) {
  return (await admin("/api/v1/actors", "POST", { name: { sv: name, en: name }, sector })).id;
}

async function representativeOf(actorId, name) {
  const user = await addUser(server.storage, { roles: ["representative"], name });
  await admin(`/api/v1/users/${user.id}/actors`, "PUT", { actors: [actorId] });
  const jar = await signedIn(server, user);
  return { user, jar };
}

async function newNeed(actorId, title) {
  return (await admin("/api/v1/needs", "POST", {
    owner: String(actorId), language: "sv", title: { sv: title }, description: { sv: "Läxhjälp för barn i årskurs 4–6 efter skolan." },
    where: { municipality: "2480" }, collaboration_forms: ["iop"],
  })).id;
}

async function newOffer(actorId, title) {
  return (await admin("/api/v1/offers", "POST", {
    actor: String(actorId), language: "sv", title: { sv: title }, description: { sv: "Volontärer ger läxhjälp till barn efter skolan." },
    reach: { national: true }, collaboration_forms: ["iop"],
  })).id;
}

// The notices of match cases (kind "match-…") to one address; other mails (alerts of new
// matches) are left out.
function mailsTo(snap, email) {
  return rowsOf(snap, "outbox").filter((m) => m.recipient === email && String(m.kind).startsWith("match-"));
}

before(async () => {
  server = await startServer({ demo: false, env: FAST_HASH });
  const adminUser = await addUser(server.storage, { roles: ["admin"] });
  adminToken = await createToken(server.storage, adminUser.email, ["read", "write", "admin"]);
  const sectors = (await request(server, "/api/v1/reference/sectors")).json();
  sector = (Array.isArray(sectors) ? sectors : sectors.items)[0].code;
});

after(async () => {
  if (server) await server.dispose();
});

describe("from match to agreement", () => {
  let city, school, other;
  let needRep, offerRep, strangerRep;
  let needId, offerId, caseId;

  before(async () => {
    city = await newActor(`Ärendestaden ${Date.now()}`);
    school = await newActor(`Läxcaféet ${Date.now()}`);
    other = await newActor(`Obehöriga föreningen ${Date.now()}`);
    needRep = await representativeOf(city, "Nina Behov");
    offerRep = await representativeOf(school, "Olle Erbjudande");
    strangerRep = await representativeOf(other, "Sture Främling");
    needId = await newNeed(city, "Läxhjälp för mellanstadiet i Umeå");
    offerId = await newOffer(school, "Läxcafé med volontärer i hela landet");
  });

  it("the need's page offers a labelled Request contact form beside its matches", async () => {
    const page = await request(server, `/behov/${needId}`, { jar: needRep.jar });
    assert.equal(page.status, 200, summarise(page));
    assert.match(page.text, new RegExp(`<form method="post" action="/matchningar"[\\s\\S]*?name="offer_id" value="${offerId}"`));
    assert.match(page.text, /name="csrf_token" value="[^"]+"/);
    assert.match(page.text, />Begär kontakt<\/button>/);
    // Visitors see the matches without the form.
    const anonymous = await request(server, `/behov/${needId}`);
    assert.equal(anonymous.status, 200);
    assert.doesNotMatch(anonymous.text, /action="\/matchningar"/);
  });

  it("a request opens the case and notifies the other side through the outbox, without addresses", async () => {
    const res = await apiCall(server, "/api/v1/matches", {
      jar: needRep.jar, body: { need_id: needId, offer_id: offerId, note: "Hej! Kan ni hjälpa oss i höst?" },
    });
    assert.equal(res.status, 201, summarise(res));
    const body = res.json();
    caseId = body.id;
    assert.equal(body.state, "contact_requested");
    assert.equal(body.opened_by_actor, city);
    assert.equal(body.need.id, needId);
    assert.equal(body.offer.id, offerId);
    assert.equal(res.headers.location, `/api/v1/matches/${caseId}`);
    assert.deepEqual(body.events.map((e) => [e.from_state, e.to_state]), [["suggested", "contact_requested"]]);
    assert.equal(body.messages[0].body, "Hej! Kan ni hjälpa oss i höst?");
    assert.doesNotMatch(JSON.stringify(body), new RegExp(needRep.user.email));

    const snap = await snapshot(server.storage);
    const mails = mailsTo(snap, offerRep.user.email);
    assert.equal(mails.length, 1, "the offer's representative got no notice");
    assert.equal(mails[0].kind, "match-contact-request");
    assert.match(mails[0].body_text, new RegExp(`/matchningar/${caseId}`));
    assert.doesNotMatch(mails[0].body_text, new RegExp(needRep.user.email.replace(/[.+]/g, "\\$&")));
    assert.equal(mailsTo(snap, needRep.user.email).length, 0, "the requester was notified of their own request");
    assert.equal(mailsTo(snap, strangerRep.user.email).length, 0);

    // A second request for the pair is a conflict; the page form leads to the case instead.
    const again = await apiCall(server, "/api/v1/matches", { jar: offerRep.jar, body: { need_id: needId, offer_id: offerId } });
    assert.equal(again.status, 409, summarise(again));
    const form = await postForm(server, "/matchningar", { need_id: String(needId), offer_id: String(offerId), as: "need" }, { jar: needRep.jar });
    assert.equal(form.status, 303, summarise(form));
    assert.equal(location(form), `/matchningar/${caseId}`);
  });

  it("a representative of an unrelated organisation is refused and changes nothing", async () => {
    const before = await snapshot(server.storage);
    const read = await request(server, `/api/v1/matches/${caseId}`, { jar: strangerRep.jar });
    assert.equal(read.status, 404, summarise(read));
    const page = await request(server, `/matchningar/${caseId}`, { jar: strangerRep.jar });
    assert.equal(page.status, 404, summarise(page));
    for (const [path, body] of [
      [`/api/v1/matches/${caseId}/events`, { to_state: "declined", note: "Nej" }],
      [`/api/v1/matches/${caseId}/messages`, { body: "Hej från någon annan" }],
      [`/api/v1/matches/${caseId}/agreement`, { collaboration_form: "iop", value_sek: 1, starts_on: "2026-01-01" }],
      ["/api/v1/matches", { need_id: needId, offer_id: offerId }],
    ]) {
      const res = await apiCall(server, path, { jar: strangerRep.jar, body });
      assert.equal(res.status, 403, `${path}: ${summarise(res)}`);
    }
    const formStep = await postForm(server, `/matchningar/${caseId}/steg`, { to_state: "declined", note: "Nej" }, { jar: strangerRep.jar });
    assert.equal(formStep.status, 403, summarise(formStep));
    const list = (await request(server, "/api/v1/matches", { jar: strangerRep.jar })).json();
    assert.deepEqual(list.items, []);
    const mine = await request(server, "/matchningar", { jar: strangerRep.jar });
    assert.equal(mine.status, 200);
    assert.doesNotMatch(mine.text, new RegExp(`/matchningar/${caseId}"`));
    assert.deepEqual(diffSnapshots(before, await snapshot(server.storage)), []);
    // Visitors are sent to sign in; the API says 401.
    const anonymous = await request(server, `/matchningar/${caseId}`);
    assert.equal(anonymous.status, 303);
    assert.match(location(anonymous), /^\/logga-in/);
    assert.equal((await request(server, `/api/v1/matches/${caseId}`)).status, 404);
  });

  it("the requester cannot accept its own request; bad steps are refused with a translated reason", async () => {
    const before = await snapshot(server.storage);
    const own = await apiCall(server, `/api/v1/matches/${caseId}/events`, { jar: needRep.jar, body: { to_state: "in_dialogue", note: "Ja" } });
    assert.equal(own.status, 403, summarise(own));
    const skip = await apiCall(server, `/api/v1/matches/${caseId}/events`, { jar: offerRep.jar, body: { to_state: "completed" } });
    assert.equal(skip.status, 409, summarise(skip));
    const unknown = await apiCall(server, `/api/v1/matches/${caseId}/events`, { jar: offerRep.jar, body: { to_state: "accepted" } });
    assert.equal(unknown.status, 422, summarise(unknown));
    const noReason = await apiCall(server, `/api/v1/matches/${caseId}/events`, {
      jar: offerRep.jar, body: { to_state: "declined", note: "  " }, headers: { "Accept-Language": "sv" },
    });
    assert.equal(noReason.status, 422, summarise(noReason));
    assert.match(noReason.text, /Skriv några ord till den andra parten/);
    const early = await apiCall(server, `/api/v1/matches/${caseId}/agreement`, {
      jar: offerRep.jar, body: { collaboration_form: "iop", value_sek: 1000, starts_on: "2026-01-01" },
    });
    assert.equal(early.status, 409, summarise(early));
    // The form says the same on the page, in Swedish, and keeps the case as it was.
    const page = await postForm(server, `/matchningar/${caseId}/steg`, { to_state: "in_dialogue", note: "" }, { jar: offerRep.jar });
    assert.equal(page.status, 422, summarise(page));
    assert.match(page.text, /class="error-summary"/);
    assert.match(page.text, /Skriv några ord till den andra parten/);
    assert.deepEqual(diffSnapshots(before, await snapshot(server.storage)), []);
  });

  it("the other side sees the request on My matches and the case page, and accepts with a message", async () => {
    const mine = await request(server, "/matchningar", { jar: offerRep.jar });
    assert.equal(mine.status, 200, summarise(mine));
    assert.match(mine.text, new RegExp(`href="/matchningar/${caseId}"`));
    assert.match(mine.text, /Kontakt begärd/);
    const page = await request(server, `/matchningar/${caseId}`, { jar: offerRep.jar });
    assert.equal(page.status, 200, summarise(page));
    assert.match(page.text, /Hej! Kan ni hjälpa oss i höst\?/);
    assert.match(page.text, />Acceptera och svara<\/button>/);
    assert.match(page.text, /<label for="field-note">Ditt svar<\/label>/);
    assert.doesNotMatch(page.text, new RegExp(needRep.user.email.replace(/[.+]/g, "\\$&")));
    // The requester waits: no accept form.
    const theirs = await request(server, `/matchningar/${caseId}`, { jar: needRep.jar });
    assert.doesNotMatch(theirs.text, />Acceptera och svara</);

    const accepted = await postForm(server, `/matchningar/${caseId}/steg`, { to_state: "in_dialogue", note: "Absolut, vi ses på tisdag!" }, { jar: offerRep.jar });
    assert.equal(accepted.status, 303, summarise(accepted));
    const snap = await snapshot(server.storage);
    const notice = mailsTo(snap, needRep.user.email);
    assert.equal(notice.length, 1);
    assert.equal(notice[0].kind, "match-accepted");
    assert.doesNotMatch(notice[0].body_text, new RegExp(offerRep.user.email.replace(/[.+]/g, "\\$&")));
  });

  it("messages go through the case page and notify the other side", async () => {
    const res = await postForm(server, `/matchningar/${caseId}/meddelanden`, { body: "Vi tar med oss fem volontärer." }, { jar: offerRep.jar });
    assert.equal(res.status, 303, summarise(res));
    const api = await apiCall(server, `/api/v1/matches/${caseId}/messages`, { jar: needRep.jar, body: { body: "Toppen, tack!" } });
    assert.equal(api.status, 201, summarise(api));
    assert.equal(api.json().by_actor, city);
    const empty = await apiCall(server, `/api/v1/matches/${caseId}/messages`, { jar: needRep.jar, body: { body: "" } });
    assert.equal(empty.status, 422);
    const snap = await snapshot(server.storage);
    assert.equal(mailsTo(snap, needRep.user.email).filter((m) => m.kind === "match-message").length, 1);
    assert.equal(mailsTo(snap, offerRep.user.email).filter((m) => m.kind === "match-message").length, 1);
    const detail = (await request(server, `/api/v1/matches/${caseId}`, { jar: needRep.jar })).json();
    assert.deepEqual(detail.messages.map((m) => m.body), [
      "Hej! Kan ni hjälpa oss i höst?", "Absolut, vi ses på tisdag!", "Vi tar med oss fem volontärer.", "Toppen, tack!",
    ]);
  });

  it("the agreement is validated, recorded and then completed", async () => {
    const before = await snapshot(server.storage);
    const bad = await apiCall(server, `/api/v1/matches/${caseId}/agreement`, {
      jar: needRep.jar, body: { collaboration_form: "handslag", value_sek: -5, starts_on: "2026-13-01", ends_on: "2025-01-01" },
    });
    assert.equal(bad.status, 422, summarise(bad));
    const fields = bad.json().errors?.map((e) => e.field) ?? bad.json().fields?.map((e) => e.field) ?? [];
    for (const f of ["collaboration_form", "value_sek", "starts_on"]) assert.ok(bad.text.includes(f), `no error for ${f}: ${bad.text}`);
    assert.ok(fields.length === 0 || fields.length >= 3);
    const backwards = await postForm(server, `/matchningar/${caseId}/avtal`, {
      collaboration_form: "iop", value_sek: "100 000", starts_on: "2026-05-01", ends_on: "2026-04-01",
    }, { jar: needRep.jar });
    assert.equal(backwards.status, 422, summarise(backwards));
    assert.match(backwards.text, /Slutet kan inte vara före starten/);
    assert.match(backwards.text, /value="100 000"/, "the form lost what was typed");
    assert.deepEqual(diffSnapshots(before, await snapshot(server.storage)), []);

    const ok = await postForm(server, `/matchningar/${caseId}/avtal`, {
      collaboration_form: "iop", value_sek: "250 000", starts_on: "2026-08-15", ends_on: "2027-06-15",
    }, { jar: needRep.jar });
    assert.equal(ok.status, 303, summarise(ok));
    const done = await apiCall(server, `/api/v1/matches/${caseId}/events`, { jar: offerRep.jar, body: { to_state: "completed", note: "Ett lyckat samarbete." } });
    assert.equal(done.status, 201, summarise(done));
    const detail = done.json();
    assert.equal(detail.state, "completed");
    assert.deepEqual(detail.agreement && [detail.agreement.collaboration_form, detail.agreement.value_sek, detail.agreement.starts_on, detail.agreement.ends_on],
      ["iop", 250000, "2026-08-15", "2027-06-15"]);
    assert.deepEqual(detail.events.map((e) => e.to_state), ["contact_requested", "in_dialogue", "agreement", "completed"]);
    assert.deepEqual(detail.events.map((e) => e.by_actor), [city, school, city, school]);
    for (const e of detail.events) assert.match(e.at, /^\d{4}-\d{2}-\d{2}T/);

    const snap = await snapshot(server.storage);
    const cases = rowsOf(snap, "matching_cases").filter((c) => c.id === caseId);
    assert.equal(cases[0].state, "completed");
    assert.equal(rowsOf(snap, "matching_agreements").find((a) => a.case_id === caseId).value_sek, 250000);
    // Closed: nothing more.
    const late = await apiCall(server, `/api/v1/matches/${caseId}/messages`, { jar: needRep.jar, body: { body: "Hej igen" } });
    assert.equal(late.status, 409);
    const page = await request(server, `/matchningar/${caseId}`, { jar: needRep.jar });
    assert.match(page.text, /Ärendet är avslutat/);
    assert.match(page.text, /250000 kr/);
    assert.doesNotMatch(page.text, /action="[^"]*\/meddelanden"/);
  });

  it("the need's page links to the case instead of a second request", async () => {
    const page = await request(server, `/behov/${needId}`, { jar: needRep.jar });
    assert.match(page.text, new RegExp(`href="/matchningar/${caseId}"`));
  });

  it("editors see and act on every case; a decline needs a reason and tells both sides", async () => {
    const editor = await addUser(server.storage, { roles: ["editor"] });
    const jar = await signedIn(server, editor);
    const otherOffer = await newOffer(school, "Läxhjälp på distans");
    const opened = await apiCall(server, "/api/v1/matches", { jar: offerRep.jar, body: { need_id: needId, offer_id: otherOffer, as: "offer" } });
    assert.equal(opened.status, 201, summarise(opened));
    const id = opened.json().id;
    assert.equal(opened.json().opened_by_actor, school);
    const list = (await request(server, "/api/v1/matches", { jar })).json();
    assert.ok(list.items.some((c) => c.id === id) && list.items.some((c) => c.id === caseId));
    const declined = await apiCall(server, `/api/v1/matches/${id}/events`, { jar, body: { to_state: "declined", note: "Dubblett av ärende " + caseId } });
    assert.equal(declined.status, 201, summarise(declined));
    assert.equal(declined.json().events.at(-1).by_actor, null);
    const snap = await snapshot(server.storage);
    assert.ok(mailsTo(snap, needRep.user.email).some((m) => m.kind === "match-declined"));
    assert.ok(mailsTo(snap, offerRep.user.email).some((m) => m.kind === "match-declined"));
  });

  it("download my data holds the account's steps and messages; deleting the account anonymises them", async () => {
    const data = (await request(server, "/api/v1/me/data", { jar: needRep.jar })).json();
    assert.ok(data.matching_cases, summarise({ status: 200, headers: {}, text: JSON.stringify(data).slice(0, 300) }));
    assert.ok(data.matching_cases.steps.some((s) => s.case_id === caseId && s.to_state === "contact_requested"));
    assert.ok(data.matching_cases.messages.some((m) => m.body === "Toppen, tack!"));

    const res = await postForm(server, "/konto/radera", { password: needRep.user.password }, { jar: needRep.jar });
    assert.ok(res.status === 303 || res.status === 302, summarise(res));
    const snap = await snapshot(server.storage);
    const id = needRep.user.id;
    assert.equal(rowsOf(snap, "matching_case_events").filter((e) => e.by_account === id).length, 0);
    assert.equal(rowsOf(snap, "matching_case_messages").filter((m) => m.by_account === id).length, 0);
    assert.equal(rowsOf(snap, "matching_agreements").filter((a) => a.recorded_by === id).length, 0);
    // The steps stay, on behalf of the organisation.
    const steps = rowsOf(snap, "matching_case_events").filter((e) => e.case_id === caseId);
    assert.equal(steps.length, 4);
    assert.ok(steps.some((e) => e.by_account === null && e.by_actor === city));
  });
});
