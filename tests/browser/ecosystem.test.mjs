// The ecosystem map in a real browser: a visitor filters by sector and county with the form,
// finds an actor in the map's table view and shows it on the map, in Swedish and English. The
// map is drawn (a canvas with ink), the keyboard reaches the zoom buttons, the map and the
// table's buttons, and arrow keys move between actors; no script or CSP errors (Cytoscape's
// own <style> element would be one) and no serious or critical axe-core violations. Without
// JavaScript the form and the table work and no empty map takes space.

import assert from "node:assert/strict";
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

const TEXT = {
  sv: {
    sector: "Sektor",
    county: "Län",
    civil: "Idéburen sektor",
    countyName: "Västerbottens län",
    show: "Visa",
    actor: "Föreningen Ringbrevet Umeå",
    partner: /Partnerskap: Umeå kommun/,
    showOnMap: "Visa på kartan",
    zoomIn: "Zooma in",
    status: /Föreningen Ringbrevet Umeå \(Idéburen sektor\)\. Relationer på kartan: 1\./,
  },
  en: {
    sector: "Sector",
    county: "County",
    civil: "Civil society / non-profit",
    countyName: "Västerbottens län",
    show: "Show",
    actor: "Ringbrevet Association Umeå",
    partner: /Partnership: Umeå Municipality/,
    showOnMap: "Show on the map",
    zoomIn: "Zoom in",
    status: /Ringbrevet Association Umeå \(Civil society \/ non-profit\)\. Relations on the map: 1\./,
  },
};

// Waits until the map's canvases hold more than `min` drawn pixels (Cytoscape draws on the
// next animation frames) and returns how many they hold.
async function mapInk(page, min) {
  const ink = () => {
    let drawn = 0;
    for (const canvas of document.querySelectorAll("[data-ecosystem-map] canvas")) {
      const { width, height } = canvas;
      if (!width || !height) continue;
      const pixels = canvas.getContext("2d").getImageData(0, 0, width, height).data;
      for (let i = 3; i < pixels.length; i += 4) if (pixels[i] > 0) drawn++;
    }
    return drawn;
  };
  await page.waitForFunction(() => document.querySelector("[data-ecosystem-map]")?.dataset.mapReady === "true", null, {
    timeout: 15_000,
  });
  await page
    .waitForFunction(`(${ink.toString()})() > ${min}`, null, { timeout: 10_000, polling: 200 })
    .catch(() => {});
  return page.evaluate(`(${ink.toString()})()`);
}

describe("ecosystem map", () => {
  for (const lang of ["sv", "en"]) {
    it(`(${lang}) a visitor filters by sector and county and finds an actor on the map's table`, async (t) => {
      const t_ = TEXT[lang];
      const page = await browser.newPage();
      await page.setViewportSize({ width: 1280, height: 900 });
      const res = await page.goto(server.url(`/ekosystem?lang=${lang}`), { waitUntil: "load" });
      assert.equal(res.status(), 200);
      assert.equal(await page.evaluate(() => document.documentElement.lang), lang);
      assert.ok((await mapInk(page, 500)) > 500, "the whole map is blank");

      // Filter with the form, as a visitor does.
      await page.getByLabel(t_.sector, { exact: true }).selectOption({ label: t_.civil });
      await page.getByLabel(t_.county, { exact: true }).selectOption({ label: t_.countyName });
      await Promise.all([page.waitForURL(/county=24/), page.getByRole("button", { name: t_.show, exact: true }).click()]);
      assert.match(page.url(), /sector=civil_society/);

      const table = page.locator("table.eco-table");
      assert.equal(await table.locator("tbody tr").count(), 3);
      const row = table.locator("tbody tr", { hasText: t_.actor });
      assert.equal(await row.count(), 1);
      assert.match(await row.innerText(), t_.partner);
      assert.ok((await mapInk(page, 100)) > 100, "the filtered map is blank");
      const caption = await page.locator("figure.eco-map figcaption").innerText();
      assert.match(caption, lang === "sv" ? /Aktörer på kartan: 3\./ : /Actors on the map: 3\./);
      assert.ok((await page.locator("[data-ecosystem-map]").getAttribute("aria-label")).length > 10);

      // The row's button shows the actor on the map and says so in the live region.
      await row.getByRole("button", { name: new RegExp(t_.showOnMap) }).click();
      await page.waitForFunction(() => document.querySelector("[data-map-status]")?.textContent.length > 0);
      assert.match(await page.locator("[data-map-status]").innerText(), t_.status);
      assert.ok(await page.evaluate(() => document.activeElement?.hasAttribute("data-ecosystem-map")), "focus is not on the map");

      const results = await runAxe(page);
      const { blocking, other } = classifyViolations(results);
      if (other.length) t.diagnostic(`axe (moderate/minor):\n${describeViolations(other)}`);
      assert.equal(blocking.length, 0, `axe found serious or critical violations:\n${describeViolations(blocking)}`);
      assert.deepEqual(page.takeProblems(), [], "script, CSP or loading errors on the page");
      await page.close();
    });
  }

  it("is usable from the keyboard: zoom buttons, the map and arrow keys between actors", async () => {
    const page = await browser.newPage();
    await page.setViewportSize({ width: 1280, height: 900 });
    await page.goto(server.url("/ekosystem?county=24&lang=en"), { waitUntil: "load" });
    await mapInk(page, 100);

    // Tab from the zoom buttons to the map.
    await page.getByRole("button", { name: "Zoom in", exact: true }).focus();
    const before = await page.evaluate(() => document.querySelector("[data-ecosystem-map]").ecosystemMap.zoom());
    await page.keyboard.press("Enter");
    const after = await page.evaluate(() => document.querySelector("[data-ecosystem-map]").ecosystemMap.zoom());
    assert.ok(after > before, `zoom ${before} → ${after}`);
    await page.keyboard.press("Tab");
    await page.keyboard.press("Tab");
    await page.keyboard.press("Tab");
    const focused = await page.evaluate(() => ({
      map: document.activeElement?.hasAttribute("data-ecosystem-map"),
      outline: getComputedStyle(document.activeElement).outlineStyle,
    }));
    assert.ok(focused.map, "Tab after the zoom buttons does not reach the map");
    assert.notEqual(focused.outline, "none", "the focused map has no visible focus");

    // Arrow keys choose actors in the table's order and announce them.
    const firstRow = await page.locator("table.eco-table tbody tr th a").first().innerText();
    await page.keyboard.press("ArrowRight");
    const status = page.locator("[data-map-status]");
    assert.match(await status.innerText(), new RegExp(`^${firstRow.replace(/[.*+?^${}()|[\]\\]/g, "\\$&")} \\(`));
    await page.keyboard.press("ArrowRight");
    assert.doesNotMatch(await status.innerText(), new RegExp(`^${firstRow}`));
    // Escape shows the whole map again.
    await page.keyboard.press("Escape");
    assert.equal(await status.innerText(), "");
    assert.deepEqual(page.takeProblems(), []);
    await page.close();
  });

  it("without JavaScript the filter form and the table work and the map takes no space", async () => {
    const noScript = await launchBrowser({ javaScriptEnabled: false });
    try {
      const page = await noScript.newPage();
      await page.goto(server.url("/ekosystem?lang=sv"), { waitUntil: "load" });
      await page.getByLabel("Sektor", { exact: true }).selectOption("public");
      await page.getByLabel("Län", { exact: true }).selectOption("24");
      await Promise.all([page.waitForURL(/county=24/), page.getByRole("button", { name: "Visa", exact: true }).click()]);
      const names = await page.locator("table.eco-table tbody tr th").allInnerTexts();
      assert.deepEqual(names, ["Dorotea kommun", "Region Västerbotten", "Umeå kommun"]);
      const display = await page.evaluate(() => getComputedStyle(document.querySelector("[data-ecosystem-map]")).display);
      assert.equal(display, "none");
      assert.equal(await page.locator(".eco-map__toolbar").isVisible(), false);
    } finally {
      await noScript.close();
    }
  });
});
