// The HTTP API (docs/API.md): JSON requests, the taxonomy of each UI language
// (which carries the facet contract: each facet's name, filter parameter and
// query field), cached for the page's life.

export async function api(path) {
  const res = await fetch(path, { headers: { Accept: "application/json" } });
  const body = await res.json().catch(() => null);
  if (!res.ok) throw Object.assign(new Error(body?.error?.message || `${res.status}`), { status: res.status });
  return body;
}

const taxonomyCache = {};
export function taxonomy(lang) {
  if (!taxonomyCache[lang]) taxonomyCache[lang] = api(`/api/taxonomy?ui_lang=${lang}`);
  return taxonomyCache[lang];
}

// The filter parameter of a facet ("sdg_target" -> "sdg"), from the contract.
export const paramOf = (tax, facet) => tax.facets.find((f) => f.name === facet)?.param ?? facet;
// The facet of a filter parameter ("goal" -> "sdg_goal").
export const facetOf = (tax, param) => tax.facets.find((f) => f.param === param)?.name ?? param;
// Every filter parameter, in the contract's order.
export const filterParams = (tax) => tax.facets.map((f) => f.param);
