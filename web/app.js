// m4d-search web UI: search page and document page over the HTTP API.
// The whole state lives in the URL query string, with the API's parameter
// names; nothing from the API is inserted as HTML except the service's
// escaped snippet markup (<mark>).

const FILTERS = ["theme", "goal", "sdg", "region", "country", "type", "lang"];
const FACET_PARAM = { theme: "theme", sdg_goal: "goal", sdg_target: "sdg", region: "region", country: "country", type: "type", lang: "lang" };

const STRINGS = {
  en: {
    brand: "m4d-search", searchLabel: "Search practices", searchPlaceholder: "e.g. financial literacy for remittance families",
    searchButton: "Search", language: "Language", sortBy: "Sort by", sortRelevance: "Relevance", sortTitle: "Title",
    sortDate: "Date", exportCsv: "Export CSV", back: "← Back to results", similar: "Similar practices",
    footer: "Sources: JMDI publications; SDG targets from the UN.", results: (n, ms) => `${n} result${n === 1 ? "" : "s"} (${ms} ms)`,
    noResults: "No results. Try fewer words or remove a filter.", didYouMean: "Showing results for", searchedIn: "Searched in",
    expandedTo: "expanded with", previous: "Previous", next: "Next", page: (p, n) => `Page ${p} of ${n}`,
    clearAll: "Clear all", remove: "Remove filter", themes: "Themes", goals: "SDG goals", targets: "SDG targets",
    regions: "Regions", countries: "Countries", types: "Document type", langs: "Language of the document",
    addDocument: "Add a document", editorTitle: "Add a document", token: "Editor token",
    tokenHelp: "Kept in this browser tab only (sessionStorage).", fieldTitle: "Title",
    fieldText: "Text (at least 50 characters)", fieldFile: "…or a PDF (up to 20 MB)", fieldLang: "Language",
    detect: "Detect", fieldType: "Type", fieldCountries: "Countries (ISO codes, comma-separated: SN, HN)",
    fieldThemes: "Themes", fieldSdg: "SDG targets (comma-separated: 10.7, 17.17)", suggestTags: "Suggest tags",
    submit: "Submit", accept: "Accept", proposals: "Suggested tags", saved: "Saved:", needToken: "Enter your editor token first.",
    fixErrors: "Please correct the fields marked above.", sending: "Sending…",
    coverage: "SDG coverage", coverageCaption: "Units per theme and SDG goal for this search (click a cell to filter)",
    source: "Source", evidence: "Why this tag?", error: "The service could not answer", tags: "Tags",
  },
  fr: {
    brand: "m4d-search", searchLabel: "Rechercher des pratiques", searchPlaceholder: "ex. éducation financière des familles de migrants",
    searchButton: "Rechercher", language: "Langue", sortBy: "Trier par", sortRelevance: "Pertinence", sortTitle: "Titre",
    sortDate: "Date", exportCsv: "Exporter en CSV", back: "← Retour aux résultats", similar: "Pratiques similaires",
    footer: "Sources : publications de l’ICMD ; cibles des ODD de l’ONU.", results: (n, ms) => `${n} résultat${n > 1 ? "s" : ""} (${ms} ms)`,
    noResults: "Aucun résultat. Essayez moins de mots ou retirez un filtre.", didYouMean: "Résultats pour", searchedIn: "Recherche en",
    expandedTo: "élargie avec", previous: "Précédente", next: "Suivante", page: (p, n) => `Page ${p} sur ${n}`,
    clearAll: "Tout effacer", remove: "Retirer le filtre", themes: "Thèmes", goals: "Objectifs de développement durable",
    targets: "Cibles des ODD", regions: "Régions", countries: "Pays", types: "Type de document", langs: "Langue du document",
    addDocument: "Ajouter un document", editorTitle: "Ajouter un document", token: "Jeton d’éditeur",
    tokenHelp: "Conservé dans cet onglet seulement (sessionStorage).", fieldTitle: "Titre",
    fieldText: "Texte (au moins 50 caractères)", fieldFile: "…ou un PDF (20 Mo au plus)", fieldLang: "Langue",
    detect: "Détecter", fieldType: "Type", fieldCountries: "Pays (codes ISO séparés par des virgules : SN, HN)",
    fieldThemes: "Thèmes", fieldSdg: "Cibles des ODD (séparées par des virgules : 10.7, 17.17)", suggestTags: "Suggérer des étiquettes",
    submit: "Enregistrer", accept: "Accepter", proposals: "Étiquettes suggérées", saved: "Enregistré :", needToken: "Saisissez d’abord votre jeton d’éditeur.",
    fixErrors: "Corrigez les champs signalés ci-dessus.", sending: "Envoi…",
    coverage: "Couverture des ODD", coverageCaption: "Unités par thème et objectif pour cette recherche (cliquez une case pour filtrer)",
    source: "Source", evidence: "Pourquoi cette étiquette ?", error: "Le service n’a pas pu répondre", tags: "Étiquettes",
  },
  es: {
    brand: "m4d-search", searchLabel: "Buscar prácticas", searchPlaceholder: "p. ej. educación financiera para familias receptoras de remesas",
    searchButton: "Buscar", language: "Idioma", sortBy: "Ordenar por", sortRelevance: "Relevancia", sortTitle: "Título",
    sortDate: "Fecha", exportCsv: "Exportar CSV", back: "← Volver a los resultados", similar: "Prácticas similares",
    footer: "Fuentes: publicaciones de la JMDI; metas de los ODS de la ONU.", results: (n, ms) => `${n} resultado${n === 1 ? "" : "s"} (${ms} ms)`,
    noResults: "Sin resultados. Pruebe con menos palabras o quite un filtro.", didYouMean: "Resultados para", searchedIn: "Búsqueda en",
    expandedTo: "ampliada con", previous: "Anterior", next: "Siguiente", page: (p, n) => `Página ${p} de ${n}`,
    clearAll: "Borrar todo", remove: "Quitar filtro", themes: "Temas", goals: "Objetivos de Desarrollo Sostenible",
    targets: "Metas de los ODS", regions: "Regiones", countries: "Países", types: "Tipo de documento", langs: "Idioma del documento",
    addDocument: "Añadir un documento", editorTitle: "Añadir un documento", token: "Token de editor",
    tokenHelp: "Se guarda solo en esta pestaña (sessionStorage).", fieldTitle: "Título",
    fieldText: "Texto (al menos 50 caracteres)", fieldFile: "…o un PDF (20 MB como máximo)", fieldLang: "Idioma",
    detect: "Detectar", fieldType: "Tipo", fieldCountries: "Países (códigos ISO separados por comas: SN, HN)",
    fieldThemes: "Temas", fieldSdg: "Metas de los ODS (separadas por comas: 10.7, 17.17)", suggestTags: "Sugerir etiquetas",
    submit: "Guardar", accept: "Aceptar", proposals: "Etiquetas sugeridas", saved: "Guardado:", needToken: "Introduzca primero su token de editor.",
    fixErrors: "Corrija los campos señalados arriba.", sending: "Enviando…",
    coverage: "Cobertura de los ODS", coverageCaption: "Unidades por tema y objetivo para esta búsqueda (haga clic en una celda para filtrar)",
    source: "Fuente", evidence: "¿Por qué esta etiqueta?", error: "El servicio no pudo responder", tags: "Etiquetas",
  },
};

const $ = (id) => document.getElementById(id);
const params = () => new URLSearchParams(location.search);
const uiLang = () => (STRINGS[params().get("ui_lang")] ? params().get("ui_lang") : "en");
const t = (key) => STRINGS[uiLang()][key] ?? STRINGS.en[key];

function el(tag, attrs = {}, ...children) {
  const node = document.createElement(tag);
  for (const [k, v] of Object.entries(attrs)) {
    if (k === "text") node.textContent = v;
    else if (k.startsWith("on")) node.addEventListener(k.slice(2), v);
    else if (v !== false && v !== undefined && v !== null) node.setAttribute(k, v === true ? "" : v);
  }
  for (const c of children) if (c) node.append(c);
  return node;
}

async function api(path) {
  const res = await fetch(path, { headers: { Accept: "application/json" } });
  const body = await res.json().catch(() => null);
  if (!res.ok) throw new Error(body?.error?.message || `${res.status}`);
  return body;
}

// Navigates to a new state (pushState) and renders it.
function go(next) {
  const qs = next.toString();
  history.pushState(null, "", qs ? `/?${qs}` : "/");
  render();
}

function withParam(name, value, { toggle = false, resetPage = true } = {}) {
  const p = params();
  if (toggle) {
    const values = p.getAll(name);
    p.delete(name);
    const nextValues = values.includes(value) ? values.filter((v) => v !== value) : [...values, value];
    for (const v of nextValues) p.append(name, v);
  } else if (value === null || value === "") {
    p.delete(name);
  } else {
    p.set(name, value);
  }
  if (resetPage) p.delete("page");
  return p;
}

function translateStatic() {
  document.documentElement.lang = uiLang();
  for (const node of document.querySelectorAll("[data-i18n]")) node.textContent = t(node.dataset.i18n);
  for (const node of document.querySelectorAll("[data-i18n-placeholder]")) node.placeholder = t(node.dataset.i18nPlaceholder);
  $("ui-lang").value = uiLang();
}

// Black or white text, whichever reads better on `hex` (WCAG relative luminance).
function textColourFor(hex) {
  const m = /^#?([0-9a-f]{2})([0-9a-f]{2})([0-9a-f]{2})$/i.exec(hex || "");
  if (!m) return "#fff";
  const [r, g, b] = m.slice(1).map((h) => {
    const c = parseInt(h, 16) / 255;
    return c <= 0.03928 ? c / 12.92 : ((c + 0.055) / 1.055) ** 2.4;
  });
  const l = 0.2126 * r + 0.7152 * g + 0.0722 * b;
  return (l + 0.05) / 0.05 > 1.05 / (l + 0.05) ? "#000" : "#fff";
}

// ---- Search page ----

let taxonomyCache = {};
async function taxonomy(lang) {
  if (!taxonomyCache[lang]) taxonomyCache[lang] = api(`/api/taxonomy?ui_lang=${lang}`);
  return taxonomyCache[lang];
}

function facetList(title, facet, values, selected) {
  if (!values.length) return null;
  const param = FACET_PARAM[facet];
  const list = el("ul");
  // SDG targets expand under the selected goal tiles: all targets of those goals; otherwise the most frequent.
  const goals = params().getAll("goal");
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
  const section = facetList(t("regions"), "region", regions, selectedRegions);
  if (!section) return null;
  const regionsOf = Object.fromEntries(tax.countries.map((c) => [c.id, c.regions]));
  for (const region of selectedRegions) {
    const inside = countries.filter((c) => (regionsOf[c.value] || []).includes(region));
    const item = section.querySelector(`#f-region-${CSS.escape(region)}`)?.closest("li");
    if (!item || !inside.length) continue;
    const nested = el("ul", { class: "nested", "aria-label": t("countries") });
    for (const c of inside) {
      const id = `f-country-in-${region}-${c.value}`;
      nested.append(el("li", {}, el("label", { for: id },
        el("input", { type: "checkbox", id, checked: selectedCountries.includes(c.value),
          onchange: () => go(withParam("country", c.value, { toggle: true })) }),
        el("span", { text: c.label }), el("span", { class: "count", text: String(c.count) }))));
    }
    item.append(nested);
  }
  return section;
}

function goalTiles(values, selected, goals) {
  const counts = Object.fromEntries(values.map((v) => [v.value, v]));
  const tiles = el("div", { class: "goal-tiles" });
  for (const g of goals) {
    const v = counts[g.id];
    const pressed = selected.includes(g.id);
    const tile = el("button", { type: "button", class: "goal-tile", "aria-pressed": String(pressed),
      "aria-controls": "h-sdg_target",
      title: g.label, "aria-label": `${g.id}. ${g.label} (${v ? v.count : 0})`, disabled: !v && !pressed,
      onclick: () => go(withParam("goal", g.id, { toggle: true })) },
      el("span", { text: g.id }), el("span", { class: "count", text: v ? String(v.count) : "0" }));
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
  box.append(
    facetList(t("themes"), "theme", f.theme, p.getAll("theme")) || "",
    goalTiles(f.sdg_goal, p.getAll("goal"), tax.goals),
    facetList(t("targets"), "sdg_target", f.sdg_target, p.getAll("sdg")) || "",
    regionTree(f.region, f.country, p.getAll("region"), p.getAll("country"), tax) || "",
    facetList(t("countries"), "country", f.country, p.getAll("country")) || "",
    facetList(t("types"), "type", f.type, p.getAll("type")) || "",
    facetList(t("langs"), "lang", f.lang, p.getAll("lang")) || "",
  );
}

function labelOf(result, tax, param, value) {
  const facet = Object.keys(FACET_PARAM).find((k) => FACET_PARAM[k] === param);
  const hit = (result.facets[facet] || []).find((v) => v.value === value);
  if (hit) return hit.label;
  if (param === "goal") return tax.goals.find((g) => g.id === value)?.label ?? value;
  return value;
}

function renderActiveFilters(result, tax) {
  const p = params();
  const box = $("active-filters");
  box.replaceChildren();
  let any = false;
  for (const name of FILTERS)
    for (const value of p.getAll(name)) {
      any = true;
      box.append(el("button", { type: "button", class: "chip", "aria-label": `${t("remove")}: ${labelOf(result, tax, name, value)}`,
        onclick: () => go(withParam(name, value, { toggle: true })) }, el("span", { text: labelOf(result, tax, name, value) }), el("span", { "aria-hidden": "true", text: "×" })));
    }
  if (any) {
    box.append(el("button", { type: "button", class: "chip", text: t("clearAll"), onclick: () => {
      const next = params();
      for (const name of FILTERS) next.delete(name);
      next.delete("page");
      go(next);
    } }));
  }
}

function hitItem(h) {
  const link = el("a", { href: `/?doc=${encodeURIComponent(h.id)}&ui_lang=${uiLang()}`, text: h.title });
  const snippet = el("p", { class: "snippet" });
  snippet.innerHTML = h.snippet;  // escaped by the service; only <mark> is markup
  const tags = el("div", { class: "tags" });
  for (const id of h.themes) tags.append(el("span", { class: "chip", text: id }));
  for (const id of h.countries) tags.append(el("span", { class: "chip", text: id }));
  for (const id of h.sdg_targets) tags.append(el("span", { class: "chip", text: `SDG ${id}` }));
  return el("li", {},
    el("h3", { class: "hit-title" }, el("span", { class: "badge", text: h.type.replace("_", " ") }), link),
    el("div", { class: "muted", text: [h.source?.publication, h.source?.section].filter(Boolean).join(" › ") }),
    snippet, tags);
}

async function renderSearch() {
  const p = params();
  $("search-view").hidden = false;
  $("document-view").hidden = true;
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
    $("result-count").textContent = `${t("error")}: ${e.message}`;
    $("results").replaceChildren();
    return;
  }
  $("result-count").textContent = result.total ? STRINGS[uiLang()].results(result.total, result.took_ms) : t("noResults");
  const exportQuery = new URLSearchParams(query);
  exportQuery.delete("page");
  exportQuery.delete("per_page");
  exportQuery.set("format", "csv");
  $("export-csv").href = `/api/export?${exportQuery}`;

  const dym = $("did-you-mean");
  dym.hidden = !result.corrected_query;
  if (result.corrected_query) dym.replaceChildren(`${t("didYouMean")} `, el("strong", { text: result.corrected_query }));
  const exp = $("expansion-line");
  const expanded = Object.entries(result.expansions || {});
  exp.hidden = !p.get("q");
  exp.textContent = `${t("searchedIn")}: ${result.query_languages.join(", ")}` +
    (expanded.length ? ` — ${t("expandedTo")}: ` + expanded.map(([k, v]) => `${k} → ${v.slice(0, 4).join(", ")}`).join("; ") : "");

  renderFacets(result, tax);
  renderActiveFilters(result, tax);
  renderCoverage(tax).catch((e) => { $("coverage").textContent = `${t("error")}: ${e.message}`; });
  $("results").replaceChildren(...result.hits.map(hitItem));

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
  for (const k of ["view", "doc", "page", "theme"]) base.delete(k);
  base.set("per_page", "1");
  base.set("ui_lang", uiLang());
  const rows = await Promise.all(tax.themes.map(async (th) => {
    const q = new URLSearchParams(base);
    q.set("theme", th.id);
    const r = await api(`/api/search?${q}`);
    return { theme: th, counts: Object.fromEntries(r.facets.sdg_goal.map((v) => [v.value, v.count])) };
  }));
  const max = Math.max(1, ...rows.flatMap((r) => Object.values(r.counts)));
  const head = el("tr", {}, el("th", { scope: "col", text: t("themes") }));
  for (const g of tax.goals) {
    const th = el("th", { scope: "col", class: "goal-head", title: g.label, text: g.id });
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
          next.set("theme", row.theme.id);
          next.set("goal", g.id);
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

// ---- Document page ----

function tagSection(title, tags) {
  if (!tags.length) return null;
  const list = el("ul", { class: "tag-list" });
  for (const tag of tags) {
    const li = el("li", {}, el("span", { text: tag.label }),
      el("span", { class: `prov prov-${tag.provenance}`, text: tag.provenance + (tag.role ? ` · ${tag.role}` : "") }));
    if (tag.evidence?.length) {
      const details = el("details", {}, el("summary", { text: t("evidence") }));
      for (const ev of tag.evidence) details.append(el("blockquote", { text: ev }));
      li.append(details);
    }
    list.append(li);
  }
  return el("section", {}, el("h2", { text: title }), list);
}

async function renderDocument(id) {
  $("search-view").hidden = true;
  $("document-view").hidden = false;
  const back = params();
  back.delete("doc");
  $("back-link").href = back.toString() ? `/?${back}` : "/";
  const article = $("document");
  let doc, similar;
  try {
    [doc, similar] = await Promise.all([
      api(`/api/documents/${encodeURIComponent(id)}?ui_lang=${uiLang()}`),
      api(`/api/documents/${encodeURIComponent(id)}/similar`),
    ]);
  } catch (e) {
    article.replaceChildren(el("p", { text: `${t("error")}: ${e.message}` }));
    $("similar").replaceChildren();
    return;
  }
  document.title = `${doc.title} — m4d-search`;
  const body = el("div", { lang: doc.lang, dir: doc.lang === "ar" ? "rtl" : "auto" });
  const sections = doc.sections.length ? doc.sections : [{ heading: "", text: doc.text }];
  for (const s of sections) {
    if (s.heading) body.append(el("h2", { text: s.heading }));
    for (const para of s.text.split("\n\n")) body.append(el("p", { text: para }));
  }
  const links = el("p");
  for (const rel of doc.related_ids || [])
    links.append(el("a", { href: `/?doc=${encodeURIComponent(rel)}&ui_lang=${uiLang()}`, text: rel }), " ");
  article.replaceChildren(
    el("h1", { text: doc.title }),
    el("p", { class: "muted" }, el("span", { class: "badge", text: doc.type.replace("_", " ") }),
      `${t("source")}: ${[doc.source.publication, doc.source.year, doc.source.section_path].filter(Boolean).join(" · ")}`),
    links,
    tagSection(t("themes"), doc.themes) || "",
    tagSection(t("countries"), doc.countries) || "",
    tagSection(t("targets"), doc.sdg_targets) || "",
    body);
  $("similar").replaceChildren(...similar.hits.map(hitItem));
}

// ---- Editor page ----

const TOKEN_KEY = "m4d-editor-token";
const csv = (v) => v.split(",").map((x) => x.trim()).filter(Boolean);

function clearErrors() {
  for (const node of document.querySelectorAll(".field-error")) node.textContent = "";
  $("form-status").textContent = "";
}

// Shows the service's per-field errors next to their fields ("countries[1]" -> countries).
function showFieldErrors(error) {
  const fields = error?.fields || {};
  for (const [field, message] of Object.entries(fields)) {
    const base = field.split("[")[0].split(".")[0];
    const box = $(`err-${base}`) || $("form-status");
    box.textContent = (box.textContent ? `${box.textContent} ` : "") + `${field}: ${message}`;
  }
  $("form-status").textContent = Object.keys(fields).length ? t("fixErrors") : error?.message || t("error");
}

function draft() {
  const body = { title: $("f-title").value, text: $("f-text").value, type: $("f-type").value };
  if ($("f-lang").value) body.lang = $("f-lang").value;
  const countries = csv($("f-countries").value);
  if (countries.length) body.countries = countries;
  const themes = [...document.querySelectorAll("#f-themes input:checked")].map((x) => x.value);
  if (themes.length) body.themes = themes;
  const targets = csv($("f-sdg").value);
  if (targets.length) body.sdg_targets = targets;
  return body;
}

async function editorCall(path, body, file) {
  const token = $("token").value.trim();
  if (!token) {
    $("token-error").textContent = t("needToken");
    $("token").focus();
    return null;
  }
  sessionStorage.setItem(TOKEN_KEY, token);
  let init = { method: "POST", headers: { Authorization: `Bearer ${token}`, Accept: "application/json" } };
  if (file) {
    const form = new FormData();
    form.append("file", file);
    for (const [k, v] of Object.entries(body)) if (k !== "text") form.append(k, Array.isArray(v) ? v.join(",") : v);
    init.body = form;
  } else {
    init.headers["Content-Type"] = "application/json";
    init.body = JSON.stringify(body);
  }
  const res = await fetch(path, init);
  const json = await res.json().catch(() => null);
  if (res.status === 401) {
    $("form-status").textContent = "";
    $("token-error").textContent = json?.error?.message || "401";
    return null;
  }
  if (!res.ok) {
    showFieldErrors(json?.error);
    return null;
  }
  return json;
}

function addToList(input, value) {
  const values = csv(input.value);
  if (!values.includes(value)) values.push(value);
  input.value = values.join(", ");
}

function renderProposals(tags) {
  const box = $("suggestions-box");
  box.replaceChildren(el("h2", { text: t("proposals") }));
  const groups = [["sdg_targets", $("f-sdg")], ["countries", $("f-countries")], ["themes", null]];
  for (const [name, input] of groups)
    for (const tag of tags[name] || []) {
      const accept = el("button", { type: "button", class: "secondary", text: t("accept"), onclick: () => {
        if (input) addToList(input, tag.id);
        else { const box2 = document.querySelector(`#f-themes input[value="${CSS.escape(tag.id)}"]`); if (box2) box2.checked = true; }
        accept.disabled = true;
      } });
      const item = el("div", { class: "proposal" }, el("strong", { text: `${tag.label}` }),
        el("span", { class: "muted", text: ` (${tag.provenance}, ${tag.score})` }), " ", accept);
      for (const ev of tag.evidence || []) item.append(el("blockquote", { text: ev }));
      box.append(item);
    }
}

async function renderEditor() {
  $("search-view").hidden = true;
  $("document-view").hidden = true;
  $("editor-view").hidden = false;
  $("token").value = sessionStorage.getItem(TOKEN_KEY) || $("token").value;
  const tax = await taxonomy(uiLang()).catch(() => null);
  const box = $("f-themes");
  if (tax && !box.querySelector("input")) {
    for (const th of tax.themes)
      box.insertBefore(el("label", { class: "theme-option" }, el("input", { type: "checkbox", value: th.id }), el("span", { text: th.label })),
        $("err-themes"));
  }
}

function wireEditor() {
  $("token-form").addEventListener("submit", (e) => e.preventDefault());
  $("suggest-tags").addEventListener("click", async () => {
    clearErrors();
    const tags = await editorCall(`/api/tag?ui_lang=${uiLang()}`, draft());
    if (tags) renderProposals(tags);
  });
  $("doc-form").addEventListener("submit", async (e) => {
    e.preventDefault();
    clearErrors();
    $("form-status").textContent = t("sending");
    const file = $("f-file").files[0];
    const doc = await editorCall(`/api/documents?ui_lang=${uiLang()}`, draft(), file);
    if (!doc) return;
    $("form-status").replaceChildren(`${t("saved")} `,
      el("a", { id: "saved-link", href: `/?doc=${encodeURIComponent(doc.id)}&ui_lang=${uiLang()}`, text: doc.title }));
    $("doc-form").reset();
    $("suggestions-box").replaceChildren();
  });
}

// ---- Wiring ----

function render() {
  translateStatic();
  const doc = params().get("doc");
  $("editor-view").hidden = true;
  if (params().get("view") === "editor") renderEditor();
  else if (doc) renderDocument(doc);
  else renderSearch();
}

let suggestTimer = null;
function wire() {
  $("search-form").addEventListener("submit", (e) => {
    e.preventDefault();
    const next = withParam("q", $("q").value.trim());
    next.delete("view");
    next.delete("doc");
    go(next);
  });
  $("q").addEventListener("input", () => {
    clearTimeout(suggestTimer);
    const q = $("q").value;
    if (q.trim().length < 2) return;
    suggestTimer = setTimeout(async () => {
      try {
        const s = await api(`/api/suggest?ui_lang=${uiLang()}&q=${encodeURIComponent(q)}`);
        $("suggestions").replaceChildren(...s.suggestions.map((v) => el("option", { value: v })));
      } catch { /* suggestions are optional */ }
    }, 150);
  });
  $("coverage-toggle").addEventListener("click", () =>
    go(withParam("view", params().get("view") === "coverage" ? null : "coverage", { resetPage: false })));
  $("sort").addEventListener("change", () => go(withParam("sort", $("sort").value === "relevance" ? null : $("sort").value)));
  $("ui-lang").addEventListener("change", () => go(withParam("ui_lang", $("ui-lang").value === "en" ? null : $("ui-lang").value, { resetPage: false })));
  window.addEventListener("popstate", render);
  wireEditor();
}

wire();
render();
