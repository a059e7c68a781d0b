// An account's whole life in a real browser, in Swedish and in English: register at
// /registrera (filled in and sent with the keyboard only) → the verification mail arrives at
// a real SMTP sink → open its link → a failed sign-in shows an error summary that gets
// focus → sign in → edit the profile (name, language) → download my data → create and
// revoke an API token → delete the account (confirming the dialog) → signing in fails.
// Every page on the way has its language, exactly one h1, and no serious or critical axe
// violations (WCAG 2.1 A and AA).

import assert from "node:assert/strict";
import { readFile } from "node:fs/promises";
import { after, before, describe, it } from "node:test";

import { request } from "../http/client.mjs";
import { startServer } from "../http/server.mjs";
import { startSmtpSink } from "../http/smtp-sink.mjs";
import { FAST_HASH, apiSignIn, bearer, linkIn, uniqueEmail } from "../http/accounts-helpers.mjs";
import { classifyViolations, describeViolations, launchBrowser, runAxe } from "./browser.mjs";

// The verification mail waits in the outbox until the sender's next round.
const MAIL_TIMEOUT_MS = 45_000;

let server;
let sink;

before(async () => {
  sink = await startSmtpSink();
  server = await startServer({
    demo: false,
    env: FAST_HASH,
    extraArgs: ({ baseUrl }) => [
      "--smtp-url", sink.url,
      "--smtp-from", "Samverkan <noreply@example.se>",
      "--public-url", baseUrl,
    ],
  });
});

after(async () => {
  if (server) await server.dispose();
  if (sink) await sink.stop();
});

const TEXT = {
  sv: { subject: "Bekräfta din e-postadress", name: "Åsa Öberg", renamed: "Åsa Öberg-Lind", other: "en" },
  en: { subject: "Confirm your e-mail address", name: "Alex Andersson", renamed: "Alex Andersson-Berg", other: "sv" },
};

// Checks the page now shown: its language, one h1, axe, and no script or loading errors.
async function checkPage(t, page, lang, what) {
  assert.equal(await page.evaluate(() => document.documentElement.lang), lang, `${what}: wrong language`);
  assert.equal(await page.locator("h1").count(), 1, `${what}: not exactly one <h1>`);
  const { blocking, other } = classifyViolations(await runAxe(page));
  if (other.length) t.diagnostic(`${what}: axe (moderate/minor):\n${describeViolations(other)}`);
  assert.equal(blocking.length, 0, `${what}: serious or critical axe violations:\n${describeViolations(blocking)}`);
  assert.deepEqual(page.takeProblems(), [], `${what}: script, CSP or loading errors`);
}

// Presses Tab until `selector` has focus.
async function tabTo(page, selector, maxSteps = 60) {
  for (let i = 0; i < maxSteps; i++) {
    await page.keyboard.press("Tab");
    if (await page.evaluate((sel) => document.activeElement?.matches(sel) ?? false, selector)) return;
  }
  throw new Error(`Tab never reached ${selector}`);
}

async function focused(page) {
  return page.evaluate(() => {
    const el = document.activeElement;
    return el ? `${el.tagName.toLowerCase()}${el.id ? `#${el.id}` : ""}${el.className ? `.${String(el.className).split(" ").join(".")}` : ""}` : "nothing";
  });
}

async function submitAndWait(page, action) {
  const [response] = await Promise.all([page.waitForNavigation({ waitUntil: "load" }), action()]);
  return response;
}

async function failedSignIn(t, page, lang, email, password, what) {
  await page.goto(server.url(`/logga-in?lang=${lang}`));
  await page.locator('form[action="/logga-in"] [name="email"]').fill(email);
  await page.locator('form[action="/logga-in"] [name="password"]').fill(password);
  const res = await submitAndWait(page, () => page.locator('form[action="/logga-in"] [type="submit"]').click());
  assert.equal(res.status(), 401, `${what}: status`);
  assert.equal(new URL(page.url()).pathname, "/logga-in");
  const summary = page.locator(".error-summary");
  assert.equal(await summary.count(), 1, `${what}: no error summary`);
  await page
    .waitForFunction(() => document.activeElement?.classList.contains("error-summary"), null, { timeout: 3_000 })
    .catch(() => {});
  assert.ok(
    await page.evaluate(() => document.activeElement?.classList.contains("error-summary")),
    `${what}: the error summary does not have focus (focus is on ${await focused(page)})`,
  );
  assert.ok((await summary.innerText()).trim().length > 0);
  assert.equal(await page.locator('form[action="/logga-in"] [name="email"]').inputValue(), email, "the address was not kept");
  await checkPage(t, page, lang, `${what} (${lang})`);
}

// The two languages run side by side: most of the time goes to waiting for the mail.
describe("an account from registration to deletion", { concurrency: true }, () => {
  for (const lang of ["sv", "en"]) {
    it(`registers, confirms, signs in, edits, downloads, manages a token and deletes the account (${lang})`, async (t) => {
      const text = TEXT[lang];
      const email = uniqueEmail(`browser-${lang}`);
      const password = `ett långt lösenord ${lang} 2024`;
      const browser = await launchBrowser();
      try {
        const page = await browser.newPage();
        await page.setViewportSize({ width: 1280, height: 800 });

        // 1. Registration, with the keyboard only.
        await page.goto(server.url(`/registrera?lang=${lang}`));
        await checkPage(t, page, lang, "/registrera");
        await tabTo(page, "#field-name");
        await page.keyboard.type(text.name);
        await page.keyboard.press("Tab");
        assert.equal(await focused(page), "input#field-email", "Tab from the name does not reach the address");
        await page.keyboard.type(email);
        await page.keyboard.press("Tab");
        assert.equal(await focused(page), "input#field-password", "Tab from the address does not reach the password");
        await page.keyboard.type(password);
        const sent = await submitAndWait(page, () => page.keyboard.press("Enter"));
        assert.equal(sent.status(), 200, "registering did not succeed");
        assert.equal(new URL(page.url()).pathname, "/registrera");
        assert.ok((await page.locator("main").innerText()).includes(email), "the confirmation does not name the address");
        await checkPage(t, page, lang, "registration sent");

        // 2. The mail, in the language of the registration, with a link to this server.
        const waitStarted = Date.now();
        const mail = await sink.waitFor((m) => m.to === email, MAIL_TIMEOUT_MS);
        t.diagnostic(`the verification mail arrived ${Date.now() - waitStarted} ms after the confirmation page`);
        assert.equal(mail.subject, text.subject);
        assert.equal(mail.from, "noreply@example.se");
        assert.ok(mail.text.includes(text.name), "the mail does not greet the person by name");
        const link = linkIn(mail, "/verifiera");
        assert.ok(link, `no verification link in the mail:\n${mail.text}`);
        assert.equal(new URL(link).origin, new URL(server.baseUrl).origin, "the link does not point at --public-url");

        // Not confirmed yet: no sign-in.
        const early = await apiSignIn(server, email, password);
        assert.ok([401, 403].includes(early.res.status), `signed in before confirming: ${early.res.status}`);

        // 3. The link.
        const verified = await page.goto(link);
        assert.equal(verified.status(), 200);
        assert.equal(await page.locator('main a.button[href="/logga-in"]').count(), 1, "not the confirmation page");
        await checkPage(t, page, lang, "/verifiera");

        // 4. A wrong password first: an error summary that gets focus.
        await failedSignIn(t, page, lang, email, "inte mitt lösenord", "a wrong password");

        // 5. Signing in, with the keyboard only.
        await page.goto(server.url("/logga-in"));
        await checkPage(t, page, lang, "/logga-in");
        await tabTo(page, 'form[action="/logga-in"] [name="email"]');
        await page.keyboard.type(email);
        await page.keyboard.press("Tab");
        await page.keyboard.type(password);
        await submitAndWait(page, () => page.keyboard.press("Enter"));
        assert.equal(new URL(page.url()).pathname, "/konto", "signing in did not lead to /konto");
        await checkPage(t, page, lang, "/konto");
        assert.equal(await page.locator("#field-name").inputValue(), text.name);

        // 6. The profile: name and language of mails.
        await page.locator("#field-name").fill(text.renamed);
        await page.locator(`input[name="language"][value="${text.other}"]`).check();
        await submitAndWait(page, () => page.locator('form[action="/konto/profil"] [type="submit"]').click());
        assert.equal(new URL(page.url()).pathname, "/konto");
        assert.equal(await page.locator('[role="status"]').count() > 0, true, "no saved notice");
        assert.equal(await page.locator("#field-name").inputValue(), text.renamed);
        assert.ok(await page.locator(`input[name="language"][value="${text.other}"]`).isChecked(), "the language was not saved");
        await checkPage(t, page, lang, "/konto after saving");

        // 7. Download my data.
        const [download] = await Promise.all([page.waitForEvent("download"), page.locator('a[href="/konto/mina-data"]').click()]);
        const data = JSON.parse(await readFile(await download.path(), "utf8"));
        assert.equal(data.account.email, email);
        assert.equal(data.account.name, text.renamed);
        assert.equal(data.account.language, text.other);
        assert.ok(!JSON.stringify(data).match(/argon2|password_hash|token_hash/), "my data shows secrets");

        // 8. An API token: created, shown once, works; revoked, it stops working.
        const tokenName = `Mitt skript ${lang}`;
        await page.locator("#field-token_name").fill(tokenName);
        await page.locator('form[action="/konto/nycklar"] input[name="scope"][value="write"]').check();
        await submitAndWait(page, () => page.locator('form[action="/konto/nycklar"] [type="submit"]').click());
        const token = (await page.locator("code.token").innerText()).trim();
        assert.match(token, /^\S{20,}$/, "no token shown");
        await checkPage(t, page, lang, "/konto with a new token");
        const withToken = await request(server, "/api/v1/me", { headers: bearer(token) });
        assert.equal(withToken.status, 200);
        assert.equal(withToken.json().email, email);
        await page.goto(server.url("/konto"));
        assert.equal(await page.locator("code.token").count(), 0, "the token is shown again");
        const row = page.locator("tr", { hasText: tokenName });
        assert.equal(await row.count(), 1, "the token is not listed");
        await submitAndWait(page, () => row.locator('[type="submit"]').click());
        assert.equal(await page.locator("tr", { hasText: tokenName }).count(), 0, "the revoked token is still listed");
        await checkPage(t, page, lang, "/konto after revoking");
        const revoked = await request(server, "/api/v1/me", { headers: bearer(token) });
        assert.equal(revoked.status, 401);

        // 9. Deleting the account: the password, then a confirmation dialog. Cancelling it
        // keeps the account.
        const deleteForm = page.locator('form[action="/konto/radera"]');
        assert.ok(await deleteForm.getAttribute("data-confirm"), "the delete form has no data-confirm");
        await page.locator("#field-password-delete").fill(password);
        const dismissed = page.waitForEvent("dialog").then(async (d) => {
          const message = d.message();
          await d.dismiss();
          return { type: d.type(), message };
        });
        await deleteForm.locator('[type="submit"]').click();
        const first = await dismissed;
        assert.equal(first.type, "confirm");
        assert.ok(first.message.trim().length > 0);
        await page.waitForTimeout(300);
        assert.equal(new URL(page.url()).pathname, "/konto", "cancelling the dialog still sent the form");
        assert.equal((await apiSignIn(server, email, password)).res.status, 200, "cancelling the dialog deleted the account");

        await page.locator("#field-password-delete").fill(password);
        page.once("dialog", (d) => d.accept());
        await submitAndWait(page, () => deleteForm.locator('[type="submit"]').click());
        assert.equal(new URL(page.url()).pathname, "/", "deleting did not lead to the home page");
        await checkPage(t, page, lang, "the home page after deleting");
        assert.equal(await page.locator('a[href="/konto"]').count(), 0, "still shown as signed in");

        // 10. Signing in again fails, with the same error summary.
        await failedSignIn(t, page, lang, email, password, "signing in to a deleted account");
        assert.equal((await apiSignIn(server, email, password)).res.status, 401);
      } finally {
        await browser.close();
      }
    });
  }
});
