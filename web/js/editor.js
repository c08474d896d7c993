// The editor page: token, document form, PDF upload, tag suggestions with evidence.
import { taxonomy } from "./api.js";
import { $, el } from "./dom.js";
import { STRINGS, t, uiLang } from "./i18n.js";
import { Picker } from "./picker.js";

const TOKEN_KEY = "m4d-editor-token";
let countries = null;  // Picker of countries, each primary or mentioned
let targets = null;    // Picker of SDG targets

function clearErrors() {
  for (const node of document.querySelectorAll(".field-error")) node.textContent = "";
  $("form-status").textContent = "";
}

// What is wrong with a field, in the UI language, from the service's code and
// numbers (error.details); its English message when the code is not one we word.
export function fieldMessage(d) {
  const say = STRINGS[uiLang()].fieldErrors;
  switch (d.code) {
    case "required": return say.required;
    case "too_short": return say.tooShort(d.limit, d.got);
    case "too_long": return say.tooLong(d.limit, d.got);
    case "too_many": return say.tooMany(d.limit);
    case "unknown_value": return say.unknown(d.value);
    case "not_utf8": return say.notUtf8;
    case "unreadable_file": return `${say.unreadableFile} (${d.message})`;
    case "not_a_link": return say.notALink;
    default: return d.message;
  }
}

// Shows the service's per-field errors next to their fields ("countries[1]" -> countries).
function showFieldErrors(error) {
  const details = error?.details || [];
  for (const d of details) {
    let base = d.field.split("[")[0].split(".")[0];
    if (base === "mentioned_countries") base = "countries";
    const box = $(`err-${base}`) || $("form-status");
    box.textContent = (box.textContent ? `${box.textContent} ` : "") + fieldMessage(d);
  }
  $("form-status").textContent = details.length ? t("fixErrors") : error?.message || t("error");
}

// A refusal that is not about one field, in plain words.
function statusMessage(status, error) {
  const say = STRINGS[uiLang()].statusErrors;
  if (status === 413) return say.tooLarge;
  if (status === 503 || status === 429) return say.busy;
  if (status === 507) return say.full;
  if (status === 403) return say.readOnly;
  return error?.message || t("error");
}

function draft() {
  const body = { title: $("f-title").value, text: $("f-text").value, type: $("f-type").value };
  if ($("f-lang").value) body.lang = $("f-lang").value;
  const primary = countries.ids("primary");
  if (primary.length) body.countries = primary;
  const mentioned = countries.ids("mentioned");
  if (mentioned.length) body.mentioned_countries = mentioned;
  const themes = [...document.querySelectorAll("#f-themes input:checked")].map((x) => x.value);
  if (themes.length) body.themes = themes;
  const sdg = targets.ids();
  if (sdg.length) body.sdg_targets = sdg;
  const url = $("f-url").value.trim();
  if (url) body.source = { url };
  // Once the editor has seen the suggestions, the ones not accepted are not stored.
  if (reviewed) body.tags_reviewed = true;
  return body;
}

let reviewed = false;  // suggestions were shown for this draft

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
    for (const [k, v] of Object.entries(body)) {
      if (k === "source") for (const [field, value] of Object.entries(v)) form.append(field, value);
      else if (k !== "text") form.append(k, Array.isArray(v) ? v.join(",") : v);
    }
    init.body = form;
  } else {
    init.headers["Content-Type"] = "application/json";
    init.body = JSON.stringify(body);
  }
  const res = await fetch(path, init);
  const json = await res.json().catch(() => null);
  if (res.status === 401) {
    $("form-status").textContent = "";
    $("token-error").textContent = STRINGS[uiLang()].statusErrors.badToken;
    $("token").focus();
    return null;
  }
  if (res.status === 422) {
    showFieldErrors(json?.error);
    return null;
  }
  if (!res.ok) {
    $("form-status").textContent = statusMessage(res.status, json?.error);
    return null;
  }
  return json;
}

// The suggested tags, each with Accept and Reject; only accepted ones are
// stored (tags_reviewed). The list is scrolled into view with focus on its heading.
function renderProposals(tags) {
  const box = $("suggestions-box");
  const heading = el("h2", { id: "proposals-heading", tabindex: "-1", text: t("proposals") });
  const accepts = [];
  const acceptAll = el("button", { type: "button", class: "secondary", text: t("acceptAll"),
    onclick: () => accepts.forEach((b) => !b.disabled && b.click()) });
  box.replaceChildren(heading, el("p", { class: "muted", text: t("reviewHelp") }), el("p", {}, acceptAll));
  const groups = [["sdg_targets", targets], ["countries", countries], ["themes", null]];
  for (const [name, picker] of groups)
    for (const tag of tags[name] || []) {
      const item = el("div", { class: "proposal" });
      const accept = el("button", { type: "button", class: "secondary", text: t("accept"), onclick: () => {
        if (picker) picker.add(tag.id, tag.role, tag.label);  // a country keeps the role suggested
        else { const box2 = document.querySelector(`#f-themes input[value="${CSS.escape(tag.id)}"]`); if (box2) box2.checked = true; }
        accept.disabled = true;
        reject.disabled = true;
        item.classList.add("accepted");
      } });
      const reject = el("button", { type: "button", class: "secondary", text: t("reject"), onclick: () => {
        accept.disabled = true;
        reject.disabled = true;
        item.classList.add("rejected");
      } });
      accepts.push(accept);
      const role = tag.role === "primary" ? t("rolePrimary") : tag.role === "mentioned" ? t("roleMentioned") : "";
      item.append(el("strong", { text: tag.label }), role ? ` (${role}) ` : " ", accept, " ", reject);
      for (const ev of tag.evidence || []) item.append(el("blockquote", { text: ev }));
      box.append(item);
    }
  reviewed = true;
  heading.focus({ preventScroll: true });
  heading.scrollIntoView({ block: "start" });
}

export async function renderEditor() {
  $("search-view").hidden = true;
  $("document-view").hidden = true;
  $("editor-view").hidden = false;
  $("token").value = sessionStorage.getItem(TOKEN_KEY) || $("token").value;
  const tax = await taxonomy(uiLang()).catch(() => null);
  if (tax) {
    countries.setOptions(tax.countries, (c) => `${c.label} (${c.id})`);
    targets.setOptions(tax.goals.flatMap((g) => g.targets), (x) => `${x.id} — ${x.label}`);
  }
  const box = $("f-themes");
  if (tax && !box.querySelector("input")) {
    for (const th of tax.themes)
      box.insertBefore(el("label", { class: "theme-option" }, el("input", { type: "checkbox", value: th.id }), el("span", { text: th.label })),
        $("err-themes"));
  }
}

export function wireEditor() {
  countries = new Picker({ input: "f-countries", datalist: "country-options", list: "f-country-list",
    roles: [["primary", "rolePrimary"], ["mentioned", "roleMentioned"]] });
  targets = new Picker({ input: "f-sdg", datalist: "target-options", list: "f-target-list" });
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
    countries.clear();
    targets.clear();
    $("suggestions-box").replaceChildren();
    reviewed = false;
  });
}

