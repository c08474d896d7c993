// The page state lives in the URL query string, with the API's parameter names.

export const params = () => new URLSearchParams(location.search);

let renderPage = () => {};
// Sets the function that renders the current URL (called after each navigation).
export function onNavigate(render) {
  renderPage = render;
}

let navigated = false;
// Navigates to a new state (pushState) and renders it; the page then moves
// focus to what changed (see takeNavigationFocus).
export function go(next) {
  const qs = next.toString();
  history.pushState(null, "", qs ? `/?${qs}` : "/");
  navigated = true;
  renderPage();
}

// True once after go(): the render it caused should move focus (a first
// load or back/forward leaves focus where the browser puts it).
export function takeNavigationFocus() {
  const was = navigated;
  navigated = false;
  return was;
}

export function withParam(name, value, { toggle = false, resetPage = true } = {}) {
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
