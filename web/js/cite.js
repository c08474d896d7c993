// "Cite" on a document page: the unit as a reference in RIS, BibTeX and
// CSL-JSON (publication, publisher, year, section, page link), each shown
// with Copy and Download.
import { el } from "./dom.js";
import { t } from "./i18n.js";

// A unit is a part (chapter, text box, case study) of a publication.
function fields(doc, url) {
  return {
    id: doc.id,
    title: doc.title,
    publication: doc.source.publication || "",
    publisher: doc.source.publisher || "",
    year: /^\d{4}$/.test(String(doc.source.year)) ? String(doc.source.year) : "",
    section: doc.source.section_path || "",
    lang: doc.lang,
    url,
  };
}

export function ris(f) {
  const lines = [["TY", "CHAP"], ["TI", f.title], ["T2", f.publication], ["PB", f.publisher], ["PY", f.year],
    ["SE", f.section], ["LA", f.lang], ["UR", f.url], ["ID", f.id], ["ER", ""]];
  return lines.filter(([tag, v]) => v || tag === "ER").map(([tag, v]) => `${tag}  - ${v}`.trimEnd()).join("\r\n") + "\r\n";
}

// BibTeX braces and backslashes escaped; the key from the unit id.
export function bibtex(f) {
  const esc = (s) => s.replace(/[\\{}]/g, (c) => `\\${c}`);
  const entries = [["title", f.title], ["booktitle", f.publication], ["publisher", f.publisher], ["year", f.year],
    ["chapter", f.section], ["language", f.lang], ["url", f.url]].filter(([, v]) => v);
  const key = f.id.replace(/[^A-Za-z0-9_:-]/g, "_");
  return `@incollection{${key},\n${entries.map(([k, v]) => `  ${k} = {${esc(v)}}`).join(",\n")}\n}\n`;
}

export function cslJson(f) {
  const item = { id: f.id, type: "chapter", title: f.title, "container-title": f.publication || undefined,
    publisher: f.publisher || undefined, issued: f.year ? { "date-parts": [[Number(f.year)]] } : undefined,
    section: f.section || undefined, language: f.lang, URL: f.url };
  return JSON.stringify([item], null, 2) + "\n";
}

const FORMATS = [
  ["RIS", ris, "ris", "application/x-research-info-systems"],
  ["BibTeX", bibtex, "bib", "application/x-bibtex"],
  ["CSL-JSON", cslJson, "json", "application/vnd.citationstyles.csl+json"],
];

/// The "Cite" disclosure of document `doc`, whose page is at `url`.
export function citeBox(doc, url) {
  const f = fields(doc, url);
  const box = el("details", { class: "cite" }, el("summary", { text: t("cite") }));
  for (const [name, format, ext, type] of FORMATS) {
    const text = format(f);
    const pre = el("pre", { text });
    const status = el("span", { class: "muted", role: "status" });
    const copy = el("button", { type: "button", class: "secondary", text: `${t("copy")} ${name}`,
      onclick: async () => {
        try {
          await navigator.clipboard.writeText(text);
          status.textContent = t("copied");
        } catch {
          status.textContent = t("copyFailed");
        }
      } });
    const download = el("a", { href: URL.createObjectURL(new Blob([text], { type })), download: `${f.id}.${ext}`,
      text: `${t("download")} .${ext}` });
    box.append(el("h3", { text: name }), pre, el("p", {}, copy, " ", download, " ", status));
  }
  return box;
}
