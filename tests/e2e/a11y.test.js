// Accessibility audit: axe-core (npm) in Debian's chromium on the search,
// document, editor, no-results and not-found pages, at a desktop and a phone
// width. Every WCAG 2.x A/AA rule axe checks must pass: 0 violations.
import { test, before, after } from "node:test";
import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import { createRequire } from "node:module";
import { chromium } from "playwright-core";

const BASE = process.env.M4D_BASE_URL;
const AXE = readFileSync(createRequire(import.meta.url).resolve("axe-core/axe.min.js"), "utf8");
let browser;

before(async () => {
  assert.ok(BASE, "M4D_BASE_URL must be set (run tests/e2e/run.sh)");
  browser = await chromium.launch({
    executablePath: process.env.CHROMIUM || "/usr/bin/chromium",
    args: ["--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run", "--disable-background-networking",
           "--disable-component-update", "--disable-sync", "--disable-dev-shm-usage"],
  });
});
after(async () => { await browser?.close(); });

// The pages, each with what shows it is rendered.
const PAGES = [
  ["search", "/?q=remittances", "#results > li"],
  ["search with filters and coverage", "/?q=diaspora&theme=communities&country=SN&view=coverage&ui_lang=fr", "#coverage table"],
  ["document", "/?doc=ss-15&q=remittances", "#document .doc-tags"],
  ["editor", "/?view=editor", "#doc-form"],
  ["no results", "/?q=qwzxv%20plkjh&theme=rights", "#no-results:not([hidden])"],
  ["not found", "/?doc=no-such-unit", "#document h1"],
  ["search in Arabic", "/?q=remittances&ui_lang=ar", "#results > li"],
];

for (const [width, height] of [[1280, 900], [375, 800]])
  for (const [name, path, ready] of PAGES)
    test(`axe: ${name} at ${width} px has no violation`, async () => {
      // axe is injected as a script: the service's Content-Security-Policy
      // (script-src 'self') is bypassed for the audit only.
      const context = await browser.newContext({ viewport: { width, height }, bypassCSP: true });
      try {
        const page = await context.newPage();
        await page.goto(`${BASE}${path}`);
        await page.waitForSelector(ready);
        await page.addScriptTag({ content: AXE });
        const result = await page.evaluate(async () =>
          // eslint-disable-next-line no-undef
          axe.run(document, { runOnly: { type: "tag", values: ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "best-practice"] } }));
        const found = result.violations.map((v) =>
          `${v.id} (${v.impact}, ${v.nodes.length}): ${v.nodes.slice(0, 3).map((n) => n.target.join(" ")).join(" | ")}`);
        assert.deepEqual(found, [], found.join("\n"));
      } finally {
        await context.close();
      }
    });
