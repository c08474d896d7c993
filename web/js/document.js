// The document page: the unit's text, its tags with provenance and evidence, similar practices.
import { api } from "./api.js";
import { $, el } from "./dom.js";
import { t, uiLang } from "./i18n.js";
import { documentHref, hitItem } from "./search.js";
import { params, takeNavigationFocus } from "./state.js";

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

export async function renderDocument(id) {
  $("search-view").hidden = true;
  $("document-view").hidden = false;
  const back = params();
  back.delete("doc");
  $("back-link").href = back.toString() ? `/?${back}` : "/";
  $("q").value = back.get("q") || "";  // the search this document was opened from
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
    links.append(el("a", { href: documentHref(rel), text: rel }), " ");
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
  if (takeNavigationFocus()) {
    const h1 = article.querySelector("h1");
    h1.tabIndex = -1;
    h1.focus();
  }
}

