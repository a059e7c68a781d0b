// The contact form as a person uses it: fill in and send, get a confirmation; send it
// empty, get an error summary that lists each field, has focus and passes axe.

import assert from "node:assert/strict";
import { after, before, describe, it } from "node:test";

import { listMessages } from "../http/client.mjs";
import { startServer } from "../http/server.mjs";
import { classifyViolations, describeViolations, launchBrowser, runAxe } from "./browser.mjs";

let server;
let browser;

before(async () => {
  server = await startServer();
  browser = await launchBrowser();
});

after(async () => {
  if (browser) await browser.close();
  if (server) await server.dispose();
});

const FORM = 'form[action="/kontakt"]';

async function fillAndSend(page, { name, email, message }) {
  // Each field must have a label (checked by axe too); fill by the field names.
  for (const [field, value] of Object.entries({ name, email, message })) {
    const control = page.locator(`${FORM} [name="${field}"]`);
    assert.equal(await control.count(), 1, `no single field named ${field}`);
    const labelled = await control.evaluate((el) => el.labels && el.labels.length > 0 && el.labels[0].textContent.trim().length > 0);
    assert.ok(labelled, `the ${field} field has no label`);
    await control.fill(value);
  }
  const [response] = await Promise.all([
    page.waitForNavigation({ waitUntil: "load" }),
    page.locator(`${FORM} [type="submit"]`).click(),
  ]);
  return response;
}

describe("contact form", () => {
  for (const lang of ["sv", "en"]) {
    it(`sending a message shows a confirmation (${lang})`, async () => {
      const page = await browser.newPage();
      try {
        await page.goto(server.url(`/kontakt?lang=${lang}`));
        const formHeading = await page.locator("h1").textContent();
        const text = `Browser message ${lang} ${Date.now()}`;
        const response = await fillAndSend(page, { name: "Dag Dahl", email: "dag@example.se", message: text });
        const redirect = response.request().redirectedFrom();
        assert.ok(redirect, "the form post was not redirected");
        assert.equal((await redirect.response()).status(), 303);
        assert.equal(response.status(), 200);
        assert.equal(new URL(page.url()).pathname, "/kontakt/tack");
        assert.equal(await page.evaluate(() => document.documentElement.lang), lang);
        assert.equal(await page.locator("h1").count(), 1);
        const heading = (await page.locator("h1").textContent()).trim();
        assert.ok(heading.length > 0 && heading !== formHeading.trim(), `no confirmation heading (${heading})`);
        const { blocking } = classifyViolations(await runAxe(page));
        assert.equal(blocking.length, 0, describeViolations(blocking));
        const { messages } = await listMessages(server);
        assert.ok(messages.some((m) => m.message === text), "the message is not stored");
        assert.deepEqual(page.takeProblems(), []);
      } finally {
        await page.close();
      }
    });

    it(`sending it empty shows an error summary with focus (${lang})`, async (t) => {
      const page = await browser.newPage();
      try {
        await page.goto(server.url(`/kontakt?lang=${lang}`));
        const [response] = await Promise.all([
          page.waitForNavigation({ waitUntil: "load" }),
          page.locator(`${FORM} [type="submit"]`).click(),
        ]);
        assert.ok([200, 400, 422].includes(response.status()), `status ${response.status()}`);
        assert.equal(new URL(page.url()).pathname, "/kontakt");
        assert.equal(await page.evaluate(() => document.documentElement.lang), lang);

        const summary = page.locator(".error-summary");
        assert.equal(await summary.count(), 1, "no .error-summary");
        assert.ok(await summary.isVisible());
        // It has focus (app.js) so that it is read first.
        await page.waitForFunction(() => document.activeElement?.classList.contains("error-summary"), null, { timeout: 3_000 }).catch(() => {});
        assert.ok(await page.evaluate(() => document.activeElement?.classList.contains("error-summary")), "the error summary does not have focus");
        // It lists each field, linking to it.
        const links = await summary.locator("a[href^='#']").evaluateAll((as) => as.map((a) => a.getAttribute("href")));
        for (const field of ["name", "email", "message"]) {
          const href = links.find((h) => h.toLowerCase().includes(field));
          assert.ok(href, `the summary does not link the ${field} field (links: ${links.join(" ")})`);
          const target = page.locator(href);
          assert.equal(await target.count(), 1, `${href} names no element`);
          assert.equal(await target.getAttribute("name"), field);
          assert.equal(await target.getAttribute("aria-invalid"), "true");
        }
        // Each field's own error is tied to it.
        for (const field of ["name", "email", "message"]) {
          const described = await page.locator(`${FORM} [name="${field}"]`).evaluate((el) => {
            const ids = (el.getAttribute("aria-describedby") || "").split(/\s+/).filter(Boolean);
            return ids.map((id) => document.getElementById(id)?.textContent.trim() || "").join(" ");
          });
          assert.ok(described.length > 0, `the ${field} field's error is not tied to it with aria-describedby`);
        }
        // A link in the summary puts focus in its field.
        await page.locator(".error-summary a").first().click();
        assert.equal(await page.evaluate(() => document.activeElement?.getAttribute("name")), "name");

        const { blocking, other } = classifyViolations(await runAxe(page));
        if (other.length) t.diagnostic(describeViolations(other));
        assert.equal(blocking.length, 0, describeViolations(blocking));
        assert.deepEqual(page.takeProblems(), []);
      } finally {
        await page.close();
      }
    });
  }

  it("a half-filled form keeps what was typed and marks only the missing field", async () => {
    const page = await browser.newPage();
    try {
      await page.goto(server.url("/kontakt?lang=sv"));
      await page.locator(`${FORM} [name="name"]`).fill("Eva Ek");
      await page.locator(`${FORM} [name="email"]`).fill("eva@example.se");
      await Promise.all([page.waitForNavigation(), page.locator(`${FORM} [type="submit"]`).click()]);
      assert.equal(await page.locator(`${FORM} [name="name"]`).inputValue(), "Eva Ek");
      assert.equal(await page.locator(`${FORM} [name="email"]`).inputValue(), "eva@example.se");
      assert.equal(await page.locator(`${FORM} [name="message"]`).getAttribute("aria-invalid"), "true");
      assert.equal(await page.locator(`${FORM} [name="name"]`).getAttribute("aria-invalid"), null);
      assert.equal(await page.locator(".error-summary li").count(), 1);
    } finally {
      await page.close();
    }
  });

  it("works without JavaScript", async () => {
    const noScript = await launchBrowser({ javaScriptEnabled: false });
    try {
      const page = await noScript.newPage();
      await page.goto(server.url("/kontakt?lang=sv"));
      const text = `No-script message ${Date.now()}`;
      const response = await fillAndSend(page, { name: "Nils", email: "nils@example.se", message: text });
      assert.equal(response.status(), 200);
      assert.equal(new URL(page.url()).pathname, "/kontakt/tack");
      const { messages } = await listMessages(server);
      assert.ok(messages.some((m) => m.message === text), "the message is not stored");
    } finally {
      await noScript.close();
    }
  });
});
