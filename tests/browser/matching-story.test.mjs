// The whole matching story in the browser: a representative of a municipality (an alliance
// member) posts a need in the form, sees ranked offers with reasons and requests contact on
// one from a social enterprise; the social enterprise's representative signs in, finds the
// request under "My matches" and answers it; an agreement is recorded (collaboration form,
// value, dates); the matching dashboard then shows it: needs, suggestions, contacts,
// agreements, their value and the alliance members who became customers of social
// enterprises all move. Every page passes axe (no serious or critical violations) in Swedish
// and English.

import assert from "node:assert/strict";
import { after, before, describe, it } from "node:test";

import { request } from "../http/client.mjs";
import { createStorage, runCli, runCliInput, startServer } from "../http/server.mjs";
import { expectNoSeriousViolations, launchBrowser } from "./browser.mjs";

const FAST_HASH = { SAMVERKAN_FAST_HASH: "1" };
const PASSWORD = "korrekt häst batteri 42";
const stamp = Date.now().toString(36);
const VALUE = 375000;

let storage;
let server;
let browser;
let token;
let owner;
let supplier;
let city;

async function addUser(role, name) {
  const email = `${name}-story-${stamp}@example.se`;
  const { stdout } = await runCliInput(["user", "add", ...storage.args(), "--email", email, "--role", role], `${PASSWORD}\n`, {
    env: FAST_HASH,
  });
  return { id: Number(stdout.match(/added user (\d+)/)[1]), email };
}

async function actorByExternalId(externalId) {
  const res = await request(server, `/api/v1/actors?external_id=${encodeURIComponent(externalId)}`);
  assert.equal(res.status, 200, res.text);
  return res.json().items[0];
}

async function represent(user, actor) {
  const set = await request(server, `/api/v1/users/${user.id}/actors`, {
    method: "PUT",
    headers: { Authorization: `Bearer ${token}` },
    body: { actors: [actor.id] },
  });
  assert.equal(set.status, 200, set.text);
}

async function dashboard(query = "") {
  const res = await request(server, `/api/v1/matching/dashboard${query}`);
  assert.equal(res.status, 200, res.text);
  return res.json();
}

before(async () => {
  storage = await createStorage();
  server = await startServer({ storage, env: FAST_HASH });
  const admin = await addUser("admin", "admin");
  owner = await addUser("representative", "owner");
  supplier = await addUser("representative", "supplier");
  const { stdout } = await runCli(["token", "create", ...storage.args(), "--email", admin.email, "--scope", "admin"]);
  token = stdout.trim();
  // Göteborgs Stad in the demo data: a municipality and an alliance member since 2023.
  city = await actorByExternalId("demo-actor-003");
  assert.equal(city.sector, "public");
  await represent(owner, city);
  browser = await launchBrowser();
});

after(async () => {
  if (browser) await browser.close();
  if (server) await server.dispose();
  if (storage) await storage.dispose();
});

// Axe as everywhere, and no console errors or failed requests on the page either.
async function expectCleanPage(t, page, what) {
  await expectNoSeriousViolations(t, page, what);
  assert.deepEqual(page.takeProblems(), [], `${what}: problems on the page`);
}

// Checks the page in the other language too, and comes back to where it was.
async function expectAccessibleInBoth(t, page, what) {
  const here = new URL(page.url());
  for (const lang of ["sv", "en"]) {
    here.searchParams.set("lang", lang);
    const res = await page.goto(here.toString());
    assert.equal(res.status(), 200, `${what} (${lang})`);
    await expectCleanPage(t, page, `${what} (${lang})`);
  }
  here.searchParams.set("lang", "sv");
  await page.goto(here.toString());
}

async function submitForm(page, form) {
  const [response] = await Promise.all([
    page.waitForNavigation({ waitUntil: "load" }),
    page.locator(`${form} [type="submit"]`).click(),
  ]);
  return response;
}

async function clickAndWait(page, locator) {
  const [response] = await Promise.all([page.waitForNavigation({ waitUntil: "load" }), locator.click()]);
  return response;
}

async function signIn(page, user) {
  await page.locator('form[action="/logga-in"] [name="email"]').fill(user.email);
  await page.locator('form[action="/logga-in"] [name="password"]').fill(PASSWORD);
  return submitForm(page, 'form[action="/logga-in"]');
}

function figureText(page, id) {
  return page.locator(`#figure-${id} dd`).innerText();
}

// "375 000 kr" with no-break spaces, as the Swedish page writes it.
function kronor(n) {
  return `${n.toLocaleString("sv-SE").replace(/\s/g, "\u00a0")}\u00a0kr`;
}

describe("from a need to an agreement, and the dashboard that counts it", () => {
  let baseline;
  let needPath;
  let casePath;
  let offerActor;

  it("shows the dashboard, with its charts' tables, without serious violations", async (t) => {
    baseline = await dashboard();
    const page = await browser.newPage();
    try {
      for (const lang of ["sv", "en"]) {
        const res = await page.goto(server.url(`/matchningar/oversikt?lang=${lang}`));
        assert.equal(res.status(), 200);
        assert.equal(await page.locator("h1").innerText(), lang === "sv" ? "Översikt över matchningar" : "Matching dashboard");
        assert.ok(await page.locator("#period-table tbody tr").count() >= 1);
        assert.ok((await page.locator("figure.chart figcaption").count()) === 2, "each chart is described in words");
        await expectCleanPage(t, page, `dashboard (${lang})`);
      }
      // A period the page cannot read comes back with an error summary and changes nothing.
      const bad = await page.goto(server.url("/matchningar/oversikt?lang=en&period=week&from=2026-13"));
      assert.equal(bad.status(), 422);
      assert.ok(await page.locator(".error-summary").isVisible());
      assert.match(await page.locator(".error-summary").innerText(), /year, quarter or month/);
      await expectCleanPage(t, page, "dashboard with errors (en)");
    } finally {
      await page.close();
    }
  });

  it("the need owner posts a need, sees ranked offers with reasons and requests contact", async (t) => {
    const page = await browser.newPage();
    try {
      await page.goto(server.url("/behov/ny?lang=sv"));
      assert.equal(new URL(page.url()).pathname, "/logga-in");
      await signIn(page, owner);
      assert.equal(new URL(page.url()).pathname, "/behov/ny");
      const FORM = 'form[action="/behov/ny"]';
      await page.locator(`${FORM} [name="title"]`).fill(`Måltidsgemenskap för äldre i Göteborg ${stamp}`);
      await page.locator(`${FORM} [name="description"]`).fill(
        "Staden söker ett socialt företag som kan bryta ofrivillig ensamhet hos äldre som bor hemma, genom gemensamma måltider, besök och samtal.",
      );
      await page.locator(`${FORM} [name="where"]`).selectOption("municipality:1480");
      for (const value of ["3", "10"]) await page.locator(`${FORM} input[name="sdgs"][value="${value}"]`).check();
      await page.locator(`${FORM} input[name="target_groups"][value="elderly"]`).check();
      await page.locator(`${FORM} input[name="collaboration_forms"][value="iop"]`).check();
      await page.locator(`${FORM} [name="money_max"]`).fill("500000");
      const saved = await submitForm(page, FORM);
      assert.equal(saved.status(), 200);
      needPath = new URL(page.url()).pathname;
      assert.match(needPath, /^\/behov\/\d+$/);

      const matches = page.locator("ol.matches > li");
      assert.ok((await matches.count()) > 0, "offers are ranked for the new need");
      const reasons = await matches.first().locator("ul.reasons li").allInnerTexts();
      assert.ok(reasons.length > 0, "the best offer has reasons");
      await expectAccessibleInBoth(t, page, "need page with matches");

      // The best-ranked offer from a social enterprise.
      const ranked = (await request(server, `/api/v1/needs/${needPath.split("/").pop()}/matches?limit=10`)).json().items;
      let chosen;
      for (const m of ranked) {
        const actor = await actorByExternalId(m.actor);
        if (actor && actor.social_enterprise) {
          chosen = m;
          offerActor = actor;
          break;
        }
      }
      assert.ok(chosen, "a social enterprise's offer is among the ten best");
      const item = matches.filter({ has: page.locator(`a[href="/erbjudanden/${chosen.id}"]`) });
      assert.equal(await item.count(), 1, "the chosen offer is listed on the page");
      const requested = await clickAndWait(page, item.locator('form[action="/matchningar"] [type="submit"]'));
      assert.equal(requested.status(), 200);
      casePath = new URL(page.url()).pathname;
      assert.match(casePath, /^\/matchningar\/\d+$/);
      assert.equal(await page.locator("#case-state").getAttribute("data-state"), "contact_requested");
      await expectAccessibleInBoth(t, page, "case page after the request");
    } finally {
      await page.close();
    }
  });

  it("the social enterprise's representative sees the request and answers it", async (t) => {
    assert.ok(casePath, "the request was made");
    await represent(supplier, offerActor);
    await browser.context.clearCookies();
    const page = await browser.newPage();
    try {
      await page.goto(server.url("/matchningar?lang=sv"));
      assert.equal(new URL(page.url()).pathname, "/logga-in");
      await signIn(page, supplier);
      assert.equal(new URL(page.url()).pathname, "/matchningar");
      const row = page.locator(`#cases-table a[href="${casePath}"]`);
      assert.equal(await row.count(), 1, "the request is listed under My matches");
      await expectAccessibleInBoth(t, page, "my matches");

      await clickAndWait(page, row);
      assert.equal(new URL(page.url()).pathname, casePath);
      const accept = `form[action="${casePath}/steg"]:has(input[name="to_state"][value="in_dialogue"])`;
      await page.locator(`${accept} textarea[name="note"]`).fill("Vi ordnar gärna måltider två gånger i veckan. Ska vi ses nästa vecka?");
      const answered = await submitForm(page, accept);
      assert.equal(answered.status(), 200);
      assert.equal(await page.locator("#case-state").getAttribute("data-state"), "in_dialogue");
      await expectAccessibleInBoth(t, page, "case page in dialogue");

      // The agreement: an empty value comes back with the error beside the field.
      const AGREE = `form[action="${casePath}/avtal"]`;
      await page.locator(`${AGREE} [name="collaboration_form"]`).selectOption("iop");
      await page.locator(`${AGREE} [name="starts_on"]`).fill("2027-01-01");
      const refused = await submitForm(page, `${AGREE}`);
      assert.equal(refused.status(), 422);
      assert.ok(await page.locator(".error-summary").isVisible());
      await expectCleanPage(t, page, "agreement form with errors (sv)");
      assert.equal((await dashboard()).total.agreements, baseline.total.agreements, "a refused agreement changes nothing");

      await page.locator(`${AGREE} [name="collaboration_form"]`).selectOption("iop");
      await page.locator(`${AGREE} [name="value_sek"]`).fill("375 000");
      await page.locator(`${AGREE} [name="starts_on"]`).fill("2027-01-01");
      await page.locator(`${AGREE} [name="ends_on"]`).fill("2027-12-31");
      const recorded = await submitForm(page, AGREE);
      assert.equal(recorded.status(), 200);
      assert.equal(await page.locator("#case-state").getAttribute("data-state"), "agreement");
      assert.match(await page.locator("#agreement-heading + dl").innerText(), /375/);
      await expectAccessibleInBoth(t, page, "case page with the agreement");
    } finally {
      await page.close();
    }
  });

  it("the dashboard counts the need, the suggestion, the contact and the agreement", async (t) => {
    assert.ok(casePath, "the story got as far as the agreement");
    const now = await dashboard();
    assert.equal(now.total.needs, baseline.total.needs + 1);
    assert.ok(now.total.suggestions >= baseline.total.suggestions + 1, "the pair is a suggestion");
    assert.equal(now.total.contacts, baseline.total.contacts + 1);
    assert.equal(now.total.agreements, baseline.total.agreements + 1);
    assert.equal(now.total.value_sek, baseline.total.value_sek + VALUE);
    assert.equal(now.total.alliance_customer_agreements, baseline.total.alliance_customer_agreements + 1);
    assert.ok(now.total.alliance_customers >= 1);
    // Göteborg: Västra Götalands län (14), the public sector.
    const county = now.counties.find((c) => c.county === "14");
    const baselineCounty = baseline.counties.find((c) => c.county === "14");
    assert.equal(county.figures.value_sek, baselineCounty.figures.value_sek + VALUE);
    const sector = now.sectors.find((s) => s.sector === "public");
    assert.equal(sector.figures.agreements, baseline.sectors.find((s) => s.sector === "public").figures.agreements + 1);
    // Filtered to another county, the agreement is not there.
    const elsewhere = await dashboard("?county=24");
    assert.equal(elsewhere.total.value_sek, now.counties.find((c) => c.county === "24").figures.value_sek);
    assert.ok(now.total.value_sek - elsewhere.total.value_sek >= VALUE);

    const page = await browser.newPage();
    try {
      const year = new Date().getUTCFullYear();
      const month = `${year}-${String(new Date().getUTCMonth() + 1).padStart(2, "0")}`;
      const res = await page.goto(server.url(`/matchningar/oversikt?lang=sv&period=month&from=${month}&to=${month}&county=14`));
      assert.equal(res.status(), 200);
      const filtered = await dashboard(`?period=month&from=${month}&to=${month}&county=14`);
      assert.ok(filtered.total.agreements >= 1 && filtered.total.contacts >= 1 && filtered.total.needs >= 1);
      assert.equal(await figureText(page, "agreements"), String(filtered.total.agreements));
      assert.equal(await figureText(page, "value"), kronor(filtered.total.value_sek));
      assert.equal(await page.locator("#period-table tbody tr").count(), 1);
      assert.match(await page.locator("#period-table tbody tr th").innerText(), new RegExp(month));
      assert.match(await page.locator("#county-table").innerText(), /Västra Götalands län/);
      await expectCleanPage(t, page, "filtered dashboard (sv)");

      await page.goto(server.url(`/matchningar/oversikt?lang=en&period=quarter`));
      assert.equal(await figureText(page, "agreements"), String(now.total.agreements));
      assert.equal(await figureText(page, "value"), `SEK ${now.total.value_sek.toLocaleString("en-GB")}`);
      assert.match(await page.locator("#dashboard-summary").innerText(), /agreements worth/);
      await expectCleanPage(t, page, "dashboard by quarter (en)");
    } finally {
      await page.close();
    }
  });
});
