// The document page: the unit's text first, its tags in a side panel (below
// the text on a phone) with their provenance in words and the evidence, then
// similar practices.
import { api, taxonomy } from "./api.js";
import { citeBox } from "./cite.js";
import { $, el } from "./dom.js";
import { STRINGS, t, uiLang } from "./i18n.js";
import { documentHref, filterHref, hitItem } from "./search.js";
import { params, takeNavigationFocus } from "./state.js";

const PROVENANCE = { stated: "provStated", inferred: "provInferred", editor: "provEditor" };
const ROLE = { primary: "rolePrimary", mentioned: "roleMentioned" };
const MAX_EVIDENCE = 280;

// An evidence quote as whole sentences: no stray leading symbols ("↑ ",
// bullets) and, when long, cut after the last sentence that fits.
export function trimEvidence(text) {
  let s = text.replace(/\s+/g, " ").replace(/^[^\p{L}\p{N}"“«(]+/u, "").trim();
  if (s.length <= MAX_EVIDENCE) return s;
  const head = s.slice(0, MAX_EVIDENCE);
  const end = Math.max(head.lastIndexOf(". "), head.lastIndexOf("! "), head.lastIndexOf("? "));
  return end > 60 ? head.slice(0, end + 1) : `${head.slice(0, head.lastIndexOf(" "))}…`;
}

function tagSection(title, param, tags) {
  if (!tags.length) return null;
  const list = el("ul", { class: "tag-list" });
  for (const tag of tags) {
    const words = [t(PROVENANCE[tag.provenance] || "provInferred")];
    if (tag.role) words.push(t(ROLE[tag.role] || "roleMentioned"));
    // SDG targets are long: the id and the start of the text, all of it in the title.
    const shown = tag.label.length > 72 ? `${tag.label.slice(0, 70)}…` : tag.label;
    const li = el("li", {},
      el("a", { href: filterHref(param, tag.id), text: shown, title: `${t("filterBy")}: ${tag.label}` }),
      el("span", { class: `prov prov-${tag.provenance}`, text: words.join(" · ") }));
    if (tag.evidence?.length) {
      const details = el("details", {}, el("summary", { text: t("evidence") }));
      for (const ev of tag.evidence) details.append(el("blockquote", { text: trimEvidence(ev) }));
      li.append(details);
    }
    list.append(li);
  }
  return el("section", {}, el("h2", { text: title }), list);
}

function notFound(article) {
  document.title = `${t("notFound")} — m4d-search`;
  article.replaceChildren(el("h1", { text: t("notFound") }), el("p", {}, el("a", { href: "/", text: t("backToSearch") })));
  $("similar-section").hidden = true;
}

export async function renderDocument(id) {
  $("search-view").hidden = true;
  $("document-view").hidden = false;
  $("similar-section").hidden = false;
  const back = params();
  back.delete("doc");
  $("back-link").href = back.toString() ? `/?${back}` : "/";
  $("q").value = back.get("q") || "";  // the search this document was opened from
  const article = $("document");
  let doc, similar, tax;
  try {
    [doc, similar, tax] = await Promise.all([
      api(`/api/documents/${encodeURIComponent(id)}?ui_lang=${uiLang()}`),
      api(`/api/documents/${encodeURIComponent(id)}/similar`),
      taxonomy(uiLang()),
    ]);
  } catch (e) {
    if (e.status === 404) notFound(article);
    else article.replaceChildren(el("h1", { text: t("error") }), el("p", { text: e.message }));
    $("similar").replaceChildren();
    if (takeNavigationFocus()) article.querySelector("h1")?.focus();
    return;
  }
  document.title = `${doc.title} — m4d-search`;
  const pageUrl = `${location.origin}/?doc=${encodeURIComponent(doc.id)}`;
  const body = el("div", { class: "doc-text", lang: doc.lang, dir: doc.lang === "ar" ? "rtl" : "auto" });
  const sections = doc.sections.length ? doc.sections : [{ heading: "", text: doc.text }];
  for (const s of sections) {
    if (s.heading) body.append(el("h2", { text: s.heading }));
    for (const para of s.text.split("\n\n")) body.append(el("p", { text: para }));
  }
  const links = el("p");
  for (const rel of doc.related_ids || []) links.append(el("a", { href: documentHref(rel), text: rel }), " ");
  const type = tax.types.find((x) => x.id === doc.type)?.label ?? doc.type.replace("_", " ");
  // The service accepts http(s) links only; checked again before it becomes an href.
  const sourceLink = /^https?:\/\//i.test(doc.source.url || "")
    ? el("a", { id: "source-link", href: doc.source.url, rel: "external noopener noreferrer", text: t("readPublication") })
    : "";
  const langName = new Intl.DisplayNames([uiLang()], { type: "language" }).of(doc.lang) ?? doc.lang;
  const aside = el("aside", { class: "doc-tags", "aria-labelledby": "doc-tags-heading" },
    el("h2", { id: "doc-tags-heading", class: "visually-hidden", text: t("tags") }),
    tagSection(t("themes"), "theme", doc.themes) || "",
    tagSection(t("countries"), "country", doc.countries) || "",
    tagSection(t("targets"), "sdg", doc.sdg_targets) || "");
  article.replaceChildren(
    el("h1", { text: doc.title, tabindex: "-1" }),
    el("p", { class: "muted" }, el("span", { class: "badge", text: type }),
      `${t("source")}: ${[doc.source.publication, doc.source.year, doc.source.section_path].filter(Boolean).join(" · ")}`,
      sourceLink ? " · " : "", sourceLink),
    doc.lang !== uiLang() ? el("p", { class: "muted", text: STRINGS[uiLang()].docLang(langName) }) : "",
    links,
    el("div", { class: "doc-layout" }, body, aside),
    citeBox(doc, pageUrl),
    // On paper, where the sheet comes from.
    el("p", { class: "print-only muted", text: `${t("pageLink")}: ${pageUrl}` }));
  $("similar").replaceChildren(...similar.hits.map((h) => hitItem(h, tax, 3)));
  if (takeNavigationFocus()) article.querySelector("h1").focus();
}
