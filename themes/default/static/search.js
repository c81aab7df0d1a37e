// The search page (/recherche/): French wording for Pagefind's Component UI, and the
// query and filters kept in the URL (?q=jardin&departement=Pas-de-Calais) so that a
// search can be shared, reloaded, and walked back with the browser's back button.
const root = document.querySelector("[data-search]");
const components = window.PagefindComponents;

if (root && components) {
  // URL parameter -> Pagefind filter name, e.g. "mot-cle" -> "mot-clé" (from generator/urls.py).
  const filterOfParameter = JSON.parse(root.dataset.parameters);
  const parameterOfFilter = Object.fromEntries(
    Object.entries(filterOfParameter).map(([parameter, name]) => [name, parameter]),
  );
  const instance = components.getInstanceManager().getInstance("default");

  instance.setTranslations({
    placeholder: "Rechercher",
    clear_search: "Effacer",
    search_label: "Rechercher une initiative, un centre",
    filters_label: "Filtres",
    zero_results: "Aucun résultat pour « [SEARCH_TERM] »",
    one_result: "1 résultat pour « [SEARCH_TERM] »",
    many_results: "[COUNT] résultats pour « [SEARCH_TERM] »",
    total_zero_results: "Aucun résultat",
    total_one_result: "1 résultat",
    total_many_results: "[COUNT] résultats",
    searching: "Recherche de « [SEARCH_TERM] »…",
    results_label: "Résultats de la recherche",
    error_search: "La recherche a échoué",
    input_hint: "Les résultats s’affichent pendant la saisie",
    filter_selected_one: "[COUNT] choisi",
    filter_selected_many: "[COUNT] choisis",
    loading: "Chargement",
  });

  const hasFilters = (filters) => Object.values(filters || {}).some((values) => values && values.length);
  const filtersKey = (filters) =>
    JSON.stringify(Object.entries(filters || {}).filter(([, values]) => values && values.length).sort());

  const stateOfUrl = () => {
    const parameters = new URLSearchParams(window.location.search);
    const filters = {};
    for (const [parameter, name] of Object.entries(filterOfParameter)) {
      const values = parameters.getAll(parameter).filter((value) => value);
      if (values.length) filters[name] = values;
    }
    return { term: (parameters.get("q") || "").trim(), filters };
  };

  const urlOfState = (term, filters) => {
    const parameters = new URLSearchParams();
    if (term) parameters.set("q", term);
    for (const [name, values] of Object.entries(filters || {})) {
      for (const value of values || []) parameters.append(parameterOfFilter[name] || name, value);
    }
    const query = parameters.toString();
    return window.location.pathname + (query ? `?${query}` : "");
  };

  // Every search, whoever started it (typing, a ticked filter, the URL), passes here first.
  instance.on("search", (term, filters) => {
    // Faceted mode lists pages with no search term: wanted when filters are ticked
    // (a term page's « Rechercher parmi ces actions »), not for an empty search.
    instance.faceted = hasFilters(filters);
    const url = urlOfState((term || "").trim(), filters);
    const current = window.location.pathname + window.location.search;
    if (url === current) return;
    // A new history entry when the filters change; typing only rewrites the current one.
    if (filtersKey(filters) !== filtersKey(stateOfUrl().filters)) window.history.pushState(null, "", url);
    else window.history.replaceState(null, "", url);
  });

  // Pagefind counts nothing as the « total » of a search without a term, so a ticked filter
  // would show 0 beside it: the counts of the whole index (the first ones Pagefind sends,
  // when it loads) are the right totals then.
  let indexTotals = null;
  const pane = root.querySelector("pagefind-filter-pane");
  instance.on("filters", ({ total }) => {
    if (!indexTotals) {
      indexTotals = JSON.parse(JSON.stringify(total || {}));
      return;
    }
    if (instance.searchTerm || !total || !hasFilters(instance.searchFilters)) return;
    for (const [name, counts] of Object.entries(indexTotals)) total[name] = { ...counts };
    pane?.update?.(); // the pane keeps this very object: redraw its counts
  });

  const searchFromUrl = () => {
    const { term, filters } = stateOfUrl();
    instance.triggerSearchWithFilters(term, filters);
  };

  // Opening the page loads the index at once, so the filters show with their counts. The
  // first search waits for it: a faceted instance that finishes loading before any search
  // has run starts an empty one of its own, which would replace the search in the URL.
  window.addEventListener("popstate", searchFromUrl);
  instance.triggerLoad().then(searchFromUrl);
}
