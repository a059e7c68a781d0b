// Every page, in Swedish and English, in a real browser: language, one h1, a working skip
// link, no serious or critical axe-core violations (WCAG 2.1 A and AA), every control
// reachable with Tab and drawn with a visible focus, no script or CSP errors, and reflow at
// 320 CSS pixels. Pages linked from the home page and the menus are found automatically.

import assert from "node:assert/strict";
import { after, before, describe, it } from "node:test";

import { startServer } from "../http/server.mjs";
import {
  classifyViolations,
  describeViolations,
  launchBrowser,
  markKeyboardTargets,
  runAxe,
  tabThrough,
} from "./browser.mjs";

const LANGUAGES = ["sv", "en"];
const KNOWN_PAGES = ["/", "/om", "/sdg", "/regioner", "/kontakt"];
const NOT_FOUND_PAGE = "/finns-inte";

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

// Same-origin pages linked from the home page (which includes the menu and the footer) in
// both languages, without /api/ and /static/, as paths without query or fragment; then, from
// each of those, one example of every further kind of page (paths alike but for their numbers,
// such as /aktorer/12 and /aktorer/13, are one kind), so detail pages are covered too.
async function discoverPages(page) {
  const origin = new URL(server.baseUrl).origin;
  const shape = (path) => path.replace(/\d+/g, "{n}");
  const linksOf = async () =>
    (await page.$$eval("a[href]", (links) => links.map((a) => a.href)))
      .map((href) => new URL(href))
      .filter((url) => url.origin === origin)
      .map((url) => url.pathname)
      .filter((path) => !path.startsWith("/api/") && !path.startsWith("/static/"));
  const found = new Set();
  for (const lang of LANGUAGES) {
    await page.goto(server.url(`/?lang=${lang}`));
    for (const path of await linksOf()) found.add(path);
  }
  const shapes = new Set([...found].map(shape));
  for (const path of [...found]) {
    await page.goto(server.url(path));
    for (const next of await linksOf()) {
      if (shapes.has(shape(next))) continue;
      shapes.add(shape(next));
      found.add(next);
    }
  }
  return [...found];
}

function pageUrl(path, lang) {
  return server.url(`${path}${path.includes("?") ? "&" : "?"}lang=${lang}`);
}

async function checkPage(t, page, path, lang) {
  const expectedStatus = path === NOT_FOUND_PAGE ? 404 : 200;
  const response = await page.goto(pageUrl(path, lang), { waitUntil: "load" });
  assert.ok(response, "no response");
  assert.equal(response.status(), expectedStatus);

  // Language and structure.
  assert.equal(await page.evaluate(() => document.documentElement.lang), lang);
  assert.equal(await page.locator("h1").count(), 1, "not exactly one <h1>");
  assert.ok((await page.title()).trim().length > 0, "empty <title>");
  assert.equal(await page.locator("main#main").count(), 1, "no <main id=main>");

  // The skip link is the first thing Tab reaches, is visible then, and moves focus to main.
  await page.keyboard.press("Tab");
  // Give a transition, if any, time to bring the link into view.
  await page
    .waitForFunction(() => {
      const r = document.activeElement?.getBoundingClientRect();
      return r && r.top >= 0 && r.left >= 0;
    }, null, { timeout: 1_000 })
    .catch(() => {});
  const skip = await page.evaluate(() => {
    const el = document.activeElement;
    if (!el || el.tagName !== "A") return { ok: false, what: el ? el.outerHTML.slice(0, 120) : "nothing" };
    const rect = el.getBoundingClientRect();
    const atCentre = document.elementFromPoint(rect.left + rect.width / 2, rect.top + rect.height / 2);
    return {
      ok: true,
      href: el.getAttribute("href"),
      classes: el.className,
      onScreen: rect.width > 1 && rect.height > 1 && rect.top >= 0 && rect.left >= 0 && rect.bottom <= innerHeight,
      onTop: atCentre === el || el.contains(atCentre),
    };
  });
  assert.ok(skip.ok, `the first Tab reached ${skip.what}, not a link`);
  assert.equal(skip.href, "#main", "the first focusable element is not a skip link to #main");
  assert.ok(skip.onScreen, "the skip link is not visible on screen when focused");
  assert.ok(skip.onTop, "the skip link is covered by something when focused");
  await page.keyboard.press("Enter");
  await page.waitForFunction(() => document.activeElement?.id === "main", null, { timeout: 2_000 }).catch(() => {});
  assert.equal(await page.evaluate(() => document.activeElement?.id), "main", "the skip link does not move focus to #main");

  // axe-core.
  const results = await runAxe(page);
  const { blocking, other } = classifyViolations(results);
  if (other.length) t.diagnostic(`axe (moderate/minor):\n${describeViolations(other)}`);
  assert.equal(blocking.length, 0, `axe found serious or critical violations:\n${describeViolations(blocking)}`);

  // Keyboard: from a fresh load, Tab until focus comes around; every visible control must
  // be reached, and each must show where focus is.
  await page.goto(pageUrl(path, lang), { waitUntil: "load" });
  const targets = await markKeyboardTargets(page);
  const reached = await tabThrough(page, targets.length * 2 + 20);
  const reachedIds = new Set(reached.map((r) => r.id).filter(Boolean));
  const missed = targets.filter((target) => !reachedIds.has(target.id));
  assert.deepEqual(missed.map((m) => m.description), [], "not reachable with Tab");
  const invisibleFocus = reached.filter((r) => !r.visibleFocus);
  assert.deepEqual(
    invisibleFocus.map((r) => `${r.description} (outline ${r.outline})`),
    [],
    "focus not visible on these elements",
  );

  const problems = page.takeProblems();
  assert.deepEqual(problems, [], "script, CSP or loading errors on the page");
}

async function checkReflow(page, path) {
  await page.setViewportSize({ width: 320, height: 640 });
  try {
    await page.goto(pageUrl(path, "sv"), { waitUntil: "load" });
    const overflow = await page.evaluate(() => {
      const doc = document.documentElement;
      const wide = [];
      if (doc.scrollWidth > doc.clientWidth + 1) {
        for (const el of document.body.querySelectorAll("*")) {
          const rect = el.getBoundingClientRect();
          if (rect.right > doc.clientWidth + 1 && !el.closest(".table-scroll") && !el.closest("pre")) {
            wide.push(`<${el.tagName.toLowerCase()} class="${el.className}"> ${Math.round(rect.right)}px`);
          }
        }
      }
      return { scrollWidth: doc.scrollWidth, clientWidth: doc.clientWidth, wide: wide.slice(0, 8) };
    });
    assert.ok(
      overflow.scrollWidth <= overflow.clientWidth + 1,
      `the page scrolls sideways at 320 px (${overflow.scrollWidth} > ${overflow.clientWidth}): ${overflow.wide.join(", ")}`,
    );
  } finally {
    await page.setViewportSize({ width: 1280, height: 800 });
  }
}

describe("pages", () => {
  it("every page in both languages", async (t) => {
    const page = await browser.newPage();
    await page.setViewportSize({ width: 1280, height: 800 });
    const discovered = await discoverPages(page);
    page.takeProblems();
    const paths = [...new Set([...KNOWN_PAGES, ...discovered])];
    const extra = discovered.filter((p) => !KNOWN_PAGES.includes(p));
    t.diagnostic(`pages: ${paths.join(" ")} ${NOT_FOUND_PAGE}${extra.length ? ` (found by links: ${extra.join(" ")})` : ""}`);
    for (const missing of KNOWN_PAGES.filter((p) => p !== "/" && !discovered.includes(p))) {
      t.diagnostic(`note: ${missing} is not linked from the home page or its menus`);
    }
    for (const path of [...paths, NOT_FOUND_PAGE]) {
      for (const lang of LANGUAGES) {
        await t.test(`${path} (${lang})`, (st) => checkPage(st, page, path, lang));
      }
    }
    for (const path of paths) {
      await t.test(`${path} reflows at 320 px`, () => checkReflow(page, path));
    }
  });

  it("pages work without JavaScript", async (t) => {
    const noScript = await launchBrowser({ javaScriptEnabled: false });
    try {
      const page = await noScript.newPage();
      for (const path of KNOWN_PAGES) {
        await t.test(path, async () => {
          const res = await page.goto(pageUrl(path, "sv"));
          assert.equal(res.status(), 200);
          assert.equal(await page.locator("h1").count(), 1);
          assert.ok((await page.locator(".site-nav a").count()) > 0, "no menu links");
          // The stylesheet applies without scripts: the skip link is moved out of view.
          const skipTop = await page.evaluate(() => document.querySelector(".skip-link")?.getBoundingClientRect().bottom ?? null);
          assert.ok(skipTop !== null && skipTop <= 0, "the skip link is visible without focus (stylesheet not applied?)");
        });
      }
    } finally {
      await noScript.close();
    }
  });
});
