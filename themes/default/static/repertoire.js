// The répertoire (/centres/): filters as you type or choose, without leaving the page.
// Without JavaScript the form stays hidden and the whole répertoire is listed.
// The filters live in the URL (?q=empalot&departement=31-haute-garonne&type=…): a filtered
// répertoire can be shared and reloaded.
const form = document.querySelector("[data-directory-filter]");
if (form) start(form);

function start(form) {
  const groups = [...document.querySelectorAll(".directory-group")];
  const items = groups.flatMap((group) => [...group.querySelectorAll("li[data-text]")]
    .map((item) => ({ item, group, text: fold(item.dataset.text), kind: item.dataset.kind })));
  const count = form.querySelector(".directory-count");
  const empty = document.querySelector("[data-directory-empty]");
  const toc = document.querySelector(".toc");
  const { q, departement, type } = form.elements;

  const parameters = new URLSearchParams(window.location.search);
  q.value = parameters.get("q") || "";
  departement.value = parameters.get("departement") || "";
  type.value = parameters.get("type") || "";
  form.hidden = false;

  const apply = () => {
    const words = fold(q.value).split(/\s+/).filter(Boolean);
    let shown = 0;
    for (const entry of items) {
      const visible = (!departement.value || entry.group.dataset.department === departement.value)
        && (!type.value || entry.kind === type.value)
        && words.every((word) => entry.text.includes(word));
      entry.item.hidden = !visible;
      shown += visible;
    }
    for (const group of groups) group.hidden = !group.querySelector("li[data-text]:not([hidden])");
    const filtered = words.length || departement.value || type.value;
    if (toc) toc.hidden = Boolean(filtered);
    empty.hidden = shown > 0;
    count.textContent = filtered ? `${shown} structure${shown > 1 ? "s" : ""} sur ${items.length}` : "";
    const next = new URLSearchParams();
    if (q.value.trim()) next.set("q", q.value.trim());
    if (departement.value) next.set("departement", departement.value);
    if (type.value) next.set("type", type.value);
    const query = next.toString();
    window.history.replaceState(null, "", window.location.pathname + (query ? `?${query}` : ""));
  };

  form.addEventListener("input", apply);
  form.addEventListener("submit", (event) => event.preventDefault());
  apply();
}

// Case, accents and apostrophes aside: « saint-medard » finds « Saint-Médard ».
function fold(text) {
  return text.normalize("NFD").replace(/\p{Diacritic}/gu, "").replace(/[’']/g, " ").toLowerCase();
}
