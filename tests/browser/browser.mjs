// Browser helpers for the end-to-end tests: Debian's Chromium driven by playwright-core,
// axe-core checks, and a keyboard walk through a page.

import assert from "node:assert/strict";
import { createRequire } from "node:module";
import { mkdtemp, readFile, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";

import { chromium } from "playwright-core";

const require = createRequire(import.meta.url);

export const CHROMIUM = process.env.SAMVERKAN_CHROMIUM || "/usr/bin/chromium";
const CHROMIUM_ARGS = [
  "--headless",
  "--no-sandbox",
  "--disable-gpu",
  "--disable-quic",
  "--no-first-run",
  "--disable-background-networking",
  "--disable-component-update",
  "--disable-sync",
];

export const AXE_TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"];

// A fresh browser with its own temporary profile. Options go to the browser context (e.g.
// { javaScriptEnabled: false }, { viewport }). close() removes the profile.
export async function launchBrowser(options = {}) {
  const userDataDir = await mkdtemp(join(tmpdir(), "samverkan-chromium-"));
  let context;
  try {
    context = await chromium.launchPersistentContext(userDataDir, {
      executablePath: CHROMIUM,
      headless: true,
      args: CHROMIUM_ARGS,
      locale: "sv-SE",
      timeout: 60_000,
      ...options,
    });
  } catch (err) {
    await rm(userDataDir, { recursive: true, force: true });
    throw new Error(`Could not start Chromium (${CHROMIUM}): ${err.message}`);
  }
  context.setDefaultTimeout(15_000);
  context.setDefaultNavigationTimeout(30_000);
  return {
    context,
    async newPage() {
      // A persistent context opens with one blank page; use it first.
      const blank = context.pages().find((p) => p.url() === "about:blank" && !p.__samverkanUsed);
      const page = blank || (await context.newPage());
      page.__samverkanUsed = true;
      return watchPage(page);
    },
    async close() {
      await context.close().catch(() => {});
      await rm(userDataDir, { recursive: true, force: true });
    },
  };
}

// Collects what goes wrong on a page: script errors, console errors (CSP violations are
// reported there), failed requests and subresources answered with an error status.
function watchPage(page) {
  const problems = [];
  page.on("pageerror", (err) => problems.push(`script error: ${err.message}`));
  page.on("console", (msg) => {
    if (msg.type() === "error") problems.push(`console error: ${msg.text()}`);
  });
  page.on("requestfailed", (req) => {
    const failure = req.failure()?.errorText || "failed";
    // A navigation away cancels requests still under way; that is not the page's fault.
    if (failure !== "net::ERR_ABORTED") problems.push(`request failed: ${req.url()} (${failure})`);
  });
  page.on("response", (res) => {
    if (res.status() >= 400 && res.request().resourceType() !== "document") {
      problems.push(`${res.status()} for ${res.url()}`);
    }
  });
  page.problems = problems;
  // "Failed to load resource" console errors repeat what the response listener saw, and
  // for the document itself (the 404 page) they are expected.
  page.takeProblems = () => problems.splice(0).filter((p) => !/^console error: Failed to load resource/.test(p));
  return page;
}

let axeSource = null;

// Runs axe-core on the page. Evaluated through the DevTools protocol, so the page's CSP
// (script-src 'self') stays in force for the page itself.
export async function runAxe(page, tags = AXE_TAGS) {
  if (!axeSource) axeSource = await readFile(require.resolve("axe-core/axe.min.js"), "utf8");
  const loaded = await page.evaluate(() => typeof window.axe !== "undefined");
  if (!loaded) await page.evaluate(axeSource);
  return page.evaluate(
    async (values) =>
      window.axe.run(document, {
        runOnly: { type: "tag", values },
        resultTypes: ["violations"],
      }),
    tags,
  );
}

// Splits axe violations into those that fail a test (serious, critical) and the rest.
export function classifyViolations(results) {
  const blocking = results.violations.filter((v) => v.impact === "serious" || v.impact === "critical");
  const other = results.violations.filter((v) => !blocking.includes(v));
  return { blocking, other };
}

export function describeViolations(violations) {
  return violations
    .map(
      (v) =>
        `[${v.impact}] ${v.id}: ${v.help} (${v.helpUrl})\n` +
        v.nodes
          .slice(0, 5)
          .map((n) => `    ${n.target.join(" ")}: ${n.failureSummary?.replace(/\s+/g, " ")}`)
          .join("\n"),
    )
    .join("\n");
}

// Runs axe on the page as it is: a serious or critical violation fails the test, the others
// are reported as diagnostics of test context `t`.
export async function expectNoSeriousViolations(t, page, what) {
  const { blocking, other } = classifyViolations(await runAxe(page));
  if (other.length) t.diagnostic(`${what}: ${describeViolations(other)}`);
  assert.equal(blocking.length, 0, `${what}: ${describeViolations(blocking)}`);
}

const FOCUSABLE =
  'a[href], area[href], button, input:not([type="hidden"]), select, textarea, summary, iframe, [tabindex], [contenteditable="true"]';

// Marks every element a keyboard user must be able to reach with Tab (visible, enabled,
// not tabindex=-1, not inert) with data-kbd-id, and returns their descriptions.
export async function markKeyboardTargets(page) {
  return page.evaluate((selector) => {
    const describe = (el) => {
      const text = (el.getAttribute("aria-label") || el.textContent || el.getAttribute("name") || "").replace(/\s+/g, " ").trim().slice(0, 40);
      const href = el.getAttribute("href");
      return `<${el.tagName.toLowerCase()}${el.id ? `#${el.id}` : ""}${href ? ` href="${href}"` : ""}> ${text}`;
    };
    const targets = [];
    let n = 0;
    for (const el of document.querySelectorAll(selector)) {
      if (el.hasAttribute("disabled") || el.closest("[inert]")) continue;
      const tabindex = el.getAttribute("tabindex");
      if (tabindex !== null && Number(tabindex) < 0) continue;
      // Inside a closed <details>, only the summary can be reached.
      const details = el.closest("details");
      if (details && !details.open && el.tagName !== "SUMMARY") continue;
      if (el.tagName === "SUMMARY" && el.parentElement?.tagName !== "DETAILS") continue;
      if (typeof el.checkVisibility === "function" && !el.checkVisibility({ visibilityProperty: true })) continue;
      const rect = el.getBoundingClientRect();
      if (rect.width === 0 && rect.height === 0) continue;
      const style = getComputedStyle(el);
      if (style.visibility === "hidden" || style.display === "none") continue;
      // Of a group of radio buttons, one is in the tab order.
      const group = el.type === "radio" && el.name ? `radio:${el.form?.id || ""}:${el.name}` : null;
      const id = group || `k${n++}`;
      el.dataset.kbdId = id;
      if (!targets.some((t) => t.id === id)) targets.push({ id, description: describe(el) });
    }
    return targets;
  }, FOCUSABLE);
}

// Presses Tab from the top of the page until focus comes back to where it started (or
// leaves the document after reaching something). Returns the focused elements in order,
// each with how its focus is drawn.
export async function tabThrough(page, maxSteps) {
  await page.evaluate(() => {
    if (document.activeElement && document.activeElement !== document.body) document.activeElement.blur();
  });
  const reached = [];
  for (let step = 0; step < maxSteps; step++) {
    await page.keyboard.press("Tab");
    const info = await page.evaluate(() => {
      const el = document.activeElement;
      if (!el || el === document.body || el === document.documentElement) return null;
      const style = getComputedStyle(el);
      const text = (el.getAttribute("aria-label") || el.textContent || el.getAttribute("name") || "").replace(/\s+/g, " ").trim().slice(0, 40);
      return {
        id: el.dataset.kbdId || null,
        description: `<${el.tagName.toLowerCase()}${el.id ? `#${el.id}` : ""}> ${text}`,
        outline: `${style.outlineStyle} ${style.outlineWidth}`,
        visibleFocus:
          (style.outlineStyle !== "none" && parseFloat(style.outlineWidth) >= 2) ||
          (style.boxShadow && style.boxShadow !== "none"),
      };
    });
    if (!info) {
      if (reached.length) break;
      continue;
    }
    if (reached.length && info.id && info.id === reached[0].id) break;
    reached.push(info);
  }
  return reached;
}
