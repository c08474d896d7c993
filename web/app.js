// m4d-search web UI, the entry module: routes the URL to the search,
// document or editor page and wires the page's controls. The whole state
// lives in the URL query string, with the API's parameter names; nothing
// from the API is inserted as HTML except the service's escaped snippet
// markup (<mark>).
import { api } from "./js/api.js";
import { renderDocument } from "./js/document.js";
import { $, el } from "./js/dom.js";
import { renderEditor, wireEditor } from "./js/editor.js";
import { translateStatic, uiLang } from "./js/i18n.js";
import { renderSearch } from "./js/search.js";
import { go, onNavigate, params, withParam } from "./js/state.js";


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
    next.delete("correct");  // a new search is corrected again when needed
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
  // The filters drawer on a phone: open or closed, not part of the search state.
  $("filters-toggle").addEventListener("click", () => {
    const open = document.body.classList.toggle("filters-open");
    $("filters-toggle").setAttribute("aria-expanded", String(open));
    if (open) $("facets").querySelector("input, button")?.focus();
  });
  $("coverage-toggle").addEventListener("click", () =>
    go(withParam("view", params().get("view") === "coverage" ? null : "coverage", { resetPage: false })));
  $("sort").addEventListener("change", () => go(withParam("sort", $("sort").value === "relevance" ? null : $("sort").value)));
  $("ui-lang").addEventListener("change", () => go(withParam("ui_lang", $("ui-lang").value === "en" ? null : $("ui-lang").value, { resetPage: false })));
  window.addEventListener("popstate", render);
  wireEditor();
}

onNavigate(render);
wire();
render();
