// What ui/src/app.js adds on top of the server's HTML: sortable tables and a question before
// submitting forms marked data-confirm. (The error summary's focus is in contact.test.mjs.)

import assert from "node:assert/strict";
import { setTimeout as sleep } from "node:timers/promises";
import { after, before, describe, it } from "node:test";

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

const TABLE = "table.data-table[data-sortable]";

// The texts of column `index` (0-based, counting th and td) of the table's body rows.
function columnTexts(page, index) {
  return page.locator(`${TABLE} tbody tr`).evaluateAll(
    (rows, i) => rows.map((row) => row.cells[i]?.textContent.trim() ?? ""),
    index,
  );
}

async function headerIndex(page, predicate) {
  const labels = await page.locator(`${TABLE} thead th`).evaluateAll((ths) => ths.map((th) => th.textContent.trim()));
  const index = labels.findIndex(predicate);
  assert.ok(index >= 0, `no such column among ${labels.join(", ")}`);
  return index;
}

describe("sortable tables", () => {
  for (const lang of ["sv", "en"]) {
    it(`sort by a column on /regioner, numbers as numbers and names in Swedish order (${lang})`, async () => {
      const page = await browser.newPage();
      try {
        await page.goto(server.url(`/regioner?lang=${lang}`));
        assert.ok((await page.locator(TABLE).count()) >= 1, "/regioner has no sortable data table");
        const buttons = page.locator(`${TABLE} thead th button`);
        assert.ok((await buttons.count()) >= 2, "the headers got no sort buttons");

        // A numeric column: the number of municipalities (the last column).
        const last = (await page.locator(`${TABLE} thead th`).count()) - 1;
        const numberHeader = page.locator(`${TABLE} thead th`).nth(last);
        const numberButton = numberHeader.locator("button");
        const label = (await numberHeader.textContent()).trim();
        await numberButton.click();
        assert.equal(await numberHeader.getAttribute("aria-sort"), "ascending");
        let values = (await columnTexts(page, last)).map(Number);
        assert.ok(values.every((v) => Number.isFinite(v)), `not numbers: ${values}`);
        assert.deepEqual(values, [...values].sort((a, b) => a - b), "not in ascending numeric order");
        assert.ok(values[0] < values[values.length - 1], "the column has only one value; nothing to test");

        // Keyboard: Enter on the focused button sorts the other way.
        await numberButton.focus();
        await page.keyboard.press("Enter");
        assert.equal(await numberHeader.getAttribute("aria-sort"), "descending");
        values = (await columnTexts(page, last)).map(Number);
        assert.deepEqual(values, [...values].sort((a, b) => b - a), "not in descending numeric order");

        // Only the sorted column carries aria-sort.
        const sortedHeaders = await page.locator(`${TABLE} thead th[aria-sort]`).count();
        assert.equal(sortedHeaders, 1);

        // The change is announced in a polite live region, in the page's language.
        const region = page.locator('[aria-live="polite"]');
        const word = lang === "sv" ? "fallande" : "descending";
        await page
          .waitForFunction((w) => [...document.querySelectorAll('[aria-live="polite"]')].some((r) => r.textContent.includes(w)), word, { timeout: 2_000 })
          .catch(() => {});
        // Stays so: an earlier announcement must not arrive late and replace it.
        await sleep(300);
        const announced = (await region.allTextContents()).join(" ");
        assert.ok(announced.includes(label), `the announcement "${announced}" does not name the column ${label}`);
        assert.ok(announced.includes(word), `the announcement "${announced}" does not say ${word}`);

        // A text column in Swedish alphabetical order: Ö after Z.
        const countyIndex = await headerIndex(page, (l) => /^(Län|County)$/i.test(l));
        await page.locator(`${TABLE} thead th`).nth(countyIndex).locator("button").click();
        const names = await columnTexts(page, countyIndex);
        const sorted = [...names].sort(new Intl.Collator("sv").compare);
        assert.deepEqual(names, sorted, "the county names are not in Swedish order");
        assert.match(names[names.length - 1], /^Ö/, "Ö does not sort last");

        const { blocking } = classifyViolations(await runAxe(page));
        assert.equal(blocking.length, 0, describeViolations(blocking));
        assert.deepEqual(page.takeProblems(), []);
      } finally {
        await page.close();
      }
    });
  }

  it("without JavaScript the table stays as the server rendered it", async () => {
    const noScript = await launchBrowser({ javaScriptEnabled: false });
    try {
      const page = await noScript.newPage();
      await page.goto(server.url("/regioner"));
      assert.equal(await page.locator(`${TABLE} thead th button`).count(), 0);
      assert.ok((await page.locator(`${TABLE} tbody tr`).count()) > 0);
    } finally {
      await noScript.close();
    }
  });
});

describe("forms with data-confirm", () => {
  it("ask before submitting; cancel keeps the page, OK submits", async () => {
    const page = await browser.newPage();
    try {
      await page.goto(server.url("/kontakt?lang=sv"));
      const form = page.locator('form[action="/kontakt"]');
      // No page has such a form yet: mark the contact form the way a template would.
      await form.evaluate((f) => f.setAttribute("data-confirm", "Skicka meddelandet?"));
      await form.locator('[name="name"]').fill("Frida");
      await form.locator('[name="email"]').fill("frida@example.se");
      await form.locator('[name="message"]').fill(`confirm test ${Date.now()}`);

      const asked = [];
      page.once("dialog", async (dialog) => {
        asked.push(`${dialog.type()}: ${dialog.message()}`);
        await dialog.dismiss();
      });
      await form.locator('[type="submit"]').click();
      await sleep(500);
      assert.deepEqual(asked, ["confirm: Skicka meddelandet?"]);
      assert.equal(new URL(page.url()).pathname, "/kontakt", "the form was sent although the question was cancelled");

      page.once("dialog", (dialog) => dialog.accept());
      await Promise.all([page.waitForNavigation(), form.locator('[type="submit"]').click()]);
      assert.equal(new URL(page.url()).pathname, "/kontakt/tack");
    } finally {
      await page.close();
    }
  });
});
