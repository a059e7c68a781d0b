// Matching as a need owner does it: a representative of a municipality signs in (sent there
// by the form), posts a need in the form, and sees the ranked offers with their reasons on
// the need's page, in Swedish and in English; an empty form comes back with an error summary.
// The list, the form and the need's page pass axe (no serious or critical violations) in both
// languages.

import assert from "node:assert/strict";
import { after, before, describe, it } from "node:test";

import { request } from "../http/client.mjs";
import { createStorage, runCli, runCliInput, startServer } from "../http/server.mjs";
import { expectNoSeriousViolations, launchBrowser } from "./browser.mjs";

const FAST_HASH = { SAMVERKAN_FAST_HASH: "1" };
const PASSWORD = "korrekt häst batteri 42";
const stamp = Date.now().toString(36);

let storage;
let server;
let browser;
let owner;

async function addUser(role) {
  const email = `${role}-match-${stamp}@example.se`;
  const { stdout } = await runCliInput(["user", "add", ...storage.args(), "--email", email, "--role", role], `${PASSWORD}\n`, {
    env: FAST_HASH,
  });
  return { id: Number(stdout.match(/added user (\d+)/)[1]), email };
}

before(async () => {
  storage = await createStorage();
  server = await startServer({ storage, env: FAST_HASH });
  const admin = await addUser("admin");
  owner = await addUser("representative");
  const { stdout } = await runCli(["token", "create", ...storage.args(), "--email", admin.email, "--scope", "admin"]);
  const token = stdout.trim();
  const actors = await request(server, "/api/v1/actors?external_id=demo-actor-003");
  const [city] = actors.json().items;
  const set = await request(server, `/api/v1/users/${owner.id}/actors`, {
    method: "PUT",
    headers: { Authorization: `Bearer ${token}` },
    body: { actors: [city.id] },
  });
  assert.equal(set.status, 200, set.text);
  browser = await launchBrowser();
});

after(async () => {
  if (browser) await browser.close();
  if (server) await server.dispose();
  if (storage) await storage.dispose();
});

async function submit(page, form) {
  const [response] = await Promise.all([
    page.waitForNavigation({ waitUntil: "load" }),
    page.locator(`${form} [type="submit"]`).click(),
  ]);
  return response;
}

async function signIn(page, user) {
  await page.locator('form[action="/logga-in"] [name="email"]').fill(user.email);
  await page.locator('form[action="/logga-in"] [name="password"]').fill(PASSWORD);
  return submit(page, 'form[action="/logga-in"]');
}

const FORM = 'form[action="/behov/ny"]';

describe("a need owner posts a need and sees ranked offers", () => {
  it("lists needs and offers without serious violations", async (t) => {
    const page = await browser.newPage();
    try {
      for (const lang of ["sv", "en"]) {
        for (const path of ["/behov", "/erbjudanden"]) {
          const res = await page.goto(server.url(`${path}?lang=${lang}`));
          assert.equal(res.status(), 200);
          assert.ok((await page.locator("ul.cards li").count()) > 0, `${path} lists the demo items`);
          await expectNoSeriousViolations(t, page, `${path} (${lang})`);
        }
      }
    } finally {
      await page.close();
    }
  });

  it("posts a need in the form and sees offers with reasons in Swedish and English", async (t) => {
    const page = await browser.newPage();
    try {
      await page.goto(server.url("/behov/ny?lang=sv"));
      assert.equal(new URL(page.url()).pathname, "/logga-in");
      await signIn(page, owner);
      assert.equal(new URL(page.url()).pathname, "/behov/ny");
      await expectNoSeriousViolations(t, page, "need form (sv)");

      // An empty form comes back with an error summary.
      const empty = await submit(page, FORM);
      assert.equal(empty.status(), 422);
      assert.ok(await page.locator(".error-summary").isVisible());
      await expectNoSeriousViolations(t, page, "need form with errors (sv)");

      await page.locator(`${FORM} [name="title"]`).fill("Minska ensamheten bland äldre i Göteborg");
      await page.locator(`${FORM} [name="description"]`).fill(
        "Staden söker partner som kan bryta ofrivillig ensamhet hos äldre som bor hemma, genom besök, samtal och gemensamma måltider.",
      );
      await page.locator(`${FORM} [name="where"]`).selectOption("municipality:1480");
      for (const value of ["3", "10"]) await page.locator(`${FORM} input[name="sdgs"][value="${value}"]`).check();
      await page.locator(`${FORM} input[name="target_groups"][value="elderly"]`).check();
      await page.locator(`${FORM} input[name="collaboration_forms"][value="iop"]`).check();
      await page.locator(`${FORM} [name="money_max"]`).fill("400000");
      const saved = await submit(page, FORM);
      assert.equal(saved.status(), 200);
      const url = new URL(page.url());
      assert.match(url.pathname, /^\/behov\/\d+$/);
      assert.equal(await page.locator("h1").innerText(), "Minska ensamheten bland äldre i Göteborg");
      const matches = page.locator("ol.matches > li");
      assert.ok((await matches.count()) > 0, "offers are ranked for the new need");
      const firstReasons = await matches.first().locator("ul.reasons li").allInnerTexts();
      assert.ok(firstReasons.length > 0, "the best offer has reasons");
      assert.ok(firstReasons.some((r) => /mål|Matchar|Levererar|målgrupp/i.test(r)), firstReasons.join(" | "));
      await expectNoSeriousViolations(t, page, "need page (sv)");

      await page.goto(server.url(`${url.pathname}?lang=en`));
      assert.match(await page.locator("#matches-heading").innerText(), /Offers that match/);
      const english = await page.locator("ol.matches > li").first().locator("ul.reasons li").allInnerTexts();
      assert.ok(english.some((r) => /goal|Matches|Delivers|target group/i.test(r)), english.join(" | "));
      await expectNoSeriousViolations(t, page, "need page (en)");
    } finally {
      await page.close();
    }
  });
});
