// The web UI in a real browser: Debian's chromium driven by playwright-core,
// against a real m4d-serve (started by tests/e2e/run.sh, URL in M4D_BASE_URL).
import { test, before, after } from "node:test";
import assert from "node:assert/strict";
import { mkdirSync } from "node:fs";
import { chromium } from "playwright-core";

const BASE = process.env.M4D_BASE_URL;
const ARTIFACTS = process.env.M4D_E2E_ARTIFACTS || "e2e-artifacts";
// Every journey runs at a desktop width, then again at a phone width (run.sh).
const [WIDTH, HEIGHT] = (process.env.M4D_E2E_VIEWPORT || "1280x900").split("x").map(Number);
const VIEWPORT = { width: WIDTH, height: HEIGHT };
const PHONE = WIDTH < 600;
const shot = (name) => `${ARTIFACTS}/${name}${PHONE ? "-phone" : ""}.png`;
let browser;
let page;

before(async () => {
  assert.ok(BASE, "M4D_BASE_URL must be set (run tests/e2e/run.sh)");
  mkdirSync(ARTIFACTS, { recursive: true });
  browser = await chromium.launch({
    executablePath: process.env.CHROMIUM || "/usr/bin/chromium",
    // As root: no sandbox. This machine's network is closed: no background networking.
    args: ["--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run", "--disable-background-networking",
           "--disable-component-update", "--disable-sync", "--disable-dev-shm-usage"],
  });
  page = await browser.newPage({ viewport: VIEWPORT });
  page.on("pageerror", (e) => { throw e; });
});

after(async () => { await browser?.close(); });

const count = async () => (await page.textContent("#result-count")) || "";

// Polls `predicate` from node (page.waitForFunction would need 'unsafe-eval',
// which the service's Content-Security-Policy rightly forbids).
async function waitUntil(predicate, what) {
  for (let i = 0; i < 200; ++i) {
    if (await predicate()) return;
    await new Promise((r) => setTimeout(r, 50));
  }
  assert.fail(`timed out waiting for ${what}`);
}
const totalOf = (text) => Number((text.match(/\d+/) || ["0"])[0]);

// On a phone the filters are a drawer: opened before a test uses them.
async function showFilters() {
  await page.waitForSelector("#filters-toggle", { state: "attached" });
  if (PHONE && (await page.isHidden("#facets"))) await page.click("#filters-toggle");
}

test("a search shows results with snippets, tags and a count", async () => {
  await page.goto(`${BASE}/?q=remittances`);
  await page.waitForSelector("#results > li");
  const text = await count();
  assert.ok(totalOf(text) > 5, text);
  assert.ok(await page.locator("#results .snippet mark").count() > 0, "query terms are marked");
  assert.equal(await page.inputValue("#q"), "remittances");
  await page.screenshot({ path: shot("search"), fullPage: true });
});

test("selecting two facet values filters and updates the counts", async () => {
  await page.goto(`${BASE}/?q=remittances`);
  await showFilters();
  await page.waitForSelector("#facets .facet input[type=checkbox]");
  const before = totalOf(await count());
  await page.locator("#facets input[id^='f-theme-']").first().check();
  await page.waitForURL(/theme=/);
  await waitUntil(async () => totalOf(await count()) !== before, "the count to change");
  const afterTheme = totalOf(await count());
  assert.ok(afterTheme < before, `${afterTheme} < ${before}`);
  await showFilters();
  await page.locator("#facets input[id^='f-country-']").first().check();
  await page.waitForURL(/country=/);
  await waitUntil(async () => totalOf(await count()) !== afterTheme, "the count to change again");
  const afterCountry = totalOf(await count());
  assert.ok(afterCountry <= afterTheme && afterCountry > 0, `${afterCountry} <= ${afterTheme}`);
  assert.equal(await page.locator("#active-filters .chip").count(), 3, "two filters and 'clear all'");
  // Back restores the previous state.
  await page.goBack();
  await waitUntil(async () => !page.url().includes("country="), "the URL without country");
  await waitUntil(async () => totalOf(await count()) === afterTheme, "the previous count");
  await page.screenshot({ path: shot("facets"), fullPage: true });
});

test("an SDG goal tile filters, and a shared URL restores the search", async () => {
  await page.goto(`${BASE}/?q=diaspora&goal=10`);
  await showFilters();
  await page.waitForSelector(".goal-tile");
  assert.equal(await page.inputValue("#q"), "diaspora");
  assert.equal((await page.textContent(".goal-tile[aria-pressed=true]")).startsWith("10."), true);
  const hits = await page.locator("#results > li").count();
  assert.ok(hits > 0);
  // The goal expands into its targets in the target facet.
  const targets = await page.locator("#facets input[id^='f-sdg-']").evaluateAll((boxes) => boxes.map((b) => b.id));
  assert.ok(targets.length > 0 && targets.every((id) => id.startsWith("f-sdg-10.")), targets.join(" "));
});

test("'stated by the authors only' narrows a target to the authors' own links, kept in the URL", async () => {
  await page.goto(`${BASE}/?type=case_study&sdg=10.7`);
  await page.waitForSelector("#results > li");
  const all = totalOf(await count());
  await showFilters();
  await page.check("#scope-sdg_provenance");
  await page.waitForURL(/sdg_provenance=stated/);
  await waitUntil(async () => totalOf(await count()) !== all, "the count to change");
  const stated = totalOf(await count());
  assert.ok(stated > 0 && stated < all, `${stated} of ${all}`);
  await page.reload();
  await page.waitForSelector("#results > li");
  assert.ok(await page.isChecked("#scope-sdg_provenance"), "the switch is restored from the URL");
  assert.equal(totalOf(await count()), stated);
  await showFilters();
  await page.check("#scope-country_role");
  await page.waitForURL(/country_role=primary/);
  await page.locator("#active-filters .chip", { hasText: /authors/ }).click();
  await page.waitForURL((url) => !url.search.includes("sdg_provenance"));
  assert.ok(page.url().includes("country_role=primary"));
});

test("a selected region expands into its countries", async () => {
  await page.goto(`${BASE}/?region=002`);
  await showFilters();
  await page.waitForSelector("#facets ul.nested input");
  const nested = await page.locator("#facets ul.nested input").evaluateAll((boxes) => boxes.map((b) => b.id));
  assert.ok(nested.some((id) => id.endsWith("-SN")), nested.join(" "));
  assert.ok(!nested.some((id) => id.endsWith("-FR")), "France is not in Africa");
  await page.locator("#facets ul.nested input[id$='-SN']").check();
  await page.waitForURL(/country=SN/);
});

test("the SDG coverage grid counts units per theme and goal, and a cell filters", async () => {
  await page.goto(`${BASE}/?q=migrants`);
  await page.waitForSelector("#results > li");
  await page.click("#coverage-toggle");
  await page.waitForURL(/view=coverage/);
  await page.waitForSelector("#coverage tbody tr");
  assert.equal(await page.locator("#coverage tbody tr").count(), 4, "one row per theme");
  assert.equal(await page.locator("#coverage tbody tr").first().locator("td").count(), 17, "one column per goal");
  assert.match(await page.textContent("#coverage thead th.goal-head >> nth=9"), /^10\. .+/, "columns named for screen readers");
  await page.screenshot({ path: shot("coverage"), fullPage: true });
  const cell = page.locator("#coverage td button:not([disabled])").first();
  const n = Number(await cell.textContent());
  assert.ok(n > 0);
  await cell.click();
  await page.waitForURL(/goal=/);
  assert.match(page.url(), /theme=/);
  await waitUntil(async () => totalOf(await count()) === n, `the count of the cell (${n})`);
});

test("a document opens with tags, provenance and similar practices", async () => {
  await page.goto(`${BASE}/?q=financial%20literacy`);
  await page.waitForSelector("#results > li a");
  const title = await page.textContent("#results > li a");
  await page.click("#results > li a");
  await page.waitForSelector("#document h1");
  assert.equal(await page.textContent("#document h1"), title);
  assert.ok(await page.locator("#document .prov").count() > 0, "tags carry provenance");
  await page.waitForSelector("#similar > li a");
  await page.screenshot({ path: shot("document"), fullPage: true });
  const similar = await page.textContent("#similar > li a");
  await page.click("#similar > li a");
  await waitUntil(async () => (await page.textContent("#document h1")) === similar, "the similar practice");
});

test("a document shows its text first, tags in words at the side (below on a phone), and tags filter", async () => {
  await page.goto(`${BASE}/?doc=ss-15&ui_lang=fr`);
  await page.waitForSelector("#document .doc-tags .prov");
  const text = await page.locator("#document .doc-text").boundingBox();
  const tags = await page.locator("#document .doc-tags").boundingBox();
  if (!PHONE) assert.ok(tags.x > text.x + text.width - 1 && tags.y < text.y + 200, "tags beside the text on a desktop");
  const words = await page.locator("#document .prov").allTextContents();
  assert.ok(words.some((w) => w.includes("indiqué par les auteurs")), words.join(" | "));
  assert.ok(words.some((w) => w.includes("lieu de la pratique")), words.join(" | "));
  assert.match(await page.textContent("#document"), /Ce document est en anglais/);
  for (const quote of await page.locator("#document blockquote").allTextContents())
    assert.match(quote, /^[\p{L}\p{N}"“«(]/u, `no stray symbol: ${quote.slice(0, 40)}`);
  await page.setViewportSize({ width: 375, height: 800 });
  const phoneText = await page.locator("#document .doc-text").boundingBox();
  const phoneTags = await page.locator("#document .doc-tags").boundingBox();
  assert.ok(phoneTags.y > phoneText.y + phoneText.height - 1, "tags below the text on a phone");
  assert.ok(await page.evaluate(() => document.documentElement.scrollWidth <= 375), "nothing wider than the phone");
  await page.setViewportSize(VIEWPORT);
  await page.click("#document .doc-tags a[href*='country=SN']");
  await page.waitForURL(/country=SN/);
  await page.waitForSelector("#results > li");
  assert.ok(!page.url().includes("doc="), page.url());
});

test("a document cites itself in RIS, BibTeX and CSL-JSON, and prints as a practice sheet", async () => {
  await page.goto(`${BASE}/?doc=ss-15`);
  await page.waitForSelector("#document .cite summary");
  await page.click("#document .cite summary");
  const title = await page.textContent("#document h1");
  const [ris, bib, csl] = await page.locator("#document .cite pre").allTextContents();
  assert.match(ris, /^TY {2}- CHAP\r\n/);
  assert.ok(ris.includes(`TI  - ${title}\r\n`), ris);
  assert.match(ris, /T2 {2}- Success Stories: Local and Regional Authorities/);
  assert.match(ris, /PB {2}- UN Joint Migration and Development Initiative/);
  assert.match(ris, /PY {2}- 2017/);
  assert.match(ris, /UR {2}- http:\/\/[^\s]+\/\?doc=ss-15/);
  assert.match(ris, /ER {2}-\r\n$/);
  assert.match(bib, /^@incollection\{ss-15,\n {2}title = \{Integrating Migration into Local Development Plans\}/);
  assert.match(bib, /year = \{2017\}/);
  const item = JSON.parse(csl)[0];
  assert.equal(item.title, title);
  assert.equal(item.type, "chapter");
  assert.equal(item.issued["date-parts"][0][0], 2017);
  assert.match(item["container-title"], /^Success Stories/);
  assert.equal(await page.getAttribute("#document .cite a[download$='.bib']", "download"), "ss-15.bib");

  await page.emulateMedia({ media: "print" });
  for (const hidden of ["header.top", "#back-link", "#similar-section", "#document .cite", "footer"])
    assert.equal(await page.isVisible(hidden), false, `${hidden} is not printed`);
  assert.ok(await page.isVisible("#document .doc-text"));
  assert.ok(await page.isVisible("#document .doc-tags"));
  assert.match(await page.textContent("#document .print-only"), /\?doc=ss-15/);
  await page.pdf({ path: `${ARTIFACTS}/practice-sheet.pdf` });
  await page.screenshot({ path: shot("practice-sheet"), fullPage: true });
  await page.emulateMedia({ media: "screen" });
  assert.equal(await page.isVisible("#document .print-only"), false);
});

test("a correction offers to search the words as typed", async () => {
  await page.goto(`${BASE}/?q=remitances`);
  await page.waitForSelector("#did-you-mean:not([hidden])");
  assert.match(await page.textContent("#did-you-mean"), /Showing results for remittances\. Search instead for remitances/);
  await page.click("#did-you-mean a");
  await page.waitForURL(/correct=false/);
  await waitUntil(async () => page.isHidden("#did-you-mean"), "the correction to go");
});

test("no results: the stale answer goes, filters can be removed, topics are offered", async () => {
  await page.goto(`${BASE}/?q=remittances`);
  await page.waitForSelector("#results > li");
  await page.goto(`${BASE}/?q=qwzxv%20plkjh&theme=rights`);
  await page.waitForSelector("#no-results:not([hidden])");
  assert.equal(await page.locator("#results > li").count(), 0);
  assert.equal(await page.locator("#pagination button").count(), 0);
  assert.equal(await page.locator(".goal-tile").count(), 0, "no faded tiles");
  assert.match(await page.textContent("#no-results h2"), /No results for “qwzxv plkjh”/);
  const without = page.locator("#no-results a", { hasText: /Try without/ });
  assert.equal(await without.count(), 1);
  assert.match(await without.textContent(), /Try without: Migrant rights/, "the filter by its name");
  assert.ok(await page.locator("#no-results a.chip").count() >= 3, "popular topics");
  await without.click();
  await page.waitForURL((url) => !url.search.includes("theme="));
});

test("a query over 1,000 characters is shortened with a notice; an error leaves no stale results", async () => {
  await page.goto(`${BASE}/?q=remittances`);
  await page.waitForSelector("#results > li");
  await page.goto(`${BASE}/?q=${"migration ".repeat(120)}`);
  await page.waitForSelector("#query-notice:not([hidden])");
  assert.match(await page.textContent("#query-notice"), /shortened/);
  assert.ok([...(await page.inputValue("#q"))].length <= 1000);
  await page.goto(`${BASE}/?q=remittances`);
  await page.waitForSelector("#results > li");
  await page.goto(`${BASE}/?q=remittances&country=XX`);  // unknown country: the service answers 400
  await page.waitForSelector("#result-count:has-text('could not answer')");
  assert.equal(await page.locator("#results > li").count(), 0);
  assert.equal(await page.locator("#facets .facet").count(), 0);
  assert.equal(await page.locator("#active-filters .chip").count(), 0);
  assert.ok(await page.isHidden("#expansion-line"));
});

test("an unknown document says so and leads back to the search", async () => {
  await page.goto(`${BASE}/?doc=no-such-unit`);
  await page.waitForSelector("#document h1");
  assert.match(await page.textContent("#document h1"), /No document with this id/);
  assert.ok(await page.isHidden("#similar-heading"), "no empty 'Similar practices'");
  assert.equal(await page.getAttribute("#document a", "href"), "/");
});

test("result tags are names that add their filter", async () => {
  await page.goto(`${BASE}/?q=remittances`);
  await page.waitForSelector("#results .tags a.chip");
  const chips = await page.locator("#results > li:first-child .tags a.chip").allTextContents();
  assert.ok(chips.every((c) => !/^[A-Z]{2}$/.test(c)), `country names, not codes: ${chips.join(", ")}`);
  assert.ok(chips.filter((c) => c.startsWith("SDG")).length <= 6, "at most 6 target chips");
  const before = totalOf(await count());
  await page.locator("#results > li:first-child .tags a.chip").first().click();
  await page.waitForURL(/theme=|country=/);
  await page.waitForSelector("#results > li");
  assert.ok(totalOf(await count()) <= before);
  assert.ok(page.url().includes("q=remittances"), "the search is kept");
});

test("a document opened from a search keeps the search: link, search box, back link, tab title", async () => {
  await page.goto(`${BASE}/?q=diaspora&theme=communities&page=2`);
  await page.waitForSelector("#results > li a");
  assert.match(await page.title(), /diaspora/);
  const href = await page.getAttribute("#results > li a", "href");
  assert.match(href, /q=diaspora/);
  assert.match(href, /theme=communities/);
  await page.click("#results > li a");
  await page.waitForSelector("#document h1");
  assert.equal(await page.inputValue("#q"), "diaspora");
  await page.click("#back-link");
  await page.waitForSelector("#results > li a");
  const back = new URL(page.url());
  assert.equal(back.searchParams.get("q"), "diaspora");
  assert.equal(back.searchParams.get("theme"), "communities");
  assert.equal(back.searchParams.get("page"), "2");
  // A new page of results: focus moves to the result count, the view to the results.
  await page.click("#pagination button:not([disabled])");
  await waitUntil(async () => (await page.evaluate(() => document.activeElement?.id)) === "result-count",
    "focus on the result count");
});

test("the search page has one h1, a skip link to the results, and goal tiles named by what they show", async () => {
  await page.goto(`${BASE}/?q=remittances`);
  await page.waitForSelector("#results > li");
  // Hidden views keep their own headings; the search page shows one h1 (visually hidden, for screen readers).
  assert.equal(await page.locator("#search-view h1").count(), 1);
  assert.equal(await page.locator("#document-view:not([hidden]) h1, #editor-view:not([hidden]) h1").count(), 0);
  await page.keyboard.press("Tab");
  assert.equal(await page.evaluate(() => document.activeElement?.className), "skip-link");
  await page.keyboard.press("Enter");
  assert.equal(await page.evaluate(() => document.activeElement?.id), "results-area");
  const tile = page.locator(".goal-tile:not([disabled])").first();
  const visible = (await tile.locator("span:not(.visually-hidden)").allTextContents()).join(" ");
  const name = (await tile.textContent()).replace(/\s+/g, " ");
  for (const part of visible.split(" ")) assert.ok(name.includes(part), `${name} names ${part}`);
  const controls = await tile.getAttribute("aria-controls");
  assert.equal(await page.locator(`#${controls}`).count(), 1, "aria-controls names an element of the page");
});

test("the language switch changes UI labels and facet labels", async () => {
  await page.goto(`${BASE}/?q=migrants`);
  await showFilters();
  await page.waitForSelector("#facets h2");
  await page.selectOption("#ui-lang", "fr");
  await page.waitForURL(/ui_lang=fr/);
  await waitUntil(async () => (await page.textContent("#search-form button")) === "Rechercher", "French labels");
  await waitUntil(async () => (await page.locator("#facets h2").allTextContents()).includes("Thèmes"), "French facets");
  assert.equal(await page.getAttribute("html", "lang"), "fr");
  const badges = await page.locator("#results .badge").allTextContents();
  assert.ok(badges.length && badges.every((b) => !/case study|handbook section|text box|project/i.test(b)), `French type badges: ${badges}`);
  await page.screenshot({ path: shot("search-fr"), fullPage: true });
});

test("an Arabic UI reads right to left, with the taxonomy's Arabic labels, and English documents stay left to right", async () => {
  await page.goto(`${BASE}/?q=remittances`);
  await page.waitForSelector("#results > li");
  await page.selectOption("#ui-lang", "ar");
  await page.waitForURL(/ui_lang=ar/);
  await waitUntil(async () => (await page.textContent("#search-form button")) === "بحث", "Arabic labels");
  assert.equal(await page.getAttribute("html", "dir"), "rtl");
  assert.equal(await page.getAttribute("html", "lang"), "ar");
  await waitUntil(async () => (await page.locator("#facets h2").allTextContents()).includes("المواضيع"), "Arabic facet headings");
  const themes = await page.locator("#facets section").first().locator("label").allTextContents();
  assert.ok(themes.some((label) => /[\u0600-\u06FF]/.test(label)), `Arabic theme labels: ${themes}`);
  // Right to left: the filters column is on the right of the results (a drawer above them on a phone).
  if (!PHONE) {
    const facets = await page.locator("#facets").boundingBox();
    const results = await page.locator("#results-area").boundingBox();
    assert.ok(facets.x > results.x, "filters on the right");
  }
  assert.ok(await page.evaluate(() => document.documentElement.scrollWidth <= window.innerWidth), "no sideways scroll");
  assert.equal(await page.locator("#results .snippet").first().evaluate((e) => getComputedStyle(e).direction), "ltr",
    "an English snippet reads left to right");
  await page.screenshot({ path: shot("search-ar"), fullPage: true });
  await page.click("#results > li a");
  await page.waitForSelector("#document .doc-tags .prov");
  assert.match(await page.textContent("#document"), /هذه الوثيقة باللغة/);
  assert.equal(await page.locator("#document .doc-text").evaluate((e) => getComputedStyle(e).direction), "ltr");
  assert.equal(await page.locator("#document .doc-tags").evaluate((e) => getComputedStyle(e).direction), "rtl");
});

test("every UI language has every interface string", async () => {
  const { STRINGS } = await import("../../web/js/i18n.js");
  const same = (english, other, where) => {
    for (const [key, value] of Object.entries(english)) {
      assert.ok(key in other, `${where} lacks "${key}"`);
      assert.equal(typeof other[key], typeof value, `${where}.${key}`);
      if (typeof value === "object") same(value, other[key], `${where}.${key}`);
    }
  };
  for (const [lang, strings] of Object.entries(STRINGS)) same(STRINGS.en, strings, lang);
});

test("a search can be followed as an Atom feed, new and changed units first", async () => {
  await page.goto(`${BASE}/?q=remittances&country=SN&ui_lang=fr`);
  await page.waitForSelector("#results > li");
  const href = await page.getAttribute("#feed-link", "href");
  assert.match(href, /^\/api\/feed\?/);
  const params = new URL(href, BASE).searchParams;
  assert.equal(params.get("q"), "remittances");
  assert.equal(params.get("country"), "SN");
  const res = await fetch(new URL(href, BASE));
  assert.equal(res.status, 200);
  assert.match(res.headers.get("content-type"), /^application\/atom\+xml/);
  const xml = await res.text();
  assert.match(xml, /<feed xmlns="http:\/\/www.w3.org\/2005\/Atom">/);
  assert.match(xml, /<title>m4d-search: country=SN; q=&quot;remittances&quot;<\/title>/);
  assert.ok((xml.match(/<entry>/g) || []).length > 0, "entries");
  await page.selectOption("#sort", "updated");
  await page.waitForURL(/sort=updated/);
  await page.waitForSelector("#results > li");
});

test("the result set exports as CSV", async () => {
  await page.goto(`${BASE}/?q=return%20migrants&type=case_study`);
  await page.waitForSelector("#results > li");
  const href = await page.getAttribute("#export-csv", "href");
  assert.match(href, /format=csv/);
  assert.match(href, /type=case_study/);
  const res = await page.request.get(`${BASE}${href}`);
  assert.equal(res.status(), 200);
  assert.match(res.headers()["content-type"], /^text\/csv/);
  const bytes = await res.body();
  assert.deepEqual([...bytes.subarray(0, 3)], [0xef, 0xbb, 0xbf], "a UTF-8 byte order mark for Excel");
  const lines = bytes.subarray(3).toString("utf8").trim().split("\r\n");
  assert.equal(lines[0], `# m4d-search export: q="return migrants"; type=case_study; ${lines.length - 2} units`);
  assert.equal(lines[1], "id,title,type,lang,year,primary_countries,mentioned_countries,themes,sdg_targets_stated," +
    "sdg_targets_inferred,sdg_targets_editor,source,page");
  assert.equal(lines.length - 2, totalOf(await count()));
});

test("on a phone the filters are a drawer at the top, tap targets are 44 px, nothing is wider than the screen", async () => {
  await page.setViewportSize({ width: 375, height: 800 });
  try {
    await page.goto(`${BASE}/?q=remittances&view=coverage`);
    await page.waitForSelector("#results > li");
    await page.waitForSelector("#coverage table");
    assert.ok(await page.evaluate(() => document.documentElement.scrollWidth <= 375), "the page fits the phone");
    const toggle = page.locator("#filters-toggle");
    assert.equal(await toggle.textContent(), "Filters (0)");
    assert.ok((await toggle.boundingBox()).y < 200, "the Filters button is at the top");
    assert.ok(await page.isHidden("#facets"), "the filters start closed");
    await toggle.click();
    assert.equal(await toggle.getAttribute("aria-expanded"), "true");
    const facets = await page.locator("#facets").boundingBox();
    const results = await page.locator("#results").boundingBox();
    assert.ok(facets.y < results.y, "the open drawer comes before the results");
    for (const box of await page.locator("#facets label, #facets button, #filters-toggle").all()) {
      const b = await box.boundingBox();
      if (b) assert.ok(b.height >= 44, `tap target ${b.height}px: ${(await box.textContent()).slice(0, 30)}`);
    }
    await page.locator("#facets input[id^='f-theme-']").first().check();
    await page.waitForURL(/theme=/);
    await waitUntil(async () => (await toggle.textContent()) === "Filters (1)", "the count of filters");
    await page.screenshot({ path: shot("phone-filters") });
  } finally {
    await page.setViewportSize(VIEWPORT);
  }
});

test("the page works at 360 px wide and by keyboard", async () => {
  await page.setViewportSize({ width: 360, height: 740 });
  await page.goto(`${BASE}/`);
  await page.focus("#q");
  await page.keyboard.type("youth employment");
  await page.keyboard.press("Enter");
  await page.waitForURL(/q=youth/);
  await page.waitForSelector("#results > li");
  await page.screenshot({ path: shot("mobile"), fullPage: true });
  await page.setViewportSize(VIEWPORT);
});

test("an editor suggests tags, submits a document and finds it", async () => {
  await page.goto(`${BASE}/?view=editor`);
  await page.waitForSelector("#f-themes input");
  await page.fill("#f-title", "Coopératives de pêcheurs soutenues par la diaspora à Ziguinchor");
  // Too short first: the service's field error is shown next to the field.
  await page.fill("#f-text", "Trop court.");
  await page.click("#submit-doc");
  await waitUntil(async () => (await page.textContent("#token-error")) !== "", "the token to be asked for");
  await page.fill("#token", process.env.M4D_EDITOR_TOKEN || "e2e-editor-token");
  await page.click("#submit-doc");
  await waitUntil(async () => ((await page.textContent("#err-text")) || "").includes("50"), "the text error");
  await page.fill("#f-text",
    "À Ziguinchor, au Sénégal, les associations de la diaspora installées en Espagne financent des coopératives " +
    "de pêcheurs artisanaux. Les transferts de fonds servent à acheter des pirogues et des moteurs, et les " +
    "femmes transforment et vendent le poisson sur les marchés locaux.");
  await page.click("#suggest-tags");
  await page.waitForSelector("#suggestions-box .proposal button");
  assert.ok(await page.locator("#suggestions-box blockquote").count() > 0, "proposals come with evidence");
  assert.equal(await page.evaluate(() => document.activeElement?.id), "proposals-heading", "focus on the suggestions");
  await page.locator("#suggestions-box .proposal button", { hasText: "Accept" }).first().click();
  await page.locator("#suggestions-box .proposal button", { hasText: "Reject" }).last().click();
  await page.locator("#f-themes input[value=remittances]").check();
  await page.screenshot({ path: shot("editor"), fullPage: true });
  await page.click("#submit-doc");
  await page.waitForSelector("#saved-link");
  await page.click("#saved-link");
  await page.waitForSelector("#document h1");
  assert.equal(await page.textContent("#document h1"), "Coopératives de pêcheurs soutenues par la diaspora à Ziguinchor");
  assert.ok((await page.locator("#document .prov-editor").count()) > 0, "the editor's theme is shown as such");
  assert.equal(await page.locator("#document .prov-inferred").count(), 0, "suggestions not accepted are not stored");
  // Searchable at once, without accents too.
  await page.goto(`${BASE}/?q=cooperatives%20Ziguinchor`);
  await page.waitForSelector("#results > li a");
  assert.equal(await page.textContent("#results > li a"), "Coopératives de pêcheurs soutenues par la diaspora à Ziguinchor");
});

test("the editor picks countries by name with their role, targets by number, and links the source", async () => {
  await page.goto(`${BASE}/?view=editor&ui_lang=fr`);
  await page.waitForSelector("#f-themes input");
  await page.fill("#token", process.env.M4D_EDITOR_TOKEN || "e2e-editor-token");
  await page.fill("#f-title", "Pirogues financées par la diaspora de Ziguinchor installée en Espagne");
  await page.fill("#f-text",
    "À Ziguinchor, au Sénégal, les associations de la diaspora installées en Espagne financent des coopératives " +
    "de pêcheurs artisanaux. Les transferts de fonds servent à acheter des pirogues et des moteurs.");
  // Suggestions accepted keep their role: the country where the diaspora lives is only mentioned.
  await page.click("#suggest-tags");
  await page.waitForSelector("#suggestions-box .proposal button");
  await page.click("#suggestions-box button:has-text('Tout accepter')");
  const role = (code) => page.locator("#f-country-list li", { hasText: `(${code})` }).locator("select");
  assert.equal(await role("SN").inputValue(), "primary");
  assert.equal(await role("ES").inputValue(), "mentioned");
  // Typed by name, without the accent; the role changed by the editor.
  await page.fill("#f-countries", "france");
  await page.press("#f-countries", "Enter");
  assert.equal(await page.locator("#f-country-list li", { hasText: "France (FR)" }).count(), 1);
  await role("FR").selectOption("mentioned");
  await page.fill("#f-sdg", "10.7");
  await page.press("#f-sdg", "Enter");
  assert.match(await page.textContent("#f-target-list"), /\(10\.7\)/);
  await page.locator("#f-target-list li", { hasText: "(10.c)" }).getByRole("button").click();  // removed again
  if (PHONE)
    for (const box of await page.locator("#doc-form button, #doc-form select, #doc-form input, .theme-option").all()) {
      const b = await box.boundingBox();
      if (b && (await box.getAttribute("type")) !== "checkbox")
        assert.ok(b.height >= 44, `tap target ${b.height}px: ${await box.evaluate((e) => e.outerHTML.slice(0, 60))}`);
    }
  await page.fill("#f-url", "https://ziguinchor.example/pirogues");
  await page.click("#submit-doc");
  await page.waitForSelector("#saved-link");
  const id = new URL(await page.getAttribute("#saved-link", "href"), BASE).searchParams.get("doc");
  const doc = await (await fetch(`${BASE}/api/documents/${id}`)).json();
  assert.deepEqual(Object.fromEntries(doc.countries.map((c) => [c.id, c.role])), { SN: "primary", ES: "mentioned", FR: "mentioned" });
  assert.deepEqual(doc.sdg_targets.map((x) => x.id), ["10.7"]);
  await page.click("#saved-link");
  await page.waitForSelector("#document h1");
  assert.equal(await page.getAttribute("#source-link", "href"), "https://ziguinchor.example/pirogues");
  assert.equal(await page.locator("#f-country-list li").count(), 0, "the form is cleared after saving");
});

test("a unit of a publication links to where the publication can be read", async () => {
  await page.goto(`${BASE}/?doc=ss-01`);
  await page.waitForSelector("#document h1");
  assert.equal(await page.getAttribute("#source-link", "href"), "http://www.migration4development.org/es/node/409");
  assert.equal(await page.textContent("#source-link"), "Read the publication");
  // A publication whose page is not known shows no link (and no dangling separator).
  await page.goto(`${BASE}/?doc=nga-brief`);
  await page.waitForSelector("#document h1");
  assert.equal(await page.locator("#source-link").count(), 0);
  assert.doesNotMatch(await page.textContent("#document p.muted"), /· $/);
});

test("the editor speaks plainly, in the UI language: field errors, a refused token", async () => {
  await page.goto(`${BASE}/?view=editor&ui_lang=fr`);
  await page.waitForSelector("#f-themes input");
  await page.fill("#token", "not-a-token");
  await page.fill("#f-title", "Un essai");
  await page.fill("#f-text", "Trop court pour un document.");
  await page.click("#submit-doc");
  await waitUntil(async () => (await page.textContent("#token-error")) !== "", "the token refusal");
  assert.match(await page.textContent("#token-error"), /Ce token d’éditeur n’a pas été accepté/);
  assert.doesNotMatch(await page.textContent("#editor-view"), /Authorization|Bearer/);
  await page.fill("#token", process.env.M4D_EDITOR_TOKEN || "e2e-editor-token");
  await page.fill("#f-countries", "SN, ZZ");
  await page.click("#submit-doc");
  await waitUntil(async () => (await page.textContent("#err-text")) !== "", "the text error");
  assert.equal(await page.textContent("#err-text"), "Écrivez au moins 50 caractères (actuellement 28).");
  assert.match(await page.textContent("#err-countries"), /« ZZ » n’est pas reconnu/);
  assert.doesNotMatch(await page.textContent("#doc-form"), /must be|unknown value|countries\[1\]/);
  await page.fill("#f-countries", "");
});

test("an editor uploads a PDF", async () => {
  await page.goto(`${BASE}/?view=editor`);
  await page.waitForSelector("#f-themes input");
  await page.fill("#token", process.env.M4D_EDITOR_TOKEN || "e2e-editor-token");
  await page.setInputFiles("#f-file", new URL("../data/http/dakar-youth.pdf", import.meta.url).pathname);
  await page.click("#submit-doc");
  await page.waitForSelector("#saved-link");
  assert.equal(await page.textContent("#saved-link"), "Remittances and youth employment in Dakar");
});
