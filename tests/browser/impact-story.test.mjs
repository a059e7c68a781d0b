// A social enterprise's impact work as its representative does it in the browser: sign in,
// create an initiative, build its logic model with the forms (the diagnosis changes as the
// chain grows), follow indicators from the shared library, report values, build the SROI map
// with the guides beside the fields, and read the impact report in Swedish and in English with
// its charts and their tables. Every page without serious or critical axe-core violations.

import assert from "node:assert/strict";
import { after, before, describe, it } from "node:test";

import { request } from "../http/client.mjs";
import { startServer } from "../http/server.mjs";
import { FAST_HASH, PASSWORD, addUser, bearer, createToken } from "../http/accounts-helpers.mjs";
import { classifyViolations, describeViolations, launchBrowser, runAxe } from "./browser.mjs";

let server;
let browser;
let page;
let representative;

before(async () => {
  server = await startServer({ env: FAST_HASH });
  const admin = await addUser(server.storage, { roles: ["admin"] });
  const adminToken = await createToken(server.storage, admin.email, ["read", "write", "admin"]);
  const actors = await request(server, "/api/v1/actors?external_id=demo-actor-033");
  const [actor] = actors.json().items;
  representative = await addUser(server.storage, { roles: ["representative"], name: "Vera Väverska" });
  const res = await request(server, `/api/v1/users/${representative.id}/actors`, {
    method: "PUT",
    headers: bearer(adminToken),
    body: { actors: [actor.id] },
  });
  assert.equal(res.status, 200, res.text);
  browser = await launchBrowser();
  page = await browser.newPage();
});

after(async () => {
  if (browser) await browser.close();
  if (server) await server.dispose();
});

async function assertAxe(t, what) {
  const { blocking, other } = classifyViolations(await runAxe(page));
  if (other.length) t.diagnostic(`axe (moderate/minor) on ${what}:\n${describeViolations(other)}`);
  assert.equal(blocking.length, 0, `axe found serious or critical violations on ${what}:\n${describeViolations(blocking)}`);
}

// Submits the form and waits for the page that answers.
async function submit(form) {
  const [response] = await Promise.all([
    page.waitForNavigation({ waitUntil: "load" }),
    page.locator(`${form} [type="submit"]`).first().click(),
  ]);
  return response;
}

let base = "";

describe("a social enterprise reports its impact", () => {
  it("signs in from the new-initiative form and creates the initiative", async (t) => {
    await page.goto(server.url("/effekt/initiativ/ny?lang=sv"));
    assert.equal(new URL(page.url()).pathname, "/logga-in");
    await page.locator('form[action="/logga-in"] [name="email"]').fill(representative.email);
    await page.locator('form[action="/logga-in"] [name="password"]').fill(PASSWORD);
    await submit('form[action="/logga-in"]');
    assert.equal(new URL(page.url()).pathname, "/effekt/initiativ/ny");
    await assertAxe(t, "the new-initiative form");
    // The organisation is the one the person represents.
    assert.match(await page.locator("#field-actor option:checked").textContent(), /Linvävan/);
    const form = 'form[action="/effekt/initiativ/ny"]';
    await page.locator("#field-name_sv").fill("Vävstugan");
    await page.locator("#field-name_en").fill("The Weaving Room");
    await page.locator("#field-summary_sv").fill("Kvinnor långt från arbetsmarknaden väver textilier av återvunnet material.");
    await page.locator("#field-summary_en").fill("Women far from the labour market weave textiles from recycled material.");
    const response = await submit(form);
    assert.equal(response.status(), 200);
    const m = new URL(page.url()).pathname.match(/^(\/effekt\/initiativ\/\d+)\/modell$/);
    assert.ok(m, `not on the model page: ${page.url()}`);
    base = m[1];
  });

  it("follows indicators from the library and reports values", async (t) => {
    await page.goto(server.url(`${base}/indikatorer`));
    await assertAxe(t, "the indicators page");
    const pick = 'form:has(input[name="action"][value="pick"])';
    for (const [indicator, baseline, target] of [["textiles-reused", "0", "4"], ["participants-in-work", "0", "6"]]) {
      await page.locator(`${pick} select[name="indicator"]`).selectOption(indicator);
      await page.locator(`${pick} [name="baseline"]`).fill(baseline);
      await page.locator(`${pick} [name="baseline_period"]`).fill("2024");
      await page.locator(`${pick} [name="target"]`).fill(target);
      await page.locator(`${pick} [name="target_period"]`).fill("2026");
      await submit(pick);
    }
    const report = 'form:has(input[name="action"][value="report"])';
    // A wrong period comes back with an error summary.
    await page.locator(`${report} select[name="indicator"]`).selectOption("textiles-reused");
    await page.locator(`${report} [name="period"]`).fill("i fjol");
    await page.locator(`${report} [name="value"]`).fill("1,5");
    const refused = await submit(report);
    assert.equal(refused.status(), 422);
    assert.equal(await page.locator(".error-summary").count(), 1);
    await assertAxe(t, "the indicators page with an error");
    for (const [indicator, period, value] of [["textiles-reused", "2025", "2,5"], ["participants-in-work", "2025", "3"]]) {
      await page.locator(`${report} select[name="indicator"]`).selectOption(indicator);
      await page.locator(`${report} [name="period"]`).fill(period);
      await page.locator(`${report} [name="value"]`).fill(value);
      await submit(report);
    }
    const table = await page.locator("#foljda table").textContent();
    assert.match(table, /2025: 2,5/);
    assert.match(table, /2025: 3/);
  });

  it("builds the logic model and sees the diagnosis change", async (t) => {
    await page.goto(server.url(`${base}/modell`));
    await assertAxe(t, "the empty logic model page");
    const add = 'form:has(input[name="action"][value="add-element"])';
    const elements = [
      ["input", "Vävstolar och handledare", ""],
      ["activity", "Vävning i grupp", ""],
      ["output", "Vävda mattor", ""],
      ["short_term_outcome", "Mindre textilavfall", "textiles-reused"],
      ["intermediate_outcome", "Deltagarna får arbete", "participants-in-work"],
    ];
    for (const [level, title, indicator] of elements) {
      await page.locator(`${add} select[name="level"]`).selectOption(level);
      await page.locator(`${add} [name="title_sv"]`).fill(title);
      if (indicator) await page.locator(`${add} select[name="indicator"]`).selectOption(indicator);
      await submit(add);
      if (level === "output") {
        assert.equal(await page.locator('[data-code="stops-at-outputs"]').count(), 1, "a model ending at outputs is flagged");
      }
    }
    assert.equal(await page.locator('[data-code="stops-at-outputs"]').count(), 0);
    // The guide links sit next to the fields they explain.
    assert.ok(await page.locator('#hint-assumption a[href="/effekt/guider/forandringsteori#antaganden"]').isVisible());
    const link = 'form:has(input[name="action"][value="add-link"])';
    for (const [from, to] of [["e1", "e2"], ["e2", "e3"], ["e3", "e4"], ["e4", "e5"]]) {
      await page.locator(`${link} select[name="from"]`).selectOption(from);
      await page.locator(`${link} select[name="to"]`).selectOption(to);
      await page.locator(`${link} [name="assumption_sv"]`).fill("Deltagarna kommer regelbundet");
      await page.locator(`${link} select[name="evidence_level"]`).selectOption("2");
      await page.locator(`${link} [name="evidence_sv"]`).fill("Närvarolistor 2024");
      await submit(link);
    }
    await assertAxe(t, "the logic model page");
    await page.goto(server.url(base));
    const text = await page.locator("main").textContent();
    assert.match(text, /Vävning i grupp/);
    assert.match(text, /Deltagarna kommer regelbundet/);
    assert.equal(await page.locator('[data-code="no-impact"]').count(), 1, "no impact yet is remarked");
    await assertAxe(t, "the initiative page");
  });

  it("builds the SROI map with the guides beside the fields", async (t) => {
    await page.goto(server.url(`${base}/sroi`));
    await assertAxe(t, "the SROI map form");
    // Each estimate links to its guide.
    assert.ok(await page.locator('#calculator a[href^="/effekt/guider/dodvikt"]').first().isVisible());
    assert.ok(await page.locator('#calculator a[href^="/effekt/guider/finansiella-proxyer"]').first().isVisible());
    await page.locator("#proxy-library summary").click();
    assert.ok(await page.locator("#proxy-library table").isVisible());
    const fill = async (name, value) => page.locator(`#calculator [name="${name}"]`).fill(value);
    await fill("inputs[0].value", "300 000");
    await fill("outcomes[0].stakeholder", "Deltagare");
    await fill("outcomes[0].outcome", "I arbete");
    await fill("outcomes[0].quantity", "3");
    await fill("outcomes[0].proxy", "110 000");
    await fill("outcomes[0].deadweight", "20");
    await fill("outcomes[0].attribution", "25");
    await fill("outcomes[0].duration", "3");
    await fill("outcomes[1].stakeholder", "Miljön");
    await fill("outcomes[1].outcome", "Mindre textilavfall");
    await fill("outcomes[1].quantity", "2,5");
    await fill("outcomes[1].proxy", "20 000");
    await fill("outcomes[1].duration", "1");
    const response = await submit("#calculator");
    assert.equal(response.status(), 200);
    assert.ok(await page.locator('.notice[role="status"]').isVisible());
    await assertAxe(t, "the saved SROI map");
  });

  for (const lang of ["sv", "en"]) {
    it(`reads the impact report with charts and tables (${lang})`, async (t) => {
      await page.goto(server.url(`${base}/rapport?lang=${lang}`));
      assert.equal(await page.evaluate(() => document.documentElement.lang), lang);
      const h1 = (await page.locator("h1").textContent()).trim();
      assert.equal(h1, lang === "sv" ? "Effektrapport: Vävstugan" : "Impact report: The Weaving Room");
      // Each chart is drawn, labelled, and has a table with the same figures.
      for (const id of ["stakeholder-chart-data", "year-chart-data", "sensitivity-chart-data"]) {
        const area = page.locator(`[data-chart="${id}"]`);
        await area.locator("canvas").waitFor({ timeout: 10000 });
        assert.ok((await area.locator("canvas").getAttribute("aria-label")).length > 0);
      }
      const stakeholders = await page.locator("table", { hasText: lang === "sv" ? "Nuvärde per intressent" : "Present value per stakeholder" }).textContent();
      assert.match(stakeholders, /Deltagare/);
      assert.match(stakeholders, /Miljön/);
      const indicators = await page.locator("main").textContent();
      assert.match(indicators, /2025: 2[,.]5/);
      await assertAxe(t, `the impact report (${lang})`);
    });
  }

  it("has a printable view and a CSV download", async (t) => {
    await page.goto(server.url(`${base}/rapport?lang=en`));
    await page.locator('a:has-text("Printable version")').click();
    await page.waitForLoadState("load");
    assert.equal(new URL(page.url()).searchParams.get("utskrift"), "1");
    assert.equal(await page.locator(".impact-report--print").count(), 1);
    await page.emulateMedia({ media: "print" });
    assert.equal(await page.locator(".site-nav").first().isVisible(), false, "navigation is left out of the print");
    await page.emulateMedia({ media: "screen" });
    await assertAxe(t, "the printable report");
    const csv = await request(server, `${base}/rapport?format=csv&lang=sv`);
    assert.equal(csv.status, 200);
    assert.match(csv.text, /Återanvända textilier,2025,2\.5,tonnes/);
  });
});
