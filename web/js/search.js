// The search page: facets (goal tiles, region tree), filter chips, hits,
// pagination, the SDG coverage grid. Facet parameters come from the facet
// contract the service serves with the taxonomy.
import { api, facetOf, filterParams, paramOf, taxonomy } from "./api.js";
import { $, el, textColourFor } from "./dom.js";
import { STRINGS, t, uiLang } from "./i18n.js";
import { go, params, takeNavigationFocus, withParam } from "./state.js";

function facetList(title, facet, values, selected, tax) {
  if (!values.length) return null;
  const param = paramOf(tax, facet);
  const list = el("ul");
  // SDG targets expand under the selected goal tiles: all targets of those goals; otherwise the most frequent.
  const goals = params().getAll(paramOf(tax, "sdg_goal"));
  const shown = facet === "sdg_target" && goals.length
    ? values.filter((v) => goals.includes(v.value.split(".")[0]) || selected.includes(v.value))
    : values.filter((v, i) => i < (facet === "sdg_target" ? 12 : 30) || selected.includes(v.value));
  for (const v of shown) {
    const id = `f-${param}-${v.value}`;
    const box = el("input", { type: "checkbox", id, checked: selected.includes(v.value),
      onchange: () => go(withParam(param, v.value, { toggle: true })) });
    // SDG target titles are long: the id and the start of the title, the whole title on hover.
    const label = v.label.length > 70 ? `${v.label.slice(0, 68)}…` : v.label;
    list.append(el("li", {}, el("label", { for: id, title: v.label }, box, el("span", { text: label }),
      el("span", { class: "count", text: String(v.count) }))));
  }
  return el("section", { class: "facet", "aria-labelledby": `h-${facet}` }, el("h2", { id: `h-${facet}`, text: title }), list);
}

// Regions, each selected region expanded into its countries (region -> country).
function regionTree(regions, countries, selectedRegions, selectedCountries, tax) {
  const section = facetList(t("regions"), "region", regions, selectedRegions, tax);
  if (!section) return null;
  const regionsOf = Object.fromEntries(tax.countries.map((c) => [c.id, c.regions]));
  for (const region of selectedRegions) {
    const inside = countries.filter((c) => (regionsOf[c.value] || []).includes(region));
    const item = section.querySelector(`#f-${paramOf(tax, "region")}-${CSS.escape(region)}`)?.closest("li");
    if (!item || !inside.length) continue;
    const nested = el("ul", { class: "nested", "aria-label": t("countries") });
    for (const c of inside) {
      const id = `f-country-in-${region}-${c.value}`;
      nested.append(el("li", {}, el("label", { for: id },
        el("input", { type: "checkbox", id, checked: selectedCountries.includes(c.value),
          onchange: () => go(withParam(paramOf(tax, "country"), c.value, { toggle: true })) }),
        el("span", { text: c.label }), el("span", { class: "count", text: String(c.count) }))));
    }
    item.append(nested);
  }
  return section;
}

// Switches restricting the SDG filters and counts to the authors' own links
// (sdg_provenance=stated) and countries to where the practice happens
// (country_role=primary); kept in the URL like every filter.
const SCOPE_SWITCHES = [["sdg_provenance", "statedOnly", "stated"], ["country_role", "primaryOnly", "primary"]];
function tagScope() {
  const p = params();
  const items = SCOPE_SWITCHES.map(([param, key, value]) => {
    const id = `scope-${param}`;
    const box = el("input", { type: "checkbox", id, checked: p.get(param) === value,
      onchange: () => go(withParam(param, p.get(param) === value ? null : value)) });
    return el("li", {}, el("label", { for: id }, box, el("span", { text: t(key) })));
  });
  return el("section", { class: "facet", "aria-labelledby": "h-scope" }, el("h2", { id: "h-scope", text: t("tagScope") }),
    el("ul", {}, ...items));
}

function goalTiles(values, selected, tax) {
  const goals = tax.goals;
  const counts = Object.fromEntries(values.map((v) => [v.value, v]));
  const tiles = el("div", { class: "goal-tiles" });
  for (const g of goals) {
    const v = counts[g.id];
    const pressed = selected.includes(g.id);
    // Named by what it shows, with the goal's name for screen readers in between.
    const tile = el("button", { type: "button", class: "goal-tile", "aria-pressed": String(pressed),
      "aria-controls": "results-area", title: g.label, disabled: !v && !pressed,
      onclick: () => go(withParam(paramOf(tax, "sdg_goal"), g.id, { toggle: true })) },
      el("span", { text: g.id }), el("span", { class: "visually-hidden", text: `. ${g.label}: ` }),
      el("span", { class: "count", text: v ? String(v.count) : "0" }));
    tile.style.backgroundColor = g.colour;  // CSSOM: allowed by the CSP
    tile.style.color = textColourFor(g.colour);
    if (!v && !pressed) tile.style.opacity = "0.35";
    tiles.append(tile);
  }
  return el("section", { class: "facet", "aria-labelledby": "h-goals" }, el("h2", { id: "h-goals", text: t("goals") }), tiles);
}

function renderFacets(result, tax) {
  const p = params();
  const box = $("facets");
  box.replaceChildren();
  const f = result.facets;
  const selected = (facet) => p.getAll(paramOf(tax, facet));
  box.append(
    tagScope(),
    facetList(t("themes"), "theme", f.theme, selected("theme"), tax) || "",
    goalTiles(f.sdg_goal, selected("sdg_goal"), tax),
    facetList(t("targets"), "sdg_target", f.sdg_target, selected("sdg_target"), tax) || "",
    regionTree(f.region, f.country, selected("region"), selected("country"), tax) || "",
    facetList(t("countries"), "country", f.country, selected("country"), tax) || "",
    facetList(t("types"), "type", f.type, selected("type"), tax) || "",
    facetList(t("langs"), "lang", f.lang, selected("lang"), tax) || "",
  );
}

function labelOf(result, tax, param, value) {
  const facet = facetOf(tax, param);
  const hit = (result.facets[facet] || []).find((v) => v.value === value);
  if (hit) return hit.label;
  const lists = { sdg_goal: tax.goals, theme: tax.themes, country: tax.countries, region: tax.regions, type: tax.types };
  return lists[facet]?.find((x) => x.id === value)?.label ?? value;
}

function renderActiveFilters(result, tax) {
  const p = params();
  const box = $("active-filters");
  box.replaceChildren();
  let any = false;
  for (const name of filterParams(tax))
    for (const value of p.getAll(name)) {
      any = true;
      box.append(el("button", { type: "button", class: "chip", "aria-label": `${t("remove")}: ${labelOf(result, tax, name, value)}`,
        onclick: () => go(withParam(name, value, { toggle: true })) }, el("span", { text: labelOf(result, tax, name, value) }), el("span", { "aria-hidden": "true", text: "×" })));
    }
  for (const [name, key] of SCOPE_SWITCHES)
    if (p.get(name)) {
      any = true;
      box.append(el("button", { type: "button", class: "chip", "aria-label": `${t("remove")}: ${t(key)}`,
        onclick: () => go(withParam(name, null)) }, el("span", { text: t(key) }), el("span", { "aria-hidden": "true", text: "×" })));
    }
  if (any) {
    box.append(el("button", { type: "button", class: "chip", text: t("clearAll"), onclick: () => {
      const next = params();
      for (const name of filterParams(tax)) next.delete(name);
      for (const [name] of SCOPE_SWITCHES) next.delete(name);
      next.delete("page");
      go(next);
    } }));
  }
}

// The URL of document `id` that keeps the current search (query, filters,
// page, sort, language), so that "Back to results" returns to it.
export function documentHref(id) {
  const p = params();
  p.delete("view");
  p.set("doc", id);
  if (uiLang() !== "en") p.set("ui_lang", uiLang());
  return `/?${p}`;
}

// The URL of the current search with filter `param` = `value` added; from a
// document page, a search on that filter alone.
export function filterHref(param, value) {
  const current = params();
  const p = current.get("doc") ? new URLSearchParams() : current;
  if (current.get("ui_lang")) p.set("ui_lang", current.get("ui_lang"));
  if (!p.getAll(param).includes(value)) p.append(param, value);
  p.delete("page");
  return `/?${p}`;
}

const MAX_TARGET_CHIPS = 6;

// A hit's tags as names that filter the search ("Senegal", "Migrant
// remittances", "SDG 10.7" with the target's text as its title); without
// the taxonomy, as ids.
function hitTags(h, tax) {
  const tags = el("div", { class: "tags" });
  // Named by what it shows; the title (a target's text) describes it.
  const chip = (param, value, text, title) => el("a", { class: "chip", href: filterHref(param, value), text,
    title: title || `${t("filterBy")}: ${text}` });
  const name = (list, id) => list?.find((x) => x.id === id)?.label ?? id;
  for (const id of h.themes) tags.append(chip("theme", id, name(tax?.themes, id)));
  for (const id of h.countries) tags.append(chip("country", id, name(tax?.countries, id)));
  const targets = tax ? Object.fromEntries(tax.goals.flatMap((g) => g.targets.map((x) => [x.id, x.label]))) : {};
  for (const id of h.sdg_targets.slice(0, MAX_TARGET_CHIPS))
    tags.append(chip("sdg", id, `${t("sdgShort")} ${id}`, targets[id] ? `${t("sdgShort")} ${targets[id]}` : ""));
  if (h.sdg_targets.length > MAX_TARGET_CHIPS)
    tags.append(el("span", { class: "muted", text: `+${h.sdg_targets.length - MAX_TARGET_CHIPS}` }));
  return tags;
}

// A hit as a list item; its title a heading of `level` (2 in the results,
// 3 under a document's "Similar practices").
export function hitItem(h, tax, level = 2) {
  // The unit's own words in its language and direction, whatever the UI's.
  const own = { lang: h.lang, dir: h.lang === "ar" ? "rtl" : "ltr" };
  const link = el("a", { href: documentHref(h.id), text: h.title, ...own });
  const snippet = el("p", { class: "snippet", ...own });
  snippet.innerHTML = h.snippet;  // escaped by the service; only <mark> is markup
  const tags = hitTags(h, tax);
  return el("li", {},
    el(`h${level}`, { class: "hit-title" },
      el("span", { class: "badge", text: tax?.types.find((x) => x.id === h.type)?.label ?? h.type.replace("_", " ") }), link),
    el("div", { class: "muted", ...own, text: [h.source?.publication, h.source?.section].filter(Boolean).join(" › ") }),
    snippet, tags);
}

const MAX_QUERY_CHARS = 1000;  // the API's limit (docs/API.md)

// What the page showed for the previous search goes, so an error or an empty
// answer never sits beside stale facets, chips, pages or corrections.
function clearStale() {
  for (const id of ["facets", "active-filters", "results", "pagination", "no-results"]) $(id).replaceChildren();
  for (const id of ["did-you-mean", "expansion-line", "coverage", "no-results"]) $(id).hidden = true;
}

// No results: say so, and offer ways forward: the correction, each filter
// removed, popular topics.
function renderNoResults(p, tax) {
  const box = $("no-results");
  box.hidden = false;
  const ways = el("ul");
  for (const name of filterParams(tax))
    for (const value of p.getAll(name)) {
      const label = labelOf({ facets: {} }, tax, name, value);
      const next = withParam(name, value, { toggle: true });
      ways.append(el("li", {}, el("a", { href: `/?${next}`, text: `${t("tryWithout")}: ${label}` })));
    }
  for (const [name, key] of SCOPE_SWITCHES)
    if (p.get(name)) ways.append(el("li", {}, el("a", { href: `/?${withParam(name, null)}`, text: `${t("tryWithout")}: ${t(key)}` })));
  const topic = (id) => {
    const u = new URLSearchParams({ theme: id });
    if (uiLang() !== "en") u.set("ui_lang", uiLang());
    return `/?${u}`;
  };
  const topics = [...tax.themes].sort((a, b) => b.count - a.count).slice(0, 4)
    .map((th) => el("a", { class: "chip", href: topic(th.id), text: th.label }));
  box.replaceChildren(el("h2", { text: STRINGS[uiLang()].noResultsFor(p.get("q") || "") }), el("p", { text: t("noResults") }),
    ways.children.length ? ways : "", el("h3", { text: t("popularTopics") }), el("p", { class: "tags" }, ...topics));
}

export async function renderSearch() {
  const p = params();
  $("search-view").hidden = false;
  $("document-view").hidden = true;
  // A query over the API's limit (a long paste, a shared link): its start, with a notice.
  const typed = [...(p.get("q") || "")];
  $("query-notice").hidden = typed.length <= MAX_QUERY_CHARS;
  if (typed.length > MAX_QUERY_CHARS) {
    p.set("q", typed.slice(0, MAX_QUERY_CHARS).join(""));
    history.replaceState(null, "", `/?${p}`);
    $("query-notice").textContent = t("queryTrimmed");
  }
  $("q").value = p.get("q") || "";
  $("sort").value = p.get("sort") || "relevance";
  const query = new URLSearchParams(p);
  query.set("ui_lang", uiLang());
  query.delete("doc");
  query.delete("view");
  let result, tax;
  try {
    [result, tax] = await Promise.all([api(`/api/search?${query}`), taxonomy(uiLang())]);
  } catch (e) {
    clearStale();
    $("result-count").textContent = `${t("error")}: ${e.message}`;
    document.title = `${t("error")} — m4d-search`;
    return;
  }
  clearStale();
  $("result-count").textContent = result.total ? STRINGS[uiLang()].results(result.total, result.took_ms) : t("noResults");
  const exportQuery = new URLSearchParams(query);
  exportQuery.delete("page");
  exportQuery.delete("per_page");
  // The feed follows the query and filters (newest changes first, English category ids).
  const feedQuery = new URLSearchParams(exportQuery);
  for (const name of ["sort", "view", "ui_lang"]) feedQuery.delete(name);
  $("feed-link").href = `/api/feed${feedQuery.toString() ? "?" : ""}${feedQuery}`;
  exportQuery.set("format", "csv");
  $("export-csv").href = `/api/export?${exportQuery}`;

  const dym = $("did-you-mean");
  dym.hidden = !result.corrected_query;
  if (result.corrected_query) {
    const asTyped = withParam("correct", "false");
    dym.replaceChildren(`${t("didYouMean")} `, el("strong", { text: result.corrected_query }), ". ",
      `${t("searchInstead")} `, el("a", { href: `/?${asTyped}`, text: p.get("q") }));
  }
  const exp = $("expansion-line");
  const expanded = Object.entries(result.expansions || {});
  exp.hidden = !p.get("q");
  exp.textContent = `${t("searchedIn")}: ${result.query_languages.join(", ")}` +
    (expanded.length ? ` — ${t("expandedTo")}: ` + expanded.map(([k, v]) => `${k} → ${v.slice(0, 4).join(", ")}`).join("; ") : "");

  if (result.total) renderFacets(result, tax);
  else {
    $("facets").replaceChildren(tagScope());
    renderNoResults(p, tax);
  }
  renderActiveFilters(result, tax);
  const active = filterParams(tax).reduce((n, name) => n + p.getAll(name).length, 0) +
    SCOPE_SWITCHES.filter(([name]) => p.get(name)).length;
  $("filters-toggle").textContent = `${t("filters")} (${active})`;
  renderCoverage(tax).catch((e) => { $("coverage").textContent = `${t("error")}: ${e.message}`; });
  $("results").replaceChildren(...result.hits.map((h) => hitItem(h, tax)));
  document.title = p.get("q") ? `${p.get("q")} — m4d-search` : "m4d-search";
  // After a new search, filter or page (not on first load): back to the top
  // of the results, focus on their count.
  if (takeNavigationFocus()) {
    $("result-count").focus({ preventScroll: true });
    $("results-area").scrollIntoView({ block: "start" });
  }

  const pages = Math.max(1, Math.ceil(Math.min(result.total, 1000 * result.per_page) / result.per_page));
  const nav = $("pagination");
  nav.replaceChildren();
  if (pages > 1) {
    nav.append(
      el("button", { type: "button", class: "secondary", disabled: result.page <= 1, text: t("previous"),
        onclick: () => go(withParam("page", String(result.page - 1), { resetPage: false })) }),
      el("span", { text: STRINGS[uiLang()].page(result.page, pages) }),
      el("button", { type: "button", class: "secondary", disabled: result.page >= pages, text: t("next"),
        onclick: () => go(withParam("page", String(result.page + 1), { resetPage: false })) }));
  }
}

// The SDG coverage view: a themes x goals grid of unit counts for the current
// query and filters (one request per theme, its sdg_goal facet); a cell filters to it.
async function renderCoverage(tax) {
  const box = $("coverage");
  const on = params().get("view") === "coverage";
  box.hidden = !on;
  $("coverage-toggle").setAttribute("aria-pressed", String(on));
  if (!on) return;
  const base = params();
  const themeParam = paramOf(tax, "theme");
  for (const k of ["view", "doc", "page", themeParam]) base.delete(k);
  base.set("per_page", "1");
  base.set("ui_lang", uiLang());
  const rows = await Promise.all(tax.themes.map(async (th) => {
    const q = new URLSearchParams(base);
    q.set(themeParam, th.id);
    const r = await api(`/api/search?${q}`);
    return { theme: th, counts: Object.fromEntries(r.facets.sdg_goal.map((v) => [v.value, v.count])) };
  }));
  const max = Math.max(1, ...rows.flatMap((r) => Object.values(r.counts)));
  const head = el("tr", {}, el("th", { scope: "col", text: t("themes") }));
  for (const g of tax.goals) {
    // The goal's number as shown, its name for screen readers and on hover.
    const th = el("th", { scope: "col", class: "goal-head", title: g.label },
      el("span", { text: g.id }), el("span", { class: "visually-hidden", text: `. ${g.label}` }));
    th.style.backgroundColor = g.colour;
    th.style.color = textColourFor(g.colour);
    head.append(th);
  }
  const body = el("tbody");
  for (const row of rows) {
    const tr = el("tr", {}, el("th", { scope: "row", text: row.theme.label }));
    for (const g of tax.goals) {
      const n = row.counts[g.id] || 0;
      const cell = el("button", { type: "button", text: String(n), disabled: n === 0,
        "aria-label": `${row.theme.label} × ${g.id}. ${g.label}: ${n}`,
        onclick: () => {
          const next = params();
          next.set(themeParam, row.theme.id);
          next.set(paramOf(tax, "sdg_goal"), g.id);
          next.delete("view");
          next.delete("page");
          go(next);
        } });
      const share = n / max;
      if (n) cell.style.backgroundColor = `rgba(11, 87, 164, ${0.12 + 0.88 * share})`;
      if (share > 0.5) cell.classList.add("hot");
      tr.append(el("td", {}, cell));
    }
    body.append(tr);
  }
  box.replaceChildren(el("table", {}, el("caption", { id: "coverage-caption", text: t("coverageCaption") }),
    el("thead", {}, head), body));
}

