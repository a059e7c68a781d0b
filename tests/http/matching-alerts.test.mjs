// Matching alerts over HTTP against the real binary with the demo data and a real SMTP sink:
// a social enterprise's offer (default settings: alerts on, e-mail on, good matches) hears of
// a new need that matches it, in the platform and by e-mail (no address of the need owner in
// the mail); an offer whose owner asked for strong matches only hears nothing of a weaker one;
// alerts are the account's own (others cannot read or mark them; visitors are refused); the
// page /bevakningar lists them and marks them read with a CSRF-protected form.

import assert from "node:assert/strict";
import { after, before, describe, it } from "node:test";

import { request } from "./client.mjs";
import { writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";

import { createStorage, runCli, startServer } from "./server.mjs";
import { startSmtpSink } from "./smtp-sink.mjs";
import { FAST_HASH, addUser, bearer, createToken, location, postForm, signedIn, summarise } from "./accounts-helpers.mjs";
import { classifyViolations, describeViolations, launchBrowser, runAxe } from "../browser/browser.mjs";

let server;
let sink;
let adminToken;

async function actorId(externalId, srv = server) {
  const res = await request(srv, `/api/v1/actors?external_id=${externalId}`);
  assert.equal(res.status, 200, summarise(res));
  const [actor] = res.json().items;
  assert.ok(actor, `no demo actor ${externalId}`);
  return actor.id;
}

async function representativeOf(externalId, srv = server, admin = adminToken) {
  const user = await addUser(srv.storage, { roles: ["representative"] });
  const res = await request(srv, `/api/v1/users/${user.id}/actors`, {
    method: "PUT",
    headers: bearer(admin),
    body: { actors: [await actorId(externalId, srv)] },
  });
  assert.equal(res.status, 200, summarise(res));
  const token = await createToken(srv.storage, user.email, ["read", "write"]);
  return { user, token };
}

async function post(path, body, token) {
  const res = await request(server, path, { method: "POST", body, headers: bearer(token) });
  assert.equal(res.status, 201, summarise(res));
  return res.json();
}

async function alertsOf(token) {
  const res = await request(server, "/api/v1/alerts", { headers: bearer(token) });
  assert.equal(res.status, 200, summarise(res));
  return res.json();
}

// Polls until `check` returns a value (the runner works in the background).
async function eventually(check, ms = 20_000) {
  const until = Date.now() + ms;
  for (;;) {
    const value = await check();
    if (value) return value;
    if (Date.now() > until) throw new Error("timed out waiting");
    await new Promise((r) => setTimeout(r, 200));
  }
}

const STAMP = Date.now().toString(36);

const COOKING_OFFER = {
  actor: "demo-actor-022",
  language: "en",
  title: `Cooking classes where newly arrived families learn Swedish ${STAMP}`,
  description: "Language learning in the kitchen: newly arrived families cook together and practise Swedish with trained hosts.",
  sdgs: [4, 10],
  reach: { municipalities: ["1480"], counties: [], national: false },
  target_groups: ["newly_arrived"],
  collaboration_forms: ["iop"],
  price_sek: { min: 80000, max: 150000 },
  stage: "proven",
};

// On a neighbouring theme, delivered nationally rather than in Göteborg: a good match for the
// need, not a strong one.
const REPAIR_OFFER = {
  actor: "demo-actor-023",
  language: "sv",
  title: `Språkcaféer för nyanlända ${STAMP}`,
  description: "Nyanlända övar svenska i samtalsgrupper på biblioteket, ibland med fika.",
  sdgs: [4],
  reach: { municipalities: [], counties: [], national: true },
  target_groups: ["newly_arrived"],
  collaboration_forms: ["iop"],
  price_sek: null,
  stage: "idea",
};

const NEED = {
  owner: "demo-actor-003",
  language: "sv",
  title: `Laga mat tillsammans med nyanlända familjer i Göteborg ${STAMP}`,
  description: "Staden söker en partner som driver matlagningskurser där nyanlända familjer lär sig svenska i köket.",
  sdgs: [4, 10],
  where: { municipality: "1480" },
  target_groups: ["newly_arrived"],
  collaboration_forms: ["iop"],
  budget_sek: { min: 50000, max: 200000 },
};

const smtpArgs = () => ["--smtp-url", sink.url, "--smtp-from", "Samverkan <noreply@example.se>"];

before(async () => {
  sink = await startSmtpSink();
  server = await startServer({ env: FAST_HASH, extraArgs: smtpArgs() });
  const admin = await addUser(server.storage, { roles: ["admin"] });
  adminToken = await createToken(server.storage, admin.email, ["read", "write", "admin"]);
});

after(async () => {
  if (server) await server.dispose();
  if (sink) await sink.stop();
});

describe("alerts of a new need", () => {
  let enterprise, repairer, city, cooking, repair, need;

  before(async () => {
    enterprise = await representativeOf("demo-actor-022");
    repairer = await representativeOf("demo-actor-023");
    city = await representativeOf("demo-actor-003");
    cooking = await post("/api/v1/offers", COOKING_OFFER, enterprise.token);
    repair = await post("/api/v1/offers", REPAIR_OFFER, repairer.token);
    // The repairer wants strong matches only; the enterprise keeps the defaults.
    const set = await request(server, "/api/v1/alert-subscriptions", {
      method: "PUT",
      headers: bearer(repairer.token),
      body: { kind: "offer", item_id: repair.id, level: "strong", email: true, enabled: true },
    });
    assert.equal(set.status, 200, summarise(set));
    assert.equal(set.json().level, "strong");
    assert.equal(set.json().threshold_percent, 65);
    need = await post("/api/v1/needs", NEED, city.token);
  });

  it("lists the offer with the default settings", async () => {
    const res = await request(server, "/api/v1/alert-subscriptions", { headers: bearer(enterprise.token) });
    assert.equal(res.status, 200, summarise(res));
    const mine = res.json().items.find((i) => i.kind === "offer" && i.item_id === cooking.id);
    assert.ok(mine, JSON.stringify(res.json()));
    assert.deepEqual([mine.enabled, mine.email, mine.level, mine.stored], [true, true, "good", false]);
  });

  it("alerts the matching offer in the platform and by e-mail", async () => {
    const alert = await eventually(async () =>
      (await alertsOf(enterprise.token)).items.find((a) => a.own_item_id === cooking.id && a.other_item_id === need.id));
    assert.equal(alert.own_kind, "offer");
    assert.equal(alert.other_kind, "need");
    assert.equal(alert.read, false);
    assert.ok(alert.percent >= 45, `percent ${alert.percent}`);
    assert.equal(alert.other_href, `/behov/${need.id}`);
    const mail = await sink.waitFor((m) => m.to === enterprise.user.email && m.text.includes(NEED.title), 30_000);
    assert.ok(mail.text.includes(COOKING_OFFER.title), mail.text);
    assert.ok(mail.text.includes(`/behov/${need.id}`), mail.text);
    assert.ok(!mail.text.includes(city.user.email), "the need owner's address is not in the mail");
    assert.ok(mail.text.includes("/bevakningar"), mail.text);
  });

  it("does not alert an offer whose owner's threshold the match does not reach", async () => {
    // The enterprise's alert exists, so the need has been processed.
    await eventually(async () => (await alertsOf(enterprise.token)).items.some((a) => a.other_item_id === need.id));
    // The pair reaches the default level (good, 45 % of the best possible score 5.1 with the
    // shipped weights), so only the owner's choice of "strong" (65 %) keeps it silent.
    const matches = await request(server, `/api/v1/needs/${need.id}/matches?limit=100`);
    assert.equal(matches.status, 200, summarise(matches));
    const pair = matches.json().items.find((m) => m.id === repair.id);
    assert.ok(pair, "the repair offer is among the need's matches");
    assert.ok(pair.score >= 0.45 * 5.1 && pair.score < 0.65 * 5.1, `score ${pair.score}`);
    const theirs = await alertsOf(repairer.token);
    assert.ok(!theirs.items.some((a) => a.own_item_id === repair.id), JSON.stringify(theirs));
    assert.ok(!sink.messages.some((m) => m.to === repairer.user.email && m.text.includes(REPAIR_OFFER.title)));
  });

  it("keeps alerts to their account", async () => {
    const { items } = await alertsOf(enterprise.token);
    const alert = items.find((a) => a.other_item_id === need.id);
    assert.ok(alert);
    const other = await alertsOf(city.token);
    assert.ok(!other.items.some((a) => a.id === alert.id), "another account sees the alert");
    const mark = await request(server, `/api/v1/alerts/${alert.id}/read`, { method: "POST", body: {}, headers: bearer(city.token) });
    assert.equal(mark.status, 200, summarise(mark));
    assert.equal(mark.json().read, false, "another account's alert is not marked");
    assert.equal((await alertsOf(enterprise.token)).items.find((a) => a.id === alert.id).read, false);
    const visitor = await request(server, "/api/v1/alerts");
    assert.equal(visitor.status, 401, summarise(visitor));
    const page = await request(server, "/bevakningar");
    assert.ok([302, 303].includes(page.status) && location(page).startsWith("/logga-in"), summarise(page));
    // A choice about someone else's item is the chooser's own and alerts them of nothing.
    const notMine = await request(server, "/api/v1/alert-subscriptions", {
      method: "PUT",
      headers: bearer(city.token),
      body: { kind: "offer", item_id: cooking.id, level: "broad" },
    });
    assert.equal(notMine.status, 200, summarise(notMine));
    const unknown = await request(server, "/api/v1/alert-subscriptions", {
      method: "PUT",
      headers: bearer(city.token),
      body: { kind: "offer", item_id: 987654321, level: "broad" },
    });
    assert.equal(unknown.status, 404, summarise(unknown));
    assert.ok(!(await alertsOf(city.token)).items.some((a) => a.own_item_id === cooking.id));
    const bad = await request(server, "/api/v1/alert-subscriptions", {
      method: "PUT",
      headers: bearer(enterprise.token),
      body: { kind: "offer", item_id: cooking.id, level: "everything" },
    });
    assert.equal(bad.status, 422, summarise(bad));
    assert.ok((bad.json().errors || []).some((e) => e.field === "level"), summarise(bad));
    const notBool = await request(server, "/api/v1/alert-subscriptions", {
      method: "PUT",
      headers: bearer(enterprise.token),
      body: { kind: "offer", item_id: cooking.id, level: "good", email: "no" },
    });
    assert.equal(notBool.status, 422, summarise(notBool));
    const after = await request(server, "/api/v1/alert-subscriptions", { headers: bearer(enterprise.token) });
    const still = after.json().items.find((i) => i.kind === "offer" && i.item_id === cooking.id);
    assert.deepEqual([still.email, still.level, still.stored], [true, "good", false], "a refused change changed nothing");
  });

  it("shows the alert on the page and marks it read with the form", async () => {
    const jar = await signedIn(server, enterprise.user);
    const page = await request(server, "/bevakningar", { jar });
    assert.equal(page.status, 200, summarise(page));
    assert.ok(page.text.includes(NEED.title), "the need's title is on the page");
    const { items } = await alertsOf(enterprise.token);
    const alert = items.find((a) => a.other_item_id === need.id);
    const noToken = await postForm(server, `/bevakningar/${alert.id}/last`, {}, { jar, csrf: false });
    assert.equal(noToken.status, 403, summarise(noToken));
    assert.equal((await alertsOf(enterprise.token)).items.find((a) => a.id === alert.id).read, false);
    const marked = await postForm(server, `/bevakningar/${alert.id}/last`, {}, { jar });
    assert.equal(marked.status, 303, summarise(marked));
    assert.equal((await alertsOf(enterprise.token)).items.find((a) => a.id === alert.id).read, true);
    const en = await request(server, "/bevakningar?lang=en", { jar });
    assert.equal(en.status, 200);
  });

  it("includes the alerts in the account's data download", async () => {
    const jar = await signedIn(server, enterprise.user);
    const res = await request(server, "/api/v1/me/data", { jar });
    assert.equal(res.status, 200, summarise(res));
    const section = res.json().matching_alerts;
    assert.ok(section && section.alerts.some((a) => a.other_item_id === need.id), JSON.stringify(res.json()).slice(0, 500));
  });

  it("the page has no serious accessibility violations in either language", async (t) => {
    const browser = await launchBrowser();
    try {
      const page = await browser.newPage();
      await page.goto(`${server.baseUrl}/logga-in?next=/bevakningar`);
      await page.locator('form[action="/logga-in"] [name="email"]').fill(enterprise.user.email);
      await page.locator('form[action="/logga-in"] [name="password"]').fill(enterprise.user.password);
      await Promise.all([page.waitForNavigation({ waitUntil: "load" }), page.locator('form[action="/logga-in"] [type="submit"]').click()]);
      for (const lang of ["sv", "en"]) {
        await page.goto(`${server.baseUrl}/bevakningar?lang=${lang}`);
        assert.ok((await page.locator("h1").textContent()).includes(lang === "sv" ? "Bevakningar" : "Alerts"));
        const { blocking, other } = classifyViolations(await runAxe(page));
        if (other.length) t.diagnostic(describeViolations(other));
        assert.equal(blocking.length, 0, describeViolations(blocking));
      }
      assert.deepEqual(page.takeProblems(), []);
    } finally {
      await browser.close();
    }
  });
});

describe("alerts survive a killed server", () => {
  it("alerts of a need saved while the server was down arrive after the restart, and a first load raises none", async () => {
    const storage = await createStorage();
    let srv = await startServer({ storage, env: FAST_HASH, extraArgs: smtpArgs() });
    try {
      const admin = await addUser(storage, { roles: ["admin"] });
      const token = await createToken(storage, admin.email, ["read", "write", "admin"]);
      const enterprise = await representativeOf("demo-actor-022", srv, token);
      const stamp = `${STAMP}-restart`;
      const offer = { ...COOKING_OFFER, title: `Cooking classes for newly arrived families ${stamp}` };
      const res = await request(srv, "/api/v1/offers", { method: "POST", body: offer, headers: bearer(enterprise.token) });
      assert.equal(res.status, 201, summarise(res));
      const offerId = res.json().id;
      await srv.kill(); // SIGKILL: nothing is flushed or stopped in order

      // A first load with --no-notify queues nothing: its need raises no alert.
      const quiet = { ...NEED, external_id: `alerts-quiet-${stamp}`, title: `Tyst import av matlagning i Göteborg ${stamp}` };
      const quietFile = join(tmpdir(), `alerts-quiet-${stamp}.jsonl`);
      await writeFile(quietFile, `${JSON.stringify(quiet)}\n`);
      await runCli(["import", "needs", quietFile, "--no-notify", ...storage.args()]);
      // The need arrives through the importer while no server runs: queued in its transaction.
      const need = { ...NEED, external_id: `alerts-restart-${stamp}`, title: `Matlagning med nyanlända i Göteborg ${stamp}` };
      const file = join(tmpdir(), `alerts-${stamp}.jsonl`);
      await writeFile(file, `${JSON.stringify(need)}\n`);
      await runCli(["import", "needs", file, ...storage.args()]);

      srv = await startServer({ storage, env: FAST_HASH, extraArgs: smtpArgs() });
      const mail = await sink.waitFor((m) => m.to === enterprise.user.email && m.text.includes(need.title), 30_000);
      assert.ok(mail.text.includes(offer.title), mail.text);
      const alerts = await request(srv, "/api/v1/alerts", { headers: bearer(enterprise.token) });
      assert.equal(alerts.status, 200, summarise(alerts));
      // One alert: the quiet need, imported before it and ranked as high, raised none.
      assert.equal(alerts.json().items.filter((a) => a.own_item_id === offerId).length, 1, JSON.stringify(alerts.json()));
      assert.ok(!sink.messages.some((m) => m.to === enterprise.user.email && m.text.includes(quiet.title)));
    } finally {
      await srv.dispose();
      await storage.dispose();
    }
  });
});
