// A searchable list picker for the editor form: type a name or a code (or
// several, comma-separated), pick from the browser's suggestions (a datalist),
// and the value joins a list where each entry can be removed and, for
// countries, given a role.
import { $, el } from "./dom.js";
import { t } from "./i18n.js";

// Lower case without accents: "Sénégal" and "senegal" are the same name.
const fold = (s) => s.normalize("NFD").replace(/\p{M}/gu, "").toLowerCase().trim();

export class Picker {
  // input, datalist and list are element ids; roles: [[value, label key]] or null.
  constructor({ input, datalist, list, roles = null }) {
    this.input = $(input);
    this.datalist = $(datalist);
    this.list = $(list);
    this.roles = roles;
    this.byName = new Map();  // folded name, code or "name (code)" -> {id, label}
    this.picked = new Map();  // id -> {label, role}
    // A suggestion picked from the list is taken at once (Chrome and Firefox
    // report it as an input without inputType or as a replacement); what is
    // typed is taken with Enter or when the form is sent, never on blur,
    // where the list growing would move the button being clicked.
    this.input.addEventListener("input", (e) => {
      if ((!e.inputType || e.inputType === "insertReplacementText") && this.byName.has(fold(this.input.value)))
        this.takeTyped();
    });
    this.input.addEventListener("keydown", (e) => {
      if (e.key === "Enter") { e.preventDefault(); this.takeTyped(); }
    });
  }

  // The values that can be picked: [{id, label}], shown as "label (id)" or "id — label".
  setOptions(options, display) {
    this.byName.clear();
    const nodes = [];
    for (const o of options) {
      const shown = display(o);
      for (const key of [o.id, o.label, shown]) this.byName.set(fold(key), o);
      nodes.push(el("option", { value: shown }));
    }
    this.datalist.replaceChildren(...nodes);
  }

  // Moves what was typed into the list. A value we do not know is kept as
  // typed, so that the service names it in its answer.
  takeTyped() {
    const whole = this.input.value.trim();
    // A suggestion picked whole may hold commas ("orderly, safe, regular").
    const typed = this.byName.has(fold(whole)) ? [whole] : whole.split(",").map((x) => x.trim()).filter(Boolean);
    for (const value of typed) {
      const known = this.byName.get(fold(value));
      this.add(known ? known.id : value.toUpperCase(), undefined, known?.label ?? value);
    }
    this.input.value = "";
  }

  add(id, role, label) {
    const known = this.byName.get(fold(id));
    const entry = this.picked.get(id) || { label: label ?? known?.label ?? id, role: this.roles?.[0][0] };
    if (role && this.roles?.some(([value]) => value === role)) entry.role = role;
    this.picked.set(id, entry);
    this.render();
  }

  clear() {
    this.picked.clear();
    this.input.value = "";
    this.render();
  }

  // The ids picked, all or those of one role.
  ids(role) {
    this.takeTyped();
    return [...this.picked].filter(([, e]) => !role || e.role === role).map(([id]) => id);
  }

  render() {
    const items = [...this.picked].map(([id, entry]) => {
      const label = entry.label.length > 70 ? `${entry.label.slice(0, 68)}…` : entry.label;
      const name = label === id ? id : `${label} (${id})`;
      const item = el("li", {}, el("span", { text: name }));
      if (this.roles) {
        const select = el("select", { "aria-label": `${t("role")}: ${name}`,
          onchange: () => { entry.role = select.value; } });
        for (const [value, key] of this.roles)
          select.append(el("option", { value, text: t(key), selected: entry.role === value }));
        item.append(" ", select);
      }
      item.append(" ", el("button", { type: "button", class: "secondary", "aria-label": `${t("removeValue")}: ${name}`,
        text: "×", onclick: () => { this.picked.delete(id); this.render(); this.input.focus(); } }));
      return item;
    });
    this.list.replaceChildren(...items);
  }
}
