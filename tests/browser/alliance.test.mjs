// The alliance as people use it, in Swedish and in English: a representative signs in (sent
// there by the application form), sends an empty form and gets an error summary, applies for
// their organisation and sees it waiting; an admin finds it among the applications, approves
// it, and the goal dashboard moves (the member figure and the table of years count one more).
// Every page passes axe (no serious or critical violations).

import assert from "node:assert/strict";
import { after, before, describe, it } from "node:test";

import { request } from "../http/client.mjs";
import { startServer } from "../http/server.mjs";
import { FAST_HASH, PASSWORD, addUser, bearer, createToken } from "../http/accounts-helpers.mjs";
import { expectNoSeriousViolations, launchBrowser } from "./browser.mjs";

let server;
let admin;
const organisations = {}; // lang -> { id, name, representative }

before(async () => {
  server = await startServer({ env: FAST_HASH });
  admin = await addUser(server.storage, { roles: ["admin"], name: "Ada Admin" });
  const token = await createToken(server.storage, admin.email, ["read", "write", "admin"]);
  for (const [lang, externalId] of [["sv", "demo-actor-013"], ["en", "demo-actor-014"]]) {
    const actor = (await request(server, `/api/v1/actors?external_id=${externalId}`)).json().items[0];
    const representative = await addUser(server.storage, { roles: ["representative"], name: `Rita ${lang}` });
    const res = await request(server, `/api/v1/users/${representative.id}/actors`, {
      method: "PUT",
      headers: bearer(token),
      body: { actors: [actor.id] },
    });
    assert.equal(res.status, 200, res.text);
    organisations[lang] = { id: actor.id, name: actor.name, representative };
  }
});

after(async () => {
  if (server) await server.dispose();
});

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

// The dashboard's member figure and the last row (this year) of the table of years.
async function dashboardFigures(page, lang) {
  await page.goto(server.url(`/allians?lang=${lang}`));
  const members = Number(await page.locator("#alliance-figures dd").first().textContent());
  const lastYear = page.locator("#years-table tbody tr").last();
  const year = Number(await lastYear.locator("th").textContent());
  const yearMembers = Number(await lastYear.locator("td").first().textContent());
  return { members, year, yearMembers };
}

const TEXT = {
  sv: { waiting: "Väntar på beslut", approved: "Godkänd", fix: "Rätta följande" },
  en: { waiting: "Waiting for a decision", approved: "Approved", fix: "Please correct the following" },
};

describe("applying to the alliance and approving", () => {
  for (const lang of ["sv", "en"]) {
    it(`a representative applies, an admin approves, the dashboard moves (${lang})`, async (t) => {
      const org = organisations[lang];
      // One browser (and so one set of cookies) per person.
      const applicantBrowser = await launchBrowser();
      const reviewerBrowser = await launchBrowser();
      const applicant = await applicantBrowser.newPage();
      const reviewer = await reviewerBrowser.newPage();
      try {
        const before = await dashboardFigures(reviewer, lang);
        assert.equal(await reviewer.evaluate(() => document.documentElement.lang), lang);
        await expectNoSeriousViolations(t, reviewer, `the dashboard (${lang})`);

        // The applicant: sent to sign in, and back to the form.
        await applicant.goto(server.url(`/allians/ansok?lang=${lang}`));
        assert.equal(new URL(applicant.url()).pathname, "/logga-in");
        await signIn(applicant, org.representative);
        assert.equal(new URL(applicant.url()).pathname, "/allians/ansok");
        await expectNoSeriousViolations(t, applicant, `the application form (${lang})`);
        const form = 'form[action="/allians/ansok"]';
        await applicant.locator(`${form} [name="contact_name"]`).fill("");
        const failed = await submit(applicant, form);
        assert.equal(failed.status(), 422);
        assert.match(await applicant.locator(".error-summary h2").textContent(), new RegExp(TEXT[lang].fix));
        await expectNoSeriousViolations(t, applicant, `the application form with errors (${lang})`);

        await applicant.locator(`${form} select[name="actor_id"]`).selectOption(String(org.id));
        await applicant.locator(`${form} [name="motivation"]`).fill(lang === "sv" ? "Vi vill dela kunskap." : "We want to share knowledge.");
        await applicant.locator(`${form} input[name="commitments"][value="share_knowledge"]`).check();
        await applicant.locator(`${form} [name="contact_name"]`).fill("Rita Representant");
        await applicant.locator(`${form} [name="contact_email"]`).fill("rita@example.se");
        await submit(applicant, form);
        assert.match(new URL(applicant.url()).pathname, /^\/allians\/ansokningar\/\d+$/);
        const applicationPath = new URL(applicant.url()).pathname;
        assert.equal((await applicant.locator("#application-status").textContent()).trim(), TEXT[lang].waiting);
        await expectNoSeriousViolations(t, applicant, `the application (${lang})`);

        // The admin: the review page lists it; approving starts the membership today.
        await reviewer.goto(server.url(`/admin/allians?lang=${lang}`));
        if (new URL(reviewer.url()).pathname === "/logga-in") await signIn(reviewer, admin);
        assert.equal(new URL(reviewer.url()).pathname, "/admin/allians");
        await expectNoSeriousViolations(t, reviewer, `the review page (${lang})`);
        const link = reviewer.locator(`#pending-table a[href="${applicationPath}"]`);
        assert.equal(await link.count(), 1, "the application is not among those waiting");
        await Promise.all([reviewer.waitForNavigation({ waitUntil: "load" }), link.click()]);
        await expectNoSeriousViolations(t, reviewer, `the application with its decision forms (${lang})`);
        await submit(reviewer, `form[action="${applicationPath}/godkann"]`);
        assert.equal((await reviewer.locator("#application-status").textContent()).trim(), TEXT[lang].approved);

        const after = await dashboardFigures(reviewer, lang);
        assert.equal(after.members, before.members + 1, "the member figure did not move");
        assert.equal(after.year, before.year);
        assert.equal(after.yearMembers, before.yearMembers + 1, "the table of years did not move");
        await reviewer.waitForSelector('[data-chart="alliance-chart-data"][data-chart-ready="true"]', { timeout: 10_000 });
        await expectNoSeriousViolations(t, reviewer, `the dashboard after approval, chart drawn (${lang})`);

        // The member list and the applicant's page show it.
        await reviewer.goto(server.url(`/allians/medlemmar?lang=${lang}`));
        assert.equal(await reviewer.locator(`#member-table a[href="/aktorer/${org.id}"]`).count(), 1);
        await expectNoSeriousViolations(t, reviewer, `the member list (${lang})`);
        await applicant.reload();
        assert.equal((await applicant.locator("#application-status").textContent()).trim(), TEXT[lang].approved);

        await reviewer.goto(server.url(`/admin/allians/mal?lang=${lang}`));
        await expectNoSeriousViolations(t, reviewer, `the goals form (${lang})`);
      } finally {
        await applicantBrowser.close();
        await reviewerBrowser.close();
      }
    });
  }
});
