// The whole story of issue 4 in a real browser, on the engine the run has (SQLite, or
// PostgreSQL with SAMVERKAN_TEST_POSTGRES): an editor creates an actor through the form in
// Swedish and gives it its English texts through the form in English; a visitor finds it by a
// stemmed word (its text says "äldreomsorg", the visitor searches "äldreomsorgen"), narrows
// the directory with the facets and sees the counts hold, and finds it in the ecosystem map's
// table; a representative of the actor applies to join the alliance, an admin approves, and
// the alliance dashboard's figures move (members in total, in the actor's sector, new this
// year). Every page passes axe (no serious or critical violations) in Swedish and in English.

import assert from "node:assert/strict";
import { after, before, describe, it } from "node:test";

import { request } from "../http/client.mjs";
import { startServer } from "../http/server.mjs";
import { FAST_HASH, PASSWORD, addUser, bearer, createToken } from "../http/accounts-helpers.mjs";
import { expectNoSeriousViolations, launchBrowser } from "./browser.mjs";

const stamp = Date.now().toString(36);
const LANGS = ["sv", "en"];
const SECTOR = "academia";
const SECTOR_NAME = { sv: "Akademi", en: "Academia" };
const COUNTY = "24";
const SDG = "3";
const TARGET_GROUP = "elderly";
const NAME = { sv: `Almby forskningsråd för äldreomsorg ${stamp}`, en: `Almby Research Council on Elder Care ${stamp}` };

let server;
let admin, editor, applicant, adminToken;
let editorBrowser, visitorBrowser, applicantBrowser, adminBrowser;
let actorId;

before(async () => {
  server = await startServer({ env: FAST_HASH });
  admin = await addUser(server.storage, { roles: ["admin"], name: "Ada Admin" });
  editor = await addUser(server.storage, { roles: ["editor"], name: "Edvin Redaktör" });
  applicant = await addUser(server.storage, { roles: ["representative"], name: "Rita Representant" });
  adminToken = await createToken(server.storage, admin.email, ["read", "write", "admin"]);
  // One browser (and so one set of cookies) per person.
  editorBrowser = await launchBrowser();
  visitorBrowser = await launchBrowser();
  applicantBrowser = await launchBrowser();
  adminBrowser = await launchBrowser();
});

after(async () => {
  for (const b of [editorBrowser, visitorBrowser, applicantBrowser, adminBrowser]) if (b) await b.close();
  if (server) await server.dispose();
});

// Opens `path` in each language and runs axe on it (the page as it is for this person).
async function expectBothLanguagesPass(t, page, path, what) {
  for (const lang of LANGS) {
    const url = server.url(`${path}${path.includes("?") ? "&" : "?"}lang=${lang}`);
    const res = await page.goto(url, { waitUntil: "load" });
    assert.equal(res.status(), 200, `${what} (${lang}): ${res.status()}`);
    assert.equal(await page.evaluate(() => document.documentElement.lang), lang);
    await expectNoSeriousViolations(t, page, `${what} (${lang})`);
  }
}

async function submit(page, form, button = '[type="submit"]') {
  const [response] = await Promise.all([
    page.waitForNavigation({ waitUntil: "load" }),
    page.locator(`${form} ${button}`).first().click(),
  ]);
  return response;
}

async function signIn(page, user) {
  await page.locator('form[action="/logga-in"] [name="email"]').fill(user.email);
  await page.locator('form[action="/logga-in"] [name="password"]').fill(PASSWORD);
  return submit(page, 'form[action="/logga-in"]');
}

// Goes to `path`; when sent to sign in first, signs in as `user` and comes back.
async function gotoSignedIn(page, path, user) {
  await page.goto(server.url(path), { waitUntil: "load" });
  if (new URL(page.url()).pathname === "/logga-in") await signIn(page, user);
  assert.equal(new URL(page.url()).pathname, new URL(server.url(path)).pathname);
}

// The count a facet's choice shows in the directory's form: "Akademi (3)" → 3.
async function facetCount(page, facet, value) {
  const label = await page.locator(`form[role="search"] select[name="${facet}"] option[value="${value}"]`).textContent();
  const m = label.match(/\((\d+)\)\s*$/);
  assert.ok(m, `no count in the ${facet} choice ${value}: ${label}`);
  return Number(m[1]);
}

// The total in the directory's results heading: "12 aktörer hittades" → 12.
async function resultsTotal(page) {
  const heading = await page.locator("#results-heading").textContent();
  const m = heading.match(/(\d[\d\s\u00a0]*)/);
  assert.ok(m, `no total in the heading: ${heading}`);
  return Number(m[1].replace(/[\s\u00a0]/g, ""));
}

// The total the API gives for the same filter: the counts must match it.
async function apiTotal(query) {
  const res = await request(server, `/api/v1/actors?${new URLSearchParams(query)}&limit=1`);
  assert.equal(res.status, 200, res.text);
  return res.json().total;
}

// The dashboard's figures: members, new this year, and the members of the actor's sector.
async function dashboard(page, lang) {
  await page.goto(server.url(`/allians?lang=${lang}`), { waitUntil: "load" });
  const figures = page.locator("#alliance-figures .figure dd");
  const sectorRow = page.locator("#sector-table tbody tr", { has: page.locator("th", { hasText: SECTOR_NAME[lang] }) });
  assert.equal(await sectorRow.count(), 1, `no row for ${SECTOR_NAME[lang]} in the sector table`);
  return {
    members: Number(await figures.nth(0).textContent()),
    newThisYear: Number(await figures.nth(3).textContent()),
    sector: Number(await sectorRow.locator("td").first().textContent()),
  };
}

describe("the registry story: create, find, join the alliance", () => {
  const facetsBefore = {};
  const dashboardBefore = {};

  it("records the directory's counts and the dashboard before the actor exists", async () => {
    const page = await visitorBrowser.newPage();
    for (const lang of LANGS) {
      await page.goto(server.url(`/aktorer?lang=${lang}`), { waitUntil: "load" });
      facetsBefore[lang] = {
        sector: await facetCount(page, "sector", SECTOR),
        sdg: await facetCount(page, "sdg", SDG),
      };
      assert.equal(facetsBefore[lang].sector, await apiTotal({ sector: SECTOR }));
      dashboardBefore[lang] = await dashboard(page, lang);
    }
  });

  it("an editor creates the actor through the Swedish form", async (t) => {
    const page = await editorBrowser.newPage();
    await gotoSignedIn(page, "/aktorer/ny?lang=sv", editor);
    await expectNoSeriousViolations(t, page, "the new actor form (sv)");
    const form = 'form[action="/aktorer/ny"]';
    await page.locator(`${form} [name="name_sv"]`).fill(NAME.sv);
    await page.locator(`${form} [name="summary_sv"]`).fill("Vi forskar om äldreomsorg i Västerbotten.");
    await page.locator(`${form} [name="description_sv"]`).fill("Rådet samlar forskare och utförare.\n\nVi delar det vi lär oss.");
    await page.locator(`${form} [name="offers_sv"]`).fill("Utvärderingar och seminarier.");
    await page.locator(`${form} select[name="sector"]`).selectOption(SECTOR);
    await page.locator(`${form} select[name="municipality"]`).selectOption("2480");
    await page.locator(`${form} input[name="regions"][value="${COUNTY}"]`).check();
    await page.locator(`${form} input[name="sdgs"][value="${SDG}"]`).check();
    await page.locator(`${form} input[name="target_groups"][value="${TARGET_GROUP}"]`).check();
    await page.locator(`${form} [name="website"]`).fill("https://almby-forskningsrad.example");
    // No field for the alliance membership: the alliance keeps it.
    assert.equal(await page.locator(`${form} [name="alliance_member"]`).count(), 0);
    const res = await submit(page, form);
    assert.equal(res.status(), 200);
    const m = new URL(page.url()).pathname.match(/^\/aktorer\/(\d+)$/);
    assert.ok(m, `not on a profile page: ${page.url()}`);
    actorId = Number(m[1]);
    assert.equal((await page.locator("h1").textContent()).trim(), NAME.sv);
    await expectBothLanguagesPass(t, page, `/aktorer/${actorId}`, "the new actor's profile");
  });

  it("the editor gives it its English texts through the English form", async (t) => {
    const page = await editorBrowser.newPage();
    await gotoSignedIn(page, `/aktorer/${actorId}/redigera?lang=en`, editor);
    assert.equal(await page.evaluate(() => document.documentElement.lang), "en");
    await expectNoSeriousViolations(t, page, "the edit form (en)");
    const form = `form[action="/aktorer/${actorId}/redigera"]`;
    assert.equal(await page.locator(`${form} [name="name_sv"]`).inputValue(), NAME.sv);
    assert.match(await page.locator("#alliance-membership").textContent(), /Not a member of the alliance\./);
    await page.locator(`${form} [name="name_en"]`).fill(NAME.en);
    await page.locator(`${form} [name="summary_en"]`).fill("We research elder care in Västerbotten.");
    await page.locator(`${form} [name="offers_en"]`).fill("Evaluations and seminars.");
    const res = await submit(page, form);
    assert.equal(res.status(), 200);
    assert.equal(new URL(page.url()).pathname, `/aktorer/${actorId}`);
    assert.equal((await page.locator("h1").textContent()).trim(), NAME.en);
    await expectBothLanguagesPass(t, page, `/aktorer/${actorId}/redigera`, "the edit form");
    const actor = (await request(server, `/api/v1/actors/${actorId}`)).json();
    assert.deepEqual(actor.name, NAME);
    assert.equal(actor.alliance_member, false);
  });

  it("a visitor finds it by a stemmed word: äldreomsorgen finds äldreomsorg", async (t) => {
    // The search index catches up after the commit; wait for it rather than race it.
    const deadline = Date.now() + 20_000;
    while (!(await request(server, "/api/v1/actors?q=%C3%A4ldreomsorgen&limit=100")).json().items.some((a) => a.id === actorId)) {
      assert.ok(Date.now() < deadline, "the API never found the actor by äldreomsorgen");
      await new Promise((r) => setTimeout(r, 200));
    }
    const page = await visitorBrowser.newPage();
    for (const lang of LANGS) {
      await page.goto(server.url(`/aktorer?lang=${lang}`), { waitUntil: "load" });
      await page.locator("#filter-q").fill("äldreomsorgen");
      await submit(page, 'form[role="search"]');
      assert.equal(new URL(page.url()).searchParams.get("q"), "äldreomsorgen");
      const link = page.locator(`section[aria-labelledby="results-heading"] a[href="/aktorer/${actorId}"]`);
      assert.equal(await link.count(), 1, `the search (${lang}) did not list the actor`);
      assert.equal((await link.textContent()).trim(), NAME[lang]);
      assert.equal(await resultsTotal(page), await apiTotal({ q: "äldreomsorgen" }));
      await expectNoSeriousViolations(t, page, `the directory searched for äldreomsorgen (${lang})`);
    }
  });

  it("a visitor narrows the directory with the facets and the counts hold", async (t) => {
    const page = await visitorBrowser.newPage();
    for (const lang of LANGS) {
      await page.goto(server.url(`/aktorer?lang=${lang}`), { waitUntil: "load" });
      // The new actor counts in its sector and goal.
      assert.equal(await facetCount(page, "sector", SECTOR), facetsBefore[lang].sector + 1);
      assert.equal(await facetCount(page, "sdg", SDG), facetsBefore[lang].sdg + 1);

      // Choose the sector: the total is what the choice said, and the API agrees.
      const sectorCount = await facetCount(page, "sector", SECTOR);
      await page.locator('form[role="search"] select[name="sector"]').selectOption(SECTOR);
      await submit(page, 'form[role="search"]');
      assert.equal(new URL(page.url()).searchParams.get("sector"), SECTOR);
      assert.equal(await resultsTotal(page), sectorCount);
      assert.equal(sectorCount, await apiTotal({ sector: SECTOR }));
      await expectNoSeriousViolations(t, page, `the directory by sector (${lang})`);

      // Then the county, the goal and the target group, each as its choice said.
      for (const [facet, value, query] of [
        ["county", COUNTY, { sector: SECTOR, county: COUNTY }],
        ["sdg", SDG, { sector: SECTOR, county: COUNTY, sdg: SDG }],
        ["target_group", TARGET_GROUP, { sector: SECTOR, county: COUNTY, sdg: SDG, target_group: TARGET_GROUP }],
      ]) {
        const count = await facetCount(page, facet, value);
        assert.ok(count >= 1, `${facet} ${value} counts ${count}`);
        await page.locator(`form[role="search"] select[name="${facet}"]`).selectOption(value);
        await submit(page, 'form[role="search"]');
        assert.equal(await resultsTotal(page), count, `after choosing ${facet} (${lang})`);
        assert.equal(count, await apiTotal(query), `the API's total for ${JSON.stringify(query)}`);
      }
      assert.equal(await page.locator(`section[aria-labelledby="results-heading"] a[href="/aktorer/${actorId}"]`).count(), 1);
      // Not a member (yet): the member facet says so.
      assert.equal(await facetCount(page, "member", "false"), await apiTotal({ sector: SECTOR, county: COUNTY, sdg: SDG, target_group: TARGET_GROUP, member: "false" }));
      await expectNoSeriousViolations(t, page, `the directory with four facets (${lang})`);
    }
  });

  it("a visitor finds it in the ecosystem map's table", async (t) => {
    const page = await visitorBrowser.newPage();
    await page.setViewportSize({ width: 1280, height: 900 });
    for (const lang of LANGS) {
      await page.goto(server.url(`/ekosystem?lang=${lang}`), { waitUntil: "load" });
      await expectNoSeriousViolations(t, page, `the ecosystem map (${lang})`);
      await page.locator('select[name="sector"]').selectOption(SECTOR);
      await page.locator('select[name="county"]').selectOption(COUNTY);
      await Promise.all([
        page.waitForURL(/county=24/),
        page.locator('form:has(select[name="county"]) button[type="submit"]').click(),
      ]);
      const row = page.locator("table.eco-table tbody tr", { hasText: NAME[lang] });
      assert.equal(await row.count(), 1, `the map's table (${lang}) does not list the actor`);
      assert.equal(await row.locator(`a[href="/aktorer/${actorId}"]`).count(), 1);
      await expectNoSeriousViolations(t, page, `the filtered ecosystem map (${lang})`);
    }
  });

  it("a representative applies to join the alliance, an admin approves, the dashboard moves", async (t) => {
    // The admin makes the applicant the actor's representative.
    const represent = await request(server, `/api/v1/users/${applicant.id}/actors`, {
      method: "PUT",
      headers: bearer(adminToken),
      body: { actors: [actorId] },
    });
    assert.equal(represent.status, 200, represent.text);

    const page = await applicantBrowser.newPage();
    await gotoSignedIn(page, "/allians/ansok?lang=sv", applicant);
    await expectNoSeriousViolations(t, page, "the application form (sv)");
    const form = 'form[action="/allians/ansok"]';
    await page.locator(`${form} select[name="actor_id"]`).selectOption(String(actorId));
    await page.locator(`${form} [name="motivation"]`).fill("Vi vill dela forskningen om äldreomsorg med fler.");
    await page.locator(`${form} input[name="commitments"][value="share_knowledge"]`).check();
    await page.locator(`${form} [name="contact_name"]`).fill("Rita Representant");
    await page.locator(`${form} [name="contact_email"]`).fill("rita@example.se");
    await submit(page, form);
    const applicationPath = new URL(page.url()).pathname;
    assert.match(applicationPath, /^\/allians\/ansokningar\/\d+$/);
    await expectBothLanguagesPass(t, page, applicationPath, "the application as its sender sees it");
    await expectBothLanguagesPass(t, page, "/allians/ansok", "the application form with one sent");

    const reviewer = await adminBrowser.newPage();
    await gotoSignedIn(reviewer, "/admin/allians?lang=en", admin);
    await expectBothLanguagesPass(t, reviewer, "/admin/allians", "the review page");
    await reviewer.goto(server.url(`${applicationPath}?lang=en`), { waitUntil: "load" });
    await expectNoSeriousViolations(t, reviewer, "the application with its decision forms (en)");
    await submit(reviewer, `form[action="${applicationPath}/godkann"]`);
    assert.equal(new URL(reviewer.url()).pathname, applicationPath);
    await expectBothLanguagesPass(t, reviewer, applicationPath, "the approved application");

    for (const lang of LANGS) {
      const after = await dashboard(reviewer, lang);
      const before = dashboardBefore[lang];
      assert.equal(after.members, before.members + 1, `members in total (${lang})`);
      assert.equal(after.sector, before.sector + 1, `members in ${SECTOR_NAME[lang]} (${lang})`);
      assert.equal(after.newThisYear, before.newThisYear + 1, `new members this year (${lang})`);
      await reviewer.waitForSelector('[data-chart="alliance-chart-data"][data-chart-ready="true"]', { timeout: 10_000 });
      await expectNoSeriousViolations(t, reviewer, `the dashboard after the approval (${lang})`);
    }
    await expectBothLanguagesPass(t, reviewer, "/allians/medlemmar", "the member list");
    assert.equal(await reviewer.locator(`#member-table a[href="/aktorer/${actorId}"]`).count(), 1);

    // The registry has it from the alliance: the profile, the member facet and the edit form.
    const actor = (await request(server, `/api/v1/actors/${actorId}`)).json();
    assert.equal(actor.alliance_member, true);
    const editorPage = await editorBrowser.newPage();
    await editorPage.goto(server.url(`/aktorer/${actorId}/redigera?lang=sv`), { waitUntil: "load" });
    assert.match(await editorPage.locator("#alliance-membership").textContent(), new RegExp(`Medlem i alliansen sedan ${actor.member_since}`));
    await expectBothLanguagesPass(t, editorPage, `/aktorer/${actorId}/redigera`, "the edit form of a member");
    const visitor = await visitorBrowser.newPage();
    await visitor.goto(server.url(`/aktorer?member=true&sector=${SECTOR}&lang=sv`), { waitUntil: "load" });
    assert.equal(await visitor.locator(`section[aria-labelledby="results-heading"] a[href="/aktorer/${actorId}"]`).count(), 1);
    assert.equal(await resultsTotal(visitor), await apiTotal({ member: "true", sector: SECTOR }));
  });
});
