// The impact calculators as a person uses them: fill in the SROI calculator with the keyboard,
// read the labelled result in Swedish and then in English, follow the guide of a field, get
// an error summary for a wrong value, and the socio-economic calculator; each page without
// serious or critical axe-core violations, and the forms working without JavaScript.

import assert from "node:assert/strict";
import { after, before, describe, it } from "node:test";

import { startServer } from "../http/server.mjs";
import { classifyViolations, describeViolations, launchBrowser, runAxe } from "./browser.mjs";

let server;
let browser;

before(async () => {
  server = await startServer({ demo: false });
  browser = await launchBrowser();
});

after(async () => {
  if (browser) await browser.close();
  if (server) await server.dispose();
});

async function assertAxe(t, page) {
  const { blocking, other } = classifyViolations(await runAxe(page));
  if (other.length) t.diagnostic(`axe (moderate/minor) on ${page.url()}:\n${describeViolations(other)}`);
  assert.equal(blocking.length, 0, `axe found serious or critical violations on ${page.url()}:\n${describeViolations(blocking)}`);
}

// Presses Tab until the element with this id has focus (fields are separated by the links to
// their guides), then types `text`.
async function tabToAndType(page, id, text) {
  for (let i = 0; i < 20; i++) {
    if ((await page.evaluate(() => document.activeElement?.id)) === id) break;
    await page.keyboard.press("Tab");
  }
  assert.equal(await page.evaluate(() => document.activeElement?.id), id, `Tab did not reach #${id}`);
  await page.keyboard.type(text);
}

// The value beside a row heading of the key figures.
async function figure(page, label) {
  const exact = new RegExp(`^${label.replace(/[.*+?^${}()|[\]\\]/g, "\\$&")}$`);
  const row = page.locator("#result table").first().locator("tr", { has: page.locator("th", { hasText: exact }) });
  assert.equal(await row.count(), 1, `no single row labelled "${label}"`);
  return (await row.locator("td").textContent()).trim();
}

// One outcome: 12 × 60 000 kr × (1 − 0.25) × (1 − 0.10) × (1 − 0.20) = 388 800 kr in year 1,
// then 272 160 and 190 512 with 30 % drop-off; at 3.5 %, end of year, the present value is
// 801 547.35 kr (FORMATS.md), against 400 000 kr of inputs: ratio 2.0039, net ratio 1.0039.
async function fillSroiWithKeyboard(page) {
  await page.locator("#field-discount_rate").focus();
  await tabToAndType(page, "field-inputs-0-description", "Bidrag");
  await tabToAndType(page, "field-inputs-0-value", "400 000");
  const outcome = {
    stakeholder: "Deltagare",
    outcome: "I betalt arbete",
    quantity: "12",
    proxy: "60 000",
    deadweight: "25",
    displacement: "10",
    attribution: "20",
    drop_off: "30",
    duration: "3",
  };
  for (const [field, value] of Object.entries(outcome)) {
    await tabToAndType(page, `field-outcomes-0-${field}`, value);
  }
}

describe("SROI calculator", () => {
  it("filled in with the keyboard, shows the result labelled in Swedish and in English", async (t) => {
    const page = await browser.newPage();
    try {
      await page.goto(server.url("/effekt/sroi?lang=sv"));
      assert.equal(await page.locator("h1").textContent(), "SROI-kalkylator");
      await assertAxe(t, page);
      await fillSroiWithKeyboard(page);
      await Promise.all([page.waitForNavigation({ waitUntil: "load" }), page.keyboard.press("Enter")]);

      assert.equal(await page.evaluate(() => document.documentElement.lang), "sv");
      assert.ok(await page.locator("#result").isVisible(), "no result");
      assert.equal(await figure(page, "Utfallens nuvärde (kr)"), "801\u00a0547,35");
      assert.equal(await figure(page, "Insatsernas nuvärde (kr)"), "400\u00a0000,00");
      assert.equal(await figure(page, "Nettonuvärde, NNV (kr)"), "401\u00a0547,35");
      assert.equal(await figure(page, "SROI-kvot (nuvärde ÷ insatser)"), "1 : 2,00");
      assert.equal(await figure(page, "Netto-SROI-kvot (nettonuvärde ÷ insatser)"), "1,00");
      const years = await page.locator("table", { has: page.locator("caption", { hasText: "Värde och insatser per år" }) }).locator("tbody tr").allTextContents();
      assert.equal(years.length, 3);
      assert.match(years[1], /272\u00a0160,00/);
      assert.ok(await page.locator("caption", { hasText: "Brytvärden" }).isVisible());
      await assertAxe(t, page);

      // The same result in English, through the button that posts the map again.
      await page.locator('button[lang="en"]').focus();
      await Promise.all([page.waitForNavigation({ waitUntil: "load" }), page.keyboard.press("Enter")]);
      assert.equal(await page.evaluate(() => document.documentElement.lang), "en");
      assert.equal(await figure(page, "Present value of the outcomes (SEK)"), "801,547.35");
      assert.equal(await figure(page, "SROI ratio (present value ÷ inputs)"), "1 : 2.00");
      assert.equal(await figure(page, "Net SROI ratio (net present value ÷ inputs)"), "1.00");
      assert.match(await figure(page, "Payback period"), /months$/);
      // The map is kept in the folded form, written the English way.
      assert.equal(await page.locator("#field-outcomes-0-proxy").inputValue(), "60000");
      assert.equal(await page.locator("#field-outcomes-0-deadweight").inputValue(), "25");
      await assertAxe(t, page);
      assert.deepEqual(page.takeProblems(), []);
    } finally {
      await page.close();
    }
  });

  it("leads from a field to its guide", async (t) => {
    const page = await browser.newPage();
    try {
      await page.goto(server.url("/effekt/sroi?lang=sv"));
      const link = page.locator("#hint-outcomes-0-deadweight a");
      assert.equal(await link.textContent(), "Guide: Dödvikt");
      await link.focus();
      await Promise.all([page.waitForNavigation({ waitUntil: "load" }), page.keyboard.press("Enter")]);
      assert.equal(new URL(page.url()).pathname, "/effekt/guider/dodvikt");
      assert.equal(await page.locator("h1").textContent(), "Dödvikt");
      await assertAxe(t, page);

      // A field explained by one section of a guide leads to that section.
      await page.goto(server.url("/effekt/sroi?lang=en"));
      const duration = page.locator("#hint-outcomes-0-duration a");
      const href = await duration.getAttribute("href");
      assert.equal(href, "/effekt/guider/avtagande#varaktighet");
      await Promise.all([page.waitForNavigation({ waitUntil: "load" }), duration.click()]);
      assert.equal(await page.locator("#varaktighet").textContent(), "Duration");
      assert.deepEqual(page.takeProblems(), []);
    } finally {
      await page.close();
    }
  });

  it("a wrong value gets an error summary with focus, the field marked and the values kept", async (t) => {
    const page = await browser.newPage();
    try {
      await page.goto(server.url("/effekt/sroi?lang=en"));
      await page.locator("#field-inputs-0-value").fill("1000");
      await page.locator("#field-outcomes-0-stakeholder").fill("Participants");
      await page.locator("#field-outcomes-0-outcome").fill("In work");
      await page.locator("#field-outcomes-0-quantity").fill("2");
      await page.locator("#field-outcomes-0-proxy").fill("500");
      await page.locator("#field-outcomes-0-deadweight").fill("120");
      await page.locator("#field-outcomes-0-duration").fill("1");
      const [response] = await Promise.all([page.waitForNavigation({ waitUntil: "load" }), page.locator("#calculator button[type=submit]").click()]);
      assert.equal(response.status(), 422);
      const summary = page.locator(".error-summary");
      await page.waitForFunction(() => document.activeElement?.classList.contains("error-summary"), null, { timeout: 3_000 }).catch(() => {});
      assert.ok(await page.evaluate(() => document.activeElement?.classList.contains("error-summary")), "the error summary does not have focus");
      assert.equal(await summary.locator("a").count(), 1);
      assert.equal(await summary.locator("a").textContent(), "Enter a percentage between 0 and 100.");
      await summary.locator("a").click();
      assert.equal(await page.evaluate(() => document.activeElement?.id), "field-outcomes-0-deadweight");
      assert.equal(await page.locator("#field-outcomes-0-deadweight").getAttribute("aria-invalid"), "true");
      assert.equal(await page.locator("#field-outcomes-0-stakeholder").inputValue(), "Participants");
      await assertAxe(t, page);
    } finally {
      await page.close();
    }
  });
});

describe("socio-economic calculator", () => {
  it("calculates the example and shows who repays whom", async (t) => {
    const page = await browser.newPage();
    try {
      await page.goto(server.url("/effekt/samhallsekonomi?exempel=1&lang=sv"));
      await assertAxe(t, page);
      await Promise.all([page.waitForNavigation({ waitUntil: "load" }), page.locator("#calculator button[type=submit]").click()]);
      assert.ok(await page.locator("#result").isVisible());
      const society = page.locator("#result table").first().locator("tr", { hasText: "Samhället som helhet" });
      assert.match(await society.textContent(), /335\u00a0000,00/);
      assert.ok(await page.locator("h3", { hasText: "Vem betalar tillbaka åt vem" }).isVisible());
      assert.match(await page.locator("#result").textContent(), /2 av de 10 personerna/);
      await assertAxe(t, page);
      assert.deepEqual(page.takeProblems(), []);
    } finally {
      await page.close();
    }
  });
});

describe("impact pages", () => {
  it("the overview and the guides pass axe in both languages", async (t) => {
    const page = await browser.newPage();
    try {
      for (const path of ["/effekt", "/effekt/guider", "/effekt/guider/finansiella-proxyer", "/effekt/guider/socioekonomiskt-bokslut"]) {
        for (const lang of ["sv", "en"]) {
          const res = await page.goto(server.url(`${path}?lang=${lang}`));
          assert.equal(res.status(), 200, path);
          assert.equal(await page.locator("h1").count(), 1, path);
          await assertAxe(t, page);
        }
      }
      assert.deepEqual(page.takeProblems(), []);
    } finally {
      await page.close();
    }
  });

  it("the SROI calculator works without JavaScript", async () => {
    const noScript = await launchBrowser({ javaScriptEnabled: false });
    try {
      const page = await noScript.newPage();
      await page.goto(server.url("/effekt/sroi?exempel=1&lang=en"));
      await Promise.all([page.waitForNavigation({ waitUntil: "load" }), page.locator("#calculator button[type=submit]").click()]);
      assert.equal(await figure(page, "SROI ratio (present value ÷ inputs)"), "1 : 2.67");
      assert.equal(await figure(page, "Present value of the outcomes (SEK)"), "1,202,228.03");
    } finally {
      await noScript.close();
    }
  });
});
