// The Social Progress Index pages in a real browser (issue 6): the ranking and the scorecard of
// Övre Norrland (SE33) from the EU-SPI 2020 demo data, in Swedish and English. Each chart is
// drawn (a canvas with coloured pixels) next to its table and its text description, the page
// has no script or CSP errors and no serious or critical axe-core violations; without
// JavaScript the tables are there and the empty chart containers stay hidden.

import assert from "node:assert/strict";
import { after, before, describe, it } from "node:test";

import { startServer } from "../http/server.mjs";
import { classifyViolations, describeViolations, launchBrowser, runAxe } from "./browser.mjs";

const LANGUAGES = ["sv", "en"];
const PAGES = [
  { path: "/framsteg/eu-spi-2020/rankning", chart: "ranking-chart-data", rows: 240 },
  { path: "/framsteg/eu-spi-2020/SE33", chart: "components-chart-data", rows: 12 },
];

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

// How many pixels of the chart's canvas are not transparent, and how many colours they have.
async function canvasInk(page, chartId) {
  const container = page.locator(`[data-chart="${chartId}"]`);
  await container.locator("canvas").waitFor({ state: "attached", timeout: 10_000 });
  await page.waitForFunction((id) => document.querySelector(`[data-chart="${id}"]`)?.dataset.chartReady === "true", chartId, {
    timeout: 10_000,
  });
  return page.evaluate((id) => {
    const canvas = document.querySelector(`[data-chart="${id}"] canvas`);
    const { width, height } = canvas;
    const pixels = canvas.getContext("2d").getImageData(0, 0, width, height).data;
    let ink = 0;
    const colours = new Set();
    for (let i = 0; i < pixels.length; i += 4) {
      if (pixels[i + 3] > 0) {
        ink++;
        if (colours.size < 50) colours.add(`${pixels[i]},${pixels[i + 1]},${pixels[i + 2]}`);
      }
    }
    return {
      width,
      height,
      ink,
      colours: colours.size,
      role: canvas.getAttribute("role"),
      label: canvas.getAttribute("aria-label"),
    };
  }, chartId);
}

describe("progress pages", () => {
  for (const { path, chart, rows } of PAGES) {
    for (const lang of LANGUAGES) {
      it(`${path} (${lang}): chart drawn, table and description present, no serious axe violations`, async (t) => {
        const page = await browser.newPage();
        await page.setViewportSize({ width: 1280, height: 900 });
        const res = await page.goto(server.url(`${path}?lang=${lang}`), { waitUntil: "load" });
        assert.equal(res.status(), 200);
        assert.equal(await page.evaluate(() => document.documentElement.lang), lang);
        assert.equal(await page.locator("h1").count(), 1);
        if (path.endsWith("SE33")) assert.match(await page.locator("h1").innerText(), /Övre Norrland/);

        const drawn = await canvasInk(page, chart);
        assert.ok(drawn.width > 100 && drawn.height > 100, `canvas ${drawn.width}×${drawn.height}`);
        assert.ok(drawn.ink > 1000, `the chart is blank (${drawn.ink} pixels drawn)`);
        assert.ok(drawn.colours > 1, "the chart has a single colour");
        assert.equal(drawn.role, "img");
        assert.ok(drawn.label && drawn.label.length > 10, "the canvas has no text alternative");

        const caption = await page.locator(`figure:has([data-chart="${chart}"]) figcaption`).innerText();
        assert.ok(caption.length > 40, `short figcaption: ${caption}`);
        // The accessible alternative: the table with the same data.
        const table = path.endsWith("rankning")
          ? page.locator("table.data-table[data-sortable]").first()
          : page.locator("table.data-table").filter({ has: page.locator("caption", { hasText: lang === "sv" ? "Komponenter" : "Components" }) });
        assert.equal(await table.locator("tbody tr").count(), rows);
        if (path.endsWith("rankning")) {
          const first = await table.locator("tbody tr").first().innerText();
          assert.match(first, /Övre Norrland/);
          assert.match(first, lang === "sv" ? /85,16/ : /85\.16/);
          // Unavailable scores are shown as such, with the reason.
          const last = await table.locator("tbody tr").last().innerText();
          assert.match(last, lang === "sv" ? /Saknas/ : /Not available/);
        }

        const results = await runAxe(page);
        const { blocking, other } = classifyViolations(results);
        if (other.length) t.diagnostic(`axe (moderate/minor):\n${describeViolations(other)}`);
        assert.equal(blocking.length, 0, `axe found serious or critical violations:\n${describeViolations(blocking)}`);
        assert.deepEqual(page.takeProblems(), [], "script, CSP or loading errors on the page");
        await page.close();
      });
    }
  }

  it("sorting the ranking by the index keeps regions without one last", async () => {
    const page = await browser.newPage();
    await page.goto(server.url("/framsteg/eu-spi-2020/rankning?lang=en"), { waitUntil: "load" });
    const table = page.locator("table.data-table[data-sortable]").first();
    const header = table.locator("thead th").nth(4); // the index
    await header.locator("button").click();
    await header.locator("button").click(); // descending
    assert.equal(await header.getAttribute("aria-sort"), "descending");
    const last = await table.locator("tbody tr").last().innerText();
    assert.match(last, /Not available/);
    assert.deepEqual(page.takeProblems(), []);
    await page.close();
  });

  it("the scorecard reflows at 320 CSS pixels: only tables scroll sideways", async () => {
    const page = await browser.newPage();
    await page.setViewportSize({ width: 320, height: 640 });
    await page.goto(server.url("/framsteg/eu-spi-2020/SE33?lang=sv"), { waitUntil: "load" });
    await page.waitForFunction(() => document.querySelector("[data-chart]")?.dataset.chartReady === "true");
    const overflow = await page.evaluate(() => {
      const doc = document.documentElement;
      const wide = [];
      for (const el of document.body.querySelectorAll("*")) {
        const rect = el.getBoundingClientRect();
        if (rect.right > doc.clientWidth + 1 && !el.closest(".table-scroll")) wide.push(el.tagName.toLowerCase());
      }
      return { scrollWidth: doc.scrollWidth, clientWidth: doc.clientWidth, wide: wide.slice(0, 8) };
    });
    assert.ok(overflow.scrollWidth <= overflow.clientWidth + 1, `scrolls sideways: ${JSON.stringify(overflow)}`);
    assert.deepEqual(page.takeProblems(), []);
    await page.close();
  });

  it("without JavaScript the tables are there and no empty chart area takes space", async () => {
    const noScript = await launchBrowser({ javaScriptEnabled: false });
    try {
      const page = await noScript.newPage();
      await page.goto(server.url("/framsteg/eu-spi-2020/SE33?lang=sv"), { waitUntil: "load" });
      assert.ok((await page.locator("table.data-table tbody tr").count()) > 60);
      assert.equal(await page.locator("canvas").count(), 0);
      const hidden = await page.evaluate(() => getComputedStyle(document.querySelector("[data-chart]")).display);
      assert.equal(hidden, "none");
    } finally {
      await noScript.close();
    }
  });
});
