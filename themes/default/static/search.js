// The search page (/recherche/): the page's own form, searched with Pagefind's JavaScript API.
// The filters are listed in the page by the build with the whole site's counts, so opening it
// loads nothing of the index; the first query loads the index chunks it needs, then the filter data
// of the facets open, and from then on each of their values shows how many of the current results it has.
// Results follow the typing; the query and filters live in the URL (?q=jardin&departement=Nord):
// a search can be shared and reloaded, and Back walks the filters ticked, not the keystrokes.
const PAGE_SIZE = 10; // results shown at first, and added by « Afficher plus de résultats »
const DEBOUNCE_MS = 200; // a pause in typing that runs the search
const ANNOUNCE_MS = 1000; // a longer pause before the count is read out to screen readers
const count = new Intl.NumberFormat("fr-FR");
const UNAVAILABLE = "La recherche n’est pas disponible pour le moment\u00a0: rechargez la page.";

const root = document.querySelector("[data-search]");
if (root) start(root);

async function start(root) {
  const form = root.querySelector(".search-form");
  const input = form.elements.q;
  const summary = root.querySelector(".search-summary");
  const list = root.querySelector(".search-results");
  const more = root.querySelector(".search-more");
  const boxes = [...form.querySelectorAll('input[type="checkbox"]')];
  const refine = root.querySelector("[data-refine]");
  const active = root.querySelector("[data-active]");
  const announcer = root.querySelector("[data-announce]");
  const phone = window.matchMedia("(max-width: 52rem)");
  formFromUrl(input, boxes);
  showActive(boxes, active);
  // On a phone the filters would push the results a screen down: they fold into « Affiner », and
  // inside it only the filters in use stay unfolded. Done before the form shows: nothing moves after.
  if (phone.matches) {
    refine.open = false;
    for (const facet of root.querySelectorAll(".search-facet")) facet.open = Boolean(facet.querySelector(":checked"));
  }
  root.hidden = false;

  // The index comes in shards (a bounded Pagefind bundle each), newest pages first: the first is
  // Pagefind's own instance, the others are merged into it. Pagefind orders merged results by score,
  // keeping each shard's order among equals: searches sorted by date (no score) come out newest first.
  const shards = root.dataset.shards.split(" ").filter(Boolean);
  let pagefind;
  try {
    if (!shards.length) throw new Error("no search index");
    pagefind = await import(`${shards[0]}pagefind.js`);
    // No web worker: it would be one more file (12 kB) on the first query, for searches that take
    // milliseconds on the indexes of a federation.
    await pagefind.options({ excerptLength: 24, noWorker: true });
  } catch (error) {
    summary.textContent = UNAVAILABLE;
    return;
  }
  // The other shards are merged at the first query, which loads the index anyway.
  let merged = null;
  const loaded = () => (merged ||= Promise.all(
    shards.slice(1).map((shard) => pagefind.mergeIndex(shard, { excerptLength: 24 }))));

  const filtersOfForm = () => {
    const filters = {};
    for (const box of boxes) if (box.checked) (filters[box.dataset.filter] ||= []).push(box.value);
    return filters;
  };

  const urlOfForm = () => {
    const parameters = new URLSearchParams();
    const term = input.value.trim();
    if (term) parameters.set("q", term);
    for (const box of boxes) if (box.checked) parameters.append(box.name, box.value);
    const query = parameters.toString();
    return window.location.pathname + (query ? `?${query}` : "");
  };

  // A new history entry when the filters change; typing only rewrites the current one.
  const remember = (newEntry) => {
    const url = urlOfForm();
    if (url === window.location.pathname + window.location.search) return;
    if (newEntry) window.history.pushState(null, "", url);
    else window.history.replaceState(null, "", url);
  };

  let results = [];
  let shown = 0;
  let generation = 0; // a newer search makes the answers of older ones moot

  const showMore = async (current) => {
    const batch = results.slice(shown, shown + PAGE_SIZE);
    const pages = await Promise.all(batch.map((result) => result.data()));
    if (current !== generation) return;
    list.append(...pages.map(resultItem));
    shown += batch.length;
    more.hidden = shown >= results.length;
  };

  // Each value's count: the whole site's before any search (written by the build), then the current
  // results' once Pagefind's filter data is loaded; a count not known yet is not shown.
  const showCounts = (counts) => {
    for (const box of boxes) {
      const group = counts === null ? null : counts[box.dataset.filter];
      const label = box.closest(".search-choice");
      const known = counts === null || group !== undefined;
      const n = counts === null ? Number(box.dataset.count) : group?.[box.value] ?? 0;
      label.querySelector(".search-count").replaceChildren(
        ...(known ? [hidden("("), count.format(n), hidden(` ${n > 1 ? "résultats" : "résultat"})`)] : []));
      label.classList.toggle("is-none", known && n === 0 && !box.checked);
    }
    showActive(boxes, active);
  };

  let announceTimer = null;
  const announce = (text, delay) => {
    clearTimeout(announceTimer);
    announceTimer = setTimeout(() => { announcer.textContent = text; }, delay);
  };

  // Pagefind's filter data gives the counts, one file per filter and shard (280 kB for all nine at
  // 10,000 actions): a facet's is loaded once the facet can be seen — open, beside the results or, on a
  // phone, inside an open « Affiner » — after the results. Département alone is open at first.
  const facets = [...root.querySelectorAll(".search-facet")].map((facet) => {
    const box = facet.querySelector('input[type="checkbox"]');
    return { facet, name: box?.dataset.filter, value: box?.value };
  });
  const counted = new Set(); // the filters whose data is loaded, or loading
  let lastQuery = null;
  const refreshCounts = async (current) => {
    if (!lastQuery || (phone.matches && !refine.open)) return;
    const wanted = facets.filter(({ facet, name }) => name && facet.open && !counted.has(name));
    if (!wanted.length) return;
    for (const { name } of wanted) counted.add(name);
    await loaded();
    // Preloading a search on one of its values loads that filter's data, and only it.
    await Promise.all(wanted.map(({ name, value }) => pagefind.preload(null, { filters: { [name]: { any: [value] } } })));
    const again = await pagefind.search(...lastQuery); // the index chunks are loaded: only the counts change
    if (current === generation && again) showCounts(again.filters);
  };

  const search = async (deliberate) => {
    const current = ++generation;
    const term = input.value.trim();
    const filters = filtersOfForm();
    if (!term && !Object.keys(filters).length) {
      results = [];
      lastQuery = null;
      list.replaceChildren();
      list.removeAttribute("aria-busy");
      more.hidden = true;
      summary.textContent = "Tapez un mot ou choisissez un filtre.";
      showCounts(null);
      announce("", 0);
      return;
    }
    summary.textContent = term ? `Recherche de «\u00a0${term}\u00a0»…` : "Recherche…";
    list.setAttribute("aria-busy", "true");
    // Several values of one filter widen the search (any of them); different filters narrow it.
    const anyOf = Object.fromEntries(Object.entries(filters).map(([name, values]) => [name, { any: values }]));
    // Without a term, pages have no score: newest first.
    lastQuery = [term || null, { filters: anyOf, sort: term ? {} : { date: "desc" } }];
    let found;
    try {
      await loaded();
      found = await pagefind.search(...lastQuery);
    } catch (error) {
      if (current === generation) summary.textContent = UNAVAILABLE;
      list.removeAttribute("aria-busy");
      return;
    }
    if (current !== generation || !found) return;
    results = found.results;
    shown = 0;
    list.replaceChildren();
    summary.textContent = summaryOf(results.length, term);
    showCounts(found.filters); // the filters whose data is loaded; the others show no count yet
    announce(summary.textContent, deliberate ? 0 : ANNOUNCE_MS);
    await showMore(current);
    if (current === generation) list.removeAttribute("aria-busy");
    await refreshCounts(current);
  };

  let timer = null;
  input.addEventListener("input", () => {
    clearTimeout(timer);
    timer = setTimeout(() => {
      remember(false);
      search(false);
    }, DEBOUNCE_MS);
  });
  form.addEventListener("change", (event) => {
    if (event.target.type !== "checkbox") return;
    remember(true);
    search(true);
  });
  form.addEventListener("submit", (event) => {
    event.preventDefault();
    clearTimeout(timer);
    remember(false);
    search(true);
  });
  more.addEventListener("click", () => showMore(generation));
  refine.addEventListener("toggle", () => refreshCounts(generation));
  for (const { facet } of facets) facet.addEventListener("toggle", () => refreshCounts(generation));
  window.addEventListener("popstate", () => {
    formFromUrl(input, boxes);
    search(true);
  });

  // A filter ticked while Pagefind was loading (before the listeners above): the URL follows it too.
  remember(false);
  search(true);
}

// « Affiner (2 filtres actifs) »: the folded filters say what they hold.
function showActive(boxes, active) {
  const ticked = boxes.filter((box) => box.checked).length;
  active.textContent = ticked ? ` (${ticked} filtre${ticked > 1 ? "s" : ""} actif${ticked > 1 ? "s" : ""})` : "";
}

function formFromUrl(input, boxes) {
  const parameters = new URLSearchParams(window.location.search);
  input.value = parameters.get("q") || "";
  for (const box of boxes) box.checked = parameters.getAll(box.name).includes(box.value);
}

function summaryOf(total, term) {
  const results = total === 0 ? "Aucun résultat" : total === 1 ? "1 résultat" : `${count.format(total)} résultats`;
  return term ? `${results} pour «\u00a0${term}\u00a0»` : results;
}

function resultItem(page) {
  const meta = page.meta || {};
  const item = element("li", "search-result");
  const title = item.appendChild(element("h3", "search-result-title"));
  const link = title.appendChild(element("a"));
  link.href = meta.url || page.url;
  link.textContent = meta.title || page.url;
  const details = [meta.centre, meta.department, meta.date].filter(Boolean);
  if (details.length) {
    const line = item.appendChild(element("p", "search-result-meta"));
    for (const detail of details) line.appendChild(element("span")).textContent = detail;
  }
  const text = item.appendChild(element("p", "search-result-summary"));
  if (meta.summary) text.textContent = truncate(meta.summary, 240);
  else text.innerHTML = page.excerpt; // Pagefind's excerpt: the page's escaped text with <mark> around matches
  return item;
}

function truncate(text, length) {
  return text.length <= length ? text : `${text.slice(0, length - 1).trimEnd()}…`;
}

function hidden(text) {
  const span = element("span", "visually-hidden");
  span.textContent = text;
  return span;
}

function element(name, className) {
  const made = document.createElement(name);
  if (className) made.className = className;
  return made;
}
